// The verdict: one line that says what is wrong with a process's sockets, where the sockets come
// from and which lint rule covers it, e.g. "120 sockets with no timeout, created at
// leaky-relay.js:40 (missing-socket-timeout), +18 per minute". Pure: built from a sample and the
// samples before it; `socklint inspect` prints it first and the panel shows it at the top.
import { ratePerMinute, rateText, trendPoint, uncoveredWithoutTimeout, windowOf, type TrendPoint } from './trends';
import type { KernelSample, Sample, SiteGroup } from './types';

type AnySample = Sample | KernelSample;

export type VerdictProblem = 'fdsNearLimit' | 'closeWait' | 'noTimeout' | 'noErrorListener' | 'agentFreeSockets' | 'queued' | 'kernel';

/** Where the sockets of a problem come from: a creation site ("file:line:column" or "accepted by …"), or a pool. */
export interface VerdictPlace {
  /** "leaky-relay.js:40", "accepted by 127.0.0.1:8080", "http://127.0.0.1:8080 (agent#1)". */
  label: string;
  /** The sampler's site key, for the socket table's site filter; null for a pool. */
  site: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
  /** How many of the problem's sockets come from here. */
  count: number;
}

export interface VerdictItem {
  problem: VerdictProblem;
  count: number;
  /** "120 sockets with no timeout". */
  what: string;
  place: VerdictPlace | null;
  /** The lint rule whose finding predicts it; null when none does. */
  rule: string | null;
  /** Change of `count` per minute over the recent samples; null before there is a trend. */
  perMinute: number | null;
  /** The socket table's filter that lists these sockets; null when the table cannot single them out. */
  filter: 'noTimeout' | 'noErrorListener' | 'closeWait' | null;
  /** The whole line. */
  text: string;
}

export interface Verdict {
  /** Nothing wrong seen. */
  ok: boolean;
  /** The first item's text, or "no problem seen". */
  text: string;
  /** Every problem seen, the worst first. */
  items: VerdictItem[];
  /** What would make the verdict say more (sites not traced), or null. */
  hint: string | null;
}

export const NO_PROBLEM = 'no problem seen';
/** fds open against the soft limit above which accept() and connect() are close to EMFILE. */
const FDS_NEAR_LIMIT = 0.8;
/** A CLOSE_WAIT socket counts once it has been there this long (the app may be about to end it). */
const CLOSE_WAIT_SETTLE_MS = 3000;
/** Fixed order among problems that grow alike (and among those that do not grow). */
const ORDER: VerdictProblem[] = ['fdsNearLimit', 'closeWait', 'noTimeout', 'noErrorListener', 'agentFreeSockets', 'queued', 'kernel'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function baseName(file: string): string {
  const clean = file.replace(/^file:\/\//, '');
  return clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
}

/**
 * The site holding most of a problem's sockets. A traced site first: the owners' groups of sockets
 * from before tracing (beforeTracing) only when none has it, as only some of those sockets have an
 * owner to go by (accepted and pooled ones, not a plain net.connect's): weighed together, servers would win.
 */
function placeOf(sites: SiteGroup[] | null, count: (g: SiteGroup) => number | undefined, fileLabel: (file: string) => string): VerdictPlace | null {
  let best: SiteGroup | null = null;
  // On a tie a source line wins over "accepted by …": it is where a fix goes.
  const better = (g: SiteGroup, b: SiteGroup) =>
    (!g.beforeTracing && !!b.beforeTracing) ||
    (!g.beforeTracing === !b.beforeTracing && (count(g)! > count(b)! || (count(g) === count(b) && !!g.file && !b.file)));
  for (const g of sites ?? []) if ((count(g) ?? 0) > 0 && (!best || better(g, best))) best = g;
  if (!best) return null;
  const label = best.file && best.line !== null ? `${fileLabel(best.file)}:${best.line}` : best.site;
  return { label, site: best.site, file: best.file, line: best.line, column: best.column, count: count(best)! };
}

/** ", created at x.js:40" or ", 84 created at x.js:40" (when the site holds only some of them). */
function whereText(place: VerdictPlace | null, total: number): string {
  // A pool is named in the item's own words.
  if (!place || place.site === null) return '';
  const some = place.count < total ? `${place.count} ` : '';
  return place.file ? `, ${some}created at ${place.label}` : `, ${some}${place.label}`;
}

function item(
  problem: VerdictProblem,
  count: number,
  what: string,
  place: VerdictPlace | null,
  rule: string | null,
  perMinute: number | null,
  filter: VerdictItem['filter'],
): VerdictItem {
  const trend = rateText(perMinute);
  const text = `${what}${whereText(place, count)}${rule ? ` (${rule})` : ''}${trend && trend !== 'steady' ? `, ${trend}` : ''}`;
  return { problem, count, what, place, rule, perMinute, filter, text };
}

/** CLOSE_WAIT seen in every sample of the last few seconds (a single sample counts as is). */
function settledCloseWait(points: TrendPoint[]): number {
  const last = points[points.length - 1];
  const recent = points.filter((p) => p.t >= last.t - CLOSE_WAIT_SETTLE_MS);
  if (last.t - points[0].t < CLOSE_WAIT_SETTLE_MS) return last.closeWait;
  return Math.min(...recent.map((p) => p.closeWait));
}

/**
 * The verdict on `sample`, given the samples before it (`history`, oldest first; it may include
 * `sample` itself). Without a history there is no trend; without creation sites, no place.
 */
export interface VerdictOptions {
  /** How a creation site's file is named in the text (default: its base name, "leaky-relay.js"). */
  fileLabel?: (file: string) => string;
}

export function verdictOf(sample: AnySample, history: readonly AnySample[] = [], options: VerdictOptions = {}): Verdict {
  const fileLabel = options.fileLabel ?? baseName;
  const earlier = history.filter((h) => h.pid === sample.pid && h.t < sample.t);
  const points = windowOf([...earlier.map(trendPoint), trendPoint(sample)]);
  const rate = (value: (p: TrendPoint) => number | null) => ratePerMinute(points, value);
  const items: VerdictItem[] = [];

  const { open, limit } = sample.fds;
  if (open !== null && limit) {
    if (open / limit > FDS_NEAR_LIMIT)
      items.push(
        item(
          'fdsNearLimit',
          open,
          `${open} of ${limit} file descriptors open (${Math.round((open / limit) * 100)}%): accept() and connect() fail with EMFILE at the limit`,
          null,
          null,
          rate((p) => p.fds),
          null,
        ),
      );
  }

  const closeWait = settledCloseWait(points);
  const isKernel = (sample as KernelSample).view === 'kernel';
  // Lint rules are about Node.js code: a process that is not Node.js gets the facts without one.
  const notNode = isKernel && (sample as KernelSample).kernel.reason === 'not-node';
  const sites = isKernel ? null : (sample as Sample).sites;
  if (closeWait > 0) {
    const unread = sample.closeWaitWithUnreadData ? `, ${sample.closeWaitWithUnreadData} with unread data` : '';
    items.push(
      item(
        'closeWait',
        closeWait,
        `${plural(closeWait, 'socket')} in CLOSE_WAIT (the peer closed, this process never ended ${closeWait === 1 ? 'it' : 'them'}${unread})`,
        placeOf(sites, (g) => g.peerClosed, fileLabel),
        notNode ? null : 'missing-end-handler',
        rate((p) => p.closeWait),
        'closeWait',
      ),
    );
  }

  if (isKernel) {
    // No JavaScript facts: the kernel view's own verdicts (CLOSE_WAIT is above, with its trend).
    for (const v of (sample as KernelSample).kernel.verdicts)
      if (!/CLOSE_WAIT/.test(v)) items.push({ problem: 'kernel', count: 0, what: v, place: null, rule: null, perMinute: null, filter: null, text: v });
    return finish(items, null);
  }

  const s = sample as Sample;
  const noTimeout = uncoveredWithoutTimeout(s);
  if (noTimeout > 0)
    items.push(
      item(
        'noTimeout',
        noTimeout,
        `${plural(noTimeout, 'socket')} with no timeout`,
        placeOf(sites, (g) => g.withoutTimeout, fileLabel),
        'missing-socket-timeout',
        rate((p) => p.noTimeout),
        'noTimeout',
      ),
    );
  const noError = s.sockets.withoutErrorListener;
  if (noError > 0)
    items.push(
      item(
        'noErrorListener',
        noError,
        `${plural(noError, 'socket')} with no 'error' listener`,
        placeOf(sites, (g) => g.withoutErrorListener, fileLabel),
        'missing-error-listener',
        rate((p) => p.noErrorListener),
        'noErrorListener',
      ),
    );

  // Idle pooled sockets the server at the other end may close first: no agent timeout, or one
  // longer than the keepAliveTimeout of that server when it runs in this process.
  let free = 0;
  let worst: { origin: string; agent: string; free: number; why: string } | null = null;
  for (const a of s.agents) {
    if (!a.keepAlive || a.free === 0) continue;
    const port = /:(\d+)$/.exec(a.origin)?.[1];
    const server = port ? s.servers.find((v) => v.address.endsWith(`:${port}`) && v.keepAliveTimeout !== null) : undefined;
    const outlives = a.timeout !== null && server && server.keepAliveTimeout! > 0 && a.timeout >= server.keepAliveTimeout!;
    if (a.timeout !== null && !outlives) continue;
    free += a.free;
    if (!worst || a.free > worst.free)
      worst = { origin: a.origin, agent: a.agent, free: a.free, why: a.timeout === null ? 'no timeout' : `a timeout past the server's keepAliveTimeout` };
  }
  if (worst)
    items.push(
      item(
        'agentFreeSockets',
        free,
        `${plural(free, 'idle keep-alive socket')} in the pool for ${worst.origin} (${worst.agent}${free > worst.free ? ` and others` : ''}) with ${worst.why}: the server may close ${free === 1 ? 'it' : 'them'} first (ECONNRESET on reuse)`,
        { label: `${worst.origin} (${worst.agent})`, site: null, file: null, line: null, column: null, count: worst.free },
        'agent-free-socket-timeout',
        null,
        null,
      ),
    );

  const queued = s.agents.filter((a) => a.queued > 0).sort((a, b) => b.queued - a.queued);
  if (queued.length) {
    const total = queued.reduce((n, a) => n + a.queued, 0);
    const top = queued[0];
    items.push(
      item(
        'queued',
        total,
        `${plural(total, 'request')} waiting for a socket to ${top.origin} (${top.agent}, maxSockets ${top.maxSockets ?? '∞'})`,
        { label: `${top.origin} (${top.agent})`, site: null, file: null, line: null, column: null, count: top.queued },
        null,
        null,
        null,
      ),
    );
  }

  const socketProblem = items.some((i) => i.problem === 'closeWait' || i.problem === 'noTimeout' || i.problem === 'noErrorListener');
  const hint =
    socketProblem && s.sites === null ? 'creation sites are not traced: trace them (--trace-sites, or “creation sites” in the panel) to see where' : null;
  return finish(items, hint);
}

/** The worst first: running out of fds, then what grows, then the fixed order. */
function finish(items: VerdictItem[], hint: string | null): Verdict {
  const growing = (i: VerdictItem) => (i.perMinute !== null && i.perMinute >= 0.5 ? 0 : 1);
  const rank = (i: VerdictItem) => (i.problem === 'fdsNearLimit' ? -1 : growing(i));
  items.sort((a, b) => rank(a) - rank(b) || ORDER.indexOf(a.problem) - ORDER.indexOf(b.problem));
  return { ok: items.length === 0, text: items[0]?.text ?? NO_PROBLEM, items, hint };
}

/** The most site groups a sample carries (inTarget/sites.ts): with that many, some may be left out. */
const MAX_SITE_GROUPS = 100;

/**
 * Live sockets with no creation site: created before tracing began (or by a thread the sampler
 * cannot see). null when sites are not traced, or the sample cannot tell (partial, groups cut).
 */
export function createdBeforeTracing(s: Sample): number | null {
  if (!s.sites || s.partial || s.sites.length >= MAX_SITE_GROUPS) return null;
  const traced = s.sites.reduce((n, g) => n + g.live, 0);
  return Math.max(0, s.sockets.total - traced);
}
