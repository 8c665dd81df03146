import { Node, SyntaxKind, type CallExpression, type ExpressionStatement } from 'ts-morph';
import { SOCKET_KINDS } from '../core/analysis/classify';
import type { FileAnalysis } from '../core/analysis/fileAnalysis';
import { enclosingFunction, listenersByHandler, type ListenerSite } from '../core/analysis/lifecycle';
import type { TrackedValue } from '../core/analysis/values';
import { unwrap } from '../core/analysis/values';
import type { Fix, Rule, RuleContext } from '../core/rule';
import { descendantsOfKind } from '../core/analysis/descendants';

/** Events that mean the stream is finishing normally. */
const GRACEFUL_EVENTS = new Set(['end', 'close', 'finish']);
/** Events whose listeners are where destroy() belongs. */
const FAILURE_EVENTS = new Set(['error', 'timeout', 'clientError', 'aborted']);

/** Why a destroy() call sits on a graceful path, or undefined when it does not. */
type GracefulPath = { kind: 'listener'; event: string } | { kind: 'afterWrite'; write: CallExpression };

function insideCatch(call: Node, fn: Node | undefined): boolean {
  for (let n = call.getParent(); n && n !== fn; n = n.getParent()) if (Node.isCatchClause(n)) return true;
  return false;
}

/** `x.write(…)` as the statement right before the one holding the destroy call, on the same value. */
function precedingWrite(analysis: FileAnalysis, call: CallExpression, value: TrackedValue): CallExpression | undefined {
  const statement = call.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const previous = statement.getPreviousSibling();
  if (!previous || !Node.isExpressionStatement(previous)) return undefined;
  const expr = unwrap(previous.getExpression());
  if (!Node.isCallExpression(expr)) return undefined;
  const callee = expr.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'write') return undefined;
  return analysis.refersTo(callee.getExpression(), value) ? expr : undefined;
}

/**
 * Whether the destroy sits under a condition on the 'close' listener's `hadError` parameter
 * (`if (hadError) peer.destroy()`): that branch is the failure path.
 */
function guardedByHadError(call: Node, handler: Node): boolean {
  if (!Node.isArrowFunction(handler) && !Node.isFunctionExpression(handler) && !Node.isFunctionDeclaration(handler)) return false;
  const param = handler.getParameters()[0];
  if (!param) return false;
  const name = param.getName();
  for (let n = call.getParent(); n && n !== handler; n = n.getParent()) {
    const condition = Node.isIfStatement(n) ? n.getExpression() : Node.isConditionalExpression(n) ? n.getCondition() : undefined;
    if (condition && mentions(condition, name)) return true;
    if (Node.isBinaryExpression(n) && [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken].includes(n.getOperatorToken().getKind()) && mentions(n.getLeft(), name)) return true;
  }
  return false;
}

function mentions(expr: Node, name: string): boolean {
  return (Node.isIdentifier(expr) && expr.getText() === name) || descendantsOfKind(expr, SyntaxKind.Identifier).some((id) => id.getText() === name);
}

/** Whether `value.end(…)` is called earlier in the same function: the destroy is a fallback. */
function endCalledBefore(analysis: FileAnalysis, call: CallExpression, value: TrackedValue, fn: Node | undefined): boolean {
  return analysis.methodCalls(value, 'end').some((end) => end.getStart() < call.getStart() && enclosingFunction(end) === fn);
}

function gracefulPath(analysis: FileAnalysis, handlers: Map<Node, ListenerSite[]>, call: CallExpression, value: TrackedValue): GracefulPath | undefined {
  const fn = enclosingFunction(call);
  if (insideCatch(call, fn)) return undefined;
  if (endCalledBefore(analysis, call, value, fn)) return undefined;
  const sites = (fn && handlers.get(fn)) ?? [];
  if (sites.some((s) => FAILURE_EVENTS.has(s.listener.event))) return undefined;
  const write = precedingWrite(analysis, call, value);
  if (write) return { kind: 'afterWrite', write };
  for (const site of sites) {
    const event = site.listener.event;
    if (!GRACEFUL_EVENTS.has(event) || !SOCKET_KINDS.has(site.value.kind)) continue;
    // Its own 'close' (already destroyed) and 'finish' (end() already called) lose nothing.
    if (site.value === value && event !== 'end') continue;
    if (event === 'close' && guardedByHadError(call, fn!)) continue;
    return { kind: 'listener', event };
  }
  return undefined;
}

function replaceWithEnd(call: CallExpression): Fix | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.getNameNode();
  return { title: 'Use end() to flush and close gracefully', edits: [{ start: name.getStart(), end: call.getEnd(), text: 'end()' }] };
}

/** `x.write(chunk); x.destroy();` → `x.end(chunk);` when nothing else sits between them. */
function mergeIntoEnd(text: string, write: CallExpression, call: CallExpression): Fix | undefined {
  const args = write.getArguments();
  if (args.length === 0 || args.length > 2 || args.some((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a))) return undefined;
  const writeStatement = write.getParent() as ExpressionStatement;
  const between = text.slice(writeStatement.getEnd(), call.getStart());
  if (/\/[/*]/.test(between)) return undefined;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.getExpression().getText();
  const endCall = `${receiver}.end(${args.map((a) => a.getText()).join(', ')})`;
  return { title: `Send the last chunk with end()`, edits: [{ start: writeStatement.getStart(), end: call.getEnd(), text: endCall }] };
}

const rule: Rule = {
  meta: {
    id: 'destroy-without-end',
    description: 'Close sockets with end() on graceful paths: destroy() drops unsent data and may send RST.',
    defaultSeverity: 'warn',
    messages: {
      listener:
        "destroy() in this '{event}' listener throws away data not yet sent and may reset the peer: end() flushes it and closes with FIN.",
      afterWrite:
        'destroy() right after write() can throw away the data just written and reset the peer: end() sends it and closes with FIN.',
    },
    options: {},
  },
  check(context: RuleContext) {
    const { analysis } = context;
    const handlers = listenersByHandler(analysis);
    const seen = new Set<Node>();
    for (const value of analysis.values) {
      if (!SOCKET_KINDS.has(value.kind)) continue;
      for (const call of analysis.methodCalls(value, 'destroy')) {
        if (seen.has(call) || call.getArguments().length > 0) continue;
        seen.add(call);
        const path = gracefulPath(analysis, handlers, call, value);
        if (!path) continue;
        if (path.kind === 'afterWrite') {
          const fixes = [mergeIntoEnd(context.text, path.write, call), replaceWithEnd(call)].filter((f): f is Fix => f !== undefined);
          context.report({ node: call, messageId: 'afterWrite', fixes });
        } else {
          const fix = replaceWithEnd(call);
          context.report({ node: call, messageId: 'listener', data: { event: path.event }, fixes: fix ? [fix] : [] });
        }
      }
    }
  },
};

export default rule;
