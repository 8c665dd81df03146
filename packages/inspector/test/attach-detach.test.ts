// Attaching to processes started without --inspect (SIGUSR1), and leaving them as they were.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import WebSocket from 'ws';
import { InspectorError, Sampler, inspectPortFromArgs } from '../src';
import { listNodeProcesses } from '../src/processes';
import { reportSkipsDns } from '../src/sampler';
import { httpGet, listenPorts, sleep, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
/** SIGUSR1 opens the port of --inspect-port (0: any free one) without opening an inspector at startup. */
const ANY_PORT = ['--inspect-port=0'];

describe('inspector: attach and detach', function () {
  this.timeout(30000);
  const targets: Target[] = [];
  const samplers: Sampler[] = [];
  const start = async (file: string, args: string[] = [], nodeArgs: string[] = []) => {
    const t = await startTarget(path.join(FIXTURES, file), args, nodeArgs);
    targets.push(t);
    await t.waitFor('ready');
    return t;
  };
  const attach = async (...args: Parameters<typeof Sampler.attach>) => {
    const s = await Sampler.attach(...args);
    samplers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of samplers.splice(0)) await s.detach().catch(() => undefined);
    for (const t of targets.splice(0)) await t.stop();
  });

  it('opens an inspector with SIGUSR1, finds its real port, and closes it again on detach', async function () {
    this.timeout(60000);
    // No inspector flag at all: SIGUSR1 opens 9229, which other programs on this machine may hold
    // for a moment; wait for it rather than fail on a neighbour.
    const t = await start('http-target.js');
    const before = listenPorts(t.pid);
    let sampler: Sampler | undefined;
    for (let i = 0; !sampler; i++) {
      try {
        sampler = await attach({ pid: t.pid });
      } catch (err) {
        if (!(err instanceof InspectorError) || err.code !== 'PORT_TAKEN' || i >= 120) throw err;
        await sleep(250);
      }
    }
    assert.equal(sampler.info.via, 'sigusr1');
    assert.equal(sampler.info.openedByUs, true);
    assert.equal(sampler.info.pid, t.pid);
    assert.ok(listenPorts(t.pid).includes(sampler.info.port), 'the port is a LISTEN socket of that pid');
    assert.ok(!before.includes(sampler.info.port));
    const s = await sampler.sample();
    assert.equal(s.pid, t.pid);
    assert.equal(s.tcp.LISTEN, before.length, "the inspector's own listener is not counted");

    const result = await sampler.detach();
    assert.equal(result.inspectorClosed, true, result.reason);
    assert.deepEqual(listenPorts(t.pid), before, 'no inspector port left listening');
    assert.equal(await httpGet(t.events.ready.port), `pong ${t.pid}\n`, 'the process still serves requests');
    assert.equal(sampler.closed, true);
  });

  it('can attach and detach again and again; the process survives every close of its inspector', async () => {
    // Eight rounds: closing the inspector the wrong way crashed Node in about one detach in ten.
    const t = await start('http-target.js', [], ANY_PORT);
    const before = listenPorts(t.pid);
    for (let round = 0; round < 8; round++) {
      const sampler = await attach({ pid: t.pid });
      assert.equal(sampler.info.via, 'sigusr1');
      assert.equal((await sampler.sample()).pid, t.pid);
      assert.equal((await sampler.detach()).inspectorClosed, true);
      assert.deepEqual(listenPorts(t.pid), before, `round ${round}: ${t.stderr()}`);
    }
    assert.equal(await httpGet(t.events.ready.port), `pong ${t.pid}\n`);
    assert.equal(t.child.exitCode, null);
    assert.equal(t.child.signalCode, null);
  });

  it('uses the port of --inspect and leaves an inspector it did not open', async () => {
    const t = await start('http-target.js', [], ['--inspect=127.0.0.1:0']);
    const before = listenPorts(t.pid);
    const sampler = await attach({ pid: t.pid });
    assert.equal(sampler.info.openedByUs, false);
    assert.ok(before.includes(sampler.info.port));
    await sampler.sample();
    const result = await sampler.detach();
    assert.equal(result.inspectorClosed, false);
    assert.deepEqual(listenPorts(t.pid), before, 'the inspector the user opened is still there');
  });

  it('two socklint sessions share the inspector one opened; the last to detach closes it', async () => {
    const t = await start('http-target.js', [], ANY_PORT);
    const before = listenPorts(t.pid);
    const first = await attach({ pid: t.pid });
    const second = await attach({ port: first.info.port });
    assert.equal(second.info.pid, t.pid);
    const r1 = await first.detach();
    assert.equal(r1.inspectorClosed, false);
    assert.match(r1.reason, /1 other socklint session\(s\) attached/);
    assert.equal((await second.sample()).pid, t.pid, 'the other session keeps working');
    const r2 = await second.detach();
    assert.equal(r2.inspectorClosed, true, r2.reason);
    assert.deepEqual(listenPorts(t.pid), before);
  });

  it('does not close the inspector while another debugger client is connected', async () => {
    const t = await start('http-target.js', [], ANY_PORT);
    const before = listenPorts(t.pid);
    const sampler = await attach({ pid: t.pid });
    // Another debugger (not socklint) on the same inspector.
    const other = new WebSocket(sampler.info.wsUrl);
    await new Promise((resolve, reject) => other.once('open', resolve).once('error', reject));
    try {
      const r = await sampler.detach();
      assert.equal(r.inspectorClosed, false);
      assert.match(r.reason, /1 other debugger client\(s\) connected; inspector left open/);
      assert.equal(listenPorts(t.pid).length, before.length + 1);
    } finally {
      other.terminate();
    }
  });

  it('never makes an exiting target wait for the debugger', async () => {
    const t = await start('http-target.js', ['--lifetime', '1500'], ANY_PORT);
    const sampler = await attach({ pid: t.pid });
    const closed = new Promise<string>((resolve) => sampler.on('close', resolve));
    await sampler.sample();
    const exit = await t.exited;
    assert.equal(exit.code, 0);
    assert.match(await closed, new RegExp(`process ${t.pid} (is exiting|exited)`));
  });

  it('lists node processes with their command line and cwd', async () => {
    const t = await start('http-target.js', [], ['--inspect=127.0.0.1:0']);
    const p = listNodeProcesses().find((x) => x.pid === t.pid);
    assert.ok(p);
    assert.ok(p.command.includes('http-target.js'));
    assert.equal(p.cwd, path.resolve(__dirname, '../../..'));
    assert.equal(p.inspectPort, 0);
  });

  it('reads the inspector port from a Node command line', () => {
    assert.deepEqual(inspectPortFromArgs(['--inspect', 'app.js']), { port: 9229, host: null, active: true });
    assert.deepEqual(inspectPortFromArgs(['--inspect=9333', 'app.js']), { port: 9333, host: null, active: true });
    assert.deepEqual(inspectPortFromArgs(['--inspect-brk=0.0.0.0:4000', 'app.js']), { port: 4000, host: '0.0.0.0', active: true });
    assert.deepEqual(inspectPortFromArgs(['--inspect', '--inspect-port=7000', 'app.js']), { port: 7000, host: null, active: true });
    assert.deepEqual(inspectPortFromArgs(['--inspect-port=0', 'app.js']), { port: 0, host: null, active: false });
    assert.equal(inspectPortFromArgs(['app.js', '--inspect=1234']), null, 'flags after the script belong to the app');
    assert.deepEqual(
      inspectPortFromArgs(['--inspect-port', '0.0.0.0:9333', 'app.js']),
      { port: 9333, host: '0.0.0.0', active: false },
      'the value as its own argument',
    );
    assert.deepEqual(
      inspectPortFromArgs(['-r', './preload.js', '--inspect-port=0.0.0.0:9333', 'app.js']),
      { port: 9333, host: '0.0.0.0', active: false },
      "an option's value is not the script",
    );
  });

  it('takes process.report only on Node lines where excludeNetwork skips reverse DNS', () => {
    for (const v of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v23.3.0', 'v24.1.0']) assert.equal(reportSkipsDns(v), true, v);
    for (const v of ['v18.20.4', 'v20.18.1', 'v21.7.3', 'v22.11.0', 'v23.2.0', 'garbage']) assert.equal(reportSkipsDns(v), false, v);
  });
});
