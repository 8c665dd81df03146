import { Node, SyntaxKind, type ObjectLiteralExpression } from 'ts-morph';
import {
  SERVER_KINDS,
  callsNamed,
  declarationsOf,
  creationOptions,
  descendantsOfKind,
  isLogCall,
  methodName,
  numericValue,
  optionOf,
  readableValue,
  resolveFunction,
  unwrap,
  type FileAnalysis,
  type TrackedValue,
} from './analysis';
import { isLoopbackHost } from './listenAddress';
import { isMock } from './testFiles';

/**
 * The text a URL argument starts with, as far as it is written here: a string, the head of a
 * template (`http://localhost:${port}/`), the left end of a concatenation, `new URL(…)` of one,
 * or a same-file variable holding one.
 */
function urlPrefix(arg: Node, depth = 0): string | undefined {
  const node = unwrap(arg);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isTemplateExpression(node)) {
    // `http://${host}:${port}/` with `const host = 'localhost'`: the text up to the first part not written here.
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const part = hostOption(span.getExpression(), depth);
      if (part === undefined) return text;
      text += part + span.getLiteral().getLiteralText();
    }
    return text;
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === '+') return urlPrefix(node.getLeft(), depth);
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'URL') {
    const [first] = node.getArguments();
    return first && urlPrefix(first, depth);
  }
  if (Node.isIdentifier(node) && depth < 3) {
    const held = readableValue(node);
    return held && urlPrefix(held.value, depth + 1);
  }
  return undefined;
}

/** The host a URL prefix names, once the prefix reaches past it (`http://localhost:` or `http://127.0.0.1/`). */
function hostOfPrefix(prefix: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(\[[^\]]*\]|[^/:?#]*)[/:?#]/i.exec(prefix) ?? /^(?:[a-z][a-z0-9+.-]*:)?\/\/(\[[^\]]*\]|[^/:?#]+)$/i.exec(prefix);
  return match?.[1];
}

/** A host option written as a whole string: a literal, or a same-file variable holding one. */
function hostOption(value: Node, depth = 0): string | undefined {
  const node = unwrap(value);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  const held = Node.isIdentifier(node) && depth < 3 ? readableValue(node) : undefined;
  return held && hostOption(held.value, depth + 1);
}

/** A host a client reaches on this machine: a loopback name or address, or the unspecified address (`0.0.0.0`, `::`), which connects locally. */
function isThisMachine(host: string): boolean {
  return isLoopbackHost(host) || /^(0\.0\.0\.0|::|\[::\])$/.test(host);
}

/** Factories whose first argument may be a port or an IPC path, with the host second (`net.connect(port, host)`). */
const PORT_FIRST = new Set(['net.connect', 'net.createConnection', 'tls.connect']);

/**
 * Text that brings an address from outside the program: the command line, the environment, or an
 * incoming request's headers or URL (a forwarding proxy's upstream).
 */
const OUTSIDE_SOURCE = /\bprocess\.(?:argv|env)\b|\bargv\b|\.headers\b|\b(?:req|request)\.url\b/;

/** Whether an expression, or what the same-file variables it reads hold, comes from outside the program. */
function fromOutside(node: Node, analysis: FileAnalysis, depth = 0): boolean {
  const n = unwrap(node);
  if (OUTSIDE_SOURCE.test(n.getText())) return true;
  if (depth >= 5) return false;
  const names = Node.isIdentifier(n) ? [n] : descendantsOfKind(n, SyntaxKind.Identifier);
  return names.some((name) => {
    const held = readableValue(name);
    if (held !== undefined) return fromOutside(held.value, analysis, depth + 1);
    // A parameter of a same-file function: what its callers pass (`request(port, host)` called with argv's host).
    const param = declarationsOf(name)[0];
    return param !== undefined && (analysis.localCallArguments(param) ?? []).some((arg) => fromOutside(arg, analysis, depth + 1));
  });
}

/** A host option that may name another machine: a literal that is not this one, the host of a URL that does, or a value from outside. */
function hostElsewhere(value: Node, analysis: FileAnalysis): boolean {
  const text = hostOption(value);
  if (text !== undefined) return !isThisMachine(text);
  const parsed = parsedUrlOf(value);
  return (parsed !== undefined && urlMayReachOutside(parsed, analysis)) || fromOutside(value, analysis);
}

/** The URL whose host `value` reads: `u.hostname`/`u.host` of `u = url.parse(x)`, `parseUrl(x)` or `new URL(x)`. */
function parsedUrlOf(value: Node): Node | undefined {
  const n = unwrap(value);
  if (!Node.isPropertyAccessExpression(n) || !/^(hostname|host)$/.test(n.getName())) return undefined;
  const object = unwrap(n.getExpression());
  const held = Node.isIdentifier(object) ? readableValue(object) : undefined;
  const made = held && unwrap(held.value);
  if (!made || !(Node.isCallExpression(made) || Node.isNewExpression(made))) return undefined;
  const callee = made.getExpression().getText();
  return /(^|\.)(parse|parseUrl|parseURL)$|^URL$/.test(callee) ? made.getArguments()[0] : undefined;
}

/**
 * Whether a client request or connection may reach beyond the program and its own machine, as far
 * as the code shows: a URL or host option naming another host, or an address taken from the command
 * line, the environment or an incoming request. In a test, a connection that shows none of these
 * goes where the suite set things up — its own server, started here or by a helper, or a local
 * fixture service — which answers or closes; it does not stall, refuse or reset.
 */
export function mayReachOutside(value: TrackedValue, analysis: FileAnalysis): boolean {
  const call = value.node;
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return false;
  const [first, second] = call.getArguments();
  if (!first) return false;
  if (PORT_FIRST.has(value.factory) && isPortOrPath(first)) return second !== undefined && !resolveFunction(second) && hostElsewhere(second, analysis);
  if (urlMayReachOutside(first, analysis)) return true;
  // The address a server of this program reported (`http.get(server.address())`), or its port under any host option.
  if (reportedByOwnServer(first) || urlOnOwnServersPort(first)) return false;
  const options = creationOptions(value);
  const port = optionOf(options, 'port');
  if (port.state === 'set' && reportedByOwnServer(port.value)) return false;
  const written = writtenObject(first);
  return ['host', 'hostname'].some((name) => {
    const option = optionOf(options, name);
    if (option.state === 'set') return hostElsewhere(option.value, analysis);
    // Options handed to an earlier request first (`https.get(opts); … https.get(opts)`): the host they were written with.
    const property = written?.getProperty(name);
    return property !== undefined && Node.isPropertyAssignment(property) && hostElsewhere(property.getInitializerOrThrow(), analysis);
  });
}

/** Whether a URL argument may name another machine: its written host is not this one, or it comes from outside. */
export function urlMayReachOutside(arg: Node, analysis: FileAnalysis): boolean {
  const prefix = urlPrefix(arg);
  const named = prefix === undefined ? undefined : hostOfPrefix(prefix);
  if (named !== undefined) return !isThisMachine(named);
  // Options written as an object are read by name (their `headers` are not an address).
  return !isObjectLiteral(arg) && fromOutside(arg, analysis);
}

/** A port or an IPC path as the first argument: a number or string written here, a `.port` read, or a variable named for one. */
function isPortOrPath(arg: Node, depth = 0): boolean {
  const node = unwrap(arg);
  if (Node.isNumericLiteral(node)) return true;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return !/^[a-z][a-z0-9+.-]*:/i.test(node.getLiteralValue());
  if (Node.isPropertyAccessExpression(node)) return /^(port|\w*Port)$/.test(node.getName());
  if (!Node.isIdentifier(node)) return false;
  if (/^(port|\w*Port|PORT|\w*_PORT)$/.test(node.getText())) return true;
  const held = depth < 3 ? readableValue(node) : undefined;
  return held !== undefined && isPortOrPath(held.value, depth + 1);
}

/**
 * An address a server of this program reported, or a URL built on one: the address its `listen`
 * callback receives (`(err, address) => …`, fastify's), what `await app.listen()` resolves to, or
 * `server.address()` and its fields. Whoever listens there is this program.
 */
function reportedByOwnServer(arg: Node, depth = 0): boolean {
  const node = unwrap(arg);
  if (depth > 3) return false;
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === '+') return reportedByOwnServer(node.getLeft(), depth + 1);
  if (Node.isTemplateExpression(node)) {
    const [span] = node.getTemplateSpans();
    return node.getHead().getLiteralText() === '' && span !== undefined && reportedByOwnServer(span.getExpression(), depth + 1);
  }
  if (Node.isAwaitExpression(node)) return isListenCall(unwrap(node.getExpression()));
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'address' && node.getArguments().length === 0;
  }
  if (Node.isPropertyAccessExpression(node)) return /^(port|address)$/.test(node.getName()) && reportedByOwnServer(node.getExpression(), depth + 1);
  if (!Node.isIdentifier(node)) return false;
  if (isListenCallbackAddress(node)) return true;
  // `const { address, port } = server.address()` (read in `{ port }` too).
  const parent = node.getParent();
  const symbol = parent && Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (declaration && Node.isBindingElement(declaration)) {
    const holder = declaration.getFirstAncestor((a) => Node.isVariableDeclaration(a));
    const init = holder && Node.isVariableDeclaration(holder) ? holder.getInitializer() : undefined;
    return init !== undefined && reportedByOwnServer(init, depth + 1);
  }
  const held = readableValue(node);
  return held !== undefined && reportedByOwnServer(held.value, depth + 1);
}

/**
 * A URL naming the port a server of this program reported, whatever host it names:
 * `http://${host}:${server.address().port}/`, `'http://' + address.address + ':' + address.port`.
 */
function urlOnOwnServersPort(arg: Node): boolean {
  const parts = urlParts(unwrap(arg));
  return parts.some((part, i) => {
    const before = parts[i - 1];
    return typeof part !== 'string' && typeof before === 'string' && before.endsWith(':') && reportedByOwnServer(part);
  });
}

/** A template or `+` concatenation as its literal texts and the expressions between them. */
function urlParts(node: Node): Array<string | Node> {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return [node.getLiteralValue()];
  if (Node.isTemplateExpression(node)) {
    return [node.getHead().getLiteralText(), ...node.getTemplateSpans().flatMap((span) => [span.getExpression(), span.getLiteral().getLiteralText()])];
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === '+')
    return [...urlParts(unwrap(node.getLeft())), ...urlParts(unwrap(node.getRight()))];
  return [node];
}

function isListenCall(node: Node): boolean {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen';
}

/** The second parameter of a callback given to `listen(…)`: the address the server reports (fastify's `(err, address)`). */
function isListenCallbackAddress(id: Node): boolean {
  const symbol = id.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (!declaration || !Node.isParameterDeclaration(declaration)) return false;
  const fn = declaration.getParent();
  if ((!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) || fn.getParameters().indexOf(declaration) !== 1) return false;
  const call = fn.getParent();
  return call !== undefined && isListenCall(call) && (call as import('ts-morph').CallExpression).getArguments().includes(fn as never);
}

/** An object literal written here, or a same-file variable holding one. */
function isObjectLiteral(arg: Node): boolean {
  return writtenObject(arg) !== undefined;
}

/** The object literal an argument is, or a same-file variable holds. */
function writtenObject(arg: Node): ObjectLiteralExpression | undefined {
  const node = unwrap(arg);
  if (Node.isObjectLiteralExpression(node)) return node;
  const held = Node.isIdentifier(node) ? readableValue(node) : undefined;
  const value = held && unwrap(held.value);
  return value && Node.isObjectLiteralExpression(value) ? value : undefined;
}

const LISTEN = new Set(['listen']);

/** Whether a file calls a `listen` method: it starts a server of its own. */
function startsServer(sourceFile: Node): boolean {
  return callsNamed(sourceFile, SyntaxKind.CallExpression, LISTEN).some((call) => methodName(call) === 'listen');
}

/** `localhost:17874` in a string: a loopback address with a port. */
const LOOPBACK_URL = /\b(?:localhost|127\.0\.0\.1|\[::1\]):(\d{2,5})\b/g;

/**
 * Whether the file hands the code under test the address of a server it starts: a string naming a
 * loopback host and a port one of its `listen(port)` calls uses (`server.listen(17874)` with
 * `createAgent(['output://tcp://localhost:17874'])`). That code is the server's client.
 */
function namesOwnServer(sourceFile: Node): boolean {
  const ports = new Set<number>();
  for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, LISTEN)) {
    const port = methodName(call) === 'listen' ? unwrap(call.getArguments()[0] ?? call) : undefined;
    // `listen(1026)`, or `const port = 1026; … listen(port, cb)`
    const value = port && numericValue(port);
    if (value !== undefined && value > 0) ports.add(value);
  }
  if (ports.size === 0) return false;
  const inUrl = [...descendantsOfKind(sourceFile, SyntaxKind.StringLiteral), ...descendantsOfKind(sourceFile, SyntaxKind.NoSubstitutionTemplateLiteral)].some(
    (literal) =>
      [...literal.getLiteralValue().matchAll(LOOPBACK_URL)].some((m) => ports.has(Number(m[1]))) &&
      // A log line announcing the server's address hands it to a person, not to code.
      !literal.getAncestors().some(isLogCall),
  );
  return inUrl || descendantsOfKind(sourceFile, SyntaxKind.ObjectLiteralExpression).some((object) => namesLoopbackPort(object, ports));
}

/** Host properties an address object names a machine by. */
const HOST_PROPERTIES = new Set(['host', 'hostname', 'target', 'address']);

/**
 * An object that names a loopback host and one of the ports the file listens on, as separate
 * properties (`{ target: '127.0.0.1', port }` for evilscan's scanner, with `listen(port)`).
 */
function namesLoopbackPort(object: ObjectLiteralExpression, ports: ReadonlySet<number>): boolean {
  let loopback = false;
  let port = false;
  for (const property of object.getProperties()) {
    if (Node.isPropertyAssignment(property)) {
      const value = unwrap(property.getInitializerOrThrow());
      if (HOST_PROPERTIES.has(property.getName()) && Node.isStringLiteral(value) && isLoopbackHost(value.getLiteralValue())) loopback = true;
      else if (property.getName() === 'port' && ports.has(numericValue(value) ?? NaN)) port = true;
    } else if (Node.isShorthandPropertyAssignment(property) && property.getName() === 'port') {
      // `{ port }`: the variable of that name.
      const variable = property.getValueSymbol()?.getDeclarations()[0];
      port = variable !== undefined && Node.isVariableDeclaration(variable) && ports.has(numericValue(variable.getInitializer()) ?? NaN);
    }
  }
  return loopback && port;
}

/** Whether a connection's other end is this program. */
export type PeerCheck = (value: TrackedValue) => boolean;

/**
 * A test file whose connections go to what its suite runs: not a mock's (a file or package named
 * for one, which stands in for a service and forwards to real ones it is configured with).
 */
export function suiteFile(inTest: boolean, sourceFile: Node): boolean {
  return inTest && !isMock(sourceFile.getSourceFile().getFilePath());
}

/**
 * In a test file, which connections have the suite at their other end: a client that shows no
 * sign of reaching another machine (`mayReachOutside`), or a connection a server of the file
 * accepts (not a client request's socket) when the file is its own client too (an example
 * server's connections come from outside). Undefined in any other file: there, every connection
 * is judged as usual. Whether the file is a client is worked out once, when first needed.
 */
export function testPeers(inTest: boolean, sourceFile: Node, analysis: FileAnalysis): PeerCheck | undefined {
  if (!suiteFile(inTest, sourceFile)) return undefined;
  let fileIsClient: boolean | undefined;
  return (value) => {
    if (value.origin === 'created') return connectsWithinSuite(value, analysis);
    if (value.origin !== 'accepted' || value.server === undefined || value.server.kind === 'clientRequest') return false;
    return (fileIsClient ??= startsServer(sourceFile) && (analysis.values.some((v) => connectsWithinSuite(v, analysis)) || namesOwnServer(sourceFile)));
  };
}

function connectsWithinSuite(value: TrackedValue, analysis: FileAnalysis): boolean {
  return value.origin === 'created' && !SERVER_KINDS.has(value.kind) && !mayReachOutside(value, analysis);
}
