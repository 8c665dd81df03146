/**
 * `socklint check --cache`: each file's findings kept between runs, keyed by everything they depend
 * on — the file's text, the text of every file it imports (relative imports, followed transitively),
 * the configuration files above it (socklint.config.json, package.json with engines.node,
 * tsconfig/jsconfig, lockfiles for installed packages' types), the options that change results, the
 * socklint version and the Node.js version. A file whose key matches is not analysed again.
 *
 * Only clean outcomes are kept: a file with a warning of its own (not checked, a syntax error, a
 * dropped fix), or any run with a warning that names no file or a rule that failed, is analysed
 * again next time, so a warm run prints what a cold one prints.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles } from '../core/discover';
import type { Finding } from '../core/rule';
import { runCheck, shownPath, type FileOutcome, type RunOptions, type RunResult } from '../core/runner';

export const DEFAULT_CACHE_FILE = '.socklintcache';
const FORMAT = 1;

/** `null`: the file was given to the run and produced no outcome (ignored by the configuration). */
type Cached = Finding[] | null;

interface CacheFile {
  format: number;
  entries: Record<string, { key: string; findings: Cached }>;
}

/** Where the cache lives: --cache-location as a file, or a folder (existing, or ending in a separator) holding .socklintcache. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const isFolder = /[\\/]$/.test(location) || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory());
  return isFolder ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

const CONTEXT_FILES = [
  'socklint.config.json',
  'package.json',
  'tsconfig.json',
  'jsconfig.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
];
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];
// import … from './x', export … from './x', import './x', import('./x'), require('./x')
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])(\.\.?(?:\/[^'"`\n]*)?)\1/g;

function sha(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** Computes keys; reads each file and folder once per run. */
export class CacheKeys {
  private readonly texts = new Map<string, string | undefined>();
  private readonly folderHashes = new Map<string, string>();
  private readonly importsOf = new Map<string, string[]>();

  /** `salt`: the socklint version, Node version and the options that change results. */
  constructor(private readonly salt: string) {}

  private read(file: string): string | undefined {
    if (!this.texts.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file, 'latin1');
      } catch {
        text = undefined;
      }
      this.texts.set(file, text);
    }
    return this.texts.get(file);
  }

  /** The configuration files of a folder and every folder above it. */
  private folderHash(dir: string): string {
    let hash = this.folderHashes.get(dir);
    if (hash === undefined) {
      const parent = path.dirname(dir);
      const own = CONTEXT_FILES.map((name) => `${name}=${this.read(path.join(dir, name)) ?? ''}`);
      hash = sha(parent === dir ? '' : this.folderHash(parent), ...own);
      this.folderHashes.set(dir, hash);
    }
    return hash;
  }

  private resolve(from: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(from), specifier);
    const candidates = [base];
    // TypeScript's ESM style: './x.js' names './x.ts'.
    const js = /\.(m|c)?js$/.exec(base);
    if (js) candidates.push(base.replace(/\.(m|c)?js$/, `.${js[1] ?? ''}ts`), base.replace(/\.js$/, '.tsx'));
    candidates.push(...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)));
    for (const c of candidates) {
      try {
        if (fs.statSync(c).isFile()) return c;
      } catch {
        // not this one
      }
    }
    return undefined;
  }

  private directImports(file: string): string[] {
    let imports = this.importsOf.get(file);
    if (!imports) {
      imports = [];
      const text = this.read(file) ?? '';
      for (const m of text.matchAll(RELATIVE_IMPORT)) {
        const resolved = this.resolve(file, m[2]);
        if (resolved && !imports.includes(resolved)) imports.push(resolved);
      }
      this.importsOf.set(file, imports);
    }
    return imports;
  }

  /** The file's key; undefined when it cannot be read (it is analysed, and reported, as usual). */
  keyOf(file: string): string | undefined {
    const text = this.read(file);
    if (text === undefined) return undefined;
    const closure = new Set<string>([file]);
    const queue = [file];
    while (queue.length) for (const dep of this.directImports(queue.pop()!)) if (!closure.has(dep) && closure.add(dep)) queue.push(dep);
    const deps = [...closure].filter((f) => f !== file).sort();
    return sha(this.salt, text, this.folderHash(path.dirname(file)), ...deps.flatMap((d) => [d, this.read(d) ?? '', this.folderHash(path.dirname(d))]));
  }
}

export class ResultCache {
  private readonly entries: CacheFile['entries'];

  constructor(private readonly file: string) {
    let entries: CacheFile['entries'] = {};
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') entries = parsed.entries;
    } catch {
      // No cache yet, or one from another format: start empty.
    }
    this.entries = entries;
  }

  get(filePath: string, key: string | undefined): Cached | undefined {
    const entry = key === undefined ? undefined : this.entries[filePath];
    return entry && entry.key === key ? entry.findings : undefined;
  }

  set(filePath: string, key: string, findings: Cached): void {
    this.entries[filePath] = { key, findings };
  }

  /** Writes the cache (entries of deleted files dropped) through a temporary file, never half-written. */
  save(): void {
    for (const filePath of Object.keys(this.entries)) if (!fs.existsSync(filePath)) delete this.entries[filePath];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ format: FORMAT, entries: this.entries } satisfies CacheFile));
    fs.renameSync(temporary, this.file);
  }
}

/**
 * runCheck through the cache: files whose key matches take their stored findings, the others are
 * checked (one run over them, by `check`: in this thread or on worker threads) and stored when clean.
 * Not for --fix (which writes files).
 */
export async function runCheckWithCache(
  options: RunOptions,
  cache: ResultCache,
  keys: CacheKeys,
  check: (options: RunOptions) => RunResult | Promise<RunResult> = runCheck,
): Promise<RunResult> {
  const discovery = discoverFiles(options.paths, options.cwd);
  const hits: FileOutcome[] = [];
  const misses: { filePath: string; key: string | undefined }[] = [];
  for (const filePath of discovery.files) {
    const key = keys.keyOf(filePath);
    const cached = cache.get(filePath, key);
    if (cached === undefined) misses.push({ filePath, key });
    else if (cached !== null) hits.push({ filePath, findings: cached });
  }
  const run: RunResult = misses.length
    ? await check({ ...options, paths: misses.map((m) => m.filePath) })
    : { files: [], warnings: [], internalErrors: [], skippedFolders: [] };

  const prefixes = new Map(misses.map((m) => [m.filePath, `${shownPath(options.cwd, m.filePath)}:`]));
  const runWarnings = run.warnings.filter((w) => !discovery.warnings.includes(w));
  const unattributed = runWarnings.some((w) => ![...prefixes.values()].some((p) => w.startsWith(p)));
  if (run.internalErrors.length === 0 && !unattributed) {
    const outcomes = new Map(run.files.map((f) => [f.filePath, f.findings]));
    for (const { filePath, key } of misses) {
      if (key === undefined || runWarnings.some((w) => w.startsWith(prefixes.get(filePath)!))) continue;
      cache.set(filePath, key, outcomes.get(filePath) ?? null);
    }
  }
  const files = [...hits, ...run.files].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { files, warnings: [...discovery.warnings, ...runWarnings], internalErrors: run.internalErrors, skippedFolders: discovery.skippedFolders };
}
