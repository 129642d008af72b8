// Drives the language server over real stdio (run from source with tsx) on small on-disk projects, for LSP tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { waitFor as waitForBounded } from './engine';

const REPO = path.resolve(__dirname, '../..');
const WAIT_MS = 15000;
export const waitFor = <T>(what: string, check: () => T | undefined, ms = WAIT_MS) => waitForBounded(what, check, ms);


export interface Server {
  conn: MessageConnection;
  root: string;
  uri(rel: string): string;
  statuses: { state: string; projects: number; urls: number; templates: number }[];
  published: { uri: string; diagnostics: { code?: string }[] }[];
  logs: string[];
  stop(): Promise<void>;
}

export const SETTINGS = `
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["polls"]
ROOT_URLCONF = "site.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]
`;

export function project(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-test-'));
  const all: Record<string, string | Buffer> = {
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    'site/__init__.py': '',
    'site/settings.py': SETTINGS,
    'site/urls.py': 'from django.urls import include, path\nurlpatterns = [path("polls/", include("polls.urls"))]\n',
    'polls/__init__.py': '',
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

export async function start(folders: string[], opts: { waitReady?: boolean; initializationOptions?: unknown; env?: Record<string, string>; workspaceEdit?: object } = {}): Promise<Server> {
  // DJANGO_MTV_RETHROW: a request whose feature throws fails with an error response here, rather than answering
  // empty as it does for users, so that a bug fails the LSP tests too (features/failure.ts).
  const env = { ...process.env, DJANGO_MTV_RETHROW: '1', ...opts.env };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'server/src/lsp/main.ts'), '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const s: Server = {
    conn,
    root: folders[0],
    uri: (rel) => URI.file(path.join(folders[0], rel)).toString(),
    statuses: [],
    published: [],
    logs: [],
    stop: async () => {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await conn.sendNotification('exit');
      } catch {
        /* gone */
      }
      conn.dispose();
      setTimeout(() => child.exitCode === null && child.kill(), 500);
      if (stderr) process.stderr.write(stderr);
      for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
    },
  };
  conn.onNotification('window/logMessage', (p: { message: string }) => void s.logs.push(p.message));
  conn.onNotification('textDocument/publishDiagnostics', (p: Server['published'][number]) => void s.published.push(p));
  conn.onNotification('django-mtv/status', (p: Server['statuses'][number]) => void s.statuses.push(p));
  conn.onNotification('$/progress', () => undefined);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(folders[0]).toString(),
    workspaceFolders: folders.map((f, i) => ({ uri: URI.file(f).toString(), name: 'f' + i })),
    initializationOptions: 'initializationOptions' in opts ? opts.initializationOptions : { settings: { pythonPath: '' }, trusted: false },
    // By default the client announces no workspaceEdit capabilities (no documentChanges, no resource operations).
    capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, ...(opts.workspaceEdit ? { workspaceEdit: opts.workspaceEdit } : {}) }, window: { workDoneProgress: true } },
  });
  await conn.sendNotification('initialized', {});
  if (opts.waitReady !== false) await waitFor('ready', () => s.statuses.find((x) => x.state === 'ready'));
  return s;
}

/** The 0-based position of `needle` (plus `delta`) in `text`. */
export function pos(text: string, needle: string, delta = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset + delta);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
