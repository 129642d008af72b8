// Differential tests: every fixture project under test/fixtures/oracle must look the same to django-mtv as to each real Django (3.2, 4.2, 5.2, 6.1).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test, before } from 'node:test';

import {
  compareCheck,
  compareIndex,
  compareResolve,
  djangoRuntimes,
  requireCli,
  requireDjango,
  reverseCall,
  runOracle,
  seriesAtLeast,
  urlTag,
  type DjangoRuntime,
  type OracleProject,
} from '../oracle/harness';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'oracle');

const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((name) => fs.existsSync(path.join(FIXTURES, name, 'manage.py')))
  .sort();

function report(problems: string[]): string {
  return `${problems.length} disagreement(s) with Django:\n  ${problems.join('\n  ')}`;
}

// The oracle itself is checked against facts written down by hand, so a broken oracle cannot make the engine look right.
describe('the Django oracle', () => {
  let mysite: OracleProject;
  before(async () => {
    requireDjango();
    mysite = await runOracle(path.join(FIXTURES, 'mysite'));
  });

  test('says which Django answered', () => {
    assert.equal(mysite.django, '3.2');
  });

  test('walks namespaces, nested includes and i18n prefixes', () => {
    const byName = (name: string) => mysite.urls.filter((u) => u.name === name).map((u) => u.route);
    assert.deepEqual(byName('news:post-list'), ['news/']);
    assert.deepEqual(byName('v1:items:by-uuid'), ['api/v1/items/<uuid:uid>/u/']);
    assert.deepEqual(byName('about'), ['en-us/about/']);
    assert.deepEqual(byName('blog:by-tag').sort(), ['blog/tag/<str:tag>/', 'blog/tag/<str:tag>/page/<int:page>/']);
    assert.deepEqual(byName('user-page'), ['accounts/^u/(?P<username>[\\w.@+-]+)/$']);
  });

  test('places views on their def/class line, past decorators', () => {
    const profile = mysite.urls.find((u) => u.name === 'profile')!;
    assert.deepEqual(profile.view, { file: 'accounts/views.py', line: 21, qualname: 'profile' });
    assert.equal(profile.file, 'mysite/urls.py');
    assert.equal(profile.line, 18);
    const settings = mysite.urls.find((u) => u.name === 'account-settings')!;
    assert.deepEqual(settings.view, { file: 'accounts/views.py', line: 26, qualname: 'SettingsView' });
  });

  test('lets DIRS and INSTALLED_APPS order decide which template wins', () => {
    const templates = new Map(mysite.templates.map((t) => [t.name, t.file]));
    assert.equal(templates.get('shop/product_form.html'), 'templates/shop/product_form.html');
    assert.equal(templates.get('common/widget.html'), 'shop/templates/common/widget.html');
    assert.equal(templates.get('pages/terms.html'), 'overrides/pages/terms.html');
    assert.equal(templates.get('weblog/post_list.html'), 'blog/templates/weblog/post_list.html');
  });

  test('reports reverse() and resolve() outcomes', () => {
    const outcome = (name: string, args?: unknown[]) =>
      mysite.reverse.find((c) => c.name === name && JSON.stringify(c.args) === JSON.stringify(args))!.outcome;
    assert.deepEqual(outcome('store:create'), { ok: '/shop/new/' });
    assert.equal((outcome('weblog:post-list') as { kind: string }).kind, 'unknown');
    assert.equal((outcome('blog:by-tag', ['django', 2, 3]) as { kind: string }).kind, 'args');
    const resolved = mysite.resolve.find((c) => c.path === '/news/2024/')!.outcome;
    assert.deepEqual(resolved, {
      name: 'news:post-detail',
      route: 'news/<int:pk>/',
      view: { file: 'blog/views.py', line: 12, qualname: 'PostDetailView' },
      args: [],
      kwargs: { pk: 2024 },
    });
  });

  test('writes cases as template tags and Python calls', () => {
    assert.equal(urlTag({ name: 'a:b', args: [1, 'x'] }), "{% url 'a:b' 1 'x' %}");
    assert.equal(urlTag({ name: 'a', kwargs: { pk: 2 } }, 'v'), "{% url 'a' pk=2 as v %}");
    assert.equal(reverseCall({ name: 'a', kwargs: { pk: 2, s: 'q' } }), "reverse('a', kwargs={'pk': 2, 's': 'q'})");
    assert.equal(reverseCall({ name: 'a', args: [1] }, true), "reverse_lazy('a', args=(1,))");
    assert.equal(urlTag({ name: 'a', args: [1, 'x'], kwargs: {} }, undefined, true), '{% url "a" item.arg0 item.arg1 %}');
  });
});

/** A fixture written for a range of Django series (`"django": {"below": "4.0", "why": ...}` in its oracle-cases.json). */
function seriesRange(root: string): { below?: string; why?: string } {
  const file = path.join(root, 'oracle-cases.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf-8')) as { django?: { below?: string; why?: string } }).django ?? {};
}

// Every fixture against every Django: where the series differ, the engine follows the Django it finds on the
// interpreter's sys.path, which is the one the oracle runs.
for (const runtime of djangoRuntimes()) {
  for (const fixture of fixtures) {
    const root = path.join(FIXTURES, fixture);
    const range = seriesRange(root);
    if (range.below && seriesAtLeast(runtime.series, range.below)) {
      // Not a skip: the fixture's premise (a removed API) is checked against that Django instead.
      test(`oracle fixture ${fixture} is refused by Django ${runtime.series} (${range.why})`, async () => {
        requireDjango(runtime);
        await assert.rejects(runOracle(root, runtime), /ImportError|AttributeError/);
      });
      continue;
    }
    describeFixture(fixture, root, runtime);
  }
}

function describeFixture(fixture: string, root: string, runtime: DjangoRuntime): void {
  describe(`oracle fixture ${fixture} on Django ${runtime.series}`, () => {
    let oracle: OracleProject;
    before(async () => {
      requireDjango(runtime);
      oracle = await runOracle(root, runtime);
    });

    test('index agrees with Django on URL names, routes, views and templates', async () => {
      requireCli();
      const problems = await compareIndex(root, oracle, [], runtime);
      assert.deepEqual(problems, [], report(problems));
    });

    test('resolve agrees with django.urls.resolve()', async () => {
      requireCli();
      const problems = await compareResolve(root, oracle, runtime);
      assert.deepEqual(problems, [], report(problems));
    });

    test('check flags exactly the {% url %} tags and reverse() calls Django cannot reverse', async () => {
      requireCli();
      const problems = await compareCheck(root, oracle, runtime);
      assert.deepEqual(problems, [], report(problems));
    });
  });
}
