/**
 * The CLI's V8 code cache (server/src/cli/codeCache.ts) on Node 20: written by the first run, used
 * by the next, harmless when damaged, ignored in a folder others can write, off on request. (Node 22
 * and later use their own compile cache in the same folder.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { ensureBuilt, fixture, runCli, UNHANDLED_SOCKET } from './cliHarness';

const nativeCompileCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('the CLI code cache', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('is written by a run, reused by the next with the same output, and a damaged or foreign one changes nothing', () => {
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    const tmp = fixture({});
    // The start-up snapshot has its own test (startupSnapshot.test.ts).
    const env = { TMPDIR: tmp, SOCKLINT_NO_SNAPSHOT: '1' };
    const cold = runCli(['check'], project, env);
    assert.equal(cold.code, 1, cold.stderr);
    const dir = path.join(tmp, fs.readdirSync(tmp).find((d) => d.startsWith('socklint-code-cache-'))!);
    if (nativeCompileCache) {
      // Node 22+: its own compile cache, in the same folder.
      assert.ok(fs.readdirSync(dir).length > 0);
      const again = runCli(['check'], project, env);
      assert.deepEqual([again.code, again.stdout, again.stderr], [cold.code, cold.stdout, cold.stderr]);
      return;
    }
    const [file] = fs.readdirSync(dir).filter((f) => /^cli-check\.js-[0-9a-f]{16}\.v8$/.test(f));
    assert.ok(file, fs.readdirSync(dir).join());
    const cache = path.join(dir, file);
    assert.ok(fs.statSync(cache).size > 100000);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);

    const warm = runCli(['check'], project, env);
    assert.deepEqual([warm.code, warm.stdout, warm.stderr], [cold.code, cold.stdout, cold.stderr]);

    // Damaged: V8 rejects it, the run compiles as usual and writes a good one.
    fs.writeFileSync(cache, Buffer.alloc(4096, 7));
    const damaged = runCli(['check'], project, env);
    assert.deepEqual([damaged.code, damaged.stdout], [cold.code, cold.stdout]);
    assert.ok(fs.statSync(cache).size > 100000);

    // A folder others can write is neither read nor written.
    fs.chmodSync(dir, 0o777);
    fs.writeFileSync(cache, Buffer.alloc(4096, 7));
    const foreign = runCli(['check'], project, env);
    assert.deepEqual([foreign.code, foreign.stdout], [cold.code, cold.stdout]);
    assert.equal(fs.statSync(cache).size, 4096);
  });

  it('is not used with SOCKLINT_NO_CODE_CACHE=1', () => {
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    const tmp = fixture({});
    const r = runCli(['check'], project, { TMPDIR: tmp, SOCKLINT_NO_CODE_CACHE: '1', SOCKLINT_NO_SNAPSHOT: '1' });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(fs.readdirSync(tmp), []);
  });
});
