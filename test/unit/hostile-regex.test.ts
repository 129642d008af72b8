// Regression tests for issue 9 item 3: a user's URL regex is matched in linear time (no ReDoS), agreeing with Python's re or saying "cannot tell".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerRunner } from '../helpers/worker';
import { compilePyRegex, type PyMatchMode } from '../../server/src/core/urls/pyregex';
import { resolvePath, type UrlNode, type Converters } from '../../server/src/core/urls/route';

/** A URLconf of one re_path() pattern. */
function rePath(regex: string): UrlNode<string>[] {
  return [{ kind: 'pattern', pattern: { kind: 'regex', text: regex }, leaf: 'evil' }];
}

/** The hostile inputs, resolved in a worker: a pattern that backtracks exponentially on a path it does not match. */
const HOSTILE: Record<string, () => unknown> = {
  // The reproduction: each added "a" doubled the time (1.1 s at 24), so 32 would take over a minute.
  rePath: () => resolvePath(rePath('^(a+)+$'), '/' + 'a'.repeat(32) + '!'),
  // The same blow-up through a custom path() converter, whose regex is the user's too.
  converter: () => {
    const converters: Converters = { evil: '(?:a|aa)+' };
    const conf: UrlNode<string>[] = [{ kind: 'pattern', pattern: { kind: 'route', text: '<evil:x>/' }, leaf: 'evil' }];
    return resolvePath(conf, '/' + 'a'.repeat(40) + '!', converters);
  },
};

if (!isMainThread) {
  // Worker side: match off the main thread, so that the test's timeout can fire during a runaway match
  // (node's per-test timeout cannot interrupt synchronous work on the thread that runs the tests).
  parentPort!.postMessage(HOSTILE[workerData as string]());
} else {
  const workers = workerRunner(__filename);

  /** Runs one hostile case in a worker thread and resolves with its result. */
  const inWorker = (name: string) => workers.run<unknown>(name);

  test.after(() => workers.terminateAll());

  test('resolve: re_path(r"^(a+)+$") on "/" + 32 a\'s + "!" answers (no match) instead of backtracking for minutes', { timeout: 10_000 }, async () => {
    assert.deepEqual(await inWorker('rePath'), { kind: 'nomatch' });
  });

  test('resolve: a custom converter with a backtracking regex answers too', { timeout: 10_000 }, async () => {
    assert.deepEqual(await inWorker('converter'), { kind: 'nomatch' });
  });

  test('resolve still matches with the same pattern when it should', () => {
    assert.deepEqual(resolvePath(rePath('^(a+)+$'), '/aaaa'), { kind: 'match', leaf: 'evil', args: ['aaaa'], kwargs: {}, route: '^(a+)+$' });
  });

  // Each expected value was printed by Python 3.11's re.search / re.fullmatch on the same pattern and input
  // ([start, end, groups], or null); the inputs are in the BMP, so Python's offsets equal JavaScript's.
  type Found = [number, number, (string | null)[]] | null;
  const cases: [pattern: string, input: string, mode: PyMatchMode, expected: Found][] = [
    // A non-MULTILINE `$` also matches before a newline that ends the string.
    ['ab$', 'xab\n', 'search', [1, 3, []]],
    ['ab$', 'xab\n', 'fullmatch', null],
    ['^nl/$', 'nl/\n', 'search', [0, 3, []]],
    ['^nl/$', 'nl/\n', 'fullmatch', null],
    ['(?m)^$', 'a\n', 'search', [2, 2, []]],
    // Unicode sets inside classes, which RE2 cannot nest.
    [String.raw`[\w-]+`, 'ab-é.c', 'search', [0, 4, []]],
    [String.raw`[\W_]+`, 'ab-_.c', 'search', [2, 5, []]],
    [String.raw`[\S]+`, ' \u3000ab\u3000', 'search', [2, 4, []]],
    // ASCII \s has \v (which RE2's \s lacks) and not \x1c (which Unicode \s has).
    [String.raw`(?a)[\s]`, 'a\x1cb', 'search', null],
    [String.raw`(?a)[\s]`, 'a\x0bb', 'search', [1, 2, []]],
    // A lookbehind without groups is kept.
    ['(?<!a)b', 'ab', 'search', null],
    ['(?<!a)b', 'cb', 'search', [1, 2, []]],
    // Leftmost-first submatches, as a backtracking engine gives them.
    ['(a|ab)(c|bcd)(d*)', 'abcd', 'fullmatch', [0, 4, ['a', 'bcd', '']]],
    ['(a)|(b)', 'b', 'search', [0, 1, [null, 'b']]],
    [String.raw`^(?P<y>\d{4})/(?P<m>\d\d)/$`, '2024/05/', 'fullmatch', [0, 8, ['2024', '05']]],
    [String.raw`\bfoo\b`, ' foo', 'search', [1, 4, []]],
    // A lookahead right after `^` (the usual catch-all) is tested at position 0 on its own.
    ['^(?!api/).*$', 'api/x', 'fullmatch', null],
    ['^(?!api/).*$', 'foo/', 'fullmatch', [0, 4, []]],
    [String.raw`\A(?!static/|media/)(?P<rest>.*)`, 'page/x', 'search', [0, 6, ['page/x']]],
    ['^(?=a)(a)b', 'ab', 'search', [0, 2, ['a']]],
    ['^(?=b)ab', 'ab', 'search', null],
  ];
  for (const [pattern, input, mode, expected] of cases) {
    test(`linear matching agrees with Python: ${mode} ${JSON.stringify(pattern)} on ${JSON.stringify(input)}`, () => {
      const compiled = compilePyRegex(pattern);
      assert.ok(!('error' in compiled), `unexpected error for ${pattern}`);
      if ('error' in compiled) return;
      const m = compiled.match(input, mode);
      assert.notEqual(m, 'unknown');
      const actual: Found = m === null || m === 'unknown' ? null : [m.start, m.end, m.groups.slice(1).map((g) => g ?? null)];
      assert.deepEqual(actual, expected);
    });
  }

  // What the linear engine cannot answer exactly is "cannot tell", never a guess (Python's answer in comments).
  const unknowns: [pattern: string, input: string, why: string][] = [
    [String.raw`(a)\1`, 'aa', 'a backreference (Python: match)'],
    ['a(?=b)', 'ab', 'a lookahead (Python: match)'],
    ['^a(?!b)', 'ac', 'a lookahead after a character (Python: match)'],
    ['x|^(?!a)', 'b', 'a leading lookahead in one of two branches (Python: match)'],
    ['(?<=(a))b', 'ab', 'a lookbehind with a group (Python: match)'],
    [String.raw`\bfoo\b`, 'éfoo', "Unicode \\b on non-ASCII input, where RE2's ASCII \\b differs (Python: no match)"],
    ['ab$', 'ab\nab\n', '`$` with a newline before the final one (Python: match at 3)'],
    ['(?i)i', '\u0131', 'dotless i, which Python folds with i and RE2 does not (Python: match)'],
    [String.raw`[^\W_]+`, '_ab', 'a negated class with Unicode \\W (Python: match at 1)'],
    ['x{2,1001}', 'xx', "a repeat count over RE2's limit of 1000 (Python: match)"],
  ];
  for (const [pattern, input, why] of unknowns) {
    test(`linear matching says "cannot tell" for ${why}`, () => {
      const compiled = compilePyRegex(pattern);
      assert.ok(!('error' in compiled), `unexpected error for ${pattern}`);
      if ('error' in compiled) return;
      assert.equal(compiled.match(input, 'search'), 'unknown');
    });
  }

  test('resolve is unknown, not a match, when a pattern it cannot match in linear time comes first', () => {
    // Django matches "/aa/" to the backreference pattern; it is not matched here, so nothing after it is claimed either.
    const conf: UrlNode<string>[] = [
      { kind: 'pattern', pattern: { kind: 'regex', text: String.raw`^(a)\1/$` }, leaf: 'backref' },
      { kind: 'pattern', pattern: { kind: 'route', text: 'aa/' }, leaf: 'plain' },
    ];
    assert.deepEqual(resolvePath(conf, '/aa/'), { kind: 'unknown' });
  });
}
