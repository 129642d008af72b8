// The extension's entry point: wires the language client, the status bar, commands, trust and settings.
import * as vscode from 'vscode';
import { Commands, InternalCommands, OUTPUT_NAME, SECTION } from './constants';
import { ServerManager } from './languageClient';
import { onInterpreterChange } from './python';
import { registerDjangoCommands } from './commands/index';
import { ObservedStatus } from './views/projectTree';

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The channel is ours rather than the client's so that it survives restarts and keeps earlier logs.
  const output = vscode.window.createOutputChannel(OUTPUT_NAME, { log: true });
  // Observed so that the Django explorer view refreshes whenever the server reports a finished index.
  const status = new ObservedStatus();
  const servers = new ServerManager(context, output, status);
  manager = servers;
  context.subscriptions.push(output, status, servers);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.info('Restarting the server on request.');
      await servers.restart();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    // Code lenses carry LSP JSON (URI strings, plain positions); VS Code's references view needs its own types.
    vscode.commands.registerCommand(InternalCommands.showReferences, (uri: string, position: { line: number; character: number }, locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]) => {
      const toPos = (p: { line: number; character: number }) => new vscode.Position(p.line, p.character);
      const locs = (locations ?? []).map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(toPos(l.range.start), toPos(l.range.end))));
      return vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), toPos(position), locs);
    }),
    // Trust changes what the server may do (run an interpreter), and it only learns that at start-up.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('The workspace is now trusted: restarting the server.');
      void servers.restart();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) void servers.settingsChanged();
    }),
  );

  registerDjangoCommands(context, () => servers.languageClient, status);

  await servers.start();

  // Registered after the start so that waiting for the Python extension never delays the server.
  onInterpreterChange(() => void servers.settingsChanged()).then(
    (disposable) => context.subscriptions.push(disposable),
    () => undefined,
  );
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}
