// Go-to-definition: from URL names, views, template names, blocks, libraries, tags, filters, static paths and model strings to where they are defined.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { PatternNode, ResolverNode } from '../core/urls/urlconf';
import { reverseLookup } from '../core/urls/urlconf';
import { lookupTemplateName, partialDefIn } from './partials';
import { nodeAt } from '../core/templates/parse';
import type { TemplateNode } from '../core/templates/parse';
import type { TagDef } from '../core/project/taglibs';
import { resolveModelRef } from '../core/project/models';
import { djangoEngines, pythonUrlRefs, resolveRelative, templateAncestors, templateNameOf, templateUses } from './uses';
import { genericViewTemplates } from './generic-views';
import { stringAt, touches } from './python-at';
import { staticFiles } from './static-files';
import { templateSymbolAt, templateSymbolDefinition } from './template-symbols';
import { injectedFailure } from './failure';

export interface DefinitionTarget {
  file: string;
  /** The name of what is defined; an empty span at offset 0 when the target is a whole file. */
  span: Span;
}

const WHOLE_FILE: Span = { start: 0, end: 0 };
/** How many `{% extends %}` levels a block search follows before giving up (real chains are a handful deep). */

/** Where what is at `offset` in `file` is defined: every candidate, the one Django would use first. A bug throws: the server's request guard logs it. */
export function definition(ws: Workspace, file: string, offset: number): DefinitionTarget[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  injectedFailure('definition');
  const found = file.endsWith('.py') ? fromPython(ws, project, file, offset) : fromTemplate(ws, project, file, offset);
  return dedupe(found);
}

function dedupe(targets: DefinitionTarget[]): DefinitionTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.file}\0${t.span.start}\0${t.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- Shared lookups --------------------------------------------------------------------------------

/** The `path(...)` calls a URL name reverses to, through namespaces, in the order Django tries them. */
function urlTargets(project: Project, name: string): DefinitionTarget[] {
  if (!project.urls) return [];
  const r = reverseLookup(project.urls, name);
  if (r.kind !== 'found') return [];
  return r.entries.map((e) => ({ file: e.node.file, span: e.node.span }));
}

/** The files a template name loads, the winner first; `engines` limits the search to some engines (template tags use Django engines only). */
function templateTargets(ws: Workspace, project: Project, name: string, engines?: Set<number>, tag?: string): DefinitionTarget[] {
  // "t.html#row" (template partials) goes to the {% partialdef row %} of the file Django loads.
  const r = lookupTemplateName(ws, project, name, engines, tag);
  // A partial the template lacks (or may lack): the template itself is still where the name leads.
  if (r.kind !== 'found') return r.noPartial ? [{ file: r.noPartial.file, span: WHOLE_FILE }] : [];
  if (r.partial) return [{ file: r.partial.file, span: r.partial.def.nameSpan }];
  return r.files.map((f) => ({ file: f.file, span: WHOLE_FILE }));
}

// ---- From Python -----------------------------------------------------------------------------------

function fromPython(ws: Workspace, project: Project, file: string, offset: number): DefinitionTarget[] {
  const parsed = ws.cache.getPython(file);
  if (!parsed) return [];
  const refs = ws.pythonRefs(file);
  // Strings first: a template name inside `as_view(template_name=...)` is more specific than the view around it.
  const str = stringAt(parsed.module, offset);
  if (str && refs) {
    for (const u of pythonUrlRefs(ws, project, file)) if (sameOrInside(u.nameSpan, str.content)) return urlTargets(project, u.name);
    for (const t of refs.templates) {
      for (const n of t.names) if (sameOrInside(n.span, str.content)) return templateTargets(ws, project, n.name);
    }
  }
  if (str) {
    const model = modelTarget(project, file, str.content);
    if (model.length) return model;
  }
  const inUrlconf = urlconfTargets(project, file, offset);
  if (inUrlconf.length) return inUrlconf;
  for (const g of genericViewTemplates(ws, project, file)) {
    if (touches(g.span, offset)) return templateTargets(ws, project, g.name);
  }
  return [];
}

/** Whether a reference's span is the string under the cursor (spans of refs are string contents, so they match exactly). */
function sameOrInside(ref: Span, content: Span): boolean {
  return ref.start >= content.start && ref.end <= content.end;
}

/** A string relation target of a model field (`ForeignKey("app.Model")`, `"self"`) → the model class's name. */
function modelTarget(project: Project, file: string, content: Span): DefinitionTarget[] {
  for (const m of project.models) {
    if (m.file !== file) continue;
    for (const f of m.fields) {
      if (!f.target?.isString || f.target.span.start !== content.start || f.target.span.end !== content.end) continue;
      const target = resolveModelRef(project.models, f.target.text, m);
      return target ? [{ file: target.file, span: target.stmt.nameSpan }] : [];
    }
  }
  return [];
}

/** In a URLconf: a view expression → its def/class name; an include() string → the included URLconf. */
function urlconfTargets(project: Project, file: string, offset: number): DefinitionTarget[] {
  if (!project.urls) return [];
  const out: DefinitionTarget[] = [];
  // A URLconf included twice appears twice in the tree: every copy gives the same target, deduplicated later.
  const visit = (node: ResolverNode) => {
    for (const c of node.children) {
      if (c.kind === 'resolver') {
        if (c.file === file && c.moduleFile && touches(c.targetSpan, offset)) out.push({ file: c.moduleFile, span: WHOLE_FILE });
        visit(c);
      } else if (c.file === file && touches(c.viewExpr?.span, offset)) {
        const t = viewTarget(c);
        if (t) out.push(t);
      }
    }
  };
  visit(project.urls.root);
  return out;
}

function viewTarget(p: PatternNode): DefinitionTarget | undefined {
  return p.view.kind === 'def' ? { file: p.view.file, span: p.view.stmt.nameSpan } : undefined;
}

// ---- From templates --------------------------------------------------------------------------------

function fromTemplate(ws: Workspace, project: Project, file: string, offset: number): DefinitionTarget[] {
  const parsed = ws.template(file);
  if (!parsed) return [];
  const node = nodeAt(parsed, offset);
  // A context variable or an attribute of one (issue 15): where it enters the context, or the model member.
  if (!node) return contextVariableTargets(ws, file, offset);
  if (!touches(node.span, offset) || node.value === '') return [];
  switch (node.kind) {
    case 'urlName':
      return urlTargets(project, node.value);
    case 'templateName':
      return templateNameTargets(ws, project, file, node);
    case 'blockName':
      return blockTargets(ws, project, file, node.value);
    case 'partialName': {
      // {% partial %} looks only in its own template (Django's parser.extra_data), before or after the tag.
      const def = partialDefIn(ws, file, node.value);
      return def ? [{ file, span: def.nameSpan }] : [];
    }
    case 'library': {
      const lib = project.libraries.libraries.get(node.value);
      return lib?.file ? [{ file: lib.file, span: WHOLE_FILE }] : [];
    }
    case 'loadName': {
      const lib = node.library === undefined ? undefined : project.libraries.libraries.get(node.library);
      const def = lib?.tags.get(node.value) ?? lib?.filters.get(node.value);
      return defTarget(def);
    }
    case 'tagName':
    case 'filterName':
      return defTarget(visibleDefs(project, parsed.loads, node.span.start, node.kind === 'tagName' ? 'tags' : 'filters').get(node.value));
    case 'staticPath':
      return staticTargets(ws, project, node.value);
  }
  return [];
}

function templateNameTargets(ws: Workspace, project: Project, file: string, node: TemplateNode): DefinitionTarget[] {
  // templateUses has already resolved relative names; match it by span so both agree on what the name means.
  const use = templateUses(ws, project, file).find((u) => u.names.some((n) => n.span.start === node.span.start && n.span.end === node.span.end));
  const name = use?.names[0].name ?? (node.value.startsWith('./') || node.value.startsWith('../') ? resolveRelative(templateNameOf(project, file), node.value) : node.value);
  if (name === undefined) return [];
  const targets = templateTargets(ws, project, name, djangoEngines(project), use?.kind ?? node.templateTag);
  // Django's {% extends %} skips the template that extends (so an override can extend the file it overrides).
  return use?.kind === 'extends' || node.templateTag === 'extends' ? targets.filter((t) => t.file !== file) : targets;
}

/** The same block in the nearest ancestor that defines it (the chain is followed as Django's ExtendsNode does). */
function blockTargets(ws: Workspace, project: Project, file: string, name: string): DefinitionTarget[] {
  for (const a of templateAncestors(ws, project, file)) {
    const block = a.parsed.blocks.find((b) => b.name === name);
    if (block) return [{ file: a.file, span: block.nameSpan }];
  }
  return [];
}

/**
 * The custom tags or filters a template can use at `before`: the engine's `builtins` libraries, then each
 * `{% load %}` written before that point in order (a later load replaces a name, as Django's parser does).
 */
function visibleDefs(project: Project, loads: { tagSpan: Span; libraries: { name: string }[]; names?: { name: string }[] }[], before: number, which: 'tags' | 'filters'): Map<string, TagDef> {
  const out = new Map<string, TagDef>();
  const libs = project.libraries.libraries;
  const builtinModules = new Set<string>();
  for (const e of project.settings?.engines ?? []) if (e.kind === 'django') for (const m of e.builtins) builtinModules.add(m);
  for (const lib of libs.values()) if (lib.module && builtinModules.has(lib.module)) lib[which].forEach((d, n) => out.set(n, d));
  for (const load of loads) {
    if (load.tagSpan.end > before) continue;
    if (load.names) {
      const lib = libs.get(load.libraries[0]?.name ?? '');
      for (const n of load.names) {
        const d = lib?.[which].get(n.name);
        if (d) out.set(n.name, d);
      }
    } else {
      for (const l of load.libraries) libs.get(l.name)?.[which].forEach((d, n) => out.set(n, d));
    }
  }
  return out;
}

function defTarget(def: TagDef | undefined): DefinitionTarget[] {
  return def?.file && def.span ? [{ file: def.file, span: def.span }] : [];
}

/** `{% static %}` paths: every file that serves the path, the finders' choice first. */
function staticTargets(ws: Workspace, project: Project, path: string): DefinitionTarget[] {
  return staticFiles(ws, project, path).map((file) => ({ file, span: WHOLE_FILE }));
}

/** Go-to-definition of a template variable or attribute, from the shared template-symbols query (issue 15). */
function contextVariableTargets(ws: Workspace, file: string, offset: number): DefinitionTarget[] {
  const sym = templateSymbolAt(ws, file, offset);
  return sym ? templateSymbolDefinition(sym) : [];
}
