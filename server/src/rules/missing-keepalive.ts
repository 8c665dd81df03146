import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  SOCKET_KINDS,
  creationOptions,
  descendantsOfKind,
  keepAliveState,
  literalOf,
  methodName,
  numericValue,
  optionOf,
  timerBound,
  unwrap,
  type FileAnalysis,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement, insertAfterStatement } from '../core/fixBuilders';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

function socketOf(analysis: FileAnalysis, expr: Node | undefined): TrackedValue | undefined {
  const v = expr && analysis.valueOf(unwrap(expr));
  return v && SOCKET_KINDS.has(v.kind) ? v : undefined;
}

/** Sockets that relay data to or from another socket of this file: `pipe`, `pipeline`, or 'data' → write(). */
function relayedSockets(analysis: FileAnalysis): Set<TrackedValue> {
  const relayed = new Set<TrackedValue>();
  const pair = (a: TrackedValue | undefined, b: TrackedValue | undefined): void => {
    if (!a || !b || a === b) return;
    relayed.add(a);
    relayed.add(b);
  };
  for (const v of analysis.values) {
    if (!SOCKET_KINDS.has(v.kind)) continue;
    for (const call of v.uses.calls) {
      if (methodName(call) === 'pipe') pair(v, socketOf(analysis, call.getArguments()[0]));
    }
    for (const call of v.uses.pipedFrom) {
      const callee = call.getExpression();
      if (Node.isPropertyAccessExpression(callee)) pair(v, socketOf(analysis, callee.getExpression()));
    }
    for (const use of v.uses.handledBy) {
      if (Node.isCallExpression(use)) for (const arg of use.getArguments()) pair(v, socketOf(analysis, arg));
    }
    for (const l of v.uses.listeners) {
      if (l.event !== 'data' || !l.handler) continue;
      for (const call of descendantsOfKind(l.handler, SyntaxKind.CallExpression)) {
        const callee = call.getExpression();
        if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'write') pair(v, socketOf(analysis, callee.getExpression()));
      }
    }
  }
  return relayed;
}

/** Where the code switches the socket's idle timeout off, when it never sets a positive one. */
function disabledIdleTimeout(analysis: FileAnalysis, value: TrackedValue): { node: Node; call?: CallExpression } | undefined {
  const calls = analysis.methodCalls(value, 'setTimeout');
  const values = calls.map((c) => numericValue(c.getArguments()[0]));
  if (values.some((v) => v === undefined || v > 0)) return undefined;
  const option = value.origin === 'created' ? optionOf(creationOptions(value), 'timeout') : { state: 'unset' as const };
  if (option.state === 'unknown') return undefined;
  if (option.state === 'set') {
    const ms = numericValue(option.value);
    if (ms === undefined || ms > 0) return undefined;
    if (calls.length === 0) return { node: option.property };
  }
  return calls.length > 0 ? { node: calls[0], call: calls[0] } : undefined;
}

function buildFix(analysis: FileAnalysis, value: TrackedValue, at: { node: Node; call?: CallExpression }, delay: number): Fix | undefined {
  const title = `Enable TCP keep-alive (first probe after ${delay} ms idle)`;
  let edit: TextEdit | undefined;
  // A `setKeepAlive(false)` / `setKeepAlive()` the code already has would switch it off again: turn that one on.
  const off = analysis.methodCalls(value, 'setKeepAlive').find((c) => c.getArguments().length === 0 || literalOf(c.getArguments()[0]) === false);
  if (off) {
    const open = off.getArguments()[0]?.getStart() ?? off.getEnd() - 1;
    const close = off.getArguments().at(-1)?.getEnd() ?? off.getEnd() - 1;
    return { title, edits: [{ start: open, end: close, text: `true, ${delay}` }] };
  }
  if (at.call) {
    const callee = at.call.getExpression();
    const statement = enclosingStatement(at.call);
    const receiver = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
    if (receiver && Node.isIdentifier(receiver) && statement && Node.isExpressionStatement(statement) && unwrap(statement.getExpression()) === at.call) {
      edit = insertAfterStatement(statement, [`${receiver.getText()}.setKeepAlive(true, ${delay});`]);
    }
  } else if (value.name && value.statement) {
    edit = insertAfterStatement(value.statement, [`${value.name}.setKeepAlive(true, ${delay});`]);
  }
  return edit && { title, edits: [edit] };
}

const rule = defineRule({
  meta: {
    id: 'missing-keepalive',
    description: 'A relayed socket whose idle timeout is switched off needs TCP keep-alive, or a vanished peer holds both sides forever.',
    defaultSeverity: 'warn',
    messages: {
      missing:
        "This relayed socket's idle timeout is off and TCP keep-alive is not on. A peer that vanishes without FIN or RST (a crashed host, a dropped NAT entry) holds this socket and its relay partner open forever.",
    },
    options: {
      initialDelayMs: {
        type: 'number',
        default: 60000,
        description: 'Idle time before the first keep-alive probe, for the setKeepAlive(true, ms) the fix adds.',
      },
    },
  },
  check(context) {
    const { analysis } = context;
    const delay = Number(context.options.initialDelayMs) > 0 ? Math.round(Number(context.options.initialDelayMs)) : 60000;
    for (const value of relayedSockets(analysis)) {
      if (analysis.escapes(value) || timerBound(value, analysis)) continue;
      const at = disabledIdleTimeout(analysis, value);
      if (!at || keepAliveState(analysis, value) !== 'off') continue;
      const fix = buildFix(analysis, value, at, delay);
      context.report({ node: at.node, messageId: 'missing', fixes: fix ? [fix] : [] });
    }
  },
});

export default rule;
