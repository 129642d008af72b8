// partial-unknown: `{% partial name %}` where the template defines no `{% partialdef name %}` (Django 6.0+ or django-template-partials).

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { partialsSupported } from '../../core/project/django-version';
import { isDjangoTemplate } from '../uses';
import type { Diagnostic } from './types';

/**
 * Django looks a `{% partial %}` up in the partials of the template it is written in (the parser's extra_data:
 * defined before or after it, inside blocks too, never in a parent or included template), and raises
 * TemplateSyntaxError "Partial 'x' is not defined in the current template." when it renders the tag.
 * Before partials exist (Django < 6.0 without template_partials), `{% partial %}` is an unknown tag: not ours to judge.
 */
export function partialUnknown(ws: Workspace, project: Project, file: string): Diagnostic[] {
  if (file.endsWith('.py') || !isDjangoTemplate(project, file) || !partialsSupported(ws.fs, project)) return [];
  const t = ws.template(file);
  if (!t || !t.partialUses.length) return [];
  const defined = new Set(t.partials.map((p) => p.name));
  const out: Diagnostic[] = [];
  for (const use of t.partialUses) {
    if (defined.has(use.name)) continue;
    const known = [...defined];
    out.push({
      file,
      span: use.nameSpan,
      severity: 'error',
      code: 'partial-unknown',
      message: `No {% partialdef ${use.name} %} in this template: Django raises TemplateSyntaxError when it renders {% partial ${use.name} %} (a partial is looked up only in the template that uses it).${known.length ? ` Partials here: ${known.slice(0, 10).join(', ')}.` : ''}`,
    });
  }
  return out;
}
