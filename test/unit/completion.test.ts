// Tests for completion: each context offers its names (with the typed name as the span to replace), and nothing is offered elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { completion, pythonStringAt } from '../../server/src/features/completion';
import type { CompletionItem } from '../../server/src/features/completion';

/** A small project: a namespaced app with URLs, views, models, templates, a tag library and static files. */
const PROJECT = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["django.contrib.humanize", "polls"]
ROOT_URLCONF = "mysite.urls"
STATICFILES_DIRS = ["/ws/assets"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/templates"], "APP_DIRS": True}]
//- /mysite/urls.py
from django.urls import include, path
from . import views as site_views
urlpatterns = [
    path("polls/", include("polls.urls")),
    path("about/", site_views.about, name="about"),
]
//- /mysite/views.py
from django.shortcuts import render
def about(request):
    return render(request, "about.html")
//- /polls/__init__.py
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:question_id>/", views.detail, name="detail"),
]
//- /polls/views.py
from django.shortcuts import render
def index(request):
    return render(request, "polls/index.html")
def detail(request, question_id):
    return render(request, "polls/detail.html")
//- /polls/models.py
from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=200)
class Base(models.Model):
    class Meta:
        abstract = True
//- /polls/templatetags/__init__.py
//- /polls/templatetags/poll_extras.py
from django import template
register = template.Library()
@register.filter
def shout(value):
    """Shouts the value."""
    return value.upper()
@register.simple_tag
def poll_count():
    return 3
//- /polls/static/polls/style.css
body {}
//- /assets/site.js
//- /templates/about.html
about
//- /templates/base.html
{% block title %}{% endblock %}{% block content %}{% endblock %}
//- /polls/templates/polls/index.html
index
//- /polls/templates/polls/detail.html
detail
`;

interface Got {
  items: CompletionItem[];
  labels: string[];
  /** The text each item would replace. */
  replaced: string[];
  text: string;
}

/** Completion at `$0` in `file` (added to the project); `file` is under /ws. */
function complete(file: string, body: string): Got {
  const fx = fixtureWorkspace(PROJECT + `//- ${file}\n` + body);
  assert.ok(fx.hasCursor, 'fixture needs $0');
  const text = fx.files[fx.cursor.file];
  const items = completion(fx.ws, fx.cursor.file, fx.cursor.offset).items;
  return { items, labels: items.map((i) => i.label).sort(), replaced: [...new Set(items.map((i) => (i.replaceSpan ? text.slice(i.replaceSpan.start, i.replaceSpan.end) : '<none>')))], text };
}

function tpl(body: string): Got {
  return complete('/templates/page.html', body);
}

function py(body: string): Got {
  return complete('/polls/extra.py', body);
}

// ---- URL names ----------------------------------------------------------------------------------

test('url tag: every URL name with namespaces, route as detail, view as documentation', () => {
  const g = tpl(`<a href="{% url 'po$0' %}">`);
  assert.deepEqual(g.labels, ['about', 'polls:detail', 'polls:index']);
  assert.deepEqual(g.replaced, ['po']);
  const d = g.items.find((i) => i.label === 'polls:detail')!;
  assert.equal(d.kind, 'url');
  assert.equal(d.detail, '/polls/<int:question_id>/');
  assert.equal(d.documentation, 'polls.views.detail');
});

test('url tag being typed: an open quote still completes, replacing only what is typed', () => {
  const g = tpl(`<a href="{% url "polls:$0`);
  assert.deepEqual(g.labels, ['about', 'polls:detail', 'polls:index']);
  assert.deepEqual(g.replaced, ['polls:']);
});

test('url tag: nothing for an unquoted (variable) argument', () => {
  assert.deepEqual(tpl(`{% url view_na$0 %}`).labels, []);
});

test('url tag: after the name, the pattern parameters as keywords', () => {
  const g = tpl(`{% url 'polls:detail' $0 %}`);
  assert.deepEqual(g.labels, ['question_id=']);
  assert.equal(g.items[0].kind, 'param');
  assert.equal(g.items[0].insertText, 'question_id=');
});

test('url tag: a parameter already given is not offered again; a name without parameters offers none', () => {
  assert.deepEqual(tpl(`{% url 'polls:detail' question_id=1 $0 %}`).labels, []);
  assert.deepEqual(tpl(`{% url 'polls:index' $0 %}`).labels, []);
});

test('url tag: a half-typed parameter is replaced', () => {
  const g = tpl(`{% url 'polls:detail' ques$0`);
  assert.deepEqual(g.labels, ['question_id=']);
  assert.deepEqual(g.replaced, ['ques']);
});

test('python: reverse, reverse_lazy, redirect and resolve_url take URL names', () => {
  for (const call of ['reverse', 'reverse_lazy', 'redirect', 'resolve_url', 'urls.reverse']) {
    const g = py(`from django.urls import reverse\nx = ${call}("po$0")\n`);
    assert.deepEqual(g.labels, ['about', 'polls:detail', 'polls:index'], call);
    assert.deepEqual(g.replaced, ['po'], call);
  }
});

test('python: an unterminated string at the end of the line still completes', () => {
  const g = py(`from django.urls import reverse\ndef f():\n    return reverse("po$0\n`);
  assert.deepEqual(g.labels, ['about', 'polls:detail', 'polls:index']);
  assert.deepEqual(g.replaced, ['po']);
  const atEnd = py(`from django.urls import reverse\nx = reverse('$0`);
  assert.deepEqual(atEnd.labels, ['about', 'polls:detail', 'polls:index']);
  assert.deepEqual(atEnd.replaced, ['']);
});

test('python: viewname= keyword completes; other arguments and strings do not', () => {
  assert.deepEqual(py(`x = reverse(viewname="$0")\n`).labels, ['about', 'polls:detail', 'polls:index']);
  assert.deepEqual(py(`x = reverse("polls:detail", args=["$0"])\n`).labels, []);
  assert.deepEqual(py(`x = reverse("polls:index", urlconf="$0")\n`).labels, []);
  assert.deepEqual(py(`x = print("po$0")\n`).labels, []);
  assert.deepEqual(py(`x = "po$0"\n`).labels, []);
  assert.deepEqual(py(`# reverse("po$0")\n`).labels, []);
  assert.deepEqual(py(`x = reverse(f"po$0")\n`).labels, []);
});

test('python: not after the closing quote, nor before any quote, nor outside a project', () => {
  assert.deepEqual(py(`x = reverse("po")$0\n`).labels, []);
  assert.deepEqual(py(`x = reverse($0)\n`).labels, []);
  const fx = fixtureWorkspace(PROJECT + `//- /elsewhere.py\nx = 1\n`);
  assert.deepEqual(completion(fx.ws, '/other/x.py', 0).items, []);
});

// ---- Template names -----------------------------------------------------------------------------

test('extends and include take template names', () => {
  const all = ['about.html', 'base.html', 'page.html', 'polls/detail.html', 'polls/index.html'];
  const e = tpl(`{% extends "ba$0" %}`);
  assert.deepEqual(e.labels, all);
  assert.deepEqual(e.replaced, ['ba']);
  assert.equal(e.items[0].kind, 'template');
  assert.deepEqual(tpl(`{% include 'polls/$0`).labels, all);
  assert.deepEqual(tpl(`{% include 'polls/$0`).replaced, ['polls/']);
  assert.deepEqual(tpl(`{% include some_var$0 %}`).labels, []);
});

test('python: render, template_name assignments and keywords take template names', () => {
  // Every template of the project: about, base, polls/index and polls/detail.
  const n = 4;
  assert.equal(py(`from django.shortcuts import render\ndef v(request):\n    return render(request, "po$0")\n`).labels.length, n);
  assert.deepEqual(py(`def v(request):\n    return render(request, "po$0")\n`).replaced, ['po']);
  assert.equal(py(`class V(TemplateView):\n    template_name = "po$0\n`).labels.length, n);
  assert.equal(py(`x = TemplateView.as_view(template_name="$0")\n`).labels.length, n);
  assert.equal(py(`t = get_template("$0")\n`).labels.length, n);
  // The request argument's position and the context dict are no template names.
  assert.deepEqual(py(`def v(request):\n    return render("po$0", "x.html")\n`).labels, []);
  assert.deepEqual(py(`def v(request):\n    return render(request, "x.html", {"k": "$0"})\n`).labels, []);
  assert.deepEqual(py(`title = "po$0"\n`).labels, []);
});

// ---- Libraries, tags, filters ---------------------------------------------------------------------

test('load offers every library the project has', () => {
  const g = tpl(`{% load po$0 %}`);
  for (const l of ['poll_extras', 'static', 'i18n', 'humanize']) assert.ok(g.labels.includes(l), l);
  assert.deepEqual(g.replaced, ['po']);
  assert.equal(g.items[0].kind, 'library');
});

test('tags: built-ins, and a library\'s tags only once it is loaded above the cursor', () => {
  const before = tpl(`{% po$0 %}\n{% load poll_extras %}`);
  assert.ok(before.labels.includes('url') && before.labels.includes('block'));
  assert.ok(!before.labels.includes('poll_count'));
  assert.ok(!before.labels.includes('static'));
  assert.deepEqual(before.replaced, ['po']);
  const after = tpl(`{% load poll_extras static %}\n{% $0`);
  assert.ok(after.labels.includes('poll_count'));
  assert.ok(after.labels.includes('static'));
  assert.ok(!after.labels.includes('shout'), 'filters are not tags');
  const url = after.items.find((i) => i.label === 'url')!;
  assert.equal(url.detail, '{% url "url_name" arg1 arg2 %}');
  assert.equal(url.documentation, 'Return an absolute URL matching the given view with its parameters.');
});

test('tags: {% load x from lib %} brings only the named tags', () => {
  const g = tpl(`{% load static from static %}\n{% $0 %}`);
  assert.ok(g.labels.includes('static'));
  assert.ok(!g.labels.includes('get_static_prefix'));
});

test('tags: the end tag of the open block is offered', () => {
  const g = tpl(`{% for x in y %}{% en$0`);
  assert.ok(g.labels.includes('endfor'));
  assert.ok(!g.labels.includes('endblock'));
});

test('filters: built-ins after a pipe, and loaded libraries\' filters', () => {
  const g = tpl(`{% load poll_extras humanize %}{{ x|da$0 }}`);
  for (const f of ['date', 'default', 'shout', 'intcomma']) assert.ok(g.labels.includes(f), f);
  assert.ok(!g.labels.includes('poll_count'));
  assert.deepEqual(g.replaced, ['da']);
  assert.equal(g.items.find((i) => i.label === 'date')!.detail, 'value|date:arg');
  assert.equal(g.items.find((i) => i.label === 'shout')!.documentation, 'Shouts the value.');
  const bare = tpl(`{{ x|$0`);
  assert.ok(bare.labels.includes('lower') && !bare.labels.includes('shout'));
  assert.deepEqual(tpl(`{% if x|$0 %}`).labels.includes('length'), true);
});

test('nothing in plain text, in variables before a pipe, in comments or in other tags\' arguments', () => {
  assert.deepEqual(tpl(`<p>po$0</p>`).labels, []);
  assert.deepEqual(tpl(`{{ po$0 }}`).labels, []);
  assert.deepEqual(tpl(`{# {% url 'po$0' %} #}`).labels, []);
  assert.deepEqual(tpl(`{% if po$0 %}{% endif %}`).labels, []);
  assert.deepEqual(tpl(`{{ x|default:"po$0" }}`).labels, []);
});

// ---- Blocks, static files, models ---------------------------------------------------------------

test('block offers the parent template\'s blocks not yet overridden', () => {
  const g = tpl(`{% extends "base.html" %}{% block title %}{% endblock %}{% block $0 %}`);
  assert.deepEqual(g.labels, ['content']);
  assert.equal(g.items[0].kind, 'block');
  assert.deepEqual(tpl(`{% block $0 %}`).labels, [], 'no parent, no names');
});

test('endblock offers the name of the block it closes', () => {
  assert.deepEqual(tpl(`{% block main %}x{% endblock $0 %}`).labels, ['main']);
});

test('static offers files of STATICFILES_DIRS and of apps\' static folders', () => {
  const g = tpl(`{% load static %}<link href="{% static 'po$0' %}">`);
  assert.deepEqual(g.labels, ['polls/style.css', 'site.js']);
  assert.deepEqual(g.replaced, ['po']);
  assert.deepEqual(tpl(`{% load static %}{% static po$0 %}`).labels, []);
});

test('python: a string relation target offers app_label.Model (abstract models left out)', () => {
  const g = complete('/polls/more.py', `from django.db import models\nclass Choice(models.Model):\n    q = models.ForeignKey("po$0", on_delete=models.CASCADE)\n`);
  assert.deepEqual(g.labels, ['polls.Question']);
  assert.equal(g.items[0].kind, 'model');
  assert.deepEqual(complete('/polls/more.py', `q = models.ManyToManyField(to="$0")\n`).labels, ['polls.Question']);
  assert.deepEqual(complete('/polls/more.py', `q = models.CharField("$0")\n`).labels, []);
  assert.deepEqual(complete('/polls/more.py', `q = models.ForeignKey("polls.Question", related_name="$0")\n`).labels, []);
});

// ---- The string finder --------------------------------------------------------------------------

test('pythonStringAt: call, argument index, keyword and assignment target', () => {
  const t = 'x = mod.render(req, "a", k="b")\ny = "c"';
  assert.deepEqual(pick(pythonStringAt(t, t.indexOf('"a"') + 1)), { value: 'a', callee: 'render', argIndex: 1 });
  assert.deepEqual(pick(pythonStringAt(t, t.indexOf('"b"') + 2)), { value: 'b', callee: 'render', keyword: 'k' });
  assert.deepEqual(pick(pythonStringAt(t, t.indexOf('"c"') + 1)), { value: 'c', target: 'y' });
  assert.equal(pythonStringAt(t, t.indexOf('req')), undefined);
});

function pick(s: ReturnType<typeof pythonStringAt>): Record<string, unknown> | undefined {
  if (!s) return undefined;
  const out: Record<string, unknown> = { value: s.value };
  for (const k of ['callee', 'argIndex', 'keyword', 'target'] as const) if (s[k] !== undefined) out[k] = s[k];
  return out;
}
