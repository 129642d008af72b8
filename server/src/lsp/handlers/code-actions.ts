// textDocument/codeAction: recomputes the engine's diagnostics for the range, asks the code-actions feature, and converts its edits and file creations.

import type { CodeAction as LspCodeAction, CodeActionParams, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { fileDiagnostics } from '../../features/diagnostics/index';
import { codeActions } from '../../features/code-actions';
import type { ServerContext } from '../context';
import { canCreateFiles, toOffset, toRange, toWorkspaceEdit } from '../context';
import type { HandlerModule } from '../server';

export const codeActionsHandler: HandlerModule = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } },
  register(ctx: ServerContext) {
    ctx.connection.onCodeAction(
      ctx.guard('codeAction', [] as LspCodeAction[], (params: CodeActionParams) => {
        const only = params.context.only;
        if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        const span = { start: toOffset(fc.ws, fc.file, params.range.start), end: toOffset(fc.ws, fc.file, params.range.end) };
        const diagnostics = fileDiagnostics(fc.ws, fc.project, fc.file);
        // A fix that creates a file is offered only to clients that apply file creations; the others would
        // receive an edit they cannot carry out.
        const creates = canCreateFiles(ctx.clientCapabilities());
        const actions = codeActions(fc.ws, fc.file, span, diagnostics).filter((a) => creates || !a.createFiles?.length);
        return actions.map((a): LspCodeAction => {
          // Tie the action to the client's own diagnostic (same code and range) so the editor shows it as its fix.
          let linked: LspDiagnostic[] | undefined;
          if (a.diagnostic) {
            const r = toRange(fc.ws, fc.file, a.diagnostic.span);
            linked = params.context.diagnostics.filter((d) => d.code === a.diagnostic!.code && d.range.start.line === r.start.line && d.range.start.character === r.start.character);
          }
          return { title: a.title, kind: CodeActionKind.QuickFix, isPreferred: a.isPreferred, diagnostics: linked?.length ? linked : undefined, edit: toWorkspaceEdit(fc.ws, a, { plainChanges: true }) };
        });
      }),
    );
  },
};
