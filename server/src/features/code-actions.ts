// Quick fixes: dispatches to each diagnostic's own fixes (listed in diagnostics/registry.ts), and adds the {% load %} a custom tag or filter needs.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { editsProblem } from '../core/inside';
import { BUILTIN_FILTERS, BUILTIN_TAGS } from '../core/templates/builtins';
import type { ParsedTemplate } from '../core/templates/parse';
import { isDjangoTemplate } from './uses';
import type { Diagnostic } from './diagnostics/types';
import type { CodeAction } from './diagnostics/fixes';
import { diagnosticEntry } from './diagnostics/registry';

// The records and helpers moved beside the diagnostics; their importers (new-app, tests) keep this path.
export type { CodeAction, FileEdit } from './diagnostics/fixes';
export { closestNames, editDistance } from './diagnostics/fixes';
export { starterTemplate } from './diagnostics/template-missing-fixes';

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The library names and the tag/filter names a template makes available through its `{% load %}` tags. */
function loadedNames(project: Project, t: ParsedTemplate): { libraries: Set<string>; names: Set<string>; open: boolean } {
  const libraries = new Set<string>();
  const names = new Set<string>();
  let open = false;
  for (const load of t.loads) {
    for (const l of load.libraries) {
      libraries.add(l.name);
      const lib = project.libraries.libraries.get(l.name);
      if (!lib) continue;
      if (lib.open) open = true;
      if (load.names) for (const n of load.names) names.add(n.name);
      else {
        for (const k of lib.tags.keys()) names.add(k);
        for (const k of lib.filters.keys()) names.add(k);
      }
    }
  }
  return { libraries, names, open };
}

/** Where `{% load lib %}` goes: on the line after `{% extends %}` (which must come first), else at the very top. */
function loadInsertion(t: ParsedTemplate, lib: string): { span: Span; newText: string } {
  if (!t.extends) return { span: { start: 0, end: 0 }, newText: `{% load ${lib} %}\n` };
  const end = t.extends.tagSpan.end;
  const nl = t.text.indexOf('\n', end);
  const restOfLine = nl < 0 ? t.text.slice(end) : t.text.slice(end, nl);
  if (!restOfLine.trim()) {
    const at = nl < 0 ? t.text.length : nl + 1;
    return { span: { start: at, end: at }, newText: nl < 0 ? `\n{% load ${lib} %}` : `{% load ${lib} %}\n` };
  }
  return { span: { start: end, end }, newText: `\n{% load ${lib} %}` };
}

function missingLoadActions(ws: Workspace, project: Project, file: string, span: Span): CodeAction[] {
  if (file.endsWith('.py') || !isDjangoTemplate(project, file)) return [];
  const t = ws.template(file);
  if (!t) return [];
  const loaded = loadedNames(project, t);
  const engineBuiltins = new Set(project.settings?.engines.flatMap((e) => e.builtins) ?? []);
  const wanted: { name: string; kind: 'tag' | 'filter' }[] = [];
  for (const u of t.tags) if (!u.consumedBy && overlaps(u.span, span)) wanted.push({ name: u.name, kind: 'tag' });
  for (const u of t.filters) if (overlaps(u.span, span)) wanted.push({ name: u.name, kind: 'filter' });
  const out: CodeAction[] = [];
  const offered = new Set<string>();
  for (const w of wanted) {
    if (w.kind === 'tag' ? BUILTIN_TAGS[w.name] : BUILTIN_FILTERS[w.name]) continue;
    if (loaded.names.has(w.name)) continue;
    const libs = [...project.libraries.libraries.values()].filter((l) => (w.kind === 'tag' ? l.tags : l.filters).has(w.name));
    // Only one library may define it: with two, which one was meant is a guess.
    if (libs.length !== 1) continue;
    const lib = libs[0];
    // A library already loaded (or made a builtin by OPTIONS) needs no second load.
    if (loaded.libraries.has(lib.name) || (lib.module && engineBuiltins.has(lib.module)) || offered.has(lib.name)) continue;
    offered.add(lib.name);
    const ins = loadInsertion(t, lib.name);
    out.push({ title: `Add {% load ${lib.name} %} for the ${w.kind} '${w.name}'`, kind: 'quickfix', edits: [{ file, ...ins }], isPreferred: true });
  }
  return out;
}

/**
 * The quick fixes for `span` of `file`. `diagnostics` are the engine's diagnostics of that file (the handler
 * recomputes them rather than trusting the client's copy, which may be stale).
 */
export function codeActions(ws: Workspace, file: string, span: Span, diagnostics: Diagnostic[]): CodeAction[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    // Each diagnostic's fixes live beside it, listed in its registry entry.
    if (d.file === file && overlaps(d.span, span)) out.push(...(diagnosticEntry(d.code).fixes?.(ws, project, file, d) ?? []));
  }
  out.push(...missingLoadActions(ws, project, file, span));
  // One rule for every fix: nothing is offered that would write outside the workspace folder (links resolved)
  // or into an installed package, whichever fix computed it.
  return out.filter((a) => editsProblem(ws.fs, ws.root, [...a.edits.map((e) => e.file), ...(a.createFiles ?? []).map((c) => c.path)]) === undefined);
}
