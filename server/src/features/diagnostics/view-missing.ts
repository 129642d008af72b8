// view-missing: a URL pattern refers to a view (`views.name`) that its module certainly does not define.

import type { Project } from '../../core/project/project';
import type { PatternNode, ResolverNode, UrlModel } from '../../core/urls/urlconf';
import type { Diagnostic } from './types';
import { relativeInside } from '../../core/fs';

/** Patterns by the file that declares them, built once per URL model (models never change after building). */
const byFileCache = new WeakMap<UrlModel, Map<string, PatternNode[]>>();

function patternsByFile(model: UrlModel): Map<string, PatternNode[]> {
  let m = byFileCache.get(model);
  if (m) return m;
  const map = new Map<string, PatternNode[]>();
  // An included URLconf reached twice (two namespaces) declares its patterns once: the offsets seen per file
  // are a set, not a scan of the file's list, which made a 49,000-pattern urls.py quadratic (issue 14).
  const seen = new Map<string, Set<number>>();
  const walk = (node: ResolverNode) => {
    for (const c of node.children) {
      if (c.kind === 'resolver') walk(c);
      else {
        let starts = seen.get(c.file);
        if (!starts) seen.set(c.file, (starts = new Set()));
        const start = c.span.start;
        if (starts.has(start)) continue;
        starts.add(start);
        const list = map.get(c.file);
        if (list) list.push(c);
        else map.set(c.file, [c]);
      }
    }
  };
  walk(model.root);
  byFileCache.set(model, map);
  m = map;
  return m;
}

export function viewMissing(project: Project, file: string): Diagnostic[] {
  if (!project.urls) return [];
  const out: Diagnostic[] = [];
  for (const n of patternsByFile(project.urls).get(file) ?? []) {
    if (n.view.kind !== 'missing') continue;
    const span = n.viewExpr ? (n.viewExpr.kind === 'attr' ? n.viewExpr.attrSpan : n.viewExpr.span) : n.span;
    const where = relativeInside(project.root, n.view.moduleFile) ?? n.view.moduleFile;
    out.push({ file, span, severity: 'error', code: 'view-missing', message: `View '${n.view.attr}' is not defined in module ${n.view.module} (${where}).` });
  }
  return out;
}
