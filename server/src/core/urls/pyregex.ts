// Translates Python `re` patterns (as written in re_path() and converter regexes) into equivalent JavaScript regular expressions.

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

// Python's `\s` for str patterns is str.isspace(), which differs from JavaScript's `\s` (it has U+001C..U+001F
// and U+0085 and lacks U+FEFF), so the class is spelled out.
const UNICODE_SPACE = '[\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const ASCII_SPACE = '[\\t\\n\\x0B\\f\\r\\x20]';
// Python's `\d` for str patterns is any Unicode decimal digit and `\w` is str.isalnum() or underscore.
const UNICODE_DIGIT = '\\p{Nd}';
const UNICODE_WORD = '[\\p{L}\\p{N}_]';
const ASCII_DIGIT = '[0-9]';
const ASCII_WORD = '[A-Za-z0-9_]';

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

  constructor(
    private readonly text: string,
    private flags: Flags,
  ) {
    this.found = { ...flags };
  }

  run(): { source: string; groups: PyRegexGroup[] } {
    const source = this.alternation(0);
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
    return this.flags.a ? ASCII_WORD : UNICODE_WORD;
  }

  private alternation(depth: number): string {
    const branches: string[] = [this.sequence(depth, true)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence(depth, false));
    }
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
      const item = this.atom(depth, firstBranch && itemCount === 0);
      if (item === undefined) continue; // A comment or a global flag group adds nothing.
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
        return { source: this.flags.s ? '[\\s\\S]' : '[^\\n]', repeatable: true };
      case '^':
        this.pos++;
        return { source: this.flags.m ? '(?:(?<![\\s\\S])|(?<=\\n))' : '^', repeatable: false };
      case '$':
        this.pos++;
        // Python's '$' also matches just before a newline that ends the string (or any newline in MULTILINE).
        return { source: this.flags.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))', repeatable: false };
      case '\\':
        return this.escape();
      default: {
        const cp = this.text.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { source: literal(cp, false), repeatable: true };
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
        return { source: `(?<${name}>${inner})`, repeatable: true };
      }
      if (next === '=') {
        this.pos++;
        const name = this.readName(')');
        const index = this.names.get(name);
        if (index === undefined) throw new PyRegexError(`unknown group name '${name}'`);
        if (this.openGroups.has(index)) throw new PyRegexError('cannot refer to an open group');
        return { source: `\\k<${name}>`, repeatable: true };
      }
      throw new PyRegexError(`unknown extension ?P${next ?? ''}`);
    }
    if (kind === ':' || kind === '=' || kind === '!') {
      this.pos++;
      const inner = this.closeGroup(depth, start);
      return { source: `(?${kind}${inner})`, repeatable: true };
    }
    if (kind === '<' && (this.peek(1) === '=' || this.peek(1) === '!')) {
      const op = this.peek(1)!;
      this.pos += 2;
      const inner = this.closeGroup(depth, start);
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
        return { source: literal(value, false), repeatable: true };
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
        items.push(`${literal(lo)}-${literal(hi)}`);
      } else {
        items.push(typeof lo === 'string' ? lo : literal(lo));
      }
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

/**
 * Translates a Python `re` pattern (str, Python 3.11 rules) to a JavaScript pattern with the same matches and
 * the same group numbering. Constructs JavaScript cannot express faithfully are reported as `error`.
 */
export function pyRegexToJs(pattern: string): PyRegexTranslation {
  try {
    let flags = NO_FLAGS;
    let translator = new Translator(pattern, flags);
    let result = translator.run();
    const found = translator.found;
    if (found.i !== flags.i || found.m !== flags.m || found.s !== flags.s || found.x !== flags.x || found.a !== flags.a) {
      // Global flags apply to the whole pattern, so it is read again with them, as Python does for verbose.
      flags = found;
      translator = new Translator(pattern, flags);
      result = translator.run();
    }
    const jsFlags = 'v' + (flags.i ? 'i' : '');
    // The engine is the final judge of whether the translation is well-formed JavaScript.
    new RegExp(result.source, jsFlags);
    return { source: result.source, flags: jsFlags, groups: result.groups };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { source: '', flags: 'v', groups: [], error: message };
  }
}

/** A compiled Python pattern with both of Django's ways of applying it. */
export interface CompiledPyRegex {
  groups: PyRegexGroup[];
  /** `re.search`: the leftmost match anywhere in the string. */
  search: RegExp;
  /** `re.fullmatch`: a match that spans the whole string. */
  fullmatch: RegExp;
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
    result = {
      groups: t.groups,
      search: new RegExp(t.source, t.flags),
      fullmatch: new RegExp(`^(?:${t.source})(?![\\s\\S])`, t.flags),
    };
  }
  if (compiledCache.size > 5000) compiledCache.clear();
  compiledCache.set(pattern, result);
  return result;
}
