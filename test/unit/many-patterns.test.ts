// A URLconf of thousands of patterns (issue 14): per-file work reads each pattern a bounded number of times, never once per other pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/core/fs';
import type { Span } from '../../server/src/core/text';
import type { PatternNode, ResolverNode } from '../../server/src/core/urls/urlconf';
import { Workspace } from '../../server/src/core/workspace';
import { codeLens } from '../../server/src/features/code-lens';
import { fileDiagnostics } from '../../server/src/features/diagnostics/index';

/** Patterns in the generated URLconf: enough that a scan per pattern (N²/2 reads) dwarfs any linear bound. */
const N = 3000;
/** Reads of each pattern's offsets that linear work may take (a build, a dedup, a sort): far below N. */
const READS_PER_PATTERN = 20;

/** One app URLconf of N patterns to one view plus one to a view its module lacks, included under two namespaces. */
function project() {
  const lines = ['from django.urls import path', 'from . import views', 'app_name = "app"', 'urlpatterns = ['];
  for (let i = 0; i < N; i++) lines.push(`    path("p${i}/<int:pk>/", views.v, name="n${i}"),`);
  lines.push('    path("gone/", views.gone, name="gone"),', ']', '');
  const fs = new MemoryFileSystem({
    '/ws/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n',
    '/ws/proj/__init__.py': '',
    '/ws/proj/settings.py': 'INSTALLED_APPS = ["app"]\nROOT_URLCONF = "proj.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]\n',
    '/ws/proj/urls.py': 'from django.urls import include, path\nurlpatterns = [\n    path("a/", include("app.urls", namespace="a")),\n    path("b/", include("app.urls", namespace="b")),\n]\n',
    '/ws/app/__init__.py': '',
    '/ws/app/urls.py': lines.join('\n'),
    '/ws/app/views.py': 'def v(request, pk):\n    pass\n',
  });
  const ws = new Workspace(fs, '/ws', { envPaths: [], extraTemplateDirs: [] });
  ws.index();
  const p = ws.projectFor('/ws/manage.py');
  assert.ok(p?.urls, 'no URL model');
  return { ws, p, urls: p.urls, text: lines.join('\n') };
}

/** A copy of `span` whose start is counted when read. */
function counted(span: Span, reads: { n: number }): Span {
  return {
    get start() {
      reads.n++;
      return span.start;
    },
    end: span.end,
  };
}

/** Every pattern node of the model, each once (an included URLconf may share its nodes between inclusions). */
function patternNodes(root: ResolverNode): PatternNode[] {
  const seen = new Set<PatternNode>();
  const walk = (n: ResolverNode) => {
    for (const c of n.children) {
      if (c.kind === 'resolver') walk(c);
      else seen.add(c);
    }
  };
  walk(root);
  return [...seen];
}

test('view-missing groups thousands of patterns by file without a scan per pattern', () => {
  const { ws, p, urls, text } = project();
  const reads = { n: 0 };
  for (const node of patternNodes(urls.root)) node.span = counted(node.span, reads);
  const got = fileDiagnostics(ws, p, '/ws/app/urls.py').map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)}`);
  // The URLconf is reached twice (namespaces a and b) but declares its missing view once.
  assert.deepEqual(got, ['view-missing gone']);
  assert.ok(reads.n > 0, 'the pattern offsets were not read: the counter is not on the path');
  assert.ok(reads.n <= READS_PER_PATTERN * (N + 1) * 2, `${reads.n} reads of pattern offsets for ${N + 1} patterns included twice`);
});

test("a view's route lens over thousands of patterns reads each pattern's place a bounded number of times", () => {
  const { ws, urls } = project();
  const reads = { n: 0 };
  for (const node of patternNodes(urls.root)) if (node.viewExpr) node.viewExpr = { ...node.viewExpr, span: counted(node.viewExpr.span, reads) };
  const lenses = codeLens(ws, '/ws/app/views.py');
  const route = lenses.find((l) => l.title.startsWith('route:'));
  assert.ok(route, 'no route lens above the view');
  // Both inclusions' routes are counted; each pattern's place is listed once.
  assert.equal(route.title, `route: /a/p0/<int:pk>/  /a/p1/<int:pk>/  /a/p2/<int:pk>/  +${2 * N - 3} more`);
  assert.equal(route.locations.length, N);
  assert.ok(reads.n > 0, 'the view expressions were not read: the counter is not on the path');
  assert.ok(reads.n <= READS_PER_PATTERN * N * 2, `${reads.n} reads of view places for ${N} patterns included twice`);
});
