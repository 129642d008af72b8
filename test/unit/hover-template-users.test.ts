// Hover on a template name lists its users from an index kept per project (issue 14): no re-read of every file per hover, and edits show up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import type { FileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { hover } from '../../server/src/features/hover';

const FILES: Record<string, string> = {
  '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
  '/ws/site/__init__.py': '',
  '/ws/site/settings.py': 'INSTALLED_APPS = ["shop"]\nROOT_URLCONF = "site.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n',
  '/ws/site/urls.py': 'urlpatterns = []\n',
  '/ws/shop/__init__.py': '',
  '/ws/shop/views.py': 'from django.shortcuts import render\ndef home(request):\n    return render(request, "shop/base.html")\n',
  '/ws/shop/templates/shop/base.html': '<html>{% block body %}{% endblock %}</html>\n',
  '/ws/shop/templates/shop/a.html': '{% extends "shop/base.html" %}\n',
  '/ws/shop/templates/shop/b.html': 'no use here\n',
};

function setup() {
  const mem = new MemoryFileSystem(FILES);
  const reads: string[] = [];
  const fsys: FileSystem = { readFile: (p) => (reads.push(p), mem.readFile(p)), readDir: (p) => mem.readDir(p), stat: (p) => mem.stat(p), realPath: (p) => mem.realPath(p) };
  const ws = new Workspace(fsys, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const file = '/ws/shop/templates/shop/a.html';
  const offset = FILES[file].indexOf('base.html');
  return { mem, ws, file, offset, reads };
}

test('the users of a template name: rendered by a view, extended by a template', () => {
  const { ws, file, offset } = setup();
  const h = hover(ws, file, offset)!.contents;
  assert.match(h, /Rendered by: `home` \[shop\/views\.py:3\]/);
  assert.match(h, /Extended by: \[shop\/templates\/shop\/a\.html:1\]/);
});

test('a second hover does not read every file of the project again', () => {
  const { ws, file, offset, reads } = setup();
  hover(ws, file, offset);
  const before = reads.length;
  hover(ws, file, offset);
  // The hovered template and the files shown (for their line numbers) are read; the project's other files are not.
  assert.deepEqual([...new Set(reads.slice(before))].sort(), ['/ws/shop/templates/shop/a.html', '/ws/shop/views.py']);
});

test('an edited file is read again and its new uses are listed; unchanged ones keep their place', () => {
  const { mem, ws, file, offset } = setup();
  hover(ws, file, offset);
  mem.write('/ws/shop/templates/shop/b.html', 'x\n{% include "shop/base.html" %}\n');
  ws.changed(['/ws/shop/templates/shop/b.html']);
  const h = hover(ws, file, offset)!.contents;
  assert.match(h, /Included by: \[shop\/templates\/shop\/b\.html:2\]/);
  assert.match(h, /Extended by: \[shop\/templates\/shop\/a\.html:1\]/);
  mem.write('/ws/shop/templates/shop/b.html', 'gone\n');
  ws.changed(['/ws/shop/templates/shop/b.html']);
  assert.doesNotMatch(hover(ws, file, offset)!.contents, /Included by/);
});
