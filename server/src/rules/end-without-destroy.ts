import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { HTTP_SERVER_KINDS, SOCKET_KINDS } from '../core/analysis/classify';
import { descendantsOfKind } from '../core/analysis/descendants';
import type { FileAnalysis } from '../core/analysis/fileAnalysis';
import type { FunctionLike } from '../core/analysis/functions';
import { enclosingFunction, resolveFunction, tearsDown, timerBound } from '../core/analysis/lifecycle';
import { symbolOf, unwrap, type TrackedValue } from '../core/analysis/values';
import type { Fix, Rule, RuleContext } from '../core/rule';

/** Calls that really close the connection (end() only half-closes it). */
const DESTROY_METHODS: ReadonlySet<string> = new Set(['destroy', 'resetAndDestroy', 'destroySoon', 'abort']);

/** A failure handler: a 'timeout'/'error' listener or a setTimeout callback of `owner`. */
interface FailureHandler {
  owner: TrackedValue;
  event: 'timeout' | 'error';
  fn: FunctionLike;
  /** A server 'timeout' handler's socket parameter. */
  socketParam?: Node;
}

function failureHandlers(analysis: FileAnalysis, value: TrackedValue): FailureHandler[] {
  const out: FailureHandler[] = [];
  const server = HTTP_SERVER_KINDS.has(value.kind);
  const param = (fn: FunctionLike) => (server ? fn.getParameters()[0] : undefined);
  for (const l of value.uses.listeners) {
    if ((l.event === 'timeout' || (l.event === 'error' && !server)) && l.handler && !l.transient) out.push({ owner: value, event: l.event, fn: l.handler, socketParam: l.event === 'timeout' ? param(l.handler) : undefined });
  }
  for (const call of analysis.methodCalls(value, 'setTimeout')) {
    const cb = call.getArguments()[1];
    const fn = cb && resolveFunction(cb);
    if (fn) out.push({ owner: value, event: 'timeout', fn, socketParam: param(fn) });
  }
  return out;
}

function enclosingNonArrow(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
}

/** What an `x.end()` inside the handler ends: the owner, a server handler's socket, or another tracked socket. */
function endedTarget(analysis: FileAnalysis, handler: FailureHandler, receiver: Node): { value?: TrackedValue; param?: Node } | undefined {
  const r = unwrap(receiver);
  if (r.getKind() === SyntaxKind.ThisKeyword) {
    return !Node.isArrowFunction(handler.fn) && enclosingNonArrow(r) === handler.fn && !handler.socketParam ? { value: handler.owner } : undefined;
  }
  if (handler.socketParam && Node.isIdentifier(r)) {
    const name = handler.socketParam.getFirstChildByKind(SyntaxKind.Identifier);
    if (name && symbolOf(r) !== undefined && symbolOf(r) === symbolOf(name)) return { param: handler.socketParam };
  }
  if (analysis.refersTo(r, handler.owner) && !HTTP_SERVER_KINDS.has(handler.owner.kind)) return { value: handler.owner };
  const other = analysis.valueOf(r);
  return other && SOCKET_KINDS.has(other.kind) ? { value: other } : undefined;
}

/** Whether `target` is closed some other way that bounds a dead peer. */
function closedElsewhere(analysis: FileAnalysis, handler: FailureHandler, target: TrackedValue): boolean {
  if (analysis.escapes(target) || timerBound(target)) return true;
  // The owner's 'close' listener tearing the peer down (a relay's usual pairing) runs right after 'error'.
  const destroyedOn = (v: TrackedValue, events: string[]) =>
    v.uses.listeners.some((l) => events.includes(l.event) && l.handler !== undefined && tearsDown(analysis, l.handler, { values: [target] }, DESTROY_METHODS));
  if (target !== handler.owner && destroyedOn(handler.owner, ['close'])) return true;
  // Its own idle timeout destroys it.
  return target !== handler.owner && destroyedOn(target, ['timeout']);
}

function buildFix(end: CallExpression, request: boolean): Fix | undefined {
  const callee = end.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const args = end.getArguments();
  const receiver = callee.getExpression().getText();
  if (args.length === 0) {
    return { title: request ? 'Destroy the request' : 'Destroy the socket: end() waits for a FIN that will not come', edits: [{ start: callee.getNameNode().getStart(), end: end.getEnd(), text: 'destroy()' }] };
  }
  if (args.length === 1 && !Node.isArrowFunction(args[0]) && !Node.isFunctionExpression(args[0])) {
    // Keep the last chunk: destroy once it is flushed.
    const at = args[0].getEnd();
    return { title: 'Destroy it once the last chunk is flushed', edits: [{ start: at, end: at, text: `, () => ${receiver}.destroy()` }] };
  }
  return undefined;
}

const rule: Rule = {
  meta: {
    id: 'end-without-destroy',
    description: "Close connections with destroy() in 'timeout' and 'error' handlers: end() only half-closes and waits for a peer that is gone.",
    defaultSeverity: 'warn',
    messages: {
      socket:
        "end() in this '{event}' handler only half-closes the socket: it sends FIN and waits for the peer's FIN, which an idle or dead peer never sends, so the socket stays open. destroy() closes it.",
      request:
        "end() in this 'timeout' handler does not abort the request: it finishes sending it and keeps waiting for a response that is not coming. destroy() aborts it.",
    },
    options: {},
  },
  check(context: RuleContext) {
    const { analysis } = context;
    const seen = new Set<Node>();
    for (const value of analysis.values) {
      const kind = value.kind;
      if (!SOCKET_KINDS.has(kind) && kind !== 'clientRequest' && !HTTP_SERVER_KINDS.has(kind)) continue;
      for (const handler of failureHandlers(analysis, value)) {
        // Ends written in the handler itself (a shared helper may serve graceful paths too).
        for (const end of descendantsOfKind(handler.fn, SyntaxKind.CallExpression)) {
          const callee = end.getExpression();
          if (seen.has(end) || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'end') continue;
          const target = endedTarget(analysis, handler, callee.getExpression());
          if (!target) continue;
          // Node emits a socket's (or request's) own 'error' while destroying it: end() there is a no-op.
          if (handler.event === 'error' && target.value === handler.owner) continue;
          const closes = target.value
            ? tearsDown(analysis, handler.fn, { values: [target.value] }, DESTROY_METHODS)
            : tearsDown(analysis, handler.fn, { values: [], params: [target.param!] }, DESTROY_METHODS);
          if (closes) continue;
          if (target.value && closedElsewhere(analysis, handler, target.value)) continue;
          // An end() inside a nested function of the handler that is not a timer is another path.
          if (enclosingFunction(end) !== handler.fn && !inTimerCallback(end, handler.fn)) continue;
          seen.add(end);
          const messageId = target.value?.kind === 'clientRequest' ? 'request' : 'socket';
          const fix = buildFix(end, messageId === 'request');
          context.report({ node: end, messageId, data: { event: handler.event }, fixes: fix ? [fix] : [] });
        }
      }
    }
  },
};

/** Whether `node` sits in a `setTimeout`/`setImmediate` callback nested in `fn` (still the failure path). */
function inTimerCallback(node: Node, fn: Node): boolean {
  for (let f = enclosingFunction(node); f && f !== fn; f = enclosingFunction(f)) {
    const call = f.getParent();
    if (!call || !Node.isCallExpression(call)) return false;
    const name = call.getExpression().getText();
    if (!/^(setTimeout|setImmediate|process\.nextTick|queueMicrotask)$/.test(name)) return false;
  }
  return true;
}

export default rule;
