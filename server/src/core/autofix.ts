import { ts } from 'ts-morph';
import { resetParserState } from './engine';
import { applyEdits, selectNonOverlapping } from './fixes';
import { autoFixOf, type Finding, type Fix, type TextEdit } from './rule';

/** The one fix pipeline of `--fix`, fix-all and fix-on-save, and the syntax check of quick fixes. */

export const MAX_FIX_PASSES = 10;

/**
 * How many syntax errors TypeScript's parser finds in a text (the file name picks JS/TS/JSX). A
 * text too deeply nested to parse counts as unparseable.
 */
export function syntaxErrorCount(text: string, fileName: string): number {
  try {
    const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
    return (sf as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
  } catch {
    resetParserState(); // e.g. RangeError: Maximum call stack size exceeded
    return Number.POSITIVE_INFINITY;
  }
}

/** Answers "does this fix add a syntax error?" for one text, parsing the text itself once. */
export class SyntaxGuard {
  private before?: number;

  constructor(
    private readonly text: string,
    private readonly fileName: string,
  ) {}

  /** Whether applying the edits leaves more syntax errors than the text has now. */
  breaks(edits: readonly TextEdit[]): boolean {
    this.before ??= syntaxErrorCount(this.text, this.fileName);
    return syntaxErrorCount(applyEdits(this.text, edits), this.fileName) > this.before;
  }
}

/** A fix that was not applied because its result did not parse. */
export interface DroppedFix {
  ruleId: string;
  title: string;
  line: number;
}

export interface FixOutcome {
  text: string;
  /** The findings of the final text. */
  findings: Finding[];
  /** Passes that changed the text. */
  passes: number;
  /** Fixes applied over all passes. */
  applied: number;
  dropped: DroppedFix[];
}

interface Candidate {
  finding: Finding;
  fix: Fix;
  edits: readonly TextEdit[];
}

/** A fix's identity across passes (its offsets move as other fixes land). */
function fixKey(text: string, c: Candidate): string {
  return [c.finding.ruleId, c.fix.title, ...c.edits.map((e) => `${text.slice(e.start, e.end)}\u0000${e.text}`)].join('\u0001');
}

/**
 * Applies every finding's first fix pass after pass (a fix may make room for another: non-overlapping
 * ones per pass, ESLint's fixpoint) until nothing changes or MAX_FIX_PASSES is reached. Each pass's
 * text is re-parsed: a fix that would add a syntax error is dropped (and reported in `dropped`), the
 * others still apply. `analyse` checks a text and returns its findings; `findings` are those of
 * `text` when the caller has them already.
 */
export function fixText(text: string, fileName: string, analyse: (text: string) => readonly Finding[], findings?: readonly Finding[]): FixOutcome {
  let current = text;
  let currentFindings = findings ?? analyse(text);
  const outcome: FixOutcome = { text, findings: [...currentFindings], passes: 0, applied: 0, dropped: [] };
  const rejected = new Set<string>();
  while (outcome.passes < MAX_FIX_PASSES) {
    const candidates = currentFindings
      .flatMap((f): Candidate[] => {
        const fix = autoFixOf(f);
        return fix ? [{ finding: f, fix, edits: fix.edits }] : [];
      })
      .filter((c) => !rejected.has(fixKey(current, c)));
    const chosen = acceptedFixes(current, fileName, selectNonOverlapping(candidates), (c) => {
      rejected.add(fixKey(current, c));
      outcome.dropped.push({ ruleId: c.finding.ruleId, title: c.fix.title, line: c.finding.line });
    });
    if (chosen.length === 0) break;
    const next = applyEdits(
      current,
      chosen.flatMap((c) => c.edits),
    );
    if (next === current) break;
    outcome.passes++;
    outcome.applied += chosen.length;
    current = next;
    currentFindings = analyse(current);
  }
  outcome.text = current;
  outcome.findings = [...currentFindings];
  return outcome;
}

/**
 * The fixes of one pass that keep the text parsing. All together usually do (one parse); when not,
 * each is tried on top of those already accepted, and the ones that break it are dropped.
 */
function acceptedFixes(text: string, fileName: string, chosen: Candidate[], drop: (c: Candidate) => void): Candidate[] {
  if (chosen.length === 0) return chosen;
  const guard = new SyntaxGuard(text, fileName);
  if (!guard.breaks(chosen.flatMap((c) => c.edits))) return chosen;
  const accepted: Candidate[] = [];
  for (const c of chosen) {
    if (guard.breaks([...accepted, c].flatMap((a) => a.edits))) drop(c);
    else accepted.push(c);
  }
  return accepted;
}
