// From the processes' reports to what `socklint run` shows: what was left open, grouped by
// creation site across processes, filtered by the configuration's `run` section.
import * as path from 'node:path';
import type { RunConfig } from '../core/config';
import { matchesIgnore } from '../core/glob';
import type { OpenServer, OpenSocket, OpenTimer, ProcessReport } from './types';

export type LeftoverKind = 'socket' | 'server' | 'timer';

/** The rule ids of runtime results (docs/run.md), next to the catalog's static rules in SARIF. */
export const RUNTIME_RULES: Record<LeftoverKind, { id: string; description: string }> = {
  socket: { id: 'socket-left-open', description: 'A socket was still open when its process ended (seen at run time by socklint run).' },
  server: { id: 'server-left-open', description: 'A server was still listening when its process ended (seen at run time by socklint run).' },
  timer: { id: 'timer-left-open', description: 'A timer was still scheduled when its process ended (seen at run time by socklint run).' },
};

export interface ProcessRef {
  pid: number;
  command: string;
  ended: ProcessReport['ended'];
}

/** Everything left open at one creation site, over every process. */
export interface Leftover {
  kind: LeftoverKind;
  /** "file:line:column", or a label ("accepted by 127.0.0.1:80", "unknown site"), or null for timers counted without --leaks. */
  site: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
  count: number;
  /** Kernel TCP states of the sockets (LISTEN for servers), by name. */
  states: Record<string, number>;
  oldestMs: number | null;
  withoutTimeout: number;
  withoutErrorListener: number;
  unrefd: number;
  /** Sockets a server accepted (grouped at the server's creation line). */
  accepted: number;
  /** Up to three local → remote pairs, server addresses or timer delays. */
  examples: string[];
  processes: ProcessRef[];
  /** The static rules whose problem these leftovers show (e.g. missing-socket-timeout). */
  staticRules: string[];
}

export interface RunSummary {
  leftovers: Leftover[];
  /** Left open after the configuration's ignores and minimum age, in all. */
  total: number;
  processes: number;
  /** Processes that reported something left open. */
  processesWithLeftovers: number;
  pooled: number;
}

const SITE_RE = /^(.*):(\d+):(\d+)$/;

/** A short command line for messages: `node test/a.test.js`, relative to the run's folder. */
export function commandOf(argv: readonly string[], cwd: string): string {
  const [exe, ...rest] = argv;
  const inside = (a: string): string => {
    const rel = path.relative(cwd, a);
    return rel.startsWith('..') ? a : rel || '.';
  };
  const parts = [path.basename(exe ?? 'node'), ...rest.map((a) => (path.isAbsolute(a) ? inside(a) : a))];
  const text = parts.join(' ');
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

function ignored(file: string | null, line: number | null, config: RunConfig, root: string): boolean {
  if (!file || config.ignore.length === 0) return false;
  const rel = path.relative(root, file).split(path.sep).join('/');
  return config.ignore.some((pattern) => {
    const m = /^(.*):(\d+)$/.exec(pattern);
    if (m) return Number(m[2]) === line && matchesIgnore(rel, m[1]);
    return matchesIgnore(rel, pattern);
  });
}

/**
 * Groups every process's leftovers by kind and creation site. `root`: the folder that
 * `run.ignore` globs are relative to (the configuration's folder, else the run's).
 */
export function summarize(reports: readonly ProcessReport[], config: RunConfig, root: string, cwd: string): RunSummary {
  const groups = new Map<string, Leftover>();
  let pooled = 0;
  const withLeftovers = new Set<number>();
  const add = (kind: LeftoverKind, site: string | null, ageMs: number | null, proc: ProcessRef, fill: (g: Leftover) => void): void => {
    if (ageMs !== null && ageMs < config.minAgeMs) return;
    const m = site ? SITE_RE.exec(site) : null;
    const file = m ? m[1] : null;
    const line = m ? Number(m[2]) : null;
    if (ignored(file, line, config, root)) return;
    const key = `${kind}\0${site ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        kind,
        site,
        file,
        line,
        column: m ? Number(m[3]) : null,
        count: 0,
        states: {},
        oldestMs: null,
        withoutTimeout: 0,
        withoutErrorListener: 0,
        unrefd: 0,
        accepted: 0,
        examples: [],
        processes: [],
        staticRules: [],
      };
      groups.set(key, g);
    }
    g.count++;
    if (ageMs !== null) g.oldestMs = Math.max(g.oldestMs ?? 0, ageMs);
    if (!g.processes.some((p) => p.pid === proc.pid)) g.processes.push(proc);
    withLeftovers.add(proc.pid);
    fill(g);
  };
  const example = (g: Leftover, text: string | null): void => {
    if (text && g.examples.length < 3 && !g.examples.includes(text)) g.examples.push(text);
  };
  for (const r of reports) {
    const proc: ProcessRef = { pid: r.pid, command: commandOf(r.argv, cwd), ended: r.ended };
    pooled += r.pooled;
    for (const s of r.sockets) {
      add('socket', s.site, s.ageMs, proc, (g) => {
        const state = s.state ?? (s.kind === 'unix' ? 'unix' : 'unknown');
        g.states[state] = (g.states[state] ?? 0) + 1;
        if (s.timeoutMs === null) g.withoutTimeout++;
        if (!s.errorListener) g.withoutErrorListener++;
        if (s.refd === false) g.unrefd++;
        if (s.kind === 'server') g.accepted++;
        example(g, socketExample(s));
      });
    }
    for (const s of r.servers) {
      add('server', s.site, s.ageMs, proc, (g) => {
        g.states.LISTEN = (g.states.LISTEN ?? 0) + 1;
        if (s.refd === false) g.unrefd++;
        example(g, serverExample(s));
      });
    }
    if (!config.timers) continue;
    if (r.timers.items) {
      for (const t of r.timers.items) add('timer', t.site, t.ageMs, proc, (g) => example(g, timerExample(t)));
    } else {
      for (let i = 0; i < r.timers.count; i++) add('timer', null, null, proc, () => {});
    }
  }
  const leftovers = [...groups.values()];
  for (const g of leftovers) {
    if (g.kind !== 'socket') continue;
    if (g.withoutTimeout > 0) g.staticRules.push('missing-socket-timeout');
    if (g.withoutErrorListener > 0) g.staticRules.push('missing-error-listener');
  }
  // Files first (in path order, then by line), then sites without a file.
  leftovers.sort((a, b) => {
    if (a.file !== b.file) return a.file === null ? 1 : b.file === null ? -1 : a.file < b.file ? -1 : 1;
    return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.kind.localeCompare(b.kind);
  });
  return {
    leftovers,
    total: leftovers.reduce((n, g) => n + g.count, 0),
    processes: reports.length,
    processesWithLeftovers: withLeftovers.size,
    pooled,
  };
}

function socketExample(s: OpenSocket): string | null {
  if (s.local && s.remote) return `${s.local} → ${s.remote}`;
  return s.remote ?? s.local;
}

function serverExample(s: OpenServer): string {
  return `${s.kind} on ${s.address}${s.connections ? `, ${s.connections} connection${s.connections === 1 ? '' : 's'}` : ''}`;
}

function timerExample(t: OpenTimer): string {
  return `${t.repeat ? 'every' : 'in'} ${t.delayMs} ms`;
}

export function formatAge(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One sentence for a group: what, how many, in which state, how old, where. */
export function leftoverMessage(g: Leftover): string {
  const facts: string[] = [];
  const states = Object.entries(g.states)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  let head: string;
  const stillRunning = g.processes.every((p) => p.ended === 'running');
  const when = stillRunning ? 'while the process was still running' : 'when the process ended';
  if (g.kind === 'socket') {
    head =
      g.accepted === g.count
        ? `${plural(g.count, 'connection')} accepted by the server created here still open ${when}`
        : `${plural(g.count, 'socket')} created here still open ${when}`;
    if (states) facts.push(states);
  } else if (g.kind === 'server') {
    head = `${g.count === 1 ? 'server' : `${g.count} servers`} created here still listening ${when}`;
  } else {
    head = g.site
      ? `${plural(g.count, 'timer')} created here still scheduled ${when}`
      : `${plural(g.count, 'timer')} still scheduled ${when} (run with --leaks for where they were created)`;
  }
  if (g.kind === 'socket' && g.site === null)
    head = `${plural(g.count, 'socket')} not created by net.connect (tls.connect, new net.Socket().connect; --leaks traces them) still open ${when}`;
  if (g.site && !SITE_RE.test(g.site)) head = head.replace(/(the server )?created here/, `(${g.site})`);
  if (g.oldestMs !== null) facts.push(`${g.count === 1 ? 'age' : 'oldest'} ${formatAge(g.oldestMs)}`);
  if (g.kind === 'socket' && g.withoutTimeout > 0) facts.push(g.withoutTimeout === g.count ? 'no timeout' : `${g.withoutTimeout} without a timeout`);
  if (g.kind === 'socket' && g.withoutErrorListener > 0)
    facts.push(g.withoutErrorListener === g.count ? "no 'error' listener" : `${g.withoutErrorListener} without an 'error' listener`);
  if (g.unrefd > 0) facts.push(g.unrefd === g.count ? "unref'd" : `${g.unrefd} unref'd`);
  if (g.examples.length) facts.push(g.examples.join('; '));
  const procs = g.processes.slice(0, 2).map((p) => `${p.command} (pid ${p.pid}${p.ended === 'running' ? ', still running' : ''})`);
  if (g.processes.length > 2) procs.push(`${g.processes.length - 2} more`);
  return `${head}${facts.length ? ` (${facts.join('; ')})` : ''} in ${procs.join(', ')}`;
}

/** "3 left open (2 sockets, 1 server) in 1 of 4 Node.js processes". */
export function summaryLine(s: RunSummary): string {
  const byKind: Record<LeftoverKind, number> = { socket: 0, server: 0, timer: 0 };
  for (const g of s.leftovers) byKind[g.kind] += g.count;
  const parts = (['socket', 'server', 'timer'] as const).filter((k) => byKind[k] > 0).map((k) => plural(byKind[k], k));
  const where = `${s.processesWithLeftovers} of ${s.processes} Node.js process${s.processes === 1 ? '' : 'es'}`;
  return `${s.total} left open (${parts.join(', ')}) in ${where}`;
}
