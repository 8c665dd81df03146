import { applyEdits, selectNonOverlapping } from '../core/fixes';
import type { Finding, TextEdit } from '../core/rule';

export const MAX_FIX_PASSES = 10;

/**
 * Applies every finding's first fix, non-overlapping ones per pass, re-analysing between passes
 * until nothing changes (ESLint's fixpoint, at most MAX_FIX_PASSES passes).
 */
export function fixAllText(text: string, analyse: (text: string) => readonly Finding[]): { text: string; passes: number; applied: number } {
  let current = text;
  let applied = 0;
  let passes = 0;
  for (; passes < MAX_FIX_PASSES; passes++) {
    const fixes = analyse(current)
      .map((f) => f.fixes[0])
      .filter((fix) => fix !== undefined && fix.edits.length > 0);
    const chosen = selectNonOverlapping(fixes);
    if (chosen.length === 0) break;
    const next = applyEdits(current, chosen.flatMap((f) => f.edits));
    if (next === current) break;
    current = next;
    applied += chosen.length;
  }
  return { text: current, passes, applied };
}

/** One edit that turns `before` into `after`, trimmed to the part that differs (keeps the cursor still on save). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
