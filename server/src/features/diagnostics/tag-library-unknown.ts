// tag-library-unknown: `{% load x %}` where no tag library named x exists in the project.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { isDjangoTemplate } from '../uses';
import type { Diagnostic } from './types';

export function tagLibraryUnknown(ws: Workspace, project: Project, file: string): Diagnostic[] {
  if (file.endsWith('.py') || !project.libraries.complete || !isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const out: Diagnostic[] = [];
  for (const load of t.loads) {
    for (const lib of load.libraries) {
      if (project.libraries.libraries.has(lib.name)) continue;
      out.push({ file, span: lib.span, severity: 'error', code: 'tag-library-unknown', message: `No template tag library named '${lib.name}': it is not a built-in library nor a templatetags module of an installed app.` });
    }
  }
  return out;
}
