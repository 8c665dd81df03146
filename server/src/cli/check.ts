import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/config';
import { PathError } from '../core/discover';
import { planCheck, runPlan, type RunOptions, type RunResult } from '../core/runner';
import { parseNodeVersion } from '../core/nodeVersion';
import { rules } from '../rules';
import { parseCheckArgs, UsageError, type CheckArgs } from './args';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import type { FileReport, FormatContext } from './formatters/types';
import { Progress } from './progress';
import { checkedNotice } from './checkedNotice';
import { useColor } from './color';
import { CacheKeys, cacheFilePath, ResultCache, runCheckWithCache } from './cache';
import { runPlanInWorkers, workersFor } from './parallel';
import { shardPlan } from './shard';
import type { Shard } from './shard';

export const CHECK_USAGE = `Usage: socklint check [paths...] [options]

Checks JavaScript/TypeScript files and folders (default: .) for unsafe socket lifecycle code.

Options:
  -f, --format <name>      stylish (default), json (ESLint's JSON shape) or sarif (SARIF 2.1.0)
  -c, --config <file>      use this socklint.config.json (or package.json) for every file
      --fix                apply fixes and write the files
      --max-warnings <n>   exit 1 when there are more than n warnings
  -q, --quiet              report errors only
      --node-version <v>   assume this Node.js version (otherwise engines.node, config, 24)
      --max-file-size <n>  skip larger files: bytes, or e.g. 512kb, 2mb; 0 for no limit
                           (otherwise the config's maxFileSize, else 1mb)
      --cache              reuse the findings of files unchanged since the last run (with the
                           files they import and their configuration); not with --fix
      --cache-location <p> the cache file, or a folder for it (default: ./.socklintcache)
      --shard <i/n>        check only the i-th of n shares of the files (each file in exactly
                           one share, projects kept together): n CI jobs, one check
  -j, --jobs <n>           worker threads (default: the CPUs available but one, up to 8, on a
                           machine with more than 2 and a large run; 1: this thread only;
                           --fix runs in this thread)
  -h, --help               show this help

Exit codes: 0 clean, 1 errors (or too many warnings), 2 usage or fatal error.`;

export interface CheckIo {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  version: string;
}

/** What every cached result depends on besides its files: socklint, Node.js, the rules and the options. */
function cacheSalt(args: CheckArgs, io: CheckIo): string {
  const configText = args.config === undefined ? '' : fs.readFileSync(path.resolve(io.cwd, args.config), 'utf8');
  // The code itself too (its hash, ~30 ms): a rebuilt socklint of the same version may find other things.
  const bundle = createHash('sha256').update(fs.readFileSync(__filename)).digest('hex');
  return JSON.stringify([
    io.version,
    bundle,
    process.version,
    rules.map((r) => r.meta.id),
    args.nodeVersion ?? null,
    args.maxFileSize ?? null,
    args.config ?? null,
    configText,
  ]);
}

/** Plans, keeps this shard's share, and checks it in this thread or on worker threads. */
async function execute(options: RunOptions, shard: Shard | undefined, jobs: number | undefined): Promise<RunResult> {
  let plan = planCheck(options);
  if (shard) plan = shardPlan(plan, shard);
  const workers = options.fix ? 1 : workersFor(plan, jobs);
  return workers > 1 ? runPlanInWorkers(plan, options, workers) : runPlan(plan, options);
}

/**
 * --cache with --shard: the shard's files are those of its share of the whole plan; the cache then
 * works on them as on any list of files (warnings and skipped folders: the whole run's).
 */
async function executeShardWithCache(options: RunOptions, shard: Shard, jobs: number | undefined, cache: ResultCache, keys: CacheKeys): Promise<RunResult> {
  const plan = shardPlan(planCheck({ ...options, onProgress: undefined }), shard);
  const files = [...plan.settled.map((f) => f.filePath), ...plan.groups.flatMap((g) => g.inputs.map((input) => input.filePath))];
  if (files.length === 0) return { files: [], warnings: plan.discoveryWarnings, internalErrors: [], skippedFolders: plan.skippedFolders };
  const result = await runCheckWithCache({ ...options, paths: files }, cache, keys, (o) => execute(o, undefined, jobs));
  return { ...result, warnings: [...plan.discoveryWarnings, ...result.warnings], skippedFolders: plan.skippedFolders };
}

/** `socklint check`: returns the exit code. Bad input becomes a one-line message and exit 2. */
export async function runCheckCommand(argv: string[], io: CheckIo): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`socklint: ${e.message}\nRun "socklint check --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (args.nodeVersion !== undefined && !parseNodeVersion(args.nodeVersion)) {
    io.stderr.write(`socklint: --node-version "${args.nodeVersion}" is not a Node.js version or range\n`);
    return 2;
  }
  if (args.config !== undefined && !fs.existsSync(path.resolve(io.cwd, args.config))) {
    io.stderr.write(`socklint: --config ${args.config}: no such file\n`);
    return 2;
  }

  const progress = new Progress(io.stderr);
  let result;
  try {
    const options: RunOptions = {
      paths: args.paths,
      cwd: io.cwd,
      rules,
      configFile: args.config,
      nodeVersion: args.nodeVersion,
      fix: args.fix,
      maxFileSize: args.maxFileSize,
      onProgress: (done: number, total: number) => progress.update(done, total),
    };
    if (args.cache && !args.fix) {
      const cache = new ResultCache(cacheFilePath(io.cwd, args.cacheLocation));
      const keys = new CacheKeys(cacheSalt(args, io));
      result = args.shard
        ? await executeShardWithCache(options, args.shard, args.jobs, cache, keys)
        : await runCheckWithCache(options, cache, keys, (o) => execute(o, undefined, args.jobs));
      try {
        cache.save();
      } catch (e) {
        io.stderr.write(`socklint: warning: the cache could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      }
    } else {
      result = await execute(options, args.shard, args.jobs);
    }
  } catch (e) {
    progress.clear();
    if (e instanceof PathError) {
      io.stderr.write(`socklint: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`socklint: invalid configuration: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  progress.clear();

  for (const warning of result.warnings) io.stderr.write(`socklint: warning: ${warning}\n`);
  for (const line of checkedNotice(result.skippedFolders, result.files.length, args.paths, io.cwd)) io.stderr.write(`socklint: ${line}\n`);
  for (const failure of result.internalErrors) {
    const more = failure.count > 1 ? ` (and ${failure.count - 1} more file${failure.count > 2 ? 's' : ''})` : '';
    io.stderr.write(`socklint: internal error in rule ${failure.ruleId} on ${path.relative(io.cwd, failure.filePath)}${more}: ${failure.message}\n`);
  }

  if (args.fix) {
    let fixed = 0;
    let fixedFiles = 0;
    for (const file of result.files) {
      if (file.fixedText === undefined) continue;
      try {
        fs.writeFileSync(file.filePath, file.fixedText);
      } catch (e) {
        io.stderr.write(`socklint: cannot write ${file.filePath} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
        return 2;
      }
      fixed += file.problemsFixed ?? 0;
      fixedFiles++;
    }
    const remaining = result.files.reduce((n, f) => n + f.findings.length, 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stderr.write(`socklint: fixed ${plural(fixed, 'problem')} in ${plural(fixedFiles, 'file')}; ${remaining} remain\n`);
  }

  const files: FileReport[] = result.files.map((f) => ({
    filePath: f.filePath,
    findings: args.quiet ? f.findings.filter((x) => x.severity === 'error') : f.findings,
  }));
  const context: FormatContext = { cwd: io.cwd, rules, version: io.version, color: useColor(io.env, io.stdout) };
  const output =
    args.format === 'json' ? `${formatJson(files)}\n` : args.format === 'sarif' ? `${formatSarif(files, context)}\n` : formatStylish(files, context);
  io.stdout.write(output);

  const all = files.flatMap((f) => f.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  // A rule that failed means the result is incomplete: that outranks the findings.
  if (result.internalErrors.length > 0) return 2;
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    io.stderr.write(`socklint: too many warnings (${warnings}, --max-warnings ${args.maxWarnings})\n`);
    return 1;
  }
  return 0;
}
