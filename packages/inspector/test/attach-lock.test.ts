// The per-pid attach lock (issue 10, failure 2b): a second socklint waits for the first, or says
// which one holds the pid; a lock left by a socklint that died, or whose pid now names another
// process, does not block anyone.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockPath, withAttachLock } from '../src/attachLock';
import { InspectorError, Sampler } from '../src';
import { eventually, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

/** Field 22 of /proc/<pid>/stat: when the process started (clock ticks after boot). */
function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

describe('inspector: the per-pid attach lock', function () {
  this.timeout(30000);
  const children: ChildProcess[] = [];
  const targets: Target[] = [];
  let target: Target;
  beforeEach(async () => {
    target = await startTarget(path.join(FIXTURES, 'inspectable.js'), [], ['--inspect-port=0']);
    targets.push(target);
    await target.waitFor('ready');
  });
  afterEach(async () => {
    fs.rmSync(lockPath(target.pid), { force: true });
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const t of targets.splice(0)) await t.stop();
  });

  it('held by a live socklint: the next one waits, then names the holder', async () => {
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(holder);
    await eventually(() => fs.existsSync(`/proc/${holder.pid}/stat`), 2000, 20);
    fs.writeFileSync(lockPath(target.pid), JSON.stringify({ pid: holder.pid, start: startTime(holder.pid!) }));
    const notes: string[] = [];
    let ran = false;
    await assert.rejects(
      withAttachLock(target.pid, async () => (ran = true), { waitMs: 600, onWait: (t) => notes.push(t) }),
      (err: unknown) => {
        assert.ok(err instanceof InspectorError);
        assert.equal(err.code, 'BUSY');
        assert.equal(err.message, `Another socklint (pid ${holder.pid}) is attaching to or detaching from process ${target.pid}; try again when it is done.`);
        return true;
      },
    );
    assert.equal(ran, false);
    assert.deepEqual(notes, [`another socklint (pid ${holder.pid}) is attaching to or detaching from process ${target.pid}; waiting for it`]);
  });

  it('left by a socklint that was killed: removed, and the attach goes ahead', async () => {
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    fs.writeFileSync(lockPath(target.pid), JSON.stringify({ pid: dead.pid, start: '1' }));
    const sampler = await Sampler.attach({ pid: target.pid });
    assert.equal(fs.existsSync(lockPath(target.pid)), false, 'released after the attach');
    assert.equal((await sampler.sample()).pid, target.pid);
    await sampler.detach();
  });

  it('naming a pid that now belongs to another process (a different start time): removed', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(other);
    await eventually(() => fs.existsSync(`/proc/${other.pid}/stat`), 2000, 20);
    fs.writeFileSync(lockPath(target.pid), JSON.stringify({ pid: other.pid, start: String(Number(startTime(other.pid!)) - 100) }));
    let ran = false;
    await withAttachLock(target.pid, async () => (ran = true), { waitMs: 600 });
    assert.equal(ran, true);
  });

  it('within one process, attaches to one pid take turns', async () => {
    const order: string[] = [];
    const slow = withAttachLock(target.pid, async () => {
      order.push('first in');
      await new Promise((r) => setTimeout(r, 300));
      order.push('first out');
    });
    const fast = withAttachLock(target.pid, async () => {
      order.push('second');
    });
    await Promise.all([slow, fast]);
    assert.deepEqual(order, ['first in', 'first out', 'second']);
  });
});
