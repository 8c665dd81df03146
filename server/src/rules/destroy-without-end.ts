import { Node, SyntaxKind, type CallExpression, type ExpressionStatement, type PropertyAccessExpression } from 'ts-morph';
import {
  LISTENER_METHODS,
  SOCKET_KINDS,
  callsNamed,
  connectionOf,
  descendantsOfKind,
  enclosingFunction,
  identifiersNamed,
  isFunctionLike,
  isServerResponse,
  listenersByHandler,
  nodeTypeNames,
  symbolOf,
  unwrap,
  writeRightBeforeThrough,
  type FileAnalysis,
  type ListenerSite,
  type TrackedValue,
} from '../core/analysis';
import { defineRule, type Fix, type RuleContext, type TextEdit } from '../core/rule';
import { render, styleOf } from '../core/fixBuilders';
import { indentationAt } from '../core/fixes';

/** Events that mean the stream is finishing normally. */
const GRACEFUL_EVENTS = new Set(['end', 'close', 'finish']);
/** Events whose listeners are where destroy() belongs. */
const FAILURE_EVENTS = new Set(['error', 'timeout', 'clientError', 'aborted']);

/** Why a destroy() call sits on a graceful path, or undefined when it does not. */
type GracefulPath =
  | { kind: 'listener'; event: string }
  | { kind: 'afterWrite'; write: CallExpression }
  | { kind: 'afterEndOfWrite'; end: CallExpression }
  | { kind: 'afterWriteThrough'; writer: CallExpression };

function insideCatch(call: Node, fn: Node | undefined): boolean {
  for (let n = call.getParent(); n && n !== fn; n = n.getParent()) if (Node.isCatchClause(n)) return true;
  return false;
}

/** `x.write(…)` as the statement right before the one holding the destroy call (a `return`, or a branch it opens), on the same value. */
function precedingWrite(analysis: FileAnalysis, call: CallExpression, value: TrackedValue): CallExpression | undefined {
  const write = previousCall(call, 'write');
  const callee = write?.getExpression();
  return callee && Node.isPropertyAccessExpression(callee) && analysis.refersTo(callee.getExpression(), value) ? write : undefined;
}

/** Bytes a short reply may hold and still be taken by the kernel whole inside write(). */
const SHORT_REPLY_BYTES = 1024;

/**
 * `socket.write('HTTP/1.1 403 Forbidden\r\n\r\n'); socket.destroy()` as the first write in an
 * http server's `'upgrade'` or `'connect'` listener: the connection is established, nothing is
 * queued on it and the client waits for this answer, so write() hands the few bytes to the kernel
 * at once and destroy() loses none of them (every one of 200 clients got such a reply, plain and
 * TLS, on Node 20). A `'connection'` listener's socket may hold unread bytes, which make the close
 * a reset: still reported.
 */
function shortFirstReply(write: CallExpression, listener: Node | undefined): boolean {
  if (!listener || enclosingFunction(write) !== listener) return false;
  if (!isFunctionLike(listener)) return false;
  // The socket is the listener's second parameter: `(req, socket, head)`.
  const param = listener.getParameters()[1];
  const receiver = unwrap((write.getExpression() as PropertyAccessExpression).getExpression());
  if (!param || !Node.isIdentifier(receiver) || receiver.getText() !== param.getName()) return false;
  const bytes = constantLength(write.getArguments()[0]);
  if (bytes === undefined || bytes > SHORT_REPLY_BYTES) return false;
  // Something earlier on the way to this write (not in a branch that returned before it). Code
  // elsewhere (a nested listener, a timer) runs in a later turn.
  const before = (n: Node) => n.getStart() < write.getStart() && onPathTo(n, write);
  if (descendantsOfKind(listener, SyntaxKind.AwaitExpression).some(before)) return false;
  const socket = symbolOf(receiver);
  return !identifiersNamed(listener, param.getName()).some((id) => {
    if (!before(id) || symbolOf(id) !== socket) return false;
    const parent = id.getParent();
    // An earlier write (`socket.write(…)`, `end`, `cork`), or the socket handed to a call that may write.
    if (parent && Node.isPropertyAccessExpression(parent) && ['write', 'end', 'cork'].includes(parent.getName())) return true;
    return parent !== undefined && (Node.isCallExpression(parent) || Node.isNewExpression(parent)) && (parent.getArguments() as Node[]).includes(id);
  });
}

/** Whether a tracked socket was handed over by an http server's `'upgrade'` or `'connect'` event. */
function upgradedByServer(value: TrackedValue): boolean {
  return value.origin === 'accepted' && (value.via === 'upgrade' || value.via === 'connect') && value.server?.kind !== 'clientRequest';
}

/** The length of a string written as literals (`'…'`, `` `…` `` without substitutions, joined by `+`). */
function constantLength(expr: Node | undefined): number | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) return Buffer.byteLength(e.getLiteralValue());
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = constantLength(e.getLeft());
    const right = constantLength(e.getRight());
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/**
 * Whether the destroy sits under a condition on the 'close' listener's `hadError` parameter
 * (`if (hadError) peer.destroy()`): that branch is the failure path.
 */
function guardedByHadError(call: Node, handler: Node): boolean {
  if (!Node.isArrowFunction(handler) && !Node.isFunctionExpression(handler) && !Node.isFunctionDeclaration(handler)) return false;
  const param = handler.getParameters()[0];
  if (!param) return false;
  const name = param.getName();
  for (let n = call.getParent(); n && n !== handler; n = n.getParent()) {
    const condition = Node.isIfStatement(n) ? n.getExpression() : Node.isConditionalExpression(n) ? n.getCondition() : undefined;
    if (condition && mentions(condition, name)) return true;
    if (
      Node.isBinaryExpression(n) &&
      [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken].includes(n.getOperatorToken().getKind()) &&
      mentions(n.getLeft(), name)
    )
      return true;
  }
  return false;
}

function mentions(expr: Node, name: string): boolean {
  return (Node.isIdentifier(expr) && expr.getText() === name) || descendantsOfKind(expr, SyntaxKind.Identifier).some((id) => id.getText() === name);
}

/** Whether `value.end(…)` is called earlier on the destroy's path in the same function: the destroy is a fallback. */
function endCalledBefore(analysis: FileAnalysis, call: CallExpression, value: TrackedValue, fn: Node | undefined): boolean {
  return analysis.methodCalls(value, 'end').some((end) => end.getStart() < call.getStart() && enclosingFunction(end) === fn && onPathTo(end, call));
}

/**
 * Whether `earlier` runs on the way to `later`: its statement sits in a block that also holds
 * `later`, not in another branch (`if (…) res.end(m); else { res.write(m); res.destroy(); }`).
 */
function onPathTo(earlier: Node, later: Node): boolean {
  const block = earlier.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a) || Node.isCaseClause(a));
  return block !== undefined && later.getAncestors().includes(block);
}

/** Whether the code sends data into a value: `x.write(…)`, `x.end(data)`, or `y.pipe(x)`. */
function writtenTo(analysis: FileAnalysis, value: TrackedValue): boolean {
  if (value.uses.pipedFrom.length > 0 || analysis.methodCalls(value, 'write').length > 0) return true;
  return analysis.methodCalls(value, 'end').some((end) => end.getArguments().length > 0);
}

/** Whether `value.end()` is called in the function that registers the listener (before or after it). */
function endedWhereListened(analysis: FileAnalysis, value: TrackedValue, registration: Node): boolean {
  const home = enclosingFunction(registration);
  return analysis.methodCalls(value, 'end').some((end) => enclosingFunction(end) === home);
}

/**
 * Whether two sockets relay each other's data: one is piped into the other, or a 'data' listener
 * of one writes to the other. A socket closing that never carried the other's data (an identd
 * lookup, an auth check) leaves nothing of it in flight.
 */
function relayPeers(analysis: FileAnalysis, a: TrackedValue, b: TrackedValue): boolean {
  const pipesInto = (from: TrackedValue, to: TrackedValue) =>
    to.uses.pipedFrom.some((pipe) => {
      const callee = pipe.getExpression();
      return Node.isPropertyAccessExpression(callee) && analysis.refersTo(callee.getExpression(), from);
    });
  const writesOnData = (from: TrackedValue, to: TrackedValue) =>
    analysis.listeners(from, 'data').some((l) => l.handler !== undefined && analysis.closes(l.handler, [to], new Set(['write', 'end'])));
  return pipesInto(a, b) || pipesInto(b, a) || writesOnData(a, b) || writesOnData(b, a);
}

function gracefulPath(analysis: FileAnalysis, handlers: Map<Node, ListenerSite[]>, call: CallExpression, value: TrackedValue): GracefulPath | undefined {
  const fn = enclosingFunction(call);
  if (insideCatch(call, fn)) return undefined;
  const receiver = (call.getExpression() as PropertyAccessExpression).getExpression();
  const sites = (fn && handlers.get(fn)) ?? [];
  if (sites.some((s) => FAILURE_EVENTS.has(s.listener.event))) return undefined;
  const end = endOfWriteBefore(call, receiver);
  if (end) return { kind: 'afterEndOfWrite', end };
  if (endCalledBefore(analysis, call, value, fn)) return undefined;
  if (endedBefore(call, receiver, fn)) return undefined;
  // In its own 'close' listener it is already destroyed: a write just before is lost either way.
  const own = registrationOf(fn);
  if (own && sameReceiver(own.emitter, receiver)) {
    if (own.event === 'close') return undefined;
    // In its own 'end' listener, when the code that listens also ends it (`s.on('end', () => s.destroy());
    // s.write(p); s.end()`): end() has flushed what was written, and the peer's FIN has come.
    if (own.event === 'end' && endedWhereListened(analysis, value, own.call)) return undefined;
  }
  const write = precedingWrite(analysis, call, value);
  if (write) return upgradedByServer(value) && shortFirstReply(write, value.node.getParent()) ? undefined : { kind: 'afterWrite', write };
  for (const site of sites) {
    const event = site.listener.event;
    if (!GRACEFUL_EVENTS.has(event) || !SOCKET_KINDS.has(site.value.kind)) continue;
    // Its own 'close' (already destroyed) and 'finish' (end() already called) lose nothing.
    if (site.value === value && event !== 'end') continue;
    if (event === 'close' && guardedByHadError(call, fn!)) continue;
    // Another socket's listener: only a relay peer (or a socket this code writes to) has data in flight.
    if (site.value !== value && !relayPeers(analysis, site.value, value) && !writtenTo(analysis, value)) continue;
    return { kind: 'listener', event };
  }
  const through = writtenThroughMethods(call);
  return through && { kind: 'afterWriteThrough', writer: through };
}

/**
 * The object's own call that writes to the socket right before the call that leads here
 * (`this.sendResign(); this.shutdown()`, with the destroy inside `shutdown()`), not on a failure path.
 */
function writtenThroughMethods(call: CallExpression): CallExpression | undefined {
  const found = writeRightBeforeThrough(call);
  if (!found) return undefined;
  const fn = enclosingFunction(found.writer);
  return insideCatch(found.writer, fn) || isFailureListener(fn) ? undefined : found.writer;
}

function reportThrough(context: RuleContext, call: CallExpression, writer: CallExpression): void {
  const fix = replaceWithEnd(call);
  context.report({
    node: call,
    messageId: 'afterWriteThrough',
    data: { writer: writer.getExpression().getText(), line: writer.getStartLineNumber() },
    fixes: fix ? [fix] : [],
  });
}

function replaceWithEnd(call: CallExpression): Fix | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.getNameNode();
  return { title: 'Use end() to flush and close gracefully', edits: [{ start: name.getStart(), end: call.getEnd(), text: 'end()' }] };
}

/** `x.write(chunk); x.destroy();` → `x.end(chunk);` when nothing else sits between them. */
function mergeIntoEnd(text: string, write: CallExpression, call: CallExpression): Fix | undefined {
  const args = write.getArguments();
  if (args.length === 0 || args.length > 2 || args.some((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a))) return undefined;
  const writeStatement = write.getParent() as ExpressionStatement;
  // Only `x.write(c); x.destroy();` as two plain statements merge (not a `return` or a branch).
  if (writeStatement.getNextSibling() !== call.getParent() || !Node.isExpressionStatement(call.getParent())) return undefined;
  const between = text.slice(writeStatement.getEnd(), call.getStart());
  if (/\/[/*]/.test(between)) return undefined;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.getExpression().getText();
  const endCall = `${receiver}.end(${args.map((a) => a.getText()).join(', ')})`;
  return { title: `Send the last chunk with end()`, edits: [{ start: writeStatement.getStart(), end: call.getEnd(), text: endCall }] };
}

/** Names of Node stream classes whose `destroy()` throws away queued writes. */
const WRITABLE_TYPES = ['Writable', 'Duplex', 'Socket', 'OutgoingMessage', 'Http2Stream', 'WriteStream'];

/**
 * Whether a receiver may be a stream: a Node writable by its type, or untyped (decided from use:
 * it is written to and destroyed). A type of the code's own that declares `write` and `destroy`
 * (a cache, a pool) is not a stream; a type without them (a JSDoc `{Response}` on a Node
 * response) does not describe the value, and the use decides.
 */
function mayBeStream(analysis: FileAnalysis, receiver: Node): boolean {
  if (analysis.kindOf(receiver)) return true;
  const names = nodeTypeNames(receiver);
  if (WRITABLE_TYPES.some((n) => names.has(n))) return true;
  try {
    const type = receiver.getType();
    if (type.isAny() || type.isUnknown()) return true;
    return !type.getProperty('write') || !type.getProperty('destroy');
  } catch {
    return false;
  }
}

/** Whether two receivers denote the same value: the same variable, or the same text (`this.sock`). */
function sameReceiver(a: Node, b: Node): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  if (Node.isIdentifier(x) && Node.isIdentifier(y)) {
    const sx = symbolOf(x);
    return sx !== undefined ? sx === symbolOf(y) : x.getText() === y.getText();
  }
  return x.getText().replace(/\s+/g, '') === y.getText().replace(/\s+/g, '');
}

/** The call `r.<method>(…)` that is the statement right before the one holding `call`. */
function previousCall(call: CallExpression, method: string): CallExpression | undefined {
  const statement = call.getParent();
  if (!statement || !(Node.isExpressionStatement(statement) || Node.isReturnStatement(statement))) return undefined;
  // `x.write(reply); if (failed) x.destroy();`: a branch whose first act is the destroy follows the write.
  let anchor: Node = statement;
  const parent = statement.getParent();
  // `if (…) { x.destroy(); … }` (the destroy first in the block) or `if (…) x.destroy();`
  const branchBody = parent && Node.isBlock(parent) && parent.getStatements()[0] === statement ? parent : statement;
  const branch = branchBody.getParent();
  if (branch && Node.isIfStatement(branch) && branch.getThenStatement() === branchBody) anchor = branch;
  const previous = anchor.getPreviousSibling();
  if (!previous || !Node.isExpressionStatement(previous)) return undefined;
  const expr = unwrap(previous.getExpression());
  if (!Node.isCallExpression(expr)) return undefined;
  const callee = expr.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === method ? expr : undefined;
}

/**
 * `x.write(data); x.end(); x.destroy()` or `x.end(data); x.destroy()`: the statement right before
 * the destroy ends what it has just written (also as the last statement of a branch of an `if`
 * right before it). That destroy is no fallback: in the same turn it throws away whatever end() was
 * about to flush (TallyArbiter's TCP action, jstp's transport).
 */
function endOfWriteBefore(call: CallExpression, receiver: Node): CallExpression | undefined {
  const statement = call.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  return endsWhatItWrote(statement.getPreviousSibling(), receiver);
}

function endsWhatItWrote(statement: Node | undefined, receiver: Node): CallExpression | undefined {
  if (statement && Node.isIfStatement(statement)) {
    for (const branch of [statement.getThenStatement(), statement.getElseStatement()]) {
      const last = branch && Node.isBlock(branch) ? branch.getStatements().at(-1) : branch;
      const end = endsWhatItWrote(last, receiver);
      if (end) return end;
    }
    return undefined;
  }
  const end = statement && Node.isExpressionStatement(statement) ? unwrap(statement.getExpression()) : undefined;
  const callee = end && Node.isCallExpression(end) ? end.getExpression() : undefined;
  if (!callee || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'end' || !sameReceiver(callee.getExpression(), receiver)) return undefined;
  const call = end as CallExpression;
  if (call.getArguments().some((a) => !Node.isArrowFunction(a) && !Node.isFunctionExpression(a))) return call;
  const write = previousCall(call, 'write');
  return write && sameReceiver((write.getExpression() as PropertyAccessExpression).getExpression(), receiver) ? call : undefined;
}

/** Drops the `x.destroy();` statement: end() alone flushes and closes. */
function removeDestroy(call: CallExpression): Fix | undefined {
  const statement = call.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const span = statementWithLine(statement.getSourceFile().getFullText(), statement);
  return { title: 'Remove destroy(): end() flushes and closes', edits: [{ ...span, text: '' }] };
}

/** The listener registration `x.on(event, fn)` that `fn` is given to, if any. */
function registrationOf(fn: Node | undefined): { call: CallExpression; event: string; emitter: Node } | undefined {
  const call = fn?.getParent();
  if (!fn || !call || !Node.isCallExpression(call) || call.getArguments()[1] !== fn) return undefined;
  const callee = call.getExpression();
  const [event] = call.getArguments();
  if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName()) || !event || !Node.isStringLiteral(event)) return undefined;
  return { call, event: event.getLiteralValue(), emitter: callee.getExpression() };
}

/** Whether the function writes the response's head before `before` (after which setHeader throws). */
function headersSentBefore(response: Node, before: Node): boolean {
  const fn = enclosingFunction(before);
  if (!fn) return true;
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    return (
      c.getStart() < before.getStart() &&
      Node.isPropertyAccessExpression(callee) &&
      ['writeHead', 'write', 'end', 'flushHeaders', 'send', 'json', 'sendFile', 'pipe'].includes(callee.getName()) &&
      (sameReceiver(callee.getExpression(), response) || (callee.getName() === 'pipe' && c.getArguments().some((a) => sameReceiver(a, response))))
    );
  });
}

function setConnectionClose(sf: Node, response: Node): string {
  const style = styleOf(sf.getSourceFile());
  return render(style, '', [`${response.getText()}.setHeader('Connection', 'close');`]);
}

/** The statement and the line break before it (`\r\n` too), so that removing it leaves no blank line. */
function statementWithLine(text: string, statement: Node): { start: number; end: number } {
  const start = statement.getStart();
  const lineStart = text.lastIndexOf('\n', start - 1);
  const before = text.slice(lineStart + 1, start);
  if (!/^[ \t]*$/.test(before) || lineStart < 0) return { start, end: statement.getEnd() };
  return { start: lineStart > 0 && text[lineStart - 1] === '\r' ? lineStart - 1 : lineStart, end: statement.getEnd() };
}

/**
 * `res.end(body); req.socket.destroy();` → `res.setHeader('Connection', 'close'); res.end(body);`
 * when nothing has sent the head yet: Node then closes the connection itself once the response is out.
 */
function connectionCloseBeforeEnd(text: string, end: CallExpression, destroy: CallExpression, response: Node): Fix | undefined {
  const endStatement = end.getParent()!;
  const destroyStatement = destroy.getParent()!;
  if (headersSentBefore(response, end) || /\/[/*]/.test(text.slice(endStatement.getEnd(), destroyStatement.getStart()))) return undefined;
  const indent = indentationAt(text, endStatement.getStart());
  const eol = styleOf(end.getSourceFile()).eol;
  const edits: TextEdit[] = [
    { start: endStatement.getStart(), end: endStatement.getStart(), text: setConnectionClose(end, response) + eol + indent },
    { ...statementWithLine(text, destroyStatement), text: '' },
  ];
  return { title: "Send 'Connection: close' and let Node close the connection", edits };
}

/**
 * `res.on('finish', () => req.socket.destroy())` → `res.setHeader('Connection', 'close')` when the
 * listener does nothing else and the head is not sent before it is registered.
 */
function connectionCloseForFinish(registration: CallExpression, fn: Node, response: Node): Fix | undefined {
  const statement = registration.getParent();
  if (!statement || !Node.isExpressionStatement(statement) || unwrap(statement.getExpression()) !== registration) return undefined;
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return undefined;
  const body = fn.getBody();
  const only = Node.isBlock(body) ? body.getStatements().length === 1 && Node.isExpressionStatement(body.getStatements()[0]) : true;
  if (!only || headersSentBefore(response, registration)) return undefined;
  if (descendantsOfKind(fn, SyntaxKind.CallExpression).length !== 1) return undefined;
  return {
    title: "Send 'Connection: close' and let Node close the connection",
    edits: [{ start: statement.getStart(), end: statement.getEnd(), text: setConnectionClose(fn, response) }],
  };
}

/** Whether a function runs on a failure: an 'error'/'timeout'/… listener of anything. */
function isFailureListener(fn: Node | undefined): boolean {
  const reg = registrationOf(fn);
  return reg !== undefined && FAILURE_EVENTS.has(reg.event);
}

/**
 * destroy() calls on values the analysis does not track: any stream written to right before
 * (decided from use when untyped), a response's connection right after `res.end()`, and a
 * response's connection in its 'finish' listener.
 */
function checkUntracked(context: RuleContext, seen: Set<Node>): void {
  const { analysis, sourceFile, text } = context;
  for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, DESTROY)) {
    const callee = call.getExpression();
    if (seen.has(call) || call.getArguments().length > 0 || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'destroy') continue;
    seen.add(call);
    const receiver = callee.getExpression();
    const fn = enclosingFunction(call);
    // The listener the destroy sits in, if any: failure listeners are where destroy() belongs.
    const registration = registrationOf(fn);
    if (insideCatch(call, fn) || (registration && FAILURE_EVENTS.has(registration.event))) continue;
    // `res.on('close', () => { res.write(x); res.destroy(); })`: already destroyed when 'close' comes.
    if (registration?.event === 'close' && sameReceiver(registration.emitter, receiver)) continue;
    if (endOfWriteBefore(call, receiver) && mayBeStream(analysis, receiver)) {
      const fix = removeDestroy(call);
      context.report({ node: call, messageId: 'afterEndOfWrite', fixes: fix ? [fix] : [] });
      continue;
    }
    const write = previousCall(call, 'write');
    if (write && sameReceiver((write.getExpression() as PropertyAccessExpression).getExpression(), receiver) && mayBeStream(analysis, receiver)) {
      const upgradeListener = registration?.event === 'upgrade' || registration?.event === 'connect';
      if (!endedBefore(call, receiver, fn) && !(upgradeListener && shortFirstReply(write, fn))) {
        const fixes = [mergeIntoEnd(text, write, call), replaceWithEnd(call)].filter((f): f is Fix => f !== undefined);
        context.report({ node: call, messageId: 'afterWrite', fixes });
      }
      continue;
    }
    const writer = mayBeStream(analysis, receiver) ? writtenThroughMethods(call) : undefined;
    if (writer) {
      reportThrough(context, call, writer);
      continue;
    }
    const through = connectionOf(receiver);
    if (!through) continue;
    const end = previousCall(call, 'end');
    const endReceiver = end && (end.getExpression() as PropertyAccessExpression).getExpression();
    if (end && endReceiver && isServerResponse(endReceiver)) {
      const fix = connectionCloseBeforeEnd(text, end, call, endReceiver);
      context.report({ node: call, messageId: 'afterEnd', fixes: fix ? [fix] : [] });
      continue;
    }
    if (registration && registration.event === 'finish' && isServerResponse(registration.emitter) && !sendsConnectionClose(registration.call)) {
      const fix = connectionCloseForFinish(registration.call, fn!, registration.emitter);
      context.report({ node: call, messageId: 'finishDestroy', fixes: fix ? [fix] : [] });
    }
  }
}

/** `x.end(…)` earlier in the same function: the destroy is a fallback (rules.md). */
function endedBefore(call: CallExpression, receiver: Node, fn: Node | undefined): boolean {
  if (!fn) return false;
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    return (
      c.getStart() < call.getStart() &&
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'end' &&
      sameReceiver(callee.getExpression(), receiver) &&
      onPathTo(c, call)
    );
  });
}

const DESTROY = new Set(['destroy']);

/**
 * `holder.peer.destroy()` where this code keeps the socket on another tracked value
 * (`socket.dstSock = dstSock`): the same socket, when every assignment to that property of the
 * holder stores it or clears it (`holder.peer = undefined`).
 */
function destroysThroughHolder(analysis: FileAnalysis, value: TrackedValue): CallExpression[] {
  const found: CallExpression[] = [];
  for (const store of value.uses.escapes) {
    if (!Node.isBinaryExpression(store) || store.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = store.getLeft();
    if (!Node.isPropertyAccessExpression(left) || !analysis.refersTo(store.getRight(), value)) continue;
    const holder = analysis.valueOf(left.getExpression());
    if (!holder || holder === value) continue;
    const name = left.getName();
    const onHolder = (n: Node): n is PropertyAccessExpression =>
      Node.isPropertyAccessExpression(n) && n.getName() === name && analysis.refersTo(n.getExpression(), holder);
    const sf = store.getSourceFile();
    const assignments = descendantsOfKind(sf, SyntaxKind.BinaryExpression).filter(
      (b) => b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && onHolder(b.getLeft()),
    );
    const storesOnlyThis = assignments.every((b) => analysis.refersTo(b.getRight(), value) || /^(undefined|null)$/.test(b.getRight().getText()));
    if (!storesOnlyThis) continue;
    for (const call of callsNamed(sf, SyntaxKind.CallExpression, DESTROY)) {
      const callee = call.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'destroy' && onHolder(callee.getExpression()) && !found.includes(call))
        found.push(call);
    }
  }
  return found;
}

/**
 * Whether the request handler around a node already tells the client the connection closes
 * (`Connection: close`, `res.shouldKeepAlive = false`): the client will not reuse it.
 */
function sendsConnectionClose(node: Node): boolean {
  let scope: Node | undefined = enclosingFunction(node);
  for (let outer = scope && enclosingFunction(scope); outer; outer = enclosingFunction(outer)) scope = outer;
  const text = (scope ?? node.getSourceFile()).getText();
  return /connection['"`]?\s*[:,]\s*['"`]close/i.test(text) || /shouldKeepAlive\s*=\s*false/.test(text);
}

const rule = defineRule({
  meta: {
    id: 'destroy-without-end',
    description: 'Close sockets with end() on graceful paths: destroy() drops unsent data and may send RST.',
    defaultSeverity: 'warn',
    messages: {
      listener: "destroy() in this '{event}' listener can throw away data not yet sent and reset the peer. end() flushes it and closes with FIN.",
      afterWrite: 'destroy() right after write() can throw away the data just written and reset the peer. end() sends it and closes with FIN.',
      afterWriteThrough:
        'destroy() can throw away data written just before it and reset the peer. {writer}() (line {line}) writes to this socket right before it runs; end() sends the data and closes with FIN.',
      afterEndOfWrite:
        'destroy() right after end() throws away what end() was about to send. Drop the destroy(): end() flushes the data just written and closes with FIN.',
      afterEnd:
        "destroy() right after end() can cut the response short and fail a keep-alive client's next request. Send 'Connection: close' instead: Node closes the connection once the response is out.",
      finishDestroy:
        "Destroying the connection on 'finish' breaks keep-alive: the client's next request on it fails. Send 'Connection: close' instead: Node closes the connection once the response is out.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    const handlers = listenersByHandler(analysis);
    const seen = new Set<Node>();
    for (const value of analysis.values) {
      if (!SOCKET_KINDS.has(value.kind)) continue;
      for (const call of [...analysis.methodCalls(value, 'destroy'), ...destroysThroughHolder(analysis, value)]) {
        if (seen.has(call) || call.getArguments().length > 0) continue;
        seen.add(call);
        const path = gracefulPath(analysis, handlers, call, value);
        if (!path) continue;
        if (path.kind === 'afterEndOfWrite') {
          const fix = removeDestroy(call);
          context.report({ node: call, messageId: 'afterEndOfWrite', fixes: fix ? [fix] : [] });
        } else if (path.kind === 'afterWrite') {
          const fixes = [mergeIntoEnd(context.text, path.write, call), replaceWithEnd(call)].filter((f): f is Fix => f !== undefined);
          context.report({ node: call, messageId: 'afterWrite', fixes });
        } else if (path.kind === 'afterWriteThrough') {
          reportThrough(context, call, path.writer);
        } else {
          const fix = replaceWithEnd(call);
          context.report({ node: call, messageId: 'listener', data: { event: path.event }, fixes: fix ? [fix] : [] });
        }
      }
    }
    checkUntracked(context, seen);
  },
});

export default rule;
