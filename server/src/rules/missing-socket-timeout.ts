import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  callsNamed,
  callsOnThisInListeners,
  descendantsOfKind,
  creationOptions,
  enclosingFunction,
  keepAliveState,
  moduleBindingOf,
  optionOf,
  symbolOf,
  unwrap,
  type FileAnalysis,
  type TrackedValue,
  unwrapCallee,
} from '../core/analysis';
import { insertAfter, prependToFunction } from '../core/handlerEdits';
import { idleBound, inertCallerOptions, isRawSocket } from '../core/socketIdleBound';
import { listensOnEphemeralPort } from '../core/listenAddress';
import { closeHandedBack, destroyedOnConnect, pipedIntoReturnedWrapper, talksOnlyToItself } from '../core/socketOwnership';
import { defineRule, type Fix } from '../core/rule';

/** A string that Node reads as a pipe path rather than a port (`net.connect('/tmp/app.sock')`). */
function isPipePath(arg: Node | undefined): boolean {
  if (!arg) return false;
  if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) return !/^\s*\d+\s*$/.test(arg.getLiteralValue());
  // `{ path }`, or `{ fd }`: a descriptor someone else opened (an inherited pipe).
  if (Node.isObjectLiteralExpression(arg)) return arg.getProperty('path') !== undefined || arg.getProperty('fd') !== undefined;
  // `net.createConnection(getPipePath(process.ppid))`: a same-file helper that builds a path; `path.join(dir, 'out')`.
  if (Node.isCallExpression(arg)) return buildsPath(arg.getExpression()) || isPathValue(arg, 0);
  // `const opts = { path: '/tmp/app.sock' }; net.connect(opts)`, `const socketPath = path.join(dir, 'out')`
  const decl = Node.isIdentifier(arg) ? symbolOf(arg)?.getDeclarations()[0] : undefined;
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  if (init && Node.isObjectLiteralExpression(unwrap(init))) return isPipePath(unwrap(init));
  // A call not known to build a path may still return one, kept in a variable named for it (`const socketPath = resolve()`).
  if (init && Node.isCallExpression(unwrap(init))) return isPipePath(unwrap(init)) || namesPath(arg.getText());
  try {
    const type = arg.getType();
    if (type.isString() || type.isTemplateLiteral()) return true;
  } catch {
    return false;
  }
  // Untyped: a value named for a path (`socketPath`, `this.pipeName`, `opts.sockFile`), never a port.
  const name = Node.isIdentifier(arg) ? arg.getText() : Node.isPropertyAccessExpression(arg) ? arg.getName() : '';
  return namesPath(name);
}

/** A name given to a path (`socketPath`, `getPipePath`) or a Unix domain socket (`unixAddr`), never to a port. */
function namesPath(name: string): boolean {
  return /path|pipe|sock|unix/i.test(name) && !/port/i.test(name);
}

/**
 * A function named for a path (`getPipePath`, also an imported module's `conout.getWorkerPipeName`; in a bundle, the name esbuild's keep-names
 * helper gives it: `const B = __name((e) => …, "getPipePath")`), or whose every return is a path:
 * a non-numeric string, a template, `path.join(…)`/`path.resolve(…)`, or a conditional of those.
 */
function buildsPath(callee: Node): boolean {
  const id = unwrapCallee(callee);
  // `(0, conout_1.getWorkerPipeName)(name)`: a helper of another module, known by its name.
  if (Node.isPropertyAccessExpression(id)) return namesPath(id.getName());
  if (!Node.isIdentifier(id)) return false;
  const decl = symbolOf(id)?.getDeclarations()[0];
  let fn: Node | undefined = Node.isFunctionDeclaration(decl) ? decl : undefined;
  let name = id.getText();
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  if (init) {
    const inner = unwrap(init);
    const [wrapped, given] = Node.isCallExpression(inner) ? inner.getArguments() : [];
    if (given && Node.isStringLiteral(given) && wrapped && (Node.isArrowFunction(wrapped) || Node.isFunctionExpression(wrapped))) {
      fn = wrapped;
      name = given.getLiteralValue();
    } else if (Node.isArrowFunction(inner) || Node.isFunctionExpression(inner)) fn = inner;
  }
  if (namesPath(name)) return true;
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return false;
  const body = fn.getBody();
  if (!body) return false;
  const returned = Node.isBlock(body)
    ? descendantsOfKind(body, SyntaxKind.ReturnStatement)
        .filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) === fn)
        .map((r) => r.getExpression())
    : [body];
  return returned.length > 0 && returned.every((r) => r !== undefined && isPathValue(r, 0));
}

function isPathValue(expr: Node, depth: number): boolean {
  const n = unwrap(expr);
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return !/^\s*\d+\s*$/.test(n.getLiteralValue());
  if (Node.isTemplateExpression(n)) return true;
  if (Node.isConditionalExpression(n)) return isPathValue(n.getWhenTrue(), depth) && isPathValue(n.getWhenFalse(), depth);
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    const member = Node.isPropertyAccessExpression(callee)
      ? moduleBindingOf(unwrap(callee.getExpression()) as Node)
      : Node.isIdentifier(callee)
        ? moduleBindingOf(callee)
        : undefined;
    const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : member?.member;
    return member !== undefined && /^(node:)?path$/.test(member.module) && (method === 'join' || method === 'resolve');
  }
  if (Node.isIdentifier(n) && depth < 3) {
    const decl = symbolOf(n)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    return init !== undefined && isPathValue(init, depth + 1);
  }
  return false;
}

/**
 * A local IPC socket (Unix domain socket, Windows named pipe): the kernel reports a dead peer at
 * once, so an idle bound is not what keeps it from leaking. Also `new net.Socket()` connected to
 * a path later (`s.connect('/var/run/docker.sock')`).
 */
function isIpc(value: TrackedValue, analysis: FileAnalysis): boolean {
  if (value.origin === 'created') {
    const node = value.node;
    if ((Node.isCallExpression(node) || Node.isNewExpression(node)) && isPipePath(node.getArguments()[0])) return true;
    return analysis.methodCalls(value, 'connect').some((call) => isPipePath(call.getArguments()[0]));
  }
  if (value.server === undefined) return false;
  return [...analysis.methodCalls(value.server, 'listen'), ...listensThroughHolder(value.server)].some((call) => isPipePath(call.getArguments()[0]));
}

/**
 * `listen()` calls on the property a server was stored in, in the function that stored it
 * (`server.instance = net.createServer(…); server.instance.listen(server.namedPipe)`,
 * node-notifier's): the same server, through a parameter's field the value model does not follow.
 */
function listensThroughHolder(server: TrackedValue): CallExpression[] {
  const assignment = server.node.getParent();
  if (!assignment || !Node.isBinaryExpression(assignment) || assignment.getRight() !== server.node) return [];
  const holder = assignment.getLeft();
  const scope = enclosingFunction(assignment) ?? assignment.getSourceFile();
  if (!Node.isPropertyAccessExpression(holder)) return [];
  return callsNamed(scope, SyntaxKind.CallExpression, new Set(['listen'])).filter((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen' && callee.getExpression().getText() === holder.getText();
  }) as CallExpression[];
}

function timeoutLines(value: TrackedValue, analysis: FileAnalysis, name: string, ms: number): string[] {
  // destroy(err) emits 'error': only pass one when something listens for it.
  const destroy = analysis.handlesErrors(value) ? `${name}.destroy(new Error('socket timeout'));` : `${name}.destroy();`;
  return [`${name}.setTimeout(${ms});`, `${name}.on('timeout', () => {`, `  ${destroy}`, `});`];
}

function buildFix(value: TrackedValue, analysis: FileAnalysis, ms: number): Fix | undefined {
  const name = value.name;
  if (!name) return undefined;
  const title = `Destroy the socket after ${ms} ms idle`;
  const lines = timeoutLines(value, analysis, name, ms);
  if (value.origin === 'accepted') {
    const fn = value.node.getParent();
    const edit = fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn)) ? prependToFunction(fn, lines) : undefined;
    return edit && { title, edits: [edit] };
  }
  const edit = value.statement && insertAfter(value.statement, lines);
  return edit && { title, edits: [edit] };
}

/** Keep-alive unknown only because the options come from the caller, and nothing in the file turns it on. */
function keepAliveOnlyFromCallerOptions(value: TrackedValue, analysis: FileAnalysis): boolean {
  if (value.origin !== 'created' || !inertCallerOptions(value, analysis) || callsOnThisInListeners(value, KEEPALIVE)) return false;
  if (optionOf(creationOptions(value), 'keepAlive').state === 'set') return false;
  return analysis.methodCalls(value, 'setKeepAlive').length === 0;
}

const KEEPALIVE = new Set(['setKeepAlive']);

/**
 * A client socket this code runs from end to end (it reads it, listens for its 'error' and 'close',
 * and ends or destroys it itself) that it also gives, as an argument, to helpers that parse or
 * write its bytes (`new WriteQueue(sock)`, `PDU.fromStream(sock)`): the code that closes the socket
 * is the code that would act on its idle timeout, so the helpers leave it to this file.
 */
function runHereWithHelpers(analysis: FileAnalysis, value: TrackedValue): boolean {
  if (value.origin !== 'created' || !analysis.handlesErrors(value) || analysis.listeners(value, 'close').length === 0) return false;
  const reads = ['data', 'readable'].some((e) => analysis.listeners(value, e).length > 0) || analysis.methodCalls(value, 'pipe').length > 0;
  if (!reads || (analysis.methodCalls(value, 'end').length === 0 && analysis.methodCalls(value, 'destroy').length === 0)) return false;
  return value.uses.escapes.every((e) => (Node.isCallExpression(e) || Node.isNewExpression(e)) && fromOwnModule(e.getExpression()));
}

/**
 * A connection accepted here and handed on only from inside its own 'data'/'readable' listener
 * (Cast's SHOUTcast input server gives the source connection to its stream registry once the
 * handshake is read): a client that connects and says nothing is never handed on, so this code is
 * the only one that can bound it. (A client socket handed on once its server greets stays
 * unjudged: it talks to a server this code chose, often a local agent.)
 */
function handedOnOnlyOnceItSpeaks(analysis: FileAnalysis, value: TrackedValue): boolean {
  if (value.origin !== 'accepted') return false;
  const readers = ['data', 'readable'].flatMap((e) => analysis.listeners(value, e)).flatMap((l) => (l.handler ? [l.handler] : []));
  if (readers.length === 0) return false;
  return value.uses.escapes.every((e) => readers.some((fn) => fn !== e && fn.getStart() <= e.getStart() && e.getEnd() <= fn.getEnd()));
}

/** `writers.WriteQueue`, `PDU.fromStream`: a function reached from a binding of one of the project's own modules (`require('./pdu')`). */
function fromOwnModule(callee: Node): boolean {
  let root = unwrap(callee);
  while (Node.isPropertyAccessExpression(root)) root = unwrap(root.getExpression());
  const module = Node.isIdentifier(root) ? moduleBindingOf(root)?.module : undefined;
  return module !== undefined && /^\.\.?\//.test(module);
}

const rule = defineRule({
  meta: {
    id: 'missing-socket-timeout',
    description: 'Raw TCP/TLS sockets need an idle timeout, or dead peers hold them open forever.',
    defaultSeverity: 'warn',
    // A test's sockets live as long as the test, and the runner's own timeout bounds a silent peer.
    inTests: 'skip',
    messages: {
      client: 'This socket never gets an idle timeout. A peer that goes silent or vanishes keeps it (and its file descriptor) open forever.',
      accepted: 'Connections accepted here never get an idle timeout. Clients that go silent or vanish keep their sockets (and file descriptors) open forever.',
    },
    options: {
      defaultTimeoutMs: {
        type: 'number',
        default: 30000,
        description: 'Idle timeout in milliseconds that the quick fix sets with socket.setTimeout().',
      },
    },
  },
  check(context) {
    const { analysis } = context;
    const configured = Number(context.options.defaultTimeoutMs);
    const ms = Number.isFinite(configured) && configured > 0 ? Math.round(configured) : 30000;
    for (const value of analysis.values) {
      if (!isRawSocket(value) || isIpc(value, analysis) || analysis.destroyedAtOnce(value)) continue;
      if (analysis.escapes(value) && !runHereWithHelpers(analysis, value) && !handedOnOnlyOnceItSpeaks(analysis, value)) continue;
      // Given to http-proxy's WebSocket pass, which turns TCP keep-alive on for it (setupSocket).
      if (value.uses.proxiedBy.length > 0) continue;
      // Either end of a connection to a server on an OS-picked port that only this file's own connect calls learn.
      if (talksOnlyToItself(analysis, value)) continue;
      // Accepted on loopback at a port the OS picked: only this program, or a process it told the port, connects.
      if (value.origin === 'accepted' && value.server && listensOnEphemeralPort(analysis, value.server, true)) continue;
      // A port probe closes its server in the listen callback, before any connection is accepted.
      if (value.origin === 'accepted' && value.server && analysis.closedOnListening(value.server)) continue;
      // Handed back inside a wrapper that keeps it (the caller's), or a probe closed once connected.
      if (pipedIntoReturnedWrapper(analysis, value) || destroyedOnConnect(analysis, value)) continue;
      // A way to close it handed back to the caller (`return { reset: () => socket.destroy() }`): its lifetime is the caller's.
      if (closeHandedBack(value, (receiver) => analysis.refersTo(receiver, value))) continue;
      const bound = idleBound(value, analysis);
      if (bound === 'bounded' || bound === 'unknown') continue;
      // TCP keep-alive finds a vanished peer (the bound a relay with no idle timeout needs).
      const keepAlive = keepAliveState(analysis, value);
      if (keepAlive === 'on' || (keepAlive === 'unknown' && !keepAliveOnlyFromCallerOptions(value, analysis))) continue;
      // setTimeout(0) or timeout: 0 switches the bound off on purpose: a fix would be overridden.
      const fix = bound === 'none' ? buildFix(value, analysis, ms) : undefined;
      context.report({ node: value.node, messageId: value.origin === 'accepted' ? 'accepted' : 'client', fixes: fix ? [fix] : [] });
    }
  },
});

export default rule;
