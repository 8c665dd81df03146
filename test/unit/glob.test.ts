import * as assert from 'node:assert/strict';
import { compileGlob, GlobError, ignorePatternProblem, matchesIgnore } from '../../server/src/core/glob';

describe('ignore globs (matchesIgnore)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['generated/client.js', 'generated/**', true],
    ['generated/deep/x.ts', 'generated/**', true],
    ['src/generated/x.ts', 'generated/**', false],
    ['src/generated/x.ts', '**/generated/**', true],
    ['src/app.min.js', '*.min.js', true],
    ['app.min.js', '*.min.js', true],
    ['src/app.js', '*.min.js', false],
    ['vendor/lib/a.js', 'vendor', true],
    ['src/vendor.js', 'vendor', false],
    ['fixtures/a.js', './fixtures/', true],
    ['src/a.test.ts', 'src/*.{test,spec}.ts', true],
    ['src/a.spec.ts', 'src/*.{test,spec}.ts', true],
    ['src/sub/a.test.ts', 'src/*.{test,spec}.ts', false],
    ['src/a1.js', 'src/a?.js', true],
    ['src/a.js', '# a comment', false],
    ['src\\win\\a.js', 'src/win/*.js', true],
  ];
  for (const [file, pattern, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${file}`, () => {
      assert.equal(matchesIgnore(file, pattern), expected);
    });
  }
});

describe('globs never freeze a run (linear-time matching)', () => {
  // Each took 20–26 s per match with the RegExp-based matcher; a hang here ends in mocha's timeout.
  const forty = `${'a'.repeat(40)}.js`;
  it('*a*a*a*a*a*a*a*a*b against a name of forty a', () => {
    assert.equal(matchesIgnore(forty, '*a*a*a*a*a*a*a*a*b'), false);
    assert.equal(matchesIgnore(`src/${forty}`, '*a*a*a*a*a*a*a*a*b'), false);
    assert.equal(matchesIgnore(forty, '*a*a*a*a*a*a*a*a*.js'), true);
  });

  it('{a,a} twenty-five times', () => {
    const pattern = '{a,a}'.repeat(25);
    assert.equal(matchesIgnore(`${'a'.repeat(25)}b`, pattern), false);
    assert.equal(matchesIgnore('a'.repeat(25), pattern), true);
    assert.equal(matchesIgnore(`x/${'a'.repeat(25)}/y.js`, pattern), true, 'a folder that matches ignores what is below it');
  });

  it('**/ repeated against a deep path', () => {
    const deep = `${Array.from({ length: 60 }, () => 'a').join('/')}/b.js`;
    assert.equal(matchesIgnore(deep, `${'**/a/'.repeat(12)}c.js`), false);
    assert.equal(matchesIgnore(deep, `${'**/a/'.repeat(12)}b.js`), true);
  });
});

describe('invalid ignore patterns', () => {
  it('an unclosed or unopened brace is a GlobError with the reason; blank and comment lines are fine', () => {
    assert.match(ignorePatternProblem('{a') ?? '', /^"\{a" is not a valid glob \(a "\{" is never closed\)$/);
    assert.match(ignorePatternProblem('a}.js') ?? '', /a "\}" closes no "\{"/);
    assert.equal(ignorePatternProblem('src/*.{test,spec}.ts'), undefined);
    assert.equal(ignorePatternProblem(''), undefined);
    assert.equal(ignorePatternProblem('# {a'), undefined);
    assert.throws(() => compileGlob('{a'), GlobError);
  });
});
