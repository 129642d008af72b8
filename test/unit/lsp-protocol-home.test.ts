// Issue 13 item 3 over stdio: hover links are real file URIs for paths with '#' and '?', and rename respects the client's workspace-edit capabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import { pos, project, start } from '../helpers/lsp';

const VIEWS = 'from django.shortcuts import render\n\n\ndef detail(request, pk):\n    return render(request, "polls/detail.html")\n';
const URLS = 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("<int:pk>/", views.detail, name="detail")]\n';
const PAGE = "{% url 'polls:detail' 1 %}\n";

test("hover links to a file under a folder named with '#' and '?' are percent-encoded file URIs", async () => {
  const made = project({ 'polls/urls.py': URLS, 'polls/views.py': VIEWS, 'templates/page.html': PAGE, 'polls/templates/polls/detail.html': 'x\n' });
  // A '#' or '?' left raw in a URI starts its fragment or query, so the editor would open the wrong file.
  const root = made + '-a#b?c';
  fs.renameSync(made, root);
  const s = await start([root]);
  try {
    const h = (await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: s.uri('templates/page.html') }, position: pos(PAGE, 'detail') })) as { contents: { value: string } } | null;
    assert.ok(h, 'expected a hover');
    const links = [...h.contents.value.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    const encodedRoot = root.replace('#', '%23').replace('?', '%3F');
    assert.ok(links.includes(`file://${encodedRoot}/polls/views.py#L4`), `links: ${links.join(', ')}`);
    const view = URI.parse(links.find((l) => l.includes('views.py'))!);
    assert.equal(view.fsPath, `${root}/polls/views.py`);
    assert.equal(view.fragment, 'L4');
    for (const l of links) assert.ok(l.startsWith('file://') && !/[\uE000\uE001]/.test(l), `every link is filled: ${l}`);
  } finally {
    await s.stop();
  }
});

const MOVE = { 'polls/urls.py': URLS, 'polls/views.py': VIEWS, 'templates/page.html': PAGE, 'polls/templates/polls/detail.html': 'x\n' };
const renameAt = (s: Awaited<ReturnType<typeof start>>, rel: string, text: string, needle: string, newName: string) =>
  s.conn.sendRequest('textDocument/rename', { textDocument: { uri: s.uri(rel) }, position: pos(text, needle, 1), newName });

test('a template rename is refused, with the reason, to a client that did not announce file renames; URL renames still work', async () => {
  const s = await start([project(MOVE)]);
  try {
    await assert.rejects(renameAt(s, 'polls/views.py', VIEWS, 'polls/detail.html', 'polls/show.html'), (e: Error) => /cannot be moved/.test(e.message) && /resourceOperations/.test(e.message));
    // A URL name rename moves no file: it is sent as plain text edits, which every client applies.
    const edit = (await renameAt(s, 'templates/page.html', PAGE, 'detail', 'show')) as { changes?: Record<string, { newText: string }[]>; documentChanges?: unknown };
    assert.equal(edit.documentChanges, undefined);
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [s.uri('polls/urls.py'), s.uri('templates/page.html')].sort());
    assert.deepEqual(edit.changes![s.uri('templates/page.html')].map((e) => e.newText), ['show']);
  } finally {
    await s.stop();
  }
});

test('a client that announces rename resource operations gets the text edits, then the RenameFile', async () => {
  const s = await start([project(MOVE)], { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } });
  try {
    const edit = (await renameAt(s, 'polls/views.py', VIEWS, 'polls/detail.html', 'polls/show.html')) as { documentChanges: ({ kind?: string; oldUri?: string; newUri?: string; textDocument?: { uri: string } })[] };
    const kinds = edit.documentChanges.map((c) => c.kind ?? 'edit');
    assert.deepEqual(kinds, ['edit', 'rename']);
    assert.equal(edit.documentChanges[0].textDocument?.uri, s.uri('polls/views.py'));
    assert.equal(edit.documentChanges[1].oldUri, s.uri('polls/templates/polls/detail.html'));
    assert.equal(edit.documentChanges[1].newUri, s.uri('polls/templates/polls/show.html'));
  } finally {
    await s.stop();
  }
});

const MISSING = 'from django.shortcuts import render\n\n\ndef detail(request, pk):\n    return render(request, "polls/detial.html")\n';
const actionsAt = (s: Awaited<ReturnType<typeof start>>) =>
  s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri: s.uri('polls/views.py') },
    range: { start: pos(MISSING, 'polls/detial.html', 1), end: pos(MISSING, 'polls/detial.html', 1) },
    context: { diagnostics: [] },
  }) as Promise<{ title: string; edit?: { changes?: unknown; documentChanges?: { kind?: string }[] } }[]>;

test('the create-template quick fix is offered only to clients that apply file creations; other fixes go as plain changes', async () => {
  const files = { 'polls/urls.py': URLS, 'polls/views.py': MISSING, 'polls/templates/polls/detail.html': 'x\n' };
  const plain = await start([project(files)]);
  try {
    const actions = await actionsAt(plain);
    assert.ok(!actions.some((a) => a.title.startsWith('Create template')), actions.map((a) => a.title).join(', '));
    const change = actions.find((a) => a.title.includes('polls/detail.html'));
    assert.ok(change, `a "Change to" fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(change.edit?.documentChanges, undefined);
    assert.ok(change.edit?.changes);
  } finally {
    await plain.stop();
  }
  const full = await start([project(files)], { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } });
  try {
    const create = (await actionsAt(full)).find((a) => a.title.startsWith('Create template'));
    assert.ok(create, 'the create-template fix');
    assert.equal(create.edit?.documentChanges?.[0].kind, 'create');
  } finally {
    await full.stop();
  }
});
