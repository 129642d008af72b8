// The one list of diagnostic codes: each code's default severity, check, quick fixes and one-line doc; every other list is derived from it.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import type { Diagnostic } from './types';
import type { CodeAction } from './fixes';
import { urlNameUnknown, urlNameUnknownFixes } from './url-name-unknown';
import { urlArgsMismatch } from './url-args-mismatch';
import { templateMissing } from './template-missing';
import { templateMissingFixes } from './template-missing-fixes';
import { viewMissing } from './view-missing';
import { tagLibraryUnknown } from './tag-library-unknown';
import { partialUnknown } from './partial-unknown';
import { templateAttributeUnknown } from './template-attribute-unknown';

export interface DiagnosticEntry {
  code: string;
  /** The severity a check reports with when the `django-mtv.diagnostics.severity` setting leaves the code out. */
  severity: 'error' | 'warning' | 'info';
  /** The diagnostics of one file (a Python module or a template) of a project. */
  check(ws: Workspace, project: Project, file: string): Diagnostic[];
  /** The quick fixes offered for one of its diagnostics. */
  fixes?(ws: Workspace, project: Project, file: string, d: Diagnostic): CodeAction[];
  /** One line for users: package.json's settings schema repeats it word for word (test/unit/tidy.test.ts checks). */
  doc: string;
}

const py = (file: string) => file.endsWith('.py');

/**
 * Adding a diagnostic: its file beside these (the check, and its fixes if any), one entry here, then the same
 * line in package.json's `django-mtv.diagnostics.severity` and a row in README's table, which a test compares.
 */
export const DIAGNOSTICS = [
  { code: 'url-name-unknown', severity: 'error', check: urlNameUnknown, fixes: urlNameUnknownFixes, doc: 'A `{% url %}`, `reverse()` or `redirect()` names a URL pattern that does not exist.' },
  { code: 'url-args-mismatch', severity: 'error', check: urlArgsMismatch, doc: 'The arguments given to a URL name do not fit its pattern.' },
  { code: 'template-missing', severity: 'error', check: templateMissing, fixes: templateMissingFixes, doc: 'A template named in `render()`, `{% extends %}`, `{% include %}` or a view is not found in any template directory.' },
  { code: 'view-missing', severity: 'error', check: (_ws, project, file) => (py(file) ? viewMissing(project, file) : []), doc: 'A URL pattern points to a view that does not exist.' },
  { code: 'tag-library-unknown', severity: 'error', check: tagLibraryUnknown, doc: '`{% load %}` names a tag library that no installed app provides.' },
  { code: 'partial-unknown', severity: 'error', check: partialUnknown, doc: '`{% partial %}` names a partial that its template does not define with `{% partialdef %}` (Django 6.0+).' },
  {
    code: 'template-attribute-unknown',
    severity: 'warning',
    check: (ws, project, file) => (py(file) ? [] : templateAttributeUnknown(ws, project, file)),
    doc: '`{{ obj.attr }}` where `obj` is the same model in every context the template is rendered with and the model has no field, relation, property or method `attr` (Django renders it as an empty string).',
  },
] as const satisfies readonly DiagnosticEntry[];

export type DiagnosticCode = (typeof DIAGNOSTICS)[number]['code'];

export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = DIAGNOSTICS.map((d) => d.code);

const byCode = new Map<string, DiagnosticEntry>(DIAGNOSTICS.map((d) => [d.code, d]));

export function diagnosticEntry(code: DiagnosticCode): DiagnosticEntry {
  return byCode.get(code)!;
}
