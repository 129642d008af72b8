// Where `{% static %}` paths come from, as Django's default staticfiles finders search: STATICFILES_DIRS, then each app's static/.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';

/** The folders the default finders search, in their order. */
export function staticDirs(project: Project): string[] {
  return [...(project.settings?.staticfilesDirs ?? []), ...project.apps.flatMap((a) => (a.dir ? [a.dir + '/static'] : []))];
}

/** Every file that serves `path`, the one the finders return first leading; none for paths a finder never serves. */
export function staticFiles(ws: Workspace, project: Project, path: string): string[] {
  // Absolute paths and ones that climb out of their folder are not something a finder serves.
  if (!path || path.startsWith('/') || path.split('/').includes('..')) return [];
  return staticDirs(project)
    .map((d) => d + '/' + path)
    .filter((f) => ws.fs.stat(f) === 'file');
}
