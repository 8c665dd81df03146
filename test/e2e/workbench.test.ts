// The rest of what a user meets in a real VS Code (code-server 4.99 + Debian chromium): the
// language status entry, the output channel and the restart command, `socklint.run: onSave`,
// socklint.config.json edited in the editor (with its schema), and directive highlighting.
// Screenshots of each step: e2e-output/workbench-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { plain, poll, useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');

describe('socklint workbench integration in a real VS Code', function () {
  this.timeout(120_000);
  const session = useSession({ name: 'workbench', workspace: WORKSPACE });

  /** Opens the `{}` language status hover and returns socklint's entry as shown: label and detail. */
  async function languageStatus(): Promise<{ label: string; detail: string; severity: string }> {
    const entry = session()
      .page.locator('.hover-language-status', { has: session().page.locator('.label', { hasText: 'Socklint' }) })
      .first();
    if (!(await entry.isVisible())) await session().page.locator('[id="status.languageStatus"]').first().click();
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
    const [label, detail, severity] = await Promise.all([
      entry.locator('.label').innerText(),
      entry.locator('.detail').innerText(),
      entry.locator('.severity').getAttribute('class'),
    ]);
    return { label: plain(label).trim(), detail: plain(detail).trim(), severity: severity ?? '' };
  }

  async function closeHover(): Promise<void> {
    await session().page.keyboard.press('Escape');
    await session()
      .page.locator('.hover-language-status')
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 })
      .catch(() => undefined);
  }

  /** The text of the Output panel's shown channel, and the channel's name. */
  async function output(): Promise<{ channel: string; text: string }> {
    const view = session().page.locator('.output-view');
    await view.waitFor({ state: 'visible', timeout: 30_000 });
    const channel = await session()
      .page.locator('.part.panel select.monaco-select-box')
      .first()
      .evaluate((s) => (s as HTMLSelectElement).value);
    const lines = await view
      .locator('.view-lines .view-line')
      .evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' })));
    return {
      channel,
      text: plain(
        lines
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text)
          .join('\n'),
      ),
    };
  }

  it('shows the number of findings and the analysis time in the language status', async () => {
    await session().openFile('client.js');
    await session().waitForSquiggle('error');
    const status = await poll(
      async () => {
        const s = await languageStatus();
        return /^2 findings, analysed in \d+ ms$/.test(s.detail) && s;
      },
      { what: "socklint's language status to report the 2 findings of client.js" },
    );
    assert.equal(status.label, 'Socklint');
    await session().screenshot('language-status');
    await closeHover();
  });

  it('opens its log from the language status, and restarts the server from the command palette', async () => {
    const entry = session()
      .page.locator('.hover-language-status', { has: session().page.locator('.label', { hasText: 'Socklint' }) })
      .first();
    await languageStatus();
    await entry.locator('.monaco-link', { hasText: 'Show Output' }).click();
    const log = await poll(
      async () => {
        const o = await output();
        return o.channel === 'Socklint' && /socklint server started/.test(o.text) && o;
      },
      { what: "the Socklint output channel with the server's start line" },
    );
    const starts = (log.text.match(/socklint server started/g) ?? []).length;
    await session().screenshot('output-channel');

    await session().runCommand('Socklint: Restart Server');
    await poll(async () => ((await output()).text.match(/socklint server started/g) ?? []).length > starts, {
      what: 'a second start line in the log after the restart',
    });
    // The restarted server analyses the open file again.
    await session().editor().locator('.view-lines').click();
    await session().waitForSquiggle('error');
    await poll(async () => /^2 findings, analysed in \d+ ms$/.test((await languageStatus()).detail), {
      what: 'the restarted server to report client.js again',
    });
    await closeHover();
    await session().screenshot('after-restart');
  });

  it('with socklint.run "onSave", analyses only what is saved', async () => {
    await session().updateUserSettings({ 'socklint.run': 'onSave' });
    await session().openFile('onsave.js');
    // A clean file: its status says so, which also shows the server has read it.
    await poll(async () => /^0 findings/.test((await languageStatus()).detail), { what: 'onsave.js analysed with no findings' });
    await closeHover();
    await session().editor().locator('.view-lines').click();
    await session().page.keyboard.press('Control+End');
    await session().page.keyboard.type("\nconst probe = net.connect(7, '127.0.0.1');\nprobe.end('x');\n");
    // Typing is not analysed: no squiggle appears while the edit is unsaved. An analysis takes well
    // under a second here (the other tests wait for squiggles that come in a few hundred ms).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(await session().squiggles('error').count(), 0, 'the unsaved edit was analysed');
    await session().screenshot('on-save-unsaved');
    await session().save();
    await session().waitForSquiggle('error');
    await session().screenshot('on-save-saved');
    await session().updateUserSettings({ 'socklint.run': 'onType' });
  });

  it('applies socklint.config.json as it is edited, and validates it against its schema', async () => {
    await session().openFile('configured/app.js');
    await session().waitForSquiggle('error');

    await session().openFile('configured/socklint.config.json');
    await session().replaceText('{ "rules": { "missing-error-listener": "off" } }\n');
    await session().save();
    await session().openFile('configured/app.js');
    await session().waitForNoSquiggle('error');
    await session().screenshot('config-rule-off');

    // A misspelt rule id: the JSON editor flags it from the shipped schema, and the server says
    // the file is ignored (back to the defaults: the error is reported again).
    await session().openFile('configured/socklint.config.json');
    await session().replaceText('{ "rules": { "missing-error-listner": "off" } }\n');
    await session().save();
    await session().waitForSquiggle('warning');
    const hover = await session().hover(await session().waitForSquiggle('warning'), /not allowed|missing-error-listner/i);
    assert.match(hover, /not allowed|missing-error-listner/i);
    await session().screenshot('config-schema-warning');
    await session().page.mouse.move(0, 0);

    await session().openFile('configured/app.js');
    await session().waitForSquiggle('error');
    const status = await poll(
      async () => {
        const s = await languageStatus();
        return /missing-error-listner/.test(s.detail) && s;
      },
      { what: 'the language status to name the bad key of socklint.config.json' },
    );
    assert.match(status.detail, /socklint\.config\.json/);
    await session().screenshot('config-invalid-status');
    await closeHover();
  });

  it('highlights socklint directives and their rule ids inside comments', async () => {
    await session().openFile('directive.js');
    // The click that focuses the editor can leave a short file scrolled past its first lines.
    await session().page.keyboard.press('Control+Home');
    const line = session().editor().locator('.view-line', { hasText: 'socklint-disable-next-line' }).first();
    await line.waitFor({ state: 'visible' });
    // Monaco gives each token colour its own class (mtkN): the directive, the rule ids and the
    // reason must not all share the comment's colour.
    const tokens = await poll(
      async () => {
        const spans = await line
          .locator('span[class^="mtk"], span > span[class*="mtk"]')
          .evaluateAll((els) =>
            els.map((el) => ({ text: (el.textContent ?? '').replace(/\u00a0/g, ' '), cls: el.className, color: getComputedStyle(el).color })),
          );
        const find = (text: string) => spans.find((s) => s.text.includes(text));
        const directive = find('socklint-disable-next-line');
        const rule = find('missing-error-listener');
        const reason = find('a probe that lives');
        return directive && rule && reason && directive.color !== reason.color && rule.color !== reason.color && { directive, rule, reason };
      },
      { what: 'the directive and rule ids coloured apart from the comment' },
    );
    assert.notEqual(tokens.directive.cls, tokens.reason.cls);
    await session().screenshot('directive-highlighting');
  });
});
