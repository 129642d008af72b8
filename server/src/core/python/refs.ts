// Finds the URL names and template names a Python file refers to (reverse, redirect, render, template_name...).

import type { Arg, Expr, PyModule, Stmt } from './ast';
import { dottedName, walkExpr, walkStmts, stmtExprs } from './ast';
import { parsePython, parsePythonPieces } from './parse';
import { refPieces, type PieceQuery } from './scan';
import type { Span } from '../text';

export interface PyUrlRef {
  func: string;
  name: string;
  nameSpan: Span;
  callSpan: Span;
  /** Positional argument count when known. */
  args?: number;
  /** Keyword argument names when known. */
  kwargs?: string[];
  /** Whether the arguments were all understood, so that a mismatch can be claimed. */
  argsKnown: boolean;
}

export interface PyTemplateRef {
  func: string;
  /** Candidate names; for select_template-style lists the first one found wins. */
  names: { name: string; span: Span }[];
  /** True for lists (select_template, render with a list): missing only if all are missing. */
  anyOf: boolean;
  span: Span;
  /**
   * Why Django itself may never load this name, when it may not: a `*_template_name` attribute that only some of
   * Django's views read (`email_template_name` is PasswordResetView's; a project's own `meta_bar_template_name`
   * is whatever its code makes of it). Such names are navigable but never reported missing.
   */
  unchecked?: string;
}

/** Attributes Django's views read as template names besides `template_name`, with the views that read them. */
const VIEW_TEMPLATE_ATTRS: Record<string, RegExp> = {
  email_template_name: /(^|\.)PasswordResetView$/,
  subject_template_name: /(^|\.)PasswordResetView$/,
  html_email_template_name: /(^|\.)PasswordResetView$/,
};

/** Why a `*_template_name` given to (or set on) a view with these base names may not be a template Django loads. */
function attrUnchecked(attr: string, viewNames: string[]): string | undefined {
  if (attr === 'template_name') return undefined;
  const readers = VIEW_TEMPLATE_ATTRS[attr];
  if (readers && viewNames.some((b) => readers.test(b))) return undefined;
  return readers ? `${attr} is read by Django's PasswordResetView, which this view does not visibly derive from` : `${attr} is not an attribute Django's views read`;
}

/** A class that looks like a view, for template_name checks and generic views' default templates. */
export interface PyViewClass {
  stmt: Stmt & { kind: 'class' };
  baseNames: string[];
}

export interface PyRefs {
  urls: PyUrlRef[];
  templates: PyTemplateRef[];
  viewClasses: PyViewClass[];
  /**
   * Calls named like Django's reverse() of a function imported from another module (`from shop.urls_util import
   * reverse`), read as reverse() calls: they are URL-name uses when that function forwards its first argument to
   * Django's reverse() unchanged (`forwardsToReverse`), which only the project can tell.
   */
  viaCalls: { origin: string; ref: PyUrlRef }[];
}

const URL_FUNCS: Record<string, string[]> = {
  reverse: ['django.urls', 'django.urls.base', 'django.core.urlresolvers'],
  reverse_lazy: ['django.urls', 'django.urls.base', 'django.core.urlresolvers'],
  redirect: ['django.shortcuts'],
  resolve_url: ['django.shortcuts'],
};

const TEMPLATE_FUNCS: Record<string, { modules: string[]; argIndex: number }> = {
  render: { modules: ['django.shortcuts'], argIndex: 1 },
  render_to_response: { modules: ['django.shortcuts'], argIndex: 0 },
  render_to_string: { modules: ['django.template.loader'], argIndex: 0 },
  get_template: { modules: ['django.template.loader'], argIndex: 0 },
  select_template: { modules: ['django.template.loader'], argIndex: 0 },
  TemplateResponse: { modules: ['django.template.response'], argIndex: 1 },
  SimpleTemplateResponse: { modules: ['django.template.response'], argIndex: 0 },
};

/** Settings Django passes to resolve_url(): URL names are allowed there. */
const URL_SETTINGS = new Set(['LOGIN_URL', 'LOGIN_REDIRECT_URL', 'LOGOUT_REDIRECT_URL']);

/** Names of Django's functions (reverse_lazy, render_to_string... included): a call is one only through an import from django. */
const CALL_WORDS = /reverse|redirect|resolve_url|render|get_template|select_template|TemplateResponse/;
/** Words that make a reference without any import: template_name/pattern_name, inclusion_tag, the settings resolve_url reads, generic views. */
const OWN_WORDS = /template_name|inclusion_tag|pattern_name|LOGIN_URL|_REDIRECT_URL|(List|Detail|Create|Update|Delete)View\b/;

/**
 * Cheap text test run before any parse: a file for which it is false holds no reference `pythonRefs` could find.
 * A Django function is recognised only through an import naming `django`, so a file that says `render` but
 * never `django` (a template engine of its own, a comment) is not parsed (issue 14: a third fewer parses on
 * django-allauth and kitsune); a file that imports something and says `reverse` may call a project's wrapper.
 */
export function mayHoldRefs(text: string): boolean {
  // A reverse() imported from the project's own module may be a wrapper of Django's (see forwardsToReverse).
  return OWN_WORDS.test(text) || (CALL_WORDS.test(text) && (text.includes('django') || (/\breverse(?:_lazy)?\b/.test(text) && /\bimport\b/.test(text))));
}

/** What Django function a call's callee is, judged by how the module imported it. */
function djangoFunc(func: Expr, imports: Map<string, string>): string | undefined {
  if (func.kind === 'name') {
    const origin = imports.get(func.id);
    if (!origin) return undefined;
    const dot = origin.lastIndexOf('.');
    const mod = origin.slice(0, dot);
    const attr = origin.slice(dot + 1);
    if (URL_FUNCS[attr]?.includes(mod) || TEMPLATE_FUNCS[attr]?.modules.includes(mod)) return attr;
    return undefined;
  }
  if (func.kind === 'attr') {
    const base = dottedName(func.obj);
    if (!base) return undefined;
    const head = base.split('.')[0];
    const origin = imports.get(head);
    const full = origin ? origin + base.slice(head.length) : base;
    const attr = func.attr;
    if (URL_FUNCS[attr]?.includes(full) || TEMPLATE_FUNCS[attr]?.modules.includes(full)) return attr;
  }
  return undefined;
}

/** The imported function a call names, when it is called reverse or reverse_lazy and comes from a module other than Django's. */
function wrapperOrigin(func: Expr, imports: Map<string, string>): string | undefined {
  if (func.kind !== 'name') return undefined;
  const origin = imports.get(func.id);
  if (!origin || origin.startsWith('django.') || !origin.includes('.')) return undefined;
  const attr = origin.slice(origin.lastIndexOf('.') + 1);
  return attr === 'reverse' || attr === 'reverse_lazy' ? origin : undefined;
}

/**
 * Whether a function forwards its first parameter, never rebound, as the URL name of a call of Django's reverse()
 * (kitsune's `sumo.urlresolvers.reverse(viewname, urlconf=None, args=None, kwargs=None, ..., locale=None)`), so that
 * its calls use URL names as reverse() does. Its calls' arguments are checked only when its first four parameters
 * are reverse()'s and reach it unchanged; anything else in it (a transformed name) makes it no wrapper.
 */
export function forwardsToReverse(def: Stmt & { kind: 'def' }, module: PyModule): { argsAsDjango: boolean } | undefined {
  const p = def.params;
  if (!p.length || def.starAt === 0) return undefined;
  const imports = importMap(module.body);
  for (const [k, v] of importMap(def.body)) imports.set(k, v);
  let rebound = false;
  walkStmts(def.body, (s) => {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && p.slice(0, 4).includes(t.id))) rebound = true;
    if (s.kind === 'augassign' && s.target.kind === 'name' && p.slice(0, 4).includes(s.target.id)) rebound = true;
  });
  if (rebound) return undefined;
  let found: { argsAsDjango: boolean } | undefined;
  const isParam = (a: Arg | undefined, name: string) => !!a && a.value.kind === 'name' && a.value.id === name && !a.star;
  walkStmts(def.body, (s) => {
    for (const root of stmtExprs(s)) {
      walkExpr(root, (e) => {
        if (found || e.kind !== 'call') return;
        const f = djangoFunc(e.func, imports);
        if (f !== 'reverse' && f !== 'reverse_lazy') return;
        const byPos = (i: number, kw: string) => e.args.find((a) => a.name === kw) ?? (e.args[i] && !e.args[i].name && !e.args[i].star ? e.args[i] : undefined);
        if (!isParam(byPos(0, 'viewname'), p[0])) return;
        const same = p[1] === 'urlconf' && p[2] === 'args' && p[3] === 'kwargs' && isParam(byPos(1, 'urlconf'), 'urlconf') && isParam(byPos(2, 'args'), 'args') && isParam(byPos(3, 'kwargs'), 'kwargs');
        found = { argsAsDjango: same && def.starAt === undefined };
      });
    }
  });
  return found;
}

function importMap(body: Stmt[]): Map<string, string> {
  const m = new Map<string, string>();
  walkStmts(body, (s) => {
    if (s.kind === 'from' && s.level === 0 && s.names !== '*') for (const n of s.names) m.set(n.asname ?? n.name, s.module + '.' + n.name);
    else if (s.kind === 'import') for (const n of s.names) m.set(n.asname ?? n.name.split('.')[0], n.asname ? n.name : n.name.split('.')[0]);
  });
  return m;
}

function strArg(e: Expr | undefined): { name: string; span: Span } | undefined {
  return e && e.kind === 'str' ? { name: e.value, span: e.content } : undefined;
}

function seqLen(e: Expr): number | undefined {
  if ((e.kind === 'list' || e.kind === 'tuple') && !e.elts.some((x) => x.kind === 'starred')) return e.elts.length;
  return undefined;
}

function dictKeys(e: Expr): string[] | undefined {
  if (e.kind !== 'dict') return undefined;
  const out: string[] = [];
  for (const it of e.items) {
    if (!it.key || it.key.kind !== 'str') return undefined;
    out.push(it.key.value);
  }
  return out;
}

function urlRef(func: string, call: Expr & { kind: 'call' }): PyUrlRef | undefined {
  const args = call.args;
  const first = args[0] && !args[0].name && !args[0].star ? args[0].value : args.find((a) => a.name === (func === 'reverse' || func === 'reverse_lazy' ? 'viewname' : 'to'))?.value;
  const lit = strArg(first);
  if (!lit) return undefined;
  const ref: PyUrlRef = { func, name: lit.name, nameSpan: lit.span, callSpan: call.span, argsKnown: false };
  if (func === 'reverse' || func === 'reverse_lazy') {
    if (args.some((a) => a.star)) return ref;
    const urlconf = args.find((a) => a.name === 'urlconf') ?? (args[1] && !args[1].name ? args[1] : undefined);
    // A reverse() against another URLconf is outside the project's tree.
    if (urlconf && !(urlconf.value.kind === 'const' && urlconf.value.value === null)) return undefined;
    const a = args.find((x) => x.name === 'args') ?? (args[2] && !args[2].name ? args[2] : undefined);
    const k = args.find((x) => x.name === 'kwargs') ?? (args[3] && !args[3].name ? args[3] : undefined);
    const isNone = (x?: Arg) => !x || (x.value.kind === 'const' && x.value.value === null);
    const n = isNone(a) ? 0 : seqLen(a!.value);
    const ks = isNone(k) ? [] : dictKeys(k!.value);
    if (n !== undefined && ks !== undefined) {
      ref.args = n;
      ref.kwargs = ks;
      ref.argsKnown = true;
    }
    return ref;
  }
  // redirect()/resolve_url(): a string with '/' or '.' is used as a URL when it is not a name.
  if (lit.name.includes('/') || lit.name.includes('.')) return undefined;
  if (args.some((a) => a.star)) return ref;
  const rest = args.slice(1);
  ref.args = rest.filter((a) => !a.name).length;
  ref.kwargs = rest.filter((a) => a.name && a.name !== 'permanent').map((a) => a.name!);
  ref.argsKnown = true;
  return ref;
}

function templateRef(func: string, call: Expr & { kind: 'call' }): PyTemplateRef | undefined {
  const spec = TEMPLATE_FUNCS[func];
  const kw = call.args.find((a) => a.name === 'template_name' || a.name === 'template_name_list');
  const pos = call.args.filter((a) => !a.name && !a.star);
  const e = kw?.value ?? pos[spec.argIndex]?.value;
  if (!e) return undefined;
  const single = strArg(e);
  if (single) return { func, names: [single], anyOf: false, span: call.span };
  if ((e.kind === 'list' || e.kind === 'tuple') && e.elts.length && e.elts.every((x) => x.kind === 'str')) {
    return { func, names: e.elts.map((x) => strArg(x)!), anyOf: true, span: call.span };
  }
  return undefined;
}

/** Whether an expression is a call that sets ROOT_URLCONF (`override_settings(ROOT_URLCONF=...)`, `self.settings(...)`). */
function overridesUrlconf(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'call' && x.args.some((a) => a.name === 'ROOT_URLCONF')) found = true;
  });
  return found;
}

/**
 * Spans of code that runs with another ROOT_URLCONF: test classes or functions decorated with
 * `override_settings(ROOT_URLCONF=...)` and `with self.settings(ROOT_URLCONF=...)` blocks. URL names used
 * there belong to that URLconf, so they are not checked against the project's.
 */
function otherUrlconfSpans(body: Stmt[]): Span[] {
  const out: Span[] = [];
  walkStmts(body, (s) => {
    if ((s.kind === 'class' || s.kind === 'def') && s.decorators.some(overridesUrlconf)) out.push(s.span);
    else if (s.kind === 'block' && s.keyword === 'with' && s.exprs.some(overridesUrlconf)) out.push(s.span);
  });
  return out;
}

/** Collects references from a parsed module. */
export function pythonRefs(mod: PyModule): PyRefs {
  const imports = importMap(mod.body);
  const out: PyRefs = { urls: [], templates: [], viewClasses: [], viaCalls: [] };
  const elsewhere = otherUrlconfSpans(mod.body);
  const seen = new Set<Expr>();
  const visitExpr = (root: Expr) =>
    walkExpr(root, (e) => {
      if (e.kind !== 'call' || seen.has(e)) return;
      seen.add(e);
      const f = djangoFunc(e.func, imports);
      const via = f ? undefined : wrapperOrigin(e.func, imports);
      if (f && URL_FUNCS[f]) {
        const r = urlRef(f, e);
        if (r && !elsewhere.some((sp) => r.callSpan.start >= sp.start && r.callSpan.end <= sp.end)) out.urls.push(r);
      } else if (via) {
        const r = urlRef('reverse', e);
        if (r && !elsewhere.some((sp) => r.callSpan.start >= sp.start && r.callSpan.end <= sp.end)) out.viaCalls.push({ origin: via, ref: r });
      } else if (f && TEMPLATE_FUNCS[f]) {
        const r = templateRef(f, e);
        if (r) out.templates.push(r);
      } else if (e.func.kind === 'attr' && e.func.attr === 'inclusion_tag') {
        // register.inclusion_tag("x.html") names a template too.
        const a = e.args.find((x) => x.name === 'filename') ?? e.args[0];
        const lit = a && (a.name === undefined || a.name === 'filename') ? strArg(a.value) : undefined;
        if (lit) out.templates.push({ func: e.func.attr, names: [lit], anyOf: false, span: e.span });
      } else if (e.func.kind === 'attr' && e.func.attr === 'as_view') {
        // View.as_view(template_name=..., email_template_name=..., pattern_name=...) name templates and URLs too.
        for (const a of e.args) {
          const lit = a.name ? strArg(a.value) : undefined;
          if (!lit || !a.name) continue;
          if (/(^|_)template_name$/.test(a.name)) {
            const unchecked = attrUnchecked(a.name, [dottedName(e.func.obj) ?? '']);
            out.templates.push({ func: a.name, names: [lit], anyOf: false, span: e.span, ...(unchecked ? { unchecked } : {}) });
          }
          else if (a.name === 'pattern_name' && !elsewhere.some((sp) => e.span.start >= sp.start && e.span.end <= sp.end)) {
            // RedirectView reverses pattern_name with the request's own arguments: the name is checked, not the count.
            out.urls.push({ func: 'pattern_name', name: lit.name, nameSpan: lit.span, callSpan: e.span, argsKnown: false });
          }
        }
      }
    });
  // Settings that resolve_url() reads: a value without '/' or '.' is a URL name.
  for (const s of mod.body) {
    if (s.kind !== 'assign' || !s.targets.some((t) => t.kind === 'name' && URL_SETTINGS.has(t.id))) continue;
    const lit = strArg(s.value);
    if (lit && lit.name && !lit.name.includes('/') && !lit.name.includes('.')) out.urls.push({ func: 'resolve_url', name: lit.name, nameSpan: lit.span, callSpan: s.span, args: 0, kwargs: [], argsKnown: true });
  }
  walkStmts(mod.body, (s) => {
    for (const e of stmtExprs(s)) visitExpr(e);
    // A default argument is evaluated when the function is defined: `def f(next=reverse('home'))` is a use.
    if (s.kind === 'def') for (const d of s.defaults ?? []) if (d) visitExpr(d);
    if (s.kind === 'class') {
      const baseNames = s.bases.filter((b) => !b.name).map((b) => dottedName(b.value) ?? '');
      const looksLikeView = baseNames.some((b) => /View$|ViewMixin$|ResponseMixin$/.test(b)) || /View$/.test(s.name);
      if (looksLikeView && !baseNames.some((b) => /Widget$|Form$|Input$|Select$/.test(b))) {
        out.viewClasses.push({ stmt: s, baseNames });
        for (const b of s.body) {
          if (b.kind !== 'assign') continue;
          const pn = b.targets.some((x) => x.kind === 'name' && x.id === 'pattern_name') ? strArg(b.value) : undefined;
          if (pn) out.urls.push({ func: 'pattern_name', name: pn.name, nameSpan: pn.span, callSpan: b.span, argsKnown: false });
          const t = b.targets.find((x) => x.kind === 'name' && /(^|_)template_name$/.test(x.id));
          if (!t || t.kind !== 'name') continue;
          const lit = strArg(b.value);
          const unchecked = attrUnchecked(t.id, baseNames);
          const extra = unchecked ? { unchecked } : {};
          if (lit) out.templates.push({ func: t.id, names: [lit], anyOf: false, span: b.span, ...extra });
          else if ((b.value.kind === 'list' || b.value.kind === 'tuple') && b.value.elts.every((x) => x.kind === 'str') && b.value.elts.length) {
            out.templates.push({ func: t.id, names: b.value.elts.map((x) => strArg(x)!), anyOf: true, span: b.span, ...extra });
          }
        }
      }
    }
  });
  return out;
}

/** What a file must show to hold a reference: every place pythonRefs() looks, as the scan sees it. */
const PIECES: PieceQuery = {
  callees: new Set([...Object.keys(URL_FUNCS), ...Object.keys(TEMPLATE_FUNCS), 'inclusion_tag', 'as_view']),
  // inclusion_tag() and as_view() are recognised by their name alone, whatever they are called on.
  anyReceiver: new Set(['inclusion_tag', 'as_view']),
  // Code that runs with another ROOT_URLCONF, and the settings resolve_url() reads, are judged by their statement.
  wholeWords: new Set(['ROOT_URLCONF', ...URL_SETTINGS]),
  // A class that may look like a view to pythonRefs(): its body is read for template_name and its methods.
  wholeClass: /\bclass\s+\S*View\s*[(:[]|(?:View|ViewMixin|ResponseMixin)\s*(?:[,)#\\]|$)/m,
};

/**
 * The references of a file's text, with the same answer as `pythonRefs(parsePython(text))` but parsing only the
 * pieces that can hold one (issue 14: a test module with a reverse() in every method is mostly other code). The
 * whole file is parsed when the scan is unsure or a piece does not parse cleanly on its own.
 */
export function refsOfText(text: string): PyRefs {
  let q = PIECES;
  for (let round = 0; round < 2; round++) {
    const pieces = refPieces(text, q);
    if (!pieces) break;
    // Pieces that each parse cleanly parse cleanly together; a syntax error in one sends the file to a whole parse,
    // whose error recovery the pieces could not reproduce.
    const body = parsePythonPieces(text, pieces)?.body;
    if (!body) break;
    // A Django function imported under another name is called by that name: scan again looking for it too.
    const aliases = [...importMap(body)].filter(([local, origin]) => local !== origin.slice(origin.lastIndexOf('.') + 1) && PIECES.callees.has(origin.slice(origin.lastIndexOf('.') + 1))).map(([local]) => local);
    if (round === 0 && aliases.length) {
      q = { ...q, callees: new Set([...q.callees, ...aliases]) };
      continue;
    }
    return pythonRefs({ body, errors: [] });
  }
  return pythonRefs(parsePython(text));
}
