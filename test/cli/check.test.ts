import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, PLAIN, UNHANDLED_SOCKET, ensureBuilt, fixture, hasStackTrace, runCli } from './cliHarness';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number }>;
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

function json(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

describe('socklint check', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('exits 0 and prints nothing for clean code', () => {
    const dir = fixture({ 'lib/add.js': PLAIN });
    const r = runCli(['check'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('exits 1 with stylish output naming the file, position and rule', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET, 'add.js': PLAIN });
    const r = runCli(['check', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^client\.js$/m);
    assert.match(r.stdout, /^\s+3:16\s+error\s+No 'error' listener.*missing-error-listener$/m);
    assert.match(r.stdout, /✖ \d+ problems? \(1 error, \d+ warnings?\)/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colors when not a TTY');
  });

  it('--format json prints ESLint-shaped results that parse', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET, 'add.js': PLAIN });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const results = json(r.stdout);
    assert.deepEqual(
      results.map((f) => path.basename(f.filePath)),
      ['add.js', 'client.js'],
    );
    const client = results[1];
    assert.equal(client.filePath, path.join(dir, 'client.js'));
    const m = client.messages.find((x) => x.ruleId === 'missing-error-listener')!;
    assert.ok(m, 'missing-error-listener reported');
    assert.deepEqual(
      { ...m, message: typeof m.message },
      { ...m, ruleId: 'missing-error-listener', severity: 2, line: 3, column: 16, endLine: 3, endColumn: 27, message: 'string' },
    );
    for (const f of results) {
      for (const msg of f.messages) {
        assert.ok(msg.severity === 1 || msg.severity === 2);
        for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(msg[key]) && msg[key] >= 1, key);
      }
      assert.equal(f.errorCount, f.messages.filter((x) => x.severity === 2).length);
      assert.equal(f.warningCount, f.messages.filter((x) => x.severity === 1).length);
      assert.ok(f.fixableErrorCount <= f.errorCount && f.fixableWarningCount <= f.warningCount);
    }
    assert.equal(results[0].messages.length, 0);
  });

  it('--format sarif prints a SARIF 2.1.0 log with rule metadata and relative locations', () => {
    const dir = fixture({ 'src/client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', 'src', '--format', 'sarif'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'socklint');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.ok(driver.informationUri.startsWith('https://'));
    const ids = driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('missing-error-listener'));
    for (const rule of driver.rules) {
      assert.equal(rule.helpUri, `https://github.com/socklint/socklint/blob/main/docs/rules/${rule.id}.md`);
      assert.ok(rule.shortDescription.text.length > 0);
      assert.ok(['error', 'warning'].includes(rule.defaultConfiguration.level));
    }
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'missing-error-listener');
    assert.equal(result.level, 'error');
    assert.ok(result.message.text.length > 0);
    assert.equal(driver.rules[result.ruleIndex].id, 'missing-error-listener');
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'src/client.js');
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 16, endLine: 3, endColumn: 27 });
  });

  it('--fix writes the fixed file, which then passes the rule', () => {
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', '--fix', '--format', 'json'], dir);
    assert.notEqual(r.code, 2, r.stderr);
    const fixed = fs.readFileSync(path.join(dir, 'client.js'), 'utf8');
    assert.notEqual(fixed, UNHANDLED_SOCKET);
    assert.match(fixed, /socket\.on\('error', \(err\) => \{/);
    assert.deepEqual(
      json(r.stdout)[0].messages.filter((m) => m.ruleId === 'missing-error-listener'),
      [],
    );
    const again = json(runCli(['check', '--format', 'json'], dir).stdout);
    assert.deepEqual(
      again[0].messages.filter((m) => m.ruleId === 'missing-error-listener'),
      [],
    );
  });

  it('--fix says how many problems it fixed in how many files, and how many remain', () => {
    const files: Record<string, string> = { 'client.js': UNHANDLED_SOCKET, 'other.js': UNHANDLED_SOCKET, 'clean.js': PLAIN };
    const dir = fixture(files);
    const before = json(runCli(['check', '--format', 'json'], dir).stdout).flatMap((f) => f.messages);
    const r = runCli(['check', '--fix', '--format', 'json'], dir);
    const after = json(r.stdout).flatMap((f) => f.messages);
    const changed = Object.entries(files).filter(([name, text]) => fs.readFileSync(path.join(dir, name), 'utf8') !== text).length;
    assert.ok(before.length > after.length && changed === 2, `${before.length} -> ${after.length}, ${changed} files changed`);
    assert.match(r.stderr, new RegExp(`socklint: fixed ${before.length - after.length} problems in 2 files; ${after.length} remain`));
  });

  it('--max-warnings turns too many warnings into exit 1', () => {
    const config = JSON.stringify({ rules: { 'missing-error-listener': 'warn' } });
    const dir = fixture({ 'client.js': UNHANDLED_SOCKET, 'socklint.config.json': config });
    const base = runCli(['check', '--format', 'json'], dir);
    assert.equal(base.code, 0, 'warnings alone exit 0');
    const warnings = json(base.stdout)[0].warningCount;
    assert.ok(warnings >= 1);
    assert.equal(runCli(['check', '--max-warnings', String(warnings)], dir).code, 0);
    const over = runCli(['check', '--max-warnings', String(warnings - 1)], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings/);
  });

  it('--quiet reports errors only', () => {
    const config = JSON.stringify({ rules: { 'missing-error-listener': 'warn' } });
    const dir = fixture({ 'warn/client.js': UNHANDLED_SOCKET, 'warn/socklint.config.json': config, 'err/client.js': UNHANDLED_SOCKET });
    const loud = json(runCli(['check', '--format', 'json'], dir).stdout);
    assert.ok(loud.some((f) => f.warningCount > 0));
    const quiet = runCli(['check', '--quiet', '--format', 'json'], dir);
    assert.equal(quiet.code, 1);
    const results = json(quiet.stdout);
    assert.ok(results.every((f) => f.warningCount === 0 && f.messages.every((m) => m.severity === 2)));
    assert.ok(results.some((f) => f.errorCount > 0));
    assert.equal(runCli(['check', 'warn', '--quiet'], dir).code, 0);
  });

  it('--node-version is used for version-aware rules and rejects nonsense', () => {
    const dir = fixture({ 'add.js': PLAIN });
    assert.equal(runCli(['check', '--node-version', '10'], dir).code, 0);
    const bad = runCli(['check', '--node-version', 'banana'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--node-version "banana"/);
  });

  it('skips node_modules and build output unless a path names them, and honours ignore globs', () => {
    const dir = fixture({
      'node_modules/dep/index.js': UNHANDLED_SOCKET,
      'dist/bundle.js': UNHANDLED_SOCKET,
      'generated/client.js': UNHANDLED_SOCKET,
      'src/ok.js': PLAIN,
      'socklint.config.json': JSON.stringify({ ignore: ['generated/**'] }),
    });
    const all = runCli(['check', '--format', 'json'], dir);
    assert.equal(all.code, 0, all.stdout);
    assert.deepEqual(
      json(all.stdout).map((f) => path.relative(dir, f.filePath)),
      ['src/ok.js'],
    );
    const named = runCli(['check', 'node_modules/dep', '--format', 'json'], dir);
    assert.equal(named.code, 1);
    assert.deepEqual(
      json(named.stdout).map((f) => path.relative(dir, f.filePath)),
      ['node_modules/dep/index.js'],
    );
  });

  it('shows progress on stderr for a run over a second in a terminal, never when piped', () => {
    let big = "const net = require('net');\n";
    for (let i = 0; big.length < 2 * 1024 * 1024; i++) big += `function f${i}(a) { return a + ${i}; }\n`;
    const files: Record<string, string> = { 'a-big.js': big };
    for (let i = 0; i < 40; i++) files[`b${i}.js`] = UNHANDLED_SOCKET;
    const dir = fixture(files);
    const piped = runCli(['check', '--format', 'json'], dir);
    assert.doesNotMatch(piped.stderr, /checking/);
    // script(1) gives the CLI a pseudo-terminal, as a person's shell would.
    // No size limit: the big file is what makes the run take over a second.
    const tty = spawnSync(
      'script',
      ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check --format json --max-file-size 0 > /dev/null`, '/dev/null'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    assert.equal(tty.status, 1, tty.stderr);
    assert.match(tty.stdout, /checking \d+\/41 files/);
  });

  it('--help and --version exit 0; unknown options and commands exit 2', () => {
    const dir = fixture({});
    assert.equal(runCli(['--version'], dir).code, 0);
    assert.match(runCli(['check', '--help'], dir).stdout, /--max-warnings/);
    for (const args of [['check', '--frobnicate'], ['check', '--format', 'xml'], ['check', '--max-warnings', 'many'], ['lint']]) {
      const r = runCli(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.trim().length > 0);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
    }
  });
});
