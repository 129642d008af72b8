// Work check and indexing skip on real repositories (issue 14): the parse pre-filter, deferred same-folder projects, one read a file per run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MemoryFileSystem, walkFiles } from '../../server/src/core/fs';
import type { FileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { mayHoldRefs } from '../../server/src/core/python/refs';
import { SnapshotFileSystem } from '../../server/src/host/snapshot';
import { OverlayFileSystem } from '../../server/src/host/nodefs';
import { ModuleResolver } from '../../server/src/core/python/modules';
import { parsePython, parsePythonSteps } from '../../server/src/core/python/parse';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { prepareTemplateContext } from '../../server/src/core/context/context';

const REPO = path.resolve(__dirname, '../..');

/** A file system that counts reads per path. */
function counting(files: Record<string, string>) {
  const mem = new MemoryFileSystem(files);
  const reads = new Map<string, number>();
  const fsys: FileSystem = {
    readFile: (p) => (reads.set(p, (reads.get(p) ?? 0) + 1), mem.readFile(p)),
    readDir: (p) => mem.readDir(p),
    stat: (p) => mem.stat(p),
    realPath: (p) => mem.realPath(p),
  };
  return { fsys, reads };
}

const BASE = {
  '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
  '/ws/site/__init__.py': '',
  '/ws/site/settings.py': 'INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "site.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n',
  '/ws/site/urls.py': 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n',
  '/ws/shop/__init__.py': '',
  '/ws/shop/views.py': 'def home(request):\n    pass\n',
};

test('pre-filter: a file naming render or reverse without any import from django is not parsed', () => {
  assert.equal(mayHoldRefs('# render the page\nclass Renderer:\n    def render(self):\n        return reverse(self.items)\n'), false);
  assert.equal(mayHoldRefs('from django.urls import reverse\n'), true);
  assert.equal(mayHoldRefs('import django.shortcuts as s\ns.render(r, "a.html")\n'), true);
  // Words that make a reference with no import at all.
  for (const t of ['template_name = "a.html"', '@register.inclusion_tag("t.html")', 'pattern_name = "x"', 'LOGIN_URL = "login"', 'LOGOUT_REDIRECT_URL = "home"', 'class A(DetailView):']) assert.equal(mayHoldRefs(t), true, t);
  const ws = new Workspace(new MemoryFileSystem({ ...BASE, '/ws/shop/render.py': '# render the page\ndef render(x):\n    return reverse(x)\n' }), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const before = ws.cache.parses;
  assert.equal(ws.pythonRefs('/ws/shop/render.py'), undefined);
  assert.equal(ws.cache.parses, before, 'the file was parsed');
  // A real use is still found.
  const ws2 = new Workspace(new MemoryFileSystem({ ...BASE, '/ws/shop/go.py': 'from django.shortcuts import redirect\ndef go(r):\n    return redirect("home")\n' }), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws2.index();
  assert.deepEqual(ws2.pythonRefs('/ws/shop/go.py')?.urls.map((u) => u.name), ['home']);
});

test('a test-settings project in manage.py\'s folder is not built until needed; index still lists it', () => {
  const files = {
    ...BASE,
    '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = site.test_settings\n',
    '/ws/site/test_settings.py': 'from .settings import *\nINSTALLED_APPS = INSTALLED_APPS + ["extra"]\n',
  };
  const { fsys, reads } = counting(files);
  const ws = new Workspace(fsys, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  assert.deepEqual(ws.projects.map((p) => p.settingsModule), ['site.settings']);
  assert.equal(reads.get('/ws/site/test_settings.py') ?? 0, 0, 'the test settings were read');
  assert.equal(ws.projectFor('/ws/shop/views.py')?.settingsModule, 'site.settings');
  assert.deepEqual(ws.allProjects().map((p) => [p.settingsModule, p.settings?.installedApps]), [
    ['site.settings', ['shop']],
    ['site.test_settings', ['shop', 'extra']],
  ]);
  // The first project of the folder still owns its files.
  assert.equal(ws.projectFor('/ws/shop/views.py')?.settingsModule, 'site.settings');
});

test('a deferred project is built when a file only it can hold is asked about', () => {
  const files = {
    '/ws/proj/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n',
    '/ws/proj/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = proj.test_settings\n',
    '/ws/proj/proj/__init__.py': '',
    '/ws/proj/proj/settings.py': 'INSTALLED_APPS = []\n',
    '/ws/proj/proj/test_settings.py': 'INSTALLED_APPS = []\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/shared"]}]\n',
    '/ws/shared/page.html': 'hi\n',
  };
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  assert.equal(ws.projects.length, 1);
  assert.equal(ws.projectFor('/ws/shared/page.html')?.settingsModule, 'proj.test_settings');
});

test('a CLI run reads each file once (SnapshotFileSystem)', () => {
  const { fsys, reads } = counting(BASE);
  const snap = new SnapshotFileSystem(fsys);
  assert.equal(snap.readFile('/ws/shop/views.py'), BASE['/ws/shop/views.py']);
  assert.equal(snap.readFile('/ws/shop/views.py'), BASE['/ws/shop/views.py']);
  assert.equal(snap.readFile('/ws/none.py'), undefined);
  assert.equal(snap.readFile('/ws/none.py'), undefined);
  assert.deepEqual([reads.get('/ws/shop/views.py'), reads.get('/ws/none.py')], [1, 1]);
});

test('check and index on a tree with manage.py and pytest test settings in one folder: same diagnostics, both projects indexed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-deferred-'));
  try {
    const files: Record<string, string> = {
      ...BASE,
      '/ws/pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = site.test_settings\n',
      '/ws/site/test_settings.py': 'from .settings import *\n',
      '/ws/shop/templates/shop/page.html': '{% url "home" %} {% url "nowhere" %}\n',
    };
    for (const [p, t] of Object.entries(files)) {
      const full = path.join(dir, p.slice('/ws/'.length));
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, t);
    }
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, PATH: '', VIRTUAL_ENV: '', DJANGO_MTV_DEBUG: '' } });
    const check = run('check', dir, '--format', 'json');
    assert.equal(check.status, 1, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout).diagnostics.map((d: { file: string; code: string }) => [d.file, d.code]), [['shop/templates/shop/page.html', 'url-name-unknown']]);
    const index = run('index', dir);
    assert.equal(index.status, 0, index.stderr);
    assert.deepEqual(JSON.parse(index.stdout).projects.map((p: { settings: string }) => p.settings), ['site.settings', 'site.test_settings']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('references are read from the pieces of a file and no parse made only for them is kept; a parse the model made is reused', () => {
  const files = { ...BASE, '/ws/shop/go.py': 'from django.shortcuts import redirect\ndef go(r):\n    return redirect("home")\n' };
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  assert.deepEqual(ws.pythonRefs('/ws/shop/go.py')?.urls.map((u) => u.name), ['home']);
  assert.equal(ws.cache.peek('/ws/shop/go.py'), undefined);
  // A file the model parsed is not parsed again for its references.
  const before = ws.cache.parses;
  ws.pythonRefs('/ws/site/urls.py');
  assert.equal(ws.cache.parses, before);
});

test("a project's build does not read the modules a class only names in its body (form = SomeForm)", () => {
  const files = {
    ...BASE,
    '/ws/site/settings.py': 'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "shop"]\nROOT_URLCONF = "site.urls"\n',
    '/ws/site/urls.py': 'from django.contrib import admin\nfrom django.urls import path\nurlpatterns = [path("admin/", admin.site.urls)]\n',
    '/ws/shop/models.py': 'from django.db import models\nclass Thing(models.Model):\n    name = models.CharField(max_length=10)\n',
    // The admin class is read (does it override get_urls?); the form and table it names need not be.
    '/ws/shop/admin.py': 'from django.contrib import admin\nfrom shop.forms import ThingForm\nfrom shop.tables import ThingTable\nfrom shop.models import Thing\n\n@admin.register(Thing)\nclass ThingAdmin(admin.ModelAdmin):\n    form = ThingForm\n    table = ThingTable\n',
    '/ws/shop/forms.py': 'from django import forms\nclass ThingForm(forms.Form):\n    pass\n',
    '/ws/shop/tables.py': 'class ThingTable:\n    pass\n',
  };
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [project] = ws.index();
  assert.ok(project.urls?.entries.some((e) => e.qualifiedName === 'admin:shop_thing_changelist'), 'the admin class is registered');
  assert.notEqual(ws.cache.peek('/ws/shop/admin.py'), undefined, 'the admin module is read');
  assert.equal(ws.cache.peek('/ws/shop/forms.py'), undefined, 'forms.py is not parsed for the URL model');
  assert.equal(ws.cache.peek('/ws/shop/tables.py'), undefined, 'tables.py is not parsed for the URL model');
});

test('module resolution reads folder listings, not a stat per candidate path per root', () => {
  const files: Record<string, string> = { ...BASE };
  for (let i = 0; i < 10; i++) files[`/ws/lib${i}/keep.txt`] = '';
  const mem = new MemoryFileSystem(files);
  let stats = 0;
  let listings = 0;
  const fsys: FileSystem = { readFile: (p) => mem.readFile(p), readDir: (p) => (listings++, mem.readDir(p)), stat: (p) => (stats++, mem.stat(p)), realPath: (p) => mem.realPath(p) };
  // Ten roots that hold none of the 200 modules asked for: each root is listed once.
  const r = new ModuleResolver(fsys, Array.from({ length: 10 }, (_, i) => `/ws/lib${i}`), []);
  for (let i = 0; i < 200; i++) assert.equal(r.resolve(`absent${i}.sub`), undefined);
  assert.equal(stats, 0);
  assert.equal(listings, 10);
  const found = new ModuleResolver(fsys, ['/ws'], []);
  assert.equal(found.resolve('shop.views')?.file, '/ws/shop/views.py');
  assert.equal(found.resolve('shop')?.file, '/ws/shop/__init__.py');
  assert.equal(found.resolve('Shop'), undefined, 'names match by case, as Python imports them');
});

test('an open buffer not yet saved is listed in its folder, so a module only in the editor is found', () => {
  const overlay = new OverlayFileSystem(new MemoryFileSystem(BASE));
  overlay.setBuffer('/ws/shop/unsaved.py', 'def f():\n    pass\n');
  assert.deepEqual(overlay.readDir('/ws/shop').map((e) => e.name), ['__init__.py', 'unsaved.py', 'views.py']);
  assert.equal(new ModuleResolver(overlay, ['/ws'], []).resolve('shop.unsaved')?.file, '/ws/shop/unsaved.py');
});

test("indexing pauses between the stages of a project's build, and the project appears once built", () => {
  const ws = new Workspace(new MemoryFileSystem(BASE), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const seen: string[] = [];
  const steps = ws.indexSteps();
  let r = steps.next();
  for (; !r.done; r = steps.next()) {
    seen.push(r.value.stage ?? 'next project');
    assert.equal(ws.projects.length, 0, 'no half-built project is visible');
  }
  assert.deepEqual(seen, ['next project', 'settings', 'templates', 'models']);
  assert.equal(r.value.length, 1);
  assert.ok(r.value[0].urls?.entries.some((e) => e.qualifiedName === 'home'));
});

test('the server parses ahead what the URLconfs import (api.py, urls_api.py), which their names do not tell', () => {
  const files = {
    ...BASE,
    '/ws/site/urls.py': 'from django.urls import include, path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home"), path("api/", include("shop.urls_api"))]\n',
    '/ws/shop/urls_api.py': 'from rest_framework import routers\nfrom shop.api import ThingViewSet\nfrom . import helpers\nrouter = routers.SimpleRouter()\nrouter.register("thing", ThingViewSet)\nurlpatterns = router.urls\n',
    '/ws/shop/api.py': 'class ThingViewSet:\n    pass\n',
    '/ws/shop/helpers.py': 'X = 1\n',
    '/ws/shop/unrelated.py': 'Y = 2\n',
  };
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const r = ws.indexSteps().next();
  assert.ok(!r.done);
  const likely = ws.likelyFiles(r.value.candidate);
  assert.ok(likely.includes('/ws/shop/urls_api.py'), 'urls_*.py is a URLconf by its name');
  for (const f of likely) ws.cache.getPython(f);
  assert.deepEqual(ws.importedByUrlconfs(r.value.candidate, likely).sort(), ['/ws/shop/api.py', '/ws/shop/helpers.py']);
});

test('a large Python file is parsed in many short steps, to the same module', () => {
  const text = Array.from({ length: 800 }, (_, i) => `def view_${i}(request, pk):\n    return render(request, "t${i}.html", {"pk": pk, "items": [1, 2, 3]})\n`).join('\n');
  const steps = parsePythonSteps(text);
  let pauses = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) pauses++;
  assert.ok(pauses > 20, `${pauses} pauses`);
  assert.deepEqual(r.value, parsePython(text));
});

test('a tree walk resolves real paths only through links (a plain folder is its parent and its name)', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`/ws/app${i}/sub/mod.py`] = '';
  const mem = new MemoryFileSystem(files);
  let reals = 0;
  const fsys: FileSystem = { readFile: (p) => mem.readFile(p), readDir: (p) => mem.readDir(p).map((e) => ({ ...e, link: false })), stat: (p) => mem.stat(p), realPath: (p) => (reals++, mem.realPath(p)) };
  const { files: found } = walkFiles(fsys, '/ws', { maxDepth: 10, maxEntries: 1000 });
  assert.equal(found.length, 30);
  assert.equal(reals, 1, 'only the root is resolved');
});

test("a template edit re-reads that template for the template context, not the project's Python files nor unrelated templates", () => {
  const files = {
    ...BASE,
    '/ws/site/settings.py': 'INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "site.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n',
    '/ws/shop/models.py': 'from django.db import models\nclass Book(models.Model):\n    title = models.CharField(max_length=10)\n',
    '/ws/shop/views.py': 'from django.shortcuts import render\nfrom shop.models import Book\ndef home(request):\n    return render(request, "shop/home.html", {"book": Book.objects.get(pk=1)})\n',
    '/ws/shop/other.py': 'from django.shortcuts import render\ndef other(request):\n    return render(request, "shop/other.html", {})\n',
    '/ws/shop/templates/shop/home.html': '{% extends "shop/base.html" %}{% block c %}{{ book.title }}{% endblock %}\n',
    '/ws/shop/templates/shop/base.html': '{% block c %}{% endblock %}\n',
    '/ws/shop/templates/shop/other.html': '{{ nothing }}\n',
  };
  const mem = new MemoryFileSystem(files);
  const reads = new Map<string, number>();
  const fsys: FileSystem = { readFile: (p) => (reads.set(p, (reads.get(p) ?? 0) + 1), mem.readFile(p)), readDir: (p) => mem.readDir(p), stat: (p) => mem.stat(p), realPath: (p) => mem.realPath(p) };
  const ws = new Workspace(fsys, '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [project] = ws.index();
  const home = '/ws/shop/templates/shop/home.html';
  // A first unknown attribute: what the project's Python code assigns is read once.
  mem.write(home, '{% extends "shop/base.html" %}{% block c %}{{ book.nope }}{% endblock %}\n');
  ws.changed([home]);
  assert.deepEqual(fileDiagnostics(ws, project, home).map((d) => d.code), ['template-attribute-unknown']);
  mem.write(home, '{% extends "shop/base.html" %}{% block c %}{{ book.titel }}{% endblock %}\n');
  ws.changed([home]);
  reads.clear();
  const after = fileDiagnostics(ws, project, home);
  assert.deepEqual(after.map((d) => d.code), ['template-attribute-unknown'], 'the edit is seen');
  assert.match(after[0].message, /titel/);
  const reread = [...reads.keys()].filter((p) => p !== home).sort();
  assert.deepEqual(reread.filter((p) => p.endsWith('.py')), [], 'no Python file is read again');
  // The parent it extends is read by the block checks; a template unrelated to it is not read.
  assert.ok(!reread.includes('/ws/shop/templates/shop/other.html'), 'an unrelated template is not read again');
  // An edit to a Python file the project model does not depend on still reaches the template context.
  mem.write('/ws/shop/other.py', 'from django.shortcuts import render\ndef other(request):\n    return render(request, "shop/home.html", {"book": 3})\n');
  ws.changed(['/ws/shop/other.py']);
  assert.deepEqual(fileDiagnostics(ws, ws.projectFor(home)!, home), [], 'book is no longer one certain model');
});

test('once the template context is prepared (the server does it after indexing), the first template question parses nothing', () => {
  const files = {
    ...BASE,
    '/ws/shop/models.py': 'from django.db import models\nclass Book(models.Model):\n    title = models.CharField(max_length=10)\n',
    '/ws/shop/views.py': 'from django.shortcuts import render\nfrom shop.models import Book\ndef home(request):\n    return render(request, "shop/home.html", {"book": Book.objects.get(pk=1)})\n',
    '/ws/shop/tests.py': 'from django.urls import reverse\ndef test_home(client):\n    client.get(reverse("home"))\n',
    '/ws/shop/templates/shop/home.html': '{{ book.title }}\n',
  };
  const { fsys, reads } = counting(files);
  const ws = new Workspace(fsys, '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [project] = ws.index();
  let pauses = 0;
  for (const _ of prepareTemplateContext(ws, project)) pauses++;
  assert.ok(pauses >= 3, `${pauses} pauses`);
  reads.clear();
  const parses = ws.cache.parses;
  assert.deepEqual(fileDiagnostics(ws, project, '/ws/shop/templates/shop/home.html'), []);
  assert.equal(ws.cache.parses, parses, 'nothing parsed on the first question');
  assert.deepEqual([...reads.keys()].filter((f) => f.endsWith('.py') && f in files), [], 'no Python file read on the first question');
  assert.equal(ws.cache.peek('/ws/shop/tests.py'), undefined, 'a file read only for its references keeps no parse');
});
