import { isBuiltin } from 'node:module';
import { Node, SyntaxKind, type FunctionDeclaration, type FunctionExpression, type Symbol as MorphSymbol } from 'ts-morph';
import { callsNamed } from './descendants';
import { moduleBindingOf } from './modules';
import { unwrap } from './syntax';
import { symbolOf } from './values';

const MAX_DEPTH = 4;

/**
 * Whether code of another module works on the same `this` as `owner` (a class, or a constructor
 * function's symbol): a base class from another module (`class C extends Base`), a constructor
 * that runs another module's (`API.call(this, options)`), or `util.inherits(C, Base)`. That code
 * reads and sets the owner's fields too (faye-websocket's Client opens `this._stream`; its API
 * base adds the stream's 'error' listener), so a value kept in a field is shared with it. Node's
 * own bases (`EventEmitter`, `Duplex`) do not know the fields of a subclass.
 */
export function sharesThisWithOtherModule(owner: Node | MorphSymbol, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (owner instanceof Node && (Node.isClassDeclaration(owner) || Node.isClassExpression(owner))) {
    const base = owner
      .getHeritageClauses()
      .find((h) => h.getToken() === SyntaxKind.ExtendsKeyword)
      ?.getTypeNodes()[0]
      ?.getExpression();
    return base !== undefined && foreignBase(base, depth);
  }
  const ctor = constructorFunction(owner);
  if (!ctor) return false;
  const { fn, name } = ctor;
  const sf = fn.getSourceFile();
  // `Base.call(this, …)` / `Base.apply(this, …)` in the constructor.
  const body = fn.getBody();
  const runsBase =
    body !== undefined &&
    callsNamed(body, SyntaxKind.CallExpression, new Set(['call', 'apply'])).some((call) => {
      const callee = call.getExpression();
      const [self] = call.getArguments();
      return Node.isPropertyAccessExpression(callee) && self?.getKind() === SyntaxKind.ThisKeyword && foreignBase(callee.getExpression(), depth);
    });
  if (runsBase) return true;
  // `util.inherits(C, Base)`, `inherits(C, Base)`.
  return callsNamed(sf, SyntaxKind.CallExpression, new Set(['inherits'])).some((call) => {
    const [child, base] = call.getArguments();
    return child !== undefined && base !== undefined && unwrap(child).getText() === name && foreignBase(base, depth);
  });
}

/** The constructor function an owner names (`function C() {}`, `var C = function () {}`), and its name. */
function constructorFunction(owner: Node | MorphSymbol): { fn: FunctionDeclaration | FunctionExpression; name: string } | undefined {
  const node = owner instanceof Node ? owner : owner.getDeclarations()[0];
  const fn = node && Node.isVariableDeclaration(node) ? node.getInitializer() : node;
  if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn))) return undefined;
  const holder = fn.getParent();
  const name = Node.isFunctionDeclaration(fn) ? fn.getName() : holder && Node.isVariableDeclaration(holder) ? holder.getName() : undefined;
  return name ? { fn, name } : undefined;
}

/** A base that is another module's code: imported from a non-core module, or a same-file class that shares its `this` so. */
function foreignBase(expr: Node, depth: number): boolean {
  let root = unwrap(expr);
  while (Node.isPropertyAccessExpression(root)) root = unwrap(root.getExpression());
  if (!Node.isIdentifier(root)) return false;
  const binding = moduleBindingOf(root);
  if (binding) return !isBuiltin(binding.module);
  const decl = symbolOf(root)?.getDeclarations()[0];
  if (!decl || decl.getSourceFile() !== root.getSourceFile()) return false;
  if (Node.isClassDeclaration(decl)) return sharesThisWithOtherModule(decl, depth + 1);
  const ctor = constructorFunction(decl);
  return ctor !== undefined && sharesThisWithOtherModule(ctor.fn, depth + 1);
}
