import {
  Node,
  SyntaxKind,
  ts,
  type ArrowFunction,
  type ElementAccessExpression,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
} from 'ts-morph';
import { descendantsOfKind, hasStringLiteral, identifiersNamed } from './descendants';
import { declarationsOf } from './symbols';

export type FunctionLike = ArrowFunction | FunctionExpression | FunctionDeclaration | MethodDeclaration;

/**
 * The function an expression denotes when its body is in this file: an inline function, an
 * identifier bound to a function declaration or a `const f = () => …`, a method of this code's own
 * objects (`this.onConnection`, `self.onData`, `Proto.prototype.m = function …`), and any of them
 * bound (`this.onConnection.bind(this)`).
 */
export function resolveFunction(expr: Node): FunctionLike | undefined {
  if (Node.isArrowFunction(expr) || Node.isFunctionExpression(expr)) return expr;
  if (Node.isParenthesizedExpression(expr)) return resolveFunction(expr.getExpression());
  // `this._onUpgrade = (req, socket) => …`, kept as it is passed: the expression is the function.
  if (Node.isBinaryExpression(expr) && expr.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return resolveFunction(expr.getRight());
  if (Node.isCallExpression(expr)) {
    const callee = expr.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'bind' ? resolveFunction(callee.getExpression()) : undefined;
  }
  if (Node.isPropertyAccessExpression(expr)) return ownMethod(expr);
  if (!Node.isIdentifier(expr)) return undefined;
  for (const decl of declarationsOf(expr)) {
    if (decl.getSourceFile() !== expr.getSourceFile()) continue;
    if (Node.isFunctionDeclaration(decl) && decl.getBody()) return decl;
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
      // `var onSocket = function (socket) { … }.bind(this)`
      if (init && Node.isCallExpression(init) && isBoundFunction(init)) return resolveFunction(init);
    }
  }
  return undefined;
}

/**
 * How many leading parameters `f.bind(thisArg, a, b)` fills (2): the function, called with the
 * emitter's arguments, gets them in its later parameters. 0 for anything that is not a bind.
 */
export function boundArgumentCount(expr: Node): number {
  let inner = expr;
  while (Node.isParenthesizedExpression(inner)) inner = inner.getExpression();
  if (!Node.isCallExpression(inner)) return 0;
  const callee = inner.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'bind') return 0;
  return Math.max(0, inner.getArguments().length - 1);
}

/** `function () { … }.bind(x)` / `(() => …).bind(x)`: an inline function, bound. */
function isBoundFunction(call: Node & { getExpression(): Node }): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'bind') return false;
  let target: Node = callee.getExpression();
  while (Node.isParenthesizedExpression(target)) target = target.getExpression();
  return Node.isArrowFunction(target) || Node.isFunctionExpression(target);
}

/**
 * The same-file function a property access names when its one declaration is a method with a body,
 * a class field holding a function, or a `x.prototype.m = function …` / `this.m = () => …` assignment.
 */
function ownMethod(access: Node & { getNameNode(): Node }): FunctionLike | undefined {
  // Each shape below declares the name in this file: without such a name, no symbol is asked for.
  // (A `#private` name is left to the checker.)
  const name = access.getNameNode();
  if (Node.isIdentifier(name) && identifiersNamed(access, name.getText(), namesMember).length === 0 && !hasStringLiteral(access, name.getText()))
    return undefined;
  const decls = declarationsOf(name).filter((d) => d.getSourceFile() === access.getSourceFile());
  if (decls.length !== 1) return undefined;
  const [decl] = decls;
  if (Node.isMethodDeclaration(decl)) return decl.getBody() ? decl : undefined;
  let init: Node | undefined;
  if (Node.isPropertyDeclaration(decl) || Node.isPropertyAssignment(decl)) init = decl.getInitializer();
  else if (Node.isPropertyAccessExpression(decl)) {
    const assignment = decl.getParent();
    if (Node.isBinaryExpression(assignment) && assignment.getLeft() === decl && assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken)
      init = assignment.getRight();
  }
  if (init && Node.isCallExpression(init) && isBoundFunction(init)) return resolveFunction(init);
  return init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : undefined;
}

/** A name a method or function-holding member could be declared under: a method, a field, a property, `x.m = …`. */
function namesMember(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name === id;
  return ts.isPropertyAccessExpression(parent) && parent.name === id && ts.isBinaryExpression(parent.parent) && parent.parent.left === parent;
}

/** The name a function is declared or assigned under: `function f`, `f() {}`, `f: function`, `f = () => …` (a class field), `const f = …`, `X.prototype.f = …`. */
export function functionName(fn: FunctionLike): string | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getName();
  const parent = fn.getParent();
  if (parent && (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent))) return parent.getName();
  if (parent && Node.isBinaryExpression(parent) && Node.isPropertyAccessExpression(parent.getLeft()))
    return (parent.getLeft() as import('ts-morph').PropertyAccessExpression).getName();
  return undefined;
}

/** Whether a node is a function: an arrow, a function expression or declaration, a method. */
export function isFunctionLike(node: Node | undefined): node is FunctionLike {
  return (
    node !== undefined && (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node))
  );
}

/** The nearest function around a node. */
export function enclosingFunction(node: Node): FunctionLike | undefined {
  return node.getFirstAncestor(isFunctionLike) as FunctionLike | undefined;
}

/** The body of the function a parameter belongs to: a block, or an arrow function's expression. */
export function bodyOfParameterOwner(param: Node): Node | undefined {
  const fn = param.getParent();
  return fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))
    ? fn.getBody()
    : undefined;
}

/** The expressions a function returns: its `return`s (not those of functions nested in it), or an arrow's expression body. */
export function returnedExpressions(fn: FunctionLike): Node[] {
  const body = fn.getBody();
  if (!body) return [];
  if (!Node.isBlock(body)) return [body];
  return descendantsOfKind(body, SyntaxKind.ReturnStatement)
    .filter((r) => enclosingFunction(r) === fn)
    .flatMap((r) => r.getExpression() ?? []);
}

/** All call expressions inside a function body, nested functions included. */
export function callsIn(fn: Node) {
  return descendantsOfKind(fn, SyntaxKind.CallExpression);
}

/**
 * `x[closeMethod]()` where every string the variable can hold is one of `methods`
 * (`let closeMethod = 'end'; if (early) closeMethod = 'destroy';`, smtp-connection), or `x['end']()`.
 */
function computedMethodIn(callee: ElementAccessExpression, methods: ReadonlySet<string>): boolean {
  const key = callee.getArgumentExpression();
  if (!key) return false;
  if (Node.isStringLiteral(key) || Node.isNoSubstitutionTemplateLiteral(key)) return methods.has(key.getLiteralValue());
  if (!Node.isIdentifier(key)) return false;
  const decl = key.getSymbol()?.getDeclarations()[0];
  if (!decl || !Node.isVariableDeclaration(decl)) return false;
  const given: Node[] = [];
  const init = decl.getInitializer();
  if (init) given.push(init);
  const scope = decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
  for (const id of descendantsOfKind(scope, SyntaxKind.Identifier)) {
    const parent = id.getParent();
    if (id.getText() !== key.getText() || !parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== id) continue;
    if (parent.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || id.getSymbol() !== key.getSymbol()) continue;
    given.push(parent.getRight());
  }
  return given.length > 0 && given.every((g) => (Node.isStringLiteral(g) || Node.isNoSubstitutionTemplateLiteral(g)) && methods.has(g.getLiteralValue()));
}

/**
 * Whether `fn` (or a same-file function it calls, up to `depth` levels) calls one of `methods`
 * on an expression accepted by `isTarget`.
 */
export function callsMethodOn(fn: Node, methods: ReadonlySet<string>, isTarget: (receiver: Node) => boolean, depth = 3, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  for (const call of callsIn(fn)) {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && methods.has(callee.getName()) && isTarget(callee.getExpression())) return true;
    if (Node.isElementAccessExpression(callee) && computedMethodIn(callee, methods) && isTarget(callee.getExpression())) return true;
    if (depth > 0) {
      const inner = resolveFunction(callee);
      if (inner && callsMethodOn(inner, methods, isTarget, depth - 1, seen)) return true;
    }
  }
  return false;
}
