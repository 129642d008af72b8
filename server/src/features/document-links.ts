// Document links: template names (extends, include, render, template_name...) and {% static %} paths that resolve to a file.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { lookupTemplate } from '../core/templates/index';
import { djangoEngines, isDjangoTemplate, templateUses } from './uses';

export interface DocumentLink {
  span: Span;
  /** Absolute path of the file the link opens. */
  target: string;
  /** What the link is, for its tooltip. */
  tooltip: string;
}


/** The file `{% static path %}` serves, as the default finders search: STATICFILES_DIRS in order, then each app's `static/`. */
export function staticFile(ws: Workspace, project: Project, path: string): string | undefined {
  // Absolute paths and ones that climb out of their folder are not something a finder serves.
  if (!path || path.startsWith('/') || path.split('/').includes('..')) return undefined;
  const dirs = [...(project.settings?.staticfilesDirs ?? []), ...project.apps.flatMap((a) => (a.dir ? [a.dir + '/static'] : []))];
  for (const d of dirs) if (ws.fs.stat(d + '/' + path) === 'file') return d + '/' + path;
  return undefined;
}

export function documentLinks(ws: Workspace, file: string): DocumentLink[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: DocumentLink[] = [];
  const django = djangoEngines(project);
  for (const use of templateUses(ws, project, file)) {
    for (const n of use.names) {
      const r = lookupTemplate(project.templates, n.name, use.djangoOnly ? django : undefined);
      // Only names that resolve become links: a link to nowhere would only mislead.
      if (r.kind === 'found') out.push({ span: n.span, target: r.files[0].file, tooltip: `Open template ${n.name}` });
    }
  }
  if (!file.endsWith('.py') && isDjangoTemplate(project, file)) {
    for (const s of ws.template(file)?.statics ?? []) {
      if (s.path === undefined) continue;
      const target = staticFile(ws, project, s.path);
      if (target) out.push({ span: s.pathSpan, target, tooltip: `Open static file ${s.path}` });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
