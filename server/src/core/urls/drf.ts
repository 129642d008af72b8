// Django REST framework routers as DRF 3.x builds them: register(), the routes each ViewSet allows, @action, api-root, format suffixes.

import type { Expr, Stmt } from '../python/ast';
import { dottedName } from '../python/ast';
import type { CallHook, Evaluator, HookContext, HookObject, Value } from '../python/evaluate';
import { isClassDef } from '../python/evaluate';
import type { Span } from '../text';
import type { Converters } from './route';

/** What a generated pattern carries besides a path() call's arguments: where to jump, and what made it. */
export interface GeneratedAt {
  file: string;
  span: Span;
  generated: string;
}

/** A pattern as urlconf.ts's hook data: route, view, name, the call that stands for it, and where it is. */
interface GeneratedPattern {
  fn: 'path' | 're_path';
  route: Value;
  view: Value;
  name?: Value;
  call: Expr & { kind: 'call' };
  file: string;
  module: string;
  at?: GeneratedAt;
}

const ROUTER_CLASSES: Record<string, 'default' | 'simple'> = {
  'rest_framework.routers.DefaultRouter': 'default',
  'rest_framework.routers.SimpleRouter': 'simple',
};

/** The ViewSet actions DRF's own classes define (`hasattr(viewset, action)` in SimpleRouter.get_method_map). */
const DRF_ACTIONS: Record<string, string[]> = {
  'rest_framework.viewsets.ModelViewSet': ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'],
  'rest_framework.viewsets.ReadOnlyModelViewSet': ['list', 'retrieve'],
  'rest_framework.viewsets.GenericViewSet': [],
  'rest_framework.viewsets.ViewSet': [],
  'rest_framework.viewsets.ViewSetMixin': [],
  'rest_framework.generics.GenericAPIView': [],
  'rest_framework.views.APIView': [],
  'rest_framework.mixins.ListModelMixin': ['list'],
  'rest_framework.mixins.CreateModelMixin': ['create'],
  'rest_framework.mixins.RetrieveModelMixin': ['retrieve'],
  'rest_framework.mixins.UpdateModelMixin': ['update', 'partial_update'],
  'rest_framework.mixins.DestroyModelMixin': ['destroy'],
};

/** Class attributes a Router subclass may set without changing which names it generates. */
const HARMLESS_ROUTER_ATTRS = new Set(['include_root_view', 'include_format_suffixes', 'root_view_name', 'APIRootView', 'default_schema_renderers', '__doc__', '__module__', '__qualname__']);

interface Registration {
  prefix: Value;
  viewset: Value;
  basename?: Value;
  call: Expr & { kind: 'call' };
  file: string;
  module: string;
}

/** A router: what is registered on it, and whether its routes are DRF's. */
class Router implements HookObject {
  readonly registry: Registration[] = [];
  open?: string;
  constructor(
    readonly ev: Evaluator,
    readonly converters: Converters,
    readonly kind: 'default' | 'simple',
    readonly trailingSlash: boolean | undefined,
    readonly includeRoot: boolean,
    readonly includeFormat: boolean,
    readonly rootName: string,
    readonly decl: { file: string; span: Span },
  ) {}

  getAttr(attr: string, ctx: HookContext): Value | undefined {
    if (attr === 'urls') return this.urls(ctx);
    return undefined;
  }

  callMethod(attr: string, args: { positional: Value[]; keywords: Map<string, Value>; hasStar: boolean }, call: Expr & { kind: 'call' }, ctx: HookContext): Value | undefined {
    if (attr === 'register') {
      const prefix = args.positional[0] ?? args.keywords.get('prefix');
      const viewset = args.positional[1] ?? args.keywords.get('viewset');
      if (!prefix || !viewset || args.hasStar) this.open ??= 'a router.register() call could not be read';
      else this.registry.push({ prefix, viewset, basename: args.positional[2] ?? args.keywords.get('basename') ?? args.keywords.get('base_name'), call, file: ctx.file, module: ctx.module });
      return { t: 'none' };
    }
    if (attr === 'get_urls') return this.urls(ctx);
    return undefined;
  }

  /** SimpleRouter.get_urls() (and DefaultRouter's root view and format suffixes) over the registry as it is now. */
  urls(ctx: HookContext): Value {
    const out: Value[] = [];
    let open = this.open !== undefined;
    const slash = this.trailingSlash === undefined ? undefined : this.trailingSlash ? '/' : '';
    for (const reg of this.registry) {
      const vs = viewsetInfo(this.ev, reg.viewset);
      const basename = reg.basename && reg.basename.t !== 'none' ? (reg.basename.t === 'str' ? reg.basename.v : undefined) : vs.defaultBasename;
      if (basename === undefined || !vs.cls) {
        open = true;
        continue;
      }
      if (vs.open) open = true;
      const prefix = reg.prefix.t === 'str' ? reg.prefix.v : undefined;
      const lookup = vs.lookup === undefined ? undefined : `(?P<${vs.lookup.kwarg}>${vs.lookup.regex})`;
      const make = (url: string | undefined, name: string, view: Value, at: { file: string; span: Span }) => {
        let route: Value = { t: 'unknown', why: 'a router route is not literal' };
        if (url !== undefined && prefix !== undefined && slash !== undefined && (lookup !== undefined || !url.includes('{lookup}'))) {
          let regex = url.replace('{prefix}', prefix).replace('{lookup}', lookup ?? '').replace('{trailing_slash}', slash);
          if (!prefix && regex.startsWith('^/')) regex = '^' + regex.slice(2);
          route = { t: 'str', v: regex };
        }
        const data: GeneratedPattern = { fn: 're_path', route, view, name: { t: 'str', v: name }, call: reg.call, file: reg.file, module: reg.module, at: { ...at, generated: `router ${reg.prefix.t === 'str' ? `'${reg.prefix.v}'` : ''} → ${vs.cls!.stmt.name}`.replace('  ', ' ') } };
        out.push({ t: 'hook', kind: 'pattern', data });
      };
      const clsAt = { file: vs.cls.file, span: vs.cls.stmt.nameSpan };
      const has = (names: string[]) => vs.actions === undefined || names.some((n) => vs.actions!.has(n));
      const byDetail = (detail: boolean) => vs.extra.filter((x) => x.detail === detail);
      if (has(['list', 'create'])) make('^{prefix}{trailing_slash}$', `${basename}-list`, reg.viewset, clsAt);
      for (const x of byDetail(false)) make(x.urlPath === undefined ? undefined : `^{prefix}/${x.urlPath}{trailing_slash}$`, `${basename}-${x.urlName}`, x.method, { file: vs.cls.file, span: x.method.stmt.nameSpan });
      if (has(['retrieve', 'update', 'partial_update', 'destroy'])) make('^{prefix}/{lookup}{trailing_slash}$', `${basename}-detail`, reg.viewset, clsAt);
      for (const x of byDetail(true)) make(x.urlPath === undefined ? undefined : `^{prefix}/{lookup}/${x.urlPath}{trailing_slash}$`, `${basename}-${x.urlName}`, x.method, { file: vs.cls.file, span: x.method.stmt.nameSpan });
    }
    let list: Value = { t: 'list', items: out, open };
    if (this.kind === 'default') {
      if (this.includeRoot) {
        const data: GeneratedPattern = { fn: 're_path', route: { t: 'str', v: '^$' }, view: { t: 'ref', module: 'rest_framework.routers', attr: 'APIRootView' }, name: { t: 'str', v: this.rootName }, call: syntheticCall(this.decl.span), file: this.decl.file, module: ctx.module, at: { ...this.decl, generated: 'DefaultRouter API root' } };
        out.push({ t: 'hook', kind: 'pattern', data });
      }
      if (this.includeFormat) list = formatSuffixPatterns(this.converters, list);
    }
    return list;
  }
}

/** A call expression standing for generated code, so that span-based consumers point at the router. */
function syntheticCall(span: Span): Expr & { kind: 'call' } {
  return { kind: 'call', func: { kind: 'name', id: 'router', span }, args: [], span };
}

interface ExtraAction {
  method: Value & { t: 'def' };
  detail: boolean;
  urlPath?: string;
  urlName: string;
}

interface ViewSetInfo {
  cls?: Value & { t: 'def' };
  /** The actions (list, retrieve...) the class has; undefined when a base could not be read. */
  actions?: Set<string>;
  extra: ExtraAction[];
  defaultBasename?: string;
  lookup?: { kwarg: string; regex: string };
  open: boolean;
}

/** Reads a ViewSet: its DRF actions through the MRO, its @action methods, its basename and lookup. */
function viewsetInfo(ev: Evaluator, v: Value): ViewSetInfo {
  if (v.t === 'ref') v = ev.deref(v);
  if (!isClassDef(v)) return { extra: [], open: true };
  const info: ViewSetInfo = { cls: v, actions: new Set(), extra: [], open: false };
  const mro = ev.classMro(v);
  if (!mro) return { ...info, actions: undefined, open: true };
  const seen = new Set<string>();
  for (const k of mro) {
    if (isClassDef(k)) {
      for (const s of k.stmt.body) {
        const name = s.kind === 'def' || s.kind === 'class' ? s.name : undefined;
        if (name === 'get_extra_actions') info.open = true;
        if (s.kind === 'assign') for (const t of s.targets) if (t.kind === 'name') seen.add(t.id);
        if (!name || seen.has(name)) continue;
        seen.add(name);
        if (s.kind !== 'def') continue;
        if (['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'].includes(name)) info.actions?.add(name);
        const act = actionOf(s);
        if (act === 'unknown') info.open = true;
        else if (act) info.extra.push({ method: { t: 'def', module: k.module, file: k.file, stmt: s }, ...act, urlName: act.urlName ?? name.replace(/_/g, '-'), urlPath: act.urlPath ?? name });
      }
      continue;
    }
    const q = ev.qualname(k) ?? '';
    const known = DRF_ACTIONS[q];
    if (known) known.forEach((a) => info.actions?.add(a));
    else {
      // A base we cannot read may define actions and @action methods.
      info.actions = undefined;
      info.open = true;
    }
  }
  // getmembers() lists the extra actions by name.
  info.extra.sort((a, b) => (a.method.stmt.name < b.method.stmt.name ? -1 : 1));
  info.defaultBasename = queryBasename(ev, v);
  const field = viewsetAttr(ev, mro, 'lookup_field');
  const kwarg = viewsetAttr(ev, mro, 'lookup_url_kwarg');
  const regex = viewsetAttr(ev, mro, 'lookup_value_regex');
  const fieldV = field === undefined ? 'pk' : field.t === 'str' ? field.v : undefined;
  // A class attribute set to something we cannot read leaves the detail routes' parameters unknown.
  const kwargV = kwarg === undefined || kwarg.t === 'none' ? fieldV : kwarg.t === 'str' ? kwarg.v || fieldV : undefined;
  const regexV = regex === undefined ? '[^/.]+' : regex.t === 'str' ? regex.v : undefined;
  if (kwargV !== undefined && regexV !== undefined) info.lookup = { kwarg: kwargV, regex: regexV };
  return info;
}

/**
 * A ViewSet's class attribute through its MRO: undefined when no class sets it (DRF's own classes leave the lookup
 * settings at their defaults), unknown when a base we cannot read might.
 */
function viewsetAttr(ev: Evaluator, mro: Value[], name: string): Value | undefined {
  for (const k of mro) {
    if (isClassDef(k)) {
      const v = ev.classNamespace(k)?.get(name);
      if (v) return v.t === 'ref' ? ev.deref(v) : v;
      continue;
    }
    if (!DRF_ACTIONS[ev.qualname(k) ?? '']) return { t: 'unknown', why: `${name} may come from a base class` };
  }
  return undefined;
}

/** `@action(detail=..., url_path=..., url_name=...)` with literal arguments; 'unknown' when they are not. */
function actionOf(s: Stmt & { kind: 'def' }): { detail: boolean; urlPath?: string; urlName?: string } | 'unknown' | undefined {
  for (const d of s.decorators) {
    const call = d.kind === 'call' ? d : undefined;
    const n = dottedName(call ? call.func : d);
    if (!n) continue;
    const last = n.split('.').pop();
    if (last === 'detail_route' || last === 'list_route') return 'unknown';
    if (last !== 'action' || !call) continue;
    const kw = (k: string) => call.args.find((a) => a.name === k)?.value;
    const detail = kw('detail');
    if (!detail || detail.kind !== 'const' || typeof detail.value !== 'boolean') return 'unknown';
    const path = kw('url_path');
    const name = kw('url_name');
    if ((path && path.kind !== 'str') || (name && name.kind !== 'str') || call.args.some((a) => a.star)) return 'unknown';
    return { detail: detail.value, urlPath: path?.kind === 'str' && path.value ? path.value : undefined, urlName: name?.kind === 'str' && name.value ? name.value : undefined };
  }
  return undefined;
}

/** `queryset.model._meta.object_name.lower()`: the model class named at the root of the queryset expression. */
function queryBasename(ev: Evaluator, cls: Value & { t: 'def' }): string | undefined {
  for (const k of ev.classMro(cls) ?? []) {
    if (!isClassDef(k)) return undefined;
    const s = [...k.stmt.body].reverse().find((x): x is Stmt & { kind: 'assign' } => x.kind === 'assign' && x.targets.some((t) => t.kind === 'name' && t.id === 'queryset'));
    if (!s) continue;
    let e: Expr = s.value;
    // Model.objects.filter(...).select_related(...): walk down to the first name.
    while (e.kind === 'call' || e.kind === 'attr') e = e.kind === 'call' ? e.func : e.obj;
    if (e.kind !== 'name') return undefined;
    const mv = ev.evalModule(k.module)?.scope.get(e.id);
    const model = mv && mv.t === 'ref' ? ev.deref(mv) : mv;
    if (model && isClassDef(model)) return model.stmt.name.toLowerCase();
    if (model && model.t === 'ref') return model.attr.toLowerCase();
    return undefined;
  }
  return undefined;
}

/** format_suffix_patterns(): each pattern, then its copy taking `.<format>` (DRF's suffix regex or converter). */
function formatSuffixPatterns(converters: Converters, list: Value): Value {
  if (list.t !== 'list') return { t: 'unknown', why: 'format_suffix_patterns() of patterns that could not be read' };
  converters['drf_format_suffix'] = '\\.[a-z0-9]+/?';
  const out: Value[] = [];
  let open = list.open;
  for (const it of list.items) {
    out.push(it);
    if (it.t !== 'hook' || it.kind !== 'pattern') {
      // Included URLconfs get suffixed copies of their own patterns: not followed.
      open = true;
      continue;
    }
    const p = it.data as GeneratedPattern;
    const route: Value = p.route.t !== 'str' ? p.route : p.fn === 're_path' ? { t: 'str', v: p.route.v.replace(/\$+$/, '').replace(/\/+$/, '') + '\\.(?P<format>[a-z0-9]+)/?$' } : { t: 'str', v: p.route.v.replace(/\$+$/, '').replace(/\/+$/, '') + '<drf_format_suffix:format>' };
    out.push({ t: 'hook', kind: 'pattern', data: { ...p, route } });
  }
  return { t: 'list', items: out, open };
}

/** Whether a class derives from one of DRF's routers: which one, through workspace subclasses that keep its routes. */
function routerKind(ev: Evaluator, cls: Value & { t: 'def' }): { kind: 'default' | 'simple'; attrs: Map<string, Value> } | { why: string } | undefined {
  const mro = ev.classMro(cls);
  if (!mro) return undefined;
  const attrs = new Map<string, Value>();
  // What a workspace class changes matters only once a DRF router is found behind it: a class that is no router
  // (a project's LocalePrefixPattern) is not one that cannot be read.
  let why: string | undefined;
  for (const k of mro) {
    if (isClassDef(k)) {
      const ns = ev.classNamespace(k);
      if (!ns) why ??= `router class ${k.stmt.name} could not be read`;
      for (const [n, v] of ns ?? []) {
        if (!HARMLESS_ROUTER_ATTRS.has(n)) why ??= `router class ${k.stmt.name} changes ${n}`;
        if (!attrs.has(n)) attrs.set(n, v);
      }
      continue;
    }
    const kind = ROUTER_CLASSES[ev.qualname(k) ?? ''];
    if (!kind) return undefined;
    return why ? { why } : { kind, attrs };
  }
  return undefined;
}

/** The call hook of DRF: routers made (DRF's or project subclasses) and format_suffix_patterns(). */
export function drfHook(converters: Converters): CallHook {
  return (qualname, args, call, ctx) => {
    if (qualname === 'rest_framework.urlpatterns.format_suffix_patterns') {
      const extra = [...args.keywords.keys()].some((k) => k !== 'suffix_required') || args.positional.length > 1;
      if (extra) return { t: 'unknown', why: 'format_suffix_patterns() with allowed suffixes' };
      return formatSuffixPatterns(converters, args.positional[0] ?? args.keywords.get('urlpatterns') ?? { t: 'unknown' });
    }
    let kind = ROUTER_CLASSES[qualname];
    let attrs = new Map<string, Value>();
    let why: string | undefined;
    const cls = ctx.func && isClassDef(ctx.func) ? ctx.func : undefined;
    if (!kind && cls) {
      const r = routerKind(ctx.ev, cls);
      if (!r) return undefined;
      if ('why' in r) why = r.why;
      else ({ kind, attrs } = r);
      kind ??= 'simple';
    }
    if (!kind) return undefined;
    const ts = args.keywords.get('trailing_slash') ?? args.positional[0];
    const bool = (v: Value | undefined, d: boolean) => (v === undefined ? d : v.t === 'bool' ? v.v : undefined);
    const trailing = ts === undefined ? true : ts.t === 'bool' ? ts.v : ts.t === 'str' ? ts.v !== '' : undefined;
    const root = attrs.get('root_view_name');
    const includeRoot = bool(attrs.get('include_root_view'), true);
    const includeFormat = bool(attrs.get('include_format_suffixes'), true);
    const router = new Router(ctx.ev, converters, kind, trailing, includeRoot ?? true, includeFormat ?? true, root === undefined ? 'api-root' : root.t === 'str' ? root.v : 'api-root', { file: ctx.file, span: call.span });
    if (why) router.open = why;
    else if (includeRoot === undefined || includeFormat === undefined || (root && root.t !== 'str')) router.open = 'a router setting is not a literal';
    return { t: 'hook', kind: 'router', data: router };
  };
}
