// Registers the Django commands (Go to URL, New App, Check Workspace, refresh) and the explorer's Django view.
import * as vscode from 'vscode';
import type { ClientAccess } from './protocol';
import { DjangoCommands, PROJECT_TREE_VIEW } from './protocol';
import { goToUrl } from './goToUrl';
import { newApp } from './newApp';
import { checkWorkspace } from './checkWorkspace';
import type { ObservedStatus } from '../views/projectTree';
import { ProjectTreeProvider } from '../views/projectTree';

/** The context key that shows the Django view: a view's `when` cannot test for files, so the extension looks for manage.py itself. */
const HAS_PROJECT_KEY = 'django-mtv.hasProject';

async function updateHasProject(): Promise<void> {
  const found = await vscode.workspace.findFiles('**/manage.py', '**/{node_modules,.git,.venv,venv,env,site-packages}/**', 1);
  await vscode.commands.executeCommand('setContext', HAS_PROJECT_KEY, found.length > 0);
}

export function registerDjangoCommands(context: vscode.ExtensionContext, client: ClientAccess, status: ObservedStatus): void {
  void updateHasProject();
  const managePys = vscode.workspace.createFileSystemWatcher('**/manage.py', false, true, false);
  const tree = new ProjectTreeProvider(client);
  context.subscriptions.push(
    tree,
    managePys,
    managePys.onDidCreate(() => void updateHasProject()),
    managePys.onDidDelete(() => void updateHasProject()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void updateHasProject()),
    vscode.window.createTreeView(PROJECT_TREE_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    status.onStatus((params) => tree.onServerStatus(params)),
    vscode.commands.registerCommand(DjangoCommands.goToUrl, () => goToUrl(client)),
    vscode.commands.registerCommand(DjangoCommands.newApp, (folder?: vscode.Uri) => newApp(client, folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand(DjangoCommands.refreshProjectTree, () => tree.refresh()),
    vscode.commands.registerCommand(DjangoCommands.checkWorkspace, () => checkWorkspace(client)),
  );
}
