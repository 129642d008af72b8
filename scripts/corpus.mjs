// Measures the engine on real Django repositories (issue 10): literal references found by regex, how many go-to-definition reaches, why the rest are not decided, check's diagnostics, planted broken links found, check's time and memory.
//
// Usage: npm run corpus -- DIR [DIR...] [--python PY] [--json] [--seed N] [--plant K] [--out DIR] [--timeout S] [--commits FILE]
// (`npm run corpus` builds first: check runs as `node bin/django-mtv.js`, which loads dist/cli.js.) --commits names the
// corpus list whose commits label the rows (default ../shared/corpus/COMMITS.txt); details go to --out (a temp folder).
//
// Per repository, each step in its own child process bounded by --timeout (120 s), so that a crash or a hang costs
// that step of that repository only:
// 1. scripts/corpus/navigate.ts (the engine in process, from the sources) scans the tree with the regexes of
//    scripts/corpus/scan.mjs and calls go-to-definition at each hit; for each hit it reaches no target for, it
//    says why from the model (see navigate.ts). When `check --format json` gains the `coverage` object issue 10
//    asks for, scripts/corpus/coverage.mjs reads it and its reasons win over ours.
// 2. `node bin/django-mtv.js check DIR --format json`, timed with `/usr/bin/time -f '%e %M'` (or wall clock plus a
//    preloaded module reporting Node's maxRSS); every diagnostic is written to OUT/NAME/diagnostics.txt.
// 3. The repository is copied to a temporary folder, K navigable references (half URL names, half template names,
//    chosen by a seeded shuffle, one per line) get '-zzplanted' appended to their name, and check runs on the copy:
//    a plant is found when check reports url-name-unknown / template-missing at its file and line.
// Nothing is written inside the measured repositories. CI does not run this: it cannot reach the corpus.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageReasons, coverageSummary } from './corpus/coverage.mjs';
import { listSources, scanText } from './corpus/scan.mjs';
import { seededRandom } from './random.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cliBin = join(root, 'bin/django-mtv.js');
const navigator = join(root, 'scripts/corpus/navigate.ts');
const PLANT_SUFFIX = '-zzplanted';

function fail(msg) {
  process.stderr.write(`corpus: ${msg}\n`);
  process.exit(2);
}

const opts = { dirs: [], python: undefined, json: false, seed: 1, plant: 8, out: join(tmpdir(), 'django-mtv-corpus'), timeout: 120, commits: join(root, '../shared/corpus/COMMITS.txt') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => argv[++i] ?? fail(`${a} needs a value`);
  if (a === '--seed' || a === '--plant' || a === '--timeout') {
    const v = Number(value());
    if (!Number.isInteger(v) || v < (a === '--timeout' ? 1 : 0)) fail(`${a} needs a ${a === '--timeout' ? 'positive' : 'non-negative'} integer`);
    opts[a.slice(2)] = v;
  } else if (a === '--python') opts.python = value();
  else if (a === '--out') opts.out = resolve(value());
  else if (a === '--commits') opts.commits = resolve(value());
  else if (a === '--json') opts.json = true;
  else if (a === '--help' || a === '-h') {
    console.log('usage: node scripts/corpus.mjs DIR [DIR...] [--python PY] [--json] [--seed N] [--plant K] [--out DIR] [--timeout S] [--commits COMMITS.txt]');
    process.exit(0);
  } else if (a.startsWith('-')) fail(`unknown option ${a}`);
  else opts.dirs.push(resolve(a));
}
if (!opts.dirs.length) fail('give at least one repository folder (usage: npm run corpus -- DIR [DIR...])');
for (const d of opts.dirs) if (!existsSync(d) || !statSync(d).isDirectory()) fail(`${d}: no such folder`);
if (!existsSync(join(root, 'dist/cli.js'))) fail('dist/cli.js is missing: run npm run build first (npm run corpus does)');

// CORPUS_NO_GNU_TIME=1 forces the Node maxRSS fallback, to test that path where GNU time exists.
const gnuTime = !process.env.CORPUS_NO_GNU_TIME && existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%e %M', 'true']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'django-mtv-corpus-run-'));
const rssWrapper = join(work, 'maxrss.cjs');
writeFileSync(rssWrapper, "// Reports this process's peak RSS on stderr at exit, for the corpus script.\nprocess.on('exit', () => { require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); });\n");

/**
 * Runs a command in its own process group, stdout to a file, killing the whole group after `timeout` seconds.
 * Resolves to { status, signal, timedOut, ms, stdout, stderr }. Never rejects.
 */
function run(file, args, { timed = false } = {}) {
  return new Promise((done) => {
    const outFile = join(work, 'stdout');
    const timeFile = join(work, 'time');
    rmSync(timeFile, { force: true });
    const fd = openSync(outFile, 'w');
    let cmd = file;
    let full = args;
    if (timed && gnuTime) {
      cmd = '/usr/bin/time';
      full = ['-o', timeFile, '-f', '%e %M', file, ...args];
    } else if (timed && file === process.execPath) full = ['--require', rssWrapper, ...args];
    const t0 = performance.now();
    let child;
    try {
      child = spawn(cmd, full, { cwd: root, stdio: ['ignore', fd, 'pipe'], detached: true });
    } catch (e) {
      closeSync(fd);
      done({ status: null, signal: null, timedOut: false, ms: 0, stdout: '', stderr: String(e), rssKiB: null });
      return;
    }
    let stderr = '';
    child.stderr.on('data', (b) => {
      if (stderr.length < 1 << 20) stderr += b;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The group: GNU time does not pass signals on, so killing only it would leave the CLI running.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, opts.timeout * 1000);
    const finish = (status, signal, err) => {
      clearTimeout(timer);
      closeSync(fd);
      const ms = performance.now() - t0;
      let rssKiB = null;
      let wall = ms / 1000;
      if (timed && gnuTime && existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" before the format line when the program fails.
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const m = /^([\d.]+) (\d+)$/.exec(last);
        if (m) {
          wall = Number(m[1]);
          rssKiB = Number(m[2]);
        }
      }
      const m = /\nMAXRSS (\d+)\n?$/.exec(stderr);
      if (m) {
        rssKiB = Number(m[1]);
        stderr = stderr.slice(0, m.index);
      }
      let stdout = '';
      try {
        stdout = readFileSync(outFile, 'utf8');
      } catch {
        /* nothing written */
      }
      done({ status, signal, timedOut, ms, wall, rssKiB, stdout, stderr: (stderr + (err ? String(err) : '')).trim() });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (status, signal) => finish(status, signal));
  });
}

/** The regex hits of a tree when navigate.ts gave no answer, each marked not navigable for `reason`. */
function censusOnly(dir, reason) {
  const disk = {
    readDir: (p) => {
      try {
        return readdirSync(p, { withFileTypes: true }).map((e) => ({ name: e.name, kind: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : undefined }));
      } catch {
        return [];
      }
    },
    realPath: (p) => {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    },
  };
  const out = [];
  for (const file of listSources(dir, disk)) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    for (const h of scanText(file, text)) {
      const line = text.slice(0, h.start).split('\n').length;
      out.push({ ...h, file: file.slice(dir.length + 1), line, navigable: false, reason: reason.split(':')[0], detail: reason });
    }
  }
  return out;
}

/** The one-line cause of a failed step: timeout, the CLI's own message, or the last line of a stack trace. */
function failure(r) {
  if (r.timedOut) return `timeout after ${opts.timeout} s`;
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Command exited with non-zero status/.test(l));
  const msg = lines.find((l) => /^django-mtv:|Error|error/.test(l)) ?? lines[lines.length - 1] ?? `exit ${r.status ?? r.signal}`;
  return msg.length > 160 ? msg.slice(0, 157) + '...' : msg;
}

function parseJson(s) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

async function checkRun(dir) {
  const args = [cliBin, 'check', dir, '--format', 'json', ...(opts.python ? ['--python', opts.python] : [])];
  const r = await run(process.execPath, args, { timed: true });
  const json = parseJson(r.stdout);
  // check exits 1 when it reports errors, which is a result, not a failure.
  const ok = !r.timedOut && (r.status === 0 || r.status === 1) && json && Array.isArray(json.diagnostics);
  const rssMiB = r.rssKiB == null ? null : r.rssKiB / 1024;
  // "No Django project found" is check's answer on that tree (nothing to check), not a crash.
  if (!ok && r.status === 2 && /no Django project found/.test(r.stderr)) return { ok: true, noProject: true, error: null, json: { diagnostics: [] }, seconds: r.wall, rssMiB };
  return { ok, error: ok ? null : failure(r), json, seconds: r.wall, rssMiB };
}

function shuffled(xs, rnd) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** K navigable hits, half URL names and half template names (the other kind fills in when one is short), one per line. */
function choosePlants(hits, k, seed) {
  // Seeded, so the planted references are the same on every run with a seed.
  const rnd = seededRandom(seed);
  const pools = { url: shuffled(hits.filter((h) => h.navigable && h.kind === 'url'), rnd), template: shuffled(hits.filter((h) => h.navigable && h.kind === 'template'), rnd) };
  const want = { url: Math.ceil(k / 2), template: Math.floor(k / 2) };
  const lines = new Set();
  const take = (kind, n) => {
    const out = [];
    while (out.length < n && pools[kind].length) {
      const h = pools[kind].shift();
      const key = `${h.file}:${h.line}`;
      if (lines.has(key)) continue;
      lines.add(key);
      out.push(h);
    }
    return out;
  };
  const url = take('url', want.url);
  const template = take('template', want.template);
  // One kind short: the other makes up the number, so K plants are made whenever K navigable lines exist.
  const more = take('url', k - url.length - template.length);
  const more2 = take('template', k - url.length - template.length - more.length);
  return [...url, ...more, ...template, ...more2];
}

async function plant(dir, hits) {
  const chosen = choosePlants(hits, opts.plant, opts.seed);
  if (!chosen.length) return { planted: 0, found: null, error: opts.plant ? 'nothing navigable to plant in' : 'no plants asked', plants: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'django-mtv-corpus-plant-'));
  const copy = join(tmp, basename(dir));
  try {
    cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    const byFile = new Map();
    for (const h of chosen) byFile.set(h.file, [...(byFile.get(h.file) ?? []), h]);
    for (const [file, list] of byFile) {
      const path = join(copy, file);
      let text = readFileSync(path, 'utf8');
      // The engine's offsets are into the text without a byte-order mark (host/nodefs.ts drops it).
      const bom = text.charCodeAt(0) === 0xfeff;
      if (bom) text = text.slice(1);
      for (const h of [...list].sort((a, b) => b.start - a.start)) {
        if (text.slice(h.start, h.end) !== h.name) throw new Error(`${file}:${h.line}: expected '${h.name}' at offset ${h.start}`);
        text = text.slice(0, h.end) + PLANT_SUFFIX + text.slice(h.end);
      }
      writeFileSync(path, (bom ? '\ufeff' : '') + text);
    }
    const c = await checkRun(copy);
    if (!c.ok) return { planted: chosen.length, found: null, error: c.error, plants: chosen.map((h) => ({ ...h, found: null })) };
    const code = { url: 'url-name-unknown', template: 'template-missing' };
    const plants = chosen.map((h) => ({ ...h, found: c.json.diagnostics.some((d) => d.file === h.file && d.line === h.line && d.code === code[h.kind]) }));
    return { planted: plants.length, found: plants.filter((p) => p.found).length, error: null, plants };
  } catch (e) {
    return { planted: chosen.length, found: null, error: (e instanceof Error ? e.message : String(e)).split('\n')[0], plants: chosen.map((h) => ({ ...h, found: null })) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The corpus commit of each repository, from the COMMITS.txt list (lines "owner+name commit date shapes"). */
function corpusCommits() {
  const out = new Map();
  for (const f of [opts.commits]) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^([\w.-]+)\+([\w.-]+)\s+([0-9a-f]{40})/.exec(line);
      if (m) out.set(m[2], m[3]);
    }
  }
  return out;
}

function countBy(xs, key) {
  const m = {};
  for (const x of xs) m[key(x)] = (m[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

async function measure(dir) {
  const name = basename(dir);
  const outDir = join(opts.out, name + (opts.python ? '-python' : ''));
  mkdirSync(outDir, { recursive: true });
  const result = { name, dir, commit: commits.get(name) ?? null, python: opts.python ?? null };

  const navArgs = ['--import', 'tsx', navigator, dir, ...(opts.python ? ['--python', opts.python] : [])];
  const nav = await run(process.execPath, navArgs);
  const navJson = parseJson(nav.stdout);
  const navOk = !nav.timedOut && nav.status === 0 && navJson && Array.isArray(navJson.hits);
  // Without the engine's answer the census still stands: every hit counts, none navigable, the failure as reason.
  const hits = navOk ? navJson.hits : censusOnly(dir, `navigate failed: ${failure(nav)}`);
  result.navigate = { ok: navOk, error: navOk ? (navJson.indexError ? `engine crashed: ${navJson.indexError}` : null) : failure(nav), seconds: nav.ms / 1000 };
  // Projects as the engine found them; null when it could not say (navigate failed or the engine crashed indexing).
  result.projects = navOk && !navJson.indexError ? navJson.projects : null;

  const check = await checkRun(dir);
  result.check = { ok: check.ok, noProject: !!check.noProject, error: check.error, seconds: check.seconds, rssMiB: check.rssMiB };
  const diags = check.ok ? check.json.diagnostics : [];
  result.diagnostics = check.ok ? countBy(diags, (d) => d.code) : null;
  result.coverage = check.ok ? coverageSummary(check.json) : null;
  // The engine's own reason for a reference, once check reports one, replaces the one navigate.ts worked out.
  const engineReason = coverageReasons(check.ok ? check.json : null);
  for (const h of hits) {
    const r = !h.navigable && engineReason(h.file, h.line);
    if (r) h.reason = r;
  }

  const of = (kind) => hits.filter((h) => h.kind === kind);
  result.refs = {
    url: { found: of('url').length, navigable: of('url').filter((h) => h.navigable).length },
    template: { found: of('template').length, navigable: of('template').filter((h) => h.navigable).length },
  };
  result.checkable = hits.filter((h) => h.checkable).length;
  result.uncheckable = countBy(hits.filter((h) => !h.checkable && h.uncheckable), (h) => `${h.kind}: ${h.uncheckable}`);
  const undecided = hits.filter((h) => !h.navigable);
  result.undecided = countBy(undecided, (h) => `${h.kind}: ${h.reason ?? 'unknown'}`);

  result.plant = navOk ? await plant(dir, hits) : { planted: 0, found: null, error: 'navigate failed: no references to plant in', plants: [] };

  // Details for inspection: every diagnostic (each a false-positive candidate on a healthy repository), every
  // reference not reached with its reason, and the plants.
  const lines = [];
  lines.push(`# ${name}${result.commit ? ` at ${result.commit}` : ''}${opts.python ? `, --python ${opts.python}` : ''}`);
  lines.push(check.ok ? `${diags.length} diagnostics` : `check failed: ${check.error}`);
  for (const d of diags) lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} [${d.code}] ${d.message}`);
  writeFileSync(join(outDir, 'diagnostics.txt'), lines.join('\n') + '\n');
  const u = [`# ${name}: references go-to-definition did not reach, by reason`];
  for (const reason of Object.keys(result.undecided)) {
    u.push('', `## ${reason} (${result.undecided[reason]})`);
    for (const h of undecided.filter((x) => `${x.kind}: ${x.reason ?? 'unknown'}` === reason)) u.push(`${h.file}:${h.line} ${h.form} '${h.name}'${h.detail ? ` -- ${h.detail}` : ''}`);
  }
  for (const reason of Object.keys(result.uncheckable)) {
    u.push('', `## seen and navigable or not, but a broken name here would not be reported: ${reason} (${result.uncheckable[reason]})`);
    for (const h of hits.filter((x) => !x.checkable && x.uncheckable && `${x.kind}: ${x.uncheckable}` === reason)) u.push(`${h.file}:${h.line} ${h.form} '${h.name}'`);
  }
  if (navOk) u.push('', '## projects', JSON.stringify(navJson.projects, null, 1), '', '## dynamic URLconf places', JSON.stringify(navJson.dynamicUrlconfs, null, 1));
  writeFileSync(join(outDir, 'undecided.txt'), u.join('\n') + '\n');
  writeFileSync(join(outDir, 'plants.txt'), result.plant.plants.map((p) => `${p.found === null ? '?' : p.found ? 'found' : 'MISSED'} ${p.file}:${p.line} ${p.kind} '${p.name}' -> '${p.name}${PLANT_SUFFIX}' (predicted: ${p.checkable ? 'reported' : `not reported${p.uncheckable ? `, ${p.uncheckable}` : ''}`})`).join('\n') + '\n');
  // The "absence checkable" column is a prediction; the plants test it, and a disagreement is worth a look.
  const surprises = result.plant.plants.filter((p) => p.found !== null && p.found !== !!p.checkable).length;
  result.details = outDir;
  result.plant = { planted: result.plant.planted, found: result.plant.found, error: result.plant.error, surprises, missed: result.plant.plants.filter((p) => p.found === false).map((p) => `${p.file}:${p.line}`) };
  return result;
}

function pct(n, d) {
  return d ? `${Math.round((100 * n) / d)} %` : '-';
}

function row(r) {
  const all = { found: r.refs.url.found + r.refs.template.found, navigable: r.refs.url.navigable + r.refs.template.navigable };
  const navNote = r.navigate.error ? ` (${r.navigate.error})` : '';
  const diags = r.check.noProject ? '0 (check: no project found)' : r.check.ok ? Object.entries(r.diagnostics).map(([k, v]) => `${v} ${k}`).join(', ') || '0' : /^timeout/.test(r.check.error) ? r.check.error : `crashed: ${r.check.error}`;
  const plant = r.plant.found === null ? `- (${r.plant.error})` : `${r.plant.found}/${r.plant.planted}${r.plant.surprises ? ` (${r.plant.surprises} not as predicted)` : ''}`;
  return [
    r.name,
    r.commit ? r.commit.slice(0, 8) : '?',
    r.projects ? String(r.projects.length) : '?',
    `${r.refs.url.navigable}/${r.refs.url.found} (${pct(r.refs.url.navigable, r.refs.url.found)})`,
    `${r.refs.template.navigable}/${r.refs.template.found} (${pct(r.refs.template.navigable, r.refs.template.found)})`,
    `${pct(all.navigable, all.found)}${navNote}`,
    `${r.checkable}/${all.found} (${pct(r.checkable, all.found)})`,
    diags,
    plant,
    r.check.seconds == null ? '-' : r.check.seconds.toFixed(1),
    r.check.rssMiB == null ? '-' : r.check.rssMiB.toFixed(0),
  ];
}

function table(head, rows) {
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

const commits = corpusCommits();
const mtvCommit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || '?';
// Figures belong to a commit only if the engine measured is that commit: say so when server/ has local edits.
const mtvDirty = (spawnSync('git', ['status', '--porcelain', '--', 'server'], { cwd: root, encoding: 'utf8' }).stdout ?? '').trim() !== '';
const results = [];
for (const dir of opts.dirs) {
  if (!opts.json) process.stderr.write(`corpus: ${basename(dir)}...\n`);
  results.push(await measure(dir));
}
rmSync(work, { recursive: true, force: true });

const meta = { djangoMtvCommit: mtvCommit, serverEditedSinceCommit: mtvDirty, date: new Date().toISOString(), machine: `${cpus().length} cores, Node ${process.version}`, python: opts.python ?? null, seed: opts.seed, plant: opts.plant, timeout: opts.timeout, peakMemoryBy: gnuTime ? '/usr/bin/time %M' : 'process.resourceUsage().maxRSS', details: opts.out };
if (opts.json) console.log(JSON.stringify({ ...meta, repositories: results }, null, 2));
else {
  console.log(`django-mtv ${mtvCommit.slice(0, 12)}${mtvDirty ? ' + uncommitted edits in server/' : ''}, ${meta.date.slice(0, 16)}Z, ${meta.machine}; python: ${opts.python ?? 'none'}; plant ${opts.plant} (seed ${opts.seed}); peak memory by ${meta.peakMemoryBy}`);
  console.log('');
  const head = ['repository', 'commit', 'projects', 'URL names navigable', 'templates navigable', 'all navigable', 'absence checkable', 'diagnostics', 'planted found', 'check s', 'peak MiB'];
  console.log(table(head, results.map(row)));
  const t = results.reduce((a, r) => ({ f: a.f + r.refs.url.found + r.refs.template.found, n: a.n + r.refs.url.navigable + r.refs.template.navigable, p: a.p + r.plant.planted, pf: a.pf + (r.plant.found ?? 0), d: a.d + (r.check.ok ? Object.values(r.diagnostics).reduce((x, y) => x + y, 0) : 0) }), { f: 0, n: 0, p: 0, pf: 0, d: 0 });
  console.log(`\nIn all: ${t.n}/${t.f} references navigable (${pct(t.n, t.f)}); ${t.pf}/${t.p} planted broken links reported (${pct(t.pf, t.p)}); ${t.d} diagnostics.`);
  console.log('\nNot navigable, by reason:\n');
  const reasonRows = [];
  for (const r of results) for (const [k, v] of Object.entries(r.undecided)) reasonRows.push([r.name, k, String(v)]);
  console.log(table(['repository', 'reason', 'references'], reasonRows));
  console.log('\nSeen by the engine but a broken name there would not be reported, by reason:\n');
  const uRows = [];
  for (const r of results) for (const [k, v] of Object.entries(r.uncheckable)) uRows.push([r.name, k, String(v)]);
  console.log(table(['repository', 'reason', 'references'], uRows));
  const cov = results.filter((r) => r.coverage);
  if (cov.length) {
    console.log("\ncheck's own coverage:\n");
    console.log(table(['repository', 'checked', 'undecided', 'by reason'], cov.map((r) => [r.name, String(r.coverage.checked ?? '?'), String(r.coverage.undecided ?? '?'), Object.entries(r.coverage.byReason).map(([k, v]) => `${v} ${k}`).join('; ') || JSON.stringify(r.coverage.raw)])));
  }
  console.log(`\nDetails (every diagnostic, every reference not reached, the plants): ${opts.out}/<repository>${opts.python ? '-python' : ''}/`);
}
