import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLAIN, UNHANDLED_SOCKET, ensureBuilt, fixture, hasStackTrace, runCli } from './cliHarness';

function files(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string }>).map((f) => path.basename(f.filePath));
}

describe('socklint check: bad input never crashes it', function () {
  this.timeout(180000);
  before(ensureBuilt);

  it('a file with syntax errors is reported as a warning and the other files are still checked', () => {
    const dir = fixture({ 'broken.js': "const net = require('net');\nfunction (\n", 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.ok(files(r.stdout).includes('client.js'));
    const client = JSON.parse(r.stdout).find((f: { filePath: string }) => f.filePath.endsWith('client.js'));
    assert.ok(client.errorCount >= 1);
    assert.match(r.stderr, /broken\.js:2:\d+: syntax error/);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
  });

  it('an empty file is clean', () => {
    const dir = fixture({ 'empty.js': '', 'blank.ts': '\n\n' });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(r.stdout), ['blank.ts', 'empty.js']);
  });

  it('a 5 MB generated file is checked to its last line when the size limit allows it', () => {
    let text = "const net = require('net');\n";
    for (let i = 0; text.length < 5 * 1024 * 1024; i++) {
      text += `function f${i}(a, b) { const x = a + b * ${i}; return { value: x, name: 'item${i}', list: [1, 2, 3] }; }\n`;
    }
    text += "const socket = net.connect(80, 'example.com');\n";
    const dir = fixture({ 'generated.js': text });
    const r = runCli(['check', '--format', 'json', '--max-file-size', '8mb'], dir);
    assert.equal(r.code, 1, r.stderr);
    const [result] = JSON.parse(r.stdout);
    const lastLine = text.split('\n').length - 1;
    assert.ok(result.messages.some((m: { ruleId: string; line: number }) => m.ruleId === 'missing-error-listener' && m.line === lastLine));
  });

  it('a binary file named .js is skipped with a warning', () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10]);
    const dir = fixture({ 'native.js': binary, 'add.js': PLAIN });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(r.stdout), ['add.js']);
    assert.match(r.stderr, /native\.js: binary file/);
  });

  it('a folder with a symbolic link loop ends, checking each file once', () => {
    const dir = fixture({ 'src/client.js': UNHANDLED_SOCKET });
    fs.symlinkSync('..', path.join(dir, 'src', 'up'));
    fs.symlinkSync('.', path.join(dir, 'src', 'self'));
    fs.symlinkSync('b', path.join(dir, 'a'));
    fs.symlinkSync('a', path.join(dir, 'b'));
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['client.js']);
    const direct = runCli(['check', 'a'], dir);
    assert.equal(direct.code, 2);
    assert.match(direct.stderr, /^socklint: a: symbolic link loop$/m);
  });

  it('a path that does not exist: one clear line, exit 2', () => {
    const dir = fixture({ 'add.js': PLAIN });
    const r = runCli(['check', 'add.js', 'no/such/dir'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'socklint: no/such/dir: no such file or directory\n');
  });

  it('an invalid configuration names the file and the bad key, exit 2', () => {
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify({ rules: { 'no-such-rule': 'warn' } }), /socklint\.config\.json: unknown rule "no-such-rule"/],
      [JSON.stringify({ rulez: {} }), /socklint\.config\.json: unknown key "rulez"/],
      [JSON.stringify({ rules: { 'missing-error-listener': 'loud' } }), /socklint\.config\.json: .*rules\.missing-error-listener/],
      ['{ "rules": ', /socklint\.config\.json: is not valid JSON/],
    ];
    for (const [content, expected] of cases) {
      const dir = fixture({ 'socklint.config.json': content, 'client.js': UNHANDLED_SOCKET });
      const r = runCli(['check'], dir);
      assert.equal(r.code, 2, content);
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(!hasStackTrace(r.stderr));
    }
  });

  it('an invalid "socklint" key in package.json and a missing --config file, exit 2', () => {
    const dir = fixture({ 'package.json': JSON.stringify({ name: 'x', socklint: { ignore: 'dist' } }), 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /package\.json \("socklint" key\): .*ignore/);
    const missing = runCli(['check', '--config', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'socklint: --config nope.json: no such file\n');
  });

  it('an explicit --config applies to every file', () => {
    const dir = fixture({ 'a/client.js': UNHANDLED_SOCKET, 'strict.json': JSON.stringify({ rules: { 'missing-error-listener': 'off' } }) });
    const r = runCli(['check', '--config', 'strict.json', '--format', 'json'], dir);
    const [result] = JSON.parse(r.stdout);
    assert.ok(result.messages.every((m: { ruleId: string }) => m.ruleId !== 'missing-error-listener'));
  });
});
