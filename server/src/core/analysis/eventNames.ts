import { Node, SyntaxKind, type ForOfStatement } from 'ts-morph';
import { descendantsOfKind } from './descendants';
import { enclosingFunction } from './functions';
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
    if (!statement || !Node.isForOfStatement(statement)) return undefined;
    return constantStrings(statement.getExpression(), 0) ?? keysWalked(statement, 'keys');
  }
  // `for (const [event, listener] of Object.entries(listeners)) socket.on(event, listener)` (@xmpp/tls).
  if (Node.isBindingElement(decl)) {
    const pattern = decl.getParent();
    const statement = pattern?.getParent()?.getParent()?.getParent();
    if (!Node.isArrayBindingPattern(pattern) || pattern.getElements()[0] !== decl) return undefined;
    return statement && Node.isForOfStatement(statement) ? keysWalked(statement, 'entries') : undefined;
  }
  return undefined;
}

/**
 * The keys a loop over `Object.keys(obj)` / `Object.entries(obj)` walks, when `obj` is a variable
 * of this file: the names written in its object literal and the properties assigned to it
 * (`listeners.error = …`) in the loop's function before the loop. Undefined when none is known.
 */
function keysWalked(loop: ForOfStatement, walk: 'keys' | 'entries'): string[] | undefined {
  const call = unwrap(loop.getExpression());
  if (!Node.isCallExpression(call) || call.getExpression().getText() !== `Object.${walk}`) return undefined;
  const [obj] = call.getArguments();
  const symbol = obj && Node.isIdentifier(obj) ? symbolOf(obj) : undefined;
  if (!symbol) return undefined;
  const keys = new Set<string>();
  const decl = symbol.getDeclarations()[0];
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  const literal = init && unwrap(init);
  if (literal && Node.isObjectLiteralExpression(literal)) {
    for (const prop of literal.getProperties()) {
      if (Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop) || Node.isMethodDeclaration(prop)) {
        const name = prop.getNameNode();
        if (Node.isIdentifier(name) || Node.isStringLiteral(name)) keys.add(Node.isIdentifier(name) ? name.getText() : name.getLiteralValue());
      }
    }
  }
  const scope = enclosingFunction(loop) ?? loop.getSourceFile();
  for (const assignment of descendantsOfKind(scope, SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || assignment.getEnd() > loop.getStart()) continue;
    if (Node.isPropertyAccessExpression(left) && symbolOf(left.getExpression()) === symbol) keys.add(left.getName());
  }
  return keys.size > 0 ? [...keys] : undefined;
}
