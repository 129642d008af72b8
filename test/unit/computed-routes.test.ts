// Computed URL routes (issue 10, items 6 and 7b): an include prefix or a leaf route we cannot read, proven by Django 3.2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import { canReverse, resolvePath, reverseCandidate } from '../../server/src/core/urls/route';
import { resolveUrl } from '../../server/src/features/resolve-url';
import { trimIndent } from '../helpers/fixture';
import { diagnose, projectOfFiles } from '../helpers/engine';

const PYTHON = '/usr/bin/python3';


const MANAGE = `
  import os, sys
  if __name__ == "__main__":
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
      from django.core.management import execute_from_command_line
      execute_from_command_line(sys.argv)
`;

/** A project whose include prefix and one leaf route are computed by calls the evaluator does not follow. */
const COMPUTED = {
  'manage.py': MANAGE,
  'proj/__init__.py': '',
  'proj/settings.py': `
    SECRET_KEY = "x"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/routes.py': `
    import random

    # Calls the evaluator does not follow (it follows plain helpers such as \`return page + "/"\`).
    def api_prefix():
        return random.choice(["api/"])

    def route_for(page):
        return page + random.choice(["/<slug:slug>/"])
  `,
  'proj/urls.py': `
    from django.urls import include, path
    from django.http import HttpResponse
    from .routes import api_prefix, route_for

    def home(request):
        return HttpResponse("home")

    def page(request, slug):
        return HttpResponse(slug)

    urlpatterns = [
        path("contact/", home, name="contact"),
        path(route_for("about"), page, name="about"),
        path("", home, name="home"),
        path(api_prefix(), include("shop.urls")),
    ]
  `,
  'shop/__init__.py': '',
  'shop/views.py': `
    from django.http import HttpResponse

    def item(request, pk):
        return HttpResponse(str(pk))
  `,
  'shop/urls.py': `
    from django.urls import path
    from . import views

    app_name = "shop"
    urlpatterns = [path("items/<int:pk>/", views.item, name="item")]
  `,
  'shop/templates/shop/page.html': `
    {% url 'home' %}
    {% url 'about' 'x' %}
    {% url 'about' slug='x' %}
    {% url 'shop:item' 3 %}
    {% url 'shop:nosuch' %}
    {% url 'nosuch' %}
  `,
};

/** Runs Django 3.2 on a copy of the project and returns what reverse() and resolve() say. */
function django(files: Record<string, string>, script: string): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-settings-shapes-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), trimIndent(text));
    }
    const prelude = 'import json, os, sys\nsys.path.insert(0, os.getcwd())\nos.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"\nimport django\ndjango.setup()\nfrom django.urls import reverse, resolve, NoReverseMatch, Resolver404\n';
    const r = spawnSync(PYTHON, ['-c', prelude + trimIndent(script)], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Django: names under a computed include prefix and a computed leaf route reverse and resolve normally', () => {
  const seen = django(
    COMPUTED,
    `
    def rev(name, *args, **kwargs):
        try:
            return reverse(name, args=args, kwargs=kwargs)
        except NoReverseMatch:
            return None
    def res(p):
        try:
            return resolve(p).view_name
        except Resolver404:
            return None
    print(json.dumps({
        "item": rev("shop:item", 3), "item_noargs": rev("shop:item"), "nosuch": rev("shop:nosuch"),
        "about": rev("about", slug="x"), "about_noargs": rev("about"),
        "resolve_item": res("/api/items/3/"), "resolve_home": res("/"), "resolve_about": res("/about/x/"),
        "resolve_contact": res("/contact/"),
    }))
    `,
  );
  assert.deepEqual(seen, {
    item: '/api/items/3/',
    item_noargs: null,
    nosuch: null,
    about: '/about/x/',
    about_noargs: null,
    resolve_item: 'shop:item',
    resolve_home: 'home',
    resolve_about: 'about',
    resolve_contact: 'contact',
  });
});

test('a computed include prefix leaves the route unknown, not the names: absent names under it are reported', () => {
  const p = projectOfFiles(COMPUTED);
  const item = reverseLookup(p.urls!, 'shop:item');
  assert.equal(item.kind, 'found');
  // The names the include brings are all known: an absent one is absent, as Django says (reverse fails).
  assert.equal(reverseLookup(p.urls!, 'shop:nosuch').kind, 'missing');
  assert.equal(reverseLookup(p.urls!, 'nosuch').kind, 'missing');
  const found = diagnose(Object.fromEntries(Object.entries(COMPUTED).map(([k, v]) => ['/ws/' + k, trimIndent(v)])), 'shop/templates/shop/page.html');
  assert.deepEqual(
    found.map((f) => `${f.code} ${f.text}`).sort(),
    ['url-name-unknown nosuch', 'url-name-unknown shop:nosuch'],
  );
});

test('a leaf whose route is computed has unknown parameters: never "takes no arguments"', () => {
  const files = Object.fromEntries(Object.entries(COMPUTED).map(([k, v]) => ['/ws/' + k, trimIndent(v)]));
  files['/ws/shop/templates/shop/page.html'] = "{% url 'about' 'x' %}\n{% url 'about' %}\n{% url 'shop:item' %}\n";
  // Django fails the last two (the parameters are required), but the computed routes could take any, so nothing is claimed.
  assert.deepEqual(diagnose(files, 'shop/templates/shop/page.html'), []);
});

test('resolve() answers "cannot tell" past a computed route, and still matches what comes before it', () => {
  const p = projectOfFiles(COMPUTED);
  const contact = resolveUrl(p, '/contact/');
  assert.equal(contact.kind === 'match' && contact.name, 'contact');
  // Django resolves these, but which pattern they reach depends on the computed routes: '/' must not be taken
  // for the computed 'about' route as if that route were empty.
  assert.equal(resolveUrl(p, '/').kind, 'unknown');
  assert.equal(resolveUrl(p, '/about/x/').kind, 'unknown');
  assert.equal(resolveUrl(p, '/api/items/3/').kind, 'unknown');
});

test('a route read from the environment is not a literal, but its names stay known', () => {
  const p = projectOfFiles({
    ...COMPUTED,
    'proj/urls.py': `
      import os
      from django.urls import include, path
      urlpatterns = [path(os.environ.get("SHOP_PREFIX", "shop/"), include("shop.urls"))]
    `,
  });
  assert.equal(reverseLookup(p.urls!, 'shop:item').kind, 'found');
  assert.equal(reverseLookup(p.urls!, 'shop:nosuch').kind, 'missing');
  assert.equal(resolveUrl(p, '/shop/items/3/').kind, 'unknown');
});

test('f-strings, %-formatting and .format() of known values are literal routes', () => {
  const p = projectOfFiles({
    ...COMPUTED,
    'proj/urls.py': `
      from django.urls import include, path
      from shop import views
      VERSION = "v1"
      urlpatterns = [
          path(f"api/{VERSION}/", include("shop.urls")),
          path("old/%s/<int:pk>/" % VERSION, views.item, name="old"),
          path("new/{}/<int:pk>/".format(VERSION), views.item, name="new"),
      ]
    `,
  });
  const r = resolveUrl(p, '/api/v1/items/3/');
  assert.equal(r.kind === 'match' && r.name, 'shop:item');
  assert.equal(resolveUrl(p, '/old/v1/4/').kind === 'match', true);
  assert.equal(resolveUrl(p, '/new/v1/5/').kind === 'match', true);
});

test('route level: a computed level makes a reverse candidate partial (never a mismatch) and resolve unknown', () => {
  const chain = [
    { pattern: { kind: 'route' as const, text: '', unknown: true as const } },
    { pattern: { kind: 'route' as const, text: 'items/<int:pk>/' } },
  ];
  const c = reverseCandidate(chain);
  assert.equal(c.partial, true);
  // The literal level's parameters are still known, for hover and completion.
  assert.deepEqual(c.forms, [['pk']]);
  assert.equal(canReverse([c], 0, []), 'unknown');
  assert.equal(canReverse([reverseCandidate([{ pattern: { kind: 'route', text: '', unknown: true } }])], 1, []), 'unknown');
  const tree = [{ kind: 'pattern' as const, pattern: { kind: 'route' as const, text: '', unknown: true as const }, leaf: 'computed' }];
  assert.deepEqual(resolvePath(tree, '/'), { kind: 'unknown' });
});
