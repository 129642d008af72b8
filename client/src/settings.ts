// Reads the extension's settings and adjusts what the server sees: the interpreter and workspace trust.
import * as vscode from 'vscode';
import type { ConfigurationParams, Middleware } from 'vscode-languageclient/node';
import { SECTION } from './constants';
import { activeInterpreter } from './python';
import { RESTRICTED_KEYS, withUserScoped } from '../../server/src/shared/trust';
import type { RestrictedKey } from '../../server/src/shared/trust';

import type { InitializationOptions, SeverityName, Settings } from '../../server/src/protocol';

/**
 * Reads the section for a folder (or the window when `scope` is undefined), falling back to defaults. In an
 * untrusted workspace the restricted keys come from the user's settings only: the manifest's
 * restrictedConfigurations already asks VS Code for that, and this does not depend on it.
 */
function readSettings(scope?: vscode.ConfigurationScope, trusted = true): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const settings: Settings = {
    pythonPath: config.get<string>('pythonPath', ''),
    diagnostics: {
      enable: config.get<boolean>('diagnostics.enable', true),
      severity: { ...config.get<Record<string, SeverityName>>('diagnostics.severity', {}) },
    },
    templates: { extraDirs: [...config.get<string[]>('templates.extraDirs', [])] },
    exclude: [...config.get<string[]>('exclude', [])],
  };
  if (trusted) return settings;
  return withUserScoped(settings as unknown as Record<string, unknown>, (key) => userValue(config, key)) as unknown as Settings;
}

/** The user's (or the default) value of a key, never the workspace's or the folder's. */
function userValue(config: vscode.WorkspaceConfiguration, key: RestrictedKey): unknown {
  const i = config.inspect(key);
  return i?.globalValue ?? i?.defaultValue ?? (key === 'pythonPath' ? '' : []);
}

/**
 * Decides which interpreter the server may use for `resource`. In an untrusted workspace none at all,
 * because learning `sys.path` means running it. Otherwise the setting wins, and the Python extension's
 * choice fills an empty setting.
 */
async function interpreterFor(
  configured: unknown,
  resource: vscode.Uri | undefined,
  trusted: boolean,
): Promise<string> {
  if (!trusted) return '';
  if (typeof configured === 'string' && configured.trim() !== '') return configured;
  return (await activeInterpreter(resource)) ?? '';
}

/** The settings sent at start-up: the first folder's (or the window's), with the interpreter decided. */
export async function initializationOptions(trusted: boolean): Promise<InitializationOptions> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const settings = readSettings(folder, trusted);
  settings.pythonPath = await interpreterFor(settings.pythonPath, folder?.uri, trusted);
  return { settings, trusted };
}

function resourceOf(scopeUri: string | undefined): vscode.Uri | undefined {
  if (!scopeUri) return undefined;
  try {
    return vscode.Uri.parse(scopeUri, true);
  } catch {
    return undefined;
  }
}

/**
 * Rewrites the answers to the server's `workspace/configuration` requests so that the per-folder settings
 * it pulls obey the same interpreter and trust rules as the start-up options. Both the whole section and
 * single keys are handled, since the server may ask for either.
 */
export function configurationMiddleware(isTrusted: () => boolean): Middleware['workspace'] {
  return {
    configuration: async (params: ConfigurationParams, token, next) => {
      const result = await next(params, token);
      if (!Array.isArray(result)) return result;
      const trusted = isTrusted();
      return Promise.all(
        result.map(async (value: unknown, index: number) => {
          const item = params.items[index];
          const resource = resourceOf(item?.scopeUri);
          if (item?.section === `${SECTION}.pythonPath`) {
            return interpreterFor(value, resource, trusted);
          }
          const config = () => vscode.workspace.getConfiguration(SECTION, resource);
          if (item?.section === SECTION && value !== null && typeof value === 'object') {
            const section = trusted ? { ...(value as Record<string, unknown>) } : withUserScoped(value as Record<string, unknown>, (key) => userValue(config(), key));
            section.pythonPath = await interpreterFor(section.pythonPath, resource, trusted);
            return section;
          }
          // A single restricted key asked for on its own obeys the same rule.
          const key = RESTRICTED_KEYS.find((k) => item?.section === `${SECTION}.${k}`);
          if (key && !trusted) return userValue(config(), key);
          return value;
        }),
      );
    },
  };
}
