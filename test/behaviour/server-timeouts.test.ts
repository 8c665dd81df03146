// Server timeout settings: an order that stops the server from starting, and a switched-off
// timeout against a client that stalls in the middle of its request.
import * as assert from 'node:assert/strict';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS, TIMEOUT_MS } from './hooks';
import { connectClient } from './peers';
import { exitWithin, fdCount, pollUntil, run, sleep } from './processes';

const LISTEN = `server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: server.address().port })));\n`;

const order = fixedProgram(
  'invalid-timeout-order',
  'server-start',
  `const http = require('http');
const server = http.createServer({ requestTimeout: 1000, headersTimeout: 2000 }, (req, res) => res.end('ok'));
${LISTEN}`,
);

const disabled = fixedProgram(
  'disabled-server-timeout',
  'stalled-request',
  `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.timeout = 0;
server.requestTimeout = 0;
${LISTEN}`,
  { idleTimeoutMs: TIMEOUT_MS },
);

describe('fixes proven by running them: server timeouts', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('invalid-timeout-order: starting the server', () => {
    it('before: createServer() throws ERR_OUT_OF_RANGE and the process exits without listening', async () => {
      const p = await run((await order()).before);
      const exit = await exitWithin(p, DEADLINE_MS);
      assert.ok(exit !== 'running', 'the process is still running');
      assert.notEqual(exit.code, 0);
      assert.match(p.stderr(), /ERR_OUT_OF_RANGE/);
      assert.equal(p.events.listening, undefined);
    });
    it('after: the server starts and answers a request', async () => {
      const p = await run((await order()).after);
      const { port } = await p.waitFor('listening', DEADLINE_MS);
      const client = await connectClient(port);
      client.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      assert.ok(await pollUntil(() => client.closed(), Boolean, DEADLINE_MS));
      assert.match(client.received().toString(), /^HTTP\/1\.1 200 OK[\s\S]*ok$/);
    });
  });

  describe('disabled-server-timeout: a client that stalls in the middle of its request headers', () => {
    async function stall(file: string) {
      const p = await run(file);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const client = await connectClient(port);
      client.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      return { p, client, baseline };
    }
    it('before: the stalled request still holds its connection and descriptor well past the idle timeout the fix sets', async () => {
      const { p, client, baseline } = await stall((await disabled()).before);
      await sleep(HANG_WATCH_MS);
      assert.equal(client.closed(), false);
      assert.equal(fdCount(p.pid), baseline + 1);
    });
    it("after: the server's idle timeout closes the connection and releases the descriptor", async () => {
      const { p, client, baseline } = await stall((await disabled()).after);
      assert.ok(await pollUntil(() => client.closed(), Boolean, DEADLINE_MS), 'connection closed');
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
});
