// How the processes' reports become groups: by kind and creation line across processes, with the
// run section's ignores and minimum age applied.
import * as assert from 'node:assert/strict';
import { DEFAULT_RUN_CONFIG } from '../../server/src/core/config';
import { leftoverMessage, summarize, summaryLine } from '../../server/src/run/leftovers';
import type { OpenSocket, ProcessReport } from '../../server/src/run/types';

const socket = (site: string | null, extra: Partial<OpenSocket> = {}): OpenSocket => ({
  site,
  kind: 'client',
  fd: 20,
  local: '127.0.0.1:5000',
  remote: '127.0.0.1:6000',
  state: 'ESTABLISHED',
  ageMs: 1500,
  timeoutMs: null,
  errorListener: true,
  refd: false,
  ...extra,
});

const report = (pid: number, sockets: OpenSocket[]): ProcessReport => ({
  pid,
  ppid: 1,
  argv: ['/usr/bin/node', '/app/test/a.test.js'],
  cwd: '/app',
  nodeVersion: 'v20.20.2',
  ended: 'exit',
  exitCode: 0,
  sockets,
  servers: [],
  timers: { count: 0, items: null },
  pooled: 0,
  leaks: false,
});

describe('socklint run: grouping the reports', () => {
  it('one group per kind and creation line across processes, with states, age, facts and the static rules they show', () => {
    const s = summarize(
      [
        report(10, [socket('/app/test/a.test.js:7:20'), socket('/app/test/a.test.js:7:20', { state: 'CLOSE_WAIT', ageMs: 4000 })]),
        report(11, [socket('/app/test/a.test.js:7:20', { refd: true })]),
      ],
      DEFAULT_RUN_CONFIG,
      '/app',
      '/app',
    );
    assert.equal(s.leftovers.length, 1);
    const g = s.leftovers[0];
    assert.deepEqual([g.file, g.line, g.column, g.count], ['/app/test/a.test.js', 7, 20, 3]);
    assert.deepEqual(g.states, { ESTABLISHED: 2, CLOSE_WAIT: 1 });
    assert.deepEqual(g.staticRules, ['missing-socket-timeout']);
    assert.deepEqual(
      g.processes.map((p) => p.command),
      ['node test/a.test.js', 'node test/a.test.js'],
    );
    assert.equal(
      leftoverMessage(g),
      "3 sockets created here still open when the process ended (ESTABLISHED 2, CLOSE_WAIT 1; oldest 4.0 s; no timeout; 2 unref'd; 127.0.0.1:5000 → 127.0.0.1:6000) in node test/a.test.js (pid 10), node test/a.test.js (pid 11)",
    );
    assert.equal(summaryLine(s), '3 left open (3 sockets) in 2 of 2 Node.js processes');
  });

  it('run.ignore (a glob, or a file with :line) and run.minAgeMs leave sockets out', () => {
    const reports = [report(10, [socket('/app/test/helpers/db.js:3:9'), socket('/app/test/a.test.js:7:20'), socket('/app/test/a.test.js:9:5', { ageMs: 10 })])];
    const all = summarize(reports, DEFAULT_RUN_CONFIG, '/app', '/app');
    assert.equal(all.total, 3);
    const some = summarize(reports, { ...DEFAULT_RUN_CONFIG, ignore: ['test/helpers/**', 'test/a.test.js:7'], minAgeMs: 100 }, '/app', '/app');
    assert.equal(some.total, 0);
    const lineOnly = summarize(reports, { ...DEFAULT_RUN_CONFIG, ignore: ['test/a.test.js:8'] }, '/app', '/app');
    assert.equal(lineOnly.total, 3);
  });
});
