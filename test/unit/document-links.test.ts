// Document links: template names and {% static %} paths link to their files only when they resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace, trimIndent } from '../helpers/fixture';
import { documentLinks } from '../../server/src/features/document-links';

const BASE = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["polls"]
ROOT_URLCONF = "mysite.urls"
STATICFILES_DIRS = ["/ws/assets"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"], "APP_DIRS": True}]
//- /mysite/urls.py
urlpatterns = []
//- /polls/__init__.py
//- /templates/base.html
base
//- /polls/templates/polls/part.html
part
//- /assets/css/site.css
body {}
//- /polls/static/polls/app.js
1
`;

/** Links of the file holding `$0`, as "text → target", against the `<|...|>` ranges in order with the given targets. */
function check(text: string, targets: string[]): void {
  const fx = fixtureWorkspace(BASE + trimIndent(text));
  const src = fx.files[fx.cursor.file];
  const got = documentLinks(fx.ws, fx.cursor.file).map((l) => `${src.slice(l.span.start, l.span.end)} → ${l.target}`);
  assert.deepEqual(
    got,
    fx.ranges.map((r, i) => `${src.slice(r.span.start, r.span.end)} → ${targets[i]}`),
  );
}

test('template tags and static paths in a template', () => {
  check(
    `
    //- /polls/templates/polls/page.html
    $0{% extends "<|base.html|>" %}{% load static %}
    {% include '<|polls/part.html|>' %}{% include "polls/missing.html" %}{% include var %}
    <link href="{% static '<|css/site.css|>' %}"><script src="{% static "<|polls/app.js|>" %}"></script>
    {% static 'css/missing.css' %}{% static path_var %}{% static '../mysite/settings.py' %}
  `,
    ['/ws/templates/base.html', '/ws/polls/templates/polls/part.html', '/ws/assets/css/site.css', '/ws/polls/static/polls/app.js'],
  );
});

test('template names in Python: render, template_name, select_template lists', () => {
  check(
    `
    //- /polls/views.py
    $0from django.shortcuts import render
    from django.template.loader import select_template
    from django.views.generic import TemplateView
    def index(request):
        select_template(["polls/nope.html", "<|base.html|>"])
        return render(request, "<|polls/part.html|>")
    class Page(TemplateView):
        template_name = "<|base.html|>"
    def other(request):
        return render(request, "polls/missing.html")
  `,
    ['/ws/templates/base.html', '/ws/polls/templates/polls/part.html', '/ws/templates/base.html'],
  );
});

test('a file outside every project has no links', () => {
  const fx = fixtureWorkspace(`
    //- /elsewhere/x.html
    {% extends "base.html" %}
  `);
  assert.deepEqual(documentLinks(fx.ws, '/ws/elsewhere/x.html'), []);
});
