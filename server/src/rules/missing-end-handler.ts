import { Node, SyntaxKind, type Identifier } from 'ts-morph';
import {
  SOCKET_KINDS,
  callsMethodOn,
  descendantsOfKind,
  halfOpenState,
  handedToStreamHelpers,
  inScopeAt,
  isReadFrom,
  literalOf,
  ownedByHttpServer,
  receiverNameFor,
  receiverText,
  tearsDown,
  unwrap,
  type FileAnalysis,
  type Listener,
  type TrackedValue,
} from '../core/analysis';
import { appendToFunction, insertAfter, prependToFunction } from '../core/handlerEdits';
import { defineRule, type Fix } from '../core/rule';

/** Calls that close a socket's writable side (what the peer's FIN waits for). */
const ENDING_METHODS: ReadonlySet<string> = new Set(['end', 'destroy', 'destroySoon', 'resetAndDestroy']);

interface Peer {
  value: TrackedValue;
  /** The identifier the relay writes through (`to` in `to.write(chunk)`). */
  id: Identifier;
}

/**
 * Sockets this one's data is relayed to without ending them: written by hand
 * (`from.on('data', c => to.write(c))`) or piped with `{ end: false }`.
 */
function relayPeers(analysis: FileAnalysis, value: TrackedValue): Peer[] {
  const peers: Peer[] = [];
  const add = (target: Node | undefined): void => {
    const receiver = target && unwrap(target);
    const peer = receiver && analysis.valueOf(receiver);
    if (peer && peer !== value && SOCKET_KINDS.has(peer.kind) && Node.isIdentifier(receiver) && !peers.some((p) => p.value === peer)) {
      peers.push({ value: peer, id: receiver });
    }
  };
  for (const listener of analysis.listeners(value, 'data')) {
    for (const call of listener.handler ? descendantsOfKind(listener.handler, SyntaxKind.CallExpression) : []) {
      const callee = call.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'write') add(callee.getExpression());
    }
  }
  for (const call of analysis.methodCalls(value, 'pipe')) {
    const [destination, options] = call.getArguments();
    const end = options && Node.isObjectLiteralExpression(options) ? options.getProperty('end') : undefined;
    if (end && literalOf(end) === false) add(destination);
  }
  return peers;
}

/** Calls that close a WebSocket (or end whatever the peer is). */
const WS_CLOSING_METHODS: ReadonlySet<string> = new Set(['close', 'terminate', 'end', 'destroy']);

/**
 * The receiver a 'data' listener sends each chunk to with `send(chunk)` (a WebSocket a VNC or
 * terminal relay forwards the socket's data to: electerm's `this.ws.send(data)`), when no 'end'
 * or 'close' listener of the socket closes it: after the peer's FIN the socket closes and the
 * browser's session stays open on a relay that carries nothing.
 */
function unclosedSendPeer(analysis: FileAnalysis, value: TrackedValue): Node | undefined {
  for (const listener of analysis.listeners(value, 'data')) {
    const chunk = listener.handler?.getParameters()[0];
    if (!chunk || !Node.isIdentifier(chunk.getNameNode())) continue;
    const name = chunk.getName();
    for (const call of descendantsOfKind(listener.handler!, SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'send') continue;
      if (!call.getArguments().some((a) => Node.isIdentifier(a) && a.getText() === name)) continue;
      const receiver = callee.getExpression();
      if (analysis.refersTo(receiver, value)) continue;
      const key = receiverText(receiver);
      const closers = [...analysis.listeners(value, 'end'), ...analysis.listeners(value, 'close')];
      if (closers.some((l) => !l.handler || callsMethodOn(l.handler, WS_CLOSING_METHODS, (r) => receiverText(r) === key))) return undefined;
      return receiver;
    }
  }
  return undefined;
}

/** Whether anything in the file may end the socket: a close call, a pipe into it. */
function mayBeEnded(value: TrackedValue): boolean {
  if (value.uses.pipedFrom.length > 0) return true;
  return value.uses.calls.some((c) => {
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && ENDING_METHODS.has(callee.getName());
  });
}

/** `x.on('end', () => x.end())` after the socket's declaration (or first in its connection listener). */
function addEndListenerFix(value: TrackedValue): Fix | undefined {
  const name = value.name;
  if (!name) return undefined;
  const lines = [`${name}.on('end', () => ${name}.end());`];
  const title = `End the socket when the peer ends it`;
  if (value.origin === 'accepted') {
    const fn = value.node.getParent();
    const edit = fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn)) ? prependToFunction(fn, lines) : undefined;
    return edit && { title, edits: [edit] };
  }
  const edit = value.statement && insertAfter(value.statement, lines);
  return edit && { title, edits: [edit] };
}

/** Adds `target.end()` at the end of the 'end' listener, when the name is in scope there. */
function endInHandlerFix(listener: Listener, target: string | undefined, title: string): Fix | undefined {
  if (!target || !listener.handler) return undefined;
  const edit = appendToFunction(listener.handler, [`${target}.end();`]);
  return edit && { title, edits: [edit] };
}

/** Adds `peer.close()` at the end of the 'end' listener, when the listener can name the peer (a variable in scope, or `this.x` in an arrow function). */
function closeInHandlerFix(listener: Listener, peer: Node): Fix | undefined {
  const text = receiverText(peer);
  const handler = listener.handler;
  if (!handler) return undefined;
  const reachable = Node.isIdentifier(unwrap(peer)) ? inScopeAt(unwrap(peer), handler) : Node.isArrowFunction(handler) && /^this\.\w+$/.test(text);
  if (!reachable) return undefined;
  const edit = appendToFunction(handler, [`${text}.close();`]);
  return edit && { title: `Close '${text}' when this socket ends`, edits: [edit] };
}

const rule = defineRule({
  meta: {
    id: 'missing-end-handler',
    description: "Sockets that are read from must be ended after the peer's FIN (no CLOSE_WAIT leaks).",
    defaultSeverity: 'warn',
    messages: {
      halfOpen: "This half-open socket (allowHalfOpen: true) is never ended after the peer's FIN. It stays in CLOSE_WAIT and holds a file descriptor forever.",
      endListener:
        "This 'end' listener never ends or destroys the half-open socket. After the peer's FIN it stays in CLOSE_WAIT and holds a file descriptor forever.",
      relayPeer: "This 'end' listener never ends the other side of the relay. '{peer}' never gets FIN and its connection stays open forever.",
      relayWebSocket:
        "This 'end' listener never closes '{peer}', which this socket's data is sent to. After the peer's FIN the relay carries nothing and '{peer}' stays open.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    const report = (
      node: Node,
      messageId: 'halfOpen' | 'endListener' | 'relayPeer' | 'relayWebSocket',
      fix: Fix | undefined,
      data?: Record<string, string>,
    ): void => context.report({ node, messageId, data, fixes: fix ? [fix] : [] });
    for (const value of analysis.values) {
      if (!SOCKET_KINDS.has(value.kind) || ownedByHttpServer(value)) continue;
      if (analysis.escapes(value) || handedToStreamHelpers(value) || !isReadFrom(value)) continue;
      const halfOpen = halfOpenState(value);
      if (halfOpen === undefined) continue;
      const endListeners = analysis.listeners(value, 'end');
      // Transient or invisible 'end' handling: the analysis cannot tell what follows.
      if (endListeners.some((l) => l.transient || !l.handler)) continue;
      const peers = relayPeers(analysis, value);

      if (halfOpen && endListeners.length === 0) {
        if (!mayBeEnded(value)) report(value.node, 'halfOpen', addEndListenerFix(value));
        continue;
      }
      if (endListeners.length === 0) continue;
      const targets = { values: [value, ...peers.map((p) => p.value)] };
      // One listener that ends the socket or its peer is enough.
      if (endListeners.some((l) => tearsDown(analysis, l.handler!, targets, ENDING_METHODS))) continue;
      const first = endListeners[0];
      const eventNode = first.call.getArguments()[0] ?? first.call;
      if (halfOpen) {
        // Ended elsewhere (before the FIN, or on some message): the analysis cannot order it.
        if (mayBeEnded(value)) continue;
        report(eventNode, 'endListener', endInHandlerFix(first, receiverNameFor(first), "End the socket in its 'end' listener"));
        continue;
      }
      // Node ends a default socket itself; only a hand-made relay leaves its peer open.
      const open = peers.filter((p) => !analysis.escapes(p.value) && !peerClosedByListeners(analysis, value, p.value));
      if (open.length === 0) {
        const sendPeer = peers.length === 0 ? unclosedSendPeer(analysis, value) : undefined;
        if (sendPeer) report(eventNode, 'relayWebSocket', closeInHandlerFix(first, sendPeer), { peer: receiverText(sendPeer) });
        continue;
      }
      const peer = open[0];
      const name = inScopeAt(peer.id, first.handler!) ? peer.id.getText() : undefined;
      report(eventNode, 'relayPeer', endInHandlerFix(first, name, `End '${peer.id.getText()}' when this socket ends`), { peer: peer.id.getText() });
    }
  },
});

/** Whether a 'close' or 'end' listener of the socket (or anything else) tears the peer down. */
function peerClosedByListeners(analysis: FileAnalysis, value: TrackedValue, peer: TrackedValue): boolean {
  const listeners = [...analysis.listeners(value, 'close'), ...analysis.listeners(value, 'end')];
  if (listeners.some((l) => !l.handler)) return true;
  return listeners.some((l) => tearsDown(analysis, l.handler!, { values: [peer] }, ENDING_METHODS));
}

export default rule;
