// template-attribute-unknown: `{{ obj.attr }}` where obj is one model instance in every context the template is rendered with, and the model has no such member.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { unknownAttributes } from '../template-symbols';
import type { Diagnostic } from './types';

export function templateAttributeUnknown(ws: Workspace, project: Project, file: string): Diagnostic[] {
  if (file.endsWith('.py')) return [];
  return unknownAttributes(ws, project, file).map((u) => ({
    file,
    span: u.span,
    severity: 'warning',
    code: 'template-attribute-unknown',
    // Django renders a missing attribute as an empty string (string_if_invalid), so nothing fails at run time.
    message: `'${u.path.slice(0, -1).join('.')}' is a ${u.model.name} in every context this template is rendered with, and ${u.model.name} has no field, relation, property or method '${u.name}': Django renders it as an empty string.`,
    related: [{ file: u.model.file, span: u.model.stmt.nameSpan, message: `${u.model.name} is defined here` }],
  }));
}
