// The one failure boundary's switches: a test hook that makes a feature throw, and whether the boundary rethrows.

/**
 * Features and diagnostic checks never catch their own errors: a bug fails the test that calls them, and only
 * the dispatch boundary (the server's request guard and diagnostics publisher in lsp/, the CLI's top-level catch)
 * logs it and answers empty. To prove that end to end, a test process sets DJANGO_MTV_TEST_THROW to a name
 * (`hover`, `completion`, `definition`, or a diagnostic code) and that feature throws on entry.
 * Nothing else reads the variable; unset, this is one environment lookup per call.
 */
export function injectedFailure(name: string): void {
  if (process.env.DJANGO_MTV_TEST_THROW === name) throw new Error(`injected failure in ${name} (DJANGO_MTV_TEST_THROW)`);
}

/**
 * Whether the server's boundary rethrows after logging (the request then fails with an error response) instead
 * of answering empty. The LSP test helper sets DJANGO_MTV_RETHROW=1, so a bug in a feature fails LSP tests too.
 */
export function rethrowFailures(): boolean {
  return process.env.DJANGO_MTV_RETHROW === '1';
}
