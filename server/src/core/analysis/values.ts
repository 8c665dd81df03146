import { Node, SyntaxKind, ts, type CallExpression, type Expression, type SourceFile, type Statement, type Symbol as MorphSymbol } from 'ts-morph';
import {
  callsNamed,
  descendantsOfKind,
  descendantsOfKindWhere,
  identifiersNamed,
  isMemberName,
  propertyAccessesNamed,
  propertyAccessesNamedIn,
} from './descendants';
import { unwrap } from './syntax';
import { declarationsOf, symbolOf } from './symbols';
import { compiledClassMethod, compiledClassOf } from './compiledClasses';
import { classifyExpression, HTTP_SERVER_KINDS, isUntyped, SERVER_KINDS, type TrackedKind } from './classify';
import {
  FACTORY_CALL_NAMES,
  FACTORY_NEW_NAMES,
  calleeName,
  constructorKind,
  fromBrowserBundle,
  isPromiseConstructor,
  moduleBindingOf,
  moduleMemberOf,
  provenanceKind,
  requiredModule,
} from './modules';
import { boundArgumentCount, enclosingFunction, functionName, resolveFunction, type FunctionLike } from './functions';
import { frameworkServers } from './frameworks';
import { eventsFromConstantList } from './eventNames';
import { helperOwnsResult } from './helperCalls';
import { onlyRunsLater } from './deferred';
import { handedToBaseConstructor, handedToInheritedMethod } from './sharedThis';

/*
 * The value model: which expressions are sockets, requests, servers and agents this file creates
 * or accepts, and everything the file does with each — its uses, and where it escapes. What
 * "owned", "handled" and "escapes" mean is written down in docs/ARCHITECTURE.md ("The value model").
 */
export const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Events only an http (or https) server emits. */
const HTTP_ONLY_EVENTS = new Set(['request', 'clientError', 'checkContinue', 'checkExpectation']);
/** Methods of sockets, requests, servers and emitters that return the receiver itself. */
export const CHAINABLE_METHODS: ReadonlySet<string> = new Set([
  ...LISTENER_METHODS,
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'setTimeout',
  'setKeepAlive',
  'setNoDelay',
  'setEncoding',
  'pause',
  'resume',
  'ref',
  'unref',
  'listen',
  // `new net.Socket().connect(opts)` returns the socket.
  'connect',
  'setHeader',
  'setSocketKeepAlive',
]);

/** `stream.socket` for `stream`, `this.conn._socket` for `this.conn`: a property read off the same expression. */
function isPropertyOf(expr: Node, owner: Node): boolean {
  const inner = unwrap(expr);
  return Node.isPropertyAccessExpression(inner) && unwrap(inner.getExpression()).getText() === unwrap(owner).getText();
}

/**
 * `end()` returns the stream too, but `() => req.end()` only finishes it: follow its result only when
 * it is kept (`const req = http.request(…).end()`) or chained on.
 */
function endResultKept(call: Node): boolean {
  const parent = call.getParent();
  return (
    parent !== undefined &&
    ((Node.isVariableDeclaration(parent) && parent.getInitializer() === call) || (Node.isPropertyAccessExpression(parent) && parent.getExpression() === call))
  );
}
/** Calls that take a stream and attach error handling to it. */
const HANDLING_CALLEES = new Set(['pipeline', 'finished']);
/** Calls that look at a value without keeping it. */
const INERT_CALLEE_OBJECTS = new Set(['console', 'assert', 'JSON', 'util', 'debug']);
const MAX_FOLLOW_DEPTH = 5;

export interface Listener {
  event: string;
  /** The registering call (`x.on('error', f)`, `events.once(x, 'connect')`). */
  call: CallExpression;
  method: string;
  /** The listener function when it is visible in this file. */
  handler?: FunctionLike;
  /** Registered by `events.once(x, ev)`: only present while awaited. */
  transient: boolean;
}

export interface Assignment {
  property: string;
  node: Node;
  value: Expression;
}

/** Everything this file does with one tracked value. */
export interface ValueUses {
  listeners: Listener[];
  /** Method calls on the value (`x.m(...)`), including chained ones. */
  calls: CallExpression[];
  assignments: Assignment[];
  /** Places where the value leaves what the analysis can see. */
  escapes: Node[];
  /** `pipeline`/`finished`/`for await` uses: they attach error handling. */
  handledBy: Node[];
  /** `src.pipe(x)`: x is the destination. */
  pipedFrom: CallExpression[];
  /**
   * `proxy.ws(req, socket, head)`: http-proxy's WebSocket pass, which listens for the socket's
   * errors late (so no escape for that question) and turns TCP keep-alive on for it.
   */
  proxiedBy: CallExpression[];
  /** Symbols that name this value: its binding, aliases, parameters it was passed to. */
  symbols: Set<MorphSymbol>;
  /**
   * Properties of objects this code owns that hold the value (`this.socket`, `conn.socket`): every
   * read of them in the file is a reference. Keyed by the checker's property symbol.
   */
  fields: Set<object>;
  /** Collections this code owns that hold the value (`this.sockets.set(id, s)`): their element reads are references. */
  containers: Set<object>;
  /** Every expression that refers to the value. */
  references: Node[];
}

/** Anything whose uses were collected: a tracked value, or a probed untracked expression. */
export interface ValueProbe {
  node: Node;
  uses: ValueUses;
}

/** Where a field is written: `object.name = …` or `Object.defineProperty(object, 'name', …)`. */
interface FieldWrite {
  object: Node;
  name: string;
  start: number;
  end: number;
}

export interface TrackedValue {
  kind: TrackedKind;
  /**
   * `created` here (a factory call), `accepted` from a server or request (a listener's parameter),
   * `typed`: known only by its type (the receiver of `server.on('connection', …)` when the server
   * comes from elsewhere; only ever an accepted value's `server`), `probe`: the uses of an
   * expression a rule asked about (`FileAnalysis.probe`). Only the first two are in `values`.
   */
  origin: 'created' | 'accepted' | 'typed' | 'probe';
  /** The creating call/new expression, or the accepting listener's parameter. */
  node: Node;
  /** e.g. "net.connect", "new ws.WebSocket"; for accepted values the server's kind and event. */
  factory: string;
  /** For accepted values: the server (or client request) that handed them over. */
  server?: TrackedValue;
  /**
   * For accepted values, the event that handed them over. `connection`: a server's new connection
   * (an http server keeps handling it). `upgrade`/`connect`: a socket an http server or a client
   * request gives up to this code, with Node's own error and timeout handling removed.
   */
  via?: 'connection' | 'upgrade' | 'connect' | 'handleUpgrade';
  /** The variable that holds the value, when there is one. */
  name?: string;
  /** The statement that creates or first binds the value: fixes insert after it. */
  statement?: Statement;
  uses: ValueUses;
}

function emptyUses(): ValueUses {
  return {
    listeners: [],
    calls: [],
    assignments: [],
    escapes: [],
    handledBy: [],
    proxiedBy: [],
    pipedFrom: [],
    symbols: new Set(),
    fields: new Set(),
    containers: new Set(),
    references: [],
  };
}

function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isPropertyAccessExpression(node)) return node.getName(); // events.errorMonitor → "errorMonitor"
  try {
    const value = node.getType().getLiteralValue();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Builds and holds the tracked values of one source file. */
export class ValueIndex {
  readonly values: TrackedValue[] = [];
  /** Values by the symbol (or field key) that names them. */
  private readonly bySymbol = new Map<object, TrackedValue>();
  /** Fields the checker has no symbol for (plain JS), by owner and name. */
  private readonly ownerFields = new Map<object, Map<string, object>>();
  /** Untracked values probed on demand: never registered for valueOf. */
  private readonly probes = new Map<object, ValueProbe>();
  private readonly probeValues = new Set<ValueProbe>();
  /** Values kept in a field that other methods give a new object (`rivalWriters`). */
  private readonly replacedInOtherMethods = new WeakSet<TrackedValue>();

  constructor(private readonly sourceFile: SourceFile) {
    this.collectCreated();
    this.dropUnconnectedPlaceholders();
    this.collectAccepted();
    this.mergeSameConnections();
  }

  /**
   * Every 'connection' (or 'upgrade', 'connect') listener of one server gets the same socket: a
   * listener that only keeps track of it (`server.on('connection', (s) => { sockets.add(s) })`,
   * for a graceful shutdown) and the one that serves it are one value, its uses theirs together.
   * The first listener's parameter stands for it.
   */
  private mergeSameConnections(): void {
    const first = new Map<TrackedValue, Map<string, TrackedValue>>();
    for (let i = 0; i < this.values.length; i++) {
      const value = this.values[i];
      if (value.origin !== 'accepted' || !value.server || !value.via || value.via === 'handleUpgrade') continue;
      const byEvent = first.get(value.server) ?? new Map<string, TrackedValue>();
      first.set(value.server, byEvent);
      const kept = byEvent.get(value.via);
      if (!kept) {
        byEvent.set(value.via, value);
        continue;
      }
      const into = kept.uses;
      const from = value.uses;
      into.listeners.push(...from.listeners);
      into.calls.push(...from.calls);
      into.assignments.push(...from.assignments);
      into.escapes.push(...from.escapes);
      into.handledBy.push(...from.handledBy);
      into.proxiedBy.push(...from.proxiedBy);
      into.pipedFrom.push(...from.pipedFrom);
      into.references.push(...from.references);
      for (const symbol of from.symbols) {
        into.symbols.add(symbol);
        if (this.bySymbol.get(symbol) === value) this.bySymbol.set(symbol, kept);
      }
      for (const field of from.fields) {
        into.fields.add(field);
        if (this.bySymbol.get(field) === value) this.bySymbol.set(field, kept);
      }
      for (const container of from.containers) into.containers.add(container);
      this.values.splice(i--, 1);
    }
  }

  /**
   * `this._socket = new net.Socket()` in a constructor, never connected, while other methods put
   * connected sockets in the field, or that nothing is ever called on: a placeholder that opens
   * nothing. Its field's reads were traced to the sockets that replace it.
   */
  private dropUnconnectedPlaceholders(): void {
    for (let i = this.values.length - 1; i >= 0; i--) {
      const value = this.values[i];
      if (value.kind !== 'socket' || !Node.isNewExpression(value.node) || value.uses.fields.size === 0 || value.uses.escapes.length > 0) continue;
      if ((value.node.getArguments() ?? []).length > 0) continue;
      const connects = value.uses.calls.some((c) => {
        const callee = c.getExpression();
        return Node.isPropertyAccessExpression(callee) && callee.getName() === 'connect';
      });
      // Nothing is ever called on it either (`this.socket = socket || new Socket()` on a mock
      // request, unenv's): with no handle and no write, it has nothing to fail or time out.
      const untouched = value.uses.calls.length === 0 && value.uses.listeners.length === 0;
      if (!connects && (this.replacedInOtherMethods.has(value) || untouched)) this.values.splice(i, 1);
    }
  }

  /** The tracked value an expression refers to, if any. */
  valueOf(expr: Node | undefined): TrackedValue | undefined {
    if (!expr) return undefined;
    const inner = unwrap(expr);
    for (const v of this.values) if (v.node === inner) return v;
    // `this.socket`: the value a field of this code's objects holds.
    const symbol = Node.isPropertyAccessExpression(inner) ? (symbolOf(inner.getNameNode()) ?? this.fieldKey(inner, false)) : symbolOf(inner);
    return symbol ? this.bySymbol.get(symbol) : undefined;
  }

  /**
   * The uses of any expression's value, collected like a tracked value's (aliases, same-file
   * functions): the tracked value's own uses, or a probe keyed by the variable or expression.
   * `ownUses`: probe the variable itself even when a tracked value flows into it (a parameter).
   */
  probe(expr: Node, ownUses = false): ValueProbe {
    const tracked = ownUses ? undefined : this.valueOf(expr);
    if (tracked) return tracked;
    const inner = unwrap(expr);
    const symbol = Node.isIdentifier(inner) ? symbolOf(inner) : undefined;
    const key = symbol ?? inner;
    let probe = this.probes.get(key);
    if (!probe) {
      const value: TrackedValue = { kind: 'socket', origin: 'probe', node: inner, factory: '', uses: emptyUses() };
      this.probes.set(key, value);
      this.probeValues.add(value);
      // `var rs = fs.createReadStream(f).on('error', …)`: the listeners chained before the variable count.
      const root = symbol && chainedInitializerRoot(symbol);
      if (root) this.trace(value, root, 0);
      else if (symbol) this.addAlias(value, symbol, 0);
      else this.trace(value, inner, 0);
      probe = value;
    }
    return probe;
  }

  private collectCreated(): void {
    const sf = this.sourceFile;
    const candidates: Node[] = [];
    for (const call of callsNamed(sf, SyntaxKind.CallExpression, FACTORY_CALL_NAMES)) {
      const name = calleeName(call.getExpression());
      if (name && FACTORY_CALL_NAMES.has(name)) candidates.push(call);
    }
    for (const expr of callsNamed(sf, SyntaxKind.NewExpression, FACTORY_NEW_NAMES)) {
      const name = calleeName(expr.getExpression());
      if (name && (FACTORY_NEW_NAMES.has(name) || name === 'default')) candidates.push(expr);
    }
    // `import { createServer as createHttpServer } from 'http'`: a factory under another name.
    const renamed = factoryCallAliases(sf);
    if (renamed.size > 0) for (const call of callsNamed(sf, SyntaxKind.CallExpression, renamed)) if (!candidates.includes(call)) candidates.push(call);
    // `const engine = options.engine || WebSocket.Server; new engine(opts)`: a constructor kept in a variable.
    const aliases = constructorAliases(sf);
    if (aliases.size > 0) for (const expr of callsNamed(sf, SyntaxKind.NewExpression, aliases)) if (!candidates.includes(expr)) candidates.push(expr);
    for (const node of candidates) {
      const created = this.creationKind(node);
      if (!created) continue;
      const value: TrackedValue = {
        kind: created.kind,
        origin: 'created',
        node,
        factory: created.factory,
        uses: emptyUses(),
      };
      this.values.push(value);
      this.trace(value, node, 0);
    }
    // Servers a framework makes with its application (fastify, hapi, NestJS…): reached as `app.server`.
    for (const server of frameworkServers(sf)) {
      const value: TrackedValue = { kind: server.kind, origin: 'created', node: server.node, factory: server.factory, name: server.name, uses: emptyUses() };
      value.statement = server.node.getFirstAncestorByKind(SyntaxKind.VariableStatement);
      value.uses.escapes.push(...server.escapes);
      this.values.push(value);
      for (const read of server.reads) this.trace(value, read, 0);
    }
  }

  private creationKind(node: Node): { kind: TrackedKind; factory: string } | undefined {
    // `new net.Socket({ fd: 2 })` wraps a descriptor someone else opened (stdio, an inherited pipe).
    const options = (node as CallExpression).getArguments?.()[0];
    if (options && Node.isObjectLiteralExpression(options) && options.getProperty('fd')) return undefined;
    // A factory of a module (`net.connect`, `new ws.WebSocket`): its kind needs no type query.
    const byProvenance = provenanceKind(node);
    if (byProvenance) return byProvenance;
    const callee = (node as CallExpression).getExpression();
    // `map.get(id)`, `array.push(x)`: the standard library creates no sockets.
    if (Node.isCallExpression(node) && declaredOnlyInDefaultLibrary(callee)) return undefined;
    // A method on a tracked value (`socket.connect()`, `server.listen()`) returns that value: not a creation.
    if (
      Node.isPropertyAccessExpression(callee) &&
      Node.isCallExpression(node) &&
      (classifyExpression(callee.getExpression()) || this.valueOf(callee.getExpression()))
    ) {
      return undefined;
    }
    // A browserify bundle's stand-in for `http` (stream-http over XHR): typed as Node's, it is not.
    if ((Node.isCallExpression(node) || Node.isNewExpression(node)) && fromBrowserBundle(node.getExpression())) return undefined;
    const byType = classifyExpression(node);
    if (!byType) return undefined;
    if (Node.isCallExpression(node) && helperOwnsResult(node)) return undefined;
    if ((byType === 'netServer' || byType === 'tlsServer') && declaredByLibrary(node)) return undefined;
    return { kind: byType, factory: describeCallee(node) };
  }

  private collectAccepted(): void {
    // Servers created here: their connection listeners and createServer(…, listener) callbacks.
    for (const server of this.values.filter((v) => SERVER_KINDS.has(v.kind))) {
      if (server.kind === 'netServer' || server.kind === 'tlsServer') {
        const args = (server.node as CallExpression).getArguments?.() ?? [];
        // The connection listener is the argument that is a function (`createServer(opts, onConnection)`).
        const listener = args.find((a) => resolveFunction(a) !== undefined);
        if (listener) this.accept(server, resolveFunction(listener)!, 'connection', boundArgumentCount(listener));
      }
    }
    // `x.on('connection', fn)` on anything that is a server by type or by creation; the sockets an
    // http server or a client request hands over on 'upgrade' and 'connect'.
    for (const call of callsNamed(this.sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS)) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName())) continue;
      const [eventArg, handlerArg] = call.getArguments();
      const event = Node.isStringLiteral(eventArg) ? eventArg.getLiteralValue() : undefined;
      if (event !== 'connection' && event !== 'secureConnection' && event !== 'upgrade' && event !== 'connect') continue;
      const receiver = callee.getExpression();
      // `onConnect.bind(null, options)`: the bound arguments come before the emitter's.
      const bound = handlerArg ? boundArgumentCount(handlerArg) : 0;
      for (const fn of handlerArg ? this.listenerFunctions(handlerArg) : []) {
        const owner = this.valueOf(receiver) ?? this.serverByType(receiver) ?? es5ServerSubclass(receiver) ?? untypedUpgradeOwner(receiver, event, fn, bound);
        if (!owner) continue;
        if (event === 'upgrade' || event === 'connect') {
          if (HTTP_SERVER_KINDS.has(owner.kind) || owner.kind === 'clientRequest') this.accept(owner, fn, event, bound);
        } else if (SERVER_KINDS.has(owner.kind)) {
          this.accept(owner, fn, 'connection', bound);
        }
      }
    }
    // Handlers shaped as `(req, socket, head)` that no emitter of this file was found to call:
    // registered out of sight, or on an emitter the analysis cannot place.
    for (const fn of functionsOf(this.sourceFile, hasUpgradeParameterNames)) {
      if (!upgradeShaped(fn) || this.values.some((v) => v.node === fn.getParameters()[1])) continue;
      // Called in this file (by its name): its socket is the caller's, followed from there.
      // A nameless one counts only when returned by a factory (`return function (req, socket, head) {…}`).
      const name = functionName(fn);
      if (!name && !Node.isReturnStatement(fn.getParent())) continue;
      if (name && callsNamed(this.sourceFile, SyntaxKind.CallExpression, new Set([name])).some((c) => calleeName(c.getExpression()) === name)) continue;
      this.accept({ kind: 'httpServer', origin: 'typed', node: fn, factory: '', uses: emptyUses() }, fn, 'upgrade');
    }
    // `wss.handleUpgrade(req, socket, head, (ws) => …)`: the WebSocket is this code's.
    for (const call of callsNamed(this.sourceFile, SyntaxKind.CallExpression, new Set(['handleUpgrade']))) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'handleUpgrade') continue;
      const owner = this.valueOf(callee.getExpression()) ?? this.serverByType(callee.getExpression());
      const fn = call.getArguments()[3] && resolveFunction(call.getArguments()[3]);
      if (owner?.kind === 'wsServer' && fn) this.accept(owner, fn, 'handleUpgrade');
    }
    // express-ws: once `require('express-ws')(app)` has run, `app.ws('/path', (ws, req) => …)` routes get ws WebSockets.
    if (EXPRESS_WS.test(this.sourceFile.getFullText()) && !this.everyExpressWsConnectionListened()) {
      for (const call of callsNamed(this.sourceFile, SyntaxKind.CallExpression, new Set(['ws']))) {
        const callee = call.getExpression();
        const args = call.getArguments();
        if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'ws' || args.length < 2) continue;
        const fn = resolveFunction(args[args.length - 1]);
        if (fn) this.accept({ kind: 'wsServer', origin: 'typed', node: call, factory: 'express-ws', uses: emptyUses() }, fn, 'handleUpgrade');
      }
    }
  }

  /** `expressWs.getWss().on('connection', (ws) => ws.on('error', …))`: every route's WebSocket is listened on. */
  private everyExpressWsConnectionListened(): boolean {
    return callsNamed(this.sourceFile, SyntaxKind.CallExpression, new Set(['on'])).some((call) => {
      const callee = call.getExpression();
      const [event, listener] = call.getArguments();
      if (!Node.isPropertyAccessExpression(callee) || !/getWss\(\)$/.test(callee.getExpression().getText())) return false;
      if (!event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'connection') return false;
      const param = listener && resolveFunction(listener)?.getParameters()[0];
      return param !== undefined && this.probe(param.getNameNode(), true).uses.listeners.some((l) => l.event === 'error');
    });
  }

  /**
   * The functions a listener argument can be: the function it denotes, or, when it is a parameter
   * of a same-file function (`setupServer(onUpgrade) { server.on('upgrade', onUpgrade) }`), the
   * functions that function's callers in this file pass there.
   */
  private listenerFunctions(arg: Node): FunctionLike[] {
    const fn = resolveFunction(arg);
    if (fn) return [fn];
    const param = Node.isIdentifier(arg) ? symbolOf(arg)?.getDeclarations()[0] : undefined;
    if (!param || !Node.isParameterDeclaration(param) || param.getSourceFile() !== this.sourceFile) return [];
    const owner = param.getParent() as FunctionLike;
    const index = owner.getParameters().indexOf(param);
    const calls = this.callSitesOf(owner) ?? this.prototypeCallSites(owner) ?? [];
    const found: FunctionLike[] = [];
    for (const call of calls) {
      const given = Node.isCallExpression(call) ? call.getArguments()[index] : undefined;
      const target = given && resolveFunction(given);
      if (target && !found.includes(target)) found.push(target);
    }
    return found;
  }

  private serverByType(receiver: Node): TrackedValue | undefined {
    const kind = classifyExpression(receiver);
    if (!kind || (!SERVER_KINDS.has(kind) && kind !== 'clientRequest')) return undefined;
    // A library's own subclass of net.Server (httpolyglot's, serving HTTP and HTTPS on one port)
    // may handle its connections' errors itself: its 'connection' sockets are not known to be raw.
    if ((kind === 'netServer' || kind === 'tlsServer') && declaredByLibrary(receiver)) return undefined;
    // Typed or cast as net.Server (`/** @type {import('net').Server} *\/ (createServer())`) but given a
    // 'request' or 'clientError' listener: an http server, whose connections' errors Node handles.
    if ((kind === 'netServer' || kind === 'tlsServer') && listenedForHttpEvents(this.sourceFile, receiver)) {
      return { kind: kind === 'tlsServer' ? 'httpsServer' : 'httpServer', origin: 'typed', node: receiver, factory: '', uses: emptyUses() };
    }
    return { kind, origin: 'typed', node: receiver, factory: '', uses: emptyUses() };
  }

  private accept(owner: TrackedValue, fn: FunctionLike, via: NonNullable<TrackedValue['via']>, bound = 0): void {
    // 'upgrade' and 'connect' listeners get (req | res, socket, head), after any bound arguments.
    // A TypeScript `this:` parameter is not an argument.
    const params = fn
      .getParameters()
      .filter((p) => p.getName() !== 'this')
      .slice(bound);
    const param = params[via === 'upgrade' || via === 'connect' ? 1 : 0];
    if (!param || this.values.some((v) => v.node === param)) return;
    // `onConnection(ws) {}`: a method left empty for a subclass or an owner to replace does nothing here.
    if (isEmptyMethod(fn)) return;
    const kind: TrackedKind = owner.kind === 'wsServer' ? 'wsWebSocket' : owner.kind === 'tlsServer' || owner.kind === 'httpsServer' ? 'tlsSocket' : 'socket';
    const value: TrackedValue = {
      kind,
      origin: 'accepted',
      node: param,
      factory: via === 'connection' ? `${owner.kind} connection` : `${owner.kind} ${via}`,
      server: owner,
      via,
      name: Node.isIdentifier(param.getNameNode()) ? param.getName() : undefined,
      uses: emptyUses(),
    };
    this.values.push(value);
    const symbol = symbolOf(param.getNameNode());
    if (symbol) this.addAlias(value, symbol, 0);
  }

  /**
   * `assignedIn`: the value was assigned to the variable inside this function, a callback of the
   * function that declares it. Uses directly in the enclosing functions ran before the callback
   * did: they were made on an earlier value of the variable.
   */
  private addAlias(value: TrackedValue, symbol: MorphSymbol, depth: number, assignedIn?: { fn: FunctionLike; end: number }): void {
    if (value.uses.symbols.has(symbol)) return;
    value.uses.symbols.add(symbol);
    if (!this.bySymbol.has(symbol) && !this.probeValues.has(value)) this.bySymbol.set(symbol, value);
    // In JS, `x.p = v` makes the identifier `x` itself a declaration (an expando): it is still a use.
    const decls = new Set(
      symbol
        .getDeclarations()
        .filter((d) => !Node.isIdentifier(d))
        .map((d) => (d as { getNameNode?: () => Node }).getNameNode?.() ?? d),
    );
    const earlier = assignedIn ? new Set<Node | undefined>([undefined, ...assignedIn.fn.getAncestors()]) : undefined;
    // A variable's name as a member (`conn.socket`, `{ socket: 1 }`) is never the variable: such
    // identifiers are left out before they are wrapped and asked for their symbols.
    const variable = symbol.getDeclarations().every((d) => Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d) || Node.isBindingElement(d));
    const keep = variable ? (id: ts.Identifier) => !isMemberName(id) : undefined;
    for (const id of identifiersNamed(this.sourceFile, symbol.getName(), keep)) {
      if (decls.has(id)) continue;
      if (symbolOf(id) !== symbol) continue;
      if (assignedIn) {
        const fn = enclosingFunction(id);
        if (earlier!.has(fn) || (fn === assignedIn.fn && id.getStart() < assignedIn.end)) continue;
      }
      this.trace(value, id, depth);
    }
    // `constructor(private readonly socket: Duplex)`: the parameter is also the field `this.socket`.
    for (const decl of symbol.getDeclarations()) {
      if (Node.isParameterDeclaration(decl) && decl.isParameterProperty()) this.addParameterProperty(value, decl, depth);
    }
  }

  /** The field a constructor's parameter property declares, read as `this.name` in the class's methods. */
  private addParameterProperty(value: TrackedValue, param: import('ts-morph').ParameterDeclaration, depth: number): void {
    const name = param.getName();
    for (const access of propertyAccessesNamed(this.sourceFile, name)) {
      if (!Node.isPropertyAccessExpression(access) || access.getExpression().getKind() !== SyntaxKind.ThisKeyword) continue;
      const property = symbolOf(access.getNameNode());
      if (!property?.getDeclarations().includes(param)) continue;
      this.addField(value, property, depth, { object: param, name, start: param.getStart(), end: param.getEnd() });
      return;
    }
  }

  /**
   * The value is kept in a property of an object this code owns (`this.socket = s`): every read of
   * that property in the file refers to it, whichever method it is in.
   */
  private addField(value: TrackedValue, property: object, depth: number, written: FieldWrite): void {
    if (value.uses.fields.has(property)) return;
    value.uses.fields.add(property);
    if (!this.bySymbol.has(property) && !this.probeValues.has(value)) this.bySymbol.set(property, value);
    // In plain JS each method of a constructor function may see its own symbol for `this.p`: the
    // same name on the same owner's `this` (or `self`) is the same field.
    const owner = objectOwner(written.object);
    // Written in a callback (`self.stream = tls.connect(…)` in a 'data' listener): uses before it
    // in the functions around that callback were made on the field's earlier value.
    const writer = enclosingFunction(written.object);
    const outer = new Set<Node>(writer?.getAncestors() ?? []);
    const writtenAt = written.start;
    const assignedAt = written.end;
    // A writer that only runs later (a connect callback declared above its uses): every use directly
    // in the functions around it, wherever written, was made on the earlier value.
    const writerLater = writer !== undefined && outer.size > 0 && onlyRunsLater(writer);
    const rivals = owner === undefined ? [] : rivalWriters(this.sourceFile, written.name, owner, writer);
    if (rivals.length > 0) this.replacedInOtherMethods.add(value);
    for (const access of propertyAccessesNamed(this.sourceFile, written.name)) {
      if (!Node.isPropertyAccessExpression(access) || isAssignmentTarget(access)) continue;
      const fn = enclosingFunction(access);
      if (fn && outer.has(fn) && (access.getStart() < writtenAt || writerLater)) continue;
      if (fn === writer && outer.size > 0 && access.getStart() < assignedAt) continue;
      if (rivals.length > 0 && insideRivalWriter(access, writer, rivals)) continue;
      const symbol = symbolOf(access.getNameNode()) ?? this.fieldKey(access, false);
      if (symbol !== property && (owner === undefined || objectOwner(access.getExpression()) !== owner)) continue;
      if (symbol && symbol !== property && !this.bySymbol.has(symbol) && !this.probeValues.has(value)) this.bySymbol.set(symbol, value);
      this.trace(value, access, depth);
    }
  }

  /**
   * The value is kept in a collection this code owns (`this.sockets.set(id, s)`, `pool.push(s)`):
   * the collection's element reads refer to it; the collection leaving the code takes it along.
   */
  private addContainer(value: TrackedValue, container: object, name: string, depth: number): void {
    if (value.uses.containers.has(container)) return;
    value.uses.containers.add(container);
    const refs = [
      ...identifiersNamed(this.sourceFile, name).filter((id) => symbolOf(id) === container),
      ...propertyAccessesNamed(this.sourceFile, name).filter(
        (a) => Node.isPropertyAccessExpression(a) && (symbolOf(a.getNameNode()) ?? this.fieldKey(a, false)) === container,
      ),
    ];
    for (const ref of refs) {
      const parent = ref.getParent();
      if (!parent) continue;
      // The declaration, or the collection's own name inside a property access (`this.sockets`).
      if ((Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent)) && parent.getNameNode() === ref) continue;
      if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === ref) continue;
      if (isAssignmentTarget(ref)) continue;
      const use = this.elementUse(ref);
      if (use === 'inert') continue;
      if (use === 'escape') {
        value.uses.escapes.push(parent);
        continue;
      }
      if (Node.isParameterDeclaration(use)) {
        const symbol = symbolOf(use.getNameNode());
        if (symbol) this.addAlias(value, symbol, depth);
      } else if (Node.isVariableDeclaration(use) || Node.isBindingElement(use)) {
        const symbol = symbolOf(use.getNameNode());
        if (symbol) this.addAlias(value, symbol, depth);
      } else {
        this.trace(value, use, depth);
      }
    }
  }

  /**
   * What one read of a collection does with its elements: an expression that evaluates to an
   * element (`c.get(k)`, `c[i]`), a variable or parameter bound to each element (`for (const s of
   * c)`, `c.forEach((s) => …)`), nothing (`c.size`, `c.delete(k)`), or the collection escapes.
   */
  private elementUse(ref: Node): Node | 'inert' | 'escape' {
    let cur = ref;
    let parent = cur.getParent();
    while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent))) {
      cur = parent;
      parent = cur.getParent();
    }
    if (!parent) return 'inert';
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === cur) return isAssignmentTarget(parent) ? 'inert' : parent;
    if (Node.isForOfStatement(parent) && parent.getExpression() === cur) return loopVariable(parent) ?? 'inert';
    if (Node.isForInStatement(parent) && parent.getExpression() === cur) return 'inert'; // its keys
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === cur) {
      const method = parent.getName();
      const call = parent.getParent();
      const isCall = call !== undefined && Node.isCallExpression(call) && call.getExpression() === parent;
      if (!isCall) return CONTAINER_PROPERTIES.has(method) ? 'inert' : 'escape';
      if (ELEMENT_GETTERS.has(method)) return call;
      if (ELEMENT_ITERATORS.has(method)) {
        const fn = call.getArguments()[0] && resolveFunction(call.getArguments()[0]);
        return fn?.getParameters()[0] ?? 'inert';
      }
      if (method === 'values' || method === 'entries') {
        const loop = call.getParent();
        if (method === 'values' && loop && Node.isForOfStatement(loop) && loop.getExpression() === call) return loopVariable(loop) ?? 'inert';
        return 'escape';
      }
      return CONTAINER_METHODS.has(method) ? 'inert' : 'escape';
    }
    if (Node.isBinaryExpression(parent)) return parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken ? 'escape' : 'inert';
    if (Node.isPrefixUnaryExpression(parent) || Node.isIfStatement(parent)) return 'inert';
    return 'escape';
  }

  /** Classifies one use of the value, starting at an expression that evaluates to it. */
  private trace(value: TrackedValue, start: Node, depth: number, promised = false): void {
    const uses = value.uses;
    if (!promised) uses.references.push(start);
    let cur: Node = start;
    for (;;) {
      const parent = cur.getParent();
      if (!parent) return;
      if (
        Node.isParenthesizedExpression(parent) ||
        Node.isAsExpression(parent) ||
        Node.isNonNullExpression(parent) ||
        Node.isTypeAssertion(parent) ||
        Node.isSatisfiesExpression(parent)
      ) {
        cur = parent;
        continue;
      }
      // The value flows on through `a ? x : y`, `x || y`, `x ?? y`, `c && x`; awaiting a promise of it gives it.
      if (Node.isConditionalExpression(parent)) {
        if (parent.getCondition() === cur) return;
        cur = parent;
        continue;
      }
      if (Node.isBinaryExpression(parent) && FLOW_OPERATORS.has(parent.getOperatorToken().getKind())) {
        if (parent.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken && parent.getLeft() === cur) return;
        // `(stream.socket || stream).on('error', …)`: the inner socket when there is one, not the value.
        if (parent.getRight() === cur && isPropertyOf(parent.getLeft(), cur)) return;
        cur = parent;
        continue;
      }
      // `return p.readable = true, p` (minified code): a comma sequence evaluates to its last operand.
      if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.CommaToken) {
        if (parent.getLeft() === cur) return;
        cur = parent;
        continue;
      }
      if (Node.isAwaitExpression(parent)) {
        if (promised) {
          promised = false;
          uses.references.push(parent);
        }
        cur = parent;
        continue;
      }
      if (promised) {
        this.tracePromise(value, cur, parent, depth);
        return;
      }
      if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === cur) {
        const grand = parent.getParent();
        const method = parent.getName();
        if (grand && Node.isCallExpression(grand) && grand.getExpression() === parent) {
          uses.calls.push(grand);
          if (LISTENER_METHODS.has(method)) {
            const [ev, handler] = grand.getArguments();
            const events = literalString(ev) ?? eventsFromConstantList(ev);
            for (const event of typeof events === 'string' ? [events] : (events ?? []))
              uses.listeners.push({ event, call: grand, method, handler: handler && resolveFunction(handler), transient: false });
          }
          if (CHAINABLE_METHODS.has(method) || (method === 'end' && endResultKept(grand))) {
            // `() => s.removeListener('x', f)` returns the receiver only incidentally.
            const after = grand.getParent();
            if (after && Node.isArrowFunction(after) && after.getBody() === grand) return;
            cur = grand;
            continue;
          }
          return;
        }
        if (grand && Node.isBinaryExpression(grand) && grand.getLeft() === parent && grand.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
          uses.assignments.push({ property: method, node: grand, value: grand.getRight() });
        }
        return;
      }
      if (Node.isCallExpression(parent) && parent.getArguments().includes(cur as Expression)) {
        this.traceArgument(value, parent, cur, depth);
        return;
      }
      if (Node.isNewExpression(parent) && (parent.getArguments() ?? []).includes(cur as Expression)) {
        this.traceConstructorArgument(value, parent, cur, depth);
        return;
      }
      if (Node.isVariableDeclaration(parent) && parent.getInitializer() === cur) {
        const nameNode = parent.getNameNode();
        if (Node.isIdentifier(nameNode)) {
          value.name ??= nameNode.getText();
          value.statement ??= parent.getFirstAncestorByKind(SyntaxKind.VariableStatement);
          const exported = parent.getFirstAncestorByKind(SyntaxKind.VariableStatement)?.isExported();
          if (exported) uses.escapes.push(parent);
          const symbol = symbolOf(nameNode);
          if (symbol) this.addAlias(value, symbol, depth);
        } else {
          uses.escapes.push(parent);
        }
        return;
      }
      if (Node.isBinaryExpression(parent) && parent.getRight() === cur && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        this.traceAssignment(value, parent, depth);
        // `socket = this.socket = net.connect()`: the assignment's value goes on.
        if (!Node.isExpressionStatement(parent.getParent())) {
          cur = parent;
          continue;
        }
        return;
      }
      if (Node.isForOfStatement(parent) && parent.getExpression() === cur) {
        if (parent.isAwaited()) uses.handledBy.push(parent);
        return;
      }
      if (Node.isExpressionStatement(parent)) {
        value.statement ??= parent;
        return;
      }
      if (Node.isReturnStatement(parent) || (Node.isArrowFunction(parent) && parent.getBody() === cur)) {
        this.traceReturn(value, parent, depth);
        return;
      }
      // `const context = { socket, buffers: [] }`: a property of a context object this code owns.
      if ((Node.isPropertyAssignment(parent) && parent.getInitializer() === cur) || Node.isShorthandPropertyAssignment(parent)) {
        if (this.definedProperty(value, parent, depth)) return;
        const literal = parent.getParent();
        if (
          literal &&
          Node.isObjectLiteralExpression(literal) &&
          depth < MAX_FOLLOW_DEPTH &&
          (this.destructuredArgument(value, literal, parent.getName(), depth) || this.addContextProperty(value, literal, parent.getName(), depth + 1))
        )
          return;
        uses.escapes.push(parent);
        return;
      }
      if (
        Node.isArrayLiteralExpression(parent) &&
        depth < MAX_FOLLOW_DEPTH &&
        this.appliedArguments(value, parent, parent.getElements().indexOf(cur as Expression), depth)
      )
        return;
      if (
        Node.isThrowStatement(parent) ||
        Node.isYieldExpression(parent) ||
        Node.isArrowFunction(parent) ||
        Node.isExportAssignment(parent) ||
        Node.isArrayLiteralExpression(parent) ||
        Node.isPropertyAssignment(parent) ||
        Node.isShorthandPropertyAssignment(parent) ||
        Node.isSpreadElement(parent) ||
        Node.isExportSpecifier(parent) ||
        (Node.isElementAccessExpression(parent) && parent.getExpression() !== cur) ||
        Node.isPropertyDeclaration(parent)
      ) {
        uses.escapes.push(parent);
        return;
      }
      return;
    }
  }

  /** `x = v`, `this.socket = v`, `pool[id] = v`. */
  private traceAssignment(value: TrackedValue, assignment: import('ts-morph').BinaryExpression, depth: number): void {
    const uses = value.uses;
    const left = unwrap(assignment.getLeft());
    const statement = Node.isExpressionStatement(assignment.getParent()) ? (assignment.getParent() as Statement) : undefined;
    const symbol = Node.isIdentifier(left) ? symbolOf(left) : undefined;
    if (symbol && !isExportedSymbol(symbol)) {
      value.name ??= left.getText();
      if (statement) value.statement ??= statement;
      this.addAlias(value, symbol, depth, callbackAssigning(assignment, symbol));
      return;
    }
    if (Node.isPropertyAccessExpression(left)) {
      // `this.socket = s` through a setter of this file's class: the setter's parameter is the value.
      const setter = setterOf(left);
      const param = setter?.getParameters()[0];
      const paramSymbol = param && Node.isIdentifier(param.getNameNode()) ? symbolOf(param.getNameNode()) : undefined;
      if (paramSymbol && depth < MAX_FOLLOW_DEPTH) {
        if (statement) value.statement ??= statement;
        this.addAlias(value, paramSymbol, depth + 1);
        return;
      }
      const property = this.fieldKey(left, true);
      if (property) {
        if (SIMPLE_PATH.test(left.getText())) value.name ??= left.getText();
        if (statement) value.statement ??= statement;
        this.addField(value, property, depth, { object: left.getExpression(), name: left.getName(), start: left.getStart(), end: assignment.getEnd() });
        // Set for another module's constructor run next on `this`, or for an inherited method called next: it may listen there.
        const ownMethod = (call: Node) => this.calledFunction((call as CallExpression).getExpression()) !== undefined;
        if (handedToBaseConstructor(assignment) || handedToInheritedMethod(assignment, left.getExpression(), ownMethod)) uses.escapes.push(assignment);
        return;
      }
      // `context.serviceSocket = s` where every context reaching here is an object literal of this file.
      const literals = depth < MAX_FOLLOW_DEPTH ? this.objectLiteralsReaching(left.getExpression(), 0) : undefined;
      if (literals && literals.length > 0) {
        if (SIMPLE_PATH.test(left.getText())) value.name ??= left.getText();
        if (statement) value.statement ??= statement;
        if (literals.every((literal) => this.addContextProperty(value, literal, left.getName(), depth + 1))) return;
      }
    }
    if (Node.isElementAccessExpression(left)) {
      const container = this.ownedContainer(left.getExpression());
      if (container) {
        this.addContainer(value, container.key, container.name, depth);
        return;
      }
    }
    uses.escapes.push(assignment);
  }

  /**
   * `return v` / `() => v`: the value goes to the function's callers. When every caller is in this
   * file (a function or method not exported and not handed out as a value), each call evaluates
   * to the value (or to a promise of it, when `promised` or the function is async); otherwise it escapes.
   */
  private traceReturn(value: TrackedValue, at: Node, depth: number, promised = false): void {
    const fn = Node.isArrowFunction(at) ? at : enclosingFunction(at);
    // A `.then(() => v)` callback: the promise `.then()` returns resolves to the value.
    const then = fn && promiseCallback(fn);
    if (then) {
      this.trace(value, then, depth, true);
      return;
    }
    // What a promise executor, a listener or a timer callback returns goes nowhere (CoffeeScript returns every last expression).
    if (fn && returnDiscarded(fn)) return;
    const calls = fn && depth < MAX_FOLLOW_DEPTH ? this.callSitesOf(fn) : undefined;
    if (!fn || !calls) {
      value.uses.escapes.push(at);
      return;
    }
    for (const call of calls) this.trace(value, call, depth + 1, promised || fn.isAsync());
  }

  /** A promise of the value: awaited (handled in trace), `.then(cb)`, returned; anything else escapes. */
  private tracePromise(value: TrackedValue, cur: Node, parent: Node, depth: number): void {
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === cur) {
      const call = parent.getParent();
      if (call && Node.isCallExpression(call) && call.getExpression() === parent) {
        if (parent.getName() === 'then') {
          const fn = call.getArguments()[0] && resolveFunction(call.getArguments()[0]);
          const param = fn?.getParameters()[0];
          const symbol = param && Node.isIdentifier(param.getNameNode()) ? symbolOf(param.getNameNode()) : undefined;
          if (symbol) this.addAlias(value, symbol, depth);
          else if (!fn) value.uses.escapes.push(call);
          return;
        }
        if (parent.getName() === 'catch' || parent.getName() === 'finally') {
          this.trace(value, call, depth, true);
          return;
        }
      }
    }
    // `return new Promise((resolve) => … resolve(s))`: each call of the function is a promise of the value.
    if (Node.isReturnStatement(parent) || (Node.isArrowFunction(parent) && parent.getBody() === cur)) {
      this.traceReturn(value, parent, depth, true);
      return;
    }
    if (Node.isExpressionStatement(parent)) return;
    value.uses.escapes.push(parent);
  }

  /**
   * The calls of a same-file function, or undefined when code this file cannot see may call it too
   * (exported, or used as a value) — and when nothing calls it, unless `orNone` asks for []. With
   * `partial`, the calls this file makes, whoever else may call it.
   */
  callSitesOf(fn: FunctionLike, orNone = false, partial = false): Node[] | undefined {
    let nameNode: Node | undefined;
    // Methods and object properties are called as `x.name(…)`; functions and variables as `name(…)`.
    let member = false;
    let definition: Node | undefined;
    if (Node.isFunctionDeclaration(fn)) {
      if (!partial && (fn.isExported() || fn.isDefaultExport())) return undefined;
      nameNode = fn.getNameNode();
    } else if (Node.isMethodDeclaration(fn)) {
      nameNode = fn.getNameNode();
      member = true;
      // A public method of an exported class may be called from other modules.
      const cls = fn.getParent();
      if (!partial && Node.isClassDeclaration(cls) && (cls.isExported() || cls.isDefaultExport()) && !isPrivateName(fn)) return undefined;
    } else {
      const holder = fn.getParent();
      if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === fn) {
        if (!partial && holder.getFirstAncestorByKind(SyntaxKind.VariableStatement)?.isExported()) return undefined;
        nameNode = holder.getNameNode();
      } else if (holder && (Node.isPropertyAssignment(holder) || Node.isPropertyDeclaration(holder)) && holder.getInitializer() === fn) {
        nameNode = holder.getNameNode();
        member = true;
      } else if (holder && Node.isBinaryExpression(holder) && holder.getOperatorToken().getKind() === SyntaxKind.EqualsToken && holder.getRight() === fn) {
        // `this._get = function (…) {…}` in a constructor: a method defined by assignment.
        const target = holder.getLeft();
        if (Node.isPropertyAccessExpression(target)) {
          definition = target;
          nameNode = target.getNameNode();
          member = true;
        }
      }
    }
    if (!nameNode || !(Node.isIdentifier(nameNode) || Node.isPrivateIdentifier(nameNode))) return undefined;
    const symbol = symbolOf(nameNode);
    if (!symbol || (!partial && isExportedSymbol(symbol))) return undefined;
    const refs = member
      ? propertyAccessesNamed(this.sourceFile, symbol.getName()).filter(
          (a) => a !== definition && Node.isPropertyAccessExpression(a) && symbolOf(a.getNameNode()) === symbol,
        )
      : identifiersNamed(this.sourceFile, symbol.getName()).filter((id) => id !== nameNode && symbolOf(id) === symbol && !namesOverload(id));
    const calls: Node[] = [];
    for (const ref of refs) {
      const call = ref.getParent();
      if (call && Node.isCallExpression(call) && call.getExpression() === ref) calls.push(call);
      else if (!partial) return undefined; // handed out as a value: callers this file cannot see
    }
    return calls.length > 0 || orNone ? calls : undefined;
  }

  private traceConstructorArgument(value: TrackedValue, expr: import('ts-morph').NewExpression, arg: Node, depth: number): void {
    const index = (expr.getArguments() ?? []).indexOf(arg as Expression);
    // `new Promise((resolve) => …)` is not given the value; a class of this file is followed into its constructor.
    const ctor = depth < MAX_FOLLOW_DEPTH ? sameFileConstructor(expr) : undefined;
    const param = ctor?.getParameters()[index];
    const symbol = param && !param.isRestParameter() && Node.isIdentifier(param.getNameNode()) ? symbolOf(param.getNameNode()) : undefined;
    if (symbol) {
      this.addAlias(value, symbol, depth + 1);
      return;
    }
    value.uses.escapes.push(expr);
  }

  private traceArgument(value: TrackedValue, call: CallExpression, arg: Node, depth: number): void {
    const uses = value.uses;
    const callee = call.getExpression();
    const name = calleeName(callee);
    const index = call.getArguments().indexOf(arg as Expression);
    if (name && HANDLING_CALLEES.has(name)) {
      uses.handledBy.push(call);
      return;
    }
    // events.once(x, 'connect') / events.on(x, 'error')
    const member = moduleMemberOf(callee);
    if (member?.module === 'events' && (member.member === 'once' || member.member === 'on') && index === 0) {
      const event = literalString(call.getArguments()[1]);
      if (event) {
        const transient = member.member === 'once' && !racedWithOtherOnce(call) && !listensUntilDone(call, event);
        uses.listeners.push({ event, call, method: `events.${member.member}`, transient });
      }
      return;
    }
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'pipe' && index === 0) {
      uses.pipedFrom.push(call);
      // pipe() returns its destination: `req.pipe(outgoing).once('error', …)` listens on `outgoing` (npm_lazy).
      const after = call.getParent();
      if (after && Node.isPropertyAccessExpression(after) && after.getExpression() === call) this.trace(value, call, depth);
      return;
    }
    // `require('http-shutdown')(server)`, `stoppable(server)`: the same server, with a shutdown method.
    const decorator = member && member.member === 'default' ? member.module : requiredModule(callee);
    if (index === 0 && decorator && SERVER_DECORATORS.has(decorator) && SERVER_KINDS.has(value.kind)) {
      this.trace(value, call, depth);
      return;
    }
    if (Node.isPropertyAccessExpression(callee) && Node.isIdentifier(callee.getExpression()) && inertCalleeObject(callee.getExpression())) {
      return;
    }
    // Kept in a collection this code owns: `this.sockets.add(s)`, `pool.push(s)`, `conns.set(id, s)`.
    if (Node.isPropertyAccessExpression(callee) && CONTAINER_ADDERS.has(callee.getName()) && (callee.getName() !== 'set' || index === 1)) {
      const container = this.ownedContainer(callee.getExpression());
      if (container) {
        this.addContainer(value, container.key, container.name, depth);
        return;
      }
    }
    // Looked up or taken out of such a collection: `conns.indexOf(s)`, `pool.delete(s)`.
    if (Node.isPropertyAccessExpression(callee) && CONTAINER_LOOKUPS.has(callee.getName()) && index === 0 && this.ownedContainer(callee.getExpression()))
      return;
    if (Node.isPropertyAccessExpression(callee) && ['emit', 'write', 'end', 'log', 'info', 'warn', 'error', 'debug'].includes(callee.getName()) && index > 0) {
      // Emitting or logging a value hands it to listeners we cannot see.
      uses.escapes.push(call);
      return;
    }
    // `resolve(s)` inside `new Promise((resolve) => …)`: the promise resolves to the value.
    const promise = Node.isIdentifier(callee) ? promiseOfResolve(callee) : undefined;
    if (promise) {
      if (depth < MAX_FOLLOW_DEPTH) this.trace(value, promise, depth + 1, true);
      else uses.escapes.push(call);
      return;
    }
    if (isLateListeningProxyHandOff(call, index)) {
      uses.proxiedBy.push(call);
      return;
    }
    // `f.call(this, a, s)`: f's parameters start after the `this` argument.
    const viaCall = Node.isPropertyAccessExpression(callee) && callee.getName() === 'call';
    const target = viaCall ? callee.getExpression() : callee;
    const fn = depth < MAX_FOLLOW_DEPTH ? (resolveFunction(target) ?? this.sameFileMethod(target)) : undefined;
    if (fn && this.followParameter(value, fn, viaCall ? index - 1 : index, depth)) {
      if (!viaCall) this.listenersThroughWrapper(value, call, fn, symbolOf(fn.getParameters()[index].getNameNode())!);
      return;
    }
    uses.escapes.push(call);
  }

  /**
   * An argument list built as an array: `f.apply(this, [req, socket])`, or `var args = [req,
   * socket]` whose every use is `f.apply(…, args)` (same-file `f`): the element is f's parameter.
   */
  private appliedArguments(value: TrackedValue, array: Node, index: number, depth: number): boolean {
    if (index < 0 || descendantsOfKind(array, SyntaxKind.SpreadElement).length > 0) return false;
    let uses: Node[] = [array];
    const holder = array.getParent();
    if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === array) {
      const symbol = Node.isIdentifier(holder.getNameNode()) ? symbolOf(holder.getNameNode()) : undefined;
      if (!symbol) return false;
      uses = identifiersNamed(this.sourceFile, symbol.getName()).filter((id) => id !== holder.getNameNode() && symbolOf(id) === symbol);
    }
    const targets: FunctionLike[] = [];
    for (const use of uses) {
      const call = use.getParent();
      const callee = call && Node.isCallExpression(call) && call.getArguments()[1] === use ? call.getExpression() : undefined;
      if (!callee || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'apply') return false;
      const fn = resolveFunction(callee.getExpression()) ?? this.sameFileMethod(callee.getExpression());
      if (!fn) return false;
      targets.push(fn);
    }
    if (targets.length === 0) return false;
    for (const fn of targets) if (!this.followParameter(value, fn, index, depth)) return false;
    return true;
  }

  /**
   * The value is the `index`th argument of a same-file function: its parameter is the value, and so
   * is that argument of `g.apply(this, arguments)` inside it (old code's way of passing all on).
   */
  private followParameter(value: TrackedValue, fn: FunctionLike, index: number, depth: number): boolean {
    const param = index >= 0 ? fn.getParameters()[index] : undefined;
    if (!param || fn.getSourceFile() !== this.sourceFile || param.isRestParameter()) return false;
    const symbol = Node.isIdentifier(param.getNameNode()) ? symbolOf(param.getNameNode()) : undefined;
    if (!symbol) return false;
    this.addAlias(value, symbol, depth + 1);
    if (depth + 1 >= MAX_FOLLOW_DEPTH) return true;
    for (const id of identifiersNamed(fn, 'arguments')) {
      const args = id.getParent();
      const apply = args?.getParent();
      if (!args || !Node.isCallExpression(args) || args.getArguments()[1] !== id) continue;
      const applied = args.getExpression();
      if (!Node.isPropertyAccessExpression(applied) || applied.getName() !== 'apply' || enclosingFunction(id) !== fn) continue;
      const inner = resolveFunction(applied.getExpression()) ?? this.sameFileMethod(applied.getExpression());
      if (!inner || !this.followParameter(value, inner, index, depth + 1)) value.uses.escapes.push(apply ?? args);
    }
    return true;
  }

  /**
   * `this._bindEvent(socket, 'error', onError)` where the helper does `target.on(event, fn)`: the
   * event and the listener are the call's arguments.
   */
  private listenersThroughWrapper(value: TrackedValue, call: CallExpression, fn: FunctionLike, target: MorphSymbol): void {
    const params = fn.getParameters().map((p) => (Node.isIdentifier(p.getNameNode()) ? symbolOf(p.getNameNode()) : undefined));
    for (const inner of callsNamed(fn, SyntaxKind.CallExpression, LISTENER_METHODS)) {
      const callee = inner.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName())) continue;
      const receiver = unwrap(callee.getExpression());
      if (!Node.isIdentifier(receiver) || symbolOf(receiver) !== target) continue;
      const [eventArg, handlerArg] = inner.getArguments();
      const eventIndex = eventArg && Node.isIdentifier(eventArg) ? params.indexOf(symbolOf(eventArg)) : -1;
      const event = eventIndex >= 0 ? literalString(call.getArguments()[eventIndex]) : undefined;
      if (!event) continue;
      const handlerIndex = handlerArg && Node.isIdentifier(handlerArg) ? params.indexOf(symbolOf(handlerArg)) : -1;
      const given = handlerIndex >= 0 ? call.getArguments()[handlerIndex] : undefined;
      value.uses.listeners.push({ event, call, method: callee.getName(), handler: given && resolveFunction(given), transient: false });
    }
  }

  /**
   * The key of a field `obj.p` of an object this code owns: its property symbol when the object is
   * `this`, a `self = this` alias or a local/module variable (not a parameter, not exported), so
   * every read of `p` is in this file; in plain JS without a symbol, the owner and the name.
   */
  private fieldKey(access: import('ts-morph').PropertyAccessExpression, create: boolean): object | undefined {
    const property = symbolOf(access.getNameNode());
    if (property) return declaredInProject(property, access) && ownedObject(access.getExpression()) ? property : undefined;
    return this.ownerFieldKey(access.getExpression(), access.getName(), create);
  }

  /** The key of field `name` of an owned object named by `object` (`this`, `self`), by owner and name. */
  private ownerFieldKey(object: Node, name: string, create: boolean): object | undefined {
    const owner = objectOwner(object);
    if (!owner) return undefined;
    let fields = this.ownerFields.get(owner);
    if (!fields && create) this.ownerFields.set(owner, (fields = new Map()));
    let key = fields?.get(name);
    if (!key && fields && create) fields.set(name, (key = { owner, name }));
    return key;
  }

  /**
   * `Object.defineProperty(this, 'server', { value: v })`: the same as `this.server = v`. The
   * property-assignment node `value: v` is given.
   */
  private definedProperty(value: TrackedValue, property: Node, depth: number): boolean {
    if (!Node.isPropertyAssignment(property) || property.getName() !== 'value') return false;
    const descriptor = property.getParent();
    const call = descriptor?.getParent();
    if (!call || !Node.isCallExpression(call) || call.getArguments()[2] !== descriptor) return false;
    if (!/^(Object|Reflect)\.defineProperty$/.test(call.getExpression().getText())) return false;
    const [object, nameArg] = call.getArguments();
    const name = literalString(nameArg);
    const key = name && this.ownerFieldKey(object, name, true);
    if (!key) return false;
    if (Node.isExpressionStatement(call.getParent())) value.statement ??= call.getParent() as Statement;
    if (object.getKind() === SyntaxKind.ThisKeyword) value.name ??= `this.${name}`;
    this.addField(value, key, depth, { object, name, start: call.getStart(), end: call.getEnd() });
    return true;
  }

  /** The key of a collection this code owns: a non-exported variable, or an owned field. */
  private ownedContainer(expr: Node): { key: object; name: string } | undefined {
    const inner = unwrap(expr);
    if (Node.isPropertyAccessExpression(inner)) {
      const key = this.fieldKey(inner, true);
      return key && { key, name: inner.getName() };
    }
    if (!Node.isIdentifier(inner)) return undefined;
    const symbol = symbolOf(inner);
    const decl = symbol?.getDeclarations()[0];
    if (!symbol || !decl || !declaredInProject(symbol, inner) || isExportedSymbol(symbol) || !Node.isVariableDeclaration(decl)) return undefined;
    // `const registry = require('./registry'); registry.add(s)` hands the value to another module.
    if (moduleBindingOf(inner)) return undefined;
    return { key: symbol, name: inner.getText() };
  }

  /**
   * The value is a property of an object literal (a context object): every read of that property
   * through the object's variables and the same-file functions it is handed to refers to it.
   * False when the object itself leaves what the analysis sees.
   */
  /**
   * `this.register({ socket, id })` to a same-file `register({ socket, id })`: the destructured
   * parameter named by the property is the value.
   */
  private destructuredArgument(value: TrackedValue, literal: import('ts-morph').ObjectLiteralExpression, key: string, depth: number): boolean {
    const call = literal.getParent();
    if (!call || !Node.isCallExpression(call)) return false;
    const index = call.getArguments().indexOf(literal);
    const fn = index >= 0 ? (resolveFunction(call.getExpression()) ?? this.sameFileMethod(call.getExpression())) : undefined;
    const pattern = fn && fn.getSourceFile() === this.sourceFile ? fn.getParameters()[index]?.getNameNode() : undefined;
    if (!pattern || !Node.isObjectBindingPattern(pattern)) return false;
    const element = pattern.getElements().find((e) => (e.getPropertyNameNode()?.getText() ?? e.getName()) === key);
    const symbol = element && Node.isIdentifier(element.getNameNode()) ? symbolOf(element.getNameNode()) : undefined;
    if (!symbol) return false;
    this.addAlias(value, symbol, depth + 1);
    return true;
  }

  private addContextProperty(value: TrackedValue, literal: import('ts-morph').ObjectLiteralExpression, key: string, depth: number): boolean {
    const holder = this.probe(literal);
    if (holder.uses.escapes.length > 0) return false;
    for (const symbol of holder.uses.symbols) {
      for (const access of propertyAccessesNamed(this.sourceFile, key)) {
        if (!Node.isPropertyAccessExpression(access) || isAssignmentTarget(access)) continue;
        const object = unwrap(access.getExpression());
        if (Node.isIdentifier(object) && symbolOf(object) === symbol) this.trace(value, access, depth);
      }
    }
    return true;
  }

  /**
   * The object literals of this file an expression can hold: a variable bound to one, or a
   * parameter of a same-file function whose every caller passes one. Undefined when unknown.
   */
  private objectLiteralsReaching(expr: Node, hops: number): import('ts-morph').ObjectLiteralExpression[] | undefined {
    const inner = unwrap(expr);
    if (Node.isObjectLiteralExpression(inner)) return [inner];
    if (!Node.isIdentifier(inner) || hops > 2) return undefined;
    const decl = symbolOf(inner)?.getDeclarations()[0];
    if (!decl || decl.getSourceFile() !== this.sourceFile) return undefined;
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      return init && Node.isObjectLiteralExpression(unwrap(init)) ? [unwrap(init) as import('ts-morph').ObjectLiteralExpression] : undefined;
    }
    if (!Node.isParameterDeclaration(decl)) return undefined;
    const fn = decl.getParent() as FunctionLike;
    const index = fn.getParameters().indexOf(decl);
    const calls = this.callSitesOf(fn) ?? this.prototypeCallSites(fn);
    if (!calls || calls.length === 0) return undefined;
    const found: import('ts-morph').ObjectLiteralExpression[] = [];
    for (const call of calls) {
      const arg = Node.isCallExpression(call) ? call.getArguments()[index] : undefined;
      const literals = arg && this.objectLiteralsReaching(arg, hops + 1);
      if (!literals) return undefined;
      found.push(...literals);
    }
    return found;
  }

  /** Calls of `X.prototype.m = function …` as `this.m(…)`/`self.m(…)` in this file. */
  private prototypeCallSites(fn: FunctionLike): Node[] | undefined {
    const assignment = fn.getParent();
    if (!assignment || !Node.isBinaryExpression(assignment) || assignment.getRight() !== fn) return undefined;
    const target = assignment.getLeft();
    if (!Node.isPropertyAccessExpression(target)) return undefined;
    const calls: Node[] = [];
    for (const access of propertyAccessesNamed(this.sourceFile, target.getName())) {
      if (access === target) continue;
      const call = access.getParent();
      if (call && Node.isCallExpression(call) && call.getExpression() === access && this.sameFileMethod(access) === fn) calls.push(call);
    }
    return calls;
  }

  /** The same-file function or method a call's callee runs: `f`, `this.m`, `self.m` (a prototype method). */
  calledFunction(callee: Node): FunctionLike | undefined {
    return resolveFunction(callee) ?? this.sameFileMethod(callee);
  }

  /** `this.attach(s)`, `conn.attach(s)`: a method of a class of this file. */
  private sameFileMethod(callee: Node): FunctionLike | undefined {
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    const symbol = symbolOf(callee.getNameNode());
    const decls = symbol?.getDeclarations() ?? [];
    if (decls.length === 1 && decls[0].getSourceFile() === this.sourceFile) {
      const fn = functionOfMember(decls[0]);
      if (fn) return fn;
    }
    // Plain JS: `X.prototype.attach = function (s) {…}` called as `this.attach(s)` / `self.attach(s)`.
    const owner = objectOwner(callee.getExpression());
    if (!owner || Node.isNode(owner)) return undefined;
    for (const access of propertyAccessesNamed(this.sourceFile, callee.getName())) {
      const target = access.getParent();
      if (!Node.isPropertyAccessExpression(access) || !target || !Node.isBinaryExpression(target) || target.getLeft() !== access) continue;
      const proto = unwrap(access.getExpression());
      if (!Node.isPropertyAccessExpression(proto) || proto.getName() !== 'prototype') continue;
      const base = unwrap(proto.getExpression());
      if (Node.isIdentifier(base) && symbolOf(base) === owner) {
        const fn = unwrap(target.getRight());
        if (Node.isFunctionExpression(fn) || Node.isArrowFunction(fn)) return fn;
      }
    }
    return compiledClassMethod(this.sourceFile, owner, callee.getName());
  }
}

function describeCallee(node: Node): string {
  const callee = (node as CallExpression).getExpression();
  const text = callee.getText().replace(/\s+/g, '');
  return Node.isNewExpression(node) ? `new ${text}` : text;
}

export { symbolOf, unwrap };

/** Whether a callee is declared only in TypeScript's own `lib.*.d.ts` (each marked `no-default-lib`). */
function declaredOnlyInDefaultLibrary(callee: Node): boolean {
  const name = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  const decls = declarationsOf(name);
  return decls.length > 0 && decls.every((d) => isDefaultLibraryFile(d.getSourceFile()));
}

/**
 * TypeScript's own `lib.*.d.ts`: marked `no-default-lib`, or read from a `typescript/lib` folder
 * (the compiler's, or the copy ts-morph serves at `/node_modules/typescript/lib`, whose files lose the mark).
 */
const DEFAULT_LIBRARY_PATH = /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/;
function isDefaultLibraryFile(sourceFile: import('ts-morph').SourceFile): boolean {
  return sourceFile.compilerNode.hasNoDefaultLib || DEFAULT_LIBRARY_PATH.test(sourceFile.getFilePath());
}

/** Whether an expression's type is a class declared by an installed package (not Node's own, not this project's). */
function declaredByLibrary(expr: Node): boolean {
  try {
    const decls = expr.getType().getSymbol()?.getDeclarations() ?? [];
    return (
      decls.length > 0 &&
      decls.every((d) => {
        const file = d.getSourceFile().getFilePath();
        return d.getSourceFile().isDeclarationFile() && /[\\/]node_modules[\\/]/.test(file) && !/[\\/]@types[\\/]node[\\/]/.test(file);
      })
    );
  } catch {
    return false;
  }
}

/** The name of an overload signature (`function f(a: string): T;`): a declaration, not a use. */
function namesOverload(id: Node): boolean {
  const parent = id.getParent();
  return (Node.isFunctionDeclaration(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === id && !parent.getBody();
}

function isExportedSymbol(symbol: MorphSymbol): boolean {
  return symbol.getDeclarations().some((d) => declaringStatement(d)?.isExported() ?? false);
}

/**
 * The variable statement a declaration belongs to, not looking past the function or class it sits
 * in: a helper inside `export const handler = define((req, res) => { function pass(p) {…} })` is
 * that arrow's own, not exported.
 */
function declaringStatement(decl: Node): import('ts-morph').VariableStatement | undefined {
  for (let n = decl.getParent(); n; n = n.getParent()) {
    if (Node.isVariableStatement(n)) return n;
    if (Node.isFunctionLikeDeclaration(n) || Node.isClassDeclaration(n) || Node.isClassExpression(n)) return undefined;
  }
  return undefined;
}

/** Operators a value flows through: `a || b`, `a ?? b`, `c && b`. */
const FLOW_OPERATORS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken, SyntaxKind.AmpersandAmpersandToken]);
/** Methods that put a value into a collection. */
const CONTAINER_ADDERS: ReadonlySet<string> = new Set(['push', 'unshift', 'add', 'set']);
/** Methods of a collection given an element only to find or remove it. */
const CONTAINER_LOOKUPS: ReadonlySet<string> = new Set(['indexOf', 'lastIndexOf', 'includes', 'has', 'delete']);
/** Methods of a collection that return one element. */
const ELEMENT_GETTERS: ReadonlySet<string> = new Set(['get', 'pop', 'shift', 'at', 'find', 'findLast']);
/** Methods of a collection that call back with each element first. */
const ELEMENT_ITERATORS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findLast', 'findIndex']);
/** Methods of a collection that neither return nor hand out its elements. */
const CONTAINER_METHODS: ReadonlySet<string> = new Set([
  ...CONTAINER_ADDERS,
  'has',
  'delete',
  'clear',
  'indexOf',
  'includes',
  'keys',
  'splice',
  'remove',
  'removeItem',
  'lastIndexOf',
  'join',
]);
const CONTAINER_PROPERTIES: ReadonlySet<string> = new Set(['size', 'length']);
/** A name a fix can repeat: `this.socket`, `conn.upstream`, `self._sock`. */
const SIMPLE_PATH = /^[\w$]+(\.#?[\w$]+)*$/;

function isAssignmentTarget(node: Node): boolean {
  const parent = node.getParent();
  return parent !== undefined && Node.isBinaryExpression(parent) && parent.getLeft() === node && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
}

/** `for (const s of …)`: the loop variable's declaration. */
function loopVariable(loop: import('ts-morph').ForOfStatement): Node | undefined {
  const init = loop.getInitializer();
  if (!Node.isVariableDeclarationList(init)) return undefined;
  const decl = init.getDeclarations()[0];
  if (!decl) return undefined;
  const name = decl.getNameNode();
  if (Node.isIdentifier(name)) return decl;
  // `for (const [id, s] of map)`: the second element is the value.
  const second = Node.isArrayBindingPattern(name) ? name.getElements()[1] : undefined;
  return second && Node.isBindingElement(second) && Node.isIdentifier(second.getNameNode()) ? second : undefined;
}

/** Whether a symbol is declared only in this project's source (not in Node's or a package's types). */
function declaredInProject(symbol: MorphSymbol, from: Node): boolean {
  const decls = symbol.getDeclarations();
  const here = from.getSourceFile();
  return (
    decls.length > 0 &&
    decls.every((d) => {
      const file = d.getSourceFile();
      // An installed package's own file (opened from node_modules, or checked there) owns what it declares.
      return file === here || (!file.isDeclarationFile() && !file.isInNodeModules());
    })
  );
}

function ownedObject(expr: Node): boolean {
  const inner = unwrap(expr);
  if (inner.getKind() === SyntaxKind.ThisKeyword) return true;
  if (Node.isPropertyAccessExpression(inner)) return ownedObject(inner.getExpression());
  if (!Node.isIdentifier(inner)) return false;
  const symbol = symbolOf(inner);
  const decl = symbol?.getDeclarations()[0];
  if (!symbol || !decl || !declaredInProject(symbol, inner) || isExportedSymbol(symbol)) return false;
  if (Node.isParameterDeclaration(decl)) return selfParameterOwner(decl) !== undefined;
  // A module's own constructor or class keeps state in its statics: `Debug.connections.push(ws)`.
  if (Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl)) return !decl.isExported() && !decl.isDefaultExport();
  // `const self = this` and plain local objects.
  return Node.isVariableDeclaration(decl);
}

/**
 * `this` (or `self = this`) in an ES5 constructor that runs a Node server's constructor on itself,
 * `function ProxyServer() { http.Server.call(this); this.on('connect', …) }`: the object is that
 * server (the other half of `util.inherits(ProxyServer, http.Server)`).
 */
function es5ServerSubclass(receiver: Node): TrackedValue | undefined {
  const owner = objectOwner(receiver);
  const ctor = owner === undefined || Node.isNode(owner) ? owner : owner.getDeclarations()[0];
  if (!ctor || (!Node.isFunctionDeclaration(ctor) && !Node.isFunctionExpression(ctor))) return undefined;
  for (const call of callsNamed(ctor, SyntaxKind.CallExpression, new Set(['call']))) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'call' || call.getArguments()[0]?.getKind() !== SyntaxKind.ThisKeyword) continue;
    if (enclosingFunction(call) !== ctor) continue;
    const kind = constructorKind(callee.getExpression());
    if (kind && SERVER_KINDS.has(kind)) return { kind, origin: 'typed', node: receiver, factory: '', uses: emptyUses() };
  }
  return undefined;
}

/**
 * An emitter with no type (plain JavaScript, or its module's types absent) whose 'upgrade' or
 * 'connect' listener takes Node's `(req | res, socket, head)`: an http server, or a client request
 * when the first parameter is the response. Both hand over a raw socket with no error handling.
 * Three parameters, or two with a socket's name, so custom events of the same name are not taken.
 */
function untypedUpgradeOwner(receiver: Node, event: string, fn: FunctionLike, bound: number): TrackedValue | undefined {
  if (event !== 'upgrade' && event !== 'connect') return undefined;
  const params = fn
    .getParameters()
    .filter((p) => p.getName() !== 'this')
    .slice(bound);
  if (params.length < 2 || params.length > 3 || params.some((p) => !Node.isIdentifier(p.getNameNode()))) return undefined;
  if (params.length === 2 && !/sock/i.test(params[1].getName())) return undefined;
  if (!params.every(untypedOrSocketLike)) return undefined;
  try {
    const type = receiver.getType();
    if (!type.isAny() && !type.isUnknown()) return undefined;
  } catch {
    return undefined;
  }
  const kind: TrackedKind = /^(res|response|resp)$/.test(params[0].getName()) ? 'clientRequest' : 'httpServer';
  return { kind, origin: 'typed', node: receiver, factory: '', uses: emptyUses() };
}

/**
 * `console.log(s)`, `util.inspect(s)`, `debug(s)`: calls that only look at the value. Not a
 * project's own module of the same name (`const util = require('./util')`: its helpers may listen).
 */
function inertCalleeObject(id: Node): boolean {
  return INERT_CALLEE_OBJECTS.has(id.getText()) && !moduleBindingOf(id)?.module.startsWith('.');
}

/**
 * `proxy.on('proxyReqWs', (proxyReq, req, socket) => socket.on('error', …))`: http-proxy emits it
 * from inside `ws()`, before it connects upstream, so every socket handed to `ws()` is listened to.
 */
function listensOnProxiedSockets(sf: SourceFile): boolean {
  return callsNamed(sf, SyntaxKind.CallExpression, LISTENER_METHODS).some((call) => {
    const [event, handler] = call.getArguments();
    if (!event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'proxyReqWs') return false;
    const fn = handler && resolveFunction(handler);
    const socket = fn?.getParameters()[2]?.getName();
    return socket !== undefined && new RegExp(`\\b${socket}\\s*\\.\\s*(on|once)\\s*\\(\\s*['"]error['"]`).test(fn!.getText());
  });
}

/**
 * An `events.once` that keeps its 'error' listener for as long as the value can emit one:
 * `once(x, 'error')` itself (a socket, request or WebSocket emits 'error' once, then only 'close'),
 * and `once(x, 'close').catch(…)` (it rejects on an 'error' until 'close', and the rejection is
 * handled; after 'close' nothing is emitted).
 */
function listensUntilDone(call: CallExpression, event: string): boolean {
  if (event === 'error') return true;
  if (event !== 'close') return false;
  const access = call.getParent();
  const caught = access && Node.isPropertyAccessExpression(access) && access.getName() === 'catch' ? access.getParent() : undefined;
  return caught !== undefined && Node.isCallExpression(caught) && caught.getExpression() === access;
}

/**
 * `Promise.race([once(req, 'response'), once(req, 'timeout')])`: whichever event comes first, the
 * other once() keeps its 'error' listener on the emitter (its rejection goes to the settled race),
 * so the emitter stays listened to after the wait.
 */
function racedWithOtherOnce(call: CallExpression): boolean {
  const list = call.getParent();
  const race = list?.getParent();
  if (!list || !Node.isArrayLiteralExpression(list) || !race || !Node.isCallExpression(race)) return false;
  if (!/^Promise\.(race|any)$/.test(race.getExpression().getText())) return false;
  const [emitter, event] = call.getArguments();
  return list.getElements().some((other) => {
    if (other === call || !Node.isCallExpression(other)) return false;
    const member = moduleMemberOf(other.getExpression());
    const [otherEmitter, otherEvent] = other.getArguments();
    return (
      member?.module === 'events' &&
      member.member === 'once' &&
      otherEmitter?.getText() === emitter?.getText() &&
      literalString(otherEvent) !== undefined &&
      literalString(otherEvent) !== literalString(event)
    );
  });
}

/** Packages whose default export takes a server and returns it, decorated with a way to shut it down. */
const SERVER_DECORATORS = new Set(['http-shutdown', 'stoppable', 'server-destroy', 'killable']);

const EXPRESS_WS = /require\(\s*['"]express-ws['"]\s*\)|from\s+['"]express-ws['"]/;

/** Local names of factories imported or destructured under another name (`{ createServer as createHttpServer }`, `{ connect: dial }`). */
function factoryCallAliases(sf: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const spec of descendantsOfKind(sf, SyntaxKind.ImportSpecifier)) {
    const alias = spec.getAliasNode();
    if (alias && FACTORY_CALL_NAMES.has(spec.getName())) names.add(alias.getText());
  }
  for (const element of descendantsOfKindWhere(sf, SyntaxKind.BindingElement, (e) => e.propertyName !== undefined)) {
    const property = element.getPropertyNameNode();
    if (property && FACTORY_CALL_NAMES.has(property.getText()) && Node.isIdentifier(element.getNameNode())) names.add(element.getName());
  }
  // `var requestFn = secure ? https.request : http.request`
  for (const conditional of descendantsOfKindWhere(sf, SyntaxKind.ConditionalExpression, (c) => ts.isVariableDeclaration(c.parent))) {
    const decl = conditional.getParent();
    if (!Node.isVariableDeclaration(decl) || !Node.isIdentifier(decl.getNameNode())) continue;
    const branches = [conditional.getWhenTrue(), conditional.getWhenFalse()];
    if (branches.every((b) => Node.isPropertyAccessExpression(b) && FACTORY_CALL_NAMES.has(b.getName()))) names.add(decl.getName());
  }
  return names;
}

/** Variables given a constructor of FACTORY_NEW_NAMES, or one as the fallback: `const S = opts.engine || ws.Server`. */
function constructorAliases(sf: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const access of propertyAccessesNamedIn(sf, FACTORY_NEW_NAMES)) {
    let cur: Node = access;
    for (let parent = cur.getParent(); parent; parent = cur.getParent()) {
      if (
        Node.isParenthesizedExpression(parent) ||
        (Node.isBinaryExpression(parent) && parent.getRight() === cur && FLOW_OPERATORS.has(parent.getOperatorToken().getKind()))
      )
        cur = parent;
      else break;
    }
    const decl = cur.getParent();
    if (decl && Node.isVariableDeclaration(decl) && decl.getInitializer() === cur && Node.isIdentifier(decl.getNameNode())) names.add(decl.getName());
  }
  return names;
}

/**
 * `proxy.ws(req, socket, head)`, `wsProxy.upgrade(req, socket, head)` (http-proxy-middleware):
 * http-proxy's WebSocket pass listens for the client socket's errors only once the upstream has
 * answered the upgrade, so until then the socket is still the caller's to listen on. A method
 * declared by another library is a hand-off as usual.
 */
function isLateListeningProxyHandOff(call: CallExpression, index: number): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || index !== 1 || call.getArguments().length < 3) return false;
  const method = callee.getName();
  if (method !== 'ws' && !(method === 'upgrade' && /proxy/i.test(callee.getExpression().getText()))) return false;
  if (listensOnProxiedSockets(call.getSourceFile())) return false;
  const declared = declarationsOf(callee.getNameNode()).map((d) => d.getSourceFile().getFilePath());
  return declared.every((file) => /[\\/](@types[\\/])?http-proxy[\\/]/.test(file));
}

/** The functions of a file (declarations, expressions, arrows and methods) that `keep` accepts, tested before wrapping. */
function functionsOf(sf: SourceFile, keep: (fn: ts.SignatureDeclarationBase) => boolean): FunctionLike[] {
  return [
    ...descendantsOfKindWhere(sf, SyntaxKind.FunctionDeclaration, keep),
    ...descendantsOfKindWhere(sf, SyntaxKind.FunctionExpression, keep),
    ...descendantsOfKindWhere(sf, SyntaxKind.ArrowFunction, keep),
    ...descendantsOfKindWhere(sf, SyntaxKind.MethodDeclaration, keep),
  ];
}

const UPGRADE_PARAMETER_NAMES = [/^(req|request)$|(Req|Request)$/, /^(sock|conn|connection)$|socket$/i, /^(head|upgradeHead|bodyHead)$/];

/** upgradeShaped's test of the parameters' names, on the compiler's node. */
function hasUpgradeParameterNames(fn: ts.SignatureDeclarationBase): boolean {
  const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  return params.length === 3 && params.every((p, i) => ts.isIdentifier(p.name) && UPGRADE_PARAMETER_NAMES[i].test(p.name.text));
}

/** A parameter without a usable type, or typed as what Node hands over (`net.Socket`, `IncomingMessage`, a Buffer). */
function untypedOrSocketLike(param: import('ts-morph').ParameterDeclaration): boolean {
  const typeNode = param.getTypeNode();
  if (!typeNode) return true;
  if (/\b(Socket|Duplex|IncomingMessage|ServerResponse|Buffer|Request)\b/.test(typeNode.getText())) return true;
  return isUntyped(param);
}

/**
 * A function shaped as Node's 'upgrade'/'connect' listener, `(req, socket, head)`, registered
 * where this file cannot see (a method a router calls, an exported handler): its socket is a raw
 * socket handed over by an http server, with no error handling.
 */
function upgradeShaped(fn: FunctionLike): boolean {
  const params = fn.getParameters().filter((p) => p.getName() !== 'this');
  if (params.length !== 3 || !params.every((p) => Node.isIdentifier(p.getNameNode()))) return false;
  return params.every((p, i) => UPGRADE_PARAMETER_NAMES[i].test(p.getName())) && params.every(untypedOrSocketLike);
}

/** The `p.then(fn)` call when `fn` is its first argument. */
function promiseCallback(fn: FunctionLike): CallExpression | undefined {
  const call = fn.getParent();
  if (!call || !Node.isCallExpression(call) || call.getArguments()[0] !== fn) return undefined;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'then' ? call : undefined;
}

/** Callers that never look at what the function they are given returns. */
const RETURN_DISCARDING_CALLS = new Set(['setTimeout', 'setImmediate', 'setInterval', 'nextTick', 'forEach', 'fromNode', 'fromCallback']);

/**
 * Whether whatever a function returns is dropped by the code that runs it: a promise executor
 * (`new Promise((resolve) => …)`, Bluebird's `Promise.fromNode((cb) => …)`), an event listener
 * (`x.on('close', () => …)`), a timer or `forEach` callback.
 */
function returnDiscarded(fn: FunctionLike): boolean {
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return false;
  const call = fn.getParent();
  if (!call || !(Node.isCallExpression(call) || Node.isNewExpression(call))) return false;
  const args = call.getArguments();
  const index = args.indexOf(fn);
  const callee = unwrap(call.getExpression());
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
  if (!name || index < 0) return false;
  if (Node.isNewExpression(call)) return isPromiseConstructor(call.getExpression()) && index === 0;
  if (LISTENER_METHODS.has(name)) return index === args.length - 1 && index >= 1;
  return RETURN_DISCARDING_CALLS.has(name);
}

function isPrivateName(method: import('ts-morph').MethodDeclaration): boolean {
  return (
    Node.isPrivateIdentifier(method.getNameNode()) ||
    method.hasModifier(SyntaxKind.PrivateKeyword) ||
    method.hasModifier(SyntaxKind.ProtectedKeyword) ||
    method.getName().startsWith('_')
  );
}

/** The constructor of a class of the same file that `new C(…)` calls. */
function sameFileConstructor(expr: import('ts-morph').NewExpression): import('ts-morph').ConstructorDeclaration | FunctionLike | undefined {
  const callee = expr.getExpression();
  if (!Node.isIdentifier(callee)) return undefined;
  const decl = symbolOf(callee)?.getDeclarations()[0];
  if (!decl || decl.getSourceFile() !== expr.getSourceFile()) return undefined;
  // An ES5 constructor: `function Client(stream) { this.stream = stream }`.
  if (Node.isFunctionDeclaration(decl)) return decl.getBody() ? decl : undefined;
  if (Node.isVariableDeclaration(decl) && Node.isFunctionExpression(decl.getInitializer())) return decl.getInitializer() as FunctionLike;
  const cls = Node.isClassDeclaration(decl)
    ? decl
    : Node.isVariableDeclaration(decl) && Node.isClassExpression(decl.getInitializer())
      ? decl.getInitializer()
      : undefined;
  if (!cls || (!Node.isClassDeclaration(cls) && !Node.isClassExpression(cls))) return undefined;
  return cls.getConstructors().find((c) => c.getBody() !== undefined);
}

/** When `callee` is the `resolve` parameter of a `new Promise((resolve, reject) => …)` executor: that promise. */
function promiseOfResolve(callee: import('ts-morph').Identifier): Node | undefined {
  const decl = symbolOf(callee)?.getDeclarations()[0];
  if (!decl || !Node.isParameterDeclaration(decl)) return undefined;
  const executor = decl.getParent();
  if (!executor || (!Node.isArrowFunction(executor) && !Node.isFunctionExpression(executor)) || executor.getParameters()[0] !== decl) return undefined;
  const promise = executor.getParent();
  if (!promise || !Node.isNewExpression(promise) || !isPromiseConstructor(promise.getExpression())) return undefined;
  return promise;
}

/**
 * What `this` (or a `self = this` alias) stands for in a field access: the class, or the
 * constructor function whose prototype the method is on (`X.prototype.m = function …`).
 */
/** The class or constructor whose instance `expr` names (`this`, `self = this`, a `self` parameter), else undefined. */
export function objectOwner(expr: Node): Node | MorphSymbol | undefined {
  const inner = unwrap(expr);
  if (inner.getKind() === SyntaxKind.ThisKeyword) return thisOwner(inner);
  if (!Node.isIdentifier(inner)) return undefined;
  const decl = symbolOf(inner)?.getDeclarations()[0];
  if (decl && Node.isParameterDeclaration(decl)) return selfParameterOwner(decl);
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  return init && init.getKind() === SyntaxKind.ThisKeyword ? thisOwner(init) : undefined;
}

function isEmptyMethod(fn: FunctionLike): boolean {
  const body = Node.isMethodDeclaration(fn) ? fn.getBody() : undefined;
  return body !== undefined && Node.isBlock(body) && body.getStatements().length === 0;
}

/** `x` in `var x = make().on('error', f).on('close', g)`: `make()`, whose value the chain hands on to `x`. */
function chainedInitializerRoot(symbol: MorphSymbol): Node | undefined {
  const decls = symbol.getDeclarations();
  const decl = decls.length === 1 ? decls[0] : undefined;
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  let cur = init && unwrap(init);
  let chained = false;
  while (cur && Node.isCallExpression(cur)) {
    const callee = cur.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !CHAINABLE_METHODS.has(callee.getName())) break;
    cur = unwrap(callee.getExpression());
    chained = true;
  }
  return chained && cur && (Node.isCallExpression(cur) || Node.isNewExpression(cur)) ? cur : undefined;
}

/**
 * The functions other than `writer` that give the same owner's field `name` a new object
 * (`self._socket = net.createConnection(…)` in another method): uses inside them are that object's.
 * Writes of anything else (`this.socket = null`) keep the field's current value in view.
 */
function rivalWriters(sf: SourceFile, name: string, owner: Node | MorphSymbol, writer: FunctionLike | undefined): FunctionLike[] {
  const out: FunctionLike[] = [];
  for (const access of propertyAccessesNamed(sf, name)) {
    if (!Node.isPropertyAccessExpression(access) || !isAssignmentTarget(access)) continue;
    const assignment = access.getParent();
    if (!assignment || !Node.isBinaryExpression(assignment)) continue;
    let right = unwrap(assignment.getRight());
    if (Node.isAwaitExpression(right)) right = unwrap(right.getExpression());
    if (!Node.isCallExpression(right) && !Node.isNewExpression(right)) continue;
    const fn = enclosingFunction(access);
    if (fn && fn !== writer && objectOwner(access.getExpression()) === owner && !out.includes(fn)) out.push(fn);
  }
  return out;
}

/** A use inside a rival writer's function (or a callback in it) that the value's own writer does not also enclose. */
function insideRivalWriter(access: Node, writer: FunctionLike | undefined, rivals: readonly FunctionLike[]): boolean {
  const around = new Set<Node>(access.getAncestors());
  return rivals.some((fn) => around.has(fn)) && (writer === undefined || !around.has(writer));
}

/**
 * `X.prototype.m = function (self, cb) { self._socket = … }`, called as `self.m(self, cb)`: an ES5
 * method handed its own object as a first parameter named `self` stands for `this` there.
 */
function selfParameterOwner(decl: import('ts-morph').ParameterDeclaration): Node | MorphSymbol | undefined {
  const fn = decl.getParent();
  if (decl.getName() !== 'self' || !Node.isFunctionExpression(fn) || fn.getParameters()[0] !== decl) return undefined;
  // A function kept in a variable is given someone else's object, not its own instance.
  if (Node.isVariableDeclaration(fn.getParent())) return undefined;
  const owner = thisOwner(decl);
  return owner !== undefined && !Node.isNode(owner) ? owner : undefined;
}

function thisOwner(node: Node): Node | MorphSymbol | undefined {
  for (let cur = node.getParent(); cur; cur = cur.getParent()) {
    if (Node.isClassDeclaration(cur) || Node.isClassExpression(cur)) return cur;
    if (Node.isArrowFunction(cur)) continue;
    if (Node.isFunctionDeclaration(cur)) return cur.getNameNode() ? symbolOf(cur.getNameNode()!) : cur;
    if (Node.isFunctionExpression(cur)) {
      // `X.prototype.m = function () {}` / `X.prototype = { m: function () {} }`
      let holder: Node | undefined = cur.getParent();
      if (holder && Node.isPropertyAssignment(holder)) holder = holder.getParent()?.getParent();
      if (holder && Node.isBinaryExpression(holder)) {
        const target = holder
          .getLeft()
          .getText()
          .match(/^([\w$]+)\.prototype\b/);
        const left = holder.getLeft();
        const id = target && left.getFirstDescendant((d) => Node.isIdentifier(d) && d.getText() === target[1]);
        if (id) return symbolOf(id);
      }
      // `var C = function () {}`: the constructor its `C.prototype.m = function …` methods share `this` with.
      if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === cur && Node.isIdentifier(holder.getNameNode()))
        return symbolOf(holder.getNameNode()) ?? cur;
      // A method of a compiled class (`_createClass(C, [{ key: 'm', value: function () {} }])`).
      const compiled = compiledClassOf(cur);
      if (compiled) return symbolOf(compiled) ?? cur;
      return cur;
    }
    if (Node.isMethodDeclaration(cur) || Node.isConstructorDeclaration(cur) || Node.isGetAccessorDeclaration(cur) || Node.isSetAccessorDeclaration(cur))
      continue;
  }
  return undefined;
}

/** The function an assignment is in (and where it ends), when it is nested inside the function that declares the variable. */
function callbackAssigning(assignment: Node, symbol: MorphSymbol): { fn: FunctionLike; end: number } | undefined {
  const decl = symbol.getDeclarations()[0];
  const assigning = enclosingFunction(assignment);
  if (!decl || !assigning || Node.isParameterDeclaration(decl)) return undefined;
  const declaring = enclosingFunction(decl);
  if (declaring === assigning) return undefined;
  return declaring === undefined || assigning.getAncestors().includes(declaring) ? { fn: assigning, end: assignment.getEnd() } : undefined;
}

/** The function a member declaration holds: a method, `m = () => …`, `X.prototype.m = function …`. */
function functionOfMember(decl: Node): FunctionLike | undefined {
  if (Node.isMethodDeclaration(decl)) return decl.getBody() ? decl : undefined;
  let init: Node | undefined;
  if (Node.isPropertyAssignment(decl) || Node.isPropertyDeclaration(decl)) init = decl.getInitializer();
  else if (Node.isBinaryExpression(decl)) init = decl.getRight();
  else if (Node.isPropertyAccessExpression(decl)) {
    const assignment = decl.getParent();
    if (assignment && Node.isBinaryExpression(assignment) && assignment.getLeft() === decl) init = assignment.getRight();
  }
  if (init) init = unwrap(init);
  return init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : undefined;
}

/** The set accessor of this file that `obj.p = v` calls, if any. */
function setterOf(access: import('ts-morph').PropertyAccessExpression): import('ts-morph').SetAccessorDeclaration | undefined {
  const decls = symbolOf(access.getNameNode())?.getDeclarations() ?? [];
  // In plain JS, `this.p = v` in a constructor is a declaration of its own: ask the class.
  const owner = objectOwner(access.getExpression());
  const setter =
    decls.find((d) => Node.isSetAccessorDeclaration(d)) ??
    (owner && Node.isNode(owner) && Node.isClassLikeDeclarationBase(owner) ? owner.getSetAccessor(access.getName()) : undefined);
  return setter && setter.getSourceFile() === access.getSourceFile() && Node.isSetAccessorDeclaration(setter) && setter.getBody() ? setter : undefined;
}

/** `server.on('request', …)` somewhere in the file on the same variable as `receiver`. */
function listenedForHttpEvents(sf: SourceFile, receiver: Node): boolean {
  const symbol = symbolOf(receiver);
  if (!symbol) return false;
  return callsNamed(sf, SyntaxKind.CallExpression, LISTENER_METHODS).some((call) => {
    const callee = call.getExpression();
    const event = call.getArguments()[0];
    return (
      Node.isPropertyAccessExpression(callee) &&
      event !== undefined &&
      Node.isStringLiteral(event) &&
      HTTP_ONLY_EVENTS.has(event.getLiteralValue()) &&
      symbolOf(callee.getExpression()) === symbol
    );
  });
}
