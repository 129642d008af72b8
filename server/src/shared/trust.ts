// The settings a repository must not choose for itself: in an untrusted workspace the client takes them from the user's own settings only.

/**
 * Keys of the `django-mtv` section (without the prefix) that a workspace's `.vscode/settings.json` cannot set
 * while the workspace is untrusted: the interpreter runs a program, extra template folders and exclude globs
 * decide how much of the disk is read and how long matching takes. The manifest lists the same keys under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`.
 */
export const RESTRICTED_KEYS = ['pythonPath', 'templates.extraDirs', 'exclude'] as const;
export type RestrictedKey = (typeof RESTRICTED_KEYS)[number];

/**
 * A copy of a settings section with every restricted key replaced by `userValue(key)` (the user's or the
 * default value, never the workspace's). Both spellings are replaced: nested (`templates: { extraDirs }`) and
 * dotted (`'templates.extraDirs'`), since a client may send either and the server reads both.
 */
export function withUserScoped(section: Record<string, unknown>, userValue: (key: RestrictedKey) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...section };
  for (const key of RESTRICTED_KEYS) {
    const value = userValue(key);
    delete out[key];
    const parts = key.split('.');
    let obj = out;
    for (const part of parts.slice(0, -1)) {
      const cur = obj[part];
      const copy = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? { ...(cur as Record<string, unknown>) } : {};
      obj[part] = copy;
      obj = copy;
    }
    if (value === undefined) delete obj[parts[parts.length - 1]];
    else obj[parts[parts.length - 1]] = value;
  }
  return out;
}
