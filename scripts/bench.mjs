// Benchmarks the django-mtv CLI (process start, check and index, cold, in child processes) on a generated Django project or on real repositories, with grep as the floor.
//
// Usage: node scripts/bench.mjs [<project dir>...] [--runs N] [--apps N] [--seed S] [--keep] [--json] [--cli dist/cli.js] [--no-editor]
// Without a project directory it generates one (scripts/gen-project.mjs) into a temporary folder and
// removes it afterwards unless --keep is given. `npm run bench` builds first and then runs this.
// With directories (real repositories: the real-repository mode), each is measured in turn and check's median
// is printed as a multiple of grep's, grep reading every byte of the same .py/.html/.txt files (the issue 14
// floor). Process start (`node -e 0`, `--version`, `check` on an empty folder) is measured once.
// BENCH_NO_GNU_TIME=1 forces the Node maxRSS fallback even where /usr/bin/time exists (to test that path).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, statSync } from 'node:fs';
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

const opts = { dirs: [], runs: 3, apps: 320, seed: 1, keep: false, json: false, editor: true };
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
  else if (a === '--no-editor') opts.editor = false;
  else if (a.startsWith('-')) fail(`unknown option ${a}`);
  else opts.dirs.push(resolve(a));
}

// The CLI is built from server/src/cli/main.ts; without it there is nothing to measure, and saying so plainly
// beats a stack trace from a child process.
if (!existsSync(cli)) fail(`${cli} does not exist: the CLI has not been written or built yet (npm run build makes it from server/src/cli/main.ts); nothing to benchmark`);
for (const d of opts.dirs) if (!existsSync(d)) fail(`${d} does not exist`);

let dir = opts.dirs[0];
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
  const c = { python: 0, templates: 0, all: 0, bytes: 0, sourceBytes: 0 };
  const walk = (p) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const f = join(p, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) {
        c.all++;
        c.bytes += statSync(f).size;
        if (e.name.endsWith('.py')) c.python++;
        else if (e.name.endsWith('.html') || e.name.endsWith('.txt')) c.templates++;
        if (/\.(py|html|txt)$/.test(e.name)) c.sourceBytes += statSync(f).size;
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
writeFileSync(wrapper, "// Reports this process's peak RSS and CPU time on stderr at exit, for the benchmark.\nprocess.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nMAXRSS ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) / 1000 + '\\n'); });\n");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Cold runs use no cache of per-file facts; the warm row gives the CLI a cache folder of its own.
const coldEnv = { ...process.env, DJANGO_MTV_CACHE_DIR: '' };

function runOnce(cmd, args, env = coldEnv) {
  // Output goes to a file, not a pipe, so that a large JSON index is not slowed by a reader that is us.
  const outFile = join(work, 'out.json');
  const fd = openSync(outFile, 'w');
  let file = cmd;
  let full = args;
  if (cmd === 'node' && gnuTime) { file = '/usr/bin/time'; full = ['-f', '%U %S %M', process.execPath, ...args]; }
  else if (cmd === 'node') { file = process.execPath; full = ['--require', wrapper, ...args]; }
  else if (gnuTime) { file = '/usr/bin/time'; full = ['-f', '%U %S %M', cmd, ...args]; }
  const t0 = performance.now();
  const r = spawnSync(file, full, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env });
  const ms = performance.now() - t0;
  closeSync(fd);
  const errLines = (r.stderr ?? '').trimEnd().split('\n');
  let rssKiB = null;
  let cpuMs = null;
  const last = errLines[errLines.length - 1] ?? '';
  let m;
  if ((m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last))) { cpuMs = (Number(m[1]) + Number(m[2])) * 1000; rssKiB = Number(m[3]); errLines.pop(); }
  else if ((m = /^MAXRSS (\d+) ([\d.]+)$/.exec(last))) { rssKiB = Number(m[1]); cpuMs = Number(m[2]); errLines.pop(); }
  // GNU time prints "Command exited with non-zero status N" before %M; it is not the program's own output.
  const stderr = errLines.filter((l) => !/^Command exited with non-zero status/.test(l)).join('\n').trim();
  return { ms, cpuMs, rssKiB, status: r.status, signal: r.signal, stderr, out: readFileSync(outFile, 'utf8') };
}

function measure(label, cmd, args, okStatuses, env = coldEnv) {
  const runs = [];
  for (let i = 0; i < opts.runs; i++) runs.push(runOnce(cmd, args, env));
  const bad = runs.find((r) => !okStatuses.includes(r.status));
  const last = runs[runs.length - 1];
  return {
    label, runs: runs.map((r) => Math.round(r.ms)),
    ms: median(runs.map((r) => r.ms)), cpuMs: runs[0].cpuMs == null ? null : median(runs.map((r) => r.cpuMs)), rssMiB: runs[0].rssKiB == null ? null : Math.max(...runs.map((r) => r.rssKiB)) / 1024,
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

// The floor: grep reading every byte of the files check may read (-c counts every match, so no file is cut short).
const GREP_FLOOR = ['-r', '-c', '--include=*.py', '--include=*.html', '--include=*.txt', '-e', 'urlpatterns'];

// When the project carries its answer key (planted.json from the generator), score check's findings by
// file and line: a benchmark that got faster by finding less would otherwise look like progress.
function score(dir, out) {
  const key = join(dir, 'planted.json');
  if (!existsSync(key)) return null;
  let found;
  try { found = JSON.parse(out).diagnostics; } catch { return null; }
  if (!Array.isArray(found)) return null;
  const planted = new Set(JSON.parse(readFileSync(key, 'utf8')).map((p) => `${p.file}:${p.line}`));
  const hits = found.filter((d) => planted.has(`${d.file}:${d.line}`));
  return { planted: planted.size, found: new Set(hits.map((d) => `${d.file}:${d.line}`)).size, other: found.length - hits.length };
}

function table(results) {
  const rows = results.map((r) => [r.label, r.ms.toFixed(0), r.cpuMs == null ? '?' : r.cpuMs.toFixed(0), r.runs.join(' / '), r.rssMiB == null ? '?' : r.rssMiB.toFixed(0), r.failed ? `FAILED ${r.failed}` : `exit ${r.status}; ${r.output}`]);
  const head = ['command', 'median ms', 'CPU ms', 'runs ms', 'peak RSS MiB', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const emptyDir = join(work, 'empty');
mkdirSync(emptyDir);
// Process start, once: Node alone, --version (no engine), check on a folder without a project (engine, no parse).
const start = [
  measure('node -e 0 (Node alone)', 'node', ['-e', '0'], [0]),
  measure('django-mtv --version', 'node', [cli, '--version'], [0]),
  measure('django-mtv check <empty folder>', 'node', [cli, 'check', emptyDir], [2]),
];
const reports = [];
for (const d of dir === opts.dirs[0] ? opts.dirs : [dir]) {
  const loadBefore = load();
  const counts = countFiles(d);
  const results = [
    measure('grep -r -c urlpatterns .py/.html/.txt (floor)', 'grep', [...GREP_FLOOR, d], [0, 1]),
    // `check` exits non-zero when it finds problems, which the generated project has on purpose.
    measure('django-mtv check --format json', 'node', [cli, 'check', d, '--format', 'json'], [0, 1]),
    measure('django-mtv index --format json', 'node', [cli, 'index', d, '--format', 'json'], [0]),
  ];
  // Warm: a cache folder filled by one run, then the measured runs (nothing changed in between).
  const warmEnv = { ...process.env, DJANGO_MTV_CACHE_DIR: join(work, 'cache') };
  runOnce('node', [cli, 'check', d, '--format', 'json'], warmEnv);
  results.push(measure('django-mtv check, warm (facts cache)', 'node', [cli, 'check', d, '--format', 'json'], [0, 1], warmEnv));
  rmSync(join(work, 'cache'), { recursive: true, force: true });
  reports.push({
    project: d, counts, scored: score(d, results[1].out), load: `${loadBefore} -> ${load()}`,
    checkOverGrep: results[0].ms > 0 ? results[1].ms / results[0].ms : null,
    warmOverGrep: results[0].ms > 0 ? results[3].ms / results[0].ms : null,
    results: results.map(({ out, ...r }) => ({ ...r, output: summarize(out) })),
  });
}

const report = {
  machine: `${cpus().length} cores, Node ${process.version}`, peakMemoryBy: gnuTime ? '/usr/bin/time %M' : 'process.resourceUsage().maxRSS',
  generated: generated ? { apps: opts.apps, seed: opts.seed, ms: Math.round(generated.ms), planted: generated.planted.length } : null,
  start: start.map(({ out, ...r }) => r), projects: reports,
};

if (opts.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`machine: ${report.machine}; ${opts.runs} cold runs each, median wall time; peak memory by ${report.peakMemoryBy}; load average ${load()}`);
  console.log('');
  console.log(table(start.map((r) => ({ ...r, output: '' }))));
  for (const r of reports) {
    console.log('');
    console.log(`project: ${r.project}${generated ? ` (generated: ${opts.apps} apps, seed ${opts.seed}, ${report.generated.ms} ms, ${generated.planted.length} planted broken links)` : ''}`);
    console.log(`files: ${r.counts.python} Python, ${r.counts.templates} templates, ${r.counts.all} in all, ${(r.counts.bytes / 2 ** 20).toFixed(1)} MiB (${(r.counts.sourceBytes / 2 ** 20).toFixed(1)} MiB .py/.html/.txt); load average ${r.load}`);
    console.log(table(r.results));
    console.log(`check / grep: ${r.checkOverGrep == null ? '?' : r.checkOverGrep.toFixed(1)}x cold, ${r.warmOverGrep == null ? '?' : r.warmOverGrep.toFixed(1)}x warm`);
    if (r.scored) console.log(`check vs planted.json: ${r.scored.found}/${r.scored.planted} planted broken links found, ${r.scored.other} other diagnostic(s)`);
  }
}

// Editor latency (indexing, rebuild after an edit, requests) on each project, in process.
if (!opts.json && opts.editor) {
  for (const r of reports) {
    console.log('');
    try {
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'scripts', 'bench-editor.ts'), r.project, '--memory', '10000'], { stdio: 'inherit', cwd: root });
      execFileSync(process.execPath, [join(root, 'scripts', 'bench-server.mjs'), r.project], { stdio: 'inherit', cwd: root });
    } catch {
      console.log('bench-editor failed (see above)');
    }
  }
}

rmSync(work, { recursive: true, force: true });
if (tempRoot && !opts.keep) rmSync(tempRoot, { recursive: true, force: true });
else if (tempRoot) console.log(`kept ${dir}`);
process.exit([...start, ...reports.flatMap((r) => r.results)].some((r) => r.failed) ? 1 : 0);
