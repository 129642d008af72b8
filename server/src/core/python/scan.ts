// A token-level scan of Python source (strings, comments, brackets, logical lines) that finds the few pieces of a file the reference pass must parse.

import type { Span } from '../text';

/**
 * What the reference pass asks of a file (issue 14: most of a large test module is statements that name no Django
 * function, and parsing them was most of a cold `check`).
 */
export interface PieceQuery {
  /** Names whose calls are wanted: `reverse(...)` and `urls.reverse(...)` become a piece of their own. */
  callees: ReadonlySet<string>;
  /**
   * Callees whose call is wanted even when what they are called on is not a dotted name (`make().as_view(...)`):
   * such a call takes its whole top-level statement.
   */
  anyReceiver: ReadonlySet<string>;
  /** Names that make their whole top-level statement a piece wherever they occur in code. */
  wholeWords: ReadonlySet<string>;
  /** A class header (the logical line from `class` to its colon) matching this takes its whole top-level statement. */
  wholeClass: RegExp;
}

/**
 * The spans to parse, in order and disjoint: whole top-level statements, import statements, and calls. Parsing each
 * on its own gives the same statements and expressions, at the same offsets, as parsing the file would for them.
 * Undefined when the scan cannot be sure of that (an unclosed bracket or string, an indented first line, a lone
 * carriage return, nesting past its limit): the caller parses the whole file.
 */
export function refPieces(text: string, q: PieceQuery): Span[] | undefined {
  try {
    return new Scanner(text, q).run();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const GIVE_UP = Symbol('give up');
/** f-strings inside f-strings deeper than this are not worth a precise scan: the file is parsed whole. */
const MAX_FIELD_DEPTH = 20;
/** The keywords that continue a compound statement at column 0. */
const CONTINUES = new Set(['else', 'elif', 'except', 'finally']);
const PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
/** First words of lines whose colon at depth 0 ends a header; any other such colon is an annotation's. */
const HEADERS = new Set(['if', 'elif', 'else', 'while', 'for', 'with', 'try', 'except', 'finally', 'class', 'def', 'async']);
/** Lines whose expressions the whole-file reading does not all see (annotations, patterns): a call there takes its statement. */
const OPAQUE_LINES = new Set(['def', 'async', 'match', 'case']);
/** Keywords: a bracket after one opens a list or tuple, not a subscript. */
const KEYWORDS = new Set('and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));
/** What the token before a name was, to tell a dotted name (`a.b.reverse`) from other receivers (`x().reverse`, `a .b`). */
const enum Prev {
  Other,
  Word,
  Dot,
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x80 && c !== 0xfeff && c !== 0xa0);
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

interface TopLevel {
  start: number;
  end: number;
  whole: boolean;
  /** Import statements and calls inside it, when it is not taken whole. */
  parts: Span[];
}

class Scanner {
  private i = 0;
  private readonly n: number;
  /** Open brackets of the code being scanned (positions), across lines. */
  private readonly stack: number[] = [];
  /** Occurrence index of each pending call, by the position of its `(`. */
  private readonly pending = new Map<number, Span>();
  private readonly tops: TopLevel[] = [];
  private top: TopLevel | undefined;
  // The logical line being read.
  private lineFirst = -1;
  private lineFirstWord = '';
  private lineHasImport = false;
  private prevWord = '';
  private lastWasDecorator = false;
  private fieldDepth = 0;
  /** Nested fields inside format specs (`{x:{reverse('a')}}`) being scanned: their calls the whole-file reading skips. */
  private specDepth = 0;
  /** Open brackets that are subscripts (`a[...]`), whose contents the whole-file reading sees only in part. */
  private subscripts = 0;
  /** Which of the open brackets are subscripts, by position in `stack`. */
  private readonly isSub: boolean[] = [];
  private prevTok = Prev.Other;
  /** The dotted name being read: where it starts, the token before it, and whether it has no space or break inside. */
  private chainStart = -1;
  private chainBefore = Prev.Other;
  private chainPlain = true;
  private lastWordEnd = -1;
  /** Lambdas at depth 0 on this logical line whose colon is still to come. */
  private lambdas = 0;
  private headerColon = false;

  constructor(
    private readonly text: string,
    private readonly q: PieceQuery,
  ) {
    this.n = text.length;
  }

  run(): Span[] {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) this.i = 1;
    this.code(false);
    this.endLine(this.n);
    if (this.stack.length) throw GIVE_UP;
    for (const span of this.pending.values()) if (span.end < 0) throw GIVE_UP;
    const out: Span[] = [];
    for (const top of this.tops) {
      if (top.whole) {
        out.push({ start: top.start, end: top.end });
        continue;
      }
      // Calls inside calls (redirect(reverse(...))) are read from the outer one.
      top.parts.sort((a, b) => a.start - b.start || b.end - a.end);
      let last: Span | undefined;
      for (const p of top.parts) {
        if (last && p.start < last.end) continue;
        out.push(p);
        last = p;
      }
    }
    return out;
  }

  /** Scans code until the end (or, in an f-string's replacement field, until its closing `}` or format spec). */
  private code(field: boolean): void {
    const t = this.text;
    const base = this.stack.length;
    while (this.i < this.n) {
      const c = t.charCodeAt(this.i);
      if (c === 10) {
        if (this.stack.length === 0 && !field) this.endLine(this.i);
        this.i++;
      } else if (c === 32 || c === 9 || c === 12) this.i++;
      else if (c === 13) {
        // A lone carriage return ends a line for Python but not for this scan.
        if (t.charCodeAt(this.i + 1) !== 10) throw GIVE_UP;
        this.i++;
      } else if (c === 35) {
        // A comment runs to the end of the line.
        const nl = t.indexOf('\n', this.i);
        this.i = nl < 0 ? this.n : nl;
      } else if (c === 92) {
        // A backslash joins the next line to this logical line.
        const d = t.charCodeAt(this.i + 1);
        this.i += d === 13 && t.charCodeAt(this.i + 2) === 10 ? 3 : 2;
      } else if (c === 34 || c === 39) {
        this.startToken(this.i, '');
        this.string(this.i, '');
      } else if (isIdStart(c)) this.word();
      else if (c >= 48 && c <= 57) {
        this.startToken(this.i, '');
        // A number (1_000, 0x1F, 1e5, 1.5j) is read as one token.
        this.i++;
        while (this.i < this.n && (isIdPart(t.charCodeAt(this.i)) || t.charCodeAt(this.i) === 46)) this.i++;
        this.prevTok = Prev.Other;
      } else {
        if (field && this.stack.length === base) {
          // A replacement field ends at `}`, or continues as a format spec after `!conversion` or `:`.
          if (c === 125) return;
          if (c === 33 && t.charCodeAt(this.i + 1) !== 61) {
            this.i++;
            continue;
          }
          if (c === 58) {
            this.i++;
            this.formatSpec();
            return;
          }
        }
        this.startToken(this.i, c === 64 ? '@' : '');
        // A colon at depth 0 outside a header or lambda is an annotation's, which the whole-file reading does not see.
        // Each lambda takes one such colon, and a compound statement's header one more.
        if (c === 58 && !field && this.stack.length === 0 && t.charCodeAt(this.i + 1) !== 61) {
          if (this.lambdas > 0) this.lambdas--;
          else if (HEADERS.has(this.lineFirstWord) && !this.headerColon) this.headerColon = true;
          else this.top!.whole = true;
        }
        if (c === 40 || c === 91 || c === 123) {
          const sub = c === 91 && this.prevTok !== Prev.Other;
          this.stack.push(this.i);
          this.isSub.push(sub);
          if (sub) this.subscripts++;
        } else if (c === 41 || c === 93 || c === 125) {
          if (this.stack.length <= base) throw GIVE_UP;
          const open = this.stack.pop()!;
          if (this.isSub.pop()) this.subscripts--;
          const call = this.pending.get(open);
          if (call) call.end = this.i + 1;
        }
        this.prevWord = '';
        // A closing bracket may be a receiver (`x().reverse`, `a[0].render`): what follows its dot is no dotted name.
        this.prevTok = c === 46 && this.prevTok !== Prev.Dot ? Prev.Dot : c === 41 || c === 93 || c === 125 ? Prev.Word : Prev.Other;
        if (c !== 46) this.chainStart = -1;
        else if (this.prevTok === Prev.Dot && this.chainStart >= 0 && this.lastWordEnd !== this.i) this.chainPlain = false;
        this.i++;
      }
    }
    if (field) throw GIVE_UP;
  }

  /** A name (or a string's prefix): records imports, callees and whole-statement words. */
  private word(): void {
    const t = this.text;
    const start = this.i;
    while (this.i < this.n && isIdPart(t.charCodeAt(this.i))) this.i++;
    const w = t.slice(start, this.i);
    const next = t.charCodeAt(this.i);
    if ((next === 34 || next === 39) && PREFIX.test(w)) {
      this.startToken(start, '');
      this.string(this.i, w);
      return;
    }
    this.startToken(start, w);
    // A dotted name goes on after a dot that came right after one of its names; anything else starts another.
    if (this.prevTok === Prev.Dot && this.chainStart >= 0) {
      if (t.charCodeAt(start - 1) !== 46) this.chainPlain = false;
    } else {
      this.chainStart = start;
      this.chainBefore = this.prevTok;
      this.chainPlain = true;
    }
    this.lastWordEnd = this.i;
    this.prevTok = KEYWORDS.has(w) ? Prev.Other : Prev.Word;
    if (w === 'import') this.lineHasImport = true;
    if (w === 'lambda' && this.stack.length === 0) this.lambdas++;
    if (this.q.wholeWords.has(w)) this.top!.whole = true;
    if (this.q.callees.has(w) && this.prevWord !== 'def' && this.prevWord !== 'class') this.callee(start, w);
    this.prevWord = w;
  }

  /** A name that may be called: the call (with its dotted receiver) is a piece once its `)` is found. */
  private callee(start: number, w: string): void {
    const t = this.text;
    let j = this.i;
    while (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9 || t.charCodeAt(j) === 12) j++;
    if (t.charCodeAt(j) !== 40) {
      // `reverse\n(` inside brackets, or `reverse # comment`: not worth reading apart from its statement.
      const c = t.charCodeAt(j);
      if (c === 10 || c === 13 || c === 35 || c === 92) this.top!.whole = true;
      return;
    }
    if (this.chainBefore === Prev.Dot) {
      // Called on something other than a dotted name (`x().render(...)`): Django's functions are never reached
      // that way; the receiver-agnostic ones take their statement whole.
      if (this.q.anyReceiver.has(w)) this.top!.whole = true;
      return;
    }
    // A dotted name with a space or line break inside (`urls .reverse`, `urls.\\\n reverse`), a call the whole-file
    // reading does not look into (an annotation, a pattern, a subscript, a format spec): read with its statement.
    if (!this.chainPlain || this.subscripts > 0 || this.specDepth > 0 || OPAQUE_LINES.has(this.lineFirstWord)) {
      this.top!.whole = true;
      return;
    }
    const s = this.chainStart;
    const span = { start: s, end: -1 };
    this.pending.set(j, span);
    this.top!.parts.push(span);
  }

  /** A string literal from its opening quote; an f- or t-string's replacement fields are scanned as code. */
  private string(q0: number, prefix: string): void {
    const t = this.text;
    const quote = t.charCodeAt(q0);
    const triple = t.charCodeAt(q0 + 1) === quote && t.charCodeAt(q0 + 2) === quote;
    const formatted = /[fFtT]/.test(prefix);
    this.i = q0 + (triple ? 3 : 1);
    while (this.i < this.n) {
      const c = t.charCodeAt(this.i);
      if (c === 92) this.i += 2;
      else if (c === quote && (!triple || (t.charCodeAt(this.i + 1) === quote && t.charCodeAt(this.i + 2) === quote))) {
        this.i += triple ? 3 : 1;
        this.prevWord = '';
        this.prevTok = Prev.Word;
        this.chainStart = -1;
        return;
      } else if ((c === 10 || c === 13) && !triple) throw GIVE_UP;
      else if (formatted && c === 123) {
        if (t.charCodeAt(this.i + 1) === 123) this.i += 2;
        else this.field();
      } else this.i++;
    }
    throw GIVE_UP;
  }

  /** A replacement field `{expr!r:spec}` of an f-string, from its `{`. */
  private field(): void {
    if (++this.fieldDepth > MAX_FIELD_DEPTH) throw GIVE_UP;
    this.i++;
    // The field is an expression of its own: nothing before the string is its receiver.
    this.prevTok = Prev.Other;
    this.chainStart = -1;
    this.code(true);
    if (this.text.charCodeAt(this.i) !== 125) throw GIVE_UP;
    this.i++;
    this.fieldDepth--;
  }

  /** A format spec after `:`: text with nested fields, up to the field's closing `}` (left for field() to take). */
  private formatSpec(): void {
    const t = this.text;
    while (this.i < this.n) {
      const c = t.charCodeAt(this.i);
      if (c === 125) return;
      if (c === 123) {
        this.specDepth++;
        this.field();
        this.specDepth--;
      } else if (c === 10 || c === 34 || c === 39) throw GIVE_UP;
      else this.i++;
    }
    throw GIVE_UP;
  }

  /** The first token of a logical line starts a top-level statement when it is in column 0. */
  private startToken(pos: number, w: string): void {
    if (this.lineFirst >= 0) return;
    this.lineFirst = pos;
    this.lineFirstWord = w;
    const col0 = pos === 0 || this.text.charCodeAt(pos - 1) === 10 || (pos === 1 && this.text.charCodeAt(0) === 0xfeff);
    if (col0 && !CONTINUES.has(w) && !this.lastWasDecorator) {
      this.top = { start: pos, end: pos, whole: false, parts: [] };
      this.tops.push(this.top);
    } else if (!this.top) throw GIVE_UP;
  }

  /** Ends the logical line at `end` (its newline or the end of the text). */
  private endLine(end: number): void {
    if (this.lineFirst < 0) return;
    const top = this.top!;
    // A statement's span ends after its newline, as the parse of the whole file has it.
    top.end = end < this.n ? end + 1 : end;
    if (this.lineHasImport) {
      if (this.lineFirstWord === 'import' || this.lineFirstWord === 'from') top.parts.push({ start: this.lineFirst, end });
      else top.whole = true;
    }
    if (this.lineFirstWord === 'class' && this.q.wholeClass.test(this.text.slice(this.lineFirst, end))) top.whole = true;
    this.lastWasDecorator = this.lineFirstWord === '@';
    this.lineFirst = -1;
    this.lineFirstWord = '';
    this.lineHasImport = false;
    this.lambdas = 0;
    this.headerColon = false;
    this.prevWord = '';
    this.prevTok = Prev.Other;
    this.chainStart = -1;
  }
}
