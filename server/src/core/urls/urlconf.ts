// Builds the URL resolver tree of a project from its ROOT_URLCONF, statically, and answers reverse() name lookups.

import type { Expr, Stmt } from '../python/ast';
import type { CallHook, Evaluator, Value } from '../python/evaluate';
import { CANONICAL, isClassDef, isEnvValue } from '../python/evaluate';
import type { Span } from '../text';
import type { Converters, PatternSpec, ReverseCandidate, ReverseLevel, UrlNode } from './route';
import { reverseCandidate, UNKNOWN_VALUE } from './route';
import { findDefinition, moduleSymbols } from '../python/modules';
import type { AdminContext, AdminOpen, AdminSite } from './admin';
import { adminHook, adminUrlsSite, autodiscover, siteRegistry } from './admin';
import type { GeneratedAt } from './drf';
import { drfHook } from './drf';
import { adminSiteNamespace, includeNamespace, levelNamespaced, namespacesInside, runtimeUrlsNamespace, tupleNamespace, unreadIncludeNamespace } from './namespaces';

export { reverseLookup } from './namespaces';
export type { ReverseLookup } from './namespaces';

/** What a URL pattern's view refers to. */
export type ViewRef =
  | { kind: 'def'; module: string; file: string; stmt: Stmt & { kind: 'def' | 'class' }; qualname: string; initkwargs?: Map<string, Value> }
  /** Defined outside what we read (an installed package without an environment). */
  | { kind: 'external'; qualname: string }
  /** `module.attr` where the workspace module certainly does not define `attr`. */
  | { kind: 'missing'; module: string; attr: string; moduleFile: string }
  | { kind: 'unknown' };

export interface PatternNode {
  kind: 'pattern';
  pattern: PatternSpec;
  name?: string;
  /** The span of the name string's contents, for rename and go-to-definition. */
  nameSpan?: Span;
  file: string;
  /** The `path(...)` call. */
  span: Span;
  view: ViewRef;
  /** The view expression (for go-to-definition from the URLconf). */
  viewExpr?: Expr;
  defaults?: string[] | 'unknown';
  /** The extra keyword arguments with their values where literal (UNKNOWN_VALUE otherwise), for resolve(). */
  defaultValues?: Record<string, unknown>;
  /** For names Django generates (the admin's, a router's): what generates it, for completion and hover. */
  generated?: string;
}

export interface ResolverNode {
  kind: 'resolver';
  pattern: PatternSpec;
  /** Instance namespace and application namespace (both or neither; Django requires an app_name for a namespace). */
  namespace?: string;
  appName?: string;
  /** True when the namespace was given but we could not read it (it could be anything). */
  namespaceUnknown?: boolean;
  children: (PatternNode | ResolverNode)[];
  /** True when children may exist that we could not see. */
  dynamic: boolean;
  dynamicWhy?: string;
  /** Where what made the resolver dynamic lies, when elsewhere than the resolver itself (an admin registration). */
  dynamicAt?: { file?: string; span?: Span };
  /** The URLconf module included here, when it is one. */
  module?: string;
  moduleFile?: string;
  file?: string;
  span?: Span;
  /** Stands for entries of urlpatterns we could not read (see `unknownPlace`); it has no source location. */
  placeholder?: boolean;
  /** The span of the include() target string's contents (`include("polls.urls")`), for jumps. */
  targetSpan?: Span;
  defaults?: string[] | 'unknown';
  defaultValues?: Record<string, unknown>;
}

/** A named pattern with its place in the tree. */
export interface UrlEntry {
  node: PatternNode;
  /** Instance namespaces from the root, outermost first. */
  namespaces: string[];
  qualifiedName?: string;
  /** The full route: every level's pattern text concatenated. */
  route: string;
  chain: ReverseLevel[];
  candidate: ReverseCandidate;
  /** Nodes from the root to the pattern (resolvers). */
  resolvers: ResolverNode[];
}

export interface UrlModel {
  root: ResolverNode;
  entries: UrlEntry[];
  converters: Converters;
  converterKinds: ConverterKinds;
  /** URLconf files read (a change to one of them rebuilds the tree). */
  files: Set<string>;
}

/** Sources of URLconfs that ship with Django, used when no environment lets us read them. */
const KNOWN_URLCONFS: Record<string, string> = {
  'django.contrib.auth.urls': `from django.contrib.auth import views
from django.urls import path
urlpatterns = [
    path('login/', views.LoginView.as_view(), name='login'),
    path('logout/', views.LogoutView.as_view(), name='logout'),
    path('password_change/', views.PasswordChangeView.as_view(), name='password_change'),
    path('password_change/done/', views.PasswordChangeDoneView.as_view(), name='password_change_done'),
    path('password_reset/', views.PasswordResetView.as_view(), name='password_reset'),
    path('password_reset/done/', views.PasswordResetDoneView.as_view(), name='password_reset_done'),
    path('reset/<uidb64>/<token>/', views.PasswordResetConfirmView.as_view(), name='password_reset_confirm'),
    path('reset/done/', views.PasswordResetCompleteView.as_view(), name='password_reset_complete'),
]
`,
  'django.conf.urls.i18n': `from django.urls import path
from django.views.i18n import set_language
urlpatterns = [path('setlang/', set_language, name='set_language')]
`,
};

interface HookPattern {
  fn: 'path' | 're_path';
  route: Value;
  view: Value;
  kwargs?: Value;
  name?: Value;
  call: Expr & { kind: 'call' };
  file: string;
  module: string;
  /** For patterns code generates (a router's): where the name goes, and what generated it. */
  at?: GeneratedAt;
}

interface HookInclude {
  arg: Value;
  namespace?: Value;
  call: Expr & { kind: 'call' };
}

interface HookLocale {
  items: Value[];
  open: boolean;
  prefixDefault: boolean | undefined;
}

/** The call hook that gives `path`, `re_path`, `include`, `i18n_patterns`... their meaning during evaluation. */
/** What a registered converter's to_python returns: int(value), the string itself, or something we cannot tell. */
export type ConverterKinds = Record<string, 'int' | 'str' | 'unknown'>;

export function urlHook(converters: Converters, kinds: ConverterKinds = {}): CallHook {
  const drf = drfHook(converters);
  return (qualname, args, call, ctx) => {
    const admin = adminHook(qualname, args, call, ctx) ?? drf(qualname, args, call, ctx);
    if (admin) return admin;
    const canon = CANONICAL[qualname];
    switch (canon) {
      case 'path':
      case 're_path': {
        const data: HookPattern = {
          fn: canon,
          route: args.positional[0] ?? args.keywords.get('route') ?? { t: 'unknown' },
          view: args.positional[1] ?? args.keywords.get('view') ?? { t: 'unknown' },
          kwargs: args.positional[2] ?? args.keywords.get('kwargs'),
          name: args.positional[3] ?? args.keywords.get('name'),
          call,
          file: ctx.file,
          module: ctx.module,
        };
        return { t: 'hook', kind: 'pattern', data };
      }
      case 'include': {
        const data: HookInclude = { arg: args.positional[0] ?? { t: 'unknown' }, namespace: args.positional[1] ?? args.keywords.get('namespace'), call };
        return { t: 'hook', kind: 'include', data };
      }
      case 'i18n_patterns': {
        const pd = args.keywords.get('prefix_default_language');
        const data: HookLocale = { items: args.positional, open: args.hasStar, prefixDefault: pd === undefined ? true : pd.t === 'bool' ? pd.v : undefined };
        // i18n_patterns() returns a one-element list holding the locale-prefixed resolver.
        return { t: 'list', items: [{ t: 'hook', kind: 'locale', data }], open: false };
      }
      case 'LocalePrefixPattern':
        return localePrefix(args);
      case 'URLResolver': {
        // What i18n_patterns() builds, spelt out (a project's own i18n_patterns): URLResolver(LocalePrefixPattern(),
        // list(urls)). Other resolvers built by hand (namespaces, default kwargs) are not read.
        const pattern = args.positional[0] ?? args.keywords.get('pattern');
        const urls = args.positional[1] ?? args.keywords.get('urlconf_name');
        if (args.positional.length > 2 || [...args.keywords.keys()].some((k) => k !== 'pattern' && k !== 'urlconf_name')) return undefined;
        if (pattern?.t !== 'hook' || pattern.kind !== 'localePrefix' || urls?.t !== 'list') return undefined;
        const data: HookLocale = { items: urls.items, open: urls.open || args.hasStar, prefixDefault: (pattern.data as { prefixDefault: boolean | undefined }).prefixDefault };
        return { t: 'hook', kind: 'locale', data };
      }
      case 'static':
        // static() adds unnamed patterns only when DEBUG is on; they never carry names.
        return { t: 'list', items: [], open: false };
      case 'register_converter': {
        const cls = args.positional[0];
        const name = args.positional[1];
        if (name && name.t === 'str') {
          converters[name.v] = converterRegex(cls);
          kinds[name.v] = converterKind(cls);
        }
        return { t: 'none' };
      }
      default:
        // A project's subclass of LocalePrefixPattern (kitsune normalizes the language prefix) prefixes as Django's does.
        if (!canon && ctx.func && isClassDef(ctx.func) && (ctx.ev.classMro(ctx.func) ?? []).some((k) => CANONICAL[ctx.ev.qualname(k) ?? ''] === 'LocalePrefixPattern')) return localePrefix(args);
        // A decorator applied in the URLconf (`login_required(views.x)`) still routes to the wrapped view.
        if (!canon && args.positional.length >= 1 && (args.positional[0].t === 'def' || args.positional[0].t === 'asview')) {
          if (/(^|\.)(login_required|permission_required|csrf_exempt|cache_page|never_cache|staff_member_required|require_\w+|xframe_options_\w+|\w+_required)$/.test(qualname))
            return args.positional[0];
        }
        return undefined;
    }
  };
}

/** A LocalePrefixPattern(prefix_default_language=...) value, for URLResolver() above. */
function localePrefix(args: { positional: Value[]; keywords: Map<string, Value> }): Value {
  const pd = args.positional[0] ?? args.keywords.get('prefix_default_language');
  return { t: 'hook', kind: 'localePrefix', data: { prefixDefault: pd === undefined ? true : pd.t === 'bool' ? pd.v : undefined } };
}

function converterKind(cls: Value | undefined): 'int' | 'str' | 'unknown' {
  if (!cls || cls.t !== 'def' || cls.stmt.kind !== 'class') return 'unknown';
  const toPython = cls.stmt.body.find((s) => s.kind === 'def' && s.name === 'to_python');
  if (!toPython || toPython.kind !== 'def') return 'unknown';
  const param = toPython.params[1];
  const ret = toPython.body.length === 1 && toPython.body[0].kind === 'return' ? toPython.body[0].value : undefined;
  if (!ret || !param) return 'unknown';
  if (ret.kind === 'name' && ret.id === param) return 'str';
  if (ret.kind === 'call' && ret.func.kind === 'name' && ret.func.id === 'int' && ret.args.length === 1 && ret.args[0].value.kind === 'name' && ret.args[0].value.id === param) return 'int';
  return 'unknown';
}

function converterRegex(cls: Value | undefined): string | undefined {
  if (!cls || cls.t !== 'def' || cls.stmt.kind !== 'class') return undefined;
  for (const s of cls.stmt.body) {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === 'regex') && s.value.kind === 'str') return s.value.value;
  }
  return undefined;
}

/** Deeper include chains than this are not read (Django projects nest a handful of levels). */
const MAX_INCLUDE_DEPTH = 30;

export interface BuildOptions {
  rootUrlconf: string;
  languageCode: string;
  /** The installed apps and models, for the admin's generated names (without them, admin sites stay dynamic). */
  admin?: Omit<AdminContext, 'ev'>;
}

/** Builds the tree from ROOT_URLCONF. The evaluator must have been created with `urlHook(converters)`. */
export function buildUrlModel(ev: Evaluator, converters: Converters, opts: BuildOptions, converterKinds: ConverterKinds = {}): UrlModel {
  const root = new UrlconfBuilder(ev, opts).build();
  return { root: root.node, entries: collectEntries(root.node, converters), converters, converterKinds, files: root.files };
}

/** The state of one build of the resolver tree: URLconfs read, includes and lists open, admin sites to fill at the end. */
class UrlconfBuilder {
  /** URLconf files read (a change to one of them rebuilds the tree). */
  readonly files = new Set<string>();
  /** URLconf modules being read, outermost first: an include of one of them is a cycle. */
  private readonly stack: string[] = [];
  // Lists being read, and how deep: `urlpatterns.append(path("x/", include(urlpatterns)))` makes a list that
  // includes itself, which Django itself would recurse into without end. That part is unknown, the rest stays.
  private readonly listsOpen = new Set<Value>();
  /** Admin sites' resolvers, filled once every admin module has run. */
  private readonly pendingSites: { node: ResolverNode; site: AdminSite }[] = [];
  private readonly localePrefix: string;

  constructor(
    private readonly ev: Evaluator,
    private readonly opts: BuildOptions,
  ) {
    this.localePrefix = opts.languageCode.toLowerCase().replace(/_/g, '-') + '/';
  }

  build(): { node: ResolverNode; files: Set<string> } {
    const { ev, opts } = this;
    const root: ResolverNode = { kind: 'resolver', pattern: { kind: 'regex', text: '^/' }, children: [], dynamic: false, module: opts.rootUrlconf };
    const rootMod = this.loadModule(opts.rootUrlconf);
    if (rootMod) {
      root.moduleFile = rootMod.file;
      this.stack.push(opts.rootUrlconf);
      this.fillFromList(root, rootMod.patterns, rootMod.file);
      this.stack.pop();
    } else {
      root.dynamic = true;
      root.dynamicWhy = `ROOT_URLCONF ${opts.rootUrlconf} could not be read`;
    }

    if (this.pendingSites.length && opts.admin) {
      const actx: AdminContext = { ev, ...opts.admin };
      const open = autodiscover(actx);
      for (const { node, site } of this.pendingSites) fillAdminSite(ev, actx, node, site, open);
    }
    return { node: root, files: this.files };
  }

  private loadModule(name: string): { patterns?: Value; appName?: Value; file?: string } | undefined {
    if (this.stack.includes(name) || this.stack.length > MAX_INCLUDE_DEPTH) return undefined;
    let me = this.ev.evalModule(name);
    if (!me && KNOWN_URLCONFS[name]) me = this.ev.evalFile(name, `<django>/${name.replace(/\./g, '/')}.py`, KNOWN_URLCONFS[name]);
    if (!me) return undefined;
    this.files.add(me.file);
    return { patterns: me.scope.get('urlpatterns'), appName: me.scope.get('app_name'), file: me.file };
  }

  /**
   * Stands for patterns we could not see, at the place they take in urlpatterns: it matches any path, so
   * resolve() says "cannot tell" only for paths that reach it before a pattern we know matches.
   */
  private unknownPlace(parent: ResolverNode, why: string): void {
    parent.dynamic = true;
    parent.dynamicWhy = why;
    parent.children.push({ kind: 'resolver', pattern: { kind: 'regex', text: '' }, children: [], dynamic: true, dynamicWhy: why, namespaceUnknown: true, placeholder: true, file: parent.moduleFile ?? parent.file });
  }

  private fillFromList(node: ResolverNode, v: Value | undefined, file: string | undefined): void {
    if (!v || v.t !== 'list') {
      this.unknownPlace(node, v ? 'urlpatterns could not be evaluated' : 'urlpatterns not found');
      return;
    }
    if (this.listsOpen.has(v) || this.listsOpen.size > MAX_INCLUDE_DEPTH) {
      this.unknownPlace(node, 'URL patterns include themselves');
      return;
    }
    this.listsOpen.add(v);
    for (const item of v.items) this.addItem(node, item, file);
    this.listsOpen.delete(v);
    if (v.open) this.unknownPlace(node, 'urlpatterns is built dynamically');
  }

  private addItem(parent: ResolverNode, item: Value, file: string | undefined): void {
    if (item.t === 'hook' && item.kind === 'pattern') {
      parent.children.push(this.makePattern(item.data as HookPattern));
      return;
    }
    if (item.t === 'hook' && item.kind === 'locale') {
      const loc = item.data as HookLocale;
      const node: ResolverNode = { kind: 'resolver', pattern: { kind: 'locale', text: loc.prefixDefault === false ? '' : this.localePrefix }, children: [], dynamic: loc.open };
      for (const x of loc.items) this.addItem(node, x, file);
      parent.children.push(node);
      return;
    }
    if (item.t === 'list') {
      // A nested list is not valid in urlpatterns; Django would fail on it. Treat as dynamic.
      this.unknownPlace(parent, 'urlpatterns holds a nested list');
      return;
    }
    this.unknownPlace(parent, 'an entry of urlpatterns could not be understood');
  }

  private makePattern(p: HookPattern): PatternNode | ResolverNode {
    const { ev, opts } = this;
    // A route read from the environment (`env("ADMIN_URL", default="admin/")`) may be anything at run time.
    const routeKnown = p.route.t === 'str' && !isEnvValue(p.route);
    const spec: PatternSpec = routeKnown ? { kind: p.fn === 'path' ? 'route' : 'regex', text: (p.route as Value & { t: 'str' }).v } : { kind: p.fn === 'path' ? 'route' : 'regex', text: '', unknown: true };
    const defaults = p.kwargs === undefined || p.kwargs.t === 'none' ? undefined : p.kwargs.t === 'dict' && !p.kwargs.open ? [...p.kwargs.map.keys()] : ('unknown' as const);
    const defaultValues = p.kwargs && p.kwargs.t === 'dict' && !p.kwargs.open ? Object.fromEntries([...p.kwargs.map].map(([k, v]) => [k, literalValue(v)])) : undefined;
    const span = p.call.span;
    const view = p.view;
    if (view.t === 'hook' && view.kind === 'include') {
      const node = this.includeNode(view.data as HookInclude, spec, p.file);
      node.defaults = defaults;
      node.defaultValues = defaultValues;
      node.span = span;
      // A computed prefix leaves the route unknown (spec.unknown), not the names under it: they stay known
      // and reversible by name, while resolve() and argument checks say "cannot tell" past it.
      return node;
    }
    if (view.t === 'list' && view.tuple && view.items.length === 3) {
      // The (patterns, app_name, namespace) form that admin.site.urls and include() return.
      const [target, app, ns] = view.items;
      const node: ResolverNode = { kind: 'resolver', pattern: spec, children: [], dynamic: false, file: p.file, span, defaults };
      tupleNamespace(node, app, ns);
      this.fillTarget(node, target);
      return node;
    }
    const site = adminUrlsSite(ev, view);
    if (site && opts.admin) {
      // `admin.site.urls` is (get_urls(), 'admin', site.name): filled once every admin module has run.
      const node: ResolverNode = { kind: 'resolver', pattern: spec, children: [], dynamic: false, file: p.file, span, defaults, ...adminSiteNamespace(site.name) };
      this.pendingSites.push({ node, site });
      return node;
    }
    if (view.t === 'ref' && view.attr === 'urls') {
      // `admin.site.urls` and other sites' URLconfs: a namespaced resolver whose patterns are built at run time.
      return { kind: 'resolver', pattern: spec, children: [], dynamic: true, dynamicWhy: `${view.module}.urls is built at run time`, file: p.file, span, defaults, ...runtimeUrlsNamespace(view.module) };
    }
    const name = p.name && p.name.t === 'str' ? p.name.v : undefined;
    if (name === undefined && (view.t === 'unknown' || view.t === 'hook' || view.t === 'list')) {
      // An unnamed entry whose view we cannot read may be an include in disguise (a custom admin site's urls).
      return { kind: 'resolver', pattern: spec, children: [], dynamic: true, dynamicWhy: 'a view could not be evaluated', file: p.file, span, defaults, namespaceUnknown: true };
    }
    const nameExpr = p.name && p.name.t === 'str' && !p.at ? p.name.expr : undefined;
    const pn: PatternNode = {
      kind: 'pattern',
      pattern: spec,
      name,
      nameSpan: nameExpr && nameExpr.kind === 'str' ? nameExpr.content : undefined,
      file: p.at?.file ?? p.file,
      span: p.at?.span ?? span,
      generated: p.at?.generated,
      view: viewRef(ev, view),
      viewExpr: p.call.args[1] && !p.call.args[1].name ? p.call.args[1].value : p.call.args.find((a) => a.name === 'view')?.value,
      defaults,
      defaultValues,
    };
    if (p.name && p.name.t !== 'str' && p.name.t !== 'none') {
      // A name we cannot read could be any name: the resolver holding it cannot claim absence.
      (pn as PatternNode & { nameUnknown?: boolean }).nameUnknown = true;
    }
    return pn;
  }

  private fillTarget(node: ResolverNode, target: Value): void {
    if (target.t === 'str' || target.t === 'module') {
      const name = target.t === 'str' ? target.v : target.name;
      node.module = name;
      const m = this.loadModule(name);
      if (!m) {
        node.dynamic = true;
        node.dynamicWhy = `URLconf ${name} could not be read`;
        return;
      }
      node.moduleFile = m.file;
      this.stack.push(name);
      this.fillFromList(node, m.patterns, m.file);
      this.stack.pop();
      return;
    }
    if (target.t === 'list') {
      this.fillFromList(node, target, node.file);
      return;
    }
    node.dynamic = true;
    node.dynamicWhy = 'the included URLconf could not be evaluated';
  }

  private includeNode(inc: HookInclude, spec: PatternSpec, file: string): ResolverNode {
    const node: ResolverNode = { kind: 'resolver', pattern: spec, children: [], dynamic: false, file };
    let target = inc.arg;
    let appName: Value | undefined;
    if (target.t === 'list' && target.tuple) {
      if (target.items.length === 2 && !target.open) {
        appName = target.items[1];
        target = target.items[0];
      } else {
        node.dynamic = true;
        unreadIncludeNamespace(node);
        return node;
      }
    }
    if (target.t === 'str') {
      const a0 = inc.call.args[0]?.value;
      if (a0 && a0.kind === 'str') node.targetSpan = a0.content;
      else if (a0 && a0.kind === 'tuple' && a0.elts[0]?.kind === 'str') node.targetSpan = a0.elts[0].content;
    }
    let moduleAppName: Value | undefined;
    let moduleUnread = false;
    if (target.t === 'str' || target.t === 'module') {
      const m = this.loadModule(target.t === 'str' ? target.v : target.name);
      if (m) moduleAppName = m.appName;
      else moduleUnread = true;
    }
    const literal = target.t === 'str' || target.t === 'module' || target.t === 'list';
    includeNamespace(node, { moduleAppName, tupleAppName: appName, namespace: inc.namespace, moduleUnread, targetUnread: !literal });
    if (literal) this.fillTarget(node, target);
    else {
      node.dynamic = true;
      node.dynamicWhy = 'the included URLconf is not a literal module name';
    }
    return node;
  }
}

/** Every pattern of the tree with its namespaces, route and reverse chain, in tree order. */
function collectEntries(root: ResolverNode, converters: Converters): UrlEntry[] {
  const entries: UrlEntry[] = [];
  const walk = (node: ResolverNode, namespaces: string[], chain: ReverseLevel[], resolvers: ResolverNode[], route: string) => {
    for (const c of node.children) {
      const level: ReverseLevel = { pattern: c.pattern, defaults: c.defaults, namespaced: levelNamespaced(c) };
      const r = route + (c.pattern.unknown ? '…' : c.pattern.text);
      if (c.kind === 'pattern') {
        const ch = [...chain, level];
        let candidate: ReverseCandidate | undefined;
        entries.push({
          node: c,
          namespaces,
          qualifiedName: c.name === undefined ? undefined : [...namespaces, c.name].join(':'),
          route: r,
          chain: ch,
          // Computed on first use: most patterns are never reversed between two rebuilds of a large project.
          get candidate() {
            return (candidate ??= reverseCandidate(ch, converters));
          },
          resolvers,
        });
      } else {
        walk(c, namespacesInside(namespaces, c), [...chain, level], [...resolvers, c], r);
      }
    }
  };
  walk(root, [], [], [root], '');
  return entries;
}

/** Turns the evaluated view argument into a reference to its definition. */
function viewRef(ev: Evaluator, v: Value): ViewRef {
  let initkwargs: Map<string, Value> | undefined;
  if (v.t === 'asview') {
    initkwargs = v.initkwargs;
    v = v.cls;
  }
  if (v.t === 'ref') v = ev.deref(v);
  if (v.t === 'def') return { kind: 'def', module: v.module, file: v.file, stmt: v.stmt, qualname: v.stmt.name, initkwargs };
  if (v.t === 'ref') {
    const mf = ev.resolver.resolve(v.module);
    if (mf?.inWorkspace && mf.file) {
      const parsed = ev.cache.getPython(mf.file);
      if (parsed && definitelyMissing(ev, v.module, v.attr)) return { kind: 'missing', module: v.module, attr: v.attr, moduleFile: mf.file };
      return { kind: 'unknown' };
    }
    const found = findDefinition(ev.resolver, ev.cache, v.module, v.attr, ['def', 'class'] as const);
    if (found) return { kind: 'def', module: found.module, file: found.file, stmt: found.stmt, qualname: found.stmt.name, initkwargs };
    return { kind: 'external', qualname: v.module + '.' + v.attr };
  }
  return { kind: 'unknown' };
}


/** True only when a workspace module, and everything it star-imports, certainly binds no `attr`. */
function definitelyMissing(ev: Evaluator, module: string, attr: string, depth = 0): boolean {
  if (depth > 8) return false;
  const mf = ev.resolver.resolve(module);
  if (!mf || !mf.file || !mf.inWorkspace) return false;
  if (ev.resolver.resolve(module + '.' + attr)) return false;
  const parsed = ev.cache.getPython(mf.file);
  if (!parsed) return false;
  const syms = moduleSymbols(parsed.module, module, mf.file.endsWith('/__init__.py'));
  if (syms.open) return false;
  if (syms.defs.has(attr) || syms.imports.has(attr) || syms.assigned.has(attr)) return false;
  for (const star of syms.starImports) if (!definitelyMissing(ev, star, attr, depth + 1)) return false;
  return true;
}

/** Why a name cannot be decided, and where the part of the URLconf that was not understood is. */
/** The resolver tree in the generic shape that route.ts resolves paths over. */
export function toUrlNodes(node: ResolverNode): UrlNode<PatternNode>[] {
  return node.children.map((c): UrlNode<PatternNode> => {
    const defaults = c.defaultValues ?? c.defaults;
    if (c.kind === 'pattern') return { kind: 'pattern', pattern: c.pattern, leaf: c, defaults };
    return { kind: 'resolver', pattern: c.pattern, children: c.dynamic ? 'unknown' : toUrlNodes(c), defaults };
  });
}

/** A literal Python value as JavaScript, for resolve()'s kwargs; anything else is UNKNOWN_VALUE. */
function literalValue(v: Value): unknown {
  switch (v.t) {
    case 'str':
    case 'num':
    case 'bool':
      return v.v;
    case 'none':
      return null;
    default:
      return UNKNOWN_VALUE;
  }
}

/** The site-wide views of AdminSite.get_urls() (Django 3.2 to 6.x), in order: route, name, method. */
const ADMIN_SITE_URLS: [string, string, string][] = [
  ['', 'index', 'index'],
  ['login/', 'login', 'login'],
  ['logout/', 'logout', 'logout'],
  ['password_change/', 'password_change', 'password_change'],
  ['password_change/done/', 'password_change_done', 'password_change_done'],
  ['autocomplete/', 'autocomplete', 'autocomplete_view'],
  ['jsi18n/', 'jsi18n', 'i18n_javascript'],
  ['r/<int:content_type_id>/<path:object_id>/', 'view_on_site', 'shortcut'],
];

/** ModelAdmin.get_urls(): route and name suffix; the last, unnamed, redirects to the change view. */
const MODEL_ADMIN_URLS: [string, string | undefined][] = [
  ['', 'changelist'],
  ['add/', 'add'],
  ['<path:object_id>/history/', 'history'],
  ['<path:object_id>/delete/', 'delete'],
  ['<path:object_id>/change/', 'change'],
  ['<path:object_id>/', undefined],
];

/** Fills an admin site's resolver as AdminSite.get_urls() builds it from the registry. */
function fillAdminSite(ev: Evaluator, actx: AdminContext, node: ResolverNode, site: AdminSite, discoverOpen: AdminOpen | undefined): void {
  const reg = siteRegistry(actx, site);
  const open = discoverOpen ?? reg.open;
  const file = node.file!;
  const span = node.span!;
  const siteName = site.name ?? '?';
  const siteView = (method: string): ViewRef => (site.cls ? viewRef(ev, site.cls) : { kind: 'external', qualname: 'django.contrib.admin.sites.AdminSite.' + method });
  const leaf = (route: string, kind: 'route' | 'regex', name: string | undefined, f: string, sp: Span, view: ViewRef, generated: string): PatternNode => ({ kind: 'pattern', pattern: { kind, text: route }, name, file: f, span: sp, view, generated });
  for (const [route, name, method] of ADMIN_SITE_URLS) node.children.push(leaf(route, 'route', name, file, span, siteView(method), `admin site '${siteName}'`));
  const labels: string[] = [];
  for (const r of reg.registered) {
    const { label, modelName, objectName } = r.model;
    const view: ViewRef = r.adminClass && r.adminClass.t === 'def' ? viewRef(ev, r.adminClass) : { kind: 'external', qualname: 'django.contrib.admin.options.ModelAdmin' };
    const where = r.file ? r.file : undefined;
    // A contrib registration has no place of ours: its names go to the include of the admin.
    const f = where ?? file;
    const sp = where ? r.span : span;
    const generated = `admin site '${siteName}': ${label}.${objectName}`;
    const sub: ResolverNode = { kind: 'resolver', pattern: { kind: 'route', text: `${label}/${modelName}/` }, children: [], dynamic: false, file: f, span: sp };
    for (const x of r.extra) sub.children.push(leaf(x.route, 'route', x.name, f, sp, view, generated));
    for (const [route, suffix] of MODEL_ADMIN_URLS) sub.children.push(leaf(route, 'route', suffix && `${label}_${modelName}_${suffix}`, f, sp, view, generated));
    node.children.push(sub);
    if (!labels.includes(label)) labels.push(label);
  }
  if (labels.length || open) {
    const spec: PatternSpec = open ? { kind: 'regex', text: '', unknown: true } : { kind: 'regex', text: '^(?P<app_label>' + labels.join('|') + ')/$' };
    node.children.push(leaf(spec.text, 'regex', 'app_list', file, span, siteView('app_index'), `admin site '${siteName}'`));
    if (open) (node.children[node.children.length - 1] as PatternNode).pattern = spec;
  }
  // final_catch_all_view (True by default since Django 3.2) matches every other path under the site.
  node.children.push(leaf('(?P<url>.*)$', 'regex', undefined, file, span, siteView('catch_all_view'), `admin site '${siteName}'`));
  if (open) {
    node.dynamic = true;
    node.dynamicWhy = open.why;
    if (open.file) node.dynamicAt = { file: open.file, span: open.span };
  }
}
