// The plain-regex census of literal URL-name and template-name references that scripts/corpus.mjs measures the engine against.
//
// Deliberately naive: it knows nothing of Django beyond the spellings below, so what it finds is what a developer
// sees when reading the sources, and the engine is measured against that, not against itself.

/** Folders never scanned: version control, tool caches, virtual environments and vendored JavaScript. */
export const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', 'site-packages', '.hg', '.svn', '.cache', '.idea', '.vscode', '.venv', 'venv', 'env']);

/** Extensions of files read as templates. */
export const TEMPLATE_EXTS = ['.html', '.htm', '.txt', '.xml', '.jinja', '.jinja2', '.j2', '.djhtml', '.tpl', '.email'];

// Each rule: the regex (with the `d` flag so the name's offsets are known), the group holding the name, the kind
// of reference, and how it was spelled. A name is a run of characters up to the closing quote on the same line.
const PY_RULES = [
  { kind: 'url', form: 'reverse()', re: /\b(reverse|reverse_lazy|redirect|resolve_url)\(\s*(['"])([^'"\n\\]+)\2/dg, group: 3, fn: 1 },
  { kind: 'template', form: 'render()', re: /\brender\(\s*[\w.]+\s*,\s*(['"])([^'"\n\\]+)\1/dg, group: 2 },
  { kind: 'template', form: 'template_name =', re: /\btemplate_name\s*=\s*(['"])([^'"\n\\]+)\1/dg, group: 2 },
  { kind: 'template', form: 'get_template()', re: /\b(get_template|render_to_string)\(\s*(['"])([^'"\n\\]+)\2/dg, group: 3, fn: 1 },
];

const TEMPLATE_RULES = [
  { kind: 'url', form: '{% url %}', re: /\{%-?\s*url\s+(['"])([^'"\n]+)\1/dg, group: 2 },
  { kind: 'template', form: '{% extends/include %}', re: /\{%-?\s*(extends|include)\s+(['"])([^'"\n]+)\2/dg, group: 3, fn: 1 },
];

/** Whether the literal is only the start of an expression (`"x/%s.html" % y`, `"a" + b`, `"x"|add:y`): then it is not a literal reference. */
function continued(text, end, python) {
  const rest = text.slice(end, end + 40).replace(/^[ \t]*/, '');
  return python ? /^(%|\.|\+|\[)/.test(rest) && !/^\.\.\./.test(rest) : /^\|/.test(rest);
}

/**
 * Every literal reference of one file: `{ kind, form, name, start, end }` with `start`/`end` the name's offsets
 * (JavaScript string offsets into `text`, which must be the text as the engine reads it: without a BOM).
 */
export function scanText(file, text) {
  const python = file.endsWith('.py');
  const isTemplate = TEMPLATE_EXTS.some((e) => file.endsWith(e));
  if (!python && !isTemplate) return [];
  const out = [];
  for (const rule of python ? PY_RULES : TEMPLATE_RULES) {
    rule.re.lastIndex = 0;
    for (let m; (m = rule.re.exec(text)); ) {
      const [start, end] = m.indices[rule.group];
      const name = m[rule.group];
      if (continued(text, end + 1, python)) continue;
      const fn = rule.fn ? m[rule.fn] : undefined;
      // redirect() and resolve_url() take URLs as well as names; Django treats a string with '/' or '.' that does
      // not reverse as a URL, so such a string is not counted as a name.
      if ((fn === 'redirect' || fn === 'resolve_url') && /[/.]/.test(name)) continue;
      out.push({ kind: rule.kind, form: fn ? `${fn}` : rule.form, name, start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The files to scan under `root` (absolute paths, sorted), given `fs` with `readDir(path) -> [{name, kind}]` and `realPath(path)`. */
export function listSources(root, fs) {
  const out = [];
  const seen = new Set();
  const walk = (dir, depth) => {
    // A symlinked folder is walked once, so a link loop cannot make the walk explode.
    const real = fs.realPath(dir);
    if (depth > 30 || seen.has(real)) return;
    seen.add(real);
    for (const e of fs.readDir(dir)) {
      const p = dir + '/' + e.name;
      if (e.kind === 'dir') {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (e.kind === 'file' && (e.name.endsWith('.py') || TEMPLATE_EXTS.some((x) => e.name.endsWith(x)))) out.push(p);
    }
  };
  walk(root, 0);
  return out.sort();
}
