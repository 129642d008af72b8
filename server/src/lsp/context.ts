// What every LSP handler gets: the connection, open documents, the workspaces, and the one place that converts positions and URIs.

import type { CancellationToken, ClientCapabilities, Connection, CreateFile, Location, Position, Range, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { LineIndex } from '../core/text';
import { normalizePath } from '../core/fs';
import type { Settings } from './settings';
import { fillPlaces } from '../features/hover';
import type { Place } from '../features/hover';

export interface FileContext {
  ws: Workspace;
  project: Project;
  /** Absolute path with forward slashes. */
  file: string;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Every workspace folder's model. */
  workspaces(): Workspace[];
  /** The workspace and project a document belongs to, if any. */
  lookup(uri: string): FileContext | undefined;
  log(message: string): void;
  /** What the client announced at initialize (empty before it): decides which workspace edits it may be sent. */
  clientCapabilities(): ClientCapabilities;
  /** The settings of the folder a workspace was built for. */
  settings(ws: Workspace): Settings;
  /** Called after indexing, a project rebuild or a settings change, with the workspaces whose model changed. */
  onModelChanged(listener: (workspaces: Workspace[]) => void): void;
  /** Resolves true once the first indexing is done, or false after `timeoutMs`, whichever comes first. */
  whenIndexed(timeoutMs?: number): Promise<boolean>;
  /**
   * Wraps a request handler so that it waits briefly for the first indexing, answers `fallback` when the
   * request is cancelled, and logs any exception instead of failing the request: a bad request never
   * surfaces as an error in the editor nor stops the server.
   */
  guard<P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>): (params: P, token: CancellationToken) => Promise<R>;
}

/** file:// URI → absolute path with forward slashes. */
export function uriToPath(uri: string): string {
  return normalizePath(URI.parse(uri).fsPath);
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

/** A place's URI with its line as a `#L<line>` fragment, which VS Code opens at that line. */
function placeUri(place: Place): string {
  return URI.file(place.file).with({ fragment: place.line ? `L${place.line}` : '' }).toString();
}

/** A hover's Markdown with its links to places turned into file URIs (features write placeholders, never URIs). */
export function hoverMarkdown(contents: string): string {
  return fillPlaces(contents, placeUri);
}

/** Text of a file as the server sees it (open buffer first, then disk through the workspace's file system). */
function textOf(ws: Workspace, file: string): string {
  return ws.fs.readFile(file) ?? '';
}

const indexes = new Map<string, LineIndex>();

function lineIndex(ws: Workspace, file: string): LineIndex {
  const text = textOf(ws, file);
  const hit = indexes.get(file);
  if (hit && hit.text === text) return hit;
  const li = new LineIndex(text);
  // Bounded: a long session touches many files, and each entry holds a whole text.
  if (indexes.size >= 500) indexes.clear();
  indexes.set(file, li);
  return li;
}

/** Offsets are UTF-16 code units, exactly as LSP positions count them, so no re-encoding is needed. */
export function toPosition(ws: Workspace, file: string, offset: number): Position {
  return lineIndex(ws, file).position(offset);
}

export function toOffset(ws: Workspace, file: string, pos: Position): number {
  return lineIndex(ws, file).offset(pos.line, pos.character);
}

export function toRange(ws: Workspace, file: string, span: Span): Range {
  return { start: toPosition(ws, file, span.start), end: toPosition(ws, file, span.end) };
}

export function toLocation(ws: Workspace, file: string, span: Span): Location {
  return { uri: pathToUri(file), range: toRange(ws, file, span) };
}

// ---- Workspace edits ----------------------------------------------------------------------------

/** A workspace edit as features return it: text edits by path and offsets, files to create, files to move. */
export interface EditPlan {
  edits: readonly { file: string; span: Span; newText: string }[];
  createFiles?: readonly { path: string; text: string }[];
  fileRenames?: readonly { from: string; to: string }[];
}

/** Whether the client applies RenameFile operations in a workspace edit (it must announce both). */
/** Whether the client applies file creations in workspace edits (the create-template quick fix needs them). */
export function canCreateFiles(caps: ClientCapabilities): boolean {
  const we = caps.workspace?.workspaceEdit;
  return we?.documentChanges === true && (we.resourceOperations ?? []).includes('create');
}

export function canRenameFiles(caps: ClientCapabilities): boolean {
  const we = caps.workspace?.workspaceEdit;
  return we?.documentChanges === true && (we.resourceOperations ?? []).includes('rename');
}

/**
 * The one builder of workspace edits. File creations come first (with their text), then the text edits grouped
 * by file (against the files' current names), then the moves, so one undo reverts all. With `plainChanges`, an
 * edit that neither creates nor moves files is sent as the simpler `changes` map every client accepts.
 */
export function toWorkspaceEdit(ws: Workspace, plan: EditPlan, opts: { plainChanges?: boolean; versionOf?: (uri: string) => number | null } = {}): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of plan.edits) {
    const list = byFile.get(e.file) ?? [];
    list.push({ range: toRange(ws, e.file, e.span), newText: e.newText });
    byFile.set(e.file, list);
  }
  const creates = plan.createFiles ?? [];
  const moves = plan.fileRenames ?? [];
  if (opts.plainChanges && !creates.length && !moves.length) return { changes: Object.fromEntries([...byFile].map(([f, edits]) => [pathToUri(f), edits])) };
  const changes: (TextDocumentEdit | CreateFile | RenameFile)[] = [];
  for (const c of creates) {
    const uri = pathToUri(c.path);
    changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    if (c.text) changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] });
  }
  for (const [file, edits] of byFile) {
    const uri = pathToUri(file);
    changes.push({ textDocument: { uri, version: opts.versionOf?.(uri) ?? null }, edits });
  }
  for (const m of moves) changes.push({ kind: 'rename', oldUri: pathToUri(m.from), newUri: pathToUri(m.to), options: { overwrite: false, ignoreIfExists: false } });
  return { documentChanges: changes };
}
