import { Node, type CallExpression } from 'ts-morph';
import { creationOptions, methodName, numericValue, optionOf, tearsDown, type CreationOptions, type FileAnalysis, type TrackedValue } from '../core/analysis';
import { httpDefaults } from '../core/nodeVersion';
import { addProperties, insertOptionsArgument, replaceExpression } from '../core/propertyEdits';
import { defineRule, type TextEdit } from '../core/rule';

/** agentkeepalive's active-socket timeout when none is given: max(freeSocketTimeout * 2, 8000) since 4.2.0. */
const KEEPALIVE_AGENT_DEFAULT_TIMEOUT = 8000;

/** Requests that can have a body (http.get ends its request at once). */
const BODY_FACTORIES = /(^|\.)request$/;

function isLoop(node: Node): boolean {
  return Node.isForStatement(node) || Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node);
}

/** A callback that runs once per chunk or tick: a 'data' listener or a setInterval callback. */
function isRepeatingCallback(fn: Node): boolean {
  const call = fn.getParent();
  if (!call || !Node.isCallExpression(call) || !call.getArguments().includes(fn as never)) return false;
  const callee = call.getExpression();
  if (Node.isIdentifier(callee) && callee.getText() === 'setInterval') return true;
  const [event] = call.getArguments();
  return (
    Node.isPropertyAccessExpression(callee) &&
    ['on', 'addListener'].includes(callee.getName()) &&
    event !== undefined &&
    Node.isStringLiteral(event) &&
    event.getLiteralValue() === 'data'
  );
}

/** `req.write()` repeated over time: in a loop, a 'data' listener or an interval. */
function writesRepeatedly(call: CallExpression): boolean {
  for (let n: Node | undefined = call.getParent(); n; n = n.getParent()) {
    if (isLoop(n)) return true;
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) {
      if (isRepeatingCallback(n)) return true;
    }
    if (Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isSourceFile(n)) return false;
  }
  return false;
}

/** How the body is streamed: `src.pipe(req)`, `pipeline(src, …, req)`, or repeated `req.write()`. */
function streamedBody(request: TrackedValue): Node | undefined {
  if (request.uses.pipedFrom.length > 0) return request.uses.pipedFrom[0];
  for (const use of request.uses.handledBy) {
    if (
      Node.isCallExpression(use) &&
      use
        .getArguments()
        .slice(1)
        .some((a) => request.uses.references.includes(a))
    )
      return use;
  }
  return request.uses.calls.find((c) => methodName(c) === 'write' && writesRepeatedly(c));
}

interface AgentTimeout {
  ms: number;
  /** agentkeepalive destroys an active socket on timeout itself; Node's Agent only notifies the request. */
  killsItself: boolean;
  describe: string;
  /** Where the fix writes a longer timeout. */
  fix: (ms: number) => TextEdit | undefined;
}

function agentTimeout(analysis: FileAnalysis, request: TrackedValue, options: CreationOptions, version: string): AgentTimeout | undefined {
  const agent = optionOf(options, 'agent');
  if (agent.state === 'unknown' || optionOf(options, 'createConnection').state !== 'unset') return undefined;
  if (agent.state === 'unset') {
    const defaults = httpDefaults(version);
    if (!defaults.globalAgentKeepAlive || !defaults.globalAgentTimeout) return undefined;
    return {
      ms: defaults.globalAgentTimeout,
      killsItself: false,
      describe: `Node ${version}'s global agent`,
      // A request timeout replaces the agent's socket timeout for this request.
      fix: (ms) => requestTimeoutEdit(request, options, ms),
    };
  }
  const value = analysis.valueOf(agent.value);
  if (!value || (value.kind !== 'keepaliveAgent' && value.kind !== 'httpAgent' && value.kind !== 'httpsAgent')) return undefined;
  const agentOptions = creationOptions(value);
  const timeout = optionOf(agentOptions, 'timeout');
  if (timeout.state === 'unknown') return undefined;
  const keepalive = value.kind === 'keepaliveAgent';
  let ms: number | undefined;
  if (timeout.state === 'set') ms = numericValue(timeout.value);
  else if (keepalive) ms = KEEPALIVE_AGENT_DEFAULT_TIMEOUT;
  if (ms === undefined || ms <= 0) return undefined;
  const name = value.name ? ` '${value.name}'` : '';
  return {
    ms,
    killsItself: keepalive,
    describe: keepalive ? `the agentkeepalive agent${name}` : `the agent${name}`,
    fix: (target) => {
      if (timeout.state === 'set') return replaceExpression(timeout.value, String(target));
      if (agentOptions.inline) return addProperties(agentOptions.inline, [['timeout', String(target)]]);
      return agentOptions.sources.length === 0 ? insertOptionsArgument(value.node, 0, [['timeout', String(target)]]) : undefined;
    },
  };
}

function requestTimeoutEdit(request: TrackedValue, options: CreationOptions, ms: number): TextEdit | undefined {
  if (options.inline) return addProperties(options.inline, [['timeout', String(ms)]]);
  if (options.sources.length > 0 || !Node.isCallExpression(request.node)) return undefined;
  // http.request(url, cb) → http.request(url, { timeout }, cb)
  const args = request.node.getArguments();
  const callback = args.findIndex((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a));
  return insertOptionsArgument(request.node, callback >= 0 ? callback : args.length, [['timeout', String(ms)]]);
}

/** The request sets its own idle timeout: the agent's no longer applies to it. */
function ownTimeout(analysis: FileAnalysis, request: TrackedValue, options: CreationOptions): boolean {
  return optionOf(options, 'timeout').state !== 'unset' || analysis.methodCalls(request, 'setTimeout').length > 0;
}

/** What the request does on 'timeout': nothing listens, a listener that tears it down, or one that does not. */
function onTimeout(analysis: FileAnalysis, request: TrackedValue): 'none' | 'destroys' | 'other' {
  const listeners = analysis.listeners(request, 'timeout');
  if (listeners.length === 0) return 'none';
  return listeners.some((l) => l.handler && tearsDown(analysis, l.handler, { values: [request] })) ? 'destroys' : 'other';
}

const rule = defineRule({
  meta: {
    id: 'streaming-request-agent-timeout',
    description: 'A streamed request body must not go through an agent whose socket timeout kills it between chunks.',
    defaultSeverity: 'warn',
    messages: {
      killsItself:
        "This upload dies with 'socket hang up' when its body pauses for {ms} ms. It streams through {agent}, whose {ms} ms socket timeout destroys the request when the body pauses that long between chunks (agentkeepalive's default is 8 s, 30 s before 4.2).",
      viaListener:
        "This upload dies with 'socket hang up' when its body pauses for {ms} ms. It streams through {agent}, whose {ms} ms socket timeout fires the request's 'timeout' listener, which destroys it, when the body pauses that long between chunks.",
    },
    options: {
      streamIdleMs: {
        type: 'number',
        default: 60000,
        description: 'The longest pause expected between chunks of a streamed request body: agent timeouts below it are reported, and the fix sets this value.',
      },
    },
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    const idle = Number(context.options.streamIdleMs) > 0 ? Math.round(Number(context.options.streamIdleMs)) : 60000;
    for (const request of analysis.values) {
      if (request.kind !== 'clientRequest' || request.origin !== 'created' || !BODY_FACTORIES.test(request.factory)) continue;
      // Handed elsewhere, the request may get its own timeout there.
      if (analysis.escapes(request)) continue;
      const streamed = streamedBody(request);
      if (!streamed) continue;
      const options = creationOptions(request);
      if (options.opaque || ownTimeout(analysis, request, options)) continue;
      const agent = agentTimeout(analysis, request, options, nodeVersion.version);
      if (!agent || agent.ms >= idle) continue;
      const handling = onTimeout(analysis, request);
      // agentkeepalive leaves a request that listens for 'timeout' to its listener; Node's Agent only notifies.
      const killed = handling === 'destroys' || (agent.killsItself && handling === 'none');
      if (!killed) continue;
      const edit = agent.fix(idle);
      context.report({
        node: request.node,
        messageId: handling === 'destroys' ? 'viaListener' : 'killsItself',
        data: { agent: agent.describe, ms: agent.ms },
        fixes: edit ? [{ title: `Let the stream pause up to ${idle} ms`, edits: [edit] }] : [],
      });
    }
  },
});

export default rule;
