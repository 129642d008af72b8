// Tests for Django URL semantics (path routes, Python regexes, resolve and reverse shapes), with expected values taken from Django 3.2 itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePyRegex, pyRegexToJs } from '../../server/src/core/urls/pyregex';
import {
  canReverse,
  normalizeParams,
  parseRoute,
  patternParams,
  resolvePath,
  reverseCandidate,
  type Defaults,
  type PatternSpec,
  type ReverseLevel,
  type UrlNode,
  UNKNOWN_VALUE,
} from '../../server/src/core/urls/route';

// ---------------------------------------------------------------------------------------------------------------
// Python regexes: each case was run through Python 3.11's re.search; [start, end, groups] or null for no match.

type Found = [number, number, (string | null)[]] | null;
const searchCases: [string, [string, Found][]][] = [
  [String.raw`^a/(\d+)/$`, [['a/12/', [0, 5, ['12']]], ['a/12/\n', [0, 5, ['12']]], ['a/\u0663/', [0, 4, ['\u0663']]], ['xa/1/', null]]],
  ['(?i)^abc$', [['ABC', [0, 3, []]], ['abc', [0, 3, []]], ['abd', null]]],
  [String.raw`^(?P<y>[0-9]{4})/(?P=y)\Z`, [['2024/2024', [0, 9, ['2024']]], ['2024/2025', null], ['2024/2024\n', null]]],
  ['a{,2}b', [['aaab', [1, 4, []]], ['b', [0, 1, []]]]],
  ['a{}', [['a{}', [0, 3, []]], ['a', null]]],
  ['x{', [['x{', [0, 2, []]]]],
  ['[]a-]+', [[']a-', [0, 3, []]], ['b', null]]],
  ['[^/]+', [['ab/c', [0, 2, []]]]],
  ['(?x) a  b # comment', [['ab', [0, 2, []]], ['a b', null]]],
  ['(?#note)c.d', [['c\nd', null], ['cxd', [0, 3, []]]]],
  ['(?s)c.d', [['c\nd', [0, 3, []]]]],
  ['(?m)^b$', [['a\nb\nc', [2, 3, []]]]],
  [String.raw`\w+`, [['héllo_1 x', [0, 7, []]]]],
  [String.raw`(?a)\w+`, [['héllo', [0, 1, []]]]],
  [String.raw`\bfoo\b`, [['a foo b', [2, 5, []]], ['afoo', null]]],
  [String.raw`\s`, [['a\x1cb', [1, 2, []]], ['a\ufeffb', null]]],
  ['(a)|(b)', [['b', [0, 1, [null, 'b']]]]],
  ['(a(b)?)+', [['aab', [0, 3, ['ab', 'b']]]]],
  [String.raw`\x41\u00e9\101\0`, [['A\u00e9A\x00', [0, 4, []]]]],
  [String.raw`\.\-\#\&\~`, [['.-#&~', [0, 5, []]]]],
  ['.+', [['a\nb', [0, 1, []]]]],
  [String.raw`(a)(?:b)\1`, [['aba', [0, 3, ['a']]]]],
];

for (const [pattern, inputs] of searchCases) {
  test(`pyRegexToJs matches like Python's re.search: ${JSON.stringify(pattern)}`, () => {
    const compiled = compilePyRegex(pattern);
    assert.ok(!('error' in compiled), `unexpected error for ${pattern}`);
    for (const [input, expected] of inputs) {
      const m = compiled.search.exec(input);
      const actual: Found = m ? [m.index, m.index + m[0].length, m.slice(1).map((g) => g ?? null)] : null;
      assert.deepEqual(actual, expected, `input ${JSON.stringify(input)}`);
    }
  });
}

test('pyRegexToJs rejects what Python rejects', () => {
  // Each of these raises re.error in Python 3.11.
  for (const p of [String.raw`[\d-z]+`, '(?(1)a|b)', 'a(?i)', String.raw`\q`, '(?P<1a>x)', '(?P<a>x)(?P<a>y)', '*a', 'a**', '[a', '(a', 'a)', String.raw`\1(a)`, 'x{3,2}']) {
    assert.equal(typeof pyRegexToJs(p).error, 'string', p);
  }
});

test('pyRegexToJs reports constructs it cannot translate as errors, so callers say "unknown"', () => {
  // Python accepts both (possessive repeat, scoped flags); JavaScript in Node 20 has no equivalent.
  assert.equal(typeof pyRegexToJs('a++').error, 'string');
  assert.equal(typeof pyRegexToJs('(?i:a)').error, 'string');
});

test('pyRegexToJs translates named groups, backreferences and reports groups in order', () => {
  const t = pyRegexToJs(String.raw`^(?P<year>\d{4})/(\d+)/(?P=year)/((x))$`);
  assert.equal(t.error, undefined);
  assert.deepEqual(t.groups, [{ name: 'year', index: 1 }, { index: 2 }, { index: 3 }, { index: 4 }]);
  assert.match(t.source, /\(\?<year>/);
  assert.match(t.source, /\\k<year>/);
  assert.equal(pyRegexToJs('(?i)x').flags, 'vi');
});

// ---------------------------------------------------------------------------------------------------------------
// path() routes.

test('parseRoute builds the regex Django builds', () => {
  assert.deepEqual(parseRoute('articles/<int:year>/<slug>/'), {
    params: [
      { name: 'year', converter: 'int' },
      { name: 'slug', converter: 'str' },
    ],
    regex: '^articles/(?P<year>[0-9]+)/(?P<slug>[^/]+)/',
  });
  assert.equal(parseRoute('a.b/<path:p>', undefined, true).regex, String.raw`^a\.b/(?P<p>.+)\Z`);
  assert.equal(parseRoute('', undefined, true).regex, String.raw`^\Z`);
  assert.equal(parseRoute('u/<uuid:id>').regex, '^u/(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})');
});

test('parseRoute reports what Django reports as ImproperlyConfigured', () => {
  assert.match(parseRoute('<foo:x>/').error ?? '', /invalid converter 'foo'/);
  assert.match(parseRoute('<int:1x>/').error ?? '', /isn't a valid Python identifier/);
  assert.match(parseRoute('<int: x>/').error ?? '', /whitespace/);
  assert.match(parseRoute('<a:b:c>/').error ?? '', /isn't a valid Python identifier/);
  assert.equal(parseRoute('<yyyy:y>/', { yyyy: '[0-9]{4}' }).error, undefined);
  assert.equal(parseRoute('<yyyy:y>/', { yyyy: '[0-9]{4}' }).regex, '^(?P<y>[0-9]{4})/');
});

test('parseRoute leaves text without a closing bracket literal', () => {
  assert.deepEqual(parseRoute('a<b/'), { params: [], regex: '^a<b/' });
});

test('parseRoute marks a converter whose regex is unknown', () => {
  const parsed = parseRoute('y/<dyn:v>/', { dyn: undefined });
  assert.equal(parsed.approximate, true);
  assert.deepEqual(parsed.params, [{ name: 'v', converter: 'dyn' }]);
});

test('patternParams: kwargs from routes and named groups, args only without named groups', () => {
  assert.deepEqual(patternParams({ kind: 'route', text: '<int:pk>/<s>/' }), {
    named: [
      { name: 'pk', converter: 'int' },
      { name: 's', converter: 'str' },
    ],
    positional: 0,
  });
  assert.deepEqual(patternParams({ kind: 'regex', text: String.raw`^a/(\d+)/(\d+)/$` }), { named: [], positional: 2 });
  assert.deepEqual(patternParams({ kind: 'regex', text: String.raw`^m/(?P<x>\d+)/(\d+)/$` }), {
    named: [{ name: 'x', converter: 'str' }],
    positional: 0,
  });
  assert.deepEqual(patternParams({ kind: 'locale', text: 'en-us/' }), { named: [], positional: 0 });
  assert.equal(typeof patternParams({ kind: 'regex', text: '(' }).error, 'string');
});

// ---------------------------------------------------------------------------------------------------------------
// resolve(): a URLconf mirrored from the one run through Django (leaves are the URL names).

const route = (text: string): PatternSpec => ({ kind: 'route', text });
const regex = (text: string): PatternSpec => ({ kind: 'regex', text });
const leaf = (pattern: PatternSpec, name: string, defaults?: Defaults): UrlNode<string> => ({ kind: 'pattern', pattern, leaf: name, defaults });
const inc = (pattern: PatternSpec, children: UrlNode<string>[] | 'unknown', defaults?: Defaults): UrlNode<string> => ({
  kind: 'resolver',
  pattern,
  children,
  defaults,
});

const blog = [leaf(route(''), 'blog_index'), leaf(regex('^$'), 'blog_never'), leaf(route('<slug:slug>/'), 'blog_post')];
const shop = [leaf(regex('^$'), 'shop_index'), leaf(regex(String.raw`^(?P<pk>\d+)/$`), 'shop_item')];
const g = [leaf(regex(String.raw`^(\d+)/$`), 'g_pos'), leaf(regex(String.raw`^n/(?P<k>\d+)/$`), 'g_named')];
const d = [leaf(route('<int:x>/'), 'd_override'), leaf(route('k/'), 'd_k', { x: 'dflt' }), leaf(route('plain/'), 'd_plain')];
const nsInner = [leaf(route('<int:pk>/'), 'ns_item'), leaf(route('opt/'), 'ns_opt', { extra2: 2 })];
const converters = { yyyy: '[0-9]{4}' };

const urlconf: UrlNode<string>[] = [
  leaf(route(''), 'home'),
  leaf(route('articles/<int:year>/'), 'year'),
  leaf(route('articles/<int:year>/<slug:slug>/'), 'article'),
  leaf(route('files/<path:p>'), 'files'),
  leaf(route('users/<str:u>/'), 'user'),
  leaf(route('users/<u>/x/'), 'user_x'),
  leaf(route('items/<uuid:id>/'), 'item'),
  leaf(route('year/<yyyy:y>/'), 'custom'),
  leaf(regex(String.raw`^a/(\d+)/$`), 're_a'),
  leaf(regex(String.raw`^mixed/(?P<x>\d+)/(\d+)/$`), 'mixed'),
  leaf(regex(String.raw`^opt/(?:(?P<n>\d+)/)?$`), 'opt'),
  leaf(regex(String.raw`^pos/(\d+)?/?$`), 'posopt'),
  leaf(regex('^nodollar/'), 'nodollar'),
  leaf(regex('tail/$'), 'unanchored'),
  inc(route('blog/'), blog),
  inc(regex('^shop/'), shop),
  inc(regex(String.raw`^g/(\d+)/`), g),
  inc(route('d/'), d, { y: 1 }),
  inc(route('dd/<int:x>/'), d),
  leaf(route('slash'), 'noslash'),
  inc(route('ns/'), nsInner, { extra: 1 }),
  leaf(regex('^alt/(a|b)/$'), 'alt'),
  leaf(regex('^alt2/(?:a|b)/$'), 'alt2'),
  leaf(regex(String.raw`^two/(?P<a>\d){2}/$`), 'two'),
  leaf(regex('^nl/$'), 'nl'),
  leaf(route('<int:n>/'), 'introot'),
  inc({ kind: 'locale', text: 'en-us/' }, [leaf(route('about/'), 'about')]),
];

type Expected = [name: string, args: unknown[], kwargs: Record<string, unknown>, route: string] | 'nomatch';
// Django 3.2's resolve() on the same URLconf printed these (url_name, args, kwargs, route).
const resolveCases: [string, Expected][] = [
  ['/', ['home', [], {}, '']],
  ['', 'nomatch'],
  ['x', 'nomatch'],
  ['/articles/2024/', ['year', [], { year: 2024 }, 'articles/<int:year>/']],
  ['/articles/0042/', ['year', [], { year: 42 }, 'articles/<int:year>/']],
  ['/articles/2024/my-post/', ['article', [], { year: 2024, slug: 'my-post' }, 'articles/<int:year>/<slug:slug>/']],
  ['/articles/20x4/', 'nomatch'],
  ['/files/a/b/c.txt', ['files', [], { p: 'a/b/c.txt' }, 'files/<path:p>']],
  ['/files/', 'nomatch'],
  ['/users/bob/', ['user', [], { u: 'bob' }, 'users/<str:u>/']],
  ['/users/bo/b/', 'nomatch'],
  ['/users/bob/x/', ['user_x', [], { u: 'bob' }, 'users/<u>/x/']],
  ['/items/12345678-1234-1234-1234-123456789abc/', ['item', [], { id: '12345678-1234-1234-1234-123456789abc' }, 'items/<uuid:id>/']],
  ['/items/12345678-1234-1234-1234-123456789ABC/', 'nomatch'],
  ['/year/24/', 'nomatch'],
  ['/a/12/', ['re_a', ['12'], {}, String.raw`^a/(\d+)/$`]],
  ['/a/12', 'nomatch'],
  ['/mixed/3/4/', ['mixed', [], { x: '3' }, String.raw`^mixed/(?P<x>\d+)/(\d+)/$`]],
  ['/opt/', ['opt', [], {}, String.raw`^opt/(?:(?P<n>\d+)/)?$`]],
  ['/opt/5/', ['opt', [], { n: '5' }, String.raw`^opt/(?:(?P<n>\d+)/)?$`]],
  ['/pos/', ['posopt', [null], {}, String.raw`^pos/(\d+)?/?$`]],
  ['/pos/7/', ['posopt', ['7'], {}, String.raw`^pos/(\d+)?/?$`]],
  ['/pos/7', ['posopt', ['7'], {}, String.raw`^pos/(\d+)?/?$`]],
  ['/nodollar/anything/else', ['nodollar', [], {}, '^nodollar/']],
  ['/zzztail/', 'nomatch'],
  ['/blog/', ['blog_index', [], {}, 'blog/']],
  ['/blog/hello/', ['blog_post', [], { slug: 'hello' }, 'blog/<slug:slug>/']],
  ['/shop/', ['shop_index', [], {}, '^shop/$']],
  ['/shop/9/', ['shop_item', [], { pk: '9' }, String.raw`^shop/(?P<pk>\d+)/$`]],
  ['/shop/9/x', 'nomatch'],
  ['/g/1/2/', ['g_pos', ['1', '2'], {}, String.raw`^g/(\d+)/(\d+)/$`]],
  ['/g/1/n/3/', ['g_named', [], { k: '3' }, String.raw`^g/(\d+)/n/(?P<k>\d+)/$`]],
  ['/d/5/', ['d_override', [], { y: 1, x: 5 }, 'd/<int:x>/']],
  ['/d/k/', ['d_k', [], { y: 1, x: 'dflt' }, 'd/k/']],
  ['/d/plain/', ['d_plain', [], { y: 1 }, 'd/plain/']],
  ['/dd/7/5/', ['d_override', [], { x: 5 }, 'dd/<int:x>/<int:x>/']],
  ['/dd/7/k/', ['d_k', [], { x: 'dflt' }, 'dd/<int:x>/k/']],
  ['/dd/7/plain/', ['d_plain', [], { x: 7 }, 'dd/<int:x>/plain/']],
  ['/slash', ['noslash', [], {}, 'slash']],
  ['/slash/', 'nomatch'],
  ['/ns/3/', ['ns_item', [], { extra: 1, pk: 3 }, 'ns/<int:pk>/']],
  ['/ns/opt/', ['ns_opt', [], { extra: 1, extra2: 2 }, 'ns/opt/']],
  ['/en-us/about/', ['about', [], {}, 'en-us/about/']],
  ['/fr/about/', 'nomatch'],
  ['/about/', 'nomatch'],
  ['/alt/a/', ['alt', ['a'], {}, '^alt/(a|b)/$']],
  ['/alt/c/', 'nomatch'],
  ['/two/12/', ['two', [], { a: '2' }, String.raw`^two/(?P<a>\d){2}/$`]],
  ['/nl/\n', 'nomatch'],
  ['/nl/', ['nl', [], {}, '^nl/$']],
  ['/007/', ['introot', [], { n: 7 }, '<int:n>/']],
  ['/\u0663/', 'nomatch'],
  ['/a/\u0663/', ['re_a', ['\u0663'], {}, String.raw`^a/(\d+)/$`]],
];

for (const [path, expected] of resolveCases) {
  test(`resolvePath(${JSON.stringify(path)}) agrees with Django`, () => {
    const result = resolvePath(urlconf, path, converters);
    if (expected === 'nomatch') {
      assert.deepEqual(result, { kind: 'nomatch' });
    } else {
      const [name, args, kwargs, routeText] = expected;
      assert.deepEqual(result, { kind: 'match', leaf: name, args, kwargs, route: routeText });
    }
  });
}

test('resolvePath goes through a custom converter (its to_python is not known, so the value stays text)', () => {
  // Django: url_name 'custom', route 'year/<yyyy:y>/'.
  const result = resolvePath(urlconf, '/year/2024/', converters);
  assert.equal(result.kind, 'match');
  if (result.kind === 'match') {
    assert.equal(result.leaf, 'custom');
    assert.equal(result.route, 'year/<yyyy:y>/');
    assert.deepEqual(result.kwargs, { y: '2024' });
  }
});

test('resolvePath handles case-insensitive patterns', () => {
  // Django resolves both '/CI/' and '/ci/' to this pattern.
  const conf = [leaf(regex('(?i)^ci/$'), 'ci')];
  assert.equal(resolvePath(conf, '/CI/').kind, 'match');
  assert.equal(resolvePath(conf, '/ci/').kind, 'match');
});

test('resolvePath is unknown when something not understood comes before a definite match', () => {
  assert.deepEqual(resolvePath([inc(route('a/'), 'unknown'), leaf(route('a/b/'), 'ab')], '/a/b/'), { kind: 'unknown' });
  assert.deepEqual(resolvePath([leaf(regex('(?(1)a|b)'), 'odd'), leaf(route('x/'), 'x')], '/x/'), { kind: 'unknown' });
  assert.deepEqual(resolvePath([leaf(route('<nope:v>/'), 'bad'), leaf(route('x/'), 'x')], '/x/'), { kind: 'unknown' });
  assert.deepEqual(resolvePath([leaf(route('v/<dyn:v>/'), 'dyn')], '/v/1/', { dyn: undefined }), { kind: 'unknown' });
});

test('resolvePath stays definite when the unknown part cannot be reached', () => {
  // The include's prefix does not match, so its unknown contents do not matter.
  assert.deepEqual(resolvePath([inc(route('a/'), 'unknown'), leaf(route('b/'), 'b')], '/b/'), {
    kind: 'match',
    leaf: 'b',
    args: [],
    kwargs: {},
    route: 'b/',
  });
  // The literal before a converter of unknown regex already rules the pattern out.
  assert.deepEqual(resolvePath([leaf(route('v/<dyn:v>/'), 'dyn')], '/w/1/', { dyn: undefined }), { kind: 'nomatch' });
  // A definite match before the unknown include wins.
  assert.equal(resolvePath([leaf(route('b/'), 'b'), inc(route(''), 'unknown')], '/b/').kind, 'match');
  // An unknown subtree that the path reaches only after its prefix fails is skipped.
  assert.deepEqual(resolvePath([inc(route('a/'), 'unknown')], '/c/'), { kind: 'nomatch' });
});

test('resolvePath: an unknown root is unknown, and a path without a leading slash never matches', () => {
  assert.deepEqual(resolvePath('unknown', '/a/'), { kind: 'unknown' });
  assert.deepEqual(resolvePath([leaf(route('a/'), 'a')], 'a/'), { kind: 'nomatch' });
});

// ---------------------------------------------------------------------------------------------------------------
// reverse() argument shapes. Each verdict below is what Django's reverse() did on the URLconf above.

const lv = (pattern: PatternSpec, defaults?: string[] | 'unknown', namespaced?: boolean): ReverseLevel => ({ pattern, defaults, namespaced });
const cand = (...chain: ReverseLevel[]) => reverseCandidate(chain, converters);

test('normalizeParams reads parameters like django.utils.regex_helper.normalize', () => {
  assert.deepEqual(normalizeParams(String.raw`^a/(\d+)/(?P<x>\d+)/$`), [['_0', 'x']]);
  assert.deepEqual(normalizeParams(String.raw`^opt/(?:(?P<n>\d+)/)?$`), [[], ['n']]);
  assert.deepEqual(normalizeParams(String.raw`^two/(?P<a>\d){2}/$`), [['a', 'a']]);
  assert.deepEqual(normalizeParams('^alt/(a|b)/$'), [['_0']]);
  assert.deepEqual(normalizeParams('^alt2/(?:a|b)/$'), [[]]);
  assert.deepEqual(normalizeParams('^a/$(?P<ignored>x)'), [[]]);
  // Django raises ValueError("Non-reversible reg-exp portion: '(?i'") for inline flags.
  assert.equal(normalizeParams('(?i)^ci/$'), 'error');
});

test('canReverse: positional arguments need exactly as many as the parameters', () => {
  const year = [cand(lv(route('articles/<int:year>/')))];
  assert.equal(canReverse(year, 1, []), 'ok');
  assert.equal(canReverse(year, 0, ['year']), 'ok');
  assert.equal(canReverse(year, 0, []), 'mismatch');
  assert.equal(canReverse(year, 0, ['yr']), 'mismatch');
  assert.equal(canReverse(year, 1, ['year']), 'mismatch');
  const article = [cand(lv(route('articles/<int:year>/<slug:slug>/')))];
  assert.equal(canReverse(article, 2, []), 'ok');
  assert.equal(canReverse(article, 1, []), 'mismatch');
});

test('canReverse: unnamed groups count as positional parameters named _0, _1, ...', () => {
  const reA = [cand(lv(regex(String.raw`^a/(\d+)/$`)))];
  assert.equal(canReverse(reA, 1, []), 'ok');
  assert.equal(canReverse(reA, 0, ['_0']), 'ok');
  assert.equal(canReverse(reA, 0, []), 'mismatch');
  const mixed = [cand(lv(regex(String.raw`^mixed/(?P<x>\d+)/(\d+)/$`)))];
  assert.equal(canReverse(mixed, 2, []), 'ok');
  assert.equal(canReverse(mixed, 0, ['x']), 'mismatch');
  assert.equal(canReverse(mixed, 1, []), 'mismatch');
});

test('canReverse: optional groups give a form with and without the parameter', () => {
  const opt = [cand(lv(regex(String.raw`^opt/(?:(?P<n>\d+)/)?$`)))];
  assert.equal(canReverse(opt, 0, []), 'ok');
  assert.equal(canReverse(opt, 0, ['n']), 'ok');
  assert.equal(canReverse(opt, 1, []), 'ok');
  const posopt = [cand(lv(regex(String.raw`^pos/(\d+)?/?$`)))];
  assert.equal(canReverse(posopt, 0, []), 'ok');
  assert.equal(canReverse(posopt, 1, []), 'ok');
  const two = [cand(lv(regex(String.raw`^two/(?P<a>\d){2}/$`)))];
  assert.equal(canReverse(two, 2, []), 'ok');
  assert.equal(canReverse(two, 1, []), 'mismatch');
  assert.equal(canReverse(two, 0, ['a']), 'ok');
});

test('canReverse: parameters of every include level count', () => {
  const shopItem = [cand(lv(regex('^shop/')), lv(regex(String.raw`^(?P<pk>\d+)/$`)))];
  assert.equal(canReverse(shopItem, 0, ['pk']), 'ok');
  const gPos = [cand(lv(regex(String.raw`^g/(\d+)/`)), lv(regex(String.raw`^(\d+)/$`)))];
  assert.equal(canReverse(gPos, 2, []), 'ok');
  assert.equal(canReverse(gPos, 1, []), 'mismatch');
  const gNamed = [cand(lv(regex(String.raw`^g/(\d+)/`)), lv(regex(String.raw`^n/(?P<k>\d+)/$`)))];
  assert.equal(canReverse(gNamed, 0, ['k']), 'mismatch');
  assert.equal(canReverse(gNamed, 2, []), 'ok');
  const about = [cand(lv({ kind: 'locale', text: 'en-us/' }), lv(route('about/')))];
  assert.equal(canReverse(about, 0, []), 'ok');
});

test('canReverse: extra arguments along the chain may be left out or given', () => {
  const dK = [cand(lv(route('d/'), ['y']), lv(route('k/'), ['x']))];
  assert.equal(canReverse(dK, 0, ['x']), 'ok');
  assert.equal(canReverse(dK, 0, ['y']), 'ok');
  assert.equal(canReverse(dK, 0, ['x', 'y']), 'ok');
  const dPlain = [cand(lv(route('d/'), ['y']), lv(route('plain/')))];
  assert.equal(canReverse(dPlain, 0, []), 'ok');
  assert.equal(canReverse(dPlain, 0, ['y']), 'ok');
  assert.equal(canReverse(dPlain, 0, ['z']), 'mismatch');
});

test("canReverse: a namespaced include's own extra arguments do not count for reverse('ns:name')", () => {
  const nsItem = [cand(lv(route('ns/'), ['extra'], true), lv(route('<int:pk>/')))];
  assert.equal(canReverse(nsItem, 0, ['pk']), 'ok');
  assert.equal(canReverse(nsItem, 0, ['pk', 'extra']), 'mismatch');
  const nsOpt = [cand(lv(route('ns/'), ['extra'], true), lv(route('opt/'), ['extra2']))];
  assert.equal(canReverse(nsOpt, 0, []), 'ok');
  assert.equal(canReverse(nsOpt, 0, ['extra2']), 'ok');
  assert.equal(canReverse(nsOpt, 0, ['extra']), 'mismatch');
});

test('canReverse: alternation outside a group makes a pattern unreversible, inside a group it is a parameter', () => {
  assert.equal(canReverse([cand(lv(regex('^alt/(a|b)/$')))], 1, []), 'ok');
  assert.equal(canReverse([cand(lv(regex('^alt/(a|b)/$')))], 0, []), 'mismatch');
  assert.equal(canReverse([cand(lv(regex('^alt2/(?:a|b)/$')))], 0, []), 'mismatch');
});

test('canReverse: any candidate that fits is enough; what is not understood is unknown, never a mismatch', () => {
  const two = [cand(lv(route('d/'), ['y']), lv(route('plain/'))), cand(lv(route('dd/<int:x>/')), lv(route('plain/')))];
  assert.equal(canReverse(two, 1, []), 'ok');
  assert.equal(canReverse(two, 0, ['x']), 'ok');
  assert.equal(canReverse([cand(lv(regex('(?i)^ci/$')))], 0, []), 'unknown');
  assert.equal(canReverse([cand(lv(route('<nope:v>/')))], 0, ['v']), 'unknown');
  assert.equal(canReverse([cand(lv(route('a/'), 'unknown'), lv(route('<int:v>/')))], 0, ['v', 'w']), 'unknown');
  assert.equal(canReverse([cand(lv(route('a/'))), cand(lv(regex('(?i)x')))], 1, []), 'unknown');
  assert.equal(canReverse([], 0, []), 'mismatch');
});

test('resolvePath: extra arguments known only by name, or not at all', () => {
  // Django gives {'y': <value>, 'x': 5} for '/d/5/' with include(..., {'y': ...}); here the value is unknown.
  assert.deepEqual(resolvePath([inc(route('d/'), [leaf(route('<int:x>/'), 'dx')], ['y'])], '/d/5/'), {
    kind: 'match',
    leaf: 'dx',
    args: [],
    kwargs: { y: UNKNOWN_VALUE, x: 5 },
    route: 'd/<int:x>/',
  });
  const partial = resolvePath([inc(regex(String.raw`^g/(\d+)/`), [leaf(regex(String.raw`^(\d+)/$`), 'gp')], 'unknown')], '/g/1/2/');
  assert.deepEqual(partial, { kind: 'match', leaf: 'gp', args: ['1', '2'], kwargs: {}, route: String.raw`^g/(\d+)/(\d+)/$`, partial: true });
});

test('pyRegexToJs: corner cases found by comparing with Python 3.11', () => {
  const b = compilePyRegex(String.raw`\B`);
  assert.ok(!('error' in b));
  if ('error' in b) return;
  // Python's \B never matches in an empty string but does between two word characters.
  assert.equal(b.search.exec(''), null);
  assert.equal(b.search.exec('ab')?.index, 1);
  // Flags found at the start govern how the rest is read, so the second (?x) is still "at the start".
  const verbose = compilePyRegex('(?x) (?x)z-]');
  assert.ok(!('error' in verbose));
  if (!('error' in verbose)) assert.equal(verbose.search.exec('az-]')?.index, 1);
  const comment = compilePyRegex('(?x)a#b\nc');
  assert.ok(!('error' in comment));
  if (!('error' in comment)) assert.equal(comment.search.exec('ac')?.[0], 'ac');
});

test("normalizeParams fails where Django's normalize raises, and not elsewhere", () => {
  assert.deepEqual(normalizeParams('+a(?P<n>x)'), [['n']]);
  assert.deepEqual(normalizeParams('(?P<n>x)+'), [['n']]);
  // RuntimeError (trailing backslash) and IndexError (nothing before {2}) in Django.
  assert.equal(normalizeParams('^a/\\'), 'error');
  assert.equal(normalizeParams('{2}a'), 'error');
});
