// Generates a large, deterministic, valid Django project (with a few planted broken links) for benchmarks and end-to-end checks.
//
// Usage: node scripts/gen-project.mjs <outdir> [--apps N] [--seed S] [--check] [--quiet]
//   --check  afterwards runs `manage.py check` and a few reverse() calls with /usr/bin/python3 (Django is the oracle).
// The planted broken links are printed and written to <outdir>/planted.json, so a checker's findings can be
// compared with a known answer: everything else in the project must be reported as healthy.
import { mkdirSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { seededRandom } from './random.mjs';

const MARKER = '.django-mtv-generated';

function usage(msg) {
  process.stderr.write(`gen-project: ${msg}\nusage: node scripts/gen-project.mjs <outdir> [--apps N] [--seed S] [--check] [--quiet]\n`);
  process.exit(2);
}

// Draws built on the seeded generator, so the same seed always yields the same project byte for byte.
function rng(seed) {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    shuffle(xs) {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

const AREA = ['asset', 'billing', 'cable', 'circuit', 'contact', 'device', 'event', 'fleet', 'grant', 'inventory',
  'ledger', 'media', 'network', 'order', 'payroll', 'power', 'rack', 'report', 'service', 'shipping', 'tenant',
  'ticket', 'vendor', 'wireless', 'zone', 'audit'];
const ASPECT = ['admin', 'alerts', 'catalog', 'core', 'exports', 'forecast', 'history', 'imports', 'insights',
  'journal', 'links', 'mapping', 'metrics', 'notes', 'planning', 'portal', 'quotas', 'records', 'rules', 'search',
  'status', 'tracking', 'ui', 'workflow'];
const NOUNS = ['Item', 'Order', 'Invoice', 'Device', 'Rack', 'Site', 'Tenant', 'Contact', 'Circuit', 'Provider',
  'Region', 'Tag', 'Note', 'Report', 'Ticket', 'Asset', 'Vendor', 'Cable', 'Port', 'Interface', 'Address',
  'Prefix', 'Vlan', 'Platform', 'Role', 'Group', 'Project', 'Task', 'Comment', 'Attachment', 'Batch', 'Entry'];
const FIELDS = [
  ['name', 'models.CharField(max_length=100)'],
  ['slug', 'models.SlugField(max_length=100, unique=True)'],
  ['description', 'models.TextField(blank=True)'],
  ['created', 'models.DateTimeField(auto_now_add=True)'],
  ['updated', 'models.DateTimeField(auto_now=True)'],
  ['is_active', 'models.BooleanField(default=True)'],
  ['weight', 'models.PositiveIntegerField(default=0)'],
  ['amount', 'models.DecimalField(max_digits=10, decimal_places=2, default=0)'],
  ['token', 'models.UUIDField(null=True, blank=True)'],
  ['comments', 'models.TextField(blank=True)'],
];

// URL pattern kinds an app can have. Each says how it is routed, which view serves it, and how a template or
// reverse() must call it with the right arguments (so the healthy part of the project is really healthy).
const PATTERN_KINDS = {
  detail: { route: (m) => `path("${m.lower}/<int:pk>/", views.${m.lower}_detail, name="${m.lower}_detail")`, tpl: (m) => `{% url '%NS%:${m.lower}_detail' item.pk %}`, py: (m) => `reverse("%NS%:${m.lower}_detail", args=[1])`, args: ['1'] },
  edit: { route: (m) => `path("${m.lower}/<int:pk>/edit/", views.${m.lower}_edit, name="${m.lower}_edit")`, tpl: (m) => `{% url '%NS%:${m.lower}_edit' pk=item.pk %}`, py: (m) => `reverse("%NS%:${m.lower}_edit", kwargs={"pk": 1})`, args: ['1'] },
  go: { route: (m) => `path("${m.lower}/<slug:slug>/go/", views.${m.lower}_go, name="${m.lower}_go")`, tpl: (m) => `{% url '%NS%:${m.lower}_go' slug=item.slug %}`, py: (m) => `reverse("%NS%:${m.lower}_go", kwargs={"slug": "a-b"})`, args: ['"a-b"'] },
  archive: { route: () => 're_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive, name="archive")', tpl: () => "{% url '%NS%:archive' 2024 %}", py: () => 'reverse("%NS%:archive", args=["2024"])', args: ['"2024"'] },
  month: { route: () => 're_path(r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.archive_month, name="archive_month")', tpl: () => "{% url '%NS%:archive_month' year=2024 month='05' %}", py: () => 'reverse("%NS%:archive_month", kwargs={"year": "2024", "month": "05"})', args: ['"2024"', '"05"'] },
  list: { route: (m) => `path("${m.lower}/", views.${m.name}ListView.as_view(), name="${m.lower}_list")`, tpl: (m) => `{% url '%NS%:${m.lower}_list' %}`, py: (m) => `reverse("%NS%:${m.lower}_list")`, args: [] },
  view: { route: (m) => `path("${m.lower}/<int:pk>/view/", views.${m.name}DetailView.as_view(), name="${m.lower}_view")`, tpl: (m) => `{% url '%NS%:${m.lower}_view' item.pk %}`, py: (m) => `reverse("%NS%:${m.lower}_view", args=[2])`, args: ['2'] },
  token: { route: () => 'path("t/<uuid:token>/", views.by_token, name="by_token")', tpl: () => "{% url '%NS%:by_token' token=item.token %}", py: () => 'reverse("%NS%:by_token", kwargs={"token": "12345678-1234-5678-1234-567812345678"})', args: ['"12345678-1234-5678-1234-567812345678"'] },
  files: { route: () => 'path("files/<path:rest>", views.files, name="files")', tpl: () => "{% url '%NS%:files' 'a/b.txt' %}", py: () => 'reverse("%NS%:files", args=["a/b.txt"])', args: ['"a/b.txt"'] },
  about: { route: () => 'path("about/", views.AboutView.as_view(), name="about")', tpl: () => "{% url '%NS%:about' %}", py: () => 'reverse("%NS%:about")', args: [] },
};

function parseArgs(argv) {
  const opts = { apps: 320, seed: 1, check: false, quiet: false, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--apps' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < (a === '--apps' ? 1 : 0)) usage(`${a} needs a ${a === '--apps' ? 'positive' : 'non-negative'} integer`);
      opts[a.slice(2)] = v;
    } else if (a === '--check') opts.check = true;
    else if (a === '--quiet') opts.quiet = true;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (opts.out) usage('only one output directory');
    else opts.out = resolve(a);
  }
  if (!opts.out) usage('missing <outdir>');
  if (opts.apps > AREA.length * ASPECT.length) usage(`at most ${AREA.length * ASPECT.length} apps`);
  return opts;
}

function lineOf(text, snippet) {
  const at = text.indexOf(snippet);
  if (at < 0) throw new Error(`internal: planted snippet not found: ${snippet}`);
  return text.slice(0, at).split('\n').length;
}

export function generate({ out, apps: appCount, seed }) {
  const r = rng(seed);
  const proj = 'netgrid';
  const files = new Map();
  const put = (path, text) => files.set(path, text);

  // --- Apps and their models. -------------------------------------------------------------------------
  const names = r.shuffle(AREA.flatMap((a) => ASPECT.map((b) => `${a}_${b}`))).slice(0, appCount).sort();
  const apps = names.map((name, index) => {
    const nouns = r.shuffle(NOUNS).slice(0, r.int(3, 6));
    const models = nouns.map((n) => ({ name: n, lower: n.toLowerCase() }));
    const primary = models[0];
    // Every app has an index page; the other patterns are drawn so that apps differ as real ones do.
    const kinds = ['detail', ...r.shuffle(Object.keys(PATTERN_KINDS).filter((k) => k !== 'detail')).slice(0, r.int(2, 8))];
    return { name, index, label: name, models, primary, kinds, cls: name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('') };
  });

  // Planted broken links: which app gets which defect is drawn once, up front.
  const victims = r.shuffle(apps.filter((a) => a.kinds.includes('detail'))).slice(0, 7);
  const plant = {
    tplUnknownName: victims[0], pyUnknownName: victims[1], tplWrongArgs: victims[2], pyWrongArgs: victims[3],
    pyMissingTemplate: victims[4], tplMissingInclude: victims[5], tplUnknownNamespace: victims[6],
  };
  const planted = [];
  const note = (app, file, snippet, kind, detail) => planted.push({ kind, file, line: lineOf(files.get(file), snippet), snippet, detail, app: app?.name });

  for (const app of apps) {
    const { name, models, primary } = app;
    const p = (rel) => `${name}/${rel}`;
    put(p('__init__.py'), '');
    put(p('apps.py'), `from django.apps import AppConfig\n\n\nclass ${app.cls}Config(AppConfig):\n    default_auto_field = "django.db.models.BigAutoField"\n    name = "${name}"\n    verbose_name = "${name.replace('_', ' ').replace(/\b\w/g, (c) => c.toUpperCase())}"\n`);

    // models.py: foreign keys point to earlier models of the same app (by class or by bare name), to models
    // of other apps as "app.Model" strings, to the user model, or to "self".
    const m = ['from django.conf import settings', 'from django.db import models', 'from django.urls import reverse', '', ''];
    models.forEach((model, i) => {
      m.push(`class ${model.name}(models.Model):`);
      m.push(`    """A ${model.lower} of the ${name} app."""`, '');
      for (const [f, def] of r.shuffle(FIELDS).slice(0, r.int(2, 5))) {
        if (f !== 'slug' && f !== 'token') m.push(`    ${f} = ${def}`);
      }
      // Slug and token are always there because URL patterns and templates use them.
      m.push(`    slug = ${FIELDS[1][1]}`, `    token = ${FIELDS[8][1]}`);
      const fks = r.int(0, 3);
      for (let k = 0; k < fks; k++) {
        const related = `${name}_${model.lower}_${k}`;
        let target;
        const roll = r.next();
        if (i > 0 && roll < 0.35) target = r.chance(0.5) ? models[r.int(0, i - 1)].name : `"${models[r.int(0, i - 1)].name}"`;
        else if (roll < 0.75 && apps.length > 1) {
          const other = apps[r.int(0, apps.length - 1)];
          target = `"${other.label}.${other.models[0].name}"`;
        } else if (roll < 0.9) target = 'settings.AUTH_USER_MODEL';
        else target = '"self"';
        m.push(`    link_${k} = models.ForeignKey(${target}, on_delete=models.${r.pick(['CASCADE', 'PROTECT', 'SET_NULL'])}, null=True, blank=True, related_name="${related}")`);
      }
      m.push('', '    class Meta:', `        ordering = ["-pk"]`, '');
      m.push('    def __str__(self):', '        return self.slug or str(self.pk)', '');
      if (model === primary) m.push('    def get_absolute_url(self):', `        return reverse("${name}:${model.lower}_detail", args=[self.pk])`, '');
      m.push('');
    });
    put(p('models.py'), m.join('\n').trimEnd() + '\n');

    // views.py and urls.py are written together so that every routed view exists with the right parameters.
    const others = apps.length > 1 ? [apps[(app.index + 1) % apps.length], apps[(app.index + 7) % apps.length]] : [app, app];
    const v = [
      'from django.shortcuts import get_object_or_404, redirect, render',
      'from django.urls import reverse',
      'from django.views.generic import DetailView, ListView, TemplateView',
      '',
      `from .models import ${models.map((x) => x.name).join(', ')}`,
      '', '',
      'def index(request):',
      `    items = ${primary.name}.objects.all()[:20]`,
      `    return render(request, "${name}/index.html", {"items": items})`,
      '', '',
    ];
    const u = ['from django.urls import path, re_path', '', 'from . import views', '', `app_name = "${name}"`, '', 'urlpatterns = [', '    path("", views.index, name="index"),'];
    const templatesNeeded = new Set([`${name}/index.html`]);
    for (const kind of app.kinds) {
      u.push(`    ${PATTERN_KINDS[kind].route(primary)},`);
      if (kind === 'detail') {
        const tpl = `${name}/${primary.lower}_detail.html`;
        templatesNeeded.add(tpl);
        v.push(`def ${primary.lower}_detail(request, pk):`, `    obj = get_object_or_404(${primary.name}, pk=pk)`);
        if (plant.pyMissingTemplate === app) v.push('    if request.GET.get("summary"):', `        return render(request, "${name}/${primary.lower}_summary.html", {"object": obj})`);
        v.push(`    return render(request, "${tpl}", {"object": obj})`, '', '');
      } else if (kind === 'edit') {
        v.push(`def ${primary.lower}_edit(request, pk):`, `    obj = get_object_or_404(${primary.name}, pk=pk)`, '    if request.method == "POST":', `        return redirect("${name}:${primary.lower}_detail", pk=obj.pk)`, `    return render(request, "${name}/index.html", {"object": obj})`, '', '');
      } else if (kind === 'go') {
        v.push(`def ${primary.lower}_go(request, slug):`, `    obj = get_object_or_404(${primary.name}, slug=slug)`, '    return redirect(obj)', '', '');
      } else if (kind === 'archive') {
        v.push('def archive(request, year):', `    return redirect(reverse("${name}:index") + "?year=" + year)`, '', '');
      } else if (kind === 'month') {
        v.push('def archive_month(request, year, month):', `    return redirect("${name}:index")`, '', '');
      } else if (kind === 'list') {
        v.push(`class ${primary.name}ListView(ListView):`, `    model = ${primary.name}`, `    template_name = "${name}/index.html"`, '    context_object_name = "items"', '    paginate_by = 25', '', '');
      } else if (kind === 'view') {
        // No template_name: Django falls back to "<app_label>/<model_name>_detail.html", which must exist.
        templatesNeeded.add(`${name}/${primary.lower}_detail.html`);
        v.push(`class ${primary.name}DetailView(DetailView):`, `    model = ${primary.name}`, '', '');
      } else if (kind === 'token') {
        v.push('def by_token(request, token):', `    obj = get_object_or_404(${primary.name}, token=token)`, '    return redirect(obj)', '', '');
      } else if (kind === 'files') {
        v.push('def files(request, rest):', `    return render(request, "${name}/index.html", {"path": rest})`, '', '');
      } else if (kind === 'about') {
        v.push('class AboutView(TemplateView):', `    template_name = "${name}/index.html"`, '', '');
      }
    }
    u.push(']');
    // A helper that builds links to a neighbour app, as real code does for cross-app navigation.
    const o = others[0];
    v.push('def related_links(request):', '    links = [', `        reverse("${o.name}:index"),`);
    const okind = o.kinds.find((k) => k !== 'detail') ?? 'detail';
    v.push(`        ${PATTERN_KINDS[okind].py(o.primary).replace('%NS%', o.name)},`);
    if (plant.pyUnknownName === app) v.push(`        reverse("${name}:${primary.lower}_history"),`);
    if (plant.pyWrongArgs === app) v.push(`        reverse("${name}:${primary.lower}_detail", args=[1, 2]),`);
    v.push('    ]', `    return render(request, "${name}/index.html", {"links": links})`);
    put(p('views.py'), v.join('\n') + '\n');
    put(p('urls.py'), u.join('\n') + '\n');
    if (plant.pyUnknownName === app) note(app, p('views.py'), `reverse("${name}:${primary.lower}_history")`, 'unknown-url-name', `no pattern named ${primary.lower}_history in namespace ${name}`);
    if (plant.pyWrongArgs === app) note(app, p('views.py'), `reverse("${name}:${primary.lower}_detail", args=[1, 2])`, 'wrong-arg-count', `${name}:${primary.lower}_detail takes 1 argument (pk), given 2`);
    if (plant.pyMissingTemplate === app) note(app, p('views.py'), `"${name}/${primary.lower}_summary.html"`, 'missing-template', 'no such template in any templates directory');

    // Template tag library.
    put(p('templatetags/__init__.py'), '');
    put(p(`templatetags/${name}_tags.py`), [
      'from django import template', 'from django.utils.html import format_html', '', 'register = template.Library()', '', '',
      '@register.simple_tag', `def ${name}_badge(value):`, `    return format_html('<span class="badge">{}</span>', value)`, '', '',
      '@register.filter', `def ${name}_money(value):`, '    try:', '        return "%.2f" % float(value)', '    except (TypeError, ValueError):', '        return value', '', '',
      `@register.filter(name="${name}_short")`, 'def shorten(value, length=12):', '    return str(value)[: int(length)]', '',
    ].join('\n'));

    // Templates.
    const row = `${name}/_row.html`;
    const hasRow = r.chance(0.35);
    if (hasRow) put(`${name}/templates/${row}`, `{% load ${name}_tags %}\n<tr><td>{{ item|${name}_short:8 }}</td><td>{{ item.amount|${name}_money }}</td></tr>\n`);
    for (const tpl of templatesNeeded) {
      const isIndex = tpl.endsWith('/index.html');
      const lines = ['{% extends "base.html" %}', `{% load static ${name}_tags %}`, '', `{% block title %}${app.cls}{% endblock %}`, '', '{% block content %}',
        `<link rel="stylesheet" href="{% static '${name}/app.css' %}">`, `<h1>${app.cls} {% ${name}_badge items|length %}</h1>`,
        `<a href="{% url '${name}:index' %}">Home</a>`];
      if (isIndex) {
        lines.push('{% for item in items %}');
        for (const kind of app.kinds) if (PATTERN_KINDS[kind].tpl(primary).includes('item.')) lines.push(`  <a href="${PATTERN_KINDS[kind].tpl(primary).replace('%NS%', name)}">{{ item }}</a>`);
        if (hasRow) lines.push(`  {% include "${row}" %}`);
        lines.push('{% endfor %}');
        for (const kind of app.kinds) if (!PATTERN_KINDS[kind].tpl(primary).includes('item.')) lines.push(`<a href="${PATTERN_KINDS[kind].tpl(primary).replace('%NS%', name)}">more</a>`);
        lines.push(`<a href="{% url '${others[1].name}:index' %}">${others[1].cls}</a>`);
        if (plant.tplUnknownName === app) lines.push(`<a href="{% url '${name}:export_all' %}">Export</a>`);
        if (plant.tplWrongArgs === app) lines.push(`<a href="{% url '${name}:${primary.lower}_detail' %}">First</a>`);
        if (plant.tplUnknownNamespace === app) lines.push(`<a href="{% url 'legacy_${name}:index' %}">Old</a>`);
        if (plant.tplMissingInclude === app) lines.push(`{% include "${name}/_sidebar.html" %}`);
        lines.push('{% include "includes/pagination.html" %}');
      } else {
        lines.push(`<p>{{ object.description|default:"" }} {{ object.amount|${name}_money }}</p>`, `<a href="{% url '${name}:index' %}">Back</a>`);
      }
      lines.push('{% endblock %}', '');
      const file = `${name}/templates/${tpl}`;
      put(file, lines.join('\n'));
      if (isIndex) {
        if (plant.tplUnknownName === app) note(app, file, `{% url '${name}:export_all' %}`, 'unknown-url-name', `no pattern named export_all in namespace ${name}`);
        if (plant.tplWrongArgs === app) note(app, file, `{% url '${name}:${primary.lower}_detail' %}`, 'wrong-arg-count', `${name}:${primary.lower}_detail needs 1 argument (pk), given 0`);
        if (plant.tplUnknownNamespace === app) note(app, file, `{% url 'legacy_${name}:index' %}`, 'unknown-url-name', `no namespace legacy_${name}`);
        if (plant.tplMissingInclude === app) note(app, file, `{% include "${name}/_sidebar.html" %}`, 'missing-template', 'no such template in any templates directory');
      }
    }

    // Filler modules that a real app has and an indexer must read past.
    if (r.chance(0.5)) put(p('admin.py'), `from django.contrib import admin\n\nfrom .models import ${primary.name}\n\n\n@admin.register(${primary.name})\nclass ${primary.name}Admin(admin.ModelAdmin):\n    list_display = ["slug", "token"]\n    search_fields = ["slug"]\n`);
    if (r.chance(0.6)) put(p('forms.py'), `from django import forms\n\nfrom .models import ${primary.name}\n\n\nclass ${primary.name}Form(forms.ModelForm):\n    class Meta:\n        model = ${primary.name}\n        fields = ["slug"]\n\n    def clean_slug(self):\n        return self.cleaned_data["slug"].lower()\n`);
    if (r.chance(0.4)) put(p('serializers.py'), `from .models import ${models.map((x) => x.name).join(', ')}\n\n\n${models.map((x) => `class ${x.name}Serializer:\n    model = ${x.name}\n\n    def to_representation(self, obj):\n        return {"pk": obj.pk, "slug": obj.slug}\n`).join('\n\n')}`);
    if (r.chance(0.5)) put(p('utils.py'), `import re\n\nSLUG_RE = re.compile(r"^[-a-z0-9]+$")\n\n\ndef is_slug(value):\n    return bool(SLUG_RE.match(value or ""))\n\n\ndef chunks(items, size=50):\n    for start in range(0, len(items), size):\n        yield items[start:start + size]\n`);
    if (r.chance(0.6)) put(p('tests.py'), `from django.test import SimpleTestCase\nfrom django.urls import reverse\n\n\nclass UrlTests(SimpleTestCase):\n    def test_index(self):\n        self.assertEqual(reverse("${name}:index"), "/${name.replace('_', '-')}/")\n\n    def test_detail(self):\n        self.assertTrue(${PATTERN_KINDS.detail.py(primary).replace('%NS%', name)}.startswith("/"))\n`);
    if (r.chance(0.5)) {
      put(p('migrations/__init__.py'), '');
      put(p('migrations/0001_initial.py'), `from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    initial = True\n\n    dependencies = []\n\n    operations = []\n`);
    }
  }

  // --- Project package: split settings, root URLconf, WSGI, manage.py, project templates. -----------------
  const installed = apps.map((a, i) => (i % 3 === 0 ? `    "${a.name}.apps.${a.cls}Config",` : `    "${a.name}",`));
  put(`${proj}/__init__.py`, '');
  put(`${proj}/settings/__init__.py`, '');
  put(`${proj}/settings/base.py`, [
    `"""Settings shared by every environment of ${proj}."""`,
    'from pathlib import Path', '',
    'BASE_DIR = Path(__file__).resolve().parent.parent.parent', '',
    'SECRET_KEY = "generated-for-benchmarks-only"', 'DEBUG = False', 'ALLOWED_HOSTS = []', '',
    'DJANGO_APPS = [', '    "django.contrib.admin",', '    "django.contrib.auth",', '    "django.contrib.contenttypes",',
    '    "django.contrib.sessions",', '    "django.contrib.messages",', '    "django.contrib.staticfiles",', ']', '',
    'LOCAL_APPS = [', ...installed, ']', '',
    'INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS', '',
    'MIDDLEWARE = [', '    "django.middleware.security.SecurityMiddleware",', '    "django.contrib.sessions.middleware.SessionMiddleware",',
    '    "django.middleware.common.CommonMiddleware",', '    "django.middleware.csrf.CsrfViewMiddleware",',
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",', '    "django.contrib.messages.middleware.MessageMiddleware",', ']', '',
    `ROOT_URLCONF = "${proj}.urls"`, `WSGI_APPLICATION = "${proj}.wsgi.application"`, '',
    'TEMPLATES = [', '    {', '        "BACKEND": "django.template.backends.django.DjangoTemplates",', '        "DIRS": [BASE_DIR / "templates"],',
    '        "APP_DIRS": True,', '        "OPTIONS": {', '            "context_processors": [', '                "django.template.context_processors.debug",',
    '                "django.template.context_processors.request",', '                "django.contrib.auth.context_processors.auth",',
    '                "django.contrib.messages.context_processors.messages",', '            ],', '        },', '    },', ']', '',
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}', '',
    'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"', 'USE_TZ = True', 'STATIC_URL = "/static/"', '',
  ].join('\n'));
  put(`${proj}/settings/dev.py`, `"""Development settings: the shared ones plus debugging."""\nfrom .base import *  # noqa: F401,F403\n\nDEBUG = True\nALLOWED_HOSTS = ["localhost", "127.0.0.1"]\nINTERNAL_IPS = ["127.0.0.1"]\n`);
  const ru = ['from django.contrib import admin', 'from django.urls import include, path', 'from django.views.generic import TemplateView', '',
    'urlpatterns = [', '    path("", TemplateView.as_view(template_name="home.html"), name="home"),', '    path("admin/", admin.site.urls),'];
  apps.forEach((a, i) => {
    const prefix = a.name.replace('_', '-');
    // Three spellings of the same thing, as real projects mix them.
    if (i % 3 === 0) ru.push(`    path("${prefix}/", include("${a.name}.urls")),`);
    else if (i % 3 === 1) ru.push(`    path("${prefix}/", include("${a.name}.urls", namespace="${a.name}")),`);
    else ru.push(`    path("${prefix}/", include(("${a.name}.urls", "${a.name}"), namespace="${a.name}")),`);
  });
  ru.push(']');
  put(`${proj}/urls.py`, ru.join('\n') + '\n');
  put(`${proj}/wsgi.py`, `import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${proj}.settings.dev")\n\napplication = get_wsgi_application()\n`);
  put('manage.py', `#!/usr/bin/env python3\n"""Django's command-line utility for administrative tasks."""\nimport os\nimport sys\n\n\ndef main():\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${proj}.settings.dev")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n\n\nif __name__ == "__main__":\n    main()\n`);
  put('templates/base.html', `{% load static %}<!doctype html>\n<html>\n<head><title>{% block title %}${proj}{% endblock %}</title>\n<link rel="stylesheet" href="{% static 'css/site.css' %}"></head>\n<body>\n<nav><a href="{% url 'home' %}">Home</a> <a href="{% url 'admin:index' %}">Admin</a></nav>\n{% block content %}{% endblock %}\n</body>\n</html>\n`);
  put('templates/includes/pagination.html', '{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">next</a>{% endif %}\n');
  put('templates/home.html', `{% extends "base.html" %}\n{% block content %}\n<ul>\n${apps.map((a) => `<li><a href="{% url '${a.name}:index' %}">${a.cls}</a></li>`).join('\n')}\n</ul>\n{% endblock %}\n`);
  put('static/css/site.css', 'body { font-family: sans-serif; }\n');

  // --- Write. ---------------------------------------------------------------------------------------------
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!existsSync(join(out, MARKER))) usage(`${out} is not empty and was not made by this script; refusing to write into it`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), `seed=${seed} apps=${appCount}\n`);
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
  }
  writeFileSync(join(out, 'planted.json'), JSON.stringify(planted, null, 2) + '\n');
  const paths = [...files.keys()];
  const stats = {
    apps: apps.length,
    pythonFiles: paths.filter((f) => f.endsWith('.py')).length,
    templates: paths.filter((f) => f.endsWith('.html')).length,
    urlPatterns: apps.reduce((n, a) => n + 1 + a.kinds.length, 0) + 2,
    bytes: [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0),
  };
  return { proj, apps, planted, stats, sample: apps.slice(0, 3) };
}

// The Python side of --check. It only imports the generated project (which this script wrote), never a user's.
const ORACLE = `
import importlib, json, os, re, uuid
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.test import RequestFactory

class Item:
    pk = 1
    slug = "a-b"
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")
    amount = 1
    description = ""
    def __str__(self):
        return self.slug

found = []
def fail(path, e):
    found.append({"file": os.path.relpath(path), "error": type(e).__name__ + ": " + str(e)[:160]})

def render_all(tdir):
    for root, _, names in os.walk(tdir):
        for n in names:
            path = os.path.join(root, n)
            try:
                get_template(os.path.relpath(path, tdir)).render({"items": [Item()], "object": Item()})
            except Exception as e:
                fail(path, e)

for tdir in settings.TEMPLATES[0]["DIRS"]:
    render_all(str(tdir))
rf = RequestFactory()
for cfg in apps.get_app_configs():
    if cfg.name.startswith("django."):
        continue
    render_all(os.path.join(cfg.path, "templates"))
    views = importlib.import_module(cfg.name + ".views")
    vpath = views.__file__
    views.render = lambda *a, **k: None
    try:
        views.related_links(rf.get("/"))
    except Exception as e:
        fail(vpath, e)
    for name in re.findall(r'"([\\w/.-]+\\.html)"', open(vpath).read()):
        try:
            get_template(name)
        except Exception as e:
            fail(vpath, e)
print(json.dumps(found))
`;

function check(out, proj, sample, planted) {
  const python = '/usr/bin/python3';
  const env = { ...process.env, DJANGO_SETTINGS_MODULE: `${proj}.settings.dev`, PYTHONDONTWRITEBYTECODE: '1' };
  const have = spawnSync(python, ['-c', 'import django'], { encoding: 'utf8' });
  if (have.status !== 0) {
    console.log('check: skipped, Django is not importable with /usr/bin/python3');
    return true;
  }
  const c = spawnSync(python, ['manage.py', 'check'], { cwd: out, env, encoding: 'utf8' });
  console.log(`check: manage.py check exit ${c.status}: ${(c.stdout + c.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  // reverse() of a few names with arguments, computed from the same tables that wrote the templates.
  const calls = sample.flatMap((a) => [`reverse("${a.name}:index")`, ...a.kinds.slice(0, 3).map((k) => PATTERN_KINDS[k].py(a.primary).replace('%NS%', a.name))]);
  const code = `import django\ndjango.setup()\nfrom django.urls import reverse\n${calls.map((c) => `print(${JSON.stringify(c)}, "->", ${c})`).join('\n')}\n`;
  const rv = spawnSync(python, ['-c', code], { cwd: out, env, encoding: 'utf8' });
  console.log(`check: reverse() exit ${rv.status}`);
  process.stdout.write((rv.stdout + rv.stderr).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
  // Django as the oracle for the whole project: compile every template, render every app's templates with a
  // stand-in object (which resolves every {% url %} and {% include %}), run every view's reverse() calls, and
  // look up every template a view names. The failures must be exactly the planted ones.
  const oracle = spawnSync(python, ['-c', ORACLE], { cwd: out, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  let same = false;
  try {
    const found = JSON.parse(oracle.stdout);
    const key = (p) => `${p.file}`;
    const want = [...new Set(planted.map(key))].sort();
    const got = [...new Set(found.map(key))].sort();
    same = JSON.stringify(want) === JSON.stringify(got);
    console.log(`check: Django finds ${found.length} broken link(s) in ${got.length} file(s); planted in ${want.length} file(s): ${same ? 'same files' : 'DIFFERENT'}`);
    if (!same) for (const f of found) console.log(`  django: ${f.file}: ${f.error}`);
  } catch {
    console.log(`check: oracle failed: ${(oracle.stdout + oracle.stderr).trim().split('\n').slice(-5).join(' | ')}`);
  }
  return c.status === 0 && rv.status === 0 && same;
}

// Run as a script (the benchmark imports generate() instead).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('gen-project.mjs')) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const res = generate(opts);
  const s = res.stats;
  if (!opts.quiet) {
    console.log(`generated ${opts.out} in ${Date.now() - t0} ms (seed ${opts.seed}): ${s.apps} apps, ${s.pythonFiles} Python files, ${s.templates} templates, ${s.urlPatterns} URL patterns, ${(s.bytes / 2 ** 20).toFixed(1)} MiB`);
    console.log(`planted broken links (also in planted.json):`);
    for (const p of res.planted) console.log(`  ${p.file}:${p.line}  ${p.kind}  ${p.snippet}  (${p.detail})`);
  }
  if (opts.check && !check(opts.out, res.proj, res.sample, res.planted)) process.exit(1);
}
