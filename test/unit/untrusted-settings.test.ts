// A repository's own settings cannot stall the server or make it read the disk: trust fails closed, exclude globs match in linear time, extra template folders stay inside the workspace.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as nodefs from 'node:fs';
import * as nodepath from 'node:path';
import * as os from 'node:os';
import picomatch from 'picomatch';
import { NodeFileSystem } from '../../server/src/host/nodefs';
import { excludeMatcher, extraTemplateDirs, isTrusted, parseSettings } from '../../server/src/lsp/settings';
import { compileGlob, MAX_ALTERNATIVES, MAX_GLOB_LENGTH } from '../../server/src/core/glob';
import { RESTRICTED_KEYS, withUserScoped } from '../../server/src/shared/trust';
import { seededRandom } from '../helpers/random';
import { project, start, waitFor } from '../helpers/lsp';

const tmp = nodefs.realpathSync(nodefs.mkdtempSync(nodepath.join(os.tmpdir(), 'untrusted-settings-')));
after(() => nodefs.rmSync(tmp, { recursive: true, force: true }));

test('only a boolean true, or no flag at all, trusts the workspace', () => {
  for (const trusted of ['false', 'true', 0, 1, null, '', {}, []]) assert.equal(isTrusted({ trusted }), false, JSON.stringify(trusted));
  assert.equal(isTrusted({ trusted: false }), false);
  assert.equal(isTrusted({ trusted: true }), true);
  // A generic client that knows nothing of trust sends no flag: the user chose to run the server.
  assert.equal(isTrusted({}), true);
  assert.equal(isTrusted({ trusted: undefined }), true);
  assert.equal(isTrusted(undefined), true);
});

/** A `pythonPath` that leaves a mark when the server runs it, then behaves as Python. */
function markingPython(mark: string): string {
  const script = nodepath.join(tmp, `python-${nodepath.basename(mark)}.sh`);
  nodefs.writeFileSync(script, `#!/bin/sh\ntouch '${mark}'\nexec /usr/bin/python3 "$@"\n`, { mode: 0o755 });
  return script;
}

for (const trusted of ['false', 0]) {
  test(`the server runs no interpreter when the trust flag is ${JSON.stringify(trusted)}`, async () => {
    const mark = nodepath.join(tmp, `ran-${String(trusted)}`);
    const s = await start([project({})], { initializationOptions: { settings: { pythonPath: markingPython(mark) }, trusted } });
    try {
      assert.equal(nodefs.existsSync(mark), false, 'the interpreter was run in an untrusted workspace');
    } finally {
      await s.stop();
    }
  });
}

test('the server does run the interpreter when trusted (so the tests above can fail)', async () => {
  const mark = nodepath.join(tmp, 'ran-true');
  const s = await start([project({})], { initializationOptions: { settings: { pythonPath: markingPython(mark) }, trusted: true } });
  try {
    await waitFor('the interpreter to run', () => (nodefs.existsSync(mark) ? true : undefined));
  } finally {
    await s.stop();
  }
});

test('exclude globs that make regex engines backtrack are matched in linear time', { timeout: 20_000 }, () => {
  // picomatch takes about 46 s on the first of these (10 stars) and doubles with each more.
  const hostile = ['*a'.repeat(10) + '*b', '*a'.repeat(40) + '*b', '**/'.repeat(30) + 'x', '{a,b}*'.repeat(6) + 'c'];
  const ex = excludeMatcher(hostile, '/w')!;
  for (const n of [40, 200, 2000]) {
    assert.equal(ex('/w/' + 'a'.repeat(n)), false);
    assert.equal(ex('/w/' + 'a/'.repeat(n) + 'y'), false);
  }
  assert.equal(ex('/w/' + 'ab'.repeat(40) + 'b'), true);
  assert.equal(ex('/w/p/q/x'), true);
});

test('globs too long or with too many alternatives are left out with the reason logged, keeping the others', () => {
  const logs: string[] = [];
  const ex = excludeMatcher(['x'.repeat(MAX_GLOB_LENGTH + 1), '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', 'build/**'], '/w', (m) => logs.push(m))!;
  assert.equal(typeof compileGlob('{a,b}'.repeat(7)), 'string', `more than ${MAX_ALTERNATIVES} alternatives is refused`);
  assert.equal(ex('/w/build/x'), true);
  assert.equal(ex('/w/' + 'x'.repeat(MAX_GLOB_LENGTH + 1)), false);
  assert.equal(ex('/w/acegikm'), false);
  assert.equal(logs.length, 2, logs.join('\n'));
  assert.match(logs[0], /longer than/);
  assert.match(logs[1], /alternatives/);
  // Each path is tested against every alternative: their total is bounded too, keeping the first globs.
  const many = Array.from({ length: 5 }, (_, i) => '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}' + i);
  const logs2: string[] = [];
  const ex2 = excludeMatcher(many, '/w', (m) => logs2.push(m))!;
  assert.equal(ex2('/w/acegik0'), true);
  assert.equal(ex2('/w/bdfhjl3'), true);
  assert.equal(ex2('/w/acegik4'), false);
  assert.equal(logs2.length, 1, logs2.join('\n'));
  assert.match(logs2[0], /\{a,b\}.*4'.*in all/);
});

/**
 * A reference for the documented rules, written as a (backtracking, fine for tiny inputs) regular expression:
 * the path plus a final `/` must be a sequence of "segment/" pieces, where a `**` segment is any number of them.
 * Braces in the generated globs stay within one segment, so they become an alternation there.
 */
function referenceMatch(glob: string, path: string): boolean {
  const seg = (g: string): string => {
    let out = '';
    for (let i = 0; i < g.length; i++) {
      const c = g[i];
      if (c === '*') out += '[^/]*';
      else if (c === '?') out += '[^/]';
      else if (c === '{') out += '(?:';
      else if (c === ',') out += '|';
      else if (c === '}') out += ')';
      else if (c === '[') {
        const j = g.indexOf(']', i + 1);
        const body = g.slice(i + 1, j);
        out += '(?![/])[' + (body.startsWith('!') || body.startsWith('^') ? '^/' + body.slice(1) : body) + ']';
        i = j;
      } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
    return out;
  };
  const re = glob.split('/').map((g) => (g === '**' ? '(?:[^/]*/)*' : seg(g) + '/')).join('');
  return new RegExp('^' + re + '$').test(path + '/');
}

test('the glob matcher agrees with a reference and, on the usual shapes, with picomatch (seeded random)', () => {
  const rnd = seededRandom(9);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  // `[!a]` is not given to picomatch: it reads it as a literal, shells (and this matcher) as a negated class.
  const segPieces = ['a', 'b', 'ab', '.a', '*', '?', '[ab]', '[^a]', '[!b]', '[a-c]', 'x'];
  const pathSegs = ['a', 'b', 'ab', 'ba', 'c', 'x', '.a', 'abc', 'aab', 'xa'];
  let positives = 0;
  let compared = 0;
  for (let i = 0; i < 4000; i++) {
    const segs: string[] = [];
    for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
      if (rnd() < 0.25) segs.push('**');
      else {
        let seg = '';
        for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) seg += pick(segPieces);
        // An alternative that is exactly `**` becomes a globstar once expanded, which the reference cannot say.
        if (rnd() < 0.15 && seg !== '**') seg = `{${seg},${pick(segPieces)}}`;
        segs.push(seg);
      }
    }
    const glob = segs.join('/');
    const path = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(pathSegs)).join('/');
    const m = compileGlob(glob);
    assert.notEqual(typeof m, 'string');
    const got = (m as (p: string) => boolean)(path);
    assert.equal(got, referenceMatch(glob, path), `${glob} on ${path}`);
    if (got) positives++;
    // picomatch treats `**` in other places inconsistently (`a/**/**` matches `a`, `*/**/**` does not match `c`).
    if (!glob.includes('[!') && !segs.slice(1).includes('**')) {
      compared++;
      assert.equal(got, picomatch(glob, { dot: true })(path), `picomatch: ${glob} on ${path}`);
    }
  }
  // Enough matches and comparisons for the agreement to mean something.
  assert.ok(positives > 300 && compared > 1000, `${positives} matches, ${compared} compared with picomatch`);
});

test('the manifest defaults and the usual globs still exclude what they did', () => {
  const ex = excludeMatcher(parseSettings(undefined).exclude, '/w')!;
  assert.equal(ex('/w/node_modules'), true);
  assert.equal(ex('/w/a/node_modules/b/c.py'), true);
  assert.equal(ex('/w/.git/config'), true);
  assert.equal(ex('/w/polls/__pycache__/x.pyc'), true);
  assert.equal(ex('/w/polls/views.py'), false);
  const ex2 = excludeMatcher(['*.min.js', 'docs/**', '**/{tmp,cache}/**', 'a\\*b'], '/w')!;
  assert.equal(ex2('/w/app.min.js'), true);
  assert.equal(ex2('/w/x/app.min.js'), false);
  assert.equal(ex2('/w/docs'), true);
  assert.equal(ex2('/w/x/cache/y'), true);
  assert.equal(ex2('/w/a*b'), true);
  assert.equal(ex2('/w/axb'), false);
  // Classes as shells read them: `!` or `^` negates, a leading `]` is a member.
  const cls = compileGlob('[!a]x[]b]') as (p: string) => boolean;
  assert.equal(cls('bx]'), true);
  assert.equal(cls('axb'), false);
  assert.equal(cls('bxc'), false);
});

test('extra template folders outside the workspace folder (after links) are ignored with the reason logged', () => {
  const ws = nodepath.join(tmp, 'ws');
  nodefs.mkdirSync(ws + '/tpl', { recursive: true });
  nodefs.mkdirSync(tmp + '/elsewhere', { recursive: true });
  nodefs.symlinkSync(tmp + '/elsewhere', ws + '/out');
  nodefs.symlinkSync(ws + '/tpl', ws + '/in');
  const s = parseSettings({ templates: { extraDirs: ['tpl', 'in', 'not-yet', '/', '/usr', '/proc', '..', '../elsewhere', 'out', 'tpl/../..', ws + '/tpl'] } });
  const logs: string[] = [];
  const dirs = extraTemplateDirs(s, ws, new NodeFileSystem(), (m) => logs.push(m));
  assert.deepEqual(dirs, [ws + '/tpl', ws + '/in', ws + '/not-yet', ws + '/tpl']);
  assert.equal(logs.length, 7, logs.join('\n'));
  for (const l of logs) assert.match(l, /ignoring templates\.extraDirs entry .* not inside the workspace folder/);
  assert.ok(logs.some((l) => l.includes('a link to ' + tmp + '/elsewhere')));
});

test('untrusted: the restricted keys come from user settings only, nested and dotted, others untouched', () => {
  const workspaceSection = {
    pythonPath: '/repo/evil',
    exclude: ['*a*a*a*a*b'],
    templates: { extraDirs: ['/'], other: 1 },
    'templates.extraDirs': ['/usr'],
    diagnostics: { enable: false },
  };
  const user: Record<string, unknown> = { pythonPath: '', exclude: ['**/node_modules/**'], 'templates.extraDirs': ['shared'] };
  const out = withUserScoped(workspaceSection, (k) => user[k]);
  assert.deepEqual(out, { pythonPath: '', exclude: ['**/node_modules/**'], templates: { extraDirs: ['shared'], other: 1 }, diagnostics: { enable: false } });
  // The input is not modified (VS Code hands out frozen configuration objects).
  assert.deepEqual(workspaceSection.templates.extraDirs, ['/']);
  // The server reads what the client sends the same way.
  assert.deepEqual(parseSettings(out).templates.extraDirs, ['shared']);
});

test('the manifest restricts exactly the keys the client restricts', () => {
  const pkg = JSON.parse(nodefs.readFileSync(nodepath.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, RESTRICTED_KEYS.map((k) => 'django-mtv.' + k));
});
