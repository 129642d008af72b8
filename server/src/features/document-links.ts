// Document links: template names (extends, include, render, template_name...) and {% static %} paths that resolve to a file.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { lookupTemplate } from '../core/templates/index';
import { djangoEngines, isDjangoTemplate, templateUses } from './uses';
import { staticFiles } from './static-files';

export interface DocumentLink {
  span: Span;
  /** Absolute path of the file the link opens. */
  target: string;
  /** What the link is, for its tooltip. */
  tooltip: string;
}


/** The file `{% static path %}` serves: the first one the default finders find. */
function staticFile(ws: Workspace, project: Project, path: string): string | undefined {
  return staticFiles(ws, project, path)[0];
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
