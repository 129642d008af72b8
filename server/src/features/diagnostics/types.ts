// The plain diagnostic record every diagnostic check returns; the LSP layer and the CLI convert it.

import type { Span } from '../../core/text';
// The codes are those of the registry's entries, so a check cannot report a code that has no entry.
import type { DiagnosticCode } from './registry';

export interface Diagnostic {
  file: string;
  span: Span;
  severity: 'error' | 'warning' | 'info';
  code: DiagnosticCode;
  message: string;
  /** Places that explain the diagnostic (the pattern whose arguments differ, the folders searched...). */
  related?: { file: string; span: Span; message: string }[];
}
