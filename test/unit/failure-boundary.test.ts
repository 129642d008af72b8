// The one failure boundary (issue 13, item 1): a feature's bug throws in tests, is logged by the server and the CLI, and the evaluator skips only what it cannot follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkDefinition, fixtureWorkspace } from '../helpers/fixture';
import { diagnose } from '../helpers/engine';
import { project, start, pos, waitFor } from '../helpers/lsp';
import { hover } from '../../server/src/features/hover';
import { completion } from '../../server/src/features/completion';
import { CannotEvaluate, Evaluator } from '../../server/src/core/python/evaluate';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { ModuleResolver, ParseCache } from '../../server/src/core/python/modules';

const REPO = path.resolve(__dirname, '../..');

const FIXTURE = `
//- /ws/manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
//- /ws/site/__init__.py
//- /ws/site/settings.py
INSTALLED_APPS = ["polls"]
ROOT_URLCONF = "site.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
//- /ws/site/urls.py
from django.urls import path
from polls import views
urlpatterns = [<|path("", views.index, name="index")|>]
//- /ws/polls/__init__.py
//- /ws/polls/views.py
def index(request): pass
//- /ws/polls/templates/polls/page.html
{% url "ind$0ex" %} {% url "nope" %}
`;

/** Runs `body` with DJANGO_MTV_TEST_THROW set to `name`, as a test process that injects a failure would. */
function injecting<T>(name: string, body: () => T): T {
  process.env.DJANGO_MTV_TEST_THROW = name;
  try {
    return body();
  } finally {
    delete process.env.DJANGO_MTV_TEST_THROW;
  }
}

test('in tests a feature that throws fails the test: no feature swallows its own error', () => {
  // The same calls answer normally without the injected failure, so each throw below is the feature's own.
  checkDefinition(FIXTURE);
  const fx = fixtureWorkspace(FIXTURE);
  assert.ok(hover(fx.ws, fx.cursor.file, fx.cursor.offset), 'a hover on the URL name');
  assert.throws(() => injecting('definition', () => checkDefinition(FIXTURE)), /injected failure in definition/);
  assert.throws(() => injecting('hover', () => hover(fx.ws, fx.cursor.file, fx.cursor.offset)), /injected failure in hover/);
  assert.throws(() => injecting('completion', () => completion(fx.ws, fx.cursor.file, fx.cursor.offset)), /injected failure in completion/);
});

test('in tests a diagnostic check that throws fails the test instead of leaving the file without that check', () => {
  const files = Object.fromEntries(Object.entries({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    'site/__init__.py': '',
    'site/settings.py': 'INSTALLED_APPS = ["polls"]\nROOT_URLCONF = "site.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]\n',
    'site/urls.py': 'from django.urls import path\nurlpatterns = []\n',
    'polls/__init__.py': '',
    'polls/templates/polls/page.html': '{% url "nope" %}\n',
  }).map(([k, v]) => ['/ws/' + k, v]));
  assert.deepEqual(diagnose(files, 'polls/templates/polls/page.html'), [{ code: 'url-name-unknown', text: 'nope' }]);
  assert.throws(() => injecting('url-name-unknown', () => diagnose(files, 'polls/templates/polls/page.html')), /injected failure in url-name-unknown/);
  assert.throws(() => injecting('tag-library-unknown', () => diagnose(files, 'polls/templates/polls/page.html')), /injected failure in tag-library-unknown/);
});

test('the evaluator skips a statement it cannot follow (CannotEvaluate) but lets any other error through', () => {
  const mem = new MemoryFileSystem({ '/ws/m.py': 'A = 1\nB = cannot()\nC = 3\n', '/ws/bug.py': 'A = 1\nB = bug()\nC = 3\n' });
  const ev = new Evaluator(new ParseCache(mem), new ModuleResolver(mem, ['/ws'], []), (qualname) => {
    if (qualname === 'cannot') throw new CannotEvaluate('not followed');
    if (qualname === 'bug') throw new TypeError('a bug in a hook');
    return undefined;
  });
  const m = ev.evalModule('m');
  assert.deepEqual([m?.scope.get('A'), m?.scope.has('B'), m?.scope.get('C')], [{ t: 'num', v: 1 }, false, { t: 'num', v: 3 }]);
  assert.throws(() => ev.evalModule('bug'), TypeError);
});

test('a hook value whose data is a plain record is not taken for a callable object (project-fuzz seed 1174)', () => {
  // A path() hook's data holds its call expression under `call`: calling the value, reading or calling an attribute of it, or decorating with it is not understood, and no TypeError.
  const mem = new MemoryFileSystem({ '/ws/m.py': 'A = make()()\nB = make().x\nC = make().f()\n@make()\ndef g(): pass\nD = 4\n' });
  const ev = new Evaluator(new ParseCache(mem), new ModuleResolver(mem, ['/ws'], []), (qualname) =>
    qualname === 'make' ? { t: 'hook', kind: 'record', data: { call: 'an expression', getAttr: 1, callMethod: 2, decorate: 3 } } : undefined,
  );
  const m = ev.evalModule('m');
  assert.deepEqual(m?.scope.get('D'), { t: 'num', v: 4 });
  assert.equal(m?.scope.get('g')?.t, 'def');
});

const PAGE = '{% url "polls:index" %} {% url "polls:nope" %}\n';
const FILES = {
  'polls/urls.py': 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n',
  'polls/views.py': 'def index(request): pass\n',
  'polls/templates/polls/page.html': PAGE,
};

test('the server logs a feature that throws and answers empty; the LSP test helper makes it an error instead', { timeout: 60000 }, async () => {
  const quiet = await start([project(FILES)], { env: { DJANGO_MTV_TEST_THROW: 'hover', DJANGO_MTV_RETHROW: '' } });
  try {
    const params = { textDocument: { uri: quiet.uri('polls/templates/polls/page.html') }, position: pos(PAGE, 'polls:index', 2) };
    assert.equal(await quiet.conn.sendRequest('textDocument/hover', params), null);
    await waitFor('the failure in the log', () => quiet.logs.find((l) => l.includes('hover failed') && l.includes('injected failure in hover')));
    // Only the failing feature is affected.
    const defs = await quiet.conn.sendRequest<unknown[]>('textDocument/definition', params);
    assert.equal(defs.length, 1);
  } finally {
    await quiet.stop();
  }
  const strict = await start([project(FILES)], { env: { DJANGO_MTV_TEST_THROW: 'hover' } });
  try {
    const params = { textDocument: { uri: strict.uri('polls/templates/polls/page.html') }, position: pos(PAGE, 'polls:index', 2) };
    await assert.rejects(strict.conn.sendRequest('textDocument/hover', params), /injected failure in hover/);
  } finally {
    await strict.stop();
  }
});

test('the server logs a diagnostic check that throws and publishes nothing for that file', { timeout: 60000 }, async () => {
  const s = await start([project(FILES)], { env: { DJANGO_MTV_TEST_THROW: 'url-name-unknown' } });
  try {
    const uri = s.uri('polls/templates/polls/page.html');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'django-html', version: 1, text: PAGE } });
    const published = await waitFor('diagnostics published', () => s.published.find((p) => p.uri === uri));
    assert.deepEqual(published.diagnostics, []);
    assert.ok(s.logs.some((l) => l.includes(`diagnostics of ${uri} failed`) && l.includes('injected failure in url-name-unknown')), s.logs.join('\n'));
  } finally {
    await s.stop();
  }
});

test('the CLI reports a check that throws on one line and exits 2, instead of a silently shorter report', () => {
  const root = project(FILES);
  const run = (env: Record<string, string>) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'server/src/cli/main.ts'), 'check', root], { cwd: REPO, encoding: 'utf8', env: { ...process.env, DJANGO_MTV_CACHE_DIR: '', DJANGO_MTV_DEBUG: '', ...env }, timeout: 60_000 });
  const healthy = run({});
  assert.equal(healthy.status, 1, healthy.stderr);
  assert.match(healthy.stdout, /url-name-unknown/);
  const failing = run({ DJANGO_MTV_TEST_THROW: 'url-name-unknown' });
  assert.equal(failing.status, 2);
  assert.equal(failing.stderr, 'django-mtv: injected failure in url-name-unknown (DJANGO_MTV_TEST_THROW)\n');
});
