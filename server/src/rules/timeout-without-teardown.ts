import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  isNullish,
  CHAINABLE_METHODS,
  HTTP_SERVER_KINDS,
  LISTENER_METHODS,
  SOCKET_KINDS,
  TEARDOWN_METHODS,
  callsIn,
  callsMethodOn,
  enclosingFunction,
  timerAround,
  callsNamed,
  identifiersNamed,
  creationOptions,
  listenersByHandler,
  descendantsOfKind,
  isZero,
  optionOf,
  ownedByHttpServer,
  receiverNameFor,
  resolveFunction,
  settledContinuations,
  symbolOf,
  tearsDown,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement } from '../core/fixBuilders';
import { appendToFunction, insertAfter, prependToFunction } from '../core/handlerEdits';
import { defineRule, type Fix } from '../core/rule';

/** Where the code sets an idle timeout. */
interface TimeoutSet {
  node: Node;
  /** The `setTimeout(ms, cb)` call, when set that way. */
  call?: CallExpression;
  /** Set by the request's agent (`new http.Agent({ timeout })`), not by the request itself. */
  viaAgent?: boolean;
}

/**
 * The `agent` option of a request when it names a same-file Node `http(s).Agent` with a non-zero
 * `timeout`: Node gives the request's socket that idle timeout and re-emits 'timeout' on the
 * request, and nothing aborts it (only free sockets are destroyed by the agent). agentkeepalive
 * agents destroy a timed-out active socket themselves when the request has no 'timeout' listener.
 */
function agentTimeout(value: TrackedValue, analysis: FileAnalysis): Node | undefined {
  const agentOption = optionOf(creationOptions(value), 'agent');
  if (agentOption.state !== 'set') return undefined;
  const agent = analysis.valueOf(agentOption.value);
  if (!agent || (agent.kind !== 'httpAgent' && agent.kind !== 'httpsAgent')) return undefined;
  const timeout = optionOf(creationOptions(agent), 'timeout');
  return timeout.state === 'set' && !isZero(timeout.value) ? agentOption.property : undefined;
}

/** A function that runs on 'timeout': a listener or a setTimeout callback. */
interface TimeoutHandler {
  /** Undefined for a caller's callback that is never given the value (it cannot close it). */
  fn?: FunctionLike;
  /** Where to report it. */
  at: Node;
  /** A name of the value that is in scope inside the handler (for the fix). */
  name?: string;
}

type Role = 'socket' | 'request' | 'server';

function roleOf(value: TrackedValue): Role | undefined {
  if (SOCKET_KINDS.has(value.kind)) return ownedByHttpServer(value) ? undefined : 'socket';
  if (value.kind === 'clientRequest') return 'request';
  if (HTTP_SERVER_KINDS.has(value.kind)) return 'server';
  return undefined;
}

function timeoutSets(value: TrackedValue, analysis: FileAnalysis, role: Role, nodeMajor: number): TimeoutSet[] | undefined {
  const sets: TimeoutSet[] = [];
  for (const call of analysis.methodCalls(value, 'setTimeout')) {
    if (!isZero(call.getArguments()[0])) sets.push({ node: call, call });
  }
  if (role === 'server') {
    for (const a of value.uses.assignments) if (a.property === 'timeout' && !isZero(a.value)) sets.push({ node: a.node });
    // Before Node 13 every http server had a 120 s socket timeout.
    if (sets.length === 0 && nodeMajor <= 12 && !value.uses.assignments.some((a) => a.property === 'timeout')) sets.push({ node: value.node });
    return sets;
  }
  if (value.origin === 'created') {
    const option = optionOf(creationOptions(value), 'timeout');
    if (option.state === 'set' && !isZero(option.value)) {
      sets.push({ node: option.property });
    }
    // `Object.assign({ timeout: 5000 }, userOptions)`: set unless the caller overrides it.
    const byDefault = option.state === 'unknown' ? defaultTimeout(creationOptions(value).sources) : undefined;
    if (byDefault) sets.push({ node: byDefault });
    const viaAgent = role === 'request' ? agentTimeout(value, analysis) : undefined;
    if (viaAgent) sets.push({ node: viaAgent, viaAgent: true });
  }
  return sets;
}

const ASSIGN_CALLS = /^(Object\.assign|_\.assign|_\.extend|_\.merge|_\.defaults|extend|merge|deepmerge)$/;

/**
 * A non-zero `timeout` the options get by default where the analysis cannot read them to the end:
 * `Object.assign({}, this.defaults, { method })` with `this.defaults = Object.assign({ timeout: TIMEOUT }, defaults)`.
 * Followed through object literals and their spreads, `const`/`let` variables, assign-like calls and
 * `this.x` fields written once in the file. Returns the property that sets it.
 */
function defaultTimeout(sources: readonly Node[], depth = 0): Node | undefined {
  if (depth > 4) return undefined;
  for (const source of sources) {
    const node = unwrap(source);
    let next: Node[] = [];
    if (Node.isObjectLiteralExpression(node)) {
      for (const p of node.getProperties()) {
        if (Node.isPropertyAssignment(p) && p.getName() === 'timeout') {
          const init = p.getInitializer();
          if (init && !isZero(init) && !isNullish(init)) return p;
        }
        if (Node.isSpreadAssignment(p)) next.push(p.getExpression());
      }
    } else if (Node.isCallExpression(node) && ASSIGN_CALLS.test(node.getExpression().getText().replace(/\s+/g, ''))) {
      next = node.getArguments();
    } else if (Node.isIdentifier(node) || Node.isPropertyAccessExpression(node)) {
      next = singleWrite(node);
    } else if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) {
      // `...(options.timeout && { timeout: options.timeout })`: set whenever the caller gives one.
      next = [node.getRight()];
    } else if (Node.isConditionalExpression(node)) {
      next = [node.getWhenTrue(), node.getWhenFalse()];
    }
    const found = defaultTimeout(next, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The value a variable or a `this.x` field is given, when the file gives it one value only. */
function singleWrite(node: Node): Node[] {
  if (Node.isIdentifier(node)) {
    const decls = symbolOf(node)?.getDeclarations() ?? [];
    const decl = decls.length === 1 ? decls[0] : undefined;
    const init = decl && Node.isVariableDeclaration(decl) && decl.getSourceFile() === node.getSourceFile() ? decl.getInitializer() : undefined;
    return init && !changedElsewhere(decl!, node) ? [init] : [];
  }
  if (!Node.isPropertyAccessExpression(node) || unwrap(node.getExpression()).getKind() !== SyntaxKind.ThisKeyword) return [];
  const key = receiverKey(node);
  const writes = identifiersNamed(node.getSourceFile(), node.getName()).flatMap((id) => {
    const access = id.getParent();
    const assignment = access?.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || !assignment || !Node.isBinaryExpression(assignment) || assignment.getLeft() !== access)
      return [];
    return receiverKey(access) === key ? [assignment] : [];
  });
  return writes.length === 1 && writes[0].getOperatorToken().getKind() === SyntaxKind.EqualsToken ? [writes[0].getRight()] : [];
}

/** A variable written again, given a property, or handed to a call that may change it (`configure(options)`). */
function changedElsewhere(decl: Node, read: Node): boolean {
  const symbol = symbolOf(read);
  return identifiersNamed(decl.getSourceFile(), read.getText()).some((id) => {
    if (id === read || symbolOf(id) !== symbol || (Node.isVariableDeclaration(decl) && id === decl.getNameNode())) return false;
    const parent = id.getParent();
    if (!parent) return false;
    if (Node.isBinaryExpression(parent) && parent.getLeft() === id) return true;
    if (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) {
      const outer = parent.getParent();
      return outer !== undefined && (Node.isDeleteExpression(outer) || (Node.isBinaryExpression(outer) && outer.getLeft() === parent));
    }
    if (Node.isCallExpression(parent) && parent.getArguments().includes(id as never)) {
      const assignLike = ASSIGN_CALLS.test(parent.getExpression().getText().replace(/\s+/g, ''));
      return !(assignLike && parent.getArguments()[0] !== id) && !creates(parent);
    }
    return false;
  });
}

/** A call that makes a socket or request from its options (it reads them, it does not change them). */
function creates(call: Node): boolean {
  const callee = Node.isCallExpression(call) ? call.getExpression() : undefined;
  return callee !== undefined && /(^|\.)(request|get|connect|createConnection)$/.test(callee.getText());
}

/** The 'timeout' handlers, or undefined when one of them cannot be seen. */
function timeoutHandlers(value: TrackedValue, analysis: FileAnalysis, sets: TimeoutSet[]): TimeoutHandler[] | undefined {
  const handlers: TimeoutHandler[] = [];
  // `req.on('socket', (s) => s.on('timeout', …))`: handled on a socket the analysis does not track.
  if (analysis.listeners(value, 'socket').some((l) => !l.handler || handlesTimeoutInside(l.handler))) return undefined;
  for (const listener of analysis.listeners(value, 'timeout')) {
    const fn = listener.handler ?? wrappedHandler(listener.call.getArguments()[1]);
    if (!fn || listener.transient) return undefined;
    handlers.push({ fn, at: listener.call.getArguments()[0] ?? listener.call, name: listener.handler ? receiverNameFor(listener) : undefined });
  }
  for (const set of sets) {
    const cb = set.call?.getArguments()[1];
    if (!cb) continue;
    const fn = resolveFunction(cb) ?? wrappedHandler(cb);
    if (!fn) {
      // `sock.setTimeout(ms, callback.bind(null, err))`: the caller of a value that never leaves this
      // code cannot close it from its callback.
      if (callerCallback(cb, (n) => analysis.refersTo(n, value))) handlers.push({ at: set.call! });
      else return undefined;
      continue;
    }
    const callee = set.call!.getExpression();
    const receiver = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
    const inline = fn.getAncestors().includes(set.call!);
    handlers.push({ fn, at: set.call!, name: inline && receiver && Node.isIdentifier(receiver) ? receiver.getText() : undefined });
  }
  return handlers;
}

/**
 * The function inside a call-once style wrapper: `once(() => …)`, `_.once(function () { … })`,
 * `doOnce()(fn)`, also through a `const fail = once(() => …)` variable. The wrapper only decides
 * whether it runs; what runs on 'timeout' is that function.
 */
function wrappedHandler(arg: Node | undefined, depth = 0): FunctionLike | undefined {
  if (!arg || depth > 1) return undefined;
  const node = unwrap(arg);
  if (Node.isIdentifier(node)) {
    const decl = symbolOf(node)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) && decl.getSourceFile() === node.getSourceFile() ? decl.getInitializer() : undefined;
    return init ? wrappedHandler(init, depth + 1) : undefined;
  }
  if (!Node.isCallExpression(node) || node.getArguments().length !== 1) return undefined;
  const callee = unwrap(node.getExpression());
  // `fn.bind(x)` is resolved as the function itself; anything else is a wrapper of one inline function.
  if (Node.isPropertyAccessExpression(callee) && ['bind', 'call', 'apply'].includes(callee.getName())) return undefined;
  const inner = unwrap(node.getArguments()[0]);
  return Node.isArrowFunction(inner) || Node.isFunctionExpression(inner) ? inner : undefined;
}

/**
 * What aborts a client request: `req.end()` only finishes sending it. A handler that retries calls
 * the function that made the request, whose `req.end()` sends the new one and closes nothing.
 */
const REQUEST_TEARDOWN: ReadonlySet<string> = new Set([...TEARDOWN_METHODS].filter((m) => m !== 'end'));

/** `req.end()` written in the handler itself: end-without-destroy reports that one. */
function endsDirectly(analysis: FileAnalysis, fn: FunctionLike, value: TrackedValue): boolean {
  return callsIn(fn).some((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'end' && analysis.refersTo(callee.getExpression(), value);
  });
}

/** Whether a handler (or the code's own functions it calls) sets a non-zero timeout on the value again. */
function rearms(analysis: FileAnalysis, fn: FunctionLike, value: TrackedValue): boolean {
  return callsIn(fn).some((call) => {
    const callee = call.getExpression();
    return (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'setTimeout' &&
      !isZero(call.getArguments()[0]) &&
      call.getArguments()[0] !== undefined &&
      analysis.refersTo(callee.getExpression(), value)
    );
  });
}

function handlesTimeoutInside(fn: FunctionLike): boolean {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return false;
    const first = call.getArguments()[0];
    return (
      callee.getName() === 'setTimeout' ||
      (LISTENER_METHODS.has(callee.getName()) && first !== undefined && Node.isStringLiteral(first) && first.getLiteralValue() === 'timeout')
    );
  });
}

function destroyStatement(value: TrackedValue, analysis: FileAnalysis, role: Role, name: string): string {
  // destroy(err) emits 'error': pass one only when something listens for it.
  if (!analysis.handlesErrors(value)) return `${name}.destroy();`;
  return `${name}.destroy(new Error('${role === 'request' ? 'request' : 'socket'} timeout'));`;
}

/** Adds `x.on('timeout', () => x.destroy(…))` where the value's name is in scope. */
function addListenerFix(value: TrackedValue, analysis: FileAnalysis, role: Role, set: TimeoutSet): Fix | undefined {
  const title = `Destroy the ${role} on 'timeout'`;
  const lines = (name: string) => [`${name}.on('timeout', () => {`, `  ${destroyStatement(value, analysis, role, name)}`, `});`];
  if (set.call) {
    const callee = set.call.getExpression();
    const receiver = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
    const statement = enclosingStatement(set.call);
    const edit = receiver && Node.isIdentifier(receiver) && statement ? insertAfter(statement, lines(receiver.getText())) : undefined;
    if (edit) return { title, edits: [edit] };
  }
  if (!value.name) return undefined;
  if (value.statement) {
    const edit = insertAfter(value.statement, lines(value.name));
    return edit && { title, edits: [edit] };
  }
  if (value.origin === 'accepted') {
    const fn = value.node.getParent();
    const edit =
      fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))
        ? prependToFunction(fn, lines(value.name))
        : undefined;
    return edit && { title, edits: [edit] };
  }
  return undefined;
}

/** Adds the destroy call at the end of a handler that fails to close. */
function completeHandlerFix(value: TrackedValue, analysis: FileAnalysis, role: Role, handler: TimeoutHandler): Fix | undefined {
  if (!handler.fn) return undefined;
  if (role === 'server') {
    const param = handler.fn.getParameters()[0];
    if (!param || !Node.isIdentifier(param.getNameNode())) return undefined;
    const edit = appendToFunction(handler.fn, [`${param.getName()}.destroy();`]);
    return edit && { title: `Destroy the idle socket`, edits: [edit] };
  }
  if (!handler.name) return undefined;
  const edit = appendToFunction(handler.fn, [destroyStatement(value, analysis, role, handler.name)]);
  return edit && { title: `Destroy the ${role} on 'timeout'`, edits: [edit] };
}

/*
 * Receivers the value model does not follow to the end: a socket parameter (`function setup(socket)
 * { socket.setTimeout(ms); socket.on('timeout', …) }`), `this.socket`, or a tracked socket that
 * escapes. Its 'timeout' handlers are still the code's own: when every one of them is visible and
 * none can close the connection, the idle timeout changes nothing.
 */

/** Methods and events that only a socket, a request or a stream has: evidence for an untyped receiver. */
const STREAM_METHODS: ReadonlySet<string> = new Set(['write', 'end', 'destroy', 'pipe', 'setNoDelay', 'setKeepAlive', 'pause', 'resume', 'setEncoding']);
const STREAM_EVENTS: ReadonlySet<string> = new Set(['data', 'end', 'close', 'connect', 'secureConnect', 'drain', 'readable']);
/** Names that hold the enclosing object in code written before arrow functions. */
const THIS_ALIASES = /^(self|that|_this|me)$/;
/** Events whose re-emission hands the timeout to whoever owns the value (as Node's http client does). */
const FORWARDED_EVENTS: ReadonlySet<string> = new Set(['timeout', 'error', 'close', 'end']);

type ReceiverKey = object | string;

/** The identity of a receiver across the file: a variable's symbol, or `this.<name>` of one class (or of the file's prototype methods). */
function receiverKey(expr: Node): ReceiverKey | undefined {
  let e = unwrap(expr);
  // `this._socket.on('data', …).on('timeout', …)`: a chained call returns its receiver.
  for (let callee; Node.isCallExpression(e) && Node.isPropertyAccessExpression((callee = e.getExpression())) && CHAINABLE_METHODS.has(callee.getName()); )
    e = unwrap(callee.getExpression());
  if (Node.isIdentifier(e)) return symbolOf(e);
  if (!Node.isPropertyAccessExpression(e)) return undefined;
  const base = unwrap(e.getExpression());
  if (base.getKind() !== SyntaxKind.ThisKeyword && !(Node.isIdentifier(base) && THIS_ALIASES.test(base.getText()))) return undefined;
  const owner = e.getFirstAncestorByKind(SyntaxKind.ClassDeclaration) ?? e.getFirstAncestorByKind(SyntaxKind.ClassExpression);
  return `${owner?.getStart() ?? 'file'}:${e.getName()}`;
}

interface ReceiverTimeout {
  /** `x.setTimeout(ms[, cb])` calls with `ms` not 0. */
  sets: CallExpression[];
  /** `x.on('timeout', …)` calls. */
  listeners: CallExpression[];
  /** A call or listener that shows it is a socket, a request or a stream. */
  streamLike: boolean;
  receiver: Node;
}

function methodCallsByReceiver(analysis: FileAnalysis): Map<ReceiverKey, ReceiverTimeout> {
  const byKey = new Map<ReceiverKey, ReceiverTimeout>();
  const sets = callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set(['setTimeout']));
  for (const call of sets) {
    const callee = call.getExpression();
    const [ms, cb] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'setTimeout' || !ms || isZero(ms)) continue;
    // `window.setTimeout(fn, ms)`: the global timer takes the function first.
    if (Node.isArrowFunction(ms) || Node.isFunctionExpression(ms) || (cb && Node.isNumericLiteral(cb))) continue;
    const key = receiverKey(callee.getExpression());
    if (!key) continue;
    const entry = byKey.get(key) ?? { sets: [], listeners: [], streamLike: false, receiver: callee.getExpression() };
    entry.sets.push(call);
    byKey.set(key, entry);
  }
  if (byKey.size === 0) return byKey;
  for (const call of callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set([...LISTENER_METHODS, ...STREAM_METHODS]))) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const entry = byKey.get(receiverKey(callee.getExpression()) ?? '');
    if (!entry) continue;
    const method = callee.getName();
    const event = call.getArguments()[0];
    const eventName = event && Node.isStringLiteral(event) ? event.getLiteralValue() : undefined;
    if (LISTENER_METHODS.has(method) && eventName === 'timeout') entry.listeners.push(call);
    if (STREAM_METHODS.has(method) || (LISTENER_METHODS.has(method) && eventName !== undefined && STREAM_EVENTS.has(eventName))) entry.streamLike = true;
  }
  return byKey;
}

/** A socket or client request by its type; an untyped receiver only with stream calls or events on it. */
function receiverRole(analysis: FileAnalysis, entry: ReceiverTimeout): 'socket' | 'request' | undefined {
  const kind = analysis.kindOf(entry.receiver);
  if (kind === 'clientRequest') return 'request';
  if (kind) return SOCKET_KINDS.has(kind) ? 'socket' : undefined;
  try {
    const type = entry.receiver.getType();
    if (!type.isAny() && !type.isUnknown()) return undefined;
  } catch {
    return undefined;
  }
  return entry.streamLike ? 'socket' : undefined;
}

/**
 * Whether a handler may close the connection, as far as anything can tell: a teardown call on
 * anything (the value may have another name there), a re-emitted 'timeout'/'error', a throw, the
 * value handed to a function the analysis cannot see, a method of the enclosing object that
 * another file defines (a superclass's `this.onTimeout()`), or a callback of a caller that holds the value.
 */
function mayClose(analysis: FileAnalysis, fn: FunctionLike, key: ReceiverKey, ownedHere: boolean, depth = 2, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  if (descendantsOfKind(fn, SyntaxKind.ThrowStatement).length > 0) return true;
  if (marksReceiver(fn, key)) return true;
  for (const call of callsIn(fn)) {
    const callee = call.getExpression();
    const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
    if (name && TEARDOWN_METHODS.has(name)) return true;
    const [first] = call.getArguments();
    if (name === 'emit' && first && Node.isStringLiteral(first)) {
      if (FORWARDED_EVENTS.has(first.getLiteralValue())) return true;
      // `abortEmitter.emit('abort', err)` with a same-file `abortEmitter.once('abort', …)` that destroys.
      if (
        depth > 0 &&
        Node.isPropertyAccessExpression(callee) &&
        emittedTo(callee.getExpression(), first.getLiteralValue()).some((h) => !h || mayClose(analysis, h, key, ownedHere, depth - 1, seen))
      )
        return true;
    }
    // Arming the timeout again: a periodic timer (a heartbeat), not a dead-peer bound.
    if (name === 'setTimeout' && Node.isPropertyAccessExpression(callee) && receiverKey(callee.getExpression()) === key) return true;
    const inner = resolveFunction(callee);
    if (inner) {
      if (depth > 0 && mayClose(analysis, inner, key, ownedHere, depth - 1, seen)) return true;
      continue;
    }
    if (Node.isIdentifier(callee) && callee.getText() === 'reject' && rejectionCaughtAndClosed(fn, key)) return true;
    if (call.getArguments().some((a) => receiverKey(a) === key || unwrap(a).getKind() === SyntaxKind.ThisKeyword)) return true;
    if (name && Node.isPropertyAccessExpression(callee) && inheritedMethod(callee)) return true;
    // The caller's callback: a caller that holds the socket may close it there.
    if (!ownedHere && Node.isIdentifier(callee) && isParameter(callee)) return true;
  }
  return false;
}

/**
 * `reject(…)` in a handler written in a function that awaits in a `try` whose `catch` destroys the
 * value (mongodb's connect: `.once('timeout', () => reject(…))`, then `try { await connected }
 * catch { socket.destroy() }`): the rejection lands where the socket is closed.
 */
function rejectionCaughtAndClosed(handler: FunctionLike, key: ReceiverKey): boolean {
  const outer = enclosingFunction(handler);
  if (!outer) return false;
  return descendantsOfKind(outer, SyntaxKind.TryStatement).some((t) => {
    const catchBlock = t.getCatchClause()?.getBlock();
    if (!catchBlock || descendantsOfKind(t.getTryBlock(), SyntaxKind.AwaitExpression).length === 0) return false;
    return callsMethodOn(catchBlock, TEARDOWN_METHODS, (r) => receiverKey(r) === key, 0);
  });
}

/** `process.exit(1)`, `process.abort()`: every socket of the process goes with it. */
const EXIT_METHODS: ReadonlySet<string> = new Set(['exit', 'abort']);

/**
 * A handler that settles a promise made here (`() => reject(new Error('timeout'))`) whose chained
 * handlers or the code after its `await` destroy the value, or end the process: the teardown
 * happens there.
 */
function settlesIntoTeardown(analysis: FileAnalysis, handler: FunctionLike, values: TrackedValue[], methods: ReadonlySet<string>): boolean {
  const isValue = (r: Node): boolean => values.some((v) => analysis.refersTo(unwrap(r), v));
  const exits = (r: Node): boolean => unwrap(r).getText() === 'process';
  return callsIn(handler).some((call) => {
    if (enclosingFunction(call) !== handler) return false;
    const continuations = settledContinuations(call.getExpression());
    return continuations !== undefined && continuations.some((c) => callsMethodOn(c, methods, isValue) || callsMethodOn(c, EXIT_METHODS, exits));
  });
}

/**
 * `socket.idle = true`: the handler records the timeout on the value itself, for the code that
 * reads it (a sweep over the open connections that destroys the idle ones).
 */
function marksReceiver(fn: FunctionLike, key: ReceiverKey): boolean {
  return descendantsOfKind(fn, SyntaxKind.BinaryExpression).some((b) => {
    if (b.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return false;
    const left = unwrap(b.getLeft());
    return (Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left)) && receiverKey(left.getExpression()) === key;
  });
}

/** The listeners (undefined: not visible) the file adds for `event` on the emitter `emitter` names. */
function emittedTo(emitter: Node, event: string): Array<FunctionLike | undefined> {
  const key = receiverKey(emitter);
  if (!key) return [];
  return callsNamed(emitter.getSourceFile(), SyntaxKind.CallExpression, LISTENER_METHODS).flatMap((call) => {
    const callee = call.getExpression();
    const [ev, handler] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !ev || !Node.isStringLiteral(ev) || ev.getLiteralValue() !== event) return [];
    if (receiverKey(callee.getExpression()) !== key) return [];
    return [handler ? resolveFunction(handler) : undefined];
  });
}

/** `this.m(…)` where `m` is neither defined nor assigned in this file: another file's method. */
function inheritedMethod(callee: Node & { getExpression(): Node; getName(): string }): boolean {
  const base = unwrap(callee.getExpression());
  if (base.getKind() !== SyntaxKind.ThisKeyword && !(Node.isIdentifier(base) && THIS_ALIASES.test(base.getText()))) return false;
  const name = callee.getName();
  return !identifiersNamed(callee.getSourceFile(), name).some((id) => {
    const parent = id.getParent();
    if (!parent) return false;
    if ((Node.isMethodDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) && parent.getNameNode() === id)
      return true;
    const assignment = parent.getParent();
    return (
      Node.isPropertyAccessExpression(parent) &&
      assignment !== undefined &&
      Node.isBinaryExpression(assignment) &&
      assignment.getLeft() === parent &&
      assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken
    );
  });
}

function isParameter(id: Node): boolean {
  const decl = symbolOf(id)?.getDeclarations()[0];
  return decl !== undefined && Node.isParameterDeclaration(decl);
}

interface ReceiverFinding {
  at: Node;
  role: 'socket' | 'request';
  fix?: Fix;
}

/**
 * The handlers of receivers the per-value check leaves out (not tracked, or escaping), when every
 * handler is visible and none may close the connection. A tracked value that has not escaped when
 * its handler is a caller's callback (`sock.setTimeout(ms, callback.bind(null, err))`) is judged
 * too: the caller was never given the socket, so its callback cannot close it.
 */
function receiverFindings(analysis: FileAnalysis, judged: (value: TrackedValue) => boolean): ReceiverFinding[] {
  const findings: ReceiverFinding[] = [];
  for (const [key, entry] of methodCallsByReceiver(analysis)) {
    const tracked = analysis.valueOf(entry.receiver);
    if (tracked && (judged(tracked) || !roleOf(tracked))) continue;
    const role = receiverRole(analysis, entry);
    if (!role) continue;
    const handlers: Array<{ call: CallExpression; arg: Node; at: Node; fn?: FunctionLike }> = [];
    for (const listener of entry.listeners) {
      const arg = listener.getArguments()[1];
      if (arg) handlers.push({ call: listener, arg, at: listener.getArguments()[0], fn: resolveFunction(arg) ?? wrappedHandler(arg) });
    }
    for (const set of entry.sets) {
      const cb = set.getArguments()[1];
      if (cb) handlers.push({ call: set, arg: cb, at: set, fn: resolveFunction(cb) ?? wrappedHandler(cb) });
    }
    // With no handler here, whoever else holds the value may add one.
    if (handlers.length === 0 || handlers.length < entry.listeners.length) continue;
    // Not handed to anyone yet when the timeout is armed: a caller's callback cannot reach the socket.
    const ownedHere = tracked !== undefined && analysis.escapesOnlyLater(tracked);
    const closes = (h: (typeof handlers)[number]): boolean =>
      h.fn ? mayClose(analysis, h.fn, key, ownedHere) : !(ownedHere && callerCallback(h.arg, (n) => receiverKey(n) === key));
    if (handlers.some(closes)) continue;
    const receiver = unwrap(entry.receiver);
    for (const h of handlers) {
      // The fix names the receiver inside a handler written in the same call, where that name is in scope.
      const inline = h.fn !== undefined && h.fn.getAncestors().includes(h.call) && Node.isIdentifier(receiver) && h.call.getAncestors().length > 0;
      const edit = inline && h.fn ? appendToFunction(h.fn, [`${receiver.getText()}.destroy();`]) : undefined;
      findings.push({ at: h.at, role, fix: edit && { title: `Destroy the ${role} on 'timeout'`, edits: [edit] } });
    }
  }
  return findings;
}

/** A callback the caller passed in (`done`, `callback.bind(this, err)`), given nothing that reaches the value. */
function callerCallback(arg: Node, isValue: (node: Node) => boolean): boolean {
  let fn = unwrap(arg);
  if (Node.isCallExpression(fn)) {
    const callee = fn.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'bind') return false;
    if (fn.getArguments().some(isValue)) return false;
    fn = unwrap(callee.getExpression());
  }
  return Node.isIdentifier(fn) && isParameter(fn);
}

/**
 * The value is destroyed (or aborted) in a function a `setTimeout` of this code runs: the callback
 * written there (`timerAround`), or one named there (`const kill = () => req.destroy(); setTimeout(kill, 2000)`).
 */
function destroyedByOwnTimer(analysis: FileAnalysis, value: TrackedValue): boolean {
  const teardowns = [...analysis.methodCalls(value, 'destroy'), ...analysis.methodCalls(value, 'abort')];
  return teardowns.some((call) => timerAround(call, analysis, value.node) === 'setTimeout' || namedTimerCallback(call));
}

/** `call` is in a function declared under a name that is handed to `setTimeout(name, ms)` in this file. */
function namedTimerCallback(call: Node): boolean {
  const fn = enclosingFunction(call);
  const holder = fn?.getParent();
  const name = Node.isVariableDeclaration(holder) ? holder.getNameNode() : Node.isFunctionDeclaration(fn) ? fn.getNameNode() : undefined;
  if (!name || !Node.isIdentifier(name)) return false;
  const symbol = symbolOf(name);
  return identifiersNamed(call.getSourceFile(), name.getText()).some((id) => {
    const timer = id.getParent();
    return (
      id !== name &&
      symbolOf(id) === symbol &&
      timer !== undefined &&
      Node.isCallExpression(timer) &&
      timer.getArguments()[0] === id &&
      /^(?:(?:global|globalThis|window|timers)\.)?setTimeout$/.test(timer.getExpression().getText())
    );
  });
}

const rule = defineRule({
  meta: {
    id: 'timeout-without-teardown',
    description: "An idle timeout needs a 'timeout' handler that destroys or ends the connection.",
    defaultSeverity: 'warn',
    messages: {
      socket: "Idle timeout set but nothing closes the socket on 'timeout'. The event only notifies, so the idle connection stays open.",
      request:
        "Timeout set but nothing destroys the request on 'timeout'. The event only notifies, so a stalled upstream holds the request and its socket forever.",
      listener: "This 'timeout' handler never destroys or ends the {target}. The event only notifies, so the idle connection stays open.",
      server: "This server 'timeout' handler never destroys the socket. It replaces Node's default destroy, so idle connections stay open forever.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    const report = (node: Node, messageId: Role | 'listener', fix: Fix | undefined, data?: Record<string, string>): void =>
      context.report({ node, messageId, data, fixes: fix ? [fix] : [] });
    const byHandler = listenersByHandler(analysis);
    for (const value of analysis.values) {
      const role = roleOf(value);
      if (!role || analysis.escapes(value)) continue;
      const sets = timeoutSets(value, analysis, role, context.nodeVersion.major);
      if (!sets || sets.length === 0) continue;
      const handlers = timeoutHandlers(value, analysis, sets);
      if (!handlers) continue;
      if (handlers.length === 0) {
        // A server with no 'timeout' handler destroys idle sockets itself.
        // An agent's timeout with no listener at all: missing-request-timeout reports that request
        // (it has no bound of its own), with the same fix.
        // A deadline of the code's own (`setTimeout(() => req.destroy(), ms)`) bounds it all the same.
        if (role !== 'server' && !sets.every((set) => set.viaAgent) && !destroyedByOwnTimer(analysis, value))
          report(sets[0].node, role, addListenerFix(value, analysis, role, sets[0]));
        continue;
      }
      // A handler that arms the timeout again uses it as a periodic timer (a heartbeat that sends a ping
      // on each idle period, node-zookeeper-client), not as a dead-peer bound left unanswered.
      if (role !== 'server' && handlers.some((h) => h.fn && rearms(analysis, h.fn, value))) continue;
      // A field given a new socket (`self._socket = net.connect(…)` after the constructor's `new net.Socket()`):
      // the listener is on both values, and `self._socket.destroy()` inside it names the one it was added to.
      const sharing = (fn: FunctionLike): TrackedValue[] => [value, ...(byHandler.get(fn) ?? []).map((s) => s.value).filter((v) => v !== value)];
      const closes = (h: TimeoutHandler): boolean =>
        h.fn === undefined
          ? false
          : role === 'request'
            ? tearsDown(analysis, h.fn, { values: sharing(h.fn) }, REQUEST_TEARDOWN) || endsDirectly(analysis, h.fn, value)
            : tearsDown(analysis, h.fn, { values: sharing(h.fn), params: role === 'server' ? h.fn.getParameters().slice(0, 1) : [] });
      if (
        handlers.some(
          (h) =>
            closes(h) || (h.fn !== undefined && settlesIntoTeardown(analysis, h.fn, sharing(h.fn), role === 'request' ? REQUEST_TEARDOWN : TEARDOWN_METHODS)),
        )
      )
        continue;
      for (const handler of handlers) {
        const fix = completeHandlerFix(value, analysis, role, handler);
        if (role === 'server') report(handler.at, 'server', fix);
        else report(handler.at, 'listener', fix, { target: role });
      }
    }
    const judged = (value: TrackedValue): boolean => roleOf(value) !== undefined && !analysis.escapes(value);
    for (const finding of receiverFindings(analysis, judged)) report(finding.at, 'listener', finding.fix, { target: finding.role });
  },
});

export default rule;
