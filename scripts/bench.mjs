// Benchmarks the django-mtv CLI (check and index, cold, in child processes) on a large generated Django project, with grep as the floor.
//
// Usage: node scripts/bench.mjs [<project dir>] [--runs N] [--apps N] [--seed S] [--keep] [--json] [--cli dist/cli.js]
// Without a project directory it generates one (scripts/gen-project.mjs) into a temporary folder and
// removes it afterwards unless --keep is given. `npm run bench` builds first and then runs this.
// BENCH_NO_GNU_TIME=1 forces the Node maxRSS fallback even where /usr/bin/time exists (to test that path).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-project.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let cli = join(root, 'dist/cli.js');

function fail(msg, code = 2) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(code);
}

const opts = { dir: null, runs: 3, apps: 320, seed: 1, keep: false, json: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--runs' || a === '--apps' || a === '--seed') {
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < (a === '--seed' ? 0 : 1)) fail(`${a} needs a ${a === '--seed' ? 'non-negative' : 'positive'} integer`);
    opts[a.slice(2)] = v;
  } else if (a === '--cli') cli = resolve(argv[++i] ?? fail('--cli needs a path'));
  else if (a === '--keep') opts.keep = true;
  else if (a === '--json') opts.json = true;
  else if (a.startsWith('-')) fail(`unknown option ${a}`);
  else if (opts.dir) fail('only one project directory');
  else opts.dir = resolve(a);
}

// The CLI is built from server/src/cli/main.ts; without it there is nothing to measure, and saying so plainly
// beats a stack trace from a child process.
if (!existsSync(cli)) fail(`${cli} does not exist: the CLI has not been written or built yet (npm run build makes it from server/src/cli/main.ts); nothing to benchmark`);
if (opts.dir && !existsSync(opts.dir)) fail(`${opts.dir} does not exist`);

let dir = opts.dir;
let generated = null;
let tempRoot = null;
if (!dir) {
  tempRoot = mkdtempSync(join(tmpdir(), 'django-mtv-bench-'));
  dir = join(tempRoot, 'project');
  const t0 = performance.now();
  generated = generate({ out: dir, apps: opts.apps, seed: opts.seed });
  generated.ms = performance.now() - t0;
}

function countFiles(d) {
  const c = { python: 0, templates: 0, all: 0, bytes: 0 };
  const walk = (p) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const f = join(p, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) {
        c.all++;
        c.bytes += statSync(f).size;
        if (e.name.endsWith('.py')) c.python++;
        else if (e.name.endsWith('.html') || e.name.endsWith('.txt')) c.templates++;
      }
    }
  };
  walk(d);
  return c;
}

// Peak memory: GNU time's %M (KiB) when it is installed, else a preloaded module that reports Node's own
// maxRSS (also KiB) on stderr as the process exits.
const gnuTime = !process.env.BENCH_NO_GNU_TIME && existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'django-mtv-bench-run-'));
const wrapper = join(work, 'maxrss.cjs');
writeFileSync(wrapper, "// Reports this process's peak RSS on stderr at exit, for the benchmark.\nprocess.on('exit', () => { require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); });\n");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runOnce(cmd, args) {
  // Output goes to a file, not a pipe, so that a large JSON index is not slowed by a reader that is us.
  const outFile = join(work, 'out.json');
  const fd = openSync(outFile, 'w');
  let file = cmd;
  let full = args;
  if (cmd === 'node' && gnuTime) { file = '/usr/bin/time'; full = ['-f', '%M', process.execPath, ...args]; }
  else if (cmd === 'node') { file = process.execPath; full = ['--require', wrapper, ...args]; }
  else if (gnuTime) { file = '/usr/bin/time'; full = ['-f', '%M', cmd, ...args]; }
  const t0 = performance.now();
  const r = spawnSync(file, full, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  closeSync(fd);
  const errLines = (r.stderr ?? '').trimEnd().split('\n');
  let rssKiB = null;
  const last = errLines[errLines.length - 1] ?? '';
  if (/^\d+$/.test(last)) { rssKiB = Number(last); errLines.pop(); }
  else if (/^MAXRSS \d+$/.test(last)) { rssKiB = Number(last.slice(7)); errLines.pop(); }
  // GNU time prints "Command exited with non-zero status N" before %M; it is not the program's own output.
  const stderr = errLines.filter((l) => !/^Command exited with non-zero status/.test(l)).join('\n').trim();
  return { ms, rssKiB, status: r.status, signal: r.signal, stderr, out: readFileSync(outFile, 'utf8') };
}

function measure(label, cmd, args, okStatuses) {
  const runs = [];
  for (let i = 0; i < opts.runs; i++) runs.push(runOnce(cmd, args));
  const bad = runs.find((r) => !okStatuses.includes(r.status));
  const last = runs[runs.length - 1];
  return {
    label, runs: runs.map((r) => Math.round(r.ms)),
    ms: median(runs.map((r) => r.ms)), rssMiB: runs[0].rssKiB == null ? null : Math.max(...runs.map((r) => r.rssKiB)) / 1024,
    status: last.status, failed: bad ? `exit ${bad.status ?? bad.signal}: ${bad.stderr.split('\n').slice(-2).join(' | ')}` : null,
    out: last.out,
  };
}

// What the JSON says, as far as a benchmark needs: how many findings, without depending on the exact schema.
function summarize(out) {
  let data;
  try { data = JSON.parse(out); } catch { return `${(out.length / 1024).toFixed(0)} KiB of output, not JSON`; }
  const arrays = Array.isArray(data) ? { items: data } : Object.fromEntries(Object.entries(data ?? {}).filter(([, v]) => Array.isArray(v)));
  const parts = Object.entries(arrays).map(([k, v]) => `${v.length} ${k}`);
  return `${(out.length / 1024).toFixed(0)} KiB JSON${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

const counts = countFiles(dir);
const results = [
  measure('grep -r -l urlpatterns (floor)', 'grep', ['-r', '-l', 'urlpatterns', dir], [0, 1]),
  // `check` exits non-zero when it finds problems, which the generated project has on purpose.
  measure('django-mtv check --format json', 'node', [cli, 'check', dir, '--format', 'json'], [0, 1]),
  measure('django-mtv index --format json', 'node', [cli, 'index', dir, '--format', 'json'], [0]),
];

// When the project carries its answer key (planted.json from the generator), score check's findings by
// file and line: a benchmark that got faster by finding less would otherwise look like progress.
function score(out) {
  const key = join(dir, 'planted.json');
  if (!existsSync(key)) return null;
  let found;
  try { found = JSON.parse(out).diagnostics; } catch { return null; }
  if (!Array.isArray(found)) return null;
  const planted = new Set(JSON.parse(readFileSync(key, 'utf8')).map((p) => `${p.file}:${p.line}`));
  const hits = found.filter((d) => planted.has(`${d.file}:${d.line}`));
  return { planted: planted.size, found: new Set(hits.map((d) => `${d.file}:${d.line}`)).size, other: found.length - hits.length };
}
const scored = score(results[1].out);

const report = {
  machine: `${cpus().length} cores, Node ${process.version}`,
  project: dir, generated: generated ? { apps: opts.apps, seed: opts.seed, ms: Math.round(generated.ms), planted: generated.planted.length } : null,
  counts, scored, peakMemoryBy: gnuTime ? '/usr/bin/time %M' : 'process.resourceUsage().maxRSS',
  results: results.map(({ out, ...r }) => ({ ...r, output: summarize(out) })),
};

if (opts.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`machine: ${report.machine}; ${opts.runs} cold runs each, median wall time; peak memory by ${report.peakMemoryBy}`);
  console.log(`project: ${dir}${generated ? ` (generated: ${opts.apps} apps, seed ${opts.seed}, ${report.generated.ms} ms, ${generated.planted.length} planted broken links)` : ''}`);
  console.log(`files: ${counts.python} Python, ${counts.templates} templates, ${counts.all} in all, ${(counts.bytes / 2 ** 20).toFixed(1)} MiB`);
  console.log('');
  const rows = report.results.map((r) => [r.label, r.ms.toFixed(0), r.runs.join(' / '), r.rssMiB == null ? '?' : r.rssMiB.toFixed(0), r.failed ? `FAILED ${r.failed}` : `exit ${r.status}; ${r.output}`]);
  const head = ['command', 'median ms', 'runs ms', 'peak RSS MiB', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log([line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n'));
  if (scored) console.log(`check vs planted.json: ${scored.found}/${scored.planted} planted broken links found, ${scored.other} other diagnostic(s)`);
}

// Editor latency (indexing, rebuild after an edit, single requests) on the same project, in process.
if (!opts.json) {
  console.log('');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-editor.ts'), dir], { stdio: 'inherit', cwd: root });
  } catch {
    console.log('bench-editor failed (see above)');
  }
}

rmSync(work, { recursive: true, force: true });
if (tempRoot && !opts.keep) rmSync(tempRoot, { recursive: true, force: true });
else if (tempRoot) console.log(`kept ${dir}`);
process.exit(results.some((r) => r.failed) ? 1 : 0);
