// textDocument/references: converts the position, asks the references feature, converts the locations back.

import type { Location, ReferenceParams } from 'vscode-languageserver/node';
import { references } from '../../features/references';
import type { ServerContext } from '../context';
import { toLocation, toOffset } from '../context';
import type { HandlerModule } from '../server';

export const referencesHandler: HandlerModule = {
  capabilities: { referencesProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onReferences(
      ctx.guard('references', [] as Location[], (params: ReferenceParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        const offset = toOffset(fc.ws, fc.file, params.position);
        return references(fc.ws, fc.file, offset, params.context.includeDeclaration).map((l) => toLocation(fc.ws, l.file, l.span));
      }),
    );
  },
};
