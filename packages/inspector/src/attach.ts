// Finding or opening a target's inspector and connecting to it.
// For a pid: use the port of its --inspect flag, else its already-open inspector, else send
// SIGUSR1 and learn the port it really opened from /proc (never assume 9229: that is how other
// tools attach to the wrong process). Without /proc (macOS, Windows) the port is the one its
// command line names, else 9229, and the inspector's own process.pid must match. Every failure
// is one sentence that says why.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CdpClient, listTargets, type EvaluateResponse } from './cdp';
import { IDENTITY_EXPRESSION } from './agent';
import { activateInspector, hasProcfs, psCommandLine, psExecutable } from './osProcess';
import {
  findInodeOwner,
  findListener,
  listenSockets,
  pidExists,
  procAvailable,
  readCmdline,
  readComm,
  readListenRows,
  readProcStatus,
  signalBit,
  socketFdsOf,
  type TcpRow,
} from './procfs';
import { InspectorError, type AttachInfo, type AttachTarget } from './types';

export const DEFAULT_INSPECTOR_PORT = 9229;
const POLL_MS = 50;
const OPEN_TIMEOUT_MS = 3000;
/**
 * After OPEN_TIMEOUT_MS without an inspector, keep watching this much longer: a process blocked
 * in a synchronous call (execSync, a long native call) opens it only when it returns, and one
 * that opens after socklint gave up stays open for good.
 */
const LATE_OPEN_MS = 12_000;
const SIGUSR1 = 10;
/** Nodes open the inspector within ~100 ms of SIGUSR1 (measured 77-99 ms); well past that, look elsewhere. */
const PROBE_AFTER_MS = 600;

export interface Connection {
  cdp: CdpClient;
  info: AttachInfo;
}

/**
 * 127.0.0.0/8, ::1, ::ffff:127.x.x.x and "localhost": the one loopback rule for every inspector
 * address, wherever it came from (--url, --port's host, a /json/list answer, a command line).
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (!net.isIPv6(h)) return false;
  let normal: string;
  try {
    normal = new URL(`http://[${h}]/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return normal === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(normal);
}

/** A host as --host compares it: no brackets, lower case. */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.replace(/^\[|\]$/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** Loopback, or the host the user named with --host. */
export function hostAllowed(host: string, allowed: string | undefined): boolean {
  return isLoopback(host) || (allowed !== undefined && sameHost(host, allowed));
}

const OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--title',
  '-e',
  '--eval',
  '-p',
  '--print',
  '--env-file',
  '--input-type',
  '--stack-size',
]);

/**
 * The inspector port of a Node command line: `active` when --inspect[-brk|-wait] opened it at
 * startup; --inspect-port alone only chooses the port a later SIGUSR1 opens.
 */
export function inspectPortFromArgs(args: string[]): { port: number; host: string | null; active: boolean } | null {
  type Found = { port: number; host: string | null; active: boolean };
  let found = null as Found | null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // Node's own flags come before the script; everything after it belongs to the app.
    if (a === '--' || !a.startsWith('-')) break;
    // Options whose value is the next argument: skip it, it is not the script.
    if (OPTIONS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    let m = /^--inspect(?:-brk|-wait)?(?:=(?:(\[[^\]]+\]|[^:=]+):)?(\d+))?$/.exec(a);
    if (m) {
      found = { port: m[2] ? Number(m[2]) : (found?.port ?? DEFAULT_INSPECTOR_PORT), host: m[1] ?? found?.host ?? null, active: true };
      continue;
    }
    // --inspect-port=[host:]port, or with the value as the next argument.
    const value = a === '--inspect-port' || a === '--debug-port' ? `${a}=${args[++i] ?? ''}` : a;
    m = /^--(?:inspect-port|debug-port)=(?:(\[[^\]]+\]|[^:=]+):)?(\d+)$/.exec(value);
    if (m) found = { port: Number(m[2]), host: m[1] ?? found?.host ?? null, active: found?.active ?? false };
  }
  return found;
}

/** A node executable's name (node, nodejs, node20, node.exe…), from any path. */
export const isNodeName = (p: string) => /^(node|nodejs|iojs)(\d+(\.\d+)*)?(\.exe)?$/i.test(path.basename(p));

/** Is this a Node.js process? By its executable, else by argv[0]. */
export function looksLikeNode(pid: number): boolean {
  const argv0 = readCmdline(pid)[0] ?? '';
  if (isNodeName(argv0)) return true;
  const comm = readComm(pid);
  if (comm && isNodeName(comm)) return true;
  try {
    // exe is readable for our own processes only; comm may be a process.title.
    return isNodeName(fs.readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

/** "node server.js --port 80": paths shortened to their base names, at most 80 characters. */
function shortCommand(pid: number): string {
  const args = readCmdline(pid).map((a) => (a.startsWith('/') ? path.basename(a) : a));
  const cmd = args.length ? args.join(' ') : (readComm(pid) ?? '?');
  return cmd.length > 80 ? cmd.slice(0, 77) + '...' : cmd;
}

/** Checks the pid can be attached to; without /proc, returns its command line as `ps` shows it. */
function checkPid(pid: number, procfs: boolean): string[] {
  if (!Number.isInteger(pid) || pid <= 0) throw new InspectorError('NO_SUCH_PID', `"${pid}" is not a process id.`);
  try {
    process.kill(pid, 0);
  } catch (caught) {
    const err = caught as NodeJS.ErrnoException | undefined;
    if (err?.code === 'ESRCH' || !pidExists(pid)) throw new InspectorError('NO_SUCH_PID', `No process with pid ${pid} exists.`);
    if (err?.code === 'EPERM') throw new InspectorError('PERMISSION', `Cannot attach to pid ${pid}: it belongs to another user (permission denied).`);
    throw new InspectorError('NO_SUCH_PID', `Cannot signal pid ${pid}: ${err?.message ?? err}.`);
  }
  if (!procfs) {
    // SIGUSR1 terminates a process that does not handle it: signal only what `ps` calls node by
    // its executable (argv[0] alone is whatever its parent chose: `exec -a node sleep` is sleep).
    const args = psCommandLine(pid);
    const exe = psExecutable(pid);
    if (exe !== null ? isNodeName(exe) : isNodeName(args[0] ?? '')) return args;
    if (args.length === 0 && exe === null) {
      // Windows has no ps, and _debugProcess fails harmlessly on other processes; a signal does not.
      if (process.platform === 'win32') return args;
      throw new InspectorError('NOT_NODE', `Cannot tell whether process ${pid} is a Node.js process (no /proc, no ps): attach with --port <port> instead.`);
    }
    throw new InspectorError('NOT_NODE', `Process ${pid} (${args.join(' ').slice(0, 80) || exe}) is not a Node.js process.`);
  }
  const status = readProcStatus(pid);
  if (status?.state === 'Z' || status?.state === 'X')
    throw new InspectorError(
      'NO_SUCH_PID',
      `Process ${pid} is a zombie: it has exited and is waiting for its parent to collect its exit status, so there is nothing to inspect.`,
    );
  if (!looksLikeNode(pid)) throw new InspectorError('NOT_NODE', `Process ${pid} (${shortCommand(pid)}) is not a Node.js process.`);
  if (!procAvailable(pid))
    throw new InspectorError('PERMISSION', `Cannot read /proc/${pid}/fd: attaching needs the same user as the target (permission denied).`);
  return [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portsOf(pid: number): Set<number> {
  try {
    return new Set(listenSockets(pid).map((r) => r.local.port));
  } catch {
    if (!pidExists(pid)) throw new InspectorError('NO_SUCH_PID', `Process ${pid} exited before the inspector opened.`);
    return new Set();
  }
}

/** Why SIGUSR1 opened nothing, as one sentence. */
function whyNoInspector(pid: number, args: string[], port: number): InspectorError {
  const listener = port > 0 ? findListener(pid, port) : null;
  if (listener) {
    // The holder from /proc (the process whose fd links to the listening socket's inode), and what to do about it.
    const owner = findInodeOwner(listener.inode);
    const who = owner
      ? `pid ${owner.pid} (${shortCommand(owner.pid)})`
      : `another process (one this user cannot see; \`ss -ltnp 'sport = :${port}'\` as root names it)`;
    const stop = owner ? `stop pid ${owner.pid} or move it off port ${port}` : `free port ${port}`;
    return new InspectorError(
      'PORT_TAKEN',
      `Process ${pid} could not open its inspector: port ${port} is already in use by ${who}; ${stop}, or restart process ${pid} with --inspect-port=0 (or NODE_OPTIONS=--inspect-port=0) so that it opens its inspector on a free port when asked.`,
    );
  }
  if (args.includes('--disable-sigusr1'))
    return new InspectorError('SIGNAL_HANDLED', `Process ${pid} was started with --disable-sigusr1, so it cannot open an inspector on request.`);
  return new InspectorError(
    'SIGNAL_HANDLED',
    `Process ${pid} did not open an inspector within ${(OPEN_TIMEOUT_MS + LATE_OPEN_MS) / 1000} s of SIGUSR1: the app probably handles SIGUSR1 itself (process.on('SIGUSR1')), which replaces Node's debugger activation, or it is blocked in a synchronous call and opens the inspector when that returns.`,
  );
}

/** Node's options of a process: NODE_OPTIONS (from its environment) then its command line's. */
function nodeArgsOf(pid: number, argv: string[]): string[] {
  let env = '';
  try {
    env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    /* another user's, or gone */
  }
  const opts = env
    .split('\0')
    .find((v) => v.startsWith('NODE_OPTIONS='))
    ?.slice('NODE_OPTIONS='.length)
    .split(/\s+/)
    .filter((a) => a.startsWith('-'));
  return [...(opts ?? []), ...argv.slice(1)];
}

/**
 * SIGUSR1's default action ends a process: send it only to one that catches it (Node does,
 * unless started with --disable-sigusr1 or its SIGUSR1 listeners were removed) and can handle it
 * now (not stopped).
 */
function checkSignalSafe(pid: number, args: string[]): void {
  const status = readProcStatus(pid);
  if (!status) return; // no status to read: the signal step reports a vanished process
  if (status.state === 'T' || status.state === 't')
    throw new InspectorError(
      'SIGNAL_UNSAFE',
      `Process ${pid} is stopped (SIGSTOP, Ctrl+Z or a debugger): it would open its inspector only once continued, after socklint gave up; continue it (kill -CONT ${pid}) and attach again.`,
    );
  const bit = signalBit(SIGUSR1);
  if (status.sigIgn & bit)
    throw new InspectorError(
      'SIGNAL_UNSAFE',
      `Process ${pid} ignores SIGUSR1, so it cannot be asked to open an inspector: start it with --inspect-port=127.0.0.1:0 and attach again, or attach with --port to an inspector it opens itself.`,
    );
  if (!(status.sigCgt & bit)) {
    const why = args.includes('--disable-sigusr1')
      ? 'it was started with --disable-sigusr1'
      : "it has no SIGUSR1 handler (Node's was removed, or it is not Node)";
    throw new InspectorError(
      'SIGNAL_UNSAFE',
      `Process ${pid} (${shortCommand(pid)}) is not a Node.js process able to open an inspector on request: ${why}, so SIGUSR1 would kill it; socklint did not signal it.`,
    );
  }
}

/** Refuses to make a process open its inspector on an address reachable from other machines. */
function checkSignalHost(pid: number, host: string | null, port: number, allowed: string | undefined): void {
  if (host === null || hostAllowed(host, allowed)) return;
  const bare = host.replace(/^\[|\]$/g, '');
  throw new InspectorError(
    'NOT_LOOPBACK',
    `Process ${pid} would open its inspector on ${host}:${port} (its --inspect-port), which other machines can reach, and an inspector runs any code it is sent: socklint does not open it there. Give --host ${bare} to allow it, or start the process with --inspect-port=127.0.0.1:${port}.`,
  );
}

interface Opened {
  port: number;
  host: string;
  via: AttachInfo['via'];
  openedByUs: boolean;
}

/** Ensure the pid has an inspector; returns its port and whether we opened it. */
async function openInspector(pid: number, allowedHost: string | undefined, onNotice?: (text: string) => void): Promise<Opened> {
  const cmdline = readCmdline(pid);
  const args = nodeArgsOf(pid, cmdline);
  const before = portsOf(pid);
  const fromArgs = inspectPortFromArgs(args);
  if (fromArgs?.active && fromArgs.port !== 0 && before.has(fromArgs.port)) {
    return { port: fromArgs.port, host: fromArgs.host?.replace(/^\[|\]$/g, '') ?? '127.0.0.1', via: 'cmdline', openedByUs: false };
  }
  // The port SIGUSR1 opens: --inspect-port's, else 9229 (0 = any free port).
  const signalPort = fromArgs ? fromArgs.port : DEFAULT_INSPECTOR_PORT;
  if (fromArgs?.active) {
    // --inspect=0: the inspector is open on a port we cannot predict; ask the pid's listeners.
    const p = await findInspectorAmong(before);
    if (p !== null) return { port: p, host: '127.0.0.1', via: 'cmdline', openedByUs: false };
  } else if (before.has(signalPort) && (await isInspector('127.0.0.1', signalPort))) {
    // Opened earlier (by someone's SIGUSR1): reuse it. (Whether a socklint opened it, and so
    // closes it when the last one leaves, the target itself knows.)
    return { port: signalPort, host: '127.0.0.1', via: 'listening', openedByUs: false };
  }
  checkSignalSafe(pid, args);
  checkSignalHost(pid, fromArgs?.host ?? null, signalPort, allowedHost);
  // Fail fast, before signalling, when the port SIGUSR1 will try is someone else's.
  if (signalPort > 0 && !before.has(signalPort) && findListener(pid, signalPort)) throw whyNoInspector(pid, cmdline, signalPort);
  const beforeRows = new Set(readListenRows(pid).map((r) => r.inode));
  signal(pid);
  const started = Date.now();
  let probed = signalPort !== 0;
  let told = false;
  while (Date.now() - started < OPEN_TIMEOUT_MS + LATE_OPEN_MS) {
    await sleep(POLL_MS);
    const opened = newListener(pid, beforeRows);
    if (opened) {
      if (!hostAllowed(opened.local.address, allowedHost)) await closeExposed(pid, opened);
      return { port: opened.local.port, host: '127.0.0.1', via: 'sigusr1', openedByUs: true };
    }
    if (!probed && Date.now() - started >= PROBE_AFTER_MS) {
      // Nothing new on a free-port (--inspect-port=0) target: an earlier SIGUSR1 may have opened it
      // already. Asking the app's own listeners has side effects, so only after a while.
      probed = true;
      const p = await findInspectorAmong(before);
      if (p !== null) return { port: p, host: '127.0.0.1', via: 'listening', openedByUs: false };
    }
    if (!told && Date.now() - started >= OPEN_TIMEOUT_MS) {
      told = true;
      onNotice?.(
        `process ${pid} has not opened its inspector within ${OPEN_TIMEOUT_MS / 1000} s of SIGUSR1; waiting up to ${LATE_OPEN_MS / 1000} s more (a process busy in a synchronous call opens it only when the call returns)`,
      );
    }
  }
  throw whyNoInspector(pid, cmdline, signalPort);
}

/** A LISTEN socket of the pid that was not there before the signal, or null. */
function newListener(pid: number, beforeInodes: Set<number>): TcpRow | null {
  let rows: TcpRow[];
  try {
    rows = readListenRows(pid).filter((r) => !beforeInodes.has(r.inode));
  } catch {
    rows = [];
  }
  if (rows.length === 0) {
    if (!pidExists(pid)) throw new InspectorError('NO_SUCH_PID', `Process ${pid} exited before the inspector opened.`);
    return null;
  }
  // New in the namespace; only the pid's own counts (another process may have started listening).
  const owned = socketFdsOf(pid, new Set(rows.map((r) => r.inode)));
  return rows.find((r) => owned.has(r.inode)) ?? null;
}

/**
 * The signal opened the inspector on a non-loopback address after all (an option socklint did
 * not see): close it again at once, through loopback, and say so.
 */
async function closeExposed(pid: number, row: TcpRow): Promise<never> {
  const via = row.local.address.includes(':') ? '::1' : '127.0.0.1';
  let closed = false;
  try {
    const ws = await wsUrlFor(via, row.local.port, undefined);
    const cdp = await CdpClient.connect(ws);
    try {
      const id = await cdp.send<EvaluateResponse<{ pid?: number }>>(
        'Runtime.evaluate',
        { expression: IDENTITY_EXPRESSION, returnByValue: true, silent: true, timeout: 1000 },
        3000,
      );
      if (id?.result?.value?.pid === pid) {
        await cdp
          .send('Runtime.evaluate', { expression: CLOSE_INSPECTOR_EXPRESSION, includeCommandLineAPI: true, silent: true, timeout: 1000 }, 1500)
          .catch(() => undefined);
        closed = true;
      }
    } finally {
      cdp.close();
    }
  } catch {
    /* reported below */
  }
  const where = `${row.local.address.includes(':') ? `[${row.local.address}]` : row.local.address}:${row.local.port}`;
  throw new InspectorError(
    'NOT_LOOPBACK',
    `Process ${pid} opened its inspector on ${where}, which other machines can reach: ${closed ? 'socklint closed it again at once' : 'socklint could not close it again; stop the process or close the port'}. Give --host ${row.local.address} to allow it.`,
  );
}

const CLOSE_INSPECTOR_EXPRESSION = `(typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('inspector') : require('inspector')).close()`;

function signal(pid: number): void {
  try {
    activateInspector(pid);
  } catch (caught) {
    const err = caught as NodeJS.ErrnoException | undefined;
    if (err?.code === 'ESRCH') throw new InspectorError('NO_SUCH_PID', `No process with pid ${pid} exists.`);
    throw new InspectorError('PERMISSION', `Cannot ask pid ${pid} to open its inspector: ${err?.message ?? err}.`);
  }
}

/**
 * Without /proc: the inspector is on the port the command line names (--inspect, --inspect-port),
 * else on 9229 once SIGUSR1 opens it. A port held by another process's inspector is caught by the
 * pid check after connecting.
 */
async function openInspectorWithoutProcfs(pid: number, args: string[], allowedHost: string | undefined): Promise<Opened> {
  const fromArgs = inspectPortFromArgs(args.slice(1));
  const port = fromArgs ? fromArgs.port : DEFAULT_INSPECTOR_PORT;
  if (port === 0)
    throw new InspectorError(
      'NO_INSPECTOR',
      `Process ${pid} opens its inspector on a random port (=0), and without /proc socklint cannot tell which: attach with --port <port>.`,
    );
  const listed = fromArgs?.host?.replace(/^\[|\]$/g, '') ?? '127.0.0.1';
  // All interfaces include loopback: ask there.
  const host = listed === '0.0.0.0' || listed === '::' ? '127.0.0.1' : listed;
  if (await isInspector(host, port)) return { port, host, via: fromArgs?.active ? 'cmdline' : 'listening', openedByUs: false };
  checkSignalHost(pid, fromArgs?.host ?? null, port, allowedHost);
  signal(pid);
  const started = Date.now();
  while (Date.now() - started < OPEN_TIMEOUT_MS) {
    await sleep(POLL_MS);
    if (await isInspector(host, port)) return { port, host, via: 'sigusr1', openedByUs: true };
  }
  throw new InspectorError(
    'NO_INSPECTOR',
    `Process ${pid} did not open an inspector on ${host}:${port} within ${OPEN_TIMEOUT_MS / 1000} s: another program may hold the port, or the app handles SIGUSR1 itself.`,
  );
}

async function findInspectorAmong(ports: Set<number>): Promise<number | null> {
  for (const p of ports) if (await isInspector('127.0.0.1', p)) return p;
  return null;
}

async function isInspector(host: string, port: number): Promise<boolean> {
  try {
    const list = await listTargets(host, port, 500);
    return list.some((t) => typeof t.webSocketDebuggerUrl === 'string');
  } catch {
    return false;
  }
}

/**
 * The debugger URL the inspector on host:port lists. It is followed only under the loopback rule:
 * a /json/list answer naming another host (a fake inspector, a proxy) would send the sampler's
 * code there.
 */
async function wsUrlFor(host: string, port: number, allowed: string | undefined): Promise<string> {
  const hosts = host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
  let lastErr: unknown = null;
  for (const h of hosts) {
    // The listener can appear a moment before the HTTP side answers.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const list = await listTargets(h.includes(':') ? `[${h}]`.replace(/^\[\[/, '[').replace(/\]\]$/, ']') : h, port);
        const t = list.find((x) => typeof x.webSocketDebuggerUrl === 'string');
        if (t?.webSocketDebuggerUrl) return checkListedUrl(t.webSocketDebuggerUrl, host, port, allowed);
        lastErr = new Error('it lists no debuggable target');
      } catch (err) {
        if (err instanceof InspectorError) throw err; // a refusal, not a listener still starting
        lastErr = err;
      }
      await sleep(60);
    }
  }
  const msg = lastErr instanceof Error ? lastErr.message : String(lastErr);
  throw new InspectorError('CONNECT_FAILED', `No Node.js inspector answers on ${host}:${port} (${msg}).`);
}

function checkListedUrl(url: string, host: string, port: number, allowed: string | undefined): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InspectorError('CONNECT_FAILED', `The inspector on ${host}:${port} lists a debugger URL that is not a URL (${url.slice(0, 100)}).`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    throw new InspectorError('CONNECT_FAILED', `The inspector on ${host}:${port} lists a debugger URL that is not ws:// (${url.slice(0, 100)}).`);
  const listed = u.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(listed, allowed))
    throw new InspectorError(
      'NOT_LOOPBACK',
      `Refusing to follow the inspector on ${host}:${port} to ${listed} (its /json/list names ${url.slice(0, 100)}): an inspector runs any code it is sent, so non-loopback hosts must be given explicitly with --host ${listed}.`,
    );
  return url;
}

/**
 * The /proc of `pid` describes the target only if that pid holds the inspector's listener (a pid
 * evaluated inside a container names another process out here).
 */
function ownsPort(pid: number, port: number): boolean {
  try {
    return listenSockets(pid).some((r) => r.local.port === port);
  } catch {
    return false;
  }
}

function checkHost(host: string, allowed: string | undefined): void {
  if (hostAllowed(host, allowed)) return;
  throw new InspectorError(
    'NOT_LOOPBACK',
    `Refusing to connect to ${host}: an inspector runs any code it is sent, so non-loopback hosts must be given explicitly with --host ${host}.`,
  );
}

export interface AttachOptions {
  /** Use /proc to find a pid's inspector and read its kernel facts. Default: where the system has one. */
  procfs?: boolean;
  /** Progress worth telling the user (a target slow to open its inspector). */
  onNotice?: (text: string) => void;
}

/** Attach to a target; the returned connection has verified the target's pid. */
export async function attach(target: AttachTarget, options: AttachOptions = {}): Promise<Connection> {
  const procfs = options.procfs ?? hasProcfs();
  let host = target.host ?? '127.0.0.1';
  let port: number;
  let wsUrl: string;
  let via: AttachInfo['via'];
  let openedByUs = false;
  if (target.url) {
    let u: URL;
    try {
      u = new URL(target.url);
    } catch {
      throw new InspectorError('CONNECT_FAILED', `"${target.url}" is not a ws:// inspector URL.`);
    }
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new InspectorError('CONNECT_FAILED', `"${target.url}" is not a ws:// inspector URL.`);
    host = u.hostname.replace(/^\[|\]$/g, '');
    checkHost(host, target.host);
    port = Number(u.port || 80);
    wsUrl = target.url;
    via = 'url';
  } else if (target.port !== undefined) {
    if (!Number.isInteger(target.port) || target.port <= 0 || target.port > 65535)
      throw new InspectorError('CONNECT_FAILED', `"${target.port}" is not a port number.`);
    checkHost(host, target.host);
    port = target.port;
    wsUrl = await wsUrlFor(host, port, target.host);
    via = 'port';
  } else if (target.pid !== undefined) {
    const psArgs = checkPid(target.pid, procfs);
    if (target.host) checkHost(target.host, target.host);
    const opened = procfs ? await openInspector(target.pid, target.host, options.onNotice) : await openInspectorWithoutProcfs(target.pid, psArgs, target.host);
    // An inspector the user opened on all interfaces is reached through loopback.
    host = opened.host === '0.0.0.0' || opened.host === '::' ? '127.0.0.1' : opened.host;
    checkHost(host, target.host);
    port = opened.port;
    via = opened.via;
    openedByUs = opened.openedByUs;
    wsUrl = await wsUrlFor(host, port, target.host);
  } else {
    throw new InspectorError('CONNECT_FAILED', 'Nothing to attach to: give a pid, a port or a ws:// URL.');
  }

  const cdp = await CdpClient.connect(wsUrl);
  let identity: { pid: number; nodeVersion: string } | undefined;
  try {
    const res = await cdp.send<EvaluateResponse<{ pid: number; nodeVersion: string }>>(
      'Runtime.evaluate',
      { expression: IDENTITY_EXPRESSION, returnByValue: true, silent: true, timeout: 1000 },
      3000,
    );
    identity = res?.result?.value;
    if (!identity || typeof identity.pid !== 'number') throw new InspectorError('CONNECT_FAILED', `The inspector at ${wsUrl} is not a Node.js process.`);
  } catch (err) {
    cdp.close();
    throw err;
  }
  if (target.pid !== undefined && identity.pid !== target.pid) {
    cdp.close();
    throw new InspectorError('PID_MISMATCH', `The inspector on ${host}:${port} belongs to pid ${identity.pid}, not to pid ${target.pid}.`);
  }
  const pid = identity.pid;
  cdp.closeError = () =>
    pidExists(pid)
      ? new InspectorError('TARGET_EXITED', `The inspector connection to pid ${pid} closed.`)
      : new InspectorError('TARGET_EXITED', `Process ${pid} exited while it was being inspected.`);
  return {
    cdp,
    info: {
      pid,
      nodeVersion: identity.nodeVersion,
      host,
      port,
      wsUrl,
      via,
      openedByUs,
      procfs: procfs && isLoopback(host) && procAvailable(pid) && ownsPort(pid, port),
    },
  };
}
