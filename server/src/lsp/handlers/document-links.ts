// textDocument/documentLink: template names and static paths that resolve become links to their files.

import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver/node';
import { documentLinks } from '../../features/document-links';
import type { ServerContext } from '../context';
import { pathToUri, toRange } from '../context';
import type { HandlerModule } from '../server';

export const documentLinksHandler: HandlerModule = {
  capabilities: { documentLinkProvider: { resolveProvider: false } },
  register(ctx: ServerContext) {
    ctx.connection.onDocumentLinks(
      ctx.guard('documentLinks', [] as DocumentLink[], (params: DocumentLinkParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        return documentLinks(fc.ws, fc.file).map((l) => ({ range: toRange(fc.ws, fc.file, l.span), target: pathToUri(l.target), tooltip: l.tooltip }));
      }),
    );
  },
};
