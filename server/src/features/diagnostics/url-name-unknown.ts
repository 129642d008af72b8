// url-name-unknown: a {% url %}, reverse(), reverse_lazy(), redirect() or resolve_url() names a URL that no pattern has.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { reverseLookup } from '../../core/urls/urlconf';
import { urlUses } from '../uses';
import type { Diagnostic } from './types';
import type { CodeAction } from './fixes';
import { changeTo } from './fixes';

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

const urlGroup = (n: string) => n.slice(0, Math.max(0, n.lastIndexOf(':')));

/** "Change to 'x'" for the URL names closest to the unknown one, those of the same namespace first. */
export function urlNameUnknownFixes(ws: Workspace, project: Project, file: string, d: Diagnostic): CodeAction[] {
  if (!project.urls) return [];
  const text = ws.fs.readFile(file) ?? '';
  const wanted = text.slice(d.span.start, d.span.end);
  const candidates = project.urls.entries.flatMap((e) => (e.qualifiedName ? [e.qualifiedName] : []));
  return changeTo(ws, file, d.span, wanted, candidates, urlGroup, d);
}
