import * as assert from 'node:assert/strict';
import { Node, Project, SyntaxKind } from 'ts-morph';
import { compiledClassMethod } from '../../server/src/core/analysis/compiledClasses';
import { symbolOf } from '../../server/src/core/analysis/symbols';

/** Babel's class output: `_createClass(Client, [{ key: 'connect', value: function connect() {…} }])`. */
function compiled(method: string, body: string): string {
  return `function _createClass(C, props) { return C; }
var Client = function () {
  function Client() {}
  _createClass(Client, [{ key: '${method}', value: function ${method}() { ${body} } }]);
  return Client;
}();
`;
}

describe('compiledClassMethod', () => {
  it("finds a compiled class's method, and the new one after the file is edited in place", () => {
    const sf = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } }).createSourceFile(
      '/client.js',
      compiled('connect', 'return 1;'),
    );
    // The class is the inner `function Client` that `_createClass` is given.
    const owner = () =>
      symbolOf(
        sf
          .getDescendantsOfKind(SyntaxKind.FunctionDeclaration)
          .find((f) => f.getName() === 'Client')!
          .getNameNodeOrThrow(),
      )!;
    const first = compiledClassMethod(sf, owner(), 'connect');
    assert.ok(first && Node.isFunctionExpression(first));
    assert.match(first.getText(), /return 1/);
    // The language server edits a file by replacing its text: ts-morph keeps the same SourceFile object.
    sf.replaceWithText(compiled('open', 'return 2;'));
    assert.equal(compiledClassMethod(sf, owner(), 'connect'), undefined);
    assert.match(compiledClassMethod(sf, owner(), 'open')?.getText() ?? '', /return 2/);
  });
});
