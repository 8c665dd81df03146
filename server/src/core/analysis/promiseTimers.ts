import { Node, SyntaxKind } from 'ts-morph';
import { descendantsOfKind } from './descendants';
import { callsIn, isFunctionLike, resolveFunction } from './functions';
import { isPromiseConstructor, moduleMemberOf } from './modules';
import { symbolOf, unwrap } from './values';

/** Packages whose default export is a promise timer (`await delay(500)`). */
const TIMER_PACKAGES = /^(delay|sleep-promise|p-sleep|await-sleep|timers-ext\/promise\/sleep)$/;
/** Names that say "wait this long": silence is the safe side of a guess, so a helper named so counts. */
const TIMER_NAMES = /^(sleep|delay|wait|pause|timeout|setTimeoutAsync|setTimeoutPromise)$/i;

type Fn = Node & { getParameters?: unknown };

function nearestFunction(node: Node): Fn | undefined {
  return node.getFirstAncestor(isFunctionLike);
}

/** Whether a function body starts a callback timer (`new Promise((r) => setTimeout(r, ms))`). */
function startsTimer(fn: Node): boolean {
  return callsIn(fn).some((c) => {
    const callee = c.getExpression();
    const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
    return name === 'setTimeout';
  });
}

/** `util.promisify(setTimeout)` / `promisify(setTimeout)`. */
function isPromisifiedTimer(expr: Node | undefined): boolean {
  if (!expr || !Node.isCallExpression(expr)) return false;
  const callee = expr.getExpression();
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
  return name === 'promisify' && /(^|\.)setTimeout$/.test(expr.getArguments()[0]?.getText() ?? '');
}

/**
 * Whether an expression is a promise that settles after a delay: `timers/promises`'s `setTimeout`
 * or `scheduler.wait`, `util.promisify(setTimeout)`, the `delay` package, a same-file helper
 * built on `setTimeout`, `new Promise((r) => setTimeout(r, ms))`, or a helper named like a sleep.
 */
export function isPromiseTimer(expr: Node): boolean {
  const node = unwrap(expr);
  if (Node.isNewExpression(node)) {
    const executor = node.getArguments()[0];
    return isPromiseConstructor(node.getExpression()) && executor !== undefined && isFunctionLike(executor) && startsTimer(executor);
  }
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  const member = moduleMemberOf(callee);
  if (member) {
    if (member.module === 'timers/promises') return member.member === 'setTimeout' || member.member === 'wait';
    if (TIMER_PACKAGES.test(member.module)) return true;
  }
  // timers.promises.setTimeout(ms), scheduler.wait(ms)
  if (/(^|\.)promises\.setTimeout$|(^|\.)scheduler\.wait$/.test(callee.getText())) return true;
  if (Node.isIdentifier(callee)) {
    const decl = symbolOf(callee)?.getDeclarations()[0];
    if (decl && Node.isVariableDeclaration(decl) && isPromisifiedTimer(decl.getInitializer())) return true;
    const fn = resolveFunction(callee);
    if (fn && startsTimer(fn)) return true;
  }
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
  return name !== undefined && TIMER_NAMES.test(name);
}

/** `AbortSignal.timeout(ms)`, or `AbortSignal.any([...])` with one among its signals. */
function isTimeoutSignal(expr: Node, depth = 0): boolean {
  const node = unwrap(expr);
  if (depth > 3) return false;
  if (Node.isIdentifier(node)) {
    const decl = symbolOf(node)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    return init !== undefined && isTimeoutSignal(init, depth + 1);
  }
  if (!Node.isCallExpression(node)) return false;
  const text = node.getExpression().getText();
  if (text === 'AbortSignal.timeout') return true;
  if (text === 'AbortSignal.any') {
    const list = node.getArguments()[0];
    return list !== undefined && Node.isArrayLiteralExpression(list) && list.getElements().some((e) => isTimeoutSignal(e, depth + 1));
  }
  return false;
}

/**
 * Whether `node` runs only after a promise timer or a timeout signal: inside a callback of
 * `sleep(ms).then(…)`, after an earlier `await setTimeout(ms)` in its function, or in an
 * `'abort'` listener of `AbortSignal.timeout(ms)`.
 */
export function afterPromiseTimer(node: Node): boolean {
  for (let fn = nearestFunction(node); fn; fn = nearestFunction(fn)) {
    const call = fn.getParent();
    if (call && Node.isCallExpression(call) && call.getArguments().includes(fn as never)) {
      const callee = call.getExpression();
      if (Node.isPropertyAccessExpression(callee)) {
        const method = callee.getName();
        if ((method === 'then' || method === 'finally') && isPromiseTimer(callee.getExpression())) return true;
        const [event] = call.getArguments();
        if (
          method === 'addEventListener' &&
          event &&
          Node.isStringLiteral(event) &&
          event.getLiteralValue() === 'abort' &&
          isTimeoutSignal(callee.getExpression())
        )
          return true;
      }
    }
  }
  const fn = nearestFunction(node);
  if (!fn) return false;
  return descendantsOfKind(fn, SyntaxKind.AwaitExpression).some(
    (a) => a.getEnd() <= node.getStart() && nearestFunction(a) === fn && isPromiseTimer(a.getExpression()),
  );
}
