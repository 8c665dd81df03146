import { Node, SyntaxKind, ts, type SourceFile, type Statement } from 'ts-morph';
import { moduleBindingOf, requiredModule, type ModuleBinding } from './analysis/modules';
import { insertAfterStatement, render, styleOf } from './fixBuilders';
import type { TextEdit } from './rule';
import { descendantsOfKind } from './analysis/descendants';

export type PipelineModule = 'stream' | 'stream/promises';

/** How a fix can call `pipeline`: the callee text and the edits (an import) that make it available. */
export interface PipelineCallee {
  callee: string;
  edits: TextEdit[];
}

function isModuleImport(statement: Statement): boolean {
  if (Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement)) return true;
  if (!Node.isVariableStatement(statement)) return false;
  return statement.getDeclarations().some((d) => {
    const init = d.getInitializer();
    return (
      requiredModule(init) !== undefined || (init !== undefined && Node.isPropertyAccessExpression(init) && requiredModule(init.getExpression()) !== undefined)
    );
  });
}

function usesEsm(sf: SourceFile): boolean {
  if (sf.getImportDeclarations().length > 0) return true;
  if (/\.(mjs|mts)$/.test(sf.getFilePath())) return true;
  if (/\.(cjs|cts)$/.test(sf.getFilePath())) return false;
  return /\.tsx?$/.test(sf.getFilePath()) && !/\brequire\s*\(/.test(sf.getFullText());
}

/**
 * moduleBindingOf, asked once per symbol: a binding is a function of the declarations an identifier
 * names (of its text when it names none), and a file's every reference to a variable would
 * otherwise follow the variable's assignments again, typing each use of the name.
 */
function bindingsBySymbol(): (id: Node) => ModuleBinding | undefined {
  const bindings = new Map<unknown, ModuleBinding | undefined>();
  return (id) => {
    const key = bindingKey(id);
    if (bindings.has(key)) return bindings.get(key);
    const binding = moduleBindingOf(id);
    bindings.set(key, binding);
    return binding;
  };
}

/** What moduleBindingOf reads of an identifier: its symbol when it has declarations (as declarationsOf), else its text. */
function bindingKey(id: Node): unknown {
  try {
    const symbol = id.getSymbol();
    if (symbol && symbol.getDeclarations().length > 0) return symbol.compilerSymbol;
  } catch {
    // declarationsOf reads no declarations either.
  }
  return `text:${id.getText()}`;
}

/**
 * A name that is a member of something (`o.pipeline`, `{ pipeline: 1 }`, a method, the imported
 * side of `import { pipeline as p }`, the exported side of `export { p as pipeline }`): it neither
 * takes the file's name nor binds a namespace the fix could call bare. Skipping these also spares
 * the checker a symbol query per property name.
 */
function isMemberName(id: Node): boolean {
  const node = id.compilerNode;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  if (ts.isBindingElement(parent) || ts.isImportSpecifier(parent)) return parent.propertyName === node;
  // `export { local as exported }`: the exported name is the member.
  if (ts.isExportSpecifier(parent)) return parent.propertyName !== undefined && parent.name === node;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isJsxAttribute(parent)
  )
    return parent.name === node;
  return false;
}

/**
 * The expression that names `pipeline` of `node:stream` (or `node:stream/promises`) in this file:
 * an existing binding, a member of an existing module binding, or a new import. Undefined when the
 * name `pipeline` is taken by something else.
 */
export function pipelineCallee(sf: SourceFile, module: PipelineModule): PipelineCallee | undefined {
  let taken = false;
  let namespace: string | undefined;
  const bindingOf = bindingsBySymbol();
  for (const id of descendantsOfKind(sf, SyntaxKind.Identifier)) {
    if (isMemberName(id)) continue;
    const named = id.getText() === 'pipeline';
    // Once a namespace is chosen only a `pipeline` binding can change the answer.
    if (namespace && !named) continue;
    const binding = bindingOf(id);
    if (named) {
      if (binding?.module === module && binding.member === 'pipeline') return { callee: 'pipeline', edits: [] };
      taken = true;
    }
    if (binding && binding.member === undefined && !namespace) {
      if (binding.module === module) namespace = `${id.getText()}.pipeline`;
      else if (binding.module === 'stream' && module === 'stream/promises') namespace = `${id.getText()}.promises.pipeline`;
    }
  }
  if (namespace) return { callee: namespace, edits: [] };
  if (taken) return undefined;
  const statements = sf.getStatements();
  const imports = statements.filter(isModuleImport);
  const line = usesEsm(sf) ? `import { pipeline } from 'node:${module}';` : `const { pipeline } = require('node:${module}');`;
  const last = imports[imports.length - 1];
  if (last) return { callee: 'pipeline', edits: [insertAfterStatement(last, [line])] };
  const first = statements[0];
  const style = styleOf(sf);
  const at = first ? first.getStart() : sf.getEnd();
  return { callee: 'pipeline', edits: [{ start: at, end: at, text: render(style, '', [line]) + style.eol }] };
}
