import { ts } from 'ts-morph';

/**
 * Whether `node` sits in a function of an esbuild CommonJS bundle's module that the bundle never
 * uses: the module is `var require_tools = __commonJS({ "src/tools.js"(exports, module) { … } })`,
 * the function is named in its body only where the module exports it (`module.exports = {
 * download_http, … }`, `exports.f = f`), and every `require_tools()` of the file takes other names
 * (`var { get_napi_version } = require_tools()`, `require_tools().determine_arch`). The bundler
 * kept a whole source module; nothing calls that part of it (koffi's bundled download helpers).
 */
export function isUnusedBundledFunction(node: ts.Node): boolean {
  const sourceFile = node.getSourceFile();
  if (!sourceFile.text.includes('__commonJS(')) return false;
  for (let fn: ts.Node | undefined = node; fn; fn = fn.parent) {
    if (!ts.isFunctionDeclaration(fn) || !fn.name) continue;
    const module = bundledModule(fn);
    if (module) return unused(fn.name.text, module.body, module.requireName, sourceFile);
  }
  return false;
}

/** The bundled module a function declaration is a statement of: its body and the `require_x` name that loads it. */
function bundledModule(fn: ts.FunctionDeclaration): { body: ts.Block; requireName: string } | undefined {
  const body = fn.parent;
  const factory = body?.parent;
  const object = factory?.parent;
  const call = object?.parent;
  const holder = call?.parent;
  if (!ts.isBlock(body) || !factory || !(ts.isMethodDeclaration(factory) || ts.isPropertyAssignment(factory))) return undefined;
  if (!object || !ts.isObjectLiteralExpression(object) || !call || !ts.isCallExpression(call)) return undefined;
  if (!ts.isIdentifier(call.expression) || call.expression.text !== '__commonJS') return undefined;
  if (!holder || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return undefined;
  return { body, requireName: holder.name.text };
}

/** Whether the function named `name` is only exported by its module, under names no loader of the module takes. */
function unused(name: string, body: ts.Block, requireName: string, sourceFile: ts.SourceFile): boolean {
  const keys = exportKeys(name, body);
  if (!keys) return false;
  const taken = takenNames(requireName, sourceFile);
  return taken !== undefined && keys.every((key) => !taken.has(key));
}

/** The keys the module exports the function under, or undefined when its body uses it otherwise. */
function exportKeys(name: string, body: ts.Block): string[] | undefined {
  const keys: string[] = [];
  let other = false;
  const visit = (n: ts.Node): void => {
    if (other) return;
    if (ts.isIdentifier(n) && n.text === name && !(ts.isFunctionDeclaration(n.parent) && n.parent.name === n)) {
      const parent = n.parent;
      if (ts.isShorthandPropertyAssignment(parent) && isModuleExports(parent.parent)) keys.push(name);
      else if (ts.isPropertyAssignment(parent) && parent.initializer === n && isModuleExports(parent.parent) && ts.isIdentifier(parent.name))
        keys.push(parent.name.text);
      else if (
        ts.isBinaryExpression(parent) &&
        parent.right === n &&
        ts.isPropertyAccessExpression(parent.left) &&
        /^(?:module\d*\.)?exports\d*$/.test(parent.left.expression.getText())
      )
        keys.push(parent.left.name.text);
      else other = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return other || keys.length === 0 ? undefined : keys;
}

/** `module2.exports = { … }`: the object a bundled module exports. */
function isModuleExports(object: ts.Node): boolean {
  const assignment = object.parent;
  return (
    ts.isObjectLiteralExpression(object) &&
    assignment !== undefined &&
    ts.isBinaryExpression(assignment) &&
    assignment.right === object &&
    /^module\d*\.exports$/.test(assignment.left.getText())
  );
}

/** The export names the file's `require_x()` calls take, or undefined when one takes the whole module. */
function takenNames(requireName: string, sourceFile: ts.SourceFile): Set<string> | undefined {
  const taken = new Set<string>();
  let whole = false;
  const visit = (n: ts.Node): void => {
    if (whole) return;
    if (ts.isIdentifier(n) && n.text === requireName && !(ts.isVariableDeclaration(n.parent) && n.parent.name === n)) {
      const call = n.parent;
      if (!ts.isCallExpression(call) || call.expression !== n) return void (whole = true);
      const user = call.parent;
      if (ts.isPropertyAccessExpression(user) && user.expression === call) taken.add(user.name.text);
      else if (ts.isVariableDeclaration(user) && ts.isObjectBindingPattern(user.name)) {
        for (const element of user.name.elements) {
          const key = element.propertyName ?? element.name;
          if (element.dotDotDotToken || !ts.isIdentifier(key)) return void (whole = true);
          taken.add(key.text);
        }
      } else whole = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sourceFile);
  return whole ? undefined : taken;
}
