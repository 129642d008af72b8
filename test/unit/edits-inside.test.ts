// Every edit the server proposes (URL and template rename, quick fixes, New App) stays inside the workspace folder once links are resolved; unsafe names are refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as nodefs from 'node:fs';
import * as nodepath from 'node:path';
import * as os from 'node:os';
import { NodeFileSystem } from '../../server/src/host/nodefs';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { prepareRename, rename } from '../../server/src/features/rename';
import { codeActions } from '../../server/src/features/code-actions';
import { newApp } from '../../server/src/features/new-app';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { outsideProblem, relativeNameProblem } from '../../server/src/core/inside';
import { fixtureWorkspace } from '../helpers/fixture';

/*
 * A project on disk (real links need a real disk): the workspace folder `ws`, an environment `env` on sys.path
 * outside it (an installed package with its own URL names, templates and a settings module the project star-
 * imports), a folder `outside` reached by `ws/templates/lnk` and `ws/polls/templates/plnk`, and a TEMPLATES DIRS entry outside the workspace.
 */
const base = nodefs.realpathSync(nodefs.mkdtempSync(nodepath.join(os.tmpdir(), 'edits-inside-')));
after(() => nodefs.rmSync(base, { recursive: true, force: true }));
const WS = base + '/ws';
const ENV = base + '/env';
const OUTSIDE = base + '/outside';
const OUT_DIRS = base + '/outdirs';

function write(path: string, text: string): void {
  nodefs.mkdirSync(nodepath.dirname(path), { recursive: true });
  nodefs.writeFileSync(path, text);
}

write(WS + '/manage.py', 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n');
write(WS + '/mysite/__init__.py', '');
write(
  WS + '/mysite/settings.py',
  [
    'from shared_settings import *',
    'ROOT_URLCONF = "mysite.urls"',
    `TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["${OUT_DIRS}", "${WS}/templates"], "APP_DIRS": True}]`,
    '',
  ].join('\n'),
);
write(WS + '/mysite/urls.py', 'from django.urls import include, path\nurlpatterns = [path("polls/", include("polls.urls")), path("acct/", include("extpkg.urls"))]\n');
write(WS + '/polls/__init__.py', '');
write(WS + '/polls/urls.py', 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n');
write(WS + '/polls/views.py', 'from django.shortcuts import render\ndef index(request):\n    return render(request, "polls/index.html")\n');
write(
  WS + '/polls/templates/polls/index.html',
  '{% url "login" %} {% url "polls:index" %} {% include "lnk/page.html" %} {% include "plnk/new.html" %} {% include "missing.html" %} {% include "polls/part.html" %}\n',
);
write(WS + '/polls/templates/polls/part.html', 'part\n');
write(OUTSIDE + '/page.html', 'outside page {% url "polls:index" %}\n');
nodefs.mkdirSync(WS + '/templates', { recursive: true });
nodefs.symlinkSync(OUTSIDE, WS + '/templates/lnk');
// The app's own template folder holds a link out too, so the app-folder quick fix would write through it.
nodefs.symlinkSync(OUTSIDE, WS + '/polls/templates/plnk');
nodefs.mkdirSync(OUT_DIRS, { recursive: true });
write(ENV + '/shared_settings.py', 'INSTALLED_APPS = ["polls", "extpkg"]\n');
write(ENV + '/extpkg/__init__.py', '');
write(ENV + '/extpkg/urls.py', 'from django.urls import path\nfrom . import views\nurlpatterns = [path("login/", views.login, name="login")]\n');
write(ENV + '/extpkg/views.py', 'def login(request):\n    pass\n');
write(ENV + '/extpkg/templates/extpkg/login.html', '{% url "polls:index" %}\n');

function workspace(): Workspace {
  const ws = new Workspace(new NodeFileSystem(), WS, { envPaths: [ENV], extraTemplateDirs: [] });
  ws.index();
  return ws;
}

const INDEX = WS + '/polls/templates/polls/index.html';
const text = (f: string) => nodefs.readFileSync(f, 'utf8');
const after_ = (file: string, needle: string) => text(file).indexOf(needle) + needle.length - 2;

/** Independent of the code under test: the real path of `p`, or of its nearest existing ancestor plus the rest. */
function real(p: string): string {
  let cur = nodepath.resolve(p);
  const rest: string[] = [];
  while (!nodefs.existsSync(cur)) {
    rest.unshift(nodepath.basename(cur));
    cur = nodepath.dirname(cur);
  }
  return nodepath.join(nodefs.realpathSync(cur), ...rest);
}

function assertInside(paths: string[], what: string): void {
  for (const p of paths) {
    const r = real(p);
    assert.ok(r.startsWith(WS + '/') && !/\/(site|dist)-packages\//.test(r), `${what}: ${p} (really ${r}) is outside ${WS}`);
  }
}

test('the fixture is what the tests rely on: the project sees the installed URL name and the linked template', () => {
  const ws = workspace();
  const p = ws.projects[0];
  assert.ok(p.urls?.entries.some((e) => e.qualifiedName === 'login' && e.node.file === ENV + '/extpkg/urls.py'));
  assert.ok(p.templates.byName.has('lnk/page.html'));
  assert.equal(p.settings?.engines[0].dirs[0], OUT_DIRS);
});

test('renaming a URL name declared in an installed package is refused with the reason', () => {
  const ws = workspace();
  const off = after_(INDEX, '"login"');
  const prep = prepareRename(ws, INDEX, off);
  assert.ok('error' in prep, 'prepareRename must refuse');
  assert.match(prep.error, /outside the workspace/);
  const r = rename(ws, INDEX, off, 'signin');
  assert.ok('error' in r, `rename must refuse, got edits in ${'edits' in r ? r.edits.map((e) => e.file).join(', ') : ''}`);
  assert.match(r.error, /outside the workspace/);
});

test('a URL rename used behind a link out of the workspace is refused, or leaves that use alone when it is not the project\'s', () => {
  // Whether a template behind a link counts as the project's own file is the discovery's call; either way the
  // rename must not write through the link.
  const ws = workspace();
  const r = rename(ws, INDEX, after_(INDEX, '"polls:index"'), 'home');
  if ('error' in r) assert.match(r.error, /plnk\/page\.html \(a link to .*outside the workspace/);
  else assert.deepEqual(r.edits.map((e) => e.file).sort(), [WS + '/polls/templates/polls/index.html', WS + '/polls/urls.py']);
});

test('a template reached through a link out of the workspace is neither moved nor renamed into', () => {
  const ws = workspace();
  const off = after_(INDEX, '"lnk/page.html"');
  const prep = prepareRename(ws, INDEX, off);
  assert.ok('error' in prep, `prepareRename: ${JSON.stringify(prep)}`);
  assert.match(prep.error, /link to .*outside the workspace/);
  const r = rename(ws, INDEX, off, 'moved.html');
  assert.ok('error' in r, `rename: ${JSON.stringify(r)}`);
  // A workspace template may not be moved through the link either.
  const into = rename(ws, INDEX, after_(INDEX, '"polls/part.html"'), 'plnk/part.html');
  assert.ok('error' in into, `rename into: ${JSON.stringify(into)}`);
  assert.match(into.error, /outside the workspace/);
  // A move inside the workspace is still offered (the property below needs a success to mean something).
  const ok = rename(ws, INDEX, after_(INDEX, '"polls/part.html"'), 'polls/piece.html');
  assert.ok(!('error' in ok), JSON.stringify(ok));
});

test('template rename rejects NUL and control characters, over-long names, ~ and escaping names', () => {
  const ws = workspace();
  const off = after_(INDEX, '"polls/part.html"');
  for (const bad of ['polls/a\u0000.html', 'polls/a\u0007b.html', 'polls/' + 'x'.repeat(5005) + '.html', 'polls/' + 'y'.repeat(256), 'a/'.repeat(600) + 'b', '~/x.html', '/etc/x.html', '../x.html', 'polls/../../x.html']) {
    const r = rename(ws, INDEX, off, bad);
    assert.ok('error' in r, `accepted ${JSON.stringify(bad.slice(0, 40))}`);
  }
});

test('the create-template quick fix writes neither through a link nor into a DIRS folder outside the workspace', () => {
  const ws = workspace();
  const p = ws.projects[0];
  const diags = fileDiagnostics(ws, p, INDEX).filter((d) => d.code === 'template-missing');
  const all = diags.flatMap((d) => codeActions(ws, INDEX, d.span, [d]));
  const created = all.flatMap((a) => (a.createFiles ?? []).map((c) => c.path));
  assert.ok(!created.some((c) => c.startsWith(OUT_DIRS)), `offered ${created.join(', ')}`);
  assert.ok(!created.some((c) => c.includes('/plnk/')), `offered ${created.join(', ')}`);
  // The app folder inside the workspace is still offered for the plain missing name.
  assert.ok(created.includes(WS + '/polls/templates/missing.html'), `offered ${created.join(', ')}`);
});

test('quick fixes are not offered for a file outside the workspace', () => {
  const ws = workspace();
  const file = ENV + '/extpkg/templates/extpkg/login.html';
  const p = ws.projectFor(file)!;
  nodefs.writeFileSync(file, '{% url "polls:indx" %}\n');
  try {
    ws.changed([file]);
    const diags = fileDiagnostics(ws, p, file);
    assert.ok(diags.some((d) => d.code === 'url-name-unknown'), 'the fixture must produce a diagnostic with a "Change to" fix');
    assert.deepEqual(codeActions(ws, file, { start: 0, end: 30 }, diags), []);
  } finally {
    nodefs.writeFileSync(file, '{% url "polls:index" %}\n');
  }
});

test('New App refuses to edit a settings module imported from outside the workspace, and says why', () => {
  const ws = workspace();
  const r = newApp(ws, ws.projects[0], 'reviews');
  assert.ok('error' in r, 'must refuse');
  assert.match(r.error, /shared_settings\.py.*outside the workspace/);
  // Without the INSTALLED_APPS edit, everything else stays inside and is offered.
  const ok = newApp(ws, ws.projects[0], 'reviews', { installedApps: false });
  assert.ok(!('error' in ok), 'error' in ok ? ok.error : '');
});

test('New App rejects __init__, dunder names and identifiers Python would read as another name (NFKC)', () => {
  const fx = fixtureWorkspace(`
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")
//- /site1/__init__.py
//- /site1/settings.py
INSTALLED_APPS = []
ROOT_URLCONF = "site1.urls"
//- /site1/urls.py
urlpatterns = []
`);
  const err = (name: string) => {
    const r = newApp(fx.ws, fx.ws.projects[0], name);
    return 'error' in r ? r.error : undefined;
  };
  assert.match(err('__init__') ?? '', /reserved|__init__/);
  assert.match(err('__main__') ?? '', /reserved|__main__/);
  // Full-width letters: Python reads `ｏｓ` as `os`, a standard module.
  assert.match(err('\uff4f\uff53') ?? '', /NFKC|reads it as 'os'/);
  assert.match(err('\ufb01le') ?? '', /reads it as 'file'/);
  assert.match(err('a\u0000b') ?? '', /not a valid Python identifier/);
  assert.match(err('x'.repeat(300)) ?? '', /long/);
  assert.equal(err('reviews'), undefined);
  assert.equal(err('caf\u00e9'), undefined);
});

test('property: no feature that returns a WorkspaceEdit ever touches a path outside the workspace', () => {
  const ws = workspace();
  const p = ws.projects[0];
  const files = [...new Set([INDEX, WS + '/polls/templates/polls/part.html', WS + '/polls/views.py', WS + '/polls/urls.py', WS + '/mysite/urls.py', OUTSIDE + '/page.html', WS + '/templates/lnk/page.html', ENV + '/extpkg/urls.py', ENV + '/extpkg/templates/extpkg/login.html'])];
  const names = ['renamed', 'polls/renamed.html', 'lnk/x.html', 'renamed.html', 'home'];
  let offered = 0;
  for (const file of files) {
    const t = text(file);
    const diags = ws.projectFor(file) ? fileDiagnostics(ws, ws.projectFor(file)!, file) : [];
    for (let off = 0; off <= t.length; off++) {
      for (const n of names) {
        const r = rename(ws, file, off, n);
        if ('error' in r) continue;
        offered++;
        assertInside([...r.edits.map((e) => e.file), ...(r.fileRenames ?? []).flatMap((m) => [m.from, m.to])], `rename at ${file}:${off} to ${n}`);
      }
      for (const a of codeActions(ws, file, { start: off, end: off }, diags)) {
        offered++;
        assertInside([...a.edits.map((e) => e.file), ...(a.createFiles ?? []).map((c) => c.path)], `${a.title} at ${file}:${off}`);
      }
    }
  }
  for (const name of ['reviews', 'blog', '__init__', '\uff4f\uff53']) {
    for (const installedApps of [true, false]) {
      const r = newApp(ws, p, name, { installedApps });
      if ('error' in r) continue;
      offered++;
      assertInside([...r.files.map((f) => f.path), ...r.edits.map((e) => e.file)], `New App ${name}`);
    }
  }
  // The property must have been exercised: renames and quick fixes inside the workspace are still offered.
  assert.ok(offered > 20, `only ${offered} edits were offered`);
});

test('the inside check itself: links out, links in, and paths not created yet', () => {
  const fs = new NodeFileSystem();
  assert.equal(outsideProblem(fs, WS, WS + '/polls/views.py'), undefined);
  assert.equal(outsideProblem(fs, WS, WS + '/polls/new/dir/x.py'), undefined);
  assert.match(outsideProblem(fs, WS, WS + '/templates/lnk/new/x.html') ?? '', /link to .*outside/);
  assert.match(outsideProblem(fs, WS, WS + '/../env/x.py') ?? '', /outside/);
  assert.match(outsideProblem(fs, WS, ENV + '/extpkg/urls.py') ?? '', /outside/);
  // A virtual environment inside the workspace is still an installed package.
  assert.match(outsideProblem(new MemoryFileSystem({ '/w/.venv/lib/python3.11/site-packages/django/urls.py': '' }), '/w', '/w/.venv/lib/python3.11/site-packages/django/urls.py') ?? '', /installed package/);
  assert.equal(relativeNameProblem('polls/a.html'), undefined);
  assert.ok(relativeNameProblem('polls/\u0085.html'));
});
