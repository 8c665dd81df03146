/**
 * `socklint check --shard i/n` and `--jobs n`: shards' union is the full run (each file reported by
 * exactly one shard, with the same findings), worker threads print what one thread prints, in the
 * same order, and bad values are usage errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, fixture, runCli, UNHANDLED_SOCKET } from './cliHarness';

const ROOT = path.resolve(__dirname, '..', '..');

interface Result {
  filePath: string;
  messages: unknown[];
}

/**
 * examples/ three times over: as a TypeScript project (tsconfig.json, allowJs), as a JavaScript one
 * (jsconfig.json) and without a configuration (the inferred project), with files the prefilter
 * rules out, a file with a syntax error and a file too large to check beside them.
 */
function projectsTree(): string {
  const dir = fixture({
    'ts-service/tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, checkJs: false, target: 'es2022', module: 'commonjs' } }),
    'ts-service/src/client.ts': "import * as net from 'net';\nexport const socket = net.connect(6379, 'cache.internal');\nsocket.write('PING\\r\\n');\n",
    'ts-service/src/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
    'js-tool/jsconfig.json': JSON.stringify({ compilerOptions: { checkJs: false } }),
    'js-tool/plain.js': 'module.exports = function sum(xs) { return xs.reduce((a, b) => a + b, 0); };\n',
    'loose/broken.js': `${UNHANDLED_SOCKET}\nfunction (\n`,
    'loose/huge.js': `const net = require('net');\n// ${'x'.repeat(3000)}\n`,
    'loose/client.js': UNHANDLED_SOCKET,
  });
  for (const project of ['ts-service/src/examples', 'js-tool/examples', 'loose/examples'])
    fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, project), { recursive: true });
  return dir;
}

function parsed(stdout: string): Result[] {
  return JSON.parse(stdout) as Result[];
}

describe('socklint check --shard and --jobs', function () {
  this.timeout(300000);
  before(ensureBuilt);

  it('shards 1/3, 2/3 and 3/3 together report every file of a full run exactly once, with the same findings', () => {
    const dir = projectsTree();
    const common = ['check', '.', '--format', 'json', '--max-file-size', '2kb', '--jobs', '1'];
    const full = runCli(common, dir);
    assert.equal(full.code, 1, full.stderr);
    const all = parsed(full.stdout);
    assert.ok(all.length > 30, `the tree has files (${all.length})`);
    assert.ok(
      all.some((r) => r.messages.length > 0),
      'there are findings',
    );

    const shards = [1, 2, 3].map((i) => runCli([...common, '--shard', `${i}/3`], dir));
    for (const shard of shards) assert.notEqual(shard.code, 2, shard.stderr);
    const parts = shards.map((s) => parsed(s.stdout));
    for (const part of parts) assert.ok(part.length > 0, 'every shard has files');
    const seen = parts.flat().map((r) => r.filePath);
    assert.equal(new Set(seen).size, seen.length, 'no file is reported by two shards');
    const union = parts.flat().sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    assert.deepEqual(union, all);
    // The warnings about single files (the syntax error, the size limit) are printed by the shard that has the file.
    for (const pattern of [/broken\.js:\d+:\d+: syntax error/, /huge\.js: not checked/]) {
      assert.match(full.stderr, pattern);
      assert.equal(shards.filter((s) => pattern.test(s.stderr)).length, 1, `${pattern} printed by one shard`);
    }
    // The same split on another run: a shard is a function of the files.
    assert.equal(runCli([...common, '--shard', '2/3'], dir).stdout, shards[1].stdout);
  });

  it('--shard 1/1 is the full run; more shards than files leave some empty', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET, 'other.js': UNHANDLED_SOCKET });
    const full = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(runCli(['check', '.', '--format', 'json', '--shard', '1/1'], dir).stdout, full.stdout);
    const outputs = [1, 2, 3, 4].map((i) => parsed(runCli(['check', '.', '--format', 'json', '--shard', `${i}/4`], dir).stdout));
    assert.equal(outputs.flat().length, 2);
    assert.ok(outputs.some((o) => o.length === 0));
  });

  it('--jobs 2 prints what --jobs 1 prints, stdout and stderr, in the same order (examples/ and three projects)', () => {
    for (const dir of [path.join(ROOT, 'examples'), projectsTree()]) {
      for (const format of ['json', 'stylish']) {
        const one = runCli(['check', '.', '--format', format, '--max-file-size', '2kb', '--jobs', '1'], dir);
        const two = runCli(['check', '.', '--format', format, '--max-file-size', '2kb', '--jobs', '2'], dir);
        assert.equal(one.code, 1, one.stderr);
        assert.equal(two.code, one.code);
        assert.equal(two.stdout, one.stdout);
        assert.equal(two.stderr, one.stderr);
      }
    }
  });

  it('--jobs 3 with --shard and with --cache: the same as in one thread', () => {
    const dir = projectsTree();
    const one = runCli(['check', '.', '--format', 'json', '--shard', '2/2', '--jobs', '1'], dir);
    assert.equal(runCli(['check', '.', '--format', 'json', '--shard', '2/2', '--jobs', '3'], dir).stdout, one.stdout);
    const cold = runCli(['check', '.', '--format', 'json', '--jobs', '1'], dir);
    for (let run = 0; run < 2; run++) {
      const cached = runCli(['check', '.', '--format', 'json', '--jobs', '3', '--cache'], dir);
      assert.equal(cached.stdout, cold.stdout, `--cache run ${run + 1}`);
    }
    const shardCached = [1, 2].map((i) => parsed(runCli(['check', '.', '--format', 'json', '--cache', '--shard', `${i}/2`], dir).stdout));
    assert.deepEqual(
      shardCached.flat().sort((a, b) => (a.filePath < b.filePath ? -1 : 1)),
      parsed(cold.stdout),
    );
  });

  for (const bad of ['0/2', '3/2', 'a/b', '1/0', '2']) {
    it(`--shard ${bad} is a usage error (exit 2, one line)`, () => {
      const dir = fixture({ 'client.js': UNHANDLED_SOCKET });
      const r = runCli(['check', '.', '--shard', bad], dir);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^socklint: --shard.*"${bad}"`));
    });
  }

  for (const bad of ['0', 'two', '-1']) {
    it(`--jobs ${bad} is a usage error (exit 2)`, () => {
      const dir = fixture({ 'client.js': UNHANDLED_SOCKET });
      const r = runCli(['check', '.', `--jobs=${bad}`], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^socklint: --jobs must be a whole number of at least 1/);
    });
  }
});
