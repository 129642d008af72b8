// Finds the class a Python name stands for (through the file's imports, across the project's modules), for model and view inheritance.

import type { Expr, Stmt } from '../python/ast';
import { dottedName } from '../python/ast';
import { isPackageFile, moduleSymbols } from '../python/modules';
import type { ModuleSymbols } from '../python/modules';
import type { Project } from '../project/project';
import type { ParseCache } from '../python/modules';

export type ClassStmt = Stmt & { kind: 'class' };

export interface FoundClass {
  file: string;
  stmt: ClassStmt;
  /** The dotted module the class is defined in. */
  module?: string;
}

/** The answer for a base-class expression: a class we can read, a well-known Django name (given as its dotted path), or nothing. */
export type ClassLookup = { kind: 'class'; cls: FoundClass } | { kind: 'external'; qualname: string } | { kind: 'unknown' };

const symbolsCache = new WeakMap<object, ModuleSymbols>();

function symbolsOf(project: Project, cache: ParseCache, file: string): ModuleSymbols | undefined {
  const parsed = cache.getPython(file);
  if (!parsed) return undefined;
  let syms = symbolsCache.get(parsed.module);
  if (!syms) {
    const name = project.resolver.moduleNameOf(file) ?? '';
    syms = moduleSymbols(parsed.module, name, isPackageFile(file));
    symbolsCache.set(parsed.module, syms);
  }
  return syms;
}

/** Looks a top-level name up in a module file: its class, or where an import brings it from. Follows re-exports a few levels. */
export function lookupName(project: Project, cache: ParseCache, file: string, name: string, depth = 0): ClassLookup {
  if (depth > 6) return { kind: 'unknown' };
  const syms = symbolsOf(project, cache, file);
  if (!syms) return { kind: 'unknown' };
  const def = syms.defs.get(name);
  // A name bound twice (a class, then an assignment) is not certain.
  if (def && def.kind === 'class' && !syms.assigned.has(name)) return { kind: 'class', cls: { file, stmt: def, module: project.resolver.moduleNameOf(file) } };
  const imp = syms.imports.get(name);
  if (imp) {
    const qualname = imp.attr ? `${imp.module}.${imp.attr}` : imp.module;
    if (!imp.attr) return { kind: 'external', qualname };
    const mod = project.resolver.resolve(imp.module);
    if (mod?.file) {
      const found = lookupName(project, cache, mod.file, imp.attr, depth + 1);
      if (found.kind !== 'unknown') return found;
    }
    return { kind: 'external', qualname };
  }
  for (const star of syms.starImports) {
    const mod = project.resolver.resolve(star);
    if (!mod?.file) continue;
    const found = lookupName(project, cache, mod.file, name, depth + 1);
    if (found.kind !== 'unknown') return found;
  }
  return { kind: 'unknown' };
}

/** Resolves an expression naming a class (`Book`, `models.Model`, `generic.DetailView`) as seen from `file`. */
export function lookupClassExpr(project: Project, cache: ParseCache, file: string, e: Expr): ClassLookup {
  const dotted = dottedName(e);
  if (!dotted) return { kind: 'unknown' };
  const parts = dotted.split('.');
  if (parts.length === 1) return lookupName(project, cache, file, parts[0]);
  // `module.Class`: the head is an imported module (or package).
  const syms = symbolsOf(project, cache, file);
  const imp = syms?.imports.get(parts[0]);
  if (!imp) return { kind: 'unknown' };
  const head = imp.attr ? `${imp.module}.${imp.attr}` : imp.module;
  const modName = [head, ...parts.slice(1, -1)].join('.');
  const mod = project.resolver.resolve(modName);
  if (mod?.file) {
    const found = lookupName(project, cache, mod.file, parts[parts.length - 1]);
    if (found.kind !== 'unknown') return found;
  }
  return { kind: 'external', qualname: `${modName}.${parts[parts.length - 1]}` };
}
