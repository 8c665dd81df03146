// The preload `socklint run` puts in NODE_OPTIONS (`--require dist/run-preload.js`), so it runs
// first in every Node process the command starts, children included. It records creation sites
// with the inspector's site tracing (diagnostics_channel: net.connect and accepted sockets, and
// server listen; with --leaks also async_hooks: every socket, server and timer), and writes what is
// still open when the process exits, or when `socklint run` asks while the process hangs.
// Rules as for the inspector's agent: never throws into the app, never calls user callbacks, keeps
// only weak references, adds nothing that keeps the process alive.
/* eslint-disable @typescript-eslint/no-require-imports -- Node's modules are required only once the traced app has loaded them */
import * as dc from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
// (Subpaths, not the package's index: the preload loads in every process and stays small.)
import { makeSites, type SiteInfo } from '@socklint/inspector/inTarget/sites';
import { readTcpTable, socketInode } from '@socklint/inspector/procfs';
import {
  REQUEST_FILE,
  RUN_DIR_ENV,
  RUN_LEAKS_ENV,
  exitFile,
  snapshotFile,
  startFile,
  type OpenServer,
  type OpenSocket,
  type OpenTimer,
  type ProcessReport,
} from './types';

const KEY = Symbol.for('socklint.run');
const SITE_RE = /:\d+:\d+$/;
const POLL_MS = 500;

/** Weak references that drop the dead and the closed once the list doubles (never grows with churn). */
class WeakList<T extends object> {
  private refs: WeakRef<T>[] = [];
  private limit = 256;
  constructor(private readonly open: (o: T) => boolean) {}
  add(o: T): void {
    this.refs.push(new WeakRef(o));
    if (this.refs.length < this.limit) return;
    this.refs = this.refs.filter((r) => {
      const o = r.deref();
      return o !== undefined && this.open(o);
    });
    this.limit = Math.max(256, this.refs.length * 2);
  }
  *live(): Generator<T> {
    for (const r of this.refs) {
      const o = r.deref();
      if (o !== undefined && this.open(o)) yield o;
    }
  }
}

type Handle = { fd?: number; hasRef?: () => boolean; constructor?: { name?: string } } | null | undefined;
type AnySocket = net.Socket & { _handle?: Handle; _parent?: AnySocket | null; server?: unknown; _isStdio?: boolean; isTTY?: boolean };
type AnyServer = net.Server & { _handle?: Handle; _connections?: number };
type Timer = NodeJS.Timeout & { _destroyed?: boolean; _idleTimeout?: number; _repeat?: number | null };

const socketOpen = (s: AnySocket): boolean => !s.destroyed && (!!s._handle || s.connecting);
const serverOpen = (s: AnyServer): boolean => !!s._handle;
const timerOpen = (t: Timer): boolean => !t._destroyed && (t._idleTimeout ?? -1) >= 0 && t.hasRef();

function install(dir: string, leaks: boolean): void {
  const sites = makeSites(dc, { appFrames: true, ownFile: __filename });
  sites.enable();
  const sockets = new WeakList<AnySocket>(socketOpen);
  const servers = new WeakList<AnyServer>(serverOpen);
  const timers = new WeakList<Timer>(timerOpen);
  const agents = new WeakList<object>(() => true);
  const seenAgents = new WeakSet<object>();

  const onSocket = (m: unknown): void => {
    const s = (m as { socket?: AnySocket } | null)?.socket;
    if (s && typeof s === 'object') sockets.add(s);
  };
  dc.subscribe('net.client.socket', onSocket);
  dc.subscribe('net.server.socket', onSocket);
  dc.subscribe('tracing:net.server.listen:asyncStart', (m: unknown) => {
    const srv = (m as { server?: AnyServer } | null)?.server;
    if (!srv || typeof srv !== 'object') return;
    if (!sites.infoOf(srv)) sites.note(srv, 'listen');
    servers.add(srv);
  });
  dc.subscribe('http.client.request.start', (m: unknown) => {
    const a = (m as { request?: { agent?: object } } | null)?.request?.agent;
    if (a && typeof a === 'object' && !seenAgents.has(a)) {
      seenAgents.add(a);
      agents.add(a);
    }
  });

  if (leaks) {
    // async_hooks sees every handle at its creation, also tls.connect and new net.Socket().connect
    // that the channels miss, and timers. It also turns on promise hooks: slower, hence opt-in.
    const asyncHooks = require('node:async_hooks') as typeof import('node:async_hooks');
    asyncHooks
      .createHook({
        init(_id, type, _trigger, resource) {
          if (type === 'Timeout') {
            sites.note(resource as object, 'timer');
            timers.add(resource as Timer);
            // (Not PIPEWRAP: child processes' stdio are pipes too; net.connect to a path has the channel.)
          } else if (type === 'TCPWRAP') sites.note(resource as object, 'client');
          else if (type === 'TCPSERVERWRAP' || type === 'PIPESERVERWRAP') sites.note(resource as object, 'listen');
        },
      })
      .enable();
  }

  const siteOf = (...candidates: unknown[]): SiteInfo | undefined => {
    for (const c of candidates) {
      if (c && typeof c === 'object') {
        const i = sites.infoOf(c);
        if (i) return i;
      }
    }
    return undefined;
  };

  function snapshot(ended: ProcessReport['ended'], exitCode: number | null): ProcessReport {
    const now = Date.now();
    const socketSet = new Set<AnySocket>();
    const serverSet = new Set<AnyServer>();
    const active = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
    for (const h of active) {
      if (h instanceof net.Socket) socketSet.add(h as AnySocket);
      else if (h instanceof net.Server) serverSet.add(h as AnyServer);
    }
    for (const s of sockets.live()) socketSet.add(s);
    for (const s of servers.live()) serverSet.add(s);

    const pooled = new Set<unknown>();
    const agentList: object[] = [...agents.live()];
    for (const id of ['http', 'https']) {
      if (process.moduleLoadList?.includes(`NativeModule ${id}`)) agentList.push((require(`node:${id}`) as typeof import('node:http')).globalAgent);
    }
    for (const a of agentList) {
      const free = (a as { freeSockets?: Record<string, unknown[]> }).freeSockets;
      if (free && typeof free === 'object') for (const list of Object.values(free)) if (Array.isArray(list)) for (const s of list) pooled.add(s);
    }

    const openSockets: OpenSocket[] = [];
    const fds = new Map<number, OpenSocket>();
    let pooledOpen = 0;
    for (const s of socketSet) {
      if (!socketOpen(s) || s._isStdio || s.isTTY) continue;
      const handle = s._handle ?? s._parent?._handle;
      // A TLS socket's own TCP handle is its TLSWrap's _parent (tls.connect without a socket).
      const tlsParent = (s._handle as { _parent?: object } | undefined)?._parent;
      let info = siteOf(s, s._handle, s._parent, s._parent?._handle, tlsParent);
      // An accepted connection has no user frame on its stack: it belongs to its server's line.
      const serverInfo = info?.kind === 'server' && !SITE_RE.test(info.site) ? siteOf(s.server) : undefined;
      if (info && serverInfo) info = { ...info, site: serverInfo.site };
      const handleName = handle?.constructor?.name;
      const tcp = handleName === 'TCP' || handleName === 'TLSWrap' || handleName === 'JSStreamSocket';
      // Pipes nobody traced are child processes' stdio, not sockets of the app.
      if (!info && !tcp) continue;
      if (pooled.has(s)) {
        pooledOpen++;
        continue;
      }
      const fd = typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : null;
      const row: OpenSocket = {
        site: info?.site ?? null,
        kind: !tcp && handleName === 'Pipe' ? 'unix' : s.server || info?.kind === 'server' ? 'server' : 'client',
        fd,
        local: tcp && s.localPort !== undefined ? endpoint(s.localAddress, s.localPort) : null,
        remote: tcp && s.remotePort !== undefined ? endpoint(s.remoteAddress, s.remotePort) : null,
        state: s.connecting ? 'CONNECTING' : null,
        ageMs: info ? now - info.t : null,
        timeoutMs: s.timeout ? s.timeout : null,
        errorListener: s.listenerCount('error') > 0,
        refd: typeof handle?.hasRef === 'function' ? handle.hasRef() : null,
      };
      openSockets.push(row);
      if (fd !== null && tcp) fds.set(fd, row);
    }
    kernelStates(fds);

    const openServers: OpenServer[] = [];
    for (const srv of serverSet) {
      if (!serverOpen(srv)) continue;
      const info = siteOf(srv, srv._handle);
      let address = 'unbound';
      try {
        const a = srv.address();
        address = !a ? 'unbound' : typeof a === 'string' ? a : endpoint(a.address, a.port);
      } catch {
        // closed meanwhile
      }
      openServers.push({
        site: info?.site ?? null,
        kind: serverKind(srv),
        address,
        connections: typeof srv._connections === 'number' ? srv._connections : 0,
        ageMs: info ? now - info.t : null,
        refd: typeof srv._handle?.hasRef === 'function' ? srv._handle.hasRef() : null,
      });
    }

    const resources = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : [];
    // The timer whose callback is ending the process (setTimeout(() => process.exit())) is not left open.
    const current = (require('node:async_hooks') as typeof import('node:async_hooks')).executionAsyncResource() as Timer | undefined;
    const currentTimer = current?.constructor?.name === 'Timeout' && timerOpen(current) ? current : null;
    let timerItems: OpenTimer[] | null = null;
    if (leaks) {
      timerItems = [];
      for (const t of timers.live()) {
        if (t === currentTimer) continue;
        const info = sites.infoOf(t);
        timerItems.push({ site: info?.site ?? null, repeat: typeof t._repeat === 'number', delayMs: t._idleTimeout ?? 0, ageMs: info ? now - info.t : null });
      }
    }
    return {
      pid: process.pid,
      ppid: process.ppid,
      argv: process.argv,
      cwd: process.cwd(),
      nodeVersion: process.version,
      ended,
      exitCode,
      sockets: openSockets,
      servers: openServers,
      timers: { count: resources.filter((r) => r === 'Timeout').length - (currentTimer ? 1 : 0), items: timerItems },
      pooled: pooledOpen,
      leaks,
    };
  }

  const write = (file: string, report: ProcessReport): void => {
    try {
      // Written aside and renamed: socklint never reads half a report.
      const target = path.join(dir, file);
      fs.writeFileSync(`${target}.tmp`, JSON.stringify(report));
      fs.renameSync(`${target}.tmp`, target);
    } catch {
      // the run's folder is gone (socklint run was killed): nothing to report to
    }
  };

  try {
    fs.writeFileSync(path.join(dir, startFile(process.pid)), JSON.stringify({ pid: process.pid, ppid: process.ppid, argv: process.argv, cwd: process.cwd() }));
  } catch {
    return; // no folder to report to
  }
  process.on('exit', (code) => {
    try {
      write(exitFile(process.pid), snapshot('exit', typeof code === 'number' ? code : null));
    } catch {
      // never throw from an exit listener
    }
  });
  // Only runs while something else keeps the process alive: a hanging process answers, an idle
  // one that is about to exit never wakes for it.
  let answered = 0;
  const poll = setInterval(() => {
    try {
      const seq = Number(fs.readFileSync(path.join(dir, REQUEST_FILE), 'utf8'));
      if (seq > answered) {
        answered = seq;
        write(snapshotFile(process.pid, seq), snapshot('running', null));
      }
    } catch {
      // no request yet
    }
  }, POLL_MS);
  poll.unref();
}

function endpoint(address: string | undefined, port: number | undefined): string {
  return `${address?.includes(':') ? `[${address}]` : (address ?? '?')}:${port ?? '?'}`;
}

function serverKind(srv: net.Server): OpenServer['kind'] {
  const name = srv.constructor?.name;
  if (name === 'Http2Server' || name === 'Http2SecureServer') return 'http2';
  const loaded = (id: string): boolean => !!process.moduleLoadList?.includes(`NativeModule ${id}`);
  if (loaded('https') && srv instanceof (require('node:https') as typeof import('node:https')).Server) return 'https';
  if (loaded('http') && srv instanceof (require('node:http') as typeof import('node:http')).Server) return 'http';
  if (loaded('tls') && srv instanceof (require('node:tls') as typeof import('node:tls')).Server) return 'tls';
  return 'net';
}

/** Fills in the TCP state of each socket from /proc/self/net/tcp{,6} (Linux; elsewhere left null). */
function kernelStates(byFd: Map<number, OpenSocket>): void {
  if (byFd.size === 0 || process.platform !== 'linux') return;
  const byInode = new Map<number, OpenSocket>();
  for (const [fd, row] of byFd) {
    const inode = socketInode(process.pid, fd);
    if (inode !== null) byInode.set(inode, row);
  }
  if (byInode.size === 0) return;
  for (const tcp of readTcpTable(process.pid, byInode)) {
    const row = byInode.get(tcp.inode);
    if (row) row.state = tcp.state;
  }
}

declare global {
  namespace NodeJS {
    interface Process {
      moduleLoadList?: string[];
    }
  }
}

try {
  const dir = process.env[RUN_DIR_ENV];
  const g = globalThis as Record<symbol, unknown>;
  if (dir && isMainThread && !g[KEY]) {
    g[KEY] = true;
    install(dir, process.env[RUN_LEAKS_ENV] === '1');
  }
} catch {
  // tracing is never worth breaking the command for
}
