// The server's workspace folders: one Workspace each, the settings each one reads, the interpreter's sys.path, and who hears that a model changed.

import type { Connection, WorkspaceFolder } from 'vscode-languageserver/node';
import { Workspace } from '../core/workspace';
import { normalizePath, relativeInside } from '../core/fs';
import type { OverlayFileSystem } from '../host/nodefs';
import { interpreterSysPathAsync } from '../host/python';
import { uriToPath } from './context';
import type { Settings } from './settings';
import { excludeMatcher, extraTemplateDirs, parseSettings } from './settings';
import { withTimeout } from '../shared/timeout';
import { DiskFactsCache, toolVersion } from '../host/facts-cache';
import { version } from '../../../package.json';

export const SECTION = 'django-mtv';

/** A client that never answers `workspace/configuration` must not stall indexing. */
const CONFIG_TIMEOUT_MS = 5000;
/** How long the interpreter may take to print sys.path; after that the environment's packages are not read. */
const PROBE_TIMEOUT_MS = 5000;

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export interface Folder {
  uri: string;
  path: string;
  name: string;
  settings: Settings;
  /** The compiled exclude globs of `settings`, kept so that every keystroke does not recompile them. */
  exclude?: (path: string) => boolean;
  ws: Workspace;
  /** Bumped each time an indexing of this folder is asked for: an older one still running stops at its next step. */
  run: number;
  /** Parses and references of unchanged files from the last session, for the first indexing (then released). */
  facts?: DiskFactsCache;
  /** The workspace being indexed, and the file changes that arrived meanwhile (replayed on it once it is done). */
  inflight?: { ws: Workspace; changes: [string[], boolean][] };
}

/** The open workspace folders and the settings state they share (what the client said at initialize, and since). */
export class Folders {
  readonly list: Folder[] = [];
  /** Settings given at initialize (or pushed since, for clients without pull configuration): the defaults of every folder. */
  initSettings: Settings = parseSettings(undefined);
  trusted = true;
  canConfigure = false;
  /** Set at shutdown: indexing stops at its next step. */
  shuttingDown = false;
  /** Interpreter answers, by path: running Python is slow, and a settings change rarely changes the interpreter. */
  private readonly sysPaths = new Map<string, string[]>();
  private readonly modelListeners: ((workspaces: Workspace[]) => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly overlay: OverlayFileSystem,
    private readonly log: (message: string) => void,
  ) {}

  newWorkspace(path: string, settings: Settings, exclude: ((p: string) => boolean) | undefined, envPaths: string[] = [], parseCache?: Workspace['cache'], facts?: DiskFactsCache): Workspace {
    return new Workspace(this.overlay, path, { envPaths, extraTemplateDirs: extraTemplateDirs(settings, path, this.overlay, this.log), exclude, log: this.log, settingsModule: settings.settingsModule, parseCache, facts });
  }

  make(f: WorkspaceFolder): Folder {
    const path = uriToPath(f.uri);
    const exclude = excludeMatcher(this.initSettings.exclude, path, this.log);
    // Facts are found by a file's text, so a cache another session wrote cannot mislead; it lives in the user's cache folder.
    const facts = DiskFactsCache.open(path, toolVersion(version, __filename), process.env, 'server');
    return { uri: f.uri, path, name: f.name, settings: this.initSettings, exclude, ws: this.newWorkspace(path, this.initSettings, exclude, [], undefined, facts), run: 0, facts };
  }

  /** The folder whose path is the deepest one containing `path`. */
  folderOf(path: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.list) if (relativeInside(f.path, path) !== undefined && (!best || f.path.length > best.path.length)) best = f;
    return best;
  }

  settingsOf(ws: Workspace): Settings {
    return this.list.find((f) => f.ws === ws)?.settings ?? this.initSettings;
  }

  async readSettings(folder: Folder): Promise<Settings> {
    if (!this.canConfigure) return this.initSettings;
    const raw = await withTimeout<unknown, undefined>(this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SECTION }), CONFIG_TIMEOUT_MS, undefined);
    return parseSettings(raw, this.initSettings);
  }

  async envPathsFor(settings: Settings): Promise<string[]> {
    // An untrusted workspace could name any program as its interpreter, so none is ever run there.
    if (!this.trusted || !settings.pythonPath) return [];
    const hit = this.sysPaths.get(settings.pythonPath);
    if (hit) return hit;
    try {
      // Asynchronous and bounded: requests are answered while the interpreter starts.
      const paths = (await interpreterSysPathAsync(settings.pythonPath, PROBE_TIMEOUT_MS)).map(normalizePath);
      this.sysPaths.set(settings.pythonPath, paths);
      this.log(`django-mtv: sys.path of ${settings.pythonPath}: ${paths.join(', ')}`);
      return paths;
    } catch (e) {
      this.log(`django-mtv: ${(e as Error).message}; continuing without the environment's packages.`);
      return [];
    }
  }

  onModelChanged(listener: (workspaces: Workspace[]) => void): void {
    this.modelListeners.push(listener);
  }

  fireModelChanged(workspaces: Workspace[]): void {
    if (!workspaces.length) return;
    for (const l of this.modelListeners) {
      try {
        l(workspaces);
      } catch (e) {
        this.log(`django-mtv: a model listener failed: ${errorText(e)}`);
      }
    }
  }
}
