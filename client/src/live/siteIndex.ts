// From a page of live sockets to facts per source line: how many sockets each creation site holds
// open now, how many of them show which problem, and how old the oldest is. Pure (no vscode): the
// editor's CodeLens, decorations and live diagnostics all render these facts.
import type { SocketRow } from '@socklint/inspector';

/** The socket fields the index reads (a SocketRow has them all; a kernel-view row knows no listeners). */
export type LiveSocket = Pick<SocketRow, 'site' | 'state' | 'timeout' | 'ageMs' | 'ageSource' | 'idleMs' | 'destroyed'> & {
  listeners: SocketRow['listeners'] | null;
};

export interface IndexOptions {
  /** A socket with no timeout counts as leaking once it has been idle this long (ms). */
  idleMs: number;
}

export const DEFAULT_IDLE_MS = 60_000;

/** What the sockets created at one source line show right now. */
export interface LineFacts {
  /** The file as the process names it (a path or a file:// URL), and the 1-based line. */
  file: string;
  line: number;
  /** The smallest column seen at this line (1-based), where the editor puts the cursor. */
  column: number;
  /** "file:line" keys of the process's sites behind this line (the panel's site filter). */
  sites: string[];
  live: number;
  noTimeout: number;
  /** No timeout and idle for at least `idleMs`: the ones that leak. */
  noTimeoutIdle: number;
  noErrorListener: number;
  closeWait: number;
  /** A timeout is set, yet the socket has been idle well past it: the 'timeout' handler left it open. */
  idlePastTimeout: number;
  /** Age of the oldest socket, ms; null when no age is known. */
  oldestMs: number | null;
  /** What that age measures: since the socket was created (traced) or since the sampler first saw it. */
  oldestSource: 'created' | 'firstSeen' | null;
}

/** "file:line" of a site "file:line:column"; null for sites that are not a source position ("accepted by …"). */
export function siteLine(site: string | null | undefined): { file: string; line: number; column: number; key: string } | null {
  if (!site) return null;
  const m = /^(.+):(\d+):(\d+)$/.exec(site.trim());
  if (!m) return null;
  const line = Number(m[2]);
  return { file: m[1]!, line, column: Number(m[3]), key: `${m[1]}:${line}` };
}

/** No timeout: none set, or 0 ("disabled"). Rows without a JavaScript side (kernel view) know neither. */
function hasNoTimeout(s: LiveSocket): boolean {
  return s.listeners !== null && (s.timeout === null || s.timeout === 0);
}

/** A timeout's idle check is not exact: twice the timeout plus a second before calling it ignored. */
function idlePastTimeout(s: LiveSocket): boolean {
  return s.timeout !== null && s.timeout > 0 && s.idleMs !== null && s.idleMs > 2 * s.timeout + 1000;
}

/** Groups live sockets by the source line that created them. Destroyed sockets are not live. */
export function indexSites(rows: readonly LiveSocket[], options: IndexOptions = { idleMs: DEFAULT_IDLE_MS }): Map<string, LineFacts> {
  const byLine = new Map<string, LineFacts>();
  for (const s of rows) {
    if (s.destroyed) continue;
    const at = siteLine(s.site);
    if (!at) continue;
    let f = byLine.get(at.key);
    if (!f) {
      f = {
        file: at.file,
        line: at.line,
        column: at.column,
        sites: [at.key],
        live: 0,
        noTimeout: 0,
        noTimeoutIdle: 0,
        noErrorListener: 0,
        closeWait: 0,
        idlePastTimeout: 0,
        oldestMs: null,
        oldestSource: null,
      };
      byLine.set(at.key, f);
    }
    f.column = Math.min(f.column, at.column);
    f.live++;
    if (hasNoTimeout(s)) {
      f.noTimeout++;
      if (s.idleMs !== null && s.idleMs >= options.idleMs) f.noTimeoutIdle++;
    }
    if (s.listeners !== null && !s.listeners.error) f.noErrorListener++;
    if (s.state === 'CLOSE_WAIT') f.closeWait++;
    if (idlePastTimeout(s)) f.idlePastTimeout++;
    if (s.ageMs !== null && (f.oldestMs === null || s.ageMs > f.oldestMs)) {
      f.oldestMs = s.ageMs;
      f.oldestSource = s.ageSource;
    }
  }
  return byLine;
}

/** Adds `b`'s sockets to `a` (two process sites that map to one source line, e.g. dist/ and src/). */
export function mergeFacts(a: LineFacts, b: LineFacts): LineFacts {
  const older = b.oldestMs !== null && (a.oldestMs === null || b.oldestMs > a.oldestMs);
  return {
    ...a,
    column: Math.min(a.column, b.column),
    sites: [...new Set([...a.sites, ...b.sites])],
    live: a.live + b.live,
    noTimeout: a.noTimeout + b.noTimeout,
    noTimeoutIdle: a.noTimeoutIdle + b.noTimeoutIdle,
    noErrorListener: a.noErrorListener + b.noErrorListener,
    closeWait: a.closeWait + b.closeWait,
    idlePastTimeout: a.idlePastTimeout + b.idlePastTimeout,
    oldestMs: older ? b.oldestMs : a.oldestMs,
    oldestSource: older ? b.oldestSource : a.oldestSource,
  };
}

/** "41 min", "12 s", "3 h 5 min". */
export function fmtAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

/**
 * "oldest 41 min since created" / "oldest 41 min since first seen": which age it is, always said.
 * In whole minutes ("<1 min" before the first): the text then changes with the counts, not every
 * sample, and the editor does not redraw each line's facts once a second.
 */
export function oldestText(f: Pick<LineFacts, 'oldestMs' | 'oldestSource'>): string | null {
  if (f.oldestMs === null) return null;
  const age = f.oldestMs < 60_000 ? '<1 min' : fmtAge(Math.floor(f.oldestMs / 60_000) * 60_000);
  return `oldest ${age} ${f.oldestSource === 'firstSeen' ? 'since first seen' : 'since created'}`;
}

/** The one-line summary: "37 live · 30 no timeout · 12 CLOSE_WAIT · oldest 41 min since created". */
export function factsText(f: LineFacts): string {
  const parts = [`${f.live} live`];
  if (f.noTimeout) parts.push(`${f.noTimeout} no timeout`);
  if (f.noErrorListener) parts.push(`${f.noErrorListener} no 'error' listener`);
  if (f.closeWait) parts.push(`${f.closeWait} CLOSE_WAIT`);
  if (f.idlePastTimeout) parts.push(`${f.idlePastTimeout} idle past their timeout`);
  const oldest = oldestText(f);
  if (oldest) parts.push(oldest);
  return parts.join(' · ');
}

/** A problem the live sockets show, and the lint rules that predict it. */
export type LiveProblem = 'noTimeoutIdle' | 'noErrorListener' | 'closeWait' | 'idlePastTimeout';

export const RULES_BY_PROBLEM: Record<LiveProblem, readonly string[]> = {
  noTimeoutIdle: [
    'missing-socket-timeout',
    'incomplete-socket-relay',
    'agent-free-socket-timeout',
    'missing-request-timeout',
    'streaming-request-agent-timeout',
  ],
  noErrorListener: ['missing-error-listener', 'incomplete-socket-relay'],
  closeWait: ['missing-end-handler', 'end-without-destroy', 'incomplete-socket-relay', 'destroy-without-end'],
  idlePastTimeout: ['timeout-without-teardown'],
};

/** Problems that mean sockets pile up: a line showing one with no finding is a miss of the linter. */
const LEAKS: readonly LiveProblem[] = ['closeWait', 'noTimeoutIdle', 'idlePastTimeout'];

function count(f: LineFacts, p: LiveProblem): number {
  return f[p];
}

/** "12 sockets from this line in CLOSE_WAIT" and the like. */
function problemText(f: LineFacts, p: LiveProblem, idleMs: number): string {
  const n = count(f, p);
  const sockets = `${n} socket${n === 1 ? '' : 's'} from this line`;
  switch (p) {
    case 'noTimeoutIdle':
      return `${sockets} with no timeout, idle ${fmtAge(idleMs)} or longer`;
    case 'noErrorListener':
      return `${sockets} with no 'error' listener`;
    case 'closeWait':
      return `${sockets} in CLOSE_WAIT (the peer closed, this process did not)`;
    case 'idlePastTimeout':
      return `${sockets} idle well past their timeout, still open`;
  }
}

/** A lint finding at a line, as much as the matching needs. */
export interface Finding {
  code: string;
  line: number;
}

export interface LiveVerdict {
  /** The finding confirmed (its index in the list given), or null for a line no finding covers. */
  finding: number | null;
  problems: LiveProblem[];
  message: string;
}

/**
 * Joins a line's live facts to the lint findings on that line (1-based lines): each finding whose
 * problem the sockets show is "confirmed live"; a line whose sockets leak while no finding on it
 * predicts that gets a verdict of its own.
 */
export function verdicts(f: LineFacts, findings: readonly Finding[], idleMs: number): LiveVerdict[] {
  const shown = (Object.keys(RULES_BY_PROBLEM) as LiveProblem[]).filter((p) => count(f, p) > 0);
  const oldest = oldestText(f);
  const tail = oldest ? `, ${oldest}` : '';
  const out: LiveVerdict[] = [];
  const covered = new Set<LiveProblem>();
  findings.forEach((finding, i) => {
    if (finding.line !== f.line) return;
    const problems = shown.filter((p) => RULES_BY_PROBLEM[p].includes(finding.code));
    if (!problems.length) return;
    for (const p of problems) covered.add(p);
    out.push({ finding: i, problems, message: `confirmed live: ${problems.map((p) => problemText(f, p, idleMs)).join('; ')}${tail}` });
  });
  const missed = LEAKS.filter((p) => shown.includes(p) && !covered.has(p));
  if (missed.length) {
    out.push({
      finding: null,
      problems: missed,
      message: `live sockets here show ${missed.map((p) => problemText(f, p, idleMs)).join('; ')}${tail}; no lint finding covers it`,
    });
  }
  return out;
}
