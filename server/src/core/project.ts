import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ts, type CompilerOptions } from 'ts-morph';
import { releaseSharedSourceFiles } from './sharedSourceFiles';
import { hasOwnTypes, ownTypeRoots, shippedTypeRoot } from './shippedTypes';

export const ANALYSED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts']);
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/**
 * The folder of the installed package holding the file (`…/node_modules/pkg` or `…/node_modules/@scope/pkg`),
 * or undefined outside node_modules.
 */
export function packageRoot(filePath: string): string | undefined {
  const parts = filePath.split(path.sep);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length - 1) return undefined;
  const end = parts[i + 1].startsWith('@') ? i + 3 : i + 2;
  return parts.slice(0, end).join(path.sep);
}

/** The nearest tsconfig.json/jsconfig.json at or above the file's folder, or undefined (inferred project). */
export function findProjectConfig(filePath: string, stopAt?: string): string | undefined {
  let dir = path.dirname(path.resolve(filePath));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (stopAt && dir === stopAt) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Options that let type queries resolve Node's and ws's types even where the project has none. */
function typeOptions(projectDir: string): CompilerOptions {
  const shipped = shippedTypeRoot();
  const options: CompilerOptions = {};
  const types: string[] = [];
  const typeRoots: string[] = [];
  types.push('node');
  if (!hasOwnTypes(projectDir, 'node')) {
    typeRoots.push(shipped);
  } else {
    // The project's own @types, named: with `types` unset these hosts include no @types at all (every
    // Node value would be `any`), and a bare `types: ['node']` resolves from the process's working
    // directory (the CLI's cwd, the editor's), not from the project.
    typeRoots.push(...ownTypeRoots(projectDir));
  }
  if (!hasOwnTypes(projectDir, 'ws')) {
    options.paths = { ws: [path.join(shipped, 'ws', 'index.d.ts')] };
  }
  if (typeRoots.length) {
    options.typeRoots = typeRoots;
    options.types = types;
  }
  return options;
}

export const INFERRED_OPTIONS: CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  // Node code: no DOM (1.5 MB of declarations to parse per project; browser WebSocket is never tracked anyway).
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  allowArbitraryExtensions: true,
  resolveJsonModule: false,
  maxNodeModuleJsDepth: 0,
};

/**
 * A ts-morph Project for a tsconfig (or an inferred one for `rootDir` when `configPath` is
 * undefined). Files are added by the caller. A broken tsconfig falls back to the inferred options.
 */
export function createProject(configPath: string | undefined, rootDir: string): { project: Project; warning?: string } {
  const dir = configPath ? path.dirname(configPath) : rootDir;
  const base = { skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true };
  if (configPath) {
    try {
      const project = new Project({
        ...base,
        tsConfigFilePath: configPath,
        compilerOptions: { allowJs: true, noEmit: true, skipLibCheck: true, ...typeOptions(dir) },
      });
      withoutImplicitDom(project);
      return { project };
    } catch (e) {
      const project = new Project({ ...base, compilerOptions: { ...INFERRED_OPTIONS, ...typeOptions(dir) } });
      return { project, warning: `${configPath} could not be read (${(e as Error).message.split('\n')[0]}); using default options` };
    }
  }
  return { project: new Project({ ...base, compilerOptions: { ...INFERRED_OPTIONS, ...typeOptions(dir) } }) };
}

/**
 * A tsconfig without `lib` gets its target's default library, DOM included: 1.5 MB of
 * declarations to parse and bind before the first result, for types no rule looks at (the rules
 * track Node's, ws's and undici's classes; browser WebSocket never). Such a project is given the
 * same library without DOM. A `lib` the tsconfig names is kept as it is.
 */
function withoutImplicitDom(project: Project): void {
  const options = project.compilerOptions.get();
  if (options.lib || options.noLib) return;
  const defaultLib = ts.getDefaultLibFileName(options);
  const withoutDom = defaultLib === 'lib.d.ts' ? 'lib.es5.d.ts' : defaultLib.replace(/\.full\.d\.ts$/, '.d.ts');
  project.compilerOptions.set({ lib: [withoutDom] });
}

/** Frees a project's language service (ts-morph has no dispose of its own). */
export function disposeProject(project: Project): void {
  try {
    project.getLanguageService().compilerObject.dispose();
  } catch {
    // Nothing to free.
  }
  releaseSharedSourceFiles();
}
