// Runs test/e2e/nvim/lsp_test.lua in headless Neovim against `django-mtv lsp --stdio` on a copy of the fixture.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, copyFixture, editorEnv, run, summary, isMain } from './lib.mjs';

export async function runNvim({ log = console.log } = {}) {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  const workspace = copyFixture();
  // Neovim starts the server with the machine's own `node`, as a user's editor would, so Node 24 is
  // deliberately not put first on PATH here.
  const env = { ...editorEnv(), PATH: process.env.PATH, DJANGO_MTV_ROOT: ROOT, DJANGO_MTV_WS: workspace };
  const started = Date.now();
  // An error in the script would leave headless Neovim waiting forever, so it is loaded under pcall
  // and any error quits with a failure.
  const script = JSON.stringify(join(ROOT, 'test', 'e2e', 'nvim', 'lsp_test.lua'));
  const guard = `lua local ok, err = pcall(dofile, ${script}); if not ok then io.stdout:write('FAIL nvim: the test script raised ' .. tostring(err) .. '\\n'); vim.cmd('cquit 1') end`;
  const { code, output } = await run('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', guard], { env, timeout: 90_000 });
  log(output.trimEnd());
  // Neovim's own messages are written without a trailing newline, so results are matched anywhere
  // in a line rather than at its start.
  const passed = (output.match(/PASS nvim: /g) ?? []).length;
  let failed = (output.match(/FAIL nvim: /g) ?? []).length;
  // The exit code is the authority: a crash or timeout before any check ran is still a failure.
  if (code !== 0 && failed === 0) failed = 1;
  log(`[nvim] exit code ${code} after ${Date.now() - started} ms`);
  return { passed, failed };
}

if (isMain(import.meta.url)) {
  try {
    const { passed, failed } = await runNvim();
    summary(passed, failed);
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    console.error(`[nvim] ${error.stack ?? error}`);
    summary(0, 1);
    process.exitCode = 1;
  }
}
