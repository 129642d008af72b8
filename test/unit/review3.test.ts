// Review 3: confirmed bugs in rename, quick fixes and New App, each kept as a regression test, checked against Django 3.2 in /tmp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace } from '../helpers/fixture';
import { rename } from '../../server/src/features/rename';
import type { TextEdit } from '../../server/src/features/rename';
import { newApp } from '../../server/src/features/new-app';
import { codeActions } from '../../server/src/features/code-actions';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';

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
`;

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** The project's files after a rename at the fixture's cursor (edits applied, files moved). */
function renamed(fixture: string, newName: string): Record<string, string> {
  const fx = fixtureWorkspace(fixture);
  const r = rename(fx.ws, fx.cursor.file, fx.cursor.offset, newName);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  const out: Record<string, string> = { ...fx.files };
  for (const f of Object.keys(out)) out[f] = apply(out[f], r.edits.filter((e) => e.file === f));
  for (const m of r.fileRenames ?? []) {
    out[m.to] = out[m.from];
    delete out[m.from];
  }
  return out;
}

// Fixed (found in review): template rename moves a file whose own {% include './x' %} is relative, so after the move it names a
// template that does not exist (Django 3.2: get_template("polls/index.html") -> TemplateDoesNotExist layouts/part.html).
// Fix in rename.ts renameTemplate: rewrite the moved file's relative extends/include (as absolute names, or re-relativised).
test('review3: renaming a template into another folder keeps its own relative includes working', () => {
  const out = renamed(
    PROJECT +
      `
//- /polls/templates/polls/index.html
{% extends "polls/ba$0se.html" %}
//- /polls/templates/polls/base.html
{% include './part.html' %}
//- /polls/templates/polls/part.html
part
`,
    'layouts/base.html',
  );
  const moved = out['/ws/polls/templates/layouts/base.html'];
  assert.ok(moved !== undefined);
  // Whatever spelling is used, the include must still name polls/part.html from layouts/base.html.
  assert.ok(/\{% include ["'](polls\/part\.html|\.\.\/polls\/part\.html)["'] %\}/.test(moved), moved);
});

// Fixed (found in review): URL rename misses RedirectView.as_view(pattern_name="...") (and the LOGIN_URL/LOGIN_REDIRECT_URL settings,
// which also take URL names), so the redirect raises NoReverseMatch after the rename (Django 3.2: GET /polls/old/ -> 500).
// Fix in core/python/refs.ts (a URL use for as_view(pattern_name=...)), which references/rename then follow.
test('review3: renaming a URL name also renames RedirectView pattern_name uses', () => {
  const out = renamed(
    PROJECT +
      `
//- /polls/urls.py
from django.urls import path
from django.views.generic import RedirectView
from . import views
app_name = "polls"
urlpatterns = [
    path("old/", RedirectView.as_view(pattern_name="polls:index")),
    path("", views.index, name="ind$0ex"),
]
//- /polls/views.py
def index(request):
    pass
`,
    'home',
  );
  assert.match(out['/ws/polls/urls.py'], /name="home"/);
  assert.match(out['/ws/polls/urls.py'], /pattern_name="polls:home"/);
});

// Fixed (found in review): two patterns share a URL name (reverse() picks by arguments). Renaming one renames every use of the name,
// including uses that only the other pattern can satisfy: {% url "polls:detail" pk=1 %} becomes "polls:show", which
// only the <slug> pattern now has (Django 3.2: NoReverseMatch "Reverse for 'show' with keyword arguments '{'pk': 1}'").
// Fix in rename.ts renameUrl: refuse when the name is shared (or rename only uses whose arguments fit the one pattern).
test('review3: renaming one of two patterns that share a name does not break uses meant for the other', () => {
  const fx = fixtureWorkspace(
    PROJECT +
      `
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/", views.detail, name="detail"),
]
//- /polls/views.py
from django.shortcuts import redirect
def detail(request, pk=None, slug=None):
    return redirect("polls:de$0tail", slug="x")
//- /polls/templates/polls/links.html
{% url "polls:detail" pk=1 %}
`,
  );
  const r = rename(fx.ws, fx.cursor.file, fx.cursor.offset, 'show');
  if ('error' in r) return; // Refusing is a correct answer.
  const links = '/ws/polls/templates/polls/links.html';
  assert.equal(apply(fx.files[links], r.edits.filter((e) => e.file === links)), '{% url "polls:detail" pk=1 %}\n');
});

// Fixed (found in review): New App appends after the last INSTALLED_APPS / urlpatterns item when a comment on that item's line holds
// a comma, taking the comment's comma for a trailing comma: settings get `"polls"  # polls, see docs\n    "blog",`
// (implicit concatenation: Django 3.2 "No module named 'pollsblog'") and urls.py gets two calls without a comma
// (SyntaxError). Fix in new-app.ts appendToList: look for the comma in code only, not in a comment.
test('review3: New App does not take a comma inside a comment for the trailing comma', () => {
  const fx = fixtureWorkspace(`
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "polls"  # polls, see docs
]
ROOT_URLCONF = "mysite.urls"
//- /mysite/urls.py
from django.urls import include, path
urlpatterns = [
    path("polls/", include("polls.urls"))  # polls, first
]
//- /polls/__init__.py
//- /polls/urls.py
urlpatterns = []
`);
  const r = newApp(fx.ws, fx.ws.projects[0], 'blog');
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  const after = (f: string) => apply(fx.files[f], r.edits.filter((e) => e.file === f));
  assert.match(after("/ws/mysite/settings.py"), /"polls",\s*(#[^\n]*)?\n\s*"blog",?\s*\n\]/);
  assert.doesNotMatch(after('/ws/mysite/settings.py'), /"polls"  # polls, see docs\n    "blog"/);
  assert.match(after('/ws/mysite/urls.py'), /include\("polls\.urls"\)\),\s*(#[^\n]*)?\n\s*path\("blog\/", include\("blog\.urls"\)\),?\s*\n\]/);
});

// Fixed (found in review): New App accepts 'opcode', a standard-library module missing from TAKEN_MODULES; with no interpreter the
// resolver cannot see the stdlib, so nothing refuses it. Django 3.2's startapp refuses it ("conflicts with the name
// of an existing Python module"), and the generated project fails to start (dis.py: cannot import name '__all__'
// from 'opcode'). Fix in new-app.ts: complete the list (sys.stdlib_module_names: opcode, posixpath, pydoc, ...).
test('review3: New App refuses a standard-library module name such as opcode', () => {
  const fx = fixtureWorkspace(PROJECT + '//- /polls/urls.py\nurlpatterns = []\n');
  const r = newApp(fx.ws, fx.ws.projects[0], 'opcode');
  assert.ok('error' in r, 'opcode was accepted');
});

// Fixed (found in review): New App accepts a name that is already a URL namespace (include(..., namespace="news")): its app_name and
// its "news/" route collide, Django 3.2 warns urls.W005 "URL namespace 'news' isn't unique", reverse("news:index")
// still gives the old app's URL and /news/ still reaches the old include, so the new app is unreachable.
// Fix in new-app.ts validateAppName (or a note): check project.urls namespaces and existing route prefixes.
test('review3: New App refuses (or warns about) a name that is already a URL namespace', () => {
  const fx = fixtureWorkspace(
    PROJECT.replace('urlpatterns = [path("polls/", include("polls.urls"))]', 'urlpatterns = [path("polls/", include("polls.urls")), path("news/", include("polls.urls", namespace="news"))]') +
      '//- /polls/urls.py\nfrom django.urls import path\nfrom django.views.generic import TemplateView\napp_name = "polls"\nurlpatterns = [path("", TemplateView.as_view(), name="index")]\n',
  );
  const r = newApp(fx.ws, fx.ws.projects[0], 'news');
  assert.ok('error' in r || r.notes.some((n) => /namespace/i.test(n)), JSON.stringify('error' in r ? r : r.notes));
});

// Fixed (found in review): template rename (and references) miss as_view(email_template_name=..., subject_template_name=...), the
// other template keywords of the auth views, so PasswordResetView renders a template that was moved away.
// Fix in core/python/refs.ts: read every `*template_name` keyword of as_view(), as class attributes already are.
test('review3: renaming a template updates as_view(email_template_name=...)', () => {
  const out = renamed(
    PROJECT.replace(
      'urlpatterns = [path("polls/", include("polls.urls"))]',
      'from django.contrib.auth import views as auth_views\nurlpatterns = [path("polls/", include("polls.urls")), path("reset/", auth_views.PasswordResetView.as_view(email_template_name="polls/email.txt"))]',
    ) +
      `
//- /polls/urls.py
urlpatterns = []
//- /polls/views.py
from django.template.loader import render_to_string
def index(request):
    return render_to_string("polls/em$0ail.txt")
//- /polls/templates/polls/email.txt
hi
`,
    'polls/mail.txt',
  );
  assert.match(out['/ws/mysite/urls.py'], /email_template_name="polls\/mail\.txt"/);
});

// Fixed (found in review): URL rename and references miss the LOGIN_URL / LOGIN_REDIRECT_URL / LOGOUT_REDIRECT_URL settings, which
// Django passes to resolve_url(); after renaming "polls:index", @login_required raises NoReverseMatch (Django 3.2:
// resolve_url re-raises for a value without "/" or "."). Fix in core/python/refs.ts (or references.ts): treat
// these settings' string values in the settings modules as URL uses.
test('review3: renaming a URL name also renames LOGIN_URL in settings', () => {
  const out = renamed(
    PROJECT.replace('ROOT_URLCONF = "mysite.urls"', 'ROOT_URLCONF = "mysite.urls"\nLOGIN_URL = "polls:index"') +
      `
//- /polls/urls.py
from django.urls import path
from . import views
app_name = "polls"
urlpatterns = [path("", views.index, name="ind$0ex")]
//- /polls/views.py
def index(request):
    pass
`,
    'home',
  );
  assert.match(out['/ws/mysite/settings.py'], /LOGIN_URL = "polls:home"/);
});

// Fixed (found in review): the "Change to" quick fix for a missing {% include %} in a Django template offers names that only a Jinja2
// engine has ('polls/j.html' from the Jinja2 DIRS): applying it leaves the template missing, since template tags
// load only through Django engines (uses.ts djangoOnly). Fix in code-actions.ts: filter the candidates to the
// engines the use searches (djangoEngines when use.djangoOnly), as lookupTemplate does for the diagnostic.
test('review3: "Change to" for a missing include does not suggest a template only the Jinja2 engine has', () => {
  const fx = fixtureWorkspace(`
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = []
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]},
  {"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [BASE_DIR / "jinja"]}]
//- /templates/home.html
{% include "polls/x.html" %}
//- /templates/polls/y.html
y
//- /jinja/polls/j.html
j
`);
  const file = '/ws/templates/home.html';
  const d = fileDiagnostics(fx.ws, fx.ws.projects[0], file);
  assert.deepEqual(d.map((x) => x.code), ['template-missing']);
  const titles = codeActions(fx.ws, file, d[0].span, d).map((a) => a.title).filter((t) => t.startsWith('Change to'));
  assert.deepEqual(titles, ["Change to 'polls/y.html'"]);
});
