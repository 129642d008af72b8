// Rules of the code base that no compiler checks: import layering, purpose lines, one list of diagnostic codes, small handlers, and the private nunjucks module we rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../server/src/features/diagnostics/registry';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'server/src');

/** Source files under `dir` (relative to the repository), skipping fixture projects, which are data, not our code. */
function sources(dir: string, exts = /\.(ts|mts|mjs|js|py|sh|lua)$/): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = path.join(abs, e.name);
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name === 'fixtures' || e.name === 'fixture') continue;
        walk(p);
      } else if (exts.test(e.name)) out.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return out.sort();
}

const rel = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/');

/** Every module a TypeScript file imports, re-exports or requires, as written. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** The layer of server/src a module belongs to (its first folder, or the file's name at the top), or the package name. */
function layerOf(fromFile: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec : spec.split('/')[0];
  const target = path.resolve(path.dirname(fromFile), spec);
  const inServer = path.relative(SERVER, target);
  if (inServer.startsWith('..')) return rel(target);
  return 'server/' + inServer.split(path.sep)[0].replace(/\.ts$/, '');
}

test('layering: core imports no features, protocol code, CLI, host or editor library; features import no LSP or CLI code', () => {
  const rules: { dir: string; forbidden: (layer: string) => boolean }[] = [
    { dir: 'server/src/core', forbidden: (l) => ['server/features', 'server/lsp', 'server/cli', 'server/host'].includes(l) || l.startsWith('vscode') || /^(node:)?(fs|child_process)$/.test(l) },
    { dir: 'server/src/features', forbidden: (l) => ['server/lsp', 'server/cli'].includes(l) || l.startsWith('vscode') },
  ];
  const broken: string[] = [];
  let checked = 0;
  for (const { dir, forbidden } of rules) {
    for (const file of sources(dir, /\.ts$/)) {
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        checked++;
        if (forbidden(layerOf(file, spec))) broken.push(`${rel(file)} imports ${spec}`);
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} imports read: the scan is broken`);
  assert.deepEqual(broken, []);
});

test('the layering scan sees the imports it must forbid', () => {
  const core = path.join(SERVER, 'core/x.ts');
  assert.equal(layerOf(core, '../features/hover'), 'server/features');
  assert.equal(layerOf(core, '../lsp/context'), 'server/lsp');
  assert.equal(layerOf(path.join(SERVER, 'core/python/x.ts'), '../../host/nodefs'), 'server/host');
  assert.equal(layerOf(core, 'vscode-languageserver/node'), 'vscode-languageserver');
  assert.deepEqual(importsOf(`import type { A } from '../lsp/a';\nexport { b } from "./b";\nconst c = require('node:fs');\nimport './side';\nimport {\n  d,\n} from '../d';\n`), ['../lsp/a', './b', '../d', './side', 'node:fs']);
});

test('every source file opens with a one-line comment that says what it is for', () => {
  const missing: string[] = [];
  const files = ['server/src', 'client/src', 'scripts', 'test'].flatMap((d) => sources(d));
  assert.ok(files.length > 200, `only ${files.length} files found`);
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const first = lines[0].startsWith('#!') ? lines[1] : lines[0];
    const marker = /\.(py|sh)$/.test(file) ? '# ' : file.endsWith('.lua') ? '-- ' : '// ';
    if (!first?.startsWith(marker) || first.trim().length < marker.length + 15) missing.push(`${rel(file)}: ${JSON.stringify(first)}`);
  }
  assert.deepEqual(missing, []);
});

test('the diagnostic registry is the only list of diagnostic codes in the code', () => {
  const lists: string[] = [];
  const quoted = new RegExp(`['"\`](${DIAGNOSTIC_CODES.join('|')})['"\`]`, 'g');
  for (const file of ['server/src', 'client/src', 'scripts'].flatMap((d) => sources(d))) {
    if (rel(file) === 'server/src/features/diagnostics/registry.ts') continue;
    const codes = new Set([...fs.readFileSync(file, 'utf8').matchAll(quoted)].map((m) => m[1]));
    // A file may name the code it reports or a couple it looks at; three or more is a second list to keep in step.
    if (codes.size >= 3) lists.push(`${rel(file)}: ${[...codes].join(', ')}`);
  }
  assert.deepEqual(lists, []);
  assert.equal(DIAGNOSTIC_CODES.length, new Set(DIAGNOSTIC_CODES).size, 'each code once');
});

test('LSP handlers stay small: each file under server/src/lsp/handlers converts, calls a feature and converts back', () => {
  const MAX_LINES = 120;
  const files = sources('server/src/lsp/handlers', /\.ts$/);
  assert.ok(files.length >= 10);
  const big = files.map((f) => ({ f: rel(f), n: fs.readFileSync(f, 'utf8').split('\n').length })).filter((x) => x.n > MAX_LINES);
  assert.deepEqual(big, [], `handlers over ${MAX_LINES} lines: move the work into a feature`);
});

test("nunjucks' private lexer module (nunjucks/src/lexer) still behaves as core/templates/parse.ts relies on", () => {
  // parse.ts's codeTokens uses lex(), the tokenizer's index, in_code and nextToken(), and the 'string' token
  // type: a quoted literal is one token whose end (index) is past its closing quote, and past the text's end when
  // the quote is not closed. A nunjucks release that moves or changes any of this fails here first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lexer = require('nunjucks/src/lexer');
  assert.equal(typeof lexer.lex, 'function');
  assert.equal(lexer.TOKEN_STRING, 'string');
  const tokens = (src: string) => {
    const tk = lexer.lex(src);
    const out: [string, unknown, number, number][] = [];
    tk.in_code = true;
    for (let i = 0; i < 50 && tk.index < src.length; i++) {
      const s: number = tk.index;
      const t = tk.nextToken();
      if (!t) break;
      out.push([t.type, t.value, s, tk.index]);
      tk.in_code = true;
    }
    return out;
  };
  assert.deepEqual(tokens(`"a b" 'c' x|f:1`), [
    ['string', 'a b', 0, 5],
    ['whitespace', ' ', 5, 6],
    ['string', 'c', 6, 9],
    ['whitespace', ' ', 9, 10],
    ['symbol', 'x', 10, 11],
    ['pipe', '|', 11, 12],
    ['symbol', 'f', 12, 13],
    ['colon', ':', 13, 14],
    ['int', '1', 14, 15],
  ]);
  // An unclosed quote: the string runs to the end and index passes it, which is how parse.ts tells it is open.
  assert.deepEqual(tokens('"abc'), [['string', 'abc', 0, 5]]);
  assert.deepEqual(tokens('x "'), [
    ['symbol', 'x', 0, 1],
    ['whitespace', ' ', 1, 2],
    ['string', '', 2, 4],
  ]);
});
