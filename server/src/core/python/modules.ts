// Finds Python modules by dotted name across source roots, caches their parses, and answers what names they define.

import type { EntryKind, FileSystem } from '../fs';
import { dirname, joinPath, normalizePath } from '../fs';
import { parsePythonSteps } from './parse';
import { drain } from '../steps';
import type { Expr, PyModule, Stmt } from './ast';
import { walkExpr } from './ast';

export interface ModuleFile {
  /** Dotted module name. */
  name: string;
  /** The `.py` file (a package's `__init__.py`), or undefined for a namespace package (a folder alone). */
  file?: string;
  /** The package folder, for packages and namespace packages. */
  dir?: string;
  /** Whether this module lies in the workspace (project code) rather than the environment. */
  inWorkspace: boolean;
}

export interface ParsedFile {
  file: string;
  text: string;
  module: PyModule;
}

/** Parsed modules from earlier runs, by text (see `FactsCache` in workspace.ts): a hit is not parsed again. */
export interface ModuleFacts {
  module(text: string): PyModule | undefined;
  setModule(text: string, module: PyModule): void;
}

/**
 * Parses files on demand and keeps the results until told that a file changed. Shared by every project of
 * a workspace, so a module used by two projects is parsed once.
 */
export class ParseCache {
  private readonly python = new Map<string, ParsedFile | null>();
  parses = 0;

  constructor(
    readonly fs: FileSystem,
    private readonly facts?: ModuleFacts,
  ) {}

  getPython(file: string): ParsedFile | undefined {
    return drain(this.getPythonSteps(file));
  }

  /** `getPython` with pauses while a file is parsed (see parsePythonSteps), for the language server's indexing. */
  *getPythonSteps(file: string): Generator<void, ParsedFile | undefined, void> {
    let hit = this.python.get(file);
    if (hit === undefined) {
      const text = this.fs.readFile(file);
      if (text === undefined) hit = null;
      else {
        let module = this.facts?.module(text);
        if (!module) {
          this.parses++;
          module = yield* parsePythonSteps(text);
          this.facts?.setModule(text, module);
        }
        hit = { file, text, module };
      }
      // Another caller may have parsed the file while this one paused: the first parse stays.
      const now = this.python.get(file);
      if (now !== undefined) return now ?? undefined;
      this.python.set(file, hit);
    }
    return hit ?? undefined;
  }

  /** The parse already made of a file, if any: nothing is read or parsed. */
  peek(file: string): ParsedFile | undefined {
    return this.python.get(file) ?? undefined;
  }

  invalidate(file: string): void {
    this.python.delete(file);
  }

  /** Drops every parse under a folder (a folder deleted or renamed as a whole). */
  invalidateFolder(dir: string): void {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    for (const k of this.python.keys()) if (k.startsWith(prefix)) this.python.delete(k);
  }

  clear(): void {
    this.python.clear();
  }
}

/** Resolves dotted module names against ordered roots: the project's own roots first, then the environment's. */
export class ModuleResolver {
  private readonly cache = new Map<string, ModuleFile | null>();

  constructor(
    private readonly fs: FileSystem,
    readonly projectRoots: string[],
    readonly envRoots: string[],
  ) {}

  /** Adds a folder the project puts on sys.path (after the ones known); forgets earlier misses. */
  addProjectRoot(dir: string): void {
    if (this.projectRoots.includes(dir)) return;
    this.projectRoots.push(dir);
    for (const [k, v] of this.cache) if (v === null || !v.inWorkspace) this.cache.delete(k);
  }

  resolve(name: string): ModuleFile | undefined {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name)) return undefined;
    let hit = this.cache.get(name);
    if (hit === undefined) {
      hit = this.lookup(name) ?? null;
      this.cache.set(name, hit);
    }
    return hit ?? undefined;
  }

  private lookup(name: string): ModuleFile | undefined {
    let namespacePkg: ModuleFile | undefined;
    const roots: [string, boolean][] = [
      ...this.projectRoots.map((r): [string, boolean] => [r, true]),
      ...this.envRoots.map((r): [string, boolean] => [r, false]),
    ];
    const parts = name.split('.');
    const last = parts[parts.length - 1];
    for (const [root, inWorkspace] of roots) {
      // Down the folder listings (each read once): a name whose first folder is missing costs no stat per root,
      // and a listing matches names by case as Python's import does.
      let dir = this.normalized.get(root) ?? this.normalized.set(root, normalizePath(root)).get(root)!;
      for (let i = 0; i < parts.length - 1 && dir; i++) dir = this.entry(dir, parts[i]) === 'dir' ? joinPath(dir, parts[i]) : '';
      if (!dir) continue;
      const base = joinPath(dir, last);
      if (this.entry(dir, last) === 'dir') {
        if (this.entry(base, '__init__.py') === 'file') return { name, file: base + '/__init__.py', dir: base, inWorkspace };
        // A folder without __init__.py is a namespace package, unless a module of the same name comes later.
        if (!namespacePkg) namespacePkg = { name, dir: base, inWorkspace };
      }
      if (this.entry(dir, last + '.py') === 'file') return { name, file: base + '.py', inWorkspace };
    }
    return namespacePkg;
  }

  private readonly listings = new Map<string, Map<string, EntryKind>>();
  private readonly normalized = new Map<string, string>();

  /** What `name` is in folder `dir`, from the folder's listing. */
  private entry(dir: string, name: string): EntryKind | undefined {
    let m = this.listings.get(dir);
    if (!m) {
      m = new Map(this.fs.readDir(dir).map((e) => [e.name, e.kind] as const));
      this.listings.set(dir, m);
    }
    return m.get(name);
  }

  /** The dotted name of a module file, given the roots (the first root that contains it). */
  moduleNameOf(file: string): string | undefined {
    for (const root of [...this.projectRoots, ...this.envRoots]) {
      const prefix = root.endsWith('/') ? root : root + '/';
      if (!file.startsWith(prefix)) continue;
      let rel = file.slice(prefix.length).replace(/\.py$/, '');
      if (rel.endsWith('/__init__')) rel = rel.slice(0, -'/__init__'.length);
      if (!/^[A-Za-z_]\w*(\/[A-Za-z_]\w*)*$/.test(rel)) continue;
      return rel.split('/').join('.');
    }
    return undefined;
  }
}

/** Resolves `from ..x import y` (level 2, module "x") relative to the importing module's name. */
export function absoluteModule(current: string, isPackage: boolean, level: number, module: string): string | undefined {
  if (level === 0) return module;
  const parts = current.split('.');
  // For a plain module, level 1 means its package; for a package's __init__, level 1 means the package itself.
  const drop = isPackage ? level - 1 : level;
  if (drop > parts.length) return undefined;
  const base = parts.slice(0, parts.length - drop);
  if (module) base.push(module);
  return base.length ? base.join('.') : undefined;
}

/** What a module binds at its top level, as far as static reading can tell. */
export interface ModuleSymbols {
  /** Names bound by def/class at top level (last wins), with their statements. */
  defs: Map<string, Stmt>;
  /** Names bound by imports: local name → imported module and attribute (attribute undefined for `import x`). */
  imports: Map<string, { module: string; attr?: string }>;
  /** Names bound by assignment (or loops, `with ... as`) at any top-level depth. */
  assigned: Set<string>;
  /** Modules star-imported, absolute. */
  starImports: string[];
  /** True when the module can define names we cannot see (`globals()`, module `__getattr__`, unresolvable relative star import). */
  open: boolean;
}

/** Collects the top-level bindings of a module. `name`/`isPackage` place relative imports. */
export function moduleSymbols(mod: PyModule, name: string, isPackage: boolean): ModuleSymbols {
  const syms: ModuleSymbols = { defs: new Map(), imports: new Map(), assigned: new Set(), starImports: [], open: false };
  const bindTarget = (e: Expr) => {
    if (e.kind === 'name') syms.assigned.add(e.id);
    else if (e.kind === 'tuple' || e.kind === 'list') e.elts.forEach(bindTarget);
    else if (e.kind === 'starred') bindTarget(e.value);
  };
  const visit = (body: Stmt[]) => {
    for (const s of body) {
      switch (s.kind) {
        case 'def':
          syms.defs.set(s.name, s);
          if (s.name === '__getattr__') syms.open = true;
          break;
        case 'class':
          syms.defs.set(s.name, s);
          break;
        case 'import':
          for (const n of s.names) {
            if (n.asname) syms.imports.set(n.asname, { module: n.name });
            else syms.imports.set(n.name.split('.')[0], { module: n.name.split('.')[0] });
          }
          break;
        case 'from': {
          const abs = absoluteModule(name, isPackage, s.level, s.module);
          if (!abs) {
            syms.open = true;
            break;
          }
          if (s.names === '*') syms.starImports.push(abs);
          else for (const n of s.names) syms.imports.set(n.asname ?? n.name, { module: abs, attr: n.name });
          break;
        }
        case 'assign':
          s.targets.forEach(bindTarget);
          break;
        case 'augassign':
          bindTarget(s.target);
          break;
        case 'block':
          // Loops and `with` bind their header names too; conservatively treat every name in a header as bound.
          if (s.keyword === 'for' || s.keyword === 'with') for (const e of s.exprs) walkExpr(e, (x) => x.kind === 'name' && syms.assigned.add(x.id));
          for (const b of s.bodies) visit(b);
          break;
        default:
          break;
      }
      // `globals()[...] = ...` or `globals().update(...)` can bind anything.
      if (s.kind === 'expr' || s.kind === 'assign') {
        for (const e of s.kind === 'expr' ? [s.value] : [...s.targets, s.value]) {
          walkExpr(e, (x) => {
            if (x.kind === 'call' && x.func.kind === 'name' && (x.func.id === 'globals' || x.func.id === 'vars')) syms.open = true;
          });
        }
      }
    }
  };
  visit(mod.body);
  return syms;
}

/** Whether `file` is a package's `__init__.py`. */
export function isPackageFile(file: string): boolean {
  return file.endsWith('/__init__.py');
}

/** A top-level def or class statement found by `findDefinition`, with the module and file it lies in. */
export interface FoundDefinition<K extends 'def' | 'class'> {
  module: string;
  file: string;
  stmt: Stmt & { kind: K };
}

/**
 * Finds where a module's attribute is defined by reading files, never evaluating them: a top-level statement of
 * one of `kinds` with that name, or a name the module imports or star-imports (`django.views.generic`
 * re-exports TemplateView from `.base`), followed a few modules deep.
 */
export function findDefinition<K extends 'def' | 'class'>(resolver: ModuleResolver, cache: ParseCache, module: string, attr: string, kinds: readonly K[], depth = 0): FoundDefinition<K> | undefined {
  if (depth > 6) return undefined;
  const mf = resolver.resolve(module);
  if (!mf?.file) return undefined;
  const parsed = cache.getPython(mf.file);
  if (!parsed) return undefined;
  const def = parsed.module.body.find((s): s is Stmt & { kind: K } => (kinds as readonly string[]).includes(s.kind) && (s as { name?: string }).name === attr);
  if (def) return { module, file: mf.file, stmt: def };
  const syms = moduleSymbols(parsed.module, module, mf.file.endsWith('/__init__.py'));
  const imp = syms.imports.get(attr);
  if (imp?.attr) return findDefinition(resolver, cache, imp.module, imp.attr, kinds, depth + 1);
  for (const star of syms.starImports) {
    const r = findDefinition(resolver, cache, star, attr, kinds, depth + 1);
    if (r) return r;
  }
  return undefined;
}
