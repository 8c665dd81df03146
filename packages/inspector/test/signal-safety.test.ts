// Issue 10, failure 3: SIGUSR1's default action kills a process. socklint signals only a process
// whose /proc/<pid>/status shows SIGUSR1 caught (SigCgt bit 10), and says what it found instead.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInspect } from '../../../server/src/cli/inspect';
import { captureIo, eventually, listenPorts, sleep, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

async function inspect(args: string[]) {
  const cap = captureIo();
  const code = await runInspect(args, cap.io);
  return { code, out: cap.out(), err: cap.err() };
}

/** The State letter of /proc/<pid>/status, read here, apart from the inspector's own reader. */
function stateOf(pid: number): string | undefined {
  try {
    return /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

describe('inspector: never signals a process SIGUSR1 would kill (issue 10, failure 3)', function () {
  this.timeout(30000);
  const children: ChildProcess[] = [];
  const targets: Target[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const t of targets.splice(0)) await t.stop();
  });

  it('`exec -a node sleep` (argv[0] says node) survives and is named as no Node process able to open an inspector', async () => {
    const fake = spawn('bash', ['-c', 'exec -a node sleep 120'], { stdio: 'ignore' });
    children.push(fake);
    await eventually(() => fs.readFileSync(`/proc/${fake.pid}/cmdline`, 'utf8').startsWith('node\0'), 5000, 20);
    const r = await inspect(['--pid', String(fake.pid)]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      new RegExp(
        `^socklint: Process ${fake.pid} \\(node 120\\) is not a Node\\.js process able to open an inspector on request: .* so SIGUSR1 would kill it; socklint did not signal it\\.\\n$`,
      ),
    );
    await sleep(300);
    assert.equal(fake.exitCode, null);
    assert.equal(fake.signalCode, null, 'sleep was not signalled');
  });

  it("a Node process that removed its SIGUSR1 listeners (Node's handler gone) survives", async () => {
    const t = await startTarget(path.join(FIXTURES, 'inspectable.js'), ['--drop-sigusr1'], ['--inspect-port=0']);
    targets.push(t);
    await t.waitFor('ready');
    const before = listenPorts(t.pid);
    const r = await inspect(['--pid', String(t.pid)]);
    assert.equal(r.code, 2);
    assert.match(r.err, /is not a Node\.js process able to open an inspector on request: it has no SIGUSR1 handler \(Node's was removed, or it is not Node\)/);
    await sleep(300);
    assert.equal(t.child.exitCode, null, 'not killed (it exited 138 when signalled)');
    assert.equal(t.child.signalCode, null);
    assert.deepEqual(listenPorts(t.pid), before);
  });

  it('a zombie is reported as one, not as an app that handles SIGUSR1', async () => {
    // The node child exits; its parent (sleep, after exec) never collects it.
    const parent = spawn('bash', ['-c', `${JSON.stringify(process.execPath)} -e 0 & echo $!; exec sleep 30`], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = await new Promise<number>((resolve) => parent.stdout!.once('data', (c) => resolve(Number(String(c).trim()))));
    assert.ok(await eventually(() => stateOf(zombie) === 'Z', 10000, 50), `pid ${zombie} became a zombie`);
    const r = await inspect(['--pid', String(zombie)]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `socklint: Process ${zombie} is a zombie: it has exited and is waiting for its parent to collect its exit status, so there is nothing to inspect.\n`,
    );
  });

  it('a stopped process is not signalled (it would open the inspector only after socklint gave up)', async () => {
    const t = await startTarget(path.join(FIXTURES, 'inspectable.js'), [], ['--inspect-port=0']);
    targets.push(t);
    await t.waitFor('ready');
    const before = listenPorts(t.pid);
    process.kill(t.pid, 'SIGSTOP');
    try {
      assert.ok(await eventually(() => stateOf(t.pid) === 'T', 5000, 20));
      const r = await inspect(['--pid', String(t.pid)]);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`Process ${t.pid} is stopped .* continue it \\(kill -CONT ${t.pid}\\) and attach again\\.\\n$`));
    } finally {
      process.kill(t.pid, 'SIGCONT');
    }
    await sleep(500);
    assert.deepEqual(listenPorts(t.pid), before, 'no SIGUSR1 was pending: no inspector opens on SIGCONT');
  });
});
