// Every way attaching can fail ends in one sentence on stderr and exit code 2.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runInspect } from '../../../server/src/cli/inspect';
import { InspectorError, Sampler } from '../src';
import { captureIo, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

async function inspect(args: string[]) {
  const cap = captureIo();
  const code = await runInspect(args, cap.io);
  return { code, out: cap.out(), err: cap.err() };
}

/** One line, starting "socklint: ", no stack trace. */
function assertOneSentence(err: string, pattern: RegExp): void {
  const lines = err.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${err}`);
  assert.match(lines[0], /^socklint: /);
  assert.doesNotMatch(err, /\n\s+at /);
  assert.match(lines[0], pattern);
}

describe('inspector: failures', function () {
  this.timeout(30000);
  const targets: Target[] = [];
  const start = async (file: string, args: string[] = [], nodeArgs: string[] = []) => {
    const t = await startTarget(path.join(FIXTURES, file), args, nodeArgs);
    targets.push(t);
    await t.waitFor('ready');
    return t;
  };
  afterEach(async () => {
    for (const t of targets.splice(0)) await t.stop();
  });

  it('port 9229 held by another process: names the holder', async () => {
    // The squatter waits for 9229 if a neighbour holds it right now.
    const squatter = await start('port-squatter.js', ['9229']);
    const t = await start('http-target.js');
    const r = await inspect(['--pid', String(t.pid), '--json']);
    assert.equal(r.code, 2);
    assertOneSentence(
      r.err,
      new RegExp(
        `Process ${t.pid} could not open its inspector: port 9229 is already in use by pid ${squatter.pid} \\(.*port-squatter\\.js.*\\); ` +
          `stop pid ${squatter.pid} or move it off port 9229, or restart process ${t.pid} with --inspect-port=0 \\(or NODE_OPTIONS=--inspect-port=0\\) so that it opens its inspector on a free port when asked\\.$`,
      ),
    );
    assert.equal(r.out, '');
  });

  it('a pid that is not Node: its kernel view, unsignalled, said in one sentence (issue 15)', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const r = await inspect(['--pid', String(child.pid)]);
      assert.equal(r.code, 0);
      assertOneSentence(
        r.err,
        new RegExp(`process ${child.pid} \\(sleep 30\\) is not a Node\\.js process: kernel view, .*; JavaScript facts are not available$`),
      );
      assert.match(r.out, /^tcp  no TCP sockets$/m);
      assert.equal(child.exitCode, null);
      assert.equal(child.signalCode, null, 'not signalled');
    } finally {
      process.kill(child.pid!, 'SIGKILL');
    }
  });

  it('a pid that does not exist', async () => {
    const gone = spawnSync('true').pid;
    const r = await inspect(['--pid', String(gone)]);
    assert.equal(r.code, 2);
    assertOneSentence(r.err, new RegExp(`No process with pid ${gone} exists\\.$`));
  });

  it('the target exiting while it is being sampled (--watch)', async () => {
    const t = await start('http-target.js', ['--lifetime', '1200'], ['--inspect-port=0']);
    const r = await inspect(['--pid', String(t.pid), '--watch', '--interval', '100']);
    assert.equal(r.code, 2);
    assertOneSentence(r.err, new RegExp(`Process ${t.pid} exited while it was being sampled\\.$`));
    assert.match(r.out, new RegExp(`pid ${t.pid}`), 'it sampled before the exit');
    assert.equal((await t.exited).code, 0, 'the target exited normally, not held by the debugger');
  });

  it('the target killed between samples (Sampler API)', async () => {
    const t = await start('http-target.js', [], ['--inspect-port=0']);
    const sampler = await Sampler.attach({ pid: t.pid });
    await sampler.sample();
    process.kill(t.pid, 'SIGKILL');
    await t.exited;
    await assert.rejects(sampler.sample(), (err: unknown) => {
      assert.ok(err instanceof InspectorError);
      assert.equal(err.code, 'TARGET_EXITED');
      assert.equal(err.message, `Process ${t.pid} exited while it was being sampled.`);
      return true;
    });
    assert.equal((await sampler.detach()).inspectorClosed, false);
  });

  it('an app that handles SIGUSR1 itself', async () => {
    const t = await start('sigusr1-handler.js', [], ['--inspect-port=0']);
    const r = await inspect(['--pid', String(t.pid)]);
    assert.equal(r.code, 2);
    // First a note that it keeps waiting (a blocked target opens late), then the one sentence.
    const [note, ...rest] = r.err.trimEnd().split('\n');
    assert.match(note, /^socklint: process \d+ has not opened its inspector within 3 s of SIGUSR1; waiting up to 12 s more/);
    assertOneSentence(rest.join('\n') + '\n', /did not open an inspector within 15 s of SIGUSR1: the app probably handles SIGUSR1 itself/);
    await t.waitFor('sigusr1', 1000);
  });

  it('a non-loopback inspector host unless given with --host', async () => {
    const r = await inspect(['--url', 'ws://10.1.2.3:9229/abc']);
    assert.equal(r.code, 2);
    assertOneSentence(r.err, /Refusing to connect to 10\.1\.2\.3: .* --host 10\.1\.2\.3\.$/);
  });

  it('usage errors', async () => {
    // (No target at all lists the candidates instead: attach-candidates.test.ts.)
    for (const args of [['--pid', '12', '--port', '9229'], ['--pid', 'abc'], ['--pid', '1', '--json', '--watch'], ['--bogus']]) {
      const r = await inspect(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^socklint: .*\nRun "socklint inspect --help" for usage\.\n$/);
    }
    assert.equal((await inspect(['--help'])).code, 0);
  });

  it('--json prints one sample and exits 0', async () => {
    const t = await start('http-target.js', [], ['--inspect-port=0']);
    const r = await inspect(['--pid', String(t.pid), '--json']);
    assert.equal(r.code, 0, r.err);
    const sample = JSON.parse(r.out);
    for (const key of ['pid', 'nodeVersion', 'sampleCostMs', 'fds', 'tcp', 'sockets', 'servers', 'agents', 'resources']) assert.ok(key in sample, key);
    assert.equal(sample.pid, t.pid);
    assert.equal(sample.servers[0].address, `127.0.0.1:${t.events.ready.port}`);
    assert.equal(r.err, '');
  });
});
