// The code that runs inside the target, as source strings for Runtime.evaluate.
// Rules (research-inspector.md §7.4): read-only, exception-proof, never calls user callbacks,
// keeps no strong references to the app's objects (WeakMap/WeakRef), resolves modules eagerly
// (the command-line `require` exists only during an evaluation), returns plain JSON.
import { SITES_SOURCE } from './sites';

export const AGENT_VERSION = 3;
const KEY = `Symbol.for('socklint.inspector')`;

/**
 * Defines closeOpenedInspector(root) in the target: closes the inspector when a socklint opened
 * it, and, when the loop has not turned since (the SIGUSR1 arrived while it was blocked), also
 * the one Node's queued second start opens as soon as the loop turns. Without that, a target
 * busy for 25 s when attached reopened its inspector after the detach, for good.
 */
const CLOSE_SOURCE = String.raw`
  function closeOpenedInspector(root) {
    if (!root.openedBySocklint) return false;
    root.openedBySocklint = false;
    if (root.sessions.size === 0 && globalThis[KEY] === root) delete globalThis[KEY];
    let inspector;
    try { inspector = inspectorModule(); inspector.close(); } catch (e) { return false; }
    if (!root.loopTurned) {
      let turns = 0;
      const check = () => {
        try { if (inspector.url()) { inspector.close(); return; } } catch (e) { return; }
        if (++turns < 5) later(check);
      };
      later(check);
    }
    return true;
  }
  // Unref'd: the check runs when something else wakes the loop (the queued start does).
  function later(f) { const im = timers.setImmediate(f); if (im && typeof im.unref === 'function') im.unref(); }
`;

const INSTALL_SOURCE = String.raw`
(() => {
  const KEY = ${KEY};
  const VERSION = ${AGENT_VERSION};
  const ID = __SESSION__;
  // One entry per sampling session: a CLI run next to an open panel must not remove the panel's.
  const EXPIRE_MS = __EXPIRE_MS__;
  const WATCHDOG_MS = Math.max(100, Math.min(1000, EXPIRE_MS / 4));
  const load = (id) => (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : require(id));
  // The inspector module loads worker_threads (which report() looks for), so it is resolved only
  // when closing, where process.getBuiltinModule exists; before Node 20.16 now, while the
  // command-line require exists (tier C never runs on those versions).
  const inspectorNow = typeof process.getBuiltinModule === 'function' ? null : load('inspector');
  const inspectorModule = () => inspectorNow || process.getBuiltinModule('inspector');
  const timers = load('timers');
  const perf = load('perf_hooks').performance;
  let root = globalThis[KEY];
  if (!root || !(root.sessions instanceof Map)) {
    root = { sessions: new Map(), openedBySocklint: false, loopTurned: true, watchdog: null };
    Object.defineProperty(globalThis, KEY, { value: root, configurable: true, enumerable: false, writable: true });
  }
  ${CLOSE_SOURCE}
  root.close = () => closeOpenedInspector(root);
  if (__OPENED__ && !root.openedBySocklint) {
    // This attach's SIGUSR1 opened the inspector. If the loop was blocked when it arrived, Node
    // still has a second, queued start of it that runs when the loop turns: remember whether it has.
    root.openedBySocklint = true;
    root.loopTurned = false;
    const im = timers.setImmediate(() => { root.loopTurned = true; });
    if (im && typeof im.unref === 'function') im.unref();
  }
  const prev = root.sessions.get(ID);
  if (prev && prev.version === VERSION) { prev.lastSeen = perf.now(); return { pid: process.pid, nodeVersion: process.version, heapUsed: process.memoryUsage().heapUsed, reused: true, openedBySocklint: root.openedBySocklint }; }
  if (prev) { try { prev.uninstall(); } catch (e) {} }
  const net = load('net');
  const http = load('http');
  const https = load('https');
  const tls = load('tls');
  const dc = load('diagnostics_channel');
  // (timers: the module's functions, not the globals: an app or its test fakes may replace those.)
  const noop = () => {};

  ${SITES_SOURCE}
  const sites = makeSites(dc);

  // Agents: the global ones plus every agent seen on a request or an active socket.
  const agentRefs = [];
  const agentIds = new WeakMap();
  let agentSeq = 0;
  function noteAgent(a) {
    if (!a || typeof a !== 'object' || agentIds.has(a) || typeof a.sockets !== 'object') return;
    agentIds.set(a, a === http.globalAgent ? 'http.globalAgent' : a === https.globalAgent ? 'https.globalAgent' : 'agent#' + ++agentSeq);
    if (agentRefs.length < 200) agentRefs.push(new WeakRef(a));
  }
  noteAgent(http.globalAgent);
  noteAgent(https.globalAgent);
  const onRequest = (msg) => { try { noteAgent(msg && msg.request && msg.request.agent); } catch (e) {} };
  dc.subscribe('http.client.request.start', onRequest);

  let lastElu = null; // first sample: utilisation since the process started
  const firstSeen = new WeakMap();
  const lastBytes = new WeakMap();
  let symTimeout, symKeepAlive;

  let tcpCtor = null;
  function isTcpSocket(h) {
    if (h.constructor !== net.Socket && !(h instanceof net.Socket)) return false; // exact class first: no prototype walk
    const hd = h._handle;
    if (!hd) return !h._isStdio && !h.isTTY;
    const c = hd.constructor;
    if (c === tcpCtor) return true;
    const n = c && c.name;
    if (n === 'TCP') { tcpCtor = c; return true; }
    return n === 'TLSWrap' || n === 'JSStreamSocket';
  }

  function fdOf(s) {
    const h = s._handle;
    if (!h) return null;
    if (typeof h.fd === 'number' && h.fd >= 0) return h.fd;
    const p = s._parent && s._parent._handle;
    if (p && typeof p.fd === 'number' && p.fd >= 0) return p.fd;
    return null;
  }

  function hasListener(s, ev) {
    const evs = s._events;
    if (evs && typeof evs === 'object') return evs[ev] !== undefined;
    try { return s.listenerCount(ev) > 0; } catch (e) { return false; }
  }

  function poolEntries(a, field) {
    const o = a[field];
    return o && typeof o === 'object' ? Object.entries(o) : [];
  }

  function originOf(a, name) {
    const proto = typeof a.protocol === 'string' ? a.protocol : 'http:';
    const parts = String(name).split(':');
    return parts.length >= 2 && /^\d+$/.test(parts[1]) ? proto + '//' + parts[0] + ':' + parts[1] : proto + '//' + name;
  }

  // Sockets: the ref'd ones from the handle list (no duplicates there), plus the pooled sockets
  // only the agents know (unref'd while free, or already destroyed). Arrays, not Sets: at 10k
  // sockets every per-socket operation shows in the sample's cost.
  // With a deadline (perf.now() value), sockets past it are counted but not examined: the
  // sample stays within the evaluation's time limit on a huge or starved process.
  function collect(deadline) {
    const sockets = [];
    let examined = 0;
    const servers = [];
    // Counted in the same pass that finds the sockets: at 10k sockets each extra walk over them
    // is a measurable share of the sample.
    let withoutTimeout = 0, withoutErrorListener = 0;
    const tally = (s) => {
      // kTimeout is an own property from the constructor on (null until setTimeout): a fast load,
      // where a missing 'timeout' walks the whole prototype chain. setTimeout(0) leaves the old
      // timer object behind, so a set one is confirmed with 'timeout'.
      if (symTimeout === undefined) symTimeout = symbolOf(s, 'timeout') || null;
      if (!(symTimeout ? s[symTimeout] && s.timeout : s.timeout)) withoutTimeout++;
      const evs = s._events;
      if (evs && typeof evs === 'object' ? evs.error === undefined : !hasListener(s, 'error')) withoutErrorListener++;
    };
    const handles = typeof process._getActiveHandles === 'function' ? process._getActiveHandles() : [];
    let examining = true;
    for (let i = 0; i < handles.length; i++) {
      const h = handles[i];
      if (examining && (i & 1023) === 1023 && perf.now() > deadline) examining = false;
      if (isTcpSocket(h)) {
        sockets.push(h);
        if (examining) { tally(h); examined++; }
        // (No _httpMessage lookup here: it is not an own property of plain sockets, so reading it
        // walks the prototype chain for each of them. Agents come from the request channel, the
        // heap query and the drill-down.)
      } else if (h instanceof net.Server) servers.push(h);
    }
    const agents = [];
    for (let i = agentRefs.length - 1; i >= 0; i--) {
      const a = agentRefs[i].deref();
      if (!a) { agentRefs.splice(i, 1); continue; }
      agents.push(a);
    }
    agents.reverse();
    let unrefd = 0;
    let destroyed = 0;
    const extra = new Set();
    const addPooled = (list) => {
      if (!Array.isArray(list)) return;
      for (const s of list) {
        const h = s && s._handle;
        const refd = h && typeof h.hasRef === 'function' ? h.hasRef() : false;
        if (refd || extra.has(s)) continue; // ref'd: already in the handle list
        extra.add(s);
        sockets.push(s);
        if (examining) { tally(s); examined++; }
        if (h) unrefd++;
        if (s.destroyed) destroyed++;
      }
    };
    for (const a of agents) {
      for (const [, list] of poolEntries(a, 'sockets')) addPooled(list);
      for (const [, list] of poolEntries(a, 'freeSockets')) addPooled(list);
    }
    return { sockets, servers, agents, unrefd, destroyed, withoutTimeout, withoutErrorListener, examined };
  }

  function fmtAddress(a) {
    if (!a) return 'unbound';
    if (typeof a === 'string') return a;
    return (a.family === 'IPv6' || a.family === 6 ? '[' + a.address + ']' : a.address) + ':' + a.port;
  }

  function serverFacts(srv) {
    let address = 'unbound';
    try { address = fmtAddress(srv.address()); } catch (e) {}
    const cname = srv.constructor && srv.constructor.name;
    const kind = srv instanceof https.Server ? 'https' : srv instanceof http.Server ? 'http'
      : cname === 'Http2Server' || cname === 'Http2SecureServer' ? 'http2' : srv instanceof tls.Server ? 'tls' : 'net';
    const isHttp = kind === 'http' || kind === 'https';
    const num = (v) => (typeof v === 'number' ? v : null);
    return {
      address, kind,
      connections: typeof srv._connections === 'number' ? srv._connections : 0,
      timeout: isHttp || kind === 'http2' ? num(srv.timeout) : null,
      keepAliveTimeout: isHttp ? num(srv.keepAliveTimeout) : null,
      headersTimeout: isHttp ? num(srv.headersTimeout) : null,
      requestTimeout: isHttp ? num(srv.requestTimeout) : null,
    };
  }

  function agentFacts(agents) {
    const out = [];
    for (const a of agents) {
      const byOrigin = new Map();
      const get = (name) => {
        const o = originOf(a, name);
        let e = byOrigin.get(o);
        if (!e) { e = { origin: o, active: 0, free: 0, queued: 0 }; byOrigin.set(o, e); }
        return e;
      };
      for (const [name, list] of poolEntries(a, 'sockets')) get(name).active += Array.isArray(list) ? list.length : 0;
      for (const [name, list] of poolEntries(a, 'freeSockets')) get(name).free += Array.isArray(list) ? list.length : 0;
      for (const [name, list] of poolEntries(a, 'requests')) get(name).queued += Array.isArray(list) ? list.length : 0;
      const num = (v) => (typeof v === 'number' && isFinite(v) ? v : null);
      const opts = a.options || {};
      for (const e of byOrigin.values()) {
        if (e.active + e.free + e.queued === 0) continue;
        out.push(Object.assign(e, {
          agent: agentIds.get(a) || 'agent',
          keepAlive: !!a.keepAlive,
          maxSockets: num(a.maxSockets),
          maxFreeSockets: num(a.maxFreeSockets),
          timeout: num(opts.timeout),
        }));
      }
    }
    return out.slice(0, 200);
  }

  // budgetMs: time for examining sockets one by one; lite: also leave out the per-resource
  // histogram and the creation sites (the retry after an evaluation ran out of time).
  function sample(budgetMs, lite) {
    const start = perf.now();
    const cpu0 = process.cpuUsage();
    const { sockets, servers, agents, unrefd, destroyed, withoutTimeout, withoutErrorListener, examined } = collect(start + budgetMs);
    const resources = {};
    const skipped = [];
    if (lite) skipped.push('resources', 'sites');
    if (!lite && typeof process.getActiveResourcesInfo === 'function') {
      // Counted by runs of equal names: the names are fresh strings, so keying the object by each
      // of 10k of them hashes 10k strings, while comparing neighbours is cheap and runs are long.
      const names = process.getActiveResourcesInfo();
      let prev, run = 0;
      for (let i = 0; i < names.length; i++) {
        if (names[i] === prev) { run++; continue; }
        if (run) resources[prev] = (resources[prev] || 0) + run;
        prev = names[i];
        run = 1;
      }
      if (run) resources[prev] = (resources[prev] || 0) + run;
    }
    const elu = lastElu ? perf.eventLoopUtilization(lastElu) : perf.eventLoopUtilization();
    lastElu = perf.eventLoopUtilization();
    const m = process.memoryUsage();
    const out = {
      pid: process.pid,
      nodeVersion: process.version,
      sockets: { total: sockets.length, withoutTimeout, withoutErrorListener, unrefd, destroyed },
      servers: servers.map(serverFacts),
      agents: agentFacts(agents),
      resources,
      eventLoopUtilization: Math.round(elu.utilization * 10000) / 10000,
      memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers },
      sites: sites.enabled && !lite ? sites.groups(sockets) : null,
      // Counts over the sockets examined (withoutTimeout, withoutErrorListener) and what was left out.
      partial: examined < sockets.length || lite ? { socketsExamined: examined, skipped } : null,
      costMs: 0,
      cpuMs: 0,
    };
    out.costMs = perf.now() - start;
    const cpu = process.cpuUsage(cpu0);
    out.cpuMs = (cpu.user + cpu.system) / 1000;
    return out;
  }

  function symbolOf(s, description) {
    for (const sym of Object.getOwnPropertySymbols(s)) if (sym.description === description) return sym;
    return undefined;
  }

  function ownerOf(s, owners) {
    const o = owners.get(s);
    if (o) return o;
    if (s.server) { try { return 'server ' + fmtAddress(s.server.address()); } catch (e) { return 'server'; } }
    return null;
  }

  function socketPage(offset, limit) {
    const start = perf.now();
    const { sockets, agents } = collect(Infinity);
    const owners = new Map();
    for (const a of agents) {
      const id = agentIds.get(a) || 'agent';
      for (const [name, list] of poolEntries(a, 'sockets')) if (Array.isArray(list)) for (const s of list) owners.set(s, originOf(a, name) + ' (' + id + ', active)');
      for (const [name, list] of poolEntries(a, 'freeSockets')) if (Array.isArray(list)) for (const s of list) owners.set(s, originOf(a, name) + ' (' + id + ', free)');
    }
    const keyed = sockets.map((s) => { const fd = fdOf(s); return { s, fd: fd === null ? 1e9 : fd }; });
    keyed.sort((a, b) => a.fd - b.fd);
    const all = keyed.map((k) => k.s);
    const now = Date.now();
    // The libuv clock the socket timers use: a throwaway timer reads it.
    let loopNow = null;
    try { const t = timers.setTimeout(noop, 1 << 30); loopNow = t._idleStart; timers.clearTimeout(t); } catch (e) {}
    const items = [];
    for (const s of all.slice(offset, offset + limit)) {
      if (symTimeout === undefined) symTimeout = symbolOf(s, 'timeout');
      if (symKeepAlive === undefined) symKeepAlive = symbolOf(s, 'kSetKeepAlive');
      const site = sites.infoOf(s);
      let seen = firstSeen.get(s);
      if (seen === undefined) firstSeen.set(s, now); // age unknown until seen again
      const bytesRead = typeof s.bytesRead === 'number' ? s.bytesRead : 0;
      const bytesWritten = typeof s.bytesWritten === 'number' ? s.bytesWritten : 0;
      let idleMs = null;
      const timer = symTimeout && s[symTimeout];
      // A cleared timer (setTimeout(0)) keeps its old _idleStart; only a live one (_idleTimeout > 0) counts.
      if (timer && timer._idleTimeout > 0 && typeof timer._idleStart === 'number' && typeof loopNow === 'number') idleMs = Math.max(0, loopNow - timer._idleStart);
      const total = bytesRead + bytesWritten;
      const lb = lastBytes.get(s);
      if (!lb || lb.total !== total) lastBytes.set(s, { total, t: now });
      else if (idleMs === null) idleMs = now - lb.t;
      const m = s._httpMessage;
      if (m && m.agent) noteAgent(m.agent);
      let local = null, remote = null;
      try { if (s.localPort !== undefined) local = (s.localAddress && s.localAddress.includes(':') ? '[' + s.localAddress + ']' : s.localAddress) + ':' + s.localPort; } catch (e) {}
      try { if (s.remotePort !== undefined) remote = (s.remoteAddress && s.remoteAddress.includes(':') ? '[' + s.remoteAddress + ']' : s.remoteAddress) + ':' + s.remotePort; } catch (e) {}
      const h = s._handle;
      items.push({
        fd: fdOf(s),
        kind: s.server || (site && site.kind === 'server') ? 'server' : 'client',
        local, remote,
        ageMs: site ? now - site.t : seen !== undefined ? now - seen : null,
        ageSource: site ? 'created' : seen !== undefined ? 'firstSeen' : null,
        idleMs,
        timeout: s.timeout ? s.timeout : null,
        keepAlive: symKeepAlive && typeof s[symKeepAlive] === 'boolean' ? s[symKeepAlive] : null,
        bytesRead, bytesWritten,
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

  function report() {
    const start = perf.now();
    const cpu0 = process.cpuUsage();
    const rep = process.report;
    if (!rep || typeof rep.getReport !== 'function') return null;
    // getReport() waits for a report from every worker thread: one blocked in a synchronous call
    // (execSync) blocks this main thread as long. Where worker_threads was ever loaded, skip it.
    const loaded = process.moduleLoadList;
    if (Array.isArray(loaded) && loaded.includes('NativeModule worker_threads')) return { skipped: 'worker threads' };
    const prevExclude = rep.excludeNetwork;
    let r;
    try {
      rep.excludeNetwork = true;  // otherwise two reverse-DNS lookups per socket, synchronously
      r = rep.getReport();
    } finally {
      rep.excludeNetwork = prevExclude;
    }
    if (typeof r === 'string') r = JSON.parse(r);
    const byType = {};
    let tcp = 0, tcpUnrefd = 0, timers = 0;
    for (const h of (r && r.libuv) || []) {
      byType[h.type] = (byType[h.type] || 0) + 1;
      if (h.type === 'tcp') { tcp++; if (h.is_referenced === false) tcpUnrefd++; }
      if (h.type === 'timer') timers++;
    }
    const cpu = process.cpuUsage(cpu0);
    return { tcp, tcpUnrefd, timers, byType, costMs: perf.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  function uninstall() {
    sites.disable();
    try { dc.unsubscribe('http.client.request.start', onRequest); } catch (e) {}
    if (root.sessions.get(ID) === api) root.sessions.delete(ID);
    if (root.sessions.size === 0 && globalThis[KEY] === root) {
      delete globalThis[KEY];
      if (root.watchdog) { timers.clearInterval(root.watchdog); root.watchdog = null; }
    }
  }

  // Every call is a sign of life; the evaluation runs even while the app's loop is blocked.
  const alive = (f) => function () { api.lastSeen = perf.now(); try { return f.apply(null, arguments); } finally { api.lastSeen = perf.now(); } };
  const api = {
    version: VERSION,
    lastSeen: perf.now(),
    expireMs: EXPIRE_MS,
    touch: alive(() => true),
    sample: alive((budgetMs, lite) => { try { return sample(budgetMs, lite); } catch (e) { return { error: String(e && e.message || e) }; } }),
    sockets: alive((offset, limit) => { try { return socketPage(offset, limit); } catch (e) { return { error: String(e && e.message || e) }; } }),
    report: alive(() => { try { return report(); } catch (e) { return { error: String(e && e.message || e) }; } }),
    noteAgents: alive((list) => { let n = 0; try { for (const a of list) { if (!agentIds.has(a)) n++; noteAgent(a); } } catch (e) {} return n; }),
    setTraceSites: alive((on) => { if (on) sites.enable(); else sites.disable(); return sites.enabled; }),
    uninstall,
  };
  root.sessions.set(ID, api);
  if (!root.watchdog) {
    // The tool that installed this can die without detaching (SIGKILL, a closed terminal): a
    // session not heard from within its expiry removes itself, and the inspector goes with the
    // last session when a socklint opened it. Unref'd: never keeps the process alive.
    root.watchdog = timers.setInterval(() => {
      try {
        const now = perf.now();
        let expired = 0;
        for (const s of Array.from(root.sessions.values())) {
          if (now - s.lastSeen > s.expireMs) { expired++; try { s.uninstall(); } catch (e) {} }
        }
        if (expired > 0 && root.sessions.size === 0) closeOpenedInspector(root);
      } catch (e) { /* never throw into the app */ }
    }, WATCHDOG_MS);
    if (root.watchdog && typeof root.watchdog.unref === 'function') root.watchdog.unref();
  }
  return { pid: process.pid, nodeVersion: process.version, heapUsed: process.memoryUsage().heapUsed, reused: false, openedBySocklint: root.openedBySocklint === true };
})()
`;

/** The session's installed sampler, or undefined. */
function lookup(session: string): string {
  const id = JSON.stringify(session);
  return `((r) => r && r.sessions instanceof Map ? r.sessions.get(${id}) : undefined)(globalThis[${KEY}])`;
}

export interface InstallOptions {
  /** This attach's SIGUSR1 opened the inspector: the last socklint session to leave closes it. */
  opened: boolean;
  /** A session not heard from for this long removes itself (and closes what socklint opened). */
  expireMs: number;
}

/**
 * Installs the session's in-target sampler (idempotent); evaluates to
 * { pid, nodeVersion, heapUsed, reused, openedBySocklint }.
 */
export function installExpression(session: string, options: InstallOptions): string {
  return INSTALL_SOURCE.replace('__SESSION__', JSON.stringify(session))
    .replace('__EXPIRE_MS__', String(Math.max(1000, Math.round(options.expireMs))))
    .replace('__OPENED__', options.opened ? 'true' : 'false');
}

/** Calls one method of the session's sampler; evaluates to `{ missing: true }` when it is not installed. */
export function callExpression(session: string, method: 'report' | 'touch'): string {
  return `(() => { const a = ${lookup(session)}; return a ? a.${method}() : { missing: true }; })()`;
}

/** One sample: sockets examined one by one for at most `budgetMs`; `lite` leaves out resources and sites. */
export function sampleExpression(session: string, budgetMs: number, lite: boolean): string {
  return `(() => { const a = ${lookup(session)}; return a ? a.sample(${Math.max(1, Math.round(budgetMs))}, ${lite ? 'true' : 'false'}) : { missing: true }; })()`;
}

export function socketsExpression(session: string, offset: number, limit: number): string {
  return `(() => { const a = ${lookup(session)}; return a ? a.sockets(${Math.max(0, offset | 0)}, ${Math.max(1, limit | 0)}) : { missing: true }; })()`;
}

export function traceSitesExpression(session: string, on: boolean): string {
  return `(() => { const a = ${lookup(session)}; return a ? a.setTraceSites(${on ? 'true' : 'false'}) : { missing: true }; })()`;
}

/**
 * Removes everything the session installed and, when a socklint opened the inspector, no other
 * socklint session remains and no other debugger is connected (`otherConnections`: connections
 * to the inspector besides ours, as the kernel counts them), closes it, in the same evaluation.
 * (Deferring the close to a setImmediate raced with the client's own disconnect and crashed
 * Node 20.20 with SIGSEGV in about one detach in ten; closing synchronously ends our connection
 * from the target's side and never did in our runs.) Evaluates to
 * { had, closed, opened, remaining (socklint sessions), foreign (other clients) }.
 */
export function detachExpression(session: string, otherConnections: number): string {
  return `(() => {
    const root = globalThis[${KEY}];
    const a = ${lookup(session)};
    if (a) a.uninstall();
    if (!root || !(root.sessions instanceof Map)) return { had: !!a, closed: false, opened: false, remaining: 0, foreign: 0 };
    const remaining = root.sessions.size;
    const foreign = Math.max(0, ${Math.max(0, otherConnections | 0)} - remaining);
    const opened = root.openedBySocklint === true;
    const closed = opened && remaining === 0 && foreign === 0 && typeof root.close === 'function' ? root.close() : false;
    return { had: !!a, closed, opened, remaining, foreign };
  })()`;
}

/** Evaluates (by reference, not value) to http.Agent.prototype, for Runtime.queryObjects. */
export const AGENT_PROTOTYPE_EXPRESSION = `(typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('http') : require('http')).Agent.prototype`;

/** For Runtime.callFunctionOn on the array queryObjects returned: registers every agent in it. */
export function noteAgentsFunction(session: string): string {
  return `function () { const a = ${lookup(session)}; return a ? a.noteAgents(this) : 0; }`;
}

/** Identity check that works before anything is installed. */
export const IDENTITY_EXPRESSION = `({ pid: process.pid, nodeVersion: process.version })`;
