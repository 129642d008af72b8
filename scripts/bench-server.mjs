// Measures the language server on a folder as an editor sees it: time to ready, the longest pause indexing imposed on requests, memory.
//
// Usage: node scripts/bench-server.mjs <folder> [--python PY]   (npm run bench runs it on each real repository; needs dist/ built)
import { spawn } from 'node:child_process';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.argv[2] ?? '');
const pyAt = process.argv.indexOf('--python');
const pythonPath = pyAt > 0 ? process.argv[pyAt + 1] : '';
if (!process.argv[2]) {
  process.stderr.write('usage: bench-server.mjs <folder> [--python PY]\n');
  process.exit(2);
}

const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const logs = [];
let readyAt;
const ready = new Promise((done) => {
  conn.onNotification('django-mtv/status', (p) => {
    if (p.state === 'ready' && readyAt === undefined) {
      readyAt = performance.now();
      done(p);
    }
  });
});
conn.onNotification('window/logMessage', (p) => logs.push(p.message));
conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ pythonPath })));
conn.onRequest('window/workDoneProgress/create', () => null);
conn.onRequest('client/registerCapability', () => null);
conn.listen();
const t0 = performance.now();
await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(folder).href,
  workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
  initializationOptions: { settings: { pythonPath }, trusted: true },
  capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } },
});
conn.sendNotification('initialized', {});
const status = await ready;
// The log line with the pause follows the ready notification.
for (let i = 0; i < 100 && !logs.some((l) => l.includes('longest pause')); i++) await new Promise((r) => setTimeout(r, 20));
const pause = logs.map((l) => /longest pause for requests: (\d+) ms/.exec(l)?.[1]).find(Boolean);
// After indexing, the server prepares the template context in slices (what the first template request needs).
for (let i = 0; i < 500 && !logs.some((l) => l.includes('prepared the template context')); i++) await new Promise((r) => setTimeout(r, 20));
const prepared = logs.map((l) => /prepared the template context in (\d+) ms \(longest pause for requests: (\d+) ms\)/.exec(l)).find(Boolean);
// Peak memory with the template context prepared too.
const rss = (await import('node:fs')).readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1];
console.log(`server on ${folder}: ready after ${Math.round(readyAt - t0)} ms (${status.projects} project(s)); longest pause for requests while indexing: ${pause ?? '?'} ms; peak RSS ${rss ? Math.round(rss / 1024) : '?'} MiB`);
if (prepared) console.log(`  then prepared the template context in ${prepared[1]} ms; longest pause for requests meanwhile: ${prepared[2]} ms`);
// The server writes its cache a moment after indexing: let it, so that the next run starts warm.
for (let i = 0; i < 150 && !logs.some((l) => l.includes('wrote the cache')); i++) await new Promise((r) => setTimeout(r, 20));
const reused = logs.map((l) => /(\d+) file\(s\) of .* not parsed again/.exec(l)?.[1]).find(Boolean);
if (reused) console.log(`  (${reused} files taken from the cache of an earlier session)`);
await conn.sendRequest('shutdown').catch(() => undefined);
conn.sendNotification('exit');
setTimeout(() => child.kill(), 1000).unref();
conn.dispose();
