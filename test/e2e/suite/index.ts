// Entry point that VS Code's extension host calls (`extensionTestsPath`): runs the e2e mocha suites.
/// <reference types="mocha" />
import { appendFileSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';

/**
 * Runs every suite and resolves when all passed; rejecting tells the launcher (test-electron, or the
 * smoke-test driver under code-server) that the run failed. Results are also appended, one line per
 * test, to the file named by DJANGO_MTV_E2E_REPORT, because the extension host's console is not
 * always visible to the launcher.
 */
export function run(): Promise<void> {
  const reportFile = process.env.DJANGO_MTV_E2E_REPORT;
  const report = (line: string): void => {
    console.log(line);
    if (reportFile) appendFileSync(reportFile, line + '\n');
  };
  if (reportFile) writeFileSync(reportFile, '');

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: class {} as never });
  // The suites are bundled into this file, so they are registered by requiring them after mocha has
  // put describe/it on the global object, instead of by file name.
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  require('./smoke.test');
  require('./features.test');
  require('./template-context.test');

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      report(`in-host: ${passed} passed, ${failed} failed`);
      if (failed > 0 || passed === 0) reject(new Error(`${failed} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      passed++;
      report(`PASS ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      failed++;
      report(`FAIL ${test.fullTitle()}\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
    });
  });
}
