// What a traced process writes when it ends (or when asked while it hangs): the sockets, servers
// and timers still open, each with its creation site. Shared by the preload and `socklint run`.

/** Creation site: "file:line:column", or a label when the stack held no user frame. */
export type SiteLabel = string;

export interface OpenSocket {
  site: SiteLabel | null;
  /** 'client' (net.connect, http requests), 'server' (accepted by a server), 'unix' (a Unix-domain socket). */
  kind: 'client' | 'server' | 'unix';
  fd: number | null;
  local: string | null;
  remote: string | null;
  /** TCP state from /proc/self/net/tcp{,6} joined by the fd's socket inode; null where unknown. */
  state: string | null;
  /** Since the socket was created (null: created before tracing or not seen by it). */
  ageMs: number | null;
  timeoutMs: number | null;
  errorListener: boolean;
  /** Keeps the process alive (false: unref'd, the usual way a leaked socket goes unnoticed). */
  refd: boolean | null;
}

export interface OpenServer {
  site: SiteLabel | null;
  kind: 'net' | 'http' | 'https' | 'tls' | 'http2';
  address: string;
  connections: number;
  ageMs: number | null;
  refd: boolean | null;
}

export interface OpenTimer {
  site: SiteLabel | null;
  repeat: boolean;
  delayMs: number;
  ageMs: number | null;
}

export interface ProcessReport {
  pid: number;
  ppid: number;
  argv: string[];
  cwd: string;
  nodeVersion: string;
  /** 'exit': written at process 'exit'; 'running': asked for while the process was still running. */
  ended: 'exit' | 'running';
  exitCode: number | null;
  sockets: OpenSocket[];
  servers: OpenServer[];
  /** Ref'd timers: their count always; one entry each, with its creation site, under --leaks. */
  timers: { count: number; items: OpenTimer[] | null };
  /** Idle keep-alive sockets in an http.Agent's pool: the agent owns them (not counted as left open). */
  pooled: number;
  /** Whether --leaks tracing (async_hooks: every socket, server and timer) was on. */
  leaks: boolean;
}

export interface ProcessStart {
  pid: number;
  ppid: number;
  argv: string[];
  cwd: string;
}

/** The environment variables between `socklint run` and the preload. */
export const RUN_DIR_ENV = 'SOCKLINT_RUN_DIR';
export const RUN_LEAKS_ENV = 'SOCKLINT_RUN_LEAKS';
/** Written by `socklint run` to ask every traced process still running for a report (its content: a sequence number). */
export const REQUEST_FILE = 'request';

export const startFile = (pid: number): string => `${pid}.start.json`;
export const exitFile = (pid: number): string => `${pid}.exit.json`;
export const snapshotFile = (pid: number, seq: number): string => `${pid}.running.${seq}.json`;
