// Finds what lies under an offset in a parsed Python module: the innermost expression, the string literal, the enclosing statements.

import type { Expr, PyModule, Stmt } from '../core/python/ast';
import { stmtExprs, walkExpr, walkStmts } from '../core/python/ast';
import type { Span } from '../core/text';

/** Whether `offset` is in `span`, ends included, so a cursor right after a name still counts as on it. */
export function touches(span: Span | undefined, offset: number): boolean {
  return !!span && offset >= span.start && offset <= span.end;
}

interface PythonAt {
  /** Expressions containing the offset, outermost first (the last is the innermost). */
  exprs: Expr[];
  /** The innermost statement containing the offset, and its enclosing class/def statements. */
  stmt?: Stmt;
  scope: readonly Stmt[];
}

/** Everything containing `offset`, found with the AST walkers. */
function pythonAt(mod: PyModule, offset: number): PythonAt {
  const out: PythonAt = { exprs: [], scope: [] };
  walkStmts(mod.body, (s, scope) => {
    // A def or class span starts at its keyword, so its decorators lie before it: test each expression's own span.
    if (touches(s.span, offset)) {
      // walkStmts goes outer to inner, so the last statement seen is the innermost.
      out.stmt = s;
      out.scope = scope;
    }
    for (const root of stmtExprs(s)) {
      if (!touches(root.span, offset)) continue;
      walkExpr(root, (e) => {
        // Pre-order: a parent comes before its children, so the list stays ordered outer to inner.
        if (touches(e.span, offset)) out.exprs.push(e);
      });
    }
  });
  return out;
}


/**
 * The string literal whose text (quotes included) holds `offset`. Only literals with a known value count:
 * f-strings and the like name nothing a jump could follow.
 */
export function stringAt(mod: PyModule, offset: number): (Expr & { kind: 'str' }) | undefined {
  const { exprs } = pythonAt(mod, offset);
  for (let i = exprs.length - 1; i >= 0; i--) {
    const e = exprs[i];
    if (e.kind === 'str') return e;
  }
  return undefined;
}
