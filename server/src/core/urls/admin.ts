// The admin's URL names as Django generates them: AdminSite objects, model registrations (autodiscover) and ModelAdmin.get_urls().

import type { Stmt } from '../python/ast';
import { dottedName } from '../python/ast';
import type { CallHook, Evaluator, HookContext, HookObject, Value } from '../python/evaluate';
import { hookObject, isClassDef } from '../python/evaluate';
import type { FoundDefinition } from '../python/modules';
import { findDefinition, moduleSymbols } from '../python/modules';
import type { Span } from '../text';

/** One `register`/`unregister` call (or `@admin.register` decorator), in the order the modules ran them. */
interface RegistryOp {
  op: 'register' | 'unregister';
  model: Value;
  adminClass?: Value;
  /** register(M, **options) builds a subclass on the fly: the class is still the given one for URLs. */
  file: string;
  span: Span;
}

/** Why the admin's names may hold more than we see, with the place that was not understood. */
export interface AdminOpen {
  why: string;
  file?: string;
  span?: Span;
}

/** The qualified names of Django's AdminSite class. */
const ADMIN_SITE_CLASSES = new Set(['django.contrib.admin.AdminSite', 'django.contrib.admin.sites.AdminSite']);
/** The default site, `django.contrib.admin.site`, as references spell it. */
const DEFAULT_SITE_REFS = new Set(['django.contrib.admin.site', 'django.contrib.admin.sites.site']);
/** Django's ModelAdmin bases, whose get_urls() is the standard one. */
const MODEL_ADMIN_BASES = new Set([
  'django.contrib.admin.ModelAdmin',
  'django.contrib.admin.options.ModelAdmin',
  'django.contrib.admin.options.BaseModelAdmin',
]);

/** A site: the default one, an AdminSite(name=...) or an instance of a subclass. */
export class AdminSite implements HookObject {
  readonly ops: RegistryOp[] = [];
  open?: AdminOpen;
  constructor(
    /** The instance namespace (`name=`), or undefined when it is not a literal. */
    readonly name: string | undefined,
    /** The workspace subclass it is an instance of, when it is one. */
    readonly cls?: Value & { t: 'def' },
    readonly decl?: { file: string; span: Span },
  ) {}

  getAttr(attr: string): Value | undefined {
    if (attr === 'urls') return { t: 'hook', kind: 'adminurls', data: this };
    if (attr === 'name') return this.name === undefined ? { t: 'unknown', why: 'the admin site name is not a literal' } : { t: 'str', v: this.name };
    return undefined;
  }

  callMethod(attr: string, args: { positional: Value[]; keywords: Map<string, Value>; hasStar: boolean }, call: { span: Span }, ctx: HookContext): Value | undefined {
    if (attr === 'register' || attr === 'unregister') {
      record(this, attr, args.positional[0] ?? args.keywords.get('model_or_iterable'), attr === 'register' ? args.positional[1] ?? args.keywords.get('admin_class') : undefined, args.hasStar, ctx.file, call.span);
      return { t: 'none' };
    }
    return undefined;
  }
}

function record(site: AdminSite, op: 'register' | 'unregister', models: Value | undefined, adminClass: Value | undefined, hasStar: boolean, file: string, span: Span): void {
  if (!models || hasStar) {
    site.open ??= { why: `an admin ${op}() call could not be read`, file, span };
    return;
  }
  const list = models.t === 'list' ? models.items : [models];
  if (models.t === 'list' && models.open) site.open ??= { why: `the models given to admin ${op}() are built at run time`, file, span };
  for (const model of list) site.ops.push({ op, model, adminClass, file, span });
}

/** The admin state of one evaluator (one project): the default site and every site made by the code read. */
interface AdminState {
  defaultSite: AdminSite;
  sites: AdminSite[];
  /** Registrations whose `site=` we could not read: every site may hold more. */
  unknownSite?: AdminOpen;
}

const states = new WeakMap<Evaluator, AdminState>();

function adminState(ev: Evaluator): AdminState {
  let s = states.get(ev);
  if (!s) states.set(ev, (s = { defaultSite: new AdminSite('admin'), sites: [] }));
  return s;
}

/** Whether a value is the default site (`admin.site` imported from Django). */
function siteOf(ev: Evaluator, v: Value | undefined): AdminSite | undefined {
  if (!v) return undefined;
  const ho = hookObject(v);
  if (ho instanceof AdminSite) return ho;
  if (v.t === 'ref' && DEFAULT_SITE_REFS.has(v.module + '.' + v.attr)) return adminState(ev).defaultSite;
  return undefined;
}

/** The admin site whose `.urls` a URLconf value stands for, if it is one. */
export function adminUrlsSite(ev: Evaluator, v: Value): AdminSite | undefined {
  if (v.t === 'hook' && v.kind === 'adminurls') return v.data as AdminSite;
  if (v.t === 'ref' && v.attr === 'urls' && DEFAULT_SITE_REFS.has(v.module)) return adminState(ev).defaultSite;
  return undefined;
}

/** Whether a class derives from AdminSite (through workspace classes). */
function isAdminSiteClass(ev: Evaluator, cls: Value & { t: 'def' }): boolean {
  return (ev.classMro(cls) ?? []).some((k) => ADMIN_SITE_CLASSES.has(ev.qualname(k) ?? ''));
}

/** The call hook of the admin: sites made, registrations, `@admin.register`. Undefined when the call is not one. */
export const adminHook: CallHook = (qualname, args, call, ctx) => {
  const ev = ctx.ev;
  const st = adminState(ev);
  if (qualname === 'django.contrib.admin.site.register' || qualname === 'django.contrib.admin.sites.site.register' || qualname === 'django.contrib.admin.site.unregister' || qualname === 'django.contrib.admin.sites.site.unregister') {
    return st.defaultSite.callMethod(qualname.endsWith('unregister') ? 'unregister' : 'register', args, call, ctx);
  }
  if (qualname === 'django.contrib.admin.register' || qualname === 'django.contrib.admin.decorators.register') {
    const siteArg = args.keywords.get('site');
    const site = siteArg === undefined ? st.defaultSite : siteOf(ev, siteArg);
    const models = args.positional;
    const deco: HookObject = {
      decorate(v: Value, stmt, dctx) {
        if (!site) st.unknownSite ??= { why: 'a model is registered on an admin site that could not be read', file: dctx.file, span: call.span };
        else if (args.hasStar) site.open ??= { why: 'admin.register() is given models built at run time', file: dctx.file, span: call.span };
        else for (const m of models) site.ops.push({ op: 'register', model: m, adminClass: v, file: dctx.file, span: stmt.nameSpan });
        return v;
      },
    };
    return { t: 'hook', kind: 'admin-register', data: deco };
  }
  const cls = ctx.func && isClassDef(ctx.func) ? ctx.func : undefined;
  if (ADMIN_SITE_CLASSES.has(qualname) || (cls && isAdminSiteClass(ev, cls))) {
    const n = args.positional[0] ?? args.keywords.get('name');
    const name = n === undefined ? 'admin' : n.t === 'str' ? n.v : undefined;
    const site = new AdminSite(name, cls, { file: ctx.file, span: call.span });
    st.sites.push(site);
    return { t: 'hook', kind: 'adminsite', data: site };
  }
  return undefined;
};

/** A model as the admin keys it: its app label and model_name, with the class that defines it. */
export interface ModelId {
  label: string;
  modelName: string;
  objectName: string;
  file?: string;
  stmt?: Stmt & { kind: 'class' };
}

export interface AdminContext {
  ev: Evaluator;
  /** Installed apps (module name and label), in INSTALLED_APPS order. */
  apps: { name: string; label: string; resolved: boolean; inWorkspace: boolean }[];
  appsComplete: boolean;
  /** Models found by the model reader: app label, class name, file, statement. */
  models: { name: string; appLabel: string; file: string; stmt: Stmt & { kind: 'class' }; abstract: boolean }[];
  settingsModule?: string;
}

/** A Meta attribute of a class statement written as a literal. */
function metaLiteral(cls: Stmt & { kind: 'class' }, attr: string): Value | undefined {
  const meta = cls.body.find((s): s is Stmt & { kind: 'class' } => s.kind === 'class' && s.name === 'Meta');
  for (const s of meta?.body ?? []) {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === attr)) {
      if (s.value.kind === 'str') return { t: 'str', v: s.value.value };
      if (s.value.kind === 'const' && s.value.value !== null) return { t: 'bool', v: s.value.value };
      return { t: 'unknown' };
    }
  }
  return undefined;
}

/** The installed app a module belongs to: the one whose module name is its longest prefix. */
function appOfModule(actx: AdminContext, module: string): { label: string } | undefined {
  let best: { name: string; label: string } | undefined;
  for (const a of actx.apps) if ((module === a.name || module.startsWith(a.name + '.')) && (!best || a.name.length > best.name.length)) best = a;
  return best;
}

/** Identifies a registered model value: a workspace class, or a class of an installed package we can read. */
function modelId(actx: AdminContext, v: Value): ModelId | string {
  const ev = actx.ev;
  if (v.t === 'ref') v = ev.deref(v);
  let module: string | undefined;
  let file: string | undefined;
  let stmt: (Stmt & { kind: 'class' }) | undefined;
  if (v.t === 'def' && v.stmt.kind === 'class') {
    module = v.module;
    file = v.file;
    stmt = v.stmt;
  } else if (v.t === 'ref') {
    const found = findClass(ev, v.module, v.attr);
    if (!found) return `model ${v.module}.${v.attr} could not be read`;
    ({ module, file, stmt } = found);
  } else return v.t === 'unknown' && v.why ? `a registered model is not known (${v.why})` : 'a registered model is not known statically';
  if (!stmt || !module) return 'a registered model could not be read';
  const known = actx.models.find((m) => m.stmt === stmt) ?? actx.models.find((m) => m.file === file && m.name === stmt!.name);
  if (known?.abstract) return `model ${stmt.name} is abstract`;
  const metaLabel = metaLiteral(stmt, 'app_label');
  if (metaLabel && metaLabel.t !== 'str') return `the app_label of model ${stmt.name} is not a literal`;
  const label = known?.appLabel ?? (metaLabel?.t === 'str' ? metaLabel.v : appOfModule(actx, module)?.label);
  if (!label) return `model ${stmt.name} belongs to no installed app we know`;
  return { label, modelName: stmt.name.toLowerCase(), objectName: stmt.name, file, stmt };
}

/** Finds a class statement by module and name, reading files (environment packages are never evaluated). */
function findClass(ev: Evaluator, module: string, attr: string): FoundDefinition<'class'> | undefined {
  return findDefinition(ev.resolver, ev.cache, module, attr, ['class'] as const);
}

/**
 * Whether a class outside the workspace (read from its file, never evaluated) or any of its bases defines
 * get_urls/urls: 'no' when every base leads to Django's ModelAdmin without one.
 */
function externalAddsUrls(ev: Evaluator, module: string, attr: string, depth: number): { module: string; attr: string } | 'no' | 'unknown' {
  if (MODEL_ADMIN_BASES.has(module + '.' + attr)) return 'no';
  if (depth > 8) return 'unknown';
  const found = findClass(ev, module, attr);
  if (!found) return 'unknown';
  if (found.stmt.body.some((s) => (s.kind === 'def' || s.kind === 'assign') && (s.kind === 'def' ? s.name === 'get_urls' || s.name === 'urls' : s.targets.some((t) => t.kind === 'name' && (t.id === 'get_urls' || t.id === 'urls'))))) return { module: found.module, attr };
  const parsed = ev.cache.getPython(found.file);
  if (!parsed) return 'unknown';
  const syms = moduleSymbols(parsed.module, found.module, found.file.endsWith('/__init__.py'));
  for (const b of found.stmt.bases) {
    if (b.name || b.star) continue;
    const n = dottedName(b.value);
    if (!n || n === 'object') {
      if (n === 'object') continue;
      return 'unknown';
    }
    const [head, ...rest] = n.split('.');
    let q: { module: string; attr: string } | undefined;
    const imp = syms.imports.get(head);
    if (imp) {
      const full = [imp.attr ? imp.module + '.' + imp.attr : imp.module, ...rest].join('.');
      const dot = full.lastIndexOf('.');
      q = { module: full.slice(0, dot), attr: full.slice(dot + 1) };
    } else if (!rest.length && syms.defs.has(head)) q = { module: found.module, attr: head };
    if (!q) return 'unknown';
    const r = externalAddsUrls(ev, q.module, q.attr, depth + 1);
    if (r !== 'no') return r;
  }
  return 'no';
}

/** URL patterns an admin class adds in get_urls() that Django's own packages define (read from Django's source). */
const KNOWN_EXTRA_URLS: Record<string, { route: string; name: string }[]> = {
  'django.contrib.auth.admin.UserAdmin': [{ route: '<id>/password/', name: 'auth_user_password_change' }],
};

/** What a ModelAdmin class adds to the standard URLs: known extra patterns, or why it cannot be told. */
function modelAdminExtras(ev: Evaluator, adminClass: Value | undefined): { extra: { route: string; name: string }[] } | { why: string } {
  if (!adminClass || adminClass.t === 'none') return { extra: [] };
  let cls: Value = adminClass;
  if (cls.t === 'ref') cls = ev.deref(cls);
  const walkRef = (module: string, attr: string): { extra: { route: string; name: string }[] } | { why: string } => {
    const q = module + '.' + attr;
    if (KNOWN_EXTRA_URLS[q]) return { extra: KNOWN_EXTRA_URLS[q] };
    const r = externalAddsUrls(ev, module, attr, 0);
    if (r === 'no') return { extra: [] };
    if (r === 'unknown') return { why: `admin class ${q} could not be read: it may add URL patterns` };
    const q2 = r.module + '.' + r.attr;
    if (KNOWN_EXTRA_URLS[q2]) return { extra: KNOWN_EXTRA_URLS[q2] };
    return { why: `${q2}.get_urls() adds URL patterns that are not read` };
  };
  if (cls.t === 'ref') return walkRef(cls.module, cls.attr);
  if (!isClassDef(cls)) return { why: 'an admin class is not known statically' };
  const mro = ev.classMro(cls);
  if (!mro) return { why: `the bases of ${cls.stmt.name} could not be ordered` };
  for (const k of mro) {
    if (isClassDef(k)) {
      const ns = ev.classNamespace(k);
      if (!ns) return { why: `admin class ${k.stmt.name} could not be read` };
      if (ns.has('get_urls') || ns.has('urls')) return { why: `${k.stmt.name}.get_urls() adds URL patterns that are not read` };
      continue;
    }
    if (k.t === 'ref') {
      const r = walkRef(k.module, k.attr);
      // The first class of the MRO that is not ours answers for the rest of it (its own bases follow it).
      return r;
    }
    return { why: `a base of ${cls.stmt.name} is not known statically` };
  }
  return { extra: [] };
}

/** Known registrations of Django's contrib apps' admin modules (django/contrib/*\/admin.py). */
const CONTRIB_REGISTRATIONS: Record<string, { model: string; admin: string; label: string }[]> = {
  'django.contrib.auth': [
    { model: 'Group', admin: 'django.contrib.auth.admin.GroupAdmin', label: 'auth' },
    { model: 'User', admin: 'django.contrib.auth.admin.UserAdmin', label: 'auth' },
  ],
  'django.contrib.sites': [{ model: 'Site', admin: 'django.contrib.sites.admin.SiteAdmin', label: 'sites' }],
  'django.contrib.flatpages': [{ model: 'FlatPage', admin: 'django.contrib.flatpages.admin.FlatPageAdmin', label: 'flatpages' }],
  'django.contrib.redirects': [{ model: 'Redirect', admin: 'django.contrib.redirects.admin.RedirectAdmin', label: 'redirects' }],
};

/** Models of Django's contrib apps by the class paths code imports them from: app label and class name. */
const CONTRIB_MODELS: Record<string, [string, string]> = {
  'django.contrib.auth.models.Group': ['auth', 'Group'],
  'django.contrib.auth.models.User': ['auth', 'User'],
  'django.contrib.auth.models.Permission': ['auth', 'Permission'],
  'django.contrib.contenttypes.models.ContentType': ['contenttypes', 'ContentType'],
  'django.contrib.sites.models.Site': ['sites', 'Site'],
  'django.contrib.flatpages.models.FlatPage': ['flatpages', 'FlatPage'],
  'django.contrib.redirects.models.Redirect': ['redirects', 'Redirect'],
  'django.contrib.sessions.models.Session': ['sessions', 'Session'],
  'django.contrib.admin.models.LogEntry': ['admin', 'LogEntry'],
};

/** One model in a site's final registry. */
export interface Registered {
  model: ModelId;
  adminClass?: Value;
  /** Where the registration is: the ModelAdmin class's name or the register() call. */
  file: string;
  span: Span;
  extra: { route: string; name: string }[];
}

/** The outcome of autodiscover for one site: what is registered, and whether more may be. */
export interface SiteRegistry {
  registered: Registered[];
  open?: AdminOpen;
}

/**
 * Runs what `admin.autodiscover()` runs: each installed app's `admin` module, in INSTALLED_APPS order (Django's
 * contrib apps from what we know of them), and the workspace modules those import that register models.
 */
export function autodiscover(actx: AdminContext): AdminOpen | undefined {
  const ev = actx.ev;
  const st = adminState(ev);
  let open: AdminOpen | undefined;
  if (!actx.appsComplete) open = { why: 'INSTALLED_APPS is not fully static: other apps may register admin models' };
  const seen = new Set<string>();
  // Django's contrib apps come before the project's in INSTALLED_APPS (a project's unregister(User) needs auth's
  // registration first), while a project's admin module may have run already when a URLconf imported it.
  const contribOps: RegistryOp[] = [];
  const runImportsOf = (module: string, depth: number) => {
    if (seen.has(module) || depth > 4) return;
    seen.add(module);
    const me = ev.evalModule(module);
    if (!me) return;
    // Imported submodules register their models when Django imports them (`from . import users` in admin/__init__.py).
    const parsed = ev.cache.getPython(me.file);
    if (!parsed) return;
    const isPkg = me.file.endsWith('/__init__.py');
    for (const s of parsed.module.body) {
      const targets: string[] = [];
      if (s.kind === 'import') for (const n of s.names) targets.push(n.name);
      if (s.kind === 'from') {
        const syms = moduleSymbols({ body: [s], errors: [] }, module, isPkg);
        for (const imp of syms.imports.values()) targets.push(imp.attr ? imp.module + '.' + imp.attr : imp.module);
        for (const star of syms.starImports) targets.push(star);
      }
      for (const t of targets) {
        const mf = ev.resolver.resolve(t);
        if (!mf?.file || !mf.inWorkspace) continue;
        const text = ev.cache.getPython(mf.file)?.text ?? '';
        if (/\bregister\s*\(/.test(text)) runImportsOf(t, depth + 1);
      }
    }
  };
  for (const app of actx.apps) {
    const contrib = CONTRIB_REGISTRATIONS[app.name];
    if (contrib) {
      for (const c of contrib) {
        if (c.model === 'User' && !userModelIsAuthUser(actx)) {
          if (userModelIsAuthUser(actx) === undefined) open ??= { why: 'AUTH_USER_MODEL is not a literal: auth.User may or may not be registered' };
          continue;
        }
        // Only UserAdmin adds URLs of its own (known); the others' get_urls() is ModelAdmin's, read or not.
        const dot = c.admin.lastIndexOf('.');
        const adminClass: Value | undefined = KNOWN_EXTRA_URLS[c.admin] ? { t: 'ref', module: c.admin.slice(0, dot), attr: c.admin.slice(dot + 1) } : undefined;
        contribOps.push({ op: 'register', model: { t: 'hook', kind: 'contrib-model', data: { label: c.label, name: c.model } }, adminClass, file: '', span: { start: 0, end: 0 } });
      }
      continue;
    }
    if (app.name.startsWith('django.')) continue;
    if (!app.resolved) {
      open ??= { why: `installed app ${app.name} could not be read: its admin module may register models` };
      continue;
    }
    const mod = app.name + '.admin';
    if (!ev.resolver.resolve(mod)) continue;
    runImportsOf(mod, 0);
  }
  st.defaultSite.ops.unshift(...contribOps);
  return open;
}

/** Whether AUTH_USER_MODEL is auth.User (Django's default): true, false, or undefined when not a literal. */
function userModelIsAuthUser(actx: AdminContext): boolean | undefined {
  if (!actx.settingsModule) return true;
  const v = actx.ev.evalModule(actx.settingsModule)?.scope.get('AUTH_USER_MODEL');
  if (!v) return true;
  if (v.t !== 'str') return undefined;
  return v.v === 'auth.User';
}

/** Replays a site's register/unregister calls into its registry, identifying each model. */
export function siteRegistry(actx: AdminContext, site: AdminSite): SiteRegistry {
  const st = adminState(actx.ev);
  const byKey = new Map<string, Registered>();
  let open: AdminOpen | undefined = site.open ?? st.unknownSite;
  for (const op of site.ops) {
    let id: ModelId | string;
    const contrib = op.model.t === 'ref' ? CONTRIB_MODELS[op.model.module + '.' + op.model.attr] : undefined;
    if (op.model.t === 'hook' && op.model.kind === 'contrib-model') {
      const d = op.model.data as { label: string; name: string };
      id = { label: d.label, modelName: d.name.toLowerCase(), objectName: d.name };
    } else if (contrib) id = { label: contrib[0], modelName: contrib[1].toLowerCase(), objectName: contrib[1] };
    else id = modelId(actx, op.model);
    if (typeof id === 'string') {
      open ??= { why: id, file: op.file || undefined, span: op.file ? op.span : undefined };
      continue;
    }
    const key = id.label + '.' + id.modelName;
    if (op.op === 'unregister') {
      byKey.delete(key);
      continue;
    }
    // Registering a model twice raises AlreadyRegistered: the first stays.
    if (byKey.has(key)) continue;
    const ex = modelAdminExtras(actx.ev, op.adminClass);
    if ('why' in ex) open ??= { why: ex.why, file: op.file || undefined, span: op.file ? op.span : undefined };
    const ac = op.adminClass && op.adminClass.t === 'ref' ? actx.ev.deref(op.adminClass) : op.adminClass;
    const file = ac && isClassDef(ac) ? ac.file : op.file;
    const span = ac && isClassDef(ac) ? ac.stmt.nameSpan : op.span;
    byKey.set(key, { model: id, adminClass: ac, file, span, extra: 'extra' in ex ? ex.extra : [] });
  }
  if (site.cls) {
    for (const k of actx.ev.classMro(site.cls) ?? []) {
      if (!isClassDef(k)) break;
      const ns = actx.ev.classNamespace(k);
      if (!ns || ns.has('get_urls') || ns.has('urls')) {
        open ??= { why: `${k.stmt.name}.get_urls() adds URL patterns that are not read`, file: k.file, span: k.stmt.nameSpan };
        break;
      }
    }
  }
  return { registered: [...byKey.values()], open };
}
