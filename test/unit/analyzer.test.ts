import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Rule } from '../../server/src/core/rule';
import { Analyzer, editorWorkspace } from '../../server/src/lsp/analyzer';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { ProjectService } from '../../server/src/project/projectService';
import missingErrorListener from '../../server/src/rules/missing-error-listener';

const broken: Rule = {
  meta: { id: 'always-throws', description: 'throws', defaultSeverity: 'error', messages: { m: 'm' }, options: {} },
  check() {
    throw new TypeError('boom');
  },
};

/** The analyzer as the language server builds it, with one workspace folder. */
function editorAnalyzer(rules: Rule[], dir: string): Analyzer {
  const workspace = editorWorkspace(rules, () => [dir]);
  return new Analyzer(rules, new ProjectService(workspace, () => undefined), workspace);
}

describe('server analyzer', function () {
  this.timeout(20000);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-analyzer-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a rule that throws is reported as an internal error; the other rules still report', () => {
    const dir = tempDir();
    const rules = [broken, missingErrorListener];
    const analyzer = editorAnalyzer(rules, dir);
    const file = path.join(dir, 'a.js');
    const result = analyzer.analyse(file, `const net = require('net');\nconst s = net.connect(80);\ns.write('x');\n`, DEFAULT_SETTINGS);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['missing-error-listener'],
    );
    assert.deepEqual(
      result.internalErrors.map((e) => [e.ruleId, e.message]),
      [['always-throws', 'boom']],
    );
    assert.equal(result.failure, undefined);
  });

  it('files matched by the config ignore globs are not analysed', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'socklint.config.json'), JSON.stringify({ ignore: ['generated/', '*.min.js'] }));
    const rules = [missingErrorListener];
    const analyzer = editorAnalyzer(rules, dir);
    const code = `const net = require('net');\nconst s = net.connect(80);\ns.write('x');\n`;
    assert.equal(analyzer.analyse(path.join(dir, 'generated', 'a.js'), code, DEFAULT_SETTINGS).ignored, true);
    assert.equal(analyzer.analyse(path.join(dir, 'src', 'a.js'), code, DEFAULT_SETTINGS).findings.length, 1);
    assert.equal(
      analyzer.analyse(path.join(dir, 'src', 'deep', 'b.min.js'), code, DEFAULT_SETTINGS).ignored,
      true,
      'a pattern without / matches at any depth, as in the CLI',
    );
    assert.equal(
      analyzer.analyse(path.join(dir, 'node_modules', 'pkg', 'a.js'), code, DEFAULT_SETTINGS).ignored,
      true,
      "installed packages are not the user's code",
    );
  });
});
