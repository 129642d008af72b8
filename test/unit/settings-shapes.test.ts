// Settings as real projects write them (issue 10, item 3): class-based settings, environment readers, values that stay partly known.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MemoryFileSystem } from '../../server/src/core/fs';
import { Evaluator } from '../../server/src/core/python/evaluate';
import { ModuleResolver, ParseCache } from '../../server/src/core/python/modules';
import { readSettings } from '../../server/src/core/project/settings';
import { Workspace } from '../../server/src/core/workspace';
import { checkHover, fixtureWorkspace, trimIndent } from '../helpers/fixture';
import { projectOfFiles } from '../helpers/engine';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { referenceVerdicts } from '../../server/src/features/coverage';

/** Reads the settings module of an in-memory tree under /ws, as the project model would. */
function settingsOf(files: Record<string, string>, module: string, configuration?: string) {
  const mem = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => ['/ws/' + k, trimIndent(v)])));
  const ev = new Evaluator(new ParseCache(mem), new ModuleResolver(mem, ['/ws'], []));
  const s = readSettings(ev, module, '/ws', configuration);
  assert.ok(s, `settings ${module} not read`);
  return s;
}


const MANAGE = (conf?: string) => `
  import os, sys
  if __name__ == "__main__":
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
      ${conf ? `os.environ.setdefault("DJANGO_CONFIGURATION", "${conf}")` : 'pass'}
      from django.core.management import execute_from_command_line
      execute_from_command_line(sys.argv)
`;

// ------------------------------------------------------------------------------------------------ django-configurations

const CONFIGURATIONS = {
  'proj/__init__.py': '',
  'proj/mixins.py': `
    class TemplatesMixin:
        TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["/ws/mixin_templates"], "APP_DIRS": True}]
  `,
  'proj/settings.py': `
    import os
    from configurations import Configuration, values
    from .mixins import TemplatesMixin

    BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    class Base(Configuration):
        DEBUG = values.BooleanValue(False)
        ROOT_URLCONF = values.Value("proj.urls")
        LANGUAGE_CODE = "fr"
        INSTALLED_APPS = [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "shop",
        ]
        TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [os.path.join(BASE_DIR, "templates")], "APP_DIRS": True}]
        API_VERSION = "v1"

    class Dev(TemplatesMixin, Base):
        DEBUG = True
        STATICFILES_DIRS = [os.path.join(BASE_DIR, "static")]

        def __init__(self):
            super().__init__()
            self.INSTALLED_APPS += ["debug_toolbar"]

    class Prod(Base):
        ROOT_URLCONF = "proj.prod_urls"

        @property
        def INSTALLED_APPS(self):
            return Base.INSTALLED_APPS + ["storages"]
  `,
};

test('django-configurations: the class named by manage.py, its MRO, values.*Value defaults and __init__ edits', () => {
  const p = projectOfFiles({ ...CONFIGURATIONS, 'manage.py': MANAGE('Dev') });
  const s = p.settings!;
  assert.equal(s.configuration, 'Dev');
  assert.deepEqual(s.installedApps, ['django.contrib.auth', 'django.contrib.contenttypes', 'shop', 'debug_toolbar']);
  assert.equal(s.installedAppsComplete, true);
  assert.equal(s.rootUrlconf, 'proj.urls');
  assert.equal(s.languageCode, 'fr');
  // TemplatesMixin comes before Base in Dev's MRO, so its TEMPLATES win.
  assert.deepEqual(s.engines.map((e) => e.dirs), [['/ws/mixin_templates']]);
  assert.equal(s.enginesComplete && s.engines[0].complete, true);
  assert.deepEqual(s.staticfilesDirs, [{ dir: '/ws/static', prefix: undefined }]);
});

test('django-configurations: a configuration name given by the caller wins over manage.py; properties are called', () => {
  const s = settingsOf({ ...CONFIGURATIONS, 'manage.py': MANAGE('Dev') }, 'proj.settings', 'Prod');
  assert.equal(s.configuration, 'Prod');
  assert.equal(s.rootUrlconf, 'proj.prod_urls');
  assert.deepEqual(s.installedApps, ['django.contrib.auth', 'django.contrib.contenttypes', 'shop', 'storages']);
  assert.deepEqual(s.engines.map((e) => e.dirs), [['/ws/templates']]);
});

test('django-configurations: a base class we cannot read makes the settings it may define unknown, not absent', () => {
  const s = settingsOf(
    {
      'manage.py': MANAGE('Dev'),
      'proj/__init__.py': '',
      'proj/settings.py': `
        from configurations import Configuration
        from somepackage.mixins import AppsMixin

        class Dev(AppsMixin, Configuration):
            ROOT_URLCONF = "proj.urls"
      `,
    },
    'proj.settings',
  );
  assert.equal(s.rootUrlconf, 'proj.urls');
  assert.deepEqual(s.installedApps, []);
  assert.equal(s.installedAppsComplete, false);
  assert.equal(s.enginesComplete, false);
});

test('django-configurations: without DJANGO_CONFIGURATION, several classes and no development one leave the settings unknown', () => {
  const s = settingsOf(
    {
      'manage.py': MANAGE(),
      'proj/__init__.py': '',
      'proj/settings.py': `
        from configurations import Configuration
        class Staging(Configuration):
            INSTALLED_APPS = ["a"]
        class Production(Configuration):
            INSTALLED_APPS = ["b"]
      `,
    },
    'proj.settings',
  );
  assert.equal(s.configuration, undefined);
  assert.match(s.configurationWhy ?? '', /several configuration classes/);
  assert.equal(s.installedAppsComplete, false);
});

test('a helper that copies a class\'s attributes into the module makes them settings', () => {
  const s = settingsOf(
    {
      'proj/__init__.py': '',
      'proj/settings.py': `
        class Common:
            INSTALLED_APPS = ["a", "b"]
            ROOT_URLCONF = "proj.urls"

        class Local(Common):
            INSTALLED_APPS = Common.INSTALLED_APPS + ["c"]

        def export(cls):
            for name in dir(cls):
                if name.isupper():
                    globals()[name] = getattr(cls, name)

        export(Local)
      `,
    },
    'proj.settings',
  );
  assert.deepEqual(s.installedApps, ['a', 'b', 'c']);
  assert.equal(s.installedAppsComplete, true);
  assert.equal(s.rootUrlconf, 'proj.urls');
  const g = settingsOf({ 'proj/__init__.py': '', 'proj/settings.py': 'class S:\n    INSTALLED_APPS = ["x"]\nglobals().update(vars(S))\n' }, 'proj.settings');
  assert.deepEqual(g.installedApps, ['x']);
});

// ------------------------------------------------------------------------------------------------ environment readers

test('django-environ: env(), env.bool/str/list with defaults; values read from the environment never decide a branch', () => {
  const s = settingsOf(
    {
      'proj/__init__.py': '',
      'proj/settings.py': `
        import environ
        env = environ.Env()
        DEBUG = env.bool("DJANGO_DEBUG", False)
        ROOT_URLCONF = env("DJANGO_URLCONF", default="proj.urls")
        LANGUAGE_CODE = env.str("LANG_CODE", "de")
        INSTALLED_APPS = ["django.contrib.auth", "shop"]
        if DEBUG:
            INSTALLED_APPS += ["debug_toolbar"]
        else:
            INSTALLED_APPS += ["whitenoise"]
        STATICFILES_DIRS = env.list("STATIC_DIRS", default=["/ws/static"])
      `,
    },
    'proj.settings',
  );
  assert.equal(s.rootUrlconf, 'proj.urls');
  assert.equal(s.languageCode, 'de');
  // DEBUG may be anything at run time, so both branches' apps may be installed.
  assert.deepEqual(s.installedApps, ['django.contrib.auth', 'shop', 'debug_toolbar', 'whitenoise']);
  assert.equal(s.installedAppsComplete, true);
  // A list from the environment may hold other folders than its default.
  assert.deepEqual(s.staticfilesDirs, [{ dir: '/ws/static', prefix: undefined }]);
  assert.equal(s.staticfilesDirsComplete, false);
});

test('python-decouple and os.environ: config() defaults with casts, Csv(), getenv, "{}".format()', () => {
  const s = settingsOf(
    {
      'proj/__init__.py': '',
      'proj/settings.py': `
        import os
        from decouple import Csv, config
        PROJECT = "proj"
        DEBUG = config("DEBUG", default="false", cast=bool)
        EXTRA_APPS = config("EXTRA_APPS", default="blog, wiki", cast=Csv())
        INSTALLED_APPS = ["django.contrib.auth"] + EXTRA_APPS
        ROOT_URLCONF = "{}.urls".format(PROJECT)
        LANGUAGE_CODE = os.getenv("LANG_CODE", "nl")
        if not DEBUG:
            INSTALLED_APPS.append("prod_only")
      `,
    },
    'proj.settings',
  );
  assert.equal(s.rootUrlconf, 'proj.urls');
  assert.equal(s.languageCode, 'nl');
  assert.deepEqual(s.installedApps, ['django.contrib.auth', 'blog', 'wiki', 'prod_only']);
  // EXTRA_APPS comes from the environment: these apps, maybe more.
  assert.equal(s.installedAppsComplete, false);
});

test('getattr(obj, "X", default): a workspace class without the attribute gives the default, a module we cannot see leaves the list open', () => {
  const s = settingsOf(
    {
      'proj/__init__.py': '',
      'proj/settings.py': `
        class Extra:
            LOCAL_APPS = ["local"]
        INSTALLED_APPS = ["a"] + getattr(Extra, "LOCAL_APPS", []) + getattr(Extra, "MORE_APPS", ["more"])
        try:
            import local_settings
        except ImportError:
            local_settings = None
        INSTALLED_APPS += getattr(local_settings, "EXTRA_APPS", [])
      `,
    },
    'proj.settings',
  );
  assert.deepEqual(s.installedApps, ['a', 'local', 'more']);
  assert.equal(s.installedAppsComplete, false);
});

test('an INSTALLED_APPS edited in a loop over an unknown list keeps its known apps, and the loop variable is unknown', () => {
  const s = settingsOf(
    {
      'proj/__init__.py': '',
      'proj/settings.py': `
        from plugins import discover
        app = "stale"
        INSTALLED_APPS = ["django.contrib.auth", "shop"]
        for app in discover():
            INSTALLED_APPS.append(app)
      `,
    },
    'proj.settings',
  );
  assert.deepEqual(s.installedApps, ['django.contrib.auth', 'shop']);
  assert.equal(s.installedAppsComplete, false);
});

test('a TEMPLATES DIRS with one unknown entry still searches the known folder and every app folder', () => {
  const p = projectOfFiles({
    'manage.py': MANAGE(),
    'proj/__init__.py': '',
    'proj/settings.py': `
      import os
      from somewhere import theme_dir
      BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
      INSTALLED_APPS = ["shop"]
      ROOT_URLCONF = "proj.urls"
      TEMPLATES = [{
          "BACKEND": "django.template.backends.django.DjangoTemplates",
          "DIRS": [theme_dir(), os.path.join(BASE_DIR, "templates")],
          "APP_DIRS": True,
      }]
    `,
    'proj/urls.py': 'urlpatterns = []\n',
    'shop/__init__.py': '',
    'shop/templates/shop/list.html': 'x',
    'templates/base.html': 'x',
  });
  assert.deepEqual(p.settings!.engines[0].dirs, ['/ws/templates']);
  assert.equal(p.templates.complete, false);
  assert.ok(p.templates.byName.has('base.html'));
  assert.ok(p.templates.byName.has('shop/list.html'));
});

// ------------------------------------------------------------------------------------------------ settings left unset

/** A settings module `proj.settings` that never names TEMPLATES, plus other files. */
function unsetTemplates(settings: string, more: Record<string, string> = {}) {
  return settingsOf({ 'proj/__init__.py': '', 'proj/settings.py': `INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "proj.urls"\n${trimIndent(settings)}`, ...more }, 'proj.settings');
}

test('TEMPLATES never set: Django\'s default, no engine, when every module that reaches the settings was read', () => {
  // Django 3.2-6.1, settings.configure() without TEMPLATES: settings.TEMPLATES == [] and engines.all() == [].
  const plain = unsetTemplates('# TEMPLATES = [...] is left for later\nDEBUG = True\n');
  assert.equal(plain.templatesUnset, true);
  assert.equal(plain.enginesComplete, true);
  assert.deepEqual(plain.engines, []);
  assert.match(plain.enginesWhy ?? '', /^TEMPLATES is not set in proj\.settings: Django's default has no template engine/);
  // A star import of a module we read whole that does not set it, however deep, is no obstacle.
  const star = unsetTemplates('from .base import *\n', { 'proj/base.py': 'from .common import *\nDEBUG = False\n', 'proj/common.py': 'SECRET_KEY = "x"\n' });
  assert.equal(star.templatesUnset, true);
  // django-configurations: Configuration brings Django's defaults; a readable MRO without TEMPLATES leaves the default.
  const conf = settingsOf(
    {
      'manage.py': MANAGE('Dev'),
      'proj/__init__.py': '',
      'proj/base.py': 'from configurations import Configuration\nclass Base(Configuration):\n    INSTALLED_APPS = ["shop"]\n',
      'proj/settings.py': 'from .base import Base\nclass Dev(Base):\n    DEBUG = True\n',
    },
    'proj.settings',
  );
  assert.equal(conf.configuration, 'Dev');
  assert.equal(conf.templatesUnset, true);
});

test('TEMPLATES never set but possibly set where we cannot see: unknown, with the reason', () => {
  const unknown = (settings: string, more: Record<string, string> = {}, why?: RegExp) => {
    const s = unsetTemplates(settings, more);
    assert.equal(s.templatesUnset, false, settings);
    assert.equal(s.enginesComplete, false, settings);
    if (why) assert.match(s.enginesWhy ?? '', why, settings);
  };
  unknown('try:\n    from .local import *\nexcept ImportError:\n    pass\n', {}, /from \.local import \* in proj\.settings could not be read/);
  unknown('from .base import *\n', { 'proj/base.py': 'from .missing import *\n' }, /from \.missing import \* in proj\.base could not be read/);
  unknown('from .base import *\n', { 'proj/base.py': 'import json\nglobals().update(json.load(open("conf.json")))\n' }, /proj\.base uses globals\(\)/);
  unknown('NAME = "TEMPL" + "ATES"\nglobals()[NAME] = []\n', {}, /globals\(\)/);
  unknown('vars()["X"] = 1\n', {}, /vars\(\)/);
  unknown('import django_heroku\ndjango_heroku.settings(locals())\n', {}, /locals\(\)/);
  unknown('exec(open("/etc/site_settings.py").read())\n', {}, /exec\(\)/);
  unknown('import sys\nsetattr(sys.modules[__name__], "X", [])\n', {}, /setattr\(\)/);
  unknown('from split_settings.tools import include\ninclude("components/*.py")\n', {}, /django-split-settings/);
  unknown('def load():\n    global TEMPLATES\n    TEMPLATES = [weird()]\nload()\n', {}, /names TEMPLATES/);
  unknown('__all__ = ["TEMPLATES"]\n');
  unknown('x = [\n', {}, /syntax error/);
  // A configuration class whose base we cannot read may define it (Django's default only with a readable MRO).
  const conf = settingsOf(
    { 'manage.py': MANAGE('Dev'), 'proj/__init__.py': '', 'proj/settings.py': 'from configurations import Configuration\nfrom somepackage import Mixin\nclass Dev(Mixin, Configuration):\n    DEBUG = True\n' },
    'proj.settings',
  );
  assert.equal(conf.templatesUnset, false);
  assert.equal(conf.enginesComplete, false);
});

test('settings.configure() without TEMPLATES: Django\'s default, unless it is given settings we cannot see', () => {
  const settingsOfCall = (call: string) => {
    const runtests = `import django\nfrom django.conf import settings\n\nfrom shop import defaults\n\nDEFAULTS = {"DEBUG": True}\n\n\ndef setup():\n    settings.configure(${call})\n    django.setup()\n`;
    const ws = new Workspace(new MemoryFileSystem({ '/ws/runtests.py': runtests, '/ws/shop/__init__.py': '', '/ws/shop/defaults.py': 'DEBUG = True\\n' }), '/ws', { envPaths: [], extraTemplateDirs: [] });
    ws.index();
    assert.equal(ws.projects.length, 1);
    assert.equal(ws.projects[0].candidate.kind, 'configure');
    return ws.projects[0].settings!;
  };
  const plain = settingsOfCall('INSTALLED_APPS=["shop"], ROOT_URLCONF="shop.urls"');
  assert.deepEqual(plain.installedApps, ['shop']);
  assert.equal(plain.templatesUnset, true);
  // **kwargs and default_settings (a module whose settings fill the gaps, as global_settings does) may hold TEMPLATES.
  for (const call of ['INSTALLED_APPS=["shop"], **DEFAULTS', 'default_settings=defaults, INSTALLED_APPS=["shop"]']) {
    const s = settingsOfCall(call);
    assert.deepEqual(s.installedApps, ['shop'], call);
    assert.equal(s.templatesUnset, false, call);
    assert.equal(s.enginesComplete, false, call);
    assert.match(s.enginesWhy ?? '', /settings\.configure\(\) in runtests is given settings that cannot be read/, call);
  }
});

test('TEMPLATES never set: no template name is reported missing, and coverage and hover say why', () => {
  // Django 3.2-6.1 with no TEMPLATES: render(), get_template(), TemplateResponse and TemplateView raise
  // TemplateDoesNotExist for every name (there is no engine to ask); one diagnostic per render() would only repeat that.
  const text = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
//- /proj/__init__.py
//- /proj/settings.py
INSTALLED_APPS = ["shop"]
ROOT_URLCONF = "proj.urls"
//- /proj/urls.py
urlpatterns = []
//- /shop/__init__.py
//- /shop/views.py
from django.shortcuts import render
def page(request):
    return render(request, "shop/p$0age.html")
//- /shop/templates/shop/page.html
hello
`;
  const fx = fixtureWorkspace(text);
  const file = '/ws/shop/views.py';
  const p = fx.ws.projectFor(file)!;
  assert.equal(p.settings!.templatesUnset, true);
  assert.deepEqual(fileDiagnostics(fx.ws, p, file).map((d) => d.code), []);
  const [v] = referenceVerdicts(fx.ws, p, file);
  assert.equal(v.verdict, 'undecided');
  assert.match(v.why ?? '', /^TEMPLATES is not set in proj\.settings: Django's default has no template engine/);
  checkHover(text, { has: ["TEMPLATES is not set in proj.settings: Django's default has no template engine"], lacks: ['it may still exist'] });
});

// ------------------------------------------------------------------------------------------------ engine OPTIONS

test('an engine without OPTIONS, or OPTIONS without context_processors, has Django\'s default: no processors; an unreadable one is unknown', () => {
  // Django 3.2-6.1: with no OPTIONS, OPTIONS={} or OPTIONS={"libraries": {}}, Engine.context_processors == [] and
  // template_context_processors is only django.template.context_processors.csrf (RequestContext's builtin).
  const processors = (engine: string, before = '') =>
    unsetTemplates(`${before}TEMPLATES = [${engine}]\n`).engines[0]?.contextProcessors;
  const DT = '"BACKEND": "django.template.backends.django.DjangoTemplates"';
  assert.deepEqual(processors(`{${DT}, "DIRS": [], "APP_DIRS": True}`), []);
  assert.deepEqual(processors(`{${DT}, "APP_DIRS": True, "OPTIONS": {"libraries": {}}}`), []);
  assert.deepEqual(processors(`{${DT}, "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}`), ['django.template.context_processors.request']);
  // What we cannot read may hold the key.
  assert.equal(processors(`{${DT}, "OPTIONS": engine_options()}`, 'from somewhere import engine_options\n'), undefined);
  assert.equal(processors(`{${DT}, **EXTRA}`, 'from somewhere import EXTRA\n'), undefined);
  assert.equal(processors(`{${DT}, "OPTIONS": {"debug": True, **EXTRA}}`, 'from somewhere import EXTRA\n'), undefined);
  assert.equal(processors(`{${DT}, "OPTIONS": {"context_processors": ["a.b"] + EXTRA}}`, 'from somewhere import EXTRA\n'), undefined);
  // OPTIONS added after the literal, by setdefault: the processors it is given are not Django's default.
  const set = unsetTemplates(`TEMPLATES = [{${DT}, "APP_DIRS": True}]\nTEMPLATES[0].setdefault("OPTIONS", {})["context_processors"] = ["django.template.context_processors.request"]\n`);
  assert.deepEqual(set.engines[0].contextProcessors, ['django.template.context_processors.request']);
  const opened = unsetTemplates(`from somewhere import more\nTEMPLATES = [{${DT}, "OPTIONS": {}}]\nTEMPLATES[0]["OPTIONS"].update(more)\n`);
  assert.equal(opened.engines[0].contextProcessors, undefined);
});
