// Tests for hover: URL names (template, Python, name=), template names, tags, filters and libraries, and no hover elsewhere; whole hovers are compared with test/golden/hover/*.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHover } from '../helpers/fixture';

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

/** The project with `file` added, or replacing the project's file of that name. */
function withFile(file: string, body: string): string {
  const marker = `//- ${file}\n`;
  const at = PROJECT.indexOf(marker);
  const next = at < 0 ? -1 : PROJECT.indexOf('//- ', at + marker.length);
  const base = at < 0 ? PROJECT : PROJECT.slice(0, at) + (next < 0 ? '' : PROJECT.slice(next));
  return base + marker + body;
}

const tpl = (body: string) => withFile('/templates/page.html', body);
const py = (body: string) => withFile('/polls/extra.py', body);

// Whole hovers, as the editor shows them, are test/golden/hover/<name>.md (UPDATE_GOLDEN=1 rewrites them, for a person to read).

// ---- URL names ----------------------------------------------------------------------------------

test('url tag: route, parameters, view with file and line, rendered template', () => {
  checkHover(tpl(`{% url 'polls:de$0tail' 5 %}`), { hovered: 'polls:detail', golden: 'url-tag-detail' });
});

test('url hover: a view without parameters, a generic view\'s default template, as_view(template_name=)', () => {
  checkHover(tpl(`{% url 'polls:in$0dex' %}`), { has: ['Parameters: none', 'Renders: `polls/index.html`'] });
  checkHover(tpl(`{% url 'polls:li$0st' %}`), { has: ['`polls.views.QuestionList`', 'Renders: `polls/question_list.html`'] });
  checkHover(tpl(`{% url 'ab$0out' %}`), { has: ['`/about/`', 'Renders: `about.html`'] });
});

test('url hover: an unknown name says so', () => {
  checkHover(tpl(`{% url 'polls:nope$0' %}`), { has: ["no URL pattern is named 'nope'"] });
});

test('python: reverse() name and the name= of path() hover with the pattern', () => {
  checkHover(py(`from django.urls import reverse\nx = reverse("polls:de$0tail", args=[1])\n`), { hovered: 'polls:detail', has: ['`/polls/<int:question_id>/`', '`polls.views.detail`'] });
  const own = `from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [\n    path("<int:question_id>/", views.detail, name="det$0ail"),\n]\n`;
  checkHover(withFile('/polls/urls.py', own), { hovered: 'detail', has: ['`polls:detail`', '`polls.views.detail`'] });
});

// ---- Template names -----------------------------------------------------------------------------

test('template name: file, the file it overrides, who renders, extends and includes it', () => {
  checkHover(tpl(`{% include "polls/ind$0ex.html" %}`), { hovered: 'polls/index.html', golden: 'template-name-include' });
  checkHover(tpl(`{% extends "ba$0se.html" %}`), {
    has: ['File: [templates/base.html]', 'Extended by:', 'polls/templates/polls/index.html:1', 'polls/templates/polls/detail.html:1', 'templates/page.html:1'],
    lacks: ['Overrides'],
  });
});

test('template name in Python: render() and template_name', () => {
  checkHover(py(`from django.shortcuts import render\ndef v(request):\n    return render(request, "part$0ial.html")\n`), { has: ['File: [templates/partial.html]', 'Included by: [polls/templates/polls/index.html:1]'] });
  checkHover(py(`from django.views.generic import ListView\nclass V(ListView):\n    template_name = "abo$0ut.html"\n`), { has: ['File: [templates/about.html]'] });
});

test('template name: a missing template says so', () => {
  checkHover(tpl(`{% include "nope$0.html" %}`), { has: ['Not found in any of the'] });
});

// ---- Tags, filters, libraries -------------------------------------------------------------------

test('built-in tag and filter: signature and docstring', () => {
  checkHover(tpl(`{% u$0rl 'about' %}`), { hovered: 'url', golden: 'builtin-tag-url' });
  checkHover(tpl(`{{ x|da$0te:"Y" }}`), { hovered: 'date', golden: 'builtin-filter-date' });
  checkHover(tpl(`{% for x in y %}{% end$0for %}`), { has: ['Ends `{% for %}`'] });
});

test('library tags and filters: known only once loaded; custom ones show their docstring and file', () => {
  checkHover(tpl(`{% load poll_extras %}{{ x|sho$0ut:2 }}`), { golden: 'library-filter-shout' });
  checkHover(tpl(`{% load poll_extras %}{% poll_c$0ount 1 %}`), { has: ['{% poll_count kind %}', 'polls/templatetags/poll_extras.py:13'] });
  // Not loaded above: nothing to say.
  checkHover(tpl(`{{ x|sho$0ut }}{% load poll_extras %}`), null);
  checkHover(tpl(`{% load static %}{% stat$0ic "x.css" %}`), { has: ['{% load static %}', 'django.templatetags.static'] });
});

test('library name in load', () => {
  checkHover(tpl(`{% load poll_ex$0tras %}`), { golden: 'load-library' });
});

test('block: the ancestor blocks it overrides', () => {
  checkHover(tpl(`{% extends "polls/detail.html" %}{% block cont$0ent %}{% endblock %}`), { hovered: 'content', golden: 'block-overrides' });
  checkHover(tpl(`{% block cont$0ent %}{% endblock %}`), { lacks: ['Overrides'] });
});

test('no hover in text, on variables, in comments, or on plain Python strings', () => {
  checkHover(tpl(`<p>about$0</p>`), null);
  checkHover(tpl(`{{ ques$0tion }}`), null);
  checkHover(tpl(`{# {% url 'ab$0out' %} #}`), null);
  checkHover(tpl(`{% url some_v$0ar %}`), null);
  checkHover(py(`x = "polls:de$0tail"\n`), null);
  checkHover(py(`def f():\n    retu$0rn 1\n`), null);
});

test('static path: the file the finders serve first, and the copies it hides', () => {
  checkHover(tpl(`{% load static %}<link href="{% static 'polls/a$0pp.css' %}">`), { hovered: 'polls/app.css', golden: 'static-path' });
  checkHover(tpl(`{% static 'polls/nop$0e.css' %}`), { has: ['Not found in STATICFILES_DIRS'] });
});

test('model string in a relation: the model, its place and its fields', () => {
  const models = `from django.db import models\nclass Question(models.Model):\n    text = models.CharField(max_length=200)\nclass Choice(models.Model):\n    question = models.ForeignKey("polls.Quest$0ion", on_delete=models.CASCADE)\n`;
  checkHover(withFile('/polls/models.py', models), { hovered: 'polls.Question', golden: 'model-relation' });
  checkHover(withFile('/polls/models.py', models.replace('polls.Quest$0ion', 'polls.Nope$0')), null);
});

test('block in a template that overrides its own name: the overridden file is the parent, as in Django', () => {
  // /templates/polls/index.html (DIRS) extends "polls/index.html": Django skips itself and extends the app's copy.
  checkHover(withFile('/templates/polls/index.html', `{% extends "polls/index.html" %}{% block cont$0ent %}{% endblock %}`), {
    has: ['**Block** `content`', 'Overrides: `polls/index.html` [polls/templates/polls/index.html:1]'],
  });
});

test('checkHover fails on a wrong expectation', () => {
  const about = tpl(`{% url 'ab$0out' %}`);
  assert.throws(() => checkHover(about, null), /expected no hover/);
  assert.throws(() => checkHover(about, { hovered: 'abou' }), /the text hovered/);
  assert.throws(() => checkHover(about, { has: ['`/elsewhere/`'] }), /lacks "`\/elsewhere\/`"/);
  assert.throws(() => checkHover(about, { lacks: ['`/about/`'] }), /has "`\/about\/`"/);
  assert.throws(() => checkHover(tpl(`<p>ab$0out</p>`), { has: [] }), /expected a hover/);
  assert.throws(() => checkHover(about, {}), /must expect something/);
});
