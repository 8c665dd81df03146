// Live charts over time (uPlot). The history is kept as compact columns so it fits in the
// webview's saved state and survives a window reload.
import uPlot from 'uplot';
import type { AnySample, Sample } from '@socklint/protocol/webview';
import { siteCountsOf, type SiteCounts } from '@socklint/inspector/siteGrowth';
import { attachRangeSelect, showRange, type TimeRange } from './rangeSelect';

/** 10 minutes at one sample a second. */
export const MAX_POINTS = 600;

interface SeriesSpec {
  label: string;
  /** A VS Code theme colour variable. */
  color: string;
  value: (s: Sample) => number | null;
  dash?: number[];
}

interface ChartSpec {
  id: string;
  series: SeriesSpec[];
  /** Logarithmic y axis: a few hundred fds stay visible under a limit of tens of thousands. */
  log?: boolean;
}

const MiB = 1048576;
const tcp = (s: Sample, state: keyof Sample['tcp']) => s.tcp[state] ?? 0;
const OTHER_TCP = ['SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'LAST_ACK', 'CLOSING', 'CLOSE'] as const;

export const CHARTS: ChartSpec[] = [
  {
    id: 'chart-tcp',
    series: [
      { label: 'ESTABLISHED', color: '--vscode-charts-blue', value: (s) => tcp(s, 'ESTABLISHED') },
      { label: 'CLOSE_WAIT', color: '--vscode-charts-red', value: (s) => tcp(s, 'CLOSE_WAIT') },
      { label: 'FIN_WAIT2', color: '--vscode-charts-orange', value: (s) => tcp(s, 'FIN_WAIT2') },
      { label: 'LISTEN', color: '--vscode-charts-green', value: (s) => tcp(s, 'LISTEN') },
      { label: 'other', color: '--vscode-charts-purple', value: (s) => OTHER_TCP.reduce((n, k) => n + tcp(s, k), 0) },
      { label: 'JS sockets', color: '--vscode-charts-yellow', value: (s) => s.sockets.total, dash: [4, 4] },
    ],
  },
  {
    id: 'chart-handles',
    series: [
      { label: "ref'd resources", color: '--vscode-charts-blue', value: (s) => Object.values(s.resources).reduce((a, b) => a + b, 0) },
      { label: 'TCPSocketWrap', color: '--vscode-charts-green', value: (s) => s.resources.TCPSocketWrap ?? 0 },
      { label: 'Timeout', color: '--vscode-charts-orange', value: (s) => s.resources.Timeout ?? 0 },
      { label: "unref'd sockets", color: '--vscode-charts-purple', value: (s) => s.sockets.unrefd },
    ],
  },
  {
    id: 'chart-fds',
    log: true,
    series: [
      { label: 'open', color: '--vscode-charts-blue', value: (s) => s.fds.open },
      { label: 'sockets', color: '--vscode-charts-green', value: (s) => s.fds.kinds?.socket ?? null },
      { label: 'limit', color: '--vscode-charts-red', value: (s) => s.fds.limit, dash: [6, 4] },
    ],
  },
  {
    id: 'chart-memory',
    series: [
      { label: 'rss', color: '--vscode-charts-blue', value: (s) => s.memory.rss / MiB },
      { label: 'heap used', color: '--vscode-charts-green', value: (s) => s.memory.heapUsed / MiB },
      { label: 'heap total', color: '--vscode-charts-yellow', value: (s) => s.memory.heapTotal / MiB },
      { label: 'external', color: '--vscode-charts-purple', value: (s) => s.memory.external / MiB },
    ],
  },
];

/** The chart a time range is selected on (its sites that grew are listed under it). */
export const RANGE_CHART = 'chart-tcp';

/** Sample times (s) and, per chart, one column per series. */
export interface History {
  t: number[];
  columns: Record<string, Array<Array<number | null>>>;
  /**
   * Live sockets per creation site of each sample, as [site index, count, …] into `siteNames`
   * (names kept once: the state is saved every 2 s); null when not tracing. Absent in older states.
   */
  siteNames?: string[];
  sites?: Array<number[] | null>;
}

export function emptyHistory(): History {
  return { t: [], columns: Object.fromEntries(CHARTS.map((c) => [c.id, c.series.map(() => [])])), siteNames: [], sites: [] };
}

function pushSiteCounts(h: History, s: AnySample): void {
  const names = (h.siteNames ??= []);
  const sites = (h.sites ??= new Array<null>(h.t.length - 1).fill(null));
  const { live } = siteCountsOf(s);
  if (!live) return void sites.push(null);
  const flat: number[] = [];
  for (const [site, n] of Object.entries(live)) {
    let i = names.indexOf(site);
    if (i < 0) i = names.push(site) - 1;
    flat.push(i, n);
  }
  sites.push(flat);
}

/** The site counts of the history, for sitesGrownBetween (times in ms). */
export function siteCountsOfHistory(h: History): SiteCounts[] {
  const names = h.siteNames ?? [];
  return h.t.map((t, i) => {
    const flat = h.sites?.[i];
    if (!flat) return { t: t * 1000, live: null };
    const live: Record<string, number> = {};
    for (let k = 0; k < flat.length; k += 2) live[names[flat[k]]] = flat[k + 1];
    return { t: t * 1000, live };
  });
}

/** Adds a sample; a kernel-view sample leaves the JavaScript series empty (their values are null). */
export function pushSample(h: History, s: AnySample): void {
  h.t.push(s.t / 1000);
  pushSiteCounts(h, s);
  for (const chart of CHARTS) {
    const cols = (h.columns[chart.id] ??= chart.series.map(() => new Array(h.t.length - 1).fill(null)));
    chart.series.forEach((spec, i) => {
      let v: number | null;
      try {
        v = spec.value(s as Sample);
      } catch {
        v = null;
      }
      // A log axis has no place for 0.
      (cols[i] ??= []).push(v === null || !Number.isFinite(v) || (chart.log && v <= 0) ? null : v);
    });
  }
  if (h.t.length > MAX_POINTS) {
    const drop = h.t.length - MAX_POINTS;
    h.t.splice(0, drop);
    h.sites?.splice(0, drop);
    for (const cols of Object.values(h.columns)) for (const c of cols) c.splice(0, drop);
  }
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The four charts; rebuilt when the theme changes (canvas colours are resolved from CSS variables). */
export class Charts {
  private plots = new Map<string, uPlot>();
  private readonly resize = new ResizeObserver(() => this.fit());
  private range: TimeRange | null = null;

  /** `selected` is told of each time range the user selects on the sockets chart (ms). */
  constructor(
    private history: History,
    private readonly selected: (range: TimeRange) => void = () => {},
  ) {
    this.build();
    new MutationObserver(() => this.build()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    for (const chart of CHARTS) this.resize.observe(this.plotElement(chart.id));
  }

  private plotElement(id: string): HTMLElement {
    return document.querySelector<HTMLElement>(`#${id} .plot`)!;
  }

  private size(el: HTMLElement): { width: number; height: number } {
    return { width: Math.max(200, Math.floor(el.clientWidth || 400)), height: 170 };
  }

  private build(): void {
    for (const p of this.plots.values()) p.destroy();
    this.plots.clear();
    const fg = themeColor('--vscode-charts-foreground', themeColor('--vscode-foreground', '#888'));
    const lines = themeColor('--vscode-charts-lines', 'rgba(128,128,128,0.35)');
    const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
    const axis: uPlot.Axis = { stroke: fg, font, grid: { stroke: lines, width: 1 }, ticks: { stroke: lines, width: 1 } };
    for (const chart of CHARTS) {
      const el = this.plotElement(chart.id);
      const opts: uPlot.Options = {
        ...this.size(el),
        scales: {
          // Samples at one instant have no time span: show a minute around it (uPlot pads it by years).
          x: {
            time: true,
            range: (u, min, max) => (u.data[0].length && u.data[0][0] === u.data[0].at(-1) ? [u.data[0][0] - 30, u.data[0][0] + 30] : [min, max]),
          },
          y: chart.log ? { distr: 3, log: 10 } : { range: (_u, min, max) => [0, Math.max(1, max, min)] },
        },
        axes: [
          { ...axis },
          chart.log
            ? // Only the powers of ten: a log axis otherwise draws a line at every 2, 3, … 9.
              {
                ...axis,
                size: 60,
                filter: powersOfTen,
                grid: { ...axis.grid, filter: powersOfTen },
                ticks: { ...axis.ticks, filter: powersOfTen },
              }
            : { ...axis, size: 50 },
        ],
        hooks: {
          ready: [(u) => this.showLatest(u)],
          // The selected range follows the axis as samples arrive.
          draw: chart.id === RANGE_CHART ? [(u) => showRange(u, this.range)] : [],
        },
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        series: [
          {},
          ...chart.series.map((s) => ({
            label: s.label,
            stroke: themeColor(s.color, fg),
            width: 1.5,
            dash: s.dash,
            // A lone sample is a dot: a line needs two.
            points: { show: (u: uPlot) => u.data[0].length === 1, size: 5 },
            value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : formatValue(v)),
          })),
        ],
      };
      const plot = new uPlot(opts, this.data(chart.id), el);
      if (chart.id === RANGE_CHART) attachRangeSelect(plot, (range) => this.selected(range));
      this.plots.set(chart.id, plot);
    }
    this.markPoints();
  }

  /** Unless the cursor is over the chart, its legend shows the newest values. */
  private showLatest(plot: uPlot): void {
    const last = this.history.t.length - 1;
    if (last >= 0 && !(plot.cursor.left !== undefined && plot.cursor.left >= 0)) plot.setLegend({ idx: last });
  }

  private data(id: string): uPlot.AlignedData {
    return [this.history.t, ...(this.history.columns[id] ?? [])] as uPlot.AlignedData;
  }

  private markPoints(): void {
    for (const chart of CHARTS) document.getElementById(chart.id)!.dataset.points = String(this.history.t.length);
  }

  private fit(): void {
    for (const chart of CHARTS) this.plots.get(chart.id)?.setSize(this.size(this.plotElement(chart.id)));
  }

  /** Draws the selected time range as a band on the sockets chart (null: none). */
  setRange(range: TimeRange | null): void {
    this.range = range;
    const plot = this.plots.get(RANGE_CHART);
    if (plot) showRange(plot, range);
  }

  /** Replace the history (a new target) or redraw after it grew. */
  update(history: History = this.history): void {
    this.history = history;
    for (const chart of CHARTS) {
      const plot = this.plots.get(chart.id);
      if (!plot) continue;
      plot.setData(this.data(chart.id));
      this.showLatest(plot);
    }
    this.markPoints();
  }
}

function powersOfTen(_u: uPlot, splits: number[]): Array<number | null> {
  return splits.map((v) => (Number.isInteger(Math.log10(v)) ? v : null));
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
