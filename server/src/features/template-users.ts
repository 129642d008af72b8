// Who uses each template name of a project (Python that renders it, templates that extend or include it), indexed once and updated per changed file, for hover.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import { templateUses } from './uses';
import { genericViewTemplates } from './generic-views';
import { projectFiles } from './diagnostics/index';

export interface TemplateUser {
  kind: 'extended' | 'included' | 'rendered';
  file: string;
  /** Where the name is written (for a generic view's default template, the class name). */
  offset: number;
  /** A generic view rendering its default template. */
  generic?: { className: string; viewKind: string };
}

interface UsersIndex {
  /** The workspace's contentVersion the index is up to date with. */
  version: number;
  /** Every file of the project, in `projectFiles` order, with the names it uses (an empty list for most). */
  byFile: Map<string, [string, TemplateUser][]>;
  byName?: Map<string, TemplateUser[]>;
}

/**
 * Kept per project model: a rebuilt project is a new object, so its index starts over; within one model, an edit
 * re-reads only the changed files. Without it each hover on a template name read and scanned every file of the
 * project (99-144 ms on Misago, 7 s the first time; issue 14).
 */
const indexes = new WeakMap<Project, UsersIndex>();

function usersIn(ws: Workspace, project: Project, file: string): [string, TemplateUser][] {
  const out: [string, TemplateUser][] = [];
  for (const use of templateUses(ws, project, file)) {
    const kind = use.kind === 'extends' ? 'extended' : use.kind === 'include' ? 'included' : 'rendered';
    // A use naming the same template twice (select_template(["a.html", "a.html"])) is one use of it.
    const seen = new Set<string>();
    for (const n of use.names) if (!seen.has(n.name)) seen.add(n.name), out.push([n.name, { kind, file, offset: n.span.start }]);
  }
  if (file.endsWith('.py')) {
    for (const g of genericViewTemplates(ws, project, file)) out.push([g.name, { kind: 'rendered', file, offset: g.span.start, generic: { className: g.className, viewKind: g.viewKind } }]);
  }
  return out;
}

/** The uses of `name` in the project's files, in file order, then in order within a file. */
export function templateUsersOf(ws: Workspace, project: Project, name: string): TemplateUser[] {
  let index = indexes.get(project);
  const changed = index ? ws.changedSince(index.version) : undefined;
  if (!index || !changed) {
    index = { version: ws.contentVersion, byFile: new Map() };
    for (const file of projectFiles(ws, project, project.root)) index.byFile.set(file, usersIn(ws, project, file));
    indexes.set(project, index);
  } else if (changed.length) {
    // An edited file keeps its place in the order; a file that is not the project's is not looked at.
    for (const file of changed) {
      if (!index.byFile.has(file)) continue;
      index.byFile.set(file, usersIn(ws, project, file));
      index.byName = undefined;
    }
    index.version = ws.contentVersion;
  }
  if (!index.byName) {
    const byName = new Map<string, TemplateUser[]>();
    for (const uses of index.byFile.values()) {
      for (const [n, u] of uses) {
        const list = byName.get(n);
        if (list) list.push(u);
        else byName.set(n, [u]);
      }
    }
    index.byName = byName;
  }
  return index.byName.get(name) ?? [];
}
