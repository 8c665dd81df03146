// A multi-root workspace in a real VS Code (code-server 4.99 + Debian chromium): two folders whose
// package.json admit different Node.js versions get different findings for the same code.
// Screenshots: e2e-output/multiroot-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'multiroot');

describe('socklint in a multi-root workspace in a real VS Code', function () {
  this.timeout(120_000);
  const session = useSession({ name: 'multiroot', workspace: WORKSPACE, workspaceFile: 'services.code-workspace' });

  it('checks each folder against its own engines.node', async () => {
    await session().openFile('legacy/legacy-api.js');
    await session().waitForSquiggle('warning');
    await session().openFile('modern/modern-api.js');
    await session().waitForSquiggle('warning');
    const entries = await session().waitForProblems(
      (e) => e.some((p) => p.file === 'legacy-api.js' && p.code === 'default-server-timeout') && e.some((p) => p.file === 'modern-api.js'),
      'findings for both folders',
    );
    const codes = (file: string) =>
      entries
        .filter((p) => p.file === file && p.source === 'socklint')
        .map((p) => p.code)
        .sort();
    // Node 10 (legacy): the 120 s server.timeout default applies; Node 20 (modern): it does not.
    assert.deepEqual(codes('legacy-api.js'), ['default-server-timeout', 'server-keepalive-below-proxy']);
    assert.deepEqual(codes('modern-api.js'), ['server-keepalive-below-proxy']);
    const legacy = entries.find((p) => p.file === 'legacy-api.js' && p.code === 'default-server-timeout')!;
    assert.match(legacy.message, /Assuming Node 10\.0\.0 \(engines\.node ">=10"/);
    // Both folders are shown as roots of the one window.
    const roots = await session().page.locator('.explorer-folders-view .monaco-list-row[aria-level="1"]').allInnerTexts();
    assert.deepEqual(
      roots.map((r) => r.trim().toLowerCase()),
      ['legacy', 'modern'],
    );
    await session().screenshot('two-folders-two-node-versions');
  });

  it("follows an edit of one folder's engines.node, and only that folder's findings change", async () => {
    await session().openFile('legacy/package.json');
    await session().replaceText('{ "name": "legacy-api", "private": true, "engines": { "node": ">=18" } }\n');
    await session().save();
    await session().openFile('legacy/legacy-api.js');
    const entries = await session().waitForProblems(
      (e) => !e.some((p) => p.code === 'default-server-timeout') && e.filter((p) => p.code === 'server-keepalive-below-proxy').length === 2,
      'default-server-timeout gone from legacy-api.js, the keep-alive findings of both folders kept',
    );
    const mine = entries.filter((p) => p.source === 'socklint');
    assert.deepEqual(mine.map((p) => `${p.file} ${p.code}`).sort(), [
      'legacy-api.js server-keepalive-below-proxy',
      'modern-api.js server-keepalive-below-proxy',
    ]);
    await session().screenshot('legacy-moved-to-node-18');
  });
});
