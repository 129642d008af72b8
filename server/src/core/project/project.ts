// Builds the static model of one Django project (from its manage.py): settings, apps, URLs, templates, libraries, models.

import type { FileSystem } from '../fs';
import { dirname, normalizePath } from '../fs';
import { Evaluator, asString } from '../python/evaluate';
import type { CallHook } from '../python/evaluate';
import { ModuleResolver, ParseCache } from '../python/modules';
import { walkExpr, walkStmts, stmtExprs } from '../python/ast';
import type { ProjectSettings } from './settings';
import { readSettings } from './settings';
import type { AppInfo } from './apps';
import { resolveApp } from './apps';
import type { TemplateIndex } from '../templates/index';
import { buildTemplateIndex } from '../templates/index';
import type { UrlModel } from '../urls/urlconf';
import { buildUrlModel, urlHook } from '../urls/urlconf';
import type { ConverterKinds } from '../urls/urlconf';
import type { LibraryIndex } from './taglibs';
import { buildLibraryIndex } from './taglibs';
import type { ModelInfo } from './models';
import { readModels } from './models';
import type { Converters } from '../urls/route';

export interface ProjectOptions {
  /** The environment's sys.path (site-packages...), searched after the project's own roots. */
  envPaths: string[];
  extraTemplateDirs: string[];
  exclude?: (path: string) => boolean;
}

export interface Project {
  root: string;
  managePy: string;
  settingsModule?: string;
  settings?: ProjectSettings;
  resolver: ModuleResolver;
  apps: AppInfo[];
  appsComplete: boolean;
  templates: TemplateIndex;
  urls?: UrlModel;
  libraries: LibraryIndex;
  models: ModelInfo[];
  converters: Converters;
  /** Files whose change means this model must be rebuilt (settings, URLconfs, apps.py, templatetags, models). */
  dependencies: Set<string>;
  /** Problems that limit what the model can claim, for the log. */
  notes: string[];
  /** Whether an environment (site-packages) was available. */
  hasEnvironment: boolean;
}

/** Reads `DJANGO_SETTINGS_MODULE` from manage.py's `os.environ.setdefault(...)` call. */
export function settingsModuleOf(cache: ParseCache, managePy: string): string | undefined {
  const parsed = cache.getPython(managePy);
  if (!parsed) return undefined;
  let found: string | undefined;
  walkStmts(parsed.module.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (found || x.kind !== 'call' || x.func.kind !== 'attr') return;
        if (x.func.attr !== 'setdefault' && x.func.attr !== '__setitem__') return;
        const [k, v] = x.args;
        if (k?.value.kind === 'str' && k.value.value === 'DJANGO_SETTINGS_MODULE' && v?.value.kind === 'str') found = v.value.value;
      });
      if (!found && s.kind === 'assign') {
        // os.environ["DJANGO_SETTINGS_MODULE"] = "x.settings"
        const t = s.targets[0];
        if (t && t.kind === 'subscript' && t.index.kind === 'str' && t.index.value === 'DJANGO_SETTINGS_MODULE' && s.value.kind === 'str') found = s.value.value;
      }
    }
  });
  return found;
}

/** Builds a project model. Never throws: what cannot be read is noted and makes the model claim less. */
export function buildProject(fs: FileSystem, cache: ParseCache, managePy: string, opts: ProjectOptions): Project {
  const root = dirname(managePy);
  const resolver = new ModuleResolver(fs, [root], opts.envPaths);
  const converters: Converters = {};
  const converterKinds: ConverterKinds = {};
  const urls = urlHook(converters, converterKinds);
  // Settings often put an `apps/` or `src/` folder on sys.path; follow that, so those apps resolve.
  const hook: CallHook = (qualname, args, call, ctx) => {
    if (qualname === 'sys.path.insert' || qualname === 'sys.path.append') {
      const dir = asString(qualname === 'sys.path.insert' ? args.positional[1] : args.positional[0]);
      if (dir && fs.stat(normalizePath(dir)) === 'dir') resolver.addProjectRoot(normalizePath(dir));
      return { t: 'none' };
    }
    return urls(qualname, args, call, ctx);
  };
  const ev = new Evaluator(cache, resolver, hook);
  const notes: string[] = [];
  const deps = new Set<string>([managePy]);
  const settingsModule = settingsModuleOf(cache, managePy);
  const project: Project = {
    root,
    managePy,
    settingsModule,
    resolver,
    apps: [],
    appsComplete: false,
    templates: { byName: new Map(), byFile: new Map(), dirs: [], complete: false, unknownPrefixes: [], incompleteWhy: ['settings not read'] },
    libraries: { libraries: new Map(), complete: false, incompleteWhy: ['settings not read'] },
    models: [],
    converters,
    dependencies: deps,
    notes,
    hasEnvironment: opts.envPaths.length > 0,
  };
  if (!settingsModule) {
    notes.push('manage.py does not set DJANGO_SETTINGS_MODULE');
    return project;
  }
  ev.settingsModule = settingsModule;
  const settings = readSettings(ev, settingsModule, root);
  for (const f of ev.filesRead) deps.add(f);
  if (!settings) {
    notes.push(`settings module ${settingsModule} not found`);
    return project;
  }
  project.settings = settings;
  project.apps = settings.installedApps.map((entry) => resolveApp(entry, resolver, cache));
  for (const a of project.apps) {
    if (a.config) deps.add(a.config.file);
    if (!a.resolved) notes.push(`installed app ${a.entry} not found${project.hasEnvironment ? '' : ' (no Python environment given)'}`);
  }
  project.appsComplete = settings.installedAppsComplete;
  if (!settings.installedAppsComplete) notes.push('INSTALLED_APPS is not fully static');
  project.templates = buildTemplateIndex(fs, settings.engines, settings.enginesComplete, project.apps, settings.installedAppsComplete, opts.extraTemplateDirs, opts.exclude);
  const optionLibs = new Map<string, string>();
  for (const e of settings.engines) if (e.kind === 'django') e.libraries.forEach((m, n) => optionLibs.set(n, m));
  project.libraries = buildLibraryIndex(fs, cache, resolver, project.apps, settings.installedAppsComplete, optionLibs);
  for (const lib of project.libraries.libraries.values()) if (lib.file) deps.add(lib.file);
  project.models = readModels(fs, cache, resolver, project.apps);
  for (const m of project.models) deps.add(m.file);
  if (settings.rootUrlconf) {
    project.urls = buildUrlModel(ev, converters, { rootUrlconf: settings.rootUrlconf, languageCode: settings.languageCode }, converterKinds);
    for (const f of project.urls.files) deps.add(f);
  } else notes.push('ROOT_URLCONF is not set statically');
  for (const f of ev.filesRead) deps.add(f);
  return project;
}

export { ParseCache };
