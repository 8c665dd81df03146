import { isBuiltin } from 'node:module';
import { Node, SyntaxKind } from 'ts-morph';
import { callsNamed, descendantsOfKind } from './descendants';
import { enclosingFunction } from './functions';
import { moduleBindingOf } from './modules';
import { unwrap } from './syntax';

/**
 * Whether another module's constructor runs on `this` after a field was set in the same
 * constructor (`this._stream = net.connect(…); API.call(this, options)`, faye-websocket's Client):
 * that constructor was given the field to work with, and adds the stream's 'error' listener
 * there. A base class alone says nothing of the kind: `class C extends Base` or
 * `util.inherits(C, Base)` with a field the base never touches is how real code leaked its
 * sockets' errors (electerm, ioBroker.e3dc-rscp, node-rtmp).
 */
export function handedToBaseConstructor(assignment: Node): boolean {
  const fn = enclosingFunction(assignment);
  const body = fn?.getBody();
  if (!fn || !body) return false;
  return callsNamed(body, SyntaxKind.CallExpression, new Set(['call', 'apply'])).some((call) => {
    const callee = call.getExpression();
    const [self] = call.getArguments();
    return (
      call.getStart() > assignment.getEnd() &&
      enclosingFunction(call) === fn &&
      Node.isPropertyAccessExpression(callee) &&
      self?.getKind() === SyntaxKind.ThisKeyword &&
      fromOtherModule(callee.getExpression())
    );
  });
}

/** An identifier bound to another module's code (not one of Node's own modules). */
function fromOtherModule(expr: Node): boolean {
  let root = unwrap(expr);
  while (Node.isPropertyAccessExpression(root)) root = unwrap(root.getExpression());
  const binding = Node.isIdentifier(root) ? moduleBindingOf(root) : undefined;
  return binding !== undefined && !isBuiltin(binding.module);
}

/** EventEmitter's own methods: calling them hands no field to a base. */
const EMITTER_METHODS = new Set(['emit', 'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener', 'setMaxListeners']);

/**
 * Whether, right after the field is set (later in the same function), the code calls a method
 * its class inherits from another module (`self._stream = tls.connect(…); self._configureStream()`,
 * faye-websocket, whose `_configureStream` comes from its API base): that base method was
 * called to work on the field.
 */
export function handedToInheritedMethod(assignment: Node, receiver: Node, isOwnMethod: (call: Node) => boolean): boolean {
  const fn = enclosingFunction(assignment);
  const body = fn?.getBody();
  if (!fn || !body || !inheritsFromOtherModule(fn)) return false;
  const receiverText = receiver.getText();
  return descendantsOfKind(body, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    return (
      call.getStart() > assignment.getEnd() &&
      Node.isPropertyAccessExpression(callee) &&
      callee.getExpression().getText() === receiverText &&
      !EMITTER_METHODS.has(callee.getName()) &&
      !isOwnMethod(call)
    );
  });
}

/** The class (or ES5 constructor) a method is written for inherits from another module's. */
function inheritsFromOtherModule(fn: Node): boolean {
  const cls = fn.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isClassExpression(a));
  if (cls && (Node.isClassDeclaration(cls) || Node.isClassExpression(cls))) {
    const base = cls
      .getHeritageClauses()
      .find((h) => h.getToken() === SyntaxKind.ExtendsKeyword)
      ?.getTypeNodes()[0]
      ?.getExpression();
    return base !== undefined && fromOtherModule(base);
  }
  // The method the callback is written in (`C.prototype.m = function () { x.on('connect', function () { … }) }`).
  let name: string | undefined;
  for (let f: Node | undefined = fn; f && !name; f = enclosingFunction(f)) name = constructorName(f);
  if (!name) return false;
  return callsNamed(fn.getSourceFile(), SyntaxKind.CallExpression, new Set(['inherits'])).some((call) => {
    const [child, base] = call.getArguments();
    return child !== undefined && base !== undefined && unwrap(child).getText() === name && fromOtherModule(base);
  });
}

/** `C` for `function C() {}`, `var C = function () {}` and `C.prototype.m = function () {}`. */
function constructorName(fn: Node): string | undefined {
  if (Node.isFunctionDeclaration(fn)) return fn.getName();
  const parent = fn.getParent();
  if (parent && Node.isVariableDeclaration(parent)) return parent.getName();
  if (parent && Node.isBinaryExpression(parent)) return /^([\w$]+)\.prototype\b/.exec(parent.getLeft().getText())?.[1];
  return undefined;
}
