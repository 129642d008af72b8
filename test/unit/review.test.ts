// Review findings: healthy Django 3.2 projects (each checked with real Django) on which the engine reports a false broken link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../helpers/engine';

const MANAGE = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n`;

function settings(dirs = 'BASE_DIR / "templates"'): string {
  return `from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
ROOT_URLCONF = "site_conf.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [${dirs}], "APP_DIRS": True}]
`;
}

/** A small healthy project (the same shape as the /tmp projects Django checked); `files` overrides or adds files. */
function project(files: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {
    'manage.py': MANAGE,
    'site_conf/__init__.py': '',
    'site_conf/settings.py': settings(),
    'site_conf/urls.py':
      'from django.urls import include, path\nfrom shop import views\nurlpatterns = [\n    path("", views.home, name="home"),\n    path("shop/", include("shop.urls")),\n]\n',
    'shop/__init__.py': '',
    'shop/views.py': 'def home(request): pass\ndef item(request, pk): pass\n',
    'shop/urls.py': 'from django.urls import path\nfrom . import views\napp_name = "shop"\nurlpatterns = [path("<int:pk>/", views.item, name="item")]\n',
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...base, ...files })) out['/ws/' + k] = v;
  return out;
}


// Fixed (was a false positive): a relative DIRS entry ("templates") is normalised as a relative path that never exists, yet the
// engine stays "complete", so every template in it is reported missing. Django resolves it against the working
// directory (the project root when run through manage.py) and finds it. Fix in core/project/settings.ts readEngine.
test('review: DIRS = ["templates"] (relative) finds /ws/templates', () => {
  const files = project({
    'site_conf/settings.py': settings('"templates"'),
    'templates/x.html': 'hi\n',
    'templates/page.html': '{% include "x.html" %}\n',
  });
  assert.deepEqual(diagnose(files, 'templates/page.html'), []);
});

// Fixed (was a false positive): template names are looked up verbatim; Django's loaders join them with safe_join (abspath), so
// "shop//item.html" and "shop/./item.html" load shop/item.html. Fix in core/templates/index.ts lookupTemplate.
test('review: template names with "//" or "/./" are normalised as Django loaders do', () => {
  const files = project({
    'shop/templates/shop/item.html': 'item\n',
    'templates/page.html': '{% include "shop//item.html" %}{% include "shop/./item.html" %}\n',
  });
  assert.deepEqual(diagnose(files, 'templates/page.html'), []);
});

// Fixed (was a false positive): a library whose `register` comes from `from .common import *` is not a library for the engine
// (readLibrary looks only for `register = ...` or `from x import register`). Django only asks hasattr(module,
// "register"). Fix in core/project/taglibs.ts readLibrary.
test('review: a tag library that gets register by a star import is a library', () => {
  const files = project({
    'shop/templatetags/__init__.py': '',
    'shop/templatetags/common.py': 'from django import template\nregister = template.Library()\n',
    'shop/templatetags/extras.py': 'from .common import *\n\n@register.filter\ndef twice(v):\n    return v * 2\n',
    'templates/page.html': '{% load extras %}{{ 2|twice }}\n',
  });
  assert.deepEqual(diagnose(files, 'templates/page.html'), []);
});

// Fixed (was a false positive): `register = template.Library()` inside a top-level try/if block is not seen (readLibrary scans
// only the module's direct statements). Fix in core/project/taglibs.ts readLibrary (use walkStmts or the evaluator).
test('review: a tag library that binds register inside try: is a library', () => {
  const files = project({
    'shop/templatetags/__init__.py': '',
    'shop/templatetags/intry.py': 'from django import template\ntry:\n    register = template.Library()\nexcept Exception:\n    raise\n',
    'templates/page.html': '{% load intry %}\n',
  });
  assert.deepEqual(diagnose(files, 'templates/page.html'), []);
});

// Fixed (was a false positive): a UTF-8 byte order mark at the start of views.py hides the first statement (Lezer sees U+FEFF as
// an error), so `def home` is lost and the URLconf gets a false view-missing. Python reads the file as utf-8-sig.
// Fix: strip a leading U+FEFF in ParseCache.getPython (core/python/modules.ts) or parsePython, keeping offsets.
test('review: a BOM at the start of a views module does not hide its first def', () => {
  const files = project({ 'shop/views.py': '\uFEFFdef home(request): pass\r\ndef item(request, pk): pass\r\n' });
  assert.deepEqual(diagnose(files, 'site_conf/urls.py'), []);
});

// Fixed (was a false positive): `default_app_config` in the app's __init__.py is ignored, so the app keeps the label "shop" while
// Django 3.2 uses StoreConfig's label "store" and renders "store/product_list.html". The generic view is reported
// as missing its default template. Fix in core/project/apps.ts resolveApp (default_app_config wins over apps.py).
test('review: default_app_config with a custom label sets the generic view default template folder', () => {
  const files = project({
    'shop/__init__.py': 'default_app_config = "shop.config.StoreConfig"\n',
    'shop/config.py': 'from django.apps import AppConfig\nclass StoreConfig(AppConfig):\n    name = "shop"\n    label = "store"\n',
    'shop/models.py': 'from django.db import models\nclass Product(models.Model):\n    name = models.CharField(max_length=10)\n',
    'shop/views.py':
      'from django.views.generic import ListView\nfrom .models import Product\ndef home(request): pass\ndef item(request, pk): pass\nclass ProductList(ListView):\n    model = Product\n',
    'site_conf/urls.py':
      'from django.urls import include, path\nfrom shop import views\nurlpatterns = [\n    path("", views.home, name="home"),\n    path("p/", views.ProductList.as_view(), name="plist"),\n    path("shop/", include("shop.urls")),\n]\n',
    'templates/store/product_list.html': 'list\n',
  });
  assert.deepEqual(diagnose(files, 'shop/views.py'), []);
});

// Fixed (was a false positive): reverse() in a test class decorated with @override_settings(ROOT_URLCONF=...) is looked up in the
// project's ROOT_URLCONF; the test passes under Django. Fix in core/python/refs.ts (skip, or look up in the given
// urlconf, uses under override_settings/self.settings(ROOT_URLCONF=...)).
test('review: reverse() under @override_settings(ROOT_URLCONF=...) is not looked up in the project URLconf', () => {
  const files = project({
    'shop/test_urls.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("t/", views.home, name="only-in-tests")]\n',
    'shop/tests.py':
      'from django.test import SimpleTestCase, override_settings\nfrom django.urls import reverse\n\n@override_settings(ROOT_URLCONF="shop.test_urls")\nclass UrlTests(SimpleTestCase):\n    def test_it(self):\n        self.assertEqual(reverse("only-in-tests"), "/t/")\n',
  });
  assert.deepEqual(diagnose(files, 'shop/tests.py'), []);
});
