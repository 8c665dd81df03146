import * as fs from 'node:fs';
import * as path from 'node:path';

/** At most this many source files of a package are listed; a larger one is too large to read through. */
const MAX_PACKAGE_FILES = 2000;
/** JavaScript and TypeScript sources, declaration files included. */
export const SOURCE_FILE = /\.[cm]?[jt]sx?$/;
const SKIPPED = new Set(['node_modules', '.git']);

/** Source files of a package by its folder (undefined: more than MAX_PACKAGE_FILES), kept until cleared. */
const filesByRoot = new Map<string, string[] | undefined>();

/**
 * The source files under a package's folder, its own `node_modules` and `.git` left out; undefined
 * when there are more than 2,000. Listed once per folder and kept: the questions that read a
 * package's files (is a script loaded, who calls a factory) are asked of files about to be reported.
 */
export function packageSourceFiles(root: string): string[] | undefined {
  if (filesByRoot.has(root)) return filesByRoot.get(root);
  const files: string[] = [];
  const pending = [root];
  let result: string[] | undefined = files;
  while (pending.length > 0 && result) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) pending.push(full);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(full);
      if (files.length > MAX_PACKAGE_FILES) result = undefined;
    }
  }
  filesByRoot.set(root, result);
  return result;
}

/** Forgets the package files listed so far (the workspace calls it when files are added or removed). */
export function clearPackageFilesCache(): void {
  filesByRoot.clear();
}

/** A file's text, or undefined when it cannot be read or is larger than `maxBytes`. */
export function readText(file: string, maxBytes = Infinity): string | undefined {
  try {
    if (maxBytes !== Infinity && fs.statSync(file).size > maxBytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
