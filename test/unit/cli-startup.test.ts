// Process start of the django-mtv command (issue 14): what each command loads, and no interpreter run for an empty tree.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist/cli.js');

/** Runs the CLI in a child Node that reports, on exit, every file it loaded through require(). */
function runLoaded(...args: string[]): { code: number | null; stdout: string; stderr: string; loaded: string[] } {
  const script = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}];
process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify(Object.keys(require.cache))));
require(${JSON.stringify(CLI)});`;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-startup-')), 'loaded.json');
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, LOADED_OUT: out }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loaded: JSON.parse(fs.readFileSync(out, 'utf8')) };
}

before(() => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
});

test('--version prints the package version and loads nothing but the first file', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const r = runLoaded('--version');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `django-mtv ${pkg.version}\n`);
  assert.deepEqual(r.loaded.map((f) => path.relative(REPO, f)), ['dist/cli.js']);
});

test('check on a folder without a project loads no language-server code', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-empty-'));
  const r = runLoaded('check', empty);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no Django project found/);
  // The JSON-RPC framing of vscode-languageserver is the LSP's mark: none of the loaded files carries it.
  const text = r.loaded.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  assert.ok(r.loaded.length > 0);
  assert.ok(!text.includes('Content-Length'), `loaded: ${r.loaded.join(', ')}`);
});

test('check on a folder without a project does not run the Python interpreter', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-noproj-'));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  fs.writeFileSync(path.join(tree, 'notes.py'), 'x = 1\n');
  const marker = path.join(dir, 'ran');
  const python = path.join(dir, 'python');
  fs.writeFileSync(python, `#!/bin/sh\ntouch '${marker}'\necho '[]'\n`, { mode: 0o755 });
  const r = spawnSync(process.execPath, [CLI, 'check', tree, '--python', python], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no Django project found/);
  assert.equal(fs.existsSync(marker), false, 'the interpreter was run for a tree with no project');
});
