// Which sites' sockets grew over a selected time range (the panel's chart selection), from the
// per-sample site counts the panel keeps.
import * as assert from 'node:assert/strict';
import { BEFORE_TRACING, siteCountsOf, sitesGrownBetween, type SiteCounts } from '../src/siteGrowth';
import type { Sample, SiteGroup } from '../src';

const A = '/app/relay.js:40:18';
const B = '/app/pool.js:12:5';
const C = '/app/late.js:7:3';
const T = 1_700_000_000_000;

/** One sample a second: t = T + i s. */
const history: SiteCounts[] = [
  { t: T, live: { [A]: 2, [B]: 5 } },
  { t: T + 1000, live: { [A]: 4, [B]: 5 } },
  { t: T + 2000, live: { [A]: 7, [B]: 5, [C]: 1 } },
  { t: T + 3000, live: null },
  { t: T + 4000, live: { [A]: 9, [B]: 4, [C]: 3 } },
];

describe('sitesGrownBetween: sites whose live sockets grew in a time range', () => {
  it('lists the growing sites by growth, with the counts at both ends; a steady or shrinking site is left out', () => {
    assert.deepEqual(sitesGrownBetween(history, T, T + 4000), [
      { site: A, from: 2, to: 9, growth: 7 },
      { site: C, from: 0, to: 3, growth: 3 },
    ]);
    // The ends are the samples in force at t0 and t1 (the last at or before each), in either order.
    assert.deepEqual(sitesGrownBetween(history, T + 2500, T + 1500), [
      { site: A, from: 4, to: 7, growth: 3 },
      { site: C, from: 0, to: 1, growth: 1 },
    ]);
  });

  it('counts a site absent at the start from 0', () => {
    assert.deepEqual(sitesGrownBetween(history, T + 1000, T + 2000), [
      { site: A, from: 4, to: 7, growth: 3 },
      { site: C, from: 0, to: 1, growth: 1 },
    ]);
  });

  it('skips samples that traced no sites', () => {
    // t1 at the untraced sample: its end is the traced one before it.
    assert.deepEqual(sitesGrownBetween(history, T, T + 3500), [
      { site: A, from: 2, to: 7, growth: 5 },
      { site: C, from: 0, to: 1, growth: 1 },
    ]);
  });

  it('starts at the first traced sample when the range begins before the history', () => {
    assert.deepEqual(sitesGrownBetween(history, T - 60_000, T + 1000), [{ site: A, from: 2, to: 4, growth: 2 }]);
  });

  it('is empty for an empty range, a range outside the history, a range within one sample, and no history', () => {
    assert.deepEqual(sitesGrownBetween(history, T + 2000, T + 2000), []);
    assert.deepEqual(sitesGrownBetween(history, T - 60_000, T - 1000), [], 'before the first sample');
    assert.deepEqual(sitesGrownBetween(history, T + 5000, T + 60_000), [], 'after the last sample');
    assert.deepEqual(sitesGrownBetween(history, T + 1200, T + 1800), [], 'between two samples');
    assert.deepEqual(sitesGrownBetween([], T, T + 4000), []);
    assert.deepEqual(
      sitesGrownBetween(
        [
          { t: T, live: null },
          { t: T + 1000, live: null },
        ],
        T,
        T + 1000,
      ),
      [],
    );
  });
});

describe('siteCountsOf: the site counts of a sample', () => {
  const group = (site: string, live: number): SiteGroup => ({
    site,
    file: site.split(':')[0],
    line: 1,
    column: 1,
    functionName: null,
    kind: 'client',
    live,
    created: live,
  });
  const sample = (total: number, sites: SiteGroup[] | null) => ({ t: T, seq: 1, sockets: { total }, sites, partial: null }) as unknown as Sample;

  it('counts live sockets per site, and the ones from before tracing as one row', () => {
    assert.deepEqual(siteCountsOf(sample(10, [group(A, 3), group(B, 0), group(C, 2)])), { t: T, live: { [A]: 3, [C]: 2, [BEFORE_TRACING]: 5 } });
    assert.deepEqual(siteCountsOf(sample(5, [group(A, 3), group(C, 2)])), { t: T, live: { [A]: 3, [C]: 2 } });
    const before = [sample(4, []), { ...sample(10, [group(A, 3)]), t: T + 1000 }].map(siteCountsOf);
    assert.deepEqual(sitesGrownBetween(before, T, T + 1000), [
      { site: A, from: 0, to: 3, growth: 3 },
      { site: BEFORE_TRACING, from: 4, to: 7, growth: 3 },
    ]);
  });

  it('has no counts for a sample without tracing', () => {
    assert.deepEqual(siteCountsOf(sample(10, null)), { t: T, live: null });
  });
});
