// Helpers shared by the corpus benches (scripts/bench.mjs, scripts/bench-sealed.mjs): which
// installed folders belong to which packages, and which paths are test code.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The installed folders (relative to `corpusDir`, e.g. `node_modules/ws`) of `names` and of
 * everything they depend on, found in package-lock.json the way Node resolves a require: the
 * nearest `node_modules/<dep>` up from the requiring package. Nested folders are left out when
 * their parent is in the list (walking the parent reaches them).
 */
export function dependencyClosure(corpusDir, names) {
  const packages = JSON.parse(fs.readFileSync(path.join(corpusDir, 'package-lock.json'), 'utf8')).packages;
  const resolve = (from, dep) => {
    for (let dir = from; ; ) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${dep}`;
      if (packages[candidate]) return candidate;
      if (!dir) return undefined;
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut === -1 ? '' : dir.slice(0, cut);
    }
  };
  const seen = new Set();
  const queue = names.map((name) => resolve('', name)).filter(Boolean);
  while (queue.length) {
    const folder = queue.pop();
    if (seen.has(folder)) continue;
    seen.add(folder);
    const entry = packages[folder];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = resolve(folder, dep);
      if (found) queue.push(found);
    }
  }
  return [...seen].filter((folder) => ![...seen].some((other) => folder.startsWith(`${other}/`))).sort();
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `@s/b`: the innermost package a file is in. */
export function packageOf(file) {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at === -1 || at + 1 >= parts.length) return undefined;
  return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

const TEST_FOLDERS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'bench',
  'benchmark',
  'benchmarks',
  'example',
  'examples',
  'sample',
  'samples',
  'demo',
  'demos',
  'fixtures',
  '__mocks__',
  'e2e',
  'integration',
  'perf',
  'scripts',
  'script',
]);

/** Test, benchmark and example code by path (inside the package, below its node_modules folder). */
export function isTestPath(file) {
  const parts = file.split(/[\\/]/);
  const inside = parts.slice(parts.lastIndexOf('node_modules') + 1);
  const rest = inside.slice(inside[0]?.startsWith('@') ? 2 : 1); // below the package's own folder
  const dirs = rest.slice(0, -1).map((d) => d.toLowerCase());
  const name = rest[rest.length - 1] ?? '';
  return (
    dirs.some((d) => TEST_FOLDERS.has(d) || /^(test|tests)[-_]|[-_](test|tests)([-_]|$)/.test(d)) ||
    dirs[0] === 'tools' ||
    /^(example|sample|demo)[-_].*\.([cm]?js|ts)$/.test(name) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(name) ||
    /\.test-d\.ts$/.test(name) ||
    /^test-.*\.[cm]?js$/.test(name) ||
    /^(test|example|sample|bench|benchmark)\.([cm]?js|ts)$/.test(name) ||
    (rest.length === 1 && /^(tests|examples)\.[cm]?js$/.test(name))
  );
}
