// Django's namespace rules in one place: which namespace and app name a resolver gets (include(), the 3-tuple form, admin sites), and how reverse() walks them.

import type { Value } from '../python/evaluate';
import type { Span } from '../text';
import type { ReverseLevel } from './route';
import type { PatternNode, ResolverNode, UrlEntry, UrlModel } from './urlconf';

/** The `(patterns, app_name, namespace)` form that admin.site.urls and include() return: the namespace defaults to the app name. */
export function tupleNamespace(node: ResolverNode, app: Value, ns: Value): void {
  if (app.t === 'str') node.appName = app.v;
  if (ns.t === 'str') node.namespace = ns.v;
  else if (app.t === 'str') node.namespace = app.v;
}

/** What include() was given and what it read, for its namespace. */
export interface IncludeNamespaceInput {
  /** The included module's `app_name`, when the module was read. */
  moduleAppName?: Value;
  /** The app name of `include((patterns, app_name))`. */
  tupleAppName?: Value;
  /** The `namespace` argument. */
  namespace?: Value;
  /** The included module name is literal but the module could not be read. */
  moduleUnread: boolean;
  /** The included URLconf is neither a literal module name nor a list. */
  targetUnread: boolean;
}

/** include()'s namespace: Django's rules, with "any namespace may exist" wherever a part could not be read. */
export function includeNamespace(node: ResolverNode, inc: IncludeNamespaceInput): void {
  // A URLconf we cannot read may set its own app_name (debug_toolbar.urls does): any namespace may exist.
  if (inc.moduleUnread) node.namespaceUnknown = true;
  // The included module's own app_name wins over the tuple's (include() reads it with getattr).
  const effApp = inc.moduleAppName ?? inc.tupleAppName;
  const ns = inc.namespace;
  if (effApp && effApp.t === 'str') node.appName = effApp.v;
  else if (effApp && effApp.t !== 'none') node.namespaceUnknown = true;
  if (ns && ns.t === 'str') node.namespace = ns.v;
  else if (ns && ns.t !== 'none') node.namespaceUnknown = true;
  else if (node.appName) node.namespace = node.appName;
  if (node.namespace && !node.appName && !node.namespaceUnknown) {
    // Django raises ImproperlyConfigured here; the namespace does not exist.
    node.namespace = undefined;
  }
  if (inc.targetUnread && !node.namespace && inc.moduleAppName === undefined) node.namespaceUnknown = true;
}

/** An include() whose argument is a tuple we cannot read could carry any namespace. */
export function unreadIncludeNamespace(node: ResolverNode): void {
  node.namespaceUnknown = true;
}

/** `site.urls` of an admin site we read: the app name is always 'admin', the namespace the site's name. */
export function adminSiteNamespace(siteName: string | undefined): Pick<ResolverNode, 'appName' | 'namespace' | 'namespaceUnknown'> {
  return { appName: 'admin', namespace: siteName, namespaceUnknown: siteName === undefined };
}

/** `x.urls` of a site we cannot read: the default admin site is namespaced 'admin'; any other may be anything. */
export function runtimeUrlsNamespace(module: string): Pick<ResolverNode, 'appName' | 'namespace' | 'namespaceUnknown'> {
  const isAdmin = /(^|\.)admin\.site$|(^|\.)sites$/.test(module);
  return { namespace: isAdmin ? 'admin' : undefined, appName: isAdmin ? 'admin' : undefined, namespaceUnknown: !isAdmin };
}

/** The instance namespaces in force inside `child`, given those of its parent. */
export function namespacesInside(namespaces: string[], child: PatternNode | ResolverNode): string[] {
  return child.kind === 'resolver' && child.namespace ? [...namespaces, child.namespace] : namespaces;
}

/** Whether reverse() treats this level as a namespace (it has an app name), for the reverse chain. */
export function levelNamespaced(child: PatternNode | ResolverNode): ReverseLevel['namespaced'] {
  return child.kind === 'resolver' && !!child.appName;
}

interface Undecided {
  why: string;
  file?: string;
  span?: Span;
}

/** The outcome of looking a URL name up the way reverse() does. */
export type ReverseLookup =
  | { kind: 'found'; entries: UrlEntry[] }
  | { kind: 'missing'; message: string }
  | ({ kind: 'unknown' } & Undecided);

interface Populated {
  lookups: Map<string, UrlEntry[]>;
  namespaces: Map<string, ResolverNode>;
  apps: Map<string, string[]>;
  /** Names may exist that we cannot see: the first part not understood. */
  namesOpen?: Undecided;
  /** Namespaces may exist that we cannot see: the first part not understood. */
  namespacesOpen?: Undecided;
}

/** What makes a resolver's names undecidable, for messages: its reason and the include() or URLconf it stands for. */
function undecidedOf(node: ResolverNode): Undecided {
  if (node.dynamicAt) return { why: node.dynamicWhy ?? 'URL patterns are built dynamically', ...node.dynamicAt };
  return { why: node.dynamicWhy ?? 'URL patterns are built dynamically', file: node.file ?? node.moduleFile, span: node.span };
}

/** Mirrors URLResolver._populate for one resolver of our tree. */
function populate(node: ResolverNode, byNode: Map<PatternNode, UrlEntry>, memo: Map<ResolverNode, Populated>): Populated {
  const hit = memo.get(node);
  if (hit) return hit;
  const open = node.dynamic ? undecidedOf(node) : undefined;
  const p: Populated = { lookups: new Map(), namespaces: new Map(), apps: new Map(), namesOpen: open, namespacesOpen: open };
  memo.set(node, p);
  for (const c of [...node.children].reverse()) {
    if (c.kind === 'pattern') {
      if ((c as PatternNode & { nameUnknown?: boolean }).nameUnknown) p.namesOpen ??= { why: 'a URL pattern\'s name is not a literal', file: c.file, span: c.span };
      const e = byNode.get(c);
      if (c.name !== undefined && e) {
        const list = p.lookups.get(c.name) ?? [];
        list.push(e);
        p.lookups.set(c.name, list);
      }
      continue;
    }
    if (c.namespaceUnknown) {
      p.namespacesOpen ??= undecidedOf(c);
      if (!c.namespace) {
        p.namesOpen ??= undecidedOf(c);
        continue;
      }
    }
    if (c.appName || c.namespace) {
      const app = c.appName ?? c.namespace!;
      const list = p.apps.get(app) ?? [];
      list.push(c.namespace ?? app);
      p.apps.set(app, list);
      p.namespaces.set(c.namespace ?? app, c);
    } else {
      const sub = populate(c, byNode, memo);
      for (const [name, list] of sub.lookups) p.lookups.set(name, [...(p.lookups.get(name) ?? []), ...list]);
      for (const [ns, r] of sub.namespaces) p.namespaces.set(ns, r);
      for (const [app, list] of sub.apps) p.apps.set(app, [...(p.apps.get(app) ?? []), ...list]);
      p.namesOpen ??= sub.namesOpen;
      p.namespacesOpen ??= sub.namespacesOpen;
    }
  }
  return p;
}

/** Looks `name` (with `ns:` prefixes) up as Django's reverse() does, with no current_app. */
/** Per-model lookup tables, built once: a model is immutable after building, so they never go stale. */
const populatedCache = new WeakMap<UrlModel, { byNode: Map<PatternNode, UrlEntry>; memo: Map<ResolverNode, Populated> }>();

export function reverseLookup(model: UrlModel, qualified: string): ReverseLookup {
  let cached = populatedCache.get(model);
  if (!cached) {
    const byNode = new Map<PatternNode, UrlEntry>();
    for (const e of model.entries) byNode.set(e.node, e);
    cached = { byNode, memo: new Map() };
    populatedCache.set(model, cached);
  }
  const { byNode, memo } = cached;
  const parts = qualified.split(':');
  const name = parts.pop()!;
  let resolver = model.root;
  const walked: string[] = [];
  for (let ns of parts) {
    const pop = populate(resolver, byNode, memo);
    const appList = pop.apps.get(ns);
    if (appList && !appList.includes(ns)) ns = appList[0];
    const next = pop.namespaces.get(ns);
    if (!next) {
      if (pop.namespacesOpen) return { kind: 'unknown', ...pop.namespacesOpen, why: `namespace '${ns}' may be defined where ${pop.namespacesOpen.why}` };
      return { kind: 'missing', message: `'${[...walked, parts[walked.length]].join(':')}' is not a registered namespace` };
    }
    walked.push(parts[walked.length]);
    resolver = next;
  }
  const pop = populate(resolver, byNode, memo);
  const found = pop.lookups.get(name);
  if (found && found.length) return { kind: 'found', entries: found };
  if (pop.namesOpen) return { kind: 'unknown', ...pop.namesOpen };
  const where = parts.length ? ` in namespace '${parts.join(':')}'` : '';
  return { kind: 'missing', message: `no URL pattern is named '${name}'${where}` };
}

