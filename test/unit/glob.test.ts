import * as assert from 'node:assert/strict';
import { matchesIgnore } from '../../server/src/core/glob';

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
