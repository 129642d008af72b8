// Find references: every use of a URL pattern's name, every place naming a template, every URL pattern routing to a view.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { Stmt } from '../core/python/ast';
import { walkStmts } from '../core/python/ast';
import type { ReverseLookup, UrlEntry } from '../core/urls/urlconf';
import { reverseLookup } from '../core/urls/urlconf';
import { projectFiles } from './diagnostics/index';
import { templateNameOf, templateUses, urlUses } from './uses';
import type { UrlUse } from './uses';
import { genericViewTemplates } from './generic-views';
import { templateFieldReferences } from './template-symbols';
import { partialTargetAt, partialUses, splitPartialName } from './partials';
import { partialsSupported } from '../core/project/django-version';

export interface RefLocation {
  file: string;
  span: Span;
}

/** What the cursor is on, as the reference, rename and code-lens features see it. */
export type Target =
  /** A URL pattern, from its `name=` string or from a use; `entries` are every place the one declaration sits in the tree. */
  | { kind: 'url'; project: Project; span: Span; key: string; entries: UrlEntry[]; use?: UrlUse }
  /** A template name, from a literal naming it (`span` is that literal) or from inside the template file (`self`). */
  | { kind: 'template'; project: Project; span: Span; name: string; self: boolean }
  /** A view function or class, from its name in its `def`/`class` line. */
  | { kind: 'view'; project: Project; span: Span; file: string; stmt: Stmt & { kind: 'def' | 'class' } }
  /** A URL name that reverse() cannot resolve (or a name without patterns): there is nothing to point at. */
  | { kind: 'none' };

function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** One key per `path(..., name=...)` call: the same declaration reached through two include()s is still one pattern. */
export function patternKey(e: UrlEntry): string {
  return `${e.node.file}#${e.node.nameSpan?.start ?? e.node.span.start}`;
}

/**
 * The files whose references we report and may edit: the project's Python files and the templates under the
 * workspace root. Installed packages (even a `.venv` inside the workspace) are left out: they are not the
 * user's to rename, and scanning them would be slow.
 */
function ownFiles(ws: Workspace, project: Project): string[] {
  return projectFiles(ws, project, ws.root).filter((f) => !/\/(site|dist)-packages\//.test(f));
}

/** Memoised reverse() lookups for one request, since many uses share a name. */
function lookupCache(project: Project): (name: string) => ReverseLookup | undefined {
  const memo = new Map<string, ReverseLookup>();
  return (name) => {
    if (!project.urls) return undefined;
    let r = memo.get(name);
    if (!r) {
      r = reverseLookup(project.urls, name);
      memo.set(name, r);
    }
    return r;
  };
}

/** Every URL-name use of the project's own files, with the pattern declarations it resolves to. */
/** Every URL-name use of a project, kept until any file changes (code lenses ask for it on every redraw). */
const allUsesCache = new WeakMap<Project, { version: number; value: { use: UrlUse; keys: Set<string> }[] }>();

export function allUrlUses(ws: Workspace, project: Project): { use: UrlUse; keys: Set<string> }[] {
  const hit = allUsesCache.get(project);
  if (hit && hit.version === ws.contentVersion) return hit.value;
  const value = collectUrlUses(ws, project);
  allUsesCache.set(project, { version: ws.contentVersion, value });
  return value;
}

function collectUrlUses(ws: Workspace, project: Project): { use: UrlUse; keys: Set<string> }[] {
  const lookup = lookupCache(project);
  const out: { use: UrlUse; keys: Set<string> }[] = [];
  for (const f of ownFiles(ws, project)) {
    for (const use of urlUses(ws, project, f)) {
      const r = lookup(use.name);
      if (r?.kind === 'found') out.push({ use, keys: new Set(r.entries.map(patternKey)) });
    }
  }
  return out;
}

/** The def or class whose name is under the offset, in a parsed Python file. */
function defAt(ws: Workspace, file: string, offset: number): (Stmt & { kind: 'def' | 'class' }) | undefined {
  const parsed = ws.cache.getPython(file);
  if (!parsed) return undefined;
  let found: (Stmt & { kind: 'def' | 'class' }) | undefined;
  walkStmts(parsed.module.body, (s) => {
    if ((s.kind === 'def' || s.kind === 'class') && within(s.nameSpan, offset)) found = s;
  });
  return found;
}

/** The URL patterns (named or not) whose view is the def/class `stmt` of `file`. */
function patternsOfView(project: Project, file: string, stmt: { nameSpan: Span }): UrlEntry[] {
  return (project.urls?.entries ?? []).filter((e) => e.node.view.kind === 'def' && e.node.view.file === file && e.node.view.stmt.nameSpan.start === stmt.nameSpan.start);
}

/**
 * What is at `offset` of `file`. `allowSelf` lets a position anywhere in a template (not on another target)
 * stand for the template itself, which suits "find references" but not rename.
 */
export function targetAt(ws: Workspace, file: string, offset: number, allowSelf = false): Target | undefined {
  const project = ws.projectFor(file);
  if (!project) return undefined;
  const model = project.urls;
  if (model && file.endsWith('.py')) {
    const decl = model.entries.find((e) => e.node.file === file && e.node.nameSpan && e.node.name !== undefined && within(e.node.nameSpan, offset));
    if (decl) {
      const key = patternKey(decl);
      return { kind: 'url', project, span: decl.node.nameSpan!, key, entries: model.entries.filter((e) => patternKey(e) === key) };
    }
  }
  for (const use of urlUses(ws, project, file)) {
    if (!within(use.span, offset)) continue;
    const r = model ? reverseLookup(model, use.name) : undefined;
    if (r?.kind !== 'found') return { kind: 'none' };
    // Several patterns may share a name (reverse() picks by arguments); references follow the first, as Django's lookup order does.
    const key = patternKey(r.entries[0]);
    return { kind: 'url', project, span: use.span, key, entries: model!.entries.filter((e) => patternKey(e) === key), use };
  }
  for (const tu of templateUses(ws, project, file)) {
    for (const n of tu.names) {
      if (!within(n.span, offset)) continue;
      // "t.html#row" before the '#' is the template t.html (the partial part is partials.ts's target).
      const part = templatePart(ws, project, file, n, tu.kind);
      return { kind: 'template', project, span: part?.span ?? n.span, name: part?.name ?? n.name, self: false };
    }
  }
  if (file.endsWith('.py')) {
    const stmt = defAt(ws, file, offset);
    if (stmt && patternsOfView(project, file, stmt).length) return { kind: 'view', project, span: stmt.nameSpan, file, stmt };
    return undefined;
  }
  if (allowSelf) {
    const name = templateNameOf(project, file);
    if (name !== undefined) return { kind: 'template', project, span: { start: 0, end: 0 }, name, self: true };
  }
  return undefined;
}

/** Every use of the URL pattern `key` (its literal name strings), in file then offset order. */
function urlReferences(ws: Workspace, project: Project, key: string): RefLocation[] {
  return allUrlUses(ws, project)
    .filter((u) => u.keys.has(key))
    .map((u) => ({ file: u.use.file, span: u.use.span }));
}

export interface TemplateRef extends RefLocation {
  /** A generic view's default template: named nowhere in the source, so it cannot be edited. */
  implicit: boolean;
}

/** Every place naming template `name`: extends, include, render, template_name..., and generic views' defaults. */
export function templateReferences(ws: Workspace, project: Project, name: string): TemplateRef[] {
  const out: TemplateRef[] = [];
  for (const f of ownFiles(ws, project)) {
    for (const tu of templateUses(ws, project, f)) {
      for (const n of tu.names) {
        if (n.name === name) out.push({ file: f, span: n.span, implicit: false });
        // "name#partial" names the template too: its template part is the reference (a rename keeps "#partial").
        else if (n.name.startsWith(name + '#')) {
          const part = templatePart(ws, project, f, n, tu.kind);
          if (part && part.name === name) out.push({ file: f, span: part.span, implicit: false });
        }
      }
    }
    if (f.endsWith('.py')) for (const g of genericViewTemplates(ws, project, f)) if (g.name === name) out.push({ file: f, span: g.span, implicit: true });
  }
  return out;
}

/** The template part of a "t.html#partial" name (when partials apply and the literal is written as its value). */
function templatePart(ws: Workspace, project: Project, file: string, n: { name: string; span: Span }, kind: string): { name: string; span: Span } | undefined {
  const at = n.name.indexOf('#');
  if (at < 0 || kind === 'extends' || !partialsSupported(ws.fs, project)) return undefined;
  if (ws.fs.readFile(file)?.slice(n.span.start, n.span.end) !== n.name) return undefined;
  return { name: splitPartialName(n.name).template, span: { start: n.span.start, end: n.span.start + at } };
}

/** The files providing a template name that belong to the workspace (the first is the one Django loads). */
export function ownTemplateFiles(ws: Workspace, project: Project, name: string) {
  return (project.templates.byName.get(name) ?? []).filter((t) => t.file.startsWith(ws.root + '/') && !/\/(site|dist)-packages\//.test(t.file));
}

/**
 * References of what is at `offset`. The declaration is the pattern's `name=` string, the template file
 * (an empty span at its start) or the view's name.
 */
export function references(ws: Workspace, file: string, offset: number, includeDeclaration: boolean): RefLocation[] {
  // A model field (its definition, or an attribute reading it in a template) and its template uses (issue 15).
  const field = templateFieldReferences(ws, file, offset, includeDeclaration);
  if (field) return field;
  // A template partial: its partialdef, its {% partial %} tags and every "t.html#name" (features/partials.ts).
  const partial = partialTargetAt(ws, file, offset);
  if (partial) {
    return partialUses(ws, partial.project, partial.file, partial.def)
      .filter((u) => includeDeclaration || u.kind !== 'definition')
      .map(({ file: f, span }) => ({ file: f, span }));
  }
  const t = targetAt(ws, file, offset, true);
  if (!t || t.kind === 'none') return [];
  const out: RefLocation[] = [];
  if (t.kind === 'url') {
    if (includeDeclaration) out.push({ file: t.entries[0].node.file, span: t.entries[0].node.nameSpan! });
    out.push(...urlReferences(ws, t.project, t.key));
  } else if (t.kind === 'template') {
    if (includeDeclaration) for (const tf of ownTemplateFiles(ws, t.project, t.name).slice(0, 1)) out.push({ file: tf.file, span: { start: 0, end: 0 } });
    out.push(...templateReferences(ws, t.project, t.name).map(({ file, span }) => ({ file, span })));
  } else {
    if (includeDeclaration) out.push({ file: t.file, span: t.stmt.nameSpan });
    const seen = new Set<string>();
    for (const e of patternsOfView(t.project, t.file, t.stmt)) {
      const span = e.node.viewExpr?.span ?? e.node.span;
      const k = `${e.node.file}#${span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ file: e.node.file, span });
    }
  }
  return out;
}
