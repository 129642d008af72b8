// "Django: New App…": asks for a name (checked as typed), asks what to wire up, and applies the server's files and edits as one undoable WorkspaceEdit.
import * as vscode from 'vscode';
import type { ClientAccess, NewAppResponse } from './protocol';
import { Requests } from './protocol';

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** The quick, local check shown while typing; the server does the full one (existing modules, folders, apps). */
function checkIdentifier(name: string): string | undefined {
  if (!name) return 'Enter a name for the app.';
  if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) return 'Use letters, digits and underscores, not starting with a digit.';
  if (KEYWORDS.has(name)) return `'${name}' is a Python keyword.`;
  return undefined;
}

const BOTH = 'Add to INSTALLED_APPS and the root URLconf';
const SETTINGS_ONLY = 'Add to INSTALLED_APPS only';
const NEITHER = 'Only create the files';

export async function newApp(client: ClientAccess, folder?: vscode.Uri): Promise<void> {
  const c = client();
  if (!c) {
    void vscode.window.showErrorMessage('The Django MTV server is not running.');
    return;
  }
  const uri = (folder ?? vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
  const name = await vscode.window.showInputBox({
    title: 'Django: New App',
    prompt: 'The new app\'s name (a Python identifier)',
    placeHolder: 'polls',
    ignoreFocusOut: true,
    validateInput: (v) => checkIdentifier(v.trim()),
  });
  if (!name) return;
  const choice = await vscode.window.showQuickPick([BOTH, SETTINGS_ONLY, NEITHER], { title: `Django: New App '${name.trim()}'`, placeHolder: 'Wire the app into the project?' });
  if (!choice) return;
  let r: NewAppResponse;
  try {
    r = await c.sendRequest<NewAppResponse>(Requests.newApp, { uri, name: name.trim(), installedApps: choice !== NEITHER, rootUrlconf: choice === BOTH });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not prepare the app: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error);
    return;
  }
  const edit = await c.protocol2CodeConverter.asWorkspaceEdit(r.edit);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`The files of app '${name.trim()}' could not be created.`);
    return;
  }
  // The edits leave settings and urls.py modified but unsaved; saving them lets the index see the app at once.
  await vscode.workspace.saveAll(false);
  const view = r.files.find((f) => f.path.endsWith('/views.py'));
  if (view) await vscode.window.showTextDocument(vscode.Uri.parse(view.uri));
  for (const note of r.notes) void vscode.window.showWarningMessage(note);
}
