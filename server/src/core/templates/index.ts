// The template name → file map, in Django's loader order: each engine's DIRS, then each installed app's folder.

import type { FileSystem, WalkResult } from '../fs';
import { walkFiles } from '../fs';
import type { AppInfo } from '../project/apps';
import type { ProjectSettings, TemplateEngineConf, TemplateNameFilter } from '../project/settings';
import { KNOWN_APPS } from '../project/known';
import { compilePyRegex } from '../urls/pyregex';

export interface TemplateFile {
  name: string;
  file: string;
  /** Index of the engine (in TEMPLATES order) that finds it. */
  engine: number;
  /** The folder it was found in, and the app that folder belongs to (if any). */
  dir: string;
  app?: string;
}

export interface TemplateDirInfo {
  dir: string;
  engine: number;
  app?: string;
}

export interface TemplateIndex {
  /** Every name, with every file that provides it, in loader order (the first wins). */
  byName: Map<string, TemplateFile[]>;
  /** Every template file found, by absolute path (a file may be reachable under several names). */
  byFile: Map<string, TemplateFile[]>;
  /** The folders searched, in order. */
  dirs: TemplateDirInfo[];
  /** Whether every place a template could come from was understood (no unknown engine, app or dynamic DIRS). */
  complete: boolean;
  /** Name prefixes under which templates may exist that we could not list (apps we know of but could not read). */
  unknownPrefixes: string[];
  /** Why the inventory is incomplete, for logs. */
  incompleteWhy: string[];
  /**
   * Apps we cannot see (installed apps that could not be found, or INSTALLED_APPS entries that could not be
   * evaluated), described for messages. Not part of `complete`: each may supply templates, but only under names
   * the project does not own (see `ownedPrefixes`).
   */
  missingApps: string[];
  /**
   * First path segments that belong to the project's own apps (their labels and names): Django's convention
   * puts an app's templates under a folder named after it, and a third-party app never ships templates under
   * another app's name except to override it, so a missing app cannot supply `polls/detail.html` for the
   * project's own `polls` app. Names under any other segment stay undecided while an app is missing.
   */
  ownedPrefixes: Set<string>;
  /**
   * Gaps that concern only the names an engine tries (django-jinja's name test): an engine not fully understood,
   * or whose test could not be read. A name the test rejects never reaches that engine, so the gap is not its.
   */
  filteredGaps?: { filter: TemplateNameFilter; why: string }[];
}

const MAX_FILES_PER_DIR = 50_000;
const MAX_DEPTH = 24;

/**
 * Lists a template or static folder: relative paths of its files. Such folders may legitimately lie outside the
 * workspace (an installed app's), so links are followed, but within a bound of entries and depth: a link to `/`
 * in `templates/` must cost a bounded walk, and then the listing says it is incomplete.
 */
export function listFolder(fs: FileSystem, root: string, exclude?: (path: string) => boolean): WalkResult {
  return walkFiles(fs, root, { maxDepth: MAX_DEPTH, maxEntries: MAX_FILES_PER_DIR, skipDir: (name) => name === '__pycache__' || name === 'node_modules' || name === '.git', exclude });
}

/** The files of a folder, as `listFolder`, when a partial listing is good enough (completion, tag libraries). */
export function listFiles(fs: FileSystem, root: string, exclude?: (path: string) => boolean): string[] {
  return listFolder(fs, root, exclude).files;
}

/**
 * Builds the index. `extraDirs` are folders the user says also hold templates (searched last, by every
 * Django engine), so that templates made available some other way are not reported missing.
 */
export function buildTemplateIndex(
  fs: FileSystem,
  engines: TemplateEngineConf[],
  known: Pick<ProjectSettings, 'enginesComplete' | 'templatesUnset' | 'enginesWhy'>,
  apps: AppInfo[],
  appsComplete: boolean,
  extraDirs: string[] = [],
  exclude?: (path: string) => boolean,
): TemplateIndex {
  // With TEMPLATES unset there is no engine, and every name raises TemplateDoesNotExist: names are left undecided,
  // with that reason, rather than each reported missing (one diagnostic per render() would only repeat it).
  const enginesComplete = known.enginesComplete && !known.templatesUnset;
  const index: TemplateIndex = { byName: new Map(), byFile: new Map(), dirs: [], complete: enginesComplete, unknownPrefixes: [], incompleteWhy: [], missingApps: [], ownedPrefixes: new Set(), filteredGaps: [] };
  // Apps added at run time are like apps that cannot be found: they may add templates, not take the project's names.
  if (!appsComplete) index.missingApps.push('INSTALLED_APPS holds entries that could not be evaluated');
  for (const app of apps) {
    if (!app.inWorkspace) continue;
    index.ownedPrefixes.add(app.label);
    index.ownedPrefixes.add(app.name.split('.').pop()!);
  }
  if (!enginesComplete) index.incompleteWhy.push(known.enginesWhy ?? 'TEMPLATES could not be fully evaluated');
  engines.forEach((eng, ei) => {
    const filter = eng.nameFilter;
    if (!eng.complete) {
      const why = eng.incompleteWhy ?? `template engine ${ei} is not fully understood`;
      if (filter) index.filteredGaps!.push({ filter, why: `${why} (engine ${eng.backend})` });
      else {
        index.complete = false;
        index.incompleteWhy.push(why);
      }
    } else if (filter?.unknown) index.filteredGaps!.push({ filter, why: `${filter.unknown} (engine ${eng.backend}), so which names it tries is not known` });
    const dirs: TemplateDirInfo[] = [];
    const sources = eng.sources ?? [{ kind: 'dirs' as const, dirs: eng.dirs }, ...(eng.appDirs ? [{ kind: 'apps' as const }] : [])];
    for (const src of sources) {
      if (src.kind === 'dirs') {
        for (const d of src.dirs) dirs.push({ dir: d, engine: ei });
        continue;
      }
      for (const app of apps) {
        if (app.dir) dirs.push({ dir: app.dir + '/' + eng.appSubdir, engine: ei, app: app.name });
        else {
          const known = KNOWN_APPS[app.name];
          if (known && eng.kind === 'django') index.unknownPrefixes.push(...known.templatePrefixes);
          else if (!known && !index.missingApps.includes(`installed app ${app.entry} could not be found`)) index.missingApps.push(`installed app ${app.entry} could not be found`);
        }
      }
    }
    if (eng.kind === 'django') for (const d of extraDirs) dirs.push({ dir: d, engine: ei });
    for (const d of dirs) {
      index.dirs.push(d);
      if (fs.stat(d.dir) !== 'dir') continue;
      // The user's exclude globs are not applied here: a template left out would be reported missing.
      const listing = listFolder(fs, d.dir);
      if (listing.truncated) {
        // A partial listing cannot prove a template absent.
        index.complete = false;
        index.incompleteWhy.push(`template folder not fully listed: ${listing.truncated}`);
      }
      for (const rel of listing.files) {
        // A file whose name the engine's test rejects is never loaded by that engine.
        if (filter && triesName(filter, rel) === false) continue;
        const tf: TemplateFile = { name: rel, file: d.dir + '/' + rel, engine: ei, dir: d.dir, app: d.app };
        const list = index.byName.get(rel);
        if (list) list.push(tf);
        else index.byName.set(rel, [tf]);
        const byFile = index.byFile.get(tf.file);
        if (byFile) byFile.push(tf);
        else index.byFile.set(tf.file, [tf]);
      }
    }
  });
  return index;
}

/**
 * Collapses `//`, `/./` and `a/../` the way Django's loaders do (they join names with safe_join, which
 * normalises the path). Names that climb above their folder are left as written: no loader serves them.
 */
export function normalizeTemplateName(name: string): string {
  if (!/\/\/|(^|\/)\.\.?(\/|$)/.test(name)) return name;
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return name;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

export type TemplateLookup =
  | { kind: 'found'; files: TemplateFile[] }
  | { kind: 'missing' }
  /** The model cannot tell: part of the inventory is unknown, and `why` says which part. */
  | { kind: 'unknown'; why: string };

/** Looks a name up the way `get_template` would, optionally restricted to engines of one kind. */
export function lookupTemplate(index: TemplateIndex, name: string, engines?: Set<number>): TemplateLookup {
  name = normalizeTemplateName(name);
  const files = (index.byName.get(name) ?? []).filter((f) => !engines || engines.has(f.engine));
  if (files.length) return { kind: 'found', files };
  const why = unseenSource(index, name);
  return why ? { kind: 'unknown', why } : { kind: 'missing' };
}

/**
 * Why a file of this (normalised) name may exist beyond the files we listed, or undefined when the listing is
 * complete for it: the one rule by which absence, or the absence of another file of a name, may be claimed.
 */
export function unseenSource(index: TemplateIndex, name: string): string | undefined {
  if (!index.complete) return index.incompleteWhy[0] ?? 'the template folders are not fully known';
  const prefix = index.unknownPrefixes.find((p) => name === p || name.startsWith(p));
  if (prefix) return `templates under ${prefix} come from a Django app that could not be read`;
  if (index.missingApps.length && !index.ownedPrefixes.has(name.split('/')[0])) {
    const apps = index.missingApps;
    return `${apps[0]}${apps.length > 1 ? ` (and ${apps.length - 1} more such apps)` : ''}, and such an app could supply it`;
  }
  for (const gap of index.filteredGaps ?? []) if (triesName(gap.filter, name) !== false) return gap.why;
  return undefined;
}

/**
 * Whether django-jinja's test accepts a name (it ends with the extension, and Python's `re.match` accepts it),
 * or 'unknown' when part of the test could not be read or the pattern cannot be applied exactly.
 */
function triesName(filter: TemplateNameFilter, name: string): boolean | 'unknown' {
  if (filter.extension && !name.endsWith(filter.extension)) return false;
  if (filter.unknown) return 'unknown';
  if (filter.regex === undefined || filter.regex === '') return true;
  const re = compilePyRegex(filter.regex);
  if ('error' in re) return 'unknown';
  // re.match is an anchored re.search: the leftmost match starts at 0 exactly when one starts there.
  const m = re.match(name, 'search');
  return m === 'unknown' ? m : m !== null && m.start === 0;
}

/** Resolves "./x.html" and "../x.html" against the including template's name, as Django's construct_relative_path does. */
export function resolveRelative(current: string | undefined, name: string): string | undefined {
  if (!current) return undefined;
  const base = current.split('/').slice(0, -1);
  for (const seg of name.split('/')) {
    if (seg === '.') continue;
    if (seg === '..') {
      if (!base.length) return undefined;
      base.pop();
    } else base.push(seg);
  }
  return base.join('/');
}

/** The template name of a file, as the first engine that finds it knows it. */
export function templateNameOf(index: TemplateIndex, file: string): string | undefined {
  return index.byFile.get(file)?.[0]?.name;
}
