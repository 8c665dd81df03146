// The inspector's public data shapes. `Sample` is the `socklint inspect --json` contract that
// scripts and alerting read: fields are only ever added, never renamed or removed.

/** Kernel TCP state names as `ss`/`netstat` print them (include/net/tcp_states.h). */
export type TcpStateName =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NEW_SYN_RECV';

/** The kernel timer pending on a socket (`ss -o` names; `keepalive` also covers delayed-ack and FIN_WAIT2). */
export type TcpTimerName = 'off' | 'retransmit' | 'keepalive' | 'timewait' | 'persist';

/** Where to attach: a pid (an inspector is opened with SIGUSR1 when needed), a port, or a ws:// URL. */
export interface AttachTarget {
  pid?: number;
  port?: number;
  url?: string;
  /** Host of the inspector. Anything but loopback must be given here explicitly. Default 127.0.0.1. */
  host?: string;
}

export interface AttachInfo {
  pid: number;
  nodeVersion: string;
  host: string;
  port: number;
  wsUrl: string;
  /** How the inspector was found: already given (url/port), from the command line, or opened with SIGUSR1. */
  via: 'url' | 'port' | 'cmdline' | 'listening' | 'sigusr1';
  /** True when this tool opened the inspector; detach then closes it again. */
  openedByUs: boolean;
  /** /proc/<pid> is readable from here (same host, same user): tier B facts are available. */
  procfs: boolean;
}

export interface ServerInfo {
  /** "127.0.0.1:8080", "[::]:443", or a pipe path. */
  address: string;
  kind: 'http' | 'https' | 'http2' | 'tls' | 'net';
  /** Open connections (net.Server's own counter). */
  connections: number;
  /** ms; 0 = disabled; null when not an HTTP server. */
  timeout: number | null;
  keepAliveTimeout: number | null;
  headersTimeout: number | null;
  requestTimeout: number | null;
}

export interface AgentInfo {
  /** "http://127.0.0.1:8080" (derived from the agent's pool key). */
  origin: string;
  /** "http.globalAgent", "https.globalAgent" or "agent#<n>" (numbered in discovery order). */
  agent: string;
  keepAlive: boolean;
  /** Sockets with a request in flight. */
  active: number;
  /** Idle pooled keep-alive sockets (unref'd: invisible to process._getActiveHandles()). */
  free: number;
  /** Requests waiting for a socket. */
  queued: number;
  maxSockets: number | null;
  maxFreeSockets: number | null;
  /** The agent's socket timeout in ms, null when none. */
  timeout: number | null;
}

export interface SiteGroup {
  /**
   * "file:line:column" of the first user frame, or "accepted by 127.0.0.1:8080" for server sockets,
   * or (sockets from before tracing only) an agent's pool, "http://127.0.0.1:8080 (agent#1)".
   */
  site: string;
  file: string | null;
  line: number | null;
  column: number | null;
  functionName: string | null;
  kind: 'client' | 'server';
  /** Sockets from this site that are open now. */
  live: number;
  /** Sockets created here since tracing started. */
  created: number;
  /**
   * true: a group of live sockets open before tracing began (no stack recorded), put under their
   * owner: the server that accepted them (the same `site` as that server's traced group, listed
   * apart) or the agent pool holding them. No file, `created` 0; listed after the traced sites.
   * Absent for traced sites (and from samplers before it existed).
   */
  beforeTracing?: true;
  /**
   * Of the `live` ones: no idle timeout of their own and none from their HTTP server
   * (`missing-socket-timeout`'s case), no 'error' listener, and the peer's FIN received while this
   * side never ended (CLOSE_WAIT as JavaScript sees it). Absent from samplers before they existed.
   */
  withoutTimeout?: number;
  withoutErrorListener?: number;
  peerClosed?: number;
}

export interface Sample {
  /** Wall-clock time of the sample (ms since epoch, sampler side). */
  t: number;
  /** 1, 2, … per Sampler. */
  seq: number;
  pid: number;
  nodeVersion: string;
  /** Main-thread time the sample cost the target (wall clock, measured inside the target), ms. */
  sampleCostMs: number;
  /** CPU time the target's process used meanwhile, ms: on a busy machine, less inflated by preemption than sampleCostMs. */
  sampleCpuMs: number;
  /** Round trip of the in-target evaluation as seen by the sampler, ms. */
  rttMs: number;
  /** Time this sample spent reading /proc on the sampler side (0 cost to the target), ms; 0 when it reused an earlier pass. */
  procCostMs: number;
  /** When the /proc figures (fds, tcp, tcpTimers, …) were read; large processes are re-read less often. null without /proc. */
  procT: number | null;
  /** Open file descriptors against `Max open files`. null fields when /proc is not readable. */
  fds: {
    open: number | null;
    limit: number | null;
    hardLimit: number | null;
    kinds: { socket: number; pipe: number; anon: number; file: number; other: number } | null;
  };
  /** The process's own TCP sockets by kernel state (from /proc; TIME_WAIT has no owner and is never counted). */
  tcp: Partial<Record<TcpStateName, number>>;
  /** Pending kernel timers of the process's own TCP sockets (what `ss -o` shows). */
  tcpTimers: Partial<Record<TcpTimerName, number>>;
  /** CLOSE_WAIT sockets whose receive queue still holds data or the FIN the app never read. */
  closeWaitWithUnreadData: number;
  /** LISTEN sockets: connections waiting in the accept queue. */
  listenBacklog: Array<{ address: string; queued: number }>;
  /** The port of the inspector this sampler is connected through; its sockets are left out of `tcp`, `tcpTimers`, `listenBacklog`. */
  inspectorPort: number;
  /** JS socket objects (ref'd handles plus pooled agent sockets). */
  sockets: {
    total: number;
    withoutTimeout: number;
    withoutErrorListener: number;
    /** Sockets kept out of the event loop's ref count (pooled keep-alive sockets, manual unref()). */
    unrefd: number;
    /** Destroyed sockets still held in an agent's pool. */
    destroyed: number;
    /**
     * Of `withoutTimeout`: sockets accepted by an HTTP server whose own timeouts bound them
     * (`timeout`, `requestTimeout`, or `headersTimeout` on Node >= 18): not what
     * `missing-socket-timeout` reports. Absent from samplers before it existed.
     */
    coveredByServer?: number;
  };
  servers: ServerInfo[];
  agents: AgentInfo[];
  /** process.getActiveResourcesInfo() histogram (ref'd resources only). */
  resources: Record<string, number>;
  /** Event-loop utilisation since the previous sample (0..1). */
  eventLoopUtilization: number;
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  /**
   * Tier C: libuv's own handle list (process.report, network lookups off), taken on a slow cadence;
   * the last one taken, or null before the first.
   */
  libuv: { t: number; costMs: number; tcp: number; tcpUnrefd: number; timers: number; byType: Record<string, number> } | null;
  /** Creation sites, when site tracing is on (sockets created after it was switched on, and older ones whose server or agent pool is known). */
  sites: SiteGroup[] | null;
  /**
   * Set when the sample is incomplete: on a huge or starved target the sampler examines sockets
   * one by one only within its time budget (`socketsExamined` of `sockets.total`; withoutTimeout
   * and withoutErrorListener count those), and a retry after the time limit leaves out
   * `skipped` parts ('resources', 'sites'). null for a complete sample.
   */
  partial: { socketsExamined: number; skipped: string[]; reason: string } | null;
  /**
   * Set when the kernel shows clearly more TCP sockets for the process than its main thread's
   * JavaScript holds: worker threads' (or native code's, or unref'd) sockets, which the
   * in-target sampler cannot see. JS counts cover the main thread only. null otherwise.
   */
  outsideMainThread: { tcp: number; threads: number | null } | null;
}

/** One socket of the drill-down: JS facts joined to the kernel's by fd. */
export interface SocketRow {
  fd: number | null;
  kind: 'client' | 'server' | 'unknown';
  local: string | null;
  remote: string | null;
  /** Kernel state (null when the fd has no TCP row, e.g. a pipe or an already closed handle). */
  state: TcpStateName | null;
  rxQueue: number | null;
  txQueue: number | null;
  kernelTimer: TcpTimerName | null;
  kernelTimerMs: number | null;
  /** ms since creation (traced) or since first seen by this sampler; null when unknown. */
  ageMs: number | null;
  ageSource: 'created' | 'firstSeen' | null;
  /** ms since the last read/write; null when unknown (no timeout set and first observation). */
  idleMs: number | null;
  /** The socket's JS idle timeout in ms; null = none. */
  timeout: number | null;
  keepAlive: boolean | null;
  bytesRead: number;
  bytesWritten: number;
  listeners: { error: boolean; end: boolean; close: boolean; timeout: boolean };
  refd: boolean | null;
  destroyed: boolean;
  paused: boolean;
  /** "http://host:port (agent#1, free)" / "server 127.0.0.1:8080" / null. */
  owner: string | null;
  /** The in-flight HTTP request ("GET /path"), if any. */
  request: string | null;
  site: string | null;
}

export interface SocketPage {
  total: number;
  offset: number;
  items: SocketRow[];
}

export interface DetachResult {
  /** The inspector this tool opened was closed again (false when it was already open before, or still has clients). */
  inspectorClosed: boolean;
  reason: string;
}

export interface NodeProcess {
  pid: number;
  command: string;
  cwd: string | null;
  /** Inspector port from --inspect*, when the command line has one. */
  inspectPort: number | null;
}

export type InspectorErrorCode =
  | 'NO_SUCH_PID'
  | 'NOT_NODE'
  | 'PERMISSION'
  | 'PORT_TAKEN'
  | 'SIGNAL_HANDLED'
  | 'NO_INSPECTOR'
  | 'PID_MISMATCH'
  | 'NOT_LOOPBACK'
  | 'CONNECT_FAILED'
  | 'TARGET_EXITED'
  | 'TIMEOUT'
  | 'EVALUATE_FAILED'
  | 'DETACHED'
  /** Another socklint is attaching to or detaching from the same pid. */
  | 'BUSY'
  /** The process would die of SIGUSR1, ignores it, or cannot handle it now (zombie, stopped). */
  | 'SIGNAL_UNSAFE'
  /** An evaluation ran out of its time limit in the target ("Execution was terminated"). */
  | 'EVALUATE_TIMEOUT'
  /** The kernel view needs a Linux /proc, which this system does not have. */
  | 'NO_PROCFS';

/** A failure with a message that is one sentence meant for the user; never a stack trace. */
export class InspectorError extends Error {
  constructor(
    readonly code: InspectorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InspectorError';
  }
}

/**
 * Sockets of one kind that pile up, grouped as the kernel shows them: CLOSE_WAIT (the peer
 * closed, this process did not) or ESTABLISHED with no traffic for long. Outbound sockets are
 * grouped by their remote endpoint (their local port is ephemeral); accepted ones by the remote
 * address and the local (listening) port (their remote port is ephemeral).
 */
export interface SocketGroup {
  state: 'CLOSE_WAIT' | 'ESTABLISHED';
  direction: 'outbound' | 'inbound';
  /** "10.0.0.5:8080" (outbound) or "10.0.0.7" (inbound). */
  remote: string;
  /** The listening port the sockets were accepted on (inbound); null for outbound sockets. */
  localPort: number | null;
  count: number;
  /** Sockets whose receive queue is not empty (for CLOSE_WAIT: data or the FIN never read). */
  withUnreadData: number;
  /** Sum of the receive queues (Recv-Q as `ss` shows it; an unread FIN counts 1). */
  unreadBytes: number;
  /** Time since the sockets last sent or received (tcp_info), youngest and oldest; null where `ss` cannot tell (other network namespace, no ss). */
  idleMs: { min: number; max: number } | null;
  /** How long this session has seen the oldest of them, ms (0 on the first sample). */
  seenMs: number;
}

/** What the kernel view knows beyond the Sample fields it shares with the Node.js view. */
export interface KernelFacts {
  /** Why there is no JavaScript view: the process is not Node.js, or --kernel-only was asked for. */
  reason: 'not-node' | 'kernel-only';
  command: string;
  /** Threads of the process (they share its fd table, so their sockets are counted). */
  threads: number | null;
  /** The pid given was a thread of this process (its thread id); null otherwise. */
  threadId: number | null;
  /**
   * The process's network namespace against ours (`/proc/<pid>/ns/net`, `/proc/self/ns/net`);
   * `differs` null when the links are not readable. Its TCP tables are always read from its own
   * /proc/<pid>/net.
   */
  netns: { differs: boolean | null; target: string | null; ours: string | null };
  /** CLOSE_WAIT and long-idle ESTABLISHED groups, largest first. */
  groups: SocketGroup[];
  /** One sentence per finding, worst first (the same style as the Node.js panel's). */
  verdicts: string[];
}

/** Fields of `Sample` only the JavaScript side can fill: null in the kernel view. */
export type JavaScriptSampleField =
  | 'nodeVersion'
  | 'sampleCostMs'
  | 'sampleCpuMs'
  | 'rttMs'
  | 'inspectorPort'
  | 'sockets'
  | 'servers'
  | 'agents'
  | 'resources'
  | 'eventLoopUtilization'
  | 'memory'
  | 'libuv'
  | 'sites'
  | 'partial'
  | 'outsideMainThread';

/**
 * A sample of the kernel view (`inspect --pid` on a process that is not Node.js, or
 * `--kernel-only`): the `Sample` contract with every JavaScript field null, plus `kernel`.
 */
export type KernelSample = Omit<Sample, JavaScriptSampleField> & { [K in JavaScriptSampleField]: null } & { view: 'kernel'; kernel: KernelFacts };

/** Fields of `SocketRow` only the JavaScript side can fill: null in the kernel view. */
export type JavaScriptSocketField = 'timeout' | 'bytesRead' | 'bytesWritten' | 'listeners' | 'refd' | 'destroyed' | 'paused' | 'request' | 'site';

/** A row of the kernel view's socket table: `SocketRow` with the JavaScript fields null. */
export type KernelSocketRow = Omit<SocketRow, JavaScriptSocketField> & { [K in JavaScriptSocketField]: null };

export interface KernelSocketPage {
  total: number;
  offset: number;
  items: KernelSocketRow[];
}
