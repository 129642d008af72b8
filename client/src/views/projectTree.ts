// The "Django" explorer view: projects → apps → URL patterns → view → templates, and templates by inheritance, fed by django-mtv/projectTree.
import * as vscode from 'vscode';
import type { ClientAccess } from '../commands/protocol';
import type { ProjectTreeResponse, TreeInheritance, TreeProject, TreeUrl } from '../../../server/src/protocol';
import { Requests } from '../commands/protocol';
import { StatusItem } from '../status';

type Node =
  | { kind: 'project'; project: TreeProject }
  | { kind: 'app'; app: TreeProject['apps'][number] }
  | { kind: 'group'; label: string; urls: TreeUrl[]; location?: vscode.Location }
  | { kind: 'templates'; templates: TreeInheritance[] }
  | { kind: 'url'; url: TreeUrl }
  | { kind: 'view'; view: NonNullable<TreeUrl['view']> }
  | { kind: 'template'; name: string; location: vscode.Location; children: TreeInheritance[] }
  | { kind: 'message'; text: string };

/** A status bar item that also tells listeners when the server reports its state, so the tree can refresh when indexing ends. */
export class ObservedStatus extends StatusItem {
  private readonly emitter = new vscode.EventEmitter<unknown>();
  readonly onStatus = this.emitter.event;

  override update(params: unknown): void {
    super.update(params);
    this.emitter.fire(params);
  }

  override dispose(): void {
    this.emitter.dispose();
    super.dispose();
  }
}

export class ProjectTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private projects: TreeProject[] | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly client: ClientAccess) {}

  refresh(): void {
    this.projects = undefined;
    this.changed.fire(undefined);
  }

  /** Refreshes when the server says an index is ready: a rebuilt project may have new patterns or templates. */
  onServerStatus(params: unknown): void {
    if (params && typeof params === 'object' && (params as { state?: unknown }).state === 'ready') this.refresh();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    const c = this.client();
    if (!c) {
      this.projects = [];
      return;
    }
    try {
      const r = await c.sendRequest<ProjectTreeResponse>(Requests.projectTree, {});
      this.projects = r?.projects ?? [];
    } catch {
      // The server restarting or not ready yet: show nothing now; its next ready status refreshes the view.
      this.projects = [];
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      if (!this.projects) {
        this.loading ??= this.load().finally(() => (this.loading = undefined));
        await this.loading;
      }
      const projects = this.projects ?? [];
      if (!projects.length) return [{ kind: 'message', text: this.client() ? 'No Django project found' : 'The Django MTV server is not running' }];
      // One project needs no project level.
      return projects.length === 1 ? this.projectChildren(projects[0]) : projects.map((project) => ({ kind: 'project', project }));
    }
    switch (node.kind) {
      case 'project':
        return this.projectChildren(node.project);
      case 'app':
        return node.app.urls.map((url) => ({ kind: 'url', url }));
      case 'group':
        return node.urls.map((url) => ({ kind: 'url', url }));
      case 'templates':
        return node.templates.map((t) => this.template(t));
      case 'url':
        return node.url.view ? [{ kind: 'view', view: node.url.view }] : [];
      case 'view':
        return node.view.templates.map((t) => ({ kind: 'template', name: t.name, location: this.loc(t.location), children: [] }));
      case 'template':
        return node.children.map((t) => this.template(t));
      default:
        return [];
    }
  }

  private projectChildren(p: TreeProject): Node[] {
    const out: Node[] = p.apps.map((app) => ({ kind: 'app', app }));
    if (p.urls.length) out.unshift({ kind: 'group', label: 'Project URLs', urls: p.urls, location: p.settings && this.loc(p.settings) });
    if (p.templates.length) out.push({ kind: 'templates', templates: p.templates });
    return out;
  }

  private template(t: TreeInheritance): Node {
    return { kind: 'template', name: t.name, location: this.loc(t.location), children: t.children };
  }

  private loc(l: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }): vscode.Location {
    const r = l.range;
    return new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    const open = (loc: vscode.Location | undefined): vscode.Command | undefined =>
      loc && { command: 'vscode.open', title: 'Open', arguments: [loc.uri, { selection: loc.range, preview: true }] };
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'project':
        item = new vscode.TreeItem(node.project.name, C.Expanded);
        item.description = node.project.root;
        item.iconPath = new vscode.ThemeIcon('project');
        item.command = open(node.project.settings && this.loc(node.project.settings));
        break;
      case 'app': {
        item = new vscode.TreeItem(node.app.label, node.app.urls.length ? C.Collapsed : C.None);
        item.description = node.app.name !== node.app.label ? node.app.name : undefined;
        item.iconPath = new vscode.ThemeIcon('package');
        item.command = open(node.app.location && this.loc(node.app.location));
        break;
      }
      case 'group':
        item = new vscode.TreeItem(node.label, C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('globe');
        item.command = open(node.location);
        break;
      case 'templates':
        item = new vscode.TreeItem('Templates', C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('files');
        break;
      case 'url':
        item = new vscode.TreeItem('/' + node.url.route, node.url.view ? C.Collapsed : C.None);
        item.description = node.url.name;
        item.iconPath = new vscode.ThemeIcon('link');
        item.command = open(this.loc(node.url.location));
        break;
      case 'view':
        item = new vscode.TreeItem(node.view.name, node.view.templates.length ? C.Collapsed : C.None);
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        item.command = open(this.loc(node.view.location));
        break;
      case 'template':
        item = new vscode.TreeItem(node.name, node.children.length ? C.Collapsed : C.None);
        item.iconPath = new vscode.ThemeIcon('file-code');
        item.resourceUri = node.location.uri;
        item.command = open(node.location);
        break;
      default:
        item = new vscode.TreeItem(node.text, C.None);
    }
    item.contextValue = `django-mtv.${node.kind}`;
    return item;
  }
}
