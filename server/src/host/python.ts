// Asks a Python interpreter for its sys.path, the only thing we ever run it for (and only when the workspace is trusted).

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** sys.path is a few kilobytes; an interpreter that prints more than this is not answering our question. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Control characters escaped, so that a message about a hostile path or output stays on one line. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

/**
 * Runs `python -I -c "print sys.path"` in a neutral folder, so that nothing from the workspace can be
 * imported on start-up. Returns the existing folders of sys.path, or throws with a one-line message.
 *
 * Its output goes to temporary files rather than pipes: a wrapper script whose background child inherits
 * stdout would keep a pipe open long after the interpreter exited, and we wait for the interpreter only.
 */
export function interpreterSysPath(python: string): string[] {
  const shown = oneLine(python);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-python-'));
  try {
    const { outFile, errFile, outFd, errFd } = openOutputs(dir);
    let r;
    try {
      r = spawnSync(python, ['-I', '-c', SCRIPT], { cwd: os.tmpdir(), timeout: 15000, stdio: ['ignore', outFd, errFd] });
    } finally {
      fs.closeSync(outFd);
      fs.closeSync(errFd);
    }
    if (r.error) throw new Error(`could not run the Python interpreter ${shown}: ${oneLine(r.error.message)}`);
    return answer(shown, r.status, r.signal, outFile, errFile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same question without blocking (the language server, which must keep answering the editor meanwhile): the
 * interpreter is killed after `timeoutMs`, and the promise rejects with a one-line message.
 */
export function interpreterSysPathAsync(python: string, timeoutMs = 5000): Promise<string[]> {
  const shown = oneLine(python);
  return new Promise((resolve, reject) => {
    let dir: string | undefined;
    const done = (f: () => string[]) => {
      try {
        resolve(f());
      } catch (e) {
        reject(e);
      } finally {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    try {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-python-'));
      const { outFile, errFile, outFd, errFd } = openOutputs(dir);
      let child;
      try {
        child = spawn(python, ['-I', '-c', SCRIPT], { cwd: os.tmpdir(), stdio: ['ignore', outFd, errFd] });
      } finally {
        fs.closeSync(outFd);
        fs.closeSync(errFd);
      }
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        done(() => {
          throw new Error(`could not run the Python interpreter ${shown}: ${oneLine(e.message)}`);
        });
      });
      // 'exit', not 'close': a child the interpreter left behind may hold the files open; the interpreter is what we wait for.
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        done(() => {
          if (timedOut) throw new Error(`the Python interpreter ${shown} did not answer within ${timeoutMs / 1000} s`);
          return answer(shown, code, signal, outFile, errFile);
        });
      });
    } catch (e) {
      done(() => {
        throw new Error(`could not run the Python interpreter ${shown}: ${oneLine((e as Error).message)}`);
      });
    }
  });
}

const SCRIPT = 'import sys, json; print(json.dumps([p for p in sys.path if p]))';

function openOutputs(dir: string) {
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  return { outFile, errFile, outFd: fs.openSync(outFile, 'w'), errFd: fs.openSync(errFile, 'w') };
}

/** sys.path from what the interpreter wrote, or a one-line error saying how it failed. */
function answer(shown: string, status: number | null, signal: NodeJS.Signals | null, outFile: string, errFile: string): string[] {
  if (status !== 0) {
    const lastErr = readBounded(errFile).trim().split('\n').pop() ?? '';
    throw new Error(`the Python interpreter ${shown} failed (${signal ? `killed by ${signal}` : `exit ${status}`})${lastErr ? `: ${oneLine(lastErr)}` : ''}`);
  }
  const out = readBounded(outFile);
  try {
    const paths = JSON.parse(out.trim().split('\n').pop() ?? '[]');
    if (!Array.isArray(paths)) throw new Error('not a list');
    return paths.filter((p): p is string => typeof p === 'string' && !p.endsWith('.zip'));
  } catch {
    throw new Error(`the Python interpreter ${shown} did not print its sys.path`);
  }
}

/** The text of a file the interpreter wrote, or its first megabyte when it wrote more. */
function readBounded(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(fs.fstatSync(fd).size, MAX_OUTPUT_BYTES));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** An interpreter the CLI chose, and why: the reason is part of its messages. */
export interface FoundInterpreter {
  python: string;
  from: '--python' | '$VIRTUAL_ENV' | 'a virtual environment in the tree' | 'PATH';
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The interpreter of a virtual environment folder (pyvenv.cfg beside bin/python or Scripts\python.exe). */
function venvPython(venv: string): string | undefined {
  if (!fs.existsSync(path.join(venv, 'pyvenv.cfg'))) return undefined;
  return [path.join(venv, 'bin', 'python'), path.join(venv, 'bin', 'python3'), path.join(venv, 'Scripts', 'python.exe')].find(isExecutable);
}

/**
 * The interpreter the user's shell would run in this tree, for the CLI (the user runs it, so running the
 * interpreter is the user's choice; the editor keeps its own trust rules): `--python`, then the active
 * virtual environment (`$VIRTUAL_ENV`), then a `.venv`/`venv`/`env` folder in `dirs` (the tree's root and
 * project folders, in order), then `python3` (`python` on Windows) on PATH.
 */
export function findInterpreter(explicit: string | undefined, dirs: string[], env: NodeJS.ProcessEnv = process.env): FoundInterpreter | undefined {
  if (explicit) return { python: explicit, from: '--python' };
  if (env.VIRTUAL_ENV) {
    const p = venvPython(env.VIRTUAL_ENV);
    if (p) return { python: p, from: '$VIRTUAL_ENV' };
  }
  for (const d of dirs) {
    for (const name of ['.venv', 'venv', 'env']) {
      const p = venvPython(path.join(d, name));
      if (p) return { python: p, from: 'a virtual environment in the tree' };
    }
  }
  const names = process.platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const n of names) if (isExecutable(path.join(dir, n))) return { python: path.join(dir, n), from: 'PATH' };
  }
  return undefined;
}
