// One attach (or detach) at a time per target pid, across processes: two socklints opening the
// same target's inspector at once each believed the other had opened it, so neither closed it.
// A lock file under os.tmpdir() names its holder; a holder that is gone (killed, or its pid now
// names another process) leaves a stale lock, which the next one removes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { alive } from './osProcess';
import { InspectorError } from './types';

const POLL_MS = 100;
/** Longest wait for another socklint's attach or detach of the same pid (a busy target's attach takes up to ~16 s). */
export const LOCK_WAIT_MS = 30_000;

interface Holder {
  pid: number;
  /** The holder's start time (clock ticks after boot, /proc/<pid>/stat field 22): tells a reused pid apart. */
  start: string | null;
}

export function lockPath(pid: number): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `socklint-inspect-${uid}-${pid}.lock`);
}

function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof h?.pid === 'number' ? { pid: h.pid, start: typeof h.start === 'string' ? h.start : null } : null;
  } catch {
    return null;
  }
}

function holderAlive(h: Holder): boolean {
  if (h.pid === process.pid) return true;
  if (!alive(h.pid)) return false;
  const now = startTime(h.pid);
  return h.start === null || now === null || now === h.start;
}

/** Removes a lock whose holder is gone; true when it did (or the file is gone already). */
function removeIfStale(file: string): boolean {
  const h = readHolder(file);
  if (h === null) {
    // Being written right now, or garbage: garbage older than a few seconds is stale.
    try {
      if (Date.now() - fs.statSync(file).mtimeMs < 5000) return false;
    } catch {
      return true;
    }
  } else if (holderAlive(h)) return false;
  try {
    fs.unlinkSync(file);
  } catch {
    /* someone else removed it first */
  }
  return true;
}

async function acquire(pid: number, waitMs: number, onWait?: (text: string) => void): Promise<string> {
  const file = lockPath(pid);
  const me = JSON.stringify({ pid: process.pid, start: startTime(process.pid) });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx', mode: 0o600 });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return ''; // no usable tmpdir: go on unlocked
    }
    if (removeIfStale(file)) continue;
    const holder = readHolder(file)?.pid ?? '?';
    if (Date.now() - started >= waitMs)
      throw new InspectorError('BUSY', `Another socklint (pid ${holder}) is attaching to or detaching from process ${pid}; try again when it is done.`);
    if (!told) {
      told = true;
      onWait?.(`another socklint (pid ${holder}) is attaching to or detaching from process ${pid}; waiting for it`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function release(file: string): void {
  if (!file) return;
  const h = readHolder(file);
  if (h && h.pid !== process.pid) return; // not ours any more
  try {
    fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** Within one process: a queue per pid, so its own attaches wait for each other before the file. */
const queues = new Map<number, Promise<void>>();

/** Runs `fn` holding the pid's attach lock. */
export async function withAttachLock<T>(pid: number, fn: () => Promise<T>, options: { waitMs?: number; onWait?: (text: string) => void } = {}): Promise<T> {
  const previous = queues.get(pid) ?? Promise.resolve();
  let done!: () => void;
  const gate = new Promise<void>((r) => (done = r));
  const mine = previous.then(() => gate);
  queues.set(pid, mine);
  await previous;
  try {
    const file = await acquire(pid, options.waitMs ?? LOCK_WAIT_MS, options.onWait);
    try {
      return await fn();
    } finally {
      release(file);
    }
  } finally {
    done();
    if (queues.get(pid) === mine) queues.delete(pid);
  }
}
