import { RE2JS } from 're2js';

/**
 * Glob matching for `ignore` patterns and rule-id globs: `**` any number of folders, `*` any run
 * without `/`, `?` one character, `{a,b}` alternatives (nested too). Paths use `/` separators.
 *
 * A glob becomes a regular expression run by RE2 (re2js), whose matching time is linear in the
 * path: JavaScript's backtracking RegExp, which picomatch, minimatch, zeptomatch and outmatch all
 * compile to, takes seconds on `*a*a*a*a*a*a*a*a*b` against forty `a`s (a user's config, or a
 * file name, must never freeze a run or the editor). `{a,a}{a,a}…` is not expanded either.
 */

/** A pattern that is not a valid glob; `reason` says why in a few words. */
export class GlobError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`"${pattern}" is not a valid glob (${reason})`);
  }
}

export interface GlobMatcher {
  matches(path: string): boolean;
}

function escapeLiteral(c: string): string {
  return /[.+^$()|[\]\\*?{}]/.test(c) ? `\\${c}` : c;
}

/** The RE2 source of a glob (without anchors). Throws GlobError for unbalanced braces. */
export function globToRegexSource(glob: string): string {
  let source = '';
  let open = 0;
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
        while (glob[i + 1] === '*') i++; // `***` is `**`
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      open++;
      source += '(?:';
    } else if (c === '}') {
      if (open === 0) throw new GlobError(glob, 'a "}" closes no "{"');
      open--;
      source += ')';
    } else if (c === ',' && open > 0) source += '|';
    else source += escapeLiteral(c);
  }
  if (open > 0) throw new GlobError(glob, 'a "{" is never closed');
  return source;
}

const cache = new Map<string, GlobMatcher>();

function compile(key: string, source: string): GlobMatcher {
  let matcher = cache.get(key);
  if (!matcher) {
    const re = RE2JS.compile(source);
    matcher = { matches: (s) => re.matches(s) };
    // Patterns come from a handful of config files and settings; the bound only guards a long-lived server.
    if (cache.size > 1000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}

/** A matcher for a whole string (a rule id, a path). Throws GlobError. */
export function compileGlob(glob: string): GlobMatcher {
  return compile(`g:${glob}`, globToRegexSource(glob));
}

/** The glob an ignore pattern stands for, or undefined for a blank line or a `#` comment. */
function ignoreGlob(pattern: string): string | undefined {
  let glob = pattern.trim().replace(/^\.\//, '');
  if (!glob || glob.startsWith('#')) return undefined;
  if (glob.endsWith('/')) glob = glob.slice(0, -1);
  if (!glob.includes('/')) glob = `**/${glob}`;
  else if (glob.startsWith('/')) glob = glob.slice(1);
  return glob;
}

/** Why an ignore pattern is invalid, or undefined when it is fine. */
export function ignorePatternProblem(pattern: string): string | undefined {
  const glob = ignoreGlob(pattern);
  if (glob === undefined) return undefined;
  try {
    globToRegexSource(glob);
    return undefined;
  } catch (e) {
    if (e instanceof GlobError) return `"${pattern}" is not a valid glob (${e.reason})`;
    throw e;
  }
}

/**
 * Whether a relative path is ignored by a pattern. A pattern without `/` matches a name at any
 * depth (like .gitignore); a pattern that names a folder ignores everything below it. Throws
 * GlobError for an invalid pattern (configuration is validated when read, so it never does there).
 */
export function matchesIgnore(relativePath: string, pattern: string): boolean {
  const glob = ignoreGlob(pattern);
  if (glob === undefined) return false;
  const rel = relativePath.split('\\').join('/');
  return compile(`i:${glob}`, `${globToRegexSource(glob)}(?:/.*)?`).matches(rel);
}
