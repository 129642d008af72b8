// The persistent caches in the user's cache folder (issue 14, item 5): per-file facts (a hit needs no parse, a changed file misses, another tool version or a corrupt file is ignored, never the workspace) and the interpreter's sys.path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { DiskFactsCache } from '../../server/src/host/facts-cache';
import { cachedInterpreterSysPath } from '../../server/src/host/syspath-cache';

const FILES: Record<string, string> = {
  '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
  '/ws/site/__init__.py': '',
  '/ws/site/settings.py': 'INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "site.urls"\n',
  '/ws/site/urls.py': 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("", views.home, name="home")]\n',
  '/ws/shop/__init__.py': '',
  '/ws/shop/views.py': 'def home(request):\n    pass\n',
  '/ws/shop/tests.py': 'from django.urls import reverse\ndef test_home():\n    assert reverse("home")\n    assert reverse("away")\n',
};

function run(files: Record<string, string>, env: NodeJS.ProcessEnv, version = '1.0.0') {
  const facts = DiskFactsCache.open('/ws', version, env);
  assert.ok(facts, 'no cache');
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [], facts });
  ws.index();
  const names = ws.pythonRefs('/ws/shop/tests.py')?.urls.map((u) => u.name);
  facts.save();
  return { parses: ws.cache.parses, names, facts, urls: ws.projects[0].urls?.entries.map((e) => e.qualifiedName) };
}

function tempEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-facts-'));
  return { dir, env: { DJANGO_MTV_CACHE_DIR: dir } };
}

test('a second run over unchanged files parses nothing and finds the same facts', () => {
  const { dir, env } = tempEnv();
  try {
    const cold = run(FILES, env);
    assert.ok(cold.parses > 0);
    assert.deepEqual(cold.names, ['home', 'away']);
    const warm = run(FILES, env);
    assert.equal(warm.parses, 0);
    assert.deepEqual(warm.names, ['home', 'away']);
    assert.deepEqual(warm.urls, cold.urls);
    assert.ok(warm.facts.hits > 0);
    // Nothing lands anywhere but the cache folder.
    assert.deepEqual(fs.readdirSync(dir).filter((f) => !f.startsWith('facts-')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed file misses and is parsed again, alone', () => {
  const { dir, env } = tempEnv();
  try {
    run(FILES, env);
    const changed = { ...FILES, '/ws/shop/tests.py': FILES['/ws/shop/tests.py'].replace('"away"', '"elsewhere"') };
    const r = run(changed, env);
    assert.deepEqual(r.names, ['home', 'elsewhere']);
    // Its references: its module is never parsed by the model, and the refs are made from one parse.
    assert.equal(r.parses, 0);
    assert.equal(r.facts.misses, 1);
    const viewsChanged = { ...FILES, '/ws/shop/views.py': 'def home(request):\n    return None\n' };
    assert.equal(run(viewsChanged, env).parses, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('another version of the tool ignores the cache', () => {
  const { dir, env } = tempEnv();
  try {
    const cold = run(FILES, env, '1.0.0');
    assert.equal(run(FILES, env, '1.0.1').parses, cold.parses);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt or foreign cache file is ignored, then replaced by a good one', () => {
  const { dir, env } = tempEnv();
  try {
    const cold = run(FILES, env);
    const file = cold.facts.file;
    for (const bad of ['{"format": 1, "ver', 'null', '[]', JSON.stringify({ format: 1, version: '1.0.0', refs: { x: 5 }, modules: 'no' })]) {
      fs.writeFileSync(file, bad);
      const r = run(FILES, env);
      assert.equal(r.parses, cold.parses, bad);
      assert.deepEqual(r.names, ['home', 'away']);
    }
    // A well-formed entry of the wrong shape is not trusted either.
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const k of Object.keys(data.refs)) data.refs[k] = { urls: 'not a list' };
    fs.writeFileSync(file, JSON.stringify(data));
    assert.deepEqual(run(FILES, env).names, ['home', 'away']);
    assert.equal(run(FILES, env).parses, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no cache inside the workspace, and none when the folder is set empty', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-ws-'));
  try {
    assert.equal(DiskFactsCache.open(root, '1', { DJANGO_MTV_CACHE_DIR: path.join(root, '.cache') }), undefined);
    assert.equal(DiskFactsCache.open(root, '1', { DJANGO_MTV_CACHE_DIR: '' }), undefined);
    assert.ok(DiskFactsCache.open(root, '1', { XDG_CACHE_HOME: path.join(os.tmpdir(), 'elsewhere') }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the interpreter's sys.path is remembered until the interpreter, a site folder or a .pth file changes", () => {
  const { dir, env } = tempEnv();
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-py-'));
  try {
    const python = path.join(tree, 'bin', 'python');
    const site = path.join(tree, 'site');
    fs.mkdirSync(path.dirname(python), { recursive: true });
    fs.mkdirSync(site);
    fs.writeFileSync(python, '#!/bin/sh\n');
    fs.writeFileSync(path.join(site, 'a.pth'), '/x\n');
    let asked = 0;
    const ask = () => (asked++, [site]);
    const past = new Date(Date.now() - 60_000);
    // Times set in the past, so that a change now is always a different time.
    for (const p of [site, path.join(site, 'a.pth'), python]) fs.utimesSync(p, past, past);
    assert.deepEqual(cachedInterpreterSysPath(python, '1', env, ask), [site]);
    assert.deepEqual(cachedInterpreterSysPath(python, '1', env, ask), [site]);
    assert.equal(asked, 1, 'asked again though nothing changed');
    fs.appendFileSync(path.join(site, 'a.pth'), '/y\n');
    cachedInterpreterSysPath(python, '1', env, ask);
    assert.equal(asked, 2, 'a .pth file changed');
    fs.mkdirSync(path.join(site, 'newpkg'));
    cachedInterpreterSysPath(python, '1', env, ask);
    assert.equal(asked, 3, 'a package was installed');
    cachedInterpreterSysPath(python, '2', env, ask);
    assert.equal(asked, 4, 'another version of the tool');
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('syspath-'))) fs.writeFileSync(path.join(dir, f), '{"format":1,"paths":');
    cachedInterpreterSysPath(python, '2', env, ask);
    assert.equal(asked, 5, 'a corrupt entry');
    // No cache folder: always asked.
    cachedInterpreterSysPath(python, '2', { DJANGO_MTV_CACHE_DIR: '' }, ask);
    cachedInterpreterSysPath(python, '2', { DJANGO_MTV_CACHE_DIR: '' }, ask);
    assert.equal(asked, 7);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tree, { recursive: true, force: true });
  }
});
