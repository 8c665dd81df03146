// Issue 15, the panel: the picker's process list holds a Python service that is not Node.js
// (marked for the kernel view), a kernel-view session samples it from /proc, and the webview (in
// Chromium, the same HTML, CSP and script as in VS Code) charts its CLOSE_WAIT count and shows the
// groups by remote endpoint. The service is never signalled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../../client/src/inspector/html';
import { markdownReport } from '../../../client/src/inspector/report';
import { InspectorSession } from '../../../client/src/inspector/session';
import { viewRows } from '../../../client/src/inspector/webview/socketView';
import type { HostToWebview, KernelSample, WebviewToHost } from '@socklint/protocol/webview';
import { listKernelProcesses } from '../src';
import { listenPorts, ROOT } from './helpers';
import { assertUntouched, ssRows, startPython, type Service } from './kernel-view-helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LEAKED = 12;

/** The panel document and its assets from one origin (the webview's cspSource). */
async function serveAssets(): Promise<{ url: string; close: () => Promise<void> }> {
  const built = await esbuild.build({
    entryPoints: [path.join(ROOT, 'client/src/inspector/webview/main.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/webview.js': { type: 'text/javascript', body: Buffer.from(built.outputFiles[0].contents) },
    '/webview.css': { type: 'text/css', body: fs.readFileSync(path.join(ROOT, 'client/src/inspector/webview/main.css')) },
    '/uPlot.min.css': { type: 'text/css', body: fs.readFileSync(path.join(ROOT, 'node_modules/uplot/dist/uPlot.min.css')) },
  };
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file =
      req.url === '/'
        ? { type: 'text/html', body: panelHtml({ cspSource: origin, nonce: 'a2VybmVsdmlld25vbmNl', asset: (n) => `${origin}/${n}` }) }
        : files[req.url ?? ''];
    if (!file) return void res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** acquireVsCodeApi is the only stand-in: it records what the webview posts and the state it saves. */
const STUB = `
  window.__posted = [];
  window.__csp = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); } });
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
`;
const send = (page: Page, m: HostToWebview) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
const posted = (page: Page) => page.evaluate(() => (window as any).__posted as WebviewToHost[]);

describe('inspector panel: the kernel view of a Python service (issue 15)', function () {
  this.timeout(60000);
  let upstream: Service;
  let service: Service;
  let session: InspectorSession<KernelSample> | undefined;
  let browser: Browser | undefined;
  let assets: { url: string; close: () => Promise<void> } | undefined;
  let listenBefore: number[];

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    upstream = await startPython(['upstream']);
    service = await startPython(['service', '--upstream', String(upstream.ready.port), '--count', String(LEAKED)]);
    for (let i = 0; i < 100 && ssRows(service.pid).filter((r) => r.state === 'CLOSE-WAIT').length < LEAKED; i++) await new Promise((r) => setTimeout(r, 50));
    listenBefore = listenPorts(service.pid);
  });
  after(async () => {
    await session?.detach().catch(() => undefined);
    await browser?.close();
    await assets?.close();
    await service?.stop();
    await upstream?.stop();
  });

  it('the picker lists the service (not Node.js, owns TCP sockets) with its command line', () => {
    const found = listKernelProcesses().find((p) => p.pid === service.pid);
    assert.ok(found, 'listed');
    assert.match(found.command, /kernel-service\.py service --upstream/);
    assert.equal(found.tcp, ssRows(service.pid).length);
    assert.ok(!listKernelProcesses().some((p) => p.pid === process.pid), 'this Node.js process is not listed');
  });

  it('a kernel-view session samples it, pages its sockets and reports the groups', async () => {
    session = await InspectorSession.start({ pid: service.pid }, { label: 'python3 kernel-service.py', kernel: true });
    assert.equal(session.target.view, 'kernel');
    assert.equal(session.target.label, `python3 kernel-service.py (pid ${service.pid})`);
    const sample = await new Promise<KernelSample>((resolve) => session!.once('sample', resolve));
    assert.equal(sample.tcp.CLOSE_WAIT, LEAKED);
    assert.equal(sample.kernel.groups[0].remote, `127.0.0.1:${upstream.ready.port}`);
    const page = await session.sockets(0, 200);
    assert.equal(page.total, LEAKED + 1);
    const options = { search: '', sort: { key: 'fd' as const, dir: 1 as const } };
    assert.equal(viewRows(page.items, { ...options, filters: { closeWait: true } }).length, LEAKED);
    assert.equal(viewRows(page.items, { ...options, filters: { noTimeout: true } }).length, 0, 'no JavaScript facts: not flagged');
    const report = markdownReport({ exportedAt: new Date().toISOString(), target: session.target, sample, sockets: page });
    assert.match(report, /kernel view \(read from \/proc; nothing attached\)/);
    assert.match(report, new RegExp(`\\| CLOSE_WAIT \\| 127\\.0\\.0\\.1:${upstream.ready.port} \\| – \\| 12 \\| 12 \\| 60 \\|`));
    assert.match(report, /12 sockets to .* in CLOSE_WAIT with unread data/);
  });

  it('the webview charts its CLOSE_WAIT count and groups the sockets by remote endpoint', async () => {
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB);
    await page.goto(assets.url);
    await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'));
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: false });
    const samples: KernelSample[] = [];
    await new Promise<void>((resolve) => {
      const on = (s: KernelSample) => {
        samples.push(s);
        void send(page, { type: 'sample', sample: s });
        if (samples.length === 2) {
          session!.off('sample', on);
          resolve();
        }
      };
      session!.on('sample', on);
    });
    for (const m of await posted(page))
      if (m.type === 'requestSockets') await send(page, { type: 'sockets', requestId: m.requestId, page: await session!.sockets(m.offset, m.limit) });
    await page.waitForFunction(() => document.querySelector('#chart-tcp')?.getAttribute('data-points') === '2');
    assert.match((await page.textContent('#target'))!, new RegExp(`pid ${service.pid}\\) · kernel view`));
    assert.equal(await page.textContent('#tcp-close-wait'), String(LEAKED));
    assert.equal(await page.textContent('#no-timeout'), '–');
    assert.equal(await page.isDisabled('#trace-sites'), true);
    // The plotted series, as the webview saves them (the TCP chart's second series is CLOSE_WAIT).
    await page.waitForFunction(() => (window as any).__state?.history?.t?.length === 2, undefined, { timeout: 10000 });
    const tcpChart = await page.evaluate(() => (window as any).__state.history.columns['chart-tcp'] as Array<Array<number | null>>);
    assert.deepEqual(tcpChart[1], [LEAKED, LEAKED], 'CLOSE_WAIT plotted');
    assert.deepEqual(tcpChart[5], [null, null], 'no JS sockets line');
    assert.equal(await page.isVisible('#chart-tcp'), true);
    assert.equal(await page.isVisible('#chart-fds'), true);
    assert.equal(await page.isHidden('#chart-handles'), true, 'no JavaScript handles to chart');
    assert.equal(await page.isHidden('#chart-memory'), true, 'no JavaScript memory to chart');
    assert.equal(await page.isVisible('#groups-section'), true);
    const group = page.locator(`#groups-table tr[data-remote="127.0.0.1:${upstream.ready.port}"] td`);
    assert.deepEqual((await group.allTextContents()).slice(0, 6), ['CLOSE_WAIT', `to 127.0.0.1:${upstream.ready.port}`, '–', '12', '12', '60']);
    assert.match((await page.textContent('#verdicts'))!, /12 sockets to .* in CLOSE_WAIT with unread data/);
    await page.waitForFunction(() => document.querySelectorAll('#sockets-table tbody tr[data-fd]').length === 13);
    await page.check('input[data-filter="closeWait"]');
    assert.equal(await page.locator('#sockets-table tbody tr[data-state="CLOSE_WAIT"]').count(), LEAKED);
    assert.deepEqual(await page.evaluate(() => (window as any).__csp), []);
    assert.deepEqual(errors, []);
  });

  it('left the service as it was: alive, no signal caught, no port opened', async () => {
    await assertUntouched(service);
    assert.deepEqual(listenPorts(service.pid), listenBefore);
  });
});
