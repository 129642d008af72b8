// A file system for one run of a command: each file is read from disk once, since nothing edits the tree while `check` reads it.

import type { DirEntry, EntryKind, FileSystem } from '../core/fs';

/**
 * Remembers every file's text (or its absence) on first read. The engine's caches compare a file's text with the
 * one they were built from, so without this every check of a file read it again: six reads a file on Misago
 * (issue 14). The same string is handed to every cache, so remembering it costs no second copy.
 */
export class SnapshotFileSystem implements FileSystem {
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly base: FileSystem) {}

  readFile(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    const text = this.base.readFile(path);
    this.texts.set(path, text);
    return text;
  }

  readDir(path: string): DirEntry[] {
    return this.base.readDir(path);
  }

  stat(path: string): EntryKind | undefined {
    return this.base.stat(path);
  }

  realPath(path: string): string {
    return this.base.realPath(path);
  }
}
