import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rules } from '../../server/src/rules/index';
import { EXTENDED_RULE_IDS, knownRuleIds, loadCases, ruleIdsFromIndex, splitOf, validateCase } from '../../scripts/real-fixes-cases';

const productIds = rules.map((r) => r.meta.id);

describe('bench/real-fixes cases', () => {
  const cases = loadCases(knownRuleIds(productIds));

  it('has cases', () => {
    assert.ok(cases.length > 0, 'no case folder under bench/real-fixes/cases');
  });

  it("reads the product's rule ids from server/src/rules/index.ts as the rules list has them", () => {
    assert.deepEqual([...ruleIdsFromIndex()].sort(), [...productIds].sort());
  });

  it('names every rule either as the product has it or as an extended rule of the catalog', () => {
    for (const c of cases.filter((x) => x.problems.length === 0)) {
      assert.ok(productIds.includes(c.manifest.rule) || EXTENDED_RULE_IDS.includes(c.manifest.rule), `${c.id}: ${c.manifest.rule}`);
    }
  });

  for (const c of cases) {
    it(`${c.id} is well formed`, () => {
      assert.deepEqual(c.problems, [], `${c.id}:\n  ${c.problems.join('\n  ')}`);
    });
  }
});

describe('real-fixes case validation', () => {
  let dir: string;
  const id = 'someone__some-proxy__0123456';
  const good = {
    id,
    repo: 'someone/some-proxy',
    commit: '0123456789abcdef0123456789abcdef01234567',
    path: 'lib/proxy.js',
    license: 'MIT',
    url: 'https://github.com/someone/some-proxy/commit/0123456789abcdef0123456789abcdef01234567',
    rule: 'missing-error-listener',
    bug: 'An upstream reset crashed the proxy with an unhandled socket error.',
    before: { lines: [[2, 2]] },
    after: { lines: [[2, 3]] },
    split: splitOf(id),
  };

  function writeCase(manifest: object, files: Record<string, string> = { 'before.js': 'a\nb\n', 'after.js': 'a\nb\nc\n' }): string {
    // A folder of its own for each call: a test may write several variants of the same case.
    const caseDir = path.join(fs.mkdtempSync(path.join(dir, 'case-')), (manifest as { id?: string }).id ?? id);
    fs.mkdirSync(caseDir, { recursive: true });
    fs.writeFileSync(path.join(caseDir, 'case.json'), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(caseDir, name), text);
    return caseDir;
  }
  const problemsOf = (manifest: object, files?: Record<string, string>) => validateCase(writeCase(manifest, files), knownRuleIds(productIds)).problems;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-real-fixes-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a well-formed case', () => {
    assert.deepEqual(problemsOf(good), []);
  });

  it('puts a case in the half the first byte of sha256(id) says', () => {
    // sha256('a') starts with 0xca, sha256('b') with 0x3e.
    assert.equal(splitOf('a'), 'sealed');
    assert.equal(splitOf('b'), 'tuning');
  });

  it('refuses a split that the hash of the id does not give', () => {
    const wrong = good.split === 'tuning' ? 'sealed' : 'tuning';
    assert.match(problemsOf({ ...good, split: wrong }).join('\n'), /split is .* but sha256\(id\)/);
  });

  it('refuses a range outside the file', () => {
    assert.match(problemsOf({ ...good, before: { lines: [[2, 9]] } }).join('\n'), /ends after the last line \(2\) of before\.js/);
    assert.match(problemsOf({ ...good, after: { lines: [[0, 1]] } }).join('\n'), /not a 1-based/);
    assert.match(problemsOf({ ...good, after: { lines: [] } }).join('\n'), /non-empty array/);
  });

  it('refuses an unknown rule, a missing licence and an unfilled bug', () => {
    const problems = problemsOf({ ...good, rule: 'missing-everything', license: '', bug: 'TODO fix' }).join('\n');
    assert.match(problems, /rule "missing-everything"/);
    assert.match(problems, /license/);
    assert.match(problems, /bug must say/);
  });

  it('refuses missing files and a changed extension', () => {
    assert.match(problemsOf(good, { 'before.js': 'a\nb\n' }).join('\n'), /after\.<ext> is missing/);
    assert.match(problemsOf(good, { 'before.ts': 'a\nb\n', 'after.ts': 'a\nb\nc\n' }).join('\n'), /does not keep the extension of lib\/proxy\.js/);
  });

  it('refuses an id that does not match the folder, the repository or the commit', () => {
    assert.match(
      problemsOf({ ...good, commit: 'f'.repeat(40), url: `https://github.com/someone/some-proxy/commit/${'f'.repeat(40)}` }).join('\n'),
      /first 7 digits/,
    );
    assert.match(
      problemsOf({ ...good, repo: 'other/some-proxy', url: `https://github.com/other/some-proxy/commit/${good.commit}` }).join('\n'),
      /does not start with other__some-proxy__/,
    );
  });

  it('refuses a package.json without engines.node', () => {
    assert.match(problemsOf(good, { 'before.js': 'a\nb\n', 'after.js': 'a\nb\nc\n', 'package.json': '{"name":"x"}' }).join('\n'), /engines\.node/);
  });
});
