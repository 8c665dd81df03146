// The sampling session shared by the CLI and the VS Code panel: attach, sample (tier A in the
// target + tier B from /proc + tier C now and then), drill down into sockets, detach cleanly.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { attach } from './attach';
import { withAttachLock } from './attachLock';
import {
  AGENT_PROTOTYPE_EXPRESSION,
  noteAgentsFunction,
  callExpression,
  detachExpression,
  installExpression,
  sampleExpression,
  socketsExpression,
  traceSitesExpression,
  type Evaluation,
} from './agent';
import type { AgentFailure, AgentReport, AgentSample, DetachOutcome, Missing, ReportSkipped } from './agentTypes';
import type { CdpClient, EvaluateResponse } from './cdp';
import { hasProcfs } from './osProcess';
import { idleByInode } from './tcpinfo';
import {
  connectionsToPort,
  procSnapshotAsync,
  processGone,
  readListenRows,
  readProcStatus,
  readTcpTableAsync,
  socketInode,
  type FdLinkCache,
  type ProcSnapshot,
  type TcpRow,
} from './procfs';
import { InspectorError, type AttachInfo, type AttachTarget, type DetachResult, type Sample, type SocketPage, type SocketRow } from './types';

export interface SamplerOptions {
  /** Record a creation site for every socket created from now on (diagnostics_channel). */
  traceSites?: boolean;
  /** Cadence of the tier C libuv walk (process.report) in ms; 0 = never. Default 30000. */
  reportIntervalMs?: number;
  /** Longest a single in-target evaluation may run, ms. Default 1000. */
  evaluateTimeoutMs?: number;
  /**
   * Least time between two /proc passes, ms (default 0: every sample). The pass is also spaced
   * to at most 5% of the sampler's own time: at 10k sockets it takes a few hundred ms.
   */
  procIntervalMs?: number;
  /** Use /proc (attach by pid, kernel facts). Default: where the system has one. */
  procfs?: boolean;
  /**
   * Longest silence (ms) after which the in-target part removes itself and closes the inspector
   * socklint opened: the tool died without detaching. Heartbeats go every second. Default 8000.
   */
  expireMs?: number;
  /**
   * In the target, every handle is listed again at least this often (ms; default 30000); samples
   * in between walk the sockets it keeps (inTarget/tracker.ts). 0: every sample lists them all.
   */
  relistMs?: number;
  /** Progress worth telling the user while attaching (waiting for a busy target, or for another socklint). */
  onNotice?: (text: string) => void;
}

export interface SamplerEvents {
  /** The session ended: detached, the target exited, or the connection dropped. */
  close: [reason: string];
}

const REPORT_TOO_SLOW_MS = 1000;
const HEARTBEAT_MS = 1000;
const DEFAULT_EXPIRE_MS = 8000;
/** The retry after a sample ran out of time gets this many times the time limit (at least RETRY_MIN_MS). */
const RETRY_TIMEOUT_FACTOR = 5;
const RETRY_MIN_MS = 5000;
/** Installing (compiling the sampler, once) is not held to a short sampling time limit. */
const INSTALL_MIN_MS = 3000;
/**
 * The kernel's count must exceed the main thread's by this much (and by 0.5 %: sockets opened or
 * closed between the two readings) to say "outside the main thread".
 */
const OUTSIDE_MIN_SOCKETS = 20;
const OUTSIDE_MIN_SHARE = 0.005;
/** Above this heap size the attach-time heap query (a full GC) could pause the app noticeably. */
const HEAP_QUERY_MAX_BYTES = 256 * 1024 * 1024;

export class Sampler extends EventEmitter<SamplerEvents> {
  private seq = 0;
  /** Names this session's state in the target, apart from other samplers attached at the same time. */
  private readonly session = randomBytes(6).toString('hex');
  private lastLibuv: Sample['libuv'] = null;
  private reportDisabled = false;
  private closedReason: string | null = null;
  private traceSites: boolean;
  private readonly reportIntervalMs: number;
  private readonly evaluateTimeoutMs: number;
  private readonly procIntervalMs: number;
  private lastProc: { t: number; snap: ProcSnapshot } | null = null;
  private readonly fdLinks: FdLinkCache = new Map();
  private readonly expireMs: number;
  private readonly relistMs: number | undefined;
  private heartbeat: NodeJS.Timeout | null = null;
  private touching = false;
  private outside: Sample['outsideMainThread'] = null;

  private constructor(
    private readonly cdp: CdpClient,
    readonly info: AttachInfo,
    options: SamplerOptions,
  ) {
    super();
    this.traceSites = !!options.traceSites;
    this.reportIntervalMs = options.reportIntervalMs ?? 30000;
    this.evaluateTimeoutMs = options.evaluateTimeoutMs ?? 1000;
    this.procIntervalMs = options.procIntervalMs ?? 0;
    this.expireMs = options.expireMs ?? DEFAULT_EXPIRE_MS;
    this.relistMs = options.relistMs;
    this.reportDisabled = !reportSkipsDns(info.nodeVersion);
    cdp.on('close', (reason) => void this.onConnectionClosed(reason));
    cdp.on('event', (method) => {
      // A target that wants to exit waits for its debugger clients: leave at once.
      if (method === 'NodeRuntime.waitingForDisconnect' || method === 'Inspector.detached') {
        this.markClosed(`process ${info.pid} is exiting`);
        cdp.close();
      }
    });
  }

  /**
   * Attach to a target and install the in-target sampler. Attaches by pid hold the pid's attach
   * lock until the sampler is installed: two at once each took the other's inspector for one
   * that was open before, and neither closed it.
   */
  static async attach(target: AttachTarget, options: SamplerOptions = {}): Promise<Sampler> {
    const procfs = options.procfs ?? hasProcfs();
    const run = async () => {
      const conn = await attach(target, { procfs, onNotice: options.onNotice });
      const sampler = new Sampler(conn.cdp, conn.info, options);
      try {
        await conn.cdp.send('NodeRuntime.notifyWhenWaitingForDisconnect', { enabled: true }, 2000).catch(() => undefined);
        await sampler.install();
      } catch (err) {
        await sampler.detachUnlocked().catch(() => undefined);
        throw err;
      }
      sampler.startHeartbeat();
      return sampler;
    };
    if (target.pid === undefined || !procfs) return run();
    return withAttachLock(target.pid, run, { onWait: options.onNotice });
  }

  /** Keeps the in-target part alive; it removes itself when these stop (the tool died). */
  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => void this.touch(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async touch(): Promise<void> {
    if (this.touching || this.closedReason !== null) return;
    this.touching = true;
    try {
      await this.cdp.send('Runtime.evaluate', { expression: callExpression(this.session, 'touch'), returnByValue: true, silent: true, timeout: 500 }, 5000);
    } catch {
      // A missed heartbeat is harmless; a closed connection is reported by the samples.
    } finally {
      this.touching = false;
    }
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** The socket closes a moment before the process is gone: wait a little to say which it was. */
  private async onConnectionClosed(reason: string): Promise<void> {
    const pid = this.info.pid;
    for (let i = 0; i < 10 && this.closedReason === null && !processGone(pid); i++) await new Promise((r) => setTimeout(r, 30));
    this.markClosed(processGone(pid) ? `process ${pid} exited` : `connection ${reason}`);
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.stopHeartbeat();
    this.closedReason = reason;
    this.emit('close', reason);
  }

  private async install(): Promise<void> {
    const limit = Math.max(this.evaluateTimeoutMs, INSTALL_MIN_MS);
    const installed = await this.evaluate(
      installExpression({ session: this.session, opened: this.info.openedByUs, expireMs: this.expireMs, relistMs: this.relistMs }),
      true,
      limit,
    );
    if (this.traceSites) await this.evaluate(traceSitesExpression(this.session, true), false, limit);
    // Once per attach: agents created later show up through the request channel anyway.
    if (!installed.reused && installed.heapUsed <= HEAP_QUERY_MAX_BYTES) {
      this.attachCostMs = await this.discoverAgents();
    }
  }

  /** Main-thread time attaching cost the target beyond the samples (the heap query), ms. */
  attachCostMs = 0;

  /** Whether the last sample listed every handle in the target instead of walking the sockets the agent keeps (for tests and the bench). */
  lastListedAll = false;

  /**
   * Finds every http.Agent in the heap (Runtime.queryObjects), so that pools created before we
   * attached, holding only unref'd free sockets, are seen too. V8 runs a full GC for it, which is
   * why it runs once, at attach, and not at all on big heaps. Returns the ms it took.
   */
  private async discoverAgents(): Promise<number> {
    const t0 = performance.now();
    const group = 'socklint-agents';
    try {
      const proto = await this.cdp.send<EvaluateResponse>(
        'Runtime.evaluate',
        { expression: AGENT_PROTOTYPE_EXPRESSION, includeCommandLineAPI: true, silent: true, objectGroup: group, timeout: 500 },
        3000,
      );
      const protoId = proto?.result?.objectId;
      if (!protoId) return 0;
      const found = await this.cdp.send<{ objects?: { objectId?: string } }>('Runtime.queryObjects', { prototypeObjectId: protoId, objectGroup: group }, 10000);
      const arrayId = found?.objects?.objectId;
      if (arrayId) {
        await this.cdp.send(
          'Runtime.callFunctionOn',
          { objectId: arrayId, functionDeclaration: noteAgentsFunction(this.session), returnByValue: true, silent: true },
          3000,
        );
      }
    } catch {
      if (this.cdp.closed) throw await this.goneError();
      // Best effort: without it only agents seen on requests are listed.
    } finally {
      if (!this.cdp.closed) await this.cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }, 3000).catch(() => undefined);
    }
    return performance.now() - t0;
  }

  /** Evaluate in the target; returns the JSON value. An `{ error }` answer (the agent caught an exception) throws. */
  private async evaluate<T>(expression: Evaluation<T>, commandLineApi = false, timeoutMs = this.evaluateTimeoutMs): Promise<Exclude<T, AgentFailure>> {
    if (this.closedReason !== null) throw await this.goneError();
    let res: EvaluateResponse;
    try {
      res = await this.cdp.send(
        'Runtime.evaluate',
        {
          expression,
          returnByValue: true,
          silent: true,
          // The command-line API brings `require` for targets older than process.getBuiltinModule.
          includeCommandLineAPI: commandLineApi,
          disableBreaks: true,
          timeout: timeoutMs,
        },
        timeoutMs + 4000,
      );
    } catch (err) {
      if (err instanceof InspectorError && err.code === 'TARGET_EXITED') throw await this.goneError();
      // V8 reports a terminated evaluation either as an exception or as a protocol error.
      if (err instanceof InspectorError && /Execution was terminated/.test(err.message)) throw this.timeLimitError(timeoutMs);
      throw err;
    }
    if (res?.exceptionDetails) {
      const text = res.exceptionDetails.exception?.description?.split('\n')[0] ?? res.exceptionDetails.text ?? 'unknown error';
      if (/Execution was terminated/.test(text)) throw this.timeLimitError(timeoutMs);
      throw new InspectorError('EVALUATE_FAILED', `The sampling code failed in pid ${this.info.pid}: ${text}.`);
    }
    const value = res?.result?.value as T;
    if (isFailure(value)) throw new InspectorError('EVALUATE_FAILED', `The sampling code failed in pid ${this.info.pid}: ${value.error}.`);
    return value as Exclude<T, AgentFailure>;
  }

  private timeLimitError(timeoutMs: number): InspectorError {
    return new InspectorError(
      'EVALUATE_TIMEOUT',
      `The sampling code in pid ${this.info.pid} ran out of its ${timeoutMs} ms time limit (Execution was terminated).`,
    );
  }

  /** Evaluate a call on the installed sampler, reinstalling it once if something removed it. */
  private async call<T>(expression: Evaluation<T | Missing>, timeoutMs = this.evaluateTimeoutMs): Promise<Exclude<T, AgentFailure | Missing>> {
    let value = await this.evaluate(expression, false, timeoutMs);
    if (isMissing(value)) {
      await this.install();
      value = await this.evaluate(expression, false, timeoutMs);
    }
    // Still missing right after installing: the agent could not stay installed; say so as a failure.
    if (isMissing(value))
      throw new InspectorError('EVALUATE_FAILED', `The sampling code failed in pid ${this.info.pid}: it was removed as soon as it was installed.`);
    return value as Exclude<T, AgentFailure | Missing>;
  }

  /**
   * The in-target part of a sample. Sockets are examined one by one for half the time limit at
   * most; when even that runs out ("Execution was terminated": a huge target on a loaded
   * machine), once more as a lite sample (no per-socket detail, no resources histogram, no sites)
   * with a longer limit, marked partial, rather than no sample at all.
   */
  private async sampleInTarget(): Promise<{ a: AgentSample; partialReason: string | null }> {
    try {
      const a = await this.call(sampleExpression(this.session, this.evaluateTimeoutMs / 2, false));
      return { a, partialReason: a.partial ? `sockets examined within the ${Math.round(this.evaluateTimeoutMs / 2)} ms budget` : null };
    } catch (err) {
      if (!(err instanceof InspectorError && (err.code === 'EVALUATE_TIMEOUT' || err.code === 'TIMEOUT'))) throw err;
      const a = await this.call(sampleExpression(this.session, 50, true), Math.max(RETRY_MIN_MS, this.evaluateTimeoutMs * RETRY_TIMEOUT_FACTOR));
      return { a, partialReason: `the full sample ran out of its ${this.evaluateTimeoutMs} ms time limit; retried without per-socket detail` };
    }
  }

  /** Words the error for a session that ended: did the process exit, or only the connection? */
  private async goneError(): Promise<InspectorError> {
    const pid = this.info.pid;
    // The socket closes a moment before the process is gone.
    for (let i = 0; i < 10 && !processGone(pid); i++) await new Promise((r) => setTimeout(r, 30));
    if (processGone(pid)) return new InspectorError('TARGET_EXITED', `Process ${pid} exited while it was being sampled.`);
    if (this.closedReason === 'detached') return new InspectorError('DETACHED', `The inspector session with pid ${pid} was already detached.`);
    return new InspectorError('TARGET_EXITED', `The inspector connection to pid ${pid} closed (${this.closedReason ?? 'unknown reason'}).`);
  }

  /** The /proc pass, or the last one while it is fresh enough; null when /proc is not ours to read. */
  private async readProc(now: number): Promise<{ t: number; snap: ProcSnapshot; fresh: boolean } | null> {
    if (!this.info.procfs) return null;
    const last = this.lastProc;
    if (last && now - last.t < Math.max(this.procIntervalMs, last.snap.costMs * 20)) {
      if (processGone(this.info.pid)) throw await this.goneError();
      return { ...last, fresh: false };
    }
    try {
      this.lastProc = { t: now, snap: await procSnapshotAsync(this.info.pid, this.info.port, this.fdLinks) };
    } catch {
      throw await this.goneError();
    }
    return { ...this.lastProc, fresh: true };
  }

  /** One sample; see `Sample` for the fields (the --json contract). */
  async sample(): Promise<Sample> {
    const t = Date.now();
    const t0 = performance.now();
    const { a, partialReason } = await this.sampleInTarget();
    const rttMs = performance.now() - t0;
    // The agent's fields are the Sample's (agentTypes.ts) but for its cost, counted in below, and `partial`, given a reason.
    const { costMs: agentCostMs, cpuMs: agentCpuMs, partial, listedAll, ...fromTarget } = a;
    this.lastListedAll = listedAll;
    let costMs = agentCostMs;
    let cpuMs = agentCpuMs;
    if (this.reportIntervalMs > 0 && !this.reportDisabled && (!this.lastLibuv || t - this.lastLibuv.t >= this.reportIntervalMs)) {
      let r: AgentReport | ReportSkipped | null = null;
      try {
        r = await this.call(callExpression(this.session, 'report'));
      } catch (err) {
        // Tier C is optional: a report that runs out of time is not taken again.
        if (!(err instanceof InspectorError && (err.code === 'EVALUATE_TIMEOUT' || err.code === 'TIMEOUT' || err.code === 'EVALUATE_FAILED'))) throw err;
        this.reportDisabled = true;
      }
      if (r && 'skipped' in r) this.reportDisabled = true;
      if (r && 'tcp' in r) {
        const { cpuMs: _cpu, ...libuv } = r;
        this.lastLibuv = { t, ...libuv, costMs: round(r.costMs) };
        costMs += r.costMs;
        cpuMs += r.cpuMs;
        // Old Nodes still resolve names in getReport: never block a target for that long again.
        if (r.costMs > REPORT_TOO_SLOW_MS) this.reportDisabled = true;
      }
    }
    const procPass = await this.readProc(t);
    const proc = procPass?.snap;
    if (procPass?.fresh) this.outside = outsideMainThread(proc!, a.sockets.total, this.info.pid);
    this.seq++;
    return {
      t,
      seq: this.seq,
      ...fromTarget,
      sampleCostMs: round(costMs),
      sampleCpuMs: round(cpuMs),
      rttMs: round(rttMs),
      procCostMs: procPass?.fresh ? round(procPass.snap.costMs) : 0,
      procT: procPass?.t ?? null,
      fds: proc
        ? { open: proc.fds.open, limit: proc.fds.limit, hardLimit: proc.fds.hardLimit, kinds: proc.fds.kinds }
        : { open: null, limit: null, hardLimit: null, kinds: null },
      tcp: proc?.tcp ?? {},
      tcpTimers: proc?.tcpTimers ?? {},
      closeWaitWithUnreadData: proc?.closeWaitWithUnreadData ?? 0,
      listenBacklog: proc?.listenBacklog ?? [],
      inspectorPort: this.info.port,
      libuv: this.lastLibuv,
      partial: partialReason && partial ? { ...partial, reason: partialReason } : null,
      outsideMainThread: this.outside,
    };
  }

  /** A page of the per-socket drill-down, ordered by fd, JS facts joined to the kernel's. */
  async sockets(offset = 0, limit = 200): Promise<SocketPage> {
    const page = await this.call(socketsExpression(this.session, offset, limit));
    let byFd: Map<number, TcpRow> | null = null;
    let idle: Map<number, number> | null = null;
    if (this.info.procfs) {
      // Only the page's fds: readlink of every fd costs hundreds of ms at 10k sockets.
      const inodeFd = new Map<number, number>();
      for (const s of page.items) {
        if (s.fd === null) continue;
        const inode = socketInode(this.info.pid, s.fd);
        if (inode !== null) inodeFd.set(inode, s.fd);
      }
      if (processGone(this.info.pid)) throw await this.goneError();
      byFd = new Map();
      const [rows, idles] = await Promise.all([readTcpTableAsync(this.info.pid, inodeFd), idleByInode(this.info.pid, new Set(inodeFd.keys()))]);
      for (const r of rows) byFd.set(inodeFd.get(r.inode)!, r);
      idle = idles;
    }
    const items = page.items.map((s): SocketRow => {
      const k = s.fd !== null && byFd ? byFd.get(s.fd) : undefined;
      // In ESTABLISHED the kernel's sk_timer is the keep-alive timer: pending means SO_KEEPALIVE is on.
      const kernelKeepAlive = k && k.state === 'ESTABLISHED' && k.timer !== 'retransmit' ? k.timer === 'keepalive' : null;
      return {
        ...s,
        state: k?.state ?? null,
        rxQueue: k?.rxQueue ?? null,
        txQueue: k?.txQueue ?? null,
        kernelTimer: k?.timer ?? null,
        kernelTimerMs: k ? k.timerMs : null,
        // The kernel's last send/receive when ss can tell, else the JS timer's view.
        idleMs: (k && idle?.get(k.inode)) ?? s.idleMs,
        keepAlive: s.keepAlive ?? kernelKeepAlive,
      };
    });
    return { total: page.total, offset: page.offset, items };
  }

  /** Switch creation-site tracing on or off (only sockets created while on get a site). */
  async setTraceSites(on: boolean): Promise<void> {
    this.traceSites = on;
    await this.call(traceSitesExpression(this.session, on));
  }

  /**
   * Remove everything installed in the target and disconnect. The inspector is closed when a
   * socklint opened it, no other socklint session remains and no other debugger client is
   * connected; the target decides, in the same evaluation. Never waits on a target that is going
   * away. Holds the pid's attach lock: an attach starting meanwhile would find a closing inspector.
   */
  async detach(): Promise<DetachResult> {
    if (this.closedReason !== null) {
      return { inspectorClosed: false, reason: this.closedReason === 'detached' ? 'already detached' : this.closedReason };
    }
    if (!this.info.procfs) return this.detachUnlocked();
    return withAttachLock(this.info.pid, () => this.detachUnlocked());
  }

  private async detachUnlocked(): Promise<DetachResult> {
    if (this.closedReason !== null) {
      return { inspectorClosed: false, reason: this.closedReason === 'detached' ? 'already detached' : this.closedReason };
    }
    this.stopHeartbeat();
    let value: DetachOutcome | null = null;
    let closedUnderUs = false;
    try {
      const res = await this.cdp.send<EvaluateResponse<DetachOutcome>>(
        'Runtime.evaluate',
        { expression: detachExpression(this.session, this.otherConnections()), returnByValue: true, silent: true },
        1500,
      );
      value = res?.result?.value ?? null;
    } catch (err) {
      // Closing the inspector ends our connection before the answer: expected, and checked below.
      closedUnderUs = err instanceof InspectorError && err.code === 'TARGET_EXITED' && !processGone(this.info.pid);
    }
    this.closedReason = 'detached';
    this.cdp.close();
    this.emit('close', 'detached');
    if (value === null && !closedUnderUs) {
      return {
        inspectorClosed: false,
        reason: `the target did not answer; disconnected without cleanup (the sampler removes itself within ${Math.round(this.expireMs / 1000)} s)`,
      };
    }
    if (value === null || value.closed) {
      const closed = await this.waitInspectorClosed();
      return { inspectorClosed: closed, reason: closed ? 'inspector closed' : 'the inspector did not close' };
    }
    if (!value.opened) return { inspectorClosed: false, reason: 'the inspector was open before attaching; left open' };
    if (value.remaining > 0)
      return { inspectorClosed: false, reason: `${value.remaining} other socklint session(s) attached; the last one to detach closes the inspector` };
    return { inspectorClosed: false, reason: `${value.foreign} other debugger client(s) connected; inspector left open` };
  }

  /** Connections to the inspector besides ours, as the kernel counts them (0 without /proc). */
  private otherConnections(): number {
    if (!this.info.procfs) return 0;
    try {
      const n = connectionsToPort(this.info.pid, this.info.port).filter((r) => r.state === 'ESTABLISHED').length;
      return Math.max(0, n - 1);
    } catch {
      return 0;
    }
  }

  private async waitInspectorClosed(): Promise<boolean> {
    if (!this.info.procfs) return true;
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      try {
        if (!readListenRows(this.info.pid).some((r) => r.local.port === this.info.port)) return true;
      } catch {
        return true; // the process is gone
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  }
}

/**
 * Sockets the kernel counts for the process beyond those its main thread's JavaScript holds
 * (listeners and the inspector's own left out on both sides), when clearly more: worker threads'
 * sockets are invisible to the in-target sampler.
 */
export function outsideMainThread(proc: ProcSnapshot, jsSockets: number, pid: number): Sample['outsideMainThread'] {
  let kernel = 0;
  for (const [state, n] of Object.entries(proc.tcp)) if (state !== 'LISTEN') kernel += n ?? 0;
  const extra = kernel - jsSockets;
  if (extra < OUTSIDE_MIN_SOCKETS || extra < kernel * OUTSIDE_MIN_SHARE) return null;
  return { tcp: extra, threads: readProcStatus(pid)?.threads ?? null };
}

/**
 * Whether process.report.excludeNetwork really stops the reverse-DNS lookup per socket endpoint
 * (nodejs/node#55602, merged 2024-11: in 23.3; the 22.12 and 20.19 cut-offs are the first
 * releases of those lines after it, checked on 20.20 only). Older targets could block for seconds
 * to minutes with many sockets, so they get no tier C at all.
 */
export function reportSkipsDns(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major >= 24) return true;
  if (major === 23) return minor >= 3;
  if (major === 22) return minor >= 12;
  if (major === 20) return minor >= 19;
  return false;
}

const isFailure = (v: unknown): v is AgentFailure => !!v && typeof v === 'object' && typeof (v as AgentFailure).error === 'string';
const isMissing = (v: unknown): v is Missing => !!v && typeof v === 'object' && (v as Missing).missing === true;

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
