// Runs every diagnostic check on one file of a project.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import type { Diagnostic, DiagnosticCode } from './types';
import { injectedFailure } from '../failure';
import { relativeInside } from '../../core/fs';
import { urlNameUnknown } from './url-name-unknown';
import { urlArgsMismatch } from './url-args-mismatch';
import { templateMissing } from './template-missing';
import { viewMissing } from './view-missing';
import { tagLibraryUnknown } from './tag-library-unknown';
import { templateAttributeUnknown } from './template-attribute-unknown';
import { partialUnknown } from './partial-unknown';

export function fileDiagnostics(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // No check catches its own errors: a bug fails the tests, and the server's publisher or the CLI logs it.
  const run = (code: DiagnosticCode, f: () => Diagnostic[]) => {
    injectedFailure(code);
    out.push(...f());
  };
  run('url-name-unknown', () => urlNameUnknown(ws, project, file));
  run('url-args-mismatch', () => urlArgsMismatch(ws, project, file));
  run('template-missing', () => templateMissing(ws, project, file));
  if (file.endsWith('.py')) run('view-missing', () => viewMissing(project, file));
  run('tag-library-unknown', () => tagLibraryUnknown(ws, project, file));
  if (!file.endsWith('.py')) run('template-attribute-unknown', () => templateAttributeUnknown(ws, project, file));
  run('partial-unknown', () => partialUnknown(ws, project, file));
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Every file of a project that `check` looks at: its Python files and the templates found in its own tree,
 * links resolved (a template folder may link to `/`: what lies behind the link is not the project's).
 */
export function projectFiles(ws: Workspace, project: Project, root: string): string[] {
  const files = new Set(ws.pythonFiles(project));
  const realRoot = ws.fs.realPath(root);
  for (const f of project.templates.byFile.keys()) if (relativeInside(root, f) !== undefined && relativeInside(realRoot, ws.fs.realPath(f)) !== undefined) files.add(f);
  return [...files].sort();
}
