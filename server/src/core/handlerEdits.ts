import { Node, type Statement } from 'ts-morph';
import type { FunctionLike } from './analysis/functions';
import { hasComments, insertAfterStatement, insertAtBodyEnd, insertAtBodyStart, isOneLine, render, rewriteOneLineBlock, styleOf } from './fixBuilders';
import { indentationAt } from './fixes';
import type { TextEdit } from './rule';

/** Inserts lines after a statement; a one-line block around it is laid out one statement per line. */
export function insertAfter(statement: Statement, lines: readonly string[]): TextEdit | undefined {
  const block = statement.getParent();
  if (block && Node.isBlock(block) && isOneLine(block)) {
    return hasComments(block) ? undefined : rewriteOneLineBlock(block, lines, block.getStatements().indexOf(statement) + 1);
  }
  return insertAfterStatement(statement, lines);
}

/**
 * Adds statements at the start of a function body. Template lines use two-space indentation,
 * `;` and `'` (converted to the file's style).
 */
export function prependToFunction(fn: FunctionLike, lines: readonly string[]): TextEdit | undefined {
  const body = fn.getBody();
  if (!body) return undefined;
  if (!Node.isBlock(body)) return expressionBodyToBlock(body, lines, 'start');
  if (isOneLine(body)) return hasComments(body) ? undefined : rewriteOneLineBlock(body, lines, 'start');
  return insertAtBodyStart(body, lines);
}

/** `() => expr` becomes a block with the expression as a statement and the new lines around it. */
function expressionBodyToBlock(body: Node, lines: readonly string[], where: 'start' | 'end'): TextEdit {
  const sf = body.getSourceFile();
  const style = styleOf(sf);
  const indent = indentationAt(sf.getFullText(), body.getStart());
  let expr: Node = body;
  while (Node.isParenthesizedExpression(expr) && !Node.isObjectLiteralExpression(expr.getExpression())) expr = expr.getExpression();
  const statement = indent + style.unit + expr.getText() + style.semi;
  const added = render(style, indent + style.unit, lines);
  const inner = where === 'start' ? [added, statement] : [statement, added];
  return { start: body.getStart(), end: body.getEnd(), text: `{${style.eol}${inner.join(style.eol)}${style.eol}${indent}}` };
}

/**
 * Adds statements at the end of a function: after its last statement, into a one-line block, or
 * by turning an expression body (`() => log()`) into a block that keeps the expression first.
 */
export function appendToFunction(fn: FunctionLike, lines: readonly string[]): TextEdit | undefined {
  const body = fn.getBody();
  if (!body) return undefined;
  const sf = fn.getSourceFile();
  const style = styleOf(sf);
  if (Node.isBlock(body)) {
    if (isOneLine(body)) return hasComments(body) ? undefined : rewriteOneLineBlock(body, lines, 'end');
    if (body.getStatements().length > 0) return insertAtBodyEnd(body, lines);
    const indent = indentationAt(sf.getFullText(), body.getStart());
    return { start: body.getStart(), end: body.getEnd(), text: `{${style.eol}${render(style, indent + style.unit, lines)}${style.eol}${indent}}` };
  }
  return expressionBodyToBlock(body, lines, 'end');
}
