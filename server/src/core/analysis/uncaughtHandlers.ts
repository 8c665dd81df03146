import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { callsNamed, descendantsOfKind } from './descendants';
import { resolveFunction, type FunctionLike } from './functions';

const ADDS_LISTENER = new Set(['on', 'addListener', 'prependListener']);
/** Connection errors: a handler that ends the process on one of these does not keep it running. */
const CONNECTION_ERRORS = /ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up/;
/** Errors of `listen()` only: a handler may still exit on those and keep running on a connection's. */
const LISTEN_ERRORS = /EADDRINUSE|EADDRNOTAVAIL/;

/**
 * Whether the file installs a process-wide `'uncaughtException'` handler that logs and keeps the
 * process running when a connection fails (`process.on('uncaughtException', (e) => session.logError(e))`,
 * tsserver; total.js's, which exits only on `listen EADDRINUSE`). There an 'error' nobody listens
 * to is reported to that handler and the process goes on: it does not crash. A handler this file
 * cannot read, one added with `once` (it is used up by the first error), or one that may exit or
 * throw does not count.
 */
export function keepsRunningOnUncaughtErrors(sf: SourceFile): boolean {
  return callsNamed(sf, SyntaxKind.CallExpression, ADDS_LISTENER).some((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !/^(globalThis\.|global\.)?process$/.test(callee.getExpression().getText())) return false;
    const [event, handler] = call.getArguments();
    if (!event || !(Node.isStringLiteral(event) || Node.isNoSubstitutionTemplateLiteral(event)) || event.getLiteralValue() !== 'uncaughtException')
      return false;
    const fn = handler && (resolveFunction(handler) ?? assignedFunction(sf, handler));
    return fn !== undefined && !mayEndProcess(fn);
  });
}

/** The one function a bare name is assigned in the file (`log_error = function (e) { … }`, an implicit global). */
function assignedFunction(sf: SourceFile, name: Node): FunctionLike | undefined {
  if (!Node.isIdentifier(name)) return undefined;
  const assigned = descendantsOfKind(sf, SyntaxKind.BinaryExpression).filter(
    (b) => b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isIdentifier(b.getLeft()) && b.getLeft().getText() === name.getText(),
  );
  if (assigned.length !== 1) return undefined;
  const right = assigned[0].getRight();
  return Node.isFunctionExpression(right) || Node.isArrowFunction(right) ? right : undefined;
}

/** Whether a handler (or a same-file function it calls, two levels down) may exit, abort or throw on a connection's error. */
function mayEndProcess(fn: FunctionLike, depth = 2, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  const ends = [
    ...descendantsOfKind(fn, SyntaxKind.ThrowStatement),
    ...descendantsOfKind(fn, SyntaxKind.CallExpression).filter((call) => /^process\.(exit|abort|kill|reallyExit)$/.test(call.getExpression().getText())),
  ];
  if (ends.some((end) => !onlyOnListenErrors(end, fn))) return true;
  if (depth === 0) return false;
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    const callee = resolveFunction(call.getExpression());
    return callee !== undefined && callee !== fn && mayEndProcess(callee, depth - 1, seen);
  });
}

/** An exit inside the branch of an `if` that tests for a listen error only (`if (err.indexOf('listen EADDRINUSE') !== -1)`). */
function onlyOnListenErrors(end: Node, fn: Node): boolean {
  for (let child: Node = end, parent = end.getParent(); parent && parent !== fn; child = parent, parent = parent.getParent()) {
    if (!Node.isIfStatement(parent) || parent.getThenStatement() !== child) continue;
    const test = parent.getExpression().getText();
    if (LISTEN_ERRORS.test(test) && !CONNECTION_ERRORS.test(test)) return true;
  }
  return false;
}
