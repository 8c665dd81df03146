// Choosing what to attach to, with real processes: the editor's own processes (its helpers, its
// extension host's children, the processes above it) are left out, the open folder's processes
// come first, and `socklint inspect` with no target lists the candidates and exits 2.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { candidatesText } from '../../../server/src/cli/inspect';
import { editorRoots, listNodeProcesses, orderCandidates } from '../src';
import { runCli } from './helpers';

/** A Node program that prints `{"pid":…}` lines (its own, then any child's) and idles for a minute. */
const IDLE = `setTimeout(() => {}, 60000); console.log(JSON.stringify({ pid: process.pid }));`;
const HOST = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, [process.argv[2]], { stdio: ['ignore', 'inherit', 'inherit'] });
setTimeout(() => child.kill(), 60000).unref();
setTimeout(() => {}, 60000);
console.log(JSON.stringify({ pid: process.pid, host: true }));`;

describe('attaching: which processes to offer', function () {
  this.timeout(60000);
  const children: ChildProcess[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-candidates-'));
  const workspace = path.join(tmp, 'workspace');
  const appRoot = path.join(tmp, 'editor', 'lib', 'vscode');
  const elsewhere = path.join(tmp, 'elsewhere');
  const pids: Record<string, number> = {};

  /** Starts `node file [arg]` in `cwd`; resolves with the pids it printed (its own first). */
  async function start(name: string, file: string, cwd: string, arg?: string, lines = 1): Promise<number[]> {
    const child = spawn(process.execPath, arg ? [file, arg] : [file], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const seen: number[] = [];
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`${name} exited`)));
      readline.createInterface({ input: child.stdout! }).on('line', (l) => {
        seen.push(JSON.parse(l).pid);
        if (seen.length === lines) resolve();
      });
    });
    return seen;
  }

  before(async () => {
    for (const dir of [workspace, path.join(appRoot, 'out'), elsewhere]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'server.js'), IDLE);
    fs.writeFileSync(path.join(elsewhere, 'worker.js'), IDLE);
    fs.writeFileSync(path.join(appRoot, 'out', 'helper.js'), IDLE);
    fs.writeFileSync(path.join(tmp, 'editor', 'host.js'), HOST);
    fs.writeFileSync(path.join(elsewhere, 'language-server.js'), IDLE);
    [pids.service] = await start('service', 'server.js', workspace);
    [pids.worker] = await start('worker', 'worker.js', elsewhere);
    [pids.helper] = await start('helper', path.join(appRoot, 'out', 'helper.js'), tmp);
    // A stand-in extension host (run from the editor's folder) with a language server child.
    const hostLines = await start('host', path.join(tmp, 'editor', 'host.js'), tmp, path.join(elsewhere, 'language-server.js'), 2);
    [pids.host, pids.languageServer] = await hostPair(hostLines);
  });

  /** The host prints after its child may have: tell them apart by parentage (/proc/<pid>/stat). */
  async function hostPair(lines: number[]): Promise<[number, number]> {
    const ppid = (pid: number) => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    };
    return ppid(lines[0]) === lines[1] ? [lines[1], lines[0]] : [lines[0], lines[1]];
  }

  after(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the editor's install folder from its appRoot (code-server, VS Code)", () => {
    assert.deepEqual(editorRoots('/usr/lib/code-server/lib/vscode'), ['/usr/lib/code-server/lib/vscode', '/usr/lib/code-server']);
    assert.deepEqual(editorRoots('/usr/share/code/resources/app'), ['/usr/share/code/resources/app', '/usr/share/code']);
    assert.deepEqual(editorRoots('/opt/editor'), ['/opt/editor']);
    assert.deepEqual(editorRoots(''), []);
  });

  it("leaves out the editor's processes and puts the open folder's first", () => {
    const own = { pids: new Set([pids.host]), roots: editorRoots(appRoot), parents: new Set([pids.host]) };
    const { shown, hidden } = orderCandidates(listNodeProcesses(), [workspace], own);
    const shownPids = shown.map((p) => p.pid);
    assert.equal(shown[0].pid, pids.service, 'the process started in the open folder comes first');
    assert.equal(shown[0].cwd, workspace);
    assert.ok(shownPids.includes(pids.worker), 'a process elsewhere is still offered');
    for (const name of ['helper', 'host', 'languageServer']) assert.ok(!shownPids.includes(pids[name]), `${name} is the editor's own`);
    assert.ok(hidden >= 3);
  });

  it('`socklint inspect` with no target lists the candidates and exits 2 with a hint', async () => {
    const cli = runCli([]);
    const { code } = await cli.exited;
    assert.equal(code, 2);
    assert.equal(cli.out(), '');
    const lines = cli.err().trimEnd().split('\n');
    assert.equal(lines[0], 'socklint: give one of --pid, --port or --url.');
    assert.equal(lines[1], 'Node.js processes you can inspect:');
    assert.match(lines[2], /^ {2}pid +command +cwd$/);
    const row = (pid: number) => lines.find((l) => new RegExp(`^ {2}${pid} `).test(l));
    // (At most 30 rows: on a machine running more Node.js processes, this test's may be past them.)
    if (!lines.some((l) => /^ {2}… and \d+ more$/.test(l))) {
      assert.match(row(pids.service) ?? '', new RegExp(`^ {2}${pids.service} +node server\\.js +${workspace}$`));
      assert.match(row(pids.worker) ?? '', /node worker\.js/);
    }
    // socklint itself and the processes above it (this test) are not candidates.
    assert.equal(row(cli.child.pid!), undefined);
    assert.equal(row(process.pid), undefined);
    assert.match(
      lines[lines.length - 1],
      /^Run "socklint inspect --pid \d+" to attach \(add --watch for a live view\), or --port <port> \/ --url <ws:\/\/…> for/,
    );
    // Run from the open folder, its process is listed first and named in the hint.
    const fromWorkspace = candidatesText(workspace).split('\n');
    assert.match(fromWorkspace[3], new RegExp(`^ {2}${pids.service} `));
    assert.match(fromWorkspace[fromWorkspace.length - 1], new RegExp(`^Run "socklint inspect --pid ${pids.service}"`));
  });
});
