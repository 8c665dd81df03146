// Client sockets and requests against a peer that resets, never answers, or never closes.
import * as assert from 'node:assert/strict';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS, TIMEOUT_MS } from './hooks';
import { neverClosingServer, resettingServer, silentServer } from './peers';
import { connections, eventWithin, exitWithin, run } from './processes';

const ev = (name: string, extra = '') => `console.log(JSON.stringify({ event: '${name}'${extra} }))`;

const errorListener = fixedProgram(
  'missing-error-listener',
  'reset-peer',
  `const net = require('net');
const port = Number(process.argv[2]);
const sock = net.connect(port, '127.0.0.1');
sock.on('connect', () => ${ev('connected')});
sock.write('hello');
`,
);

const requestTimeout = fixedProgram(
  'missing-request-timeout',
  'silent-server',
  `const http = require('http');
const port = Number(process.argv[2]);
const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
  res.resume();
  res.on('end', () => ${ev('response')});
});
req.on('error', (err) => ${ev('request-error', ', message: err.message')});
`,
  { defaultTimeoutMs: TIMEOUT_MS },
);

const socketTimeout = fixedProgram(
  'missing-socket-timeout',
  'silent-server',
  `const net = require('net');
const port = Number(process.argv[2]);
const sock = net.connect(port, '127.0.0.1');
sock.on('error', () => {});
sock.on('connect', () => ${ev('connected')});
sock.on('close', () => ${ev('closed')});
`,
  { defaultTimeoutMs: TIMEOUT_MS },
);

const teardown = fixedProgram(
  'timeout-without-teardown',
  'silent-server',
  `const net = require('net');
const port = Number(process.argv[2]);
const sock = net.connect(port, '127.0.0.1');
sock.setTimeout(${TIMEOUT_MS});
sock.on('error', () => {});
sock.on('connect', () => ${ev('connected')});
sock.on('close', () => ${ev('closed')});
`,
);

const endWithoutDestroy = fixedProgram(
  'end-without-destroy',
  'peer-never-closes',
  `const net = require('net');
const port = Number(process.argv[2]);
const sock = net.connect(port, '127.0.0.1');
sock.on('error', () => {});
sock.setTimeout(${TIMEOUT_MS});
sock.on('timeout', () => {
  ${ev('timed-out')};
  sock.end();
});
sock.on('connect', () => ${ev('connected')});
sock.on('close', () => ${ev('closed')});
`,
);

describe('fixes proven by running them: client sockets and requests', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('missing-error-listener: a peer that resets the connection (RST)', () => {
    it('before: the process dies of the unhandled read ECONNRESET', async () => {
      const peer = await resettingServer();
      const p = await run((await errorListener()).before, [peer.port]);
      const exit = await exitWithin(p, DEADLINE_MS);
      assert.ok(exit !== 'running', 'the process is still running');
      assert.notEqual(exit.code, 0);
      assert.match(p.stderr(), /Unhandled 'error' event|ECONNRESET/);
      assert.match(p.stderr(), /ECONNRESET/);
    });
    it('after: the error is handled, the socket destroyed, the process exits normally', async () => {
      const peer = await resettingServer();
      const p = await run((await errorListener()).after, [peer.port]);
      const exit = await exitWithin(p, DEADLINE_MS);
      assert.deepEqual(exit, { code: 0, signal: null }, p.stderr());
      assert.doesNotMatch(p.stderr(), /Unhandled/);
    });
  });

  describe('missing-request-timeout: a server that never answers', () => {
    it('before: the request is still pending long after the timeout the fix would set', async () => {
      const peer = await silentServer();
      const p = await run((await requestTimeout()).before, [peer.port]);
      assert.equal(await exitWithin(p, HANG_WATCH_MS), 'running');
      assert.equal(p.events['request-error'], undefined);
      assert.equal(p.events.response, undefined);
      assert.equal(connections(p.pid).filter((s) => s.state === 'ESTABLISHED' && s.remotePort === peer.port).length, 1);
    });
    it('after: the request fails with its timeout, the socket is closed and the process exits', async () => {
      const peer = await silentServer();
      const p = await run((await requestTimeout()).after, [peer.port]);
      const failed = await eventWithin(p, 'request-error', DEADLINE_MS);
      assert.ok(failed, `no request error; stderr: ${p.stderr()}`);
      assert.match(failed.message, /timeout/);
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });

  describe('missing-socket-timeout: a server that never answers', () => {
    it('before: the idle socket stays ESTABLISHED long after the timeout', async () => {
      const peer = await silentServer();
      const p = await run((await socketTimeout()).before, [peer.port]);
      assert.ok(await eventWithin(p, 'connected', DEADLINE_MS));
      assert.equal(await exitWithin(p, HANG_WATCH_MS), 'running');
      assert.equal(p.events.closed, undefined);
      assert.equal(connections(p.pid).filter((s) => s.state === 'ESTABLISHED' && s.remotePort === peer.port).length, 1);
    });
    it('after: the idle socket is destroyed and the process exits', async () => {
      const peer = await silentServer();
      const p = await run((await socketTimeout()).after, [peer.port]);
      assert.ok(await eventWithin(p, 'closed', DEADLINE_MS), p.stderr());
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });

  describe('timeout-without-teardown: a server that never answers', () => {
    it("before: 'timeout' fires into nothing, the socket stays ESTABLISHED", async () => {
      const peer = await silentServer();
      const p = await run((await teardown()).before, [peer.port]);
      assert.ok(await eventWithin(p, 'connected', DEADLINE_MS));
      assert.equal(await exitWithin(p, HANG_WATCH_MS), 'running');
      assert.equal(p.events.closed, undefined);
      assert.equal(connections(p.pid).filter((s) => s.state === 'ESTABLISHED' && s.remotePort === peer.port).length, 1);
    });
    it("after: the 'timeout' listener destroys the socket and the process exits", async () => {
      const peer = await silentServer();
      const p = await run((await teardown()).after, [peer.port]);
      assert.ok(await eventWithin(p, 'closed', DEADLINE_MS), p.stderr());
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });

  describe('end-without-destroy: a peer that never sends its FIN', () => {
    it('before: end() on timeout leaves the socket half-closed (FIN_WAIT2), never closed', async () => {
      const peer = await neverClosingServer();
      const p = await run((await endWithoutDestroy()).before, [peer.port]);
      assert.ok(await eventWithin(p, 'timed-out', DEADLINE_MS));
      assert.equal(await exitWithin(p, HANG_WATCH_MS), 'running');
      assert.equal(p.events.closed, undefined);
      assert.deepEqual(
        connections(p.pid)
          .filter((s) => s.remotePort === peer.port)
          .map((s) => s.state),
        ['FIN_WAIT2'],
      );
    });
    it('after: destroy() on timeout closes the socket and the process exits', async () => {
      const peer = await neverClosingServer();
      const p = await run((await endWithoutDestroy()).after, [peer.port]);
      assert.ok(await eventWithin(p, 'closed', DEADLINE_MS), p.stderr());
      assert.deepEqual(await exitWithin(p, DEADLINE_MS), { code: 0, signal: null });
    });
  });
});
