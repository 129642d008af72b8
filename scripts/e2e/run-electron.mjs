// Runs the same in-extension-host suite in desktop VS Code via @vscode/test-electron (needs internet to download VS Code).
//
// On machines that reach only the npm registry this fails at once (the download cannot resolve its
// host); there, run-inhost.mjs runs the same out/test/index.js inside code-server instead. Set
// DJANGO_MTV_E2E_VSCODE_VERSION to pin a version (default: stable). Under Xvfb-less Linux CI, wrap
// this in `xvfb-run -a`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildTests } from './build-tests.mjs';
import { ROOT, copyFixture, summary, tempDir } from './lib.mjs';

if (!existsSync(join(ROOT, 'dist', 'client.js'))) throw new Error('dist/client.js is missing: run npm run build first');
await buildTests();
const workspace = copyFixture();
const userData = tempDir('electron-user');
const reportFile = join(tempDir('electron-report'), 'report.txt');

let exitCode;
try {
  exitCode = await runTests({
    version: process.env.DJANGO_MTV_E2E_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'index.js'),
    extensionTestsEnv: { DJANGO_MTV_E2E_REPORT: reportFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData, '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`[electron] ${error.message ?? error}`);
  exitCode = 1;
}
const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
if (report) console.log(report.trimEnd());
const passed = (report.match(/^PASS /gm) ?? []).length;
let failed = (report.match(/^FAIL /gm) ?? []).length;
if (exitCode !== 0 && failed === 0) failed = 1;
summary(passed, failed);
process.exitCode = failed ? 1 : 0;
