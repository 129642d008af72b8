// The language server entry point: one connection (IPC from the VS Code client, or --stdio from the CLI) and every handler.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { handlers } from './handlers/index';

// createConnection reads the transport (--node-ipc, --stdio, --socket) from the command line.
startServer(createConnection(ProposedFeatures.all), handlers);
