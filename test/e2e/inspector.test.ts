// The live inspector inside a real VS Code: "Socklint: Attach Inspector…" from the command palette
// against a running demo target (examples/live/close-wait.js), then the panel's socket count and
// charts read from its webview. Screenshots: e2e-output/inspector-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { INSPECT_ANY_PORT, LIVE, startTarget, type Target } from '../../packages/inspector/test/helpers';
import { poll, useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');
const CLIENTS = 10;

describe('socklint inspector panel in a real VS Code', function () {
  this.timeout(120_000);
  let target: Target;

  before(async function () {
    // No inspector open yet: attaching sends SIGUSR1; --inspect-port=0 makes it open on a free port.
    target = await startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', String(CLIENTS), '--lifetime', '300'], INSPECT_ANY_PORT);
    await target.waitFor('load-done');
  });
  const session = useSession({ name: 'inspector', workspace: WORKSPACE });

  after(async () => {
    await target?.stop();
  });

  it('attaches to the picked process after confirmation and shows its sockets and charts', async () => {
    // A process started in the open folder: the picker offers it first.
    const inFolder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { cwd: session().workspace, stdio: 'ignore' });
    try {
      await session().runCommand('Socklint: Attach Inspector…');
      const widget = session().page.locator('.quick-input-widget');
      await widget.locator('.quick-input-title', { hasText: 'Socklint: Attach Inspector' }).waitFor({ state: 'visible', timeout: 30_000 });
      const labels = () => widget.locator('.monaco-list-row .label-name').allTextContents();
      await poll(async () => (await labels()).length > 0, { what: 'the process list' });
      assert.match((await labels())[0], new RegExp(`^${inFolder.pid}: `), (await labels()).join('\n'));
      // The editor's own processes (code-server, its server, file watcher, pty host, extension host) are not offered.
      await widget.locator('.quick-input-box input').fill('code-server');
      await poll(async () => !(await labels()).some((l) => /^\d+: /.test(l)), { what: 'no code-server process in the picker' });
      await session().screenshot('picker-without-editor-processes');
    } finally {
      inFolder.kill();
    }
    await session().pickQuickItem('Socklint: Attach Inspector', `${target.pid}:`, `${target.pid}: `);
    const attach = session().dialogButton('Attach');
    await attach.waitFor({ state: 'visible' });
    assert.match(await session().page.locator('.monaco-dialog-box').innerText(), new RegExp(`process ${target.pid}`));
    await session().screenshot('inspector-confirm');
    await attach.click();

    const panel = session().webview();
    await panel.locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    const sockets = await poll(
      async () => {
        const value = Number(await panel.locator('#socket-total').getAttribute('data-value'));
        return value > 0 && value;
      },
      { timeoutMs: 30_000, what: 'a non-zero socket count in the panel' },
    );
    // The target holds CLIENTS accepted sockets (plus its clients' ends in the same process).
    assert.ok(sockets >= CLIENTS, `socket count ${sockets}`);
    await poll(async () => Number(await panel.locator('#chart-tcp').getAttribute('data-points')) >= 2, {
      timeoutMs: 30_000,
      what: 'two samples plotted in the TCP chart',
    });
    const canvases = await panel.locator('#chart-tcp canvas').count();
    assert.ok(canvases > 0, 'the TCP chart has no canvas');
    const box = await panel.locator('#chart-tcp canvas').first().boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, `the TCP chart is not drawn at a visible size: ${JSON.stringify(box)}`);
    // A drawn series: coloured pixels in the plot (the axes, grid and labels are grey).
    const coloured = async () =>
      panel
        .locator('#chart-tcp canvas')
        .first()
        .evaluate((canvas) => {
          const c = canvas as HTMLCanvasElement;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4)
            if (data[i + 3]! > 0 && Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 80) n++;
          return n;
        });
    let lastColoured = 0;
    try {
      await poll(async () => (lastColoured = await coloured()) >= 20, { timeoutMs: 15_000, what: 'a series line drawn in the TCP chart' });
    } catch (err) {
      await session().screenshot('inspector-chart-empty');
      throw new Error(`${(err as Error).message} (${lastColoured} coloured pixels)`);
    }
    assert.ok(
      Number(
        await panel
          .locator('#tcp-close-wait')
          .innerText()
          .then((t) => t.replace(/\D/g, '')),
      ) >= 1,
      'no CLOSE_WAIT shown',
    );
    await session().screenshot('inspector-panel');

    await panel.locator('#detach').click();
    await panel.locator('#status[data-status="detached"]').waitFor({ timeout: 30_000 });
    await session().screenshot('inspector-detached');
  });
});
