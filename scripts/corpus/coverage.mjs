// Reads the `coverage` object that issue 10 asks `check --format json` to gain, so corpus.mjs can prefer the engine's own reasons once it exists.
//
// `check --format json` prints `coverage: { references, found, missing, undecided, reasons: [{ why, count, where }] }`;
// without it (an older build) both functions return nothing and corpus.mjs falls back on the reasons navigate.ts
// works out from the model.

/**
 * The counts of `coverage`, or null when `check` printed none. Accepts `{ checked, undecided, byReason: {reason: n} }`
 * or `{ reasons: [{ reason, count }] }`; anything else is kept whole in `raw` so that it is at least printed.
 */
export function coverageSummary(checkJson) {
  const c = checkJson && typeof checkJson === 'object' ? checkJson.coverage : undefined;
  if (!c || typeof c !== 'object') return null;
  const byReason = {};
  if (c.byReason && typeof c.byReason === 'object') {
    for (const [k, v] of Object.entries(c.byReason)) if (typeof v === 'number') byReason[k] = v;
  } else if (Array.isArray(c.reasons)) {
    for (const r of c.reasons) {
      // check prints { why, count, where }: the reason and up to three places that caused it.
      const reason = r && typeof r.why === 'string' ? r.why : r && typeof r.reason === 'string' ? r.reason : undefined;
      if (reason) byReason[reason] = (byReason[reason] ?? 0) + (typeof r.count === 'number' ? r.count : 1);
    }
  }
  return {
    checked: typeof c.checked === 'number' ? c.checked : typeof c.found === 'number' && typeof c.missing === 'number' ? c.found + c.missing : null,
    undecided: typeof c.undecided === 'number' ? c.undecided : null,
    byReason,
    raw: Object.keys(byReason).length ? undefined : c,
  };
}

/**
 * An index of the per-reference reasons `coverage` may list (`undecided: [{ file, line, reason }]`), so that a regex
 * hit at the same file and line takes the engine's reason instead of ours. Returns a lookup `(file, line) -> reason`.
 */
export function coverageReasons(checkJson) {
  const list = checkJson?.coverage?.undecided;
  const map = new Map();
  if (Array.isArray(list)) {
    for (const u of list) if (u && typeof u.file === 'string' && typeof u.line === 'number' && typeof u.reason === 'string') map.set(`${u.file}:${u.line}`, u.reason);
  }
  return (file, line) => map.get(`${file}:${line}`);
}
