import * as assert from 'node:assert/strict';
import { fixText, MAX_FIX_PASSES, SyntaxGuard, syntaxErrorCount } from '../../server/src/core/autofix';
import type { Finding } from '../../server/src/core/rule';

const finding = (start: number, end: number, text: string, title = 't', ruleId = 'r'): Finding => ({
  ruleId,
  messageId: 'm',
  severity: 'warn',
  message: '',
  start,
  end,
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  fixes: [{ title, edits: [{ start, end, text }] }],
});

describe('the fix pipeline (--fix, fix-all, fix-on-save)', () => {
  it('applies non-overlapping fixes per pass and re-analyses to a fixpoint', () => {
    // Each pass may fix one "x" per analysis; overlapping fixes wait for the next pass.
    const analyse = (text: string) => {
      const i = text.indexOf('x');
      return i < 0 ? [] : [finding(i, i + 1, 'y'), finding(i, i + 1, 'z')];
    };
    const result = fixText('axbxcx', 'a.js', analyse);
    assert.equal(result.text, 'aybycy');
    assert.equal(result.passes, 3);
    assert.equal(result.applied, 3);
    assert.deepEqual(result.findings, []);
  });

  it('stops after MAX_FIX_PASSES when fixes keep producing findings', () => {
    let calls = 0;
    const result = fixText('', 'a.js', (text) => {
      calls++;
      return [finding(text.length, text.length, ';')];
    });
    assert.equal(result.passes, MAX_FIX_PASSES);
    assert.equal(result.text, ';'.repeat(MAX_FIX_PASSES));
    assert.equal(calls, MAX_FIX_PASSES + 1, 'the text before the first pass and after each one');
  });

  it('drops a fix whose result does not parse and applies the others', () => {
    const text = 'f(a)\ng(b)\n';
    const breaking = finding(4, 4, ' })', 'close too much', 'bad-rule');
    const good = finding(10, 10, 'h(c)\n', 'add a call', 'good-rule');
    const result = fixText(text, 'a.js', () => [], [breaking, good]);
    assert.equal(result.text, 'f(a)\ng(b)\nh(c)\n');
    assert.deepEqual(result.dropped, [{ ruleId: 'bad-rule', title: 'close too much', line: 1 }]);
    assert.equal(syntaxErrorCount(result.text, 'a.js'), 0);
  });

  it('a dropped fix is not tried again in later passes', () => {
    let calls = 0;
    const result = fixText('f(a)\n', 'a.js', () => {
      calls++;
      return [finding(4, 4, ' })')];
    });
    assert.equal(result.text, 'f(a)\n');
    assert.equal(result.passes, 0);
    assert.equal(result.dropped.length, 1);
    assert.equal(calls, 1);
  });

  it('a file that already has a syntax error still gets fixes that add none', () => {
    const text = 'const = 1\ng(b)\n';
    const result = fixText(text, 'a.js', () => [], [finding(text.length, text.length, 'h(c)\n')]);
    assert.equal(result.text, `${text}h(c)\n`);
    assert.equal(result.dropped.length, 0);
  });

  it('parses by the file name: JSX in .jsx and type annotations in .ts are not syntax errors', () => {
    assert.equal(syntaxErrorCount('const a = <div>{b}</div>;\n', 'a.jsx'), 0);
    assert.equal(syntaxErrorCount('const a: number = 1;\n', 'a.ts'), 0);
    assert.ok(syntaxErrorCount('const a = ;\n', 'a.js') > 0);
  });

  it('a text nested too deeply to parse counts as unparseable, without throwing', () => {
    assert.equal(syntaxErrorCount(`x = ${'('.repeat(20000)}1${')'.repeat(20000)}`, 'a.js'), Number.POSITIVE_INFINITY);
  });

  it('SyntaxGuard: a fix adding a syntax error breaks the text, one keeping it valid does not', () => {
    const guard = new SyntaxGuard('a()\n', 'a.js');
    assert.equal(guard.breaks([{ start: 3, end: 3, text: ' b()' }]), true);
    assert.equal(guard.breaks([{ start: 3, end: 3, text: '; b()' }]), false);
  });
});
