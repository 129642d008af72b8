// The status bar item that shows what the server reports on `django-mtv/status`.
import * as vscode from 'vscode';
import { Commands, StatusParams } from './constants';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The item's text and tooltip for a status; exported so the wording is decided in one place. */
function describeStatus(status: StatusParams): { text: string; tooltip: string } {
  switch (status.state) {
    case 'indexing':
      return {
        text: '$(sync~spin) Django: indexing',
        tooltip: status.message ?? 'Django MTV is indexing the workspace. Click to show the log.',
      };
    case 'error':
      return {
        text: '$(error) Django',
        tooltip: `${status.message ?? 'The Django MTV server reported an error.'} Click to show the log.`,
      };
    case 'ready':
    default: {
      const counts = `Django: ${plural(status.projects, 'project', 'projects')}, ${plural(status.urls, 'URL', 'URLs')}, ${plural(status.templates, 'template', 'templates')}`;
      const partial = status.notUnderstood ? ` ${plural(status.notUnderstood, 'part', 'parts')} of the project could not be understood, so names there are not checked: the log lists them.` : '';
      const django = status.django?.length ? ` Django ${status.django.join(', ')}.` : '';
      return { text: counts, tooltip: `${status.message ?? counts}.${django}${partial} Click to show the log.` };
    }
  }
}

const RESTRICTED_NOTE = ' Restricted Mode: the workspace is not trusted, so no Python interpreter is run.';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Whether the workspace is untrusted, which every tooltip mentions because it limits what we find. */
  private restricted = false;

  constructor() {
    this.item = vscode.window.createStatusBarItem('django-mtv.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Django MTV';
    this.item.command = Commands.showOutput;
  }

  setRestricted(restricted: boolean): void {
    this.restricted = restricted;
  }

  /** Shown while the server starts, before its first status arrives. */
  starting(): void {
    this.item.text = '$(sync~spin) Django: starting';
    this.item.tooltip = this.withNote('The Django MTV server is starting. Click to show the log.');
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  /** Shown when the server is down for good, so that the user knows why nothing answers. */
  stopped(reason: string): void {
    this.item.text = '$(debug-disconnect) Django: stopped';
    this.item.tooltip = this.withNote(`${reason} Click to show the log.`);
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
  }

  update(params: unknown): void {
    const status = normalize(params);
    if (!status) return;
    const { text, tooltip } = describeStatus(status);
    this.item.text = text;
    this.item.tooltip = this.withNote(tooltip);
    this.item.backgroundColor =
      status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }

  private withNote(tooltip: string): string {
    return this.restricted ? tooltip + RESTRICTED_NOTE : tooltip;
  }
}

/** Checks the notification's shape, since a malformed payload must not break the status bar. */
function normalize(params: unknown): StatusParams | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const p = params as Partial<StatusParams>;
  if (p.state !== 'indexing' && p.state !== 'ready' && p.state !== 'error') return undefined;
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
  return {
    state: p.state,
    message: typeof p.message === 'string' ? p.message : undefined,
    projects: count(p.projects),
    urls: count(p.urls),
    templates: count(p.templates),
    notUnderstood: count(p.notUnderstood),
    django: Array.isArray(p.django) ? p.django.filter((d): d is string => typeof d === 'string') : undefined,
  };
}
