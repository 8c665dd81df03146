/**
 * Library declarations parsed and bound once, for every Project of the process: TypeScript's
 * `lib.*.d.ts` and the shipped `@types/node`, `@types/ws` and `undici-types` are 3 MB that each
 * run would parse and bind again (most of the CPU of checking one small file). The build patches
 * ts-morph's `createCompilerSourceFile` to ask this registry first (esbuild.mjs,
 * `sharedSourceFilesPatch`); nothing is shared until a registry is installed, which only the
 * start-up snapshot's builder does (cli/snapshotBuilder.ts).
 *
 * A shared file is returned only for the same language version and exactly the same text, and only
 * for a first version ("0"): an edited file is never served from here. It is looked up by its path,
 * else by its path inside its package (after the last `node_modules/`): a project with its own copy
 * of the same `@types/node` (the same text, file by file) gets the parsed and bound one instead of
 * parsing 2 MB again. TypeScript keeps per-program checker state off the nodes, so a bound
 * SourceFile can serve many programs (its language service shares them the same way); a program
 * names the file it is given after the path it asked for, so one SourceFile serves one path at a
 * time: until `releaseSharedSourceFiles()` (its project disposed), another path asking for it parses
 * its own.
 */
import type { ts } from 'ts-morph';

export const SHARED_SOURCE_FILES = Symbol.for('socklint.sharedSourceFiles');

interface Snapshot {
  getLength(): number;
  getText(start: number, end: number): string;
}

export interface SharedSourceFiles {
  lookup(filePath: string, snapshot: Snapshot, target: unknown, version: string): ts.SourceFile | undefined;
  record(filePath: string, sourceFile: ts.SourceFile, version: string): void;
  /** Every file lent to a path becomes free again (called when a project is disposed). */
  release(): void;
}

export interface SharedSourceFilesControl {
  /** Stops adding files: what was recorded stays shared. */
  stopRecording(): void;
  readonly size: number;
  readonly hits: number;
}

/** Installs the registry on the global object; files under `roots` are recorded while recording is on. */
export function shareLibrarySourceFiles(roots: readonly string[]): SharedSourceFilesControl {
  const files = new Map<string, ts.SourceFile>();
  const byPackagePath = new Map<string, ts.SourceFile>();
  /** The path each file serves in the live project (a program renames the file it is given). */
  const lentTo = new Map<ts.SourceFile, string>();
  let recording = true;
  let hits = 0;
  const shareable = (filePath: string) => filePath.endsWith('.d.ts') && roots.some((root) => filePath.startsWith(root));
  const registry: SharedSourceFiles = {
    lookup(filePath, snapshot, target, version) {
      if (version !== '0') return undefined;
      const packagePath = packagePathOf(filePath);
      const file = files.get(filePath) ?? (packagePath === undefined ? undefined : byPackagePath.get(packagePath));
      if (!file || file.languageVersion !== target || file.text.length !== snapshot.getLength()) return undefined;
      const lent = lentTo.get(file);
      if (lent !== undefined && lent !== filePath) return undefined;
      if (snapshot.getText(0, file.text.length) !== file.text) return undefined;
      lentTo.set(file, filePath);
      // What the program sets too; ts-morph files its wrapper under this name before that.
      file.fileName = filePath;
      hits++;
      return file;
    },
    record(filePath, sourceFile, version) {
      if (!recording || version !== '0' || !shareable(filePath)) return;
      files.set(filePath, sourceFile);
      const packagePath = packagePathOf(filePath);
      if (packagePath !== undefined && !byPackagePath.has(packagePath)) byPackagePath.set(packagePath, sourceFile);
    },
    release() {
      lentTo.clear();
    },
  };
  (globalThis as Record<symbol, unknown>)[SHARED_SOURCE_FILES] = registry;
  return {
    stopRecording: () => void (recording = false),
    get size() {
      return files.size;
    },
    get hits() {
      return hits;
    },
  };
}

/** A file's path inside its installed package (`@types/node/net.d.ts`), or undefined outside node_modules. */
function packagePathOf(filePath: string): string | undefined {
  const i = filePath.replace(/\\/g, '/').lastIndexOf('/node_modules/');
  return i < 0 ? undefined : filePath.slice(i + '/node_modules/'.length).replace(/\\/g, '/');
}

/** Frees the files lent to the paths of a project that is disposed (nothing to do without a registry). */
export function releaseSharedSourceFiles(): void {
  (globalThis as Record<symbol, SharedSourceFiles | undefined>)[SHARED_SOURCE_FILES]?.release();
}
