// What the checks could decide: every literal URL-name and template-name reference of a file, classified, with the reason of each undecided one.

import type { Workspace } from '../core/workspace';
import type { Project } from '../core/project/project';
import type { Span } from '../core/text';
import { reverseLookup } from '../core/urls/urlconf';
import { djangoEngines, templateUses, urlUses } from './uses';
import { lookupTemplateName } from './partials';

export type Verdict = 'found' | 'missing' | 'undecided';

export interface ReferenceVerdict {
  kind: 'url' | 'template';
  name: string;
  file: string;
  span: Span;
  verdict: Verdict;
  /** For undecided references: why, and where the part of the project that was not understood lies. */
  why?: string;
  whereFile?: string;
  whereSpan?: Span;
}

/** Every literal reference of one file of a project, each with what the model can say of it. */
export function referenceVerdicts(ws: Workspace, project: Project, file: string): ReferenceVerdict[] {
  const out: ReferenceVerdict[] = [];
  for (const use of urlUses(ws, project, file)) {
    // `{% url ... as var %}` never raises: it is not a checked reference.
    if (use.asVar) continue;
    const base = { kind: 'url' as const, name: use.name, file, span: use.span };
    if (use.notDjangos !== undefined) {
      out.push({ ...base, verdict: 'undecided', why: use.notDjangos });
      continue;
    }
    if (!project.urls) {
      const why = project.settings ? (project.settings.rootUrlconf ? `ROOT_URLCONF ${project.settings.rootUrlconf} could not be read` : 'ROOT_URLCONF is not set statically') : project.notes[0] ?? 'the settings could not be read';
      out.push({ ...base, verdict: 'undecided', why });
      continue;
    }
    const r = reverseLookup(project.urls, use.name);
    if (r.kind === 'unknown') out.push({ ...base, verdict: 'undecided', why: r.why, whereFile: r.file, whereSpan: r.span });
    else out.push({ ...base, verdict: r.kind });
  }
  const django = djangoEngines(project);
  for (const use of templateUses(ws, project, file)) {
    // The same lookup as template-missing: "t.html#row" names a partial where the project's Django has them.
    const results = use.names.map((n) => lookupTemplateName(ws, project, n.name, use.djangoOnly ? django : undefined, use.kind));
    // Alternatives (`select_template`, a list given to render) are one reference: any name found serves it.
    const anyFound = use.anyOf && results.some((r) => r.kind === 'found');
    use.names.forEach((n, i) => {
      const r = results[i];
      const base = { kind: 'template' as const, name: n.name, file, span: n.span };
      if (anyFound || r.kind === 'found') out.push({ ...base, verdict: 'found' });
      else if (use.unchecked !== undefined) out.push({ ...base, verdict: 'undecided', why: use.unchecked });
      else if (r.kind === 'unknown') out.push({ ...base, verdict: 'undecided', why: project.settings ? r.why : project.notes[0] ?? r.why });
      else out.push({ ...base, verdict: r.kind });
    });
  }
  return out;
}

export interface Coverage {
  references: number;
  found: number;
  missing: number;
  undecided: number;
  /** Undecided references by reason, most frequent first, each with up to three places that caused it. */
  reasons: { why: string; count: number; where: string[] }[];
}

/** Sums verdicts; `where` turns a file and span into "file:line" for the report. */
export function summarize(verdicts: ReferenceVerdict[], where: (file: string, span: Span | undefined) => string): Coverage {
  const byWhy = new Map<string, { count: number; where: Set<string> }>();
  const c: Coverage = { references: verdicts.length, found: 0, missing: 0, undecided: 0, reasons: [] };
  for (const v of verdicts) {
    c[v.verdict]++;
    if (v.verdict !== 'undecided') continue;
    const why = `${v.kind === 'url' ? 'URL names' : 'templates'}: ${v.why ?? 'not understood'}`;
    const e = byWhy.get(why) ?? { count: 0, where: new Set<string>() };
    e.count++;
    if (v.whereFile && e.where.size < 3) e.where.add(where(v.whereFile, v.whereSpan));
    byWhy.set(why, e);
  }
  c.reasons = [...byWhy].map(([why, e]) => ({ why, count: e.count, where: [...e.where] })).sort((a, b) => b.count - a.count || (a.why < b.why ? -1 : 1));
  return c;
}
