import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearNodeVersionCache, DEFAULT_NODE_VERSION, httpDefaults, parseNodeVersion, resolveNodeVersion } from '../../server/src/core/nodeVersion';

let tmp: string;

/** A project whose package.json has the given engines.node (or none), and a source file in it. */
function projectFile(engines: unknown): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
  const pkg: Record<string, unknown> = { name: 'p' };
  if (engines !== undefined) pkg.engines = { node: engines };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  fs.mkdirSync(path.join(dir, 'src'));
  return path.join(dir, 'src', 'index.js');
}

describe('nodeVersion', () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-node-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  beforeEach(() => clearNodeVersionCache());

  describe('engines.node → the lowest version the range admits', () => {
    const cases: Array<[string, string]> = [
      ['>=10', '10.0.0'],
      ['^12.2.0', '12.2.0'],
      ['~14.17', '14.17.0'],
      ['16.x', '16.0.0'],
      ['>=18.0.0 <21', '18.0.0'],
      ['^16 || ^18 || >=20', '16.0.0'],
      ['20.11.1', '20.11.1'],
      ['>10.14', '10.15.0'],
    ];
    for (const [range, lowest] of cases) {
      it(`"${range}" → ${lowest}`, () => {
        const info = resolveNodeVersion(projectFile(range));
        assert.equal(info.version, lowest);
        assert.equal(info.major, Number(lowest.split('.')[0]));
        assert.match(info.source, /engines\.node/);
        assert.ok(info.source.includes(range), 'the source names the range');
        assert.ok(!info.source.includes(path.sep + 'package.json'), `no absolute path: ${info.source}`);
      });
    }
  });

  it('engines.node wins over the configured nodeVersion', () => {
    assert.equal(resolveNodeVersion(projectFile('>=12'), { configured: '20' }).version, '12.0.0');
  });

  it('falls back to the configured nodeVersion without engines.node, then to the default', () => {
    const file = projectFile(undefined);
    const configured = resolveNodeVersion(file, { configured: '^16.4' });
    assert.equal(configured.version, '16.4.0');
    assert.match(configured.source, /configuration/);
    const fallback = resolveNodeVersion(file);
    assert.equal(fallback.version, DEFAULT_NODE_VERSION);
    assert.equal(fallback.major, 24);
    assert.match(fallback.source, /default/);
  });

  it('an override beats everything', () => {
    const info = resolveNodeVersion(projectFile('>=10'), { override: '18', configured: '20' });
    assert.equal(info.version, '18.0.0');
    assert.match(info.source, /--node-version/);
  });

  it('an unparseable engines.node is ignored, not fatal', () => {
    assert.equal(resolveNodeVersion(projectFile('latest please'), { configured: '14' }).version, '14.0.0');
    assert.equal(resolveNodeVersion(projectFile(42), { configured: '14' }).version, '14.0.0');
  });

  it('a broken package.json is ignored', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'broken-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ nope');
    assert.equal(resolveNodeVersion(path.join(dir, 'a.js')).version, DEFAULT_NODE_VERSION);
  });

  it('sees a changed package.json after clearNodeVersionCache', () => {
    const file = projectFile('>=14');
    assert.equal(resolveNodeVersion(file).major, 14);
    fs.writeFileSync(path.join(path.dirname(path.dirname(file)), 'package.json'), JSON.stringify({ engines: { node: '>=22' } }));
    clearNodeVersionCache();
    assert.equal(resolveNodeVersion(file).major, 22);
  });

  it('parseNodeVersion accepts versions, ranges and a leading v', () => {
    assert.equal(parseNodeVersion('v18.19.0'), '18.19.0');
    assert.equal(parseNodeVersion('18'), '18.0.0');
    assert.equal(parseNodeVersion(' >=20.6 '), '20.6.0');
    assert.equal(parseNodeVersion('not a version'), undefined);
  });

  it("a range's alternative with no lower bound does not pull it down to Node 0 (zigbee2mqtt's ^22.2.0 || ^24 || <=26.2)", () => {
    assert.equal(parseNodeVersion('^22.2.0 || ^24 || <=26.2'), '22.2.0');
    assert.equal(parseNodeVersion('^14 || ^16'), '14.0.0');
    // With no lower bound anywhere, the range still admits the oldest Node.
    assert.equal(parseNodeVersion('<=16'), '0.0.0');
  });

  describe('httpDefaults: one row per range of Node lines (rules.md table)', () => {
    it('Node ≤ 12: server.timeout 120 s, no requestTimeout, headersTimeout 40 s (10) / 60 s (12)', () => {
      const ten = httpDefaults('10.15.0');
      assert.equal(ten.serverTimeout, 120000);
      assert.equal(ten.headersTimeout, 40000);
      assert.equal(ten.requestTimeout, undefined);
      assert.equal(ten.keepAliveTimeout, 5000);
      const twelve = httpDefaults('12.22.0');
      assert.equal(twelve.serverTimeout, 120000);
      assert.equal(twelve.headersTimeout, 60000);
    });

    it('Node 13–17: server.timeout 0; requestTimeout 0 from 14.11', () => {
      assert.equal(httpDefaults('13.0.0').serverTimeout, 0);
      assert.equal(httpDefaults('14.10.0').requestTimeout, undefined);
      assert.equal(httpDefaults('14.11.0').requestTimeout, 0);
      assert.equal(httpDefaults('17.9.0').requestTimeout, 0);
      assert.equal(httpDefaults('16.0.0').globalAgentKeepAlive, false);
    });

    it('Node ≥ 18: requestTimeout 300 s; global agent keep-alive with 5 s from 19', () => {
      const eighteen = httpDefaults('18.0.0');
      assert.equal(eighteen.requestTimeout, 300000);
      assert.equal(eighteen.serverTimeout, 0);
      assert.equal(eighteen.globalAgentKeepAlive, false);
      const nineteen = httpDefaults('19.0.0');
      assert.equal(nineteen.globalAgentKeepAlive, true);
      assert.equal(nineteen.globalAgentTimeout, 5000);
      assert.ok(nineteen.headersTimeout <= (nineteen.requestTimeout ?? Infinity));
    });

    it('keepAliveTimeout is 5 s on every line up to 26 (nodejs/node#62782 is in no 26.x release)', () => {
      for (const v of ['8.0.0', '12.0.0', '16.0.0', '20.0.0', '24.0.0', '26.0.0', '26.99.0']) assert.equal(httpDefaults(v).keepAliveTimeout, 5000, v);
    });

    it('keepAliveTimeout is 65 s from Node 27, the first line that can carry nodejs/node#62782; the rest as on 19-26', () => {
      for (const v of ['27.0.0', '28.1.0']) assert.equal(httpDefaults(v).keepAliveTimeout, 65000, v);
      const { keepAliveTimeout: _k27, ...rest27 } = httpDefaults('27.0.0');
      const { keepAliveTimeout: _k26, ...rest26 } = httpDefaults('26.0.0');
      assert.deepEqual(rest27, rest26);
    });
  });
});
