// Template partials (Django 6.0+): "t.html#name" and {% partial %} jump, complete, hover, rename and are checked as Django 5.2 and 6.1 do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { checkDefinition, fixtureWorkspace, parseFixture } from '../helpers/fixture';
import { djangoRuntimes, requireDjango } from '../oracle/harness';
import { completion } from '../../server/src/features/completion';
import { definition } from '../../server/src/features/definition';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';
import { prepareRename, rename } from '../../server/src/features/rename';
import { fileDiagnostics, projectFiles } from '../../server/src/features/diagnostics/index';
import { indexProject } from '../../server/src/features/index-model';
import { referenceVerdicts } from '../../server/src/features/coverage';

/** A photos app on `django` (a requirements pin): partials used from Python, {% include %}, {% partial %} and {% extends %}. */
function photos(django = '6.1', marked: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    '/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")',
    '/requirements.txt': `Django==${django}`,
    '/site1/__init__.py': '',
    '/site1/settings.py': 'SECRET_KEY = "x"\nINSTALLED_APPS = ["photos"]\nROOT_URLCONF = "site1.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]',
    '/site1/urls.py': 'from django.urls import path\nfrom photos import views\nurlpatterns = [path("", views.gallery, name="gallery")]',
    '/photos/__init__.py': '',
    '/photos/views.py': [
      'from django.shortcuts import render',
      'from django.template.loader import get_template, render_to_string, select_template',
      'from django.template.response import TemplateResponse',
      'from django.views.generic import TemplateView',
      '',
      'def gallery(request):',
      '    return render(request, "photos/gallery.html#row")',
      '',
      'def meta(request):',
      '    get_template("photos/photo.html#meta")',
      '    select_template(["photos/missing.html", "photos/photo.html#meta"])',
      '    render_to_string("photos/photo.html#nope")',
      '    return TemplateResponse(request, "photos/gallery.html#row")',
      '',
      'class MetaView(TemplateView):',
      '    template_name = "photos/photo.html#meta"',
    ].join('\n'),
    '/photos/templates/photos/gallery.html': '{% partialdef row inline %}<li>{{ photo }}</li>{% endpartialdef row %}\n{% for photo in photos %}{% partial row %}{% endfor %}',
    '/photos/templates/photos/photo.html': '<h1>{{ photo }}</h1>\n{% partialdef meta %}<p>{{ photo.date }}</p>{% endpartialdef %}\n{% include "photos/gallery.html#row" %}',
    '/photos/templates/photos/broken.html': '{% partialdef card %}x{% endpartialdef %}{% partial thumbnail %}',
    '/photos/templates/photos/child.html': '{% extends "photos/photo.html#meta" %}',
    ...marked,
  };
  return Object.entries(files).map(([file, text]) => `//- ${file}\n${text}\n`).join('');
}

/** Every diagnostic of the project, as "file code text". */
function projectDiagnostics(text: string): string[] {
  const fx = fixtureWorkspace(text);
  const p = fx.ws.projects[0]!;
  const out: string[] = [];
  for (const file of projectFiles(fx.ws, p, fx.ws.root)) {
    const src = fx.fs.readFile(file)!;
    for (const d of fileDiagnostics(fx.ws, p, file)) out.push(`${file.slice(3)} ${d.code} ${src.slice(d.span.start, d.span.end)}`);
  }
  return out.sort();
}

describe('go to definition of a partial', () => {
  test('from render(), get_template(), select_template(), TemplateResponse and template_name to the partialdef', () => {
    const gallery = '{% partialdef <|row|> inline %}<li>{{ photo }}</li>{% endpartialdef row %}\n{% for photo in photos %}{% partial row %}{% endfor %}';
    const photo = '<h1>{{ photo }}</h1>\n{% partialdef <|meta|> %}<p>{{ photo.date }}</p>{% endpartialdef %}\n{% include "photos/gallery.html#row" %}';
    const views = (line: string, template: 'gallery' | 'photo') =>
      photos('6.1', {
        '/photos/views.py': `from django.shortcuts import render\nfrom django.template.loader import get_template, select_template\nfrom django.template.response import TemplateResponse\nfrom django.views.generic import TemplateView\n${line}`,
        [`/photos/templates/photos/${template}.html`]: template === 'gallery' ? gallery : photo,
      });
    checkDefinition(views('def v(request):\n    return render(request, "photos/gallery.html#r$0ow")', 'gallery'));
    checkDefinition(views('def v(request):\n    return get_template("photos/pho$0to.html#meta")', 'photo'));
    checkDefinition(views('def v(request):\n    select_template(["photos/photo.html#me$0ta"])', 'photo'));
    checkDefinition(views('def v(request):\n    return TemplateResponse(request, "photos/gallery.html#row$0")', 'gallery'));
    checkDefinition(views('class V(TemplateView):\n    template_name = "photos/photo.html#$0meta"', 'photo'));
  });

  test('from {% include "t.html#name" %} and from {% partial name %} in the same template', () => {
    checkDefinition(photos('6.1', {
      '/photos/templates/photos/gallery.html': '{% partialdef <|row|> inline %}<li>{{ photo }}</li>{% endpartialdef row %}',
      '/photos/templates/photos/photo.html': '{% include "photos/gallery.html#r$0ow" %}',
    }));
    // Defined after its use: Django looks partials up when it renders, so a later partialdef counts.
    checkDefinition(photos('6.1', { '/photos/templates/photos/gallery.html': '{% partial ro$0w %}\n{% partialdef <|row|> %}x{% endpartialdef %}' }));
  });

  test('{% partial %} never looks in another template, and a Django without partials has no target', () => {
    checkDefinition(photos('6.1', { '/photos/templates/photos/photo.html': '{% extends "photos/gallery.html" %}{% block b %}{% partial ro$0w %}{% endblock %}' }));
    checkDefinition(photos('5.2', { '/photos/templates/photos/photo.html': '{% include "photos/gallery.html#r$0ow" %}' }));
  });
});

test('a partial the template does not define leads to the template itself', () => {
  const { ws, cursor } = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/photo.html': '{% include "photos/gallery.html#no$0pe" %}' }));
  const targets = definition(ws, cursor.file, cursor.offset);
  assert.equal(targets.length, 1);
  assert.match(targets[0].file, /photos\/templates\/photos\/gallery\.html$/);
  assert.deepEqual([targets[0].span.start, targets[0].span.end], [0, 0]);
});

describe('diagnostics of partials', () => {
  test('Django 6.1: a missing partial is template-missing, an unknown {% partial %} is partial-unknown, extends takes no partial', () => {
    assert.deepEqual(projectDiagnostics(photos('6.1')), [
      '/photos/templates/photos/broken.html partial-unknown thumbnail',
      '/photos/templates/photos/child.html template-missing photos/photo.html#meta',
      '/photos/views.py template-missing photos/photo.html#nope',
    ]);
  });

  test('Django 5.2 without django-template-partials: "t.html#name" names no template, and {% partial %} is not ours to judge', () => {
    assert.deepEqual(projectDiagnostics(photos('5.2')), [
      '/photos/templates/photos/child.html template-missing photos/photo.html#meta',
      '/photos/templates/photos/photo.html template-missing photos/gallery.html#row',
      '/photos/views.py template-missing photos/gallery.html#row',
      '/photos/views.py template-missing photos/gallery.html#row',
      '/photos/views.py template-missing photos/missing.html", "photos/photo.html#meta',
      '/photos/views.py template-missing photos/photo.html#meta',
      '/photos/views.py template-missing photos/photo.html#meta',
      '/photos/views.py template-missing photos/photo.html#nope',
    ]);
  });

  test('django-template-partials in INSTALLED_APPS brings partials to Django 5.2', () => {
    const withApp = photos('5.2', {
      '/site1/settings.py': 'SECRET_KEY = "x"\nINSTALLED_APPS = ["template_partials", "photos"]\nROOT_URLCONF = "site1.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]',
    });
    const got = projectDiagnostics(withApp).filter((d) => !d.includes('child.html'));
    assert.deepEqual(got, ['/photos/templates/photos/broken.html partial-unknown thumbnail', '/photos/views.py template-missing photos/photo.html#nope']);
  });

  test('the messages say what Django raises', () => {
    const fx = fixtureWorkspace(photos('6.1'));
    const p = fx.ws.projects[0]!;
    const messages = [...fileDiagnostics(fx.ws, p, '/ws/photos/views.py'), ...fileDiagnostics(fx.ws, p, '/ws/photos/templates/photos/broken.html'), ...fileDiagnostics(fx.ws, p, '/ws/photos/templates/photos/child.html')].map((d) => d.message);
    assert.match(messages[0]!, /^Template 'photos\/photo.html' defines no partial 'nope' .*TemplateDoesNotExist/);
    assert.match(messages[1]!, /No \{% partialdef thumbnail %\} in this template: Django raises TemplateSyntaxError.*Partials here: card\./);
    assert.match(messages[2]!, /\{% extends %\} does not take a partial: 'photos\/photo.html' exists/);
  });

  test('index marks "t.html#name" references resolved as Django would', () => {
    const fx = fixtureWorkspace(photos('6.1'));
    const idx = indexProject(fx.ws, fx.ws.projects[0]!, (f) => f.slice(3));
    const refs = idx.references.filter((r) => r.kind === 'template' && r.name.includes('#')).map((r) => `${r.name} ${r.resolved}`);
    assert.deepEqual([...new Set(refs)].sort(), ['photos/gallery.html#row true', 'photos/photo.html#meta false', 'photos/photo.html#meta true', 'photos/photo.html#nope false']);
    assert.equal(idx.django, '6.1');
  });
});

describe('a partial past an incomplete template inventory', () => {
  // A DIRS folder read at run time is searched before the app folders: a photos/photo.html there would be the one
  // Django loads (pretalx: DATA_DIR / "templates" from its configuration), so the app's file cannot prove "#nope" absent.
  const settings = (dirs: string, apps = '"photos"') =>
    `import os\nfrom pathlib import Path\nSECRET_KEY = "x"\nINSTALLED_APPS = [${apps}]\nROOT_URLCONF = "site1.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [${dirs}], "APP_DIRS": True}]`;
  const atRunTime = (marked: Record<string, string> = {}) => photos('6.1', { '/site1/settings.py': settings('os.environ["SITE_TEMPLATES"]'), ...marked });

  test('absence of the partial is not claimed; {% partial %} in its own template still is', () => {
    assert.deepEqual(projectDiagnostics(atRunTime()), ['/photos/templates/photos/broken.html partial-unknown thumbnail']);
  });

  test('the same project with every folder known still reports it, as does a missing app under the project\'s own app', () => {
    const known = projectDiagnostics(photos('6.1', { '/site1/settings.py': settings('Path(__file__).parent / "templates"') }));
    assert.ok(known.includes('/photos/views.py template-missing photos/photo.html#nope'), known.join('\n'));
    // An app that cannot be found may add templates, but not under the label of the project's own photos app.
    const missingApp = projectDiagnostics(photos('6.1', {
      '/site1/settings.py': settings('', '"photos", "not_installed_anywhere"'),
      '/photos/templates/shared/card.html': '{% include "shared/card.html#nope" %}',
    }));
    assert.ok(missingApp.includes('/photos/views.py template-missing photos/photo.html#nope'), missingApp.join('\n'));
    // That app could ship its own shared/card.html, which Django would load first.
    assert.ok(!missingApp.some((d) => d.includes('shared/card.html#nope')), missingApp.join('\n'));
  });

  test('coverage, hover and the index give the undecided partial its reason', () => {
    const fx = fixtureWorkspace(atRunTime());
    const p = fx.ws.projects[0]!;
    const nope = referenceVerdicts(fx.ws, p, '/ws/photos/views.py').filter((v) => v.name === 'photos/photo.html#nope');
    assert.deepEqual(nope.map((v) => [v.verdict, v.why]), [['undecided', 'a DIRS entry could not be evaluated']]);
    const idx = indexProject(fx.ws, p, (f) => f.slice(3));
    assert.deepEqual(idx.references.filter((r) => r.name === 'photos/photo.html#nope').map((r) => r.resolved), [null]);
    const fh = fixtureWorkspace(atRunTime({ '/photos/templates/photos/child.html': '{% include "photos/photo.html#no$0pe" %}' }));
    const h = hover(fh.ws, fh.cursor.file, fh.cursor.offset)!.contents;
    assert.match(h, /defines no partial `nope`/);
    assert.match(h, /a DIRS entry could not be evaluated/);
    assert.doesNotMatch(h, /Django raises/);
  });

  test('a partial the listed file defines is still found: navigation and {% partial %} in the same template', () => {
    checkDefinition(atRunTime({
      '/photos/templates/photos/gallery.html': '{% partialdef <|row|> inline %}<li>{{ photo }}</li>{% endpartialdef row %}',
      '/photos/templates/photos/photo.html': '{% include "photos/gallery.html#r$0ow" %}',
    }));
    checkDefinition(atRunTime({ '/photos/templates/photos/gallery.html': '{% partial ro$0w %}\n{% partialdef <|row|> %}x{% endpartialdef %}' }));
  });
});

describe('Django confirms the partials fixture', () => {
  // Each Django given the same project on disk: what it raises must be what the diagnostics above claim.
  for (const runtime of djangoRuntimes().filter((r) => r.series === '5.2' || r.series === '6.1')) {
    test(`Django ${runtime.series}`, () => {
      requireDjango(runtime);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mtv-partials-'));
      try {
        const files = parseFixture(photos(runtime.series)).files;
        for (const [file, text] of Object.entries(files)) {
          const abs = path.join(dir, file.replace(/^\/ws\//, ''));
          fs.mkdirSync(path.dirname(abs), { recursive: true });
          fs.writeFileSync(abs, text);
        }
        const names = ['photos/gallery.html#row', 'photos/photo.html#meta', 'photos/missing.html', 'photos/photo.html#nope'];
        const r = spawnSync(runtime.python, [path.join(__dirname, '..', 'oracle', 'partials_oracle.py'), dir, ...names], { encoding: 'utf-8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
        assert.equal(r.status, 0, r.stderr);
        const got = JSON.parse(r.stdout) as { django: string; names: Record<string, string>; renders: Record<string, string> };
        assert.equal(got.django, runtime.series);
        const kind = (s: string) => s.split(':')[0];
        if (runtime.series === '6.1') {
          assert.deepEqual(Object.fromEntries(Object.entries(got.names).map(([k, v]) => [k, kind(v)])), {
            'photos/gallery.html#row': 'ok', 'photos/photo.html#meta': 'ok', 'photos/missing.html': 'TemplateDoesNotExist', 'photos/photo.html#nope': 'TemplateDoesNotExist',
          });
          assert.equal(got.renders['photos/broken.html'], "TemplateSyntaxError: Partial 'thumbnail' is not defined in the current template.");
          assert.equal(kind(got.renders['photos/child.html']!), 'TemplateDoesNotExist');
          assert.equal(got.renders['photos/gallery.html'], 'ok');
          assert.equal(got.renders['photos/photo.html'], 'ok');
        } else {
          // Django 5.2 knows no partials: every "#" name is missing, and partialdef is an invalid block tag.
          for (const name of ['photos/gallery.html#row', 'photos/photo.html#meta', 'photos/photo.html#nope']) assert.equal(kind(got.names[name]!), 'TemplateDoesNotExist', name);
          assert.match(got.renders['photos/gallery.html']!, /^TemplateSyntaxError: Invalid block tag .*'partialdef'/);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('completion, hover, references and rename of partials', () => {
  const labels = (text: string) => {
    const fx = fixtureWorkspace(text);
    return completion(fx.ws, fx.cursor.file, fx.cursor.offset).items.map((i) => i.label).sort();
  };

  test('partial names after "#" (Python and {% include %}) and in {% partial %}', () => {
    assert.deepEqual(labels(photos('6.1', { '/photos/views.py': 'from django.shortcuts import render\ndef v(r):\n    return render(r, "photos/gallery.html#$0")' })), ['row']);
    assert.deepEqual(labels(photos('6.1', { '/photos/templates/photos/child.html': '{% include "photos/broken.html#c$0" %}' })), ['card']);
    assert.deepEqual(labels(photos('6.1', { '/photos/templates/photos/broken.html': '{% partialdef card %}x{% endpartialdef %}{% partialdef b %}{% endpartialdef %}{% partial $0 %}' })), ['b', 'card']);
    // {% extends %} takes no partial: template names are offered as usual.
    assert.ok(!labels(photos('6.1', { '/photos/templates/photos/child.html': '{% extends "photos/gallery.html#$0" %}' })).includes('row'));
  });

  test('hover shows the partial\'s source', () => {
    const fx = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/child.html': '{% include "photos/gallery.html#r$0ow" %}' }));
    const h = hover(fx.ws, fx.cursor.file, fx.cursor.offset)!.contents;
    assert.match(h, /\*\*Partial\*\* `row` \(inline\)/);
    assert.ok(h.includes('{% partialdef row inline %}<li>{{ photo }}</li>{% endpartialdef row %}'), h);
    const fx2 = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/broken.html': '{% partial thumb$0nail %}' }));
    assert.match(hover(fx2.ws, fx2.cursor.file, fx2.cursor.offset)!.contents, /Not defined in this template/);
  });

  test('references of a partial: its partialdef and end tag, {% partial %} tags and every "#name"', () => {
    const fx = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/gallery.html': '{% partialdef ro$0w inline %}<li>{{ photo }}</li>{% endpartialdef row %}\n{% for photo in photos %}{% partial row %}{% endfor %}' }));
    const got = references(fx.ws, fx.cursor.file, fx.cursor.offset, true).map((r) => `${r.file.slice(3)}@${r.span.start}:${fx.fs.readFile(r.file)!.slice(r.span.start, r.span.end)}`);
    const views = fx.fs.readFile('/ws/photos/views.py')!;
    const g = fx.fs.readFile('/ws/photos/templates/photos/gallery.html')!;
    const at = (s: string) => views.indexOf(s) + s.indexOf('#') + 1;
    assert.deepEqual(got.sort(), [
      `/photos/templates/photos/gallery.html@${g.indexOf('row')}:row`,
      `/photos/templates/photos/gallery.html@${g.indexOf('endpartialdef row') + 14}:row`,
      `/photos/templates/photos/gallery.html@${g.indexOf('partial row') + 8}:row`,
      `/photos/templates/photos/photo.html@${fx.fs.readFile('/ws/photos/templates/photos/photo.html')!.indexOf('#row') + 1}:row`,
      `/photos/views.py@${at('"photos/gallery.html#row")\n\ndef meta')}:row`,
      `/photos/views.py@${views.lastIndexOf('#row') + 1}:row`,
    ].sort());
  });

  test('rename of a partial updates every use, and a template rename keeps "#name"', () => {
    const fx = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/photo.html': '<h1>{{ photo }}</h1>\n{% partialdef meta %}<p>{{ photo.date }}</p>{% endpartialdef %}\n{% include "photos/gallery.html#r$0ow" %}' }));
    assert.deepEqual(prepareRename(fx.ws, fx.cursor.file, fx.cursor.offset), { span: { start: fx.cursor.offset - 1, end: fx.cursor.offset + 2 }, placeholder: 'row' });
    const r = rename(fx.ws, fx.cursor.file, fx.cursor.offset, 'item');
    assert.ok('edits' in r, JSON.stringify(r));
    const after = new Map<string, string>();
    for (const e of [...r.edits].sort((a, b) => b.span.start - a.span.start)) {
      const text = after.get(e.file) ?? fx.fs.readFile(e.file)!;
      after.set(e.file, text.slice(0, e.span.start) + e.newText + text.slice(e.span.end));
    }
    assert.equal(after.get('/ws/photos/templates/photos/gallery.html'), '{% partialdef item inline %}<li>{{ photo }}</li>{% endpartialdef item %}\n{% for photo in photos %}{% partial item %}{% endfor %}\n');
    assert.match(after.get('/ws/photos/views.py')!, /render\(request, "photos\/gallery.html#item"\)[\s\S]*TemplateResponse\(request, "photos\/gallery.html#item"\)/);
    assert.ok(after.get('/ws/photos/templates/photos/photo.html')!.includes('{% include "photos/gallery.html#item" %}'));
    assert.deepEqual(rename(fx.ws, fx.cursor.file, fx.cursor.offset, 'a b'), { error: "'a b' cannot be a partial name: use no spaces, quotes, '#', '%', '|' or braces." });
    // Renaming the template itself edits only the part before '#'.
    const fx2 = fixtureWorkspace(photos('6.1', { '/photos/templates/photos/photo.html': '{% include "photos/gal$0lery.html#row" %}' }));
    const r2 = rename(fx2.ws, fx2.cursor.file, fx2.cursor.offset, 'photos/grid.html');
    assert.ok('edits' in r2, JSON.stringify(r2));
    const texts = r2.edits.map((e) => `${e.file.slice(3)} ${fx2.fs.readFile(e.file)!.slice(e.span.start, e.span.end)}`).sort();
    assert.deepEqual(texts, ['/photos/templates/photos/photo.html photos/gallery.html', '/photos/views.py photos/gallery.html', '/photos/views.py photos/gallery.html']);
  });
});
