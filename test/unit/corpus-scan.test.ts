// The regex census of scripts/corpus/scan.mjs: which literal references it counts, where their names are, and what it leaves out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a plain JavaScript module of the corpus script, typed by its use here.
import { scanText } from '../../scripts/corpus/scan.mjs';

interface Hit {
  kind: string;
  name: string;
  start: number;
  end: number;
}

function names(file: string, text: string): string[] {
  return (scanText(file, text) as Hit[]).map((h) => {
    // The offsets must frame the name exactly: the corpus script calls definition and plants there.
    assert.equal(text.slice(h.start, h.end), h.name);
    return `${h.kind} ${h.name}`;
  });
}

test('templates: {% url %} names with or without a namespace, extends and include', () => {
  const text = `{% extends "base.html" %}\n<a href="{% url 'shop:item' pk=1 %}">{% url "home" %}</a>\n{%- include 'parts/nav.html' with x=1 %}\n{% url view_name %}\n{% include "a.html"|add:x %}`;
  assert.deepEqual(names('/r/app/templates/x.html', text), ['template base.html', 'url shop:item', 'url home', 'template parts/nav.html']);
});

test('Python: reverse-like calls and template loaders with a literal first name', () => {
  const text = [
    'reverse("a:b")',
    "reverse_lazy('c', kwargs={'pk': 1})",
    'redirect("d")',
    'redirect("/absolute/path/")',
    'resolve_url("e.html")',
    'render(request, "x/y.html", ctx)',
    'render(self.request, "z.html")',
    '    template_name = "t.html"',
    'get_template("g.html")',
    'render_to_string("s.txt")',
    'render(request, "p/%s.html" % kind)',
    'reverse(name)',
  ].join('\n');
  assert.deepEqual(names('/r/app/views.py', text), ['url a:b', 'url c', 'url d', 'template x/y.html', 'template z.html', 'template t.html', 'template g.html', 'template s.txt']);
});

test('files that are neither Python nor templates are not read', () => {
  assert.deepEqual(names('/r/static/app.js', 'reverse("a")'), []);
});
