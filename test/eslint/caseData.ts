/**
 * The rule tests' own cases (test/rules/*.test.ts), read through their tester's registry, and what
 * socklint's engine does with each: ESLint's RuleTester asks for the fixed output and the
 * suggestions of every finding, which the cases state only where a fix is the point of the case.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, selectNonOverlapping } from '../../server/src/core/fixes';
import { autoFixOf, type Finding, type Rule } from '../../server/src/core/rule';
import { loadCasesOnly, registeredCases, runRule, type InvalidCase, type RuleCases, type ValidCase } from '../rules/ruleTester';

const RULE_TESTS = path.join(__dirname, '..', 'rules');

/** Every rule with its cases, in the rule tests' file order. */
export function allRuleCases(): Array<{ rule: Rule; cases: RuleCases }> {
  const files = fs
    .readdirSync(RULE_TESTS)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  // Already loaded (the whole suite in one process): the registry has them; otherwise load without suites.
  loadCasesOnly(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule test files register their cases when loaded
    for (const file of files) require(path.join(RULE_TESTS, file));
  });
  return files.map((file) => {
    const entry = registeredCases.get(file.replace(/\.test\.ts$/, ''));
    if (!entry) throw new Error(`${file} registered no cases`);
    return entry;
  });
}

export function normalize(c: ValidCase | string): ValidCase {
  return typeof c === 'string' ? { code: c } : c;
}

/** The text --fix produces in one pass: the first fix of every finding that is not a suggestion, non-overlapping. */
export function onePassOutput(code: string, findings: readonly Finding[]): string | null {
  const chosen = selectNonOverlapping(
    findings.flatMap((f) => {
      const fix = autoFixOf(f);
      return fix ? [fix] : [];
    }),
  );
  return chosen.length
    ? applyEdits(
        code,
        chosen.flatMap((f) => f.edits),
      )
    : null;
}

/** socklint's own findings for a case (the rule tests' harness). */
export function engineFindings(rule: Rule, c: InvalidCase): Finding[] {
  return runRule(rule, c);
}
