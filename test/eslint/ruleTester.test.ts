// The rule tests' cases (test/rules) through ESLint's own RuleTester and the plugin: the same
// findings (rule, message id, line, column), the same --fix output and suggestions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../packages/eslint-plugin/src/index';
import { applyEdits } from '../../server/src/core/fixes';
import { autoFixOf } from '../../server/src/core/rule';
import type { InvalidCase, ValidCase } from '../rules/ruleTester';
import { allRuleCases, engineFindings, normalize, onePassOutput } from './caseData';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// The cases' files live in a folder of their own with a package.json, as the rule tests' harness
// places them: `test/server.js` is a test file of that package, `case.js` is not.
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-eslint-cases-'));
fs.writeFileSync(path.join(ROOT, 'package.json'), '{ "name": "cases", "private": true }\n');
// Packages resolve as in the rule tests' harness, whose cases sit inside this repository (form-data's types).
fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(ROOT, 'node_modules'), 'dir');
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

const tester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });

/** TypeScript through typescript-eslint's parser (no type information: the plugin builds its own). */
function languageOptions(filename: string): Record<string, unknown> | undefined {
  if (/\.[mc]?tsx?$/.test(filename)) return { parser: tseslint.parser };
  if (filename.endsWith('.cjs')) return { sourceType: 'commonjs' };
  return undefined;
}

function common(c: ValidCase) {
  const filename = path.join(ROOT, c.filename ?? 'case.js');
  return {
    code: c.code,
    filename,
    ...(c.name ? { name: c.name } : {}),
    ...(c.options ? { options: [c.options] } : {}),
    ...(c.nodeVersion ? { settings: { socklint: { nodeVersion: c.nodeVersion } } } : {}),
    ...(languageOptions(filename) ? { languageOptions: languageOptions(filename) } : {}),
  };
}

/**
 * The case as ESLint's RuleTester wants it. What the case states is used as is (message ids,
 * lines, columns, output, each fix's result); what it leaves out, RuleTester still requires
 * (every fixed output, every suggestion's result): that comes from socklint's engine on the case.
 */
function invalid(rule: Parameters<typeof engineFindings>[0], c: InvalidCase): RuleTester.InvalidTestCase {
  const findings = engineFindings(rule, c);
  return {
    ...common(c),
    output: c.output !== undefined ? c.output : onePassOutput(c.code, findings),
    errors: c.errors.map((expected, i) => {
      const finding = findings[i];
      const auto = finding && autoFixOf(finding);
      const suggestions = (finding?.fixes ?? []).flatMap((fix, k) =>
        fix === auto || fix.edits.length === 0 ? [] : [{ desc: fix.title, output: expected.fixes?.[k] ?? applyEdits(c.code, fix.edits) }],
      );
      return {
        messageId: expected.messageId,
        ...(expected.line !== undefined ? { line: expected.line } : {}),
        ...(expected.column !== undefined ? { column: expected.column } : {}),
        suggestions,
      };
    }),
  };
}

/**
 * ESLint's RuleTester refuses two cases with the same code, file and options. The rule tests have a
 * few such pairs (one finding, described twice under different names): each runs here once.
 */
function once<T extends { code: string; filename?: string; options?: unknown; settings?: unknown }>(cases: T[]): T[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = JSON.stringify([c.code, c.filename, c.options, c.settings]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe("ESLint's RuleTester over the rule tests' cases", function () {
  this.timeout(60000);
  for (const { rule, cases } of allRuleCases()) {
    tester.run(rule.meta.id, plugin.rules[rule.meta.id], {
      valid: once(cases.valid.map((raw) => common(normalize(raw)))),
      invalid: once(cases.invalid.map((c) => invalid(rule, c))),
    });
  }
});
