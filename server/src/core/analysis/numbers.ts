import { Node, SyntaxKind } from 'ts-morph';
import { declarationsOf } from './symbols';

const MAX_DEPTH = 4;

/**
 * The number an expression evaluates to when it is written in this file: a literal, simple
 * arithmetic (`65 * 1000`), or a `const` bound to one. Undefined when the analysis cannot see it.
 */
export function numericValue(expr: Node | undefined, depth = 0): number | undefined {
  if (!expr || depth > MAX_DEPTH) return undefined;
  if (Node.isNumericLiteral(expr)) return expr.getLiteralValue();
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr) || Node.isNonNullExpression(expr)) {
    return numericValue(expr.getExpression(), depth);
  }
  if (Node.isPrefixUnaryExpression(expr)) {
    const operand = numericValue(expr.getOperand(), depth);
    if (operand === undefined) return undefined;
    if (expr.getOperatorToken() === SyntaxKind.MinusToken) return -operand;
    if (expr.getOperatorToken() === SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (Node.isBinaryExpression(expr)) {
    const left = numericValue(expr.getLeft(), depth);
    const right = numericValue(expr.getRight(), depth);
    if (left === undefined || right === undefined) return undefined;
    switch (expr.getOperatorToken().getKind()) {
      case SyntaxKind.PlusToken:
        return left + right;
      case SyntaxKind.MinusToken:
        return left - right;
      case SyntaxKind.AsteriskToken:
        return left * right;
      case SyntaxKind.SlashToken:
        return right === 0 ? undefined : left / right;
      default:
        return undefined;
    }
  }
  if (Node.isIdentifier(expr)) {
    const decls = declarationsOf(expr);
    if (decls.length !== 1) return undefined;
    const decl = decls[0];
    if (!Node.isVariableDeclaration(decl) || decl.getSourceFile() !== expr.getSourceFile()) return undefined;
    const list = decl.getParent();
    // Only a `const` cannot change after its initializer.
    if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== 'const') return undefined;
    return numericValue(decl.getInitializer(), depth + 1);
  }
  return undefined;
}
