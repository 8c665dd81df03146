import { ts, type KindToNodeMappings, type Node, type SyntaxKind } from 'ts-morph';

/**
 * Descendants of one kind, found by walking the compiler's tree and wrapping only the matches.
 * ts-morph's getDescendantsOfKind wraps every node and token on the way, which takes a minute
 * and gigabytes on a 5 MB generated file.
 */
export function descendantsOfKind<K extends SyntaxKind>(node: Node, kind: K): Array<KindToNodeMappings[K]> {
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === kind) found.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node.compilerNode, visit);
  return found.map((n) => wrap(node, n) as KindToNodeMappings[K]);
}

/** Identifiers of a file by name, as compiler nodes (wrapped on demand with `wrap`). */
export function identifierIndex(node: Node): Map<string, ts.Identifier[]> {
  const index = new Map<string, ts.Identifier[]>();
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.Identifier) {
      const name = (n as ts.Identifier).text;
      const list = index.get(name);
      if (list) list.push(n as ts.Identifier);
      else index.set(name, [n as ts.Identifier]);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node.compilerNode, visit);
  return index;
}

/** The ts-morph wrapper of a compiler node of the same file (cached by ts-morph: same instance each time). */
export function wrap(anyNodeOfFile: Node, compilerNode: ts.Node): Node {
  return (anyNodeOfFile as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(compilerNode);
}
