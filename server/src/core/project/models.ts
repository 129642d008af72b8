// Finds the models of each installed app (classes deriving from models.Model, directly or through other models) and their relations.

import type { Expr, Stmt } from '../python/ast';
import { dottedName, strValue } from '../python/ast';
import type { ModuleResolver, ParseCache } from '../python/modules';
import type { FileSystem } from '../fs';
import type { Span } from '../text';
import type { AppInfo } from './apps';

export interface FieldInfo {
  name: string;
  nameSpan: Span;
  /** The field class name (CharField, ForeignKey...). */
  type: string;
  /** For relations: the target as written (a class name or a string "app.Model"/"Model"/"self"), with the string's span. */
  target?: { text: string; span: Span; isString: boolean };
}

export interface ModelInfo {
  name: string;
  appLabel: string;
  file: string;
  stmt: Stmt & { kind: 'class' };
  fields: FieldInfo[];
  abstract: boolean;
}

const RELATIONS = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField', 'ParentalKey', 'TreeForeignKey']);

/** The model files of an app: `models.py`, or every module of a `models/` package. */
function modelFiles(fs: FileSystem, app: AppInfo): string[] {
  if (!app.dir) return [];
  const out: string[] = [];
  if (fs.stat(app.dir + '/models.py') === 'file') out.push(app.dir + '/models.py');
  if (fs.stat(app.dir + '/models') === 'dir') {
    for (const e of fs.readDir(app.dir + '/models')) if (e.kind === 'file' && e.name.endsWith('.py')) out.push(app.dir + '/models/' + e.name);
  }
  return out;
}

function metaAttr(cls: Stmt & { kind: 'class' }, attr: string): Expr | undefined {
  const meta = cls.body.find((s): s is Stmt & { kind: 'class' } => s.kind === 'class' && s.name === 'Meta');
  if (!meta) return undefined;
  for (const s of meta.body) if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === attr)) return s.value;
  return undefined;
}

/** Reads the models of every installed app whose folder is known (workspace apps and, with an environment, installed ones). */
export function readModels(fs: FileSystem, cache: ParseCache, _resolver: ModuleResolver, apps: AppInfo[]): ModelInfo[] {
  const candidates: { app: AppInfo; file: string; cls: Stmt & { kind: 'class' } }[] = [];
  for (const app of apps) {
    // Installed apps read from the environment count too (ForeignKey("auth.User")); their files are only parsed.
    for (const file of modelFiles(fs, app)) {
      const parsed = cache.getPython(file);
      if (!parsed) continue;
      for (const s of parsed.module.body) if (s.kind === 'class') candidates.push({ app, file, cls: s });
    }
  }
  // A class is a model if a base is models.Model / Model, or (by name) another model: iterate to a fixed point.
  const modelNames = new Set<string>();
  let changed = true;
  const isModelBase = (b: Expr) => {
    const n = dottedName(b);
    if (!n) return false;
    const last = n.split('.').pop()!;
    return n === 'models.Model' || n === 'Model' || n.endsWith('.models.Model') || modelNames.has(last) || /^(AbstractUser|AbstractBaseUser|PermissionsMixin|MPTTModel|TimeStampedModel)$/.test(last);
  };
  const chosen = new Set<number>();
  while (changed) {
    changed = false;
    candidates.forEach((c, i) => {
      if (chosen.has(i)) return;
      if (c.cls.bases.some((b) => !b.name && isModelBase(b.value))) {
        chosen.add(i);
        modelNames.add(c.cls.name);
        changed = true;
      }
    });
  }
  const out: ModelInfo[] = [];
  candidates.forEach((c, i) => {
    if (!chosen.has(i)) return;
    const label = strValue(metaAttr(c.cls, 'app_label')) ?? c.app.label;
    const abstractE = metaAttr(c.cls, 'abstract');
    const fields: FieldInfo[] = [];
    for (const s of c.cls.body) {
      if (s.kind !== 'assign' || s.value.kind !== 'call') continue;
      const t = s.targets[0];
      if (!t || t.kind !== 'name') continue;
      const fn = dottedName(s.value.func);
      if (!fn) continue;
      const type = fn.split('.').pop()!;
      if (!/Field$|^ForeignKey$|^ParentalKey$/.test(type)) continue;
      const f: FieldInfo = { name: t.id, nameSpan: t.span, type };
      if (RELATIONS.has(type)) {
        const arg = s.value.args.find((a) => a.name === 'to')?.value ?? s.value.args.find((a) => !a.name && !a.star)?.value;
        if (arg && arg.kind === 'str') f.target = { text: arg.value, span: arg.content, isString: true };
        else if (arg) {
          const n = dottedName(arg);
          if (n) f.target = { text: n, span: arg.span, isString: false };
        }
      }
      fields.push(f);
    }
    out.push({ name: c.cls.name, appLabel: label, file: c.file, stmt: c.cls, fields, abstract: abstractE?.kind === 'const' && abstractE.value === true });
  });
  return out;
}

/** Resolves a relation target string ("app.Model", "Model", "self") from a model in `fromLabel`. */
export function resolveModelRef(models: ModelInfo[], text: string, from: ModelInfo | undefined): ModelInfo | undefined {
  if (text === 'self') return from;
  const dot = text.lastIndexOf('.');
  if (dot > 0) {
    const label = text.slice(0, dot);
    const name = text.slice(dot + 1);
    return models.find((m) => m.appLabel === label && m.name.toLowerCase() === name.toLowerCase());
  }
  return models.find((m) => m.name === text && (!from || m.appLabel === from.appLabel)) ?? models.find((m) => m.name === text);
}
