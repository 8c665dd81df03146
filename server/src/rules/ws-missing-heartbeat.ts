import { Node, SyntaxKind } from 'ts-morph';
import {
  LISTENER_METHODS,
  callsNamed,
  creationOptions,
  identifiersNamed,
  literalOf,
  optionOf,
  resolveFunction,
  timerBound,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
} from '../core/analysis';
import { insertAfterStatement } from '../core/fixBuilders';
import { prependToFunction } from '../core/handlerEdits';
import { defineRule, type Fix } from '../core/rule';

const HEARTBEAT_METHODS = new Set(['ping']);

/** Any ping() call or 'pong' listener in the file: a heartbeat exists (perhaps on sockets the analysis does not track). */
function fileHasHeartbeat(analysis: FileAnalysis): boolean {
  for (const call of callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set([...HEARTBEAT_METHODS, ...LISTENER_METHODS]))) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    if (HEARTBEAT_METHODS.has(callee.getName())) return true;
    const [event] = call.getArguments();
    if (
      LISTENER_METHODS.has(callee.getName()) &&
      event &&
      Node.isStringLiteral(event) &&
      (event.getLiteralValue() === 'pong' || event.getLiteralValue() === 'ping')
    )
      return true;
  }
  return false;
}

/** A per-connection bound of the server's sockets: app-level pings sent from an interval, a deadline that closes them. */
function connectionsBounded(analysis: FileAnalysis, server: TrackedValue): boolean {
  return analysis.values.some((v) => v.server === server && (timerBound(v) || v.uses.calls.some((c) => isSendInInterval(c))));
}

function isSendInInterval(call: Node): boolean {
  const callee = (call as import('ts-morph').CallExpression).getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'send') return false;
  return call.getAncestors().some((a) => {
    if (!Node.isArrowFunction(a) && !Node.isFunctionExpression(a)) return false;
    const parent = a.getParent();
    return parent !== undefined && Node.isCallExpression(parent) && /^(setInterval|timers\.setInterval)$/.test(parent.getExpression().getText());
  });
}

/** `wss.emit('connection', ws, req)` after `handleUpgrade`: the socket goes to this server's own listeners. */
function emitsConnectionOn(analysis: FileAnalysis, escape: Node, server: TrackedValue): boolean {
  if (!Node.isCallExpression(escape)) return false;
  const callee = escape.getExpression();
  const [event] = escape.getArguments();
  return (
    Node.isPropertyAccessExpression(callee) &&
    callee.getName() === 'emit' &&
    event !== undefined &&
    Node.isStringLiteral(event) &&
    event.getLiteralValue() === 'connection' &&
    analysis.refersTo(callee.getExpression(), server)
  );
}

/** The visible 'connection' handlers of the server; undefined when one cannot be seen. */
function connectionHandlers(server: TrackedValue): FunctionLike[] | undefined {
  const out: FunctionLike[] = [];
  for (const l of server.uses.listeners) {
    if (l.event !== 'connection') continue;
    const fn = l.handler ?? resolveFunction(l.call.getArguments()[1]);
    if (!fn) return undefined;
    out.push(fn);
  }
  return out;
}

/** Names the fix would add, when free in the file. */
function freeNames(analysis: FileAnalysis, names: string[]): boolean {
  return names.every((n) => identifiersNamed(analysis.sourceFile, n).length === 0);
}

function buildFix(analysis: FileAnalysis, server: TrackedValue, handler: FunctionLike, intervalMs: number): Fix | undefined {
  if (!server.name || !server.statement || !freeNames(analysis, ['alive', 'heartbeat'])) return undefined;
  const param = handler.getParameters()[0];
  const ws = param && Node.isIdentifier(param.getNameNode()) ? param.getName() : undefined;
  if (!ws) return undefined;
  // Without client tracking `wss.clients` is not kept.
  const tracking = optionOf(creationOptions(server), 'clientTracking');
  if (tracking.state === 'set' && literalOf(tracking.value) !== true) return undefined;
  if (tracking.state === 'unknown') return undefined;
  const name = server.name;
  const interval = insertAfterStatement(server.statement, [
    `// Peers that vanish without a close frame are only noticed by a heartbeat.`,
    `const alive = new WeakSet();`,
    `const heartbeat = setInterval(() => {`,
    `  for (const client of ${name}.clients) {`,
    `    if (!alive.has(client)) {`,
    `      client.terminate();`,
    `      continue;`,
    `    }`,
    `    alive.delete(client);`,
    `    client.ping();`,
    `  }`,
    `}, ${intervalMs});`,
    `${name}.on('close', () => clearInterval(heartbeat));`,
  ]);
  const perConnection = prependToFunction(handler, [`alive.add(${ws});`, `${ws}.on('pong', () => alive.add(${ws}));`]);
  if (!perConnection) return undefined;
  return { title: `Add a ping/pong heartbeat (every ${intervalMs} ms)`, edits: [interval, perConnection] };
}

const rule = defineRule({
  meta: {
    id: 'ws-missing-heartbeat',
    description: 'A ws WebSocketServer needs a ping/pong heartbeat, or peers that vanish without a close frame are never noticed.',
    defaultSeverity: 'warn',
    // About production servers: a test's own server lives for one run.
    inTests: 'skip',
    messages: {
      missing:
        'This WebSocket server never pings its clients, so dead connections stay open forever. A client that vanishes without a close frame (a dropped network, a sleeping laptop) keeps its connection open, and in wss.clients, forever.',
    },
    options: {
      intervalMs: {
        type: 'number',
        default: 30000,
        description: 'Interval of the heartbeat the fix adds: a client that misses a pong for this long is terminated.',
      },
    },
  },
  check(context) {
    const { analysis } = context;
    const servers = analysis.values.filter(
      (v) => v.kind === 'wsServer' && v.origin === 'created' && (Node.isNewExpression(v.node) || Node.isCallExpression(v.node)),
    );
    if (servers.length === 0 || fileHasHeartbeat(analysis)) return;
    const ms = Number(context.options.intervalMs) > 0 ? Math.round(Number(context.options.intervalMs)) : 30000;
    for (const server of servers) {
      // A server handed elsewhere may get its heartbeat there.
      if (analysis.escapes(server)) continue;
      const handlers = connectionHandlers(server);
      if (!handlers || handlers.length === 0) continue;
      // Connections handed to code the analysis cannot see (a session class) may be pinged there.
      const accepted = analysis.values.filter((v) => v.server === server);
      if (accepted.length === 0 || accepted.some((v) => v.uses.escapes.some((e) => !emitsConnectionOn(analysis, e, server)))) continue;
      if (connectionsBounded(analysis, server)) continue;
      const fix = handlers.length === 1 ? buildFix(analysis, server, handlers[0], ms) : undefined;
      context.report({ node: server.node, messageId: 'missing', fixes: fix ? [fix] : [] });
    }
  },
});

export default rule;
