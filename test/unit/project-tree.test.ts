// The explorer tree's data: apps hold their URL patterns with view and rendered templates, other patterns sit at project level, templates nest under the one they extend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { projectTrees } from '../../server/src/features/project-tree';
import type { TreeInheritance } from '../../server/src/features/project-tree';

const FIXTURE = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["django.contrib.auth", "polls"]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"], "APP_DIRS": True}]
//- /mysite/urls.py
from django.urls import include, path
from . import views
urlpatterns = [path("", views.home, name="home"), path("polls/", include("polls.urls"))]
//- /mysite/views.py
from django.http import HttpResponse
def home(request):
    return HttpResponse("hi")
//- /templates/base.html
{% block content %}{% endblock %}
//- /templates/cycle_a.html
{% extends "cycle_b.html" %}
//- /templates/cycle_b.html
{% extends "cycle_a.html" %}
//- /polls/__init__.py
//- /polls/apps.py
from django.apps import AppConfig
class PollsConfig(AppConfig):
    name = "polls"
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [path("", views.index, name="index"), path("<int:pk>/", views.Detail.as_view(), name="detail"), path("raw/", views.raw)]
//- /polls/views.py
from django.shortcuts import render
from django.views.generic import DetailView
def index(request):
    return render(request, "polls/index.html")
class Detail(DetailView):
    template_name = "polls/detail.html"
def raw(request):
    return render(request, "polls/missing.html")
//- /polls/templates/polls/layout.html
{% extends "base.html" %}
//- /polls/templates/polls/index.html
{% extends "polls/layout.html" %}
//- /polls/templates/polls/detail.html
{% extends "base.html" %}
`;

function names(list: TreeInheritance[]): unknown[] {
  return list.map((t) => (t.children.length ? { [t.name]: names(t.children) } : t.name));
}

test('the project tree groups URL patterns by app, with views, templates and locations', () => {
  const fx = fixtureWorkspace(FIXTURE);
  const trees = projectTrees([fx.ws]);
  assert.equal(trees.length, 1);
  const p = trees[0];
  assert.equal(p.name, 'ws');
  assert.equal(p.settings?.file, '/ws/mysite/settings.py');
  // django.contrib.auth is not in the workspace, so only polls is listed.
  assert.deepEqual(p.apps.map((a) => a.name), ['polls']);
  const polls = p.apps[0];
  assert.equal(polls.location?.file, '/ws/polls/apps.py');
  assert.equal(fx.files['/ws/polls/apps.py'].slice(polls.location!.span.start, polls.location!.span.end), 'PollsConfig');
  assert.deepEqual(
    polls.urls.map((u) => ({ route: u.route, name: u.name, view: u.view?.name, templates: u.view?.templates.map((t) => t.location.file) })),
    [
      { route: 'polls/', name: 'polls:index', view: 'polls.views.index', templates: ['/ws/polls/templates/polls/index.html'] },
      { route: 'polls/<int:pk>/', name: 'polls:detail', view: 'polls.views.Detail', templates: ['/ws/polls/templates/polls/detail.html'] },
      // A template that does not exist is not listed: every node must open something.
      { route: 'polls/raw/', name: undefined, view: 'polls.views.raw', templates: [] },
    ],
  );
  const idx = polls.urls[0];
  assert.equal(idx.location.file, '/ws/polls/urls.py');
  assert.ok(fx.files['/ws/polls/urls.py'].slice(idx.location.span.start, idx.location.span.end).startsWith('path("", views.index'));
  assert.equal(fx.files['/ws/polls/views.py'].slice(idx.view!.location.span.start, idx.view!.location.span.end), 'index');
  assert.deepEqual(p.urls.map((u) => [u.route, u.name, u.view?.name]), [['', 'home', 'mysite.views.home']]);
});

test('templates nest under the template they extend; a cycle of extends leaves its members at the top', () => {
  const fx = fixtureWorkspace(FIXTURE);
  const p = projectTrees([fx.ws])[0];
  assert.deepEqual(names(p.templates), [{ 'base.html': ['polls/detail.html', { 'polls/layout.html': ['polls/index.html'] }] }, 'cycle_a.html', 'cycle_b.html']);
});

test('template inheritance follows relative extends and a template overriding its own name, as Django does', () => {
  const fx = fixtureWorkspace(
    FIXTURE.replace('//- /polls/templates/polls/index.html\n{% extends "polls/layout.html" %}', '//- /polls/templates/polls/index.html\n{% extends "./layout.html" %}') +
      '//- /templates/polls/detail.html\n{% extends "polls/detail.html" %}\n',
  );
  const p = projectTrees([fx.ws])[0];
  // The DIRS copy of polls/detail.html wins the name; it extends the app's copy, which is not listed (hidden by it).
  assert.deepEqual(names(p.templates), [{ 'base.html': [{ 'polls/layout.html': ['polls/index.html'] }] }, 'cycle_a.html', 'cycle_b.html', 'polls/detail.html']);
});
