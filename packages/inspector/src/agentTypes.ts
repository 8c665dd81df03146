// What the in-target agent (inTarget/agent.ts) answers, as the sampler reads it: one set of types
// for both sides of Runtime.evaluate (returnByValue: plain JSON).
import type { AgentInfo, Sample, ServerInfo, SiteGroup, SocketRow } from './types';

/** The Symbol.for key of the agent's state on the target's globalThis, shared by every socklint session. */
export const AGENT_KEY = 'socklint.inspector';

/** Bumped when the in-target API changes: a session's older install is replaced, not reused. */
export const AGENT_VERSION = 6;

export interface InstallParams {
  /** Names this session's state in the target, apart from other samplers attached at the same time. */
  session: string;
  /** This attach's SIGUSR1 opened the inspector: the last socklint session to leave closes it. */
  opened: boolean;
  /** A session not heard from for this long removes itself (and closes what socklint opened). */
  expireMs: number;
  /** Every handle is listed again at least this often, ms (inTarget/tracker.ts; default RELIST_MS there). */
  relistMs?: number;
}

export interface InstallResult {
  pid: number;
  nodeVersion: string;
  heapUsed: number;
  /** The session's sampler was already installed (same version): kept, not replaced. */
  reused: boolean;
  openedBySocklint: boolean;
}

/** The in-target half of a `Sample`: the fields only JavaScript can see, as they are. */
export interface AgentSample extends Pick<Sample, 'pid' | 'nodeVersion' | 'sockets' | 'resources' | 'eventLoopUtilization' | 'memory'> {
  servers: ServerInfo[];
  agents: AgentInfo[];
  sites: SiteGroup[] | null;
  /** Counts over the sockets examined (withoutTimeout, withoutErrorListener) and what was left out. */
  partial: { socketsExamined: number; skipped: string[] } | null;
  /** Main-thread time the sample took, ms. */
  costMs: number;
  /** CPU time the process used meanwhile, ms. */
  cpuMs: number;
  /** This sample listed every handle (process._getActiveHandles) instead of walking the sockets it keeps (inTarget/tracker.ts). */
  listedAll: boolean;
}

/** Fields of `SocketRow` only the kernel can give (joined by the sampler, by fd). */
export type KernelSocketField = 'state' | 'rxQueue' | 'txQueue' | 'kernelTimer' | 'kernelTimerMs';

/** One socket of the drill-down as the target sees it. */
export type AgentSocketRow = Omit<SocketRow, KernelSocketField | 'kind'> & { kind: 'client' | 'server' };

export interface AgentSocketPage {
  /** Sockets in all (the page is `items`, ordered by fd). */
  total: number;
  offset: number;
  items: AgentSocketRow[];
  costMs: number;
}

/** Tier C: libuv's handle list from process.report, counted. */
export interface AgentReport {
  tcp: number;
  tcpUnrefd: number;
  timers: number;
  byType: Record<string, number>;
  costMs: number;
  cpuMs: number;
}

/** process.report was not taken (it would wait for worker threads). */
export interface ReportSkipped {
  skipped: string;
}

/** What a detach decided, in the target. */
export interface DetachOutcome {
  /** The session's sampler was installed. */
  had: boolean;
  /** The inspector was closed (a socklint opened it, and nobody else is left). */
  closed: boolean;
  /** A socklint opened the inspector. */
  opened: boolean;
  /** Other socklint sessions still installed. */
  remaining: number;
  /** Other debugger clients connected. */
  foreign: number;
}

/** The session's sampler is not installed (removed by its watchdog, or never installed). */
export interface Missing {
  missing: true;
}

/** A call that threw inside the target (the agent never lets an exception reach the app). */
export interface AgentFailure {
  error: string;
}

/** The session's API in the target: `globalThis[Symbol.for(AGENT_KEY)].sessions.get(session)`. */
export interface AgentApi {
  version: number;
  lastSeen: number;
  expireMs: number;
  touch(): true;
  /** budgetMs: time for examining sockets one by one; lite: also leave out resources and sites. */
  sample(budgetMs: number, lite: boolean): AgentSample | AgentFailure;
  sockets(offset: number, limit: number): AgentSocketPage | AgentFailure;
  report(): AgentReport | ReportSkipped | AgentFailure | null;
  /** Registers agents found by the heap query; answers how many were new. */
  noteAgents(list: readonly unknown[]): number;
  setTraceSites(on: boolean): boolean;
  /** Called by the watchdog between samples: lets go of the sockets kept when sampling stopped (absent before version 6). */
  idle?(now: number): void;
  uninstall(): void;
}

/** The state every socklint session in the target shares (`globalThis[Symbol.for(AGENT_KEY)]`). */
export interface AgentRoot {
  sessions: Map<string, AgentApi>;
  /** A socklint's SIGUSR1 opened the inspector. */
  openedBySocklint: boolean;
  /** The event loop turned since that SIGUSR1 (else Node still holds a queued second inspector start). */
  loopTurned: boolean;
  watchdog: NodeJS.Timeout | null;
  /** Closes the inspector when a socklint opened it; true when it did. */
  close?: () => boolean;
  /** Uninstalls a session and closes the inspector when it was the last one (see detachExpression). */
  detach?: (session: string, otherConnections: number) => DetachOutcome;
}
