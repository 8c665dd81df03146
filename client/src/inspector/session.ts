// One attach to one target, in the extension host: owns the Sampler, samples once a second and
// hands samples to whoever listens (the panel), pages sockets on demand, and ends exactly once —
// on detach, when the target exits, or when sampling keeps failing.
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { InspectorError, KernelSampler, Sampler } from '@socklint/inspector';
import type { AnySample, AnySocketPage, AttachTarget, KernelSample, Sample, TargetSummary } from '@socklint/protocol/webview';

const TICK_MS = 1000;
/** Samples kept for trends, the verdict and the export: the last 10 minutes. */
const HISTORY_MS = 10 * 60_000;
/** Consecutive failed samples (timeouts of a stuck target) before the session gives up. */
const MAX_FAILED_TICKS = 5;

/** `S`: the samples this session hands out (Sample when attached, KernelSample for the kernel view). */
export interface SessionEvents<S extends AnySample = AnySample> {
  sample: [sample: S];
  /**
   * The session is over. `error` is set when it did not end by a detach: one sentence for the
   * user. `exited`: it ended because the target process exited (or began to), not by a failure.
   */
  end: [error: string | null, exited: boolean];
}

export interface StartOptions {
  label?: string;
  traceSites?: boolean;
  /** The kernel view (/proc only, no signal, nothing attached): for a pid that is not Node.js. */
  kernel?: boolean;
}

export class InspectorSession<S extends AnySample = Sample> extends EventEmitter<SessionEvents<S>> {
  private timer: NodeJS.Timeout | null = null;
  private failedTicks = 0;
  private ended = false;
  private detaching = false;
  private lastSample: S | null = null;
  private readonly samples: S[] = [];
  private traceSitesOn: boolean;

  private constructor(
    private readonly sampler: Sampler | KernelSampler,
    readonly target: TargetSummary,
    traceSites: boolean,
  ) {
    super();
    this.traceSitesOn = traceSites;
    sampler.on('close', (reason) => {
      if (reason === 'detached' || this.detaching) this.end(null);
      else this.end(`Socklint inspector: ${reason}; detached from ${target.label}.`, /^process \d+ (exited|is exiting)$/.test(reason));
    });
  }

  /** Attaches (throws an InspectorError with a one-sentence message on failure) and starts sampling. */
  static start(attach: AttachTarget, options: StartOptions & { kernel: true }): Promise<InspectorSession<KernelSample>>;
  static start(attach: AttachTarget, options?: StartOptions & { kernel?: false }): Promise<InspectorSession<Sample>>;
  static start(attach: AttachTarget, options?: StartOptions): Promise<InspectorSession<AnySample>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads above give callers the sample type
  static async start(attach: AttachTarget, options: StartOptions = {}): Promise<InspectorSession<any>> {
    if (options.kernel && attach.pid !== undefined) {
      // The kernel view: /proc only, nothing attached, no signal.
      const view = KernelSampler.open(attach.pid, { reason: 'not-node' });
      const target: TargetSummary = {
        pid: view.info.pid,
        nodeVersion: 'kernel view',
        view: 'kernel',
        label: `${options.label ?? 'process'} (pid ${view.info.pid})`,
        endpoint: '/proc',
        openedByUs: false,
        attach: { pid: view.info.pid },
      };
      const session = new InspectorSession<KernelSample>(view, target, false);
      session.schedule(0);
      return session;
    }
    const sampler = await Sampler.attach(attach, { traceSites: !!options.traceSites });
    const info = sampler.info;
    const target: TargetSummary = {
      pid: info.pid,
      nodeVersion: info.nodeVersion,
      label: `${options.label ?? 'node'} (pid ${info.pid})`,
      endpoint: `${info.host}:${info.port}`,
      openedByUs: info.openedByUs,
      // Re-attach by pid when /proc shows the process (a reopened inspector may get another port).
      attach: info.procfs ? { pid: info.pid } : { ...attach },
    };
    const session = new InspectorSession<Sample>(sampler, target, !!options.traceSites);
    session.schedule(0);
    return session;
  }

  get active(): boolean {
    return !this.ended;
  }

  get latest(): S | null {
    return this.lastSample;
  }

  /** The samples of the last 10 minutes, oldest first (the newest is `latest`). */
  get history(): readonly S[] {
    return this.samples;
  }

  get traceSites(): boolean {
    return this.traceSitesOn;
  }

  private schedule(delayMs: number): void {
    if (this.ended) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  /** One sample; the next one is scheduled after this one finishes, so a slow target never piles up calls. */
  private async tick(): Promise<void> {
    this.timer = null;
    if (this.ended) return;
    const started = Date.now();
    try {
      const sample = (await this.sampler.sample()) as S;
      if (this.ended) return;
      this.failedTicks = 0;
      this.lastSample = sample;
      this.samples.push(sample);
      while (this.samples.length > 1 && this.samples[0].t < sample.t - HISTORY_MS) this.samples.shift();
      this.emit('sample', sample);
    } catch (err) {
      if (this.ended) return;
      const gone = err instanceof InspectorError && (err.code === 'TARGET_EXITED' || err.code === 'DETACHED');
      if (gone || ++this.failedTicks >= MAX_FAILED_TICKS) {
        void this.sampler.detach().catch(() => undefined);
        // The process itself went away (not only the connection): it exited, nothing failed.
        const exited = gone && / exited /.test(messageOf(err));
        this.end(`Socklint inspector: ${messageOf(err)} Detached from ${this.target.label}.`, exited);
        return;
      }
    }
    this.schedule(Math.max(0, TICK_MS - (Date.now() - started)));
  }

  async sockets(offset: number, limit: number): Promise<AnySocketPage> {
    if (this.ended) throw new InspectorError('DETACHED', 'The inspector is detached.');
    return this.sampler.sockets(offset, limit);
  }

  async setTraceSites(on: boolean): Promise<void> {
    if (this.ended) throw new InspectorError('DETACHED', 'The inspector is detached.');
    if (this.sampler instanceof KernelSampler) throw new InspectorError('NOT_NODE', 'The kernel view has no JavaScript side to trace creation sites in.');
    await this.sampler.setTraceSites(on);
    this.traceSitesOn = on;
  }

  /** Removes everything installed in the target; resolves with what happened to its inspector. */
  async detach(): Promise<string> {
    if (this.ended) return 'already detached';
    this.detaching = true;
    this.stopTimer();
    try {
      const result = await this.sampler.detach();
      return result.reason;
    } finally {
      this.end(null);
    }
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private end(error: string | null, exited = false): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimer();
    this.emit('end', error, exited);
  }
}

/** "node server.js" from a command line: the executable's name and the script, for labels. */
export function shortCommand(command: string): string {
  const parts = command.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return 'node';
  const exe = path.basename(parts[0]);
  const script = parts.slice(1).find((p) => !p.startsWith('-'));
  return script ? `${exe} ${path.basename(script)}` : exe;
}

export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
