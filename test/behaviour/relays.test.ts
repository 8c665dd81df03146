// A TCP relay against an upstream that resets, and an HTTP gateway whose client aborts mid-response.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS, TIMEOUT_MS } from './hooks';
import { connectClient, resettingServer, tcpPeer } from './peers';
import { connections, exitWithin, fdCount, pollUntil, run, sleep } from './processes';

const LISTEN = `server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: server.address().port })));\n`;

const RELAY = `const net = require('net');
const upstreamPort = Number(process.argv[2]);
const server = net.createServer((client) => {
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  client.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => client.write(chunk));
});
${LISTEN}`;
const relay = fixedProgram('incomplete-socket-relay', 'upstream-resets', RELAY, { idleTimeoutMs: TIMEOUT_MS });
const relayPipeline = fixedProgram('incomplete-socket-relay', 'upstream-resets-pipeline', RELAY, { idleTimeoutMs: TIMEOUT_MS }, /pipeline/);

/** The relay with incident 3's 'close' handlers: each side destroys the other when it closes. */
const RELAY_WITH_CLOSE = RELAY.replace(
  "  upstream.on('data', (chunk) => client.write(chunk));\n",
  "  upstream.on('data', (chunk) => client.write(chunk));\n  client.on('close', () => upstream.destroy());\n  upstream.on('close', () => client.destroy());\n",
);
const relayWithClosePipeline = fixedProgram(
  'incomplete-socket-relay',
  'upstream-resets-close-handlers-pipeline',
  RELAY_WITH_CLOSE,
  { idleTimeoutMs: TIMEOUT_MS },
  /pipeline/,
);

const GATEWAY = `const http = require('http');
const upstreamPort = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  http.get({ host: '127.0.0.1', port: upstreamPort, path: req.url }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  }).on('error', () => res.destroy());
});
${LISTEN}`;
const gateway = fixedProgram('prefer-pipeline', 'client-aborts-mid-response', GATEWAY);
const gatewayPipeline = fixedProgram('prefer-pipeline', 'client-aborts-mid-response-pipeline', GATEWAY, {}, /pipeline/);

/** An upstream that sends a response's head and first chunk, then streams nothing more, forever. */
const endlessResponse = () =>
  tcpPeer((s) => s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n')));

describe('fixes proven by running them: relays', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('incomplete-socket-relay: an upstream that resets (RST) the relayed connection', () => {
    async function relayTo(file: string) {
      const upstream = await resettingServer();
      const p = await run(file, [upstream.port]);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const client = await connectClient(port);
      client.socket.write('hello');
      return { p, client, baseline };
    }
    it('before: the reset kills the relay process (unhandled read ECONNRESET)', async () => {
      const { p } = await relayTo((await relay()).before);
      const exit = await exitWithin(p, DEADLINE_MS);
      assert.ok(exit !== 'running', 'the process is still running');
      assert.notEqual(exit.code, 0);
      assert.match(p.stderr(), /ECONNRESET/);
    });
    for (const [how, program] of [
      ['--fix', relay],
      ["the quick fix 'Rewrite the relay with stream.pipeline'", relayPipeline],
      ["the pipeline quick fix on a relay with 'close' handlers", relayWithClosePipeline],
    ] as const) {
      it(`after ${how}: the relay lives on, tears down the client's side, and releases both descriptors`, async () => {
        const { p, client, baseline } = await relayTo((await program()).after);
        assert.ok(await pollUntil(() => client.closed(), Boolean, DEADLINE_MS), 'the client connection was closed');
        assert.equal(
          await pollUntil(
            () => fdCount(p.pid),
            (n) => n === baseline,
            DEADLINE_MS,
          ),
          baseline,
        );
        assert.deepEqual(connections(p.pid), []);
        assert.equal(await exitWithin(p, 100), 'running');
      });
    }
    it("the pipeline quick fix leaves no 'close' handler doing the pipeline's teardown a second time", async () => {
      const { beforeText, afterText } = await relayWithClosePipeline();
      assert.match(beforeText, /client\.on\('close', \(\) => upstream\.destroy\(\)\);\n {2}upstream\.on\('close', \(\) => client\.destroy\(\)\);/);
      assert.equal(
        afterText,
        `const net = require('net');
const { pipeline } = require('node:stream');
const upstreamPort = Number(process.argv[2]);
const server = net.createServer((client) => {
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
${LISTEN}`,
      );
    });
  });

  describe('prefer-pipeline: a client that aborts in the middle of a streamed response', () => {
    async function abortMidResponse(file: string) {
      const upstream = await endlessResponse();
      const p = await run(file, [upstream.port]);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const first = await new Promise<string>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, agent: false }, (res) => {
          res.once('data', (chunk) => {
            resolve(String(chunk));
            req.destroy(); // the client goes away mid-response
          });
        });
        req.on('error', (err) => (err.message === 'aborted' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      });
      assert.equal(first, 'hello');
      return { p, upstream, baseline };
    }
    const toUpstream = (pid: number, port: number) => connections(pid).filter((s) => s.remotePort === port);
    it('before: the upstream request is never destroyed: its connection stays open in the gateway', async () => {
      const { p, upstream, baseline } = await abortMidResponse((await gateway()).before);
      await sleep(HANG_WATCH_MS);
      assert.deepEqual(
        toUpstream(p.pid, upstream.port).map((s) => s.state),
        ['ESTABLISHED'],
      );
      assert.equal(upstream.sockets.size, 1);
      assert.ok(fdCount(p.pid) > baseline);
    });
    for (const [how, program] of [
      ['--fix', gateway],
      ["the quick fix 'Use pipeline() from node:stream'", gatewayPipeline],
    ] as const) {
      it(`after ${how}: the upstream response is destroyed: the gateway's descriptors are back to their start`, async () => {
        const { p, upstream, baseline } = await abortMidResponse((await program()).after);
        assert.equal(
          await pollUntil(
            () => fdCount(p.pid),
            (n) => n === baseline,
            DEADLINE_MS,
          ),
          baseline,
        );
        assert.deepEqual(toUpstream(p.pid, upstream.port), []);
        assert.equal(
          await pollUntil(
            () => upstream.sockets.size,
            (n) => n === 0,
            DEADLINE_MS,
          ),
          0,
        );
      });
    }
  });
});
