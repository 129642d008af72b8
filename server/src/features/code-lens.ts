// Code lenses: above each routed view its routes and the templates it renders; use counts above named URL patterns and atop templates.

import type { Workspace } from '../core/workspace';
import type { Span } from '../core/text';
import { lookupTemplate } from '../core/templates/index';
import type { RefLocation } from './references';
import { allUrlUses, ownTemplateFiles, patternKey, templateReferences } from './references';
import { templateNameOf, templateUses } from './uses';
import { genericViewTemplates } from './generic-views';
import { displayRoute } from './workspace-symbols';

export interface CodeLens {
  /** Where the lens sits (its line) and where a reference list opened from it is anchored. */
  span: Span;
  title: string;
  /** What clicking the lens lists; empty for a lens that only informs. */
  locations: RefLocation[];
}

/** Routes shown in one lens before the rest are summarised, so a view behind many patterns keeps a readable title. */
const MAX_ROUTES = 3;

const inside = (s: Span, outer: Span) => s.start >= outer.start && s.end <= outer.end;

export function codeLens(ws: Workspace, file: string): CodeLens[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  if (!file.endsWith('.py')) {
    // A template of the project: at its top, how many places name it.
    const name = templateNameOf(project, file);
    if (name === undefined || !ownTemplateFiles(ws, project, name).some((t) => t.file === file)) return [];
    const refs = templateReferences(ws, project, name).map(({ file: f, span }) => ({ file: f, span }));
    return [{ span: { start: 0, end: 0 }, title: refs.length === 1 ? '1 use' : `${refs.length} uses`, locations: refs }];
  }
  if (!project.urls) return [];
  const entries = project.urls.entries;
  const out: CodeLens[] = [];

  // Views defined here that some pattern routes to: one lens of routes, one of rendered templates.
  // Routes and pattern places are deduplicated through sets: one view behind 49,000 patterns made a scan of
  // the lists per pattern take minutes (issue 14).
  const views = new Map<number, { span: Span; stmtSpan: Span; routes: Set<string>; patterns: RefLocation[]; places: Set<string> }>();
  for (const e of entries) {
    const v = e.node.view;
    if (v.kind !== 'def' || v.file !== file) continue;
    let view = views.get(v.stmt.nameSpan.start);
    if (!view) views.set(v.stmt.nameSpan.start, (view = { span: v.stmt.nameSpan, stmtSpan: v.stmt.span, routes: new Set(), patterns: [], places: new Set() }));
    view.routes.add(displayRoute(e));
    const at = e.node.viewExpr?.span ?? e.node.span;
    const place = `${at.start}:${e.node.file}`;
    if (view.places.has(place)) continue;
    view.places.add(place);
    view.patterns.push({ file: e.node.file, span: at });
  }
  if (views.size) {
    const uses = templateUses(ws, project, file);
    const generic = genericViewTemplates(ws, project, file);
    for (const view of views.values()) {
      const shown = [...view.routes].slice(0, MAX_ROUTES).join('  ');
      const more = view.routes.size > MAX_ROUTES ? `  +${view.routes.size - MAX_ROUTES} more` : '';
      out.push({ span: view.span, title: `route: ${shown}${more}`, locations: view.patterns });
      const names: string[] = [];
      for (const u of uses) for (const n of u.names) if (inside(n.span, view.stmtSpan) && !names.includes(n.name)) names.push(n.name);
      for (const g of generic) if (g.span.start === view.span.start && !names.includes(g.name)) names.push(g.name);
      // Only templates that resolve are listed: a missing one is already a diagnostic, and a lens cannot open it.
      const found = names.flatMap((n) => {
        const r = lookupTemplate(project.templates, n);
        return r.kind === 'found' ? [{ name: n, file: r.files[0].file }] : [];
      });
      if (found.length) out.push({ span: view.span, title: `renders ${found.map((f) => f.name).join(', ')}`, locations: found.map((f) => ({ file: f.file, span: { start: 0, end: 0 } })) });
    }
  }

  // Named patterns declared here: how many literal uses reverse to them.
  const declared = entries.filter((e) => e.node.file === file && e.node.name !== undefined && e.node.nameSpan);
  if (declared.length) {
    const byKey = new Map<string, RefLocation[]>();
    for (const e of declared) byKey.set(patternKey(e), []);
    for (const { use, keys } of allUrlUses(ws, project)) for (const k of keys) byKey.get(k)?.push({ file: use.file, span: use.span });
    const done = new Set<string>();
    for (const e of declared) {
      const k = patternKey(e);
      if (done.has(k)) continue;
      done.add(k);
      const locs = byKey.get(k)!;
      out.push({ span: e.node.span, title: locs.length === 1 ? '1 use' : `${locs.length} uses`, locations: locs });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
