// Workspace symbols: URL patterns (by name or by route), views, templates and models, matched by case-insensitive subsequence.

import type { Workspace } from '../core/workspace';
import type { Span } from '../core/text';
import type { UrlEntry } from '../core/urls/urlconf';

export type SymbolKind = 'url' | 'view' | 'template' | 'model';

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** Shown next to the name: a pattern's route, a view's routes, a model's app. */
  detail?: string;
  file: string;
  span: Span;
}

const DEFAULT_LIMIT = 256;
const KIND_ORDER: Record<SymbolKind, number> = { url: 0, view: 1, template: 2, model: 3 };

/** A pattern's route as a browser path: regex anchors dropped per level, so `/polls/` finds `^polls/` and `polls/<int:id>/`. */
export function displayRoute(e: UrlEntry): string {
  return '/' + e.chain.map((l) => (l.pattern.kind === 'regex' ? l.pattern.text.replace(/^\^/, '').replace(/\$$/, '') : l.pattern.text)).join('');
}

/**
 * How well `query` matches `text` as a subsequence, or undefined when it does not. Lower is better: a prefix
 * beats a substring, which beats scattered letters; fewer gaps and a shorter text break ties.
 */
export function matchScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 0;
  if (t.startsWith(q)) return t.length / 1000;
  const at = t.indexOf(q);
  if (at >= 0) return 1 + at / 100 + t.length / 1000;
  let gaps = 0;
  let j = 0;
  let last = -1;
  for (let i = 0; i < t.length && j < q.length; i++) {
    if (t[i] !== q[j]) continue;
    if (last >= 0 && i !== last + 1) gaps++;
    last = i;
    j++;
  }
  return j === q.length ? 2 + gaps + t.length / 1000 : undefined;
}

export function workspaceSymbols(ws: Workspace, query: string, limit = DEFAULT_LIMIT): WorkspaceSymbol[] {
  const q = query.trim();
  const scored: { s: WorkspaceSymbol; score: number }[] = [];
  const seen = new Set<string>();
  const add = (s: WorkspaceSymbol, ...texts: string[]) => {
    const k = `${s.kind}:${s.name}:${s.file}:${s.span.start}`;
    if (seen.has(k)) return;
    const scores = texts.map((t) => matchScore(q, t)).filter((x): x is number => x !== undefined);
    if (!scores.length) return;
    seen.add(k);
    scores.sort((a, b) => a - b);
    scored.push({ s, score: scores[0] });
  };
  for (const project of ws.projects) {
    const views = new Map<string, { s: WorkspaceSymbol; routes: string[] }>();
    for (const e of project.urls?.entries ?? []) {
      const route = displayRoute(e);
      if (e.qualifiedName !== undefined && e.node.nameSpan) add({ name: e.qualifiedName, kind: 'url', detail: route, file: e.node.file, span: e.node.nameSpan }, e.qualifiedName, route);
      const v = e.node.view;
      if (v.kind !== 'def') continue;
      const k = `${v.file}#${v.stmt.nameSpan.start}`;
      const known = views.get(k);
      if (known) known.routes.push(route);
      else views.set(k, { s: { name: v.qualname, kind: 'view', file: v.file, span: v.stmt.nameSpan }, routes: [route] });
    }
    for (const { s, routes } of views.values()) add({ ...s, detail: [...new Set(routes)].join(' ') }, s.name, ...routes);
    for (const [name, files] of project.templates.byName) {
      // Templates of installed packages would bury the project's own; only the workspace's are offered.
      const own = files.find((f) => f.file.startsWith(ws.root + '/') && !/\/(site|dist)-packages\//.test(f.file));
      if (own) add({ name, kind: 'template', file: own.file, span: { start: 0, end: 0 } }, name);
    }
    for (const m of project.models) add({ name: m.name, kind: 'model', detail: m.appLabel, file: m.file, span: m.stmt.nameSpan }, m.name, `${m.appLabel}.${m.name}`);
  }
  // Equal scores list URL patterns first, as the thing most often looked for, then by name.
  scored.sort((a, b) => a.score - b.score || KIND_ORDER[a.s.kind] - KIND_ORDER[b.s.kind] || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0));
  return scored.slice(0, limit).map((x) => x.s);
}
