// Django 5.2's reverse(..., query=..., fragment=...): the new keywords are not URL arguments, so the call stays silent and navigable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import { checkDefinition } from '../helpers/fixture';
import { diagnose } from '../helpers/engine';
import { djangoRuntimes, requireDjango } from '../oracle/harness';

const FILES: Record<string, string> = {
  '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "s.settings")\n',
  '/ws/requirements.txt': 'Django==5.2\n',
  '/ws/s/__init__.py': '',
  '/ws/s/settings.py': 'SECRET_KEY = "x"\nINSTALLED_APPS = []\nROOT_URLCONF = "s.urls"\n',
  '/ws/s/urls.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("p/<int:pk>/", views.v, name="detail")]\n',
  '/ws/s/views.py': [
    'from django.urls import reverse',
    'def v(request, pk):',
    '    a = reverse("detail", kwargs={"pk": 1}, query={"a": 1}, fragment="top")',
    '    b = reverse("detail", args=[1], query=[("a", 1)])',
    '    c = reverse("detail", query={"a": 1})',
    '    return a, b, c',
    '',
  ].join('\n'),
};

test('query= and fragment= are not counted as URL arguments', () => {
  // Only the call without the pk argument cannot reverse, whatever its query.
  assert.deepEqual(diagnose(FILES, 's/views.py'), [{ code: 'url-args-mismatch', text: 'detail' }]);
});

test('go to definition from a reverse() with query= and fragment=', () => {
  checkDefinition(`
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s.settings")
//- /s/__init__.py
//- /s/settings.py
INSTALLED_APPS = []
ROOT_URLCONF = "s.urls"
//- /s/urls.py
from django.urls import path
from . import views
urlpatterns = [<|path("p/<int:pk>/", views.v, name="detail")|>]
//- /s/views.py
from django.urls import reverse
def v(request, pk):
    return reverse("det$0ail", kwargs={"pk": 1}, query={"a": 1}, fragment="top")
`);
});

test('Django 5.2 and 6.1 reverse the same calls as the check says', () => {
  for (const runtime of djangoRuntimes().filter((r) => r.series === '5.2' || r.series === '6.1')) {
    requireDjango(runtime);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-query-'));
    try {
      for (const [file, text] of Object.entries(FILES)) {
        const abs = path.join(dir, file.slice(4));
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
      }
      const script = [
        'import os, sys, django',
        'sys.path.insert(0, ".")',
        'os.environ["DJANGO_SETTINGS_MODULE"] = "s.settings"',
        'django.setup()',
        'from django.urls import reverse, NoReverseMatch',
        'print(reverse("detail", kwargs={"pk": 1}, query={"a": 1}, fragment="top"))',
        'print(reverse("detail", args=[1], query=[("a", 1)]))',
        'try:\n    reverse("detail", query={"a": 1})\nexcept NoReverseMatch:\n    print("NoReverseMatch")',
      ].join('\n');
      const r = spawnSync(runtime.python, ['-c', script], { cwd: dir, encoding: 'utf-8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), ['/p/1/?a=1#top', '/p/1/?a=1', 'NoReverseMatch'], `Django ${runtime.series}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
