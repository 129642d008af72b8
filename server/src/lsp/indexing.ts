// Indexing of the workspace folders: one task at a time, in steps that let requests through, with the status and progress the client sees.

import type { Connection } from 'vscode-languageserver/node';
import { monitorEventLoopDelay } from 'perf_hooks';
import { notUnderstood } from '../features/understanding';
import { prepareTemplateContext } from '../core/context/context';
import { describeDjango, projectDjango } from '../core/project/django-version';
import type { ProjectCandidate } from '../core/project/discovery';
import type { Workspace } from '../core/workspace';
import { STATUS_NOTIFICATION } from '../protocol';
import type { StatusParams } from '../protocol';
import { withTimeout } from '../shared/timeout';
import type { FileContext } from './context';
import { excludeMatcher } from './settings';
import type { Folder, Folders } from './folders';
import { errorText } from './folders';

/** How long a request waits for the first indexing before answering from whatever is there (nothing). */
const INDEX_WAIT_MS = 3000;
/** The longest stretch of parsing before indexing lets waiting requests through (issue 14: the editor never waits on it). */
const SLICE_MS = 20;

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** Runs `steps` to the end, letting requests in every SLICE_MS; false when `stale()` said to stop in between. */
async function inSlices(steps: Generator<void, unknown, void>, stale: () => boolean): Promise<boolean> {
  let since = performance.now();
  for (let done = false; !done; ) {
    done = !!steps.next().done;
    if (performance.now() - since < SLICE_MS) continue;
    await nextTurn();
    if (stale()) return false;
    since = performance.now();
  }
  return true;
}

/** Parses what a candidate's build will most likely read, a step at a time (a large file across several steps). */
function* parseAhead(ws: Workspace, candidate: ProjectCandidate): Generator<void, void, void> {
  const likely = ws.likelyFiles(candidate);
  const queue = [...likely];
  for (let i = 0; i < queue.length; i++) {
    yield* ws.cache.getPythonSteps(queue[i]);
    yield;
    // What the URLconfs import is known once they are read: it joins the queue after the likely files.
    if (i === likely.length - 1) queue.push(...ws.importedByUrlconfs(candidate, likely));
  }
}

export class Indexer {
  // Indexing runs one task at a time, so a settings change during indexing re-indexes after it, never alongside.
  private queue: Promise<void> = Promise.resolve();
  /** Called after each indexing step, so that requests waiting for their file's project can go on. */
  private readonly progress = new Set<() => void>();
  private indexedOnce = false;
  private markIndexed!: () => void;
  private readonly firstIndexed = new Promise<void>((resolve) => (this.markIndexed = resolve));

  constructor(
    private readonly connection: Connection,
    private readonly folders: Folders,
    private readonly log: (message: string) => void,
  ) {}

  private counts() {
    const folders = this.folders.list;
    let projects = 0;
    let urls = 0;
    let templates = 0;
    for (const f of folders) {
      for (const p of f.ws.projects) {
        projects++;
        urls += p.urls?.entries.filter((e) => e.qualifiedName !== undefined).length ?? 0;
        templates += p.templates.byName.size;
      }
    }
    // Which Django the model follows, so that a version-dependent answer is never a surprise (core/project/django-version.ts).
    const django = new Set<string>();
    for (const f of folders) for (const p of f.ws.projects) django.add(describeDjango(projectDjango(f.ws.fs, p, f.ws.root)));
    return { projects, urls, templates, notUnderstood: folders.reduce((n, f) => n + f.ws.projects.reduce((m, p) => m + notUnderstood(f.ws, p).length, 0), 0), django: [...django].sort() };
  }

  sendStatus(state: StatusParams['state'], message?: string): void {
    const params: StatusParams = { state, ...(message !== undefined ? { message } : {}), ...this.counts() };
    this.connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch((e) => this.log(`django-mtv: ${errorText(e)}`));
    return this.queue;
  }

  private stepDone(): void {
    for (const f of [...this.progress]) f();
  }

  /**
   * Indexes one folder in steps (issue 14): discovery, then per project its likely files parsed in slices of
   * SLICE_MS with a turn of the event loop between them, then the project's build from those parses, in stages. Requests are
   * answered between steps: from the folder's previous model on a re-index, from the projects built so far on the
   * first one. Returns false when a newer indexing of the folder made this one stale.
   */
  private async indexFolder(folder: Folder, run: number): Promise<boolean> {
    const stale = () => folder.run !== run || this.folders.shuttingDown || !this.folders.list.includes(folder);
    folder.settings = await this.folders.readSettings(folder);
    folder.exclude = excludeMatcher(folder.settings.exclude, folder.path, this.log);
    const envPaths = await this.folders.envPathsFor(folder.settings);
    if (stale()) return false;
    const previous = folder.ws;
    // File contents did not change with the settings: the parses are kept (edits invalidate them as they come).
    const ws = this.folders.newWorkspace(folder.path, folder.settings, folder.exclude, envPaths, previous.cache, folder.facts);
    folder.inflight = { ws, changes: [] };
    try {
      const steps = ws.indexSteps();
      // Nothing to lose before the first model: requests see each project as soon as it is built.
      const early = !previous.projects.length;
      for (let r = steps.next(); !r.done; r = steps.next()) {
        if (early && folder.ws !== ws) folder.ws = ws;
        this.stepDone();
        await nextTurn();
        if (stale()) return false;
        // A pause between two stages of a project's build: nothing to parse ahead.
        if (r.value.stage) continue;
        if (!(await inSlices(parseAhead(ws, r.value.candidate), stale))) return false;
      }
      folder.ws = ws;
      const changes = folder.inflight.changes;
      folder.inflight = undefined;
      for (const [paths, structural] of changes) ws.changed(paths, structural);
      // What this indexing parsed is written for the next session, then the cache steps aside.
      const facts = folder.facts;
      if (facts?.hits) this.log(`django-mtv: ${facts.hits} file(s) of ${folder.path} not parsed again: known from the last session`);
      // Written a moment later, out of the way of the requests that follow the first indexing (it takes 30-80 ms).
      if (facts) {
        folder.facts = undefined;
        setTimeout(() => {
          const t = performance.now();
          facts.save();
          facts.release();
          this.log(`django-mtv: wrote the cache of ${folder.path} in ${Math.round(performance.now() - t)} ms`);
        }, 1000).unref();
      }
      this.stepDone();
      return true;
    } finally {
      if (folder.inflight?.ws === ws) folder.inflight = undefined;
      // A stale run that had installed its half-built workspace leaves it: the newer run replaces it.
    }
  }

  /** Queues an indexing of the folders `targets` names when it runs; those still open and not asked for again are indexed. */
  indexFolders(targets: () => Folder[]): Promise<void> {
    // Asking again makes a running indexing of the same folders stale: it stops at its next step.
    const runs = new Map(targets().map((f) => [f, ++f.run] as const));
    return this.enqueue(async () => {
      if (this.folders.shuttingDown) return;
      const list = [...runs.keys()].filter((f) => this.folders.list.includes(f) && f.run === runs.get(f));
      if (!list.length) return;
      // How long the event loop was held at a stretch while indexing (logged, read by scripts/bench-server.mjs).
      const pauses = monitorEventLoopDelay({ resolution: 10 });
      pauses.enable();
      const reporter = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
      reporter?.begin('Django: indexing', 0, undefined, false);
      this.sendStatus('indexing', 'Django MTV is indexing the workspace.');
      const started = Date.now();
      const failures: string[] = [];
      const done: Folder[] = [];
      for (let i = 0; i < list.length; i++) {
        const folder = list[i];
        reporter?.report(Math.round((i / list.length) * 100), folder.name);
        try {
          if (await this.indexFolder(folder, runs.get(folder)!)) done.push(folder);
        } catch (e) {
          failures.push(folder.name);
          this.log(`django-mtv: indexing ${folder.path} failed: ${errorText(e)}`);
        }
        // Let requests and edits that arrived meanwhile be served between folders.
        await nextTurn();
      }
      reporter?.done();
      if (!this.indexedOnce) {
        this.indexedOnce = true;
        this.markIndexed();
        this.stepDone();
      }
      const c = this.counts();
      if (failures.length) this.sendStatus('error', `Indexing failed in ${failures.join(', ')}; see the log.`);
      else this.sendStatus('ready', `Django: ${c.projects} project(s), ${c.urls} named URL(s), ${c.templates} template(s), indexed in ${Date.now() - started} ms`);
      pauses.disable();
      this.log(`django-mtv: indexed ${done.length} folder(s) in ${Date.now() - started} ms (longest pause for requests: ${Math.round(pauses.max / 1e6)} ms)`);
      // What was not understood, per project: the reasons behind names that are navigable but not checked.
      for (const f of done) {
        for (const p of f.ws.projects) {
          const lines = notUnderstood(f.ws, p);
          this.log(`django-mtv: project ${p.settingsModule ?? p.root}: ${lines.length ? `${lines.length} part(s) not understood:\n  ${lines.join('\n  ')}` : 'fully understood'}`);
        }
      }
      this.folders.fireModelChanged(done.map((f) => f.ws));
      void this.prepare(done).catch((e) => this.log(`django-mtv: preparing the template context failed: ${errorText(e)}`));
    });
  }

  /**
   * After indexing, what the first template request needs is prepared in slices off the request path (see
   * prepareTemplateContext); a newer indexing or a changed model stops it, and a request meanwhile does the rest.
   */
  private async prepare(folders: Folder[]): Promise<void> {
    const started = performance.now();
    const pauses = monitorEventLoopDelay({ resolution: 10 });
    pauses.enable();
    try {
      if (await this.prepareFolders(folders)) this.log(`django-mtv: prepared the template context in ${Math.round(performance.now() - started)} ms (longest pause for requests: ${Math.round(pauses.max / 1e6)} ms)`);
    } finally {
      pauses.disable();
    }
  }

  /** False when stopped before the end. */
  private async prepareFolders(folders: Folder[]): Promise<boolean> {
    for (const folder of folders) {
      const ws = folder.ws;
      const run = folder.run;
      for (const project of ws.projects) {
        const stale = () => folder.run !== run || folder.ws !== ws || !ws.projects.includes(project) || this.folders.shuttingDown;
        if (!(await inSlices(prepareTemplateContext(ws, project), stale))) return false;
      }
    }
    return true;
  }

  whenIndexed(timeoutMs = INDEX_WAIT_MS): Promise<boolean> {
    return this.indexedOnce ? Promise.resolve(true) : withTimeout(this.firstIndexed.then(() => true), timeoutMs, false);
  }

  /** Before the first indexing is done, a request about a document waits only until that document's project is built. */
  whenReadyFor(params: unknown, lookup: (uri: string) => FileContext | undefined): Promise<boolean> {
    const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
    if (this.indexedOnce || typeof uri !== 'string') return this.whenIndexed();
    let check!: () => void;
    const ready = new Promise<boolean>((resolve) => {
      check = () => {
        if (this.indexedOnce || lookup(uri)) resolve(true);
      };
    });
    this.progress.add(check);
    check();
    return withTimeout(ready, INDEX_WAIT_MS, false).finally(() => this.progress.delete(check));
  }
}
