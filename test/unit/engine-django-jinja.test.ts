// django-jinja's template backend in the template index: its app folder, its name test (match_extension, match_regex), and its gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition, fixtureWorkspace } from '../helpers/fixture';
import { notUnderstood } from '../../server/src/features/understanding';
import { diagnose, projectOfFiles } from '../helpers/engine';
import { lookupTemplate } from '../../server/src/core/templates/index';

/** A project with one app `x`, a django-jinja engine with `options` (a Python dict literal, or none) and then Django's engine. */
function settings(options: string | undefined, backend = 'django_jinja.backend.Jinja2'): string {
  return `from pathlib import Path
import os
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["x"]
TEMPLATES = [
    {"BACKEND": "${backend}", "DIRS": [BASE_DIR / "dist"], "APP_DIRS": True${options === undefined ? '' : `, "OPTIONS": ${options}`}},
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "dist"], "APP_DIRS": True},
]
`;
}

function project(options: string | undefined, files: Record<string, string>, backend?: string) {
  return projectOfFiles({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    'site/__init__.py': '',
    'site/settings.py': settings(options, backend),
    'x/__init__.py': '',
    ...files,
  });
}

const KITSUNE = '{"app_dirname": "jinja2", "match_extension": ""}';

/** The verdict of a lookup, with the files found relative to /ws. */
function lookup(p: ReturnType<typeof project>, name: string): string {
  const r = lookupTemplate(p.templates, name);
  return r.kind === 'found' ? 'found ' + r.files.map((f) => `${f.file.slice(4)}@${f.engine}`).join(' ') : r.kind;
}

test('django-jinja with app_dirname "jinja2" and match_extension "": render() jumps to the app\'s jinja2/ template', () => {
  checkDefinition(`
    //- /manage.py
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
    //- /site/__init__.py
    //- /site/settings.py
    ${settings(KITSUNE).replace(/\n/g, '\n    ')}
    //- /x/__init__.py
    //- /x/views.py
    from django.shortcuts import render
    def page(request):
        return render(request, "x/pa$0ge.html")
    //- /x/jinja2/x/page.html
    <||>{{ title }}
  `);
});

test('django-jinja: the engine is a Jinja2 engine, whose app folder and DIRS come first', () => {
  const p = project(KITSUNE, { 'x/jinja2/x/page.html': 'j', 'x/templates/x/page.html': 'd', 'dist/x/built.html': 'b' });
  assert.deepEqual(p.settings?.engines.map((e) => [e.kind, e.appSubdir, e.complete]), [['jinja2', 'jinja2', true], ['django', 'templates', true]]);
  assert.equal(lookup(p, 'x/page.html'), 'found x/jinja2/x/page.html@0 x/templates/x/page.html@1');
  assert.equal(lookup(p, 'x/built.html'), 'found dist/x/built.html@0 dist/x/built.html@1');
  assert.equal(lookup(p, 'x/nope.html'), 'missing');
});

test('django-jinja: a name in no engine\'s folders is template-missing when every inventory is complete', () => {
  const files = {
    'x/views.py': 'from django.shortcuts import render\ndef page(request):\n    return render(request, "x/nope.html")\n',
    'x/jinja2/x/page.html': 'j',
  };
  const run = (options: string) =>
    diagnose(
      Object.fromEntries(
        Object.entries({ 'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n', 'site/__init__.py': '', 'site/settings.py': settings(options), 'x/__init__.py': '', ...files }).map(([k, v]) => ['/ws/' + k, v]),
      ),
      'x/views.py',
    ).map((d) => `${d.code} ${d.text}`);
  assert.deepEqual(run(KITSUNE), ['template-missing x/nope.html']);
  // A loader of its own makes the engine's inventory unknown for every name it tries: no verdict of absence.
  assert.deepEqual(run('{"app_dirname": "jinja2", "match_extension": "", "loader": "my.Loader"}'), []);
  // ...but a name its extension test rejects never reaches it.
  assert.deepEqual(run('{"app_dirname": "jinja2", "loader": "my.Loader"}'), ['template-missing x/nope.html']);
});

test('django-jinja: the default match_extension ".jinja" leaves other names to the next engine; app_dirname defaults to "templates"', () => {
  const p = project('{"app_dirname": "jinja2"}', { 'x/jinja2/x/page.html': 'j', 'x/jinja2/x/page.jinja': 'j', 'x/templates/x/page.html': 'd' });
  assert.equal(lookup(p, 'x/page.html'), 'found x/templates/x/page.html@1');
  assert.equal(lookup(p, 'x/page.jinja'), 'found x/jinja2/x/page.jinja@0');
  const q = project(undefined, { 'x/jinja2/x/page.jinja': 'j', 'x/templates/x/other.jinja': 'j' }, 'django_jinja.jinja2.Jinja2');
  assert.equal(q.settings?.engines[0].appSubdir, 'templates');
  assert.equal(lookup(q, 'x/other.jinja'), 'found x/templates/x/other.jinja@0 x/templates/x/other.jinja@1');
  assert.equal(lookup(q, 'x/page.jinja'), 'missing');
});

test('django-jinja: match_regex is applied as re.match, anchored at the start only', () => {
  const p = project('{"app_dirname": "jinja2", "match_extension": "", "match_regex": r"x/p"}', { 'x/jinja2/x/page.html': 'j', 'x/jinja2/x/zpage.html': 'j', 'x/templates/x/zpage.html': 'd' });
  assert.equal(lookup(p, 'x/page.html'), 'found x/jinja2/x/page.html@0');
  assert.equal(lookup(p, 'x/zpage.html'), 'found x/templates/x/zpage.html@1');
  const q = project('{"app_dirname": "jinja2", "match_extension": "", "match_regex": "page"}', { 'x/jinja2/x/page.html': 'j' });
  assert.equal(lookup(q, 'x/page.html'), 'missing');
});

test('django-jinja: a match_regex that cannot be read keeps the names it may try undecided', () => {
  const p = project('{"app_dirname": "jinja2", "match_extension": ".html", "match_regex": os.environ["PATTERN"]}', { 'x/jinja2/x/page.html': 'j' });
  assert.equal(lookup(p, 'x/page.html'), 'found x/jinja2/x/page.html@0');
  const r = lookupTemplate(p.templates, 'x/nope.html');
  assert.equal(r.kind, 'unknown');
  assert.match(r.kind === 'unknown' ? r.why : '', /match_regex/);
  // The extension is known, so names without it are decided.
  assert.equal(lookup(p, 'x/nope.txt'), 'missing');
});

test('django-jinja: what is not understood of its name test is said, scoped to the names it may try', () => {
  const fx = fixtureWorkspace(`
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
//- /site/__init__.py
//- /site/settings.py
${settings('{"match_regex": os.environ["PATTERN"]}')}
//- /x/__init__.py
`);
  const notes = notUnderstood(fx.ws, fx.ws.projects[0]).filter((n) => n.startsWith('templates:'));
  assert.deepEqual(notes, [
    'templates: OPTIONS match_regex could not be evaluated (engine django_jinja.backend.Jinja2), so which names it tries is not known (names that engine may try are not checked)',
  ]);
});

test('django-jinja: its templates are Jinja2, not checked as Django templates', () => {
  const p = project(KITSUNE, { 'x/jinja2/x/page.html': '{% load nosuchlib %}{{ url("nope") }}{% include "x/gone.html" %}' });
  assert.equal(p.settings?.engines[0].kind, 'jinja2');
  const found = diagnose(
    {
      '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      '/ws/site/__init__.py': '',
      '/ws/site/settings.py': settings(KITSUNE),
      '/ws/x/__init__.py': '',
      '/ws/x/jinja2/x/page.html': '{% load nosuchlib %}{{ url("nope") }}{% include "x/gone.html" %}',
    },
    'x/jinja2/x/page.html',
  );
  assert.deepEqual(found, []);
});
