// Builds the bundles and packages the extension as django-mtv-<version>.vsix with vsce, then checks the archive.
//
// The checks are the promises the package makes: the bundles and manifest are inside, no
// node_modules folder and no sources are, and it stays well under 2 MB.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, isMain } from './lib.mjs';

const MAX_BYTES = 2 * 1024 * 1024;

/** Lists the file names inside a .vsix (a zip archive). */
export function vsixEntries(vsix) {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Returns the problems found in a packaged .vsix; an empty list means it is fit to ship. */
export function checkVsix(vsix) {
  const problems = [];
  const size = statSync(vsix).size;
  if (size >= MAX_BYTES) problems.push(`${vsix} is ${size} bytes, over ${MAX_BYTES}`);
  const entries = vsixEntries(vsix);
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/images/icon.png']) {
    if (!entries.includes(required)) problems.push(`${required} is missing from the package`);
  }
  // Every file the manifest points at must be in the archive, or VS Code fails on it only at run time.
  const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
  const contributes = manifest.contributes ?? {};
  const referenced = [
    manifest.main, manifest.icon,
    ...(contributes.grammars ?? []).map((g) => g.path),
    ...(contributes.snippets ?? []).map((g) => g.path),
    ...(contributes.languages ?? []).flatMap((l) => [l.configuration, l.icon?.light, l.icon?.dark]),
  ].filter((p) => typeof p === 'string');
  for (const path of new Set(referenced)) {
    const entry = `extension/${path.replace(/^\.\//, '')}`;
    if (!entries.includes(entry) && !entries.includes(`${entry}.js`)) problems.push(`package.json refers to ${path}, which is not in the package`);
  }
  const unwanted = entries.filter((e) => /(^|\/)node_modules\/|\.ts$|\.map$|^extension\/(test|server|client|scripts|\.cache)\//.test(e));
  if (unwanted.length) problems.push(`unwanted files in the package: ${unwanted.slice(0, 10).join(', ')}`);
  return problems;
}

export function packageVsix({ build = true } = {}) {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const vsix = join(ROOT, `django-mtv-${version}.vsix`);
  if (build) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  rmSync(vsix, { force: true });
  // stdin is not a TTY, so vsce never waits for an answer to a prompt. Without a `repository` in the manifest
  // vsce cannot turn the README's relative screenshot links into absolute ones, so they are left relative;
  // once the repository is public, set `repository` and drop that flag so the marketplace page shows them.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), [
    'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '--out', vsix,
  ], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  return vsix;
}

if (isMain(import.meta.url)) {
  const vsix = packageVsix({ build: !process.argv.includes('--no-build') });
  const problems = checkVsix(vsix);
  console.log(`${vsix}: ${statSync(vsix).size} bytes, ${vsixEntries(vsix).length} files`);
  for (const problem of problems) console.error(`package check failed: ${problem}`);
  process.exitCode = problems.length ? 1 : 0;
}
