// The exported snapshot as a markdown report: what an incident write-up needs to quote.
// No vscode import: tested directly.
import { isKernelSample, type AnySocketRow, type KernelSample, type Sample, type Snapshot } from '@socklint/protocol/webview';
import { trendsText, uncoveredWithoutTimeout } from '@socklint/inspector/trends';
import { sampleNotes } from './sampleNotes';

const MAX_SOCKET_ROWS = 200;

/**
 * A string for the report's markdown: HTML-escaped (a markdown preview renders raw HTML), table
 * pipes and link brackets escaped, line breaks and control characters flattened. Much of the
 * report is chosen by the target (file names, host names, its label).
 */
export function markdownText(v: unknown): string {
  return String(v)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  return markdownText(v);
}

function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'none';
  if (v === 0) return 'off';
  return v >= 1000 && v % 1000 === 0 ? `${v / 1000} s` : `${v} ms`;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function table(header: string[], rows: unknown[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function sampleSection(s: Sample): string[] {
  const out: string[] = [];
  const fds = s.fds.open === null ? 'unknown' : `${s.fds.open}${s.fds.limit !== null ? ` of ${s.fds.limit}` : ''}`;
  out.push('## Summary', '');
  out.push(
    `- Sockets (JS): **${s.sockets.total}** — without timeout: ${uncoveredWithoutTimeout(s)}${s.sockets.coveredByServer ? ` (and ${s.sockets.coveredByServer} bounded by their HTTP server)` : ''}, without 'error' listener: ${s.sockets.withoutErrorListener}, unref'd (pooled): ${s.sockets.unrefd}`,
  );
  out.push(`- File descriptors: ${fds}`);
  const tcp = Object.entries(s.tcp).filter(([, n]) => (n ?? 0) > 0);
  out.push(`- TCP states (kernel): ${tcp.length ? tcp.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
  if (s.closeWaitWithUnreadData > 0) out.push(`- CLOSE_WAIT with unread data: ${s.closeWaitWithUnreadData}`);
  out.push(`- Memory: rss ${mib(s.memory.rss)}, heap ${mib(s.memory.heapUsed)} of ${mib(s.memory.heapTotal)}`);
  out.push(`- Event-loop utilisation: ${(s.eventLoopUtilization * 100).toFixed(1)} %`);
  out.push(`- Sample cost in the target: ${s.sampleCostMs.toFixed(2)} ms`);
  for (const note of sampleNotes(s)) out.push(`- ${markdownText(note)}`);
  out.push('');

  out.push('## Servers', '');
  if (s.servers.length === 0) out.push('None.');
  else
    out.push(
      ...table(
        ['address', 'kind', 'connections', 'timeout', 'keepAliveTimeout', 'headersTimeout', 'requestTimeout'],
        // HTTP's timeouts are blank for servers that are not HTTP.
        s.servers.map((v) =>
          v.kind === 'http' || v.kind === 'https'
            ? [v.address, v.kind, v.connections, ms(v.timeout), ms(v.keepAliveTimeout), ms(v.headersTimeout), ms(v.requestTimeout)]
            : [v.address, v.kind, v.connections, v.kind === 'http2' ? ms(v.timeout) : '', '', '', ''],
        ),
      ),
    );
  out.push('', '## Agent pools', '');
  if (s.agents.length === 0) out.push('None.');
  else
    out.push(
      ...table(
        ['origin', 'agent', 'keep-alive', 'active', 'free', 'queued', 'maxSockets', 'timeout'],
        s.agents.map((a) => [a.origin, a.agent, a.keepAlive ? 'yes' : 'no', a.active, a.free, a.queued, a.maxSockets ?? '∞', ms(a.timeout)]),
      ),
    );
  if (s.sites) {
    out.push('', '## Creation sites', '');
    if (s.sites.length === 0) out.push('No sockets created since tracing started.');
    else
      out.push(
        ...table(
          ['site', 'kind', 'open', 'created'],
          s.sites.map((g) => [g.site, g.kind, g.live, g.created]),
        ),
      );
  }
  out.push('', "## Resources (ref'd)", '');
  const res = Object.entries(s.resources).sort((a, b) => b[1] - a[1]);
  out.push(res.length ? res.map(([k, n]) => `${markdownText(k)} ${n}`).join(', ') : 'None.');
  return out;
}

/** The kernel view's summary: /proc facts, the groups and their verdicts. */
function kernelSection(s: KernelSample): string[] {
  const out: string[] = [];
  const fds = s.fds.open === null ? 'unknown' : `${s.fds.open}${s.fds.limit !== null ? ` of ${s.fds.limit}` : ''}`;
  out.push('## Summary (kernel view)', '');
  out.push(`- Command: ${markdownText(s.kernel.command)}`);
  out.push(`- File descriptors: ${fds}`);
  const tcp = Object.entries(s.tcp).filter(([, n]) => (n ?? 0) > 0);
  out.push(`- TCP states (kernel): ${tcp.length ? tcp.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
  if (s.closeWaitWithUnreadData > 0) out.push(`- CLOSE_WAIT with unread data: ${s.closeWaitWithUnreadData}`);
  for (const note of sampleNotes(s)) out.push(`- ${markdownText(note)}`);
  for (const v of s.kernel.verdicts) out.push(`- **${markdownText(v)}**`);
  out.push('', '## Groups', '');
  if (s.kernel.groups.length === 0) out.push('None.');
  else
    out.push(
      ...table(
        ['state', 'peer', 'local port', 'sockets', 'with unread data', 'unread bytes', 'idle'],
        s.kernel.groups.map((g) => [
          g.state,
          g.remote,
          g.localPort,
          g.count,
          g.withUnreadData,
          g.unreadBytes,
          g.idleMs ? `${Math.round(g.idleMs.min / 1000)}-${Math.round(g.idleMs.max / 1000)} s` : null,
        ]),
      ),
    );
  return out;
}

function socketRows(rows: AnySocketRow[]): unknown[][] {
  return rows.map((r) => [
    r.fd,
    r.kind,
    r.local,
    r.remote,
    r.state,
    r.listeners === null ? null : ms(r.timeout),
    r.idleMs === null ? null : `${Math.round(r.idleMs / 1000)} s`,
    r.listeners === null ? null : r.listeners.error ? 'yes' : '**no**',
    r.owner,
    r.site,
  ]);
}

export function markdownReport(snap: Snapshot): string {
  const out: string[] = [];
  const t = snap.target;
  out.push(`# Socklint inspector snapshot${t ? `: ${markdownText(t.label)}` : ''}`, '');
  const where =
    t?.view === 'kernel'
      ? ' — kernel view (read from /proc; nothing attached)'
      : t
        ? ` — Node ${markdownText(t.nodeVersion)}, inspector ${markdownText(t.endpoint)}`
        : '';
  out.push(`Exported ${markdownText(snap.exportedAt)}${where}.`);
  if (snap.sample) out.push(`Sample #${snap.sample.seq} taken ${new Date(snap.sample.t).toISOString()}.`);
  out.push('');
  if (snap.verdict) {
    out.push('## Verdict', '', ...snap.verdict.items.map((i) => `- ${markdownText(i.text)}`));
    if (snap.verdict.ok) out.push(`- ${markdownText(snap.verdict.text)}`);
    const rates = snap.trends && trendsText(snap.trends);
    if (rates) out.push(`- Trend: ${markdownText(rates)}`);
    if (snap.history?.length) out.push(`- ${snap.history.length} samples in the export's history (JSON)`);
    out.push('');
  }
  if (snap.sample) out.push(...(isKernelSample(snap.sample) ? kernelSection(snap.sample) : sampleSection(snap.sample)));
  else out.push('No sample was taken.');
  if (snap.sockets) {
    const shown = snap.sockets.items.slice(0, MAX_SOCKET_ROWS);
    out.push('', `## Sockets (${shown.length} of ${snap.sockets.total})`, '');
    out.push(...table(['fd', 'kind', 'local', 'remote', 'state', 'timeout', 'idle', "'error' listener", 'owner', 'site'], socketRows(shown)));
  }
  out.push('');
  return out.join('\n');
}
