// Differential tests on random projects: for each seed, a generated Django project must look the same to django-mtv as to a real Django (3.2, 4.2, 5.2 or 6.1).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import { generateProject, parseSeeds } from '../oracle/generate';
import { compareCheck, compareIndex, compareResolve, djangoRuntimes, requireCli, requireDjango, runOracle } from '../oracle/harness';
import type { DjangoRuntime } from '../oracle/harness';

// CI runs seeds 1-60; ORACLE_SEEDS=1-500 (or "17", or "3,9-12") widens or narrows the run locally.
const seeds = parseSeeds(process.env.ORACLE_SEEDS ?? '1-60');
// Each seed runs on one Django, in turn (seed 1 on 4.2, 2 on 5.2, 3 on 6.1, 4 on 3.2, ...), so that every series
// sees a quarter of the seeds for the time of one run; ORACLE_DJANGO=all runs every seed on every series, and
// ORACLE_DJANGO=5.2 (or "4.2,6.1") only those.
const runtimes = djangoRuntimes();
const wanted = process.env.ORACLE_DJANGO;
const runs: { seed: number; runtime: DjangoRuntime }[] = [];
for (const seed of seeds) {
  if (wanted === 'all') for (const runtime of runtimes) runs.push({ seed, runtime });
  else if (wanted) for (const runtime of runtimes.filter((r) => wanted.split(',').includes(r.series))) runs.push({ seed, runtime });
  else runs.push({ seed, runtime: runtimes[seed % runtimes.length]! });
}
const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-generated-'));

after(() => {
  // A failing seed's project is kept for a closer look when ORACLE_KEEP is set.
  if (!process.env.ORACLE_KEEP) fs.rmSync(workdir, { recursive: true, force: true });
});

test('generated projects agree with Django', { concurrency: 2 }, async (t) => {
  assert.ok(runs.length > 0, `no run: ORACLE_DJANGO=${wanted} names none of ${runtimes.map((r) => r.series).join(', ')}`);
  for (const runtime of new Set(runs.map((r) => r.runtime))) requireDjango(runtime);
  await Promise.all(
    runs.map(({ seed, runtime }) =>
      t.test(`seed ${seed} on Django ${runtime.series}`, async () => {
        const root = path.join(workdir, `seed-${seed}-${runtime.series}`);
        const project = generateProject(seed, root);
        const oracle = await runOracle(root, runtime);

        // The generator predicts every reverse outcome by shape alone; if Django disagrees the generator (not the engine) is wrong.
        const mispredicted = oracle.reverse
          .map((c, i) => ({ c, expect: project.reverse[i]!.expect }))
          .filter(({ c, expect }) => ('ok' in c.outcome ? 'ok' : 'error') !== expect)
          .map(({ c, expect }) => `${JSON.stringify({ name: c.name, args: c.args, kwargs: c.kwargs })}: generator ${expect}, django ${JSON.stringify(c.outcome)}`);
        assert.deepEqual(mispredicted, [], `generator bug on seed ${seed} (replay: npx tsx test/oracle/generate.ts ${seed} DIR)`);
        assert.ok(oracle.urls.length > 0 || oracle.reverse.length > 0, `seed ${seed} generated an empty project`);

        requireCli();
        const problems = [
          ...(await compareIndex(root, oracle, [], runtime)),
          ...(await compareResolve(root, oracle, runtime)),
          ...(await compareCheck(root, oracle, runtime)),
        ];
        assert.deepEqual(
          problems,
          [],
          `seed ${seed}: ${problems.length} disagreement(s) with Django ${runtime.series} (replay: npx tsx test/oracle/generate.ts ${seed} DIR):\n  ${problems.join('\n  ')}`,
        );
      }),
    ),
  );
});
