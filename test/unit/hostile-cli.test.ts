// The django-mtv command under hostile or careless use (issue 9, item 10): closed pipes, odd interpreters, odd arguments, self-extending templates.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { assertUsageError, BIN, PROJECTS, REPO, run } from '../helpers/cli';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

before(() => {
  assert.ok(fs.existsSync(path.join(REPO, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build` first');
});

/** Runs the command with its stdout closed before it writes anything, as `| head -1` does once it has its line. */
function runWithClosedStdout(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECTS, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DJANGO_MTV_DEBUG: '' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the command did not end'));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('a closed stdout (check | head -1) ends the command quietly, with the exit code of its findings', async () => {
  const check = await runWithClosedStdout('check', 'brokensite');
  assert.equal(check.stderr, '');
  assert.equal(check.code, 1, 'brokensite has errors');
  const index = await runWithClosedStdout('index', 'shopsite');
  assert.equal(index.stderr, '');
  assert.equal(index.code, 0);
});

test('--python: a wrapper whose background child keeps stdout open is read when the interpreter exits, not when the pipe closes', () => {
  const dir = tempDir('django-mtv-python-');
  try {
    const wrapper = path.join(dir, 'python');
    // The child outlives the 15 s limit on the interpreter, holding the inherited stdout and stderr.
    fs.writeFileSync(wrapper, '#!/bin/sh\nsleep 20 &\nexec /usr/bin/python3 "$@"\n', { mode: 0o755 });
    const r = run('check', 'shopsite', '--python', wrapper);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--python: an interpreter that fails is one line naming it and why', () => {
  const dir = tempDir('django-mtv-python-');
  try {
    const wrapper = path.join(dir, 'python');
    fs.writeFileSync(wrapper, '#!/bin/sh\necho "no such venv" >&2\nexit 3\n', { mode: 0o755 });
    assertUsageError(run('check', 'shopsite', '--python', wrapper), /python failed \(exit 3\): no such venv$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--python with an empty value is a usage error, not silently no interpreter', () => {
  assertUsageError(run('check', 'shopsite', '--python', ''), /--python needs the path of a Python interpreter/);
  assertUsageError(run('resolve', 'shopsite', '/', '--python='), /--python needs the path of a Python interpreter/);
});

test('a missing path, command or option holding a line break is shown whole, escaped, on one line', () => {
  assertUsageError(run('check', 'no\nsuch'), /no\\nsuch: no such folder$/);
  assertUsageError(run('frob\nnicate'), /unknown command 'frob\\nnicate'$/);
  assertUsageError(run('check', 'shopsite', '--bo\ngus'), /--bo\\ngus/);
});

test("resolve '': Resolver404, as Django's resolve('') raises (its root pattern is ^/), even where the URLconf is dynamic", () => {
  for (const site of ['shopsite', 'dynsite']) {
    const j = run('resolve', site, '', '--format', 'json');
    assert.equal(j.code, 1, site);
    assert.deepEqual(JSON.parse(j.stdout), { error: 'Resolver404', path: '' });
  }
  const t = run('resolve', 'shopsite', '');
  assert.equal(t.code, 1);
  assert.equal(t.stdout, '"": no URL pattern matches\n');
  // A blank path is no path either (Django: resolve(' ') raises Resolver404).
  assert.equal(run('resolve', 'shopsite', ' ', '--format', 'json').code, 1);
});

test('a template that extends itself is template-missing when no other template has its name; an override of that name is not', () => {
  const root = tempDir('django-mtv-self-extends-');
  try {
    const files: Record<string, string> = {
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      'site/__init__.py': '',
      'site/settings.py':
        'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = []\nROOT_URLCONF = "site.urls"\n' +
        'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "t1", BASE_DIR / "t2"]}]\n',
      'site/urls.py': 'urlpatterns = []\n',
      // Django 3.2: get_template("self.html").render() raises TemplateDoesNotExist (ExtendsNode skips the template itself).
      't1/self.html': '{% extends "self.html" %}{% block a %}x{% endblock %}\n',
      't1/rel/self.html': '{% extends "./self.html" %}\n',
      // ...while an override of a name found later on the template path renders that one.
      't1/base.html': '{% extends "base.html" %}{% block a %}child{% endblock %}\n',
      't2/base.html': '[{% block a %}root{% endblock %}]\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const r = run('check', root, '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const found = (JSON.parse(r.stdout).diagnostics as { file: string; line: number; column: number; code: string }[]).map((d) => [d.file, d.line, d.column, d.code]);
    assert.deepEqual(found, [
      ['t1/rel/self.html', 1, 13, 'template-missing'],
      ['t1/self.html', 1, 13, 'template-missing'],
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('--python with a relative path runs that interpreter (it is made absolute before the neutral folder is entered)', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/django-mtv.js'), 'index', 'shopsite', '--python', path.relative(path.join(REPO, 'test/fixtures/projects'), '/usr/bin/python3')], {
    cwd: path.join(REPO, 'test/fixtures/projects'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});
