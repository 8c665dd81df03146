import { Node, SyntaxKind, type CallExpression, type SourceFile, type Statement } from 'ts-morph';
import {
  LISTENER_METHODS,
  SOCKET_KINDS,
  TEARDOWN_METHODS,
  callsMethodOn,
  callsNamed,
  classifyExpression,
  creationOptions,
  identifierNames,
  numericValue,
  optionOf,
  ownNodeTypeName,
  resolveFunction,
  settledContinuations,
  symbolOf,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type Listener,
  type TrackedValue,
  type ValueProbe,
} from '../core/analysis';
import { enclosingStatement, insertAfterStatement, render, styleOf } from '../core/fixBuilders';
import { pipelineCallee } from '../core/pipelineImport';
import { redundantTeardownEdits } from '../core/pipelineTeardown';
import { testPeers, type PeerCheck } from '../core/requestAddress';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

/** One direction of a relay: `src.on('data', c => dst.write(c))` or `src.pipe(dst)`. */
interface Link {
  src: Node;
  dst: Node;
  from: Endpoint;
  to: Endpoint;
  call: CallExpression;
  /** `pipe` ends the destination when the source ends (unless `{ end: false }`). */
  endsPeer: boolean;
  /** The statement that is the whole link and nothing else: a pipeline can replace it. */
  replaceable?: Statement;
}

interface Relay {
  a: Endpoint;
  b: Endpoint;
  links: Link[];
}

const SIMPLE_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const WRITE = new Set(['write']);
/** Calls that may link two sockets: `a.pipe(b)` and `a.on('data', …)`. */
const RELAY_CALLS = new Set(['pipe', ...LISTENER_METHODS]);

/**
 * A socket at one end of a relay. `own`: the tracked socket, or the variable's own uses. For a
 * parameter of a same-file function (incident 3's `pipeSocket(from, to)`), `incoming` holds the
 * callers' sockets: what they do with them counts too.
 */
interface Endpoint {
  own: ValueProbe;
  incoming: TrackedValue[];
  /**
   * An untyped parameter of a function other code calls (an 'upgrade' or 'connect' handler's
   * `socket`): the caller's connection. It is one end of a relay only when piped both ways with a
   * socket, and the caller may give it its own 'error' listener and timeout.
   */
  external?: boolean;
  /**
   * A parameter typed `stream.Duplex` (an SSH channel, a WebSocket's stream, a socket the caller
   * types loosely): one end of a relay when piped both ways with another such end or a socket,
   * asked for everything but an idle timeout, which a Duplex does not have.
   */
  duplex?: boolean;
}

/** An end that is a connection whose peer is this program (a client to this machine, an accepted connection), as far as every value reaching it says. */
function ofThisProgram(end: Endpoint, peerIsThisTest: PeerCheck): boolean {
  const own = end.own as Partial<TrackedValue>;
  const values = end.incoming.length > 0 ? end.incoming : own.origin !== undefined ? [own as TrackedValue] : [];
  return values.length > 0 && values.every(peerIsThisTest);
}

function isSocketKind(kind: string | undefined): boolean {
  return kind !== undefined && SOCKET_KINDS.has(kind as TrackedValue['kind']);
}

/** `a.pipe(b)` gives back `b`: what `a.pipe(b).pipe(a)` pipes from. */
function pipedInto(expr: Node): Node {
  let cur = unwrap(expr);
  while (Node.isCallExpression(cur)) {
    const callee = cur.getExpression();
    const [dst] = cur.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'pipe' || !dst) break;
    cur = unwrap(dst);
  }
  return cur;
}

/** An untyped parameter no tracked value reaches: a connection the caller hands over, or anything else. */
function callersUntypedParameter(inner: Node, decl: Node | undefined, incoming: TrackedValue[]): boolean {
  if (!decl || !Node.isParameterDeclaration(decl) || incoming.length > 0) return false;
  try {
    const type = inner.getType();
    return type.isAny() || type.isUnknown();
  } catch {
    return false;
  }
}

/** A parameter typed Node's own `stream.Duplex` (not a subclass such as a Transform), no tracked value reaching it. */
function duplexParameter(inner: Node, decl: Node | undefined, incoming: TrackedValue[]): boolean {
  return decl !== undefined && Node.isParameterDeclaration(decl) && incoming.length === 0 && ownNodeTypeName(inner) === 'Duplex';
}

function endpointOf(analysis: FileAnalysis, expr: Node, cache: Map<ValueProbe, Endpoint>): Endpoint | undefined {
  const inner = pipedInto(expr);
  const tracked = analysis.valueOf(inner);
  const decl = Node.isIdentifier(inner) ? symbolOf(inner)?.getDeclarations()[0] : undefined;
  // A parameter is probed for its own uses even when a tracked value flows into it.
  const ownUses = decl !== undefined && Node.isParameterDeclaration(decl) && tracked?.node !== decl;
  const byTracked = !ownUses ? tracked : undefined;
  if (!byTracked && !Node.isIdentifier(inner)) return undefined;
  // Whether it is a socket first: probing collects every use of the name, most pipes are not sockets.
  const symbol = byTracked ? undefined : symbolOf(inner);
  const incoming = symbol ? analysis.values.filter((v) => v.uses.symbols.has(symbol)) : [];
  const socket = byTracked
    ? isSocketKind(byTracked.kind)
    : incoming.length > 0
      ? incoming.every((v) => isSocketKind(v.kind))
      : isSocketKind(classifyExpression(inner));
  const external = !socket && !byTracked && callersUntypedParameter(inner, decl, incoming);
  const duplex = !socket && !byTracked && !external && duplexParameter(inner, decl, incoming);
  if (!socket && !external && !duplex) return undefined;
  const own = byTracked ?? analysis.probe(inner, ownUses);
  const cached = cache.get(own);
  if (cached) return cached;
  const endpoint: Endpoint = { own, incoming, external, duplex };
  cache.set(own, endpoint);
  return endpoint;
}

function isAloneInStatement(call: CallExpression): Statement | undefined {
  const parent = call.getParent();
  return parent && Node.isExpressionStatement(parent) ? parent : undefined;
}

/** `c => dst.write(c)` / `function (c) { dst.write(c); }`: a handler that only forwards. */
function onlyForwards(handler: FunctionLike, write: CallExpression): boolean {
  const body = handler.getBody();
  if (!body) return false;
  if (!Node.isBlock(body)) return unwrap(body) === write;
  const statements = body.getStatements();
  return statements.length === 1 && Node.isExpressionStatement(statements[0]) && statements[0].getExpression() === write;
}

function dataLinks(analysis: FileAnalysis, call: CallExpression, cache: Map<ValueProbe, Endpoint>): Link[] {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName())) return [];
  const [eventArg, handlerArg] = call.getArguments();
  if (!eventArg || !Node.isStringLiteral(eventArg) || eventArg.getLiteralValue() !== 'data' || !handlerArg) return [];
  const handler = resolveFunction(handlerArg);
  const chunkParam = handler?.getParameters()[0];
  const chunk = chunkParam && Node.isIdentifier(chunkParam.getNameNode()) ? symbolOf(chunkParam.getNameNode()) : undefined;
  if (!handler || !chunk) return [];
  const from = endpointOf(analysis, callee.getExpression(), cache);
  if (!from) return [];
  const links: Link[] = [];
  for (const write of callsNamed(handler, SyntaxKind.CallExpression, WRITE)) {
    const wcallee = write.getExpression();
    const [arg] = write.getArguments();
    if (!Node.isPropertyAccessExpression(wcallee) || wcallee.getName() !== 'write' || !arg || symbolOf(unwrap(arg)) !== chunk) continue;
    const to = endpointOf(analysis, wcallee.getExpression(), cache);
    if (!to || to === from) continue;
    const alone = isAloneInStatement(call);
    links.push({
      src: callee.getExpression(),
      dst: wcallee.getExpression(),
      from,
      to,
      call,
      endsPeer: false,
      replaceable: alone && onlyForwards(handler, write) && handlerArg === handler ? alone : undefined,
    });
  }
  return links;
}

function pipeLink(analysis: FileAnalysis, call: CallExpression, cache: Map<ValueProbe, Endpoint>): Link | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'pipe') return undefined;
  const [dstArg, optionsArg] = call.getArguments();
  if (!dstArg) return undefined;
  const source = callee.getExpression();
  const from = endpointOf(analysis, source, cache);
  const to = from && endpointOf(analysis, dstArg, cache);
  if (!from || !to || from === to) return undefined;
  // `a.pipe(b).pipe(a)`: the second link's source is `b`, and no statement holds that link alone.
  const chained = pipedInto(source) !== unwrap(source);
  const endFalse =
    optionsArg !== undefined &&
    Node.isObjectLiteralExpression(optionsArg) &&
    optionsArg.getProperties().some((p) => Node.isPropertyAssignment(p) && p.getName() === 'end' && p.getInitializer()?.getText() === 'false');
  // pipeline always ends the destination: `{ end: false }` relays keep their pipe.
  return {
    src: chained ? pipedInto(source) : source,
    dst: dstArg,
    from,
    to,
    call,
    endsPeer: !endFalse,
    replaceable: endFalse || chained ? undefined : isAloneInStatement(call),
  };
}

function collectRelays(analysis: FileAnalysis, sf: SourceFile): Relay[] {
  const relays: Relay[] = [];
  const cache = new Map<ValueProbe, Endpoint>();
  for (const call of callsNamed(sf, SyntaxKind.CallExpression, RELAY_CALLS)) {
    const pipe = pipeLink(analysis, call, cache);
    for (const link of pipe ? [pipe] : dataLinks(analysis, call, cache)) {
      const relay = relays.find((r) => (r.a === link.from && r.b === link.to) || (r.a === link.to && r.b === link.from));
      if (relay) relay.links.push(link);
      else relays.push({ a: link.from, b: link.to, links: [link] });
    }
  }
  // The caller's connection, or a Duplex, is a relay's end only when it is relayed both ways with
  // a socket of this code (or, a Duplex, with another Duplex).
  const bothWaysOnly = (e: Endpoint) => e.external === true || e.duplex === true;
  return relays.filter((r) => {
    if (!bothWaysOnly(r.a) && !bothWaysOnly(r.b)) return true;
    // Two ends that may both be the caller's: nothing says this code relays them.
    if ((r.a.external && bothWaysOnly(r.b)) || (r.b.external && bothWaysOnly(r.a))) return false;
    return r.links.some((l) => l.from === r.a) && r.links.some((l) => l.from === r.b);
  });
}

function probesOf(e: Endpoint): ValueProbe[] {
  return [e.own, ...e.incoming];
}

function handlesErrors(analysis: FileAnalysis, e: Endpoint): boolean {
  return analysis.handlesErrors(e.own) || (e.incoming.length > 0 && e.incoming.every((v) => analysis.handlesErrors(v)));
}

/** Whether some listener for one of `events` on `x` ends or destroys `peer` (an unseen listener counts). */
function listenerCloses(analysis: FileAnalysis, x: Endpoint, events: string[], peer: Endpoint): boolean {
  const isPeer = (r: Node) => probesOf(peer).some((p) => analysis.denotes(r, p));
  return probesOf(x).some(
    (probe) =>
      events.some((event) => analysis.listeners(probe, event).some((l) => !l.transient && listenerTearsDown(l, isPeer))) ||
      (events.includes('close') && finishedCallbackCloses(probe, isPeer)),
  );
}

/**
 * Whether a listener ends or destroys the peer: its body, or, when it settles a promise made here
 * (`s.on('close', resolve)`), the handlers chained on that promise or the code after its `await`.
 * A listener the file does not show counts.
 */
function listenerTearsDown(l: Listener, isPeer: (r: Node) => boolean): boolean {
  if (l.handler) return callsMethodOn(l.handler, TEARDOWN_METHODS, isPeer);
  const continuations = settledContinuations(l.call.getArguments()[1]);
  return continuations === undefined || continuations.some((c) => callsMethodOn(c, TEARDOWN_METHODS, isPeer));
}

/**
 * `stream.finished(x, () => peer.destroy())`: the callback runs when `x` closes or fails (also
 * after it ends and finishes), so it tears the peer down as a 'close' listener would.
 */
function finishedCallbackCloses(probe: ValueProbe, isPeer: (r: Node) => boolean): boolean {
  return probe.uses.handledBy.some((call) => {
    if (!Node.isCallExpression(call) || !/(^|\.)finished$/.test(call.getExpression().getText())) return false;
    const args = call.getArguments();
    const callback = args.length > 1 ? resolveFunction(args[args.length - 1]) : undefined;
    return callback !== undefined && callsMethodOn(callback, TEARDOWN_METHODS, isPeer);
  });
}

function hasIdleTimeout(analysis: FileAnalysis, e: Endpoint): boolean {
  return probesOf(e).some((x) => {
    const byCall = analysis.methodCalls(x, 'setTimeout').some((c) => {
      const [ms] = c.getArguments();
      return ms !== undefined && !(Node.isNumericLiteral(ms) && Number(ms.getLiteralValue()) === 0);
    });
    const created = analysis.valueOf(x.node);
    if (byCall || created?.origin !== 'created') return byCall;
    // A `timeout` option (through variables too); one the analysis cannot read may be set.
    const option = optionOf(creationOptions(created), 'timeout');
    return option.state === 'unknown' || (option.state === 'set' && numericValue(option.value) !== 0);
  });
}

function escapes(analysis: FileAnalysis, e: Endpoint): boolean {
  return probesOf(e).some((p) => analysis.escapes(p));
}

/**
 * An end other code may hold: the caller's connection, or a socket that escapes (handed to another
 * module, stored, returned). When both are, that code may complete the relay; when one end is this
 * code's alone, only this code can tear it down when the other fails, or listen on it to tear down
 * the other.
 */
function outOfSight(analysis: FileAnalysis, e: Endpoint): boolean {
  return e.external === true || escapes(analysis, e);
}

/**
 * Whether code out of sight may hold both ends together, and so tear one down when the other
 * fails: an end handed over in the same call as the other, kept where other code reaches it
 * (stored, returned, thrown), or handed to a function the caller gave (`callback(upstream)`)
 * when the other end is the caller's. Ends that only leave one at a time (`setupSocket(upstream)`,
 * `server.emit('proxySocket', upstream)`: an emitter's listeners are not the connection's) are
 * paired by this code alone.
 */
function pairMayBeHeldElsewhere(analysis: FileAnalysis, relay: Relay): boolean {
  return [relay.a, relay.b].some((e) => {
    const other = e === relay.a ? relay.b : relay.a;
    const isOther = (n: Node) => probesOf(other).some((p) => analysis.denotes(n, p));
    return probesOf(e).some((p) => p.uses.escapes.some((escape) => !handsOverAlone(escape, isOther, other.external === true)));
  });
}

/** Collection methods that keep what they are given (`proxyRoute.sockets.push(s)`): storing, not handing over. */
const STORING_METHODS = new Set(['push', 'unshift', 'add', 'set', 'splice']);

function handsOverAlone(escape: Node, isOther: (n: Node) => boolean, otherIsCallers: boolean): boolean {
  if (!Node.isCallExpression(escape) && !Node.isNewExpression(escape)) return false;
  if ((escape.getArguments() ?? []).some((arg) => isOther(arg))) return false;
  if (!Node.isCallExpression(escape)) return true;
  const callee = unwrap(escape.getExpression());
  if (Node.isPropertyAccessExpression(callee) && STORING_METHODS.has(callee.getName())) return false;
  if (!otherIsCallers) return true;
  const root = Node.isPropertyAccessExpression(callee) ? (callee.getName() === 'emit' ? undefined : unwrap(callee.getExpression())) : callee;
  const decl = root && Node.isIdentifier(root) ? symbolOf(root)?.getDeclarations()[0] : undefined;
  return decl === undefined || !Node.isParameterDeclaration(decl);
}

/**
 * What unseen code could still supply leaves the report: the 'error' listener and the idle timeout
 * of an end that escapes or is the caller's. Tearing down and ending the peer stays this code's,
 * the only code that holds both ends.
 */
function visibleMissing(analysis: FileAnalysis, relay: Relay, m: Missing): Missing {
  const unseen = (e: Endpoint) => outOfSight(analysis, e);
  return {
    errorOn: m.errorOn.filter((e) => !unseen(e)),
    endFor: m.endFor,
    teardownOf: m.teardownOf,
    timeout: m.timeout && !unseen(relay.a) && !unseen(relay.b),
  };
}

interface Missing {
  errorOn: Endpoint[];
  endFor: Link[];
  teardownOf: Array<{ x: Endpoint; peer: Endpoint }>;
  timeout: boolean;
}

function missingParts(analysis: FileAnalysis, relay: Relay): Missing {
  const { a, b } = relay;
  const endFor: Link[] = [];
  for (const link of relay.links) {
    if (link.endsPeer || listenerCloses(analysis, link.from, ['end'], link.to)) continue;
    if (!endFor.some((l) => l.from === link.from && l.to === link.to)) endFor.push(link);
  }
  return {
    errorOn: [a, b].filter((x) => !handlesErrors(analysis, x)),
    endFor,
    teardownOf: [
      { x: a, peer: b },
      { x: b, peer: a },
    ].filter(({ x, peer }) => !listenerCloses(analysis, x, ['close', 'error'], peer)),
    timeout: !a.duplex && !b.duplex && !hasIdleTimeout(analysis, a) && !hasIdleTimeout(analysis, b),
  };
}

function isEmpty(m: Missing): boolean {
  return m.errorOn.length === 0 && m.endFor.length === 0 && m.teardownOf.length === 0 && !m.timeout;
}

function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The name each endpoint goes by in the first link that mentions it, for messages and inserted code. */
function namesOf(relay: Relay): Map<Endpoint, string> {
  const names = new Map<Endpoint, string>();
  // An inline creation (`a.pipe(net.connect(…))`) is named by its factory.
  const nameOf = (e: Endpoint, expr: Node) => {
    const text = expr.getText();
    const factory = (e.own as Partial<TrackedValue>).factory;
    return SIMPLE_NAME.test(text) || !factory ? text : `the ${factory}() socket`;
  };
  for (const link of relay.links) {
    if (!names.has(link.from)) names.set(link.from, nameOf(link.from, link.src));
    if (!names.has(link.to)) names.set(link.to, nameOf(link.to, link.dst));
  }
  return names;
}

function describeMissing(m: Missing, names: Map<Endpoint, string>): string {
  const n = (x: Endpoint) => names.get(x) ?? 'the socket';
  const parts: string[] = [];
  if (m.errorOn.length) parts.push(`an 'error' listener on ${joinList(m.errorOn.map(n))}`);
  for (const link of m.endFor) parts.push(`ending ${n(link.to)} when ${n(link.from)} ends`);
  for (const { x, peer } of m.teardownOf) parts.push(`tearing down ${n(peer)} when ${n(x)} closes or fails`);
  if (m.timeout) parts.push('an idle timeout');
  return parts.join('; ');
}

/** The fix that keeps the relay and adds what it lacks, after the relay's last statement. */
function insertHandlersFix(relay: Relay, m: Missing, names: Map<Endpoint, string>, timeoutMs: number): Fix | undefined {
  const first = enclosingStatement(relay.links[0].call);
  if (!first) return undefined;
  // After the last statement of the block that adds a link or a listener to either socket.
  const related = [...relay.links.map((l) => l.call), ...[relay.a, relay.b].flatMap((e) => e.own.uses.listeners.map((l) => l.call))];
  const sameBlock = related.map((c) => enclosingStatement(c)).filter((s): s is Statement => !!s && s.getParent() === first.getParent());
  const anchor = sameBlock.reduce((last, s) => (s.getEnd() > last.getEnd() ? s : last), first);
  const name = (x: Endpoint) => names.get(x);
  if ([relay.a, relay.b].some((x) => !SIMPLE_NAME.test(name(x) ?? ''))) return undefined;
  const lines: string[] = [];
  for (const x of m.errorOn) {
    const peer = x === relay.a ? relay.b : relay.a;
    lines.push(`${name(x)}.on('error', (err) => {`, `  console.error('relay error:', err.message);`, `  ${name(peer)}.destroy();`, `});`);
  }
  for (const { x, peer } of m.teardownOf) {
    if (m.errorOn.includes(x)) continue; // the new 'error' listener tears the peer down
    lines.push(`${name(x)}.on('close', () => ${name(peer)}.end());`);
  }
  for (const link of m.endFor) lines.push(`${name(link.from)}.on('end', () => ${name(link.to)}.end());`);
  if (m.timeout) {
    for (const x of [relay.a, relay.b]) lines.push(`${name(x)}.setTimeout(${timeoutMs});`, `${name(x)}.on('timeout', () => ${name(x)}.destroy());`);
  }
  return { title: 'Add the missing relay handlers', edits: [insertAfterStatement(anchor, lines)] };
}

/** The whole lines a statement occupies, when nothing else shares them. */
function lineSpan(text: string, statement: Statement): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const nl = text.indexOf('\n', statement.getEnd());
  const end = nl === -1 ? text.length : nl + 1;
  if (text.slice(start, statement.getStart()).trim() !== '' || text.slice(statement.getEnd(), end).trim() !== '') return undefined;
  return { start, end };
}

function freeName(sf: SourceFile, candidates: string[]): string | undefined {
  const used = identifierNames(sf);
  return candidates.find((c) => !used.has(c));
}

/** The fix that replaces the hand-made relay with `stream.pipeline` in each direction. */
function pipelineFix(sf: SourceFile, relay: Relay, names: Map<Endpoint, string>): Fix | undefined {
  const statements = relay.links.map((l) => l.replaceable);
  if (statements.some((s) => !s)) return undefined;
  if (relay.links.some((l) => !SIMPLE_NAME.test(l.src.getText()) || !SIMPLE_NAME.test(l.dst.getText()))) return undefined;
  const [first, ...rest] = statements as Statement[];
  if (rest.some((s) => s.getParent() !== first.getParent())) return undefined;
  const a = names.get(relay.a);
  const b = names.get(relay.b);
  if (!a || !b || !SIMPLE_NAME.test(a) || !SIMPLE_NAME.test(b)) return undefined;
  const callee = pipelineCallee(sf, 'stream');
  const done = freeName(sf, ['done', 'relayDone', 'onRelayDone']);
  if (!callee || !done) return undefined;
  const text = sf.getFullText();
  const spans = rest.map((s) => lineSpan(text, s));
  if (spans.some((s) => !s)) return undefined;
  const errType = /\.[cm]?tsx?$/.test(sf.getFilePath()) ? ': NodeJS.ErrnoException | null' : '';
  const lines = [
    `const ${done} = (err${errType}) => {`,
    `  if (err) console.error('relay failed:', err.message);`,
    `  ${a}.destroy();`,
    `  ${b}.destroy();`,
    `};`,
  ];
  const seen = new Set<string>();
  for (const link of relay.links) {
    const key = `${link.src.getText()}>${link.dst.getText()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${callee.callee}(${link.src.getText()}, ${link.dst.getText()}, ${done});`);
  }
  const indent = text.slice(text.lastIndexOf('\n', first.getStart() - 1) + 1, first.getStart());
  const rendered = render(styleOf(sf), indent, lines).slice(indent.length);
  const edits: TextEdit[] = [...callee.edits, { start: first.getStart(), end: first.getEnd(), text: rendered }];
  for (const span of spans) edits.push({ ...span!, text: '' });
  edits.push(...redundantTeardownEdits(statements as Statement[], [a, b], edits));
  return { title: 'Rewrite the relay with stream.pipeline', suggestion: true, edits };
}

/** Where to point: the relay function when the sockets are its parameters, else the first relay call. */
function reportNode(relay: Relay): Node {
  const link = relay.links[0];
  const fn = link.call.getFirstAncestor(
    (n) => Node.isFunctionDeclaration(n) || Node.isFunctionExpression(n) || Node.isArrowFunction(n) || Node.isMethodDeclaration(n),
  );
  if (fn && (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isMethodDeclaration(fn))) {
    const params = new Set(fn.getParameters().map((p) => symbolOf(p.getNameNode())));
    const isParam = (e: Node) => params.has(symbolOf(unwrap(e)));
    if (isParam(link.src) && isParam(link.dst)) {
      const nameNode = Node.isArrowFunction(fn) ? undefined : fn.getNameNode();
      const holder = fn.getParent();
      if (nameNode) return nameNode;
      if (holder && Node.isVariableDeclaration(holder)) return holder.getNameNode();
    }
  }
  return link.call.getExpression();
}

const rule = defineRule({
  meta: {
    id: 'incomplete-socket-relay',
    description: 'Sockets joined by hand must handle errors, end and close of both sides, and idle peers.',
    defaultSeverity: 'error',
    messages: {
      incomplete: 'This socket relay is incomplete: a failed or idle peer leaves the other socket open forever. Missing: {missing}.',
    },
    options: {
      idleTimeoutMs: {
        type: 'number',
        default: 60000,
        description: 'Idle timeout (ms) the "insert the missing handlers" fix sets on both sockets.',
      },
    },
  },
  check(context) {
    const { analysis, sourceFile } = context;
    const peerIsThisTest = testPeers(context.inTest, sourceFile, analysis);
    for (const relay of collectRelays(analysis, sourceFile)) {
      if (outOfSight(analysis, relay.a) && outOfSight(analysis, relay.b) && pairMayBeHeldElsewhere(analysis, relay)) continue;
      // In a test that starts a server, a relay between two of its own connections: both peers are the test's program.
      if (peerIsThisTest && ofThisProgram(relay.a, peerIsThisTest) && ofThisProgram(relay.b, peerIsThisTest)) continue;
      const missing = visibleMissing(analysis, relay, missingParts(analysis, relay));
      if (isEmpty(missing)) continue;
      const names = namesOf(relay);
      const fixes = [pipelineFix(sourceFile, relay, names), insertHandlersFix(relay, missing, names, Number(context.options.idleTimeoutMs))].filter(
        (f): f is Fix => f !== undefined,
      );
      context.report({ node: reportNode(relay), messageId: 'incomplete', data: { missing: describeMissing(missing, names) }, fixes });
    }
  },
});

export default rule;
