// Shared machinery of the differential tests: runs Django (the oracle) and the django-mtv CLI on a project and lists every disagreement.
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
/** Debian's python3 with its python3-django: the Django 3.2 oracle, kept while it costs little. */
export const PYTHON = '/usr/bin/python3';
export const DJANGO_VERSIONS_SCRIPT = path.join(REPO, 'scripts', 'django-versions.sh');

/**
 * One real Django to compare with: its series ("5.2") and an interpreter that imports it under `python -I`
 * (a virtual environment made by scripts/django-versions.sh), so that the oracle runs on it and django-mtv,
 * given it as --python, reads that Django from its sys.path and so models that version.
 */
export interface DjangoRuntime {
  series: string;
  python: string;
}

export const DJANGO_32: DjangoRuntime = { series: '3.2', python: PYTHON };

let runtimes: DjangoRuntime[] | undefined;

/**
 * Every Django the differential tests run against: 3.2, then what scripts/django-versions.sh fetched (4.2, 5.2,
 * 6.1). Throws with the script's message when it fails (no Python >= 3.12, no archive): never a silent skip.
 */
export function djangoRuntimes(): DjangoRuntime[] {
  if (runtimes) return runtimes;
  const r = spawnSync('bash', [DJANGO_VERSIONS_SCRIPT], { encoding: 'utf-8', timeout: 600_000 });
  if (r.status !== 0) {
    throw new Error(`${path.relative(REPO, DJANGO_VERSIONS_SCRIPT)} failed (exit ${r.status}):\n${(r.stderr ?? '').trim()}`);
  }
  const fetched = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [series, python] = line.split(' ');
      return { series: series!, python: python! };
    });
  runtimes = [DJANGO_32, ...fetched];
  return runtimes;
}

/** True when `series` (such as "4.2") is at least `floor` ("4.0"). */
export function seriesAtLeast(series: string, floor: string): boolean {
  const [a, b] = series.split('.').map(Number);
  const [c, d] = floor.split('.').map(Number);
  return a! > c! || (a === c && b! >= d!);
}
export const ORACLE_SCRIPT = path.join(__dirname, 'django_oracle.py');
export const CLI = path.join(REPO, 'bin', 'django-mtv.js');
export const CLI_BUNDLE = path.join(REPO, 'dist', 'cli.js');

/** A value in a reverse case: the cases only use literals that survive JSON, Python and template syntax alike. */
export type Literal = string | number;

export interface ReverseCase {
  name: string;
  args?: Literal[];
  kwargs?: Record<string, Literal>;
}

export interface OracleCases {
  reverse: ReverseCase[];
  resolve: string[];
}

export interface ViewLocation {
  file: string | null;
  line: number | null;
  qualname: string | null;
}

export interface OracleUrl {
  name: string;
  route: string;
  params: string[];
  positional: number;
  file: string | null;
  line: number | null;
  view: ViewLocation;
}

export type ReverseOutcome =
  | { ok: string }
  | { error: string; kind: 'unknown' | 'args' | 'other'; message: string };

export type ResolveOutcome =
  | { name: string | null; route: string; view: ViewLocation; args: unknown[]; kwargs: Record<string, unknown> }
  | { error: string; message?: string };

export interface OracleProject {
  root: string;
  settings: string;
  /** The series of the Django that answered ("5.2"). */
  django: string;
  rootUrlconf: string;
  urls: OracleUrl[];
  templates: { name: string; file: string }[];
  templateDirs: string[];
  apps: { name: string; label: string; path: string }[];
  reverse: (ReverseCase & { outcome: ReverseOutcome })[];
  resolve: { path: string; outcome: ResolveOutcome }[];
  /**
   * Set by a fixture whose URLconf computes names or routes at run time. The quality bar asks the engine to stay
   * silent there rather than guess, so it may list fewer URLs and leave Django's errors unflagged; it still may not
   * invent a URL or flag a call that works.
   */
  dynamic: boolean;
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Fails loudly (never skips) when the oracle cannot run, saying how to install it. */
export function requireDjango(runtime: DjangoRuntime = DJANGO_32): void {
  const [major, minor] = runtime.series.split('.');
  const probe = spawnSync(runtime.python, ['-I', '-c', `import django; assert django.VERSION[:2] == (${major}, ${minor}), django.VERSION`], {
    encoding: 'utf-8',
  });
  if (probe.status !== 0) {
    const how = runtime === DJANGO_32 ? 'apt-get install python3-django' : `run ${path.relative(REPO, DJANGO_VERSIONS_SCRIPT)}`;
    throw new Error(
      `The Django oracle needs Django ${runtime.series} for ${runtime.python}: ${how}` +
        (probe.stderr ? `\n${probe.stderr.trim()}` : ''),
    );
  }
}

/** Fails with a clear message when the CLI bundle has not been built yet. */
export function requireCli(): void {
  if (!fs.existsSync(CLI_BUNDLE)) {
    throw new Error(`${path.relative(REPO, CLI_BUNDLE)} does not exist: run \`npm run build\` first`);
  }
}

export async function runOracle(root: string, runtime: DjangoRuntime = DJANGO_32): Promise<OracleProject> {
  const result = await run(runtime.python, [ORACLE_SCRIPT, root], root);
  if (result.status !== 0) {
    throw new Error(`Django ${runtime.series} oracle failed on ${root}:\n${result.stderr.trim()}`);
  }
  const parsed = JSON.parse(result.stdout) as { projects: OracleProject[] };
  return parsed.projects[0]!;
}

export async function runCli(args: string[], cwd = REPO): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], cwd);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} did not print JSON:\n${text.slice(0, 2000)}`);
  }
}

// ---------------------------------------------------------------------------
// index
// ---------------------------------------------------------------------------

/** Normalises a file name from either side so that './a/b.py' and 'a/b.py' compare equal. */
function normFile(file: unknown): string | null {
  if (typeof file !== 'string') return null;
  if (path.isAbsolute(file)) return path.normalize(file);
  return path.posix.normalize(file.replace(/\\/g, '/'));
}

/** Reduces the engine's params to their names, whether it lists plain strings or objects with a name. */
function paramNames(params: unknown): string[] | undefined {
  if (!Array.isArray(params)) return undefined;
  const names: string[] = [];
  for (const param of params) {
    if (typeof param === 'string') names.push(param);
    else if (param && typeof param === 'object' && typeof (param as { name?: unknown }).name === 'string') {
      names.push((param as { name: string }).name);
    }
  }
  return names.sort();
}

function describeUrl(url: {
  route?: unknown;
  file?: unknown;
  line?: unknown;
  view?: { file?: unknown; line?: unknown; qualname?: unknown } | null;
  params?: unknown;
}): string {
  const view = url.view ?? {};
  return JSON.stringify({
    route: url.route ?? null,
    at: `${normFile(url.file)}:${url.line ?? null}`,
    view: `${normFile(view.file)}:${view.line ?? null} ${view.qualname ?? null}`,
    params: paramNames(url.params) ?? null,
  });
}

interface EngineProject {
  root?: string;
  settings?: string;
  urls?: { name: string }[];
  templates?: { name: string; file: string }[];
}

/** Picks the engine's project matching the oracle's (by settings module, or the only one). */
function pickProject(index: { projects?: EngineProject[] }, oracle: OracleProject): EngineProject | undefined {
  const projects = index.projects ?? [];
  return projects.find((p) => p.settings === oracle.settings) ?? (projects.length === 1 ? projects[0] : undefined);
}

export async function compareIndex(root: string, oracle: OracleProject, extraArgs: string[] = [], runtime: DjangoRuntime = DJANGO_32): Promise<string[]> {
  const result = await runCli(['index', root, '--format', 'json', '--python', runtime.python, ...extraArgs]);
  if (result.status !== 0) return [`index exited with ${result.status}: ${result.stderr.trim()}`];
  const index = parseJson(result.stdout, 'index') as { projects?: EngineProject[] };
  const project = pickProject(index, oracle);
  if (!project) return [`index found no project with settings ${oracle.settings} (got ${JSON.stringify((index.projects ?? []).map((p) => p.settings))})`];
  const problems: string[] = [];
  // The engine reads the Django version from the interpreter's sys.path: it must be the one the oracle ran.
  const django = (project as { django?: unknown }).django;
  if (oracle.django !== runtime.series) problems.push(`the oracle ran Django ${oracle.django}, not ${runtime.series}`);
  if (django !== oracle.django) problems.push(`django version: Django ${oracle.django}, engine ${JSON.stringify(django)}`);
  if (project.settings !== oracle.settings) problems.push(`settings: django ${oracle.settings}, engine ${project.settings}`);
  const rootUrlconf = (project as { rootUrlconf?: string }).rootUrlconf;
  if (rootUrlconf !== oracle.rootUrlconf) problems.push(`rootUrlconf: django ${oracle.rootUrlconf}, engine ${rootUrlconf}`);

  // URL names are compared as multisets of full descriptions, grouped by name for readable messages.
  const group = (urls: { name: string }[]): Map<string, string[]> => {
    const byName = new Map<string, string[]>();
    for (const url of urls) {
      const list = byName.get(url.name) ?? [];
      list.push(describeUrl(url as Parameters<typeof describeUrl>[0]));
      byName.set(url.name, list);
    }
    for (const list of byName.values()) list.sort();
    return byName;
  };
  const expected = group(oracle.urls);
  const actual = group(project.urls ?? []);
  for (const [name, want] of expected) {
    const got = actual.get(name);
    if (!got) {
      if (!oracle.dynamic) problems.push(`url ${name}: missing from the engine (django: ${want.join(' | ')})`);
    } else if (oracle.dynamic) {
      const left = [...want];
      for (const description of got) {
        const at = left.indexOf(description);
        if (at < 0) problems.push(`url ${name}: the engine lists ${description}, which Django does not have`);
        else left.splice(at, 1);
      }
    } else if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`url ${name}: django ${want.join(' | ')}\n      engine ${got.join(' | ')}`);
    }
  }
  for (const [name, got] of actual) {
    if (!expected.has(name)) problems.push(`url ${name}: the engine lists it, Django does not (${got.join(' | ')})`);
  }

  const wantTemplates = new Map(oracle.templates.map((t) => [t.name, normFile(t.file)]));
  const gotTemplates = new Map((project.templates ?? []).map((t) => [t.name, normFile(t.file)]));
  for (const [name, file] of wantTemplates) {
    if (!gotTemplates.has(name)) problems.push(`template ${name}: missing from the engine (django: ${file})`);
    else if (gotTemplates.get(name) !== file) problems.push(`template ${name}: django ${file}, engine ${gotTemplates.get(name)}`);
  }
  for (const [name, file] of gotTemplates) {
    if (!wantTemplates.has(name)) problems.push(`template ${name}: the engine lists it (${file}), Django does not`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// resolve
// ---------------------------------------------------------------------------

export async function compareResolve(root: string, oracle: OracleProject, runtime: DjangoRuntime = DJANGO_32): Promise<string[]> {
  const problems: string[] = [];
  for (const { path: urlPath, outcome } of oracle.resolve) {
    const result = await runCli(['resolve', root, urlPath, '--format', 'json', '--python', runtime.python]);
    if ('error' in outcome) {
      if (outcome.error !== 'Resolver404') {
        problems.push(`resolve ${urlPath}: Django raised ${outcome.error} (${outcome.message}); fix the case`);
      } else if (result.status !== 1) {
        problems.push(`resolve ${urlPath}: Django finds nothing, engine exited ${result.status}: ${result.stdout.trim()}`);
      }
      continue;
    }
    if (result.status !== 0) {
      problems.push(`resolve ${urlPath}: Django matches ${outcome.name} (${outcome.route}), engine exited ${result.status} ${result.stderr.trim()}`);
      continue;
    }
    const got = parseJson(result.stdout, `resolve ${urlPath}`) as Record<string, unknown>;
    const gotView = (got.view ?? {}) as Record<string, unknown>;
    const want = {
      name: outcome.name,
      route: outcome.route,
      view: `${normFile(outcome.view.file)}:${outcome.view.line} ${outcome.view.qualname}`,
      args: outcome.args,
      kwargs: outcome.kwargs,
    };
    const have = {
      name: got.name ?? null,
      route: got.route ?? null,
      view: `${normFile(gotView.file)}:${gotView.line ?? null} ${gotView.qualname ?? null}`,
      args: got.args ?? null,
      kwargs: sortKeys(got.kwargs),
    };
    want.kwargs = sortKeys(want.kwargs) as Record<string, unknown>;
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      problems.push(`resolve ${urlPath}:\n      django ${JSON.stringify(want)}\n      engine ${JSON.stringify(have)}`);
    }
  }
  return problems;
}

function sortKeys(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value ?? null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

const URL_CODES = new Set(['url-name-unknown', 'url-args-mismatch']);

function templateLiteral(value: Literal): string {
  if (typeof value === 'number') return String(value);
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function pythonLiteral(value: Literal): string {
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Writes a case as a {% url %} tag. With `variables`, the arguments are template variables rather than literals
 * (and the name is double-quoted): only their number and keywords can matter to a static check.
 */
export function urlTag(testCase: ReverseCase, asVar?: string, variables = false): string {
  const name = variables ? `"${testCase.name}"` : templateLiteral(testCase.name);
  const parts = [`{% url ${name}`];
  (testCase.args ?? []).forEach((arg, i) => parts.push(variables ? `item.arg${i}` : templateLiteral(arg)));
  for (const [key, value] of Object.entries(testCase.kwargs ?? {})) parts.push(`${key}=${variables ? `item.${key}` : templateLiteral(value)}`);
  if (asVar) parts.push(`as ${asVar}`);
  return `${parts.join(' ')} %}`;
}

/**
 * Writes a case as a reverse() call. `lazy` uses reverse_lazy() with tuple args; `positional` passes urlconf, args and
 * kwargs by position (reverse(viewname, urlconf=None, args=None, kwargs=None)); `keyword` names the viewname too.
 */
export function reverseCall(testCase: ReverseCase, lazy = false, style: 'plain' | 'positional' | 'keyword' = 'plain'): string {
  if (style === 'positional') {
    const args = testCase.args && testCase.args.length > 0 ? `[${testCase.args.map(pythonLiteral).join(', ')}]` : 'None';
    const kwargs = testCase.kwargs && Object.keys(testCase.kwargs).length > 0
      ? `{${Object.entries(testCase.kwargs).map(([k, v]) => `'${k}': ${pythonLiteral(v)}`).join(', ')}}`
      : 'None';
    return `reverse(${pythonLiteral(testCase.name)}, None, ${args}, ${kwargs})`;
  }
  let call = `${lazy ? 'reverse_lazy' : 'reverse'}(${style === 'keyword' ? 'viewname=' : ''}${pythonLiteral(testCase.name)}`;
  if (testCase.args && testCase.args.length > 0) {
    const items = testCase.args.map(pythonLiteral).join(', ');
    call += lazy ? `, args=(${items}${testCase.args.length === 1 ? ',' : ''})` : `, args=[${items}]`;
  }
  if (testCase.kwargs && Object.keys(testCase.kwargs).length > 0) {
    call += `, kwargs={${Object.entries(testCase.kwargs).map(([k, v]) => `'${k}': ${pythonLiteral(v)}`).join(', ')}}`;
  }
  return `${call})`;
}

/** What the check must say on one line of the generated files: nothing, or exactly one of the url codes. */
interface Expectation {
  file: string;
  line: number;
  code: 'url-name-unknown' | 'url-args-mismatch' | null;
  text: string;
}

function expectedCode(outcome: ReverseOutcome): Expectation['code'] {
  if ('ok' in outcome) return null;
  if (outcome.kind === 'unknown') return 'url-name-unknown';
  if (outcome.kind === 'args') return 'url-args-mismatch';
  throw new Error(`a reverse case made Django raise ${outcome.error}: ${outcome.message}; cases must be well-typed`);
}

/**
 * Copies the project to a temporary folder and adds one template with a {% url %} per reverse case and one
 * Python module with a reverse() call per case, so that `check` can be held to Django's reverse() outcomes.
 */
export function writeCheckCopy(root: string, oracle: OracleProject): { dir: string; expectations: Expectation[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-oracle-'));
  const copy = path.join(dir, path.basename(root));
  fs.cpSync(root, copy, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  // The cases go where Django would find them: a template folder of the loaders, and an app (else the root URLconf's package).
  const templateDir = oracle.templateDirs.find((d) => !path.isAbsolute(d));
  const app = oracle.apps.find((a) => !path.isAbsolute(a.path));
  const pythonDir = app ? app.path : path.posix.dirname(oracle.rootUrlconf.replace(/\./g, '/'));
  const pythonFile = path.posix.join(pythonDir, 'oracle_reverse_cases.py');
  const expectations: Expectation[] = [];

  if (templateDir) {
    const templateFile = path.posix.join(templateDir, 'oracle_url_cases.html');
    const templateLines = ['{# Generated by the oracle tests: one url tag per reverse case. #}'];
    for (const testCase of oracle.reverse) {
      templateLines.push(urlTag(testCase));
      expectations.push({ file: templateFile, line: templateLines.length, code: expectedCode(testCase.outcome), text: urlTag(testCase) });
    }
    // A tag that stores its result in a variable never raises in Django, so it must never be flagged.
    for (const testCase of oracle.reverse) {
      templateLines.push(urlTag(testCase, 'oracle_var'));
      expectations.push({ file: templateFile, line: templateLines.length, code: null, text: urlTag(testCase, 'oracle_var') });
    }
    // The same calls with variables for arguments: the cases are well-typed, so only count and keywords decide.
    templateLines.push('{% for item in items %}');
    for (const testCase of oracle.reverse) {
      templateLines.push(urlTag(testCase, undefined, true));
      expectations.push({ file: templateFile, line: templateLines.length, code: expectedCode(testCase.outcome), text: urlTag(testCase, undefined, true) });
    }
    templateLines.push('{% endfor %}');
    // Django never runs tags inside a comment block or a verbatim block, nor a url tag whose name is a variable.
    for (const [open, close] of [['{% comment %}', '{% endcomment %}'], ['{% verbatim %}', '{% endverbatim %}']] as const) {
      templateLines.push(open);
      for (const testCase of oracle.reverse) {
        templateLines.push(urlTag(testCase));
        expectations.push({ file: templateFile, line: templateLines.length, code: null, text: `${open} ${urlTag(testCase)}` });
      }
      templateLines.push(close);
    }
    templateLines.push('{% url oracle_dynamic_name %}');
    expectations.push({ file: templateFile, line: templateLines.length, code: null, text: '{% url oracle_dynamic_name %}' });
    fs.mkdirSync(path.join(copy, templateDir), { recursive: true });
    fs.writeFileSync(path.join(copy, templateFile), templateLines.join('\n') + '\n');
  }

  const pythonLines = [
    '# Generated by the oracle tests: reverse() and reverse_lazy() calls per case.',
    'from django.urls import reverse, reverse_lazy',
    '',
    '',
    'def cases(dynamic_name):',
  ];
  const spellings: [boolean, 'plain' | 'positional' | 'keyword'][] = [[false, 'plain'], [true, 'plain'], [false, 'positional'], [false, 'keyword']];
  for (const testCase of oracle.reverse) {
    for (const [lazy, style] of spellings) {
      const call = reverseCall(testCase, lazy, style);
      pythonLines.push(`    ${call}`);
      expectations.push({ file: pythonFile, line: pythonLines.length, code: expectedCode(testCase.outcome), text: call });
    }
  }
  // Text that only looks like a call (a comment, a string) and a computed name are never checked by Django.
  for (const testCase of oracle.reverse) {
    pythonLines.push(`    # ${reverseCall(testCase)}`);
    expectations.push({ file: pythonFile, line: pythonLines.length, code: null, text: `# ${reverseCall(testCase)}` });
    pythonLines.push(`    text = ${JSON.stringify(reverseCall(testCase))}`);
    expectations.push({ file: pythonFile, line: pythonLines.length, code: null, text: `string ${reverseCall(testCase)}` });
  }
  pythonLines.push('    reverse(dynamic_name)');
  expectations.push({ file: pythonFile, line: pythonLines.length, code: null, text: 'reverse(dynamic_name)' });
  pythonLines.push('    return text');
  fs.writeFileSync(path.join(copy, pythonFile), pythonLines.join('\n') + '\n');
  return { dir: copy, expectations };
}

interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  severity?: string;
  code: string;
  message: string;
}

export async function compareCheck(root: string, oracle: OracleProject, runtime: DjangoRuntime = DJANGO_32): Promise<string[]> {
  const { dir, expectations } = writeCheckCopy(root, oracle);
  try {
    const result = await runCli(['check', dir, '--format', 'json', '--python', runtime.python]);
    let parsed: { diagnostics?: Diagnostic[] };
    try {
      parsed = JSON.parse(result.stdout) as { diagnostics?: Diagnostic[] };
    } catch {
      return [`check exited with ${result.status} without JSON: ${result.stderr.trim() || result.stdout.slice(0, 500)}`];
    }
    const byLine = new Map<string, Diagnostic[]>();
    for (const diagnostic of parsed.diagnostics ?? []) {
      if (!URL_CODES.has(diagnostic.code)) continue;
      const key = `${normFile(diagnostic.file)}:${diagnostic.line}`;
      byLine.set(key, [...(byLine.get(key) ?? []), diagnostic]);
    }
    const problems: string[] = [];
    for (const expectation of expectations) {
      const key = `${expectation.file}:${expectation.line}`;
      const got = (byLine.get(key) ?? []).map((d) => d.code);
      byLine.delete(key);
      const want = expectation.code ? [expectation.code] : [];
      const silenceAllowed = oracle.dynamic && expectation.code !== null && got.length === 0;
      if (!silenceAllowed && JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(`check ${key} ${expectation.text}: django ${want.join(',') || 'ok'}, engine ${got.join(',') || 'nothing'}`);
      }
    }
    // Anything else flagged is in the fixture's own healthy files: a false "broken link".
    for (const [key, diagnostics] of byLine) {
      for (const d of diagnostics) problems.push(`check ${key}: engine flags ${d.code} (${d.message}) where Django has nothing to say`);
    }
    return problems;
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

/** Runs every comparison for one project and returns all disagreements, each on its own line. */
export async function compareProject(root: string, runtime: DjangoRuntime = DJANGO_32): Promise<string[]> {
  const oracle = await runOracle(root, runtime);
  const problems = [
    ...(await compareIndex(root, oracle, [], runtime)),
    ...(await compareResolve(root, oracle, runtime)),
    ...(await compareCheck(root, oracle, runtime)),
  ];
  return problems;
}

/** Runs tasks with at most `limit` in flight, so two cores are kept busy without oversubscribing them. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
