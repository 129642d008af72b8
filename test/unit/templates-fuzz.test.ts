// Property test for the template parser: on every prefix and on random mutations it never throws and every span lies within the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, nodeAt } from '../../server/src/core/templates/parse';
import { seededRandom } from '../helpers/random';

const SAMPLES = [
  `{% extends "layouts/base.html" %}
{% load static humanize %}{% load intcomma from humanize %}
{% block title %}Shop — 😀 {{ shop.name|title }}{% endblock title %}
{% block content %}
  {# {% url 'hidden' %} #}
  {% for item in items %}
    <a href="{% url 'shop:detail' item.pk slug=item.slug as link %}{{ link }}">{{ item.price|intcomma }}</a>
  {% empty %}<p>{% trans "None" %}</p>
  {% endfor %}
  {% include "partials/footer.html" with year=2024 only %}
  <img src="{% static 'img/logo.png' %}">
{% endblock %}`,
  `{% comment "old" %}{% url 'gone' %}{% endcomment %}{% verbatim v %}{{ raw }}{% endverbatim v %}
{% if user.is_authenticated and perms.shop.change %}{% filter lower|upper %}X{% endfilter %}{% else %}{% url next_url %}{% endif %}
{% with total=items|length %}{{ total|default:"a|b" }}{% endwith %}{% static path as p %}{% include tpl %}`,
  `<script>var x = {a: {b: 1}}; if (a {{ '%}' }} b) {}</script>{% block a %}{% block b %}{% endblock %}
{% url "a" "b c" d=_("e f") %}{% load i18n %}{% blocktrans count n=1 %}{{ n }} item{% plural %}items{% endblocktrans %}`,
];

const SNIPPETS = ['{%', '%}', '{{', '}}', '{#', '#}', "'", '"', '\n', '\r\n', ' ', '|', ':', '=', ' as ', 'url', 'block ', 'endblock',
  'comment', 'endcomment', 'verbatim', 'endverbatim', 'load ', ' from ', '😀', '\\', '_(', ')', '{', '}', '%', 'static '];

const rng = seededRandom;

function mutate(text: string, rand: () => number): string {
  const ops = 1 + Math.floor(rand() * 8);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.5) {
      text = text.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + text.slice(at);
    } else if (r < 0.8) {
      text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 12)));
    } else {
      const len = Math.floor(rand() * 30);
      text = text.slice(0, at) + text.slice(at, at + len) + text.slice(at);
    }
  }
  return text;
}

/** Every {start, end} object reachable from a value. */
function spans(value: unknown, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as { start: number; end: number });
    for (const v of Object.values(o)) if (v && typeof v === 'object') spans(v, out);
  }
  return out;
}

function check(text: string, offsets: number[]): void {
  const p = parseTemplate(text);
  assert.equal(p.text, text);
  for (const s of spans({ ...p, text: undefined })) {
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `span ${JSON.stringify(s)} outside ${JSON.stringify(text)}`);
  }
  // An internal failure is reported as a warning; the properties below would hide it otherwise.
  assert.ok(!p.errors.some((e) => e.message.startsWith('internal error')), `internal error on ${JSON.stringify(text)}`);
  for (const off of offsets) {
    // nodeAt has no safety net of its own, so a bug is a failure here rather than a silent undefined.
    const n = nodeAt(p, off);
    if (!n) continue;
    for (const s of spans(n)) {
      assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `nodeAt(${off}) span ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
    }
    assert.ok(n.span.start <= off && off <= n.span.end + 1, `nodeAt(${off}) is away from its span in ${JSON.stringify(text)}`);
    assert.ok(n.prefix.length <= off - n.span.start, `nodeAt(${off}) prefix longer than the text before the offset`);
  }
}

test('every prefix of the samples: no throw, spans inside the text', () => {
  let count = 0;
  for (const sample of SAMPLES) {
    for (let i = 0; i <= sample.length; i++) {
      const prefix = sample.slice(0, i);
      check(prefix, [i, Math.max(0, i - 1), Math.max(0, i - 3)]);
      count++;
    }
    // On the whole sample, every offset.
    check(sample, Array.from({ length: sample.length + 1 }, (_, k) => k));
  }
  assert.ok(count > 1000);
});

test('500 random mutations (seed 20240611): no throw, spans inside the text', () => {
  const rand = rng(20240611);
  for (let i = 0; i < 500; i++) {
    const text = mutate(SAMPLES[i % SAMPLES.length], rand);
    const offsets = Array.from({ length: 40 }, () => Math.floor(rand() * (text.length + 1)));
    offsets.push(0, text.length);
    check(text, offsets);
  }
});

test('pathological inputs: long runs of openers, lone quotes, huge lines', () => {
  check('{'.repeat(5000) + '%'.repeat(10), [0, 2500, 5010]);
  check('{% url ' + "'".repeat(3000) + ' %}', [10, 1500, 3005]);
  check('{{' + 'a|'.repeat(5000) + '}}', [3, 5000, 10002]);
  check('\u0000\uFFFF{%\u2028%}{{\r}}', [0, 3, 5, 8]);
});
