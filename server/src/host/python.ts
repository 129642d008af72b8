// Asks a Python interpreter for its sys.path, the only thing we ever run it for (and only when the workspace is trusted).

import { spawnSync } from 'child_process';
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
  const script = 'import sys, json; print(json.dumps([p for p in sys.path if p]))';
  const shown = oneLine(python);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-python-'));
  let out: string;
  try {
    const outFile = path.join(dir, 'stdout');
    const errFile = path.join(dir, 'stderr');
    const outFd = fs.openSync(outFile, 'w');
    const errFd = fs.openSync(errFile, 'w');
    let r;
    try {
      r = spawnSync(python, ['-I', '-c', script], { cwd: os.tmpdir(), timeout: 15000, stdio: ['ignore', outFd, errFd] });
    } finally {
      fs.closeSync(outFd);
      fs.closeSync(errFd);
    }
    if (r.error) throw new Error(`could not run the Python interpreter ${shown}: ${oneLine(r.error.message)}`);
    if (r.status !== 0) {
      const lastErr = readBounded(errFile).trim().split('\n').pop() ?? '';
      throw new Error(`the Python interpreter ${shown} failed (${r.signal ? `killed by ${r.signal}` : `exit ${r.status}`})${lastErr ? `: ${oneLine(lastErr)}` : ''}`);
    }
    out = readBounded(outFile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
