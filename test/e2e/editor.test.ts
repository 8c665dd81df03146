// socklint inside a real VS Code (code-server 4.99 + Debian chromium): the packaged .vsix is
// installed, a small workspace opened, and everything is asserted from what the editor shows.
// Screenshots of each step: e2e-output/editor-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');
const ERROR_MESSAGE = "No 'error' listener on this socket";
const TIMEOUT_MESSAGE = 'This socket never gets an idle timeout';

describe('socklint in a real VS Code', function () {
  this.timeout(120_000);
  const session = useSession({ name: 'editor', workspace: WORKSPACE });

  it('underlines the problem and lists it in the Problems panel with the rule id', async () => {
    await session().openFile('client.js');
    await session().waitForSquiggle('error');
    await session().waitForSquiggle('warning');
    await session().screenshot('squiggles');
    const entries = await session().waitForProblems((e) => e.filter((p) => p.file === 'client.js').length === 2, 'the two problems of client.js');
    await session().screenshot('problems-panel');
    const error = entries.find((p) => p.code === 'missing-error-listener');
    assert.ok(error, `no missing-error-listener entry in ${JSON.stringify(entries)}`);
    assert.equal(error.severity, 'error');
    assert.equal(error.source, 'socklint');
    assert.match(error.message, new RegExp(ERROR_MESSAGE));
    assert.equal(error.position, '[Ln 3, Col 14]');
    const timeout = entries.find((p) => p.code === 'missing-socket-timeout');
    assert.equal(timeout?.severity, 'warning');
    assert.match(timeout.message, new RegExp(TIMEOUT_MESSAGE));
  });

  it("shows the rule's message when hovering the squiggle", async () => {
    const text = await session().hover(await session().waitForSquiggle('error'), ERROR_MESSAGE);
    await session().screenshot('hover');
    assert.match(text, /missing-error-listener/);
  });

  it('applies a quick fix chosen via the lightbulb, and one via Ctrl+.', async () => {
    await session().clickOn(await session().waitForSquiggle('error'));
    await session().applyCodeAction("Add an 'error' listener", 'lightbulb', async () => {
      await session().screenshot('quick-fix-menu-lightbulb');
    });
    await session().waitForNoSquiggle('error');
    assert.match(await session().editorText(), /sock\.on\('error', \(err\) => \{/);
    await session().screenshot('quick-fix-applied');

    await session().clickOn(await session().waitForSquiggle('warning'));
    await session().applyCodeAction('Destroy the socket after', 'keyboard', async () => {
      await session().screenshot('quick-fix-menu-ctrl-dot');
    });
    await session().waitForNoSquiggle('warning');
    assert.match(await session().editorText(), /sock\.setTimeout\(\d+\);/);
    await session().screenshot('quick-fix-ctrl-dot-applied');
  });

  it('fixes everything on save through editor.codeActionsOnSave', async () => {
    await session().updateUserSettings({ 'editor.codeActionsOnSave': { 'source.fixAll.socklint': 'explicit' } });
    await session().openFile('fixall.js');
    await session().waitForSquiggle('error');
    await session().page.keyboard.press('Control+End');
    await session().page.keyboard.type('// edited\n');
    await session().screenshot('fix-all-before-save');
    await session().save();
    await session().waitForNoSquiggle('error');
    await session().waitForNoSquiggle('warning');
    const saved = session().fileOnDisk('fixall.js');
    assert.match(saved, /sock\.on\('error'/);
    assert.match(saved, /sock\.setTimeout\(\d+\);/);
    await session().screenshot('fix-all-after-save');
  });

  it('inserts the disable-line directive', async () => {
    await session().openFile('disable.js');
    await session().clickOn(await session().waitForSquiggle('error'));
    await session().applyCodeAction('Disable missing-error-listener for this line', 'keyboard');
    await session().waitForNoSquiggle('error');
    const text = await session().editorText();
    assert.match(text, /^\/\/ socklint-disable-next-line missing-error-listener\nconst sock = net\.connect/m);
    await session().waitForSquiggle('warning'); // the other rule still reports
    await session().screenshot('disable-line');
  });

  it("opens the rule's documentation from the code action menu", async () => {
    await session().clickOn(await session().waitForSquiggle('warning'));
    await session().applyCodeAction('Show documentation for missing-socket-timeout', 'keyboard');
    await session().page.locator('.tabs-container .tab.active', { hasText: 'missing-socket-timeout.md' }).waitFor({ state: 'visible', timeout: 30_000 });
    const heading = session().webview().locator('h1', { hasText: 'missing-socket-timeout' });
    await heading.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await session().webview().locator('body').innerText(), /idle timeout/);
    await session().screenshot('rule-documentation');
    await session().page.keyboard.press('Control+W');
  });

  it("updates the Problems panel when a rule's severity changes in the settings", async () => {
    await session().openFile('severity.js');
    await session().waitForProblems(
      (e) => e.some((p) => p.file === 'severity.js' && p.code === 'missing-socket-timeout' && p.severity === 'warning'),
      'the missing-socket-timeout warning of severity.js',
    );
    await session().screenshot('severity-before');
    await session().updateUserSettings({
      'socklint.rules.customizations': [
        { rule: 'missing-socket-timeout', severity: 'error' },
        { rule: 'missing-error-listener', severity: 'off' },
      ],
    });
    const entries = await session().waitForProblems((e) => {
      const mine = e.filter((p) => p.file === 'severity.js');
      return mine.length === 1 && mine[0]!.code === 'missing-socket-timeout' && mine[0]!.severity === 'error';
    }, 'missing-socket-timeout to become an error and missing-error-listener to go');
    assert.equal(entries.filter((p) => p.code === 'missing-error-listener').length, 0);
    await session().screenshot('severity-after');
  });
});
