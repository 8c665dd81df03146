import type { Node } from 'ts-morph';

/**
 * The declarations of the symbol a node names, or none. The checker can throw on code being
 * typed (an import clause without its specifier yet): every lookup goes through here.
 */
export function declarationsOf(node: Node): Node[] {
  try {
    return node.getSymbol()?.getDeclarations() ?? [];
  } catch {
    return [];
  }
}
