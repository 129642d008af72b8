// The project's Django series decides which built-in tags, filters and libraries exist, and messages name the versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fixtureWorkspace } from '../helpers/fixture';
import { diagnose } from '../helpers/engine';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { BUILTIN_FILTERS, BUILTIN_TAGS, DJANGO_LIBRARIES } from '../../server/src/core/templates/builtins';

/** A project declaring `requirement` (no environment), with one template holding `body`. */
function project(requirement: string, body: string, apps = '"django.contrib.staticfiles"'): string {
  return `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")
//- /requirements.txt
${requirement}
//- /site1/__init__.py
//- /site1/settings.py
INSTALLED_APPS = [${apps}]
ROOT_URLCONF = "site1.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"]}]
//- /site1/urls.py
urlpatterns = []
//- /templates/page.html
${body}
`;
}

function labels(requirement: string, body: string): string[] {
  const fx = fixtureWorkspace(project(requirement, body));
  return completion(fx.ws, fx.cursor.file, fx.cursor.offset).items.map((i) => i.label);
}

function hoverText(requirement: string, body: string): string {
  const fx = fixtureWorkspace(project(requirement, body));
  return hover(fx.ws, fx.cursor.file, fx.cursor.offset)?.contents ?? '';
}

test('the generated tables say when names came and went, as Django 3.2, 4.2, 5.2 and 6.1 showed', () => {
  assert.equal(BUILTIN_TAGS.querystring!.since, '5.1');
  assert.deepEqual(BUILTIN_TAGS.partialdef!.end, ['endpartialdef']);
  assert.equal(BUILTIN_TAGS.partialdef!.since, '6.0');
  assert.equal(BUILTIN_TAGS.ifequal!.removedIn, '4.0');
  assert.equal(BUILTIN_FILTERS.length_is!.removedIn, '5.1');
  assert.equal(BUILTIN_FILTERS.escapeseq!.since, '5.0');
  assert.equal(DJANGO_LIBRARIES.staticfiles!.removedIn, '3.0');
  assert.equal(DJANGO_LIBRARIES.static!.since, undefined);
  // Black-formatted Djangos (4.0+) still give the block structure: the newest description is the one kept.
  assert.deepEqual(BUILTIN_TAGS.for!.end, ['endfor']);
  assert.deepEqual(DJANGO_LIBRARIES.i18n!.tags.blocktranslate!.intermediates, ['plural']);
});

test('completion offers only the tags and filters of the project\'s Django', () => {
  assert.ok(!labels('Django==4.2.9', '{% quer$0 %}').includes('querystring'));
  assert.ok(labels('Django==5.2.1', '{% quer$0 %}').includes('querystring'));
  assert.ok(labels('Django==4.2.9', '{{ x|len$0 }}').includes('length_is'));
  assert.ok(!labels('Django==5.2.1', '{{ x|len$0 }}').includes('length_is'));
  assert.ok(!labels('Django==5.2.1', '{% part$0 %}').includes('partialdef'));
  assert.ok(labels('Django==6.0', '{% part$0 %}').includes('partialdef'));
});

test('hover on a name the project\'s Django lacks names both versions', () => {
  assert.match(hoverText('Django==5.2.1', '{{ x|length_$0is:2 }}'), /removed in Django 5\.1; this project uses Django 5\.2/);
  assert.match(hoverText('Django>=4.2,<5', '{% query$0string %}'), /new in Django 5\.1; this project uses Django 4\.2/);
  assert.doesNotMatch(hoverText('Django==5.2.1', '{% query$0string %}'), /this project uses/);
});

test('{% load staticfiles %} names the release that removed it', () => {
  const files = (req: string) => {
    const fx = fixtureWorkspace(project(req, '{% load staticfiles %}'));
    return fx.files;
  };
  const found = diagnose(files('Django==4.2'), 'templates/page.html');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.code, 'tag-library-unknown');
  assert.equal(found[0]!.text, 'staticfiles');
});

test('the message of a removed library says when and what to load instead', () => {
  const fx = fixtureWorkspace(project('Django==4.2', '{% load staticfiles %}'));
  const ws = fx.ws;
  const p = ws.projects[0]!;
  const messages = fileDiagnostics(ws, p, '/ws/templates/page.html').map((d) => d.message);
  assert.deepEqual(messages, ["No template tag library named 'staticfiles': the library 'staticfiles' was removed in Django 3.0; this project uses Django 4.2. Use {% load static %}."]);
});

test('Django 6.0\'s new contrib libraries are not unknown on a Django 6 project without an environment', () => {
  const apps = '"django.contrib.admin", "django.contrib.auth"';
  const fx = (req: string) => fixtureWorkspace(project(req, '{% load auth admin_filters %}', apps)).files;
  assert.deepEqual(diagnose(fx('Django==6.1'), 'templates/page.html'), []);
  const old = diagnose(fx('Django==5.2'), 'templates/page.html');
  assert.deepEqual(old.map((d) => d.text), ['auth', 'admin_filters']);
});
