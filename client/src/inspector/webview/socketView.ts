// Filtering and sorting of the socket table (no DOM: shared by the webview and its tests).
import { parseSite, type AnySocketRow as SocketRow, type SiteFilter } from '@socklint/protocol/webview';

export type SocketFilter = 'noTimeout' | 'noErrorListener' | 'closeWait' | 'idle60';
export type SortKey = 'fd' | 'kind' | 'local' | 'remote' | 'state' | 'ageMs' | 'idleMs' | 'timeout' | 'listeners' | 'bytes' | 'owner' | 'site';

/**
 * Addresses of the HTTP servers whose own timeouts bound the sockets they accept: those sockets
 * are not "no timeout" (missing-socket-timeout does not report them either).
 */
export type BoundingServers = ReadonlySet<string>;

/** The server whose timeouts bound this socket, if any. */
export function boundByServer(r: SocketRow, servers: BoundingServers | undefined): string | null {
  if (!servers || !r.owner?.startsWith('server ')) return null;
  const address = r.owner.slice('server '.length);
  return servers.has(address) ? address : null;
}

export const FILTERS: Record<SocketFilter, (r: SocketRow, servers?: BoundingServers) => boolean> = {
  // A timeout of 0 is "disabled", the same as none. Kernel-view rows (listeners null) know neither.
  noTimeout: (r, servers) => r.listeners !== null && (r.timeout === null || r.timeout === 0) && !boundByServer(r, servers),
  noErrorListener: (r) => r.listeners !== null && !r.listeners.error,
  closeWait: (r) => r.state === 'CLOSE_WAIT',
  idle60: (r) => r.idleMs !== null && r.idleMs > 60000,
};

function sortValue(r: SocketRow, key: SortKey): number | string | null {
  switch (key) {
    case 'listeners':
      // Fewer listeners first when ascending: the risky sockets.
      if (r.listeners === null) return null;
      return Number(r.listeners.error) + Number(r.listeners.end) + Number(r.listeners.close) + Number(r.listeners.timeout);
    case 'bytes':
      return r.bytesRead === null || r.bytesWritten === null ? null : r.bytesRead + r.bytesWritten;
    case 'timeout':
      if (r.listeners === null) return null;
      // "none" sorts as the longest.
      return r.timeout === null || r.timeout === 0 ? Number.POSITIVE_INFINITY : r.timeout;
    default:
      return r[key];
  }
}

/** The rows that pass every active filter and contain the search text, sorted; nulls always last. */
export function viewRows(
  rows: SocketRow[],
  options: {
    filters: Partial<Record<SocketFilter, boolean>>;
    search: string;
    sort: { key: SortKey; dir: 1 | -1 };
    site?: SiteFilter | null;
    servers?: BoundingServers;
  },
): SocketRow[] {
  const active = (Object.keys(FILTERS) as SocketFilter[]).filter((f) => options.filters[f]);
  const needle = options.search.trim().toLowerCase();
  const sites = options.site ? new Set(options.site.sites) : null;
  const out = rows.filter((r) => {
    if (!active.every((f) => FILTERS[f](r, options.servers))) return false;
    if (sites && !sites.has(siteKey(r.site))) return false;
    if (!needle) return true;
    return [r.local, r.remote, r.state, r.owner, r.request, r.site, r.kind, r.fd].some((v) => v !== null && String(v).toLowerCase().includes(needle));
  });
  const { key, dir } = options.sort;
  return out.sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === y) return (a.fd ?? 0) - (b.fd ?? 0);
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
}

/** "file:line" of a socket's creation site ("" when it has none). */
export function siteKey(site: string | null): string {
  const at = parseSite(site);
  return at ? `${at.file}:${at.line}` : '';
}

/** What the age column can say: time since created (traced), since first seen, or both kinds of rows. */
export type AgeLabel = 'age' | 'first seen' | 'age / first seen';

export const AGE_TITLES: Record<AgeLabel, string> = {
  age: 'Time since each socket was created (creation-site tracing)',
  'first seen': 'Time since this session first saw each socket: no socket age is measured (switch on creation sites for new sockets)',
  'age / first seen': 'Since creation for traced sockets; “≥” marks time since first seen (created before tracing)',
};

/** The age column's heading for these rows: "age" only when every known age is measured. */
export function ageColumnLabel(rows: readonly SocketRow[]): AgeLabel {
  const sources = new Set(rows.filter((r) => r.ageMs !== null).map((r) => (r.ageSource === 'created' ? 'created' : 'firstSeen')));
  if (sources.size === 2) return 'age / first seen';
  return sources.has('created') ? 'age' : 'first seen';
}

/**
 * "20 sockets", "10 of 20 sockets match", "the first 200 of 240 sockets (load more for the rest)",
 * "12 of the first 200 of 240 sockets match": whether a count is of matches or of the page loaded.
 */
export function shownText(shown: number, loaded: number, total: number, filtering: boolean): string {
  const all = loaded >= total;
  const sockets = `${total} socket${total === 1 ? '' : 's'}`;
  if (!filtering) return all ? sockets : `the first ${loaded} of ${sockets} (load more for the rest)`;
  return all ? `${shown} of ${sockets} match` : `${shown} of the first ${loaded} of ${sockets} match`;
}
