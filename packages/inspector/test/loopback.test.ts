// Issue 10, failure 4: one loopback rule for every inspector address, wherever it came from: a
// --url, a /json/list answer, the target's own command line (or NODE_OPTIONS). A non-loopback
// host is refused unless --host names it, and nothing is sent there.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer } from 'ws';
import { runInspect } from '../../../server/src/cli/inspect';
import { isLoopback } from '../src';
import { freePort } from '../../../test/e2e/codeServer';
import { captureIo, listenPorts, sleep, startTarget, targetState, truthSockets, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

async function inspect(args: string[]) {
  const cap = captureIo();
  const code = await runInspect(args, cap.io);
  return { code, out: cap.out(), err: cap.err() };
}

/** An HTTP server on 127.0.0.1 that answers /json/list like an inspector, with the given URL. */
async function fakeJsonList(wsUrl: (port: number) => string): Promise<{ port: number; hits: () => number; close: () => void }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify([{ type: 'node', title: 'fake', id: 'x', webSocketDebuggerUrl: wsUrl((server.address() as AddressInfo).port) }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits: () => hits, close: () => server.close() };
}

describe('inspector: one loopback rule for every inspector address (issue 10, failure 4)', function () {
  this.timeout(30000);
  const targets: Target[] = [];
  const cleanups: Array<() => void> = [];
  const start = async (nodeArgs: string[], env?: NodeJS.ProcessEnv) => {
    const t = await startTarget(path.join(FIXTURES, 'inspectable.js'), [], nodeArgs, env);
    targets.push(t);
    await t.waitFor('ready');
    return t;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    for (const t of targets.splice(0)) await t.stop();
  });

  it('knows loopback in every spelling', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'LOCALHOST'])
      assert.equal(isLoopback(h), true, h);
    for (const h of ['0.0.0.0', '::', '10.1.2.3', '128.0.0.1', '::ffff:10.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io', ''])
      assert.equal(isLoopback(h), false, h);
  });

  it('a /json/list on 127.0.0.1 answering ws://0.0.0.0:<port>/… is not followed, and the listener there gets nothing', async () => {
    // A real WebSocket server on all interfaces (reachable as 0.0.0.0 from here), counting connections.
    const wss = new WebSocketServer({ host: '0.0.0.0', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    let connections = 0;
    let messages = 0;
    wss.on('connection', (ws) => {
      ws.on('error', () => {});
      connections++;
      ws.on('message', () => messages++);
    });
    cleanups.push(() => wss.close());
    const wsPort = (wss.address() as AddressInfo).port;
    const fake = await fakeJsonList(() => `ws://0.0.0.0:${wsPort}/fake-target`);
    cleanups.push(fake.close);
    const r = await inspect(['--port', String(fake.port), '--json']);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `socklint: Refusing to follow the inspector on 127.0.0.1:${fake.port} to 0.0.0.0 (its /json/list names ws://0.0.0.0:${wsPort}/fake-target): an inspector runs any code it is sent, so non-loopback hosts must be given explicitly with --host 0.0.0.0.\n`,
    );
    assert.ok(fake.hits() > 0, 'the list was asked for');
    await sleep(200);
    assert.equal(connections, 0, 'no connection to the listed host');
    assert.equal(messages, 0, 'no code sent');
  });

  it('a /json/list answering ws://10.1.2.3/… is not followed', async () => {
    const fake = await fakeJsonList(() => 'ws://10.1.2.3/abc');
    cleanups.push(fake.close);
    const r = await inspect(['--port', String(fake.port), '--json']);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^socklint: Refusing to follow the inspector on 127\.0\.0\.1:\d+ to 10\.1\.2\.3 \(its \/json\/list names ws:\/\/10\.1\.2\.3\/abc\): .* --host 10\.1\.2\.3\.\n$/,
    );
  });

  it('--url ws://0.0.0.0:… is refused like any other non-loopback host', async () => {
    const r = await inspect(['--url', 'ws://0.0.0.0:9555/abc', '--json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^socklint: Refusing to connect to 0\.0\.0\.0: .* --host 0\.0\.0\.0\.\n$/);
  });

  it('--inspect-port=0.0.0.0:<port> on the command line: not signalled, with why and how to override', async () => {
    const port = await freePort();
    const t = await start([`--inspect-port=0.0.0.0:${port}`]);
    const before = listenPorts(t.pid);
    const r = await inspect(['--pid', String(t.pid), '--json']);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `socklint: Process ${t.pid} would open its inspector on 0.0.0.0:${port} (its --inspect-port), which other machines can reach, and an inspector runs any code it is sent: socklint does not open it there. Give --host 0.0.0.0 to allow it, or start the process with --inspect-port=127.0.0.1:${port}.\n`,
    );
    await sleep(300);
    assert.deepEqual(listenPorts(t.pid), before, 'no inspector opened');
    assert.ok(!truthSockets(t.pid).some((s) => s.state === 'LISTEN' && s.localPort === port));
  });

  it('the same flag in NODE_OPTIONS is refused too', async () => {
    const port = await freePort();
    const t = await start([], { ...process.env, NODE_OPTIONS: `--inspect-port=0.0.0.0:${port}` });
    const before = listenPorts(t.pid);
    const r = await inspect(['--pid', String(t.pid), '--json']);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`would open its inspector on 0\\.0\\.0\\.0:${port} .* Give --host 0\\.0\\.0\\.0 to allow it`));
    await sleep(300);
    assert.deepEqual(listenPorts(t.pid), before);
  });

  it('a form socklint does not read (a quoted NODE_OPTIONS value): the inspector opened on 0.0.0.0 is closed again at once', async () => {
    const port = await freePort();
    const t = await start([], { ...process.env, NODE_OPTIONS: `--inspect-port="0.0.0.0:${port}"` });
    const before = listenPorts(t.pid);
    const r = await inspect(['--pid', String(t.pid), '--json']);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `socklint: Process ${t.pid} opened its inspector on 0.0.0.0:${port}, which other machines can reach: socklint closed it again at once. Give --host 0.0.0.0 to allow it.\n`,
    );
    assert.deepEqual(listenPorts(t.pid), before, 'closed');
    assert.equal((await targetState(t)).global, false, 'no sampler was installed');
  });

  it('with --host 0.0.0.0 the user allowed it: attaches through loopback and closes it again', async () => {
    const port = await freePort();
    const t = await start([`--inspect-port=0.0.0.0:${port}`]);
    const before = listenPorts(t.pid);
    const r = await inspect(['--pid', String(t.pid), '--host', '0.0.0.0', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).pid, t.pid);
    assert.deepEqual(listenPorts(t.pid), before, 'closed on detach');
  });
});
