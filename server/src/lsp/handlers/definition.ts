// textDocument/definition: converts the position, asks the definition feature, converts the targets back.

import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definition } from '../../features/definition';
import type { ServerContext } from '../context';
import { toLocation, toOffset } from '../context';
import type { HandlerModule } from '../server';

export const definitionHandler: HandlerModule = {
  capabilities: { definitionProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onDefinition(
      ctx.guard('definition', [] as Location[], (params: DefinitionParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        const offset = toOffset(fc.ws, fc.file, params.position);
        // Targets are converted with the same workspace, so an open, unsaved target file maps by its buffer.
        return definition(fc.ws, fc.file, offset).map((t) => toLocation(fc.ws, t.file, t.span));
      }),
    );
  },
};
