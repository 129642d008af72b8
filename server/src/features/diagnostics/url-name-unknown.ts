// url-name-unknown: a {% url %}, reverse(), reverse_lazy(), redirect() or resolve_url() names a URL that no pattern has.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { reverseLookup } from '../../core/urls/urlconf';
import { urlUses } from '../uses';
import type { Diagnostic } from './types';

export function urlNameUnknown(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const model = project.urls;
  if (!model) return [];
  const out: Diagnostic[] = [];
  for (const use of urlUses(ws, project, file)) {
    if (use.asVar || use.notDjangos !== undefined || !use.name) continue;
    const r = reverseLookup(model, use.name);
    if (r.kind !== 'missing') continue;
    out.push({
      file,
      span: use.span,
      severity: 'error',
      code: 'url-name-unknown',
      message: `Unknown URL name '${use.name}': ${r.message} (looked up from ROOT_URLCONF ${project.settings?.rootUrlconf}).`,
    });
  }
  return out;
}
