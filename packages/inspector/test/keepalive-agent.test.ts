// The keep-alive agents demo: pooled sockets are unref'd (invisible to _getActiveHandles) and
// must still be counted; agent pools per origin; the server's effective timeouts.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { Sampler } from '../src';
import { LIVE, fdCount, INSPECT_ANY_PORT, startTarget, truthSockets, truthStates, type Target } from './helpers';

describe('inspector: keep-alive agents (examples/live/keepalive-agent.js)', function () {
  this.timeout(30000);
  const FREE = 5;
  const SLOW = 4;
  const QUEUED = 2;
  let target: Target;
  let sampler: Sampler | undefined;
  let port: number;

  before(async () => {
    target = await startTarget(
      path.join(LIVE, 'keepalive-agent.js'),
      ['--free', String(FREE), '--slow', String(SLOW), '--queued', String(QUEUED), '--lifetime', '120'],
      INSPECT_ANY_PORT,
    );
    await target.waitFor('load-done');
    port = target.events.ready.port;
    sampler = await Sampler.attach({ pid: target.pid });
  });
  after(async () => {
    await sampler?.detach().catch(() => undefined);
    await target?.stop();
  });

  it('counts ESTABLISHED sockets and fds as the kernel does, pooled ones included', async () => {
    const s = await sampler!.sample();
    const rows = truthSockets(target.pid);
    const truth = truthStates(rows, s.inspectorPort);
    assert.equal(truth.ESTABLISHED, 2 * (FREE + SLOW));
    assert.equal(s.tcp.ESTABLISHED, truth.ESTABLISHED);
    assert.equal(s.fds.open, fdCount(target.pid));
    // Every ESTABLISHED socket has a JS object; the pooled ones are unref'd.
    assert.equal(s.sockets.total, truth.ESTABLISHED);
    assert.equal(s.sockets.unrefd, FREE);
    assert.equal(s.resources.TCPSocketWrap, truth.ESTABLISHED - FREE, 'getActiveResourcesInfo() misses the pooled sockets');
  });

  it('reports the client sockets without a timeout', async () => {
    const s = await sampler!.sample();
    // Client side (to the server's port): neither agent nor request sets a timeout. Server side: all do.
    const clientSide = truthSockets(target.pid).filter((r) => r.remotePort === port && r.state === 'ESTABLISHED').length;
    assert.equal(clientSide, FREE + SLOW);
    assert.equal(s.sockets.withoutTimeout, clientSide);
  });

  it('shows each agent pool per origin: active, free, queued', async () => {
    const s = await sampler!.sample();
    const origin = `http://127.0.0.1:${port}`;
    const pools = s.agents.filter((a) => a.origin === origin);
    const free = pools.find((a) => a.free > 0)!;
    const busy = pools.find((a) => a.active > 0)!;
    assert.deepEqual([free.active, free.free, free.queued, free.keepAlive, free.timeout], [0, FREE, 0, true, null]);
    assert.deepEqual([busy.active, busy.free, busy.queued, busy.maxSockets], [SLOW, 0, QUEUED, SLOW]);
    assert.notEqual(free.agent, busy.agent);
  });

  it("shows the server's effective timeouts", async () => {
    const s = await sampler!.sample();
    const srv = s.servers.find((v) => v.address === `127.0.0.1:${port}`)!;
    // The same Node binary's defaults, read here independently.
    const ref = http.createServer();
    assert.equal(srv.kind, 'http');
    assert.equal(srv.keepAliveTimeout, 600_000);
    assert.equal(srv.timeout, ref.timeout);
    assert.equal(srv.headersTimeout, ref.headersTimeout);
    assert.equal(srv.requestTimeout, ref.requestTimeout);
    assert.equal(srv.connections, FREE + SLOW);
  });

  it("tier C: the libuv walk sees the unref'd pooled sockets", async () => {
    const s = await sampler!.sample();
    assert.ok(s.libuv, 'process.report summary taken on the first sample');
    assert.equal(s.libuv!.tcpUnrefd, FREE);
  });

  it('drill-down names the owning agent and pool state of each client socket', async () => {
    const page = await sampler!.sockets(0, 100);
    const origin = `http://127.0.0.1:${port}`;
    assert.equal(page.items.filter((r) => r.owner?.startsWith(origin) && r.owner.endsWith('free)')).length, FREE);
    assert.equal(page.items.filter((r) => r.owner?.startsWith(origin) && r.owner.endsWith('active)')).length, SLOW);
    assert.equal(page.items.filter((r) => r.request === 'GET /slow').length, SLOW);
    assert.equal(page.items.filter((r) => r.refd === false).length, FREE);
  });

  it('drill-down: pooled sockets idle at least since the load ended; keep-alive from the socket', async () => {
    const page = await sampler!.sockets(0, 100);
    const free = page.items.filter((r) => r.owner?.endsWith('free)'));
    const quietFor = Date.now() - target.events['load-done'].receivedAt;
    assert.equal(free.length, FREE);
    for (const r of free) {
      assert.ok(r.idleMs !== null && r.idleMs >= quietFor, `idle ${r.idleMs} ms >= ${quietFor} ms`);
      assert.equal(r.keepAlive, true, 'agents with keepAlive set SO_KEEPALIVE');
      assert.equal(r.kernelTimer, 'keepalive');
      assert.equal(r.timeout, null);
    }
    // Age is unknown on first sight (no creation tracing), then counts from then on.
    assert.ok(page.items.every((r) => r.ageSource !== 'created'));
    const again = await sampler!.sockets(0, 100);
    assert.ok(again.items.every((r) => r.ageSource === 'firstSeen' && r.ageMs !== null && r.ageMs >= 0));
  });
});
