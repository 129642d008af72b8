// The language server answers while it indexes (issue 14): a request about a small project is answered while a big generated project in another folder is still being indexed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { project, start, pos, waitFor } from '../helpers/lsp';
import { interpreterSysPathAsync } from '../../server/src/host/python';

test('a request about a built project is answered before indexing of a big folder is done', { timeout: 180_000 }, async () => {
  const page = '{% url "polls:index" %}\n';
  const small = project({
    'polls/urls.py': 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n',
    'polls/views.py': 'def index(request):\n    pass\n',
    'templates/page.html': page,
  });
  const bigRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-big-'));
  // 200 apps (scripts/gen-project.mjs): about 2,000 Python files, seconds of indexing on any machine.
  const gen = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/gen-project.mjs'), bigRoot, '--apps', '200', '--seed', '3'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const s = await start([small, bigRoot], { waitReady: false });
  try {
    const answered: { locations: unknown[]; readyBefore: boolean }[] = [];
    // Asked at once: it waits for its own project (the small folder, indexed first), not for the big folder.
    const locations = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri('templates/page.html') }, position: pos(page, 'polls:index', 2) })) as { uri: string }[];
    answered.push({ locations, readyBefore: s.statuses.some((x) => x.state === 'ready') });
    assert.equal(locations.length, 1);
    assert.ok(locations[0].uri.endsWith('/polls/urls.py'), JSON.stringify(locations));
    assert.equal(answered[0].readyBefore, false, 'the answer came only after the whole workspace was indexed');
    // Indexing goes on and completes, with both folders' projects.
    const ready = await waitFor('ready', () => s.statuses.find((x) => x.state === 'ready'), 150_000);
    assert.equal(ready.projects, 2);
  } finally {
    await s.stop();
    fs.rmSync(bigRoot, { recursive: true, force: true });
  }
});

test('the server asks the interpreter without blocking, and gives up after a short timeout', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-probe-'));
  try {
    const good = path.join(dir, 'good');
    fs.writeFileSync(good, '#!/bin/sh\necho \'["/opt/lib", "/opt/x.zip"]\'\n', { mode: 0o755 });
    const slow = path.join(dir, 'slow');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    assert.deepEqual(await interpreterSysPathAsync(good, 10_000), ['/opt/lib']);
    // While the slow one runs, timers still fire: nothing waits on it synchronously.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await assert.rejects(interpreterSysPathAsync(slow, 300), /did not answer within 0.3 s/);
    clearInterval(timer);
    assert.ok(ticks > 5, `timers fired ${ticks} times`);
    await assert.rejects(interpreterSysPathAsync(path.join(dir, 'missing'), 1000), /could not run the Python interpreter/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server writes its parses to the cache folder after the first indexing and starts from them next time', { timeout: 120_000 }, async () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-server-cache-'));
  const saved = process.env.DJANGO_MTV_CACHE_DIR;
  process.env.DJANGO_MTV_CACHE_DIR = cacheDir;
  const page = '{% url "polls:index" %}\n';
  const files = {
    'polls/urls.py': 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n',
    'polls/views.py': 'def index(request):\n    pass\n',
    'templates/page.html': page,
  };
  try {
    const root = project(files);
    const copy = root + '-copy';
    fs.cpSync(root, copy, { recursive: true });
    const ask = async () => {
      const s = await start([root]);
      try {
        const found = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri('templates/page.html') }, position: pos(page, 'polls:index', 2) })) as { uri: string }[];
        // The cache is written a moment after indexing, out of the way of the first requests.
        await waitFor('the cache written', () => s.logs.find((l) => /wrote the cache of /.test(l)));
        return { found, reused: s.logs.some((l) => /not parsed again: known from the last session/.test(l)) };
      } finally {
        // stop() removes the folder; the next session gets the same one back.
        await s.stop();
        fs.cpSync(copy, root, { recursive: true });
      }
    };
    const first = await ask();
    assert.equal(first.reused, false);
    const written = fs.readdirSync(cacheDir).filter((f) => f.startsWith('facts-server-'));
    assert.equal(written.length, 1);
    const data = JSON.parse(fs.readFileSync(path.join(cacheDir, written[0]), 'utf8'));
    assert.ok(Object.keys(data.modules).length >= 3, 'the parses of settings, urls and views are kept');
    const second = await ask();
    assert.equal(second.reused, true);
    assert.deepEqual([first.found.length, second.found.length], [1, 1]);
    assert.ok(second.found[0].uri.endsWith('/polls/urls.py'));
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  } finally {
    if (saved === undefined) delete process.env.DJANGO_MTV_CACHE_DIR;
    else process.env.DJANGO_MTV_CACHE_DIR = saved;
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
