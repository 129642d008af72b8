// Every editor feature of the server, one module per line; the server merges their capabilities and registers each.

import type { HandlerModule } from '../server';
import { diagnosticsHandler } from './diagnostics';
import { definitionHandler } from './definition';
import { completionHandler } from './completion';
import { hoverHandler } from './hover';
import { referencesHandler } from './references';
import { renameHandler } from './rename';
import { documentLinksHandler } from './document-links';
import { workspaceSymbolsHandler } from './workspace-symbols';
import { codeLensHandler } from './code-lens';
import { codeActionsHandler } from './code-actions';
import { djangoRequestsHandler } from './django-requests';
import { checkWorkspaceHandler } from './check-workspace';

export const handlers: HandlerModule[] = [
  diagnosticsHandler,
  definitionHandler,
  completionHandler,
  hoverHandler,
  referencesHandler,
  renameHandler,
  documentLinksHandler,
  workspaceSymbolsHandler,
  codeLensHandler,
  codeActionsHandler,
  djangoRequestsHandler,
  checkWorkspaceHandler,
];
