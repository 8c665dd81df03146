import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  SOCKET_KINDS,
  callsNamed,
  descendantsOfKind,
  enclosingFunction,
  propertyAccessesNamed,
  isZero,
  listenerCallsFor,
  methodName,
  nodeTypeNames,
  ownedByHttpServer,
  resolveFunction,
  symbolOf,
  tearsDown,
  timerBound,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type ListenerCall,
  type TrackedValue,
  isUntyped,
} from '../core/analysis';
import { prependToFunction } from '../core/handlerEdits';
import { neverTimesOut } from '../core/socketIdleBound';
import { defineRule, type Fix } from '../core/rule';

/** Calls that really close the connection (end() only half-closes it). */
const DESTROY_METHODS: ReadonlySet<string> = new Set(['destroy', 'resetAndDestroy', 'destroySoon', 'abort']);

/** A 'timeout' listener or setTimeout callback of `owner`. */
interface TimeoutHandler {
  owner: TrackedValue;
  fn: FunctionLike;
  /** A server 'timeout' handler's socket parameter. */
  socketParam?: Node;
}

function timeoutHandlers(analysis: FileAnalysis, value: TrackedValue): TimeoutHandler[] {
  const out: TimeoutHandler[] = [];
  const server = HTTP_SERVER_KINDS.has(value.kind);
  const param = (fn: FunctionLike) => (server ? fn.getParameters()[0] : undefined);
  for (const l of value.uses.listeners) {
    if (l.event === 'timeout' && l.handler && !l.transient) out.push({ owner: value, fn: l.handler, socketParam: param(l.handler) });
  }
  for (const call of analysis.methodCalls(value, 'setTimeout')) {
    const cb = call.getArguments()[1];
    const fn = cb && resolveFunction(cb);
    if (fn) out.push({ owner: value, fn, socketParam: param(fn) });
  }
  return out;
}

/**
 * An http server's own connection (its `'connection'` listener's socket): Node's http server
 * listens for the socket's `'timeout'` before any code of the file does and destroys it when
 * neither the request, the response nor the server listens for `'timeout'` (lighthouse-ci's
 * `socket.on('timeout', () => socket.end())` after a longer `socket.setTimeout`). Any other
 * `'timeout'` listener or `setTimeout(ms, callback)` in the file may be one of those.
 */
function httpServerDestroysOnTimeout(analysis: FileAnalysis, value: TrackedValue): boolean {
  const ownSocket = (receiver: Node) => analysis.refersTo(unwrap(receiver), value);
  if (listenerCallsFor(analysis, 'timeout').some((site) => !ownSocket(site.receiver))) return false;
  return !callsNamed(value.node.getSourceFile(), SyntaxKind.CallExpression, new Set(['setTimeout'])).some((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && call.getArguments().length > 1 && !ownSocket(callee.getExpression());
  });
}

function enclosingNonArrow(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
}

/**
 * What an `x.end()` inside the handler ends, when it is the connection that timed out: the owner
 * (also `this` in a function listener), or a server handler's socket argument. Another socket's
 * peer has not been silent: its end() is a graceful close.
 */
function endedTarget(analysis: FileAnalysis, handler: TimeoutHandler, receiver: Node): { value?: TrackedValue; param?: Node } | undefined {
  const r = unwrap(receiver);
  if (r.getKind() === SyntaxKind.ThisKeyword) {
    return !Node.isArrowFunction(handler.fn) && enclosingNonArrow(r) === handler.fn && !handler.socketParam ? { value: handler.owner } : undefined;
  }
  if (handler.socketParam) {
    const name = handler.socketParam.getFirstChildByKind(SyntaxKind.Identifier);
    return name && Node.isIdentifier(r) && symbolOf(r) !== undefined && symbolOf(r) === symbolOf(name) ? { param: handler.socketParam } : undefined;
  }
  return analysis.refersTo(r, handler.owner) ? { value: handler.owner } : undefined;
}

function buildFix(end: CallExpression, request: boolean): Fix | undefined {
  const callee = end.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const args = end.getArguments();
  const receiver = callee.getExpression().getText();
  const write = args.length === 0 ? precedingWrite(end, receiver) : undefined;
  if (write) {
    // `x.write(last); x.end()` → `x.end(last, () => x.destroy())`: the last chunk is kept, then the socket destroyed.
    const chunk = write.getArguments()[0].getText();
    return {
      title: 'Destroy it once the last chunk is flushed',
      edits: [{ start: write.getParent()!.getStart(), end: end.getEnd(), text: `${receiver}.end(${chunk}, () => ${receiver}.destroy())` }],
    };
  }
  if (args.length === 0) {
    return {
      title: request ? 'Destroy the request' : 'Destroy the socket: end() waits for a FIN that will not come',
      edits: [{ start: callee.getNameNode().getStart(), end: end.getEnd(), text: 'destroy()' }],
    };
  }
  if (args.length === 1 && !Node.isArrowFunction(args[0]) && !Node.isFunctionExpression(args[0])) {
    // Keep the last chunk: destroy once it is flushed.
    const at = args[0].getEnd();
    return { title: 'Destroy it once the last chunk is flushed', edits: [{ start: at, end: at, text: `, () => ${receiver}.destroy()` }] };
  }
  return undefined;
}

/** `x.write(chunk)` as the statement right before `x.end()`, with nothing (no comment) between them. */
function precedingWrite(end: CallExpression, receiver: string): CallExpression | undefined {
  const statement = end.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const previous = statement.getPreviousSibling();
  if (!previous || !Node.isExpressionStatement(previous)) return undefined;
  const write = unwrap(previous.getExpression());
  if (!Node.isCallExpression(write) || write.getArguments().length !== 1) return undefined;
  const callee = write.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'write' || callee.getExpression().getText() !== receiver) return undefined;
  const arg = write.getArguments()[0];
  if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) return undefined;
  const between = end.getSourceFile().getFullText().slice(previous.getEnd(), end.getStart());
  return /\/[/*]/.test(between) ? undefined : write;
}

const rule = defineRule({
  meta: {
    id: 'end-without-destroy',
    description: 'Close a timed-out connection with destroy(): end() only half-closes it and waits for a peer that has gone silent.',
    defaultSeverity: 'warn',
    messages: {
      socket:
        "end() in this 'timeout' handler only half-closes the socket. It sends FIN and waits for the peer's FIN, which an idle or dead peer never sends, so the socket stays open; destroy() closes it.",
      request:
        "end() in this 'timeout' handler does not abort the request. It finishes sending it and keeps waiting for a response that is not coming; destroy() aborts it.",
      throughCall:
        "This 'timeout' handler closes the socket only with end(), in {method}(). end() half-closes it and waits for the peer's FIN, which an idle or dead peer never sends, so the socket stays open; destroy() closes it.",
      throughTimer:
        'When the deadline timer on line {line} fires, only this end() closes the socket. end() half-closes it and waits for the FIN of a peer that let the deadline pass; destroy() closes it.',
      throughIdleTimeout:
        "When the socket's idle timeout set on line {line} fires, only this end() closes it. end() half-closes it and waits for the FIN of a peer that has gone silent; destroy() closes it.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    const seen = new Set<Node>();
    for (const value of analysis.values) {
      const kind = value.kind;
      if (!SOCKET_KINDS.has(kind) && kind !== 'clientRequest' && !HTTP_SERVER_KINDS.has(kind)) continue;
      // A deadline kept by a timer closes it anyway.
      if (timerBound(value, analysis)) continue;
      // No idle timeout is ever set: its 'timeout' listeners cannot run (missing-socket-timeout says so).
      if (neverTimesOut(value, analysis)) continue;
      if (ownedByHttpServer(value) && httpServerDestroysOnTimeout(analysis, value)) continue;
      const handlers = timeoutHandlers(analysis, value);
      for (const handler of handlers) {
        // Ends written in the handler itself (a shared helper may serve graceful paths too).
        for (const end of descendantsOfKind(handler.fn, SyntaxKind.CallExpression)) {
          const callee = end.getExpression();
          if (seen.has(end) || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'end') continue;
          const target = endedTarget(analysis, handler, callee.getExpression());
          if (!target) continue;
          // This handler, or another 'timeout' handler of the same value, destroys it.
          const closes = (fn: FunctionLike): boolean =>
            target.value
              ? tearsDown(analysis, fn, { values: [target.value] }, DESTROY_METHODS)
              : tearsDown(analysis, fn, { values: [], params: [target.param!] }, DESTROY_METHODS);
          if (closes(handler.fn) || (target.value && handlers.some((h) => h !== handler && closes(h.fn)))) continue;
          // An end() inside a nested function of the handler that is not a timer is another path.
          if (enclosingFunction(end) !== handler.fn && !inTimerCallback(end, handler.fn)) continue;
          seen.add(end);
          const messageId = handler.owner.kind === 'clientRequest' ? 'request' : 'socket';
          const fix = buildFix(end, messageId === 'request');
          context.report({ node: end, messageId, fixes: fix ? [fix] : [] });
        }
      }
    }
    for (const site of listenerCallsFor(analysis, 'timeout')) {
      const found = endOnlyThroughCalls(analysis, site, seen);
      if (!found) continue;
      seen.add(found.via);
      const receiver = unwrap(site.receiver);
      const inline = site.handler && site.handler.getAncestors().includes(site.call);
      const edit = inline && Node.isIdentifier(receiver) ? prependToFunction(site.handler!, [`${receiver.getText()}.destroy();`]) : undefined;
      const fix: Fix | undefined = edit && { title: 'Destroy the socket on timeout: end() waits for a FIN that will not come', edits: [edit] };
      context.report({ node: found.via, messageId: 'throughCall', data: { method: found.method }, fixes: fix ? [fix] : [] });
    }
    for (const end of requestSocketEnds(analysis)) {
      if (seen.has(end)) continue;
      seen.add(end);
      const fix = buildFix(end, false);
      context.report({ node: end, messageId: 'socket', fixes: fix ? [fix] : [] });
    }
    for (const found of deadlineEnds(analysis)) {
      if (seen.has(found.end)) continue;
      seen.add(found.end);
      context.report({ node: found.end, messageId: 'throughTimer', data: { line: String(found.timer.getStartLineNumber()) }, fixes: [] });
    }
    for (const found of idleTimeoutEnds(analysis)) {
      if (seen.has(found.end)) continue;
      seen.add(found.end);
      context.report({ node: found.end, messageId: 'throughIdleTimeout', data: { line: String(found.set.getStartLineNumber()) }, fixes: [] });
    }
    for (const site of untrackedTimeouts(analysis)) {
      for (const end of endsIn(site.fn, (receiver) => site.isTarget(receiver))) {
        if (seen.has(end)) continue;
        if (site.handlers.some((fn) => tearsDown(analysis, fn, { values: [], params: [site.receiver] }, DESTROY_METHODS))) continue;
        seen.add(end);
        const fix = buildFix(end, false);
        context.report({ node: end, messageId: 'socket', fixes: fix ? [fix] : [] });
      }
    }
  },
});

/**
 * `this._socket.setTimeout(ms, () => this._onTimeout())` whose callback closes the socket only through
 * same-file methods that end() it (`_onTimeout() { this.close() }`, `close() { this._socket.end() }`),
 * with no destroy() on those paths (wildduck's POP3 connection). The end() sits in a helper that
 * graceful paths share, so it is reported there without a fix. An untyped receiver counts:
 * `x.setTimeout(ms, fn)` is a socket's idle timeout, not the global timer (`setTimeout(fn, ms)`).
 */
function idleTimeoutEnds(analysis: FileAnalysis): Array<{ end: CallExpression; set: CallExpression }> {
  const out: Array<{ end: CallExpression; set: CallExpression }> = [];
  for (const set of callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set(['setTimeout']))) {
    const callee = set.getExpression();
    const [ms, cb] = set.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'setTimeout' || !ms || !cb || isZero(ms)) continue;
    if (Node.isArrowFunction(ms) || Node.isFunctionExpression(ms)) continue;
    const receiver = callee.getExpression();
    const kind = analysis.kindOf(receiver);
    if (kind ? !SOCKET_KINDS.has(kind) : !isUntyped(receiver)) continue;
    const value = analysis.valueOf(receiver);
    if (value && (ownedByHttpServer(value) || timerBound(value, analysis))) continue;
    const fn = resolveFunction(cb);
    if (!fn) continue;
    const direct = descendantsOfKind(fn, SyntaxKind.CallExpression);
    // The callback's own end()/destroy() calls are judged where they are written.
    if (direct.some((c) => ['end', ...DESTROY_METHODS].includes(methodName(c) ?? ''))) continue;
    const same = sameReceiver(receiver);
    const ends: CallExpression[] = [];
    let closesOtherwise = false;
    for (const call of direct) {
      if (enclosingFunction(call) !== fn) continue;
      const inner = analysis.calledFunction(call);
      if (!inner) continue;
      const reached = receiverEnds(analysis, inner, same);
      if (reached.mayClose) closesOtherwise = true;
      ends.push(...reached.ends);
    }
    if (!closesOtherwise) for (const end of ends) out.push({ end, set });
  }
  return out;
}

/** Whether another expression names the same receiver: one variable, or one `this.<field>` (`self.` read as `this.`). */
function sameReceiver(receiver: Node): (other: Node) => boolean {
  const r = unwrap(receiver);
  if (Node.isIdentifier(r)) {
    const symbol = symbolOf(r);
    return (other) => {
      const o = unwrap(other);
      return symbol !== undefined && Node.isIdentifier(o) && symbolOf(o) === symbol;
    };
  }
  const text = handleText(r);
  if (!text.startsWith('this.')) return () => false;
  return (other) => handleText(other) === text;
}

/**
 * The receiver's end() calls a function reaches through same-file functions (three calls deep), and
 * whether something on the way may close it otherwise: any destroy(), a throw, an event re-emitted
 * to the owner's users, or the receiver handed to a function the analysis cannot see.
 */
function receiverEnds(
  analysis: FileAnalysis,
  fn: FunctionLike,
  same: (n: Node) => boolean,
  depth = 3,
  seen = new Set<Node>(),
): { ends: CallExpression[]; mayClose: boolean } {
  const out: { ends: CallExpression[]; mayClose: boolean } = { ends: [], mayClose: false };
  if (seen.has(fn)) return out;
  seen.add(fn);
  if (descendantsOfKind(fn, SyntaxKind.ThrowStatement).length > 0) return { ends: [], mayClose: true };
  for (const call of descendantsOfKind(fn, SyntaxKind.CallExpression)) {
    const name = methodName(call);
    const callee = call.getExpression();
    if (name && DESTROY_METHODS.has(name)) return { ends: [], mayClose: true };
    const [first] = call.getArguments();
    if (name === 'emit' && first && Node.isStringLiteral(first) && ['timeout', 'error', 'close', 'end'].includes(first.getLiteralValue()))
      return { ends: [], mayClose: true };
    if (name === 'end' && Node.isPropertyAccessExpression(callee) && same(callee.getExpression())) {
      out.ends.push(call);
      continue;
    }
    const inner = analysis.calledFunction(call);
    if (!inner) {
      if (call.getArguments().some((a) => same(a))) return { ends: [], mayClose: true };
      continue;
    }
    if (depth === 0) continue;
    const below = receiverEnds(analysis, inner, same, depth - 1, seen);
    if (below.mayClose) return below;
    out.ends.push(...below.ends);
  }
  return out;
}

/** The `x.end()` calls written in a handler (or in timers it starts) whose receiver is accepted. */
function endsIn(fn: FunctionLike, isTarget: (receiver: Node) => boolean): CallExpression[] {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).filter((end) => {
    const callee = end.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'end' || !isTarget(callee.getExpression())) return false;
    return enclosingFunction(end) === fn || inTimerCallback(end, fn);
  });
}

/**
 * A socket's 'timeout' listener that closes nothing itself but calls same-file functions or
 * methods (`() => this.closeWithError(err)`) whose only teardown of a socket is `end()`, with no
 * `destroy()` anywhere on that path: the timed-out socket is only half-closed. The call that leads
 * there, and the method holding the end().
 */
function endOnlyThroughCalls(analysis: FileAnalysis, site: ListenerCall, seen: Set<Node>): { via: CallExpression; method: string } | undefined {
  const handler = site.handler;
  const kind = analysis.kindOf(site.receiver);
  if (!handler || !kind || !SOCKET_KINDS.has(kind)) return undefined;
  const value = analysis.valueOf(site.receiver);
  if (value && (ownedByHttpServer(value) || timerBound(value, analysis))) return undefined;
  const direct = descendantsOfKind(handler, SyntaxKind.CallExpression);
  // The handler's own end()/destroy() calls are judged where they are written.
  if (direct.some((c) => seen.has(c) || ['end', ...DESTROY_METHODS].includes(methodName(c) ?? ''))) return undefined;
  let found: { via: CallExpression; method: string } | undefined;
  for (const call of direct) {
    if (enclosingFunction(call) !== handler) continue;
    const fn = analysis.calledFunction(call);
    if (!fn) continue;
    const reached = teardownsIn(analysis, fn);
    if (reached.destroys) return undefined;
    if (!found && reached.end) found = { via: call, method: reached.end };
  }
  return found;
}

/** Socket teardowns in a function and the same-file functions it calls: the name of one that ends, whether any destroys. */
function teardownsIn(analysis: FileAnalysis, fn: FunctionLike, depth = 3, seen = new Set<Node>()): { end?: string; destroys: boolean } {
  const out: { end?: string; destroys: boolean } = { destroys: false };
  if (seen.has(fn)) return out;
  seen.add(fn);
  for (const call of descendantsOfKind(fn, SyntaxKind.CallExpression)) {
    const name = methodName(call);
    const callee = call.getExpression();
    if (name && DESTROY_METHODS.has(name)) {
      out.destroys = true;
      return out;
    }
    if (name === 'end' && Node.isPropertyAccessExpression(callee) && SOCKET_KINDS.has(analysis.kindOf(callee.getExpression()) ?? 'httpServer')) {
      out.end ??= functionName(fn);
      continue;
    }
    const inner = depth > 0 ? analysis.calledFunction(call) : undefined;
    if (!inner) continue;
    const below = teardownsIn(analysis, inner, depth - 1, seen);
    if (below.destroys) return below;
    out.end ??= below.end;
  }
  return out;
}

function functionName(fn: FunctionLike): string {
  if (Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn)) return fn.getName() ?? 'a function';
  const parent = fn.getParent();
  if (parent && Node.isBinaryExpression(parent) && Node.isPropertyAccessExpression(parent.getLeft()))
    return (parent.getLeft() as import('ts-morph').PropertyAccessExpression).getName();
  if (parent && (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent))) return parent.getName();
  return 'a function';
}

/** A 'timeout' handler of a value the analysis does not track: a parameter or variable used as a socket. */
interface UntrackedSite {
  fn: FunctionLike;
  receiver: Node;
  /** Every visible 'timeout' handler of the receiver. */
  handlers: FunctionLike[];
  isTarget(receiver: Node): boolean;
}

/**
 * `stream.setTimeout(ms); stream.on('timeout', () => stream.end())` on an untyped parameter or a
 * socket-typed value the analysis does not track (a socket reached through a parameter). The
 * positive `setTimeout` is the evidence that it is a socket-like idle timeout.
 */
function untrackedTimeouts(analysis: FileAnalysis): UntrackedSite[] {
  const byReceiver = new Map<object, UntrackedSite[]>();
  const sites: UntrackedSite[] = [];
  for (const site of listenerCallsFor(analysis, 'timeout')) {
    const receiver = site.receiver;
    if (!site.handler || !Node.isIdentifier(receiver) || analysis.valueOf(receiver) || !socketLike(analysis, receiver)) continue;
    const symbol = symbolOf(receiver);
    if (!symbol) continue;
    const probe = analysis.probe(receiver);
    const arms = probe.uses.calls.some((c) => methodName(c) === 'setTimeout' && c.getArguments()[0] !== undefined && !isZero(c.getArguments()[0]));
    if (!arms) continue;
    const fn = site.handler;
    const entry: UntrackedSite = {
      fn,
      receiver,
      handlers: [],
      isTarget: (r) => {
        const inner = unwrap(r);
        if (inner.getKind() === SyntaxKind.ThisKeyword) return !Node.isArrowFunction(fn) && enclosingNonArrow(inner) === fn;
        return Node.isIdentifier(inner) && symbolOf(inner) === symbol;
      },
    };
    const list = byReceiver.get(symbol) ?? [];
    list.push(entry);
    byReceiver.set(symbol, list);
    sites.push(entry);
  }
  for (const list of byReceiver.values()) for (const entry of list) entry.handlers = list.map((e) => e.fn);
  return sites;
}

/** A socket or request by its type, or a value with no type at all (plain JavaScript). */
function socketLike(analysis: FileAnalysis, expr: Node): boolean {
  const kind = analysis.kindOf(expr);
  if (kind) return SOCKET_KINDS.has(kind) || kind === 'clientRequest';
  try {
    const type = expr.getType();
    if (type.isAny() || type.isUnknown()) return true;
  } catch {
    return false;
  }
  const names = nodeTypeNames(expr);
  return names.has('Socket') || names.has('Duplex');
}

/**
 * A client request's timeout handler that ends the request's socket: `req.setTimeout(ms, () =>
 * socket.end())` with `socket` taken from `req.on('socket', (s) => { socket = s })`, or
 * `req.socket.end()`. The request is known by its type (a `ClientRequest` annotation) even when the
 * analysis did not see it made (`info.httpModule.request(…)`).
 */
function requestSocketEnds(analysis: FileAnalysis): CallExpression[] {
  const out: CallExpression[] = [];
  const calls = callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set(['setTimeout', 'on', 'once', 'addListener']));
  for (const call of calls) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const [first, second] = call.getArguments();
    const isTimeout =
      callee.getName() === 'setTimeout'
        ? first !== undefined && !isZero(first)
        : first !== undefined && Node.isStringLiteral(first) && first.getLiteralValue() === 'timeout';
    const fn = isTimeout && second ? resolveFunction(second) : undefined;
    const request = unwrap(callee.getExpression());
    if (!fn || analysis.kindOf(request) !== 'clientRequest') continue;
    const captured = capturedSockets(calls, request);
    const isRequestSocket = (receiver: Node): boolean => {
      const r = unwrap(receiver);
      if (Node.isPropertyAccessExpression(r) && (r.getName() === 'socket' || r.getName() === 'connection'))
        return unwrap(r.getExpression()).getText() === request.getText();
      const symbol = Node.isIdentifier(r) ? symbolOf(r) : undefined;
      return symbol !== undefined && captured.has(symbol);
    };
    if (descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => DESTROY_METHODS.has(methodName(c) ?? ''))) continue;
    out.push(...endsIn(fn, isRequestSocket));
  }
  return out;
}

/** Variables a request's 'socket' listener stores its socket in: `req.on('socket', (s) => { socket = s })`. */
function capturedSockets(calls: CallExpression[], request: Node): Set<object> {
  const out = new Set<object>();
  for (const call of calls) {
    const callee = call.getExpression();
    const [event, handler] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || unwrap(callee.getExpression()).getText() !== request.getText()) continue;
    if (!event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'socket' || !handler) continue;
    const fn = resolveFunction(handler);
    const param = fn?.getParameters()[0]?.getNameNode();
    const paramSymbol = param && Node.isIdentifier(param) ? symbolOf(param) : undefined;
    if (!fn || !paramSymbol) continue;
    for (const assignment of descendantsOfKind(fn, SyntaxKind.BinaryExpression)) {
      const right = unwrap(assignment.getRight());
      if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || !Node.isIdentifier(right) || symbolOf(right) !== paramSymbol) continue;
      const left = symbolOf(assignment.getLeft());
      if (left) out.add(left);
    }
  }
  return out;
}

/*
 * A deadline kept by a timer of the code's own: `this._closeTimer = setTimeout(() => self._beginClose(), CLOSE_TIMEOUT)`
 * cancelled with `clearTimeout(this._closeTimer)` when the peer answers. It fires because the peer
 * went quiet, as a socket's 'timeout' does, and a socket it only end()s stays half-open.
 */

const TIMER_CALLS = /^(setTimeout|global\.setTimeout|globalThis\.setTimeout|timers\.setTimeout)$/;
// Calls are picked by their last name before they are wrapped; the patterns above then decide.
const SET_TIMEOUT = new Set(['setTimeout']);
const CLEAR_TIMEOUT = new Set(['clearTimeout']);
/** Calls and events only a socket has: evidence that an untyped receiver is one. */
const SOCKET_ONLY_METHODS: ReadonlySet<string> = new Set(['setNoDelay', 'setKeepAlive', 'connect']);
// ('data' and setTimeout are not enough: an HTTP/2 stream has them, and its end() ends one response.)
const SOCKET_READ_EVENTS = /^(connect|secureConnect)$/;

/** The text that names a timer handle or a receiver, with `self`/`that` read as `this`. */
function handleText(node: Node): string {
  return unwrap(node)
    .getText()
    .replace(/^(self|that|_this|me)\./, 'this.');
}

/**
 * A function that runs once the connection is made: the callback of `net.connect(…, cb)` /
 * `createConnection` / `tls.connect`, or a `'connect'`/`'secureConnect'` listener.
 */
function runsOnConnect(fn: Node | undefined): boolean {
  const call = fn?.getParent();
  if (!fn || !call || !Node.isCallExpression(call)) return false;
  const args = call.getArguments();
  const name = methodName(call) ?? call.getExpression().getText();
  if (/^(connect|createConnection)$/.test(name)) return args.findIndex((arg) => arg === fn) > 0;
  const event = args[0];
  return (
    /^(on|once|addListener|prependListener|prependOnceListener)$/.test(name) &&
    args[1] === fn &&
    event !== undefined &&
    Node.isStringLiteral(event) &&
    SOCKET_READ_EVENTS.test(event.getLiteralValue())
  );
}

function deadlineEnds(analysis: FileAnalysis): Array<{ end: CallExpression; timer: CallExpression }> {
  const sf = analysis.sourceFile;
  const clears = callsNamed(sf, SyntaxKind.CallExpression, CLEAR_TIMEOUT).filter(
    (c) => /^(clearTimeout|global\.clearTimeout|timers\.clearTimeout)$/.test(c.getExpression().getText()) && c.getArguments()[0],
  );
  const cleared = new Set(clears.map((c) => handleText(c.getArguments()[0])));
  if (cleared.size === 0) return [];
  const timers = callsNamed(sf, SyntaxKind.CallExpression, SET_TIMEOUT).filter((c) => TIMER_CALLS.test(c.getExpression().getText()));
  const handles = timers.map((timer) => timerHandle(timer)).flatMap((h) => (h ? [handleText(h)] : []));
  const out: Array<{ end: CallExpression; timer: CallExpression }> = [];
  for (const timer of timers) {
    const handle = timerHandle(timer);
    if (!handle || !cleared.has(handleText(handle))) continue;
    // A connect deadline: armed once and cleared once connected, it fires only on a socket still
    // connecting, whose end() waits for a connect the kernel's own timeout bounds (a reachability check).
    const text = handleText(handle);
    const armedOnce = handles.filter((h) => h === text).length === 1;
    if (armedOnce && clears.some((c) => handleText(c.getArguments()[0]) === text && runsOnConnect(enclosingFunction(c)))) continue;
    const cb = timer.getArguments()[0];
    const fn = cb && resolveFunction(cb);
    if (!fn) continue;
    const reached = endsReached(analysis, fn);
    if (reached.destroys) continue;
    for (const end of reached.ends) out.push({ end, timer });
  }
  return out;
}

/** What a timer's handle is kept in: `this.t = setTimeout(…)`, `const t = setTimeout(…)`. */
function timerHandle(timer: CallExpression): Node | undefined {
  const parent = timer.getParent();
  if (parent && Node.isBinaryExpression(parent) && parent.getRight() === timer && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken)
    return parent.getLeft();
  if (parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === timer) return parent.getNameNode();
  return undefined;
}

/**
 * The socket `end()` calls a timer callback reaches through same-file functions and the timers they
 * start (up to three calls deep), and whether anything on those paths destroys anything.
 */
function endsReached(analysis: FileAnalysis, fn: FunctionLike, depth = 3, seen = new Set<Node>()): { ends: CallExpression[]; destroys: boolean } {
  const out: { ends: CallExpression[]; destroys: boolean } = { ends: [], destroys: false };
  if (seen.has(fn)) return out;
  seen.add(fn);
  for (const call of descendantsOfKind(fn, SyntaxKind.CallExpression)) {
    const name = methodName(call);
    if (name && DESTROY_METHODS.has(name)) return { ends: [], destroys: true };
    const callee = call.getExpression();
    if (name === 'end' && Node.isPropertyAccessExpression(callee) && (enclosingFunction(call) === fn || inTimerCallback(call, fn))) {
      if (isSocket(analysis, callee.getExpression())) out.ends.push(call);
      continue;
    }
    if (depth === 0) continue;
    // A function the code calls, or hands to a timer (`setTimeout(this.abort_socket.bind(this), 1000)`).
    const targets = [analysis.calledFunction(call)];
    if (TIMER_CALLS.test(callee.getText()) || /^(setImmediate|process\.nextTick)$/.test(callee.getText())) {
      const first = call.getArguments()[0];
      targets.push(first && resolveFunction(first));
    }
    for (const inner of targets) {
      if (!inner) continue;
      const below = endsReached(analysis, inner, depth - 1, seen);
      if (below.destroys) return below;
      out.ends.push(...below.ends);
    }
  }
  return out;
}

/** A socket by its type, or an untyped receiver the file uses as one (`setNoDelay`, `'data'`, …). */
function isSocket(analysis: FileAnalysis, receiver: Node): boolean {
  const kind = analysis.kindOf(receiver);
  if (kind) return SOCKET_KINDS.has(kind);
  try {
    const type = receiver.getType();
    if (!type.isAny() && !type.isUnknown()) return nodeTypeNames(receiver).has('Socket');
  } catch {
    return false;
  }
  const text = handleText(receiver);
  const name = Node.isPropertyAccessExpression(unwrap(receiver)) ? (unwrap(receiver) as import('ts-morph').PropertyAccessExpression).getName() : text;
  return propertyAccessesNamed(analysis.sourceFile, name).some((access) => {
    if (!Node.isPropertyAccessExpression(access)) return false;
    const use = access.getParent();
    if (!use || !Node.isPropertyAccessExpression(use) || handleText(access) !== text) return false;
    const call = use.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== use) return false;
    if (SOCKET_ONLY_METHODS.has(use.getName())) return true;
    const [event] = call.getArguments();
    return (
      (use.getName() === 'on' || use.getName() === 'once') &&
      event !== undefined &&
      Node.isStringLiteral(event) &&
      SOCKET_READ_EVENTS.test(event.getLiteralValue())
    );
  });
}

/** Whether `node` sits in a `setTimeout`/`setImmediate` callback nested in `fn` (still the failure path). */
function inTimerCallback(node: Node, fn: Node): boolean {
  for (let f = enclosingFunction(node); f && f !== fn; f = enclosingFunction(f)) {
    const call = f.getParent();
    if (!call || !Node.isCallExpression(call)) return false;
    const name = call.getExpression().getText();
    if (!/^(setTimeout|setImmediate|process\.nextTick|queueMicrotask)$/.test(name)) return false;
  }
  return true;
}

export default rule;
