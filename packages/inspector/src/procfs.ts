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
 * readFdTable without holding the caller's event loop for long: at 20k fds the readlinks take a
 * few hundred ms, which the extension host (shared by every extension) must not spend in one go.
 * Plain readlinkSync in slices, yielding between them: the thread pool's async readlink costs
 * about twice as much in total.
 */
export async function readFdTableAsync(pid: number): Promise<FdTable> {
  const dir = `/proc/${pid}/fd`;
  const table = emptyTable();
  const names = await fs.promises.readdir(dir);
  const SLICE = 2048;
  for (let i = 0; i < names.length; i += SLICE) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const end = Math.min(names.length, i + SLICE);
    for (let j = i; j < end; j++) {
      try {
        addLink(table, Number(names[j]), fs.readlinkSync(`${dir}/${names[j]}`));
      } catch {
        // closed between readdir and readlink
      }
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

/** Parses a hex field of a /proc/net/tcp line without allocating a substring. */
function hexAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    n = n * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return n;
}

/** End of the run of non-space characters starting at `i`. */
function tokenEnd(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) > 32) i++;
  return i;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Rows of /proc/net/tcp{,6}: "sl: local rem st tx:rx tr:when retrnsmt uid timeout inode ...".
 * A hand-written scanner: a table of 40k rows (20k sockets of the target plus TIME_WAIT) is
 * parsed in a fraction of the time a regex per row takes, and rows whose inode is not wanted
 * (other processes', TIME_WAIT's inode 0) are skipped before anything is built. `onlyListen`
 * stops at the first row that is not LISTEN: the kernel prints every listener first.
 */
function parseTable(text: string, family: 4 | 6, wanted: Set<number> | null, out: TcpRow[], onlyListen = false): boolean {
  const addrLen = family === 4 ? 8 : 32;
  let pos = text.indexOf('\n') + 1; // header line
  while (pos > 0 && pos < text.length) {
    const eol = text.indexOf('\n', pos);
    const end = eol < 0 ? text.length : eol;
    const colon = text.indexOf(': ', pos);
    if (colon < 0 || colon > end) break;
    // Fixed layout after "sl: ": local(addr:port) rem(addr:port) st tx:rx tr:when retrnsmt.
    const l = colon + 2;
    const r = l + addrLen + 6;
    const st = r + addrLen + 6;
    const state = hexAt(text, st, st + 2);
    if (onlyListen && state !== 0x0a) return true;
    const txAt = st + 3;
    const rxAt = txAt + 9;
    const trAt = rxAt + 9;
    const whenAt = trAt + 3;
    const retrAt = whenAt + 9;
    // uid, timeout, inode: space-separated, variable width.
    let i = skipSpaces(text, tokenEnd(text, retrAt));
    const uidEnd = tokenEnd(text, i);
    const uid = Number(text.slice(i, uidEnd));
    i = skipSpaces(text, tokenEnd(text, skipSpaces(text, uidEnd)));
    const inode = Number(text.slice(i, tokenEnd(text, i)));
    pos = end + 1;
    // Inode 0: TIME_WAIT and orphaned sockets, which belong to no process.
    if (wanted ? !wanted.has(inode) : inode === 0 && !onlyListen) continue;
    const timer = TIMERS[hexAt(text, trAt, trAt + 2)] ?? 'off';
    const localHex = text.slice(l, l + addrLen);
    const remoteHex = text.slice(r, r + addrLen);
    out.push({
      family,
      local: { address: family === 4 ? parseV4(localHex) : parseV6(localHex), port: hexAt(text, l + addrLen + 1, l + addrLen + 5) },
      remote: { address: family === 4 ? parseV4(remoteHex) : parseV6(remoteHex), port: hexAt(text, r + addrLen + 1, r + addrLen + 5) },
      state: STATES[state] ?? 'CLOSE',
      txQueue: hexAt(text, txAt, txAt + 8),
      rxQueue: hexAt(text, rxAt, rxAt + 8),
      timer,
      timerMs: timer === 'off' ? 0 : Math.round((hexAt(text, whenAt, whenAt + 8) * 1000) / userHz),
      retransmits: hexAt(text, retrAt, retrAt + 8),
      uid,
      inode,
    });
  }
  return false;
}

/**
 * TCP rows of the pid's network namespace; only those whose inode is in `inodes` when given,
 * else every row that belongs to some process (TIME_WAIT and orphans have none).
 */
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

/**
 * Every LISTEN row of the pid's network namespace (any owner). Reads only the head of the
 * tables: the kernel prints listeners first, and generating the rest of a table of 40k
 * sockets takes it hundreds of ms.
 */
export function readListenRows(pid: number): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const [file, family] of [
    ['tcp', 4],
    ['tcp6', 6],
  ] as const) {
    let fd: number;
    try {
      fd = fs.openSync(`/proc/${pid}/net/${file}`, 'r');
    } catch {
      continue; // no IPv6 in this kernel/namespace
    }
    try {
      const buf = Buffer.alloc(64 * 1024);
      let text = '';
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        text += buf.toString('latin1', 0, n);
        const complete = n === 0 ? text : text.slice(0, text.lastIndexOf('\n') + 1);
        const found: TcpRow[] = [];
        const passedListeners = parseTable(complete, family, null, found, true);
        if (passedListeners || n === 0) {
          rows.push(...found);
          break;
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return rows;
}

/**
 * Which of these socket inodes the pid holds, and on which fd: reads its fds from the highest
 * down (a socket opened just now usually has one of the highest) and stops once all are found.
 */
export function socketFdsOf(pid: number, inodes: Set<number>): Map<number, number> {
  const found = new Map<number, number>();
  if (inodes.size === 0) return found;
  const dir = `/proc/${pid}/fd`;
  const fds = fs
    .readdirSync(dir)
    .map(Number)
    .sort((a, b) => b - a);
  for (const fd of fds) {
    let link: string;
    try {
      link = fs.readlinkSync(`${dir}/${fd}`);
    } catch {
      continue; // closed between readdir and readlink
    }
    if (!link.startsWith('socket:[')) continue;
    const inode = Number(link.slice(8, -1));
    if (inodes.has(inode)) {
      found.set(inode, fd);
      if (found.size === inodes.size) break;
    }
  }
  return found;
}

/** The pid's own LISTEN sockets; throws (ENOENT/EACCES) when its /proc is gone or not ours. */
export function listenSockets(pid: number): TcpRow[] {
  const rows = readListenRows(pid);
  const owned = socketFdsOf(pid, new Set(rows.map((r) => r.inode)));
  return rows.filter((r) => owned.has(r.inode));
}

/** Connections to a local port of the pid's namespace (e.g. the clients of an inspector), by state. */
export function connectionsToPort(pid: number, port: number): TcpRow[] {
  return readTcpTable(pid).filter((r) => r.state !== 'LISTEN' && r.local.port === port);
}

/** What /proc/<pid>/status says about the process: its state and the signals it catches or ignores. */
export interface ProcStatus {
  /** One letter: R running, S sleeping, D disk wait, Z zombie, T stopped, t traced, X dead. */
  state: string;
  /** Signals with a handler installed (bit n-1 for signal n). */
  sigCgt: bigint;
  /** Ignored signals. */
  sigIgn: bigint;
  threads: number | null;
  /** The thread group (process) the pid belongs to: differs from the pid for a thread id. */
  tgid: number | null;
}

/** Reads /proc/<pid>/status; null when it cannot be read (gone, or no /proc). */
export function readProcStatus(pid: number): ProcStatus | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1].trim() ?? null;
  const mask = (name: string) => {
    const v = field(name);
    return v && /^[0-9a-f]+$/i.test(v) ? BigInt('0x' + v) : 0n;
  };
  const threads = field('Threads');
  const tgid = field('Tgid');
  return {
    state: (field('State') ?? '?')[0],
    sigCgt: mask('SigCgt'),
    sigIgn: mask('SigIgn'),
    threads: threads ? Number(threads) : null,
    tgid: tgid ? Number(tgid) : null,
  };
}

/** Bit of a signal in the SigCgt/SigIgn masks: signal n is bit n-1. */
export function signalBit(signal: number): bigint {
  return 1n << BigInt(signal - 1);
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

/**
 * The fd -> link table of the previous pass over one pid. A link read before is trusted while it
 * names a TCP socket that still exists: a closed socket loses its inode at once (orphans and
 * TIME_WAIT show inode 0), so its fd is read again. Everything else (new fds, pipes, files,
 * other sockets) is read every pass. At 20k sockets that skips ~20k readlinks per pass.
 */
export type FdLinkCache = Map<number, string>;

/** procSnapshot, yielding to the caller's event loop while it reads; `cache` carries links between passes. */
export async function procSnapshotAsync(pid: number, ignorePort = -1, cache?: FdLinkCache): Promise<ProcSnapshot> {
  const start = performance.now();
  // The TCP table first: a socket opened after it is read is picked up by the next pass.
  const rows = await readTcpTableAsync(pid);
  const live = new Set<number>();
  for (const r of rows) live.add(r.inode);
  const dir = `/proc/${pid}/fd`;
  const names = await fs.promises.readdir(dir);
  const table = emptyTable();
  const links: FdLinkCache = new Map();
  const SLICE = 2048;
  let read = 0;
  for (let i = 0; i < names.length; i++) {
    if (read >= SLICE) {
      read = 0;
      await new Promise((r) => setImmediate(r));
    }
    const fd = Number(names[i]);
    let link = cache?.get(fd);
    if (link === undefined || !link.startsWith('socket:[') || !live.has(Number(link.slice(8, -1)))) {
      read++;
      try {
        link = fs.readlinkSync(`${dir}/${fd}`);
      } catch {
        continue; // closed between readdir and readlink
      }
    }
    links.set(fd, link);
    addLink(table, fd, link);
  }
  if (cache) {
    cache.clear();
    for (const [fd, link] of links) cache.set(fd, link);
  }
  const own = rows.filter((r) => table.socketFds.has(r.inode));
  return summarize(start, table, readFdLimits(pid), own, ignorePort);
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
  return readListenRows(pid).find((r) => r.local.port === port) ?? null;
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
