import * as assert from 'node:assert/strict';
import { rules } from '../../server/src/rules/index';
import { caseFindings, firstSentence, sampleFindings, type Seen } from './findingShapes';

/**
 * SARIF viewers and the Problems panel show about the first sentence of a message: it must stand
 * alone in at most 100 characters, with the details after it (issue 11).
 */
const MAX_FIRST_SENTENCE = 100;

describe('finding messages', function () {
  this.timeout(300000);
  let seen: Seen[];

  before(() => {
    seen = [...caseFindings(), ...sampleFindings()];
  });

  it("the rule tests' invalid cases produce every message of every rule", () => {
    const produced = new Set(seen.map((s) => `${s.finding.ruleId}/${s.finding.messageId}`));
    const missing = rules.flatMap((r) => Object.keys(r.meta.messages).map((id) => `${r.meta.id}/${id}`)).filter((key) => !produced.has(key));
    assert.deepEqual(missing, []);
  });

  it(`every message's first sentence is at most ${MAX_FIRST_SENTENCE} characters, with its placeholders filled in`, () => {
    const long = seen
      .map((s) => ({ s, first: firstSentence(s.finding.message) }))
      .filter(({ first }) => first.length > MAX_FIRST_SENTENCE)
      .map(({ s, first }) => `${s.where}: ${s.finding.ruleId}/${s.finding.messageId} (${first.length}): ${first}`);
    assert.deepEqual(long, []);
  });

  it('no message names an absolute path', () => {
    const withPaths = seen.filter((s) => /(^|[\s('"])\/(home|tmp|work|usr|Users|var)\//.test(s.finding.message) || /[A-Z]:\\/.test(s.finding.message));
    assert.deepEqual(
      withPaths.map((s) => `${s.where}: ${s.finding.message}`),
      [],
    );
  });

  it('a first sentence ends a sentence: the message goes on after it or ends there', () => {
    for (const s of seen) {
      const first = firstSentence(s.finding.message);
      assert.match(first, /[.!?]$/, `${s.finding.ruleId}/${s.finding.messageId}: ${s.finding.message}`);
    }
  });
});
