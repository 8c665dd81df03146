// The /proc reader against sockets of this very process (IPv4, IPv6, v4-mapped), checked with ss.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { formatEndpoint, procSnapshot, readFdTable, readTcpTable } from '../src/procfs';
import { fdCount, truthSockets } from './helpers';

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer((s) => s.on('error', () => {}));
    srv.once('error', reject);
    srv.listen(0, host, () => resolve(srv));
  });
}

describe('inspector: /proc reader', () => {
  const servers: net.Server[] = [];
  const clients: net.Socket[] = [];
  after(() => {
    for (const c of clients) c.destroy();
    for (const s of servers) s.close();
  });

  it('parses IPv4, IPv6 and v4-mapped endpoints of our own sockets', async () => {
    const v4 = await listen('127.0.0.1');
    const v6 = await listen('::1');
    const dual = await listen('::');
    servers.push(v4, v6, dual);
    const connect = (port: number, host: string) =>
      new Promise<void>((resolve) => {
        const c = net.connect(port, host, () => resolve());
        c.on('error', () => {});
        clients.push(c);
      });
    await connect((v4.address() as net.AddressInfo).port, '127.0.0.1');
    await connect((v6.address() as net.AddressInfo).port, '::1');
    await connect((dual.address() as net.AddressInfo).port, '127.0.0.1');

    const table = readFdTable(process.pid);
    const rows = readTcpTable(process.pid, table.socketFds);
    const listening = rows.filter((r) => r.state === 'LISTEN').map((r) => formatEndpoint(r.local));
    assert.ok(listening.includes(`127.0.0.1:${(v4.address() as net.AddressInfo).port}`));
    assert.ok(listening.includes(`[::1]:${(v6.address() as net.AddressInfo).port}`));
    assert.ok(listening.includes(`[::]:${(dual.address() as net.AddressInfo).port}`));
    const mapped = rows.find((r) => r.state === 'ESTABLISHED' && r.local.port === (dual.address() as net.AddressInfo).port);
    assert.equal(mapped?.local.address, '::ffff:127.0.0.1');
    assert.equal(mapped?.family, 6);

    // The same histogram and fd count as ss and readdir give.
    const snap = procSnapshot(process.pid);
    const truth: Record<string, number> = {};
    for (const r of truthSockets(process.pid)) truth[r.state] = (truth[r.state] ?? 0) + 1;
    assert.deepEqual(snap.tcp, truth);
    assert.equal(snap.fds.open, fdCount(process.pid) - 1, 'readdir of /proc/self/fd counts its own directory fd');
  });
});
