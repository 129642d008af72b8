// template-missing: render(), template_name, {% extends %}, {% include %}... name a template that is on no template path.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { lookupTemplate, normalizeTemplateName, unseenSource } from '../../core/templates/index';
import { djangoEngines, isDjangoTemplate, resolveRelative, templateNameOf, templateUses } from '../uses';
import { genericViewTemplates } from '../generic-views';
import type { Diagnostic } from './types';
import { lookupTemplateName, splitPartialName } from '../partials';
import { partialsSupported } from '../../core/project/django-version';

/** `{% extends "t.html#row" %}`: Django's ExtendsNode looks the name up whole, so a partial cannot be extended. */
function extendsPartialNote(ws: Workspace, project: Project, kind: string, name: string): string {
  if (kind !== 'extends' || !name.includes('#') || !partialsSupported(ws.fs, project)) return '';
  const { template } = splitPartialName(name);
  if (lookupTemplate(project.templates, template).kind !== 'found') return '';
  return ` {% extends %} does not take a partial: '${template}' exists, but Django looks for a template named '${name}'.`;
}


export function templateMissing(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const searched = () => project.templates.dirs.length;
  for (const use of templateUses(ws, project, file)) {
    if (use.unchecked !== undefined) continue;
    const engines = use.djangoOnly ? djangoEngines(project) : undefined;
    // "t.html#row" names a template partial (Django 6.0, or django-template-partials): features/partials.ts.
    const results = use.names.map((n) => lookupTemplateName(ws, project, n.name, engines, use.kind));
    if (results.some((r) => r.kind !== 'missing')) continue;
    const n = use.names[0];
    const noPartial = !use.anyOf && results[0].kind === 'missing' ? results[0].noPartial : undefined;
    const what = use.anyOf ? `None of the templates ${use.names.map((x) => `'${x.name}'`).join(', ')} exists` : `Template '${n.name}' does not exist`;
    out.push({
      file,
      span: use.anyOf ? { start: use.names[0].span.start, end: use.names[use.names.length - 1].span.end } : n.span,
      severity: 'error',
      code: 'template-missing',
      message: noPartial
        ? `Template '${noPartial.template}' defines no partial '${noPartial.partial}' ({% partialdef ${noPartial.partial} %}): Django raises TemplateDoesNotExist for '${n.name}' (${use.kind}).`
        : `${what} in any of the ${searched()} template folders Django searches (${use.kind}).${extendsPartialNote(ws, project, use.kind, n.name)}`,
      ...(noPartial ? { related: [{ file: noPartial.file, span: { start: 0, end: 0 }, message: `the partials of '${noPartial.template}' are defined here` }] } : {}),
    });
  }
  out.push(...selfReferences(ws, project, file, searched()));
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

/**
 * A template that names itself, which the lookup above counts as found. Django 3.2: a relative name that comes
 * back to the template's own name is a TemplateSyntaxError (construct_relative_path); `{% extends %}` of its own
 * name skips the template itself (ExtendsNode's history) and raises TemplateDoesNotExist when no other template
 * of that name follows it on the template path. When one does (an override of admin/base.html), all is well.
 */
function selfReferences(ws: Workspace, project: Project, file: string, searched: number): Diagnostic[] {
  if (file.endsWith('.py') || !isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const own = templateNameOf(project, file);
  const out: Diagnostic[] = [];
  for (const ref of [...(t.extends ? [t.extends] : []), ...t.includes]) {
    if (ref.name === undefined) continue;
    if (ref.relative) {
      if (own === undefined || resolveRelative(own, ref.name) !== own) continue;
      out.push({
        file,
        span: ref.nameSpan,
        severity: 'error',
        code: 'template-missing',
        message: `The relative name '${ref.name}' is this template's own name '${own}': Django raises TemplateSyntaxError when it loads this template (${ref.tag}).`,
      });
    } else if (ref.tag === 'extends') {
      const r = lookupTemplate(project.templates, ref.name, djangoEngines(project));
      if (r.kind !== 'found' || r.files.some((f) => f.file !== file)) continue;
      // Another file of that name may lie where we could not look (admin/base.html of an unread contrib admin).
      if (unseenSource(project.templates, normalizeTemplateName(ref.name)) !== undefined) continue;
      out.push({
        file,
        span: ref.nameSpan,
        severity: 'error',
        code: 'template-missing',
        message: `Template '${ref.name}' extends itself, and no other template of that name is in any of the ${searched} template folders Django searches: Django skips the template itself and raises TemplateDoesNotExist (extends).`,
      });
    }
  }
  return out;
}
