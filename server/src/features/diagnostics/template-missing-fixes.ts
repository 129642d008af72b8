// template-missing's quick fixes: create the template where Django would look first, or change to a close existing name.

import type { Workspace } from '../../core/workspace';
import type { Project } from '../../core/project/project';
import type { Span } from '../../core/text';
import { relativeInside } from '../../core/fs';
import { relativeNameProblem } from '../../core/inside';
import { lookupTemplate } from '../../core/templates/index';
import { djangoEngines, templateNameOf, templateUses } from '../uses';
import { genericViewTemplates } from '../generic-views';
import type { Diagnostic } from './types';
import type { CodeAction } from './fixes';
import { changeTo } from './fixes';

const templateGroup = (n: string) => n.slice(0, Math.max(0, n.lastIndexOf('/')));

/** The missing template names a template-missing diagnostic is about, each with its span. */
function missingNames(ws: Workspace, project: Project, file: string, d: Diagnostic): { name: string; span: Span }[] {
  for (const use of templateUses(ws, project, file)) {
    if (use.names.length && use.names[0].span.start === d.span.start) return use.names;
  }
  if (file.endsWith('.py')) {
    for (const g of genericViewTemplates(ws, project, file)) if (g.span.start === d.span.start) return [{ name: g.name, span: g.span }];
  }
  return [];
}

/** The text a new template starts with: extending base.html (and filling its content block) when the project has one. */
export function starterTemplate(ws: Workspace, project: Project, name: string): string {
  if (name === 'base.html' || !/\.html?$/.test(name)) return '';
  const base = lookupTemplate(project.templates, 'base.html');
  if (base.kind !== 'found') return '';
  const parsed = ws.template(base.files[0].file);
  const block = parsed?.blocks.find((b) => b.name === 'content') ?? parsed?.blocks.find((b) => /body|main/.test(b.name));
  return block ? `{% extends "base.html" %}\n\n{% block ${block.name} %}\n{% endblock ${block.name} %}\n` : '{% extends "base.html" %}\n';
}

/** The app whose folder holds `file` (the deepest one), when it is in the workspace. */
function owningApp(project: Project, file: string) {
  let best: Project['apps'][number] | undefined;
  for (const a of project.apps) {
    if (a.dir && relativeInside(a.dir, file) !== undefined && (!best || a.dir.length > best.dir!.length)) best = a;
  }
  return best;
}

function createTemplateActions(ws: Workspace, project: Project, file: string, d: Diagnostic): CodeAction[] {
  const names = missingNames(ws, project, file, d);
  if (!names.length) return [];
  const name = names[0].name;
  // Names that climb out of their folder, are absolute or that no file system would take are not for us to create.
  if (relativeNameProblem(name)) return [];
  const places: { dir: string; where: string }[] = [];
  const app = owningApp(project, file);
  const appDir = app && project.templates.dirs.find((t) => t.app === app.name && project.settings?.engines[t.engine]?.kind === 'django');
  if (appDir) places.push({ dir: appDir.dir, where: `app '${app!.label}'` });
  const engine = project.settings?.engines.find((e) => e.kind === 'django' && e.dirs.length);
  if (engine) places.push({ dir: engine.dirs[0], where: 'DIRS' });
  const text = starterTemplate(ws, project, name);
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const p of places) {
    const path = p.dir + '/' + name;
    if (seen.has(path) || ws.fs.stat(path) !== undefined) continue;
    seen.add(path);
    const shown = relativeInside(project.root, path) ?? path;
    out.push({ title: `Create template '${name}' in ${p.where} (${shown})`, kind: 'quickfix', edits: [], createFiles: [{ path, text }], isPreferred: out.length === 0 ? true : undefined, diagnostic: d });
  }
  return out;
}

export function templateMissingFixes(ws: Workspace, project: Project, file: string, d: Diagnostic): CodeAction[] {
  const out = createTemplateActions(ws, project, file, d);
  const names = missingNames(ws, project, file, d);
  if (names.length === 1) {
    const current = templateNameOf(project, file);
    // Template tags load through Django engines only: a name only Jinja2 can find would still be missing.
    const djangoOnly = templateUses(ws, project, file).some((u) => u.djangoOnly && u.names[0]?.span.start === d.span.start);
    const engines = djangoOnly ? djangoEngines(project) : undefined;
    const candidates = [...project.templates.byName].filter(([n, files]) => n !== current && (!engines || files.some((f) => engines.has(f.engine)))).map(([n]) => n);
    out.push(...changeTo(ws, file, names[0].span, names[0].name, candidates, templateGroup, d));
  }
  return out;
}
