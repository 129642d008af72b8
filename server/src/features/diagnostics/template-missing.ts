// template-missing: render(), template_name, {% extends %}, {% include %}... name a template that is on no template path.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { lookupTemplate } from '../../core/templates/index';
import { djangoEngines, templateUses } from '../uses';
import { genericViewTemplates } from '../generic-views';
import type { Diagnostic } from './types';


export function templateMissing(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const searched = () => project.templates.dirs.length;
  for (const use of templateUses(ws, project, file)) {
    const engines = use.djangoOnly ? djangoEngines(project) : undefined;
    const results = use.names.map((n) => lookupTemplate(project.templates, n.name, engines));
    if (results.some((r) => r.kind !== 'missing')) continue;
    const n = use.names[0];
    const what = use.anyOf ? `None of the templates ${use.names.map((x) => `'${x.name}'`).join(', ')} exists` : `Template '${n.name}' does not exist`;
    out.push({
      file,
      span: use.anyOf ? { start: use.names[0].span.start, end: use.names[use.names.length - 1].span.end } : n.span,
      severity: 'error',
      code: 'template-missing',
      message: `${what} in any of the ${searched()} template folders Django searches (${use.kind}).`,
    });
  }
  if (file.endsWith('.py')) {
    for (const g of genericViewTemplates(ws, project, file, true)) {
      const r = lookupTemplate(project.templates, g.name);
      if (r.kind !== 'missing') continue;
      out.push({
        file,
        span: g.span,
        severity: 'error',
        code: 'template-missing',
        message: `${g.viewKind} '${g.className}' has no template_name, so Django renders its default template '${g.name}' (from model ${g.model}), which does not exist in any of the ${searched()} template folders.`,
      });
    }
  }
  return out;
}
