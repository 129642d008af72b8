// Hostile workspaces: links out of the root, values and URLconfs that contain themselves; the engine answers what it can and never dies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as nodefs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import { lookupTemplate } from '../../server/src/core/templates/index';
import { diagnose } from '../helpers/engine';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'dist/cli.js');

const MANAGE = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n`;

function project(settingsExtra: string, urls: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    '/ws/manage.py': MANAGE,
    '/ws/site1/__init__.py': '',
    '/ws/site1/settings.py': `INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "site1.urls"\n${settingsExtra}\n`,
    '/ws/site1/urls.py': urls,
    '/ws/shop/__init__.py': '',
    '/ws/shop/views.py': 'def home(request):\n    pass\n',
    '/ws/shop/templates/shop/home.html': '{% url "home" %}{% url "nowhere" %}',
    ...more,
  };
}

function index(files: Record<string, string>) {
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  assert.ok(p, 'the project is found');
  return p;
}

test('a loader list rebound in an undecided branch to a tuple holding its old value (pretalx) is read, not a stack overflow', () => {
  const settings = [
    'import os',
    'DEBUG = os.environ.get("DEBUG") == "1"',
    'template_loaders = (',
    '    "django.template.loaders.filesystem.Loader",',
    '    "django.template.loaders.app_directories.Loader",',
    ')',
    'if not DEBUG:',
    '    template_loaders = (("django.template.loaders.cached.Loader", template_loaders),)',
    'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {"loaders": template_loaders}}]',
  ].join('\n');
  const p = index(project(settings, 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n'));
  // Either loader list finds the app's templates; which one runs does not change what is found.
  assert.equal(lookupTemplate(p.templates, 'shop/home.html').kind, 'found');
});

test('a cached loader whose list contains itself makes the engine unknown, not a crash', () => {
  const settings = [
    'loaders = ["django.template.loaders.app_directories.Loader"]',
    'loaders.append(("django.template.loaders.cached.Loader", loaders))',
    'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {"loaders": loaders}}]',
  ].join('\n');
  const p = index(project(settings, 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n'));
  assert.equal(lookupTemplate(p.templates, 'shop/home.html').kind, 'found');
  assert.equal(lookupTemplate(p.templates, 'shop/nothere.html').kind, 'unknown');
});

test('a list that contains itself in settings does not hang or overflow', () => {
  const settings = ['X = [1]', 'X.append(X)', 'INSTALLED_APPS.append(INSTALLED_APPS)', 'Y = X == X'].join('\n');
  const p = index(project(settings, 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n'));
  assert.ok(p.settings, 'settings are read');
});

test('a URLconf that includes itself: the names around it stay known, nothing overflows', () => {
  const urls = [
    'from django.urls import include, path',
    'from shop import views',
    'urlpatterns = [path("", views.home, name="home")]',
    'urlpatterns.append(path("x/", include(urlpatterns)))',
  ].join('\n');
  const files = project('', urls);
  const p = index(files);
  assert.ok(p.urls, 'the URL model is built');
  assert.notEqual(reverseLookup(p.urls!, 'home').kind, 'missing');
  // The self-include is not understood, so absence is never claimed from it.
  const found = diagnose(files, 'shop/templates/shop/home.html');
  assert.deepEqual(found.filter((d) => d.code === 'url-name-unknown'), []);
});

test('a URLconf module that includes itself by name (two modules in a cycle) stays bounded', () => {
  const urls = ['from django.urls import include, path', 'from shop import views', 'urlpatterns = [path("", views.home, name="home"), path("a/", include("shop.urls"))]'].join('\n');
  const p = index(project('', urls, { '/ws/shop/urls.py': 'from django.urls import include, path\nurlpatterns = [path("b/", include("site1.urls"))]\n' }));
  assert.ok(p.urls);
  assert.notEqual(reverseLookup(p.urls!, 'home').kind, 'missing');
});

test('expressions nested deeper than Python allows become unknown; the rest of the URLconf is read and checked', () => {
  const n = 5000;
  const urls = [
    'from django.urls import path',
    'from shop import views',
    `X = ${'['.repeat(n)}${']'.repeat(n)}`,
    `Y = ${'f('.repeat(n)}${')'.repeat(n)}`,
    `Z = ${'a.'.repeat(n)}b`,
    'urlpatterns = [path("", views.home, name="home")]',
  ].join('\n');
  const found = diagnose(project('', urls), 'shop/templates/shop/home.html');
  assert.deepEqual(found, [{ code: 'url-name-unknown', text: 'nowhere' }]);
});

// ------------------------------------------------------------------ links on disk, through the CLI

function tmpProject(): string {
  const dir = nodefs.mkdtempSync(path.join(os.tmpdir(), 'mtv-hostile-'));
  const files = project('TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]', 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n');
  files['/ws/site1/settings.py'] = 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n' + files['/ws/site1/settings.py'];
  for (const [p, text] of Object.entries(files)) {
    const abs = path.join(dir, p.slice('/ws/'.length));
    nodefs.mkdirSync(path.dirname(abs), { recursive: true });
    nodefs.writeFileSync(abs, text);
  }
  nodefs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  return dir;
}

function check(dir: string) {
  assert.ok(nodefs.existsSync(BIN), 'dist/cli.js is missing: run `npm run build` first');
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
  return { ...r, ms: Date.now() - started };
}

test('a link to / inside the project is not followed for discovery: one project, an answer, no stack overflow', { timeout: 90_000 }, () => {
  const dir = tmpProject();
  try {
    nodefs.symlinkSync('/', path.join(dir, 'rootlink'));
    const r = check(dir);
    assert.equal(r.error, undefined, `check did not finish: ${r.error}`);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const diags = JSON.parse(r.stdout).diagnostics as { file: string; code: string }[];
    assert.deepEqual([...new Set(diags.map((d) => d.file.split('/')[0]))], ['shop'], 'only the project itself is checked');
    assert.deepEqual(diags.map((d) => d.code), ['url-name-unknown']);
  } finally {
    nodefs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a link to / inside a template folder is read within a budget; the inventory becomes incomplete, so nothing is claimed missing', { timeout: 90_000 }, () => {
  const dir = tmpProject();
  try {
    nodefs.symlinkSync('/', path.join(dir, 'templates', 'lnk'));
    const r = check(dir);
    assert.equal(r.error, undefined, `check did not finish: ${r.error}`);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    // The URL check does not depend on templates; the template inventory is incomplete (or the link skipped), never a crash.
    const diags = JSON.parse(r.stdout).diagnostics as { code: string }[];
    assert.deepEqual(diags.map((d) => d.code), ['url-name-unknown']);
  } finally {
    nodefs.rmSync(dir, { recursive: true, force: true });
  }
});
