// A keep-alive agent against an upstream whose keep-alive timeout closes idle connections.
import * as assert from 'node:assert/strict';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS } from './hooks';
import { tcpPeer } from './peers';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventWithin, exitWithin, run } from './processes';

const UPSTREAM_KEEPALIVE_MS = 1300;
/** The program reuses its agent's connection after this long idle: past the upstream's keep-alive. */
const IDLE_BEFORE_SECOND_MS = 1500;

const agent = fixedProgram(
  'agent-free-socket-timeout',
  'upstream-keepalive-expired',
  `const http = require('http');
const port = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true });
const log = (event, extra) => console.log(JSON.stringify({ event, ...extra }));
function get(name, then) {
  const req = http.get({ host: '127.0.0.1', port, path: '/' + name, agent }, (res) => {
    res.resume();
    res.on('end', () => {
      log(name, { status: res.statusCode });
      if (then) then();
    });
  });
  req.on('error', (err) => log(name + '-error', { message: err.message }));
}
get('first', () => setTimeout(() => get('second', () => agent.destroy()), ${IDLE_BEFORE_SECOND_MS}));
`,
  { upstreamKeepAliveMs: UPSTREAM_KEEPALIVE_MS },
);

const REQUESTS = 15;

const pooledListeners = fixedProgram(
  'listener-leak-on-pooled-socket',
  'sequential-requests',
  `const http = require('http');
const port = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const sockets = new Set();
function get(i) {
  const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (i < ${REQUESTS}) return get(i + 1);
      console.log(JSON.stringify({ event: 'done', sockets: sockets.size }));
      agent.destroy();
    });
  });
  req.on('error', (err) => console.log(JSON.stringify({ event: 'error', message: err.message })));
  req.on('socket', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {});
  });
}
get(1);
`,
);

const streamingUpload = fixedProgram(
  'streaming-request-agent-timeout',
  'body-paused-between-chunks',
  `const http = require('http');
const port = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, timeout: 300 });
const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', agent }, (res) => {
  res.resume();
  res.on('end', () => {
    console.log(JSON.stringify({ event: 'response', status: res.statusCode }));
    agent.destroy();
  });
});
req.on('timeout', () => req.destroy(new Error('request timeout')));
req.on('error', (err) => console.log(JSON.stringify({ event: 'upload-error', message: err.message })));
let sent = 0;
const tick = setInterval(() => {
  req.write('chunk');
  if (++sent === 3) {
    clearInterval(tick);
    req.end();
  }
}, 500);
`,
);

/** An HTTP server that reads a whole upload and answers with the number of bytes it got. */
async function uploadServer(): Promise<{ port: number; received: number[]; close: () => void }> {
  const received: number[] = [];
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      received.push(bytes);
      res.end(String(bytes));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  openServers.add(server);
  return { port: (server.address() as AddressInfo).port, received, close: () => server.close() };
}
const openServers = new Set<http.Server>();
function closeUploadServers(): void {
  for (const s of openServers) {
    s.closeAllConnections();
    s.close();
  }
  openServers.clear();
}

/** A keep-alive HTTP upstream answering every request on the same connection. */
const keepAliveServer = () =>
  tcpPeer((s) =>
    s.on('data', (chunk: Buffer) => {
      for (let i = 0; i < (chunk.toString().match(/\r\n\r\n/g) ?? []).length; i++)
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
    }),
  );

/**
 * A keep-alive HTTP upstream that has given up a connection idle for longer than its keep-alive
 * timeout. Its close and the client's next request cross on the wire (the race behind
 * ECONNRESET / "socket hang up" on reuse); on loopback that window is microseconds, so this peer
 * makes it certain: a request arriving on a connection idle past the timeout is answered with RST.
 */
async function keepAliveUpstream() {
  let connectionsSeen = 0;
  const peer = await tcpPeer((s) => {
    connectionsSeen++;
    let lastActive = Date.now();
    s.on('data', () => {
      if (Date.now() - lastActive > UPSTREAM_KEEPALIVE_MS) {
        s.resetAndDestroy();
        return;
      }
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      lastActive = Date.now();
    });
  });
  return { peer, connections: () => connectionsSeen };
}

describe('fixes proven by running them: agents', function () {
  this.timeout(30000);
  cleanUpAfterEach();
  afterEach(closeUploadServers);

  describe('streaming-request-agent-timeout: an upload that pauses 500 ms between chunks', () => {
    it("before: the agent's 300 ms socket timeout kills the upload between chunks", async () => {
      const upstream = await uploadServer();
      const p = await run((await streamingUpload()).before, [upstream.port]);
      const failed = await eventWithin(p, 'upload-error', DEADLINE_MS);
      assert.match(failed?.message ?? '', /request timeout/);
      assert.equal(p.events.response, undefined);
      assert.deepEqual(upstream.received, []);
    });
    it('after: the upload completes and is answered', async () => {
      const upstream = await uploadServer();
      const p = await run((await streamingUpload()).after, [upstream.port]);
      assert.equal((await eventWithin(p, 'response', DEADLINE_MS))?.status, 200, p.stderr());
      assert.equal(p.events['upload-error'], undefined);
      assert.deepEqual(upstream.received, [15]);
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });

  describe('listener-leak-on-pooled-socket: sequential requests through one pooled keep-alive socket', () => {
    it("before: every request adds a 'close' listener to the same socket: MaxListenersExceededWarning", async () => {
      const upstream = await keepAliveServer();
      const p = await run((await pooledListeners()).before, [upstream.port]);
      const done = await eventWithin(p, 'done', DEADLINE_MS);
      assert.equal(done?.sockets, 1, 'all requests used one pooled socket');
      assert.match(p.stderr(), /MaxListenersExceededWarning: Possible EventEmitter memory leak detected\. 11 close listeners/);
    });
    it('after: each listener is removed when its request ends: no warning, same single socket', async () => {
      const upstream = await keepAliveServer();
      const p = await run((await pooledListeners()).after, [upstream.port]);
      const done = await eventWithin(p, 'done', DEADLINE_MS);
      assert.equal(done?.sockets, 1, 'all requests used one pooled socket');
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
      assert.doesNotMatch(p.stderr(), /MaxListenersExceededWarning/);
    });
  });

  describe("agent-free-socket-timeout: reusing a pooled socket after the upstream's keep-alive timeout", () => {
    it('before: the agent hands the second request the dead connection: it fails with a reset', async () => {
      const upstream = await keepAliveUpstream();
      const p = await run((await agent()).before, [upstream.peer.port]);
      assert.equal((await eventWithin(p, 'first', DEADLINE_MS))?.status, 200);
      const failed = await eventWithin(p, 'second-error', IDLE_BEFORE_SECOND_MS + DEADLINE_MS);
      assert.ok(failed, `second request did not fail; stdout events: ${JSON.stringify(p.events)}`);
      assert.match(failed.message, /ECONNRESET|socket hang up/);
      assert.equal(upstream.connections(), 1);
    });
    it('after: the agent dropped the idle socket first: the second request gets a new connection and an answer', async () => {
      const upstream = await keepAliveUpstream();
      const p = await run((await agent()).after, [upstream.peer.port]);
      assert.equal((await eventWithin(p, 'first', DEADLINE_MS))?.status, 200);
      assert.equal((await eventWithin(p, 'second', IDLE_BEFORE_SECOND_MS + DEADLINE_MS))?.status, 200, p.stderr());
      assert.equal(p.events['second-error'], undefined);
      assert.equal(upstream.connections(), 2);
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });
});
