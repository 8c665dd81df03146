import { Node, SyntaxKind, type FunctionExpression, type SourceFile, type Symbol as MorphSymbol, type ts } from 'ts-morph';
import { descendantsOfKind } from './descendants';
import { symbolOf } from './symbols';
import { unwrap } from './syntax';

/**
 * Classes as Babel (and other ES5 targets) compile them: a constructor function and its methods
 * given to a helper, `_createClass(C, [{ key: 'm', value: function m() {…} }, …], statics)`, also
 * called as `(0, _createClass2.default)(C, …)`. A method there works on the same `this` as the
 * constructor and the other methods, as in the class it was compiled from.
 */
const CREATE_CLASS = /(?:^|[.\s])_?createClass\d*(?:\.default|\[['"]default['"]\])?$/;

function isCreateClassCall(node: Node | undefined): node is import('ts-morph').CallExpression {
  if (!node || !Node.isCallExpression(node)) return false;
  let callee: Node = node.getExpression();
  while (Node.isParenthesizedExpression(callee)) callee = callee.getExpression();
  if (Node.isBinaryExpression(callee) && callee.getOperatorToken().getKind() === SyntaxKind.CommaToken) callee = callee.getRight();
  return CREATE_CLASS.test(callee.getText());
}

/** The `C` of `_createClass(C, [{ key, value: fn }])` when `fn` is one of its instance methods. */
export function compiledClassOf(fn: FunctionExpression): Node | undefined {
  const property = fn.getParent();
  if (!property || !Node.isPropertyAssignment(property) || property.getName() !== 'value') return undefined;
  const entry = property.getParent();
  const list = entry?.getParent();
  const call = list?.getParent();
  if (!Node.isArrayLiteralExpression(list) || !isCreateClassCall(call) || call.getArguments()[1] !== list) return undefined;
  const target = call.getArguments()[0];
  return target && Node.isIdentifier(unwrap(target)) ? unwrap(target) : undefined;
}

// Keyed by the compiler's node, which an edit replaces (ts-morph keeps its SourceFile wrapper).
const methodsByFile = new WeakMap<ts.SourceFile, Map<MorphSymbol, Map<string, FunctionExpression>>>();

/** The instance method `name` that a `_createClass` call of this file gives the class `owner`. */
export function compiledClassMethod(sourceFile: SourceFile, owner: MorphSymbol, name: string): FunctionExpression | undefined {
  let byClass = methodsByFile.get(sourceFile.compilerNode);
  if (!byClass) {
    byClass = new Map();
    methodsByFile.set(sourceFile.compilerNode, byClass);
    for (const call of descendantsOfKind(sourceFile, SyntaxKind.CallExpression)) {
      if (!isCreateClassCall(call)) continue;
      const [target, list] = call.getArguments().map((a) => unwrap(a));
      const symbol = target && Node.isIdentifier(target) ? symbolOf(target) : undefined;
      if (!symbol || !list || !Node.isArrayLiteralExpression(list)) continue;
      const methods = byClass.get(symbol) ?? new Map<string, FunctionExpression>();
      byClass.set(symbol, methods);
      for (const entry of list.getElements()) {
        if (!Node.isObjectLiteralExpression(entry)) continue;
        const key = entry.getProperty('key');
        const value = entry.getProperty('value');
        const keyText = key && Node.isPropertyAssignment(key) ? unwrap(key.getInitializerOrThrow()) : undefined;
        const fn = value && Node.isPropertyAssignment(value) ? unwrap(value.getInitializerOrThrow()) : undefined;
        if (keyText && Node.isStringLiteral(keyText) && fn && Node.isFunctionExpression(fn)) methods.set(keyText.getLiteralValue(), fn);
      }
    }
  }
  return byClass.get(owner)?.get(name);
}
