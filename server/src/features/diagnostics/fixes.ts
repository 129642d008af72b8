// What every quick fix is made of: the action and edit records, and "Change to 'x'" for a misspelt name.

import type { Workspace } from '../../core/workspace';
import type { Span } from '../../core/text';
import type { Diagnostic } from './types';

export interface FileEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  edits: FileEdit[];
  /** Files to create (absolute paths); they do not exist when the action is offered. */
  createFiles?: { path: string; text: string }[];
  isPreferred?: boolean;
  /** The diagnostic the action fixes, when it fixes one. */
  diagnostic?: Diagnostic;
}

const MAX_SUGGESTIONS = 3;

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions), so "detial" is one edit from "detail". */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      best = Math.min(best, d);
    }
    // Every later row is at least this row's minimum, so a row past the limit ends the search early.
    if (best > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/** How far a suggestion may be: one edit for short names, a quarter of the length for longer ones, never more than three. */
function maxDistance(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length / 4)));
}

/**
 * The existing names closest to `wanted`, best first. Names in the same "group" (URL namespace, template
 * folder) come before others at the same distance, since a typo rarely changes the namespace.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, groupOf: (name: string) => string): string[] {
  const limit = maxDistance(wanted);
  const group = groupOf(wanted);
  const scored: { name: string; d: number; same: number }[] = [];
  for (const c of new Set(candidates)) {
    if (c === wanted) continue;
    const d = editDistance(wanted, c, limit);
    if (d <= limit) scored.push({ name: c, d, same: groupOf(c) === group ? 0 : 1 });
  }
  scored.sort((x, y) => x.same - y.same || x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.name);
}

/** "Change to 'x'" for each close name, replacing the literal's contents when they spell the name exactly. */
export function changeTo(ws: Workspace, file: string, span: Span, wanted: string, candidates: Iterable<string>, group: (n: string) => string, d: Diagnostic): CodeAction[] {
  const text = ws.fs.readFile(file) ?? '';
  // A literal written with escapes differs from its value: offsets inside it cannot be trusted, so say nothing.
  if (text.slice(span.start, span.end) !== wanted) return [];
  return closestNames(wanted, candidates, group).map((name, i) => ({
    title: `Change to '${name}'`,
    kind: 'quickfix',
    edits: [{ file, span, newText: name }],
    isPreferred: i === 0 ? true : undefined,
    diagnostic: d,
  }));
}
