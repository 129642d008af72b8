// Tests for completion: each context offers its names (with the typed name as the span to replace), and nothing is offered elsewhere; whole lists are compared with test/golden/completion/*.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCompletion, fixtureWorkspace } from '../helpers/fixture';
import { completion, pythonStringAt } from '../../server/src/features/completion';

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

/** The project with `file` (under /ws) added. */
const withFile = (file: string, body: string) => PROJECT + `//- ${file}\n` + body;
const tpl = (body: string) => withFile('/templates/page.html', body);
const py = (body: string) => withFile('/polls/extra.py', body);

// ---- URL names ----------------------------------------------------------------------------------

test('url tag: every URL name with namespaces, route as detail, view as documentation', () => {
  checkCompletion(tpl(`<a href="{% url 'po$0' %}">`), {
    labels: ['about', 'polls:detail', 'polls:index'],
    replaced: ['po'],
    items: { 'polls:detail': { kind: 'url', detail: '/polls/<int:question_id>/', documentation: 'polls.views.detail' } },
  });
});

test('url tag being typed: an open quote still completes, replacing only what is typed', () => {
  checkCompletion(tpl(`<a href="{% url "polls:$0`), { labels: ['about', 'polls:detail', 'polls:index'], replaced: ['polls:'] });
});

test('url tag: nothing for an unquoted (variable) argument', () => {
  checkCompletion(tpl(`{% url view_na$0 %}`), { labels: [] });
});

test('url tag: after the name, the pattern parameters as keywords', () => {
  checkCompletion(tpl(`{% url 'polls:detail' $0 %}`), { labels: ['question_id='], items: { 'question_id=': { kind: 'param', insertText: 'question_id=' } } });
});

test('url tag: a parameter already given is not offered again; a name without parameters offers none', () => {
  checkCompletion(tpl(`{% url 'polls:detail' question_id=1 $0 %}`), { labels: [] });
  checkCompletion(tpl(`{% url 'polls:index' $0 %}`), { labels: [] });
});

test('url tag: a half-typed parameter is replaced', () => {
  checkCompletion(tpl(`{% url 'polls:detail' ques$0`), { labels: ['question_id='], replaced: ['ques'] });
});

test('url tag parameters: read as Django reads the tag (urlAt), not in comments, verbatim bodies or an open string', () => {
  // Django renders both as text: no tag there.
  checkCompletion(tpl(`{# {% url 'polls:detail' $0 %} #}`), { labels: [] });
  checkCompletion(tpl(`{% verbatim %}{% url 'polls:detail' $0 %}{% endverbatim %}`), { labels: [] });
  // Inside a string still open, the space does not end the argument.
  checkCompletion(tpl(`{% url 'polls:detail' x="b $0`), { labels: [] });
  // kwarg_re is `(?:(\w+)=)?(.+)`: `question_id=` alone is a positional argument (Django 3.2-6.1: "Could not parse the remainder: '='"), so the keyword is not given.
  checkCompletion(tpl(`{% url 'polls:detail' question_id= $0 %}`), { labels: ['question_id='] });
  // Only the last two bits are `as var` (Django 3.2-6.1 parse `{% url 'detail' as 1 question_id=2 as v %}` to args [as, 1], asvar v).
  checkCompletion(tpl(`{% url 'polls:detail' as 1 $0 as v %}`), { labels: ['question_id='] });
  checkCompletion(tpl(`{% url 'polls:detail' $0 as v %}`), { labels: ['question_id='] });
  // The variable after `as`, and what follows it, take no parameter.
  checkCompletion(tpl(`{% url 'polls:detail' as $0`), { labels: [] });
  checkCompletion(tpl(`{% url 'polls:detail' as v $0 %}`), { labels: [] });
});

test('python: reverse, reverse_lazy, redirect and resolve_url take URL names', () => {
  for (const call of ['reverse', 'reverse_lazy', 'redirect', 'resolve_url', 'urls.reverse']) {
    checkCompletion(py(`from django.urls import reverse\nx = ${call}("po$0")\n`), { labels: ['about', 'polls:detail', 'polls:index'], replaced: ['po'] });
  }
});

test('python: an unterminated string at the end of the line still completes', () => {
  checkCompletion(py(`from django.urls import reverse\ndef f():\n    return reverse("po$0\n`), { labels: ['about', 'polls:detail', 'polls:index'], replaced: ['po'] });
  checkCompletion(py(`from django.urls import reverse\nx = reverse('$0`), { labels: ['about', 'polls:detail', 'polls:index'], replaced: [''] });
});

test('python: viewname= keyword completes; other arguments and strings do not', () => {
  checkCompletion(py(`x = reverse(viewname="$0")\n`), { labels: ['about', 'polls:detail', 'polls:index'] });
  for (const body of [
    `x = reverse("polls:detail", args=["$0"])\n`,
    `x = reverse("polls:index", urlconf="$0")\n`,
    `x = print("po$0")\n`,
    `x = "po$0"\n`,
    `# reverse("po$0")\n`,
    `x = reverse(f"po$0")\n`,
  ]) checkCompletion(py(body), { labels: [] });
});

test('python: not after the closing quote, nor before any quote, nor outside a project', () => {
  checkCompletion(py(`x = reverse("po")$0\n`), { labels: [] });
  checkCompletion(py(`x = reverse($0)\n`), { labels: [] });
  const fx = fixtureWorkspace(PROJECT + `//- /elsewhere.py\nx = 1\n`);
  assert.deepEqual(completion(fx.ws, '/other/x.py', 0).items, []);
});

// ---- Template names -----------------------------------------------------------------------------

test('extends and include take template names', () => {
  const all = ['about.html', 'base.html', 'page.html', 'polls/detail.html', 'polls/index.html'];
  checkCompletion(tpl(`{% extends "ba$0" %}`), { labels: all, replaced: ['ba'], kind: 'template' });
  checkCompletion(tpl(`{% include 'polls/$0`), { labels: all, replaced: ['polls/'] });
  checkCompletion(tpl(`{% include some_var$0 %}`), { labels: [] });
});

test('python: render, template_name assignments and keywords take template names', () => {
  // Every template of the project: about, base, polls/index and polls/detail.
  const all = ['about.html', 'base.html', 'polls/detail.html', 'polls/index.html'];
  checkCompletion(py(`from django.shortcuts import render\ndef v(request):\n    return render(request, "po$0")\n`), { labels: all });
  checkCompletion(py(`def v(request):\n    return render(request, "po$0")\n`), { replaced: ['po'] });
  checkCompletion(py(`class V(TemplateView):\n    template_name = "po$0\n`), { labels: all });
  checkCompletion(py(`x = TemplateView.as_view(template_name="$0")\n`), { labels: all });
  checkCompletion(py(`t = get_template("$0")\n`), { labels: all });
  // The request argument's position and the context dict are no template names.
  checkCompletion(py(`def v(request):\n    return render("po$0", "x.html")\n`), { labels: [] });
  checkCompletion(py(`def v(request):\n    return render(request, "x.html", {"k": "$0"})\n`), { labels: [] });
  checkCompletion(py(`title = "po$0"\n`), { labels: [] });
});

// ---- Libraries, tags, filters ---------------------------------------------------------------------

test('load offers every library the project has', () => {
  checkCompletion(tpl(`{% load po$0 %}`), { has: ['poll_extras', 'static', 'i18n', 'humanize'], replaced: ['po'], kind: 'library' });
});

test('tags: built-ins, and a library\'s tags only once it is loaded above the cursor', () => {
  checkCompletion(tpl(`{% po$0 %}\n{% load poll_extras %}`), { has: ['url', 'block'], lacks: ['poll_count', 'static'], replaced: ['po'] });
  // Filters are not tags.
  checkCompletion(tpl(`{% load poll_extras static %}\n{% $0`), {
    has: ['poll_count', 'static'],
    lacks: ['shout'],
    items: { url: { detail: '{% url "url_name" arg1 arg2 %}', documentation: 'Return an absolute URL matching the given view with its parameters.' } },
  });
});

test('tags: {% load x from lib %} brings only the named tags', () => {
  checkCompletion(tpl(`{% load static from static %}\n{% $0 %}`), { has: ['static'], lacks: ['get_static_prefix'] });
});

test('tags: the end tag of the open block is offered', () => {
  checkCompletion(tpl(`{% for x in y %}{% en$0`), { has: ['endfor'], lacks: ['endblock'] });
});

test('tags: an intermediate tag only inside the open block that takes it, and only while Django still accepts it', () => {
  // Django 3.2-6.1: `for` takes only `empty` ("Invalid block tag ... 'else', expected 'empty' or 'endfor'"), `if` takes `elif` then `else`.
  checkCompletion(tpl(`{% for x in y %}{% e$0`), { has: ['empty', 'endfor'], lacks: ['else', 'elif'] });
  checkCompletion(tpl(`{% if x %}{% e$0`), { has: ['elif', 'else', 'endif'], lacks: ['empty'] });
  checkCompletion(tpl(`{% if x %}{% elif y %}{% e$0`), { has: ['elif', 'else', 'endif'] });
  checkCompletion(tpl(`{% if x %}{% else %}{% e$0`), { has: ['endif'], lacks: ['elif', 'else'] });
  checkCompletion(tpl(`{% for x in y %}{% empty %}{% e$0`), { has: ['endfor'], lacks: ['empty'] });
  checkCompletion(tpl(`{% ifchanged x %}{% e$0`), { has: ['else', 'endifchanged'], lacks: ['elif', 'empty'] });
  // The innermost open block decides; `with` takes none.
  checkCompletion(tpl(`{% if x %}{% for a in b %}{% e$0`), { has: ['empty', 'endfor'], lacks: ['else', 'elif', 'endif'] });
  checkCompletion(tpl(`{% for a in b %}{% with c=1 %}{% e$0`), { has: ['endwith'], lacks: ['empty', 'endfor'] });
  checkCompletion(tpl(`{% if x %}{% endif %}{% e$0`), { lacks: ['else', 'elif', 'empty', 'endif'] });
  checkCompletion(tpl(`{% e$0`), { lacks: ['else', 'elif', 'empty'] });
  // `plural` only in a blocktranslate with `count` ("doesn't allow other block tags (seen 'plural') inside it" otherwise).
  checkCompletion(tpl(`{% load i18n %}{% blocktranslate count n=x %}a{% p$0`), { has: ['plural', 'endblocktranslate'] });
  checkCompletion(tpl(`{% load i18n %}{% blocktranslate %}a{% p$0`), { lacks: ['plural'] });
  // An intermediate already written in the block is not counted when the cursor is in it.
  checkCompletion(tpl(`{% if x %}{% el$0se %}{% endif %}`), { has: ['elif', 'else'] });
});

test('filters: built-ins after a pipe, and loaded libraries\' filters', () => {
  checkCompletion(tpl(`{% load poll_extras humanize %}{{ x|da$0 }}`), {
    has: ['date', 'default', 'shout', 'intcomma'],
    lacks: ['poll_count'],
    replaced: ['da'],
    items: { date: { detail: 'value|date:arg' }, shout: { documentation: 'Shouts the value.' } },
  });
  checkCompletion(tpl(`{{ x|$0`), { has: ['lower'], lacks: ['shout'] });
  checkCompletion(tpl(`{% if x|$0 %}`), { has: ['length'] });
});

test('nothing in plain text, in variables before a pipe, in comments or in other tags\' arguments', () => {
  for (const body of [`<p>po$0</p>`, `{{ po$0 }}`, `{# {% url 'po$0' %} #}`, `{% if po$0 %}{% endif %}`, `{{ x|default:"po$0" }}`]) checkCompletion(tpl(body), { labels: [] });
});

// ---- Blocks, static files, models ---------------------------------------------------------------

test('block offers the parent template\'s blocks not yet overridden', () => {
  checkCompletion(tpl(`{% extends "base.html" %}{% block title %}{% endblock %}{% block $0 %}`), { labels: ['content'], kind: 'block' });
  // No parent, no names.
  checkCompletion(tpl(`{% block $0 %}`), { labels: [] });
});

test('endblock offers the name of the block it closes', () => {
  checkCompletion(tpl(`{% block main %}x{% endblock $0 %}`), { labels: ['main'] });
});

test('static offers files of STATICFILES_DIRS and of apps\' static folders', () => {
  checkCompletion(tpl(`{% load static %}<link href="{% static 'po$0' %}">`), { labels: ['polls/style.css', 'site.js'], replaced: ['po'] });
  checkCompletion(tpl(`{% load static %}{% static po$0 %}`), { labels: [] });
});

test('python: a string relation target offers app_label.Model (abstract models left out)', () => {
  const more = (body: string) => withFile('/polls/more.py', body);
  checkCompletion(more(`from django.db import models\nclass Choice(models.Model):\n    q = models.ForeignKey("po$0", on_delete=models.CASCADE)\n`), { labels: ['polls.Question'], kind: 'model' });
  checkCompletion(more(`q = models.ManyToManyField(to="$0")\n`), { labels: ['polls.Question'] });
  checkCompletion(more(`q = models.CharField("$0")\n`), { labels: [] });
  checkCompletion(more(`q = models.ForeignKey("polls.Question", related_name="$0")\n`), { labels: [] });
});

test('checkCompletion fails on a wrong expectation', () => {
  const url = tpl(`{% url 'po$0' %}`);
  assert.throws(() => checkCompletion(url, { labels: ['about', 'polls:detail'] }), /the labels offered/);
  assert.throws(() => checkCompletion(url, { has: ['polls:list'] }), /"polls:list" is not offered/);
  assert.throws(() => checkCompletion(url, { lacks: ['about'] }), /"about" is offered/);
  assert.throws(() => checkCompletion(url, { replaced: ['p'] }), /the text replaced/);
  assert.throws(() => checkCompletion(url, { kind: 'template' }), /not of kind template/);
  assert.throws(() => checkCompletion(url, { items: { about: { detail: '/about' } } }), /detail of "about"/);
  assert.throws(() => checkCompletion(url, { items: { nope: {} } }), /"nope" is not offered/);
  assert.throws(() => checkCompletion(url, {}), /must expect something/);
});

// ---- Whole lists: test/golden/completion/<name>.md (UPDATE_GOLDEN=1 rewrites them, for a person to read) ----

/**
 * A view that renders polls/question.html with a Question and a number, and that template holding `body`; the engine
 * lists its context processors, so that the whole context is known (RequestContext adds csrf_token to any list).
 */
const withContext = (body: string) =>
  PROJECT.replace('"APP_DIRS": True}]', '"APP_DIRS": True, "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}]') +
  `//- /polls/question_views.py
from django.shortcuts import get_object_or_404, render
from .models import Question
def question(request, pk):
    q = get_object_or_404(Question, pk=pk)
    return render(request, "polls/question.html", {"question": q, "count": 3})
//- /polls/templates/polls/question.html
${body}
`;

/** withContext with a Question that has methods, a custom manager, an alters_data method and a reverse relation. */
const withModel = (body: string) =>
  withContext(body).replace(
    'class Question(models.Model):\n    text = models.CharField(max_length=200)\n',
    `class PublishedManager(models.Manager):
    pass
class Question(models.Model):
    text = models.CharField(max_length=200)
    published = PublishedManager()
    def summary(self):
        return self.text[:10]
    def shorten(self, length=20):
        return self.text[:length]
    def votes_for(self, choice):
        return 0
    @staticmethod
    def kinds():
        return []
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
    def archive(self):
        pass
    archive.alters_data = True
    @property
    def title(self):
        return self.text
class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
`,
  );

test('model attributes: what a template can read on an instance (Django 3.2-6.1 render each as noted)', () => {
  assert.ok(withModel('').includes('def votes_for'), 'the model took its methods');
  checkCompletion(withModel(`{{ question.$0 }}`), {
    has: ['text', 'summary', 'shorten', 'kinds', 'title', 'choice_set', 'pk', 'id', 'full_clean', 'DoesNotExist'],
    lacks: [
      // Managers raise AttributeError "Manager isn't accessible via Question instances": the render fails.
      'objects', 'published',
      // alters_data (Model's own, an override of one, and one the model marks): string_if_invalid.
      'save', 'delete', 'save_base', 'asave', 'adelete', 'archive',
      // Callables that need arguments: string_if_invalid.
      'votes_for', 'from_db', 'date_error_message', 'serializable_value', 'unique_error_message', 'prepare_database_save',
      // Never awaited: a coroutine's repr.
      'arefresh_from_db',
    ],
  });
});

test('csrf_token: RequestContext always adds it, even when the engine has no OPTIONS; never without a request', () => {
  // Django 3.2-6.1 with TEMPLATES = [{"BACKEND": ..., "DIRS": [], "APP_DIRS": False}]: {{ csrf_token }} renders a token with a request, nothing without.
  const project = (page: string, mail: string) =>
    withFile('/polls/page_views.py', `from django.shortcuts import render\nfrom django.template.loader import render_to_string\ndef page(request):\n    return render(request, "page.html", {"a": 1})\ndef mail():\n    return render_to_string("mail.html", {"b": 2})\n`) +
    `//- /templates/page.html\n${page}\n//- /templates/mail.html\n${mail}\n`;
  assert.ok(!project('', '').includes('OPTIONS'), 'the engine has no OPTIONS');
  checkCompletion(project(`{{ $0 }}`, ''), { labels: ['a', 'csrf_token'] });
  checkCompletion(project('', `{{ $0 }}`), { labels: ['b'] });
});

test('golden: URL names in {% url \'', () => {
  checkCompletion(tpl(`<a href="{% url '$0' %}">`), { golden: 'url-tag-names' });
});

test('golden: URL names in reverse(\'', () => {
  checkCompletion(py(`from django.urls import reverse\nx = reverse('$0')\n`), { golden: 'python-reverse-names' });
});

test('golden: template names in {% extends \' and in render(request, \'', () => {
  checkCompletion(tpl(`{% extends '$0' %}`), { golden: 'extends-template-names' });
  checkCompletion(py(`from django.shortcuts import render\ndef v(request):\n    return render(request, 'po$0')\n`), { golden: 'render-template-names' });
});

test('golden: libraries in {% load %}', () => {
  checkCompletion(tpl(`{% load $0 %}`), { golden: 'load-libraries' });
});

test('golden: tag names after {% , with a library loaded and a block open', () => {
  checkCompletion(tpl(`{% load poll_extras %}{% for x in y %}\n{% $0`), { golden: 'tag-names' });
});

test('golden: template context variables', () => {
  assert.ok(withContext('').includes('"OPTIONS"'), 'the settings took the context processors');
  checkCompletion(withContext(`{{ $0 }}`), { golden: 'context-variables' });
});

test('golden: model attributes after {{ question.', () => {
  checkCompletion(withModel(`{{ question.$0 }}`), { golden: 'model-attributes' });
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
