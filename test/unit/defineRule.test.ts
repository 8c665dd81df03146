import * as assert from 'node:assert/strict';
import { defineRule } from '../../server/src/core/rule';
import { runRule } from '../rules/ruleTester';

// A rule defined with defineRule: its options arrive typed and with their defaults, and its
// reports can only name message ids its meta declares (the @ts-expect-error lines are checked by
// `npm run typecheck`: they fail it if the types stop catching the mistake).
const rule = defineRule({
  meta: {
    id: 'example-typed-rule',
    description: 'A rule for the test of defineRule.',
    defaultSeverity: 'warn',
    messages: { found: 'Found {what} with limit {limit}.' },
    options: { limit: { type: 'number', default: 3, description: 'A number option.' } },
  },
  check(context) {
    const limit: number = context.options.limit;
    // @ts-expect-error: a number option is not a string
    const wrong: string = context.options.limit;
    void wrong;
    for (const call of context.sourceFile.getDescendants().filter((n) => n.getText() === 'net.connect(80)')) {
      context.report({ node: call, messageId: 'found', data: { what: call.getText(), limit } });
    }
    if (limit < 0) {
      // @ts-expect-error: 'missing' is not a message id of this rule
      context.report({ node: context.sourceFile, messageId: 'missing' });
    }
  },
});

describe('defineRule', () => {
  it('gives the check its options with defaults and formats its declared messages', () => {
    const findings = runRule(rule, { code: `const net = require('net');\nnet.connect(80);\n` });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].message, 'Found net.connect(80) with limit 3.');
    const limited = runRule(rule, { code: `const net = require('net');\nnet.connect(80);\n`, options: { limit: 7 } });
    assert.equal(limited[0].message, 'Found net.connect(80) with limit 7.');
  });
});
