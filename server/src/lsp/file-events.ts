// File events: watched files changed on disk and open buffers edited or closed, batched and handed to every folder's workspace.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Workspace } from '../core/workspace';
import { MAX_FILE_BYTES } from '../core/fs';
import type { OverlayFileSystem } from '../host/nodefs';
import { uriToPath } from './context';
import type { Folders } from './folders';
import { errorText } from './folders';
import type { Indexer } from './indexing';

/** Watched-file events are gathered briefly, since a client may report the same change twice (static and dynamic watchers). */
const WATCH_BATCH_MS = 50;
/** Edits are applied to the model after this pause (less than the diagnostics delay, so diagnostics see them settled). */
const EDIT_SETTLE_MS = 100;

/** The path of a `file:` document, or undefined for any other scheme or a URI that does not parse. */
export function pathOfDocument(uri: string): string | undefined {
  try {
    return URI.parse(uri).scheme === 'file' ? uriToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class FileEvents {
  private readonly pendingEdits = new Set<string>();
  private editTimer: NodeJS.Timeout | undefined;
  private readonly pendingWatched = new Map<string, boolean>();
  private watchTimer: NodeJS.Timeout | undefined;
  /** Open buffers too large to analyse, so that the log says so once per opening, not on every keystroke. */
  private readonly tooLarge = new Set<string>();

  constructor(
    private readonly folders: Folders,
    private readonly indexer: Indexer,
    private readonly overlay: OverlayFileSystem,
    private readonly log: (message: string) => void,
  ) {}

  /** Tells every workspace about changed files; workspaces whose projects were rebuilt get their diagnostics refreshed. */
  private applyChanges(paths: string[], structural: boolean): void {
    const affected: Workspace[] = [];
    for (const f of this.folders.list) {
      const exclude = f.exclude;
      const relevant = exclude ? paths.filter((p) => !exclude(p)) : paths;
      if (!relevant.length) continue;
      // A workspace being indexed gets them once it is built; one installed early is left alone until then.
      f.inflight?.changes.push([relevant, structural]);
      if (f.inflight?.ws === f.ws) continue;
      try {
        if (f.ws.changed(relevant, structural).length) affected.push(f.ws);
      } catch (e) {
        this.log(`django-mtv: updating ${f.path} failed: ${errorText(e)}`);
      }
    }
    if (affected.length) {
      this.indexer.sendStatus('ready');
      this.folders.fireModelChanged(affected);
    }
  }

  /**
   * Applies buffered edits and disk changes; every reader of the model calls it first, so no answer is built from a
   * stale model (a file's parse is kept until a change names it, and is not read again to compare).
   */
  flushEdits(): void {
    this.flushWatched();
    clearTimeout(this.editTimer);
    this.editTimer = undefined;
    if (!this.pendingEdits.size) return;
    const paths = [...this.pendingEdits];
    this.pendingEdits.clear();
    this.applyChanges(paths, false);
  }

  /** Applies the disk changes gathered so far (structural ones first, as one batch each). */
  private flushWatched(): void {
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    if (!this.pendingWatched.size) return;
    const entries = [...this.pendingWatched];
    this.pendingWatched.clear();
    const structural = entries.filter(([, s]) => s).map(([p]) => p);
    const plain = entries.filter(([, s]) => !s).map(([p]) => p);
    if (structural.length) this.applyChanges(structural, true);
    if (plain.length) this.applyChanges(plain, false);
  }

  /** Hooks watched-file notifications and buffer events onto the connection. */
  listen(connection: Connection, documents: TextDocuments<TextDocument>): void {
    connection.onDidChangeWatchedFiles((params) => {
      for (const c of params.changes) {
        const path = pathOfDocument(c.uri);
        if (!path) continue;
        // Disk changes to an open file do not matter: its buffer is the truth until it is closed.
        if (c.type === FileChangeType.Changed && documents.get(c.uri)) continue;
        const structural = c.type !== FileChangeType.Changed;
        this.pendingWatched.set(path, (this.pendingWatched.get(path) ?? false) || structural);
      }
      if (this.watchTimer || !this.pendingWatched.size) return;
      this.watchTimer = setTimeout(() => this.flushWatched(), WATCH_BATCH_MS);
    });

    documents.onDidChangeContent((e) => {
      const path = pathOfDocument(e.document.uri);
      if (!path) return;
      if (this.overlay.setBuffer(path, e.document.getText())) this.tooLarge.delete(path);
      else if (!this.tooLarge.has(path)) {
        this.tooLarge.add(path);
        this.log(`django-mtv: ${path} is too large to analyse (over ${MAX_FILE_BYTES / 1024 / 1024} MB); it is treated as unreadable while it stays this large.`);
      }
      // Rebuilding a project on every keystroke in urls.py would be wasted work; the rebuild waits for a pause, or for the next reader.
      this.pendingEdits.add(path);
      clearTimeout(this.editTimer);
      this.editTimer = setTimeout(() => this.flushEdits(), EDIT_SETTLE_MS);
    });

    documents.onDidClose((e) => {
      const path = pathOfDocument(e.document.uri);
      if (!path) return;
      // Closing without saving reverts to the disk's text, which may undo what the buffer changed.
      this.overlay.setBuffer(path, undefined);
      this.tooLarge.delete(path);
      this.pendingEdits.add(path);
      this.flushEdits();
    });
  }

  /** Drops the pending timers at shutdown. */
  stop(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    clearTimeout(this.editTimer);
  }
}
