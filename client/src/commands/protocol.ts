// The ids of this extension's commands and views, and the shapes of the server's django-mtv/* requests they use.
import type { LanguageClient } from 'vscode-languageclient/node';

import { Commands } from '../constants';

/** The commands these modules register (the ids live with the others in constants.ts). */
export const DjangoCommands = {
  goToUrl: Commands.goToUrl,
  newApp: Commands.newApp,
  refreshProjectTree: Commands.refreshProjectTree,
  checkWorkspace: Commands.checkWorkspace,
} as const;

export const PROJECT_TREE_VIEW = 'django-mtv.projectTree';

export { Requests } from '../../../server/src/protocol';
export type { ResolveUrlResult, NewAppResponse } from '../../../server/src/protocol';

/** How commands and views reach the server: the running client, or undefined while it starts or after it stopped. */
export type ClientAccess = () => LanguageClient | undefined;
