// Glob matching without backtracking blow-up: the exclude setting may come from an untrusted repository, and regex-based glob libraries take exponential time on `*a*a*a*a*b`.

/*
 * Supported: `*` (any characters but `/`), `?` (one character but `/`), `[abc]`, `[a-z]`, `[!x]`/`[^x]`, a whole
 * `**` segment (any number of segments, none included, so `a/**` also matches `a`), `{a,b}` alternatives and
 * `\` escapes; `**` inside a longer segment is `*`. Dot files are matched like any other (picomatch's `dot`).
 * Everything else is a literal character.
 *
 * Matching is the classic wildcard algorithm that remembers only the last star: for patterns whose every item
 * but the star consumes exactly one element it is exact, and it costs at most (path length x pattern length)
 * steps. It runs twice over: over segments (the star is `**`, an item is one segment's pattern) and, inside a
 * segment, over characters (the star is `*`).
 */

type CharItem = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'class'; negated: boolean; ranges: [string, string][] } | { kind: 'star' };
type SegItem = { kind: 'globstar' } | { kind: 'seg'; items: CharItem[] };

/** A longer glob is refused: matching costs up to path length x glob length per path. */
export const MAX_GLOB_LENGTH = 1000;
/** `{a,b}{c,d}...` multiplies; past this many alternatives a glob is refused. */
export const MAX_ALTERNATIVES = 64;

/** Expands `{a,b}` alternatives; undefined when there would be more than `limit`. */
function expandBraces(glob: string, limit: number): string[] | undefined {
  const out: string[] = [];
  const expand = (g: string): boolean => {
    for (let i = 0; i < g.length; i++) {
      if (g[i] === '\\') {
        i++;
        continue;
      }
      if (g[i] !== '{') continue;
      let depth = 0;
      let j = i;
      const commas: number[] = [];
      for (; j < g.length; j++) {
        if (g[j] === '\\') j++;
        else if (g[j] === '{') depth++;
        else if (g[j] === '}' && --depth === 0) break;
        else if (g[j] === ',' && depth === 1) commas.push(j);
      }
      // An unclosed brace, or one without a comma, is literal text.
      if (j >= g.length || !commas.length) continue;
      const bounds = [i, ...commas, j];
      for (let k = 0; k + 1 < bounds.length; k++) {
        if (!expand(g.slice(0, i) + g.slice(bounds[k] + 1, bounds[k + 1]) + g.slice(j + 1))) return false;
      }
      return true;
    }
    out.push(g);
    return out.length <= limit;
  };
  return expand(glob) ? out : undefined;
}

function parseSegment(seg: string): SegItem {
  if (seg === '**') return { kind: 'globstar' };
  const items: CharItem[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) items.push({ kind: 'char', c: seg[++i] });
    else if (c === '*') {
      if (items[items.length - 1]?.kind !== 'star') items.push({ kind: 'star' });
    } else if (c === '?') items.push({ kind: 'any' });
    else if (c === '[') {
      let j = i + 1;
      const negated = seg[j] === '!' || seg[j] === '^';
      if (negated) j++;
      const ranges: [string, string][] = [];
      // A `]` right after the opening bracket is a member, as in shells.
      for (let first = true; j < seg.length && (first || seg[j] !== ']'); j++, first = false) {
        let lo = seg[j];
        if (lo === '\\' && j + 1 < seg.length) lo = seg[++j];
        if (seg[j + 1] === '-' && j + 2 < seg.length && seg[j + 2] !== ']') {
          ranges.push([lo, seg[j + 2]]);
          j += 2;
        } else ranges.push([lo, lo]);
      }
      if (j >= seg.length) items.push({ kind: 'char', c: '[' });
      else {
        items.push({ kind: 'class', negated, ranges });
        i = j;
      }
    } else items.push({ kind: 'char', c });
  }
  return { kind: 'seg', items };
}

/** Splits on `/` that are not escaped. */
function splitSegments(glob: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\' && i + 1 < glob.length) cur += glob[i] + glob[++i];
    else if (glob[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += glob[i];
  }
  out.push(cur);
  return out;
}

/** Wildcard matching remembering only the last star: exact when every non-star item consumes one element. */
function wildMatch<T, P>(elems: readonly T[], pattern: readonly P[], isStar: (p: P) => boolean, test: (p: P, e: T) => boolean): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < elems.length) {
    if (j < pattern.length && isStar(pattern[j])) {
      star = j++;
      mark = i;
    } else if (j < pattern.length && test(pattern[j], elems[i])) {
      i++;
      j++;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < pattern.length && isStar(pattern[j])) j++;
  return j === pattern.length;
}

function charTest(p: CharItem, c: string): boolean {
  switch (p.kind) {
    case 'char':
      return p.c === c;
    case 'any':
      return true;
    case 'class':
      return p.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== p.negated;
    default:
      return false;
  }
}

function segTest(p: SegItem, seg: readonly string[]): boolean {
  if (p.kind !== 'seg') return false;
  return wildMatch(seg, p.items, (x) => x.kind === 'star', charTest);
}

type Pattern = SegItem[];

/** A path split once into segments of characters (code points), for every pattern to test. */
function splitPath(path: string): string[][] {
  return path.split('/').map((seg) => [...seg]);
}

function matches(patterns: readonly Pattern[], segs: readonly string[][]): boolean {
  return patterns.some((pattern) => wildMatch(segs, pattern, (x) => x.kind === 'globstar', segTest));
}

/** The patterns of one glob, or a string saying why it is refused (too long, too many alternatives). */
function compilePatterns(glob: string, maxAlternatives: number): Pattern[] | string {
  if (glob.length > MAX_GLOB_LENGTH) return `longer than ${MAX_GLOB_LENGTH} characters`;
  const alternatives = expandBraces(glob, maxAlternatives);
  if (!alternatives) return `more than ${maxAlternatives} alternatives once {...} are expanded`;
  // A leading `./` means "relative to the folder", which every path matched already is.
  return alternatives.map((a) => splitSegments(a.replace(/^(\.\/)+(?=.)/, '')).map(parseSegment));
}

export type GlobMatcher = (path: string) => boolean;

/** Compiles one glob; a string saying why when it is refused (too long, too many alternatives). */
export function compileGlob(glob: string): GlobMatcher | string {
  const patterns = compilePatterns(glob, MAX_ALTERNATIVES);
  if (typeof patterns === 'string') return patterns;
  return (path: string) => matches(patterns, splitPath(path));
}

/** Every path is tested against every alternative of every glob: past this many in all, later globs are refused. */
const MAX_TOTAL_ALTERNATIVES = 256;

/**
 * Compiles a list of globs into one matcher (any glob matching), with the globs it refused and why. Matching a
 * path costs at most (path length x total pattern length) steps, bounded by the limits above.
 */
export function compileGlobs(globs: readonly string[]): { match: GlobMatcher | undefined; refused: { glob: string; reason: string }[] } {
  const all: Pattern[] = [];
  const refused: { glob: string; reason: string }[] = [];
  for (const glob of globs) {
    const left = MAX_TOTAL_ALTERNATIVES - all.length;
    const patterns = compilePatterns(glob, Math.min(MAX_ALTERNATIVES, Math.max(left, 0)));
    if (typeof patterns === 'string') refused.push({ glob, reason: left < MAX_ALTERNATIVES ? `${patterns} (the exclude globs may have ${MAX_TOTAL_ALTERNATIVES} alternatives in all)` : patterns });
    else all.push(...patterns);
  }
  return { match: all.length ? (path: string) => matches(all, splitPath(path)) : undefined, refused };
}
