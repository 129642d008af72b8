// Mutation fuzz of whole projects (bounded for CI): mutated settings, URLconfs, views and templates never make indexing, checks or editor features throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodefs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { fileDiagnostics, projectFiles } from '../../server/src/features/diagnostics/index';
import { referenceVerdicts } from '../../server/src/features/coverage';
import { definition } from '../../server/src/features/definition';
import { hover } from '../../server/src/features/hover';
import { completion } from '../../server/src/features/completion';
import { seededRandom } from '../helpers/random';

const FIXTURE = path.resolve(__dirname, '../fixtures/projects/shopsite');
/** Mutations per run: bounded so CI stays fast; set DJANGO_MTV_FUZZ=N locally for a longer run. */
const RUNS = Number(process.env.DJANGO_MTV_FUZZ ?? 300);

/** The fixture as an in-memory tree under /ws. */
function load(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of nodefs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(py|html|txt)$/.test(e.name)) out['/ws/' + path.relative(FIXTURE, p).split(path.sep).join('/')] = nodefs.readFileSync(p, 'utf8');
    }
  };
  walk(FIXTURE);
  return out;
}

// Pieces that make Python and templates self-referential, deeply nested, half-typed or odd.
const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', ',', ':', '\n', '    ', '"', "'", '\\', '#', 'urlpatterns', 'include(urlpatterns)', 'path("x/", include(urlpatterns))',
  'urlpatterns.append(urlpatterns)', 'INSTALLED_APPS', 'INSTALLED_APPS.append(INSTALLED_APPS)', 'TEMPLATES', '[' .repeat(300), '{% extends "base.html" %}',
  '{% include "catalog/product_list.html" %}', '{% url "shop:' , '{% block ', '{% endblock %}', '{%', '%}', '{{', 'from . import *', 'from .dev import *',
  'import os', 'if DEBUG:', 'for x in y:', 'lambda: 0', 'f"{x}"', '\u0000', '😀', 'def ', 'class X(Y):', 'reverse("', 'render(request, "',
];

function mutate(text: string, rnd: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rnd() * (t.length + 1));
    const r = rnd();
    if (r < 0.4) t = t.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + t.slice(at);
    else if (r < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 40));
    else {
      // Duplicate a stretch: repeated statements and tags.
      const len = Math.floor(rnd() * 200);
      t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    }
  }
  return t;
}

test(`${RUNS} mutated projects: index, check, coverage, definition, hover and completion never throw`, { timeout: 240_000 }, () => {
  const base = load();
  const names = Object.keys(base);
  assert.ok(names.length > 10, 'the fixture was read');
  let checkedFiles = 0;
  for (let run = 0; run < RUNS; run++) {
    const rnd = seededRandom(1000 + run);
    const files = { ...base };
    for (let k = 0; k < 3; k++) {
      const f = names[Math.floor(rnd() * names.length)];
      files[f] = mutate(files[f], rnd);
    }
    const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
    try {
      for (const p of ws.index()) {
        for (const f of projectFiles(ws, p, '/ws')) {
          checkedFiles++;
          fileDiagnostics(ws, p, f);
          referenceVerdicts(ws, p, f);
          const text = files[f] ?? '';
          for (let q = 0; q < 3; q++) {
            const offset = Math.floor(rnd() * (text.length + 1));
            definition(ws, f, offset);
            hover(ws, f, offset);
            completion(ws, f, offset);
          }
        }
      }
    } catch (e) {
      assert.fail(`seed ${1000 + run}: ${(e as Error).stack}`);
    }
  }
  // The mutations must leave most projects findable, or the fuzz would test nothing.
  assert.ok(checkedFiles > RUNS * 10, `only ${checkedFiles} files checked`);
});
