// Tokenizes sample templates with the contributed TextMate grammars and checks the scopes they produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, IRawGrammar, Registry, parseRawGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../..');

/**
 * A small stand-in for VS Code's own HTML grammar, which is not installed here: tags with attributes,
 * quoted attribute values and comments are enough to show that template syntax wins inside HTML.
 */
const htmlStub = {
  scopeName: 'text.html.basic',
  patterns: [
    { name: 'comment.block.html', begin: '<!--', end: '-->' },
    {
      name: 'meta.tag.html',
      begin: '(</?)([A-Za-z][\\w-]*)',
      beginCaptures: { '2': { name: 'entity.name.tag.html' } },
      end: '/?>',
      patterns: [
        { name: 'string.quoted.double.html', begin: '"', end: '"' },
        { name: 'entity.other.attribute-name.html', match: '[\\w-]+' },
      ],
    },
  ],
};

const grammarFiles: Record<string, string> = {
  'text.html.django': 'syntaxes/django-html.tmLanguage.json',
  'text.django': 'syntaxes/django-txt.tmLanguage.json',
  'text.html.django.injection': 'syntaxes/django-html.injection.tmLanguage.json',
};

let registryPromise: Promise<Registry> | undefined;

function registry(): Promise<Registry> {
  registryPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
        if (scopeName === 'text.html.basic') return parseRawGrammar(JSON.stringify(htmlStub), 'html.json');
        const file = grammarFiles[scopeName];
        if (!file) return null;
        const full = path.join(root, file);
        return parseRawGrammar(fs.readFileSync(full, 'utf8'), full);
      },
      // As VS Code does for `injectTo`: the injection grammar joins documents whose root is plain HTML.
      getInjections: (scopeName: string) => (scopeName === 'text.html.basic' ? ['text.html.django.injection'] : undefined),
    });
  })();
  return registryPromise;
}

async function grammar(scopeName: string): Promise<IGrammar> {
  const loaded = await (await registry()).loadGrammar(scopeName);
  assert.ok(loaded, `grammar ${scopeName} should load`);
  return loaded;
}

interface Line {
  text: string;
  tokens: { startIndex: number; endIndex: number; scopes: string[] }[];
}

async function tokenize(scopeName: string, text: string): Promise<Line[]> {
  const g = await grammar(scopeName);
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    return { text: line, tokens: result.tokens };
  });
}

/** The scopes of the token that covers the `occurrence`-th appearance of `needle` in the line. */
function scopesAt(line: Line, needle: string, occurrence = 0): string[] {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = line.text.indexOf(needle, index + 1);
    assert.notEqual(index, -1, `"${needle}" should occur in "${line.text}"`);
  }
  const token = line.tokens.find((t) => t.startIndex <= index && index < t.endIndex);
  assert.ok(token, `a token should cover offset ${index} of "${line.text}"`);
  return token.scopes;
}

/** Asserts that the whole of `needle` is one token carrying `scope`. */
function assertToken(line: Line, needle: string, scope: string, occurrence = 0): void {
  const start = (() => {
    let index = -1;
    for (let i = 0; i <= occurrence; i++) index = line.text.indexOf(needle, index + 1);
    return index;
  })();
  const token = line.tokens.find((t) => t.startIndex === start);
  assert.ok(token, `a token should start at "${needle}" in "${line.text}"`);
  assert.equal(line.text.slice(token.startIndex, token.endIndex), needle, `token text in "${line.text}"`);
  assert.ok(token.scopes.includes(scope), `"${needle}" should have ${scope}, has ${token.scopes.join(' ')}`);
}

function hasScopePrefix(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
}

test('url tag: tag name is a keyword, the URL name a string, delimiters are punctuation', async () => {
  const [line] = await tokenize('text.html.django', "{% url 'shop:detail' pk=1 as link %}");
  assertToken(line, '{%', 'punctuation.definition.tag.begin.django');
  assertToken(line, 'url', 'keyword.control.tag.django');
  assertToken(line, "'", 'punctuation.definition.string.begin.django');
  assert.ok(scopesAt(line, 'shop:detail').includes('string.quoted.single.django'));
  assertToken(line, 'pk', 'variable.other.django');
  assertToken(line, '=', 'keyword.operator.assignment.django');
  assertToken(line, '1', 'constant.numeric.django');
  assertToken(line, 'as', 'keyword.other.django');
  assertToken(line, '%}', 'punctuation.definition.tag.end.django');
  assert.ok(scopesAt(line, 'url').includes('meta.embedded.tag.django'));
  assert.equal(scopesAt(line, 'url')[0], 'text.html.django');
});

test('variable with a filter and a string argument', async () => {
  const [line] = await tokenize('text.html.django', '<p>{{ a|date:"Y" }}</p>');
  assertToken(line, '{{', 'punctuation.definition.variable.begin.django');
  assertToken(line, 'a', 'variable.other.django');
  assertToken(line, '|', 'keyword.operator.filter.django');
  assertToken(line, 'date', 'support.function.filter.django');
  assertToken(line, ':', 'punctuation.separator.argument.django');
  assert.ok(scopesAt(line, 'Y').includes('string.quoted.double.django'));
  assertToken(line, '}}', 'punctuation.definition.variable.end.django');
  assert.ok(scopesAt(line, 'p>').includes('entity.name.tag.html'), 'HTML around the variable stays HTML');
});

test('one-line comment {# #}', async () => {
  const [line] = await tokenize('text.html.django', 'a {# c {{ x }} #} b');
  assert.ok(scopesAt(line, '{#').includes('comment.block.template.django'));
  assert.ok(scopesAt(line, 'x').includes('comment.block.template.django'), 'a variable inside a comment is comment');
  assert.ok(!scopesAt(line, 'x').includes('variable.other.django'));
  assert.ok(scopesAt(line, '#}').includes('comment.block.template.django'));
  assert.ok(!hasScopePrefix(scopesAt(line, ' b'), 'comment'), 'text after the comment is not comment');
});

test('an unclosed {# is not a comment', async () => {
  const [line] = await tokenize('text.html.django', '{# c {{ x }}');
  assert.ok(!hasScopePrefix(scopesAt(line, '{#'), 'comment'));
  assertToken(line, 'x', 'variable.other.django');
});

test('{% comment %} block spans lines and ends at {% endcomment %}', async () => {
  const lines = await tokenize(
    'text.html.django',
    ['{% comment "why" %}', "<a href=\"{% url 'x' %}\">{{ y }}</a>", '{% endcomment %}', '{{ z }}'].join('\n'),
  );
  assert.ok(scopesAt(lines[0], 'comment').includes('comment.block.template.django'));
  for (const needle of ['<a', 'url', 'y']) {
    const scopes = scopesAt(lines[1], needle);
    assert.ok(scopes.includes('comment.block.template.django'), `${needle} inside the block is comment`);
    assert.ok(!scopes.includes('keyword.control.tag.django') && !scopes.includes('variable.other.django'));
  }
  assert.ok(scopesAt(lines[2], 'endcomment').includes('comment.block.template.django'));
  assertToken(lines[3], 'z', 'variable.other.django');
  assert.ok(!hasScopePrefix(scopesAt(lines[3], 'z'), 'comment'));
});

test('template syntax inside an HTML attribute value', async () => {
  const [line] = await tokenize('text.html.django', "<a href=\"{% url 'home' %}\" class=\"{{ cls }}\">");
  const url = scopesAt(line, 'url');
  assert.ok(url.includes('keyword.control.tag.django'));
  assert.ok(url.includes('string.quoted.double.html'), 'the tag sits inside the attribute string');
  assertToken(line, 'cls', 'variable.other.django');
  assert.ok(scopesAt(line, 'class').includes('entity.other.attribute-name.html'), 'the attribute after the tag is intact');
});

test('an unclosed tag ends with its line, because Django tags never span lines', async () => {
  const lines = await tokenize('text.html.django', ['{% if x', '<p>{{ y }}</p>'].join('\n'));
  assertToken(lines[0], 'if', 'keyword.control.tag.django');
  assertToken(lines[1], 'y', 'variable.other.django');
  assert.ok(!scopesAt(lines[1], 'p>').includes('meta.embedded.tag.django'));
  assert.ok(scopesAt(lines[1], 'p>').includes('entity.name.tag.html'));
});

test('operators, constants and block names', async () => {
  const [ifLine, blockLine] = await tokenize(
    'text.html.django',
    ['{% if a.count >= 1 and not b or c == None %}', '{% block content %}{% endblock content %}'].join('\n'),
  );
  assertToken(ifLine, '>=', 'keyword.operator.comparison.django');
  assertToken(ifLine, '==', 'keyword.operator.comparison.django');
  assertToken(ifLine, 'and', 'keyword.operator.logical.django');
  assertToken(ifLine, 'not', 'keyword.operator.logical.django');
  assertToken(ifLine, 'None', 'constant.language.django');
  assertToken(ifLine, '.', 'punctuation.accessor.django');
  assertToken(ifLine, 'count', 'variable.other.django');
  assertToken(blockLine, 'block', 'keyword.control.tag.django');
  assertToken(blockLine, 'content', 'entity.name.section.block.django');
  assertToken(blockLine, 'endblock', 'keyword.control.tag.django');
  assertToken(blockLine, 'content', 'entity.name.section.block.django', 1);
});

test('{% load %} names libraries, or tags taken from a library', async () => {
  const [plain, from] = await tokenize('text.html.django', ['{% load static i18n %}', '{% load humanize_tag other from my.lib %}'].join('\n'));
  assertToken(plain, 'load', 'keyword.control.tag.django');
  assertToken(plain, 'static', 'entity.name.namespace.library.django');
  assertToken(plain, 'i18n', 'entity.name.namespace.library.django');
  assertToken(from, 'humanize_tag', 'entity.name.function.tag.django');
  assertToken(from, 'other', 'entity.name.function.tag.django');
  assertToken(from, 'from', 'keyword.other.django');
  assertToken(from, 'my.lib', 'entity.name.namespace.library.django');
  assertToken(from, '%}', 'punctuation.definition.tag.end.django');
});

test('{% verbatim %} leaves template syntax unhighlighted', async () => {
  const lines = await tokenize(
    'text.html.django',
    ['{% verbatim js %}{{ x }}', '{% endverbatim %}{{ still }}', '{% endverbatim js %}{{ y }}'].join('\n'),
  );
  assertToken(lines[0], 'verbatim', 'keyword.control.tag.django');
  assert.ok(!scopesAt(lines[0], 'x').includes('variable.other.django'));
  assert.ok(scopesAt(lines[0], 'x').includes('meta.verbatim.django'));
  assert.ok(!scopesAt(lines[1], 'still').includes('variable.other.django'), 'only the matching end closes it');
  assertToken(lines[2], 'y', 'variable.other.django');
});

test('plain html documents get template highlighting from the injection grammar', async () => {
  const lines = await tokenize(
    'text.html.basic',
    ["<a href=\"{% url 'x' %}\">{{ a|upper }}</a>", '{# note #}', '{% comment %}', '{{ hidden }}', '{% endcomment %}'].join('\n'),
  );
  const url = scopesAt(lines[0], 'url');
  assert.equal(url[0], 'text.html.basic');
  assert.ok(url.includes('keyword.control.tag.django'));
  assert.ok(url.includes('string.quoted.double.html'));
  assertToken(lines[0], 'a', 'variable.other.django', 1);
  assertToken(lines[0], 'upper', 'support.function.filter.django');
  assert.ok(scopesAt(lines[1], 'note').includes('comment.block.template.django'));
  assert.ok(scopesAt(lines[3], 'hidden').includes('comment.block.template.django'));
  assert.ok(!scopesAt(lines[3], 'hidden').includes('variable.other.django'));
});

test('plain html without template syntax is left to HTML', async () => {
  const [line] = await tokenize('text.html.basic', '<p class="x">100% {not a tag}</p>');
  for (const token of line.tokens) {
    assert.ok(!token.scopes.some((s) => s.endsWith('.django')), `no Django scope in ${token.scopes.join(' ')}`);
  }
});

test('django-txt highlights template syntax in plain text', async () => {
  const [line] = await tokenize('text.django', 'Dear {{ user.first_name|title }}, {% trans "hello" %} <b>');
  assert.equal(scopesAt(line, 'user')[0], 'text.django');
  assertToken(line, 'user', 'variable.other.django');
  assertToken(line, 'title', 'support.function.filter.django');
  assertToken(line, 'trans', 'keyword.control.tag.django');
  assert.ok(scopesAt(line, 'hello').includes('string.quoted.double.django'));
  assert.deepEqual(scopesAt(line, '<b>'), ['text.django'], 'HTML is not highlighted in text templates');
});
