import type { Finding, TextEdit } from './rule';
import { applyEdits, selectNonOverlapping } from './fixes';

export const MAX_FIX_PASSES = 10;

/** The first fix of each finding, keeping only those whose edits do not overlap (ESLint's rule). */
export function firstFixEdits(findings: readonly Finding[]): TextEdit[] {
  const candidates = findings.filter((f) => f.fixes.length > 0).map((f) => ({ edits: f.fixes[0].edits }));
  return selectNonOverlapping(candidates).flatMap((c) => c.edits);
}

export interface FixOutcome {
  text: string;
  findings: Finding[];
  passes: number;
}

/**
 * Applies fixes pass after pass (a fix may make room for another) until nothing changes or
 * MAX_FIX_PASSES is reached. `analyse` checks a text and returns its findings.
 */
export function fixText(text: string, findings: Finding[], analyse: (text: string) => Finding[]): FixOutcome {
  let current = text;
  let currentFindings = findings;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const edits = firstFixEdits(currentFindings);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    passes++;
    current = next;
    currentFindings = analyse(current);
  }
  return { text: current, findings: currentFindings, passes };
}
