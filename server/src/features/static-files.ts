// Where `{% static %}` paths come from, as Django's default staticfiles finders search: STATICFILES_DIRS, then each app's static/.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';

export interface StaticDir {
  dir: string;
  /** From a ("prefix", dir) entry: the folder serves `prefix/<file>`. */
  prefix?: string;
}

/** The folders the default finders search, in their order. */
export function staticDirs(project: Project): StaticDir[] {
  return [...(project.settings?.staticfilesDirs ?? []), ...project.apps.flatMap((a) => (a.dir ? [{ dir: a.dir + '/static' }] : []))];
}

/** Every file that serves `path`, the one the finders return first leading; none for paths a finder never serves. */
export function staticFiles(ws: Workspace, project: Project, path: string): string[] {
  // Absolute paths and ones that climb out of their folder are not something a finder serves.
  if (!path || path.startsWith('/') || path.split('/').includes('..')) return [];
  const out: string[] = [];
  for (const d of staticDirs(project)) {
    let rel = path;
    if (d.prefix) {
      if (!path.startsWith(d.prefix + '/')) continue;
      rel = path.slice(d.prefix.length + 1);
    }
    const f = d.dir + '/' + rel;
    // Static assets are not watched files, so their existence is asked of the disk each time.
    if (ws.fs.statFresh(f) === 'file') out.push(f);
  }
  return out;
}
