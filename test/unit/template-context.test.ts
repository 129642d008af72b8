// Template context (issue 15): what views, class-based views, processors, includers and tags pass to templates, the model types, and the features and diagnostic built on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fixtureWorkspace, showLocation } from '../helpers/fixture';
import { completion } from '../../server/src/features/completion';
import { definition } from '../../server/src/features/definition';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { scopeAt } from '../../server/src/core/context/context';

/** A project "site" with the app "shop"; `processors` is the engine's context_processors list. */
function base(processors = '["django.template.context_processors.request"]', settings = ''): string {
  return `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
//- /site/__init__.py
//- /site/urls.py
urlpatterns = []
//- /site/settings.py
INSTALLED_APPS = ["shop"]
ROOT_URLCONF = "site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ${processors}},
}]
${settings}
//- /shop/__init__.py
`;
}

const MODELS = `
//- /shop/models.py
from django.db import models

class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

class Author(models.Model):
    name = models.CharField(max_length=100)

class Book(Stamped):
    STATUS = [("d", "Draft"), ("p", "Published")]
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=1, choices=STATUS)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    tags = models.ManyToManyField("shop.Tag", related_name="books")

    @property
    def short_title(self):
        return self.title[:10]

    def get_absolute_url(self):
        return "/b/%d/" % self.pk

class Tag(models.Model):
    label = models.SlugField()

class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    stars = models.IntegerField()
`;

const DETAIL_VIEW = `
//- /shop/views.py
from django.shortcuts import get_object_or_404, render
from .models import Book

def book_detail(request, pk):
    book = get_object_or_404(Book, pk=pk)
    return render(request, "shop/detail.html", {"<|book|>": book, "count": 3})
`;

function labels(text: string): string[] {
  const fx = fixtureWorkspace(text);
  return completion(fx.ws, fx.cursor.file, fx.cursor.offset).items.map((i) => i.label).sort();
}

function details(text: string): Record<string, string | undefined> {
  const fx = fixtureWorkspace(text);
  return Object.fromEntries(completion(fx.ws, fx.cursor.file, fx.cursor.offset).items.map((i) => [i.label, i.detail]));
}

/** The template-attribute-unknown diagnostics of a file, as the text under each. */
function attrWarnings(text: string, file: string): string[] {
  const fx = fixtureWorkspace(text);
  const abs = '/ws/' + file;
  const p = fx.ws.projectFor(abs)!;
  return fileDiagnostics(fx.ws, p, abs).filter((d) => d.code === 'template-attribute-unknown').map((d) => fx.files[abs].slice(d.span.start, d.span.end));
}

function definitionOf(text: string): string[] {
  const fx = fixtureWorkspace(text);
  const read = (f: string) => fx.fs.readFile(f);
  return definition(fx.ws, fx.cursor.file, fx.cursor.offset).map((l) => showLocation(fx.files, l, read));
}

function expectedRanges(text: string): string[] {
  const fx = fixtureWorkspace(text);
  return fx.ranges.map((l) => showLocation(fx.files, l));
}

// ---- Sources of context ----------------------------------------------------------------------------------

test('render() with a dict literal: {{ completes its keys and the request processor\'s', () => {
  assert.deepEqual(labels(`${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {{ $0 }}
  `), ['book', 'count', 'csrf_token', 'request']);
});

test('{{ book. completes the model\'s fields, relations both ways, pk, properties, methods and get_FOO_display', () => {
  const got = details(`${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {{ book.$0 }}
  `);
  for (const name of ['title', 'status', 'get_status_display', 'author', 'author_id', 'tags', 'reviews', 'created', 'pk', 'id', 'short_title', 'get_absolute_url', 'get_next_by_created']) assert.ok(name in got, `${name} offered`);
  assert.equal(got.title, 'CharField → str');
  assert.equal(got.author, 'ForeignKey → Author → Author');
  assert.equal(got.reviews, 'reverse of Review.book → RelatedManager[Review]');
  assert.equal(got.tags, 'ManyToManyField → Tag → RelatedManager[Tag]');
  assert.ok(!('name' in got), 'an Author field is not a Book member');
});

test('a prefix filters members, and a chain follows relations: {{ book.author.n', () => {
  assert.deepEqual(labels(`${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {{ book.author.n$0 }}
  `), ['name']);
});

test('reverse accessors without related_name are <model>_set; a tag\'s related_name "books" is on Tag', () => {
  const got = labels(`${base()}${MODELS}
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Author, Tag
    def v(request):
        return render(request, "shop/a.html", {"author": Author.objects.get(pk=1), "tag": Tag.objects.first()})
    //- /shop/templates/shop/a.html
    {{ author.$0 }}
  `);
  assert.ok(got.includes('book_set'));
  const tag = labels(`${base()}${MODELS}
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Author, Tag
    def v(request):
        return render(request, "shop/a.html", {"author": Author.objects.get(pk=1), "tag": Tag.objects.first()})
    //- /shop/templates/shop/a.html
    {{ tag.$0 }}
  `);
  assert.ok(tag.includes('books') && !tag.includes('book_set'));
});

test('a dict built in a variable: literal, item assignments, update() and dict()', () => {
  assert.deepEqual(labels(`${base('[]')}${MODELS}
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Book
    def v(request):
        ctx = {"a": 1}
        ctx["b"] = Book.objects.all()
        ctx.update({"c": "x"}, d=2)
        extra = dict(e=3)
        ctx.update(extra)
        return render(request, "shop/a.html", ctx)
    //- /shop/templates/shop/a.html
    {{ $0 }}
  `), ['a', 'b', 'c', 'csrf_token', 'd', 'e']);
});

test('TemplateResponse and render_to_string(context=...) give their keys; render_to_string without request has no processors', () => {
  assert.deepEqual(labels(`${base()}${MODELS}
    //- /shop/views.py
    from django.template.response import TemplateResponse
    from django.template.loader import render_to_string
    def v(request):
        return TemplateResponse(request, "shop/a.html", {"tr": 1})
    def mail():
        return render_to_string("shop/a.html", context={"rs": 2})
    //- /shop/templates/shop/a.html
    {{ $0 }}
  `), ['csrf_token', 'request', 'rs', 'tr']);
});

test('DetailView: object, the model-named variable, view; get_context_data keys, extra_context; through a project mixin', () => {
  assert.deepEqual(labels(`${base('[]')}${MODELS}
    //- /shop/mixins.py
    class SidebarMixin:
        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            context["sidebar"] = True
            return context
    //- /shop/views.py
    from django.views.generic import DetailView
    from .mixins import SidebarMixin
    from .models import Book
    class BookDetail(SidebarMixin, DetailView):
        model = Book
        extra_context = {"title": "Book"}
        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            context.update(related=Book.objects.all())
            return context
    //- /shop/templates/shop/book_detail.html
    {{ $0 }}
  `), ['book', 'csrf_token', 'object', 'related', 'sidebar', 'title', 'view']);
});

test('ListView: object_list, <model>_list, paginator, page_obj, is_paginated; its items are instances in {% for %}', () => {
  const fx = `${base('[]')}${MODELS}
    //- /shop/views.py
    from django.views import generic
    from .models import Book
    class BookList(generic.ListView):
        queryset = Book.objects.filter(status="p")
    //- /shop/templates/shop/book_list.html
    {% for b in book_list %}{{ b.$0 }}{% endfor %}
  `;
  assert.ok(labels(fx).includes('title'));
  assert.deepEqual(labels(fx.replace('{{ b.$0 }}', '{{ $0 }}')), ['b', 'book_list', 'csrf_token', 'forloop', 'is_paginated', 'object_list', 'page_obj', 'paginator', 'view']);
});

test('UpdateView with context_object_name gives form; as_view(template_name=..., extra_context=...) in a URLconf renders another template', () => {
  assert.deepEqual(labels(`${base('[]')}${MODELS}
    //- /shop/views.py
    from django.views.generic import UpdateView
    from .models import Book
    class BookEdit(UpdateView):
        model = Book
        context_object_name = "item"
        fields = ["title"]
    //- /shop/urls.py
    from django.urls import path
    from .views import BookEdit
    urlpatterns = [path("e/", BookEdit.as_view(template_name="shop/edit.html", extra_context={"mode": "edit"}))]
    //- /shop/templates/shop/edit.html
    {{ $0 }}
  `), ['csrf_token', 'form', 'item', 'mode', 'object', 'view']);
});

test('context processors: Django\'s (auth gives user as the user model) and the project\'s own dict literal', () => {
  const text = `${base('["django.contrib.auth.context_processors.auth", "shop.processors.site"]', 'AUTH_USER_MODEL = "shop.Member"')}${MODELS}
    //- /shop/processors.py
    def site(request):
        return {"site_name": "Shop", "year": 2024}
    //- /shop/models2.py
    //- /shop/views.py
    from django.shortcuts import render
    def v(request):
        return render(request, "shop/a.html")
    //- /shop/templates/shop/a.html
    {{ $0 }}
  `;
  assert.deepEqual(labels(text), ['csrf_token', 'perms', 'site_name', 'user', 'year']);
});

test('an engine without OPTIONS has no context processors: the scope of a template rendered with a request is closed', () => {
  const project = (engineExtra: string, settings = '') => `
    //- /manage.py
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
    //- /site/__init__.py
    //- /site/urls.py
    urlpatterns = []
    //- /site/settings.py
    ${settings}
    INSTALLED_APPS = ["shop"]
    ROOT_URLCONF = "site.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True${engineExtra}}]
    //- /shop/__init__.py
    //- /shop/views.py
    from django.shortcuts import render
    def v(request):
        return render(request, "shop/a.html", {"a": 1})
    //- /shop/templates/shop/a.html
    {{ $0 }}
  `;
  const scope = (text: string) => {
    const fx = fixtureWorkspace(text);
    return scopeAt(fx.ws, fx.ws.projectFor(fx.cursor.file)!, fx.cursor.file, fx.cursor.offset);
  };
  for (const extra of ['', ', "OPTIONS": {}', ', "OPTIONS": {"libraries": {}}']) {
    const s = scope(project(extra));
    assert.deepEqual([s.contexts, s.open, [...s.vars.keys()].sort()], [1, 0, ['a', 'csrf_token']], extra);
  }
  // OPTIONS we cannot read may list processors.
  const s = scope(project(', "OPTIONS": engine_options()', 'from somewhere import engine_options'));
  assert.deepEqual([s.contexts, s.open], [1, 1]);
});

test('Django: an engine without OPTIONS, or without context_processors in them, runs only the csrf processor', () => {
  const script = `
import django
from django.conf import settings
DT = "django.template.backends.django.DjangoTemplates"
settings.configure(INSTALLED_APPS=[], TEMPLATES=[{"BACKEND": DT, "NAME": "bare"}, {"BACKEND": DT, "NAME": "empty", "OPTIONS": {}}, {"BACKEND": DT, "NAME": "libs", "OPTIONS": {"libraries": {}}}])
django.setup()
from django.template import engines
print(";".join(n + ":" + ",".join(f.__module__ + "." + f.__name__ for f in engines[n].engine.template_context_processors) for n in ["bare", "empty", "libs"]))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim();
  const csrf = 'django.template.context_processors.csrf';
  assert.equal(out, `bare:${csrf};empty:${csrf};libs:${csrf}`);
});

test('inclusion tags: the template renders with the returned dict only', () => {
  assert.deepEqual(labels(`${base()}${MODELS}
    //- /shop/templatetags/__init__.py
    //- /shop/templatetags/shop_tags.py
    from django import template
    from shop.models import Book
    register = template.Library()
    @register.inclusion_tag("shop/latest.html")
    def latest(n=5):
        return {"books": Book.objects.all()[:n], "n": n}
    //- /shop/templates/shop/latest.html
    {% for b in books %}{{ b.$0 }}{% endfor %}
  `).includes('title'), true);
});

test('{% extends %}: the parent renders with the child\'s context', () => {
  assert.ok(labels(`${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/base.html
    <title>{{ $0 }}</title>
    //- /shop/templates/shop/detail.html
    {% extends "shop/base.html" %}
  `).includes('book'));
});

test('{% include %}: the includer\'s scope at the include, plus with; only keeps just the given names', () => {
  const text = (tag: string) => `${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {% for r in book.reviews.all %}${tag}{% endfor %}
    //- /shop/templates/shop/review.html
    {{ $0 }}
  `;
  assert.deepEqual(labels(text('{% include "shop/review.html" with extra=book.title %}')), ['book', 'count', 'csrf_token', 'extra', 'forloop', 'r', 'request']);
  assert.deepEqual(labels(text('{% include "shop/review.html" with review=r only %}')), ['review']);
  const member = labels(text('{% include "shop/review.html" with review=r only %}').replace('{{ $0 }}', '{{ review.$0 }}'));
  assert.ok(member.includes('stars'));
});

test('{% with %}, {% url ... as %} and {% for %} bind names in their bodies only', () => {
  const text = (body: string) => `${base('[]')}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    ${body}
  `;
  const author = labels(text('{% with a=book.author %}{{ a.$0 }}{% endwith %}'));
  assert.ok(author.includes('name') && author.includes('book_set') && !author.includes('title'));
  assert.ok(!labels(text('{% with a=1 %}{% endwith %}{{ $0 }}')).includes('a'));
  assert.ok(labels(text('{% url "x" as link %}{{ $0 }}')).includes('link'));
  assert.ok(!labels(text('{% for x in book.tags.all %}{% endfor %}{{ $0 }}')).includes('x'));
});

test('{% if completes variables; a filter position or a string does not', () => {
  const text = (body: string) => `${base('[]')}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    ${body}
  `;
  assert.ok(labels(text('{% if $0 %}{% endif %}')).includes('book'));
  assert.ok(!labels(text('{{ book|$0 }}')).includes('book'));
  assert.deepEqual(labels(text('{{ "bo$0" }}')), []);
});

// ---- Kinds of type ---------------------------------------------------------------------------------

test('types: get_object_or_404, .get(), .first(), Model(...), a queryset index, a loop in the view', () => {
  const hoverAt = (expr: string) => {
    const fx = fixtureWorkspace(`${base('[]')}${MODELS}
      //- /shop/views.py
      from django.shortcuts import render
      from .models import Book
      def v(request):
          for b in Book.objects.filter(status="p"):
              last = b
          return render(request, "shop/a.html", {"x": ${expr}})
      //- /shop/templates/shop/a.html
      {{ $0x }}
    `);
    return hover(fx.ws, fx.cursor.file, fx.cursor.offset)?.contents.split('\n')[0];
  };
  assert.equal(hoverAt('Book.objects.get(pk=1)'), '**x**: `Book`');
  assert.equal(hoverAt('Book.objects.filter(status="p").first()'), '**x**: `Book`');
  assert.equal(hoverAt('Book(title="t")'), '**x**: `Book`');
  assert.equal(hoverAt('Book.objects.all()[0]'), '**x**: `Book`');
  assert.equal(hoverAt('Book.objects.select_related("author")'), '**x**: `QuerySet[Book]`');
  assert.equal(hoverAt('last'), '**x**: `Book`');
  assert.equal(hoverAt('"s"'), '**x**: `str`');
  assert.equal(hoverAt('some_function()'), '**x**: `unknown type`');
});

test('multi-table inheritance: the child has the parent\'s fields and <parent>_ptr, the parent the child\'s accessor', () => {
  const text = (v: string) => `${base('[]')}
    //- /shop/models.py
    from django.db import models
    class Place(models.Model):
        name = models.CharField(max_length=50)
    class Restaurant(Place):
        serves_pizza = models.BooleanField(default=False)
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Place, Restaurant
    def v(request):
        return render(request, "shop/a.html", {"p": Place.objects.get(pk=1), "r": Restaurant.objects.get(pk=1)})
    //- /shop/templates/shop/a.html
    {{ ${v}.$0 }}
  `;
  const r = labels(text('r'));
  assert.ok(r.includes('name') && r.includes('serves_pizza') && r.includes('place_ptr'));
  assert.ok(labels(text('p')).includes('restaurant'));
});

// ---- Definition, hover, references ---------------------------------------------------------------------------

test('definition: a variable goes to its key in the view; an attribute to the model field', () => {
  const text = `${base()}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {{ bo$0ok.title }}
  `;
  assert.deepEqual(definitionOf(text), expectedRanges(text));
  const attr = `${base()}
    //- /shop/models.py
    from django.db import models
    class Book(models.Model):
        <|title|> = models.CharField(max_length=200)
    //- /shop/views.py
    from django.shortcuts import get_object_or_404, render
    from .models import Book
    def book_detail(request, pk):
        return render(request, "shop/detail.html", {"book": get_object_or_404(Book, pk=pk)})
    //- /shop/templates/shop/detail.html
    {{ book.ti$0tle }}
  `;
  assert.deepEqual(definitionOf(attr), expectedRanges(attr));
});

test('definition: a loop variable goes to the {% for %} that binds it', () => {
  const text = `${base('[]')}${MODELS}
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Book
    def v(request):
        return render(request, "shop/a.html", {"books": Book.objects.all()})
    //- /shop/templates/shop/a.html
    {% for <|b|> in books %}{{ $0b.title }}{% endfor %}
  `;
  assert.deepEqual(definitionOf(text), expectedRanges(text));
});

test('hover: the type and every view that provides the variable', () => {
  const fx = fixtureWorkspace(`${base('[]')}${MODELS}
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Book
    def one(request):
        return render(request, "shop/a.html", {"book": Book.objects.get(pk=1)})
    def two(request):
        return render(request, "shop/a.html", {"book": Book.objects.first()})
    //- /shop/templates/shop/a.html
    {{ bo$0ok }}
  `);
  const h = hover(fx.ws, fx.cursor.file, fx.cursor.offset)!;
  assert.match(h.contents, /^\*\*book\*\*: `Book`/);
  assert.match(h.contents, /one\(\)/);
  assert.match(h.contents, /two\(\)/);
});

test('references of a model field: its definition and its uses in templates (not same-named attributes of other models)', () => {
  const text = `${base('[]')}
    //- /shop/models.py
    from django.db import models
    class Book(models.Model):
        <|ti$0tle|> = models.CharField(max_length=200)
    class Film(models.Model):
        title = models.CharField(max_length=200)
    //- /shop/views.py
    from django.shortcuts import render
    from .models import Book, Film
    def v(request):
        return render(request, "shop/a.html", {"book": Book.objects.get(pk=1), "books": Book.objects.all(), "film": Film.objects.get(pk=1)})
    //- /shop/templates/shop/a.html
    {{ book.<|title|> }} {{ film.title }} {% for b in books %}{{ b.<|title|> }}{% endfor %}
  `;
  const fx = fixtureWorkspace(text);
  const got = references(fx.ws, fx.cursor.file, fx.cursor.offset, true).map((l) => showLocation(fx.files, l));
  assert.deepEqual(got, fx.ranges.map((l) => showLocation(fx.files, l)));
  // From the template attribute, the same list.
  const fromTpl = fixtureWorkspace(text.replace('<|ti$0tle|>', '<|title|>').replace('{{ book.<|title|> }}', '{{ book.<|ti$0tle|> }}'));
  assert.deepEqual(references(fromTpl.ws, fromTpl.cursor.file, fromTpl.cursor.offset, true).map((l) => showLocation(fromTpl.files, l)), fromTpl.ranges.map((l) => showLocation(fromTpl.files, l)));
});

// ---- The diagnostic -------------------------------------------------------------------------------------------

const ONE_VIEW = `${base()}${MODELS}${DETAIL_VIEW}`;

test('template-attribute-unknown: a typo on a certain instance is flagged; fields, relations, properties, methods are not', () => {
  assert.deepEqual(attrWarnings(`${ONE_VIEW}
    //- /shop/templates/shop/detail.html
    {{ book.titel }} {{ book.title }} {{ book.get_status_display }} {{ book.author.name }} {{ book.author.nmae }}
    {{ book.reviews.count }} {{ book.short_title }} {{ book.get_absolute_url }} {{ book.pk }} {{ book.author_id }}
    {% for r in book.reviews.all %}{{ r.stars }}{{ r.strs }}{% endfor %} {{ book.created }} {{ book.titel|default:"-" }}
  `, 'shop/templates/shop/detail.html'), ['titel', 'nmae', 'strs', 'titel']);
});

test('template-attribute-unknown: silent when the type is not certain in every context', () => {
  const silent = (views: string, models = MODELS) => attrWarnings(`${base()}${models}
    //- /shop/views.py
    from django.shortcuts import render, get_object_or_404
    from django.template.loader import get_template
    from .models import Book, Author
    ${views}
    //- /shop/templates/shop/detail.html
    {{ book.titel }}
  `, 'shop/templates/shop/detail.html');
  // annotate() may add any attribute.
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": Book.objects.annotate(n=1).get(pk=1)})`), []);
  // Another view passes something else under the same name.
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": Book.objects.get(pk=1)})\ndef w(request):\n    return render(request, "shop/detail.html", {"book": Author.objects.get(pk=1)})`), []);
  // Another view's context we cannot read (a dict from a function).
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": Book.objects.get(pk=1)})\ndef w(request):\n    return render(request, "shop/detail.html", make_context())`), []);
  // The template is also loaded with get_template(): that context is not ours to see.
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": Book.objects.get(pk=1)})\ndef w():\n    return get_template("shop/detail.html")`), []);
  // A parameter's type is unknown.
  assert.deepEqual(silent(`def v(request, book):\n    return render(request, "shop/detail.html", {"book": book})`), []);
  // A custom manager may annotate its querysets.
  const managed = MODELS.replace('    title = models.CharField(max_length=200)', '    title = models.CharField(max_length=200)\n    objects = BookManager()');
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": Book.objects.get(pk=1)})`, managed), []);
  // A field class we do not know may add attributes.
  const custom = MODELS.replace('    title = models.CharField(max_length=200)', '    title = models.CharField(max_length=200)\n    price = MoneyField(max_digits=5)');
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": get_object_or_404(Book, pk=1)})`, custom), []);
  // A base class we cannot read.
  const unread = MODELS.replace('class Book(Stamped):', 'class Book(Stamped, ThirdPartyMixin):');
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": get_object_or_404(Book, pk=1)})`, unread), []);
  // The control: the same view alone is flagged.
  assert.deepEqual(silent(`def v(request):\n    return render(request, "shop/detail.html", {"book": get_object_or_404(Book, pk=1)})`), ['titel']);
});

test('template-attribute-unknown: silent for attributes the code sets on instances, Prefetch(to_attr=...), and a template another folder also provides', () => {
  const view = (body: string) => `${base()}${MODELS}
    //- /shop/views.py
    from django.db.models import Prefetch
    from django.shortcuts import get_object_or_404, render
    from .models import Book
    def v(request, pk):
${body}
    //- /shop/templates/shop/detail.html
    {{ book.score }} {{ book.titel }}
  `;
  assert.deepEqual(attrWarnings(view('        book = get_object_or_404(Book, pk=pk)\n        book.score = 5\n        return render(request, "shop/detail.html", {"book": book})'), 'shop/templates/shop/detail.html'), ['titel']);
  assert.deepEqual(attrWarnings(view('        book = Book.objects.prefetch_related(Prefetch("reviews", to_attr="top")).get(pk=pk)\n        return render(request, "shop/detail.html", {"book": book})'), 'shop/templates/shop/detail.html'), []);
  assert.deepEqual(attrWarnings(`${ONE_VIEW}
    //- /templates/shop/detail.html
    {{ book.titel }}
    //- /shop/templates/shop/detail.html
    {{ book.titel }}
  `.replace('"DIRS": []', '"DIRS": ["/ws/templates"]'), 'templates/shop/detail.html'), []);
});

test('template-attribute-unknown: silent for user (it may be AnonymousUser), a get_object() override, and names a parent template rebinds', () => {
  assert.deepEqual(attrWarnings(`${base('["django.contrib.auth.context_processors.auth"]')}${MODELS}${DETAIL_VIEW}
    //- /shop/templates/shop/detail.html
    {{ user.nickname }}
  `, 'shop/templates/shop/detail.html'), []);
  assert.deepEqual(attrWarnings(`${base('[]')}${MODELS}
    //- /shop/views.py
    from django.views.generic import DetailView
    from .models import Book
    class BookDetail(DetailView):
        model = Book
        def get_object(self):
            return annotated(self)
    //- /shop/templates/shop/book_detail.html
    {{ book.titel }}
  `, 'shop/templates/shop/book_detail.html'), []);
  assert.deepEqual(attrWarnings(`${ONE_VIEW}
    //- /shop/templates/shop/base.html
    {% with book=other %}{% block content %}{% endblock %}{% endwith %}
    //- /shop/templates/shop/detail.html
    {% extends "shop/base.html" %}{% block content %}{{ book.titel }}{% endblock %}
  `, 'shop/templates/shop/detail.html'), []);
});

test('template-attribute-unknown: a generic view\'s object and an included template\'s with-variable are checked', () => {
  assert.deepEqual(attrWarnings(`${base('[]')}${MODELS}
    //- /shop/views.py
    from django.views.generic import DetailView
    from .models import Book
    class BookDetail(DetailView):
        model = Book
    //- /shop/templates/shop/book_detail.html
    {{ object.titel }} {{ book.title }}{% include "shop/card.html" with b=book %}
    //- /shop/templates/shop/card.html
    {{ b.autor }}
  `, 'shop/templates/shop/card.html'), ['autor']);
});

// ---- Django as the reference ----------------------------------------------------------------------------------

test('Django 3.2 renders a misspelled attribute as an empty string and the field as its value', () => {
  const script = `
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes"], TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
from django.db import models
from django.template import engines
class Book(models.Model):
    title = models.CharField(max_length=20)
    status = models.CharField(max_length=1, choices=[("p", "Published")])
    class Meta:
        app_label = "shop"
t = engines["django"].from_string("[{{ book.titel }}][{{ book.title }}][{{ book.get_status_display }}][{{ book.pk }}]")
print(t.render({"book": Book(title="Dune", status="p")}))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim();
  assert.equal(out, '[][Dune][Published][None]');
});
