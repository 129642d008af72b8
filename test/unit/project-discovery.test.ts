// Where the project is and what is importable (issue 10, items 1, 2 and 5): each repository shape gets its own small fixture, proven by Django 3.2 where Django can run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem, normalizePath } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { NodeFileSystem } from '../../server/src/host/nodefs';
import { findInterpreter } from '../../server/src/host/python';
import { parseSettings } from '../../server/src/lsp/settings';
import { reverseLookup } from '../../server/src/core/urls/urlconf';

const PY = '/usr/bin/python3';
const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin/django-mtv.js');
const REUSABLE = normalizePath(path.join(REPO, 'test/fixtures/projects/discovery-reusable'));

function index(files: Record<string, string>, opts: { settingsModule?: string; envPaths?: string[] } = {}) {
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: opts.envPaths ?? [], extraTemplateDirs: [], settingsModule: opts.settingsModule });
  ws.index();
  return ws;
}

/** (kind, root relative to /ws, settings module, settings read?) of every project, in order. */
function summary(ws: Workspace) {
  return ws.projects.map((p) => [p.candidate.kind, p.root.slice('/ws'.length) || '/', p.settingsModule, !!p.settings]);
}

const SETTINGS = `INSTALLED_APPS = ["shelf"]\nROOT_URLCONF = "shelf.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n`;
const APP = {
  '/ws/shelf/__init__.py': '',
  '/ws/shelf/urls.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("", views.index, name="index")]\n',
  '/ws/shelf/views.py': 'def index(request):\n    pass\n',
};
const TESTS = { ...APP, '/ws/tests/__init__.py': '', '/ws/tests/settings.py': SETTINGS };

/** Writes files to a temporary folder and asks Django 3.2 there; `roots` are the sys.path entries the model computed. */
function django(files: Record<string, string>, roots: string[], script: string, env: Record<string, string> = {}): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-discovery-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      const full = path.join(dir, p.replace(/^\/ws\//, ''));
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
    const paths = roots.map((r) => path.join(dir, r.replace(/^\/ws\/?/, '')));
    const code = `import sys, json\nsys.path[:0] = ${JSON.stringify(paths)}\n${script}`;
    const r = spawnSync(PY, ['-I', '-c', code], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!.split(dir).join('/ws'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SETUP = `import django\ndjango.setup()\nfrom django.apps import apps\nfrom django.conf import settings\nprint(json.dumps([list(settings.INSTALLED_APPS), settings.ROOT_URLCONF, apps.get_app_config("shelf").path]))`;

// ------------------------------------------------------------------ item 1: where the project is

test('pytest-django in pytest.ini, setup.cfg [tool:pytest], tox.ini [pytest] and pyproject: a project without manage.py', () => {
  const shapes: Record<string, string>[] = [
    { '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n' },
    { '/ws/setup.cfg': '[metadata]\nname = x\n\n[tool:pytest]\nDJANGO_SETTINGS_MODULE=tests.settings\n' },
    { '/ws/tox.ini': '[tox]\nenvlist = py3\n\n[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n' },
    { '/ws/pyproject.toml': '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "tests.settings"\n' },
    // pytest 9 reads its own table.
    { '/ws/pyproject.toml': '[tool.pytest]\nDJANGO_SETTINGS_MODULE = "tests.settings"\n' },
    // --ds on the command line (addopts) wins over the ini key, as pytest-django reads them.
    { '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = nowhere.settings\naddopts = -q\n  --ds=tests.settings\n' },
  ];
  for (const shape of shapes) {
    const ws = index({ ...TESTS, ...shape });
    assert.deepEqual(summary(ws), [['pytest', '/', 'tests.settings', true]], JSON.stringify(shape));
    assert.deepEqual(ws.projects[0].settings?.installedApps, ['shelf']);
  }
  // Proven by Django: the settings module imports from the rootdir, and the app is the one the model found.
  const ws = index({ ...TESTS, '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n' });
  assert.deepEqual(django(TESTS, ws.projects[0].candidate.roots, SETUP, { DJANGO_SETTINGS_MODULE: 'tests.settings' }), [['shelf'], 'shelf.urls', ws.projects[0].apps[0].dir]);
});

test('tox: DJANGO_SETTINGS_MODULE and DJANGO_CONFIGURATION in setenv, or --settings/--pythonpath on django-admin', () => {
  const setenv = index({ ...TESTS, '/ws/tox.ini': '[testenv]\nsetenv =\n    DJANGO_SETTINGS_MODULE = tests.settings\n    DJANGO_CONFIGURATION = Test\ncommands = python -m pytest\n' });
  assert.deepEqual(summary(setenv), [['tox', '/', 'tests.settings', true]]);
  assert.equal(setenv.projects[0].configuration, 'Test');
  const files = { ...APP, '/ws/lib/tests/__init__.py': '', '/ws/lib/tests/settings.py': SETTINGS };
  const cmd = index({ ...files, '/ws/tox.ini': '[testenv]\ncommands =\n    django-admin test --settings=tests.settings --pythonpath=lib\n' });
  assert.deepEqual(summary(cmd), [['tox', '/', 'tests.settings', true]]);
  assert.deepEqual(cmd.projects[0].candidate.roots, ['/ws', '/ws/lib']);
});

test('DJANGO_SETTINGS_MODULE set in wsgi.py (the project package\'s parent is where Django runs), asgi.py, conftest.py, runtests.py or .env', () => {
  const site = { ...APP, '/ws/deploy/site/__init__.py': '', '/ws/deploy/site/settings.py': SETTINGS };
  const wsgi = index({ ...site, '/ws/deploy/site/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n' });
  assert.deepEqual(summary(wsgi), [['wsgi', '/deploy', 'site.settings', true]]);
  const asgi = index({ ...site, '/ws/deploy/site/asgi.py': 'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "site.settings"\n' });
  assert.deepEqual(summary(asgi), [['wsgi', '/deploy', 'site.settings', true]]);
  const conftest = index({ ...TESTS, '/ws/conftest.py': 'import os\n\ndef pytest_configure():\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\n' });
  assert.deepEqual(summary(conftest), [['conftest', '/', 'tests.settings', true]]);
  const runtests = index({ ...TESTS, '/ws/runtests.py': 'import os, sys\nif __name__ == "__main__":\n    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"\n' });
  assert.deepEqual(summary(runtests), [['runtests', '/', 'tests.settings', true]]);
  const dotenv = index({ ...TESTS, '/ws/.env': '# local\nDEBUG=1\nexport DJANGO_SETTINGS_MODULE="tests.settings"\nDJANGO_CONFIGURATION=Dev\n' });
  assert.deepEqual(summary(dotenv), [['dotenv', '/', 'tests.settings', true]]);
  assert.equal(dotenv.projects[0].configuration, 'Dev');
  // A file naming a settings module that exists nowhere is not a project.
  assert.deepEqual(summary(index({ ...APP, '/ws/.env': 'DJANGO_SETTINGS_MODULE=gone.settings\n' })), []);
});

const RUNTESTS = `import os
import django
from django.conf import settings

BASE_DIR = os.path.dirname(os.path.abspath(__file__))


def configure():
    settings.configure(
        SECRET_KEY="x",
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "shelf",
        ],
        ROOT_URLCONF="shelf.urls",
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [os.path.join(BASE_DIR, "tpl")], "APP_DIRS": True}],
    )
    django.setup()


if __name__ == "__main__":
    configure()
`;

test('settings.configure(...) in runtests.py: its keyword arguments are the settings (Django agrees)', () => {
  const files = { ...APP, '/ws/runtests.py': RUNTESTS };
  const ws = index(files);
  assert.deepEqual(summary(ws), [['configure', '/', 'runtests', true]]);
  const s = ws.projects[0].settings!;
  const ours = [s.installedApps, s.rootUrlconf, s.engines[0].dirs];
  assert.deepEqual(ours, [['django.contrib.contenttypes', 'shelf'], 'shelf.urls', ['/ws/tpl']]);
  const theirs = django(files, ['/ws'], 'import runtests\nruntests.configure()\nfrom django.conf import settings\nprint(json.dumps([list(settings.INSTALLED_APPS), settings.ROOT_URLCONF, settings.TEMPLATES[0]["DIRS"]]))');
  assert.deepEqual(theirs, ours);
  assert.equal(reverseLookup(ws.projects[0].urls!, 'index').kind, 'found');
});

test('django-configurations: DJANGO_CONFIGURATION is recorded beside the settings module', () => {
  const ws = index({
    ...TESTS,
    '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\nos.environ.setdefault("DJANGO_CONFIGURATION", "Dev")\n',
  });
  assert.deepEqual([ws.projects[0].settingsModule, ws.projects[0].configuration], ['tests.settings', 'Dev']);
});

test('several candidates: manage.py first, one project per distinct settings module, and a setting selects one', () => {
  const files = {
    ...TESTS,
    '/ws/tests/test_settings.py': 'from .settings import *\n',
    '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\n',
    '/ws/tests/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\n',
    '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.test_settings\n',
  };
  const ws = index(files);
  // The pytest project shares manage.py's folder, so it owns no file there: it is built only when asked for (issue 14).
  assert.deepEqual(summary(ws), [['manage.py', '/', 'tests.settings', true]]);
  // Files of the shared root belong to the developer's choice.
  assert.equal(ws.projectFor('/ws/shelf/views.py'), ws.projects[0]);
  ws.allProjects();
  assert.deepEqual(summary(ws), [
    ['manage.py', '/', 'tests.settings', true],
    ['pytest', '/', 'tests.test_settings', true],
  ]);
  assert.equal(ws.projectFor('/ws/shelf/views.py'), ws.projects[0]);
  assert.deepEqual(summary(index(files, { settingsModule: 'tests.test_settings' })), [['pytest', '/', 'tests.test_settings', true]]);
  // A module named by nothing is still the user's word.
  assert.deepEqual(summary(index({ ...TESTS }, { settingsModule: 'tests.settings' })), [['setting', '/', 'tests.settings', true]]);
  // The editor setting: a dotted name selects, anything else keeps discovery's choice.
  assert.equal(parseSettings({ settingsModule: ' tests.test_settings ' }).settingsModule, 'tests.test_settings');
  assert.equal(parseSettings({ settingsModule: 'rm -rf /' }).settingsModule, undefined);
});

// ------------------------------------------------------------------ item 2: what is importable

test('pkg/tests/manage.py naming pkg.tests.settings: the ancestor it resolves from is a source root (Django agrees)', () => {
  const files = {
    '/ws/pkg/__init__.py': '',
    '/ws/pkg/shelf/__init__.py': '',
    '/ws/pkg/tests/__init__.py': '',
    '/ws/pkg/tests/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "pkg.tests.settings")\n',
    '/ws/pkg/tests/settings.py': 'INSTALLED_APPS = ["pkg.shelf"]\n',
  };
  const ws = index(files);
  assert.deepEqual(summary(ws), [['manage.py', '/pkg/tests', 'pkg.tests.settings', true]]);
  assert.deepEqual(ws.projects[0].candidate.roots, ['/ws/pkg/tests', '/ws']);
  assert.equal(ws.projects[0].apps[0].dir, '/ws/pkg/shelf');
  const theirs = django(files, ws.projects[0].candidate.roots, 'import django\ndjango.setup()\nfrom django.apps import apps\nprint(json.dumps(apps.get_app_config("shelf").path))', { DJANGO_SETTINGS_MODULE: 'pkg.tests.settings' });
  assert.equal(theirs, '/ws/pkg/shelf');
});

test('the repository\'s own distribution: setuptools where, setup.cfg package_dir, setup.py package_dir, poetry from, src layout', () => {
  const src = { '/ws/src/shelf/__init__.py': '', '/ws/src/shelf/urls.py': APP['/ws/shelf/urls.py'], '/ws/src/shelf/views.py': APP['/ws/shelf/views.py'], '/ws/tests/__init__.py': '', '/ws/tests/settings.py': SETTINGS, '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n' };
  const layouts: Record<string, string>[] = [
    { '/ws/pyproject.toml': '[project]\nname = "shelf"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n' },
    { '/ws/pyproject.toml': '[project]\nname = "shelf"\n\n[tool.setuptools]\npackage-dir = {"" = "src"}\n' },
    { '/ws/setup.cfg': '[options]\npackage_dir =\n    =src\npackages = find:\n' },
    { '/ws/setup.py': 'from setuptools import setup, find_packages\nsetup(name="shelf", package_dir={"": "src"}, packages=find_packages("src"))\n' },
    { '/ws/pyproject.toml': '[tool.poetry]\nname = "shelf"\npackages = [{ include = "shelf", from = "src" }]\n' },
    // hatch, flit and uv find packages under src/ by default.
    { '/ws/pyproject.toml': '[build-system]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "shelf"\n' },
  ];
  for (const layout of layouts) {
    const ws = index({ ...src, ...layout });
    assert.deepEqual(ws.projects[0].apps.map((a) => a.dir), ['/ws/src/shelf'], JSON.stringify(layout));
  }
  // Without a distribution, src/ is not importable: the app is not found (and nothing is claimed).
  assert.deepEqual(index(src).projects[0].apps.map((a) => a.resolved), [false]);
  // Proven by Django: with the model's roots the app is imported from src/.
  const ws = index({ ...src, ...layouts[0] });
  assert.deepEqual(django(src, ws.projects[0].candidate.roots, SETUP, { DJANGO_SETTINGS_MODULE: 'tests.settings' }), [['shelf'], 'shelf.urls', '/ws/src/shelf']);
});

test('pytest pythonpath and sys.path edits in manage.py and conftest.py are source roots', () => {
  const lib = { '/ws/lib/shelf/__init__.py': '', '/ws/tests/__init__.py': '', '/ws/tests/settings.py': 'INSTALLED_APPS = ["shelf"]\n' };
  const pp = index({ ...lib, '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\npythonpath = lib\n' });
  assert.equal(pp.projects[0].apps[0].dir, '/ws/lib/shelf');
  const conftest = index({ ...lib, '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n', '/ws/conftest.py': 'import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))\n' });
  assert.equal(conftest.projects[0].apps[0].dir, '/ws/lib/shelf');
  // debug-toolbar's example/manage.py puts the repository root on sys.path.
  const manage = index({
    ...lib,
    '/ws/example/manage.py': 'import os, sys\nsys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")\n',
    '/ws/example/settings.py': 'INSTALLED_APPS = ["tests"]\n',
  });
  assert.deepEqual(manage.projects[0].candidate.roots, ['/ws/example', '/ws']);
  assert.equal(manage.projects[0].apps[0].dir, '/ws/tests');
});

test('files of installed apps in the workspace belong to the project: navigable and checked (on-disk src-layout fixture, Django agrees)', () => {
  const ws = new Workspace(new NodeFileSystem(), REUSABLE, { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  assert.deepEqual(
    ws.projects.map((p) => [p.candidate.kind, path.relative(REUSABLE, p.root) || '.', p.settingsModule]),
    [
      ['manage.py', 'example', 'example.settings'],
      ['pytest', '.', 'tests.settings'],
    ],
  );
  const example = ws.projects[0];
  const app = REUSABLE + '/src/widgetry';
  assert.equal(example.apps.find((a) => a.name === 'widgetry')?.dir, app);
  // With the example project alone (as when it is opened by itself), the app beside it is its own.
  const alone = new Workspace(new NodeFileSystem(), REUSABLE, { envPaths: [], extraTemplateDirs: [], settingsModule: 'example.settings' });
  alone.index();
  assert.equal(alone.projectFor(app + '/views.py'), alone.projects[0]);
  assert.ok(alone.pythonFiles(alone.projects[0]).includes(app + '/views.py'));
  // Django 3.2 with the model's roots imports the same app from src/.
  const r = spawnSync(PY, ['-I', '-c', `import sys, json\nsys.path[:0] = ${JSON.stringify(example.candidate.roots)}\nimport django\ndjango.setup()\nfrom django.apps import apps\nfrom django.urls import reverse\nprint(json.dumps([apps.get_app_config("widgetry").path, reverse("widgetry:list")]))`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DJANGO_SETTINGS_MODULE: 'example.settings' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [app, '/']);
  assert.equal(reverseLookup(example.urls!, 'widgetry:list').kind, 'found');
});

// ------------------------------------------------------------------ item 5: the environment

test('declared dependencies name what to install for an installed app that is not found', () => {
  const files = {
    '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    '/ws/site/__init__.py': '',
    '/ws/site/settings.py': 'INSTALLED_APPS = ["compressor", "rest_framework", "mystery"]\n',
    '/ws/requirements.txt': 'Django==3.2  # the framework\n-r more.txt\ndjango_compressor>=4\n',
    '/ws/pyproject.toml': '[project]\nname = "site"\ndependencies = ["djangorestframework>=3"]\n',
  };
  const ws = index(files, { envPaths: ['/env/site-packages'] });
  assert.deepEqual(ws.projects[0].candidate.declared, ['django', 'django-compressor', 'djangorestframework']);
  assert.deepEqual(ws.projects[0].notes.filter((n) => n.startsWith('installed app')), [
    "installed app 'compressor' not found: install django-compressor in the interpreter or pass --python",
    "installed app 'rest_framework' not found: install djangorestframework in the interpreter or pass --python",
    "installed app 'mystery' not found: install the package that provides 'mystery' in the interpreter or pass --python",
  ]);
  const pipfile = index({ ...files, '/ws/requirements.txt': '', '/ws/pyproject.toml': '', '/ws/Pipfile': '[packages]\ndjango-compressor = "*"\n\n[dev-packages]\npytest = "*"\n' });
  assert.deepEqual(pipfile.projects[0].candidate.declared, ['django-compressor', 'pytest']);
});

test('the CLI finds the interpreter as the shell would: --python, $VIRTUAL_ENV, a venv in the tree, python3 on PATH', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-interp-'));
  try {
    const venv = (p: string, exe = 'bin/python') => {
      fs.mkdirSync(path.join(p, path.dirname(exe)), { recursive: true });
      fs.writeFileSync(path.join(p, 'pyvenv.cfg'), 'home = /usr/bin\n');
      fs.writeFileSync(path.join(p, exe), '#!/bin/sh\n', { mode: 0o755 });
    };
    const active = path.join(dir, 'active');
    const tree = path.join(dir, 'tree');
    const bin = path.join(dir, 'bin');
    venv(active);
    venv(path.join(tree, '.venv'));
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
    const env = { VIRTUAL_ENV: active, PATH: bin };
    assert.deepEqual(findInterpreter('/opt/py', [tree], env), { python: '/opt/py', from: '--python' });
    assert.deepEqual(findInterpreter(undefined, [tree], env), { python: path.join(active, 'bin/python'), from: '$VIRTUAL_ENV' });
    assert.deepEqual(findInterpreter(undefined, [tree], { PATH: bin }), { python: path.join(tree, '.venv/bin/python'), from: 'a virtual environment in the tree' });
    assert.deepEqual(findInterpreter(undefined, [dir], { PATH: bin }), { python: path.join(bin, 'python3'), from: 'PATH' });
    assert.equal(findInterpreter(undefined, [dir], { PATH: path.join(dir, 'none') }), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI --settings selects a project on every command; an unknown one is a one-line error', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, PATH: '', VIRTUAL_ENV: '', DJANGO_MTV_DEBUG: '' } });
  const all = run('index', REUSABLE, '--format', 'json');
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout).projects.map((p: { settings: string }) => p.settings), ['example.settings', 'tests.settings']);
  const one = run('index', REUSABLE, '--settings', 'tests.settings');
  assert.equal(one.status, 0, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout).projects.map((p: { settings: string }) => p.settings), ['tests.settings']);
  const check = run('check', REUSABLE, '--settings', 'tests.settings', '--format', 'json');
  assert.equal(check.status, 0, check.stderr);
  assert.deepEqual(JSON.parse(check.stdout).diagnostics, []);
  const bad = run('check', REUSABLE, '--settings', 'nope.settings');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^django-mtv: settings module nope\.settings not found under .*\n$/);
});

test('editing or creating a file that names the project runs discovery again', () => {
  const mem = new MemoryFileSystem({ ...TESTS, '/ws/tests/other.py': 'INSTALLED_APPS = []\n' });
  const ws = new Workspace(mem, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  assert.deepEqual(summary(ws), []);
  mem.write('/ws/pytest.ini', '[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n');
  ws.changed(['/ws/pytest.ini'], true);
  assert.deepEqual(summary(ws), [['pytest', '/', 'tests.settings', true]]);
  mem.write('/ws/pytest.ini', '[pytest]\nDJANGO_SETTINGS_MODULE = tests.other\n');
  ws.changed(['/ws/pytest.ini']);
  assert.deepEqual(summary(ws), [['pytest', '/', 'tests.other', true]]);
});
