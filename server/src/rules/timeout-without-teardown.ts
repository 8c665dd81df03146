import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  LISTENER_METHODS,
  SOCKET_KINDS,
  callsIn,
  creationOptions,
  descendantsOfKind,
  isZero,
  optionOf,
  ownedByHttpServer,
  receiverNameFor,
  resolveFunction,
  tearsDown,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement } from '../core/fixBuilders';
import { appendToFunction, insertAfter, prependToFunction } from '../core/handlerEdits';
import { defineRule, type Fix } from '../core/rule';

/** Where the code sets an idle timeout. */
interface TimeoutSet {
  node: Node;
  /** The `setTimeout(ms, cb)` call, when set that way. */
  call?: CallExpression;
  /** Set by the request's agent (`new http.Agent({ timeout })`), not by the request itself. */
  viaAgent?: boolean;
}

/**
 * The `agent` option of a request when it names a same-file Node `http(s).Agent` with a non-zero
 * `timeout`: Node gives the request's socket that idle timeout and re-emits 'timeout' on the
 * request, and nothing aborts it (only free sockets are destroyed by the agent). agentkeepalive
 * agents destroy a timed-out active socket themselves when the request has no 'timeout' listener.
 */
function agentTimeout(value: TrackedValue, analysis: FileAnalysis): Node | undefined {
  const agentOption = optionOf(creationOptions(value), 'agent');
  if (agentOption.state !== 'set') return undefined;
  const agent = analysis.valueOf(agentOption.value);
  if (!agent || (agent.kind !== 'httpAgent' && agent.kind !== 'httpsAgent')) return undefined;
  const timeout = optionOf(creationOptions(agent), 'timeout');
  return timeout.state === 'set' && !isZero(timeout.value) ? agentOption.property : undefined;
}

/** A function that runs on 'timeout': a listener or a setTimeout callback. */
interface TimeoutHandler {
  fn: FunctionLike;
  /** Where to report it. */
  at: Node;
  /** A name of the value that is in scope inside the handler (for the fix). */
  name?: string;
}

type Role = 'socket' | 'request' | 'server';

function roleOf(value: TrackedValue): Role | undefined {
  if (SOCKET_KINDS.has(value.kind)) return ownedByHttpServer(value) ? undefined : 'socket';
  if (value.kind === 'clientRequest') return 'request';
  if (HTTP_SERVER_KINDS.has(value.kind)) return 'server';
  return undefined;
}

function timeoutSets(value: TrackedValue, analysis: FileAnalysis, role: Role, nodeMajor: number): TimeoutSet[] | undefined {
  const sets: TimeoutSet[] = [];
  for (const call of analysis.methodCalls(value, 'setTimeout')) {
    if (!isZero(call.getArguments()[0])) sets.push({ node: call, call });
  }
  if (role === 'server') {
    for (const a of value.uses.assignments) if (a.property === 'timeout' && !isZero(a.value)) sets.push({ node: a.node });
    // Before Node 13 every http server had a 120 s socket timeout.
    if (sets.length === 0 && nodeMajor <= 12 && !value.uses.assignments.some((a) => a.property === 'timeout')) sets.push({ node: value.node });
    return sets;
  }
  if (value.origin === 'created') {
    const option = optionOf(creationOptions(value), 'timeout');
    if (option.state === 'set' && !isZero(option.value)) {
      sets.push({ node: option.property });
    }
    const viaAgent = role === 'request' ? agentTimeout(value, analysis) : undefined;
    if (viaAgent) sets.push({ node: viaAgent, viaAgent: true });
  }
  return sets;
}

/** The 'timeout' handlers, or undefined when one of them cannot be seen. */
function timeoutHandlers(value: TrackedValue, analysis: FileAnalysis, sets: TimeoutSet[]): TimeoutHandler[] | undefined {
  const handlers: TimeoutHandler[] = [];
  // `req.on('socket', (s) => s.on('timeout', …))`: handled on a socket the analysis does not track.
  if (analysis.listeners(value, 'socket').some((l) => !l.handler || handlesTimeoutInside(l.handler))) return undefined;
  for (const listener of analysis.listeners(value, 'timeout')) {
    if (!listener.handler || listener.transient) return undefined;
    handlers.push({ fn: listener.handler, at: listener.call.getArguments()[0] ?? listener.call, name: receiverNameFor(listener) });
  }
  for (const set of sets) {
    const cb = set.call?.getArguments()[1];
    if (!cb) continue;
    const fn = resolveFunction(cb);
    if (!fn) return undefined;
    const callee = set.call!.getExpression();
    const receiver = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
    const inline = fn.getAncestors().includes(set.call!);
    handlers.push({ fn, at: set.call!, name: inline && receiver && Node.isIdentifier(receiver) ? receiver.getText() : undefined });
  }
  return handlers;
}

/** Whether a handler (or the code's own functions it calls) sets a non-zero timeout on the value again. */
function rearms(analysis: FileAnalysis, fn: FunctionLike, value: TrackedValue): boolean {
  return callsIn(fn).some((call) => {
    const callee = call.getExpression();
    return (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'setTimeout' &&
      !isZero(call.getArguments()[0]) &&
      call.getArguments()[0] !== undefined &&
      analysis.refersTo(callee.getExpression(), value)
    );
  });
}

function handlesTimeoutInside(fn: FunctionLike): boolean {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return false;
    const first = call.getArguments()[0];
    return (
      callee.getName() === 'setTimeout' ||
      (LISTENER_METHODS.has(callee.getName()) && first !== undefined && Node.isStringLiteral(first) && first.getLiteralValue() === 'timeout')
    );
  });
}

function destroyStatement(value: TrackedValue, analysis: FileAnalysis, role: Role, name: string): string {
  // destroy(err) emits 'error': pass one only when something listens for it.
  if (!analysis.handlesErrors(value)) return `${name}.destroy();`;
  return `${name}.destroy(new Error('${role === 'request' ? 'request' : 'socket'} timeout'));`;
}

/** Adds `x.on('timeout', () => x.destroy(…))` where the value's name is in scope. */
function addListenerFix(value: TrackedValue, analysis: FileAnalysis, role: Role, set: TimeoutSet): Fix | undefined {
  const title = `Destroy the ${role} on 'timeout'`;
  const lines = (name: string) => [`${name}.on('timeout', () => {`, `  ${destroyStatement(value, analysis, role, name)}`, `});`];
  if (set.call) {
    const callee = set.call.getExpression();
    const receiver = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
    const statement = enclosingStatement(set.call);
    const edit = receiver && Node.isIdentifier(receiver) && statement ? insertAfter(statement, lines(receiver.getText())) : undefined;
    if (edit) return { title, edits: [edit] };
  }
  if (!value.name) return undefined;
  if (value.statement) {
    const edit = insertAfter(value.statement, lines(value.name));
    return edit && { title, edits: [edit] };
  }
  if (value.origin === 'accepted') {
    const fn = value.node.getParent();
    const edit =
      fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))
        ? prependToFunction(fn, lines(value.name))
        : undefined;
    return edit && { title, edits: [edit] };
  }
  return undefined;
}

/** Adds the destroy call at the end of a handler that fails to close. */
function completeHandlerFix(value: TrackedValue, analysis: FileAnalysis, role: Role, handler: TimeoutHandler): Fix | undefined {
  if (role === 'server') {
    const param = handler.fn.getParameters()[0];
    if (!param || !Node.isIdentifier(param.getNameNode())) return undefined;
    const edit = appendToFunction(handler.fn, [`${param.getName()}.destroy();`]);
    return edit && { title: `Destroy the idle socket`, edits: [edit] };
  }
  if (!handler.name) return undefined;
  const edit = appendToFunction(handler.fn, [destroyStatement(value, analysis, role, handler.name)]);
  return edit && { title: `Destroy the ${role} on 'timeout'`, edits: [edit] };
}

const rule = defineRule({
  meta: {
    id: 'timeout-without-teardown',
    description: "An idle timeout needs a 'timeout' handler that destroys or ends the connection.",
    defaultSeverity: 'warn',
    messages: {
      socket: "Idle timeout set but nothing closes the socket on 'timeout'. The event only notifies, so the idle connection stays open.",
      request:
        "Timeout set but nothing destroys the request on 'timeout'. The event only notifies, so a stalled upstream holds the request and its socket forever.",
      listener: "This 'timeout' handler never destroys or ends the {target}. The event only notifies, so the idle connection stays open.",
      server: "This server 'timeout' handler never destroys the socket. It replaces Node's default destroy, so idle connections stay open forever.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    const report = (node: Node, messageId: Role | 'listener', fix: Fix | undefined, data?: Record<string, string>): void =>
      context.report({ node, messageId, data, fixes: fix ? [fix] : [] });
    for (const value of analysis.values) {
      const role = roleOf(value);
      if (!role || analysis.escapes(value)) continue;
      const sets = timeoutSets(value, analysis, role, context.nodeVersion.major);
      if (!sets || sets.length === 0) continue;
      const handlers = timeoutHandlers(value, analysis, sets);
      if (!handlers) continue;
      if (handlers.length === 0) {
        // A server with no 'timeout' handler destroys idle sockets itself.
        // An agent's timeout with no listener at all: missing-request-timeout reports that request
        // (it has no bound of its own), with the same fix.
        if (role !== 'server' && !sets.every((set) => set.viaAgent)) report(sets[0].node, role, addListenerFix(value, analysis, role, sets[0]));
        continue;
      }
      // A handler that arms the timeout again uses it as a periodic timer (a heartbeat that sends a ping
      // on each idle period, node-zookeeper-client), not as a dead-peer bound left unanswered.
      if (role !== 'server' && handlers.some((h) => rearms(analysis, h.fn, value))) continue;
      const closes = (h: TimeoutHandler): boolean =>
        tearsDown(analysis, h.fn, { values: [value], params: role === 'server' ? h.fn.getParameters().slice(0, 1) : [] });
      if (handlers.some(closes)) continue;
      for (const handler of handlers) {
        const fix = completeHandlerFix(value, analysis, role, handler);
        if (role === 'server') report(handler.at, 'server', fix);
        else report(handler.at, 'listener', fix, { target: role });
      }
    }
  },
});

export default rule;
