// Regression tests for issue 9 item 2: templates with tens of thousands of open tags are parsed in linear time, with the same records and errors as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerRunner } from '../helpers/worker';
import { parseTemplate } from '../../server/src/core/templates/parse';

/** The pathological templates: each has many tags, every one of which used to cost a scan of the file or of the open-tag stack. */
const SHAPES: Record<string, (n: number) => string> = {
  // Each `{% if %}` stays open, and each new tag scanned the whole open-tag stack.
  ifs: (n) => '{% if a %}'.repeat(n),
  // The same with a distinct block name per tag (the 50 s reproduction).
  blocks: (n) => Array.from({ length: n }, (_, i) => `{% block b${i} %}`).join(''),
  // One open tag only, but every tag looked for a filter pipe from its position to the end of the file.
  elses: (n) => '{% if a %}' + '{% else %}'.repeat(n),
};

/** What the worker sends back: a summary of the parse that the tests check against counts known from the input. */
interface Summary {
  tags: number;
  blocks: number;
  errors: Record<string, number>;
  firstError?: string;
}

if (!isMainThread) {
  // Worker side: parse off the main thread, so that the test's timeout can fire while a parse runs
  // (node's per-test timeout cannot interrupt synchronous work on the thread that runs the tests).
  const { shape, n } = workerData as { shape: string; n: number };
  const parsed = parseTemplate(SHAPES[shape](n));
  const errors: Record<string, number> = {};
  for (const e of parsed.errors) errors[e.code] = (errors[e.code] ?? 0) + 1;
  const summary: Summary = { tags: parsed.tags.length, blocks: parsed.blocks.length, errors, firstError: parsed.errors[0]?.message };
  parentPort!.postMessage(summary);
} else {
  const workers = workerRunner(__filename);

  /** Parses a generated template in a worker thread and resolves with its summary. */
  const parseInWorker = (shape: string, n: number) => workers.run<Summary>({ shape, n });

  test.after(() => workers.terminateAll());

  // Before the fix these took 18-28 s (ifs) and 43-50 s (blocks) on this machine; after, under 2 s.
  test('80,000 nested {% if %} tags are parsed, each reported unclosed', { timeout: 10_000 }, async () => {
    const s = await parseInWorker('ifs', 80_000);
    assert.equal(s.tags, 80_000);
    assert.deepEqual(s.errors, { 'unclosed-tag': 80_000 });
    assert.equal(s.firstError, "Unclosed tag 'if'. Looking for one of: endif.");
  });

  test('100,000 nested {% block %} tags with distinct names are parsed, each recorded and reported unclosed', { timeout: 10_000 }, async () => {
    const s = await parseInWorker('blocks', 100_000);
    assert.equal(s.tags, 100_000);
    assert.equal(s.blocks, 100_000);
    assert.deepEqual(s.errors, { 'unclosed-tag': 100_000 });
  });

  test('400,000 {% else %} tags inside one {% if %} are parsed (each tag used to search the rest of the file for a pipe)', { timeout: 10_000 }, async () => {
    const s = await parseInWorker('elses', 400_000);
    assert.equal(s.tags, 400_001);
    assert.deepEqual(s.errors, { 'unclosed-tag': 1 });
  });

  test('closing a deep stack with an outer end tag still reports every inner tag unclosed, innermost first', () => {
    // The end-name index must give the same answer as the scan it replaced: the innermost open tag
    // that the end tag closes, here the `for` under the three `if`s, not the outer `for`.
    const t = '{% for x in y %}{% for z in w %}{% if a %}{% if b %}{% if c %}{% endfor %}{% endfor %}';
    const p = parseTemplate(t);
    assert.deepEqual(
      p.errors.map((e) => [e.code, t.slice(e.span.start, e.span.end)]),
      [
        ['unexpected-end', '{% endfor %}'],
        ['unclosed-tag', '{% if c %}'],
        ['unclosed-tag', '{% if b %}'],
        ['unclosed-tag', '{% if a %}'],
      ],
    );
    assert.deepEqual(p.tags.map((u) => u.consumedBy ?? null), [null, null, null, null, null, 'for', 'for']);
  });
}
