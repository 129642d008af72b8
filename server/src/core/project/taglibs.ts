// Finds the template tag libraries of a project: Django's own, each app's templatetags modules, and OPTIONS.libraries.

import type { Expr, Stmt } from '../python/ast';
import { dottedName, strValue, walkStmts } from '../python/ast';
import type { ModuleResolver, ParseCache } from '../python/modules';
import type { FileSystem } from '../fs';
import type { Span } from '../text';
import type { AppInfo } from './apps';
import { KNOWN_APPS, DJANGO_LIBRARIES } from './known';
import { listFolder } from '../templates/index';

export interface TagDef {
  name: string;
  kind: 'tag' | 'filter';
  /** The function that implements it. */
  file?: string;
  span?: Span;
}

export interface TagLibrary {
  name: string;
  /** The module file, when we read it. */
  file?: string;
  module?: string;
  app?: string;
  tags: Map<string, TagDef>;
  filters: Map<string, TagDef>;
  /** True when it may register names we could not see. */
  open: boolean;
}

export interface LibraryIndex {
  libraries: Map<string, TagLibrary>;
  /** True when every installed app's templatetags were read (or known), so a missing library can be claimed. */
  complete: boolean;
  incompleteWhy: string[];
}

const DECORATOR_KINDS: Record<string, 'tag' | 'filter'> = { simple_tag: 'tag', inclusion_tag: 'tag', tag: 'tag', filter: 'filter', simple_block_tag: 'tag' };

/** Reads the registrations of one library module. */
function readLibrary(cache: ParseCache, file: string, name: string, module?: string): TagLibrary | undefined {
  const parsed = cache.getPython(file);
  if (!parsed) return undefined;
  const lib: TagLibrary = { name, file, module, tags: new Map(), filters: new Map(), open: false };
  let hasRegister = false;
  const add = (kind: 'tag' | 'filter', tagName: string, span: Span) => (kind === 'tag' ? lib.tags : lib.filters).set(tagName, { name: tagName, kind, file, span });
  const registerCall = (e: Expr): { kind: 'tag' | 'filter'; args: Expr extends never ? never : (Expr & { kind: 'call' })['args'] } | undefined => {
    if (e.kind === 'call' && e.func.kind === 'attr' && DECORATOR_KINDS[e.func.attr] && dottedName(e.func.obj) === 'register') return { kind: DECORATOR_KINDS[e.func.attr], args: e.args };
    return undefined;
  };
  // Django only asks hasattr(module, 'register'): it may be bound inside try/if blocks or by an import.
  const topLevel = (body: Stmt[]) => {
    for (const s of body) {
      if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === 'register')) hasRegister = true;
      if (s.kind === 'from' && (s.names === '*' || s.names.some((n) => (n.asname ?? n.name) === 'register'))) {
        hasRegister = true;
        lib.open = true;
      }
      if (s.kind === 'block') s.bodies.forEach(topLevel);
    }
  };
  topLevel(parsed.module.body);
  walkStmts(parsed.module.body, (s: Stmt) => {
    if (s.kind === 'def') {
      for (const d of s.decorators) {
        const n = dottedName(d);
        if (n && n.startsWith('register.') && DECORATOR_KINDS[n.slice(9)]) add(DECORATOR_KINDS[n.slice(9)], s.name, s.nameSpan);
        const rc = registerCall(d);
        if (rc) {
          const nameArg = rc.args.find((a) => a.name === 'name')?.value ?? (rc.kind === 'filter' || (d.kind === 'call' && d.func.kind === 'attr' && d.func.attr === 'tag') ? rc.args.find((a) => !a.name)?.value : undefined);
          const explicit = strValue(nameArg);
          if (nameArg && explicit === undefined && nameArg.kind !== 'str') lib.open = true;
          add(rc.kind, explicit ?? s.name, s.nameSpan);
        }
      }
    } else if (s.kind === 'expr') {
      // register.tag("name", func) / register.filter("name", func) / register.simple_tag(func, name="x")
      const rc = registerCall(s.value);
      if (rc && s.value.kind === 'call') {
        const pos = rc.args.filter((a) => !a.name);
        const explicit = strValue(rc.args.find((a) => a.name === 'name')?.value) ?? strValue(pos[0]?.value);
        const fn = pos.find((a) => a.value.kind === 'name')?.value;
        // The function registered is where a jump should land, when the module defines it at top level.
        const fnDef = fn && fn.kind === 'name' ? parsed.module.body.find((d) => (d.kind === 'def' || d.kind === 'class') && d.name === fn.id) : undefined;
        const target = fnDef && (fnDef.kind === 'def' || fnDef.kind === 'class') ? fnDef.nameSpan : fn?.span ?? s.value.span;
        if (explicit) add(rc.kind, explicit, target);
        else if (fn && fn.kind === 'name') add(rc.kind, fn.id, target);
        else lib.open = true;
      }
    }
  });
  return hasRegister ? lib : undefined;
}

/** Builds the library index: Django's built-in libraries, then each app's in INSTALLED_APPS order (later names win, as in Django). */
export function buildLibraryIndex(
  fs: FileSystem,
  cache: ParseCache,
  resolver: ModuleResolver,
  apps: AppInfo[],
  appsComplete: boolean,
  optionLibraries: Map<string, string>,
): LibraryIndex {
  const index: LibraryIndex = { libraries: new Map(), complete: appsComplete, incompleteWhy: appsComplete ? [] : ['INSTALLED_APPS could not be fully evaluated'] };
  for (const name of DJANGO_LIBRARIES) {
    // With an environment, Django's own libraries are read like any other, so `{% load static %}` can be followed.
    const module = 'django.templatetags.' + name;
    const mf = resolver.resolve(module);
    const lib = mf?.file && !mf.inWorkspace ? readLibrary(cache, mf.file, name, module) : undefined;
    index.libraries.set(name, lib ? { ...lib, open: true } : { name, module, tags: new Map(), filters: new Map(), open: true });
  }
  for (const app of apps) {
    if (!app.dir) {
      const known = KNOWN_APPS[app.name];
      if (known) {
        for (const l of known.libraries) index.libraries.set(l, { name: l, module: `${app.name}.templatetags.${l}`, app: app.name, tags: new Map(), filters: new Map(), open: true });
      } else {
        index.complete = false;
        index.incompleteWhy.push(`installed app ${app.entry} could not be found`);
      }
      continue;
    }
    const ttDir = app.dir + '/templatetags';
    if (fs.stat(ttDir) !== 'dir') continue;
    const listing = listFolder(fs, ttDir);
    if (listing.truncated) {
      index.complete = false;
      index.incompleteWhy.push(`templatetags folder not fully listed: ${listing.truncated}`);
    }
    for (const rel of listing.files) {
      if (!rel.endsWith('.py') || rel === '__init__.py') continue;
      // Django walks the templatetags package: a sub-package (`pkglib/__init__.py`) is a library named `pkglib`.
      const modPath = rel.endsWith('/__init__.py') ? rel.slice(0, -'/__init__.py'.length) : rel.slice(0, -3);
      const libName = modPath.split('/').join('.');
      const lib = readLibrary(cache, ttDir + '/' + rel, libName, `${app.name}.templatetags.${libName}`);
      if (lib) {
        lib.app = app.name;
        index.libraries.set(libName, lib);
      }
    }
  }
  for (const [name, module] of optionLibraries) {
    const mf = resolver.resolve(module);
    const lib = mf?.file ? readLibrary(cache, mf.file, name, module) : undefined;
    index.libraries.set(name, lib ?? { name, module, tags: new Map(), filters: new Map(), open: true });
  }
  return index;
}
