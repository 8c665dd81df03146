import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYSED_EXTENSIONS } from './project';

/** Folders skipped while walking unless a given path names them: dependencies, build output, VCS. */
export const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.hg', '.svn', '.next', '.nuxt', '.cache']);
const BUILD_OUTPUT = new Set(['dist', 'build', 'out', 'coverage']);
/** Skipped folders that may hold code the user means to check: the CLI says it skipped them. */
const MENTIONED_WHEN_SKIPPED = new Set(['dist', 'build', 'out']);

export class PathError extends Error {}

export interface Discovery {
  /** Absolute real paths, sorted, each once. */
  files: string[];
  warnings: string[];
  /** Build-output folders (dist, build, out) skipped by default below a given folder: absolute paths. */
  skippedFolders: string[];
}

/** Declaration files hold no code to check. */
function isDeclarationFile(name: string): boolean {
  return /\.d\.[cm]?ts$/.test(name) || /\.d\.[^.]+\.ts$/.test(name);
}

export function isAnalysedFile(name: string): boolean {
  return ANALYSED_EXTENSIONS.has(path.extname(name).toLowerCase()) && !isDeclarationFile(name);
}

/**
 * Which folder names the walk below `root` skips. A skipped name that the given path itself
 * contains is walked (`check node_modules/ws`); inside installed packages build output is the
 * code itself (`dist/`), so it is walked too.
 */
function skippedBelow(root: string): Set<string> {
  const segments = new Set(path.resolve(root).split(path.sep));
  const skipped = new Set([...SKIPPED_FOLDERS].filter((name) => !segments.has(name)));
  if (segments.has('node_modules')) for (const name of BUILD_OUTPUT) skipped.delete(name);
  return skipped;
}

/**
 * Finds the files to check under the given paths (files or folders). Symbolic links are followed
 * once per real folder, so a link loop ends. Throws PathError for a path that does not exist.
 */
export function discoverFiles(paths: readonly string[], cwd: string): Discovery {
  const files = new Set<string>();
  const warnings: string[] = [];
  const skippedFolders: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new PathError(`${given}: symbolic link loop`);
      throw new PathError(`${given}: no such file or directory`);
    }
    if (stat.isFile()) {
      if (ANALYSED_EXTENSIONS.has(path.extname(absolute).toLowerCase())) files.add(fs.realpathSync(absolute));
      else warnings.push(`${given}: not a JavaScript/TypeScript file, skipped`);
    } else if (stat.isDirectory()) {
      walk(absolute, skippedBelow(absolute), new Set(), files, warnings, skippedFolders);
    }
  }
  return { files: [...files].sort(), warnings, skippedFolders };
}

function walk(dir: string, skipped: Set<string>, seen: Set<string>, files: Set<string>, warnings: string[], skippedFolders: string[]): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    warnings.push(`${dir}: unreadable (broken or looping symbolic link), skipped`);
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    warnings.push(`${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}), skipped`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // A dangling or looping link has nothing to check.
      }
    }
    if (isDir) {
      if (!skipped.has(entry.name)) walk(full, skipped, seen, files, warnings, skippedFolders);
      else if (MENTIONED_WHEN_SKIPPED.has(entry.name)) skippedFolders.push(full);
    } else if (isFile && isAnalysedFile(entry.name)) {
      try {
        files.add(fs.realpathSync(full));
      } catch {
        // Vanished while walking.
      }
    }
  }
}
