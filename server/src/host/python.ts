// Asks a Python interpreter for its sys.path, the only thing we ever run it for (and only when the workspace is trusted).

import { execFileSync } from 'child_process';
import * as os from 'os';

/**
 * Runs `python -I -c "print sys.path"` in a neutral folder, so that nothing from the workspace can be
 * imported on start-up. Returns the existing folders of sys.path, or throws with a one-line message.
 */
export function interpreterSysPath(python: string): string[] {
  const script = 'import sys, json; print(json.dumps([p for p in sys.path if p]))';
  let out: string;
  try {
    out = execFileSync(python, ['-I', '-c', script], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 15000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`could not run the Python interpreter ${python}: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const paths = JSON.parse(out.trim().split('\n').pop() ?? '[]');
    if (!Array.isArray(paths)) throw new Error('not a list');
    return paths.filter((p): p is string => typeof p === 'string' && !p.endsWith('.zip'));
  } catch {
    throw new Error(`the Python interpreter ${python} did not print its sys.path`);
  }
}
