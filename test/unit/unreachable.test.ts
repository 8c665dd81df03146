import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project } from 'ts-morph';
import { loadConfigFile } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { rules } from '../../server/src/rules/index';

describe('code after an unconditional return or throw (core/unreachable.ts)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-unreachable-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function findings(text: string): string[] {
    const file = path.join(tmp, 'case.js');
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(tmp, 'socklint.config.json'), '{}');
    const project = new Project({ compilerOptions: { allowJs: true }, skipAddingFilesFromTsConfig: true });
    const config = loadConfigFile(path.join(tmp, 'socklint.config.json'), rules);
    const nodeVersion = { version: '20.0.0', major: 20, source: 'test' };
    const result = analyzeSourceFile(project.createSourceFile(file, text, { overwrite: true }), { rules, config, nodeVersion });
    return result.findings.filter((f) => f.ruleId === 'missing-error-listener').map((f) => `${f.line} ${f.ruleId}`);
  }

  it("reports nothing in a test disabled by a return at its top (smtp-protocol's client_tls.js)", () => {
    const text = `const net = require('net');
const test = require('tap').test;
test('tls', (t) => {
  console.log('DISABLED');
  return t.end();
  const s = net.connect(25, 'mail');
  s.write('EHLO');
});
`;
    assert.deepEqual(findings(text), []);
  });

  it('still reports the same code when the return is conditional, and after a throw it does not', () => {
    const reachable = `const net = require('net');
function send(skip) {
  if (skip) return;
  const s = net.connect(25, 'mail');
  s.write('EHLO');
}
module.exports = send;
`;
    assert.deepEqual(findings(reachable), ['4 missing-error-listener']);
    const afterThrow = reachable.replace('  if (skip) return;', "  throw new Error('not supported');");
    assert.deepEqual(findings(afterThrow), []);
  });

  it('a function declared after the return is hoisted and can run: still reported', () => {
    const text = `const net = require('net');
function main() {
  return send();
  function send() {
    const s = net.connect(25, 'mail');
    s.write('EHLO');
  }
}
module.exports = main;
`;
    assert.deepEqual(findings(text), ['5 missing-error-listener']);
  });
  it('reports nothing in a branch behind a switch left off (const doLog = false; if (doLog) …), and still reports it once the switch is on or not a const', () => {
    const off = `const net = require('net');
const doLog = false;
function run() {
  if (doLog) {
    const s = net.connect(514, 'loghost');
    s.write('started');
  }
}
module.exports = run;
`;
    assert.deepEqual(findings(off), []);
    assert.deepEqual(findings(off.replace('if (doLog)', 'if (0)')), []);
    assert.deepEqual(findings(off.replace('const doLog = false', 'const doLog = true')), ['5 missing-error-listener']);
    assert.deepEqual(findings(off.replace('const doLog = false', 'let doLog = false')), ['5 missing-error-listener']);
    assert.deepEqual(findings(off.replace('function run() {', 'function run(doLog) {')), ['5 missing-error-listener']);
  });
  it("reports nothing behind a condition joined to false by && (airplay-js's `fs.existsSync(out) && false`), and still reports it with || or true", () => {
    const off = `const net = require('net');
const fs = require('fs');
function run(out) {
  if (fs.existsSync(out) && false) {
    const s = net.connect(514, 'loghost');
    s.write('started');
  }
}
module.exports = run;
`;
    assert.deepEqual(findings(off), []);
    assert.deepEqual(findings(off.replace('fs.existsSync(out) && false', 'false && fs.existsSync(out)')), []);
    assert.deepEqual(findings(off.replace('&& false', '|| false')), ['5 missing-error-listener']);
    assert.deepEqual(findings(off.replace('&& false', '&& true')), ['5 missing-error-listener']);
  });
});
