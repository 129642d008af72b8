// A small Python syntax tree: just the statements and expressions the Django model needs, with spans.

import type { Span } from '../text';

/** An argument in a call or a class's base list. */
export interface Arg {
  /** The keyword, for `name=value` arguments. */
  name?: string;
  nameSpan?: Span;
  /** `*args` or `**kwargs` unpacking. */
  star?: '*' | '**';
  value: Expr;
}

export type Expr =
  /** A string literal whose value is fully known (adjacent literals are joined). `content` spans the text inside the quotes of a single literal. */
  | { kind: 'str'; value: string; span: Span; content: Span; bytes: boolean }
  /** An f-string with replacements, or anything string-like whose value is not static. */
  | { kind: 'fstr'; span: Span; children: Expr[] }
  | { kind: 'num'; value: number; span: Span }
  | { kind: 'const'; value: boolean | null; span: Span }
  | { kind: 'name'; id: string; span: Span }
  | { kind: 'attr'; obj: Expr; attr: string; attrSpan: Span; span: Span }
  | { kind: 'subscript'; obj: Expr; index: Expr; span: Span }
  | { kind: 'call'; func: Expr; args: Arg[]; span: Span }
  | { kind: 'list' | 'tuple' | 'set'; elts: Expr[]; span: Span }
  | { kind: 'starred'; value: Expr; span: Span }
  | { kind: 'dict'; items: { key: Expr | null; value: Expr }[]; span: Span }
  | { kind: 'binop'; op: string; left: Expr; right: Expr; span: Span }
  /** A list, set or dict comprehension or a generator expression: `elt` (the key, for a dict) and `value` (a dict's value) per item. */
  | { kind: 'comp'; comp: 'list' | 'set' | 'dict' | 'gen'; elt: Expr; value?: Expr; clauses: CompFor[]; span: Span }
  /** Anything else (lambdas, conditionals...): its sub-expressions are kept so walkers still see calls inside. */
  | { kind: 'unknown'; span: Span; children: Expr[]; /** `not` for `not x`, whose one child is `x`. */ op?: 'not' };

/** One `for target in iter if cond...` clause of a comprehension, in source order. */
export interface CompFor {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface ImportName {
  /** Dotted module (for `import a.b`) or imported attribute name (for `from m import x`). */
  name: string;
  asname?: string;
  span: Span;
}

export type Stmt =
  | { kind: 'import'; names: ImportName[]; span: Span }
  | { kind: 'from'; module: string; level: number; names: ImportName[] | '*'; moduleSpan: Span; span: Span }
  | { kind: 'assign'; targets: Expr[]; value: Expr; span: Span }
  | { kind: 'augassign'; target: Expr; op: string; value: Expr; span: Span }
  | { kind: 'expr'; value: Expr; span: Span }
  | { kind: 'return'; value?: Expr; span: Span }
  | { kind: 'class'; name: string; nameSpan: Span; bases: Arg[]; decorators: Expr[]; body: Stmt[]; span: Span }
  /** `params` in order; `defaults[i]` is parameter i's default value, `starAt`/`starStarAt` the `*args`/`**kwargs` ones. */
  | { kind: 'def'; name: string; nameSpan: Span; decorators: Expr[]; params: string[]; body: Stmt[]; span: Span; defaults?: (Expr | undefined)[]; starAt?: number; starStarAt?: number }
  /**
   * A compound statement whose bodies run conditionally or repeatedly (`if`, `for`, `try`, `with`...).
   * `keyword` says which; `exprs` are its header expressions; `bodies` its clauses in order.
   */
  | { kind: 'block'; keyword: string; exprs: Expr[]; bodies: Stmt[][]; span: Span }
  /** Any other statement; its expressions are kept for walkers. */
  | { kind: 'other'; exprs: Expr[]; span: Span };

export interface ParseError {
  message: string;
  span: Span;
}

export interface PyModule {
  body: Stmt[];
  errors: ParseError[];
}

/** Calls `fn` on every expression under `e` (pre-order), including `e` itself. */
export function walkExpr(e: Expr, fn: (e: Expr) => void): void {
  fn(e);
  switch (e.kind) {
    case 'attr':
      walkExpr(e.obj, fn);
      break;
    case 'subscript':
      walkExpr(e.obj, fn);
      walkExpr(e.index, fn);
      break;
    case 'call':
      walkExpr(e.func, fn);
      for (const a of e.args) walkExpr(a.value, fn);
      break;
    case 'list':
    case 'tuple':
    case 'set':
      for (const x of e.elts) walkExpr(x, fn);
      break;
    case 'starred':
      walkExpr(e.value, fn);
      break;
    case 'dict':
      for (const it of e.items) {
        if (it.key) walkExpr(it.key, fn);
        walkExpr(it.value, fn);
      }
      break;
    case 'binop':
      walkExpr(e.left, fn);
      walkExpr(e.right, fn);
      break;
    case 'comp':
      // Source order, as when comprehensions were opaque: walkers see every call and name inside.
      walkExpr(e.elt, fn);
      if (e.value) walkExpr(e.value, fn);
      for (const c of e.clauses) {
        walkExpr(c.target, fn);
        walkExpr(c.iter, fn);
        for (const x of c.ifs) walkExpr(x, fn);
      }
      break;
    case 'fstr':
    case 'unknown':
      for (const c of e.children) walkExpr(c, fn);
      break;
  }
}

/** The expressions directly held by a statement (not those of nested statements). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'assign':
      return [...s.targets, s.value];
    case 'augassign':
      return [s.target, s.value];
    case 'expr':
      return [s.value];
    case 'return':
      return s.value ? [s.value] : [];
    case 'class':
      return [...s.decorators, ...s.bases.map((b) => b.value)];
    case 'def':
      return s.decorators;
    case 'block':
    case 'other':
      return s.exprs;
    default:
      return [];
  }
}

/** The nested statement lists of a statement. */
function stmtBodies(s: Stmt): Stmt[][] {
  if (s.kind === 'class' || s.kind === 'def') return [s.body];
  if (s.kind === 'block') return s.bodies;
  return [];
}

/** Calls `fn` on every statement in a body, recursively, with the chain of enclosing class/def statements. */
export function walkStmts(
  body: Stmt[],
  fn: (s: Stmt, scope: readonly Stmt[]) => void,
  scope: Stmt[] = [],
): void {
  for (const s of body) {
    fn(s, scope);
    const inner = s.kind === 'class' || s.kind === 'def' ? [...scope, s] : scope;
    for (const b of stmtBodies(s)) walkStmts(b, fn, inner);
  }
}

/** The dotted name of `a.b.c` expressions, or undefined for anything else. */
export function dottedName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.id;
  if (e.kind === 'attr') {
    const left = dottedName(e.obj);
    return left === undefined ? undefined : left + '.' + e.attr;
  }
  return undefined;
}

/** The keyword argument `name` of a call, if given. */
export function kwarg(args: Arg[], name: string): Expr | undefined {
  for (const a of args) if (a.name === name) return a.value;
  return undefined;
}

/** The positional arguments of a call (before any keyword), `*x` included as starred markers. */
function positional(args: Arg[]): Arg[] {
  return args.filter((a) => a.name === undefined && a.star !== '**');
}

/** The literal string value of an expression, or undefined. */
export function strValue(e: Expr | undefined): string | undefined {
  return e && e.kind === 'str' ? e.value : undefined;
}
