// Writes a random but valid Django project from a seed (URLconf trees, views, templates, settings) plus reverse/resolve cases for the oracle.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Literal, ReverseCase } from './harness';
import { seededRandom } from '../helpers/random';

/** A small, fast, seedable generator (mulberry32), so a failing seed can be replayed exactly. */
class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom((seed * 0x9e3779b1) >>> 0);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** One captured URL parameter: a named converter/group, or an unnamed regex group. */
interface Param {
  name: string | null;
  /** The text the parameter has in a concrete URL. */
  sample: string;
  /** The value a reverse() call passes for it: typed so that the converter accepts it. */
  value: Literal;
}

interface RouteText {
  fn: 'path' | 're_path';
  text: string;
  sample: string;
  params: Param[];
}

interface View {
  app: App;
  name: string;
  isClass: boolean;
}

interface Leaf {
  kind: 'leaf';
  route: RouteText;
  view: View;
  name: string | null;
  /** Extra keyword arguments given to path(): resolve() passes them on, reverse() treats them as defaults. */
  extra: Record<string, number> | null;
}

type IncludeForm = 'string' | 'string-ns' | 'tuple' | 'tuple-ns' | 'list' | 'list-tuple' | 'list-tuple-ns';

interface Include {
  kind: 'include';
  route: RouteText;
  target: UrlModule;
  form: IncludeForm;
  /** The instance namespace Django ends up with (null: the include is transparent). */
  namespace: string | null;
  appName: string | null;
  /** The app name written in the include tuple, which the module's own app_name may override. */
  tupleName: string | null;
}

type Entry = Leaf | Include;

interface UrlModule {
  /** Dotted module name; null for an inline list written inside its parent's file. */
  module: string | null;
  app: App;
  appNameVar: string | null;
  entries: Entry[];
}

interface App {
  /** A short identifier (also the folder's own name). */
  name: string;
  /** The dotted module name as INSTALLED_APPS and imports spell it ('blog' or 'apps.blog'). */
  module: string;
  /** The folder, relative to the project root. */
  dir: string;
  label: string | null;
  autoConfig: boolean;
  installed: boolean;
  views: View[];
  urlFiles: number;
  templates: string[];
}

/** A named pattern as reverse() sees it: its full name and every parameter along the way. */
interface NamedLeaf {
  /** False for patterns whose extra kwargs make reverse() depend on values, not just shapes. */
  caseable: boolean;
  fqn: string;
  appFqn: string;
  params: Param[];
  sample: string;
}

const WORDS = ['list', 'detail', 'edit', 'index', 'item', 'page', 'archive', 'feed', 'search', 'export', 'tags', 'about'];
const SEGMENTS = ['posts', 'items', 'users', 'files', 'docs', 'media', 'topics', 'v2', 'shop', 'reports', 'a', 'x-y'];
const APPS = ['catalog', 'blog', 'forum', 'wiki', 'docs', 'polls', 'events', 'billing'];
const APP_NAMES = ['library', 'journal', 'market', 'board', 'gallery', 'portal'];
const NAMESPACES = ['v1', 'beta', 'legacy', 'public', 'internal', 'mobile'];
const PARAM_WORDS = ['pk', 'slug', 'year', 'code', 'page', 'key', 'ref', 'tag'];
const UUIDS = ['5f0c6f5e-8d3a-4f4e-9c1b-2a6d7e8f9a0b', '0b7e2c1d-3f4a-4b5c-8d6e-7f8091a2b3c4'];

export interface GeneratedProject {
  root: string;
  reverse: (ReverseCase & { expect: 'ok' | 'error' })[];
  resolve: string[];
}

class Generator {
  private readonly rnd: Random;
  private counter = 0;
  private readonly files = new Map<string, string>();
  private readonly apps: App[] = [];
  private readonly named: NamedLeaf[] = [];
  private readonly namespacesUsed = new Set<string>();
  private readonly appNamesUsed = new Set<string>();
  private languagePrefix = '';
  private useCustomConverter = false;

  constructor(private readonly seed: number) {
    this.rnd = new Random(seed);
  }

  private fresh(base: string): string {
    this.counter += 1;
    return `${base}${this.counter}`;
  }

  // -------------------------------------------------------------------------
  // Routes
  // -------------------------------------------------------------------------

  private pathParam(allowPath: boolean): { text: string; param: Param } {
    const kinds = ['str', 'int', 'slug', 'uuid', 'yyyy', ...(allowPath ? ['path'] : [])];
    const kind = this.rnd.pick(kinds);
    if (kind === 'yyyy') this.useCustomConverter = true;
    const name = this.fresh(this.rnd.pick(PARAM_WORDS));
    const samples: Record<string, [string, Literal]> = {
      str: ['abc', 'abc'],
      int: ['42', 42],
      slug: ['a-b', 'a-b'],
      uuid: [this.rnd.pick(UUIDS), ''],
      yyyy: ['2024', 2024],
      path: ['x/y', 'x/y'],
    };
    const [sample, value] = samples[kind]!;
    return { text: `<${kind}:${name}>`, param: { name, sample, value: kind === 'uuid' ? sample : value } };
  }

  private regexGroup(named: boolean): { text: string; param: Param } {
    const [regex, sample] = this.rnd.pick([
      ['[0-9]+', '42'],
      ['[a-z]+', 'abc'],
      ['[\\w-]+', 'a-b1'],
      ['[0-9]{4}', '2024'],
    ] as const);
    if (named) {
      const name = this.fresh(this.rnd.pick(PARAM_WORDS));
      return { text: `(?P<${name}>${regex})`, param: { name, sample, value: sample } };
    }
    return { text: `(${regex})`, param: { name: null, sample, value: sample } };
  }

  /** Builds a route for a leaf (endpoint) or an include prefix, with path() or re_path(). */
  private route(endpoint: boolean, fn: 'path' | 're_path'): RouteText {
    const count = endpoint ? this.rnd.int(0, 3) : this.rnd.int(0, 2);
    if (fn === 'path') {
      const pieces: string[] = [];
      const samples: string[] = [];
      const params: Param[] = [];
      for (let i = 0; i < count; i++) {
        if (this.rnd.chance(0.45)) {
          const last = endpoint && i === count - 1;
          const { text, param } = this.pathParam(last);
          pieces.push(text);
          samples.push(param.sample);
          params.push(param);
        } else {
          const word = this.rnd.pick(SEGMENTS);
          pieces.push(word);
          samples.push(word);
        }
      }
      if (pieces.length === 0) return { fn, text: '', sample: '', params };
      return { fn, text: pieces.join('/') + '/', sample: samples.join('/') + '/', params };
    }
    const named = this.rnd.chance(0.6);
    const pieces: string[] = [];
    const samples: string[] = [];
    const params: Param[] = [];
    for (let i = 0; i < Math.max(count, 1); i++) {
      if (this.rnd.chance(0.5)) {
        const { text, param } = this.regexGroup(named);
        pieces.push(text);
        samples.push(param.sample);
        params.push(param);
      } else {
        const word = this.rnd.pick(SEGMENTS);
        pieces.push(word);
        samples.push(word);
      }
    }
    // Most regexes are anchored as Django's docs show; a few leave out '$' and still match as a prefix.
    const end = endpoint ? (this.rnd.chance(0.85) ? '/$' : '/') : '/';
    return { fn, text: `^${pieces.join('/')}${end}`, sample: samples.join('/') + '/', params };
  }

  // -------------------------------------------------------------------------
  // URL modules
  // -------------------------------------------------------------------------

  private view(app: App): View {
    if (app.views.length > 0 && this.rnd.chance(0.25)) return this.rnd.pick(app.views);
    const isClass = this.rnd.chance(0.35);
    const view: View = { app, isClass, name: isClass ? `Page${this.fresh('')}View` : this.fresh(`${this.rnd.pick(WORDS)}_view`) };
    app.views.push(view);
    return view;
  }

  private leaf(app: App): Leaf {
    const fn = this.rnd.chance(0.7) ? 'path' : 're_path';
    let name = this.rnd.chance(0.85) ? `${this.rnd.pick(WORDS)}${this.rnd.chance(0.3) ? '-' + this.rnd.pick(WORDS) : ''}` : null;
    let extra: Record<string, number> | null = null;
    if (this.rnd.chance(0.1)) {
      extra = { [this.fresh('flag')]: this.rnd.int(0, 9) };
      // Extra kwargs act as reverse() defaults; a name of its own keeps them out of the shape model of other names.
      if (name) name = this.fresh(`${name}-x`);
    }
    return { kind: 'leaf', route: this.route(true, fn), view: this.view(app), name, extra };
  }

  private newModule(app: App, inline: boolean, depth: number): UrlModule {
    let module: string | null = null;
    if (!inline) {
      app.urlFiles += 1;
      module = app.urlFiles === 1 ? `${app.module}.urls` : `${app.module}.urls_${app.urlFiles}`;
    }
    const urlModule: UrlModule = { module, app, appNameVar: null, entries: [] };
    const count = this.rnd.int(1, 4);
    for (let i = 0; i < count; i++) {
      if (depth < 4 && this.rnd.chance(depth === 0 ? 0.6 : 0.35)) urlModule.entries.push(this.include(depth + 1));
      else urlModule.entries.push(this.leaf(app));
    }
    return urlModule;
  }

  private freshNamespace(): string {
    let ns = this.rnd.pick(NAMESPACES);
    while (this.namespacesUsed.has(ns)) ns = this.fresh(this.rnd.pick(NAMESPACES));
    this.namespacesUsed.add(ns);
    return ns;
  }

  private freshAppName(): string {
    let name = this.rnd.pick(APP_NAMES);
    while (this.appNamesUsed.has(name) || this.namespacesUsed.has(name)) name = this.fresh(this.rnd.pick(APP_NAMES));
    this.appNamesUsed.add(name);
    // An app name also serves as the default instance namespace, so the two pools must never collide.
    this.namespacesUsed.add(name);
    return name;
  }

  private include(depth: number): Include {
    const fn = this.rnd.chance(0.75) ? 'path' : 're_path';
    const route = this.route(false, fn);
    const form = this.rnd.pick<IncludeForm>(['string', 'string', 'string-ns', 'tuple', 'tuple-ns', 'list', 'list', 'list-tuple', 'list-tuple-ns']);
    const app = this.rnd.pick(this.apps);
    const inline = form.startsWith('list');
    const target = this.newModule(app, inline, depth);
    let namespace: string | null = null;
    let appName: string | null = null;
    if (form === 'string') {
      // A string include takes the module's own app_name, if it sets one, as its namespace.
      if (this.rnd.chance(0.5)) {
        target.appNameVar = this.freshAppName();
        appName = target.appNameVar;
        namespace = appName;
      }
    } else if (form === 'string-ns') {
      target.appNameVar = this.freshAppName();
      appName = target.appNameVar;
      namespace = this.freshNamespace();
    } else if (form === 'tuple' || form === 'list-tuple') {
      appName = this.freshAppName();
      namespace = appName;
    } else if (form === 'tuple-ns' || form === 'list-tuple-ns') {
      appName = this.freshAppName();
      namespace = this.freshNamespace();
    }
    const tupleName = appName;
    if ((form === 'tuple' || form === 'tuple-ns') && this.rnd.chance(0.3)) {
      // Django lets the module's own app_name override the one in the tuple (include() reads it last).
      target.appNameVar = this.freshAppName();
      if (namespace === appName) namespace = target.appNameVar;
      appName = target.appNameVar;
    }
    return { kind: 'include', route, target, form, namespace, appName, tupleName };
  }

  // -------------------------------------------------------------------------
  // Model walk: named leaves as reverse() knows them, and resolvable samples.
  // -------------------------------------------------------------------------

  private collect(module: UrlModule, ns: string[], appNs: string[], params: Param[], sample: string): void {
    for (const entry of module.entries) {
      const allParams = [...params, ...entry.route.params];
      const fullSample = sample + entry.route.sample;
      if (entry.kind === 'leaf') {
        if (entry.name) {
          this.named.push({
            caseable: entry.extra === null,
            fqn: [...ns, entry.name].join(':'),
            appFqn: [...appNs, entry.name].join(':'),
            params: allParams,
            sample: fullSample,
          });
        } else {
          this.named.push({ caseable: false, fqn: '', appFqn: '', params: allParams, sample: fullSample });
        }
      } else {
        const nextNs = entry.namespace ? [...ns, entry.namespace] : ns;
        const nextAppNs = entry.namespace ? [...appNs, entry.appName ?? entry.namespace] : appNs;
        this.collect(entry.target, nextNs, nextAppNs, allParams, fullSample);
      }
    }
  }

  /** Whether some pattern of that full name accepts these arguments by shape alone (count, keyword names). */
  private shapeMatches(fqn: string, args: Literal[] | undefined, kwargs: Record<string, Literal> | undefined): 'none' | 'some' {
    const candidates = this.named.filter((n) => n.fqn === fqn && fqn !== '');
    for (const candidate of candidates) {
      if (kwargs && Object.keys(kwargs).length > 0) {
        if (candidate.params.some((p) => p.name === null)) continue;
        const want = candidate.params.map((p) => p.name!).sort();
        if (JSON.stringify(want) === JSON.stringify(Object.keys(kwargs).sort())) return 'some';
      } else if ((args ?? []).length === candidate.params.length) {
        return 'some';
      }
    }
    return 'none';
  }

  private cases(): { reverse: GeneratedProject['reverse']; resolve: string[] } {
    const reverse: GeneratedProject['reverse'] = [];
    const seen = new Set<string>();
    const add = (testCase: ReverseCase, expect: 'ok' | 'error') => {
      const key = JSON.stringify(testCase);
      if (seen.has(key)) return;
      seen.add(key);
      reverse.push({ ...testCase, expect });
    };
    const names = this.named.filter((n) => n.fqn !== '');
    const chosen = this.rnd.shuffle(names.filter((n) => n.caseable)).slice(0, 8);
    for (const leaf of chosen) {
      const allNamed = leaf.params.every((p) => p.name !== null);
      const values = leaf.params.map((p) => p.value);
      // Another pattern of the same name and argument count may be tried first by reverse() with values of the
      // wrong type for its converters (a custom to_url then raises TypeError): values, not shapes, decide there.
      const sameShape = names.filter((n) => n.fqn === leaf.fqn && n.params.length === leaf.params.length).length > 1;
      // The valid call, by position or by keyword.
      if (sameShape && values.length) {
        // Skipped: no verdict of the engine depends on values.
      } else if (allNamed && leaf.params.length > 0 && this.rnd.chance(0.5)) {
        add({ name: leaf.fqn, kwargs: Object.fromEntries(leaf.params.map((p) => [p.name!, p.value])) }, 'ok');
      } else {
        add(values.length ? { name: leaf.fqn, args: values } : { name: leaf.fqn }, 'ok');
      }
      if (leaf.appFqn !== leaf.fqn) add(values.length ? { name: leaf.appFqn, args: values } : { name: leaf.appFqn }, 'ok');
      // A count no pattern of that name takes fails whatever the values' types.
      const counts = new Set(names.filter((n) => n.fqn === leaf.fqn).map((n) => n.params.length));
      let wrong = leaf.params.length + 1;
      while (counts.has(wrong)) wrong += 1;
      add({ name: leaf.fqn, args: Array.from({ length: wrong }, () => 2024) }, 'error');
      if (allNamed && leaf.params.length > 0) {
        const kwargs = Object.fromEntries(leaf.params.map((p) => [p.name!, p.value]));
        kwargs['zzz'] = 1;
        add({ name: leaf.fqn, kwargs }, 'error');
        const missing = Object.fromEntries(leaf.params.slice(1).map((p) => [p.name!, p.value]));
        // Dropping a keyword is only a shape error when no other pattern of that name takes exactly the rest.
        if (Object.keys(missing).length > 0 && this.shapeMatches(leaf.fqn, undefined, missing) === 'none') {
          add({ name: leaf.fqn, kwargs: missing }, 'error');
        }
      }
      const parts = leaf.fqn.split(':');
      if (parts.length > 1) {
        // The bare name without its namespaces: unknown unless a top-level pattern shares it (no arguments, so types never matter).
        const bare = parts[parts.length - 1]!;
        add({ name: bare }, this.shapeMatches(bare, [], undefined) === 'some' ? 'ok' : 'error');
        add({ name: `${parts.slice(0, -1).join(':')}:nonexistent` }, 'error');
        add({ name: `ghost:${bare}` }, 'error');
      }
    }
    add({ name: 'nonexistent-name' }, 'error');

    // Each resolve case costs one CLI start, so a few per project keep 50 seeds within the time budget.
    const samples = this.rnd.shuffle([...this.named]).slice(0, 4).map((n) => '/' + this.languagePrefixFor(n) + n.sample);
    const resolve = [...new Set([...samples, '/' + this.rnd.pick(SEGMENTS) + '/zzz/'])];
    return { reverse, resolve };
  }

  private i18nLeaves = new Set<NamedLeaf>();
  private languagePrefixFor(leaf: NamedLeaf): string {
    return this.i18nLeaves.has(leaf) ? this.languagePrefix : '';
  }

  // -------------------------------------------------------------------------
  // Rendering
  // -------------------------------------------------------------------------

  private viewExpression(view: View, fileApp: App | null, imports: Set<string>): string {
    const style = this.rnd.int(0, 3);
    let ref: string;
    if (style === 0) {
      // Imported by its own name, or under an alias, straight from the views module.
      imports.add(`from ${view.app.module}.views import ${view.name}`);
      ref = view.name;
    } else if (style === 1) {
      const alias = `${view.name}_alias`;
      imports.add(`from ${view.app.module}.views import ${view.name} as ${alias}`);
      ref = alias;
    } else if (fileApp === view.app) {
      imports.add('from . import views');
      ref = `views.${view.name}`;
    } else {
      imports.add(`from ${view.app.module} import views as ${view.app.name}_views`);
      ref = `${view.app.name}_views.${view.name}`;
    }
    return view.isClass ? `${ref}.as_view()` : ref;
  }

  /** Names a URLconf module in an include(): a dotted string, or the module object itself. */
  private moduleExpression(module: string, imports: Set<string>): string {
    const style = this.rnd.int(0, 3);
    if (style === 0) {
      imports.add(`import ${module}`);
      return module;
    }
    if (style === 1) {
      const alias = module.replace(/\./g, '_') + '_module';
      const dot = module.lastIndexOf('.');
      imports.add(`from ${module.slice(0, dot)} import ${module.slice(dot + 1)} as ${alias}`);
      return alias;
    }
    return `'${module}'`;
  }

  private routeLiteral(route: RouteText): string {
    return route.fn === 'path' ? `'${route.text}'` : `r'${route.text}'`;
  }

  /**
   * Renders one entry as source lines ending in a comma. Inline lists are sometimes hoisted into a
   * module-level variable (pushed onto `hoisted`, children first) and included by name.
   */
  private renderEntry(entry: Entry, indent: string, fileApp: App | null, imports: Set<string>, hoisted: string[]): string[] {
    imports.add(`from django.urls import ${entry.route.fn}`);
    const head = `${indent}${entry.route.fn}(${this.routeLiteral(entry.route)}, `;
    if (entry.kind === 'leaf') {
      const extra = entry.extra ? `, {${Object.entries(entry.extra).map(([k, v]) => `'${k}': ${v}`).join(', ')}}` : '';
      const name = entry.name ? `, name='${entry.name}'` : '';
      return [`${head}${this.viewExpression(entry.view, fileApp, imports)}${extra}${name}),`];
    }
    imports.add('from django.urls import include');
    const ns = entry.form.endsWith('-ns') ? `, namespace='${entry.namespace}'` : '';
    const target = entry.target;
    if (target.module !== null) {
      const module = this.moduleExpression(target.module, imports);
      const arg = entry.form.startsWith('tuple') ? `(${module}, '${entry.tupleName}')` : module;
      return [`${head}include(${arg}${ns})),`];
    }
    if (this.rnd.chance(0.3)) {
      const variable = this.fresh('patterns_');
      const body = this.renderEntries(target.entries, '    ', fileApp, imports, hoisted);
      hoisted.push(`${variable} = [`, ...body, ']', '');
      const arg = entry.form === 'list' ? variable : `(${variable}, '${entry.tupleName}')`;
      return [`${head}include(${arg}${ns})),`];
    }
    return [
      `${head}include(${entry.form === 'list' ? '' : '('}[`,
      ...this.renderEntries(target.entries, indent + '    ', fileApp, imports, hoisted),
      entry.form === 'list' ? `${indent}])),` : `${indent}], '${entry.tupleName}')${ns})),`,
    ];
  }

  private renderEntries(entries: Entry[], indent: string, fileApp: App | null, imports: Set<string>, hoisted: string[]): string[] {
    return entries.flatMap((entry) => this.renderEntry(entry, indent, fileApp, imports, hoisted));
  }

  /**
   * Renders `urlpatterns` for a module file: usually one list, sometimes grown afterwards by insert(0, ...),
   * +=, append() and extend(), which must leave the patterns in the model's order.
   */
  private renderUrlpatterns(entries: Entry[], fileApp: App, imports: Set<string>, hoisted: string[]): string[] {
    if (entries.length < 2 || !this.rnd.chance(0.35)) {
      return ['urlpatterns = [', ...this.renderEntries(entries, '    ', fileApp, imports, hoisted), ']', ''];
    }
    const useInsert = this.rnd.chance(0.4);
    const first = useInsert ? entries.slice(1, 2) : entries.slice(0, 1);
    const rest = useInsert ? entries.slice(2) : entries.slice(1);
    const lines = ['urlpatterns = [', ...this.renderEntries(first, '    ', fileApp, imports, hoisted), ']'];
    const asExpression = (entryLines: string[]) => {
      const out = entryLines.slice();
      out[0] = out[0]!.trimStart();
      out[out.length - 1] = out[out.length - 1]!.replace(/,$/, '');
      return out;
    };
    for (const entry of rest) {
      const entryLines = this.renderEntry(entry, '    ', fileApp, imports, hoisted);
      const op = this.rnd.int(0, 2);
      if (op === 0) lines.push('urlpatterns += [', ...entryLines, ']');
      else if (op === 1) lines.push('urlpatterns.extend([', ...entryLines, '])');
      else {
        const expr = asExpression(entryLines);
        expr[0] = `urlpatterns.append(${expr[0]}`;
        expr[expr.length - 1] += ')';
        lines.push(...expr);
      }
    }
    if (useInsert) {
      const expr = asExpression(this.renderEntry(entries[0]!, '    ', fileApp, imports, hoisted));
      expr[0] = `urlpatterns.insert(0, ${expr[0]}`;
      expr[expr.length - 1] += ')';
      lines.push(...expr);
    }
    lines.push('');
    return lines;
  }

  private writeUrlModule(module: UrlModule): void {
    const imports = new Set<string>();
    const hoisted: string[] = [];
    const body = this.renderUrlpatterns(module.entries, module.app, imports, hoisted);
    const lines = [`# Generated (seed ${this.seed}): URLconf ${module.module}.`, ...this.importLines(imports), ''];
    if (module.appNameVar) lines.push(`app_name = '${module.appNameVar}'`, '');
    lines.push(...hoisted, ...body);
    this.files.set(module.module!.replace(/\./g, '/') + '.py', lines.join('\n'));
    this.writeChildModules(module.entries);
  }

  private writeChildModules(entries: Entry[]): void {
    for (const entry of entries) {
      if (entry.kind !== 'include') continue;
      if (entry.target.module !== null) {
        if (!this.files.has(entry.target.module.replace(/\./g, '/') + '.py')) this.writeUrlModule(entry.target);
      } else this.writeChildModules(entry.target.entries);
    }
  }

  /** Merges `from X import a` lines so each module is imported once, in a stable order. */
  private importLines(imports: Set<string>): string[] {
    const fromDjango = new Map<string, Set<string>>();
    const other: string[] = [];
    for (const line of imports) {
      const match = /^from (django\.\S+) import (\w+)$/.exec(line);
      if (match) {
        const names = fromDjango.get(match[1]!) ?? new Set<string>();
        names.add(match[2]!);
        fromDjango.set(match[1]!, names);
      } else other.push(line);
    }
    const lines = [...fromDjango].sort().map(([mod, names]) => `from ${mod} import ${[...names].sort().join(', ')}`);
    return [...lines, ...other.sort()];
  }

  private writeViews(app: App): void {
    const lines = [
      `# Generated (seed ${this.seed}): views of ${app.name}.`,
      'import functools',
      '',
      'from django.contrib.auth.decorators import login_required',
      'from django.http import HttpResponse',
      'from django.utils.decorators import method_decorator',
      'from django.views.decorators.http import require_GET',
      'from django.views.generic import TemplateView, View',
      '',
      '',
      'def audited(view):',
      '    @functools.wraps(view)',
      '    def wrapper(request, *args, **kwargs):',
      '        return view(request, *args, **kwargs)',
      '    return wrapper',
    ];
    for (const view of app.views) {
      lines.push('', '');
      if (view.isClass) {
        if (this.rnd.chance(0.3)) lines.push("@method_decorator(login_required, name='dispatch')");
        if (this.rnd.chance(0.5) && app.templates.length > 0) {
          lines.push(`class ${view.name}(TemplateView):`, `    template_name = '${this.rnd.pick(app.templates)}'`);
        } else {
          lines.push(`class ${view.name}(View):`, '    def get(self, request, *args, **kwargs):', "        return HttpResponse('ok')");
        }
      } else {
        const decorators = this.rnd.shuffle(['@require_GET', '@audited', '@login_required']).slice(0, this.rnd.int(0, 2));
        lines.push(...decorators, `def ${view.name}(request, *args, **kwargs):`);
        if (this.rnd.chance(0.3)) lines.push('    """A generated view."""');
        lines.push(`    return HttpResponse('${view.name}')`);
      }
    }
    lines.push('');
    this.files.set(`${app.dir}/views.py`, lines.join('\n'));
  }

  private writeApp(app: App): void {
    this.files.set(`${app.dir}/__init__.py`, '');
    if (app.dir.includes('/')) this.files.set(`${path.posix.dirname(app.dir)}/__init__.py`, '');
    if (app.label) {
      const cls = `${app.name[0]!.toUpperCase()}${app.name.slice(1)}Config`;
      this.files.set(
        `${app.dir}/apps.py`,
        [`# Generated (seed ${this.seed}): app config with a custom label.`, 'from django.apps import AppConfig', '', '', `class ${cls}(AppConfig):`, `    name = '${app.module}'`, `    label = '${app.label}'`, ''].join('\n'),
      );
    }
    for (const template of app.templates) this.files.set(`${app.dir}/templates/${template}`, `<p>${app.name}: ${template}</p>\n`);
    this.writeViews(app);
  }

  private installedName(app: App): string {
    // Django 3.2 picks the only AppConfig of apps.py by itself, so a labelled app may be listed by module alone.
    if (!app.label || app.autoConfig) return app.module;
    return `${app.module}.apps.${app.name[0]!.toUpperCase()}${app.name.slice(1)}Config`;
  }

  private writeSettings(i18n: boolean, languageCode: string, projectTemplates: string[]): string {
    const installed = this.rnd.shuffle(this.apps.filter((a) => a.installed));
    const split = this.rnd.chance(0.5);
    const appDirs = this.rnd.chance(0.85);
    const explicitLoaders = !appDirs && this.rnd.chance(0.5);
    const pathlib = this.rnd.chance(0.5);
    const baseDir = split ? 'Path(__file__).resolve().parent.parent.parent' : 'Path(__file__).resolve().parent.parent';
    const osBaseDir = split
      ? 'os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))'
      : 'os.path.dirname(os.path.dirname(os.path.abspath(__file__)))';
    const dirNames = projectTemplates.length > 0 || this.rnd.chance(0.5) ? ['templates'] : [];
    if (this.rnd.chance(0.3)) {
      dirNames.push('extra_templates');
      this.files.set(`extra_templates/${this.rnd.pick(['home.html', 'shared/base.html', 'extra/only.html'])}`, '<p>extra</p>\n');
    }
    const dirExpression = (name: string) =>
      pathlib ? this.rnd.pick([`BASE_DIR / '${name}'`, `str(BASE_DIR / '${name}')`, `BASE_DIR.joinpath('${name}')`]) : `os.path.join(BASE_DIR, '${name}')`;
    // In split settings the second folder may be added by the local file, by an edit of TEMPLATES[0]['DIRS'].
    const lateDir = split && dirNames.includes('extra_templates') && this.rnd.chance(0.5);
    const dirs = `[${dirNames.filter((d) => !(lateDir && d === 'extra_templates')).map(dirExpression).join(', ')}]`;
    const options = explicitLoaders
      ? `{'loaders': [${this.rnd.shuffle(["'django.template.loaders.filesystem.Loader'", "'django.template.loaders.app_directories.Loader'"]).join(', ')}]}`
      : '{}';
    // In split settings some apps are added by the second file, by each kind of list edit.
    const baseApps = split ? installed.slice(0, Math.max(1, installed.length - 2)) : installed;
    const laterApps = split ? installed.slice(baseApps.length) : [];
    // INSTALLED_APPS as a list or a tuple, sometimes the sum of two lists, sometimes with Django's auth (whose templates live outside the project).
    const asTuple = this.rnd.chance(0.2);
    const seq = (items: string[]) => (asTuple ? `(${items.join(', ')}${items.length === 1 ? ',' : ''})` : `[${items.join(', ')}]`);
    const local = baseApps.map((a) => `'${this.installedName(a)}'`);
    const contrib = this.rnd.chance(0.3) ? ["'django.contrib.contenttypes'", "'django.contrib.auth'"] : [];
    const installedApps = this.rnd.chance(0.4)
      ? [`DJANGO_APPS = ${seq(contrib)}`, `LOCAL_APPS = ${seq(local)}`, 'INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS']
      : [`INSTALLED_APPS = ${seq([...contrib, ...local])}`];
    const base = [
      `# Generated (seed ${this.seed}): settings.`,
      pathlib ? 'from pathlib import Path' : 'import os',
      '',
      `BASE_DIR = ${pathlib ? baseDir : osBaseDir}`,
      "SECRET_KEY = 'generated'",
      'DEBUG = True',
      ...installedApps,
      "ROOT_URLCONF = 'proj.urls'",
      'TEMPLATES = [',
      '    {',
      "        'BACKEND': 'django.template.backends.django.DjangoTemplates',",
      `        'DIRS': ${dirs},`,
      `        'APP_DIRS': ${appDirs ? 'True' : 'False'},`,
      `        'OPTIONS': ${options},`,
      '    },',
      ']',
      "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}",
      `USE_I18N = ${i18n ? 'True' : this.rnd.pick(['True', 'False'])}`,
      `LANGUAGE_CODE = '${languageCode}'`,
      '',
    ];
    if (!split) {
      this.files.set('proj/settings.py', base.join('\n'));
      return 'proj.settings';
    }
    this.files.set('proj/settings/base.py', base.join('\n'));
    // The local file takes base.py's settings by a star import, or by naming every one of them.
    const defined = base.map((line) => /^([A-Z_]+) = /.exec(line)?.[1]).filter((name): name is string => name !== undefined);
    const importLine = this.rnd.chance(0.7) ? 'from .base import *  # noqa' : `from .base import ${defined.sort().join(', ')}  # noqa: F401`;
    const edits = [`# Generated (seed ${this.seed}): local settings over base.py.`, pathlib ? '' : 'import os', '', importLine, ''];
    if (lateDir) {
      const expr = dirExpression('extra_templates');
      edits.push(this.rnd.pick([`TEMPLATES[0]['DIRS'] += [${expr}]`, `TEMPLATES[0]['DIRS'].append(${expr})`, `TEMPLATES[0]['DIRS'].insert(0, ${expr})`]));
    }
    laterApps.forEach((app, i) => {
      const name = `'${this.installedName(app)}'`;
      const edit = asTuple ? '+=' : this.rnd.pick(['+=', 'append', 'insert'] as const);
      if (edit === '+=') edits.push(`INSTALLED_APPS += ${seq([name])}`);
      else if (edit === 'append') edits.push(`INSTALLED_APPS.append(${name})`);
      else edits.push(`INSTALLED_APPS.insert(${i % 2}, ${name})`);
    });
    edits.push('');
    this.files.set('proj/settings/local.py', edits.join('\n'));
    if (this.rnd.chance(0.3)) {
      // The package itself is the settings module, assembling its parts and tolerating a missing one.
      this.files.set(
        'proj/settings/__init__.py',
        ['# Generated: settings assembled from parts.', 'from .base import *  # noqa', '', 'try:', '    from .local import *  # noqa', 'except ImportError:', '    pass', ''].join('\n'),
      );
      return 'proj.settings';
    }
    this.files.set('proj/settings/__init__.py', '');
    return 'proj.settings.local';
  }

  generate(dir: string): GeneratedProject {
    const rnd = this.rnd;
    const appCount = rnd.int(2, 4);
    for (const name of rnd.shuffle([...APPS]).slice(0, appCount)) {
      const templates = Array.from({ length: rnd.int(0, 3) }, (_, i) => `${name}/page${i}.html`);
      if (rnd.chance(0.6)) templates.push('shared/base.html');
      if (rnd.chance(0.3)) templates.push('shared/partials/nav.html');
      // Loaders find any file, whatever its extension: mail bodies, text files, names without a dot.
      if (rnd.chance(0.3)) templates.push(`${name}/emails/welcome.txt`);
      if (rnd.chance(0.15)) templates.push(`${name}/robots`);
      // Many projects keep their apps in a package of their own.
      const nested = rnd.chance(0.3);
      this.apps.push({
        name,
        module: nested ? `apps.${name}` : name,
        dir: nested ? `apps/${name}` : name,
        label: rnd.chance(0.25) ? `${name}_label` : null,
        autoConfig: rnd.chance(0.5),
        installed: true,
        views: [],
        urlFiles: 0,
        templates,
      });
    }
    // Sometimes one app is left out of INSTALLED_APPS: its URLs still work, its templates must not be found.
    if (this.apps.length > 2 && rnd.chance(0.3)) this.apps[this.apps.length - 1]!.installed = false;
    if (this.apps.every((a) => !a.installed)) this.apps[0]!.installed = true;

    const rootApp: App = { name: 'proj', module: 'proj', dir: 'proj', label: null, autoConfig: false, installed: false, views: [], urlFiles: 0, templates: [] };
    const root = this.newModule(rootApp, true, 0);
    root.module = 'proj.urls';
    const i18n = rnd.chance(0.4);
    const languageCode = rnd.pick(['en-us', 'en', 'fr', 'de']);
    const prefixDefault = rnd.chance(0.7);
    this.languagePrefix = prefixDefault ? `${languageCode}/` : '';
    const i18nEntries: Entry[] = i18n ? Array.from({ length: rnd.int(1, 2) }, () => (rnd.chance(0.3) ? this.include(1) : this.leaf(rootApp))) : [];

    // Reusing a param-less top-level include under a second namespace deploys two instances of one application.
    const reusable = root.entries.filter(
      (e): e is Include => e.kind === 'include' && e.route.params.length === 0 && e.target.module !== null && e.appName !== null,
    );
    if (reusable.length > 0 && rnd.chance(0.5)) {
      const original = rnd.pick(reusable);
      const form: IncludeForm = original.form === 'string' || original.form === 'string-ns' ? 'string-ns' : 'tuple-ns';
      if (form === 'string-ns' && !original.target.appNameVar) original.target.appNameVar = original.appName;
      root.entries.push({
        kind: 'include',
        route: { fn: 'path', text: `${this.fresh('copy')}/`, sample: '', params: [] },
        target: original.target,
        form,
        namespace: this.freshNamespace(),
        appName: original.appName,
        tupleName: original.tupleName,
      });
      const copy = root.entries[root.entries.length - 1]!;
      copy.route.sample = copy.route.text;
    }

    // Model walk (the i18n entries sit behind the language prefix).
    this.collect(root, [], [], [], '');
    const before = this.named.length;
    this.collect({ module: null, app: rootApp, appNameVar: null, entries: i18nEntries }, [], [], [], '');
    for (const leaf of this.named.slice(before)) this.i18nLeaves.add(leaf);

    // Files.
    const projectTemplates: string[] = [];
    for (const app of this.apps) {
      if (app.templates.length > 0 && rnd.chance(0.4)) projectTemplates.push(rnd.pick(app.templates));
    }
    if (rnd.chance(0.5)) projectTemplates.push('home.html');
    for (const template of projectTemplates) this.files.set(`templates/${template}`, `<p>project: ${template}</p>\n`);
    const settings = this.writeSettings(i18n, languageCode, projectTemplates);
    this.files.set(
      'manage.py',
      [
        '#!/usr/bin/env python',
        `"""Generated (seed ${this.seed}): Django's command-line utility."""`,
        'import os',
        'import sys',
        '',
        "if __name__ == '__main__':",
        `    os.environ.setdefault('DJANGO_SETTINGS_MODULE', '${settings}')`,
        '    from django.core.management import execute_from_command_line',
        '    execute_from_command_line(sys.argv)',
        '',
      ].join('\n'),
    );
    this.files.set('proj/__init__.py', '');

    // The root URLconf: converter registration must precede the includes, which import their modules at once.
    const imports = new Set<string>();
    const hoisted: string[] = [];
    const body = this.renderUrlpatterns(root.entries, rootApp, imports, hoisted);
    const i18nBody = this.renderEntries(i18nEntries, '    ', rootApp, imports, hoisted);
    const rootLines = [`# Generated (seed ${this.seed}): root URLconf.`];
    if (i18n) rootLines.push('from django.conf.urls.i18n import i18n_patterns');
    if (this.useCustomConverter) {
      // Registration must precede every URLconf import: module objects are imported, and their routes compiled, right away.
      rootLines.push('from django.urls import register_converter', '', 'from . import converters', '', "register_converter(converters.YearConverter, 'yyyy')", '');
      this.files.set(
        'proj/converters.py',
        [
          `# Generated (seed ${this.seed}): a custom converter.`,
          '',
          '',
          'class YearConverter:',
          "    regex = '[0-9]{4}'",
          '',
          '    def to_python(self, value):',
          '        return int(value)',
          '',
          '    def to_url(self, value):',
          "        return '%04d' % value",
          '',
        ].join('\n'),
      );
    }
    rootLines.push(...this.importLines(imports), '', ...hoisted, ...body);
    if (i18n) {
      rootLines.push('urlpatterns += i18n_patterns(', ...i18nBody, `    prefix_default_language=${prefixDefault ? 'True' : 'False'},`, ')', '');
    }
    this.files.set('proj/urls.py', rootLines.join('\n'));
    this.writeChildModules(root.entries);
    this.writeChildModules(i18nEntries);
    if (rootApp.views.length > 0) this.writeViews(rootApp);
    for (const app of this.apps) this.writeApp(app);

    const cases = this.cases();
    this.files.set('oracle-cases.json', JSON.stringify({ reverse: cases.reverse.map(({ expect: _e, ...c }) => c), resolve: cases.resolve }, null, 1) + '\n');
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [file, text] of this.files) {
      const full = path.join(dir, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
    return { root: dir, reverse: cases.reverse, resolve: cases.resolve };
  }
}

/** Writes the project for `seed` into `dir` (replacing it) and returns its cases with the generator's own expectations. */
export function generateProject(seed: number, dir: string): GeneratedProject {
  return new Generator(seed).generate(dir);
}

/** Parses seed lists such as "1-50", "7", "1-10,42". */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new Error(`bad seed list ${JSON.stringify(text)}: use forms like 1-50 or 3,7,10-12`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let seed = from; seed <= to; seed++) seeds.push(seed);
  }
  return seeds;
}

// Run directly (`npx tsx test/oracle/generate.ts SEED DIR`) to write one project for a closer look.
if (require.main === module) {
  const [seedText, dir] = process.argv.slice(2);
  if (!seedText || !dir) {
    console.error('usage: tsx test/oracle/generate.ts SEED DIR');
    process.exit(2);
  }
  const project = generateProject(Number(seedText), path.resolve(dir));
  console.log(`wrote ${project.root}: ${project.reverse.length} reverse cases, ${project.resolve.length} resolve cases`);
}
