// The one whole-project check (features/check.ts) that the CLI's `check` and the server's Check Workspace both run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { checkByProject, checkProject } from '../../server/src/features/check';

const SITE = (pkg: string) => `
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${pkg}.settings")
`;

// An outer project with an inner one in a sub-folder: the inner files belong to the inner project only.
const NESTED = `
//- /manage.py
${SITE('outer')}
//- /outer/__init__.py
//- /outer/settings.py
INSTALLED_APPS = []
ROOT_URLCONF = "outer.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"]}]
//- /outer/urls.py
from django.urls import path
urlpatterns = []
//- /templates/outer.html
{% url "gone" %}
//- /inner/manage.py
${SITE('site')}
//- /inner/site/__init__.py
//- /inner/site/settings.py
INSTALLED_APPS = []
ROOT_URLCONF = "site.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/inner/templates"]}]
//- /inner/site/urls.py
from django.urls import path
urlpatterns = []
//- /inner/templates/inner.html
{% url "missing" %} {% url "also_missing" %}
`;

test('each file is checked once, by the deepest project; diagnostics and, when asked, reference verdicts', () => {
  const fx = fixtureWorkspace(NESTED);
  assert.equal(fx.ws.projects.length, 2);
  const r = checkProject(fx.ws, '/ws', { coverage: true });
  const found = r.diagnostics.map((d) => `${d.file} ${d.code}`).sort();
  assert.deepEqual(found, ['/ws/inner/templates/inner.html url-name-unknown', '/ws/inner/templates/inner.html url-name-unknown', '/ws/templates/outer.html url-name-unknown']);
  assert.equal(r.verdicts.length, 3);
  assert.deepEqual(checkProject(fx.ws, '/ws').verdicts, [], 'verdicts only when coverage is asked');
});

test('per project: skipped files are counted but not diagnosed, and every file appears in exactly one project', () => {
  const fx = fixtureWorkspace(NESTED);
  const all = [...checkByProject(fx.ws, '/ws')];
  const files = all.flatMap((p) => p.files.map((f) => f.file));
  assert.equal(new Set(files).size, files.length);
  const inner = all.find((p) => p.project.root === '/ws/inner')!;
  assert.ok(inner.files.some((f) => f.file === '/ws/inner/templates/inner.html'));
  const skipped = [...checkByProject(fx.ws, '/ws', { skip: (f) => f.endsWith('inner.html') })];
  assert.deepEqual(skipped.map((p) => p.checked), all.map((p) => p.checked));
  assert.ok(!skipped.flatMap((p) => p.files).some((f) => f.file.endsWith('inner.html')));
  assert.equal(skipped.flatMap((p) => p.files).reduce((n, f) => n + f.diagnostics.length, 0), 1);
});
