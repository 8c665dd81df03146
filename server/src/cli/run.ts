// `socklint run -- <command>`: the command runs as it would without socklint (same stdio, same
// exit code); every Node process it starts reports, when it ends, the sockets, servers and timers
// it left open, by creation line. Exit 1 when any were left (run section of socklint.config.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_RUN_CONFIG, findConfigFile, resolveConfig, validateConfig, type RunConfig } from '../core/config';
import { summarize } from '../run/leftovers';
import { formatRunReport } from '../run/format';
import { supervise } from '../run/supervise';
import { commandOf } from '../run/leftovers';
import { FORMATS, UsageError, type Format } from './args';
import { useColor } from './color';

export const RUN_USAGE = `Usage: socklint run [options] -- <command> [args...]

Runs the command (npm test, mocha, node --test, node server.js, ...) with creation-site tracing
in every Node.js process it starts, children included (through NODE_OPTIONS), and reports the
sockets, servers and timers each process left open when it ended, by the line that created them.
The command's output and exit code are passed through; the report goes to stderr or --output.

Options:
  -f, --format <name>    stylish (default), json or sarif
  -o, --output <file>    write the report to this file instead of stderr
  -c, --config <file>    socklint.config.json (or package.json) with a "run" section
      --leaks            also trace timers and sockets that net.connect does not create
                         (tls.connect, new net.Socket().connect) through async_hooks: slower
      --idle-exit <s>    when every traced process has been idle for s seconds while the command
                         still runs (e.g. mocha or node --test kept alive by a leaked socket),
                         report what they hold open and stop the command (default: config, 0 = never)
  -h, --help             show this help

Exit codes: the command's own when it fails; otherwise 1 when anything was left open (more than
run.maxOpen) or the command was stopped after --idle-exit, else 0. 2: usage or configuration error.`;

export interface RunArgs {
  command: string[];
  format: Format;
  output?: string;
  config?: string;
  leaks: boolean;
  idleExit?: number;
  help: boolean;
}

/** Options come before the command; `--` separates them (without it, the first non-option starts the command). */
export function parseRunArgs(argv: string[]): RunArgs {
  let split = argv.indexOf('--');
  if (split < 0) {
    const withValue = new Set(['-f', '--format', '-o', '--output', '-c', '--config', '--idle-exit']);
    split = argv.length;
    for (let i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith('-')) {
        split = i;
        break;
      }
      if (withValue.has(argv[i])) i++;
    }
  }
  const own = argv.slice(0, split);
  const command = argv.slice(argv[split] === '--' ? split + 1 : split);
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        leaks: { type: 'boolean' },
        'idle-exit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  let idleExit: number | undefined;
  if (values['idle-exit'] !== undefined) {
    idleExit = Number(values['idle-exit']);
    if (!/^\d+(\.\d+)?$/.test(values['idle-exit'])) throw new UsageError(`--idle-exit must be a number of seconds (got "${values['idle-exit']}")`);
  }
  if (!values.help && command.length === 0) throw new UsageError('no command to run (socklint run [options] -- <command> [args...])');
  return { command, format, output: values.output, config: values.config, leaks: values.leaks ?? false, idleExit, help: values.help ?? false };
}

export interface RunIo {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  version: string;
  /** dist/run-preload.js */
  preload: string;
}

/**
 * The `run` section of the nearest configuration (or --config), validated by the configuration's
 * schema. Only that section: `socklint run` does not load the rules (and the analyzer they bring).
 */
function loadRunConfig(args: RunArgs, cwd: string): { config: RunConfig; root: string } {
  const file = args.config ? path.resolve(cwd, args.config) : findConfigFile(cwd);
  if (!file) return { config: DEFAULT_RUN_CONFIG, root: cwd };
  if (!fs.existsSync(file)) throw new ConfigError(file, 'does not exist');
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, `is not valid JSON (${(e as Error).message})`);
  }
  const isPackage = path.basename(file) === 'package.json';
  const section = ((isPackage ? (data as { socklint?: { run?: unknown } })?.socklint : data) as { run?: unknown } | undefined)?.run;
  const user = validateConfig(section === undefined ? {} : { run: section }, isPackage ? `${file} ("socklint" key)` : file, []);
  return { config: resolveConfig(user, []).run, root: path.dirname(file) };
}

/** `socklint run`: returns the exit code. */
export async function runRunCommand(argv: string[], io: RunIo): Promise<number> {
  let args: RunArgs;
  let config: RunConfig;
  let root: string;
  try {
    args = parseRunArgs(argv);
    if (args.help) {
      io.stdout.write(`${RUN_USAGE}\n`);
      return 0;
    }
    ({ config, root } = loadRunConfig(args, io.cwd));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`socklint: ${e.message}\nRun "socklint run --help" for usage.\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`socklint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!fs.existsSync(io.preload)) {
    io.stderr.write(`socklint: the preload ${io.preload} is missing (run npm run build)\n`);
    return 2;
  }
  const [command, ...commandArgs] = args.command;
  const result = await supervise({
    command,
    args: commandArgs,
    cwd: io.cwd,
    env: io.env,
    preload: io.preload,
    leaks: args.leaks,
    idleExitS: args.idleExit ?? config.idleExit,
    idleNoticeS: config.idleNotice,
    onNotice: (text) => io.stderr.write(`socklint run: ${text}\n`),
  });
  if (result.spawnError) {
    io.stderr.write(`socklint: ${result.spawnError}\n`);
    return result.exitCode;
  }
  const notes: string[] = [];
  if (result.reports.length === 0 && result.unreported.length === 0) {
    notes.push(`socklint run: nothing to trace: ${args.command.join(' ')} started no Node.js process`);
  }
  if (result.stoppedAfterIdleS !== null) {
    notes.push(`socklint run: stopped the command: every Node.js process of it was idle for ${result.stoppedAfterIdleS} s (what kept them alive is below)`);
  }
  for (const p of result.unreported) notes.push(`socklint run: ${commandOf(p.argv, io.cwd)} (pid ${p.pid}) ended without a report (killed by a signal?)`);
  const reports = [...result.reports].sort((a, b) => a.pid - b.pid);
  const summary = summarize(reports, config, root, io.cwd);
  const color = args.output ? false : useColor(io.env, io.stderr);
  const text = formatRunReport(summary, args.format, { cwd: io.cwd, version: io.version, color });
  if (notes.length) io.stderr.write(`${notes.join('\n')}\n`);
  if (args.output) fs.writeFileSync(path.resolve(io.cwd, args.output), text);
  else io.stderr.write(text);
  if (summary.pooled > 0 && args.format === 'stylish' && !args.output) {
    io.stderr.write(
      `socklint run: ${summary.pooled} idle keep-alive socket${summary.pooled === 1 ? '' : 's'} in http.Agent pools not counted (the agent closes them)\n`,
    );
  }
  if (result.exitCode !== 0 && result.stoppedAfterIdleS === null) return result.exitCode;
  if (result.stoppedAfterIdleS !== null) return 1;
  return summary.total > config.maxOpen ? 1 : 0;
}
