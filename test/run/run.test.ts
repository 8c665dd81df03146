// socklint run against real test runners (mocha, node --test) and real processes: what is left
// open is caught at the line that created it, with the kernel's state; the command's output and
// exit code are passed through.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, ensureBuilt, fixture, type CliRun } from '../cli/cliHarness';

/** The CLI, killed after a minute: a fixture that hangs fails its test instead of the whole run. */
function runCli(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    timeout: 60000,
    killSignal: 'SIGKILL',
  });
  assert.equal(r.error, undefined, `socklint ${args.join(' ')}: ${r.error?.message}\n${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  message: string;
  runtime: {
    kind: string;
    count: number;
    states: Record<string, number>;
    examples: string[];
    processes: Array<{ pid: number; command: string }>;
    staticRules: string[];
  };
}

function messages(json: string, file: string): JsonMessage[] {
  const results = JSON.parse(json) as Array<{ filePath: string; messages: JsonMessage[] }>;
  return results.filter((r) => r.filePath === file).flatMap((r) => r.messages);
}

/** The line (1-based) of the first occurrence of `text` in `source`. */
function lineOf(source: string, text: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in fixture`);
  return i + 1;
}

// A suite whose test leaves its server listening and its client connected. It prints the ports
// the OS gave the client, to check the report against.
const LEAKY_SUITE = `const net = require('node:net');
const assert = require('node:assert');

describe('a client', () => {
  it('talks to a server', (done) => {
    const server = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1');
      client.on('connect', () => {
        console.log('PORTS ' + client.localPort + ' ' + server.address().port);
        assert.ok(client.localPort > 0);
        done();
      });
    });
  });
});
`;

const CLEAN_SUITE = `const net = require('node:net');
const assert = require('node:assert');

describe('a client', () => {
  it('talks to a server and closes both', (done) => {
    const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1');
      client.on('connect', () => assert.ok(client.localPort > 0));
      client.on('close', () => server.close(done));
      client.resume();
    });
  });
});
`;

const FAILING_CLEAN_SUITE = `const assert = require('node:assert');
describe('arithmetic', () => {
  it('is wrong once', () => assert.equal(1 + 1, 3));
  it('is wrong twice', () => assert.equal(2 + 2, 5));
  it('is right', () => assert.equal(1, 1));
});
`;

const NODE_TEST_LEAK = `const net = require('node:net');
const test = require('node:test');

test('leaves a server listening', async () => {
  const server = net.createServer(() => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise((resolve) => net.connect(server.address().port, '127.0.0.1').on('connect', resolve));
});
`;

const NODE_TEST_CLEAN = `const net = require('node:net');
const test = require('node:test');

test('closes its server', async () => {
  const server = net.createServer((s) => s.end());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect(server.address().port, '127.0.0.1');
  client.resume();
  await new Promise((resolve) => client.on('close', resolve));
  await new Promise((resolve) => server.close(resolve));
});
`;

describe('socklint run', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('a mocha --exit suite that leaves a server and a client open: exit 1, each at its line, with the state and the ports the OS gave', () => {
    const dir = fixture({ 'leak.test.js': LEAKY_SUITE });
    const r = runCli(['run', '--format', 'json', '--', process.execPath, MOCHA, '--exit', 'leak.test.js'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /1 passing/); // the command's output, passed through
    const [, clientPort, serverPort] = /PORTS (\d+) (\d+)/.exec(r.stdout)!;
    const found = messages(r.stderr, path.join(dir, 'leak.test.js'));
    const client = found.find((m) => m.ruleId === 'socket-left-open' && m.line === lineOf(LEAKY_SUITE, 'net.connect('));
    assert.ok(client, JSON.stringify(found, null, 1));
    assert.deepEqual(client.runtime.states, { ESTABLISHED: 1 });
    assert.deepEqual(client.runtime.examples, [`127.0.0.1:${clientPort} → 127.0.0.1:${serverPort}`]);
    assert.deepEqual(client.runtime.staticRules, ['missing-socket-timeout', 'missing-error-listener']);
    assert.match(client.runtime.processes[0].command, /mocha\.js --exit leak\.test\.js$/);
    const server = found.find((m) => m.ruleId === 'server-left-open');
    assert.equal(server?.line, lineOf(LEAKY_SUITE, '.listen(0'));
    assert.deepEqual(server.runtime.states, { LISTEN: 1 });
    // The server's side of the connection is grouped at the server's line.
    const accepted = found.find((m) => m.ruleId === 'socket-left-open' && m.line === server.line);
    assert.deepEqual(accepted?.runtime.examples, [`127.0.0.1:${serverPort} → 127.0.0.1:${clientPort}`]);
  });

  it('a mocha suite kept alive by its leak (no --exit): stopped after --idle-exit, exit 1 with the lines (stylish)', () => {
    const dir = fixture({ 'leak.test.js': LEAKY_SUITE });
    const r = runCli(['run', '--idle-exit', '2', '--', process.execPath, MOCHA, 'leak.test.js'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /stopped the command: every Node\.js process of it was idle for 2 s/);
    assert.match(r.stderr, new RegExp(`^leak\\.test\\.js$`, 'm'));
    assert.match(
      r.stderr,
      new RegExp(
        `^  ${lineOf(LEAKY_SUITE, 'net.connect(')}:\\d+ +error +1 socket created here still open while the process was still running \\(ESTABLISHED 1;`,
        'm',
      ),
    );
    assert.match(r.stderr, /✖ 3 left open \(2 sockets, 1 server\) in 1 of 1 Node\.js process/);
  });

  it('the same suite fixed: exit 0, and its output passed through', () => {
    const dir = fixture({ 'clean.test.js': CLEAN_SUITE });
    const r = runCli(['run', '--', process.execPath, MOCHA, 'clean.test.js'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 passing/);
    assert.equal(r.stderr, '');
  });

  it("a clean suite that fails keeps the runner's own exit code", () => {
    const dir = fixture({ 'math.test.js': FAILING_CLEAN_SUITE });
    const r = runCli(['run', '--', process.execPath, MOCHA, 'math.test.js'], dir);
    assert.equal(r.code, 2, r.stderr); // mocha exits with the number of failures
    assert.match(r.stdout, /2 failing/);
  });

  it('a node --test suite that leaks: the file run by the runner is traced, stopped after --idle-exit, exit 1 at the line', () => {
    const dir = fixture({ 'leak.test.js': NODE_TEST_LEAK });
    const r = runCli(['run', '--format', 'sarif', '--idle-exit', '2', '--', process.execPath, '--test', 'leak.test.js'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stderr.slice(r.stderr.indexOf('{'))) as Log;
    const results = log.runs[0].results ?? [];
    const at = (ruleId: string, line: number) =>
      results.find(
        (x) =>
          x.ruleId === ruleId &&
          x.locations?.[0].physicalLocation?.region?.startLine === line &&
          x.locations[0].physicalLocation.artifactLocation?.uri === 'leak.test.js',
      );
    assert.ok(at('server-left-open', lineOf(NODE_TEST_LEAK, 'server.listen(')), JSON.stringify(results, null, 1));
    const client = at('socket-left-open', lineOf(NODE_TEST_LEAK, 'net.connect('));
    assert.ok(client);
    assert.equal(client.properties?.runtimeConfirmed, true);
    assert.deepEqual(client.properties?.states, { ESTABLISHED: 1 });
    assert.ok(log.runs[0].tool.driver.rules?.some((rule) => rule.id === 'socket-left-open' && /docs\/run\.md#socket-left-open$/.test(rule.helpUri ?? '')));
  });

  it('the node --test suite fixed: exit 0', () => {
    const dir = fixture({ 'clean.test.js': NODE_TEST_CLEAN });
    const r = runCli(['run', '--idle-exit', '5', '--', process.execPath, '--test', 'clean.test.js'], dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /# pass 1/);
  });

  it('a child Node process that the command spawns is traced: its leak is caught at its own line', () => {
    const child = `const net = require('node:net');
const server = net.createServer((accepted) => accepted.unref()).listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  socket.on('connect', () => {
    socket.unref();
    server.unref();
  });
});
`;
    const parent = `const { spawnSync } = require('node:child_process');
const r = spawnSync(process.execPath, [__dirname + '/child.js'], { stdio: 'inherit' });
console.log('child exited with ' + r.status);
`;
    const dir = fixture({ 'child.js': child, 'parent.js': parent });
    const r = runCli(['run', '--format', 'json', '--', process.execPath, 'parent.js'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /child exited with 0/);
    const found = messages(r.stderr, path.join(dir, 'child.js'));
    const socket = found.find((m) => m.ruleId === 'socket-left-open' && m.line === lineOf(child, 'net.connect('));
    assert.ok(socket, r.stderr);
    assert.match(socket.runtime.processes[0].command, /^node child\.js$/);
    assert.equal(messages(r.stderr, path.join(dir, 'parent.js')).length, 0);
  });

  it('a command that is not Node still runs, its output and exit code kept; "nothing to trace" said once', () => {
    const dir = fixture({});
    const r = runCli(['run', '--', 'sh', '-c', 'echo hello; echo oops >&2; exit 3'], dir);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'hello\n');
    assert.equal(r.stderr, 'oops\nsocklint run: nothing to trace: sh -c echo hello; echo oops >&2; exit 3 started no Node.js process\n');
  });

  it('run.ignore in socklint.config.json: an ignored creation site does not fail the run; --output writes the report to a file', () => {
    const dir = fixture({
      'leak.test.js': LEAKY_SUITE,
      'socklint.config.json': JSON.stringify({
        run: { ignore: [`leak.test.js:${lineOf(LEAKY_SUITE, '.listen(0')}`, `leak.test.js:${lineOf(LEAKY_SUITE, 'net.connect(')}`] },
      }),
    });
    const r = runCli(['run', '--format', 'json', '--output', 'report.json', '--', process.execPath, MOCHA, '--exit', 'leak.test.js'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')), []);
  });

  it('--leaks: a timer and a tls.connect socket left behind are at their lines; without it the timer is counted and the TLS socket has no line', () => {
    const script = `const net = require('node:net');
const tls = require('node:tls');
const server = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
  const secure = tls.connect({ port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false });
  secure.on('error', () => {});
  setInterval(() => {}, 60000);
  setTimeout(() => process.exit(0), 300);
});
`;
    const dir = fixture({ 'app.js': script });
    const traced = runCli(['run', '--leaks', '--format', 'json', '--', process.execPath, 'app.js'], dir);
    assert.equal(traced.code, 1, traced.stderr);
    const found = messages(traced.stderr, path.join(dir, 'app.js'));
    const timer = found.find((m) => m.ruleId === 'timer-left-open');
    assert.equal(timer?.line, lineOf(script, 'setInterval('), traced.stderr);
    assert.deepEqual(timer.runtime.examples, ['every 60000 ms']);
    assert.ok(
      found.some((m) => m.ruleId === 'socket-left-open' && m.line === lineOf(script, 'tls.connect(')),
      traced.stderr,
    );

    const plain = runCli(['run', '--format', 'json', '--', process.execPath, 'app.js'], dir);
    assert.equal(plain.code, 1, plain.stderr);
    const unplaced = messages(plain.stderr, '(no creation line)');
    assert.ok(
      unplaced.some((m) => m.ruleId === 'timer-left-open' && m.runtime.count === 1 && /--leaks/.test(m.message)),
      plain.stderr,
    );
    assert.ok(
      unplaced.some((m) => m.ruleId === 'socket-left-open' && /not created by net\.connect/.test(m.message)),
      plain.stderr,
    );
  });

  it('a bad run section in socklint.config.json: exit 2 naming the key, and the command is not run', () => {
    const dir = fixture({ 'socklint.config.json': JSON.stringify({ run: { maxOpen: 1, gate: true } }) });
    const r = runCli(['run', '--', 'sh', '-c', 'echo ran'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /socklint\.config\.json: unknown key "run\.gate"/);
  });

  it('without --idle-exit a quiet command is never stopped: one line says it has been idle (run.idleNotice), and it ends on its own', () => {
    const dir = fixture({
      'quiet.js': "setTimeout(() => console.log('done'), 2500);\n",
      'socklint.config.json': JSON.stringify({ run: { idleNotice: 1 } }),
    });
    const r = runCli(['run', '--', process.execPath, 'quiet.js'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'done\n');
    assert.match(
      r.stderr,
      /^socklint run: every Node\.js process of the command has been idle for 1 s \(pid \d+\); if a socket, server or timer left open keeps it alive, --idle-exit <seconds> reports what it is and stops the command\n$/,
    );
  });

  it('a command that cannot be found: exit 127 and one line', () => {
    const r = runCli(['run', '--', 'no-such-command-socklint'], fixture({}));
    assert.equal(r.code, 127);
    assert.equal(r.stderr, 'socklint: command not found: no-such-command-socklint\n');
  });
});
