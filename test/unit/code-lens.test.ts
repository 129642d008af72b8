// Code lenses: routes and rendered templates above views, use counts above named URL patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { codeLens } from '../../server/src/features/code-lens';

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
from django.urls import include, path
urlpatterns = [path("polls/", include("polls.urls"))]
//- /polls/__init__.py
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:id>/", views.detail, name="detail"),
    path("<int:id>/again/", views.detail),
    path("q/", views.QuestionList.as_view(), name="questions"),
]
//- /polls/views.py
from django.shortcuts import render, redirect
from django.views.generic import ListView
from .models import Question
def index(request):
    return render(request, "polls/index.html")
def detail(request, id):
    if id:
        return render(request, "polls/missing.html")
    return redirect("polls:index")
def helper():
    return render(None, "polls/index.html")
class QuestionList(ListView):
    model = Question
//- /polls/models.py
from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=20)
//- /polls/templates/polls/index.html
{% url 'polls:index' %}{% url "polls:detail" 1 %}
//- /polls/templates/polls/question_list.html
list
`;

/** Lenses as "line: title [locations]" so a failure shows what and where. */
function lenses(file: string): string[] {
  const fx = fixtureWorkspace(PROJECT);
  const line = (f: string, o: number) => fx.files[f].slice(0, o).split('\n').length;
  const where = (x: { file: string; span: { start: number; end: number } }) => `${x.file.replace('/ws/', '')}:${line(x.file, x.span.start)}${x.span.end > x.span.start ? ' ' + fx.files[x.file].slice(x.span.start, x.span.end) : ''}`;
  return codeLens(fx.ws, file).map((l) => `${line(file, l.span.start)}: ${l.title} [${l.locations.map(where).join(', ')}]`);
}

test('views: their routes, and the templates they render when those resolve', () => {
  assert.deepEqual(lenses('/ws/polls/views.py'), [
    '4: route: /polls/ [polls/urls.py:5 views.index]',
    '4: renders polls/index.html [polls/templates/polls/index.html:1]',
    '6: route: /polls/<int:id>/  /polls/<int:id>/again/ [polls/urls.py:6 views.detail, polls/urls.py:7 views.detail]',
    '12: route: /polls/q/ [polls/urls.py:8 views.QuestionList.as_view()]',
    '12: renders polls/question_list.html [polls/templates/polls/question_list.html:1]',
  ]);
});

test('named URL patterns: how many uses reverse to them', () => {
  assert.deepEqual(lenses('/ws/polls/urls.py'), [
    '5: 2 uses [polls/templates/polls/index.html:1 polls:index, polls/views.py:9 polls:index]',
    '6: 1 use [polls/templates/polls/index.html:1 polls:detail]',
    '8: 0 uses []',
  ]);
});

test('files with no views or patterns have no lenses', () => {
  assert.deepEqual(lenses('/ws/polls/models.py'), []);
});

test('a template: how many places name it, a generic view default included', () => {
  assert.deepEqual(lenses('/ws/polls/templates/polls/index.html'), ['1: 2 uses [polls/views.py:5 polls/index.html, polls/views.py:11 polls/index.html]']);
  assert.deepEqual(lenses('/ws/polls/templates/polls/question_list.html'), ['1: 1 use [polls/views.py:12 QuestionList]']);
});
