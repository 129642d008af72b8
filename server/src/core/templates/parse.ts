// Reads what matters in a Django template (extends, include, block, url, load, static, tag and filter names) and never throws.
import type { Span } from '../text';
import { scanTemplate, type TemplateToken } from './lexer';
import type { Bit } from './tag-args';
import { codeTokens, findFilters, KWARG_RE, splitContents, splitWords, stringLiteral } from './tag-args';
import { BUILTIN_TAGS, DJANGO_LIBRARIES } from './builtins';

// The tokenizers live in tag-args.ts; features and the context scan import these two from here.
export { splitContents, stringLiteral } from './tag-args';

/** `{% extends %}` or `{% include %}`: the template name when it is a string literal. */
export interface TemplateRef {
  tag: 'extends' | 'include';
  /** The name, unescaped as Django does; undefined when it is a variable or another expression. */
  name?: string;
  /** The string's contents without quotes; for an expression the whole argument; empty when missing. */
  nameSpan: Span;
  tagSpan: Span;
  /** The name starts with "./" or "../": Django resolves it against the including template's name. */
  relative: boolean;
}

export interface BlockRecord {
  name: string;
  nameSpan: Span;
  tagSpan: Span;
  /** The matching `{% endblock %}`, when there is one. */
  endSpan?: Span;
  /** The name written in `{% endblock name %}`, when given. */
  endNameSpan?: Span;
}

/** `{% partialdef name [inline] %}...{% endpartialdef [name] %}` (Django 6.0, or django-template-partials). */
export interface PartialDefRecord {
  /** The name as written (Django takes the bit as it is, quotes included). */
  name: string;
  nameSpan: Span;
  tagSpan: Span;
  inline: boolean;
  /** The matching `{% endpartialdef %}`, when there is one. */
  endSpan?: Span;
  /** The name written in `{% endpartialdef name %}`, when given. */
  endNameSpan?: Span;
}

/** `{% partial name %}`: renders a partial defined in the same template (anywhere in it, before or after). */
export interface PartialUseRecord {
  name: string;
  nameSpan: Span;
  tagSpan: Span;
}

export interface UrlRecord {
  /** The URL pattern name when it is a string literal (it may contain a namespace, "app:name"). */
  name?: string;
  nameSpan: Span;
  tagSpan: Span;
  /** How many positional arguments follow the name. */
  args: number;
  /** Keyword arguments, by name, in order. */
  kwargs: { name: string; span: Span }[];
  /** `{% url ... as var %}`: Django then stores the URL (or '' on failure) instead of raising. */
  asVar?: string;
  asVarSpan?: Span;
  /** Every bit of the tag as split_contents() cuts it, `url` first: the cursor query reads these instead of splitting the tag again. */
  bits: Bit[];
}

export interface LoadRecord {
  tagSpan: Span;
  /** The libraries loaded: every argument, or the one after `from`. */
  libraries: { name: string; span: Span }[];
  /** In `{% load a b from lib %}`, the tag or filter names taken from `lib`. */
  names?: { name: string; span: Span }[];
}

export interface StaticRecord {
  path?: string;
  pathSpan: Span;
  tagSpan: Span;
  asVar?: string;
}

export interface TagUse {
  name: string;
  span: Span;
  tagSpan: Span;
  /**
   * Set when the tag is the end or an intermediate tag (endif, else, empty, plural, ...) of an open
   * built-in block tag: it is then not a tag of its own, and needs no library.
   */
  consumedBy?: string;
}

export interface FilterUse {
  name: string;
  span: Span;
  /** The tag the filter is written in, or undefined inside `{{ }}`. */
  tag?: string;
}

export type TemplateErrorCode =
  | 'stray-delimiter' // `{%`, `{{` or `{#` not closed on its line: Django renders it as text.
  | 'empty-tag'
  | 'unclosed-tag' // a block tag (block, if, comment, verbatim, ...) without its end tag
  | 'unexpected-end' // an end tag that does not close the innermost open tag
  | 'duplicate-block'
  | 'extends-position'
  | 'tag-syntax'; // wrong arguments to a tag Django checks at parse time

export interface TemplateError {
  code: TemplateErrorCode;
  message: string;
  span: Span;
  /** 'warning' for what Django accepts but is almost surely a mistake; 'error' for what Django rejects. */
  severity: 'error' | 'warning';
}

export interface ParsedTemplate {
  text: string;
  tokens: TemplateToken[];
  /** The first `{% extends %}`. */
  extends?: TemplateRef;
  includes: TemplateRef[];
  blocks: BlockRecord[];
  partials: PartialDefRecord[];
  partialUses: PartialUseRecord[];
  urls: UrlRecord[];
  loads: LoadRecord[];
  statics: StaticRecord[];
  tags: TagUse[];
  filters: FilterUse[];
  errors: TemplateError[];
}

interface OpenTag {
  token: TemplateToken;
  ends: string[];
  intermediates: string[];
  block?: BlockRecord;
  partial?: PartialDefRecord;
}

/**
 * The stack of open block tags, with an index from each end-tag name to the stack positions of the open
 * tags it may close, so that finding the innermost tag an end tag closes costs O(1) instead of a scan of
 * the whole stack (which made a template of many unclosed tags quadratic: 80,000 `{% if %}` took 27 s).
 * Positions per end name stay in increasing order because tags are only pushed on top and popped from top.
 */
class OpenStack {
  private readonly items: OpenTag[] = [];
  private readonly byEnd = new Map<string, number[]>();

  get length(): number {
    return this.items.length;
  }

  top(): OpenTag | undefined {
    return this.items[this.items.length - 1];
  }

  at(i: number): OpenTag {
    return this.items[i];
  }

  push(o: OpenTag): void {
    const i = this.items.length;
    this.items.push(o);
    for (const end of o.ends) {
      let positions = this.byEnd.get(end);
      if (!positions) this.byEnd.set(end, (positions = []));
      positions.push(i);
    }
  }

  pop(): OpenTag | undefined {
    const o = this.items.pop();
    if (!o) return undefined;
    // The popped tag is the top, so its position is the last one recorded for each of its end names.
    for (const end of o.ends) this.byEnd.get(end)!.pop();
    return o;
  }

  /** The position of the innermost open tag that `endName` closes, or -1. */
  findOpen(endName: string): number {
    const positions = this.byEnd.get(endName);
    return positions && positions.length > 0 ? positions[positions.length - 1] : -1;
  }
}

const BUILTIN_BLOCK_TAGS = new Map<string, { end: string[]; intermediates: string[] }>();
for (const [name, info] of Object.entries(BUILTIN_TAGS)) {
  if (info.end) BUILTIN_BLOCK_TAGS.set(name, { end: info.end, intermediates: info.intermediates ?? [] });
}

/** Parses a template; problems are returned in `errors`, never thrown. */
export function parseTemplate(text: string): ParsedTemplate {
  const out: ParsedTemplate = {
    text,
    tokens: [],
    includes: [],
    blocks: [],
    partials: [],
    partialUses: [],
    urls: [],
    loads: [],
    statics: [],
    tags: [],
    filters: [],
    errors: [],
  };
  try {
    parseInto(text, out);
  } catch (e) {
    // A bug here must not take the server down; what was read so far is still useful.
    out.errors.push({ code: 'tag-syntax', message: 'internal error while reading the template: ' + String(e), span: { start: 0, end: 0 }, severity: 'warning' });
  }
  return out;
}

function parseInto(text: string, out: ParsedTemplate): void {
  const { tokens, strays } = scanTemplate(text);
  out.tokens = tokens;
  const err = (code: TemplateErrorCode, message: string, span: Span, severity: 'error' | 'warning' = 'error') =>
    out.errors.push({ code, message, span, severity });
  for (const s of strays) {
    const opener = text.slice(s.start, s.start + 2);
    const closer = opener === '{%' ? '%}' : opener === '{{' ? '}}' : '#}';
    err('stray-delimiter', `'${opener}' is not closed by '${closer}' on the same line, so Django treats it as text.`, s, 'warning');
  }
  const stack = new OpenStack();
  // Block tags from Django's own libraries count only once the template loads them.
  const loadedBlockTags = new Map<string, { end: string[]; intermediates: string[] }>();
  const blockNames = new Set<string>();
  let sawCode = false;
  for (const tok of tokens) {
    if (tok.kind === 'comment') continue;
    if (tok.kind === 'variable') {
      sawCode = true;
      if (tok.content === '') err('empty-tag', 'Empty variable tag.', tok.span);
      for (const f of findFilters(text, tok.inner.start, tok.inner.end, false)) out.filters.push({ name: f.name, span: f.span });
      continue;
    }
    const name = tok.name;
    if (name === '') {
      err('empty-tag', 'Empty block tag.', tok.span);
      continue;
    }
    const use: TagUse = { name, span: tok.nameSpan, tagSpan: tok.span };
    out.tags.push(use);
    const argStart = tok.nameSpan.end;
    const argEnd = tok.inner.end;
    if (tok.raw !== 'verbatim') {
      if (name === 'filter') {
        for (const f of findFilters(text, argStart, argEnd, true)) out.filters.push({ name: f.name, span: f.span, tag: name });
        // `{% filter a|b %}` names its first filter without a leading pipe.
        const first = /^\s*([\p{L}\p{N}_]+)/u.exec(text.slice(argStart, argEnd));
        if (first) {
          const s = argStart + first[0].length - first[1].length;
          out.filters.push({ name: first[1], span: { start: s, end: s + first[1].length }, tag: name });
        }
      } else {
        for (const f of findFilters(text, argStart, argEnd, true)) out.filters.push({ name: f.name, span: f.span, tag: name });
      }
    }

    // Structure: end and intermediate tags of known block tags.
    const top = stack.top();
    if (top && top.ends.includes(name)) {
      use.consumedBy = top.token.name;
      stack.pop();
      if (top.block) closeBlock(text, top, tok, err);
      if (top.partial) closePartial(text, top.partial, tok);
      continue;
    }
    if (top && top.intermediates.includes(name)) {
      use.consumedBy = top.token.name;
      continue;
    }
    const depth = stack.findOpen(name);
    if (depth >= 0) {
      // Django stops at the innermost open tag and complains that its end tag is missing.
      const inner = stack.top()!;
      err('unexpected-end', `Invalid block tag '${name}', expected ${quoteList(inner.ends.concat(inner.intermediates))}.`, tok.span);
      while (stack.length > depth + 1) {
        const o = stack.pop()!;
        err('unclosed-tag', `Unclosed tag '${o.token.name}'. Looking for one of: ${o.ends.join(', ')}.`, o.token.span);
      }
      const o = stack.pop()!;
      use.consumedBy = o.token.name;
      if (o.block) closeBlock(text, o, tok, err);
      if (o.partial) closePartial(text, o.partial, tok);
      continue;
    }
    if (isKnownEnd(name, loadedBlockTags)) {
      err('unexpected-end', top ? `Invalid block tag '${name}', expected ${quoteList(top.ends.concat(top.intermediates))}.` : `'${name}' has no matching opening tag.`, tok.span);
      continue;
    }

    if (name === 'extends') {
      const ref = templateRef(text, tok, 'extends', err);
      if (out.extends) err('extends-position', "'extends' cannot appear more than once in the same template.", tok.span);
      else {
        out.extends = ref;
        if (sawCode || stack.length > 0) err('extends-position', "'extends' must be the first tag in the template.", tok.span);
      }
    } else if (name === 'include') {
      out.includes.push(templateRef(text, tok, 'include', err));
    } else if (name === 'url') {
      out.urls.push(urlRecord(text, tok, err));
    } else if (name === 'static') {
      out.statics.push(staticRecord(text, tok, err));
    } else if (name === 'partial') {
      const bits = splitContents(text, tok.inner.start, tok.inner.end);
      if (bits.length === 2) out.partialUses.push({ name: bits[1].text, nameSpan: bits[1].span, tagSpan: tok.span });
    } else if (name === 'load') {
      const rec = loadRecord(text, tok);
      out.loads.push(rec);
      for (const lib of rec.libraries) {
        const info = DJANGO_LIBRARIES[lib.name];
        if (!info) continue;
        for (const [tagName, t] of Object.entries(info.tags)) {
          if (!t.end) continue;
          if (rec.names && !rec.names.some((n) => n.name === tagName)) continue;
          loadedBlockTags.set(tagName, { end: t.end, intermediates: t.intermediates ?? [] });
        }
      }
    }
    sawCode = true;

    const blockInfo = BUILTIN_BLOCK_TAGS.get(name) ?? loadedBlockTags.get(name);
    if (blockInfo) {
      const open: OpenTag = { token: tok, ends: blockInfo.end, intermediates: blockInfo.intermediates };
      if (name === 'block') {
        const words = splitWords(text, tok.inner.start, tok.inner.end);
        if (words.length !== 2) err('tag-syntax', "'block' tag takes only one argument.", tok.span);
        const nameBit = words[1];
        const rec: BlockRecord = nameBit
          ? { name: nameBit.text, nameSpan: nameBit.span, tagSpan: tok.span }
          : { name: '', nameSpan: { start: tok.inner.end, end: tok.inner.end }, tagSpan: tok.span };
        if (nameBit) {
          if (blockNames.has(rec.name)) err('duplicate-block', `'block' tag with name '${rec.name}' appears more than once.`, rec.nameSpan);
          blockNames.add(rec.name);
        }
        out.blocks.push(rec);
        open.block = rec;
      } else if (name === 'partialdef') {
        const bits = splitContents(text, tok.inner.start, tok.inner.end);
        if (bits[1]) {
          const rec: PartialDefRecord = { name: bits[1].text, nameSpan: bits[1].span, tagSpan: tok.span, inline: bits[2]?.text === 'inline' };
          out.partials.push(rec);
          open.partial = rec;
        }
      }
      stack.push(open);
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const o = stack.at(i);
    err('unclosed-tag', `Unclosed tag '${o.token.name}'. Looking for one of: ${o.ends.join(', ')}.`, o.token.span);
  }
}

function isKnownEnd(name: string, loaded: Map<string, { end: string[] }>): boolean {
  if (!name.startsWith('end')) return false;
  for (const info of BUILTIN_BLOCK_TAGS.values()) if (info.end.includes(name)) return true;
  for (const info of loaded.values()) if (info.end.includes(name)) return true;
  return false;
}

function quoteList(names: string[]): string {
  return names.map((n) => `'${n}'`).join(' or ');
}

function closeBlock(text: string, open: OpenTag, end: TemplateToken, err: (c: TemplateErrorCode, m: string, s: Span) => void): void {
  const rec = open.block!;
  rec.endSpan = end.span;
  const words = splitWords(text, end.inner.start, end.inner.end);
  if (words[1]) rec.endNameSpan = words[1].span;
  // Django accepts exactly "endblock" or "endblock <name>" (one space) as the content.
  if (end.content !== 'endblock' && end.content !== 'endblock ' + rec.name) {
    err('unexpected-end', `Invalid block tag '${end.content}', expected 'endblock' or 'endblock ${rec.name}'.`, end.span);
  }
}

function closePartial(text: string, rec: PartialDefRecord, end: TemplateToken): void {
  rec.endSpan = end.span;
  const words = splitWords(text, end.inner.start, end.inner.end);
  if (words[1]) rec.endNameSpan = words[1].span;
}

function templateRef(text: string, tok: TemplateToken, tag: 'extends' | 'include', err: (c: TemplateErrorCode, m: string, s: Span) => void): TemplateRef {
  const bits = splitContents(text, tok.inner.start, tok.inner.end);
  if (tag === 'extends' && bits.length !== 2) err('tag-syntax', "'extends' takes one argument.", tok.span);
  if (tag === 'include' && bits.length < 2) err('tag-syntax', "'include' tag takes at least one argument: the name of the template to be included.", tok.span);
  const arg = bits[1];
  if (!arg) return { tag, nameSpan: { start: tok.inner.end, end: tok.inner.end }, tagSpan: tok.span, relative: false };
  const lit = stringLiteral(arg);
  const stripped = arg.text.replace(/^['"]+|['"]+$/g, '');
  const relative = stripped.startsWith('./') || stripped.startsWith('../');
  if (!lit) return { tag, nameSpan: arg.span, tagSpan: tok.span, relative };
  return { tag, name: lit.value, nameSpan: lit.span, tagSpan: tok.span, relative };
}

function urlRecord(text: string, tok: TemplateToken, err: (c: TemplateErrorCode, m: string, s: Span) => void): UrlRecord {
  const rec = readUrlBits(splitContents(text, tok.inner.start, tok.inner.end), tok.span, tok.inner.end);
  if (rec.bits.length < 2) err('tag-syntax', "'url' takes at least one argument, a URL pattern name.", tok.span);
  return rec;
}

/**
 * Reads the bits of a `{% url %}` tag (`url` first) as Django's url() tag function does. The one reader of
 * url-tag arguments: the parse records closed tags with it and the cursor query reads a half-typed tag with it,
 * so the two cannot disagree. `end` is where an absent name would go.
 */
function readUrlBits(all: Bit[], tagSpan: Span, end: number): UrlRecord {
  if (all.length < 2) return { nameSpan: { start: end, end }, tagSpan, args: 0, kwargs: [], bits: all };
  const lit = stringLiteral(all[1]);
  const rec: UrlRecord = { nameSpan: lit ? lit.span : all[1].span, tagSpan, args: 0, kwargs: [], bits: all };
  if (lit) rec.name = lit.value;
  let bits = all.slice(2);
  if (bits.length >= 2 && bits[bits.length - 2].text === 'as') {
    const v = bits[bits.length - 1];
    rec.asVar = v.text;
    rec.asVarSpan = v.span;
    bits = bits.slice(0, -2);
  }
  for (const b of bits) {
    const m = KWARG_RE.exec(b.text);
    // kwarg_re is `(?:(\w+)=)?(.+)`: "name=" alone has no value, so "name" is not a keyword then.
    if (m && b.text.length > m[0].length) rec.kwargs.push({ name: m[1], span: { start: b.span.start, end: b.span.start + m[1].length } });
    else rec.args++;
  }
  return rec;
}

function staticRecord(text: string, tok: TemplateToken, err: (c: TemplateErrorCode, m: string, s: Span) => void): StaticRecord {
  const bits = splitContents(text, tok.inner.start, tok.inner.end);
  if (bits.length < 2) {
    err('tag-syntax', "'static' takes at least one argument (path to file).", tok.span);
    return { pathSpan: { start: tok.inner.end, end: tok.inner.end }, tagSpan: tok.span };
  }
  const lit = stringLiteral(bits[1]);
  const rec: StaticRecord = { pathSpan: lit ? lit.span : bits[1].span, tagSpan: tok.span };
  if (lit) rec.path = lit.value;
  // StaticNode.handle_token reads the variable name as bits[3] when bits[-2] is "as".
  if (bits.length >= 2 && bits[bits.length - 2].text === 'as' && bits[3]) rec.asVar = bits[3].text;
  return rec;
}

function loadRecord(text: string, tok: TemplateToken): LoadRecord {
  const words = splitWords(text, tok.inner.start, tok.inner.end);
  const named = (b: Bit) => ({ name: b.text, span: b.span });
  if (words.length >= 4 && words[words.length - 2].text === 'from') {
    return { tagSpan: tok.span, libraries: [named(words[words.length - 1])], names: words.slice(1, -2).map(named) };
  }
  return { tagSpan: tok.span, libraries: words.slice(1).map(named) };
}

export type TemplateNodeKind =
  | 'tagName'
  | 'filterName'
  | 'urlName'
  | 'templateName'
  | 'blockName'
  | 'partialName'
  | 'library'
  | 'loadName'
  | 'staticPath';

/** What is under an offset in a template, for go-to-definition, hover and completion. */
export interface TemplateNode {
  kind: TemplateNodeKind;
  /** The whole name (for a half-typed string, what is typed so far up to the end of the word). */
  value: string;
  /** The part of `value` before the offset: what completion filters on. */
  prefix: string;
  /** The name's span (string contents without quotes); empty at the offset when nothing is typed yet. */
  span: Span;
  /** The enclosing tag (or variable) and its span; for a half-typed tag the span ends at the offset. */
  tag: { kind: 'tag' | 'variable'; name: string; span: Span };
  /** The argument the offset is in (index 0 is the tag name); absent inside `{{ }}`. */
  bit?: { index: number; text: string; span: Span };
  /** The tag is not closed yet (the user is typing it). */
  partial: boolean;
  /** The value is written as a string literal (quoted), or the quote is open. */
  quoted: boolean;
  /** For templateName: the tag that names the template. */
  templateTag?: 'extends' | 'include';
  /** For loadName: the library after `from`. */
  library?: string;
}

const NAME_TAGS: Record<string, TemplateNodeKind> = {
  url: 'urlName',
  extends: 'templateName',
  include: 'templateName',
  static: 'staticPath',
};

/** Describes what is at `offset`: a tag, filter, URL, template, block, library or static name, or undefined. A bug throws (the dispatch boundary logs it). */
export function nodeAt(parsed: ParsedTemplate, offset: number): TemplateNode | undefined {
  const at = cursorTag(parsed, offset);
  return at && describe(parsed, offset, at);
}

/**
 * The `{% url %}` tag at `offset`: for a closed tag the parse's own record, for a tag being typed what the
 * same reader makes of the text typed so far; undefined elsewhere.
 */
export function urlAt(parsed: ParsedTemplate, offset: number): UrlRecord | undefined {
  const at = cursorTag(parsed, offset);
  return at && at.kind === 'tag' ? tagBits(parsed, at).url : undefined;
}

/** The tag or variable the cursor is in: its kind, code span (between the delimiters) and whole span. */
interface CursorTag {
  kind: 'tag' | 'variable';
  /** Code start and end; for a half-typed tag the end is the offset. */
  cs: number;
  ce: number;
  /** For a half-typed tag the span ends at the offset. */
  span: Span;
  partial: boolean;
}

function cursorTag(parsed: ParsedTemplate, offset: number): CursorTag | undefined {
  const text = parsed.text;
  if (offset < 0 || offset > text.length) return undefined;
  const tokens = parsed.tokens;
  // The last token starting at or before the offset.
  let lo = 0;
  let hi = tokens.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].span.start <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const tok = idx >= 0 ? tokens[idx] : undefined;
  if (tok && offset >= tok.span.start + 2 && offset <= tok.span.end - 2) {
    if (tok.kind === 'comment') return undefined;
    return { kind: tok.kind, cs: tok.span.start + 2, ce: tok.span.end - 2, span: tok.span, partial: false };
  }
  // Inside a comment or verbatim body nothing is code.
  if (tok && tok.raw && (tok.rawEnd === null || (tok.rawEnd !== undefined && tok.rawEnd.start >= offset))) return undefined;
  // A tag being typed: the nearest opener on this line with no closer between it and the offset.
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const before = text.slice(lineStart, offset);
  const tagAt = before.lastIndexOf('{%');
  const varAt = before.lastIndexOf('{{');
  const at = Math.max(tagAt, varAt);
  if (at < 0) return undefined;
  const kind = at === tagAt ? 'tag' : 'variable';
  const rest = before.slice(at + 2);
  if (rest.includes(kind === 'tag' ? '%}' : '}}')) return undefined;
  const start = lineStart + at;
  if (tok && tok.span.end > start) return undefined;
  return { kind, cs: start + 2, ce: offset, span: { start, end: offset }, partial: true };
}

/**
 * The bits of the tag at the cursor and its name; for a url tag also its record. A closed url tag's bits and
 * record are the parse's (found by the tag's start); only a half-typed tag is split here, and its url
 * arguments are read by the parse's own reader.
 */
function tagBits(parsed: ParsedTemplate, at: CursorTag): { name: string; bits: Bit[]; url?: UrlRecord } {
  const text = parsed.text;
  const recorded = at.partial ? undefined : recordedUrl(parsed.urls, at.span.start);
  let bits = recorded ? recorded.bits : splitContents(text, at.cs, at.ce);
  if (at.partial) bits = mergeOpenString(text, at.cs, at.ce, bits);
  const name = bits[0] && bits[0].span.start === firstNonSpace(text, at.cs, at.ce) ? bits[0].text : '';
  if (name !== 'url') return { name, bits };
  return { name, bits, url: recorded ?? readUrlBits(bits, at.span, at.ce) };
}

/** The url record of the tag starting at `start` (records are in text order), if the parse made one. */
function recordedUrl(urls: UrlRecord[], start: number): UrlRecord | undefined {
  let lo = 0;
  let hi = urls.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = urls[mid].tagSpan.start;
    if (s === start) return urls[mid];
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function describe(parsed: ParsedTemplate, offset: number, at: CursorTag): TemplateNode | undefined {
  const { text } = parsed;
  const { kind, cs, ce, partial } = at;
  const tagInfo = { kind, name: '', span: at.span };
  const filterNode = (inTag: boolean, from: number, to: number): TemplateNode | undefined => {
    for (const f of findFilters(text, from, to, inTag)) {
      if (offset >= f.span.start && offset <= f.span.end) {
        return { kind: 'filterName', value: f.name, prefix: text.slice(f.span.start, offset), span: f.span, tag: tagInfo, partial, quoted: false };
      }
    }
    // Right after a pipe, a filter name is expected.
    const back = text.slice(from, offset);
    if (/\|\s*$/.test(back) && !(inTag && /\s$/.test(back)) && !insideString(back)) {
      return { kind: 'filterName', value: '', prefix: '', span: { start: offset, end: offset }, tag: tagInfo, partial, quoted: false };
    }
    return undefined;
  };
  if (kind === 'variable') return filterNode(false, cs, ce);

  const { name, bits, url } = tagBits(parsed, at);
  tagInfo.name = name;
  if (bits.length === 0 || offset <= bits[0].span.end) {
    const span = bits[0] ? bits[0].span : { start: offset, end: offset };
    if (offset < span.start) return undefined;
    return { kind: 'tagName', value: bits[0]?.text ?? '', prefix: text.slice(span.start, offset), span, tag: tagInfo, bit: { index: 0, text: bits[0]?.text ?? '', span }, partial, quoted: false };
  }
  // The argument under the offset, or an empty one between arguments.
  let index = bits.findIndex((b) => offset >= b.span.start && offset <= b.span.end);
  let bit: Bit;
  if (index < 0) {
    index = bits.filter((b) => b.span.end < offset).length;
    bit = { text: '', span: { start: offset, end: offset } };
  } else bit = bits[index];
  const bitInfo = { index, text: bit.text, span: bit.span };

  const f = bit.text ? filterNode(true, bit.span.start, bit.span.end) : undefined;
  if (f) return { ...f, bit: bitInfo };
  if (name === 'filter' && bit.text) {
    // `{% filter a|b %}`: every name in the argument is a filter.
    const m = /^[\p{L}\p{N}_]+/u.exec(bit.text);
    if (m && offset <= bit.span.start + m[0].length) {
      const span = { start: bit.span.start, end: bit.span.start + m[0].length };
      return { kind: 'filterName', value: m[0], prefix: text.slice(span.start, offset), span, tag: tagInfo, bit: bitInfo, partial, quoted: false };
    }
  }

  const base = { tag: tagInfo, bit: bitInfo, partial };
  const bare = (k: TemplateNodeKind, extra?: Partial<TemplateNode>): TemplateNode | undefined => {
    const m = /^[^\s'"|]*/.exec(bit.text)!;
    const span = { start: bit.span.start, end: bit.span.start + m[0].length };
    if (offset > span.end) return undefined;
    return { kind: k, value: m[0], prefix: text.slice(span.start, offset), span, quoted: false, ...base, ...extra };
  };

  const nameKind = NAME_TAGS[name];
  if (nameKind && index === 1) {
    const extra: Partial<TemplateNode> = nameKind === 'templateName' ? { templateTag: name as 'extends' | 'include' } : {};
    if (!bit.text) return { kind: nameKind, value: '', prefix: '', span: bit.span, quoted: false, ...base, ...extra };
    const q = bit.text[0];
    if (q === '"' || q === "'") {
      // A url tag's name was read with the rest of its arguments (index 1 is the record's name bit).
      const lit = url ? (url.name !== undefined ? { value: url.name, span: url.nameSpan } : undefined) : stringLiteral(bit);
      if (lit) {
        if (offset < lit.span.start) return undefined;
        return { kind: nameKind, value: lit.value, prefix: text.slice(lit.span.start, Math.min(offset, lit.span.end)), span: lit.span, quoted: true, ...base, ...extra };
      }
      // A quote still open (typing) or a literal followed by filters.
      const close = bit.text.indexOf(q, 1);
      if (close < 0) {
        let end = bit.span.end;
        if (partial) end = extendWord(text, end);
        const span = { start: bit.span.start + 1, end };
        if (offset < span.start) return undefined;
        return { kind: nameKind, value: text.slice(span.start, end), prefix: text.slice(span.start, offset), span, quoted: true, ...base, ...extra };
      }
      return undefined;
    }
    return undefined;
  }
  if ((name === 'block' || name === 'endblock') && index === 1) {
    const node = bare('blockName');
    if (node && partial) node.span.end = extendWord(text, node.span.end);
    return node;
  }
  if ((name === 'partial' || name === 'partialdef' || name === 'endpartialdef') && index === 1) {
    const node = bare('partialName');
    if (node && partial) node.span.end = extendWord(text, node.span.end);
    return node;
  }
  if (name === 'load' && index >= 1) {
    const words = splitWords(text, cs, ce);
    if (!partial && words.length >= 4 && words[words.length - 2].text === 'from') {
      if (index === words.length - 1) return bare('library');
      if (index === words.length - 2) return undefined;
      return bare('loadName', { library: words[words.length - 1].text });
    }
    const node = bare('library');
    if (node && partial) node.span.end = extendWord(text, node.span.end);
    return node;
  }
  return undefined;
}

/** In a half-typed tag, an open quote runs to the end: join the bits smart_split cut at spaces. */
function mergeOpenString(text: string, cs: number, ce: number, bits: Bit[]): Bit[] {
  const toks = codeTokens(text, cs, ce);
  const last = toks[toks.length - 1];
  if (!last || last.type !== 'string' || last.closed) return bits;
  const i = bits.findIndex((b) => b.span.end > last.start);
  if (i < 0) return bits;
  const span = { start: bits[i].span.start, end: ce };
  return bits.slice(0, i).concat([{ text: text.slice(span.start, span.end), span }]);
}

/** Whether the text ends inside an open string literal. */
function insideString(s: string): boolean {
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
  }
  return q !== '';
}

function firstNonSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  return i;
}

/** Extends a half-typed name over the characters after the cursor that belong to the same word. */
function extendWord(text: string, end: number): number {
  while (end < text.length && /[^\s'"%{}|<>]/.test(text[end])) end++;
  return end;
}
