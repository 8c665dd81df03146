/**
 * `socklint-disable-next-line <id>[, <id>] -- reason`, `socklint-disable-line <id>`, and
 * `/* socklint-disable <id> *\/` before the first statement of a file. No id means every rule.
 */
export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** Rule ids; empty means all rules. */
  ruleIds: string[];
  /** 1-based line the directive applies to (0 for the whole file). */
  targetLine: number;
  /** 1-based line the comment sits on. */
  line: number;
  start: number;
  end: number;
}

const DIRECTIVE = /socklint-disable(-next-line|-line)?(?=[\s*]|$)([^\n]*)/;

function parseIds(rest: string): string[] {
  const withoutReason = rest.replace(/\*\/\s*$/, '').split(/\s--\s|\s--$/)[0];
  return withoutReason
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
}

/** Finds directives in comments. `commentRanges` lists [start, end) of every comment in the file. */
export function parseDirectives(text: string, commentRanges: Array<[number, number]>, firstStatementStart: number): Directive[] {
  const lineStarts = computeLineStarts(text);
  const directives: Directive[] = [];
  for (const [start, end] of commentRanges) {
    const comment = text.slice(start, end);
    const m = DIRECTIVE.exec(comment);
    if (!m) continue;
    const line = lineOf(lineStarts, start);
    const ruleIds = parseIds(m[2]);
    if (m[1] === '-next-line') directives.push({ kind: 'next-line', ruleIds, targetLine: lineOf(lineStarts, end) + 1, line, start, end });
    else if (m[1] === '-line') directives.push({ kind: 'line', ruleIds, targetLine: line, line, start, end });
    else if (comment.startsWith('/*') && start <= firstStatementStart) directives.push({ kind: 'file', ruleIds, targetLine: 0, line, start, end });
  }
  return directives;
}

export function isSuppressed(directives: readonly Directive[], ruleId: string, line: number): Directive | undefined {
  return directives.find((d) => (d.kind === 'file' || d.targetLine === line) && (d.ruleIds.length === 0 || d.ruleIds.includes(ruleId)));
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset. */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
