// Issue 15 in a real VS Code: the attach picker lists a Python service that is not Node.js
// (marked "kernel view", with its command line), the panel charts its CLOSE_WAIT count read from
// /proc, and its table groups the sockets by remote endpoint. The service is never signalled.
// Screenshots: e2e-output/kernel-view-<time>/screenshots/.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listenPorts } from '../../packages/inspector/test/helpers';
import { assertUntouched, ssRows, startPython, type Service } from '../../packages/inspector/test/kernel-view-helpers';
import { poll, useSession } from './harness';

const WORKSPACE = path.join(__dirname, 'fixtures', 'workspace');
const LEAKED = 12;

describe('socklint inspector panel: the kernel view of a process that is not Node.js', function () {
  this.timeout(120_000);
  let upstream: Service;
  let service: Service;
  let listenBefore: number[];

  before(async () => {
    upstream = await startPython(['upstream']);
    service = await startPython(['service', '--upstream', String(upstream.ready.port), '--count', String(LEAKED)]);
    await poll(async () => ssRows(service.pid).filter((r) => r.state === 'CLOSE-WAIT').length === LEAKED, { what: `${LEAKED} CLOSE_WAIT in ss` });
    listenBefore = listenPorts(service.pid);
  });
  const session = useSession({ name: 'kernel-view', workspace: WORKSPACE });
  after(async () => {
    await service?.stop();
    await upstream?.stop();
  });

  const panel = () => session().webview();

  it('the picker lists the Python service for its kernel view, and the panel charts its CLOSE_WAIT sockets grouped by peer', async () => {
    await session().runCommand('Socklint: Attach Inspector…');
    // The picker's row, read before it is accepted: its command line and the kernel-view mark.
    const widget = session().page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Socklint: Attach Inspector' }).waitFor({ state: 'visible', timeout: 30_000 });
    await widget.locator('.quick-input-box input').fill(`${service.pid}:`);
    const row = widget.locator('.monaco-list-row.focused').first();
    await poll(async () => (await row.textContent())?.includes(`${service.pid}: `), { what: `the row of pid ${service.pid} selected` });
    const shown = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(
      shown,
      new RegExp(`${service.pid}: python3 kernel-service\\.py service --upstream ${upstream.ready.port} --count ${LEAKED}`),
      'its command line',
    );
    assert.match(shown, /kernel view/, 'marked kernel view');
    await session().screenshot('picker');
    await session().page.keyboard.press('Enter');
    const ok = session().dialogButton('Attach');
    await ok.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await session().page.locator('.monaco-dialog-box').innerText(), new RegExp(`kernel view of process ${service.pid}`));
    await ok.click();
    await panel().locator('#status[data-status="attached"]').waitFor({ timeout: 30_000 });
    await poll(async () => (await panel().locator('#tcp-close-wait').innerText()) === String(LEAKED), {
      timeoutMs: 30_000,
      what: `CLOSE_WAIT ${LEAKED} in the panel`,
    });
    await poll(async () => Number(await panel().locator('#chart-tcp').getAttribute('data-points')) >= 2, { timeoutMs: 30_000, what: 'two samples charted' });
    assert.match(await panel().locator('#target').innerText(), /kernel view/);
    const group = panel().locator(`#groups-table tr[data-remote="127.0.0.1:${upstream.ready.port}"] td`);
    await group.first().waitFor({ timeout: 30_000 });
    assert.deepEqual((await group.allInnerTexts()).slice(0, 4), ['CLOSE_WAIT', `to 127.0.0.1:${upstream.ready.port}`, '–', String(LEAKED)]);
    assert.match(
      await panel().locator('#verdicts').innerText(),
      new RegExp(`${LEAKED} sockets to 127\\.0\\.0\\.1:${upstream.ready.port} in CLOSE_WAIT with unread data`),
    );
    await poll(async () => (await panel().locator('#sockets-table tbody tr[data-state="CLOSE_WAIT"]').count()) === LEAKED, {
      timeoutMs: 30_000,
      what: 'the CLOSE_WAIT rows in the socket table',
    });
    await session().screenshot('panel-kernel-view');
    await panel().locator('#detach').click();
    await panel().locator('#status[data-status="detached"]').waitFor({ timeout: 30_000 });
    await assertUntouched(service);
    assert.deepEqual(listenPorts(service.pid), listenBefore, 'no port opened in the service');
  });
});
