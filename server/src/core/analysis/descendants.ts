import { ts, type KindToNodeMappings, type Node, type SyntaxKind } from 'ts-morph';

/**
 * Every node of a file by kind, from one walk of the compiler's tree (in source order): every later
 * query of any kind is a lookup, not another walk (the analysis asks for a dozen kinds per file).
 */
interface FileIndex {
  byKind: Map<ts.SyntaxKind, ts.Node[]>;
  /** Whether each list is in start order (the tree walk visits children in source order). */
  ordered: boolean;
  identifiersByName?: Map<string, ts.Identifier[]>;
  stringLiterals?: Set<string>;
}

/** Keyed by the compiler's SourceFile: an edited file is a new object, so an index never goes stale. */
const indexes = new WeakMap<ts.SourceFile, FileIndex>();

function indexOf(sourceFile: ts.SourceFile): FileIndex {
  let index = indexes.get(sourceFile);
  if (!index) {
    const byKind = new Map<ts.SyntaxKind, ts.Node[]>();
    let ordered = true;
    let lastPos = -1;
    const visit = (n: ts.Node): void => {
      if (n.pos < lastPos) ordered = false;
      lastPos = n.pos;
      const list = byKind.get(n.kind);
      if (list) list.push(n);
      else byKind.set(n.kind, [n]);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(sourceFile, visit);
    index = { byKind, ordered };
    indexes.set(sourceFile, index);
  }
  return index;
}

function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The compiler nodes of one kind strictly inside `node`, in source order. */
function compilerDescendants(node: ts.Node, kind: ts.SyntaxKind): ts.Node[] {
  const sourceFile = node.getSourceFile();
  if (!sourceFile) {
    const found: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      if (n.kind === kind) found.push(n);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node, visit);
    return found;
  }
  const { byKind, ordered } = indexOf(sourceFile);
  const all = byKind.get(kind) ?? [];
  if (node === sourceFile) return all;
  if (!ordered) return all.filter((n) => isAncestor(node, n));
  // Source order is start order, so a node's descendants are a run starting at its own start.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].pos < node.pos) lo = mid + 1;
    else hi = mid;
  }
  const found: ts.Node[] = [];
  for (let i = lo; i < all.length && all[i].pos <= node.end; i++) {
    const n = all[i];
    if (n === node || n.end > node.end) continue;
    // Same range as the node, or empty (parser recovery) and maybe a neighbour's: ask the tree.
    if ((n.pos === node.pos && n.end === node.end) || n.pos === n.end) {
      if (isAncestor(node, n)) found.push(n);
    } else found.push(n);
  }
  return found;
}

/**
 * Descendants of one kind, found in the file's index and wrapped only when asked for.
 * ts-morph's getDescendantsOfKind wraps every node and token on the way, which takes a minute
 * and gigabytes on a 5 MB generated file.
 */
export function descendantsOfKind<K extends SyntaxKind>(node: Node, kind: K): Array<KindToNodeMappings[K]> {
  return compilerDescendants(node.compilerNode, kind).map((n) => wrap(node, n) as KindToNodeMappings[K]);
}

/** Whether a callee's last name may be one of `names` (a callee of another shape may be anything). */
function mayBeNamed(callee: ts.Expression, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(callee)) return names.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) return names.has(callee.name.text);
  if (ts.isParenthesizedExpression(callee)) return mayBeNamed(callee.expression, names);
  return true;
}

/**
 * Calls (or `new` expressions) inside `node` whose callee's last name may be one of `names`:
 * `x.pipe(…)` for "pipe". Filtered before wrapping: most calls of a file are never wrapped.
 * Callers still check the callee: a callee that is not a plain name is kept.
 */
export function callsNamed<K extends SyntaxKind.CallExpression | SyntaxKind.NewExpression>(
  node: Node,
  kind: K,
  names: ReadonlySet<string>,
): Array<KindToNodeMappings[K]> {
  const found: Array<KindToNodeMappings[K]> = [];
  for (const n of compilerDescendants(node.compilerNode, kind)) {
    if (mayBeNamed((n as ts.CallExpression | ts.NewExpression).expression, names)) found.push(wrap(node, n) as KindToNodeMappings[K]);
  }
  return found;
}

/** The file's identifiers named `name`, wrapped (only those `keep` accepts, tested before wrapping). */
export function identifiersNamed(node: Node, name: string, keep?: (id: ts.Identifier) => boolean): Node[] {
  const sourceFile = node.compilerNode.getSourceFile();
  const index = indexOf(sourceFile);
  if (!index.identifiersByName) {
    index.identifiersByName = new Map();
    for (const id of (index.byKind.get(ts.SyntaxKind.Identifier) ?? []) as ts.Identifier[]) {
      const list = index.identifiersByName.get(id.text);
      if (list) list.push(id);
      else index.identifiersByName.set(id.text, [id]);
    }
  }
  const named = index.identifiersByName.get(name) ?? [];
  return (keep ? named.filter(keep) : named).map((id) => wrap(node, id));
}

/** Descendants of one kind that `keep` accepts, tested on the compiler's nodes before any is wrapped. */
export function descendantsOfKindWhere<K extends SyntaxKind>(
  node: Node,
  kind: K,
  keep: (n: KindToNodeMappings[K]['compilerNode']) => boolean,
): Array<KindToNodeMappings[K]> {
  const found: Array<KindToNodeMappings[K]> = [];
  for (const n of compilerDescendants(node.compilerNode, kind)) {
    if (keep(n as KindToNodeMappings[K]['compilerNode'])) found.push(wrap(node, n) as KindToNodeMappings[K]);
  }
  return found;
}

/** Whether the node's file has a string literal with exactly this text (a quoted member name: `{ 'send': … }`). */
export function hasStringLiteral(node: Node, text: string): boolean {
  const index = indexOf(node.compilerNode.getSourceFile());
  index.stringLiterals ??= new Set(((index.byKind.get(ts.SyntaxKind.StringLiteral) ?? []) as ts.StringLiteral[]).map((n) => n.text));
  return index.stringLiterals.has(text);
}

/** The names of all identifiers in the node's file. */
export function identifierNames(node: Node): Set<string> {
  return new Set(((indexOf(node.compilerNode.getSourceFile()).byKind.get(ts.SyntaxKind.Identifier) ?? []) as ts.Identifier[]).map((id) => id.text));
}

/** The ts-morph wrapper of a compiler node of the same file (cached by ts-morph: same instance each time). */
export function wrap(anyNodeOfFile: Node, compilerNode: ts.Node): Node {
  return (anyNodeOfFile as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(compilerNode);
}

/** The file's property accesses whose name is one of `names`, wrapped. */
export function propertyAccessesNamedIn(node: Node, names: ReadonlySet<string>): Node[] {
  const sourceFile = node.compilerNode.getSourceFile();
  const found: Node[] = [];
  for (const n of (indexOf(sourceFile).byKind.get(ts.SyntaxKind.PropertyAccessExpression) ?? []) as ts.PropertyAccessExpression[]) {
    if (names.has(n.name.text)) found.push(wrap(node, n));
  }
  return found;
}

/** The file's property accesses whose property is named `name` (`this.socket`, `conn.socket`), wrapped. */
export function propertyAccessesNamed(node: Node, name: string): Node[] {
  const sourceFile = node.compilerNode.getSourceFile();
  const found: Node[] = [];
  for (const n of (indexOf(sourceFile).byKind.get(ts.SyntaxKind.PropertyAccessExpression) ?? []) as ts.PropertyAccessExpression[]) {
    if (n.name.text === name) found.push(wrap(node, n));
  }
  return found;
}

/**
 * A name that is a member of something (`o.pipeline`, `{ pipeline: 1 }`, a method, the imported
 * side of `import { pipeline as p }`, the exported side of `export { p as pipeline }`): never a
 * local binding, so never a reference to a variable of the file.
 */
export function isMemberName(node: ts.Identifier): boolean {
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
