// The contexts each template is rendered with (views, class-based views, inclusion tags, processors, includers, children) and the variables in scope at an offset.

import type { Project } from '../project/project';
import type { Workspace } from '../workspace';
import type { ParsedTemplate } from '../templates/parse';
import { drain } from '../steps';
import { lookupTemplate, resolveRelative, templateNameOf } from '../templates/index';
import type { Span } from '../text';
import type { ModelInfo } from '../project/models';
import type { TypeRef } from './types';
import { UNKNOWN, itemType, memberType, sameType } from './types';
import type { Origin, RenderContext, Renderer } from './render';
import { asViewRenderers, importsOf, inclusionTagRenderers, processorContext, renderCalls, viewClassRenderer } from './render';
import type { PathRef, TemplateFacts } from './tscan';
import { scanTemplateFacts } from './tscan';
import type { ClassStmt } from './classes';

/** A variable in scope, over every context the template is rendered with. */
export interface ScopeVar {
  name: string;
  /** The distinct types it has across contexts (unknown included). */
  types: TypeRef[];
  origins: Origin[];
  /** How many of the scope's contexts give it. */
  provided: number;
}

/** What is in scope at a place of a template, merged over the contexts it is rendered with. */
export interface Scope {
  /** How many contexts were merged (0: we know of no place that renders the template). */
  contexts: number;
  /** How many of them may hold names we did not see. */
  open: number;
  vars: Map<string, ScopeVar>;
  /** Who renders it (views, includers, children...), for hovers. */
  sources: Origin[];
}

const MAX_SOURCES = 50;

function emptyScope(): Scope {
  return { contexts: 0, open: 0, vars: new Map(), sources: [] };
}

function addTo(v: ScopeVar, type: TypeRef, origins: Origin[]): void {
  const same = v.types.find((t) => sameType(t, type));
  if (!same) v.types.push(type);
  else if ((same.kind === 'model' || same.kind === 'queryset' || same.kind === 'manager') && (type.kind === 'model' || type.kind === 'queryset' || type.kind === 'manager') && !type.certain && same.certain) {
    v.types[v.types.indexOf(same)] = { ...same, certain: false };
  }
  for (const o of origins) if (v.origins.length < MAX_SOURCES && !v.origins.some((x) => x.file === o.file && x.span.start === o.span.start && x.label === o.label)) v.origins.push(o);
}

/** A scope from one render context (plus the processors' variables when it has a request). */
function scopeOfContext(ctx: RenderContext, processors: RenderContext | undefined): Scope {
  const s: Scope = { contexts: 1, open: ctx.open || (ctx.request && processors?.open) ? 1 : 0, vars: new Map(), sources: [ctx.source] };
  const put = (name: string, type: TypeRef, origins: Origin[]) => {
    const v = s.vars.get(name);
    if (v) {
      // A view's key hides a processor's of the same name (processors' dicts are pushed first).
      return;
    }
    s.vars.set(name, { name, types: [type], origins, provided: 1 });
  };
  for (const v of ctx.vars.values()) put(v.name, v.type, v.origins);
  if (ctx.request && processors) for (const v of processors.vars.values()) put(v.name, v.type, v.origins);
  return s;
}

/** Merges scopes of different contexts: a variable given by some and not others is still listed, with how many give it. */
function mergeScopes(scopes: Scope[]): Scope {
  const out = emptyScope();
  for (const s of scopes) {
    out.contexts += s.contexts;
    out.open += s.open;
    for (const src of s.sources) if (out.sources.length < MAX_SOURCES) out.sources.push(src);
    for (const v of s.vars.values()) {
      const have = out.vars.get(v.name);
      if (!have) out.vars.set(v.name, { name: v.name, types: [...v.types], origins: [...v.origins], provided: v.provided });
      else {
        have.provided += v.provided;
        for (const t of v.types) addTo(have, t, v.origins);
      }
    }
  }
  return out;
}

/** Everything the project's Python code renders, by template name, and the names rendered in ways we cannot follow. */
interface RenderIndex {
  byName: Map<string, Renderer[]>;
  /** Names some Python code renders with a context we cannot read (get_template(), an email_template_name...). */
  opaque: Set<string>;
  processors: RenderContext;
  /** Template-side facts by file. */
  facts: Map<string, TemplateFacts>;
  /** Who includes / extends each template name. */
  includers: Map<string, { file: string; include: TemplateFacts['includes'][number] }[]>;
  children: Map<string, string[]>;
  scopes: Map<string, Scope>;
}

/** Per project, per parsed Python module: the renderers of that module (kept while the module's parse is). */
const fileRenderers = new WeakMap<Project, WeakMap<object, { renderers: Renderer[]; names: Set<string> }>>();
const factsCache = new WeakMap<ParsedTemplate, TemplateFacts>();

/** The variables and bindings of a template (cached with its parse). */
export function templateFacts(parsed: ParsedTemplate): TemplateFacts {
  let f = factsCache.get(parsed);
  if (!f) {
    f = scanTemplateFacts(parsed);
    factsCache.set(parsed, f);
  }
  return f;
}

/** The template name a file has in the project (the first engine that finds it). */
function nameOf(project: Project, file: string): string | undefined {
  return templateNameOf(project.templates, file);
}

function pythonRenderers(ws: Workspace, project: Project, file: string): { renderers: Renderer[]; names: Set<string> } | undefined {
  const refs = ws.pythonRefs(file);
  if (!refs || (!refs.templates.length && !refs.viewClasses.length)) return undefined;
  const parsed = ws.cache.getPython(file);
  if (!parsed) return undefined;
  let byModule = fileRenderers.get(project);
  if (!byModule) fileRenderers.set(project, (byModule = new WeakMap()));
  const hit = byModule.get(parsed.module);
  if (hit) return hit;
  const body = parsed.module.body;
  const renderers: Renderer[] = [];
  renderers.push(...renderCalls(project, ws.cache, file, body, importsOf(body)));
  for (const vc of refs.viewClasses) {
    const r = viewClassRenderer(project, ws.cache, file, vc.stmt as ClassStmt);
    if (r) renderers.push(r);
  }
  renderers.push(...asViewRenderers(project, ws.cache, file, body));
  renderers.push(...inclusionTagRenderers(project, ws.cache, file, body));
  // Names this file renders that no renderer above accounts for: their context is not ours to see.
  const produced = new Set(renderers.flatMap((r) => r.names));
  const names = new Set<string>();
  for (const t of refs.templates) {
    const followed = /^(render|TemplateResponse|render_to_string|render_to_response|SimpleTemplateResponse|inclusion_tag|template_name)$/.test(t.func);
    for (const n of t.names) if (!followed || !produced.has(n.name)) names.add(n.name);
  }
  const value = { renderers, names };
  byModule.set(parsed.module, value);
  return value;
}

/**
 * The per-file halves of a project's render index, kept across edits: a template edit re-reads that template only,
 * a Python edit that Python file only (issue 14: rebuilding the whole index re-read every Python file and template
 * of the project after each keystroke in a template, 70-170 ms on Misago).
 */
interface IndexParts {
  version: number;
  /** The project's Python files and the tag libraries outside its tree, in order. */
  python: Map<string, { renderers: Renderer[]; names: Set<string> } | undefined>;
  /** Facts and `{% extends %}` of the project's Django templates, in the template index's order. */
  templates: Map<string, TemplateHalf | undefined>;
  index: RenderIndex;
}

type TemplateHalf = { facts: TemplateFacts; ext: ParsedTemplate['extends'] };

const partsCache = new WeakMap<Project, IndexParts>();

/** The index built from scratch, pausing after each file (the language server prepares it in slices). */
function* freshParts(ws: Workspace, project: Project): Generator<void, IndexParts, void> {
  const files = ws.pythonFiles(project);
  // Tag libraries of installed apps outside the tree hold inclusion tags too.
  for (const lib of project.libraries.libraries.values()) if (lib.file && !files.includes(lib.file)) files.push(lib.file);
  const version = ws.contentVersion;
  const python: IndexParts['python'] = new Map();
  for (const f of files) {
    python.set(f, pythonRenderers(ws, project, f));
    yield;
  }
  const templates = new Map<string, TemplateHalf | undefined>();
  for (const file of project.templates.byFile.keys()) {
    if (!isDjango(project, file)) continue;
    templates.set(file, factsOf(ws, file));
    yield;
  }
  return { version, python, templates, index: assemble(project, python, templates, processorContext(project, ws.cache)) };
}

function factsOf(ws: Workspace, file: string): TemplateHalf | undefined {
  const parsed = ws.template(file);
  return parsed ? { facts: templateFacts(parsed), ext: parsed.extends } : undefined;
}

/** The index from its per-file halves. */
function assemble(project: Project, python: IndexParts['python'], templates: IndexParts['templates'], processors: RenderIndex['processors']): RenderIndex {
  const index: RenderIndex = { byName: new Map(), opaque: new Set(), processors, facts: new Map(), includers: new Map(), children: new Map(), scopes: new Map() };
  for (const r of python.values()) {
    if (!r) continue;
    for (const rr of r.renderers) {
      for (const n of rr.names) {
        const l = index.byName.get(n) ?? [];
        l.push(rr);
        index.byName.set(n, l);
      }
    }
    for (const n of r.names) index.opaque.add(n);
  }
  for (const [file, half] of templates) {
    if (!half) continue;
    const { facts, ext } = half;
    index.facts.set(file, facts);
    const current = nameOf(project, file);
    for (const inc of facts.includes) {
      if (inc.name === undefined) continue;
      const n = inc.relative ? resolveRelative(current, inc.name) : inc.name;
      if (n === undefined) continue;
      const l = index.includers.get(n) ?? [];
      l.push({ file, include: inc });
      index.includers.set(n, l);
    }
    if (ext?.name !== undefined) {
      const n = ext.relative ? resolveRelative(current, ext.name) : ext.name;
      if (n !== undefined) {
        const l = index.children.get(n) ?? [];
        l.push(file);
        index.children.set(n, l);
      }
    }
  }
  return index;
}

function isDjango(project: Project, file: string): boolean {
  const entries = project.templates.byFile.get(file);
  return !!entries?.some((e) => project.settings?.engines[e.engine]?.kind === 'django');
}

/**
 * Prepares what the first template-context question of a project needs, a step at a time: the references of its
 * Python files, the parses of the files that render templates, then the render index (the language server runs it
 * after indexing, pausing between steps, so that opening the first template does not parse half the project).
 */
export function* prepareTemplateContext(ws: Workspace, project: Project): Generator<void, void, void> {
  const renderers: string[] = [];
  for (const f of ws.pythonFiles(project)) {
    const refs = ws.pythonRefs(f);
    if (refs && (refs.templates.length || refs.viewClasses.length)) renderers.push(f);
    yield;
  }
  for (const f of renderers) yield* ws.cache.getPythonSteps(f);
  if (partsCache.has(project)) return;
  const parts = yield* freshParts(ws, project);
  // Files that changed meanwhile are brought up to date by the next question, as after any edit.
  if (!partsCache.has(project)) partsCache.set(project, parts);
}

function renderIndex(ws: Workspace, project: Project): RenderIndex {
  let parts = partsCache.get(project);
  const changed = parts ? ws.changedSince(parts.version) : undefined;
  if (parts && changed && !changed.length) return parts.index;
  // A Python file outside the lists (a context processor's module) may change what every template sees.
  if (!parts || !changed || changed.some((f) => f.endsWith('.py') && !parts!.python.has(f))) parts = drain(freshParts(ws, project));
  else {
    let python = false;
    for (const f of changed) {
      if (parts.python.has(f)) {
        parts.python.set(f, pythonRenderers(ws, project, f));
        python = true;
      } else if (parts.templates.has(f)) parts.templates.set(f, factsOf(ws, f));
    }
    parts.index = assemble(project, parts.python, parts.templates, python ? processorContext(project, ws.cache) : parts.index.processors);
    parts.version = ws.contentVersion;
  }
  partsCache.set(project, parts);
  return parts.index;
}

/** The names under which a file is the template Django loads (the first file of each name). */
function loadedNames(project: Project, file: string): string[] {
  const out: string[] = [];
  for (const e of project.templates.byFile.get(file) ?? []) {
    const r = lookupTemplate(project.templates, e.name);
    if (r.kind === 'found' && r.files[0]?.file === file && !out.includes(e.name)) out.push(e.name);
  }
  return out;
}

/**
 * The scope a template is rendered with, before its own tags bind anything: the contexts of the views that
 * render it, of the templates that include it (their scope at the include) and of the templates extending it.
 */
function templateScope(ws: Workspace, project: Project, file: string, visiting: Set<string> = new Set()): Scope {
  const index = renderIndex(ws, project);
  const hit = index.scopes.get(file);
  if (hit) return hit;
  if (visiting.has(file)) {
    // A cycle (a template including itself through others): what comes round again is not known.
    return { contexts: 1, open: 1, vars: new Map(), sources: [] };
  }
  visiting.add(file);
  const parts: Scope[] = [];
  for (const name of loadedNames(project, file)) {
    for (const r of index.byName.get(name) ?? []) parts.push(scopeOfContext(r.context, index.processors));
    // A name rendered in a way we cannot follow, or that another template folder also provides (an override of an
    // app's template, which that app's own views render): a context we do not see.
    if (index.opaque.has(name) || (project.templates.byName.get(name)?.length ?? 0) > 1) parts.push({ contexts: 1, open: 1, vars: new Map(), sources: [] });
    for (const inc of index.includers.get(name) ?? []) {
      const at = scopeAt(ws, project, inc.file, inc.include.tagSpan.start, visiting);
      const given = new Map<string, ScopeVar>();
      for (const g of inc.include.given) {
        const t = g.from ? pathType(ws, project, at, g.from.segments.map((s) => s.name)) : { types: [UNKNOWN], certain: false };
        given.set(g.name, { name: g.name, types: t.types.map((x) => (t.certain ? x : uncertain(x))), origins: [{ file: inc.file, span: g.span, label: `{% include %} in ${nameOf(project, inc.file) ?? inc.file}` }], provided: at.contexts || 1 });
      }
      const base: Scope = inc.include.only ? { contexts: Math.max(at.contexts, 1), open: 0, vars: new Map(), sources: [] } : { ...at, vars: new Map(at.vars), sources: [...at.sources] };
      for (const [k, v] of given) base.vars.set(k, { ...v, provided: base.contexts });
      base.sources = [{ file: inc.file, span: inc.include.tagSpan, label: `included by ${nameOf(project, inc.file) ?? inc.file}` }];
      parts.push(base);
    }
    for (const child of index.children.get(name) ?? []) {
      if (child === file) continue;
      const cs = templateScope(ws, project, child, visiting);
      parts.push({ ...cs, sources: [{ file: child, span: { start: 0, end: 0 }, label: `extended by ${nameOf(project, child) ?? child}` }] });
    }
  }
  visiting.delete(file);
  const merged = mergeScopes(parts);
  index.scopes.set(file, merged);
  return merged;
}

/** The scope at an offset of a template: its contexts plus what its enclosing `for`, `with` and `as` tags bind. */
export function scopeAt(ws: Workspace, project: Project, file: string, offset: number, visiting: Set<string> = new Set()): Scope {
  const base = templateScope(ws, project, file, visiting);
  const index = renderIndex(ws, project);
  const facts = index.facts.get(file) ?? (ws.template(file) ? templateFacts(ws.template(file)!) : undefined);
  if (!facts) return base;
  const scope: Scope = { ...base, vars: new Map(base.vars) };
  const n = Math.max(scope.contexts, 1);
  // Ancestors' loop and with names may wrap this template's blocks: inside a block, such a name is not certain.
  const parsed = ws.template(file);
  if (parsed?.extends && facts.blocks.some((b) => offset >= b.start && offset <= b.end)) {
    for (const ancestorName of ancestorsBindings(ws, project, file)) {
      const have = scope.vars.get(ancestorName.name);
      if (have) scope.vars.set(ancestorName.name, { ...have, types: [...have.types, UNKNOWN], origins: [...have.origins, ancestorName.origin] });
      else scope.vars.set(ancestorName.name, { name: ancestorName.name, types: [UNKNOWN], origins: [ancestorName.origin], provided: 0 });
    }
  }
  // Bindings in document order, so an inner one replaces an outer one.
  const active = facts.bindings.filter((b) => offset >= b.scope.start && offset <= b.scope.end).sort((a, b) => a.scope.start - b.scope.start);
  for (const b of active) {
    const origin: Origin = { file, span: b.span, label: `{% ${b.tag} %}` };
    let types: TypeRef[] = [UNKNOWN];
    if (b.how === 'forloop') types = [{ kind: 'unknown', name: 'ForloopContext' }];
    else if (b.how === 'as') types = [b.tag === 'url' || b.tag === 'trans' || b.tag === 'translate' || b.tag === 'static' || b.tag === 'now' || /^blocktrans/.test(b.tag) ? { kind: 'scalar', name: 'str' } : UNKNOWN];
    else if (b.from) {
      // Typed against the scope built so far: the bindings that enclose this one come first.
      const t = pathType(ws, project, scope, b.from.segments.map((x) => x.name));
      types = (b.how === 'item' ? t.types.map(itemType) : t.types).map((x) => (t.certain ? x : uncertain(x)));
    }
    scope.vars.set(b.name, { name: b.name, types, origins: [origin], provided: n });
  }
  return scope;
}

/** The same type, no longer certain (a value not given the same way by every context). */
function uncertain(t: TypeRef): TypeRef {
  return t.kind === 'model' || t.kind === 'queryset' || t.kind === 'manager' ? { ...t, certain: false } : t;
}

function ancestorsBindings(ws: Workspace, project: Project, file: string): { name: string; origin: Origin }[] {
  const out: { name: string; origin: Origin }[] = [];
  let current = file;
  const seen = new Set([file]);
  for (let d = 0; d < 30; d++) {
    const ext = ws.template(current)?.extends;
    if (!ext?.name) break;
    const name = ext.relative ? resolveRelative(nameOf(project, current), ext.name) : ext.name;
    if (!name) break;
    const r = lookupTemplate(project.templates, name);
    const parent = r.kind === 'found' ? r.files.find((f) => !seen.has(f.file)) : undefined;
    if (!parent) break;
    seen.add(parent.file);
    const parsed = ws.template(parent.file);
    if (!parsed) break;
    for (const b of templateFacts(parsed).bindings) out.push({ name: b.name, origin: { file: parent.file, span: b.span, label: `{% ${b.tag} %} in ${name}` } });
    current = parent.file;
  }
  return out;
}

/** The types of a dotted path (`book.author`) in a scope, and whether the value is certain in every context. */
export function pathType(ws: Workspace, project: Project, scope: Scope, path: string[]): { types: TypeRef[]; certain: boolean } {
  const v = scope.vars.get(path[0]);
  if (!v) return { types: [UNKNOWN], certain: false };
  let types = v.types;
  let certain = isCertainVar(scope, v);
  for (const seg of path.slice(1)) {
    const next: TypeRef[] = [];
    for (const t of types) {
      const m = memberType(project, ws.cache, t, seg);
      const nt = m?.type ?? UNKNOWN;
      if (!next.some((x) => sameType(x, nt))) next.push(nt);
    }
    types = next;
    certain = certain && types.length === 1 && isCertainType(types[0]);
  }
  return { types, certain };
}

function isCertainType(t: TypeRef): boolean {
  return (t.kind === 'model' || t.kind === 'queryset' || t.kind === 'manager') && t.certain;
}

/** Whether a variable has one certain type in every context of the scope. */
export function isCertainVar(scope: Scope, v: ScopeVar): boolean {
  return scope.contexts > 0 && v.provided >= scope.contexts && v.types.length === 1 && isCertainType(v.types[0]);
}

