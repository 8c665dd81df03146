import * as assert from 'node:assert/strict';
import { Project, type SourceFile } from 'ts-morph';
import { resolveConfig } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { applyEdits, selectNonOverlapping } from '../../server/src/core/fixes';
import { parseNodeVersion, DEFAULT_NODE_VERSION } from '../../server/src/core/nodeVersion';
import { INFERRED_OPTIONS } from '../../server/src/core/project';
import { autoFixOf, type Finding, type Rule } from '../../server/src/core/rule';
import { shippedTypeRoot } from '../../server/src/core/shippedTypes';
import * as path from 'node:path';
import * as semver from 'semver';

export interface ValidCase {
  code: string;
  /** File name the code is analysed as (extension decides JS/TS). Default `case.js`. */
  filename?: string;
  options?: Record<string, number | boolean | string>;
  nodeVersion?: string;
  name?: string;
}

export interface ExpectedError {
  messageId: string;
  line?: number;
  column?: number;
  /** A text the message must contain (what it names: a writer, a line). */
  messageIncludes?: string;
  /** The whole file after applying each of this finding's fixes alone, in order. */
  fixes?: string[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The file after applying the first fix of every finding (non-overlapping); null: no finding has a fix. */
  output?: string | null;
}

let shared: Project | undefined;

/** One project for all rule tests: creating a Project is the expensive part. */
function project(): Project {
  shared ??= new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      ...INFERRED_OPTIONS,
      typeRoots: [shippedTypeRoot()],
      types: ['node'],
      paths: { ws: [path.join(shippedTypeRoot(), 'ws', 'index.d.ts')] },
    },
  });
  return shared;
}

const ROOT = path.join(__dirname, '.virtual');

function sourceFor(c: ValidCase, code = c.code): SourceFile {
  return project().createSourceFile(path.join(ROOT, c.filename ?? 'case.js'), code, { overwrite: true });
}

export function runRule(rule: Rule, c: ValidCase, code = c.code): Finding[] {
  const sf = sourceFor(c, code);
  const config = resolveConfig({ rules: { [rule.meta.id]: ['error', c.options ?? {}] } }, [rule]);
  const version = parseNodeVersion(c.nodeVersion ?? DEFAULT_NODE_VERSION)!;
  const result = analyzeSourceFile(sf, {
    rules: [rule],
    config,
    nodeVersion: { version, major: semver.major(version), source: c.nodeVersion ? `test nodeVersion ${c.nodeVersion}` : 'the default' },
    // Cases are files of a project rooted at ROOT: `filename: 'test/server.js'` is a test file, `case.js` is not.
    testRoot: ROOT,
  });
  if (result.internalErrors.length) {
    throw new Error(`rule threw: ${result.internalErrors[0].message}\n${result.internalErrors[0].stack ?? ''}`);
  }
  return result.findings;
}

function syntaxErrors(c: ValidCase, code: string): string[] {
  const sf = sourceFor(c, code);
  const program = project().getProgram().compilerObject;
  return program.getSyntacticDiagnostics(sf.compilerNode).map((d) => String(d.messageText));
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.line}:${f.column} ${f.messageId}: ${f.message}`).join('\n') || '  (none)';
}

/** Offset of `offset` after `edits` were applied. */
function mapOffset(offset: number, edits: Array<{ start: number; end: number; text: string }>): number {
  let delta = 0;
  for (const e of edits) if (e.end <= offset) delta += e.text.length - (e.end - e.start);
  return offset + delta;
}

/** A fixed text must parse and the rule must no longer report the fixed finding. */
function assertFixIsClean(rule: Rule, c: ValidCase, finding: Finding, edits: Array<{ start: number; end: number; text: string }>, output: string): void {
  assert.deepEqual(syntaxErrors(c, output), [], `the fix of ${finding.messageId} produced syntax errors:\n${output}`);
  const again = runRule(rule, c, output);
  const at = mapOffset(finding.start, edits);
  const still = again.filter((f) => f.messageId === finding.messageId && f.start === at);
  assert.equal(still.length, 0, `the rule still reports ${finding.messageId} after its fix:\n${output}\n${describeFindings(again)}`);
}

function title(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').slice(0, 2).join(' ⏎ ').slice(0, 110);
}

export interface RuleCases {
  valid: Array<ValidCase | string>;
  invalid: InvalidCase[];
}

/** Every rule's cases by rule id, as its test file gave them: ESLint's RuleTester runs them too (test/eslint). */
export const registeredCases = new Map<string, { rule: Rule; cases: RuleCases }>();
let addSuites = true;

/** Loads rule test files for their cases only: no mocha suites (theirs or ruleTests') are added while `load` runs. */
export function loadCasesOnly(load: () => void): void {
  const global = globalThis as { describe?: unknown; it?: unknown };
  const suites = { describe: global.describe, it: global.it };
  addSuites = false;
  global.describe = global.it = () => undefined;
  try {
    load();
  } finally {
    addSuites = true;
    Object.assign(global, suites);
  }
}

export function ruleTests(rule: Rule, cases: RuleCases): void {
  registeredCases.set(rule.meta.id, { rule, cases });
  if (!addSuites) return;
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const raw of cases.valid) {
        const c = typeof raw === 'string' ? { code: raw } : raw;
        it(title(c), () => {
          const findings = runRule(rule, c);
          assert.equal(findings.length, 0, `expected no findings, got:\n${describeFindings(findings)}`);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          const findings = runRule(rule, c);
          assert.equal(findings.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${describeFindings(findings)}`);
          c.errors.forEach((expected, i) => {
            const f = findings[i];
            assert.equal(f.messageId, expected.messageId, `finding ${i}: ${describeFindings([f])}`);
            if (expected.line !== undefined) assert.equal(f.line, expected.line, `finding ${i} line`);
            if (expected.column !== undefined) assert.equal(f.column, expected.column, `finding ${i} column`);
            assert.ok(f.message.length > 0 && !/\{\w+\}/.test(f.message), `finding ${i} message is filled in: ${f.message}`);
            if (expected.messageIncludes !== undefined)
              assert.ok(f.message.includes(expected.messageIncludes), `finding ${i} message names "${expected.messageIncludes}": ${f.message}`);
            if (expected.fixes) {
              assert.equal(f.fixes.length, expected.fixes.length, `finding ${i} number of fixes`);
              expected.fixes.forEach((want, k) => {
                const got = applyEdits(c.code, f.fixes[k].edits);
                assert.equal(got, want, `finding ${i}, fix ${k} ("${f.fixes[k].title}")`);
                assertFixIsClean(rule, c, f, f.fixes[k].edits, got);
              });
            }
          });
          if (c.output !== undefined) {
            // The fix --fix applies: suggestions (behaviour changes) never are.
            const chosen = selectNonOverlapping(
              findings.flatMap((f) => {
                const fix = autoFixOf(f);
                return fix ? [{ finding: f, edits: fix.edits }] : [];
              }),
            );
            if (c.output === null) {
              assert.equal(chosen.length, 0, 'expected no fix');
            } else {
              const edits = chosen.flatMap((x) => x.edits);
              const got = applyEdits(c.code, edits);
              assert.equal(got, c.output);
              for (const x of chosen) assertFixIsClean(rule, c, x.finding, edits, got);
            }
          }
        });
      }
    });
  });
}
