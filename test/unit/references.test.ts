// Find references on URL names, templates and views, over small fixture projects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace, showLocation, trimIndent } from '../helpers/fixture';
import { references } from '../../server/src/features/references';

/** A settings + root URLconf pair the fixtures share; the polls app is mounted under the `polls` namespace. */
const BASE = `
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
urlpatterns = [path("polls/", include("polls.urls")), path("other/", include("other.urls"))]
//- /polls/__init__.py
//- /other/__init__.py
`;

/** Runs references at `$0` and compares with the `<|...|>` ranges, in file then offset order. */
function check(text: string, includeDeclaration = true): void {
  const fx = fixtureWorkspace(BASE + trimIndent(text));
  assert.ok(fx.hasCursor);
  const read = (f: string) => fx.fs.readFile(f);
  const order = (a: { file: string; span: { start: number } }, b: { file: string; span: { start: number } }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start);
  const got = references(fx.ws, fx.cursor.file, fx.cursor.offset, includeDeclaration).sort(order);
  assert.deepEqual(
    got.map((l) => showLocation(fx.files, l, read)),
    [...fx.ranges].sort(order).map((l) => showLocation(fx.files, l, read)),
  );
}

test('URL name from its name= string: uses in templates and Python, namespaces respected', () => {
  check(`
    //- /polls/urls.py
    from django.urls import path
    from . import views
    app_name = "polls"
    urlpatterns = [path("<int:id>/", views.detail, name="<|det$0ail|>")]
    //- /other/urls.py
    from django.urls import path
    from polls import views
    app_name = "other"
    urlpatterns = [path("<int:id>/", views.detail, name="detail")]
    //- /polls/views.py
    from django.shortcuts import render, redirect
    from django.urls import reverse
    def detail(request, id):
        reverse("other:detail", args=(1,))
        return redirect("<|polls:detail|>", 1)
    //- /polls/templates/polls/a.html
    <a href="{% url '<|polls:detail|>' 1 %}">{% url 'other:detail' 2 %}</a>
  `);
});

test('URL name from a use; without the declaration', () => {
  check(
    `
    //- /polls/urls.py
    from django.urls import path
    from . import views
    app_name = "polls"
    urlpatterns = [path("", views.index, name="index")]
    //- /other/urls.py
    from django.urls import path
    from polls import views
    urlpatterns = [path("x/", views.index, name="index")]
    //- /polls/views.py
    from django.shortcuts import render
    def index(request):
        return render(request, "polls/a.html")
    //- /polls/templates/polls/a.html
    {% url '<|polls:in$0dex|>' %} {% url 'index' %} {% url "<|polls:index|>" as x %}
  `,
    false,
  );
});

test('a URL name with no uses has only its declaration, and none without it', () => {
  const text = `
    //- /polls/urls.py
    from django.urls import path
    from . import views
    app_name = "polls"
    urlpatterns = [path("", views.index, name="<|lon$0ely|>")]
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    def index(request): pass
  `;
  check(text);
  const fx = fixtureWorkspace(BASE + trimIndent(text));
  assert.deepEqual(references(fx.ws, fx.cursor.file, fx.cursor.offset, false), []);
});

test('an unknown URL name has no references', () => {
  check(`
    //- /polls/urls.py
    from django.urls import path
    from . import views
    app_name = "polls"
    urlpatterns = [path("", views.index, name="index")]
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    def index(request): pass
    //- /polls/templates/polls/a.html
    {% url 'polls:nope$0' %} {% url 'polls:index' %}
  `);
});

test('template from a use: views, extends and include naming it, and the file itself', () => {
  check(`
    //- /polls/urls.py
    from django.urls import path
    from django.views.generic import TemplateView
    from . import views
    app_name = "polls"
    urlpatterns = [path("", views.index, name="index"), path("t/", TemplateView.as_view(template_name="<|polls/base.html|>"))]
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    from django.shortcuts import render
    def index(request):
        return render(request, "<|polls/ba$0se.html|>")
    def other(request):
        return render(request, "polls/other.html")
    //- /polls/templates/polls/base.html
    <||>base
    //- /polls/templates/polls/other.html
    {% extends "<|polls/base.html|>" %}{% include "polls/other.html" %}
    //- /polls/templates/polls/third.html
    {% include '<|polls/base.html|>' %}
  `);
});

test('template from inside its own file', () => {
  check(`
    //- /polls/urls.py
    urlpatterns = []
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    from django.shortcuts import render
    def index(request):
        return render(request, "<|polls/base.html|>")
    //- /polls/templates/polls/base.html
    <||>ba$0se
  `);
});

test('view from its def: the URL patterns routing to it', () => {
  check(`
    //- /polls/urls.py
    from django.urls import path
    from . import views
    app_name = "polls"
    urlpatterns = [path("", <|views.index|>, name="index"), path("again/", <|views.index|>), path("d/", views.detail)]
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    def <|ind$0ex|>(request): pass
    def detail(request): pass
  `);
});

test('a function no URL pattern routes to has no references', () => {
  check(`
    //- /polls/urls.py
    from django.urls import path
    from . import views
    urlpatterns = [path("", views.index, name="index")]
    //- /other/urls.py
    urlpatterns = []
    //- /polls/views.py
    def index(request): pass
    def hel$0per(request): pass
  `);
});
