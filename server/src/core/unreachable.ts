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
    if (ts.isIfStatement(parent) && parent.thenStatement === child && isFalseConstant(parent.expression)) return true;
    const list = statementsAround(parent);
    if (!list || ts.isFunctionDeclaration(child)) continue;
    const index = list.indexOf(child as ts.Statement);
    for (let i = 0; i < index; i++) {
      if (ts.isReturnStatement(list[i]) || ts.isThrowStatement(list[i])) return true;
    }
  }
  return false;
}

/**
 * `false`, `0`, or a name bound to a `const` of either in a scope around it (`const doLog = false;
 * … if (doLog) { … }`), also joined by `&&` to anything: a switch left off in the source, whose
 * branch never runs.
 */
function isFalseConstant(condition: ts.Expression): boolean {
  let expr = condition;
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (isFalseLiteral(expr)) return true;
  // `fs.existsSync(out) && false`: a branch switched off by hand.
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return isFalseConstant(expr.left) || isFalseConstant(expr.right);
  if (!ts.isIdentifier(expr)) return false;
  const name = expr.text;
  for (let scope: ts.Node | undefined = expr.parent; scope; scope = scope.parent) {
    // A parameter of the same name hides any outer const.
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return false;
    const list = statementsAround(scope);
    if (!list) continue;
    for (const statement of list) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || decl.name.text !== name) continue;
        const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
        return constant && decl.initializer !== undefined && isFalseLiteral(decl.initializer);
      }
    }
  }
  return false;
}

function isFalseLiteral(expr: ts.Expression): boolean {
  return expr.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(expr) && Number(expr.text) === 0);
}
