// Drives a real VS Code (code-server) in Debian's chromium the way a user does — keyboard, mouse,
// command palette — and reads what the user sees from the DOM. One Session per test file: a fresh
// run folder under e2e-output/<run>/ keeps a copy of the workspace, code-server's user data
// and logs (the LSP trace under ud/logs/) and a screenshot per step. (Not under a folder socklint
// takes for tests, `test-output/` or `e2e/`: the workspace would be a test fixture to it.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { assertPrerequisites, CHROMIUM, runEnv, startCodeServer, type CodeServer } from './codeServer';
import { ensurePackagedExtension, ROOT } from './extensionPackage';
import { poll } from './poll';

export { poll } from './poll';

export const BASE_SETTINGS: Record<string, unknown> = {
  // Else the built-in TypeScript extension reaches for the network.
  'typescript.disableAutomaticTypeAcquisition': true,
  // Else the JSON extension fetches package.json's schema and, offline, lists the failure in Problems.
  'json.schemaDownload.enable': false,
  // The LSP traffic lands under ud/logs/*/exthost1/output_logging_*/ for post-mortems.
  'socklint.trace.server': 'verbose',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  // Settings are edited by typing JSON into settings.json: no brackets or indentation added.
  '[jsonc]': { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoIndent': 'none', 'editor.autoSurround': 'never' },
};

const OUTPUT = path.join(ROOT, 'e2e-output');
const KEEP_RUNS = 10;

/** Keeps the newest KEEP_RUNS run folders of this name (their names sort by time). */
function pruneOldRuns(name: string): void {
  if (!fs.existsSync(OUTPUT)) return;
  const runs = fs
    .readdirSync(OUTPUT)
    .filter((d) => d.startsWith(`${name}-`))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP_RUNS + 1))) fs.rmSync(path.join(OUTPUT, old), { recursive: true, force: true });
}

/** Editor text uses U+00A0 for spaces; compare plain text. */
export const plain = (s: string) => s.replace(/\u00a0/g, ' ');

export interface SessionOptions {
  /** Name of the run folder (e2e-output/<name>-<time>). */
  name: string;
  /** Folder copied into the run folder and opened as the workspace. */
  workspace: string;
  /** A `.code-workspace` file inside that folder to open instead (a multi-root workspace). */
  workspaceFile?: string;
  settings?: Record<string, unknown>;
  /** VS Code asks whether to trust the workspace (see answerTrustPrompt); else it is trusted. */
  workspaceTrust?: boolean;
}

/**
 * The hooks every editor test file needs: start a session before its tests (packaging the
 * extension first when needed), a screenshot of each failed test, and stop it afterwards. Call it
 * inside `describe`; the returned function gives the session once `before` has run. Hooks the file
 * registers earlier run before the session starts, hooks it registers later after it stops.
 */
export function useSession(options: SessionOptions): () => Session {
  let session: Session | undefined;
  before(async function () {
    this.timeout(300_000);
    session = await Session.start(options, (line) => console.log(`      ${line}`));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      const shot = await session.screenshot(`FAILED-${this.currentTest.title}`).catch(() => undefined);
      if (shot) console.log(`      screenshot of the failure: ${path.relative(process.cwd(), shot)}`);
    }
  });
  after(async () => {
    if (!session) return;
    await session.stop();
    console.log(`      screenshots: ${path.relative(process.cwd(), path.join(session.runDir, 'screenshots'))}`);
  });
  return () => {
    if (!session) throw new Error('no editor session: it did not start');
    return session;
  };
}

export class Session {
  private step = 0;
  readonly screenshots: string[] = [];

  private constructor(
    readonly runDir: string,
    private readonly tmpDir: string,
    readonly workspace: string,
    readonly server: CodeServer,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async start(options: SessionOptions, log: (line: string) => void = () => {}): Promise<Session> {
    assertPrerequisites();
    const vsix = ensurePackagedExtension(log);
    pruneOldRuns(options.name);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const runDir = path.join(OUTPUT, `${options.name}-${stamp}`);
    const workspace = path.join(runDir, 'workspace');
    fs.mkdirSync(runDir, { recursive: true });
    fs.cpSync(options.workspace, workspace, { recursive: true });
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-e2e-'));
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    try {
      const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
      server = await startCodeServer({
        runDir,
        tmpDir,
        workspace,
        vsix,
        workspaceTrust: options.workspaceTrust,
        settings: { ...BASE_SETTINGS, ...trust, ...options.settings },
      });
      context = await chromium.launchPersistentContext(path.join(runDir, 'browser'), {
        executablePath: CHROMIUM,
        headless: true,
        env: runEnv(runDir, tmpDir) as Record<string, string>,
        viewport: { width: 1400, height: 900 },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
      const session = new Session(runDir, tmpDir, workspace, server, context, page);
      const target = options.workspaceFile
        ? `workspace=${encodeURIComponent(path.join(workspace, options.workspaceFile))}`
        : `folder=${encodeURIComponent(workspace)}`;
      await page.goto(`${server.url}/?${target}`);
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      // The explorer shows the workspace once the remote file system answers (or the trust prompt asks first).
      await page.locator('.explorer-folders-view .monaco-list-row, .monaco-dialog-box').first().waitFor({ state: 'visible', timeout: 60_000 });
      return session;
    } catch (err) {
      const shot = path.join(runDir, 'screenshots', '00-FAILED-start.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page?.screenshot({ path: shot }).catch(() => {});
      await context?.close().catch(() => {});
      await server?.stop();
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Stops browser and code-server; keeps the evidence (screenshots, logs, workspace), drops the bulk. */
  async stop(): Promise<void> {
    await this.context.close().catch(() => {});
    await this.server.stop();
    for (const bulk of [path.join(this.runDir, 'browser'), path.join(this.runDir, 'ext'), this.tmpDir]) fs.rmSync(bulk, { recursive: true, force: true });
  }

  /** Saves a screenshot named `NN-<name>.png` in the run folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.runDir, 'screenshots', `${String(++this.step).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    this.screenshots.push(file);
    return file;
  }

  // --- commands and files ---------------------------------------------------------------------

  /**
   * Runs a command by its title through the command palette (F1). The palette lists the commands
   * known when it opens, and an extension's are known only once the extension host has scanned
   * it: so a palette without the command is closed and opened again.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const focused = widget.locator('.monaco-list-row.focused').first();
    await poll(
      async () => {
        if (!(await input.isVisible())) await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${title}`);
        try {
          await poll(async () => (await focused.textContent())?.includes(title), { timeoutMs: 3000, what: `"${title}" in the command palette` });
          return true;
        } catch (err) {
          await this.page.keyboard.press('Escape');
          throw err;
        }
      },
      { timeoutMs, intervalMs: 500, what: `the command "${title}"` },
    );
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor to show the text. */
  async openFile(relPath: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // Closing a webview editor (a Markdown preview) can leave the keyboard focus nowhere, and then
    // Ctrl+P reaches no one: focus the active tab and press it again.
    await poll(
      async () => {
        if (await input.isVisible()) return true;
        await this.page.keyboard.press('Control+P');
        if (
          await input.waitFor({ state: 'visible', timeout: 3000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
        const tab = this.page.locator('.tabs-container .tab.active').first();
        if (await tab.isVisible()) await tab.click();
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'Quick Open' },
    );
    await input.fill(relPath);
    const base = path.basename(relPath);
    await poll(async () => (await this.page.locator('.quick-input-widget .monaco-list-row.focused').first().textContent())?.includes(base), {
      what: `${relPath} in Quick Open`,
    });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${base}"]`).waitFor({ state: 'visible' });
    const firstLine = fs.readFileSync(path.join(this.workspace, relPath), 'utf8').split('\n')[0]!.trim();
    await poll(async () => (await this.editorText()).includes(firstLine), { what: `${relPath} to render` });
    await this.editor().locator('.view-lines').click(); // focus the editor text
  }

  /** Replaces the whole text of the active editor as a user does: select all, delete, type (unsaved). */
  async replaceText(text: string): Promise<void> {
    await this.editor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await poll(async () => (await this.editorText()).trim() === '', { what: 'the editor to be emptied' });
    await this.page.keyboard.insertText(text);
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** The rendered lines of the active editor in line order (the DOM keeps them in any order). */
  async editorText(): Promise<string> {
    const lines = await this.editor()
      .locator('.view-lines .view-line')
      .evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' })));
    return plain(
      lines
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'),
    );
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await poll(async () => (await this.page.locator('.tabs-container .tab.active.dirty').count()) === 0, { what: 'the file to be saved' });
  }

  fileOnDisk(relPath: string): string {
    return fs.readFileSync(path.join(this.workspace, relPath), 'utf8');
  }

  // --- diagnostics ----------------------------------------------------------------------------

  squiggles(severity: 'error' | 'warning' | 'info' = 'error'): Locator {
    return this.editor().locator(`.view-overlays .squiggly-${severity}`);
  }

  async waitForSquiggle(severity: 'error' | 'warning' | 'info' = 'error', timeoutMs = 60_000): Promise<Locator> {
    const squiggle = this.squiggles(severity).first();
    await squiggle.waitFor({ state: 'visible', timeout: timeoutMs });
    return squiggle;
  }

  async waitForNoSquiggle(severity: 'error' | 'warning' | 'info' = 'error', timeoutMs = 30_000): Promise<void> {
    await poll(async () => (await this.squiggles(severity).count()) === 0, { timeoutMs, what: `the ${severity} squiggles to disappear` });
  }

  /** Shows the Problems panel and returns its marker rows as text (icon severity, message, code, position). */
  async problems(): Promise<ProblemEntry[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('View: Focus Problems');
      await panel.waitFor({ state: 'visible' });
    }
    // Read all rows in one go: the tree re-renders while diagnostics arrive.
    const rows = await panel.locator('.monaco-list-row').evaluateAll((els) =>
      els.map((row) => {
        // (no named helpers in here: the bundler's name helper does not exist in the page)
        const [label, message, source, code, position] = ['.label-name', '.marker-message', '.marker-source', '.marker-code', '.marker-line'].map((selector) =>
          (row.querySelector(selector)?.textContent ?? '').trim(),
        );
        const index = Number(row.getAttribute('data-index') ?? '0');
        return { index, icon: row.querySelector('.marker-icon .codicon')?.className ?? '', label, message, source, code, position };
      }),
    );
    // The list recycles its row elements, so their order in the DOM is not the order on screen: a
    // marker read after the wrong file row would be counted in that file. Sort by the row's index.
    rows.sort((a, b) => a.index - b.index);
    const entries: ProblemEntry[] = [];
    let file = '';
    for (const { icon, label, index: _index, ...row } of rows) {
      if (!icon) {
        file = plain(label); // a file row: its markers follow
        continue;
      }
      const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info';
      entries.push({ file, severity, message: plain(row.message), source: plain(row.source), code: plain(row.code), position: plain(row.position) });
    }
    return entries;
  }

  /** Polls the Problems panel until `accept` holds for its entries. */
  async waitForProblems(accept: (entries: ProblemEntry[]) => boolean, what: string, timeoutMs = 30_000): Promise<ProblemEntry[]> {
    let last: ProblemEntry[] = [];
    try {
      return await poll(
        async () => {
          last = await this.problems();
          return accept(last) ? last : undefined;
        },
        { timeoutMs, what },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; Problems panel shows ${JSON.stringify(last)}`);
    }
  }

  // --- hover and code actions -----------------------------------------------------------------

  /** Where the element is on screen; decorations are re-rendered when diagnostics arrive, so ask again. */
  private async boxOf(element: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
    return poll(async () => (await element.isVisible()) && (await element.boundingBox({ timeout: 1000 })), { what: 'the squiggle on screen' });
  }

  /** Moves the mouse onto the squiggle (the text layer covers it, so no locator.hover) and returns the hover's text. */
  async hover(squiggle: Locator, expect: string | RegExp): Promise<string> {
    const box = await this.boxOf(squiggle);
    let pointedAt = 0;
    const point = async () => {
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      pointedAt = Date.now();
    };
    await point();
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    return poll(
      async () => {
        // No hover a while after pointing (the editor was busy when the pointer arrived): leave and point again.
        if (!(await hover.isVisible())) {
          if (Date.now() - pointedAt > 2000) {
            await this.page.mouse.move(0, 0);
            await point();
          }
          return false;
        }
        const text = plain(await hover.innerText({ timeout: 2000 }));
        return (typeof expect === 'string' ? text.includes(expect) : expect.test(text)) && text;
      },
      { what: `a hover matching ${expect}` },
    );
  }

  /** Puts the cursor on the squiggle's text by clicking it. */
  async clickOn(squiggle: Locator): Promise<void> {
    const box = await this.boxOf(squiggle);
    await this.page.mouse.click(box.x + Math.min(4, box.width / 2), box.y + box.height / 2);
    await this.page.mouse.move(0, 0); // leave no hover over the text
    await this.page.keyboard.press('Escape');
  }

  lightbulb(): Locator {
    return this.editor().locator('.lightBulbWidget[class*="codicon-"], [class*="codicon-gutter-lightbulb"]').first();
  }

  /**
   * Applies the code action titled `title` on the cursor's line. Waits for the gutter lightbulb
   * first (Ctrl+. pressed before VS Code's own code-action check is done shows "No code actions
   * available"), moving the cursor off and back when it does not come, then opens the menu by
   * clicking the lightbulb or with Ctrl+., and picks the entry with the keyboard (an overlay over
   * the menu swallows clicks).
   */
  async applyCodeAction(title: string, via: 'lightbulb' | 'keyboard', beforePick?: () => Promise<void>): Promise<void> {
    const bulb = this.lightbulb();
    const menu = this.page.locator('.action-widget');
    const rows = menu.locator('.monaco-list-row.action');
    let entries: string[] = [];
    try {
      await poll(
        async () => {
          const shown = await bulb.waitFor({ state: 'visible', timeout: 5000 }).then(
            () => true,
            () => false,
          );
          if (!shown) {
            // VS Code asks for code actions again when the cursor moves in a focused editor: off and back.
            await this.page.keyboard.press('ArrowRight');
            await this.page.keyboard.press('ArrowLeft');
            if (via === 'lightbulb') return false;
            // Ctrl+. asks for itself; a menu that says "No code actions available" is closed and asked again.
          }
          if (via === 'lightbulb') await bulb.click();
          else await this.page.keyboard.press('Control+.');
          try {
            await poll(async () => (await menu.isVisible()) && (await rows.count()) > 0, { timeoutMs: 3000, what: 'the code action menu' });
            entries = (await rows.allInnerTexts()).map((t) => plain(t).trim());
            if (entries.some((t) => t.includes(title))) return true;
          } catch {
            // "No code actions available": asked while the lightbulb still showed the previous edit's answer
          }
          await this.page.keyboard.press('Escape'); // close, and ask again
          return false;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: `the code action "${title}"` },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; the menu last showed ${JSON.stringify(entries)}`);
    }
    await beforePick?.();
    await poll(
      async () => {
        const focused = plain(
          (await menu
            .locator('.monaco-list-row.focused')
            .first()
            .textContent()
            .catch(() => '')) ?? '',
        );
        if (focused.includes(title)) return true;
        await this.page.keyboard.press('ArrowDown');
        return false;
      },
      { what: `"${title}" to be selected in the code action menu` },
    );
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }

  // --- quick picks, dialogs, webviews ---------------------------------------------------------

  /** In an open quick pick titled `title`: types `filter` and accepts the row that shows `expect`. */
  async pickQuickItem(title: string, filter: string, expect: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
    await widget.locator('.quick-input-box input').fill(filter);
    await poll(async () => (await widget.locator('.monaco-list-row.focused').first().textContent())?.includes(expect), {
      what: `"${expect}" to be selected in the quick pick "${title}"`,
    });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Answers a save dialog titled `title`. In the browser that is VS Code's simple file dialog, a
   * quick input holding a path: types the absolute `file` and accepts it (`beforeAccept` runs
   * while the dialog shows the path, e.g. for a screenshot).
   */
  async answerSaveDialog(title: string, file: string, beforeAccept?: () => Promise<void>): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog lists its folder and then writes its proposed path over the input: type after that.
    await widget.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    const input = widget.locator('.quick-input-box input');
    await poll(
      async () => {
        if ((await input.inputValue()) === file) return true; // and it stayed so since the last check
        await input.fill(file);
        return false;
      },
      { intervalMs: 500, what: `${file} to stay in the save dialog` },
    );
    await beforeAccept?.();
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  /** "Developer: Reload Window", then waits for the new page's workbench to show the workspace. */
  async reloadWindow(): Promise<void> {
    await this.page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    await this.runCommand('Developer: Reload Window');
    await poll(async () => !(await this.page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload).catch(() => true)), {
      timeoutMs: 60_000,
      what: 'the window to reload',
    });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** The active editor's cursor as the status bar shows it: "Ln 40, Col 20". */
  async cursorPosition(): Promise<string> {
    return plain(await this.page.locator('[id="status.editor.selection"]').innerText()).trim();
  }

  /** The modal dialog's button labelled `label` (clicked by the caller). */
  dialogButton(label: string): Locator {
    return this.page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first();
  }

  /** The content of the active webview panel. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  // --- settings -------------------------------------------------------------------------------

  /**
   * Edits the user settings as a user does: "Preferences: Open User Settings (JSON)", replace the
   * text, save. Returns once the file on disk holds the new settings.
   */
  async updateUserSettings(patch: Record<string, unknown>): Promise<void> {
    const current = JSON.parse(fs.readFileSync(this.server.settingsFile, 'utf8')) as Record<string, unknown>;
    const next = { ...current, ...patch };
    await this.runCommand('Preferences: Open User Settings (JSON)');
    await this.page.locator('.tabs-container .tab.active[data-resource-name="settings.json"]').waitFor({ state: 'visible' });
    await this.replaceText(JSON.stringify(next, null, 2));
    await this.save();
    await poll(() => JSON.stringify(JSON.parse(fs.readFileSync(this.server.settingsFile, 'utf8'))) === JSON.stringify(next), {
      what: 'settings.json to be written',
    });
    await this.page.keyboard.press('Control+W');
  }
}

export interface ProblemEntry {
  file: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** As shown in the row: `socklint`, `missing-error-listener`, `[Ln 3, Col 14]`. */
  source: string;
  code: string;
  position: string;
}
