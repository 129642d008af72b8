// The language server's core: workspace folders, settings, open buffers, watched files and indexing; editor features live in handlers/.

import type { CancellationToken, ClientCapabilities, Connection, InitializeParams, InitializeResult, ServerCapabilities, WorkspaceFolder } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Workspace } from '../core/workspace';
import { notUnderstood } from '../features/understanding';
import { MAX_FILE_BYTES, normalizePath, relativeInside } from '../core/fs';
import { NodeFileSystem, OverlayFileSystem } from '../host/nodefs';
import { interpreterSysPathAsync } from '../host/python';
import type { FileContext, ServerContext } from './context';
import { uriToPath } from './context';
import type { Settings } from './settings';
import { excludeMatcher, extraTemplateDirs, isTrusted, parseSettings } from './settings';
import { STATUS_NOTIFICATION, WATCHED_GLOB } from '../protocol';
import { describeDjango, projectDjango } from '../core/project/django-version';
import type { StatusParams } from '../protocol';
import { withTimeout } from '../shared/timeout';
import { rethrowFailures } from '../features/failure';
import { monitorEventLoopDelay } from 'perf_hooks';
import { DiskFactsCache, toolVersion } from '../host/facts-cache';
import { version } from '../../../package.json';

export { STATUS_NOTIFICATION, WATCHED_GLOB };
export type { StatusParams };

/** One feature of the server: what it adds to the initialize result, and how it hooks into the connection. */
export interface HandlerModule {
  capabilities: Partial<ServerCapabilities>;
  register(ctx: ServerContext): void;
}

export const SECTION = 'django-mtv';

interface Folder {
  uri: string;
  path: string;
  name: string;
  settings: Settings;
  /** The compiled exclude globs of `settings`, kept so that every keystroke does not recompile them. */
  exclude?: (path: string) => boolean;
  ws: Workspace;
  /** Bumped each time an indexing of this folder is asked for: an older one still running stops at its next step. */
  run: number;
  /** Parses and references of unchanged files from the last session, for the first indexing (then released). */
  facts?: DiskFactsCache;
  /** The workspace being indexed, and the file changes that arrived meanwhile (replayed on it once it is done). */
  inflight?: { ws: Workspace; changes: [string[], boolean][] };
}

/** How long a request waits for the first indexing before answering from whatever is there (nothing). */
const INDEX_WAIT_MS = 3000;
/** A client that never answers `workspace/configuration` must not stall indexing. */
const CONFIG_TIMEOUT_MS = 5000;
/** Watched-file events are gathered briefly, since a client may report the same change twice (static and dynamic watchers). */
const WATCH_BATCH_MS = 50;
/** Edits are applied to the model after this pause (less than the diagnostics delay, so diagnostics see them settled). */
const EDIT_SETTLE_MS = 100;
/** The longest stretch of parsing before indexing lets waiting requests through (issue 14: the editor never waits on it). */
const SLICE_MS = 20;
/** How long the interpreter may take to print sys.path; after that the environment's packages are not read. */
const PROBE_TIMEOUT_MS = 5000;

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** Merges capability fragments one level deep, so two modules may each add to `workspace` or `executeCommandProvider`. */
export function mergeCapabilities(base: ServerCapabilities, parts: Partial<ServerCapabilities>[]): ServerCapabilities {
  const out: Record<string, unknown> = { ...base };
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const prev = out[k];
      if (prev && v && typeof prev === 'object' && typeof v === 'object' && !Array.isArray(v)) out[k] = { ...(prev as object), ...(v as object) };
      else out[k] = v;
    }
  }
  return out as ServerCapabilities;
}

/** Wires the server onto a connection and starts listening. */
export function startServer(connection: Connection, handlers: HandlerModule[]): ServerContext {
  const overlay = new OverlayFileSystem(new NodeFileSystem());
  const documents = new TextDocuments(TextDocument);
  const folders: Folder[] = [];
  const modelListeners: ((workspaces: Workspace[]) => void)[] = [];
  let initSettings = parseSettings(undefined);
  let trusted = true;
  let canConfigure = false;
  let canWatchDynamically = false;
  let canTrackFolders = false;
  let shuttingDown = false;
  /** Interpreter answers, by path: running Python is slow, and a settings change rarely changes the interpreter. */
  const sysPaths = new Map<string, string[]>();

  let markIndexed!: () => void;
  const firstIndexed = new Promise<void>((resolve) => (markIndexed = resolve));
  let indexedOnce = false;

  const log = (message: string) => {
    try {
      connection.console.log(message);
    } catch {
      // The connection is gone (the client quit); there is nobody to tell.
    }
  };

  const newWorkspace = (path: string, settings: Settings, exclude: ((p: string) => boolean) | undefined, envPaths: string[] = [], parseCache?: Workspace['cache'], facts?: DiskFactsCache) =>
    new Workspace(overlay, path, { envPaths, extraTemplateDirs: extraTemplateDirs(settings, path, overlay, log), exclude, log, settingsModule: settings.settingsModule, parseCache, facts });

  const makeFolder = (f: WorkspaceFolder): Folder => {
    const path = uriToPath(f.uri);
    const exclude = excludeMatcher(initSettings.exclude, path, log);
    // Facts are found by a file's text, so a cache another session wrote cannot mislead; it lives in the user's cache folder.
    const facts = DiskFactsCache.open(path, toolVersion(version, __filename), process.env, 'server');
    return { uri: f.uri, path, name: f.name, settings: initSettings, exclude, ws: newWorkspace(path, initSettings, exclude, [], undefined, facts), run: 0, facts };
  };

  /** The folder whose path is the deepest one containing `path`. */
  const folderOf = (path: string): Folder | undefined => {
    let best: Folder | undefined;
    for (const f of folders) if (relativeInside(f.path, path) !== undefined && (!best || f.path.length > best.path.length)) best = f;
    return best;
  };

  const fireModelChanged = (workspaces: Workspace[]) => {
    if (!workspaces.length) return;
    for (const l of modelListeners) {
      try {
        l(workspaces);
      } catch (e) {
        log(`django-mtv: a model listener failed: ${errorText(e)}`);
      }
    }
  };

  const counts = () => {
    let projects = 0;
    let urls = 0;
    let templates = 0;
    for (const f of folders) {
      for (const p of f.ws.projects) {
        projects++;
        urls += p.urls?.entries.filter((e) => e.qualifiedName !== undefined).length ?? 0;
        templates += p.templates.byName.size;
      }
    }
    // Which Django the model follows, so that a version-dependent answer is never a surprise (core/project/django-version.ts).
    const django = new Set<string>();
    for (const f of folders) for (const p of f.ws.projects) django.add(describeDjango(projectDjango(f.ws.fs, p, f.ws.root)));
    return { projects, urls, templates, notUnderstood: folders.reduce((n, f) => n + f.ws.projects.reduce((m, p) => m + notUnderstood(f.ws, p).length, 0), 0), django: [...django].sort() };
  };

  const sendStatus = (state: StatusParams['state'], message?: string) => {
    const params: StatusParams = { state, ...(message !== undefined ? { message } : {}), ...counts() };
    connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  };

  const readSettings = async (folder: Folder): Promise<Settings> => {
    if (!canConfigure) return initSettings;
    const raw = await withTimeout<unknown, undefined>(connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SECTION }), CONFIG_TIMEOUT_MS, undefined);
    return parseSettings(raw, initSettings);
  };

  const envPathsFor = async (settings: Settings): Promise<string[]> => {
    // An untrusted workspace could name any program as its interpreter, so none is ever run there.
    if (!trusted || !settings.pythonPath) return [];
    const hit = sysPaths.get(settings.pythonPath);
    if (hit) return hit;
    try {
      // Asynchronous and bounded: requests are answered while the interpreter starts.
      const paths = (await interpreterSysPathAsync(settings.pythonPath, PROBE_TIMEOUT_MS)).map(normalizePath);
      sysPaths.set(settings.pythonPath, paths);
      log(`django-mtv: sys.path of ${settings.pythonPath}: ${paths.join(', ')}`);
      return paths;
    } catch (e) {
      log(`django-mtv: ${(e as Error).message}; continuing without the environment's packages.`);
      return [];
    }
  };

  // Indexing runs one task at a time, so a settings change during indexing re-indexes after it, never alongside.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const next = queue.then(task, task);
    queue = next.catch((e) => log(`django-mtv: ${errorText(e)}`));
    return queue;
  };

  /** Called after each indexing step, so that requests waiting for their file's project can go on. */
  const progress = new Set<() => void>();
  const stepDone = () => {
    for (const f of [...progress]) f();
  };

  /**
   * Indexes one folder in steps (issue 14): discovery, then per project its likely files parsed in slices of
   * SLICE_MS with a turn of the event loop between them, then the project's build from those parses. Requests are
   * answered between steps: from the folder's previous model on a re-index, from the projects built so far on the
   * first one. Returns false when a newer indexing of the folder made this one stale.
   */
  const indexFolder = async (folder: Folder, run: number): Promise<boolean> => {
    const stale = () => folder.run !== run || shuttingDown || !folders.includes(folder);
    folder.settings = await readSettings(folder);
    folder.exclude = excludeMatcher(folder.settings.exclude, folder.path, log);
    const envPaths = await envPathsFor(folder.settings);
    if (stale()) return false;
    const previous = folder.ws;
    // File contents did not change with the settings: the parses are kept (edits invalidate them as they come).
    const ws = newWorkspace(folder.path, folder.settings, folder.exclude, envPaths, previous.cache, folder.facts);
    folder.inflight = { ws, changes: [] };
    try {
      const steps = ws.indexSteps();
      // Nothing to lose before the first model: requests see each project as soon as it is built.
      const early = !previous.projects.length;
      for (let r = steps.next(); !r.done; r = steps.next()) {
        if (early && folder.ws !== ws) folder.ws = ws;
        stepDone();
        await nextTurn();
        if (stale()) return false;
        let since = performance.now();
        for (const f of ws.likelyFiles(r.value.candidate)) {
          ws.cache.getPython(f);
          if (performance.now() - since < SLICE_MS) continue;
          await nextTurn();
          if (stale()) return false;
          since = performance.now();
        }
      }
      folder.ws = ws;
      const changes = folder.inflight.changes;
      folder.inflight = undefined;
      for (const [paths, structural] of changes) ws.changed(paths, structural);
      // What this indexing parsed is written for the next session, then the cache steps aside.
      const facts = folder.facts;
      if (facts?.hits) log(`django-mtv: ${facts.hits} file(s) of ${folder.path} not parsed again: known from the last session`);
      // Written a moment later, out of the way of the requests that follow the first indexing (it takes 30-80 ms).
      if (facts) {
        folder.facts = undefined;
        setTimeout(() => {
          const t = performance.now();
          facts.save();
          facts.release();
          log(`django-mtv: wrote the cache of ${folder.path} in ${Math.round(performance.now() - t)} ms`);
        }, 1000).unref();
      }
      stepDone();
      return true;
    } finally {
      if (folder.inflight?.ws === ws) folder.inflight = undefined;
      // A stale run that had installed its half-built workspace leaves it: the newer run replaces it.
    }
  };

  const indexFolders = (targets: () => Folder[]) => {
    // Asking again makes a running indexing of the same folders stale: it stops at its next step.
    const runs = new Map(targets().map((f) => [f, ++f.run] as const));
    return enqueue(async () => {
      if (shuttingDown) return;
      const list = [...runs.keys()].filter((f) => folders.includes(f) && f.run === runs.get(f));
      if (!list.length) return;
      // How long the event loop was held at a stretch while indexing (logged, read by scripts/bench-server.mjs).
      const pauses = monitorEventLoopDelay({ resolution: 10 });
      pauses.enable();
      const reporter = await connection.window.createWorkDoneProgress().catch(() => undefined);
      reporter?.begin('Django: indexing', 0, undefined, false);
      sendStatus('indexing', 'Django MTV is indexing the workspace.');
      const started = Date.now();
      const failures: string[] = [];
      const done: Folder[] = [];
      for (let i = 0; i < list.length; i++) {
        const folder = list[i];
        reporter?.report(Math.round((i / list.length) * 100), folder.name);
        try {
          if (await indexFolder(folder, runs.get(folder)!)) done.push(folder);
        } catch (e) {
          failures.push(folder.name);
          log(`django-mtv: indexing ${folder.path} failed: ${errorText(e)}`);
        }
        // Let requests and edits that arrived meanwhile be served between folders.
        await nextTurn();
      }
      reporter?.done();
      if (!indexedOnce) {
        indexedOnce = true;
        markIndexed();
        stepDone();
      }
      const c = counts();
      if (failures.length) sendStatus('error', `Indexing failed in ${failures.join(', ')}; see the log.`);
      else sendStatus('ready', `Django: ${c.projects} project(s), ${c.urls} named URL(s), ${c.templates} template(s), indexed in ${Date.now() - started} ms`);
      pauses.disable();
      log(`django-mtv: indexed ${done.length} folder(s) in ${Date.now() - started} ms (longest pause for requests: ${Math.round(pauses.max / 1e6)} ms)`);
      // What was not understood, per project: the reasons behind names that are navigable but not checked.
      for (const f of done) {
        for (const p of f.ws.projects) {
          const lines = notUnderstood(f.ws, p);
          log(`django-mtv: project ${p.settingsModule ?? p.root}: ${lines.length ? `${lines.length} part(s) not understood:\n  ${lines.join('\n  ')}` : 'fully understood'}`);
        }
      }
      fireModelChanged(done.map((f) => f.ws));
    });
  };

  /** Tells every workspace about changed files; workspaces whose projects were rebuilt get their diagnostics refreshed. */
  const applyChanges = (paths: string[], structural: boolean) => {
    const affected: Workspace[] = [];
    for (const f of folders) {
      const exclude = f.exclude;
      const relevant = exclude ? paths.filter((p) => !exclude(p)) : paths;
      if (!relevant.length) continue;
      // A workspace being indexed gets them once it is built; one installed early is left alone until then.
      f.inflight?.changes.push([relevant, structural]);
      if (f.inflight?.ws === f.ws) continue;
      try {
        if (f.ws.changed(relevant, structural).length) affected.push(f.ws);
      } catch (e) {
        log(`django-mtv: updating ${f.path} failed: ${errorText(e)}`);
      }
    }
    if (affected.length) {
      sendStatus('ready');
      fireModelChanged(affected);
    }
  };

  const pendingEdits = new Set<string>();
  let editTimer: NodeJS.Timeout | undefined;
  /** Applies buffered edits; every reader of the model calls it first, so no answer is built from a stale model. */
  const flushEdits = () => {
    clearTimeout(editTimer);
    editTimer = undefined;
    if (!pendingEdits.size) return;
    const paths = [...pendingEdits];
    pendingEdits.clear();
    applyChanges(paths, false);
  };

  const pathOfDocument = (uri: string): string | undefined => {
    try {
      return URI.parse(uri).scheme === 'file' ? uriToPath(uri) : undefined;
    } catch {
      return undefined;
    }
  };

  const lookup = (uri: string): FileContext | undefined => {
    flushEdits();
    const file = pathOfDocument(uri);
    if (!file) return undefined;
    const own = folderOf(file);
    const project = own?.ws.projectFor(file);
    if (own && project) return { ws: own.ws, project, file };
    // A template may live outside every folder's projects (an extra template folder elsewhere on disk).
    for (const f of folders) {
      const p = f.ws.projectFor(file);
      if (p) return { ws: f.ws, project: p, file };
    }
    return undefined;
  };

  const whenIndexed = (timeoutMs = INDEX_WAIT_MS): Promise<boolean> =>
    indexedOnce ? Promise.resolve(true) : withTimeout(firstIndexed.then(() => true), timeoutMs, false);

  /** Before the first indexing is done, a request about a document waits only until that document's project is built. */
  const whenReadyFor = (params: unknown): Promise<boolean> => {
    const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
    if (indexedOnce || typeof uri !== 'string') return whenIndexed();
    let check!: () => void;
    const ready = new Promise<boolean>((resolve) => {
      check = () => {
        if (indexedOnce || lookup(uri)) resolve(true);
      };
    });
    progress.add(check);
    check();
    return withTimeout(ready, INDEX_WAIT_MS, false).finally(() => progress.delete(check));
  };

  let clientCaps: ClientCapabilities = {};
  const ctx: ServerContext = {
    connection,
    documents,
    workspaces: () => {
      flushEdits();
      return folders.map((f) => f.ws);
    },
    lookup,
    log,
    clientCapabilities: () => clientCaps,
    settings: (ws) => folders.find((f) => f.ws === ws)?.settings ?? initSettings,
    onModelChanged: (l) => void modelListeners.push(l),
    whenIndexed,
    guard:
      <P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>) =>
      async (params: P, token: CancellationToken): Promise<R> => {
        try {
          await whenReadyFor(params);
          if (token?.isCancellationRequested) return fallback;
          return await handler(params, token);
        } catch (e) {
          // The one failure boundary of requests: features do not catch their own bugs (features/failure.ts).
          log(`django-mtv: ${name} failed: ${errorText(e)}`);
          if (rethrowFailures()) throw e;
          return fallback;
        }
      },
  };

  // Never let one bad event kill the server the editor depends on.
  process.on('uncaughtException', (e) => log(`django-mtv: uncaught exception: ${errorText(e)}`));
  process.on('unhandledRejection', (e) => log(`django-mtv: unhandled rejection: ${errorText(e)}`));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    clientCaps = caps;
    canConfigure = caps.workspace?.configuration === true;
    canWatchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canTrackFolders = caps.workspace?.workspaceFolders === true;
    const opts = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: unknown };
    initSettings = parseSettings(opts.settings);
    trusted = isTrusted(opts);
    const given: WorkspaceFolder[] =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: URI.file(params.rootPath).toString(), name: 'root' }] : []);
    for (const f of given) {
      try {
        folders.push(makeFolder(f));
      } catch (e) {
        log(`django-mtv: ignoring workspace folder ${f.uri}: ${errorText(e)}`);
      }
    }
    const base: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    return { capabilities: mergeCapabilities(base, handlers.map((h) => h.capabilities)), serverInfo: { name: 'django-mtv' } };
  });

  connection.onInitialized(() => {
    if (canWatchDynamically) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_GLOB }] }).catch((e) => log(`django-mtv: could not watch files: ${errorText(e)}`));
    }
    if (canTrackFolders) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed: Workspace[] = [];
          for (const r of e.removed) {
            const i = folders.findIndex((f) => f.uri === r.uri);
            if (i >= 0) removed.push(folders.splice(i, 1)[0].ws);
          }
          const added = e.added.filter((a) => !folders.some((f) => f.uri === a.uri)).map(makeFolder);
          folders.push(...added);
          // Documents of a removed folder lose their diagnostics through the listeners.
          fireModelChanged(removed);
          if (added.length) void indexFolders(() => added.filter((f) => folders.includes(f)));
          else sendStatus('ready');
        });
      } catch (e) {
        log(`django-mtv: workspace folder changes are not tracked: ${errorText(e)}`);
      }
    }
    void indexFolders(() => folders.slice());
  });

  connection.onDidChangeConfiguration((params) => {
    // Without pull configuration the pushed section is the only source of settings.
    if (!canConfigure) {
      const pushed = (params.settings as Record<string, unknown> | null)?.[SECTION];
      if (pushed !== undefined) initSettings = parseSettings(pushed);
    }
    void indexFolders(() => folders.slice());
  });

  const pendingWatched = new Map<string, boolean>();
  let watchTimer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) {
      const path = pathOfDocument(c.uri);
      if (!path) continue;
      // Disk changes to an open file do not matter: its buffer is the truth until it is closed.
      if (c.type === FileChangeType.Changed && documents.get(c.uri)) continue;
      const structural = c.type !== FileChangeType.Changed;
      pendingWatched.set(path, (pendingWatched.get(path) ?? false) || structural);
    }
    if (watchTimer || !pendingWatched.size) return;
    watchTimer = setTimeout(() => {
      watchTimer = undefined;
      const entries = [...pendingWatched];
      pendingWatched.clear();
      const structural = entries.filter(([, s]) => s).map(([p]) => p);
      const plain = entries.filter(([, s]) => !s).map(([p]) => p);
      if (structural.length) applyChanges(structural, true);
      if (plain.length) applyChanges(plain, false);
    }, WATCH_BATCH_MS);
  });

  /** Open buffers too large to analyse, so that the log says so once per opening, not on every keystroke. */
  const tooLarge = new Set<string>();
  documents.onDidChangeContent((e) => {
    const path = pathOfDocument(e.document.uri);
    if (!path) return;
    if (overlay.setBuffer(path, e.document.getText())) tooLarge.delete(path);
    else if (!tooLarge.has(path)) {
      tooLarge.add(path);
      log(`django-mtv: ${path} is too large to analyse (over ${MAX_FILE_BYTES / 1024 / 1024} MB); it is treated as unreadable while it stays this large.`);
    }
    // Rebuilding a project on every keystroke in urls.py would be wasted work; the rebuild waits for a pause, or for the next reader.
    pendingEdits.add(path);
    clearTimeout(editTimer);
    editTimer = setTimeout(flushEdits, EDIT_SETTLE_MS);
  });

  documents.onDidClose((e) => {
    const path = pathOfDocument(e.document.uri);
    if (!path) return;
    // Closing without saving reverts to the disk's text, which may undo what the buffer changed.
    overlay.setBuffer(path, undefined);
    tooLarge.delete(path);
    pendingEdits.add(path);
    flushEdits();
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    if (watchTimer) clearTimeout(watchTimer);
    clearTimeout(editTimer);
  });

  for (const h of handlers) {
    try {
      h.register(ctx);
    } catch (e) {
      log(`django-mtv: a handler failed to register: ${errorText(e)}`);
    }
  }

  documents.listen(connection);
  connection.listen();
  return ctx;
}
