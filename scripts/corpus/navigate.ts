// The in-process half of scripts/corpus.mjs: indexes one repository with the engine, calls go-to-definition at every regex hit and says why the others were not reached.
//
// Usage (run by corpus.mjs in a child process, so that a crash or a hang costs one repository, not the run):
//   node --import tsx scripts/corpus/navigate.ts DIR [--python PY]
// Prints one JSON object on stdout: { projects, notes, hits: [{ file, line, kind, form, name, start, end, navigable,
// reason, detail }], dynamicUrlconfs }. It builds the workspace the way the CLI does (server/src/cli/main.ts).

import * as nodePath from 'path';
import { parseArgs } from 'util';
import { NodeFileSystem } from '../../server/src/host/nodefs';
import { interpreterSysPath } from '../../server/src/host/python';
import { Workspace } from '../../server/src/core/workspace';
import { normalizePath, relativeInside } from '../../server/src/core/fs';
import type { Project } from '../../server/src/core/project/project';
import { definition } from '../../server/src/features/definition';
import { djangoEngines, isDjangoTemplate, templateUses, urlUses } from '../../server/src/features/uses';
import { reverseLookup } from '../../server/src/core/urls/urlconf';
import type { ResolverNode } from '../../server/src/core/urls/urlconf';
import { lookupTemplate } from '../../server/src/core/templates/index';
import { LineIndex } from '../../server/src/core/text';
// @ts-expect-error: a plain JavaScript module shared with corpus.mjs, typed by its use here.
import { listSources, scanText } from './scan.mjs';

interface ScanHit {
  kind: 'url' | 'template';
  form: string;
  name: string;
  start: number;
  end: number;
}

export interface Hit extends ScanHit {
  file: string;
  line: number;
  navigable: boolean;
  /**
   * Whether the same reference with a name that exists nowhere would get a diagnostic of absence (the engine sees
   * the use and its inventory is complete for that name): what a planted broken link needs to be found.
   */
  checkable: boolean;
  /** Why it would not, when the engine sees the use (the model's own words). */
  uncheckable?: string;
  /** The first target definition gave (file relative to the repository, 1-based line), to spot-check navigable hits. */
  target?: string;
  /** A short reason, the key undecided references are grouped by (absent when navigable). */
  reason?: string;
  /** The reason in full (which app, which namespace...), for the per-repository detail file. */
  detail?: string;
}

/** What corpus.mjs appends to a name to plant a broken link; the same suffix here predicts whether it would be found. */
const PLANT_SUFFIX = '-zzplanted';

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { python: { type: 'string' } } });
if (positionals.length !== 1) {
  process.stderr.write('usage: navigate.ts DIR [--python PY]\n');
  process.exit(2);
}
const root = normalizePath(nodePath.resolve(positionals[0]));
const fs = new NodeFileSystem();
const envPaths = values.python ? interpreterSysPath(values.python).map((p) => normalizePath(nodePath.resolve(p))) : [];
const ws = new Workspace(fs, root, { envPaths, extraTemplateDirs: [] });
let indexError: string | undefined;
try {
  ws.index();
} catch (e) {
  // The engine failing on a repository is itself a figure: every reference is then "engine crashed".
  indexError = (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Why a URL name that definition did not reach is not decided, from the same lookups the diagnostics use. */
function urlReason(project: Project, file: string, h: ScanHit): [string, string] {
  const uses = urlUses(ws, project, file);
  if (!uses.some((u) => u.span.start <= h.start && h.end <= u.span.end)) return notSeen(project, file, h);
  if (!project.urls) {
    if (!project.settingsModule) return ['no settings module', 'manage.py does not set DJANGO_SETTINGS_MODULE'];
    if (!project.settings) return ['settings not found', `settings module ${project.settingsModule} not found`];
    return ['no ROOT_URLCONF', 'ROOT_URLCONF is not set statically'];
  }
  const r = reverseLookup(project.urls, h.name);
  if (r.kind === 'unknown') return [r.why, `'${h.name}': ${r.why}`];
  if (r.kind === 'missing') {
    const ns = /registered namespace/.test(r.message);
    return [ns ? 'URL namespace not in the model' : 'URL name not in the model', `'${h.name}': ${r.message}`];
  }
  return ['lookup found it, definition did not', `'${h.name}' reverses, yet definition returned nothing`];
}

/** Why a template name that definition did not reach is not decided. */
function templateReason(project: Project, file: string, h: ScanHit): [string, string] {
  const uses = templateUses(ws, project, file);
  const use = uses.find((u) => u.names.some((n) => n.span.start <= h.start && h.end <= n.span.end));
  if (!use) return notSeen(project, file, h);
  const engines = use.djangoOnly ? djangoEngines(project) : undefined;
  const r = lookupTemplate(project.templates, h.name, engines);
  if (r.kind === 'unknown') {
    const t = project.templates;
    const prefix = t.unknownPrefixes.find((p) => h.name === p || h.name.startsWith(p));
    if (prefix) return ['template under a known app not readable', `'${h.name}' could come from contrib app templates '${prefix}'`];
    const why = t.incompleteWhy.length ? t.incompleteWhy.join('; ') : 'incomplete inventory';
    return ['template not found, inventory incomplete', `'${h.name}': ${why}`];
  }
  if (r.kind === 'missing') return ['template not found (complete inventory)', `'${h.name}' is in none of ${project.templates.dirs.length} template folders`];
  return ['lookup found it, definition did not', `'${h.name}' is found, yet definition returned nothing`];
}

/** The engine does not see a reference at the regex hit: say what it most likely is, from the text alone. */
function notSeen(project: Project, file: string, h: ScanHit): [string, string] {
  if (!file.endsWith('.py')) {
    if (!isDjangoTemplate(project, file)) return ['file is not a Django template of the project', 'outside the template folders the project searches, or loaded only by a Jinja2 engine'];
    return ['engine sees no reference there', 'inside a comment, or a spelling the engine does not read'];
  }
  const text = fs.readFile(file) ?? '';
  const lineStart = text.lastIndexOf('\n', h.start) + 1;
  if (text.slice(lineStart, h.start).includes('#')) return ['in a Python comment', 'the regex hit is after a # on its line'];
  // `from kitsune.sumo.urlresolvers import reverse`: a project's own function of the same name is not Django's.
  const fn = /^\w+(\(\))?$/.test(h.form) ? h.form.replace('()', '') : undefined;
  if (fn) {
    const imp = new RegExp(`^\\s*from\\s+([\\w.]+)\\s+import\\s+(?:\\([^)]*|[^\\n]*)\\b${fn}\\b`, 'm').exec(text);
    if (imp && !imp[1].startsWith('django.')) return ['a function of the same name, not Django\'s', `${fn} is imported from ${imp[1]}`];
  }
  return ['engine sees no reference there', 'a docstring, a local variable, or a spelling the engine does not read'];
}

/** Whether a broken name at the hit would be reported (see Hit.checkable), from the lookups the diagnostics use. */
function checkability(project: Project, file: string, h: ScanHit): { checkable: boolean; uncheckable?: string } {
  const broken = h.name + PLANT_SUFFIX;
  if (h.kind === 'url') {
    const use = urlUses(ws, project, file).find((u) => u.span.start <= h.start && h.end <= u.span.end);
    if (!use) return { checkable: false };
    if (use.asVar) return { checkable: false, uncheckable: '{% url ... as var %} never fails' };
    if (!project.urls) return { checkable: false, uncheckable: 'no URL model' };
    const r = reverseLookup(project.urls, broken);
    return r.kind === 'missing' ? { checkable: true } : { checkable: false, uncheckable: r.kind === 'unknown' ? r.why : 'a broken name would be found' };
  }
  const use = templateUses(ws, project, file).find((u) => u.names.some((n) => n.span.start <= h.start && h.end <= n.span.end));
  if (!use) return { checkable: false };
  if (use.names.length > 1) return { checkable: false, uncheckable: 'one of several candidate names' };
  const r = lookupTemplate(project.templates, broken, use.djangoOnly ? djangoEngines(project) : undefined);
  if (r.kind === 'missing') return { checkable: true };
  const t = project.templates;
  const prefix = t.unknownPrefixes.find((p) => broken === p || broken.startsWith(p));
  return { checkable: false, uncheckable: prefix ? `templates under '${prefix}' could not be listed` : `inventory incomplete: ${t.incompleteWhy[0] ?? '?'}` };
}

function walkDynamic(node: ResolverNode, out: Map<string, number>): void {
  if (node.dynamic) out.set(node.dynamicWhy ?? 'dynamic', (out.get(node.dynamicWhy ?? 'dynamic') ?? 0) + 1);
  for (const c of node.children) if (c.kind === 'resolver') walkDynamic(c, out);
}

const hits: Hit[] = [];
for (const file of listSources(root, fs) as string[]) {
  const text = fs.readFile(file);
  if (text === undefined) continue;
  const found = scanText(file, text) as ScanHit[];
  if (!found.length) continue;
  const lines = new LineIndex(text);
  const rel = relativeInside(root, file) ?? file;
  for (const h of found) {
    const hit: Hit = { ...h, file: rel, line: lines.position(h.start).line + 1, navigable: false, checkable: false };
    if (indexError) {
      hit.reason = 'engine crashed';
      hit.detail = indexError;
    } else {
      // The middle of the name: inside the string whatever the engine takes as its span.
      const targets = definition(ws, file, h.start + Math.floor((h.end - h.start) / 2));
      hit.navigable = targets.length > 0;
      if (hit.navigable) {
        const t = targets[0];
        const tt = fs.readFile(t.file);
        hit.target = `${relativeInside(root, t.file) ?? t.file}:${tt === undefined ? 1 : new LineIndex(tt).position(t.span.start).line + 1}`;
      }
      const project = ws.projectFor(file);
      if (project) {
        try {
          Object.assign(hit, checkability(project, file, h));
        } catch {
          // An error here leaves the hit "not checkable", which is what it is in practice.
        }
      }
      if (!hit.navigable) {
        let reason: [string, string];
        if (!ws.projects.length) reason = ['no Django project found', 'no manage.py in the tree'];
        else if (!project) reason = ['file outside every Django project', `projects: ${ws.projects.map((p) => relativeInside(root, p.root) || '.').join(', ')}`];
        else {
          try {
            reason = h.kind === 'url' ? urlReason(project, file, h) : templateReason(project, file, h);
          } catch (e) {
            reason = ['engine error while explaining', (e as Error).message.split('\n')[0]];
          }
        }
        [hit.reason, hit.detail] = reason;
      }
    }
    hits.push(hit);
  }
}

const dynamicUrlconfs: Record<string, number> = {};
for (const p of ws.projects) {
  if (!p.urls) continue;
  const m = new Map<string, number>();
  walkDynamic(p.urls.root, m);
  for (const [k, v] of m) dynamicUrlconfs[k] = (dynamicUrlconfs[k] ?? 0) + v;
}

process.stdout.write(
  JSON.stringify({
    python: values.python ?? null,
    indexError: indexError ?? null,
    projects: ws.projects.map((p) => ({ root: relativeInside(root, p.root) || '.', settings: p.settingsModule ?? null, notes: p.notes, templatesComplete: p.templates.complete, templateIncompleteWhy: p.templates.incompleteWhy })),
    dynamicUrlconfs,
    hits,
  }) + '\n',
);
