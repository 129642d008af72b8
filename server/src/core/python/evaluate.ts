// A static evaluator for module-level Python: literals, paths, imports, list edits and known Django calls; never runs code.

import type { Arg, Expr, Stmt } from './ast';
import { dottedName } from './ast';
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

export const UNKNOWN: Value = { t: 'unknown' };

/** Lets a caller give meaning to calls of particular functions (for example `django.urls.path`). */
export type CallHook = (
  qualname: string,
  args: { positional: Value[]; keywords: Map<string, Value>; raw: Arg[]; hasStar: boolean },
  call: Expr & { kind: 'call' },
  ctx: { module: string; file: string },
) => Value | undefined;

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
  ) {}

  private get scope() {
    return this.mod.scope;
  }

  run(body: Stmt[], maybe: boolean): void {
    for (const s of body) {
      try {
        this.stmt(s, maybe);
      } catch {
        // The evaluator is best effort: a statement it cannot follow leaves the scope as it was.
      }
    }
  }

  /**
   * A name's value. A name imported from a workspace module (`from .base import INSTALLED_APPS`) is looked up
   * there on first use and kept, so that later edits (`INSTALLED_APPS += [...]`) apply to that same list.
   */
  private lookup(name: string): Value | undefined {
    const v = this.scope.get(name);
    if (!v || v.t !== 'ref') return v;
    const d = this.ev.deref(v);
    if (d !== v && d.t !== 'ref') this.scope.set(name, d);
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
        const v = this.expr(s.value);
        for (const t of s.targets) this.assignTo(t, v, maybe);
        return;
      }
      case 'augassign': {
        const rhs = this.expr(s.value);
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
      case 'class':
        this.bind(s.name, { t: 'def', module: this.mod.module, file: this.mod.file, stmt: s }, maybe);
        return;
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
    // Loops and `match`: bodies may run any number of times with values we do not know.
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

  private assignTo(t: Expr, v: Value, maybe: boolean): void {
    if (t.kind === 'name') this.bind(t.id, v, maybe);
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

  /** Expression statements that edit lists in place: append, insert, extend, remove. */
  private exprStatement(e: Expr): void {
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
      case 'subscript': {
        const obj = this.expr(e.obj);
        const idx = this.expr(e.index);
        if (obj.t === 'dict' && idx.t === 'str') return obj.map.get(idx.v) ?? UNKNOWN;
        if (obj.t === 'list' && idx.t === 'num' && !obj.open) return obj.items[idx.v < 0 ? obj.items.length + idx.v : idx.v] ?? UNKNOWN;
        return UNKNOWN;
      }
      case 'call':
        return this.call(e);
      default:
        return UNKNOWN;
    }
  }

  private attr(obj: Value, attr: string): Value {
    if (obj.t === 'module') return this.ev.moduleAttr(obj.name, attr);
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
    // Bound methods on values we understand.
    if (func.t === 'hook' && func.kind === 'bound') {
      const { obj, attr } = func.data as { obj: Value; attr: string };
      return this.method(obj, attr, positional, keywords, e);
    }
    const q = this.ev.qualname(func) ?? dottedName(e.func);
    if (q && this.hook) {
      const r = this.hook(q, { positional, keywords, raw: e.args, hasStar }, e, { module: this.mod.module, file: this.mod.file });
      if (r) return r;
    }
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
      default:
        return UNKNOWN;
    }
  }

  private method(obj: Value, attr: string, positional: Value[], keywords: Map<string, Value>, e: Expr & { kind: 'call' }): Value {
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
    if (obj.t === 'str' && attr === 'format') return UNKNOWN;
    if (obj.t === 'dict' && attr === 'get') {
      const k = positional[0];
      if (k && k.t === 'str') return obj.map.get(k.v) ?? (obj.open ? UNKNOWN : positional[1] ?? { t: 'none' });
    }
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
      const r = this.hook(q + '.' + attr, { positional, keywords, raw: e.args, hasStar: false }, e, { module: this.mod.module, file: this.mod.file });
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

function binop(op: string, a: Value, b: Value): Value {
  if (op === '+') {
    if (a.t === 'list' && b.t === 'list') return { t: 'list', items: [...a.items, ...b.items], open: a.open || b.open, tuple: a.tuple };
    if (a.t === 'str' && b.t === 'str') return { t: 'str', v: a.v + b.v };
    if (a.t === 'num' && b.t === 'num') return { t: 'num', v: a.v + b.v };
    if (a.t === 'list' || b.t === 'list') return { t: 'list', items: a.t === 'list' ? [...a.items] : b.t === 'list' ? [...b.items] : [], open: true };
  }
  if (op === '/' && a.t === 'path') {
    const s = pathString(b);
    return s === undefined ? UNKNOWN : { t: 'path', v: joinPath(a.v, s) };
  }
  if (op === '%' && a.t === 'str') return UNKNOWN;
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
  const copy = { ...v } as Value;
  ENV_DEFAULTS.add(copy);
  return copy;
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

export function sameValue(a: Value, b: Value): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'str' || a.t === 'num' || a.t === 'bool' || a.t === 'path') return (a as { v: unknown }).v === (b as { v: unknown }).v;
  return a === b;
}

/** A string or path value as a string. */
export function asString(v: Value | undefined): string | undefined {
  return pathString(v);
}
