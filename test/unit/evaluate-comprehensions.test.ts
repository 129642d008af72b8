// Patterns built by code, part 2 (issue 11, item 3): comprehensions, classmethods on workspace classes and returns under decided ifs, proven by Django 3.2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import { walkExpr } from '../../server/src/core/python/ast';
import type { Expr } from '../../server/src/core/python/ast';
import { parsePython } from '../../server/src/core/python/parse';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import type { UrlEntry } from '../../server/src/core/urls/urlconf';
import { trimIndent } from '../helpers/fixture';
import { diagnose } from '../helpers/engine';

const PYTHON = '/usr/bin/python3';

function memoryOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => ['/ws/' + k, trimIndent(v)]));
}

function workspaceOf(files: Record<string, string>) {
  const ws = new Workspace(new MemoryFileSystem(memoryOf(files)), '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const p = ws.projectFor('/ws/manage.py');
  assert.ok(p, 'no project');
  return p;
}

/** Runs Django 3.2 on a copy of the project: every name of the URLconf (namespace "orga" too) with its reversed URL. */
function djangoUrls(files: Record<string, string>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-comprehensions-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), trimIndent(text));
    }
    const script = trimIndent(`
      import json, os, sys
      sys.path.insert(0, os.getcwd())
      os.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"
      import django
      django.setup()
      from django.urls import reverse, get_resolver
      out = {}
      root = get_resolver()
      for ns, sub in [("", root), ("orga:", root.namespace_dict["orga"][1])]:
          for key in sub.reverse_dict.keys():
              if isinstance(key, str):
                  params = sorted(sub.reverse_dict.getlist(key)[0][0][0][1])
                  out[ns + key] = reverse(ns + key, kwargs={p: "7" for p in params})
      print(json.dumps(out, sort_keys=True))
    `);
    const r = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Our reverse of every name: its route with each parameter set to "7". */
function ourUrls(entries: UrlEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!e.qualifiedName || out[e.qualifiedName] !== undefined) continue;
    out[e.qualifiedName] = '/' + e.route.replace(/<(?:\w+:)?(\w+)>/g, '7');
  }
  return out;
}

/**
 * A URLconf in pretalx's shape: a classonlymethod `get_urls` on a base view returns a comprehension of `path()`
 * calls whose routes come from a classmethod with several returns under `if`s; subclasses override class
 * attributes (one drops "detail" through `detail_is_update`). Plus comprehensions at module level: over a
 * dict's items with a condition, nested, and a dict comprehension read back by key.
 */
const CRUD = {
  'manage.py': `
    import os, sys
    if __name__ == "__main__":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
  `,
  'proj/__init__.py': '',
  'proj/settings.py': `
    SECRET_KEY = "x"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "proj"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/generic.py': `
    from django.urls import path
    from django.utils.decorators import classonlymethod
    from django.views.generic import View


    class CRUDView(View):
        lookup_field = "pk"
        path_converter = "int"
        detail_is_update = True

        @classonlymethod
        def get_url_pattern(cls, url_base, action):
            if action == "list":
                return f"{url_base}/"
            if action == "create":
                return f"{url_base}/new/"
            url_base = f"{url_base}/<{cls.path_converter}:{cls.lookup_field}>"
            if action == "detail" or (action == "update" and cls.detail_is_update):
                return f"{url_base}/"
            if action == "update":
                return f"{url_base}/edit/"
            if action == "delete":
                return f"{url_base}/delete/"

        @classonlymethod
        def get_urls(cls, url_base, url_name, namespace=None, actions=None):
            actions = actions or ("list", "create", "detail", "update", "delete")
            if cls.detail_is_update:
                actions = [action for action in actions if action != "detail"]
            return [
                path(
                    cls.get_url_pattern(url_base, action),
                    cls.as_view(),
                    name=f"{url_name}.{action}",
                )
                for action in actions
            ]


    class Mixin:
        pass


    class OrgaCRUDView(Mixin, CRUDView):
        pass
  `,
  'proj/views.py': `
    from .generic import OrgaCRUDView


    class UserView(OrgaCRUDView):
        lookup_field = "code"
        path_converter = "slug"
        detail_is_update = False


    class TalkView(OrgaCRUDView):
        pass
  `,
  'proj/orga_urls.py': `
    from django.urls import path
    from . import views

    app_name = "orga"
    urlpatterns = [
        *views.UserView.get_urls(url_base="admin/users", url_name="admin.user", namespace="orga", actions=("list", "detail", "delete")),
        *views.TalkView.get_urls("talks", "talk"),
    ]
  `,
  'proj/urls.py': `
    from django.urls import include, path
    from django.views.generic import View

    PAGES = {"about": "about/", "team": "team/", "draft": None}
    SECTIONS = ["news", "blog"]
    urlpatterns = [path("orga/", include("proj.orga_urls"))]
    urlpatterns += [path(route, View.as_view(), name=name) for name, route in PAGES.items() if route]
    urlpatterns += [path(f"{s}/{kind}/", View.as_view(), name=f"{s}-{kind}") for s in SECTIONS for kind in ("list", "feed")]
    NAMES = {n: n + "-top" for n in SECTIONS}
    urlpatterns.append(path("upper/", View.as_view(), name=NAMES["blog"]))
  `,
  'proj/templates/links.html': `
    {% url 'about' %}{% url 'news-feed' %}{% url 'blog-top' %}{% url 'orga:admin.user.detail' code='x' %}
    {% url 'orga:talk.update' pk=1 %}{% url 'orga:talk.create' %}
    {% url 'draft' %}{% url 'orga:talk.detail' pk=1 %}{% url 'orga:admin.user.update' code='x' %}{% url 'news-list' 3 %}
  `,
};

test('the parser keeps comprehensions as nodes: element, for-clauses with targets and iterables, conditions; walkers see inside', () => {
  const m = parsePython('x = [f(a) for a, b in y if a if g(b) for c in a]\nd = {k: h(v) for (k, v) in e.items()}\n');
  const x = m.body[0];
  assert.ok(x.kind === 'assign' && x.value.kind === 'comp');
  const comp = x.value;
  assert.equal(comp.comp, 'list');
  assert.equal(comp.elt.kind, 'call');
  assert.equal(comp.clauses.length, 2);
  assert.equal(comp.clauses[0].target.kind, 'tuple');
  assert.equal(comp.clauses[0].ifs.length, 2);
  assert.equal(comp.clauses[1].iter.kind, 'name');
  const d = m.body[1];
  assert.ok(d.kind === 'assign' && d.value.kind === 'comp' && d.value.comp === 'dict');
  assert.equal(d.value.value?.kind, 'call');
  const calls: string[] = [];
  const onCall = (e: Expr) => {
    if (e.kind === 'call' && e.func.kind === 'name') calls.push(e.func.id);
  };
  walkExpr(comp, onCall);
  walkExpr(d.value, onCall);
  assert.deepEqual(calls, ['f', 'g', 'h']);
  // `async for` is not followed: an opaque expression whose calls are still seen.
  const a = parsePython('x = [f(a) async for a in y]\n').body[0];
  assert.ok(a.kind === 'assign' && a.value.kind === 'unknown');
});

test('Django 3.2: names built by comprehensions and by classmethods through inheritance reverse to the model\'s URLs', () => {
  const seen = djangoUrls(CRUD);
  // What Django must have, so that the comparison cannot pass on two empty maps.
  assert.equal(seen['orga:admin.user.detail'], '/orga/admin/users/7/');
  assert.equal(seen['orga:talk.update'], '/orga/talks/7/');
  assert.equal(seen['news-feed'], '/news/feed/');
  assert.equal(seen["blog-top"], '/upper/');
  assert.equal(seen['orga:talk.detail'], undefined);
  assert.equal(seen['draft'], undefined);
  const p = workspaceOf(CRUD);
  assert.deepEqual(ourUrls(p.urls!.entries), seen);
});

test('generated names are checked: absent ones reported, parameters compared, nothing else flagged', () => {
  const found = diagnose(memoryOf(CRUD), 'proj/templates/links.html');
  assert.deepEqual(found.map((f) => `${f.code} ${f.text}`).sort(), [
    'url-args-mismatch news-list',
    'url-name-unknown draft',
    'url-name-unknown orga:admin.user.update',
    'url-name-unknown orga:talk.detail',
  ]);
});

test('a comprehension over something unknown, or with a condition that cannot be decided, leaves names undecided, never absent', () => {
  const files: Record<string, string> = {
    ...CRUD,
    'proj/urls.py': CRUD['proj/urls.py'] + '    import os\n    urlpatterns += [path("x/", View.as_view(), name=n) for n in os.listdir(".")]\n    urlpatterns += [path("y/", View.as_view(), name=n) for n in SECTIONS if os.environ.get("Y")]\n',
  };
  const p = workspaceOf(files);
  assert.equal(reverseLookup(p.urls!, 'about').kind, 'found');
  assert.equal(reverseLookup(p.urls!, 'somewhere').kind, 'unknown');
  assert.equal(reverseLookup(p.urls!, 'orga:talk.list').kind, 'found');
});

test('a classmethod return under a condition that cannot be decided leaves that route unknown, the others decided', () => {
  const generic = CRUD['proj/generic.py'].replace('if action == "list":', 'if action == "list" and undefined_name:');
  const p = workspaceOf({ ...CRUD, 'proj/generic.py': generic });
  const route = (name: string) => p.urls!.entries.find((x) => x.qualifiedName === name);
  // The name is known (the comprehension runs), its route is not: a partial pattern, never a wrong one.
  assert.equal(route('orga:talk.list')?.route, 'orga/…');
  assert.equal(route('orga:talk.list')?.candidate.partial, true);
  // `action == "list" and ...` is false for the other actions, so their returns are still decided.
  assert.equal(route('orga:talk.create')?.route, 'orga/talks/new/');
});
