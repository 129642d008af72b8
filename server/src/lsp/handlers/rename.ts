// textDocument/prepareRename and textDocument/rename: URL names and templates, with the template file moved by a RenameFile.

import type { PrepareRenameParams, Range, RenameParams, TextDocumentEdit, RenameFile, WorkspaceEdit, TextEdit, ClientCapabilities } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { prepareRename, rename } from '../../features/rename';
import type { ServerContext } from '../context';
import { pathToUri, toOffset, toRange } from '../context';
import type { HandlerModule } from '../server';

/**
 * Whether the client applies RenameFile operations. The context does not carry the client's capabilities yet;
 * when it does, they decide. Until then we assume VS Code, which supports them.
 */
function canRenameFiles(ctx: ServerContext): boolean {
  const caps = (ctx as Partial<{ clientCapabilities: ClientCapabilities }>).clientCapabilities;
  if (!caps) return true;
  const we = caps.workspace?.workspaceEdit;
  return we?.documentChanges === true && (we.resourceOperations ?? []).includes('rename');
}

export const renameHandler: HandlerModule = {
  capabilities: { renameProvider: { prepareProvider: true } },
  register(ctx: ServerContext) {
    ctx.connection.onPrepareRename(
      ctx.guard('prepareRename', null as { range: Range; placeholder: string } | ResponseError<void> | null, (params: PrepareRenameParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return null;
        const r = prepareRename(fc.ws, fc.file, toOffset(fc.ws, fc.file, params.position));
        // An error (not null) lets the editor say why this cannot be renamed.
        if ('error' in r) return new ResponseError<void>(ErrorCodes.InvalidRequest, r.error);
        return { range: toRange(fc.ws, fc.file, r.span), placeholder: r.placeholder };
      }),
    );
    ctx.connection.onRenameRequest(
      ctx.guard('rename', null as WorkspaceEdit | ResponseError<void> | null, (params: RenameParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return null;
        const r = rename(fc.ws, fc.file, toOffset(fc.ws, fc.file, params.position), params.newName);
        if ('error' in r) return new ResponseError<void>(ErrorCodes.InvalidRequest, r.error);
        const byFile = new Map<string, TextEdit[]>();
        for (const e of r.edits) {
          const list = byFile.get(e.file) ?? [];
          list.push({ range: toRange(fc.ws, e.file, e.span), newText: e.newText });
          byFile.set(e.file, list);
        }
        const moves = r.fileRenames ?? [];
        if (moves.length && !canRenameFiles(ctx)) return new ResponseError<void>(ErrorCodes.InvalidRequest, 'This editor cannot rename files as part of a rename, so the template cannot be moved.');
        if (!moves.length) return { changes: Object.fromEntries([...byFile].map(([f, edits]) => [pathToUri(f), edits])) };
        // Text edits first, against the files' current names; then the moves.
        const docChanges: (TextDocumentEdit | RenameFile)[] = [...byFile].map(([f, edits]) => {
          const uri = pathToUri(f);
          return { textDocument: { uri, version: ctx.documents.get(uri)?.version ?? null }, edits };
        });
        for (const m of moves) docChanges.push({ kind: 'rename', oldUri: pathToUri(m.from), newUri: pathToUri(m.to), options: { overwrite: false, ignoreIfExists: false } });
        return { documentChanges: docChanges };
      }),
    );
  },
};
