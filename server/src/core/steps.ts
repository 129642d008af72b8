// Runs to the end a computation written as steps (a generator that pauses so the language server can serve requests).

/** The result of `steps`, run without pausing (the CLI, and any caller that does not need to serve others meanwhile). */
export function drain<T>(steps: Generator<unknown, T, unknown>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
