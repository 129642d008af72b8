// Feature checks in the real extension host: go-to-definition across URL names, views and templates, and live diagnostics.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, expectDefinition, fixtureUri, lineOf, positionOf, waitForDiagnostics, waitForNoDiagnostics } from './helpers';

describe('go to definition', () => {
  it('jumps from a {% url %} name in a template to its path() in polls/urls.py', async () => {
    const from = await positionOf('polls/templates/polls/index.html', "'polls:detail'", "'polls:de".length);
    await expectDefinition(from, 'polls/urls.py', await lineOf('polls/urls.py', 'name="detail"'));
  });

  it("jumps from a pattern's view views.detail to its def in polls/views.py", async () => {
    const from = await positionOf('polls/urls.py', 'views.detail,', 'views.de'.length);
    await expectDefinition(from, 'polls/views.py', await lineOf('polls/views.py', 'def detail('));
  });

  it('jumps from render(request, "polls/detail.html") to the template file', async () => {
    const from = await positionOf('polls/views.py', '"polls/detail.html"', '"polls/de'.length);
    await expectDefinition(from, 'polls/templates/polls/detail.html', 0);
  });

  it('jumps from a {% url %} name just the same when the template is in django-html mode', async () => {
    const from = await positionOf('polls/templates/polls/results.html', "'polls:detail'", "'polls:de".length);
    // Users switch templates between html and django-html; both must keep the Django features.
    const document = await vscode.languages.setTextDocumentLanguage(from.document, 'django-html');
    assert.equal(document.languageId, 'django-html');
    await expectDefinition({ document, position: from.position }, 'polls/urls.py', await lineOf('polls/urls.py', 'name="detail"'));
  });

  it('jumps from {% extends "base.html" %} to the project-level template', async () => {
    const from = await positionOf('polls/templates/polls/detail.html', '"base.html"', '"ba'.length);
    await expectDefinition(from, 'templates/base.html', 0);
  });
});

describe('diagnostics while editing', () => {
  it('flags nothing in the healthy files of the project', async () => {
    const healthy = ['polls/templates/polls/index.html', 'polls/templates/polls/detail.html', 'templates/base.html', 'polls/urls.py', 'mysite/urls.py'];
    // The server reports on open documents, so the healthy files are opened along with the broken one.
    for (const path of healthy) await vscode.workspace.openTextDocument(fixtureUri(path));
    const results = fixtureUri('polls/templates/polls/results.html');
    await vscode.workspace.openTextDocument(results);
    // Once the planted problem is reported, the server has analysed the project, so silence on the
    // healthy files is a verdict and not a delay.
    await waitForDiagnostics(results, 'url-name-unknown');
    for (const path of healthy) {
      const ours = vscode.languages.getDiagnostics(fixtureUri(path)).filter((d) => d.source === 'django-mtv');
      assert.equal(ours.length, 0, `${path} is healthy but shows: ${describeDiagnostics(fixtureUri(path))}`);
    }
  });

  it('reports the planted unknown URL name, then clears it once urls.py defines it', async () => {
    const results = fixtureUri('polls/templates/polls/results.html');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(results));
    const brokenLine = await lineOf('polls/templates/polls/results.html', "'polls:nope'");
    const found = await waitForDiagnostics(results, 'url-name-unknown');
    // Precision: only the planted name is broken; 'polls:detail' on the line above is healthy.
    assert.deepEqual(found.map((d) => d.range.start.line), [brokenLine], `diagnostics: ${describeDiagnostics(results)}`);

    // Type the fix into the other file, without saving: the server must follow unsaved buffers.
    const urls = await vscode.workspace.openTextDocument(fixtureUri('polls/urls.py'));
    const closing = urls.getText().lastIndexOf(']');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(urls.uri, urls.positionAt(closing), '    path("nope/", views.index, name="nope"),\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit of polls/urls.py must apply');
    await waitForNoDiagnostics(results, 'url-name-unknown', 'adding name="nope" to polls/urls.py');
    assert.ok(await urls.save(), 'polls/urls.py must save');
  });

  it('reports the missing template, then clears it once the template file is created', async () => {
    const views = fixtureUri('polls/views.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(views));
    const missingLine = await lineOf('polls/views.py', '"polls/missing.html"');
    const found = await waitForDiagnostics(views, 'template-missing');
    assert.deepEqual(found.map((d) => d.range.start.line), [missingLine], `diagnostics: ${describeDiagnostics(views)}`);

    // Create the template on disk, as a user's "New File" would: the file watcher must tell the server.
    await vscode.workspace.fs.writeFile(fixtureUri('polls/templates/polls/missing.html'),
      Buffer.from('{% extends "base.html" %}\n'));
    await waitForNoDiagnostics(views, 'template-missing', 'creating polls/missing.html');
  });
});

describe('server restart', () => {
  it('answers definitions again after django-mtv.restartServer', async () => {
    await vscode.commands.executeCommand('django-mtv.restartServer');
    const from = await positionOf('polls/templates/polls/index.html', "'polls:detail'", "'polls:de".length);
    await expectDefinition(from, 'polls/urls.py', await lineOf('polls/urls.py', 'name="detail"'));
  });
});
