import type { TextEdit } from './rule';

/** Applies edits to text. Edits must not overlap; they may be given in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/**
 * Chooses fixes whose edits do not overlap any already chosen, in order (ESLint's rule):
 * the rest are left for the next pass.
 */
export function selectNonOverlapping<T extends { edits: readonly TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const chosen: T[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

/** The indentation (leading whitespace) of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * The file's indentation unit: a tab when most indented lines start with one, otherwise the step
 * by which a line after an opening `{`, `(`, `[` or `=>` is indented most often. Not the first
 * indented line: in `var a = 1,\n    b = 2;` or under a JSDoc ` * ` that is alignment, and a
 * 2-space file read as 4 got every inserted nested line 4 spaces deeper. Two spaces when the file
 * shows no step at all.
 */
export function indentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  const anySteps = new Map<number, number>();
  let previous: { width: number; opens: boolean } | undefined;
  let inComment = false;
  for (const line of text.split(/\r?\n/)) {
    const code = line.trim();
    if (code === '') continue;
    if (inComment) {
      inComment = !code.includes('*/');
      continue;
    }
    if (code.startsWith('/*')) {
      inComment = !code.includes('*/');
      continue;
    }
    if (code.startsWith('//') || code.startsWith('*')) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith('\t')) tabs++;
    else if (lead.length > 0) spaces++;
    const width = lead.includes('\t') ? -1 : lead.length;
    if (previous && previous.width >= 0 && width > previous.width) {
      const step = width - previous.width;
      anySteps.set(step, (anySteps.get(step) ?? 0) + 1);
      if (previous.opens) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = { width, opens: /([{([]|=>)$/.test(code.replace(/\s*\/\/.*$/, '')) };
  }
  if (tabs > spaces) return '\t';
  const step = mostFrequent(steps) ?? mostFrequent(anySteps);
  return step !== undefined && step <= 8 ? ' '.repeat(step) : '  ';
}

/** The key counted most often (the smaller one on a tie). */
function mostFrequent(counts: Map<number, number>): number | undefined {
  let best: number | undefined;
  for (const [key, count] of counts) {
    const bestCount = best === undefined ? -1 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && key < best!)) best = key;
  }
  return best;
}

/** The file's line ending. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether the file uses semicolons at statement ends (most statements end with one). */
export function usesSemicolons(text: string): boolean {
  const withSemi = (text.match(/;\s*$/gm) ?? []).length;
  const lines = (text.match(/[)\]'"`\w]\s*$/gm) ?? []).length;
  return withSemi >= lines / 2;
}

/** Preferred string quote of the file. */
export function quoteOf(text: string): string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}
