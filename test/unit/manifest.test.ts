// Checks that package.json's contributions are complete and agree with the files and client code they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ID, Commands, SECTION } from '../../client/src/constants';
import { DIAGNOSTICS, DIAGNOSTIC_CODES } from '../../server/src/features/diagnostics/registry';
import type { DiagnosticEntry } from '../../server/src/features/diagnostics/registry';
import { compileGlob } from '../../server/src/core/glob';
import { HAS_PROJECT_KEY, projectViewShown } from '../../client/src/views/visibility';

/** A registry severity as the settings name it. */
const levelName = (s: DiagnosticEntry['severity']) => (s === 'info' ? 'information' : s);

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};
const activationEvents: string[] = pkg.activationEvents ?? [];

function readJson(relative: string): any {
  const full = path.join(root, relative);
  assert.ok(fs.existsSync(full), `${relative} should exist`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    assert.fail(`${relative} should be valid JSON: ${String(error)}`);
  }
}

const EXPECTED_SETTINGS = [
  'django-mtv.pythonPath',
  'django-mtv.settingsModule',
  'django-mtv.diagnostics.enable',
  'django-mtv.diagnostics.severity',
  'django-mtv.templates.extraDirs',
  'django-mtv.exclude',
  'django-mtv.trace.server',
];

test('the extension starts from the client bundle that the build produces', () => {
  assert.equal(pkg.main, './dist/client.js');
  const build = fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
  assert.match(build, /client\/src\/extension\.ts/);
  assert.match(build, /dist\/client\.js/);
});

test('every command has a title in the Django category, an activation event and a registration', () => {
  const commands: { command: string; title?: string; category?: string }[] = contributes.commands ?? [];
  assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(Commands).sort());
  const extension = ['client/src/extension.ts', 'client/src/commands/index.ts'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
  for (const command of commands) {
    assert.ok(command.title && command.title.trim().length > 0, `${command.command} needs a title`);
    assert.equal(command.category, 'Django', `${command.command} shows as "Django: ..."`);
    assert.ok(activationEvents.includes(`onCommand:${command.command}`), `onCommand:${command.command}`);
    const key = Object.entries(Commands).find(([, id]) => id === command.command)?.[0];
    assert.ok(extension.includes(`registerCommand(Commands.${key}`) || extension.includes(`registerCommand(DjangoCommands.${key}`), `${command.command} is registered`);
  }
  const titles = commands.map((c) => `${c.category}: ${c.title}`).sort();
  assert.deepEqual(titles, ['Django: Check Workspace', 'Django: Go to URL…', 'Django: New App…', 'Django: Refresh', 'Django: Restart Language Server', 'Django: Show Output']);
});

/**
 * The folders the extension starts in before any file is opened: `workspaceContains` globs, which VS Code runs as one
 * file search at start-up (honouring files.exclude, search.exclude and .gitignore; it gives up after 7 s). Besides
 * manage.py they name the settings module that every other way the server finds a project resolves to (pytest-django,
 * tox, wsgi/asgi.py, .env and the settingsModule setting all name one): startproject's `settings.py` (also a reusable
 * app's `tests/settings.py`), `test_settings.py`, or a `settings/` package. The files that name the module
 * (pyproject.toml, setup.cfg, tox.ini, pytest.ini, conftest.py, .env) are in most Python repositories and a glob
 * cannot look inside them, so they are left out; so are wsgi.py/asgi.py (any WSGI/ASGI app has one, and a Django
 * one has its settings beside it). What is still missed (settings.configure() in a conftest.py, a settings module of
 * another name) starts the extension with the first Python file or template opened.
 */
const WORKSPACE_MARKERS = ['**/manage.py', '**/settings.py', '**/test_settings.py', '**/settings/__init__.py'];

test('activation events name the project markers and every served language explicitly', () => {
  for (const event of ['onLanguage:django-html', 'onLanguage:django-txt', 'onLanguage:python']) {
    assert.ok(activationEvents.includes(event), `missing activation event ${event}`);
  }
  const contains = activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
  assert.deepEqual(contains, WORKSPACE_MARKERS);
  assert.ok(!activationEvents.includes('*') && !activationEvents.includes('onStartupFinished'), 'never activated in every window');
  assert.equal(new Set(activationEvents).size, activationEvents.length, 'no duplicate activation events');
});

test('the workspaceContains globs match the layouts the server finds without manage.py, and not every Python repository', () => {
  const globs = WORKSPACE_MARKERS.map((g) => {
    const m = compileGlob(g);
    assert.equal(typeof m, 'function', g);
    return m as (p: string) => boolean;
  });
  const activates = (file: string) => globs.some((m) => m(file));
  // manage.py; a src/ package with wsgi.py; pytest-django or tox naming tests.settings or test_settings; a settings package.
  for (const file of ['manage.py', 'backend/manage.py', 'src/mysite/settings.py', 'tests/settings.py', 'test_settings.py', 'tests/test_settings.py', 'config/settings/__init__.py']) {
    assert.ok(activates(file), `${file} activates the extension`);
  }
  for (const file of ['pyproject.toml', 'setup.cfg', 'tox.ini', 'pytest.ini', 'conftest.py', '.env', 'src/app/wsgi.py', 'src/app/asgi.py', 'src/pkg/__init__.py', 'app/main.py', 'tests/test_api.py']) {
    assert.ok(!activates(file), `${file} alone, found in most Python repositories, does not activate the extension`);
  }
});

test('the Django view and its refresh command show while the server reports a project, set by the client from the status', () => {
  const views: { id: string; when?: string }[] = contributes.views?.explorer ?? [];
  assert.equal(views.find((v) => v.id === 'django-mtv.projectTree')?.when, HAS_PROJECT_KEY);
  const palette: { command: string; when?: string }[] = contributes.menus?.commandPalette ?? [];
  assert.equal(palette.find((m) => m.command === Commands.refreshProjectTree)?.when, HAS_PROJECT_KEY);
  const source = fs.readFileSync(path.join(root, 'client/src/commands/index.ts'), 'utf8');
  assert.match(source, /executeCommand\('setContext', HAS_PROJECT_KEY, /);
  assert.match(source, /status\.onStatus\(/);
  // Only the server knows every way a project is found: a client-side search for manage.py would hide the others.
  assert.doesNotMatch(source, /findFiles|createFileSystemWatcher/);
});

test('the view follows the server: a finished index decides, an index under way or failed only adds', () => {
  const status = (state: string, projects: unknown) => ({ state, projects, urls: 0, templates: 0 });
  assert.equal(projectViewShown(false, status('ready', 1)), true, 'a project found without manage.py shows the view');
  assert.equal(projectViewShown(true, status('ready', 0)), false, 'the last project gone hides it');
  assert.equal(projectViewShown(false, status('ready', 0)), false);
  assert.equal(projectViewShown(true, status('indexing', 0)), true, 'a restarted server reports 0 while indexing: no flicker');
  assert.equal(projectViewShown(false, status('indexing', 2)), true);
  assert.equal(projectViewShown(true, status('error', 0)), true);
  assert.equal(projectViewShown(false, status('error', 1)), true);
  for (const bad of [undefined, null, 'ready', { state: 'ready' }, status('ready', 'x'), status('ready', Number.NaN), status('later', 0)]) {
    assert.equal(projectViewShown(true, bad), true, `${JSON.stringify(bad)} changes nothing`);
    assert.equal(projectViewShown(false, bad), false, `${JSON.stringify(bad)} changes nothing`);
  }
});

test('every setting has a description, a type, a scope and a default of that type', () => {
  const properties: Record<string, any> = contributes.configuration?.properties ?? {};
  assert.deepEqual(Object.keys(properties).sort(), [...EXPECTED_SETTINGS].sort());
  const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
  for (const [name, schema] of Object.entries(properties)) {
    assert.ok(name.startsWith(`${SECTION}.`), `${name} lives in the ${SECTION} section`);
    const description = schema.description ?? schema.markdownDescription;
    assert.ok(typeof description === 'string' && description.length > 10, `${name} needs a description`);
    assert.ok('default' in schema, `${name} needs a default`);
    assert.equal(typeOf(schema.default), schema.type, `${name}'s default is a ${schema.type}`);
    if (schema.enum) assert.ok(schema.enum.includes(schema.default), `${name}'s default is one of its values`);
    assert.ok(['resource', 'window'].includes(schema.scope), `${name} has a scope`);
  }
  for (const name of EXPECTED_SETTINGS.filter((n) => n !== 'django-mtv.trace.server')) {
    assert.equal(properties[name].scope, 'resource', `${name} can differ per folder`);
  }
  assert.equal(properties['django-mtv.pythonPath'].default, '');
  assert.equal(properties['django-mtv.diagnostics.enable'].default, true);
  assert.deepEqual(properties['django-mtv.exclude'].default, ['**/node_modules/**', '**/.git/**', '**/__pycache__/**']);
  assert.deepEqual(properties['django-mtv.templates.extraDirs'].default, []);
  // The client library reads `<client id>.trace.server`, so the setting must follow the client's id.
  assert.ok(`${CLIENT_ID}.trace.server` in properties);
  assert.deepEqual(properties['django-mtv.trace.server'].enum, ['off', 'messages', 'verbose']);
});

test('diagnostic severities cover exactly the diagnostic codes, each with a valid default', () => {
  const schema = contributes.configuration.properties['django-mtv.diagnostics.severity'];
  const levels = ['error', 'warning', 'information', 'hint', 'off'];
  assert.deepEqual(Object.keys(schema.properties).sort(), [...DIAGNOSTIC_CODES].sort());
  assert.deepEqual(Object.keys(schema.default).sort(), [...DIAGNOSTIC_CODES].sort());
  for (const code of DIAGNOSTIC_CODES) {
    assert.deepEqual(schema.properties[code].enum, levels, `${code} offers every level`);
    assert.ok(levels.includes(schema.default[code]), `${code}'s default is a level`);
    assert.ok(schema.properties[code].description, `${code} is described`);
  }
  assert.equal(schema.additionalProperties, false, 'a misspelt code is flagged in settings.json');
});

test('the severity schema follows the diagnostic registry: its order, default severities and one-line docs', () => {
  const schema = contributes.configuration.properties['django-mtv.diagnostics.severity'];
  assert.deepEqual(Object.keys(schema.properties), [...DIAGNOSTIC_CODES]);
  for (const d of DIAGNOSTICS) {
    assert.equal(schema.default[d.code], levelName(d.severity), `${d.code}'s default severity`);
    assert.equal(schema.properties[d.code].description, d.doc, `${d.code}'s description is the registry's doc`);
  }
});

test("README's table of what it catches lists the registry's codes in its order, marking those that are not errors", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What it catches'));
  const rows = [...section.slice(0, section.indexOf('\n\n', section.indexOf('|'))).matchAll(/^\| `([a-z-]+)`( \((\w+)\))? \|/gm)];
  assert.deepEqual(rows.map((r) => r[1]), [...DIAGNOSTIC_CODES]);
  for (const [, code, , level] of rows) {
    assert.equal(level ?? 'error', levelName(DIAGNOSTICS.find((d) => d.code === code)!.severity), `README's severity of ${code}`);
  }
});

test('the settings the client reads are all contributed', () => {
  const properties: Record<string, unknown> = contributes.configuration.properties;
  const source = fs.readFileSync(path.join(root, 'client/src/settings.ts'), 'utf8');
  const read = [...source.matchAll(/config\.get<.*?>\('([\w.]+)'/g)].map((m) => `${SECTION}.${m[1]}`);
  assert.ok(read.length >= 5, 'the client reads the settings through config.get');
  for (const name of read) assert.ok(name in properties, `${name} is read but not contributed`);
});

test('workspace trust: limited support that restricts the interpreter, extra template folders and exclude globs', () => {
  const trust = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(trust?.supported, 'limited');
  assert.ok(typeof trust.description === 'string' && trust.description.length > 10);
  // A repository's settings.json could otherwise run a program, make the server read / or stall on a glob.
  assert.deepEqual(trust.restrictedConfigurations, ['django-mtv.pythonPath', 'django-mtv.templates.extraDirs', 'django-mtv.exclude']);
  for (const name of trust.restrictedConfigurations) assert.ok(name in contributes.configuration.properties);
});

test('languages: configurations exist and parse, and .html is not taken from HTML', () => {
  const languages: any[] = contributes.languages ?? [];
  assert.deepEqual(languages.map((l) => l.id).sort(), ['django-html', 'django-txt']);
  for (const language of languages) {
    assert.ok(language.aliases?.length > 0, `${language.id} has a display name`);
    assert.ok(!language.extensions || language.extensions.length === 0, `${language.id} claims no extensions by default`);
    const config = readJson(language.configuration);
    assert.deepEqual(config.comments?.blockComment, ['{#', '#}']);
    const opens = (config.autoClosingPairs ?? []).map((p: any) => (Array.isArray(p) ? p[0] : p.open));
    assert.ok(opens.some((o: string) => o.startsWith('{%')), `${language.id} auto-closes {% %}`);
    assert.ok(opens.some((o: string) => o.startsWith('{{')), `${language.id} auto-closes {{ }}`);
    assert.ok(config.brackets.some((b: string[]) => b[0] === '{%' && b[1] === '%}'));
    for (const key of ['increaseIndentPattern', 'decreaseIndentPattern']) {
      const pattern = config.indentationRules?.[key];
      if (pattern !== undefined) assert.doesNotThrow(() => new RegExp(pattern), `${language.id} ${key}`);
    }
  }
  assert.deepEqual(contributes.configurationDefaults?.['emmet.includeLanguages'], { 'django-html': 'html' });
});

test('indentation rules indent after opening template tags and outdent their ends', () => {
  const config = readJson('language-configuration.django-html.json');
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('{% block content %}'));
  assert.ok(increase.test('  {% for x in xs %}'));
  assert.ok(!increase.test('{% block title %}Home{% endblock %}'), 'a block closed on its line does not indent');
  assert.ok(!increase.test("{% url 'x' %}"));
  assert.ok(increase.test('<div class="a">'));
  assert.ok(!increase.test('<br>'));
  assert.ok(decrease.test('  {% endfor %}'));
  assert.ok(decrease.test('{% else %}'));
  assert.ok(decrease.test('</div>'));
  assert.ok(!decrease.test('{% if x %}'));
});

/** Collects every `include` in a grammar, to check that each names a rule or grammar that exists. */
function includes(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => includes(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'include' && typeof value === 'string') found.push(value);
      else includes(value, found);
    }
  }
  return found;
}

test('grammars: files exist and parse, scope names match, includes resolve', () => {
  const grammars: any[] = contributes.grammars ?? [];
  const languageIds = new Set((contributes.languages ?? []).map((l: any) => l.id));
  const known = new Map<string, any>();
  for (const grammar of grammars) {
    const raw = readJson(grammar.path);
    assert.equal(raw.scopeName, grammar.scopeName, `${grammar.path} declares ${grammar.scopeName}`);
    if (grammar.language) assert.ok(languageIds.has(grammar.language), `${grammar.language} is contributed`);
    known.set(grammar.scopeName, raw);
  }
  assert.deepEqual([...known.keys()].sort(), ['text.django', 'text.html.django', 'text.html.django.injection']);
  const injection = grammars.find((g) => g.injectTo);
  assert.deepEqual(injection.injectTo, ['text.html.basic']);
  assert.match(known.get(injection.scopeName).injectionSelector, /^L:text\.html\.basic\b/);
  const builtIn = new Set(['text.html.basic']);
  for (const [scopeName, raw] of known) {
    for (const include of includes(raw)) {
      if (include === '$self' || include === '$base') continue;
      const [scope, rule] = include.startsWith('#') ? [scopeName, include.slice(1)] : include.split('#');
      if (builtIn.has(scope)) continue;
      const target = known.get(scope);
      assert.ok(target, `${scopeName} includes unknown grammar ${scope}`);
      if (rule) assert.ok(target.repository?.[rule], `${scopeName} includes missing rule ${include}`);
    }
  }
});

/**
 * Checks snippet syntax that VS Code would silently get wrong: every `${` must be closed, and a
 * placeholder must not be closed by the `}` of a template delimiter such as `%}`.
 */
function snippetProblems(body: string): string[] {
  const problems: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '$' && body[i + 1] === '{') {
      open.push(i);
      i++;
    } else if (char === '}' && open.length > 0) {
      open.pop();
      if (body[i - 1] === '%' || body[i - 1] === '#') problems.push(`placeholder closed by "${body[i - 1]}}" at ${i}`);
    }
  }
  if (open.length > 0) problems.push(`unclosed placeholder at ${open.join(', ')}`);
  return problems;
}

test('snippet syntax checker finds the mistakes it is meant to find', () => {
  assert.deepEqual(snippetProblems("{% url '${1:name}' %}"), []);
  assert.equal(snippetProblems("${1: {% url 'x' %}}").length, 1);
  assert.equal(snippetProblems('${1:name').length, 1);
});

test('snippets: files exist and parse, every snippet is well formed, prefixes are unique', () => {
  const snippets: any[] = contributes.snippets ?? [];
  const languages = snippets.map((s) => s.language).sort();
  assert.deepEqual(languages, ['django-html', 'django-txt', 'html', 'python']);
  for (const contribution of snippets) {
    const file = readJson(contribution.path);
    const names = Object.keys(file);
    assert.ok(names.length >= 10, `${contribution.path} has snippets`);
    const prefixes = new Map<string, string>();
    for (const [name, snippet] of Object.entries<any>(file)) {
      const prefixList: string[] = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
      assert.ok(prefixList.length > 0 && prefixList.every((p) => typeof p === 'string' && /^[a-z][a-z0-9]*$/.test(p)), `${name} prefix`);
      for (const prefix of prefixList) {
        assert.ok(!prefixes.has(prefix), `prefix ${prefix} of ${name} is also used by ${prefixes.get(prefix)}`);
        prefixes.set(prefix, name);
      }
      assert.ok(typeof snippet.description === 'string' && snippet.description.length > 0, `${name} description`);
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      assert.ok(typeof body === 'string' && body.length > 0, `${name} body`);
      assert.deepEqual(snippetProblems(body), [], `${name} in ${contribution.path}`);
    }
    if (contribution.language === 'python' || contribution.language === 'html') {
      // Python and HTML files are everyone's, so our prefixes stay in their own `dj` namespace there.
      for (const prefix of prefixes.keys()) assert.ok(prefix.startsWith('dj'), `python prefix ${prefix}`);
    }
  }
});

test('the template and Python snippets cover the constructs users reach for', () => {
  const html = readJson('snippets/django-html.json');
  const htmlPrefixes = new Set(Object.values<any>(html).flatMap((s) => s.prefix));
  for (const prefix of ['block', 'for', 'forempty', 'if', 'ifelse', 'ifelif', 'url', 'static', 'extends', 'include', 'load', 'with', 'csrf', 'comment', 'trans', 'blocktrans']) {
    assert.ok(htmlPrefixes.has(prefix), `template snippet ${prefix}`);
  }
  const python = readJson('snippets/django-python.json');
  const pyBodies = Object.values<any>(python).map((s) => [].concat(s.body).join('\n'));
  for (const needle of ['(models.Model)', 'def __str__', 'class Meta', 'models.ForeignKey(', 'models.CharField(', '(ListView)', '(DetailView)', '(CreateView)', 'path("', 're_path(r"', 'app_name = ', '@admin.register(', '(forms.ModelForm)', '(AppConfig)', 'def ${1:index}(request']) {
    assert.ok(pyBodies.some((b) => b.includes(needle)), `a Python snippet contains ${needle}`);
  }
  const fk = pyBodies.find((b) => b.includes('models.ForeignKey('));
  assert.match(fk ?? '', /on_delete=/, 'ForeignKey needs on_delete');
});

test('templates kept as html get the same template snippets, under their dj prefixes only', () => {
  const template = readJson('snippets/django-html.json');
  const inHtml = readJson('snippets/django-html-in-html.json');
  assert.deepEqual(Object.keys(inHtml).sort(), Object.keys(template).sort());
  for (const [name, snippet] of Object.entries<any>(inHtml)) {
    const source = template[name];
    assert.deepEqual(snippet.body, source.body, `${name} has the same body in both files`);
    assert.equal(snippet.description, source.description, `${name} has the same description`);
    const expected = [].concat(source.prefix).filter((p: string) => p.startsWith('dj'));
    assert.ok(expected.length > 0, `${name} has a dj prefix in the template snippets`);
    assert.deepEqual([].concat(snippet.prefix), expected, `${name} keeps exactly its dj prefixes`);
  }
});
