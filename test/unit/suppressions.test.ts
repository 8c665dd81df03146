import * as assert from 'node:assert/strict';
import { Project } from 'ts-morph';
import { directivesOf } from '../../server/src/core/engine';
import { computeLineStarts, isSuppressed, lineOf } from '../../server/src/core/suppressions';
import missingErrorListener from '../../server/src/rules/missing-error-listener';
import { runRule } from '../rules/ruleTester';

const project = new Project({ useInMemoryFileSystem: true });

function directives(code: string) {
  return directivesOf(project.createSourceFile('/case.js', code, { overwrite: true }));
}

/** Lines reported by missing-error-listener through the real engine (suppressions applied). */
function reportedLines(code: string): number[] {
  return runRule(missingErrorListener, { code }).map((f) => f.line);
}

const CONNECT = `net.connect(80);`;

describe('suppressions', () => {
  it('a directive after a template literal with a substitution is still read', () => {
    const code =
      "const net = require('net');\nconst name = 'x';\nconst flag = `--${name}`;\n// socklint-disable-next-line missing-error-listener -- after a template\nnet.connect(80);\nnet.connect(81);\n";
    assert.deepEqual(reportedLines(code), [6]);
  });

  it('baseline: the unsuppressed code is reported', () => {
    assert.deepEqual(reportedLines(`const net = require('net');\n${CONNECT}\n${CONNECT}\n`), [2, 3]);
  });

  it('disable-next-line suppresses only the next line', () => {
    const code = `const net = require('net');\n// socklint-disable-next-line missing-error-listener\n${CONNECT}\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), [4]);
  });

  it('disable-line suppresses its own line', () => {
    const code = `const net = require('net');\n${CONNECT} // socklint-disable-line missing-error-listener\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), [3]);
  });

  it('a directive for another rule does not suppress', () => {
    const code = `const net = require('net');\n// socklint-disable-next-line prefer-pipeline\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), [3]);
  });

  it('a file-level block comment before the first statement suppresses the whole file', () => {
    const code = `/* socklint-disable missing-error-listener */\nconst net = require('net');\n${CONNECT}\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), []);
  });

  it('a block comment after the first statement is not file-level', () => {
    const code = `const net = require('net');\n/* socklint-disable missing-error-listener */\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), [3]);
  });

  it('parses several ids separated by commas or spaces, and a -- reason', () => {
    const [d] = directives(`// socklint-disable-next-line missing-error-listener, prefer-pipeline incomplete-socket-relay -- relay owned by the pool\nx();\n`);
    assert.equal(d.kind, 'next-line');
    assert.deepEqual(d.ruleIds, ['missing-error-listener', 'prefer-pipeline', 'incomplete-socket-relay']);
    assert.equal(d.line, 1);
    assert.equal(d.targetLine, 2);
  });

  it('the reason text is not read as rule ids', () => {
    const [d] = directives(`x(); // socklint-disable-line prefer-pipeline -- see issue twelve\n`);
    assert.equal(d.kind, 'line');
    assert.deepEqual(d.ruleIds, ['prefer-pipeline']);
    const code = `const net = require('net');\n// socklint-disable-next-line missing-error-listener -- crash on purpose\n${CONNECT}\n`;
    assert.deepEqual(reportedLines(code), []);
  });

  it('no id means every rule', () => {
    const all = directives(`// socklint-disable-next-line\nx();\n`);
    assert.deepEqual(all[0].ruleIds, []);
    assert.ok(isSuppressed(all, 'anything', 2));
    assert.equal(isSuppressed(all, 'anything', 3), undefined);
  });

  it('a file-level directive lists its ids', () => {
    const [d] = directives(`/* socklint-disable prefer-pipeline, write-ignores-backpressure */\nx();\n`);
    assert.equal(d.kind, 'file');
    assert.deepEqual(d.ruleIds, ['prefer-pipeline', 'write-ignores-backpressure']);
    assert.ok(isSuppressed([d], 'write-ignores-backpressure', 40));
    assert.equal(isSuppressed([d], 'missing-error-listener', 40), undefined);
  });

  it('ignores look-alikes in strings and unrelated words', () => {
    assert.deepEqual(directives(`const s = "socklint-disable-next-line prefer-pipeline";\n// socklint-disabled is not a directive\n`), []);
  });

  it('maps offsets to 1-based lines', () => {
    const starts = computeLineStarts('a\nbc\n\nd');
    assert.deepEqual(starts, [0, 2, 5, 6]);
    assert.equal(lineOf(starts, 0), 1);
    assert.equal(lineOf(starts, 3), 2);
    assert.equal(lineOf(starts, 5), 3);
    assert.equal(lineOf(starts, 6), 4);
  });
});
