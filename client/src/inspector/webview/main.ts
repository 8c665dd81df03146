/// <reference lib="dom" />
// The inspector panel's script (runs in the webview; never talks to the target, only to the
// extension host). Renders samples, keeps its state with setState so a reload shows the last data.
import { Charts, emptyHistory, pushSample, type History } from './charts';
import { SocketTable, type SocketTableState } from './sockets';
import {
  isKernelSample,
  parseSite,
  type AnySample,
  type HostToWebview,
  type KernelSample,
  type Sample,
  type SessionStatus,
  type TargetSummary,
  type WebviewToHost,
} from '@socklint/protocol/webview';
import type { ServerTimeoutField, Trends, Verdict } from '@socklint/inspector';
import { serverBoundsSockets, serverTimeoutWarnings } from '@socklint/inspector/serverTimeouts';
import { createdBeforeTracing } from '@socklint/inspector/verdict';
import { uncoveredWithoutTimeout } from '@socklint/inspector/trends';
import { sampleNotes } from '../sampleNotes';
import { el, fmtMs, setText } from './dom';
import type { SocketFilter } from './socketView';
import { renderVerdict } from './verdictView';
import type { TimeRange } from './rangeSelect';
import { renderRange } from './rangeView';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PanelState {
  version: 1;
  target: TargetSummary | null;
  status: SessionStatus;
  message: string | null;
  history: History;
  sample: AnySample | null;
  table: SocketTableState;
  /** The host's verdict on the last sample, and the trends (absent in states saved before they existed). */
  verdict?: Verdict | null;
  trends?: Trends | null;
  /** The time range selected on the sockets chart (ms), whose growing sites are listed under it. */
  range?: TimeRange | null;
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const state: PanelState =
  saved && saved.version === 1
    ? saved
    : { version: 1, target: null, status: 'detached', message: null, history: emptyHistory(), sample: null, table: SocketTable.initialState() };
let traceSites = false;

const post = (m: WebviewToHost) => vscode.postMessage(m);

/** Saved rows of the socket table (the rest is fetched again after re-attaching). */
const SAVED_ROWS = 500;
const SAVE_EVERY_MS = 2000;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let lastSave = 0;
/** setState copies the whole state to the host: at most every 2 s, always the newest. */
function save(): void {
  if (saveTimer) return;
  saveTimer = setTimeout(
    () => {
      saveTimer = null;
      lastSave = Date.now();
      const rows = state.table.rows;
      vscode.setState(rows.length > SAVED_ROWS ? { ...state, table: { ...state.table, rows: rows.slice(0, SAVED_ROWS) } } : state);
    },
    Math.max(0, lastSave + SAVE_EVERY_MS - Date.now()),
  );
}

const charts = new Charts(state.history, (range) => selectRange(range));
charts.setRange(state.range ?? null);

function selectRange(range: TimeRange | null): void {
  state.range = range;
  charts.setRange(range);
  renderRange(range, state.history);
  save();
}
const table = new SocketTable(state.table, {
  request: (requestId, offset, limit) => post({ type: 'requestSockets', requestId, offset, limit }),
  changed: save,
  siteCleared: () => post({ type: 'siteFilter', filter: null }),
});

function renderStatus(): void {
  const status = document.getElementById('status')!;
  status.dataset.status = state.status;
  status.textContent = state.status;
  const t = state.target;
  setText(
    'target',
    t ? (t.view === 'kernel' ? `${t.label} · kernel view (/proc only)` : `${t.label} · Node ${t.nodeVersion} · ${t.endpoint}`) : 'No process attached',
  );
  const message = document.getElementById('status-message')!;
  const text = state.message;
  message.hidden = !text;
  message.textContent = text ?? '';
  message.classList.toggle('error', state.status === 'failed');
  const attached = state.status === 'attached';
  document.getElementById('detach')!.hidden = !attached;
  // An exited process has no pid to attach to again: Attach… picks a new one.
  document.getElementById('reattach')!.hidden = attached || state.status === 'attaching' || state.status === 'exited' || !state.target;
  (document.getElementById('trace-sites') as HTMLInputElement).checked = traceSites;
  (document.getElementById('trace-sites') as HTMLInputElement).disabled = !attached || t?.view === 'kernel';
  document.getElementById('refresh-sockets')!.toggleAttribute('disabled', !attached);
}

function renderCards(s: AnySample): void {
  // The handles and memory charts are JavaScript facts: the kernel view has none to plot.
  for (const id of ['chart-handles', 'chart-memory']) document.getElementById(id)!.hidden = isKernelSample(s);
  if (isKernelSample(s)) return renderKernelCards(s);
  setText('socket-total-label', 'sockets');
  const total = document.getElementById('socket-total')!;
  total.textContent = String(s.sockets.total);
  total.dataset.value = String(s.sockets.total);
  setText('tcp-established', String(s.tcp.ESTABLISHED ?? 0));
  setText('tcp-close-wait', String(s.tcp.CLOSE_WAIT ?? 0));
  setText('fds-open', s.fds.open === null ? '?' : String(s.fds.open));
  setText('fds-limit', s.fds.limit === null ? '?' : String(s.fds.limit));
  // Sockets an HTTP server's own timeouts bound are not "no timeout" (as missing-socket-timeout sees them).
  const noTimeout = uncoveredWithoutTimeout(s);
  setText('no-timeout', String(noTimeout));
  const covered = s.sockets.coveredByServer ?? 0;
  setText('no-timeout-covered', covered ? `+${covered} bounded by their HTTP server` : '');
  setText('no-error-listener', String(s.sockets.withoutErrorListener));
  setText('sample-cost', s.sampleCostMs.toFixed(1));
  const notes = sampleNotes(s);
  const notesNode = document.getElementById('sample-notes')!;
  notesNode.hidden = notes.length === 0;
  notesNode.textContent = notes.join(' ');
  document.getElementById('tcp-close-wait')!.classList.toggle('warn', (s.tcp.CLOSE_WAIT ?? 0) > 0);
  document.getElementById('no-error-listener')!.classList.toggle('warn', s.sockets.withoutErrorListener > 0);
  document.getElementById('no-timeout')!.classList.toggle('warn', noTimeout > 0);
  table.setServers(s.servers.filter((v) => serverBoundsSockets(v, s.nodeVersion)));
}

/** The kernel view's cards: TCP sockets as the kernel counts them; the JavaScript cards show –. */
function renderKernelCards(s: KernelSample): void {
  const total = document.getElementById('socket-total')!;
  const tcpTotal = Object.values(s.tcp).reduce((a: number, b) => a + (b ?? 0), 0);
  total.textContent = String(tcpTotal);
  total.dataset.value = String(tcpTotal);
  setText('socket-total-label', 'TCP sockets (kernel)');
  setText('tcp-established', String(s.tcp.ESTABLISHED ?? 0));
  setText('tcp-close-wait', String(s.tcp.CLOSE_WAIT ?? 0));
  setText('fds-open', s.fds.open === null ? '?' : String(s.fds.open));
  setText('fds-limit', s.fds.limit === null ? '?' : String(s.fds.limit));
  setText('no-timeout', '–');
  setText('no-timeout-covered', '');
  setText('no-error-listener', '–');
  setText('sample-cost', s.procCostMs.toFixed(1));
  const notesNode = document.getElementById('sample-notes')!;
  const notes = sampleNotes(s);
  notesNode.hidden = notes.length === 0;
  notesNode.textContent = notes.join(' ');
  document.getElementById('tcp-close-wait')!.classList.toggle('warn', (s.tcp.CLOSE_WAIT ?? 0) > 0);
  document.getElementById('no-error-listener')!.classList.remove('warn');
  document.getElementById('no-timeout')!.classList.remove('warn');
}

/** CLOSE_WAIT and idle groups with their verdicts (kernel view only). */
function renderGroups(s: AnySample): void {
  const section = document.getElementById('groups-section')!;
  section.hidden = !isKernelSample(s);
  if (!isKernelSample(s)) return;
  const verdicts = document.getElementById('verdicts')!;
  verdicts.replaceChildren(...s.kernel.verdicts.map((v) => el('li', { class: 'warn' }, [v])));
  fillRows(
    'groups-table',
    s.kernel.groups.map((g) =>
      el('tr', { 'data-state': g.state, 'data-remote': g.remote }, [
        el('td', { class: g.state === 'CLOSE_WAIT' ? 'warn' : '' }, [g.state]),
        el('td', {}, [g.direction === 'outbound' ? `to ${g.remote}` : `from ${g.remote}`]),
        el('td', {}, [g.localPort === null ? '–' : String(g.localPort)]),
        el('td', {}, [String(g.count)]),
        el('td', {}, [String(g.withUnreadData)]),
        el('td', {}, [String(g.unreadBytes)]),
        el('td', {}, [g.idleMs ? `${fmtMs(g.idleMs.min)} – ${fmtMs(g.idleMs.max)}` : '–']),
      ]),
    ),
    'No CLOSE_WAIT or long-idle sockets.',
    7,
  );
}

function fillRows(tableId: string, rows: HTMLTableRowElement[], empty: string, columns: number): void {
  const body = document.querySelector(`#${tableId} tbody`)!;
  body.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, [el('td', { colspan: String(columns) }, [empty])])]));
}

function renderTables(s: AnySample): void {
  renderGroups(s);
  if (isKernelSample(s)) {
    fillRows('servers-table', [], 'Kernel view: servers need the JavaScript side.', 7);
    fillRows('agents-table', [], 'Kernel view: agent pools need the JavaScript side.', 8);
    document.getElementById('sites-hint')!.hidden = true;
    fillRows('sites-table', [], 'Kernel view: creation sites need the JavaScript side.', 4);
    return;
  }
  renderJsTables(s);
}

function renderJsTables(s: Sample): void {
  fillRows(
    'servers-table',
    s.servers.map((v) => {
      // Amber only where a lint rule would flag the server; HTTP's timeouts blank for other servers.
      const warn = serverTimeoutWarnings(v, s.nodeVersion);
      const http = v.kind === 'http' || v.kind === 'https';
      const cell = (field: ServerTimeoutField) =>
        http || (v.kind === 'http2' && field === 'timeout') ? el('td', { class: warn.has(field) ? 'warn' : '' }, [fmtMs(v[field])]) : el('td', {}, ['']);
      return el('tr', { 'data-address': v.address }, [
        el('td', {}, [v.address]),
        el('td', {}, [v.kind]),
        el('td', {}, [String(v.connections)]),
        cell('timeout'),
        cell('keepAliveTimeout'),
        cell('headersTimeout'),
        cell('requestTimeout'),
      ]);
    }),
    'No servers listening.',
    7,
  );
  fillRows(
    'agents-table',
    s.agents.map((a) =>
      el('tr', { 'data-origin': a.origin }, [
        el('td', {}, [a.origin]),
        el('td', {}, [a.agent]),
        el('td', {}, [a.keepAlive ? 'yes' : 'no']),
        el('td', {}, [String(a.active)]),
        el('td', {}, [String(a.free)]),
        el('td', { class: a.queued > 0 ? 'warn' : '' }, [String(a.queued)]),
        el('td', {}, [a.maxSockets === null ? '∞' : String(a.maxSockets)]),
        // A keep-alive pool with no timeout is what agent-free-socket-timeout reports.
        timeoutCell(a.timeout, a.keepAlive && a.timeout === null),
      ]),
    ),
    'No HTTP agent has sockets.',
    8,
  );
  document.getElementById('sites-hint')!.hidden = s.sites !== null;
  // The live sockets no site covers were open before tracing began: one row says how many.
  const before = createdBeforeTracing(s);
  const beforeRow = before
    ? [
        el('tr', { 'data-site': 'before tracing', class: 'before-tracing' }, [
          el('td', {}, ['created before tracing (no site recorded)']),
          el('td', {}, ['–']),
          el('td', {}, [String(before)]),
          el('td', {}, ['–']),
        ]),
      ]
    : [];
  fillRows(
    'sites-table',
    [
      ...(s.sites ?? []).map((g) => {
        const site = g.file && g.line ? { file: g.file, line: g.line, column: g.column ?? 1 } : parseSite(g.site);
        // An owner's group of sockets open before tracing: said so, as the server's traced group has the same name.
        const label = g.functionName ? `${g.site} (${g.functionName})` : g.beforeTracing ? `${g.site} (open before tracing)` : g.site;
        const cell = site
          ? el('a', { href: '#', class: 'site-link', 'data-file': site.file, 'data-line': String(site.line), 'data-column': String(site.column) }, [label])
          : label;
        return el('tr', { 'data-site': g.site }, [
          el('td', {}, [cell]),
          el('td', {}, [g.kind]),
          el('td', {}, [String(g.live)]),
          el('td', {}, [String(g.created)]),
        ]);
      }),
      ...beforeRow,
    ],
    s.sites === null ? 'Not tracing.' : 'No sockets created since tracing started.',
    4,
  );
}

function timeoutCell(v: number | null, warn: boolean): HTMLTableCellElement {
  return el('td', { class: warn ? 'warn' : '' }, [fmtMs(v)]);
}

function render(): void {
  renderStatus();
  renderVerdict(state.verdict ?? null, state.trends ?? null);
  if (state.sample) {
    renderCards(state.sample);
    renderTables(state.sample);
  }
  table.render();
  renderRange(state.range ?? null, state.history);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'status': {
      traceSites = m.traceSites;
      if (m.target) {
        const same = state.target && state.target.pid === m.target.pid && state.target.endpoint === m.target.endpoint;
        if (!same) {
          // A different process: start its charts and tables afresh.
          state.history = emptyHistory();
          state.sample = null;
          state.verdict = null;
          state.trends = null;
          charts.update(state.history);
          selectRange(null);
          table.reset();
        }
        state.target = m.target;
      }
      state.status = m.status;
      state.message = m.message ?? null;
      if (m.status === 'detached' && !m.target && !m.message && state.sample) {
        // A panel restored after a window reload: the data is from before; attaching again is the user's call.
        state.message = 'Not attached: showing the last data from before the window reloaded.';
      }
      if (m.status === 'attached') table.refresh();
      save();
      render();
      return;
    }
    case 'sample': {
      // The host answers 'ready' with its latest sample, which a new panel may also have had queued.
      if (state.sample && m.sample.pid === state.sample.pid && m.sample.t <= state.sample.t) return;
      state.sample = m.sample;
      state.verdict = m.verdict ?? null;
      state.trends = m.trends ?? null;
      renderVerdict(state.verdict, state.trends);
      pushSample(state.history, m.sample);
      charts.update();
      if (state.range) renderRange(state.range, state.history);
      renderCards(m.sample);
      renderTables(m.sample);
      // The table follows the samples: a new page with each one (the last one answered, and spaced when pages are slow).
      if (state.status === 'attached' && table.due) table.refresh();
      save();
      return;
    }
    case 'siteFilter':
      table.filterSites(m.filter);
      return;
    case 'sockets':
      table.receive(m.requestId, m.page);
      return;
    case 'socketsFailed':
      table.failed(m.requestId, m.message);
      return;
  }
});

document.addEventListener('click', (event) => {
  const sockets = (event.target as HTMLElement).closest<HTMLElement>('a.verdict-sockets');
  if (sockets) {
    event.preventDefault();
    const site = sockets.dataset.site ? { label: sockets.dataset.label || sockets.dataset.site, sites: [sockets.dataset.site] } : null;
    table.show(sockets.dataset.filter as SocketFilter, site);
    return;
  }
  const rule = (event.target as HTMLElement).closest<HTMLElement>('a.rule-link');
  if (rule) {
    event.preventDefault();
    post({ type: 'openRule', rule: rule.dataset.rule! });
    return;
  }
  const link = (event.target as HTMLElement).closest<HTMLElement>('a.site-link');
  if (!link) return;
  event.preventDefault();
  post({ type: 'openSite', file: link.dataset.file!, line: Number(link.dataset.line), column: Number(link.dataset.column) });
});
document.getElementById('clear-range')!.addEventListener('click', () => selectRange(null));
document.getElementById('detach')!.addEventListener('click', () => post({ type: 'detach' }));
document.getElementById('reattach')!.addEventListener('click', () => post({ type: 'reattach', target: state.target }));
document.getElementById('attach-new')!.addEventListener('click', () => post({ type: 'attachNew' }));
document.getElementById('trace-sites')!.addEventListener('change', (e) => post({ type: 'traceSites', on: (e.target as HTMLInputElement).checked }));
const exportAs = (format: 'json' | 'markdown') =>
  post({
    type: 'export',
    format,
    snapshot: {
      exportedAt: new Date().toISOString(),
      target: state.target,
      sample: state.sample,
      sockets: table.page(),
      verdict: state.verdict ?? null,
      trends: state.trends ?? null,
    },
  });
document.getElementById('export-json')!.addEventListener('click', () => exportAs('json'));
document.getElementById('export-md')!.addEventListener('click', () => exportAs('markdown'));

render();
post({ type: 'ready' });
