// The `django-mtv` command: check, index, resolve and lsp --stdio, over the same engine as the editor.

import * as nodePath from 'path';
import { parseArgs } from 'util';
import { NodeFileSystem } from '../host/nodefs';
import { SnapshotFileSystem } from '../host/snapshot';
import { DiskFactsCache, toolVersion } from '../host/facts-cache';
import { findInterpreter } from '../host/python';
import { cachedInterpreterSysPath } from '../host/syspath-cache';
import { Workspace } from '../core/workspace';
import { normalizePath, relativeInside } from '../core/fs';
import { checkProject } from '../features/check';
import { indexProject, Lines, viewOf } from '../features/index-model';
import { resolveUrl } from '../features/resolve-url';
import { version } from '../../../package.json';
import { summarize } from '../features/coverage';

const USAGE = `usage: django-mtv <command> [options]

commands:
  check [PATH] [--format text|json] [--python PY]   report broken links (exit 1 if any error)
  index [PATH] --format json [--python PY]           print the model of every project under PATH
  resolve [PATH] URL [--format text|json] [--python PY]
                                                     show what Django's resolve() does with URL
  lsp --stdio                                        run the language server on stdin/stdout
  --version                                          print the version

options of check, index and resolve:
  --python PY        the interpreter whose sys.path is read (default: $VIRTUAL_ENV, then a .venv, venv or env
                     folder in the tree, then python3 on PATH)
  --settings MODULE  use the project of this settings module (when the tree has several, or names none)`;

class UsageError extends Error {}

/** Options every command takes, set once from the command line. */
const cliOptions: { settings?: string } = {};

function out(s: string): void {
  process.stdout.write(s + '\n');
}

/** A path or name from the command line, with control characters escaped so that a message stays one whole line. */
function shown(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

function absolute(p: string): string {
  return normalizePath(nodePath.resolve(p));
}

function makeWorkspace(root: string, python: string | undefined): Workspace {
  // One run reads each file once: the tree does not change while a command reads it.
  const fs = new SnapshotFileSystem(new NodeFileSystem());
  if (fs.stat(root) !== 'dir') throw new UsageError(`${shown(root)}: no such folder`);
  // The interpreter the user's shell would run here; only one named by --python must work, the others may fail quietly.
  const environment = (dirs: string[]) => {
    const found = findInterpreter(python, dirs);
    if (!found) return [];
    try {
      // Remembered in the user's cache folder while the interpreter and its site folders stay as they were.
      return cachedInterpreterSysPath(found.python, version).map(absolute);
    } catch (e) {
      if (found.from === '--python') throw e;
      return [];
    }
  };
  // References of files unchanged since an earlier run, from the user's cache folder (DJANGO_MTV_CACHE_DIR='' turns it off).
  const facts = DiskFactsCache.open(root, toolVersion(version, __filename));
  if (facts) process.on('exit', () => facts.save());
  const ws = new Workspace(fs, root, { envPaths: [], extraTemplateDirs: [], environment, settingsModule: cliOptions.settings, facts });
  ws.index();
  if (!ws.projects.length) throw new UsageError(`${shown(root)}: no Django project found (no manage.py, and no settings module named by pytest, tox, wsgi.py or .env)`);
  // A settings module chosen on the command line that exists nowhere is an error, not a project that knows nothing.
  if (cliOptions.settings && !ws.projects.some((p) => p.settings)) throw new UsageError(`settings module ${shown(cliOptions.settings)} not found under ${shown(root)}`);
  return ws;
}

function relTo(root: string) {
  return (f: string) => relativeInside(root, f) ?? f;
}

function cmdCheck(root: string, format: string, python?: string): number {
  const ws = makeWorkspace(root, python);
  const rel = relTo(root);
  const { diagnostics: diags, verdicts } = checkProject(ws, root, { coverage: true });
  const lines = new Lines((f) => ws.fs.readFile(f));
  const coverage = summarize(verdicts, (f, span) => (span ? `${rel(f)}:${lines.position(f, span.start).line + 1}` : rel(f)));
  const rows = diags.map((d) => {
    const pos = lines.position(d.file, d.span.start);
    return { file: rel(d.file), line: pos.line + 1, column: pos.character + 1, severity: d.severity, code: d.code, message: d.message };
  });
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  if (format === 'json') out(JSON.stringify({ diagnostics: rows, coverage }, null, 2));
  else {
    let last = '';
    for (const r of rows) {
      if (r.file !== last) {
        if (last) out('');
        out(r.file);
        last = r.file;
      }
      out(`  ${r.line}:${r.column}  ${r.severity}  ${r.message}  [${r.code}]`);
    }
    const errors = rows.filter((r) => r.severity === 'error').length;
    const files = new Set(rows.map((r) => r.file)).size;
    if (rows.length) out('');
    out(`${errors} error${errors === 1 ? '' : 's'}, ${rows.length - errors} other${rows.length - errors === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${ws.projects.length} project${ws.projects.length === 1 ? '' : 's'} checked)`);
    // A silent run must not look like a clean one: say how much could be decided, and why the rest could not.
    const decided = coverage.found + coverage.missing;
    out(`${decided} of ${coverage.references} reference${coverage.references === 1 ? '' : 's'} checked${coverage.undecided ? `; ${coverage.undecided} not decided:` : ''}`);
    for (const r of coverage.reasons) out(`  ${r.count}  ${r.why}${r.where.length ? ` (${r.where.join(', ')})` : ''}`);
  }
  return rows.some((r) => r.severity === 'error') ? 1 : 0;
}

function cmdIndex(root: string, python?: string): number {
  const ws = makeWorkspace(root, python);
  const rel = relTo(root);
  // Every project discovery chose, including those check skips because another project of their folder owns its files.
  out(JSON.stringify({ projects: ws.allProjects().map((p) => indexProject(ws, p, rel)) }, null, 2));
  return 0;
}

function cmdResolve(root: string, url: string, format: string, python?: string): number {
  const ws = makeWorkspace(root, python);
  const rel = relTo(root);
  const lines = new Lines((f) => ws.fs.readFile(f));
  // Django's root resolver is the regex ^/, so resolve('') raises Resolver404 whatever the URLconf holds.
  const projects = url.trim() === '' ? [] : ws.projects;
  for (const p of projects) {
    const r = resolveUrl(p, url);
    if (r.kind === 'unknown') {
      const reason = p.urls ? 'part of the URLconf is built dynamically' : 'the root URLconf could not be read';
      // JSON readers get an answer they can parse, which says that there is none and why.
      if (format === 'json') out(JSON.stringify({ match: null, path: url, reason }));
      else process.stderr.write(`django-mtv: cannot tell how ${shown(url)} resolves: ${reason}\n`);
      return 1;
    }
    if (r.kind !== 'match') continue;
    const view = viewOf(r.pattern.view, lines, rel);
    const result = { name: r.name, route: r.route, view, args: r.args.map(jsonValue), kwargs: Object.fromEntries(Object.entries(r.kwargs).map(([k, v]) => [k, jsonValue(v)])) };
    if (format === 'json') out(JSON.stringify(result, null, 2));
    else out(`${url} → ${r.name ?? '(unnamed)'}  route ${r.route}\n  view ${view ? `${view.qualname} at ${view.file}:${view.line}` : '(unknown)'}\n  args ${JSON.stringify(result.args)} kwargs ${JSON.stringify(result.kwargs)}`);
    return 0;
  }
  if (format === 'json') out(JSON.stringify({ error: 'Resolver404', path: url }));
  else out(`${url.trim() === '' ? JSON.stringify(url) : url}: no URL pattern matches`);
  return 1;
}

function jsonValue(v: unknown): unknown {
  // Values the model cannot know (a default that is not a literal) print as null.
  return typeof v === 'bigint' ? Number(v) : typeof v === 'symbol' ? null : v;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command) {
    // No command is a usage error: the usage goes to stderr, so that nothing reading stdout takes it for output.
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V') {
    out(`django-mtv ${version}`);
    return 0;
  }
  if (command === 'lsp') {
    if (!rest.includes('--stdio')) throw new UsageError('lsp needs --stdio');
    // The server bundle starts listening on stdio when loaded.
    require('./lsp-entry');
    return -1;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string' }, python: { type: 'string' }, settings: { type: 'string' } } });
  } catch (e) {
    // The message quotes the bad argument, which may itself hold a line break.
    throw new UsageError(shown((e as Error).message));
  }
  const { values, positionals } = parsed;
  // --settings MODULE picks the project whose settings module that is (as `manage.py --settings` does), on every command.
  if (values.settings !== undefined && !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(values.settings)) throw new UsageError(`--settings needs a dotted module name, not '${shown(values.settings)}'`);
  cliOptions.settings = values.settings;
  const format = values.format ?? (command === 'index' ? 'json' : 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${shown(format)}' (use text or json)`);
  // An empty --python (an unset shell variable) would otherwise be ignored, and installed apps silently unread.
  if (values.python === '') throw new UsageError('--python needs the path of a Python interpreter');
  // The interpreter runs in a neutral folder, so a relative path (`.venv/bin/python`) is made absolute here;
  // a bare name (`python3`) is still looked up on PATH.
  if (values.python !== undefined && values.python.includes('/')) values.python = nodePath.resolve(values.python);
  switch (command) {
    case 'check':
      if (positionals.length > 1) throw new UsageError('check takes at most one PATH');
      return cmdCheck(absolute(positionals[0] ?? '.'), format, values.python);
    case 'index':
      if (format !== 'json') throw new UsageError('index supports only --format json');
      if (positionals.length > 1) throw new UsageError('index takes at most one PATH');
      return cmdIndex(absolute(positionals[0] ?? '.'), values.python);
    case 'resolve': {
      if (positionals.length === 0 || positionals.length > 2) throw new UsageError('resolve needs a URL: django-mtv resolve [PATH] URL');
      const [pathArg, url] = positionals.length === 2 ? positionals : ['.', positionals[0]];
      return cmdResolve(absolute(pathArg), url, format, values.python);
    }
    default:
      throw new UsageError(`unknown command '${shown(command)}'`);
  }
}

// A reader that stops early (`check | head -1`) closes the pipe: end quietly with the command's exit code, as
// Unix tools do, rather than with a stack trace. The language server owns stdout and is not covered.
if (process.argv[2] !== 'lsp') {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') process.stderr.write(`django-mtv: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' ? (process.exitCode ?? 0) : 2);
  });
}

try {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`django-mtv: ${msg.split('\n')[0]}\n`);
  if (!(e instanceof UsageError) && process.env.DJANGO_MTV_DEBUG) process.stderr.write(String((e as Error).stack) + '\n');
  process.exitCode = 2;
}
