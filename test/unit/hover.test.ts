// Tests for hover: URL names (template, Python, name=), template names, tags, filters and libraries, and no hover elsewhere; whole hovers are compared with test/golden/hover/*.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { checkGolden } from '../helpers/golden';
import { hover } from '../../server/src/features/hover';
import { hoverMarkdown } from '../../server/src/lsp/context';

const PROJECT = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["polls", "shared"]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"], "APP_DIRS": True}]
//- /mysite/urls.py
from django.urls import include, path
from django.views.generic import TemplateView
urlpatterns = [
    path("polls/", include("polls.urls")),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
]
//- /polls/__init__.py
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:question_id>/", views.detail, name="detail"),
    path("list/", views.QuestionList.as_view(), name="list"),
]
//- /polls/views.py
from django.shortcuts import render
from django.views.generic import ListView
from .models import Question

def index(request):
    return render(request, "polls/index.html")

def detail(request, question_id):
    return render(request, "polls/detail.html", {"id": question_id})

class QuestionList(ListView):
    model = Question
//- /polls/models.py
from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=200)
//- /polls/templatetags/__init__.py
//- /polls/templatetags/poll_extras.py
from django import template
register = template.Library()

@register.filter
def shout(value, times):
    """Upper-cases the value.

    Then repeats it.
    """
    return value.upper()

@register.simple_tag
def poll_count(kind):
    return 3
//- /shared/__init__.py
//- /shared/templates/polls/index.html
shadowed copy
//- /templates/about.html
about
//- /templates/base.html
{% block content %}{% endblock %}
//- /templates/partial.html
partial
//- /polls/templates/polls/index.html
{% extends "base.html" %}{% block content %}{% include "partial.html" %}{% endblock %}
//- /polls/templates/polls/detail.html
{% extends "base.html" %}
//- /polls/templates/polls/question_list.html
list
//- /polls/static/polls/app.css
body {}
//- /shared/static/polls/app.css
hidden by the polls copy
`;

/** Hover at `$0` in `file`, which is added to the project or replaces the project's file of that name. */
function hoverAt(file: string, body: string): { contents: string; hovered: string } | undefined {
  const marker = `//- ${file}\n`;
  const at = PROJECT.indexOf(marker);
  const next = at < 0 ? -1 : PROJECT.indexOf('//- ', at + marker.length);
  const base = at < 0 ? PROJECT : PROJECT.slice(0, at) + (next < 0 ? '' : PROJECT.slice(next));
  const fx = fixtureWorkspace(base + marker + body);
  assert.ok(fx.hasCursor, 'fixture needs $0');
  const h = hover(fx.ws, fx.cursor.file, fx.cursor.offset);
  if (!h) return undefined;
  // The Markdown as the editor receives it: links filled with file URIs by the LSP layer.
  return { contents: hoverMarkdown(h.contents), hovered: fx.files[fx.cursor.file].slice(h.span.start, h.span.end) };
}

const tpl = (body: string) => hoverAt('/templates/page.html', body);
const py = (body: string) => hoverAt('/polls/extra.py', body);

/** The whole hover, as the editor shows it, is test/golden/hover/<name>.md (UPDATE_GOLDEN=1 rewrites it, for a person to read). */
function golden(name: string, h: { contents: string } | undefined): void {
  assert.ok(h, 'expected a hover');
  checkGolden('hover', name, h.contents);
}

function has(h: { contents: string } | undefined, ...parts: string[]): void {
  assert.ok(h, 'expected a hover');
  for (const p of parts) assert.ok(h.contents.includes(p), `hover lacks ${JSON.stringify(p)}:\n${h.contents}`);
}

// ---- URL names ----------------------------------------------------------------------------------

test('url tag: route, parameters, view with file and line, rendered template', () => {
  const h = tpl(`{% url 'polls:de$0tail' 5 %}`);
  assert.equal(h?.hovered, 'polls:detail');
  golden('url-tag-detail', h);
});

test('url hover: a view without parameters, a generic view\'s default template, as_view(template_name=)', () => {
  has(tpl(`{% url 'polls:in$0dex' %}`), 'Parameters: none', 'Renders: `polls/index.html`');
  has(tpl(`{% url 'polls:li$0st' %}`), '`polls.views.QuestionList`', 'Renders: `polls/question_list.html`');
  has(tpl(`{% url 'ab$0out' %}`), '`/about/`', 'Renders: `about.html`');
});

test('url hover: an unknown name says so', () => {
  has(tpl(`{% url 'polls:nope$0' %}`), "no URL pattern is named 'nope'");
});

test('python: reverse() name and the name= of path() hover with the pattern', () => {
  const h = py(`from django.urls import reverse\nx = reverse("polls:de$0tail", args=[1])\n`);
  assert.equal(h?.hovered, 'polls:detail');
  has(h, '`/polls/<int:question_id>/`', '`polls.views.detail`');
  const own = hoverAt('/polls/urls.py', `from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [\n    path("<int:question_id>/", views.detail, name="det$0ail"),\n]\n`);
  assert.equal(own?.hovered, 'detail');
  has(own, '`polls:detail`', '`polls.views.detail`');
});

// ---- Template names -----------------------------------------------------------------------------

test('template name: file, the file it overrides, who renders, extends and includes it', () => {
  const h = tpl(`{% include "polls/ind$0ex.html" %}`);
  assert.equal(h?.hovered, 'polls/index.html');
  golden('template-name-include', h);
  const base = tpl(`{% extends "ba$0se.html" %}`);
  has(base, 'File: [templates/base.html]', 'Extended by:', 'polls/templates/polls/index.html:1', 'polls/templates/polls/detail.html:1', 'templates/page.html:1');
  assert.ok(!base!.contents.includes('Overrides'));
});

test('template name in Python: render() and template_name', () => {
  has(py(`from django.shortcuts import render\ndef v(request):\n    return render(request, "part$0ial.html")\n`), 'File: [templates/partial.html]', 'Included by: [polls/templates/polls/index.html:1]');
  has(py(`from django.views.generic import ListView\nclass V(ListView):\n    template_name = "abo$0ut.html"\n`), 'File: [templates/about.html]');
});

test('template name: a missing template says so', () => {
  has(tpl(`{% include "nope$0.html" %}`), 'Not found in any of the');
});

// ---- Tags, filters, libraries -------------------------------------------------------------------

test('built-in tag and filter: signature and docstring', () => {
  const t = tpl(`{% u$0rl 'about' %}`);
  assert.equal(t?.hovered, 'url');
  golden('builtin-tag-url', t);
  const f = tpl(`{{ x|da$0te:"Y" }}`);
  assert.equal(f?.hovered, 'date');
  golden('builtin-filter-date', f);
  has(tpl(`{% for x in y %}{% end$0for %}`), 'Ends `{% for %}`');
});

test('library tags and filters: known only once loaded; custom ones show their docstring and file', () => {
  const f = tpl(`{% load poll_extras %}{{ x|sho$0ut:2 }}`);
  golden('library-filter-shout', f);
  has(tpl(`{% load poll_extras %}{% poll_c$0ount 1 %}`), '{% poll_count kind %}', 'polls/templatetags/poll_extras.py:13');
  assert.equal(tpl(`{{ x|sho$0ut }}{% load poll_extras %}`), undefined, 'not loaded above: nothing to say');
  has(tpl(`{% load static %}{% stat$0ic "x.css" %}`), '{% load static %}', 'django.templatetags.static');
});

test('library name in load', () => {
  golden('load-library', tpl(`{% load poll_ex$0tras %}`));
});

test('block: the ancestor blocks it overrides', () => {
  const h = tpl(`{% extends "polls/detail.html" %}{% block cont$0ent %}{% endblock %}`);
  assert.equal(h?.hovered, 'content');
  golden('block-overrides', h);
  assert.ok(!tpl(`{% block cont$0ent %}{% endblock %}`)!.contents.includes('Overrides'));
});

test('no hover in text, on variables, in comments, or on plain Python strings', () => {
  assert.equal(tpl(`<p>about$0</p>`), undefined);
  assert.equal(tpl(`{{ ques$0tion }}`), undefined);
  assert.equal(tpl(`{# {% url 'ab$0out' %} #}`), undefined);
  assert.equal(tpl(`{% url some_v$0ar %}`), undefined);
  assert.equal(py(`x = "polls:de$0tail"\n`), undefined);
  assert.equal(py(`def f():\n    retu$0rn 1\n`), undefined);
});

test('static path: the file the finders serve first, and the copies it hides', () => {
  const h = tpl(`{% load static %}<link href="{% static 'polls/a$0pp.css' %}">`);
  assert.equal(h?.hovered, 'polls/app.css');
  golden('static-path', h);
  has(tpl(`{% static 'polls/nop$0e.css' %}`), 'Not found in STATICFILES_DIRS');
});

test('model string in a relation: the model, its place and its fields', () => {
  const models = `from django.db import models\nclass Question(models.Model):\n    text = models.CharField(max_length=200)\nclass Choice(models.Model):\n    question = models.ForeignKey("polls.Quest$0ion", on_delete=models.CASCADE)\n`;
  const h = hoverAt('/polls/models.py', models);
  assert.equal(h?.hovered, 'polls.Question');
  golden('model-relation', h);
  assert.equal(hoverAt('/polls/models.py', models.replace('polls.Quest$0ion', 'polls.Nope$0')), undefined);
});

test('block in a template that overrides its own name: the overridden file is the parent, as in Django', () => {
  // /templates/polls/index.html (DIRS) extends "polls/index.html": Django skips itself and extends the app's copy.
  const h = hoverAt('/templates/polls/index.html', `{% extends "polls/index.html" %}{% block cont$0ent %}{% endblock %}`);
  has(h, '**Block** `content`', 'Overrides: `polls/index.html` [polls/templates/polls/index.html:1]');
});
