// socklint inspect --pid N --format sarif: a live process's sockets as runtime-confirmed findings
// at their creation line, counted against the kernel's own table.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { CLI, ensureBuilt, fixture } from '../cli/cliHarness';
import { socketInodes } from '../../packages/inspector/test/helpers';

// Opens 8 connections as soon as the inspector's site tracing subscribes to net.client.socket, so
// every one of them has its creation line. The agent's socket tracker subscribes to the same
// channel first (at attach), so the target waits for the second subscriber. The server ends each
// connection at once; the half-open clients never end theirs: CLOSE_WAIT, no timeout, no 'error' listener.
const TARGET = `const net = require('node:net');
const dc = require('node:diagnostics_channel');
const channel = dc.channel('net.client.socket');
const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
  const wait = setInterval(() => {
    if ((channel._subscribers || []).length < 2) return;
    clearInterval(wait);
    for (let i = 0; i < 8; i++) {
      const client = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen: true });
      client.resume();
    }
  }, 20);
  console.log('READY');
});
`;

/** CLOSE_WAIT rows of the process's sockets, from /proc/<pid>/net/tcp{,6}. */
function closeWaitCount(pid: number): number {
  const inodes = socketInodes(pid);
  let n = 0;
  for (const file of ['tcp', 'tcp6']) {
    const rows = fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      if (cols[3] === '08' && inodes.has(cols[9])) n++;
    }
  }
  return n;
}

describe('socklint inspect --format sarif', function () {
  this.timeout(120000);
  let target: ChildProcess | undefined;
  before(ensureBuilt);
  afterEach(() => target?.kill('SIGKILL'));

  it('the live sockets of a line: missing-socket-timeout, missing-error-listener and missing-end-handler (CLOSE_WAIT) at the net.connect line, as many as the kernel shows', async () => {
    const dir = fixture({ 'target.js': TARGET });
    target = spawn(process.execPath, ['target.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => target!.stdout!.on('data', (d: Buffer) => String(d).includes('READY') && resolve()));
    // Tracing for 4 s: on a loaded machine the 8 connections (made when tracing starts) can take
    // more than a second to be made and ended by the server.
    const r = spawnSync(process.execPath, [CLI, 'inspect', '--pid', String(target.pid), '--format', 'sarif', '--trace-ms', '4000'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Log;
    const line = TARGET.split('\n').findIndex((l) => l.includes('net.connect(')) + 1;
    const at = (ruleId: string) => log.runs[0].results?.find((x) => x.ruleId === ruleId && x.locations?.[0].physicalLocation?.region?.startLine === line);
    const kernel = closeWaitCount(target.pid!);
    assert.equal(kernel, 8);
    for (const ruleId of ['missing-socket-timeout', 'missing-error-listener']) {
      assert.equal(at(ruleId)?.properties?.count, 8, `${ruleId}: ${JSON.stringify(log.runs[0].results, null, 1)}`);
    }
    const closeWait = at('missing-end-handler');
    assert.equal(closeWait?.properties?.count, kernel);
    assert.match(closeWait.message.text ?? '', /^confirmed live: 8 sockets from this line in CLOSE_WAIT in pid \d+ \(CLOSE_WAIT 8/);
    assert.equal(closeWait.properties?.runtimeConfirmed, true);
    assert.equal(path.basename(closeWait.locations![0].physicalLocation!.artifactLocation!.uri!), 'target.js');
  });
});
