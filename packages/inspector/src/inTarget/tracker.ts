// The sockets and servers a sample walks, kept between samples (runs inside the target).
//
// Why: process._getActiveHandles() builds a fresh array of every handle's owner, through a C++
// property lookup per handle: at 10k sockets 3-4.5 ms of the target's main thread, most of a
// sample. Instead, one full listing (the first walk, and then and again as below) finds what
// already exists, and Node's diagnostics channels hand over what is created afterwards:
// `net.client.socket` (net.connect / net.createConnection, so http.Agent's sockets),
// `net.server.socket` (every accepted socket, TLS servers' included: their raw socket is the
// one the handle list holds) and `tracing:net.server.listen:asyncEnd` (servers). A walk then
// reads each known socket's `_handle`: null once destroyed, which drops it.
//
// What the channels do not see (tls.connect, `new net.Socket().connect()`, sockets created before
// a channel existed) is caught by a cheap check against the counts Node keeps itself: the
// sample's process.getActiveResourcesInfo() histogram counts ref'd TCP handles ('TCPSocketWrap',
// 'TCPServerWrap'). The difference between that and the live sockets and servers known here
// stays constant while nothing is missed (it holds unref'd and closing handles, TLS over other
// streams); when it grows beyond what closing sockets explain, the same walk lists every handle
// again and adds what it did not know. Drift the check cannot see (a miss masked by a socket
// turning unref'd at the same moment) is corrected by a full listing at least every RELIST_MS.
//
// References: live sockets are held (a Set) between walks. WeakRefs would cost a deref per
// socket per walk (about as much as the handle list saves); a closed socket is let go at the
// next walk, and everything is let go when walks stop (idle(), called by the agent's watchdog)
// or when more new sockets pile up unwalked than FRESH_MAX.
import type * as diagnosticsChannel from 'node:diagnostics_channel';

/** At least this often every handle is listed again, ms. */
export const RELIST_MS = 30000;
/** Walks this much apart (or 3 sampling intervals, if longer) mean sampling stopped: let go of everything. */
const IDLE_MS = 5000;
/** More new sockets than this since the last walk: stop collecting them until the next walk lists everything. */
const FRESH_MAX = 100000;

const SOCKET_CHANNELS = ['net.client.socket', 'net.server.socket'];
const LISTEN_CHANNEL = 'tracing:net.server.listen:asyncEnd';

interface Owner {
  _handle?: { constructor?: { name?: string } } | null;
  destroyed?: boolean;
}

export interface TrackerDeps<S extends object, V extends object> {
  dc: typeof diagnosticsChannel;
  now: () => number;
  /** The owners of the ref'd handles (process._getActiveHandles), or null where Node has no such call. */
  listHandles: () => unknown[] | null;
  isSocket: (h: unknown) => h is S;
  isServer: (h: unknown) => h is V;
  /** Every handle is listed again at least this often, ms (default RELIST_MS). */
  relistMs?: number;
}

export interface WalkCounts {
  /** Ref'd TCP handles as Node counts them ('TCPSocketWrap' + 'TCPServerWrap' of getActiveResourcesInfo), or null: no check. */
  refdTcpHandles: number | null;
  /** Of the live sockets visited: pooled ones whose handle is unref'd (not in Node's count). */
  unrefdPooled: number;
}

export interface Tracker<S extends object, V extends object> {
  /** Whether the last walk listed every handle (the first walk, a failed check, RELIST_MS passed, or `full`). */
  readonly listedLast: boolean;
  /** Starts a walk: takes in what the channels saw, or lists every handle (`full`, or when due). */
  begin(full: boolean): void;
  /** Adds a socket found elsewhere (an agent's pool), between begin() and walk(); false when it is not a live TCP socket. */
  adopt(s: S): boolean;
  /**
   * Visits every live socket and server once; then, with Node's count in `counts`, checks that
   * nothing was missed, listing every handle again (and visiting what it adds) when something was.
   */
  walk(counts: WalkCounts, visitSocket: (s: S) => void, visitServer: (s: V) => void): void;
  /** Lets go of everything when no walk came for a while (sampling stopped). */
  idle(now: number): void;
  stop(): void;
}

export function makeTracker<S extends object, V extends object>(deps: TrackerDeps<S, V>): Tracker<S, V> {
  const { dc, now } = deps;
  const relistMs = typeof deps.relistMs === 'number' && deps.relistMs >= 0 ? deps.relistMs : RELIST_MS;
  const sockets = new Set<S>();
  const servers = new Set<V>();
  let fresh: unknown[] = [];
  let freshServers: unknown[] = [];
  let listed = false; // a full listing since the last reset: what exists is known
  let listedAt = 0;
  let lastWalk = 0;
  let interval = 0;
  let baseline = 0; // Node's count minus the live ones known, at the last full listing (or lower since)
  let listedLast = false;
  let stopped = false;

  function reset(): void {
    sockets.clear();
    servers.clear();
    fresh = [];
    freshServers = [];
    listed = false;
  }

  const onSocket = (msg: unknown): void => {
    try {
      if (!listed) return; // the next walk lists everything anyway
      fresh.push((msg as { socket?: unknown } | null)?.socket);
      if (fresh.length > FRESH_MAX) reset();
    } catch {
      /* never throw into the app */
    }
  };
  const onListen = (msg: unknown): void => {
    try {
      if (listed) freshServers.push((msg as { server?: unknown } | null)?.server);
    } catch {
      /* never throw into the app */
    }
  };
  for (const c of SOCKET_CHANNELS) dc.subscribe(c, onSocket);
  dc.subscribe(LISTEN_CHANNEL, onListen);

  const live = (o: Owner): boolean => !!o._handle;

  /** Lists every handle; adds (and returns) the live sockets and servers not known yet. */
  function listAll(addedSockets: S[] | null, addedServers: V[] | null): void {
    const handles = deps.listHandles() || [];
    for (let i = 0; i < handles.length; i++) {
      const h = handles[i];
      // Known ones first: a Set lookup, where telling a socket apart reads its handle too.
      if (sockets.has(h as S) || servers.has(h as V)) continue;
      if (deps.isSocket(h)) {
        if (live(h as Owner)) {
          sockets.add(h);
          if (addedSockets) addedSockets.push(h);
        }
      } else if (deps.isServer(h) && live(h as Owner)) {
        servers.add(h);
        if (addedServers) addedServers.push(h);
      }
    }
    // (Only now: an evaluation cut short by its time limit has not listed everything.)
    listed = true;
    listedAt = now();
    listedLast = true;
  }

  /**
   * Takes in what the channels handed over since the last walk. (net.connect publishes a socket
   * just before connecting it, which gives it its handle: one without a handle by now is gone.)
   */
  function absorb(): void {
    if (fresh.length) {
      for (const s of fresh) if (s && typeof s === 'object' && live(s as Owner) && deps.isSocket(s)) sockets.add(s);
      fresh = [];
    }
    if (freshServers.length) {
      for (const v of freshServers) if (deps.isServer(v) && live(v as Owner)) servers.add(v);
      freshServers = [];
    }
  }

  // One socket of a walk. Set.prototype.forEach with one function, not for-of: no iterator result
  // per socket, which is most of a walk's cost before it is optimised (the first samples).
  const step = { visit: (_s: S): void => {}, live: 0, dropped: 0 };
  function walkOne(s: S): void {
    if (live(s as Owner)) {
      step.live++;
      step.visit(s);
    } else {
      // Destroyed (or its handle handed to a TLS socket wrapping it): let go. Its handle may
      // still be closing, counted by Node until the loop turns: `dropped` allows for that.
      sockets.delete(s);
      step.dropped++;
    }
  }

  const isTcpServer = (v: V): boolean => {
    const h = (v as Owner)._handle;
    return !!h && !!h.constructor && h.constructor.name === 'TCP';
  };

  return {
    get listedLast() {
      return listedLast;
    },
    begin(full) {
      const t = now();
      if (lastWalk) interval = t - lastWalk;
      lastWalk = t;
      listedLast = false;
      if (stopped) {
        // (Not following the channels: every walk is a full listing.)
        reset();
        listAll(null, null);
      } else if (full || !listed || t - listedAt >= relistMs) listAll(null, null);
      else absorb();
    },
    adopt(s) {
      if (!live(s as Owner) || !deps.isSocket(s)) return false;
      sockets.add(s);
      return true;
    },
    walk(counts, visitSocket, visitServer) {
      const justListed = listedLast;
      step.visit = visitSocket;
      step.live = step.dropped = 0;
      sockets.forEach(walkOne);
      const liveSockets = step.live;
      const dropped = step.dropped;
      let tcpServers = 0;
      for (const v of servers) {
        if (!live(v as Owner)) {
          servers.delete(v);
          continue;
        }
        if (isTcpServer(v)) tcpServers++;
        visitServer(v);
      }
      if (counts.refdTcpHandles === null || stopped) return;
      const diff = counts.refdTcpHandles - (liveSockets - counts.unrefdPooled + tcpServers);
      if (justListed) baseline = diff;
      else if (diff > baseline + dropped) {
        // Node counts handles none of the known sockets explain: list them all, visit the new ones.
        const addedSockets: S[] = [];
        const addedServers: V[] = [];
        listAll(addedSockets, addedServers);
        for (const s of addedSockets) visitSocket(s);
        for (const v of addedServers) {
          if (isTcpServer(v)) tcpServers++;
          visitServer(v);
        }
        baseline = counts.refdTcpHandles - (liveSockets + addedSockets.length - counts.unrefdPooled + tcpServers);
      } else if (diff < baseline) baseline = diff; // fewer unexplained handles (closed, or unref'd): stricter from now on
    },
    idle(t) {
      if (listed && t - lastWalk > Math.max(IDLE_MS, 3 * interval)) reset();
    },
    stop() {
      stopped = true;
      reset();
      for (const c of SOCKET_CHANNELS) {
        try {
          dc.unsubscribe(c, onSocket);
        } catch {
          /* already gone */
        }
      }
      try {
        dc.unsubscribe(LISTEN_CHANNEL, onListen);
      } catch {
        /* already gone */
      }
    },
  };
}
