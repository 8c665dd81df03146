// Real non-Node processes for the kernel view's tests (fixtures/kernel-service.py and .c): spawned
// with a stdin pipe, so they can be asked which signals they received, and read independently of
// the inspector's own /proc code.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { runInspect } from '../../../server/src/cli/inspect';
import { captureIo, eventually } from './helpers';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const PY_SERVICE = path.join(FIXTURES, 'kernel-service.py');

export interface Service {
  child: ChildProcess;
  pid: number;
  ready: any;
  /** The signals it caught since it started (asked over stdin, answered by the process itself). */
  signals: () => Promise<number>;
  stop: () => Promise<void>;
}

/** Starts a program that prints a JSON "ready" line and answers "signals" on stdin. */
export async function startService(command: string, args: string[]): Promise<Service> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const lines: any[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l));
    } catch {
      /* not an event */
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = async (event: string, from: number) => {
    const ok = await eventually(() => lines.slice(from).some((m) => m.event === event) || child.exitCode !== null, 20000, 20);
    const m = lines.slice(from).find((x) => x.event === event);
    if (!ok || !m) throw new Error(`${path.basename(args[0] ?? command)} did not print "${event}"; stderr: ${err}`);
    return m;
  };
  const ready = await next('ready', 0);
  return {
    child,
    pid: child.pid!,
    ready,
    signals: async () => {
      const from = lines.length;
      child.stdin!.write('signals\n');
      const m = await next('signals', from);
      return Array.isArray(m.received) ? m.received.length : m.count;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export const startPython = (args: string[]) => startService('python3', [PY_SERVICE, ...args]);

/** `socklint inspect <args>` in this process: exit code, stdout, stderr. */
export async function inspect(args: string[]) {
  const cap = captureIo();
  const code = await runInspect(args, cap.io);
  return { code, out: cap.out(), err: cap.err() };
}

/** What must hold after socklint looked at a service: alive, not stopped, and no signal caught. */
export async function assertUntouched(s: Service): Promise<void> {
  assert.equal(s.child.exitCode, null, 'still running');
  assert.equal(s.child.signalCode, null);
  const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${s.pid}/status`, 'utf8'))?.[1];
  assert.ok(state === 'S' || state === 'R', `state ${state}`);
  assert.equal(await s.signals(), 0, 'the service caught no signal');
}

/** The pid's TCP rows from `ss -tanp` (netlink, our namespace): state, Recv-Q, local, peer. */
export function ssRows(pid: number): Array<{ state: string; recvQ: number; local: string; peer: string }> {
  const res = spawnSync('ss', ['-tanpH'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(res.status, 0, `ss -tanp: ${res.stderr}`);
  return res.stdout
    .split('\n')
    .filter((l) => l.includes(`pid=${pid},`))
    .map((l) => {
      const f = l.trim().split(/\s+/);
      return { state: f[0], recvQ: Number(f[1]), local: f[3], peer: f[4] };
    });
}

/** Compiles fixtures/kernel-service.c with the system's C compiler into a temporary directory. */
export function compileNative(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-kernel-'));
  const out = path.join(dir, 'kernel-service');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-o', out, path.join(FIXTURES, 'kernel-service.c')], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `cc failed: ${cc.error?.message ?? cc.stderr}`);
  return out;
}
