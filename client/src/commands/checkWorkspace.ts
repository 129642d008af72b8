// "Django: Check Workspace": asks the server to check every file of every project and shows the result in Problems.
import * as vscode from 'vscode';
import type { CheckWorkspaceResult } from '../../../server/src/protocol';
import type { ClientAccess } from './protocol';
import { Requests } from './protocol';

export async function checkWorkspace(client: ClientAccess): Promise<void> {
  const c = client();
  if (!c) {
    void vscode.window.showWarningMessage('The Django language server is not running yet.');
    return;
  }
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Django: checking the workspace' },
    () => c.sendRequest<CheckWorkspaceResult>(Requests.checkWorkspace, {}),
  );
  if (!r.problems) {
    void vscode.window.showInformationMessage(`Django: no broken links in ${r.checked} file${r.checked === 1 ? '' : 's'}.`);
    return;
  }
  // The Problems panel lists them; open documents keep their live diagnostics.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(`Django: ${r.problems} problem${r.problems === 1 ? '' : 's'} (${r.errors} error${r.errors === 1 ? '' : 's'}) in ${r.files} closed file${r.files === 1 ? '' : 's'}, of ${r.checked} checked.`);
}
