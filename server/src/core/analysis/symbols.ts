import { Node, type Symbol as MorphSymbol } from 'ts-morph';

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

/** The symbol a node names (a shorthand property's value, not the property), or undefined. */
export function symbolOf(node: Node): MorphSymbol | undefined {
  try {
    const parent = node.getParent();
    if (parent && Node.isShorthandPropertyAssignment(parent)) return parent.getValueSymbol?.() ?? node.getSymbol();
    return node.getSymbol();
  } catch {
    return undefined;
  }
}
