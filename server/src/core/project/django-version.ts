// Which Django a project uses: the environment's django/__init__.py, else the declared dependency, else the newest series.

import type { FileSystem } from '../fs';
import { dirname } from '../fs';
import type { ModuleResolver } from '../python/modules';

/** Django's feature releases, oldest first; the last one is what a project with no other clue is taken to use. */
const DJANGO_SERIES = ['1.11', '2.0', '2.1', '2.2', '3.0', '3.1', '3.2', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1'] as const;
export const NEWEST_SERIES = DJANGO_SERIES[DJANGO_SERIES.length - 1];

export interface DjangoVersion {
  /** The feature release, "5.2". */
  series: string;
  /** The full version when it was read ("5.2.18"), else the series. */
  version: string;
  /** Where it was learnt: the installed Django, a declared requirement or lock file, or nothing (the newest). */
  from: 'environment' | 'declared' | 'default';
  /** The file it was read from. */
  file?: string;
}

/** Compares two versions ("4.2" < "4.10" < "5.0"), part by part. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The "major.minor" part of a version. */
function seriesOf(version: string): string {
  const m = /^(\d+)\.(\d+)/.exec(version) ?? /^(\d+)/.exec(version);
  if (!m) return version;
  return `${m[1]}.${m[2] ?? '0'}`;
}

/** Whether a project on `series` has what came in `since` (both "major.minor"). */
export function atLeast(series: string, since: string): boolean {
  return compareVersions(series, since) >= 0;
}

/** `VERSION = (5, 2, 18, "final", 0)` in django/__init__.py. */
function readVersionTuple(text: string): string | undefined {
  const m = /^VERSION\s*=\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/m.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

/**
 * The series a version specifier most likely installs: an exact pin gives its series; otherwise the newest
 * known series inside the bounds (pip installs the newest that fits), or the lower bound when none fits.
 * Understands PEP 440 clauses (`==`, `~=`, `>=`, `>`, `<`, `<=`, `!=`, `===`, `.*`) and Poetry's `^` and `~`.
 */
export function seriesFromSpecifier(spec: string): string | undefined {
  const clauses = spec.split(/[,|]/).map((c) => c.trim()).filter(Boolean);
  let lower: string | undefined;
  let upper: { v: string; inclusive: boolean } | undefined;
  for (const c of clauses) {
    const m = /^(===|==|~=|>=|<=|!=|>|<|\^|~)?\s*v?(\d+(?:\.\d+)*)(\.\*)?/.exec(c);
    if (!m) continue;
    const op = m[1] ?? '==';
    const v = m[2];
    if (op === '==' || op === '===') return seriesOf(v);
    if (op === '!=') continue;
    const parts = v.split('.');
    if (op === '~=') {
      // ~=5.2.3 is >=5.2.3,<5.3; ~=5.2 is >=5.2,<6.
      if (parts.length >= 3) return seriesOf(v);
      lower = v;
      upper = { v: `${Number(parts[0]) + 1}`, inclusive: false };
    } else if (op === '^') {
      lower = v;
      upper = { v: `${Number(parts[0]) + 1}`, inclusive: false };
    } else if (op === '~') {
      if (parts.length >= 2) return seriesOf(v);
      lower = v;
      upper = { v: `${Number(parts[0]) + 1}`, inclusive: false };
    } else if (op === '>=' || op === '>') lower = v;
    else if (op === '<' || op === '<=') upper = { v, inclusive: op === '<=' };
  }
  const fits = DJANGO_SERIES.filter((s) => {
    if (lower && compareVersions(s, seriesOf(lower)) < 0) return false;
    if (upper) {
      const d = compareVersions(s, upper.v);
      if (d > 0 || (d === 0 && !upper.inclusive) || (!upper.inclusive && compareVersions(`${s}.0`, upper.v) >= 0)) return false;
    }
    return true;
  });
  if (fits.length) return fits[fits.length - 1];
  return lower ? seriesOf(lower) : undefined;
}

/** A `django` requirement line (PEP 508): the specifier part, or '' when unpinned; undefined for another package. */
export function djangoRequirement(line: string): string | undefined {
  const m = /^\s*["']?django\s*(?:\[[^\]]*\])?\s*(?:\(([^)]*)\)|((?:===|==|~=|>=|<=|!=|>|<|\^|~)[^;#"']*))?\s*(?:[;#"']|$)/i.exec(line);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? '').trim();
}

/** The pinned Django of a lock file's text, or undefined. */
export function lockedVersion(file: string, text: string): string | undefined {
  if (file.endsWith('Pipfile.lock')) {
    const m = /"django"\s*:\s*\{[^}]*?"version"\s*:\s*"==([^"]+)"/i.exec(text);
    return m?.[1];
  }
  // poetry.lock, uv.lock, pdm.lock: [[package]] tables with name then version.
  const m = /\[\[package\]\]\s*\n\s*name\s*=\s*"django"\s*\n\s*version\s*=\s*"([^"]+)"/i.exec(text);
  return m?.[1];
}

const LOCK_FILES = ['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock'];

/** A declaration read from one file, for the folder walk below. */
function declaredIn(fs: FileSystem, folder: string): { series: string; file: string } | undefined {
  for (const name of LOCK_FILES) {
    const file = `${folder}/${name}`;
    const text = fs.readFile(file);
    const v = text === undefined ? undefined : lockedVersion(file, text);
    if (v) return { series: seriesOf(v), file };
  }
  const candidates: string[] = [];
  for (const e of fs.readDir(folder)) {
    if (e.kind === 'file' && /^requirements.*\.(txt|in)$/i.test(e.name)) candidates.push(`${folder}/${e.name}`);
  }
  for (const e of fs.readDir(`${folder}/requirements`)) if (e.kind === 'file' && /\.(txt|in)$/i.test(e.name)) candidates.push(`${folder}/requirements/${e.name}`);
  candidates.sort();
  for (const name of ['pyproject.toml', 'Pipfile', 'setup.cfg', 'setup.py']) candidates.push(`${folder}/${name}`);
  for (const file of candidates) {
    const text = fs.readFile(file);
    if (text === undefined) continue;
    for (const raw of text.split(/\r?\n/)) {
      // Poetry and Pipfile tables: `django = "^4.2"` or `Django = {version = ">=5.0"}`.
      const toml = /^\s*["']?django["']?\s*=\s*(?:\{[^}]*version\s*=\s*)?["']([^"']*)["']/i.exec(raw);
      // Requirement lines, and PEP 508 strings in a list (`"Django>=5.2",`).
      let spec = toml ? (toml[1] === '*' ? '' : toml[1]) : djangoRequirement(raw.replace(/^\s*(?:-e\s+)?/, ''));
      // PEP 508 strings in a TOML list or setup.py call, several to a line: `dependencies = ["Django>=5.2"]`.
      for (const q of toml ? [] : raw.matchAll(/"([^"]*)"|'([^']*)'/g)) {
        if (spec !== undefined && spec !== '') break;
        const inner = djangoRequirement(q[1] ?? q[2] ?? '');
        if (inner !== undefined) spec = inner;
      }
      if (spec === undefined) continue;
      const series = spec ? seriesFromSpecifier(spec) : undefined;
      if (series) return { series, file };
    }
  }
  return undefined;
}

/** How many folders above the project root may hold its declarations (a src/ layout puts them one or two up). */
const MAX_UP = 3;

/**
 * The Django a project uses. `folders` are the project's root and source roots; the declared dependency is
 * looked for in them and up to three folders above, nearest first, but never above `stopAt` (the workspace).
 */
export function detectDjangoVersion(fs: FileSystem, resolver: ModuleResolver | undefined, folders: string[], stopAt?: string): DjangoVersion {
  const init = resolver?.resolve('django');
  if (init?.file && !init.inWorkspace) {
    const text = fs.readFile(init.file);
    const v = text === undefined ? undefined : readVersionTuple(text);
    if (v) return { series: seriesOf(v), version: v, from: 'environment', file: init.file };
  }
  const seen = new Set<string>();
  for (const start of folders) {
    let folder = start;
    for (let up = 0; up <= MAX_UP; up++) {
      if (!seen.has(folder)) {
        seen.add(folder);
        const d = declaredIn(fs, folder);
        if (d) return { series: d.series, version: d.series, from: 'declared', file: d.file };
      }
      if (stopAt !== undefined && (folder === stopAt || !folder.startsWith(stopAt))) break;
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
  return { series: NEWEST_SERIES, version: NEWEST_SERIES, from: 'default' };
}

/** How a version is shown to users: "5.2 (installed)", "4.2 (declared in requirements.txt)", "6.1 (newest; none found)". */
export function describeDjango(v: DjangoVersion): string {
  if (v.from === 'environment') return `${v.version} (installed)`;
  if (v.from === 'declared') return `${v.series} (declared in ${v.file ? v.file.slice(v.file.lastIndexOf('/') + 1) : 'the project'})`;
  return `${v.series} (the newest: no installed or declared Django found)`;
}

const perProject = new WeakMap<object, DjangoVersion>();

/** The project's Django, computed once per project model (a rebuilt model reads it again). */
export function projectDjango(fs: FileSystem, project: { root: string; resolver: ModuleResolver; candidate: { roots: string[] } }, stopAt?: string): DjangoVersion {
  let v = perProject.get(project);
  if (!v) {
    v = detectDjangoVersion(fs, project.resolver, [project.root, ...project.candidate.roots.filter((r) => r !== project.root)], stopAt);
    perProject.set(project, v);
  }
  return v;
}

/** Django 6.0 made template partials built in; before it, the django-template-partials app provides them. */
const PARTIALS_SINCE = '6.0';

/**
 * Whether `{% partialdef %}`, `{% partial %}` and "name.html#partial" work in this project: Django 6.0 or later,
 * or the django-template-partials app (`template_partials`) in INSTALLED_APPS, which wraps the loaders the same way.
 */
export function partialsSupported(fs: FileSystem, project: { root: string; resolver: ModuleResolver; candidate: { roots: string[] }; apps: { entry: string; name?: string }[] }): boolean {
  if (project.apps.some((a) => a.entry === 'template_partials' || a.entry.startsWith('template_partials.') || a.name === 'template_partials')) return true;
  return atLeast(projectDjango(fs, project).series, PARTIALS_SINCE);
}
