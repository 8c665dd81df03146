import { Node, SyntaxKind } from 'ts-morph';
import { moduleMemberOf, unwrapCallee } from './analysis/modules';

/**
 * The node a finding underlines: the smallest one that names the problem, as ESLint rules underline
 * a callee or an identifier. Rules report the node their analysis holds (a whole `http.request({ … },
 * (res) => { … })` call, an assignment, a declaration); underlining all of it hides the other
 * findings inside it. Only the diagnostic's range narrows: a fix keeps its own edits.
 *
 * - a call of a module's function or a constructor (`http.request(…)`, `new http.Agent(…)`): the
 *   callee, `http.request`;
 * - a method call on a value (`src.pipe(dst)`, `socket.destroy()`): the method's name, `pipe`;
 * - an assignment (`server.timeout = 0`): its target; a declaration or a property: its name when it
 *   spans lines.
 */
export function reportNodeFor(node: Node): Node {
  if (Node.isCallExpression(node) || Node.isNewExpression(node)) return calleeName(node.getExpression());
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return reportNodeFor(node.getLeft());
  if (Node.isExpressionStatement(node)) return reportNodeFor(node.getExpression());
  if (isOneLine(node)) return node;
  if (Node.isVariableDeclaration(node) || Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node)) return node.getNameNode();
  if (Node.isPropertyAccessExpression(node)) return node.getNameNode();
  return node;
}

function calleeName(callee: Node): Node {
  const expr = unwrapCallee(callee);
  if (Node.isPropertyAccessExpression(expr)) {
    // `http.request`, `net_1.default.connect`: the module and its function read together.
    if (isOneLine(expr) && moduleMemberOf(expr)) return expr;
    return expr.getNameNode();
  }
  if (Node.isElementAccessExpression(expr)) {
    const arg = expr.getArgumentExpression();
    return arg && isOneLine(expr) ? expr : (arg ?? expr);
  }
  if (Node.isCallExpression(expr) || Node.isNewExpression(expr)) return reportNodeFor(expr);
  return isOneLine(expr) ? expr : reportNodeFor(expr);
}

function isOneLine(node: Node): boolean {
  const sf = node.getSourceFile();
  return sf.getLineAndColumnAtPos(node.getStart()).line === sf.getLineAndColumnAtPos(node.getEnd()).line;
}
