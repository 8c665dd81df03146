import * as assert from 'node:assert/strict';
import { factsText, indexSites, verdicts, type LiveSocket } from '../../client/src/live/siteIndex';

const SITE = '/app/relay.js:40:20';

function socket(over: Partial<LiveSocket> = {}): LiveSocket {
  return {
    site: SITE,
    state: 'ESTABLISHED',
    timeout: null,
    listeners: { error: false, end: false, close: true, timeout: false },
    ageMs: 1000,
    ageSource: 'created',
    idleMs: 500,
    destroyed: false,
    ...over,
  };
}

describe('live facts per source line (indexSites)', () => {
  it('counts the sockets of one line, their problems and the oldest one, whatever their column', () => {
    const rows = [
      socket({ ageMs: 41 * 60_000, idleMs: 120_000 }),
      socket({ site: '/app/relay.js:40:7', state: 'CLOSE_WAIT' }),
      socket({ timeout: 30_000, listeners: { error: true, end: true, close: true, timeout: true } }),
      socket({ site: '/app/relay.js:53:13' }),
      socket({ site: 'accepted by 127.0.0.1:8080' }),
      socket({ site: null }),
      socket({ destroyed: true }),
    ];
    const index = indexSites(rows, { idleMs: 60_000 });
    assert.deepEqual([...index.keys()].sort(), ['/app/relay.js:40', '/app/relay.js:53']);
    const f = index.get('/app/relay.js:40')!;
    assert.deepEqual(
      {
        live: f.live,
        noTimeout: f.noTimeout,
        noTimeoutIdle: f.noTimeoutIdle,
        noErrorListener: f.noErrorListener,
        closeWait: f.closeWait,
        column: f.column,
        oldestMs: f.oldestMs,
      },
      { live: 3, noTimeout: 2, noTimeoutIdle: 1, noErrorListener: 2, closeWait: 1, column: 7, oldestMs: 41 * 60_000 },
    );
    assert.equal(factsText(f), "3 live · 2 no timeout · 2 no 'error' listener · 1 CLOSE_WAIT · oldest 41 min since created");
  });

  it('gives the age in whole minutes, so the text changes with the counts rather than every sample', () => {
    const f = indexSites([socket({ ageMs: 59_000 })]).get('/app/relay.js:40')!;
    assert.match(factsText(f), /oldest <1 min since created$/);
    assert.match(factsText(indexSites([socket({ ageMs: 119_999 })]).get('/app/relay.js:40')!), /oldest 1 min since created$/);
    assert.match(factsText(indexSites([socket({ ageMs: 3 * 3600_000 + 5 * 60_000 + 59_000 })]).get('/app/relay.js:40')!), /oldest 3 h 5 min since created$/);
  });

  it('says when the age is only the time since the sampler first saw the socket', () => {
    const f = indexSites([socket({ ageMs: 90_000, ageSource: 'firstSeen' })]).get('/app/relay.js:40')!;
    assert.match(factsText(f), /oldest 1 min since first seen$/);
  });

  it('leaves out kernel-view rows from the JavaScript counts (no listeners known)', () => {
    const f = indexSites([socket({ listeners: null })]).get('/app/relay.js:40')!;
    assert.equal(f.noTimeout, 0);
    assert.equal(f.noErrorListener, 0);
  });
});

describe('live verdicts: findings confirmed, lines the linter missed', () => {
  const facts = (rows: LiveSocket[]) => indexSites(rows, { idleMs: 60_000 }).get('/app/relay.js:40')!;

  it('confirms a finding whose problem the sockets of its line show', () => {
    const f = facts([socket({ state: 'CLOSE_WAIT', ageMs: 41 * 60_000 }), socket({ state: 'CLOSE_WAIT' })]);
    const out = verdicts(f, [{ code: 'missing-end-handler', line: 40 }], 60_000);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.finding, 0);
    assert.equal(
      out[0]!.message,
      'confirmed live: 2 sockets from this line in CLOSE_WAIT (the peer closed, this process did not), oldest 41 min since created',
    );
  });

  it('confirms missing-error-listener at once, missing-socket-timeout only once sockets have been idle long', () => {
    const young = facts([socket({ idleMs: 5000 })]);
    const findings = [
      { code: 'missing-error-listener', line: 40 },
      { code: 'missing-socket-timeout', line: 40 },
    ];
    assert.deepEqual(
      verdicts(young, findings, 60_000).map((v) => v.finding),
      [0],
    );
    const idle = facts([socket({ idleMs: 61_000 })]);
    assert.deepEqual(
      verdicts(idle, findings, 60_000).map((v) => v.finding),
      [0, 1],
    );
    assert.match(verdicts(idle, findings, 60_000)[1]!.message, /^confirmed live: 1 socket from this line with no timeout, idle 1 min or longer/);
  });

  it('ignores findings on other lines and rules the sockets say nothing about', () => {
    const f = facts([socket()]);
    assert.deepEqual(
      verdicts(
        f,
        [
          { code: 'missing-error-listener', line: 41 },
          { code: 'prefer-pipeline', line: 40 },
        ],
        60_000,
      ).filter((v) => v.finding !== null),
      [],
    );
  });

  it('reports leaking sockets on a line no finding covers, and nothing for a line that is fine', () => {
    const leaking = facts([socket({ idleMs: 70_000, listeners: { error: true, end: true, close: true, timeout: false } })]);
    const out = verdicts(leaking, [], 60_000);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.finding, null);
    assert.match(out[0]!.message, /^live sockets here show 1 socket from this line with no timeout, idle 1 min or longer, .*; no lint finding covers it$/);
    // A finding that predicts another problem does not cover this one.
    assert.equal(verdicts(leaking, [{ code: 'missing-error-listener', line: 40 }], 60_000).length, 1);
    // Busy sockets with a timeout and an 'error' listener: nothing to say.
    const fine = facts([socket({ timeout: 30_000, listeners: { error: true, end: true, close: true, timeout: true } })]);
    assert.deepEqual(verdicts(fine, [], 60_000), []);
  });

  it('confirms timeout-without-teardown when sockets stay open well past their timeout', () => {
    const f = facts([socket({ timeout: 1000, idleMs: 10_000, listeners: { error: true, end: true, close: true, timeout: true } })]);
    const out = verdicts(f, [{ code: 'timeout-without-teardown', line: 40 }], 60_000);
    assert.deepEqual(
      out.map((v) => [v.finding, v.problems]),
      [[0, ['idlePastTimeout']]],
    );
  });
});
