// Hover: what a URL name, template name, tag, filter or library stands for, in Markdown, with where it is defined and used.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { LineIndex } from '../core/text';
import { relativeInside } from '../core/fs';
import type { PatternNode, UrlEntry, ViewRef } from '../core/urls/urlconf';
import { reverseLookup } from '../core/urls/urlconf';
import { lookupTemplate, normalizeTemplateName, unseenSource } from '../core/templates/index';
import { nodeAt } from '../core/templates/parse';
import type { ParsedTemplate } from '../core/templates/parse';
import { BUILTIN_FILTERS, BUILTIN_TAGS, DJANGO_LIBRARIES } from '../core/templates/builtins';
import { lifespanNote } from '../core/templates/versions';
import type { PartialDefRecord } from '../core/templates/parse';
import { lookupTemplateName, partialDefIn, partialSource } from './partials';
import { installedAppsHover } from './django-version-hover';
import { partialsSupported, projectDjango } from '../core/project/django-version';
import type { Stmt } from '../core/python/ast';
import { kwarg, walkStmts } from '../core/python/ast';
import { isDjangoTemplate, pythonUrlRefs, templateAncestors, templateUses } from './uses';
import { genericViewTemplates } from './generic-views';
import { templateUsersOf } from './template-users';
import { functionOf, librariesInEffect } from './completion';
import { staticFiles } from './static-files';
import { templateSymbolAt, templateSymbolHover } from './template-symbols';
import { resolveModelRef } from '../core/project/models';
import { injectedFailure } from './failure';

export interface HoverResult {
  /** Markdown; its links to files are placeholders that `fillPlaces` turns into targets. */
  contents: string;
  /** What the hover is about (the name under the cursor). */
  span: Span;
}

/** How many users of a template a hover lists before summing up the rest. */
const MAX_LISTED = 8;

/** The hover at `offset` in `file`, or undefined when nothing Django-specific is there. A bug throws: the server's request guard logs it. */
export function hover(ws: Workspace, file: string, offset: number): HoverResult | undefined {
  const project = ws.projectFor(file);
  if (!project) return undefined;
  injectedFailure('hover');
  return file.endsWith('.py') ? pythonHover(ws, project, file, offset) : templateHover(ws, project, file, offset);
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

function templateHover(ws: Workspace, project: Project, file: string, offset: number): HoverResult | undefined {
  if (!isDjangoTemplate(project, file)) return undefined;
  const parsed = ws.template(file);
  if (!parsed) return undefined;
  const node = nodeAt(parsed, offset);
  // A context variable or an attribute of one (issue 15): its type and where it comes from.
  if (!node) return contextVariableHover(ws, file, offset);
  if (!node.value) return undefined;
  const span = node.span;
  switch (node.kind) {
    case 'urlName':
      return node.quoted ? { contents: urlNameHover(ws, project, node.value), span } : undefined;
    case 'templateName': {
      // templateUses resolves relative names ("./x.html") against this template's own name.
      const use = templateUses(ws, project, file).flatMap((u) => u.names).find((n) => within(n.span, offset));
      return use ? { contents: templateNameHover(ws, project, use.name), span } : undefined;
    }
    case 'tagName': {
      const c = tagHover(ws, project, parsed, offset, node.value);
      return c ? { contents: c, span } : undefined;
    }
    case 'filterName': {
      const c = filterHover(ws, project, parsed, offset, node.value);
      return c ? { contents: c, span } : undefined;
    }
    case 'library': {
      const c = libraryHover(ws, project, node.value);
      return c ? { contents: c, span } : undefined;
    }
    case 'blockName':
      return { contents: blockHover(ws, project, file, node.value), span };
    case 'partialName': {
      const def = partialDefIn(ws, file, node.value);
      return { contents: def ? partialHover(ws, file, def) : `**Partial** ${code(node.value)}  \nNot defined in this template: Django raises TemplateSyntaxError when it renders {% partial ${node.value} %}.`, span };
    }
    case 'staticPath': {
      if (!node.quoted) return undefined;
      const files = staticFiles(ws, project, node.value);
      const head = `**Static file** ${code(node.value)}`;
      if (!files.length) return { contents: `${head}\n\nNot found in STATICFILES_DIRS or any app's \`static/\` folder.`, span };
      const others = files.slice(1).map((f) => '- ' + place(ws, f));
      return { contents: [head, 'Served from ' + place(ws, files[0]), ...(others.length ? ['Also in (hidden by the first):', others.join('\n')] : [])].join('\n\n'), span };
    }
  }
  return undefined;
}

function pythonHover(ws: Workspace, project: Project, file: string, offset: number): HoverResult | undefined {
  // INSTALLED_APPS in the settings says which Django the model follows.
  const apps = installedAppsHover(ws, project, file, offset);
  if (apps) return apps;
  const refs = ws.pythonRefs(file);
  const url = pythonUrlRefs(ws, project, file).find((u) => within(u.nameSpan, offset));
  if (url) return { contents: urlNameHover(ws, project, url.name), span: url.nameSpan };
  for (const t of refs?.templates ?? []) {
    const n = t.names.find((x) => within(x.span, offset));
    if (n) return { contents: templateNameHover(ws, project, n.name), span: n.span };
  }
  // A string relation target (ForeignKey("app.Model")) describes the model.
  const model = modelRefAt(ws, project, file, offset);
  if (model) return model;
  // The name= of a pattern in a URLconf describes that very pattern.
  const entry = project.urls?.entries.find((e) => e.node.file === file && e.node.nameSpan && within(e.node.nameSpan, offset));
  if (entry?.node.nameSpan) return { contents: urlEntriesHover(ws, project, entry.qualifiedName ?? entry.node.name ?? '', [entry]), span: entry.node.nameSpan };
  return undefined;
}

/** Hover on the string target of a relation field: the model it names, its file and fields. */
function modelRefAt(ws: Workspace, project: Project, file: string, offset: number): HoverResult | undefined {
  for (const m of project.models) {
    if (m.file !== file) continue;
    for (const f of m.fields) {
      if (!f.target?.isString || !within(f.target.span, offset)) continue;
      const target = resolveModelRef(project.models, f.target.text, m);
      if (!target) return undefined;
      const fields = target.fields.map((x) => `${code(x.name)} ${x.type}`).join(', ');
      const contents = [`**Model** ${code(`${target.appLabel}.${target.name}`)}${target.abstract ? ' (abstract)' : ''}`, place(ws, target.file, target.stmt.nameSpan.start), fields ? 'Fields: ' + fields : ''].filter(Boolean).join('\n\n');
      return { contents, span: f.target.span };
    }
  }
  return undefined;
}

// ---- Places -------------------------------------------------------------------------------------

function rel(ws: Workspace, file: string): string {
  return relativeInside(ws.root, file) || file;
}

const lineIndexes = new WeakMap<Workspace, Map<string, LineIndex>>();

/** 1-based line of an offset in a file (through the workspace's file system, so open buffers count). */
function lineOf(ws: Workspace, file: string, offset: number): number {
  let m = lineIndexes.get(ws);
  if (!m) lineIndexes.set(ws, (m = new Map()));
  const text = ws.fs.readFile(file) ?? '';
  let li = m.get(file);
  if (!li || li.text !== text) m.set(file, (li = new LineIndex(text)));
  return li.position(offset).line + 1;
}

/** A file and 1-based line that a hover links to: plain data, turned into a URI only by the LSP layer (lsp/context.ts). */
export interface Place {
  file: string;
  line?: number;
}

// A link target in hover Markdown is a placeholder holding its place, between two private-use characters that no
// path or name holds once percent-encoded: the protocol layer, the one place that builds URIs, fills it in.
const PLACE_OPEN = '\uE000';
const PLACE_CLOSE = '\uE001';
const PLACE_RE = /\uE000(\d*)\uE000([^\uE001]*)\uE001/g;

/** Hover Markdown with each place's placeholder replaced by `target(place)` (the LSP layer passes the file's URI). */
export function fillPlaces(markdown: string, target: (place: Place) => string): string {
  return markdown.replace(PLACE_RE, (_, line: string, file: string) => target({ file: decodeURIComponent(file), ...(line ? { line: Number(line) } : {}) }));
}

/** A Markdown link to a file and line that the editor opens on click; its target is a placeholder (see fillPlaces). */
function place(ws: Workspace, file: string, offset?: number): string {
  const line = offset === undefined ? undefined : lineOf(ws, file, offset);
  const label = rel(ws, file) + (line ? `:${line}` : '');
  return `[${label}](${PLACE_OPEN}${line ?? ''}${PLACE_OPEN}${encodeURIComponent(file)}${PLACE_CLOSE})`;
}

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

// ---- URL names ----------------------------------------------------------------------------------

function urlNameHover(ws: Workspace, project: Project, name: string): string {
  if (!project.urls) return `${code(name)}: the URLconf could not be read.`;
  const r = reverseLookup(project.urls, name);
  if (r.kind === 'found') return urlEntriesHover(ws, project, name, r.entries);
  if (r.kind === 'missing') return `${code(name)}: ${r.message}.`;
  return `${code(name)}: not found in the URL patterns that could be read, so not decided: ${r.why}${r.file ? ` (${place(ws, r.file, r.span?.start)})` : ''}.`;
}

function urlEntriesHover(ws: Workspace, project: Project, name: string, entries: UrlEntry[]): string {
  const parts = [`**URL** ${code(name)}`];
  for (const e of entries) {
    const lines = [`${code('/' + e.route)} — ${place(ws, e.node.file, e.node.span.start)}`];
    const forms = e.candidate.forms;
    if (forms === 'unknown') lines.push('Parameters: not understood');
    else {
      const shown = forms.map((f) => (f.length ? f.map((p) => (/^_\d+$/.test(p) ? 'positional' : code(p))).join(', ') : 'none'));
      lines.push('Parameters: ' + [...new Set(shown)].join(' | '));
    }
    lines.push('View: ' + viewText(ws, e.node.view));
    if (e.node.generated) lines.push('Generated by: ' + e.node.generated);
    const rendered = viewTemplates(ws, project, e.node);
    if (rendered.length) lines.push('Renders: ' + rendered.map(code).join(', '));
    parts.push(lines.join('  \n'));
  }
  return parts.join('\n\n');
}

function viewText(ws: Workspace, view: ViewRef): string {
  switch (view.kind) {
    case 'def':
      return `${code(view.module + '.' + view.qualname)} — ${place(ws, view.file, view.stmt.span.start)}`;
    case 'external':
      return code(view.qualname) + ' (installed package)';
    case 'missing':
      return `${code(view.module + '.' + view.attr)} (not defined in ${place(ws, view.moduleFile)})`;
    default:
      return 'not understood statically';
  }
}

/** The templates a view renders, when it says so literally: render() calls, template_name, as_view(template_name=), a generic view's default. */
function viewTemplates(ws: Workspace, project: Project, node: PatternNode): string[] {
  const out = new Set<string>();
  const view = node.view;
  // `X.as_view(template_name="...")` in the URLconf, read from the expression, since X may be an installed view.
  const ve = node.viewExpr;
  if (ve?.kind === 'call' && ve.func.kind === 'attr' && ve.func.attr === 'as_view') {
    const t = kwarg(ve.args, 'template_name');
    if (t?.kind === 'str') out.add(t.value);
  }
  if (view.kind !== 'def') return [...out];
  const init = view.initkwargs?.get('template_name');
  if (init?.t === 'str') out.add(init.v);
  const stmt = view.stmt;
  for (const t of ws.pythonRefs(view.file)?.templates ?? []) {
    if (t.span.start >= stmt.span.start && t.span.end <= stmt.span.end) for (const n of t.names) out.add(n.name);
  }
  if (stmt.kind === 'class' && !out.size) {
    for (const g of genericViewTemplates(ws, project, view.file)) if (g.className === stmt.name) out.add(g.name);
  }
  return [...out];
}

// ---- Template names -----------------------------------------------------------------------------

/** A partial: where it is defined and its source, as Django renders it (inline ones also render in place). */
function partialHover(ws: Workspace, file: string, def: PartialDefRecord): string {
  const head = `**Partial** ${code(def.name)}${def.inline ? ' (inline)' : ''} — ${place(ws, file, def.nameSpan.start)}`;
  return `${head}\n\n${fence(partialSource(ws, file, def))}`;
}

function templateNameHover(ws: Workspace, project: Project, name: string): string {
  // "t.html#row": the partial's own source, where Django finds it (features/partials.ts).
  if (name.includes('#')) {
    const r = lookupTemplateName(ws, project, name);
    if (r.kind === 'found' && r.partial) return partialHover(ws, r.partial.file, r.partial.def);
    if (r.kind === 'missing' && r.noPartial) return `**Template** ${code(r.noPartial.template)}  \nDefines no partial ${code(r.noPartial.partial)}: Django raises TemplateDoesNotExist.`;
    // The listed file lacks it, but it may not be the file Django loads: say so, and why, rather than claim absence.
    if (r.kind === 'unknown' && r.noPartial) return `**Template** ${code(r.noPartial.template)}  \nFile ${place(ws, r.noPartial.file)} defines no partial ${code(r.noPartial.partial)}, but another file of that name may come first: ${r.why}.`;
  }
  const files = project.templates.byName.get(name) ?? [];
  const parts = [`**Template** ${code(name)}`];
  if (!files.length) {
    const r = lookupTemplate(project.templates, name);
    // An undecided name says why, so silence is never mistaken for health.
    if (project.settings?.templatesUnset) parts.push(`No template engine loads it: ${project.settings.enginesWhy}.`);
    else parts.push(r.kind === 'unknown' ? `Not found in the template folders that could be read; it may still exist: ${r.why}.` : `Not found in any of the ${project.templates.dirs.length} template folders.`);
  } else {
    const [first, ...rest] = files;
    parts.push(`File: ${place(ws, first.file)}${first.app ? ` (app ${code(first.app)})` : ''}`);
    // Later files of the same name are never loaded: the first folder in loader order wins.
    if (rest.length) parts.push('Overrides: ' + rest.map((f) => place(ws, f.file)).join(', '));
    // Navigation uses what was found; a place we could not list may still hold a copy that Django loads instead.
    const unseen = unseenSource(project.templates, normalizeTemplateName(name));
    if (unseen) parts.push(`Another copy could come first from a place that was not read: ${unseen}.`);
  }
  const users = templateUsersOf(ws, project, name);
  for (const [label, kind] of [['Rendered by', 'rendered'], ['Extended by', 'extended'], ['Included by', 'included']] as const) {
    const list = users.filter((u) => u.kind === kind);
    if (!list.length) continue;
    // Only the places shown are written out (a line number each); the rest are counted.
    const shown = list.slice(0, MAX_LISTED).map((u) => (u.generic ? `${code(u.generic.className)} (${u.generic.viewKind} default) ${place(ws, u.file, u.offset)}` : u.kind === 'rendered' ? pythonPlace(ws, u.file, u.offset) : place(ws, u.file, u.offset))).join(', ');
    parts.push(`${label}: ${shown}${list.length > MAX_LISTED ? ` and ${list.length - MAX_LISTED} more` : ''}`);
  }
  return parts.join('  \n');
}

/** A place in Python code, named by the function or class around it. */
function pythonPlace(ws: Workspace, file: string, offset: number): string {
  const mod = ws.cache.getPython(file)?.module;
  let owner: string | undefined;
  if (mod) {
    walkStmts(mod.body, (s, scope) => {
      if ((s.kind === 'def' || s.kind === 'class') && offset >= s.span.start && offset <= s.span.end) owner = [...scope, s].map((x) => (x as Stmt & { name: string }).name).join('.');
    });
  }
  return (owner ? code(owner) + ' ' : '') + place(ws, file, offset);
}

/** A block: the ancestor templates (along `{% extends %}`) whose block of that name it overrides. */
function blockHover(ws: Workspace, project: Project, file: string, name: string): string {
  const overrides: string[] = [];
  for (const a of templateAncestors(ws, project, file)) {
    const b = a.parsed.blocks.find((x) => x.name === name);
    if (b) overrides.push(`${code(a.name)} ${place(ws, a.file, b.nameSpan.start)}`);
  }
  const head = `**Block** ${code(name)}`;
  return overrides.length ? `${head}  \nOverrides: ${overrides.join(', ')}` : head;
}

// ---- Tags, filters, libraries -------------------------------------------------------------------

/** The library that defines `name` at this point of the template: the last one loaded above wins, as in Django. */
function definingLibrary(project: Project, parsed: ParsedTemplate, offset: number, name: string, kind: 'tag' | 'filter'): string | undefined {
  const libs = librariesInEffect(project, parsed, offset).reverse();
  for (const l of libs) {
    if (l.only && !l.only.has(name)) continue;
    const known = DJANGO_LIBRARIES[l.name];
    const lib = project.libraries.libraries.get(l.name);
    const fromKnown = known && (!lib || !lib.file || lib.module === known.module);
    if (fromKnown ? (kind === 'tag' ? known.tags[name] : known.filters[name]) : (kind === 'tag' ? lib?.tags : lib?.filters)?.has(name)) return l.name;
  }
  return undefined;
}

function tagHover(ws: Workspace, project: Project, parsed: ParsedTemplate, offset: number, name: string): string | undefined {
  const libName = definingLibrary(project, parsed, offset, name, 'tag');
  if (libName) return libraryItemHover(ws, project, libName, name, 'tag');
  const b = BUILTIN_TAGS[name];
  const series = projectDjango(ws.fs, project, ws.root).series;
  // django-template-partials gives older Djangos the partial tags of 6.0.
  const partialsApp = (name === 'partialdef' || name === 'partial') && partialsSupported(ws.fs, project);
  if (b) return [fence(b.syntax), b.doc, `Built-in tag (${code(b.module)})`, partialsApp ? undefined : lifespanNote(`The tag ${code(name)}`, b, series)].filter(Boolean).join('\n\n');
  // An end or intermediate tag describes the tag it belongs to.
  for (const [open, info] of Object.entries(BUILTIN_TAGS)) {
    if (info.end?.includes(name)) return `Ends ${code(`{% ${open} %}`)}.`;
    if (info.intermediates?.includes(name)) return `Part of ${code(`{% ${open} %}`)}.`;
  }
  return undefined;
}

function filterHover(ws: Workspace, project: Project, parsed: ParsedTemplate, offset: number, name: string): string | undefined {
  const libName = definingLibrary(project, parsed, offset, name, 'filter');
  if (libName) return libraryItemHover(ws, project, libName, name, 'filter');
  const b = BUILTIN_FILTERS[name];
  const note = b ? lifespanNote(`The filter ${code(name)}`, b, projectDjango(ws.fs, project, ws.root).series) : undefined;
  if (b) return [fence(b.signature), b.doc, 'Built-in filter (`django.template.defaultfilters`)', note].filter(Boolean).join('\n\n');
  return undefined;
}

function fence(s: string): string {
  return '```django\n' + s + '\n```';
}

function libraryItemHover(ws: Workspace, project: Project, libName: string, name: string, kind: 'tag' | 'filter'): string {
  const known = DJANGO_LIBRARIES[libName];
  const lib = project.libraries.libraries.get(libName);
  if (known && (!lib || !lib.file || lib.module === known.module)) {
    const info = kind === 'tag' ? known.tags[name] : known.filters[name];
    const sig = 'syntax' in info ? info.syntax : info.signature;
    return [fence(sig), info.doc, `From ${code(`{% load ${libName} %}`)} (${code(known.module)})`].filter(Boolean).join('\n\n');
  }
  const def = (kind === 'tag' ? lib?.tags : lib?.filters)?.get(name);
  const fn = def ? functionOf(ws, def) : undefined;
  const sig = fn ? fence(kind === 'filter' ? `{{ value|${name}${fn.params.length > 1 ? ':arg' : ''} }}` : `{% ${name}${fn.params.length ? ' ' + fn.params.filter((p) => p !== 'context' && p !== 'parser' && p !== 'token').join(' ') : ''} %}`) : undefined;
  const where = def?.file ? place(ws, def.file, def.span?.start) : lib?.file ? place(ws, lib.file) : lib?.module ? code(lib.module) : '';
  return [sig ?? `**${kind === 'tag' ? 'Tag' : 'Filter'}** ${code(name)}`, fn?.doc, `From ${code(`{% load ${libName} %}`)} — ${where}`].filter(Boolean).join('\n\n');
}

function libraryHover(ws: Workspace, project: Project, name: string): string | undefined {
  const lib = project.libraries.libraries.get(name);
  const known = DJANGO_LIBRARIES[name];
  if (!lib && !known) return undefined;
  const parts = [`**Tag library** ${code(name)}`];
  const module = lib?.module ?? known?.module;
  if (module) parts.push('Module: ' + code(module) + (lib?.file ? ' — ' + place(ws, lib.file) : ''));
  const useKnown = known && (!lib || !lib.file || lib.module === known.module);
  const tags = useKnown ? Object.keys(known.tags) : [...(lib?.tags.keys() ?? [])];
  const filters = useKnown ? Object.keys(known.filters) : [...(lib?.filters.keys() ?? [])];
  if (tags.length) parts.push('Tags: ' + tags.map(code).join(', '));
  if (filters.length) parts.push('Filters: ' + filters.map(code).join(', '));
  return parts.join('  \n');
}

/** Hover of a template variable or attribute, from the shared template-symbols query (issue 15). */
function contextVariableHover(ws: Workspace, file: string, offset: number): HoverResult | undefined {
  const sym = templateSymbolAt(ws, file, offset);
  const contents = sym ? templateSymbolHover(ws, sym) : undefined;
  return sym && contents ? { contents, span: sym.span } : undefined;
}
