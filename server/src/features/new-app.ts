// "New App": the files Django's startapp writes (plus urls.py and a first template) and the edits that wire the app into settings and the root URLconf.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Expr, Stmt } from '../core/python/ast';
import { lookupTemplate } from '../core/templates/index';
import { starterTemplate } from './code-actions';
import type { FileEdit } from './code-actions';
import type { ResolverNode } from '../core/urls/urlconf';
import { editsProblem, MAX_SEGMENT_BYTES } from '../core/inside';

export type NewAppResult = { error: string } | { files: { path: string; text: string }[]; edits: FileEdit[]; notes: string[] };

export interface NewAppOptions {
  /** Add the app to INSTALLED_APPS (default true). */
  installedApps?: boolean;
  /** Include the app's urls.py from the root URLconf (default true). */
  rootUrlconf?: boolean;
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case _'.split(' '),
);

/**
 * Standard-library and ever-present modules: Django's startapp refuses a name that is already importable, and
 * without running Python these are the ones we cannot see through the module resolver.
 */
const TAKEN_MODULES = new Set(
  // Python's sys.stdlib_module_names (3.11, plus tomllib), and django itself: startapp refuses them all.
  (
    'abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect ' +
    'builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall ' +
    'concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm ' +
    'decimal difflib dis distutils django doctest email encodings ensurepip enum errno faulthandler fcntl filecmp ' +
    'fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip ' +
    'hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword ' +
    'lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt ' +
    'multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib ' +
    'pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd ' +
    'py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy ' +
    'sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd ' +
    'sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau ' +
    'symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit ' +
    'tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata ' +
    'unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp ' +
    'zipfile zipimport zlib zoneinfo '
  ).trim().split(' '),
);

function hasNamespace(node: ResolverNode, name: string): boolean {
  return node.children.some((c) => c.kind === 'resolver' && (c.namespace === name || c.appName === name || hasNamespace(c, name)));
}

/** Why `name` cannot be a new app of `project`, or undefined when it can. */
function validateAppName(ws: Workspace, project: Project, name: string): string | undefined {
  if (!name) return 'Enter a name for the app.';
  const shown = JSON.stringify(name).slice(1, -1);
  // Python 3 identifiers follow Unicode's XID classes, as str.isidentifier() does.
  if (!/^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(name)) return `'${shown}' is not a valid Python identifier: use letters, digits and underscores, not starting with a digit.`;
  // Python NFKC-normalises identifiers as it reads them, so `import ｏｓ` imports os, never a folder named ｏｓ.
  const normal = name.normalize('NFKC');
  if (normal !== name) return `'${name}' is not what Python reads: it NFKC-normalises identifiers and reads it as '${normal}'. Use '${normal}' if that is the name you mean.`;
  if (new TextEncoder().encode(name).length > MAX_SEGMENT_BYTES - 3) return `'${name.slice(0, 40)}...' is too long for a folder name and its .py files.`;
  // __init__, __main__ and their like are module names Python itself gives meaning to.
  if (/^__.*__$/.test(name)) return `'${name}' is reserved: names starting and ending with '__' mean something to Python itself.`;
  if (KEYWORDS.has(name)) return `'${name}' is a Python keyword.`;
  if (TAKEN_MODULES.has(name)) return `'${name}' conflicts with the name of an existing Python module.`;
  if (ws.fs.stat(project.root + '/' + name) !== undefined || ws.fs.stat(project.root + '/' + name + '.py') !== undefined) return `'${project.root}/${name}' already exists.`;
  if (project.resolver.resolve(name)) return `'${name}' conflicts with the name of an existing Python module.`;
  if (project.apps.some((a) => a.name === name || a.label === name)) return `An installed app is already named '${name}'.`;
  // Its urls.py gets app_name = name: an existing namespace of that name would keep reverse() and the URL prefix.
  if (project.urls?.entries.some((e) => e.namespaces.includes(name)) || (project.urls && hasNamespace(project.urls.root, name))) return `A URL namespace named '${name}' already exists: the new app's URLs could not be reversed as '${name}:...'.`;
  return undefined;
}

/** The AppConfig class name startapp derives: title-cased, underscores dropped. */
function configClass(name: string): string {
  const titled = name.replace(/[\p{L}\p{N}]+/gu, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
  return titled.replace(/_/g, '') + 'Config';
}

/** A string literal in the quote style the file already uses. */
function quoted(value: string, quote: string): string {
  return quote + value + quote;
}

function quoteStyle(text: string, e: Expr | undefined): string {
  if (e && e.kind === 'str') {
    const q = text[e.content.start - 1];
    if (q === "'" || q === '"') return q;
  }
  return '"';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/**
 * The edit that appends `item` to the list or tuple literal `list` as the file writes it: on a new line with the
 * last element's indentation when the literal spans lines, keeping (or leaving out) the trailing comma as the
 * literal does; inline otherwise.
 */
function appendToList(file: string, text: string, list: Expr & { kind: 'list' | 'tuple' }, item: string): FileEdit {
  const close = list.span.end - 1;
  const last = list.elts[list.elts.length - 1];
  const multiline = text.slice(list.span.start, list.span.end).includes('\n');
  if (!last) {
    if (!multiline) return { file, span: { start: close, end: close }, newText: list.kind === 'tuple' ? `${item},` : item };
    const indent = /^[ \t]*/.exec(text.slice(lineStart(text, close)))![0];
    const at = lineStart(text, close);
    return { file, span: { start: at, end: at }, newText: `${indent}    ${item},\n` };
  }
  // The trailing comma is looked for in code only: a `#` comment after the last element may hold commas too.
  const between = text.slice(last.span.end, close).replace(/#[^\n]*/g, (c) => ' '.repeat(c.length));
  const commaAt = between.indexOf(',');
  const trailing = commaAt >= 0;
  if (!multiline || !text.slice(last.span.end, close).includes('\n')) {
    // The closing bracket shares the last element's line: stay inline.
    if (trailing) return { file, span: { start: last.span.end + commaAt + 1, end: last.span.end + commaAt + 1 }, newText: ` ${item},` };
    return { file, span: { start: last.span.end, end: last.span.end }, newText: `, ${item}` };
  }
  const ls = lineStart(text, last.span.start);
  const indent = /^[ \t]*/.exec(text.slice(ls))![0];
  if (trailing) {
    // After the comma's line (past any comment on it), so the comment stays with its element.
    const at = lineEnd(text, last.span.end + commaAt);
    return { file, span: { start: at, end: at }, newText: `\n${indent}${item},` };
  }
  // No trailing comma: add one right after the element, keeping any comment on its line with it.
  const eol = lineEnd(text, last.span.end);
  const tail = text.slice(last.span.end, eol);
  if (/#/.test(tail)) return { file, span: { start: last.span.end, end: eol }, newText: `,${tail}\n${indent}${item}` };
  return { file, span: { start: last.span.end, end: last.span.end }, newText: `,\n${indent}${item}` };
}

/** The top-level `NAME = [...]` (or `NAME = [...] + ...`) assignment's list literal in a module. */
function listAssigned(body: Stmt[], target: string): (Expr & { kind: 'list' | 'tuple' }) | undefined {
  for (const s of body) {
    if (s.kind !== 'assign' || !s.targets.some((t) => t.kind === 'name' && t.id === target)) continue;
    let v: Expr = s.value;
    while (v.kind === 'binop' && v.op === '+') v = v.left;
    if (v.kind === 'list' || v.kind === 'tuple') return v as Expr & { kind: 'list' | 'tuple' };
  }
  return undefined;
}

function settingsEdit(ws: Workspace, project: Project, name: string, notes: string[]): FileEdit | undefined {
  const s = project.settings;
  if (!s) {
    notes.push('The settings module was not found, so INSTALLED_APPS was not changed.');
    return undefined;
  }
  // The module itself first, then what it imports: split settings usually define the list in a base module.
  const files = [s.file, ...s.files.filter((f) => f !== s.file)];
  for (const f of files) {
    const parsed = ws.cache.getPython(f);
    const list = parsed && listAssigned(parsed.module.body, 'INSTALLED_APPS');
    if (!parsed || !list) continue;
    // Entries that name AppConfig classes mean the project prefers that style for its own apps.
    const ownConfigs = list.elts.some((e) => e.kind === 'str' && /\.apps\.\w+Config$/.test(e.value));
    const entry = ownConfigs ? `${name}.apps.${configClass(name)}` : name;
    return appendToList(f, parsed.text, list, quoted(entry, quoteStyle(parsed.text, list.elts[list.elts.length - 1])));
  }
  notes.push('No settings file assigns INSTALLED_APPS a list literal, so it was not changed.');
  return undefined;
}

function urlconfEdits(ws: Workspace, project: Project, name: string, notes: string[]): FileEdit[] {
  const module = project.settings?.rootUrlconf;
  const file = module && project.resolver.resolve(module)?.file;
  const parsed = file ? ws.cache.getPython(file) : undefined;
  if (!file || !parsed) {
    notes.push('The root URLconf was not found, so the app\'s URLs were not included.');
    return [];
  }
  const list = listAssigned(parsed.module.body, 'urlpatterns');
  if (!list) {
    notes.push(`${module} does not assign urlpatterns a list literal, so the app's URLs were not included.`);
    return [];
  }
  const text = parsed.text;
  const q = quoteStyle(text, (list.elts.find((e) => e.kind === 'call' && e.args[0]?.value.kind === 'str') as (Expr & { kind: 'call' }) | undefined)?.args[0].value);
  const edits: FileEdit[] = [appendToList(file, text, list, `path(${quoted(name + '/', q)}, include(${quoted(name + '.urls', q)}))`)];
  // Names already bound at the top level need no import.
  const bound = new Set<string>();
  let djangoUrls: (Stmt & { kind: 'from' }) | undefined;
  let lastImport: Stmt | undefined;
  for (const s of parsed.module.body) {
    if (s.kind === 'from' || s.kind === 'import') lastImport = s;
    if (s.kind === 'from' && s.names !== '*') {
      for (const n of s.names) bound.add(n.asname ?? n.name);
      if (s.module === 'django.urls' && s.level === 0) djangoUrls = s;
    }
  }
  const missing = ['include', 'path'].filter((n) => !bound.has(n));
  if (missing.length) {
    if (djangoUrls && djangoUrls.names !== '*') {
      const first = djangoUrls.names[0];
      edits.push({ file, span: { start: first.span.start, end: first.span.start }, newText: missing.map((m) => m + ', ').join('') });
    } else {
      const at = lastImport ? lineEnd(text, lastImport.span.end) : 0;
      const line = `from django.urls import ${missing.join(', ')}`;
      edits.push({ file, span: { start: at, end: at }, newText: lastImport ? `\n${line}` : `${line}\n` });
    }
  }
  return edits;
}

/** The files and edits of a new app `name` in `project` (in its root folder, as `manage.py startapp` does), or why not. */
export function newApp(ws: Workspace, project: Project, name: string, opts: NewAppOptions = {}): NewAppResult {
  name = name.trim();
  const problem = validateAppName(ws, project, name);
  if (problem) return { error: problem };
  const dir = project.root + '/' + name;
  const cls = configClass(name);
  const tplName = `${name}/index.html`;
  const starter = starterTemplate(ws, project, tplName);
  const hasBlock = /\{% block (\w+) %\}\n/.exec(starter);
  const template = hasBlock
    ? starter.replace(`{% block ${hasBlock[1]} %}\n`, `{% block ${hasBlock[1]} %}\n<h1>${name}</h1>\n`)
    : starter
      ? starter + `\n<h1>${name}</h1>\n`
      : `<!DOCTYPE html>\n<html>\n<head><title>${name}</title></head>\n<body>\n<h1>${name}</h1>\n</body>\n</html>\n`;
  const files = [
    { path: `${dir}/__init__.py`, text: '' },
    { path: `${dir}/admin.py`, text: 'from django.contrib import admin\n\n# Register your models here.\n' },
    { path: `${dir}/apps.py`, text: `from django.apps import AppConfig\n\n\nclass ${cls}(AppConfig):\n    default_auto_field = "django.db.models.BigAutoField"\n    name = "${name}"\n` },
    { path: `${dir}/migrations/__init__.py`, text: '' },
    { path: `${dir}/models.py`, text: 'from django.db import models\n\n# Create your models here.\n' },
    { path: `${dir}/tests.py`, text: 'from django.test import TestCase\n\n# Create your tests here.\n' },
    { path: `${dir}/urls.py`, text: `from django.urls import path\n\nfrom . import views\n\napp_name = "${name}"\nurlpatterns = [\n    path("", views.index, name="index"),\n]\n` },
    { path: `${dir}/views.py`, text: `from django.shortcuts import render\n\n\ndef index(request):\n    return render(request, "${tplName}")\n` },
    { path: `${dir}/templates/${tplName}`, text: template },
  ];
  const notes: string[] = [];
  const edits: FileEdit[] = [];
  // Settings and URLconfs may be imported from anywhere on sys.path: write nothing outside the workspace folder.
  const created = editsProblem(ws.fs, ws.root, files.map((f) => f.path));
  if (created) return { error: `The app '${name}' cannot be created there: ${created}` };
  if (opts.installedApps !== false) {
    const e = settingsEdit(ws, project, name, notes);
    const outside = e && editsProblem(ws.fs, ws.root, [e.file]);
    if (outside) return { error: `The app '${name}' was not created: INSTALLED_APPS is assigned in ${outside} Create the app without adding it to INSTALLED_APPS, then add it by hand.` };
    if (e) edits.push(e);
  }
  if (opts.rootUrlconf !== false) {
    const e = urlconfEdits(ws, project, name, notes);
    const outside = editsProblem(ws.fs, ws.root, e.map((x) => x.file));
    if (outside) return { error: `The app '${name}' was not created: the root URLconf ${outside} Create the app without including its URLs, then include them by hand.` };
    edits.push(...e);
  }
  // A template of that name elsewhere would shadow the new one when the app comes later in INSTALLED_APPS.
  if (lookupTemplate(project.templates, tplName).kind === 'found') notes.push(`A template named '${tplName}' already exists and may be found before the new app's.`);
  return { files, edits, notes };
}
