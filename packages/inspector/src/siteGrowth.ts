// Which creation sites' sockets grew over a time range: the panel's answer to a range selected on
// its sockets chart. Pure (no I/O, no editor): the panel keeps one SiteCounts per sample.
import type { KernelSample, Sample } from './types';
import { createdBeforeTracing } from './verdict';

/** The row of live sockets no site covers (opened before tracing began). */
export const BEFORE_TRACING = 'created before tracing';

/** Live sockets per creation site at one sample; `live` is null when the sample traced no sites. */
export interface SiteCounts {
  /** Sample time, ms since epoch. */
  t: number;
  /** Site ("file:line:column", "accepted by …", or BEFORE_TRACING) → live sockets. */
  live: Record<string, number> | null;
}

export interface SiteGrowth {
  site: string;
  /** Live sockets at the range's start (0 for a site absent then) and at its end. */
  from: number;
  to: number;
  growth: number;
}

export function siteCountsOf(s: Sample | KernelSample): SiteCounts {
  const sites = (s as Sample).sites;
  if ((s as KernelSample).view === 'kernel' || !sites) return { t: s.t, live: null };
  const live: Record<string, number> = {};
  for (const g of sites) if (g.live > 0) live[g.site] = (live[g.site] ?? 0) + g.live;
  const before = createdBeforeTracing(s as Sample);
  if (before) live[BEFORE_TRACING] = before;
  return { t: s.t, live };
}

/**
 * The sites whose live sockets grew between t0 and t1 (ms, either order), most growth first.
 * Each end is the last traced sample at or before it (the range's first traced sample when
 * tracing began inside it); a range that holds no traced sample, or none after its start, is [].
 */
export function sitesGrownBetween(history: readonly SiteCounts[], t0: number, t1: number): SiteGrowth[] {
  const [start, end] = t0 <= t1 ? [t0, t1] : [t1, t0];
  const traced = history.filter((p): p is SiteCounts & { live: Record<string, number> } => p.live !== null);
  const atOrBefore = (t: number) => {
    let found: (typeof traced)[number] | undefined;
    for (const p of traced) if (p.t <= t) found = p;
    return found;
  };
  const last = atOrBefore(end);
  if (!last) return [];
  const first = atOrBefore(start) ?? traced.find((p) => p.t >= start && p.t <= end);
  if (!first || first === last) return [];
  const rows: SiteGrowth[] = [];
  for (const [site, to] of Object.entries(last.live)) {
    const from = first.live[site] ?? 0;
    if (to > from) rows.push({ site, from, to, growth: to - from });
  }
  // On a tie a site with a line comes before the sockets from before tracing: it is where a fix goes.
  const untraced = (r: SiteGrowth) => (r.site === BEFORE_TRACING ? 1 : 0);
  return rows.sort((a, b) => b.growth - a.growth || untraced(a) - untraced(b) || a.site.localeCompare(b.site));
}
