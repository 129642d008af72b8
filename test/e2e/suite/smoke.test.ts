// Smoke check that the packaged extension activates in a real VS Code and registers its commands.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixtureUri, poll } from './helpers';

describe('extension activation', () => {
  it('is installed and becomes active on a Django template', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} must be loaded in the extension host`);
    // Opening a template is what a user does first; it must activate the extension by itself.
    const document = await vscode.workspace.openTextDocument(fixtureUri('polls/templates/polls/index.html'));
    await vscode.window.showTextDocument(document);
    await poll(() => extension.isActive, `${EXTENSION_ID} to activate`);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['django-mtv.restartServer', 'django-mtv.showOutput']) {
      assert.ok(commands.includes(command), `command ${command} must be registered`);
    }
  });
});
