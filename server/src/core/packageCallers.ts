import * as path from 'node:path';
import { Node, Project, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import { descendantsOfKind, type FunctionLike } from './analysis';
import { escapeRegExp } from './escapeRegExp';
import { SOURCE_FILE, packageSourceFiles, readText } from './packageFiles';
import { packageOf } from './testFiles';

/** Larger files (bundles, generated code) are not read for callers. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The calls of an exported function from the other files of its package that load its module
 * (`const agentFactory = require('../helpers/agent-factory'); agentFactory(proxy)`, `import`, and
 * compiled forms: `(0, dispatcher_1.createDispatcher)(n)`). The files are read from disk and
 * parsed alone, outside the checked program (which holds a file's imports, not its importers):
 * syntax and local names only, each call given to `judge` while its file is at hand. The number
 * of calls and whether `judge` held for all; undefined when the function is not exported in a
 * form this reads, the file has no package, or the package is too large to read.
 */
export function callsFromPackage(fn: FunctionLike, judge: (call: CallExpression) => boolean): { calls: number; all: boolean } | undefined {
  const home = fn.getSourceFile().getFilePath();
  const exported = exportNameOf(fn);
  const pkg = exported === undefined ? undefined : packageOf(home);
  const files = pkg && packageSourceFiles(pkg.root);
  if (!files || exported === undefined) return undefined;
  const stem = path.basename(home).replace(SOURCE_FILE, '');
  const hint = stem === 'index' ? path.basename(path.dirname(home)) : stem;
  // A relative specifier that can name the file: `'../helpers/agent-factory'`, `"./dispatcher.js"`, an index by its folder.
  const names = new RegExp(String.raw`['"\`](\.\.?/(?:[^'"\`\n]*/)?${escapeRegExp(hint)}(?:\.[cm]?[jt]sx?)?(?:/(?:index(?:\.[cm]?[jt]sx?)?)?)?)['"\`]`, 'g');
  let calls = 0;
  for (const file of files) {
    if (file === home || file.endsWith('.d.ts')) continue;
    const text = readText(file, MAX_FILE_BYTES);
    if (text === undefined || !text.includes(hint)) continue;
    // Parsed only when one of its specifiers resolves to the file.
    if (![...text.matchAll(names)].some((m) => resolvesTo(path.dirname(file), m[1], home))) continue;
    const parsed = parse(file, text);
    for (const name of bindingsOf(parsed, home)) {
      for (const call of callsThrough(parsed, name, exported)) {
        calls++;
        if (!judge(call)) return { calls, all: false };
      }
    }
  }
  return { calls, all: true };
}

/** How `fn` is exported from its file: 'default' for the module itself, else the export's name. */
function exportNameOf(fn: FunctionLike): string | undefined {
  if (Node.isFunctionDeclaration(fn) && fn.isExported()) return fn.isDefaultExport() ? 'default' : fn.getName();
  const holder = fn.getParent();
  if (holder && Node.isBinaryExpression(holder) && holder.getRight() === fn) return exportTarget(holder.getLeft().getText());
  if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === fn) {
    if (holder.getVariableStatement()?.isExported()) return holder.getName();
    // `const createDispatcher = …; exports.createDispatcher = createDispatcher;`
    for (const assignment of descendantsOfKind(fn.getSourceFile(), SyntaxKind.BinaryExpression)) {
      if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || assignment.getRight().getText() !== holder.getName()) continue;
      const target = exportTarget(assignment.getLeft().getText());
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

/** `module.exports` → 'default'; `exports.f` / `module.exports.f` → 'f'. */
function exportTarget(left: string): string | undefined {
  if (left === 'module.exports') return 'default';
  return /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left)?.[1];
}

/** Local names a file binds to the module at `home`: `const x = require('./home')` (also through interop helpers), `import x from './home'`. */
function bindingsOf(file: SourceFile, home: string): string[] {
  const names: string[] = [];
  const dir = path.dirname(file.getFilePath());
  for (const decl of descendantsOfKind(file, SyntaxKind.VariableDeclaration)) {
    let init: Node | undefined = decl.getInitializer();
    // `__importDefault(require('./x'))`, `_interopRequireDefault(require('./x'))`
    while (init && Node.isCallExpression(init) && init.getArguments().length === 1 && !isRequire(init)) init = init.getArguments()[0];
    const spec = init && isRequire(init) ? (init as CallExpression).getArguments()[0] : undefined;
    if (spec && Node.isStringLiteral(spec) && resolvesTo(dir, spec.getLiteralValue(), home) && Node.isIdentifier(decl.getNameNode()))
      names.push(decl.getName());
  }
  for (const imp of file.getImportDeclarations()) {
    if (!resolvesTo(dir, imp.getModuleSpecifierValue(), home)) continue;
    const local = imp.getDefaultImport() ?? imp.getNamespaceImport();
    if (local) names.push(local.getText());
  }
  return names;
}

function isRequire(node: Node): boolean {
  return Node.isCallExpression(node) && node.getExpression().getText() === 'require' && node.getArguments().length === 1;
}

/** Calls of the export through a binding: `x(…)` for the module itself, `x.f(…)`, `x.default(…)`, `(0, x.f)(…)`. */
function callsThrough(file: SourceFile, name: string, exported: string): CallExpression[] {
  return descendantsOfKind(file, SyntaxKind.CallExpression).filter((call) => {
    let callee: Node = call.getExpression();
    while (Node.isParenthesizedExpression(callee)) callee = callee.getExpression();
    if (Node.isBinaryExpression(callee) && callee.getOperatorToken().getKind() === SyntaxKind.CommaToken) callee = callee.getRight();
    if (Node.isIdentifier(callee)) return exported === 'default' && callee.getText() === name;
    return Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === name && callee.getName() === exported;
  });
}

/** Whether a module specifier of a file in `dir` names `home`: the file, with an extension, or its folder's index. */
function resolvesTo(dir: string, specifier: string, home: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const base = path.resolve(dir, specifier);
  return [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}.ts`, path.join(base, 'index.js'), path.join(base, 'index.ts')].includes(home);
}

/** A parser for files read from disk: one in-memory project, each file replacing the last. */
let parser: Project | undefined;
function parse(file: string, text: string): SourceFile {
  parser ??= new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true, noLib: true } });
  for (const old of parser.getSourceFiles()) if (old.getFilePath() !== file) parser.removeSourceFile(old);
  return parser.createSourceFile(file, text, { overwrite: true });
}
