// `socklint inspect`: attach to a running Node process and print what its sockets are doing.
import { parseArgs } from 'node:util';
import {
  InspectorError,
  KernelSampler,
  Sampler,
  TREND_WINDOW_MS,
  ancestorsOf,
  hasProcfs,
  listNodeProcesses,
  orderCandidates,
  looksLikeNode,
  shortKernelCommand as shortCommand,
  trendsOf,
  verdictOf,
  type AttachTarget,
  type KernelSample,
  type NodeProcess,
  type Sample,
} from '@socklint/inspector';
import { useColor } from './color';
import {
  renderKernelSample,
  renderKernelSockets,
  renderSample,
  renderSockets,
  renderVerdict,
  siteFileLabel,
  terminalJson,
  terminalSafe,
} from './inspectRender';

export const INSPECT_USAGE = `Usage: socklint inspect (--pid <pid> | --port <port> | --url <ws://...>) [options]

With no target it lists the Node.js processes you can inspect (pid, command, cwd) and exits 2.

Attaches to a running Node.js process (a process without an inspector gets SIGUSR1 to open one on
loopback; it is closed again on exit) and shows its sockets, servers, agents, fds and TCP states.
A --pid that is not Node.js (Go, Java, Python...) gets the kernel view: fds, TCP states, timers,
CLOSE_WAIT groups and per-socket queues read from /proc only, without signalling it.

Options:
  --pid <pid>          process to inspect
  --port <port>        an inspector port that is already open
  --url <ws://...>     an inspector WebSocket URL
  --host <host>        allow a non-loopback inspector host (the inspector runs any code it is sent)
  --json               print one sample as JSON and exit (with --sockets: the socket page)
  --watch              live view, refreshed every --interval ms (Ctrl+C to detach)
  --interval <ms>      refresh interval for --watch (default 1000, minimum 100)
  --sockets            per-socket table (JS facts joined to kernel facts by fd)
  --offset <n>         first socket of the table (default 0)
  --limit <n>          sockets per table (default 50)
  --trace-sites        record where sockets are created (only sockets created from now on)
  --trace-ms <ms>      with --trace-sites outside --watch: how long to record before sampling (default 2000)
  --kernel-only        with --pid: the kernel view of a Node.js process too (no signal, no inspector)
  --format sarif       the sockets created while tracing (--trace-ms, sites on) as runtime-confirmed
                       findings at their lines (missing-socket-timeout, missing-error-listener,
                       missing-end-handler for CLOSE_WAIT), SARIF 2.1.0 like \`socklint run\`'s
  -h, --help           show this help

Exit codes: 0 ok, 2 usage or fatal error (one sentence on stderr).`;

export interface InspectIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

interface InspectArgs {
  target: AttachTarget;
  json: boolean;
  watch: boolean;
  interval: number;
  sockets: boolean;
  offset: number;
  limit: number;
  traceSites: boolean;
  traceMs: number;
  kernelOnly: boolean;
  sarif: boolean;
  help: boolean;
  /** No target given: list the Node.js processes one could mean. */
  list: boolean;
}

class UsageError extends Error {}

function intOption(name: string, value: string | undefined, def: number, min: number): number {
  if (value === undefined) return def;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be a whole number${min > 0 ? ` >= ${min}` : ''} (got "${value}")`);
  return Number(value);
}

function parse(argv: string[]): InspectArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        pid: { type: 'string' },
        port: { type: 'string' },
        url: { type: 'string' },
        host: { type: 'string' },
        json: { type: 'boolean' },
        watch: { type: 'boolean' },
        interval: { type: 'string' },
        sockets: { type: 'boolean' },
        offset: { type: 'string' },
        limit: { type: 'string' },
        'trace-sites': { type: 'boolean' },
        'trace-ms': { type: 'string' },
        'kernel-only': { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  const help = v.help ?? false;
  const given = [v.pid, v.port, v.url].filter((x) => x !== undefined).length;
  // No target at all: the candidates are listed (exit 2 still: nothing was inspected).
  const list = !help && given === 0 && !v['kernel-only'];
  if (!help && !list && given !== 1) throw new UsageError(given === 0 ? 'give one of --pid, --port or --url' : 'give only one of --pid, --port or --url');
  const target: AttachTarget = {};
  if (v.pid !== undefined) target.pid = intOption('pid', v.pid, 0, 1);
  if (v.port !== undefined) {
    target.port = intOption('port', v.port, 0, 1);
    if (target.port > 65535) throw new UsageError(`--port must be at most 65535 (got "${v.port}")`);
  }
  if (v.url !== undefined) target.url = v.url;
  if (v.host !== undefined) target.host = v.host;
  if (v.json && v.watch) throw new UsageError('--json and --watch cannot be combined');
  if (v['kernel-only'] && target.pid === undefined && !help) throw new UsageError('--kernel-only reads /proc/<pid>: give --pid');
  if (v['kernel-only'] && v['trace-sites']) throw new UsageError('--trace-sites needs the JavaScript view; it cannot be combined with --kernel-only');
  if (v.format !== undefined && v.format !== 'sarif') throw new UsageError(`--format must be sarif (got "${v.format}"); --json prints a sample`);
  const sarif = v.format === 'sarif';
  if (sarif && (v.json || v.watch || v['kernel-only'])) throw new UsageError('--format sarif cannot be combined with --json, --watch or --kernel-only');
  return {
    target,
    json: v.json ?? false,
    watch: v.watch ?? false,
    interval: intOption('interval', v.interval, 1000, 100),
    sockets: v.sockets ?? false,
    offset: intOption('offset', v.offset, 0, 0),
    limit: intOption('limit', v.limit, 50, 1),
    traceSites: (v['trace-sites'] ?? false) || sarif,
    traceMs: intOption('trace-ms', v['trace-ms'], 2000, 0),
    kernelOnly: v['kernel-only'] ?? false,
    sarif,
    help,
    list,
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Runs `socklint inspect`; resolves to the exit code. */
export async function runInspect(argv: string[], io: InspectIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: InspectArgs;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr.write(`socklint: ${(e as Error).message}\nRun "socklint inspect --help" for usage.\n`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(INSPECT_USAGE + '\n');
    return 0;
  }
  if (args.list) {
    io.stderr.write(candidatesText(process.cwd()) + '\n');
    return 2;
  }
  const color = useColor(io.env ?? process.env, io.stdout);

  let sampler: Sampler | null = null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // SIGHUP: the terminal closed. Detach like Ctrl+C (writes to the gone terminal may fail: ignored).
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const sig of signals) process.on(sig, onSignal);
  const ignoreWriteError = () => {};
  for (const stream of [io.stdout, io.stderr]) stream.on?.('error', ignoreWriteError);
  const say = (text: string) => io.stderr.write(`socklint: ${terminalSafe(text)}\n`);
  try {
    const pid = args.target.pid;
    // Not Node.js (on Linux, where /proc tells), or asked for: the kernel view, which signals nothing.
    if (pid !== undefined && (args.kernelOnly || (hasProcfs() && !looksLikeNode(pid)))) {
      if (!args.kernelOnly && args.traceSites)
        throw new InspectorError('NOT_NODE', `Process ${pid} is not a Node.js process: --trace-sites needs its JavaScript.`);
      return await runKernelView(pid, args, io, stop.signal, color, say);
    }
    sampler = await Sampler.attach(args.target, { traceSites: args.traceSites, onNotice: say });
    sampler.on('close', () => stop.abort());
    if (args.watch) await watch(sampler, args, io, stop.signal, color);
    else {
      if (args.traceSites && args.traceMs > 0) await sleep(args.traceMs, stop.signal);
      if (args.sarif) io.stdout.write(await liveSarifOf(sampler));
      else if (args.sockets) {
        const page = await sampler.sockets(args.offset, args.limit);
        io.stdout.write((args.json ? terminalJson(page) : renderSockets(page.items, page.total, page.offset, color)) + '\n');
      } else {
        const sample = await sampler.sample();
        const verdict = verdictOf(sample, [], { fileLabel: siteFileLabel(process.cwd()) });
        // The verdict first, in both forms (a field added to the --json contract).
        io.stdout.write((args.json ? terminalJson({ verdict, ...sample }) : renderVerdict(verdict, color) + '\n' + renderSample(sample, color)) + '\n');
      }
    }
    const result = await sampler.detach();
    if (!args.json && !args.sarif) say(`detached from pid ${sampler.info.pid} (${result.reason})`);
    return 0;
  } catch (e) {
    if (sampler) await sampler.detach().catch(() => undefined);
    say(e instanceof InspectorError ? e.message : `inspect failed: ${(e as Error)?.message ?? String(e)}`);
    return 2;
  } finally {
    for (const sig of signals) process.off(sig, onSignal);
    for (const stream of [io.stdout, io.stderr]) stream.off?.('error', ignoreWriteError);
  }
}

/** `inspect --pid` on a process that is not Node.js, or with --kernel-only: /proc only. */
async function runKernelView(pid: number, args: InspectArgs, io: InspectIo, signal: AbortSignal, color: boolean, say: (text: string) => void): Promise<number> {
  const sampler = KernelSampler.open(pid, { reason: args.kernelOnly ? 'kernel-only' : 'not-node' });
  const target = sampler.target;
  const what = args.kernelOnly
    ? `kernel view of pid ${target.pid} (--kernel-only)`
    : `process ${target.pid} (${shortCommand(target.command)}) is not a Node.js process: kernel view`;
  say(`${what}, read from /proc without signalling it or opening an inspector; JavaScript facts are not available`);
  if (target.threadId !== null) say(`pid ${target.threadId} is a thread of process ${target.pid}; its threads share one fd table, shown whole`);
  if (target.netns.differs)
    say(`process ${target.pid} is in another network namespace (${target.netns.target}); its sockets are read from /proc/${target.pid}/net`);
  try {
    if (args.watch) {
      const tty = io.stdout.isTTY === true;
      const history = new SampleHistory<KernelSample>();
      while (!signal.aborted) {
        const started = Date.now();
        const sample = await sampler.sample();
        let frame = history.verdictFrame(sample, color) + '\n' + renderKernelSample(sample, color);
        if (args.sockets) {
          const page = await sampler.sockets(args.offset, Math.min(args.limit, 20));
          frame += '\n\n' + renderKernelSockets(page.items, page.total, page.offset, color);
        }
        io.stdout.write((tty ? '\x1b[H\x1b[2J' : '') + frame + '\n' + (tty ? '' : '\n'));
        await sleep(Math.max(0, args.interval - (Date.now() - started)), signal);
      }
    } else if (args.sockets) {
      const page = await sampler.sockets(args.offset, args.limit);
      io.stdout.write((args.json ? terminalJson(page) : renderKernelSockets(page.items, page.total, page.offset, color)) + '\n');
    } else {
      const sample = await sampler.sample();
      const verdict = verdictOf(sample);
      io.stdout.write((args.json ? terminalJson({ verdict, ...sample }) : renderVerdict(verdict, color) + '\n' + renderKernelSample(sample, color)) + '\n');
    }
    return 0;
  } finally {
    await sampler.detach();
  }
}

async function watch(sampler: Sampler, args: InspectArgs, io: InspectIo, signal: AbortSignal, color: boolean): Promise<void> {
  const tty = io.stdout.isTTY === true;
  const history = new SampleHistory<Sample>();
  while (!signal.aborted) {
    const started = Date.now();
    const sample = await sampler.sample();
    let frame = history.verdictFrame(sample, color) + '\n' + renderSample(sample, color);
    if (args.sockets) {
      const page = await sampler.sockets(args.offset, Math.min(args.limit, 20));
      frame += '\n\n' + renderSockets(page.items, page.total, page.offset, color);
    }
    // Clear and redraw on a terminal; append frames otherwise (logs, pipes).
    io.stdout.write((tty ? '\x1b[H\x1b[2J' : '') + frame + '\n' + (tty ? '' : '\n'));
    await sleep(Math.max(0, args.interval - (Date.now() - started)), signal);
  }
  // Ended on its own (not Ctrl+C): sampling again throws the sentence that says why.
  if (sampler.closed) await sampler.sample();
}

/**
 * What `socklint inspect` with no target says: the Node.js processes this user can inspect (pid,
 * command, working directory; those started under the current folder first), socklint's own and
 * its parents (npx, a shell's npm) left out, and how to pick one.
 */
export function candidatesText(cwd: string): string {
  let processes: NodeProcess[] = [];
  try {
    processes = listNodeProcesses();
  } catch {
    // No process list here: the hint still says what to give.
  }
  const { shown } = orderCandidates(processes, [cwd], { pids: new Set([process.pid, ...ancestorsOf(process.pid)]), roots: [] });
  const out = ['socklint: give one of --pid, --port or --url.'];
  if (!shown.length) out.push('No Node.js process that this user can inspect is running.');
  else {
    out.push(`Node.js processes you can inspect${hasProcfs() ? '' : ' (ps; no working directories here)'}:`);
    const rows = shown.slice(0, 30).map((p) => [String(p.pid), terminalSafe(shortCommand(p.command)), terminalSafe(p.cwd ?? '-')]);
    const w = [Math.max(3, ...rows.map((r) => r[0].length)), Math.max(7, ...rows.map((r) => r[1].length))];
    out.push(`  ${'pid'.padEnd(w[0])}  ${'command'.padEnd(w[1])}  cwd`);
    for (const r of rows) out.push(`  ${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`);
    if (shown.length > rows.length) out.push(`  … and ${shown.length - rows.length} more`);
  }
  out.push(
    `Run "socklint inspect --pid ${shown[0]?.pid ?? '<pid>'}" to attach (add --watch for a live view), or --port <port> / --url <ws://…> for an inspector already open.`,
  );
  return out.join('\n');
}

/** The samples of the last minutes in --watch: the verdict's trend and the per-minute rates. */
class SampleHistory<S extends Sample | KernelSample> {
  private samples: S[] = [];

  /** The verdict and trend lines for this sample, which joins the history. */
  verdictFrame(sample: S, color: boolean): string {
    this.samples.push(sample);
    while (this.samples.length > 1 && this.samples[0].t < sample.t - TREND_WINDOW_MS) this.samples.shift();
    const verdict = verdictOf(sample, this.samples, { fileLabel: siteFileLabel(process.cwd()) });
    return renderVerdict(verdict, color, trendsOf(this.samples));
  }
}

/** Every socket of the target (pages of 500, at most 20,000) as `socklint run`-style SARIF. */
async function liveSarifOf(sampler: Sampler): Promise<string> {
  const { liveSarif } = await import('../run/liveFindings');
  const { version } = await import('../../../package.json');
  const rows = [];
  for (let offset = 0; offset < 20_000; offset += 500) {
    const page = await sampler.sockets(offset, 500);
    rows.push(...page.items);
    if (offset + 500 >= page.total) break;
  }
  return liveSarif(rows, { cwd: process.cwd(), version, pid: sampler.info.pid });
}
