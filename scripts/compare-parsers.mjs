// Measures @lezer/python against web-tree-sitter + tree-sitter-python (load time, speed, memory, bundle size, syntax tolerance) to ground the parser choice in figures.
//
// Usage: node scripts/compare-parsers.mjs [--corpus DIR] [--runs N] [--json]
// Every timing that has to be "cold" runs in a fresh child process (this same script with --child), so one
// parser's warmed-up JIT or allocated WebAssembly memory never flatters or penalises the other.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const tsWasm = join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm');
const defaultCorpus = '/usr/lib/python3/dist-packages/django';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

// ---------------------------------------------------------------------------------------------------------
// The two parsers behind one small interface, so the measurements below are written once.

async function loadLezer() {
  const { parser } = await import('@lezer/python');
  return {
    name: 'lezer',
    parse: (text) => parser.parse(text),
    release: () => {},
    countNodes(tree) {
      // A full cursor walk is what an indexer does at least once, so it is part of the honest cost.
      let n = 0;
      const c = tree.cursor();
      do n++; while (c.next());
      return n;
    },
    facts: lezerFacts,
  };
}

async function loadTreeSitter() {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const language = await Language.load(tsWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    name: 'tree-sitter',
    abi: language.abiVersion,
    parse: (text) => parser.parse(text),
    // Tree-sitter trees live in WebAssembly memory that the garbage collector cannot see, so they must be
    // freed by hand; forgetting this is a leak, which is itself a cost of that choice.
    release: (tree) => tree.delete(),
    countNodes(tree) {
      let n = 0;
      const c = tree.walk();
      for (;;) {
        n++;
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) {
          if (!c.gotoParent()) { c.delete(); return n; }
        }
      }
    },
    facts: treeSitterFacts,
  };
}

const loaders = { lezer: loadLezer, 'tree-sitter': loadTreeSitter };

// ---------------------------------------------------------------------------------------------------------
// What an indexer needs from a module: top-level assignments, calls (anywhere), top-level definitions, and
// how many error nodes the parser produced. Both extractors are deliberately generous (they look inside
// error nodes) so that a parser is not blamed for what a little care in our own code could recover.

function lezerFacts(tree, text) {
  const facts = { assigns: new Set(), calls: new Set(), defs: new Set(), errors: 0, errorAt: [] };
  const c = tree.cursor();
  do {
    const name = c.type.name;
    if (c.type.isError) { facts.errors++; facts.errorAt.push(c.from); }
    const parent = c.node.parent;
    const topLevel = parent && (parent.type.name === 'Script' || parent.type.isError ||
      (parent.type.name === 'DecoratedStatement' && parent.parent?.type.name === 'Script'));
    if (name === 'AssignStatement' && topLevel) {
      // Targets are the names that stand directly before an assignment operator.
      for (let ch = c.node.firstChild; ch; ch = ch.nextSibling) {
        if (ch.type.name === 'VariableName' && ch.nextSibling?.type.name === 'AssignOp') facts.assigns.add(text.slice(ch.from, ch.to));
        if (ch.type.name === 'VariableName' && ch.nextSibling?.type.name === 'TypeDef' && ch.nextSibling.nextSibling?.type.name === 'AssignOp') facts.assigns.add(text.slice(ch.from, ch.to));
      }
    } else if (name === 'TypeDefinition' && topLevel) {
      const n = c.node.getChild('VariableName');
      if (n) facts.assigns.add(text.slice(n.from, n.to));
    } else if ((name === 'FunctionDefinition' || name === 'ClassDefinition') && topLevel) {
      const n = c.node.getChild('VariableName');
      if (n) facts.defs.add(text.slice(n.from, n.to));
    } else if (name === 'CallExpression') {
      const f = c.node.firstChild;
      if (f) facts.calls.add(text.slice(f.from, f.to));
    }
  } while (c.next());
  return facts;
}

function treeSitterFacts(tree) {
  const facts = { assigns: new Set(), calls: new Set(), defs: new Set(), errors: 0, errorAt: [] };
  const isTop = (node) => {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'module') return true;
      if (p.type !== 'ERROR' && p.type !== 'expression_statement' && p.type !== 'decorated_definition') return false;
    }
    return false;
  };
  const visit = (node) => {
    if (node.isError || node.isMissing) { facts.errors++; facts.errorAt.push(node.startIndex); }
    if (node.type === 'assignment' && isTop(node)) {
      const left = node.childForFieldName('left');
      if (left) facts.assigns.add(left.text);
    } else if (node.type === 'type_alias_statement' && isTop(node)) {
      // The left side of `type Pair[T] = ...` includes its type parameters; the alias's name is before them.
      const left = node.childForFieldName('left');
      if (left) facts.assigns.add(left.text.split('[')[0]);
    } else if ((node.type === 'function_definition' || node.type === 'class_definition') && isTop(node)) {
      const n = node.childForFieldName('name');
      if (n) facts.defs.add(n.text);
    } else if (node.type === 'call') {
      const f = node.childForFieldName('function');
      if (f) facts.calls.add(f.text);
    }
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return facts;
}

// Each case names what a correct reading must find. New syntax must also parse with no error node at all;
// broken code is judged only on what survives around the damage.
const cases = [
  {
    id: 'PEP 701 f-strings', strict: true,
    text: 'x = f"{a["b"]}"\ny = f"{f"{1}"}"\nw = f"{\'\\n\'.join(v)}"\nz = 1\n',
    expect: { assigns: ['x', 'y', 'w', 'z'] },
  },
  {
    id: 'PEP 695 type params', strict: true,
    text: 'type X = int\ntype Pair[T] = tuple[T, T]\ndef f[T](x: T) -> T:\n    return x\nclass C[T: int]:\n    pass\nz = 1\n',
    expect: { assigns: ['X', 'Pair', 'z'], defs: ['f', 'C'] },
  },
  {
    id: 'PEP 758 except A, B:', strict: true,
    text: 'try:\n    pass\nexcept A, B:\n    pass\nz = 1\n',
    expect: { assigns: ['z'] },
  },
  {
    id: 'match statement', strict: true,
    text: 'match cmd:\n    case [x, y]:\n        pass\n    case {"k": v}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\nz = 1\nmatch = 2\n',
    expect: { assigns: ['z', 'match'] },
  },
  {
    id: 'walrus', strict: true,
    text: 'if (n := len(a)) > 10:\n    pass\ny = [m for x in a if (m := f(x))]\nz = 1\n',
    expect: { assigns: ['y', 'z'], calls: ['len', 'f'] },
  },
  {
    id: 'bare yield statement', strict: true,
    text: 'def f():\n    try:\n        yield\n    finally:\n        pass\nz = 1\n',
    expect: { assigns: ['z'], defs: ['f'] },
  },
  {
    id: 'syntax error mid-file', strict: false,
    text: 'from django.urls import path\na = 1\ndef broken(:\n    return\nb = 2\nregister(b)\nurlpatterns = [path("x/", view, name="x")]\n',
    expect: { assigns: ['a', 'b', 'urlpatterns'], calls: ['register', 'path'], defs: ['broken'] },
  },
  {
    id: 'stray tokens mid-file', strict: false,
    text: 'a = 1\nclass A(models.Model):\n    name = models.CharField(max_length=3\n    ) )\nb = 2\nregister(b)\n',
    expect: { assigns: ['a', 'b'], calls: ['register', 'models.CharField'], defs: ['A'] },
  },
  {
    id: 'half-typed line at EOF', strict: false,
    text: 'from django.urls import path\nfrom . import views\napp_name = "shop"\nurlpatterns = [path("a/", views.',
    expect: { assigns: ['app_name', 'urlpatterns'], calls: ['path'] },
  },
  {
    // Inside an unclosed bracket Python itself joins the next line, so losing what follows is Python's
    // reading too; what matters is that the assignment before it is still seen.
    id: 'half-typed line mid-file', strict: false,
    text: 'from . import views\nurlpatterns = [path("a/", views.\ndef later():\n    pass\nx = 1\n',
    expect: { assigns: ['urlpatterns'], calls: ['path'] },
  },
];

function judge(c, facts) {
  const missing = [];
  for (const kind of ['assigns', 'calls', 'defs']) {
    for (const want of c.expect[kind] ?? []) if (!facts[kind].has(want)) missing.push(want);
  }
  if (missing.length === 0 && facts.errors === 0) return { ok: true, text: 'ok' };
  if (missing.length === 0) return { ok: !c.strict, text: `${c.strict ? 'FAIL' : 'ok'}, ${facts.errors} err node${facts.errors === 1 ? '' : 's'}` };
  return { ok: false, text: `FAIL, lost ${missing.join(' ')}${facts.errors ? ` (${facts.errors} err)` : ''}` };
}

// ---------------------------------------------------------------------------------------------------------
// Child-process modes.

function listPython(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function childLoad(which) {
  // Timed from just before the parser's module is imported to the end of a first tiny parse, in a process
  // that has loaded nothing of either parser yet: what a freshly started server waits for.
  const t0 = performance.now();
  const p = await loaders[which]();
  const t = p.parse('x = 1\n');
  p.release(t);
  return { ms: performance.now() - t0, abi: p.abi };
}

async function childCorpus(which, corpus, runs) {
  const files = listPython(corpus);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
  const p = await loaders[which]();
  gc();
  const base = process.memoryUsage();

  // Pass 1 is the cold one that a freshly started server pays; later passes show the warmed-up speed.
  const parseTimes = [];
  const filesWithErrors = [];
  let yieldOnly = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const text of texts) p.release(p.parse(text));
    parseTimes.push(performance.now() - t0);
  }
  const walkTimes = [];
  let nodes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    nodes = 0;
    for (const text of texts) {
      const tree = p.parse(text);
      nodes += p.countNodes(tree);
      p.release(tree);
    }
    walkTimes.push(performance.now() - t0);
  }
  // Error-free files are expected: Django 3.2 is valid Python, so every file with an error node is a false alarm.
  for (let i = 0; i < texts.length; i++) {
    const tree = p.parse(texts[i]);
    const f = p.facts(tree, texts[i]);
    if (f.errors) {
      filesWithErrors.push(files[i].slice(corpus.length + 1));
      // Lezer marks a bare `yield` statement as an error; counting those apart shows what else is left.
      if (f.errorAt.every((at) => /\byield\s*$/.test(texts[i].slice(Math.max(0, at - 20), at)))) yieldOnly++;
    }
    p.release(tree);
  }
  // Retained memory: what an index that keeps every tree would hold.
  gc();
  const before = process.memoryUsage();
  const kept = texts.map((t) => p.parse(t));
  gc();
  const after = process.memoryUsage();
  for (const t of kept) p.release(t);
  return {
    files: files.length, bytes, lines, nodes,
    parseCold: parseTimes[0], parseWarm: median(parseTimes.slice(1).length ? parseTimes.slice(1) : parseTimes),
    walkWarm: median(walkTimes.slice(1).length ? walkTimes.slice(1) : walkTimes),
    filesWithErrors, yieldOnly,
    keptRssMB: (after.rss - before.rss) / 2 ** 20,
    // external already includes arrayBuffers (and WebAssembly memory), so it is not added twice.
    keptHeapMB: (after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20,
    baseRssMB: base.rss / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

async function childCases(which) {
  const p = await loaders[which]();
  return cases.map((c) => {
    let res;
    try {
      const tree = p.parse(c.text);
      res = judge(c, p.facts(tree, c.text));
      p.release(tree);
    } catch (e) {
      res = { ok: false, text: `THREW ${e.message}` };
    }
    return res;
  });
}

if (args[0] === '--child') {
  const [, mode, which] = args;
  let out;
  if (mode === 'load') out = await childLoad(which);
  else if (mode === 'corpus') out = await childCorpus(which, args[3], Number(args[4]));
  else if (mode === 'cases') out = await childCases(which);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------
// Parent: orchestrate the children and print the tables.

function child(...childArgs) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', ...childArgs], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`child ${childArgs.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout);
}

async function bundleBytes(entrySource) {
  // The extension ships one esbuild bundle, so the minified bundle (plus any .wasm beside it) is the real cost.
  const { build } = await import('esbuild');
  const r = await build({
    stdin: { contents: entrySource, resolveDir: root, loader: 'js' },
    bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
  });
  return r.outputFiles.reduce((n, f) => n + f.contents.length, 0);
}

function pkgVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

const corpus = option('--corpus', defaultCorpus);
const runs = Number(option('--runs', '5'));
const names = ['lezer', 'tree-sitter'];
const versions = {
  lezer: `@lezer/python ${pkgVersion('@lezer/python')}`,
  'tree-sitter': `web-tree-sitter ${pkgVersion('web-tree-sitter')} + tree-sitter-python ${pkgVersion('tree-sitter-python')}`,
};

const loadRuns = { lezer: [], 'tree-sitter': [] };
let abi;
for (let r = 0; r < runs; r++) {
  // Interleave so that disk-cache warming and machine noise fall evenly on both.
  for (const w of Object.keys(loadRuns)) {
    const o = child('load', w);
    loadRuns[w].push(o.ms);
    if (o.abi) abi = o.abi;
  }
}

const lezerBundle = await bundleBytes("const { parser } = require('@lezer/python'); console.log(parser.parse('x'));");
const tsBundle = await bundleBytes("const { Parser } = require('web-tree-sitter'); console.log(Parser);");
const wasmBytes = statSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')).size + statSync(tsWasm).size;

let corpusResults = null;
if (existsSync(corpus)) {
  corpusResults = Object.fromEntries(names.map((w) => [w, child('corpus', w, corpus, String(Math.max(2, Math.min(runs, 5))))]));
}
const caseResults = Object.fromEntries(names.map((w) => [w, child('cases', w)]));

const fmt = (x, d = 0) => x.toFixed(d);
const out = [];
out.push(`Parsers: ${versions.lezer}; ${versions['tree-sitter']} (grammar ABI ${abi}, loads).`);
out.push(`Machine: ${process.platform} Node ${process.version}; medians of ${runs} runs.`);
out.push('');
const rows = [
  ['cold load to first parse, ms', ...names.map((w) => fmt(median(loadRuns[w]), 1))],
  ['bundle added to dist, KiB (minified JS + .wasm)', fmt(lezerBundle / 1024), `${fmt((tsBundle + wasmBytes) / 1024)} (${fmt(tsBundle / 1024)} JS + ${fmt(wasmBytes / 1024)} wasm)`],
  ['synchronous API after load', 'yes', 'parse yes; init/load async'],
];
if (corpusResults) {
  const c0 = corpusResults.lezer;
  out.push(`Corpus: ${corpus}: ${c0.files} files, ${fmt(c0.bytes / 2 ** 20, 1)} MiB, ${c0.lines} lines.`);
  out.push('');
  rows.push(
    ['corpus parse, first pass, ms', ...names.map((w) => fmt(corpusResults[w].parseCold))],
    ['corpus parse, warm, ms', ...names.map((w) => fmt(corpusResults[w].parseWarm))],
    ['warm throughput, MiB/s', ...names.map((w) => fmt(c0.bytes / 2 ** 20 / (corpusResults[w].parseWarm / 1000), 1))],
    ['corpus parse + full tree walk, warm, ms', ...names.map((w) => fmt(corpusResults[w].walkWarm))],
    ['nodes in corpus', ...names.map((w) => corpusResults[w].nodes)],
    ['keep all trees: RSS delta, MiB', ...names.map((w) => fmt(corpusResults[w].keptRssMB, 1))],
    ['keep all trees: JS heap + external delta, MiB', ...names.map((w) => fmt(corpusResults[w].keptHeapMB, 1))],
    ['peak RSS of the whole run, MiB', ...names.map((w) => fmt(corpusResults[w].peakRssMB))],
    ['valid files with error nodes (false alarms)', ...names.map((w) => corpusResults[w].filesWithErrors.length)],
    ['  of which only at a bare `yield`', ...names.map((w) => corpusResults[w].yieldOnly)],
  );
} else {
  out.push(`Corpus ${corpus} not found: speed and memory rows skipped.`);
  out.push('');
}
out.push(table(['measure', ...names], rows));
out.push('');
out.push(table(['syntax case', ...names], cases.map((c, i) => [c.id, ...names.map((w) => caseResults[w][i].text)])));
if (corpusResults) {
  for (const w of names) {
    const bad = corpusResults[w].filesWithErrors;
    if (bad.length) out.push(`${w}: error nodes in ${bad.slice(0, 8).join(', ')}${bad.length > 8 ? ', ...' : ''}`);
  }
}
if (args.includes('--json')) console.log(JSON.stringify({ loadRuns, lezerBundle, tsBundle, wasmBytes, corpusResults, caseResults }, null, 1));
console.log(out.join('\n'));
