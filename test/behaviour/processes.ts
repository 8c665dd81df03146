/**
 * Runs a scenario's program as a real child process and observes it from outside: its JSON-line
 * events on stdout, its exit, and its descriptors, TCP states and memory read from /proc.
 */
import * as fs from 'node:fs';
import { socketInodes, startTarget, truthSockets, type Target, type TruthSocket } from '../../packages/inspector/test/helpers';

export type { Target, TruthSocket };

export const running = new Set<Target>();

/** Starts `file` with `args`; every program started this way is killed after each test. */
export async function run(file: string, args: Array<string | number> = [], env: NodeJS.ProcessEnv = {}): Promise<Target> {
  const target = await startTarget(file, args.map(String), [], { ...process.env, PORT: '', ...env });
  running.add(target);
  return target;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((t) => t.stop()));
  running.clear();
}

/** Open file descriptors of a live process. */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident memory of a live process in bytes (/proc/<pid>/status VmRSS). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

/** TCP sockets of a live process other than listening ones, with their states. */
export function connections(pid: number): TruthSocket[] {
  return truthSockets(pid).filter((s) => s.state !== 'LISTEN');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value `ok` accepts, or the deadline; returns the last value. */
export async function pollUntil<T>(probe: () => T, ok: (v: T) => boolean, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  let v = probe();
  while (!ok(v) && Date.now() < until) {
    await sleep(25);
    v = probe();
  }
  return v;
}

/** The exit of `t`, or 'running' if it is still alive after `ms`. */
export async function exitWithin(t: Target, ms: number): Promise<{ code: number | null; signal: string | null } | 'running'> {
  return Promise.race([t.exited, sleep(ms).then(() => 'running' as const)]);
}

/** Resolves with the event if the program prints it within `ms`, else undefined (not an error). */
export async function eventWithin(t: Target, event: string, ms: number): Promise<any | undefined> {
  return pollUntil(
    () => t.events[event],
    (v) => v !== undefined,
    ms,
  );
}

/**
 * The kernel timer armed on each of a live process's ESTABLISHED TCP sockets, from the `tr` column of
 * /proc/<pid>/net/tcp{,6}: 0 none, 1 retransmit, 2 keep-alive, 3 TIME_WAIT, 4 zero-window probe.
 */
export function establishedTimers(pid: number): number[] {
  const inodes = socketInodes(pid);
  const timers: number[] = [];
  for (const file of ['tcp', 'tcp6']) {
    const table = `/proc/${pid}/net/${file}`;
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9]) || f[3] !== '01') continue; // 01: ESTABLISHED
      timers.push(parseInt(f[5].split(':')[0], 16));
    }
  }
  return timers;
}
