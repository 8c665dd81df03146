import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import {
  Node,
  Project,
  SyntaxKind,
  type ClassDeclaration,
  type ClassExpression,
  type FunctionDeclaration,
  type FunctionExpression,
  type SourceFile,
} from 'ts-morph';
import { commonJsExport } from './frameworks';
import { moduleBindingOf, moduleMemberOf } from './modules';
import { declarationsOf } from './symbols';

export type ConstructorLike = ClassDeclaration | ClassExpression | FunctionDeclaration | FunctionExpression;

function isConstructorLike(node: Node): node is ConstructorLike {
  return Node.isClassDeclaration(node) || Node.isClassExpression(node) || Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node);
}

/**
 * The class (or constructor function) a `new X(…)` / `X(…)` callee names, when its source can be
 * read: this file, another file of the project, or another file of the package being checked
 * (`const DataStream = require('./data-stream')`, `import { X } from './x'`). The checker follows
 * the import when the program holds the file; otherwise (a file the program left out, such as a
 * package's JavaScript under node_modules) a relative `require`/`import` is read from disk and the
 * export found by its syntax. Classes known only from a declaration file (Node's own) are not:
 * their code is not there to read; a declaration a relative import resolves to (a compiled
 * package's `x.d.ts` beside `x.js`) is read through the JavaScript beside it.
 */
export function constructorSourceOf(callee: Node): ConstructorLike | undefined {
  let found: ConstructorLike[] = declarationsOf(callee).filter(isConstructorLike);
  if (found.length === 0) {
    try {
      found = (callee.getType().getSymbol()?.getDeclarations() ?? []).filter(isConstructorLike);
    } catch {
      found = [];
    }
  }
  // A compiled package ships `x.d.ts` beside `x.js`, and the import resolves to the declaration: read the code.
  if (found.length === 0 || found.every((d) => d.getSourceFile().isDeclarationFile())) return importedFromRelativeFile(callee);
  const [decl] = found;
  return found.length === 1 && !decl.getSourceFile().isDeclarationFile() ? decl : undefined;
}

/**
 * `require('./x')`, `require('./x').X`, `const { X } = require('./x')`, `import X from './x'`, and
 * compiled imports (`new _x.default(…)`, `new x_1.X(…)`): the export, read from the file.
 */
function importedFromRelativeFile(callee: Node): ConstructorLike | undefined {
  const binding = calleeBinding(callee);
  if (!binding || !binding.module.startsWith('.')) return undefined;
  const file = readModule(path.resolve(path.dirname(callee.getSourceFile().getFilePath()), binding.module), callee.getSourceFile());
  return file && exportedConstructor(file, binding.member ?? 'default');
}

/**
 * The class or function an installed package exports (`require('bl')`, `const { Tracer } =
 * require('chrome-trace-event')`), read from its files under the nearest `node_modules` that holds
 * it (its `main`, or its index). Asked only where a package's own stream code decides a finding.
 */
export function installedConstructorSourceOf(callee: Node): ConstructorLike | undefined {
  const binding = calleeBinding(callee);
  if (!binding || binding.module.startsWith('.') || path.isAbsolute(binding.module) || isBuiltin(binding.module)) return undefined;
  const from = callee.getSourceFile();
  for (let dir = path.dirname(from.getFilePath()); ; dir = path.dirname(dir)) {
    const target = path.join(dir, 'node_modules', binding.module);
    if (fs.existsSync(target) || resolveModulePath(target) !== undefined) {
      const file = readModule(target, from);
      return file && exportedConstructor(file, binding.member ?? 'default');
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The module (and member) a callee names: `X` of `const X = require('x')`, `x_1.X`. */
function calleeBinding(callee: Node): ReturnType<typeof moduleBindingOf> {
  return Node.isIdentifier(callee) ? moduleBindingOf(callee) : Node.isPropertyAccessExpression(callee) ? moduleMemberOf(callee) : undefined;
}

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];

/** The file a relative specifier names: with or without its extension, a folder's index or its package.json `main`. */
export function resolveModulePath(target: string, depth = 0): string | undefined {
  for (const ext of EXTENSIONS) {
    const candidate = target + ext;
    if (isFile(candidate)) return candidate;
  }
  // TypeScript's `import './x.js'` of x.ts
  if (/\.js$/.test(target) && isFile(target.replace(/\.js$/, '.ts'))) return target.replace(/\.js$/, '.ts');
  if (depth > 0) return undefined;
  try {
    const main = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')).main;
    if (typeof main === 'string') {
      const resolved = resolveModulePath(path.resolve(target, main), depth + 1);
      if (resolved) return resolved;
    }
  } catch {
    // no package.json: an index file
  }
  for (const ext of EXTENSIONS.slice(1)) {
    const candidate = path.join(target, `index${ext}`);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Files read for their syntax only, by path and modification time; never part of a program. */
const syntaxOnly = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noResolve: true, noLib: true } });
const readAt = new Map<string, number>();

/** A module's source: the project's own copy (an editor's unsaved text) when it holds one, else read from disk. */
function readModule(target: string, from: SourceFile): SourceFile | undefined {
  const file = resolveModulePath(target);
  if (!file || file === from.getFilePath()) return undefined;
  const held = from.getProject().getSourceFile(file);
  if (held) return held;
  try {
    const mtime = fs.statSync(file).mtimeMs;
    const cached = syntaxOnly.getSourceFile(file);
    if (cached && readAt.get(file) === mtime) return cached;
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 1_000_000) return undefined;
    readAt.set(file, mtime);
    return syntaxOnly.createSourceFile(file, text, { overwrite: true });
  } catch {
    return undefined;
  }
}

/** What a module exports as `name` (`default`: `module.exports = X`, `export default X`), when it is a class or function of that file. */
function exportedConstructor(file: SourceFile, name: string): ConstructorLike | undefined {
  const local = (expr: Node | undefined): ConstructorLike | undefined => {
    if (!expr) return undefined;
    if (isConstructorLike(expr)) return expr;
    if (!Node.isIdentifier(expr)) return undefined;
    const id = expr.getText();
    // Babel's `var _default = MessageIO; exports.default = _default;`
    const alias = file.getVariableDeclaration(id)?.getInitializer();
    return file.getClass(id) ?? file.getFunction(id) ?? (alias && Node.isIdentifier(alias) && alias.getText() !== id ? local(alias) : undefined);
  };
  for (const statement of file.getStatements()) {
    if ((Node.isClassDeclaration(statement) || Node.isFunctionDeclaration(statement)) && statement.isExported()) {
      if (name === 'default' ? statement.isDefaultExport() : statement.getName() === name) return statement;
    }
    if (Node.isExportAssignment(statement) && name === 'default') return local(statement.getExpression());
    if (!Node.isExpressionStatement(statement)) continue;
    const assignment = statement.getExpression();
    if (!Node.isBinaryExpression(assignment) || assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    // (Babel first writes `exports.default = void 0;`: the export is the assignment that names a constructor.)
    const exported = commonJsExport(assignment.getLeft()) === name ? local(assignment.getRight()) : undefined;
    if (exported) return exported;
  }
  return undefined;
}
