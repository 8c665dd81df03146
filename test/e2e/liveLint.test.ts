// Live facts in the editor, in a real VS Code, against the leaking relay demo run from the
// workspace (examples/live/leaky-relay.js copied in): attached with creation-site tracing, the
// relay's `net.connect` line shows its live sockets (CodeLens and end-of-line note), its
// missing-error-listener finding is "confirmed live" in Problems, the CodeLens and "Watch this line
// live" (quick fix) open the panel filtered to that line, detach removes every live decoration, and
// after a window reload the last facts are shown stale without re-attaching.
// Screenshots: e2e-output/live-lint-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { INSPECT_ANY_PORT, LIVE, startTarget, truthSockets, type Target } from '../../packages/inspector/test/helpers';
import { plain, poll, useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');
const RELAY_SOURCE = path.join(LIVE, 'leaky-relay.js');
const RELAY_FILE = 'leaky-relay.js';
/** The relay's `net.connect` line (marked in the demo), found by reading the file. */
const UPSTREAM_LINE =
  fs
    .readFileSync(RELAY_SOURCE, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('// relay: upstream connection')) + 1;
const UPSTREAM_COLUMN = fs.readFileSync(RELAY_SOURCE, 'utf8').split('\n')[UPSTREAM_LINE - 1]!.indexOf('net.connect') + 1;
/** Sockets with no timeout count as leaking after this idle time (the setting; 60 s by default). */
const IDLE_SECONDS = 2;

describe('socklint live facts at the source line, in a real VS Code', function () {
  this.timeout(180_000);
  let target: Target;
  let relayPort: number;
  let relayPath: string;
  const clients: net.Socket[] = [];

  const session = useSession({ name: 'live-lint', workspace: WORKSPACE, settings: { 'socklint.live.idleSeconds': IDLE_SECONDS } });

  before(async function () {
    // The demo runs from the workspace, so its creation sites are workspace files.
    relayPath = path.join(session().workspace, RELAY_FILE);
    fs.copyFileSync(RELAY_SOURCE, relayPath);
    // Few connections and no abandoned ones: every socket of the upstream line comes from this test's clients.
    target = await startTarget(relayPath, ['--connections', '5', '--leak-every', '0', '--rate', '200', '--lifetime', '600'], INSPECT_ANY_PORT);
    await target.waitFor('load-done', 30_000);
    relayPort = target.events.ready.relayPort;
  });

  let built: Target | undefined;
  let missed: Target | undefined;

  after(async () => {
    for (const c of clients) c.destroy();
    await target?.stop();
    await built?.stop();
    await missed?.stop();
  });

  /** A client that exchanges a line through the relay and stays open: one upstream socket at the net.connect line. */
  async function relayClient(port = relayPort): Promise<void> {
    const c = net.connect(port, '127.0.0.1');
    c.on('error', () => {});
    clients.push(c);
    await new Promise<void>((resolve) => {
      c.once('data', () => resolve());
      c.write('hello\n');
    });
  }

  const panel = () => session().webview();
  /** The editor showing the relay, whichever group is active (the panel opens beside it). */
  const relayEditor = () =>
    session()
      .page.locator(`.editor-group-container:has(.tabs-container .tab.active[data-resource-name="${RELAY_FILE}"]) .editor-instance .monaco-editor`)
      .first();
  const lenses = () => relayEditor().locator('.codelens-decoration');
  const lensTexts = async () => (await lenses().allInnerTexts()).map((t) => plain(t).trim()).filter(Boolean);

  /** The end-of-line notes (CSS ::after content of the decorations) with the text of the line each is on. */
  async function decorations(): Promise<Array<{ line: string; note: string }>> {
    return relayEditor()
      .locator('.view-lines .view-line')
      .evaluateAll((lines) =>
        lines.flatMap((line) =>
          [...line.querySelectorAll('span')]
            .map((span) => getComputedStyle(span, '::after').content)
            .filter((c) => c && c !== 'none' && c !== 'normal' && /live/.test(c))
            .map((note) => ({ line: (line.textContent ?? '').replace(/\u00a0/g, ' '), note: note.replace(/^"|"$/g, '') })),
        ),
      );
  }

  async function waitForLens(expect: RegExp, what: string): Promise<string> {
    let last: string[] = [];
    try {
      return await poll(async () => (last = await lensTexts()).find((t) => expect.test(t)), { timeoutMs: 60_000, what });
    } catch (err) {
      throw new Error(`${(err as Error).message}; the CodeLenses show ${JSON.stringify(last)}`);
    }
  }

  async function confirmAttach(pid = target.pid): Promise<void> {
    const attach = session().dialogButton('Attach');
    await attach.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await session().page.locator('.monaco-dialog-box').innerText(), new RegExp(`process ${pid}`));
    await attach.click();
  }

  /** The socket table's rows as [site] text, once it shows `count` rows. */
  async function filteredRows(count: number): Promise<string[]> {
    const rows = panel().locator('#sockets-table tbody tr[data-fd]');
    let sites: string[] = [];
    try {
      await poll(async () => (sites = await rows.locator('td:last-child').allInnerTexts()).length === count, {
        timeoutMs: 30_000,
        what: `${count} rows in the filtered socket table`,
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}; it shows ${JSON.stringify(sites)}`);
    }
    return sites;
  }

  async function assertNothingLive(what: string): Promise<void> {
    await poll(async () => (await lensTexts()).length === 0 && (await decorations()).length === 0, {
      timeoutMs: 30_000,
      what: `no live CodeLens or note ${what}`,
    });
    await session().waitForProblems((list) => !list.some((p) => p.source.includes('socklint live')), `no live diagnostics ${what}`);
  }

  /** The relay's editor in front, scrolled to the net.connect line, the cursor on its finding. */
  async function revealUpstream(): Promise<void> {
    await session().page.locator(`.tabs-container .tab[data-resource-name="${RELAY_FILE}"]`).first().click();
    // Go to Line (Ctrl+G), pressed again until it opens: right after a reload the first press can reach no one.
    const input = session().page.locator('.quick-input-widget .quick-input-box input');
    await poll(
      async () => {
        if (await input.isVisible()) return true;
        await session().page.keyboard.press('Control+G');
        return input.waitFor({ state: 'visible', timeout: 3000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'Go to Line' },
    );
    await session().page.keyboard.type(`${UPSTREAM_LINE}:${UPSTREAM_COLUMN + 2}`);
    await session().page.keyboard.press('Enter');
    await poll(async () => (await session().cursorPosition()) === `Ln ${UPSTREAM_LINE}, Col ${UPSTREAM_COLUMN + 2}`, { what: 'the cursor on the finding' });
    // A click where the cursor is: the editor's text has the focus (the lightbulb shows for a focused editor only).
    const cursor = await poll(async () => relayEditor().locator('.cursors-layer .cursor').first().boundingBox(), { what: 'the cursor on screen' });
    await session().page.mouse.click(cursor.x + 1, cursor.y + cursor.height / 2);
    await session().page.mouse.move(0, 0);
    await session().page.keyboard.press('Escape');
    // Code actions are asked for when the cursor moves in a focused editor: move it there and back.
    await session().page.keyboard.press('ArrowRight');
    await session().page.keyboard.press('ArrowLeft');
    await poll(async () => (await session().cursorPosition()) === `Ln ${UPSTREAM_LINE}, Col ${UPSTREAM_COLUMN + 2}`, {
      what: 'the cursor back on the finding',
    });
  }

  /** A creation site of the upstream line as the process names it (the column is V8's, at `connect`). */
  const UPSTREAM_SITE = () => {
    const escaped = relayPath.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    return new RegExp(`^${escaped}:${UPSTREAM_LINE}:\\d+$`);
  };

  it("shows the live sockets at the relay's net.connect line once attached with creation sites traced", async () => {
    await session().page.keyboard.press('Control+B'); // no side bar: room for the end-of-line note
    await session().openFile(RELAY_FILE);
    // The lint finding at the line is there before anything is attached; no live facts yet.
    await session().waitForSquiggle('error');
    assert.deepEqual(await lensTexts(), []);

    await session().runCommand('Socklint: Attach Inspector…');
    await session().pickQuickItem('Socklint: Attach Inspector', `${target.pid}:`, `${target.pid}: `);
    await confirmAttach();
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    await panel().locator('#trace-sites').check();
    await poll(async () => (await panel().locator('#trace-sites').isChecked()) && (await panel().locator('#sites-hint').isHidden()), {
      timeoutMs: 30_000,
      what: 'creation-site tracing to be on',
    });
    // Sites are recorded for sockets created from now on.
    for (let i = 0; i < 3; i++) await relayClient();

    const lens = await waitForLens(/^\S*\s*3 live · 3 no timeout · 3 no 'error' listener · oldest (<1|\d+) min since created$/, 'the live facts in a CodeLens');
    let notes: Array<{ line: string; note: string }> = [];
    await poll(async () => (notes = await decorations()).length === 1, { timeoutMs: 30_000, what: 'one end-of-line live note' });
    assert.match(notes[0]!.line, /const upstream = net\.connect\(backend\.address\(\)\.port/, `the note is on another line: ${JSON.stringify(notes)}`);
    assert.match(notes[0]!.note, /3 live · 3 no timeout · 3 no 'error' listener · oldest (<1|\d+) min since created/);
    // The CodeLens sits above the net.connect line: the line right below it in the editor.
    const lensBox = await lenses().first().boundingBox();
    const lineBox = await relayEditor().locator('.view-line', { hasText: 'relay: upstream connection' }).boundingBox();
    assert.ok(
      lensBox && lineBox && lineBox.y >= lensBox.y && lineBox.y - lensBox.y < 2 * lineBox.height,
      `CodeLens at y=${lensBox?.y}, the line at y=${lineBox?.y}`,
    );
    assert.ok(lens.includes('3 live'));
    // For the screenshot, room for the whole line and its note: a wider window, the editor group maximised.
    await session().page.setViewportSize({ width: 1800, height: 900 });
    await revealUpstream();
    await session().runCommand('View: Toggle Maximize Editor Group');
    await session().screenshot('live-facts-at-line');
    await session().runCommand('View: Toggle Maximize Editor Group');
    await session().page.setViewportSize({ width: 1400, height: 900 });
  });

  it('confirms the finding at that line with a "socklint live" diagnostic', async () => {
    const at = `[Ln ${UPSTREAM_LINE}, Col ${UPSTREAM_COLUMN}]`;
    const entries = await session().waitForProblems(
      (list) =>
        list.some(
          (p) =>
            p.source.includes('socklint live') &&
            p.position === at &&
            p.message.startsWith("confirmed live: 3 sockets from this line with no 'error' listener"),
        ) &&
        list.some(
          (p) =>
            p.source.includes('socklint live') &&
            p.position === at &&
            p.message.startsWith(`confirmed live: 3 sockets from this line with no timeout, idle ${IDLE_SECONDS} s or longer`),
        ),
      'the findings at the net.connect line confirmed live',
      60_000,
    );
    const live = entries.filter((p) => p.source.includes('socklint live'));
    // Only findings the sockets show are confirmed: both at the net.connect line, each with its rule.
    assert.deepEqual(
      live.map((p) => [p.position, p.code]).sort(),
      [
        [at, 'missing-error-listener'],
        [at, 'missing-socket-timeout'],
      ].sort(),
      JSON.stringify(live),
    );
    assert.ok(
      live.every((p) => /oldest (<1|\d+) min since created$/.test(p.message)),
      JSON.stringify(live),
    );
    // The lint findings are still there, unchanged.
    assert.ok(entries.some((p) => p.source.includes('socklint') && !p.source.includes('live') && p.code === 'missing-error-listener' && p.position === at));
    await session().screenshot('confirmed-live-problems');
  });

  it("opens the panel filtered to the line's sockets from the CodeLens", async () => {
    await revealUpstream();
    await lenses().locator('a', { hasText: '3 live' }).first().click();
    await panel().locator('#site-filter').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await panel().locator('#site-filter-label').innerText(), `${RELAY_FILE}:${UPSTREAM_LINE}`);
    const sites = await filteredRows(3);
    for (const site of sites) assert.match(site, UPSTREAM_SITE());
    // Unfiltered, the table has more: the relay's accepted sockets and the backend's.
    assert.ok(Number(await panel().locator('#sockets-shown').getAttribute('data-total')) > 3);
    await panel().locator('#sockets-table').scrollIntoViewIfNeeded();
    await session().screenshot('panel-filtered-from-codelens');
    await panel().locator('#clear-site-filter').click();
    await panel().locator('#site-filter').waitFor({ state: 'hidden' });
    await poll(async () => (await panel().locator('#sockets-table tbody tr[data-fd]').count()) > 3, { what: 'every socket listed again' });
  });

  it('removes every live CodeLens, note and diagnostic on detach', async () => {
    await panel().locator('#detach').click();
    await panel().locator('#status[data-status="detached"]').waitFor({ timeout: 30_000 });
    await assertNothingLive('after detaching');
    // The lint findings stay.
    assert.ok((await session().problems()).some((p) => p.code === 'missing-error-listener'));
    await session().screenshot('detached-nothing-live');
  });

  it('"Watch this line live" from the quick-fix menu attaches with tracing and opens the panel filtered to the line', async () => {
    await revealUpstream();
    await session().applyCodeAction('Watch this line live', 'keyboard', () =>
      session()
        .screenshot('quick-fix-watch-line')
        .then(() => undefined),
    );
    // Not attached: the attach picker, then the confirmation, as for "Attach Inspector…".
    await session().pickQuickItem('Socklint: Attach Inspector', `${target.pid}:`, `${target.pid}: `);
    await confirmAttach();
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    await poll(async () => panel().locator('#trace-sites').isChecked(), { timeoutMs: 30_000, what: 'creation-site tracing on' });
    await panel().locator('#site-filter').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await panel().locator('#site-filter-label').innerText(), `${RELAY_FILE}:${UPSTREAM_LINE}`);
    // Sockets the line creates from now on are listed (the earlier ones were created before this tracing).
    await relayClient();
    await relayClient();
    const sites = await filteredRows(2);
    for (const site of sites) assert.match(site, UPSTREAM_SITE());
    await waitForLens(/2 live · 2 no timeout/, 'the live facts back in the CodeLens');
    await panel().locator('#sockets-table').scrollIntoViewIfNeeded();
    await session().screenshot('panel-filtered-from-quick-fix');
  });

  it('shows the last facts as stale after a window reload, never re-attaches, and clears them on request', async () => {
    await waitForLens(/2 live/, 'the live facts before the reload');
    // The facts are saved every 3 s: wait until a save after the last change.
    const endpoint = /(\d+\.\d+\.\d+\.\d+):(\d+)\s*$/.exec(await panel().locator('#target').innerText());
    assert.ok(endpoint, 'no inspector endpoint shown');
    const inspectorPort = Number(endpoint[2]);
    const steady = Number(await panel().locator('#chart-tcp').getAttribute('data-points'));
    await poll(async () => Number(await panel().locator('#chart-tcp').getAttribute('data-points')) >= steady + 4, {
      timeoutMs: 30_000,
      what: 'four more samples',
    });

    await session().page.keyboard.press('Control+B'); // the side bar back: the reload waits for the explorer
    await session().reloadWindow();
    // The editor comes back by itself (scrolled where it was).
    const stale = await waitForLens(/^stale \(before the window reloaded, .*\): 2 live · 2 no timeout .* · clear$/, 'the stale facts after the reload');
    let notes: Array<{ line: string; note: string }> = [];
    await poll(async () => (notes = await decorations()).length === 1, { timeoutMs: 30_000, what: 'the stale end-of-line note' });
    assert.match(notes[0]!.note, /^stale: 2 live/);
    assert.match(notes[0]!.line, /net\.connect\(backend\.address\(\)\.port/);
    // Stale facts confirm nothing, and nothing is attached.
    const live = (await session().problems()).filter((p) => p.source.includes('socklint live'));
    assert.deepEqual(live, []);
    const connected = truthSockets(target.pid).filter((r) => r.localPort === inspectorPort && r.state === 'ESTABLISHED');
    assert.equal(connected.length, 0, `${connected.length} connection(s) to the target's inspector after the reload`);
    assert.ok(stale.startsWith('stale'));
    await revealUpstream();
    await session().screenshot('stale-after-reload');

    await lenses().locator('a', { hasText: 'stale' }).first().click();
    await assertNothingLive('after clearing the stale facts');
    await session().screenshot('stale-cleared');
  });

  it('shows the sockets of a built file (dist/, with a source map) at the source line', async () => {
    // The relay built by esbuild into dist/ with a linked source map: its net.connect is on another line there.
    const dist = path.join(session().workspace, 'dist', RELAY_FILE);
    buildSync({ entryPoints: [relayPath], outfile: dist, bundle: false, platform: 'node', format: 'cjs', sourcemap: 'linked', logLevel: 'silent' });
    const builtLine =
      fs
        .readFileSync(dist, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('upstream = net.connect')) + 1;
    assert.ok(builtLine > 0 && builtLine !== UPSTREAM_LINE, `net.connect is on line ${builtLine} of the built file`);
    built = await startTarget(dist, ['--connections', '5', '--leak-every', '0', '--rate', '200', '--lifetime', '600'], INSPECT_ANY_PORT);
    await built.waitFor('load-done', 30_000);

    // "Watch this line live" on the source line, attached to the built process.
    await revealUpstream();
    await session().applyCodeAction('Watch this line live', 'keyboard');
    await session().pickQuickItem('Socklint: Attach Inspector', `${built.pid}:`, `${built.pid}: `);
    await confirmAttach(built.pid);
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    for (let i = 0; i < 2; i++) await relayClient(built.events.ready.relayPort);

    // The facts of dist/leaky-relay.js:<builtLine> are shown at the source's net.connect line...
    await waitForLens(/2 live · 2 no timeout · 2 no 'error' listener/, "the built file's sockets at the source line");
    const notes = await decorations();
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.match(notes[0]!.line, /const upstream = net\.connect\(backend\.address\(\)\.port/);
    // ...and the panel's filter follows the process's own sites once they are known.
    const escaped = dist.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    const sites = await filteredRows(2);
    for (const site of sites) assert.match(site, new RegExp(`^${escaped}:${builtLine}:\\d+$`));
    await panel().locator('#sockets-table').scrollIntoViewIfNeeded();
    await session().screenshot('built-file-at-source-line');

    await panel().locator('#detach').click();
    await panel().locator('#status[data-status="detached"]').waitFor({ timeout: 30_000 });
    await assertNothingLive('after detaching from the built process');
  });

  it('marks a line whose live sockets leak while no lint finding covers it', async () => {
    // pool.js hands its socket to the caller (no rule reports that line); main.js keeps them open with no timeout.
    const dir = path.join(session().workspace, 'live-miss');
    fs.cpSync(path.join(__dirname, 'fixtures', 'live-miss'), dir, { recursive: true });
    const openLine =
      fs
        .readFileSync(path.join(dir, 'pool.js'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('net.connect(')) + 1;
    missed = await startTarget(path.join(dir, 'main.js'), [], INSPECT_ANY_PORT);
    await missed.waitFor('ready', 30_000);
    await session().openFile('live-miss/pool.js');

    await session().runCommand('Socklint: Attach Inspector…');
    await session().pickQuickItem('Socklint: Attach Inspector', `${missed.pid}:`, `${missed.pid}: `);
    await confirmAttach(missed.pid);
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    // The previous process's site filter is gone with it.
    await panel().locator('#site-filter').waitFor({ state: 'hidden' });
    await panel().locator('#trace-sites').check();

    const at = `[Ln ${openLine}, Col 3]`;
    const message = new RegExp(
      `^live sockets here show \\d+ sockets? from this line with no timeout, idle ${IDLE_SECONDS} s or longer, oldest (<1|\\d+) min since created; no lint finding covers it$`,
    );
    const entries = await session().waitForProblems(
      (list) =>
        list.some((p) => p.file === 'pool.js' && p.source.includes('socklint live') && p.code === 'live-leak' && p.position === at && message.test(p.message)),
      'a live diagnostic at the line no finding covers',
      60_000,
    );
    assert.deepEqual(
      entries.filter((p) => p.file === 'pool.js' && !p.source.includes('socklint live')),
      [],
      'a lint finding in pool.js: the line is not a miss',
    );
    await session().screenshot('live-leak-no-finding');

    await panel().locator('#detach').click();
    await panel().locator('#status[data-status="detached"]').waitFor({ timeout: 30_000 });
    await session().waitForProblems((list) => !list.some((p) => p.source.includes('socklint live')), 'no live diagnostics after detaching');
  });
});
