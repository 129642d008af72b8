// Collects the URL-name and template-name uses of one file (template or Python) in one shape, for diagnostics and navigation.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { PyUrlRef } from '../core/python/refs';
import { forwardsToReverse } from '../core/python/refs';
import { findDefinition } from '../core/python/modules';
import type { LoadRecord, ParsedTemplate } from '../core/templates/parse';
import { lookupTemplate, resolveRelative, templateNameOf as templateNameIn } from '../core/templates/index';

export interface UrlUse {
  file: string;
  name: string;
  span: Span;
  /** Positional count and keyword names, when every argument was understood. */
  args?: number;
  kwargs?: string[];
  /** `{% url ... as var %}` never raises, so it is never reported. */
  asVar: boolean;
  /** Why this `{% url %}` may not be Django's tag (a library replaces it): then Django's rules do not apply. */
  notDjangos?: string;
  source: 'template' | 'python';
  func: string;
}

export interface TemplateUse {
  file: string;
  names: { name: string; span: Span }[];
  anyOf: boolean;
  /** extends, include, render, template_name, ... */
  kind: string;
  /** Template tags look only in Django engines; Python's loader functions try every engine. */
  djangoOnly: boolean;
  /** Why Django may never load these names (a project's own `*_template_name` attribute): never reported missing. */
  unchecked?: string;
}

/** Engines of the Django kind: template tags load only through them, while Python's loader functions try every engine. */
export function djangoEngines(project: Project): Set<number> {
  const out = new Set<number>();
  project.settings?.engines.forEach((e, i) => {
    if (e.kind === 'django') out.add(i);
  });
  return out;
}

/** Whether a file is a Django-language template (not one only a Jinja2 engine loads). */
export function isDjangoTemplate(project: Project, file: string): boolean {
  const entries = project.templates.byFile.get(file);
  if (!entries || !entries.length) return !file.endsWith('.py') && /\/templates\//.test(file);
  return entries.some((e) => project.settings?.engines[e.engine]?.kind === 'django');
}

/** The template name of a file, as the first engine that finds it knows it. */
export function templateNameOf(project: Project, file: string): string | undefined {
  return templateNameIn(project.templates, file);
}

export { resolveRelative };

/** A wrapper's verdict, per parse of the statement that defines it. */
const wrappers = new WeakMap<object, { argsAsDjango: boolean } | null>();

/**
 * The URL-name uses of a Python file: calls of Django's functions, and calls of a project function that forwards
 * its first argument to Django's reverse() unchanged (a locale-forcing `reverse` of the project's own).
 */
export function pythonUrlRefs(ws: Workspace, project: Project, file: string): PyUrlRef[] {
  const refs = ws.pythonRefs(file);
  if (!refs?.viaCalls.length) return refs?.urls ?? [];
  const out = [...refs.urls];
  for (const v of refs.viaCalls) {
    const dot = v.origin.lastIndexOf('.');
    const def = findDefinition(project.resolver, ws.cache, v.origin.slice(0, dot), v.origin.slice(dot + 1), ['def'] as const);
    if (!def) continue;
    let w = wrappers.get(def.stmt);
    if (w === undefined) {
      const parsed = ws.cache.getPython(def.file);
      w = (parsed && forwardsToReverse(def.stmt, parsed.module)) || null;
      wrappers.set(def.stmt, w);
    }
    if (!w) continue;
    out.push(w.argsAsDjango ? v.ref : { ...v.ref, args: undefined, kwargs: undefined, argsKnown: false });
  }
  return out.sort((a, b) => a.nameSpan.start - b.nameSpan.start);
}

export function urlUses(ws: Workspace, project: Project, file: string): UrlUse[] {
  if (file.endsWith('.py')) {
    return pythonUrlRefs(ws, project, file).map((r) => ({ file, name: r.name, span: r.nameSpan, args: r.argsKnown ? r.args : undefined, kwargs: r.argsKnown ? r.kwargs : undefined, asVar: false, source: 'python', func: r.func }));
  }
  if (!isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  return t.urls.flatMap((u): UrlUse[] =>
    u.name === undefined
      ? []
      : [{ file, name: u.name, span: u.nameSpan, args: u.args, kwargs: u.kwargs.map((k) => k.name), asVar: u.asVar !== undefined, notDjangos: urlTagReplaced(project, t.loads, u.nameSpan.start), source: 'template', func: 'url' }],
  );
}

/**
 * Why the `{% url %}` at `offset` may not be Django's: a library in the engine's OPTIONS.builtins, or one loaded
 * above it, registers its own `url` tag (django-hosts does, reversing in another URLconf). A builtins module we
 * could not read may do so too, since overriding tags everywhere is what builtins are for.
 */
function urlTagReplaced(project: Project, loads: LoadRecord[], offset: number): string | undefined {
  const libs = [...project.libraries.libraries.values()];
  for (const e of project.settings?.engines ?? []) {
    if (e.kind !== 'django') continue;
    for (const m of e.builtins) {
      const lib = libs.find((l) => l.module === m);
      if (!lib) return `OPTIONS builtins module ${m} was not read and may replace the url tag`;
      if (lib.tags.has('url')) return `the url tag is ${m}'s (OPTIONS builtins), not Django's`;
    }
  }
  for (const load of loads) {
    if (load.tagSpan.end > offset) continue;
    const names = load.names ? load.names.map((n) => n.name) : undefined;
    for (const l of load.libraries) {
      if (names && !names.includes('url')) continue;
      if (project.libraries.libraries.get(l.name)?.tags.has('url')) return `{% load ${l.name} %} replaces the url tag`;
    }
  }
  return undefined;
}

export function templateUses(ws: Workspace, project: Project, file: string): TemplateUse[] {
  if (file.endsWith('.py')) {
    const refs = ws.pythonRefs(file);
    return (refs?.templates ?? []).map((r) => ({ file, names: r.names, anyOf: r.anyOf, kind: r.func, djangoOnly: false, ...(r.unchecked ? { unchecked: r.unchecked } : {}) }));
  }
  if (!isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const current = templateNameOf(project, file);
  const out: TemplateUse[] = [];
  for (const ref of [...(t.extends ? [t.extends] : []), ...t.includes]) {
    if (ref.name === undefined) continue;
    const name = ref.relative ? resolveRelative(current, ref.name) : ref.name;
    if (name === undefined) continue;
    out.push({ file, names: [{ name, span: ref.nameSpan }], anyOf: false, kind: ref.tag, djangoOnly: true });
  }
  return out;
}

/** How far an `{% extends %}` chain is followed; real chains are a handful of templates deep. */
const MAX_EXTENDS_DEPTH = 50;

export interface TemplateAncestor {
  /** The name written (relative names resolved) in the child's `{% extends %}`. */
  name: string;
  file: string;
  parsed: ParsedTemplate;
}

/**
 * The templates `file` extends, nearest first. Each `{% extends %}` is looked up the way Django's ExtendsNode
 * does: relative names against the child's own name, Django engines only, and a template extending its own
 * name (an override of admin/base.html) gets the next file of that name, so files already in the chain are skipped.
 */
export function templateAncestors(ws: Workspace, project: Project, file: string, max = MAX_EXTENDS_DEPTH): TemplateAncestor[] {
  const engines = djangoEngines(project);
  const history = new Set<string>([file]);
  const out: TemplateAncestor[] = [];
  let current = file;
  for (let depth = 0; depth < max; depth++) {
    const ext = ws.template(current)?.extends;
    if (!ext || ext.name === undefined) break;
    const name = ext.relative ? resolveRelative(templateNameOf(project, current), ext.name) : ext.name;
    if (name === undefined) break;
    const r = lookupTemplate(project.templates, name, engines);
    const parent = r.kind === 'found' ? r.files.find((f) => !history.has(f.file)) : undefined;
    const parsed = parent ? ws.template(parent.file) : undefined;
    if (!parent || !parsed) break;
    history.add(parent.file);
    out.push({ name, file: parent.file, parsed });
    current = parent.file;
  }
  return out;
}
