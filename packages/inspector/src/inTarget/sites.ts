// Creation sites (opt-in): diagnostics_channel `net.client.socket` / `net.server.socket`
// subscribers that record, per new socket, the first user frame of the creating call. Cheaper than
// async_hooks by an order of magnitude (research-inspector.md §1.6): no promise hooks, one
// structured stack capture per socket, nothing kept but a short string in a WeakMap.
//
// Runs inside the target: bundled into the agent (agent.ts here) and into `socklint run`'s
// preload. Only type imports: whatever it needs at run time is handed in (`dc`).
import type * as diagnosticsChannel from 'node:diagnostics_channel';
import type { SiteGroup } from '../types';
import { addressText } from './address';

/** What a socket (or any object noted) was created by. */
export interface SiteInfo {
  site: string;
  kind: string;
  t: number;
}

export interface SitesOptions {
  /**
   * The site is the first frame outside node_modules when there is one (`socklint run` points at
   * the test or app line that called a library, e.g. supertest's listen); without it, the first
   * non-internal frame.
   */
  appFrames?: boolean;
  /** A file whose frames are never a site (the preload that calls note()). */
  ownFile?: string | null;
}

export interface Sites {
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  infoOf(socket: object): SiteInfo | undefined;
  /**
   * Sites by live sockets (of `sockets`), then by sockets created; at most 100. With `problems`,
   * each group also counts its live sockets' problems (withoutTimeout, withoutErrorListener, peerClosed).
   * A live socket with no site recorded (open before tracing began) is put where its owner says,
   * in a group flagged `beforeTracing`, listed after the recorded sites: an accepted one under its
   * server's name ('accepted by …', as tracing names them), else, when `poolOf` names the agent
   * pool holding it, under that ('http://host:port (agent#1)'); else in no group.
   */
  groups(sockets: readonly object[], problems?: (socket: never) => SocketProblems, poolOf?: (socket: never) => string | undefined): SiteGroup[];
  /** Records the creation site of any object (a server at listen, a timer), as for sockets. */
  note(object: object, kind: string): void;
}

type SiteEntry = Omit<SiteGroup, 'live' | 'kind'> & { kind: string };

/** One group's live sockets in a sample (`kind`: of an owner's group of sockets from before tracing). */
interface LiveCounts {
  live: number;
  kind: SiteGroup['kind'];
  withoutTimeout: number;
  withoutErrorListener: number;
  peerClosed: number;
}
const liveCounts = (kind: SiteGroup['kind']): LiveCounts => ({ live: 0, kind, withoutTimeout: 0, withoutErrorListener: 0, peerClosed: 0 });

/** What a live socket shows, for the per-site counts of a sample. */
export interface SocketProblems {
  noTimeout: boolean;
  noErrorListener: boolean;
  peerClosed: boolean;
}
interface Frame {
  file: string;
  line: number | null;
  column: number | null;
  functionName: string | null;
}

const MAX_SITES = 1000;

export function makeSites(dc: typeof diagnosticsChannel, options?: SitesOptions): Sites {
  const appFrames = !!options?.appFrames;
  const ownFile = options?.ownFile ?? null;
  const info = new WeakMap<object, SiteInfo>();
  const table = new Map<string, SiteEntry>();
  const serverNames = new WeakMap<object, string>(); // server -> "127.0.0.1:8080"
  // The file this code was loaded from (the preload's bundle, or this module run from source):
  // never a site. Code evaluated by the inspector has no file name, and is left out anyway.
  let selfFile: string | null | undefined;
  let enabled = false;

  function serverName(server: { address?: () => unknown } | null | undefined): string {
    if (!server) return 'unknown server';
    let name = serverNames.get(server);
    if (name === undefined) {
      try {
        name = addressText(server.address?.()) ?? 'unknown server';
      } catch {
        name = 'unknown server';
      }
      serverNames.set(server, name);
    }
    return name;
  }

  const acceptedSites = new WeakMap<object, string>(); // server -> "accepted by 127.0.0.1:8080"
  function acceptedBy(server: object): string {
    let site = acceptedSites.get(server);
    if (site === undefined) acceptedSites.set(server, (site = 'accepted by ' + serverName(server as { address?: () => unknown })));
    return site;
  }

  function userFrame(): Frame | null {
    // Structured call sites, formatted by us: no user prepareStackTrace (e.g. source-map-support) runs.
    const holder: { stack?: unknown } = {};
    const prevPrepare = Error.prepareStackTrace;
    const prevLimit = Error.stackTraceLimit;
    let frames: NodeJS.CallSite[] | null = null;
    try {
      Error.stackTraceLimit = 30;
      Error.prepareStackTrace = (_e, cs) => cs;
      Error.captureStackTrace(holder, userFrame);
      frames = holder.stack as NodeJS.CallSite[];
    } catch {
      frames = null;
    } finally {
      Error.prepareStackTrace = prevPrepare;
      Error.stackTraceLimit = prevLimit;
    }
    if (!Array.isArray(frames)) return null;
    if (selfFile === undefined) selfFile = fileOf(frames[0]); // record(), in this code
    let first: Frame | null = null;
    for (const f of frames) {
      let file = fileOf(f);
      if (!file || file.startsWith('node:') || file.startsWith('internal/') || !/[/\\]/.test(file) || file === ownFile || file === selfFile) continue;
      if (file.startsWith('file://')) {
        try {
          file = decodeURIComponent(new URL(file).pathname);
        } catch {
          /* keep */
        }
      }
      const line = f.getLineNumber();
      const column = f.getColumnNumber();
      let functionName: string | null = null;
      try {
        functionName = f.getFunctionName() || null;
      } catch {
        functionName = null;
      }
      const frame = { file, line, column, functionName };
      if (!appFrames || !/[/\\]node_modules[/\\]/.test(file)) return frame;
      if (!first) first = frame;
    }
    return first;
  }

  function record(socket: unknown, kind: string): void {
    if (!socket || typeof socket !== 'object') return;
    const frame = userFrame();
    let site: string;
    if (frame) site = frame.file + ':' + frame.line + ':' + frame.column;
    else if (kind === 'server') site = 'accepted by ' + serverName((socket as { server?: { address?: () => unknown } }).server);
    else site = 'unknown site';
    let entry = table.get(site);
    if (!entry) {
      if (table.size >= MAX_SITES) site = 'other sites';
      entry = table.get(site);
      if (!entry) {
        entry =
          frame && site !== 'other sites'
            ? { site, file: frame.file, line: frame.line, column: frame.column, functionName: frame.functionName, kind, created: 0 }
            : { site, file: null, line: null, column: null, functionName: null, kind, created: 0 };
        table.set(site, entry);
      }
    }
    entry.created++;
    info.set(socket, { site, kind, t: Date.now() });
  }

  const onClient = (msg: unknown): void => {
    try {
      record((msg as { socket?: unknown } | null)?.socket, 'client');
    } catch {
      /* never throw into the app */
    }
  };
  const onServer = (msg: unknown): void => {
    try {
      record((msg as { socket?: unknown } | null)?.socket, 'server');
    } catch {
      /* never throw into the app */
    }
  };

  return {
    get enabled() {
      return enabled;
    },
    enable() {
      if (enabled) return;
      dc.subscribe('net.client.socket', onClient);
      dc.subscribe('net.server.socket', onServer);
      enabled = true;
    },
    disable() {
      if (!enabled) return;
      try {
        dc.unsubscribe('net.client.socket', onClient);
      } catch {
        /* already gone */
      }
      try {
        dc.unsubscribe('net.server.socket', onServer);
      } catch {
        /* already gone */
      }
      enabled = false;
    },
    infoOf(socket) {
      return info.get(socket);
    },
    note(object, kind) {
      try {
        record(object, kind);
      } catch {
        /* never throw into the app */
      }
    },
    groups(sockets, problems, poolOf) {
      const live = new Map<string, LiveCounts>(); // by recorded site
      const owned = new Map<string, LiveCounts>(); // from before tracing, by owner
      let lastServer: object | null = null;
      let lastServerCounts: LiveCounts | null = null;
      for (const s of sockets) {
        const i = info.get(s);
        let c: LiveCounts | undefined;
        if (i) {
          c = live.get(i.site);
          if (!c) live.set(i.site, (c = liveCounts('client')));
        } else {
          // Open before tracing: only these are looked up (a field read, then the sample's pool map).
          const server = (s as { server?: unknown }).server;
          if (server && typeof server === 'object') {
            // Sockets of one server come in runs: the last one's group, else its name (one string per server).
            if (server === lastServer) c = lastServerCounts!;
            else {
              const site = acceptedBy(server);
              c = owned.get(site);
              if (!c) owned.set(site, (c = liveCounts('server')));
              lastServer = server;
              lastServerCounts = c;
            }
          } else {
            const site = poolOf ? (poolOf as (socket: object) => string | undefined)(s) : undefined;
            if (site === undefined) continue;
            c = owned.get(site);
            if (!c) owned.set(site, (c = liveCounts('client')));
          }
        }
        c.live++;
        if (!problems) continue;
        const p = (problems as (socket: object) => SocketProblems)(s);
        if (p.noTimeout) c.withoutTimeout++;
        if (p.noErrorListener) c.withoutErrorListener++;
        if (p.peerClosed) c.peerClosed++;
      }
      const problemCounts = (c: LiveCounts | undefined) =>
        problems ? { withoutTimeout: c?.withoutTimeout ?? 0, withoutErrorListener: c?.withoutErrorListener ?? 0, peerClosed: c?.peerClosed ?? 0 } : {};
      const out: SiteGroup[] = [];
      // (The agent records only 'client' and 'server' sockets; the preload's other kinds never reach groups().)
      for (const e of table.values()) {
        const c = live.get(e.site);
        out.push({ ...e, kind: e.kind as SiteGroup['kind'], live: c?.live ?? 0, ...problemCounts(c) });
      }
      const bySize = (a: SiteGroup, b: SiteGroup) => b.live - a.live || b.created - a.created;
      out.sort(bySize);
      // Then the owners' groups of sockets from before tracing: after every recorded site, as the
      // "created before tracing" row is (a server's may share its name with a recorded site).
      const before: SiteGroup[] = [];
      for (const [site, c] of owned)
        before.push({
          site,
          file: null,
          line: null,
          column: null,
          functionName: null,
          kind: c.kind,
          live: c.live,
          created: 0,
          beforeTracing: true,
          ...problemCounts(c),
        });
      before.sort(bySize);
      return out.concat(before).slice(0, 100);
    },
  };
}

function fileOf(f: NodeJS.CallSite | undefined): string | null {
  if (!f) return null;
  try {
    return f.getFileName() || f.getScriptNameOrSourceURL?.() || null;
  } catch {
    return null;
  }
}
