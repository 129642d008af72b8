// Small helpers the engine and LSP tests share: diagnostics of an in-memory project, and bounded waits.

import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { trimIndent } from './fixture';

export interface Found {
  code: string;
  text: string;
}

/** Indexes `files` (absolute paths under /ws) and returns one file's diagnostics as (code, the text under the span). */
export function diagnose(files: Record<string, string>, file: string, envPaths: string[] = []): Found[] {
  const fs = new MemoryFileSystem(files);
  const ws = new Workspace(fs, '/ws', { envPaths, extraTemplateDirs: [] });
  ws.index();
  const abs = '/ws/' + file;
  const p = ws.projectFor(abs);
  assert.ok(p, `no project holds ${abs}`);
  const text = fs.readFile(abs)!;
  return fileDiagnostics(ws, p, abs).map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end) }));
}

/** Polls `check` until it returns a value, failing with `what` after a bounded wait (never a fixed sleep). */
export async function waitFor<T>(what: string, check: () => T | undefined, ms = 15000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Indexes `files` (paths relative to /ws, indented text trimmed) and returns the project of /ws/manage.py. */
export function projectOfFiles(files: Record<string, string>) {
  const mem = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => ['/ws/' + k, trimIndent(v)])));
  const ws = new Workspace(mem, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const p = ws.projectFor('/ws/manage.py');
  assert.ok(p, 'no project');
  return p;
}
