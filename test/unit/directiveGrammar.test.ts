import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const grammarPath = path.join(__dirname, '..', '..', 'syntaxes', 'socklint-directives.tmLanguage.json');
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: { directive: { begin: string; end: string; patterns: Array<{ match: string; name: string }> } };
}

/** The highlighted pieces of one comment: the directive keyword and the rule ids up to the reason. */
function highlight(grammar: Grammar, comment: string): { keyword?: string; ids: string[] } {
  const { begin, end, patterns } = grammar.repository.directive;
  const m = new RegExp(begin).exec(comment);
  if (!m) return { ids: [] };
  const rest = comment.slice(m.index + m[0].length);
  const stop = new RegExp(end.replace('$', '(?![\\s\\S])'), 'm').exec(rest);
  const scope = stop ? rest.slice(0, stop.index) : rest;
  const idPattern = new RegExp(patterns.find((p) => p.name.startsWith('entity.name.tag'))!.match, 'g');
  return { keyword: m[1], ids: scope.match(idPattern) ?? [] };
}

describe('directive grammar', () => {
  const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as Grammar;

  it('is contributed as an injection into JS/TS comments', () => {
    const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
    assert.ok(entry, 'contributes.grammars names the grammar');
    assert.deepEqual([...entry.injectTo].sort(), ['source.js', 'source.js.jsx', 'source.ts', 'source.tsx']);
    assert.ok(fs.existsSync(path.join(__dirname, '..', '..', entry.path)));
    assert.match(grammar.injectionSelector, /comment/);
  });

  it('highlights the directive and its rule ids, not the reason', () => {
    assert.deepEqual(highlight(grammar, '// socklint-disable-next-line missing-error-listener, prefer-pipeline -- legacy relay'), {
      keyword: 'socklint-disable-next-line',
      ids: ['missing-error-listener', 'prefer-pipeline'],
    });
    assert.deepEqual(highlight(grammar, '/* socklint-disable missing-socket-timeout */'), { keyword: 'socklint-disable', ids: ['missing-socket-timeout'] });
    assert.deepEqual(highlight(grammar, '// socklint-disable-line'), { keyword: 'socklint-disable-line', ids: [] });
    assert.deepEqual(highlight(grammar, '// socklint-enable'), { keyword: 'socklint-enable', ids: [] });
  });

  it('ignores look-alikes', () => {
    assert.equal(highlight(grammar, '// see my-socklint-disable-helper').keyword, undefined);
    assert.equal(highlight(grammar, '// socklint-disabled for now').keyword, undefined);
  });
});
