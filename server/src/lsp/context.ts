// What every LSP handler gets: the connection, open documents, the workspaces, and the one place that converts positions and URIs.

import type { CancellationToken, Connection, Location, Position, Range } from 'vscode-languageserver/node';
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
export function placeUri(place: Place): string {
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
