// Runs the in-extension-host suite inside code-server's bundled VS Code server, driven by headless chromium.
//
// This is what @vscode/test-electron's runTests does on a desktop, done with what these machines can
// install: the server is started with --enable-smoke-test-driver, which makes the workbench report the
// test run's exit code through window.codeAutomationExit, a function we expose with Playwright.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTests } from './build-tests.mjs';
import {
  NODE24, ROOT, VSCODE_SERVER_MAIN, copyFixture, editorEnv, freePort, launchBrowser, poll,
  requireInstalled, startGroup, summary, tempDir, waitForHttp, isMain } from './lib.mjs';

const TIMEOUT = Number(process.env.DJANGO_MTV_E2E_TIMEOUT ?? 180_000);

export async function runInHost({ log = console.log } = {}) {
  requireInstalled();
  if (!existsSync(join(ROOT, 'dist', 'client.js'))) throw new Error('dist/client.js is missing: run npm run build first');
  await buildTests();

  const workspace = copyFixture();
  const serverDir = tempDir('vscode-server');
  const reportFile = join(serverDir, 'report.txt');
  const port = await freePort();
  const env = editorEnv({ DJANGO_MTV_E2E_REPORT: reportFile });
  const server = startGroup(NODE24, [
    VSCODE_SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry',
    '--server-data-dir', serverDir, '--user-data-dir', join(serverDir, 'data'), '--extensions-dir', join(serverDir, 'ext'),
  ], { env, logFile: join(ROOT, 'test-results', 'e2e', 'inhost-server.log') });

  let browser;
  const started = Date.now();
  try {
    await waitForHttp(port, { server });
    log(`[in-host] VS Code server up on ${port} after ${Date.now() - started} ms`);
    browser = await launchBrowser();
    const page = await browser.newPage();
    let exitCode;
    const browserLog = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => { browserLog.push(`${type}: ${JSON.stringify(args)}`); });
    await page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; });
    page.on('console', (message) => {
      const text = message.text();
      browserLog.push(`console.${message.type()}: ${text}`);
    });

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'index.js'))],
    ]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    await poll(() => exitCode !== undefined || (server.child.exitCode !== null && 'server died'), {
      timeout: TIMEOUT, interval: 200, what: 'the extension tests to finish',
    });
    log(`[in-host] tests finished with exit code ${exitCode} after ${Date.now() - started} ms`);

    const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
    const passed = (report.match(/^PASS /gm) ?? []).length;
    let failed = (report.match(/^FAIL /gm) ?? []).length;
    if (!report) {
      log('[in-host] no report file was written; the browser log follows');
      log(browserLog.slice(-60).join('\n'));
    } else {
      log(report.trimEnd());
    }
    // A non-zero exit with no failing test (the suite could not load, say) is still a failure.
    if (exitCode !== 0 && failed === 0) failed = 1;
    return { passed, failed };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  try {
    const { passed, failed } = await runInHost();
    summary(passed, failed);
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    console.error(`[in-host] ${error.stack ?? error}`);
    summary(0, 1);
    process.exitCode = 1;
  }
}
