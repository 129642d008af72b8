// Go-to-definition on small fixture projects: one case per kind of jump, plus the cases that must give nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition, fixtureWorkspace, parseFixture } from '../helpers/fixture';
import { definition } from '../../server/src/features/definition';

/** manage.py and settings of a project "site" with one app "polls"; `settings` adds lines to the settings module, `apps` replaces INSTALLED_APPS. */
function base(settings = '', apps = '["polls"]'): string {
  return `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
//- /site/__init__.py
//- /site/settings.py
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ${apps}
ROOT_URLCONF = "site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
}]
${settings}
//- /polls/__init__.py
`;
}

/** A root URLconf including polls.urls under the "polls" namespace (set by polls.urls' app_name). */
const ROOT_URLS = `
//- /site/urls.py
from django.urls import include, path
urlpatterns = [path("polls/", include("polls.urls"))]
`;

// ---- The fixture helper itself ---------------------------------------------------------------------

test('fixture: markers are stripped and offsets point into the stripped text', () => {
  const fx = parseFixture(`
    //- /a.py
    x = <|"a$0b"|>
    //- /env/b.html
    <||>hello <|world|>
  `);
  assert.deepEqual(Object.keys(fx.files), ['/ws/a.py', '/env/b.html']);
  assert.equal(fx.files['/ws/a.py'], 'x = "ab"\n');
  assert.equal(fx.files['/env/b.html'], 'hello world\n');
  assert.deepEqual(fx.cursor, { file: '/ws/a.py', offset: 6 });
  assert.deepEqual(fx.ranges, [
    { file: '/ws/a.py', span: { start: 4, end: 8 } },
    { file: '/env/b.html', span: { start: 0, end: 0 } },
    { file: '/env/b.html', span: { start: 6, end: 11 } },
  ]);
});

test('fixture: a wrong expectation makes checkDefinition fail', () => {
  assert.throws(() =>
    checkDefinition(`${base()}${ROOT_URLS}
      //- /polls/urls.py
      from django.urls import path
      from . import views
      app_name = "polls"
      urlpatterns = [path("", views.index, name="index")]
      //- /polls/views.py
      def <|other|>(request): pass
      def index(request): pass
      //- /templates/a.html
      {% url "polls:ind$0ex" %}
    `),
  );
});

// ---- URL names -------------------------------------------------------------------------------------

const POLLS_URLS = `
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [
    <|path("", views.index, name="index")|>,
    path("<int:pk>/", views.detail, name="detail"),
]
//- /polls/views.py
def index(request): pass
def detail(request, pk): pass
`;

test('url tag: a namespaced name jumps to the path() call', () => {
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS}
    //- /templates/home.html
    <a href="{% url 'polls:in$0dex' %}">x</a>
  `);
});

test('url tag: works with the cursor at the start and at the end of the name', () => {
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS}
    //- /templates/home.html
    {% url '$0polls:index' %}
  `);
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS}
    //- /templates/home.html
    {% url 'polls:index$0' %}
  `);
});

test('url tag: an instance namespace given to include() resolves through the application namespace', () => {
  checkDefinition(`${base()}${POLLS_URLS}
    //- /site/urls.py
    from django.urls import include, path
    urlpatterns = [path("a/", include("polls.urls", namespace="first"))]
    //- /templates/home.html
    {% url 'first:index$0' %}
  `);
});

// Django 3.2's URLResolver fills reverse_dict from reversed(url_patterns), so reverse() tries the last
// pattern of a name first (checked with the oracle: reverse_dict.getlist gives c/, b/, a/).
test('url tag: a name defined twice jumps to every pattern, in the order reverse() tries them (the last defined first)', () => {
  checkDefinition(`${base()}
    //- /site/urls.py
    from django.urls import path
    from polls import views
    urlpatterns = [
        <|2:path("a/", views.index, name="index")|>,
        <|1:path("b/<int:x>/", views.index, name="index")|>,
    ]
    //- /polls/views.py
    def index(request, x=0): pass
    //- /templates/home.html
    {% url 'in$0dex' %}
  `);
});

test('python: reverse(), reverse_lazy(), redirect() and resolve_url() jump to the pattern', () => {
  for (const call of ['reverse("polls:ind$0ex")', 'reverse_lazy("polls:ind$0ex")', 'redirect("polls:ind$0ex")', 'resolve_url("polls:ind$0ex")']) {
    checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS}
      //- /polls/helpers.py
      from django.urls import reverse, reverse_lazy
      from django.shortcuts import redirect, resolve_url
      def f():
          return ${call}
    `);
  }
});

test("python: a project's reverse() that forwards to Django's jumps to the pattern too", () => {
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS}
    //- /polls/urlresolvers.py
    from django.urls import reverse as django_reverse
    def reverse(viewname, urlconf=None, args=None, kwargs=None, locale=None):
        return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=kwargs)
    //- /polls/helpers.py
    from polls.urlresolvers import reverse
    def f():
        return reverse("polls:ind$0ex")
  `);
});

// ---- In a URLconf ----------------------------------------------------------------------------------

test('urlconf: a module attribute view jumps to its def', () => {
  checkDefinition(`${base()}${ROOT_URLS}
    //- /polls/urls.py
    from django.urls import path
    from . import views
    urlpatterns = [path("", views.ind$0ex, name="index")]
    //- /polls/views.py
    def <|index|>(request): pass
  `);
});

test('urlconf: an imported name view jumps to its def', () => {
  checkDefinition(`${base()}${ROOT_URLS}
    //- /polls/urls.py
    from django.urls import path
    from .views import index
    urlpatterns = [path("", in$0dex, name="index")]
    //- /polls/views.py
    def <|index|>(request): pass
  `);
});

test('urlconf: Class.as_view() jumps to the class', () => {
  checkDefinition(`${base()}${ROOT_URLS}
    //- /polls/urls.py
    from django.urls import path
    from . import views
    urlpatterns = [path("", views.Ind$0exView.as_view(), name="index")]
    //- /polls/views.py
    from django.views.generic import TemplateView
    class <|IndexView|>(TemplateView):
        pass
  `);
});

test('urlconf: the include() string jumps to the included URLconf', () => {
  checkDefinition(`${base()}
    //- /site/urls.py
    from django.urls import include, path
    urlpatterns = [path("polls/", include("polls.u$0rls"))]
    //- /polls/urls.py
    <||>from django.urls import path
    urlpatterns = []
  `);
});

// ---- Template names from Python --------------------------------------------------------------------

test('python: render() jumps to the template; a DIRS copy wins over the app copy and comes first', () => {
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.shortcuts import render
    def index(request):
        return render(request, "polls/ind$0ex.html")
    //- /templates/polls/index.html
    <||>override
    //- /polls/templates/polls/index.html
    <||>app copy
  `);
});

test('python: template_name on a class jumps to the template', () => {
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.views.generic import TemplateView
    class IndexView(TemplateView):
        template_name = "polls/$0index.html"
    //- /polls/templates/polls/index.html
    <||>hi
  `);
});

test('python: get_template(), select_template([...]) and TemplateResponse jump to the template under the cursor', () => {
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.template.loader import get_template
    t = get_template("a.ht$0ml")
    //- /templates/a.html
    <||>a
  `);
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.template.loader import select_template
    t = select_template(["a.html", "b.ht$0ml"])
    //- /templates/a.html
    a
    //- /templates/b.html
    <||>b
  `);
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.template.response import TemplateResponse
    def v(request):
        return TemplateResponse(request, "a.h$0tml", {})
    //- /templates/a.html
    <||>a
  `);
});

test('python: inclusion_tag("x.html") jumps to the template', () => {
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/poll_extras.py
    from django import template
    register = template.Library()
    @register.inclusion_tag("polls/ta$0g.html")
    def show(x):
        return {}
    //- /polls/templates/polls/tag.html
    <||>tag
  `);
});

const GENERIC_VIEW = `
//- /polls/models.py
from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=10)
//- /polls/views.py
from django.views.generic import DetailView
from .models import Question
EXTRA
class Question$0Detail(DetailView):
    model = Question
//- /polls/templates/polls/question_detail.html
<||>detail
`;

test('python: a generic view class without template_name jumps from its name to the default template (module also calling render)', () => {
  checkDefinition(`${base()}${GENERIC_VIEW.replace('EXTRA', 'from django.shortcuts import render')}`);
});

// FIXME: fails because of the engine. Workspace.pythonRefs only parses files matching REF_WORDS
// (core/python/refs.ts), which has no word a generic-view-only module contains (DetailView, ListView...),
// so refs.viewClasses is empty and genericViewTemplates finds nothing. REF_WORDS should also match "View".
test('python: a generic view class in a module with nothing else jumps to the default template', () => {
  checkDefinition(`${base()}${GENERIC_VIEW.replace('EXTRA', '')}`);
});

// ---- Template names, blocks, libraries, tags, static in templates ----------------------------------

test('template: extends and include jump to the template files', () => {
  checkDefinition(`${base()}
    //- /templates/base.html
    <||>base
    //- /templates/page.html
    {% extends "ba$0se.html" %}
  `);
  checkDefinition(`${base()}
    //- /templates/page.html
    {% include "part$0s/nav.html" %}
    //- /templates/parts/nav.html
    <||>nav
  `);
});

test('template: a relative name is resolved against the including template', () => {
  checkDefinition(`${base()}
    //- /templates/polls/page.html
    {% include "./n$0av.html" %}
    //- /templates/polls/nav.html
    <||>nav
    //- /templates/nav.html
    not this one
  `);
});

test('template: a block jumps to the nearest ancestor that defines it', () => {
  checkDefinition(`${base()}
    //- /templates/base.html
    {% block <|content|> %}{% endblock %}{% block title %}{% endblock %}
    //- /templates/middle.html
    {% extends "base.html" %}{% block title %}{% endblock %}
    //- /templates/page.html
    {% extends "middle.html" %}{% block cont$0ent %}x{% endblock %}
  `);
  checkDefinition(`${base()}
    //- /templates/base.html
    {% block title %}{% endblock %}
    //- /templates/middle.html
    {% extends "base.html" %}{% block <|title|> %}{% endblock %}
    //- /templates/page.html
    {% extends "middle.html" %}{% block title %}x{% endblock title$0 %}
  `);
});

test('template: a template extending its own name reaches the next file of that name (DIRS override of an app template)', () => {
  checkDefinition(`${base()}
    //- /templates/polls/base.html
    {% extends "polls/base.html" %}{% block ti$0tle %}override{% endblock %}
    //- /polls/templates/polls/base.html
    {% block <|title|> %}app{% endblock %}
  `);
});

test('template: extends of its own name jumps past the file itself to the copy Django loads', () => {
  checkDefinition(`${base()}
    //- /templates/polls/base.html
    {% extends "polls/ba$0se.html" %}
    //- /polls/templates/polls/base.html
    <||>app
  `);
});

const LIBRARY = `
//- /polls/templatetags/__init__.py
//- /polls/templatetags/poll_extras.py
<||>from django import template
register = template.Library()
@register.simple_tag
def <|shout|>(x):
    return x
@register.filter
def <|twice|>(x):
    return x + x
`;

test('template: {% load lib %} jumps to the library module', () => {
  checkDefinition(`${base()}${LIBRARY.replace(/<\|(shout|twice)\|>/g, '$1')}
    //- /templates/page.html
    {% load poll_ex$0tras %}
  `);
});

test('template: a custom tag and a custom filter jump to their functions', () => {
  checkDefinition(`${base()}${LIBRARY.replace('<||>', '').replace('<|twice|>', 'twice')}
    //- /templates/page.html
    {% load poll_extras %}{% sho$0ut "a" %}
  `);
  checkDefinition(`${base()}${LIBRARY.replace('<||>', '').replace('<|shout|>', 'shout')}
    //- /templates/page.html
    {% load poll_extras %}{{ x|twi$0ce }}
  `);
});

test('template: {% load name from lib %} jumps from the name to its function', () => {
  checkDefinition(`${base()}${LIBRARY.replace('<||>', '').replace('<|twice|>', 'twice')}
    //- /templates/page.html
    {% load sh$0out from poll_extras %}
  `);
});

test('template: a tag of a library the template does not load (or loads later) gives nothing', () => {
  const lib = LIBRARY.replace(/<\|\|>|<\||\|>/g, '');
  checkDefinition(`${base()}${lib}
    //- /templates/page.html
    {% sho$0ut "a" %}
  `);
  checkDefinition(`${base()}${lib}
    //- /templates/page.html
    {{ x|twi$0ce }}{% load poll_extras %}
  `);
});

test('template: a built-in tag or filter gives nothing (it has no file)', () => {
  checkDefinition(`${base()}
    //- /templates/page.html
    {% i$0f x %}{{ x|lo$0wer }}{% endif %}
  `.replace('{{ x|lo$0wer }}', '{{ x|lower }}'));
});

test('template: {% static %} jumps to the file in STATICFILES_DIRS, then in apps\' static folders', () => {
  checkDefinition(`${base('STATICFILES_DIRS = [BASE_DIR / "assets"]')}
    //- /templates/page.html
    {% load static %}<link href="{% static 'css/si$0te.css' %}">
    //- /assets/css/site.css
    <||>body {}
    //- /polls/static/css/site.css
    <||>body {}
  `);
});

test('template: a later {% load %} of a library defining the same tag wins', () => {
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/first.py
    from django import template
    register = template.Library()
    @register.simple_tag
    def shout(x):
        return x
    //- /polls/templatetags/second.py
    from django import template
    register = template.Library()
    @register.simple_tag
    def <|shout|>(x):
        return x
    //- /templates/page.html
    {% load first %}{% load second %}{% sh$0out "a" %}
  `);
});

test('template: a tag of an engine builtins library needs no {% load %}', () => {
  checkDefinition(`${base().replace('"APP_DIRS": True,', '"APP_DIRS": True, "OPTIONS": {"builtins": ["polls.templatetags.extras"]},')}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/extras.py
    from django import template
    register = template.Library()
    @register.filter
    def <|twice|>(x):
        return x + x
    //- /templates/page.html
    {{ x|twi$0ce }}
  `);
});

// Fixed (found in review): STATICFILES_DIRS ("prefix", dir) pairs: the prefix is part of the static path (Django 3.2:
// finders.find("vendor/x.js") -> assets/x.js, finders.find("x.js") -> None), but settings.ts drops it, so
// "vendor/x.js" finds nothing and "x.js" wrongly jumps to assets/x.js.
test('{% static %} honours the prefix of a ("prefix", dir) STATICFILES_DIRS entry', () => {
  checkDefinition(`${base('STATICFILES_DIRS = [("vendor", BASE_DIR / "assets")]')}
    //- /assets/x.js
    <||>x
    //- /templates/page.html
    {% load static %}{% static "vendor/x$0.js" %}
  `);
  checkDefinition(`${base('STATICFILES_DIRS = [("vendor", BASE_DIR / "assets")]')}
    //- /assets/x.js
    x
    //- /templates/page.html
    {% load static %}{% static "x$0.js" %}
  `);
});

// Fixed (found in review): a tag or filter registered by call (register.filter("dbl", twice), register.tag("xx", do_x)) jumps to
// the register call instead of the function that implements it.
test('a filter or tag registered by a register.filter/tag(name, func) call jumps to func', () => {
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/extras.py
    from django import template
    register = template.Library()
    def <|twice|>(x):
        return x + x
    register.filter("dbl", twice)
    //- /templates/page.html
    {% load extras %}{{ 1|db$0l }}
  `);
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/extras.py
    from django import template
    register = template.Library()
    def <|do_x|>(parser, token):
        pass
    register.tag("xx", do_x)
    //- /templates/page.html
    {% load extras %}{% x$0x %}
  `);
});

// ---- Models ----------------------------------------------------------------------------------------

const MODELS = `
//- /polls/models.py
from django.db import models
class <|Question|>(models.Model):
    text = models.CharField(max_length=10)
class Choice(models.Model):
    question = models.ForeignKey(TARGET, on_delete=models.CASCADE)
`;

test('models: "app.Model", "Model" and "self" relation strings jump to the model class', () => {
  checkDefinition(`${base()}${MODELS.replace('TARGET', '"polls.Que$0stion"')}`);
  checkDefinition(`${base()}${MODELS.replace('TARGET', '"Quest$0ion"')}`);
  checkDefinition(`${base()}${MODELS.replace('<|Question|>', 'Question').replace('class Choice', 'class <|Choice|>').replace('TARGET', '"se$0lf"')}`);
});

// ---- Into the environment --------------------------------------------------------------------------

test('environment: extends "admin/base.html" jumps into the installed Django admin', () => {
  checkDefinition(`${base().replace('INSTALLED_APPS = ["polls"]', 'INSTALLED_APPS = ["django.contrib.admin", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/contrib/__init__.py
    //- /env/django/contrib/admin/__init__.py
    //- /env/django/contrib/admin/templates/admin/base.html
    <||>{% block <|title|> %}{% endblock %}
    //- /templates/admin/page.html
    {% extends "admin/base.html" %}
  `.replace('{% extends "admin/base.html" %}', '{% extends "admin/ba$0se.html" %}').replace('<|title|>', 'title'));
  checkDefinition(`${base().replace('INSTALLED_APPS = ["polls"]', 'INSTALLED_APPS = ["django.contrib.admin", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/contrib/__init__.py
    //- /env/django/contrib/admin/__init__.py
    //- /env/django/contrib/admin/templates/admin/base.html
    {% block <|title|> %}{% endblock %}
    //- /templates/admin/page.html
    {% extends "admin/base.html" %}{% block ti$0tle %}x{% endblock %}
  `);
});

test('environment: from inside an environment template, extends and blocks jump within the environment', () => {
  const env = `
    //- /env/django/__init__.py
    //- /env/django/contrib/__init__.py
    //- /env/django/contrib/admin/__init__.py
    //- /env/django/contrib/admin/templates/admin/base.html
    <||>{% block <|content|> %}{% endblock %}
  `;
  const settings = base().replace('INSTALLED_APPS = ["polls"]', 'INSTALLED_APPS = ["django.contrib.admin", "polls"]');
  checkDefinition(`${settings}${env.replace('<|content|>', 'content')}
    //- /env/django/contrib/admin/templates/admin/change_list.html
    {% extends "admin/b$0ase.html" %}
  `);
  checkDefinition(`${settings}${env.replace('<||>', '')}
    //- /env/django/contrib/admin/templates/admin/change_list.html
    {% extends "admin/base.html" %}{% block con$0tent %}{% endblock %}
  `);
});

// Fixed (found in review): Django's own libraries (static, i18n, cache, l10n, tz) are placeholders with no file even when the
// environment holds django/templatetags/static.py, so {% load static %} never jumps (a contrib app's
// library such as humanize does).
test('{% load static %} jumps to django/templatetags/static.py in the environment', () => {
  checkDefinition(`${base('', '["django.contrib.staticfiles", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/templatetags/__init__.py
    //- /env/django/templatetags/static.py
    <||>from django import template
    register = template.Library()
    //- /templates/page.html
    {% load sta$0tic %}
  `);
});

// Fixed (found in review): relation strings resolve only against the project's own models, so ForeignKey("auth.User") (the most
// common one) gives nothing even when the environment holds django/contrib/auth/models.py.
test('ForeignKey("auth.User") jumps to the User class in the environment', () => {
  checkDefinition(`${base('', '["django.contrib.auth", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/contrib/__init__.py
    //- /env/django/contrib/auth/__init__.py
    //- /env/django/contrib/auth/models.py
    from django.db import models
    class <|User|>(models.Model):
        pass
    //- /polls/models.py
    from django.db import models
    class Choice(models.Model):
        u = models.ForeignKey("auth.Us$0er", on_delete=models.CASCADE)
  `);
});

// ---- Nothing to jump to ----------------------------------------------------------------------------

test('negative: the cursor on whitespace or plain text gives nothing', () => {
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS.replace(/<\||\|>/g, '')}
    //- /templates/home.html
    <p> $0 </p>{% url 'polls:index' %}
  `);
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS.replace(/<\||\|>/g, '')}
    //- /templates/home.html
    {% url  $0 'polls:index' %}
  `);
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS.replace(/<\||\|>/g, '')}
    //- /polls/helpers.py
    from django.urls import reverse
    $0
    x = reverse("polls:index")
  `);
});

test('negative: unknown URL names, templates and libraries give nothing', () => {
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS.replace(/<\||\|>/g, '')}
    //- /templates/home.html
    {% url 'polls:nope$0' %}
  `);
  checkDefinition(`${base()}${ROOT_URLS}${POLLS_URLS.replace(/<\||\|>/g, '')}
    //- /templates/home.html
    {% url 'other:index$0' %}
  `);
  checkDefinition(`${base()}
    //- /polls/views.py
    from django.shortcuts import render
    def index(request):
        return render(request, "polls/miss$0ing.html")
  `);
  checkDefinition(`${base()}
    //- /templates/page.html
    {% load no_such_li$0b %}
  `);
});

test('negative: a string that is not a reference gives nothing, even if it names a template', () => {
  checkDefinition(`${base()}
    //- /polls/views.py
    NAME = "a.ht$0ml"
    //- /templates/a.html
    a
  `);
});

test('definition never throws: files outside any project, missing files, offsets out of range', () => {
  const { ws } = fixtureWorkspace(`${base()}
    //- /templates/page.html
    {% url 'x' %}
  `);
  assert.deepEqual(definition(ws, '/elsewhere/x.py', 3), []);
  assert.deepEqual(definition(ws, '/ws/templates/missing.html', 0), []);
  assert.deepEqual(definition(ws, '/ws/templates/page.html', 10_000), []);
  assert.deepEqual(definition(ws, '/ws/templates/page.html', -5), []);
});
