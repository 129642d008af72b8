// Reads the variables of a Django template: the paths it reads ({{ a.b }}, tag arguments) and the names its tags bind (for, with, as), over the parser's tokens.

import type { Span } from '../text';
import type { ParsedTemplate } from '../templates/parse';
import { splitContents } from '../templates/parse';
import type { TemplateToken } from '../templates/lexer';

/** One segment of a variable path (`book`, `author`, `name` in `book.author.name`). */
export interface Segment {
  name: string;
  span: Span;
}

/** A variable read: `book.author.name`, with where it is written. */
export interface PathRef {
  segments: Segment[];
  /** The token it is in. */
  tokenSpan: Span;
}

/** A name a tag binds, the span it is bound over, and where its value comes from. */
export interface Binding {
  name: string;
  /** The name where the tag writes it. */
  span: Span;
  /** The template text where the name is visible. */
  scope: Span;
  /** `for`: the item of `from`; `with`/`include with`: `from` itself; `as`: a value we know only by tag. */
  how: 'item' | 'value' | 'as' | 'forloop';
  from?: PathRef;
  /** The tag that binds it (`for`, `with`, `url`, ...). */
  tag: string;
}

export interface IncludeFact {
  /** The template name when written as a literal. */
  name?: string;
  relative: boolean;
  tagSpan: Span;
  /** `with a=b`: the names given, with their values. */
  given: { name: string; span: Span; from?: PathRef }[];
  only: boolean;
}

export interface TemplateFacts {
  paths: PathRef[];
  bindings: Binding[];
  includes: IncludeFact[];
  /** `{% block %}` bodies, for a child template (its blocks render inside the parent's scope). */
  blocks: Span[];
}

const IDENT = /[A-Za-z_][\w]*/y;
const OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', '==', '!=', '<', '>', '<=', '>=', '=']);
/** Tags whose arguments are filter expressions, read as variables (bits except keywords and `as name`). */
const EXPR_TAGS = new Set(['if', 'elif', 'firstof', 'cycle', 'ifchanged', 'widthratio', 'ifequal', 'ifnotequal', 'extends']);
/** Built-in tags ending in `as name` whose value is a string. */
const AS_TAGS = new Set(['url', 'trans', 'translate', 'static', 'now', 'firstof', 'cycle', 'regroup', 'widthratio', 'get_current_language', 'get_available_languages', 'get_current_language_bidi', 'get_language_info', 'get_language_info_list', 'get_current_timezone', 'get_static_prefix', 'get_media_prefix']);

/**
 * Reads a filter expression (`a.b|default:c.d|date:"Y"`) in text[start, end): the variable paths it reads,
 * the first one being its main value. String and number literals and filter names are skipped.
 */
function filterExprPaths(text: string, start: number, end: number, tokenSpan: Span): PathRef[] {
  const out: PathRef[] = [];
  let i = start;
  let expectFilter = false;
  while (i < end) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      i = close < 0 || close >= end ? end : close + 1;
      continue;
    }
    if (c === '|') {
      expectFilter = true;
      i++;
      continue;
    }
    if (c === ':') {
      expectFilter = false;
      i++;
      continue;
    }
    if (c === '_' && text[i + 1] === '(') {
      // _("translated") is a string.
      i += 2;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (m && i < end && !(i > start && /[\w.]/.test(text[i - 1]))) {
      // A dotted path: identifiers (or digits) joined by dots.
      const segments: Segment[] = [{ name: m[0], span: { start: i, end: i + m[0].length } }];
      let j = i + m[0].length;
      while (j < end && text[j] === '.') {
        const seg = /^[\w]*/.exec(text.slice(j + 1, end))![0];
        segments.push({ name: seg, span: { start: j + 1, end: j + 1 + seg.length } });
        j += 1 + seg.length;
        if (!seg) break;
      }
      if (!expectFilter) out.push({ segments, tokenSpan });
      expectFilter = false;
      i = j;
      continue;
    }
    if (/[\d.\-]/.test(c)) {
      // A number (or a stray dot): skip the whole word.
      let j = i + 1;
      while (j < end && /[\w.]/.test(text[j])) j++;
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

function mainPath(text: string, span: Span, tokenSpan: Span): PathRef | undefined {
  const paths = filterExprPaths(text, span.start, span.end, tokenSpan);
  // The main value is the path at the start of the bit (a literal first has none).
  return paths[0] && paths[0].segments[0].span.start === span.start ? paths[0] : undefined;
}

/** Reads the variables and bindings of a parsed template. */
export function scanTemplateFacts(parsed: ParsedTemplate): TemplateFacts {
  const text = parsed.text;
  const facts: TemplateFacts = { paths: [], bindings: [], includes: [], blocks: [] };
  // Open tags that push a context: where each started, and the bindings that end with it.
  const stack: { tag: string; start: number; pending: Binding[] }[] = [];
  const close = (endAt: number) => {
    const top = stack.pop();
    if (!top) return;
    for (const b of top.pending) b.scope.end = endAt;
    if (top.tag === 'block') facts.blocks.push({ start: top.start, end: endAt });
  };
  const pendingAs = (b: Binding) => {
    const top = stack[stack.length - 1];
    if (top) top.pending.push(b);
    else b.scope.end = text.length;
    facts.bindings.push(b);
  };
  for (const tok of parsed.tokens) {
    if (tok.kind === 'variable') {
      facts.paths.push(...filterExprPaths(text, tok.inner.start, tok.inner.end, tok.span));
      continue;
    }
    if (tok.kind !== 'tag') continue;
    const name = tok.name;
    if (name.startsWith('end')) {
      const opener = name.slice(3);
      // Close up to the matching opener, if it is open.
      const same = (t: string) => t === opener || (/^blocktrans/.test(t) && /^blocktrans/.test(opener));
      let idx = stack.length - 1;
      while (idx >= 0 && !same(stack[idx].tag)) idx--;
      if (idx >= 0) while (stack.length > idx) close(tok.span.start);
      continue;
    }
    scanTag(text, tok, facts, stack, pendingAs);
  }
  while (stack.length) close(text.length);
  return facts;
}

function scanTag(text: string, tok: TemplateToken, facts: TemplateFacts, stack: { tag: string; start: number; pending: Binding[] }[], pendingAs: (b: Binding) => void): void {
  const name = tok.name;
  const bits = splitContents(text, tok.inner.start, tok.inner.end);
  const push = (tag: string, bound: Binding[]) => {
    stack.push({ tag, start: tok.span.end, pending: bound });
    facts.bindings.push(...bound);
  };
  const span0: Span = { start: tok.span.end, end: text.length };
  if (name === 'for') {
    const inAt = bits.findIndex((b, i) => i > 0 && b.text === 'in');
    if (inAt < 0) return push('for', []);
    const iter = bits[inAt + 1] ? mainPath(text, bits[inAt + 1].span, tok.span) : undefined;
    if (bits[inAt + 1]) facts.paths.push(...filterExprPaths(text, bits[inAt + 1].span.start, bits[inAt + 1].span.end, tok.span));
    const targets = bits.slice(1, inAt).flatMap((b) => b.text.split(',').map((part, k, all) => {
      const off = b.text.split(',').slice(0, k).join(',').length + (k ? 1 : 0);
      return { name: part.trim(), span: { start: b.span.start + off, end: b.span.start + off + part.length } };
    })).filter((t) => t.name);
    const bound: Binding[] = targets.map((t) => ({ name: t.name, span: t.span, scope: { ...span0 }, how: targets.length === 1 ? 'item' : 'as', from: iter, tag: 'for' }));
    bound.push({ name: 'forloop', span: tok.nameSpan, scope: { ...span0 }, how: 'forloop', tag: 'for' });
    return push('for', bound);
  }
  if (name === 'with') {
    const bound: Binding[] = [];
    const rest = bits.slice(1);
    if (rest.length >= 3 && rest[1].text === 'as') {
      // Legacy `{% with value as name %}`.
      const from = mainPath(text, rest[0].span, tok.span);
      facts.paths.push(...filterExprPaths(text, rest[0].span.start, rest[0].span.end, tok.span));
      bound.push({ name: rest[2].text, span: rest[2].span, scope: { ...span0 }, how: 'value', from, tag: 'with' });
    } else {
      for (const b of rest) {
        const eq = b.text.indexOf('=');
        if (eq <= 0) continue;
        const vspan = { start: b.span.start + eq + 1, end: b.span.end };
        facts.paths.push(...filterExprPaths(text, vspan.start, vspan.end, tok.span));
        bound.push({ name: b.text.slice(0, eq), span: { start: b.span.start, end: b.span.start + eq }, scope: { ...span0 }, how: 'value', from: mainPath(text, vspan, tok.span), tag: 'with' });
      }
    }
    return push('with', bound);
  }
  if (name === 'block' || name === 'filter') return push(name, []);
  if (name === 'blocktrans' || name === 'blocktranslate') {
    const bound: Binding[] = [];
    for (let i = 1; i < bits.length; i++) {
      const b = bits[i];
      const eq = b.text.indexOf('=');
      if (eq > 0 && !b.text.startsWith('"') && !b.text.startsWith("'")) {
        const vspan = { start: b.span.start + eq + 1, end: b.span.end };
        facts.paths.push(...filterExprPaths(text, vspan.start, vspan.end, tok.span));
        bound.push({ name: b.text.slice(0, eq), span: { start: b.span.start, end: b.span.start + eq }, scope: { ...span0 }, how: 'value', from: mainPath(text, vspan, tok.span), tag: name });
      } else if (b.text === 'asvar' && bits[i + 1]) {
        // The translated string is stored after the block ends, in the enclosing level.
        pendingAs({ name: bits[i + 1].text, span: bits[i + 1].span, scope: { start: tok.span.end, end: text.length }, how: 'as', tag: name });
        i++;
      }
    }
    return push(name, bound);
  }
  if (name === 'include') {
    const fact: IncludeFact = { relative: false, tagSpan: tok.span, given: [], only: false };
    const first = bits[1];
    if (first && /^(["']).*\1$/.test(first.text)) {
      fact.name = first.text.slice(1, -1);
      fact.relative = /^\.\.?\//.test(fact.name);
    } else if (first) facts.paths.push(...filterExprPaths(text, first.span.start, first.span.end, tok.span));
    for (let i = 2; i < bits.length; i++) {
      const b = bits[i];
      if (b.text === 'only') fact.only = true;
      else if (b.text === 'with') continue;
      else {
        const eq = b.text.indexOf('=');
        if (eq <= 0) continue;
        const vspan = { start: b.span.start + eq + 1, end: b.span.end };
        facts.paths.push(...filterExprPaths(text, vspan.start, vspan.end, tok.span));
        fact.given.push({ name: b.text.slice(0, eq), span: { start: b.span.start, end: b.span.start + eq }, from: mainPath(text, vspan, tok.span) });
      }
    }
    facts.includes.push(fact);
    return;
  }
  if (name === 'regroup') {
    // {% regroup list by attr as name %}: `list` is read, `name` bound.
    if (bits[1]) facts.paths.push(...filterExprPaths(text, bits[1].span.start, bits[1].span.end, tok.span));
  }
  if (name === 'url') {
    const asAt = bits.length >= 4 && bits[bits.length - 2].text === 'as' ? bits.length - 2 : bits.length;
    for (let i = 1; i < asAt; i++) {
      const b = bits[i];
      const eq = /^\w+=/.exec(b.text);
      const from = eq ? b.span.start + eq[0].length : b.span.start;
      facts.paths.push(...filterExprPaths(text, from, b.span.end, tok.span));
    }
  } else if (EXPR_TAGS.has(name)) {
    const asAt = bits.length >= 3 && bits[bits.length - 2].text === 'as' ? bits.length - 2 : bits.length;
    for (let i = 1; i < asAt; i++) {
      const b = bits[i];
      if (OPERATORS.has(b.text) || b.text === 'silent') continue;
      facts.paths.push(...filterExprPaths(text, b.span.start, b.span.end, tok.span));
    }
  }
  // `... as name` at the end of a tag binds name until the enclosing level ends (any tag: custom ones too).
  const last = bits[bits.length - 1];
  const asBit = bits[bits.length - 2];
  const silentAs = bits.length >= 4 && bits[bits.length - 1].text === 'silent' && bits[bits.length - 3].text === 'as';
  if (bits.length >= 3 && asBit?.text === 'as' && /^[A-Za-z_]\w*$/.test(last.text)) {
    pendingAs({ name: last.text, span: last.span, scope: { start: tok.span.end, end: text.length }, how: 'as', tag: AS_TAGS.has(name) ? name : `${name} (custom tag)` });
  } else if (silentAs) {
    const n = bits[bits.length - 2];
    pendingAs({ name: n.text, span: n.span, scope: { start: tok.span.end, end: text.length }, how: 'as', tag: name });
  }
}
