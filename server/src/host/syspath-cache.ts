// The interpreter's sys.path kept in the user's cache folder, so that a CLI run does not start Python (0.1-0.3 s) when nothing it depends on changed.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from './facts-cache';
import { interpreterSysPath } from './python';

const FORMAT = 1;

interface Entry {
  format: number;
  version: string;
  python: string;
  /** The interpreter file and its environment's pyvenv.cfg, as size and time. */
  stamp: string;
  /** sys.path as the interpreter printed it. */
  paths: string[];
  /** Each folder of the answer and each .pth file in it (which add folders at start-up), with its time. */
  watched: Record<string, number>;
}

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function stampOf(python: string): string {
  const parts: string[] = [];
  for (const f of [python, path.join(path.dirname(path.dirname(python)), 'pyvenv.cfg')]) {
    try {
      const st = fs.statSync(f);
      parts.push(`${f}:${st.size}:${st.mtimeMs}`);
    } catch {
      parts.push(`${f}:-`);
    }
  }
  return parts.join('|');
}

/** Folders and .pth files whose change can change sys.path: a package installed, an editable install, a venv rebuilt. */
function watchedOf(paths: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of paths) {
    out[p] = mtime(p);
    try {
      for (const name of fs.readdirSync(p)) if (name.endsWith('.pth')) out[path.join(p, name)] = mtime(path.join(p, name));
    } catch {
      // Not a folder (a zip) or gone: its time (-1) is the record.
    }
  }
  return out;
}

/**
 * sys.path of `python`, from the cache when the interpreter, its pyvenv.cfg, the folders it printed and their .pth
 * files are as they were; otherwise the interpreter is asked (and its errors thrown) and the answer stored. A
 * corrupt entry or one of another version is ignored; without a cache folder it always asks.
 */
export function cachedInterpreterSysPath(python: string, version: string, env: NodeJS.ProcessEnv = process.env, ask: (python: string) => string[] = interpreterSysPath): string[] {
  const dir = cacheDir(env);
  const abs = path.resolve(python);
  const file = dir && path.isAbsolute(dir) ? path.join(dir, `syspath-${createHash('sha1').update(abs).digest('base64url').slice(0, 16)}.json`) : undefined;
  if (file) {
    try {
      const e = JSON.parse(fs.readFileSync(file, 'utf8')) as Entry;
      const fresh =
        e.format === FORMAT && e.version === version && e.python === abs && e.stamp === stampOf(abs) && Array.isArray(e.paths) && e.paths.every((p) => typeof p === 'string') &&
        !!e.watched && typeof e.watched === 'object' && Object.entries(e.watched).every(([p, t]) => mtime(p) === t);
      if (fresh) return e.paths;
    } catch {
      // Missing or corrupt: ask.
    }
  }
  const paths = ask(python);
  if (file) {
    try {
      const entry: Entry = { format: FORMAT, version, python: abs, stamp: stampOf(abs), paths, watched: watchedOf(paths) };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, file);
    } catch {
      // The next run asks again.
    }
  }
  return paths;
}
