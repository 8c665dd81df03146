// `socklint inspect --pid N --format sarif`: the live process's sockets, by creation line, as
// runtime-confirmed findings of the catalog's rules (no timeout, no 'error' listener, CLOSE_WAIT),
// in the same SARIF shape as `socklint run`'s, so code scanning shows them at the lines.
import type { Log } from 'sarif';
import type { Finding, Rule } from '../core/rule';
import { toSarif } from '../cli/formatters/sarif';
import type { FileReport } from '../cli/formatters/types';
import type { SocketRow } from '@socklint/inspector';
import { formatAge } from './leftovers';

/** The catalog rules a live socket can confirm, with what the sockets show. */
const LIVE_RULES = {
  'missing-socket-timeout': {
    description: 'Sockets from this line have no idle timeout (confirmed in the live process).',
    shows: (s: SocketRow) => s.timeout === null,
  },
  'missing-error-listener': {
    description: "Sockets from this line have no 'error' listener (confirmed in the live process).",
    shows: (s: SocketRow) => !s.listeners.error,
  },
  'missing-end-handler': {
    description: 'Sockets from this line sit in CLOSE_WAIT: the peer closed, this side never did (confirmed in the live process).',
    shows: (s: SocketRow) => s.state === 'CLOSE_WAIT',
  },
} as const;
type LiveRuleId = keyof typeof LIVE_RULES;

const SITE_RE = /^(.*):(\d+):(\d+)$/;

export interface LiveGroup {
  ruleId: LiveRuleId;
  file: string;
  line: number;
  column: number;
  sockets: SocketRow[];
}

/** Groups the sockets that have a creation line by line and by the rule their state confirms. */
export function liveGroups(sockets: readonly SocketRow[]): LiveGroup[] {
  const groups = new Map<string, LiveGroup>();
  for (const s of sockets) {
    const m = s.site ? SITE_RE.exec(s.site) : null;
    if (!m || s.destroyed) continue;
    for (const [ruleId, rule] of Object.entries(LIVE_RULES) as Array<[LiveRuleId, (typeof LIVE_RULES)[LiveRuleId]]>) {
      if (!rule.shows(s)) continue;
      const key = `${ruleId}\0${s.site}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ruleId, file: m[1], line: Number(m[2]), column: Number(m[3]), sockets: [] }));
      g.sockets.push(s);
    }
  }
  return [...groups.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.ruleId.localeCompare(b.ruleId)));
}

function message(g: LiveGroup, pid: number): string {
  const n = g.sockets.length;
  const states = new Map<string, number>();
  for (const s of g.sockets) states.set(s.state ?? 'unknown', (states.get(s.state ?? 'unknown') ?? 0) + 1);
  const stateText = [...states]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const ages = g.sockets.map((s) => s.ageMs).filter((a): a is number => a !== null);
  const idles = g.sockets.map((s) => s.idleMs).filter((a): a is number => a !== null);
  const what =
    g.ruleId === 'missing-socket-timeout' ? 'without a timeout' : g.ruleId === 'missing-error-listener' ? "without an 'error' listener" : 'in CLOSE_WAIT';
  const facts = [stateText];
  if (ages.length) facts.push(`oldest ${formatAge(Math.max(...ages))}`);
  if (idles.length) facts.push(`idle up to ${formatAge(Math.max(...idles))}`);
  return `confirmed live: ${n} socket${n === 1 ? '' : 's'} from this line ${what} in pid ${pid} (${facts.join('; ')})`;
}

/** SARIF 2.1.0 of the live findings; `unplaced`: sockets without a creation line (created before tracing). */
export function liveSarif(sockets: readonly SocketRow[], context: { cwd: string; version: string; pid: number }): string {
  const groups = liveGroups(sockets);
  const files = new Map<string, FileReport>();
  for (const g of groups) {
    let file = files.get(g.file);
    if (!file) files.set(g.file, (file = { filePath: g.file, findings: [] }));
    const f: Finding = {
      ruleId: g.ruleId,
      messageId: 'live',
      severity: 'warn',
      message: message(g, context.pid),
      start: 0,
      end: 0,
      line: g.line,
      column: g.column,
      endLine: g.line,
      endColumn: g.column,
      fixes: [],
    };
    file.findings.push(f);
  }
  const rules: Rule[] = Object.entries(LIVE_RULES).map(([id, r]) => ({
    meta: { id, description: r.description, defaultSeverity: 'warn', messages: {}, options: {} },
    check: () => {},
  }));
  const log: Log = toSarif([...files.values()], { cwd: context.cwd, version: context.version, rules, color: false });
  const ordered = [...files.values()].flatMap((f) =>
    f.findings.map((finding) => ({
      finding,
      group: groups.find((g) => g.file === f.filePath && g.line === finding.line && g.column === finding.column && g.ruleId === finding.ruleId)!,
    })),
  );
  log.runs[0].results?.forEach((result, i) => {
    const g = ordered[i].group;
    result.properties = {
      runtimeConfirmed: true,
      pid: context.pid,
      count: g.sockets.length,
      examples: g.sockets.slice(0, 3).map((s) => (s.local && s.remote ? `${s.local} → ${s.remote}` : (s.remote ?? s.local))),
    };
  });
  log.runs[0].properties = { unplacedSockets: sockets.filter((s) => !s.site || !SITE_RE.test(s.site)).length, sockets: sockets.length };
  return `${JSON.stringify(log, null, 2)}\n`;
}
