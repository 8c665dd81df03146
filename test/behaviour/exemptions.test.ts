// The "not reported when" lines of the rule catalog that rest on a fact about Node, each shown by
// running a program the rule leaves alone: the rule is silent on it, and Node does what the
// exemption says. Also the converse for an agent's timeout, which is no exemption.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../server/src/core/runner';
import { ruleById } from '../../server/src/rules/index';
import { cleanUpAfterEach, DEADLINE_MS, HANG_WATCH_MS, TIMEOUT_MS } from './hooks';
import { connectClient, silentServer } from './peers';
import { connections, exitWithin, pollUntil, run, sleep } from './processes';

const LISTEN = `server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: server.address().port })));\n`;

let dir: string;
let count = 0;

/** Writes `source` as a program; `nodeVersion` is written as engines.node of its package.json. */
function program(source: string, nodeVersion = '>=20'): string {
  const folder = path.join(dir, String(++count));
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: `p${count}`, private: true, engines: { node: nodeVersion } }));
  fs.writeFileSync(path.join(folder, 'program.js'), source);
  return path.join(folder, 'program.js');
}

/** What `ruleId` alone reports on `file`, as messageIds. */
function reported(ruleId: string, file: string, options: { tests?: false } = {}): string[] {
  const rule = ruleById(ruleId)!;
  const result = runCheck({ paths: [path.basename(file)], cwd: path.dirname(file), rules: [rule], ...options });
  return result.files.flatMap((f) => f.findings).map((f) => f.messageId);
}

describe('rule exemptions that claim a fact about Node, shown by running them', function () {
  this.timeout(60000);
  cleanUpAfterEach();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-exemptions-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("missing-error-listener: an http server's connection socket without an 'error' listener survives a client's reset (http routes it to 'clientError')", async () => {
    const file = program(`const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('connection', (socket) => {
  socket.setNoDelay(true);
});
${LISTEN}`);
    assert.deepEqual(reported('missing-error-listener', file), []);
    const p = await run(file);
    const { port } = await p.waitFor('listening');
    const client = await connectClient(port);
    client.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // half a request, then RST
    await sleep(50);
    client.socket.resetAndDestroy();
    assert.equal(await exitWithin(p, HANG_WATCH_MS), 'running', p.stderr());
    const answer = await new Promise<number | undefined>((resolve) => {
      http.get({ host: '127.0.0.1', port, agent: false }, (res) => resolve(res.statusCode)).on('error', () => resolve(undefined));
    });
    assert.equal(answer, 200);
  });

  it("missing-end-handler: a socket with the default allowHalfOpen: false and no 'end' listener is ended by Node after the peer's FIN (no CLOSE_WAIT)", async () => {
    const file = program(`const net = require('net');
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.on('data', (chunk) => console.log(JSON.stringify({ event: 'data', bytes: chunk.length })));
});
${LISTEN}`);
    assert.deepEqual(reported('missing-end-handler', file), []);
    const p = await run(file);
    const { port } = await p.waitFor('listening');
    const client = await connectClient(port, { allowHalfOpen: true });
    client.socket.end('bye'); // FIN from the client; it keeps reading
    await p.waitFor('data');
    assert.equal(await pollUntil(() => client.ended(), Boolean, DEADLINE_MS), true, "the client got the server's FIN");
    assert.deepEqual(
      await pollUntil(
        () => connections(p.pid).map((s) => s.state),
        (s) => s.length === 0,
        DEADLINE_MS,
      ),
      [],
    );
  });

  it('default-server-timeout: from Node 13 server.timeout is 0, and from Node 18 requestTimeout (300 s) and headersTimeout (60 s) bound a request', async () => {
    const source = `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => {
  console.log(JSON.stringify({ event: 'defaults', node: process.versions.node, timeout: server.timeout, requestTimeout: server.requestTimeout, headersTimeout: server.headersTimeout }));
});
`;
    assert.deepEqual(reported('default-server-timeout', program(source, '>=18')), [], 'not reported on Node 18');
    assert.deepEqual(reported('default-server-timeout', program(source, '>=12')), ['legacyTimeout'], 'reported on Node 12');
    const p = await run(program(source, '>=18'));
    const defaults = await p.waitFor('defaults');
    assert.ok(Number(defaults.node.split('.')[0]) >= 18, `this test runs on Node ${defaults.node}`);
    assert.deepEqual(
      { timeout: defaults.timeout, requestTimeout: defaults.requestTimeout, headersTimeout: defaults.headersTimeout },
      { timeout: 0, requestTimeout: 300000, headersTimeout: 60000 },
    );
  });

  it("destroy-without-end: inside an 'error' listener the socket is already destroyed, so destroy() there throws nothing away", async () => {
    const file = program(`const net = require('net');
const socket = net.connect(Number(process.argv[2]), '127.0.0.1');
socket.on('connect', () => socket.write('hello'));
socket.on('error', (err) => {
  console.log(JSON.stringify({ event: 'error', code: err.code, destroyed: socket.destroyed }));
  socket.destroy();
});
socket.setTimeout(${DEADLINE_MS}, () => socket.destroy());
`);
    assert.deepEqual(reported('destroy-without-end', file), []);
    const { tcpPeer } = await import('./peers');
    const resetting = await tcpPeer((s) => s.once('data', () => s.resetAndDestroy()));
    const p = await run(file, [resetting.port]);
    const error = await p.waitFor('error', DEADLINE_MS);
    assert.equal(error.code, 'ECONNRESET');
    assert.equal(error.destroyed, true);
  });

  it('prefer-pipeline: pipeline() destroys the response when the source fails, so code that answers 500 after pipe() keeps its pipe', async () => {
    // The code a user writes with pipe() and an error response, rewritten by hand to pipeline():
    // the 500 it would send can no longer be sent.
    const file = program(`const http = require('http');
const fs = require('fs');
const { pipeline } = require('stream');
const server = http.createServer((req, res) => {
  pipeline(fs.createReadStream('/nonexistent/socklint'), res, (err) => {
    console.log(JSON.stringify({ event: 'failed', code: err && err.code, destroyed: res.destroyed }));
    if (err) {
      res.statusCode = 500;
      res.end('failed');
    }
  });
});
${LISTEN}`);
    const p = await run(file);
    const { port } = await p.waitFor('listening');
    const outcome = await new Promise<string>((resolve) => {
      http.get({ host: '127.0.0.1', port, agent: false }, (res) => resolve(`status ${res.statusCode}`)).on('error', (err) => resolve(`error ${err.message}`));
    });
    const failed = await p.waitFor('failed');
    assert.equal(failed.code, 'ENOENT');
    assert.equal(failed.destroyed, true);
    assert.match(outcome, /^error (socket hang up|read ECONNRESET)/);
    const withPipe = program(`const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => {
  const file = fs.createReadStream('/nonexistent/socklint');
  file.on('error', () => {
    res.statusCode = 500;
    res.end('failed');
  });
  res.on('close', () => file.destroy());
  file.pipe(res);
});
${LISTEN}`);
    assert.deepEqual(reported('prefer-pipeline', withPipe), [], 'the pipe() with an error response is not reported');
  });

  it("missing-request-timeout: a Node agent's timeout only emits 'timeout' on the request; nothing aborts it (no exemption)", async () => {
    const file = program(`const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: ${TIMEOUT_MS} });
const req = http.get({ host: '127.0.0.1', port: Number(process.argv[2]), agent }, (res) => res.resume());
req.on('error', (err) => console.log(JSON.stringify({ event: 'error', message: err.message })));
req.on('socket', (socket) => socket.on('timeout', () => console.log(JSON.stringify({ event: 'socket-timeout' }))));
`);
    assert.deepEqual(reported('missing-request-timeout', file), ['agentTimeout']);
    const upstream = await silentServer();
    const p = await run(file, [upstream.port]);
    await p.waitFor('socket-timeout', DEADLINE_MS);
    await sleep(HANG_WATCH_MS);
    assert.equal(p.events.error, undefined, 'the request was not aborted');
    assert.deepEqual(
      connections(p.pid).map((s) => s.state),
      ['ESTABLISHED'],
    );
    assert.equal(await exitWithin(p, 10), 'running');
  });
});
