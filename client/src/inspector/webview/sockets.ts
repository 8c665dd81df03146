// The socket drill-down table: asks the host for pages, filters and sorts what it got.
import { parseSite, SOCKET_PAGE_SIZE, type AnySocketPage as SocketPage, type AnySocketRow as SocketRow, type SiteFilter } from '@socklint/protocol/webview';
import { el, fmtAge, fmtBytes, fmtMs } from './dom';
import { AGE_TITLES, ageColumnLabel, boundByServer, FILTERS, shownText, viewRows, type AgeLabel, type SocketFilter, type SortKey } from './socketView';

/** Most rows the table asks for (the host pages; each row costs the target a little). */
const MAX_ROWS = 2000;
/** A page request not answered within this is given up, so that the next sample asks again. */
const PENDING_MAX_MS = 10_000;
/** Pages follow the samples, spaced so that reading them takes at most 1/(1 + this) of the time. */
const PAGE_TIME_SHARE = 3;

export interface SocketTableState {
  rows: SocketRow[];
  total: number;
  /** How many rows the user wants loaded (grows with "Load more"). */
  limit: number;
  sort: { key: SortKey; dir: 1 | -1 };
  filters: Partial<Record<SocketFilter, boolean>>;
  search: string;
  /** Only the sockets created at these sites (set from the editor); absent in states saved before it existed. */
  site?: SiteFilter | null;
  error: string | null;
}

export interface SocketTableHost {
  request(requestId: number, offset: number, limit: number): void;
  changed(): void;
  /** The user cleared the site filter. */
  siteCleared(): void;
}

export class SocketTable {
  private nextRequest = 1;
  private pending: number | null = null;
  private pendingSince = 0;
  private answeredAt = 0;
  private lastPageMs = 0;
  /** Servers (by address) whose timeouts bound their sockets, from the last sample. */
  private servers: Set<string> = new Set();

  static initialState(): SocketTableState {
    return { rows: [], total: 0, limit: SOCKET_PAGE_SIZE, sort: { key: 'idleMs', dir: -1 }, filters: {}, search: '', error: null };
  }

  constructor(
    private state: SocketTableState,
    private readonly host: SocketTableHost,
  ) {
    for (const input of document.querySelectorAll<HTMLInputElement>('input[data-filter]')) {
      const name = input.dataset.filter as SocketFilter;
      input.checked = !!state.filters[name];
      input.addEventListener('change', () => {
        this.state.filters[name] = input.checked;
        this.changed();
      });
    }
    const search = document.getElementById('socket-search') as HTMLInputElement;
    search.value = state.search;
    search.addEventListener('input', () => {
      this.state.search = search.value;
      this.changed();
    });
    for (const th of document.querySelectorAll<HTMLElement>('#sockets-table th[data-sort]')) {
      th.addEventListener('click', () => {
        const key = th.dataset.sort as SortKey;
        this.state.sort = { key, dir: this.state.sort.key === key ? (-this.state.sort.dir as 1 | -1) : 1 };
        this.changed();
      });
    }
    document.getElementById('clear-site-filter')!.addEventListener('click', () => {
      this.state.site = null;
      this.host.siteCleared();
      this.changed();
    });
    document.getElementById('refresh-sockets')!.addEventListener('click', () => this.refresh());
    document.getElementById('more-sockets')!.addEventListener('click', () => this.refresh(Math.min(MAX_ROWS, this.state.limit + SOCKET_PAGE_SIZE)));
  }

  /** Show only the sockets of these sites; all of them are loaded (up to the most rows), as they may be anywhere in the fd order. */
  filterSites(filter: SiteFilter | null): void {
    this.state.site = filter;
    if (filter) this.refresh(MAX_ROWS);
    this.changed();
  }

  /**
   * The verdict's "show me": only this filter (and these sites) on, every row of those sites
   * loaded, and the table in view.
   */
  show(filter: SocketFilter, site: SiteFilter | null): void {
    this.state.filters = { [filter]: true };
    for (const input of document.querySelectorAll<HTMLInputElement>('input[data-filter]')) input.checked = input.dataset.filter === filter;
    this.state.site = site;
    this.refresh(site ? MAX_ROWS : this.state.limit);
    this.changed();
    document.getElementById('sockets-table')!.scrollIntoView({ block: 'start' });
  }

  /** Forget the rows (another target); the site filter too: its sites are the previous process's. */
  reset(): void {
    const { sort, filters, search } = this.state;
    Object.assign(this.state, SocketTable.initialState(), { sort, filters, search, site: null });
    this.render();
  }

  /** Ask for the first `limit` rows again; the answer replaces the table. */
  refresh(limit = this.state.limit): void {
    this.state.limit = limit;
    this.pending = this.nextRequest++;
    this.pendingSince = Date.now();
    this.host.request(this.pending, 0, limit);
  }

  /** The servers whose own timeouts bound their sockets (from each sample): their sockets are not "no timeout". */
  setServers(servers: ReadonlyArray<{ address: string; timeout: number | null; requestTimeout: number | null; headersTimeout: number | null }>): void {
    const next = new Set(servers.map((v) => v.address));
    if (next.size === this.servers.size && [...next].every((a) => this.servers.has(a))) return;
    this.serverTimeouts = new Map(servers.map((v) => [v.address, v]));
    this.servers = next;
    this.render();
  }

  private serverTimeouts = new Map<string, { timeout: number | null; requestTimeout: number | null; headersTimeout: number | null }>();

  /** A page was asked for and not answered yet (an answer lost with a detach counts as none after 10 s). */
  get waiting(): boolean {
    return this.pending !== null && Date.now() - this.pendingSince < PENDING_MAX_MS;
  }

  /**
   * Time for a new page with the next sample: none is pending, and reading pages takes at most a
   * quarter of the time (a page of 200 at 10k sockets took 1.3 s to read on a loaded machine, most
   * of it /proc and ss on this side): small processes get one per sample.
   */
  get due(): boolean {
    return !this.waiting && Date.now() - this.answeredAt >= PAGE_TIME_SHARE * this.lastPageMs;
  }

  receive(requestId: number, page: SocketPage): void {
    if (requestId !== this.pending) return; // an older answer
    this.pending = null;
    this.answeredAt = Date.now();
    this.lastPageMs = this.answeredAt - this.pendingSince;
    this.state.rows = page.items;
    this.state.total = page.total;
    this.state.error = null;
    this.changed();
  }

  failed(requestId: number, message: string): void {
    if (requestId !== this.pending) return;
    this.pending = null;
    this.state.error = message;
    this.changed();
  }

  /** The loaded rows, for an exported snapshot. */
  page(): SocketPage | null {
    // The rows of one view only (a new target resets the table), so the page is of that view.
    return this.state.rows.length || this.state.total ? ({ total: this.state.total, offset: 0, items: this.state.rows } as SocketPage) : null;
  }

  private changed(): void {
    this.render();
    this.host.changed();
  }

  render(): void {
    const rows = viewRows(this.state.rows, { ...this.state, servers: this.servers });
    const ageLabel = ageColumnLabel(this.state.rows);
    const ageHeader = document.querySelector<HTMLElement>('#sockets-table th[data-sort="ageMs"]')!;
    ageHeader.textContent = ageLabel;
    ageHeader.title = AGE_TITLES[ageLabel];
    const body = document.querySelector('#sockets-table tbody')!;
    body.replaceChildren(
      ...(rows.length ? rows.map((r) => this.row(r, ageLabel)) : [el('tr', { class: 'empty' }, [el('td', { colspan: '12' }, [this.emptyText()])])]),
    );
    for (const th of document.querySelectorAll<HTMLElement>('#sockets-table th[data-sort]')) {
      const on = th.dataset.sort === this.state.sort.key;
      th.dataset.dir = on ? (this.state.sort.dir === 1 ? 'asc' : 'desc') : '';
      th.setAttribute('aria-sort', on ? (this.state.sort.dir === 1 ? 'ascending' : 'descending') : 'none');
    }
    const chip = document.getElementById('site-filter')!;
    chip.hidden = !this.state.site;
    chip.dataset.sites = this.state.site?.sites.join('\n') ?? '';
    document.getElementById('site-filter-label')!.textContent = this.state.site?.label ?? '';
    const shown = document.getElementById('sockets-shown')!;
    shown.textContent = shownText(rows.length, this.state.rows.length, this.state.total, this.filtering());
    shown.dataset.shown = String(rows.length);
    shown.dataset.total = String(this.state.total);
    document.getElementById('more-sockets')!.hidden = this.state.rows.length >= this.state.total || this.state.limit >= MAX_ROWS;
  }

  /** Any filter, search or site that hides rows. */
  private filtering(): boolean {
    return Object.values(this.state.filters).some(Boolean) || this.state.search.trim() !== '' || !!this.state.site;
  }

  private emptyText(): string {
    if (this.state.error) return `Could not load sockets: ${this.state.error}`;
    if (this.state.rows.length || this.state.site) return 'No socket matches the filters.';
    return 'No sockets loaded.';
  }

  /** A socket with no timeout of its own whose HTTP server bounds it: "server's", with them in the title. */
  private serverTimeoutCell(address: string): HTMLTableCellElement {
    const v = this.serverTimeouts.get(address);
    const title = v
      ? `No timeout of its own; its HTTP server ${address} bounds it: timeout ${fmtMs(v.timeout)}, requestTimeout ${fmtMs(v.requestTimeout)}, headersTimeout ${fmtMs(v.headersTimeout)}`
      : `Bounded by its HTTP server ${address}`;
    return el('td', { class: 'by-server', title }, ["server's"]);
  }

  private row(r: SocketRow, ageLabel: AgeLabel): HTMLTableRowElement {
    const risky = (f: SocketFilter) => (FILTERS[f](r, this.servers) ? 'warn' : '');
    const server = boundByServer(r, this.servers);
    // Kernel-view rows (no JavaScript side): listeners, timeout and bytes are unknown, shown as –.
    const js = r.listeners;
    const listeners = js ? (['error', 'end', 'close', 'timeout'] as const).map((k) => (js[k] ? k : `no ${k}`)).join(', ') : 'unknown (kernel view)';
    const site = parseSite(r.site);
    const siteCell = site
      ? el('a', { href: '#', class: 'site-link', 'data-file': site.file, 'data-line': String(site.line), 'data-column': String(site.column) }, [r.site!])
      : (r.site ?? '–');
    const owner = [r.owner, r.request].filter(Boolean).join(' · ') || '–';
    const flags = [r.refd === false ? "unref'd" : '', r.paused ? 'paused' : '', r.destroyed ? 'destroyed' : ''].filter(Boolean).join(' ');
    return el('tr', { 'data-fd': r.fd === null ? '' : String(r.fd), 'data-state': r.state ?? '', class: flags }, [
      el('td', {}, [r.fd === null ? '–' : String(r.fd)]),
      el('td', {}, [r.kind]),
      el('td', {}, [r.local ?? '–']),
      el('td', {}, [r.remote ?? '–']),
      el('td', { class: risky('closeWait') }, [r.state ?? '–']),
      ageCell(r, ageLabel),
      el('td', { class: risky('idle60') }, [r.idleMs === null ? '–' : fmtAge(r.idleMs)]),
      server && !r.timeout ? this.serverTimeoutCell(server) : el('td', { class: risky('noTimeout') }, [js ? fmtMs(r.timeout) : '–']),
      el('td', { class: risky('noErrorListener'), title: listeners }, [js ? (js.error ? 'error ✓' : 'no error') : '–']),
      el('td', {}, [
        r.bytesRead === null || r.bytesWritten === null
          ? `rx ${r.rxQueue ?? '–'} / tx ${r.txQueue ?? '–'} queued`
          : `${fmtBytes(r.bytesRead)} / ${fmtBytes(r.bytesWritten)}`,
      ]),
      el('td', {}, [owner]),
      el('td', {}, [siteCell]),
    ]);
  }
}

/** A socket's age: measured since creation (traced), or only since the sampler first saw it. */
function ageCell(r: SocketRow, label: AgeLabel): HTMLTableCellElement {
  if (r.ageMs === null) return el('td', {}, ['–']);
  const firstSeen = r.ageSource !== 'created';
  // In a column of both kinds, the ones only seen are marked: their sockets may be much older.
  const text = firstSeen && label === 'age / first seen' ? `≥ ${fmtAge(r.ageMs)}` : fmtAge(r.ageMs);
  return el(
    'td',
    { class: firstSeen ? 'first-seen' : '', title: firstSeen ? 'time since the sampler first saw it (created earlier)' : 'time since it was created' },
    [text],
  );
}
