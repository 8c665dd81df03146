// Tier B: what the kernel knows about a process, read from /proc without touching the target.
// Sockets are attributed to the process by inode: /proc/<pid>/fd/N -> socket:[inode] joined to
// the rows of /proc/<pid>/net/tcp{,6} (the target's network namespace, not ours).
import * as fs from 'node:fs';
import { alive, hasProcfs } from './osProcess';
import type { TcpStateName, TcpTimerName } from './types';

const STATES: Record<number, TcpStateName> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  0x03: 'SYN_RECV',
  0x04: 'FIN_WAIT1',
  0x05: 'FIN_WAIT2',
  0x06: 'TIME_WAIT',
  0x07: 'CLOSE',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  0x0c: 'NEW_SYN_RECV',
};
const TIMERS: TcpTimerName[] = ['off', 'retransmit', 'keepalive', 'timewait', 'persist'];

const userHz = 100; // USER_HZ is 100 on every Linux that matters; the timer column is in these ticks.

export interface Endpoint {
  address: string;
  port: number;
}

export interface TcpRow {
  family: 4 | 6;
  local: Endpoint;
  remote: Endpoint;
  state: TcpStateName;
  txQueue: number;
  rxQueue: number;
  timer: TcpTimerName;
  timerMs: number;
  retransmits: number;
  uid: number;
  inode: number;
}

export interface FdTable {
  /** fd -> readlink target ("socket:[123]", "pipe:[4]", "/path", "anon_inode:[eventpoll]"). */
  links: Map<number, string>;
  /** socket inode -> fd. */
  socketFds: Map<number, number>;
  kinds: { socket: number; pipe: number; anon: number; file: number; other: number };
}

export function formatEndpoint(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

export function procAvailable(pid: number): boolean {
  try {
    fs.accessSync(`/proc/${pid}/fd`, fs.constants.R_OK);
    fs.readdirSync(`/proc/${pid}/fd`);
    return true;
  } catch {
    return false;
  }
}

export function pidExists(pid: number): boolean {
  return hasProcfs() ? fs.existsSync(`/proc/${pid}`) : alive(pid);
}

function emptyTable(): FdTable {
  return { links: new Map(), socketFds: new Map(), kinds: { socket: 0, pipe: 0, anon: 0, file: 0, other: 0 } };
}

function addLink(table: FdTable, fd: number, target: string): void {
  table.links.set(fd, target);
  const kinds = table.kinds;
  if (target.startsWith('socket:[')) {
    kinds.socket++;
    table.socketFds.set(Number(target.slice(8, -1)), fd);
  } else if (target.startsWith('pipe:[')) kinds.pipe++;
  else if (target.startsWith('anon_inode:')) kinds.anon++;
  else if (target.startsWith('/')) kinds.file++;
  else kinds.other++;
}

/** The open fds of a process; throws (ENOENT/EACCES) when /proc/<pid>/fd is gone or not ours. */
export function readFdTable(pid: number): FdTable {
  const dir = `/proc/${pid}/fd`;
  const table = emptyTable();
  for (const name of fs.readdirSync(dir)) {
    try {
      addLink(table, Number(name), fs.readlinkSync(`${dir}/${name}`));
    } catch {
      // closed between readdir and readlink
    }
  }
  return table;
}

/**
 * readFdTable without blocking the caller's event loop: at 10k fds the readlinks take hundreds
 * of ms, which the extension host (shared by every extension) must not spend in one go.
 */
export async function readFdTableAsync(pid: number): Promise<FdTable> {
  const dir = `/proc/${pid}/fd`;
  const table = emptyTable();
  const names = await fs.promises.readdir(dir);
  const BATCH = 256;
  for (let i = 0; i < names.length; i += BATCH) {
    const batch = names.slice(i, i + BATCH);
    const targets = await Promise.all(batch.map((n) => fs.promises.readlink(`${dir}/${n}`).catch(() => null)));
    for (let j = 0; j < batch.length; j++) {
      const t = targets[j];
      if (t !== null) addLink(table, Number(batch[j]), t);
    }
  }
  return table;
}

/** The socket inode behind one fd, or null (not a socket, or closed). */
export function socketInode(pid: number, fd: number): number | null {
  try {
    const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    return link.startsWith('socket:[') ? Number(link.slice(8, -1)) : null;
  } catch {
    return null;
  }
}

/** `Max open files` soft and hard limits (null when unlimited or unreadable). */
export function readFdLimits(pid: number): { soft: number | null; hard: number | null } {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /^Max open files\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) return { soft: null, hard: null };
    const num = (s: string) => (s === 'unlimited' ? null : Number(s));
    return { soft: num(m[1]), hard: num(m[2]) };
  } catch {
    return { soft: null, hard: null };
  }
}

function parseV4(hex: string): string {
  // The __be32 is printed as a host-order (little-endian) integer.
  const n = parseInt(hex, 16);
  return `${n & 255}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${n >>> 24}`;
}

function parseV6(hex: string): string {
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = hex.slice(i * 8, i * 8 + 8);
    // each 32-bit word is host order: reverse its bytes
    const b = w.match(/../g)!.reverse().join('');
    words.push(parseInt(b.slice(0, 4), 16), parseInt(b.slice(4, 8), 16));
  }
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return `::ffff:${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`;
  }
  // Compress the longest run of zero words.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexw = words.map((w) => w.toString(16));
  if (bestLen < 2) return hexw.join(':');
  return `${hexw.slice(0, best).join(':')}::${hexw.slice(best + bestLen).join(':')}`;
}

// One row of /proc/net/tcp{,6}: sl local rem st tx:rx tr:when retrnsmt uid timeout inode.
// A single sticky regex over the whole text is several times faster than splitting lines.
const ROW = /^\s*\d+: ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]{2}) ([0-9A-F]+):([0-9A-F]+) ([0-9A-F]+):([0-9A-F]+) ([0-9A-F]+) +(\d+) +\d+ +(\d+)/gm;

function parseTable(text: string, family: 4 | 6, wanted: Set<number> | null, out: TcpRow[]): void {
  ROW.lastIndex = 0;
  for (let m = ROW.exec(text); m !== null; m = ROW.exec(text)) {
    const inode = Number(m[12]);
    if (wanted && !wanted.has(inode)) continue;
    const timer = TIMERS[parseInt(m[8], 16)] ?? 'off';
    const local = family === 4 ? parseV4(m[1]) : parseV6(m[1]);
    const remote = family === 4 ? parseV4(m[3]) : parseV6(m[3]);
    out.push({
      family,
      local: { address: local, port: parseInt(m[2], 16) },
      remote: { address: remote, port: parseInt(m[4], 16) },
      state: STATES[parseInt(m[5], 16)] ?? 'CLOSE',
      txQueue: parseInt(m[6], 16),
      rxQueue: parseInt(m[7], 16),
      timer,
      timerMs: timer === 'off' ? 0 : Math.round((parseInt(m[9], 16) * 1000) / userHz),
      retransmits: parseInt(m[10], 16),
      uid: Number(m[11]),
      inode,
    });
  }
}

/** TCP rows of the pid's network namespace; only those whose inode is in `inodes` when given. */
export function readTcpTable(pid: number, inodes?: Set<number> | Map<number, unknown>): TcpRow[] {
  const wanted = inodes ? new Set(inodes.keys()) : null;
  const rows: TcpRow[] = [];
  for (const [file, family] of [
    ['tcp', 4],
    ['tcp6', 6],
  ] as const) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel/namespace
    }
    parseTable(text, family, wanted, rows);
  }
  return rows;
}

/** readTcpTable reading the (kernel-generated, possibly large) files without blocking. */
export async function readTcpTableAsync(pid: number, inodes?: Set<number> | Map<number, unknown>): Promise<TcpRow[]> {
  const wanted = inodes ? new Set(inodes.keys()) : null;
  const rows: TcpRow[] = [];
  for (const [file, family] of [
    ['tcp', 4],
    ['tcp6', 6],
  ] as const) {
    const text = await fs.promises.readFile(`/proc/${pid}/net/${file}`, 'utf8').catch(() => null);
    if (text !== null) parseTable(text, family, wanted, rows);
  }
  return rows;
}

/** The pid's own LISTEN sockets. */
export function listenSockets(pid: number): TcpRow[] {
  const fds = readFdTable(pid);
  return readTcpTable(pid, fds.socketFds).filter((r) => r.state === 'LISTEN');
}

export interface ProcSnapshot {
  costMs: number;
  fds: { open: number; limit: number | null; hardLimit: number | null; kinds: FdTable['kinds'] };
  tcp: Partial<Record<TcpStateName, number>>;
  tcpTimers: Partial<Record<TcpTimerName, number>>;
  closeWaitWithUnreadData: number;
  listenBacklog: Array<{ address: string; queued: number }>;
  /** fd -> its TCP row, for the drill-down join. */
  byFd: Map<number, TcpRow>;
}

/**
 * One pass over the pid's fds and TCP tables. Throws when the process is gone. Sockets on
 * `ignorePort` (the inspector we observe through) are left out of the TCP figures.
 */
export function procSnapshot(pid: number, ignorePort = -1): ProcSnapshot {
  const start = performance.now();
  const table = readFdTable(pid);
  return summarize(start, table, readFdLimits(pid), readTcpTable(pid, table.socketFds), ignorePort);
}

/** procSnapshot, yielding to the caller's event loop while it reads. */
export async function procSnapshotAsync(pid: number, ignorePort = -1): Promise<ProcSnapshot> {
  const start = performance.now();
  const table = await readFdTableAsync(pid);
  const rows = await readTcpTableAsync(pid, table.socketFds);
  return summarize(start, table, readFdLimits(pid), rows, ignorePort);
}

function summarize(start: number, table: FdTable, limits: { soft: number | null; hard: number | null }, rows: TcpRow[], ignorePort: number): ProcSnapshot {
  const tcp: Partial<Record<TcpStateName, number>> = {};
  const tcpTimers: Partial<Record<TcpTimerName, number>> = {};
  const listenBacklog: ProcSnapshot['listenBacklog'] = [];
  const byFd = new Map<number, TcpRow>();
  let closeWaitWithUnreadData = 0;
  for (const r of rows) {
    const fd = table.socketFds.get(r.inode);
    if (fd !== undefined) byFd.set(fd, r);
    if (r.local.port === ignorePort) continue;
    tcp[r.state] = (tcp[r.state] ?? 0) + 1;
    if (r.state === 'LISTEN') {
      // For listeners rx_queue is the accept queue (sk_ack_backlog); its maximum is not in this file.
      listenBacklog.push({ address: formatEndpoint(r.local), queued: r.rxQueue });
    } else {
      tcpTimers[r.timer] = (tcpTimers[r.timer] ?? 0) + 1;
    }
    // The FIN counts as one byte in rcv_nxt, so an unread FIN shows as rx_queue >= 1.
    if (r.state === 'CLOSE_WAIT' && r.rxQueue > 0) closeWaitWithUnreadData++;
  }
  return {
    costMs: performance.now() - start,
    fds: { open: table.links.size, limit: limits.soft, hardLimit: limits.hard, kinds: table.kinds },
    tcp,
    tcpTimers,
    closeWaitWithUnreadData,
    listenBacklog,
    byFd,
  };
}

/** argv of a process (empty when unreadable). */
export function readCmdline(pid: number): string[] {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args[args.length - 1] === '') args.pop();
    return args;
  } catch {
    return [];
  }
}

export function readComm(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Who holds a socket inode: scans the /proc/<pid>/fd of every process we may read. */
export function findInodeOwner(inode: number): { pid: number; command: string } | null {
  const needle = `socket:[${inode}]`;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${name}/fd/${fd}`) === needle) {
          const pid = Number(name);
          return { pid, command: readCmdline(pid).join(' ') || readComm(pid) || '?' };
        }
      } catch {
        /* raced with close */
      }
    }
  }
  return null;
}

/** The LISTEN row on a local port in the pid's namespace (any owner), or null. */
export function findListener(pid: number, port: number): TcpRow | null {
  return readTcpTable(pid).find((r) => r.state === 'LISTEN' && r.local.port === port) ?? null;
}

/** Gone, or a zombie waiting to be reaped: either way it will never answer again. */
export function processGone(pid: number): boolean {
  if (!hasProcfs()) return !alive(pid);
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}
