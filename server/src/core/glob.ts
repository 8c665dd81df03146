/**
 * Minimal glob matching for `ignore` patterns: `**` any number of folders, `*` any run without
 * `/`, `?` one character, `{a,b}` alternatives. Paths are matched with `/` separators.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let source = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` also matches no folder at all, so `**/x` matches `x`.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      inBraces++;
      source += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      source += ')';
    } else if (c === ',' && inBraces > 0) source += '|';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${source}$`);
  cache.set(glob, re);
  return re;
}

/**
 * Whether a relative path is ignored by a pattern. A pattern without `/` matches a name at any
 * depth (like .gitignore); a pattern that names a folder ignores everything below it.
 */
export function matchesIgnore(relativePath: string, pattern: string): boolean {
  const rel = relativePath.split('\\').join('/');
  let glob = pattern.trim().replace(/^\.\//, '');
  if (!glob || glob.startsWith('#')) return false;
  if (glob.endsWith('/')) glob = glob.slice(0, -1);
  if (!glob.includes('/')) glob = `**/${glob}`;
  else if (glob.startsWith('/')) glob = glob.slice(1);
  return globToRegExp(glob).test(rel) || globToRegExp(`${glob}/**`).test(rel);
}
