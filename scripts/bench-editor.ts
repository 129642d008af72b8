// Measures what the editor waits for on a large project: indexing, the rebuild after an edit, and single requests.
//
// Usage: npx tsx scripts/bench-editor.ts <project-dir>  (npm run bench generates one and runs this too).

import { NodeFileSystem, OverlayFileSystem } from '../server/src/host/nodefs';
import { Workspace } from '../server/src/core/workspace';
import { fileDiagnostics } from '../server/src/features/diagnostics/index';
import { definition } from '../server/src/features/definition';
import { completion } from '../server/src/features/completion';
import { hover } from '../server/src/features/hover';
import { normalizePath } from '../server/src/core/fs';
import * as path from 'path';

function time<T>(label: string, f: () => T, rows: [string, string][]): T {
  const t = performance.now();
  const r = f();
  rows.push([label, `${(performance.now() - t).toFixed(1)} ms`]);
  return r;
}

function main(): number {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: bench-editor.ts <project-dir>\n');
    return 2;
  }
  const root = normalizePath(path.resolve(dir));
  const fs = new OverlayFileSystem(new NodeFileSystem());
  const ws = new Workspace(fs, root, { envPaths: [], extraTemplateDirs: [] });
  const rows: [string, string][] = [];
  time('index (cold, in process)', () => ws.index(), rows);
  const p = ws.projects[0];
  if (!p?.urls) {
    process.stderr.write(`bench-editor: no project with URLs under ${root}\n`);
    return 2;
  }
  const view = p.urls.entries.find((e) => e.node.view.kind === 'def')?.node.view;
  const viewsFile = view && view.kind === 'def' ? view.file : undefined;
  const template = [...p.templates.byFile.keys()].find((f) => (fs.readFile(f) ?? '').includes('{% url'));
  if (!viewsFile || !template) {
    process.stderr.write('bench-editor: the project has no view or no template with {% url %}\n');
    return 2;
  }
  const text = fs.readFile(template)!;
  const offset = text.indexOf('{% url') + 9;
  time('diagnostics of one template (first time)', () => fileDiagnostics(ws, p, template), rows);
  time('diagnostics of one views.py (first time)', () => fileDiagnostics(ws, p, viewsFile), rows);
  fs.setBuffer(viewsFile, fs.readFile(viewsFile)! + '\n# edited\n');
  time('rebuild after an edit in views.py', () => ws.changed([viewsFile]), rows);
  fs.setBuffer(template, text + '\n');
  time('template edit, then its diagnostics', () => {
    ws.changed([template]);
    return fileDiagnostics(ws, ws.projectFor(template)!, template);
  }, rows);
  time('go to definition on a {% url %} name', () => definition(ws, template, offset), rows);
  const items = time('completion of URL names', () => completion(ws, template, offset), rows).items.length;
  time('hover on a {% url %} name', () => hover(ws, template, offset), rows);
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`editor latency on ${root} (${p.urls.entries.length} URL patterns, ${p.templates.byName.size} templates, ${items} completions)\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  return 0;
}

process.exitCode = main();
