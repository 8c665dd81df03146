// The panel's extension-host side against a real target: the session ticks once a second, pages
// sockets, the table filters agree with the kernel, the report quotes the sample, detach cleans
// up, and a target that exits ends the session once with one clear sentence.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { InspectorSession, shortCommand } from '../../../client/src/inspector/session';
import { markdownReport } from '../../../client/src/inspector/report';
import { viewRows } from '../../../client/src/inspector/webview/socketView';
import { parsePort, parseUrl } from '../../../client/src/inspector/targets';
import { parseSite, type Sample } from '@socklint/protocol/webview';
import { INSPECT_ANY_PORT, LIVE, listenPorts, startTarget, truthSockets, type Target } from './helpers';
import { verdictOf } from '../src';

const CLIENTS = 10;

function nextSamples(session: InspectorSession, n: number, timeoutMs = 8000): Promise<Sample[]> {
  return new Promise((resolve, reject) => {
    const got: Sample[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${n} samples within ${timeoutMs} ms`)), timeoutMs);
    const on = (s: Sample) => {
      got.push(s);
      if (got.length === n) {
        clearTimeout(timer);
        session.off('sample', on);
        resolve(got);
      }
    };
    session.on('sample', on);
  });
}

describe('inspector panel: session against a real target (examples/live/close-wait.js)', function () {
  this.timeout(40000);
  let target: Target;
  let session: InspectorSession | undefined;

  before(async () => {
    target = await startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', String(CLIENTS), '--lifetime', '120'], INSPECT_ANY_PORT);
    await target.waitFor('load-done');
    // No inspector open yet: attaching sends SIGUSR1; --inspect-port=0 lets it open on a free port.
    session = await InspectorSession.start({ pid: target.pid }, { label: 'node close-wait.js' });
  });
  after(async () => {
    await session?.detach().catch(() => undefined);
    await target?.stop();
  });

  it('samples about once a second', async () => {
    const samples = await nextSamples(session!, 3);
    assert.ok(samples[1].seq > samples[0].seq && samples[2].seq > samples[1].seq);
    const gap = (samples[2].t - samples[0].t) / 2;
    assert.ok(gap >= 700 && gap <= 2500, `mean gap ${gap} ms`);
    assert.equal(samples[2].pid, target.pid);
    assert.equal(session!.target.pid, target.pid);
    assert.equal(session!.target.label, `node close-wait.js (pid ${target.pid})`);
    assert.deepEqual(session!.target.attach, { pid: target.pid });
  });

  it('the table filters agree with the kernel and the sample', async () => {
    const [sample] = await nextSamples(session!, 1);
    const page = await session!.sockets(0, 200);
    assert.equal(page.total, CLIENTS * 2);
    const base = { filters: {}, search: '', sort: { key: 'fd' as const, dir: 1 as const } };
    const closeWait = viewRows(page.items, { ...base, filters: { closeWait: true } });
    const kernelCloseWait = truthSockets(target.pid).filter((r) => r.state === 'CLOSE_WAIT').length;
    assert.equal(closeWait.length, CLIENTS);
    assert.equal(closeWait.length, kernelCloseWait);
    assert.equal(viewRows(page.items, { ...base, filters: { noTimeout: true } }).length, sample.sockets.withoutTimeout);
    // Both filters at once: the server side never set a timeout, so every CLOSE_WAIT socket passes.
    assert.equal(viewRows(page.items, { ...base, filters: { noTimeout: true, closeWait: true } }).length, CLIENTS);
    const byFdDesc = viewRows(page.items, { ...base, sort: { key: 'fd', dir: -1 } }).map((r) => r.fd!);
    assert.deepEqual(
      byFdDesc,
      [...byFdDesc].sort((a, b) => b - a),
    );
    const port = String(target.events.ready.port);
    assert.equal(viewRows(page.items, { ...base, search: `:${port}` }).length, CLIENTS * 2);
  });

  it('the markdown report quotes the sample: servers, TCP states, sockets', async () => {
    const [sample] = await nextSamples(session!, 1);
    const sockets = await session!.sockets(0, 200);
    const verdict = verdictOf(sample, session!.history);
    const md = markdownReport({ exportedAt: new Date().toISOString(), target: session!.target, sample, sockets, verdict, history: [...session!.history] });
    // The verdict first: the CLOSE_WAIT pile-up and its rule.
    assert.ok(md.includes(`## Verdict\n\n- ${CLIENTS} sockets in CLOSE_WAIT (the peer closed, this process never ended them`), md);
    assert.ok(md.indexOf('## Verdict') < md.indexOf('## Summary'));
    assert.ok(md.includes(`- ${session!.history.length} samples in the export's history (JSON)`), md);
    assert.match(md, new RegExp(`^# Socklint inspector snapshot: node close-wait\\.js \\(pid ${target.pid}\\)`));
    assert.ok(md.includes(`| 127.0.0.1:${target.events.ready.port} | net | ${CLIENTS} |`), md);
    assert.ok(md.includes(`CLOSE_WAIT ${CLIENTS}`), md);
    assert.ok(md.includes(`## Sockets (${CLIENTS * 2} of ${CLIENTS * 2})`), md);
  });

  it('detach ends the session without an error and closes the inspector it opened', async () => {
    const inspectorPort = Number(session!.target.endpoint.split(':').pop());
    assert.ok(listenPorts(target.pid).includes(inspectorPort));
    const ended = new Promise<[string | null, boolean]>((resolve) => session!.once('end', (e, x) => resolve([e, x])));
    await session!.detach();
    assert.deepEqual(await ended, [null, false]);
    assert.equal(session!.active, false);
    assert.ok(!listenPorts(target.pid).includes(inspectorPort), 'inspector port still listening');
    await assert.rejects(session!.sockets(0, 10), /detached/);
  });
});

describe('inspector panel: the target exits while attached', function () {
  this.timeout(30000);

  it('ends the session once, with one sentence naming the process', async () => {
    const target = await startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', '2', '--lifetime', '120'], INSPECT_ANY_PORT);
    try {
      await target.waitFor('load-done');
      const session = await InspectorSession.start({ pid: target.pid }, { label: 'node close-wait.js' });
      await nextSamples(session, 1);
      const errors: Array<string | null> = [];
      const exited: boolean[] = [];
      session.on('end', (e, x) => {
        errors.push(e);
        exited.push(x);
      });
      await target.stop();
      const deadline = Date.now() + 5000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1500)); // a second end would come with the next tick
      assert.equal(errors.length, 1);
      // The process went away: the panel shows it as exited, not as a failure.
      assert.deepEqual(exited, [true]);
      assert.match(errors[0]!, new RegExp(`${target.pid}.*(exit|gone|closed)`, 'i'));
      assert.ok(!errors[0]!.includes('\n') && !/at \w+ \(/.test(errors[0]!), 'one sentence, no stack');
      assert.equal(session.active, false);
    } finally {
      await target.stop();
    }
  });
});

describe('inspector panel: parsing what the user types', () => {
  it('ports, host:port and URLs', () => {
    assert.deepEqual(parsePort('9229'), { port: 9229 });
    assert.deepEqual(parsePort(' 127.0.0.1:9230 '), { port: 9230, host: '127.0.0.1' });
    assert.deepEqual(parsePort('[::1]:9229'), { port: 9229, host: '::1' });
    assert.equal(parsePort('0'), null);
    assert.equal(parsePort('70000'), null);
    assert.equal(parsePort('nine'), null);
    assert.deepEqual(parseUrl('ws://127.0.0.1:9229/abc'), { url: 'ws://127.0.0.1:9229/abc' });
    assert.deepEqual(parseUrl('http://localhost:9229'), { port: 9229, host: 'localhost' });
    assert.equal(parseUrl('ftp://x'), null);
    assert.equal(parseUrl('not a url'), null);
  });

  it('a report with no sample says so, and table cells cannot break the markdown', () => {
    const md = markdownReport({ exportedAt: '2026-01-01T00:00:00.000Z', target: null, sample: null, sockets: null });
    assert.match(md, /^# Socklint inspector snapshot\n/);
    assert.ok(md.includes('No sample was taken.'));
    const row = {
      fd: 7,
      kind: 'client' as const,
      local: '127.0.0.1:1',
      remote: '10.0.0.1:80',
      state: 'ESTABLISHED' as const,
      rxQueue: 0,
      txQueue: 0,
      kernelTimer: null,
      kernelTimerMs: null,
      ageMs: 1000,
      ageSource: 'firstSeen' as const,
      idleMs: 61000,
      timeout: null,
      keepAlive: null,
      bytesRead: 0,
      bytesWritten: 0,
      listeners: { error: false, end: true, close: true, timeout: false },
      refd: true,
      destroyed: false,
      paused: false,
      owner: 'a|b\nc',
      request: null,
      site: null,
    };
    const withRow = markdownReport({ exportedAt: 'x', target: null, sample: null, sockets: { total: 1, offset: 0, items: [row] } });
    const line = withRow.split('\n').find((l) => l.startsWith('| 7 |'))!;
    assert.equal(line, '| 7 | client | 127.0.0.1:1 | 10.0.0.1:80 | ESTABLISHED | none | 61 s | **no** | a\\|b c | – |');
  });

  it('creation sites and command labels', () => {
    assert.deepEqual(parseSite('/srv/app/relay.js:42:7'), { file: '/srv/app/relay.js', line: 42, column: 7 });
    assert.deepEqual(parseSite('file:///srv/app/relay.mjs:3:1'), { file: 'file:///srv/app/relay.mjs', line: 3, column: 1 });
    assert.equal(parseSite('accepted by 127.0.0.1:8080'), null);
    assert.equal(shortCommand('/usr/bin/node --inspect=0 server.js --port 80'), 'node server.js');
    assert.equal(shortCommand('node'), 'node');
  });
});
