// Measures what the editor waits for on a large project (generated or real): indexing, the rebuild after an edit, and requests (p50/p99 per kind).
//
// Usage: node --expose-gc --import tsx scripts/bench-editor.ts <project-dir> [--requests N] [--memory N]
// (npm run bench runs it on the generated project and on each real repository given.) Requests are asked at every
// use of a URL or template name found in the project's templates and Python files, in turn, N in all per kind;
// the first one of each kind is shown apart (it fills caches). --memory N asks N template-name hovers and prints the
// heap before and after (a leak shows as growth). Then 20 keystrokes typed into a URL name of the largest Python
// file, with completion asked after each.

import { NodeFileSystem, OverlayFileSystem } from '../server/src/host/nodefs';
import { Workspace } from '../server/src/core/workspace';
import type { Project } from '../server/src/core/project/project';
import { fileDiagnostics, projectFiles } from '../server/src/features/diagnostics/index';
import { definition } from '../server/src/features/definition';
import { completion } from '../server/src/features/completion';
import { hover } from '../server/src/features/hover';
import { templateUses, urlUses } from '../server/src/features/uses';
import { normalizePath } from '../server/src/core/fs';
import * as path from 'path';

function time<T>(label: string, f: () => T, rows: [string, string][]): T {
  const t = performance.now();
  const r = f();
  rows.push([label, `${(performance.now() - t).toFixed(1)} ms`]);
  return r;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function main(): number {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const requests = opt('--requests', 300);
  const memory = opt('--memory', 0);
  if (!dir) {
    process.stderr.write('usage: bench-editor.ts <project-dir> [--requests N] [--memory N]\n');
    return 2;
  }
  const root = normalizePath(path.resolve(dir));
  const fs = new OverlayFileSystem(new NodeFileSystem());
  const ws = new Workspace(fs, root, { envPaths: [], extraTemplateDirs: [] });
  const rows: [string, string][] = [];
  time('index (cold, in process)', () => ws.index(), rows);
  // The project with the most templates: on a real repository the first one found may be a test project.
  const p = [...ws.projects].sort((a, b) => b.templates.byFile.size - a.templates.byFile.size)[0] as Project | undefined;
  if (!p) {
    process.stderr.write(`bench-editor: no project under ${root}\n`);
    return 2;
  }
  // Every place a request is asked: each URL name and template name used in the project's own files.
  const urlSites: [string, number][] = [];
  const templateSites: [string, number][] = [];
  const files = projectFiles(ws, p, root).filter((f) => ws.projectFor(f) === p);
  const t0 = performance.now();
  for (const f of files) {
    for (const u of urlUses(ws, p, f)) urlSites.push([f, u.span.start + 1]);
    for (const u of templateUses(ws, p, f)) for (const n of u.names) templateSites.push([f, n.span.start + 1]);
  }
  rows.push([`finding the uses in ${files.length} files`, `${(performance.now() - t0).toFixed(1)} ms`]);
  const view = p.urls?.entries.find((e) => e.node.view.kind === 'def')?.node.view;
  const viewsFile = view && view.kind === 'def' ? view.file : undefined;
  const template = urlSites.find(([f]) => !f.endsWith('.py'))?.[0] ?? templateSites.find(([f]) => !f.endsWith('.py'))?.[0];
  if (template) time('diagnostics of one template (first time)', () => fileDiagnostics(ws, p, template), rows);
  if (viewsFile) time('diagnostics of one views.py (first time)', () => fileDiagnostics(ws, p, viewsFile), rows);

  const kinds: [string, [string, number][], (f: string, o: number) => unknown][] = [
    ['definition, URL name', urlSites, (f, o) => definition(ws, f, o)],
    ['completion, URL name', urlSites, (f, o) => completion(ws, f, o)],
    ['hover, URL name', urlSites, (f, o) => hover(ws, f, o)],
    ['definition, template name', templateSites, (f, o) => definition(ws, f, o)],
    ['completion, template name', templateSites, (f, o) => completion(ws, f, o)],
    ['hover, template name', templateSites, (f, o) => hover(ws, f, o)],
  ];
  const latency: string[] = [];
  for (const [label, sites, ask] of kinds) {
    if (!sites.length) continue;
    const first = performance.now();
    ask(...sites[0]);
    const firstMs = performance.now() - first;
    const ms: number[] = [];
    for (let i = 0; i < requests; i++) {
      const [f, o] = sites[(i + 1) % sites.length];
      const t = performance.now();
      ask(f, o);
      ms.push(performance.now() - t);
    }
    latency.push(`  ${label.padEnd(28)}  first ${firstMs.toFixed(1).padStart(7)} ms   p50 ${pct(ms, 50).toFixed(2).padStart(6)} ms   p99 ${pct(ms, 99).toFixed(2).padStart(6)} ms   max ${Math.max(...ms).toFixed(1).padStart(6)} ms  (${sites.length} sites)`);
  }

  // Typing a name in the largest Python file with a URL name in it (a test module, so no rebuild): each keystroke
  // changes the text, so completion cannot reuse the last tree as is.
  const typed = urlSites.filter(([f]) => f.endsWith('.py') && !p.dependencies.has(f)).sort((a, b) => fs.readFile(b[0])!.length - fs.readFile(a[0])!.length)[0];
  if (typed) {
    const [f, o] = typed;
    const original = fs.readFile(f)!;
    const ms: number[] = [];
    for (let i = 1; i <= 20; i++) {
      fs.setBuffer(f, original.slice(0, o) + 'x'.repeat(i) + original.slice(o));
      ws.changed([f]);
      const t = performance.now();
      completion(ws, f, o + i);
      ms.push(performance.now() - t);
    }
    fs.setBuffer(f, undefined);
    ws.changed([f]);
    latency.push(`  ${'completion, typing (.py)'.padEnd(28)}  first ${ms[0].toFixed(1).padStart(7)} ms   p50 ${pct(ms, 50).toFixed(2).padStart(6)} ms   max ${Math.max(...ms).toFixed(1).padStart(6)} ms  (20 keystrokes in ${Math.round(original.length / 1024)} KB)`);
  }

  if (viewsFile) {
    fs.setBuffer(viewsFile, fs.readFile(viewsFile)! + '\n# edited\n');
    time('rebuild after an edit in a views.py', () => ws.changed([viewsFile]), rows);
  }
  if (template) {
    fs.setBuffer(template, fs.readFile(template)! + '\n');
    time('template edit, then its diagnostics', () => {
      ws.changed([template]);
      return fileDiagnostics(ws, ws.projectFor(template)!, template);
    }, rows);
    const hp = templateSites.find(([f]) => f === template) ?? templateSites[0];
    if (hp) time('hover on a template name after that edit', () => hover(ws, hp[0], hp[1]), rows);
  }
  let mem = '';
  if (memory && templateSites.length) {
    const before = heapMiB();
    for (let i = 0; i < memory; i++) hover(ws, ...templateSites[i % templateSites.length]);
    const after = heapMiB();
    mem = `  heap over ${memory} template-name hovers: ${before.toFixed(1)} -> ${after.toFixed(1)} MiB${gc ? '' : ' (run with --expose-gc for exact figures)'}`;
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`editor latency on ${root} (${p.settingsModule ?? p.root}: ${p.urls?.entries.length ?? 0} URL patterns, ${p.templates.byName.size} templates; ${urlSites.length} URL-name and ${templateSites.length} template-name uses)\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  process.stdout.write(`requests (${requests} of each kind, at every use in turn):\n${latency.join('\n')}\n`);
  if (mem) process.stdout.write(mem + '\n');
  return 0;
}

process.exitCode = main();
