// The reference pass parses only the pieces of a file that can hold a reference: the answer must equal a whole-file parse's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePython } from '../../server/src/core/python/parse';
import { mayHoldRefs, pythonRefs, refsOfText, type PyRefs } from '../../server/src/core/python/refs';
import { refPieces } from '../../server/src/core/python/scan';
import { seededRandom } from '../helpers/random';
import { parser } from '@lezer/python';

/** Whether Lezer finds the text to be Python without a single error node (the converter reports only some). */
function valid(text: string): boolean {
  let ok = true;
  parser.parse(text).iterate({ enter: (n) => (ok &&= !n.type.isError) });
  return ok;
}

/** Refs as comparable data: a view class is its name, span and bases (the statement objects differ between parses). */
function plain(r: PyRefs): unknown {
  return { urls: r.urls, templates: r.templates, viaCalls: r.viaCalls, viewClasses: r.viewClasses.map((v) => ({ name: v.stmt.name, span: v.stmt.span, bases: v.baseNames, body: v.stmt.body.length })) };
}

function sameAsWhole(text: string, label: string): void {
  assert.deepEqual(plain(refsOfText(text)), plain(pythonRefs(parsePython(text))), label);
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.isSymbolicLink() && e.name !== '__pycache__') out.push(...pyFiles(p));
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

// Shapes the scan must get right: each holds references a piece-by-piece reading could lose or invent.
const CASES: Record<string, string> = {
  'calls in a test method': `from django.urls import reverse\nfrom django.test import TestCase\n\n\nclass T(TestCase):\n    def test_a(self):\n        r = self.client.get(reverse("a:b", kwargs={"pk": 1}))\n        self.assertEqual(r.status_code, 200)\n\n    def test_b(self):\n        self.client.post(\n            reverse(\n                "a:c",\n                args=[1, 2],\n            ),\n            data={"x": "reverse('not:a:call')"},\n        )\n`,
  'nested calls': `from django.shortcuts import redirect\nfrom django.urls import reverse\ndef v(request):\n    return redirect(reverse("x", args=[reverse("y")]))\n`,
  'two calls on one line': `from django.urls import reverse\nURLS = [reverse("a"), reverse("b", kwargs={"k": 1})]\ndef f():\n    return (reverse("c"), reverse("d"))\n`,
  'an alias of a Django function': `from django.urls import reverse as rev\nfrom django import shortcuts as sc\ndef f(request):\n    rev("a")\n    return sc.render(request, "t.html")\n`,
  'imports inside a function and a try': `try:\n    from django.urls import reverse\nexcept ImportError:  # old Django\n    from django.core.urlresolvers import reverse\n\ndef f():\n    from django.shortcuts import redirect\n    return redirect("home")\n\nx = reverse("top")\n`,
  'an import after a colon': `import os\nif True: from django.urls import reverse\nreverse("after-colon")\n`,
  'a method named like a Django function': `from django.shortcuts import render\nclass Widget:\n    def render(self, name, value):\n        return render(None, "w.html")\n`,
  'another ROOT_URLCONF': `from django.test import TestCase, override_settings\nfrom django.urls import reverse\n\n@override_settings(ROOT_URLCONF="other.urls")\nclass A(TestCase):\n    def test(self):\n        reverse("other-name")\n\nclass B(TestCase):\n    def test(self):\n        with self.settings(ROOT_URLCONF="x"):\n            reverse("in-with")\n        reverse("after-with")\n`,
  'view classes, nested and decorated': `from django.views.generic import DetailView, TemplateView\nfrom django.utils.decorators import method_decorator\n\n@method_decorator(login_required, name="dispatch")\nclass PageView(TemplateView):\n    template_name = "page.html"\n    email_template_name = "mail.txt"\n\ndef factory():\n    class Inner(DetailView):\n        model = Thing\n    return Inner\n\nclass ThingDetail(\n    LoginRequiredMixin,  # first\n    DetailView\n):\n    pattern_name = "thing"\n`,
  'as_view and inclusion tags': `from django import template\nfrom django.views.generic import TemplateView\nregister = template.Library()\n\n@register.inclusion_tag("tags/menu.html", takes_context=True)\ndef menu(context):\n    return {}\n\nurlpatterns = [path("a/", TemplateView.as_view(template_name="a.html")), path("b/", make().as_view(template_name="b.html", pattern_name="p"))]\n`,
  'f-strings with calls in their fields': `from django.urls import reverse\nA = f"{reverse('in-field')}?next={reverse("pep701")}"\nB = f"{x:>{width}} {reverse('after-spec')!r:>10}"\nC = f'''{{not a field}} {reverse('triple')}\n'''\nD = rb"\\" + "reverse('in-string')"\nE = f'{a}' f"{reverse('second-of-two')}" rf'{reverse("raw")}'\n`,
  'settings resolve_url reads': `LOGIN_URL = "accounts:login"\nLOGIN_REDIRECT_URL = "/home/"\nif DEBUG:\n    LOGOUT_REDIRECT_URL = "bye"\n`,
  'continuation and semicolons': `from django.urls import reverse\nx = \\\n    reverse("cont")\ny = 1; z = reverse("semi")\nif a:\n    pass\nelif b:\n    reverse("elif")\nelse:\n    reverse("else")\n`,
  'carriage returns and a byte-order mark': `\ufefffrom django.urls import reverse\r\nclass V(View):\r\n    template_name = "crlf.html"\r\nreverse("crlf")\r\n`,
  'template functions': `from django.template.loader import get_template, render_to_string, select_template\nfrom django.template.response import TemplateResponse\nfrom django.shortcuts import render\ndef v(request):\n    get_template("a.html")\n    select_template(["b.html", "c.html"])\n    render_to_string(template_name="d.html")\n    return TemplateResponse(request, "e.html", {"x": render(request, "f.html")})\n`,
  'a default argument': `from django.urls import reverse\ndef f(request, next=reverse("home"), *, other=redirect("x")):\n    pass\n`,
  "a project's own reverse()": `from shop.urlresolvers import reverse\nfrom shop import urlresolvers\nx = reverse("via", args=[1])\ny = urlresolvers.reverse("attr-call")\n`,
  'unicode names': `from django.urls import reverse\nclass ÜberView(View):\n    template_name = "über.html"\ndef größe():\n    return reverse("größe")\n`,
  'a dotted name with a space or a line break inside': `from django import urls\nfrom django.urls import reverse\nx = urls .reverse("space")\ny = (urls.\n     reverse("break"))\nz = obj.\\\n    reverse("not-django")\nw = reverse\f("form-feed")\n`,
  'calls the whole-file reading does not look into': `from django.urls import reverse\ndef f(x: reverse("ann")) -> reverse("ret"):\n    pass\ny: reverse("annassign") = 1\nif y: z: reverse("after-colon") = 2\nmatch v:\n    case reverse("pattern"):\n        pass\nz = a[reverse("lo"):reverse("hi")]\nw = f"{a:{reverse('spec')}}"\n`,
  'a generic view class': `class FooView[T](Base):\n    template_name = "generic.html"\n`,
};

test('the pieces give the same references as the whole file, shape by shape', () => {
  for (const [name, text] of Object.entries(CASES)) sameAsWhole(text, name);
});

test('a file with a reverse() in every test reads a small part of itself', () => {
  const methods = Array.from({ length: 40 }, (_, i) => `    def test_${i}(self):\n        data = {"a": ${i}, "b": [1, 2, 3], "c": "text " * 3}\n        for k in data:\n            self.assertTrue(k)\n        self.client.get(reverse("n${i}"))\n`).join('\n');
  const text = `from django.urls import reverse\nfrom django.test import TestCase\n\n\nclass T(TestCase):\n${methods}`;
  sameAsWhole(text, 'many tests');
  const pieces = refPieces(text, { callees: new Set(['reverse']), anyReceiver: new Set(), wholeWords: new Set(), wholeClass: /View/ });
  assert.ok(pieces, 'the scan is sure of this file');
  const read = pieces.reduce((n, p) => n + p.end - p.start, 0);
  assert.equal(pieces.length, 42, 'two imports and 40 calls');
  assert.ok(read * 5 < text.length, `read ${read} of ${text.length} characters`);
});

test('the scan gives up, and the whole file is parsed, where it cannot be sure', () => {
  const q = { callees: new Set(['reverse']), anyReceiver: new Set<string>(), wholeWords: new Set<string>(), wholeClass: /View/ };
  for (const text of ['x = reverse("a"', 'x = "unclosed\nreverse("b")\n', '    indented = reverse("c")\n', 'x = 1\ry = reverse("d")\n', 's = """never closed\nreverse("e")\n', 'x = f"{reverse(\'f\')"\n']) {
    assert.equal(refPieces(text, q), undefined, JSON.stringify(text));
    sameAsWhole(text, JSON.stringify(text));
  }
});

test('on Django itself and on every fixture project, the pieces give the same references', () => {
  const django = '/usr/lib/python3/dist-packages/django';
  assert.ok(fs.existsSync(django), "Debian's python3-django is not installed (.ci/run installs it): its source is this test's corpus");
  const roots = [django, path.resolve(__dirname, '../fixtures')];
  let files = 0;
  for (const root of roots) {
    for (const f of pyFiles(root)) {
      const text = fs.readFileSync(f, 'utf8');
      if (!mayHoldRefs(text)) continue;
      files++;
      sameAsWhole(text, f);
    }
  }
  assert.ok(files > 150, `${files} files held a possible reference`);
});

test('mutated fixture files that still parse give the same references', () => {
  const rng = seededRandom(14);
  const sources = pyFiles(path.resolve(__dirname, '../fixtures')).map((f) => fs.readFileSync(f, 'utf8')).filter(mayHoldRefs);
  const bits = ['\n', '    ', 'reverse("m")', 'x = reverse("m")\n', '\nclass MView(View):\n    template_name = "m.html"\n', '#', '"', "f'{reverse(\"m\")}'", '\\\n', '(', ')', 'from django.urls import reverse as r\n', 'r("alias")\n', '@override_settings(ROOT_URLCONF="u")\n', 'else:\n    pass\n'];
  let compared = 0;
  for (let i = 0; i < 1500; i++) {
    let text = sources[Math.floor(rng() * sources.length)];
    for (let k = rng() < 0.5 ? 1 : 2; k > 0; k--) {
      const at = Math.floor(rng() * (text.length + 1));
      text = text.slice(0, at) + bits[Math.floor(rng() * bits.length)] + text.slice(at);
    }
    const refs = refsOfText(text);
    if (!valid(text)) continue;
    compared++;
    assert.deepEqual(plain(refs), plain(pythonRefs(parsePython(text))), text);
  }
  assert.ok(compared > 150, `${compared} mutants still parsed`);
});
