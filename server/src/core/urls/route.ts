// URL patterns as Django 3.2 understands them: path() routes, re_path() regexes, locale prefixes, resolve() and reverse()'s argument rules.

import { compilePyRegex, isPythonIdentifier } from './pyregex';

/** One level's pattern: `path()` route text, `re_path()` regex text, or an i18n_patterns() language prefix such as `en-us/`. */
export interface PatternSpec {
  kind: 'route' | 'regex' | 'locale';
  text: string;
  /**
   * The route or regex was computed (`%`-formatting, `.format()`, an f-string, a call, a value read from the
   * environment): `text` is then empty and means nothing. Such a level matches nothing we can decide and may
   * hold any parameters.
   */
  unknown?: true;
}

/**
 * The extra keyword arguments of path()/re_path()/include(): their values, only their names (values then show
 * as UNKNOWN_VALUE), or 'unknown' when the dict could not be read at all.
 */
export type Defaults = Record<string, unknown> | string[] | 'unknown';

/** Stands for a keyword argument value that is not known statically. */
export const UNKNOWN_VALUE: unique symbol = Symbol('unknown value');

/**
 * A URLconf tree. `pattern` nodes are Django's URLPattern (an endpoint), `resolver` nodes are URLResolver (an
 * include()). `children: 'unknown'` is an included URLconf that could not be (fully) understood.
 */
export type UrlNode<T> =
  | { kind: 'pattern'; pattern: PatternSpec; leaf: T; defaults?: Defaults }
  | { kind: 'resolver'; pattern: PatternSpec; children: UrlNode<T>[] | 'unknown'; defaults?: Defaults };

/** Converter name → Python regex; `undefined` means the converter exists but its regex is not known. */
export type Converters = Record<string, string | undefined>;

/** Django's DEFAULT_CONVERTERS (django/urls/converters.py). */
const BUILTIN_CONVERTERS: Readonly<Record<string, string>> = {
  int: '[0-9]+',
  path: '.+',
  slug: '[-a-zA-Z0-9_]+',
  str: '[^/]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
};

export interface RouteParam {
  name: string;
  converter: string;
}

export interface ParsedRoute {
  params: RouteParam[];
  /** The Python regex Django builds (`_route_to_regex`), e.g. `^foo/(?P<pk>[0-9]+)`, plus `\Z` for endpoints. */
  regex: string;
  /**
   * Set when a converter's regex is unknown: `regex` then has `[\s\S]*` in its place, which matches at least
   * everything the real one does, so it can prove a non-match but never a match.
   */
  approximate?: true;
  error?: string;
}

// Django's _PATH_PARAMETER_COMPONENT_RE; JavaScript's backtracking picks the same match as Python's here.
const PARAMETER_COMPONENT = /<(?:([^>:]+):)?([^>]+)>/;
const PY_WHITESPACE = /[ \t\n\r\v\f]/;
// The characters Python 3.7+'s re.escape() escapes.
const RE_ESCAPED = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

/** Python's re.escape(). */
function pyReEscape(text: string): string {
  let out = '';
  for (const ch of text) out += RE_ESCAPED.has(ch) ? '\\' + ch : ch;
  return out;
}

function lookupConverter(name: string, custom: Converters | undefined): { known: boolean; regex: string | undefined } {
  // Registered converters override the defaults, as in Django's get_converters().
  if (custom && Object.prototype.hasOwnProperty.call(custom, name)) return { known: true, regex: custom[name] };
  if (Object.prototype.hasOwnProperty.call(BUILTIN_CONVERTERS, name)) return { known: true, regex: BUILTIN_CONVERTERS[name] };
  return { known: false, regex: undefined };
}

/** Parses a path() route the way Django's `_route_to_regex` does; Django's ImproperlyConfigured cases become `error`. */
export function parseRoute(route: string, customConverters?: Converters, isEndpoint = false): ParsedRoute {
  const params: RouteParam[] = [];
  let regex = '^';
  let approximate = false;
  let error: string | undefined;
  let rest = route;
  for (;;) {
    const m = PARAMETER_COMPONENT.exec(rest);
    if (!m) {
      regex += pyReEscape(rest);
      break;
    }
    if (PY_WHITESPACE.test(m[0])) {
      error = `URL route '${route}' cannot contain whitespace in angle brackets <…>.`;
      break;
    }
    regex += pyReEscape(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    const name = m[2];
    if (!isPythonIdentifier(name)) {
      error = `URL route '${route}' uses parameter name '${name}' which isn't a valid Python identifier.`;
      break;
    }
    // A parameter without a converter is a str parameter.
    const converter = m[1] ?? 'str';
    const found = lookupConverter(converter, customConverters);
    if (!found.known) {
      error = `URL route '${route}' uses invalid converter '${converter}'.`;
      break;
    }
    if (params.some((p) => p.name === name)) {
      // Django accepts the route but re.compile() then fails on the repeated group name.
      error = `URL route '${route}' uses parameter name '${name}' twice.`;
      break;
    }
    params.push({ name, converter });
    if (found.regex === undefined) approximate = true;
    regex += `(?P<${name}>${found.regex ?? '[\\s\\S]*'})`;
  }
  if (isEndpoint) regex += '\\Z';
  const result: ParsedRoute = { params, regex };
  if (approximate) result.approximate = true;
  if (error !== undefined) result.error = error;
  return result;
}

/** The parameters one level contributes when it matches: keyword arguments, or positional ones for unnamed re_path() groups. */
export interface PatternParams {
  named: RouteParam[];
  positional: number;
  error?: string;
}

/**
 * The parameters of one level. re_path() named groups become keyword arguments (converter `str`); only when a
 * regex has no named group do its groups (all of them, nested ones too) become positional arguments.
 */
export function patternParams(spec: PatternSpec, converters?: Converters): PatternParams {
  if (spec.unknown) return { named: [], positional: 0, error: 'the route is not a literal' };
  if (spec.kind === 'locale') return { named: [], positional: 0 };
  if (spec.kind === 'route') {
    const parsed = parseRoute(spec.text, converters);
    return parsed.error === undefined ? { named: parsed.params, positional: 0 } : { named: parsed.params, positional: 0, error: parsed.error };
  }
  const compiled = compilePyRegex(spec.text);
  if ('error' in compiled) return { named: [], positional: 0, error: compiled.error };
  const named = compiled.groups.filter((g) => g.name !== undefined).map((g) => ({ name: g.name!, converter: 'str' }));
  return { named, positional: named.length > 0 ? 0 : compiled.groups.length };
}

/** A level's text as Django's `str(pattern)` gives it, which is what ResolverMatch.route is built from. */
function patternString(spec: PatternSpec): string {
  return spec.text;
}

type LevelMatch =
  | { kind: 'match'; rest: string; args: unknown[]; kwargs: Record<string, unknown> }
  | { kind: 'nomatch' }
  | { kind: 'unknown' };

const NOMATCH: LevelMatch = { kind: 'nomatch' };
const UNKNOWN: LevelMatch = { kind: 'unknown' };

/** IntConverter.to_python; Python ints are unbounded, so large ones stay exact as bigint. */
function intToPython(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

// Resolving many paths parses the same routes again and again, so parses are kept per converters object.
const routeCache = new WeakMap<object, Map<string, ParsedRoute>>();
const NO_CONVERTERS = {};

function parseRouteCached(text: string, converters: Converters | undefined, isEndpoint: boolean): ParsedRoute {
  const owner = converters ?? NO_CONVERTERS;
  let cache = routeCache.get(owner);
  if (!cache) {
    cache = new Map();
    routeCache.set(owner, cache);
  }
  const key = (isEndpoint ? 'e' : 'p') + text;
  let parsed = cache.get(key);
  if (!parsed) {
    parsed = parseRoute(text, converters, isEndpoint);
    if (cache.size > 20000) cache.clear();
    cache.set(key, parsed);
  }
  return parsed;
}

/** RoutePattern.match: `regex.search` on the route regex (anchored with `^`, and with `\Z` for endpoints). */
function matchRoute(text: string, path: string, isEndpoint: boolean, converters: Converters | undefined): LevelMatch {
  // The converters object is assumed not to change while in use; pass a new object when it does.
  const parsed = parseRouteCached(text, converters, isEndpoint);
  if (parsed.error !== undefined) return UNKNOWN;
  const compiled = compilePyRegex(parsed.regex);
  if ('error' in compiled) return UNKNOWN;
  // A custom converter's regex is the user's, so it is matched in linear time like a re_path() regex.
  const m = compiled.match(path, 'search');
  if (m === 'unknown') return UNKNOWN;
  if (!m) return NOMATCH;
  if (parsed.approximate) return UNKNOWN;
  const kwargs: Record<string, unknown> = {};
  for (const p of parsed.params) {
    const group = compiled.groups.find((g) => g.name === p.name);
    const value = group && m.groups[group.index];
    if (value === undefined) continue;
    // Only int converts to a different type; uuid.UUID values are represented by their text, and custom
    // converters' to_python() is not known, so their values stay text too.
    kwargs[p.name] = p.converter === 'int' && !(converters && Object.prototype.hasOwnProperty.call(converters, 'int')) ? intToPython(value) : value;
  }
  return { kind: 'match', rest: path.slice(m.end), args: [], kwargs };
}

/**
 * RegexPattern.match in Django 3.2: `fullmatch` for an endpoint whose regex ends with `$`, `search` otherwise.
 * Named groups that took part become kwargs; when there are no named groups at all, every group is an argument.
 */
function matchRegex(text: string, path: string, isEndpoint: boolean): LevelMatch {
  const compiled = compilePyRegex(text);
  if ('error' in compiled) return UNKNOWN;
  // The user's regex may backtrack exponentially in Python's engine and JavaScript's (`^(a+)+$`), so it is
  // matched in linear time; what the linear engine cannot answer exactly is unknown.
  const m = compiled.match(path, isEndpoint && text.endsWith('$') ? 'fullmatch' : 'search');
  if (m === 'unknown') return UNKNOWN;
  if (!m) return NOMATCH;
  const hasNamed = compiled.groups.some((g) => g.name !== undefined);
  const kwargs: Record<string, unknown> = {};
  const args: unknown[] = [];
  for (const g of compiled.groups) {
    const value = m.groups[g.index];
    if (hasNamed) {
      if (g.name !== undefined && value !== undefined) kwargs[g.name] = value;
    } else {
      // A group that did not take part is None in Python.
      args.push(value ?? null);
    }
  }
  return { kind: 'match', rest: path.slice(m.end), args, kwargs };
}

function matchLevel(spec: PatternSpec, path: string, isEndpoint: boolean, converters: Converters | undefined): LevelMatch {
  // A computed route could match any path: whatever reaches it cannot be decided.
  if (spec.unknown) return UNKNOWN;
  switch (spec.kind) {
    case 'route':
      return matchRoute(spec.text, path, isEndpoint, converters);
    case 'regex':
      return matchRegex(spec.text, path, isEndpoint);
    case 'locale':
      // LocalePrefixPattern.match: a plain prefix test against the language prefix.
      return path.startsWith(spec.text) ? { kind: 'match', rest: path.slice(spec.text.length), args: [], kwargs: {} } : NOMATCH;
  }
}

/**
 * The outcome of resolve(). `route` is ResolverMatch.route. `partial` is set when some extra keyword arguments
 * could not be read: `kwargs` may then lack keys, and outer positional arguments may have been dropped by Django.
 */
export type ResolveResult<T> =
  | { kind: 'match'; leaf: T; args: unknown[]; kwargs: Record<string, unknown>; route: string; partial?: true }
  | { kind: 'nomatch' }
  | { kind: 'unknown' };

/** URLResolver._join_route. */
function joinRoute(route1: string, route2: string): string {
  if (!route1) return route2;
  return route1 + (route2.startsWith('^') ? route2.slice(1) : route2);
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _ in record) return false;
  return true;
}

/** Defaults as a dict of the values known, and whether keys may be missing. */
function defaultsDict(defaults: Defaults | undefined): { dict: Record<string, unknown>; partial: boolean } {
  if (defaults === undefined) return { dict: {}, partial: false };
  if (defaults === 'unknown') return { dict: {}, partial: true };
  if (Array.isArray(defaults)) return { dict: Object.fromEntries(defaults.map((n) => [n, UNKNOWN_VALUE])), partial: false };
  return { dict: defaults, partial: false };
}

function withPartial<T>(result: ResolveResult<T>, partial: boolean): ResolveResult<T> {
  return partial && result.kind === 'match' ? { ...result, partial: true } : result;
}

/** URLPattern.resolve: the pattern's own kwargs, overridden by its extra arguments. */
function resolveEndpoint<T>(node: Extract<UrlNode<T>, { kind: 'pattern' }>, path: string, converters: Converters | undefined): ResolveResult<T> {
  const m = matchLevel(node.pattern, path, true, converters);
  if (m.kind !== 'match') return m;
  const d = defaultsDict(node.defaults);
  return withPartial({ kind: 'match', leaf: node.leaf, args: m.args, kwargs: { ...m.kwargs, ...d.dict }, route: patternString(node.pattern) }, d.partial);
}

/**
 * URLResolver.resolve. The first child that matches wins; anything not understood that is tried before a
 * definite match makes the whole answer unknown, because Django might have stopped there.
 */
function resolveResolver<T>(
  pattern: PatternSpec,
  children: UrlNode<T>[] | 'unknown',
  defaults: Defaults | undefined,
  path: string,
  converters: Converters | undefined,
  depth: number,
): ResolveResult<T> {
  const m = matchLevel(pattern, path, false, converters);
  if (m.kind !== 'match') return m;
  // A recursive include cannot be resolved by Django either (it recurses until it fails), so say nothing.
  if (children === 'unknown' || depth > 100) return { kind: 'unknown' };
  for (const child of children) {
    const sub =
      child.kind === 'pattern'
        ? resolveEndpoint(child, m.rest, converters)
        : resolveResolver(child.pattern, child.children, child.defaults, m.rest, converters, depth + 1);
    if (sub.kind === 'unknown') return sub;
    if (sub.kind === 'nomatch') continue;
    // Outer captures, then this include's extra arguments, then the inner captures win.
    const d = defaultsDict(defaults);
    const kwargs = { ...m.kwargs, ...d.dict, ...sub.kwargs };
    // Outer unnamed groups are passed on only when there are no keyword arguments at all.
    const args = isEmpty(kwargs) ? [...m.args, ...sub.args] : sub.args;
    const currentRoute = child.kind === 'pattern' ? '' : patternString(child.pattern);
    return withPartial({ kind: 'match', leaf: sub.leaf, args, kwargs, route: joinRoute(currentRoute, sub.route) }, d.partial || sub.partial === true);
  }
  return { kind: 'nomatch' };
}

/**
 * Django's `resolve(path)` over a ROOT_URLCONF's patterns: the root resolver's pattern is `^/`, so `path` must
 * start with a slash, like request.path_info.
 */
export function resolvePath<T>(root: UrlNode<T>[] | 'unknown', path: string, converters?: Converters): ResolveResult<T> {
  return resolveResolver({ kind: 'regex', text: '^/' }, root, undefined, path, converters, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// reverse(): Django lists, for each URL name, the parameter sets that django.utils.regex_helper.normalize() reads
// from the whole concatenated regex, and _reverse_with_prefix() then compares the call's argument shapes to them.

/** normalize()'s reading of a pattern: literals only matter for quantifiers, so they are kept as placeholders. */
type NormItem =
  | { t: 'lit' }
  | { t: 'group'; param: string | null }
  | { t: 'nc'; items: NormItem[] }
  | { t: 'choice'; options: (NormItem | null)[] };

class NormalizeFailure extends Error {}

// Escapes normalize() drops entirely (they match no character).
const NORMALIZE_SKIPPED_ESCAPES = new Set(['A', 'b', 'B', 'Z']);

/** normalize()'s next_char(): yields characters with an "escaped" flag, dropping zero-width escapes. */
function* normalizeChars(pattern: string): Generator<[string, boolean]> {
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '\\') {
      yield [chars[i], false];
      continue;
    }
    i++;
    // A trailing backslash makes next_char() raise (StopIteration inside a generator becomes RuntimeError).
    if (i >= chars.length) throw new NormalizeFailure('trailing backslash');
    if (NORMALIZE_SKIPPED_ESCAPES.has(chars[i])) continue;
    yield [chars[i], true];
  }
}

function containsGroup(item: NormItem | null): boolean {
  if (item === null) return false;
  if (item.t === 'group') return true;
  // Like Django's contains(), only non-capturing groups are searched, not choices.
  if (item.t === 'nc') return item.items.some(containsGroup);
  return false;
}

/**
 * The parameter lists of each form Django's normalize() finds in a regex, in order (unnamed groups are named
 * `_0`, `_1`, ...). Returns 'error' where normalize() raises, which breaks every reverse() in that URLconf.
 */
export function normalizeParams(pattern: string): string[][] | 'error' {
  const forms = normalizeForms(pattern);
  return forms === 'alternation' ? [[]] : forms;
}

/** normalize(), telling apart the alternation case, where Django gives up and offers one form with no parameters. */
function normalizeForms(pattern: string): string[][] | 'error' | 'alternation' {
  const it = normalizeChars(pattern);
  const next = (): [string, boolean] => {
    const r = it.next();
    if (r.done) throw new StopScan();
    return r.value;
  };
  class StopScan extends Error {}
  let result: NormItem[] = [];
  const nonCapturingStarts: number[] = [];
  let numArgs = 0;
  const lit: NormItem = { t: 'lit' };

  // Walks to the parenthesis that closes the current group, skipping nested groups.
  const walkToEnd = (ch: string): void => {
    let nesting = ch === '(' ? 1 : 0;
    for (;;) {
      const [c, escaped] = next();
      if (escaped) continue;
      if (c === '(') nesting++;
      else if (c === ')') {
        if (!nesting) return;
        nesting--;
      }
    }
  };

  // Returns the minimum count and the character read ahead, if it is not part of the quantifier.
  const quantifier = (ch: string): [number, string | null] => {
    if (ch === '*' || ch === '?' || ch === '+') {
      let ch2: string | null;
      try {
        ch2 = next()[0];
      } catch (e) {
        if (!(e instanceof StopScan)) throw e;
        ch2 = null;
      }
      if (ch2 === '?') ch2 = null;
      return [ch === '+' ? 1 : 0, ch2];
    }
    let quant = '';
    let c = ch;
    while (c !== '}') {
      c = next()[0];
      quant += c;
    }
    const first = quant.slice(0, -1).split(',')[0];
    // Python's int() rejects an empty or non-numeric minimum, and the exception escapes normalize().
    if (!/^\s*[+-]?[0-9]+\s*$/.test(first)) throw new NormalizeFailure('bad quantifier');
    let after: string | null;
    try {
      after = next()[0];
    } catch (e) {
      if (!(e instanceof StopScan)) throw e;
      after = null;
    }
    if (after === '?') after = null;
    return [parseInt(first, 10), after];
  };

  try {
    let [ch, escaped] = next();
    let consumeNext = true;
    for (;;) {
      if (escaped) {
        result.push(lit);
      } else if (ch === '|') {
        // Alternation is not supported by normalize(): the pattern reverses to '' with no parameters.
        return 'alternation';
      } else if (ch === '^') {
        // Anchors carry nothing.
      } else if (ch === '$') {
        break;
      } else if (ch === ')') {
        const start = nonCapturingStarts.pop();
        if (start === undefined) throw new NormalizeFailure('unbalanced parenthesis');
        const inner: NormItem = { t: 'nc', items: result.slice(start) };
        result = [...result.slice(0, start), inner];
      } else if (ch === '[') {
        // A class stands for its first character; the rest is skipped.
        next();
        result.push(lit);
        let [c, e] = next();
        while (e || c !== ']') [c, e] = next();
      } else if (ch === '(') {
        [ch, escaped] = next();
        if (ch !== '?' || escaped) {
          result.push({ t: 'group', param: `_${numArgs++}` });
          walkToEnd(ch);
        } else {
          [ch, escaped] = next();
          if (ch === '!' || ch === '=' || ch === '<') {
            walkToEnd(ch);
          } else if (ch === ':') {
            nonCapturingStarts.push(result.length);
          } else if (ch !== 'P') {
            throw new NormalizeFailure(`Non-reversible reg-exp portion: '(?${ch}'`);
          } else {
            [ch, escaped] = next();
            if (ch !== '<' && ch !== '=') throw new NormalizeFailure(`Non-reversible reg-exp portion: '(?P${ch}'`);
            const terminal = ch === '<' ? '>' : ')';
            let name = '';
            [ch, escaped] = next();
            while (ch !== terminal) {
              name += ch;
              [ch, escaped] = next();
            }
            if (terminal === '>') {
              result.push({ t: 'group', param: name });
              walkToEnd(ch);
            } else {
              // A named backreference repeats a value and adds no parameter.
              result.push({ t: 'group', param: null });
            }
          }
        }
      } else if (ch === '*' || ch === '?' || ch === '+' || ch === '{') {
        const [count, after] = quantifier(ch);
        if (after !== null) {
          // The read-ahead character is handled next, and (as in Django) as if it were not escaped.
          ch = after;
          escaped = false;
          consumeNext = false;
        }
        const last = result[result.length - 1];
        // Django only looks at the previous item for these counts, and fails when there is none.
        if (last === undefined && count !== 1 && count >= 0) throw new NormalizeFailure('nothing to repeat');
        if (count === 0) {
          if (containsGroup(last)) result[result.length - 1] = { t: 'choice', options: [null, last] };
          else result.pop();
        } else if (count > 1) {
          for (let i = 1; i < count; i++) result.push(last);
        }
      } else {
        result.push(lit);
      }
      if (consumeNext) [ch, escaped] = next();
      consumeNext = true;
    }
  } catch (e) {
    if (e instanceof NormalizeFailure) return 'error';
    if (!(e instanceof StopScan)) throw e;
  }
  return flattenForms(result);
}

/** flatten_result(): every combination of the optional parts, as parameter lists. */
function flattenForms(items: NormItem[]): string[][] {
  let forms: string[][] = [[]];
  for (const item of items) {
    if (item.t === 'lit') continue;
    if (item.t === 'group') {
      if (item.param) forms = forms.map((f) => [...f, item.param!]);
      continue;
    }
    const inner: string[][] = item.t === 'nc' ? flattenForms(item.items) : item.options.flatMap((o) => flattenOne(o));
    const combined: string[][] = [];
    for (const f of forms) for (const i of inner) combined.push([...f, ...i]);
    forms = combined;
  }
  return forms;
}

function flattenOne(item: NormItem | null): string[][] {
  if (item === null || item.t === 'lit') return [[]];
  if (item.t === 'group') return [item.param ? [item.param] : []];
  if (item.t === 'nc') return flattenForms(item.items);
  // A choice read as a sequence contributes nothing of its own, as in flatten_result().
  return [[]];
}

/** One level of the include chain that leads to a URL pattern, outermost first, the pattern itself last. */
export interface ReverseLevel {
  pattern: PatternSpec;
  /** Names of the extra keyword arguments given at this level; 'unknown' if the dict could not be read. */
  defaults?: string[] | 'unknown';
  /** This level is an include() with a namespace (or app_name), which reverse() goes through by 'ns:name'. */
  namespaced?: boolean;
}

/** What reverse() needs to know about one pattern registered under a name. */
export interface ReverseCandidate {
  /** One parameter list per form normalize() finds in the whole concatenated regex; 'unknown' if not understood. */
  forms: string[][] | 'unknown';
  /** Names that may be left out of (or must match) kwargs: the extra arguments along the chain. */
  defaults: string[] | 'unknown';
  /**
   * Some level's route was computed: `forms` then hold only the parameters of the literal levels, and the
   * computed ones may add any, so no call can be judged against this candidate.
   */
  partial?: true;
}

/**
 * Builds the candidate Django's reverse dictionary holds for a pattern reached through `chain`. The regexes are
 * concatenated, each without its leading '^'. Extra arguments count only from levels below the innermost
 * namespaced include, because reverse('ns:name') restarts from that include's own patterns.
 */
export function reverseCandidate(chain: ReverseLevel[], converters?: Converters): ReverseCandidate {
  let regex = '';
  let understood = true;
  let partial = false;
  chain.forEach((level, i) => {
    let text: string;
    if (level.pattern.unknown) {
      // The literal levels still tell which parameters the name takes at least (for hover and completion).
      partial = true;
      return;
    }
    if (level.pattern.kind === 'route') {
      const parsed = parseRoute(level.pattern.text, converters, i === chain.length - 1);
      if (parsed.error !== undefined) understood = false;
      text = parsed.regex;
    } else if (level.pattern.kind === 'regex') {
      text = level.pattern.text;
    } else {
      text = pyReEscape(level.pattern.text);
    }
    regex += text.startsWith('^') ? text.slice(1) : text;
  });
  let forms = understood ? normalizeForms(regex) : 'error';
  if (forms === 'alternation') {
    // Django then offers the bare script prefix, which only helps if the whole regex matches it; whether it
    // does depends on no argument value, so it can be decided here (assuming the usual script prefix '/').
    const compiled = compilePyRegex('^/' + regex);
    const m = 'error' in compiled ? 'unknown' : compiled.match('/', 'search');
    forms = m === 'unknown' ? 'error' : m ? [[]] : [];
  }
  let lastNamespace = -1;
  chain.forEach((level, i) => {
    if (level.namespaced) lastNamespace = i;
  });
  let defaults: string[] | 'unknown' = [];
  for (let i = lastNamespace + 1; i < chain.length; i++) {
    const d = chain[i].defaults;
    if (d === undefined) continue;
    if (d === 'unknown') {
      defaults = 'unknown';
      break;
    }
    defaults.push(...d);
  }
  const out: ReverseCandidate = { forms: forms === 'error' ? 'unknown' : forms, defaults };
  if (partial) out.partial = true;
  return out;
}

/**
 * Whether a reverse()/{% url %} call with `positionalCount` positional arguments and keyword arguments named
 * `kwargNames` fits one of the candidates registered under the name, judging shapes only (argument values are
 * not known statically, so no verdict depends on them).
 */
export function canReverse(candidates: ReverseCandidate[], positionalCount: number, kwargNames: string[]): 'ok' | 'mismatch' | 'unknown' {
  // Django raises ValueError for any call that mixes the two.
  if (positionalCount > 0 && kwargNames.length > 0) return 'mismatch';
  const given = new Set(kwargNames);
  let unknown = false;
  for (const candidate of candidates) {
    if (candidate.forms === 'unknown' || candidate.partial) {
      unknown = true;
      continue;
    }
    for (const params of candidate.forms) {
      if (positionalCount > 0) {
        if (params.length === positionalCount) return 'ok';
        continue;
      }
      // Every parameter must be given and nothing else, except names that are extra arguments.
      const wanted = new Set(params);
      const difference = [...given].filter((n) => !wanted.has(n)).concat([...wanted].filter((n) => !given.has(n)));
      if (candidate.defaults === 'unknown') {
        if (difference.length === 0) return 'ok';
        unknown = true;
        continue;
      }
      const defaults = new Set(candidate.defaults);
      if (difference.every((n) => defaults.has(n))) return 'ok';
    }
  }
  return unknown ? 'unknown' : 'mismatch';
}
