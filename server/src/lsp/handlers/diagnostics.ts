// Publishes broken-link diagnostics for open documents: debounced after edits, refreshed when a project model is rebuilt.

import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileDiagnostics } from '../../features/diagnostics/index';
import type { Diagnostic } from '../../features/diagnostics/types';
import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import type { ServerContext } from '../context';
import { toLocation, toRange } from '../context';
import { severityFor } from '../settings';
import type { HandlerModule } from '../server';

/** Long enough to skip the states between keystrokes, short enough to feel live. */
const DIAGNOSTICS_DELAY_MS = 200;

/** Template languages the client may mark a document with even before the index places it in a template folder. */
const TEMPLATE_LANGUAGES = new Set(['django-html', 'django-txt']);

function computeDiagnostics(ctx: ServerContext, doc: TextDocument): { ws?: Workspace; diagnostics: LspDiagnostic[] } {
  const fc = ctx.lookup(doc.uri);
  if (!fc) return { diagnostics: [] };
  const { ws, project, file } = fc;
  const settings = ctx.settings(ws);
  if (!settings.diagnostics.enable) return { ws, diagnostics: [] };
  // A stray .html outside every template folder is likely not a Django template; saying nothing is the precise answer.
  const isTemplate = project.templates.byFile.has(file) || TEMPLATE_LANGUAGES.has(doc.languageId);
  if (!file.endsWith('.py') && !isTemplate) return { ws, diagnostics: [] };
  return { ws, diagnostics: lspDiagnostics(ctx, ws, project, file) };
}

/** One file's diagnostics as LSP diagnostics, with the folder's severity settings applied. */
function lspDiagnostics(ctx: ServerContext, ws: Workspace, project: Project, file: string): LspDiagnostic[] {
  return toLspDiagnostics(ctx, ws, file, fileDiagnostics(ws, project, file));
}

/** A file's engine diagnostics as LSP diagnostics, with the folder's severity settings applied (an "off" code is dropped). */
export function toLspDiagnostics(ctx: ServerContext, ws: Workspace, file: string, diagnostics: readonly Diagnostic[]): LspDiagnostic[] {
  const settings = ctx.settings(ws);
  const out: LspDiagnostic[] = [];
  for (const d of diagnostics) {
    const severity = severityFor(settings, d.code, d.severity);
    if (severity === null) continue;
    out.push({
      range: toRange(ws, file, d.span),
      severity,
      source: 'django-mtv',
      code: d.code,
      message: d.message,
      ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: toLocation(ws, r.file, r.span), message: r.message })) } : {}),
    });
  }
  return out;
}

export const diagnosticsHandler: HandlerModule = {
  capabilities: {},
  register(ctx: ServerContext) {
    const timers = new Map<string, NodeJS.Timeout>();
    /** The workspace each document's last diagnostics came from, so a rebuild there (or its removal) refreshes them. */
    const publishedFrom = new Map<string, Workspace | undefined>();

    const publish = (uri: string) => {
      const doc = ctx.documents.get(uri);
      if (!doc) return;
      let result: { ws?: Workspace; diagnostics: LspDiagnostic[] };
      try {
        result = computeDiagnostics(ctx, doc);
      } catch (e) {
        ctx.log(`django-mtv: diagnostics of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        result = { diagnostics: [] };
      }
      publishedFrom.set(uri, result.ws);
      ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: result.diagnostics }).catch(() => undefined);
    };

    const schedule = (uri: string) => {
      clearTimeout(timers.get(uri));
      timers.set(
        uri,
        setTimeout(() => {
          timers.delete(uri);
          publish(uri);
        }, DIAGNOSTICS_DELAY_MS),
      );
    };

    ctx.documents.onDidChangeContent((e) => schedule(e.document.uri));
    ctx.documents.onDidClose((e) => {
      clearTimeout(timers.get(e.document.uri));
      timers.delete(e.document.uri);
      publishedFrom.delete(e.document.uri);
      ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    });
    // A fix in urls.py clears a template's diagnostic: every open document of a rebuilt workspace is checked again.
    ctx.onModelChanged((workspaces) => {
      const changed = new Set(workspaces);
      for (const doc of ctx.documents.all()) {
        const before = publishedFrom.get(doc.uri);
        const now = ctx.lookup(doc.uri)?.ws;
        if (!publishedFrom.has(doc.uri) || (before && changed.has(before)) || (now && changed.has(now))) schedule(doc.uri);
      }
    });
  },
};
