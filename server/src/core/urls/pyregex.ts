// Translates Python `re` patterns (as written in re_path() and converter regexes) into JavaScript regular expressions and into RE2 syntax for linear-time matching.

import type { RE2JS as RE2Program } from 're2js';

/** re2js (150 KB, Unicode tables built on load) is loaded at the first match, not with the engine: most runs match no path. */
let re2: typeof RE2Program | undefined;
const RE2JS = (): typeof RE2Program => (re2 ??= (require('re2js') as typeof import('re2js')).RE2JS);

/** One capturing group of a Python pattern, numbered from 1 in order of its opening parenthesis. */
export interface PyRegexGroup {
  name?: string;
  index: number;
}

/** The translation of a Python pattern. When `error` is set the pattern must be treated as not understood. */
export interface PyRegexTranslation {
  /** JavaScript source, to be compiled with `flags`; empty when `error` is set. */
  source: string;
  /** JavaScript flags: always `v` (so that `\p{..}` and nested classes work), plus `i` for IGNORECASE. */
  flags: string;
  groups: PyRegexGroup[];
  error?: string;
}

/** Python's global flags that change how a pattern is read or matched. */
interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

class PyRegexError extends Error {}

/**
 * What a pattern is translated into. `js` is a JavaScript RegExp with exactly Python's semantics, but
 * JavaScript backtracks (`^(a+)+$` takes exponential time), so it is never run on a user's input. `re2` is
 * RE2 syntax for re2js, which matches in linear time; constructs RE2 cannot express (backreferences,
 * lookaheads, lookbehinds with groups) are errors there, and a few are exact only for some inputs (`Re2Needs`).
 */
type Target = 'js' | 're2';

/** Constructs of an RE2 translation whose meaning equals Python's only for some inputs; checked per input. */
interface Re2Needs {
  /** A non-MULTILINE `$`: Python also matches it before a newline that ends the string. */
  dollar: boolean;
  /** `\b`/`\B` without the ASCII flag: RE2's are ASCII, Python's Unicode, so they agree on ASCII input only. */
  unicodeBoundary: boolean;
  /** `\B`: Python 3.11's never matches in an empty string, RE2's does. */
  nonBoundary: boolean;
  /** IGNORECASE with ASCII: Python folds only ASCII letters then, RE2 folds all. */
  asciiCaseFold: boolean;
  /** A lookbehind: re2js needs its LOOKBEHINDS flag. */
  lookbehind: boolean;
}

/** Marks Python's Unicode `\W` inside a class, which RE2 can only express as a class of its own. */
const RE2_NOT_WORD = '\0not-word';

// Python's `\s` for str patterns is str.isspace(), which differs from JavaScript's `\s` (it has U+001C..U+001F
// and U+0085 and lacks U+FEFF), so the class is spelled out.
const UNICODE_SPACE = '[\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const ASCII_SPACE = '[\\t\\n\\x0B\\f\\r\\x20]';
// Python's `\d` for str patterns is any Unicode decimal digit and `\w` is str.isalnum() or underscore.
const UNICODE_DIGIT = '\\p{Nd}';
const UNICODE_WORD = '[\\p{L}\\p{N}_]';
const ASCII_DIGIT = '[0-9]';
const ASCII_WORD = '[A-Za-z0-9_]';

// The same sets as code point ranges, for RE2 classes (which cannot nest, so `\S` must be spelled as a complement).
const UNICODE_SPACE_RANGES: [number, number][] = [
  [0x09, 0x0d], [0x1c, 0x20], [0x85, 0x85], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000],
];
const ASCII_SPACE_RANGES: [number, number][] = [[0x09, 0x0d], [0x20, 0x20]];

const OCTAL = /[0-7]/;
const DIGIT = /[0-9]/;
const VERBOSE_SPACE = ' \t\n\r\v\f';

/**
 * Renders one code point as a JavaScript pattern atom that means exactly that character. Inside a `v`-mode class
 * many punctuation characters are reserved, so there everything but letters and digits is written as `\u{..}`;
 * outside a class only the syntax characters need that, and leaving the rest readable helps debugging.
 */
function literal(cp: number, inClass = true): string {
  const ch = String.fromCodePoint(cp);
  if (/^[A-Za-z0-9_]$/.test(ch)) return ch;
  if (!inClass && cp > 0x20 && cp !== 0x7f && !(cp >= 0xd800 && cp <= 0xdfff) && !'^$\\.*+?()[]{}|'.includes(ch)) return ch;
  return `\\u{${cp.toString(16)}}`;
}

/** A code point as an RE2 atom: letters, digits and `_` as themselves, everything else as `\x{..}`, in or out of a class. */
function re2Literal(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_]$/.test(ch) ? ch : `\\x{${cp.toString(16)}}`;
}

/** Sorted, disjoint code point ranges as the inside of an RE2 class. */
function re2Ranges(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? re2Literal(lo) : `${re2Literal(lo)}-${re2Literal(hi)}`)).join('');
}

/** The complement of sorted, disjoint code point ranges. */
function complementRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/** True for a string Python accepts as an identifier (and therefore as a group name). */
export function isPythonIdentifier(name: string): boolean {
  return /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name);
}

/** A recursive-descent reader over one Python pattern under fixed global flags. */
class Translator {
  private pos = 0;
  private groupCount = 0;
  private readonly groups: PyRegexGroup[] = [];
  private readonly names = new Map<string, number>();
  private readonly openGroups = new Set<number>();
  /** Global flags met in the pattern itself; if they add to `flags` the pattern is read again with them. */
  readonly found: Flags;
  /** For the `re2` target: what the translation's exactness depends on. */
  readonly needs: Re2Needs = { dollar: false, unicodeBoundary: false, nonBoundary: false, asciiCaseFold: false, lookbehind: false };
  /**
   * For the `re2` target: lookaheads right after a start anchor of the only top-level branch, as in the common
   * catch-all `^(?!api/).*$`. They are left out of `source`; each is tested at position 0 on its own.
   */
  readonly leadingLookaheads: { negative: boolean; source: string }[] = [];
  private topBranches = 1;

  /** `dollar` is the RE2 text for a non-MULTILINE `$`, which depends on the input (see `LinearPyRegex`). */
  constructor(
    private readonly text: string,
    private flags: Flags,
    private readonly target: Target = 'js',
    private readonly dollar = '\\z',
  ) {
    this.found = { ...flags };
  }

  private get re2(): boolean {
    return this.target === 're2';
  }

  /** A code point as an atom of the target's syntax. */
  private lit(cp: number, inClass: boolean): string {
    return this.re2 ? re2Literal(cp) : literal(cp, inClass);
  }

  /** Refuses, for the RE2 target, a construct RE2 has no linear-time equivalent of. */
  private notInRe2(what: string): void {
    if (this.re2) throw new PyRegexError(`${what} cannot be matched in linear time`);
  }

  run(): { source: string; groups: PyRegexGroup[] } {
    const source = this.alternation(0);
    if (this.re2 && this.flags.i && this.flags.a) this.needs.asciiCaseFold = true;
    // With another branch, the match need not start where the leading lookaheads were tested.
    if (this.leadingLookaheads.length > 0 && this.topBranches > 1) throw new PyRegexError('a lookahead cannot be matched in linear time');
    if (this.pos < this.text.length) {
      // Only an unbalanced ')' can stop the top level early.
      throw new PyRegexError(`unbalanced parenthesis at position ${this.pos}`);
    }
    return { source, groups: this.groups };
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  private get wordClass(): string {
    if (this.re2) return this.flags.a ? '[0-9A-Za-z_]' : '[\\p{L}\\p{N}_]';
    return this.flags.a ? ASCII_WORD : UNICODE_WORD;
  }

  private alternation(depth: number): string {
    const branches: string[] = [this.sequence(depth, true)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence(depth, false));
    }
    if (depth === 0) this.topBranches = branches.length;
    return branches.join('|');
  }

  /** Skips whitespace and `#` comments, which only verbose patterns ignore. */
  private skipVerbose(): void {
    if (!this.flags.x) return;
    for (;;) {
      const ch = this.peek();
      if (ch !== undefined && VERBOSE_SPACE.includes(ch)) {
        this.pos++;
      } else if (ch === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else {
        return;
      }
    }
  }

  private sequence(depth: number, firstBranch: boolean): string {
    let out = '';
    // Whether the last emitted item may take a quantifier (Python says "nothing to repeat" otherwise).
    let lastRepeatable = false;
    let lastWasQuantified = false;
    let itemCount = 0;
    // For the RE2 target: nothing but start anchors so far in the first top-level branch.
    let onlyStart = this.re2 && depth === 0 && firstBranch;
    for (;;) {
      this.skipVerbose();
      const ch = this.peek();
      if (ch === undefined || ch === '|' || ch === ')') return out;
      const quantifier = this.quantifier();
      if (quantifier !== undefined) {
        if (lastWasQuantified) throw new PyRegexError(`multiple repeat at position ${this.pos}`);
        if (!lastRepeatable) throw new PyRegexError(`nothing to repeat at position ${this.pos}`);
        out += quantifier;
        lastWasQuantified = true;
        continue;
      }
      if (onlyStart && itemCount > 0 && (this.text.startsWith('(?=', this.pos) || this.text.startsWith('(?!', this.pos))) {
        // A lookahead after `^`: the match can only start at 0, so the lookahead is a separate test there.
        const start = this.pos;
        const negative = this.text[this.pos + 2] === '!';
        this.pos += 3;
        const groupsBefore = this.groupCount;
        const inner = this.closeGroup(depth, start);
        this.skipVerbose();
        if (this.groupCount !== groupsBefore || this.quantifier() !== undefined) throw new PyRegexError('a lookahead cannot be matched in linear time');
        this.leadingLookaheads.push({ negative, source: inner });
        lastRepeatable = false;
        lastWasQuantified = false;
        itemCount++;
        continue;
      }
      const item = this.atom(depth, firstBranch && itemCount === 0);
      if (item === undefined) continue; // A comment or a global flag group adds nothing.
      if (item.source !== '\\A') onlyStart = false;
      out += item.source;
      lastRepeatable = item.repeatable;
      lastWasQuantified = false;
      itemCount++;
    }
  }

  /** Reads a quantifier at the current position, if there is one, and returns its JavaScript form. */
  private quantifier(): string | undefined {
    const ch = this.peek();
    let q: string;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.pos++;
      q = ch;
    } else if (ch === '{') {
      // Python reads '{' as a repeat only in the forms {m}, {m,}, {,n}, {m,n}, {,}; anything else is a literal.
      const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.text.slice(this.pos));
      if (!m || m[0] === '{}' || (m[1] === '' && m[2] === undefined)) return undefined;
      this.pos += m[0].length;
      const lo = m[1] === '' ? '0' : m[1];
      const hi = m[2] === undefined ? lo : m[3];
      if (hi !== '' && Number(lo) > Number(hi)) throw new PyRegexError('min repeat greater than max repeat');
      q = m[2] === undefined ? `{${Number(lo)}}` : `{${Number(lo)},${hi === '' ? '' : Number(hi)}}`;
    } else {
      return undefined;
    }
    if (this.peek() === '?') {
      this.pos++;
      q += '?';
    } else if (this.peek() === '+') {
      throw new PyRegexError('possessive quantifiers are not supported');
    }
    return q;
  }

  private atom(depth: number, atStart: boolean): { source: string; repeatable: boolean } | undefined {
    const ch = this.text[this.pos];
    switch (ch) {
      case '(':
        return this.group(depth, atStart);
      case '[':
        return { source: this.charClass(), repeatable: true };
      case '.':
        this.pos++;
        if (this.re2) return { source: this.flags.s ? '(?s:.)' : '[^\\n]', repeatable: true };
        return { source: this.flags.s ? '[\\s\\S]' : '[^\\n]', repeatable: true };
      case '^':
        this.pos++;
        // RE2's multi-line `^` also holds at the start and after every newline, the end included.
        if (this.re2) return { source: this.flags.m ? '(?m:^)' : '\\A', repeatable: false };
        return { source: this.flags.m ? '(?:(?<![\\s\\S])|(?<=\\n))' : '^', repeatable: false };
      case '$':
        this.pos++;
        if (this.re2) {
          if (this.flags.m) return { source: '(?m:$)', repeatable: false };
          this.needs.dollar = true;
          return { source: this.dollar, repeatable: false };
        }
        // Python's '$' also matches just before a newline that ends the string (or any newline in MULTILINE).
        return { source: this.flags.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))', repeatable: false };
      case '\\':
        return this.escape();
      default: {
        const cp = this.text.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { source: this.lit(cp, false), repeatable: true };
      }
    }
  }

  private group(depth: number, atStart: boolean): { source: string; repeatable: boolean } | undefined {
    const start = this.pos;
    this.pos++; // '('
    if (this.peek() !== '?') {
      const index = ++this.groupCount;
      this.groups.push({ index });
      this.openGroups.add(index);
      const inner = this.closeGroup(depth, start);
      this.openGroups.delete(index);
      return { source: `(${inner})`, repeatable: true };
    }
    this.pos++; // '?'
    const kind = this.peek();
    if (kind === 'P') {
      this.pos++;
      const next = this.peek();
      if (next === '<') {
        this.pos++;
        const name = this.readName('>');
        if (!isPythonIdentifier(name)) throw new PyRegexError(`bad character in group name '${name}'`);
        if (this.names.has(name)) throw new PyRegexError(`redefinition of group name '${name}'`);
        const index = ++this.groupCount;
        this.names.set(name, index);
        this.groups.push({ name, index });
        this.openGroups.add(index);
        const inner = this.closeGroup(depth, start);
        this.openGroups.delete(index);
        // RE2 needs no names: groups are read by number, and the numbering is the same.
        return { source: this.re2 ? `(${inner})` : `(?<${name}>${inner})`, repeatable: true };
      }
      if (next === '=') {
        this.pos++;
        const name = this.readName(')');
        const index = this.names.get(name);
        if (index === undefined) throw new PyRegexError(`unknown group name '${name}'`);
        if (this.openGroups.has(index)) throw new PyRegexError('cannot refer to an open group');
        this.notInRe2('a backreference');
        return { source: `\\k<${name}>`, repeatable: true };
      }
      throw new PyRegexError(`unknown extension ?P${next ?? ''}`);
    }
    if (kind === ':' || kind === '=' || kind === '!') {
      this.pos++;
      if (kind !== ':') this.notInRe2('a lookahead');
      const inner = this.closeGroup(depth, start);
      return { source: `(?${kind}${inner})`, repeatable: true };
    }
    if (kind === '<' && (this.peek(1) === '=' || this.peek(1) === '!')) {
      const op = this.peek(1)!;
      this.pos += 2;
      const groupsBefore = this.groupCount;
      const inner = this.closeGroup(depth, start);
      if (this.re2) {
        // re2js runs lookbehinds in linear time only when they capture nothing.
        if (this.groupCount !== groupsBefore) throw new PyRegexError('a lookbehind with a group cannot be matched in linear time');
        this.needs.lookbehind = true;
      }
      return { source: `(?<${op}${inner})`, repeatable: true };
    }
    if (kind === '#') {
      // A comment runs to the first ')' that is not escaped.
      for (;;) {
        const c = this.peek();
        if (c === undefined) throw new PyRegexError('missing ), unterminated comment');
        this.pos += c === '\\' ? 2 : 1;
        if (c === ')') return undefined;
      }
    }
    const flagMatch = /^([aiLmsux]+)(\)|:|-)/.exec(this.text.slice(this.pos)) ?? /^(-)/.exec(this.text.slice(this.pos));
    if (flagMatch && flagMatch[2] === ')') {
      if (depth > 0 || !atStart) throw new PyRegexError('global flags not at the start of the expression');
      const letters = flagMatch[1];
      if (letters.includes('L')) throw new PyRegexError('bad inline flags: cannot use \'L\' flag with a str pattern');
      if (letters.includes('a') && letters.includes('u')) throw new PyRegexError('bad inline flags: flags \'a\' and \'u\' are incompatible');
      for (const f of letters) {
        if (f === 'i' || f === 'm' || f === 's' || f === 'x' || f === 'a') this.found[f] = true;
      }
      // Like Python, the rest of this pass is read with the new flags (verbose changes how it is read).
      this.flags = { ...this.found };
      this.pos += flagMatch[0].length;
      return undefined;
    }
    if (flagMatch) throw new PyRegexError('flags scoped to a group, (?flags:...), are not supported');
    if (kind === '(') throw new PyRegexError('conditional groups are not supported');
    if (kind === '>') throw new PyRegexError('atomic groups are not supported');
    throw new PyRegexError(`unknown extension ?${kind ?? ''}`);
  }

  private closeGroup(depth: number, start: number): string {
    const inner = this.alternation(depth + 1);
    if (this.peek() !== ')') throw new PyRegexError(`missing ), unterminated subpattern at position ${start}`);
    this.pos++;
    return inner;
  }

  private readName(terminator: string): string {
    const end = this.text.indexOf(terminator, this.pos);
    if (end < 0) throw new PyRegexError('missing group name terminator');
    const name = this.text.slice(this.pos, end);
    if (name === '') throw new PyRegexError('missing group name');
    this.pos = end + 1;
    return name;
  }

  /** Reads an escape outside a class. */
  private escape(): { source: string; repeatable: boolean } {
    this.pos++; // '\'
    const ch = this.peek();
    if (ch === undefined) throw new PyRegexError('bad escape (end of pattern)');
    const W = this.wordClass;
    if (this.re2 && (ch === 'A' || ch === 'Z' || ch === 'b' || ch === 'B')) {
      this.pos++;
      if (ch === 'A') return { source: '\\A', repeatable: false };
      if (ch === 'Z') return { source: '\\z', repeatable: false };
      if (!this.flags.a) this.needs.unicodeBoundary = true;
      if (ch === 'B') this.needs.nonBoundary = true;
      return { source: '\\' + ch, repeatable: false };
    }
    switch (ch) {
      case 'A':
        this.pos++;
        return { source: '(?<![\\s\\S])', repeatable: false };
      case 'Z':
        this.pos++;
        return { source: '(?![\\s\\S])', repeatable: false };
      case 'b':
        this.pos++;
        return { source: `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`, repeatable: false };
      case 'B':
        this.pos++;
        // Python 3.11's \B never matches in an empty string.
        return { source: `(?:(?<=${W})(?=${W})|(?<!${W})(?!${W})(?:(?<=[\\s\\S])|(?=[\\s\\S])))`, repeatable: false };
    }
    if (/[1-9]/.test(ch)) {
      // Three octal digits make an octal escape; otherwise one or two digits are a group reference.
      const three = this.text.slice(this.pos, this.pos + 3);
      if (/^[0-7]{3}$/.test(three)) {
        this.pos += 3;
        const value = parseInt(three, 8);
        if (value > 0o377) throw new PyRegexError(`octal escape value \\${three} outside of range 0-0o377`);
        return { source: this.lit(value, false), repeatable: true };
      }
      let digits = ch;
      this.pos++;
      if (this.peek() !== undefined && DIGIT.test(this.peek()!)) {
        digits += this.peek();
        this.pos++;
      }
      const index = Number(digits);
      if (index > this.groupCount) throw new PyRegexError(`invalid group reference ${index}`);
      if (this.openGroups.has(index)) throw new PyRegexError('cannot refer to an open group');
      this.notInRe2('a backreference');
      // The reference is wrapped so that a following literal digit is not read as part of it.
      return { source: `(?:\\${index})`, repeatable: true };
    }
    return { source: this.commonEscape(false), repeatable: true };
  }

  /** Escapes that mean the same inside and outside a class: character sets and single characters. */
  private commonEscape(inClass: boolean): string {
    const ch = this.text[this.pos];
    this.pos++;
    const a = this.flags.a;
    if (this.re2) {
      const set = this.re2Set(ch, inClass);
      if (set !== undefined) return set;
      return re2Literal(this.singleCharEscape(ch, inClass));
    }
    switch (ch) {
      case 'd':
        return a ? ASCII_DIGIT : UNICODE_DIGIT;
      case 'D':
        return a ? '[^0-9]' : '\\P{Nd}';
      case 'w':
        return this.wordClass;
      case 'W':
        return a ? '[^A-Za-z0-9_]' : '[^\\p{L}\\p{N}_]';
      case 's':
        return a ? ASCII_SPACE : UNICODE_SPACE;
      case 'S':
        return '[^' + (a ? ASCII_SPACE : UNICODE_SPACE).slice(1);
    }
    const single = this.singleCharEscape(ch, inClass);
    return literal(single, inClass);
  }

  /**
   * A set escape (`\d`, `\W`, ...) in RE2 syntax: a whole class outside a class, the inside of one in a class
   * (RE2 classes do not nest; RE2's own `\d`, `\s`, `\w` are ASCII-only and its `\s` lacks `\v`).
   * Unicode `\W` in a class is `RE2_NOT_WORD`, which `charClass` handles.
   */
  private re2Set(ch: string, inClass: boolean): string | undefined {
    const a = this.flags.a;
    const wrap = (inside: string) => (inClass ? inside : `[${inside}]`);
    const spaces = a ? ASCII_SPACE_RANGES : UNICODE_SPACE_RANGES;
    switch (ch) {
      case 'd':
        return a ? wrap('0-9') : '\\p{Nd}';
      case 'D':
        return a ? (inClass ? '\\D' : '[^0-9]') : '\\P{Nd}';
      case 'w':
        return wrap(a ? '0-9A-Za-z_' : '\\p{L}\\p{N}_');
      case 'W':
        if (a) return inClass ? '\\W' : '[^0-9A-Za-z_]';
        return inClass ? RE2_NOT_WORD : '[^\\p{L}\\p{N}_]';
      case 's':
        return wrap(re2Ranges(spaces));
      case 'S':
        return wrap(re2Ranges(complementRanges(spaces)));
    }
    return undefined;
  }

  /** Reads the rest of an escape that stands for one character and returns its code point. */
  private singleCharEscape(ch: string, inClass: boolean): number {
    switch (ch) {
      case 'n':
        return 10;
      case 't':
        return 9;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case 'a':
        return 7;
      case 'b':
        if (inClass) return 8;
        break;
      case 'x':
      case 'u':
      case 'U': {
        const len = ch === 'x' ? 2 : ch === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new PyRegexError(`incomplete escape \\${ch}${hex}`);
        this.pos += len;
        const value = parseInt(hex, 16);
        if (value > 0x10ffff) throw new PyRegexError(`bad escape \\${ch}${hex}`);
        return value;
      }
      case '0': {
        // \0 takes up to two more octal digits.
        let digits = '';
        while (digits.length < 2 && this.peek() !== undefined && OCTAL.test(this.peek()!)) {
          digits += this.peek();
          this.pos++;
        }
        return parseInt(digits || '0', 8);
      }
    }
    if (inClass && /[1-7]/.test(ch)) {
      // Inside a class, digits can only be octal escapes of up to three digits.
      let digits = ch;
      while (digits.length < 3 && this.peek() !== undefined && OCTAL.test(this.peek()!)) {
        digits += this.peek();
        this.pos++;
      }
      const value = parseInt(digits, 8);
      if (value > 0o377) throw new PyRegexError(`octal escape value \\${digits} outside of range 0-0o377`);
      return value;
    }
    if (/[A-Za-z0-9]/.test(ch)) {
      // Python rejects escapes of ASCII letters and digits it does not define (\N{...} is defined but not supported here).
      throw new PyRegexError(ch === 'N' ? 'named Unicode escapes \\N{...} are not supported' : `bad escape \\${ch}`);
    }
    // Any other escaped character stands for itself; step back over a surrogate pair's second half.
    const cp = this.text.codePointAt(this.pos - 1)!;
    if (cp > 0xffff) this.pos++;
    return cp;
  }

  /** Reads a `[...]` class; Python reads ']' right after '[' or '[^' as a literal. */
  private charClass(): string {
    const start = this.pos;
    this.pos++; // '['
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const items: string[] = [];
    let first = true;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new PyRegexError(`unterminated character set at position ${start}`);
      if (ch === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++; // '-'
        const hi = this.classAtom();
        if (typeof lo === 'string' || typeof hi === 'string') throw new PyRegexError('bad character range');
        if (lo > hi) throw new PyRegexError('bad character range');
        items.push(`${this.lit(lo, true)}-${this.lit(hi, true)}`);
      } else {
        items.push(typeof lo === 'string' ? lo : this.lit(lo, true));
      }
    }
    if (this.re2 && items.includes(RE2_NOT_WORD)) {
      // RE2 has no class intersection, so `[...\W]` becomes an alternation of two classes; `[^...\W]`, the
      // word characters minus the others, has no RE2 spelling.
      if (negated) throw new PyRegexError('a negated class containing \\W cannot be matched in linear time');
      const rest = items.filter((item) => item !== RE2_NOT_WORD);
      const notWord = '[^\\p{L}\\p{N}_]';
      return rest.length === 0 ? notWord : `(?:[${rest.join('')}]|${notWord})`;
    }
    return `[${negated ? '^' : ''}${items.join('')}]`;
  }

  /** One member of a class: a code point, or the JavaScript text of a set such as `\d`. */
  private classAtom(): number | string {
    const ch = this.text[this.pos];
    if (ch !== '\\') {
      const cp = this.text.codePointAt(this.pos)!;
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    this.pos++;
    const next = this.peek();
    if (next === undefined) throw new PyRegexError('unterminated character set');
    if ('dDwWsS'.includes(next)) return this.commonEscape(true);
    if (next === '8' || next === '9' || next === 'A' || next === 'Z' || next === 'B') throw new PyRegexError(`bad escape \\${next}`);
    this.pos++;
    return this.singleCharEscape(next, true);
  }
}

const NO_FLAGS: Flags = { i: false, m: false, s: false, x: false, a: false };

/** Reads a pattern for a target, a second time when its own global flags add to those it was first read with. */
function translate(
  pattern: string,
  target: Target,
  dollar?: string,
): { source: string; groups: PyRegexGroup[]; flags: Flags; needs: Re2Needs; lookaheads: { negative: boolean; source: string }[] } {
  let flags = NO_FLAGS;
  let translator = new Translator(pattern, flags, target, dollar);
  let result = translator.run();
  const found = translator.found;
  if (found.i !== flags.i || found.m !== flags.m || found.s !== flags.s || found.x !== flags.x || found.a !== flags.a) {
    // Global flags apply to the whole pattern, so it is read again with them, as Python does for verbose.
    flags = found;
    translator = new Translator(pattern, flags, target, dollar);
    result = translator.run();
  }
  return { source: result.source, groups: result.groups, flags, needs: translator.needs, lookaheads: translator.leadingLookaheads };
}

/**
 * Translates a Python `re` pattern (str, Python 3.11 rules) to a JavaScript pattern with the same matches and
 * the same group numbering. Constructs JavaScript cannot express faithfully are reported as `error`.
 */
export function pyRegexToJs(pattern: string): PyRegexTranslation {
  try {
    const t = translate(pattern, 'js');
    const jsFlags = 'v' + (t.flags.i ? 'i' : '');
    // The engine is the final judge of whether the translation is well-formed JavaScript.
    new RegExp(t.source, jsFlags);
    return { source: t.source, flags: jsFlags, groups: t.groups };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { source: '', flags: 'v', groups: [], error: message };
  }
}

/** One match of a Python pattern: `groups[0]` is the whole match, `groups[i]` group i (undefined if it took no part). */
export interface PyMatch {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

/** A match, no match (null), or 'unknown' when Python's answer for this pattern and input cannot be computed in linear time. */
export type PyMatchResult = PyMatch | null | 'unknown';

/** Django's two ways of applying a pattern: `re.search` (leftmost match anywhere) or `re.fullmatch`. */
export type PyMatchMode = 'search' | 'fullmatch';

/** An RE2 translation: the pattern without its leading lookaheads, and those lookaheads. */
interface Re2Source {
  source: string;
  lookaheads: { negative: boolean; source: string }[];
}

// Python folds i, I, U+0130 and U+0131 together under IGNORECASE; RE2 (simple case folding) does not.
const DOTTED_I = /[\u0130\u0131]/;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A Python pattern matched by re2js, whose time is linear in the input whatever the pattern (`^(a+)+$` on
 * "aaaa…!" included). Where the RE2 translation means the same as Python only for some inputs (`Re2Needs`),
 * other inputs get 'unknown'; so does a pattern RE2 cannot express at all.
 */
class LinearPyRegex {
  private readonly programs = new Map<string, RE2Program | null>();
  private readonly sources: { plain: Re2Source; finalNewline?: Re2Source } | undefined;
  private readonly needs: Re2Needs | undefined;
  private readonly caseInsensitive: boolean = false;
  private readonly patternNonAscii: boolean;
  private readonly patternDottedI: boolean;

  constructor(pattern: string, private readonly groupCount: number) {
    this.patternNonAscii = NON_ASCII.test(pattern);
    this.patternDottedI = DOTTED_I.test(pattern);
    try {
      // A non-MULTILINE `$` is `\z` unless the input ends with a newline; then, if that is the input's only
      // newline, RE2's multi-line `$` (before any newline, or at the end) means the same as Python's.
      const plain = translate(pattern, 're2', '\\z');
      this.needs = plain.needs;
      this.caseInsensitive = plain.flags.i;
      this.sources = { plain };
      if (plain.needs.dollar) this.sources.finalNewline = translate(pattern, 're2', '(?m:$)');
      if (plain.groups.length !== groupCount) this.sources = undefined;
    } catch {
      this.sources = undefined;
    }
  }

  match(input: string, mode: PyMatchMode): PyMatchResult {
    const needs = this.needs;
    if (!this.sources || !needs) return 'unknown';
    if ((needs.unicodeBoundary || needs.asciiCaseFold) && NON_ASCII.test(input)) return 'unknown';
    if (needs.asciiCaseFold && this.patternNonAscii) return 'unknown';
    if (this.caseInsensitive && !needs.asciiCaseFold && (this.patternDottedI || DOTTED_I.test(input))) return 'unknown';
    if (needs.nonBoundary && input === '') return 'unknown';
    let variant: 'plain' | 'finalNewline' = 'plain';
    if (needs.dollar && input.endsWith('\n')) {
      if (input.indexOf('\n') !== input.length - 1) return 'unknown';
      variant = 'finalNewline';
    }
    const program = this.program(variant, mode);
    if (!program) return 'unknown';
    const lookaheads = this.sources[variant]!.lookaheads;
    for (let i = 0; i < lookaheads.length; i++) {
      const test = this.program(variant, i);
      if (!test) return 'unknown';
      if (test.matcher(input).find() === lookaheads[i].negative) return null;
    }
    const m = program.matcher(input);
    if (!m.find()) return null;
    const groups: (string | undefined)[] = [];
    for (let i = 0; i <= this.groupCount; i++) groups.push(m.group(i) ?? undefined);
    return { start: m.start(), end: m.end(), groups };
  }

  /**
   * The compiled RE2 program for a variant and a mode, or for the variant's leading lookahead number `mode`
   * (anchored at the start); null when re2js refuses it (e.g. a repeat count over 1000).
   */
  private program(variant: 'plain' | 'finalNewline', mode: PyMatchMode | number): RE2Program | null {
    const key = variant + mode;
    let program = this.programs.get(key);
    if (program !== undefined) return program;
    const translation = this.sources![variant]!;
    const flags = (this.caseInsensitive ? RE2JS().CASE_INSENSITIVE : 0) | (this.needs!.lookbehind ? RE2JS().LOOKBEHINDS : 0);
    try {
      if (typeof mode === 'number') {
        program = RE2JS().compile(`\\A(?:${translation.lookaheads[mode].source})`, flags);
      } else {
        const source = translation.source;
        program = RE2JS().compile(mode === 'search' ? source : `\\A(?:${source})\\z`, flags);
        if (program.groupCount() !== this.groupCount) program = null;
      }
    } catch {
      program = null;
    }
    this.programs.set(key, program);
    return program;
  }
}

/** A compiled Python pattern with both of Django's ways of applying it. */
export interface CompiledPyRegex {
  groups: PyRegexGroup[];
  /**
   * `re.search` and `re.fullmatch` as JavaScript RegExps: exactly Python's matches, but backtracking, so a
   * pattern like `^(a+)+$` takes exponential time. Never run them on input from a user or a URL; use `match`.
   */
  search: RegExp;
  fullmatch: RegExp;
  /** Applies the pattern in linear time, or says 'unknown'. This is what resolving and reversing use. */
  match(input: string, mode: PyMatchMode): PyMatchResult;
}

const compiledCache = new Map<string, CompiledPyRegex | { error: string }>();

/** Compiles a Python pattern (cached, since the same patterns are matched again and again). */
export function compilePyRegex(pattern: string): CompiledPyRegex | { error: string } {
  const cached = compiledCache.get(pattern);
  if (cached) return cached;
  const t = pyRegexToJs(pattern);
  let result: CompiledPyRegex | { error: string };
  if (t.error !== undefined) {
    result = { error: t.error };
  } else {
    // The RE2 side is built on first use: many patterns are only ever read for their groups.
    let linear: LinearPyRegex | undefined;
    const groupCount = t.groups.length;
    result = {
      groups: t.groups,
      search: new RegExp(t.source, t.flags),
      fullmatch: new RegExp(`^(?:${t.source})(?![\\s\\S])`, t.flags),
      match: (input, mode) => (linear ??= new LinearPyRegex(pattern, groupCount)).match(input, mode),
    };
  }
  if (compiledCache.size > 5000) compiledCache.clear();
  compiledCache.set(pattern, result);
  return result;
}
