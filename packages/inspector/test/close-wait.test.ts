// The CLOSE_WAIT pile-up demo: the sample against `ss`/`/proc` read independently.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Sampler } from '../src';
import { LIVE, fdCount, INSPECT_ANY_PORT, startTarget, truthSockets, truthStates, type Target } from './helpers';

describe('inspector: CLOSE_WAIT pile-up (examples/live/close-wait.js)', function () {
  this.timeout(30000);
  const CLIENTS = 30;
  let target: Target;
  let sampler: Sampler | undefined;

  before(async () => {
    target = await startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', String(CLIENTS), '--lifetime', '120'], INSPECT_ANY_PORT);
    await target.waitFor('load-done');
    sampler = await Sampler.attach({ pid: target.pid });
  });
  after(async () => {
    await sampler?.detach().catch(() => undefined);
    await target?.stop();
  });

  it('counts CLOSE_WAIT, FIN_WAIT2, fds and unread FINs as the kernel does', async () => {
    const s = await sampler!.sample();
    const rows = truthSockets(target.pid);
    const fds = fdCount(target.pid);
    const truth = truthStates(rows, s.inspectorPort);
    assert.equal(truth.CLOSE_WAIT, CLIENTS);
    assert.equal(s.tcp.CLOSE_WAIT, truth.CLOSE_WAIT);
    assert.equal(s.tcp.FIN_WAIT2, truth.FIN_WAIT2);
    assert.equal(s.tcp.ESTABLISHED ?? 0, truth.ESTABLISHED ?? 0);
    assert.equal(s.fds.open, fds);
    assert.ok(s.fds.limit && s.fds.limit >= fds, 'fd limit read from /proc/<pid>/limits');
    const unread = rows.filter((r) => r.state === 'CLOSE_WAIT' && r.recvQ > 0).length;
    assert.equal(unread, CLIENTS / 2, 'the paused half never read the FIN');
    assert.equal(s.closeWaitWithUnreadData, unread);
  });

  it('counts the server sockets that have no timeout', async () => {
    const s = await sampler!.sample();
    const port = target.events.ready.port;
    // The server never sets a timeout; its clients all do.
    const serverSide = truthSockets(target.pid).filter((r) => r.localPort === port && r.state !== 'LISTEN').length;
    assert.equal(s.sockets.total, truthSockets(target.pid).filter((r) => r.state !== 'LISTEN' && r.localPort !== s.inspectorPort).length);
    assert.equal(s.sockets.withoutTimeout, serverSide);
    assert.equal(s.servers.length, 1);
    assert.equal(s.servers[0].address, `127.0.0.1:${port}`);
    assert.equal(s.servers[0].connections, CLIENTS);
  });

  it('drill-down joins each socket to its kernel row by fd', async () => {
    const page = await sampler!.sockets(0, 500);
    const rows = truthSockets(target.pid);
    assert.equal(page.total, CLIENTS * 2);
    const closeWait = page.items.filter((r) => r.state === 'CLOSE_WAIT');
    assert.equal(closeWait.length, CLIENTS);
    for (const r of closeWait) {
      assert.equal(r.timeout, null);
      assert.equal(r.kind, 'server');
      const remotePort = Number(r.remote!.split(':').pop());
      const k = rows.find((x) => x.state === 'CLOSE_WAIT' && x.remotePort === remotePort)!;
      assert.equal(r.rxQueue, k.recvQ, `rx queue of ${r.remote}`);
    }
    // The paused half shows paused and with unread data; the other half read the FIN.
    assert.equal(closeWait.filter((r) => r.paused && r.rxQueue! > 0).length, CLIENTS / 2);
    const clients = page.items.filter((r) => r.state === 'FIN_WAIT2');
    assert.equal(clients.length, CLIENTS);
    assert.ok(clients.every((r) => r.timeout === 600_000 && r.listeners.error && r.listeners.timeout));
  });
});
