import { Node, type CallExpression, type NewExpression } from 'ts-morph';
import { resolveFunction } from './functions';
import { declarationsOf } from './symbols';
import { unwrap } from './syntax';

/*
 * A listener that settles a promise made here (`s.on('close', resolve)`, Bluebird's
 * `Promise.fromNode((cb) => s.on('close', cb))`) does its work where the promise goes on: the
 * handlers chained on it (`.then`, `.catch`, `.finally`) or the code after `await`.
 */

/** Calls whose first argument is an executor-like function run at once, its parameters settling the result. */
const SETTLING_FACTORIES = new Set(['fromNode', 'fromCallback']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** The promise a parameter settles: `new Promise((resolve, reject) => …)` or `Promise.fromNode((cb) => …)`. */
function settledPromise(param: Node): NewExpression | CallExpression | undefined {
  const fn = param.getParent();
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const index = fn.getParameters().indexOf(param as never);
  const call = fn.getParent();
  if (!call || !(Node.isNewExpression(call) || Node.isCallExpression(call)) || call.getArguments()[0] !== fn) return undefined;
  const callee = unwrap(call.getExpression());
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
  if (Node.isNewExpression(call)) return name === 'Promise' && index <= 1 ? call : undefined;
  return name !== undefined && SETTLING_FACTORIES.has(name) && index === 0 ? call : undefined;
}

/** `p.then(f).catch(g)['finally'](h)`: the functions chained on a promise expression, in order. */
function chainedHandlers(promise: Node): Node[] {
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
    if (!method || !CHAIN_METHODS.has(method) || !call || !Node.isCallExpression(call) || call.getExpression() !== parent) break;
    for (const arg of call.getArguments()) {
      const fn = resolveFunction(arg);
      if (fn) handlers.push(fn);
    }
    link = call;
  }
  return handlers;
}

function isFunction(node: Node | undefined): boolean {
  return (
    node !== undefined && (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node))
  );
}

/** The statements that run after an awaited expression: the rest of each enclosing block up to the function, and the enclosing `catch`/`finally` clauses. */
function afterAwait(awaited: Node): Node[] {
  const found: Node[] = [];
  let statement: Node | undefined = awaited.getFirstAncestor((a) => Node.isStatement(a));
  while (statement && !isFunction(statement)) {
    for (let next = statement.getNextSibling(); next; next = next.getNextSibling()) found.push(next);
    const parent = statement.getParent();
    if (!parent || Node.isSourceFile(parent) || isFunction(parent)) break;
    const holder = Node.isBlock(parent) ? parent.getParent() : parent;
    if (!holder || isFunction(holder)) break;
    if (Node.isTryStatement(holder) && holder.getTryBlock() === parent) {
      const handler = holder.getCatchClause();
      const last = holder.getFinallyBlock();
      if (handler) found.push(handler);
      if (last) found.push(last);
    }
    statement = Node.isStatement(holder) ? holder : holder.getFirstAncestor((a) => Node.isStatement(a) || isFunction(a));
  }
  return found;
}

/**
 * Where a listener that settles a promise made here does its work: the handlers chained on that
 * promise, or the code after it is awaited. Undefined when the listener settles nothing here, or
 * the promise goes where this code cannot follow (kept in a variable, returned unchained).
 */
export function settledContinuations(listenerArg: Node | undefined): Node[] | undefined {
  if (!listenerArg) return undefined;
  const ref = unwrap(listenerArg);
  if (!Node.isIdentifier(ref)) return undefined;
  const param = declarationsOf(ref).find((d) => Node.isParameterDeclaration(d));
  const promise = param && settledPromise(param);
  if (!promise) return undefined;
  let outer: Node = promise;
  while (Node.isParenthesizedExpression(outer.getParent())) outer = outer.getParent()!;
  const awaited = outer.getParent();
  if (awaited && Node.isAwaitExpression(awaited)) return afterAwait(awaited);
  const handlers = chainedHandlers(promise);
  return handlers.length > 0 ? handlers : undefined;
}
