import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { Rule } from '../../server/src/core/rule';
import { runCheck, runsOf } from '../../server/src/core/runner';
import { rules } from '../../server/src/rules';

/** Failures are per file and per rule, never per run (issue 10, failure 7). */

const LEAKY = "const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n";

function folder(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-runner-')));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('runCheck: one file or one rule never takes the run down', function () {
  this.timeout(120000);

  it('after a file too deep to parse (with a JSDoc error before the nesting), the files after it are checked', () => {
    // TypeScript's parser keeps a cut-short parse's JSDoc diagnostics and then fails every later
    // file with "Debug Failure. Expected a.js === b.js" unless its state is reset.
    const deep = `/** @param {string x */\nfunction f(x) { return x; }\nconst net = require('net');\n${'{'.repeat(3300)}${'}'.repeat(3300)}\n`;
    const dir = folder({ 'a-deep.js': deep, 'b.js': LEAKY, 'c.js': LEAKY });
    try {
      const result = runCheck({ paths: ['.'], cwd: dir, rules });
      assert.deepEqual(
        result.files.map((f) => path.basename(f.filePath)),
        ['b.js', 'c.js'],
      );
      for (const file of result.files)
        assert.ok(
          file.findings.some((f) => f.ruleId === 'missing-error-listener'),
          file.filePath,
        );
      assert.deepEqual(
        result.warnings.filter((w) => /not checked/.test(w)),
        ['a-deep.js: not checked: nested too deeply to analyse (the parser ran out of stack)'],
      );
      assert.equal(
        ts.createSourceFile('after.js', '/** @param {string} x */\nfunction g(x) {}\n', ts.ScriptTarget.Latest).statements.length,
        1,
        'the parser works after the run too',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rule that throws on one file is reported for that rule and file; the other rules still report there, and it still reports elsewhere', () => {
    const throwing: Rule = {
      meta: { id: 'throws-on-b', description: 'fails on b.js', defaultSeverity: 'warn', messages: { m: 'seen' }, options: {} },
      check(context) {
        if (context.sourceFile.getFilePath().endsWith('/b.js')) throw new Error('cannot read b');
        context.report({ start: 0, end: 1, messageId: 'm' });
      },
    };
    const dir = folder({ 'a.js': LEAKY, 'b.js': LEAKY });
    try {
      const result = runCheck({ paths: ['.'], cwd: dir, rules: [...rules, throwing] });
      assert.deepEqual(
        result.internalErrors.map((e) => [e.ruleId, path.basename(e.filePath), e.count, e.message]),
        [['throws-on-b', 'b.js', 1, 'cannot read b']],
      );
      const [a, b] = result.files;
      assert.ok(a.findings.some((f) => f.ruleId === 'throws-on-b'));
      assert.ok(
        b.findings.some((f) => f.ruleId === 'missing-error-listener'),
        'the other rules report on the file the rule failed on',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runCheck: a large group is checked in runs of files, one project at a time', function () {
  this.timeout(300000);

  it('cuts consecutive files at the byte limit, a file larger than the limit alone', () => {
    const inputs = ['aaaa', 'bb', 'cccccc', 'd', 'e'].map((text) => ({ text }));
    assert.deepEqual(runsOf(inputs, [0, 1, 2, 3, 4], 6), [[0, 1], [2], [3, 4]]);
    assert.deepEqual(runsOf(inputs, [1, 3, 4], 6), [[1, 3, 4]]);
    assert.deepEqual(runsOf(inputs, [], 6), []);
  });

  it('gives the same findings with one project per file as with one project for all (examples/, and a helper in another file)', () => {
    const cwd = folder({
      // The helper takes charge of the socket it returns: its caller's file is not where the socket is made.
      'guard.js':
        "const net = require('net');\nexports.open = function () {\n  const s = net.connect(80, 'example.com');\n  s.on('error', () => {});\n  s.setTimeout(1000, () => s.destroy());\n  return s;\n};\n",
      'use.js': "const { open } = require('./guard');\nconst net = require('net');\nopen().write('ping');\nnet.connect(81).write('pong');\n",
    });
    try {
      fs.cpSync(path.resolve(__dirname, '..', '..', 'examples'), path.join(cwd, 'examples'), { recursive: true });
      const shape = (result: ReturnType<typeof runCheck>) =>
        result.files.map((f) => ({ file: path.relative(cwd, f.filePath), findings: f.findings.map((x) => `${x.line}:${x.column} ${x.ruleId}`) }));
      const whole = runCheck({ paths: ['.'], cwd, rules });
      const pieces = runCheck({ paths: ['.'], cwd, rules, pieceBytes: 1 });
      assert.ok(whole.files.filter((f) => f.findings.length > 0).length >= 5, 'there are findings to compare');
      const use = shape(whole).find((f) => f.file === 'use.js');
      assert.deepEqual(
        use?.findings.map((f) => f.replace(/^\d+:\d+ /, '')).filter((f) => f === 'missing-error-listener'),
        ['missing-error-listener'],
        'only net.connect(81) in use.js lacks a listener',
      );
      assert.deepEqual(shape(pieces), shape(whole));
      assert.deepEqual(pieces.warnings, whole.warnings);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
