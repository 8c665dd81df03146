// A request handler whose upstream request fails: the fix must answer the waiting client, not only
// keep the process alive (a crash turned into a hang is no fix).
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { fixedProgram } from './fixedPrograms';
import { cleanUpAfterEach, DEADLINE_MS } from './hooks';
import { resettingServer } from './peers';
import { eventWithin, exitWithin, run } from './processes';

const ev = (name: string, extra = '') => `console.log(JSON.stringify({ event: '${name}'${extra} }))`;

const gateway = fixedProgram(
  'missing-error-listener',
  'gateway-upstream-reset',
  `const http = require('http');
const upstreamPort = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, path: req.url });
  upstream.on('response', (up) => up.pipe(res));
  upstream.end();
});
server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => ${ev('listening', ', port: server.address().port')});
`,
);

/** One GET to the gateway: its status, or the client-side error when no answer came. */
function get(port: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: DEADLINE_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', (err) => resolve({ error: err.message }));
  });
}

describe('fixes proven by running them: a gateway whose upstream resets', function () {
  this.timeout(60_000);
  cleanUpAfterEach();

  it('before: the gateway dies of the unhandled ECONNRESET and the client gets no answer', async () => {
    const upstream = await resettingServer();
    const p = await run((await gateway()).before, [upstream.port]);
    const listening = await eventWithin(p, 'listening', DEADLINE_MS);
    assert.ok(listening, p.stderr());
    const answer = await get(listening.port);
    assert.equal(answer.status, undefined, JSON.stringify(answer));
    const exit = await exitWithin(p, DEADLINE_MS);
    assert.ok(exit !== 'running' && exit.code !== 0, 'the gateway crashed');
    assert.match(p.stderr(), /ECONNRESET|socket hang up/);
  });

  it('after: the gateway answers 502 and keeps serving', async () => {
    const upstream = await resettingServer();
    const p = await run((await gateway()).after, [upstream.port]);
    const listening = await eventWithin(p, 'listening', DEADLINE_MS);
    assert.ok(listening, p.stderr());
    assert.deepEqual(await get(listening.port), { status: 502 });
    assert.deepEqual(await get(listening.port), { status: 502 }, 'a second request is answered too');
    assert.equal(await exitWithin(p, 300), 'running');
  });
});
