import { isBuiltin } from 'node:module';
import { Node, SyntaxKind } from 'ts-morph';
import { callsNamed } from './descendants';
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
