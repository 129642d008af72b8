// Property tests: the Python parser and the static evaluator never throw on half-typed, mutated or newer-syntax Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePython } from '../../server/src/core/python/parse';
import type { Stmt } from '../../server/src/core/python/ast';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';
import { seededRandom } from '../helpers/random';

const PROJECTS = path.resolve(__dirname, '../fixtures/projects');

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '__pycache__') out.push(...pyFiles(p));
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

// Latin-1 files are read as the disk reader would (invalid bytes become U+FFFD), which is what the engine sees.
const SOURCES = pyFiles(PROJECTS).map((f) => ({ file: path.relative(PROJECTS, f), text: fs.readFileSync(f).toString('utf8') })).filter((s) => s.text.length > 0);

const rng = seededRandom;

const TOKENS = ['(', ')', '[', ']', '{', '}', ':', ',', '=', '"', "'", '"""', "'''", 'f"{', '}"', '\\', '\n', '    ', '\t', 'if ', 'else:', 'import ', 'from . import *', '*', '**', 'lambda: ', 'path(', 'include(', 'urlpatterns += ', 'INSTALLED_APPS.append(', '\0', '\ud800', '🙂', '\r', '#', '@', 'async ', 'await ', ':=', 'match x:\n case 1:', 'except A, B:', 'type X = int\n'];

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const len = Math.floor(r() * 40);
    switch (Math.floor(r() * 4)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + len);
        break;
      case 1:
        t = t.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
        break;
      default: {
        const b = Math.floor(r() * (t.length + 1));
        const [x, y] = at < b ? [at, b] : [b, at];
        t = t.slice(y) + t.slice(x, y) + t.slice(0, x);
      }
    }
  }
  return t;
}

/** The parser must neither throw nor fall into its internal-error guard (a shape the converter did not expect). */
function assertParses(text: string, what: string): void {
  let mod;
  try {
    mod = parsePython(text);
  } catch (e) {
    assert.fail(`parsePython threw on ${what}: ${String(e)}\n${JSON.stringify(text.slice(0, 300))}`);
  }
  const internal = mod.errors.find((e) => e.message.startsWith('internal parser error'));
  assert.equal(internal, undefined, `${what}: ${internal?.message}\n${JSON.stringify(text.slice(0, 300))}`);
}

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n';
const SETTINGS = 'INSTALLED_APPS = ["app"]\nROOT_URLCONF = "proj.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]\n';
const URLS = 'from django.urls import path, include\nfrom app import views\nurlpatterns = [path("", views.home, name="home"), path("a/", include("app.urls"))]\n';

/** Indexes a memory project whose urls.py, settings.py and app views hold `text` in turn, then runs every diagnostic on it. */
function assertEvaluates(text: string, what: string): void {
  for (const slot of ['proj/urls.py', 'proj/settings.py', 'app/urls.py']) {
    const files: Record<string, string> = {
      '/ws/manage.py': MANAGE,
      '/ws/proj/__init__.py': '',
      '/ws/proj/settings.py': SETTINGS,
      '/ws/proj/urls.py': URLS,
      '/ws/app/__init__.py': '',
      '/ws/app/views.py': 'from django.shortcuts import render\ndef home(r):\n    return render(r, "x.html")\n',
      '/ws/app/urls.py': 'from django.urls import path\nfrom .views import *\nurlpatterns = [path("b/", home, name="b")]\n',
      '/ws/app/templates/x.html': '{% url "home" %}',
    };
    files['/ws/' + slot] = text;
    try {
      const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
      ws.index();
      const p = ws.projects[0];
      assert.ok(p, 'the project is found');
      for (const f of Object.keys(files)) fileDiagnostics(ws, p, f);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assert.fail(`indexing threw with ${what} as ${slot}: ${String(e)}\n${JSON.stringify(text.slice(0, 300))}`);
    }
  }
}

test('fixture .py files exist to feed the property tests', () => {
  assert.ok(SOURCES.length >= 20, `only ${SOURCES.length} fixture .py files`);
});

test('every prefix of every fixture .py file parses without throwing', () => {
  for (const { file, text } of SOURCES) for (let i = 0; i <= text.length; i++) assertParses(text.slice(0, i), `${file}[0:${i}]`);
});

test('every line-boundary prefix of every fixture .py file indexes as urls.py and settings.py without throwing', () => {
  for (const { file, text } of SOURCES) {
    for (let i = 0; i <= text.length; i++) if (i === text.length || text[i] === '\n') assertEvaluates(text.slice(0, i), `${file}[0:${i}]`);
  }
});

test('300 randomly mutated copies (seed 20240611) parse and index without throwing', () => {
  const r = rng(20240611);
  for (let k = 0; k < 300; k++) {
    const src = SOURCES[k % SOURCES.length];
    const text = mutate(src.text, r);
    assertParses(text, `mutation ${k} of ${src.file}`);
    assertEvaluates(text, `mutation ${k} of ${src.file}`);
  }
});

test('pathological inputs: deep nesting, long operator chains, long lines, lone surrogates, NUL bytes', () => {
  const cases: [string, string][] = [
    ['deep brackets', 'X = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n'],
    ['deep lists', 'INSTALLED_APPS = ' + '['.repeat(3000) + ']'.repeat(3000) + '\n'],
    ['unclosed brackets', 'urlpatterns = ' + '[path('.repeat(2000) + '\n'],
    ['long + chain', 'X = ' + Array.from({ length: 20000 }, (_, i) => `"s${i}"`).join(' + ') + '\n'],
    ['long attribute chain', 'X = a' + '.b'.repeat(20000) + '\n'],
    ['long call chain', 'X = f' + '()'.repeat(20000) + '\n'],
    ['nested if', Array.from({ length: 400 }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(400) + 'Y = 1\n'],
    ['surrogates and NUL', 'X = "\ud800\udfff\ud800"\n\0\0Y = 2\n'],
    ['huge line', 'X = "' + 'a'.repeat(500_000) + '"\n'],
  ];
  for (const [what, text] of cases) {
    assertParses(text, what);
    assertEvaluates(text, what);
  }
});

/** The names bound by top-level `NAME = ...` statements. */
function topLevelNames(body: Stmt[]): string[] {
  const out: string[] = [];
  for (const s of body) if (s.kind === 'assign') for (const t of s.targets) if (t.kind === 'name') out.push(t.id);
  return out;
}

test('newer syntax (PEP 701 f-strings, PEP 695, match, walrus, except A, B) keeps the top-level assignments around it', () => {
  const src = [
    'BEFORE = 1',
    `greeting = f"{"nested " + f'{"deep"}'}"`,
    `songs = f"{', '.join(["a", "b"])}"`,
    'type Point = tuple[float, float]',
    'def first[T](xs: list[T]) -> T:',
    '    return xs[0]',
    'class Box[T]:',
    '    item: T',
    'match command.split():',
    '    case [action, obj]:',
    '        pass',
    '    case _:',
    '        pass',
    'if (n := len(data)) > 10:',
    '    pass',
    'try:',
    '    pass',
    'except ValueError, TypeError:',
    '    pass',
    'AFTER = "x"',
    'INSTALLED_APPS = ["a", "b"]',
    '',
  ].join('\n');
  assertParses(src, 'new syntax');
  const names = topLevelNames(parsePython(src).body);
  for (const n of ['BEFORE', 'greeting', 'songs', 'AFTER', 'INSTALLED_APPS']) assert.ok(names.includes(n), `${n} missing from ${JSON.stringify(names)}`);
});

test('newer syntax in settings does not stop INSTALLED_APPS and ROOT_URLCONF from being read', () => {
  const settings = [
    'type Alias = list[str]',
    `NAME = f"{"proj"}"`,
    'INSTALLED_APPS = ["app"]',
    'match NAME:',
    '    case "x":',
    '        pass',
    'try:',
    '    import local',
    'except ImportError, OSError:',
    '    pass',
    'ROOT_URLCONF = "proj.urls"',
    '',
  ].join('\n');
  const files = {
    '/ws/manage.py': MANAGE,
    '/ws/proj/__init__.py': '',
    '/ws/proj/settings.py': settings,
    '/ws/proj/urls.py': 'from django.urls import path\nfrom app import views\nurlpatterns = [path("", views.home, name="home")]\n',
    '/ws/app/__init__.py': '',
    '/ws/app/views.py': 'def home(r): pass\n',
  };
  const ws = new Workspace(new MemoryFileSystem(files), '/ws', { envPaths: [], extraTemplateDirs: [] });
  const [p] = ws.index();
  assert.deepEqual(p.settings?.installedApps, ['app']);
  assert.equal(p.settings?.rootUrlconf, 'proj.urls');
  assert.deepEqual(p.urls?.entries.map((e) => e.qualifiedName), ['home']);
});
