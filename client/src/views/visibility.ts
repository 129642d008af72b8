// Whether the Django view is shown: it follows the project count the server reports on django-mtv/status, since only the server knows how projects are found.
import type { StatusParams } from '../../../server/src/protocol';

/** The context key in the view's `when` clause (package.json). */
export const HAS_PROJECT_KEY = 'django-mtv.hasProject';

/**
 * The view's visibility after a status notification, given whether it is shown now. A finished index (`ready`)
 * decides: the view appears for any project the server found (manage.py, pytest-django, tox, wsgi/asgi,
 * settings.configure(), the settings-module setting) and goes when the last one does. `indexing` counts the model
 * about to be replaced (none yet from a server just (re)started) and `error` only the folders that indexed, so
 * either may show the view but neither hides it: it does not flicker on every re-index or restart. A malformed
 * notification changes nothing.
 */
export function projectViewShown(shown: boolean, params: unknown): boolean {
  if (params === null || typeof params !== 'object') return shown;
  const { state, projects } = params as Partial<StatusParams>;
  if (typeof projects !== 'number' || !Number.isFinite(projects)) return shown;
  if (state === 'ready') return projects > 0;
  if (state === 'indexing' || state === 'error') return shown || projects > 0;
  return shown;
}
