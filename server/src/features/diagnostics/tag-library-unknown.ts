// tag-library-unknown: `{% load x %}` where no tag library named x exists in the project.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { isDjangoTemplate } from '../uses';
import type { Diagnostic } from './types';
import { DJANGO_LIBRARIES } from '../../core/templates/builtins';
import { lifespanNote } from '../../core/templates/versions';
import { projectDjango } from '../../core/project/django-version';

export function tagLibraryUnknown(ws: Workspace, project: Project, file: string): Diagnostic[] {
  if (file.endsWith('.py') || !project.libraries.complete || !isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const out: Diagnostic[] = [];
  const series = projectDjango(ws.fs, project, ws.root).series;
  for (const load of t.loads) {
    for (const lib of load.libraries) {
      const found = project.libraries.libraries.get(lib.name);
      const known = DJANGO_LIBRARIES[lib.name];
      // A library of Django's that came later or went earlier than the project's Django names both versions.
      // One read from the environment's files is what that Django really has; one known only by name is checked here.
      const note = known && (!found || (!found.file && found.module === known.module)) ? lifespanNote(`The library '${lib.name}'`, known, series) : undefined;
      if (found && !note) continue;
      const instead = known?.replacement ? ` Use {% load ${known.replacement} %}.` : '';
      const message = note ? `No template tag library named '${lib.name}': ${note.charAt(0).toLowerCase()}${note.slice(1)}${instead}` : `No template tag library named '${lib.name}': it is not a built-in library nor a templatetags module of an installed app.`;
      out.push({ file, span: lib.span, severity: 'error', code: 'tag-library-unknown', message });
    }
  }
  return out;
}
