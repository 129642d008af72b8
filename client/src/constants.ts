// Names shared by the client's modules: ids that also appear in package.json and in the server protocol.

/** The configuration section the server reads with `workspace/configuration`. */
export const SECTION = 'django-mtv';

/** The client id; the client library derives the `django-mtv.trace.server` setting from it. */
export const CLIENT_ID = 'django-mtv';

/** The name of the output channel, also used in messages that point the user to it. */
export const OUTPUT_NAME = 'Django MTV';

/** Every command the extension contributes to the command palette; package.json lists exactly these. */
export const Commands = {
  restartServer: 'django-mtv.restartServer',
  showOutput: 'django-mtv.showOutput',
  goToUrl: 'django-mtv.goToUrl',
  newApp: 'django-mtv.newApp',
  refreshProjectTree: 'django-mtv.refreshProjectTree',
  checkWorkspace: 'django-mtv.checkWorkspace',
} as const;

/**
 * Commands the server puts into code lenses. They are not in the palette: the server sends LSP JSON
 * arguments, which this command converts before calling VS Code's own references view.
 */
export const InternalCommands = {
  showReferences: 'django-mtv.showReferences',
} as const;

export { STATUS_NOTIFICATION } from '../../server/src/protocol';
export type { StatusParams } from '../../server/src/protocol';

/** The files whose changes can alter the index: Python modules and every kind of template. */
export { WATCHED_GLOB as WATCHED_FILES } from '../../server/src/protocol';
