// workspace/symbol: URL patterns, views, templates and models of every workspace folder, matched against the query.

import type { SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { SymbolKind } from 'vscode-languageserver/node';
import type { SymbolKind as FeatureKind } from '../../features/workspace-symbols';
import { workspaceSymbols } from '../../features/workspace-symbols';
import type { ServerContext } from '../context';
import { toLocation } from '../context';
import type { HandlerModule } from '../server';

/** LSP has no URL or template kinds; these pick icons that read right in VS Code's symbol list. */
const KINDS: Record<FeatureKind, SymbolKind> = { url: SymbolKind.Key, view: SymbolKind.Function, template: SymbolKind.File, model: SymbolKind.Class };
const LIMIT = 256;

export const workspaceSymbolsHandler: HandlerModule = {
  capabilities: { workspaceSymbolProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onWorkspaceSymbol(
      ctx.guard('workspaceSymbol', [] as SymbolInformation[], (params: WorkspaceSymbolParams) =>
        ctx
          .workspaces()
          .flatMap((ws) => workspaceSymbols(ws, params.query, LIMIT).map((s) => ({ name: s.name, kind: KINDS[s.kind], containerName: s.detail, location: toLocation(ws, s.file, s.span) })))
          .slice(0, LIMIT),
      ),
    );
  },
};
