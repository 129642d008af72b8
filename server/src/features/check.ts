// The whole-project check that `django-mtv check` and the editor's "Check Workspace" share: which files, which project owns each, their diagnostics and reference verdicts.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import { fileDiagnostics, projectFiles } from './diagnostics/index';
import type { Diagnostic } from './diagnostics/types';
import { referenceVerdicts } from './coverage';
import type { ReferenceVerdict } from './coverage';

/** One checked file: its diagnostics at their default severities and, when asked, how each of its references was decided. */
export interface FileCheck {
  file: string;
  diagnostics: Diagnostic[];
  verdicts: ReferenceVerdict[];
}

/** One project's share of a check. */
export interface ProjectCheck {
  project: Project;
  /** Files looked at, skipped ones included. */
  checked: number;
  /** The files not skipped, in path order. */
  files: FileCheck[];
}

export interface CheckOptions {
  /** Files counted but not diagnosed (the editor's open documents, which have live diagnostics). */
  skip?: (file: string) => boolean;
  /** Also decide every reference, for the coverage summary (the CLI's; costs a second pass over references). */
  coverage?: boolean;
}

/**
 * The check under `root`, one project at a time (so that the server can let other requests through between
 * projects). A file shared by nested projects is checked once, by the deepest project, the one that owns it.
 */
export function* checkByProject(ws: Workspace, root: string, opts: CheckOptions = {}): Generator<ProjectCheck> {
  for (const project of ws.projects) {
    const out: ProjectCheck = { project, checked: 0, files: [] };
    for (const file of projectFiles(ws, project, root)) {
      if (ws.projectFor(file) !== project) continue;
      out.checked++;
      if (opts.skip?.(file)) continue;
      out.files.push({ file, diagnostics: fileDiagnostics(ws, project, file), verdicts: opts.coverage ? referenceVerdicts(ws, project, file) : [] });
    }
    yield out;
  }
}

/** The whole check under `root` at once: every diagnostic and (with `coverage`) every reference verdict. */
export function checkProject(ws: Workspace, root: string, opts: CheckOptions = {}): { diagnostics: Diagnostic[]; verdicts: ReferenceVerdict[] } {
  const diagnostics: Diagnostic[] = [];
  const verdicts: ReferenceVerdict[] = [];
  for (const p of checkByProject(ws, root, opts)) {
    for (const f of p.files) {
      diagnostics.push(...f.diagnostics);
      verdicts.push(...f.verdicts);
    }
  }
  return { diagnostics, verdicts };
}
