// Bundles the in-extension-host mocha suites (test/e2e/suite) into out/test/index.js with esbuild.
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT, isMain } from './lib.mjs';

/** Builds the suite; mocha stays external so it is loaded from node_modules as a whole package. */
export async function buildTests() {
  await build({
    entryPoints: [join(ROOT, 'test/e2e/suite/index.ts')],
    outfile: join(ROOT, 'out/test/index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

if (isMain(import.meta.url)) {
  await buildTests();
}
