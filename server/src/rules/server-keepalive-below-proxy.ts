import { Node, SyntaxKind, type CallExpression, type ParameterDeclaration } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  classifyExpression,
  creationOptions,
  descendantsOfKind,
  numericValue,
  isFrameworkApplication,
  onlyUpgradesToWebSocket,
  answersNoRequests,
  settingState,
  symbolOf,
  type CreationOptions,
  type FileAnalysis,
  type SettingState,
  type SettingWrite,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement, insertAfterStatement } from '../core/fixBuilders';
import { isForwardProxy } from '../core/forwardProxy';
import { listensOnEphemeralPort, listensOnlyOnLoopback } from '../core/listenAddress';
import { httpDefaults, type NodeHttpDefaults } from '../core/nodeVersion';
import { addProperties, insertOptionsArgument, replaceExpression } from '../core/propertyEdits';
import { homeHubOf, isCommandPackage, localToolOf } from '../core/testFiles';
import { madeByLocalTool } from '../core/localToolServer';
import { opensBrowser, startedByBrowserOpener } from '../core/browserOpener';
import { isLibraryHelperScript } from '../core/helperScripts';
import { servesAtLanAddress } from '../core/lanAddress';
import { isMetricsEndpoint } from '../core/metricsEndpoint';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

/** How far above the proxy's idle timeout the fix puts keepAliveTimeout. */
const KEEPALIVE_MARGIN_MS = 5000;
/** headersTimeout stays above keepAliveTimeout (older Node lines measured it across keep-alive idle time). */
const HEADERS_MARGIN_MS = 1000;

function replaceWrites(writes: readonly SettingWrite[], text: string): TextEdit[] {
  return writes.flatMap((w) => (w.value ? [replaceExpression(w.value, text)] : []));
}

/** Adds `headersTimeout` next to where keepAliveTimeout is written: the same object or a line after the assignment. */
function addHeadersNextTo(write: SettingWrite, headers: number, value: TrackedValue): TextEdit | undefined {
  if (write.via === 'option') {
    // A framework's options (fastify's) are not the server's: they have no headersTimeout.
    if (isFrameworkApplication(value.factory)) return undefined;
    const object = write.node.getParent();
    return object && Node.isObjectLiteralExpression(object) ? addProperties(object, [['headersTimeout', String(headers)]]) : undefined;
  }
  const assignment = write.node;
  if (!Node.isBinaryExpression(assignment)) return undefined;
  const left = assignment.getLeft();
  const statement = enclosingStatement(assignment);
  if (!Node.isPropertyAccessExpression(left) || !statement || !Node.isExpressionStatement(statement)) return undefined;
  return insertAfterStatement(statement, [`${left.getExpression().getText()}.headersTimeout = ${headers};`]);
}

/** Server timeouts whose write shows where this server's timeouts are decided. */
const OTHER_TIMEOUTS = ['timeout', 'requestTimeout', 'headersTimeout'];

/**
 * The file decides this server's timeouts: it writes `timeout`, `requestTimeout` or
 * `headersTimeout` (`server.timeout = 600000`), or gives the connections it accepts an idle
 * timeout (`server.on('connection', (s) => s.setTimeout(ms))`).
 */
function timeoutsTunedHere(analysis: FileAnalysis, value: TrackedValue, options: CreationOptions): boolean {
  for (const property of OTHER_TIMEOUTS) {
    const setting = settingState(value, property, options);
    if (setting.state !== 'unset' && setting.writes.length > 0) return true;
  }
  return analysis.values.some((v) => v.origin === 'accepted' && v.server === value && analysis.methodCalls(v, 'setTimeout').length > 0);
}

/** `resolve(server)` / `accept(server)`: the first parameter of an executor given to `new Promise(…)` (or bluebird's `new B(…)`). */
function resolvesPromise(call: CallExpression): boolean {
  const callee = call.getExpression();
  const decl = Node.isIdentifier(callee) ? symbolOf(callee)?.getDeclarations()[0] : undefined;
  if (!decl || !Node.isParameterDeclaration(decl)) return false;
  const executor = decl.getParent();
  if (!Node.isArrowFunction(executor) && !Node.isFunctionExpression(executor)) return false;
  const created = executor.getParent();
  return executor.getParameters()[0] === decl && Node.isNewExpression(created) && created.getArguments()[0] === executor;
}

/** `server.close.bind(server)`: a method of the server bound to it keeps the server where it was. */
function bindsOwnMethod(call: CallExpression): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'bind') return false;
  const method = callee.getExpression();
  const [self] = call.getArguments();
  return Node.isPropertyAccessExpression(method) && self !== undefined && method.getExpression().getText() === self.getText();
}

/**
 * A server this file tunes and starts, then hands back to its caller (returned, alone or in an object, or resolved as the
 * started server), and hands to no other code: the code that decided its timeouts left
 * keepAliveTimeout out, and a caller awaiting a started server is not where timeouts get set.
 * A server also given to another module's function (socket.io, a tunnel or CONNECT handler
 * installed elsewhere) stays unjudged: that code may set it, or make the server a forward proxy.
 */
function startedAndHandedBack(analysis: FileAnalysis, value: TrackedValue, options: CreationOptions): boolean {
  if (analysis.methodCalls(value, 'listen').length === 0 || !timeoutsTunedHere(analysis, value, options)) return false;
  return value.uses.escapes.every((e) => returned(e) || (Node.isCallExpression(e) && (resolvesPromise(e) || bindsOwnMethod(e))));
}

/** `return server`, or `return { app, server }`: handed back to the caller. */
function returned(escape: Node): boolean {
  if (Node.isReturnStatement(escape)) return true;
  const property = Node.isShorthandPropertyAssignment(escape) ? escape : escape.getParent();
  const object = property && (Node.isShorthandPropertyAssignment(property) || Node.isPropertyAssignment(property)) ? property.getParent() : undefined;
  return object !== undefined && Node.isObjectLiteralExpression(object) && object.getParent() !== undefined && Node.isReturnStatement(object.getParent()!);
}

/**
 * `new WebSocketServer({ server })` (ws) on a server that also serves requests: ws only listens for
 * 'upgrade', 'listening' and 'error' on it and leaves its timeouts alone, so the server stays this
 * file's. A server made for ws alone (no request handler) keeps no idle HTTP connections.
 */
function givenOnlyToWsServers(analysis: FileAnalysis, value: TrackedValue): boolean {
  const node = value.node;
  const servesRequests =
    ((Node.isCallExpression(node) || Node.isNewExpression(node)) && (node.getArguments() ?? []).some((a) => !Node.isObjectLiteralExpression(a))) ||
    analysis.listeners(value, 'request').length > 0;
  if (!servesRequests || value.uses.escapes.length === 0) return false;
  return value.uses.escapes.every((e) => {
    // The escape is the shorthand `{ server }` itself, or the value of `server: httpServer`.
    const property = Node.isShorthandPropertyAssignment(e) ? e : e.getParent();
    const named = property && (Node.isShorthandPropertyAssignment(property) || (Node.isPropertyAssignment(property) && property.getInitializer() === e));
    const object = named ? property.getParent() : undefined;
    const created = object?.getParent();
    return (
      named &&
      property.getName() === 'server' &&
      created !== undefined &&
      analysis.values.some((v) => v.kind === 'wsServer' && v.origin === 'created' && v.node === created)
    );
  });
}

function buildFix(
  value: TrackedValue,
  options: CreationOptions,
  keepAlive: SettingState,
  defaults: NodeHttpDefaults,
  proxy: number,
  nodeMajor: number,
): Fix | undefined {
  const target = proxy + KEEPALIVE_MARGIN_MS;
  const request = settingState(value, 'requestTimeout', options);
  const requestBound = request.state === 'number' ? request.value : request.state === 'unset' ? (defaults.requestTimeout ?? 0) : 0;
  // Strictly below requestTimeout: Node 18.0–18.13 and 19.0–19.3 throw on equal values in createServer options.
  const headers = requestBound > 0 ? Math.min(target + HEADERS_MARGIN_MS, requestBound - 1000) : target + HEADERS_MARGIN_MS;
  const current = settingState(value, 'headersTimeout', options);
  const headersTooLow = current.state === 'number' && current.value > 0 && current.value < headers;
  const title = `Set keepAliveTimeout above the proxy's idle timeout (${target} ms)`;
  const edits: TextEdit[] = [];

  if (keepAlive.state === 'number') {
    edits.push(...replaceWrites(keepAlive.writes, String(target)));
    if (headersTooLow) edits.push(...replaceWrites(current.writes, String(headers)));
    if (current.state === 'unset') {
      const edit = addHeadersNextTo(keepAlive.writes[keepAlive.writes.length - 1], headers, value);
      if (edit) edits.push(edit);
    }
    return edits.length ? { title, edits } : undefined;
  }

  const addHeaders = current.state === 'unset';
  if (headersTooLow) edits.push(...replaceWrites(current.writes, String(headers)));
  if (value.name && value.statement) {
    const lines = [`${value.name}.keepAliveTimeout = ${target};`];
    if (addHeaders) lines.push(`${value.name}.headersTimeout = ${headers};`);
    edits.push(insertAfterStatement(value.statement, lines));
    return { title, edits };
  }
  // No variable: createServer takes both as options from Node 18.
  if (nodeMajor < 18 || !/(^|\.)create(Secure)?Server$/.test(value.factory)) return undefined;
  const props: Array<[string, string]> = [['keepAliveTimeout', String(target)]];
  if (addHeaders) props.push(['headersTimeout', String(headers)]);
  const edit = options.inline ? addProperties(options.inline, props) : options.sources.length === 0 ? insertOptionsArgument(value.node, 0, props) : undefined;
  if (!edit) return undefined;
  edits.push(edit);
  return { title, edits };
}

/** A server parameter's timeouts this function sets, keepAliveTimeout left out: where to report, and the fix. */
interface TunedParameter {
  at: Node;
  fix?: Fix;
}

/**
 * `function setServerTimeout(server: Server) { server.setTimeout(ms) }`: a function that takes an
 * http(s) server by its type and decides its timeouts (`setTimeout`, `timeout`, `requestTimeout`,
 * `headersTimeout`) but not keepAliveTimeout. Whoever calls it made the server for this code to tune.
 */
function tunedParameters(analysis: FileAnalysis, proxy: number): TunedParameter[] {
  const found: TunedParameter[] = [];
  for (const param of descendantsOfKind(analysis.sourceFile, SyntaxKind.Parameter) as ParameterDeclaration[]) {
    const name = param.getNameNode();
    // A type written as a server (`Server`, `http.Server`, `HttpsServer`): no type query for the others.
    const type = param.getTypeNode();
    if (!Node.isIdentifier(name) || !type || !/Server\b/.test(type.getText())) continue;
    const kind = classifyExpression(name);
    if (!kind || !HTTP_SERVER_KINDS.has(kind)) continue;
    const probe = analysis.probe(name, true);
    const written = (property: string) => probe.uses.assignments.filter((a) => a.property === property);
    if (written('keepAliveTimeout').length > 0 || probe.uses.escapes.length > 0) continue;
    const sets = [
      ...analysis.methodCalls(probe, 'setTimeout').filter((c) => numericValue(c.getArguments()[0]) !== 0),
      ...OTHER_TIMEOUTS.flatMap((p) => written(p).map((a) => a.node)),
    ].sort((a, b) => a.getStart() - b.getStart());
    if (sets.length === 0) continue;
    const last = enclosingStatement(sets[sets.length - 1]);
    const keepAlive = proxy + KEEPALIVE_MARGIN_MS;
    const headers = keepAlive + HEADERS_MARGIN_MS;
    // headersTimeout above a requestTimeout set here would not hold: leave that fix to the user.
    const requestTimeouts = written('requestTimeout').map((a) => numericValue(a.value));
    const fits = requestTimeouts.every((ms) => ms !== undefined && (ms === 0 || ms >= headers));
    const lines = [`${name.getText()}.keepAliveTimeout = ${keepAlive};`, `${name.getText()}.headersTimeout = ${headers};`];
    const fix: Fix | undefined =
      last && Node.isExpressionStatement(last) && fits
        ? { title: `Keep idle connections ${keepAlive} ms (above the proxy's ${proxy} ms)`, edits: [insertAfterStatement(last, lines)] }
        : undefined;
    found.push({ at: sets[0], fix });
  }
  return found;
}

const rule = defineRule({
  meta: {
    id: 'server-keepalive-below-proxy',
    description: "An HTTP server's keepAliveTimeout must outlast the idle timeout of the proxy in front of it.",
    defaultSeverity: 'warn',
    // A test's own server has no proxy in front of it and lives for one run.
    inTests: 'skip',
    messages: {
      defaultKeepAlive:
        "This server closes idle connections before the proxy in front of it does. Node's default keepAliveTimeout is {keepAlive} ms, below the proxy's {proxy} ms idle timeout, so the proxy can reuse a connection the server just closed and answer 502 / ECONNRESET.",
      lowKeepAlive:
        "This server closes idle connections before the proxy in front of it does. keepAliveTimeout {keepAlive} ms is not longer than the proxy's {proxy} ms idle timeout, so the proxy can reuse a connection the server just closed and answer 502 / ECONNRESET.",
    },
    options: {
      proxyIdleTimeoutMs: {
        type: 'number',
        default: 60000,
        description: 'Idle timeout of the proxy or load balancer in front of the server (AWS ALB and nginx: 60 s); 0 turns the rule off.',
      },
    },
  },
  check(context) {
    const proxy = Number(context.options.proxyIdleTimeoutMs);
    if (!(proxy > 0)) return;
    // A home-automation hub's plugin serves devices and the hub's UI on the local network: no proxy pools its connections.
    if (homeHubOf(context.sourceFile.getFilePath())) return;
    // A program that opens the user's browser at its server is a local tool: that browser is its client.
    if (opensBrowser(context.sourceFile)) return;
    // A package that calls itself a development or test tool (a mock server, an SMTP sink) serves a developer or a test run directly.
    if (localToolOf(context.sourceFile.getFilePath())) return;
    // A program that serves at its own LAN address hands it to a device or peer, which connects
    // straight to it; a file a module of its folder loads and opens the browser at is a local
    // preview (honkit's); a script a library keeps beside its code is run by a maintainer at their
    // machine. Asked only of a file about to be reported: it scans calls and reads files.
    let direct: boolean | undefined;
    const reachedDirectly = () =>
      (direct ??=
        servesAtLanAddress(context.sourceFile) || startedByBrowserOpener(context.sourceFile) || isLibraryHelperScript(context.sourceFile.getFilePath()));
    const { analysis, nodeVersion } = context;
    const defaults = httpDefaults(nodeVersion.version);
    for (const value of analysis.values) {
      if (!HTTP_SERVER_KINDS.has(value.kind) || value.origin !== 'created') continue;
      // A server that answers at once and upgrades the rest leaves no pooled HTTP connection to race.
      if (analysis.inertServer(value) || onlyUpgradesToWebSocket(analysis, value)) continue;
      // A development server's own server (webpack-dev-server's `listen()`) is reached by the developer's browser.
      if (madeByLocalTool(value)) continue;
      // A server that talks to its connections itself finishes no response: keep-alive never starts.
      if (answersNoRequests(analysis, value)) continue;
      // Prometheus scrapes a metrics endpoint directly, one short request at a time.
      if (isMetricsEndpoint(context.sourceFile, value)) continue;
      // A port probe (closed as soon as it listens) serves nothing.
      if (analysis.closedOnListening(value)) continue;
      const options = creationOptions(value);
      if (analysis.escapes(value) && !startedAndHandedBack(analysis, value, options) && !givenOnlyToWsServers(analysis, value)) continue;
      // A port the OS picks at run time is known only to the program: no proxy is configured with it.
      if (listensOnEphemeralPort(analysis, value)) continue;
      // A forward proxy (it handles CONNECT) is what clients talk to directly: nothing sits in front of it.
      if (isForwardProxy(analysis, value)) continue;
      // A command-line tool's server bound to loopback serves the user's browser or tools on this
      // machine (next's bundle analyzer, a trace viewer); an application behind a local proxy installs no command.
      if (listensOnlyOnLoopback(analysis, value) && isCommandPackage(context.sourceFile.getFilePath())) continue;
      const keepAlive = settingState(value, 'keepAliveTimeout', options);
      if (keepAlive.state === 'unknown') continue;
      // 0 switches the keep-alive timeout off: the server never closes idle connections on its own.
      if (keepAlive.state === 'number' && (keepAlive.value === 0 || keepAlive.value > proxy)) continue;
      if (keepAlive.state === 'unset' && defaults.keepAliveTimeout > proxy) continue;
      if (reachedDirectly()) return;
      const effective = keepAlive.state === 'number' ? keepAlive.value : defaults.keepAliveTimeout;
      const reported = keepAlive.state === 'number' ? keepAlive.writes[keepAlive.writes.length - 1].node : value.node;
      const fix = buildFix(value, options, keepAlive, defaults, proxy, nodeVersion.major);
      context.report({
        node: reported,
        messageId: keepAlive.state === 'number' ? 'lowKeepAlive' : 'defaultKeepAlive',
        data: { keepAlive: effective, proxy },
        fixes: fix ? [fix] : [],
      });
    }
    if (defaults.keepAliveTimeout <= proxy) {
      for (const tuned of tunedParameters(analysis, proxy)) {
        if (reachedDirectly()) return;
        context.report({
          node: tuned.at,
          messageId: 'defaultKeepAlive',
          data: { keepAlive: defaults.keepAliveTimeout, proxy },
          fixes: tuned.fix ? [tuned.fix] : [],
        });
      }
    }
  },
});

export default rule;
