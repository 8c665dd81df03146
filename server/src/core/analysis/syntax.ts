import { Node } from 'ts-morph';

/** The expression inside parentheses and type-only wrappers: `(x as Socket)!` → `x`. */
export function unwrap(node: Node): Node {
  let cur = node;
  while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isSatisfiesExpression(cur) || Node.isNonNullExpression(cur))
    cur = cur.getExpression();
  return cur;
}
