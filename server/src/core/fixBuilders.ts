import { Node, SyntaxKind, type ArrowFunction, type Block, type FunctionExpression, type SourceFile, type Statement } from 'ts-morph';
import { eol, indentationAt, indentUnit, quoteOf, usesSemicolons } from './fixes';
import type { TextEdit } from './rule';

/** The code style of a file, so inserted code reads as if its author wrote it. */
export interface Style {
  eol: string;
  unit: string;
  semi: string;
  quote: string;
}

// Keyed by the compiler node: ts-morph keeps its SourceFile wrapper when a file is overwritten.
const styles = new WeakMap<object, Style>();

export function styleOf(sourceFile: SourceFile): Style {
  let style = styles.get(sourceFile.compilerNode);
  if (!style) {
    const text = sourceFile.getFullText();
    style = { eol: eol(text), unit: indentUnit(text), semi: usesSemicolons(text) ? ';' : '', quote: quoteOf(text) };
    styles.set(sourceFile.compilerNode, style);
  }
  return style;
}

/**
 * Renders template lines written with two-space indentation, `;` statement ends and `'` quotes
 * into the file's own style, each line prefixed with `baseIndent`.
 */
export function render(style: Style, baseIndent: string, lines: readonly string[]): string {
  return lines
    .map((line) => {
      const m = /^( *)([\s\S]*)$/.exec(line)!; // a line may hold multi-line source text
      let body = m[2];
      if (style.semi === '') body = body.replace(/;$/, '');
      if (style.quote === '"') body = body.replace(/'/g, '"');
      return baseIndent + style.unit.repeat(m[1].length / 2) + body;
    })
    .join(style.eol);
}

/** Inserts lines after a statement, at the statement's indentation. */
export function insertAfterStatement(statement: Statement | Node, lines: readonly string[]): TextEdit {
  const sf = statement.getSourceFile();
  const style = styleOf(sf);
  const text = sf.getFullText();
  const indent = indentationAt(text, statement.getStart());
  const at = afterTrailingComment(text, statement.getEnd());
  return { start: at, end: at, text: style.eol + render(style, indent, lines) };
}

/** Past a `// comment` (or one-line block comment) that ends the statement's line: it stays with the statement. */
function afterTrailingComment(text: string, end: number): number {
  const m = /^[ \t]*(\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/[ \t]*)(?=\r?\n|$)/.exec(text.slice(end));
  return m ? end + m[0].length : end;
}

export function isOneLine(node: Node): boolean {
  const sf = node.getSourceFile();
  return sf.getLineAndColumnAtPos(node.getStart()).line === sf.getLineAndColumnAtPos(node.getEnd()).line;
}

/** Whether a block holds comments that rewriting it would have to keep. */
export function hasComments(block: Block): boolean {
  return /\/[/*]/.test(block.getText().replace(/(['"`])(?:\\.|(?!\1).)*\1/g, ''));
}

/**
 * Rewrites a block written on one line (`{ a(); }` or `{}`) as one statement per line, with new
 * lines first, last or after the statement at index `where`: inserting into it in place would leave
 * code nobody writes by hand, and, in a file without semicolons, `}) a() }`, which does not parse.
 */
export function rewriteOneLineBlock(block: Block, lines: readonly string[], where: 'start' | 'end' | number): TextEdit {
  const sf = block.getSourceFile();
  const style = styleOf(sf);
  const indent = indentationAt(sf.getFullText(), block.getStart());
  const inner = indent + style.unit;
  const existing = block.getStatements().map((s) => inner + s.getText());
  const at = where === 'start' ? 0 : where === 'end' ? existing.length : where;
  const body = [...existing.slice(0, at), render(style, inner, lines), ...existing.slice(at)];
  return { start: block.getStart(), end: block.getEnd(), text: `{${style.eol}${body.join(style.eol)}${style.eol}${indent}}` };
}

/**
 * Inserts lines at the top of a function body (after `{`), one level deeper than the function. A
 * body written on one line is laid out one statement per line (none when it holds comments).
 */
export function insertAtBodyStart(body: Node, lines: readonly string[]): TextEdit | undefined {
  if (!Node.isBlock(body)) return undefined;
  if (isOneLine(body)) return hasComments(body) ? undefined : rewriteOneLineBlock(body, lines, 'start');
  const sf = body.getSourceFile();
  const style = styleOf(sf);
  const text = sf.getFullText();
  const first = body.getStatements()[0];
  const indent = first ? indentationAt(text, first.getStart()) : indentationAt(text, body.getStart()) + style.unit;
  const at = body.getStart() + 1;
  return { start: at, end: at, text: style.eol + render(style, indent, lines) };
}

/**
 * Inserts lines at the top of a function's body; an arrow's expression body (`() => cb(err)`)
 * becomes a block that runs the lines, then the expression as a statement.
 */
export function prependToFunction(fn: ArrowFunction | FunctionExpression, lines: readonly string[]): TextEdit | undefined {
  const body = fn.getBody();
  if (!body) return undefined;
  if (Node.isBlock(body)) return insertAtBodyStart(body, lines);
  const sf = fn.getSourceFile();
  const style = styleOf(sf);
  const statement = enclosingStatement(fn) ?? fn;
  const indent = indentationAt(sf.getFullText(), statement.getStart());
  const inner = indent + style.unit;
  // The expression is the author's text: kept as written, not re-rendered.
  const text = ['{', render(style, inner, lines), `${inner}${body.getText()}${style.semi}`, `${indent}}`].join(style.eol);
  return { start: body.getStart(), end: body.getEnd(), text };
}

/** Inserts lines at the end of a function body (before `}`); a one-line body is laid out one statement per line. */
export function insertAtBodyEnd(body: Node, lines: readonly string[]): TextEdit | undefined {
  if (!Node.isBlock(body)) return undefined;
  if (isOneLine(body)) return hasComments(body) ? undefined : rewriteOneLineBlock(body, lines, 'end');
  const sf = body.getSourceFile();
  const style = styleOf(sf);
  const text = sf.getFullText();
  const statements = body.getStatements();
  const last = statements[statements.length - 1];
  if (!last) return insertAtBodyStart(body, lines);
  const indent = indentationAt(text, last.getStart());
  return { start: last.getEnd(), end: last.getEnd(), text: style.eol + render(style, indent, lines) };
}

/**
 * Appends a call (`text` starts with `.`) to the chain that ends at `node`. When the chain is
 * written one call per line, the new call gets its own line at the chain's indentation.
 */
export function appendToChain(node: Node, text: string): TextEdit {
  const sf = node.getSourceFile();
  const indent = chainIndent(node);
  const end = node.getEnd();
  return { start: end, end, text: indent === undefined ? text : styleOf(sf).eol + indent + text };
}

/** The indentation of a chain's calls when a `.` of it (the one after `node`, or the one `node` is called through) starts a line. */
function chainIndent(node: Node): string | undefined {
  const accesses: Node[] = [];
  const parent = node.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) accesses.push(parent);
  if (Node.isCallExpression(node) && Node.isPropertyAccessExpression(node.getExpression())) accesses.push(node.getExpression());
  const text = node.getSourceFile().getFullText();
  for (const access of accesses) {
    const dot = access.getFirstChildByKind(SyntaxKind.DotToken) ?? access.getFirstChildByKind(SyntaxKind.QuestionDotToken);
    if (!dot) continue;
    const lineStart = text.lastIndexOf('\n', dot.getStart() - 1) + 1;
    if (/^[ \t]*$/.test(text.slice(lineStart, dot.getStart()))) return indentationAt(text, dot.getStart());
  }
  return undefined;
}

/** The statement that contains a node (the node itself when it is one). */
export function enclosingStatement(node: Node): Statement | undefined {
  for (let n: Node | undefined = node; n; n = n.getParent()) {
    const parent = n.getParent();
    if (
      parent &&
      (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent) || Node.isModuleBlock(parent))
    ) {
      return n as Statement;
    }
  }
  return undefined;
}
