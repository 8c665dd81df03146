// A ws WebSocketServer against a client that vanishes without a close frame.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixedProgram, ROOT } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS, TIMEOUT_MS } from './hooks';
import { connectClient } from './peers';
import { connections, fdCount, pollUntil, run, sleep } from './processes';

/** The scenario programs live in a temp folder: `ws` comes from this repository's node_modules. */
const WITH_WS = { NODE_PATH: path.join(ROOT, 'node_modules') };

const heartbeat = fixedProgram(
  'ws-missing-heartbeat',
  'vanished-client',
  `const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (m) => ws.send(m));
});
wss.on('listening', () => console.log(JSON.stringify({ event: 'listening', port: wss.address().port })));
`,
  { intervalMs: TIMEOUT_MS },
);

const UPGRADE =
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('fixes proven by running them: WebSockets', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('ws-missing-heartbeat: a client that completes the handshake and then goes silent (no pongs, no close frame)', () => {
    async function vanish(file: string) {
      const p = await run(file, [], WITH_WS);
      const { port } = await p.waitFor('listening');
      const baseline = fdCount(p.pid);
      const client = await connectClient(port);
      client.socket.write(UPGRADE);
      assert.ok(await pollUntil(() => /^HTTP\/1\.1 101/.test(client.received().toString()), Boolean, DEADLINE_MS), 'handshake answered');
      return { p, client, baseline };
    }
    it('before: the server keeps the dead connection open', async () => {
      const { p, client, baseline } = await vanish((await heartbeat()).before);
      await sleep(HANG_WATCH_MS);
      assert.equal(client.closed(), false);
      assert.deepEqual(
        connections(p.pid).map((s) => s.state),
        ['ESTABLISHED'],
      );
      assert.equal(fdCount(p.pid), baseline + 1);
    });
    it('after: the heartbeat pings, gets no pong, terminates the connection and releases the descriptor', async () => {
      const { p, client, baseline } = await vanish((await heartbeat()).after);
      assert.ok(await pollUntil(() => client.closed(), Boolean, DEADLINE_MS), 'connection terminated');
      const data = client.received();
      const frames = data.subarray(data.indexOf('\r\n\r\n') + 4);
      assert.equal(frames[0], 0x89, 'the first frame after the handshake is a ping (FIN + opcode 0x9)');
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
