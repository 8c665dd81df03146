// The agent: the code that runs inside the target, installed by one Runtime.evaluate (agent.ts
// one folder up wraps this module's bundle into that expression; esbuild bundles it to text).
// Rules (research-inspector.md §7.4): read-only, exception-proof, never calls user callbacks,
// keeps no strong references to the app's objects (WeakMap/WeakRef) but for the live sockets and
// servers it counts, between samples only (tracker.ts says why), resolves modules eagerly
// (the command-line `require` exists only during an evaluation), returns plain JSON.
// Only type imports besides its sibling modules (./sites, ./tracker, ./address): the bundle must be self-contained.
import type * as diagnosticsChannel from 'node:diagnostics_channel';
import type * as httpModule from 'node:http';
import type * as httpsModule from 'node:https';
import type * as inspectorModuleType from 'node:inspector';
import type * as netModule from 'node:net';
import type * as perfHooks from 'node:perf_hooks';
import type * as timersModule from 'node:timers';
import type * as tlsModule from 'node:tls';
import {
  AGENT_KEY,
  AGENT_VERSION,
  type AgentApi,
  type AgentFailure,
  type AgentReport,
  type AgentRoot,
  type AgentSample,
  type AgentSocketPage,
  type AgentSocketRow,
  type DetachOutcome,
  type InstallParams,
  type InstallResult,
  type ReportSkipped,
} from '../agentTypes';
import type { AgentInfo, ServerInfo } from '../types';
import { addressText } from './address';
import { makeSites } from './sites';
import { makeTracker } from './tracker';

/** A live libuv handle as JavaScript holds it (`socket._handle`). */
interface Handle {
  fd?: number;
  hasRef?: () => boolean;
  /** A TLS socket's TLSWrap: the TCP handle it wraps. */
  _parent?: Handle | null;
  constructor: { name?: string } | undefined;
}

/** Node's internals of a socket this code reads (never writes). */
type InternalSocket = netModule.Socket & {
  _handle?: Handle | null;
  _parent?: InternalSocket | null;
  _events?: Record<string, unknown>;
  _isStdio?: boolean;
  isTTY?: boolean;
  server?: netModule.Server | null;
  _httpMessage?: { agent?: unknown; method?: unknown; path?: unknown } | null;
  _readableState?: { flowing: boolean | null } | null;
};

type InternalServer = netModule.Server & {
  _connections?: unknown;
  timeout?: unknown;
  keepAliveTimeout?: unknown;
  headersTimeout?: unknown;
  requestTimeout?: unknown;
};

/** An http.Agent, as far as its pools go (any object with a `sockets` dict is taken for one). */
interface PoolAgent {
  sockets?: unknown;
  freeSockets?: unknown;
  requests?: unknown;
  protocol?: unknown;
  keepAlive?: unknown;
  maxSockets?: unknown;
  maxFreeSockets?: unknown;
  options?: { timeout?: unknown } | null;
}

/** A timer object of Node's `timers` (its fields the socket timeout uses). */
interface InternalTimer {
  _idleTimeout?: number;
  _idleStart?: number;
}

type InternalProcess = NodeJS.Process & {
  _getActiveHandles?: () => unknown[];
  moduleLoadList?: unknown;
  report?: { getReport?: () => unknown; excludeNetwork?: boolean };
};

const proc = process as InternalProcess;

/** Node's built-in modules: process.getBuiltinModule (20.16+), else the command line's `require`. */
function load(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the target's own require, before process.getBuiltinModule
  return typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : require(id);
}

const failure = (e: unknown): AgentFailure => ({ error: String((e as Error | null)?.message || e) });

function fdOf(s: InternalSocket): number | null {
  const h = s._handle;
  if (!h) return null;
  if (typeof h.fd === 'number' && h.fd >= 0) return h.fd;
  const p = s._parent && s._parent._handle;
  if (p && typeof p.fd === 'number' && p.fd >= 0) return p.fd;
  return null;
}

/** Whether a live handle keeps the loop alive (a TLS socket's TLSWrap answers through the TCP handle it wraps). */
function handleRefd(h: Handle): boolean {
  if (typeof h.hasRef === 'function') return !!h.hasRef();
  const p = h._parent;
  return !!p && typeof p.hasRef === 'function' && !!p.hasRef();
}

function hasListener(s: InternalSocket, ev: string): boolean {
  const evs = s._events;
  if (evs && typeof evs === 'object') return evs[ev] !== undefined;
  try {
    return s.listenerCount(ev) > 0;
  } catch {
    return false;
  }
}

function poolEntries(a: PoolAgent, field: 'sockets' | 'freeSockets' | 'requests'): [string, unknown][] {
  const o = a[field];
  return o && typeof o === 'object' ? Object.entries(o) : [];
}

function originOf(a: PoolAgent, name: string): string {
  const proto = typeof a.protocol === 'string' ? a.protocol : 'http:';
  const parts = String(name).split(':');
  return parts.length >= 2 && /^\d+$/.test(parts[1]) ? proto + '//' + parts[0] + ':' + parts[1] : proto + '//' + name;
}

const fmtAddress = (a: unknown): string => addressText(a) ?? 'unbound';

function endpoint(address: string | undefined, port: number): string {
  return (address && address.includes(':') ? '[' + address + ']' : address) + ':' + port;
}

function symbolOf(s: object, description: string): symbol | undefined {
  for (const sym of Object.getOwnPropertySymbols(s)) if (sym.description === description) return sym;
  return undefined;
}

/** A property keyed by one of Node's internal symbols. */
function bySymbol(o: object, sym: symbol): unknown {
  return (o as Record<symbol, unknown>)[sym];
}

/**
 * process.getActiveResourcesInfo() as a histogram. Counted by runs of equal names: the names are
 * fresh strings, so keying the object by each of 10k of them hashes 10k strings, while comparing
 * neighbours is cheap and runs are long.
 */
function countNames(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  let prevName: string | undefined;
  let run = 0;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === prevName) {
      run++;
      continue;
    }
    if (run) counts[prevName!] = (counts[prevName!] || 0) + run;
    prevName = names[i];
    run = 1;
  }
  if (run) counts[prevName!] = (counts[prevName!] || 0) + run;
  return counts;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && isFinite(v) ? v : null);
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * Installs this session's sampler in the target (idempotent for the same session and version) and
 * says so. Everything is reached through globalThis[Symbol.for(AGENT_KEY)]: see agentTypes.ts.
 */
export function install(params: InstallParams): InstallResult {
  const KEY = Symbol.for(AGENT_KEY);
  const ID = params.session;
  // One entry per sampling session: a CLI run next to an open panel must not remove the panel's.
  const EXPIRE_MS = params.expireMs;
  const WATCHDOG_MS = Math.max(100, Math.min(1000, EXPIRE_MS / 4));
  const globals = globalThis as unknown as Record<symbol, AgentRoot | undefined>;
  // The inspector module loads worker_threads (which report() looks for), so it is resolved only
  // when closing, where process.getBuiltinModule exists; before Node 20.16 now, while the
  // command-line require exists (tier C never runs on those versions).
  const inspectorNow = typeof process.getBuiltinModule === 'function' ? null : (load('inspector') as typeof inspectorModuleType);
  const inspectorModule = () => inspectorNow || (process.getBuiltinModule('inspector') as typeof inspectorModuleType);
  // (timers: the module's functions, not the globals: an app or its test fakes may replace those.)
  const timers = load('timers') as typeof timersModule;
  const perf = (load('perf_hooks') as typeof perfHooks).performance;
  let root = globals[KEY];
  if (!root || !(root.sessions instanceof Map)) {
    root = { sessions: new Map(), openedBySocklint: false, loopTurned: true, watchdog: null };
    Object.defineProperty(globalThis, KEY, { value: root, configurable: true, enumerable: false, writable: true });
  }
  const theRoot: AgentRoot = root;

  // Unref'd: the check runs when something else wakes the loop (the queued start does).
  function later(f: () => void): void {
    const im = timers.setImmediate(f);
    if (im && typeof im.unref === 'function') im.unref();
  }

  /**
   * Closes the inspector when a socklint opened it, and, when the loop has not turned since (the
   * SIGUSR1 arrived while it was blocked), also the one Node's queued second start opens as soon
   * as the loop turns. Without that, a target busy for 25 s when attached reopened its inspector
   * after the detach, for good.
   */
  function closeOpenedInspector(): boolean {
    if (!theRoot.openedBySocklint) return false;
    theRoot.openedBySocklint = false;
    if (theRoot.sessions.size === 0 && globals[KEY] === theRoot) delete globals[KEY];
    let inspector: typeof inspectorModuleType;
    try {
      inspector = inspectorModule();
      inspector.close();
    } catch {
      return false;
    }
    if (!theRoot.loopTurned) {
      let turns = 0;
      const check = () => {
        try {
          if (inspector.url()) {
            inspector.close();
            return;
          }
        } catch {
          return;
        }
        if (++turns < 5) later(check);
      };
      later(check);
    }
    return true;
  }

  /**
   * Removes the session and, when a socklint opened the inspector, no other socklint session
   * remains and no other debugger is connected (`otherConnections`: connections to the inspector
   * besides the caller's, as the kernel counts them), closes it, in the same evaluation.
   * (Deferring the close to a setImmediate raced with the client's own disconnect and crashed
   * Node 20.20 with SIGSEGV in about one detach in ten; closing synchronously ends the caller's
   * connection from the target's side and never did in our runs.)
   */
  function detachSession(session: string, otherConnections: number): DetachOutcome {
    const a = theRoot.sessions.get(session);
    if (a) a.uninstall();
    const remaining = theRoot.sessions.size;
    const foreign = Math.max(0, otherConnections - remaining);
    const opened = theRoot.openedBySocklint === true;
    const closed = opened && remaining === 0 && foreign === 0 ? closeOpenedInspector() : false;
    return { had: !!a, closed, opened, remaining, foreign };
  }

  theRoot.close = closeOpenedInspector;
  theRoot.detach = detachSession;
  if (params.opened && !theRoot.openedBySocklint) {
    // This attach's SIGUSR1 opened the inspector. If the loop was blocked when it arrived, Node
    // still has a second, queued start of it that runs when the loop turns: remember whether it has.
    theRoot.openedBySocklint = true;
    theRoot.loopTurned = false;
    const im = timers.setImmediate(() => {
      theRoot.loopTurned = true;
    });
    if (im && typeof im.unref === 'function') im.unref();
  }
  const prev = theRoot.sessions.get(ID);
  if (prev && prev.version === AGENT_VERSION) {
    prev.lastSeen = perf.now();
    return {
      pid: process.pid,
      nodeVersion: process.version,
      heapUsed: process.memoryUsage().heapUsed,
      reused: true,
      openedBySocklint: theRoot.openedBySocklint,
    };
  }
  if (prev) {
    try {
      prev.uninstall();
    } catch {
      /* an older install's problem */
    }
  }
  const net = load('net') as typeof netModule;
  const http = load('http') as typeof httpModule;
  const https = load('https') as typeof httpsModule;
  const tls = load('tls') as typeof tlsModule;
  const dc = load('diagnostics_channel') as typeof diagnosticsChannel;
  const noop = () => {};

  const sites = makeSites(dc);

  // Agents: the global ones plus every agent seen on a request or an active socket.
  const agentRefs: WeakRef<PoolAgent & object>[] = [];
  const agentIds = new WeakMap<object, string>();
  let agentSeq = 0;
  function noteAgent(a: unknown): void {
    if (!a || typeof a !== 'object' || agentIds.has(a) || typeof (a as PoolAgent).sockets !== 'object') return;
    agentIds.set(a, a === http.globalAgent ? 'http.globalAgent' : a === https.globalAgent ? 'https.globalAgent' : 'agent#' + ++agentSeq);
    if (agentRefs.length < 200) agentRefs.push(new WeakRef(a as PoolAgent & object));
  }
  noteAgent(http.globalAgent);
  noteAgent(https.globalAgent);
  const onRequest = (msg: unknown) => {
    try {
      noteAgent((msg as { request?: { agent?: unknown } } | null)?.request?.agent);
    } catch {
      /* never throw into the app */
    }
  };
  dc.subscribe('http.client.request.start', onRequest);

  let lastElu: perfHooks.EventLoopUtilization | null = null; // first sample: utilisation since the process started
  const firstSeen = new WeakMap<object, number>();
  const lastBytes = new WeakMap<object, { total: number; t: number }>();
  let symTimeout: symbol | null | undefined;
  let symKeepAlive: symbol | undefined;

  let tcpCtor: unknown = null;
  function isTcpSocket(h: unknown): h is InternalSocket {
    if (!h || typeof h !== 'object') return false;
    if (h.constructor !== net.Socket && !(h instanceof net.Socket)) return false; // exact class first: no prototype walk
    const s = h as InternalSocket;
    const hd = s._handle;
    if (!hd) return !s._isStdio && !s.isTTY;
    const c = hd.constructor;
    if (c === tcpCtor) return true;
    const n = c && c.name;
    if (n === 'TCP') {
      tcpCtor = c;
      return true;
    }
    return n === 'TLSWrap' || n === 'JSStreamSocket';
  }

  // The live sockets and servers, kept between samples (inTarget/tracker.ts says why and how).
  const tracker = makeTracker<InternalSocket, InternalServer>({
    dc,
    now: () => perf.now(),
    listHandles: () => (typeof proc._getActiveHandles === 'function' ? proc._getActiveHandles() : null),
    isSocket: isTcpSocket,
    isServer: (h): h is InternalServer => h instanceof net.Server,
    relistMs: params.relistMs,
  });
  // process.getActiveResourcesInfo() counted by name, read by collect() for the sample (and its check).
  let resourceCounts: Record<string, number> | null = null;
  // What one collect() gathers. One object and one array for every collect(), and visit() one
  // function for every sample: at 10k sockets a fresh array per sample is a measurable
  // allocation, and a fresh closure per sample had the optimised walk thrown away at each.
  const pass = {
    total: 0,
    sockets: [] as InternalSocket[], // filled only when asked (creation sites, the drill-down)
    keepList: false,
    servers: [] as InternalServer[],
    deadline: 0,
    examining: true,
    examined: 0,
    withoutTimeout: 0,
    coveredByServer: 0,
    withoutErrorListener: 0,
    unrefd: 0,
    destroyed: 0,
    unrefdPooled: 0, // of the pooled ones, live and visited by the tracker's walk
    seenPooled: null as Set<InternalSocket> | null,
  };

  // Counted in the same pass that finds the sockets: at 10k sockets each extra walk over them is
  // a measurable share of the sample. (No _httpMessage lookup per socket: it is not an own
  // property of plain sockets, so reading it walks the prototype chain for each of them. Agents
  // come from the request channel, the heap query and the drill-down.)
  function visit(s: InternalSocket): void {
    const n = ++pass.total;
    if (pass.keepList) pass.sockets.push(s);
    if (!pass.examining) return;
    if ((n & 1023) === 0 && perf.now() > pass.deadline) {
      pass.examining = false;
      return;
    }
    if (!hasTimeout(s)) {
      pass.withoutTimeout++;
      if (serverBounds(s)) pass.coveredByServer++;
    }
    if (!hasErrorListener(s)) pass.withoutErrorListener++;
    pass.examined++;
  }
  function visitServer(v: InternalServer): void {
    pass.servers.push(v);
  }

  /** An agent's pool: ref'd sockets are the tracker's; unref'd or gone ones are counted here. */
  function addPooled(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const s of list as InternalSocket[]) {
      if (!s || typeof s !== 'object') continue;
      const h = s._handle;
      const refd = h ? handleRefd(h) : false;
      if (refd) {
        tracker.adopt(s); // known already, but for an https agent's (tls.connect has no channel)
        continue;
      }
      const seen = (pass.seenPooled ??= new Set());
      if (seen.has(s)) continue;
      seen.add(s);
      if (h) pass.unrefd++;
      if (s.destroyed) pass.destroyed++;
      if (tracker.adopt(s)) pass.unrefdPooled++;
      else visit(s); // gone (or not TCP): counted here, as the pool still holds it
    }
  }

  // Sockets: those the tracker keeps (ref'd or not), plus the pooled sockets only the agents know
  // (an https agent's, or already destroyed). `full` lists every handle first (the drill-down);
  // `keepList` returns them in `sockets` (else an empty array: `total` counts them).
  // With a deadline (perf.now() value), sockets past it are counted but not examined: the
  // sample stays within the evaluation's time limit on a huge or starved process.
  function collect(deadline: number, full = false, keepList = false) {
    pass.total = 0;
    pass.sockets.length = 0;
    pass.keepList = keepList;
    pass.servers = [];
    pass.deadline = deadline;
    pass.examining = true;
    pass.examined = pass.withoutTimeout = pass.coveredByServer = pass.withoutErrorListener = 0;
    pass.unrefd = pass.destroyed = pass.unrefdPooled = 0;
    pass.seenPooled = null;
    resourceCounts = !full && typeof process.getActiveResourcesInfo === 'function' ? countNames(process.getActiveResourcesInfo()) : null;
    tracker.begin(full);
    const agents: PoolAgent[] = [];
    for (let i = agentRefs.length - 1; i >= 0; i--) {
      const a = agentRefs[i].deref();
      if (!a) {
        agentRefs.splice(i, 1);
        continue;
      }
      agents.push(a);
    }
    agents.reverse();
    for (const a of agents) {
      for (const [, list] of poolEntries(a, 'sockets')) addPooled(list);
      for (const [, list] of poolEntries(a, 'freeSockets')) addPooled(list);
    }
    const refdTcpHandles = resourceCounts ? (resourceCounts.TCPSocketWrap || 0) + (resourceCounts.TCPServerWrap || 0) : null;
    tracker.walk({ refdTcpHandles, unrefdPooled: pass.unrefdPooled }, visit, visitServer);
    pass.seenPooled = null;
    const { total, sockets, servers, unrefd, destroyed, withoutTimeout, coveredByServer, withoutErrorListener, examined } = pass;
    return { total, sockets, servers, agents, unrefd, destroyed, withoutTimeout, coveredByServer, withoutErrorListener, examined };
  }

  function hasTimeout(s: InternalSocket): boolean {
    // kTimeout is an own property from the constructor on (null until setTimeout): a fast load,
    // where a missing 'timeout' walks the whole prototype chain. setTimeout(0) leaves the old
    // timer object behind, so a set one is confirmed with 'timeout'.
    if (symTimeout === undefined) symTimeout = symbolOf(s, 'timeout') || null;
    return !!(symTimeout ? bySymbol(s, symTimeout) && s.timeout : s.timeout);
  }

  function hasErrorListener(s: InternalSocket): boolean {
    const evs = s._events;
    return evs && typeof evs === 'object' ? evs.error !== undefined : hasListener(s, 'error');
  }

  // Whether an accepted socket's HTTP server bounds it with timeouts of its own, as the linter
  // sees it (missing-socket-timeout skips sockets of http/https servers): server.timeout, or
  // requestTimeout, or headersTimeout where Node >= 18 checks it on every connection. Per server, cached.
  const boundsByServer = new WeakMap<object, boolean>();
  const checksConnections = Number(process.versions.node.split('.')[0]) >= 18;
  function serverBounds(s: InternalSocket): boolean {
    const srv = s.server as InternalServer | null | undefined;
    if (!srv || typeof srv !== 'object') return false;
    let b = boundsByServer.get(srv);
    if (b === undefined) {
      const isHttp = srv instanceof http.Server || srv instanceof https.Server;
      const positive = (v: unknown) => typeof v === 'number' && v > 0;
      b = isHttp && (positive(srv.timeout) || positive(srv.requestTimeout) || (checksConnections && positive(srv.headersTimeout)));
      boundsByServer.set(srv, b);
    }
    return b;
  }

  /** Per creation site (sites.groups): which of the problems the verdict names this live socket shows. */
  function socketProblems(s: InternalSocket): { noTimeout: boolean; noErrorListener: boolean; peerClosed: boolean } {
    const r = (s as { _readableState?: { ended?: boolean } | null })._readableState;
    const w = (s as { _writableState?: { ended?: boolean } | null })._writableState;
    return {
      noTimeout: !hasTimeout(s) && !serverBounds(s),
      noErrorListener: !hasErrorListener(s),
      peerClosed: !!(r && r.ended && w && !w.ended && !s.destroyed),
    };
  }

  function serverFacts(srv: InternalServer): ServerInfo {
    let address = 'unbound';
    try {
      address = fmtAddress(srv.address());
    } catch {
      /* closed meanwhile */
    }
    const cname = srv.constructor && srv.constructor.name;
    const kind: ServerInfo['kind'] =
      srv instanceof https.Server
        ? 'https'
        : srv instanceof http.Server
          ? 'http'
          : cname === 'Http2Server' || cname === 'Http2SecureServer'
            ? 'http2'
            : srv instanceof tls.Server
              ? 'tls'
              : 'net';
    const isHttp = kind === 'http' || kind === 'https';
    return {
      address,
      kind,
      connections: typeof srv._connections === 'number' ? srv._connections : 0,
      timeout: isHttp || kind === 'http2' ? numberOrNull(srv.timeout) : null,
      keepAliveTimeout: isHttp ? numberOrNull(srv.keepAliveTimeout) : null,
      headersTimeout: isHttp ? numberOrNull(srv.headersTimeout) : null,
      requestTimeout: isHttp ? numberOrNull(srv.requestTimeout) : null,
    };
  }

  function agentFacts(agents: PoolAgent[]): AgentInfo[] {
    const out: AgentInfo[] = [];
    for (const a of agents) {
      const byOrigin = new Map<string, { origin: string; active: number; free: number; queued: number }>();
      const get = (name: string) => {
        const o = originOf(a, name);
        let e = byOrigin.get(o);
        if (!e) {
          e = { origin: o, active: 0, free: 0, queued: 0 };
          byOrigin.set(o, e);
        }
        return e;
      };
      for (const [name, list] of poolEntries(a, 'sockets')) get(name).active += Array.isArray(list) ? list.length : 0;
      for (const [name, list] of poolEntries(a, 'freeSockets')) get(name).free += Array.isArray(list) ? list.length : 0;
      for (const [name, list] of poolEntries(a, 'requests')) get(name).queued += Array.isArray(list) ? list.length : 0;
      const opts = a.options || {};
      for (const e of byOrigin.values()) {
        if (e.active + e.free + e.queued === 0) continue;
        out.push({
          ...e,
          agent: agentIds.get(a) || 'agent',
          keepAlive: !!a.keepAlive,
          maxSockets: finite(a.maxSockets),
          maxFreeSockets: finite(a.maxFreeSockets),
          timeout: finite(opts.timeout),
        });
      }
    }
    return out.slice(0, 200);
  }

  // budgetMs: time for examining sockets one by one; lite: also leave out the per-resource
  // histogram and the creation sites (the retry after an evaluation ran out of time).
  function sample(budgetMs: number, lite: boolean): AgentSample {
    const start = perf.now();
    const cpu0 = process.cpuUsage();
    const withSites = sites.enabled && !lite;
    const { total, sockets, servers, agents, unrefd, destroyed, withoutTimeout, coveredByServer, withoutErrorListener, examined } = collect(
      start + budgetMs,
      false,
      withSites,
    );
    const resources: Record<string, number> = !lite && resourceCounts ? resourceCounts : {};
    const skipped: string[] = [];
    if (lite) skipped.push('resources', 'sites');
    const elu = lastElu ? perf.eventLoopUtilization(lastElu) : perf.eventLoopUtilization();
    lastElu = perf.eventLoopUtilization();
    const m = process.memoryUsage();
    const out: AgentSample = {
      pid: process.pid,
      nodeVersion: process.version,
      sockets: { total, withoutTimeout, withoutErrorListener, unrefd, destroyed, coveredByServer },
      servers: servers.map(serverFacts),
      agents: agentFacts(agents),
      resources,
      eventLoopUtilization: Math.round(elu.utilization * 10000) / 10000,
      memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers },
      sites: withSites ? siteGroups(sockets, agents) : null,
      partial: examined < total || lite ? { socketsExamined: examined, skipped } : null,
      costMs: 0,
      cpuMs: 0,
      listedAll: tracker.listedLast,
    };
    out.costMs = perf.now() - start;
    const cpu = process.cpuUsage(cpu0);
    out.cpuMs = (cpu.user + cpu.system) / 1000;
    return out;
  }

  // Which agent pool holds a socket from before tracing (sites.groups asks only for those):
  // the map of every pooled socket is built at the first question of a sample, and let go after it.
  const pools = { agents: [] as PoolAgent[], owners: null as Map<object, string> | null };
  function poolOf(s: InternalSocket): string | undefined {
    let owners = pools.owners;
    if (!owners) {
      owners = pools.owners = new Map();
      for (const a of pools.agents) {
        const id = agentIds.get(a) || 'agent';
        for (const field of ['sockets', 'freeSockets'] as const)
          for (const [name, list] of poolEntries(a, field)) {
            if (!Array.isArray(list)) continue;
            const group = originOf(a, name) + ' (' + id + ')';
            for (const p of list) if (p && typeof p === 'object') owners.set(p, group);
          }
      }
    }
    return owners.get(s);
  }
  function siteGroups(sockets: InternalSocket[], agents: PoolAgent[]) {
    pools.agents = agents;
    pools.owners = null;
    try {
      return sites.groups(sockets, socketProblems, poolOf);
    } finally {
      pools.agents = [];
      pools.owners = null;
    }
  }

  function ownerOf(s: InternalSocket, owners: Map<InternalSocket, string>): string | null {
    const o = owners.get(s);
    if (o) return o;
    if (s.server) {
      try {
        return 'server ' + fmtAddress(s.server.address());
      } catch {
        return 'server';
      }
    }
    return null;
  }

  function socketPage(offset: number, limit: number): AgentSocketPage {
    const start = perf.now();
    const { sockets, agents } = collect(Infinity, true, true);
    const owners = new Map<InternalSocket, string>();
    for (const a of agents) {
      const id = agentIds.get(a) || 'agent';
      for (const [name, list] of poolEntries(a, 'sockets'))
        if (Array.isArray(list)) for (const s of list) owners.set(s, originOf(a, name) + ' (' + id + ', active)');
      for (const [name, list] of poolEntries(a, 'freeSockets'))
        if (Array.isArray(list)) for (const s of list) owners.set(s, originOf(a, name) + ' (' + id + ', free)');
    }
    const keyed = sockets.map((s) => {
      const fd = fdOf(s);
      return { s, fd: fd === null ? 1e9 : fd };
    });
    keyed.sort((a, b) => a.fd - b.fd);
    const all = keyed.map((k) => k.s);
    const now = Date.now();
    // The libuv clock the socket timers use: a throwaway timer reads it.
    let loopNow: number | null = null;
    try {
      const t = timers.setTimeout(noop, 1 << 30);
      loopNow = (t as unknown as InternalTimer)._idleStart ?? null;
      timers.clearTimeout(t);
    } catch {
      /* no clock: no idle time from timers */
    }
    const items: AgentSocketRow[] = [];
    for (const s of all.slice(offset, offset + limit)) {
      if (symTimeout === undefined) symTimeout = symbolOf(s, 'timeout');
      if (symKeepAlive === undefined) symKeepAlive = symbolOf(s, 'kSetKeepAlive');
      const site = sites.infoOf(s);
      const seen = firstSeen.get(s);
      if (seen === undefined) firstSeen.set(s, now); // age unknown until seen again
      const bytesRead = typeof s.bytesRead === 'number' ? s.bytesRead : 0;
      const bytesWritten = typeof s.bytesWritten === 'number' ? s.bytesWritten : 0;
      let idleMs: number | null = null;
      const timer = (symTimeout && bySymbol(s, symTimeout)) as InternalTimer | null | undefined;
      // A cleared timer (setTimeout(0)) keeps its old _idleStart; only a live one (_idleTimeout > 0) counts.
      if (timer && timer._idleTimeout! > 0 && typeof timer._idleStart === 'number' && typeof loopNow === 'number')
        idleMs = Math.max(0, loopNow - timer._idleStart);
      const total = bytesRead + bytesWritten;
      const lb = lastBytes.get(s);
      if (!lb || lb.total !== total) lastBytes.set(s, { total, t: now });
      else if (idleMs === null) idleMs = now - lb.t;
      const m = s._httpMessage;
      if (m && m.agent) noteAgent(m.agent);
      let local: string | null = null;
      let remote: string | null = null;
      try {
        if (s.localPort !== undefined) local = endpoint(s.localAddress, s.localPort);
      } catch {
        /* closed meanwhile */
      }
      try {
        if (s.remotePort !== undefined) remote = endpoint(s.remoteAddress, s.remotePort);
      } catch {
        /* closed meanwhile */
      }
      const h = s._handle;
      const keepAlive = symKeepAlive && bySymbol(s, symKeepAlive);
      items.push({
        fd: fdOf(s),
        kind: s.server || (site && site.kind === 'server') ? 'server' : 'client',
        local,
        remote,
        ageMs: site ? now - site.t : seen !== undefined ? now - seen : null,
        ageSource: site ? 'created' : seen !== undefined ? 'firstSeen' : null,
        idleMs,
        timeout: s.timeout ? s.timeout : null,
        keepAlive: typeof keepAlive === 'boolean' ? keepAlive : null,
        bytesRead,
        bytesWritten,
        listeners: { error: hasListener(s, 'error'), end: hasListener(s, 'end'), close: hasListener(s, 'close'), timeout: hasListener(s, 'timeout') },
        refd: h && typeof h.hasRef === 'function' ? !!h.hasRef() : null,
        destroyed: !!s.destroyed,
        paused: !!(s._readableState && s._readableState.flowing === false),
        owner: ownerOf(s, owners),
        request: m && typeof m.method === 'string' ? m.method + ' ' + (m.path || '') : null,
        site: site ? site.site : null,
      });
    }
    return { total: all.length, offset, items, costMs: perf.now() - start };
  }

  function report(): AgentReport | ReportSkipped | null {
    const start = perf.now();
    const cpu0 = process.cpuUsage();
    const rep = proc.report;
    if (!rep || typeof rep.getReport !== 'function') return null;
    // getReport() waits for a report from every worker thread: one blocked in a synchronous call
    // (execSync) blocks this main thread as long. Where worker_threads was ever loaded, skip it.
    const loaded = proc.moduleLoadList;
    if (Array.isArray(loaded) && loaded.includes('NativeModule worker_threads')) return { skipped: 'worker threads' };
    const prevExclude = rep.excludeNetwork;
    let r: unknown;
    try {
      rep.excludeNetwork = true; // otherwise two reverse-DNS lookups per socket, synchronously
      r = rep.getReport();
    } finally {
      rep.excludeNetwork = prevExclude;
    }
    if (typeof r === 'string') r = JSON.parse(r);
    const byType: Record<string, number> = {};
    let tcp = 0;
    let tcpUnrefd = 0;
    let timerCount = 0;
    for (const h of (r as { libuv?: { type: string; is_referenced?: boolean }[] } | null)?.libuv || []) {
      byType[h.type] = (byType[h.type] || 0) + 1;
      if (h.type === 'tcp') {
        tcp++;
        if (h.is_referenced === false) tcpUnrefd++;
      }
      if (h.type === 'timer') timerCount++;
    }
    const cpu = process.cpuUsage(cpu0);
    return { tcp, tcpUnrefd, timers: timerCount, byType, costMs: perf.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  function uninstall(): void {
    sites.disable();
    tracker.stop();
    try {
      dc.unsubscribe('http.client.request.start', onRequest);
    } catch {
      /* already gone */
    }
    if (theRoot.sessions.get(ID) === api) theRoot.sessions.delete(ID);
    if (theRoot.sessions.size === 0 && globals[KEY] === theRoot) {
      delete globals[KEY];
      if (theRoot.watchdog) {
        timers.clearInterval(theRoot.watchdog);
        theRoot.watchdog = null;
      }
    }
  }

  // Every call is a sign of life; the evaluation runs even while the app's loop is blocked.
  function alive<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      api.lastSeen = perf.now();
      try {
        return f(...args);
      } finally {
        api.lastSeen = perf.now();
      }
    };
  }
  /** Wraps a call whose exception becomes an `{ error }` answer: never thrown into the app's code. */
  function guarded<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R | AgentFailure {
    return alive((...args: A) => {
      try {
        return f(...args);
      } catch (e) {
        return failure(e);
      }
    });
  }
  const api: AgentApi = {
    version: AGENT_VERSION,
    lastSeen: perf.now(),
    expireMs: EXPIRE_MS,
    touch: alive(() => true as const),
    sample: guarded(sample),
    sockets: guarded(socketPage),
    report: guarded(report),
    noteAgents: alive((list: readonly unknown[]) => {
      let n = 0;
      try {
        for (const a of list) {
          if (!agentIds.has(a as object)) n++;
          noteAgent(a);
        }
      } catch {
        /* a strange array: what was noted stays */
      }
      return n;
    }),
    setTraceSites: alive((on: boolean) => {
      if (on) sites.enable();
      else sites.disable();
      return sites.enabled;
    }),
    idle: (now: number) => tracker.idle(now),
    uninstall,
  };
  theRoot.sessions.set(ID, api);
  if (!theRoot.watchdog) {
    // The tool that installed this can die without detaching (SIGKILL, a closed terminal): a
    // session not heard from within its expiry removes itself, and the inspector goes with the
    // last session when a socklint opened it. Unref'd: never keeps the process alive.
    theRoot.watchdog = timers.setInterval(() => {
      try {
        const now = perf.now();
        let expired = 0;
        for (const s of Array.from(theRoot.sessions.values())) {
          if (now - s.lastSeen > s.expireMs) {
            expired++;
            try {
              s.uninstall();
            } catch {
              /* keep checking the others */
            }
          } else if (typeof s.idle === 'function') s.idle(now);
        }
        if (expired > 0 && theRoot.sessions.size === 0) closeOpenedInspector();
      } catch {
        /* never throw into the app */
      }
    }, WATCHDOG_MS);
    if (theRoot.watchdog && typeof theRoot.watchdog.unref === 'function') theRoot.watchdog.unref();
  }
  return {
    pid: process.pid,
    nodeVersion: process.version,
    heapUsed: process.memoryUsage().heapUsed,
    reused: false,
    openedBySocklint: theRoot.openedBySocklint === true,
  };
}
