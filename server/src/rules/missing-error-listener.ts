import { Node, SyntaxKind, type FunctionDeclaration } from 'ts-morph';
import {
  ERROR_EMITTER_KINDS,
  HTTP_SERVER_KINDS,
  SERVER_KINDS,
  LISTENER_METHODS,
  SOCKET_KINDS,
  bodyOfParameterOwner,
  callsIn,
  callsNamed,
  halfOpenState,
  creationOptions,
  literalOf,
  optionOf,
  declarationsOf,
  descendantsOfKind,
  moduleBindingOf,
  moduleMemberOf,
  readableValue,
  returnedExpressions,
  calleeAcrossFiles,
  everyConstructionListensForErrors,
  listensForErrorsOnParameter,
  projectCodeUnread,
  enclosingFunction,
  isServerRequest,
  isServerResponse,
  methodName,
  resolveFunction,
  runsLaterThan,
  homeFunctions,
  identifiersNamed,
  symbolOf,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
  type ValueProbe,
  isUntyped,
} from '../core/analysis';
import { appendToChain, enclosingStatement, insertAfterStatement, insertAtBodyStart, styleOf } from '../core/fixBuilders';
import { testPeers } from '../core/requestAddress';
import { defineRule, type Fix } from '../core/rule';

/**
 * A request whose agent never hands it a socket: agent-base's `new Agent((req, opts, fn) => …)`
 * whose callback neither calls `fn` nor returns a socket or promise (agent-base's tests of the
 * options it is given). The request never connects, so it has nothing to fail.
 */
function agentNeverConnects(value: TrackedValue): boolean {
  if (value.kind !== 'clientRequest') return false;
  const agent = optionOf(creationOptions(value), 'agent');
  if (agent.state !== 'set') return false;
  const given = unwrap(agent.value);
  const made = Node.isIdentifier(given) ? readableValue(given)?.value : given;
  if (!made || !Node.isNewExpression(made)) return false;
  const ctor = unwrap(made.getExpression());
  const module = (Node.isIdentifier(ctor) ? moduleBindingOf(ctor) : moduleMemberOf(ctor))?.module;
  if (module !== 'agent-base' && !module?.startsWith('.')) return false;
  const [callback] = made.getArguments();
  const fn = callback && resolveFunction(unwrap(callback));
  const handOut = fn?.getParameters()[2];
  const body = fn?.getBody();
  if (!fn || !handOut || !body || !Node.isIdentifier(handOut.getNameNode())) return false;
  const inBody = (id: { pos: number; end: number }) => id.pos >= body.getPos() && id.end <= body.getEnd();
  return identifiersNamed(body, handOut.getName(), inBody).length === 0 && returnedExpressions(fn).length === 0;
}

/** What the inserted listener does with the error, by the kind of value and where it lives. */
function handlerBody(value: TrackedValue, name: string, connecting = false): string[] {
  if (SERVER_KINDS.has(value.kind)) return [`console.error('server error:', err);`];
  // Inside a request handler the client is waiting: answer it, or the crash becomes a hang.
  const res = enclosingResponse(value.node);
  const answer = res ? [`if (!${res}.headersSent) ${res}.statusCode = 502;`, `${res}.end();`] : [];
  if (value.kind === 'clientRequest') {
    const reject = enclosingPromiseReject(value.node);
    if (reject) return [`${reject}(err);`];
    const callback = enclosingCallback(value.node);
    if (callback) return [`${callback}(err);`];
    return [`console.error('request failed:', err.message);`, ...answer];
  }
  // A connection that failed is the caller's error: the one waiting for it hears of it.
  const waiting = connecting ? (enclosingPromiseReject(value.node) ?? enclosingCallback(value.node)) : undefined;
  if (waiting) return [`${name}.destroy();`, `${waiting}(err);`];
  return [`console.error('socket error:', err.message);`, `${name}.destroy();`, ...answer];
}

/** The response parameter of the request handler (`(req, res) => …`) the node is in, if any. */
function enclosingResponse(node: Node): string | undefined {
  for (const fn of node.getAncestors()) {
    if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn) && !Node.isFunctionDeclaration(fn)) continue;
    const [req, res] = fn.getParameters();
    if (!req || !res || !Node.isIdentifier(req.getNameNode()) || !Node.isIdentifier(res.getNameNode())) continue;
    if (isServerRequest(req.getNameNode()) && isServerResponse(res.getNameNode())) return res.getName();
  }
  return undefined;
}

function enclosingPromiseReject(node: Node): string | undefined {
  for (const fn of node.getAncestors()) {
    if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) continue;
    const parent = fn.getParent();
    if (parent && Node.isNewExpression(parent) && parent.getExpression().getText() === 'Promise') {
      const reject = fn.getParameters()[1];
      return reject && Node.isIdentifier(reject.getNameNode()) ? reject.getName() : undefined;
    }
  }
  return undefined;
}

const CALLBACK_NAMES = new Set(['cb', 'callback', 'done', 'next', 'fn']);

function enclosingCallback(node: Node): string | undefined {
  const fn = node.getFirstAncestor(
    (a) => Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a) || Node.isArrowFunction(a) || Node.isMethodDeclaration(a),
  );
  if (!fn || !('getParameters' in fn)) return undefined;
  const params = (fn as unknown as { getParameters(): Array<{ getName(): string }> }).getParameters();
  const last = params[params.length - 1];
  return last && CALLBACK_NAMES.has(last.getName()) ? last.getName() : undefined;
}

function listenerLines(name: string, body: string[]): string[] {
  return [`${name}.on('error', (err) => {`, ...body.map((l) => `  ${l}`), `});`];
}

function buildFix(value: TrackedValue, connecting: boolean): Fix | undefined {
  const title = `Add an 'error' listener`;
  if (value.origin === 'accepted') {
    const body = bodyOfParameterOwner(value.node);
    const edit = value.name && body ? insertAtBodyStart(body, listenerLines(value.name, handlerBody(value, value.name))) : undefined;
    return edit && { title, edits: [edit] };
  }
  if (value.name && value.statement) {
    // Only after a statement of a statement list: after `if (c) s = tls.connect()` the line would end the `if` before its `else`.
    if (!inStatementList(value.statement)) return undefined;
    return { title, edits: [insertAfterStatement(value.statement, listenerLines(value.name, handlerBody(value, value.name, connecting)))] };
  }
  // An unnamed value used only as an expression statement: append the listener to the chain.
  const statement = enclosingStatement(value.node);
  if (statement && Node.isExpressionStatement(statement)) {
    const expr = statement.getExpression();
    const style = styleOf(value.node.getSourceFile());
    const body = handlerBody(value, 'this').filter((l) => !l.startsWith('this.'));
    const q = style.quote;
    const text = `.on(${q}error${q}, (err) => { ${body
      .join(' ')
      .replace(/'/g, q)
      .replace(/;$/, style.semi ? ';' : '')} })`;
    return { title, edits: [appendToChain(expr, text)] };
  }
  return undefined;
}

function inStatementList(statement: Node): boolean {
  const parent = statement.getParent();
  return (
    parent !== undefined &&
    (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent) || Node.isModuleBlock(parent))
  );
}

/** The function a value arrives in: an accepted value's listener, a created value's enclosing function (or the file). */
function homeOf(value: TrackedValue): Node {
  if (value.origin === 'accepted') return value.node.getParentOrThrow();
  return enclosingFunction(value.node) ?? value.node.getSourceFile();
}

/**
 * Whether every 'error' listener of the value is added in a later turn than the value arrives in
 * (`proxyReq.on('upgrade', () => socket.on('error', …))`, `s.on('connect', () => s.on('error', …))`):
 * until then a reset or a refused connection has no listener.
 */
function listensOnlyLater(analysis: FileAnalysis, value: ValueProbe, home: Node): boolean {
  if (value.uses.handledBy.length > 0) return false;
  const listeners = analysis.listeners(value, 'error');
  const created = 'origin' in value && value.origin === 'created' ? (value as TrackedValue) : undefined;
  const since = created ? (connectedAt(analysis, created, home) ?? created.node.getEnd()) : undefined;
  return listeners.length > 0 && listeners.every((l) => !l.transient && runsLaterThan(l.call, home, since, value, (fn) => analysis.localCallSites(fn)));
}

/**
 * Where an unconnected `new net.Socket()` starts to connect: it emits nothing before its first
 * `connect()` in the function it is made in, so a listener added before that is in time, awaits or
 * not (mongodb's KMS socket: listened to after an await, connected after the listener). Undefined
 * when the socket may already be open (`{ fd }`, `{ handle }`, options not written out) or is not
 * connected there.
 */
function connectedAt(analysis: FileAnalysis, value: TrackedValue, home: Node): number | undefined {
  if (value.factory !== 'new net.Socket' || !Node.isNewExpression(value.node)) return undefined;
  const [options, ...rest] = value.node.getArguments();
  if (rest.length > 0) return undefined;
  if (options && !(Node.isObjectLiteralExpression(options) && !options.getProperty('fd') && !options.getProperty('handle'))) return undefined;
  const starts = analysis
    .methodCalls(value, 'connect')
    .filter((call) => (enclosingFunction(call) ?? call.getSourceFile()) === home && call.getStart() > value.node.getEnd())
    .map((call) => call.getStart());
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/**
 * Whether the emit that hands the value to its listener also hands it to a listener the caller
 * supplied (`this.on('connection', connectionListener); if (clientListener) this.on('connection',
 * clientListener)`, smtp's Server): that code gets it in the same turn and may listen for errors.
 */
function alsoGivenToCallersListener(value: TrackedValue, sourceFile: Node): boolean {
  if (value.origin !== 'accepted') return false;
  const fn = value.node.getParent();
  const registrations = callsNamed(sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS).flatMap((call) => {
    const callee = call.getExpression();
    const [event, handler] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !event || !Node.isStringLiteral(event) || !handler) return [];
    return [{ receiver: callee.getExpression().getText(), event: event.getLiteralValue(), handler }];
  });
  return registrations.some(
    (own) =>
      resolveFunction(own.handler) === fn &&
      registrations.some((other) => {
        if (other === own || other.receiver !== own.receiver || other.event !== own.event || !Node.isIdentifier(other.handler)) return false;
        return declarationsOf(other.handler).some((d) => Node.isParameterDeclaration(d));
      }),
  );
}

/**
 * Whether the server whose 'upgrade'/'connect' listener received the value gives every connection an
 * 'error' listener in its 'connection' listener: the same socket, already covered. The server is the
 * tracked one, or the receiver (by its text, `this.server`) of the listener's registration.
 */
function listensOnConnections(analysis: FileAnalysis, value: TrackedValue, sourceFile: Node): boolean {
  if (value.server && analysis.values.some((v) => v.server === value.server && v.via === 'connection' && analysis.handlesErrors(v))) return true;
  const fn = value.node.getParent();
  const registrations = callsNamed(sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS);
  const receivers = new Set<string>();
  for (const call of registrations) {
    const handler = call.getArguments()[1];
    const callee = call.getExpression();
    if (handler && Node.isPropertyAccessExpression(callee) && resolveFunction(handler) === fn) receivers.add(callee.getExpression().getText());
  }
  const listenedOnConnection = registrations.some((call) => {
    const callee = call.getExpression();
    const [event, handler] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !receivers.has(callee.getExpression().getText()) || !event || !handler) return false;
    if (!Node.isStringLiteral(event) || (event.getLiteralValue() !== 'connection' && event.getLiteralValue() !== 'secureConnection')) return false;
    const param = resolveFunction(handler)?.getParameters()[0];
    return param !== undefined && analysis.listeners(analysis.probe(param.getNameNode(), true), 'error').length > 0;
  });
  return listenedOnConnection || fedListenedConnections(analysis, sourceFile, receivers);
}

/**
 * A server that never listens itself and gets every connection from this code, each already
 * listened to for errors: `(isHttp2 ? http2Server : http1Server).emit('connection', socket)` after
 * `socket.on('error', …)`, in a protocol-sniffing front server (httpolyglot's, kassette's).
 */
function fedListenedConnections(analysis: FileAnalysis, sourceFile: Node, receivers: Set<string>): boolean {
  const listens = callsNamed(sourceFile, SyntaxKind.CallExpression, new Set(['listen'])).some((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && receivers.has(unwrap(callee.getExpression()).getText());
  });
  if (listens) return false;
  const feeds = callsNamed(sourceFile, SyntaxKind.CallExpression, new Set(['emit'])).filter((call) => {
    const callee = call.getExpression();
    const [event] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'connection') return false;
    const target = unwrap(callee.getExpression());
    const servers = Node.isConditionalExpression(target) ? [target.getWhenTrue(), target.getWhenFalse()] : [target];
    return servers.some((server) => receivers.has(unwrap(server).getText()));
  });
  return (
    feeds.length > 0 &&
    feeds.every((call) => {
      const socket = call.getArguments()[1];
      return socket !== undefined && analysis.listeners(analysis.probe(socket, true), 'error').length > 0;
    })
  );
}

/**
 * An `if`/`else` in the function the value arrives in whose one branch listens for its errors (there,
 * or in a same-file function it calls) while the other works with it (writes, pipes, ends it — also
 * in a timer) and neither listens nor hands it on: on that path a reset crashes the process
 * (safe-chain's direct tunnel next to its proxied one). Only when no listener is added outside the
 * branches. Returned: the parameter of the function that path calls, where the listener belongs,
 * or the first use on that path.
 */
function unlistenedBranch(analysis: FileAnalysis, value: TrackedValue): Node | undefined {
  const home = homeOf(value);
  if (!Node.isFunctionDeclaration(home) && !Node.isFunctionExpression(home) && !Node.isArrowFunction(home) && !Node.isMethodDeclaration(home)) return undefined;
  const listeners = analysis.listeners(value, 'error');
  if (listeners.length === 0 || value.uses.handledBy.length > 0) return undefined;
  for (const branchIf of descendantsOfKind(home, SyntaxKind.IfStatement)) {
    const otherwise = branchIf.getElseStatement();
    if (!otherwise || enclosingFunction(branchIf) !== home) continue;
    const reach = [branchIf.getThenStatement(), otherwise].map((branch) => reachedFrom(branch));
    const inside = (node: Node, nodes: Node[]) => nodes.some((n) => n === node || node.getAncestors().includes(n));
    // Every listener must sit on one of the two paths, so the other path has none.
    if (!listeners.every((l) => reach.some((nodes) => inside(l.call, nodes)))) continue;
    for (const [i, nodes] of reach.entries()) {
      if (listeners.some((l) => inside(l.call, nodes))) continue;
      if (!listeners.some((l) => inside(l.call, reach[1 - i]))) continue;
      if (value.uses.escapes.some((e) => inside(e, nodes))) continue;
      const use = value.uses.calls.find((c) => inside(c, nodes) && WORK_METHODS.has(methodName(c) ?? '') && sameInvocation(c, home, nodes));
      if (!use) continue;
      // In a function that path calls: its parameter receiving the value, where a listener belongs.
      const fn = nodes.slice(1).find((n) => use.getAncestors().includes(n)) as FunctionLike | undefined;
      const param = fn?.getParameters().find((p) => {
        const symbol = p.getNameNode().getSymbol();
        return symbol !== undefined && [...value.uses.symbols].some((s) => s.compilerSymbol === symbol.compilerSymbol);
      });
      return param ?? use;
    }
  }
  return undefined;
}

/**
 * Whether a call works with the value made by this run of `home`: its receiver is a variable of
 * `home` or a parameter of a function the path calls. A field (`this.stream.write(…)`) may hold a
 * socket an earlier run made and listened to (nats: each run of its parser reaches the field's
 * writes, while only the run that switches to TLS creates a socket there).
 */
function sameInvocation(call: Node, home: Node, reached: Node[]): boolean {
  const callee = Node.isCallExpression(call) ? call.getExpression() : undefined;
  const receiver = callee && Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
  if (!receiver || !Node.isIdentifier(receiver)) return false;
  return declarationsOf(receiver).some((d) => {
    const owner = enclosingFunction(d);
    return owner === home || (Node.isParameterDeclaration(d) && owner !== undefined && reached.includes(owner));
  });
}

/** Methods that work with a socket (and so meet its errors). */
const WORK_METHODS = new Set(['write', 'end', 'pipe', 'unshift', 'resume', 'cork']);

/** A branch and the same-file functions called from it (three calls deep). */
function reachedFrom(branch: Node): Node[] {
  const found: Node[] = [branch];
  const queue: Array<[Node, number]> = [[branch, 0]];
  while (queue.length > 0) {
    const [node, depth] = queue.shift()!;
    if (depth >= 3) continue;
    for (const call of callsIn(node)) {
      const fn = resolveFunction(call.getExpression());
      if (fn && !found.includes(fn) && !fn.getAncestors().includes(branch)) {
        found.push(fn);
        queue.push([fn, depth + 1]);
      }
    }
  }
  return found;
}

/** Methods that show an untyped parameter is a stream this function works with. */
const STREAM_USES = new Set(['write', 'pipe', 'unshift', 'setTimeout', 'setNoDelay', 'setKeepAlive']);

/**
 * Socket parameters whose function works with them at once but adds their only 'error' listener
 * later, in another emitter's callback (httpxy's and http-proxy's WebSocket pass: the client socket
 * is listened to only once the upstream upgrade arrives). The function takes charge of the socket's
 * errors, too late. Reported at the parameter.
 */
function lateListenedParameters(analysis: FileAnalysis, sourceFile: Node): Node[] {
  const found = new Set<Node>();
  for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS)) {
    const callee = call.getExpression();
    const [event] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'error') continue;
    const receiver = callee.getExpression();
    if (!Node.isIdentifier(receiver)) continue;
    const decl = receiver.getSymbol()?.getDeclarations()[0];
    if (!decl || !Node.isParameterDeclaration(decl) || found.has(decl) || analysis.valueOf(receiver)) continue;
    const fn = decl.getParent();
    if (!fn || enclosingFunction(call) === fn) continue;
    const kind = analysis.kindOf(receiver);
    if (kind ? !SOCKET_KINDS.has(kind) : !isUntyped(receiver)) continue;
    const probe = analysis.probe(decl.getNameNode(), true);
    // Without a type, the use decides: the function writes to it, pipes it or puts data back into it.
    const usedAtOnce = probe.uses.calls.some((c) => enclosingFunction(c) === fn && (kind !== undefined || STREAM_USES.has(methodName(c) ?? '')));
    if (usedAtOnce && analysis.escapes(probe) === false && listensOnlyLater(analysis, probe, fn)) found.add(decl);
  }
  return [...found];
}

/**
 * Where every 'error' listener of the value is taken off and none is put back: `s.removeAllListeners()`,
 * `s.removeAllListeners('error')`, `s._events = {}` (old cleanup code). The socket can still fail
 * (a write flushing on `end()`, a reset) and the error then has nobody. Not when, in the same
 * function, the socket is destroyed (it emits no more errors), gets an 'error' listener after the
 * removal (there or in a same-file function called there), or is handed on (`resolve(s)`, `return
 * s`, `new Conn(s)`: its next owner listens); nor inside its own 'close' or 'error' listener (or
 * a request's 'upgrade'/'connect' listener: the socket has moved on), nor in a socket's 'end'
 * listener unless it is half-open (it closes right after), nor in the 'end'/'close' listener of a
 * request's own response.
 */
function errorListenerRemovals(analysis: FileAnalysis, value: TrackedValue): Node[] {
  const removals: Node[] = [];
  for (const call of value.uses.calls) {
    if (methodName(call) !== 'removeAllListeners' || !Node.isCallExpression(call)) continue;
    const [event] = call.getArguments();
    if (event && !(Node.isStringLiteral(event) && event.getLiteralValue() === 'error')) continue;
    removals.push(call);
  }
  for (const assignment of value.uses.assignments) {
    if (assignment.property === '_events' && Node.isObjectLiteralExpression(assignment.value)) removals.push(assignment.node);
  }
  const byName = lastListenerRemovals(analysis, value);
  removals.push(...byName);
  // (Most values have no removal: nothing below is needed for them.)
  if (removals.length === 0) return [];
  const errorListeners = analysis.listeners(value, 'error');
  const doneEvents = value.kind === 'clientRequest' ? ['close', 'error', 'upgrade', 'connect'] : ['close', 'error'];
  // After the peer's FIN a socket that is not half-open ends its own side and closes (ads-client).
  if (SOCKET_KINDS.has(value.kind) && halfOpenState(value) === false) doneEvents.push('end');
  const doneListeners = doneEvents.flatMap((event) => analysis.listeners(value, event));
  // Listeners nothing takes off by name: one added in a function of its own (a stream source's
  // `start()`, a method), not where the value arrives, may come back after the removal, whenever
  // that function runs.
  const removedByName = new Set<object | undefined>(
    errorRemovalsByName(value)
      .map(handlerOf)
      .filter((k) => k !== undefined),
  );
  const arrival = homeFunctions(value);
  const keptElsewhere = (removal: Node): boolean =>
    errorListeners.some((l) => {
      const home = enclosingFunction(l.call);
      if (l.transient || home === undefined || arrival.has(home) || removal.getAncestors().includes(home)) return false;
      return !removedByName.has(handlerOf(l.call));
    });
  const left = removals.filter((removal) => {
    const fn = enclosingFunction(removal);
    if (keptElsewhere(removal)) return false;
    // In a generic helper the value is handed to (`removeAllListeners(this._socket)`), what follows the call counts too.
    const points = [removal, ...helperCallsWith(value, fn)];
    const after = (node: Node) => points.some((p) => enclosingFunction(node) === enclosingFunction(p) && node.getStart() > p.getEnd());
    if (value.uses.calls.some((c) => (methodName(c) === 'destroy' || methodName(c) === 'terminate') && enclosingFunction(c) === fn)) return false;
    if (errorListeners.some((l) => after(l.call) || calledAfter(l.call, fn, removal))) return false;
    if (value.uses.references.some((ref) => after(ref) && handsOn(ref))) return false;
    if (value.kind === 'clientRequest' && inResponseEnd(analysis, value, removal)) return false;
    const insideDone = (p: Node) => doneListeners.some((l) => p.getAncestors().some((a) => a === l.call || a === l.handler));
    // `ws.on('close', () => this.reconnect())` with the removal in `reconnect()`: the function runs only once the socket is done.
    const callers = onlyCallsOf(fn);
    if (callers.length > 0 && callers.every(insideDone)) return false;
    return !points.some(insideDone);
  });
  // One report for the removals by name: a listener kept after the first keeps the socket listened to after the others.
  const firstByName = left.find((r) => byName.includes(r as import('ts-morph').CallExpression));
  return left.filter((r) => !byName.includes(r as import('ts-morph').CallExpression) || r === firstByName);
}

/**
 * The file's calls of a named function or method (`this.reconnect()`), when every mention of its
 * name is such a call; none when it is also passed around (`setTimeout(this.reconnect, 10)`), whose
 * runs the file cannot place. Unlike `localCallSites`, a method of an exported class still has its
 * calls here: a client class is exported to be used, and its reconnect logic is its own.
 */
function onlyCallsOf(fn: Node | undefined): Node[] {
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn))) return [];
  const name = fn.getName();
  const nameNode = fn.getNameNode();
  if (!name || !nameNode) return [];
  const calls: Node[] = [];
  for (const id of identifiersNamed(fn.getSourceFile(), name)) {
    if (id === nameNode) continue;
    const parent = id.getParent();
    const callee = parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id ? parent : id;
    const call = callee.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== callee || resolveFunction(callee) !== fn) return [];
    calls.push(call);
  }
  return calls;
}

/**
 * The calls of a same-file helper that this value is handed to as an argument (`removeAllListeners(this._socket)`
 * of ws's old `function removeAllListeners(instance) { … }`): its removals happen where it is called.
 */
function helperCallsWith(value: TrackedValue, helper: Node | undefined): Node[] {
  if (!helper) return [];
  return value.uses.references.flatMap((ref) => {
    // `removeAllListeners(isNodeV4 ? agent : req)`: one of the values the argument may be.
    let arg: Node = ref;
    for (
      let up = arg.getParent();
      up && (Node.isParenthesizedExpression(up) || (Node.isConditionalExpression(up) && up.getCondition() !== arg));
      up = up.getParent()
    )
      arg = up;
    const call = arg.getParent();
    return call && Node.isCallExpression(call) && call.getArguments().includes(arg as never) && resolveFunction(call.getExpression()) === helper ? [call] : [];
  });
}

/**
 * A removal in an `'end'` (or `'close'`) listener of the request's own response (node-onvif): the
 * whole response has been read, and the socket goes back to the agent, whose free-socket listener
 * takes its errors, or is closing.
 */
function inResponseEnd(analysis: FileAnalysis, request: TrackedValue, removal: Node): boolean {
  const node = request.node;
  const callbacks = (Node.isCallExpression(node) ? node.getArguments() : []).flatMap((arg) => resolveFunction(arg) ?? []);
  for (const l of analysis.listeners(request, 'response')) if (l.handler) callbacks.push(l.handler);
  const responses = new Set<Node>(callbacks.flatMap((fn) => fn.getParameters().slice(0, 1)));
  if (responses.size === 0) return false;
  return removal.getAncestors().some((a) => {
    if (!Node.isCallExpression(a)) return false;
    const callee = a.getExpression();
    const [event] = a.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName()) || !event || !Node.isStringLiteral(event)) return false;
    if (event.getLiteralValue() !== 'end' && event.getLiteralValue() !== 'close') return false;
    const receiver = callee.getExpression();
    const decl = Node.isIdentifier(receiver) ? symbolOf(receiver)?.getDeclarations()[0] : undefined;
    return decl !== undefined && responses.has(decl);
  });
}

/**
 * `s.removeListener('error', onError)` / `s.off('error', onError)` when every 'error' listener this
 * code adds is taken off again somewhere (a per-command listener, removed with the reply; a
 * connect-time `once('error', reject)`): between commands nothing listens (rcon-srcds).
 */
function lastListenerRemovals(analysis: FileAnalysis, value: TrackedValue): Node[] {
  // Handed on (returned, stored elsewhere, given to other code): the taker may listen from then on.
  if (analysis.escapes(value)) return [];
  // Every listener (a `once` one too: it stays until an error comes) must be removed by name.
  const lasting = analysis.listeners(value, 'error').filter((l) => !l.transient);
  if (lasting.length === 0) return [];
  const removals = errorRemovalsByName(value);
  const removed = new Set(removals.map(handlerOf).filter((f) => f !== undefined));
  const lastingKeys = lasting.map((l) => handlerOf(l.call));
  if (lastingKeys.some((k) => k === undefined || !removed.has(k))) return [];
  return removals.filter((r) => lastingKeys.includes(handlerOf(r)));
}

/**
 * Accepted by a `pauseOnConnect: true` server and handed on (node-opcua's endpoint gives it to a
 * channel): nothing is read, so no reset is noticed, until it is resumed. Not read here, and handed
 * on in the same turn as each resume() here (or never resumed here: the taker resumes it), the
 * taker's listener is in time.
 */
function pausedUntilHandedOn(analysis: FileAnalysis, value: TrackedValue): boolean {
  // One value for all of the server's 'connection' listeners (the value model merges them): one
  // that only keeps track of the socket (node-opcua's `#acceptedSockets.add(socket)`) adds its uses.
  if (value.origin !== 'accepted' || !value.server || value.uses.escapes.length === 0) return false;
  const option = optionOf(creationOptions(value), 'pauseOnConnect');
  if (option.state !== 'set' || literalOf(option.value) !== true) return false;
  if (['data', 'readable'].some((e) => analysis.listeners(value, e).length > 0)) return false;
  if (['pipe', 'write', 'read'].some((m) => analysis.methodCalls(value, m).length > 0)) return false;
  return analysis.methodCalls(value, 'resume').every((resume) => {
    const fn = enclosingFunction(resume);
    return value.uses.escapes.some(
      (e) =>
        enclosingFunction(e) === fn &&
        e.getStart() > resume.getEnd() &&
        !descendantsOfKind(fn ?? resume.getSourceFile(), SyntaxKind.AwaitExpression).some((a) => a.getStart() > resume.getEnd() && a.getEnd() <= e.getStart()),
    );
  });
}

/** `x.off('error', f)` / `x.removeListener('error', f)` calls on the value. */
function errorRemovalsByName(value: TrackedValue): import('ts-morph').CallExpression[] {
  return value.uses.calls.filter((call): call is import('ts-morph').CallExpression => {
    if (!Node.isCallExpression(call) || !['removeListener', 'off'].includes(methodName(call) ?? '')) return false;
    const [event] = call.getArguments();
    return event !== undefined && Node.isStringLiteral(event) && event.getLiteralValue() === 'error';
  });
}

/** What a listener call's handler argument is: the function it names, or else the variable (a promise's `reject`). */
function handlerOf(call: import('ts-morph').CallExpression): object | undefined {
  const handler = call.getArguments()[1];
  if (!handler) return undefined;
  return resolveFunction(handler) ?? (Node.isIdentifier(handler) ? handler.getSymbol() : undefined);
}

/** Whether `node` is inside a same-file function that `fn` calls after `removal`. */
function calledAfter(node: Node, fn: Node | undefined, removal: Node): boolean {
  if (!fn) return false;
  return callsIn(fn).some((call) => {
    if (call.getStart() <= removal.getEnd() || enclosingFunction(call) !== fn) return false;
    const callee = resolveFunction(call.getExpression());
    return callee !== undefined && node.getAncestors().includes(callee);
  });
}

/**
 * A reference that gives the value to other code: an argument, a constructor's argument, a return —
 * also inside an object or array literal given so (`resolve({ socket })`, `tls.connect({ socket })`).
 */
function handsOn(ref: Node): boolean {
  let parent = ref.getParent();
  while (
    parent &&
    (Node.isShorthandPropertyAssignment(parent) ||
      Node.isPropertyAssignment(parent) ||
      Node.isObjectLiteralExpression(parent) ||
      Node.isArrayLiteralExpression(parent) ||
      Node.isParenthesizedExpression(parent))
  ) {
    ref = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if ((Node.isCallExpression(parent) || Node.isNewExpression(parent)) && (parent.getArguments() as Node[]).includes(ref)) return true;
  return Node.isReturnStatement(parent);
}

/** Events whose listeners make this code the value's consumer: what it reads and how it ends. */
const CONSUMING_EVENTS = ['message', 'data', 'close', 'end'];

/** What this code does with the value's input: "its 'message' and 'close' events", "its data (pipe)". */
function consumption(analysis: FileAnalysis, value: ValueProbe): string | undefined {
  // (`await once(ws, 'message')` listens for 'error' too while it waits.)
  const events = CONSUMING_EVENTS.filter((event) => analysis.listeners(value, event).some((l) => !l.transient));
  if (events.length > 0) return `its ${events.map((e) => `'${e}'`).join(' and ')} events`;
  return analysis.methodCalls(value, 'pipe').length > 0 ? 'its data (pipe)' : undefined;
}

/**
 * A value whose messages or end this code listens for, and which is otherwise only passed as an
 * argument to functions it calls (`send(client, msg)`, `rooms.join(client)`): this code consumes
 * the connection, so its errors are this code's too. Returned, emitted, stored in someone else's
 * object or given to a callback, it is handed on, and the taker may listen.
 */
function consumedHere(analysis: FileAnalysis, value: ValueProbe): boolean {
  if (!consumption(analysis, value)) return false;
  return value.uses.escapes.every((escape) => {
    // A getter's `return this.webSocket` shows the connection; the class still owns its events.
    if (Node.isReturnStatement(escape)) return isOwnField(escape.getExpression());
    // `const { localPort, remoteAddress } = socket` reads it.
    if (Node.isVariableDeclaration(escape) && Node.isObjectBindingPattern(escape.getNameNode())) return true;
    // `bot.ws = ws` keeps it where `bot.setSocket(ws)` would: the holder reads it, this code consumes it.
    if (Node.isBinaryExpression(escape)) return storedInHolder(escape);
    if (!Node.isCallExpression(escape) && !Node.isNewExpression(escape)) return false;
    const callee = escape.getExpression();
    // A function whose source the program holds (another file of the project) and that listens itself.
    const index = (escape.getArguments() as Node[]).findIndex((arg) => analysis.denotes(arg, value));
    const target = index >= 0 ? calleeAcrossFiles(escape) : undefined;
    if (target && listensForErrorsOnParameter(target, index)) return false;
    if (projectCodeUnread(escape)) return false;
    // A library's function (`ws.createWebSocketStream(socket)`) may listen: it is written for that.
    const library = moduleMemberOf(callee);
    if (library && !library.module.startsWith('.')) return false;
    if (Node.isPropertyAccessExpression(callee)) return !['emit', 'resolve', 'call', 'apply'].includes(callee.getName());
    if (!Node.isIdentifier(callee)) return false;
    // A parameter (or what one gives: `SocketConnection = classes.SocketConnection`) is the caller's code.
    return !givenByCaller(callee);
  });
}

/**
 * `holder.prop = value` on an object of this code's making (`const bot = controller.spawn()`,
 * `new Peer()`), not an export, and with no `….prop.on('error', …)` anywhere in the file: the
 * holder keeps the connection, it does not take over its events.
 */
function storedInHolder(assignment: import('ts-morph').BinaryExpression): boolean {
  if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return false;
  const left = assignment.getLeft();
  if (!Node.isPropertyAccessExpression(left)) return false;
  const holder = left.getExpression();
  if (!Node.isIdentifier(holder)) return false;
  const made = declarationsOf(holder).every((d) => {
    if (!Node.isVariableDeclaration(d)) return false;
    const init = d.getInitializer();
    return init !== undefined && (Node.isCallExpression(init) || Node.isNewExpression(init)) && !d.getVariableStatement()?.isExported();
  });
  if (!made || declarationsOf(holder).length === 0) return false;
  const listened = new RegExp(
    `\\.\\s*${left.getName().replace(/\$/g, '\\$')}\\s*\\.\\s*(?:on|once|addListener|prependListener|prependOnceListener)\\s*\\(\\s*['"\`]error`,
  );
  return !listened.test(assignment.getSourceFile().getFullText());
}

function givenByCaller(id: Node, depth = 0): boolean {
  return declarationsOf(id).some((d) => {
    if (Node.isParameterDeclaration(d)) return true;
    const init = Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
    let root = init;
    while (root && Node.isPropertyAccessExpression(root)) root = root.getExpression();
    return depth < 2 && root !== undefined && root !== init && Node.isIdentifier(root) && givenByCaller(root, depth + 1);
  });
}

function isOwnField(expr: Node | undefined): boolean {
  return expr !== undefined && Node.isPropertyAccessExpression(expr) && expr.getExpression().getKind() === SyntaxKind.ThisKeyword;
}

/**
 * `s.once('error', h)` as the only way errors are listened to, on a socket this code itself makes
 * emit 'error' (`s.once('timeout', () => s.emit('error', …))`): the emitted error uses the listener
 * up without destroying the socket, and its next error — a reset — crashes the process (Haraka).
 */
function usedUpOnceListeners(analysis: FileAnalysis, sourceFile: Node): Node[] {
  const found: Node[] = [];
  const seen = new Set<ValueProbe>();
  for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, new Set(['once']))) {
    const callee = call.getExpression();
    const [event, handler] = call.getArguments();
    if (
      !Node.isPropertyAccessExpression(callee) ||
      callee.getName() !== 'once' ||
      !event ||
      !Node.isStringLiteral(event) ||
      event.getLiteralValue() !== 'error'
    )
      continue;
    const receiver = callee.getExpression();
    if (!Node.isIdentifier(receiver) && !isOwnField(receiver)) continue;
    const kind = analysis.kindOf(receiver);
    // Without a type, only a value named as a connection (`socket`, `this.conn`): not a message stream or a query.
    const named = Node.isPropertyAccessExpression(receiver) ? receiver.getName() : receiver.getText();
    if (kind ? !ERROR_EMITTER_KINDS.has(kind) : !isUntyped(receiver) || !CONNECTION_NAME.test(named)) continue;
    const probe = analysis.valueOf(receiver) ?? analysis.probe(receiver, true);
    if (seen.has(probe)) continue;
    seen.add(probe);
    if (analysis.listeners(probe, 'error').some((l) => l.method !== 'once')) continue;
    // Re-emitted from one of its own listeners (`s.once('timeout', () => s.emit('error', …))`), later;
    // not `s.once('error', noop); s.emit('error', err)`, where the listener is there to take that one.
    const ownHandlers = new Set(probe.uses.listeners.filter((l) => l.event !== 'error').map((l) => l.handler));
    const emitsError = analysis.methodCalls(probe, 'emit').some((c) => {
      const [name] = (c as import('ts-morph').CallExpression).getArguments();
      return name !== undefined && Node.isStringLiteral(name) && name.getLiteralValue() === 'error' && ownHandlers.has(enclosingFunction(c));
    });
    const fn = handler && resolveFunction(handler);
    if (!emitsError || !fn || analysis.closes(fn, [probe as TrackedValue], new Set(['destroy']))) continue;
    found.push(call);
  }
  return found;
}

/** Parameter names that say "a connection": `socket`, `sock`, `conn`, `ws`, `clientSocket`. */
const CONNECTION_NAME = /^(sock|socket|conn|connection|ws|websocket)$|Socket$/;
/**
 * Calls that show an untyped value is a connection this code works with and owns: it writes to,
 * ends, destroys or tunes it. Reading it (`socket.pipe(this)`, `pause`/`resume`) is what a parser
 * given the caller's socket does (httplike), and says nothing about who ends it.
 */
const CONNECTION_USES = new Set([...[...STREAM_USES].filter((m) => m !== 'pipe'), 'end', 'destroy', 'send', 'terminate']);

/**
 * Connections a constructor is given and keeps (`function WebSocketRequest(socket) { this.socket =
 * socket; socket.on('close', …) }`): a class that handles its input or its end and never its
 * errors (WebSocket-Node crashed this way). The parameter must be named as a connection, have no
 * type or a socket's, be used as one, and reach nothing that could listen instead (as consumedHere).
 */
function consumingConstructorParameters(analysis: FileAnalysis, sourceFile: Node): Node[] {
  const found: Node[] = [];
  // Only functions with a parameter named as a connection are worth a closer look (most files have none).
  const takesConnection = (fn: { getParameters(): import('ts-morph').ParameterDeclaration[] }) =>
    fn.getParameters().some((p) => /sock|conn|ws\b|websocket/i.test(p.getNameNode().getText()));
  const functionDeclarations = descendantsOfKind(sourceFile, SyntaxKind.FunctionDeclaration).filter(takesConnection);
  const owners = [
    ...descendantsOfKind(sourceFile, SyntaxKind.Constructor).filter(takesConnection),
    ...functionDeclarations.filter((fn) => /^[A-Z]/.test(fn.getName() ?? '') && assignsThis(fn)),
    ...functionDeclarations.filter((fn) => isConnectionHandler(fn, sourceFile)),
  ];
  for (const owner of owners) {
    for (const param of owner.getParameters()) {
      // `onSocketConnection({ incomingSocket, log })`: a connection among named arguments.
      const pattern = param.getNameNode();
      const names = Node.isObjectBindingPattern(pattern) ? pattern.getElements().map((e) => e.getNameNode()) : [pattern];
      for (const name of names) {
        if (!Node.isIdentifier(name) || !CONNECTION_NAME.test(name.getText()) || analysis.valueOf(name)) continue;
        const kind = analysis.kindOf(name);
        if (kind ? !SOCKET_KINDS.has(kind) && kind !== 'wsWebSocket' : !isUntyped(name)) continue;
        const probe = analysis.probe(name, true);
        // Without a type, the use decides: it is written to, ended, destroyed.
        if (!kind && !probe.uses.calls.some((c) => CONNECTION_USES.has(methodName(c) ?? ''))) continue;
        if (analysis.handlesErrors(probe) || analysis.listeners(probe, 'error').length > 0) continue;
        if (!consumedHere(analysis, probe)) continue;
        // The class's callers (in the files that import it) listen before handing the connection over.
        const ctor = Node.isConstructorDeclaration(owner) ? owner.getParent() : owner;
        if (name === pattern && everyConstructionListensForErrors(ctor, owner.getParameters().indexOf(param))) continue;
        found.push(name === pattern ? param : name);
      }
    }
  }
  return found;
}

/**
 * A function named as a connection listener (`onSocketConnection`, `handleConnection`,
 * `onClient`) that this file never calls: registered out of sight, it receives the connection.
 */
function isConnectionHandler(fn: FunctionDeclaration, sourceFile: Node): boolean {
  const name = fn.getName();
  if (!name || !/^(on|handle)\w*(Connection|Socket|Client)$/.test(name)) return false;
  return !callsNamed(sourceFile, SyntaxKind.CallExpression, new Set([name])).some((c) => c.getExpression().getText() === name);
}

/** An ES5 constructor: it sets fields on `this`. */
function assignsThis(fn: Node): boolean {
  return descendantsOfKind(fn, SyntaxKind.BinaryExpression).some((b) => {
    const left = b.getLeft();
    return (
      b.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
      Node.isPropertyAccessExpression(left) &&
      left.getExpression().getKind() === SyntaxKind.ThisKeyword
    );
  });
}

/**
 * What an unlistened value's 'error' comes from, for the messages: ws handles its socket's resets
 * itself, and its WebSocket emits 'error' for an invalid frame or a failed handshake. `failure` for
 * a first sentence (kept short), `lateFailure` for the `late` message's second one.
 */
function failureWording(kind: string): { noun: string; failure: string; lateFailure: string } {
  return kind === 'wsWebSocket'
    ? { noun: 'WebSocket', failure: 'a bad frame', lateFailure: 'An invalid frame or a failed handshake' }
    : { noun: 'socket', failure: 'a reset', lateFailure: 'A reset or refused connection' };
}

const rule = defineRule({
  meta: {
    id: 'missing-error-listener',
    description: "Sockets, requests and WebSockets this code owns must have an 'error' listener.",
    defaultSeverity: 'error',
    messages: {
      socket: "No 'error' listener on this socket: a peer reset (read ECONNRESET) will crash the process.",
      request: "No 'error' listener on this request: a refused or reset connection will crash the process.",
      websocket: "No 'error' listener on this WebSocket: a bad frame or a failed handshake will crash the process.",
      beforeConnect: "No 'error' listener while this connects: a refused connection (ECONNREFUSED) will crash the process.",
      beforeHandedOn: "No 'error' listener until this is handed on, later: {failure} before then will crash the process.",
      server: "No 'error' listener on this server: a failed listen (EADDRINUSE) will crash the process.",
      onePath: "No 'error' listener on this path, though another path adds one: a reset here will crash the process.",
      consumedHere: "This code handles {what} but not 'error'. A broken connection will crash the process.",
      usedUp: "This once('error') listener is used up by the 'error' this code emits itself. The socket's next error will crash the process.",
      removed: "Every 'error' listener is removed here and none is added back: a later reset will crash the process.",
      late: "The only 'error' listener on this {noun} is added later, in a callback. {lateFailure} before then will crash the process.",
    },
    options: {
      includeServers: {
        type: 'boolean',
        default: false,
        description: 'Also report servers without an error listener (failing fast at start-up is often intended).',
      },
    },
  },
  check(context) {
    const { analysis } = context;
    const peerIsThisTest = testPeers(context.inTest, context.sourceFile, analysis);
    for (const value of analysis.values) {
      const isServer = SERVER_KINDS.has(value.kind);
      if (!ERROR_EMITTER_KINDS.has(value.kind) && !(isServer && context.options.includeServers)) continue;
      // http servers route errors of their connections to 'clientError'; http2 servers add their own 'error' listener.
      // (Not the sockets an http server hands over on 'upgrade'/'connect': Node removes its handling from those.)
      if (value.via === 'connection' && value.server && (HTTP_SERVER_KINDS.has(value.server.kind) || value.server.kind === 'http2Server')) continue;
      // `new tls.TLSSocket(socket, …)` keeps Node's own 'error' listener (it turns errors into
      // '_tlsError' events) until tls.connect() releases control, which this socket never gets.
      if (value.factory === 'new tls.TLSSocket') continue;
      // In a test that starts a server, both ends of a connection to this machine are the test's
      // own program: its server answers or closes, it does not refuse or reset.
      if (peerIsThisTest?.(value)) continue;
      // A port probe closes its server in the listen callback, before any connection is accepted.
      if (value.origin === 'accepted' && value.server && analysis.closedOnListening(value.server)) continue;
      // The same emit also gives it to the caller's own listener, which may listen for its errors.
      if (alsoGivenToCallersListener(value, context.sourceFile)) continue;
      if (pausedUntilHandedOn(analysis, value)) continue;
      if (agentNeverConnects(value)) continue;
      // The socket of 'upgrade'/'connect' is a connection of the server: listened to on 'connection', it is covered.
      if ((value.via === 'upgrade' || value.via === 'connect') && listensOnConnections(analysis, value, context.sourceFile)) continue;
      // (A value also handed to other code at once, returned to its caller, can be listened to there.)
      const handedOnNow = analysis.escapes(value) && !analysis.escapesOnlyLater(value);
      if (ERROR_EMITTER_KINDS.has(value.kind) && !handedOnNow && listensOnlyLater(analysis, value, homeOf(value))) {
        const fix = buildFix(value, false);
        context.report({ node: value.node, messageId: 'late', data: failureWording(value.kind), fixes: fix ? [fix] : [] });
        continue;
      }
      if (!isServer) {
        for (const removal of errorListenerRemovals(analysis, value)) {
          const receiver = Node.isCallExpression(removal) ? removal.getExpression() : (removal as import('ts-morph').BinaryExpression).getLeft();
          const target = Node.isPropertyAccessExpression(receiver) ? receiver.getExpression().getText() : undefined;
          const statement = enclosingStatement(removal);
          const fix =
            target && statement
              ? {
                  title: `Keep an 'error' listener after the cleanup`,
                  edits: [insertAfterStatement(statement, listenerLines(target, [`console.error('socket error after cleanup:', err.message);`]))],
                }
              : undefined;
          context.report({ node: removal, messageId: 'removed', fixes: fix ? [fix] : [] });
        }
      }
      if (!isServer && ERROR_EMITTER_KINDS.has(value.kind)) {
        const bare = unlistenedBranch(analysis, value);
        if (bare) {
          const body = Node.isParameterDeclaration(bare) ? bodyOfParameterOwner(bare) : undefined;
          const name = Node.isParameterDeclaration(bare) ? bare.getName() : undefined;
          const edit =
            body && name ? insertAtBodyStart(body, listenerLines(name, [`console.error('socket error:', err.message);`, `${name}.destroy();`])) : undefined;
          context.report({ node: bare, messageId: 'onePath', fixes: edit ? [{ title: `Add an 'error' listener on this path`, edits: [edit] }] : [] });
          continue;
        }
      }
      if (analysis.handlesErrors(value) || analysis.destroyedAtOnce(value)) continue;
      // Handed to other code only in a later turn: until then nobody listens.
      const escapes = analysis.escapes(value);
      const later = escapes && analysis.escapesOnlyLater(value) && analysis.listeners(value, 'error').length === 0;
      // (A connection's: a server with `includeServers` is not read from.)
      const consumed = escapes && !later && !isServer && consumedHere(analysis, value);
      if (escapes && !later && !consumed) continue;
      const connecting = later && value.origin === 'created' && value.kind !== 'clientRequest';
      const messageId = consumed
        ? 'consumedHere'
        : connecting
          ? 'beforeConnect'
          : later
            ? 'beforeHandedOn'
            : isServer
              ? 'server'
              : value.kind === 'clientRequest'
                ? 'request'
                : value.kind === 'wsWebSocket'
                  ? 'websocket'
                  : 'socket';
      const fix = buildFix(value, connecting);
      const { failure } = failureWording(value.kind);
      context.report({ node: value.node, messageId, data: { what: consumed ? consumption(analysis, value)! : '', failure }, fixes: fix ? [fix] : [] });
    }
    for (const call of usedUpOnceListeners(analysis, context.sourceFile)) {
      const callee = (call as import('ts-morph').CallExpression).getExpression() as import('ts-morph').PropertyAccessExpression;
      const name = callee.getNameNode();
      context.report({
        node: call,
        messageId: 'usedUp',
        fixes: [{ title: `Listen with on('error') instead`, edits: [{ start: name.getStart(), end: name.getEnd(), text: 'on' }] }],
      });
    }
    for (const param of consumingConstructorParameters(analysis, context.sourceFile)) {
      const nameNode = Node.isParameterDeclaration(param) ? param.getNameNode() : param;
      const probe = analysis.probe(nameNode, true);
      const declaration = Node.isParameterDeclaration(param) ? param : param.getFirstAncestorByKind(SyntaxKind.Parameter);
      const body = declaration && bodyOfParameterOwner(declaration);
      const name = nameNode.getText();
      const edit = body ? insertAtBodyStart(body, listenerLines(name, [`console.error('socket error:', err.message);`, `${name}.destroy();`])) : undefined;
      const fixes = edit ? [{ title: `Add an 'error' listener`, edits: [edit] }] : [];
      context.report({ node: param, messageId: 'consumedHere', data: { what: consumption(analysis, probe)! }, fixes });
    }
    for (const param of lateListenedParameters(analysis, context.sourceFile)) {
      const body = bodyOfParameterOwner(param);
      const name = (param as import('ts-morph').ParameterDeclaration).getName();
      const edit = body ? insertAtBodyStart(body, listenerLines(name, [`console.error('socket error:', err.message);`, `${name}.destroy();`])) : undefined;
      context.report({
        node: param,
        messageId: 'late',
        data: failureWording('socket'),
        fixes: edit ? [{ title: `Add an 'error' listener at once`, edits: [edit] }] : [],
      });
    }
  },
});

export default rule;
