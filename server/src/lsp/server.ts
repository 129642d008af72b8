// The language server's wiring: the initialize handshake, settings and folder changes, and the request guard; folders.ts, indexing.ts and file-events.ts do the work, handlers/ the editor features.

import type { CancellationToken, ClientCapabilities, Connection, InitializeParams, InitializeResult, ServerCapabilities, WorkspaceFolder } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Workspace } from '../core/workspace';
import { NodeFileSystem, OverlayFileSystem } from '../host/nodefs';
import type { FileContext, ServerContext } from './context';
import { isTrusted, parseSettings } from './settings';
import { WATCHED_GLOB } from '../protocol';
import { rethrowFailures } from '../features/failure';
import { errorText, Folders, SECTION } from './folders';
import { Indexer } from './indexing';
import { FileEvents, pathOfDocument } from './file-events';

/** One feature of the server: what it adds to the initialize result, and how it hooks into the connection. */
export interface HandlerModule {
  capabilities: Partial<ServerCapabilities>;
  register(ctx: ServerContext): void;
}

/** Merges capability fragments one level deep, so two modules may each add to `workspace` or `executeCommandProvider`. */
function mergeCapabilities(base: ServerCapabilities, parts: Partial<ServerCapabilities>[]): ServerCapabilities {
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
  let canWatchDynamically = false;
  let canTrackFolders = false;

  const log = (message: string) => {
    try {
      connection.console.log(message);
    } catch {
      // The connection is gone (the client quit); there is nobody to tell.
    }
  };

  const folders = new Folders(connection, overlay, log);
  const indexer = new Indexer(connection, folders, log);
  const fileEvents = new FileEvents(folders, indexer, overlay, log);

  const lookup = (uri: string): FileContext | undefined => {
    fileEvents.flushEdits();
    const file = pathOfDocument(uri);
    if (!file) return undefined;
    const own = folders.folderOf(file);
    const project = own?.ws.projectFor(file);
    if (own && project) return { ws: own.ws, project, file };
    // A template may live outside every folder's projects (an extra template folder elsewhere on disk).
    for (const f of folders.list) {
      const p = f.ws.projectFor(file);
      if (p) return { ws: f.ws, project: p, file };
    }
    return undefined;
  };

  let clientCaps: ClientCapabilities = {};
  const ctx: ServerContext = {
    connection,
    documents,
    workspaces: () => {
      fileEvents.flushEdits();
      return folders.list.map((f) => f.ws);
    },
    lookup,
    log,
    clientCapabilities: () => clientCaps,
    settings: (ws) => folders.settingsOf(ws),
    onModelChanged: (l) => folders.onModelChanged(l),
    whenIndexed: (timeoutMs) => indexer.whenIndexed(timeoutMs),
    guard:
      <P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>) =>
      async (params: P, token: CancellationToken): Promise<R> => {
        try {
          await indexer.whenReadyFor(params, lookup);
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
    folders.canConfigure = caps.workspace?.configuration === true;
    canWatchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canTrackFolders = caps.workspace?.workspaceFolders === true;
    const opts = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: unknown };
    folders.initSettings = parseSettings(opts.settings);
    folders.trusted = isTrusted(opts);
    const given: WorkspaceFolder[] =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: URI.file(params.rootPath).toString(), name: 'root' }] : []);
    for (const f of given) {
      try {
        folders.list.push(folders.make(f));
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
            const i = folders.list.findIndex((f) => f.uri === r.uri);
            if (i >= 0) removed.push(folders.list.splice(i, 1)[0].ws);
          }
          const added = e.added.filter((a) => !folders.list.some((f) => f.uri === a.uri)).map((a) => folders.make(a));
          folders.list.push(...added);
          // Documents of a removed folder lose their diagnostics through the listeners.
          folders.fireModelChanged(removed);
          if (added.length) void indexer.indexFolders(() => added.filter((f) => folders.list.includes(f)));
          else indexer.sendStatus('ready');
        });
      } catch (e) {
        log(`django-mtv: workspace folder changes are not tracked: ${errorText(e)}`);
      }
    }
    void indexer.indexFolders(() => folders.list.slice());
  });

  connection.onDidChangeConfiguration((params) => {
    // Without pull configuration the pushed section is the only source of settings.
    if (!folders.canConfigure) {
      const pushed = (params.settings as Record<string, unknown> | null)?.[SECTION];
      if (pushed !== undefined) folders.initSettings = parseSettings(pushed);
    }
    void indexer.indexFolders(() => folders.list.slice());
  });

  fileEvents.listen(connection, documents);

  connection.onShutdown(() => {
    folders.shuttingDown = true;
    fileEvents.stop();
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
