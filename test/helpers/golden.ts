// Golden files: a feature's whole output compared with test/golden/<kind>/<name>.md, rewritten only when asked (UPDATE_GOLDEN=1).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const GOLDEN = path.resolve(__dirname, '../golden');

/**
 * Asserts that `actual` is the text of test/golden/<kind>/<name>.md (which ends with one newline more).
 * With UPDATE_GOLDEN=1 the file is written instead, for a person to read and commit: a golden is a claim about
 * what the output must be, so it is never written where nobody reads it (CI), nor when it is missing.
 */
export function checkGolden(kind: string, name: string, actual: string): void {
  const file = path.join(GOLDEN, kind, `${name}.md`);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (process.env.CI) throw new Error('UPDATE_GOLDEN=1 in CI: golden files are written by a person, who reads them');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual + '\n');
    return;
  }
  const rel = path.relative(path.resolve(GOLDEN, '../..'), file);
  assert.ok(fs.existsSync(file), `${rel} is missing: run with UPDATE_GOLDEN=1, read what it wrote, and commit it if it is right`);
  assert.equal(actual + '\n', fs.readFileSync(file, 'utf8'), `${rel} differs: if the new output is right, run with UPDATE_GOLDEN=1 and read the diff`);
}
