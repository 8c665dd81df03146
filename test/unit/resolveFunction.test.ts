/**
 * The same-file function a callee names (core/analysis/functions.ts resolveFunction): methods,
 * `#private` methods, fields holding arrows, properties with quoted keys and `x.m = function …`.
 * A name the file declares no member under is not looked up (no symbol query), and finds nothing.
 */
import * as assert from 'node:assert/strict';
import { Project, SyntaxKind } from 'ts-morph';
import { resolveFunction } from '../../server/src/core/analysis/functions';

function resolvedKinds(code: string): string[] {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  const sf = project.createSourceFile('/resolve.js', code);
  return sf
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((call) => `${call.getExpression().getText()} -> ${resolveFunction(call.getExpression())?.getKindName() ?? 'none'}`);
}

describe('resolveFunction of a property access', () => {
  it('finds methods, #private methods, arrow fields, quoted keys and assigned functions of the file', () => {
    assert.deepEqual(
      resolvedKinds(
        `class A {\n  #m() { return 1; }\n  n = () => 2;\n  run() { this.#m(); this.n(); this.p(); }\n  p() {}\n}\nconst o = { 'k': function () {} };\no.k();\nfunction B() {}\nB.prototype.send = function () {};\nnew B().send();\n`,
      ),
      [
        'this.#m -> MethodDeclaration',
        'this.n -> ArrowFunction',
        'this.p -> MethodDeclaration',
        'o.k -> FunctionExpression',
        'new B().send -> FunctionExpression',
      ],
    );
  });

  it('finds nothing for a name no member of the file is declared under', () => {
    assert.deepEqual(resolvedKinds(`const s = require('net').connect(1);\ns.write('x');\n[1].map(String);\n`), [
      "require('net').connect -> none",
      'require -> none',
      's.write -> none',
      '[1].map -> none',
    ]);
  });
});
