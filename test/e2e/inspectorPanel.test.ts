// The inspector panel's own features in a real VS Code, against the leaking relay demo
// (examples/live/leaky-relay.js): export through the save dialog (JSON and markdown, read back from
// disk), creation sites switched on in the panel and opened in an editor, and a window reload that
// brings the panel back detached with its last data until the user re-attaches.
// Screenshots: e2e-output/inspector-panel-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { INSPECT_ANY_PORT, LIVE, startTarget, truthSockets, type Target } from '../../packages/inspector/test/helpers';
import { plain, poll, useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');
const RELAY = path.join(LIVE, 'leaky-relay.js');
/** The relay's `net.connect` line (marked in the demo), found by reading the file. */
const UPSTREAM_LINE =
  fs
    .readFileSync(RELAY, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('// relay: upstream connection')) + 1;
const CONNECTIONS = 60;
const LEAK_EVERY = 3;
/** Each abandoned client holds four sockets in the one process: client, relay x2, backend. */
const LEAKED_SOCKETS = 4 * (CONNECTIONS / LEAK_EVERY);

describe('socklint inspector panel: export, creation sites, reload', function () {
  this.timeout(120_000);
  let target: Target;
  let relayPort: number;
  const clients: net.Socket[] = [];

  /** More load through the relay: a client that exchanges a line and then stays open (three sockets in the relay's process). */
  async function relayClient(): Promise<void> {
    const c = net.connect(relayPort, '127.0.0.1');
    c.on('error', () => {});
    clients.push(c);
    await new Promise<void>((resolve) => {
      c.once('data', () => resolve());
      c.write('hello\n');
    });
  }

  const panel = () => session().webview();
  const socketTotal = async () => Number(await panel().locator('#socket-total').getAttribute('data-value'));
  const points = async () => Number(await panel().locator('#chart-tcp').getAttribute('data-points'));

  async function waitForTotal(accept: (n: number) => boolean, what: string): Promise<number> {
    let last = NaN;
    try {
      return await poll(async () => accept((last = await socketTotal())) && last, { timeoutMs: 30_000, what });
    } catch (err) {
      throw new Error(`${(err as Error).message} (the panel shows ${last})`);
    }
  }

  /** The confirmation modal, answered "Attach". */
  async function confirmAttach(): Promise<void> {
    const attach = session().dialogButton('Attach');
    await attach.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await session().page.locator('.monaco-dialog-box').innerText(), new RegExp(`process ${target.pid}`));
    await attach.click();
  }

  before(async function () {
    // No inspector open yet: attaching sends SIGUSR1; --inspect-port=0 makes it open on a free port.
    target = await startTarget(
      RELAY,
      ['--connections', String(CONNECTIONS), '--leak-every', String(LEAK_EVERY), '--rate', '200', '--lifetime', '600'],
      INSPECT_ANY_PORT,
    );
    await target.waitFor('load-done', 30_000);
    relayPort = target.events.ready.relayPort;
  });
  const session = useSession({ name: 'inspector-panel', workspace: WORKSPACE });

  after(async () => {
    for (const c of clients) c.destroy();
    await target?.stop();
  });

  it('attaches to the relay and counts its leaked sockets', async () => {
    await session().runCommand('Socklint: Attach Inspector…');
    await session().pickQuickItem('Socklint: Attach Inspector', `${target.pid}:`, `${target.pid}: `);
    await confirmAttach();
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    await waitForTotal((n) => n === LEAKED_SOCKETS, `${LEAKED_SOCKETS} sockets in the panel`);
    // The verdict first: the relay's sockets with no timeout, and the rule that covers them.
    const verdict = panel().locator('#verdict-line');
    await verdict.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await verdict.innerText(), new RegExp(`^${LEAKED_SOCKETS / 2} sockets with no timeout \\(missing-socket-timeout\\)`));
    assert.ok((await panel().locator('#verdict-hint').innerText()).includes('creation sites are not traced'));
    await session().screenshot('panel-attached');
  });

  it('exports the snapshot as JSON and as a markdown report through the save dialog', async () => {
    const json = path.join(session().workspace, 'relay-snapshot.json');
    // A few samples in: the export carries them all.
    await poll(async () => (await points()) >= 3, { timeoutMs: 30_000, what: 'three samples charted' });
    await panel().locator('#export-json').click();
    await session().answerSaveDialog('Export inspector snapshot (JSON)', json, () =>
      session()
        .screenshot('export-json-dialog')
        .then(() => undefined),
    );
    // The notification comes once the file is written (it is created first, then filled).
    await session()
      .page.locator('.notifications-toasts', { hasText: `snapshot saved to ${json}` })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const snap = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.equal(snap.target.pid, target.pid);
    assert.equal(snap.sample.pid, target.pid);
    assert.ok(snap.sample.sockets.total > 0, `socket total ${snap.sample.sockets.total}`);
    assert.equal(snap.sample.sockets.total, LEAKED_SOCKETS);
    // Exported while attached: the socket table is fetched fresh, every socket in it.
    assert.equal(snap.sockets.total, LEAKED_SOCKETS);
    assert.equal(snap.sockets.items.length, LEAKED_SOCKETS);
    // The history of samples, not only the last one, and what the panel concluded from it.
    assert.ok(snap.history.length >= 3, `${snap.history.length} samples in the history`);
    assert.ok(snap.history.every((h: { pid: number }) => h.pid === target.pid));
    assert.ok(snap.history.every((h: { t: number }, i: number) => i === 0 || h.t > snap.history[i - 1].t));
    assert.equal(snap.history[snap.history.length - 1].seq, snap.sample.seq);
    assert.equal(snap.verdict.items[0].rule, 'missing-socket-timeout');
    assert.equal(snap.verdict.items[0].count, LEAKED_SOCKETS / 2);
    await session().screenshot('export-json-saved');

    const md = path.join(session().workspace, 'relay-report.md');
    await panel().locator('#export-md').click();
    await session().answerSaveDialog('Export inspector report (Markdown)', md);
    await session()
      .page.locator('.notifications-toasts', { hasText: `snapshot saved to ${md}` })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const report = fs.readFileSync(md, 'utf8');
    assert.match(report, new RegExp(`^# Socklint inspector snapshot: node leaky-relay\\.js \\(pid ${target.pid}\\)$`, 'm'));
    for (const heading of [
      '## Verdict',
      '## Summary',
      '## Servers',
      '## Agent pools',
      "## Resources (ref'd)",
      `## Sockets (${LEAKED_SOCKETS} of ${LEAKED_SOCKETS})`,
    ]) {
      assert.ok(report.split('\n').includes(heading), `no "${heading}" in the report:\n${report}`);
    }
    assert.match(report, new RegExp(`^- Sockets \\(JS\\): \\*\\*${LEAKED_SOCKETS}\\*\\*`, 'm'));
    await session().screenshot('export-md-saved');
  });

  it("lists the relay's net.connect line once creation sites are traced, and opens it", async () => {
    assert.equal(await panel().locator('#sites-table a.site-link').count(), 0, 'sites listed before tracing was switched on');
    await panel().locator('#trace-sites').check();
    await poll(async () => (await panel().locator('#trace-sites').isChecked()) && (await panel().locator('#sites-hint').isHidden()), {
      timeoutMs: 30_000,
      what: 'creation-site tracing to be on',
    });
    // Sites are recorded for sockets created from now on: drive more clients through the relay.
    for (let i = 0; i < 3; i++) await relayClient();
    const link = panel().locator(`#sites-table a.site-link[data-file="${RELAY}"][data-line="${UPSTREAM_LINE}"]`);
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    const row = link.locator('xpath=ancestor::tr');
    await poll(async () => (await row.locator('td').nth(2).innerText()) === '3', { timeoutMs: 30_000, what: 'three open sockets at the net.connect site' });
    assert.equal(await row.locator('td').nth(1).innerText(), 'client');
    assert.match(await link.innerText(), new RegExp(`leaky-relay\\.js:${UPSTREAM_LINE}:\\d+$`));
    const column = Number(await link.getAttribute('data-column'));
    await session().screenshot('sites-listed');

    await link.click();
    const tab = session().page.locator('.tabs-container .tab.active[data-resource-name="leaky-relay.js"]');
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    // The file's folders, from the editor's breadcrumbs: the demo itself, not a namesake.
    const crumbs = session().page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
    let shown = '';
    try {
      await poll(async () => (shown = (await crumbs.allInnerTexts()).map((t) => plain(t).trim()).join('/')).endsWith('examples/live/leaky-relay.js'), {
        what: 'the breadcrumbs to show examples/live/leaky-relay.js',
      });
    } catch (err) {
      throw new Error(`${(err as Error).message} (they show ${shown})`);
    }
    await poll(async () => (await session().cursorPosition()) === `Ln ${UPSTREAM_LINE}, Col ${column}`, {
      what: `the cursor at line ${UPSTREAM_LINE}, column ${column}`,
    });
    assert.match(await session().editorText(), /net\.connect\(backend\.address\(\)\.port/);
    await session().screenshot('site-opened');
  });

  it('comes back detached with its last data after a window reload, and re-attaches only when asked', async () => {
    const before = await waitForTotal((n) => n === LEAKED_SOCKETS + 3 * clients.length, 'the count with the new clients');
    const endpoint = /(\d+\.\d+\.\d+\.\d+):(\d+)\s*$/.exec(await panel().locator('#target').innerText());
    assert.ok(endpoint, 'no inspector endpoint shown');
    const inspectorPort = Number(endpoint[2]);
    // The webview saves its state at most every 2 s: three more samples and the saved count is this one.
    const steadyFrom = await points();
    await poll(async () => (await points()) >= steadyFrom + 3, { timeoutMs: 30_000, what: 'three more samples plotted' });
    assert.equal(await socketTotal(), before, 'the count changed while waiting');
    const pointsBefore = await points();
    await session().screenshot('before-reload');

    await session().reloadWindow();
    const status = panel().locator('#status');
    await panel().locator('#status-message', { hasText: 'Not attached' }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await status.getAttribute('data-status'), 'detached');
    assert.equal(await socketTotal(), before);
    assert.ok((await points()) >= pointsBefore - 2, `charts restored with ${await points()} of ${pointsBefore} points`);
    await panel().locator('#reattach').waitFor({ state: 'visible' });
    assert.ok(await panel().locator('#detach').isHidden(), 'a Detach button while detached');
    assert.match(await panel().locator('#target').innerText(), new RegExp(`pid ${target.pid}`));
    await session().screenshot('restored-detached');

    // Never attached by itself: for several sample periods no sample arrives, the status stays
    // detached, and no client is connected to the target's inspector.
    const restoredPoints = await points();
    const deadline = Date.now() + 6000;
    while (Date.now() < deadline) {
      assert.equal(await status.getAttribute('data-status'), 'detached');
      assert.equal(await points(), restoredPoints, 'a sample arrived without re-attaching');
      const connected = truthSockets(target.pid).filter((r) => r.localPort === inspectorPort && r.state === 'ESTABLISHED');
      assert.equal(connected.length, 0, `${connected.length} connection(s) to the target's inspector after the reload`);
      assert.equal(await session().page.locator('.monaco-dialog-box').count(), 0, 'an attach confirmation nobody asked for');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    await panel().locator('#reattach').click();
    await confirmAttach();
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    const pointsAttached = await points();
    await poll(async () => (await points()) > pointsAttached, { timeoutMs: 30_000, what: 'new samples plotted after re-attaching' });
    // Live again: new clients through the relay show up in the count.
    await relayClient();
    await relayClient();
    await waitForTotal((n) => n === before + 6, `${before + 6} sockets after two more clients`);
    await session().screenshot('reattached-live');
  });
});
