// `npm run test:e2e`: setup, build, package, then the in-host, UI and Neovim tests, with one closing tally.
//
// Every editor process is started in its own process group and stopped with it (see lib.mjs), HOME
// is a temporary folder for each, and the closing line is the plain `N passed, N failed` that CI
// reads. Pass --skip-setup to skip the installer, or --docs-screenshots to refresh docs/screenshots.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, cleanup, summary } from './lib.mjs';
import { checkVsix, packageVsix } from './package.mjs';
import { runInHost } from './run-inhost.mjs';
import { runNvim } from './run-nvim.mjs';
import { runUi } from './run-ui.mjs';

const args = process.argv.slice(2);
const timings = [];
let passed = 0;
let failed = 0;

/** Runs one stage, counts its results, and records how long it took; a thrown error counts as one failure. */
async function stage(name, body) {
  const started = Date.now();
  console.log(`\n== ${name}`);
  let result;
  try {
    result = await body();
  } catch (error) {
    console.error(`[${name}] ${error.stack ?? error}`);
    result = { passed: 0, failed: 1 };
  }
  passed += result.passed;
  failed += result.failed;
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s (${result.passed} passed, ${result.failed} failed)`);
  return result;
}

const started = Date.now();
if (!args.includes('--skip-setup')) {
  await stage('setup', async () => {
    execFileSync('bash', [join(ROOT, 'scripts', 'e2e', 'setup.sh')], { stdio: 'inherit' });
    return { passed: 0, failed: 0 };
  });
}

// The build is checked on its own, so that a broken build stops the editor tests from running
// against stale bundles left in dist/ by an earlier build.
const built = await stage('build', async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  return { passed: 1, failed: 0 };
});

if (built.failed) {
  console.error('the build failed: the editor tests were not run');
  failed += 3;
} else {
  const packaged = await stage('package', async () => {
    const vsix = packageVsix({ build: false });
    const problems = checkVsix(vsix);
    for (const problem of problems) console.error(`package check failed: ${problem}`);
    return { passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0 };
  });
  await stage('in-host', () => runInHost());
  if (packaged.failed) {
    console.error('the package failed its checks: the UI tests were not run');
    failed += 1;
  } else {
    await stage('ui', () => runUi({ docsScreenshots: args.includes('--docs-screenshots') }));
  }
  await stage('nvim', () => runNvim());
}

cleanup();
console.log(`\n${timings.join('\n')}\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`);
summary(passed, failed);
process.exitCode = failed ? 1 : 0;
