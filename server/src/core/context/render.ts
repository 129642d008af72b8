// What Python code renders each template with: render()/TemplateResponse/render_to_string contexts, class-based views, inclusion tags, context processors.

import type { Arg, Expr, Stmt } from '../python/ast';
import { dottedName, kwarg, stmtExprs, strValue, walkExpr, walkStmts } from '../python/ast';
import type { Project } from '../project/project';
import type { ParseCache } from '../python/modules';
import type { Span } from '../text';
import type { TypeRef } from './types';
import { UNKNOWN, hasCustomManager, sameType, userModel } from './types';
import type { DefStmt } from './pytypes';
import { PyTyper } from './pytypes';
import type { ClassStmt } from './classes';
import { lookupClassExpr, lookupName } from './classes';

/** Where a variable enters a context: a dict key in a view, a get_context_data line, a processor's key, a template tag. */
export interface Origin {
  file: string;
  span: Span;
  /** Who provides it (`view book_detail`, `DetailView BookDetail`, `context processor auth`...). */
  label: string;
}

export interface ContextVar {
  name: string;
  type: TypeRef;
  origins: Origin[];
}

/** One way a template is rendered: the variables given and whether others we did not see may be given too. */
export interface RenderContext {
  source: Origin;
  vars: Map<string, ContextVar>;
  /** The context may hold names we did not see (`**kwargs`, a dict from a call, a base class we cannot read). */
  open: boolean;
  /** Whether the engine's context processors apply (a request is given). */
  request: boolean;
}

/** A place that renders templates by name. */
export interface Renderer {
  names: string[];
  context: RenderContext;
}

function newContext(source: Origin, request: boolean): RenderContext {
  return { source, vars: new Map(), open: false, request };
}

function addVar(ctx: RenderContext, name: string, type: TypeRef, origin: Origin): void {
  const v = ctx.vars.get(name);
  if (!v) {
    ctx.vars.set(name, { name, type, origins: [origin] });
    return;
  }
  // Set twice (two branches, update after a literal): one type if they agree, else unknown.
  if (!sameType(v.type, type)) v.type = UNKNOWN;
  else if ((v.type.kind === 'model' || v.type.kind === 'queryset' || v.type.kind === 'manager') && (type.kind === 'model' || type.kind === 'queryset' || type.kind === 'manager')) v.type = { ...v.type, certain: v.type.certain && type.certain };
  if (!v.origins.some((o) => o.file === origin.file && o.span.start === origin.span.start)) v.origins.push(origin);
}

/** Django's functions that render a template with a context, and where their template and context arguments are. */
const RENDER_FUNCS: Record<string, { template: number; context: number; request?: number }> = {
  render: { template: 1, context: 2, request: 0 },
  TemplateResponse: { template: 1, context: 2, request: 0 },
  render_to_string: { template: 0, context: 1 },
  render_to_response: { template: 0, context: 1 },
  SimpleTemplateResponse: { template: 0, context: 1 },
};

function argAt(args: Arg[], index: number, name: string): Expr | undefined {
  return kwarg(args, name) ?? args.filter((a) => !a.name && !a.star)[index]?.value;
}

/** Template names an expression gives: a literal or a list of literals. */
function templateNames(e: Expr | undefined): string[] {
  if (!e) return [];
  if (e.kind === 'str') return [e.value];
  if ((e.kind === 'list' || e.kind === 'tuple') && e.elts.every((x) => x.kind === 'str')) return e.elts.map((x) => (x as Expr & { kind: 'str' }).value);
  return [];
}

/**
 * Adds to `ctx` the keys a context expression provides: a dict literal, `dict(...)`, a local dict variable with
 * its `ctx["k"] = v` / `ctx.update(...)` edits. Whatever we cannot follow makes the context open.
 */
function readContextExpr(typer: PyTyper, e: Expr | undefined, ctx: RenderContext, label: string, depth = 0): void {
  if (!e || depth > 6) return;
  const file = typer.file;
  const origin = (span: Span): Origin => ({ file, span, label });
  if (e.kind === 'const' && e.value === null) return;
  if (e.kind === 'dict') {
    for (const it of e.items) {
      if (it.key === null) readContextExpr(typer, it.value, ctx, label, depth + 1);
      else if (it.key.kind === 'str') addVar(ctx, it.key.value, typer.typeOf(it.value), origin(it.key.content));
      else ctx.open = true;
    }
    return;
  }
  if (e.kind === 'call' && e.func.kind === 'name' && e.func.id === 'dict' && !typer.isLocal('dict')) {
    for (const a of e.args) {
      if (a.name) addVar(ctx, a.name, typer.typeOf(a.value), origin(a.nameSpan ?? a.value.span));
      else readContextExpr(typer, a.value, ctx, label, depth + 1);
    }
    return;
  }
  if (e.kind === 'name' && typer.fn && typer.assignmentsOf(e.id).length && !typer.fn.params.includes(e.id)) {
    readDictVariable(typer, e.id, ctx, label, depth);
    return;
  }
  ctx.open = true;
}

/** Follows a dict built in a local variable: its assignments, item assignments and update() calls. */
function readDictVariable(typer: PyTyper, name: string, ctx: RenderContext, label: string, depth: number): void {
  const fn = typer.fn!;
  const file = typer.file;
  for (const a of typer.assignmentsOf(name)) {
    // `context = super().get_context_data(**kwargs)`: what the base gives is read by the caller.
    if (a.kind === 'call' && a.func.kind === 'attr' && a.func.attr === 'get_context_data') continue;
    readContextExpr(typer, a, ctx, label, depth + 1);
  }
  walkStmts(fn.body, (s) => {
    if (s.kind === 'assign') {
      for (const t of s.targets) {
        if (t.kind === 'subscript' && t.obj.kind === 'name' && t.obj.id === name) {
          if (t.index.kind === 'str') addVar(ctx, t.index.value, typer.typeOf(s.value), { file, span: t.index.content, label });
          else ctx.open = true;
        }
      }
    }
    for (const top of stmtExprs(s)) {
      walkExpr(top, (x) => {
        if (x.kind !== 'call') return;
        if (x.func.kind === 'attr' && x.func.obj.kind === 'name' && x.func.obj.id === name) {
          if (x.func.attr === 'update') {
            for (const a of x.args) {
              if (a.name) addVar(ctx, a.name, typer.typeOf(a.value), { file, span: a.nameSpan ?? a.value.span, label });
              else readContextExpr(typer, a.value, ctx, label, depth + 1);
            }
          } else if (x.func.attr === 'setdefault') {
            const k = x.args[0]?.value;
            if (k?.kind === 'str') addVar(ctx, k.value, x.args[1] ? typer.typeOf(x.args[1].value) : UNKNOWN, { file, span: k.content, label });
            else ctx.open = true;
          }
          return;
        }
        // The dict handed to another function may be filled there (render itself reads it, and is skipped by the caller).
        if (x.args.some((a) => a.value.kind === 'name' && a.value.id === name && !a.star) && !isRenderCall(x)) ctx.open = true;
      });
    }
  });
}

function isRenderCall(call: Expr & { kind: 'call' }): boolean {
  const n = dottedName(call.func)?.split('.').pop() ?? '';
  return n in RENDER_FUNCS || n === 'render';
}

// ---- Function views and other render calls ------------------------------------------------------

/** Every render call of a module with a literal template name, and the context it passes. */
export function renderCalls(project: Project, cache: ParseCache, file: string, body: Stmt[], imports: Map<string, string>): Renderer[] {
  const out: Renderer[] = [];
  const visit = (stmts: Stmt[], fn: DefStmt | undefined, cls: ClassStmt | undefined) => {
    let typer: PyTyper | undefined;
    for (const s of stmts) {
      if (s.kind === 'def') {
        visit(s.body, s, cls);
        continue;
      }
      if (s.kind === 'class') {
        visit(s.body, undefined, s);
        continue;
      }
      const exprs = stmtExprs(s);
      for (const top of exprs) {
        walkExpr(top, (x) => {
          if (x.kind !== 'call') return;
          const fname = renderFunc(x.func, imports);
          if (!fname) return;
          const spec = RENDER_FUNCS[fname];
          const names = templateNames(argAt(x.args, spec.template, fname === 'render_to_string' || fname === 'render_to_response' ? 'template_name' : 'template'));
          if (!names.length) return;
          typer ??= new PyTyper(project, cache, file, fn);
          const request = spec.request !== undefined || !!kwarg(x.args, 'request');
          const label = fn ? `${cls ? cls.name + '.' : ''}${fn.name}()` : 'module code';
          const ctx = newContext({ file, span: fn?.nameSpan ?? x.span, label }, request);
          readContextExpr(typer, argAt(x.args, spec.context, 'context'), ctx, label);
          if (x.args.some((a) => a.star)) ctx.open = true;
          out.push({ names, context: ctx });
        });
      }
      for (const b of s.kind === 'block' ? s.bodies : []) visit(b, fn, cls);
    }
  };
  visit(body, undefined, undefined);
  return out;
}

function renderFunc(func: Expr, imports: Map<string, string>): string | undefined {
  const d = dottedName(func);
  if (!d) return undefined;
  const parts = d.split('.');
  const origin = imports.get(parts[0]);
  const full = origin ? [origin, ...parts.slice(1)].join('.') : d;
  const last = full.split('.').pop()!;
  if (!(last in RENDER_FUNCS)) return undefined;
  if (!/^django\.(shortcuts|template\.(loader|response))\./.test(full)) return undefined;
  return last;
}

/** name → dotted origin of a module's `from x import y` and `import x` statements. */
export function importsOf(body: Stmt[]): Map<string, string> {
  const m = new Map<string, string>();
  walkStmts(body, (s) => {
    if (s.kind === 'from' && s.level === 0 && s.names !== '*') for (const n of s.names) m.set(n.asname ?? n.name, s.module + '.' + n.name);
    else if (s.kind === 'import') for (const n of s.names) m.set(n.asname ?? n.name.split('.')[0], n.asname ? n.name : n.name.split('.')[0]);
  });
  return m;
}

// ---- Class-based views ------------------------------------------------------------------------------

type GenericKind = 'template' | 'detail' | 'list' | 'form' | 'create' | 'update' | 'delete' | 'redirect' | 'view' | 'open';

/** Django's generic views and mixins by class name: what each adds to the context. */
const GENERIC: Record<string, GenericKind> = {
  View: 'view', ContextMixin: 'template', TemplateResponseMixin: 'template', TemplateView: 'template', RedirectView: 'redirect',
  DetailView: 'detail', BaseDetailView: 'detail', SingleObjectMixin: 'detail', SingleObjectTemplateResponseMixin: 'template',
  ListView: 'list', BaseListView: 'list', MultipleObjectMixin: 'list', MultipleObjectTemplateResponseMixin: 'template',
  FormView: 'form', BaseFormView: 'form', FormMixin: 'form', ProcessFormView: 'form',
  CreateView: 'create', BaseCreateView: 'create', ModelFormMixin: 'form', UpdateView: 'update', BaseUpdateView: 'update',
  DeleteView: 'delete', BaseDeleteView: 'delete', DeletionMixin: 'view',
};
/** Mixins that add nothing to the context. */
const NEUTRAL = /^(LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|AccessMixin|SuccessMessageMixin|object|Generic)$/;

interface ViewFacts {
  kinds: Set<GenericKind>;
  /** The classes of the hierarchy we could read, most derived first. */
  classes: { file: string; stmt: ClassStmt }[];
  open: string[];
}

function viewFacts(project: Project, cache: ParseCache, file: string, stmt: ClassStmt): ViewFacts {
  const facts: ViewFacts = { kinds: new Set(), classes: [], open: [] };
  const seen = new Set<ClassStmt>();
  const visit = (f: string, s: ClassStmt, depth: number) => {
    if (seen.has(s) || depth > 15) return;
    seen.add(s);
    facts.classes.push({ file: f, stmt: s });
    for (const b of s.bases) {
      if (b.name || b.star) continue;
      const found = lookupClassExpr(project, cache, f, b.value);
      const last = (dottedName(b.value) ?? '').split('.').pop() ?? '';
      if (found.kind === 'class' && !/^django\./.test(found.cls.module ?? '')) visit(found.cls.file, found.cls.stmt, depth + 1);
      else if ((found.kind === 'external' && /^django\.views\./.test(found.qualname)) || (found.kind === 'class' && /^django\.views\./.test(found.cls.module ?? ''))) {
        const k = GENERIC[last];
        if (k) facts.kinds.add(k);
        else facts.open.push(`Django's ${last}`);
      } else if (NEUTRAL.test(last)) continue;
      else facts.open.push(`base ${dottedName(b.value) ?? 'expression'}`);
    }
  };
  visit(file, stmt, 0);
  return facts;
}

function classAttr(facts: ViewFacts, name: string): { file: string; value: Expr; stmt: ClassStmt } | undefined {
  for (const c of facts.classes) {
    for (const s of c.stmt.body) if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === name)) return { file: c.file, value: s.value, stmt: c.stmt };
  }
  return undefined;
}

function classMethod(facts: ViewFacts, name: string): { file: string; def: DefStmt; stmt: ClassStmt }[] {
  const out: { file: string; def: DefStmt; stmt: ClassStmt }[] = [];
  for (const c of facts.classes) for (const s of c.stmt.body) if (s.kind === 'def' && s.name === name) out.push({ file: c.file, def: s, stmt: c.stmt });
  return out;
}

/** The templates a view class renders and the context it renders them with; `overrides` are `as_view(...)` keywords. */
export function viewClassRenderer(project: Project, cache: ParseCache, file: string, stmt: ClassStmt, overrides?: Arg[], at?: { file: string; span: Span }): Renderer | undefined {
  const facts = viewFacts(project, cache, file, stmt);
  const k = facts.kinds;
  if (!k.size || (k.size === 1 && (k.has('view') || k.has('redirect')))) return undefined;
  const label = `${stmt.name} (class-based view)`;
  const src: Origin = { file: at?.file ?? file, span: at?.span ?? stmt.nameSpan, label };
  const ctx = newContext(src, true);
  if (facts.open.length) ctx.open = true;
  const here = (f: string, span: Span): Origin => ({ file: f, span, label });
  addVar(ctx, 'view', { kind: 'unknown', name: stmt.name }, here(file, stmt.nameSpan));
  // The model and how certain its rows are.
  const modelAttr = classAttr(facts, 'model');
  const qsAttr = classAttr(facts, 'queryset');
  let rows: TypeRef = UNKNOWN;
  if (qsAttr) rows = new PyTyper(project, cache, qsAttr.file, undefined).typeOf(qsAttr.value);
  else if (modelAttr) {
    const m = new PyTyper(project, cache, modelAttr.file, undefined).modelOf(modelAttr.value);
    if (m) rows = { kind: 'queryset', model: m, certain: !hasCustomManager(project, cache, m) };
  }
  if (rows.kind === 'manager') rows = { kind: 'queryset', model: rows.model, certain: rows.certain };
  const overridden = (n: string) => classMethod(facts, n).length > 0;
  const model = rows.kind === 'queryset' ? rows.model : undefined;
  const certain = rows.kind === 'queryset' && rows.certain && !overridden('get_queryset');
  const objName = strValue(classAttr(facts, 'context_object_name')?.value);
  const where = modelAttr ?? qsAttr;
  const whereSpan = where ? here(where.file, where.value.span) : here(file, stmt.nameSpan);
  const single = k.has('detail') || k.has('update') || k.has('delete');
  if (single) {
    const t: TypeRef = model ? { kind: 'model', model, certain: certain && !overridden('get_object') } : UNKNOWN;
    addVar(ctx, 'object', t, whereSpan);
    const n = objName ?? (model ? model.name.toLowerCase() : undefined);
    if (n) addVar(ctx, n, t, whereSpan);
    else ctx.open = true;
  }
  if (k.has('list')) {
    const t: TypeRef = model ? { kind: 'queryset', model, certain } : UNKNOWN;
    addVar(ctx, 'object_list', t, whereSpan);
    const n = objName ?? (model ? `${model.name.toLowerCase()}_list` : undefined);
    if (n) addVar(ctx, n, t, whereSpan);
    else ctx.open = true;
    for (const p of ['paginator', 'page_obj']) addVar(ctx, p, { kind: 'unknown', name: p === 'paginator' ? 'Paginator' : 'Page' }, whereSpan);
    addVar(ctx, 'is_paginated', { kind: 'scalar', name: 'bool' }, whereSpan);
  }
  if (k.has('form') || k.has('create') || k.has('update') || k.has('delete')) addVar(ctx, 'form', { kind: 'unknown', name: 'Form' }, here(file, stmt.nameSpan));
  if (k.has('template') && !single && !k.has('list') && !k.has('form') && !k.has('create')) {
    // TemplateView passes the URL's captured arguments into the context.
    ctx.open = true;
  }
  // extra_context, on the class and in as_view().
  const extra = classAttr(facts, 'extra_context');
  if (extra) readContextExpr(new PyTyper(project, cache, extra.file, undefined), extra.value, ctx, label);
  const extraKw = overrides ? kwarg(overrides, 'extra_context') : undefined;
  if (extraKw && at) readContextExpr(new PyTyper(project, cache, at.file, undefined), extraKw, ctx, label);
  // get_context_data of the class and its bases: every key any of them sets.
  for (const m of classMethod(facts, 'get_context_data')) readGetContextData(project, cache, m.file, m.def, ctx, `${m.stmt.name}.get_context_data()`);
  const names: string[] = [];
  const tn = overrides ? kwarg(overrides, 'template_name') : undefined;
  if (tn) names.push(...templateNames(tn));
  else {
    const attr = classAttr(facts, 'template_name');
    if (attr) names.push(...templateNames(attr.value));
    else if (model && (single || k.has('list') || k.has('create'))) {
      const suffix = strValue(classAttr(facts, 'template_name_suffix')?.value) ?? (k.has('list') ? '_list' : k.has('delete') ? '_confirm_delete' : k.has('update') || k.has('create') ? '_form' : '_detail');
      names.push(`${model.appLabel}/${model.name.toLowerCase()}${suffix}.html`);
    }
  }
  if (!names.length) return undefined;
  return { names, context: ctx };
}

/** Reads the keys a get_context_data() sets: on the dict from super(), in update(), in returned literals and super() keywords. */
function readGetContextData(project: Project, cache: ParseCache, file: string, def: DefStmt, ctx: RenderContext, label: string): void {
  const typer = new PyTyper(project, cache, file, def);
  const origin = (span: Span): Origin => ({ file, span, label });
  walkStmts(def.body, (s) => {
    if (s.kind === 'assign') {
      for (const t of s.targets) {
        if (t.kind === 'subscript' && t.obj.kind === 'name') {
          if (t.index.kind === 'str') addVar(ctx, t.index.value, typer.typeOf(s.value), origin(t.index.content));
          else ctx.open = true;
        }
      }
    }
    if (s.kind === 'return' && s.value) {
      const v = s.value;
      if (v.kind === 'dict' || (v.kind === 'call' && v.func.kind === 'name' && v.func.id === 'dict')) readContextExpr(typer, v, ctx, label);
      else if (v.kind === 'name') {
        // `return context` / `return data`: a local dict built here.
        for (const a of typer.assignmentsOf(v.id)) {
          if (a.kind === 'call' && a.func.kind === 'attr' && a.func.attr === 'get_context_data') readSuperKeywords(typer, a, ctx, label);
          else readContextExpr(typer, a, ctx, label);
        }
        if (!typer.assignmentsOf(v.id).length) ctx.open = true;
      } else if (v.kind === 'call' && v.func.kind === 'attr' && v.func.attr === 'get_context_data') readSuperKeywords(typer, v, ctx, label);
      else ctx.open = true;
    }
    for (const top of stmtExprs(s)) {
      walkExpr(top, (x) => {
        if (x.kind !== 'call' || x.func.kind !== 'attr') return;
        if (x.func.attr === 'update' && x.func.obj.kind === 'name') {
          for (const a of x.args) {
            if (a.name) addVar(ctx, a.name, typer.typeOf(a.value), origin(a.nameSpan ?? a.value.span));
            else readContextExpr(typer, a.value, ctx, label);
          }
        } else if (x.func.attr === 'setdefault' && x.func.obj.kind === 'name') {
          const k0 = x.args[0]?.value;
          if (k0?.kind === 'str') addVar(ctx, k0.value, x.args[1] ? typer.typeOf(x.args[1].value) : UNKNOWN, origin(k0.content));
        } else if (x.func.attr === 'get_context_data' && s.kind !== 'return') readSuperKeywords(typer, x, ctx, label);
      });
    }
  });
}

function readSuperKeywords(typer: PyTyper, call: Expr & { kind: 'call' }, ctx: RenderContext, label: string): void {
  for (const a of call.args) {
    if (a.name) addVar(ctx, a.name, typer.typeOf(a.value), { file: typer.file, span: a.nameSpan ?? a.value.span, label });
    else if (a.star === '**' && !(a.value.kind === 'name' && a.value.id === 'kwargs')) ctx.open = true;
  }
}

/** `SomeView.as_view(template_name=..., extra_context=...)` calls of a module: the class they render with their overrides. */
export function asViewRenderers(project: Project, cache: ParseCache, file: string, body: Stmt[]): Renderer[] {
  const out: Renderer[] = [];
  walkStmts(body, (s) => {
    for (const top of stmtExprs(s)) {
      walkExpr(top, (x) => {
        if (x.kind !== 'call' || x.func.kind !== 'attr' || x.func.attr !== 'as_view' || !kwarg(x.args, 'template_name')) return;
        const found = lookupClassExpr(project, cache, file, x.func.obj);
        if (found.kind === 'class' && !/^django\./.test(found.cls.module ?? '')) {
          const r = viewClassRenderer(project, cache, found.cls.file, found.cls.stmt, x.args, { file, span: x.span });
          if (r) out.push(r);
          return;
        }
        // Django's own TemplateView/DetailView... used directly: what we know of them, the URL's arguments unknown.
        const last = (dottedName(x.func.obj) ?? '').split('.').pop() ?? '';
        const names = templateNames(kwarg(x.args, 'template_name'));
        if (!names.length) return;
        const ctx = newContext({ file, span: x.span, label: `${last}.as_view()` }, true);
        ctx.open = true;
        addVar(ctx, 'view', { kind: 'unknown', name: last }, { file, span: x.span, label: `${last}.as_view()` });
        const extra = kwarg(x.args, 'extra_context');
        if (extra) readContextExpr(new PyTyper(project, cache, file, undefined), extra, ctx, `${last}.as_view()`);
        out.push({ names, context: ctx });
      });
    }
  });
  return out;
}

// ---- Inclusion tags -----------------------------------------------------------------------------------

/** `@register.inclusion_tag("x.html")` functions: their template renders with the dict they return (and nothing else). */
export function inclusionTagRenderers(project: Project, cache: ParseCache, file: string, body: Stmt[]): Renderer[] {
  const out: Renderer[] = [];
  walkStmts(body, (s) => {
    if (s.kind !== 'def') return;
    for (const d of s.decorators) {
      if (d.kind !== 'call' || d.func.kind !== 'attr' || d.func.attr !== 'inclusion_tag') continue;
      const names = templateNames(kwarg(d.args, 'filename') ?? d.args.find((a) => !a.name)?.value);
      if (!names.length) continue;
      const label = `inclusion tag ${s.name}`;
      const ctx = newContext({ file, span: s.nameSpan, label }, false);
      readReturns(new PyTyper(project, cache, file, s), s.body, ctx, label);
      out.push({ names, context: ctx });
    }
  });
  return out;
}

// ---- Context processors ------------------------------------------------------------------------------

const BUILTIN_PROCESSORS: Record<string, [string, string][]> = {
  'django.template.context_processors.debug': [['debug', 'bool'], ['sql_queries', 'list']],
  'django.template.context_processors.request': [['request', 'HttpRequest']],
  'django.contrib.auth.context_processors.auth': [['user', 'user'], ['perms', 'PermWrapper']],
  'django.contrib.messages.context_processors.messages': [['messages', 'messages'], ['DEFAULT_MESSAGE_LEVELS', 'dict']],
  'django.template.context_processors.i18n': [['LANGUAGES', 'list'], ['LANGUAGE_CODE', 'str'], ['LANGUAGE_BIDI', 'bool']],
  'django.template.context_processors.media': [['MEDIA_URL', 'str']],
  'django.template.context_processors.static': [['STATIC_URL', 'str']],
  'django.template.context_processors.tz': [['TIME_ZONE', 'str']],
  'django.template.context_processors.csrf': [['csrf_token', 'str']],
};
const SCALARS = new Set(['str', 'bool']);

/** The processor Django's RequestContext runs before the engine's own, whatever TEMPLATES says (`_builtin_context_processors`). */
const CSRF_PROCESSOR = 'django.template.context_processors.csrf';

/** The variables the first Django engine's context processors add (plus csrf_token, which RequestContext always adds). */
export function processorContext(project: Project, cache: ParseCache): RenderContext {
  const settingsFile = project.settings?.file ?? '';
  const ctx = newContext({ file: settingsFile, span: { start: 0, end: 0 }, label: 'context processors' }, true);
  const engine = project.settings?.engines.find((e) => e.kind === 'django');
  const list = engine?.contextProcessors;
  // csrf_token is in every RequestContext, also when the engine's own list is absent (no OPTIONS) or unreadable.
  const paths = [CSRF_PROCESSOR, ...(list ?? [])];
  if (!engine || !list) ctx.open = true;
  for (const path of paths) {
    const label = `context processor ${path.split('.').pop()}`;
    const known = BUILTIN_PROCESSORS[path];
    if (known) {
      for (const [name, t] of known) {
        let type: TypeRef = SCALARS.has(t) ? { kind: 'scalar', name: t } : { kind: 'unknown', name: t };
        if (t === 'user') {
          // AnonymousUser when nobody is logged in: typed for completion, never certain.
          const um = userModel(project);
          type = um ? { kind: 'model', model: um, certain: false } : { kind: 'unknown', name: 'User or AnonymousUser' };
        }
        addVar(ctx, name, type, { file: settingsFile, span: { start: 0, end: 0 }, label });
      }
      continue;
    }
    const dot = path.lastIndexOf('.');
    const mod = project.resolver.resolve(path.slice(0, dot));
    const found = mod?.file ? lookupName(project, cache, mod.file, path.slice(dot + 1)) : undefined;
    const parsed = mod?.file ? cache.getPython(mod.file) : undefined;
    const def = parsed?.module.body.find((s): s is DefStmt => s.kind === 'def' && s.name === path.slice(dot + 1));
    if (!def || !mod?.file || (found && found.kind === 'class')) {
      ctx.open = true;
      continue;
    }
    readReturns(new PyTyper(project, cache, mod.file, def), def.body, ctx, label);
  }
  return ctx;
}

/** Reads every dict a function body returns into `ctx`; a body that returns nothing we can see leaves it open. */
function readReturns(typer: PyTyper, body: Stmt[], ctx: RenderContext, label: string): void {
  let returns = 0;
  walkStmts(body, (r) => {
    if (r.kind !== 'return') return;
    returns++;
    readContextExpr(typer, r.value, ctx, label);
  });
  if (!returns) ctx.open = true;
}
