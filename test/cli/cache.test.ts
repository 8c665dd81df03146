/**
 * `socklint check --cache`: the output equals a cold run's, stored results are used for unchanged
 * files, and a change to the file, to a file it imports or to its configuration makes it checked again.
 *
 * Whether a file was served from the cache is made visible by editing its stored message: a hit
 * prints the edited message, a re-check prints the rule's own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, fixture, runCli, UNHANDLED_SOCKET } from './cliHarness';

const ROOT = path.resolve(__dirname, '..', '..');
const TAMPERED = 'served from the cache';

interface CacheFile {
  entries: Record<string, { key: string; findings: { message: string }[] | null }>;
}

/** Replaces every stored message of `file` (an absolute path) in the cache. */
function tamper(cacheFile: string, file: string): void {
  const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CacheFile;
  const entry = cache.entries[fs.realpathSync(file)];
  assert.ok(entry?.findings?.length, `${file} has stored findings`);
  for (const f of entry.findings!) f.message = TAMPERED;
  fs.writeFileSync(cacheFile, JSON.stringify(cache));
}

const CLIENT = `const { connectTo } = require('./lib/connect');\nconst net = require('net');\nconst socket = net.connect(connectTo.port, connectTo.host);\nsocket.on('data', (d) => console.log(d));\n`;

describe('socklint check --cache', function () {
  this.timeout(180000);
  before(ensureBuilt);

  it('prints what a cold run prints, on the first run and on a warm one (examples/)', () => {
    const dir = fixture({});
    fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
    const cold = runCli(['check', '.', '--format', 'json'], dir);
    const first = runCli(['check', '.', '--format', 'json', '--cache'], dir);
    const warm = runCli(['check', '.', '--format', 'json', '--cache'], dir);
    assert.equal(cold.code, 1, cold.stderr);
    for (const run of [first, warm]) {
      assert.equal(run.code, cold.code);
      assert.equal(run.stdout, cold.stdout);
      assert.equal(run.stderr, cold.stderr);
    }
    assert.ok(fs.existsSync(path.join(dir, '.socklintcache')));
  });

  it('serves an unchanged file from the cache and checks it again once its text changes', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET });
    runCli(['check', '--cache'], dir);
    tamper(path.join(dir, '.socklintcache'), path.join(dir, 'client.js'));
    assert.match(runCli(['check', '--cache'], dir).stdout, new RegExp(TAMPERED));
    fs.appendFileSync(path.join(dir, 'client.js'), '// touched\n');
    const r = runCli(['check', '--cache'], dir);
    assert.doesNotMatch(r.stdout, new RegExp(TAMPERED));
    assert.match(r.stdout, /No 'error' listener/);
  });

  it('checks a file again when a file it imports changes, or its configuration', () => {
    const dir = fixture({
      'client.js': CLIENT,
      'lib/connect.js': `exports.connectTo = { host: 'cache', port: 6379 };\n`,
      'package.json': '{ "name": "app" }\n',
    });
    const cacheFile = path.join(dir, '.socklintcache');
    runCli(['check', '--cache'], dir);
    tamper(cacheFile, path.join(dir, 'client.js'));
    assert.match(runCli(['check', '--cache'], dir).stdout, new RegExp(TAMPERED));
    fs.writeFileSync(path.join(dir, 'lib/connect.js'), `exports.connectTo = { host: 'cache', port: 6380 };\n`);
    assert.doesNotMatch(runCli(['check', '--cache'], dir).stdout, new RegExp(TAMPERED));

    tamper(cacheFile, path.join(dir, 'client.js'));
    fs.writeFileSync(path.join(dir, 'socklint.config.json'), '{ "rules": { "missing-socket-timeout": "off" } }\n');
    const r = runCli(['check', '--cache'], dir);
    assert.doesNotMatch(r.stdout, new RegExp(TAMPERED));
    assert.doesNotMatch(r.stdout, /missing-socket-timeout/);
    assert.match(r.stdout, /missing-error-listener/);
  });

  it('keeps the cache where --cache-location says (a file, or a folder), and --fix neither reads nor writes it', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET });
    runCli(['check', '--cache', '--cache-location', 'tmp/socklint.json'], dir);
    assert.ok(fs.existsSync(path.join(dir, 'tmp', 'socklint.json')));
    runCli(['check', '--cache', '--cache-location', 'cache-dir/'], dir);
    assert.ok(fs.existsSync(path.join(dir, 'cache-dir', '.socklintcache')));
    assert.ok(!fs.existsSync(path.join(dir, '.socklintcache')));

    tamper(path.join(dir, 'tmp', 'socklint.json'), path.join(dir, 'client.js'));
    const fixed = runCli(['check', '--cache', '--cache-location', 'tmp/socklint.json', '--fix'], dir);
    assert.doesNotMatch(fixed.stdout + fixed.stderr, new RegExp(TAMPERED));
    assert.match(fs.readFileSync(path.join(dir, 'client.js'), 'utf8'), /socket\.on\('error'/);
    assert.ok(!fs.existsSync(path.join(dir, '.socklintcache')));
  });
});
