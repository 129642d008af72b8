// Tests that Python completion parses only the statement around the cursor, reuses its tree, and still answers as a whole-file parse does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerRunner } from '../helpers/worker';
import { pythonStringAt, pythonTreeStats } from '../../server/src/features/completion';

if (!isMainThread) {
  // Worker side: a search for the window that never ends must fail its test by timeout, not stall the run.
  const { text, offset } = workerData as { text: string; offset: number };
  parentPort!.postMessage(pythonStringAt(text, offset, '/ws/worker.py')?.value ?? null);
} else {
  defineTests();
}

/** A module of many test functions, as in the 50-190 KB test modules of pretalx and Misago (issue 14). */
function bigModule(functions: number): string {
  let t = 'import pytest\nfrom django.urls import reverse\n\n\n';
  for (let i = 0; i < functions; i++) t += `@pytest.mark.django_db\ndef test_${i}(client):\n    response = client.get(reverse("app:view_${i}", args=[${i}]))\n    assert response.status_code == 200\n\n\n`;
  return t;
}

/** The tests, on the main thread only (the worker re-loads this file to run one search). */
function defineTests(): void {
  test('a request in a large module parses only the function around the cursor', () => {
    const text = bigModule(400);
    assert.ok(text.length > 50_000);
    const at = text.indexOf('"app:view_399"') + 5;
    const before = { ...pythonTreeStats };
    const s = pythonStringAt(text, at, '/ws/tests/test_big.py');
    assert.deepEqual({ value: s?.value, callee: s?.callee, argIndex: s?.argIndex }, { value: 'app:view_399', callee: 'reverse', argIndex: 0 });
    assert.equal(text.slice(s!.span.start, s!.span.end), 'app:view_399');
    // The window is one decorated function (about 150 characters), not the 50 KB module.
    assert.ok(pythonTreeStats.parsedChars - before.parsedChars < 1000, `parsed ${pythonTreeStats.parsedChars - before.parsedChars} characters`);
  });

  test('the same text reuses its tree; an edit re-parses incrementally and sees the edit', () => {
    const text = bigModule(50);
    const key = '/ws/tests/test_reuse.py';
    const at = text.indexOf('"app:view_20"') + 5;
    pythonStringAt(text, at, key);
    const before = { ...pythonTreeStats };
    assert.equal(pythonStringAt(text, at, key)?.value, 'app:view_20');
    assert.equal(pythonTreeStats.reused, before.reused + 1);
    assert.equal(pythonTreeStats.parsedChars, before.parsedChars);
    // Typing one character inside the name.
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const s = pythonStringAt(edited, at + 1, key);
    assert.deepEqual({ value: s?.value, prefix: s?.prefix, callee: s?.callee }, { value: 'app:xview_20', prefix: 'app:x', callee: 'reverse' });
    assert.equal(pythonTreeStats.incremental, before.incremental + 1);
    assert.equal(pythonTreeStats.parsedChars, before.parsedChars);
  });

  // Each expectation below is what the whole-file parse answered before the window existed.
  const CASES: [string, string, string, Record<string, unknown>][] = [
    // An unindented `def` after a blank line inside a docstring is not a statement: the cursor is in the docstring.
    ['docstring', 'import x\n\n"""\nExample:\n\ndef fake():\n    reverse("x")\n"""\n\n\ndef real():\n    pass\n', '"x"', { value: '\nExample:\n\ndef fake():\n    reverse("x")\n' }],
    // A triple quote in a comment opens no string.
    ['comment', 'import x\n# a stray """ in a comment\n\n\ndef a():\n    pass\n\n\ndef b():\n    return reverse("a")\n', '"a"', { value: 'a', callee: 'reverse', argIndex: 0 }],
    // A decorator's arguments are not a call's: no callee, as in the whole file.
    ['decorator', 'import pytest\n\n\n@pytest.mark.parametrize(\n    "url",\n    ["u"],\n)\ndef test(url):\n    reverse("b")\n\n\ndef other():\n    pass\n', '"url"', { value: 'url' }],
    ['decorated body', 'import pytest\n\n\n@pytest.mark.parametrize(\n    "url",\n    ["u"],\n)\ndef test(url):\n    reverse("b")\n\n\ndef other():\n    pass\n', '"b"', { value: 'b', callee: 'reverse', argIndex: 0 }],
    ['method', 'from x import View\n\n\nclass V(View):\n    template_name = "c.html"\n\n    def get(self):\n        return render(self.request, "d.html")\n\n\ndef f():\n    pass\n', '"d.html"', { value: 'd.html', callee: 'render', argIndex: 1 }],
    ['class attribute', 'from x import View\n\n\nclass V(View):\n    template_name = "c.html"\n\n    def get(self):\n        return render(self.request, "d.html")\n\n\ndef f():\n    pass\n', '"c.html"', { value: 'c.html', target: 'template_name' }],
    // A name being typed before the next function: only the name is replaced.
    ['unterminated', 'import x\n\n\ndef f():\n    return reverse("pol\n\n\ndef after():\n    pass\n', '"pol', { value: 'pol', callee: 'reverse', argIndex: 0 }],
    ['multi-line call', 'import x\n\n\ndef f():\n    return reverse(\n        "e",\n        args=[1],\n    )\n\n\ndef g():\n    return redirect(to="z")\n', '"e"', { value: 'e', callee: 'reverse', argIndex: 0 }],
    // An unterminated triple-quoted string runs to the end of the file, over the `def` below it.
    ['unterminated triple quote', 'import x\n\nBROKEN = """\n\n\ndef f():\n    return reverse("q")\n', '"q"', { value: '\n\n\ndef f():\n    return reverse("q', target: 'BROKEN' }],
  ];

  for (const [name, text, at, expected] of CASES) {
    test(`the window answers as the whole file: ${name}`, () => {
      const s = pythonStringAt(text, text.indexOf(at) + 2, `/ws/case-${name}.py`);
      assert.ok(s);
      const got: Record<string, unknown> = { value: s.value };
      for (const k of ['callee', 'argIndex', 'keyword', 'target'] as const) if (s[k] !== undefined) got[k] = s[k];
      assert.deepEqual(got, expected);
      // The span is in the file's offsets, not the window's.
      assert.equal(text.slice(s.span.start, s.span.end), s.value);
    });
  }

  const workers = workerRunner(__filename);
  test.after(() => workers.terminateAll());

  test('a module opening with a blank line is searched up to its start', { timeout: 10_000 }, async () => {
    // Line 1 starts at offset 1: looking for the line above must stop at 0, not find the newline at 0 again (it looped).
    const text = '\nx = reverse("a")\n';
    assert.equal(await workers.run<string | null>({ text, offset: text.indexOf('"a"') + 1 }), 'a');
  });
}
