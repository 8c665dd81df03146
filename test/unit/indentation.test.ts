import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indentUnit } from '../../server/src/core/fixes';
import { runCheck } from '../../server/src/core/runner';
import { rules } from '../../server/src/rules/index';

/**
 * A 2-space file in http-proxy's lib/http-proxy/passes/ws-incoming.js style: its first indented line
 * is an aligned continuation (4 spaces), then a JSDoc, then functions nested in an object. Reading
 * the unit from the first indented line put every nested inserted line 4 spaces deeper.
 */
const TWO_SPACES = `var http   = require('http'),
    net    = require('net');

/*!
 * Passes: aligned declarations, a JSDoc, functions nested in an object.
 */
module.exports = {
  /**
   * Connects to the target and relays the upgrade.
   */
  stream: function stream(req, socket, options) {
    var proxyReq = http.request({ host: options.host, port: options.port });
    proxyReq.on('error', function (err) {
      socket.end();
    });
    proxyReq.on('upgrade', function (proxyRes, proxySocket) {
      proxySocket.on('error', function () {
        socket.end();
      });
      var upstream = net.connect(options.port, options.host);
      upstream.write('x');
    });
    proxyReq.end();
  }
};
`;

/** The same code indented with tabs (the aligned continuation and the JSDoc keep their spaces). */
const TABS = TWO_SPACES.split('\n')
  .map((line) => (/^ +[*]|^ {4}net/.test(line) ? line : line.replace(/^( {2})+/, (lead) => '\t'.repeat(lead.length / 2))))
  .join('\n');

/** Lines of `after` that `before` does not have (what --fix inserted or rewrote). */
function insertedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => line.trim() !== '' && !old.has(line));
}

describe('--fix keeps the indentation unit of each file', function () {
  this.timeout(120000);
  let dir: string;
  let fixed: Map<string, string>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-indent-'));
    fs.writeFileSync(path.join(dir, 'two-spaces.js'), TWO_SPACES);
    fs.writeFileSync(path.join(dir, 'tabs.js'), TABS);
    const result = runCheck({ paths: ['two-spaces.js', 'tabs.js'], cwd: dir, rules, fix: true });
    fixed = new Map(result.files.map((f) => [path.basename(f.filePath), f.fixedText ?? '']));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detects the unit from the steps after an opening bracket, not from the first indented line', () => {
    assert.equal(indentUnit(TWO_SPACES), '  ');
    assert.equal(indentUnit(TABS), '\t');
    assert.equal(indentUnit('function f() {\n    if (a) {\n        b();\n    }\n}\n'), '    ');
    assert.equal(indentUnit('/**\n * A JSDoc first.\n */\nfunction f() {\n  g();\n}\n'), '  ');
  });

  it('a 2-space file gets its inserted lines, nested ones too, in steps of two spaces', () => {
    const text = fixed.get('two-spaces.js')!;
    const inserted = insertedLines(TWO_SPACES, text);
    assert.ok(inserted.length >= 6, `--fix inserted lines:\n${text}`);
    for (const line of inserted) assert.match(line, /^(  )+\S/, `"${line}" in\n${text}`);
    // The listener the request fix adds: its body one step (two spaces) deeper than its first line.
    assert.ok(text.includes("    proxyReq.on('timeout', () => {\n      proxyReq.destroy(new Error('request timeout'));\n    });\n"), text);
  });

  it('a tab file gets tabs only', () => {
    const text = fixed.get('tabs.js')!;
    const inserted = insertedLines(TABS, text);
    assert.ok(inserted.length >= 6, `--fix inserted lines:\n${text}`);
    for (const line of inserted) assert.match(line, /^\t+\S/, `"${JSON.stringify(line)}" in\n${text}`);
    assert.ok(text.includes("\t\tproxyReq.on('timeout', () => {\n\t\t\tproxyReq.destroy(new Error('request timeout'));\n\t\t});\n"), text);
  });
});
