// view-missing: a URL pattern refers to a view (`views.name`) that its module certainly does not define.

import type { Project } from '../../core/project/project';
import type { Diagnostic } from './types';

export function viewMissing(project: Project, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of project.urls?.entries ?? []) {
    const n = e.node;
    if (n.file !== file || n.view.kind !== 'missing') continue;
    const span = n.viewExpr ? (n.viewExpr.kind === 'attr' ? n.viewExpr.attrSpan : n.viewExpr.span) : n.span;
    out.push({ file, span, severity: 'error', code: 'view-missing', message: `View '${n.view.attr}' is not defined in module ${n.view.module} (${n.view.moduleFile}).` });
  }
  // Unnamed patterns are not in `entries`; walk the tree for them too.
  const seen = new Set(out.map((d) => d.span.start));
  const walk = (node: NonNullable<Project['urls']>['root']) => {
    for (const c of node.children) {
      if (c.kind === 'resolver') walk(c);
      else if (c.name === undefined && c.file === file && c.view.kind === 'missing') {
        const span = c.viewExpr ? (c.viewExpr.kind === 'attr' ? c.viewExpr.attrSpan : c.viewExpr.span) : c.span;
        if (!seen.has(span.start)) out.push({ file, span, severity: 'error', code: 'view-missing', message: `View '${c.view.attr}' is not defined in module ${c.view.module} (${c.view.moduleFile}).` });
      }
    }
  };
  if (project.urls) walk(project.urls.root);
  return out;
}
