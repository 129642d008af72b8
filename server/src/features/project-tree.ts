// The explorer's Django tree as plain data: projects → apps → URL patterns → view → templates, and the templates by inheritance.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { basename, relativeInside } from '../core/fs';
import { lookupTemplate } from '../core/templates/index';
import type { PatternNode, ResolverNode, UrlEntry } from '../core/urls/urlconf';
import { templateAncestors, templateUses } from './uses';
import { genericViewTemplates } from './generic-views';

export interface TreeLocation {
  file: string;
  span: Span;
}

export interface TreeTemplate {
  name: string;
  location: TreeLocation;
}

export interface TreeView {
  /** The view's qualified name (`polls.views.index`, `polls.views.DetailView`). */
  name: string;
  location: TreeLocation;
  templates: TreeTemplate[];
}

export interface TreeUrl {
  /** The full route, every level's pattern joined. */
  route: string;
  /** The namespaced name, when the pattern has one. */
  name?: string;
  location: TreeLocation;
  view?: TreeView;
}

export interface TreeApp {
  name: string;
  label: string;
  /** The app's AppConfig class or its package's `__init__.py`. */
  location?: TreeLocation;
  urls: TreeUrl[];
}

export interface TreeInheritance {
  name: string;
  location: TreeLocation;
  /** The templates that `{% extends %}` this one. */
  children: TreeInheritance[];
}

export interface TreeProject {
  name: string;
  root: string;
  /** The settings module's file. */
  settings?: TreeLocation;
  apps: TreeApp[];
  /** Patterns whose URLconf lies in no installed app (usually the project package's urls.py). */
  urls: TreeUrl[];
  /** Templates of the workspace, base templates first, each with the templates that extend it. */
  templates: TreeInheritance[];
}

const START: Span = { start: 0, end: 0 };

/** Every pattern in resolver order with its full route and qualified name (entries cover named patterns only). */
function patterns(root: ResolverNode, entries: UrlEntry[]): { node: PatternNode; route: string; name?: string }[] {
  const byNode = new Map<PatternNode, UrlEntry>();
  for (const e of entries) byNode.set(e.node, e);
  const out: { node: PatternNode; route: string; name?: string }[] = [];
  const walk = (n: ResolverNode, prefix: string, ns: string[], depth: number) => {
    if (depth > 50) return;
    for (const c of n.children) {
      const text = c.pattern.kind === 'route' ? c.pattern.text : c.pattern.kind === 'regex' ? c.pattern.text : '';
      if (c.kind === 'pattern') {
        const e = byNode.get(c);
        out.push({ node: c, route: e?.route ?? prefix + text, name: e?.qualifiedName ?? (c.name !== undefined ? [...ns, c.name].join(':') : undefined) });
      } else walk(c, prefix + text, c.namespace ? [...ns, c.namespace] : ns, depth + 1);
    }
  };
  walk(root, '', [], 0);
  return out;
}

/** The templates a view renders: render()/template_name inside its def or class, and a generic view's default. */
function viewTemplates(ws: Workspace, project: Project, file: string, span: Span): TreeTemplate[] {
  const names: string[] = [];
  for (const u of templateUses(ws, project, file)) {
    for (const n of u.names) if (n.span.start >= span.start && n.span.end <= span.end) names.push(n.name);
  }
  for (const g of genericViewTemplates(ws, project, file)) if (g.span.start >= span.start && g.span.end <= span.end) names.push(g.name);
  const out: TreeTemplate[] = [];
  for (const name of new Set(names)) {
    const r = lookupTemplate(project.templates, name);
    if (r.kind === 'found') out.push({ name, location: { file: r.files[0].file, span: START } });
  }
  return out;
}

function urlOf(ws: Workspace, project: Project, p: { node: PatternNode; route: string; name?: string }): TreeUrl {
  const url: TreeUrl = { route: p.route, name: p.name, location: { file: p.node.file, span: p.node.span } };
  const v = p.node.view;
  if (v.kind === 'def') url.view = { name: v.qualname.includes('.') ? v.qualname : `${v.module}.${v.qualname}`, location: { file: v.file, span: v.stmt.nameSpan }, templates: viewTemplates(ws, project, v.file, v.stmt.span) };
  return url;
}

/** The workspace's own templates (not an installed package's) as an inheritance forest. */
function inheritance(ws: Workspace, project: Project): TreeInheritance[] {
  const nodes = new Map<string, TreeInheritance>();
  const parentOf = new Map<string, string>();
  for (const [name, files] of project.templates.byName) {
    const f = files[0];
    // Only the file Django finds first under that name, and only files of this workspace.
    if (relativeInside(ws.root, f.file) === undefined || nodes.has(f.file)) continue;
    if (project.settings?.engines[f.engine]?.kind !== 'django') continue;
    nodes.set(f.file, { name, location: { file: f.file, span: START }, children: [] });
  }
  for (const file of nodes.keys()) {
    // The parent Django would load (relative names and self-overrides included), when it is in the tree.
    const parent = templateAncestors(ws, project, file, 1)[0]?.file;
    if (parent && nodes.has(parent)) parentOf.set(file, parent);
  }
  const roots: TreeInheritance[] = [];
  for (const [file, node] of nodes) {
    // A cycle of extends (a broken project) would hide its members: they become roots instead.
    let p = parentOf.get(file);
    const seen = new Set([file]);
    while (p && !seen.has(p)) {
      seen.add(p);
      p = parentOf.get(p);
    }
    const parent = parentOf.get(file);
    if (parent && !p) nodes.get(parent)!.children.push(node);
    else roots.push(node);
  }
  const byName = (a: TreeInheritance, b: TreeInheritance) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const sort = (list: TreeInheritance[]) => {
    list.sort(byName);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

function projectTree(ws: Workspace, project: Project): TreeProject {
  const apps: TreeApp[] = project.apps
    .filter((a) => a.inWorkspace && a.dir)
    .map((a) => {
      const init = a.dir + '/__init__.py';
      const location = a.config ? { file: a.config.file, span: a.config.stmt.nameSpan } : ws.fs.stat(init) === 'file' ? { file: init, span: START } : undefined;
      return { name: a.name, label: a.label, location, urls: [] };
    });
  const rest: TreeUrl[] = [];
  if (project.urls) {
    for (const p of patterns(project.urls.root, project.urls.entries)) {
      const url = urlOf(ws, project, p);
      // The app whose folder holds the URLconf the pattern is written in (the deepest, for nested apps).
      let owner: TreeApp | undefined;
      let ownerDir = '';
      for (const a of project.apps) {
        if (!a.dir || !a.inWorkspace || relativeInside(a.dir, p.node.file) === undefined || a.dir.length <= ownerDir.length) continue;
        owner = apps.find((x) => x.name === a.name);
        ownerDir = a.dir;
      }
      (owner ? owner.urls : rest).push(url);
    }
  }
  return {
    name: basename(project.root),
    root: project.root,
    settings: project.settings ? { file: project.settings.file, span: START } : undefined,
    apps,
    urls: rest,
    templates: inheritance(ws, project),
  };
}

/** Every project of every workspace. */
export function projectTrees(workspaces: Workspace[]): TreeProject[] {
  return workspaces.flatMap((ws) => ws.projects.map((p) => projectTree(ws, p)));
}
