import { Node, SyntaxKind, type ArrowFunction, type CallExpression, type FunctionExpression } from 'ts-morph';
import {
  callsIn,
  creationOptions,
  descendantsOfKind,
  enclosingFunction,
  timerCalled,
  timerAround,
  methodName,
  isReassigned,
  moduleBindingOf,
  moduleMemberOf,
  numericValue,
  optionOf,
  readableVariable,
  returnedExpression,
  symbolOf,
  unwrap,
  type CreationOptions,
  type FileAnalysis,
  type FunctionLike,
  type TrackedValue,
} from '../core/analysis';
import { appendToChain, insertAfterStatement, prependToFunction, styleOf } from '../core/fixBuilders';
import { httpDefaults } from '../core/nodeVersion';
import { addProperties, insertOptionsArgument } from '../core/propertyEdits';
import { mayReachOutside, suiteFile, urlMayReachOutside } from '../core/requestAddress';
import { defineRule, type Fix, type RuleContext, type TextEdit } from '../core/rule';
import { closeHandedBack } from '../core/socketOwnership';

const REQUEST_FACTORIES = new Set(['http.request', 'http.get', 'https.request', 'https.get']);

/**
 * `const request = secure ? httpsRequest : httpRequest; request(url, opts)`: a same-file const
 * (or a let/var never assigned again) that picks between Node's request functions, each branch one of http(s).request/get.
 */
function pickedRequestFactory(value: TrackedValue): boolean {
  const node = value.node;
  if (!Node.isCallExpression(node)) return false;
  const callee = unwrap(node.getExpression());
  const decls = Node.isIdentifier(callee) ? (symbolOf(callee)?.getDeclarations() ?? []) : [];
  const decl = decls.length === 1 ? decls[0] : undefined;
  if (!decl || !Node.isVariableDeclaration(decl)) return false;
  if (decl.getVariableStatement()?.getDeclarationKind() !== 'const' && isReassigned(decl.getNameNode())) return false;
  const init = decl.getInitializer();
  const choice = init && unwrap(init);
  if (!choice || !Node.isConditionalExpression(choice)) return false;
  return [choice.getWhenTrue(), choice.getWhenFalse()].every((branch) => {
    const member = moduleMemberOf(branch);
    return member !== undefined && (member.modules ?? [member.module]).every((m) => REQUEST_FACTORIES.has(`${m}.${member.member}`));
  });
}

/**
 * What the agent a request names does about a stalled request: `bounds` it (agentkeepalive
 * destroys a timed-out active socket itself when the request has no 'timeout' listener),
 * `idleOnly` (a Node `http.Agent` timeout, also the global agent's from Node 19: the socket times
 * out and Node re-emits 'timeout' on the request, but nothing aborts it), `none`, or undefined
 * when the analysis cannot see the agent.
 */
type AgentBound = 'bounds' | 'idleOnly' | 'none' | undefined;

function agentBound(expr: Node, analysis: FileAnalysis, globalAgentTimeout: number | undefined): AgentBound {
  if (expr.getKind() === SyntaxKind.FalseKeyword) return 'none'; // a one-off Agent with default options
  if (Node.isPropertyAccessExpression(expr) && expr.getName() === 'globalAgent') {
    const m = moduleMemberOf(expr);
    if (m && (m.module === 'http' || m.module === 'https')) return globalAgentTimeout !== undefined ? 'idleOnly' : 'none';
    return undefined;
  }
  const agent = analysis.valueOf(expr);
  if (!agent) return undefined;
  const timeout = optionOf(creationOptions(agent), 'timeout');
  if (timeout.state === 'unknown') return undefined;
  const disabled = timeout.state === 'set' && numericValue(timeout.value) === 0;
  // agentkeepalive gives active sockets a timeout by default (8 s; 30 s before 4.2) and destroys them on it.
  if (agent.kind === 'keepaliveAgent') return disabled ? 'none' : 'bounds';
  if (agent.kind === 'httpAgent' || agent.kind === 'httpsAgent') return timeout.state === 'set' && !disabled ? 'idleOnly' : 'none';
  return undefined;
}

/**
 * Whether the request is bounded somewhere the file shows ('bounded'), or may be by options it
 * cannot read ('unseen'): 'agentOnly' when its only timeout is a Node agent's, which nothing turns
 * into an abort.
 */
function boundOf(
  value: TrackedValue,
  options: CreationOptions,
  analysis: FileAnalysis,
  globalAgentTimeout: number | undefined,
): 'bounded' | 'unseen' | 'agentOnly' | 'none' {
  const states = ['timeout', 'signal'].map((name) => optionOf(options, name).state);
  if (states.includes('set')) return 'bounded';
  if (analysis.methodCalls(value, 'setTimeout').length > 0) return 'bounded';
  // A deadline: `setTimeout(() => req.abort(), ms)` (not `req.end()` there: that only finishes sending).
  if (value.uses.calls.some((c) => ['abort', 'destroy'].includes(methodName(c) ?? '') && timerAround(c, analysis, value.node) === 'setTimeout'))
    return 'bounded';
  // `req.on('socket', (s) => s.setTimeout(ms, () => req.abort()))`: bounded on the socket it gets.
  if (analysis.listeners(value, 'socket').some((l) => !l.handler || setsTimeoutInside(l.handler))) return 'bounded';
  if (states.includes('unknown')) return 'unseen';
  const agent = optionOf(options, 'agent');
  if (agent.state === 'unknown') return 'unseen';
  const bound = agent.state === 'set' ? agentBound(agent.value, analysis, globalAgentTimeout) : 'none';
  if (bound === undefined || bound === 'bounds') return 'bounded';
  // The agent's idle timeout plus a 'timeout' listener (timeout-without-teardown checks that it destroys).
  if (bound === 'idleOnly') return analysis.listeners(value, 'timeout').length > 0 ? 'bounded' : 'agentOnly';
  return 'none';
}

function setsTimeoutInside(fn: Node): boolean {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'setTimeout';
  });
}

/** The `timeout` option: into the options literal, or a new options argument before the callback. */
function timeoutOptionEdit(call: CallExpression, options: CreationOptions, ms: number): TextEdit | undefined {
  if (options.inline) return addProperties(options.inline, [['timeout', String(ms)]]);
  if (options.sources.length > 0) return undefined; // a shared const object: not ours to change
  // request(url[, options][, callback]): the options go right after the URL.
  return insertOptionsArgument(call, 1, [['timeout', String(ms)]]);
}

function timeoutListenerEdit(value: TrackedValue): TextEdit | undefined {
  if (value.name && value.statement) {
    return insertAfterStatement(value.statement, [`${value.name}.on('timeout', () => {`, `  ${value.name}.destroy(new Error('request timeout'));`, `});`]);
  }
  // No variable: chain a listener that reaches the request through `this`.
  const sf = value.node.getSourceFile();
  const { quote, semi } = styleOf(sf);
  const thisParam = /\.[cm]?tsx?$/.test(sf.getFilePath()) ? `this: import(${quote}http${quote}).ClientRequest` : '';
  return appendToChain(value.node, `.on(${quote}timeout${quote}, function (${thisParam}) { this.destroy(new Error(${quote}request timeout${quote}))${semi} })`);
}

function requestFix(value: TrackedValue, options: CreationOptions, analysis: FileAnalysis, ms: number): Fix | undefined {
  if (!Node.isCallExpression(value.node)) return undefined;
  const optionEdit = timeoutOptionEdit(value.node, options, ms);
  if (!optionEdit) return undefined;
  const edits = [optionEdit];
  // The 'timeout' event only notifies: without a listener that destroys, the request stays open.
  if (analysis.listeners(value, 'timeout').length === 0) {
    const listener = timeoutListenerEdit(value);
    if (!listener) return undefined;
    edits.push(listener);
  }
  return { title: `Add a ${ms} ms timeout that destroys the request`, edits };
}

/** Calls that settle a caller: a promise's `reject`/`resolve`, or a callback. */
/**
 * Whether `receiver` names the variable the request's response is kept in (`response = res` in the
 * callback the request is made with, or in its 'response' listener): destroying it ends the request.
 */
function keptResponse(value: TrackedValue, analysis: FileAnalysis, receiver: Node): boolean {
  if (!Node.isIdentifier(receiver)) return false;
  const symbol = symbolOf(receiver);
  const callback = Node.isCallExpression(value.node) ? value.node.getArguments().at(-1) : undefined;
  const handlers = [callback && analysis.resolveFunction(callback), ...analysis.listeners(value, 'response').map((l) => l.handler)];
  return handlers.some((fn) => {
    const param = fn?.getParameters()[0]?.getNameNode();
    if (!fn || !param || !Node.isIdentifier(param)) return false;
    return descendantsOfKind(fn, SyntaxKind.BinaryExpression).some(
      (b) =>
        b.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
        Node.isIdentifier(b.getLeft()) &&
        symbolOf(b.getLeft()) === symbol &&
        Node.isIdentifier(b.getRight()) &&
        symbolOf(b.getRight()) === symbolOf(param),
    );
  });
}

const SETTLE_NAMES = /^(reject|resolve|callback|cb|done|next|fail)$/;

/**
 * The caller's own deadline: a `setTimeout` in the function that makes the request whose callback
 * gives up (rejects, calls back) and never reaches the request (`setTimeout(() => reject(new
 * Error('timed out')), ms)`). The caller moves on; the request and its socket stay open.
 */
function givingUpTimer(value: TrackedValue, analysis: FileAnalysis): ArrowFunction | FunctionExpression | undefined {
  const fn = enclosingFunction(value.node);
  if (!fn) return undefined;
  for (const call of callsIn(fn)) {
    if (timerCalled(call) !== 'setTimeout' || enclosingFunction(call) !== fn) continue;
    const callback = call.getArguments()[0];
    if (!callback || !(Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))) continue;
    if (reachesRequest(callback, value, analysis)) continue;
    const settles = callsIn(callback).some((c) => {
      const name = unwrap(c.getExpression());
      return Node.isIdentifier(name) && SETTLE_NAMES.test(name.getText());
    });
    if (settles) return callback;
  }
  return undefined;
}

/** Whether a timer's callback may close the request: names it, closes anything, or calls a function of this file. */
function reachesRequest(callback: FunctionLike, value: TrackedValue, analysis: FileAnalysis): boolean {
  if (descendantsOfKind(callback, SyntaxKind.Identifier).some((id) => analysis.refersTo(id, value))) return true;
  return callsIn(callback).some((c) => {
    const callee = unwrap(c.getExpression());
    if (Node.isPropertyAccessExpression(callee))
      return /^(abort|destroy|end|close)$/.test(callee.getName()) || callee.getExpression().getKind() === SyntaxKind.ThisKeyword;
    if (!Node.isIdentifier(callee) || SETTLE_NAMES.test(callee.getText())) return false;
    const decl = symbolOf(callee)?.getDeclarations()[0];
    return decl !== undefined && !Node.isParameterDeclaration(decl);
  });
}

/** Destroys the request first thing in the timer that gives up on it. */
function timerFix(value: TrackedValue, timer: ArrowFunction | FunctionExpression): Fix | undefined {
  if (!value.name) return undefined;
  const edit = prependToFunction(timer, [`${value.name}.destroy(new Error('request timeout'));`]);
  return edit && { title: 'Destroy the request when the timer gives up', edits: [edit] };
}

/** `fetch(...)`: the global (not a same-file function) or undici's. */
function isFetchCall(call: CallExpression): boolean {
  const callee = call.getExpression();
  const member = moduleMemberOf(callee);
  if (member) return member.module === 'undici' && (member.member === 'fetch' || member.member === 'request');
  if (Node.isPropertyAccessExpression(callee)) return callee.getName() === 'fetch' && callee.getExpression().getText() === 'globalThis';
  if (!Node.isIdentifier(callee) || callee.getText() !== 'fetch') return false;
  try {
    const decls = callee.getSymbol()?.getDeclarations() ?? [];
    return decls.every((d) => d.getSourceFile() !== call.getSourceFile());
  } catch {
    return false;
  }
}

/** `fetch(…)` of node-fetch (`require('node-fetch')`, `import fetch from 'node-fetch'`, compiled `node_fetch_1.default(…)`). */
function isNodeFetchCall(call: CallExpression): boolean {
  const callee = unwrap(call.getExpression());
  const member = moduleMemberOf(callee);
  if (member) return member.module === 'node-fetch' && member.member === 'default';
  const binding = Node.isIdentifier(callee) ? moduleBindingOf(callee) : undefined;
  return binding?.module === 'node-fetch' && (binding.member === undefined || binding.member === 'default');
}

/** What bounds a node-fetch request: its `timeout` (v2), a `signal`, or an agent of the caller's choosing. */
const NODE_FETCH_BOUNDS = ['timeout', 'signal', 'agent'];

/**
 * node-fetch has no timeout of its own (v2's `timeout` and a `signal` default to none): a request
 * without one waits forever for a stalled upstream. Options the analysis cannot read stay silent.
 */
function checkNodeFetch(call: CallExpression, context: RuleContext, ms: number): void {
  const [target, init] = call.getArguments();
  if (!target) return;
  // As for Node's client: a test's request that shows no other machine reaches what its suite runs.
  if (suiteFile(context.inTest, call) && !urlMayReachOutside(target, context.analysis)) return;
  // node-fetch 2 copies a Request's `timeout` and `signal` into the fetch: read them where it is made.
  const request = requestTarget(target);
  if (request === 'opaque') return;
  if (request) {
    const options = request.init ? creationOptionsOfLiteral(request.init) : undefined;
    if (request.init && (!options || NODE_FETCH_BOUNDS.some((name) => optionOf(options, name).state !== 'unset'))) return;
  }
  const signal = `AbortSignal.timeout(${ms})`;
  // AbortSignal.timeout() exists from Node 17.3.
  const canFix = context.nodeVersion.major >= 18;
  let edit: TextEdit | undefined;
  if (init) {
    const options = creationOptionsOfLiteral(init);
    if (!options) return;
    if (NODE_FETCH_BOUNDS.some((name) => optionOf(options, name).state !== 'unset')) return;
    // Written inline: the signal joins them (options from a const are shared, left as they are).
    const inline = unwrap(init);
    edit = canFix && Node.isObjectLiteralExpression(inline) ? addProperties(inline, [['signal', signal]]) : undefined;
  } else if (canFix) {
    edit = insertOptionsArgument(call, 1, [['signal', signal]]);
  }
  context.report({
    node: call,
    messageId: 'nodeFetch',
    fixes: edit ? [{ title: `Abort the request after ${ms} ms`, edits: [edit] }] : [],
  });
}

/**
 * The `Request` a fetch is given: `new Request(url, init)` (also `fetch.Request`, `nodeFetch.Request`)
 * written there or returned by a same-file function; 'opaque' for a value named as a request
 * (`fetch(request)`) whose making the analysis does not see; undefined for anything else (a URL).
 */
function requestTarget(target: Node): { init: Node | undefined } | 'opaque' | undefined {
  let node = unwrap(target);
  // `const request = new fetch.Request(url, init); fetch(request)`
  const variable = readableVariable(node);
  if (variable) node = unwrap(variable.getInitializerOrThrow());
  const returned = returnedExpression(node);
  if (returned) node = unwrap(returned);
  if (Node.isNewExpression(node)) {
    const callee = node.getExpression();
    const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    return name === 'Request' ? { init: node.getArguments()[1] } : undefined;
  }
  const namedAsRequest = (n: Node) =>
    /^(req|request)$|Request$/.test(Node.isIdentifier(n) ? n.getText() : Node.isPropertyAccessExpression(n) ? n.getName() : '');
  return namedAsRequest(unwrap(target)) || namedAsRequest(node) ? 'opaque' : undefined;
}

/** Options written inline (also through a same-file `const`): undefined when they come from elsewhere. */
function creationOptionsOfLiteral(init: Node): CreationOptions | undefined {
  let node = unwrap(init);
  if (Node.isIdentifier(node)) {
    const decls = symbolOf(node)?.getDeclarations() ?? [];
    const decl = decls.length === 1 ? decls[0] : undefined;
    const value = decl && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const' ? decl.getInitializer() : undefined;
    if (!value) return undefined;
    node = unwrap(value);
  }
  if (!Node.isObjectLiteralExpression(node)) return undefined;
  const options: CreationOptions = { sources: [node], inline: node, opaque: false };
  return node.getProperties().some((p) => Node.isSpreadAssignment(p)) ? undefined : options;
}

/** Options that bound a fetch/undici request. */
const FETCH_BOUNDS = ['signal', 'headersTimeout', 'bodyTimeout'];

function checkFetch(call: CallExpression, context: RuleContext, ms: number): void {
  const args = call.getArguments();
  const [target, init] = args;
  if (!target) return;
  // A Request object may carry its own signal.
  const targetType = target.getType();
  const isUrl =
    targetType.isString() ||
    targetType.isStringLiteral() ||
    targetType.isTemplateLiteral() ||
    targetType.getSymbol()?.getName() === 'URL' ||
    Node.isStringLiteral(target) ||
    Node.isTemplateExpression(target) ||
    Node.isNoSubstitutionTemplateLiteral(target);
  if (!isUrl) return;
  const signal = `AbortSignal.timeout(${ms})`;
  let edit: TextEdit | undefined;
  if (init) {
    if (!Node.isObjectLiteralExpression(init)) return; // options from elsewhere: cannot see
    const options: CreationOptions = { sources: [init], inline: init, opaque: false };
    if (FETCH_BOUNDS.some((name) => optionOf(options, name).state !== 'unset')) return;
    edit = addProperties(init, [['signal', signal]]);
  } else {
    edit = insertOptionsArgument(call, 1, [['signal', signal]]);
  }
  context.report({
    node: call,
    messageId: 'fetch',
    fixes: edit ? [{ title: `Abort the request after ${ms} ms`, edits: [edit] }] : [],
  });
}

const rule = defineRule({
  meta: {
    id: 'missing-request-timeout',
    description: 'Outgoing HTTP requests must have a timeout.',
    defaultSeverity: 'warn',
    messages: {
      request:
        "This request has no timeout: a stalled upstream holds it and its caller forever. Node's HTTP client has no default timeout, so the request and its socket stay open.",
      timerOnly: 'This timer gives up on the request but leaves it open. Nothing destroys it, so a stalled upstream holds the request and its socket forever.',
      agentTimeout:
        "An agent's timeout only emits 'timeout': nothing destroys this request when the upstream stalls. It holds its socket and its caller forever; destroy the request on 'timeout'.",
      nodeFetch: 'This node-fetch request has no timeout. node-fetch sets none, so a stalled upstream holds the request, its socket and its caller forever.',
      fetch: "This request has no signal: a stalled upstream holds it and its caller for up to 300 s. Only undici's 300 s header and body timeouts bound it.",
    },
    options: {
      defaultTimeoutMs: {
        type: 'number',
        default: 30000,
        description: 'Timeout in milliseconds the fix writes.',
      },
      includeFetch: {
        type: 'boolean',
        default: false,
        description: "Also report fetch/undici requests without a signal (they are bounded by undici's 300 s defaults).",
      },
    },
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    const ms = Number(context.options.defaultTimeoutMs);
    const globalAgentTimeout = httpDefaults(nodeVersion.version).globalAgentTimeout;
    for (const value of analysis.values) {
      if (value.kind !== 'clientRequest' || value.origin !== 'created') continue;
      if (!REQUEST_FACTORIES.has(value.factory) && !pickedRequestFactory(value)) continue;
      // A request handed elsewhere may get its timeout there.
      if (analysis.escapes(value)) continue;
      // A way to close it handed back to the caller (`return () => response.destroy()`): the caller decides how long it may last.
      if (closeHandedBack(value, (receiver) => analysis.refersTo(receiver, value) || keptResponse(value, analysis, receiver))) continue;
      // A test's request that shows no other machine reaches what its suite runs, not a peer that may stall.
      if (suiteFile(context.inTest, value.node) && !mayReachOutside(value, analysis)) continue;
      const options = creationOptions(value);
      const bound = boundOf(value, options, analysis, globalAgentTimeout);
      if (bound === 'bounded') continue;
      // Options it cannot read may bound it, unless its caller keeps a deadline that leaves it open.
      const timer = bound === 'agentOnly' ? undefined : givingUpTimer(value, analysis);
      if (bound === 'unseen' && !timer) continue;
      if (timer) {
        const fixes = [timerFix(value, timer), bound === 'none' ? requestFix(value, options, analysis, ms) : undefined].filter((f) => f !== undefined);
        // Reported where the deadline is kept, and mended there.
        context.report({ node: timer.getParentOrThrow(), messageId: 'timerOnly', fixes });
        continue;
      }
      if (bound === 'agentOnly') {
        // The agent already times the socket out: what is missing is the listener that aborts.
        const listener = timeoutListenerEdit(value);
        const fixes = listener ? [{ title: "Destroy the request on 'timeout'", edits: [listener] }] : [];
        context.report({ node: value.node, messageId: 'agentTimeout', fixes });
        continue;
      }
      const fix = requestFix(value, options, analysis, ms);
      context.report({ node: value.node, messageId: 'request', fixes: fix ? [fix] : [] });
    }
    // node-fetch is named where it is imported: a file that never names it has none of its calls.
    const nodeFetch = context.sourceFile.getFullText().includes('node-fetch');
    if (!nodeFetch && !context.options.includeFetch) return;
    for (const call of descendantsOfKind(context.sourceFile, SyntaxKind.CallExpression)) {
      if (nodeFetch && isNodeFetchCall(call)) checkNodeFetch(call, context, ms);
      else if (context.options.includeFetch && isFetchCall(call)) checkFetch(call, context, ms);
    }
  },
});

export default rule;
