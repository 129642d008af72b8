// The project model read from the on-disk shopsite fixture, compared with what Django 3.2 itself reports for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/host/nodefs';
import { Workspace } from '../../server/src/core/workspace';
import { normalizePath } from '../../server/src/core/fs';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import { lookupTemplate } from '../../server/src/core/templates/index';

const ROOT = normalizePath(path.resolve(__dirname, '../fixtures/projects/shopsite'));

function shopsite() {
  const ws = new Workspace(new NodeFileSystem(), ROOT, { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  assert.ok(p, 'shopsite is found');
  return p;
}

test('split settings: += , append and insert give the order Django reports (settings.INSTALLED_APPS)', () => {
  // Printed by `django.conf.settings.INSTALLED_APPS` under /usr/bin/python3 with DJANGO_SETTINGS_MODULE=shopsite.settings.dev.
  assert.deepEqual(shopsite().settings?.installedApps, ['django.contrib.humanize', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.staticfiles', 'catalog', 'blog']);
});

test('split settings: TEMPLATES DIRS from BASE_DIR in base.py, and the project is fully understood', () => {
  const p = shopsite();
  assert.deepEqual(p.settings?.engines.map((e) => [e.kind, e.dirs, e.appDirs]), [['django', [ROOT + '/templates'], true]]);
  assert.deepEqual(p.notes.filter((n) => !/no Python environment/.test(n)), []);
  assert.equal(p.libraries.complete, true);
  assert.ok(p.libraries.libraries.get('catalog_tags')?.tags.has('shout'));
  assert.ok(p.libraries.libraries.get('catalog_tags')?.tags.has('tag_box'));
  assert.ok(p.libraries.libraries.get('catalog_tags')?.filters.has('twice'));
});

test('template override: a DIRS template shadows the app template of the same name (first in loader order wins)', () => {
  const r = lookupTemplate(shopsite().templates, 'catalog/product_list.html');
  assert.equal(r.kind, 'found');
  assert.deepEqual(r.kind === 'found' && r.files.map((f) => f.file), [ROOT + '/templates/catalog/product_list.html', ROOT + '/catalog/templates/catalog/product_list.html']);
});

test('namespaces: the app namespace (blog) reaches the instance namespace (news); neither typo does', () => {
  const urls = shopsite().urls!;
  const kinds = ['news:post-detail', 'blog:post-detail', 'catalog:product-list', 'home', 'nwes:post-detail', 'blog:home', 'news:product-list'].map((n) => [n, reverseLookup(urls, n).kind]);
  assert.deepEqual(kinds, [
    ['news:post-detail', 'found'],
    ['blog:post-detail', 'found'],
    ['catalog:product-list', 'found'],
    ['home', 'found'],
    ['nwes:post-detail', 'missing'],
    ['blog:home', 'missing'],
    ['news:product-list', 'missing'],
  ]);
});
