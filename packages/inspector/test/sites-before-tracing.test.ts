// Sockets open before creation-site tracing began, put where their owner says: an accepted
// socket under its server's group, a pooled one under its agent's, the rest counted as
// "created before tracing". Against a real target, counted against the kernel (`ss` or /proc).
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { renderSample } from '../../../server/src/cli/inspectRender';
import { Sampler, createdBeforeTracing } from '../src';
import type { Sample, SiteGroup } from '../src/types';
import { INSPECT_ANY_PORT, sleep, startTarget, truthSockets, type Target } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures/owned-before-tracing.js');

describe('inspector: creation sites of sockets open before tracing', function () {
  this.timeout(60000);
  let target: Target;
  let sampler: Sampler | undefined;
  let httpPort: number;
  let rawPort: number;
  const ours: net.Socket[] = [];

  before(async () => {
    target = await startTarget(FIXTURE, ['--lifetime', '60000'], INSPECT_ANY_PORT);
    ({ httpPort, rawPort } = await target.waitFor('ready'));
    assert.equal(target.events.ready.free, 3, 'the agent pool holds its free sockets');
    sampler = await Sampler.attach({ pid: target.pid });
  });
  after(async () => {
    for (const s of ours) s.destroy();
    await sampler?.detach().catch(() => undefined);
    await target?.stop();
  });

  /** The target's ESTABLISHED sockets as the kernel lists them. */
  function established() {
    return truthSockets(target.pid).filter((r) => r.state === 'ESTABLISHED');
  }
  /** The traced group of a site, or (before) the owner's group of sockets from before tracing. */
  const group = (s: Sample, site: string, before = false): SiteGroup | undefined => s.sites!.find((g) => g.site === site && !!g.beforeTracing === before);
  const agentGroup = (s: Sample): SiteGroup[] => s.sites!.filter((g) => g.site.startsWith(`http://127.0.0.1:${httpPort} (agent#`));

  it('groups nothing while tracing is off', async () => {
    const s = await sampler!.sample();
    assert.equal(s.sites, null);
  });

  it("attributes them to the accepting server and to the agent's pool; the rest stay 'created before tracing'", async () => {
    await sampler!.setTraceSites(true);
    const s = await sampler!.sample();
    const rows = established();
    const acceptedByHttp = rows.filter((r) => r.localPort === httpPort).length;
    const toHttp = rows.filter((r) => r.remotePort === httpPort).length;
    const acceptedByRaw = rows.filter((r) => r.localPort === rawPort).length;
    const toRaw = rows.filter((r) => r.remotePort === rawPort).length;
    assert.deepEqual([acceptedByHttp, toHttp, acceptedByRaw, toRaw], [4, 4, 2, 2], 'the fixture as the kernel sees it');
    assert.equal(s.sockets.total, rows.filter((r) => r.localPort !== s.inspectorPort).length, "all but the inspector's own connection");

    assert.ok(
      s.sites!.every((g) => g.beforeTracing),
      `no socket was created while tracing; got ${JSON.stringify(s.sites)}`,
    );
    const httpServer = group(s, `accepted by 127.0.0.1:${httpPort}`, true);
    assert.ok(httpServer, `an 'accepted by' group; got ${JSON.stringify(s.sites)}`);
    assert.deepEqual(
      { kind: httpServer.kind, live: httpServer.live, created: httpServer.created, file: httpServer.file },
      { kind: 'server', live: acceptedByHttp, created: 0, file: null },
    );
    const rawServer = group(s, `accepted by 127.0.0.1:${rawPort}`, true);
    assert.deepEqual([rawServer?.kind, rawServer?.live], ['server', acceptedByRaw]);

    const pools = agentGroup(s);
    assert.equal(pools.length, 1, `one pool group (free and active sockets together); got ${JSON.stringify(s.sites)}`);
    assert.match(pools[0].site, /^http:\/\/127\.0\.0\.1:\d+ \(agent#\d+\)$/);
    assert.deepEqual([pools[0].kind, pools[0].live, pools[0].created, pools[0].beforeTracing], ['client', toHttp, 0, true]);
    // The agent's view agrees: 3 free and 1 active in that pool.
    const info = s.agents.find((a) => a.origin === `http://127.0.0.1:${httpPort}`);
    assert.deepEqual([info?.free, info?.active], [3, 1]);

    // The net.connect clients: owned by no server and no agent.
    assert.equal(createdBeforeTracing(s), toRaw);
    // The problems are counted for the attributed sockets too (none of the fixture's sockets has a timeout).
    assert.equal(pools[0].withoutTimeout, toHttp);

    // The terminal says which rows are owners' groups, and counts the rest as before.
    const text = renderSample(s);
    const line = (needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';
    assert.match(
      line(`accepted by 127.0.0.1:${httpPort}`),
      new RegExp(`^ +${acceptedByHttp} live +0 created +accepted by 127\\.0\\.0\\.1:${httpPort} \\(open before tracing\\)$`),
    );
    assert.match(line(pools[0].site), / \(open before tracing\)$/);
    assert.match(line('created before tracing'), new RegExp(`^ +${toRaw} live +created before tracing`));
  });

  it("a socket accepted while tracing goes to the server's traced group, listed before the older ones", async () => {
    const c = net.connect(httpPort, '127.0.0.1');
    c.on('error', () => {});
    ours.push(c);
    await new Promise<void>((resolve) => c.once('connect', () => resolve()));
    await sleep(100);
    const s = await sampler!.sample();
    const acceptedByHttp = established().filter((r) => r.localPort === httpPort).length;
    assert.equal(acceptedByHttp, 5);
    const site = `accepted by 127.0.0.1:${httpPort}`;
    const traced = group(s, site)!;
    const older = group(s, site, true)!;
    assert.deepEqual([traced.live, traced.created, older.live, older.created], [1, 1, acceptedByHttp - 1, 0]);
    assert.ok(s.sites!.indexOf(traced) < s.sites!.indexOf(older), 'traced sites first');
    assert.equal(createdBeforeTracing(s), 2);
  });
});
