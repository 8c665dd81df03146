import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { descendantsOfKind, moduleBindingOf } from './analysis';
import { requiredModule } from './analysis/modules';

/** Packages that open a URL in the user's browser. */
const BROWSER_OPENERS = new Set(['open', 'opn', 'opener', 'better-opn', 'open-browser']);

/**
 * Whether the file opens the user's browser (`opn(url)`, `require('open')(url)`, `await
 * import('open')`): a program a person runs at this machine and looks at (a dev server, a local
 * documentation browser). Its servers are reached by that browser, not through a proxy.
 */
export function opensBrowser(sourceFile: SourceFile): boolean {
  return descendantsOfKind(sourceFile, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    if (Node.isIdentifier(callee)) {
      const binding = moduleBindingOf(callee);
      return binding !== undefined && binding.member === undefined && BROWSER_OPENERS.has(binding.module);
    }
    const inner = Node.isParenthesizedExpression(callee) ? callee.getExpression() : callee;
    if (Node.isCallExpression(inner)) return BROWSER_OPENERS.has(requiredModule(inner) ?? '');
    // `import('open')`: the module is loaded to be called.
    return callee.getKind() === SyntaxKind.ImportKeyword && BROWSER_OPENERS.has(literalArgument(call) ?? '');
  });
}

function literalArgument(call: Node & { getArguments(): Node[] }): string | undefined {
  const [arg] = call.getArguments();
  return arg && Node.isStringLiteral(arg) ? arg.getLiteralValue() : undefined;
}
