import { Node, SyntaxKind, type ObjectLiteralExpression } from 'ts-morph';
import { styleOf } from './fixBuilders';
import { indentationAt } from './fixes';
import type { TextEdit } from './rule';

/** `name: value` pairs; values are code, written with `'` quotes (converted to the file's). */
export type PropertyText = readonly [name: string, value: string];

function propertyList(node: Node, props: readonly PropertyText[]): string[] {
  const quote = styleOf(node.getSourceFile()).quote;
  return props.map(([name, value]) => `${name}: ${quote === '"' ? value.replace(/'/g, '"') : value}`);
}

/**
 * Adds properties at the end of an object literal, on one line or one per line as the literal is
 * written (`{ a: 1 }` → `{ a: 1, b: 2 }`).
 */
export function addProperties(object: ObjectLiteralExpression, props: readonly PropertyText[]): TextEdit {
  const sf = object.getSourceFile();
  const style = styleOf(sf);
  const items = propertyList(object, props);
  const properties = object.getProperties();
  const last = properties[properties.length - 1];
  if (!last) return { start: object.getStart(), end: object.getEnd(), text: `{ ${items.join(', ')} }` };
  const multiline = sf.getLineAndColumnAtPos(last.getStart()).line !== sf.getLineAndColumnAtPos(object.getStart()).line;
  if (!multiline) return { start: last.getEnd(), end: last.getEnd(), text: items.map((i) => `, ${i}`).join('') };
  const indent = indentationAt(sf.getFullText(), last.getStart());
  return { start: last.getEnd(), end: last.getEnd(), text: items.map((i) => `,${style.eol}${indent}${i}`).join('') };
}

/** Adds `{ name: value }` as a new argument before argument `index` (or last when past the end). */
export function insertOptionsArgument(call: Node, index: number, props: readonly PropertyText[]): TextEdit | undefined {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return undefined;
  const text = `{ ${propertyList(call, props).join(', ')} }`;
  const args = call.getArguments();
  if (index < args.length) return { start: args[index].getStart(), end: args[index].getStart(), text: `${text}, ` };
  if (args.length > 0) {
    const lastArg = args[args.length - 1];
    return { start: lastArg.getEnd(), end: lastArg.getEnd(), text: `, ${text}` };
  }
  const open = call.getFirstChildByKind(SyntaxKind.OpenParenToken);
  return open ? { start: open.getEnd(), end: open.getEnd(), text } : undefined;
}

/** Replaces an expression with new code. */
export function replaceExpression(expr: Node, text: string): TextEdit {
  return { start: expr.getStart(), end: expr.getEnd(), text };
}
