// Feature checks in the real extension host: definitions, completion, hover, references, rename, links, lenses, symbols, quick fixes, diagnostics.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, describeDiagnostics, expectDefinition, fixtureUri, lineOf, poll, positionOf, requireActiveExtension, waitForDiagnostics, waitForNoDiagnostics } from './helpers';

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

/** A completion item's label as text, whichever form the provider used. */
const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

/** Hover contents as plain text (markdown strings and marked strings alike). */
const hoverText = (hovers: vscode.Hover[]): string => hovers.flatMap((h) => h.contents)
  .map((c) => (typeof c === 'string' ? c : c.value)).join('\n');

const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

/**
 * Asks a provider command until `accept` holds for its answer, and returns that answer. The server
 * indexes after it starts, so early answers may be empty; a wrong final answer is reported in full.
 */
async function answerOf<T>(command: string, args: unknown[], accept: (value: T) => boolean, what: string, describe: (value: T) => string): Promise<T> {
  await requireActiveExtension();
  let last: T | undefined;
  try {
    return await poll(async () => {
      last = await vscode.commands.executeCommand<T>(command, ...args);
      return last !== undefined && accept(last) ? last : undefined;
    }, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the last answer was ${last === undefined ? 'nothing' : describe(last)}`);
  }
}

describe('editor features of the language server', () => {
  it("completes URL names inside {% url '", async () => {
    // Right after the opening quote: what a user sees having typed {% url '.
    const at = await positionOf('polls/templates/polls/index.html', "'polls:detail'", 1);
    await answerOf<vscode.CompletionList>('vscode.executeCompletionItemProvider', [at.document.uri, at.position],
      (list) => list.items.some((i) => labelOf(i) === 'polls:detail'), "a completion item 'polls:detail'",
      (list) => list.items.slice(0, 20).map(labelOf).join(', ') || 'no items');
  });

  it('shows the route of a URL name on hover', async () => {
    const at = await positionOf('polls/templates/polls/index.html', "'polls:detail'", "'polls:de".length);
    await answerOf<vscode.Hover[]>('vscode.executeHoverProvider', [at.document.uri, at.position],
      (hovers) => hoverText(hovers).includes('/polls/<int:question_id>/'), 'a hover with the route /polls/<int:question_id>/',
      (hovers) => JSON.stringify(hoverText(hovers)));
  });

  it('finds the template uses of polls:detail as references of its pattern', async () => {
    const at = await positionOf('polls/urls.py', 'name="detail"', 'name="de'.length);
    const indexLine = await lineOf('polls/templates/polls/index.html', "'polls:detail'");
    const resultsLine = await lineOf('polls/templates/polls/results.html', "'polls:detail'");
    const has = (locations: vscode.Location[], path: string, line: number) =>
      locations.some((l) => relative(l.uri) === path && l.range.start.line === line);
    await answerOf<vscode.Location[]>('vscode.executeReferenceProvider', [at.document.uri, at.position],
      (locations) => has(locations, 'polls/templates/polls/index.html', indexLine) && has(locations, 'polls/templates/polls/results.html', resultsLine),
      'references in index.html and results.html',
      (locations) => locations.map((l) => `${relative(l.uri)}:${l.range.start.line + 1}`).join(', ') || 'none');
  });

  it('renames a URL name in urls.py and in the templates that use it, without touching the namespace', async () => {
    const at = await positionOf('polls/templates/polls/index.html', "'polls:detail'", "'polls:de".length);
    const edit = await answerOf<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', [at.document.uri, at.position, 'question'],
      (e) => e.size > 0, 'a rename edit',
      (e) => e.entries().map(([uri, edits]) => `${relative(uri)}: ${edits.length}`).join('; ') || 'an empty edit');
    const byFile = new Map(edit.entries().map(([uri, edits]) => [relative(uri), edits]));
    const describe = [...byFile].map(([f, edits]) => `${f}: ${edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${JSON.stringify(e.newText)}`).join(', ')}`).join('; ');
    // The rename is checked, not applied, so later checks still see the fixture as it was.
    const urls = byFile.get('polls/urls.py');
    assert.ok(urls, `the rename must edit polls/urls.py; it edits ${describe}`);
    assert.deepEqual(urls.map((e) => [e.range.start.line, e.newText]), [[await lineOf('polls/urls.py', 'name="detail"'), 'question']], describe);
    for (const template of ['polls/templates/polls/index.html', 'polls/templates/polls/results.html']) {
      const edits = byFile.get(template);
      assert.ok(edits, `the rename must edit ${template}; it edits ${describe}`);
      const document = await vscode.workspace.openTextDocument(fixtureUri(template));
      // Only the name after the namespace is replaced, so the use reads 'polls:question' afterwards.
      assert.deepEqual(edits.map((e) => [document.getText(e.range), e.newText]), [['detail', 'question']], describe);
      assert.equal(edits[0].range.start.line, await lineOf(template, "'polls:detail'"), describe);
    }
  });

  it('links template names in a template to the template files', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('polls/templates/polls/detail.html'));
    const base = fixtureUri('templates/base.html').toString();
    const links = await answerOf<vscode.DocumentLink[]>('vscode.executeLinkProvider', [document.uri, 10],
      (found) => found.some((l) => l.target?.with({ fragment: '' }).toString() === base), 'a link to templates/base.html',
      (found) => found.map((l) => `${document.getText(l.range)} -> ${l.target ? relative(l.target) : 'unresolved'}`).join(', ') || 'none');
    const link = links.find((l) => l.target?.with({ fragment: '' }).toString() === base)!;
    assert.equal(document.getText(link.range), 'base.html', 'the link must cover the name inside {% extends "base.html" %}');
  });

  it('shows the route in a code lens above a view', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('polls/views.py'));
    const defLine = await lineOf('polls/views.py', 'def detail(');
    await answerOf<vscode.CodeLens[]>('vscode.executeCodeLensProvider', [document.uri, 100],
      (lenses) => lenses.some((l) => l.range.start.line === defLine && /route: \/polls\/<int:question_id>\//.test(l.command?.title ?? '')),
      `a lens "route: /polls/<int:question_id>/" on line ${defLine + 1}`,
      (lenses) => lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? '(unresolved)'}`).join('; ') || 'none');
  });

  it('finds URL patterns by route in workspace symbols', async () => {
    const detailLine = await lineOf('polls/urls.py', 'name="detail"');
    await answerOf<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', ['/polls/'],
      (symbols) => symbols.some((s) => s.name === 'polls:detail' && relative(s.location.uri) === 'polls/urls.py' && s.location.range.start.line === detailLine),
      `the symbol polls:detail at polls/urls.py:${detailLine + 1}`,
      (symbols) => symbols.slice(0, 20).map((s) => `${s.name} [${s.containerName}] ${relative(s.location.uri)}:${s.location.range.start.line + 1}`).join('; ') || 'none');
  });

  it('offers a "Create template" quick fix for a missing template', async () => {
    const views = fixtureUri('polls/views.py');
    const [missing] = await waitForDiagnostics(views, 'template-missing');
    const actions = await answerOf<vscode.CodeAction[]>('vscode.executeCodeActionProvider', [views, missing.range, vscode.CodeActionKind.QuickFix.value],
      (found) => found.some((a) => a.title.startsWith("Create template 'polls/missing.html'")), "a quick fix \"Create template 'polls/missing.html' ...\"",
      (found) => found.map((a) => JSON.stringify(a.title)).join(', ') || 'none');
    const create = actions.find((a) => a.title.startsWith("Create template 'polls/missing.html'"))!;
    assert.equal(create.kind?.value, 'quickfix');
    // Its edit creates the file; it is not applied, so the diagnostics checks below start from the planted problem.
    const created = create.edit?.entries().map(([uri]) => relative(uri)) ?? [];
    assert.ok(create.edit && create.edit.size > 0, `the quick fix must carry an edit: ${JSON.stringify(create.title)}`);
    assert.ok(created.some((p) => p.endsWith('templates/polls/missing.html')), `the edit must create polls/missing.html; it touches ${created.join(', ')}`);
  });

  it('contributes "Django: Go to URL…" and the Django explorer view', async () => {
    await requireActiveExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['django-mtv.goToUrl', 'django-mtv.newApp']) assert.ok(commands.includes(command), `command ${command} must be registered`);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes?: { views?: Record<string, { id: string; name: string }[]> } };
    const explorer = manifest.contributes?.views?.explorer ?? [];
    assert.ok(explorer.some((v) => v.id === 'django-mtv.projectTree' && v.name === 'Django'),
      `the explorer must get the view django-mtv.projectTree "Django"; contributes: ${JSON.stringify(explorer)}`);
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
