// Quick fixes: create a missing template, add the {% load %} a custom tag or filter needs, and change a misspelt URL or template name.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { relativeInside } from '../core/fs';
import { editsProblem, relativeNameProblem } from '../core/inside';
import { lookupTemplate } from '../core/templates/index';
import { BUILTIN_FILTERS, BUILTIN_TAGS } from '../core/templates/builtins';
import type { ParsedTemplate } from '../core/templates/parse';
import { djangoEngines, isDjangoTemplate, templateNameOf, templateUses } from './uses';
import { genericViewTemplates } from './generic-views';
import type { Diagnostic } from './diagnostics/types';

export interface FileEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  edits: FileEdit[];
  /** Files to create (absolute paths); they do not exist when the action is offered. */
  createFiles?: { path: string; text: string }[];
  isPreferred?: boolean;
  /** The diagnostic the action fixes, when it fixes one. */
  diagnostic?: Diagnostic;
}

const MAX_SUGGESTIONS = 3;

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions), so "detial" is one edit from "detail". */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      best = Math.min(best, d);
    }
    // Every later row is at least this row's minimum, so a row past the limit ends the search early.
    if (best > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/** How far a suggestion may be: one edit for short names, a quarter of the length for longer ones, never more than three. */
function maxDistance(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length / 4)));
}

/**
 * The existing names closest to `wanted`, best first. Names in the same "group" (URL namespace, template
 * folder) come before others at the same distance, since a typo rarely changes the namespace.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, groupOf: (name: string) => string): string[] {
  const limit = maxDistance(wanted);
  const group = groupOf(wanted);
  const scored: { name: string; d: number; same: number }[] = [];
  for (const c of new Set(candidates)) {
    if (c === wanted) continue;
    const d = editDistance(wanted, c, limit);
    if (d <= limit) scored.push({ name: c, d, same: groupOf(c) === group ? 0 : 1 });
  }
  scored.sort((x, y) => x.same - y.same || x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.name);
}

const urlGroup = (n: string) => n.slice(0, Math.max(0, n.lastIndexOf(':')));
const templateGroup = (n: string) => n.slice(0, Math.max(0, n.lastIndexOf('/')));

/** "Change to 'x'" for each close name, replacing the literal's contents when they spell the name exactly. */
function changeTo(ws: Workspace, file: string, span: Span, wanted: string, candidates: Iterable<string>, group: (n: string) => string, d: Diagnostic): CodeAction[] {
  const text = ws.fs.readFile(file) ?? '';
  // A literal written with escapes differs from its value: offsets inside it cannot be trusted, so say nothing.
  if (text.slice(span.start, span.end) !== wanted) return [];
  return closestNames(wanted, candidates, group).map((name, i) => ({
    title: `Change to '${name}'`,
    kind: 'quickfix',
    edits: [{ file, span, newText: name }],
    isPreferred: i === 0 ? true : undefined,
    diagnostic: d,
  }));
}

/** The missing template names a template-missing diagnostic is about, each with its span. */
function missingNames(ws: Workspace, project: Project, file: string, d: Diagnostic): { name: string; span: Span }[] {
  for (const use of templateUses(ws, project, file)) {
    if (use.names.length && use.names[0].span.start === d.span.start) return use.names;
  }
  if (file.endsWith('.py')) {
    for (const g of genericViewTemplates(ws, project, file)) if (g.span.start === d.span.start) return [{ name: g.name, span: g.span }];
  }
  return [];
}

/** The text a new template starts with: extending base.html (and filling its content block) when the project has one. */
export function starterTemplate(ws: Workspace, project: Project, name: string): string {
  if (name === 'base.html' || !/\.html?$/.test(name)) return '';
  const base = lookupTemplate(project.templates, 'base.html');
  if (base.kind !== 'found') return '';
  const parsed = ws.template(base.files[0].file);
  const block = parsed?.blocks.find((b) => b.name === 'content') ?? parsed?.blocks.find((b) => /body|main/.test(b.name));
  return block ? `{% extends "base.html" %}\n\n{% block ${block.name} %}\n{% endblock ${block.name} %}\n` : '{% extends "base.html" %}\n';
}

/** The app whose folder holds `file` (the deepest one), when it is in the workspace. */
function owningApp(project: Project, file: string) {
  let best: Project['apps'][number] | undefined;
  for (const a of project.apps) {
    if (a.dir && relativeInside(a.dir, file) !== undefined && (!best || a.dir.length > best.dir!.length)) best = a;
  }
  return best;
}

function createTemplateActions(ws: Workspace, project: Project, file: string, d: Diagnostic): CodeAction[] {
  const names = missingNames(ws, project, file, d);
  if (!names.length) return [];
  const name = names[0].name;
  // Names that climb out of their folder, are absolute or that no file system would take are not for us to create.
  if (relativeNameProblem(name)) return [];
  const places: { dir: string; where: string }[] = [];
  const app = owningApp(project, file);
  const appDir = app && project.templates.dirs.find((t) => t.app === app.name && project.settings?.engines[t.engine]?.kind === 'django');
  if (appDir) places.push({ dir: appDir.dir, where: `app '${app!.label}'` });
  const engine = project.settings?.engines.find((e) => e.kind === 'django' && e.dirs.length);
  if (engine) places.push({ dir: engine.dirs[0], where: 'DIRS' });
  const text = starterTemplate(ws, project, name);
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const p of places) {
    const path = p.dir + '/' + name;
    if (seen.has(path) || ws.fs.stat(path) !== undefined) continue;
    seen.add(path);
    const shown = relativeInside(project.root, path) ?? path;
    out.push({ title: `Create template '${name}' in ${p.where} (${shown})`, kind: 'quickfix', edits: [], createFiles: [{ path, text }], isPreferred: out.length === 0 ? true : undefined, diagnostic: d });
  }
  return out;
}

/** The library names and the tag/filter names a template makes available through its `{% load %}` tags. */
function loadedNames(project: Project, t: ParsedTemplate): { libraries: Set<string>; names: Set<string>; open: boolean } {
  const libraries = new Set<string>();
  const names = new Set<string>();
  let open = false;
  for (const load of t.loads) {
    for (const l of load.libraries) {
      libraries.add(l.name);
      const lib = project.libraries.libraries.get(l.name);
      if (!lib) continue;
      if (lib.open) open = true;
      if (load.names) for (const n of load.names) names.add(n.name);
      else {
        for (const k of lib.tags.keys()) names.add(k);
        for (const k of lib.filters.keys()) names.add(k);
      }
    }
  }
  return { libraries, names, open };
}

/** Where `{% load lib %}` goes: on the line after `{% extends %}` (which must come first), else at the very top. */
function loadInsertion(t: ParsedTemplate, lib: string): { span: Span; newText: string } {
  if (!t.extends) return { span: { start: 0, end: 0 }, newText: `{% load ${lib} %}\n` };
  const end = t.extends.tagSpan.end;
  const nl = t.text.indexOf('\n', end);
  const restOfLine = nl < 0 ? t.text.slice(end) : t.text.slice(end, nl);
  if (!restOfLine.trim()) {
    const at = nl < 0 ? t.text.length : nl + 1;
    return { span: { start: at, end: at }, newText: nl < 0 ? `\n{% load ${lib} %}` : `{% load ${lib} %}\n` };
  }
  return { span: { start: end, end }, newText: `\n{% load ${lib} %}` };
}

function missingLoadActions(ws: Workspace, project: Project, file: string, span: Span): CodeAction[] {
  if (file.endsWith('.py') || !isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const loaded = loadedNames(project, t);
  const engineBuiltins = new Set(project.settings?.engines.flatMap((e) => e.builtins) ?? []);
  const wanted: { name: string; kind: 'tag' | 'filter' }[] = [];
  for (const u of t.tags) if (!u.consumedBy && overlaps(u.span, span)) wanted.push({ name: u.name, kind: 'tag' });
  for (const u of t.filters) if (overlaps(u.span, span)) wanted.push({ name: u.name, kind: 'filter' });
  const out: CodeAction[] = [];
  const offered = new Set<string>();
  for (const w of wanted) {
    if (w.kind === 'tag' ? BUILTIN_TAGS[w.name] : BUILTIN_FILTERS[w.name]) continue;
    if (loaded.names.has(w.name)) continue;
    const libs = [...project.libraries.libraries.values()].filter((l) => (w.kind === 'tag' ? l.tags : l.filters).has(w.name));
    // Only one library may define it: with two, which one was meant is a guess.
    if (libs.length !== 1) continue;
    const lib = libs[0];
    // A library already loaded (or made a builtin by OPTIONS) needs no second load.
    if (loaded.libraries.has(lib.name) || (lib.module && engineBuiltins.has(lib.module)) || offered.has(lib.name)) continue;
    offered.add(lib.name);
    const ins = loadInsertion(t, lib.name);
    out.push({ title: `Add {% load ${lib.name} %} for the ${w.kind} '${w.name}'`, kind: 'quickfix', edits: [{ file, ...ins }], isPreferred: true });
  }
  return out;
}

/**
 * The quick fixes for `span` of `file`. `diagnostics` are the engine's diagnostics of that file (the handler
 * recomputes them rather than trusting the client's copy, which may be stale).
 */
export function codeActions(ws: Workspace, file: string, span: Span, diagnostics: Diagnostic[]): CodeAction[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.file !== file || !overlaps(d.span, span)) continue;
    if (d.code === 'template-missing') {
      out.push(...createTemplateActions(ws, project, file, d));
      const names = missingNames(ws, project, file, d);
      if (names.length === 1) {
        const current = templateNameOf(project, file);
        // Template tags load through Django engines only: a name only Jinja2 can find would still be missing.
        const djangoOnly = templateUses(ws, project, file).some((u) => u.djangoOnly && u.names[0]?.span.start === d.span.start);
        const engines = djangoOnly ? djangoEngines(project) : undefined;
        const candidates = [...project.templates.byName].filter(([n, files]) => n !== current && (!engines || files.some((f) => engines.has(f.engine)))).map(([n]) => n);
        out.push(...changeTo(ws, file, names[0].span, names[0].name, candidates, templateGroup, d));
      }
    } else if (d.code === 'url-name-unknown' && project.urls) {
      const text = ws.fs.readFile(file) ?? '';
      const wanted = text.slice(d.span.start, d.span.end);
      const candidates = project.urls.entries.flatMap((e) => (e.qualifiedName ? [e.qualifiedName] : []));
      out.push(...changeTo(ws, file, d.span, wanted, candidates, urlGroup, d));
    }
  }
  out.push(...missingLoadActions(ws, project, file, span));
  // One rule for every fix: nothing is offered that would write outside the workspace folder (links resolved)
  // or into an installed package, whichever fix computed it.
  return out.filter((a) => editsProblem(ws.fs, ws.root, [...a.edits.map((e) => e.file), ...(a.createFiles ?? []).map((c) => c.path)]) === undefined);
}
