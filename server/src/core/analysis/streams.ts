import { Node, type Type } from 'ts-morph';
import { declarationsOf } from './symbols';

const NODE_TYPES = /[\\/]@types[\\/]node[\\/]/;

function declaredInNodeTypes(decls: Node[]): boolean {
  return decls.some((d) => NODE_TYPES.test(d.getSourceFile().getFilePath()));
}

/**
 * Names of the `@types/node` classes and interfaces in an expression's type and its bases
 * (`fs.createWriteStream()` → WriteStream, Writable, Stream, …). Empty when the type is
 * unknown, `any`, or not Node's.
 */
export function nodeTypeNames(expr: Node): Set<string> {
  const names = new Set<string>();
  let type: Type;
  try {
    type = expr.getType();
  } catch {
    return names;
  }
  if (type.isAny() || type.isUnknown()) return names;
  const seen = new Set<object>();
  const visit = (t: Type, depth: number): void => {
    if (depth > 8 || seen.has(t.compilerType)) return;
    seen.add(t.compilerType);
    // `ServerResponse & { req: IncomingMessage }`, `WriteStream & { fd: 1 }`
    if (t.isIntersection()) for (const part of t.getIntersectionTypes()) visit(part, depth + 1);
    const symbol = t.getSymbol() ?? t.getAliasSymbol();
    if (symbol && declaredInNodeTypes(symbol.getDeclarations())) names.add(symbol.getName());
    const target = t.getTargetType(); // a generic instantiation's class carries the bases
    if (target && target !== t) visit(target, depth + 1);
    for (const base of t.getBaseTypes()) visit(base, depth + 1);
  };
  try {
    visit(type, 0);
  } catch {
    // A type the checker cannot expand tells us nothing.
  }
  return names;
}

/** The `@types/node` class or interface an expression's type is itself (`Duplex`, not its bases), if any. */
export function ownNodeTypeName(expr: Node): string | undefined {
  try {
    const symbol = expr.getType().getSymbol();
    return symbol && declaredInNodeTypes(symbol.getDeclarations()) ? symbol.getName() : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a method call resolves to a method that `@types/node` declares (Node's `pipe`, not rxjs's). */
export function isNodeMethod(callee: Node): boolean {
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const decls = declarationsOf(callee.getNameNode());
  return decls.length > 0 && declaredInNodeTypes(decls);
}
