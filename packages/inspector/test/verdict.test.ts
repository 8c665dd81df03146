// The verdict on real targets: what is wrong, where, which rule, and how fast it grows, checked
// against the kernel's own numbers (`ss`), and "no problem seen" on a target with nothing wrong.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runInspect } from '../../../server/src/cli/inspect';
import { renderSample, renderSockets } from '../../../server/src/cli/inspectRender';
import { Sampler, verdictOf } from '../src';
import { LIVE, captureIo, INSPECT_ANY_PORT, runCli, sleep, startTarget, truthSockets, truthStates, type Target } from './helpers';

const RELAY = path.join(LIVE, 'leaky-relay.js');
const UPSTREAM_LINE =
  fs
    .readFileSync(RELAY, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('// relay: upstream connection')) + 1;

describe('inspector verdict: the leaking relay, from `socklint inspect --watch --trace-sites`', function () {
  this.timeout(90000);
  const ADDED = 8;
  let target: Target;
  const ours: net.Socket[] = [];

  before(async () => {
    target = await startTarget(RELAY, ['--connections', '30', '--leak-every', '3', '--rate', '200', '--lifetime', '120'], INSPECT_ANY_PORT);
    await target.waitFor('load-done', 30000);
  });
  after(async () => {
    for (const s of ours) s.destroy();
    await target?.stop();
  });

  it('names the leak, the line that creates it, its rule and its growth per minute', async () => {
    const { relayPort, backendPort } = target.events.ready;
    const cli = runCli(['--pid', String(target.pid), '--watch', '--trace-sites', '--interval', '500']);
    try {
      await cli.waitOut('verdict ', 30000);
      // Clients that walk away, one at a time while the CLI watches: the relay's leak grows.
      for (let i = 0; i < ADDED; i++) {
        const c = net.connect(relayPort, '127.0.0.1');
        c.on('error', () => {});
        ours.push(c);
        await new Promise<void>((resolve) => {
          c.once('data', () => resolve());
          c.write('hello\n');
        });
        await sleep(1200);
      }
      // Two frames after the last client (the figures are settled), and one with a trend (samples spanning 10 s).
      const framesBefore = cli.out().split('\nverdict ').length;
      const lastFrame = () =>
        cli
          .out()
          .split(/\n(?=verdict )/)
          .slice(-2)[0];
      for (let i = 0; i < 200 && (cli.out().split('\nverdict ').length < framesBefore + 2 || !/^verdict .*per minute$/m.test(lastFrame())); i++)
        await sleep(100);
    } finally {
      cli.child.kill('SIGINT');
    }
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.err());
    const frames = cli.out().split(/\n(?=verdict )/);
    const last = frames[frames.length - 1];
    const [verdictLine] = last.split('\n');
    // The relay's sockets (accepted on relayPort, and upstream to backendPort) have no timeout: the kernel's count of them.
    const relaySockets = truthSockets(target.pid).filter(
      (r) => r.state === 'ESTABLISHED' && (r.localPort === relayPort || r.remotePort === backendPort),
    ).length;
    assert.match(
      verdictLine,
      new RegExp(
        `^verdict ${relaySockets} sockets with no timeout, ${ADDED} created at examples/live/leaky-relay\\.js:${UPSTREAM_LINE} \\(missing-socket-timeout\\), \\+[\\d.]+ per minute$`,
      ),
      last,
    );
    assert.match(last, /\n {2}also: \d+ sockets with no 'error' listener, 8 created at examples\/live\/leaky-relay\.js:\d+ \(missing-error-listener\)/);
    assert.match(last, /\ntrend sockets \+[\d.]+\/min · CLOSE_WAIT steady · fds (\+[\d.]+\/min|steady) \(over \d+ s\)/);
    // The relay's sockets from the demo's own load were open before tracing: counted apart from the sites.
    const before = /^ +(\d+) live +created before tracing \(no site recorded\)$/m.exec(last);
    const total = Number(/^sockets (\d+) /m.exec(last)![1]);
    const sited = [...last.matchAll(/^ +(\d+) live +\d+ created  /gm)].reduce((n, m) => n + Number(m[1]), 0);
    assert.equal(Number(before?.[1]), total - sited, last);
    // The first frame, before anything grew, had no trend yet.
    assert.doesNotMatch(frames.find((f) => f.startsWith('verdict '))!, /per minute/);
  });
});

describe('inspector verdict: one sample, `socklint inspect --json`', function () {
  this.timeout(60000);
  let closeWait: Target;
  let clean: Target;
  let pool: Target;

  before(async () => {
    [closeWait, clean, pool] = await Promise.all([
      startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', '6', '--lifetime', '120'], INSPECT_ANY_PORT),
      startTarget(path.join(__dirname, 'fixtures/clean-target.js'), ['--clients', '3'], INSPECT_ANY_PORT),
      startTarget(path.join(LIVE, 'keepalive-agent.js'), ['--free', '5', '--slow', '4', '--queued', '2', '--lifetime', '120'], INSPECT_ANY_PORT),
    ]);
    await Promise.all([closeWait.waitFor('load-done'), clean.waitFor('ready'), pool.waitFor('load-done')]);
  });
  after(async () => {
    await Promise.all([closeWait?.stop(), clean?.stop(), pool?.stop()]);
  });

  it('CLOSE_WAIT sockets: counted as the kernel does, named with missing-end-handler, first in the JSON', async () => {
    const cap = captureIo();
    assert.equal(await runInspect(['--pid', String(closeWait.pid), '--json'], cap.io), 0, cap.err());
    const json = JSON.parse(cap.out());
    assert.equal(Object.keys(json)[0], 'verdict');
    const truth = truthStates(truthSockets(closeWait.pid), json.inspectorPort);
    assert.equal(truth.CLOSE_WAIT, 6);
    assert.equal(json.verdict.ok, false);
    assert.equal(json.verdict.items[0].problem, 'closeWait');
    assert.equal(json.verdict.items[0].rule, 'missing-end-handler');
    assert.equal(json.verdict.items[0].count, truth.CLOSE_WAIT);
    assert.ok(json.closeWaitWithUnreadData > 0);
    assert.equal(
      json.verdict.text,
      `6 sockets in CLOSE_WAIT (the peer closed, this process never ended them, ${json.closeWaitWithUnreadData} with unread data) (missing-end-handler)`,
    );
    // No sites traced: the verdict says how to learn where.
    assert.match(json.verdict.hint, /--trace-sites/);
  });

  it('nothing wrong: "no problem seen", though the HTTP server\'s sockets have no timeout of their own', async () => {
    const s = await Sampler.attach({ pid: clean.pid });
    try {
      const sample = await s.sample();
      const { httpPort } = clean.events.ready;
      const accepted = truthSockets(clean.pid).filter((r) => r.state === 'ESTABLISHED' && r.localPort === httpPort).length;
      assert.equal(accepted, 3);
      // Node's http server leaves server.timeout at 0 and bounds its connections itself.
      assert.equal(sample.sockets.withoutTimeout, accepted);
      assert.equal(sample.sockets.coveredByServer, accepted);
      assert.equal(sample.sockets.withoutErrorListener, 0);
      const v = verdictOf(sample);
      assert.deepEqual([v.ok, v.text, v.items], [true, 'no problem seen', []]);
    } finally {
      await s.detach();
    }
    const cap = captureIo();
    assert.equal(await runInspect(['--pid', String(clean.pid)], cap.io), 0, cap.err());
    assert.equal(cap.out().split('\n')[0], 'verdict no problem seen');
  });

  it('an idle keep-alive pool with no timeout, and queued requests', async () => {
    const s = await Sampler.attach({ pid: pool.pid });
    try {
      const v = verdictOf(await s.sample());
      const free = v.items.find((i) => i.problem === 'agentFreeSockets');
      assert.ok(free, JSON.stringify(v));
      assert.equal(free.count, 5);
      assert.equal(free.rule, 'agent-free-socket-timeout');
      assert.match(
        free.text,
        /^5 idle keep-alive sockets in the pool for http:\/\/127\.0\.0\.1:\d+ \(agent#\d\) with no timeout: the server may close them first \(ECONNRESET on reuse\) \(agent-free-socket-timeout\)$/,
      );
      const queued = v.items.find((i) => i.problem === 'queued');
      assert.equal(queued?.count, 2);
    } finally {
      await s.detach();
    }
  });
});

describe('inspector states: what the terminal says about stale kernel figures and socket ages', function () {
  this.timeout(60000);
  let clean: Target;

  before(async () => {
    clean = await startTarget(path.join(__dirname, 'fixtures/clean-target.js'), ['--clients', '2'], INSPECT_ANY_PORT);
    await clean.waitFor('ready');
  });
  after(async () => {
    await clean?.stop();
  });

  it('kernel figures reused from an earlier /proc pass are marked with the time they were read', async () => {
    // A /proc pass at most once a minute, as for a large process: the second sample reuses the first's.
    const s = await Sampler.attach({ pid: clean.pid }, { procIntervalMs: 60_000 });
    try {
      const first = await s.sample();
      const second = await s.sample();
      assert.equal(first.procT, first.t);
      assert.equal(second.procT, first.t);
      assert.ok(second.t > first.t);
      assert.doesNotMatch(renderSample(first), /kernel figures/);
      const clock = new Date(first.t).toTimeString().slice(0, 8);
      const lines = renderSample(second).split('\n');
      assert.match(lines[1], new RegExp(`^kernel figures below read at ${clock}, \\d+ms before this sample`));
      assert.match(lines[2], /^fds /);
      // No socket was traced: the table's age column is the time since first seen, and says so.
      await s.sockets(0, 50);
      const page = await s.sockets(0, 50);
      assert.ok(page.items.every((r) => r.ageSource === 'firstSeen' && r.ageMs !== null));
      const table = renderSockets(page.items, page.total, page.offset).split('\n');
      assert.match(table[0], /^fd +local +remote +state +rx\/tx +first seen +idle /);
      assert.match(table[table.length - 1], /first seen: time since this session first saw the socket$/);
    } finally {
      await s.detach();
    }
  });
});

describe('inspector: the terminal agrees with the linter (fixtures/http-timeouts.js)', function () {
  this.timeout(60000);
  let target: Target;

  before(async () => {
    target = await startTarget(path.join(__dirname, 'fixtures/http-timeouts.js'), ['--clients', '2'], INSPECT_ANY_PORT);
    await target.waitFor('ready');
  });
  after(async () => {
    await target?.stop();
  });

  it('counts only the sockets nothing bounds as "no timeout", warns only where no bound is left, and says "off" for 0', async () => {
    const cap = captureIo();
    assert.equal(await runInspect(['--pid', String(target.pid)], cap.io), 0, cap.err());
    const lines = cap.out().split('\n');
    const { defaults, unbounded, raw } = target.events.ready;
    assert.equal(lines[0], 'verdict 2 sockets with no timeout (missing-socket-timeout)');
    assert.ok(lines.includes("sockets 12  no timeout 2 (+2 bounded by their HTTP server)  no 'error' listener 0  unref'd 0"), cap.out());
    assert.ok(lines.includes(`  http 127.0.0.1:${defaults}  connections 2  timeout off  keepAlive 5s  headers 60s  request 300s`), cap.out());
    assert.ok(lines.includes(`  http 127.0.0.1:${unbounded}  connections 2  timeout off  keepAlive 5s  headers off  request off`), cap.out());
    assert.ok(lines.includes(`  net 127.0.0.1:${raw}  connections 2`), cap.out());
    // In color, only the unbounded server's timeout and requestTimeout are yellow.
    const colored = captureIo();
    await runInspect(['--pid', String(target.pid)], { ...colored.io, env: { FORCE_COLOR: '1' } });
    const yellow = (line: string) => [...line.matchAll(/\x1b\[33m([^\x1b]*)\x1b\[39m/g)].map((m) => m[1]);
    const serverLine = (port: number) =>
      colored
        .out()
        .split('\n')
        .find((l) => l.includes(`127.0.0.1:${port}`))!;
    assert.deepEqual(yellow(serverLine(defaults)), []);
    assert.deepEqual(yellow(serverLine(unbounded)), ['off', 'off']);
  });
});
