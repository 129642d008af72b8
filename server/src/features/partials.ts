// Template partials (Django 6.0, or django-template-partials): "name.html#partial" lookups, {% partial %} targets, and every use of a partial.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import type { PartialDefRecord } from '../core/templates/parse';
import type { TemplateFile, TemplateLookup } from '../core/templates/index';
import { lookupTemplate, normalizeTemplateName, unseenSource } from '../core/templates/index';
import { partialsSupported } from '../core/project/django-version';
import { projectFiles } from './diagnostics/index';
import { djangoEngines, isDjangoTemplate, templateUses } from './uses';

/** "t.html#row" as Django's Engine.get_template partitions it: the template, and the partial after the first '#'. */
export function splitPartialName(name: string): { template: string; partial?: string } {
  const at = name.indexOf('#');
  return at < 0 ? { template: name } : { template: name.slice(0, at), partial: name.slice(at + 1) };
}

/** A partial as found: the file that defines it and its `{% partialdef %}`. */
export interface PartialTarget {
  file: string;
  def: PartialDefRecord;
}

/** A template that was found but whose file (the first listed under its name) defines no such partial. */
interface NoPartial {
  template: string;
  partial: string;
  file: string;
}

export type NameLookup =
  | (TemplateLookup & { kind: 'found'; partial?: PartialTarget })
  | { kind: 'missing'; /** Set when the template exists but defines no such partial. */ noPartial?: NoPartial }
  /** `noPartial` is set when the listed file lacks the partial but another file of that name may be the one Django loads. */
  | { kind: 'unknown'; why: string; noPartial?: NoPartial };

/**
 * Looks a template name up as Django's `get_template` does. With partials (Django 6.0+, or template_partials in
 * INSTALLED_APPS), "t.html#row" is the partial `row` of the first file named t.html, and is missing when that file
 * defines no such partial (Django raises TemplateDoesNotExist), or unknown when another file of that name may come
 * first (`unseenSource`); "t.html#" is the whole template. `{% extends %}` never takes a partial (its find_template
 * does not split the name), so `tag` 'extends' looks the name up as written.
 */
export function lookupTemplateName(ws: Workspace, project: Project, name: string, engines?: Set<number>, tag?: string): NameLookup {
  if (tag === 'extends' || !name.includes('#') || !partialsSupported(ws.fs, project)) return lookupTemplate(project.templates, name, engines);
  const { template, partial } = splitPartialName(name);
  if (!template) return { kind: 'missing' };
  const r = lookupTemplate(project.templates, template, engines);
  if (r.kind !== 'found' || !partial) return r;
  const first = r.files[0];
  if (!isDjangoFile(project, first)) return { kind: 'unknown', why: `${template} is loaded by a template engine other than Django's` };
  const parsed = ws.template(first.file);
  if (!parsed) return { kind: 'unknown', why: `${first.file} could not be read` };
  const def = parsed.partials.find((p) => p.name === partial);
  if (!def) {
    // The listed file may not be the one Django loads (a folder we could not read may come first): the same rule
    // as a template's own absence decides whether this file's lack of the partial is Django's answer.
    const unseen = unseenSource(project.templates, normalizeTemplateName(template));
    const noPartial = { template, partial, file: first.file };
    return unseen ? { kind: 'unknown', why: unseen, noPartial } : { kind: 'missing', noPartial };
  }
  return { ...r, partial: { file: first.file, def } };
}

function isDjangoFile(project: Project, f: TemplateFile): boolean {
  return project.settings?.engines[f.engine]?.kind === 'django';
}

/** The `{% partialdef %}` of `name` in the template `file` itself: the only place `{% partial name %}` looks. */
export function partialDefIn(ws: Workspace, file: string, name: string): PartialDefRecord | undefined {
  return ws.template(file)?.partials.find((p) => p.name === name);
}

/** One place that names a partial: a `{% partialdef %}`/`{% endpartialdef %}` name, a `{% partial %}` or the part after '#'. */
export interface PartialUse {
  file: string;
  span: Span;
  kind: 'definition' | 'end' | 'partial-tag' | 'template-name';
}

/**
 * Every place that names the partial `def` of `defFile`: its own tag and end tag, the `{% partial %}` tags of
 * that template, and each "name.html#partial" (in Python or templates) that Django resolves to it.
 */
export function partialUses(ws: Workspace, project: Project, defFile: string, def: PartialDefRecord): PartialUse[] {
  const out: PartialUse[] = [{ file: defFile, span: def.nameSpan, kind: 'definition' }];
  if (def.endNameSpan) out.push({ file: defFile, span: def.endNameSpan, kind: 'end' });
  for (const u of ws.template(defFile)?.partialUses ?? []) if (u.name === def.name) out.push({ file: defFile, span: u.nameSpan, kind: 'partial-tag' });
  for (const file of projectFiles(ws, project, ws.root)) {
    for (const use of templateUses(ws, project, file)) {
      for (const n of use.names) {
        const at = n.name.indexOf('#');
        if (at < 0 || n.name.slice(at + 1) !== def.name) continue;
        const r = lookupTemplateName(ws, project, n.name, use.djangoOnly ? djangoEngines(project) : undefined, use.kind);
        if (r.kind !== 'found' || r.partial?.file !== defFile || r.partial.def !== def) continue;
        // The span of the partial part: uses name their text as written, so the '#' is found in the source.
        const text = ws.fs.readFile(file);
        const written = text?.slice(n.span.start, n.span.end) ?? '';
        const hash = written.lastIndexOf('#' + def.name);
        if (hash < 0) continue;
        out.push({ file, span: { start: n.span.start + hash + 1, end: n.span.start + hash + 1 + def.name.length }, kind: 'template-name' });
      }
    }
  }
  return out;
}

/** The partial named at `offset` in a template: by its partialdef, end tag or `{% partial %}` tag, with its definition. */
function partialAt(ws: Workspace, project: Project, file: string, offset: number): { name: string; span: Span; def?: PartialDefRecord } | undefined {
  if (file.endsWith('.py') || !isDjangoTemplate(project, file)) return undefined;
  const t = ws.template(file);
  if (!t) return undefined;
  const inside = (s: Span | undefined) => s !== undefined && offset >= s.start && offset <= s.end;
  for (const d of t.partials) if (inside(d.nameSpan) || inside(d.endNameSpan)) return { name: d.name, span: inside(d.nameSpan) ? d.nameSpan : d.endNameSpan!, def: d };
  for (const u of t.partialUses) if (inside(u.nameSpan)) return { name: u.name, span: u.nameSpan, def: t.partials.find((p) => p.name === u.name) };
  return undefined;
}

/** The source of a partial, from its `{% partialdef %}` to its `{% endpartialdef %}`, for hover. */
export function partialSource(ws: Workspace, file: string, def: PartialDefRecord, maxChars = 1500): string {
  const text = ws.fs.readFile(file) ?? '';
  const end = def.endSpan?.end ?? def.tagSpan.end;
  const src = text.slice(def.tagSpan.start, end);
  return src.length > maxChars ? src.slice(0, maxChars) + '\n…' : src;
}

/** The partial a position names, with its definition: for references and rename. */
export interface PartialTargetAt {
  project: Project;
  /** The span of the name under the cursor. */
  span: Span;
  file: string;
  def: PartialDefRecord;
}

/**
 * The partial named at `offset`: in a template its partialdef, endpartialdef or `{% partial %}` name (when the
 * template defines it); anywhere, the part after '#' of a "t.html#row" template name that Django resolves.
 */
export function partialTargetAt(ws: Workspace, file: string, offset: number): PartialTargetAt | undefined {
  const project = ws.projectFor(file);
  if (!project) return undefined;
  const here = partialAt(ws, project, file, offset);
  if (here) return here.def ? { project, span: here.span, file, def: here.def } : undefined;
  const text = ws.fs.readFile(file);
  for (const use of templateUses(ws, project, file)) {
    for (const n of use.names) {
      const at = n.name.indexOf('#');
      if (at < 0 || offset < n.span.start || offset > n.span.end) continue;
      const written = text?.slice(n.span.start, n.span.end);
      // Offsets inside a literal written with escapes do not map to its value: such a name is not a target.
      if (written !== n.name || offset <= n.span.start + at) continue;
      const r = lookupTemplateName(ws, project, n.name, use.djangoOnly ? djangoEngines(project) : undefined, use.kind);
      if (r.kind !== 'found' || !r.partial) return undefined;
      return { project, span: { start: n.span.start + at + 1, end: n.span.end }, file: r.partial.file, def: r.partial.def };
    }
  }
  return undefined;
}

/** Why a partial may not be renamed to `name`, if so: Django takes the bit as written, so no spaces, quotes or '#'. */
export function badPartialName(name: string): string | undefined {
  if (!/^[^\s"'#%{}|]+$/u.test(name)) return `'${name}' cannot be a partial name: use no spaces, quotes, '#', '%', '|' or braces.`;
  return undefined;
}

/** A partial offered by completion: its name, and where it is defined. */
export interface PartialItem {
  name: string;
  detail: string;
}

/**
 * Partial names to complete after the '#' of a template name being typed (`typed` is the text up to the cursor),
 * or undefined when the cursor is not after a '#' (or partials do not apply, as in `{% extends %}`).
 */
export function partialNameItems(ws: Workspace, project: Project, typed: string, tag?: string): PartialItem[] | undefined {
  const at = typed.indexOf('#');
  if (at < 0 || tag === 'extends' || !partialsSupported(ws.fs, project)) return undefined;
  const r = lookupTemplate(project.templates, typed.slice(0, at));
  if (r.kind !== 'found') return [];
  const file = r.files[0].file;
  return (ws.template(file)?.partials ?? []).map((p) => ({ name: p.name, detail: `{% partialdef ${p.name}${p.inline ? ' inline' : ''} %} in ${typed.slice(0, at)}` }));
}
