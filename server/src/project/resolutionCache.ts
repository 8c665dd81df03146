import { Program, ts, type Project } from 'ts-morph';

/**
 * Module resolution kept from one program to the next. ts-morph's compiler host brings no
 * resolution cache, so TypeScript made a new one for every program: after each edit it resolved the
 * edited file's imports again and, for every file of the program (~550 per package of the 10,000-file
 * monorepo), looked for the package.json that decides the file's module format
 * (`getCreateSourceFileOptions`) from scratch. Given a lasting cache (`getModuleResolutionCache`,
 * `resolveModuleNameLiterals`, as tsserver's hosts do) TypeScript reuses it.
 *
 * Results stay those of a fresh cache while the same files exist: `forgetResolutions` when a file
 * appears or disappears, or the Project gains a file (an open document's overlay). That also
 * makes the next program resolve every file's imports again: TypeScript otherwise keeps the
 * resolutions of files whose text did not change, and an import of a file created since stayed unresolved.
 */

interface State {
  /** The Project's compiler options, as the caches are made for them. */
  options: () => ts.CompilerOptions;
  caches?: { modules: ts.ModuleResolutionCache; typeReferences: ts.TypeReferenceDirectiveResolutionCache };
  /** The next program resolves every file's imports again (files appeared or disappeared). */
  invalidated: boolean;
  /** A program was made since `invalidated` was set. */
  programMade: boolean;
}

type CompilerHost = ts.CompilerHost & { [KEPT]?: true };
type ResettableProgram = { _reset(rootNames: readonly string[], host: CompilerHost): void };

const KEPT = Symbol('socklint.keptResolutions');
/** By ts-morph's Program wrapper: one per Project, kept for the Project's life. */
const states = new WeakMap<object, State>();
let installed = false;

// ts-morph hands its compiler host to its Program on every reset (each file added or changed) and
// keeps it private otherwise: the reset is where the host can be given the cache.
function install(): void {
  if (installed) return;
  installed = true;
  const proto = Program.prototype as unknown as ResettableProgram;
  const original = proto._reset;
  proto._reset = function (this: object, rootNames, host) {
    const state = states.get(this);
    if (state) {
      if (!host[KEPT]) keepOn(state, host);
      if (state.programMade) state.invalidated = false;
    }
    original.call(this, rootNames, host);
  };
}

// What TypeScript calls with the cache it would otherwise make per program (createProgram, program.ts).
const internal = ts as unknown as {
  loadWithModeAwareCache: (...args: unknown[]) => readonly unknown[];
  createModuleResolutionLoader: unknown;
  createTypeReferenceResolutionLoader: unknown;
  createGetCanonicalFileName: (useCaseSensitiveFileNames: boolean) => (fileName: string) => string;
};

function cachesOf(state: State, host: CompilerHost): NonNullable<State['caches']> {
  if (!state.caches) {
    const cwd = host.getCurrentDirectory();
    // As createProgram makes it (ts-morph's getCanonicalFileName normalizes the whole path on each call).
    const canonical = internal.createGetCanonicalFileName(host.useCaseSensitiveFileNames());
    const modules = ts.createModuleResolutionCache(cwd, canonical, state.options());
    // The internal fifth argument: the module cache's redirect keys, as createProgram passes them.
    const redirectsKey = (modules as unknown as { optionsToRedirectsKey: unknown }).optionsToRedirectsKey;
    const createTypeReferences = ts.createTypeReferenceDirectiveResolutionCache as unknown as (...args: unknown[]) => ts.TypeReferenceDirectiveResolutionCache;
    state.caches = { modules, typeReferences: createTypeReferences(cwd, canonical, undefined, modules.getPackageJsonInfoCache(), redirectsKey) };
  }
  return state.caches;
}

function keepOn(state: State, host: CompilerHost): void {
  host[KEPT] = true;
  const withCache = host as CompilerHost & { getModuleResolutionCache(): ts.ModuleResolutionCache };
  // Asked once at the start of each program.
  withCache.getModuleResolutionCache = () => {
    state.programMade = true;
    return cachesOf(state, host).modules;
  };
  withCache.hasInvalidatedResolutions = () => state.invalidated;
  withCache.resolveModuleNameLiterals = (literals, containingFile, redirected, options, containingSourceFile) =>
    internal.loadWithModeAwareCache(
      literals,
      containingFile,
      redirected,
      options,
      containingSourceFile,
      host,
      cachesOf(state, host).modules,
      internal.createModuleResolutionLoader,
    ) as ts.ResolvedModuleWithFailedLookupLocations[];
  withCache.resolveTypeReferenceDirectiveReferences = (references, containingFile, redirected, options, containingSourceFile) =>
    internal.loadWithModeAwareCache(
      references,
      containingFile,
      redirected,
      options,
      containingSourceFile,
      host,
      cachesOf(state, host).typeReferences,
      internal.createTypeReferenceResolutionLoader,
    ) as ts.ResolvedTypeReferenceDirectiveWithFailedLookupLocations[];
}

/** From the Project's next program on, module resolutions and package.json lookups are kept across programs. */
export function keepResolutions(project: Project): void {
  install();
  const state: State = { options: () => project.compilerOptions.get(), invalidated: false, programMade: false };
  states.set(project.getProgram(), state);
  // Options set after creation (withoutImplicitDom) start a new cache.
  project.compilerOptions.onModified(() => (state.caches = undefined));
}

/** Files appeared or disappeared: the next program resolves every import afresh. */
export function forgetResolutions(project: Project): void {
  const state = states.get(project.getProgram());
  if (!state) return;
  state.caches = undefined;
  state.invalidated = true;
  state.programMade = false;
  // A new program even when no file of the Project changed.
  (project.getLanguageService() as unknown as { _reset(): void })._reset();
}
