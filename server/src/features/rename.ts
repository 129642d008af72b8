// Rename a URL pattern's name (declaration and every literal use) or a template (every literal reference, and the file itself).

import type { Workspace } from '../core/workspace';
import type { Span } from '../core/text';
import { lookupTemplate } from '../core/templates/index';
import type { Target } from './references';
import { allUrlUses, ownTemplateFiles, targetAt, templateReferences } from './references';
import { resolveRelative } from './uses';
import { editsProblem, relativeNameProblem } from '../core/inside';
import { badPartialName, partialTargetAt, partialUses } from './partials';
import type { PartialTargetAt } from './partials';

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface RenameResult {
  edits: TextEdit[];
  /** Files to move (a renamed template); absolute paths. */
  fileRenames?: { from: string; to: string }[];
}

export type PrepareResult = { span: Span; placeholder: string } | { error: string };

/** The part of a URL use that is the pattern's own name: after the last `:`, so namespace prefixes are kept. */
function nameSpanOfUse(text: string, span: Span, qualified: string): Span | undefined {
  // When the literal is written with escapes its text differs from its value: offsets inside it cannot be trusted.
  if (text.slice(span.start, span.end) !== qualified) return undefined;
  const colon = qualified.lastIndexOf(':');
  return { start: span.start + colon + 1, end: span.end };
}

type Renamable = Extract<Target, { kind: 'url' | 'template' }>;

function renamableAt(ws: Workspace, file: string, offset: number): Renamable | { error: string } {
  const t = targetAt(ws, file, offset);
  if (!t) return { error: 'Only URL names and template names can be renamed here.' };
  if (t.kind === 'none') return { error: 'This URL name matches no pattern, so there is nothing to rename.' };
  if (t.kind === 'view') return { error: 'Rename a view with the Python language server; its URL patterns follow the import.' };
  return t;
}

export function prepareRename(ws: Workspace, file: string, offset: number): PrepareResult {
  const partial = partialTargetAt(ws, file, offset);
  if (partial) {
    const outside = editsProblem(ws.fs, ws.root, [partial.file]);
    return outside ? { error: `The partial '${partial.def.name}' cannot be renamed: its template ${outside}` } : { span: partial.span, placeholder: partial.def.name };
  }
  const t = renamableAt(ws, file, offset);
  if ('error' in t) return t;
  if (t.kind === 'url') {
    const name = t.entries[0].node.name!;
    // The declaration is cheap to check here; the uses are checked by the rename itself.
    const outside = declarationProblem(ws, t);
    if (outside) return { error: outside };
    if (!t.use) return { span: t.span, placeholder: name };
    const text = ws.fs.readFile(file) ?? '';
    const span = nameSpanOfUse(text, t.use.span, t.use.name) ?? t.span;
    return { span, placeholder: name };
  }
  const problem = templateProblem(ws, t);
  if (problem) return { error: problem };
  return { span: t.span, placeholder: t.name };
}

/** Why a template cannot be renamed, if it cannot. */
function templateProblem(ws: Workspace, t: Extract<Target, { kind: 'template' }>): string | undefined {
  const all = t.project.templates.byName.get(t.name) ?? [];
  const own = ownTemplateFiles(ws, t.project, t.name);
  if (!all.length) return `No template named '${t.name}' was found.`;
  if (!own.length) return `'${t.name}' comes from outside the workspace; it cannot be renamed.`;
  const outside = editsProblem(ws.fs, ws.root, own.map((f) => f.file));
  if (outside) return `'${t.name}' cannot be renamed: ${outside}`;
  if (all.length > 1) return `'${t.name}' is provided by ${all.length} files (one overrides the others); rename them by hand.`;
  const implicit = templateReferences(ws, t.project, t.name).find((r) => r.implicit);
  if (implicit) return `'${t.name}' is a generic view's default template (${implicit.file}); set its template_name first.`;
  return undefined;
}

/** A URL name that reverse() and redirect() both accept: no `:` (namespace separator), no `.`/`/` (redirect reads those as URLs). */
const URL_NAME = /^[\w-]+$/u;

/** A template name relative to its template folder, without `.`/`..` segments (Django refuses those as absolute names). */
function badTemplateName(name: string): string | undefined {
  if (!name || name !== name.trim()) return 'A template name cannot be empty or start or end with spaces.';
  if (/["'\\\n{}%]/.test(name)) return 'A template name cannot contain quotes, backslashes or template syntax.';
  if (name.startsWith('/')) return 'A template name is relative to its template folder; it cannot start with "/".';
  if (name.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return 'A template name cannot have empty, "." or ".." segments.';
  // The file-system rules (control characters, lengths, `~`) are shared with every feature that creates files.
  const fsProblem = relativeNameProblem(name);
  if (fsProblem) return `'${name.length > 80 ? name.slice(0, 80) + '...' : name}' cannot be a template name: ${fsProblem}`;
  return undefined;
}

/** Why the pattern's own URLconf may not be edited (an installed package, a folder outside the workspace), if so. */
function declarationProblem(ws: Workspace, t: Extract<Target, { kind: 'url' }>): string | undefined {
  const problem = editsProblem(ws.fs, ws.root, [t.entries[0].node.file]);
  return problem && `The URL pattern '${t.entries[0].node.name}' cannot be renamed: its URLconf ${problem}`;
}

export function rename(ws: Workspace, file: string, offset: number, newName: string): RenameResult | { error: string } {
  const partial = partialTargetAt(ws, file, offset);
  if (partial) return renamePartial(ws, partial, newName);
  const t = renamableAt(ws, file, offset);
  if ('error' in t) return t;
  return t.kind === 'url' ? renameUrl(ws, t, newName) : renameTemplate(ws, t, newName);
}

function renameUrl(ws: Workspace, t: Extract<Target, { kind: 'url' }>, newName: string): RenameResult | { error: string } {
  if (!URL_NAME.test(newName)) return { error: `'${newName}' is not a usable URL name: use letters, digits, '_' and '-' only.` };
  const decl = t.entries[0].node;
  if (newName === decl.name) return { edits: [] };
  // reverse() picks among patterns sharing a name by their arguments: a rename cannot tell whose each use is.
  const names = new Set(t.entries.map((e) => e.qualifiedName));
  const shared = t.project.urls!.entries.some((o) => names.has(o.qualifiedName) && !t.entries.some((e) => e.node === o.node));
  if (shared) return { error: `Several URL patterns are named '${decl.name}' (reverse() chooses by arguments); rename them in their URLconfs instead.` };
  // Two patterns with one name in one namespace would make reverse() pick by arguments: almost never what a rename means.
  for (const e of t.entries) {
    const q = [...e.namespaces, newName].join(':');
    const clash = t.project.urls!.entries.find((o) => o.qualifiedName === q);
    if (clash) return { error: `A URL pattern named '${q}' already exists (${clash.node.file}).` };
  }
  const declared = declarationProblem(ws, t);
  if (declared) return { error: declared };
  const edits: TextEdit[] = [{ file: decl.file, span: decl.nameSpan!, newText: newName }];
  for (const { use, keys } of allUrlUses(ws, t.project)) {
    if (!keys.has(t.key)) continue;
    const text = ws.fs.readFile(use.file) ?? '';
    const span = nameSpanOfUse(text, use.span, use.name);
    const prefix = use.name.slice(0, use.name.lastIndexOf(':') + 1);
    edits.push(span ? { file: use.file, span, newText: newName } : { file: use.file, span: use.span, newText: prefix + newName });
  }
  // Leaving out a use we may not edit would break it silently: refuse the whole rename instead.
  const outside = editsProblem(ws.fs, ws.root, edits.map((e) => e.file));
  if (outside) return { error: `'${decl.name}' cannot be renamed: a file that uses it, ${outside} Renaming it would leave that use broken.` };
  return { edits };
}

/** A partial: its partialdef (and endpartialdef) name, the {% partial %} tags of its template and every "t.html#name". */
function renamePartial(ws: Workspace, t: PartialTargetAt, newName: string): RenameResult | { error: string } {
  const bad = badPartialName(newName);
  if (bad) return { error: bad };
  if (newName === t.def.name) return { edits: [] };
  // Django raises TemplateSyntaxError for two partials of one name in a template.
  if (ws.template(t.file)?.partials.some((p) => p.name === newName)) return { error: `The template already defines a partial named '${newName}'.` };
  const edits = partialUses(ws, t.project, t.file, t.def).map((u) => ({ file: u.file, span: u.span, newText: newName }));
  const outside = editsProblem(ws.fs, ws.root, edits.map((e) => e.file));
  if (outside) return { error: `'${t.def.name}' cannot be renamed: a file that uses it, ${outside}` };
  return { edits };
}

function renameTemplate(ws: Workspace, t: Extract<Target, { kind: 'template' }>, newName: string): RenameResult | { error: string } {
  const problem = templateProblem(ws, t) ?? badTemplateName(newName);
  if (problem) return { error: problem };
  if (newName === t.name) return { edits: [] };
  const tf = ownTemplateFiles(ws, t.project, t.name)[0];
  const to = tf.dir + '/' + newName;
  if (lookupTemplate(t.project.templates, newName).kind === 'found' || ws.fs.stat(to) !== undefined) return { error: `A template named '${newName}' already exists.` };
  // Relative names (`./x.html`) are replaced by the new absolute name: always correct, wherever the file moves.
  const edits = templateReferences(ws, t.project, t.name).map((r) => ({ file: r.file, span: r.span, newText: newName }));
  // The moved file's own relative extends/include would now start from its new folder: make them absolute.
  const own = ws.template(tf.file);
  for (const ref of [...(own?.extends ? [own.extends] : []), ...(own?.includes ?? [])]) {
    if (!ref.relative || ref.name === undefined) continue;
    const target = resolveRelative(t.name, ref.name);
    // Within the same folder the relative name still points at the same file: leave it as the user wrote it.
    if (target === resolveRelative(newName, ref.name)) continue;
    if (target && !edits.some((e) => e.file === tf.file && e.span.start === ref.nameSpan.start)) edits.push({ file: tf.file, span: ref.nameSpan, newText: target });
  }
  const outside = editsProblem(ws.fs, ws.root, [tf.file, to, ...edits.map((e) => e.file)]);
  if (outside) return { error: `'${t.name}' cannot be renamed to '${newName}': ${outside}` };
  return { edits, fileRenames: [{ from: tf.file, to }] };
}
