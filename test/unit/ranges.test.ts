import * as assert from 'node:assert/strict';
import { caseFindings, multiLineReason, sampleFindings, type Seen } from './findingShapes';

/**
 * A finding underlines the smallest node that names the problem (core/reportNode.ts): one line,
 * unless the rule's doc says why not. A squiggle over a whole multi-line call hides the findings
 * inside it.
 */
describe('finding ranges', function () {
  this.timeout(300000);

  const longer = (seen: Seen[]): string[] =>
    seen
      .filter((s) => s.finding.endLine > s.finding.line && !multiLineReason(s.finding.ruleId))
      .map(
        (s) =>
          `${s.where}: ${s.finding.ruleId} ${s.finding.line}:${s.finding.column}-${s.finding.endLine}:${s.finding.endColumn} over ${JSON.stringify(s.code.slice(s.finding.start, s.finding.end))}`,
      );

  it("no finding of the rule tests' invalid cases spans more than one line", () => {
    const seen = caseFindings();
    assert.ok(seen.length > 300, `the invalid cases have findings (${seen.length})`);
    assert.deepEqual(longer(seen), []);
  });

  it('no finding in examples/ and the test fixtures spans more than one line', () => {
    const seen = sampleFindings();
    assert.ok(seen.length >= 10, `the samples have findings (${seen.length})`);
    assert.deepEqual(longer(seen), []);
  });

  it('a finding on a call underlines its callee, on a method call the method name', () => {
    const seen = caseFindings();
    const text = (s: Seen) => s.code.slice(s.finding.start, s.finding.end);
    const requests = seen.filter((s) => s.finding.ruleId === 'missing-request-timeout' && s.finding.messageId === 'request');
    assert.ok(
      requests.some((s) => text(s) === 'http.request'),
      requests.map(text).join(', '),
    );
    const pipes = seen.filter((s) => s.finding.ruleId === 'prefer-pipeline');
    assert.ok(pipes.length > 0 && pipes.every((s) => text(s) === 'pipe'), pipes.map(text).join(', '));
  });
});
