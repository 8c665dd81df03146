import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { HTTP_SERVER_KINDS } from './classify';
import type { FileAnalysis } from './fileAnalysis';
import { callsMethodOn, enclosingFunction, functionName, resolveFunction, type FunctionLike } from './functions';
import type { Listener, TrackedValue } from './values';
import { symbolOf, unwrap } from './values';
import { descendantsOfKind, identifiersNamed, propertyAccessesNamed } from './descendants';
import { afterPromiseTimer } from './promiseTimers';
import { creationOptions, optionOf } from './creationOptions';
import { numericValue } from './numbers';

/** Calls that end or tear down a socket-like value. */
export const TEARDOWN_METHODS: ReadonlySet<string> = new Set(['destroy', 'end', 'resetAndDestroy', 'destroySoon', 'abort', 'terminate', 'close']);

/** The literal `true`/`false`/number written for a property assignment's value, else undefined. */
export function literalOf(node: Node | undefined): boolean | number | undefined {
  if (!node) return undefined;
  const expr = Node.isPropertyAssignment(node) ? node.getInitializer() : node;
  if (!expr) return undefined;
  const inner = unwrap(expr);
  if (inner.getKind() === SyntaxKind.TrueKeyword) return true;
  if (inner.getKind() === SyntaxKind.FalseKeyword) return false;
  if (Node.isNumericLiteral(inner)) return inner.getLiteralValue();
  return undefined;
}

/** Whether an idle-timeout argument is a literal 0 (which switches the timeout off). */
export function isZero(node: Node | undefined): boolean {
  return literalOf(node) === 0;
}

/** A socket accepted by an http/https server: the server owns its timeouts and its end. */
export function ownedByHttpServer(value: TrackedValue): boolean {
  return value.via === 'connection' && value.server !== undefined && HTTP_SERVER_KINDS.has(value.server.kind);
}

/** rules.md "read from": a 'data'/'readable' listener, `pipe`, `resume`, or `for await`. */
export function isReadFrom(value: TrackedValue): boolean {
  const uses = value.uses;
  if (uses.listeners.some((l) => l.event === 'data' || l.event === 'readable')) return true;
  if (uses.handledBy.some((n) => Node.isForOfStatement(n))) return true;
  return uses.calls.some((c) => {
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && (callee.getName() === 'pipe' || callee.getName() === 'resume');
  });
}

/** Handed to pipeline/finished: those manage the stream's end themselves. */
export function handedToStreamHelpers(value: TrackedValue): boolean {
  return value.uses.handledBy.some((n) => !Node.isForOfStatement(n));
}

export interface ListenerSite {
  value: TrackedValue;
  listener: Listener;
}

/** Every visible listener function of every tracked value, by function. */
export function listenersByHandler(analysis: FileAnalysis): Map<Node, ListenerSite[]> {
  const map = new Map<Node, ListenerSite[]>();
  for (const value of analysis.values) {
    for (const listener of value.uses.listeners) {
      if (!listener.handler) continue;
      const list = map.get(listener.handler);
      if (list) {
        if (!list.some((s) => s.value === value && s.listener.call === listener.call)) list.push({ value, listener });
      } else {
        map.set(listener.handler, [{ value, listener }]);
      }
    }
  }
  return map;
}

export interface TeardownTargets {
  values: readonly TrackedValue[];
  /** Parameters of the handler that carry the value (a server 'timeout' listener's socket). */
  params?: readonly Node[];
}

/**
 * Whether a handler (or a same-file function it calls) ends or destroys one of the targets:
 * the value itself, `this` inside a non-arrow handler, `target.socket`, or a parameter; or closes
 * the object that keeps a target in a field through a method of it this file does not define.
 */
export function tearsDown(analysis: FileAnalysis, handler: FunctionLike, targets: TeardownTargets, methods: ReadonlySet<string> = TEARDOWN_METHODS): boolean {
  const paramSymbols = new Set(
    (targets.params ?? []).map((p) => symbolOf(Node.isParameterDeclaration(p) ? p.getNameNode() : p)).filter((s) => s !== undefined),
  );
  const isTarget = (receiver: Node): boolean => {
    let r = unwrap(receiver);
    // `this.socket.end()` in a method the handler calls: the tracked field itself.
    if (targets.values.some((v) => analysis.refersTo(r, v))) return true;
    if (Node.isPropertyAccessExpression(r) && (r.getName() === 'socket' || r.getName() === 'connection')) r = unwrap(r.getExpression());
    if (r.getKind() === SyntaxKind.ThisKeyword) return !Node.isArrowFunction(handler) && enclosingNonArrow(r) === handler;
    if (targets.values.some((v) => analysis.refersTo(r, v))) return true;
    const symbol = Node.isIdentifier(r) ? symbolOf(r) : undefined;
    return symbol !== undefined && paramSymbols.has(symbol);
  };
  if (callsMethodOn(handler, methods, isTarget)) return true;
  // `this.end()` where `this` keeps the socket in a field (`this.stream`) and `end` is not in this
  // file (redis adds it to the prototype from another module): the owner closing itself.
  const ownerCloses = (receiver: Node): boolean =>
    resolveFunction(receiver.getParent() as Node) === undefined && targets.values.some((v) => analysis.keepsInField(receiver, v));
  return methods === TEARDOWN_METHODS && callsMethodOn(handler, OWNER_CLOSE_METHODS, ownerCloses);
}

/** What an object that keeps a socket calls to close itself, and with it the socket. */
const OWNER_CLOSE_METHODS: ReadonlySet<string> = new Set(['end', 'destroy', 'close', 'disconnect', 'quit', 'terminate']);

function enclosingNonArrow(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
}

/** Whether a non-arrow listener of the value calls `this.<method>(…)` (the analysis sees `this` only here). */
export function callsOnThisInListeners(value: TrackedValue, methods: ReadonlySet<string>): boolean {
  const handlers: Node[] = value.uses.listeners.flatMap((l) => (l.handler ? [l.handler] : []));
  // The connect callback given at creation (`net.connect(port, function () { this.… })`) too.
  const creator = value.node;
  if ((value.origin === 'created' || value.origin === 'probe') && (Node.isCallExpression(creator) || Node.isNewExpression(creator)))
    handlers.push(...creator.getArguments());
  return handlers.some((fn) => {
    if (!Node.isFunctionExpression(fn) && !Node.isFunctionDeclaration(fn)) return false;
    return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
      const callee = c.getExpression();
      return (
        Node.isPropertyAccessExpression(callee) &&
        methods.has(callee.getName()) &&
        callee.getExpression().getKind() === SyntaxKind.ThisKeyword &&
        enclosingNonArrow(c) === fn
      );
    });
  });
}

/** The method name of a call `x.m(…)`, else undefined. */
export function methodName(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
}

/**
 * An identifier that names the value at `at`: the receiver `x` of `x.on(…)` when the handler is
 * written inline in that call, so the name is certainly in scope inside it.
 */
export function receiverNameFor(listener: Listener): string | undefined {
  const callee = listener.call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = unwrap(callee.getExpression());
  if (!Node.isIdentifier(receiver)) return undefined;
  const handler = listener.handler;
  if (!handler || !handler.getAncestors().includes(listener.call)) return undefined;
  return receiver.getText();
}

/** Whether identifier `name` declared by `id`'s symbol is in scope at `at` (its declaring scope contains `at`). */
export function inScopeAt(id: Node, at: Node): boolean {
  const symbol = Node.isIdentifier(id) ? symbolOf(id) : undefined;
  const decl = symbol?.getDeclarations()[0];
  if (!decl || decl.getSourceFile() !== at.getSourceFile()) return false;
  const scope = decl.getFirstAncestor(
    (a) =>
      Node.isBlock(a) ||
      Node.isSourceFile(a) ||
      Node.isArrowFunction(a) ||
      Node.isFunctionExpression(a) ||
      Node.isFunctionDeclaration(a) ||
      Node.isMethodDeclaration(a),
  );
  return scope !== undefined && (Node.isSourceFile(scope) || at.getAncestors().includes(scope));
}

const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval']);
const RAW_SOCKET_KINDS: ReadonlySet<string> = new Set(['socket', 'tlsSocket']);

/** The global timer a call starts (`setTimeout`/`setInterval`, also `timers.*`, `globalThis.*`), if any. */
export function timerCalled(call: CallExpression, wrapped = true): string | undefined {
  const callee = call.getExpression();
  const name = Node.isIdentifier(callee)
    ? callee.getText()
    : Node.isPropertyAccessExpression(callee) && /^(timers|globalThis|window)$/.test(callee.getExpression().getText())
      ? callee.getName()
      : undefined;
  if (name && TIMER_FUNCTIONS.has(name)) return name;
  return wrapped && Node.isIdentifier(callee) ? timerWrapped(callee) : undefined;
}

/**
 * The timer a same-file wrapper starts with the callback it is given (`function timeout(fun, wait)
 * { return setTimeout(fun, wait); }`, pubnub's): its body is that one timer call, given its first
 * parameter.
 */
function timerWrapped(callee: Node): string | undefined {
  const fn = resolveFunction(callee);
  const body = fn?.getBody();
  const first = fn?.getParameters()[0];
  if (!fn || !body || !first || !Node.isIdentifier(first.getNameNode())) return undefined;
  const statements = Node.isBlock(body) ? body.getStatements() : [body];
  if (statements.length !== 1) return undefined;
  const only = statements[0];
  const expr = Node.isReturnStatement(only) ? only.getExpression() : Node.isExpressionStatement(only) ? only.getExpression() : only;
  const inner = expr && unwrap(expr);
  if (!inner || !Node.isCallExpression(inner)) return undefined;
  const [given] = inner.getArguments();
  if (!given || !Node.isIdentifier(given) || given.getText() !== first.getName()) return undefined;
  return timerCalled(inner, false);
}

/** How many same-file helper calls a deadline is followed through (`timer → fail() → cleanup() → destroy()`). */
const HELPER_CALL_DEPTH = 3;

/**
 * The global timer (`setTimeout`/`setInterval`, also `timers.*`) whose callback contains `node`;
 * given the file's analysis, also one whose callback calls the same-file helper `node` is in,
 * through a few helpers (iobroker.ping: the timer calls `returnResult()`, which calls `cleanup()`,
 * which destroys the socket).
 */
export function timerAround(node: Node, analysis?: FileAnalysis, creation?: Node, depth = 0): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = fn.getParent();
    if (!call || !Node.isCallExpression(call) || call.getArguments()[0] !== fn) continue;
    const name = timerCalled(call);
    if (name) return name;
  }
  if (!analysis || depth >= HELPER_CALL_DEPTH) return undefined;
  return helperCallers(node, analysis, creation)
    .map((site) => timerAround(site, analysis, creation, depth + 1))
    .find(Boolean);
}

/**
 * The calls of the same-file helper `node` is written in, when that helper is a closure of the
 * function that creates the value (iobroker.ping's `cleanup` and `returnResult` beside its
 * socket), or none. A method of the owner reached from a timer is no deadline of this value:
 * nodeS7's `connectionCleanup()` is run by a reconnect and by a close that waits for the peer,
 * never by an idle bound. A call from the creating function itself tears down the value made
 * before (a reconnect).
 */
function helperCallers(node: Node, analysis: FileAnalysis, creation: Node | undefined): Node[] {
  const fn = enclosingFunction(node);
  if (!fn || !creation) return [];
  const creator = enclosingFunction(creation);
  if (creator && !fn.getAncestors().includes(creator)) return [];
  const around = new Set<Node>(creation.getAncestors());
  return (analysis.localCallSites(fn) ?? []).filter((site) => {
    const caller = enclosingFunction(site);
    return !caller || !around.has(caller);
  });
}

/** Whether `node` runs after a promise timer, directly or through same-file helpers called there. */
function afterPromiseTimerThroughHelpers(node: Node, analysis?: FileAnalysis, creation?: Node, depth = 0): boolean {
  if (afterPromiseTimer(node)) return true;
  if (!analysis || depth >= HELPER_CALL_DEPTH) return false;
  return helperCallers(node, analysis, creation).some((site) => afterPromiseTimerThroughHelpers(site, analysis, creation, depth + 1));
}

/**
 * A deadline or heartbeat kept by a timer: the value is closed from a `setTimeout`/`setInterval`
 * callback or after a promise timer (`sleep(ms).then(…)`, `await setTimeout(ms)` from
 * `timers/promises`, an `AbortSignal.timeout` 'abort' listener), or written to (pinged) from a
 * `setInterval` callback. Either bounds a dead peer.
 */
export function timerBound(value: TrackedValue, analysis?: FileAnalysis): boolean {
  return value.uses.calls.some((call) => {
    const method = methodName(call);
    if (!method) return false;
    // A deadline that only ends a raw socket sends FIN and keeps reading: a peer that acknowledges
    // it and never closes its side keeps the socket open (Minetrack's ping).
    if (method === 'end' && RAW_SOCKET_KINDS.has(value.kind)) return false;
    if (TEARDOWN_METHODS.has(method))
      return timerAround(call, analysis, value.node) !== undefined || afterPromiseTimerThroughHelpers(call, analysis, value.node);
    if (method === 'write' || method === 'ping') return timerAround(call, analysis, value.node) === 'setInterval' || pingedPeriodically(call, analysis);
    return false;
  });
}

/**
 * A write reached from a `setInterval` callback through same-file functions or the owner's methods
 * (`setInterval(() => this.sendPing(), 30000)`, nats): a heartbeat. A write to a vanished peer fails
 * once TCP gives up retransmitting, and the socket is destroyed with that error. (Unlike a teardown,
 * a periodic write is a bound wherever it is reached from: a reconnect timer does not write.)
 */
function pingedPeriodically(call: Node, analysis: FileAnalysis | undefined, depth = 0, seen = new Set<Node>()): boolean {
  const fn = enclosingFunction(call);
  if (!analysis || !fn || depth >= HELPER_CALL_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  if (givenToInterval(fn) || rearmsItself(fn)) return true;
  return analysis.knownCallSites(fn).some((site) => timerAround(site) === 'setInterval' || pingedPeriodically(site, analysis, depth + 1, seen));
}

/** Below this, a timer that runs a function again is a continuation or a poll, not a heartbeat's period. */
const MIN_PING_PERIOD_MS = 1000;

/**
 * A function that schedules its own next run with `setTimeout` (airplay-js's `ping()`: write, then
 * `this.pingTimer = setTimeout(this.pingHandler, 30000)` with `this.pingHandler = this.ping.bind(this)`):
 * a `setInterval` written by hand. The callback names the function, directly
 * (`setTimeout(() => this.ping(), ms)`, `setTimeout(ping, ms)`) or through a field this file sets to it.
 */
function rearmsItself(fn: FunctionLike): boolean {
  const name = functionName(fn);
  if (!name) return false;
  // The name as code, not inside a string (`log('the reconnect from sendReadPacket')`, nodeS7).
  const names = (node: Node) => identifiersNamed(node, name).some((id) => id.getStart() >= node.getStart() && id.getEnd() <= node.getEnd());
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    if (timerCalled(call, false) !== 'setTimeout' || retriesAndLeaves(call, fn)) return false;
    // A period, not the next turn: `setTimeout(() => this.onResponse(rest), 0, rest)` handles the rest of a buffer (nodeS7).
    const delay = call.getArguments()[1];
    const ms = numericValue(delay);
    if (!delay || (ms !== undefined && ms < MIN_PING_PERIOD_MS)) return false;
    const [callback] = call.getArguments();
    if (!callback) return false;
    if (names(callback)) return true;
    const field = unwrap(callback);
    if (!Node.isPropertyAccessExpression(field)) return false;
    // `this.pingHandler`, set elsewhere in the file to `this.ping.bind(this)`.
    return propertyAccessesNamed(fn.getSourceFile(), field.getName()).some((access) => {
      const assignment = access.getParent();
      return (
        assignment !== undefined &&
        Node.isBinaryExpression(assignment) &&
        assignment.getLeft() === access &&
        assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
        names(assignment.getRight())
      );
    });
  });
}

/**
 * A `setTimeout` in a branch that then returns (`if (busy) { setTimeout(() => this.readAll(), 100); return; }`,
 * nodeS7): it waits and tries again instead of doing the work, it is no periodic run of it.
 */
function retriesAndLeaves(call: Node, fn: FunctionLike): boolean {
  const statement = call.getParentWhile((parent) => !Node.isBlock(parent) && parent !== fn);
  const block = statement?.getParent();
  if (!statement || !block || !Node.isBlock(block) || block === fn.getBody()) return false;
  const later = block.getStatements().slice(block.getStatements().indexOf(statement as never) + 1);
  return later.some((s) => Node.isReturnStatement(s) || Node.isThrowStatement(s));
}

/** A function handed to `setInterval` by its name: `setInterval(sendPing, ms)`, `setInterval(this.sendPing.bind(this), ms)`. */
function givenToInterval(fn: FunctionLike): boolean {
  const holder = fn.getParent();
  const nameNode =
    Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn)
      ? fn.getNameNode()
      : holder && Node.isVariableDeclaration(holder)
        ? holder.getNameNode()
        : undefined;
  if (!nameNode || !Node.isIdentifier(nameNode)) return false;
  return identifiersNamed(fn, nameNode.getText()).some((id) => {
    let ref: Node = id;
    const parent = id.getParent();
    if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) ref = parent;
    const bind = ref.getParent();
    if (bind && Node.isPropertyAccessExpression(bind) && bind.getName() === 'bind' && Node.isCallExpression(bind.getParent())) ref = bind.getParentOrThrow();
    const call = ref.getParent();
    return call !== undefined && Node.isCallExpression(call) && call.getArguments()[0] === ref && timerCalled(call) === 'setInterval';
  });
}

const KEEPALIVE = new Set(['setKeepAlive']);

export type KeepAliveState = 'on' | 'off' | 'unknown';

/** Whether TCP keep-alive is on for a socket: set at creation (or its server) or by setKeepAlive(true). */
export function keepAliveState(analysis: FileAnalysis, value: TrackedValue): KeepAliveState {
  if (callsOnThisInListeners(value, KEEPALIVE)) return 'unknown';
  const option = optionOf(creationOptions(value), 'keepAlive');
  if (option.state === 'unknown') return 'unknown';
  if (option.state === 'set') {
    const literal = literalOf(option.value);
    if (literal === undefined) return 'unknown';
    if (literal === true) return 'on';
  }
  for (const call of analysis.methodCalls(value, 'setKeepAlive')) {
    const enable = call.getArguments()[0];
    if (!enable) continue; // setKeepAlive() switches it off
    const literal = literalOf(enable);
    if (literal === undefined) return 'unknown';
    if (literal === true) return 'on';
  }
  return 'off';
}

/** The literal a value's `x.allowHalfOpen = …` assignments give it: true/false, 'unknown', or undefined when never assigned. */
function assignedHalfOpen(value: TrackedValue | undefined): boolean | 'unknown' | undefined {
  const writes = (value?.uses.assignments ?? []).filter((a) => a.property === 'allowHalfOpen');
  if (writes.length === 0) return undefined;
  const literals = new Set(writes.map((w) => literalOf(w.value)));
  const [only] = literals;
  return literals.size === 1 && typeof only === 'boolean' ? only : 'unknown';
}

/**
 * Whether the socket stays half-open after the peer's FIN: true, false (Node ends it), or
 * undefined when the analysis cannot tell. An `allowHalfOpen` assignment on the socket wins, then
 * one on its server (read when a connection is accepted); the sockets an http(s) server hands to
 * its 'upgrade' and 'connect' listeners are half-open (http.Server is a net.Server made with
 * `allowHalfOpen: true`, and those sockets keep it); otherwise the creation options decide.
 */
export function halfOpenState(value: TrackedValue): boolean | undefined {
  const own = assignedHalfOpen(value);
  if (own !== undefined) return own === 'unknown' ? undefined : own;
  const server = value.origin === 'accepted' ? value.server : undefined;
  const fromServer = assignedHalfOpen(server);
  if (fromServer !== undefined) return fromServer === 'unknown' ? undefined : fromServer;
  if (server && HTTP_SERVER_KINDS.has(server.kind) && (value.via === 'upgrade' || value.via === 'connect')) return true;
  const option = optionOf(creationOptions(value), 'allowHalfOpen');
  if (option.state === 'unknown') return undefined;
  if (option.state === 'unset') return false;
  const literal = literalOf(option.value);
  return typeof literal === 'boolean' ? literal : undefined;
}
