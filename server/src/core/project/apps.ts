// Resolves INSTALLED_APPS entries (modules or AppConfig paths) to app modules, labels and folders, as Django's AppConfig.create does.

import type { ModuleResolver, ParseCache } from '../python/modules';
import type { Stmt } from '../python/ast';
import { strValue } from '../python/ast';
import { knownAppOf } from './known';

export interface AppInfo {
  /** The INSTALLED_APPS entry as written. */
  entry: string;
  /** The app's module (AppConfig.name). */
  name: string;
  /** AppConfig.label: the last part of the name unless the config sets it. */
  label: string;
  /** The app package's folder, when found. */
  dir?: string;
  /** Whether the app's package was found (in the workspace or the environment). */
  resolved: boolean;
  inWorkspace: boolean;
  /** The AppConfig class used, when there is one: file and class statement. */
  config?: { file: string; stmt: Stmt & { kind: 'class' } };
}

function isAppConfigClass(s: Stmt): s is Stmt & { kind: 'class' } {
  if (s.kind !== 'class') return false;
  return s.bases.some((b) => {
    const v = b.value;
    const n = v.kind === 'name' ? v.id : v.kind === 'attr' ? v.attr : '';
    return n === 'AppConfig' || n.endsWith('AppConfig') || n.endsWith('Config');
  });
}

function classAttr(cls: Stmt & { kind: 'class' }, attr: string): string | undefined {
  for (const s of cls.body) {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === attr)) return strValue(s.value);
  }
  return undefined;
}

function hasFalseAttr(cls: Stmt & { kind: 'class' }, attr: string): boolean {
  return cls.body.some((s) => s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === attr) && s.value.kind === 'const' && s.value.value === false);
}

function hasTrueAttr(cls: Stmt & { kind: 'class' }, attr: string): boolean {
  return cls.body.some((s) => s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === attr) && s.value.kind === 'const' && s.value.value === true);
}

/** Resolves one INSTALLED_APPS entry. */
export function resolveApp(entry: string, resolver: ModuleResolver, cache: ParseCache): AppInfo {
  const mod = resolver.resolve(entry);
  if (mod) {
    // A module: Django 3.2 picks the single AppConfig subclass in `<app>.apps` (or the one with default = True).
    const info: AppInfo = { entry, name: entry, label: entry.split('.').pop()!, dir: mod.dir ?? (mod.file ? mod.file.replace(/\/[^/]+$/, '') : undefined), resolved: true, inWorkspace: mod.inWorkspace };
    // Django 3.2: a package's default_app_config, though deprecated, takes over from apps.py detection.
    const dac = mod.file ? defaultAppConfig(cache, mod.file) : undefined;
    if (dac) {
      const viaConfig = resolveConfigPath(dac, resolver, cache, entry);
      if (viaConfig) return { ...viaConfig, entry, resolved: true, inWorkspace: mod.inWorkspace, dir: info.dir };
    }
    const appsMod = resolver.resolve(entry + '.apps');
    if (appsMod?.file) {
      const parsed = cache.getPython(appsMod.file);
      const body = parsed?.module.body ?? [];
      // Django counts every AppConfig subclass apps.py holds, imported ones too, except those with default = False.
      const configs = body.filter(isAppConfigClass).filter((c) => !hasFalseAttr(c, 'default'));
      const imported = body.filter((st) => st.kind === 'from' && st.names !== '*' && st.names.some((n) => /Config$/.test(n.asname ?? n.name) && n.name !== 'AppConfig')).length;
      const chosen = configs.length === 1 && imported === 0 ? configs[0] : configs.find((c) => hasTrueAttr(c, 'default'));
      if (chosen) {
        const label = classAttr(chosen, 'label');
        if (label) info.label = label;
        info.config = { file: appsMod.file, stmt: chosen };
      }
    }
    return info;
  }
  const viaConfig = resolveConfigPath(entry, resolver, cache, entry);
  if (viaConfig) return viaConfig;
  const known = knownAppOf(entry);
  if (known) return { entry, name: known.name, label: known.app.label, resolved: false, inWorkspace: false };
  return { entry, name: entry, label: entry.split('.').pop()!, resolved: false, inWorkspace: false };
}

/** `default_app_config = "pkg.apps.Config"` in a package's __init__.py, when written as a literal. */
function defaultAppConfig(cache: ParseCache, initFile: string): string | undefined {
  const parsed = cache.getPython(initFile);
  for (const s of parsed?.module.body ?? []) {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === 'default_app_config')) return strValue(s.value);
  }
  return undefined;
}

/** Resolves an AppConfig class path (`pkg.apps.PollsConfig`) to the app it configures. */
function resolveConfigPath(path: string, resolver: ModuleResolver, cache: ParseCache, entry: string): AppInfo | undefined {
  const dot = path.lastIndexOf('.');
  const modName = dot > 0 ? path.slice(0, dot) : '';
  const clsName = path.slice(dot + 1);
  if (dot > 0) {
    const cfgMod = resolver.resolve(modName);
    if (cfgMod?.file) {
      const parsed = cache.getPython(cfgMod.file);
      const cls = parsed?.module.body.find((s): s is Stmt & { kind: 'class' } => s.kind === 'class' && s.name === clsName);
      if (cls) {
        const name = classAttr(cls, 'name');
        if (name) {
          const appMod = resolver.resolve(name);
          return {
            entry,
            name,
            label: classAttr(cls, 'label') ?? name.split('.').pop()!,
            dir: appMod ? appMod.dir ?? appMod.file?.replace(/\/[^/]+$/, '') : undefined,
            resolved: !!appMod,
            inWorkspace: appMod?.inWorkspace ?? false,
            config: { file: cfgMod.file, stmt: cls },
          };
        }
      }
    }
  }
  return undefined;
}
