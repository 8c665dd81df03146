import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, Project, SyntaxKind } from 'ts-morph';
import { callsNamed, descendantsOfKind, identifierNames, identifiersNamed } from '../../server/src/core/analysis/descendants';

const SOURCES = {
  nested: `
const net = require('net');
function relay(a, b) {
  a.on('data', (chunk) => { b.write(chunk); if (!b.write(chunk)) a.pause(); });
  return f(g(h()))(1).pipe(b);
}
class C { m() { return new net.Socket(); } }
(x)(y); (a.b)(c); new (require('ws'))('u');
`,
  // Parser recovery leaves empty nodes at the end of incomplete calls and members.
  broken: `
const s = net.connect(
function f() { return a.
const t = new Foo(
x.on('data', (d) => y.write(d)
`,
  empty: '',
  // Real code with classes, async functions, templates and destructuring.
  ...Object.fromEntries(
    fs
      .readdirSync(path.join(__dirname, '../../examples'))
      .filter((d) => /^\d\d-/.test(d))
      .map((d) => [d, fs.readFileSync(path.join(__dirname, '../../examples', d, 'before.js'), 'utf8')]),
  ),
};

function project(text: string) {
  return new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } }).createSourceFile('/a.js', text);
}

/** Every node of the file: the reference the index must agree with for any container. */
function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  root.forEachDescendant((n) => {
    out.push(n);
  });
  return out;
}

describe('descendants index', () => {
  for (const [name, text] of Object.entries(SOURCES)) {
    it(`agrees with ts-morph's own walk for every container and kind (${name} source)`, () => {
      const sf = project(text);
      const containers = [sf, ...allNodes(sf)];
      const kinds = [
        SyntaxKind.CallExpression,
        SyntaxKind.NewExpression,
        SyntaxKind.Identifier,
        SyntaxKind.PropertyAccessExpression,
        SyntaxKind.ReturnStatement,
        SyntaxKind.ArrowFunction,
      ];
      let compared = 0;
      for (const container of containers) {
        for (const kind of kinds) {
          const expected = container.getDescendantsOfKind(kind);
          assert.deepEqual(descendantsOfKind(container, kind), expected, `${container.getKindName()} at ${container.getPos()}, ${SyntaxKind[kind]}`);
          compared += expected.length;
        }
      }
      if (text) assert.ok(compared > 20, 'the sources hold enough nodes to compare');
    });
  }

  it('callsNamed keeps calls whose last name matches, and callees of other shapes', () => {
    const sf = project(SOURCES.nested);
    const texts = (nodes: Node[]) => nodes.map((n) => n.getText());
    // `f(g(h()))(1)` calls whatever `f(…)` returns: kept for the caller to judge; `(x)(y)` is named x.
    assert.deepEqual(texts(callsNamed(sf, SyntaxKind.CallExpression, new Set(['write']))), ['b.write(chunk)', 'b.write(chunk)', 'f(g(h()))(1)']);
    assert.deepEqual(texts(callsNamed(sf, SyntaxKind.CallExpression, new Set(['pipe']))), ['f(g(h()))(1).pipe(b)', 'f(g(h()))(1)']);
    assert.deepEqual(texts(callsNamed(sf, SyntaxKind.NewExpression, new Set(['Socket']))), ['new net.Socket()', "new (require('ws'))('u')"]);
    const fn = sf.getFunctionOrThrow('relay');
    assert.deepEqual(texts(callsNamed(fn, SyntaxKind.CallExpression, new Set(['pause', 'b']))), ['a.pause()', 'f(g(h()))(1)']);
  });

  it('identifiersNamed and identifierNames read the whole file', () => {
    const sf = project(SOURCES.nested);
    const inner = sf.getFunctionOrThrow('relay');
    assert.deepEqual(
      identifiersNamed(inner, 'chunk').map((n) => n.getStartLineNumber()),
      [4, 4, 4],
    );
    assert.ok(identifiersNamed(sf, 'a').every((n) => Node.isIdentifier(n) && n.getText() === 'a'));
    assert.deepEqual(identifiersNamed(sf, 'nothing'), []);
    const names = identifierNames(sf);
    for (const n of ['net', 'relay', 'chunk', 'Socket', 'C', 'm']) assert.ok(names.has(n), n);
  });
});
