// Finds a workspace's Django projects as its developer's tools would (manage.py, pytest-django, tox, wsgi/asgi, .env, settings.configure), with the folders each puts on sys.path and the distributions it declares.

import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import type { FileSystem } from '../fs';
import { basename, dirname, joinPath, normalizePath, relativeInside } from '../fs';
import type { ParseCache } from '../python/modules';
import { ModuleResolver } from '../python/modules';
import { Evaluator, asString } from '../python/evaluate';
import type { CallHook } from '../python/evaluate';
import type { Expr, PyModule, Stmt } from '../python/ast';
import { stmtExprs, walkExpr, walkStmts } from '../python/ast';

/** Where a project's settings module was named, in the order a developer would trust them. */
export type CandidateKind = 'manage.py' | 'setting' | 'pytest' | 'tox' | 'wsgi' | 'conftest' | 'runtests' | 'dotenv' | 'configure';

const KIND_ORDER: CandidateKind[] = ['setting', 'manage.py', 'pytest', 'tox', 'wsgi', 'conftest', 'runtests', 'dotenv', 'configure'];

export interface ProjectCandidate {
  kind: CandidateKind;
  /** The file that named the settings (manage.py, pytest.ini, wsgi.py, .env...). */
  source: string;
  /** The manage.py, for projects found by one. */
  managePy?: string;
  /** DJANGO_SETTINGS_MODULE as named (for `configure`, the module standing for the configure() call). */
  settingsModule?: string;
  /** django-configurations' DJANGO_CONFIGURATION: the settings class to evaluate, for whoever reads class-based settings. */
  configuration?: string;
  /**
   * The folder Django runs in: relative paths in settings are resolved from it and the project's own files lie
   * under it (manage.py's folder, the test runner's rootdir, or the folder the settings module resolves from).
   */
  root: string;
  /** Folders on sys.path before the environment's, in order: root, sys.path edits, pythonpath, an ancestor, the distributions' package roots. */
  roots: string[];
  /** For `configure`: module text made of the call's keyword arguments, standing in for a settings module. */
  synthesized?: string;
  /** The settings file the module resolves to over `roots`, when it does. */
  settingsFile?: string;
  /** Configuration files read to find this candidate and its roots: a change to one means discovery must run again. */
  files: string[];
  /** Distributions the repository declares (requirements*.txt, pyproject, Pipfile, setup.cfg), normalised names. */
  declared: string[];
}

export interface Discovery {
  /** One candidate per distinct settings module, the developer's choice first. */
  projects: ProjectCandidate[];
  /** Every candidate seen, for logs and for a setting that selects one. */
  all: ProjectCandidate[];
  /** Why some candidates were dropped or a selection failed, for the log. */
  notes: string[];
}

/** Names of files that may name a project, looked for anywhere in the tree. */
const CANDIDATE_FILES = new Set(['manage.py', 'pytest.ini', 'tox.ini', 'setup.cfg', 'pyproject.toml', 'wsgi.py', 'asgi.py', 'conftest.py', 'runtests.py', '.env']);

/** Whether a file (by base name) can make discovery's answer change. */
export function isDiscoveryFile(path: string): boolean {
  const b = basename(path);
  return CANDIDATE_FILES.has(b) || b === 'setup.py' || b === 'Pipfile' || /^requirements.*\.(txt|in)$/.test(b);
}

const DSM = 'DJANGO_SETTINGS_MODULE';
const DCONF = 'DJANGO_CONFIGURATION';
const MODULE_RE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

// ---------------------------------------------------------------------------------------------------------
// Small readers for the configuration formats (INI as configparser reads it, TOML via smol-toml).

/** An INI file as Python's configparser reads it: sections of keys, indented lines continuing a value. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    if (!raw.trim()) {
      key = undefined;
      continue;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (head) {
      section = new Map();
      out.set(head[1].trim(), section);
      key = undefined;
      continue;
    }
    if (/^\s/.test(raw) && section && key !== undefined) {
      section.set(key, (section.get(key) ?? '') + '\n' + raw.trim());
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && section) {
      key = kv[1].trim();
      section.set(key, kv[2].trim());
    }
  }
  return out;
}

// smol-toml ships a CommonJS build beside its ES module; its types are the module's, so they are imported as such.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

/** A TOML document, or undefined when it does not parse (a half-edited pyproject must not stop discovery). */
function readToml(fs: FileSystem, file: string): Record<string, unknown> | undefined {
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const p of path.split('.')) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}

function strList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Splits a command line as a shell would for plain words and quotes (enough for addopts and tox commands). */
function shellWords(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The value of `--name=X` or `--name X` among words. */
function optionValue(words: string[], names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const n of names) {
      if (words[i] === n && i + 1 < words.length) return words[i + 1];
      if (words[i].startsWith(n + '=')) return words[i].slice(n.length + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// What each kind of file says.

interface Found {
  settingsModule?: string;
  configuration?: string;
  /** Folders the file puts on sys.path (absolute). */
  paths: string[];
}

/** pytest-django's options in an ini-style section (pytest.ini `[pytest]`, setup.cfg `[tool:pytest]`, tox.ini `[pytest]`) or pyproject table. */
function pytestOptions(opts: Record<string, unknown>, folder: string): Found {
  const addopts = shellWords(strList(opts['addopts']).join(' '));
  // pytest-django takes --ds from the command line (addopts included) before the ini key.
  const ds = optionValue(addopts, ['--ds']) ?? strList(opts[DSM])[0];
  const dc = optionValue(addopts, ['--dc']) ?? strList(opts[DCONF])[0];
  const paths: string[] = [];
  for (const key of ['pythonpath', 'python_paths']) {
    for (const v of strList(opts[key])) for (const p of shellWords(v)) paths.push(joinPath(folder, p));
  }
  return { settingsModule: ds?.trim(), configuration: dc?.trim(), paths };
}

function iniSection(sec: Map<string, string> | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (sec) for (const [k, v] of sec) o[k] = k === 'pythonpath' || k === 'python_paths' || k === 'addopts' ? v.replace(/\n/g, ' ') : v;
  return o;
}

/** tox's `[testenv]` sections: DJANGO_SETTINGS_MODULE in setenv, `--settings`/`--pythonpath` on django-admin or manage.py command lines. */
function toxOptions(ini: Map<string, Map<string, string>>, folder: string): Found {
  const found: Found = { paths: [] };
  const subst = (v: string) => v.replace(/\{toxinidir\}|\{tox_root\}/g, folder);
  const sections = [...ini.keys()].filter((k) => k === 'testenv' || k.startsWith('testenv:')).sort((a, b) => (a === 'testenv' ? -1 : b === 'testenv' ? 1 : 0));
  for (const name of sections) {
    const sec = ini.get(name)!;
    for (const line of (sec.get('setenv') ?? sec.get('set_env') ?? '').split('\n')) {
      const kv = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(line.trim());
      if (!kv) continue;
      if (kv[1] === DSM) found.settingsModule ??= kv[2].trim();
      else if (kv[1] === DCONF) found.configuration ??= kv[2].trim();
      else if (kv[1] === 'PYTHONPATH') for (const p of subst(kv[2]).split(':')) if (p.trim()) found.paths.push(joinPath(folder, p.trim()));
    }
    for (const line of (sec.get('commands') ?? '').split('\n')) {
      const words = shellWords(subst(line));
      if (!words.some((w) => w === 'django-admin' || w.endsWith('manage.py') || w === 'django')) continue;
      found.settingsModule ??= optionValue(words, ['--settings']);
      const pp = optionValue(words, ['--pythonpath']);
      if (pp) found.paths.push(joinPath(folder, pp));
    }
  }
  return found;
}

/** `DJANGO_SETTINGS_MODULE=x` lines of a `.env` file (optionally `export`ed and quoted). */
function dotenvOptions(text: string): Found {
  const found: Found = { paths: [] };
  for (const line of text.split(/\r?\n/)) {
    const kv = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s#]*))/.exec(line);
    if (!kv) continue;
    const v = kv[2] ?? kv[3] ?? kv[4];
    if (kv[1] === DSM) found.settingsModule = v;
    else if (kv[1] === DCONF) found.configuration = v;
  }
  return found;
}

/**
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")`, `os.environ["DJANGO_SETTINGS_MODULE"] = "x"` and the
 * same for DJANGO_CONFIGURATION, anywhere in a module (manage.py sets them inside `main()`).
 */
export function environAssignments(mod: PyModule): { settingsModule?: string; configuration?: string } {
  const found: Record<string, string> = {};
  const take = (k: Expr | undefined, v: Expr | undefined) => {
    if (k?.kind === 'str' && (k.value === DSM || k.value === DCONF) && v?.kind === 'str' && found[k.value] === undefined) found[k.value] = v.value;
  };
  walkStmts(mod.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.kind !== 'call' || x.func.kind !== 'attr' || (x.func.attr !== 'setdefault' && x.func.attr !== '__setitem__')) return;
        take(x.args[0]?.value, x.args[1]?.value);
      });
    }
    if (s.kind === 'assign') for (const t of s.targets) if (t.kind === 'subscript') take(t.index, s.value);
  });
  return { settingsModule: found[DSM], configuration: found[DCONF] };
}

/** The `settings.configure(...)` call of a module, if any (`settings` from django.conf, or `django.conf.settings`). */
function configureCall(mod: PyModule): (Expr & { kind: 'call' }) | undefined {
  let found: (Expr & { kind: 'call' }) | undefined;
  walkStmts(mod.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (found || x.kind !== 'call' || x.func.kind !== 'attr' || x.func.attr !== 'configure') return;
        const obj = x.func.obj;
        if ((obj.kind === 'name' && obj.id === 'settings') || (obj.kind === 'attr' && obj.attr === 'settings')) found = x;
      });
    }
  });
  return found;
}

/**
 * Module text standing in for the settings that `settings.configure(KEY=value, ...)` gives: the module's
 * top-level imports and assignments (values such as BASE_DIR are often computed there), then one assignment
 * per keyword argument. `**kwargs` adds settings we cannot see; those stay unset, so they read as unknown.
 */
function synthesizeConfigure(text: string, mod: PyModule, call: Expr & { kind: 'call' }): string | undefined {
  const kws = call.args.filter((a) => a.name && !a.star);
  if (!kws.length) return undefined;
  const inside = (s: Stmt) => s.span.start <= call.span.start && call.span.end <= s.span.end;
  const lines: string[] = [];
  for (const s of mod.body) {
    if ((s.kind === 'import' || s.kind === 'from' || s.kind === 'assign') && !inside(s)) lines.push(text.slice(s.span.start, s.span.end));
  }
  // Parenthesised so that a value written over several lines stays one statement at any indentation.
  for (const a of kws) lines.push(`${a.name} = (${text.slice(a.value.span.start, a.value.span.end)})`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------
// What is importable: the repository's own distributions and the folders a file puts on sys.path.

/** Package roots of the distribution declared in `folder` (pyproject, setup.cfg, setup.py), as an editable install has them. */
function distributionRoots(fs: FileSystem, cache: ParseCache, folder: string, read: string[]): string[] {
  const out: string[] = [];
  const add = (rel: string) => {
    const d = joinPath(folder, rel);
    if (fs.stat(d) === 'dir' && !out.includes(d)) out.push(d);
  };
  let declared = false;
  const pyproject = folder + '/pyproject.toml';
  if (fs.stat(pyproject) === 'file') {
    read.push(pyproject);
    const doc = readToml(fs, pyproject);
    const st = at(doc, 'tool.setuptools');
    if (isObj(st)) {
      declared = true;
      const pd = st['package-dir'];
      if (isObj(pd) && typeof pd[''] === 'string') add(pd['']);
      for (const w of strList(at(st, 'packages.find.where'))) add(w);
    }
    // Poetry: packages = [{ include = "x", from = "src" }].
    const poetry = at(doc, 'tool.poetry.packages');
    if (Array.isArray(poetry)) for (const p of poetry) if (isObj(p) && typeof p.from === 'string') add(p.from);
    // PDM: [tool.pdm.build] package-dir = "src"; uv's build backend: module-root (default "src").
    const pdm = at(doc, 'tool.pdm.build.package-dir');
    if (typeof pdm === 'string') add(pdm);
    const uvRoot = at(doc, 'tool.uv.build-backend.module-root');
    if (typeof uvRoot === 'string') add(uvRoot);
    // Hatch: wheel packages = ["src/pkg"] (the package's parent is the root), or sources = ["src"] / {"src" = ""}.
    for (const p of strList(at(doc, 'tool.hatch.build.targets.wheel.packages'))) if (p.includes('/')) add(dirname('/' + p).slice(1) || '.');
    const sources = at(doc, 'tool.hatch.build.targets.wheel.sources') ?? at(doc, 'tool.hatch.build.sources');
    for (const s of Array.isArray(sources) ? strList(sources) : isObj(sources) ? Object.keys(sources).filter((k) => sources[k] === '') : []) add(s);
    if (isObj(at(doc, 'project')) || isObj(at(doc, 'tool.poetry'))) declared = true;
  }
  const setupCfg = folder + '/setup.cfg';
  if (fs.stat(setupCfg) === 'file') {
    read.push(setupCfg);
    const ini = parseIni(fs.readFile(setupCfg) ?? '');
    const opts = ini.get('options');
    if (opts) declared = true;
    // package_dir = =src (a mapping written as lines of `name = dir`; the empty name is the root package).
    for (const line of (opts?.get('package_dir') ?? '').split('\n')) {
      const m = /^\s*=\s*(\S+)\s*$/.exec(line);
      if (m) add(m[1]);
    }
    const where = ini.get('options.packages.find')?.get('where');
    if (where) for (const w of where.split(/\s+/)) if (w) add(w);
  }
  const setupPy = folder + '/setup.py';
  if (fs.stat(setupPy) === 'file') {
    read.push(setupPy);
    declared = true;
    const parsed = cache.getPython(setupPy);
    if (parsed) {
      walkStmts(parsed.module.body, (s) => {
        for (const e of stmtExprs(s)) {
          walkExpr(e, (x) => {
            if (x.kind !== 'call') return;
            const fname = x.func.kind === 'name' ? x.func.id : x.func.kind === 'attr' ? x.func.attr : '';
            if (fname === 'setup') {
              const pd = x.args.find((a) => a.name === 'package_dir')?.value;
              if (pd?.kind === 'dict') for (const it of pd.items) if (it.key?.kind === 'str' && it.key.value === '' && it.value.kind === 'str') add(it.value.value);
            } else if (fname === 'find_packages' || fname === 'find_namespace_packages') {
              const w = x.args.find((a) => a.name === 'where')?.value ?? x.args.find((a) => !a.name)?.value;
              if (w?.kind === 'str') add(w.value);
            }
          });
        }
      });
    }
  }
  if (!declared) return out;
  // The src layout (hatch, flit, uv and setuptools all find packages there by default), else the flat layout.
  const src = folder + '/src';
  if (!out.length && fs.stat(src) === 'dir' && fs.readDir(src).some((e) => (e.kind === 'dir' && fs.stat(`${src}/${e.name}/__init__.py`) === 'file') || (e.kind === 'file' && e.name.endsWith('.py')))) add('src');
  if (!out.length) add('.');
  return out;
}

/** Folders a Python file inserts into sys.path at its top level (`sys.path.insert(0, os.path.dirname(...))`), read statically. */
function sysPathEdits(fs: FileSystem, cache: ParseCache, file: string): string[] {
  const out: string[] = [];
  const text = fs.readFile(file);
  if (text === undefined || !text.includes('sys.path')) return out;
  const hook: CallHook = (qualname, args) => {
    if (qualname === 'sys.path.insert' || qualname === 'sys.path.append') {
      const dir = asString(qualname === 'sys.path.insert' ? args.positional[1] : args.positional[0]);
      if (dir && (dir.startsWith('/') || /^[A-Za-z]:/.test(dir))) {
        const d = normalizePath(dir);
        if (fs.stat(d) === 'dir' && !out.includes(d)) out.push(d);
      }
      return { t: 'none' };
    }
    return undefined;
  };
  // Run as __main__ so `if __name__ == "__main__":` bodies count, with nothing importable: only the file itself is read.
  new Evaluator(cache, new ModuleResolver(fs, [], []), hook).evalFile('__main__', file);
  return out;
}

/** Distribution names declared by the folder's requirements files, pyproject, Pipfile and setup.cfg (PEP 503-normalised). */
function declaredDependencies(fs: FileSystem, folder: string, read: string[]): string[] {
  const names = new Set<string>();
  const addReq = (spec: string) => {
    const s = spec.trim();
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(s);
    if (egg) names.add(normalizeDist(egg[1]));
    else {
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
      if (m && !/^(-|https?:|git\+|file:)/.test(s)) names.add(normalizeDist(m[1]));
    }
  };
  const reqFiles = fs.readDir(folder).filter((e) => e.kind === 'file' && /^requirements.*\.(txt|in)$/.test(e.name)).map((e) => `${folder}/${e.name}`);
  for (const e of fs.readDir(folder + '/requirements')) if (e.kind === 'file' && /\.(txt|in)$/.test(e.name)) reqFiles.push(`${folder}/requirements/${e.name}`);
  for (const f of reqFiles) {
    read.push(f);
    for (const line of (fs.readFile(f) ?? '').split(/\r?\n/)) {
      const l = line.replace(/(^|\s)#.*$/, '').trim();
      if (!l || (l.startsWith('-') && !l.startsWith('-e'))) continue;
      addReq(l.replace(/^-e\s+/, ''));
    }
  }
  const pyproject = readToml(fs, folder + '/pyproject.toml');
  if (pyproject) {
    for (const d of strList(at(pyproject, 'project.dependencies'))) addReq(d);
    for (const table of ['project.optional-dependencies', 'dependency-groups']) {
      const t = at(pyproject, table);
      if (isObj(t)) for (const v of Object.values(t)) for (const d of strList(v)) addReq(d);
    }
    for (const d of strList(at(pyproject, 'tool.uv.dev-dependencies'))) addReq(d);
    const poetryTables = [at(pyproject, 'tool.poetry.dependencies'), at(pyproject, 'tool.poetry.dev-dependencies')];
    const groups = at(pyproject, 'tool.poetry.group');
    if (isObj(groups)) for (const g of Object.values(groups)) poetryTables.push(at(g, 'dependencies'));
    for (const t of poetryTables) if (isObj(t)) for (const k of Object.keys(t)) if (k !== 'python') names.add(normalizeDist(k));
  }
  const pipfile = readToml(fs, folder + '/Pipfile');
  if (pipfile) {
    read.push(folder + '/Pipfile');
    for (const t of ['packages', 'dev-packages']) {
      const v = pipfile[t];
      if (isObj(v)) for (const k of Object.keys(v)) names.add(normalizeDist(k));
    }
  }
  const cfg = fs.readFile(folder + '/setup.cfg');
  if (cfg !== undefined) {
    const ini = parseIni(cfg);
    for (const line of (ini.get('options')?.get('install_requires') ?? '').split('\n')) if (line.trim()) addReq(line);
  }
  return [...names].sort();
}

/** PEP 503 normalisation: lower case, runs of `-_.` as one `-`. */
function normalizeDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Import names whose distribution is named otherwise (the common Django packages); others are tried as `name` and `django-name`. */
const DISTRIBUTION_OF: Record<string, string> = {
  rest_framework: 'djangorestframework',
  rest_framework_simplejwt: 'djangorestframework-simplejwt',
  compressor: 'django-compressor',
  crispy_forms: 'django-crispy-forms',
  corsheaders: 'django-cors-headers',
  django_filters: 'django-filter',
  storages: 'django-storages',
  oauth2_provider: 'django-oauth-toolkit',
  social_django: 'social-auth-app-django',
  knox: 'django-rest-knox',
  sorl: 'sorl-thumbnail',
  environ: 'django-environ',
  decouple: 'python-decouple',
  dal: 'django-autocomplete-light',
  dal_select2: 'django-autocomplete-light',
  two_factor: 'django-two-factor-auth',
  django_otp: 'django-otp',
  djmoney: 'django-money',
  phonenumber_field: 'django-phonenumber-field',
  webpack_loader: 'django-webpack-loader',
  mptt: 'django-mptt',
  taggit: 'django-taggit',
  guardian: 'django-guardian',
  reversion: 'django-reversion',
  polymorphic: 'django-polymorphic',
  treebeard: 'django-treebeard',
  sekizai: 'django-sekizai',
  haystack: 'django-haystack',
  import_export: 'django-import-export',
  simple_history: 'django-simple-history',
  widget_tweaks: 'django-widget-tweaks',
  debug_toolbar: 'django-debug-toolbar',
  template_partials: 'django-template-partials',
  django_celery_beat: 'django-celery-beat',
  django_celery_results: 'django-celery-results',
  drf_spectacular: 'drf-spectacular',
  health_check: 'django-health-check',
  hijack: 'django-hijack',
  waffle: 'django-waffle',
  csp: 'django-csp',
  axes: 'django-axes',
  constance: 'django-constance',
  anymail: 'django-anymail',
  silk: 'django-silk',
  modeltranslation: 'django-modeltranslation',
  parler: 'django-parler',
  formtools: 'django-formtools',
  localflavor: 'django-localflavor',
  tinymce: 'django-tinymce',
  ckeditor: 'django-ckeditor',
  imagekit: 'django-imagekit',
  django_countries: 'django-countries',
  bootstrap4: 'django-bootstrap4',
  bootstrap5: 'django-bootstrap5',
  captcha: 'django-recaptcha',
  channels: 'channels',
  whitenoise: 'whitenoise',
};

/**
 * The distribution that provides an import name (`compressor` → `django-compressor`): one the repository
 * declares when a name matches, else the well-known one, else undefined.
 */
export function distributionFor(module: string, declared: string[]): string | undefined {
  const top = module.split('.')[0];
  const known = DISTRIBUTION_OF[top];
  const guesses = [known, top, 'django-' + top, top.replace(/^django_/, 'django-')].filter((x): x is string => !!x).map(normalizeDist);
  const hit = guesses.find((g) => declared.includes(g));
  return hit ?? known;
}

// ---------------------------------------------------------------------------------------------------------
// Discovery.

export interface DiscoverOptions {
  /** A settings module chosen by the user (`django-mtv.settingsModule`, `--settings`): only its projects are kept. */
  select?: string;
}

/**
 * Finds the project candidates among `files` (paths relative to `root`, from the workspace walk), works out
 * each one's source roots, and keeps one per distinct settings module, the developer's choice first.
 */
export function discoverProjects(fs: FileSystem, cache: ParseCache, root: string, files: string[], opts: DiscoverOptions = {}): Discovery {
  const all: ProjectCandidate[] = [];
  const notes: string[] = [];
  const depsCache = new Map<string, string[]>();
  const distCache = new Map<string, { roots: string[]; read: string[] }>();
  const ancestors = (folder: string): string[] => {
    const out: string[] = [];
    for (let d = folder; relativeInside(root, d) !== undefined; d = dirname(d)) {
      out.push(d);
      if (d === root || d === '/') break;
    }
    return out;
  };
  const distOf = (folder: string) => {
    let hit = distCache.get(folder);
    if (!hit) {
      const read: string[] = [];
      hit = { roots: distributionRoots(fs, cache, folder, read), read };
      distCache.set(folder, hit);
    }
    return hit;
  };
  const depsOf = (folder: string, read: string[]) => {
    let hit = depsCache.get(folder);
    if (!hit) {
      hit = declaredDependencies(fs, folder, read);
      depsCache.set(folder, hit);
    }
    return hit;
  };

  const add = (kind: CandidateKind, source: string, cwd: string, found: Found, extra: Partial<ProjectCandidate> = {}) => {
    const settingsModule = found.settingsModule && MODULE_RE.test(found.settingsModule) ? found.settingsModule : undefined;
    if (!settingsModule && kind !== 'manage.py') return;
    const read: string[] = [source];
    const roots: string[] = [cwd];
    const push = (d: string) => !roots.includes(d) && roots.push(d);
    found.paths.forEach(push);
    // pytest loads the rootdir's conftest.py first: its sys.path edits hold for the test settings.
    if (kind === 'pytest' && fs.stat(cwd + '/conftest.py') === 'file') {
      read.push(cwd + '/conftest.py');
      sysPathEdits(fs, cache, cwd + '/conftest.py').forEach(push);
    }
    const up = ancestors(cwd);
    const resolves = (dirs: string[]) => !!settingsModule && !!new ModuleResolver(fs, dirs, []).resolve(settingsModule)?.file;
    // `pkg/tests/manage.py` naming `pkg.tests.settings`: the folder it resolves from is importable, as the test runner has it.
    if (settingsModule && !resolves(roots)) {
      const anc = up.slice(1).find((d) => resolves([d]));
      if (anc) push(anc);
    }
    // The repository's own distributions, as an editable install puts them on sys.path.
    const declared = new Set<string>();
    for (const d of up) {
      const dist = distOf(d);
      read.push(...dist.read);
      dist.roots.forEach(push);
      for (const n of depsOf(d, read)) declared.add(n);
    }
    const settingsFile = settingsModule ? new ModuleResolver(fs, roots, []).resolve(settingsModule)?.file : undefined;
    all.push({ kind, source, root: cwd, roots, settingsModule, configuration: found.configuration, settingsFile, files: [...new Set(read)], declared: [...declared].sort(), ...extra });
  };

  const sorted = [...files].sort();
  for (const rel of sorted) {
    const name = basename('/' + rel);
    if (!CANDIDATE_FILES.has(name)) continue;
    const file = joinPath(root, rel);
    const folder = dirname(file);
    const text = () => fs.readFile(file) ?? '';
    switch (name) {
      case 'manage.py': {
        const parsed = cache.getPython(file);
        const env = parsed ? environAssignments(parsed.module) : {};
        add('manage.py', file, folder, { ...env, paths: sysPathEdits(fs, cache, file) }, { managePy: file });
        break;
      }
      case 'pytest.ini':
      case 'tox.ini':
      case 'setup.cfg': {
        const t = text();
        if (!t.includes('pytest') && !t.includes(DSM) && !t.includes('--settings')) break;
        const ini = parseIni(t);
        const sec = ini.get(name === 'setup.cfg' ? 'tool:pytest' : 'pytest');
        if (sec) add('pytest', file, folder, pytestOptions(iniSection(sec), folder));
        if (name === 'tox.ini') add('tox', file, folder, toxOptions(ini, folder));
        break;
      }
      case 'pyproject.toml': {
        const t = text();
        if (!t.includes('pytest')) break;
        const doc = readToml(fs, file);
        // pytest 9 reads [tool.pytest] natively; earlier versions the ini_options table.
        const opts = at(doc, 'tool.pytest.ini_options') ?? at(doc, 'tool.pytest');
        if (isObj(opts)) add('pytest', file, folder, pytestOptions(opts, folder));
        break;
      }
      case 'wsgi.py':
      case 'asgi.py':
      case 'conftest.py':
      case 'runtests.py': {
        const t = text();
        const kind: CandidateKind = name === 'conftest.py' ? 'conftest' : name === 'runtests.py' ? 'runtests' : 'wsgi';
        if (t.includes(DSM)) {
          const parsed = cache.getPython(file);
          const env = parsed ? environAssignments(parsed.module) : {};
          // A wsgi.py inside the project package: the folder its settings module resolves from is where Django runs.
          const cwd = kind === 'wsgi' && env.settingsModule ? (ancestors(folder).find((d) => new ModuleResolver(fs, [d], []).resolve(env.settingsModule!)?.file) ?? folder) : folder;
          add(kind, file, cwd, { ...env, paths: sysPathEdits(fs, cache, file) });
        }
        if ((kind === 'conftest' || kind === 'runtests') && /\bconfigure\s*\(/.test(t)) {
          const parsed = cache.getPython(file);
          const call = parsed && configureCall(parsed.module);
          const synthesized = parsed && call && synthesizeConfigure(t, parsed.module, call);
          if (synthesized) {
            const module = rel.replace(/\.py$/, '').split('/').join('.');
            add('configure', file, folder, { settingsModule: MODULE_RE.test(module) ? module : name.replace(/\.py$/, ''), paths: sysPathEdits(fs, cache, file) }, { synthesized, settingsFile: file });
          }
        }
        break;
      }
      case '.env':
        add('dotenv', file, folder, dotenvOptions(text()));
        break;
      default:
        break;
    }
  }
  for (const c of all) if (c.synthesized) c.settingsFile = c.source;

  if (opts.select) {
    const chosen = all.filter((c) => c.settingsModule === opts.select);
    if (!chosen.length) {
      // Nothing names it: take it as the user's word, run from the workspace root.
      add('setting', root, root, { settingsModule: opts.select, paths: [] });
      const c = all[all.length - 1];
      if (c && c.kind === 'setting') {
        if (!c.settingsFile) notes.push(`settings module ${opts.select} (chosen by the user) was not found under ${root}`);
        return { projects: [c], all, notes };
      }
      notes.push(`'${opts.select}' is not a module name`);
      return { projects: [], all, notes };
    }
    return { projects: pick(chosen), all, notes };
  }
  const kept = all.filter((c) => {
    // A settings module named only by a secondary file and found nowhere would be a project that knows nothing.
    if (c.kind !== 'manage.py' && !c.settingsFile) {
      notes.push(`${c.source} names settings module ${c.settingsModule}, which was not found`);
      return false;
    }
    return true;
  });
  return { projects: pick(kept), all, notes };
}

/** One candidate per settings file (or module name and folder when unresolved), the best kind first; the order of projects follows. */
function pick(cands: ProjectCandidate[]): ProjectCandidate[] {
  const rank = (c: ProjectCandidate) => KIND_ORDER.indexOf(c.kind);
  const ordered = [...cands].sort((a, b) => rank(a) - rank(b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const byKey = new Map<string, ProjectCandidate>();
  for (const c of ordered) {
    const key = c.synthesized ? 'configure:' + c.source : c.settingsFile ?? `${c.settingsModule ?? '?'}@${c.managePy ?? c.root}`;
    const have = byKey.get(key);
    if (!have) byKey.set(key, { ...c });
    else {
      // The chosen candidate keeps its own folder; what the others add (a configuration class, files to watch) is merged.
      have.configuration ??= c.configuration;
      have.files = [...new Set([...have.files, ...c.files])];
    }
  }
  return [...byKey.values()];
}
