# Django itself as the test oracle: prints Django's own view of each fixture project (URLs, templates, reverse/resolve outcomes) as JSON.
"""Usage: django_oracle.py PROJECT_DIR [PROJECT_DIR ...]

For every project folder (one that holds a ``manage.py``), this script runs a fresh
interpreter, sets the project up with ``django.setup()`` and prints what Django
itself knows, in the shape of ``django-mtv index --format json``:

    {"projects": [{"root", "settings", "django", "rootUrlconf", "urls", "templates",
                   "templateDirs", "apps", "reverse", "resolve"}]}

``reverse`` and ``resolve`` hold the outcomes of the cases listed in
``PROJECT_DIR/oracle-cases.json`` (when the file exists).

Each project gets its own interpreter because settings, the URL resolver cache and
the app registry are process-wide in Django: running two projects in one process
would leak state from the first into the second.
"""

import ast
import functools
import inspect
import json
import os
import re
import subprocess
import sys
import traceback
import uuid

SETTINGS_RE = re.compile(
    r"""os\.environ\.setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([^'"]+)['"]"""
)


class OracleError(Exception):
    """A problem worth one clear line of explanation rather than a traceback."""


def settings_module_of(root):
    """Reads DJANGO_SETTINGS_MODULE from the project's manage.py, as manage.py itself would set it."""
    manage = os.path.join(root, "manage.py")
    try:
        with open(manage, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise OracleError("cannot read %s: %s" % (manage, error))
    match = SETTINGS_RE.search(text)
    if not match:
        raise OracleError("%s does not set DJANGO_SETTINGS_MODULE with os.environ.setdefault" % manage)
    return match.group(1)


# ---------------------------------------------------------------------------
# Parent side: one child interpreter per project.
# ---------------------------------------------------------------------------


def run_all(roots):
    projects = []
    for root in roots:
        root = os.path.abspath(root)
        try:
            settings = settings_module_of(root)
        except OracleError as error:
            print("django_oracle: %s" % error, file=sys.stderr)
            return 2
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = settings
        # Byte-code files would be written into the fixtures otherwise.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        child = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--one", root],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
        )
        if child.returncode != 0:
            message = child.stderr.strip() or "exit status %d" % child.returncode
            print("django_oracle: project %s: %s" % (root, message), file=sys.stderr)
            return 2
        projects.append(json.loads(child.stdout))
    json.dump({"projects": projects}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


# ---------------------------------------------------------------------------
# Child side: one project, Django set up in this very process.
# ---------------------------------------------------------------------------


def record_call_sites():
    """Wraps path()/re_path()/url() so every URLPattern remembers the line of the call that made it.

    Django keeps no source position for patterns, and the contract asks for the line of
    the ``path(...)`` call. The wrapper must be installed before any URLconf is
    imported, because URLconfs bind the functions with ``from django.urls import path``.
    """
    import django.urls
    import django.urls.conf
    import django.conf.urls

    def wrap(original):
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            frame = sys._getframe(1)
            try:
                result._oracle_site = (frame.f_code.co_filename, frame.f_lineno)
            except AttributeError:
                pass
            return result

        return wrapper

    for module in (django.urls, django.urls.conf):
        module.path = wrap(django.urls.conf.path)
        module.re_path = wrap(django.urls.conf.re_path)
    if hasattr(django.conf.urls, "url"):
        original_url = django.conf.urls.url

        def url(*args, **kwargs):
            # url() calls re_path(); the site recorded must be the caller of url(), so it is overwritten here.
            result = original_url(*args, **kwargs)
            frame = sys._getframe(1)
            result._oracle_site = (frame.f_code.co_filename, frame.f_lineno)
            return result

        django.conf.urls.url = url


class Paths:
    """Turns absolute file names into the contract's form: relative to the project root with '/', else absolute."""

    def __init__(self, root):
        self.root = os.path.realpath(root)

    def show(self, filename):
        if filename is None:
            return None
        real = os.path.realpath(filename)
        if real == self.root or real.startswith(self.root + os.sep):
            return os.path.relpath(real, self.root).replace(os.sep, "/")
        return real


_tree_cache = {}


def definition_line(filename, obj, first_line):
    """Moves a source line from a decorator down to the def/class keyword of the same definition.

    inspect reports the first decorator's line for decorated functions and classes; the
    contract wants the line of the ``def``/``class`` statement itself, which the ast knows.
    """
    tree = _tree_cache.get(filename)
    if tree is None:
        try:
            with open(filename, encoding="utf-8") as handle:
                tree = ast.parse(handle.read(), filename)
        except (OSError, SyntaxError, ValueError):
            return first_line
        _tree_cache[filename] = tree
    name = getattr(obj, "__name__", None)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            starts = [decorator.lineno for decorator in node.decorator_list] + [node.lineno]
            if min(starts) == first_line or node.lineno == first_line:
                return node.lineno
    return first_line


def describe_view(callback, paths):
    """Finds the function or class that really implements a view, past decorators and as_view()."""
    target = getattr(callback, "view_class", None)
    if target is None:
        target = inspect.unwrap(callback)
        target = getattr(target, "view_class", target)
    while isinstance(target, functools.partial):
        target = target.func
    try:
        filename = inspect.getsourcefile(target) or inspect.getfile(target)
    except TypeError:
        filename = None
    line = None
    if filename is not None:
        try:
            first_line = inspect.getsourcelines(target)[1]
            line = definition_line(filename, target, first_line)
        except (OSError, TypeError):
            line = None
    return {
        "file": paths.show(filename),
        "line": line,
        "qualname": getattr(target, "__qualname__", None),
    }


def walk_urls(paths):
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    # Parameters are those of the whole chain of patterns: a reverse() of the name needs every one of them.
    def walk(patterns, prefix, namespaces, named, positional):
        for pattern in patterns:
            regex = pattern.pattern.regex
            own_named = list(regex.groupindex)
            own_positional = regex.groups - len(regex.groupindex)
            if isinstance(pattern, URLResolver):
                nested = namespaces + [pattern.namespace] if pattern.namespace else namespaces
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    nested,
                    named + own_named,
                    positional + own_positional,
                )
            elif isinstance(pattern, URLPattern):
                if not pattern.name:
                    continue
                site = getattr(pattern, "_oracle_site", (None, None))
                found.append(
                    {
                        "name": ":".join(namespaces + [pattern.name]),
                        "route": prefix + str(pattern.pattern),
                        "params": sorted(named + own_named),
                        "positional": positional + own_positional,
                        "file": paths.show(site[0]),
                        "line": site[1],
                        "view": describe_view(pattern.callback, paths),
                    }
                )

    walk(get_resolver().url_patterns, "", [], [], 0)
    return found


def template_dirs():
    """Lists every directory Django's template loaders search, engine by engine and loader by loader, in order."""
    from django.template import engines

    dirs = []

    def loader_dirs(loader):
        inner = getattr(loader, "loaders", None)
        if inner is not None:
            # The cached loader only delegates; its own order is that of the loaders it wraps.
            for sub in inner:
                loader_dirs(sub)
        elif hasattr(loader, "get_dirs"):
            for directory in loader.get_dirs():
                dirs.append(str(directory))

    for engine in engines.all():
        inner_engine = getattr(engine, "engine", None)
        if inner_engine is None:
            continue
        for loader in inner_engine.template_loaders:
            loader_dirs(loader)
    return dirs


def walk_templates(paths, dirs):
    found = {}
    for directory in dirs:
        if not os.path.isdir(directory):
            continue
        for current, subdirs, files in os.walk(directory):
            subdirs.sort()
            for filename in sorted(files):
                full = os.path.join(current, filename)
                name = os.path.relpath(full, directory).replace(os.sep, "/")
                # The first loader directory holding a name wins, as in Django's own lookup.
                if name not in found:
                    found[name] = paths.show(full)
    return [{"name": name, "file": found[name]} for name in sorted(found)]


def jsonable(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return str(value)


def reverse_case(case):
    from django.urls import NoReverseMatch, reverse

    args = case.get("args") or None
    kwargs = case.get("kwargs") or None
    try:
        return {"ok": reverse(case["name"], args=args, kwargs=kwargs)}
    except NoReverseMatch as error:
        message = str(error)
        # Django words an unknown name or namespace differently from a known name whose arguments do not fit.
        unknown = "is not a registered namespace" in message or "is not a valid view function or pattern name" in message
        return {"error": "NoReverseMatch", "kind": "unknown" if unknown else "args", "message": message}
    except Exception as error:  # noqa: BLE001 - any other failure is reported, never raised.
        return {"error": type(error).__name__, "kind": "other", "message": str(error)}


def resolve_case(path, paths):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return {"error": "Resolver404"}
    except Exception as error:  # noqa: BLE001
        return {"error": type(error).__name__, "message": str(error)}
    name = ":".join(match.namespaces + [match.url_name]) if match.url_name else None
    return {
        "name": name,
        "route": match.route,
        "view": describe_view(match.func, paths),
        "args": jsonable(list(match.args)),
        "kwargs": jsonable(match.kwargs),
    }


def run_one(root):
    root = os.path.abspath(root)
    sys.path.insert(0, root)
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module_of(root))
    try:
        import django
    except ImportError:
        raise OracleError("Django is not importable by %s: apt-get install python3-django" % sys.executable)
    record_call_sites()
    django.setup()
    from django.apps import apps
    from django.conf import settings

    paths = Paths(root)
    dirs = template_dirs()
    result = {
        "root": root,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "django": "%d.%d" % django.VERSION[:2],
        "rootUrlconf": settings.ROOT_URLCONF,
        "urls": walk_urls(paths),
        "templates": walk_templates(paths, dirs),
        "templateDirs": [paths.show(directory) for directory in dirs],
        "apps": [
            {"name": config.name, "label": config.label, "path": paths.show(config.path)}
            for config in apps.get_app_configs()
        ],
        "reverse": [],
        "resolve": [],
        "dynamic": False,
    }
    cases_file = os.path.join(root, "oracle-cases.json")
    if os.path.exists(cases_file):
        with open(cases_file, encoding="utf-8") as handle:
            cases = json.load(handle)
        result["dynamic"] = bool(cases.get("dynamic", False))
        result["reverse"] = [dict(case, outcome=reverse_case(case)) for case in cases.get("reverse", [])]
        result["resolve"] = [{"path": path, "outcome": resolve_case(path, paths)} for path in cases.get("resolve", [])]
    json.dump(result, sys.stdout, sort_keys=True)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--one":
        try:
            return run_one(argv[1])
        except OracleError as error:
            print(str(error), file=sys.stderr)
            return 2
        except Exception as error:  # noqa: BLE001 - a Django failure becomes one readable message.
            where = traceback.extract_tb(error.__traceback__)[-1]
            print(
                "%s: %s (at %s:%s)" % (type(error).__name__, error, where.filename, where.lineno),
                file=sys.stderr,
            )
            return 2
    if not argv or argv[0].startswith("-"):
        print("usage: django_oracle.py PROJECT_DIR [PROJECT_DIR ...]", file=sys.stderr)
        return 2
    return run_all(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
