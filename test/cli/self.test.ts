import * as assert from 'node:assert/strict';
import { ROOT, ensureBuilt, runCli } from './cliHarness';

describe('socklint check on its own code', function () {
  this.timeout(180000);
  before(ensureBuilt);

  it('server, client and scripts have no findings', () => {
    const r = runCli(['check', 'server', 'client', 'scripts', '--format', 'json'], ROOT);
    const findings = (JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; message: string }> }>)
      .flatMap((f) => f.messages.map((m) => `${f.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    assert.deepEqual(findings, []);
    assert.equal(r.code, 0, r.stderr);
  });
});
