// Differential tests on random projects: for each seed, a generated Django project must look the same to django-mtv as to Django.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import { generateProject, parseSeeds } from '../oracle/generate';
import { compareCheck, compareIndex, compareResolve, requireCli, requireDjango, runOracle } from '../oracle/harness';

// CI runs seeds 1-50; ORACLE_SEEDS=1-500 (or "17", or "3,9-12") widens or narrows the run locally.
const seeds = parseSeeds(process.env.ORACLE_SEEDS ?? '1-50');
const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-generated-'));

after(() => {
  // A failing seed's project is kept for a closer look when ORACLE_KEEP is set.
  if (!process.env.ORACLE_KEEP) fs.rmSync(workdir, { recursive: true, force: true });
});

test('generated projects agree with Django', { concurrency: 2 }, async (t) => {
  requireDjango();
  await Promise.all(
    seeds.map((seed) =>
      t.test(`seed ${seed}`, async () => {
        const root = path.join(workdir, `seed-${seed}`);
        const project = generateProject(seed, root);
        const oracle = await runOracle(root);

        // The generator predicts every reverse outcome by shape alone; if Django disagrees the generator (not the engine) is wrong.
        const mispredicted = oracle.reverse
          .map((c, i) => ({ c, expect: project.reverse[i]!.expect }))
          .filter(({ c, expect }) => ('ok' in c.outcome ? 'ok' : 'error') !== expect)
          .map(({ c, expect }) => `${JSON.stringify({ name: c.name, args: c.args, kwargs: c.kwargs })}: generator ${expect}, django ${JSON.stringify(c.outcome)}`);
        assert.deepEqual(mispredicted, [], `generator bug on seed ${seed} (replay: npx tsx test/oracle/generate.ts ${seed} DIR)`);
        assert.ok(oracle.urls.length > 0 || oracle.reverse.length > 0, `seed ${seed} generated an empty project`);

        requireCli();
        const problems = [
          ...(await compareIndex(root, oracle)),
          ...(await compareResolve(root, oracle)),
          ...(await compareCheck(root, oracle)),
        ];
        assert.deepEqual(
          problems,
          [],
          `seed ${seed}: ${problems.length} disagreement(s) with Django (replay: npx tsx test/oracle/generate.ts ${seed} DIR):\n  ${problems.join('\n  ')}`,
        );
      }),
    ),
  );
});
