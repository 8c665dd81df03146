import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  descendantsOfKind,
  enclosingFunction,
  resolveFunction,
  returnedExpressions,
  symbolOf,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
} from './analysis';
import { listensOnEphemeralPort } from './listenAddress';

/** `net.connect(…)`, `tls.connect(…)`, `net.createConnection(…)`, `sock.connect(…)`: a call that opens a connection. */
function isConnectCall(node: Node): node is CallExpression {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : '';
  return name === 'connect' || name === 'createConnection';
}

/**
 * The connect calls of this file that the address in `expr` (`server.address()`, its `.port`, or a
 * variable holding either) goes to; undefined when it goes anywhere else (logged, returned, stored):
 * then the port may reach somebody outside the program.
 */
function connectsUsing(expr: Node, depth = 0): CallExpression[] | undefined {
  if (depth > 4) return undefined;
  let node = expr;
  let parent = node.getParent();
  while (parent && (Node.isParenthesizedExpression(parent) || Node.isNonNullExpression(parent))) {
    node = parent;
    parent = parent.getParent();
  }
  if (!parent) return undefined;
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
    return parent.getName() === 'port' ? connectsUsing(parent, depth + 1) : undefined;
  }
  if (isConnectCall(parent) && parent.getArguments().includes(node)) return [parent];
  // `net.connect({ port: server.address().port, host: 'localhost' })`, `net.connect({ port })`
  if ((Node.isPropertyAssignment(parent) && parent.getInitializer() === node) || Node.isShorthandPropertyAssignment(parent)) {
    const object = parent.getParent();
    const call = object?.getParent();
    return call && isConnectCall(call) && call.getArguments().includes(object as Node) ? [call] : undefined;
  }
  // `const { port } = server.address()` is not followed: a destructured port may go anywhere.
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    const name = parent.getNameNode();
    if (!Node.isIdentifier(name)) return undefined;
    const symbol = symbolOf(name);
    if (!symbol) return undefined;
    const uses = descendantsOfKind(parent.getSourceFile(), SyntaxKind.Identifier).filter((id) => id !== name && symbolOf(id) === symbol);
    const calls: CallExpression[] = [];
    for (const use of uses) {
      const found = connectsUsing(use, depth + 1);
      if (!found) return undefined;
      calls.push(...found);
    }
    return calls.length > 0 ? calls : undefined;
  }
  return undefined;
}

/**
 * A server on a port the OS picks (`listen(0)`) whose address this file only ever gives to its own
 * connect calls (`net.connect(server.address())`): a benchmark or probe talking to itself. Both
 * ends of each connection belong to the program, which ends them; nothing outside learns the port.
 * Returns those connect calls (the clients), or undefined when the server is not of that kind.
 */
export function ownClientsOnly(analysis: FileAnalysis, server: TrackedValue): ReadonlySet<Node> | undefined {
  if (!listensOnEphemeralPort(analysis, server)) return undefined;
  const lookups = analysis.methodCalls(server, 'address');
  const clients = new Set<Node>();
  for (const lookup of lookups) {
    const calls = connectsUsing(lookup);
    if (!calls) return undefined;
    for (const call of calls) clients.add(call);
  }
  return clients.size > 0 ? clients : undefined;
}

/** A socket accepted by, or connected to, a server of this file that talks only to itself (`ownClientsOnly`). */
export function talksOnlyToItself(analysis: FileAnalysis, value: TrackedValue): boolean {
  if (value.origin === 'accepted') return value.server?.origin === 'created' && ownClientsOnly(analysis, value.server) !== undefined;
  return analysis.values.some(
    (server) =>
      server.origin === 'created' && (server.kind === 'netServer' || server.kind === 'tlsServer') && !!ownClientsOnly(analysis, server)?.has(value.node),
  );
}

/** The function bodies that run when the socket connects: its 'connect'/'secureConnect' listeners and the creation's or `connect()`'s callback. */
function connectHandlers(analysis: FileAnalysis, value: TrackedValue): FunctionLike[] {
  const out: FunctionLike[] = [];
  for (const event of ['connect', 'secureConnect']) {
    for (const l of analysis.listeners(value, event)) if (l.handler && !l.transient) out.push(l.handler);
  }
  const node = value.node;
  if (value.origin === 'created' && (Node.isCallExpression(node) || Node.isNewExpression(node))) {
    for (const arg of (node.getArguments() ?? []).slice(1)) {
      const fn = resolveFunction(arg);
      if (fn) out.push(fn);
    }
  }
  // `new net.Socket()` then `client.connect(port, host, () => { … })`.
  for (const call of analysis.methodCalls(value, 'connect')) {
    for (const arg of call.getArguments().slice(1)) {
      const fn = resolveFunction(arg);
      if (fn) out.push(fn);
    }
  }
  return out;
}

/**
 * Whether `fn`'s body destroys or ends the value in a statement of its own that nothing before it can skip:
 * directly, inside `if (socket) { … }` (the socket exists), or in a same-file function it calls
 * that way (`cleanUp()`).
 */
function closesUnconditionally(analysis: FileAnalysis, fn: FunctionLike, value: TrackedValue, depth = 1): boolean {
  const body = fn.getBody();
  return body !== undefined && Node.isBlock(body) && statementsClose(analysis, fn, body.getStatements(), value, depth);
}

function statementsClose(analysis: FileAnalysis, fn: FunctionLike, statements: readonly Node[], value: TrackedValue, depth: number): boolean {
  for (const statement of statements) {
    if (Node.isExpressionStatement(statement)) {
      const call = unwrap(statement.getExpression());
      const callee = Node.isCallExpression(call) ? call.getExpression() : undefined;
      const closing = callee && Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
      // `end()` with nothing to send, on a socket nobody reads: a port probe, not a request awaiting its answer.
      const ends = closing === 'end' && (call as CallExpression).getArguments().length === 0 && !isRead(analysis, value);
      if (callee && Node.isPropertyAccessExpression(callee) && (closing === 'destroy' || ends)) {
        const receiver = unwrap(callee.getExpression());
        const self = receiver.getKind() === SyntaxKind.ThisKeyword && !Node.isArrowFunction(fn);
        if (self || analysis.refersTo(receiver, value)) return true;
      }
      // `cleanUp()`, or a method of the same object (`this.cleanup(client)`, chrome-launcher).
      const onThis = callee && Node.isPropertyAccessExpression(callee) && unwrap(callee.getExpression()).getKind() === SyntaxKind.ThisKeyword;
      const inner =
        callee && depth > 0
          ? onThis
            ? analysis.calledFunction(call)
            : Node.isPropertyAccessExpression(callee)
              ? undefined
              : resolveFunction(callee)
          : undefined;
      if (inner && closesUnconditionally(analysis, inner, value, depth - 1)) return true;
    }
    const guarded = Node.isIfStatement(statement) && !statement.getElseStatement() && analysis.refersTo(unwrap(statement.getExpression()), value);
    if (guarded) {
      const then = statement.getThenStatement();
      if (statementsClose(analysis, fn, Node.isBlock(then) ? then.getStatements() : [then], value, depth)) return true;
    }
    // A return or throw before it (in this function, not a nested one) may leave the socket open.
    const exits = [...descendantsOfKind(statement, SyntaxKind.ReturnStatement), ...descendantsOfKind(statement, SyntaxKind.ThrowStatement)];
    if (Node.isReturnStatement(statement) || Node.isThrowStatement(statement) || exits.some((e) => enclosingFunction(e) === fn)) return false;
  }
  return false;
}

/** Read by this code: a 'data', 'readable' or 'end' listener, or piped somewhere. */
function isRead(analysis: FileAnalysis, value: TrackedValue): boolean {
  return ['data', 'readable', 'end'].some((e) => analysis.listeners(value, e).length > 0) || analysis.methodCalls(value, 'pipe').length > 0;
}

/**
 * A probe: the socket is destroyed (or ended, unread) as soon as it connects (`once('connect', () => { …; s.destroy() })`).
 * It is never idle once connected, and the kernel's connect timeout bounds a lost SYN.
 */
export function destroyedOnConnect(analysis: FileAnalysis, value: TrackedValue): boolean {
  return connectHandlers(analysis, value).some((fn) => closesUnconditionally(analysis, fn, value));
}

/** Core stream classes keep no reference to what is piped into them. */
const CORE_STREAM_CLASSES = new Set(['PassThrough', 'Transform', 'Writable', 'Duplex', 'Readable']);

/** `new Connection(…)` of a class that is not a core stream: an object that may keep its source (its 'pipe' listener). */
function isWrapperConstruction(expr: Node | undefined): boolean {
  if (!expr) return false;
  let e = unwrap(expr);
  if (Node.isIdentifier(e)) {
    const decls = symbolOf(e)?.getDeclarations() ?? [];
    const decl = decls.length === 1 ? decls[0] : undefined;
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    if (!init) return false;
    e = unwrap(init);
  }
  if (!Node.isNewExpression(e)) return false;
  const callee = e.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  return !CORE_STREAM_CLASSES.has(name);
}

/** Whether `expr` is returned by `fn`: `return expr`, an arrow's expression body, or a variable `fn` returns. */
function returnedBy(expr: Node, fn: FunctionLike): boolean {
  let node = expr;
  let parent = node.getParent();
  while (parent && Node.isParenthesizedExpression(parent)) {
    node = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if (Node.isReturnStatement(parent)) return enclosingFunction(parent) === fn;
  if (Node.isArrowFunction(parent) && parent === fn && parent.getBody() === node) return true;
  // `const c = socket.pipe(w)` or `c = socket.pipe(w)` (a `var` declared earlier), then `return c`.
  let name: Node | undefined = Node.isIdentifier(expr) ? expr : undefined;
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) name = parent.getNameNode();
  else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === node) {
    name = parent.getLeft();
  }
  if (!name || !Node.isIdentifier(name)) return false;
  const symbol = symbolOf(name);
  if (!symbol) return false;
  return descendantsOfKind(fn, SyntaxKind.ReturnStatement).some((r) => {
    const returned = r.getExpression();
    return enclosingFunction(r) === fn && returned !== undefined && Node.isIdentifier(unwrap(returned)) && symbolOf(unwrap(returned)) === symbol;
  });
}

/**
 * `const c = socket.pipe(new Connection()); return c`: the socket goes into a wrapper object that
 * the function hands back. A writable learns its source from the 'pipe' event, so the caller gets
 * the socket with the wrapper and owns its lifetime.
 */
export function pipedIntoReturnedWrapper(analysis: FileAnalysis, value: TrackedValue): boolean {
  const fn = enclosingFunction(value.node);
  if (!fn || value.origin !== 'created') return false;
  return analysis.methodCalls(value, 'pipe').some((call) => {
    const dest = call.getArguments()[0];
    if (!isWrapperConstruction(dest) || enclosingFunction(call) !== fn) return false;
    return returnedBy(call, fn) || (Node.isIdentifier(unwrap(dest)) && returnedBy(unwrap(dest), fn));
  });
}

const CLOSING_METHODS = new Set(['destroy', 'end', 'close', 'abort']);

/**
 * `return { reset: () => socket.destroy(), send }`, `return () => response.destroy()`: the function
 * that made the value hands its caller a way to close it, and with it the value's lifetime. The
 * caller decides when it has waited too long (smoldot's connection handle, run by its owner's
 * protocol timers; webpack's lazy-compilation event stream, closed when the module is disposed).
 * `closes(receiver)` says whether a closing call's receiver is the value (or something that
 * closes it, such as a request's response).
 */
export function closeHandedBack(value: TrackedValue, closes: (receiver: Node) => boolean): boolean {
  const fn = enclosingFunction(value.node);
  if (!fn || value.origin !== 'created') return false;
  const closesIt = (handler: Node): boolean =>
    descendantsOfKind(handler, SyntaxKind.CallExpression).some((call) => {
      const callee = call.getExpression();
      return Node.isPropertyAccessExpression(callee) && CLOSING_METHODS.has(callee.getName()) && closes(callee.getExpression());
    });
  return returnedExpressions(fn).some((returned) => {
    const r = unwrap(returned);
    if (Node.isArrowFunction(r) || Node.isFunctionExpression(r)) return closesIt(r);
    if (!Node.isObjectLiteralExpression(r)) return false;
    return r.getProperties().some((p) => {
      if (Node.isMethodDeclaration(p)) return closesIt(p);
      const init = Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
      return init !== undefined && (Node.isArrowFunction(unwrap(init)) || Node.isFunctionExpression(unwrap(init))) && closesIt(init);
    });
  });
}
