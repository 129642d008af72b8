// url-args-mismatch: the arguments given to a URL name cannot match any pattern of that name (count, or keyword names).

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { reverseLookup } from '../../core/urls/urlconf';
import { canReverse } from '../../core/urls/route';
import type { ReverseCandidate } from '../../core/urls/route';
import { urlUses } from '../uses';
import type { Diagnostic } from './types';

function describe(candidate: ReverseCandidate): string {
  const forms = candidate.forms;
  // A computed route may take any parameters: never describe it as taking none.
  if (forms === 'unknown' || candidate.partial) return 'parameters that cannot be read statically';
  return forms.map((f) => (f.length ? f.join(', ') : 'no arguments')).join(' or ');
}

export function urlArgsMismatch(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const model = project.urls;
  if (!model) return [];
  const out: Diagnostic[] = [];
  for (const use of urlUses(ws, project, file)) {
    if (use.asVar || use.notDjangos !== undefined || use.args === undefined || use.kwargs === undefined) continue;
    const r = reverseLookup(model, use.name);
    if (r.kind !== 'found') continue;
    const verdict = canReverse(r.entries.map((e) => e.candidate), use.args, use.kwargs);
    if (verdict !== 'mismatch') continue;
    const given = use.kwargs.length ? `keyword arguments ${use.kwargs.join(', ')}` : `${use.args} positional argument${use.args === 1 ? '' : 's'}`;
    const expected = r.entries.map((e) => `'${e.route}' takes ${describe(e.candidate)}`).join('; ');
    out.push({
      file,
      span: use.span,
      severity: 'error',
      code: 'url-args-mismatch',
      message: `URL '${use.name}' cannot be reversed with ${given}: ${expected}.`,
      related: r.entries.map((e) => ({ file: e.node.file, span: e.node.span, message: `pattern '${e.route}'` })),
    });
  }
  return out;
}
