import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, ensureBuilt, runCli } from './cliHarness';

describe('socklint check on its own code', function () {
  this.timeout(180000);
  before(ensureBuilt);

  it('server, client, scripts and the tests have no findings', () => {
    // Everything but the editor tests' workspace, whose files are bad code on purpose.
    const e2e = fs
      .readdirSync(path.join(ROOT, 'test', 'e2e'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `test/e2e/${f}`);
    const tests = [...['cli', 'lsp', 'rules', 'unit'].map((d) => `test/${d}`), 'packages/inspector', 'packages/protocol'];
    const r = runCli(['check', 'server', 'client', 'scripts', 'esbuild.mjs', ...tests, ...e2e, '--format', 'json'], ROOT);
    const findings = (JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; message: string }> }>).flatMap((f) =>
      f.messages.map((m) => `${f.filePath}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    assert.deepEqual(findings, []);
    assert.equal(r.code, 0, r.stderr);
  });
});
