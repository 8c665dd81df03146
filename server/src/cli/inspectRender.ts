// Terminal rendering of inspector samples and the socket table (`socklint inspect`).
import { createColors } from 'picocolors';
import * as path from 'node:path';
import {
  createdBeforeTracing,
  serverTimeoutWarnings,
  shortKernelCommand as shortCommand,
  trendsText,
  uncoveredWithoutTimeout,
  type KernelSample,
  type KernelSocketRow,
  type Sample,
  type SocketRow,
  type Trends,
  type Verdict,
} from '@socklint/inspector';

/**
 * A string the target controls (a host name, a file name, a command line) made safe for a
 * terminal: escape sequences removed, other control characters and bidi overrides shown as '?'.
 * An agent host containing "\x1b[5m" reached stdout raw.
 */
export function terminalSafe(text: string): string {
  return String(text)
    .replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/** JSON for a terminal: JSON.stringify leaves C1 controls and bidi overrides raw; escape those too. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const t = terminalSafe;
type Colors = ReturnType<typeof createColors>;

/** A creation site's file as the terminal shows it: relative to the working directory when inside it (terminals make it a link). */
export function siteFileLabel(cwd: string): (file: string) => string {
  return (file) => {
    const p = file.replace(/^file:\/\//, '');
    if (!path.isAbsolute(p)) return p;
    const rel = path.relative(cwd, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  };
}

/**
 * The verdict first: the worst problem on the first line, the others after it, then what would
 * tell more; with `trends` (--watch), the per-minute rates.
 */
export function renderVerdict(v: Verdict, color = false, trends: Trends | null = null): string {
  const pc = createColors(color);
  const out = [v.ok ? `${pc.bold('verdict')} ${pc.green(v.text)}` : `${pc.bold('verdict')} ${pc.red(t(v.text))}`];
  for (const i of v.items.slice(1)) out.push(`  also: ${t(i.text)}`);
  if (v.hint) out.push(pc.dim(`  ${v.hint}`));
  const rates = trends && trendsText(trends);
  if (rates) out.push(`trend ${rates}`);
  return out.join('\n');
}

const STATE_ORDER = ['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'CLOSING', 'SYN_SENT', 'SYN_RECV', 'LISTEN', 'CLOSE'];

/** A timeout: "none", "off" (0), "5s"; yellow when `warn` (what a lint rule would flag). */
function ms(v: number | null, pc: Colors, warn = false): string {
  const text = v === null ? 'none' : v === 0 ? 'off' : v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`;
  return warn ? pc.yellow(text) : v === null ? pc.dim(text) : text;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function duration(v: number | null): string {
  if (v === null) return '-';
  if (v < 1000) return `${v}ms`;
  if (v < 120_000) return `${(v / 1000).toFixed(1)}s`;
  return `${Math.round(v / 60000)}m`;
}

/** "12:00:01": a wall-clock time as the terminal's user reads it. */
function clock(t: number): string {
  return new Date(t).toTimeString().slice(0, 8);
}

/**
 * The /proc lines both views share: fds against the limit, TCP states, kernel timers. Figures a
 * large process's sample reused from an earlier /proc pass say when they were read.
 */
function kernelLines(s: Pick<Sample, 'fds' | 'tcp' | 'tcpTimers' | 'closeWaitWithUnreadData' | 't' | 'procT'>, pc: Colors): string[] {
  const out: string[] = [];
  if (s.procT !== null && s.procT < s.t)
    out.push(
      pc.yellow(`kernel figures below read at ${clock(s.procT)}, ${duration(s.t - s.procT)} before this sample (large processes are re-read less often)`),
    );
  const fdLine =
    s.fds.open === null
      ? pc.dim('fds: /proc not readable from here')
      : `fds ${s.fds.open}${s.fds.limit !== null ? ` / ${s.fds.limit}` : ''}` +
        (s.fds.limit && s.fds.open / s.fds.limit > 0.8 ? pc.red('  near the limit') : '') +
        (s.fds.kinds ? pc.dim(`  (socket ${s.fds.kinds.socket}, pipe ${s.fds.kinds.pipe}, file ${s.fds.kinds.file}, anon ${s.fds.kinds.anon})`) : '');
  out.push(fdLine);
  const states = Object.entries(s.tcp).sort((a, b) => {
    const ia = STATE_ORDER.indexOf(a[0]);
    const ib = STATE_ORDER.indexOf(b[0]);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  out.push(
    'tcp  ' +
      (states.length ? states.map(([k, v]) => (k === 'CLOSE_WAIT' && v ? pc.red(`${k} ${v}`) : `${k} ${v}`)).join('  ') : pc.dim('no TCP sockets')) +
      (s.closeWaitWithUnreadData ? pc.red(`  (${s.closeWaitWithUnreadData} CLOSE_WAIT with unread data)`) : ''),
  );
  const timers = Object.entries(s.tcpTimers);
  if (timers.length) out.push(pc.dim('     kernel timers: ' + timers.map(([k, v]) => `${k} ${v}`).join('  ')));
  return out;
}

/** The human view of one sample (the `--watch` frame and the default output). */
export function renderSample(s: Sample, color = false): string {
  const pc = createColors(color);
  const out: string[] = [];
  out.push(
    `${pc.bold(`pid ${s.pid}`)}  node ${t(s.nodeVersion)}  sample #${s.seq}  cost ${s.sampleCostMs.toFixed(2)} ms in target` +
      pc.dim(`  (rtt ${s.rttMs.toFixed(1)} ms, /proc ${s.procCostMs.toFixed(1)} ms)`),
  );
  out.push(...kernelLines(s, pc));
  const sk = s.sockets;
  // Sockets an HTTP server's timeouts bound are not "no timeout" (missing-socket-timeout skips them).
  const noTimeout = uncoveredWithoutTimeout(s);
  const covered = sk.coveredByServer ? pc.dim(` (+${sk.coveredByServer} bounded by their HTTP server)`) : '';
  out.push(
    `sockets ${sk.total}  ` +
      (noTimeout ? pc.yellow(`no timeout ${noTimeout}`) : 'no timeout 0') +
      covered +
      '  ' +
      (sk.withoutErrorListener ? pc.red(`no 'error' listener ${sk.withoutErrorListener}`) : `no 'error' listener 0`) +
      `  unref'd ${sk.unrefd}`,
  );
  if (s.servers.length) {
    out.push(pc.bold('servers'));
    for (const v of s.servers) {
      const warn = serverTimeoutWarnings(v, s.nodeVersion);
      // HTTP's timeouts only for HTTP servers (http2: its one timeout); a net or tls server has none of them.
      const timeouts =
        v.kind === 'http' || v.kind === 'https'
          ? `  timeout ${ms(v.timeout, pc, warn.has('timeout'))}  keepAlive ${ms(v.keepAliveTimeout, pc, warn.has('keepAliveTimeout'))}` +
            `  headers ${ms(v.headersTimeout, pc, warn.has('headersTimeout'))}  request ${ms(v.requestTimeout, pc, warn.has('requestTimeout'))}`
          : v.kind === 'http2' && v.timeout !== null
            ? `  timeout ${ms(v.timeout, pc)}`
            : '';
      out.push(`  ${t(v.kind)} ${t(v.address)}  connections ${v.connections}${timeouts}`);
    }
  }
  if (s.agents.length) {
    out.push(pc.bold('agents'));
    for (const a of s.agents) {
      out.push(
        `  ${t(a.origin)}  ${pc.dim(t(a.agent))}  active ${a.active}  free ${a.free}  queued ${a.queued}` +
          pc.dim(`  keepAlive ${a.keepAlive}  maxSockets ${a.maxSockets ?? '∞'}  timeout ${a.timeout === null ? 'none' : a.timeout + 'ms'}`),
      );
    }
  }
  const res = Object.entries(s.resources).sort((a, b) => b[1] - a[1]);
  out.push('resources ' + (res.length ? res.map(([k, v]) => `${t(k)} ${v}`).join('  ') : pc.dim('none')));
  out.push(
    `loop ${(s.eventLoopUtilization * 100).toFixed(1)}% busy  rss ${mb(s.memory.rss)}  heap ${mb(s.memory.heapUsed)} / ${mb(s.memory.heapTotal)}` +
      (s.libuv ? pc.dim(`  libuv: tcp ${s.libuv.tcp} (${s.libuv.tcpUnrefd} unref'd), timers ${s.libuv.timers}`) : ''),
  );
  if (s.sites) {
    out.push(pc.bold('creation sites') + pc.dim(' (sockets created since tracing started; older ones under their server or agent pool)'));
    if (!s.sites.length) out.push(pc.dim('  none yet'));
    for (const g of s.sites.slice(0, 15))
      out.push(
        `  ${String(g.live).padStart(6)} live ${String(g.created).padStart(7)} created  ${t(g.site)}` +
          (g.functionName ? pc.dim(` (${t(g.functionName)})`) : g.beforeTracing ? pc.dim(' (open before tracing)') : ''),
      );
    // The live sockets no site covers: they were open before tracing began.
    const before = createdBeforeTracing(s);
    if (before) out.push(pc.dim(`  ${String(before).padStart(6)} live ${''.padStart(7)}          created before tracing (no site recorded)`));
  }
  if (s.partial) {
    const skipped = s.partial.skipped.length ? `; left out: ${s.partial.skipped.join(', ')}` : '';
    out.push(pc.yellow(`partial sample: ${s.partial.socketsExamined} of ${s.sockets.total} sockets examined (${s.partial.reason}${skipped})`));
  }
  if (s.outsideMainThread) {
    out.push(
      pc.yellow(
        `JS counts cover the main thread only: the kernel shows ${s.outsideMainThread.tcp} more TCP sockets than the main thread's JavaScript holds` +
          ` (worker threads', native code's or unref'd ones${s.outsideMainThread.threads !== null ? `; ${s.outsideMainThread.threads} threads` : ''})`,
      ),
    );
  }
  return out.join('\n');
}

const LISTENER_LETTERS = [
  ['error', 'E'],
  ['end', 'N'],
  ['close', 'C'],
  ['timeout', 'T'],
] as const;

type ConnectionRow = Pick<SocketRow, 'fd' | 'local' | 'remote' | 'state' | 'rxQueue' | 'txQueue'>;

/** The columns both socket tables start with: fd, addresses, state, queues. */
function connectionCells(r: ConnectionRow): string[] {
  return [r.fd === null ? '-' : String(r.fd), t(r.local ?? '-'), t(r.remote ?? '-'), r.state ?? '-', r.rxQueue === null ? '-' : `${r.rxQueue}/${r.txQueue}`];
}

/** A header and rows padded to their columns' widths. */
function table(pc: Colors, header: string[], lines: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [pc.bold(fmt(header)), ...lines.map(fmt)];
}

/** "11-20" for a page of rows starting after `offset`, "0" for an empty one. */
function pageRange(count: number, offset: number): string {
  return count ? `${offset + 1}-${offset + count}` : '0';
}

/** The `--sockets` drill-down table. */
export function renderSockets(rows: SocketRow[], total: number, offset: number, color = false): string {
  const pc = createColors(color);
  // "age" only when it is measured (creation traced); otherwise the time since first seen, said as such.
  const known = rows.filter((r) => r.ageMs !== null);
  const created = known.filter((r) => r.ageSource === 'created').length;
  const ageHeader = created === known.length && created > 0 ? 'age' : created === 0 ? 'first seen' : 'age';
  const mixed = created > 0 && created < known.length;
  const header = ['fd', 'local', 'remote', 'state', 'rx/tx', ageHeader, 'idle', 'timeout', 'ka', 'listeners', 'owner', 'site'];
  const lines = rows.map((r) => [
    ...connectionCells(r),
    mixed && r.ageMs !== null && r.ageSource !== 'created' ? `≥${duration(r.ageMs)}` : duration(r.ageMs),
    duration(r.idleMs),
    r.timeout === null ? 'none' : duration(r.timeout),
    r.keepAlive === null ? '?' : r.keepAlive ? 'yes' : 'no',
    LISTENER_LETTERS.map(([e, l]) => (r.listeners[e] ? l : '-')).join(''),
    t(r.owner ?? '-'),
    t(r.site ?? '-'),
  ]);
  const ageNote =
    ageHeader === 'first seen' ? '; first seen: time since this session first saw the socket' : mixed ? '; ≥: since first seen (created before tracing)' : '';
  return [
    ...table(pc, header, lines),
    pc.dim(`${pageRange(rows.length, offset)} of ${total} sockets; listeners: E=error N=end C=close T=timeout${ageNote}`),
  ].join('\n');
}

/** The kernel view of one sample: the /proc lines, the listen backlog, the groups and their verdicts. */
export function renderKernelSample(s: KernelSample, color = false): string {
  const pc = createColors(color);
  const k = s.kernel;
  const cmd = shortCommand(k.command);
  const out: string[] = [];
  out.push(
    `${pc.bold(`pid ${s.pid}`)}  ${t(cmd)}  ${pc.cyan('kernel view')}  sample #${s.seq}` +
      pc.dim(`  (/proc ${s.procCostMs.toFixed(1)} ms${k.threads !== null ? `, ${k.threads} thread${k.threads === 1 ? '' : 's'} sharing the fd table` : ''})`),
  );
  if (k.threadId !== null) out.push(pc.dim(`pid ${k.threadId} is a thread of process ${s.pid}: showing the process (its threads share one fd table)`));
  if (k.netns.differs)
    out.push(
      pc.yellow(
        `in another network namespace (${t(k.netns.target ?? '?')}, ours ${t(k.netns.ours ?? '?')}): its sockets read from /proc/${s.pid}/net; no idle times`,
      ),
    );
  out.push(...kernelLines(s, pc));
  const backlog = s.listenBacklog.map((l) => `${t(l.address)} ${l.queued ? pc.red(`${l.queued} queued`) : '0 queued'}`);
  if (backlog.length) out.push('listen ' + backlog.join('  '));
  if (k.groups.length) {
    out.push(pc.bold('groups') + pc.dim(' (CLOSE_WAIT, and ESTABLISHED with no traffic for long)'));
    for (const g of k.groups.slice(0, 10)) {
      const who = g.direction === 'outbound' ? `to ${g.remote}` : `from ${g.remote} on :${g.localPort}`;
      const range = g.idleMs && [duration(g.idleMs.min), duration(g.idleMs.max)];
      const idle = range ? `idle ${range[0] === range[1] ? range[0] : range.join('-')}` : g.seenMs ? `seen ${duration(g.seenMs)}` : '';
      out.push(`  ${String(g.count).padStart(6)}  ${g.state.padEnd(11)}  ${t(who)}  unread ${g.withUnreadData} (${g.unreadBytes} B)  ${idle}`.trimEnd());
    }
    if (k.groups.length > 10) out.push(pc.dim(`  ${k.groups.length - 10} more groups in --json`));
  }
  for (const v of k.verdicts) out.push(pc.red(t(v)));
  return out.join('\n');
}

/** The kernel view's `--sockets` table: queues, timers, idle time per socket. */
export function renderKernelSockets(rows: KernelSocketRow[], total: number, offset: number, color = false): string {
  const pc = createColors(color);
  const header = ['fd', 'local', 'remote', 'state', 'rx/tx', 'timer', 'first seen', 'idle', 'ka', 'owner'];
  const lines = rows.map((r) => [
    ...connectionCells(r),
    r.kernelTimer && r.kernelTimer !== 'off' ? `${r.kernelTimer} ${duration(r.kernelTimerMs)}` : '-',
    duration(r.ageMs),
    duration(r.idleMs),
    r.keepAlive === null ? '-' : r.keepAlive ? 'yes' : 'no',
    t(r.owner ?? '-'),
  ]);
  return [
    ...table(pc, header, lines),
    pc.dim(`${pageRange(rows.length, offset)} of ${total} TCP sockets (kernel view: age is since first seen by this session)`),
  ].join('\n');
}
