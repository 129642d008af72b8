// The grammar highlights template partials ({% partialdef %}, {% endpartialdef %}, {% partial %}), and the snippets write them as Django 6 parses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar } from 'vscode-textmate';

import { parseTemplate } from '../../server/src/core/templates/parse';

const root = path.resolve(__dirname, '../..');

async function tokenizeLine(text: string): Promise<{ text: string; tokens: { startIndex: number; endIndex: number; scopes: string[] }[] }> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).catch(() => undefined);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === 'text.html.basic') return parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), 'html.json');
      if (scopeName !== 'text.html.django') return null;
      const file = path.join(root, 'syntaxes/django-html.tmLanguage.json');
      return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const g = (await registry.loadGrammar('text.html.django'))!;
  return { text, tokens: g.tokenizeLine(text, INITIAL).tokens };
}

function scopeOf(line: { text: string; tokens: { startIndex: number; endIndex: number; scopes: string[] }[] }, needle: string, from = 0): string[] {
  const at = line.text.indexOf(needle, from);
  assert.ok(at >= 0, needle);
  const t = line.tokens.find((x) => x.startIndex === at);
  assert.ok(t, `a token should start at "${needle}"`);
  assert.equal(line.text.slice(t.startIndex, t.endIndex), needle);
  return t.scopes;
}

test('partialdef, endpartialdef and partial are tags, their names are partial names, inline a keyword', async () => {
  const line = await tokenizeLine('{% partialdef user-row inline %}<b>{{ u.name }}</b>{% endpartialdef user-row %}{% partial user-row %}');
  assert.ok(scopeOf(line, 'partialdef').includes('keyword.control.tag.django'));
  assert.ok(scopeOf(line, 'user-row').includes('entity.name.section.partial.django'));
  assert.ok(scopeOf(line, 'inline').includes('keyword.other.django'));
  assert.ok(scopeOf(line, 'endpartialdef').includes('keyword.control.tag.django'));
  assert.ok(scopeOf(line, 'user-row', line.text.indexOf('endpartialdef')).includes('entity.name.section.partial.django'));
  const partial = line.text.lastIndexOf('partial ');
  assert.ok(scopeOf(line, 'partial', partial).includes('keyword.control.tag.django'));
  assert.ok(scopeOf(line, 'user-row', partial).includes('entity.name.section.partial.django'));
  assert.ok(scopeOf(line, 'u', line.text.indexOf('{{')).some((s) => s.startsWith('variable')), 'the body is still template code');
});

test('the partial snippets expand to templates the parser reads as one partial and one use', () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(root, 'snippets/django-html.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[] }>;
  const expand = (name: string) => snippets[name]!.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '');
  const parsed = parseTemplate(`${expand('Partial definition')}\n${expand('Partial definition (inline)').replace(/name/g, 'other')}\n${expand('Partial')}`);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.partials.map((p) => [p.name, p.inline, p.endSpan !== undefined]), [['name', false, true], ['other', true, true]]);
  assert.deepEqual(parsed.partialUses.map((u) => u.name), ['name']);
  assert.ok(snippets['Partial']!.prefix.includes('partial'));
});
