// Asks the Python extension (ms-python.python), when it is installed, which interpreter a folder uses.
import * as vscode from 'vscode';
import { withTimeout } from '../../server/src/shared/timeout';

const PYTHON_EXTENSION_ID = 'ms-python.python';

/**
 * How long we wait for the Python extension. Its activation can take several seconds (it discovers
 * environments), and the server must not wait for it: without an answer the setting stays empty and the
 * server can ask again later through `workspace/configuration`.
 */
const PYTHON_API_TIMEOUT_MS = 3000;

/**
 * The part of the Python extension's public API that we use. It is declared here rather than imported
 * from `@vscode/python-extension` because we only need three members and must tolerate their absence.
 */
interface EnvironmentPath {
  id: string;
  path: string;
}
interface ResolvedEnvironment {
  executable?: { uri?: vscode.Uri };
}
interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath | undefined;
  resolveEnvironment?(env: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}
interface PythonExtensionApi {
  environments?: PythonEnvironmentsApi;
}

/** Finds the Python extension's environments API; undefined when the extension is absent or fails. */
async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive
      ? extension.exports
      : await withTimeout(Promise.resolve(extension.activate()), PYTHON_API_TIMEOUT_MS, undefined);
    const environments = api?.environments;
    return typeof environments?.getActiveEnvironmentPath === 'function' ? environments : undefined;
  } catch {
    // A Python extension that fails to activate must not stop us: we just go without an interpreter.
    return undefined;
  }
}

/**
 * Returns the interpreter the Python extension selected for `resource`, or undefined. The active
 * environment's `path` may name an environment folder (conda) rather than an executable, so we resolve it
 * to the executable when the API allows.
 */
export async function activeInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const environments = await environmentsApi();
  if (!environments) return undefined;
  try {
    const active = environments.getActiveEnvironmentPath(resource);
    if (!active || typeof active.path !== 'string' || active.path === '') return undefined;
    if (environments.resolveEnvironment) {
      const resolved = await withTimeout(environments.resolveEnvironment(active), PYTHON_API_TIMEOUT_MS, undefined);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) return executable;
    }
    return active.path;
  } catch {
    return undefined;
  }
}

/** Calls `listener` whenever the user picks another interpreter; a no-op without the Python extension. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable> {
  const environments = await environmentsApi();
  const event = environments?.onDidChangeActiveEnvironmentPath;
  if (!event) return new vscode.Disposable(() => undefined);
  return event(() => listener());
}
