import { ts, type CallExpression } from 'ts-morph';
import { FACTORY_CALL_NAMES, FACTORY_NEW_NAMES } from './modules';

/** Methods through which a helper takes charge of the value it returns. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

type FunctionWithBody = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** The function with a body this program declares and a call runs, found by the checker (across files, CommonJS included). */
function calledFunction(call: CallExpression): FunctionWithBody | undefined {
  let declaration: ts.Declaration | undefined;
  let checker: ts.TypeChecker;
  try {
    checker = call.getProject().getTypeChecker().compilerObject;
    declaration = checker.getResolvedSignature(call.compilerNode)?.getDeclaration();
  } catch {
    return undefined;
  }
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (isFunctionWithBody(declaration)) return declaration;
  // An overload signature: the call runs the implementation that follows it.
  const name = (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.name;
  const symbol = name ? checker.getSymbolAtLocation(name) : undefined;
  return symbol?.declarations?.find(isFunctionWithBody);
}

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  const isFunction = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
  return isFunction && node.body !== undefined;
}

/** The expressions a function returns: its `return`s (not those of functions nested in it), or an arrow's expression body. */
function returnedExpressions(fn: FunctionWithBody): ts.Expression[] {
  const body = fn.body!;
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

/** `x.on('error', …)` or `x.setTimeout(…)`: the call takes charge of its receiver. Returns the receiver. */
function chargeReceiver(node: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  const [first] = node.arguments;
  const handlesError = LISTENER_METHODS.has(method) && first !== undefined && ts.isStringLiteralLike(first) && first.text === 'error';
  return handlesError || method === 'setTimeout' ? node.expression.expression : undefined;
}

/** Whether the returned expression is handled inside the function: a chained `.on('error', …)`, or a variable that gets one there. */
function handledInside(fn: FunctionWithBody, returned: ts.Expression): boolean {
  const expr = unwrap(returned);
  if (chargeReceiver(expr)) return true;
  if (!ts.isIdentifier(expr)) return false;
  let handled = false;
  const visit = (node: ts.Node): void => {
    if (handled) return;
    const receiver = chargeReceiver(node);
    if (receiver && ts.isIdentifier(unwrap(receiver)) && (unwrap(receiver) as ts.Identifier).text === expr.text) handled = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body!);
  return handled;
}

/** The last name of a callee (`a.b.connect` → "connect"). */
function lastName(callee: ts.Expression): string | undefined {
  const inner = unwrap(callee);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  return undefined;
}

/** Whether the returned expression is a factory call of the function itself, directly or through a `const x = net.connect()`. */
function createdInside(fn: FunctionWithBody, returned: ts.Expression): boolean {
  let expr = unwrap(returned);
  if (ts.isIdentifier(expr)) {
    const name = expr.text;
    let init: ts.Expression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) init = node.initializer;
      else if (!init) ts.forEachChild(node, visit);
    };
    visit(fn.body!);
    if (!init) return false;
    expr = unwrap(init);
  }
  if (ts.isCallExpression(expr)) return FACTORY_CALL_NAMES.has(lastName(expr.expression) ?? '');
  if (ts.isNewExpression(expr)) return FACTORY_NEW_NAMES.has(lastName(expr.expression) ?? '');
  return false;
}

/**
 * Whether the value a call returns was made by a function of this program that takes charge of
 * it: it listens for the value's 'error' or sets its timeout before returning it (`req.on('error',
 * cb); return req`, simple-get), or it is a function of the same file that creates it (the value
 * model follows that creation to its callers). The call is then not where the value is created:
 * the function's own creation is, with its findings.
 */
export function helperOwnsResult(call: CallExpression): boolean {
  const fn = calledFunction(call);
  if (!fn) return false;
  const returned = returnedExpressions(fn);
  if (returned.length === 0) return false;
  const sameFile = fn.getSourceFile() === call.getSourceFile().compilerNode;
  return returned.every((expr) => handledInside(fn, expr) || (sameFile && createdInside(fn, expr)));
}
