// Real target processes for the inspector tests, and the truth about them read independently of
// the inspector's own /proc code: `ss -tanp` (netlink), or a separate minimal /proc reader.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as readline from 'node:readline';

export const ROOT = path.resolve(__dirname, '../../..');
export const LIVE = path.join(ROOT, 'examples/live');
/**
 * Node flag for targets: SIGUSR1 then opens the inspector on any free port instead of 9229, which
 * other programs on a shared machine may hold. (No inspector is open until the signal.)
 */
export const INSPECT_ANY_PORT = ['--inspect-port=0'];

export interface Target {
  child: ChildProcess;
  pid: number;
  events: Record<string, any>;
  stderr: () => string;
  /** Resolves with the next stdout event of that name (or the one already seen). */
  waitFor: (event: string, timeoutMs?: number) => Promise<any>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop: () => Promise<void>;
}

/** Spawns a Node program that prints JSON lines `{ event, pid, ... }` on stdout. */
export async function startTarget(file: string, args: string[] = [], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT, env });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const events: Record<string, any> = {};
  const waiters: Array<{ event: string; resolve: (v: any) => void }> = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    let msg: any;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (!msg || typeof msg.event !== 'string') return;
    msg.receivedAt = Date.now();
    events[msg.event] = msg;
    for (const w of waiters.filter((x) => x.event === msg.event)) w.resolve(msg);
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (event: string, timeoutMs = 15000) =>
    new Promise<any>((resolve, reject) => {
      if (events[event]) return resolve(events[event]);
      const t = setTimeout(() => reject(new Error(`${path.basename(file)} did not print "${event}" within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
      waiters.push({
        event,
        resolve: (v) => {
          clearTimeout(t);
          resolve(v);
        },
      });
      exited.then(({ code }) => reject(new Error(`${path.basename(file)} exited (${code}) before "${event}"; stderr: ${err}`)));
    });
  const target: Target = {
    child,
    pid: child.pid!,
    events,
    stderr: () => err,
    waitFor,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
  return target;
}

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

export interface TruthSocket {
  state: string;
  recvQ: number;
  localPort: number;
  remotePort: number;
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

const HAVE_SS = spawnSync('ss', ['-V']).status === 0;

/** The pid's TCP sockets from `ss -tanp` (netlink), or from a separate minimal /proc reader without ss. */
export function truthSockets(pid: number): TruthSocket[] {
  return HAVE_SS ? ssSockets(pid) : procSockets(pid);
}

function ssSockets(pid: number): TruthSocket[] {
  const res = spawnSync('ss', ['-tanp'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`ss -tanp failed: ${res.error?.message ?? res.stderr}`);
  const out = res.stdout;
  const rows: TruthSocket[] = [];
  for (const line of out.split('\n').slice(1)) {
    if (!line.includes(`pid=${pid},`)) continue;
    const f = line.trim().split(/\s+/);
    rows.push({ state: SS_STATES[f[0]] ?? f[0], recvQ: Number(f[1]), localPort: portOf(f[3]), remotePort: portOf(f[4]) });
  }
  return rows;
}

/** The inodes of a live process's sockets, from its /proc fd links. */
export function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      /* closed meanwhile */
    }
  }
  return inodes;
}

function procSockets(pid: number): TruthSocket[] {
  const inodes = socketInodes(pid);
  const names = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'];
  const rows: TruthSocket[] = [];
  for (const file of ['tcp', 'tcp6']) {
    const text = fs.existsSync(`/proc/${pid}/net/${file}`) ? fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8') : '';
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      rows.push({
        state: names[parseInt(f[3], 16)],
        recvQ: parseInt(f[4].split(':')[1], 16),
        localPort: parseInt(f[1].split(':')[1], 16),
        remotePort: parseInt(f[2].split(':')[1], 16),
      });
    }
  }
  return rows;
}

/** State histogram, without the inspector's own sockets (as the sample reports it). */
export function truthStates(rows: TruthSocket[], inspectorPort: number): Record<string, number> {
  const h: Record<string, number> = {};
  for (const r of rows) if (r.localPort !== inspectorPort) h[r.state] = (h[r.state] ?? 0) + 1;
  return h;
}

export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

export function listenPorts(pid: number): number[] {
  return truthSockets(pid)
    .filter((r) => r.state === 'LISTEN')
    .map((r) => r.localPort)
    .sort((a, b) => a - b);
}

/** Captures runInspect's output. */
export function captureIo() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    },
    out: () => out,
    err: () => err,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET a path (default /) on a loopback port: the body, or an error (a timeout included). */
export function httpGet(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false, timeout: 30000 }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('request timeout'));
      })
      .on('error', reject);
  });
}

/** What a fixtures/inspectable.js target says about itself (read inside it, not through the inspector). */
export interface TargetState {
  global: boolean;
  sessions: number;
  subscribed: string[];
  inspectorOpen: boolean;
}

export async function targetState(t: Target): Promise<TargetState> {
  return JSON.parse(await httpGet(t.events.ready.port, '/state'));
}

/** Polls until `check` returns true or the time is up; returns its last answer. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

export interface CliRun {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Resolves once stdout contains the text. */
  waitOut: (text: string, timeoutMs?: number) => Promise<void>;
}

/** `socklint inspect <args>` as a separate process (inspect-cli.ts here). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'inspect-cli.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitOut = async (text: string, timeoutMs = 20000) => {
    if (!(await eventually(() => out.includes(text) || child.exitCode !== null, timeoutMs, 50)) || !out.includes(text))
      throw new Error(`the CLI did not print "${text}"; stderr: ${err}`);
  };
  return { child, out: () => out, err: () => err, exited, waitOut };
}
