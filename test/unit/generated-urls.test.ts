// URL names that code generates (issue 11): the admin's, proven by Django 3.2 on the same fixture projects.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import type { UrlEntry } from '../../server/src/core/urls/urlconf';
import { definition } from '../../server/src/features/definition';
import { hover } from '../../server/src/features/hover';
import { urlItems } from '../../server/src/features/completion';
import { resolveUrl } from '../../server/src/features/resolve-url';
import { trimIndent } from '../helpers/fixture';
import { diagnose } from '../helpers/engine';

const PYTHON = '/usr/bin/python3';

function memoryOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => ['/ws/' + k, trimIndent(v)]));
}

function workspaceOf(files: Record<string, string>, envPaths: string[] = []) {
  const mem = new MemoryFileSystem(memoryOf(files));
  const ws = new Workspace(mem, '/ws', { envPaths, extraTemplateDirs: [] });
  ws.index();
  const p = ws.projectFor('/ws/manage.py');
  assert.ok(p, 'no project');
  return { ws, p };
}

/** Runs Django 3.2 on a copy of the project and returns what the script prints as JSON. */
function django(files: Record<string, string>, script: string): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-generated-urls-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), trimIndent(text));
    }
    const prelude = 'import json, os, sys\nsys.path.insert(0, os.getcwd())\nos.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"\nimport django\ndjango.setup()\nfrom django.urls import reverse, resolve, get_resolver, NoReverseMatch, Resolver404\n';
    const r = spawnSync(PYTHON, ['-c', prelude + trimIndent(script)], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MANAGE = `
  import os, sys
  if __name__ == "__main__":
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
      from django.core.management import execute_from_command_line
      execute_from_command_line(sys.argv)
`;

/**
 * Models registered every way Django allows: site.register with and without a ModelAdmin, a list, the
 * decorator (on the default and on a custom site), a custom AdminSite subclass with name=, an app whose label
 * its AppConfig changes, an admin package importing its submodules, and an unregister of a contrib model.
 */
const ADMIN = {
  'manage.py': MANAGE,
  'proj/__init__.py': '',
  'proj/settings.py': `
    SECRET_KEY = "x"
    INSTALLED_APPS = [
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages",
        "polls", "shop", "blog.apps.BlogConfig",
    ]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/sites.py': `
    from django.contrib import admin

    class StaffSite(admin.AdminSite):
        site_header = "Staff"

    staff_site = StaffSite(name="staff")
  `,
  'proj/urls.py': `
    from django.contrib import admin
    from django.urls import path
    from .sites import staff_site

    urlpatterns = [
        path("admin/", admin.site.urls),
        path("staff/", staff_site.urls),
    ]
  `,
  'polls/__init__.py': '',
  'polls/models.py': `
    from django.db import models

    class Question(models.Model):
        text = models.CharField(max_length=200)

    class Choice(models.Model):
        question = models.ForeignKey(Question, on_delete=models.CASCADE)

    class Vote(models.Model):
        choice = models.ForeignKey(Choice, on_delete=models.CASCADE)
  `,
  'polls/admin.py': `
    from django.contrib import admin
    from django.contrib.auth.models import Group
    from .models import Question, Choice, Vote

    class QuestionAdmin(admin.ModelAdmin):
        list_display = ["text"]

    admin.site.register(Question, QuestionAdmin)
    admin.site.register([Choice, Vote])
    admin.site.unregister(Group)
  `,
  'shop/__init__.py': '',
  'shop/models.py': `
    from django.db import models

    class Product(models.Model):
        name = models.CharField(max_length=20)

    class Order(models.Model):
        product = models.ForeignKey(Product, on_delete=models.CASCADE)
  `,
  'shop/admin.py': `
    from django.contrib import admin
    from proj.sites import staff_site
    from .models import Product, Order

    @admin.register(Product)
    class ProductAdmin(admin.ModelAdmin):
        pass

    @admin.register(Order, site=staff_site)
    class OrderAdmin(admin.ModelAdmin):
        pass

    staff_site.register(Product)
  `,
  'blog/__init__.py': '',
  'blog/apps.py': `
    from django.apps import AppConfig

    class BlogConfig(AppConfig):
        name = "blog"
        label = "journal"
  `,
  'blog/models.py': `
    from django.db import models

    class BlogPost(models.Model):
        title = models.CharField(max_length=20)
  `,
  'blog/admin/__init__.py': `
    from . import posts
  `,
  'blog/admin/posts.py': `
    from django.contrib import admin
    from blog.models import BlogPost

    admin.site.register(BlogPost)
  `,
  'polls/templates/polls/links.html': `
    {% url 'admin:polls_question_change' 3 %}
    {% url 'admin:journal_blogpost_changelist' %}
    {% url 'staff:shop_order_add' %}
    {% url 'admin:shop_order_add' %}
    {% url 'admin:auth_group_changelist' %}
    {% url 'admin:auth_user_password_change' 1 %}
    {% url 'admin:app_list' 'polls' %}
    {% url 'admin:polls_question_change' %}
  `,
};

/** Every named pattern of the namespaces given, as Django lists them: name -> URL with every parameter set to "7". */
const DJANGO_NAMES = `
  NAMESPACES = ["admin", "staff"]
  out = {}
  root = get_resolver()
  for ns in NAMESPACES:
      prefix, sub = root.namespace_dict[ns]
      for key in sub.reverse_dict.keys():
          if not isinstance(key, str):
              continue
          params = sub.reverse_dict.getlist(key)[0][0][0][1]
          label = "shop" if ns == "staff" else "polls"
          kwargs = {p: (label if p == "app_label" else "7") for p in params}
          out[ns + ":" + key] = reverse(ns + ":" + key, kwargs=kwargs)
  print(json.dumps(out, sort_keys=True))
`;

/** Our reverse of a name: the route with each `<conv:name>` set to "7", the app_list regex with a label it lists. */
function ourUrls(entries: UrlEntry[], namespaces: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!e.qualifiedName || !namespaces.includes(e.namespaces[0])) continue;
    if (out[e.qualifiedName] !== undefined) continue;
    // The app_list regex names its labels: reverse it as Django would with app_label="polls" ("shop" on the staff site).
    const label = e.namespaces[0] === 'staff' ? 'shop' : 'polls';
    const route = e.route.replace(/\^\(\?P<app_label>[^)]*\)\/\$$/, label + '/').replace(/<(?:\w+:)?(\w+)>/g, '7');
    out[e.qualifiedName] = '/' + route;
  }
  return out;
}

test('Django 3.2: every admin name of the default and a custom site, with its URL, is the model\'s', () => {
  const seen = django(ADMIN, DJANGO_NAMES) as Record<string, string>;
  // A few that Django must have, so the comparison below cannot pass on two empty lists.
  assert.equal(seen['admin:polls_question_change'], '/admin/polls/question/7/change/');
  assert.equal(seen['staff:shop_order_add'], '/staff/shop/order/add/');
  assert.equal(seen['admin:journal_blogpost_changelist'], '/admin/journal/blogpost/');
  const { p } = workspaceOf(ADMIN);
  assert.deepEqual(ourUrls(p.urls!.entries, ['admin', 'staff']), seen);
});

test('admin names: decided where every registration is understood, absent ones reported', () => {
  const { p } = workspaceOf(ADMIN);
  const urls = p.urls!;
  assert.equal(reverseLookup(urls, 'admin:polls_vote_delete').kind, 'found');
  assert.equal(reverseLookup(urls, 'staff:shop_product_history').kind, 'found');
  // Group was unregistered; Order is only on the staff site.
  assert.equal(reverseLookup(urls, 'admin:auth_group_changelist').kind, 'missing');
  assert.equal(reverseLookup(urls, 'admin:shop_order_add').kind, 'missing');
  const found = diagnose(memoryOf(ADMIN), 'polls/templates/polls/links.html');
  assert.deepEqual(found.map((f) => `${f.code} ${f.text}`).sort(), [
    'url-args-mismatch admin:polls_question_change',
    'url-name-unknown admin:auth_group_changelist',
    'url-name-unknown admin:shop_order_add',
  ]);
});

test('Django 3.2 agrees: the names reported absent do not reverse, the others do', () => {
  const seen = django(
    ADMIN,
    `
    def rev(name, *args):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None
    print(json.dumps([rev("admin:auth_group_changelist"), rev("admin:shop_order_add"), rev("admin:polls_question_change"),
        rev("admin:auth_user_password_change", 1), rev("admin:app_list", "polls"), rev("admin:app_list", "nosuch")]))
    `,
  );
  assert.deepEqual(seen, [null, null, null, '/admin/auth/user/1/password/', '/admin/polls/', null]);
});

test('an admin name goes to its ModelAdmin (or the registration), hover shows the route, completion says where it comes from', () => {
  const { ws, p } = workspaceOf(ADMIN);
  const tpl = '/ws/polls/templates/polls/links.html';
  const text = ws.fs.readFile(tpl)!;
  const at = (s: string) => text.indexOf(s) + 3;
  const admin = ws.fs.readFile('/ws/polls/admin.py')!;
  const targets = definition(ws, tpl, at('polls_question_change'));
  assert.deepEqual(targets.map((t) => [t.file, admin.slice(t.span.start, t.span.end)]), [['/ws/polls/admin.py', 'QuestionAdmin']]);
  const blog = definition(ws, tpl, at('journal_blogpost_changelist'));
  const posts = ws.fs.readFile('/ws/blog/admin/posts.py')!;
  assert.deepEqual(blog.map((t) => [t.file, posts.slice(t.span.start, t.span.end)]), [['/ws/blog/admin/posts.py', 'admin.site.register(BlogPost)']]);
  const h = hover(ws, tpl, at('polls_question_change'));
  assert.match(h?.contents ?? '', /admin\/polls\/question\/<path:object_id>\/change\//);
  const item = urlItems(p).find((i) => i.label === 'staff:shop_order_add');
  assert.match(item?.detail ?? '', /admin site 'staff'/);
  const r = resolveUrl(p, '/admin/polls/question/12/change/');
  assert.equal(r.kind === 'match' && r.name, 'admin:polls_question_change');
});

test('admin registrations that cannot be read leave admin names undecided, never absent', () => {
  const files: Record<string, string> = {
    ...ADMIN,
    'shop/admin.py': `
      from django.apps import apps
      from django.contrib import admin

      for model in apps.get_app_config("shop").get_models():
          admin.site.register(model)
    `,
  };
  const { p } = workspaceOf(files);
  const r = reverseLookup(p.urls!, 'admin:shop_product_add');
  assert.equal(r.kind, 'unknown');
  assert.match(r.kind === 'unknown' ? r.why : '', /model/);
  assert.equal(r.kind === 'unknown' && r.file, '/ws/shop/admin.py');
  // What is understood stays found.
  assert.equal(reverseLookup(p.urls!, 'admin:polls_question_add').kind, 'found');
});

test('a ModelAdmin or AdminSite that overrides get_urls() leaves the site\'s other names undecided', () => {
  const files: Record<string, string> = {
    ...ADMIN,
    'polls/admin.py': `
      from django.contrib import admin
      from django.urls import path
      from .models import Question

      class QuestionAdmin(admin.ModelAdmin):
          def get_urls(self):
              return [path("stats/", self.admin_site.admin_view(self.stats), name=compute())] + super().get_urls()

      admin.site.register(Question, QuestionAdmin)
    `,
  };
  const { p } = workspaceOf(files);
  assert.equal(reverseLookup(p.urls!, 'admin:polls_question_stats').kind, 'unknown');
  assert.equal(reverseLookup(p.urls!, 'admin:polls_question_change').kind, 'found');
  // A site that is not the default one is not affected by a registration on the default site.
  assert.equal(reverseLookup(p.urls!, 'staff:nosuch').kind, 'missing');
});

/**
 * A REST framework API: a DefaultRouter with a derived basename, @action routes (url_path/url_name), a
 * lookup_field, a read-only ViewSet, mixins with a given basename, under a namespace; a SimpleRouter subclass
 * without trailing slashes; format_suffix_patterns() on plain paths.
 */
const DRF = {
  'manage.py': MANAGE,
  'proj/__init__.py': '',
  'proj/settings.py': `
    SECRET_KEY = "x"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework", "api"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/urls.py': `
    from django.urls import include, path
    from rest_framework.routers import SimpleRouter
    from rest_framework.urlpatterns import format_suffix_patterns
    from api.views import TagViewSet, ping

    class FlatRouter(SimpleRouter):
        include_root_view = False

    flat = FlatRouter(trailing_slash=False)
    flat.register("things", TagViewSet, basename="thing")

    urlpatterns = [
        path("api/", include("api.urls")),
    ]
    urlpatterns += flat.urls
    urlpatterns += format_suffix_patterns([path("ping/", ping, name="ping")])
  `,
  'api/__init__.py': '',
  'api/models.py': `
    from django.db import models

    class Site(models.Model):
        name = models.CharField(max_length=20)

    class Device(models.Model):
        slug = models.SlugField()
        active = models.BooleanField()

    class Tag(models.Model):
        label = models.CharField(max_length=20)
  `,
  'api/views.py': `
    from django.http import HttpResponse
    from rest_framework import mixins, viewsets
    from rest_framework.decorators import action
    from .models import Device, Site, Tag

    def ping(request, format=None):
        return HttpResponse("pong")

    class SiteViewSet(viewsets.ModelViewSet):
        queryset = Site.objects.all()

        @action(detail=True, methods=["post"], url_path="set-status", url_name="set_status")
        def set_status(self, request, pk=None):
            pass

        @action(detail=False)
        def recent_items(self, request):
            pass

    class DeviceViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Device.objects.filter(active=True).order_by("slug")
        lookup_field = "slug"

    class TagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
        queryset = Tag.objects.all()
  `,
  'api/urls.py': `
    from django.urls import include, path
    from rest_framework.routers import DefaultRouter
    from . import views

    router = DefaultRouter()
    router.register("sites", views.SiteViewSet)
    router.register(r"devices", views.DeviceViewSet)
    router.register("tags", views.TagViewSet, basename="label")

    app_name = "api"
    urlpatterns = [path("", include(router.urls))]
  `,
  'api/templates/api/links.html': `
    {% url 'api:site-list' %}
    {% url 'api:site-detail' 3 %}
    {% url 'api:site-set_status' pk=3 %}
    {% url 'api:site-recent-items' %}
    {% url 'api:device-detail' slug='x' %}
    {% url 'api:label-list' %}
    {% url 'api:api-root' %}
    {% url 'thing-list' %}
    {% url 'ping' %}
    {% url 'api:label-detail' 3 %}
    {% url 'api:device-list' 'a' 'b' %}
  `,
};

/** Every name of the root and of the namespaces given, as Django lists them: name -> sorted parameter lists. */
const DJANGO_PARAMS = `
  out = {}
  root = get_resolver()
  for ns, sub in [("", root)] + [(n + ":", root.namespace_dict[n][1]) for n in NAMESPACES]:
      for key in sub.reverse_dict.keys():
          if isinstance(key, str):
              out[ns + key] = sorted(sorted(p[0][0][1]) for p in sub.reverse_dict.getlist(key))
  print(json.dumps(out, sort_keys=True))
`;

function ourParams(entries: UrlEntry[]): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const e of entries) {
    if (!e.qualifiedName) continue;
    const forms = e.candidate.forms;
    assert.notEqual(forms, 'unknown', e.qualifiedName);
    (out[e.qualifiedName] ??= []).push(...(forms as string[][]).map((f) => [...f].sort()));
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

test('Django 3.2 with REST framework: every router name and its parameters (format suffixes too) are the model\'s', () => {
  const seen = django(DRF, 'NAMESPACES = ["api"]\n' + trimIndent(DJANGO_PARAMS)) as Record<string, string[][]>;
  assert.deepEqual(seen['api:site-set_status'], [['format', 'pk'], ['pk']]);
  assert.deepEqual(seen['api:device-detail'], [['format', 'slug'], ['slug']]);
  assert.deepEqual(seen['thing-list'], [[]]);
  const { p } = workspaceOf(DRF);
  assert.deepEqual(ourParams(p.urls!.entries), seen);
});

test('router names: navigable to the ViewSet (an action to its method), checked, resolvable', () => {
  const { ws, p } = workspaceOf(DRF);
  assert.equal(reverseLookup(p.urls!, 'api:label-detail').kind, 'missing');
  const found = diagnose(memoryOf(DRF), 'api/templates/api/links.html');
  assert.deepEqual(found.map((f) => `${f.code} ${f.text}`).sort(), ['url-args-mismatch api:device-list', 'url-name-unknown api:label-detail']);
  const tpl = '/ws/api/templates/api/links.html';
  const text = ws.fs.readFile(tpl)!;
  const views = ws.fs.readFile('/ws/api/views.py')!;
  const go = (s: string) => definition(ws, tpl, text.indexOf(s) + 5).map((t) => [t.file, views.slice(t.span.start, t.span.end)]);
  assert.deepEqual(go('api:site-list'), [['/ws/api/views.py', 'SiteViewSet']]);
  assert.deepEqual(go('api:site-set_status'), [['/ws/api/views.py', 'set_status']]);
  const r = resolveUrl(p, '/api/devices/abc/');
  assert.equal(r.kind === 'match' && r.name, 'api:device-detail');
  const item = urlItems(p).find((i) => i.label === 'api:site-list');
  assert.match(item?.detail ?? '', /router 'sites' → SiteViewSet/);
});

test('Django 3.2 agrees on the names reported', () => {
  const seen = django(
    DRF,
    `
    def rev(name, *args, **kwargs):
        try:
            return reverse(name, args=args, kwargs=kwargs)
        except NoReverseMatch:
            return None
    print(json.dumps([rev("api:label-detail", 3), rev("api:device-list", "a", "b"), rev("api:device-list", "json"), rev("api:device-detail", slug="x"), resolve("/api/devices/abc/").view_name]))
    `,
  );
  // One positional argument is the format suffix's (devices.json), so only two are a mismatch.
  assert.deepEqual(seen, [null, null, '/api/devices.json', '/api/devices/x/', 'api:device-detail']);
});

test('a ViewSet whose base cannot be read leaves the router\'s names undecided, not absent', () => {
  const files: Record<string, string> = {
    ...DRF,
    'api/views.py': DRF['api/views.py'] + '\n    from thirdparty import MagicViewSet\n\n    class SiteViewSet(MagicViewSet):\n        queryset = Site.objects.all()\n',
  };
  const { p } = workspaceOf(files);
  assert.equal(reverseLookup(p.urls!, 'api:site-list').kind, 'found');
  assert.equal(reverseLookup(p.urls!, 'api:site-magic').kind, 'unknown');
});

/** Patterns built by code: loops over a literal list and a dict's items, a helper returning paths, a wrapper. */
const BUILT = {
  'manage.py': MANAGE,
  'proj/__init__.py': '',
  'proj/settings.py': `
    import os
    ROOT = os.path.dirname(os.path.abspath(__file__))

    def here(*parts):
        return os.path.join(ROOT, *parts)

    SECRET_KEY = "x"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "proj"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [here("tpl")], "APP_DIRS": False}]
  `,
  'proj/views.py': `
    from django.http import HttpResponse

    def page(request, **kwargs):
        return HttpResponse("x")
  `,
  'proj/routes.py': `
    from django.urls import path

    def crud(prefix, view, detail=True):
        patterns = [path(prefix + "/", view, name=prefix + "-list")]
        if detail:
            patterns.append(path(prefix + "/<int:pk>/", view, name=prefix + "-detail"))
        return patterns

    def wrapped(patterns, *, marker=None):
        for p in patterns:
            p.marker = marker
        return patterns

    def opaque(flag):
        if flag:
            return []
        return [path("hidden/", None, name="hidden")]
  `,
  'proj/urls.py': `
    from django.urls import path
    from . import views
    from .routes import crud, opaque, wrapped

    PAGES = ["about", "team"]
    urlpatterns = []
    for page in PAGES:
        urlpatterns.append(path(f"{page}/", views.page, name=page))
    for name, route in {"home": "", "faq": "faq/"}.items():
        urlpatterns.append(path(route, views.page, name=name))
    urlpatterns += crud("books", views.page)
    urlpatterns += crud("authors", views.page, detail=False)
    urlpatterns += wrapped([path("w/", views.page, name="wrapped")], marker=1)
  `,
  'proj/tpl/links.html': `
    {% url 'about' %}{% url 'team' %}{% url 'home' %}{% url 'faq' %}
    {% url 'books-detail' 3 %}{% url 'authors-list' %}{% url 'wrapped' %}
    {% url 'authors-detail' 3 %}{% url 'books-detail' %}
  `,
};

test('Django 3.2: names of patterns built by loops, helpers and wrappers are the model\'s, with their URLs', () => {
  const seen = django(BUILT, 'NAMESPACES = []\n' + trimIndent(DJANGO_PARAMS)) as Record<string, string[][]>;
  assert.deepEqual(Object.keys(seen).sort(), ['about', 'authors-list', 'books-detail', 'books-list', 'faq', 'home', 'team', 'wrapped']);
  const { p } = workspaceOf(BUILT);
  assert.deepEqual(ourParams(p.urls!.entries), seen);
  const found = diagnose(memoryOf(BUILT), 'proj/tpl/links.html');
  assert.deepEqual(found.map((f) => `${f.code} ${f.text}`).sort(), ['url-args-mismatch books-detail', 'url-name-unknown authors-detail']);
});

test('a helper the evaluator cannot follow leaves names undecided with the reason, never absent', () => {
  const files: Record<string, string> = { ...BUILT, 'proj/urls.py': BUILT['proj/urls.py'] + '    urlpatterns += opaque(len(PAGES))\n' };
  const { p } = workspaceOf(files);
  const r = reverseLookup(p.urls!, 'hidden');
  assert.equal(r.kind, 'unknown');
  assert.equal(reverseLookup(p.urls!, 'about').kind, 'found');
});

/** A project's own i18n_patterns, as kitsune writes it: Django's, spelt out, with a LocalePrefixPattern subclass. */
const OWN_I18N = {
  'manage.py': MANAGE,
  'proj/__init__.py': '',
  'proj/settings.py': `
    SECRET_KEY = "x"
    USE_I18N = True
    LANGUAGE_CODE = "en-us"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "proj"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/views.py': `
    from django.http import HttpResponse

    def page(request, **kwargs):
        return HttpResponse("x")
  `,
  'proj/i18n.py': `
    import django.urls
    from django.conf import settings


    class LocalePrefixPattern(django.urls.LocalePrefixPattern):
        @property
        def language_prefix(self):
            return super().language_prefix.lower()


    def i18n_patterns(*urls, prefix_default_language=True):
        if not settings.USE_I18N:
            return list(urls)
        return [
            django.urls.URLResolver(
                LocalePrefixPattern(prefix_default_language=prefix_default_language),
                list(urls),
            )
        ]
  `,
  'proj/urls.py': `
    from django.urls import path
    from . import views
    from .i18n import i18n_patterns

    urlpatterns = i18n_patterns(
        path("", views.page, name="home"),
        path("item/<int:pk>/", views.page, name="item"),
    )
    urlpatterns += [path("api/", views.page, name="api")]
  `,
  'proj/templates/links.html': `
    {% url 'home' %}{% url 'item' 3 %}{% url 'api' %}
    {% url 'gone' %}{% url 'item' %}
  `,
};

test("Django 3.2: a project's own i18n_patterns (URLResolver of a LocalePrefixPattern subclass) gives the model's names", () => {
  const seen = django(OWN_I18N, 'NAMESPACES = []\n' + trimIndent(DJANGO_PARAMS)) as Record<string, string[][]>;
  assert.deepEqual(Object.keys(seen).sort(), ['api', 'home', 'item']);
  const { p } = workspaceOf(OWN_I18N);
  assert.deepEqual(ourParams(p.urls!.entries), seen);
  // Django reverses through the locale prefix.
  const urls = django(OWN_I18N, 'print(json.dumps([reverse("home"), reverse("item", args=[3]), reverse("api")]))');
  assert.deepEqual(urls, ['/en-us/', '/en-us/item/3/', '/api/']);
  const found = diagnose(memoryOf(OWN_I18N), 'proj/templates/links.html');
  assert.deepEqual(found.map((f) => `${f.code} ${f.text}`).sort(), ['url-args-mismatch item', 'url-name-unknown gone']);
});
