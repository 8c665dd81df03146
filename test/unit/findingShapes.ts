/**
 * Every finding the rules produce on the rule tests' invalid cases (read through their tester's
 * registry) and on the shipped examples and test fixtures, each once: the ranges and messages tests
 * check their shape.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheck } from '../../server/src/core/runner';
import type { Finding } from '../../server/src/core/rule';
import { rules } from '../../server/src/rules/index';
import { loadCasesOnly, registeredCases, runRule } from '../rules/ruleTester';

export const ROOT = path.join(__dirname, '..', '..');
const RULE_TESTS = path.join(ROOT, 'test', 'rules');

export interface Seen {
  /** Where: a rule test case or a file. */
  where: string;
  code: string;
  finding: Finding;
}

let cachedCases: Seen[] | undefined;

/** The findings of every invalid case of every rule test (computed once per run). */
export function caseFindings(): Seen[] {
  return (cachedCases ??= computeCaseFindings());
}

function computeCaseFindings(): Seen[] {
  const files = fs
    .readdirSync(RULE_TESTS)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  loadCasesOnly(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule test files register their cases when loaded
    for (const file of files) require(path.join(RULE_TESTS, file));
  });
  const seen: Seen[] = [];
  for (const file of files) {
    const entry = registeredCases.get(file.replace(/\.test\.ts$/, ''));
    if (!entry) throw new Error(`${file} registered no cases`);
    entry.cases.invalid.forEach((c, i) => {
      for (const finding of runRule(entry.rule, c)) seen.push({ where: `${entry.rule.meta.id} invalid case ${c.name ?? i}`, code: c.code, finding });
    });
  }
  return seen;
}

/** The folders of real-looking code the repository ships: every rule on, as `socklint check` runs. */
export const SAMPLE_FOLDERS = ['examples', 'test/e2e/fixtures', 'packages/inspector/test/fixtures'];

let cachedSamples: Seen[] | undefined;

export function sampleFindings(): Seen[] {
  return (cachedSamples ??= computeSampleFindings());
}

function computeSampleFindings(): Seen[] {
  const result = runCheck({ paths: SAMPLE_FOLDERS, cwd: ROOT, rules });
  return result.files.flatMap((file) => {
    const code = fs.readFileSync(file.filePath, 'utf8');
    return file.findings.map((finding) => ({ where: path.relative(ROOT, file.filePath), code, finding }));
  });
}

/**
 * A message's first sentence: up to the first `.`, `!` or `?` that ends a sentence (followed by a
 * space or the end). SARIF viewers and the Problems panel show about that much.
 */
export function firstSentence(message: string): string {
  const m = /^[\s\S]*?[.!?](?=\s|$)/.exec(message);
  return m ? m[0] : message;
}

/**
 * Why a rule's findings may span several lines, from its doc page: a paragraph that starts with
 * `**Range.**`. A user then reads there why the squiggle is long.
 */
export function multiLineReason(ruleId: string): string | undefined {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${ruleId}.md`), 'utf8');
  return /^\*\*Range\.\*\* (.+)$/m.exec(doc)?.[1];
}
