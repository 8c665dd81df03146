import { Node } from 'ts-morph';
import type { FunctionLike } from './analysis/functions';
import { insertAtBodyEnd, render, styleOf } from './fixBuilders';
import { indentationAt } from './fixes';
import type { TextEdit } from './rule';

/**
 * Adds statements at the end of a function: after its last statement, inside an empty `{}`, or
 * by turning an expression body (`() => log()`) into a block that keeps the expression first.
 * Template lines use two-space indentation, `;` and `'` (converted to the file's style).
 */
export function appendToFunction(fn: FunctionLike, lines: readonly string[]): TextEdit | undefined {
  const body = fn.getBody();
  if (!body) return undefined;
  const sf = fn.getSourceFile();
  const style = styleOf(sf);
  const text = sf.getFullText();
  const indent = indentationAt(text, fn.getStart());
  if (Node.isBlock(body)) {
    if (body.getStatements().length > 0) return insertAtBodyEnd(body, lines);
    const inner = render(style, indent + style.unit, lines);
    return { start: body.getStart(), end: body.getEnd(), text: `{${style.eol}${inner}${style.eol}${indent}}` };
  }
  // An expression body: `() => expr` becomes `() => {\n  expr;\n  …\n}`.
  let expr: Node = body;
  while (Node.isParenthesizedExpression(expr) && !Node.isObjectLiteralExpression(expr.getExpression())) expr = expr.getExpression();
  const first = `${expr.getText()}${style.semi}`;
  const inner = [indent + style.unit + first, render(style, indent + style.unit, lines)].join(style.eol);
  return { start: body.getStart(), end: body.getEnd(), text: `{${style.eol}${inner}${style.eol}${indent}}` };
}
