# Proves with real Django that a realistic fixture project is healthy, by listing every broken link Django itself sees.
"""Usage: verify_healthy.py PROJECT_DIR [--settings MODULE]

Loads the project (the folder holding manage.py) with django.setup(), runs the system checks, compiles
every template of every engine, and checks every literal template name and URL name that the project's
Python files and templates mention.  Prints a JSON list of problems, each {"file", "line", "kind",
"name", "error"} with file relative to PROJECT_DIR, and exits 1 if the list is not empty.

It runs only the project's module-level code and the views' template selection, never a request, so no
database is needed.  It is the oracle for test/unit/realistic.test.ts.
"""
import ast
import io
import itertools
import json
import os
import re
import sys
import traceback

project = os.path.abspath(sys.argv[1])
settings_module = None
if "--settings" in sys.argv:
    settings_module = sys.argv[sys.argv.index("--settings") + 1]
problems = []


def rel(path):
    return os.path.relpath(os.path.abspath(path), project) if path else None


def report(path, line, kind, name, error):
    problems.append({"file": rel(path), "line": line, "kind": kind, "name": name, "error": str(error)[:300]})


def frame_in_project(tb):
    """The innermost traceback frame inside the project, so an import error points at the planted line."""
    best = (None, None)
    for fs in traceback.extract_tb(tb):
        # "<frozen importlib._bootstrap>" is no file, though abspath would put it inside the project.
        if not fs.filename.startswith("<") and os.path.abspath(fs.filename).startswith(project + os.sep):
            best = (fs.filename, fs.lineno)
    return best


# Read DJANGO_SETTINGS_MODULE from manage.py the way running it would (setdefault or item assignment).
if settings_module is None:
    with open(os.path.join(project, "manage.py")) as f:
        m = re.search(r"DJANGO_SETTINGS_MODULE['\"]\]?\s*[,=]\s*['\"]([\w.]+)['\"]", f.read())
    settings_module = m.group(1)
os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
sys.path.insert(0, project)
os.chdir(project)

import django  # noqa: E402

try:
    django.setup()
    from django.core.management import call_command

    call_command("check", stdout=io.StringIO())  # its "no issues" line would spoil the JSON on stdout
    from django.urls import get_resolver

    get_resolver().url_patterns  # forces the whole URLconf to import
except Exception as e:  # noqa: BLE001 - any failure here is a broken project
    f, ln = frame_in_project(sys.exc_info()[2])
    report(f, ln, "setup", None, repr(e))
    print(json.dumps(problems, indent=1))
    sys.exit(1)

from django.conf import settings  # noqa: E402
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines  # noqa: E402
from django.template.loader import get_template, select_template  # noqa: E402
from django.template.utils import get_app_template_dirs  # noqa: E402
from django.urls import NoReverseMatch, get_resolver, reverse  # noqa: E402

# Dummy argument values: every converter and regex group used by the fixtures accepts one of these.
CANDIDATES = ["1", "2020", "a", "a-b", "ab12", "2020-01-01", "12345678-1234-5678-1234-567812345678"]


def literal(bit):
    """The value of a template literal argument ('x', "x", 12), or None for a variable."""
    m = re.fullmatch(r"""(['"])(.*)\1|(-?[0-9]+)""", bit)
    return None if not m else m.group(2) if m.group(1) else m.group(3)


def try_reverse(name, nargs=0, kwnames=(), fixed=None):
    """None when some dummy values of this shape reverse, else the last NoReverseMatch.

    fixed maps an argument's position (int) or keyword (str) to its literal value; the others get dummies.
    """
    last = None
    kwnames = list(kwnames)
    fixed = fixed or {}
    slots = list(range(nargs)) + kwnames
    choices = [[fixed[s]] if fixed.get(s) is not None else CANDIDATES for s in slots]
    for combo in itertools.product(*choices):
        try:
            reverse(name, args=list(combo[:nargs]), kwargs=dict(zip(kwnames, combo[nargs:])))
            return None
        except NoReverseMatch as e:
            last = e
            if "is not a valid view function or pattern name" in str(e) or "is not a registered namespace" in str(e):
                return e
    return last


def check_template_name(name, path, line, engine=None):
    try:
        (engine.get_template(name) if engine else get_template(name))
    except TemplateDoesNotExist as e:
        report(path, line, "template", name, e)
    except TemplateSyntaxError:
        pass  # the template exists; its own compile error is reported where it lives


# ------------------------------------------------------------------ templates of every engine
def engine_dirs(engine):
    dirs = [str(d) for d in engine.dirs]
    if engine.app_dirs or engine.__class__.__name__ == "DjangoTemplates":
        dirs += [str(d) for d in get_app_template_dirs(engine.app_dirname)]
    return dirs


seen_files = set()
for engine in engines.all():
    is_django = engine.__class__.__name__ == "DjangoTemplates"
    if is_django:
        engine.engine.debug = True  # so syntax errors carry their line
    for d in engine_dirs(engine):
        for root, _dirs, files in os.walk(d):
            for fn in files:
                path = os.path.join(root, fn)
                name = os.path.relpath(path, d).replace(os.sep, "/")
                if not os.path.abspath(path).startswith(project + os.sep):
                    continue  # Django's own templates are Django's business
                try:
                    t = engine.get_template(name)
                except TemplateSyntaxError as e:
                    info = getattr(e, "template_debug", None) or {}
                    line = info.get("line") or getattr(e, "lineno", None)
                    report(path, line, "template-syntax", name, e)
                    continue
                except TemplateDoesNotExist:
                    continue  # shadowed or not reachable by this engine: loading by name is checked below
                if os.path.realpath(path) in seen_files:
                    continue
                seen_files.add(os.path.realpath(path))
                with open(path, encoding="utf-8") as fh:
                    lines = fh.read().split("\n")
                for i, text in enumerate(lines, 1):
                    if is_django:
                        for m in re.finditer(r"\{%\s*(extends|include)\s+(['\"])(.+?)\2", text):
                            target = m.group(3)
                            if target.startswith("./") or target.startswith("../"):
                                target = os.path.normpath(os.path.join(os.path.dirname(name), target)).replace(os.sep, "/")
                            check_template_name(target, path, i, engine)
                        for m in re.finditer(r"\{%\s*url\s+(['\"])(.+?)\1(.*?)%\}", text):
                            bits = m.group(3).split()
                            if len(bits) >= 2 and bits[-2] == "as":
                                bits = bits[:-2]
                            pos = [b for b in bits if "=" not in b]
                            kws = [b.split("=", 1) for b in bits if "=" in b]
                            fixed = {i: literal(b) for i, b in enumerate(pos)}
                            fixed.update({k: literal(v) for k, v in kws})
                            err = try_reverse(m.group(2), len(pos), [k for k, _v in kws], fixed)
                            if err:
                                report(path, i, "url", m.group(2), err)
                    else:
                        # Jinja2: url('name', args...) and url('name', kwarg=...) in expressions.
                        for m in re.finditer(r"\burl\(\s*(['\"])(.+?)\1([^)]*)\)", text):
                            bits = [b.strip() for b in m.group(3).split(",") if b.strip()]
                            kw = [b.split("=", 1)[0].strip() for b in bits if "=" in b]
                            err = try_reverse(m.group(2), len(bits) - len(kw), kw)
                            if err:
                                report(path, i, "url", m.group(2), err)
                        for m in re.finditer(r"\{%\s*(extends|include|import|from)\s+(['\"])(.+?)\2", text):
                            check_template_name(m.group(3), path, i, engine)


# ------------------------------------------------------------------ literal names in Python
URL_FUNCS = {"reverse", "reverse_lazy", "resolve_url", "redirect"}
TEMPLATE_ARG = {"render": 1, "render_to_string": 0, "get_template": 0, "TemplateResponse": 1, "render_to_response": 0}


def func_name(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def const_str(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


for root, dirs, files in os.walk(project):
    dirs[:] = [d for d in dirs if d not in ("migrations", "__pycache__")]
    for fn in files:
        if not fn.endswith(".py") or fn == "manage.py":
            continue
        path = os.path.join(root, fn)
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id == "template_name" and const_str(node.value):
                    check_template_name(node.value.value, path, node.lineno)
            if not isinstance(node, ast.Call):
                continue
            name = func_name(node)
            for k in node.keywords:
                if k.arg == "template_name" and const_str(k.value):
                    check_template_name(k.value.value, path, node.lineno)
            if name == "inclusion_tag" and node.args and const_str(node.args[0]):
                check_template_name(node.args[0].value, path, node.lineno)  # Django loads it at the first render
            if name in TEMPLATE_ARG and len(node.args) > TEMPLATE_ARG[name]:
                t = const_str(node.args[TEMPLATE_ARG[name]])
                if t:
                    check_template_name(t, path, node.lineno)
            if name == "select_template" and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
                names = [const_str(e) for e in node.args[0].elts]
                if all(names):
                    try:
                        select_template(names)
                    except TemplateDoesNotExist as e:
                        report(path, node.lineno, "template", ",".join(names), e)
            if name in URL_FUNCS and node.args and const_str(node.args[0]):
                target = node.args[0].value
                if name in ("redirect", "resolve_url") and ("/" in target or "." in target):
                    continue  # Django treats these as URLs when they do not reverse
                nargs, kwnames = 0, []
                if any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
                    continue  # **kwargs or *args: the shape is only known at run time
                if name in ("reverse", "reverse_lazy"):
                    shape_known = True
                    for k in node.keywords:
                        if k.arg == "args":
                            shape_known &= isinstance(k.value, (ast.List, ast.Tuple))
                            nargs = len(k.value.elts) if shape_known else 0
                        if k.arg == "kwargs":
                            shape_known &= isinstance(k.value, ast.Dict) and all(const_str(x) for x in k.value.keys)
                            kwnames = [const_str(x) for x in k.value.keys] if shape_known else []
                    if not shape_known:
                        continue  # args=some_list or kwargs=dict(...): not a literal shape
                else:
                    nargs = len(node.args) - 1
                    kwnames = [k.arg for k in node.keywords if k.arg != "permanent"]
                err = try_reverse(target, nargs, kwnames)
                if err:
                    report(path, node.lineno, "url", target, err)


# ------------------------------------------------------------------ every named URL, and the templates class-based views pick
def walk(patterns, ns=(), params=()):
    """Every leaf pattern with its namespaces and the parameters of the whole include chain (reverse() needs all)."""
    for p in patterns:
        own = tuple(getattr(p.pattern, "regex", None).groupindex) if hasattr(p.pattern, "regex") else ()
        if hasattr(p, "url_patterns"):
            yield from walk(p.url_patterns, ns + ((p.namespace,) if p.namespace else ()), params + own)
        else:
            yield ns, p, params + own


def in_project(obj):
    mod = sys.modules.get(getattr(obj, "__module__", None) or "")
    return bool(mod and getattr(mod, "__file__", None) and os.path.abspath(mod.__file__).startswith(project + os.sep))


for ns, p, params in walk(get_resolver().url_patterns):
    if p.name and in_project(p.callback):
        full = ":".join(ns + (p.name,))
        nargs = 0 if params else p.pattern.regex.groups
        err = try_reverse(full, nargs, params)
        if err:
            report(None, None, "url-pattern", full, err)
    cls = getattr(p.callback, "view_class", None)
    from django.views.generic.base import TemplateResponseMixin

    if cls and issubclass(cls, TemplateResponseMixin):
        view = cls(**getattr(p.callback, "view_initkwargs", {}))
        view.object = None
        model = getattr(view, "model", None)
        view.object_list = model.objects.none() if model is not None else []
        if hasattr(view, "get_queryset") and model is None:
            try:
                view.object_list = view.get_queryset()  # lazy: no query runs, but .model names the template
            except Exception:  # noqa: BLE001 - a get_queryset() that needs a request: its template is unknowable here
                continue
        if getattr(view, "template_name", None):
            continue  # a literal template_name is checked where it is written
        try:
            names = view.get_template_names()
            select_template(names)
        except TemplateSyntaxError:
            pass  # reported at the template itself
        except Exception as e:  # noqa: BLE001 - ImproperlyConfigured or TemplateDoesNotExist
            report(sys.modules[cls.__module__].__file__, None, "view-template", cls.__name__, e)

print(json.dumps(problems, indent=1))
sys.exit(1 if problems else 0)
