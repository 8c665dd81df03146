import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { escapesOnlyLater } from './deferred';
import { TEARDOWN_METHODS } from './lifecycle';
import { descendantsOfKind } from './descendants';
import { classifyExpression, type TrackedKind } from './classify';
import { bodyOfParameterOwner, callsMethodOn, enclosingFunction, resolveFunction, type FunctionLike } from './functions';
import { objectOwner, symbolOf, unwrap, ValueIndex, type Listener, type TrackedValue, type ValueProbe } from './values';

/** Methods of express, connect and Koa-router that register request handlers. */
const ROUTE_METHODS = new Set(['use', 'all', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const SERVER_CLOSE: ReadonlySet<string> = new Set(['close']);

/**
 * Facts about one file shared by every rule: built on first use, so a file no rule asks about
 * costs nothing.
 */
export class FileAnalysis {
  private index?: ValueIndex;

  constructor(readonly sourceFile: SourceFile) {}

  /** Tracked values created or accepted in this file. */
  get values(): readonly TrackedValue[] {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.values;
  }

  /** The tracked value an expression refers to (by identity or through its variables). */
  valueOf(expr: Node | undefined): TrackedValue | undefined {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.valueOf(expr);
  }

  /**
   * What the file does with any expression's value, tracked or not (a stream, a typed
   * parameter): its tracked value, else uses collected on demand for its variable.
   * `ownUses`: the variable's own uses even when a tracked value flows into it (a parameter
   * that several callers' values reach).
   */
  probe(expr: Node, ownUses = false): ValueProbe {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.probe(expr, ownUses);
  }

  /** Whether `expr` names the probed value: the same node, one of its variables, or its tracked value. */
  denotes(expr: Node, probe: ValueProbe): boolean {
    const inner = unwrap(expr);
    if (inner === probe.node || this.valueOf(inner) === probe) return true;
    const symbol = symbolOf(inner);
    // `this.remoteStream` for a probed parameter property: the field it is kept in.
    return symbol !== undefined && (probe.uses.symbols.has(symbol) || probe.uses.fields.has(symbol));
  }

  /** The tracked kind of any expression: a known value's kind, else its type's. */
  kindOf(expr: Node): TrackedKind | undefined {
    return this.valueOf(expr)?.kind ?? classifyExpression(expr);
  }

  /** Whether `expr` denotes `value`. */
  refersTo(expr: Node, value: TrackedValue): boolean {
    // A field given a new socket in another method (`self._socket = net.connect()`): each value
    // owns the reads traced to it, while `valueOf` names the field's first value.
    const e = unwrap(expr);
    const fieldRead = Node.isPropertyAccessExpression(e) && value.uses.fields.size > 0;
    if (fieldRead && this.referenceSet(value).has(e)) return true;
    // (Not this value's read: if another value holding a field was traced to it, it is that one's.)
    if (this.valueOf(expr) === value) return !fieldRead || !this.tracedFieldReads().has(e);
    // A parameter of a same-file helper called with several values (`bound(client); bound(upstream)`),
    // or a variable that holds either of two (`const s = secure ? tls.connect() : net.connect()`),
    // refers to each of them, not only to the first one it was followed from.
    const symbol = Node.isIdentifier(e) ? symbolOf(e) : undefined;
    return symbol !== undefined && value.uses.symbols.has(symbol);
  }

  private fieldReads?: ReadonlySet<Node>;

  /** Every expression traced to a value kept in a field: built once, not per question. */
  private tracedFieldReads(): ReadonlySet<Node> {
    this.fieldReads ??= new Set(this.values.filter((v) => v.uses.fields.size > 0).flatMap((v) => v.uses.references));
    return this.fieldReads;
  }

  private readonly references = new WeakMap<TrackedValue, ReadonlySet<Node>>();

  private readonly owners = new WeakMap<TrackedValue, ReadonlySet<unknown>>();

  /** Whether `object` (`this`, `self`) names an instance of a class that keeps the value in one of its fields (`this.stream`). */
  keepsInField(object: Node, value: TrackedValue): boolean {
    const owner = objectOwner(object);
    if (owner === undefined) return false;
    let owners = this.owners.get(value);
    if (!owners) {
      const reads = value.uses.references.map(unwrap).filter((r) => Node.isPropertyAccessExpression(r));
      this.owners.set(value, (owners = new Set(reads.map((r) => objectOwner(r.getExpression())).filter((o) => o !== undefined))));
    }
    return owners.has(owner);
  }

  private referenceSet(value: TrackedValue): ReadonlySet<Node> {
    let set = this.references.get(value);
    if (!set) this.references.set(value, (set = new Set(value.uses.references)));
    return set;
  }

  listeners(value: ValueProbe, event: string): Listener[] {
    return value.uses.listeners.filter((l) => l.event === event);
  }

  /** rules.md "Handled": a lasting 'error' listener, or pipeline/finished/for-await. */
  handlesErrors(value: ValueProbe): boolean {
    return (
      value.uses.handledBy.length > 0 ||
      this.listeners(value, 'error').some((l) => !l.transient) ||
      // events.once() listens for 'error' too, and a raced one stays after the wait (racedWithOtherOnce).
      value.uses.listeners.some((l) => l.method === 'events.once' && !l.transient) ||
      awaitedUntilClosed(value) ||
      // ws's WebSocket takes an `onerror` setter as its 'error' listener (a net.Socket does not).
      ('kind' in value && value.kind === 'wsWebSocket' && value.uses.assignments.some((a) => a.property === 'onerror'))
    );
  }

  /**
   * Whether the value leaves this code's hands. Emitting or logging it (`this.emit('extra', socket)`)
   * while this code itself reads from it only shows it to others: the reader stays its owner.
   */
  escapes(value: ValueProbe): boolean {
    if (value.uses.escapes.length === 0) return false;
    if (!readHere(value)) return true;
    return value.uses.escapes.some((e) => !isShownOnly(e));
  }

  /**
   * Whether every escape of the value happens in a later turn (a listener, a connect callback, a
   * timer): whoever takes it over cannot have listened from the start (`net.connect(port, () =>
   * new Connection(sock))`: a refused connection has no 'error' listener).
   */
  escapesOnlyLater(value: TrackedValue): boolean {
    return escapesOnlyLater(value);
  }

  /** Method calls on the value named `method`. */
  methodCalls(value: ValueProbe, method: string) {
    return value.uses.calls.filter((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === method;
    });
  }

  /** Whether a function (or same-file functions it calls) ends/destroys one of the given values. */
  closes(fn: FunctionLike | Node, targets: readonly TrackedValue[], methods: ReadonlySet<string> = TEARDOWN_METHODS): boolean {
    return callsMethodOn(fn, methods, (receiver) => targets.some((t) => this.refersTo(receiver, t)));
  }

  resolveFunction(expr: Node): FunctionLike | undefined {
    return resolveFunction(expr);
  }

  /**
   * What the callers pass for a parameter of a helper only this file can call: a function declared
   * in this file (not a method), not exported, whose every mention is a direct call. Undefined
   * when other code may call it (exported, a method, a callback, passed as a value): then the
   * caller owns what it passes.
   */
  localCallArguments(param: Node): Node[] | undefined {
    if (!Node.isParameterDeclaration(param) || param.isRestParameter()) return undefined;
    const fn = param.getParent();
    const named = Node.isFunctionDeclaration(fn) || ((Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && Node.isVariableDeclaration(fn.getParent()));
    if (!named) return undefined;
    this.index ??= new ValueIndex(this.sourceFile);
    const calls = this.index.callSitesOf(fn, true);
    const index = fn.getParameters().indexOf(param);
    return calls?.flatMap((call) => (Node.isCallExpression(call) && call.getArguments()[index] ? [call.getArguments()[index]] : []));
  }

  /** The calls of a same-file function, or undefined when code elsewhere may call it (exported, passed as a value). */
  localCallSites(fn: FunctionLike): Node[] | undefined {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.callSitesOf(fn);
  }

  /** The calls this file makes of a same-file function or method, whoever else may call it. */
  knownCallSites(fn: FunctionLike): Node[] {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.callSitesOf(fn, true, true) ?? [];
  }

  /** The same-file function or method a call runs: `f(…)`, `this.m(…)`, `self.m(…)` of a prototype method. */
  calledFunction(call: Node): FunctionLike | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.calledFunction(call.getExpression());
  }

  /**
   * Whether a server is inert here: made without arguments and only read (`http.createServer().timeout`,
   * to see Node's defaults), listened on only to be closed in the listen callback (a free-port
   * probe), or closed by its own request handler (a one-shot local OAuth callback server). Such a
   * server serves no client a proxy could hold.
   */
  inertServer(value: TrackedValue): boolean {
    const node = value.node;
    if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return false;
    const callee = node.getExpression();
    // `app.listen()` of a framework: its requests reach the handlers the file routes on `app`.
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen') return this.closedByOwnRoute(value, callee.getExpression());
    // A feature probe (`!!https.createServer({}, f).setSecureContext`): a property is read off the
    // new server and the server itself is dropped; it never listens.
    const parent = node.getParent();
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
      const outer = parent.getParent();
      if (!(Node.isCallExpression(outer) && outer.getExpression() === parent)) return true;
    }
    const { calls, listeners, assignments } = value.uses;
    if (node.getArguments().length === 0 && calls.length === 0 && listeners.length === 0 && assignments.length === 0) return true;
    if (this.closedByOwnHandler(value, node.getArguments())) return true;
    // A port probe: every listen() callback closes the server at once.
    const listens = this.methodCalls(value, 'listen');
    if (listens.length === 0) return false;
    return listens.every((call) => {
      const callback = call.getArguments().at(-1);
      const fn = callback && resolveFunction(callback);
      return fn !== undefined && this.closes(fn, [value], SERVER_CLOSE);
    });
  }

  /**
   * A port probe whose every listen() callback closes the server as its own statement (not in a
   * branch, nor in a function it hands on): 'listening' comes before the server can accept
   * anything, so no connection ever reaches its handler.
   */
  closedOnListening(value: TrackedValue): boolean {
    const listens = this.methodCalls(value, 'listen');
    if (listens.length === 0) return false;
    // `server.on('listening', () => { server.close(); … })`: the same probe, written as a listener.
    if (this.listeners(value, 'listening').some((l) => l.handler && this.closesInOwnStatement(l.handler, value))) return true;
    return listens.every((call) => {
      const callback = call.getArguments().at(-1);
      const fn = callback && resolveFunction(callback);
      return fn !== undefined && this.closesInOwnStatement(fn, value);
    });
  }

  /** A statement of `fn`'s own body closes the server (`server.close()`), not a nested callback. */
  private closesInOwnStatement(fn: FunctionLike, value: TrackedValue): boolean {
    const body = fn.getBody();
    if (!body || !Node.isBlock(body)) return false;
    return body.getStatements().some((statement) => {
      const expr = Node.isExpressionStatement(statement) ? statement.getExpression() : undefined;
      const callee = expr && Node.isCallExpression(expr) ? expr.getExpression() : undefined;
      return (
        callee !== undefined && Node.isPropertyAccessExpression(callee) && SERVER_CLOSE.has(callee.getName()) && this.refersTo(callee.getExpression(), value)
      );
    });
  }

  /**
   * Whether a request handler of the server (a function given to its creation, or a 'request'
   * listener) closes it, in any branch or timer: the server serves one request and goes away.
   */
  private closedByOwnHandler(value: TrackedValue, creationArguments: readonly Node[]): boolean {
    const handlers = creationArguments.flatMap((arg) => resolveFunction(arg) ?? []);
    for (const l of this.listeners(value, 'request')) if (l.handler) handlers.push(l.handler);
    return handlers.some((fn) => this.closes(fn, [value], SERVER_CLOSE));
  }

  /**
   * Whether a handler the file routes on the application that `app.listen()` started
   * (`app.post('/launch', launch)`, `app.use(fn)`) closes the server: a one-shot setup server
   * (NodeBB's web installer) that goes away once its last step is posted.
   */
  private closedByOwnRoute(value: TrackedValue, app: Node): boolean {
    const appSymbol = symbolOf(app);
    if (!appSymbol) return false;
    const handlers = descendantsOfKind(this.sourceFile, SyntaxKind.CallExpression).flatMap((call) => {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !ROUTE_METHODS.has(callee.getName()) || symbolOf(callee.getExpression()) !== appSymbol) return [];
      return call.getArguments().flatMap((arg) => resolveFunction(arg) ?? []);
    });
    return handlers.some((fn) => this.closes(fn, [value], SERVER_CLOSE));
  }

  /**
   * Whether the code's first act on the value is `x.destroy()` (no error): a connection turned
   * away as soon as it is accepted (`(s) => s.destroy()`), or a socket destroyed by the statement
   * right after its declaration. A destroyed socket emits no 'error' and holds nothing open, so
   * the listener and timeout rules have nothing to say about it.
   */
  destroyedAtOnce(value: TrackedValue): boolean {
    let first: Node | undefined;
    if (value.origin === 'accepted') {
      const body = bodyOfParameterOwner(value.node);
      first = body && Node.isBlock(body) ? body.getStatements()[0] : body;
    } else if (value.statement && Node.isVariableStatement(value.statement)) {
      first = value.statement.getNextSibling();
    }
    if (first && Node.isExpressionStatement(first)) first = first.getExpression();
    if (!first || !Node.isCallExpression(first) || first.getArguments().length > 0) return false;
    const callee = first.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'destroy' && this.refersTo(callee.getExpression(), value);
  }
}

/**
 * Whether the code awaits nothing but `events.once(x, …)` on the value from its creation until an
 * awaited `once(x, 'close')`: an 'error' can only be emitted while the code waits, and each of those
 * waits rejects on it — after 'close' the socket emits nothing more.
 */
function awaitedUntilClosed(value: ValueProbe): boolean {
  const waits = new Set<Node>(value.uses.listeners.filter((l) => l.transient).map((l) => l.call));
  const closes = new Set<Node>(value.uses.listeners.filter((l) => l.transient && l.event === 'close').map((l) => l.call));
  if (closes.size === 0) return false;
  const fn = enclosingFunction(value.node);
  if (!fn) return false;
  const start = value.node.getStart();
  const awaits = descendantsOfKind(fn, SyntaxKind.AwaitExpression)
    .filter((a) => a.getStart() > start && enclosingFunction(a) === fn)
    .sort((a, b) => a.getStart() - b.getStart());
  for (const wait of awaits) {
    // `await Promise.all([once(ws, 'close'), server.close()])` waits on the value too.
    const awaited = unwrap(wait.getExpression());
    const parts =
      Node.isCallExpression(awaited) &&
      /^Promise\.(all|race|allSettled)$/.test(awaited.getExpression().getText()) &&
      Node.isArrayLiteralExpression(awaited.getArguments()[0])
        ? awaited.getArguments()[0].asKindOrThrow(SyntaxKind.ArrayLiteralExpression).getElements().map(unwrap)
        : [awaited];
    if (!parts.some((p) => waits.has(p))) return false;
    if (parts.some((p) => closes.has(p))) return true;
  }
  return false;
}

const SHOWING_METHODS = new Set(['emit', 'log', 'info', 'warn', 'debug', 'trace']);

/** `x.emit('event', …, value)`, `logger.info(…, value)`: listeners and loggers get to see the value. */
function isShownOnly(escape: Node): boolean {
  if (!Node.isCallExpression(escape)) return false;
  const callee = escape.getExpression();
  return Node.isPropertyAccessExpression(callee) && SHOWING_METHODS.has(callee.getName());
}

/** Whether this code consumes the value's data itself: a 'data'/'readable' listener, or it pipes it. */
function readHere(value: ValueProbe): boolean {
  return (
    value.uses.listeners.some((l) => (l.event === 'data' || l.event === 'readable') && !l.transient && !/once/i.test(l.method)) ||
    value.uses.calls.some((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === 'pipe';
    })
  );
}
