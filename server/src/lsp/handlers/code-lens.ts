// textDocument/codeLens: routes and templates above views, use counts above URL patterns, each opening a peek list.

import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { codeLens } from '../../features/code-lens';
import type { ServerContext } from '../context';
import { pathToUri, toLocation, toPosition } from '../context';
import type { HandlerModule } from '../server';

/**
 * The client command a lens runs, with arguments (uri: string, position: Position, locations: Location[]) in
 * LSP JSON. VS Code's own `editor.action.showReferences` needs URI and Position objects, which JSON cannot
 * carry, so the client registers this command, converts, and calls it.
 */
const SHOW_REFERENCES_COMMAND = 'django-mtv.showReferences';

export const codeLensHandler: HandlerModule = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(ctx: ServerContext) {
    ctx.connection.onCodeLens(
      ctx.guard('codeLens', [] as CodeLens[], (params: CodeLensParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        return codeLens(fc.ws, fc.file).map((l) => {
          const at = toPosition(fc.ws, fc.file, l.span.start);
          const locations = l.locations.map((x) => toLocation(fc.ws, x.file, x.span));
          // A lens with nothing to list ("0 uses") gets an empty command, which VS Code shows as plain text.
          if (!locations.length) return { range: { start: at, end: at }, command: { title: l.title, command: '' } };
          return { range: { start: at, end: at }, command: { title: l.title, command: SHOW_REFERENCES_COMMAND, arguments: [pathToUri(fc.file), at, locations] } };
        });
      }),
    );
  },
};
