import { Node } from 'ts-morph';
import { unwrap } from './syntax';
import { symbolOf } from './values';

const MAX_DEPTH = 3;

/** The strings of a constant list: `['error', 'close']`, `new Set([...])`, or a same-file `const` holding one. */
function constantStrings(expr: Node, depth: number): string[] | undefined {
  const node = unwrap(expr);
  if (depth > MAX_DEPTH) return undefined;
  if (Node.isArrayLiteralExpression(node)) {
    const items = node.getElements().map((e) => (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ? e.getLiteralValue() : undefined));
    return items.every((i) => i !== undefined) ? (items as string[]) : undefined;
  }
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'Set') {
    const [list] = node.getArguments();
    return list ? constantStrings(list, depth + 1) : [];
  }
  if (!Node.isIdentifier(node)) return undefined;
  const decl = symbolOf(node)?.getDeclarations()[0];
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getSourceFile() !== node.getSourceFile()) return undefined;
  const list = decl.getParent();
  const init = decl.getInitializer();
  return init && Node.isVariableDeclarationList(list) && list.getDeclarationKind() === 'const' ? constantStrings(init, depth + 1) : undefined;
}

/**
 * The event names a non-literal event argument takes when it walks a constant list:
 * `EVENTS.forEach((ev) => s.once(ev, onFail(ev)))` or `for (const ev of ['error', 'close'])`
 * (mongodb's connect). Undefined when it is anything else.
 */
export function eventsFromConstantList(arg: Node | undefined): string[] | undefined {
  if (!arg || !Node.isIdentifier(arg)) return undefined;
  const decl = symbolOf(arg)?.getDeclarations()[0];
  if (!decl) return undefined;
  if (Node.isParameterDeclaration(decl)) {
    const fn = decl.getParent();
    const call = fn?.getParent();
    if (!fn || (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) || fn.getParameters()[0] !== decl) return undefined;
    if (!call || !Node.isCallExpression(call) || call.getArguments()[0] !== fn) return undefined;
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'forEach' ? constantStrings(callee.getExpression(), 0) : undefined;
  }
  if (Node.isVariableDeclaration(decl)) {
    const statement = decl.getParent()?.getParent();
    return statement && Node.isForOfStatement(statement) ? constantStrings(statement.getExpression(), 0) : undefined;
  }
  return undefined;
}
