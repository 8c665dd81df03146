// Issue 15: the kernel view of real processes of other kinds: descriptors near a lowered limit,
// sockets opened by threads, a process in its own network namespace, a C program, and a Node.js
// process with --kernel-only. Each is alive afterwards and caught no signal.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { httpGet, listenPorts, runCli, startTarget } from './helpers';
import { KernelSampler } from '../src';
import { assertUntouched, compileNative, FIXTURES, inspect, PY_SERVICE, ssRows, startPython, startService, type Service } from './kernel-view-helpers';

/** CLOSE_WAIT rows of the pid's own namespace, read straight from its /proc/<pid>/net/tcp. */
function closeWaitInNamespace(pid: number): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let link: string;
    try {
      link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the read (the service is still starting)
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]);
  }
  return fs
    .readFileSync(`/proc/${pid}/net/tcp`, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length > 9 && f[3] === '08' && inodes.has(f[9])).length;
}

describe('inspector: the kernel view of processes that are not Node.js (issue 15)', function () {
  this.timeout(60000);
  const services: Service[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
  });
  const keep = (s: Service) => (services.push(s), s);

  it('descriptors near a lowered limit: counted against the limit with a verdict', async () => {
    const s = keep(await startPython(['fill', '--nofile', '64', '--fill', '60']));
    const r = await inspect(['--pid', String(s.pid), '--json']);
    assert.equal(r.code, 0, r.err);
    const sample = JSON.parse(r.out);
    const limits = fs.readFileSync(`/proc/${s.pid}/limits`, 'utf8');
    assert.match(limits, /^Max open files\s+64\s/m, 'the service lowered its own limit');
    assert.equal(sample.fds.limit, 64);
    assert.equal(sample.fds.open, fs.readdirSync(`/proc/${s.pid}/fd`).length);
    assert.ok(sample.fds.open >= 59, `${sample.fds.open} fds open`);
    assert.match(
      sample.kernel.verdicts[0],
      new RegExp(`^${sample.fds.open} of 64 file descriptors open \\(\\d+ %\\): at the limit, accept\\(\\) and connect\\(\\) fail with EMFILE`),
    );
    assert.equal(sample.tcp.ESTABLISHED, ssRows(s.pid).filter((x) => x.state === 'ESTAB').length);
    const human = await inspect(['--pid', String(s.pid)]);
    assert.match(human.out, /^fds \d+ \/ 64  near the limit/m);
    await assertUntouched(s);
  });

  it("sockets opened by threads are the process's (one fd table); a thread id shows its process", async () => {
    const upstream = keep(await startPython(['upstream']));
    const s = keep(await startPython(['service', '--upstream', String(upstream.ready.port), '--count', '12', '--threads', '3']));
    const threadId = s.ready.tids.find((t: number) => t !== s.pid);
    assert.ok(threadId, 'the service runs threads');
    for (let i = 0; i < 100 && ssRows(s.pid).filter((x) => x.state === 'CLOSE-WAIT').length < 12; i++) await new Promise((r) => setTimeout(r, 50));
    const r = await inspect(['--pid', String(threadId), '--json']);
    assert.equal(r.code, 0, r.err);
    const sample = JSON.parse(r.out);
    assert.equal(sample.pid, s.pid, 'the process of the thread');
    assert.equal(sample.kernel.threadId, threadId);
    assert.ok(sample.kernel.threads >= 4, `${sample.kernel.threads} threads`);
    assert.equal(sample.tcp.CLOSE_WAIT, 12);
    assert.equal(sample.tcp.CLOSE_WAIT, ssRows(s.pid).filter((x) => x.state === 'CLOSE-WAIT').length);
    assert.match(r.err, new RegExp(`pid ${threadId} is a thread of process ${s.pid}`));
    await assertUntouched(s);
  });

  it('a process in another network namespace: read from its own /proc/<pid>/net, and said', async () => {
    // An unprivileged user + network namespace with its loopback up; the service is its own upstream there.
    const s = keep(
      await startService('unshare', ['-rn', 'sh', '-c', `ip link set lo up && exec python3 ${JSON.stringify(PY_SERVICE)} service --upstream self --count 5`]),
    );
    for (let i = 0; i < 100 && closeWaitInNamespace(s.pid) < 5; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(closeWaitInNamespace(s.pid), 5);
    assert.equal(ssRows(s.pid).length, 0, 'ss (our namespace) does not see its sockets');
    const r = await inspect(['--pid', String(s.pid), '--json']);
    assert.equal(r.code, 0, r.err);
    const sample = JSON.parse(r.out);
    assert.equal(sample.kernel.netns.differs, true);
    assert.notEqual(sample.kernel.netns.target, sample.kernel.netns.ours);
    assert.equal(sample.kernel.netns.ours, fs.readlinkSync('/proc/self/ns/net'));
    assert.equal(sample.tcp.CLOSE_WAIT, 5);
    assert.equal(sample.kernel.groups[0].count, 5);
    assert.equal(sample.kernel.groups[0].remote, `127.0.0.1:${s.ready.upstream}`);
    assert.equal(sample.kernel.groups[0].idleMs, null, 'no idle times from another namespace');
    assert.match(r.err, new RegExp(`process ${s.pid} is in another network namespace \\(net:\\[\\d+\\]\\); its sockets are read from /proc/${s.pid}/net`));
    await assertUntouched(s);
  });

  it('a C program: its accepted sockets in CLOSE_WAIT grouped by peer address and local port', async () => {
    const binary = compileNative();
    try {
      const s = keep(await startService(binary, ['7']));
      const r = await inspect(['--pid', String(s.pid), '--json']);
      assert.equal(r.code, 0, r.err);
      const sample = JSON.parse(r.out);
      const ss = ssRows(s.pid).filter((x) => x.state === 'CLOSE-WAIT');
      assert.equal(ss.length, 7);
      assert.equal(sample.tcp.CLOSE_WAIT, ss.length);
      assert.equal(sample.kernel.reason, 'not-node');
      const g = sample.kernel.groups[0];
      assert.deepEqual(
        [g.direction, g.remote, g.localPort, g.count, g.withUnreadData, g.unreadBytes],
        ['inbound', '127.0.0.1', s.ready.port, 7, 7, ss.reduce((n, x) => n + x.recvQ, 0)],
      );
      assert.equal(g.unreadBytes, 14, '"x" and the FIN on each');
      assert.match(
        sample.kernel.verdicts.join('\n'),
        new RegExp(`^7 sockets from 127\\.0\\.0\\.1 on local port ${s.ready.port} in CLOSE_WAIT with unread data`, 'm'),
      );
      await assertUntouched(s);
    } finally {
      fs.rmSync(path.dirname(binary), { recursive: true, force: true });
    }
  });

  it('--kernel-only on a Node.js process: the kernel view, no signal, no inspector opened', async () => {
    const t = await startTarget(path.join(FIXTURES, 'http-target.js'), [], ['--inspect-port=0']);
    try {
      await t.waitFor('ready');
      const before = listenPorts(t.pid);
      const r = await inspect(['--pid', String(t.pid), '--kernel-only', '--json']);
      assert.equal(r.code, 0, r.err);
      const sample = JSON.parse(r.out);
      assert.equal(sample.view, 'kernel');
      assert.equal(sample.kernel.reason, 'kernel-only');
      assert.equal(sample.nodeVersion, null);
      assert.equal(sample.tcp.LISTEN, 1);
      assert.match(
        r.err,
        new RegExp(
          `^socklint: kernel view of pid ${t.pid} \\(--kernel-only\\), read from /proc without signalling it or opening an inspector; JavaScript facts are not available\\n$`,
        ),
      );
      assert.deepEqual(listenPorts(t.pid), before, 'no inspector port opened');
      assert.equal(await httpGet(t.events.ready.port), `pong ${t.pid}\n`);
      assert.equal(t.child.exitCode, null);
      assert.equal(t.child.signalCode, null);
    } finally {
      await t.stop();
    }
  });

  it('ESTABLISHED sockets without traffic for long are grouped both ways, with a verdict', async () => {
    // Connections to its own listener: as many outbound as accepted sockets, silent since.
    const s = keep(await startPython(['fill', '--nofile', '1024', '--fill', '24']));
    const port = s.ready.port;
    const established = ssRows(s.pid).filter((x) => x.state === 'ESTAB').length;
    assert.ok(established >= 10 && established % 2 === 0, `${established} ESTABLISHED`);
    await new Promise((r) => setTimeout(r, 600));
    const view = KernelSampler.open(s.pid, { reason: 'not-node', longIdleMs: 500 });
    const sample = await view.sample();
    await view.detach();
    const outbound = sample.kernel.groups.find((g) => g.direction === 'outbound')!;
    const inbound = sample.kernel.groups.find((g) => g.direction === 'inbound')!;
    assert.deepEqual([outbound.state, outbound.remote, outbound.localPort, outbound.count], ['ESTABLISHED', `127.0.0.1:${port}`, null, established / 2]);
    assert.deepEqual([inbound.state, inbound.remote, inbound.localPort, inbound.count], ['ESTABLISHED', '127.0.0.1', port, established / 2]);
    assert.ok(outbound.idleMs!.min >= 500, `idle ${outbound.idleMs!.min} ms`);
    assert.match(
      sample.kernel.verdicts.join('\n'),
      new RegExp(`^${established / 2} sockets to 127\\.0\\.0\\.1:${port} ESTABLISHED with no traffic \\(idle [^)]+\\): held open and unused`, 'm'),
    );
    await assertUntouched(s);
  });

  it('--watch ends with one sentence when the process exits', async () => {
    const s = keep(await startPython(['upstream']));
    const cli = runCli(['--pid', String(s.pid), '--watch', '--interval', '100']);
    await cli.waitOut('sample #2');
    await s.stop();
    const { code } = await cli.exited;
    assert.equal(code, 2);
    assert.match(cli.err(), new RegExp(`^socklint: Process ${s.pid} exited while it was being sampled\\.$`, 'm'));
    assert.match(cli.out(), /^tcp  LISTEN 1$/m, 'it sampled before the exit');
  });

  it('--kernel-only needs --pid; --trace-sites needs the JavaScript view', async () => {
    const a = await inspect(['--port', '9229', '--kernel-only']);
    assert.equal(a.code, 2);
    assert.match(a.err, /^socklint: --kernel-only reads \/proc\/<pid>: give --pid\n/);
    const b = await inspect(['--pid', String(process.pid), '--kernel-only', '--trace-sites']);
    assert.equal(b.code, 2);
    assert.match(b.err, /--trace-sites needs the JavaScript view/);
  });

  it('a pid that does not exist, a zombie: one sentence, as for Node.js processes', async () => {
    const gone = spawnSync('true').pid!;
    const r = await inspect(['--pid', String(gone), '--kernel-only']);
    assert.equal(r.code, 2);
    assert.equal(r.err, `socklint: No process with pid ${gone} exists.\n`);
    // The child outlives bash's exec into sleep, which never reaps it (a child that ended before
    // the exec could be reaped by bash itself: no zombie, no /proc entry).
    const parent = spawn('bash', ['-c', 'sleep 0.5 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout!.once('data', (c) => resolve(Number(String(c).trim()))));
      const state = () => (fs.existsSync(`/proc/${zombie}/status`) ? fs.readFileSync(`/proc/${zombie}/status`, 'utf8') : '');
      for (let i = 0; i < 200 && !/^State:\s+Z/m.test(state()); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(state(), /^State:\s+Z/m, `pid ${zombie} became a zombie`);
      const z = await inspect(['--pid', String(zombie)]);
      assert.equal(z.code, 2);
      assert.equal(
        z.err,
        `socklint: Process ${zombie} is a zombie: it has exited and is waiting for its parent to collect its exit status, so there is nothing to inspect.\n`,
      );
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
