// Helpers for the in-extension-host tests: the fixture workspace, polling, definitions and diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'django-mtv.django-mtv';

/** The root of the temporary copy of test/e2e/fixture that the launcher opened. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e launcher must open the fixture project as a folder');
  return folder.uri;
}

export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Calls `check` until it returns a truthy value, or fails after `timeout` ms; never a fixed sleep. */
export async function poll<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens a fixture file and returns the document together with the position of `needle` in it. */
export async function positionOf(relativePath: string, needle: string, offsetInNeedle = 0): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${relativePath} must contain ${JSON.stringify(needle)}`);
  assert.equal(document.getText().indexOf(needle, index + 1), -1, `${JSON.stringify(needle)} must be unique in ${relativePath}`);
  return { document, position: document.positionAt(index + offsetInNeedle) };
}

/** The zero-based line of the single line of a fixture file that contains `needle`, read from disk. */
export async function lineOf(relativePath: string, needle: string): Promise<number> {
  const bytes = await vscode.workspace.fs.readFile(fixtureUri(relativePath));
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  const matches = lines.flatMap((line, i) => (line.includes(needle) ? [i] : []));
  assert.equal(matches.length, 1, `exactly one line of ${relativePath} must contain ${JSON.stringify(needle)}`);
  return matches[0];
}

let activation: Promise<boolean> | undefined;

/**
 * Resolves once our extension is active, waiting for it only once per run: when it never activates,
 * every feature check then fails at once with that reason instead of each waiting out its own timeout.
 */
export async function requireActiveExtension(): Promise<void> {
  activation ??= (async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) return false;
    return poll(() => extension.isActive, 'activation', 20_000).then(() => true, () => false);
  })();
  assert.ok(await activation, `${EXTENSION_ID} is not active, so its features cannot answer`);
}

export interface Target { uri: vscode.Uri; line: number }

/** Asks the real definition providers (ours among them) and normalizes Location and LocationLink. */
export async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<Target[]> {
  const results = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
    'vscode.executeDefinitionProvider', uri, position);
  return (results ?? []).map((r) => ('targetUri' in r
    ? { uri: r.targetUri, line: (r.targetSelectionRange ?? r.targetRange).start.line }
    : { uri: r.uri, line: r.range.start.line }));
}

/**
 * Polls definitions until one lands on the expected file and line. The language server indexes the
 * workspace after it starts, so the first requests may legitimately return nothing.
 */
export async function expectDefinition(from: { document: vscode.TextDocument; position: vscode.Position }, toPath: string, toLine: number): Promise<void> {
  await requireActiveExtension();
  const expected = fixtureUri(toPath).toString();
  let last: Target[] = [];
  try {
    await poll(async () => {
      last = await definitions(from.document.uri, from.position);
      return last.some((t) => t.uri.toString() === expected && t.line === toLine);
    }, `a definition at ${toPath}:${toLine + 1}`);
  } catch (error) {
    const got = last.map((t) => `${vscode.workspace.asRelativePath(t.uri)}:${t.line + 1}`).join(', ') || 'nothing';
    throw new Error(`${(error as Error).message}; the last answer was ${got}`);
  }
}

/** Waits until our diagnostics with `code` on `uri` are present, and returns them. */
export async function waitForDiagnostics(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  await requireActiveExtension();
  return poll(() => {
    const found = ourDiagnostics(uri, code);
    return found.length ? found : undefined;
  }, `${code} on ${vscode.workspace.asRelativePath(uri)}`).catch((error: Error) => {
    throw new Error(`${error.message}; shown: ${describeDiagnostics(uri)}`);
  });
}

/** Waits until our diagnostics with `code` on `uri` are gone, after a fix. */
export async function waitForNoDiagnostics(uri: vscode.Uri, code: string, after: string): Promise<void> {
  await poll(() => ourDiagnostics(uri, code).length === 0, `${code} to disappear after ${after}`).catch((error: Error) => {
    throw new Error(`${error.message}; shown: ${describeDiagnostics(uri)}`);
  });
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Our diagnostics with the given code on a file, as VS Code currently shows them. */
export function ourDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'django-mtv' && codeOf(d) === code);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  return all.map((d) => `${d.source}/${codeOf(d)}@${d.range.start.line + 1}: ${d.message}`).join('; ') || 'none';
}
