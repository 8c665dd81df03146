// The kernel view: everything the inspector's /proc tier shows, for any process (a Go API, a Java
// broker, a Python worker) or for a Node.js process whose owner wants no inspector opened. It
// only reads /proc (and `ss` for idle times): no signal, not even signal 0, and no inspector.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { groupSockets, kernelVerdicts } from './kernelGroups';
import { hasProcfs } from './osProcess';
import {
  formatEndpoint,
  procAvailable,
  procSnapshotAsync,
  processGone,
  readCmdline,
  readComm,
  readProcStatus,
  type FdLinkCache,
  type ProcSnapshot,
  type TcpRow,
} from './procfs';
import { idleByInode } from './tcpinfo';
import { InspectorError, type DetachResult, type KernelFacts, type KernelSample, type KernelSocketPage, type KernelSocketRow } from './types';
import type { SamplerEvents } from './sampler';

export interface KernelTarget {
  /** The process (thread group) read: the pid given, or the process of the thread id given. */
  pid: number;
  threadId: number | null;
  command: string;
  netns: KernelFacts['netns'];
}

function readLink(path: string): string | null {
  try {
    return fs.readlinkSync(path);
  } catch {
    return null;
  }
}

/** Ours against the process's network namespace; its TCP tables are read from its own /proc/<pid>/net either way. */
export function netnsOf(pid: number): KernelFacts['netns'] {
  const target = readLink(`/proc/${pid}/ns/net`);
  const ours = readLink('/proc/self/ns/net');
  return { differs: target !== null && ours !== null ? target !== ours : null, target, ours };
}

/**
 * Checks the pid from /proc alone (no signal 0: a kernel view never signals) and resolves a
 * thread id to its process. Throws one sentence when there is nothing to read.
 */
export function kernelTarget(pid: number): KernelTarget {
  if (!hasProcfs()) throw new InspectorError('NO_PROCFS', `The kernel view of pid ${pid} reads /proc, which this system does not have.`);
  if (!Number.isInteger(pid) || pid <= 0) throw new InspectorError('NO_SUCH_PID', `"${pid}" is not a process id.`);
  const status = readProcStatus(pid);
  if (!status) throw new InspectorError('NO_SUCH_PID', `No process with pid ${pid} exists.`);
  if (status.state === 'Z' || status.state === 'X')
    throw new InspectorError(
      'NO_SUCH_PID',
      `Process ${pid} is a zombie: it has exited and is waiting for its parent to collect its exit status, so there is nothing to inspect.`,
    );
  // /proc/<tid> answers for a thread too; its process is what holds the fd table.
  const process = status.tgid && status.tgid !== pid ? status.tgid : pid;
  if (!procAvailable(process))
    throw new InspectorError('PERMISSION', `Cannot read /proc/${process}/fd: the kernel view needs the same user as the process, or root (permission denied).`);
  const args = readCmdline(process);
  return { pid: process, threadId: process !== pid ? pid : null, command: args.length ? args.join(' ') : (readComm(process) ?? '?'), netns: netnsOf(process) };
}

/** "python3 worker.py --queue jobs": paths shortened to their base names, at most 80 characters. */
export function shortCommand(command: string): string {
  const cmd = command
    .split(' ')
    .map((a) => (a.startsWith('/') ? a.slice(a.lastIndexOf('/') + 1) : a))
    .join(' ');
  return cmd.length > 80 ? cmd.slice(0, 77) + '...' : cmd;
}

/** A socket page within this long of a sample shows that sample's /proc pass. */
const REUSE_MS = 1000;

export interface KernelSamplerOptions {
  reason: KernelFacts['reason'];
  /** ESTABLISHED sockets with no traffic for this long are grouped as idle (default 60 s). */
  longIdleMs?: number;
}

/** Same shape as the Sampler's `info` where the CLI and the panel read it. */
export interface KernelInfo {
  pid: number;
  procfs: true;
  view: 'kernel';
}

/** A kernel-view session: `sample()` and `sockets()` like the Sampler's, from /proc only. */
export class KernelSampler extends EventEmitter<SamplerEvents> {
  readonly info: KernelInfo;
  private seq = 0;
  private closedReason: string | null = null;
  private readonly fdLinks: FdLinkCache = new Map();
  /** inode -> when this session first saw the socket. */
  private readonly firstSeen = new Map<number, number>();
  /** The last /proc pass: a socket page asked for right after a sample reuses it (at 10k sockets a pass takes ~0.2 s). */
  private lastSnap: { t: number; snap: ProcSnapshot } | null = null;

  private constructor(
    readonly target: KernelTarget,
    private readonly options: KernelSamplerOptions,
  ) {
    super();
    this.info = { pid: target.pid, procfs: true, view: 'kernel' };
  }

  static open(pid: number, options: KernelSamplerOptions): KernelSampler {
    return new KernelSampler(kernelTarget(pid), options);
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  private gone(): InspectorError {
    this.markClosed(`process ${this.info.pid} exited`);
    return new InspectorError('TARGET_EXITED', `Process ${this.info.pid} exited while it was being sampled.`);
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.emit('close', reason);
  }

  private async snapshot(): Promise<ProcSnapshot> {
    if (this.closedReason === 'detached') throw new InspectorError('DETACHED', `The kernel view of pid ${this.info.pid} was already closed.`);
    let snap: ProcSnapshot;
    try {
      snap = await procSnapshotAsync(this.info.pid, -1, this.fdLinks);
    } catch {
      throw this.gone();
    }
    if (processGone(this.info.pid)) throw this.gone();
    this.lastSnap = { t: Date.now(), snap };
    return snap;
  }

  /** The last pass when it is under REUSE_MS old, else a new one. */
  private async recentSnapshot(): Promise<ProcSnapshot> {
    const last = this.lastSnap;
    if (last && Date.now() - last.t < REUSE_MS) {
      if (processGone(this.info.pid)) throw this.gone();
      return last.snap;
    }
    return this.snapshot();
  }

  /** Notes first sightings and forgets sockets that are gone; returns inode -> ms seen. */
  private see(rows: Iterable<TcpRow>, now: number): (inode: number) => number {
    const live = new Set<number>();
    for (const r of rows) {
      live.add(r.inode);
      if (!this.firstSeen.has(r.inode)) this.firstSeen.set(r.inode, now);
    }
    for (const inode of this.firstSeen.keys()) if (!live.has(inode)) this.firstSeen.delete(inode);
    return (inode) => now - (this.firstSeen.get(inode) ?? now);
  }

  /** One sample: the `Sample` contract with the JavaScript fields null, plus `kernel`. */
  async sample(): Promise<KernelSample> {
    const t = Date.now();
    const snap = await this.snapshot();
    const rows = [...snap.byFd.values()];
    const seenMs = this.see(rows, t);
    // Idle times only for the sockets that can pile up: one `ss` run, same namespace only.
    const candidates = new Set(rows.filter((r) => r.state === 'CLOSE_WAIT' || r.state === 'ESTABLISHED').map((r) => r.inode));
    const idle = candidates.size ? await idleByInode(this.info.pid, candidates) : null;
    const groups = groupSockets({ rows, idle, seenMs, longIdleMs: this.options.longIdleMs });
    const status = readProcStatus(this.info.pid);
    this.seq++;
    return {
      t,
      seq: this.seq,
      pid: this.info.pid,
      procCostMs: Math.round(snap.costMs * 100) / 100,
      procT: t,
      fds: { open: snap.fds.open, limit: snap.fds.limit, hardLimit: snap.fds.hardLimit, kinds: snap.fds.kinds },
      tcp: snap.tcp,
      tcpTimers: snap.tcpTimers,
      closeWaitWithUnreadData: snap.closeWaitWithUnreadData,
      listenBacklog: snap.listenBacklog,
      nodeVersion: null,
      sampleCostMs: null,
      sampleCpuMs: null,
      rttMs: null,
      inspectorPort: null,
      sockets: null,
      servers: null,
      agents: null,
      resources: null,
      eventLoopUtilization: null,
      memory: null,
      libuv: null,
      sites: null,
      partial: null,
      outsideMainThread: null,
      view: 'kernel',
      kernel: {
        reason: this.options.reason,
        command: this.target.command,
        threads: status?.threads ?? null,
        threadId: this.target.threadId,
        netns: this.target.netns,
        groups,
        verdicts: kernelVerdicts({ groups, fds: snap.fds, listenBacklog: snap.listenBacklog }),
      },
    };
  }

  /** A page of the process's TCP sockets ordered by fd, with queues, timers and idle time. */
  async sockets(offset = 0, limit = 200): Promise<KernelSocketPage> {
    const now = Date.now();
    const snap = await this.recentSnapshot();
    const known = new Set(this.firstSeen.keys());
    const seenMs = this.see(snap.byFd.values(), now);
    const byFd = [...snap.byFd.entries()].sort((a, b) => a[0] - b[0]);
    const page = byFd.slice(offset, offset + limit);
    const listening = new Set(byFd.filter(([, r]) => r.state === 'LISTEN').map(([, r]) => r.local.port));
    const idle = await idleByInode(this.info.pid, new Set(page.filter(([, r]) => r.state !== 'LISTEN').map(([, r]) => r.inode)));
    const items = page.map(([fd, r]): KernelSocketRow => {
      const listener = r.state === 'LISTEN';
      const accepted = !listener && listening.has(r.local.port);
      return {
        fd,
        kind: listener || accepted ? 'server' : 'client',
        local: formatEndpoint(r.local),
        remote: listener ? null : formatEndpoint(r.remote),
        state: r.state,
        rxQueue: r.rxQueue,
        txQueue: r.txQueue,
        kernelTimer: r.timer,
        kernelTimerMs: r.timerMs,
        // A socket first seen by this call has no age yet.
        ageMs: known.has(r.inode) ? seenMs(r.inode) : null,
        ageSource: known.has(r.inode) ? 'firstSeen' : null,
        idleMs: idle?.get(r.inode) ?? null,
        // In ESTABLISHED the kernel's sk_timer is the keep-alive timer: pending means SO_KEEPALIVE is on.
        keepAlive: r.state === 'ESTABLISHED' && r.timer !== 'retransmit' ? r.timer === 'keepalive' : null,
        owner: listener ? 'listener' : accepted ? `accepted on port ${r.local.port}` : null,
        timeout: null,
        bytesRead: null,
        bytesWritten: null,
        listeners: null,
        refd: null,
        destroyed: null,
        paused: null,
        request: null,
        site: null,
      };
    });
    return { total: byFd.length, offset, items };
  }

  /** Nothing was attached: closing only ends the session. */
  async detach(): Promise<DetachResult> {
    const was = this.closedReason;
    this.markClosed('detached');
    return { inspectorClosed: false, reason: was && was !== 'detached' ? was : 'kernel view: nothing was attached' };
  }
}
