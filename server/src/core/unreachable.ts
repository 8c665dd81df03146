import { ts } from 'ts-morph';

/** Statement lists a `return` or `throw` can end early. */
function statementsAround(parent: ts.Node): ts.NodeArray<ts.Statement> | undefined {
  if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent)) return parent.statements;
  if (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) return parent.statements;
  return undefined;
}

/**
 * Whether `node` sits in a statement after an unconditional `return` or `throw` of the same
 * statement list, at any level (a test disabled by `console.log('DISABLED'); return t.end();` at
 * the top of a CommonJS file): that code never runs. A function declaration there is hoisted
 * and may be called from above, so it does not count as unreachable.
 */
export function isUnreachable(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    const list = statementsAround(parent);
    if (!list || ts.isFunctionDeclaration(child)) continue;
    const index = list.indexOf(child as ts.Statement);
    for (let i = 0; i < index; i++) {
      if (ts.isReturnStatement(list[i]) || ts.isThrowStatement(list[i])) return true;
    }
  }
  return false;
}
