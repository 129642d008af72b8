// Open editor buffers obey the same size cap as files on disk: an over-cap buffer is absent for analysis (issue 9, item 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem, MAX_FILE_BYTES } from '../../server/src/core/fs';
import { OverlayFileSystem } from '../../server/src/host/nodefs';
import { pos, project, start, waitFor } from '../helpers/lsp';

test('an open buffer over the size cap reads as absent, counting UTF-8 bytes, and closing it reverts to the disk', () => {
  const disk = new MemoryFileSystem({ '/ws/a.py': 'x = 1\n' });
  const overlay = new OverlayFileSystem(disk);
  // 'é' is one UTF-16 unit but two UTF-8 bytes: the cap is in bytes, as it is for files.
  const atCap = 'é'.repeat(MAX_FILE_BYTES / 2);
  assert.equal(overlay.setBuffer('/ws/a.py', atCap), true);
  assert.equal(overlay.readFile('/ws/a.py'), atCap);
  assert.equal(overlay.setBuffer('/ws/a.py', atCap + 'é'), false);
  // Absent, not the disk's (smaller, older) text: the buffer is what the user sees.
  assert.equal(overlay.readFile('/ws/a.py'), undefined);
  assert.equal(overlay.stat('/ws/a.py'), 'file', 'the file still exists, it is only too large to read');
  assert.equal(overlay.setBuffer('/ws/a.py', undefined), true);
  assert.equal(overlay.readFile('/ws/a.py'), 'x = 1\n');
});

test('a urls.py buffer over the cap is not analysed: its features answer empty, other files lose no precision, and the server says so once', { timeout: 120000 }, async () => {
  const urls = 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n';
  const page = '{% url "polls:index" %}\n';
  const root = project({
    'polls/urls.py': urls,
    'polls/views.py': 'def index(request):\n    pass\n',
    'polls/templates/polls/page.html': page,
  });
  const s = await start([root]);
  try {
    const pageUri = s.uri('polls/templates/polls/page.html');
    const urlsUri = s.uri('polls/urls.py');
    // The number of locations a definition request answers (null and [] both mean none).
    const definition = async (uri: string, position: { line: number; character: number }) => {
      const r = await s.conn.sendRequest<unknown>('textDocument/definition', { textDocument: { uri }, position });
      return Array.isArray(r) ? r.length : r ? 1 : 0;
    };
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pageUri, languageId: 'django-html', version: 1, text: page } });
    assert.equal(await definition(pageUri, pos(page, 'index')), 1, 'polls:index is found while urls.py is small');

    // The buffer drops "index" and adds thousands of patterns, past the cap: a pasted or generated file.
    const lines = ['from django.urls import path', 'from . import views', 'app_name = "polls"', 'urlpatterns = ['];
    for (let i = 0, size = 0; size <= MAX_FILE_BYTES; i++) size += lines[lines.push(`    path("p${i}/", views.index, name="n${i}"),`) - 1].length + 1;
    const big = lines.join('\n') + '\n]\n';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: urlsUri, languageId: 'python', version: 1, text: big } });
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: urlsUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }] });

    // Asked about the big file itself, features answer empty.
    const at = pos(big, 'views.index', 7);
    assert.equal(await definition(urlsUri, at), 0);
    assert.equal(await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: urlsUri }, position: at }), null);
    const completion = await s.conn.sendRequest<{ items: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri: urlsUri }, position: at });
    assert.equal(Array.isArray(completion) ? completion.length : (completion?.items.length ?? 0), 0);
    const urlsDiags = await waitFor('diagnostics of the big urls.py', () => s.published.filter((p) => p.uri === urlsUri).at(-1));
    assert.deepEqual(urlsDiags.diagnostics, []);

    // Elsewhere, the unread URLconf is unknown, never empty: no false "unknown URL name" for polls:index.
    assert.equal(await definition(pageUri, pos(page, 'index')), 0);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: pageUri, version: 2 }, contentChanges: [{ text: page + ' ' }] });
    await waitFor('diagnostics of page.html after the edit', () => s.published.filter((p) => p.uri === pageUri).length >= 2 || undefined);
    assert.deepEqual(s.published.filter((p) => p.uri === pageUri).at(-1)?.diagnostics, []);

    const tooLarge = s.logs.filter((l) => l.includes('urls.py') && l.includes('too large'));
    assert.equal(tooLarge.length, 1, `logged once, not per change: ${JSON.stringify(s.logs)}`);

    // Closing the buffer brings back the disk's text and its patterns.
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: urlsUri } });
    assert.equal(await definition(pageUri, pos(page, 'index')), 1, 'polls:index is found again from the disk');
  } finally {
    await s.stop();
  }
});
