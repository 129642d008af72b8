// Runs the built django-mtv command from the fixture projects' folder, and checks the shape of a usage error.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const BIN = path.join(REPO, 'bin/django-mtv.js');
export const PROJECTS = path.join(REPO, 'test/fixtures/projects');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `django-mtv ARGS...` run in test/fixtures/projects, with the debug stack traces off. */
export function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: PROJECTS, encoding: 'utf8', env: { ...process.env, DJANGO_MTV_DEBUG: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bad usage: exit 2, nothing on stdout, exactly one "django-mtv: ..." line on stderr and no stack trace. */
export function assertUsageError(r: Run, mention: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0], /^django-mtv: /);
  assert.match(lines[0], mention);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|\.ts:\d+|\.js:\d+/);
}
