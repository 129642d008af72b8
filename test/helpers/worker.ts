// Runs a test file's own worker side in a thread, so a per-test timeout can fire while synchronous work (a parse, a regex match) runs.

import { Worker } from 'node:worker_threads';

/**
 * Workers that re-load `file` (the test file itself: its `!isMainThread` branch does the work and posts the
 * result). Node's per-test timeout cannot interrupt synchronous work on the thread that runs the tests, so
 * the work must happen elsewhere for a hang to fail the test instead of stalling the run.
 */
export function workerRunner(file: string): { run<T>(data: unknown): Promise<T>; terminateAll(): Promise<void> } {
  const workers: Worker[] = [];
  return {
    run<T>(data: unknown): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // A worker started on a .ts path does not get the test process's `--import tsx` loader: load it by hand.
        const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: data });
        // Past the test's timeout the worker must not keep the process alive for the rest of the runaway work.
        w.unref();
        workers.push(w);
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
      });
    },
    async terminateAll(): Promise<void> {
      for (const w of workers) await w.terminate();
    },
  };
}
