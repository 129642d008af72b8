// The `django-mtv` settings section as the server uses it: read defensively, with defaults, and the exclude globs compiled.

import * as nodePath from 'path';
import picomatch from 'picomatch';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { normalizePath, relativeInside } from '../core/fs';

import type { SeverityName, Settings } from '../protocol';

export type { SeverityName, Settings };

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

/** Template folders from the setting, relative to the workspace folder unless absolute. */
export function extraTemplateDirs(settings: Settings, folder: string): string[] {
  return settings.templates.extraDirs.map((d) => normalizePath(nodePath.resolve(folder, d)));
}

/**
 * Compiles the exclude globs. A path inside the folder is matched relative to it (so `build/**` means the
 * folder's build directory), any other path absolutely; `dot` lets `**` cross `.venv`-like folders.
 */
export function excludeMatcher(globs: string[], folder: string): ((path: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  let match: (p: string) => boolean;
  try {
    match = picomatch(globs, { dot: true });
  } catch {
    // One malformed glob must not lose the others.
    const ok = globs.flatMap((g) => {
      try {
        return [picomatch(g, { dot: true })];
      } catch {
        return [];
      }
    });
    match = (p) => ok.some((m) => m(p));
  }
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
