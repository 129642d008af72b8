// "Django: Go to URL…": asks for a path or full URL, resolves it the way Django would, and opens the view.
import * as vscode from 'vscode';
import type { ClientAccess, ResolveUrlResult } from './protocol';
import { Requests } from './protocol';

export async function goToUrl(client: ClientAccess): Promise<void> {
  const c = client();
  if (!c) {
    void vscode.window.showErrorMessage('The Django MTV server is not running.');
    return;
  }
  const url = await vscode.window.showInputBox({
    title: 'Django: Go to URL',
    prompt: 'A path such as /polls/5/results/ or a full http:// URL',
    placeHolder: '/polls/5/',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter a path or URL.'),
  });
  if (!url) return;
  const uri = vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  let r: ResolveUrlResult | null;
  try {
    r = await c.sendRequest<ResolveUrlResult | null>(Requests.resolveUrl, { uri, url });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not resolve ${url}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!r) {
    void vscode.window.showErrorMessage(`No URL pattern matches ${url.trim()} (or the URLconf could not be read statically).`);
    return;
  }
  await openLocation(c.protocol2CodeConverter.asLocation(r.location));
  const args = [...r.args.map((a) => JSON.stringify(a)), ...Object.entries(r.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(', ');
  vscode.window.setStatusBarMessage(`${url.trim()} → ${r.name ?? '(unnamed)'} [/${r.route.replace(/^\^/, '')}]${args ? ` (${args})` : ''}`, 8000);
}

/** Opens a location with its range selected, in the active editor group. */
async function openLocation(loc: vscode.Location): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(loc.uri);
  await vscode.window.showTextDocument(doc, { selection: loc.range, preview: true });
}
