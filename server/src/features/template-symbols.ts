// The one query for template variables: what is at an offset (a context variable or an attribute of one), what is in scope, and every attribute use of a model field.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { ParsedTemplate } from '../core/templates/parse';
import { splitContents } from '../core/templates/parse';
import type { Scope, ScopeVar } from '../core/context/context';
import { isCertainVar, pathType, scopeAt, templateFacts } from '../core/context/context';
import type { Member, TypeRef } from '../core/context/types';
import { describeType, memberType, membersOf, modelShape } from '../core/context/types';
import type { PathRef, Segment } from '../core/context/tscan';
import type { ModelInfo } from '../core/project/models';

/** What the cursor is on in a template, as every feature sees it. */
export type TemplateSymbol =
  | { kind: 'variable'; name: string; span: Span; scope: Scope; variable?: ScopeVar }
  | {
      kind: 'attribute';
      name: string;
      span: Span;
      /** The path up to and including this segment (`book.author`). */
      path: string[];
      /** The types of the object the attribute is read on. */
      ownerTypes: TypeRef[];
      /** The member each owner type has under that name (absent where it has none or we cannot tell). */
      members: Member[];
      scope: Scope;
    };

function isTemplate(project: Project, file: string): boolean {
  const entries = project.templates.byFile.get(file);
  return !!entries?.some((e) => project.settings?.engines[e.engine]?.kind === 'django');
}

function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** The variable or attribute at `offset` of a template, or undefined. */
export function templateSymbolAt(ws: Workspace, file: string, offset: number): TemplateSymbol | undefined {
  const project = ws.projectFor(file);
  if (!project || !isTemplate(project, file)) return undefined;
  const parsed = ws.template(file);
  if (!parsed) return undefined;
  const facts = templateFacts(parsed);
  for (const p of facts.paths) {
    const i = p.segments.findIndex((s) => s.name && within(s.span, offset));
    if (i >= 0) return symbolOfPath(ws, project, file, p.segments, i);
  }
  // A name where a tag binds it (`{% for book in ... %}`, `{% with x=... %}`) is a variable too.
  for (const b of facts.bindings) {
    if (b.how !== 'forloop' && within(b.span, offset)) {
      const scope = scopeAt(ws, project, file, b.scope.start);
      return { kind: 'variable', name: b.name, span: b.span, scope, variable: scope.vars.get(b.name) };
    }
  }
  return undefined;
}

function symbolOfPath(ws: Workspace, project: Project, file: string, segments: Segment[], i: number): TemplateSymbol {
  const scope = scopeAt(ws, project, file, segments[0].span.start);
  const seg = segments[i];
  if (i === 0) return { kind: 'variable', name: seg.name, span: seg.span, scope, variable: scope.vars.get(seg.name) };
  const path = segments.slice(0, i + 1).map((s) => s.name);
  const owner = pathType(ws, project, scope, path.slice(0, -1));
  const members: Member[] = [];
  for (const t of owner.types) {
    const m = memberType(project, ws.cache, t, seg.name)?.member;
    if (m) members.push(m);
  }
  return { kind: 'attribute', name: seg.name, span: seg.span, path, ownerTypes: owner.types, members, scope };
}

// ---- Completion ---------------------------------------------------------------------------------

export interface TemplateCompletion {
  label: string;
  kind: 'variable' | 'member';
  detail: string;
  documentation?: string;
  replaceSpan: Span;
}

/** Tags whose arguments take variables (completion offers names there). */
const VARIABLE_TAGS = /^(if|elif|for|with|firstof|cycle|include|url|regroup|blocktrans|blocktranslate|widthratio|ifchanged)$/;

/**
 * Completion of variables and attributes at `offset`: after `{{ `, in a tag that reads variables, and after a
 * dot. Undefined when the offset is not such a place, so other completions apply.
 */
export function templateVariableCompletion(ws: Workspace, file: string, offset: number): TemplateCompletion[] | undefined {
  const project = ws.projectFor(file);
  if (!project || !isTemplate(project, file)) return undefined;
  const parsed = ws.template(file);
  if (!parsed) return undefined;
  const place = expressionBefore(parsed, offset);
  if (!place) return undefined;
  const scope = scopeAt(ws, project, file, offset);
  const replaceSpan = { start: offset - place.prefix.length, end: offset };
  if (place.path.length === 0) {
    return [...scope.vars.values()].filter((v) => v.name.startsWith(place.prefix)).map((v) => ({
      label: v.name,
      kind: 'variable' as const,
      detail: v.types.map(describeType).join(' | '),
      documentation: originsText(ws, v),
      replaceSpan,
    }));
  }
  const owner = pathType(ws, project, scope, place.path);
  const seen = new Map<string, TemplateCompletion>();
  for (const t of owner.types) {
    for (const m of membersOf(project, ws.cache, t).members) {
      // What a template cannot read on an instance (a manager, save(), a method needing arguments) is no completion.
      if (m.name.startsWith('_') || m.notInTemplates || !m.name.startsWith(place.prefix) || seen.has(m.name)) continue;
      seen.set(m.name, { label: m.name, kind: 'member', detail: `${m.detail}${m.type.kind !== 'unknown' ? ` → ${describeType(m.type)}` : ''}`, replaceSpan });
    }
  }
  return [...seen.values()];
}

/**
 * The variable path being typed before `offset`: `{{ book.au` gives path [book] and prefix `au`. Only inside
 * `{{ }}` or a tag that reads variables, outside strings and filter names.
 */
function expressionBefore(parsed: ParsedTemplate, offset: number): { path: string[]; prefix: string } | undefined {
  const text = parsed.text;
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const before = text.slice(lineStart, offset);
  const v = before.lastIndexOf('{{');
  const t = before.lastIndexOf('{%');
  const at = Math.max(v, t);
  if (at < 0) return undefined;
  const inner = before.slice(at + 2);
  if (inner.includes(at === v ? '}}' : '%}')) return undefined;
  // Inside a comment or verbatim body nothing is code.
  for (const tok of parsed.tokens) {
    if (tok.span.start > offset) break;
    if (tok.raw && tok.span.end <= offset && (tok.rawEnd === null || (tok.rawEnd && tok.rawEnd.start >= offset))) return undefined;
  }
  if (quoteOpen(inner)) return undefined;
  const m = /([A-Za-z_][\w]*(?:\.[\w]*)*)?$/.exec(inner)!;
  const typed = m[1] ?? '';
  const head = inner.slice(0, inner.length - typed.length);
  // A filter name or argument keyword is not a variable; `|` directly before means a filter.
  if (/\|\s*$/.test(head) || /[\w.'"]$/.test(head)) return undefined;
  if (at === t) {
    const start = lineStart + at + 2;
    const bits = splitContents(text, start, offset);
    const tag = bits[0]?.text ?? '';
    if (!VARIABLE_TAGS.test(tag) || (bits.length <= 1 && !/\s$/.test(inner))) return undefined;
    if (tag === 'for' && !bits.slice(1, typed ? -1 : undefined).some((b) => b.text === 'in')) return undefined;
    if ((tag === 'include' || tag === 'url') && bits.length <= (typed ? 2 : 1)) return undefined;
    if (bits.length >= 2 && bits[bits.length - (typed ? 2 : 1)]?.text === 'as') return undefined;
  }
  const parts = typed.split('.');
  const prefix = parts.pop() ?? '';
  return { path: typed ? parts : [], prefix };
}

function quoteOpen(s: string): boolean {
  let q = '';
  for (const c of s) {
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
  }
  return q !== '';
}

// ---- Hover and definition ------------------------------------------------------------------------

function relPath(ws: Workspace, file: string): string {
  return file.startsWith(ws.root + '/') ? file.slice(ws.root.length + 1) : file;
}

function originsText(ws: Workspace, v: ScopeVar): string {
  const lines = v.origins.slice(0, 8).map((o) => `- ${o.label} (${relPath(ws, o.file)})`);
  if (v.origins.length > 8) lines.push(`- ... and ${v.origins.length - 8} more`);
  return lines.join('\n');
}

/** Markdown for a hover on a template variable or attribute. */
export function templateSymbolHover(ws: Workspace, sym: TemplateSymbol): string | undefined {
  if (sym.kind === 'variable') {
    const v = sym.variable;
    if (!v) return undefined;
    const types = v.types.map(describeType).join(' | ');
    const partial = sym.scope.contexts > v.provided ? `\n\nGiven by ${v.provided} of the ${sym.scope.contexts} contexts this template is rendered with.` : '';
    return [`**${sym.name}**: \`${types}\``, 'From:', originsText(ws, v)].join('\n\n') + partial;
  }
  if (!sym.members.length) {
    const owner = sym.ownerTypes.filter((t) => t.kind !== 'unknown').map(describeType);
    return owner.length ? `**${sym.name}** on \`${owner.join(' | ')}\`: not a field, relation, property or method we know of.` : undefined;
  }
  return sym.members.map((m) => `**${sym.path.join('.')}**: \`${describeType(m.type)}\` (${m.detail})${m.file ? ` in ${relPath(ws, m.file)}` : ''}`).join('\n\n');
}

/** Where a template variable enters the context, or where an attribute is defined. */
export function templateSymbolDefinition(sym: TemplateSymbol): { file: string; span: Span }[] {
  if (sym.kind === 'variable') return (sym.variable?.origins ?? []).filter((o) => o.file && !(o.span.start === 0 && o.span.end === 0 && o.label.startsWith('context processor'))).map((o) => ({ file: o.file, span: o.span }));
  return sym.members.filter((m) => m.file && m.span).map((m) => ({ file: m.file!, span: m.span! }));
}

// ---- References of model fields -------------------------------------------------------------------

/** The model field whose name is at `offset` of a models file, if any. */
function modelFieldAt(project: Project, file: string, offset: number): { model: ModelInfo; name: string; span: Span } | undefined {
  for (const m of project.models) {
    if (m.file !== file) continue;
    for (const f of m.fields) if (within(f.nameSpan, offset)) return { model: m, name: f.name, span: f.nameSpan };
  }
  return undefined;
}

/** Every template attribute that reads field `name` of `model` (or of a model inheriting it), in the project's templates. */
function fieldUsesInTemplates(ws: Workspace, project: Project, model: ModelInfo, name: string): { file: string; span: Span }[] {
  const out: { file: string; span: Span }[] = [];
  for (const file of project.templates.byFile.keys()) {
    if (!file.startsWith(ws.root + '/') || /\/(site|dist)-packages\//.test(file) || !isTemplate(project, file)) continue;
    const parsed = ws.template(file);
    if (!parsed || !parsed.text.includes(name)) continue;
    for (const p of templateFacts(parsed).paths) {
      for (let i = 1; i < p.segments.length; i++) {
        if (p.segments[i].name !== name) continue;
        const sym = symbolOfPath(ws, project, file, p.segments, i);
        if (sym.kind === 'attribute' && sym.members.some((m) => m.field?.model === model && m.field.name === name && m.name === name)) out.push({ file, span: p.segments[i].span });
      }
    }
  }
  return out;
}

/** References of a model field from a template attribute or from its definition: the definition and every template use. */
export function templateFieldReferences(ws: Workspace, file: string, offset: number, includeDeclaration: boolean): { file: string; span: Span }[] | undefined {
  const project = ws.projectFor(file);
  if (!project) return undefined;
  let target: { model: ModelInfo; name: string } | undefined;
  let decl: { file: string; span: Span } | undefined;
  if (file.endsWith('.py')) {
    const f = modelFieldAt(project, file, offset);
    if (!f) return undefined;
    target = f;
    decl = { file, span: f.span };
  } else {
    const sym = templateSymbolAt(ws, file, offset);
    if (!sym || sym.kind !== 'attribute') return undefined;
    const m = sym.members.find((x) => x.field && x.name === x.field.name);
    if (!m?.field) return undefined;
    target = m.field;
    const fi = m.field.model.fields.find((x) => x.name === m.field!.name);
    if (fi) decl = { file: m.field.model.file, span: fi.nameSpan };
  }
  const uses = fieldUsesInTemplates(ws, project, target.model, target.name);
  return [...(includeDeclaration && decl ? [decl] : []), ...uses];
}

// ---- The diagnostic's question ----------------------------------------------------------------------

export interface UnknownAttribute {
  span: Span;
  name: string;
  model: ModelInfo;
  path: string[];
}

/**
 * Attributes read on a value whose type is one certain model instance in every context, where the model and all
 * its bases are fully understood, and which name no member of it.
 */
export function unknownAttributes(ws: Workspace, project: Project, file: string): UnknownAttribute[] {
  if (!isTemplate(project, file)) return [];
  const parsed = ws.template(file);
  if (!parsed) return [];
  // Apps that add fields to registered models from outside their class (translated fields, history).
  if (project.settings?.installedApps.some((a) => /^(modeltranslation|parler|simple_history|django_extensions)\b/.test(a))) return [];
  const out: UnknownAttribute[] = [];
  for (const p of templateFacts(parsed).paths) {
    if (p.segments.length < 2) continue;
    const scope = scopeAt(ws, project, file, p.segments[0].span.start);
    const v = scope.vars.get(p.segments[0].name);
    if (!v || !isCertainVar(scope, v)) continue;
    checkPath(ws, project, scope, p, out);
  }
  if (!out.length) return out;
  const assigned = assignedAttributes(ws, project);
  return out.filter((u) => !assigned.has(u.name));
}

const assignedCache = new WeakMap<Project, { version: number; byFile: Map<string, string[]>; names?: Set<string> }>();
const ASSIGNED = /\.\s*([A-Za-z_]\w*)\s*(?:=(?!=)|\+=|-=)|setattr\(\s*[^,]+,\s*['"](\w+)['"]|to_attr\s*=\s*['"](\w+)['"]|add_to_class\(\s*['"](\w+)['"]/g;

/**
 * Attribute names the project's Python code sets on some object (`book.score = ...`, `setattr(x, "score", ...)`,
 * `to_attr="score"`, `add_to_class("score", ...)`): a view may set them on an instance before rendering, so they
 * are never reported. Kept per file across edits: a template edit reads no Python file again.
 */
function assignedAttributes(ws: Workspace, project: Project): Set<string> {
  const namesIn = (f: string): string[] => {
    const text = ws.fs.readFile(f);
    return text ? [...text.matchAll(ASSIGNED)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]) : [];
  };
  let hit = assignedCache.get(project);
  const changed = hit ? ws.changedSince(hit.version) : undefined;
  if (!hit || !changed) {
    hit = { version: ws.contentVersion, byFile: new Map(ws.pythonFiles(project).map((f) => [f, namesIn(f)] as const)) };
    assignedCache.set(project, hit);
  } else if (changed.length) {
    for (const f of changed) {
      if (!hit.byFile.has(f)) continue;
      hit.byFile.set(f, namesIn(f));
      hit.names = undefined;
    }
    hit.version = ws.contentVersion;
  }
  hit.names ??= new Set([...hit.byFile.values()].flat());
  return hit.names;
}

function checkPath(ws: Workspace, project: Project, scope: Scope, p: PathRef, out: UnknownAttribute[]): void {
  for (let i = 1; i < p.segments.length; i++) {
    const seg = p.segments[i];
    const path = p.segments.slice(0, i).map((s) => s.name);
    const owner = pathType(ws, project, scope, path);
    if (!owner.certain || owner.types.length !== 1) return;
    const t = owner.types[0];
    // Only instances: querysets and managers have methods of their own classes we do not list.
    if (t.kind !== 'model' || !seg.name || /^\d+$/.test(seg.name) || seg.name.startsWith('_')) return;
    const shape = modelShape(project, ws.cache, t.model);
    if (!shape.complete) return;
    if (shape.members.has(seg.name)) continue;
    out.push({ span: seg.span, name: seg.name, model: t.model, path: [...path, seg.name] });
    return;
  }
}
