import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import {
  AGENT_KINDS,
  calledMethod,
  callsNamed,
  creationOptions,
  identifiersNamed,
  literalOf,
  optionOf,
  parameterName,
  receiverNameFor,
  symbolOf,
  unwrap,
  type FileAnalysis,
  type FunctionLike,
  type Listener,
  type TrackedValue,
  type ValueProbe,
} from '../core/analysis';
import { styleOf } from '../core/fixBuilders';
import { indentationAt } from '../core/fixes';
import { httpDefaults } from '../core/nodeVersion';
import { defineRule, type Fix } from '../core/rule';
import { escapeRegExp } from '../core/escapeRegExp';

/** Registrations that stay until removed (`once` ones leave when their event fires). */
const LASTING = new Set(['on', 'addListener', 'prependListener']);
const REMOVALS = new Set(['off', 'removeListener', 'removeAllListeners']);

type Pool = { kind: 'agent' } | { kind: 'global'; version: string };

/** Whether the request's socket goes back to a keep-alive pool, as far as its options show. */
function pooled(analysis: FileAnalysis, request: TrackedValue, version: string): Pool | undefined {
  const options = creationOptions(request);
  const agent = optionOf(options, 'agent');
  if (agent.state === 'unknown' || optionOf(options, 'createConnection').state !== 'unset') return undefined;
  if (closesConnection(optionOf(options, 'headers'))) return undefined;
  if (agent.state === 'unset') return httpDefaults(version).globalAgentKeepAlive ? { kind: 'global', version } : undefined;
  const value = analysis.valueOf(agent.value);
  if (!value || !AGENT_KINDS.has(value.kind)) return undefined;
  if (value.kind === 'keepaliveAgent') return { kind: 'agent' };
  if (value.kind !== 'httpAgent' && value.kind !== 'httpsAgent') return undefined;
  const keepAlive = optionOf(creationOptions(value), 'keepAlive');
  return keepAlive.state === 'set' && literalOf(keepAlive.value) === true ? { kind: 'agent' } : undefined;
}

/** `headers: { Connection: 'close' }` (or unreadable headers, which might say so). */
function closesConnection(headers: ReturnType<typeof optionOf>): boolean {
  if (headers.state === 'unset') return false;
  if (headers.state === 'unknown') return true;
  const object = unwrap(headers.value);
  if (!Node.isObjectLiteralExpression(object)) return true;
  return object.getProperties().some((p) => {
    if (Node.isSpreadAssignment(p)) return true;
    if (!Node.isPropertyAssignment(p)) return false;
    const name = p
      .getName()
      .replace(/^['"]|['"]$/g, '')
      .toLowerCase();
    const init = p.getInitializer();
    return name === 'connection' && !(init && Node.isStringLiteral(init) && init.getLiteralValue().toLowerCase() !== 'close');
  });
}

/**
 * Added under a check that the socket has no such listener yet (`if (socket.listeners('timeout').length
 * == 0)`, `if (!socket.listenerCount('timeout'))`, seq-logging): one per socket, not one per request.
 */
function addedOnlyOnce(add: CallExpression, event: string): boolean {
  const receiver = add.getExpression();
  if (!Node.isPropertyAccessExpression(receiver)) return false;
  const target = receiver.getExpression().getText();
  for (let node: Node | undefined = add.getParent(); node && !Node.isFunctionLikeDeclaration(node) && !Node.isArrowFunction(node); node = node.getParent()) {
    const condition =
      Node.isIfStatement(node) && add.getAncestors().includes(node.getThenStatement()) ? node.getExpression().getText().replace(/\s+/g, '') : undefined;
    if (!condition) continue;
    const count = `(${escapeRegExp(target)}\\.(listeners\\(['"]${event}['"]\\)\\.length|listenerCount\\(['"]${event}['"]\\)))`;
    if (new RegExp(`^(${count}(===?0|<1)|!${count})$`).test(condition)) return true;
  }
  return false;
}

/** The socket leaves the pool or is removed from: nothing piles up on a reused socket. */
function managed(socket: ValueProbe, handler: FunctionLike): boolean {
  // `(s) => s.on(…)` returns the socket to the emitter, which ignores it: not an escape.
  if (socket.uses.escapes.some((e) => e !== handler)) return true;
  return socket.uses.calls.some((c) => {
    const m = calledMethod(c);
    if (m && REMOVALS.has(m)) return true;
    const [event] = c.getArguments();
    return m === 'emit' && event !== undefined && Node.isStringLiteral(event) && event.getLiteralValue() === 'agentRemove';
  });
}

function capitalized(event: string): string {
  return event.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * Keeps the listener in a const and removes it when the request closes:
 * `s.on('timeout', () => …)` → `const onTimeout = () => …; s.on('timeout', onTimeout); req.once('close', () => s.removeListener('timeout', onTimeout));`
 */
function buildFix(analysis: FileAnalysis, handler: FunctionLike, add: CallExpression, event: string, requestName: string | undefined): Fix | undefined {
  if (!requestName) return undefined;
  const callee = add.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const socketText = callee.getExpression().getText();
  const [eventArg, listenerArg] = add.getArguments();
  if (!eventArg || !listenerArg || add.getArguments().length !== 2) return undefined;
  const sf = analysis.sourceFile;
  const style = styleOf(sf);
  const q = style.quote;
  const ev = `${q}${event}${q}`;
  const body = handler.getBody();
  if (!body) return undefined;
  // The statement that registers the listener, or an arrow's expression body.
  const statement = add.getParent();
  const isStatement = statement !== undefined && Node.isExpressionStatement(statement) && statement.getParent() === body;
  const isExpressionBody = !Node.isBlock(body) && unwrap(body) === add;
  if (!isStatement && !isExpressionBody) return undefined;
  let listenerName: string;
  const lines: string[] = [];
  if (Node.isIdentifier(listenerArg)) {
    listenerName = listenerArg.getText();
    lines.push(add.getText() + style.semi);
  } else if (Node.isArrowFunction(listenerArg) || Node.isFunctionExpression(listenerArg)) {
    listenerName = `on${capitalized(event)}`;
    if (identifiersNamed(sf, listenerName).length > 0) return undefined;
    lines.push(`const ${listenerName} = ${listenerArg.getText()}${style.semi}`);
    lines.push(`${socketText}.${callee.getName()}(${eventArg.getText()}, ${listenerName})${style.semi}`);
  } else {
    return undefined;
  }
  lines.push(`${requestName}.once(${q}close${q}, () => ${socketText}.removeListener(${ev}, ${listenerName}))${style.semi}`);
  const title = `Remove the '${event}' listener when the request closes`;
  const text = sf.getFullText();
  if (isStatement) {
    const indent = indentationAt(text, statement!.getStart());
    return { title, edits: [{ start: statement!.getStart(), end: statement!.getEnd(), text: lines.join(style.eol + indent) }] };
  }
  const indent = indentationAt(text, handler.getStart());
  const inner = indent + style.unit;
  return {
    title,
    edits: [{ start: body.getStart(), end: body.getEnd(), text: `{${style.eol}${lines.map((l) => inner + l).join(style.eol)}${style.eol}${indent}}` }],
  };
}

/** The response parameter of the request's callback and of its 'response' listeners. */
function responseParameters(analysis: FileAnalysis, request: TrackedValue): Node[] {
  const fns: FunctionLike[] = analysis.listeners(request, 'response').flatMap((l) => (l.handler ? [l.handler] : []));
  const node = request.node;
  if (Node.isCallExpression(node)) {
    for (const arg of node.getArguments()) if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) fns.push(arg);
  }
  return fns.flatMap((fn) => {
    const name = parameterName(fn, 0);
    return name ? [name] : [];
  });
}

/**
 * `req.socket.on(…)` / `res.socket.on(…)` (or `.connection`): a listener added to the pooled socket
 * through the request or its response. Silent when the file removes any listener from a
 * `.socket`/`.connection` (it may be this one) or takes the socket out of the pool.
 */
function socketPropertyListeners(analysis: FileAnalysis, request: TrackedValue): Array<{ call: CallExpression; event: string }> {
  const owners = responseParameters(analysis, request)
    .map((p) => symbolOf(p))
    .filter((s) => s !== undefined);
  const isOwner = (expr: Node): boolean => {
    const e = unwrap(expr);
    if (analysis.refersTo(e, request)) return true;
    const symbol = Node.isIdentifier(e) ? symbolOf(e) : undefined;
    return symbol !== undefined && owners.includes(symbol);
  };
  const found: Array<{ call: CallExpression; event: string }> = [];
  let removes = false;
  for (const call of callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, new Set([...LASTING, ...REMOVALS, 'emit']))) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const target = unwrap(callee.getExpression());
    if (!Node.isPropertyAccessExpression(target) || !['socket', 'connection'].includes(target.getName())) continue;
    const method = callee.getName();
    const [event] = call.getArguments();
    if (REMOVALS.has(method) || (method === 'emit' && event && Node.isStringLiteral(event) && event.getLiteralValue() === 'agentRemove')) removes = true;
    if (!LASTING.has(method) || !event || !Node.isStringLiteral(event) || !isOwner(target.getExpression())) continue;
    found.push({ call, event: event.getLiteralValue() });
  }
  return removes ? [] : found;
}

const rule = defineRule({
  meta: {
    id: 'listener-leak-on-pooled-socket',
    description: "Listeners added to a keep-alive request's socket must be removed: the pooled socket is reused and they pile up.",
    defaultSeverity: 'warn',
    messages: {
      agent:
        "This '{event}' listener piles up on the keep-alive agent's reused socket, one per request. It is never removed: listeners accumulate (MaxListenersExceededWarning after 10) and keep each request's closure alive.",
      global:
        "This '{event}' listener piles up on the global agent's reused socket, one per request. From Node 19 the global agent keeps sockets alive and reuses them (assuming Node {version}); the listener is never removed, so listeners accumulate (MaxListenersExceededWarning after 10) and keep each request's closure alive.",
    },
    options: {},
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    for (const request of analysis.values) {
      if (request.kind !== 'clientRequest' || request.origin !== 'created') continue;
      const socketListeners = analysis.listeners(request, 'socket').filter((l: Listener) => l.handler);
      const viaProperty = socketPropertyListeners(analysis, request);
      if (socketListeners.length === 0 && viaProperty.length === 0) continue;
      const pool = pooled(analysis, request, nodeVersion.version);
      if (!pool) continue;
      for (const added of viaProperty) {
        context.report({ node: added.call, messageId: pool.kind, data: { event: added.event, version: nodeVersion.version }, fixes: [] });
      }
      for (const listener of socketListeners) {
        const handler = listener.handler!;
        const param = parameterName(handler, 0);
        if (!param) continue;
        const socket = analysis.probe(param, true);
        if (managed(socket, handler)) continue;
        for (const added of socket.uses.listeners) {
          if (!LASTING.has(added.method) || addedOnlyOnce(added.call, added.event)) continue;
          const fix = buildFix(analysis, handler, added.call, added.event, receiverNameFor(listener));
          context.report({
            node: added.call,
            messageId: pool.kind,
            data: { event: added.event, version: nodeVersion.version },
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
  },
});

export default rule;
