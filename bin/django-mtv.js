#!/usr/bin/env node
// Entry point of the `django-mtv` command: runs the bundled CLI.
require('../dist/cli.js');
