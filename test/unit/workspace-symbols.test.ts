// Workspace symbols: URL patterns by name and by route, views, templates and models, ranked and capped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { matchScore, workspaceSymbols } from '../../server/src/features/workspace-symbols';

const PROJECT = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["polls"]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
//- /mysite/urls.py
from django.urls import include, path, re_path
from polls import views
urlpatterns = [path("polls/", include("polls.urls")), re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive, name="archive")]
//- /polls/__init__.py
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [path("", views.index, name="index"), path("<int:id>/", views.detail, name="detail"), path("<int:id>/again/", views.detail)]
//- /polls/views.py
def index(request): pass
def detail(request, id): pass
def archive(request, year): pass
//- /polls/models.py
from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=20)
//- /polls/templates/polls/detail.html
x
`;

const names = (q: string) => {
  const fx = fixtureWorkspace(PROJECT);
  return workspaceSymbols(fx.ws, q).map((s) => `${s.kind} ${s.name}${s.detail ? ' ' + s.detail : ''}`);
};

test('a route finds the patterns under it and the views they reach, prefix matches first', () => {
  assert.deepEqual(names('/polls/'), [
    'url polls:index /polls/',
    'view index /polls/',
    'url polls:detail /polls/<int:id>/',
    'view detail /polls/<int:id>/ /polls/<int:id>/again/',
  ]);
});

test('regex routes are searched without their anchors', () => {
  assert.deepEqual(names('/archive/('), ['url archive /archive/(?P<year>[0-9]{4})/', 'view archive /archive/(?P<year>[0-9]{4})/']);
});

test('names, case-insensitively and as a subsequence; templates and models too', () => {
  assert.deepEqual(names('DETAIL'), [
    'view detail /polls/<int:id>/ /polls/<int:id>/again/',
    'url polls:detail /polls/<int:id>/',
    'template polls/detail.html',
  ]);
  assert.deepEqual(names('qstn'), ['model Question polls']);
  assert.deepEqual(names('polls.quest'), ['model Question polls']);
});

test('no match gives nothing; the cap holds', () => {
  assert.deepEqual(names('zzz'), []);
  const fx = fixtureWorkspace(PROJECT);
  assert.equal(workspaceSymbols(fx.ws, '', 3).length, 3);
  assert.ok(workspaceSymbols(fx.ws, '').length > 3);
});

test('match scores: prefix < substring < scattered; no match is undefined', () => {
  assert.ok(matchScore('pol', 'polls')! < matchScore('oll', 'polls')!);
  assert.ok(matchScore('oll', 'polls')! < matchScore('pls', 'polls')!);
  assert.equal(matchScore('px', 'polls'), undefined);
});
