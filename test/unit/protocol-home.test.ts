// Issue 13 item 3: each wire type of the extension's own protocol is declared once, in server/src/protocol.ts, and the client imports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('the project tree wire types are declared only in server/src/protocol.ts, and the tree view imports them from there', () => {
  // A copy in the client drifts silently from what the server sends: the compiler only checks one side.
  const declared = sources('client/src').filter((f) => /\b(?:interface|type)\s+(?:TreeProject|TreeUrl|TreeInheritance|TreeApp|ProjectTreeResponse)\b/.test(fs.readFileSync(path.join(REPO, f), 'utf8')));
  assert.deepEqual(declared, []);
  const view = fs.readFileSync(path.join(REPO, 'client/src/views/projectTree.ts'), 'utf8');
  assert.match(view, /import type \{[^}]*\bTreeProject\b[^}]*\} from '\.\.\/\.\.\/\.\.\/server\/src\/protocol'/);
  assert.match(fs.readFileSync(path.join(REPO, 'server/src/protocol.ts'), 'utf8'), /export interface TreeProject\b/);
});
