import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeRegExp } from './escapeRegExp';
import { SOURCE_FILE as SOURCE, packageSourceFiles, readText } from './packageFiles';
import { packageOf } from './testFiles';

/**
 * Whether a file is a script that a library keeps beside its code (`server.js` serving the repo's
 * demo pages, `tool/record.js`, `demo.js`): its package is a library (a `main` or `exports` that is
 * another file), the file is none of its entry points or `bin` commands, no `start` script,
 * Procfile, Dockerfile, compose file or process manager's configuration runs it, and no file of
 * the package loads it. Such a script is run by a maintainer at their machine; its server is
 * reached directly, not through a proxy. Read from the package's files: asked only of a file about
 * to be reported.
 */
export function isLibraryHelperScript(filePath: string): boolean {
  let answer = answers.get(filePath);
  if (answer === undefined) answers.set(filePath, (answer = decide(filePath)));
  return answer;
}

const answers = new Map<string, boolean>();

/** Forgets every answer (the workspace calls it when a package.json changes or everything is cleared). */
export function clearHelperScriptCache(): void {
  answers.clear();
}

/** Files that start a deployed service: a command in one of them that names the script runs it. */
const RUNNERS = [
  'Procfile',
  'Dockerfile',
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
  'ecosystem.config.js',
  'ecosystem.config.cjs',
  'ecosystem.json',
  'app.yaml',
  'app.json',
  'fly.toml',
  'render.yaml',
];

function decide(filePath: string): boolean {
  // Only a script saved in its package: the files around it say how it is run.
  if (!fs.existsSync(filePath)) return false;
  const pkg = packageOf(filePath);
  if (!pkg) return false;
  const { root, manifest } = pkg;
  const entries = [...strings(manifest.main), ...strings(manifest.exports)];
  // Code entries only (`exports` may also name `./package.json`).
  const library = entries.map((e) => resolveEntry(root, e)).filter((e): e is string => e !== undefined && SOURCE.test(e));
  if (library.length === 0 || library.includes(filePath)) return false;
  if (strings(manifest.bin).some((bin) => resolveEntry(root, bin) === filePath)) return false;
  const relative = path.relative(root, filePath);
  const named = new RegExp(`(?:^|[\\s/'"])(?:\\./)?${escapeRegExp(relative)}\\b`);
  const start = typeof (manifest.scripts as Record<string, unknown> | undefined)?.start === 'string' ? (manifest.scripts as Record<string, string>).start : '';
  if (named.test(start)) return false;
  for (const runner of RUNNERS) {
    const text = readText(path.join(root, runner));
    if (text !== undefined && text.includes(path.basename(filePath))) return false;
  }
  return !loadedByPackage(root, filePath);
}

/** Every string in a manifest field: `"main": "x"`, `"bin": { "a": "x" }`, nested `exports` conditions. */
function strings(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (field && typeof field === 'object') return Object.values(field).flatMap(strings);
  return [];
}

/** An entry as Node resolves it from the package folder: the file, with `.js`, or its folder's index. */
function resolveEntry(root: string, entry: string): string | undefined {
  const base = path.resolve(root, entry);
  for (const candidate of [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, path.join(base, 'index.js')]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/**
 * Whether a source file of the package names `filePath` in a string: loads it (`require('../server')`,
 * an index file by its folder, `require('./http-proxy/')`) or runs it by its path
 * (`path.resolve(__dirname, 'API', 'Serve.js')`, pm2's `pm2 serve`). True when the package is too
 * large to read.
 */
function loadedByPackage(root: string, filePath: string): boolean {
  const base = path.basename(filePath);
  const stem = base.replace(SOURCE, '');
  const folder = path.basename(path.dirname(filePath));
  const names = [
    // The file with its extension, in any path.
    String.raw`['"\`](?:[^'"\`\n]*/)?${escapeRegExp(stem)}\.[cm]?[jt]sx?['"\`]`,
    // A path ending in its name, or (an index file) in its folder's.
    String.raw`['"\`][^'"\`\n]*/${escapeRegExp(stem)}/?['"\`]`,
    ...(stem === 'index' ? [String.raw`['"\`][^'"\`\n]*\b${escapeRegExp(folder)}/?['"\`]`] : []),
  ];
  const namesIt = new RegExp(names.join('|'));
  const hint = stem === 'index' ? folder : stem;
  // A package too large to read counts as one that may load it.
  const files = packageSourceFiles(root);
  if (!files) return true;
  return files.some((file) => {
    if (file === filePath) return false;
    const text = readText(file);
    return text !== undefined && text.includes(hint) && namesIt.test(text);
  });
}
