// Splits a Django template into tags, variables and comments the way Django's own Lexer does (django/template/base.py).
import type { Span } from '../text';

export type TemplateTokenKind = 'tag' | 'variable' | 'comment';

/** One `{% %}`, `{{ }}` or `{# #}` token that Django would treat as code. */
export interface TemplateToken {
  kind: TemplateTokenKind;
  /** The whole token, delimiters included. */
  span: Span;
  /** The content between the delimiters with surrounding whitespace removed, as Django strips it. */
  inner: Span;
  /** The text of `inner`: what Django calls `token.contents`. */
  content: string;
  /** For tags, the first whitespace-separated word (Django's command name); '' otherwise. */
  name: string;
  /** The span of `name` (empty, at the start of `inner`, when there is no name). */
  nameSpan: Span;
  /**
   * For `{% comment %}` and `{% verbatim %}` openers, whose bodies are not code: which one it is,
   * and the span of the closing tag, or null when the body runs to the end of the file.
   */
  raw?: 'comment' | 'verbatim';
  rawEnd?: Span | null;
}

export interface LexResult {
  tokens: TemplateToken[];
  /**
   * Openers (`{%`, `{{`, `{#`) outside comment and verbatim bodies that have no closer on their line.
   * Django silently renders them as text, which is almost always a mistake in a template.
   */
  strays: Span[];
}

// Django's tag_re is `{%.*?%}|{{.*?}}|{#.*?#}` without DOTALL: a token never contains "\n" (Python's
// "." does match "\r"), and it ends at the first closer after its opener. The scan below finds the same
// tokens with indexOf instead of a regex, which is several times faster, and keeps the next closer and
// the next newline cached so that text full of unclosed openers stays linear.
const CLOSERS = ['%}', '}}', '#}'];

/** Python's str.isspace(), which is what Django's strip() and split() use. */
function isPySpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A regex character class body matching isPySpace, for regexes that must split as Python does. */
export const PY_SPACE_CLASS = '\\t-\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** The tokens Django's Lexer and Parser would see, with comment and verbatim bodies left out. */
export function lexTemplate(text: string): TemplateToken[] {
  return scanTemplate(text).tokens;
}

/** Like `lexTemplate`, and also reports openers that are never closed on their line. */
export function scanTemplate(text: string): LexResult {
  const tokens: TemplateToken[] = [];
  const strays: Span[] = [];
  // Django's Lexer switches to verbatim mode on `{% verbatim %}` and leaves it only on a tag whose
  // content is exactly "endverbatim" plus the same suffix; until then every token is text.
  let verbatim: string | undefined;
  let verbatimOpener: TemplateToken | undefined;
  // `{% comment %}` is handled by Django's Parser (skip_past), above the Lexer: it skips tokens until
  // one whose content is exactly "endcomment", while the Lexer's verbatim mode still applies inside.
  let commentOpener: TemplateToken | undefined;
  const len = text.length;
  // Cached positions of the next closer of each kind and of the next newline (-1: none left).
  const nextCloser = [-2, -2, -2];
  let nextNl = -2;
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{', pos);
    if (start < 0 || start + 1 >= len) break;
    const second = text.charCodeAt(start + 1);
    const k = second === 37 /* % */ ? 0 : second === 123 /* { */ ? 1 : second === 35 /* # */ ? 2 : -1;
    if (k < 0) {
      pos = start + 1;
      continue;
    }
    if (nextCloser[k] !== -1 && nextCloser[k] < start + 2) nextCloser[k] = text.indexOf(CLOSERS[k], start + 2);
    if (nextNl !== -1 && nextNl < start) nextNl = text.indexOf('\n', start);
    const close = nextCloser[k];
    if (close < 0 || (nextNl >= 0 && close > nextNl)) {
      // Not closed on its line: Django's regex search moves on by one character.
      if (verbatim === undefined && commentOpener === undefined) {
        // Report `{{{` once, at its first brace, rather than once per brace.
        const last = strays[strays.length - 1];
        if (!last || last.end !== start + 1) strays.push({ start, end: start + 2 });
        else last.end = start + 2;
      }
      pos = start + 1;
      continue;
    }
    const end = close + 2;
    pos = end;
    const kind: TemplateTokenKind = k === 0 ? 'tag' : k === 1 ? 'variable' : 'comment';
    if (kind !== 'tag') {
      if (verbatim !== undefined || commentOpener !== undefined) continue;
      tokens.push(makeToken(kind, text, start, end));
      continue;
    }
    const tok = makeToken('tag', text, start, end);
    if (verbatim !== undefined) {
      if (tok.content !== verbatim) continue;
      verbatim = undefined;
      if (verbatimOpener) verbatimOpener.rawEnd = tok.span;
      verbatimOpener = undefined;
      // The closing tag is still a block token for the Parser, so it may be swallowed by a comment.
      if (commentOpener !== undefined) continue;
      tokens.push(tok);
      continue;
    }
    const c = tok.content;
    if (c === 'verbatim' || c.startsWith('verbatim ')) {
      verbatim = 'end' + c;
      if (commentOpener === undefined) {
        tok.raw = 'verbatim';
        tok.rawEnd = null;
        verbatimOpener = tok;
      }
    }
    if (commentOpener !== undefined) {
      if (c === 'endcomment') {
        commentOpener.rawEnd = tok.span;
        commentOpener = undefined;
        tokens.push(tok);
      }
      continue;
    }
    if (tok.name === 'comment') {
      tok.raw = 'comment';
      tok.rawEnd = null;
      commentOpener = tok;
    }
    tokens.push(tok);
  }
  return { tokens, strays };
}

function makeToken(kind: TemplateTokenKind, text: string, start: number, end: number): TemplateToken {
  let a = start + 2;
  let b = end - 2;
  while (a < b && isPySpace(text.charCodeAt(a))) a++;
  while (b > a && isPySpace(text.charCodeAt(b - 1))) b--;
  const content = text.slice(a, b);
  let name = '';
  let nameEnd = a;
  if (kind === 'tag') {
    while (nameEnd < b && !isPySpace(text.charCodeAt(nameEnd))) nameEnd++;
    name = text.slice(a, nameEnd);
  }
  return { kind, span: { start, end }, inner: { start: a, end: b }, content, name, nameSpan: { start: a, end: nameEnd } };
}
