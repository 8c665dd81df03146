import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  callsNamed,
  callsOnThisInListeners,
  creationOptions,
  enclosingFunction,
  functionName,
  isZero,
  literalOf,
  optionOf,
  resolveFunction,
  timerBound,
  unwrap,
  type FileAnalysis,
  type TrackedValue,
} from './analysis';

/** Raw client sockets (rules.md): other creations (a TLSSocket wrapping a socket) are not raw. */
const CLIENT_FACTORIES = new Set(['net.connect', 'net.createConnection', 'tls.connect', 'new net.Socket']);
const SET_TIMEOUT = new Set(['setTimeout']);

/** A raw TCP/TLS socket: a client this code creates, one a net/tls server accepts, or one an http server hands over. */
export function isRawSocket(value: TrackedValue): boolean {
  // Sockets handed over on 'upgrade'/'connect' have lost the http server's timeout handling.
  if (value.via === 'upgrade' || value.via === 'connect') return true;
  if (value.origin === 'accepted') return value.server?.kind === 'netServer' || value.server?.kind === 'tlsServer';
  return CLIENT_FACTORIES.has(value.factory);
}

export type IdleBound = 'none' | 'disabled' | 'bounded' | 'unknown';

/**
 * `net.connect(port, host[, listener])`: with a host as the second argument the call can only be
 * the port form, which takes no options, whatever the first argument is named
 * (`net.createConnection(target_port, target_host)`).
 */
function positionalTcp(value: TrackedValue): boolean {
  const node = value.node;
  if (!Node.isCallExpression(node) || (value.factory !== 'net.connect' && value.factory !== 'net.createConnection')) return false;
  const second = node.getArguments()[1];
  return second !== undefined && isHost(second);
}

/** A string (by literal or type), or an untyped value named like a host (`target_host`, `opts.hostname`). */
function isHost(node: Node): boolean {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isTemplateExpression(node)) return true;
  try {
    const type = node.getType();
    if (type.isString() || type.isStringLiteral()) return true;
    if (!type.isAny() && !type.isUnknown()) return false;
  } catch {
    return false;
  }
  const name = Node.isIdentifier(node) ? node.getText() : Node.isPropertyAccessExpression(node) ? node.getName() : '';
  return /host|addr/i.test(name);
}

/**
 * `net.connect(opts)` with options from the caller, on a socket nothing here listens to for
 * 'timeout': a `timeout` among them would only emit an event no one handles, so they add no idle
 * bound the file could be relying on (a TLS connection's options may carry the socket it wraps).
 */
export function inertCallerOptions(value: TrackedValue, analysis: FileAnalysis): boolean {
  if (value.factory !== 'net.connect' && value.factory !== 'net.createConnection' && value.factory !== 'new net.Socket') return false;
  // The caller's connect listener (`net.connect(opts, onConnect)`) gets the socket as `this`.
  const node = value.node;
  const args = Node.isCallExpression(node) || Node.isNewExpression(node) ? (node.getArguments() ?? []) : [];
  if (args.slice(1).some((arg) => !resolveFunction(arg))) return false;
  // Options held in a variable or a field (the caller's), not computed here (`net.connect(server.address())`).
  const first = args[0] && unwrap(args[0]);
  if (!first || !(Node.isIdentifier(first) || Node.isPropertyAccessExpression(first))) return false;
  return analysis.listeners(value, 'timeout').length === 0 && analysis.methodCalls(value, 'setTimeout').every((c) => c.getArguments().length < 2);
}

/** What the file does about the socket's idle timeout. */
export function idleBound(value: TrackedValue, analysis: FileAnalysis): IdleBound {
  if (callsOnThisInListeners(value, SET_TIMEOUT)) return 'unknown';
  if (timerBound(value, analysis)) return 'bounded';
  // A deadline given by an AbortSignal, or a socket wrapped by tls.connect({ socket }), is bounded elsewhere.
  const options = value.origin === 'created' && !positionalTcp(value) ? creationOptions(value) : undefined;
  const callerOptions = options !== undefined && options.opaque && inertCallerOptions(value, analysis);
  for (const name of ['timeout', 'signal', 'socket']) {
    const option = options ? optionOf(options, name) : { state: 'unset' as const };
    if (option.state === 'unknown' && callerOptions) continue;
    if (option.state === 'unknown') return 'unknown';
    if (option.state === 'set' && name === 'socket') return 'unknown';
    if (option.state === 'set') return name === 'timeout' && literalOf(option.value) === 0 ? 'disabled' : 'bounded';
  }
  const own = analysis.methodCalls(value, 'setTimeout');
  const calls = own.filter((c) => !offeredToUsers(c as CallExpression, own, analysis));
  if (calls.length === 0) return 'none';
  return calls.some((c) => !isZero(c.getArguments()[0])) ? 'bounded' : 'disabled';
}

/**
 * `Telnet.prototype.setTimeout = function (msecs) { this.socket.setTimeout(msecs) }`: the class
 * offers its users the socket's own setting, and nothing in the file calls it — an option, not a
 * bound. Called here (`client.setTimeout(5000)`), its callers may set one: it counts.
 */
function offeredToUsers(call: CallExpression, ownCalls: Node[], analysis: FileAnalysis): boolean {
  const [ms] = call.getArguments();
  const fn = enclosingFunction(call);
  if (!fn || !ms || !Node.isIdentifier(ms) || functionName(fn) !== 'setTimeout') return false;
  if (!fn.getParameters().some((p) => p.getName() === ms.getText())) return false;
  return callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, SET_TIMEOUT).every(
    (c) => ownCalls.includes(c) || !Node.isPropertyAccessExpression(c.getExpression()),
  );
}

/**
 * Whether the socket can never emit 'timeout': a raw socket the file keeps, with no idle timeout
 * set by any option or call, and no hand-made `emit('timeout')`. Its 'timeout' listeners never run.
 */
export function neverTimesOut(value: TrackedValue, analysis: FileAnalysis): boolean {
  if (!isRawSocket(value) || value.via === 'upgrade' || value.via === 'connect' || analysis.escapes(value)) return false;
  // A tls server times out the handshakes of the sockets it accepts (`handshakeTimeout`, 120 s).
  if (value.origin === 'accepted' && value.server?.kind !== 'netServer') return false;
  if (analysis.methodCalls(value, 'emit').length > 0) return false;
  const bound = idleBound(value, analysis);
  // Options from the caller may carry a timeout when this file listens for it.
  return bound === 'none' || bound === 'disabled';
}
