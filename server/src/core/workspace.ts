// A workspace folder: finds its Django projects, keeps their models and per-file parses, and updates them when files change.

import type { FileSystem } from './fs';
import type { WalkOptions } from './fs';
import { joinPath, ListingCacheFileSystem, relativeInside, walkFiles } from './fs';
import { absoluteModule, isPackageFile, ModuleResolver, ParseCache } from './python/modules';
import { walkStmts } from './python/ast';
import type { ModuleFacts } from './python/modules';
import { drain } from './steps';
import type { Project, ProjectOptions } from './project/project';
import { buildProject, buildProjectSteps } from './project/project';
import type { BuildStage } from './project/project';
import type { Discovery, ProjectCandidate } from './project/discovery';
import { discoverProjects, isDiscoveryFile } from './project/discovery';
import type { ParsedTemplate } from './templates/parse';
import { parseTemplate } from './templates/parse';
import type { PyRefs } from './python/refs';
import { mayHoldRefs, pythonRefs, refsOfText } from './python/refs';
import type { TemplateFile } from './templates/index';

export interface WorkspaceOptions {
  /** The environment's sys.path entries; when empty, a `.venv`/`venv`/`env` folder's site-packages is used if present. */
  envPaths: string[];
  extraTemplateDirs: string[];
  /** Paths to leave out (globs already compiled by the caller). */
  exclude?: (path: string) => boolean;
  /** Called with progress messages while indexing. */
  log?: (msg: string) => void;
  /**
   * Asked for the environment's sys.path once the project folders are known, when `envPaths` is empty (the CLI
   * looks for the interpreter the user's shell would run there); an empty answer falls back to reading a venv's files.
   */
  environment?: (dirs: string[]) => string[];
  /** The settings module the user chose (`django-mtv.settingsModule`, `--settings`): only its project is built. */
  settingsModule?: string;
  /** The parses of the workspace this one replaces (a re-index after a settings change): file contents did not change. */
  parseCache?: ParseCache;
  /** Facts of files from earlier runs, by content (the CLI's cache in the user's cache folder): a hit needs no parse. */
  facts?: FactsCache;
}

/**
 * Per-file facts kept between runs, looked up by a file's text (the implementation keys them by a hash of it), so
 * an unchanged file needs no parse and a changed one simply misses. Lives outside the core (host/facts-cache.ts).
 */
export interface FactsCache extends ModuleFacts {
  refs(text: string): PyRefs | undefined;
  setRefs(text: string, refs: PyRefs): void;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', 'site-packages', '.hg', '.svn', '.cache', '.idea', '.vscode']);
const MAX_DISCOVERY_DEPTH = 10;
/** Files and folders read at most while looking for projects or a project's Python files. */
const MAX_WALK_ENTRIES = 200_000;

/** The walk of a workspace's own tree: no tool or hidden folders, no virtual environments, no links out of it. */
function ownTree(root: string, maxDepth: number, exclude?: (p: string) => boolean, skip?: (name: string) => boolean): WalkOptions {
  return {
    maxDepth,
    maxEntries: MAX_WALK_ENTRIES,
    within: root,
    skipDir: (name) => SKIP_DIRS.has(name) || name.startsWith('.') || !!skip?.(name),
    // A folder holding pyvenv.cfg is a virtual environment: never a project.
    skipListing: (entries) => entries.some((e) => e.name === 'pyvenv.cfg' && e.kind === 'file'),
    exclude,
  };
}


/** Finds the projects of a tree (manage.py, pytest-django, tox, wsgi/asgi, conftest/runtests, .env), over one walk of it. */
function discover(fs: FileSystem, cache: ParseCache, root: string, opts: { exclude?: (p: string) => boolean; settingsModule?: string } = {}): Discovery {
  const { files } = walkFiles(fs, root, ownTree(root, MAX_DISCOVERY_DEPTH, opts.exclude));
  return discoverProjects(fs, cache, root, files, { select: opts.settingsModule });
}

/** The site-packages folders of a `.venv`, `venv` or `env` virtual environment in one of `dirs`, read without running Python. */
function findVenvSitePackages(fs: FileSystem, dirs: string[]): string[] {
  for (const d of dirs) {
    for (const name of ['.venv', 'venv', 'env']) {
      const venv = d + '/' + name;
      if (fs.stat(venv + '/pyvenv.cfg') !== 'file') continue;
      const out: string[] = [];
      for (const lib of ['lib', 'lib64']) {
        for (const e of fs.readDir(venv + '/' + lib)) {
          if (e.kind === 'dir' && /^python3/.test(e.name) && fs.stat(`${venv}/${lib}/${e.name}/site-packages`) === 'dir') out.push(`${venv}/${lib}/${e.name}/site-packages`);
        }
      }
      if (fs.stat(venv + '/Lib/site-packages') === 'dir') out.push(venv + '/Lib/site-packages');
      if (out.length) return out;
    }
  }
  return [];
}

/** Names of files a project's build usually reads (see `Workspace.likelyFiles`). */
/** URLconf modules by name (`urls.py`, `urls_api.py`, `urls/orga.py`). */
const URLCONF = /(^|\/)urls[^/]*\.py$|\/urls\/[^/]+\.py$/;
const LIKELY = /(^|\/)(settings[^/]*|urls[^/]*|views|models|apps|admin|forms|__init__|[^/]*tags)\.py$|\/(settings|urls|views|models|templatetags)\/[^/]+\.py$/;

/** One step of `Workspace.indexSteps`: the project about to be built, or (with `stage`) being built. */
export interface IndexStep {
  candidate: ProjectCandidate;
  stage?: BuildStage;
}

export class Workspace {
  readonly cache: ParseCache;
  projects: Project[] = [];
  private readonly templates = new Map<string, ParsedTemplate>();
  /** null: the file was read and can hold no reference. */
  private readonly refs = new Map<string, PyRefs | null>();
  private envPaths: string[] = [];
  /** The answer of `options.environment`, asked once: the interpreter is run at most once per workspace. */
  private envPathsAsked?: string[];
  /** What the last discovery found (every candidate, the chosen ones, and why some were dropped). */
  discovery: Discovery = { projects: [], all: [], notes: [] };
  /**
   * Candidates found but not built: each has the root of a project found before it (a pytest test-settings module
   * beside manage.py's), so that project owns every file under it and this one none. Building them doubled
   * indexing on real repositories; they are built when a file no built project holds is asked about, or by
   * `allProjects()` (issue 14).
   */
  private deferred: ProjectCandidate[] = [];
  /** True while `indexSteps` is under way: a request then does not build the deferred projects out of turn. */
  private stepping = false;
  /** Bumped whenever a project model is rebuilt, so callers can tell their results are stale. */
  generation = 0;
  /** Bumped on every change of any file, so whole-project results (all uses of a URL name) can be cached. */
  contentVersion = 0;
  /** The last changes, so that an index over every file can update only the changed ones (`changedSince`). */
  private readonly changeLog: { version: number; paths: string[]; structural: boolean }[] = [];

  /** The file system as given, with folder listings cached until a structural change. */
  readonly fs: ListingCacheFileSystem;

  constructor(
    fs: FileSystem,
    readonly root: string,
    readonly options: WorkspaceOptions,
  ) {
    this.fs = new ListingCacheFileSystem(fs);
    this.cache = options.parseCache ?? new ParseCache(this.fs, options.facts);
  }

  private projectOptions(): ProjectOptions {
    return { envPaths: this.envPaths, extraTemplateDirs: this.options.extraTemplateDirs, exclude: this.options.exclude };
  }

  /** Finds and builds every project; `relist` false keeps the cached folder listings (only file contents changed). */
  index(relist = true): Project[] {
    return drain(this.indexSteps(relist));
  }

  /**
   * Indexing one step at a time, for a caller that serves requests in between (the language server): it yields
   * once discovery is done and before building each project, which appears in `projects` as soon as it is built.
   */
  *indexSteps(relist = true): Generator<IndexStep, Project[], void> {
    if (relist) this.fs.clearListings();
    this.stepping = true;
    this.discovery = discover(this.fs, this.cache, this.root, { exclude: this.options.exclude, settingsModule: this.options.settingsModule });
    for (const n of this.discovery.notes) this.options.log?.(`discovery: ${n}`);
    const found = this.discovery.projects;
    const dirs = [this.root, ...new Set(found.map((c) => c.root).filter((d) => d !== this.root))];
    // A tree with no project needs no environment: the interpreter (a process start, 0.1-0.3 s) is not asked.
    this.envPaths = this.options.envPaths.length || !found.length ? this.options.envPaths : (this.envPathsAsked ??= this.options.environment?.(dirs) ?? []);
    if (!this.envPaths.length && found.length) this.envPaths = findVenvSitePackages(this.fs, dirs);
    const now: ProjectCandidate[] = [];
    this.deferred = [];
    for (const c of found) (now.some((b) => b.root === c.root) ? this.deferred : now).push(c);
    for (const c of this.deferred) this.options.log?.(`project ${this.describe(c)}: not built until needed (its folder is the project's of ${now.find((b) => b.root === c.root)?.source})`);
    this.projects = [];
    for (const c of now) {
      yield { candidate: c };
      const steps = buildProjectSteps(this.fs, this.cache, c, this.projectOptions());
      let r = steps.next();
      for (; !r.done; r = steps.next()) yield { candidate: c, stage: r.value };
      this.logBuilt(c, r.value);
      this.projects = [...this.projects, r.value];
      this.generation++;
    }
    this.stepping = false;
    return this.projects;
  }

  /**
   * Python files the build of a candidate will most likely parse (settings, URLconfs, views, models, apps, tag
   * libraries, package inits of its own tree), so that a caller can parse them in slices before the build,
   * which then runs mostly from the parse cache (Misago: 1.2 s cold, 0.17 s with its parses cached).
   */
  likelyFiles(candidate: ProjectCandidate): string[] {
    const out: string[] = [];
    for (const dir of candidate.roots.filter((r) => relativeInside(this.root, r) !== undefined)) {
      const { files } = walkFiles(this.fs, dir, ownTree(dir, 20, this.options.exclude, (name) => name === 'migrations' || name === 'tests' || name === 'node_modules'));
      for (const f of files) if (LIKELY.test(f)) out.push(dir + '/' + f);
    }
    return [...new Set(out)];
  }

  /**
   * Workspace modules the URLconfs among `files` (parsed already) import: the views, API viewsets and helpers the
   * URL model reads, which `likelyFiles` cannot tell by their names (kitsune's `api.py`: 29 files, 60 ms of a build).
   */
  importedByUrlconfs(candidate: ProjectCandidate, files: string[]): string[] {
    const resolver = new ModuleResolver(this.fs, [...candidate.roots], []);
    const out = new Set<string>();
    for (const f of files) {
      if (!URLCONF.test(f)) continue;
      const parsed = this.cache.peek(f);
      const current = resolver.moduleNameOf(f);
      if (!parsed || current === undefined) continue;
      const names: string[] = [];
      walkStmts(parsed.module.body, (s) => {
        if (s.kind === 'import') names.push(...s.names.map((n) => n.name));
        if (s.kind !== 'from') return;
        const base = absoluteModule(current, isPackageFile(f), s.level, s.module);
        if (!base) return;
        names.push(base);
        // `from . import views` imports a module too.
        if (s.names !== '*') names.push(...s.names.map((n) => `${base}.${n.name}`));
      });
      for (const n of names) {
        const file = resolver.resolve(n)?.file;
        if (file && relativeInside(this.root, file) !== undefined && !this.cache.peek(file)) out.add(file);
      }
    }
    return [...out];
  }

  private describe(c: ProjectCandidate): string {
    return `${c.source}${c.settingsModule ? ` (${c.settingsModule}${c.configuration ? `, ${c.configuration}` : ''})` : ''}`;
  }

  private build(c: ProjectCandidate): Project {
    const p = buildProject(this.fs, this.cache, c, this.projectOptions());
    this.logBuilt(c, p);
    return p;
  }

  private logBuilt(c: ProjectCandidate, p: Project): void {
    this.options.log?.(`project ${this.describe(c)}: ${p.notes.length ? p.notes.join('; ') : 'fully understood'}`);
  }

  /** Builds the deferred candidates, keeping discovery's order (so the first of two projects of one folder still wins). */
  private buildDeferred(): void {
    if (!this.deferred.length) return;
    const built = new Map(this.projects.map((p) => [p.candidate, p] as const));
    for (const c of this.deferred) built.set(c, this.build(c));
    this.deferred = [];
    this.projects = this.discovery.projects.map((c) => built.get(c)).filter((p): p is Project => !!p);
    this.generation++;
  }

  /** Every project discovery chose, the deferred ones built now (`index` lists them all). */
  allProjects(): Project[] {
    this.buildDeferred();
    return this.projects;
  }

  /**
   * Takes note of changed, created or deleted files. Parses of those files are dropped; a project is rebuilt
   * only when a file it depends on changed, or when a file appeared or vanished under its folders.
   */
  changed(paths: string[], structural = false): Project[] {
    const rebuilt: Project[] = [];
    this.contentVersion++;
    this.changeLog.push({ version: this.contentVersion, paths, structural });
    if (this.changeLog.length > 64) this.changeLog.shift();
    if (structural) this.fs.clearListings();
    for (const p of paths) {
      this.cache.invalidate(p);
      this.templates.delete(p);
      this.refs.delete(p);
      if (!structural) continue;
      // A folder deleted or renamed as a whole: what was read under it goes too.
      this.cache.invalidateFolder(p);
      const prefix = p.endsWith('/') ? p : p + '/';
      for (const m of [this.templates, this.refs] as Map<string, unknown>[]) for (const k of [...m.keys()]) if (k.startsWith(prefix)) m.delete(k);
    }
    // A file that names projects or their roots (manage.py, pytest/tox configs, pyproject, wsgi.py...) appeared,
    // vanished or changed: discovery runs again (over the cached listings when no file appeared or vanished).
    if (paths.some((p) => isDiscoveryFile(p) || this.discovery.all.some((c) => c.files.includes(p)))) {
      this.index(structural);
      return this.projects;
    }
    this.projects = this.projects.map((proj) => {
      const affected = paths.some((p) => proj.dependencies.has(p) || (structural && (this.ownsFolder(proj, p) || proj.templates.dirs.some((d) => relativeInside(d.dir, p) !== undefined))));
      if (!affected) return proj;
      const np = buildProject(this.fs, this.cache, proj.candidate, this.projectOptions());
      rebuilt.push(np);
      return np;
    });
    if (rebuilt.length) this.generation++;
    return rebuilt;
  }

  /**
   * The files changed since `contentVersion` was `version`, or undefined when that is not known any more (too many
   * changes since, or files appeared or vanished): the caller then starts over.
   */
  changedSince(version: number): string[] | undefined {
    if (version === this.contentVersion) return [];
    const since = this.changeLog.filter((c) => c.version > version);
    if (since.length !== this.contentVersion - version || since.some((c) => c.structural)) return undefined;
    return [...new Set(since.flatMap((c) => c.paths))];
  }

  /** Folders of a project's installed apps that lie in this workspace outside the project's root: their files are the project's too. */
  appDirs(project: Project): string[] {
    const out: string[] = [];
    for (const a of project.apps) {
      if (!a.inWorkspace || !a.dir || relativeInside(this.root, a.dir) === undefined || relativeInside(project.root, a.dir) !== undefined) continue;
      if (!out.some((d) => relativeInside(d, a.dir!) !== undefined)) out.push(a.dir);
    }
    return out;
  }

  private ownsFolder(project: Project, path: string): boolean {
    return relativeInside(project.root, path) !== undefined || this.appDirs(project).some((d) => relativeInside(d, path) !== undefined);
  }

  /**
   * The project a file belongs to: the deepest project root containing it, else a project with an installed app
   * whose folder holds it (an app beside the example project that uses it), else one whose template folders hold it.
   */
  projectFor(file: string): Project | undefined {
    let best: Project | undefined;
    for (const p of this.projects) {
      if (relativeInside(p.root, file) !== undefined && (!best || p.root.length > best.root.length)) best = p;
    }
    if (best) return best;
    const byApp = this.projects.find((p) => this.appDirs(p).some((d) => relativeInside(d, file) !== undefined));
    if (byApp) return byApp;
    const byTemplates = this.projects.find((p) => p.templates.byFile.has(file) || p.templates.dirs.some((d) => relativeInside(d.dir, file) !== undefined));
    if (byTemplates || !this.deferred.length || this.stepping) return byTemplates;
    // A deferred project may hold it through an app or template folder of its own.
    this.buildDeferred();
    return this.projectFor(file);
  }

  /**
   * The parse of a template file. Kept until `changed` names the file (as parses of Python files are): a request
   * does not read every template again to see that it did not change.
   */
  template(file: string): ParsedTemplate | undefined {
    const hit = this.templates.get(file);
    if (hit) return hit;
    const text = this.fs.readFile(file);
    if (text === undefined) return undefined;
    const value = parseTemplate(text);
    this.templates.set(file, value);
    return value;
  }

  /**
   * URL and template references of a Python file, kept until `changed` names the file; files that cannot hold any
   * are not parsed.
   */
  pythonRefs(file: string): PyRefs | undefined {
    const hit = this.refs.get(file);
    if (hit !== undefined) return hit ?? undefined;
    const text = this.fs.readFile(file);
    if (text === undefined) return undefined;
    let value: PyRefs | null = null;
    if (mayHoldRefs(text)) {
      // A parse the model keeps is reused, since generic views are matched to routed classes by identity of the
      // model's statements. Otherwise only the pieces that can hold a reference are parsed, and not kept: the
      // editor parses a whole file when a request about it needs that.
      const kept = this.cache.peek(file);
      if (kept?.text === text) value = pythonRefs(kept.module);
      else {
        value = this.options.facts?.refs(text) ?? null;
        if (!value) {
          value = refsOfText(text);
          this.options.facts?.setRefs(text, value);
        }
      }
    }
    this.refs.set(file, value);
    return value ?? undefined;
  }

  /** Whether a file is a template of some project (it lies in a template folder). */
  templateFilesOf(project: Project, file: string): TemplateFile[] {
    return project.templates.byFile.get(file) ?? [];
  }

  /** Python files of a project's own tree (for `check`), skipping virtual environments, tool folders and links out of it. */
  pythonFiles(project: Project): string[] {
    const out: string[] = [];
    for (const dir of [project.root, ...this.appDirs(project)]) {
      const { files } = walkFiles(this.fs, dir, ownTree(dir, 20, this.options.exclude, (name) => name === 'migrations'));
      for (const f of files) if (f.endsWith('.py')) out.push(dir + '/' + f);
    }
    return out;
  }
}
