// A relay whose idle timeout is switched off, observed in the kernel: is TCP keep-alive armed?
import * as assert from 'node:assert/strict';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS } from './hooks';
import { connectClient, silentServer } from './peers';
import { establishedTimers, pollUntil, run } from './processes';

const relayWith = (setup: string) => `const net = require('net');
const upstreamPort = Number(process.argv[2]);
const server = net.createServer((client) => {
  const upstream = net.connect(upstreamPort, '127.0.0.1');
${setup}  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  upstream.on('connect', () => console.log(JSON.stringify({ event: 'relaying' })));
  client.pipe(upstream).pipe(client);
});
server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: server.address().port })));
`;

const KEEPALIVE_TIMER = 2;

const idleOff = fixedProgram('missing-keepalive', 'idle-timeout-off', relayWith(`  client.setTimeout(0);\n  upstream.setTimeout(0);\n`), {
  initialDelayMs: 1000,
});

describe('fixes proven by running them: TCP keep-alive', function () {
  this.timeout(30000);
  cleanUpAfterEach();

  describe('missing-keepalive: a relay with both idle timeouts switched off', () => {
    // A vanished peer cannot be staged on loopback (the kernel always answers), so what is observed
    // is the kernel's own record of the relay's two connections: the keep-alive timer that would
    // probe such a peer and close the connection, or none.
    async function relaying(file: string) {
      const upstream = await silentServer();
      const p = await run(file, [upstream.port]);
      const { port } = await p.waitFor('listening');
      await connectClient(port);
      await p.waitFor('relaying', DEADLINE_MS);
      return p;
    }
    it('before: no timer is armed on either relayed connection: a vanished peer holds both forever', async () => {
      const p = await relaying((await idleOff()).before);
      assert.deepEqual(
        await pollUntil(
          () => establishedTimers(p.pid),
          (t) => t.length === 2,
          DEADLINE_MS,
        ),
        [0, 0],
      );
    });
    it('after: the kernel keep-alive timer runs on both relayed connections', async () => {
      const p = await relaying((await idleOff()).after);
      assert.deepEqual(
        await pollUntil(
          () => establishedTimers(p.pid),
          (t) => t.length === 2 && t.every((x) => x === KEEPALIVE_TIMER),
          DEADLINE_MS,
        ),
        [KEEPALIVE_TIMER, KEEPALIVE_TIMER],
      );
    });
  });
});
