/**
 * V8's code cache for the command bundles (dist/cli-check.js is 15 MB of JavaScript): compiling it
 * costs about 0.3 s of CPU on every run, a sixth of checking one file (`npm run bench`, start-up).
 * Node 22 and later do this themselves (module.enableCompileCache); on Node 20 the bundles beside the
 * dispatcher are compiled through vm.Script with the cached data of the previous run, written when
 * the process exits (it then holds the functions the run compiled lazily too). Anything wrong with
 * the cache means a plain compile; SOCKLINT_NO_CODE_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface ModuleInternals {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(source: string): string;
  _extensions: Record<string, (module: NodeJS.Module, filename: string) => void>;
}

/** socklint's cache folder for code it will run (the code cache, the start-up snapshot). */
export function cacheFolder(): string {
  return path.join(os.tmpdir(), `socklint-code-cache-${process.getuid?.() ?? 'user'}`);
}

/**
 * Whether a folder is ours and nobody else can write in it: what is cached there runs (V8 checks
 * cached data against the source's length, not its text, so another user's file could run their code).
 */
export function isPrivateFolder(dir: string): boolean {
  try {
    const folder = fs.statSync(dir);
    return folder.uid === process.getuid?.() && (folder.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

export function enableCodeCache(bundleDir: string): void {
  if (process.env.SOCKLINT_NO_CODE_CACHE) return;
  const internals = Module as unknown as ModuleInternals;
  const dir = cacheFolder();
  if (typeof internals.enableCompileCache === 'function') {
    internals.enableCompileCache(dir);
    return;
  }
  const plain = internals._extensions['.js'];
  internals._extensions['.js'] = function (module, filename) {
    if (path.dirname(filename) !== bundleDir) return plain.call(this, module, filename);
    let compiled: ((...args: unknown[]) => void) | undefined;
    try {
      compiled = compileWithCache(internals, filename, dir);
    } catch {
      compiled = undefined;
    }
    if (!compiled) return plain.call(this, module, filename);
    compiled.call(module.exports, module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
  };
}

function compileWithCache(internals: ModuleInternals, filename: string, dir: string): (...args: unknown[]) => void {
  const stat = fs.statSync(filename);
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const prefix = `${path.basename(filename)}-`;
  const cacheFile = path.join(dir, `${prefix}${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    if (isPrivateFolder(dir)) cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(filename, 'utf8').replace(/^#!.*/, '');
  const script = new vm.Script(internals.wrap(source), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!isPrivateFolder(dir)) return;
        // Caches of earlier builds of this bundle go; the new one appears whole (rename).
        for (const old of fs.readdirSync(dir)) if (old.startsWith(prefix) && old !== path.basename(cacheFile)) fs.rmSync(path.join(dir, old), { force: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      } catch {
        // A cache that cannot be written costs the next run its compile time, nothing else.
      }
    });
  }
  return script.runInThisContext() as (...args: unknown[]) => void;
}
