// Tag-argument tokenizing: Django's split_contents() and contents.split(), string literals, filter names, and template code tokens (nunjucks' lexer).
import type { Span } from '../text';
import { PY_SPACE_CLASS } from './lexer';

// nunjucks ships no types for its lexer module; this is the part of it used here.
interface NjToken {
  type: string;
  value: unknown;
}
interface NjTokenizer {
  index: number;
  in_code: boolean;
  nextToken(): NjToken | null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const njLexer: { lex(src: string): NjTokenizer } = require('nunjucks/src/lexer');

/** One argument of a tag, split as Django's smart_split does. */
export interface Bit {
  text: string;
  span: Span;
}

// Django's smart_split_re (django/utils/text.py): whitespace outside quotes separates bits, and a
// quote that is never closed does not group anything (the bit falls back to `\S+`).
// Python's \s (str.isspace) differs from JavaScript's in a few characters, so the class is spelled out.
const WS = PY_SPACE_CLASS;
const SMART_SPLIT_RE = new RegExp(`(?:[^${WS}'"]*(?:(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')[^${WS}'"]*)+)|[^${WS}]+`, 'g');
const WS_SPLIT_RE = new RegExp(`[^${WS}]+`, 'g');

/** Splits `text[start, end)` into bits as Django's `token.split_contents()` does. */
export function splitContents(text: string, start: number, end: number): Bit[] {
  const bits = splitWith(SMART_SPLIT_RE, text, start, end);
  // split_contents joins `_("a b")` back together when smart_split cut it at a space.
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i].text;
    if (!(b.startsWith('_("') || b.startsWith("_('"))) continue;
    const sentinel = b[2] + ')';
    let j = i;
    while (!bits[j].text.endsWith(sentinel) && j + 1 < bits.length) j++;
    if (j > i) {
      const span = { start: bits[i].span.start, end: bits[j].span.end };
      bits.splice(i, j - i + 1, { text: text.slice(span.start, span.end), span });
    }
  }
  return bits;
}

/** Splits on whitespace only, as Django's `token.contents.split()` (used by block and load). */
export function splitWords(text: string, start: number, end: number): Bit[] {
  return splitWith(WS_SPLIT_RE, text, start, end);
}

function splitWith(re: RegExp, text: string, start: number, end: number): Bit[] {
  const src = text.slice(start, end);
  const out: Bit[] = [];
  // The shared global regexes are safe to reuse: nothing here is re-entrant.
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    out.push({ text: m[0], span: { start: start + m.index, end: start + m.index + m[0].length } });
  }
  return out;
}

/** A nunjucks token with its offsets in the template text. */
interface CodeToken {
  type: string;
  start: number;
  end: number;
  /** For strings: whether the closing quote is there. */
  closed?: boolean;
}

/**
 * Tokenizes `text[start, end)` as template code with nunjucks' lexer: strings, names, numbers,
 * operators, pipes and colons, with offsets. Never throws: on a lexer failure the rest is one token.
 */
export function codeTokens(text: string, start: number, end: number): CodeToken[] {
  const src = text.slice(start, end);
  const out: CodeToken[] = [];
  let tk: NjTokenizer;
  try {
    tk = njLexer.lex(src);
  } catch {
    return [{ type: 'symbol', start, end }];
  }
  // The lexer starts outside code and would leave code at "}}"; the text given is always code.
  tk.in_code = true;
  for (let guard = 0; guard <= src.length + 1; guard++) {
    const s = tk.index;
    if (s >= src.length) break;
    let t: NjToken | null;
    try {
      t = tk.nextToken();
    } catch {
      out.push({ type: 'symbol', start: start + s, end });
      break;
    }
    if (!t) break;
    const e = Math.min(tk.index, src.length);
    const tok: CodeToken = { type: t.type, start: start + s, end: start + e };
    if (t.type === 'string') tok.closed = tk.index <= src.length && e - s >= 2;
    out.push(tok);
    tk.in_code = true;
    if (tk.index <= s) break;
  }
  return out;
}

/** A quoted string literal bit ("x" or 'x', nothing else): its unescaped value and contents span. */
export function stringLiteral(bit: Bit): { value: string; span: Span } | undefined {
  const t = bit.text;
  const q = t[0];
  if ((q !== '"' && q !== "'") || t.length < 2) return undefined;
  const toks = codeTokens(t, 0, t.length);
  if (toks.length !== 1 || toks[0].type !== 'string' || !toks[0].closed) return undefined;
  if (t[t.length - 1] !== q) return undefined;
  // Django's unescape_string_literal: only the quote and the backslash are unescaped.
  const value = t.slice(1, -1).split('\\' + q).join(q).split('\\\\').join('\\');
  return { value, span: { start: bit.span.start + 1, end: bit.span.end - 1 } };
}

// Python's \w, as used by Django's filter_re and kwarg_re.
const FILTER_IN_VAR_RE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\|\s*([\p{L}\p{N}_]+)/gu;
const FILTER_IN_TAG_RE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\|([\p{L}\p{N}_]+)/gu;
export const KWARG_RE = /^([\p{L}\p{N}_]+)=/u;

/** Filter names used in `text[start, end)` (strings are skipped). */
export function findFilters(text: string, start: number, end: number, inTag: boolean): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  // Look for a pipe only within the tag: `text.indexOf('|', start)` would scan to the end of the file for
  // every tag of a template without pipes, which is quadratic in the number of tags.
  const src = text.slice(start, end);
  if (!src.includes('|')) return out;
  const re = inTag ? FILTER_IN_TAG_RE : FILTER_IN_VAR_RE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    if (m[1] === undefined) continue;
    const s = start + m.index + m[0].length - m[1].length;
    out.push({ name: m[1], span: { start: s, end: s + m[1].length } });
  }
  return out;
}
