// Issue 10, failure 2: the inspector must never leave a target open. Whatever happens to the
// socklint that attached (SIGHUP, SIGKILL, a second socklint at the same time, a target too busy
// to answer), in the end the target has no inspector port the kernel shows (ss), no socklint
// global and no diagnostics_channel subscription (the target reports those itself).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { eventually, listenPorts, runCli, sleep, startTarget, targetState, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
/** SIGUSR1 opens any free port: no clash on 9229 with other programs on a shared machine. */
const ANY_PORT = ['--inspect-port=0'];
/** The in-target part expires 8 s after the last heartbeat; its watchdog checks once a second. */
const EXPIRY_WAIT_MS = 15000;

describe('inspector: never leaves the target open (issue 10, failure 2)', function () {
  this.timeout(60000);
  const targets: Target[] = [];
  const start = async (args: string[] = [], nodeArgs: string[] = ANY_PORT) => {
    const t = await startTarget(path.join(FIXTURES, 'inspectable.js'), args, nodeArgs);
    targets.push(t);
    await t.waitFor('ready');
    return t;
  };
  afterEach(async () => {
    for (const t of targets.splice(0)) await t.stop();
  });

  /** Nothing of socklint's is left: the port as `ss` lists it, and the target's own view. */
  async function assertClean(t: Target, before: number[], timeoutMs: number): Promise<void> {
    let last = { ports: listenPorts(t.pid), state: await targetState(t) };
    const clean = await eventually(async () => {
      last = { ports: listenPorts(t.pid), state: await targetState(t) };
      return last.ports.join() === before.join() && !last.state.global && last.state.subscribed.length === 0 && !last.state.inspectorOpen;
    }, timeoutMs);
    assert.ok(clean, `left in the target: ${JSON.stringify(last)} (listening before: ${before})`);
    assert.equal(t.child.exitCode, null, 'the target is still running');
  }

  for (const sig of ['SIGHUP', 'SIGKILL'] as const) {
    it(`socklint inspect --watch --trace-sites killed by ${sig}: the target closes the port and removes the sampler`, async () => {
      const t = await start();
      const before = listenPorts(t.pid);
      const cli = runCli(['--pid', String(t.pid), '--watch', '--trace-sites', '--interval', '200']);
      await cli.waitOut(`pid ${t.pid}`);
      const during = await targetState(t);
      assert.ok(during.global && during.subscribed.includes('net.client.socket'), `installed while attached: ${JSON.stringify(during)}`);
      assert.ok(listenPorts(t.pid).length > before.length, 'an inspector port is open while attached');
      cli.child.kill(sig);
      await cli.exited;
      await assertClean(t, before, EXPIRY_WAIT_MS);
    });
  }

  it('two socklints attached at once: the last one to leave closes the inspector', async () => {
    const t = await start();
    const before = listenPorts(t.pid);
    // The first opens the inspector and leaves early; the second finds it open and leaves last.
    const first = runCli(['--pid', String(t.pid), '--json', '--trace-sites', '--trace-ms', '1500']);
    await eventually(() => listenPorts(t.pid).length > before.length, 10000, 50);
    const second = runCli(['--pid', String(t.pid), '--json', '--trace-sites', '--trace-ms', '4000']);
    const [a, b] = await Promise.all([first.exited, second.exited]);
    assert.equal(a.code, 0, first.err());
    assert.equal(b.code, 0, second.err());
    await assertClean(t, before, 3000);
  });

  it('two socklints started at the same moment are serialised; no port is left', async () => {
    const t = await start();
    const before = listenPorts(t.pid);
    const runs = [0, 1].map(() => runCli(['--pid', String(t.pid), '--json']));
    const exits = await Promise.all(runs.map((r) => r.exited));
    for (const [i, e] of exits.entries()) assert.equal(e.code, 0, runs[i].err());
    for (const r of runs) assert.equal(JSON.parse(r.out()).pid, t.pid);
    await assertClean(t, before, 3000);
  });

  it('a target busy in a synchronous loop: the inspector its queued SIGUSR1 reopens afterwards is closed too', async () => {
    const t = await start(['--busy-after', '300', '--busy-for', '10000']);
    const before = listenPorts(t.pid);
    await t.waitFor('busy');
    // Node opens the inspector from an interrupt inside the loop, and starts it once more from the
    // event loop when the loop ends: after our detach, that second start reopened it for good.
    const cli = runCli(['--pid', String(t.pid), '--json']);
    const exit = await cli.exited;
    assert.equal(exit.code, 0, cli.err());
    assert.equal(JSON.parse(cli.out()).pid, t.pid);
    assert.equal(t.events['busy-end'], undefined, 'attached and detached while the loop was still running');
    await t.waitFor('busy-end', 20000);
    await sleep(1000); // the queued start runs on the first turns of the loop
    await assertClean(t, before, 3000);
  });

  it('a target blocked in a native call: waits for the late inspector instead of leaving it to open after giving up', async () => {
    // execSync blocks without running JavaScript: the inspector opens only when it returns.
    const t = await start(['--block-after', '200', '--block-for', '6000']);
    const before = listenPorts(t.pid);
    await t.waitFor('block');
    const cli = runCli(['--pid', String(t.pid), '--json']);
    const exit = await cli.exited;
    assert.equal(exit.code, 0, cli.err());
    assert.match(cli.err(), /has not opened its inspector within 3 s of SIGUSR1; waiting/);
    assert.ok(t.events['block-end'], 'it attached after the call returned');
    await assertClean(t, before, 3000);
  });

  it('SIGKILL while the target is busy: it cleans up once the loop ends', async () => {
    const t = await start(['--busy-after', '300', '--busy-for', '6000']);
    const before = listenPorts(t.pid);
    await t.waitFor('busy');
    const cli = runCli(['--pid', String(t.pid), '--watch', '--interval', '200']);
    await cli.waitOut(`pid ${t.pid}`);
    cli.child.kill('SIGKILL');
    await cli.exited;
    await t.waitFor('busy-end', 20000);
    await assertClean(t, before, EXPIRY_WAIT_MS);
  });
});
