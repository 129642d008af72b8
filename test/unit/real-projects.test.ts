// Rules for real repositories (issue 10): what a missing installed app can hide, and why a name is undecided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { lookupTemplate } from '../../server/src/core/templates/index';
import { referenceVerdicts } from '../../server/src/features/coverage';
import { hover } from '../../server/src/features/hover';
import { notUnderstood } from '../../server/src/features/understanding';
import { diagnose } from '../helpers/engine';

const MANAGE = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n`;

/** A project whose INSTALLED_APPS lists a third-party app that is not installed anywhere we can see. */
function withMissingApp(view: string): Record<string, string> {
  return {
    '/ws/manage.py': MANAGE,
    '/ws/site1/__init__.py': '',
    '/ws/site1/settings.py': [
      'INSTALLED_APPS = ["django.contrib.auth", "crispy_forms", "polls.apps.PollsConfig"]',
      'ROOT_URLCONF = "site1.urls"',
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]',
    ].join('\n'),
    '/ws/site1/urls.py': 'from django.urls import path\nfrom polls import views\nurlpatterns = [path("", views.index, name="index")]\n',
    '/ws/polls/__init__.py': '',
    '/ws/polls/apps.py': 'from django.apps import AppConfig\nclass PollsConfig(AppConfig):\n    name = "polls"\n    label = "questions"\n',
    '/ws/polls/templates/polls/index.html': '{% extends "polls/base.html" %}',
    '/ws/polls/templates/polls/base.html': '',
    '/ws/polls/views.py': `from django.shortcuts import render\ndef index(request):\n    ${view}\n`,
  };
}

test('a missing installed app cannot hide a template under a name the project\'s own app owns (its package name or label)', () => {
  const found = diagnose(withMissingApp('return render(request, "polls/indx.html") or render(request, "questions/x.html")'), 'polls/views.py');
  assert.deepEqual(found, [
    { code: 'template-missing', text: 'polls/indx.html' },
    { code: 'template-missing', text: 'questions/x.html' },
  ]);
});

test('a missing installed app may supply any other name: undecided, with the app named as the reason', () => {
  const files = withMissingApp('return render(request, "bootstrap4/field.html") or render(request, "base.html")');
  assert.deepEqual(diagnose(files, 'polls/views.py'), []);
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  const r = lookupTemplate(p.templates, 'bootstrap4/field.html');
  assert.equal(r.kind, 'unknown');
  assert.match(r.kind === 'unknown' ? r.why : '', /installed app crispy_forms could not be found/);
});

test('a found template stays found whatever is missing', () => {
  assert.deepEqual(diagnose(withMissingApp('return render(request, "polls/index.html")'), 'polls/views.py'), []);
});

/** A project with one app whose template uses `{% url %}`, and a library `hosts` that registers its own `url` tag. */
function withUrlLibrary(template: string, settingsExtra = ''): Record<string, string> {
  return {
    '/ws/manage.py': MANAGE,
    '/ws/site1/__init__.py': '',
    '/ws/site1/settings.py': [
      'INSTALLED_APPS = ["polls"]',
      'ROOT_URLCONF = "site1.urls"',
      `TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True, "OPTIONS": {${settingsExtra}}}]`,
    ].join('\n'),
    '/ws/site1/urls.py': 'from django.urls import path\nfrom polls import views\nurlpatterns = [path("", views.index, name="index")]\n',
    '/ws/polls/__init__.py': '',
    '/ws/polls/views.py': 'def index(request):\n    pass\n',
    '/ws/polls/templatetags/__init__.py': '',
    '/ws/polls/templatetags/hosts.py': 'from django import template\nregister = template.Library()\n\n@register.tag\ndef url(parser, token):\n    pass\n',
    '/ws/polls/templates/polls/index.html': template,
  };
}

test('{% url %} after a {% load %} of a library that registers its own url tag is not Django\'s: no url diagnostics', () => {
  assert.deepEqual(diagnose(withUrlLibrary('{% url "index" %}{% load hosts %}{% url "other" host "docs" %}{% url "index" 1 %}'), 'polls/templates/polls/index.html'), []);
  // Before the load, and without it, Django's tag is checked as usual.
  assert.deepEqual(diagnose(withUrlLibrary('{% url "nope" %}{% load hosts %}{% url "nope" %}'), 'polls/templates/polls/index.html'), [{ code: 'url-name-unknown', text: 'nope' }]);
});

test('an OPTIONS builtins module that cannot be read may replace {% url %} in every template: undecided', () => {
  const files = withUrlLibrary('{% url "nope" %}', '"builtins": ["django_hosts.templatetags.hosts_override"]');
  assert.deepEqual(diagnose(files, 'polls/templates/polls/index.html'), []);
  // A builtins module that is read and does not register url leaves Django's tag in place.
  const kept = withUrlLibrary('{% url "nope" %}', '"builtins": ["polls.templatetags.other"]');
  kept['/ws/polls/templatetags/other.py'] = 'from django import template\nregister = template.Library()\n\n@register.filter\ndef twice(v):\n    return v * 2\n';
  assert.deepEqual(diagnose(kept, 'polls/templates/polls/index.html'), [{ code: 'url-name-unknown', text: 'nope' }]);
});

test('an undecided URL name says why and points at the URLconf entry that was not understood', () => {
  const files = withUrlLibrary('{% url "nope" %}');
  files['/ws/site1/urls.py'] = 'from django.urls import include, path\nfrom polls import views\nurlpatterns = [path("", views.index, name="index")]\nurlpatterns += [path("x/", include(make_patterns()))]\n';
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  const verdicts = referenceVerdicts(ws, p, '/ws/polls/templates/polls/index.html');
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0].verdict, 'undecided');
  assert.equal(verdicts[0].whereFile, '/ws/site1/urls.py');
  assert.match(verdicts[0].why ?? '', /included URLconf|could not be evaluated|not a literal/);
});

test('hover on an undecided name says why it could not be decided', () => {
  const files = withMissingApp('return render(request, "bootstrap4/field.html")');
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const text = files['/ws/polls/views.py'];
  const h = hover(ws, '/ws/polls/views.py', text.indexOf('bootstrap4') + 3);
  assert.ok(h, 'a hover');
  assert.match(h.contents, /may still exist: installed app crispy_forms could not be found, and such an app could supply it/);
});

test('INSTALLED_APPS extended from a list we cannot read: the known apps own their names, the rest stays undecided', () => {
  const files = withMissingApp('return render(request, "polls/nope.html") or render(request, "plugin/x.html")');
  files['/ws/site1/settings.py'] = files['/ws/site1/settings.py'].replace('"crispy_forms", ', '') + '\nfrom site1.plugins import PLUGINS\nfor app in PLUGINS:\n    INSTALLED_APPS.append(app)\n';
  assert.deepEqual(diagnose(files, 'polls/views.py'), [{ code: 'template-missing', text: 'polls/nope.html' }]);
});

test('what a project did not understand is listed with its place: missing apps, URLconf parts built at run time', () => {
  const files = withMissingApp('return render(request, "polls/index.html")');
  files['/ws/site1/urls.py'] = 'from django.urls import include, path\nfrom polls import views\nurlpatterns = [path("", views.index, name="index")]\nurlpatterns += [path("x/", include(make_patterns()))]\n';
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  const lines = notUnderstood(ws, p);
  assert.ok(lines.some((l) => /^templates: installed app crispy_forms could not be found/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^URL names: .* at site1\/urls\.py:4 /.test(l)), lines.join('\n'));
});

test('a *_template_name attribute that Django\'s views do not read is navigable but never reported missing', () => {
  const files = withMissingApp('return render(request, "polls/index.html")');
  files['/ws/polls/views.py'] += [
    'from django.views.generic import DetailView',
    'from django.contrib.auth.views import PasswordResetView',
    'class ThreadView(DetailView):',
    '    template_name = "polls/index.html"',
    '    meta_bar_template_name = "polls/meta_bar.html"',
    '    email_template_name = "polls/emails/changed"',
    'class Reset(PasswordResetView):',
    '    email_template_name = "polls/reset_email.txt"',
    '',
  ].join('\n');
  // Only the PasswordResetView's email template is one Django loads, so only it is reported.
  assert.deepEqual(diagnose(files, 'polls/views.py'), [{ code: 'template-missing', text: 'polls/reset_email.txt' }]);
});

test('coverage counts a "t.html#partial" reference as found where the project\'s Django has partials', () => {
  const files = withUrlLibrary('{% partialdef row %}<tr>{% endpartialdef %}');
  files['/ws/requirements.txt'] = 'Django==6.0.1\n';
  files['/ws/polls/views.py'] = 'from django.shortcuts import render\ndef index(request):\n    return render(request, "polls/index.html#row") or render(request, "polls/index.html#nope")\n';
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  assert.deepEqual(referenceVerdicts(ws, p, '/ws/polls/views.py').map((v) => [v.name, v.verdict]), [['polls/index.html#row', 'found'], ['polls/index.html#nope', 'missing']]);
});

test('hover on a found template says when a place that was not read could hold a copy Django loads first', () => {
  const files = withMissingApp('return render(request, "polls/index.html")');
  files['/ws/polls/templates/bootstrap4/field.html'] = '';
  files['/ws/polls/views.py'] += '\ndef other(request):\n    return render(request, "bootstrap4/field.html")\n';
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const text = ws.fs.readFile('/ws/polls/views.py')!;
  const owned = hover(ws, '/ws/polls/views.py', text.indexOf('polls/index.html') + 2);
  assert.doesNotMatch(owned?.contents ?? '', /Another copy/);
  const h = hover(ws, '/ws/polls/views.py', text.indexOf('bootstrap4/field.html') + 2);
  assert.match(h?.contents ?? '', /Another copy could come first from a place that was not read: installed app crispy_forms could not be found/);
});
