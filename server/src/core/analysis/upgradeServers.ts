import { Node, SyntaxKind } from 'ts-morph';
import { descendantsOfKind } from './descendants';
import type { FileAnalysis } from './fileAnalysis';
import { resolveFunction, type FunctionLike } from './functions';
import type { TrackedValue } from './values';
import { isLogCall } from './logCall';
import { unwrap } from './syntax';

/** What a constant answer does to its response: set the head, write a fixed body, end. */
const ANSWER_METHODS = new Set(['writeHead', 'setHeader', 'write', 'end']);

/** A literal, or an array or object of them: nothing a computation can stall on. */
function isConstant(node: Node): boolean {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isNumericLiteral(node)) return true;
  if (Node.isArrayLiteralExpression(node)) return node.getElements().every(isConstant);
  if (Node.isObjectLiteralExpression(node)) {
    return node.getProperties().every((p) => Node.isPropertyAssignment(p) && isConstant(p.getInitializerOrThrow()));
  }
  return false;
}

/** An expression that computes from what is already in memory: no call, `await`, `new` or function. */
function isPure(node: Node): boolean {
  const impure = [SyntaxKind.CallExpression, SyntaxKind.AwaitExpression, SyntaxKind.NewExpression, SyntaxKind.ArrowFunction, SyntaxKind.FunctionExpression];
  return !impure.includes(node.getKind()) && !impure.some((kind) => node.getFirstDescendantByKind(kind) !== undefined);
}

/**
 * What a request handler's body does, statement by statement, when each is an answer on its
 * response (`res.writeHead(…)`, `res.end(…)`, `res.statusCode = …`) whose values pass `isValue`,
 * or (with `declarations`) a declaration of such a value: the answer methods called, `=` for an
 * assignment. Undefined when any statement is something else.
 */
function answers(handler: FunctionLike, isValue: (node: Node) => boolean, declarations: boolean): string[] | undefined {
  const response = handler.getParameters()[1];
  const name = response && Node.isIdentifier(response.getNameNode()) ? response.getName() : undefined;
  const body = handler.getBody();
  if (!name || !body || !Node.isBlock(body)) return undefined;
  const done: string[] = [];
  for (const statement of body.getStatements()) {
    if (declarations && Node.isVariableStatement(statement)) {
      if (!statement.getDeclarations().every((d) => d.getInitializer() !== undefined && isValue(d.getInitializerOrThrow()))) return undefined;
      continue;
    }
    if (!Node.isExpressionStatement(statement)) return undefined;
    // A minifier's `res.writeHead(426, h), res.end(s)`: one statement, each part an answer.
    for (const expr of commaParts(statement.getExpression())) {
      // A log line between the answers (`console.log(req.headers)`) waits for nothing either.
      if (isLogCall(expr)) continue;
      if (Node.isBinaryExpression(expr) && expr.getOperatorToken().getText() === '=') {
        const left = expr.getLeft();
        if (!Node.isPropertyAccessExpression(left) || left.getExpression().getText() !== name || !isValue(expr.getRight())) return undefined;
        done.push('=');
        continue;
      }
      const callee = Node.isCallExpression(expr) ? expr.getExpression() : undefined;
      if (!callee || !Node.isPropertyAccessExpression(callee) || callee.getExpression().getText() !== name || !ANSWER_METHODS.has(callee.getName()))
        return undefined;
      if (!(expr as import('ts-morph').CallExpression).getArguments().every(isValue)) return undefined;
      done.push(callee.getName());
    }
  }
  return done;
}

/** The operands of `a, b, c` in order; any other expression alone. */
function commaParts(expr: Node): Node[] {
  return Node.isBinaryExpression(expr) && expr.getOperatorToken().getKind() === SyntaxKind.CommaToken
    ? [...commaParts(expr.getLeft()), ...commaParts(expr.getRight())]
    : [expr];
}

/**
 * A request handler that answers before it returns, computing only from the request
 * (`const { host } = req.headers; res.writeHead(301, { Location: \`https://${host}${req.url}\` });
 * res.end()`, es-dev-server's https redirect): declarations of pure values, then answer methods
 * and assignments on the response with pure arguments, `end()` among them. It waits for nothing.
 */
function answersBeforeReturning(handler: FunctionLike): boolean {
  return answers(handler, isPure, true)?.includes('end') ?? false;
}

/** The request handlers of a server: the creation's function arguments and its 'request' listeners; undefined when one is not readable. */
function requestHandlers(analysis: FileAnalysis, server: TrackedValue): FunctionLike[] | undefined {
  const node = server.node;
  const handlers: FunctionLike[] = [];
  if (Node.isCallExpression(node) || Node.isNewExpression(node)) handlers.push(...(node.getArguments() ?? []).flatMap((arg) => resolveFunction(arg) ?? []));
  for (const l of analysis.listeners(server, 'request')) {
    if (!l.handler) return undefined;
    handlers.push(l.handler);
  }
  return handlers;
}

/**
 * An HTTP server that never answers a request over HTTP: created with no handler (`http.createServer()`,
 * `https.createServer(credentials)`), given no 'request' listener, kept by this code, and talking
 * to its connections itself from a 'connection' listener (bespoken's webhook manager reads each
 * request's bytes and writes raw ones back) or taking them over from an 'upgrade' listener. A server
 * with no handler written yet is none of these.
 * No response ever finishes, so the keep-alive timeout, which starts when one does, never runs.
 */
export function answersNoRequests(analysis: FileAnalysis, server: TrackedValue): boolean {
  const node = server.node;
  if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return false;
  if ((node.getArguments() ?? []).some(mayHandleRequests)) return false;
  if (['request', 'checkContinue', 'checkExpectation'].some((event) => analysis.listeners(server, event).length > 0)) return false;
  if (analysis.escapes(server)) return false;
  // What it does instead, written here: a connection listener that reads or writes the socket, or
  // an 'upgrade' listener (a WebSocket endpoint with ws's `noServer`: every connection it keeps is upgraded).
  if (analysis.listeners(server, 'upgrade').some((l) => l.handler !== undefined)) return true;
  return ['connection', 'secureConnection'].some((event) => analysis.listeners(server, event).some((l) => l.handler !== undefined && talksToSocket(l.handler)));
}

/** A connection listener that reads its socket (`socket.on('data', …)`) or writes to it. */
function talksToSocket(handler: FunctionLike): boolean {
  const socket = handler.getParameters()[0]?.getName();
  if (!socket) return false;
  return descendantsOfKind(handler, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getExpression().getText() !== socket) return false;
    const [event] = call.getArguments();
    return callee.getName() === 'write' || (/^(on|once)$/.test(callee.getName()) && event !== undefined && /^['"`](data|readable)['"`]$/.test(event.getText()));
  });
}

/** A creation argument that may be a request handler: anything but an options object (written here, or a variable holding one). */
function mayHandleRequests(arg: Node): boolean {
  const expr = unwrap(arg);
  if (Node.isObjectLiteralExpression(expr)) return false;
  if (!Node.isIdentifier(expr)) return true;
  const decl = expr.getSymbol()?.getDeclarations()[0];
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  return !(init && Node.isObjectLiteralExpression(unwrap(init)));
}

/**
 * A server whose every request handler answers before it returns (`answersBeforeReturning`): a
 * redirect or a fixed reply. No response it sends can be slow enough for an idle cut.
 */
export function answersEveryRequestAtOnce(analysis: FileAnalysis, server: TrackedValue): boolean {
  const handlers = requestHandlers(analysis, server);
  return handlers !== undefined && handlers.length > 0 && handlers.every(answersBeforeReturning);
}

/**
 * A request handler whose every statement answers its response with constants at once
 * (`res.writeHead(200, {…}); res.end('okay')`, `res.statusCode = 426`): no request it serves
 * can be slow.
 */
function answersAtOnce(handler: FunctionLike): boolean {
  return (answers(handler, isConstant, false)?.length ?? 0) > 0;
}

/** An 'upgrade' listener that hands the socket on (`wss.handleUpgrade(req, socket, head, …)`). */
function handsOnSocket(listener: FunctionLike): boolean {
  const socket = listener.getParameters()[1];
  if (!socket || !Node.isIdentifier(socket.getNameNode())) return false;
  const name = socket.getName();
  return descendantsOfKind(listener, SyntaxKind.CallExpression).some((call) =>
    call.getArguments().some((arg) => Node.isIdentifier(arg) && arg.getText() === name),
  );
}

/**
 * An HTTP server that only carries WebSocket upgrades: an 'upgrade' listener hands the socket on,
 * and every request handler answers at once with constants (y-webrtc's signaling server: `okay` to
 * a health check). Its HTTP side serves nothing a 120 s idle cut or a proxy's pooled connection
 * could hurt; the upgraded connections leave the HTTP layer and its timeouts.
 */
export function onlyUpgradesToWebSocket(analysis: FileAnalysis, server: TrackedValue): boolean {
  const handlers = requestHandlers(analysis, server);
  if (handlers === undefined || handlers.length === 0) return false;
  // A server that answers every plain request `426 Upgrade Required` says itself that it only
  // upgrades (ws's own server for its `port` option, whose 'upgrade' listener is added through a helper).
  if (handlers.every((h) => answersBeforeReturning(h) && answersUpgradeRequired(h))) return true;
  return analysis.listeners(server, 'upgrade').some((l) => l.handler && handsOnSocket(l.handler)) && handlers.every(answersAtOnce);
}

/** A handler that sets the status 426 (`res.writeHead(426, …)`, `res.statusCode = 426`). */
function answersUpgradeRequired(handler: FunctionLike): boolean {
  const is426 = (n: Node | undefined) => n !== undefined && Node.isNumericLiteral(n) && n.getLiteralValue() === 426;
  return (
    descendantsOfKind(handler, SyntaxKind.CallExpression).some((call) => {
      const callee = call.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === 'writeHead' && is426(call.getArguments()[0]);
    }) ||
    descendantsOfKind(handler, SyntaxKind.BinaryExpression).some((b) => {
      const left = b.getLeft();
      return Node.isPropertyAccessExpression(left) && left.getName() === 'statusCode' && is426(b.getRight());
    })
  );
}
