// The question of a socket leak, answered from kernel rows alone: which peer's sockets pile up in
// CLOSE_WAIT (or sit ESTABLISHED with no traffic), how many, with how much unread, since when.
import { formatEndpoint, type TcpRow } from './procfs';
import type { SocketGroup } from './types';

/** ESTABLISHED sockets with no traffic for this long are grouped as idle. */
export const LONG_IDLE_MS = 60_000;
/** Verdict lines about groups: the largest few; the JSON carries every group. */
const VERDICT_GROUPS = 5;

export interface GroupInput {
  /** The process's own TCP rows (any state). */
  rows: TcpRow[];
  /** inode -> ms since last send/receive; null when unknown. */
  idle: Map<number, number> | null;
  /** inode -> ms this session has seen the socket. */
  seenMs: (inode: number) => number;
  longIdleMs?: number;
}

/** The process's own listening ports: a socket on one of them was accepted, not connected out. */
function listeningPorts(rows: TcpRow[]): Set<number> {
  const ports = new Set<number>();
  for (const r of rows) if (r.state === 'LISTEN') ports.add(r.local.port);
  return ports;
}

export function groupSockets({ rows, idle, seenMs, longIdleMs = LONG_IDLE_MS }: GroupInput): SocketGroup[] {
  const listening = listeningPorts(rows);
  const groups = new Map<string, SocketGroup>();
  for (const r of rows) {
    let state: SocketGroup['state'];
    const idleMs = idle?.get(r.inode);
    if (r.state === 'CLOSE_WAIT') state = 'CLOSE_WAIT';
    else if (r.state === 'ESTABLISHED' && idleMs !== undefined && idleMs >= longIdleMs) state = 'ESTABLISHED';
    else continue;
    const inbound = listening.has(r.local.port);
    const remote = inbound ? r.remote.address : formatEndpoint(r.remote);
    const key = `${state} ${inbound ? 'in' : 'out'} ${remote} ${inbound ? r.local.port : ''}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        state,
        direction: inbound ? 'inbound' : 'outbound',
        remote,
        localPort: inbound ? r.local.port : null,
        count: 0,
        withUnreadData: 0,
        unreadBytes: 0,
        idleMs: null,
        seenMs: 0,
      };
      groups.set(key, g);
    }
    g.count++;
    if (r.rxQueue > 0) g.withUnreadData++;
    g.unreadBytes += r.rxQueue;
    g.seenMs = Math.max(g.seenMs, seenMs(r.inode));
    if (idleMs !== undefined) g.idleMs = g.idleMs ? { min: Math.min(g.idleMs.min, idleMs), max: Math.max(g.idleMs.max, idleMs) } : { min: idleMs, max: idleMs };
  }
  // CLOSE_WAIT first (a certain leak), then by size.
  return [...groups.values()].sort((a, b) => (a.state === b.state ? b.count - a.count : a.state === 'CLOSE_WAIT' ? -1 : 1));
}

function span(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** "212 sockets to 10.0.0.5:8080" / "3 sockets from 10.0.0.7 on local port 8080". */
export function groupSubject(g: SocketGroup): string {
  const n = `${g.count} socket${g.count === 1 ? '' : 's'}`;
  return g.direction === 'outbound' ? `${n} to ${g.remote}` : `${n} from ${g.remote} on local port ${g.localPort}`;
}

function idleClause(g: SocketGroup): string {
  if (!g.idleMs) return g.seenMs > 0 ? ` (seen for ${span(g.seenMs)})` : '';
  const [min, max] = [span(g.idleMs.min), span(g.idleMs.max)];
  return min === max ? ` (idle ${max})` : ` (idle ${min} to ${max})`;
}

export function groupVerdict(g: SocketGroup): string {
  if (g.state === 'CLOSE_WAIT') {
    const unread = g.withUnreadData === g.count ? ' with unread data' : g.withUnreadData > 0 ? ` (${g.withUnreadData} with unread data)` : '';
    return `${groupSubject(g)} in CLOSE_WAIT${unread}${idleClause(g)}: the peer closed and this process never closed its side`;
  }
  return `${groupSubject(g)} ESTABLISHED with no traffic${idleClause(g)}: held open and unused (a pool without an idle timeout, or a connection never closed)`;
}

export interface VerdictInput {
  groups: SocketGroup[];
  fds: { open: number; limit: number | null };
  listenBacklog: Array<{ address: string; queued: number }>;
}

/** One sentence per finding, worst first. */
export function kernelVerdicts({ groups, fds, listenBacklog }: VerdictInput): string[] {
  const out: string[] = [];
  if (fds.limit && fds.open / fds.limit > 0.8) {
    out.push(
      `${fds.open} of ${fds.limit} file descriptors open (${Math.round((fds.open / fds.limit) * 100)} %): at the limit, accept() and connect() fail with EMFILE ("too many open files")`,
    );
  }
  for (const g of groups.slice(0, VERDICT_GROUPS)) out.push(groupVerdict(g));
  if (groups.length > VERDICT_GROUPS) out.push(`${groups.length - VERDICT_GROUPS} more groups (see --sockets or --json)`);
  for (const l of listenBacklog) {
    if (l.queued > 0)
      out.push(`${l.queued} connection${l.queued === 1 ? '' : 's'} waiting in the accept queue of ${l.address}: the process is not accepting them`);
  }
  return out;
}
