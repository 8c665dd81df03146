// Servers against a half-closing client, a malformed request, a slow reader, and a proxy that
// reuses an idle keep-alive connection.
import * as assert from 'node:assert/strict';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS } from './hooks';
import { connectClient } from './peers';
import { connections, eventWithin, fdCount, pollUntil, rssBytes, run, sleep } from './processes';

const LISTEN = `server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: server.address().port })));\n`;
const BIG = 32 * 1024 * 1024;
const PROXY_IDLE_MS = 2500;
/** When the proxy reuses the idle connection: within its idle timeout, after the server closed it. */
const REUSE_AFTER_MS = 2000;

const destroyWithoutEnd = fixedProgram(
  'destroy-without-end',
  'slow-reader',
  `const net = require('net');
const server = net.createServer((sock) => {
  sock.on('error', () => {});
  sock.write(Buffer.alloc(${BIG}, 120));
  sock.destroy();
});
${LISTEN}`,
);

const destroyAfterEnd = fixedProgram(
  'destroy-without-end',
  'slow-reader-after-end',
  `const net = require('net');
const server = net.createServer((sock) => {
  sock.on('error', () => {});
  sock.write(Buffer.alloc(${BIG}, 120));
  sock.end();
  sock.destroy();
});
${LISTEN}`,
);

const endHandler = fixedProgram(
  'missing-end-handler',
  'half-closing-client',
  `const net = require('net');
const server = net.createServer({ allowHalfOpen: true }, (sock) => {
  sock.on('error', () => {});
  sock.on('data', () => {});
  sock.on('end', () => {
    console.log(JSON.stringify({ event: 'peer-ended' }));
  });
});
${LISTEN}`,
);

const clientError = fixedProgram(
  'clienterror-handler-must-close',
  'malformed-request',
  `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  console.log(JSON.stringify({ event: 'client-error', code: err.code }));
});
${LISTEN}`,
);

// The proxy's idle timeout is 2500 ms; the server's keepAliveTimeout is 100 ms. Node (20.x here)
// closes an idle keep-alive connection 1 s after keepAliveTimeout, so at about 1100 ms.
const keepAlive = fixedProgram(
  'server-keepalive-below-proxy',
  'proxy-reuses-idle-connection',
  `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.keepAliveTimeout = 100;
${LISTEN}`,
  { proxyIdleTimeoutMs: PROXY_IDLE_MS },
);

const backpressure = fixedProgram(
  'write-ignores-backpressure',
  'slow-reader',
  `const net = require('net');
const fs = require('fs');
const server = net.createServer((sock) => {
  sock.on('error', () => {});
  const src = fs.createReadStream('/dev/zero', { end: ${2 * BIG} - 1 });
  src.on('data', (chunk) => {
    sock.write(chunk);
  });
  src.on('end', () => console.log(JSON.stringify({ event: 'source-read' })));
});
${LISTEN}`,
);

const GET = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
const responsesIn = (text: string) => (text.match(/HTTP\/1\.1 200 OK/g) ?? []).length;

// The client reads nothing for a while, so most of the 32 MB is still queued in the server
// when it closes; then it reads everything it is sent.
async function receiveSlowly(file: string) {
  const p = await run(file);
  const { port } = await p.waitFor('listening');
  const client = await connectClient(port);
  client.socket.pause();
  await sleep(300);
  client.socket.resume();
  await pollUntil(() => client.closed(), Boolean, DEADLINE_MS);
  return client;
}

describe('fixes proven by running them: servers', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('destroy-without-end: a client that reads slowly', () => {
    it('before: destroy() throws away the queued data: the client gets only part of it', async () => {
      const client = await receiveSlowly((await destroyWithoutEnd()).before);
      assert.ok(client.closed());
      assert.ok(client.received().length < BIG, `received ${client.received().length} of ${BIG}`);
    });
    it('after: end() sends all of it and closes with FIN', async () => {
      const client = await receiveSlowly((await destroyWithoutEnd()).after);
      assert.ok(client.closed());
      assert.equal(client.received().length, BIG);
      assert.ok(client.ended());
      assert.equal(client.error(), undefined);
    });
  });

  describe('destroy-without-end: destroy() right after write() and end(), a client that reads slowly', () => {
    it('before: the destroy throws away what end() was about to flush', async () => {
      const client = await receiveSlowly((await destroyAfterEnd()).before);
      assert.ok(client.closed());
      assert.ok(client.received().length < BIG, `received ${client.received().length} of ${BIG}`);
    });
    it('after (the destroy removed): all of it arrives, closed with FIN', async () => {
      const client = await receiveSlowly((await destroyAfterEnd()).after);
      assert.ok(client.closed());
      assert.equal(client.received().length, BIG);
      assert.ok(client.ended());
      assert.equal(client.error(), undefined);
    });
  });

  describe('missing-end-handler: a client that half-closes (end()) and keeps reading', () => {
    async function halfClose(file: string) {
      const p = await run(file);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const client = await connectClient(port, { allowHalfOpen: true });
      client.socket.end('request');
      assert.ok(await eventWithin(p, 'peer-ended', DEADLINE_MS), p.stderr());
      return { p, client, baseline };
    }
    it('before: the server never ends its side: its socket sits in CLOSE_WAIT and the client never gets end', async () => {
      const { p, client, baseline } = await halfClose((await endHandler()).before);
      await sleep(HANG_WATCH_MS);
      assert.deepEqual(
        connections(p.pid).map((s) => s.state),
        ['CLOSE_WAIT'],
      );
      assert.equal(fdCount(p.pid), baseline + 1);
      assert.equal(client.ended(), false);
    });
    it('after: the server ends its side: the client gets end, the descriptor is released', async () => {
      const { p, client, baseline } = await halfClose((await endHandler()).after);
      assert.ok(await pollUntil(() => client.ended(), Boolean, DEADLINE_MS), 'client got end');
      assert.equal(
        await pollUntil(
          () => fdCount(p.pid),
          (n) => n === baseline,
          DEADLINE_MS,
        ),
        baseline,
      );
      assert.deepEqual(connections(p.pid), []);
    });
  });

  describe('clienterror-handler-must-close: a client that sends a malformed request', () => {
    async function malformed(file: string) {
      const p = await run(file);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const client = await connectClient(port);
      client.socket.write('NOT HTTP AT ALL\r\n\r\n');
      assert.ok(await eventWithin(p, 'client-error', DEADLINE_MS), p.stderr());
      return { p, client, baseline };
    }
    it('before: the listener leaves the connection open: no answer, the descriptor stays', async () => {
      const { p, client, baseline } = await malformed((await clientError()).before);
      await sleep(HANG_WATCH_MS);
      assert.equal(client.closed(), false);
      assert.equal(client.received().length, 0);
      assert.equal(fdCount(p.pid), baseline + 1);
    });
    it('after: the client gets 400 and the connection is closed', async () => {
      const { p, client, baseline } = await malformed((await clientError()).after);
      assert.ok(await pollUntil(() => client.closed(), Boolean, DEADLINE_MS), 'connection closed');
      assert.match(client.received().toString(), /^HTTP\/1\.1 400/);
      assert.equal(
        await pollUntil(
          () => fdCount(p.pid),
          (n) => n === baseline,
          DEADLINE_MS,
        ),
        baseline,
      );
    });
  });

  describe('server-keepalive-below-proxy: a proxy reusing a connection idle for less than its own idle timeout', () => {
    // Like a proxy's upstream pool: the connection is reused after 2000 ms idle (< 2500 ms), without
    // waiting to learn whether the server closed it meanwhile.
    async function reuse(file: string) {
      const p = await run(file);
      const { port } = await p.waitFor('listening');
      const client = await connectClient(port);
      client.socket.write(GET);
      assert.equal(
        await pollUntil(
          () => responsesIn(client.received().toString()),
          (n) => n === 1,
          DEADLINE_MS,
        ),
        1,
      );
      await sleep(REUSE_AFTER_MS);
      if (!client.socket.destroyed) client.socket.write(GET);
      await pollUntil(() => client.closed() || responsesIn(client.received().toString()) === 2, Boolean, DEADLINE_MS);
      return client;
    }
    it('before: the server closed the idle connection first: the reused request gets no response', async () => {
      const client = await reuse((await keepAlive()).before);
      assert.ok(client.closed());
      assert.equal(responsesIn(client.received().toString()), 1);
    });
    it("after: the connection outlives the proxy's idle timeout: the reused request is answered", async () => {
      const client = await reuse((await keepAlive()).after);
      assert.equal(responsesIn(client.received().toString()), 2);
      assert.equal(client.error(), undefined);
    });
  });

  describe('write-ignores-backpressure: a client that does not read', () => {
    async function stalled(file: string) {
      const p = await run(file);
      const { port } = await p.waitFor('listening');
      const baseline = rssBytes(p.pid);
      const client = await connectClient(port);
      client.socket.pause();
      return { p, baseline };
    }
    it('before: the whole 64 MB source is read and buffered in the server', async () => {
      const { p, baseline } = await stalled((await backpressure()).before);
      assert.ok(await eventWithin(p, 'source-read', DEADLINE_MS), 'the source was read to its end');
      const grown = rssBytes(p.pid) - baseline;
      assert.ok(grown > BIG, `resident memory grew by ${grown} bytes`);
    });
    it('after: the source is paused: it is not read to its end and memory stays bounded', async () => {
      const { p, baseline } = await stalled((await backpressure()).after);
      assert.equal(await eventWithin(p, 'source-read', HANG_WATCH_MS), undefined);
      const grown = rssBytes(p.pid) - baseline;
      assert.ok(grown < BIG / 4, `resident memory grew by ${grown} bytes`);
    });
  });
});
