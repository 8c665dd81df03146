// Per-minute trends from a history of samples: how fast sockets, CLOSE_WAIT and file descriptors
// grow. Pure (no I/O): `socklint inspect --watch`, the panel and the verdict share it.
import type { KernelSample, Sample } from './types';

type AnySample = Sample | KernelSample;

/** The figures of one sample that trends and the verdict follow. */
export interface TrendPoint {
  /** Sample time, ms since epoch. */
  t: number;
  /** JS socket objects; for the kernel view, the process's TCP sockets but listeners. */
  sockets: number;
  closeWait: number;
  /** Open fds; null without /proc. */
  fds: number | null;
  /** Sockets with no timeout of their own and none from their HTTP server; null in the kernel view. */
  noTimeout: number | null;
  noErrorListener: number | null;
}

export interface Trends {
  /** Time the rates are taken over (the newest samples up to TREND_WINDOW_MS), ms. */
  windowMs: number;
  /** Change per minute (least squares over the window); null when the history is too short or lacks the figure. */
  sockets: number | null;
  closeWait: number | null;
  fds: number | null;
}

/** Rates are taken over the last 5 minutes of samples at most... */
export const TREND_WINDOW_MS = 5 * 60_000;
/** ...and said only once the samples span 10 s: two samples a second apart make no trend. */
export const TREND_MIN_SPAN_MS = 10_000;

function isKernel(s: AnySample): s is KernelSample {
  return (s as KernelSample).view === 'kernel';
}

/** Sockets without a timeout that nothing else bounds (older samplers did not count `coveredByServer`). */
export function uncoveredWithoutTimeout(s: Sample): number {
  return Math.max(0, s.sockets.withoutTimeout - (s.sockets.coveredByServer ?? 0));
}

export function trendPoint(s: AnySample): TrendPoint {
  const closeWait = s.tcp.CLOSE_WAIT ?? 0;
  if (isKernel(s)) {
    let tcp = 0;
    for (const [state, n] of Object.entries(s.tcp)) if (state !== 'LISTEN') tcp += n ?? 0;
    return { t: s.t, sockets: tcp, closeWait, fds: s.fds.open, noTimeout: null, noErrorListener: null };
  }
  return {
    t: s.t,
    sockets: s.sockets.total,
    closeWait,
    fds: s.fds.open,
    noTimeout: uncoveredWithoutTimeout(s),
    noErrorListener: s.sockets.withoutErrorListener,
  };
}

/** The points of the window: the newest samples up to TREND_WINDOW_MS before the last one, oldest first. */
export function windowOf(points: readonly TrendPoint[]): TrendPoint[] {
  if (!points.length) return [];
  const end = points[points.length - 1].t;
  return points.filter((p) => p.t >= end - TREND_WINDOW_MS && p.t <= end);
}

/** Least-squares slope of `value` over the points, per minute; null when they span less than TREND_MIN_SPAN_MS. */
export function ratePerMinute(points: readonly TrendPoint[], value: (p: TrendPoint) => number | null): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    const v = value(p);
    if (v === null) continue;
    xs.push(p.t);
    ys.push(v);
  }
  if (xs.length < 3 || xs[xs.length - 1] - xs[0] < TREND_MIN_SPAN_MS) return null;
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  if (den === 0) return null;
  return Math.round((num / den) * 60_000 * 10) / 10;
}

/** Per-minute rates of sockets, CLOSE_WAIT and fds over the newest samples of `history` (oldest first). */
export function trendsOf(history: readonly AnySample[] | readonly TrendPoint[]): Trends {
  const points = windowOf(history.map((h) => ('seq' in h ? trendPoint(h) : h)));
  return {
    windowMs: points.length ? points[points.length - 1].t - points[0].t : 0,
    sockets: ratePerMinute(points, (p) => p.sockets),
    closeWait: ratePerMinute(points, (p) => p.closeWait),
    fds: ratePerMinute(points, (p) => p.fds),
  };
}

/** "+18 per minute", "-3 per minute", "steady" (under one per two minutes); null for no rate. */
export function rateText(perMinute: number | null): string | null {
  if (perMinute === null) return null;
  if (Math.abs(perMinute) < 0.5) return 'steady';
  const n = Math.abs(perMinute) >= 10 ? Math.round(perMinute) : Math.round(perMinute * 10) / 10;
  return `${n > 0 ? '+' : '−'}${Math.abs(n)} per minute`;
}

/** "sockets +18/min · CLOSE_WAIT steady · fds +18/min (over 2 min)"; null before there is a trend. */
export function trendsText(t: Trends): string | null {
  const part = (name: string, v: number | null) => {
    const r = rateText(v);
    return r === null ? null : `${name} ${r.replace(' per minute', '/min')}`;
  };
  const parts = [part('sockets', t.sockets), part('CLOSE_WAIT', t.closeWait), part('fds', t.fds)].filter((p): p is string => p !== null);
  if (!parts.length) return null;
  const span = t.windowMs >= 120_000 ? `${Math.round(t.windowMs / 60_000)} min` : `${Math.round(t.windowMs / 1000)} s`;
  return `${parts.join(' · ')} (over ${span})`;
}
