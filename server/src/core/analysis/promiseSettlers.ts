import { Node, type CallExpression, type NewExpression } from 'ts-morph';
import { isFunctionLike, resolveFunction } from './functions';
import { isPromiseConstructor } from './modules';
import { declarationsOf } from './symbols';
import { unwrap } from './syntax';

/*
 * A listener that settles a promise made here (`s.on('close', resolve)`, Bluebird's
 * `Promise.fromNode((cb) => s.on('close', cb))`) does its work where the promise goes on: the
 * handlers chained on it (`.then`, `.catch`, `.finally`) or the code after `await`. A resolve goes
 * on where a fulfilled promise does, a reject where a rejected one does; Bluebird's callback may
 * do either.
 */

type Outcome = 'resolve' | 'reject' | 'either';

/** Calls whose first argument is an executor-like function run at once, its parameters settling the result. */
const SETTLING_FACTORIES = new Set(['fromNode', 'fromCallback']);

/** The promise a parameter settles, and how: `new Promise((resolve, reject) => …)` or `Promise.fromNode((cb) => …)`. */
function settledPromise(param: Node): { promise: NewExpression | CallExpression; outcome: Outcome } | undefined {
  const fn = param.getParent();
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const index = fn.getParameters().indexOf(param as never);
  const call = fn.getParent();
  if (!call || !(Node.isNewExpression(call) || Node.isCallExpression(call)) || call.getArguments()[0] !== fn) return undefined;
  const callee = unwrap(call.getExpression());
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
  if (Node.isNewExpression(call))
    return isPromiseConstructor(callee) && index <= 1 ? { promise: call, outcome: index === 0 ? 'resolve' : 'reject' } : undefined;
  return name !== undefined && SETTLING_FACTORIES.has(name) && index === 0 ? { promise: call, outcome: 'either' } : undefined;
}

const fulfils = (o: Outcome): boolean => o !== 'reject';
const rejects = (o: Outcome): boolean => o !== 'resolve';

/** `p.then(f, g).catch(h)['finally'](k)`: the functions chained on a promise expression that run for the outcome. */
function chainedHandlers(promise: Node, outcome: Outcome): Node[] {
  const handlers: Node[] = [];
  let link: Node = promise;
  for (;;) {
    const parent = link.getParent();
    if (!parent) break;
    if (Node.isParenthesizedExpression(parent)) {
      link = parent;
      continue;
    }
    const method = Node.isPropertyAccessExpression(parent)
      ? parent.getName()
      : Node.isElementAccessExpression(parent)
        ? parent.getArgumentExpression()?.getText().slice(1, -1)
        : undefined;
    const call = parent.getParent();
    if (!method || !call || !Node.isCallExpression(call) || call.getExpression() !== parent) break;
    const args = call.getArguments();
    const run =
      method === 'then'
        ? [...(fulfils(outcome) ? args.slice(0, 1) : []), ...(rejects(outcome) ? args.slice(1, 2) : [])]
        : method === 'catch'
          ? rejects(outcome)
            ? args.slice(0, 1)
            : []
          : method === 'finally'
            ? args.slice(0, 1)
            : undefined;
    if (!run) break;
    for (const arg of run) {
      const fn = resolveFunction(arg);
      if (fn) handlers.push(fn);
    }
    link = call;
  }
  return handlers;
}

/** Whether a block can run to its end: its last statement is no `return` or `throw`. */
function completes(block: Node): boolean {
  const last = Node.isBlock(block) ? block.getStatements().at(-1) : undefined;
  return !last || !(Node.isReturnStatement(last) || Node.isThrowStatement(last));
}

/**
 * The code that runs after an awaited promise settles with the outcome: on fulfilment the rest of
 * each enclosing block up to the function; on rejection the enclosing `catch` clause, and what
 * follows its `try` when the catch can run to its end. `finally` blocks either way. Undefined when a
 * rejection leaves the function uncaught (its caller's code decides).
 */
function afterAwait(awaited: Node, outcome: Outcome): Node[] | undefined {
  const found: Node[] = [];
  let fulfilled = fulfils(outcome);
  let rejected = rejects(outcome);
  let statement: Node | undefined = awaited.getFirstAncestor((a) => Node.isStatement(a));
  while (statement && !isFunctionLike(statement)) {
    if (fulfilled) for (let next = statement.getNextSibling(); next; next = next.getNextSibling()) found.push(next);
    const parent = statement.getParent();
    if (!parent || Node.isSourceFile(parent) || isFunctionLike(parent)) break;
    const holder = Node.isBlock(parent) ? parent.getParent() : parent;
    if (!holder || isFunctionLike(holder)) break;
    if (Node.isTryStatement(holder) && holder.getTryBlock() === parent) {
      const handler = holder.getCatchClause();
      const last = holder.getFinallyBlock();
      if (last) found.push(last);
      if (rejected && handler) {
        found.push(handler);
        // Caught: the code after the `try` runs when the catch completes, as after a fulfilment.
        rejected = false;
        fulfilled = fulfilled || completes(handler.getBlock());
      }
    }
    statement = Node.isStatement(holder) ? holder : holder.getFirstAncestor((a) => Node.isStatement(a) || isFunctionLike(a));
  }
  return outcome === 'reject' && rejected ? undefined : found;
}

/**
 * Where a listener that settles a promise made here does its work: the handlers chained on that
 * promise, or the code after it is awaited. Undefined when the listener settles nothing here, or
 * the promise goes where this code cannot follow (kept in a variable, returned unchained, a
 * rejection not caught in the awaiting function: its callers' code decides).
 */
export function settledContinuations(listenerArg: Node | undefined): Node[] | undefined {
  if (!listenerArg) return undefined;
  const ref = unwrap(listenerArg);
  if (!Node.isIdentifier(ref)) return undefined;
  const param = declarationsOf(ref).find((d) => Node.isParameterDeclaration(d));
  const settled = param && settledPromise(param);
  if (!settled) return undefined;
  let outer: Node = settled.promise;
  while (Node.isParenthesizedExpression(outer.getParent())) outer = outer.getParent()!;
  const awaited = outer.getParent();
  if (awaited && Node.isAwaitExpression(awaited)) return afterAwait(awaited, settled.outcome);
  const handlers = chainedHandlers(settled.promise, settled.outcome);
  return handlers.length > 0 ? handlers : undefined;
}
