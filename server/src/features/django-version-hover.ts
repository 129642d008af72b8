// Hover on INSTALLED_APPS in a settings file: which Django the model follows, where that was learnt, and what it changes.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { describeDjango, partialsSupported, projectDjango } from '../core/project/django-version';

/** The hover for the name INSTALLED_APPS at `offset` of a Python file the project's model read (its settings), or undefined. */
export function installedAppsHover(ws: Workspace, project: Project, file: string, offset: number): { contents: string; span: Span } | undefined {
  if (!file.endsWith('.py') || !project.dependencies.has(file)) return undefined;
  const text = ws.fs.readFile(file);
  if (text === undefined) return undefined;
  let start = offset;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /\w/.test(text[end])) end++;
  if (text.slice(start, end) !== 'INSTALLED_APPS') return undefined;
  const v = projectDjango(ws.fs, project, ws.root);
  const lines = [`**INSTALLED_APPS** — ${project.apps.length} app${project.apps.length === 1 ? '' : 's'}${project.appsComplete ? '' : ' (not all understood)'}`, `Django ${describeDjango(v)}${v.file ? ` — ${v.file.startsWith(ws.root + '/') ? v.file.slice(ws.root.length + 1) : v.file}` : ''}`];
  // What the version decides, so that a version-dependent answer elsewhere is explained here.
  lines.push(`Built-in tags, filters and libraries are those of Django ${v.series}; template partials (\`{% partialdef %}\`, "page.html#name") are ${partialsSupported(ws.fs, project) ? 'on' : 'off (Django 6.0+, or template_partials in INSTALLED_APPS)'}.`);
  return { contents: lines.join('  \n'), span: { start, end } };
}
