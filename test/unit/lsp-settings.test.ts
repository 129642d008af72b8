// Tests for how the server reads the `django-mtv` settings: defaults, malformed values, exclude globs and severities.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EXCLUDE, excludeMatcher, extraTemplateDirs, parseSettings, severityFor } from '../../server/src/lsp/settings';

test('missing or malformed settings fall back to the manifest defaults', () => {
  for (const raw of [undefined, null, 42, 'x', []]) {
    assert.deepEqual(parseSettings(raw), { pythonPath: '', diagnostics: { enable: true, severity: {} }, templates: { extraDirs: [] }, exclude: DEFAULT_EXCLUDE });
  }
  const s = parseSettings({ pythonPath: 7, diagnostics: { enable: 'no', severity: { 'url-name-unknown': 'loud', 'template-missing': 'hint' } }, exclude: ['build/**', 3] });
  assert.equal(s.pythonPath, '');
  assert.equal(s.diagnostics.enable, true);
  assert.deepEqual(s.diagnostics.severity, { 'template-missing': 'hint' });
  assert.deepEqual(s.exclude, ['build/**']);
});

test('dotted keys, as some clients send them, are read like nested ones', () => {
  const s = parseSettings({ 'diagnostics.enable': false, 'templates.extraDirs': ['tpl'] });
  assert.equal(s.diagnostics.enable, false);
  assert.deepEqual(s.templates.extraDirs, ['tpl']);
});

test('a folder setting overrides the start-up settings only where it says something', () => {
  const init = parseSettings({ pythonPath: '/usr/bin/python3', exclude: ['a/**'] });
  const s = parseSettings({ diagnostics: { enable: false } }, init);
  assert.equal(s.pythonPath, '/usr/bin/python3');
  assert.deepEqual(s.exclude, ['a/**']);
  assert.equal(s.diagnostics.enable, false);
});

test('extra template folders are relative to the workspace folder unless absolute, and must lie inside it', () => {
  const s = parseSettings({ templates: { extraDirs: ['tpl', '../shared/t', '/abs/t', '/w/site/abs'] } });
  // Folders outside the workspace folder are ignored (test/unit/untrusted-settings.test.ts: links and the log).
  assert.deepEqual(extraTemplateDirs(s, '/w/site'), ['/w/site/tpl', '/w/site/abs']);
});

test('exclude globs match inside the folder relatively, and folders themselves', () => {
  const ex = excludeMatcher(['**/node_modules/**', 'build/**', '**/.venv/**'], '/w')!;
  assert.equal(ex('/w/node_modules'), true);
  assert.equal(ex('/w/app/node_modules/x/y.py'), true);
  assert.equal(ex('/w/build'), true);
  assert.equal(ex('/w/build/t.html'), true);
  assert.equal(ex('/w/app/build/t.html'), false);
  assert.equal(ex('/w/.venv/lib/x.py'), true);
  assert.equal(ex('/w/polls/views.py'), false);
  assert.equal(ex('/w'), false);
  assert.equal(excludeMatcher([], '/w'), undefined);
});

test('severities follow the setting per code, keep the check\'s own when unset, and off hides', () => {
  const s = parseSettings({ diagnostics: { severity: { 'url-name-unknown': 'warning', 'view-missing': 'off', 'template-missing': 'hint', 'url-args-mismatch': 'information' } } });
  assert.equal(severityFor(s, 'url-name-unknown', 'error'), 2);
  assert.equal(severityFor(s, 'view-missing', 'error'), null);
  assert.equal(severityFor(s, 'template-missing', 'error'), 4);
  assert.equal(severityFor(s, 'url-args-mismatch', 'error'), 3);
  assert.equal(severityFor(s, 'tag-library-unknown', 'error'), 1);
});
