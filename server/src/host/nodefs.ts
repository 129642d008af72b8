// The real-disk FileSystem used by the CLI and the language server (which layers open buffers over it).

import * as nodefs from 'fs';
import type { DirEntry, EntryKind, FileSystem } from '../core/fs';
import { MAX_FILE_BYTES } from '../core/fs';

/** Reads the disk; every error (missing file, permission, a file deleted mid-read) becomes "absent". */
export class NodeFileSystem implements FileSystem {
  readFile(path: string): string | undefined {
    try {
      const st = nodefs.statSync(path);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      const buf = nodefs.readFileSync(path);
      // A NUL byte in the first kilobytes marks a binary file.
      if (buf.subarray(0, 8192).includes(0)) return undefined;
      const text = buf.toString('utf8');
      // Editors drop a UTF-8 byte-order mark from the document; so do we, so that columns agree with theirs.
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    }
  }

  readDir(path: string): DirEntry[] {
    try {
      const out: DirEntry[] = [];
      for (const d of nodefs.readdirSync(path, { withFileTypes: true })) {
        let kind: EntryKind | undefined;
        if (d.isDirectory()) kind = 'dir';
        else if (d.isFile()) kind = 'file';
        else if (d.isSymbolicLink()) kind = this.stat(path + '/' + d.name);
        if (kind) out.push({ name: d.name, kind, link: d.isSymbolicLink() });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return [];
    }
  }

  stat(path: string): EntryKind | undefined {
    try {
      const st = nodefs.statSync(path);
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }

  realPath(path: string): string {
    try {
      return nodefs.realpathSync(path);
    } catch {
      return path;
    }
  }
}

/**
 * A file system that answers from open editor buffers first, then from the disk. A buffer over the size cap is
 * absent, as a file over it is (null: open but unreadable), so pasting 50 MB into urls.py cannot stall analysis.
 */
export class OverlayFileSystem implements FileSystem {
  private readonly buffers = new Map<string, string | null>();

  constructor(private readonly base: FileSystem) {}

  /** Sets (or with undefined, drops) a buffer; returns false when it is too large to be analysed. */
  setBuffer(path: string, text: string | undefined): boolean {
    if (text === undefined) {
      this.buffers.delete(path);
      return true;
    }
    // A UTF-16 unit is at least one UTF-8 byte, so a text longer than the cap in units is over it without counting bytes.
    const fits = text.length <= MAX_FILE_BYTES && Buffer.byteLength(text, 'utf8') <= MAX_FILE_BYTES;
    this.buffers.set(path, fits ? text : null);
    return fits;
  }

  readFile(path: string): string | undefined {
    const buffer = this.buffers.get(path);
    return buffer === null ? undefined : (buffer ?? this.base.readFile(path));
  }

  /** The disk's listing, with the open buffers of this folder that are not saved yet: they exist, as stat says. */
  readDir(path: string): DirEntry[] {
    const listed = this.base.readDir(path);
    const prefix = path.endsWith('/') ? path : path + '/';
    let extra: DirEntry[] | undefined;
    for (const b of this.buffers.keys()) {
      if (!b.startsWith(prefix) || b.indexOf('/', prefix.length) >= 0) continue;
      const name = b.slice(prefix.length);
      if (!listed.some((e) => e.name === name)) (extra ??= []).push({ name, kind: 'file' });
    }
    return extra ? [...listed, ...extra].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : listed;
  }

  stat(path: string): EntryKind | undefined {
    return this.buffers.has(path) ? 'file' : this.base.stat(path);
  }

  realPath(path: string): string {
    return this.base.realPath(path);
  }
}
