// The default template names Django's generic views derive from their model (`catalog/product_detail.html`).

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { dottedName } from '../core/python/ast';
import type { Stmt } from '../core/python/ast';
import type { ResolverNode } from '../core/urls/urlconf';

const SUFFIXES: Record<string, string> = {
  ListView: '_list',
  DetailView: '_detail',
  CreateView: '_form',
  UpdateView: '_form',
  DeleteView: '_confirm_delete',
};

/** Bases that never set template_name, so a class made of these and one generic view uses Django's default. */
const NEUTRAL_BASES = /^(LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|SuccessMessageMixin|AccessMixin|object)$/;

export interface GenericTemplate {
  className: string;
  viewKind: string;
  model: string;
  name: string;
  /** The class name, where a diagnostic or jump starts. */
  span: Span;
}

/**
 * The classes URL patterns route to, and whether the route overrides template_name (`as_view(template_name=...)`).
 * Built once per URL model.
 */
const routedCache = new WeakMap<object, Map<Stmt, boolean>>();

function routedClasses(project: Project): Map<Stmt, boolean> {
  const model = project.urls;
  if (!model) return new Map();
  let m = routedCache.get(model);
  if (m) return m;
  m = new Map();
  const walk = (node: ResolverNode) => {
    for (const c of node.children) {
      if (c.kind === 'resolver') walk(c);
      else if (c.view.kind === 'def' && c.view.stmt.kind === 'class') {
        const overrides = !!c.view.initkwargs && (c.view.initkwargs.has('template_name') || c.view.initkwargs.has('template_name_suffix'));
        m!.set(c.view.stmt, (m!.get(c.view.stmt) ?? true) && overrides);
      }
    }
  };
  walk(model.root);
  routedCache.set(model, m);
  return m;
}

/**
 * Default templates of generic views in a file. With `routedOnly`, only classes a URL pattern routes to
 * (without overriding template_name there) count: an unrouted base class is never rendered itself.
 */
export function genericViewTemplates(ws: Workspace, project: Project, file: string, routedOnly = false): GenericTemplate[] {
  const refs = ws.pythonRefs(file);
  if (!refs) return [];
  const routed = routedOnly ? routedClasses(project) : undefined;
  const out: GenericTemplate[] = [];
  for (const vc of refs.viewClasses) {
    if (routed) {
      const overridden = routed.get(vc.stmt);
      if (overridden === undefined || overridden) continue;
    }
    const last = vc.baseNames.map((b) => b.split('.').pop()!);
    const generic = last.filter((b) => SUFFIXES[b]);
    if (generic.length !== 1 || !last.every((b) => SUFFIXES[b] || NEUTRAL_BASES.test(b))) continue;
    const kind = generic[0];
    let modelName: string | undefined;
    let suffix = SUFFIXES[kind];
    let overridden = false;
    for (const s of vc.stmt.body) {
      if (s.kind === 'def' && (s.name === 'get_template_names' || s.name === 'get_object' || s.name === 'get_queryset')) overridden = true;
      if (s.kind !== 'assign') continue;
      for (const t of s.targets) {
        if (t.kind !== 'name') continue;
        if (t.id === 'template_name' || t.id === 'template_name_field') overridden = true;
        if (t.id === 'template_name_suffix') {
          if (s.value.kind === 'str') suffix = s.value.value;
          else overridden = true;
        }
        if (t.id === 'model') modelName = dottedName(s.value)?.split('.').pop();
        if (t.id === 'queryset' && s.value.kind === 'call' && s.value.func.kind === 'attr') {
          // Product.objects.all() / .filter(...): the model is the head of the chain.
          let e = s.value.func.obj;
          while (e.kind === 'call' && e.func.kind === 'attr') e = e.func.obj;
          if (e.kind === 'attr' && e.attr === 'objects') modelName = dottedName(e.obj)?.split('.').pop();
        }
      }
    }
    if (overridden || !modelName) continue;
    const candidates = project.models.filter((m) => m.name === modelName);
    if (candidates.length !== 1) continue;
    const m = candidates[0];
    out.push({ className: vc.stmt.name, viewKind: kind, model: m.name, name: `${m.appLabel}/${m.name.toLowerCase()}${suffix}.html`, span: vc.stmt.nameSpan });
  }
  return out;
}
