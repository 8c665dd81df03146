// Attaching where there is no /proc (macOS, the BSDs, Windows), run here on Linux with /proc
// switched off: the port comes from the command line (as `ps` shows it) or is 9229, and the
// inspector's own process.pid decides whether it is the right process.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { InspectorError, Sampler } from '../src';
import { listNodeProcesses, listNodeProcessesWithPs } from '../src/processes';
import { freePort } from '../../../test/e2e/codeServer';
import { httpGet, listenPorts, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

async function rejection(promise: Promise<unknown>): Promise<InspectorError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof InspectorError, `an InspectorError, got ${err}`);
    return err;
  }
  throw new Error('expected the attach to fail');
}

describe('inspector: attaching without /proc (macOS, Windows)', function () {
  this.timeout(30000);
  const targets: Target[] = [];
  const samplers: Sampler[] = [];
  const start = async (nodeArgs: string[]) => {
    const t = await startTarget(path.join(FIXTURES, 'http-target.js'), [], nodeArgs);
    targets.push(t);
    await t.waitFor('ready');
    return t;
  };
  afterEach(async () => {
    for (const s of samplers.splice(0)) await s.detach().catch(() => undefined);
    for (const t of targets.splice(0)) await t.stop();
  });

  it('opens the inspector on the port the command line names, samples JS facts, and closes it on detach', async () => {
    const port = await freePort();
    const t = await start([`--inspect-port=${port}`]);
    const before = listenPorts(t.pid);
    const sampler = await Sampler.attach({ pid: t.pid }, { procfs: false });
    samplers.push(sampler);
    assert.equal(sampler.info.via, 'sigusr1');
    assert.equal(sampler.info.port, port);
    assert.equal(sampler.info.openedByUs, true);
    assert.equal(sampler.info.procfs, false, 'no kernel facts without /proc');
    const s = await sampler.sample();
    assert.equal(s.pid, t.pid);
    assert.equal(s.servers.length, 1, 'the JS side still sees the server');
    assert.equal(s.fds.open, null);
    assert.equal((await sampler.detach()).inspectorClosed, true);
    assert.deepEqual(listenPorts(t.pid), before, 'no inspector port left listening');
    assert.equal(await httpGet(t.events.ready.port), `pong ${t.pid}\n`, 'the process still serves requests');
  });

  it('refuses a process that ps does not call node: SIGUSR1 would kill it', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const err = await rejection(Sampler.attach({ pid: child.pid! }, { procfs: false }));
      assert.equal(err.code, 'NOT_NODE');
      assert.match(err.message, new RegExp(`^Process ${child.pid} \\(sleep 30\\) is not a Node\\.js process\\.$`));
      assert.equal(child.exitCode, null);
      assert.equal(child.signalCode, null, 'not signalled');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses `exec -a node sleep`: argv[0] says node, the executable ps names does not', async () => {
    const fake = spawn('bash', ['-c', 'exec -a node sleep 30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const err = await rejection(Sampler.attach({ pid: fake.pid! }, { procfs: false }));
      assert.equal(err.code, 'NOT_NODE');
      assert.match(err.message, new RegExp(`^Process ${fake.pid} \\(node 30\\) is not a Node\\.js process\\.$`));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(fake.exitCode, null);
      assert.equal(fake.signalCode, null, 'not signalled');
    } finally {
      fake.kill('SIGKILL');
    }
  });

  it('says why when the inspector port cannot be known (=0)', async () => {
    const t = await start(['--inspect-port=0']);
    const before = listenPorts(t.pid);
    const err = await rejection(Sampler.attach({ pid: t.pid }, { procfs: false }));
    assert.equal(err.code, 'NO_INSPECTOR');
    assert.match(err.message, /random port .* attach with --port <port>\.$/);
    assert.deepEqual(listenPorts(t.pid), before, 'not signalled: no inspector opened');
  });

  it("does not attach to another process's inspector on that port", async () => {
    const port = await freePort();
    const holder = await start([`--inspect=127.0.0.1:${port}`]);
    const t = await start([`--inspect-port=${port}`]);
    const err = await rejection(Sampler.attach({ pid: t.pid }, { procfs: false }));
    assert.equal(err.code, 'PID_MISMATCH');
    assert.equal(err.message, `The inspector on 127.0.0.1:${port} belongs to pid ${holder.pid}, not to pid ${t.pid}.`);
  });

  it('lists the Node.js processes that ps shows, as /proc does', async () => {
    const port = await freePort();
    const t = await start([`--inspect-port=${port}`]);
    const fromPs = listNodeProcessesWithPs().find((p) => p.pid === t.pid);
    const fromProc = listNodeProcesses().find((p) => p.pid === t.pid);
    assert.ok(fromPs && fromProc, 'both list the target');
    assert.equal(fromPs.command, fromProc.command);
    assert.equal(fromPs.inspectPort, port);
    assert.equal(fromPs.cwd, null, 'ps does not tell the working directory');
    assert.ok(!listNodeProcessesWithPs().some((p) => p.pid === process.pid), 'never itself');
  });
});
