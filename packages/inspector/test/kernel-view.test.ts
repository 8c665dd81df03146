// Issue 15: `socklint inspect --pid` on a process that is not Node.js shows the kernel view, read
// from /proc, and never signals it. The target is a real Python service holding 12 sockets in
// CLOSE_WAIT (its upstream closed, it never did); the truth is `ss` (netlink), read separately.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { listenPorts, runCli } from './helpers';
import { assertUntouched, inspect, ssRows, startPython, type Service } from './kernel-view-helpers';

const JS_FIELDS = [
  'nodeVersion',
  'sampleCostMs',
  'sampleCpuMs',
  'rttMs',
  'inspectorPort',
  'sockets',
  'servers',
  'agents',
  'resources',
  'eventLoopUtilization',
  'memory',
  'libuv',
  'sites',
  'partial',
  'outsideMainThread',
];

describe('inspector: the kernel view of a Python service (issue 15)', function () {
  this.timeout(60000);
  const LEAKED = 12;
  let upstream: Service;
  let service: Service;
  let listenBefore: number[];

  before(async () => {
    upstream = await startPython(['upstream']);
    service = await startPython(['service', '--upstream', String(upstream.ready.port), '--count', String(LEAKED)]);
    // The upstream's "bye" and FIN arrive a moment after connect returns.
    const settled = () => ssRows(service.pid).filter((r) => r.state === 'CLOSE-WAIT').length === LEAKED;
    for (let i = 0; i < 100 && !settled(); i++) await new Promise((r) => setTimeout(r, 50));
    listenBefore = listenPorts(service.pid);
  });
  afterEach(async () => {
    // Every test leaves the service as it found it: alive, not signalled, no inspector port.
    await assertUntouched(service);
    assert.deepEqual(listenPorts(service.pid), listenBefore, 'no inspector (or anything else) opened');
  });
  after(async () => {
    await service?.stop();
    await upstream?.stop();
  });

  it('--json: the 12 CLOSE_WAIT exactly as ss counts them, JavaScript fields null, and the group with its verdict', async () => {
    const r = await inspect(['--pid', String(service.pid), '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    const ss = ssRows(service.pid);
    const ssCloseWait = ss.filter((x) => x.state === 'CLOSE-WAIT');
    assert.equal(ssCloseWait.length, LEAKED, 'ss sees 12');
    assert.equal(s.tcp.CLOSE_WAIT, ssCloseWait.length);
    assert.equal(s.tcp.LISTEN, ss.filter((x) => x.state === 'LISTEN').length);
    assert.equal(s.closeWaitWithUnreadData, ssCloseWait.filter((x) => x.recvQ > 0).length);
    assert.equal(s.fds.open, fs.readdirSync(`/proc/${service.pid}/fd`).length);
    assert.equal(s.pid, service.pid);
    assert.equal(s.view, 'kernel');
    for (const f of JS_FIELDS) assert.equal(s[f], null, `${f} is null`);
    assert.equal(s.kernel.reason, 'not-node');
    assert.match(s.kernel.command, /kernel-service\.py service/);
    assert.equal(s.kernel.netns.differs, false);
    const group = s.kernel.groups[0];
    assert.deepEqual(
      {
        state: group.state,
        direction: group.direction,
        remote: group.remote,
        localPort: group.localPort,
        count: group.count,
        withUnreadData: group.withUnreadData,
        unreadBytes: group.unreadBytes,
      },
      {
        state: 'CLOSE_WAIT',
        direction: 'outbound',
        remote: `127.0.0.1:${upstream.ready.port}`,
        localPort: null,
        count: LEAKED,
        withUnreadData: LEAKED,
        unreadBytes: ssCloseWait.reduce((n, x) => n + x.recvQ, 0),
      },
    );
    assert.equal(group.unreadBytes, LEAKED * 5, '"bye\\n" and the FIN, never read');
    assert.ok(group.idleMs && group.idleMs.min >= 0 && group.idleMs.max >= group.idleMs.min, 'idle times from tcp_info');
    assert.match(
      s.kernel.verdicts.join('\n'),
      new RegExp(
        `^12 sockets to 127\\.0\\.0\\.1:${upstream.ready.port} in CLOSE_WAIT with unread data \\(idle [^)]+\\): the peer closed and this process never closed its side$`,
        'm',
      ),
    );
    const notices = r.err.trimEnd().split('\n');
    assert.equal(notices.length, 1, r.err);
    assert.match(
      notices[0],
      new RegExp(
        `^socklint: process ${service.pid} \\(python3 .*\\) is not a Node\\.js process: kernel view, read from /proc without signalling it or opening an inspector; JavaScript facts are not available$`,
      ),
    );
  });

  it('the human view: states, the group, the verdict; JavaScript facts said to be unavailable once', async () => {
    const r = await inspect(['--pid', String(service.pid)]);
    assert.equal(r.code, 0, r.err);
    // The verdict first (no lint rule named: the process is not Node.js), then the sample.
    assert.match(
      r.out,
      new RegExp(
        `^verdict 12 sockets in CLOSE_WAIT \\(the peer closed, this process never ended them, 12 with unread data\\)\npid ${service.pid}  .*kernel-service\\.py service .* kernel view  sample #1`,
      ),
    );
    assert.match(r.out, /^tcp  CLOSE_WAIT 12  LISTEN 1  \(12 CLOSE_WAIT with unread data\)$/m);
    assert.match(r.out, new RegExp(`^ +12  CLOSE_WAIT   to 127\\.0\\.0\\.1:${upstream.ready.port}  unread 12 \\(60 B\\)`, 'm'));
    assert.match(r.out, new RegExp(`^12 sockets to 127\\.0\\.0\\.1:${upstream.ready.port} in CLOSE_WAIT with unread data`, 'm'));
    assert.doesNotMatch(r.out, /\x1b\[/, 'no colour into a capture');
    assert.equal(r.err.match(/JavaScript facts are not available/g)?.length, 1);
  });

  it('--sockets --json: one row per TCP socket with the kernel queues, JavaScript fields null', async () => {
    const r = await inspect(['--pid', String(service.pid), '--sockets', '--json']);
    assert.equal(r.code, 0, r.err);
    const page = JSON.parse(r.out);
    const ss = ssRows(service.pid);
    assert.equal(page.total, ss.length);
    assert.equal(page.items.length, ss.length);
    for (const row of page.items) {
      for (const f of ['timeout', 'bytesRead', 'bytesWritten', 'listeners', 'refd', 'destroyed', 'paused', 'request', 'site']) assert.equal(row[f], null, f);
      const truth = ss.find((x) => x.local === row.local && (row.state === 'LISTEN' || x.peer === row.remote));
      assert.ok(truth, `ss has ${row.local} -> ${row.remote}`);
      assert.equal(row.rxQueue, truth.recvQ, `Recv-Q of ${row.local}`);
      assert.equal(typeof row.fd, 'number');
    }
    assert.deepEqual(
      page.items.map((x: any) => x.fd),
      [...page.items.map((x: any) => x.fd)].sort((a: number, b: number) => a - b),
      'ordered by fd',
    );
    const closeWait = page.items.filter((x: any) => x.state === 'CLOSE_WAIT');
    assert.equal(closeWait.length, LEAKED);
    assert.ok(closeWait.every((x: any) => x.kind === 'client' && x.remote === `127.0.0.1:${upstream.ready.port}` && x.idleMs !== null));
  });

  it('--watch --sockets: frames until Ctrl+C, ages grow from the first frame', async () => {
    const cli = runCli(['--pid', String(service.pid), '--watch', '--sockets', '--interval', '200']);
    await cli.waitOut('sample #3');
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.err());
    const frames = cli.out().split(/\n\n(?=verdict )/);
    assert.ok(frames.length >= 3);
    for (const f of frames.slice(0, 3)) {
      assert.match(f, /^tcp  CLOSE_WAIT 12  LISTEN 1/m);
      assert.match(f, /in CLOSE_WAIT with unread data/);
      assert.match(f, /of 13 TCP sockets/);
    }
    assert.match(frames[2], /CLOSE_WAIT +\d+\/0 +- +(\d+ms|\d+\.\ds|\d+m) /, 'a socket seen in earlier frames has an age');
    assert.equal(cli.err().match(/JavaScript facts are not available/g)?.length, 1, 'said once');
  });
});
