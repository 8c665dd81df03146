// socklint in Restricted Mode (a workspace the user does not trust): the analysis only reads files,
// so its diagnostics still show; attaching the inspector, which runs code in another process, is off.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');

describe('socklint in Restricted Mode', function () {
  this.timeout(120_000);
  const session = useSession({ name: 'restricted', workspace: WORKSPACE, workspaceTrust: true });

  it('still underlines problems when the workspace is not trusted', async () => {
    const dontTrust = session().dialogButton("No, I don't trust the authors");
    await dontTrust.waitFor({ state: 'visible', timeout: 30_000 });
    await session().screenshot('restricted-trust-prompt');
    await dontTrust.click();
    await session().page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
    await session().openFile('client.js');
    await session().waitForSquiggle('error');
    await session().screenshot('restricted-squiggle');
  });

  it('does not offer to attach the inspector', async () => {
    await session().page.keyboard.press('F1');
    const input = session().page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Socklint: ');
    await session()
      .page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Socklint: Restart Server' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('>Socklint: Attach Inspector');
    // The list has been filtered once it shows the command, or only similar ones.
    const widget = session().page.locator('.quick-input-widget');
    await widget
      .locator('.monaco-list-row', { hasText: 'Socklint: Attach Inspector' })
      .or(widget.getByText(/similar commands|No matching commands/))
      .first()
      .waitFor({ state: 'visible' });
    const rows = await widget.locator('.monaco-list-row').allInnerTexts();
    await session().screenshot('restricted-no-attach');
    assert.ok(!rows.some((r) => r.includes('Socklint: Attach Inspector')), `offered in Restricted Mode: ${JSON.stringify(rows)}`);
    await session().page.keyboard.press('Escape');
  });
});
