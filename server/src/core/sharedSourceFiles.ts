/**
 * Library declarations parsed and bound once, for every Project of the process: TypeScript's
 * `lib.*.d.ts` and the shipped `@types/node`, `@types/ws` and `undici-types` are 3 MB that each
 * run would parse and bind again (most of the CPU of checking one small file). The build patches
 * ts-morph's `createCompilerSourceFile` to ask this registry first (esbuild.mjs,
 * `sharedSourceFilesPatch`); nothing is shared until a registry is installed, which only the
 * start-up snapshot's builder does (cli/snapshotBuilder.ts).
 *
 * A shared file is returned only for the same path, the same language version and exactly the
 * same text, and only for a first version ("0"): an edited file is never served from here.
 * TypeScript keeps per-program checker state off the nodes, so a bound SourceFile can serve many
 * programs (its language service shares them the same way).
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
  let recording = true;
  let hits = 0;
  const shareable = (filePath: string) => filePath.endsWith('.d.ts') && roots.some((root) => filePath.startsWith(root));
  const registry: SharedSourceFiles = {
    lookup(filePath, snapshot, target, version) {
      if (version !== '0') return undefined;
      const file = files.get(filePath);
      if (!file || file.languageVersion !== target || file.text.length !== snapshot.getLength()) return undefined;
      if (snapshot.getText(0, file.text.length) !== file.text) return undefined;
      hits++;
      return file;
    },
    record(filePath, sourceFile, version) {
      if (recording && version === '0' && shareable(filePath)) files.set(filePath, sourceFile);
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
