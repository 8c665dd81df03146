import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UNHANDLED_SOCKET, ensureBuilt, fixture, hasStackTrace, runCli } from './cliHarness';

/** Issue 10's reproductions for the CLI: never harm a file, never hang, one file never ends the run. */

function checkedFiles(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string }>).map((f) => path.basename(f.filePath));
}

describe('socklint check: hostile input (issue 10)', function () {
  this.timeout(180000);
  before(ensureBuilt);

  it('--fix inserting handlers into a one-line arrow body of a file without semicolons leaves a file that parses', () => {
    // The reproduction exactly as reported (failure 1): the fixed file failed `node --check`.
    const text =
      "'use strict'\nconst a = 1\n{\n  const net = require('net')\n  net.createServer((socket) => { greet(socket) })\n}\nfunction greet (s) { s.write('hi') }\n";
    const dir = fixture({ 'c.js': text });
    const r = runCli(['check', 'c.js', '--fix'], dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const fixed = fs.readFileSync(path.join(dir, 'c.js'), 'utf8');
    assert.notEqual(fixed, text, 'the fixes were applied');
    const check = spawnSync(process.execPath, ['--check', path.join(dir, 'c.js')], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stderr}\n${fixed}`);
    assert.match(fixed, /\n {4}greet\(socket\)\n {2}\}\)\n/, fixed);
  });

  it('an ignore glob that backtracks for seconds in a RegExp ends at once with the right result', function () {
    this.timeout(30000); // the run takes 1-3 s; each pattern took 20-26 s per file name with a backtracking matcher
    const forty = `${'a'.repeat(40)}.js`;
    const dir = fixture({ 'socklint.config.json': JSON.stringify({ ignore: ['*a*a*a*a*a*a*a*a*b', '{a,a}'.repeat(25)] }), [forty]: UNHANDLED_SOCKET });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(checkedFiles(r.stdout), [forty], 'neither pattern matches: the file is checked');
  });

  it('an invalid ignore glob is a configuration error naming the file and ignore[0], exit 2', () => {
    const dir = fixture({ 'socklint.config.json': JSON.stringify({ ignore: ['{a'] }), 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check'], dir);
    assert.equal(r.code, 2);
    const config = path.join(dir, 'socklint.config.json');
    assert.equal(r.stderr, `socklint: invalid configuration: ${config}: ignore[0]: "{a" is not a valid glob (a "{" is never closed)\n`);
    assert.ok(!/internal error/.test(r.stderr));
  });

  it('files nested too deeply to parse are reported as not checked; the other files are checked, exit as usual', () => {
    const net = "const net = require('net');\n";
    const dir = fixture({
      'parens.js': `${net}const x = ${'('.repeat(800)}1${')'.repeat(800)};\n`,
      'brackets.js': `${net}const y = ${'['.repeat(1600)}${']'.repeat(1600)};\n`,
      'braces.js': `${net}${'{'.repeat(3200)}${'}'.repeat(3200)}\n`,
      'client.js': UNHANDLED_SOCKET,
    });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(checkedFiles(r.stdout), ['client.js']);
    for (const name of ['parens.js', 'brackets.js', 'braces.js']) {
      assert.match(r.stderr, new RegExp(`socklint: warning: ${name.replace('.', '\\.')}: not checked: nested too deeply to analyse`), r.stderr);
    }
    assert.ok(!/internal error/.test(r.stderr), r.stderr);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    // Without the deep files the exit code is the same: they change nothing but their warnings.
    const clean = runCli(['check', 'parens.js', 'brackets.js', 'braces.js'], dir);
    assert.equal(clean.code, 0, clean.stderr);
  });

  it('an import being typed is checked without an internal error', () => {
    const dir = fixture({ 'half.js': "const net = require('net')\nimport { connect } from\nconst s = connect(80)\n", 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!/internal error/.test(r.stderr), r.stderr);
    assert.match(r.stderr, /half\.js:\d+:\d+: syntax error/);
  });

  it('a file over the size limit (1 MB by default) is skipped with one warning line; maxFileSize and --max-file-size change the limit', () => {
    let big = UNHANDLED_SOCKET;
    while (big.length < 1.2 * 1024 * 1024) big += `// ${'x'.repeat(200)}\n`;
    const dir = fixture({ 'big.js': big, 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(checkedFiles(r.stdout), ['client.js']);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^socklint: warning: big\.js: not checked: [\d.]+ (MB|KB|bytes), larger than the limit of 1 MB \(maxFileSize, --max-file-size\)$/);

    const raised = runCli(['check', '--format', 'json', '--max-file-size', '2mb'], dir);
    assert.deepEqual(checkedFiles(raised.stdout), ['big.js', 'client.js'], raised.stderr);
    const unlimited = runCli(['check', '--format', 'json', '--max-file-size', '0'], dir);
    assert.deepEqual(checkedFiles(unlimited.stdout), ['big.js', 'client.js'], unlimited.stderr);

    fs.writeFileSync(path.join(dir, 'socklint.config.json'), JSON.stringify({ maxFileSize: '2mb' }));
    assert.deepEqual(checkedFiles(runCli(['check', '--format', 'json'], dir).stdout), ['big.js', 'client.js']);
    const lowered = runCli(['check', '--format', 'json', '--max-file-size', '1kb'], dir);
    assert.deepEqual(checkedFiles(lowered.stdout), ['client.js'], 'the command line outranks the configuration');

    const bad = runCli(['check', '--max-file-size', 'huge'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-file-size must be a size/);
  });
});
