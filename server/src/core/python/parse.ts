// Parses Python source with @lezer/python (error-tolerant) and converts the tree into the small AST of ast.ts.

import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import type { Arg, CompFor, Expr, ImportName, ParseError, PyModule, Stmt } from './ast';
import type { Span } from '../text';
import { drain } from '../steps';

/** Parses a module. Never throws: a syntax error yields an error entry and whatever the tree still holds. */
export function parsePython(text: string): PyModule {
  return drain(parsePythonSteps(text));
}

/**
 * `parsePython` in small steps: it pauses after each step of the parser's work, so that a caller (the language
 * server indexing a 200 KB views.py) can serve requests in between. The result is the same.
 */
export function* parsePythonSteps(text: string): Generator<void, PyModule, void> {
  const errors: ParseError[] = [];
  try {
    // A byte-order mark is not Python to the parser; a newline in its place keeps every offset the same.
    const source = text.charCodeAt(0) === 0xfeff ? '\n' + text.slice(1) : text;
    const partial = parser.startParse(source);
    let tree = partial.advance();
    // An advance is a few tokens' work (70 KB of Python takes ~18,000): pausing after every 256 keeps each step short.
    for (let n = 1; !tree; n++) {
      if ((n & 255) === 0) yield;
      tree = partial.advance();
    }
    const conv = new Converter(text, errors);
    return { body: conv.body(tree.topNode), errors };
  } catch (e) {
    // The parser is designed not to throw; this guards the converter against shapes it has not seen.
    errors.push({ message: 'internal parser error: ' + String(e), span: { start: 0, end: 0 } });
    return { body: [], errors };
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Deeper nesting than CPython accepts (200 parentheses, 100 indentation levels) is not converted. */
const MAX_NESTING = 200;

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', 'Comment']);

class Converter {
  constructor(
    private readonly text: string,
    private readonly errors: ParseError[],
  ) {}

  private span(n: SyntaxNode): Span {
    return { start: n.from, end: n.to };
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private error(n: SyntaxNode): void {
    if (this.errors.length < 100) this.errors.push({ message: 'syntax error', span: this.span(n) });
  }

  body(node: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    // Python allows 100 levels of indentation; deeper bodies are not Python and are left out.
    if (this.depth >= MAX_NESTING) return out;
    this.depth++;
    try {
      for (const c of children(node)) this.stmtInto(c, out);
    } finally {
      this.depth--;
    }
    return out;
  }

  private stmtInto(n: SyntaxNode, out: Stmt[]): void {
    if (n.type.isError) {
      this.error(n);
      // Error nodes may still wrap recoverable statements.
      for (const c of children(n)) this.stmtInto(c, out);
      return;
    }
    switch (n.name) {
      case 'Comment':
      case ':':
      case 'PassStatement':
        return;
      case 'StatementGroup':
        for (const c of children(n)) this.stmtInto(c, out);
        return;
      case 'ImportStatement':
        out.push(this.importStmt(n));
        return;
      case 'AssignStatement':
        out.push(this.assign(n));
        return;
      case 'UpdateStatement': {
        const cs = children(n).filter((c) => !c.type.isError);
        const opIdx = cs.findIndex((c) => c.name === 'UpdateOp');
        if (opIdx > 0 && opIdx + 1 < cs.length) {
          out.push({
            kind: 'augassign',
            target: this.expr(cs[0]),
            op: this.src(cs[opIdx]),
            value: this.exprList(cs.slice(opIdx + 1), n),
            span: this.span(n),
          });
        } else out.push({ kind: 'other', exprs: this.exprsOf(n), span: this.span(n) });
        return;
      }
      case 'ExpressionStatement': {
        const cs = children(n).filter((c) => !PUNCT.has(c.name) && !c.type.isError);
        if (cs.length) out.push({ kind: 'expr', value: this.exprList(cs, n), span: this.span(n) });
        for (const c of children(n)) if (c.type.isError) this.error(c);
        return;
      }
      case 'ReturnStatement': {
        const cs = children(n).filter((c) => c.name !== 'return' && !PUNCT.has(c.name) && !c.type.isError);
        out.push({ kind: 'return', value: cs.length ? this.exprList(cs, n) : undefined, span: this.span(n) });
        return;
      }
      case 'FunctionDefinition':
        out.push(this.funcDef(n, []));
        return;
      case 'ClassDefinition':
        out.push(this.classDef(n, []));
        return;
      case 'DecoratedStatement': {
        const decorators: Expr[] = [];
        for (const c of children(n)) {
          if (c.name === 'Decorator') decorators.push(this.decorator(c));
          else if (c.name === 'FunctionDefinition') out.push(this.funcDef(c, decorators));
          else if (c.name === 'ClassDefinition') out.push(this.classDef(c, decorators));
        }
        return;
      }
      case 'IfStatement':
      case 'WhileStatement':
      case 'ForStatement':
      case 'TryStatement':
      case 'WithStatement':
      case 'MatchStatement': {
        const exprs: Expr[] = [];
        const bodies: Stmt[][] = [];
        for (const c of children(n)) {
          if (c.name === 'Body' || c.name === 'MatchBody') bodies.push(this.body(c));
          else if (c.type.isError) this.error(c);
          else if (isExprNode(c)) exprs.push(this.expr(c));
        }
        const keyword = n.name.replace('Statement', '').toLowerCase();
        out.push({ kind: 'block', keyword, exprs, bodies, span: this.span(n) });
        return;
      }
      case 'MatchClause':
      case 'Body':
        for (const c of children(n)) this.stmtInto(c, out);
        return;
      default:
        if (isExprNode(n)) {
          out.push({ kind: 'expr', value: this.expr(n), span: this.span(n) });
          return;
        }
        out.push({ kind: 'other', exprs: this.exprsOf(n), span: this.span(n) });
    }
  }

  private exprsOf(n: SyntaxNode): Expr[] {
    const out: Expr[] = [];
    for (const c of children(n)) {
      if (c.type.isError) this.error(c);
      else if (isExprNode(c)) out.push(this.expr(c));
      else if (c.name === 'Body') {
        // Nested bodies inside unusual statements are flattened into expressions for walkers.
        for (const s of this.body(c)) if (s.kind === 'expr') out.push(s.value);
      }
    }
    return out;
  }

  private importStmt(n: SyntaxNode): Stmt {
    const cs = children(n);
    const span = this.span(n);
    if (cs[0]?.name === 'from') {
      let level = 0;
      let i = 1;
      const modParts: string[] = [];
      let modStart = -1;
      let modEnd = -1;
      for (; i < cs.length && cs[i].name !== 'import'; i++) {
        const c = cs[i];
        if (c.name === '.') {
          if (modParts.length === 0) level++;
        } else if (c.name === 'Ellipsis') {
          level += 3;
        } else if (c.name === 'VariableName') {
          modParts.push(this.src(c));
          if (modStart < 0) modStart = c.from;
          modEnd = c.to;
        }
      }
      const moduleSpan = modStart >= 0 ? { start: modStart, end: modEnd } : span;
      const rest = cs.slice(i + 1);
      if (rest.some((c) => c.name === '*')) {
        return { kind: 'from', module: modParts.join('.'), level, names: '*', moduleSpan, span };
      }
      const names: ImportName[] = [];
      for (let j = 0; j < rest.length; j++) {
        const c = rest[j];
        if (c.name !== 'VariableName') continue;
        const entry: ImportName = { name: this.src(c), span: this.span(c) };
        if (rest[j + 1]?.name === 'as' && rest[j + 2]?.name === 'VariableName') {
          entry.asname = this.src(rest[j + 2]);
          j += 2;
        }
        names.push(entry);
      }
      return { kind: 'from', module: modParts.join('.'), level, names, moduleSpan, span };
    }
    // `import a.b as c, d`
    const names: ImportName[] = [];
    let parts: string[] = [];
    let start = -1;
    let end = -1;
    const flush = (asname?: string) => {
      if (parts.length) names.push({ name: parts.join('.'), asname, span: { start, end } });
      parts = [];
      start = -1;
    };
    for (let j = 1; j < cs.length; j++) {
      const c = cs[j];
      if (c.name === 'VariableName') {
        if (start < 0) start = c.from;
        end = c.to;
        parts.push(this.src(c));
      } else if (c.name === 'as') {
        const a = cs[j + 1];
        flush(a && a.name === 'VariableName' ? this.src(a) : undefined);
        j++;
      } else if (c.name === ',') flush();
    }
    flush();
    return { kind: 'import', names, span };
  }

  private assign(n: SyntaxNode): Stmt {
    // Children: target [, target]* (TypeDef)? (AssignOp value-list)+ ; chained `a = b = 1` has several AssignOps.
    const cs = children(n).filter((c) => c.name !== 'TypeDef' && !c.type.isError);
    for (const c of children(n)) if (c.type.isError) this.error(c);
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) {
      if (c.name === 'AssignOp') groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const span = this.span(n);
    if (groups.length < 2) {
      // An annotation without a value (`x: int`) or a half-typed line.
      return { kind: 'other', exprs: groups[0].filter(isExprNode).map((c) => this.expr(c)), span };
    }
    const valueNodes = groups[groups.length - 1];
    const value = valueNodes.length ? this.exprList(valueNodes, n) : { kind: 'unknown' as const, span, children: [] };
    const targets = groups.slice(0, -1).map((g) => this.exprList(g, n));
    return { kind: 'assign', targets, value, span };
  }

  /** A comma-separated run of expression nodes: one node is itself, several make a tuple. */
  private exprList(nodes: SyntaxNode[], parent: SyntaxNode): Expr {
    const items = nodes.filter((c) => c.name !== ',');
    if (items.length === 1 && !nodes.some((c) => c.name === ',')) return this.expr(items[0]);
    return {
      kind: 'tuple',
      elts: this.eltsWithStars(items),
      span: { start: nodes[0]?.from ?? parent.from, end: nodes[nodes.length - 1]?.to ?? parent.to },
    };
  }

  private eltsWithStars(items: SyntaxNode[]): Expr[] {
    const out: Expr[] = [];
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      if (c.name === '*' && items[i + 1]) {
        const v = this.expr(items[i + 1]);
        out.push({ kind: 'starred', value: v, span: { start: c.from, end: items[i + 1].to } });
        i++;
      } else if (c.type.isError) this.error(c);
      else if (isExprNode(c)) out.push(this.expr(c));
    }
    return out;
  }

  private funcDef(n: SyntaxNode, decorators: Expr[]): Stmt {
    let name = '';
    let nameSpan = this.span(n);
    const params: string[] = [];
    const defaults: (Expr | undefined)[] = [];
    let starAt: number | undefined;
    let starStarAt: number | undefined;
    let body: Stmt[] = [];
    for (const c of children(n)) {
      if (c.name === 'VariableName' && !name) {
        name = this.src(c);
        nameSpan = this.span(c);
      } else if (c.name === 'ParamList') {
        // `*args`/`**kwargs` are marked and default values kept, so a call can bind arguments as Python does; a
        // default that is a bare name is not a parameter.
        let after: string | undefined;
        for (const p of children(c)) {
          if (after === '=') defaults[params.length - 1] = this.expr(p);
          else if (p.name === 'VariableName') {
            if (after === '*') starAt = params.length;
            if (after === '**') starStarAt = params.length;
            params.push(this.src(p));
          }
          after = p.name === 'AssignOp' ? '=' : p.name === '*' || p.name === '**' ? p.name : undefined;
        }
      } else if (c.name === 'Body') body = this.body(c);
      else if (c.type.isError) this.error(c);
    }
    const def: Stmt & { kind: 'def' } = { kind: 'def', name, nameSpan, decorators, params, body, span: this.span(n) };
    if (defaults.length) def.defaults = defaults;
    if (starAt !== undefined) def.starAt = starAt;
    if (starStarAt !== undefined) def.starStarAt = starStarAt;
    return def;
  }

  private classDef(n: SyntaxNode, decorators: Expr[]): Stmt {
    let name = '';
    let nameSpan = this.span(n);
    let bases: Arg[] = [];
    let body: Stmt[] = [];
    for (const c of children(n)) {
      if (c.name === 'VariableName' && !name) {
        name = this.src(c);
        nameSpan = this.span(c);
      } else if (c.name === 'ArgList') bases = this.args(c);
      else if (c.name === 'Body') body = this.body(c);
      else if (c.type.isError) this.error(c);
    }
    return { kind: 'class', name, nameSpan, bases, decorators, body, span: this.span(n) };
  }

  private decorator(n: SyntaxNode): Expr {
    // Lezer flattens `@a.b(1)` into At, VariableName, '.', VariableName, ArgList; rebuild the expression.
    let e: Expr | undefined;
    for (const c of children(n)) {
      if (c.name === 'VariableName' || c.name === 'PropertyName') {
        const s = this.span(c);
        e = e ? { kind: 'attr', obj: e, attr: this.src(c), attrSpan: s, span: { start: e.span.start, end: c.to } } : { kind: 'name', id: this.src(c), span: s };
      } else if (c.name === 'ArgList' && e) {
        e = { kind: 'call', func: e, args: this.args(c), span: { start: e.span.start, end: c.to } };
      } else if (isExprNode(c) && !e) e = this.expr(c);
    }
    return e ?? { kind: 'unknown', span: this.span(n), children: [] };
  }

  private args(n: SyntaxNode): Arg[] {
    const cs = children(n);
    const out: Arg[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.type.isError) {
        this.error(c);
        continue;
      }
      if (c.name === '*' || c.name === '**') {
        const v = cs[i + 1];
        if (v && isExprNode(v)) {
          out.push({ star: c.name, value: this.expr(v) });
          i++;
        }
        continue;
      }
      if (c.name === 'VariableName' && cs[i + 1]?.name === 'AssignOp') {
        const v = cs[i + 2];
        const value: Expr = v && isExprNode(v) ? this.expr(v) : { kind: 'unknown', span: this.span(cs[i + 1]), children: [] };
        out.push({ name: this.src(c), nameSpan: this.span(c), value });
        i += v && isExprNode(v) ? 2 : 1;
        continue;
      }
      if (isExprNode(c)) {
        // A generator argument `f(x for x in y)` shows up as an expression followed by `for`: keep it unknown.
        out.push({ value: this.expr(c) });
      }
    }
    return out;
  }

  /** How deep the expression or statement being converted is nested. */
  private depth = 0;

  /**
   * CPython refuses expressions nested more than 200 deep ("too many nested parentheses"), so anything deeper is
   * not Python: it becomes an opaque expression, and no walker over the tree can overflow the stack.
   */
  expr(n: SyntaxNode): Expr {
    if (this.depth >= MAX_NESTING) return { kind: 'unknown', span: this.span(n), children: [] };
    this.depth++;
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  private exprInner(n: SyntaxNode): Expr {
    const span = this.span(n);
    switch (n.name) {
      case 'VariableName':
        return { kind: 'name', id: this.src(n), span };
      case 'String':
        return this.stringLit([n], span);
      case 'ContinuedString':
        return this.stringLit(children(n).filter((c) => c.name === 'String' || c.name === 'FormatString'), span);
      case 'FormatString': {
        const reps = children(n).filter((c) => c.name === 'FormatReplacement');
        if (reps.length === 0) {
          // In an f-string, `{{` and `}}` stand for single braces.
          const lit = this.stringLit([n], span);
          return lit.kind === 'str' ? { ...lit, value: lit.value.replace(/\{\{/g, '{').replace(/\}\}/g, '}') } : lit;
        }
        return { kind: 'fstr', span, children: this.subExprs(n) };
      }
      case 'Number': {
        const v = Number(this.src(n).replace(/_/g, ''));
        return { kind: 'num', value: Number.isFinite(v) ? v : NaN, span };
      }
      case 'Boolean':
        return { kind: 'const', value: this.src(n) === 'True', span };
      case 'None':
        return { kind: 'const', value: null, span };
      case 'MemberExpression': {
        const cs = children(n);
        const obj = cs[0] && isExprNode(cs[0]) ? this.expr(cs[0]) : ({ kind: 'unknown', span, children: [] } as Expr);
        const prop = cs.find((c) => c.name === 'PropertyName');
        if (prop) return { kind: 'attr', obj, attr: this.src(prop), attrSpan: this.span(prop), span };
        if (cs[1]?.name === '[') {
          const idx = cs.slice(2).find((c) => isExprNode(c));
          return { kind: 'subscript', obj, index: idx ? this.expr(idx) : { kind: 'unknown', span, children: [] }, span };
        }
        // `views.` half typed: keep the object so `views` is still seen.
        for (const c of cs) if (c.type.isError) this.error(c);
        return { kind: 'unknown', span, children: [obj] };
      }
      case 'CallExpression': {
        const cs = children(n);
        const func = cs[0] && isExprNode(cs[0]) ? this.expr(cs[0]) : ({ kind: 'unknown', span, children: [] } as Expr);
        const argList = cs.find((c) => c.name === 'ArgList');
        return { kind: 'call', func, args: argList ? this.args(argList) : [], span };
      }
      case 'ParenthesizedExpression': {
        const inner = children(n).filter((c) => isExprNode(c));
        return inner.length === 1 ? this.expr(inner[0]) : { kind: 'unknown', span, children: inner.map((c) => this.expr(c)) };
      }
      case 'TupleExpression':
        return { kind: 'tuple', elts: this.eltsWithStars(children(n).filter((c) => !PUNCT.has(c.name))), span };
      case 'ArrayExpression':
        return { kind: 'list', elts: this.eltsWithStars(children(n).filter((c) => !PUNCT.has(c.name))), span };
      case 'SetExpression':
        return { kind: 'set', elts: this.eltsWithStars(children(n).filter((c) => !PUNCT.has(c.name))), span };
      case 'DictionaryExpression': {
        const cs = children(n).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== 'Comment');
        const items: { key: Expr | null; value: Expr }[] = [];
        let i = 0;
        while (i < cs.length) {
          const c = cs[i];
          if (c.name === ',') {
            i++;
          } else if (c.name === '**' && cs[i + 1]) {
            items.push({ key: null, value: this.expr(cs[i + 1]) });
            i += 2;
          } else if (isExprNode(c) && cs[i + 1]?.name === ':' && cs[i + 2] && isExprNode(cs[i + 2])) {
            items.push({ key: this.expr(c), value: this.expr(cs[i + 2]) });
            i += 3;
          } else {
            if (c.type.isError) this.error(c);
            i++;
          }
        }
        return { kind: 'dict', items, span };
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.comprehension(n, span);
      case 'BinaryExpression': {
        const cs = children(n);
        // Two-word operators (`not in`, `is not`) come as two keyword children: join every operator child.
        const opNodes = cs.filter((c) => /Op$/.test(c.name) || c.name === 'in' || c.name === 'not' || c.name === 'is' || c.name === 'and' || c.name === 'or');
        const operands = cs.filter((c) => isExprNode(c));
        if (opNodes.length && operands.length === 2) {
          return { kind: 'binop', op: opNodes.map((o) => this.src(o)).join(' '), left: this.expr(operands[0]), right: this.expr(operands[1]), span };
        }
        return { kind: 'unknown', span, children: this.subExprs(n) };
      }
      case 'UnaryExpression': {
        const children = this.subExprs(n);
        // `not x` is kept as such: the evaluator decides `if not settings.USE_I18N:` as Python does.
        return n.firstChild?.name === 'not' && children.length === 1 ? { kind: 'unknown', op: 'not', span, children } : { kind: 'unknown', span, children };
      }
      default:
        if (n.type.isError) this.error(n);
        return { kind: 'unknown', span, children: this.subExprs(n) };
    }
  }

  /**
   * `[elt for target in iter if cond ...]` and its set, dict and generator forms. A shape not understood
   * (`async for`, a syntax error inside) stays an opaque expression with its sub-expressions.
   */
  private comprehension(n: SyntaxNode, span: Span): Expr {
    const opaque = (): Expr => ({ kind: 'unknown', span, children: this.subExprs(n) });
    const cs = children(n).filter((c) => !['(', ')', '[', ']', '{', '}', 'Comment'].includes(c.name));
    if (cs.some((c) => c.type.isError || c.name === 'async')) return opaque();
    const firstFor = cs.findIndex((c) => c.name === 'for');
    const head = cs.slice(0, firstFor);
    const comp = n.name === 'ArrayComprehensionExpression' ? 'list' : n.name === 'SetComprehensionExpression' ? 'set' : n.name === 'DictionaryComprehensionExpression' ? 'dict' : 'gen';
    const headOk = comp === 'dict' ? head.length === 3 && isExprNode(head[0]) && head[1].name === ':' && isExprNode(head[2]) : head.length === 1 && isExprNode(head[0]);
    if (firstFor < 0 || !headOk) return opaque();
    const clauses: CompFor[] = [];
    let i = firstFor;
    while (i < cs.length) {
      if (cs[i].name !== 'for') return opaque();
      const inAt = cs.findIndex((c, j) => j > i && c.name === 'in');
      if (inAt < 0) return opaque();
      // `for a, b in x` comes as bare names between commas: a tuple target, as Python reads it.
      const parts = cs.slice(i + 1, inAt);
      const targets = parts.filter((c) => c.name !== ',');
      if (!targets.length || !targets.every(isExprNode)) return opaque();
      const tspan = { start: parts[0].from, end: parts[parts.length - 1].to };
      const target: Expr = parts.length === 1 ? this.expr(targets[0]) : { kind: 'tuple', elts: targets.map((c) => this.expr(c)), span: tspan };
      const iterNode = cs[inAt + 1];
      if (!iterNode || !isExprNode(iterNode)) return opaque();
      const clause: CompFor = { target, iter: this.expr(iterNode), ifs: [] };
      i = inAt + 2;
      while (i < cs.length && cs[i].name === 'if') {
        const cond = cs[i + 1];
        if (!cond || !isExprNode(cond)) return opaque();
        clause.ifs.push(this.expr(cond));
        i += 2;
      }
      clauses.push(clause);
    }
    const elt = this.expr(head[0]);
    return comp === 'dict' ? { kind: 'comp', comp, elt, value: this.expr(head[2]), clauses, span } : { kind: 'comp', comp, elt, clauses, span };
  }

  private subExprs(n: SyntaxNode): Expr[] {
    const out: Expr[] = [];
    for (const c of children(n)) {
      if (isExprNode(c)) out.push(this.expr(c));
      else if (c.name === 'FormatReplacement' || c.name === 'ArgList' || c.name === 'ParamList') out.push(...this.subExprs(c));
    }
    return out;
  }

  /** One or more adjacent string literals. */
  private stringLit(parts: SyntaxNode[], span: Span): Expr {
    let value = '';
    let bytes = false;
    let content: Span = span;
    // Adjacent f-strings each hold replacements that run (`f'{a}' f'{reverse("x")}'`): all are kept as children.
    const fields = (): Expr => ({ kind: 'fstr', span, children: parts.flatMap((p) => (p.name === 'FormatString' ? this.subExprs(p) : [])) });
    for (const p of parts) {
      if (p.name === 'FormatString' && children(p).some((c) => c.name === 'FormatReplacement')) return fields();
      const lit = decodeStringLiteral(this.src(p));
      if (!lit) return fields();
      value += lit.value;
      bytes = bytes || lit.bytes;
      if (parts.length === 1) content = { start: p.from + lit.contentStart, end: p.from + lit.contentEnd };
    }
    return { kind: 'str', value, span, content, bytes };
  }
}

const EXPR_NODES = new Set([
  'VariableName', 'String', 'FormatString', 'ContinuedString', 'Number', 'Boolean', 'None', 'Ellipsis',
  'MemberExpression', 'CallExpression', 'ParenthesizedExpression', 'TupleExpression', 'ArrayExpression',
  'ArrayComprehensionExpression', 'DictionaryExpression', 'DictionaryComprehensionExpression', 'SetExpression',
  'SetComprehensionExpression', 'ComprehensionExpression', 'BinaryExpression', 'UnaryExpression',
  'ConditionalExpression', 'LambdaExpression', 'AwaitExpression', 'NamedExpression', 'YieldExpression',
]);

function isExprNode(n: SyntaxNode): boolean {
  return EXPR_NODES.has(n.name);
}

/**
 * Decodes one Python string literal (with its prefix and quotes). Returns undefined for shapes it cannot
 * decode, so that callers treat the value as unknown rather than wrong.
 */
function decodeStringLiteral(
  raw: string,
): { value: string; bytes: boolean; contentStart: number; contentEnd: number } | undefined {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  const start = m[0].length;
  let end = raw.length;
  if (raw.length >= start + quote.length && raw.endsWith(quote)) end = raw.length - quote.length;
  // An unterminated literal (half-typed) still yields its text so far.
  const body = raw.slice(start, Math.max(start, end));
  const isRaw = prefix.includes('r');
  const value = isRaw ? body : unescapePython(body);
  return { value, bytes: prefix.includes('b'), contentStart: start, contentEnd: Math.max(start, end) };
}

function unescapePython(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(\n|\\|'|"|a|b|f|n|r|t|v|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|.)/g, (all, e: string) => {
    switch (e[0]) {
      case '\n':
        return '';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'N':
        return all;
      default:
        if (/[0-7]/.test(e[0])) return String.fromCharCode(parseInt(e, 8));
        return all; // Unknown escapes keep the backslash, as Python does.
    }
  });
}

/**
 * Parses pieces of `text` (whole statements, or expressions balanced within their brackets, in order and disjoint)
 * in one parse, each on a line of its own, with every span at its offset in `text`: one parse of the pieces of a
 * file costs less than one per piece. Undefined when the result has a syntax error (the pieces are then better
 * parsed one by one, where an error stays in its piece).
 */
export function parsePythonPieces(text: string, pieces: readonly Span[]): PyModule | undefined {
  const starts: number[] = [];
  let source = '';
  for (const p of pieces) {
    starts.push(source.length);
    source += text.slice(p.start, p.end);
    if (!source.endsWith('\n')) source += '\n';
  }
  const mod = parseClean(source);
  if (!mod) return undefined;
  const moved = new Set<object>();
  for (const s of mod.body) {
    // The piece a statement comes from: the last one starting at or before it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= s.span.start) lo = mid;
      else hi = mid - 1;
    }
    moveSpans(s, pieces[lo].start - starts[lo], moved);
  }
  return mod;
}

/** The module of `source`, or undefined when Lezer's tree holds an error node anywhere (the converter reports only statement-level ones). */
function parseClean(source: string): PyModule | undefined {
  const tree = parser.parse(source);
  let found = false;
  tree.iterate({ enter: (n) => !found && !(found = n.type.isError) });
  if (found) return undefined;
  const errors: ParseError[] = [];
  try {
    const body = new Converter(source, errors).body(tree.topNode);
    return errors.length ? undefined : { body, errors };
  } catch {
    return undefined;
  }
}

/** Adds `delta` to every span under `v`; span objects may be shared between nodes (a name and its attribute), so each moves once. */
function moveSpans(v: unknown, delta: number, moved: Set<object>): void {
  if (!v || typeof v !== 'object' || moved.has(v)) return;
  moved.add(v);
  if (Array.isArray(v)) {
    for (const x of v) moveSpans(x, delta, moved);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    o.start = (o.start as number) + delta;
    o.end = (o.end as number) + delta;
  }
  for (const k in o) if (k !== 'start' && k !== 'end') moveSpans(o[k], delta, moved);
}
