// The persistent cache of per-file facts (a Python file's URL and template references) in the user's cache folder, keyed by a hash of the file's text.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FactsCache } from '../core/workspace';
import type { PyRefs } from '../core/python/refs';
import type { PyModule } from '../core/python/ast';

/** Bumped when the shape of what is stored changes; the tool's version and build are part of the key as well. */
const FORMAT = 1;
/** Cache files kept at most (one per workspace folder); the least recently written go first. */
const MAX_FILES = 64;

/** The user's cache folder for django-mtv: $DJANGO_MTV_CACHE_DIR, else the platform's cache folder. Empty: no cache. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DJANGO_MTV_CACHE_DIR !== undefined) return env.DJANGO_MTV_CACHE_DIR || undefined;
  const home = os.homedir();
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'django-mtv', 'Cache') : undefined;
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'django-mtv') : undefined;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : undefined;
  return base ? path.join(base, 'django-mtv') : undefined;
}

const hash = (s: string) => createHash('sha1').update(s).digest('base64url');

function isModule(v: unknown): v is PyModule {
  const m = v as PyModule;
  return !!m && typeof m === 'object' && Array.isArray(m.body) && Array.isArray(m.errors);
}

/** A number JSON cannot carry (an overflowing literal reads as Infinity): such a module is not stored. */
function jsonSafe(m: PyModule): boolean {
  let ok = true;
  JSON.stringify(m, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) ok = false;
    return v;
  });
  return ok;
}

function isRefs(v: unknown): v is PyRefs {
  const r = v as PyRefs;
  return !!r && typeof r === 'object' && Array.isArray(r.urls) && Array.isArray(r.templates) && Array.isArray(r.viewClasses) && Array.isArray(r.viaCalls);
}

/** One kind of fact, keyed by the hash of the file's text: what the cache file held, and what this run used (all that is written back). */
class Shelf<T> {
  readonly known = new Map<string, T>();
  readonly used = new Map<string, T>();

  constructor(private readonly valid: (v: unknown) => v is T) {}

  /** Keeps the entries of the stored object that have the right shape; the others are not trusted. */
  load(stored: object): void {
    for (const [k, v] of Object.entries(stored as Record<string, unknown>)) if (this.valid(v)) this.known.set(k, v);
  }

  clear(): void {
    this.known.clear();
    this.used.clear();
  }
}

/**
 * One workspace folder's facts, read once at start and written once at the end (only what this run used, so the
 * file does not grow with old versions of files). A file that cannot be read, does not parse, or was written by
 * another version or build of the tool is ignored, never trusted; any write error is ignored too.
 */
export class DiskFactsCache implements FactsCache {
  private readonly refsShelf = new Shelf<PyRefs>(isRefs);
  private readonly modulesShelf = new Shelf<PyModule>(isModule);
  private changed = false;
  private released = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    private readonly version: string,
  ) {}

  /**
   * The cache of the folder `root` for this tool `version`, or undefined when there is no cache folder or it lies
   * inside the workspace (facts are never written into the user's project).
   */
  static open(root: string, version: string, env: NodeJS.ProcessEnv = process.env, user: 'cli' | 'server' = 'cli'): DiskFactsCache | undefined {
    const dir = cacheDir(env);
    if (!dir || !path.isAbsolute(dir)) return undefined;
    const real = (p: string) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return path.resolve(p);
      }
    };
    const rel = path.relative(real(root), real(dir));
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return undefined;
    // The server and the CLI keep files of their own: each writes only what it used, and would drop the other's.
    const cache = new DiskFactsCache(path.join(dir, `facts-${user === 'server' ? 'server-' : ''}${hash(path.resolve(root)).slice(0, 16)}.json`), version);
    cache.load();
    return cache;
  }

  private load(): void {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { format?: unknown; version?: unknown; refs?: unknown; modules?: unknown };
      if (data.format !== FORMAT || data.version !== this.version || !data.refs || typeof data.refs !== 'object' || !data.modules || typeof data.modules !== 'object') return;
      this.refsShelf.load(data.refs);
      this.modulesShelf.load(data.modules);
    } catch {
      // Missing, unreadable or corrupt: start empty.
    }
  }

  /** The stored fact of this text, if any; a hit is kept for the next run. */
  private get<T>(shelf: Shelf<T>, text: string): T | undefined {
    if (this.released) return undefined;
    const key = hash(text);
    const hit = shelf.known.get(key);
    if (hit) {
      this.hits++;
      shelf.used.set(key, hit);
    } else this.misses++;
    return hit;
  }

  private set<T>(shelf: Shelf<T>, text: string, value: T): void {
    if (this.released) return;
    shelf.used.set(hash(text), value);
    this.changed = true;
  }

  refs(text: string): PyRefs | undefined {
    return this.get(this.refsShelf, text);
  }

  setRefs(text: string, refs: PyRefs): void {
    this.set(this.refsShelf, text, refs);
  }

  module(text: string): PyModule | undefined {
    return this.get(this.modulesShelf, text);
  }

  setModule(text: string, module: PyModule): void {
    if (this.released || !jsonSafe(module)) return;
    this.set(this.modulesShelf, text, module);
  }

  /** Writes what this run used (atomically: a reader never sees half a file), when anything was new or dropped. */
  save(): void {
    const shelves = [this.refsShelf, this.modulesShelf];
    if (!this.changed && shelves.every((s) => s.used.size === s.known.size)) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, version: this.version, refs: Object.fromEntries(this.refsShelf.used), modules: Object.fromEntries(this.modulesShelf.used) }));
      fs.renameSync(tmp, this.file);
      this.prune();
    } catch {
      // A read-only or full disk costs the next run its speed, nothing else.
    }
  }

  /**
   * Forgets everything and records nothing more (the language server after its first indexing: what a long session
   * parses later would otherwise be kept twice, and an edited file's old versions for ever).
   */
  release(): void {
    this.released = true;
    this.refsShelf.clear();
    this.modulesShelf.clear();
  }

  private prune(): void {
    const dir = path.dirname(this.file);
    const files = fs.readdirSync(dir).filter((f) => /^facts-.*\.json$/.test(f));
    if (files.length <= MAX_FILES) return;
    const aged = files.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const { f } of aged.slice(0, files.length - MAX_FILES)) fs.rmSync(path.join(dir, f), { force: true });
  }
}

/** The tool's version for the cache key: the package version and the running bundle's size and time, so any rebuild starts afresh. */
export function toolVersion(packageVersion: string, bundle: string): string {
  try {
    const st = fs.statSync(bundle);
    return `${packageVersion}+${st.size}.${Math.round(st.mtimeMs)}`;
  } catch {
    return packageVersion;
  }
}
