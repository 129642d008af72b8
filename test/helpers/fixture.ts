// Fixture projects written as one text (rust-analyzer style) with cursor and expected-range markers, and one checker per feature.
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import { Workspace } from '../../server/src/core/workspace';
import type { Span } from '../../server/src/core/text';
import { LineIndex } from '../../server/src/core/text';
import { definition } from '../../server/src/features/definition';
import { hover } from '../../server/src/features/hover';
import { completion } from '../../server/src/features/completion';
import type { CompletionItem, CompletionKind } from '../../server/src/features/completion';
import { hoverMarkdown } from '../../server/src/lsp/context';
import { checkGolden } from './golden';

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

/** The line of the cursor with `$0` put back, to say in a failure which fixture failed. */
function cursorLine(fx: FixtureWorkspace): string {
  const text = fx.files[fx.cursor.file];
  const start = text.lastIndexOf('\n', fx.cursor.offset - 1) + 1;
  const end = text.indexOf('\n', fx.cursor.offset);
  return `${fx.cursor.file}: ${text.slice(start, fx.cursor.offset)}$0${text.slice(fx.cursor.offset, end < 0 ? text.length : end)}`;
}

/** What a hover must be; `null` in `checkHover` says there is none. */
export interface HoverExpectation {
  /** The text the hover is about (its span). */
  hovered?: string;
  /** Parts its Markdown contains. */
  has?: string[];
  /** Parts its Markdown does not contain. */
  lacks?: string[];
  /** Its whole Markdown is test/golden/hover/<golden>.md. */
  golden?: string;
}

/**
 * Asserts the hover at `$0`, its Markdown as the editor receives it (links filled with file URIs by the LSP
 * layer), or that there is none when `expected` is null.
 */
export function checkHover(text: string, expected: HoverExpectation | null): void {
  const fx = fixtureWorkspace(text);
  assert.ok(fx.hasCursor, 'a hover fixture needs a $0 cursor');
  const h = hover(fx.ws, fx.cursor.file, fx.cursor.offset);
  const where = cursorLine(fx);
  if (expected === null) {
    assert.equal(h, undefined, `expected no hover at ${where}, got:\n${h && hoverMarkdown(h.contents)}`);
    return;
  }
  assert.ok(Object.values(expected).some((v) => v !== undefined), 'a hover expectation must expect something');
  assert.ok(h, `expected a hover at ${where}`);
  const md = hoverMarkdown(h.contents);
  if (expected.hovered !== undefined) assert.equal(fx.files[fx.cursor.file].slice(h.span.start, h.span.end), expected.hovered, `the text hovered at ${where}`);
  for (const p of expected.has ?? []) assert.ok(md.includes(p), `hover at ${where} lacks ${JSON.stringify(p)}:\n${md}`);
  for (const p of expected.lacks ?? []) assert.ok(!md.includes(p), `hover at ${where} has ${JSON.stringify(p)}:\n${md}`);
  if (expected.golden !== undefined) checkGolden('hover', expected.golden, md);
}

/** What a completion list must be. */
export interface CompletionExpectation {
  /** Exactly these labels, in any order. */
  labels?: string[];
  /** Labels it offers (among others). */
  has?: string[];
  /** Labels it does not offer. */
  lacks?: string[];
  /** The distinct texts the items replace (`<none>` for an item inserted at the cursor). */
  replaced?: string[];
  /** The kind of every item. */
  kind?: CompletionKind;
  /** Fields of the (first) item of each label. */
  items?: Record<string, Partial<Pick<CompletionItem, 'kind' | 'detail' | 'documentation' | 'insertText'>>>;
  /** The whole list, rendered by `completionMarkdown`, is test/golden/completion/<golden>.md. */
  golden?: string;
}

/** Asserts the completion list at `$0`. */
export function checkCompletion(text: string, expected: CompletionExpectation): void {
  assert.ok(Object.values(expected).some((v) => v !== undefined), 'a completion expectation must expect something');
  const fx = fixtureWorkspace(text);
  assert.ok(fx.hasCursor, 'a completion fixture needs a $0 cursor');
  const items = completion(fx.ws, fx.cursor.file, fx.cursor.offset).items;
  const where = cursorLine(fx);
  const labels = items.map((i) => i.label);
  if (expected.labels) assert.deepEqual([...labels].sort(), [...expected.labels].sort(), `the labels offered at ${where}`);
  for (const l of expected.has ?? []) assert.ok(labels.includes(l), `${JSON.stringify(l)} is not offered at ${where}`);
  for (const l of expected.lacks ?? []) assert.ok(!labels.includes(l), `${JSON.stringify(l)} is offered at ${where}`);
  if (expected.replaced) assert.deepEqual(replacedTexts(fx.files[fx.cursor.file], items), expected.replaced, `the text replaced at ${where}`);
  if (expected.kind) assert.deepEqual(items.filter((i) => i.kind !== expected.kind).map((i) => `${i.label}: ${i.kind}`), [], `items at ${where} not of kind ${expected.kind}`);
  for (const [label, fields] of Object.entries(expected.items ?? {})) {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `${JSON.stringify(label)} is not offered at ${where}`);
    for (const [k, v] of Object.entries(fields)) assert.equal(item[k as keyof typeof fields], v, `${k} of ${JSON.stringify(label)} at ${where}`);
  }
  if (expected.golden !== undefined) checkGolden('completion', expected.golden, completionMarkdown(where, fx.files[fx.cursor.file], items));
}

/** The distinct texts that items replace, in the order first seen. */
function replacedTexts(text: string, items: readonly CompletionItem[]): string[] {
  return [...new Set(items.map((i) => (i.replaceSpan ? text.slice(i.replaceSpan.start, i.replaceSpan.end) : '<none>')))];
}

/** A completion list as a Markdown table for a person to read: label, kind, detail (and what is inserted when it is not the label), in the server's order. */
function completionMarkdown(where: string, text: string, items: readonly CompletionItem[]): string {
  // A code span that holds any text: fenced by more backticks than it contains, pipes escaped for the table.
  const code = (s: string) => {
    const ticks = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((t) => t.length)) + 1);
    const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
    return ticks + pad + s.replace(/\|/g, '\\|') + pad + ticks;
  };
  const replaced = replacedTexts(text, items).map((r) => (r === '<none>' ? 'nothing (inserted at the cursor)' : r ? code(r) : 'the empty text at the cursor'));
  const out = [`# Completion at ${code(where)}`, '', `${items.length} item${items.length === 1 ? '' : 's'}, replacing ${replaced.join(' or ') || 'nothing'}.`, ''];
  if (!items.length) return out.join('\n').trimEnd();
  const inserts = items.some((i) => i.insertText !== undefined && i.insertText !== i.label);
  out.push(inserts ? '| label | kind | detail | inserts |' : '| label | kind | detail |', inserts ? '|---|---|---|---|' : '|---|---|---|');
  for (const i of items) out.push(`| ${code(i.label)} | ${i.kind} | ${i.detail === undefined ? '' : code(i.detail)} |${inserts ? ` ${code(i.insertText ?? i.label)} |` : ''}`);
  return out.join('\n');
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
