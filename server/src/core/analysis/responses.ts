import { Node, SyntaxKind, type SourceFile, type ts } from 'ts-morph';
import { isUntyped } from './classify';
import { nodeTypeNames } from './streams';
import { callsNamed, descendantsOfKind } from './descendants';
import { moduleMemberOf } from './modules';
import { symbolOf, unwrap } from './values';

const RESPONSE_NAMES = /^(res|response|resp)$/;
const REQUEST_NAMES = /^(req|request)$/;
const CONTEXT_NAMES = /^(ctx|context)$/;

/** The parameter declaration an identifier names, if it names one. */
export function parameterOf(expr: Node): Node | undefined {
  const inner = unwrap(expr);
  if (!Node.isIdentifier(inner)) return undefined;
  const decl = symbolOf(inner)?.getDeclarations()[0];
  return decl && Node.isParameterDeclaration(decl) ? decl : undefined;
}

/** The name an untyped expression goes by: a variable or parameter, or the last name of `args.response`. */
function untypedName(inner: Node): string | undefined {
  if (Node.isIdentifier(inner)) return inner.getText();
  if (Node.isPropertyAccessExpression(inner)) return inner.getName();
  return undefined;
}

/**
 * Whether an expression is an HTTP server response: by its type (`http.ServerResponse` and the
 * frameworks' subclasses), or untyped where the code says so: a `res`/`response` parameter or
 * variable (`var response = args.response`), or Koa's `ctx.res`.
 */
export function isServerResponse(expr: Node): boolean {
  const inner = unwrap(expr);
  if (nodeTypeNames(inner).has('ServerResponse')) return true;
  if (!isUntyped(inner, true)) return false;
  if (Node.isPropertyAccessExpression(inner) && inner.getName() === 'res') return CONTEXT_NAMES.test(inner.getExpression().getText());
  const name = untypedName(inner);
  if (name === undefined || !RESPONSE_NAMES.test(name)) return false;
  // `that.response` where the file makes that property itself (`new PassThrough()`): not a server's.
  return !(Node.isPropertyAccessExpression(inner) && constructedProperties(inner.getSourceFile()).has(name));
}

// Keyed by the compiler's node, which an edit replaces (ts-morph keeps its SourceFile wrapper).
const DEFINE_PROPERTY = new Set(['defineProperty']);
const constructedCache = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * Properties the file gives an object it constructs (`x.response = new PassThrough()`,
 * `Object.defineProperty(this, 'response', { value: new Body() })`). Code never makes a server's
 * response with `new`, except to stand one in (`new http.ServerResponse(req)`).
 */
function constructedProperties(sf: SourceFile): Set<string> {
  let names = constructedCache.get(sf.compilerNode);
  if (names) return names;
  names = new Set();
  // `new PassThrough()`, or a stream class called without `new` (`stream.PassThrough()`, as simples does).
  const constructed = (v: Node | undefined) => {
    const made = v && unwrap(v);
    if (!made || /ServerResponse/.test(made.getText())) return false;
    if (Node.isNewExpression(made)) return true;
    const member = Node.isCallExpression(made) ? moduleMemberOf(made.getExpression()) : undefined;
    return (
      member !== undefined &&
      /^(node:)?stream$|^readable-stream$/.test(member.module) &&
      /^(PassThrough|Readable|Writable|Duplex|Transform)$/.test(member.member ?? '')
    );
  };
  for (const bin of descendantsOfKind(sf, SyntaxKind.BinaryExpression)) {
    const left = bin.getLeft();
    if (bin.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isPropertyAccessExpression(left) && constructed(bin.getRight()))
      names.add(left.getName());
  }
  for (const call of callsNamed(sf, SyntaxKind.CallExpression, DEFINE_PROPERTY)) {
    if (!/^(Object|Reflect)\.defineProperty$/.test(call.getExpression().getText())) continue;
    const [, nameArg, descriptor] = call.getArguments();
    const value = descriptor && Node.isObjectLiteralExpression(descriptor) ? descriptor.getProperty('value') : undefined;
    if (nameArg && Node.isStringLiteral(nameArg) && value && Node.isPropertyAssignment(value) && constructed(value.getInitializer()))
      names.add(nameArg.getLiteralValue());
  }
  constructedCache.set(sf.compilerNode, names);
  return names;
}

/** Whether an expression is an HTTP server request (`http.IncomingMessage` of a handler, or an untyped `req`/`request`). */
export function isServerRequest(expr: Node): boolean {
  const inner = unwrap(expr);
  if (nodeTypeNames(inner).has('IncomingMessage')) return true;
  if (!isUntyped(inner, true)) return false;
  if (Node.isPropertyAccessExpression(inner) && inner.getName() === 'req') return CONTEXT_NAMES.test(inner.getExpression().getText());
  const name = untypedName(inner);
  return name !== undefined && REQUEST_NAMES.test(name);
}

/**
 * The connection an expression reaches through a request or a response: `req.socket`,
 * `res.connection`, `res.socket`. Returns the request or response it goes through.
 */
export function connectionOf(expr: Node): Node | undefined {
  const inner = unwrap(expr);
  if (Node.isIdentifier(inner)) {
    // const socket = req.socket
    const decl = symbolOf(inner)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    return init && Node.isPropertyAccessExpression(unwrap(init)) ? connectionOf(init) : undefined;
  }
  if (!Node.isPropertyAccessExpression(inner) || (inner.getName() !== 'socket' && inner.getName() !== 'connection')) return undefined;
  const base = unwrap(inner.getExpression());
  return isServerResponse(base) || isServerRequest(base) ? base : undefined;
}
