// One attach to one target, in the extension host: owns the Sampler, samples once a second and
// hands samples to whoever listens (the panel), pages sockets on demand, and ends exactly once —
// on detach, when the target exits, or when sampling keeps failing.
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { InspectorError, Sampler } from '../../../server/src/inspector';
import type { AttachTarget, Sample, SocketPage, TargetSummary } from './protocol';

const TICK_MS = 1000;
/** Consecutive failed samples (timeouts of a stuck target) before the session gives up. */
const MAX_FAILED_TICKS = 5;

export interface SessionEvents {
  sample: [sample: Sample];
  /** The session is over. `error` is set when it did not end by a detach: one sentence for the user. */
  end: [error: string | null];
}

export class InspectorSession extends EventEmitter<SessionEvents> {
  private timer: NodeJS.Timeout | null = null;
  private failedTicks = 0;
  private ended = false;
  private detaching = false;
  private lastSample: Sample | null = null;
  private traceSitesOn: boolean;

  private constructor(
    private readonly sampler: Sampler,
    readonly target: TargetSummary,
    traceSites: boolean,
  ) {
    super();
    this.traceSitesOn = traceSites;
    sampler.on('close', (reason) => {
      if (reason === 'detached' || this.detaching) this.end(null);
      else this.end(`Socklint inspector: ${reason}; detached from ${target.label}.`);
    });
  }

  /** Attaches (throws an InspectorError with a one-sentence message on failure) and starts sampling. */
  static async start(attach: AttachTarget, options: { label?: string; traceSites?: boolean } = {}): Promise<InspectorSession> {
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
    const session = new InspectorSession(sampler, target, !!options.traceSites);
    session.schedule(0);
    return session;
  }

  get active(): boolean {
    return !this.ended;
  }

  get latest(): Sample | null {
    return this.lastSample;
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
      const sample = await this.sampler.sample();
      if (this.ended) return;
      this.failedTicks = 0;
      this.lastSample = sample;
      this.emit('sample', sample);
    } catch (err) {
      if (this.ended) return;
      const exited = err instanceof InspectorError && (err.code === 'TARGET_EXITED' || err.code === 'DETACHED');
      if (exited || ++this.failedTicks >= MAX_FAILED_TICKS) {
        void this.sampler.detach().catch(() => undefined);
        this.end(`Socklint inspector: ${messageOf(err)} Detached from ${this.target.label}.`);
        return;
      }
    }
    this.schedule(Math.max(0, TICK_MS - (Date.now() - started)));
  }

  async sockets(offset: number, limit: number): Promise<SocketPage> {
    if (this.ended) throw new InspectorError('DETACHED', 'The inspector is detached.');
    return this.sampler.sockets(offset, limit);
  }

  async setTraceSites(on: boolean): Promise<void> {
    if (this.ended) throw new InspectorError('DETACHED', 'The inspector is detached.');
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

  private end(error: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimer();
    this.emit('end', error);
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
