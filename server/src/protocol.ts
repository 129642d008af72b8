// The extension's own protocol, shared by the language server and the VS Code client: settings, status, custom requests.
//
// Only types and string constants live here, so that importing it pulls no LSP library into either bundle.

import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** The `django-mtv` settings section, as the client sends it and the server reads it. */
export interface Settings {
  pythonPath: string;
  diagnostics: { enable: boolean; severity: Record<string, SeverityName> };
  templates: { extraDirs: string[] };
  exclude: string[];
  /** The settings module whose project to use, when a folder has several (or names none); absent means discovery's choice. */
  settingsModule?: string;
}

/** What the server receives as `initializationOptions`. */
export interface InitializationOptions {
  settings: Settings;
  /** False in an untrusted workspace: the server then never runs an interpreter. */
  trusted: boolean;
}

/** The server's status notification, for the status bar. */
export const STATUS_NOTIFICATION = 'django-mtv/status';

export interface StatusParams {
  state: 'indexing' | 'ready' | 'error';
  message?: string;
  projects: number;
  urls: number;
  templates: number;
  /** Parts of the projects that were not understood (listed in the log): names there are navigable but not checked. */
  notUnderstood?: number;
  /** The Django each project is modelled on, one entry per distinct version: "5.2.18 (installed)", "4.2 (declared in requirements.txt)". */
  django?: string[];
}

/** The files whose creation, deletion or change can alter a project model. */
export const WATCHED_GLOB = '**/*.{py,html,txt,jinja,jinja2,j2}';

export const Requests = {
  resolveUrl: 'django-mtv/resolveUrl',
  projectTree: 'django-mtv/projectTree',
  newApp: 'django-mtv/newApp',
  checkWorkspace: 'django-mtv/checkWorkspace',
} as const;

/** What "Django: Check Workspace" found: diagnostics were published for every file that has some. */
export interface CheckWorkspaceResult {
  files: number;
  problems: number;
  errors: number;
  /** Files looked at, across every project. */
  checked: number;
}

export interface ResolveUrlParams {
  /** A document or folder, to prefer its project when several projects match. */
  uri?: string;
  url: string;
}

export interface ResolveUrlResult {
  name: string | null;
  route: string;
  /** The view's definition, or the URL pattern when the view is not in the workspace. */
  location: Location;
  args: unknown[];
  kwargs: Record<string, unknown>;
  project: string;
}

export interface NewAppParams {
  /** A folder or document inside the project; when absent the only project is used. */
  uri?: string;
  name: string;
  installedApps?: boolean;
  rootUrlconf?: boolean;
}

export type NewAppResponse =
  | { error: string }
  | { files: { path: string; uri: string; text: string }[]; edits: { uri: string; range: Location['range']; newText: string }[]; notes: string[]; edit: WorkspaceEdit };

/** django-mtv/projectTree: the explorer's Django tree (features/project-tree.ts) with LSP locations in place of file spans. */
export interface ProjectTreeResponse {
  projects: TreeProject[];
}

export interface TreeUrl {
  /** The full route, every level's pattern joined. */
  route: string;
  /** The namespaced name, when the pattern has one. */
  name?: string;
  location: Location;
  view?: { name: string; location: Location; templates: { name: string; location: Location }[] };
}

export interface TreeInheritance {
  name: string;
  location: Location;
  /** The templates that `{% extends %}` this one. */
  children: TreeInheritance[];
}

export interface TreeApp {
  name: string;
  label: string;
  location?: Location;
  urls: TreeUrl[];
}

export interface TreeProject {
  name: string;
  root: string;
  settings?: Location;
  apps: TreeApp[];
  urls: TreeUrl[];
  templates: TreeInheritance[];
}
