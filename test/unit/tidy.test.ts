// Rules of the code base that no compiler checks: import layering, purpose lines, one list of diagnostic codes, small handlers, no unused exports, and the private nunjucks module we rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
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

/** The names a module exports itself (re-exports of other modules are uses of those, not exports). */
function exportedNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  const typeOnly = new Set<string>();
  const declarations: { name: string; text: string }[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) names.push(el.name.text);
    } else if (ts.isExportAssignment(st)) names.push('default');
    else if (exported(st) && ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) names.push(d.name.text);
        declarations.push({ name: d.name.getText(sf), text: st.getText(sf) });
      }
    } else if (exported(st) && (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      names.push(st.name.text);
      declarations.push({ name: st.name.text, text: st.getText(sf) });
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) typeOnly.add(st.name.text);
    }
  }
  // A type named by another export's declaration is part of that export's signature: callers get it with it.
  const inSignature = (n: string) => declarations.some((d) => d.name !== n && new RegExp(`\\b${n}\\b`).test(d.text));
  return names.filter((n) => !typeOnly.has(n) || !inSignature(n));
}

/** The file a relative import names (`.ts`, `.mts` or a folder's index.ts), or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  return [base, base + '.ts', base + '.mts', path.join(base, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** "file#name" for each export of our modules that `sf` uses; "file#*" when it takes a module whole (require, export *). */
function exportUses(file: string, sf: ts.SourceFile): string[] {
  const uses: string[] = [];
  const add = (spec: string, name: string) => {
    const target = resolveImport(file, spec);
    if (target) uses.push(`${target}#${name}`);
  };
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const spec = n.moduleSpecifier.text;
      const clause = n.importClause;
      if (clause?.name) add(spec, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) add(spec, (el.propertyName ?? el.name).text);
      // `import * as ns`: each `ns.name` the file mentions is a use of that export.
      if (bindings && ts.isNamespaceImport(bindings)) for (const m of sf.text.matchAll(new RegExp(`\\b${bindings.name.text}\\.([A-Za-z_$][\\w$]*)`, 'g'))) add(spec, m[1]);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      if (n.exportClause && ts.isNamedExports(n.exportClause)) for (const el of n.exportClause.elements) add(n.moduleSpecifier.text, (el.propertyName ?? el.name).text);
      else add(n.moduleSpecifier.text, '*');
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      const q = n.qualifier;
      add(n.argument.literal.text, q ? (ts.isIdentifier(q) ? q : q.left).getText(sf) : '*');
    } else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0])) {
      const callee = n.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(n.arguments[0].text, '*');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return uses;
}

/** Exports no other file needs although nothing imports them: what the editor and the bundler call. */
const CALLED_FROM_OUTSIDE: Record<string, string[]> = {
  // VS Code calls the extension's activate() and deactivate() by name.
  'client/src/extension.ts': ['activate', 'deactivate'],
};

test('every export of server/src and client/src is imported by another file (the tests count), or is called from outside', () => {
  const parse = (f: string) => ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const used = new Set<string>();
  for (const f of ['server/src', 'client/src', 'test', 'scripts'].flatMap((d) => sources(d, /\.m?ts$/))) for (const u of exportUses(f, parse(f))) used.add(u);
  assert.ok(used.size > 300, `only ${used.size} uses read: the scan is broken`);
  const unused: string[] = [];
  for (const f of ['server/src', 'client/src'].flatMap((d) => sources(d, /\.ts$/))) {
    const sf = parse(f);
    // A generated file (builtins.ts) is rewritten by its script; what it exports is the script's business.
    if (used.has(`${f}#*`) || /do not edit/.test(sf.text.split('\n')[0])) continue;
    for (const name of exportedNames(sf)) {
      if (!used.has(`${f}#${name}`) && !CALLED_FROM_OUTSIDE[rel(f)]?.includes(name)) unused.push(`${rel(f)}: ${name}`);
    }
  }
  assert.deepEqual(unused, [], 'un-export what only its own file uses, delete what nothing uses');
});

test('the unused-export scan sees exports and the ways a file uses them', () => {
  const sf = (text: string) => ts.createSourceFile('/x/a.ts', text, ts.ScriptTarget.Latest, true);
  assert.deepEqual(
    exportedNames(sf(`export function f(o: Opts): R { return 1; }\nexport interface Opts {}\nexport type R = number;\nexport type Lone = string;\nexport const a = 1, b = 2;\nexport class C {}\nconst d = 1;\nexport { d };\nexport { e } from './e';\nfunction g() {}`)),
    ['f', 'Lone', 'a', 'b', 'C', 'd'],
  );
  const from = path.join(SERVER, 'features/x.ts');
  const text = `import { hover as h } from './hover';\nimport type { HoverResult } from './hover';\nimport * as defs from './definition';\ndefs.definition(1);\nexport { check } from './check';\nexport * from './uses';\nconst r = require('./references');\nlet t: import('./rename').RenameResult;\nimport { x } from 'vscode-languageserver';`;
  assert.deepEqual(exportUses(from, ts.createSourceFile(from, text, ts.ScriptTarget.Latest, true)).map((u) => rel(u.replace(/#.*/, '')) + u.replace(/^[^#]*/, '')), [
    'server/src/features/hover.ts#hover',
    'server/src/features/hover.ts#HoverResult',
    'server/src/features/definition.ts#definition',
    'server/src/features/check.ts#check',
    'server/src/features/uses.ts#*',
    'server/src/features/references.ts#*',
    'server/src/features/rename.ts#RenameResult',
  ]);
});

test("nunjucks' private lexer module (nunjucks/src/lexer) still behaves as core/templates/tag-args.ts relies on", () => {
  // tag-args.ts's codeTokens uses lex(), the tokenizer's index, in_code and nextToken(), and the 'string' token
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
  // An unclosed quote: the string runs to the end and index passes it, which is how tag-args.ts tells it is open.
  assert.deepEqual(tokens('"abc'), [['string', 'abc', 0, 5]]);
  assert.deepEqual(tokens('x "'), [
    ['symbol', 'x', 0, 1],
    ['whitespace', ' ', 1, 2],
    ['string', '', 2, 4],
  ]);
});
