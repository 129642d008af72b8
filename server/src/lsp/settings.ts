// The `django-mtv` settings section as the server uses it: read defensively, with defaults, bounded (a repository's own settings may be hostile), and the exclude globs compiled.

import * as nodePath from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { FileSystem } from '../core/fs';
import { normalizePath, relativeInside } from '../core/fs';
import { canonicalPath } from '../core/inside';
import { compileGlobs } from '../core/glob';

import type { SeverityName, Settings } from '../protocol';

export type { Settings };

/** The same defaults as the extension manifest, so a client that sends nothing gets what VS Code users get. */
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/__pycache__/**'];

const SEVERITY_NAMES = new Set<SeverityName>(['error', 'warning', 'information', 'hint', 'off']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : undefined;
}

/**
 * Reads a settings section from whatever the client sent (a client may send null, a partial object, or
 * dotted keys as VS Code does for `diagnostics.enable`); anything malformed falls back to its default.
 */
export function parseSettings(raw: unknown, fallback?: Settings): Settings {
  const base: Settings = fallback ?? { pythonPath: '', diagnostics: { enable: true, severity: {} }, templates: { extraDirs: [] }, exclude: DEFAULT_EXCLUDE };
  if (!isObject(raw)) return base;
  const get = (path: string): unknown => {
    if (path in raw) return raw[path];
    let cur: unknown = raw;
    for (const part of path.split('.')) cur = isObject(cur) ? cur[part] : undefined;
    return cur;
  };
  const severity: Record<string, SeverityName> = {};
  const sev = get('diagnostics.severity');
  if (isObject(sev)) for (const [code, name] of Object.entries(sev)) if (SEVERITY_NAMES.has(name as SeverityName)) severity[code] = name as SeverityName;
  const pythonPath = get('pythonPath');
  const enable = get('diagnostics.enable');
  // Only a dotted module name selects a project; anything else keeps discovery's choice.
  const settingsModule = get('settingsModule');
  const chosen = typeof settingsModule === 'string' && /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(settingsModule.trim()) ? settingsModule.trim() : settingsModule === '' ? undefined : base.settingsModule;
  return {
    ...(chosen ? { settingsModule: chosen } : {}),
    pythonPath: typeof pythonPath === 'string' ? pythonPath.trim() : base.pythonPath,
    diagnostics: { enable: typeof enable === 'boolean' ? enable : base.diagnostics.enable, severity: isObject(sev) ? severity : base.diagnostics.severity },
    templates: { extraDirs: strings(get('templates.extraDirs')) ?? base.templates.extraDirs },
    exclude: strings(get('exclude')) ?? base.exclude,
  };
}

/**
 * Whether the client said the workspace is trusted. Only a boolean `true` trusts, or no flag at all (a generic
 * client that knows nothing of trust, where the user chose the server); `"false"`, `0`, `null` do not.
 */
export function isTrusted(initializationOptions: unknown): boolean {
  if (!isObject(initializationOptions) || !('trusted' in initializationOptions) || initializationOptions.trusted === undefined) return true;
  return initializationOptions.trusted === true;
}

/**
 * Template folders from the setting, relative to the workspace folder unless absolute. A folder that does not
 * lie inside the workspace folder once links are resolved is left out, with the reason logged: `/`, `/usr` or
 * `/proc` from a repository's own settings would have the server read the whole disk.
 */
export function extraTemplateDirs(settings: Settings, folder: string, fs?: Pick<FileSystem, 'realPath' | 'stat'>, log?: (message: string) => void): string[] {
  const out: string[] = [];
  const realFolder = fs ? canonicalPath(fs, folder) : folder;
  for (const d of settings.templates.extraDirs) {
    const dir = normalizePath(nodePath.resolve(folder, d));
    const real = fs ? canonicalPath(fs, dir) : dir;
    if (relativeInside(realFolder, real) === undefined) {
      log?.(`django-mtv: ignoring templates.extraDirs entry '${d}': ${real === dir ? dir : `${dir} (a link to ${real})`} is not inside the workspace folder ${folder}.`);
      continue;
    }
    out.push(dir);
  }
  return out;
}

/**
 * Compiles the exclude globs. A path inside the folder is matched relative to it (so `build/**` means the
 * folder's build directory), any other path absolutely; dot files are matched like others, so `**` crosses
 * `.venv`-like folders. The matcher takes time linear in the path for each glob and bounds the globs' total
 * size (see `core/glob.ts`); a glob it refuses is left out with the reason logged, keeping the others.
 */
export function excludeMatcher(globs: string[], folder: string, log?: (message: string) => void): ((path: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  const { match, refused } = compileGlobs(globs);
  for (const r of refused) log?.(`django-mtv: ignoring exclude glob '${r.glob.slice(0, 80)}${r.glob.length > 80 ? '...' : ''}': ${r.reason}.`);
  if (!match) return undefined;
  return (path: string) => {
    const rel = relativeInside(folder, path);
    return rel !== undefined && rel !== '' ? match(rel) : match(path);
  };
}

/** The LSP severity for a diagnostic code: the setting when given, else the check's own; null means hidden. */
export function severityFor(settings: Settings, code: string, own: 'error' | 'warning' | 'info'): DiagnosticSeverity | null {
  const name: SeverityName = settings.diagnostics.severity[code] ?? (own === 'info' ? 'information' : own);
  switch (name) {
    case 'off':
      return null;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return DiagnosticSeverity.Error;
  }
}
