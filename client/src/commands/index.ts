// Registers the Django commands (Go to URL, New App, Check Workspace, refresh) and the explorer's Django view.
import * as vscode from 'vscode';
import type { ClientAccess } from './protocol';
import { DjangoCommands, PROJECT_TREE_VIEW } from './protocol';
import { goToUrl } from './goToUrl';
import { newApp } from './newApp';
import { checkWorkspace } from './checkWorkspace';
import type { ObservedStatus } from '../views/projectTree';
import { ProjectTreeProvider } from '../views/projectTree';
import { HAS_PROJECT_KEY, projectViewShown } from '../views/visibility';

export function registerDjangoCommands(context: vscode.ExtensionContext, client: ClientAccess, status: ObservedStatus): void {
  const tree = new ProjectTreeProvider(client);
  // The view shows when the server has found a project, however it found it: the client looks for no files itself.
  let shown = false;
  const followServer = (params: unknown) => {
    const next = projectViewShown(shown, params);
    if (next === shown) return;
    shown = next;
    void vscode.commands.executeCommand('setContext', HAS_PROJECT_KEY, shown);
  };
  context.subscriptions.push(
    tree,
    vscode.window.createTreeView(PROJECT_TREE_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    status.onStatus((params) => {
      followServer(params);
      tree.onServerStatus(params);
    }),
    vscode.commands.registerCommand(DjangoCommands.goToUrl, () => goToUrl(client)),
    vscode.commands.registerCommand(DjangoCommands.newApp, (folder?: vscode.Uri) => newApp(client, folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand(DjangoCommands.refreshProjectTree, () => tree.refresh()),
    vscode.commands.registerCommand(DjangoCommands.checkWorkspace, () => checkWorkspace(client)),
  );
}
