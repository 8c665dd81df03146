import { Node, SyntaxKind } from 'ts-morph';

/** The expression inside parentheses and type-only wrappers: `(x as Socket)!` → `x`. */
export function unwrap(node: Node): Node {
  let cur = node;
  while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isSatisfiesExpression(cur) || Node.isNonNullExpression(cur))
    cur = cur.getExpression();
  return cur;
}

/** A receiver's text for comparing two places that name it: `this.ws?.send` and `this.ws.send`, with or without line breaks. */
export function receiverText(node: Node): string {
  return unwrap(node).getText().replace(/\s+/g, '').replace(/\?\./g, '.');
}

/** `null` or `undefined` written out: a value that holds nothing yet. */
export function isNullish(node: Node): boolean {
  return node.getKind() === SyntaxKind.NullKeyword || (Node.isIdentifier(node) && node.getText() === 'undefined');
}
