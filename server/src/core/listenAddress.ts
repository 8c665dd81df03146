import { Node, type CallExpression } from 'ts-morph';
import { isNullish, numericValue, resolveFunction, type FileAnalysis, type TrackedValue } from './analysis';

/** Where one `listen()` puts a server, as far as the code says. */
interface ListenAddress {
  /** Port 0 or none given: the OS picks a free port that only this program learns (`server.address().port`). */
  ephemeral: boolean;
  /** Bound to the loopback interface only: only processes on the same host can connect. */
  loopback: boolean;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** A string the code writes here: a literal or a same-file `const` bound to one. */
function stringValue(expr: Node | undefined): string | undefined {
  if (!expr) return undefined;
  if (Node.isStringLiteral(expr) || Node.isNoSubstitutionTemplateLiteral(expr)) return expr.getLiteralValue();
  if (!Node.isIdentifier(expr)) return undefined;
  const decls = expr.getSymbol()?.getDeclarations() ?? [];
  const decl = decls.length === 1 ? decls[0] : undefined;
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getVariableStatement()?.getDeclarationKind() !== 'const') return undefined;
  return stringValue(decl.getInitializer());
}

/** `localhost`, `127.x.y.z`, `::1`: a host name or address on this machine's loopback interface. */
export function isLoopbackHost(text: string): boolean {
  return LOOPBACK_HOST.test(text);
}

function isLoopback(host: Node | undefined): boolean {
  const text = stringValue(host);
  return text !== undefined && isLoopbackHost(text);
}

/** `undefined`, `null`, `0`: a port argument that asks the OS for a free port. */
function isNoPort(arg: Node): boolean {
  if (isNullish(arg)) return true;
  return numericValue(arg) === 0;
}

/**
 * Reads `listen(port?, host?, backlog?, cb?)` and `listen({ port, host, path, fd })`; undefined when
 * the address is a path, a handle, or something the analysis cannot compute.
 */
function addressOf(call: CallExpression): ListenAddress | undefined {
  const [first, second] = call.getArguments();
  // `listen()` and `listen(callback)`: no port given.
  if (!first || resolveFunction(first)) return { ephemeral: true, loopback: false };
  if (Node.isObjectLiteralExpression(first)) {
    let ephemeral = true;
    let loopback = false;
    for (const prop of first.getProperties()) {
      if (!Node.isPropertyAssignment(prop)) return undefined;
      const name = prop.getName();
      const value = prop.getInitializer();
      if (name === 'port') ephemeral = value !== undefined && isNoPort(value);
      else if (name === 'host') loopback = isLoopback(value);
      else if (name === 'path' || name === 'fd' || name === 'handle') return undefined;
    }
    return { ephemeral, loopback };
  }
  if (!isNoPort(first)) return { ephemeral: false, loopback: false };
  return { ephemeral: true, loopback: isLoopback(second) };
}

/** The host a `listen()` binds: the argument after the port, or `host` in its options. */
function hostOf(call: CallExpression): Node | undefined {
  const [first, second] = call.getArguments();
  if (first && Node.isObjectLiteralExpression(first)) {
    const host = first.getProperty('host');
    return host && Node.isPropertyAssignment(host) ? host.getInitializer() : undefined;
  }
  return second && !resolveFunction(second) ? second : undefined;
}

/**
 * Whether every `listen()` of the server, and there is one, binds a loopback host written in the
 * code (`server.listen(port, 'localhost')`, `{ host: '127.0.0.1' }`): only programs on this
 * machine can connect.
 */
export function listensOnlyOnLoopback(analysis: FileAnalysis, value: TrackedValue): boolean {
  const calls = listenCalls(analysis, value);
  return calls.length > 0 && calls.every((call) => isLoopback(hostOf(call)));
}

/** The `listen()` calls that place the server: its own, or the framework call that made it (`app.listen(0)`). */
function listenCalls(analysis: FileAnalysis, value: TrackedValue): CallExpression[] {
  const node = value.node;
  const callee = Node.isCallExpression(node) ? node.getExpression() : undefined;
  const own = callee && Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen' ? [node as CallExpression] : [];
  return [...own, ...analysis.methodCalls(value, 'listen')];
}

/**
 * Whether every `listen()` of the server, and there is one, asks for an ephemeral port
 * (`listen(0, …)`, `listen()`, `listen({ port: 0 })`): no proxy or client outside the program
 * is configured with a port the OS picks at run time. `loopbackOnly`: each also binds to
 * localhost/127.0.0.1/::1, so that nothing off the host can reach the port at all.
 */
export function listensOnEphemeralPort(analysis: FileAnalysis, value: TrackedValue, loopbackOnly = false): boolean {
  const calls = listenCalls(analysis, value);
  if (calls.length === 0) return false;
  return calls.every((call) => {
    const address = addressOf(call);
    return address !== undefined && address.ephemeral && (!loopbackOnly || address.loopback);
  });
}
