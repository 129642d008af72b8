// Fixture projects written as one text (rust-analyzer style) with cursor and expected-range markers, and one checker per feature.
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import type { Span } from '../../server/src/core/text';
import { LineIndex } from '../../server/src/core/text';
import { definition } from '../../server/src/features/definition';

/*
 * Syntax:
 *   //- /path/to/file.py     starts a file; the path is under the workspace root (/ws), except paths
 *                            under /env/, which stay where they are and form the environment (sys.path /env)
 *   $0                       the cursor (exactly one, in any file, or none for fixtures that need none)
 *   <| ... |>                an expected range (any number, in any file, in the order they appear)
 *   <|2: ... |>              a ranked range, for when the expected order is not the order of appearance
 *                            (rank all ranges or none)
 *   <||>                     at a file's very start: the whole file (an empty range at offset 0)
 * Headers may be indented. Each file's text is dedented on its own and, when not empty, ends with one
 * newline as real files do.
 */

export const FIXTURE_ROOT = '/ws';
export const FIXTURE_ENV = '/env';

export interface FixtureLocation {
  file: string;
  span: Span;
}

export interface ParsedFixture {
  /** Absolute path → text with the markers removed. */
  files: Record<string, string>;
  /** Where `$0` was; undefined when the fixture has no cursor. */
  cursor?: { file: string; offset: number };
  /** The `<|...|>` ranges, in the order they appear in the fixture text. */
  ranges: FixtureLocation[];
}

/**
 * Removes the common indentation of the non-blank lines and trailing blank lines. Each file is dedented on
 * its own, so fixtures can be indented like the code around them and built by joining pieces indented
 * differently.
 */
export function trimIndent(text: string): string {
  const lines = text.split('\n');
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  let min = Infinity;
  for (const l of lines) {
    if (!l.trim()) continue;
    min = Math.min(min, /^ */.exec(l)![0].length);
  }
  if (min === Infinity) min = 0;
  return lines.map((l) => l.slice(Math.min(min, /^ */.exec(l)![0].length))).join('\n');
}

/** Maps a header path to an absolute path: environment paths stay put, everything else goes under the root. */
function fixturePath(header: string): string {
  const p = header.startsWith('/') ? header : '/' + header;
  if (p === FIXTURE_ENV || p.startsWith(FIXTURE_ENV + '/') || p.startsWith(FIXTURE_ROOT + '/')) return p;
  return FIXTURE_ROOT + p;
}

/** Splits a fixture into files and strips its markers, recording where they were (in the stripped text). */
export function parseFixture(text: string): ParsedFixture {
  const out: ParsedFixture = { files: {}, ranges: [] };
  const chunks: { path: string; body: string }[] = [];
  let current: { path: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*\/\/-\s+(\S+)\s*$/.exec(line);
    if (m) {
      if (current) chunks.push({ path: current.path, body: current.lines.join('\n') });
      current = { path: fixturePath(m[1]), lines: [] };
      continue;
    }
    if (!current) {
      if (line.trim()) throw new Error(`fixture text before the first "//- /path" header: ${JSON.stringify(line)}`);
      continue;
    }
    current.lines.push(line);
  }
  if (current) chunks.push({ path: current.path, body: current.lines.join('\n') });
  if (!chunks.length) throw new Error('fixture has no "//- /path" header');

  // Ranges across all files: appearance order, or the rank written as `<|2:` when order must differ from it.
  const all: { file: string; start: number; end: number; appearance: number; rank?: number }[] = [];
  for (const chunk of chunks) {
    const path = chunk.path;
    const dedented = trimIndent(chunk.body);
    const body = dedented ? dedented + '\n' : '';
    if (path in out.files) throw new Error(`fixture file ${path} given twice`);
    let stripped = '';
    const open: { start: number; appearance: number; rank?: number }[] = [];
    for (let i = 0; i < body.length; ) {
      if (body.startsWith('$0', i)) {
        if (out.cursor) throw new Error('fixture has more than one $0');
        out.cursor = { file: path, offset: stripped.length };
        i += 2;
      } else if (body.startsWith('<|', i)) {
        const rank = /^(\d+):/.exec(body.slice(i + 2, i + 8));
        open.push({ start: stripped.length, appearance: all.length + open.length, rank: rank ? Number(rank[1]) : undefined });
        i += 2 + (rank ? rank[0].length : 0);
      } else if (body.startsWith('|>', i) && open.length) {
        const o = open.pop()!;
        all.push({ file: path, start: o.start, end: stripped.length, appearance: o.appearance, rank: o.rank });
        i += 2;
      } else {
        stripped += body[i];
        i++;
      }
    }
    if (open.length) throw new Error(`fixture file ${path} has an unclosed <|`);
    out.files[path] = stripped;
  }
  const ranked = all.filter((r) => r.rank !== undefined).length;
  if (ranked && ranked !== all.length) throw new Error('fixture ranges must be all ranked (<|1:...|>) or none');
  all.sort((x, y) => (x.rank ?? x.appearance) - (y.rank ?? y.appearance) || x.appearance - y.appearance);
  for (const r of all) out.ranges.push({ file: r.file, span: { start: r.start, end: r.end } });
  return out;
}

export interface FixtureWorkspace {
  ws: Workspace;
  fs: MemoryFileSystem;
  files: Record<string, string>;
  cursor: { file: string; offset: number };
  /** Whether the fixture wrote a `$0` (otherwise `cursor` is the start of the first file). */
  hasCursor: boolean;
  ranges: FixtureLocation[];
}

/** Builds an indexed workspace rooted at /ws from a fixture (with /env as the environment when the fixture has files there). */
export function fixtureWorkspace(text: string, opts: { extraTemplateDirs?: string[] } = {}): FixtureWorkspace {
  const parsed = parseFixture(text);
  const fs = new MemoryFileSystem(parsed.files);
  const hasEnv = Object.keys(parsed.files).some((p) => p.startsWith(FIXTURE_ENV + '/'));
  const ws = new Workspace(fs, FIXTURE_ROOT, { envPaths: hasEnv ? [FIXTURE_ENV] : [], extraTemplateDirs: opts.extraTemplateDirs ?? [] });
  ws.index();
  // Features that need no cursor still get one, at the start of the first file, so callers need not check.
  const cursor = parsed.cursor ?? { file: Object.keys(parsed.files)[0], offset: 0 };
  return { ws, fs, files: parsed.files, cursor, hasCursor: parsed.cursor !== undefined, ranges: parsed.ranges };
}

/**
 * Renders a location as "file line:col-line:col `text`", so that a failed comparison shows where each
 * range is and what it covers instead of bare offsets.
 */
export function showLocation(files: Record<string, string>, loc: FixtureLocation, read?: (file: string) => string | undefined): string {
  const text = files[loc.file] ?? read?.(loc.file);
  if (text === undefined) return `${loc.file} @${loc.span.start}-${loc.span.end} (file not in fixture)`;
  const li = new LineIndex(text);
  const a = li.position(loc.span.start);
  const b = li.position(loc.span.end);
  const body = text.slice(loc.span.start, loc.span.end);
  const shown = body.length > 60 ? body.slice(0, 57) + '...' : body;
  return `${loc.file} ${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${JSON.stringify(shown)}`;
}

/** Asserts that go-to-definition at `$0` gives exactly the `<|...|>` ranges, in order; features have no safety net of their own, so a bug fails loudly. */
export function checkDefinition(text: string): void {
  const fx = fixtureWorkspace(text);
  assert.ok(fx.hasCursor, 'a definition fixture needs a $0 cursor');
  const got = definition(fx.ws, fx.cursor.file, fx.cursor.offset);
  const read = (f: string) => fx.fs.readFile(f);
  assert.deepEqual(
    got.map((l) => showLocation(fx.files, l, read)),
    fx.ranges.map((l) => showLocation(fx.files, l, read)),
  );
}

/** A text with edits applied (spans of the original text, applied from the end so earlier offsets stay valid), as an editor applies a workspace edit to one file. */
export function applyEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** A project "mysite" with one app "polls" included under "polls/", as real Django 3.2 ran it (rename and New App cases). */
export const ONE_APP = `
//- /manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
//- /mysite/__init__.py
//- /mysite/settings.py
INSTALLED_APPS = ["polls"]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
//- /mysite/urls.py
from django.urls import include, path
urlpatterns = [path("polls/", include("polls.urls"))]
//- /polls/__init__.py
`;
