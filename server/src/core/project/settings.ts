// Reads a Django settings module statically: INSTALLED_APPS, TEMPLATES, ROOT_URLCONF, STATICFILES_DIRS and friends.

import { parser as pythonParser } from '@lezer/python';
import type { Evaluator, ModuleEval, Value } from '../python/evaluate';
import { asString, isClassDef } from '../python/evaluate';
import { joinPath, normalizePath } from '../fs';
import { walkExpr, walkStmts, stmtExprs } from '../python/ast';
import { absoluteModule, isPackageFile } from '../python/modules';

export type EngineKind = 'django' | 'jinja2' | 'other';

export interface TemplateEngineConf {
  kind: EngineKind;
  backend: string;
  /** DIRS in order, absolute. */
  dirs: string[];
  appDirs: boolean;
  /** Sub-folder of each app that the engine searches (`templates` for Django, `jinja2` for Jinja2). */
  appSubdir: string;
  /** Tag libraries registered by name in OPTIONS.libraries (name → module). */
  libraries: Map<string, string>;
  /** OPTIONS.builtins modules. */
  builtins: string[];
  /**
   * OPTIONS.context_processors as dotted paths: `[]` when the engine has no OPTIONS or its OPTIONS no such key
   * (Django's default); undefined when the list, or what may hold it, cannot be read (template context, issue 15).
   */
  contextProcessors?: string[];
  /** False when part of this engine's configuration could not be read (dynamic DIRS, custom loaders...). */
  complete: boolean;
  /** Why the configuration is incomplete, for logs and messages. */
  incompleteWhy?: string;
  /**
   * Where templates are looked for, in order: explicit `loaders` may put app folders before DIRS. Absent
   * means Django's default: DIRS, then the app folders when APP_DIRS is on.
   */
  sources?: ({ kind: 'dirs'; dirs: string[] } | { kind: 'apps' })[];
  /**
   * Which names the engine tries at all (django-jinja's match_extension and match_regex): for any other name it
   * raises TemplateDoesNotExist, and Django asks the next engine. Absent: every name.
   */
  nameFilter?: TemplateNameFilter;
}

/** django-jinja's test of a template name: it must end with `extension` and, when given, `re.match` `regex`. */
export interface TemplateNameFilter {
  /** '' tests nothing (django-jinja's falsy match_extension). */
  extension: string;
  regex?: string;
  /** Why part of the test could not be read: names that pass what is known may or may not be the engine's. */
  unknown?: string;
}

export interface ProjectSettings {
  module: string;
  file: string;
  installedApps: string[];
  installedAppsComplete: boolean;
  engines: TemplateEngineConf[];
  /** Whether `engines` is the whole TEMPLATES list (also when TEMPLATES is provably unset: then it is empty). */
  enginesComplete: boolean;
  /**
   * TEMPLATES is set nowhere, and nothing we could not read could set it: Django's default, `[]`, applies, so no
   * template is ever loaded by name (get_template and render() raise TemplateDoesNotExist for every name).
   */
  templatesUnset: boolean;
  /** Why TEMPLATES is not known, or why it is provably unset, for messages. */
  enginesWhy?: string;
  rootUrlconf?: string;
  /** STATICFILES_DIRS in order; a ("prefix", dir) entry serves `prefix/<file>` from `dir`. */
  staticfilesDirs: { dir: string; prefix?: string }[];
  staticfilesDirsComplete: boolean;
  languageCode: string;
  /** AUTH_USER_MODEL when written as a literal (template context: the type of `user`). */
  authUserModel?: string;
  /** Every file read to evaluate the settings (the settings module and what it imports). */
  files: string[];
  /** The django-configurations class whose attributes became the settings, when the module uses one. */
  configuration?: string;
  /** Why the module's configuration class could not be chosen or read (its settings are then unknown). */
  configurationWhy?: string;
}

/** The settings the model reads: with class-based settings, these are unknown rather than absent when unread. */
const READ_SETTINGS = ['INSTALLED_APPS', 'TEMPLATES', 'ROOT_URLCONF', 'STATICFILES_DIRS', 'LANGUAGE_CODE', 'AUTH_USER_MODEL'];

/** Configuration class names a developer runs locally, in order, when nothing names one. */
const DEVELOPMENT_NAMES = ['Dev', 'Development', 'Local', 'Debug'];

/**
 * Reads an `os.environ.setdefault("NAME", "value")` (or `os.environ["NAME"] = "value"`) from a script such as
 * manage.py: how django-configurations' DJANGO_CONFIGURATION is usually set.
 */
function environDefaultIn(ev: Evaluator, file: string, name: string): string | undefined {
  const parsed = ev.cache.getPython(file);
  if (!parsed) return undefined;
  let found: string | undefined;
  walkStmts(parsed.module.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (found || x.kind !== 'call' || x.func.kind !== 'attr' || x.func.attr !== 'setdefault') return;
        const [k, v] = x.args;
        if (k?.value.kind === 'str' && k.value.value === name && v?.value.kind === 'str') found = v.value.value;
      });
    }
    if (!found && s.kind === 'assign') {
      const t = s.targets[0];
      if (t && t.kind === 'subscript' && t.index.kind === 'str' && t.index.value === name && s.value.kind === 'str') found = s.value.value;
    }
  });
  return found;
}

/**
 * With django-configurations, the settings are the attributes of one class of the module, chosen by
 * DJANGO_CONFIGURATION. Applies that class to the module's scope (see Evaluator.applyConfiguration).
 * Returns the class used, or why none could be; undefined when the module defines no configuration class.
 */
function applyConfiguration(ev: Evaluator, me: ModuleEval, name: string | undefined): { used?: string; why?: string } | undefined {
  const classes = [...me.scope.entries()].filter(([, v]) => isClassDef(v) && ev.isConfiguration(v));
  if (!classes.length) return undefined;
  let chosen = name;
  if (!chosen) {
    // Nothing names the class: a lone leaf configuration, else the one a developer would run locally.
    const bases = new Set(classes.flatMap(([, v]) => (isClassDef(v) ? (ev.classMro(v) ?? []).slice(1).map((b) => (isClassDef(b) ? b.stmt : b)) : [])));
    const leaves = classes.filter(([, v]) => isClassDef(v) && !bases.has(v.stmt));
    chosen = leaves.length === 1 ? leaves[0][0] : DEVELOPMENT_NAMES.find((n) => classes.some(([k]) => k === n));
  }
  const cls = chosen ? me.scope.get(chosen) : undefined;
  if (!cls || !isClassDef(cls) || !ev.isConfiguration(cls)) {
    const why = chosen ? `configuration class ${chosen} not found in ${me.module}` : `DJANGO_CONFIGURATION is not set and ${me.module} has several configuration classes`;
    for (const k of READ_SETTINGS) if (!me.scope.has(k)) me.scope.set(k, { t: 'unknown', why });
    return { why };
  }
  ev.applyConfiguration(me, cls, READ_SETTINGS);
  return { used: chosen };
}

/**
 * Names whose use lets a module bind settings we cannot see: writes through globals()/vars()/locals(), exec and
 * eval, setattr on the module (`sys.modules[__name__]`), frame tricks, and django-split-settings' include(),
 * which runs other files in the module's globals.
 */
const DYNAMIC_NAMES = new Map(
  [
    ...['globals', 'vars', 'locals', 'exec', 'eval', 'execfile', 'setattr', '_getframe', 'currentframe'].map((n) => [n, `${n}()`]),
    ...['__dict__', 'f_globals', 'f_locals', '__builtins__'].map((n) => [n, n]),
    ['modules', 'sys.modules'],
    ['split_settings', "django-split-settings' include()"],
  ] as [string, string][],
);

/** Modules read at most to prove a setting unset; a longer chain of star imports leaves it unknown. */
const MAX_PROOF_MODULES = 50;

/**
 * The first name of DYNAMIC_NAMES, or `name` itself, that a module's code uses (comments left out; strings
 * count when they hold `name`, as in `__all__` or a globals() key): Lezer's tokens rather than our syntax tree, so
 * that nothing a partial tree drops can hide one.
 */
function dynamicUse(text: string, name: string): string | undefined {
  let found: string | undefined;
  const word = new RegExp(`\\b${name}\\b`);
  pythonParser.parse(text).iterate({
    enter: (n) => {
      if (found || n.type.name === 'Comment') return false;
      const t = n.type.name;
      if (t === 'VariableName' || t === 'PropertyName') {
        const id = text.slice(n.from, n.to);
        if (id === name || DYNAMIC_NAMES.has(id)) found = id;
      } else if ((t === 'String' || t === 'FormatString') && word.test(text.slice(n.from, n.to))) found = name;
      return undefined;
    },
  });
  return found;
}

/**
 * Why `name`, which the settings module's scope lacks, may still be set at run time, or undefined when nothing
 * could set it (so Django's default applies). Every module whose names reach the settings must have been read
 * whole: the settings module, what it star-imports (however deep), and, with django-configurations, the modules of
 * the chosen class's bases (which classAttr has already found without the name). None may name the setting
 * where the evaluator could not follow it, write its globals by other means (DYNAMIC_NAMES), hold a syntax error,
 * or hand settings.configure() settings we cannot see (`**kwargs`, positional or default_settings, whose module
 * fills the gaps as global_settings does).
 */
function whyMaybeSet(ev: Evaluator, me: ModuleEval, name: string, configuration?: Value): string | undefined {
  const queue: { module: string; file: string }[] = [{ module: me.module, file: me.file }];
  if (configuration && isClassDef(configuration)) {
    for (const k of ev.classMro(configuration) ?? []) {
      const home = isClassDef(k) ? ev.homes.get(k.stmt) : undefined;
      if (home) queue.push({ module: home.module, file: home.file });
    }
  }
  const seen = new Set<string>();
  for (const { module, file } of queue) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (seen.size > MAX_PROOF_MODULES) return `more than ${MAX_PROOF_MODULES} modules reach the settings`;
    const parsed = ev.cache.getPython(file);
    if (!parsed) return `${module} could not be read`;
    if (parsed.module.errors.length) return `${module} has a syntax error`;
    const use = dynamicUse(parsed.text, name);
    if (use === name) return `${module} names ${name} where it could not be followed`;
    if (use) return `${module} uses ${DYNAMIC_NAMES.get(use)}, which can set any setting`;
    let why: string | undefined;
    walkStmts(parsed.module.body, (s) => {
      if (why) return;
      if (s.kind === 'from' && s.names === '*') {
        const abs = absoluteModule(module, isPackageFile(file), s.level, s.module);
        const other = abs ? ev.evalModule(abs) : undefined;
        if (other) queue.push({ module: other.module, file: other.file });
        else why = `from ${'.'.repeat(s.level)}${s.module} import * in ${module} could not be read`;
      }
      for (const e of stmtExprs(s)) {
        walkExpr(e, (x) => {
          if (why || x.kind !== 'call' || x.func.kind !== 'attr' || x.func.attr !== 'configure') return;
          const obj = x.func.obj;
          if (!((obj.kind === 'name' && obj.id === 'settings') || (obj.kind === 'attr' && obj.attr === 'settings'))) return;
          if (x.args.some((a) => a.star || !a.name || a.name === 'default_settings')) why = `settings.configure() in ${module} is given settings that cannot be read`;
        });
      }
    });
    if (why) return why;
  }
  return undefined;
}

const BACKENDS: Record<string, EngineKind> = {
  'django.template.backends.django.DjangoTemplates': 'django',
  'django.template.backends.jinja2.Jinja2': 'jinja2',
  'django_jinja.backend.Jinja2': 'jinja2',
  'django_jinja.jinja2.Jinja2': 'jinja2',
};

/** django-jinja's backend, under both of its import paths (the second gives a default NAME of "jinja2"). */
const DJANGO_JINJA = new Set(['django_jinja.backend.Jinja2', 'django_jinja.jinja2.Jinja2']);

/**
 * Evaluates the settings module `module` and pulls out what the model needs. Undefined if it cannot be found.
 * `configuration` is django-configurations' DJANGO_CONFIGURATION; when not given, manage.py in `projectRoot`
 * is read for it.
 */
export function readSettings(ev: Evaluator, module: string, projectRoot = '/', configuration?: string): ProjectSettings | undefined {
  // Relative folders are relative to the working directory, which is manage.py's folder when Django runs.
  const abs = (p: string) => (p.startsWith('/') || /^[A-Za-z]:/.test(p) ? normalizePath(p) : joinPath(projectRoot, p));
  const me = ev.evalModule(module);
  if (!me) return undefined;
  const conf = applyConfiguration(ev, me, configuration ?? environDefaultIn(ev, joinPath(projectRoot, 'manage.py'), 'DJANGO_CONFIGURATION'));
  // Settings imported by name from another settings module (`from .base import INSTALLED_APPS`) are read there.
  const get = (k: string) => {
    const v = me.scope.get(k);
    return v && v.t === 'ref' ? ev.deref(v) : v;
  };

  const apps = get('INSTALLED_APPS');
  const installedApps: string[] = [];
  let installedAppsComplete = apps !== undefined && apps.t === 'list' && !apps.open;
  if (apps && apps.t === 'list') {
    for (const it of apps.items) {
      if (it.t === 'str') {
        if (!installedApps.includes(it.v)) installedApps.push(it.v);
      } else installedAppsComplete = false;
    }
  }

  const engines: TemplateEngineConf[] = [];
  const tpl = get('TEMPLATES');
  // Unset is Django's default only when nothing we could not read could have set it.
  const unsetWhy = tpl === undefined ? whyMaybeSet(ev, me, 'TEMPLATES', conf?.used ? me.scope.get(conf.used) : undefined) : undefined;
  const templatesUnset = tpl === undefined && unsetWhy === undefined;
  let enginesComplete = templatesUnset || (tpl !== undefined && tpl.t === 'list' && !tpl.open);
  const enginesWhy =
    tpl !== undefined
      ? undefined
      : templatesUnset
        ? `TEMPLATES is not set in ${module}: Django's default has no template engine, so every template name raises TemplateDoesNotExist`
        : `TEMPLATES is not set in ${module}, but ${unsetWhy}`;
  if (tpl && tpl.t === 'list') {
    for (const e of tpl.items) {
      const conf = readEngine(e, abs);
      if (conf) engines.push(conf);
      else enginesComplete = false;
    }
  }

  const sfd = get('STATICFILES_DIRS');
  const staticfilesDirs: ProjectSettings['staticfilesDirs'] = [];
  let staticfilesDirsComplete = sfd === undefined || (sfd.t === 'list' && !sfd.open);
  if (sfd && sfd.t === 'list') {
    for (const it of sfd.items) {
      // A ("prefix", path) pair serves the folder's files under that prefix.
      const pair = it.t === 'list' && it.items.length === 2 ? it.items : undefined;
      const prefix = pair && pair[0].t === 'str' ? pair[0].v.replace(/^\/+|\/+$/g, '') : undefined;
      const p = pair ? asString(pair[1]) : asString(it);
      if (p && (!pair || prefix !== undefined)) staticfilesDirs.push({ dir: abs(p), prefix: prefix || undefined });
      else staticfilesDirsComplete = false;
    }
  }

  const root = get('ROOT_URLCONF');
  const lang = get('LANGUAGE_CODE');
  const user = get('AUTH_USER_MODEL');
  return {
    module,
    file: me.file,
    installedApps,
    installedAppsComplete,
    engines,
    enginesComplete,
    templatesUnset,
    enginesWhy,
    rootUrlconf: root && root.t === 'str' ? root.v : undefined,
    staticfilesDirs,
    staticfilesDirsComplete,
    languageCode: lang && lang.t === 'str' ? lang.v : 'en-us',
    // A value we cannot read names no model we know ('?'), rather than Django's default.
    authUserModel: user ? (user.t === 'str' ? user.v : '?') : undefined,
    files: [...ev.filesRead],
    configuration: conf?.used,
    configurationWhy: conf?.why,
  };
}

function readEngine(v: Value, abs: (p: string) => string): TemplateEngineConf | undefined {
  if (v.t !== 'dict') return undefined;
  const backendV = v.map.get('BACKEND');
  const backend = backendV && backendV.t === 'str' ? backendV.v : '';
  const kind: EngineKind = BACKENDS[backend] ?? 'other';
  const conf: TemplateEngineConf = {
    kind,
    backend,
    dirs: [],
    appDirs: false,
    appSubdir: kind === 'jinja2' ? 'jinja2' : 'templates',
    libraries: new Map(),
    builtins: [],
    complete: kind !== 'other' && !v.open,
  };
  if (kind === 'other') conf.incompleteWhy = `template backend ${backend || '(unknown)'} is not understood`;
  const dirs = v.map.get('DIRS');
  if (dirs && dirs.t === 'list') {
    for (const d of dirs.items) {
      const s = asString(d);
      if (s) conf.dirs.push(abs(s));
      else {
        conf.complete = false;
        conf.incompleteWhy = 'a DIRS entry could not be evaluated';
      }
    }
    if (dirs.open) {
      conf.complete = false;
      conf.incompleteWhy = 'DIRS could not be fully evaluated';
    }
  } else if (dirs) {
    conf.complete = false;
    conf.incompleteWhy = 'DIRS could not be evaluated';
  }
  const appDirs = v.map.get('APP_DIRS');
  if (appDirs && appDirs.t === 'bool') conf.appDirs = appDirs.v;
  else if (appDirs) {
    conf.complete = false;
    conf.incompleteWhy = 'APP_DIRS could not be evaluated';
  }
  const opts = v.map.get('OPTIONS');
  if (opts && opts.t === 'dict') {
    const libs = opts.map.get('libraries');
    if (libs && libs.t === 'dict') {
      libs.map.forEach((m, name) => {
        if (m.t === 'str') conf.libraries.set(name, m.v);
      });
    }
    const builtins = opts.map.get('builtins');
    if (builtins && builtins.t === 'list') for (const b of builtins.items) if (b.t === 'str') conf.builtins.push(b.v);
    const cps = opts.map.get('context_processors');
    if (cps && cps.t === 'list' && !cps.open && cps.items.every((c) => c.t === 'str')) conf.contextProcessors = cps.items.map((c) => (c.t === 'str' ? c.v : ''));
    // An absent key is Django's default, no processors; a dict we could not read whole may hold it.
    else if (!cps && !opts.open) conf.contextProcessors = [];
    const loaders = opts.map.get('loaders');
    // django-jinja hands its other OPTIONS to Jinja's Environment, which has no `loaders`.
    if (loaders && !DJANGO_JINJA.has(backend)) readLoaders(loaders, conf, abs);
  } else if (opts) {
    conf.complete = false;
    conf.incompleteWhy = 'OPTIONS could not be evaluated';
  }
  // No OPTIONS at all is Django's default too, unless the engine's dict holds keys we could not read.
  else if (!v.open) conf.contextProcessors = [];
  if (DJANGO_JINJA.has(backend)) readDjangoJinja(v, conf);
  return conf;
}

/**
 * django-jinja's own OPTIONS, with its defaults: app folders named by app_dirname ("templates"), names tested by
 * match_extension (".jinja") and match_regex (none), and Jinja's FileSystemLoader over DIRS then the app folders
 * unless OPTIONS.loader replaces it.
 */
function readDjangoJinja(engine: Value & { t: 'dict' }, conf: TemplateEngineConf): void {
  const opts = engine.map.get('OPTIONS');
  const options = opts && opts.t === 'dict' ? opts : undefined;
  // Keys we could not see (in OPTIONS, or the engine's dict that may hold OPTIONS) may hold any of these options.
  const hidden = (opts ? !options || options.open : engine.open) ? 'OPTIONS could not be fully evaluated' : undefined;
  const get = (k: string) => options?.map.get(k);
  const dirname = get('app_dirname');
  if (dirname && dirname.t === 'str') conf.appSubdir = dirname.v;
  else if (dirname || hidden) {
    conf.appSubdir = 'templates';
    conf.complete = false;
    conf.incompleteWhy = hidden ?? 'OPTIONS app_dirname could not be evaluated';
  } else conf.appSubdir = 'templates';
  if (get('loader') || hidden) {
    conf.complete = false;
    conf.incompleteWhy = hidden ?? 'OPTIONS loader of django_jinja is not understood';
  }
  const filter: TemplateNameFilter = { extension: '.jinja' };
  const ext = get('match_extension');
  if (ext && (ext.t === 'str' || ext.t === 'none')) filter.extension = ext.t === 'str' ? ext.v : '';
  else if (ext || hidden) {
    filter.extension = '';
    filter.unknown = hidden ?? 'OPTIONS match_extension could not be evaluated';
  }
  const regex = get('match_regex');
  if (regex && regex.t === 'str') filter.regex = regex.v;
  else if ((regex && regex.t !== 'none') || (!regex && hidden)) filter.unknown ??= hidden ?? 'OPTIONS match_regex could not be evaluated';
  conf.nameFilter = filter;
}

/**
 * Explicit loaders replace DIRS/APP_DIRS handling. The standard ones are understood: filesystem (with or
 * without its own dirs), app_directories, and cached wrapping them; any other loader makes the engine incomplete.
 */
function readLoaders(loaders: Value, conf: TemplateEngineConf, abs: (p: string) => string): void {
  if (loaders.t !== 'list' || loaders.open) {
    conf.complete = false;
    conf.incompleteWhy = 'template loaders could not be evaluated';
    return;
  }
  const sources: NonNullable<TemplateEngineConf['sources']> = [];
  // A loader list may contain itself (`loaders.append(("...cached.Loader", loaders))`): Django would recurse
  // without end, so the engine is not understood, and we stop.
  const visiting = new Set<Value>();
  const visit = (l: Value): void => {
    if (visiting.has(l)) {
      conf.complete = false;
      conf.incompleteWhy = 'template loaders contain themselves';
      return;
    }
    if (l.t === 'str') {
      if (l.v === 'django.template.loaders.filesystem.Loader') sources.push({ kind: 'dirs', dirs: [...conf.dirs] });
      else if (l.v === 'django.template.loaders.app_directories.Loader') sources.push({ kind: 'apps' });
      else {
        conf.complete = false;
        conf.incompleteWhy = `template loader ${l.v} is not understood`;
      }
      return;
    }
    if (l.t === 'list' && l.items.length >= 1 && l.items[0].t === 'str') {
      const name = l.items[0].v;
      const arg = l.items[1];
      if (name === 'django.template.loaders.cached.Loader' && arg && arg.t === 'list') {
        visiting.add(l);
        arg.items.forEach(visit);
        visiting.delete(l);
      }
      else if (name === 'django.template.loaders.filesystem.Loader' && arg && arg.t === 'list') {
        const dirs: string[] = [];
        for (const d of arg.items) {
          const s = asString(d);
          if (s) dirs.push(abs(s));
          else conf.complete = false;
        }
        sources.push({ kind: 'dirs', dirs });
      } else {
        conf.complete = false;
        conf.incompleteWhy = `template loader ${name} is not understood`;
      }
      return;
    }
    conf.complete = false;
  };
  loaders.items.forEach(visit);
  conf.sources = sources;
  conf.dirs = sources.flatMap((x) => (x.kind === 'dirs' ? x.dirs : []));
  conf.appDirs = sources.some((x) => x.kind === 'apps');
}
