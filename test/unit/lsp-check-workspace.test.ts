// "Django: Check Workspace" over stdio: every closed file's problems are published, and fixed ones are cleared on the next run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { project, start } from '../helpers/lsp';

test('django-mtv/checkWorkspace publishes the problems of closed files and clears them once fixed', { timeout: 60000 }, async () => {
  const root = project({
    'polls/urls.py': 'from django.urls import path\nfrom . import views\napp_name = "polls"\nurlpatterns = [path("", views.index, name="index")]\n',
    'polls/views.py': 'from django.shortcuts import render\ndef index(request):\n    return render(request, "polls/nope.html")\n',
    'polls/templates/polls/page.html': '{% url "polls:index" %} {% url "polls:indx" %}\n',
    'polls/templates/polls/ok.html': '{% url "polls:index" %}\n',
  });
  const s = await start([root]);
  try {
    const r = await s.conn.sendRequest<{ files: number; problems: number; errors: number; checked: number }>('django-mtv/checkWorkspace', {});
    assert.deepEqual({ files: r.files, problems: r.problems, errors: r.errors }, { files: 2, problems: 2, errors: 2 });
    assert.ok(r.checked >= 6, `checked ${r.checked} files`);
    const codes = (rel: string) => s.published.filter((p) => p.uri === s.uri(rel)).at(-1)?.diagnostics.map((d) => d.code);
    assert.deepEqual(codes('polls/templates/polls/page.html'), ['url-name-unknown']);
    assert.deepEqual(codes('polls/views.py'), ['template-missing']);
    assert.equal(codes('polls/templates/polls/ok.html'), undefined, 'a healthy file gets nothing');
    // Fix one file on disk, tell the server, and check again: its problems are cleared.
    fs.writeFileSync(path.join(root, 'polls/templates/polls/page.html'), '{% url "polls:index" %}\n');
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('polls/templates/polls/page.html'), type: 2 }] });
    const again = await s.conn.sendRequest<{ files: number; problems: number }>('django-mtv/checkWorkspace', {});
    assert.deepEqual({ files: again.files, problems: again.problems }, { files: 1, problems: 1 });
    assert.deepEqual(codes('polls/templates/polls/page.html'), []);
  } finally {
    await s.stop();
  }
});
