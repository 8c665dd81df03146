// Incident 3's relay, live: ESTABLISHED sockets with no timeout and no 'error' listener, counted
// against `ss`, and grouped under the line that creates them when sites are traced.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runInspect } from '../../../server/src/cli/inspect';
import { Sampler } from '../src';
import { LIVE, captureIo, fdCount, sleep, INSPECT_ANY_PORT, startTarget, truthSockets, truthStates, type Target } from './helpers';

const RELAY = path.join(LIVE, 'leaky-relay.js');
/** The line of the relay's `net.connect` (marked in the demo), found by reading the file. */
const UPSTREAM_LINE =
  fs
    .readFileSync(RELAY, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('// relay: upstream connection')) + 1;

describe('inspector: leaking relay (examples/live/leaky-relay.js)', function () {
  this.timeout(40000);
  const CONNECTIONS = 60;
  const LEAK_EVERY = 3;
  let target: Target;
  let sampler: Sampler | undefined;
  let relayPort: number;
  let backendPort: number;
  const ours: net.Socket[] = [];

  before(async () => {
    target = await startTarget(
      RELAY,
      ['--connections', String(CONNECTIONS), '--leak-every', String(LEAK_EVERY), '--rate', '200', '--lifetime', '120'],
      INSPECT_ANY_PORT,
    );
    await target.waitFor('load-done', 30000);
    ({ relayPort, backendPort } = target.events.ready);
    sampler = await Sampler.attach({ pid: target.pid }, { traceSites: true });
  });
  after(async () => {
    for (const s of ours) s.destroy();
    await sampler?.detach().catch(() => undefined);
    await target?.stop();
  });

  it('counts the leaked ESTABLISHED sockets and fds as the kernel does', async () => {
    const s = await sampler!.sample();
    const rows = truthSockets(target.pid);
    const truth = truthStates(rows, s.inspectorPort);
    const leaked = CONNECTIONS / LEAK_EVERY;
    // Each abandoned client holds four sockets in this one process: client, relay x2, backend.
    assert.equal(truth.ESTABLISHED, 4 * leaked);
    assert.equal(s.tcp.ESTABLISHED, truth.ESTABLISHED);
    assert.equal(s.tcp.CLOSE_WAIT ?? 0, truth.CLOSE_WAIT ?? 0);
    assert.equal(s.fds.open, fdCount(target.pid));
    assert.equal(s.sockets.total, truth.ESTABLISHED);
  });

  it("counts the relay's sockets: no timeout, no 'error' listener", async () => {
    const s = await sampler!.sample();
    const rows = truthSockets(target.pid).filter((r) => r.state === 'ESTABLISHED');
    // The relay's two sockets per client: accepted on relayPort, and its upstream to backendPort.
    const relaySockets = rows.filter((r) => r.localPort === relayPort || r.remotePort === backendPort).length;
    assert.equal(relaySockets, 2 * (CONNECTIONS / LEAK_EVERY));
    assert.equal(s.sockets.withoutTimeout, relaySockets);
    assert.equal(s.sockets.withoutErrorListener, relaySockets);
    assert.ok(s.tcpTimers.off! >= relaySockets, 'no kernel timer either: no keep-alive');
  });

  it('groups sockets created while tracing under the line that creates them', async () => {
    // New clients through the relay, left open like the leaked ones.
    for (let i = 0; i < 4; i++) {
      const c = net.connect(relayPort, '127.0.0.1');
      c.on('error', () => {});
      ours.push(c);
      await new Promise<void>((resolve) => {
        c.once('data', () => resolve());
        c.write('hello\n');
      });
    }
    await sleep(50);
    const s = await sampler!.sample();
    const upstream = s.sites!.find((g) => g.file === RELAY && g.line === UPSTREAM_LINE);
    assert.ok(upstream, `a site at ${RELAY}:${UPSTREAM_LINE}; got ${JSON.stringify(s.sites)}`);
    assert.equal(upstream.kind, 'client');
    assert.equal(upstream.live, 4);
    assert.equal(upstream.created, 4);
    assert.equal(upstream.functionName, null, 'created in the anonymous connection listener');
    const accepted = s.sites!.find((g) => g.site === `accepted by 127.0.0.1:${relayPort}`);
    assert.equal(accepted?.live, 4);
    // The drill-down carries the site per socket.
    const page = await sampler!.sockets(0, 1000);
    assert.equal(page.items.filter((r) => r.site === `${RELAY}:${UPSTREAM_LINE}:${upstream.column}`).length, 4);
    assert.ok(page.items.filter((r) => r.site?.startsWith(`${RELAY}:${UPSTREAM_LINE}:`)).every((r) => r.ageSource === 'created'));
  });

  it('socklint inspect --trace-sites --json: the same grouping from the CLI', async () => {
    const cap = captureIo();
    const port = sampler!.info.port;
    const run = runInspect(['--port', String(port), '--trace-sites', '--trace-ms', '2500', '--json'], cap.io);
    // Once the CLI is connected (a second client on the inspector port) and has had time to
    // switch tracing on, clients connect while it records.
    const clients = () => truthSockets(target.pid).filter((r) => r.localPort === port && r.state === 'ESTABLISHED').length;
    for (let i = 0; i < 100 && clients() < 2; i++) await sleep(30);
    await sleep(500);
    const opened: net.Socket[] = [];
    for (let i = 0; i < 2; i++) {
      const c = net.connect(relayPort, '127.0.0.1');
      c.on('error', () => {});
      opened.push(c);
      ours.push(c);
      await new Promise<void>((resolve) => {
        c.once('data', () => resolve());
        c.write('hi\n');
      });
    }
    assert.equal(await run, 0, cap.err());
    const sample = JSON.parse(cap.out());
    const upstream = sample.sites.find((g: any) => g.file === RELAY && g.line === UPSTREAM_LINE);
    assert.ok(upstream, cap.out());
    // This session's own tracing started after the earlier sockets, so it counts only the two new ones.
    assert.equal(upstream.created, 2);
    assert.equal(upstream.live, 2);
    // The CLI's detach removed only its own state: this session still traces, and saw all six.
    const after = await sampler!.sample();
    const mine = after.sites!.find((g) => g.file === RELAY && g.line === UPSTREAM_LINE)!;
    assert.equal(mine.created, 6);
    assert.equal(mine.live, 6);
    assert.equal(sampler!.closed, false);
  });
});
