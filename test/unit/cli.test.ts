// The django-mtv command on the on-disk fixture projects: outputs, exit codes and bad input (expected values written by hand).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { assertUsageError, BIN, PROJECTS, REPO, run } from '../helpers/cli';

before(() => {
  // The command runs the bundle; `npm test` builds it first.
  assert.ok(fs.existsSync(path.join(REPO, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build` first');
});

// ---------------------------------------------------------------- check
test('check --format json: a healthy project (split settings, namespaces, overrides, tag library) has no diagnostics', () => {
  const r = run('check', 'shopsite', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.diagnostics, []);
  // Fully understood: every reference was decided, and all of them resolve.
  assert.ok(json.coverage.references > 10, JSON.stringify(json.coverage));
  assert.equal(json.coverage.found, json.coverage.references);
  assert.deepEqual([json.coverage.undecided, json.coverage.missing, json.coverage.reasons], [0, 0, []]);
});

test('check --format json: a dynamic URLconf silences url-name-unknown', () => {
  const r = run('check', 'dynsite', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.diagnostics, []);
  // Silence is explained: the undecided names are counted with the reason and the place that was not understood.
  assert.ok(json.coverage.undecided > 0, JSON.stringify(json.coverage));
  assert.ok(
    json.coverage.reasons.some((x: { why: string; where: string[] }) => /^URL names: /.test(x.why) && x.where.some((w) => /urls\.py(:\d+)?$/.test(w))),
    JSON.stringify(json.coverage.reasons),
  );
});

const BROKEN_EXPECTED = [
  { file: 'shop/templates/shop/index.html', line: 2, column: 9, severity: 'error', code: 'tag-library-unknown', name: 'shop_tagz' },
  { file: 'shop/templates/shop/index.html', line: 3, column: 18, severity: 'error', code: 'url-name-unknown', name: 'shop:itme' },
  { file: 'shop/urls.py', line: 11, column: 25, severity: 'error', code: 'view-missing', name: 'nope' },
  { file: 'shop/views.py', line: 9, column: 62, severity: 'error', code: 'url-args-mismatch', name: 'shop:item' },
  { file: 'shop/views.py', line: 12, column: 7, severity: 'error', code: 'template-missing', name: 'shop/item_list.html' },
];

function checkRows(stdout: string) {
  const parsed = JSON.parse(stdout) as { diagnostics: { file: string; line: number; column: number; severity: string; code: string; message: string }[] };
  assert.deepEqual(Object.keys(parsed), ['diagnostics', 'coverage']);
  for (const d of parsed.diagnostics) assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'file', 'line', 'message', 'severity']);
  return parsed.diagnostics;
}

test('check --format json: one planted error of each code, located by file (relative), line and column', () => {
  const r = run('check', 'brokensite', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  const rows = checkRows(r.stdout);
  assert.deepEqual(
    rows.map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code })),
    BROKEN_EXPECTED.map(({ name: _name, ...rest }) => rest),
  );
});

test('check --format json: the messages name what is broken', () => {
  const rows = checkRows(run('check', 'brokensite', '--format', 'json').stdout);
  for (const d of rows) {
    const exp = BROKEN_EXPECTED.find((e) => e.code === d.code);
    assert.ok(exp, `unexpected ${d.code}`);
    assert.ok(d.message.includes(exp.name), `${d.code} message ${JSON.stringify(d.message)} names ${exp.name}`);
  }
});

test('check: a file relative path is relative to PATH, so the same project checked from its parent gains the prefix', () => {
  const r = run('check', '.', '--format', 'json');
  const rows = checkRows(r.stdout);
  assert.equal(r.code, 1);
  // Every project under the fixtures folder is checked; the messy one's only finding is its unknown URL name.
  assert.ok(rows.some((d) => d.file === 'brokensite/shop/templates/shop/index.html' && d.code === 'url-name-unknown'));
  assert.ok(rows.some((d) => d.file === 'messysite/notes/templates/notes/index.html' && d.line === 2 && d.column === 38));
  assert.ok(!rows.some((d) => d.file.startsWith('shopsite/') || d.file.startsWith('dynsite/')));
});

test('check --format json: a non-UTF-8 file, a Python syntax error and unclosed tags do not hide the real finding', () => {
  const r = run('check', 'messysite', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(
    checkRows(r.stdout).map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code })),
    [{ file: 'notes/templates/notes/index.html', line: 2, column: 38, severity: 'error', code: 'url-name-unknown' }],
  );
});

test('check (text): findings grouped by file, then the summary line', () => {
  const r = run('check', 'messysite');
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'notes/templates/notes/index.html');
  assert.match(lines[1], /^ {2}2:38 {2}error {2}Unknown URL name 'no-such-name'.* {2}\[url-name-unknown\]$/);
  assert.equal(lines[2], '');
  assert.equal(lines[3], '1 error, 0 others in 1 file (1 project checked)');
  // Then how many references could be decided (the missing one counts as decided).
  assert.match(lines[4], /^(\d+) of \1 references checked$/);
  assert.equal(lines.length, 5);
});

test('check (text): a clean project prints only the summary and exits 0', () => {
  const r = run('check', 'shopsite', '--format', 'text');
  assert.equal(r.code, 0);
  const [summary, decided, ...rest] = r.stdout.split('\n');
  assert.equal(summary, '0 errors, 0 others in 0 files (1 project checked)');
  assert.match(decided, /^(\d+) of \1 references checked$/);
  assert.deepEqual(rest, ['']);
});

test('check defaults PATH to the current folder', () => {
  const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json'], { cwd: path.join(PROJECTS, 'shopsite'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).diagnostics, []);
});

// ---------------------------------------------------------------- index
test('index: settings, URLconf, named URLs with routes, params and views, and the template override winner', () => {
  const r = run('index', 'shopsite', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.projects.length, 1);
  const p = out.projects[0];
  assert.equal(p.root, '.');
  assert.equal(p.settings, 'shopsite.settings.dev');
  assert.equal(p.rootUrlconf, 'shopsite.urls');
  assert.deepEqual(p.urls, [
    { name: 'home', route: '', params: [], file: 'shopsite/urls.py', line: 7, view: { file: 'shopsite/views.py', line: 4, qualname: 'home' } },
    { name: 'catalog:product-list', route: 'shop/', params: [], file: 'catalog/urls.py', line: 8, view: { file: 'catalog/views.py', line: 7, qualname: 'ProductList' } },
    { name: 'catalog:product-detail', route: 'shop/<int:pk>/', params: ['pk'], file: 'catalog/urls.py', line: 9, view: { file: 'catalog/views.py', line: 11, qualname: 'ProductDetail' } },
    { name: 'catalog:category-list', route: 'shop/categories/', params: [], file: 'catalog/urls.py', line: 10, view: { file: 'catalog/views.py', line: 15, qualname: 'CategoryList' } },
    { name: 'news:post-list', route: 'news/', params: [], file: 'blog/urls.py', line: 8, view: { file: 'blog/views.py', line: 5, qualname: 'post_list' } },
    { name: 'news:post-detail', route: 'news/<int:pk>/', params: ['pk'], file: 'blog/urls.py', line: 9, view: { file: 'blog/views.py', line: 9, qualname: 'post_detail' } },
  ]);
  const tpl = Object.fromEntries((p.templates as { name: string; file: string }[]).map((t) => [t.name, t.file]));
  // DIRS come before app folders in Django's loader order: the site's copy wins.
  assert.equal(tpl['catalog/product_list.html'], 'templates/catalog/product_list.html');
  assert.equal(tpl['catalog/product_detail.html'], 'catalog/templates/catalog/product_detail.html');
  assert.equal(tpl['home.html'], 'templates/home.html');
  assert.equal(tpl['blog/byline.html'], 'blog/templates/blog/byline.html');
  // Every reference of the healthy project resolves.
  assert.ok(p.references.length > 10);
  assert.deepEqual(p.references.filter((x: { resolved: boolean | null }) => x.resolved !== true), []);
});

test('index: a dynamic URLconf lists what it can and marks unknowable references as null, not false', () => {
  const out = JSON.parse(run('index', 'dynsite').stdout);
  const p = out.projects[0];
  // The loop over a literal list and the workspace function are evaluated (as Django runs them, issue 11); the
  // router's property that builds patterns in a comprehension is not, so its names stay unknowable.
  assert.deepEqual(p.urls.map((u: { name: string }) => u.name), ['home', 'page-about', 'page-contact', 'made']);
  const refs = Object.fromEntries(p.references.map((x: { name: string; resolved: boolean | null }) => [x.name, x.resolved]));
  assert.deepEqual(refs, { home: true, 'page-about': true, made: true, 'books-list': null });
});

// ---------------------------------------------------------------- resolve
test('resolve --format json: a path through an app namespace', () => {
  const r = run('resolve', 'shopsite', '/shop/5/', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { name: 'catalog:product-detail', route: 'shop/<int:pk>/', view: { file: 'catalog/views.py', line: 11, qualname: 'ProductDetail' }, args: [], kwargs: { pk: 5 } });
});

test('resolve: an instance namespace names the match; a full URL with a query works like its path', () => {
  const r = run('resolve', 'shopsite', 'http://example.com/news/7/?x=1', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { name: 'news:post-detail', route: 'news/<int:pk>/', view: { file: 'blog/views.py', line: 9, qualname: 'post_detail' }, args: [], kwargs: { pk: 7 } });
});

test('resolve (text): the name, route, view and arguments', () => {
  const r = run('resolve', 'shopsite', '/');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '/ → home  route \n  view home at shopsite/views.py:4\n  args [] kwargs {}\n');
});

test('resolve: no match exits 1 (Resolver404 in JSON)', () => {
  const j = run('resolve', 'shopsite', '/shop/abc/', '--format', 'json');
  assert.equal(j.code, 1);
  assert.deepEqual(JSON.parse(j.stdout), { error: 'Resolver404', path: '/shop/abc/' });
  const t = run('resolve', 'shopsite', '/nowhere/');
  assert.equal(t.code, 1);
  assert.equal(t.stdout, '/nowhere/: no URL pattern matches\n');
});

test('resolve: a dynamic URLconf says it cannot tell, exit 1, on one stderr line', () => {
  // /books/ passes every pattern that could be read and reaches the router's, which cannot.
  const r = run('resolve', 'dynsite', '/books/');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'django-mtv: cannot tell how /books/ resolves: part of the URLconf is built dynamically\n');
});

test('resolve --format json: a dynamic URLconf prints an answer that says there is none and why, exit 1', () => {
  const r = run('resolve', 'dynsite', '/books/', '--format', 'json');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), { match: null, path: '/books/', reason: 'part of the URLconf is built dynamically' });
  assert.equal(r.stderr, '');
});

// ---------------------------------------------------------------- bad input
test('bad input: a missing path', () => {
  assertUsageError(run('check', 'no-such-folder'), /no-such-folder: no such folder/);
  assertUsageError(run('index', 'no-such-folder'), /no such folder/);
  assertUsageError(run('resolve', 'no-such-folder', '/'), /no such folder/);
});

test('bad input: a folder with no Django project', () => {
  assertUsageError(run('check', 'noproject'), /no Django project found/);
  assertUsageError(run('index', 'noproject', '--format', 'json'), /no Django project found/);
});

test('bad input: a file given as PATH', () => {
  assertUsageError(run('check', 'shopsite/manage.py'), /no such folder/);
});

test('bad input: unknown command, option and format', () => {
  assertUsageError(run('frobnicate'), /unknown command 'frobnicate'/);
  assertUsageError(run('check', 'shopsite', '--bogus'), /bogus/);
  assertUsageError(run('check', 'shopsite', '--format', 'xml'), /unknown format 'xml'/);
  assertUsageError(run('check', 'shopsite', '--format'), /format/);
  assertUsageError(run('index', 'shopsite', '--format', 'text'), /index supports only --format json/);
  assertUsageError(run('resolve'), /resolve needs a URL/);
  assertUsageError(run('check', 'shopsite', 'dynsite'), /at most one PATH/);
});

test('no command prints the usage to stderr (it is an error) and exits 2; --help prints it to stdout and exits 0', () => {
  const none = run();
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^usage: django-mtv/);
  const help = run('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /check \[PATH\]/);
});
