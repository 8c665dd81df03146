import { Node, SyntaxKind, type CallExpression, type ExpressionStatement } from 'ts-morph';
import { callsNamed, descendantsOfKind } from './descendants';
import { enclosingFunction, functionName, resolveFunction, type FunctionLike } from './functions';
import { unwrap } from './syntax';

/*
 * What an object's own methods do in sequence: `this.sendQuit(); this.close();` where `sendQuit()`
 * writes to `this.client.socket` and `close()` destroys it, a few of the file's calls deep. Fields
 * are named by their path from the `this` of the sequence (`['client', 'socket']`), so two methods
 * reach the same socket only when they reach it through the same fields of the same object.
 */

/** How many same-file calls a sequence is followed through, on each side. */
const MAX_DEPTH = 3;

/** `this` → [], `this.a.b` (also `this.a?.b`, `this.a!.b`) → ['a', 'b']; anything else → undefined. */
export function thisPath(expr: Node): string[] | undefined {
  const inner = unwrap(expr);
  if (inner.getKind() === SyntaxKind.ThisKeyword) return [];
  if (!Node.isPropertyAccessExpression(inner)) return undefined;
  const base = thisPath(inner.getExpression());
  return base && [...base, inner.getName()];
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The statements a node's statement runs after in its function, innermost block first, stopping at the body. */
function statementChain(node: Node, fn: FunctionLike): Node[] | undefined {
  const chain: Node[] = [];
  let statement: Node | undefined = node.getFirstAncestor((a) => Node.isStatement(a));
  while (statement && statement !== fn.getBody()) {
    const parent: Node | undefined = statement.getParent();
    if (!parent) return undefined;
    if (Node.isBlock(parent)) {
      chain.push(statement);
      const holder = parent.getParent();
      if (holder === fn) return chain;
      // A `try` block or an `if` branch runs on entry; a loop, a `catch` or a callback does not.
      if (holder && Node.isTryStatement(holder) && holder.getTryBlock() === parent) statement = holder;
      else if (holder && Node.isIfStatement(holder)) statement = holder;
      else return undefined;
    } else if (Node.isIfStatement(parent)) statement = parent;
    else return undefined;
  }
  return undefined;
}

/** Whether a statement before a step of the sequence leaves the socket alone: no `await`, no use of the field, no call of the file's own functions (a log line). */
function quiet(statement: Node, field: string): boolean {
  if (descendantsOfKind(statement, SyntaxKind.AwaitExpression).length > 0) return false;
  if (descendantsOfKind(statement, SyntaxKind.YieldExpression).length > 0) return false;
  for (const access of descendantsOfKind(statement, SyntaxKind.PropertyAccessExpression)) {
    if (access.getName() === field && access.getExpression().getKind() === SyntaxKind.ThisKeyword) return false;
  }
  return descendantsOfKind(statement, SyntaxKind.CallExpression).every((call) => resolveFunction(call.getExpression()) === undefined);
}

/** Whether `statement` writes to the stream at `path` (from its `this`), itself or through the file's methods, without ending it. */
function writesTo(statement: Node, path: readonly string[], depth: number): CallExpression | undefined {
  const expr = Node.isExpressionStatement(statement) ? unwrap(statement.getExpression()) : undefined;
  if (!expr || !Node.isCallExpression(expr)) return undefined;
  return writeIn(expr, path, depth);
}

function writeIn(call: CallExpression, path: readonly string[], depth: number): CallExpression | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = thisPath(callee.getExpression());
  if (!receiver) return undefined;
  if (callee.getName() === 'write') return samePath(receiver, path) ? call : undefined;
  if (depth === 0 || !samePath(receiver, path.slice(0, receiver.length))) return undefined;
  const method = resolveFunction(callee);
  const body = method?.getBody();
  if (!method || !body || !Node.isBlock(body)) return undefined;
  const rest = path.slice(receiver.length);
  let write: CallExpression | undefined;
  for (const inner of descendantsOfKind(body, SyntaxKind.CallExpression)) {
    if (enclosingFunction(inner) !== method) continue;
    const innerCallee = inner.getExpression();
    // The method ends what it wrote: the destroy after it is another question (afterEndOfWrite).
    if (Node.isPropertyAccessExpression(innerCallee) && innerCallee.getName() === 'end' && samePath(thisPath(innerCallee.getExpression()) ?? [], rest))
      return undefined;
    write ??= statementChain(inner, method) ? writeIn(inner, rest, depth - 1) : undefined;
  }
  return write;
}

export interface WriteBeforeCall {
  /** The `write()` that the sequence runs right before the call. */
  write: CallExpression;
  /** The statement of the caller's sequence that runs it. */
  writer: CallExpression;
}

/**
 * `recv.<method>()` on `this.field` (a destroy) reached on entry of a method that a sequence of
 * the object's own calls runs right after a call that writes to the same field: `this.sendResign();
 * this.shutdown()`, where `sendResign()` does `this.client.socket.write(msg)` and `shutdown()` does
 * `this.client.close()`, whose `this.socket.destroy()` is the call. Followed up to three calls deep
 * on each side.
 */
export function writeRightBeforeThrough(call: CallExpression): WriteBeforeCall | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const path = thisPath(callee.getExpression());
  if (!path || path.length === 0) return undefined;
  return fromCallers(call, path, MAX_DEPTH, new Set());
}

function fromCallers(step: Node, path: readonly string[], depth: number, seen: Set<Node>): WriteBeforeCall | undefined {
  const method = enclosingFunction(step);
  if (!method || seen.has(method)) return undefined;
  seen.add(method);
  const chain = statementChain(step, method);
  if (!chain) return undefined;
  const name = functionName(method);
  // Statements before the step inside its method: only quiet ones (a log line), so the method's caller sequence decides.
  const before = earlierStatements(chain);
  if (before.some((s) => !quiet(s, path[0]!))) return undefined;
  if (!name || depth === 0) return undefined;
  for (const caller of callsNamed(method.getSourceFile(), SyntaxKind.CallExpression, new Set([name]))) {
    const callerCallee = caller.getExpression();
    if (!Node.isPropertyAccessExpression(callerCallee) || resolveFunction(callerCallee) !== method) continue;
    const prefix = thisPath(callerCallee.getExpression());
    if (!prefix) continue;
    const full = [...prefix, ...path];
    const found = rightBefore(caller, full) ?? fromCallers(caller, full, depth - 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** The write that the statement right before `caller`'s statement makes on `path` (log lines between them skipped). */
function rightBefore(caller: CallExpression, path: readonly string[]): WriteBeforeCall | undefined {
  const statement = caller.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  for (let previous = statement.getPreviousSibling(); previous; previous = previous.getPreviousSibling()) {
    const write = writesTo(previous, path, MAX_DEPTH);
    if (write) return { write, writer: unwrap((previous as ExpressionStatement).getExpression()) as CallExpression };
    if (!quiet(previous, path[0]!)) return undefined;
  }
  return undefined;
}

/** The statements that run before the chain's innermost statement, in every block of the chain. */
function earlierStatements(chain: Node[]): Node[] {
  const found: Node[] = [];
  for (const statement of chain) {
    for (let s = statement.getPreviousSibling(); s; s = s.getPreviousSibling()) found.push(s);
  }
  return found;
}
