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

// Django's tag_re is `{%.*?%}|{{.*?}}|{#.*?#}` without DOTALL, so a token never contains "\n"
// (Python's "." does match "\r"). The last alternative finds an opener that is not closed on its
// line; it consumes one character only, so that the scan resumes where Django's regex search would.
const TOKEN_RE = /\{%[^\n]*?%\}|\{\{[^\n]*?\}\}|\{#[^\n]*?#\}|\{(?=[%{#])/g;
const WS_RE = /\s/;

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
  const re = new RegExp(TOKEN_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const raw = m[0];
    if (raw.length === 1) {
      if (verbatim === undefined && commentOpener === undefined) {
        // Report `{{{` once, at its first brace, rather than once per brace.
        const last = strays[strays.length - 1];
        if (!last || last.end !== start + 1) strays.push({ start, end: start + 2 });
        else last.end = start + 2;
      }
      continue;
    }
    const second = raw.charCodeAt(1);
    const kind: TemplateTokenKind = second === 37 /* % */ ? 'tag' : second === 123 /* { */ ? 'variable' : 'comment';
    if (kind !== 'tag') {
      if (verbatim !== undefined || commentOpener !== undefined) continue;
      tokens.push(makeToken(kind, text, start, start + raw.length));
      continue;
    }
    const tok = makeToken('tag', text, start, start + raw.length);
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
  while (a < b && WS_RE.test(text[a])) a++;
  while (b > a && WS_RE.test(text[b - 1])) b--;
  const content = text.slice(a, b);
  let name = '';
  let nameEnd = a;
  if (kind === 'tag') {
    while (nameEnd < b && !WS_RE.test(text[nameEnd])) nameEnd++;
    name = text.slice(a, nameEnd);
  }
  return { kind, span: { start, end }, inner: { start: a, end: b }, content, name, nameSpan: { start: a, end: nameEnd } };
}
