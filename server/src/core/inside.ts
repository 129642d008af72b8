// The one check every proposed edit passes: the paths it writes, creates or moves stay inside the workspace folder once links are resolved.

import type { FileSystem } from './fs';
import { basename, dirname, normalizePath, relativeInside } from './fs';

/** Installed packages are never ours to edit, even when a virtual environment lies inside the workspace. */
const INSTALLED = /\/(site|dist)-packages(\/|$)/;

/**
 * The canonical form of `path`: its links resolved. A path that does not exist yet (a file an action would
 * create) is its nearest existing ancestor's canonical path plus the rest, since the rest cannot be a link
 * until it is created, and the ancestor may well be one (`templates/lnk -> /outside`).
 */
export function canonicalPath(fs: Pick<FileSystem, 'stat' | 'realPath'>, path: string): string {
  let p = normalizePath(path);
  const rest: string[] = [];
  while (fs.stat(p) === undefined && p !== '/' && dirname(p) !== p) {
    rest.unshift(basename(p));
    p = dirname(p);
  }
  const real = normalizePath(fs.realPath(p));
  return rest.length ? normalizePath(real + '/' + rest.join('/')) : real;
}

/** Why the server must not write `path` for workspace folder `root` (outside it, or in an installed package), or undefined when it may. */
export function outsideProblem(fs: FileSystem, root: string, path: string): string | undefined {
  const realRoot = canonicalPath(fs, root);
  const real = canonicalPath(fs, path);
  const shown = real === normalizePath(path) ? path : `${path} (a link to ${real})`;
  if (relativeInside(realRoot, real) === undefined) return `${shown} is outside the workspace folder ${root}.`;
  if (INSTALLED.test(relativeInside(realRoot, real)!)) return `${shown} belongs to an installed package.`;
  return undefined;
}

/** The first reason any of `paths` may not be written, or undefined when all stay inside `root`. */
export function editsProblem(fs: FileSystem, root: string, paths: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) continue;
    seen.add(p);
    const problem = outsideProblem(fs, root, p);
    if (problem) return problem;
  }
  return undefined;
}

/** Common file-system limits: 255 bytes a name (ext4, APFS, NTFS in UTF-16 units), and a bound on the whole relative name. */
export const MAX_SEGMENT_BYTES = 255;
const MAX_NAME_BYTES = 1024;

const utf8 = new TextEncoder();
const bytes = (s: string) => utf8.encode(s).length;

/**
 * Why `name`, a `/`-separated path relative to a folder the server chose, is not safe to create, or undefined.
 * Control characters (NUL cuts the name in C APIs, newlines break every listing), names longer than file
 * systems allow, `~` (a shell or tool would read the home folder), absolute names and `.`/`..` segments.
 */
export function relativeNameProblem(name: string): string | undefined {
  if (!name) return 'The name is empty.';
  if (/\p{Cc}/u.test(name)) return 'The name contains a control character.';
  if (bytes(name) > MAX_NAME_BYTES) return `The name is longer than ${MAX_NAME_BYTES} bytes.`;
  if (name.startsWith('~')) return 'The name cannot start with "~".';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return 'The name must be relative to its folder.';
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return 'The name cannot have empty, "." or ".." segments.';
    if (bytes(seg) > MAX_SEGMENT_BYTES) return `A part of the name is longer than ${MAX_SEGMENT_BYTES} bytes.`;
  }
  return undefined;
}
