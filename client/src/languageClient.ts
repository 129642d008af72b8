// Creates, starts, stops and restarts the language client that runs dist/server.js.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { CLIENT_ID, OUTPUT_NAME, STATUS_NOTIFICATION, WATCHED_FILES } from './constants';
import { restartingErrorHandler } from './restartPolicy';
import { configurationMiddleware, initializationOptions } from './settings';
import { StatusItem } from './status';

/**
 * The documents the server serves: the template languages, Python, and plain `html` files that live in
 * a `templates` or `jinja2` folder (many projects keep templates as `html` to keep VS Code's HTML
 * features). Only `file` documents, since the server reads the project from disk.
 */
const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'django-html' },
  { scheme: 'file', language: 'django-txt' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'html', pattern: '**/templates/**' },
  { scheme: 'file', language: 'html', pattern: '**/jinja2/**' },
];

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Start, stop and restart are chained so that a trust grant and a command cannot interleave. */
  private queue: Promise<void> = Promise.resolve();
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusItem,
  ) {
    // One watcher for the extension's lifetime: the client library forwards its events to each client.
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /** Tells a running server to pull its settings again, e.g. after the user picked another interpreter. */
  async settingsChanged(): Promise<void> {
    const client = this.client;
    if (client?.state !== State.Running) return;
    try {
      await client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    } catch (error) {
      this.output.warn(`Could not notify the server of a settings change: ${String(error)}`);
    }
  }

  /** The running client, for commands and views that send the server's own requests; undefined while it starts or after it stopped. */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  dispose(): void {
    void this.stop();
    this.watcher.dispose();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const trusted = vscode.workspace.isTrusted;
    const module = this.context.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(module)) {
      // Only a broken install or an unbuilt checkout gets here; say which file is missing.
      this.fail(`The Django MTV server is missing: ${module} does not exist (run "npm run build").`);
      return;
    }
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { fileEvents: this.watcher },
      initializationOptions: await initializationOptions(trusted),
      middleware: { workspace: configurationMiddleware(() => vscode.workspace.isTrusted) },
      outputChannel: this.output,
      diagnosticCollectionName: CLIENT_ID,
      errorHandler: restartingErrorHandler((message) => this.status.stopped(message)),
    };
    const client = new LanguageClient(CLIENT_ID, OUTPUT_NAME, serverOptions, clientOptions);
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => this.status.update(params));
    this.client = client;
    this.status.setRestricted(!trusted);
    this.status.starting();
    if (!trusted) {
      this.output.info('The workspace is not trusted: the server will not run a Python interpreter.');
    }
    try {
      await client.start();
    } catch (error) {
      // A missing or broken server bundle must leave the editor usable and say what happened.
      this.client = undefined;
      try {
        await client.dispose();
      } catch {
        // The client never ran, so there is nothing left to release.
      }
      this.fail(`The Django MTV server could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Reports a server that cannot run, in the log, the status bar and a notification, without throwing. */
  private fail(message: string): void {
    this.output.error(message);
    this.status.stopped(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice) this.output.show(true);
    });
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.isRunning()) await client.stop();
      await client.dispose();
    } catch (error) {
      this.output.warn(`The server did not stop cleanly: ${String(error)}`);
    }
  }
}
