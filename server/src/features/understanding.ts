// What a project model did not understand, as lines for the log and a count for the status bar: a silent project must not look like a clean one.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { ResolverNode } from '../core/urls/urlconf';
import { relativeInside } from '../core/fs';
import { LineIndex } from '../core/text';

/** At most this many URLconf places are listed per project; the rest are counted. */
const MAX_URL_PLACES = 10;

/**
 * Computed once per project model: a model is rebuilt whenever a file it read changes (the URLconfs whose lines
 * are quoted among them), and the status bar asks after every change.
 */
const cached = new WeakMap<Project, string[]>();

/** One line per part of the project that was not understood, each saying what it hides. */
export function notUnderstood(ws: Workspace, project: Project): string[] {
  let hit = cached.get(project);
  if (!hit) cached.set(project, (hit = describe(ws, project)));
  return hit;
}

function describe(ws: Workspace, project: Project): string[] {
  const out: string[] = [...project.notes];
  const t = project.templates;
  for (const why of t.incompleteWhy) out.push(`templates: ${why} (no template can be reported missing)`);
  for (const gap of t.filteredGaps ?? []) out.push(`templates: ${gap.why} (names that engine may try are not checked)`);
  for (const why of t.missingApps) out.push(`templates: ${why} (names outside the project's own apps are not checked)`);
  if (!project.libraries.complete) for (const why of project.libraries.incompleteWhy) out.push(`tag libraries: ${why} (no {% load %} can be reported unknown)`);
  if (project.urls) {
    const places: string[] = [];
    const walk = (node: ResolverNode, depth: number) => {
      if (depth > 40) return;
      if (node.dynamic && node.dynamicWhy && !node.placeholder) places.push(`${node.dynamicWhy}${where(ws, node.file ?? node.moduleFile, node.span?.start)}`);
      for (const c of node.children) {
        if (c.kind !== 'resolver') continue;
        if (c.placeholder) places.push(`${c.dynamicWhy ?? 'URL patterns built dynamically'}${where(ws, c.file, undefined)}`);
        else walk(c, depth + 1);
      }
    };
    walk(project.urls.root, 0);
    const unique = [...new Set(places)];
    for (const p of unique.slice(0, MAX_URL_PLACES)) out.push(`URL names: ${p} (names there are not checked)`);
    if (unique.length > MAX_URL_PLACES) out.push(`URL names: ${unique.length - MAX_URL_PLACES} more places built dynamically`);
  }
  return out;
}

function where(ws: Workspace, file: string | undefined, offset: number | undefined): string {
  if (!file) return '';
  const rel = relativeInside(ws.root, file) ?? file;
  if (offset === undefined) return ` at ${rel}`;
  const text = ws.fs.readFile(file);
  return text === undefined ? ` at ${rel}` : ` at ${rel}:${new LineIndex(text).position(offset).line + 1}`;
}
