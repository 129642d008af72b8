// What Django's resolve() would do with a concrete path: the matching pattern, its view and the arguments.

import type { Project } from '../core/project/project';
import { resolvePath } from '../core/urls/route';
import type { PatternNode, ResolverNode } from '../core/urls/urlconf';
import { toUrlNodes } from '../core/urls/urlconf';

export type UrlResolution =
  | { kind: 'match'; pattern: PatternNode; name: string | null; route: string; args: unknown[]; kwargs: Record<string, unknown> }
  | { kind: 'nomatch' }
  | { kind: 'unknown' };

const MAX_PATH_LENGTH = 2048;

/** Accepts a path (`/polls/5/`) or a full URL (`http://host/polls/5/?q=1`). */
function pathOfUrl(input: string): string {
  let p = input.trim();
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(p);
  if (m) p = m[1] || '/';
  p = p.replace(/[?#].*$/, '');
  if (!p.startsWith('/')) p = '/' + p;
  try {
    p = decodeURIComponent(p);
  } catch (e) {
    // Keep the path as typed when it is not valid percent-encoding (URIError); anything else is a bug.
    if (!(e instanceof URIError)) throw e;
  }
  return p;
}

export function resolveUrl(project: Project, input: string): UrlResolution {
  const model = project.urls;
  if (!model) return { kind: 'unknown' };
  const namespaces = new Map<PatternNode, string[]>();
  const walk = (n: ResolverNode, ns: string[]) => {
    for (const c of n.children) {
      if (c.kind === 'pattern') namespaces.set(c, ns);
      else walk(c, c.namespace ? [...ns, c.namespace] : ns);
    }
  };
  walk(model.root, []);
  const path = pathOfUrl(input);
  // Patterns are matched in linear time (core/urls/pyregex.ts), but the work still grows with the path times
  // the patterns; no real URL is this long, so say "cannot tell" rather than claim that nothing matches.
  if (path.length > MAX_PATH_LENGTH) return { kind: 'unknown' };
  // Entries we could not read are placeholders in the tree, so a pattern we know that matches first still answers.
  const tree = toUrlNodes(model.root);
  const r = resolvePath(tree, path, model.converters);
  if (r.kind !== 'match') return r;
  const ns = namespaces.get(r.leaf) ?? [];
  // Registered converters convert like their to_python: int(value) gives a number, as Django's resolve() returns.
  const kwargs = { ...r.kwargs };
  for (const m of r.route.matchAll(/<(\w+):(\w+)>/g)) {
    if (model.converterKinds[m[1]] === 'int' && typeof kwargs[m[2]] === 'string') kwargs[m[2]] = Number(kwargs[m[2]]);
  }
  const name = r.leaf.name === undefined ? null : [...ns, r.leaf.name].join(':');
  return { kind: 'match', pattern: r.leaf, name, route: r.route, args: r.args, kwargs };
}
