// Review 2: go-to-definition bugs found in review, each kept as a regression test (expected behaviour checked against Django 3.2 where it matters).
import { test } from 'node:test';
import { checkDefinition } from '../helpers/fixture';

function base(settings = '', apps = '["polls"]'): string {
  return `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
//- /site/__init__.py
//- /site/settings.py
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ${apps}
ROOT_URLCONF = "site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
}]
${settings}
//- /polls/__init__.py
`;
}


// Fixed (found in review): STATICFILES_DIRS ("prefix", dir) pairs: the prefix is part of the static path (Django 3.2:
// finders.find("vendor/x.js") -> assets/x.js, finders.find("x.js") -> None), but settings.ts drops it, so
// "vendor/x.js" finds nothing and "x.js" wrongly jumps to assets/x.js.
test('review2: {% static %} honours the prefix of a ("prefix", dir) STATICFILES_DIRS entry', () => {
  checkDefinition(`${base('STATICFILES_DIRS = [("vendor", BASE_DIR / "assets")]')}
    //- /assets/x.js
    <||>x
    //- /templates/page.html
    {% load static %}{% static "vendor/x$0.js" %}
  `);
  checkDefinition(`${base('STATICFILES_DIRS = [("vendor", BASE_DIR / "assets")]')}
    //- /assets/x.js
    x
    //- /templates/page.html
    {% load static %}{% static "x$0.js" %}
  `);
});

// Fixed (found in review): a tag or filter registered by call (register.filter("dbl", twice), register.tag("xx", do_x)) jumps to
// the register call instead of the function that implements it.
test('review2: a filter or tag registered by a register.filter/tag(name, func) call jumps to func', () => {
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/extras.py
    from django import template
    register = template.Library()
    def <|twice|>(x):
        return x + x
    register.filter("dbl", twice)
    //- /templates/page.html
    {% load extras %}{{ 1|db$0l }}
  `);
  checkDefinition(`${base()}
    //- /polls/templatetags/__init__.py
    //- /polls/templatetags/extras.py
    from django import template
    register = template.Library()
    def <|do_x|>(parser, token):
        pass
    register.tag("xx", do_x)
    //- /templates/page.html
    {% load extras %}{% x$0x %}
  `);
});

// Fixed (found in review): Django's own libraries (static, i18n, cache, l10n, tz) are placeholders with no file even when the
// environment holds django/templatetags/static.py, so {% load static %} never jumps (a contrib app's
// library such as humanize does).
test('review2: {% load static %} jumps to django/templatetags/static.py in the environment', () => {
  checkDefinition(`${base('', '["django.contrib.staticfiles", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/templatetags/__init__.py
    //- /env/django/templatetags/static.py
    <||>from django import template
    register = template.Library()
    //- /templates/page.html
    {% load sta$0tic %}
  `);
});

// Fixed (found in review): relation strings resolve only against the project's own models, so ForeignKey("auth.User") (the most
// common one) gives nothing even when the environment holds django/contrib/auth/models.py.
test('review2: ForeignKey("auth.User") jumps to the User class in the environment', () => {
  checkDefinition(`${base('', '["django.contrib.auth", "polls"]')}
    //- /env/django/__init__.py
    //- /env/django/contrib/__init__.py
    //- /env/django/contrib/auth/__init__.py
    //- /env/django/contrib/auth/models.py
    from django.db import models
    class <|User|>(models.Model):
        pass
    //- /polls/models.py
    from django.db import models
    class Choice(models.Model):
        u = models.ForeignKey("auth.Us$0er", on_delete=models.CASCADE)
  `);
});
