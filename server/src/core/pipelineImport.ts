import { Node, SyntaxKind, ts, type SourceFile, type Statement } from 'ts-morph';
import { moduleBindingOf, requiredModule, type ModuleBinding } from './analysis/modules';
import { insertAfterStatement, render, styleOf } from './fixBuilders';
import type { TextEdit } from './rule';
import { descendantsOfKind, isMemberName } from './analysis/descendants';

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
 * The expression that names `pipeline` of `node:stream` (or `node:stream/promises`) in this file:
 * an existing binding, a member of an existing module binding, or a new import. Undefined when the
 * name `pipeline` is taken by something else.
 */
export function pipelineCallee(sf: SourceFile, module: PipelineModule): PipelineCallee | undefined {
  let taken = false;
  let namespace: string | undefined;
  const bindingOf = bindingsBySymbol();
  for (const id of descendantsOfKind(sf, SyntaxKind.Identifier)) {
    // A member's name neither takes the name nor binds a namespace; skipping it spares a symbol query.
    if (isMemberName(id.compilerNode as ts.Identifier)) continue;
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
