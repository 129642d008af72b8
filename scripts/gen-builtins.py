# Generates server/src/core/templates/builtins.ts from the installed Django (run with /usr/bin/python3, Django 3.2).
#
# The language server never imports Django: this script is run once by a developer, and its output (plain
# data) is committed. It asks Django itself which tags and filters each library registers, so the data is
# exactly what `{% load %}` would give, and reads each tag's source to learn which end and intermediate
# tags it consumes (so `{% endif %}` is not reported as an unknown tag).
import inspect
import json
import re
import sys

import django
from django.conf import settings

APPS = [
    'django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions',
    'django.contrib.messages', 'django.contrib.staticfiles', 'django.contrib.humanize',
    'django.contrib.flatpages', 'django.contrib.sites', 'django.contrib.admindocs', 'django.contrib.sitemaps',
    'django.contrib.redirects', 'django.contrib.syndication',
]
settings.configure(INSTALLED_APPS=APPS, SECRET_KEY='gen-builtins', TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates'}])
django.setup()

from django.template.backends.django import get_package_libraries  # noqa: E402
from django.template.library import import_library  # noqa: E402
from django.template.engine import Engine  # noqa: E402
import importlib  # noqa: E402


def first_doc_line(obj):
    doc = inspect.getdoc(obj) or ''
    for line in doc.splitlines():
        line = line.strip()
        if line:
            return line
    return ''


def unwrap(func):
    while hasattr(func, '__wrapped__'):
        func = func.__wrapped__
    return func


def tag_syntax(name, func):
    # Prefer a usage line from the docstring, which is how Django documents its tags.
    doc = inspect.getdoc(func) or ''
    m = re.search(r'\{%\s*' + re.escape(name) + r'\b[^\n]*?%\}', doc)
    if m:
        return re.sub(r'\s+', ' ', m.group(0))
    orig = unwrap(func)
    if orig is not func:
        # simple_tag / inclusion_tag: the Python parameters are the tag's arguments.
        try:
            params = [p for p in inspect.signature(orig).parameters.values() if p.name != 'context']
            return '{% ' + ' '.join([name] + [p.name for p in params]) + ' %}'
        except (TypeError, ValueError):
            pass
    return '{% ' + name + ' %}'


def filter_signature(name, func):
    func = unwrap(func)
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return 'value|' + name
    if len(params) >= 2:
        return 'value|%s:%s' % (name, params[1].name)
    return 'value|' + name


def block_structure(name, func):
    """The end and intermediate tag names a block tag consumes, read from its source."""
    try:
        func = unwrap(func)
        src = inspect.getsource(func)
        # Aliases such as `ifequal` delegate to a shared compile function: read that one too.
        for callee in re.findall(r'return (\w+)\(parser, token', src):
            target = func.__globals__.get(callee)
            if target is not None:
                src += inspect.getsource(unwrap(target))
    except (OSError, TypeError):
        return None, None
    names = []
    for group in re.findall(r'parser\.parse\(\(([^)]*)\)', src):
        names += re.findall(r"'(\w+)'", group)
        if 'end_tag' in group:
            names.append('end' + name)
    names += re.findall(r"skip_past\('(\w+)'\)", src)
    if "'end%s' % bits[0]" in src:
        names.append('end' + name)
    if "!= 'plural'" in src:
        names.append('plural')
    if not names:
        return None, None
    ends, inter = [], []
    for n in names:
        lst = ends if n.startswith('end') else inter
        if n not in lst:
            lst.append(n)
    return ends, inter


def describe(lib):
    tags = {}
    for name, func in sorted(lib.tags.items()):
        ends, inter = block_structure(name, func)
        rec = {'syntax': tag_syntax(name, func), 'doc': first_doc_line(unwrap(func))}
        if ends:
            rec['end'] = ends
        if inter:
            rec['intermediates'] = inter
        tags[name] = rec
    filters = {}
    for name, func in sorted(lib.filters.items()):
        filters[name] = {'signature': filter_signature(name, func), 'doc': first_doc_line(unwrap(func))}
    return tags, filters


builtin_tags, builtin_filters = {}, {}
for module in Engine.default_builtins:
    t, f = describe(import_library(module))
    for k, v in t.items():
        v['module'] = module
    builtin_tags.update(t)
    builtin_filters.update(f)

libraries = {}
candidates = [('django.templatetags', None)] + [(app + '.templatetags', app) for app in APPS]
for pkg_name, app in candidates:
    try:
        pkg = importlib.import_module(pkg_name)
    except ImportError:
        continue
    for module in get_package_libraries(pkg):
        t, f = describe(import_library(module))
        libraries[module[len(pkg_name) + 1:]] = {'module': module, 'app': app, 'tags': t, 'filters': f}

out = []
out.append('// Data about Django 3.2\'s built-in template tags, filters and tag libraries; generated by scripts/gen-builtins.py, do not edit.')
out.append('')
out.append('/** A template tag as Django registers it. */')
out.append('export interface TagInfo {')
out.append('  /** A usage line, such as `{% url name arg %}`. */')
out.append('  syntax: string;')
out.append('  /** The first line of the tag\'s docstring. */')
out.append('  doc: string;')
out.append('  /** End tags the tag consumes (a block tag), such as `endif`. */')
out.append('  end?: string[];')
out.append('  /** Tags it consumes between start and end, such as `else`. */')
out.append('  intermediates?: string[];')
out.append('}')
out.append('')
out.append('/** A template filter as Django registers it. */')
out.append('export interface FilterInfo {')
out.append('  /** How it is written, such as `value|date:arg`. */')
out.append('  signature: string;')
out.append('  doc: string;')
out.append('}')
out.append('')
out.append('/** A library that `{% load %}` accepts. */')
out.append('export interface LibraryInfo {')
out.append('  /** The Python module that defines it. */')
out.append('  module: string;')
out.append('  /** The app that must be in INSTALLED_APPS for it to load, or null when Django always offers it. */')
out.append('  app: string | null;')
out.append('  tags: Record<string, TagInfo>;')
out.append('  filters: Record<string, FilterInfo>;')
out.append('}')
out.append('')
out.append('/** The Django version this data was generated from. */')
out.append('export const DJANGO_VERSION = %s;' % json.dumps(django.get_version()))
out.append('')
out.append('/** Tags available in every template without `{% load %}` (defaulttags and loader_tags). */')
out.append('export const BUILTIN_TAGS: Record<string, TagInfo & { module: string }> = %s;' % json.dumps(builtin_tags, indent=2))
out.append('')
out.append('/** Filters available in every template without `{% load %}`. */')
out.append('export const BUILTIN_FILTERS: Record<string, FilterInfo> = %s;' % json.dumps(builtin_filters, indent=2))
out.append('')
out.append('/** The libraries Django itself provides, by the name `{% load %}` takes. */')
out.append('export const DJANGO_LIBRARIES: Record<string, LibraryInfo> = %s;' % json.dumps(libraries, indent=2))
out.append('')
sys.stdout.write('\n'.join(out))
