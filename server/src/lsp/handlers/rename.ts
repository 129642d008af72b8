// textDocument/prepareRename and textDocument/rename: URL names and templates, with the template file moved by a RenameFile.

import type { PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { prepareRename, rename } from '../../features/rename';
import type { ServerContext } from '../context';
import { canRenameFiles, toOffset, toRange, toWorkspaceEdit } from '../context';
import type { HandlerModule } from '../server';

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
        // A client that cannot move files would apply the text edits and leave the template under its old name,
        // breaking every use just renamed: refuse instead, saying why.
        if (r.fileRenames?.length && !canRenameFiles(ctx.clientCapabilities())) {
          return new ResponseError<void>(ErrorCodes.InvalidRequest, 'This editor does not announce file renames in workspace edits (workspace.workspaceEdit.resourceOperations), so the template cannot be moved: rename it by hand.');
        }
        return toWorkspaceEdit(fc.ws, r, { plainChanges: true, versionOf: (uri) => ctx.documents.get(uri)?.version ?? null });
      }),
    );
  },
};
