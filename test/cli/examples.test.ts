import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, ensureBuilt, runCli } from './cliHarness';

const EXAMPLES = path.join(ROOT, 'examples');

/**
 * The catalog rules incidents.md names for each incident that its before.js must trigger, every one
 * of them (extended rules not in the catalog are left out; 03 also names timeout-without-teardown and
 * missing-end-handler, which need a timeout or an 'end' listener the original relay did not have).
 */
const INCIDENT_RULES: Record<string, string[]> = {
  '01-econnreset': ['missing-error-listener'],
  '02-keepalive-upload': ['agent-free-socket-timeout', 'missing-request-timeout'],
  '03-leaky-relay': ['incomplete-socket-relay', 'write-ignores-backpressure', 'destroy-without-end', 'missing-socket-timeout'],
  '04-server-timeout': ['default-server-timeout', 'server-keepalive-below-proxy'],
  '05-close-wait': ['missing-end-handler', 'missing-request-timeout'],
};

interface Result {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; message: string }>;
}

describe('examples: every incident before/after', function () {
  this.timeout(120000);
  let results: Result[];

  before(() => {
    ensureBuilt();
    const run = runCli(['check', ...Object.keys(INCIDENT_RULES), '--format', 'json'], EXAMPLES);
    assert.notEqual(run.code, 2, run.stderr);
    results = JSON.parse(run.stdout) as Result[];
  });

  const describeFindings = (r: Result | undefined): string => (r?.messages ?? []).map((m) => `${m.line}: ${m.ruleId}: ${m.message}`).join('\n');
  const resultFor = (file: string): Result | undefined => results.find((r) => r.filePath === file);

  it('covers every incident folder', () => {
    const folders = fs
      .readdirSync(EXAMPLES)
      .filter((name) => /^\d\d-/.test(name))
      .sort();
    assert.deepEqual(folders, Object.keys(INCIDENT_RULES));
  });

  for (const [folder, ruleIds] of Object.entries(INCIDENT_RULES)) {
    it(`${folder}/before.js has findings from every rule named for the incident`, () => {
      const result = resultFor(path.join(EXAMPLES, folder, 'before.js'));
      assert.ok(result, 'before.js was checked');
      const found = new Set(result.messages.map((m) => m.ruleId));
      assert.ok(result.messages.length >= 1, 'at least one finding');
      assert.deepEqual(
        ruleIds.filter((id) => !found.has(id)),
        [],
        `every one of ${ruleIds.join(', ')}:\n${describeFindings(result)}`,
      );
    });

    it(`${folder}/after.js has no findings`, () => {
      const result = resultFor(path.join(EXAMPLES, folder, 'after.js'));
      assert.ok(result, 'after.js was checked');
      assert.equal(result.messages.length, 0, describeFindings(result));
    });
  }
});
