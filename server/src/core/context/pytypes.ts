// Types of Python expressions in a view, where they are certain: model instances and querysets from the ORM, literals, dicts.

import type { Expr, Stmt } from '../python/ast';
import { dottedName, walkStmts } from '../python/ast';
import type { Project } from '../project/project';
import type { ModelInfo } from '../project/models';
import type { ParseCache } from '../python/modules';
import type { TypeRef } from './types';
import { hasCustomManager, itemType, literalType, memberType, modelOfClass, UNKNOWN, sameType } from './types';
import { lookupClassExpr } from './classes';

export type DefStmt = Stmt & { kind: 'def' };

/** QuerySet methods that return a queryset of the same rows, with nothing added to them. */
const SAME_ROWS = new Set(['all', 'filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'distinct', 'using', 'reverse', 'none', 'only', 'defer', 'select_for_update', 'complex_filter', 'union', 'intersection', 'difference']);
/** QuerySet methods that return one instance. */
const ONE_ROW = new Set(['get', 'first', 'last', 'latest', 'earliest', 'create', 'get_object']);

/** Types expressions of one function (or module) body: local assignments are followed, parameters are unknown. */
export class PyTyper {
  private readonly assigns = new Map<string, Expr[]>();
  private readonly loops = new Map<string, Expr[]>();
  private readonly params: Set<string>;

  constructor(
    readonly project: Project,
    readonly cache: ParseCache,
    readonly file: string,
    readonly fn: DefStmt | undefined,
  ) {
    this.params = new Set(fn?.params ?? []);
    if (fn) {
      walkStmts(fn.body, (s) => {
        if (s.kind === 'assign') {
          for (const t of s.targets) if (t.kind === 'name') this.push(this.assigns, t.id, s.value);
          // Tuple targets (`obj, created = ...`) make the names unknown.
          for (const t of s.targets) if (t.kind === 'tuple' || t.kind === 'list') for (const e of t.elts) if (e.kind === 'name') this.push(this.assigns, e.id, { kind: 'unknown', span: e.span, children: [] });
        } else if (s.kind === 'augassign' && s.target.kind === 'name') this.push(this.assigns, s.target.id, { kind: 'unknown', span: s.span, children: [] });
        else if (s.kind === 'block' && s.keyword === 'for' && s.exprs.length === 2 && s.exprs[0].kind === 'name') this.push(this.loops, s.exprs[0].id, s.exprs[1]);
        else if (s.kind === 'block' && s.keyword === 'for') s.exprs.slice(0, -1).forEach((e) => this.bindUnknown(e));
        else if (s.kind === 'block' && (s.keyword === 'with' || s.keyword === 'try')) {
          // `with ... as x`, `except E as x`: bound to something we do not follow.
          for (const e of s.exprs) this.bindUnknown(e);
        }
      });
    }
  }

  private push(m: Map<string, Expr[]>, k: string, v: Expr): void {
    const l = m.get(k) ?? [];
    l.push(v);
    m.set(k, l);
  }

  private bindUnknown(e: Expr): void {
    if (e.kind === 'name') this.push(this.assigns, e.id, { kind: 'unknown', span: e.span, children: [] });
    else if (e.kind === 'tuple' || e.kind === 'list') e.elts.forEach((x) => this.bindUnknown(x));
  }

  /** The local assignments of a name in this function (empty for parameters and globals). */
  assignmentsOf(name: string): Expr[] {
    return this.assigns.get(name) ?? [];
  }

  isLocal(name: string): boolean {
    return this.assigns.has(name) || this.loops.has(name) || this.params.has(name);
  }

  /** The model a class expression names, if it is one of the project's models. */
  modelOf(e: Expr): ModelInfo | undefined {
    const found = lookupClassExpr(this.project, this.cache, this.file, e);
    if (found.kind !== 'class') return undefined;
    return modelOfClass(this.project, found.cls.file, found.cls.stmt);
  }

  typeOf(e: Expr, depth = 0): TypeRef {
    if (depth > 12) return UNKNOWN;
    switch (e.kind) {
      case 'name': {
        if (this.params.has(e.id)) return e.id === 'request' ? { kind: 'unknown', name: 'HttpRequest' } : UNKNOWN;
        const loops = this.loops.get(e.id) ?? [];
        const assigns = this.assigns.get(e.id) ?? [];
        if (!loops.length && !assigns.length) return UNKNOWN;
        const types = [...assigns.map((a) => this.typeOf(a, depth + 1)), ...loops.map((l) => itemType(this.typeOf(l, depth + 1)))];
        return merge(types);
      }
      case 'call':
        return this.callType(e, depth);
      case 'subscript': {
        const t = this.typeOf(e.obj, depth + 1);
        if (t.kind !== 'queryset') return UNKNOWN;
        // The small AST keeps a slice's first bound only: the source says whether `[...]` holds a colon.
        const src = this.cache.getPython(this.file)?.text.slice(e.obj.span.end, e.span.end) ?? '';
        if (/^\s*\[[^\[\]]*:/.test(src)) return t;
        return e.index.kind === 'num' ? { kind: 'model', model: t.model, certain: t.certain } : UNKNOWN;
        return UNKNOWN;
      }
      case 'attr': {
        if (e.attr === 'objects' || e.attr === '_default_manager') {
          const m = this.modelOf(e.obj);
          if (m) return { kind: 'manager', model: m, certain: e.attr === 'objects' ? !hasCustomManager(this.project, this.cache, m) : !hasCustomManager(this.project, this.cache, m) };
        }
        if (e.obj.kind === 'name' && e.obj.id === 'request' && e.attr === 'user') return { kind: 'unknown', name: 'User or AnonymousUser' };
        const t = this.typeOf(e.obj, depth + 1);
        if (t.kind === 'model') return memberType(this.project, this.cache, t, e.attr)?.type ?? UNKNOWN;
        return UNKNOWN;
      }
      default:
        return literalType(e);
    }
  }

  private callType(e: Expr & { kind: 'call' }, depth: number): TypeRef {
    const f = e.func;
    const fname = dottedName(f)?.split('.').pop();
    if (fname === 'get_object_or_404' || fname === 'get_list_or_404') {
      const first = e.args.find((a) => !a.name && !a.star)?.value;
      if (!first) return UNKNOWN;
      const m = this.modelOf(first);
      const t: TypeRef = m ? { kind: 'queryset', model: m, certain: !hasCustomManager(this.project, this.cache, m) } : this.typeOf(first, depth + 1);
      if (t.kind !== 'queryset' && t.kind !== 'manager') return UNKNOWN;
      return fname === 'get_object_or_404' ? { kind: 'model', model: t.model, certain: t.certain } : { kind: 'queryset', model: t.model, certain: t.certain };
    }
    if (fname === 'reverse' || fname === 'str' || fname === 'format_html' || fname === 'mark_safe' || fname === '_' || fname === 'gettext') return { kind: 'scalar', name: 'str' };
    if (fname === 'len' || fname === 'int') return { kind: 'scalar', name: 'int' };
    if (fname === 'list' && f.kind === 'name' && e.args.length === 1) {
      const t = this.typeOf(e.args[0].value, depth + 1);
      return t.kind === 'queryset' ? t : UNKNOWN;
    }
    if (f.kind === 'attr') {
      const objT = this.typeOf(f.obj, depth + 1);
      if (objT.kind === 'queryset' || objT.kind === 'manager') {
        // prefetch_related(Prefetch(..., to_attr="x")) sets an attribute on each row.
        if (f.attr === 'prefetch_related' && e.args.some((a) => a.value.kind === 'call' || a.star)) return { kind: 'queryset', model: objT.model, certain: false };
        if (SAME_ROWS.has(f.attr)) return { kind: 'queryset', model: objT.model, certain: objT.certain };
        if (ONE_ROW.has(f.attr)) return { kind: 'model', model: objT.model, certain: objT.certain };
        if (f.attr === 'count') return { kind: 'scalar', name: 'int' };
        if (f.attr === 'exists') return { kind: 'scalar', name: 'bool' };
        // annotate(), alias(), extra(), values() and custom methods change the rows or return anything.
        return UNKNOWN;
      }
      return UNKNOWN;
    }
    // `Book(...)`: a new instance.
    const m = this.modelOf(f);
    if (m) return { kind: 'model', model: m, certain: true };
    return UNKNOWN;
  }
}

/** One type for several assignments: the same type, else unknown. */
function merge(types: TypeRef[]): TypeRef {
  if (!types.length) return UNKNOWN;
  const first = types[0];
  if (!types.every((t) => sameType(t, first))) return UNKNOWN;
  if (first.kind === 'model' || first.kind === 'queryset' || first.kind === 'manager') {
    return { ...first, certain: types.every((t) => (t.kind === 'model' || t.kind === 'queryset' || t.kind === 'manager') && t.certain) };
  }
  return first;
}
