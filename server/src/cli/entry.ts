// The first file `django-mtv` loads: answers --version at once and loads the engine (dist/cli-main.js) only for the other commands.

import { version } from '../../../package.json';

// `--version` needs none of the engine: a version check in a script costs only Node's own start.
if (process.argv[2] === '--version' || process.argv[2] === '-V') process.stdout.write(`django-mtv ${version}\n`);
// In the bundle './main' is dist/cli-main.js, loaded only now; the language server is a third file (dist/server.js).
else require('./main');
