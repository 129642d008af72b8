// A static evaluator for module-level Python: literals, paths, imports, list edits and known Django calls; never runs code.

import type { Arg, Expr, Stmt } from './ast';
import { dottedName, stmtExprs, walkExpr, walkStmts } from './ast';
import type { ModuleResolver, ParseCache } from './modules';
import { absoluteModule, isPackageFile } from './modules';
import { parsePython } from './parse';
import { dirname, joinPath, normalizePath } from '../fs';

export type Value =
  | { t: 'str'; v: string; expr?: Expr }
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  /** A list or tuple. `open` means it may hold items we could not see. */
  | { t: 'list'; items: Value[]; open: boolean; tuple?: boolean }
  | { t: 'dict'; map: Map<string, Value>; open: boolean }
  | { t: 'path'; v: string }
  | { t: 'module'; name: string }
  /** A name imported from a module, not yet looked at (evaluated lazily, since most are never needed). */
  | { t: 'ref'; module: string; attr: string }
  /** A function or class defined in a module we read. */
  | { t: 'def'; module: string; file: string; stmt: Stmt & { kind: 'def' | 'class' } }
  /** A class-based view: `Cls.as_view(**initkwargs)`. */
  | { t: 'asview'; cls: Value; initkwargs: Map<string, Value>; expr: Expr }
  /** Values made by hooks (URL patterns and includes); opaque to the evaluator. */
  | { t: 'hook'; kind: string; data: unknown }
  | { t: 'unknown'; why?: string };

const UNKNOWN: Value = { t: 'unknown' };

/**
 * Thrown by the evaluator or a hook for a statement it cannot follow: the statement is skipped and the scope
 * stays as it was. The only error a statement's evaluation may end with; anything else is a bug.
 */
export class CannotEvaluate extends Error {}

type DefValue = Value & { t: 'def' };

/** An instance of a workspace class being set up (django-configurations instantiates the chosen class). */
interface Instance {
  cls: DefValue;
  attrs: Map<string, Value>;
}

/** Calls of workspace functions and methods evaluated at most, per evaluator (a bound on work, not a rule). */
const MAX_CALLS = 200;

/** Nested calls of workspace functions followed at most (helpers calling helpers); deeper is unknown. */
const MAX_DEPTH = 4;

/** Items of a literal list a `for` loop is run over, one by one; longer lists are not followed. */
const MAX_LOOP = 100;

/** django-configurations' base class, by the names it is imported under. */
const CONFIGURATION_BASES = new Set(['configurations.Configuration', 'configurations.base.Configuration']);

export function isClassDef(v: Value): v is DefValue {
  return v.t === 'def' && v.stmt.kind === 'class';
}

function isFunctionDef(v: Value): v is DefValue {
  return v.t === 'def' && v.stmt.kind === 'def';
}

/** Bases known to define no settings: django-configurations' Configuration (its settings are Django's defaults). */
function isEmptyBase(v: Value): boolean {
  return v.t === 'ref' && CONFIGURATION_BASES.has(v.module + '.' + v.attr);
}

function classKey(v: Value): unknown {
  if (v.t === 'def') return v.stmt;
  if (v.t === 'ref') return 'ref:' + v.module + '.' + v.attr;
  return v;
}

/** Django reads only uppercase names as settings. */
function isSettingName(n: string): boolean {
  return n === n.toUpperCase() && /^[A-Z]/.test(n);
}

/** Lets a caller give meaning to calls of particular functions (for example `django.urls.path`). */
export type CallHook = (
  qualname: string,
  args: { positional: Value[]; keywords: Map<string, Value>; raw: Arg[]; hasStar: boolean },
  call: Expr & { kind: 'call' },
  ctx: HookContext,
) => Value | undefined;

/** Where a hooked call happens: the module, the evaluator, and for method calls on hook values the object. */
export interface HookContext {
  module: string;
  file: string;
  ev: Evaluator;
  /** The called value, when it is one the evaluator knows (a workspace class being instantiated...). */
  func?: Value;
}

/**
 * The data of a hook value may answer attribute reads and method calls itself: an admin site's
 * `.register(...)`, a router's `.urls`. Undefined means "not understood" (the evaluator's default applies).
 * Every hook's data passes for one, so a caller checks that the method it wants is a function.
 */
export interface HookObject {
  getAttr?(attr: string, ctx: HookContext): Value | undefined;
  callMethod?(attr: string, args: { positional: Value[]; keywords: Map<string, Value>; raw: Arg[]; hasStar: boolean }, call: Expr & { kind: 'call' }, ctx: HookContext): Value | undefined;
  /** A decorator made by a hooked call (`@admin.register(M)`): what the decorated def or class becomes. */
  decorate?(v: Value, stmt: Stmt & { kind: 'def' | 'class' }, ctx: HookContext): Value;
  /** The hook value called as a function (`super()` bound by a caller, a factory). */
  call?(args: { positional: Value[]; keywords: Map<string, Value>; raw: Arg[]; hasStar: boolean }, call: Expr & { kind: 'call' }, ctx: HookContext): Value | undefined;
}

export function hookObject(v: Value): HookObject | undefined {
  return v.t === 'hook' && typeof v.data === 'object' && v.data !== null ? (v.data as HookObject) : undefined;
}

/** Names that star imports from some external modules bind (we do not read Django's own sources for these). */
const KNOWN_EXPORTS: Record<string, string[]> = {
  'django.urls': ['path', 're_path', 'include', 'reverse', 'reverse_lazy', 'register_converter', 'resolve'],
  'django.conf.urls': ['url', 'include', 'handler400', 'handler403', 'handler404', 'handler500'],
};

/** Known aliases: every spelling Django accepts for the functions the model understands. */
export const CANONICAL: Record<string, string> = {
  'django.urls.path': 'path',
  'django.urls.conf.path': 'path',
  'django.urls.re_path': 're_path',
  'django.urls.conf.re_path': 're_path',
  'django.conf.urls.url': 're_path',
  'django.urls.include': 'include',
  'django.urls.conf.include': 'include',
  'django.conf.urls.include': 'include',
  'django.conf.urls.i18n.i18n_patterns': 'i18n_patterns',
  'django.urls.URLResolver': 'URLResolver',
  'django.urls.resolvers.URLResolver': 'URLResolver',
  'django.urls.LocalePrefixPattern': 'LocalePrefixPattern',
  'django.urls.resolvers.LocalePrefixPattern': 'LocalePrefixPattern',
  'django.conf.urls.static.static': 'static',
  'django.contrib.staticfiles.urls.staticfiles_urlpatterns': 'static',
  'django.urls.register_converter': 'register_converter',
  'django.urls.converters.register_converter': 'register_converter',
};

export interface ModuleEval {
  module: string;
  file: string;
  scope: Map<string, Value>;
}

/**
 * Evaluates modules once each (memoised by dotted name), following imports lazily. One evaluator serves one
 * project, since module resolution depends on the project's roots.
 */
export class Evaluator {
  private readonly done = new Map<string, ModuleEval | null>();
  private readonly inProgress = new Set<string>();
  /** Files whose contents were read for this evaluation: the project must be rebuilt when one changes. */
  readonly filesRead = new Set<string>();
  /** The project's settings module, which `django.conf.settings` stands for. */
  settingsModule?: string;

  constructor(
    readonly cache: ParseCache,
    readonly resolver: ModuleResolver,
    private readonly hook?: CallHook,
    /** Extra top-level names, e.g. `__file__`, are set automatically; these are added for every module. */
  ) {}

  /** Evaluates a module by dotted name; undefined when it cannot be found or is being evaluated (a cycle). */
  evalModule(name: string): ModuleEval | undefined {
    const hit = this.done.get(name);
    if (hit !== undefined) return hit ?? undefined;
    if (this.inProgress.has(name)) return undefined;
    const mf = this.resolver.resolve(name);
    if (!mf || !mf.file) {
      this.done.set(name, null);
      return undefined;
    }
    return this.evalFile(name, mf.file);
  }

  /** Evaluates a module from a file, or from `text` standing in for a module we know but cannot read. */
  evalFile(name: string, file: string, text?: string): ModuleEval | undefined {
    const parsed = text !== undefined ? { file, text, module: parsePython(text) } : this.cache.getPython(file);
    if (text === undefined) this.filesRead.add(file);
    if (!parsed) {
      this.done.set(name, null);
      return undefined;
    }
    this.inProgress.add(name);
    const scope = new Map<string, Value>();
    scope.set('__file__', { t: 'str', v: file });
    scope.set('__name__', { t: 'str', v: name });
    const ev: ModuleEval = { module: name, file, scope };
    try {
      new Frame(this, ev, isPackageFile(file), this.hook).run(parsed.module.body, false);
    } finally {
      this.inProgress.delete(name);
    }
    this.done.set(name, ev);
    return ev;
  }

  /**
   * Looks up `attr` of module `module`: a name bound at its top level (read only for workspace modules, so the
   * standard library and site-packages are never evaluated wholesale), else a submodule, else a lazy reference.
   */
  moduleAttr(module: string, attr: string): Value {
    // `from django.conf import settings` is the project's settings module, which we read ourselves.
    if (module === 'django.conf' && attr === 'settings' && this.settingsModule && !this.inProgress.has(this.settingsModule)) return { t: 'module', name: this.settingsModule };
    const mf = this.resolver.resolve(module);
    if (mf?.inWorkspace && mf.file) {
      const v = this.evalModule(module)?.scope.get(attr);
      if (v) return v;
    }
    const sub = module + '.' + attr;
    if (this.resolver.resolve(sub)) return { t: 'module', name: sub };
    // A workspace module that does not bind the name stays a reference, so view-missing can judge it.
    return { t: 'ref', module, attr };
  }

  /** Turns a lazy reference into what it refers to, when it lies in the workspace. */
  deref(v: Value, depth = 0): Value {
    if (v.t !== 'ref' || depth > 10) return v;
    const inner = this.moduleAttr(v.module, v.attr);
    if (inner.t === 'ref') return inner.module === v.module && inner.attr === v.attr ? v : this.deref(inner, depth + 1);
    return inner.t === 'unknown' ? v : inner;
  }

  /** The module each class and function statement was defined in: class bodies are evaluated lazily there. */
  readonly homes = new WeakMap<Stmt, ModuleEval>();
  private readonly namespaces = new Map<Stmt, Map<string, Value> | null>();
  private readonly mros = new Map<Stmt, Value[] | null>();

  /**
   * The namespace a class body builds (its own attributes, not its bases'), evaluated on first use in the module
   * that defines it. Undefined while it is being built (a class whose body reads itself) or when unknown.
   */
  classNamespace(cls: DefValue): Map<string, Value> | undefined {
    const hit = this.namespaces.get(cls.stmt);
    if (hit !== undefined) return hit ?? undefined;
    const home = this.homes.get(cls.stmt);
    if (!home) return undefined;
    this.namespaces.set(cls.stmt, null);
    const ns = new Map<string, Value>();
    const frame = new Frame(this, home, isPackageFile(home.file), this.hook, ns);
    frame.lazyNames = true;
    frame.run(cls.stmt.body, false);
    this.namespaces.set(cls.stmt, ns);
    return ns;
  }

  /** A class's bases as values: classes defined in the workspace, or what else they are (references, unknown). */
  private classBases(cls: DefValue): Value[] {
    const home = this.homes.get(cls.stmt);
    if (!home) return [{ t: 'unknown', why: `the bases of ${cls.stmt.name} are not known` }];
    const frame = new Frame(this, home, isPackageFile(home.file), this.hook);
    const out: Value[] = [];
    for (const b of (cls.stmt as Stmt & { kind: 'class' }).bases) {
      if (b.name || b.star) continue;
      if (b.value.kind === 'name' && b.value.id === 'object') continue;
      const v = frame.expr(b.value);
      out.push(v.t === 'ref' ? this.deref(v) : v);
    }
    return out;
  }

  /**
   * The method resolution order (C3, as Python computes it) of a class: workspace classes, then bases we cannot
   * read as opaque entries. Undefined when Python would refuse the hierarchy or it is too deep to follow.
   */
  classMro(cls: DefValue, depth = 0): Value[] | undefined {
    const hit = this.mros.get(cls.stmt);
    if (hit !== undefined) return hit ?? undefined;
    if (depth > 30) return undefined;
    this.mros.set(cls.stmt, null);
    const bases = this.classBases(cls);
    const seqs: Value[][] = [];
    for (const b of bases) {
      if (isClassDef(b)) {
        const m = this.classMro(b, depth + 1);
        if (!m) return undefined;
        seqs.push([...m]);
      } else seqs.push([b]);
    }
    seqs.push([...bases]);
    const out: Value[] = [cls];
    for (;;) {
      const live = seqs.filter((q) => q.length);
      if (!live.length) break;
      const head = live.map((q) => q[0]).find((h) => !live.some((q) => q.slice(1).some((x) => classKey(x) === classKey(h))));
      if (!head) return undefined;
      out.push(head);
      for (const q of live) if (classKey(q[0]) === classKey(head)) q.shift();
    }
    this.mros.set(cls.stmt, out);
    return out;
  }

  /**
   * Looks an attribute up a class's MRO. Undefined when no class in it defines the name (as far as we can
   * know: a base we cannot read makes the answer unknown rather than absent).
   */
  classAttr(cls: DefValue, name: string): Value | undefined {
    const mro = this.classMro(cls);
    if (!mro) return { t: 'unknown', why: `the bases of ${cls.stmt.name} could not be ordered` };
    for (const k of mro) {
      if (isClassDef(k)) {
        const ns = this.classNamespace(k);
        if (!ns) return { t: 'unknown', why: `class ${k.stmt.name} could not be read` };
        const v = ns.get(name);
        if (v) return v.t === 'ref' ? this.deref(v) : v;
        continue;
      }
      if (isEmptyBase(k)) continue;
      return { t: 'unknown', why: `${name} may come from base class ${this.qualname(k) ?? '(unknown)'}` };
    }
    return undefined;
  }

  /**
   * A classmethod or staticmethod that a workspace class along the MRO defines, when classes we cannot read
   * (library mixins such as django-tables2's) come before it. Taking the project's own definition is a guess,
   * made only for methods declared as class-level (an alternative constructor such as `get_urls`): a library
   * mixin overriding the project's own classmethod of the same name is not something projects are built around.
   */
  classMethodBehindLibraries(cls: DefValue, name: string): Value | undefined {
    for (const k of this.classMro(cls) ?? []) {
      if (!isClassDef(k)) continue;
      const ns = this.classNamespace(k);
      if (!ns) return undefined;
      const found = ns.get(name);
      if (!found) continue;
      const v = found.t === 'ref' ? this.deref(found) : found;
      if (!isFunctionDef(v)) return undefined;
      const ds = (v.stmt as Stmt & { kind: 'def' }).decorators.map((d) => dottedName(d)?.split('.').pop());
      return ds.length === 1 && ['classmethod', 'classonlymethod', 'staticmethod'].includes(ds[0] ?? '') ? v : undefined;
    }
    return undefined;
  }

  /** Whether a class derives from django-configurations' Configuration. */
  isConfiguration(cls: DefValue): boolean {
    return (this.classMro(cls) ?? []).some((k) => CONFIGURATION_BASES.has(this.qualname(k) ?? ''));
  }

  /**
   * Does what django-configurations' importer does with the chosen class once the settings module has run:
   * instantiate it (its `__init__` may edit lists in place) and set every uppercase attribute on the module,
   * calling those that are methods or properties. Settings the class hierarchy may hold but we cannot read
   * become unknown rather than absent.
   */
  applyConfiguration(me: ModuleEval, cls: DefValue, wanted: string[]): void {
    const mro = this.classMro(cls) ?? [];
    const names = new Set<string>(wanted);
    for (const k of mro) if (isClassDef(k)) for (const n of this.classNamespace(k)?.keys() ?? []) if (isSettingName(n)) names.add(n);
    const inst: Instance = { cls, attrs: new Map() };
    const self: Value = { t: 'hook', kind: 'instance', data: inst };
    this.callMethod(inst, '__init__', 0);
    for (const n of names) {
      let v = inst.attrs.get(n) ?? this.classAttr(cls, n);
      if (!v) continue;
      if (isFunctionDef(v)) v = this.callSimple(v, [self]);
      me.scope.set(n, v);
    }
  }

  /** Runs `name` of the class at MRO position `from` or later (`super().__init__()` continues from there). */
  callMethod(inst: Instance, name: string, from: number): void {
    const mro = this.classMro(inst.cls) ?? [];
    for (let i = from; i < mro.length; i++) {
      const k = mro[i];
      if (!isClassDef(k)) return;
      const found = this.classNamespace(k)?.get(name);
      if (!found) continue;
      const m = found.t === 'ref' ? this.deref(found) : found;
      if (!isFunctionDef(m)) return;
      const home = this.homes.get(m.stmt);
      if (!home || this.calls > MAX_CALLS) return;
      this.calls++;
      const locals = new Map<string, Value>();
      const selfName = (m.stmt as Stmt & { kind: 'def' }).params[0];
      if (selfName) locals.set(selfName, { t: 'hook', kind: 'instance', data: inst });
      new Frame(this, home, isPackageFile(home.file), this.hook, locals, { inst, index: i }).run(m.stmt.body, false);
      return;
    }
  }

  private calls = 0;

  /**
   * Calls a function or method whose body is only assignments and a final `return` (a property such as
   * `def TEMPLATES(self): return [...]`). Anything else is unknown.
   */
  callSimple(fn: DefValue, args: Value[]): Value {
    const home = this.homes.get(fn.stmt);
    const params = fn.stmt.kind === 'def' ? fn.stmt.params : [];
    let body = fn.stmt.body;
    if (body[0]?.kind === 'expr' && body[0].value.kind === 'str') body = body.slice(1);
    const last = body[body.length - 1];
    if (!home || !last || last.kind !== 'return' || !last.value || this.calls > MAX_CALLS) return { t: 'unknown', why: `${fn.stmt.name}() is not a simple function` };
    if (!body.slice(0, -1).every((x) => x.kind === 'assign' || x.kind === 'augassign' || (x.kind === 'expr' && x.value.kind === 'call'))) return { t: 'unknown', why: `${fn.stmt.name}() is not a simple function` };
    if (args.length !== params.length) return { t: 'unknown', why: `${fn.stmt.name}() is called with other arguments than it takes` };
    this.calls++;
    const locals = new Map<string, Value>();
    params.forEach((p, i) => locals.set(p, args[i]));
    const frame = new Frame(this, home, isPackageFile(home.file), this.hook, locals);
    frame.run(body.slice(0, -1), false);
    return frame.expr(last.value);
  }

  private depth = 0;

  /**
   * Calls a function defined in a module we read with the arguments given: binds its parameters, runs its body
   * and returns the value of the `return` it reaches (a helper that builds and returns a list of `path()` calls;
   * a `return` under an `if` counts when the conditions before it are decided). Unknown, with the reason, when
   * the call nests too deep, its arguments do not match its parameters, it is a generator, or a `return` under
   * something we cannot decide could change the result. `extra` binds further local names.
   */
  callFunction(fn: DefValue, positional: Value[], keywords: Map<string, Value>, extra?: Map<string, Value>): Value {
    const name = fn.stmt.name;
    if (fn.stmt.kind !== 'def') return { t: 'unknown', why: `${name} is a class` };
    const home = this.homes.get(fn.stmt);
    let body = fn.stmt.body;
    if (body[0]?.kind === 'expr' && body[0].value.kind === 'str') body = body.slice(1);
    let returns = false;
    walkStmts(body, (s, scope) => {
      if (scope.length === 0 && s.kind === 'return' && s.value) returns = true;
    });
    if (!home || !returns) return { t: 'unknown', why: `${name}() does not return a value` };
    if (this.depth >= MAX_DEPTH || this.calls > MAX_CALLS) return { t: 'unknown', why: `${name}() is called too deep to follow` };
    // A generator's call returns a generator, not what it builds (the source text is the simplest witness).
    const text = this.cache.getPython(home.file)?.text;
    if (text && /\byield\b/.test(text.slice(fn.stmt.span.start, fn.stmt.span.end))) return { t: 'unknown', why: `${name}() is a generator` };
    const { params, defaults, starAt, starStarAt } = fn.stmt;
    const locals = new Map<string, Value>(extra);
    const defaultsFrame = new Frame(this, home, isPackageFile(home.file), this.hook);
    const rest = new Map(keywords);
    // Python's binding: positional parameters, then *args takes the other positional arguments, keyword-only
    // parameters after it, **kwargs the other keywords; a parameter left out takes its default.
    for (let i = 0; i < params.length; i++) {
      if (i === starStarAt) continue;
      if (i === starAt) {
        locals.set(params[i], { t: 'list', items: positional.slice(i), open: false, tuple: true });
        continue;
      }
      const byPos = (starAt === undefined || i < starAt) && i < positional.length ? positional[i] : undefined;
      const v = byPos ?? rest.get(params[i]) ?? (defaults?.[i] ? defaultsFrame.expr(defaults[i]!) : undefined);
      rest.delete(params[i]);
      if (!v) return { t: 'unknown', why: `${name}() is called without its parameter ${params[i]}` };
      locals.set(params[i], v);
    }
    if (starStarAt !== undefined) locals.set(params[starStarAt], { t: 'dict', map: rest, open: false });
    const positionalMax = starAt === undefined ? params.length - (starStarAt === undefined ? 0 : 1) : Infinity;
    if (positional.length > positionalMax || (starStarAt === undefined && rest.size)) return { t: 'unknown', why: `${name}() is called with other arguments than it takes` };
    this.calls++;
    this.depth++;
    try {
      const frame = new Frame(this, home, isPackageFile(home.file), this.hook, locals);
      return frame.runReturning(body, name)?.value ?? { t: 'unknown', why: `${name}() may end without returning a value` };
    } finally {
      this.depth--;
    }
  }

  /** The fully qualified name of a function-like value, for hooks. */
  qualname(v: Value): string | undefined {
    if (v.t === 'ref') return v.module + '.' + v.attr;
    if (v.t === 'module') return v.name;
    if (v.t === 'def') return v.module + '.' + v.stmt.name;
    return undefined;
  }
}

class Frame {
  constructor(
    private readonly ev: Evaluator,
    private readonly mod: ModuleEval,
    private readonly isPackage: boolean,
    private readonly hook?: CallHook,
    /** A class body's or function's own names; lookups fall back to the module's, as Python's do. */
    private readonly locals?: Map<string, Value>,
    /** In a method of an instance being set up: which class of the MRO it belongs to, for `super()`. */
    private readonly methodCtx?: { inst: Instance; index: number },
  ) {}

  /**
   * In a class body, `form_class = SomeForm` keeps an imported name as a reference, looked up only when the
   * attribute is asked for (classAttr): evaluating every module a view class names made a project's first build
   * read most of its forms, tables and serializers (issue 14).
   */
  lazyNames = false;

  private get scope() {
    return this.locals ?? this.mod.scope;
  }

  private ctx(): HookContext {
    return { module: this.mod.module, file: this.mod.file, ev: this.ev };
  }

  run(body: Stmt[], maybe: boolean): void {
    for (const s of body) {
      try {
        this.stmt(s, maybe);
      } catch (e) {
        // A statement the evaluator cannot follow leaves the scope as it was; any other error is a bug and
        // reaches the dispatch boundary (and fails the tests) instead of vanishing here.
        if (!(e instanceof CannotEvaluate)) throw e;
      }
    }
  }

  /**
   * Runs a function's body up to the `return` it reaches: `if`s whose conditions are decided are followed into
   * the branch taken; a `return` anywhere else (under an undecided `if`, a loop, a `try`) makes the result
   * unknown, since we cannot tell whether it runs. Undefined when the body ends without returning.
   */
  runReturning(body: Stmt[], name: string): { value: Value } | undefined {
    for (const s of body) {
      if (s.kind === 'return') return { value: s.value ? this.expr(s.value) : { t: 'none' } };
      if (s.kind === 'block' && s.keyword === 'if') {
        // Python evaluates conditions in order and stops at the first true one.
        let decided = true;
        let taken: number | undefined;
        for (let i = 0; i < s.bodies.length; i++) {
          const c = i < s.exprs.length ? truthy(this.expr(s.exprs[i])) : true;
          if (c === false) continue;
          if (c === true) taken = i;
          else decided = false;
          break;
        }
        if (decided) {
          const r = taken === undefined ? undefined : this.runReturning(s.bodies[taken], name);
          if (r) return r;
          continue;
        }
      }
      let returns = false;
      walkStmts([s], (x, scope) => {
        if (scope.length === 0 && x.kind === 'return') returns = true;
      });
      if (returns) return { value: { t: 'unknown', why: `${name}() returns under a condition that cannot be decided` } };
      this.run([s], false);
    }
    return undefined;
  }

  /**
   * A name's value. A name imported from a workspace module (`from .base import INSTALLED_APPS`) is looked up
   * there on first use and kept, so that later edits (`INSTALLED_APPS += [...]`) apply to that same list.
   */
  private lookup(name: string): Value | undefined {
    const own = this.scope.get(name);
    const where = own || !this.locals ? this.scope : this.mod.scope;
    const v = own ?? where.get(name);
    if (!v || v.t !== 'ref') return v;
    const d = this.ev.deref(v);
    if (d !== v && d.t !== 'ref') where.set(name, d);
    return d;
  }

  private bind(name: string, v: Value, maybe: boolean): void {
    if (!maybe) {
      this.scope.set(name, v);
      return;
    }
    // In a branch that may or may not run, keep everything either outcome could hold: for lists, the union.
    const old = this.scope.get(name);
    if (!old) this.scope.set(name, v);
    else if (old.t === 'list' && v.t === 'list') {
      // A new list, as rebinding makes in Python: editing `old` in place would make `v`, which may hold `old`
      // (`x = (("cached", x),)`), contain itself.
      const union: Value = { t: 'list', items: [...old.items], open: old.open || v.open, tuple: old.tuple };
      for (const it of v.items) if (!union.items.some((o) => sameValue(o, it))) union.items.push(it);
      this.scope.set(name, union);
    } else if (!sameValue(old, v)) this.scope.set(name, { t: 'unknown', why: `${name} is set conditionally` });
  }

  private stmt(s: Stmt, maybe: boolean): void {
    switch (s.kind) {
      case 'import':
        for (const n of s.names) {
          if (n.asname) this.bind(n.asname, { t: 'module', name: n.name }, maybe);
          else this.bind(n.name.split('.')[0], { t: 'module', name: n.name.split('.')[0] }, maybe);
        }
        return;
      case 'from': {
        const abs = absoluteModule(this.mod.module, this.isPackage, s.level, s.module);
        if (!abs) return;
        if (s.names === '*') {
          this.starImport(abs, maybe);
          return;
        }
        for (const n of s.names) {
          const local = n.asname ?? n.name;
          this.bind(local, this.ev.resolver.resolve(abs + '.' + n.name) ? { t: 'module', name: abs + '.' + n.name } : { t: 'ref', module: abs, attr: n.name }, maybe);
        }
        return;
      }
      case 'assign': {
        const raw = this.lazyNames && s.value.kind === 'name' ? (this.scope.get(s.value.id) ?? this.mod.scope.get(s.value.id)) : undefined;
        const v = raw?.t === 'ref' ? raw : this.expr(s.value);
        for (const t of s.targets) this.assignTo(t, v, maybe);
        return;
      }
      case 'augassign': {
        const rhs = this.expr(s.value);
        if (s.target.kind === 'attr') {
          // `self.INSTALLED_APPS += [...]` in a configuration's __init__: `+=` extends the class's list in place.
          const inst = this.instanceOf(this.expr(s.target.obj));
          if (!inst) return;
          const old = this.attr({ t: 'hook', kind: 'instance', data: inst }, s.target.attr);
          if (old.t === 'list' && s.op === '+=') {
            extendList(old, rhs);
            inst.attrs.set(s.target.attr, old);
          } else setMaybe(inst.attrs, s.target.attr, binop(s.op.slice(0, -1), old, rhs), maybe);
          return;
        }
        if (s.target.kind === 'subscript') {
          // `TEMPLATES[0]["DIRS"] += [...]` extends the list held there in place.
          const held = this.expr(s.target);
          if (held.t === 'list' && s.op === '+=') extendList(held, rhs);
          else {
            const container = this.expr(s.target.obj);
            if (container.t === 'dict' || container.t === 'list') container.open = true;
          }
          return;
        }
        if (s.target.kind !== 'name') return;
        const old = this.lookup(s.target.id);
        if (old && old.t === 'list' && s.op === '+=') {
          // `+=` on a list extends it in place, as Python does.
          extendList(old, rhs);
          return;
        }
        const v = old ? binop(s.op.slice(0, -1), old, rhs) : UNKNOWN;
        this.bind(s.target.id, v, maybe);
        return;
      }
      case 'expr':
        this.exprStatement(s.value);
        return;
      case 'def':
      case 'class': {
        this.ev.homes.set(s, this.mod);
        let v: Value = { t: 'def', module: this.mod.module, file: this.mod.file, stmt: s };
        // Decorators apply bottom-up; only those made by hooks (`@admin.register(M)`) change what we know.
        for (const d of [...s.decorators].reverse()) {
          if (d.kind !== 'call') continue;
          const ho = hookObject(this.expr(d));
          if (typeof ho?.decorate === 'function') v = ho.decorate(v, s, this.ctx());
        }
        this.bind(s.name, v, maybe);
        return;
      }
      case 'block':
        this.block(s, maybe);
        return;
      default:
        return;
    }
  }

  private block(s: Stmt & { kind: 'block' }, maybe: boolean): void {
    if (s.keyword === 'if') {
      // Bodies: if-body, then elif/else bodies; exprs: the conditions in order.
      const conds = s.exprs.map((e) => truthy(this.expr(e)));
      for (let i = 0; i < s.bodies.length; i++) {
        const c = i < conds.length ? conds[i] : true;
        if (c === false) continue;
        if (c === true && conds.slice(0, i).every((x) => x === false)) {
          this.run(s.bodies[i], maybe);
          return;
        }
        this.run(s.bodies[i], true);
      }
      return;
    }
    if (s.keyword === 'try') {
      // The body runs; handlers may run. `else`/`finally` bodies are treated like handlers (maybe).
      s.bodies.forEach((b, i) => this.run(b, i === 0 ? maybe : true));
      return;
    }
    if (s.keyword === 'with') {
      s.bodies.forEach((b) => this.run(b, maybe));
      return;
    }
    // A `for` over a list we know, whose body cannot leave the loop early, runs once per item as Python does.
    if (s.keyword === 'for' && s.exprs.length >= 2) {
      const it = this.expr(s.exprs[s.exprs.length - 1]);
      const text = this.ev.cache.getPython(this.mod.file)?.text;
      const src = text?.slice(s.span.start, s.span.end) ?? 'break';
      if (it.t === 'list' && !it.open && it.items.length <= MAX_LOOP && !/\b(break|continue|return|yield)\b/.test(src)) {
        const targets = s.exprs.slice(0, -1);
        const target: Expr = targets.length === 1 ? targets[0] : { kind: 'tuple', elts: targets, span: s.span };
        for (const item of it.items) {
          this.assignTo(target, item, maybe);
          this.run(s.bodies[0] ?? [], maybe);
        }
        s.bodies.slice(1).forEach((b) => this.run(b, maybe));
        return;
      }
    }
    // Loops and `match`: bodies may run any number of times with values we do not know. A `for` loop's
    // targets (every header expression but the iterable) take values we do not follow.
    if (s.keyword === 'for') for (const t of s.exprs.slice(0, -1)) this.assignTo(t, { t: 'unknown', why: 'a loop variable' }, true);
    s.bodies.forEach((b) => this.run(b, true));
  }

  private starImport(abs: string, maybe: boolean): void {
    const known = KNOWN_EXPORTS[abs];
    if (known) {
      for (const n of known) this.bind(n, { t: 'ref', module: abs, attr: n }, maybe);
      return;
    }
    const other = this.ev.evalModule(abs);
    if (!other) return;
    const all = other.scope.get('__all__');
    const names =
      all && all.t === 'list' && !all.open ? all.items.flatMap((i) => (i.t === 'str' ? [i.v] : [])) : [...other.scope.keys()].filter((k) => !k.startsWith('_'));
    for (const n of names) {
      const v = other.scope.get(n);
      if (v) this.bind(n, v, maybe);
    }
  }

  assignTo(t: Expr, v: Value, maybe: boolean): void {
    if (t.kind === 'name') this.bind(t.id, v, maybe);
    else if (t.kind === 'attr') {
      const inst = this.instanceOf(this.expr(t.obj));
      if (inst) setMaybe(inst.attrs, t.attr, v, maybe);
    }
    else if (t.kind === 'tuple' || t.kind === 'list') {
      const items = v.t === 'list' && !v.open && v.items.length === t.elts.length ? v.items : undefined;
      t.elts.forEach((e, i) => this.assignTo(e, items ? items[i] : UNKNOWN, maybe));
    } else if (t.kind === 'subscript' && t.obj.kind === 'name') {
      // `TEMPLATES[0]["DIRS"] = ...` style edits: apply to dicts and lists we know.
      const target = this.expr(t.obj);
      const key = this.expr(t.index);
      if (target.t === 'dict' && key.t === 'str') target.map.set(key.v, v);
      else if (target.t === 'list' && key.t === 'num' && target.items[key.v]) target.items[key.v] = v;
    } else if (t.kind === 'subscript') {
      const target = this.expr(t.obj);
      const key = this.expr(t.index);
      if (target.t === 'dict' && key.t === 'str') target.map.set(key.v, v);
    }
  }

  /**
   * Copies a class's settings into the module, as `globals().update(vars(Settings))` or a helper such as
   * `export(Settings)` whose body writes `globals()` or `sys.modules[...]` do: every uppercase attribute along the
   * class's MRO that we can read.
   */
  private copyClassSettings(cls: DefValue): void {
    const names = new Set<string>();
    for (const k of this.ev.classMro(cls) ?? []) if (isClassDef(k)) for (const n of this.ev.classNamespace(k)?.keys() ?? []) if (isSettingName(n)) names.add(n);
    for (const n of names) {
      const v = this.ev.classAttr(cls, n);
      if (v) this.scope.set(n, v);
    }
  }

  /** The classes among a call's arguments when the call copies attributes into the module's globals. */
  private copiedClasses(e: Expr & { kind: 'call' }): DefValue[] {
    const classes = (exprs: Expr[]) => exprs.map((x) => this.expr(x)).filter(isClassDef);
    // globals().update(vars(Cls)) / globals().update(Cls.__dict__)
    if (e.func.kind === 'attr' && e.func.attr === 'update' && e.func.obj.kind === 'call' && e.func.obj.func.kind === 'name' && e.func.obj.func.id === 'globals') {
      const a = e.args[0]?.value;
      if (a && a.kind === 'call' && a.func.kind === 'name' && a.func.id === 'vars') return classes(a.args.map((x) => x.value));
      if (a && a.kind === 'attr' && a.attr === '__dict__') return classes([a.obj]);
      return [];
    }
    const fn = e.func.kind === 'name' ? this.lookup(e.func.id) : undefined;
    if (!fn || !isFunctionDef(fn)) return [];
    let writesGlobals = false;
    walkStmts(fn.stmt.body, (s) => {
      for (const x of stmtExprs(s))
        walkExpr(x, (y) => {
          if (y.kind === 'call' && y.func.kind === 'name' && y.func.id === 'globals') writesGlobals = true;
          if (y.kind === 'attr' && y.attr === 'modules' && y.obj.kind === 'name' && y.obj.id === 'sys') writesGlobals = true;
        });
    });
    return writesGlobals ? classes(e.args.filter((a) => !a.name && !a.star).map((a) => a.value)) : [];
  }

  /** Expression statements that edit lists in place: append, insert, extend, remove. */
  private exprStatement(e: Expr): void {
    if (e.kind === 'call' && !this.locals) {
      const copied = this.copiedClasses(e);
      if (copied.length) {
        copied.forEach((c) => this.copyClassSettings(c));
        return;
      }
    }
    if (e.kind !== 'call' || e.func.kind !== 'attr') {
      this.expr(e);
      return;
    }
    const target = this.expr(e.func.obj);
    const method = e.func.attr;
    if (target.t === 'list') {
      const args = e.args.map((a) => this.expr(a.value));
      if (method === 'append' && args.length === 1) target.items.push(args[0]);
      else if (method === 'insert' && args.length === 2) {
        const at = args[0].t === 'num' ? args[0].v : NaN;
        if (Number.isInteger(at)) target.items.splice(at < 0 ? Math.max(0, target.items.length + at) : at, 0, args[1]);
        else {
          target.items.push(args[1]);
          target.open = true;
        }
      } else if (method === 'extend' && args.length === 1) extendList(target, args[0]);
      else if (method === 'remove' && args.length === 1) {
        const i = target.items.findIndex((x) => sameValue(x, args[0]));
        if (i >= 0) target.items.splice(i, 1);
      } else if (method !== 'sort' && method !== 'reverse' && method !== 'copy' && method !== 'index' && method !== 'count') target.open = true;
      return;
    }
    if (target.t === 'dict' && method === 'update') {
      const arg = e.args[0] ? this.expr(e.args[0].value) : UNKNOWN;
      if (arg.t === 'dict') for (const [k, v] of arg.map) target.map.set(k, v);
      else target.open = true;
      for (const a of e.args) if (a.name) target.map.set(a.name, this.expr(a.value));
      return;
    }
    this.expr(e);
  }

  expr(e: Expr): Value {
    switch (e.kind) {
      case 'str':
        return { t: 'str', v: e.value, expr: e };
      case 'num':
        return { t: 'num', v: e.value };
      case 'const':
        return e.value === null ? { t: 'none' } : { t: 'bool', v: e.value };
      case 'name': {
        const v = this.lookup(e.id);
        if (v) return v;
        if (e.id === 'True' || e.id === 'False') return { t: 'bool', v: e.id === 'True' };
        if (e.id === 'None') return { t: 'none' };
        return { t: 'unknown', why: `name ${e.id} is not known` };
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const out: Value = { t: 'list', items: [], open: false, tuple: e.kind === 'tuple' };
        for (const x of e.elts) {
          if (x.kind === 'starred') extendList(out, this.expr(x.value));
          else out.items.push(this.expr(x));
        }
        return out;
      }
      case 'dict': {
        const map = new Map<string, Value>();
        let open = false;
        for (const it of e.items) {
          if (!it.key) {
            const inner = this.expr(it.value);
            if (inner.t === 'dict') inner.map.forEach((v, k) => map.set(k, v));
            else open = true;
            continue;
          }
          const k = this.expr(it.key);
          if (k.t === 'str') map.set(k.v, this.expr(it.value));
          else open = true;
        }
        return { t: 'dict', map, open };
      }
      case 'attr':
        return this.attr(this.expr(e.obj), e.attr);
      case 'binop':
        return binop(e.op, this.expr(e.left), this.expr(e.right));
      case 'unknown':
        if (e.op === 'not') {
          const t = truthy(this.expr(e.children[0]));
          return t === undefined ? { t: 'unknown', why: 'a condition that cannot be decided' } : { t: 'bool', v: !t };
        }
        return UNKNOWN;
      case 'subscript': {
        const obj = this.expr(e.obj);
        const idx = this.expr(e.index);
        if (obj.t === 'dict' && idx.t === 'str') return obj.map.get(idx.v) ?? UNKNOWN;
        if (obj.t === 'list' && idx.t === 'num' && !obj.open) return obj.items[idx.v < 0 ? obj.items.length + idx.v : idx.v] ?? UNKNOWN;
        return UNKNOWN;
      }
      case 'call':
        return this.call(e);
      case 'fstr':
        return this.fstring(e);
      case 'comp':
        return this.comprehension(e);
      default:
        return UNKNOWN;
    }
  }

  /**
   * A comprehension over lists, tuples and dicts we know (closed), run as Python runs it: the targets bound per
   * item in the comprehension's own scope, items whose `if` is false skipped. An iterable or a condition we cannot
   * decide makes the result open (the items kept so far are certain, others may exist); a generator is taken
   * as the list it yields.
   */
  private comprehension(e: Expr & { kind: 'comp' }): Value {
    const dict = e.comp === 'dict';
    const items: Value[] = [];
    const map = new Map<string, Value>();
    let open = false;
    let count = 0;
    // Its own scope: the loop targets do not leak into the enclosing one (Python 3).
    const inner = new Frame(this.ev, this.mod, this.isPackage, this.hook, new Map(this.locals ?? []), this.methodCtx);
    const iterate = (k: number): void => {
      if (open) return;
      if (k === e.clauses.length) {
        if (++count > MAX_LOOP) {
          open = true;
          return;
        }
        if (!dict) items.push(inner.expr(e.elt));
        else {
          const key = inner.expr(e.elt);
          if (key.t === 'str') map.set(key.v, inner.expr(e.value!));
          else open = true;
        }
        return;
      }
      const c = e.clauses[k];
      // The first iterable is evaluated in the enclosing scope, the others in the comprehension's.
      const it = iterable(k === 0 ? this.expr(c.iter) : inner.expr(c.iter));
      if (!it) {
        open = true;
        return;
      }
      for (const item of it) {
        inner.assignTo(c.target, item, false);
        const conds = c.ifs.map((x) => truthy(inner.expr(x)));
        if (conds.some((x) => x === undefined)) {
          open = true;
          return;
        }
        if (conds.every((x) => x === true)) iterate(k + 1);
        if (open) return;
      }
    };
    iterate(0);
    if (dict) return { t: 'dict', map, open };
    return { t: 'list', items, open };
  }

  /**
   * An f-string whose replacement fields are plain expressions with string or integer values
   * (`f"api/{API_VERSION}/"`), read from the source text; conversions, format specs, escapes and implicit
   * concatenation are not followed.
   */
  private fstring(e: Expr & { kind: 'fstr' }): Value {
    const text = this.ev.cache.getPython(this.mod.file)?.text;
    if (text === undefined) return UNKNOWN;
    const src = text.slice(e.span.start, e.span.end);
    const m = /^(?:[rR]?[fF]|[fF][rR])("""|'''|"|')/.exec(src);
    if (!m || !src.endsWith(m[1]) || src.length < m[0].length + m[1].length) return UNKNOWN;
    const raw = /[rR]/.test(m[0]);
    const end = e.span.start + src.length - m[1].length;
    let pos = e.span.start + m[0].length;
    let out = '';
    const used: Value[] = [];
    let field = 0;
    while (pos < end) {
      const ch = text[pos];
      if ((ch === '\\' && !raw) || text.startsWith(m[1], pos)) return UNKNOWN;
      if ((ch === '{' || ch === '}') && text[pos + 1] === ch) {
        out += ch;
        pos += 2;
        continue;
      }
      if (ch === '}') return UNKNOWN;
      if (ch !== '{') {
        out += ch;
        pos++;
        continue;
      }
      const child = e.children[field++];
      if (!child || text.slice(pos + 1, child.span.start).trim() !== '') return UNKNOWN;
      let after = child.span.end;
      while (after < end && /\s/.test(text[after])) after++;
      if (text[after] !== '}') return UNKNOWN;
      const v = this.expr(child);
      if (v.t === 'str') out += v.v;
      else if (v.t === 'num' && Number.isInteger(v.v)) out += String(v.v);
      else return UNKNOWN;
      used.push(v);
      pos = after + 1;
    }
    return field === e.children.length ? tainted({ t: 'str', v: out }, ...used) : UNKNOWN;
  }

  private instanceOf(v: Value): Instance | undefined {
    return v.t === 'hook' && v.kind === 'instance' ? (v.data as Instance) : undefined;
  }

  private attr(obj: Value, attr: string): Value {
    if (obj.t === 'module') return this.ev.moduleAttr(obj.name, attr);
    const ho = hookObject(obj);
    if (typeof ho?.getAttr === 'function') {
      const r = ho.getAttr(attr, this.ctx());
      if (r) return r;
    }
    const inst = this.instanceOf(obj);
    if (inst) {
      const v = inst.attrs.get(attr) ?? this.ev.classAttr(inst.cls, attr);
      if (v && !isFunctionDef(v)) return v;
      if (!v) return { t: 'unknown', why: `${inst.cls.stmt.name} has no attribute ${attr} we can see` };
    }
    if (isClassDef(obj) && attr !== 'as_view') {
      // `Base.SOME_SETTING` in a subclass body reads the attribute through Base's MRO.
      const v = this.ev.classAttr(obj, attr);
      if (v && v.t !== 'unknown' && !isFunctionDef(v)) return v;
    }
    if (obj.t === 'ref') {
      const d = this.ev.deref(obj);
      if (d.t === 'ref') return { t: 'ref', module: d.module + '.' + d.attr, attr };
      return this.attr(d, attr);
    }
    if (obj.t === 'path') {
      if (attr === 'parent') return { t: 'path', v: dirname(obj.v) };
      if (attr === 'name') return { t: 'str', v: obj.v.slice(obj.v.lastIndexOf('/') + 1) };
    }
    // Methods are represented as bound markers, resolved by `call`.
    return { t: 'hook', kind: 'bound', data: { obj, attr } };
  }

  private call(e: Expr & { kind: 'call' }): Value {
    let func = this.expr(e.func);
    if (func.t === 'ref') func = this.ev.deref(func);
    const positional: Value[] = [];
    const keywords = new Map<string, Value>();
    let hasStar = false;
    for (const a of e.args) {
      if (a.star === '*') {
        const v = this.expr(a.value);
        if (v.t === 'list' && !v.open) positional.push(...v.items);
        else hasStar = true;
      } else if (a.star === '**') {
        const v = this.expr(a.value);
        if (v.t === 'dict' && !v.open) v.map.forEach((x, k) => keywords.set(k, x));
        else hasStar = true;
      } else if (a.name) keywords.set(a.name, this.expr(a.value));
      else positional.push(this.expr(a.value));
    }
    // `SomeView.as_view()` where SomeView lies outside the workspace: the reference chain ends in `.as_view`.
    if (func.t === 'ref' && func.attr === 'as_view' && func.module.includes('.')) {
      const dot = func.module.lastIndexOf('.');
      return { t: 'asview', cls: { t: 'ref', module: func.module.slice(0, dot), attr: func.module.slice(dot + 1) }, initkwargs: keywords, expr: e };
    }
    // `super()` in a method of an instance being set up: the rest of its class's MRO.
    if (e.func.kind === 'name' && e.func.id === 'super' && this.methodCtx && !this.scope.has('super')) return { t: 'hook', kind: 'super', data: this.methodCtx };
    const env = this.envRead(func, positional, keywords, e);
    if (env) return env;
    const callee = hookObject(func);
    // A hook's data may be a plain record with a `call` field (a path() call's expression), not a callable object.
    if (typeof callee?.call === 'function') {
      const r = callee.call({ positional, keywords, raw: e.args, hasStar }, e, { ...this.ctx(), func });
      if (r) return r;
    }
    // Bound methods on values we understand.
    if (func.t === 'hook' && func.kind === 'bound') {
      const { obj, attr } = func.data as { obj: Value; attr: string };
      return this.method(obj, attr, positional, keywords, e);
    }
    const q = this.ev.qualname(func) ?? dottedName(e.func);
    if (q && this.hook) {
      const r = this.hook(q, { positional, keywords, raw: e.args, hasStar }, e, { ...this.ctx(), func });
      if (r) return r;
    }
    // A function defined in a module we read: its body is evaluated with these arguments (a helper building patterns).
    if (isFunctionDef(func) && !hasStar) return this.ev.callFunction(func, positional, keywords);
    switch (q) {
      case 'os.path.join':
      case 'posixpath.join': {
        let out: string | undefined;
        for (const p of positional) {
          const s = pathString(p);
          if (s === undefined) return UNKNOWN;
          out = out === undefined || s.startsWith('/') ? s : out.replace(/\/$/, '') + '/' + s;
        }
        return out === undefined ? UNKNOWN : { t: 'str', v: out };
      }
      case 'os.path.dirname': {
        const s = pathString(positional[0]);
        return s === undefined ? UNKNOWN : { t: 'str', v: dirname(normalizePath(s)) };
      }
      case 'os.path.abspath':
      case 'os.path.realpath':
      case 'os.path.normpath': {
        const s = pathString(positional[0]);
        return s === undefined ? UNKNOWN : { t: 'str', v: normalizePath(s) };
      }
      case 'os.path.expanduser':
        return positional[0] ?? UNKNOWN;
      case 'pathlib.Path':
      case 'pathlib.PurePath':
      case 'pathlib.PosixPath': {
        let out: string | undefined;
        for (const p of positional) {
          const s = pathString(p);
          if (s === undefined) return UNKNOWN;
          out = out === undefined ? s : joinPath(out, s);
        }
        return { t: 'path', v: normalizePath(out ?? '.') };
      }
      case 'str': {
        const v = positional[0];
        if (v && v.t === 'path') return { t: 'str', v: v.v };
        return v && v.t === 'str' ? v : UNKNOWN;
      }
      case 'list':
      case 'tuple': {
        const v = positional[0];
        if (!v) return { t: 'list', items: [], open: false, tuple: q === 'tuple' };
        return v.t === 'list' ? { t: 'list', items: [...v.items], open: v.open, tuple: q === 'tuple' } : UNKNOWN;
      }
      case 'dict': {
        const base = positional[0];
        const map = new Map<string, Value>(base && base.t === 'dict' ? base.map : []);
        keywords.forEach((v, k) => map.set(k, v));
        return { t: 'dict', map, open: hasStar || (base !== undefined && base.t !== 'dict') };
      }
      case 'os.environ.get':
      case 'os.getenv':
      case 'os.environ.setdefault':
        return envDefault(positional[1] ?? keywords.get('default'));
      case 'getattr':
        return this.getattr(positional, e);
      default:
        return UNKNOWN;
    }
  }

  /**
   * `getattr(obj, "X", default)`: the attribute when we can read it; the default when `obj` is a workspace class
   * none of whose bases could define it; otherwise the default as a guess that never decides a branch (and a
   * list default becomes "these items, maybe more").
   */
  private getattr(positional: Value[], e: Expr & { kind: 'call' }): Value {
    const [obj, name, dflt] = positional;
    if (!obj || !name || name.t !== 'str' || e.args.some((a) => a.star || a.name)) return UNKNOWN;
    if (isClassDef(obj)) {
      const v = this.ev.classAttr(obj, name.v);
      if (v) return v;
      if (dflt) return dflt;
    }
    const v = obj.t === 'module' || obj.t === 'ref' || this.instanceOf(obj) ? this.attr(obj, name.v) : UNKNOWN;
    if (v.t !== 'unknown' && v.t !== 'ref' && v.t !== 'hook') return v;
    if (!dflt) return UNKNOWN;
    if (dflt.t === 'list') return envDefault({ t: 'list', items: [...dflt.items], open: true, tuple: dflt.tuple });
    return envDefault(dflt);
  }

  /**
   * Values read from the environment by django-environ (`env("X", default=...)`, `env.bool(...)`...),
   * python-decouple (`config("X", default=..., cast=...)`) and django-configurations (`values.ListValue([])`):
   * their default, marked so that it never decides a branch. Undefined when `func` is none of these.
   */
  private envRead(func: Value, positional: Value[], keywords: Map<string, Value>, e: Expr & { kind: 'call' }): Value | undefined {
    const q = func.t === 'ref' || func.t === 'module' ? this.ev.qualname(func) : undefined;
    if (q === 'environ.Env' || q === 'environ.environ.Env') return { t: 'hook', kind: 'environ', data: undefined };
    if (q === 'decouple.AutoConfig' || q === 'decouple.Config') return { t: 'hook', kind: 'decouple', data: undefined };
    if (q && /^configurations\.values\.\w*Value$/.test(q)) {
      const d = positional[0] ?? keywords.get('default');
      const environ = keywords.get('environ');
      // `environ=False` makes the value its default, always.
      if (environ && environ.t === 'bool' && !environ.v) return d ?? { t: 'none' };
      return d ? envDefault(d) : { t: 'unknown', why: `${q} has no default` };
    }
    // `env("X", cast, default)`: the second positional argument of Env.__call__ is the cast.
    if (func.t === 'hook' && func.kind === 'environ') return envDefaultOr(keywords.get('default') ?? positional[2], 'X');
    if (func.t === 'hook' && func.kind === 'bound') {
      const { obj, attr } = func.data as { obj: Value; attr: string };
      if (obj.t === 'hook' && obj.kind === 'environ') {
        // env.list/tuple/dict(var, cast=None, default=...) take the cast second; the others take the default.
        const castFirst = attr === 'list' || attr === 'tuple' || attr === 'dict' || attr === '__call__';
        const d = keywords.get('default') ?? (castFirst ? positional[2] : positional[1]);
        if (attr === 'path' && d && (d.t === 'str' || d.t === 'path')) return envDefault({ t: 'path', v: d.v });
        if (ENV_READERS.has(attr)) return envDefaultOr(d, attr);
        return { t: 'unknown', why: `env.${attr}() is not understood` };
      }
    }
    if (q === 'decouple.Csv') return positional.length || keywords.size ? { t: 'unknown', why: 'a Csv() with options' } : { t: 'hook', kind: 'csv', data: undefined };
    const isDecouple = q === 'decouple.config' || (func.t === 'hook' && func.kind === 'decouple');
    if (isDecouple) {
      const d = positional[1] ?? keywords.get('default');
      const cast = positional[2] ?? keywords.get('cast');
      const castExpr = e.args.find((a) => a.name === 'cast')?.value ?? (e.args[2] && !e.args[2].name ? e.args[2].value : undefined);
      if (d && cast) {
        const c = castDecouple(d, cast, castExpr);
        return c ? envDefault(c) : { t: 'unknown', why: 'config() with a cast that is not understood' };
      }
      return envDefaultOr(d, 'config');
    }
    return undefined;
  }

  /**
   * `Cls.m(...)` on a workspace class, `m` found along its MRO: a classmethod (or Django's classonlymethod) gets
   * `cls` bound to `Cls` itself, as Python binds it even when a base defines `m`; a staticmethod or plain
   * function gets the arguments as given. Other decorators may change what `m` is: undefined (not understood).
   */
  private classCall(cls: DefValue, attr: string, positional: Value[], keywords: Map<string, Value>): Value | undefined {
    let m = this.ev.classAttr(cls, attr);
    if (m?.t === 'unknown') m = this.ev.classMethodBehindLibraries(cls, attr);
    if (!m || !isFunctionDef(m)) return undefined;
    const decorators = (m.stmt as Stmt & { kind: 'def' }).decorators.map((d) => dottedName(d)?.split('.').pop());
    if (decorators.length > 1) return undefined;
    if (decorators[0] === 'classmethod' || decorators[0] === 'classonlymethod') return this.ev.callFunction(m, [cls, ...positional], keywords);
    if (decorators.length === 0 || decorators[0] === 'staticmethod') return this.ev.callFunction(m, positional, keywords);
    return undefined;
  }

  private method(obj: Value, attr: string, positional: Value[], keywords: Map<string, Value>, e: Expr & { kind: 'call' }): Value {
    const ho = hookObject(obj);
    if (typeof ho?.callMethod === 'function') {
      const r = ho.callMethod(attr, { positional, keywords, raw: e.args, hasStar: false }, e, this.ctx());
      if (r) return r;
    }
    if (obj.t === 'path') {
      if (attr === 'resolve' || attr === 'absolute' || attr === 'expanduser') return obj;
      if (attr === 'joinpath') {
        let out = obj.v;
        for (const p of positional) {
          const s = pathString(p);
          if (s === undefined) return UNKNOWN;
          out = joinPath(out, s);
        }
        return { t: 'path', v: out };
      }
      if (attr === 'as_posix' || attr === '__str__') return { t: 'str', v: obj.v };
    }
    if (obj.t === 'def' && obj.stmt.kind === 'class' && attr === 'as_view') {
      return { t: 'asview', cls: obj, initkwargs: keywords, expr: e };
    }
    if (obj.t === 'ref' && attr === 'as_view') return { t: 'asview', cls: obj, initkwargs: keywords, expr: e };
    if (obj.t === 'str' && attr === 'format') return formatStr(obj, positional, keywords);
    if (obj.t === 'hook' && obj.kind === 'super') {
      const m = obj.data as { inst: Instance; index: number };
      if (attr === '__init__') this.ev.callMethod(m.inst, '__init__', m.index + 1);
      return UNKNOWN;
    }
    if (obj.t === 'dict' && !obj.open && (attr === 'items' || attr === 'keys' || attr === 'values') && !positional.length) {
      const entries = [...obj.map];
      const items: Value[] = entries.map(([k, v]) => (attr === 'keys' ? { t: 'str', v: k } : attr === 'values' ? v : { t: 'list', items: [{ t: 'str', v: k }, v], open: false, tuple: true }));
      return { t: 'list', items, open: false };
    }
    if (obj.t === 'dict' && attr === 'get') {
      const k = positional[0];
      if (k && k.t === 'str') return obj.map.get(k.v) ?? (obj.open ? UNKNOWN : positional[1] ?? { t: 'none' });
    }
    // `TEMPLATES[0].setdefault("OPTIONS", {})[...] = ...` adds the key as Python does; other edits we do not
    // follow leave the dict open, so an absent key is never taken for Django's default.
    if (obj.t === 'dict' && attr === 'setdefault' && positional[0]?.t === 'str' && positional.length <= 2 && !keywords.size) {
      const k = positional[0].v;
      const have = obj.map.get(k);
      if (have || obj.open) return have ?? UNKNOWN;
      const added: Value = positional[1] ?? { t: 'none' };
      obj.map.set(k, added);
      return added;
    }
    if (obj.t === 'dict' && ['setdefault', 'update', 'pop', 'popitem', 'clear', '__setitem__', '__delitem__'].includes(attr)) obj.open = true;
    if (obj.t === 'module' || obj.t === 'ref') {
      const q = (obj.t === 'module' ? obj.name : obj.module + '.' + obj.attr) + '.' + attr;
      if (q === 'os.environ.get' || q === 'os.environ.setdefault' || q === 'os.getenv') return envDefault(positional[1] ?? keywords.get('default'));
    }
    if (obj.t === 'hook' && obj.kind === 'bound') {
      const inner = obj.data as { obj: Value; attr: string };
      const base = inner.obj.t === 'module' ? inner.obj.name : inner.obj.t === 'ref' ? inner.obj.module + '.' + inner.obj.attr : undefined;
      if (base && `${base}.${inner.attr}.${attr}` === 'os.environ.get') return envDefault(positional[1] ?? keywords.get('default'));
      if (base && `${base}.${inner.attr}.${attr}` === 'os.environ.setdefault') return envDefault(positional[1]);
    }
    // Calls of methods on imported objects (`admin.site.urls` is an attribute, but `router.get_urls()` is not).
    const q = this.ev.qualname(obj);
    if (q && this.hook) {
      const r = this.hook(q + '.' + attr, { positional, keywords, raw: e.args, hasStar: false }, e, this.ctx());
      if (r) return r;
    }
    if (isClassDef(obj) && !e.args.some((a) => a.star)) {
      const r = this.classCall(obj, attr, positional, keywords);
      if (r) return r;
    }
    return UNKNOWN;
  }
}

function pathString(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'str' || v.t === 'path') return v.v;
  return undefined;
}

function extendList(target: Value & { t: 'list' }, v: Value): void {
  if (v.t === 'list') {
    target.items.push(...v.items);
    target.open = target.open || v.open;
  } else target.open = true;
}

/** The items a `for` takes from a value we know completely: a closed list or tuple, or a closed dict's keys. */
function iterable(v: Value): Value[] | undefined {
  if (ENV_DEFAULTS.has(v)) return undefined;
  if (v.t === 'list' && !v.open) return v.items;
  if (v.t === 'dict' && !v.open) return [...v.map.keys()].map((k) => ({ t: 'str', v: k }) as Value);
  return undefined;
}

/** Values whose equality we can decide: strings, numbers, booleans and None (1 == True, as in Python). */
function scalarEquals(a: Value, b: Value): boolean | undefined {
  if (ENV_DEFAULTS.has(a) || ENV_DEFAULTS.has(b)) return undefined;
  const s = (v: Value): string | number | null | undefined => (v.t === 'str' ? 's' + v.v : v.t === 'num' ? v.v : v.t === 'bool' ? Number(v.v) : v.t === 'none' ? null : undefined);
  const x = s(a);
  const y = s(b);
  return x === undefined || y === undefined ? undefined : x === y;
}

function binop(op: string, a: Value, b: Value): Value {
  if (op === '==' || op === '!=') {
    const eq = scalarEquals(a, b);
    return eq === undefined ? UNKNOWN : { t: 'bool', v: op === '==' ? eq : !eq };
  }
  if (op === '+') {
    if (a.t === 'list' && b.t === 'list') return { t: 'list', items: [...a.items, ...b.items], open: a.open || b.open, tuple: a.tuple };
    if (a.t === 'str' && b.t === 'str') return tainted({ t: 'str', v: a.v + b.v }, a, b);
    if (a.t === 'num' && b.t === 'num') return { t: 'num', v: a.v + b.v };
    if (a.t === 'list' || b.t === 'list') return { t: 'list', items: a.t === 'list' ? [...a.items] : b.t === 'list' ? [...b.items] : [], open: true };
  }
  if (op === '/' && a.t === 'path') {
    const s = pathString(b);
    return s === undefined ? UNKNOWN : { t: 'path', v: joinPath(a.v, s) };
  }
  if (op === '%' && a.t === 'str') return percentFormat(a, b);
  if ((op === 'in' || op === 'not in') && b.t === 'list' && (a.t === 'str' || a.t === 'num')) {
    // Membership is known when the item is listed, or when the list is closed and holds only literals.
    const found = b.items.some((x) => sameValue(x, a));
    if (found) return { t: 'bool', v: op === 'in' };
    if (!b.open && b.items.every((x) => x.t === 'str' || x.t === 'num')) return { t: 'bool', v: op !== 'in' };
    return UNKNOWN;
  }
  if (op === 'and' || op === 'or') {
    const ta = truthy(a);
    if (ta === undefined) return UNKNOWN;
    return op === 'and' ? (ta ? b : a) : ta ? a : b;
  }
  return UNKNOWN;
}

/**
 * Values read from the environment with a default (`os.environ.get("X", "d")`). The default is the best guess
 * for a setting's value (ROOT_URLCONF...), but the variable may be set, so a branch never depends on one.
 */
const ENV_DEFAULTS = new WeakSet<Value>();

function envDefault(v: Value | undefined): Value {
  if (!v) return UNKNOWN;
  // A list or dict from the environment may hold anything: its default's items, maybe others.
  const copy = (v.t === 'list' ? { ...v, items: [...v.items], open: true } : v.t === 'dict' ? { ...v, map: new Map(v.map), open: true } : { ...v }) as Value;
  ENV_DEFAULTS.add(copy);
  return copy;
}

function envDefaultOr(v: Value | undefined, what: string): Value {
  return v ? envDefault(v) : { t: 'unknown', why: `${what}() has no default` };
}

/** Whether a value was read from the environment (its default stands in for it): a route that is one is not literal. */
export function isEnvValue(v: Value): boolean {
  return ENV_DEFAULTS.has(v);
}

/** A value computed from others keeps their "read from the environment" mark. */
function tainted(v: Value, ...from: Value[]): Value {
  return from.some((x) => ENV_DEFAULTS.has(x)) ? envDefault(v) : v;
}

/** django-environ's typed readers whose default is the value when the variable is unset. */
const ENV_READERS = new Set(['str', 'bool', 'int', 'float', 'list', 'tuple', 'dict', 'json', 'url', '__call__']);

/** python-decouple applies the cast to the default too: bool, int, float, str and Csv() are understood. */
function castDecouple(d: Value, cast: Value, castExpr: Expr | undefined): Value | undefined {
  // Builtins are not bound in the module scope, so the cast is recognised by how it is written.
  const q = castExpr?.kind === 'name' ? castExpr.id : undefined;
  if (cast.t === 'hook' && cast.kind === 'csv') {
    if (d.t === 'list') return d;
    if (d.t !== 'str') return undefined;
    // Csv() splits on commas and strips each item (shlex-based, which plain items like app names do not mind).
    const items: Value[] = d.v.trim() === '' ? [] : d.v.split(',').map((x) => ({ t: 'str', v: x.trim() }) as Value).filter((x) => (x as { v: string }).v !== '');
    return { t: 'list', items, open: false };
  }
  if (q === 'bool') {
    if (d.t === 'bool') return d;
    if (d.t === 'str') {
      const b = { y: 1, yes: 1, t: 1, true: 1, on: 1, '1': 1, n: 0, no: 0, f: 0, false: 0, off: 0, '0': 0, '': 0 }[d.v.toLowerCase()];
      return b === undefined ? undefined : { t: 'bool', v: b === 1 };
    }
    return undefined;
  }
  if ((q === 'int' || q === 'float') && d.t === 'num') return d;
  if ((q === 'int' || q === 'float') && d.t === 'str' && /^\s*-?\d+(\.\d*)?\s*$/.test(d.v)) return { t: 'num', v: Number(d.v) };
  if (q === 'str' && d.t === 'str') return d;
  return undefined;
}

/** `"{}.urls".format(x)`: plain replacement fields with string or number arguments; anything fancier is unknown. */
function formatStr(fmt: Value & { t: 'str' }, positional: Value[], keywords: Map<string, Value>): Value {
  let auto = 0;
  let bad = false;
  const used: Value[] = [fmt];
  const out = fmt.v.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const f = field ?? '';
    const v = f === '' ? positional[auto++] : /^\d+$/.test(f) ? positional[Number(f)] : /^[A-Za-z_]\w*$/.test(f) ? keywords.get(f) : undefined;
    if (!v || (v.t !== 'str' && v.t !== 'num')) {
      bad = true;
      return '';
    }
    used.push(v);
    return String(v.v);
  });
  return bad ? UNKNOWN : tainted({ t: 'str', v: out }, ...used);
}

/** `"%s/urls" % x`: `%s`/`%d` with string or number arguments; anything fancier is unknown. */
function percentFormat(fmt: Value & { t: 'str' }, arg: Value): Value {
  const args = arg.t === 'list' && arg.tuple ? (arg.open ? undefined : arg.items) : [arg];
  if (!args) return UNKNOWN;
  let i = 0;
  let bad = false;
  const out = fmt.v.replace(/%%|%([sd])/g, (m, conv: string | undefined) => {
    if (m === '%%') return '%';
    const v = args[i++];
    if (!v || (v.t !== 'str' && v.t !== 'num') || (conv === 'd' && v.t !== 'num')) {
      bad = true;
      return '';
    }
    return conv === 'd' ? String(Math.trunc(v.v as number)) : String(v.v);
  });
  // Any other conversion (`%r`, `%(name)s`, widths) and a count mismatch are not followed.
  if (bad || i !== args.length || /%[^%sd]|%$/.test(fmt.v.replace(/%%|%[sd]/g, ''))) return UNKNOWN;
  return tainted({ t: 'str', v: out }, fmt, ...args);
}

/** Sets an instance attribute; in a branch that may not run, a differing value makes it unknown. */
function setMaybe(attrs: Map<string, Value>, name: string, v: Value, maybe: boolean): void {
  const old = attrs.get(name);
  if (!maybe || !old || sameValue(old, v)) attrs.set(name, v);
  else attrs.set(name, { t: 'unknown', why: `${name} is set conditionally` });
}

function truthy(v: Value): boolean | undefined {
  if (ENV_DEFAULTS.has(v)) return undefined;
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'list':
      return v.open ? undefined : v.items.length > 0;
    default:
      return undefined;
  }
}

function sameValue(a: Value, b: Value): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'str' || a.t === 'num' || a.t === 'bool' || a.t === 'path') return (a as { v: unknown }).v === (b as { v: unknown }).v;
  return a === b;
}

/** A string or path value as a string. */
export function asString(v: Value | undefined): string | undefined {
  return pathString(v);
}
