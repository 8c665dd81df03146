import { Node, SyntaxKind } from 'ts-morph';
import { callsNamed, descendantsOfKind, identifiersNamed } from './descendants';
import { calleeName, isPromiseConstructor } from './modules';
import { enclosingFunction, functionName, resolveFunction, type FunctionLike } from './functions';
import { symbolOf, type TrackedValue } from './values';

/**
 * Callbacks their callee runs before it returns: code in them runs in the same turn as the code
 * around them. (`process.nextTick` and microtasks also run before any I/O event can arrive.)
 */
const SYNC_CALLBACK_CALLEES = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'reduce',
  'reduceRight',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'call',
  'apply',
  'nextTick',
  'queueMicrotask',
  'Promise',
  // Bluebird's `Promise.fromNode((cb) => …)` / `fromCallback`: run at once, as an executor is.
  'fromNode',
  'fromCallback',
  // TypeScript's compiled `async` (ES2015+ targets): `__awaiter(this, …, function* () { … })` runs
  // the generator at once, up to its first `yield` (an `await` of the source).
  '__awaiter',
]);

/** The generator of TypeScript's compiled `async` function: its `yield`s are the source's `await`s. */
function isAwaiterGenerator(fn: FunctionLike): boolean {
  if (!Node.isFunctionExpression(fn) || !fn.isGenerator()) return false;
  const call = fn.getParent();
  return call !== undefined && Node.isCallExpression(call) && calleeName(call.getExpression()) === '__awaiter';
}

/**
 * Whether every escape of the value happens only in a later turn of the event loop: between the
 * value's own function (where it is created or received, or a same-file function it is passed to)
 * and the escape lies a callback run later — a listener, a connect callback, a timer, an I/O
 * callback. Until then nobody else holds the value, so nobody else can have listened to it.
 * Unknown ground (a method reached through a field, a function handed out) is not "later".
 */
export function escapesOnlyLater(value: TrackedValue): boolean {
  if (value.uses.escapes.length === 0) return false;
  const home = homeFunctions(value);
  return value.uses.escapes.every((escape) => deferredAt(escape, value, home, new Set()));
}

/**
 * Whether `node` runs in a later turn than the value's arrival: a run-later callback between it and
 * a home function, or, in a function the value is passed to, a call of it that does (any path:
 * `verify(req, () => complete.apply(this, args))` hands the socket on later although another
 * path hands it on at once).
 */
function deferredAt(node: Node, value: TrackedValue, home: Map<Node, 'own' | 'passed'>, seen: Set<Node>): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const role = home.get(fn);
    if (role) {
      if (role === 'own') return awaitBetween(fn, arrivalIn(fn, value), node.getStart(), value);
      if (seen.has(fn)) return false;
      seen.add(fn);
      return callsPassingValue(fn, value).some((call) => deferredAt(call, value, home, seen));
    }
    const refs = localReferences(fn);
    if (refs) {
      // A named local function: it runs where it is called, or later where it is given as a callback.
      if (seen.has(fn)) return false;
      seen.add(fn);
      return refs.some((ref) => {
        const use = passedAs(ref);
        return use === 'later' || ((use === 'called' || use === 'now') && deferredAt(ref, value, home, seen));
      });
    }
    const use = passedAs(fn);
    if (use === 'later') return true;
    if (use !== 'now') return false;
    // Run at once, but an `await` (a compiled `yield`) in it gives the turn away before `node`.
    if (awaitBetween(fn, fn.getStart(), node.getStart(), value)) return true;
  }
  return false;
}

/**
 * Whether a nested function only ever runs in a later turn: an inline callback given to a run-later
 * callee, or a named local function every reference to which is such a callback
 * (`function onconnect() {…}` given to `tls.connect(opts, onconnect)` and `s.once('connect', onconnect)`).
 */
export function onlyRunsLater(fn: FunctionLike): boolean {
  const refs = localReferences(fn);
  if (!refs) return passedAs(fn) === 'later';
  return refs.length > 0 && refs.every((ref) => passedAs(ref) === 'later');
}

/** Where the value arrives in one of its own functions: where it is created there, else the function's start. */
function arrivalIn(fn: FunctionLike, value: TrackedValue): number {
  return value.origin === 'created' && enclosingFunction(value.node) === fn ? value.node.getEnd() : fn.getStart();
}

/** The references to a function declared with a name in its file (`function f`, `var f = function`). */
function localReferences(fn: FunctionLike): Node[] | undefined {
  const parent = fn.getParent();
  const nameNode = Node.isFunctionDeclaration(fn)
    ? fn.getNameNode()
    : parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === fn
      ? parent.getNameNode()
      : undefined;
  const symbol = nameNode && Node.isIdentifier(nameNode) ? symbolOf(nameNode) : undefined;
  if (!symbol || !nameNode) return undefined;
  return identifiersNamed(fn.getSourceFile(), symbol.getName()).filter((id) => id !== nameNode && symbolOf(id) === symbol);
}

/** The function the value is created or received in, and the same-file functions it is passed to. */
export function homeFunctions(value: TrackedValue): Map<Node, 'own' | 'passed'> {
  const home = new Map<Node, 'own' | 'passed'>();
  const own = value.origin === 'accepted' ? value.node.getParent() : enclosingFunction(value.node);
  // The functions around it ran before the value existed, or in the same turn (a Promise executor):
  // an escape there (`return new Promise(…)`) is not later.
  for (let fn: Node | undefined = own; fn; fn = enclosingFunction(fn)) home.set(fn, 'own');
  // A same-file helper that returns the value (`cb(null, decorate(stream))`): it arrives where the helper is called.
  for (const ref of value.uses.references) {
    if (ref === value.node || !Node.isCallExpression(ref) || !resolveFunction(ref.getExpression())) continue;
    for (let fn: Node | undefined = enclosingFunction(ref); fn; fn = enclosingFunction(fn)) if (!home.has(fn)) home.set(fn, 'own');
  }
  for (const symbol of value.uses.symbols) {
    for (const decl of symbol.getDeclarations()) {
      if (Node.isParameterDeclaration(decl)) {
        const fn = decl.getParentOrThrow();
        if (!home.has(fn)) home.set(fn, 'passed');
      } else {
        const fn = enclosingFunction(decl);
        if (fn && !home.has(fn)) home.set(fn, 'own');
      }
    }
  }
  return home;
}

/** Calls in the file of `fn` (by its name, also as `fn.apply`/`fn.call`) whose arguments carry the value. */
function callsPassingValue(fn: FunctionLike, value: TrackedValue): Node[] {
  const name = functionName(fn);
  if (!name) return [];
  const carries = (arg: Node): boolean => {
    const ids = Node.isIdentifier(arg) ? [arg] : descendantsOfKind(arg, SyntaxKind.Identifier);
    return ids.some((id) => {
      if (id.getText() === 'arguments') return true;
      const symbol = symbolOf(id);
      if (!symbol) return false;
      if (value.uses.symbols.has(symbol)) return true;
      // `var args = [req, socket]; f.apply(this, args)`
      const init = symbol.getDeclarations()[0];
      const array = init && Node.isVariableDeclaration(init) ? init.getInitializer() : undefined;
      return array !== undefined && Node.isArrayLiteralExpression(array) && array.getElements().some((e) => carries(e));
    });
  };
  return callsNamed(fn.getSourceFile(), SyntaxKind.CallExpression, new Set([name, 'apply', 'call'])).filter((call) => {
    let callee: Node = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && (callee.getName() === 'apply' || callee.getName() === 'call')) callee = callee.getExpression();
    return calleeName(callee) === name && call.getArguments().some(carries);
  });
}

/** How a function (or a reference to it) is used: called here, passed to a callee that runs it now or later. */
function passedAs(node: Node): 'called' | 'now' | 'later' | 'other' {
  let cur = node;
  let parent = cur.getParent();
  // `fn.bind(this)` given as the callback
  while (parent && (Node.isParenthesizedExpression(parent) || (Node.isPropertyAccessExpression(parent) && parent.getName() === 'bind'))) {
    cur = Node.isPropertyAccessExpression(parent) ? parent.getParentOrThrow() : parent;
    parent = cur.getParent();
  }
  if (parent && Node.isCallExpression(parent) && parent.getExpression() === cur) return 'called';
  // `f.call(this, a)`, `f.apply(this, args)`
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === cur && (parent.getName() === 'call' || parent.getName() === 'apply')) {
    const call = parent.getParent();
    if (call && Node.isCallExpression(call) && call.getExpression() === parent) return 'called';
  }
  if (!parent || !(Node.isCallExpression(parent) || Node.isNewExpression(parent))) return 'other';
  if (!(parent.getArguments() as Node[]).includes(cur)) return 'other';
  if (Node.isNewExpression(parent) && isPromiseConstructor(parent.getExpression())) return 'now';
  const name = calleeName(parent.getExpression());
  return name && SYNC_CALLBACK_CALLEES.has(name) ? 'now' : 'later';
}

/**
 * Whether `node`, written inside `home`, runs in a later turn than `home`'s own body: a run-later
 * callback (a listener, a timer, a connect callback) lies between them, or an `await` before it
 * (in `home` after `since`, the value's arrival; not an await on `value` itself). A named local
 * function or method is later when every call of it is (with `callsOf` to find them); anything
 * the analysis cannot place is not "later".
 */
export function runsLaterThan(node: Node, home: Node, since?: number, value?: Watched, callsOf?: CallSites, depth = 0): boolean {
  let cur: Node = node;
  // Written outside `home`, the value arrives where a call returns it to this code.
  const outside = !(home.getStart() <= node.getStart() && node.getEnd() <= home.getEnd());
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const arrival = outside && value ? returnedInto(fn, value) : undefined;
    // `await` gives the turn away: what follows it runs later.
    if (awaitBetween(fn, fn === home ? (since ?? fn.getStart()) : (arrival ?? fn.getStart()), cur.getStart(), value)) return true;
    if (fn === home || arrival !== undefined) return false;
    const use = passedAs(fn);
    if (use === 'later') return true;
    // A helper or method of this file runs where it is called: later when every call is
    // (`await connect(); this.pipeBoth(client, remote)`).
    if (use === 'other' && callsOf && depth < 3) {
      const calls = callsOf(fn);
      return calls !== undefined && calls.length > 0 && calls.every((call) => runsLaterThan(call, home, since, value, callsOf, depth + 1));
    }
    if (use !== 'now') return false;
    cur = fn;
  }
  return false;
}

/** The calls of a same-file function or method, undefined when code elsewhere may call it. */
export type CallSites = (fn: FunctionLike) => Node[] | undefined;

/**
 * Where a value a call returns arrives in `fn`: a variable of the value that `fn` itself declares
 * from a call (`const req = get(url)`, a helper that makes the request). Nothing before it can
 * have listened, and nothing outside `fn` comes into it.
 */
function returnedInto(fn: FunctionLike, value: Watched): number | undefined {
  for (const decl of descendantsOfKind(fn, SyntaxKind.VariableDeclaration)) {
    const init = decl.getInitializer();
    if (!init || !Node.isCallExpression(init) || enclosingFunction(decl) !== fn) continue;
    const symbol = symbolOf(decl.getNameNode());
    if (symbol !== undefined && value.uses.symbols.has(symbol)) return decl.getStart();
  }
  return undefined;
}

/**
 * Whether `fn` itself (not a function inside it) awaits between two positions of its text. An await
 * on the value itself (`await once(socket, 'connect')`, a promise that listens to it) watches it
 * meanwhile: it does not count.
 */
function awaitBetween(fn: FunctionLike, from: number, to: number, value?: Watched): boolean {
  if (to <= from) return false;
  const awaits = fn.isAsync()
    ? descendantsOfKind(fn, SyntaxKind.AwaitExpression)
    : isAwaiterGenerator(fn)
      ? descendantsOfKind(fn, SyntaxKind.YieldExpression)
      : [];
  return awaits.some(
    (a) =>
      a.getStart() >= from &&
      a.getEnd() <= to &&
      enclosingFunction(a) === fn &&
      !(value && mentions(a, value)) &&
      onOnePath(a, to) &&
      onOnePath(a, Math.max(from - 1, fn.getStart())),
  );
}

/**
 * Whether the code at `a` and the code at position `to` run on one path: their nearest common
 * ancestor is a statement list (or an expression evaluated in order), not a branch (`if`/`else`,
 * `? :`, `switch`, `try`/`catch`) that puts them on different paths.
 */
function onOnePath(a: Node, to: number): boolean {
  let cur: Node | undefined = a;
  while (cur && !(cur.getStart() <= to && to < cur.getEnd())) cur = cur.getParent();
  if (!cur) return false;
  return !(Node.isIfStatement(cur) || Node.isConditionalExpression(cur) || Node.isSwitchStatement(cur) || Node.isCaseBlock(cur) || Node.isTryStatement(cur));
}

/** A value known by its variables. */
type Watched = { uses: { symbols: Set<unknown> } };

/** Whether an expression names the value (one of its variables). */
function mentions(expr: Node, value: Watched): boolean {
  return descendantsOfKind(expr, SyntaxKind.Identifier).some((id) => {
    const symbol = symbolOf(id);
    return symbol !== undefined && value.uses.symbols.has(symbol);
  });
}
