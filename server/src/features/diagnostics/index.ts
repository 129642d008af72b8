// Runs every diagnostic check on one file of a project.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import type { Diagnostic } from './types';
import { relativeInside } from '../../core/fs';
import { injectedFailure } from '../failure';
import { DIAGNOSTICS } from './registry';

export function fileDiagnostics(ws: Workspace, project: Project, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // No check catches its own errors: a bug fails the tests, and the server's publisher or the CLI logs it.
  for (const entry of DIAGNOSTICS) {
    injectedFailure(entry.code);
    out.push(...entry.check(ws, project, file));
  }
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
