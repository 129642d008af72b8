// Builds the static model of one Django project (from a discovered candidate: manage.py, pytest, wsgi...): settings, apps, URLs, templates, libraries, models.

import type { FileSystem } from '../fs';
import { dirname, normalizePath } from '../fs';
import { drain } from '../steps';
import { Evaluator, asString } from '../python/evaluate';
import type { CallHook } from '../python/evaluate';
import { ModuleResolver, ParseCache } from '../python/modules';
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
import type { ProjectCandidate } from './discovery';
import { distributionFor, environAssignments } from './discovery';

export interface ProjectOptions {
  /** The environment's sys.path (site-packages...), searched after the project's own roots. */
  envPaths: string[];
  extraTemplateDirs: string[];
  exclude?: (path: string) => boolean;
}

export interface Project {
  /** The folder Django runs in (manage.py's, the test runner's rootdir...): the project's own files lie under it. */
  root: string;
  /** The manage.py, when the project was found by one. */
  managePy?: string;
  /** How the project was found, with its source roots and declared distributions. */
  candidate: ProjectCandidate;
  settingsModule?: string;
  /** django-configurations' DJANGO_CONFIGURATION (the settings class), when set. */
  configuration?: string;
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


/** The candidate of a manage.py alone (its folder as the only root), for callers that have just a path. */
function managePyCandidate(cache: ParseCache, managePy: string): ProjectCandidate {
  const root = dirname(managePy);
  const parsed = cache.getPython(managePy);
  const env = parsed ? environAssignments(parsed.module) : {};
  return { kind: 'manage.py', source: managePy, managePy, root, roots: [root], ...env, files: [managePy], declared: [] };
}

/** The note for an installed app that was not found: which distribution to install, when we can tell. */
function missingAppNote(entry: string, hasEnvironment: boolean, declared: string[], resolver: ModuleResolver): string {
  if (!hasEnvironment) return `installed app ${entry} not found (no Python environment given: pass --python or set django-mtv.pythonPath)`;
  const top = entry.split('.')[0];
  // Installing the package again would not help when it is there but lacks the module.
  if (top !== entry && resolver.resolve(top)) return `installed app '${entry}' not found (its package '${top}' was found, but not this module)`;
  const dist = distributionFor(entry, declared);
  return `installed app '${entry}' not found: install ${dist ?? `the package that provides '${entry.split('.')[0]}'`} in the interpreter or pass --python`;
}

/** Builds a project model. Never throws: what cannot be read is noted and makes the model claim less. */
export function buildProject(fs: FileSystem, cache: ParseCache, from: ProjectCandidate | string, opts: ProjectOptions): Project {
  return drain(buildProjectSteps(fs, cache, from, opts));
}

/** What a project's build has done when it pauses (the language server serves requests between stages). */
export type BuildStage = 'settings' | 'templates' | 'models';

/**
 * The build of `buildProject` in stages: it pauses after reading the settings and apps, after listing templates
 * and tag libraries, and after the models, before the URL model (the longest stage).
 */
export function* buildProjectSteps(fs: FileSystem, cache: ParseCache, from: ProjectCandidate | string, opts: ProjectOptions): Generator<BuildStage, Project, void> {
  const candidate = typeof from === 'string' ? managePyCandidate(cache, from) : from;
  const root = candidate.root;
  const resolver = new ModuleResolver(fs, [...candidate.roots], opts.envPaths);
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
  const deps = new Set<string>(candidate.files);
  const settingsModule = candidate.settingsModule;
  const project: Project = {
    root,
    managePy: candidate.managePy,
    candidate,
    settingsModule,
    configuration: candidate.configuration,
    resolver,
    apps: [],
    appsComplete: false,
    templates: { byName: new Map(), byFile: new Map(), dirs: [], complete: false, unknownPrefixes: [], incompleteWhy: ['settings not read'], missingApps: [], ownedPrefixes: new Set() },
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
  // settings.configure(...) in runtests.py/conftest.py: its keywords stand in for the settings module.
  if (candidate.synthesized !== undefined) ev.evalFile(settingsModule, candidate.source, candidate.synthesized);
  const settings = readSettings(ev, settingsModule, root, candidate.configuration);
  for (const f of ev.filesRead) deps.add(f);
  if (!settings) {
    notes.push(`settings module ${settingsModule} not found`);
    return project;
  }
  project.settings = settings;
  project.apps = settings.installedApps.map((entry) => resolveApp(entry, resolver, cache));
  for (const a of project.apps) {
    if (a.config) deps.add(a.config.file);
    if (!a.resolved) notes.push(missingAppNote(a.entry, project.hasEnvironment, candidate.declared, resolver));
  }
  project.appsComplete = settings.installedAppsComplete;
  if (!settings.installedAppsComplete) notes.push('INSTALLED_APPS is not fully static');
  yield 'settings';
  project.templates = buildTemplateIndex(fs, settings.engines, settings, project.apps, settings.installedAppsComplete, opts.extraTemplateDirs, opts.exclude);
  const optionLibs = new Map<string, string>();
  for (const e of settings.engines) if (e.kind === 'django') e.libraries.forEach((m, n) => optionLibs.set(n, m));
  project.libraries = buildLibraryIndex(fs, cache, resolver, project.apps, settings.installedAppsComplete, optionLibs);
  for (const lib of project.libraries.libraries.values()) if (lib.file) deps.add(lib.file);
  yield 'templates';
  project.models = readModels(fs, cache, resolver, project.apps);
  for (const m of project.models) deps.add(m.file);
  yield 'models';
  if (settings.rootUrlconf) {
    // The admin's names come from the installed apps' registrations (autodiscover) of these models.
    const admin = { apps: project.apps, appsComplete: settings.installedAppsComplete, models: project.models, settingsModule };
    project.urls = buildUrlModel(ev, converters, { rootUrlconf: settings.rootUrlconf, languageCode: settings.languageCode, admin }, converterKinds);
    for (const f of project.urls.files) deps.add(f);
  } else notes.push('ROOT_URLCONF is not set statically');
  for (const f of ev.filesRead) deps.add(f);
  return project;
}
