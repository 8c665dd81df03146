import { parseArgs } from 'node:util';
import { parseSize } from '../core/config';
import { parseShard, type Shard } from './shard';

export class UsageError extends Error {}

export type Format = 'stylish' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif'];

export interface CheckArgs {
  paths: string[];
  format: Format;
  config?: string;
  fix: boolean;
  maxWarnings?: number;
  quiet: boolean;
  nodeVersion?: string;
  /** Bytes; 0 for no limit. */
  maxFileSize?: number;
  /** Reuse the findings of unchanged files (see cache.ts); `cacheLocation`: the cache file or its folder. */
  cache: boolean;
  cacheLocation?: string;
  /** This run checks only its share of the files (CI jobs splitting one check). */
  shard?: Shard;
  /** Worker threads; undefined: chosen from the CPUs available. */
  jobs?: number;
  help: boolean;
}

/** Parses `check`'s arguments; throws UsageError with a one-line reason. */
export function parseCheckArgs(argv: string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        fix: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'node-version': { type: 'string' },
        'max-file-size': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        shard: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^-?\d+$/.test(values['max-warnings']) || maxWarnings < -1)
      throw new UsageError(`--max-warnings must be a whole number (got "${values['max-warnings']}")`);
  }
  if (values.config !== undefined && values.config.trim() === '') throw new UsageError('--config needs a file');
  if (values['cache-location'] !== undefined && values['cache-location'].trim() === '') throw new UsageError('--cache-location needs a file or folder');
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSize = parseSize(values['max-file-size']);
    if (maxFileSize === undefined) throw new UsageError(`--max-file-size must be a size such as 1048576, 512kb or 2mb (got "${values['max-file-size']}")`);
  }
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    const parsed = parseShard(values.shard);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    shard = parsed;
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1 (got "${values.jobs}")`);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format,
    config: values.config,
    fix: values.fix ?? false,
    maxWarnings,
    quiet: values.quiet ?? false,
    nodeVersion: values['node-version'],
    maxFileSize,
    cache: values.cache ?? false,
    cacheLocation: values['cache-location'],
    shard,
    jobs,
    help: values.help ?? false,
  };
}
