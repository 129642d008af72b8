// The extension's own requests: django-mtv/resolveUrl (Go to URL), django-mtv/projectTree (the explorer view) and django-mtv/newApp.

import type { Location, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import { relativeInside } from '../../core/fs';
import { resolveUrl } from '../../features/resolve-url';
import { projectTrees } from '../../features/project-tree';
import type { TreeApp, TreeInheritance, TreeLocation, TreeUrl } from '../../features/project-tree';
import { newApp } from '../../features/new-app';
import { Requests } from '../../protocol';
import type { NewAppParams, NewAppResponse, ProjectTreeResponse, ResolveUrlParams, ResolveUrlResult } from '../../protocol';
import type * as wire from '../../protocol';
import type { ServerContext } from '../context';
import { pathToUri, toLocation, toRange, toWorkspaceEdit, uriToPath } from '../context';
import type { HandlerModule } from '../server';

const RESOLVE_URL_REQUEST = Requests.resolveUrl;
const PROJECT_TREE_REQUEST = Requests.projectTree;
const NEW_APP_REQUEST = Requests.newApp;

function allProjects(ctx: ServerContext): { ws: Workspace; project: Project }[] {
  return ctx.workspaces().flatMap((ws) => ws.projects.map((project) => ({ ws, project })));
}

/** The projects to search, the one holding `uri` first. */
function ordered(ctx: ServerContext, uri?: string): { ws: Workspace; project: Project }[] {
  const all = allProjects(ctx);
  if (!uri) return all;
  const path = uriToPath(uri);
  const score = (p: Project) => (relativeInside(p.root, path) !== undefined || relativeInside(path, p.root) !== undefined ? 0 : 1);
  return [...all].sort((a, b) => score(a.project) - score(b.project));
}

function convertLocation(ws: Workspace, l: TreeLocation): Location {
  return toLocation(ws, l.file, l.span);
}

function convertUrl(ws: Workspace, u: TreeUrl): wire.TreeUrl {
  return {
    route: u.route,
    name: u.name,
    location: convertLocation(ws, u.location),
    view: u.view && { name: u.view.name, location: convertLocation(ws, u.view.location), templates: u.view.templates.map((t) => ({ name: t.name, location: convertLocation(ws, t.location) })) },
  };
}

function convertTemplate(ws: Workspace, t: TreeInheritance): wire.TreeInheritance {
  return { name: t.name, location: convertLocation(ws, t.location), children: t.children.map((c) => convertTemplate(ws, c)) };
}

function convertApp(ws: Workspace, a: TreeApp): wire.TreeApp {
  return { name: a.name, label: a.label, location: a.location && convertLocation(ws, a.location), urls: a.urls.map((u) => convertUrl(ws, u)) };
}

export const djangoRequestsHandler: HandlerModule = {
  capabilities: {},
  register(ctx: ServerContext) {
    ctx.connection.onRequest(
      RESOLVE_URL_REQUEST,
      ctx.guard('resolveUrl', null as ResolveUrlResult | null, (params: ResolveUrlParams) => {
        if (!params || typeof params.url !== 'string') return null;
        for (const { ws, project } of ordered(ctx, params.uri)) {
          const r = resolveUrl(project, params.url);
          if (r.kind !== 'match') continue;
          const v = r.pattern.view;
          const location = v.kind === 'def' ? toLocation(ws, v.file, v.stmt.nameSpan) : toLocation(ws, r.pattern.file, r.pattern.span);
          return { name: r.name, route: r.route, location, args: r.args, kwargs: r.kwargs, project: project.root };
        }
        return null;
      }),
    );
    ctx.connection.onRequest(
      PROJECT_TREE_REQUEST,
      ctx.guard('projectTree', { projects: [] } as ProjectTreeResponse, () => {
        const projects: wire.TreeProject[] = [];
        for (const ws of ctx.workspaces()) {
          for (const p of projectTrees([ws])) {
            projects.push({
              name: p.name,
              root: p.root,
              settings: p.settings && convertLocation(ws, p.settings),
              apps: p.apps.map((a) => convertApp(ws, a)),
              urls: p.urls.map((u) => convertUrl(ws, u)),
              templates: p.templates.map((t) => convertTemplate(ws, t)),
            });
          }
        }
        return { projects };
      }),
    );
    ctx.connection.onRequest(
      NEW_APP_REQUEST,
      ctx.guard('newApp', { error: 'The server could not prepare the app.' } as NewAppResponse, (params: NewAppParams): NewAppResponse => {
        if (!params || typeof params.name !== 'string') return { error: 'No app name given.' };
        const candidates = ordered(ctx, params.uri);
        if (!candidates.length) return { error: 'No Django project (manage.py) was found in the workspace.' };
        const first = candidates[0];
        if (!params.uri && candidates.length > 1) return { error: 'There are several Django projects: say which one the app belongs to.' };
        const r = newApp(first.ws, first.project, params.name, { installedApps: params.installedApps, rootUrlconf: params.rootUrlconf });
        if ('error' in r) return r;
        return {
          files: r.files.map((f) => ({ ...f, uri: pathToUri(f.path) })),
          edits: r.edits.map((e) => ({ uri: pathToUri(e.file), range: toRange(first.ws, e.file, e.span), newText: e.newText })),
          notes: r.notes,
          edit: toWorkspaceEdit(first.ws, { edits: r.edits, createFiles: r.files }),
        };
      }),
    );
  },
};
