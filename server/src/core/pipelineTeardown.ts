import { Node, type Statement } from 'ts-morph';
import type { TextEdit } from './rule';

const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const TEARDOWN_EVENTS = new Set(['close', 'error', 'end']);

/**
 * Deletes the statements beside a rewrite to `pipeline(...)` that only tear its streams down:
 * `a.on('close', () => b.destroy())`, `a.on('error', (err) => { b.destroy(err); })`,
 * `a.on('end', () => b.end())`. pipeline() destroys every stream when one fails or closes early and
 * ends each destination when its source ends, so these would do the same thing a second time next
 * to the pipeline's callback. A handler that does anything else (logs, answers, counts) stays.
 *
 * `replaced`: the statements the rewrite replaces; `streams`: the texts of the pipeline's streams.
 * Only siblings of the first replaced statement are considered: the same block, so the same names.
 */
export function redundantTeardownEdits(replaced: readonly Statement[], streams: readonly string[], taken: readonly TextEdit[]): TextEdit[] {
  const first = replaced[0];
  const block = first?.getParent();
  if (!block || !(Node.isBlock(block) || Node.isSourceFile(block))) return [];
  const names = new Set(streams);
  const text = first.getSourceFile().getFullText();
  const edits: TextEdit[] = [];
  for (const statement of block.getStatements()) {
    if (replaced.includes(statement) || !onlyTearsDown(statement, names)) continue;
    const span = wholeLines(text, statement);
    if (!span || taken.some((e) => e.start < span.end && span.start < e.end)) continue;
    edits.push({ ...span, text: '' });
  }
  return edits;
}

function onlyTearsDown(statement: Statement, names: ReadonlySet<string>): boolean {
  if (!Node.isExpressionStatement(statement)) return false;
  const call = statement.getExpression();
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !LISTEN.has(callee.getName()) || !names.has(callee.getExpression().getText())) return false;
  const [event, handler] = call.getArguments();
  if (!event || !Node.isStringLiteral(event) || !TEARDOWN_EVENTS.has(event.getLiteralValue())) return false;
  if (!handler || !(Node.isArrowFunction(handler) || Node.isFunctionExpression(handler))) return false;
  // After 'end' the pipeline ends the destination; destroying it there would be a different program.
  const allowed = event.getLiteralValue() === 'end' ? new Set(['end']) : new Set(['destroy', 'end', 'destroySoon']);
  const params = handler.getParameters().map((p) => p.getName());
  const body = handler.getBody();
  const calls = Node.isBlock(body) ? body.getStatements().map((s) => (Node.isExpressionStatement(s) ? s.getExpression() : undefined)) : [body];
  return calls.length > 0 && calls.every((c) => c !== undefined && isTeardownCall(c, names, allowed, params));
}

/** `b.destroy()`, `b.destroy(err)` with the handler's own parameter, `b.end()`: on one of the pipeline's streams. */
function isTeardownCall(node: Node, names: ReadonlySet<string>, allowed: ReadonlySet<string>, params: readonly string[]): boolean {
  const call = Node.isParenthesizedExpression(node) ? node.getExpression() : node;
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !allowed.has(callee.getName()) || !names.has(callee.getExpression().getText())) return false;
  return call.getArguments().every((a) => Node.isIdentifier(a) && params.includes(a.getText()));
}

/** The whole lines of a statement with nothing else on them and no comment before it, else undefined. */
function wholeLines(text: string, statement: Statement): { start: number; end: number } | undefined {
  if (statement.getLeadingCommentRanges().length > 0 || /\/[/*]/.test(statement.getText())) return undefined;
  const start = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const nl = text.indexOf('\n', statement.getEnd());
  const end = nl === -1 ? text.length : nl + 1;
  if (text.slice(start, statement.getStart()).trim() !== '' || text.slice(statement.getEnd(), end).trim() !== '') return undefined;
  return { start, end };
}
