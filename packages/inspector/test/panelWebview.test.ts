// The panel's webview in a real browser (Chromium), fed by a real session on a real target:
// the same HTML, strict CSP and script as in VS Code, with the host side played by this test.
// acquireVsCodeApi is the only stand-in: it records what the webview posts and keeps its state.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../../client/src/inspector/html';
import { fmtMs } from '../../../client/src/inspector/webview/dom';
import { clockTime } from '../../../client/src/inspector/webview/rangeView';
import { InspectorSession } from '../../../client/src/inspector/session';
import type { HostToWebview, Sample, TargetSummary, WebviewToHost } from '@socklint/protocol/webview';
import { trendsOf, trendsText, verdictOf, type SiteGroup } from '../src';
import { INSPECT_ANY_PORT, LIVE, ROOT, startTarget, type Target } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENTS = 10;
const NONCE = 'dGVzdG5vbmNlMTIzNDU2';

/** Serves the panel document and its assets from one origin, as the webview's cspSource. */
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
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file =
      req.url === '/' ? { type: 'text/html', body: panelHtml({ cspSource: origin, nonce: NONCE, asset: (n) => `${origin}/${n}` }) } : files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The VS Code webview API as seen from the page: postMessage is recorded, state is kept on window. */
const STUB = (saved: unknown) => `
  window.__posted = [];
  window.__csp = [];
  window.__state = ${JSON.stringify(saved ?? null)};
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => window.__state ?? undefined,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
`;

async function openPanel(browser: Browser, url: string, saved?: unknown): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(STUB(saved));
  await page.goto(url);
  await waitPosted(page, (m) => m.type === 'ready');
  return { page, errors };
}

const send = (page: Page, m: HostToWebview) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
const posted = (page: Page) => page.evaluate(() => (window as any).__posted as WebviewToHost[]);

async function waitPosted(page: Page, match: (m: WebviewToHost) => boolean, timeoutMs = 5000): Promise<WebviewToHost> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await posted(page)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the webview did not post the expected message; it posted ${JSON.stringify(await posted(page))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const answered = new WeakMap<Page, Set<number>>();

/** Plays the host for socket pages: answers every request the webview has posted so far. */
async function answerSocketRequests(page: Page, session: InspectorSession): Promise<void> {
  const done = answered.get(page) ?? new Set<number>();
  answered.set(page, done);
  for (const m of await posted(page)) {
    if (m.type !== 'requestSockets' || done.has(m.requestId)) continue;
    done.add(m.requestId);
    await send(page, { type: 'sockets', requestId: m.requestId, page: await session.sockets(m.offset, m.limit) });
  }
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

describe('inspector panel: the webview in Chromium, fed by a real session', function () {
  this.timeout(60000);
  let target: Target;
  let session: InspectorSession | undefined;
  let browser: Browser;
  let assets: { url: string; close: () => Promise<void> };
  let page: Page;
  let errors: string[];
  const samples: Sample[] = [];
  const violations: string[] = [];

  before(async function () {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    target = await startTarget(path.join(LIVE, 'close-wait.js'), ['--clients', String(CLIENTS), '--lifetime', '120'], INSPECT_ANY_PORT);
    await target.waitFor('load-done');
    session = await InspectorSession.start({ pid: target.pid }, { label: 'node close-wait.js' });
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    ({ page, errors } = await openPanel(browser, assets.url));
  });
  after(async () => {
    await session?.detach().catch(() => undefined);
    await browser?.close();
    await assets?.close();
    await target?.stop();
  });

  it('shows the attached target, live counts and charts', async () => {
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: false });
    const request = await waitPosted(page, (m) => m.type === 'requestSockets');
    assert.equal(request.type === 'requestSockets' && request.offset, 0);
    await new Promise<void>((resolve) => {
      const on = (s: Sample) => {
        samples.push(s);
        void send(page, { type: 'sample', sample: s });
        if (samples.length === 3) {
          session!.off('sample', on);
          resolve();
        }
      };
      session!.on('sample', on);
    });
    await answerSocketRequests(page, session!);
    const last = samples[2];
    await page.waitForFunction(() => document.querySelector('#chart-tcp')?.getAttribute('data-points') === '3');
    assert.equal(await page.getAttribute('#status', 'data-status'), 'attached');
    assert.ok((await text(page, '#target'))!.includes(`pid ${target.pid}`));
    assert.equal(await text(page, '#socket-total'), String(last.sockets.total));
    assert.equal(Number(await page.getAttribute('#socket-total', 'data-value')), CLIENTS * 2);
    assert.equal(await text(page, '#tcp-close-wait'), String(CLIENTS));
    assert.equal(await text(page, '#fds-open'), String(last.fds.open));
    assert.equal((await page.locator('.chart canvas').count()) >= 4, true);
    for (const id of ['chart-tcp', 'chart-handles', 'chart-fds', 'chart-memory']) {
      assert.equal((await page.locator(`#${id} canvas`).count()) >= 1, true, id);
      const box = await page.locator(`#${id} canvas`).first().boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `${id} is drawn at a visible size`);
    }
    const port = target.events.ready.port;
    assert.equal(await page.locator(`#servers-table tr[data-address="127.0.0.1:${port}"]`).count(), 1);
  });

  it('the socket table filters and sorts', async () => {
    await answerSocketRequests(page, session!);
    await page.waitForFunction(() => document.querySelector('#sockets-shown')?.getAttribute('data-total') === '20');
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), CLIENTS * 2);
    await page.check('input[data-filter="closeWait"]');
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), CLIENTS);
    assert.equal(await page.locator('#sockets-table tbody tr[data-state="CLOSE_WAIT"]').count(), CLIENTS);
    // Matches, said as matches: 10 of the 20 sockets, all of them loaded.
    assert.equal(await text(page, '#sockets-shown'), `${CLIENTS} of ${CLIENTS * 2} sockets match`);
    // No socket age is measured without creation sites: the column says what it shows.
    assert.equal(await text(page, '#sockets-table th[data-sort="ageMs"]'), 'first seen');
    await page.check('input[data-filter="noErrorListener"]');
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), 0, 'the server side listens for errors');
    await page.uncheck('input[data-filter="noErrorListener"]');
    await page.uncheck('input[data-filter="closeWait"]');
    await page.click('#sockets-table th[data-sort="fd"]');
    const fds = await page.locator('#sockets-table tbody tr[data-fd]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-fd'))));
    assert.deepEqual(
      fds,
      [...fds].sort((a, b) => a - b),
    );
    await page.click('#sockets-table th[data-sort="fd"]');
    const desc = await page.locator('#sockets-table tbody tr[data-fd]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-fd'))));
    assert.deepEqual(desc, [...fds].reverse());
    await page.fill('#socket-search', 'CLOSE_WAIT');
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), CLIENTS);
    await page.fill('#socket-search', '');
    assert.equal(await text(page, '#sockets-shown'), `${CLIENTS * 2} sockets`);
  });

  it('follows each sample with a new page of sockets, without Refresh', async () => {
    const before = (await posted(page)).filter((m) => m.type === 'requestSockets').length;
    // Pages are spaced after a slow one (this test answers them late): samples until one asks.
    let sample: Sample;
    let asked = false;
    for (let i = 0; i < 30 && !asked; i++) {
      sample = await new Promise<Sample>((resolve) => session!.once('sample', resolve));
      samples.push(sample);
      await send(page, { type: 'sample', sample });
      asked = (await posted(page)).some((m) => m.type === 'requestSockets' && m.requestId > before);
    }
    assert.ok(asked, 'a sample led to a new page request');
    await answerSocketRequests(page, session!);
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), sample!.sockets.total);
  });

  it('asks the host to export and to detach', async () => {
    await page.click('#export-md');
    const exp = await waitPosted(page, (m) => m.type === 'export');
    assert.ok(
      exp.type === 'export' && exp.format === 'markdown' && exp.snapshot.sample?.pid === target.pid && exp.snapshot.sockets?.items.length === CLIENTS * 2,
    );
    await page.click('#detach');
    await waitPosted(page, (m) => m.type === 'detach');
  });

  it('after a reload it shows the last data and offers to re-attach, without attaching', async () => {
    // The webview saves its state at most every 2 s: wait for the save that has everything.
    await page.waitForFunction(
      (n) => {
        const saved = (window as any).__state;
        return saved?.history?.t?.length === n.samples && saved.table?.rows?.length === n.rows && saved.table.search === '' && !saved.table.filters.closeWait;
      },
      { samples: samples.length, rows: CLIENTS * 2 },
    );
    const saved = await page.evaluate(() => (window as any).__state);
    violations.push(...(await page.evaluate(() => (window as any).__csp as string[])));
    await page.close();
    const reopened = await openPanel(browser, assets.url, saved);
    page = reopened.page;
    errors.push(...reopened.errors);
    // What a revived panel's host says: detached, it knows no target.
    await send(page, { type: 'status', status: 'detached', target: null, traceSites: false });
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-status') === 'detached');
    assert.equal(await text(page, '#socket-total'), String(samples[samples.length - 1].sockets.total));
    assert.equal(await page.getAttribute('#chart-tcp', 'data-points'), String(samples.length));
    assert.ok((await text(page, '#status-message'))!.includes('before the window reloaded'));
    assert.equal(await page.isVisible('#reattach'), true);
    assert.equal(await page.isVisible('#detach'), false);
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), CLIENTS * 2, 'restored rows, unfiltered');
    assert.deepEqual(
      (await posted(page)).map((m) => m.type),
      ['ready'],
      'nothing but ready before the user asks',
    );
    await page.click('#reattach');
    const re = await waitPosted(page, (m) => m.type === 'reattach');
    assert.ok(re.type === 'reattach' && re.target?.pid === target.pid && re.target.attach.pid === target.pid);
  });

  it('ran under the strict CSP without violations or script errors', async () => {
    violations.push(...(await page.evaluate(() => (window as any).__csp as string[])));
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
  });
});

describe('inspector panel: agent pools and server timeouts in the webview (examples/live/keepalive-agent.js)', function () {
  this.timeout(60000);
  const FREE = 5;
  const SLOW = 4;
  const QUEUED = 2;
  let target: Target;
  let session: InspectorSession | undefined;
  let browser: Browser;
  let assets: { url: string; close: () => Promise<void> };

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    target = await startTarget(
      path.join(LIVE, 'keepalive-agent.js'),
      ['--free', String(FREE), '--slow', String(SLOW), '--queued', String(QUEUED), '--lifetime', '120'],
      INSPECT_ANY_PORT,
    );
    await target.waitFor('load-done');
    session = await InspectorSession.start({ pid: target.pid }, { label: 'node keepalive-agent.js' });
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await session?.detach().catch(() => undefined);
    await browser?.close();
    await assets?.close();
    await target?.stop();
  });

  it('shows each pool with its active, free and queued counts, and the server timeouts', async () => {
    const { page, errors } = await openPanel(browser, assets.url);
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: false });
    const sample = await new Promise<Sample>((resolve) => session!.once('sample', resolve));
    await send(page, { type: 'sample', sample });
    await page.waitForSelector('#agents-table tr[data-origin]');
    const rows = await page
      .locator('#agents-table tr[data-origin]')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    // origin, agent, keep-alive, active, free, queued, maxSockets, timeout
    assert.deepEqual(rows.map((r) => r.slice(3, 6).map(Number)).sort(), sample.agents.map((a) => [a.active, a.free, a.queued]).sort());
    assert.ok(
      rows.some((r) => Number(r[4]) === FREE && r[2] === 'yes'),
      'the idle keep-alive pool',
    );
    assert.ok(
      rows.some((r) => Number(r[3]) === SLOW && Number(r[5]) === QUEUED),
      'the saturated pool',
    );
    const port = target.events.ready.port;
    const server = page.locator(`#servers-table tr[data-address="127.0.0.1:${port}"] td`);
    const cells = await server.allTextContents();
    const s = sample.servers.find((v) => v.address === `127.0.0.1:${port}`)!;
    assert.deepEqual(cells.slice(3), [s.timeout, s.keepAliveTimeout, s.headersTimeout, s.requestTimeout].map(fmtMs));
    assert.equal(cells[4], '10 min', 'the demo sets keepAliveTimeout = 600000');
    assert.equal(Number(await page.getAttribute('#socket-total', 'data-value')), sample.sockets.total);
    assert.deepEqual(errors, []);
  });
});

describe('inspector panel: the verdict at the top (examples/live/leaky-relay.js, sites traced)', function () {
  this.timeout(60000);
  const OURS = 3;
  let target: Target;
  let session: InspectorSession | undefined;
  let browser: Browser;
  let assets: { url: string; close: () => Promise<void> };
  const clients: net.Socket[] = [];

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    target = await startTarget(
      path.join(LIVE, 'leaky-relay.js'),
      ['--connections', '12', '--leak-every', '3', '--rate', '200', '--lifetime', '120'],
      INSPECT_ANY_PORT,
    );
    await target.waitFor('load-done', 30000);
    session = await InspectorSession.start({ pid: target.pid }, { label: 'node leaky-relay.js', traceSites: true });
    // Clients that walk away after one exchange, created while the session traces.
    for (let i = 0; i < OURS; i++) {
      const c = net.connect(target.events.ready.relayPort, '127.0.0.1');
      c.on('error', () => {});
      clients.push(c);
      await new Promise<void>((resolve) => {
        c.once('data', () => resolve());
        c.write('hi\n');
      });
    }
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await session?.detach().catch(() => undefined);
    await browser?.close();
    await assets?.close();
    await target?.stop();
  });

  it('says what is wrong, where and which rule, each part a link', async () => {
    const { page, errors } = await openPanel(browser, assets.url);
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: true });
    // (Under load a sample can come before the relay's upstream sockets of our clients are all
    // traced to their line; the verdict's place is then "accepted by …". Up to 10 samples are taken
    // for one that has them; the assertions below still require it.)
    let sample = await new Promise<Sample>((resolve) => session!.once('sample', resolve));
    for (let i = 0; i < 10 && !verdictOf(sample, session!.history).items[0]?.place?.file; i++)
      sample = await new Promise<Sample>((resolve) => session!.once('sample', resolve));
    // What the host sends: the verdict drawn from the session's samples.
    const verdict = verdictOf(sample, session!.history);
    await send(page, { type: 'sample', sample, verdict, trends: trendsOf(session!.history) });
    await page.waitForSelector('#verdict:not([hidden])');
    const first = verdict.items[0];
    assert.equal(first.problem, 'noTimeout');
    assert.equal(first.place?.count, OURS);
    assert.equal(await text(page, '#verdict-line'), first.text);
    assert.equal(await page.getAttribute('#verdict', 'data-ok'), 'false');
    assert.match(first.text, /^\d+ sockets with no timeout, 3 created at leaky-relay\.js:\d+ \(missing-socket-timeout\)/);
    assert.equal(await text(page, '#verdict-more li[data-problem="noErrorListener"]'), verdict.items.find((i) => i.problem === 'noErrorListener')!.text);
    // The relay's sockets from before tracing (the demo's own load) have no site: counted as such.
    const traced = sample.sites!.reduce((n, g) => n + g.live, 0);
    assert.ok(sample.sockets.total > traced);
    assert.deepEqual(await page.locator('#sites-table tr[data-site="before tracing"] td').allTextContents(), [
      'created before tracing (no site recorded)',
      '–',
      String(sample.sockets.total - traced),
      '–',
    ]);

    // The place opens its line.
    await page.click('#verdict-line a.verdict-site');
    const open = await waitPosted(page, (m) => m.type === 'openSite');
    assert.ok(open.type === 'openSite' && open.file === path.join(LIVE, 'leaky-relay.js') && open.line === first.place!.line);
    // The rule opens its page.
    await page.click('#verdict-line a.rule-link');
    const rule = await waitPosted(page, (m) => m.type === 'openRule');
    assert.deepEqual(rule, { type: 'openRule', rule: 'missing-socket-timeout' });
    // The count opens the table filtered to those sockets of that line.
    await page.click('#verdict-line a.verdict-sockets');
    assert.equal(await page.isChecked('input[data-filter="noTimeout"]'), true);
    assert.equal(await page.isVisible('#site-filter'), true);
    await answerSocketRequests(page, session!);
    await page.waitForFunction((n) => document.querySelectorAll('#sockets-table tbody tr[data-fd]').length === n, OURS);
    assert.equal(await text(page, '#sockets-shown'), `${OURS} of ${sample.sockets.total} sockets match`);
    // Traced sockets have an age; the ones from before tracing only a time since first seen, marked ≥.
    assert.equal(await text(page, '#sockets-table th[data-sort="ageMs"]'), 'age / first seen');
    const ages = await page.locator('#sockets-table tbody tr[data-fd] td:nth-child(6)').allTextContents();
    assert.ok(
      ages.every((a) => /^\d/.test(a)),
      ages.join(', '),
    );
    const sites = await page.locator('#sockets-table tbody tr[data-fd] td:last-child').allTextContents();
    assert.ok(
      sites.every((s) => s.startsWith(`${first.place!.file}:${first.place!.line}:`)),
      sites.join('\n'),
    );
    await page.uncheck('input[data-filter="noTimeout"]');
    await page.click('#clear-site-filter');
    assert.ok((await page.locator('#sockets-table tbody tr[data-fd] td.first-seen').allTextContents()).every((a) => a.startsWith('≥ ')));
    assert.ok((await page.locator('#sockets-table tbody tr[data-fd] td.first-seen').count()) > 0);
    assert.equal(await page.isHidden('#trends'), true, 'no trend from one sample');
    assert.deepEqual(errors, []);
  });

  it('shows the per-minute trends once the samples span 10 s', async () => {
    const { page, errors } = await openPanel(browser, assets.url);
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: true });
    // More clients that walk away while the session samples: the relay's sockets grow.
    const history = session!.history;
    while (history[history.length - 1].t - history[0].t < 11_000) {
      const c = net.connect(target.events.ready.relayPort, '127.0.0.1');
      c.on('error', () => {});
      clients.push(c);
      await new Promise<void>((resolve) => {
        c.once('data', () => resolve());
        c.write('hi\n');
      });
      await new Promise<Sample>((resolve) => session!.once('sample', resolve));
    }
    const sample = session!.latest!;
    const trends = trendsOf(session!.history);
    // (fds come from /proc passes a loaded machine spaces out: their rate may read steady.)
    assert.ok(trends.sockets! > 0 && trends.fds !== null && trends.fds >= 0, JSON.stringify(trends));
    assert.equal(trends.closeWait, 0);
    const verdict = verdictOf(sample, session!.history);
    await send(page, { type: 'sample', sample, verdict, trends });
    await page.waitForSelector('#trends:not([hidden])');
    assert.equal(await text(page, '#trends'), `Trend: ${trendsText(trends)}`);
    assert.match((await text(page, '#trends'))!, /^Trend: sockets \+[\d.]+\/min · CLOSE_WAIT steady · fds (\+[\d.]+\/min|steady) \(over \d+ (s|min)\)$/);
    assert.match((await text(page, '#verdict-line'))!, /\(missing-socket-timeout\), \+[\d.]+ per minute$/);

    // The target exits: shown as exited with its last data, not as a failure to re-attach to.
    await send(page, {
      type: 'status',
      status: 'exited',
      target: session!.target,
      traceSites: false,
      message: `Process ${target.pid} exited; the panel shows its last data.`,
    });
    await page.waitForSelector('#status[data-status="exited"]');
    assert.equal(await text(page, '#status'), 'exited');
    assert.equal(await page.isHidden('#reattach'), true);
    assert.equal(await page.isVisible('#attach-new'), true);
    assert.equal(await page.getAttribute('#status-message', 'class'), 'message');
    assert.equal(await text(page, '#verdict-line'), verdict.items[0].text, 'the last verdict stays');
    assert.deepEqual(errors, []);
  });
});

describe('inspector panel: amber where the linter would report (fixtures/http-timeouts.js)', function () {
  this.timeout(60000);
  const CLIENTS = 2;
  let target: Target;
  let session: InspectorSession | undefined;
  let browser: Browser;
  let assets: { url: string; close: () => Promise<void> };

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    target = await startTarget(path.join(__dirname, 'fixtures/http-timeouts.js'), ['--clients', String(CLIENTS)], INSPECT_ANY_PORT);
    await target.waitFor('ready');
    session = await InspectorSession.start({ pid: target.pid }, { label: 'node http-timeouts.js' });
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await session?.detach().catch(() => undefined);
    await browser?.close();
    await assets?.close();
    await target?.stop();
  });

  it("an HTTP server's sockets are covered by its timeouts; a 0 alone is no warning; HTTP columns blank for net", async () => {
    const { page, errors } = await openPanel(browser, assets.url);
    await send(page, { type: 'status', status: 'attached', target: session!.target, traceSites: false });
    const sample = await new Promise<Sample>((resolve) => session!.once('sample', resolve));
    await send(page, { type: 'sample', sample });
    await answerSocketRequests(page, session!);
    await page.waitForFunction((n) => document.querySelectorAll('#sockets-table tbody tr[data-fd]').length === n, CLIENTS * 6);
    const { defaults, unbounded, raw } = target.events.ready;
    // Sockets with no timeout of their own: the two HTTP servers' accepted ones; only the unbounded server's count.
    assert.equal(sample.sockets.withoutTimeout, 2 * CLIENTS);
    assert.equal(sample.sockets.coveredByServer, CLIENTS);
    assert.equal(await text(page, '#no-timeout'), String(CLIENTS));
    assert.equal(await page.getAttribute('#no-timeout', 'class'), 'value warn');
    assert.equal(await text(page, '#no-timeout-covered'), `+${CLIENTS} bounded by their HTTP server`);
    const row = async (port: number) =>
      page.locator(`#servers-table tr[data-address="127.0.0.1:${port}"] td`).evaluateAll((tds) => tds.slice(3).map((td) => [td.textContent, td.className]));
    // Node's defaults: server.timeout 0 is off, and nothing is amber (requestTimeout and headersTimeout bound it).
    assert.deepEqual(await row(defaults), [
      ['off', ''],
      ['5 s', ''],
      ['60 s', ''],
      ['5 min', ''],
    ]);
    // Everything off: nothing bounds a request (disabled-server-timeout's case).
    assert.deepEqual(await row(unbounded), [
      ['off', 'warn'],
      ['5 s', ''],
      ['off', ''],
      ['off', 'warn'],
    ]);
    assert.deepEqual(await row(raw), [
      ['', ''],
      ['', ''],
      ['', ''],
      ['', ''],
    ]);
    // Per socket: the default server's are "server's", the unbounded server's amber.
    const timeoutCells = async (port: number) =>
      page
        .locator('#sockets-table tbody tr[data-fd]')
        .evaluateAll(
          (trs, p) => trs.filter((tr) => tr.children[2].textContent === `127.0.0.1:${p}`).map((tr) => [tr.children[7].textContent, tr.children[7].className]),
          port,
        );
    assert.deepEqual(await timeoutCells(defaults), Array(CLIENTS).fill(["server's", 'by-server']));
    assert.deepEqual(await timeoutCells(unbounded), Array(CLIENTS).fill(['none', 'warn']));
    await page.check('input[data-filter="noTimeout"]');
    assert.equal(await page.locator('#sockets-table tbody tr[data-fd]').count(), CLIENTS);
    assert.deepEqual(errors, []);
  });
});

describe('inspector panel: a time range selected on the sockets chart lists the sites that grew in it', function () {
  this.timeout(60000);
  const T = Date.UTC(2026, 0, 15, 10, 0, 0);
  const RELAY = path.join(LIVE, 'leaky-relay.js');
  const GROWING = `${RELAY}:40:18`;
  const STEADY = 'accepted by 127.0.0.1:8080';
  /** Live sockets of each site in the five samples, one a second. */
  const GROWING_LIVE = [1, 2, 3, 4, 5];
  const STEADY_LIVE = [3, 3, 3, 3, 3];
  const target: TargetSummary = {
    pid: 4242,
    nodeVersion: 'v22.0.0',
    label: 'node leaky-relay.js (pid 4242)',
    endpoint: '127.0.0.1:9229',
    openedByUs: false,
    attach: { pid: 4242 },
  };
  let browser: Browser;
  let assets: { url: string; close: () => Promise<void> };

  const group = (site: string, live: number, file: string | null, line: number | null, column: number | null): SiteGroup => ({
    site,
    file,
    line,
    column,
    functionName: null,
    kind: file ? 'client' : 'server',
    live,
    created: live,
  });
  /** A sample as the sampler sends it with tracing on; only the sites differ between them. */
  const sample = (i: number): Sample => {
    const sites = [group(GROWING, GROWING_LIVE[i], RELAY, 40, 18), group(STEADY, STEADY_LIVE[i], null, null, null)];
    const total = GROWING_LIVE[i] + STEADY_LIVE[i];
    return {
      t: T + i * 1000,
      seq: i + 1,
      pid: target.pid,
      nodeVersion: target.nodeVersion,
      sampleCostMs: 1,
      sampleCpuMs: 1,
      rttMs: 2,
      procCostMs: 1,
      procT: T + i * 1000,
      fds: { open: 20 + total, limit: 1024, hardLimit: 4096, kinds: null },
      tcp: { ESTABLISHED: total, LISTEN: 1 },
      tcpTimers: {},
      closeWaitWithUnreadData: 0,
      listenBacklog: [],
      inspectorPort: 9229,
      sockets: { total, withoutTimeout: 0, withoutErrorListener: 0, unrefd: 0, destroyed: 0, coveredByServer: 0 },
      servers: [],
      agents: [],
      resources: { TCPSocketWrap: total },
      eventLoopUtilization: 0.01,
      memory: { rss: 50e6, heapUsed: 10e6, heapTotal: 20e6, external: 1e6, arrayBuffers: 1e5 },
      libuv: null,
      sites,
      partial: null,
      outsideMainThread: null,
    };
  };

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    assets = await serveAssets();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await assets?.close();
  });

  it('drag across the chart: only the growing site, with its counts at both ends, linked to its line', async () => {
    const { page, errors } = await openPanel(browser, assets.url);
    await send(page, { type: 'status', status: 'attached', target, traceSites: true });
    for (let i = 0; i < GROWING_LIVE.length; i++) await send(page, { type: 'sample', sample: sample(i) });
    await page.waitForFunction((n) => document.querySelector('#chart-tcp')?.getAttribute('data-points') === String(n), GROWING_LIVE.length);
    assert.equal(await page.isHidden('#range-sites'), true, 'no list before a range is selected');
    const box = (await page.locator('#chart-tcp .u-over').boundingBox())!;
    const y = box.y + box.height / 2;
    /** x of a time between samples: the samples span the chart's width (0 s … 4 s). */
    const xAt = (seconds: number) => box.x + (box.width * seconds) / (GROWING_LIVE.length - 1);

    // From between the 1st and 2nd samples to between the 4th and 5th: 1 → 4 sockets from the growing line.
    await page.mouse.move(xAt(0.5), y);
    await page.mouse.down();
    await page.mouse.move(xAt(2), y, { steps: 4 });
    await page.mouse.move(xAt(3.5), y, { steps: 4 });
    await page.mouse.up();
    await page.waitForSelector('#range-sites:not([hidden])');
    const t0 = Number(await page.getAttribute('#range-sites', 'data-t0'));
    const t1 = Number(await page.getAttribute('#range-sites', 'data-t1'));
    assert.ok(t0 > T && t0 < T + 1000 && t1 > T + 3000 && t1 < T + 4000, `range ${t0 - T} … ${t1 - T} ms`);
    assert.equal(await text(page, '#range-title'), `Sites whose sockets grew between ${clockTime(t0)} and ${clockTime(t1)}`);
    assert.deepEqual(await page.locator('#range-list li').allTextContents(), ['leaky-relay.js:40  +3 (1 → 4)']);
    // The band is drawn over the dragged span.
    const band = (await page.locator('#chart-tcp .u-select').boundingBox())!;
    assert.ok(Math.abs(band.x - xAt(0.5)) < 3 && Math.abs(band.x + band.width - xAt(3.5)) < 3, JSON.stringify({ band, from: xAt(0.5), to: xAt(3.5) }));

    // The row opens its line, as the sites table's links do.
    await page.click('#range-list li[data-site] a.site-link');
    const open = await waitPosted(page, (m) => m.type === 'openSite');
    assert.deepEqual(open, { type: 'openSite', file: RELAY, line: 40, column: 18 });

    // Click one end, shift-click the other: from the 2nd sample (2) to the 4th (4).
    await page.mouse.click(xAt(1.5), y);
    await page.keyboard.down('Shift');
    await page.mouse.click(xAt(3.5), y);
    await page.keyboard.up('Shift');
    await page.waitForFunction(() => document.querySelector('#range-list li')?.textContent?.includes('(2 → 4)'));
    assert.deepEqual(await page.locator('#range-list li').allTextContents(), ['leaky-relay.js:40  +2 (2 → 4)']);

    // A range within one sample interval: nothing grew.
    await page.mouse.move(xAt(2.2), y);
    await page.mouse.down();
    await page.mouse.move(xAt(2.8), y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('#range-list li')?.classList.contains('empty'));
    assert.equal(await text(page, '#range-list li'), 'No site’s sockets grew in this range.');

    await page.click('#clear-range');
    assert.equal(await page.isHidden('#range-sites'), true);
    const hidden = await page.locator('#chart-tcp .u-select').boundingBox();
    assert.ok(!hidden || hidden.width === 0, 'the band is gone');
    assert.deepEqual(errors, []);
  });
});
