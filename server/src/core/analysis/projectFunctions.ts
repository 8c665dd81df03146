import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type ConstructorDeclaration } from 'ts-morph';
import * as path from 'node:path';
import { constructorSourceOf, resolveModulePath } from './constructors';
import { moduleMemberOf } from './modules';
import type { FunctionLike } from './functions';
import { declarationsOf } from './symbols';
import { descendantsOfKind } from './descendants';

const MAX_HOPS = 4;

/** A function, or the constructor of a class (what `new C(…)` runs). */
export type Callable = FunctionLike | ConstructorDeclaration;

/**
 * The function a callee names wherever the program holds its source — this file, another file of
 * the project, a package's JavaScript — through imports and re-exports (`exports.f = common.f`),
 * never a declaration file. Undefined when it cannot be told (unresolved, several candidates).
 */
export function functionAcrossFiles(callee: Node, hops = 0): Callable | undefined {
  if (hops > MAX_HOPS) return undefined;
  let expr = callee;
  while (Node.isParenthesizedExpression(expr)) expr = expr.getExpression();
  if (Node.isArrowFunction(expr) || Node.isFunctionExpression(expr)) return expr;
  const name = Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : Node.isIdentifier(expr) ? expr : undefined;
  if (!name) return undefined;
  const found = new Set<Callable>();
  for (const decl of declarationsBehindAliases(name)) {
    if (decl.getSourceFile().isDeclarationFile()) return undefined;
    const fn = functionOfDeclaration(decl, hops);
    if (!fn) return undefined;
    found.add(fn);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** What a call or `new` runs, wherever its source is: a function, or a class's constructor (constructors.ts). */
export function calleeAcrossFiles(call: Node): Callable | undefined {
  if (Node.isNewExpression(call)) {
    const ctor = constructorSourceOf(call.getExpression());
    if (ctor && (Node.isClassDeclaration(ctor) || Node.isClassExpression(ctor))) return classConstructor(ctor);
    return ctor;
  }
  return Node.isCallExpression(call) ? functionAcrossFiles(call.getExpression()) : undefined;
}

/**
 * A callee of the project's own module (`require('./jsonrpc').SocketConnection`) whose file is
 * there but whose code could not be told (a class built by a helper at run time): unknown, not
 * "does nothing". A module that is not there at all (a file checked alone) says nothing either way.
 */
export function projectCodeUnread(call: Node): boolean {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return false;
  const binding = moduleMemberOf(call.getExpression());
  if (!binding || !binding.module.startsWith('.')) return false;
  if (calleeAcrossFiles(call)) return false;
  return resolveModulePath(path.resolve(path.dirname(call.getSourceFile().getFilePath()), binding.module)) !== undefined;
}

/** Declarations of a name, through `import`/`require` aliases to where the value is defined. */
function declarationsBehindAliases(name: Node): Node[] {
  try {
    let symbol = name.getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
    return symbol?.getDeclarations() ?? [];
  } catch {
    return declarationsOf(name);
  }
}

function functionOfDeclaration(decl: Node, hops: number): Callable | undefined {
  if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return decl.getBody() ? decl : undefined;
  let init: Node | undefined;
  if (Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) || Node.isPropertyAssignment(decl)) init = decl.getInitializer();
  else if (Node.isShorthandPropertyAssignment(decl)) init = decl.getNameNode();
  else if (Node.isPropertyAccessExpression(decl) || Node.isIdentifier(decl)) {
    // `exports.f = function …`, `exports.f = common.f`, `module.exports.f = f`
    const assignment = decl.getParent();
    if (
      assignment &&
      Node.isBinaryExpression(assignment) &&
      assignment.getLeft() === decl &&
      assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken
    )
      init = assignment.getRight();
  }
  if (!init || init === decl) return undefined;
  if (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) return init;
  if (Node.isIdentifier(init) || Node.isPropertyAccessExpression(init)) return functionAcrossFiles(init, hops + 1);
  return undefined;
}

const ERROR_LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Whether `fn` adds an 'error' listener on its `index`th parameter itself: `socket.on('error', …)`. */
export function listensForErrorsOnParameter(fn: Callable, index: number, depth = 0): boolean {
  const param = fn.getParameters()[index];
  const name = param?.getNameNode();
  if (!name || !Node.isIdentifier(name)) return false;
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    // `super(socket)`: the base class's constructor (`class JsonSocket extends TcpSocket`) may listen.
    if (callee.getKind() === SyntaxKind.SuperKeyword && Node.isConstructorDeclaration(fn) && depth < MAX_HOPS) {
      const passed = call.getArguments().findIndex((arg) => arg.getText() === name.getText());
      const base = fn.getParent().getBaseClass();
      const inherited = base && classConstructor(base);
      return passed >= 0 && inherited !== undefined && listensForErrorsOnParameter(inherited, passed, depth + 1);
    }
    if (!Node.isPropertyAccessExpression(callee) || !ERROR_LISTENER_METHODS.has(callee.getName())) return false;
    const [event] = call.getArguments();
    return event !== undefined && Node.isStringLiteral(event) && event.getLiteralValue() === 'error' && callee.getExpression().getText() === name.getText();
  });
}

/** The constructor `new C(…)` runs: the class's own, else the nearest base class's (with source). */
function classConstructor(cls: ClassDeclaration | ClassExpression, depth = 0): ConstructorDeclaration | undefined {
  const own = cls.getConstructors().find((c) => c.getBody());
  if (own || depth >= MAX_HOPS) return own;
  const base = cls.getBaseClass();
  return base && !base.getSourceFile().isDeclarationFile() ? classConstructor(base, depth + 1) : undefined;
}
