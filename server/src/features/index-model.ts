// The `django-mtv index` view of a project: named URLs, the template map and every reference with whether it resolves.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import { LineIndex } from '../core/text';
import type { Span } from '../core/text';
import { reverseLookup } from '../core/urls/urlconf';
import type { ViewRef } from '../core/urls/urlconf';
import { lookupTemplateName } from './partials';
import { urlUses, templateUses } from './uses';
import { projectFiles } from './diagnostics/index';
import { projectDjango } from '../core/project/django-version';

export interface IndexedView {
  file: string;
  line: number;
  qualname: string;
}

export interface IndexedProject {
  root: string;
  settings: string | null;
  rootUrlconf: string | null;
  /** The Django series the model follows ("5.2"), and where it was learnt (see core/project/django-version.ts). */
  django: string;
  djangoFrom: 'environment' | 'declared' | 'default';
  urls: { name: string; route: string; params: string[]; file: string; line: number; view: IndexedView | null }[];
  templates: { name: string; file: string }[];
  references: { kind: 'url' | 'template'; name: string; file: string; line: number; resolved: boolean | null }[];
}

/** Maps spans to 1-based lines, reading each file once. */
export class Lines {
  private readonly cache = new Map<string, LineIndex | null>();
  constructor(private readonly read: (file: string) => string | undefined) {}
  line(file: string, span: Span): number {
    let li = this.cache.get(file);
    if (li === undefined) {
      const t = this.read(file);
      li = t === undefined ? null : new LineIndex(t);
      this.cache.set(file, li);
    }
    return li ? li.position(span.start).line + 1 : 1;
  }
  position(file: string, offset: number): { line: number; character: number } {
    this.line(file, { start: 0, end: 0 });
    const li = this.cache.get(file);
    return li ? li.position(offset) : { line: 0, character: 0 };
  }
}

export function viewOf(view: ViewRef, lines: Lines, rel: (f: string) => string): IndexedView | null {
  if (view.kind !== 'def') return null;
  // The line of the `def`/`class` keyword itself: the statement's span starts there, after any decorators.
  return { file: rel(view.file), line: lines.line(view.file, view.stmt.span), qualname: view.qualname };
}

export function indexProject(ws: Workspace, project: Project, rel: (f: string) => string): IndexedProject {
  const lines = new Lines((f) => ws.fs.readFile(f));
  const django = projectDjango(ws.fs, project, ws.root);
  const urls: IndexedProject['urls'] = [];
  for (const e of project.urls?.entries ?? []) {
    if (e.qualifiedName === undefined) continue;
    urls.push({
      name: e.qualifiedName,
      route: e.route,
      // Keyword parameters along the whole chain; unnamed regex groups (Django's _0, _1...) are positional.
      params: e.candidate.forms === 'unknown' ? [] : (e.candidate.forms[0] ?? []).filter((p) => !/^_\d+$/.test(p)),
      file: rel(e.node.file),
      line: lines.line(e.node.file, e.node.span),
      view: viewOf(e.node.view, lines, rel),
    });
  }
  const templates: IndexedProject['templates'] = [];
  for (const [name, files] of project.templates.byName) templates.push({ name, file: rel(files[0].file) });
  templates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const references: IndexedProject['references'] = [];
  for (const file of projectFiles(ws, project, ws.root)) {
    for (const u of urlUses(ws, project, file)) {
      const r = project.urls ? reverseLookup(project.urls, u.name) : undefined;
      references.push({ kind: 'url', name: u.name, file: rel(file), line: lines.line(file, u.span), resolved: !r || r.kind === 'unknown' ? null : r.kind === 'found' });
    }
    for (const t of templateUses(ws, project, file)) {
      // The tag's kind matters: {% extends %} takes no "t.html#partial", the other uses do from Django 6.0.
      const rs = t.names.map((n) => lookupTemplateName(ws, project, n.name, undefined, t.kind));
      const resolved = rs.some((r) => r.kind === 'found') ? true : rs.some((r) => r.kind === 'unknown') ? null : false;
      for (const n of t.names) references.push({ kind: 'template', name: n.name, file: rel(file), line: lines.line(file, n.span), resolved });
    }
  }
  return {
    root: rel(project.root) || '.',
    settings: project.settingsModule ?? null,
    rootUrlconf: project.settings?.rootUrlconf ?? null,
    django: django.series,
    djangoFrom: django.from,
    urls,
    templates,
    references,
  };
}
