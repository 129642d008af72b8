// Tests for the Django template lexer, parser and nodeAt: each record kind, Django's token rules, and cursor lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexTemplate, scanTemplate } from '../../server/src/core/templates/lexer';
import { parseTemplate, nodeAt, splitContents, urlAt } from '../../server/src/core/templates/parse';
import { BUILTIN_TAGS, BUILTIN_FILTERS, DJANGO_LIBRARIES } from '../../server/src/core/templates/builtins';

/** The span of the n-th occurrence of `needle` in `text` (expected spans are written as text, not computed by the parser). */
function spanOf(text: string, needle: string, n = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `fixture does not contain ${JSON.stringify(needle)} #${n}`);
  }
  return { start: i, end: i + needle.length };
}

function slice(text: string, s: { start: number; end: number }): string {
  return text.slice(s.start, s.end);
}

function errorCodes(text: string): string[] {
  return parseTemplate(text).errors.map((e) => e.code);
}

// ---- Lexer -------------------------------------------------------------------------------------

test('lexer: tags, variables and comments with names and trimmed content', () => {
  const t = 'a {% if  x %}b{{ y|lower }}{# note #}{%endif%}';
  const toks = lexTemplate(t);
  assert.deepEqual(
    toks.map((k) => [k.kind, k.name, k.content, slice(t, k.span)]),
    [
      ['tag', 'if', 'if  x', '{% if  x %}'],
      ['variable', '', 'y|lower', '{{ y|lower }}'],
      ['comment', '', 'note', '{# note #}'],
      ['tag', 'endif', 'endif', '{%endif%}'],
    ],
  );
  assert.deepEqual(toks[0].nameSpan, spanOf(t, 'if'));
  assert.deepEqual(toks[0].inner, spanOf(t, 'if  x'));
});

test('lexer: a tag split across two lines is not a tag, and is reported as a stray opener', () => {
  const t = '{% url "a"\n %}{{ x\n}}';
  const { tokens, strays } = scanTemplate(t);
  assert.equal(tokens.length, 0);
  assert.deepEqual(strays, [spanOf(t, '{%'), spanOf(t, '{{')]);
  // "\r" alone does not end a line for Django's regex (Python's "." matches it).
  assert.equal(lexTemplate('{% if a\r%}').length, 1);
});

test('lexer: a tag ends at the first closer, even inside quotes (as Django does)', () => {
  const t = '{% url "a%}b" %}';
  const toks = lexTemplate(t);
  assert.equal(toks.length, 1);
  assert.equal(slice(t, toks[0].span), '{% url "a%}');
});

test('lexer: {# #} hides tags; comment and verbatim bodies are not code', () => {
  assert.deepEqual(lexTemplate('{# {% url "x" %} #}').map((k) => k.kind), ['comment']);
  const t = '{% comment "why" %}{% url "x" %}{{ y }}{% endcomment %}{% verbatim %}{% if %}{{ z }}{% endverbatim %}';
  const toks = lexTemplate(t);
  assert.deepEqual(toks.map((k) => k.name), ['comment', 'endcomment', 'verbatim', 'endverbatim']);
  assert.equal(toks[0].raw, 'comment');
  assert.deepEqual(toks[0].rawEnd, spanOf(t, '{% endcomment %}'));
  assert.equal(toks[2].raw, 'verbatim');
  assert.deepEqual(toks[2].rawEnd, spanOf(t, '{% endverbatim %}'));
});

test('lexer: named verbatim ends only at the matching endverbatim', () => {
  const t = '{% verbatim v %}{% endverbatim %}{% endverbatim v %}{% if a %}';
  const toks = lexTemplate(t);
  assert.deepEqual(toks.map((k) => k.content), ['verbatim v', 'endverbatim v', 'if a']);
  assert.deepEqual(toks[0].rawEnd, spanOf(t, '{% endverbatim v %}'));
});

test('lexer: verbatim mode applies inside a comment body, as in Django', () => {
  const t = '{% comment %}{% verbatim %}{% endcomment %}{% endverbatim %}{% endcomment %}{{ x }}';
  const toks = lexTemplate(t);
  assert.deepEqual(toks.map((k) => k.name || k.content), ['comment', 'endcomment', 'x']);
  assert.deepEqual(toks[0].rawEnd, spanOf(t, '{% endcomment %}', 1));
});

test('lexer: unclosed comment and verbatim run to the end', () => {
  const c = lexTemplate('{% comment %}{% url "a" %}');
  assert.equal(c.length, 1);
  assert.equal(c[0].rawEnd, null);
  const v = lexTemplate('{% verbatim %}{{ a }}');
  assert.equal(v.length, 1);
  assert.equal(v[0].rawEnd, null);
});

test('lexer: offsets stay right after non-ASCII text (emoji are two UTF-16 units)', () => {
  const t = 'é😀 ünïcode 👍🏽\n{% block main %}';
  const [tok] = lexTemplate(t);
  assert.equal(tok.span.start, t.indexOf('{%'));
  assert.equal(slice(t, tok.nameSpan), 'block');
});

// ---- Parser records ----------------------------------------------------------------------------

test('extends: literal name, relative name, variable name', () => {
  const t = '{% extends "layouts/base.html" %}';
  const p = parseTemplate(t);
  assert.equal(p.extends?.name, 'layouts/base.html');
  assert.deepEqual(p.extends?.nameSpan, spanOf(t, 'layouts/base.html'));
  assert.deepEqual(p.extends?.tagSpan, { start: 0, end: t.length });
  assert.equal(p.extends?.relative, false);
  assert.equal(parseTemplate("{% extends './base.html' %}").extends?.relative, true);
  const v = '{% extends parent_template %}';
  const pv = parseTemplate(v);
  assert.equal(pv.extends?.name, undefined);
  assert.deepEqual(pv.extends?.nameSpan, spanOf(v, 'parent_template'));
  assert.equal(parseTemplate('{% extends "a"|add:"b" %}').extends?.name, undefined);
  assert.deepEqual(errorCodes(v), []);
});

test('extends: must be first, once, with one argument', () => {
  assert.deepEqual(errorCodes('\n  {# c #}{% extends "a" %}'), []);
  assert.deepEqual(errorCodes('{% load static %}{% extends "a" %}'), ['extends-position']);
  assert.deepEqual(errorCodes('{{ x }}{% extends "a" %}'), ['extends-position']);
  assert.deepEqual(errorCodes('{% extends "a" %}{% extends "b" %}'), ['extends-position']);
  assert.deepEqual(errorCodes('{% extends "a" "b" %}'), ['tag-syntax']);
});

test('include: every include, literal or not, options ignored', () => {
  const t = '{% include "a.html" %}{% include \'b.html\' with x=1 only %}{% include tpl %}';
  const p = parseTemplate(t);
  assert.deepEqual(p.includes.map((i) => i.name), ['a.html', 'b.html', undefined]);
  assert.deepEqual(p.includes[1].nameSpan, spanOf(t, 'b.html'));
  assert.deepEqual(p.includes[2].nameSpan, spanOf(t, 'tpl'));
  assert.deepEqual(p.errors, []);
  assert.deepEqual(errorCodes('{% include %}'), ['tag-syntax']);
});

test('block: names, spans and the matching endblock', () => {
  const t = '{% block outer %}{% block inner %}x{% endblock inner %}{% endblock %}';
  const p = parseTemplate(t);
  assert.deepEqual(p.blocks.map((b) => b.name), ['outer', 'inner']);
  assert.deepEqual(p.blocks[0].nameSpan, spanOf(t, 'outer'));
  assert.deepEqual(p.blocks[0].tagSpan, spanOf(t, '{% block outer %}'));
  assert.deepEqual(p.blocks[0].endSpan, spanOf(t, '{% endblock %}'));
  assert.equal(p.blocks[0].endNameSpan, undefined);
  assert.deepEqual(p.blocks[1].endSpan, spanOf(t, '{% endblock inner %}'));
  assert.deepEqual(p.blocks[1].endNameSpan, spanOf(t, 'inner', 1));
  assert.deepEqual(p.errors, []);
});

test('block: unclosed, unbalanced, misnamed and duplicate blocks are errors', () => {
  const open = parseTemplate('{% block a %}');
  assert.deepEqual(open.errors.map((e) => e.code), ['unclosed-tag']);
  assert.equal(open.blocks[0].endSpan, undefined);
  assert.deepEqual(errorCodes('{% endblock %}'), ['unexpected-end']);
  assert.deepEqual(errorCodes('{% block a %}{% endblock b %}'), ['unexpected-end']);
  // Django compares the whole content: two spaces before the name are not accepted.
  assert.deepEqual(errorCodes('{% block a %}{% endblock  a %}'), ['unexpected-end']);
  assert.deepEqual(errorCodes('{% block a %}{% endblock %}{% block a %}{% endblock %}'), ['duplicate-block']);
  assert.deepEqual(errorCodes('{% block a b %}{% endblock %}'), ['tag-syntax']);
  assert.ok(errorCodes('{% block a %}{% if x %}{% endblock %}').includes('unexpected-end'));
});

test('url: literal name, argument counts, keyword names, as var', () => {
  const t = '{% url "shop:detail" obj.pk 2 slug=obj.slug lang="en" as link %}';
  const [u] = parseTemplate(t).urls;
  assert.equal(u.name, 'shop:detail');
  assert.deepEqual(u.nameSpan, spanOf(t, 'shop:detail'));
  assert.deepEqual(u.tagSpan, { start: 0, end: t.length });
  assert.equal(u.args, 2);
  assert.deepEqual(u.kwargs.map((k) => k.name), ['slug', 'lang']);
  assert.deepEqual(u.kwargs[0].span, spanOf(t, 'slug'));
  assert.equal(u.asVar, 'link');
  assert.deepEqual(u.asVarSpan, spanOf(t, 'link'));
});

test('url: "as v" form, variable names, "as" without a name, and no name at all', () => {
  const a = parseTemplate('{% url name as v %}').urls[0];
  assert.equal(a.name, undefined);
  assert.equal(a.asVar, 'v');
  assert.equal(a.args, 0);
  // With only "as" after the name, Django treats "as" as a positional argument.
  const b = parseTemplate("{% url 'x' as %}").urls[0];
  assert.equal(b.name, 'x');
  assert.equal(b.asVar, undefined);
  assert.equal(b.args, 1);
  assert.equal(parseTemplate("{% url 'x'|lower %}").urls[0].name, undefined);
  assert.equal(parseTemplate('{% url _("x y") %}').urls[0].name, undefined);
  assert.deepEqual(errorCodes('{% url %}'), ['tag-syntax']);
  // A string with an escaped quote is unescaped as Django does.
  assert.equal(parseTemplate("{% url 'it\\'s' %}").urls[0].name, "it's");
  // A quoted argument with spaces stays one argument.
  assert.equal(parseTemplate('{% url "a" "b c" d %}').urls[0].args, 2);
});

test('url: commented-out and verbatim urls are not recorded', () => {
  assert.deepEqual(parseTemplate('{# {% url "x" %} #}').urls, []);
  assert.deepEqual(parseTemplate('{% comment %}{% url "x" %}{% endcomment %}').urls, []);
  assert.deepEqual(parseTemplate('{% verbatim %}{% url "x" %}{% endverbatim %}').urls, []);
  assert.deepEqual(parseTemplate('{% url "x"\n%}').urls, []);
});

test('load: libraries, and the "from" form with names', () => {
  const t = '{% load static humanize %}{% load intcomma naturalday from humanize %}';
  const [a, b] = parseTemplate(t).loads;
  assert.deepEqual(a.libraries.map((l) => l.name), ['static', 'humanize']);
  assert.deepEqual(a.libraries[1].span, spanOf(t, 'humanize'));
  assert.equal(a.names, undefined);
  assert.deepEqual(b.libraries.map((l) => l.name), ['humanize']);
  assert.deepEqual(b.libraries[0].span, spanOf(t, 'humanize', 1));
  assert.deepEqual(b.names?.map((n) => n.name), ['intcomma', 'naturalday']);
  // "from" needs at least one name before it; otherwise every word is a library.
  assert.deepEqual(parseTemplate('{% load from x %}').loads[0].libraries.map((l) => l.name), ['from', 'x']);
});

test('static: literal path, as var, variable path', () => {
  const t = "{% static 'css/site.css' %}{% static \"img/a b.png\" as img %}{% static path %}";
  const s = parseTemplate(t).statics;
  assert.deepEqual(s.map((x) => x.path), ['css/site.css', 'img/a b.png', undefined]);
  assert.deepEqual(s[0].pathSpan, spanOf(t, 'css/site.css'));
  assert.equal(s[1].asVar, 'img');
  assert.deepEqual(s[2].pathSpan, spanOf(t, 'path'));
});

test('tags and filters used, in variables and in tags', () => {
  const t = '{% load humanize %}{{ n|intcomma|default:"a|b" }}{% if xs|length > 1 %}{% mytag a|myfilter %}{% endif %}{% filter lower|upper %}{% endfilter %}';
  const p = parseTemplate(t);
  assert.deepEqual(p.tags.map((x) => x.name), ['load', 'if', 'mytag', 'endif', 'filter', 'endfilter']);
  assert.deepEqual(p.tags[2].span, spanOf(t, 'mytag'));
  // End tags of built-in block tags are marked, so an unknown-tag check can skip them.
  assert.deepEqual(p.tags.map((x) => x.consumedBy), [undefined, undefined, undefined, 'if', undefined, 'filter']);
  const custom = parseTemplate('{% mytag %}{% endmytag %}{% if a %}{% else %}{% endif %}').tags;
  assert.deepEqual(custom.map((x) => x.consumedBy), [undefined, undefined, undefined, 'if', 'if']);
  assert.deepEqual(
    p.filters.map((f) => [f.name, f.tag]),
    [
      ['intcomma', undefined],
      ['default', undefined],
      ['length', 'if'],
      ['myfilter', 'mytag'],
      ['upper', 'filter'],
      ['lower', 'filter'],
    ],
  );
  assert.deepEqual(p.filters[0].span, spanOf(t, 'intcomma'));
  // Django allows spaces around the pipe in a variable.
  assert.deepEqual(parseTemplate('{{ a | upper }}').filters.map((f) => f.name), ['upper']);
});

test('structure: known block tags must be closed in order; unknown custom tags are left alone', () => {
  assert.deepEqual(errorCodes('{% if a %}{% elif b %}{% else %}{% endif %}{% for x in y %}{% empty %}{% endfor %}'), []);
  assert.deepEqual(errorCodes('{% if a %}'), ['unclosed-tag']);
  assert.deepEqual(errorCodes('{% endif %}'), ['unexpected-end']);
  assert.deepEqual(errorCodes('{% comment %}'), ['unclosed-tag']);
  assert.deepEqual(errorCodes('{% verbatim v %}{% endverbatim %}'), ['unclosed-tag']);
  // Custom block tags may use their own end and intermediate tags: say nothing.
  assert.deepEqual(errorCodes('{% for x in y %}{% ifrole "a" %}{% else %}{% endifrole %}{% endfor %}'), []);
  // Django's own library block tags count once loaded.
  assert.deepEqual(errorCodes('{% load cache %}{% cache 5 k %}'), ['unclosed-tag']);
  assert.deepEqual(errorCodes('{% load i18n %}{% blocktrans count n=1 %}a{% plural %}b{% endblocktrans %}'), []);
});

test('errors: empty tags and stray openers (warnings), never thrown', () => {
  assert.deepEqual(errorCodes('{% %}{{ }}'), ['empty-tag', 'empty-tag']);
  const p = parseTemplate('<p>{% if\n%}</p>');
  assert.deepEqual(p.errors.map((e) => [e.code, e.severity]), [['stray-delimiter', 'warning']]);
  assert.deepEqual(p.errors[0].span, { start: 3, end: 5 });
});

test('splitContents follows smart_split: quotes group, an unclosed quote does not', () => {
  const t = 'a "b c" x="d e"|f:\'g h\' \'open';
  assert.deepEqual(splitContents(t, 0, t.length).map((b) => b.text), ['a', '"b c"', 'x="d e"|f:\'g h\'', "'open"]);
  const u = 'trans _("a b") x';
  assert.deepEqual(splitContents(u, 0, u.length).map((b) => b.text), ['trans', '_("a b")', 'x']);
});

// ---- nodeAt --------------------------------------------------------------------------------------

test('nodeAt: url name at start, middle and end of the name', () => {
  const t = '<a href="{% url \'shop:list\' %}">';
  const p = parseTemplate(t);
  const name = spanOf(t, 'shop:list');
  for (const off of [name.start, name.start + 4, name.end]) {
    const n = nodeAt(p, off);
    assert.equal(n?.kind, 'urlName', `offset ${off}`);
    assert.equal(n?.value, 'shop:list');
    assert.deepEqual(n?.span, name);
    assert.equal(n?.prefix, 'shop:list'.slice(0, off - name.start));
    assert.equal(n?.tag.name, 'url');
    assert.equal(n?.quoted, true);
    assert.equal(n?.partial, false);
  }
  assert.equal(nodeAt(p, 2), undefined);
});

test('nodeAt: template names, block names, libraries, static paths, tag and filter names', () => {
  const t = '{% extends "base.html" %}{% load static humanize %}{% load intcomma from humanize %}{% block body %}{{ n|intcomma }}{% static "a.css" %}{% include "p.html" %}{% endblock body %}';
  const p = parseTemplate(t);
  const at = (needle: string, n = 0, d = 1) => nodeAt(p, spanOf(t, needle, n).start + d);
  assert.equal(at('base.html')?.kind, 'templateName');
  assert.equal(at('base.html')?.templateTag, 'extends');
  assert.equal(at('p.html')?.templateTag, 'include');
  assert.deepEqual([at('humanize')?.kind, at('humanize')?.value], ['library', 'humanize']);
  assert.deepEqual([at('intcomma')?.kind, at('intcomma')?.library], ['loadName', 'humanize']);
  assert.deepEqual([at('humanize', 1)?.kind], ['library']);
  assert.deepEqual([at('body')?.kind, at('body')?.value], ['blockName', 'body']);
  assert.deepEqual([at('body', 1)?.kind, at('body', 1)?.tag.name], ['blockName', 'endblock']);
  assert.deepEqual([at('intcomma', 1)?.kind, at('intcomma', 1)?.value], ['filterName', 'intcomma']);
  assert.deepEqual([at('a.css')?.kind, at('a.css')?.value], ['staticPath', 'a.css']);
  assert.deepEqual([at('load')?.kind, at('load')?.value], ['tagName', 'load']);
  assert.equal(nodeAt(p, spanOf(t, 'from').start + 1), undefined);
});

test('nodeAt: inside comments and verbatim bodies there is nothing', () => {
  const t = '{# {% url "a" %} #}{% comment %}{% url "b" %}{% endcomment %}{% verbatim %}{% url "c" %}';
  const p = parseTemplate(t);
  for (const n of ['a', 'b', 'c']) assert.equal(nodeAt(p, spanOf(t, `"${n}"`).start + 1), undefined, n);
});

test('nodeAt: half-typed tags give the kind and the prefix so far', () => {
  const cases: [string, string, string][] = [
    ["<a href=\"{% url '", 'urlName', ''],
    ["{% url 'shop:de", 'urlName', 'shop:de'],
    ['{% extends "lay', 'templateName', 'lay'],
    ['{% include "a b', 'templateName', 'a b'],
    ['{% load hum', 'library', 'hum'],
    ['{% block con', 'blockName', 'con'],
    ['{% endbl', 'tagName', 'endbl'],
    ['{% ', 'tagName', ''],
    ['{{ value|dat', 'filterName', 'dat'],
    ['{{ value|', 'filterName', ''],
    ['{% static "css/', 'staticPath', 'css/'],
  ];
  for (const [t, kind, prefix] of cases) {
    const n = nodeAt(parseTemplate(t), t.length);
    assert.equal(n?.kind, kind, t);
    assert.equal(n?.prefix, prefix, t);
    assert.equal(n?.partial, true, t);
  }
  // The rest of the word after the cursor belongs to the name being replaced.
  const t = "{% url 'sh<b>";
  const n = nodeAt(parseTemplate(t), t.indexOf('sh') + 1);
  assert.equal(n?.prefix, 's');
  assert.equal(n?.value, 'sh');
});

test('nodeAt: an empty argument where a name goes, in a closed tag', () => {
  const t = '{% url  %}';
  const n = nodeAt(parseTemplate(t), 7);
  assert.equal(n?.kind, 'urlName');
  assert.equal(n?.value, '');
  assert.deepEqual(n?.span, { start: 7, end: 7 });
});

test('url arguments are read once: the cursor query reports the parse record\'s arguments, closed or half-typed', () => {
  const t = '{% url "shop:detail" obj.pk slug=obj.slug lang="en" as link %} {% url next_url 2 %} {% url \'a\'|lower x|upper %} {% url "a b" "b c"|upper d=_("e f") %}';
  const p = parseTemplate(t);
  assert.equal(p.urls.length, 4);
  // The record's arguments, written out by hand.
  const detail = p.urls[0];
  const texts = ['url', '"shop:detail"', 'obj.pk', 'slug=obj.slug', 'lang="en"', 'as', 'link'];
  assert.deepEqual(detail.bits, texts.map((x) => ({ text: x, span: spanOf(t, x) })));
  assert.deepEqual(p.urls[3].bits.map((b) => b.text), ['url', '"a b"', '"b c"|upper', 'd=_("e f")']);
  assert.equal(p.urls[3].name, 'a b');
  let reported = 0;
  for (const u of p.urls) {
    // Anywhere inside a closed url tag the cursor query answers with the parse's own record, not a second reading.
    for (let off = u.tagSpan.start + 2; off <= u.tagSpan.end - 2; off++) assert.equal(urlAt(p, off), u, `offset ${off}`);
    // Wherever nodeAt reports the argument under the cursor, it is the record's bit (or an empty one between bits).
    for (let off = u.tagSpan.start + 2; off <= u.tagSpan.end - 2; off++) {
      const bit = nodeAt(p, off)?.bit;
      if (!bit) continue;
      reported++;
      const expected = bit.text === '' ? { text: '', span: { start: off, end: off } } : u.bits[bit.index];
      assert.deepEqual(bit, { index: bit.index, ...expected }, `offset ${off}`);
    }
  }
  assert.ok(reported > 40, `only ${reported} offsets report a bit`);
  // The name node is the record's name.
  const nameNode = nodeAt(p, spanOf(t, 'shop').start);
  assert.deepEqual([nameNode?.kind, nameNode?.value, nameNode?.span], ['urlName', detail.name, detail.nameSpan]);
  assert.deepEqual(detail.nameSpan, spanOf(t, 'shop:detail'));
  assert.deepEqual(nodeAt(p, spanOf(t, 'lower').start)?.bit, { index: 1, text: "'a'|lower", span: spanOf(t, "'a'|lower") });
  assert.deepEqual(nodeAt(p, spanOf(t, 'upper', 1).start)?.bit, { index: 2, text: '"b c"|upper', span: spanOf(t, '"b c"|upper') });
  assert.equal(urlAt(p, spanOf(t, ' {% url next').start), undefined);

  // A tag being typed is read by the same reader: what is typed reads as the closed tag would.
  const typed = ['{% url "shop:detail" obj.pk slug=obj.slug as link', '{% url next_url x ', "{% url 'a' y=1 2", "{% url 'sh"];
  for (const h of typed) {
    const u = urlAt(parseTemplate(h), h.length);
    const closed = parseTemplate(h + ' %}').urls[0];
    assert.ok(u && closed, h);
    const { tagSpan, ...rest } = u;
    const { tagSpan: closedSpan, ...closedRest } = closed;
    assert.deepEqual(rest, closedRest, h);
    assert.deepEqual([tagSpan, closedSpan.start], [{ start: 0, end: h.length }, 0], h);
  }
  // With no name typed yet, the name goes at the cursor (a closed tag's goes at the end of its code).
  assert.deepEqual(urlAt(parseTemplate('{% url '), 7), { nameSpan: { start: 7, end: 7 }, tagSpan: { start: 0, end: 7 }, args: 0, kwargs: [], bits: [{ text: 'url', span: { start: 3, end: 6 } }] });
  const h = '{% url "shop:detail" obj.pk slug=obj.slug as link';
  const u = urlAt(parseTemplate(h), h.length)!;
  assert.deepEqual([u.name, u.args, u.kwargs, u.asVar, u.asVarSpan], ['shop:detail', 1, [{ name: 'slug', span: spanOf(h, 'slug') }], 'link', spanOf(h, 'link')]);
  const typing = "{% url 'sh";
  const n = nodeAt(parseTemplate(typing), typing.length);
  assert.deepEqual(n?.bit, { index: 1, text: "'sh", span: spanOf(typing, "'sh") });
  assert.deepEqual(urlAt(parseTemplate(typing), typing.length)?.bits[1], { text: "'sh", span: spanOf(typing, "'sh") });
  // An open string runs to the cursor, in the record as in the name node.
  const open = '{% url \'a\' x="b c';
  const o = urlAt(parseTemplate(open), open.length)!;
  assert.deepEqual(o.bits.map((b) => b.text), ['url', "'a'", 'x="b c']);
  assert.deepEqual([o.args, o.kwargs.map((k) => k.name)], [0, ['x']]);
  assert.equal(urlAt(parseTemplate('{% urls "a'), 10), undefined);
});

// ---- Built-in data -------------------------------------------------------------------------------

test('builtins: tags, filters and libraries as Django 3.2 registers them', () => {
  assert.ok(BUILTIN_TAGS.url && BUILTIN_TAGS.block && BUILTIN_TAGS.extends && BUILTIN_TAGS.include);
  assert.deepEqual(BUILTIN_TAGS.if.end, ['endif']);
  assert.deepEqual(BUILTIN_TAGS.if.intermediates, ['elif', 'else']);
  assert.equal(BUILTIN_TAGS.static, undefined);
  assert.ok(BUILTIN_FILTERS.date.signature.startsWith('value|date'));
  assert.equal(DJANGO_LIBRARIES.static.app, null);
  assert.ok(DJANGO_LIBRARIES.static.tags.static);
  assert.equal(DJANGO_LIBRARIES.humanize.app, 'django.contrib.humanize');
  assert.ok(DJANGO_LIBRARIES.humanize.filters.intcomma);
  assert.equal(DJANGO_LIBRARIES.admin_list.app, 'django.contrib.admin');
  assert.equal(DJANGO_LIBRARIES.flatpages.app, 'django.contrib.flatpages');
  for (const lib of ['cache', 'i18n', 'l10n', 'tz', 'log', 'admin_urls', 'admin_modify']) assert.ok(DJANGO_LIBRARIES[lib], lib);
});
