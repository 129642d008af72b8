// Which Django a project uses: the environment's django/__init__.py, else its declared dependency, else the newest series.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { detectDjangoVersion, djangoRequirement, lockedVersion, NEWEST_SERIES, seriesFromSpecifier } from '../../server/src/core/project/django-version';
import { indexProject } from '../../server/src/features/index-model';
import { hover } from '../../server/src/features/hover';

const SETTINGS = "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nROOT_URLCONF = 'site1.urls'\n";
const MANAGE = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n";

/** The `django` field of `index` for a project made of `files` (manage.py and settings are added). */
function indexedDjango(files: Record<string, string>, envPaths: string[] = []): { django: string; djangoFrom: string } {
  const fs = new MemoryFileSystem({ '/ws/manage.py': MANAGE, '/ws/site1/__init__.py': '', '/ws/site1/settings.py': SETTINGS, '/ws/site1/urls.py': 'urlpatterns = []\n', ...files });
  const ws = new Workspace(fs, '/ws', { envPaths, extraTemplateDirs: [] });
  ws.index();
  const p = indexProject(ws, ws.projects[0]!, (f) => f);
  return { django: p.django, djangoFrom: p.djangoFrom };
}

test('the installed Django wins over what is declared', () => {
  const got = indexedDjango(
    { '/env/django/__init__.py': 'from django.utils.version import get_version\n\nVERSION = (4, 2, 28, "final", 0)\n', '/ws/requirements.txt': 'Django==5.2.1\n' },
    ['/env'],
  );
  assert.deepEqual(got, { django: '4.2', djangoFrom: 'environment' });
});

test('without an environment, requirements, pyproject and lock files declare it', () => {
  assert.deepEqual(indexedDjango({ '/ws/requirements.txt': '# web\ndjango-environ==0.11\nDjango>=4.2,<5.0  # LTS\n' }), { django: '4.2', djangoFrom: 'declared' });
  assert.deepEqual(indexedDjango({ '/ws/requirements/base.txt': 'Django~=5.1.4\n' }), { django: '5.1', djangoFrom: 'declared' });
  assert.deepEqual(indexedDjango({ '/ws/pyproject.toml': '[project]\ndependencies = [\n  "django-filter",\n  "Django[argon2]>=5.2,<6",\n]\n' }), { django: '5.2', djangoFrom: 'declared' });
  assert.deepEqual(indexedDjango({ '/ws/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^4.2"\n' }), { django: '4.2', djangoFrom: 'declared' });
  // A lock file pins the exact version, and wins over the range the pyproject allows.
  assert.deepEqual(
    indexedDjango({ '/ws/pyproject.toml': '[project]\ndependencies = ["Django>=4.2"]\n', '/ws/uv.lock': 'version = 1\n\n[[package]]\nname = "django"\nversion = "5.0.14"\nsource = { registry = "https://pypi.org/simple" }\n' }),
    { django: '5.0', djangoFrom: 'declared' },
  );
});

test('with nothing to go on, the newest series', () => {
  assert.deepEqual(indexedDjango({ '/ws/requirements.txt': 'django-debug-toolbar\n' }), { django: NEWEST_SERIES, djangoFrom: 'default' });
  assert.equal(NEWEST_SERIES, '6.1');
});

test('a src/ layout declares it one folder up, but never above the workspace', () => {
  const fs = new MemoryFileSystem({ '/ws/pyproject.toml': '[project]\ndependencies = ["Django==4.2.9"]\n', '/ws/src/manage.py': MANAGE, '/requirements.txt': 'Django==3.2\n' });
  assert.equal(detectDjangoVersion(fs, undefined, ['/ws/src'], '/ws').series, '4.2');
  assert.equal(detectDjangoVersion(fs, undefined, ['/ws/src/deeper'], '/ws/src').series, NEWEST_SERIES);
});

test('specifiers give the series pip would install', () => {
  assert.equal(seriesFromSpecifier('==5.2.3'), '5.2');
  assert.equal(seriesFromSpecifier('>=4.2,<5.0'), '4.2');
  assert.equal(seriesFromSpecifier('>=4.2,<5'), '4.2');
  assert.equal(seriesFromSpecifier('<=5.1'), '5.1');
  assert.equal(seriesFromSpecifier('>=5.0'), NEWEST_SERIES);
  assert.equal(seriesFromSpecifier('~=4.1'), '4.2');
  assert.equal(seriesFromSpecifier('==4.2.*'), '4.2');
  assert.equal(seriesFromSpecifier('^5.0'), '5.2');
  assert.equal(djangoRequirement('Django>=4.2 ; python_version >= "3.10"'), '>=4.2');
  assert.equal(djangoRequirement('django-environ==1'), undefined);
  assert.equal(djangoRequirement('django'), '');
  assert.equal(lockedVersion('/ws/Pipfile.lock', '{"default": {"django": {"hashes": [], "version": "==4.2.11"}}}'), '4.2.11');
});

test('hover on INSTALLED_APPS names the Django the model follows and where it was learnt', () => {
  const fs = new MemoryFileSystem({
    '/ws/manage.py': MANAGE,
    '/ws/requirements.txt': 'Django>=5.2,<6\n',
    '/ws/site1/__init__.py': '',
    '/ws/site1/settings.py': SETTINGS,
    '/ws/site1/urls.py': 'urlpatterns = []\n',
  });
  const ws = new Workspace(fs, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const at = SETTINGS.indexOf('INSTALLED_APPS') + 3;
  const h = hover(ws, '/ws/site1/settings.py', at);
  assert.ok(h, 'a hover on INSTALLED_APPS');
  assert.match(h.contents, /Django 5\.2 \(declared in requirements\.txt\) — requirements\.txt/);
  assert.match(h.contents, /template partials .* are off/);
  // Elsewhere in the settings, no such hover.
  assert.equal(hover(ws, '/ws/site1/settings.py', SETTINGS.indexOf('SECRET_KEY') + 2), undefined);
});
