# Django as the oracle for template partials: loads each template name and renders each template of a project, printing what Django raises.
"""Usage: partials_oracle.py PROJECT_DIR NAME [NAME ...]

Sets the project up (its manage.py's DJANGO_SETTINGS_MODULE), then prints JSON:
  {"django": "6.1", "names": {NAME: "ok" | "<Exception>: <message>"},
   "renders": {TEMPLATE: "ok" | "<Exception>: <message>"}}
where "names" is get_template(NAME) for each NAME given (as render(), get_template(), select_template() and
{% include %} load a name), and "renders" renders every template file of the project's template folders with
an empty context. Nothing else runs: no request, no database.
"""
import json
import os
import re
import sys

project = os.path.abspath(sys.argv[1])
with open(os.path.join(project, "manage.py")) as f:
    os.environ["DJANGO_SETTINGS_MODULE"] = re.search(r"DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"]([\w.]+)['\"]", f.read()).group(1)
sys.path.insert(0, project)
os.chdir(project)

import django  # noqa: E402

django.setup()
from django.template import engines  # noqa: E402
from django.template.loader import get_template  # noqa: E402


def outcome(fn):
    try:
        fn()
        return "ok"
    except Exception as error:  # noqa: BLE001 - every failure is the answer.
        return "%s: %s" % (type(error).__name__, error)


names = {name: outcome(lambda name=name: get_template(name)) for name in sys.argv[2:]}
renders = {}
for engine in engines.all():
    for loader in engine.engine.template_loaders:
        for directory in loader.get_dirs():
            for current, _, files in os.walk(str(directory)):
                for filename in sorted(files):
                    name = os.path.relpath(os.path.join(current, filename), str(directory)).replace(os.sep, "/")
                    if name not in renders:
                        renders[name] = outcome(lambda name=name: get_template(name).render({}))
json.dump({"django": "%d.%d" % django.VERSION[:2], "names": names, "renders": renders}, sys.stdout, sort_keys=True)
