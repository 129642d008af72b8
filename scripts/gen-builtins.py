# Generates server/src/core/templates/builtins.ts from real Django 3.2, 4.2, 5.2 and 6.1, with the series each name came or went.
#
# The language server never imports Django: this script is run by a developer, and its output (plain data) is
# committed. Run as `python3 scripts/gen-builtins.py > server/src/core/templates/builtins.ts`: it runs itself
# with `--json` under each Django (Debian's /usr/bin/python3 for 3.2, the interpreters scripts/django-versions.sh
# prints for the others). Each run asks Django itself which tags and filters each library registers, so the data
# is exactly what `{% load %}` would give, and reads each tag's source to learn which end and intermediate tags it
# consumes (so `{% endif %}` is not reported as an unknown tag). The merge keeps the newest description of each
# name and marks the series it appeared in (`since`) or disappeared in (`removedIn`); between two generated
# series the exact release comes from Django's release notes (EXACT below), checked against what was measured.
import inspect
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SERIES_32 = ('3.2', '/usr/bin/python3')

# Changes that happened in a release we do not generate from (between two generated series, or before the
# oldest), from Django's release notes. Each key is (kind, library or None for built-ins, name).
EXACT = {
    ('tag', None, 'ifequal'): {'removedIn': '4.0'},
    ('tag', None, 'ifnotequal'): {'removedIn': '4.0'},
    ('filter', None, 'escapeseq'): {'since': '5.0'},
    ('tag', None, 'querystring'): {'since': '5.1'},
    ('filter', None, 'length_is'): {'removedIn': '5.1'},
    ('tag', None, 'partialdef'): {'since': '6.0'},
    ('tag', None, 'partial'): {'since': '6.0'},
    ('tag', None, 'csp_nonce_attr'): {'since': '6.1'},
    ('library', None, 'auth'): {'since': '6.0'},
    ('library', None, 'admin_filters'): {'since': '6.0'},
    ('tag', 'admin_modify', 'change_form_admin_actions'): {'since': '6.0'},
    ('filter', 'admin_filters', 'to_object_display_value'): {'since': '6.0'},
    ('filter', 'admin_filters', 'truncated_unordered_list'): {'since': '6.0'},
    ('tag', 'auth', 'render_password_as_hash'): {'since': '6.0'},
}

# Libraries removed before the oldest generated series: `{% load staticfiles %}` and `{% load admin_static %}`
# were deprecated in 2.1 and removed in 3.0 in favour of `{% load static %}`.
REMOVED_BEFORE = {
    'staticfiles': {'module': 'django.contrib.staticfiles.templatetags.staticfiles', 'app': 'django.contrib.staticfiles', 'removedIn': '3.0', 'replacement': 'static'},
    'admin_static': {'module': 'django.contrib.admin.templatetags.admin_static', 'app': 'django.contrib.admin', 'removedIn': '3.0', 'replacement': 'static'},
}


def series_key(series):
    return tuple(int(p) for p in series.split('.'))


def runtimes():
    """Every Django to generate from: 3.2, then what scripts/django-versions.sh fetched (it fails loudly itself)."""
    out = subprocess.run(['bash', os.path.join(HERE, 'django-versions.sh')], stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
    found = [SERIES_32]
    for line in out.splitlines():
        series, python = line.split()[:2]
        found.append((series, python))
    return found


def generate():
    data = []
    for series, python in runtimes():
        text = subprocess.run([python, '-I', os.path.abspath(__file__), '--json'], stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
        one = json.loads(text)
        if one['series'] != series:
            raise SystemExit('gen-builtins: %s runs Django %s, not %s' % (python, one['series'], series))
        data.append(one)
    data.sort(key=lambda d: series_key(d['series']))
    write_ts(merge(data))


def span_of(kind, lib, name, present, all_series):
    """`since`/`removedIn` of a name from the series it is present in, refined by EXACT."""
    first, last = all_series.index(present[0]), all_series.index(present[-1])
    if last - first + 1 != len(present):
        raise SystemExit('gen-builtins: %s %s came, went and came back: %s' % (kind, name, present))
    out = {}
    exact = EXACT.get((kind, lib, name), {})
    if first > 0:
        since = exact.get('since', all_series[first])
        if not (series_key(all_series[first - 1]) < series_key(since) <= series_key(all_series[first])):
            raise SystemExit('gen-builtins: EXACT says %s %s came in %s, but it appeared between %s and %s' % (kind, name, since, all_series[first - 1], all_series[first]))
        out['since'] = since
    if last < len(all_series) - 1:
        removed = exact.get('removedIn', all_series[last + 1])
        if not (series_key(all_series[last]) < series_key(removed) <= series_key(all_series[last + 1])):
            raise SystemExit('gen-builtins: EXACT says %s %s went in %s, but it went between %s and %s' % (kind, name, removed, all_series[last], all_series[last + 1]))
        out['removedIn'] = removed
    return out


def merge_names(kind, lib, tables, all_series):
    """Merges {series: {name: record}} into {name: newest record + since/removedIn}."""
    out = {}
    names = set()
    for table in tables.values():
        names.update(table)
    for name in sorted(names):
        present = [s for s in all_series if name in tables.get(s, {})]
        rec = dict(tables[present[-1]][name])
        rec.update(span_of(kind, lib, name, present, all_series))
        out[name] = rec
    return out


def merge(data):
    all_series = [d['series'] for d in data]
    tags = merge_names('tag', None, {d['series']: d['tags'] for d in data}, all_series)
    filters = merge_names('filter', None, {d['series']: d['filters'] for d in data}, all_series)
    lib_names = sorted(set().union(*[set(d['libraries']) for d in data]))
    libraries = {}
    for name in lib_names:
        present = [d['series'] for d in data if name in d['libraries']]
        newest = [d for d in data if name in d['libraries']][-1]['libraries'][name]
        rec = {'module': newest['module'], 'app': newest['app']}
        rec.update(span_of('library', None, name, present, all_series))
        rec['tags'] = merge_names('tag', name, {d['series']: d['libraries'][name]['tags'] for d in data if name in d['libraries']}, all_series)
        rec['filters'] = merge_names('filter', name, {d['series']: d['libraries'][name]['filters'] for d in data if name in d['libraries']}, all_series)
        libraries[name] = rec
    for name, info in REMOVED_BEFORE.items():
        if name in libraries:
            raise SystemExit('gen-builtins: %s is said to be removed before %s but exists' % (name, all_series[0]))
        libraries[name] = dict(info, tags={}, filters={})
    return {'series': all_series, 'versions': [d['version'] for d in data], 'tags': tags, 'filters': filters, 'libraries': dict(sorted(libraries.items()))}


APPS = [
    'django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions',
    'django.contrib.messages', 'django.contrib.staticfiles', 'django.contrib.humanize',
    'django.contrib.flatpages', 'django.contrib.sites', 'django.contrib.admindocs', 'django.contrib.sitemaps',
    'django.contrib.redirects', 'django.contrib.syndication',
]


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
    # Django 4.0 and later are formatted by black: double quotes, and calls split over lines.
    groups = re.findall(r'parser\.parse\(\s*\(([^)]*)\)', src)
    # `parser.parse(valid_endpartials)` with `valid_endpartials = ("endpartialdef", f"endpartialdef {name}")`.
    for var in re.findall(r'parser\.parse\(\s*(\w+)\s*\)', src):
        groups += re.findall(r'\b' + var + r'\s*=\s*\(([^)]*)\)', src)
    for group in groups:
        names += re.findall(r"""(?<![\w{])['"](\w+)['"]""", group)
        if 'end_tag' in group:
            names.append('end' + name)
    names += re.findall(r"""skip_past\(['"](\w+)['"]\)""", src)
    if re.search(r"""['"]end%s['"] % bits\[0\]""", src):
        names.append('end' + name)
    if re.search(r"""!= ['"]plural['"]""", src):
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


def describe_django():
    """What the running Django registers: built-in tags and filters, and the libraries `{% load %}` accepts."""
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=APPS, SECRET_KEY='gen-builtins', TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates'}])
    django.setup()
    import importlib
    from django.template.backends.django import get_package_libraries
    from django.template.engine import Engine
    from django.template.library import import_library

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
    return {'version': django.get_version(), 'series': '%d.%d' % django.VERSION[:2], 'tags': builtin_tags, 'filters': builtin_filters, 'libraries': libraries}


def ts_header(merged):
    out = []
    out.append("// Django's built-in template tags, filters and tag libraries in %s, with the series each came or went; generated by scripts/gen-builtins.py, do not edit." % ', '.join(merged['series']))
    out.append('')
    out.append('/** When a name exists: since a release (absent before it) and until one (absent from it on). */')
    out.append('export interface Lifespan {')
    out.append('  /** The Django release ("5.1") that added it; absent when every generated series has it. */')
    out.append('  since?: string;')
    out.append('  /** The Django release that removed it. */')
    out.append('  removedIn?: string;')
    out.append('}')
    out.append('')
    out.append('/** A template tag as Django registers it (the newest description). */')
    out.append('export interface TagInfo extends Lifespan {')
    out.append('  /** A usage line, such as `{% url name arg %}`. */')
    out.append('  syntax: string;')
    out.append("  /** The first line of the tag's docstring. */")
    out.append('  doc: string;')
    out.append('  /** End tags the tag consumes (a block tag), such as `endif`. */')
    out.append('  end?: string[];')
    out.append('  /** Tags it consumes between start and end, such as `else`. */')
    out.append('  intermediates?: string[];')
    out.append('}')
    out.append('')
    out.append('/** A template filter as Django registers it. */')
    out.append('export interface FilterInfo extends Lifespan {')
    out.append('  /** How it is written, such as `value|date:arg`. */')
    out.append('  signature: string;')
    out.append('  doc: string;')
    out.append('}')
    out.append('')
    out.append('/** A library that `{% load %}` accepts. */')
    out.append('export interface LibraryInfo extends Lifespan {')
    out.append('  /** The Python module that defines it. */')
    out.append('  module: string;')
    out.append('  /** The app that must be in INSTALLED_APPS for it to load, or null when Django always offers it. */')
    out.append('  app: string | null;')
    out.append('  /** For a removed library, the one to load instead. */')
    out.append('  replacement?: string;')
    out.append('  tags: Record<string, TagInfo>;')
    out.append('  filters: Record<string, FilterInfo>;')
    out.append('}')
    out.append('')
    return out


def write_ts(merged):
    out = ts_header(merged)
    out.append('/** The Django series this data was generated from, oldest first, and their exact versions. */')
    out.append('export const GENERATED_SERIES: string[] = %s;' % json.dumps(merged['series']))
    out.append('export const GENERATED_VERSIONS: string[] = %s;' % json.dumps(merged['versions']))
    out.append('')
    out.append('/** Tags available in every template without `{% load %}` (defaulttags and loader_tags), in any series. */')
    out.append('export const BUILTIN_TAGS: Record<string, TagInfo & { module: string }> = %s;' % json.dumps(merged['tags'], indent=2))
    out.append('')
    out.append('/** Filters available in every template without `{% load %}`, in any series. */')
    out.append('export const BUILTIN_FILTERS: Record<string, FilterInfo> = %s;' % json.dumps(merged['filters'], indent=2))
    out.append('')
    out.append('/** The libraries Django itself provides (or provided), by the name `{% load %}` takes. */')
    out.append('export const DJANGO_LIBRARIES: Record<string, LibraryInfo> = %s;' % json.dumps(merged['libraries'], indent=2))
    out.append('')
    sys.stdout.write('\n'.join(out))


if __name__ == '__main__':
    if sys.argv[1:] == ['--json']:
        json.dump(describe_django(), sys.stdout, sort_keys=True)
    else:
        generate()
