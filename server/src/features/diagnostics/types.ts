// The plain diagnostic record every diagnostic check returns; the LSP layer and the CLI convert it.

import type { Span } from '../../core/text';

export type DiagnosticCode = 'url-name-unknown' | 'url-args-mismatch' | 'template-missing' | 'view-missing' | 'tag-library-unknown' | 'partial-unknown' | 'template-attribute-unknown';

export const DIAGNOSTIC_CODES: DiagnosticCode[] = ['url-name-unknown', 'url-args-mismatch', 'template-missing', 'view-missing', 'tag-library-unknown', 'partial-unknown', 'template-attribute-unknown'];

export interface Diagnostic {
  file: string;
  span: Span;
  severity: 'error' | 'warning' | 'info';
  code: DiagnosticCode;
  message: string;
  /** Places that explain the diagnostic (the pattern whose arguments differ, the folders searched...). */
  related?: { file: string; span: Span; message: string }[];
}
