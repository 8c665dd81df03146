// Creation sites (opt-in): diagnostics_channel `net.client.socket` / `net.server.socket`
// subscribers that record, per new socket, the first user frame of the creating call. Cheaper than
// async_hooks by an order of magnitude (research-inspector.md §1.6): no promise hooks, one
// structured stack capture per socket, nothing kept but a short string in a WeakMap.
//
// This module only holds in-target JavaScript source; agent.ts embeds it.

/**
 * Defines `makeSites(dc, options)` in the target. It returns { enable, disable, enabled,
 * infoOf(socket), groups(liveSockets), note(object, kind) }. `options.appFrames`: the site is the
 * first frame outside node_modules when there is one (`socklint run` points at the test or app
 * line that called a library, e.g. supertest's listen); without options, the first non-internal frame.
 * `options.ownFile`: a file whose frames are never a site (the preload that calls note()).
 */
export const SITES_SOURCE = String.raw`
function makeSites(dc, options) {
  const appFrames = !!(options && options.appFrames);
  const ownFile = (options && options.ownFile) || null;
  const MAX_SITES = 1000;
  const info = new WeakMap();          // socket -> { site, kind, t }
  const table = new Map();             // site -> { site, file, line, column, functionName, kind, created }
  const serverNames = new WeakMap();   // server -> "127.0.0.1:8080"
  let enabled = false;

  function serverName(server) {
    if (!server) return 'unknown server';
    let name = serverNames.get(server);
    if (name === undefined) {
      try {
        const a = server.address();
        name = !a ? 'unknown server' : typeof a === 'string' ? a : (a.family === 'IPv6' || a.family === 6 ? '[' + a.address + ']' : a.address) + ':' + a.port;
      } catch (e) { name = 'unknown server'; }
      serverNames.set(server, name);
    }
    return name;
  }

  function userFrame() {
    // Structured call sites, formatted by us: no user prepareStackTrace (e.g. source-map-support) runs.
    const holder = {};
    const prevPrepare = Error.prepareStackTrace;
    const prevLimit = Error.stackTraceLimit;
    let frames = null;
    try {
      Error.stackTraceLimit = 30;
      Error.prepareStackTrace = (_e, cs) => cs;
      Error.captureStackTrace(holder, userFrame);
      frames = holder.stack;
    } catch (e) {
      frames = null;
    } finally {
      Error.prepareStackTrace = prevPrepare;
      Error.stackTraceLimit = prevLimit;
    }
    if (!Array.isArray(frames)) return null;
    let first = null;
    for (const f of frames) {
      let file = null;
      try { file = f.getFileName() || (f.getScriptNameOrSourceURL && f.getScriptNameOrSourceURL()); } catch (e) { file = null; }
      if (!file || file.startsWith('node:') || file.startsWith('internal/') || !/[\/\\]/.test(file) || file === ownFile) continue;
      if (file.startsWith('file://')) { try { file = decodeURIComponent(new URL(file).pathname); } catch (e) { /* keep */ } }
      const line = f.getLineNumber();
      const column = f.getColumnNumber();
      let functionName = null;
      try { functionName = f.getFunctionName() || null; } catch (e) { functionName = null; }
      const frame = { file, line, column, functionName };
      if (!appFrames || !/[\/\\]node_modules[\/\\]/.test(file)) return frame;
      if (!first) first = frame;
    }
    return first;
  }

  function record(socket, kind) {
    if (!socket || typeof socket !== 'object') return;
    const frame = userFrame();
    let site;
    if (frame) site = frame.file + ':' + frame.line + ':' + frame.column;
    else if (kind === 'server') site = 'accepted by ' + serverName(socket.server);
    else site = 'unknown site';
    let entry = table.get(site);
    if (!entry) {
      if (table.size >= MAX_SITES) site = 'other sites';
      entry = table.get(site);
      if (!entry) {
        entry = frame && site !== 'other sites'
          ? { site, file: frame.file, line: frame.line, column: frame.column, functionName: frame.functionName, kind, created: 0 }
          : { site, file: null, line: null, column: null, functionName: null, kind, created: 0 };
        table.set(site, entry);
      }
    }
    entry.created++;
    info.set(socket, { site, kind, t: Date.now() });
  }

  const onClient = (msg) => { try { record(msg && msg.socket, 'client'); } catch (e) { /* never throw into the app */ } };
  const onServer = (msg) => { try { record(msg && msg.socket, 'server'); } catch (e) { /* never throw into the app */ } };

  return {
    get enabled() { return enabled; },
    enable() {
      if (enabled) return;
      dc.subscribe('net.client.socket', onClient);
      dc.subscribe('net.server.socket', onServer);
      enabled = true;
    },
    disable() {
      if (!enabled) return;
      try { dc.unsubscribe('net.client.socket', onClient); } catch (e) {}
      try { dc.unsubscribe('net.server.socket', onServer); } catch (e) {}
      enabled = false;
    },
    infoOf(socket) { return info.get(socket); },
    // Records the creation site of any object (a server at listen, a timer), as for sockets.
    note(object, kind) { try { record(object, kind); } catch (e) { /* never throw into the app */ } },
    groups(sockets) {
      const live = new Map();
      for (const s of sockets) {
        const i = info.get(s);
        if (i) live.set(i.site, (live.get(i.site) || 0) + 1);
      }
      const out = [];
      for (const e of table.values()) out.push(Object.assign({}, e, { live: live.get(e.site) || 0 }));
      out.sort((a, b) => b.live - a.live || b.created - a.created);
      return out.slice(0, 100);
    },
  };
}
`;
