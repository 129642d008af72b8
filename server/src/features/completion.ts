// Completion of Django names where one is expected: URL names, templates, libraries, tags, filters, blocks, static paths, models.

import { parser as pyParser } from '@lezer/python';
import { TreeFragment } from '@lezer/common';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { ParsedTemplate, TagUse, TemplateNode } from '../core/templates/parse';
import { nodeAt, splitContents, urlAt } from '../core/templates/parse';
import { BUILTIN_TAGS, DJANGO_LIBRARIES } from '../core/templates/builtins';
import { builtinFiltersIn, builtinTagsIn, inSeries } from '../core/templates/versions';
import { partialsSupported, projectDjango } from '../core/project/django-version';
import { partialNameItems } from './partials';
import type { PartialItem } from './partials';
import type { TagDef, TagLibrary } from '../core/project/taglibs';
import type { Stmt } from '../core/python/ast';
import { walkStmts } from '../core/python/ast';
import { listFiles } from '../core/templates/index';
import { djangoEngines, isDjangoTemplate, templateAncestors } from './uses';
import { staticDirs } from './static-files';
import { templateVariableCompletion } from './template-symbols';
import { injectedFailure } from './failure';

export type CompletionKind = 'url' | 'template' | 'library' | 'tag' | 'filter' | 'block' | 'static' | 'model' | 'param' | 'variable' | 'member';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label. */
  insertText?: string;
  /** The text the item replaces (the name typed so far); the cursor when absent. */
  replaceSpan?: Span;
}

export interface CompletionResult {
  items: CompletionItem[];
}

const NONE: CompletionResult = { items: [] };

/** Completions at `offset` in `file` (a template or a Python file of one of the workspace's projects). */
export function completion(ws: Workspace, file: string, offset: number): CompletionResult {
  const project = ws.projectFor(file);
  if (!project) return NONE;
  // A bug throws: the server's request guard logs it and answers no items, and tests see it.
  injectedFailure('completion');
  if (file.endsWith('.py')) return pythonCompletion(ws, project, file, offset);
  if (!isDjangoTemplate(project, file)) return NONE;
  const parsed = ws.template(file);
  return parsed ? templateCompletion(ws, project, file, parsed, offset) : NONE;
}

// ---- Templates --------------------------------------------------------------------------------

function templateCompletion(ws: Workspace, project: Project, file: string, parsed: ParsedTemplate, offset: number): CompletionResult {
  const node = nodeAt(parsed, offset);
  // Context variables and their attributes (issue 15) where a variable is expected: `{{ `, `{% if `, after a dot.
  if (!node) return { items: [...urlParamItems(project, parsed, offset), ...contextVariableItems(ws, file, offset)] };
  const span = node.span;
  const withSpan = (items: CompletionItem[]) => ({ items: items.map((i) => ({ ...i, replaceSpan: span })) });
  switch (node.kind) {
    case 'urlName':
      // An unquoted argument is a variable: no name to offer.
      return node.quoted ? withSpan(urlItems(project)) : NONE;
    case 'templateName': {
      if (!node.quoted) return NONE;
      // After '#': the partials of that template (Django 6.0+), replacing only what follows the '#'.
      const partials = partialNameItems(ws, project, node.prefix, node.templateTag);
      if (partials) return partialCompletion(partials, { start: node.span.start + node.prefix.indexOf('#') + 1, end: node.span.end });
      return withSpan(templateItems(project, true));
    }
    case 'partialName':
      // {% partial %} takes a partial of this very template; {% partialdef %} names a new one.
      if (node.tag.name === 'partialdef') return NONE;
      return withSpan(parsed.partials.map((p) => ({ label: p.name, kind: 'block' as const, detail: `{% partialdef ${p.name}${p.inline ? ' inline' : ''} %}` })));
    case 'staticPath':
      return node.quoted ? withSpan(staticItems(ws, project)) : NONE;
    case 'library':
      return withSpan(libraryItems(project));
    case 'loadName':
      return withSpan(libraryContents(project, node.library ?? '', undefined, true));
    case 'tagName':
      return node.tag.kind === 'tag' ? withSpan(tagItems(ws, project, parsed, offset, node)) : NONE;
    case 'filterName':
      return withSpan(filterItems(ws, project, parsed, offset));
    case 'blockName':
      return withSpan(blockItems(ws, project, file, parsed, node, offset));
  }
  return NONE;
}

/** Partial names (features/partials.ts) as items; there is no partial kind, and a partial is a named block of a template. */
function partialCompletion(partials: PartialItem[], replaceSpan: Span): CompletionResult {
  return { items: partials.map((p) => ({ label: p.name, kind: 'block' as const, detail: p.detail, replaceSpan })) };
}

/** Every named URL pattern, by the name reverse() takes (with namespaces), one item per name. */
export function urlItems(project: Project): CompletionItem[] {
  const seen = new Map<string, CompletionItem>();
  for (const e of project.urls?.entries ?? []) {
    if (e.qualifiedName === undefined || seen.has(e.qualifiedName)) continue;
    const view = e.node.view;
    seen.set(e.qualifiedName, {
      label: e.qualifiedName,
      kind: 'url',
      // Names Django generates (the admin's, a router's) say what generates them.
      detail: '/' + e.route + (e.node.generated ? `  (${e.node.generated})` : ''),
      documentation: view.kind === 'def' ? `${view.module}.${view.qualname}` : view.kind === 'external' ? view.qualname : undefined,
    });
  }
  return [...seen.values()];
}


/** Template names; template tags only see Django engines, Python's loader functions see every engine. */
function templateItems(project: Project, djangoOnly: boolean): CompletionItem[] {
  const engines = djangoOnly ? djangoEngines(project) : undefined;
  const out: CompletionItem[] = [];
  for (const [name, files] of project.templates.byName) {
    const f = files.find((x) => !engines || engines.has(x.engine));
    if (f) out.push({ label: name, kind: 'template', detail: f.app ? `${f.app}: ${f.file}` : f.file });
  }
  return out;
}

const MAX_STATIC_FILES = 5000;

/** Files the staticfiles finders would find: STATICFILES_DIRS first, then each app's `static/` folder. */
function staticItems(ws: Workspace, project: Project): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const { dir, prefix } of staticDirs(project)) {
    if (ws.fs.stat(dir) !== 'dir') continue;
    for (const rel of listFiles(ws.fs, dir, ws.options.exclude)) {
      const name = prefix ? prefix + '/' + rel : rel;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ label: name, kind: 'static', detail: dir + '/' + rel });
      if (out.length >= MAX_STATIC_FILES) return out;
    }
  }
  return out;
}

function libraryItems(project: Project): CompletionItem[] {
  return [...project.libraries.libraries.values()].map((lib) => ({ label: lib.name, kind: 'library' as const, detail: lib.module ?? lib.file }));
}

/** The tags and filters of one library: Django's own from the generated data, the project's from their modules. */
function libraryContents(project: Project, name: string, only: Set<string> | undefined, both: boolean, want?: 'tag' | 'filter', ws?: Workspace): CompletionItem[] {
  const out: CompletionItem[] = [];
  const lib: TagLibrary | undefined = project.libraries.libraries.get(name);
  const known = DJANGO_LIBRARIES[name];
  const ok = (n: string) => !only || only.has(n);
  if (known && (!lib || !lib.file || lib.module === known.module)) {
    // Only what the project's Django has: a name that came later or went earlier is not offered.
    const series = ws ? projectDjango(ws.fs, project, ws.root).series : undefined;
    const has = (n: string, info: { since?: string; removedIn?: string }) => ok(n) && (series === undefined || inSeries(info, series));
    if (both || want === 'tag') for (const [n, t] of Object.entries(known.tags)) if (has(n, t)) out.push({ label: n, kind: 'tag', detail: t.syntax + `  (${name})`, documentation: t.doc || undefined });
    if (both || want === 'filter') for (const [n, f] of Object.entries(known.filters)) if (has(n, f)) out.push({ label: n, kind: 'filter', detail: f.signature + `  (${name})`, documentation: f.doc || undefined });
    return out;
  }
  if (!lib) return out;
  // The project's own tags and filters are documented by their functions' docstrings.
  const doc = (d: TagDef) => (ws ? functionOf(ws, d)?.doc : undefined);
  if (both || want === 'tag') for (const [n, d] of lib.tags) if (ok(n)) out.push({ label: n, kind: 'tag', detail: `{% load ${name} %}`, documentation: doc(d) });
  if (both || want === 'filter') for (const [n, d] of lib.filters) if (ok(n)) out.push({ label: n, kind: 'filter', detail: `{% load ${name} %}`, documentation: doc(d) });
  return out;
}

/** Libraries in effect at `offset`: the engine's OPTIONS.builtins, then every `{% load %}` above the cursor. */
export function librariesInEffect(project: Project, parsed: ParsedTemplate, offset: number): { name: string; only?: Set<string> }[] {
  const out: { name: string; only?: Set<string> }[] = [];
  for (const eng of project.settings?.engines ?? []) {
    if (eng.kind !== 'django') continue;
    for (const m of eng.builtins) for (const lib of project.libraries.libraries.values()) if (lib.module === m) out.push({ name: lib.name });
  }
  for (const load of parsed.loads) {
    if (load.tagSpan.end > offset) continue;
    for (const l of load.libraries) out.push({ name: l.name, only: load.names ? new Set(load.names.map((n) => n.name)) : undefined });
  }
  return out;
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  // Later definitions win in Django (a library loaded later replaces a name), so keep the last one.
  const m = new Map<string, CompletionItem>();
  for (const i of items) m.set(i.kind + ':' + i.label, i);
  return [...m.values()];
}

function tagItems(ws: Workspace, project: Project, parsed: ParsedTemplate, offset: number, node: TemplateNode): CompletionItem[] {
  const series = projectDjango(ws.fs, project, ws.root).series;
  const items: CompletionItem[] = builtinTagsIn(series, partialsSupported(ws.fs, project)).map(([n, t]) => ({ label: n, kind: 'tag', detail: t.syntax, documentation: t.doc || undefined }));
  for (const l of librariesInEffect(project, parsed, offset)) items.push(...libraryContents(project, l.name, l.only, false, 'tag', ws));
  // The innermost block still open at the cursor: the intermediate tags it still accepts (`{% empty %}` in a for,
  // `{% elif %}`/`{% else %}` in an if) and its end tag, so `{% e` completes to them there and nowhere else.
  const open = openBlockAt(parsed, node.tag.span.start);
  if (open) {
    for (const t of open.next) items.push({ label: t, kind: 'tag', detail: `{% ${t} %}  (in {% ${open.name} %})` });
    items.push({ label: open.end, kind: 'tag', detail: `{% ${open.end} %}` });
  }
  return dedupe(items);
}

function filterItems(ws: Workspace, project: Project, parsed: ParsedTemplate, offset: number): CompletionItem[] {
  const items: CompletionItem[] = builtinFiltersIn(projectDjango(ws.fs, project, ws.root).series).map(([n, f]) => ({ label: n, kind: 'filter', detail: f.signature, documentation: f.doc || undefined }));
  for (const l of librariesInEffect(project, parsed, offset)) items.push(...libraryContents(project, l.name, l.only, false, 'filter', ws));
  return dedupe(items);
}

/** A block tag's end tags and intermediate tags, from Django's built-ins or its libraries. */
function blockTagInfo(name: string): { end: string[]; intermediates: string[] } | undefined {
  const t = BUILTIN_TAGS[name]?.end ? BUILTIN_TAGS[name] : Object.values(DJANGO_LIBRARIES).find((lib) => lib.tags[name]?.end)?.tags[name];
  return t?.end ? { end: t.end, intermediates: t.intermediates ?? [] } : undefined;
}

/**
 * The intermediate tags Django still accepts in a block after `seen` (undefined: none yet). Django's tags parse them
 * in their listed order, each once, except `elif` which repeats: `if` takes elif... then else, `for` empty,
 * `ifchanged` else; after the last one only the end tag. `plural` is accepted only by a blocktranslate with `count`
 * ("'blocktranslate' doesn't allow other block tags (seen 'plural') inside it" otherwise).
 */
function intermediatesAfter(parsed: ParsedTemplate, open: TagUse, all: string[], seen: string | undefined): string[] {
  const from = seen === undefined ? 0 : all.indexOf(seen) + (seen === 'elif' ? 0 : 1);
  let next = all.slice(from);
  if (next.includes('plural') && !splitContents(parsed.text, open.tagSpan.start + 2, open.tagSpan.end - 2).some((b) => b.text === 'count')) next = next.filter((t) => t !== 'plural');
  return next;
}

/**
 * The innermost block tag opened before `pos` and not yet closed: its name, the end tag Django expects, and the
 * intermediate tags it still accepts.
 */
function openBlockAt(parsed: ParsedTemplate, pos: number): { name: string; end: string; next: string[] } | undefined {
  const stack: { tag: TagUse; end: string[]; intermediates: string[]; next: string[] }[] = [];
  for (const t of parsed.tags) {
    if (t.tagSpan.start >= pos) break;
    if (t.consumedBy) {
      const top = stack[stack.length - 1];
      if (top && top.intermediates.includes(t.name)) {
        top.next = intermediatesAfter(parsed, top.tag, top.intermediates, t.name);
        continue;
      }
      // An end tag closes its block, and with it the blocks left open inside (the parse reports those).
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i].end.includes(t.name)) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    const info = blockTagInfo(t.name);
    if (info) stack.push({ tag: t, ...info, next: intermediatesAfter(parsed, t, info.intermediates, undefined) });
  }
  const top = stack[stack.length - 1];
  return top && { name: top.tag.name, end: top.end[0], next: top.next };
}

/** `{% block %}` offers the blocks of the templates this one extends; `{% endblock %}` the block it closes. */
function blockItems(ws: Workspace, project: Project, file: string, parsed: ParsedTemplate, node: TemplateNode, offset: number): CompletionItem[] {
  if (node.tag.name === 'endblock') {
    let open: string | undefined;
    // The innermost block opened before this tag and not closed by an earlier one.
    for (const b of parsed.blocks) if (b.tagSpan.end <= node.tag.span.start && (!b.endSpan || b.endSpan.start >= node.tag.span.start)) open = b.name;
    return open ? [{ label: open, kind: 'block' }] : [];
  }
  const own = new Set(parsed.blocks.filter((b) => b.nameSpan.start !== node.span.start).map((b) => b.name));
  const out = new Map<string, CompletionItem>();
  // Every ancestor's blocks can be overridden here.
  for (const a of templateAncestors(ws, project, file)) {
    for (const b of a.parsed.blocks) {
      if (!b.name || own.has(b.name) || out.has(b.name)) continue;
      out.set(b.name, { label: b.name, kind: 'block', detail: a.name });
    }
  }
  return [...out.values()];
}

/**
 * After the name in `{% url 'name' `: the keyword parameters of the patterns registered under that name. The tag is
 * read by urlAt, the parse's one reader of url-tag arguments, so comments, verbatim bodies, open strings, `name=`
 * without a value and `as var` count here as they do for diagnostics and navigation.
 */
function urlParamItems(project: Project, parsed: ParsedTemplate, offset: number): CompletionItem[] {
  const url = urlAt(parsed, offset);
  if (!url || url.name === undefined) return [];
  const bits = url.bits;
  if (!bits[1] || bits[1].span.end >= offset) return [];
  const cur = bits.find((b) => b.span.start <= offset && offset <= b.span.end);
  // Only at the start of an argument or inside a bare word; not inside a value or a string.
  if (cur && !/^[\p{L}\p{N}_]*$/u.test(parsed.text.slice(cur.span.start, offset))) return [];
  // Django reads `as var` only as the last two bits: the variable, or what follows it, takes no parameter.
  const before = bits.filter((b) => b.span.end < (cur ? cur.span.start : offset));
  if (before[before.length - 1]?.text === 'as' || (url.asVarSpan && url.asVarSpan.start < offset)) return [];
  const given = new Set(url.kwargs.map((k) => k.name));
  const replace = cur ? { start: cur.span.start, end: cur.span.start + /^[\p{L}\p{N}_]*/u.exec(cur.text)![0].length } : { start: offset, end: offset };
  return paramItems(project, url.name, given, replace);
}

function paramItems(project: Project, name: string, given: Set<string>, replaceSpan: Span): CompletionItem[] {
  const out = new Map<string, CompletionItem>();
  for (const e of project.urls?.entries ?? []) {
    if (e.qualifiedName !== name || e.candidate.forms === 'unknown') continue;
    for (const form of e.candidate.forms) {
      for (const p of form) {
        // Unnamed regex groups (_0, _1...) are positional only.
        if (/^_\d+$/.test(p) || given.has(p) || out.has(p)) continue;
        out.set(p, { label: p + '=', kind: 'param', detail: '/' + e.route, insertText: p + '=', replaceSpan });
      }
    }
  }
  return [...out.values()];
}

// ---- Python ------------------------------------------------------------------------------------

/** A string literal under the cursor in Python source, and what it is an argument or value of. */
export interface PyStringAt {
  /** The string's contents (without prefix and quotes); for an unterminated string, up to the end of the line. */
  span: Span;
  value: string;
  prefix: string;
  /** The called function's last name (`reverse` for `urls.reverse(...)`), when the string is a call argument. */
  callee?: string;
  /** Index among positional arguments, or the keyword. */
  argIndex?: number;
  keyword?: string;
  /** The assigned name, for `template_name = "..."`. */
  target?: string;
}

/** How Python trees were obtained, and how many characters were parsed from scratch (tests check these rather than time). */
export const pythonTreeStats = { full: 0, incremental: 0, reused: 0, parsedChars: 0 };

interface LastTree {
  text: string;
  tree: Tree;
}

/**
 * The last tree of each of the few files completion was asked in lately. Parsing the whole file on every request
 * took 22-32 ms on a 90 KB test module of pretalx (issue 14); the same text reuses its tree, an edited text is
 * re-parsed incrementally from the old one (Lezer reuses what lies outside the changed range), which is what
 * typing in the editor does between two completions.
 */
const lastTrees = new Map<string, LastTree>();
const MAX_TREES = 8;

function pythonTree(text: string, key: string | undefined): Tree {
  if (key === undefined) {
    pythonTreeStats.full++;
    pythonTreeStats.parsedChars += text.length;
    return pyParser.parse(text);
  }
  const last = lastTrees.get(key);
  let tree: Tree;
  if (last && last.text === text) {
    pythonTreeStats.reused++;
    tree = last.tree;
  } else if (last) {
    // One changed range: what lies between the common prefix and the common suffix of the old and new text.
    const a = last.text;
    const max = Math.min(a.length, text.length);
    let pre = 0;
    while (pre < max && a.charCodeAt(pre) === text.charCodeAt(pre)) pre++;
    let suf = 0;
    while (suf < max - pre && a.charCodeAt(a.length - 1 - suf) === text.charCodeAt(text.length - 1 - suf)) suf++;
    const fragments = TreeFragment.applyChanges(TreeFragment.addTree(last.tree), [{ fromA: pre, toA: a.length - suf, fromB: pre, toB: text.length - suf }]);
    pythonTreeStats.incremental++;
    tree = pyParser.parse(text, fragments);
  } else {
    pythonTreeStats.full++;
    pythonTreeStats.parsedChars += text.length;
    tree = pyParser.parse(text);
  }
  // Most recently used last, so the first key is the one to drop.
  lastTrees.delete(key);
  lastTrees.set(key, { text, tree });
  if (lastTrees.size > MAX_TREES) lastTrees.delete(lastTrees.keys().next().value!);
  return tree;
}

/**
 * Finds the string at `offset` with Lezer, which closes an unterminated string at the end of its line. `key` (the
 * file's path) lets the tree of the file's previous text be reused.
 */
export function pythonStringAt(text: string, offset: number, key?: string): PyStringAt | undefined {
  // Completion runs on every space typed: without a quote earlier on the line no name can be under the cursor, so skip the parse.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (!/['"]/.test(text.slice(lineStart, offset))) return undefined;
  // Only the top-level statement around the cursor is parsed: a whole 90 KB test module took 20-30 ms (issue 14).
  const [from, to] = statementWindow(text, lineStart, offset);
  const sub = from === 0 && to === text.length ? text : text.slice(from, to);
  const out = stringIn(sub, offset - from, pythonTree(sub, key));
  if (out && from) out.span = { start: out.span.start + from, end: out.span.end + from };
  return out;
}

/** A line that starts a top-level `def`, `class` or decorated statement after a blank line (PEP 8's separation). */
function startsTopLevel(text: string, i: number): boolean {
  if (!(text.startsWith('def ', i) || text.startsWith('class ', i) || text.startsWith('async def ', i) || text.charCodeAt(i) === 64 /* @ */)) return false;
  if (i === 0) return true;
  const prev = text.slice(text.lastIndexOf('\n', i - 2) + 1, i - 1);
  return /^[ \t\r]*$/.test(prev);
}

/** Comments and string literals, triple-quoted ones first; an unterminated triple-quoted string runs to the end, as in Python. */
const STRING_OR_COMMENT = /#[^\n]*|"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g;

/** Whether a comment or string of `text` spans over one of the (line-start) positions. */
function insideLiteral(text: string, positions: number[]): boolean {
  const last = Math.max(...positions);
  const re = new RegExp(STRING_OR_COMMENT.source, 'g');
  for (let m = re.exec(text); m && m.index < last; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (positions.some((p) => m!.index < p && p < end)) return true;
  }
  return false;
}

/**
 * The text range of the top-level statements around `offset`: from the last line at or above it that starts a
 * top-level `def`/`class`/decorator after a blank line, to the next such line below it. Lezer is in its initial
 * state at such a line, so the window parses the cursor's statement as the whole file does. A boundary inside a
 * string (a docstring with an unindented `def` after a blank line) falls back to the whole file.
 */
function statementWindow(text: string, lineStart: number, offset: number): [number, number] {
  let from = lineStart;
  // (From 1, the line above is the empty one at 0: lastIndexOf would find that newline again.)
  while (from > 0 && !startsTopLevel(text, from)) from = from >= 2 ? text.lastIndexOf('\n', from - 2) + 1 : 0;
  let to = text.length;
  for (let e = text.indexOf('\n', offset); e >= 0; e = text.indexOf('\n', e + 1)) {
    if (startsTopLevel(text, e + 1)) {
      to = e + 1;
      break;
    }
  }
  if ((from > 0 || to < text.length) && insideLiteral(text, [from, to])) return [0, text.length];
  return [from, to];
}

/** The string at `offset` in a parsed text, with the call or assignment it is in. */
function stringIn(text: string, offset: number, tree: Tree): PyStringAt | undefined {
  let node: SyntaxNode | null = tree.resolveInner(offset, -1);
  while (node && node.name !== 'String' && node.name !== 'FormatString') {
    if (node.name === 'Script' || node.name === 'Body') return undefined;
    node = node.parent;
  }
  if (!node || node.name !== 'String') return undefined;
  const src = text.slice(node.from, node.to);
  const m = /^([rRuU]?)('''|"""|'|")/.exec(src);
  // Byte strings and f-strings never name a URL, template or model.
  if (!m) return undefined;
  const q = m[2];
  const start = node.from + m[0].length;
  const closed = src.length >= m[0].length + q.length && src.endsWith(q) && !src.endsWith('\\' + q);
  let end = closed ? node.to - q.length : node.to;
  if (offset < start || offset > end) return undefined;
  // An unterminated string runs to the end of the line; only the name being typed is replaced.
  if (!closed) end = offset + /^[^\s'"(),]*/.exec(text.slice(offset, end))![0].length;
  const out: PyStringAt = { span: { start, end }, value: text.slice(start, end), prefix: text.slice(start, offset) };
  const parent = node.parent;
  if (parent?.name === 'ArgList' && parent.parent?.name === 'CallExpression') {
    const callee = parent.parent.firstChild;
    if (callee) out.callee = callee.name === 'MemberExpression' ? callee.lastChild?.name === 'PropertyName' ? text.slice(callee.lastChild.from, callee.lastChild.to) : undefined : text.slice(callee.from, callee.to);
    const prev = node.prevSibling;
    if (prev?.name === 'AssignOp' && prev.prevSibling?.name === 'VariableName') out.keyword = text.slice(prev.prevSibling.from, prev.prevSibling.to);
    else {
      // Count the positional arguments before this one: commas at the top level of the argument list.
      let idx = 0;
      for (let c = parent.firstChild; c && c.from < node.from; c = c.nextSibling) if (c.name === ',') idx++;
      out.argIndex = idx;
    }
  } else if (parent?.name === 'AssignStatement') {
    const first = parent.firstChild;
    if (first?.name === 'VariableName' && first.to < node.from) out.target = text.slice(first.from, first.to);
  }
  return out;
}

const URL_FUNCS: Record<string, string> = { reverse: 'viewname', reverse_lazy: 'viewname', redirect: 'to', resolve_url: 'to' };
const TEMPLATE_FUNCS: Record<string, number> = { render: 1, render_to_response: 0, render_to_string: 0, get_template: 0, select_template: 0, TemplateResponse: 1, SimpleTemplateResponse: 0 };
const RELATION_FIELDS = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField', 'ParentalKey', 'TreeForeignKey']);

type PyContext = 'url' | 'template' | 'model';

/** What kind of name a Python string is expected to hold, judged by the call or assignment it is in. */
function pythonContext(s: PyStringAt): PyContext | undefined {
  const c = s.callee;
  if (c && URL_FUNCS[c] !== undefined && (s.argIndex === 0 || s.keyword === URL_FUNCS[c])) return 'url';
  if (c && TEMPLATE_FUNCS[c] !== undefined && (s.argIndex === TEMPLATE_FUNCS[c] || s.keyword === 'template_name')) return 'template';
  if (c && s.keyword === 'template_name') return 'template';
  if (c && RELATION_FIELDS.has(c) && (s.argIndex === 0 || s.keyword === 'to')) return 'model';
  if (s.target !== undefined && /(^|_)template_name$/.test(s.target)) return 'template';
  return undefined;
}

function pythonCompletion(ws: Workspace, project: Project, file: string, offset: number): CompletionResult {
  const text = ws.fs.readFile(file);
  if (text === undefined) return NONE;
  const s = pythonStringAt(text, offset, file);
  if (!s) return NONE;
  const ctx = pythonContext(s);
  let items: CompletionItem[];
  if (ctx === 'url') items = urlItems(project);
  else if (ctx === 'template') {
    const partials = partialNameItems(ws, project, text.slice(s.span.start, offset));
    if (partials) return partialCompletion(partials, { start: s.span.start + text.slice(s.span.start, offset).indexOf('#') + 1, end: s.span.end });
    items = templateItems(project, false);
  }
  else if (ctx === 'model') items = project.models.filter((m) => !m.abstract).map((m) => ({ label: `${m.appLabel}.${m.name}`, kind: 'model' as const, detail: m.file }));
  else return NONE;
  return { items: items.map((i) => ({ ...i, replaceSpan: s.span })) };
}

// ---- Tag and filter functions --------------------------------------------------------------------

/** The function a tag or filter is registered from (its `def` name span is the definition's span): parameters and docstring. */
export function functionOf(ws: Workspace, def: TagDef): { params: string[]; doc?: string } | undefined {
  if (!def.file || !def.span) return undefined;
  const mod = ws.cache.getPython(def.file)?.module;
  if (!mod) return undefined;
  let found: (Stmt & { kind: 'def' }) | undefined;
  walkStmts(mod.body, (s) => {
    if (!found && s.kind === 'def' && s.nameSpan.start === def.span!.start) found = s;
  });
  if (!found) return undefined;
  const first = found.body[0];
  const doc = first?.kind === 'expr' && first.value.kind === 'str' ? cleanDoc(first.value.value) : undefined;
  return { params: found.params, doc };
}

/** A docstring without its common indentation (as inspect.cleandoc does). */
function cleanDoc(doc: string): string {
  const lines = doc.split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const indent = rest.length ? Math.min(...rest.map((l) => /^\s*/.exec(l)![0].length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(indent))].join('\n').trim();
}

// ---- Template context (issue 15) ---------------------------------------------------------------------

/** Variables in scope, or members of the value before the dot, from the shared template-symbols query. */
function contextVariableItems(ws: Workspace, file: string, offset: number): CompletionItem[] {
  return (templateVariableCompletion(ws, file, offset) ?? []).map((c) => ({ label: c.label, kind: c.kind, detail: c.detail, documentation: c.documentation, replaceSpan: c.replaceSpan }));
}
