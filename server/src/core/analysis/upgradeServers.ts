import { Node, SyntaxKind } from 'ts-morph';
import { descendantsOfKind } from './descendants';
import type { FileAnalysis } from './fileAnalysis';
import { resolveFunction, type FunctionLike } from './functions';
import type { TrackedValue } from './values';

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

/**
 * A request handler whose every statement answers its response with constants at once
 * (`res.writeHead(200, {…}); res.end('okay')`, `res.statusCode = 426`): no request it serves
 * can be slow.
 */
function answersAtOnce(handler: FunctionLike): boolean {
  const response = handler.getParameters()[1];
  const name = response && Node.isIdentifier(response.getNameNode()) ? response.getName() : undefined;
  const body = handler.getBody();
  if (!name || !body || !Node.isBlock(body)) return false;
  const statements = body.getStatements();
  return (
    statements.length > 0 &&
    statements.every((statement) => {
      if (!Node.isExpressionStatement(statement)) return false;
      const expr = statement.getExpression();
      if (Node.isBinaryExpression(expr) && expr.getOperatorToken().getText() === '=') {
        const left = expr.getLeft();
        return Node.isPropertyAccessExpression(left) && left.getExpression().getText() === name && isConstant(expr.getRight());
      }
      if (!Node.isCallExpression(expr)) return false;
      const callee = expr.getExpression();
      return (
        Node.isPropertyAccessExpression(callee) &&
        callee.getExpression().getText() === name &&
        ANSWER_METHODS.has(callee.getName()) &&
        expr.getArguments().every(isConstant)
      );
    })
  );
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
  const node = server.node;
  if (!analysis.listeners(server, 'upgrade').some((l) => l.handler && handsOnSocket(l.handler))) return false;
  const handlers: FunctionLike[] = [];
  if (Node.isCallExpression(node) || Node.isNewExpression(node)) handlers.push(...(node.getArguments() ?? []).flatMap((arg) => resolveFunction(arg) ?? []));
  for (const l of analysis.listeners(server, 'request')) {
    if (!l.handler) return false;
    handlers.push(l.handler);
  }
  return handlers.length > 0 && handlers.every(answersAtOnce);
}
