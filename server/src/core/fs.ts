// The file-system interface through which the analysis core reads a workspace (disk, disk plus open buffers, or memory).

/** The kind of a directory entry, as the core needs it: links are resolved by the implementation. */
export type EntryKind = 'file' | 'dir';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** Whether the entry is a symbolic link (its kind is its target's); absent when the file system cannot tell. */
  link?: boolean;
}

/**
 * Everything the core may ask of a file system. Paths are absolute and use forward slashes.
 * Implementations never throw: a missing or unreadable file is `undefined`, a missing folder is `[]`.
 * The core never touches the disk any other way, so the CLI, the language server (disk plus unsaved
 * buffers) and the tests (in memory) can each supply their own.
 */
export interface FileSystem {
  /** The text of a file, decoded as UTF-8, or undefined when it does not exist, is binary or too large. */
  readFile(path: string): string | undefined;
  /** The entries of a folder; links to folders that would make a cycle are left out. */
  readDir(path: string): DirEntry[];
  /** Whether a path exists and what it is. */
  stat(path: string): EntryKind | undefined;
  /** The canonical path (links resolved), used to detect symlink loops; may return the input. */
  realPath(path: string): string;
}

/** Files larger than this are treated as absent: no Django source or template is this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** An in-memory file system, for tests and for fixture projects written as text. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['/']);

  constructor(files?: Record<string, string>) {
    if (files) for (const [p, text] of Object.entries(files)) this.write(p, text);
  }

  write(path: string, text: string): void {
    path = normalizePath(path);
    this.files.set(path, text);
    for (let d = dirname(path); !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
  }

  delete(path: string): void {
    this.files.delete(normalizePath(path));
  }

  readFile(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }

  readDir(path: string): DirEntry[] {
    const dir = normalizePath(path);
    const prefix = dir === '/' ? '/' : dir + '/';
    const seen = new Map<string, DirEntry>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name)) seen.set(name, { name, kind: slash < 0 ? 'file' : 'dir' });
    }
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  stat(path: string): EntryKind | undefined {
    const p = normalizePath(path);
    if (this.files.has(p)) return 'file';
    if (this.dirs.has(p)) return 'dir';
    return undefined;
  }

  realPath(path: string): string {
    return normalizePath(path);
  }
}

/** Collapses `.`/`..` segments and duplicate slashes; keeps the path absolute. */
export function normalizePath(path: string): string {
  path = path.replace(/\\/g, '/');
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  // Windows drive letters stay as the first segment ("C:/x").
  if (!abs && out.length && /^[A-Za-z]:$/.test(out[0])) return out.join('/');
  return (abs ? '/' : '') + out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  if (i <= 0) return '/';
  return path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) out = p;
    else out = out ? out + '/' + p : p;
  }
  return normalizePath(out);
}

/** The path of `path` relative to `base`, or undefined when it is not inside it. */
export function relativeInside(base: string, path: string): string | undefined {
  if (path === base) return '';
  const prefix = base.endsWith('/') ? base : base + '/';
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * Remembers folder listings and stats until told that files appeared or vanished. Rebuilding a project after
 * an edit then re-reads only file contents, not every template and templatetags folder again.
 */
export class ListingCacheFileSystem implements FileSystem {
  private readonly dirs = new Map<string, DirEntry[]>();
  private readonly stats = new Map<string, EntryKind | null>();
  private readonly reals = new Map<string, string>();

  constructor(private readonly base: FileSystem) {}

  /** Forgets every listing: call when files may have been created, deleted or renamed. */
  clearListings(): void {
    this.dirs.clear();
    this.stats.clear();
    this.reals.clear();
  }

  readFile(path: string): string | undefined {
    return this.base.readFile(path);
  }

  readDir(path: string): DirEntry[] {
    let hit = this.dirs.get(path);
    if (!hit) {
      hit = this.base.readDir(path);
      this.dirs.set(path, hit);
    }
    return hit;
  }

  /** Asks the underlying file system again (for files no watcher reports, such as static assets). */
  statFresh(path: string): EntryKind | undefined {
    const kind = this.base.stat(path);
    this.stats.set(path, kind ?? null);
    return kind;
  }

  stat(path: string): EntryKind | undefined {
    let hit = this.stats.get(path);
    if (hit === undefined) {
      hit = this.base.stat(path) ?? null;
      this.stats.set(path, hit);
    }
    return hit ?? undefined;
  }

  realPath(path: string): string {
    let hit = this.reals.get(path);
    if (hit === undefined) {
      hit = this.base.realPath(path);
      this.reals.set(path, hit);
    }
    return hit;
  }
}

export interface WalkOptions {
  /** Folders deeper than this below the root are not entered. */
  maxDepth: number;
  /** At most this many entries (files and folders) are read; past it the walk stops and says it was cut short. */
  maxEntries: number;
  /**
   * When set, a folder whose real path (links resolved) lies outside this one is not entered: a link to `/`
   * or to another checkout must not turn a project walk into a walk of the whole disk.
   */
  within?: string;
  /** Folders not to enter, by name (tool folders, virtual environments' contents...). */
  skipDir?: (name: string) => boolean;
  /** A folder whose listing says it is not ours (a virtual environment holds `pyvenv.cfg`) is not walked. */
  skipListing?: (entries: DirEntry[]) => boolean;
  exclude?: (path: string) => boolean;
}

export interface WalkResult {
  /** Paths of the files found, relative to the root. */
  files: string[];
  /** Why the walk stopped before the end, when it did (the listing is then incomplete). */
  truncated?: string;
}

/**
 * Lists the files under `root`, iteratively (no recursion, so no depth of links can overflow the stack),
 * never entering a folder twice (symlink loops) and within the bounds of `opts`.
 */
export function walkFiles(fs: FileSystem, root: string, opts: WalkOptions): WalkResult {
  const files: string[] = [];
  const seen = new Set<string>();
  const within = opts.within === undefined ? undefined : fs.realPath(opts.within);
  let entries = 0;
  // Depth-first, in name order, as the recursive walks it replaces did.
  // A folder reached without a link has its parent's real path and its own name: only links are resolved.
  const stack: { dir: string; rel: string; depth: number; real?: string }[] = [{ dir: root, rel: '', depth: 0 }];
  while (stack.length) {
    const { dir, rel, depth, real: known } = stack.pop()!;
    const real = known ?? fs.realPath(dir);
    if (seen.has(real)) continue;
    seen.add(real);
    if (within !== undefined && relativeInside(within, real) === undefined) continue;
    const listing = fs.readDir(dir);
    if (opts.skipListing?.(listing)) continue;
    const subdirs: { dir: string; rel: string; depth: number; real?: string }[] = [];
    for (const e of listing) {
      if (++entries > opts.maxEntries) return { files, truncated: `more than ${opts.maxEntries} files and folders under ${root}` };
      const p = dir === '/' ? '/' + e.name : dir + '/' + e.name;
      if (opts.exclude?.(p)) continue;
      const r = rel ? rel + '/' + e.name : e.name;
      if (e.kind === 'file') files.push(r);
      else if (!opts.skipDir?.(e.name)) {
        if (depth + 1 > opts.maxDepth) continue;
        subdirs.push({ dir: p, rel: r, depth: depth + 1, real: e.link === false ? (real === '/' ? '/' : real + '/') + e.name : undefined });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return { files };
}
