// What a template value is, where it is certain: model instances, querysets and managers of a model, with the members each model has.

import type { Expr, Stmt } from '../python/ast';
import { dottedName, kwarg, strValue, walkStmts } from '../python/ast';
import type { Project } from '../project/project';
import type { ModelInfo } from '../project/models';
import { resolveModelRef } from '../project/models';
import type { ParseCache } from '../python/modules';
import type { Span } from '../text';
import type { ClassStmt, FoundClass } from './classes';
import { lookupClassExpr } from './classes';

/**
 * A value's type. `certain` says that nothing we could not see may change what the value holds: a queryset
 * that went through `annotate()`, a custom manager or an overridden `get_object()` is still typed (for
 * completion) but not certain (no diagnostic).
 */
export type TypeRef =
  | { kind: 'model'; model: ModelInfo; certain: boolean }
  | { kind: 'queryset'; model: ModelInfo; certain: boolean }
  | { kind: 'manager'; model: ModelInfo; certain: boolean }
  | { kind: 'scalar'; name: string }
  | { kind: 'dict'; keys: Map<string, TypeRef> }
  /** Anything else; `name` is what we can say of it for display (`HttpRequest`, `Form`...). */
  | { kind: 'unknown'; name?: string };

export const UNKNOWN: TypeRef = { kind: 'unknown' };

export type MemberKind = 'field' | 'relation' | 'reverse' | 'pk' | 'property' | 'method' | 'attribute' | 'builtin';

export interface Member {
  name: string;
  kind: MemberKind;
  type: TypeRef;
  /** What to show beside the name (`CharField`, `ForeignKey → Author`, `reverse of Book.author`). */
  detail: string;
  /** Where it is defined, when written in source. */
  file?: string;
  span?: Span;
  /** The model field's name when the member is a field, its `_id` column or `get_FOO_display` (for references). */
  field?: { model: ModelInfo; name: string };
  /** Set when a template reading this on an instance gets no value (see NotInTemplates); completion leaves it out. */
  notInTemplates?: NotInTemplates;
}

/**
 * Why a template gets nothing from an instance's member, as Django's Variable._resolve_lookup reads it (checked on
 * 3.2, 4.2, 5.2 and 6.1): a manager raises AttributeError "Manager isn't accessible via Question instances" and
 * the render fails; a callable with `alters_data = True` is not called and renders string_if_invalid; a callable
 * that needs arguments fails to bind and renders string_if_invalid (a template calls with none); an async method
 * renders an unawaited coroutine.
 */
type NotInTemplates = 'manager' | 'alters-data' | 'needs-arguments' | 'coroutine';

export interface ModelShape {
  model: ModelInfo;
  members: Map<string, Member>;
  /** Whether every member the class can have was seen: all bases read, no unknown field class, no dynamic attributes. */
  complete: boolean;
  /** Why not, for hovers and logs. */
  why: string[];
}

/** Scalar types of Django's own field classes, by class name; relations are handled apart. */
const SCALAR_FIELDS: Record<string, string> = {
  AutoField: 'int', BigAutoField: 'int', SmallAutoField: 'int', IntegerField: 'int', BigIntegerField: 'int', SmallIntegerField: 'int',
  PositiveIntegerField: 'int', PositiveSmallIntegerField: 'int', PositiveBigIntegerField: 'int', FloatField: 'float', DecimalField: 'Decimal',
  BooleanField: 'bool', NullBooleanField: 'bool', CharField: 'str', TextField: 'str', SlugField: 'str', EmailField: 'str', URLField: 'str',
  FilePathField: 'str', GenericIPAddressField: 'str', IPAddressField: 'str', CommaSeparatedIntegerField: 'str', UUIDField: 'UUID',
  DateField: 'date', DateTimeField: 'datetime', TimeField: 'time', DurationField: 'timedelta', BinaryField: 'bytes',
  FileField: 'FieldFile', ImageField: 'ImageFieldFile', JSONField: 'JSON', ArrayField: 'list', HStoreField: 'dict',
  CICharField: 'str', CIEmailField: 'str', CITextField: 'str', IntegerRangeField: 'range', BigIntegerRangeField: 'range',
  DecimalRangeField: 'range', DateRangeField: 'range', DateTimeRangeField: 'range', SearchVectorField: 'SearchVector',
};
const FK_FIELDS = new Set(['ForeignKey', 'OneToOneField']);
const M2M_FIELDS = new Set(['ManyToManyField']);
/** contenttypes' generic relations: members of their own model, with no accessor on the other side. */
const GENERIC_FIELDS = new Set(['GenericForeignKey', 'GenericRelation']);

/**
 * The methods django/db/models/base.py marks `alters_data = True` (3.2: save, save_base, delete; 4.2+ also asave,
 * adelete). A model's override of one is no template value either: from 4.2 the AltersData mixin copies the flag to
 * it, and on 3.2 the template would call it (a save during the render).
 */
const MODEL_ALTERS_DATA = new Set(['save', 'save_base', 'delete', 'asave', 'adelete']);

/**
 * Public attributes every Django model instance has (dir(models.Model) in Django 3.2, plus later versions' async and
 * constraint methods), each with what `{{ instance.name }}` gets when it is not a value (rendered on 3.2-6.1).
 */
const MODEL_BUILTINS: Record<string, NotInTemplates | undefined> = {
  check: undefined, clean: undefined, clean_fields: undefined, full_clean: undefined, get_deferred_fields: undefined, refresh_from_db: undefined,
  validate_unique: undefined, validate_constraints: undefined, get_constraints: undefined, DoesNotExist: undefined, MultipleObjectsReturned: undefined,
  date_error_message: 'needs-arguments', from_db: 'needs-arguments', prepare_database_save: 'needs-arguments', serializable_value: 'needs-arguments',
  unique_error_message: 'needs-arguments',
  ...Object.fromEntries([...MODEL_ALTERS_DATA].map((n) => [n, 'alters-data' as const])),
  objects: 'manager',
  arefresh_from_db: 'coroutine',
};

/** Class decorators known to add no public attribute. */
const HARMLESS_DECORATORS = /^(python_2_unicode_compatible|total_ordering|dataclass|deconstructible|register|admin\.register|reversion\.register)$/;

/** A module path that is Django's `models.Model`. */
function isDjangoModelRoot(qualname: string): boolean {
  return /^django\.db\.models(\.base)?\.Model$/.test(qualname);
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** The class-level facts of one class body that shapes are built from. */
interface BodyFacts {
  members: Member[];
  /** Field-like assignments whose class we do not know. */
  unknownFields: string[];
  dynamic: string[];
  customManager: boolean;
}

function fieldClassName(value: Expr): string | undefined {
  if (value.kind !== 'call') return undefined;
  return dottedName(value.func)?.split('.').pop();
}

/** The target of a relation field call, as written. */
function relationTarget(call: Expr & { kind: 'call' }): Expr | undefined {
  return kwarg(call.args, 'to') ?? call.args.find((a) => !a.name && !a.star)?.value;
}

/** Reads the members one class body defines (fields, methods, properties, attributes, `self.x = ...`). */
function bodyFacts(project: Project, file: string, cls: ClassStmt, model: ModelInfo | undefined, models: ModelInfo[]): BodyFacts {
  const facts: BodyFacts = { members: [], unknownFields: [], dynamic: [], customManager: false };
  const owner = model;
  const add = (m: Member) => facts.members.push(m);
  // `name.alters_data = True` in the class body: Django's template engine does not call that method.
  const altersData = new Set<string>();
  for (const s of cls.body) {
    if (s.kind === 'assign') {
      for (const t of s.targets) {
        if (t.kind === 'attr' && t.attr === 'alters_data' && t.obj.kind === 'name' && s.value.kind === 'const' && s.value.value === true) altersData.add(t.obj.id);
        if (t.kind !== 'name') continue;
        const fc = fieldClassName(s.value);
        const span = t.span;
        if (fc && s.value.kind === 'call' && (SCALAR_FIELDS[fc] || FK_FIELDS.has(fc) || M2M_FIELDS.has(fc) || GENERIC_FIELDS.has(fc) || fc === 'ParentalKey' || fc === 'TreeForeignKey')) {
          const call = s.value;
          const field = owner ? { model: owner, name: t.id } : undefined;
          if (SCALAR_FIELDS[fc]) {
            add({ name: t.id, kind: 'field', type: { kind: 'scalar', name: SCALAR_FIELDS[fc] }, detail: fc, file, span, field });
            if (kwarg(call.args, 'choices')) add({ name: `get_${t.id}_display`, kind: 'method', type: { kind: 'scalar', name: 'str' }, detail: `display value of ${t.id}`, file, span, field });
            if (fc === 'DateField' || fc === 'DateTimeField') {
              for (const dir of ['next', 'previous']) add({ name: `get_${dir}_by_${t.id}`, kind: 'method', type: owner ? { kind: 'model', model: owner, certain: false } : UNKNOWN, detail: `${dir} by ${t.id}`, file, span, field });
            }
          } else if (GENERIC_FIELDS.has(fc)) {
            add({ name: t.id, kind: 'relation', type: fc === 'GenericRelation' ? UNKNOWN : UNKNOWN, detail: fc, file, span, field });
          } else {
            const targetE = relationTarget(call);
            const target = targetE ? resolveTarget(project, file, targetE, owner, models) : undefined;
            const many = M2M_FIELDS.has(fc);
            const type: TypeRef = target ? { kind: many ? 'manager' : 'model', model: target, certain: true } : UNKNOWN;
            add({ name: t.id, kind: 'relation', type, detail: `${fc} → ${target?.name ?? (targetE ? dottedName(targetE) ?? strValue(targetE) ?? '?' : '?')}`, file, span, field });
            if (!many) add({ name: `${t.id}_id`, kind: 'field', type: { kind: 'scalar', name: 'int' }, detail: `${t.id}'s column`, file, span, field });
          }
          if (kwarg(call.args, 'primary_key')) add({ name: 'pk', kind: 'pk', type: { kind: 'scalar', name: SCALAR_FIELDS[fc] ?? 'int' }, detail: `primary key (${t.id})`, file, span, field });
          continue;
        }
        if (fc && /Manager$|^from_queryset$|^as_manager$/.test(fc)) {
          if (!(fc === 'Manager' && s.value.kind === 'call' && s.value.args.length === 0)) facts.customManager = true;
          add({ name: t.id, kind: 'attribute', type: owner ? { kind: 'manager', model: owner, certain: false } : UNKNOWN, detail: 'manager', file, span, notInTemplates: 'manager' });
          continue;
        }
        if (s.value.kind === 'call' && fc && /(Field|Key)$/.test(fc)) facts.unknownFields.push(`${t.id} (${fc})`);
        else if (s.value.kind === 'call' && fc && !/^(_|gettext|gettext_lazy|ugettext_lazy|pgettext_lazy|frozenset|set|dict|list|tuple|str|int|re\.compile|compile)$/.test(dottedName(s.value.func) ?? '')) {
          // A call of a class we do not know may be a field whose contribute_to_class adds attributes.
          facts.unknownFields.push(`${t.id} (${fc})`);
        }
        add({ name: t.id, kind: 'attribute', type: literalType(s.value), detail: 'class attribute', file, span });
      }
    } else if (s.kind === 'def') {
      if (s.name === '__getattr__' || s.name === '__getattribute__' || s.name === '__getitem__') facts.dynamic.push(`${cls.name} defines ${s.name}`);
      const decos = s.decorators.map((d) => dottedName(d.kind === 'call' ? d.func : d) ?? '');
      const isProp = decos.some((d) => /(^|\.)(property|cached_property)$/.test(d));
      const not = isProp ? undefined : MODEL_ALTERS_DATA.has(s.name) ? 'alters-data' : needsArguments(s, decos) ? 'needs-arguments' : undefined;
      add({ name: s.name, kind: isProp ? 'property' : 'method', type: UNKNOWN, detail: isProp ? 'property' : 'method', file, span: s.nameSpan, ...(not ? { notInTemplates: not } : {}) });
      // Attributes set on self in methods exist on (some) instances.
      walkStmts(s.body, (st) => {
        if (st.kind !== 'assign') return;
        for (const t of st.targets) if (t.kind === 'attr' && t.obj.kind === 'name' && t.obj.id === 'self') add({ name: t.attr, kind: 'attribute', type: UNKNOWN, detail: 'instance attribute', file, span: t.attrSpan });
      });
    } else if (s.kind === 'class') {
      if (s.name !== 'Meta') add({ name: s.name, kind: 'attribute', type: UNKNOWN, detail: 'nested class', file, span: s.nameSpan });
    } else if (s.kind === 'block' || s.kind === 'import' || s.kind === 'from') {
      facts.dynamic.push(`${cls.name}'s body has a${s.kind === 'block' ? ` ${s.kind}` : 'n import'} statement`);
    } else if (s.kind === 'other' && s.exprs.length) {
      // An annotation alone (`x: int`) declares nothing at run time; anything else is not understood.
      facts.dynamic.push(`${cls.name}'s body has a statement we do not follow`);
    }
  }
  for (const m of facts.members) if (m.kind === 'method' && altersData.has(m.name)) m.notInTemplates = 'alters-data';
  for (const d of cls.decorators) {
    const n = dottedName(d.kind === 'call' ? d.func : d) ?? '';
    if (!HARMLESS_DECORATORS.test(n)) facts.dynamic.push(`${cls.name} is decorated with ${n || 'an expression'}`);
  }
  return facts;
}

/**
 * Whether a method needs arguments when a template calls it on an instance (with none): a parameter past `self`
 * (or any, for a staticmethod) without a default and not `*args`/`**kwargs`. Such a method renders
 * string_if_invalid, so completion leaves it out rather than offering it low: no template can ever call it. A
 * method wrapped by another decorator keeps its signature unknown and stays offered.
 */
function needsArguments(def: Stmt & { kind: 'def' }, decorators: string[]): boolean {
  const isStatic = decorators.includes('staticmethod');
  if (decorators.some((d) => d !== 'staticmethod' && d !== 'classmethod')) return false;
  // No parameter at all: the bound call passes the instance to nothing, a TypeError.
  if (!isStatic && def.params.length === 0) return true;
  for (let i = isStatic ? 0 : 1; i < def.params.length; i++) {
    if (i === def.starAt || i === def.starStarAt || def.defaults?.[i] !== undefined) continue;
    return true;
  }
  return false;
}

/** The type of a literal, for class attributes and context values. */
export function literalType(e: Expr): TypeRef {
  switch (e.kind) {
    case 'str':
    case 'fstr':
      return { kind: 'scalar', name: 'str' };
    case 'num':
      return { kind: 'scalar', name: Number.isInteger(e.value) ? 'int' : 'float' };
    case 'const':
      return e.value === null ? { kind: 'unknown', name: 'None' } : { kind: 'scalar', name: 'bool' };
    case 'list':
    case 'tuple':
      return { kind: 'unknown', name: e.kind };
    default:
      return UNKNOWN;
  }
}

/** Resolves a relation's target expression: a string ("app.Model", "Model", "self"), a class name, settings.AUTH_USER_MODEL. */
function resolveTarget(project: Project, file: string, e: Expr, owner: ModelInfo | undefined, models: ModelInfo[]): ModelInfo | undefined {
  if (e.kind === 'str') return resolveModelRef(models, e.value, owner);
  const d = dottedName(e);
  if (!d) return undefined;
  if (d === 'settings.AUTH_USER_MODEL' || d.endsWith('.settings.AUTH_USER_MODEL')) return userModel(project, models);
  const name = d.split('.').pop()!;
  const candidates = models.filter((m) => m.name === name);
  if (candidates.length === 1) return candidates[0];
  return candidates.find((m) => m.file === file) ?? (owner ? candidates.find((m) => m.appLabel === owner.appLabel) : undefined);
}

/** The model AUTH_USER_MODEL names (auth.User by default). */
export function userModel(project: Project, models: ModelInfo[] = project.models): ModelInfo | undefined {
  const ref = project.settings?.authUserModel ?? 'auth.User';
  return resolveModelRef(models, ref, undefined);
}

/** Per project: the shape of each model, computed on first use. */
const shapes = new WeakMap<Project, Map<ModelInfo, ModelShape>>();
/** Per project: reverse accessors by target model, and the models some relation we could not read may point to. */
const reverseCache = new WeakMap<Project, { byTarget: Map<ModelInfo, Member[]>; tainted: Set<ModelInfo>; why: Map<ModelInfo, string> }>();

/** The model a class statement is, among the project's models. */
export function modelOfClass(project: Project, file: string, stmt: ClassStmt): ModelInfo | undefined {
  return project.models.find((m) => m.file === file && m.stmt.nameSpan.start === stmt.nameSpan.start && m.name === stmt.name);
}

interface Chain {
  /** The classes of the MRO we could read, most derived first, with the model each is (if any). */
  classes: { file: string; stmt: ClassStmt; model?: ModelInfo }[];
  complete: boolean;
  why: string[];
}

/** Walks a class's bases (depth first, as Python's MRO visits them in simple hierarchies), reading what the project holds. */
function classChain(project: Project, cache: ParseCache, file: string, stmt: ClassStmt): Chain {
  const chain: Chain = { classes: [], complete: true, why: [] };
  const seen = new Set<ClassStmt>();
  const visit = (f: string, s: ClassStmt, depth: number) => {
    if (seen.has(s)) return;
    seen.add(s);
    if (depth > 20) {
      chain.complete = false;
      chain.why.push('the class hierarchy is too deep');
      return;
    }
    chain.classes.push({ file: f, stmt: s, model: modelOfClass(project, f, s) });
    for (const b of s.bases) {
      if (b.name === 'metaclass') {
        chain.complete = false;
        chain.why.push(`${s.name} has a metaclass`);
        continue;
      }
      if (b.name || b.star) continue;
      const d = dottedName(b.value);
      if (d === 'object') continue;
      const found = lookupClassExpr(project, cache, f, b.value);
      if (found.kind === 'class') {
        if (isDjangoModelRoot(`${found.cls.module}.${found.cls.stmt.name}`)) continue;
        visit(found.cls.file, found.cls.stmt, depth + 1);
      } else if (found.kind === 'external' && isDjangoModelRoot(found.qualname)) continue;
      else if (d === 'models.Model' || d === 'Model') {
        // Without Django in the environment, `models.Model` cannot be read: it is still Django's Model when imported from django.
        if (found.kind === 'external' && /^django\./.test(found.qualname)) continue;
        if (found.kind === 'unknown' && d === 'models.Model') continue;
        chain.complete = false;
        chain.why.push(`base ${d} of ${s.name} is not understood`);
      } else {
        chain.complete = false;
        chain.why.push(`base ${d ?? 'expression'} of ${s.name} could not be read`);
      }
    }
  };
  visit(file, stmt, 0);
  return chain;
}

/** The members of a model: its fields and those of every base, relations both ways, pk, methods and properties. */
export function modelShape(project: Project, cache: ParseCache, model: ModelInfo): ModelShape {
  let byModel = shapes.get(project);
  if (!byModel) shapes.set(project, (byModel = new Map()));
  const hit = byModel.get(model);
  if (hit) return hit;
  const shape: ModelShape = { model, members: new Map(), complete: true, why: [] };
  byModel.set(model, shape);
  const chain = classChain(project, cache, model.file, model.stmt);
  if (!chain.complete) {
    shape.complete = false;
    shape.why.push(...chain.why);
  }
  // Most derived first: a name defined lower in the hierarchy wins.
  const put = (m: Member) => {
    if (!shape.members.has(m.name)) shape.members.set(m.name, m);
  };
  for (const c of chain.classes) {
    const facts = bodyFacts(project, c.file, c.stmt, c.model ?? model, project.models);
    // Fields of an abstract base belong to each concrete model that inherits them.
    for (const m of facts.members) put(m.field && c.model?.abstract ? { ...m, field: { model: c.model, name: m.field.name } } : m);
    if (facts.unknownFields.length) {
      shape.complete = false;
      shape.why.push(`field classes we do not know: ${facts.unknownFields.join(', ')}`);
    }
    if (facts.dynamic.length) {
      shape.complete = false;
      shape.why.push(...facts.dynamic);
    }
    // Multi-table inheritance: the child has a link to each concrete parent.
    if (c.model && c.model !== model && !c.model.abstract && !isProxy(model)) {
      put({ name: `${lower(c.model.name)}_ptr`, kind: 'relation', type: { kind: 'model', model: c.model, certain: true }, detail: `parent link → ${c.model.name}`, file: c.model.file, span: c.model.stmt.nameSpan });
    }
  }
  put({ name: 'pk', kind: 'pk', type: { kind: 'scalar', name: 'int' }, detail: 'primary key' });
  put({ name: 'id', kind: 'pk', type: { kind: 'scalar', name: 'int' }, detail: 'automatic primary key' });
  for (const [n, not] of Object.entries(MODEL_BUILTINS)) put({ name: n, kind: 'builtin', type: UNKNOWN, detail: 'Model', ...(not ? { notInTemplates: not } : {}) });
  const rev = reverseRelations(project, cache);
  for (const c of chain.classes) {
    if (!c.model) continue;
    for (const m of rev.byTarget.get(c.model) ?? []) put(m);
    if (rev.tainted.has(c.model)) {
      shape.complete = false;
      shape.why.push(rev.why.get(c.model) ?? `relations to ${c.model.name} may exist that we could not read`);
    }
  }
  return shape;
}

function isProxy(model: ModelInfo): boolean {
  const meta = model.stmt.body.find((s): s is ClassStmt => s.kind === 'class' && s.name === 'Meta');
  return !!meta?.body.some((s) => s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === 'proxy'));
}

/** Whether the model's default manager may change what its querysets hold (a custom manager may annotate). */
export function hasCustomManager(project: Project, cache: ParseCache, model: ModelInfo): boolean {
  const chain = classChain(project, cache, model.file, model.stmt);
  return chain.classes.some((c) => bodyFacts(project, c.file, c.stmt, c.model, project.models).customManager);
}

/**
 * Every reverse accessor of the project's models (`author.book_set`, `user.profile`, a `related_name`), and the
 * models that may have accessors we could not read: a relation whose target or name is computed, a field class
 * we do not know, models of apps we could not find, or a model a setting names (a swappable model).
 */
function reverseRelations(project: Project, cache: ParseCache): { byTarget: Map<ModelInfo, Member[]>; tainted: Set<ModelInfo>; why: Map<ModelInfo, string> } {
  const hit = reverseCache.get(project);
  if (hit) return hit;
  const out = { byTarget: new Map<ModelInfo, Member[]>(), tainted: new Set<ModelInfo>(), why: new Map<ModelInfo, string>() };
  reverseCache.set(project, out);
  const taint = (m: ModelInfo | undefined, why: string) => {
    if (!m) return;
    out.tainted.add(m);
    if (!out.why.has(m)) out.why.set(m, why);
  };
  const models = project.models;
  const addReverse = (target: ModelInfo, m: Member) => {
    const list = out.byTarget.get(target) ?? [];
    list.push(m);
    out.byTarget.set(target, list);
  };
  for (const holder of models) {
    if (holder.abstract) continue;
    // The relation fields of the holder and of its abstract bases (each concrete model gets its own accessor).
    const chain = classChain(project, cache, holder.file, holder.stmt);
    for (const c of chain.classes) {
      if (c.model && c.model !== holder && !c.model.abstract) {
        // A concrete parent: the parent gets `<child>` (a one-to-one accessor); its own fields are the parent's.
        if (!isProxy(holder)) addReverse(c.model, { name: lower(holder.name), kind: 'reverse', type: { kind: 'model', model: holder, certain: true }, detail: `child model ${holder.name}`, file: holder.file, span: holder.stmt.nameSpan });
        continue;
      }
      for (const s of c.stmt.body) {
        if (s.kind !== 'assign' || s.value.kind !== 'call') continue;
        const t = s.targets[0];
        if (!t || t.kind !== 'name') continue;
        const fc = fieldClassName(s.value) ?? '';
        const call = s.value;
        const known = FK_FIELDS.has(fc) || M2M_FIELDS.has(fc) || fc === 'ParentalKey' || fc === 'TreeForeignKey';
        const targetE = relationTarget(call);
        if (!known) {
          // An unknown field class pointing at a model may give it an accessor.
          if (!SCALAR_FIELDS[fc] && !GENERIC_FIELDS.has(fc) && targetE && call.args.length) {
            const maybe = resolveTarget(project, c.file, targetE, holder, models);
            if (maybe) taint(maybe, `${holder.name}.${t.id} (${fc}) may add an accessor to ${maybe.name}`);
          }
          continue;
        }
        if (!targetE) continue;
        const target = resolveTarget(project, c.file, targetE, holder, models);
        if (!target) {
          // We cannot tell which model gets the accessor: the ones the expression may name.
          const text = (dottedName(targetE) ?? strValue(targetE) ?? '').toLowerCase();
          for (const m of models) if (text.endsWith(m.name.toLowerCase()) || (/user/.test(text) && m === userModel(project))) taint(m, `${holder.name}.${t.id} points to a model we could not resolve`);
          continue;
        }
        const rn = kwarg(call.args, 'related_name');
        let name: string | undefined;
        if (rn) {
          const v = strValue(rn);
          if (v === undefined) {
            taint(target, `${holder.name}.${t.id} has a computed related_name`);
            continue;
          }
          if (v.endsWith('+')) continue;
          name = v.replace(/%\(class\)s/g, lower(holder.name)).replace(/%\(app_label\)s/g, lower(holder.appLabel)).replace(/%\(model_name\)s/g, lower(holder.name));
        }
        const one = fc === 'OneToOneField';
        name ??= one ? lower(holder.name) : `${lower(holder.name)}_set`;
        addReverse(target, {
          name,
          kind: 'reverse',
          type: { kind: one ? 'model' : 'manager', model: holder, certain: true },
          detail: `reverse of ${holder.name}.${t.id}`,
          file: c.file,
          span: t.span,
          field: { model: c.model ?? holder, name: t.id },
        });
      }
    }
  }
  // Apps we could not read may relate to the user model, to contrib models, and to models a setting names.
  const unread = !project.appsComplete || project.apps.some((a) => !a.resolved);
  if (unread) {
    const why = 'an installed app could not be read, and its models may relate to this one';
    taint(userModel(project), why);
    for (const m of models) {
      if (m.file.includes('/django/contrib/')) taint(m, why);
    }
    const settingsText = (project.settings?.files ?? []).map((f) => cache.fs.readFile(f) ?? '').join('\n').toLowerCase();
    for (const m of models) if (settingsText.includes(`${m.appLabel}.${m.name}`.toLowerCase())) taint(m, `a setting names ${m.appLabel}.${m.name}`);
  }
  return out;
}

/** The members of a type (for completion and attribute lookup), and whether the list is complete. */
export function membersOf(project: Project, cache: ParseCache, t: TypeRef): { members: Member[]; complete: boolean } {
  if (t.kind === 'model') {
    const s = modelShape(project, cache, t.model);
    return { members: [...s.members.values()], complete: s.complete };
  }
  if (t.kind === 'queryset' || t.kind === 'manager') {
    const qs: TypeRef = { kind: 'queryset', model: t.model, certain: t.certain };
    const inst: TypeRef = { kind: 'model', model: t.model, certain: t.certain };
    const m = (name: string, type: TypeRef, detail: string): Member => ({ name, kind: 'method', type, detail });
    return {
      members: [m('all', qs, 'QuerySet'), m('count', { kind: 'scalar', name: 'int' }, 'int'), m('exists', { kind: 'scalar', name: 'bool' }, 'bool'), m('first', inst, t.model.name), m('last', inst, t.model.name), m('none', qs, 'QuerySet')],
      complete: false,
    };
  }
  if (t.kind === 'dict') return { members: [...t.keys].map(([name, type]) => ({ name, kind: 'attribute' as const, type, detail: 'key' })), complete: false };
  return { members: [], complete: false };
}

/** The type of `obj.name` in a template, or undefined when we cannot tell. */
export function memberType(project: Project, cache: ParseCache, t: TypeRef, name: string): { type: TypeRef; member?: Member } | undefined {
  if (t.kind === 'queryset' || t.kind === 'manager') {
    // `books.0` is an item; `books.all` a queryset again.
    if (/^\d+$/.test(name)) return { type: { kind: 'model', model: t.model, certain: t.certain } };
  }
  const { members } = membersOf(project, cache, t);
  const m = members.find((x) => x.name === name);
  if (!m) return undefined;
  // A relation read from a certain instance is as certain as the related model's default manager allows.
  return { type: m.type, member: m };
}

/** The type of an item of an iterable (`{% for x in y %}`). */
export function itemType(t: TypeRef): TypeRef {
  if (t.kind === 'queryset') return { kind: 'model', model: t.model, certain: t.certain };
  return UNKNOWN;
}

/** A short description of a type for hovers and completion details. */
export function describeType(t: TypeRef): string {
  switch (t.kind) {
    case 'model':
      return t.model.name;
    case 'queryset':
      return `QuerySet[${t.model.name}]`;
    case 'manager':
      return `RelatedManager[${t.model.name}]`;
    case 'scalar':
      return t.name;
    case 'dict':
      return `dict (${[...t.keys.keys()].slice(0, 6).join(', ')}${t.keys.size > 6 ? ', ...' : ''})`;
    default:
      return t.name ?? 'unknown type';
  }
}

/** Whether two types are the same for the purpose of merging several contexts. */
export function sameType(a: TypeRef, b: TypeRef): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'model' || a.kind === 'queryset' || a.kind === 'manager') && (b.kind === 'model' || b.kind === 'queryset' || b.kind === 'manager')) return a.model === b.model;
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name;
  return false;
}
