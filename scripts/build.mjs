// Bundles the VS Code client, the language server and the CLI with esbuild into dist/.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Minified bundles keep the .vsix small; the source maps keep stack traces readable.
  minify: true,
  logLevel: 'warning',
};

/**
 * The CLI is three files so that each command loads only what it needs (issue 14: process start): dist/cli.js
 * (answers --version), dist/cli-main.js (the engine and the commands), and the language server, which
 * `lsp --stdio` loads from dist/server.js rather than carrying a second copy of it in the CLI.
 */
const cliParts = {
  name: 'cli-parts',
  setup(b) {
    b.onResolve({ filter: /^\.\/main$/, namespace: 'file' }, (args) => (args.importer.endsWith('cli/entry.ts') ? { path: './cli-main.js', external: true } : undefined));
    b.onResolve({ filter: /^\.\/lsp-entry$/, namespace: 'file' }, () => ({ path: './server.js', external: true }));
    // re2js is required on the first URL match only (core/urls/pyregex.ts): its own file is not even read before.
    b.onResolve({ filter: /^re2js$/, namespace: 'file' }, (args) => (args.kind === 'require-call' ? { path: './re2.js', external: true } : undefined));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli/entry.ts'], outfile: 'dist/cli.js', plugins: [cliParts] }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [cliParts] }),
  build({ ...common, entryPoints: ['re2js'], outfile: 'dist/re2.js' }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);
