import * as path from 'node:path';
import { Node, SyntaxKind, type NewExpression } from 'ts-morph';
import { constructorSourceOf, type ConstructorLike } from './constructors';
import { descendantsOfKind } from './descendants';
import { FileAnalysis } from './fileAnalysis';
import { resolveFunction, returnedExpressions } from './functions';
import { escapeRegExp } from '../escapeRegExp';

/**
 * The `new C(…)` expressions, in any file the program holds, that construct the class or ES5
 * constructor `ctor` (found through each file's own import of it, compiled forms included:
 * `new _readQueue2.default(conn)`). Only files that name `ctor`'s module are read. Empty when
 * none is found: a library's class whose users are elsewhere.
 */
export function constructionsOf(ctor: ConstructorLike): NewExpression[] {
  const home = ctor.getSourceFile();
  // A bundler's `var Client = class Client { … }` is named too.
  const name = Node.isClassDeclaration(ctor) || Node.isFunctionDeclaration(ctor) || Node.isClassExpression(ctor) ? ctor.getName() : undefined;
  const imports = importSpecifierPattern(home.getFilePath());
  const found: NewExpression[] = [];
  for (const file of home.getProject().getSourceFiles()) {
    if (file.isDeclarationFile()) continue;
    const text = file.getFullText();
    if (file !== home && !imports.test(text)) continue;
    if (file === home && (!name || !text.includes(`new ${name}`))) continue;
    for (const expr of descendantsOfKind(file, SyntaxKind.NewExpression)) {
      const made = constructorSourceOf(expr.getExpression());
      if (made && made.getSourceFile().getFilePath() === home.getFilePath() && made.getStart() === ctor.getStart()) found.push(expr);
    }
  }
  return found;
}

/**
 * A quoted module specifier that can name the file: `'./read-queue'`, `"../lib/read-queue.js"`, or
 * for an index file its folder (`'./transport'`). A cheap test before any file is walked.
 */
function importSpecifierPattern(filePath: string): RegExp {
  const stem = path.basename(filePath).replace(/\.[cm]?[jt]sx?$/, '');
  const name = stem === 'index' ? path.basename(path.dirname(filePath)) : stem;
  const escaped = escapeRegExp(name);
  return new RegExp(`['"\`][^'"\`\\n]*\\b${escaped}(?:\\.[cm]?[jt]sx?)?(?:/index(?:\\.[cm]?[jt]sx?)?)?['"\`]`);
}

/**
 * Whether every construction of `ctor` found in the program hands it, at `index`, a value its own
 * code listens to for `'error'` (beanstalkd's client adds `connection.on('error', …)` before `new
 * ReadQueue(connection)`); false when none is found.
 */
export function everyConstructionListensForErrors(ctor: ConstructorLike, index: number): boolean {
  const sites = constructionsOf(ctor);
  return (
    sites.length > 0 &&
    sites.every((site) => {
      const arg = site.getArguments()[index];
      if (!arg) return false;
      // Built for this question only: a kept analysis would hold an earlier program's nodes and symbols.
      const analysis = new FileAnalysis(site.getSourceFile());
      // A tracked value (`this.connection`), or what the file does with the expression (a callback's `socket`).
      return analysis.handlesErrors(analysis.valueOf(arg) ?? analysis.probe(arg)) || returnedListenedTo(analysis, arg);
    })
  );
}

/**
 * Whether `arg` is what a same-file function returned, listened to for 'error' there before it
 * was returned: `const { ws } = await authenticate(params)` where `authenticate` adds
 * `ws.on('error', …)` and returns `{ ws, owner }` (openclaw's relay owner client).
 */
function returnedListenedTo(analysis: FileAnalysis, arg: Node): boolean {
  if (!Node.isIdentifier(arg)) return false;
  const decl = arg.getSymbol()?.getDeclarations()[0];
  const element = decl && Node.isBindingElement(decl) ? decl : undefined;
  const variable = element ? element.getFirstAncestorByKind(SyntaxKind.VariableDeclaration) : decl;
  if (!variable || !Node.isVariableDeclaration(variable) || variable.getSourceFile() !== arg.getSourceFile()) return false;
  // Only `{ ws }` straight from the returned object (not a nested pattern) or the whole value.
  if (element && element.getParent()?.getParent() !== variable) return false;
  let init = variable.getInitializer();
  while (init && (Node.isAwaitExpression(init) || Node.isParenthesizedExpression(init))) init = init.getExpression();
  if (!init || !Node.isCallExpression(init)) return false;
  const fn = resolveFunction(init.getExpression());
  if (!fn) return false;
  const key = element ? (element.getPropertyNameNode()?.getText() ?? element.getName()) : undefined;
  const returned = returnedExpressions(fn).map((r) => (key === undefined ? r : propertyOf(r, key)));
  return returned.length > 0 && returned.every((r) => r !== undefined && analysis.handlesErrors(analysis.valueOf(r) ?? analysis.probe(r)));
}

/** The value an object literal gives a property (`{ ws }`, `{ ws: socket }`), or undefined. */
function propertyOf(expr: Node, key: string): Node | undefined {
  if (!Node.isObjectLiteralExpression(expr)) return undefined;
  const prop = expr.getProperty(key);
  if (prop && Node.isShorthandPropertyAssignment(prop)) return prop.getNameNode();
  if (prop && Node.isPropertyAssignment(prop)) return prop.getInitializer();
  return undefined;
}
