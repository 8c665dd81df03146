// Issue 10, failure 5: text the target chooses must never become a command. VS Code makes
// `[label](command:…)` in a notification a link that runs the command; the CLI writes to a
// terminal that obeys escape sequences; the markdown report is rendered as HTML.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { attachFailedMessage, confirmAttachMessage, plainMessage, siteMissingMessage } from '../../../client/src/inspector/messages';
import { markdownReport, markdownText } from '../../../client/src/inspector/report';
import { InspectorSession } from '../../../client/src/inspector/session';
import { parseSite, type Sample } from '@socklint/protocol/webview';
import { useColor } from '../../../server/src/cli/color';
import { renderSample, renderSockets, terminalJson, terminalSafe } from '../../../server/src/cli/inspectRender';
import { InspectorError, Sampler } from '../src';
import { freePort } from '../../../test/e2e/codeServer';
import { eventually, startTarget, type Target } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

/**
 * How VS Code finds links in a notification message (microsoft/vscode
 * src/vs/base/common/linkedText.ts, LINK_REGEX): the rule the text must not match.
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string) => [...text.matchAll(VSCODE_LINK)].map((m) => m[2]);

const ATTACKS = [
  '[Open terminal](command:workbench.action.terminal.new)',
  '\\[escaped\\](command:workbench.action.quit)',
  '[x](command:workbench.action.quit "Quit")',
  '[a [b](command:c)',
  '[doc](https://evil.example/x) and [f](file:///etc/passwd)',
  'a](command:x) [b',
];

describe('inspector: target text never becomes a command (issue 10, failure 5)', function () {
  this.timeout(30000);
  const targets: Target[] = [];
  afterEach(async () => {
    for (const t of targets.splice(0)) await t.stop();
  });

  describe('the helpers', () => {
    it('plainMessage: no VS Code link survives, the visible text stays', () => {
      for (const a of ATTACKS) {
        const text = `Socklint: ${a} does not exist here.`;
        assert.ok(links(text).length > 0 || a.startsWith('a]'), `the attack is a link unescaped: ${a}`);
        const safe = plainMessage(text);
        assert.deepEqual(links(safe), [], safe);
        assert.equal(safe.replace(/\u200b/g, ''), text, 'only invisible characters added');
      }
      // A backslash is no escape for VS Code: the "escaped" form above is still a link.
      assert.deepEqual(links('\\[escaped\\](command:workbench.action.quit)'), ['command:workbench.action.quit']);
      assert.equal(plainMessage('a\u001b[5mb\u202ec\u0007'), 'a[5mbc', 'control and bidi characters dropped');
      assert.equal(plainMessage(plainMessage(ATTACKS[0])), plainMessage(ATTACKS[0]), 'idempotent');
    });

    it('terminalSafe: escape sequences removed, control characters shown as ?', () => {
      assert.equal(terminalSafe('agent\u001b[5m.example\u001b[0m'), 'agent.example');
      assert.equal(terminalSafe('a\u001b]0;title\u0007b'), 'ab');
      assert.equal(terminalSafe('x\u009b31my\ru\u202e'), 'xy?u?');
      const json = terminalJson({ origin: 'http://h\u009b\u202e:80', esc: '\u001b[5m' });
      assert.doesNotMatch(json, /[\u001b\u009b\u202e]/);
      assert.deepEqual(JSON.parse(json), { origin: 'http://h\u009b\u202e:80', esc: '\u001b[5m' }, 'still the same JSON');
    });

    it('markdownText: HTML, pipes, brackets, line breaks', () => {
      assert.equal(markdownText('<img src=x onerror=alert(1)>&'), '&lt;img src=x onerror=alert(1)&gt;&amp;');
      assert.equal(markdownText('a|b\nc\r\nd'), 'a\\|b c d');
      assert.equal(markdownText('[x](command:y) `z`'), '\\[x\\](command:y) \\`z\\`');
    });
  });

  describe('every place target text reaches', () => {
    it('the CLI frame and socket table: an agent host with \\x1b[5m is printed without it', () => {
      const sample = fakeSample({
        agents: [
          {
            origin: 'http://evil\u001b[5m.example:80',
            agent: 'agent#1',
            keepAlive: true,
            active: 1,
            free: 0,
            queued: 0,
            maxSockets: null,
            maxFreeSockets: null,
            timeout: null,
          },
        ],
        servers: [
          {
            address: '/tmp/sock\u001b]0;x\u0007',
            kind: 'net',
            connections: 0,
            timeout: null,
            keepAliveTimeout: null,
            headersTimeout: null,
            requestTimeout: null,
          },
        ],
        sites: [{ site: '/app/\u001b[2Jx.js:1:1', file: null, line: null, column: null, functionName: 'f\u001b[1m', kind: 'client', live: 1, created: 1 }],
      });
      const plain = renderSample(sample);
      assert.ok(plain.includes('http://evil.example:80'));
      assert.doesNotMatch(plain, /\u001b|\u0007/, 'without colour: no escape at all');
      // With colour, socklint's own styling is there; the target's sequences are not.
      const colored = renderSample(sample, true);
      assert.ok(colored.includes('http://evil.example:80') && colored.includes('\u001b[1m'), 'own styling kept');
      for (const bad of ['evil\u001b', 'sock\u001b', '/app/\u001b', 'f\u001b[1m', '\u001b]0;', '\u001b[2J', '\u0007'])
        assert.ok(!colored.includes(bad), JSON.stringify(bad));
      const row = { ...fakeRow(), owner: 'http://x\u001b[5m:1 (agent#1, free)', remote: '1.2.3.4:5\u001b[0m' };
      assert.doesNotMatch(renderSockets([row], 1, 0), /\u001b/);
      const table = renderSockets([row], 1, 0, true);
      assert.ok(!table.includes('\u001b[5m') && !table.includes('5\u001b[0m'));
    });

    it('the CLI styles its output only on a terminal or when asked (CI=1 in a pipe gets none)', () => {
      assert.equal(useColor({ CI: '1' }, { isTTY: false }), false);
      assert.equal(useColor({}, { isTTY: true }), true);
      assert.equal(useColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, { isTTY: true }), false);
      assert.equal(useColor({ FORCE_COLOR: '1' }, {}), true);
      assert.equal(useColor({ FORCE_COLOR: '0' }, { isTTY: true }), false);
    });

    it('the markdown report: the label, sites and owners are escaped; the table keeps its columns', () => {
      const evil = '<img src=x onerror=alert(1)>|[x](command:workbench.action.quit)\nnext';
      const md = markdownReport({
        exportedAt: '2026-01-01T00:00:00.000Z',
        target: { pid: 1, nodeVersion: 'v20', label: evil, endpoint: '127.0.0.1:9229', openedByUs: true, attach: { pid: 1 } },
        sample: fakeSample({ sites: [{ site: evil, file: null, line: null, column: null, functionName: null, kind: 'client', live: 1, created: 2 }] }),
        sockets: { total: 1, offset: 0, items: [{ ...fakeRow(), owner: evil, site: evil }] },
      });
      assert.ok(!md.includes('<img'), 'no raw HTML');
      assert.ok(!/(?<!\\)\]\(command:/.test(md), 'no markdown link: every bracket escaped');
      const lines = md.split('\n');
      const columns = (l: string) => l.replace(/\\\|/g, '').split('|').length;
      let checked = 0;
      for (const [i, line] of lines.entries()) {
        if (!line.startsWith('| ') || !line.includes('img')) continue;
        let sep = i;
        while (sep > 0 && !lines[sep].startsWith('| ---')) sep--;
        assert.equal(columns(line), columns(lines[sep - 1]), `${line}\nunder ${lines[sep - 1]}`);
        checked++;
      }
      assert.equal(checked, 2, 'the sites table and the sockets table');
      assert.ok(!/onerror=alert\(1\)&gt;\|/.test(md), 'pipes escaped');
    });

    it("the panel's attach error quoting the command line of the process holding the port", async () => {
      const port = await freePort();
      const holder = await startTarget(path.join(FIXTURES, 'port-squatter.js'), [String(port), '[Run me](command:workbench.action.terminal.new)']);
      targets.push(holder);
      await holder.waitFor('ready');
      const t = await startTarget(path.join(FIXTURES, 'inspectable.js'), [], [`--inspect-port=${port}`]);
      targets.push(t);
      await t.waitFor('ready');
      const err = await Sampler.attach({ pid: t.pid }).then(
        () => assert.fail('expected PORT_TAKEN'),
        (e: unknown) => e as InspectorError,
      );
      assert.equal(err.code, 'PORT_TAKEN');
      assert.deepEqual(links(err.message), ['command:workbench.action.terminal.new'], 'the raw reason carries the link');
      assert.deepEqual(links(attachFailedMessage(err)), []);
    });

    it('a creation-site file name the target chose, in "does not exist here"', async () => {
      const evilFile = '/nowhere/[Quit](command:workbench.action.quit)/app.js';
      const t = await startTarget(path.join(FIXTURES, 'vm-site.js'), [evilFile], ['--inspect-port=0']);
      targets.push(t);
      await t.waitFor('ready');
      const sampler = await Sampler.attach({ pid: t.pid }, { traceSites: true });
      try {
        let site: string | undefined;
        await eventually(async () => {
          site = (await sampler.sample()).sites?.find((g) => g.file === evilFile)?.site;
          return site !== undefined;
        }, 10000);
        const parsed = parseSite(site);
        assert.ok(parsed, `site ${site}`);
        assert.equal(parsed.file, evilFile);
        assert.deepEqual(links(`Socklint: ${parsed.file} does not exist here.`), ['command:workbench.action.quit']);
        assert.deepEqual(links(siteMissingMessage(parsed.file)), []);
      } finally {
        await sampler.detach();
      }
    });

    it('the target\'s label in "exited" and in the attach confirmation', async () => {
      const label = 'node [Quit](command:workbench.action.quit)';
      const t = await startTarget(path.join(FIXTURES, 'http-target.js'), ['--lifetime', '1500'], ['--inspect-port=0']);
      targets.push(t);
      await t.waitFor('ready');
      const session = await InspectorSession.start({ pid: t.pid }, { label });
      const error = await new Promise<string | null>((resolve) => session.once('end', resolve));
      assert.ok(error && links(error).length === 1, `the raw end message quotes the label: ${error}`);
      assert.deepEqual(links(plainMessage(error!)), [], 'as the panel shows it');
      assert.deepEqual(links(confirmAttachMessage(`process ${t.pid}`, label)), []);
    });
  });
});

function fakeRow() {
  return {
    fd: 10,
    kind: 'client' as const,
    local: '127.0.0.1:1',
    remote: '127.0.0.1:2',
    state: 'ESTABLISHED' as const,
    rxQueue: 0,
    txQueue: 0,
    kernelTimer: null,
    kernelTimerMs: null,
    ageMs: null,
    ageSource: null,
    idleMs: null,
    timeout: null,
    keepAlive: null,
    bytesRead: 0,
    bytesWritten: 0,
    listeners: { error: true, end: false, close: false, timeout: false },
    refd: true,
    destroyed: false,
    paused: false,
    owner: null,
    request: null,
    site: null,
  };
}

function fakeSample(over: Partial<Sample>): Sample {
  return {
    t: 0,
    seq: 1,
    pid: 1,
    nodeVersion: 'v20.0.0',
    sampleCostMs: 1,
    sampleCpuMs: 1,
    rttMs: 1,
    procCostMs: 0,
    procT: null,
    fds: { open: null, limit: null, hardLimit: null, kinds: null },
    tcp: {},
    tcpTimers: {},
    closeWaitWithUnreadData: 0,
    listenBacklog: [],
    inspectorPort: 9229,
    sockets: { total: 1, withoutTimeout: 0, withoutErrorListener: 0, unrefd: 0, destroyed: 0 },
    servers: [],
    agents: [],
    resources: {},
    eventLoopUtilization: 0,
    memory: { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 },
    libuv: null,
    sites: null,
    partial: null,
    outsideMainThread: null,
    ...over,
  };
}
