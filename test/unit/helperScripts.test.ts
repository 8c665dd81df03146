import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import serverKeepAliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import defaultServerTimeout from '../../server/src/rules/default-server-timeout';
import { clearTestFileCache } from '../../server/src/core/testFiles';
import { clearHelperScriptCache } from '../../server/src/core/helperScripts';

// A script a library keeps beside its code (lunr's and jimp's `server.js` serving the repo's demo
// pages, formidable's tool/record.js) is run by a maintainer at their machine: no proxy in front.
describe('scripts a library keeps beside its code (server rules, core/helperScripts.ts)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-helper-scripts-', [serverKeepAliveBelowProxy, defaultServerTimeout]);
    clearTestFileCache();
    clearHelperScriptCache();
  });
  afterEach(() => project.dispose());

  /** lunr's server.js: serves the repository's files to try the example pages. */
  const SERVER = `var http = require('http');
var fs = require('fs');
var port = process.argv[2] || 3000;
http.createServer(function (req, res) {
  fs.createReadStream(process.cwd() + req.url).on('error', () => res.end()).pipe(res);
}).listen(port);
`;
  const LIBRARY = 'module.exports = function lunr() { return {}; };\n';
  const rules = (version = '10.0.0') => project.findings('server.js', version).map((f) => `${f.ruleId}:${f.line}`);
  const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: 'lunr', version: '1.0.0', ...fields });

  it("is not reported in a library's script that no entry point, bin, start script or module loads", () => {
    project.write('package.json', manifest({ main: 'lunr.js', scripts: { test: 'make test' } }));
    project.write('lunr.js', LIBRARY);
    project.write('server.js', SERVER);
    assert.deepEqual(rules(), []);
    assert.deepEqual(rules('20.0.0'), []);
  });

  it('is still reported when the file is the main entry point, or the package has none', () => {
    project.write('server.js', SERVER);
    project.write('package.json', manifest({ main: 'server.js' }));
    assert.deepEqual(rules(), ['default-server-timeout:4', 'server-keepalive-below-proxy:4']);
    clearTestFileCache();
    clearHelperScriptCache();
    project.write('package.json', manifest({}));
    assert.deepEqual(rules(), ['default-server-timeout:4', 'server-keepalive-below-proxy:4']);
  });

  it('is still reported when a bin command, the start script, a Procfile or a module of the package runs it', () => {
    project.write('lunr.js', LIBRARY);
    project.write('server.js', SERVER);
    const variants: Array<[string, () => void]> = [
      ['bin', () => project.write('package.json', manifest({ main: 'lunr.js', bin: { 'lunr-serve': './server.js' } }))],
      ['start', () => project.write('package.json', manifest({ main: 'lunr.js', scripts: { start: 'node server.js' } }))],
      ['loaded', () => (project.write('package.json', manifest({ main: 'lunr.js' })), project.write('lib/cli.js', "require('../server');\n"))],
      ['run by its path', () => project.write('lib/cli.js', "spawn(process.execPath, [path.resolve(__dirname, '..', 'server.js')]);\n")],
      ['Procfile', () => (project.write('lib/cli.js', "require('../lunr');\n"), project.write('Procfile', 'web: node server.js\n'))],
    ];
    // Each variant alone: the first test shows the same files with none of them unreported.
    for (const [name, setUp] of variants) {
      clearTestFileCache();
      clearHelperScriptCache();
      setUp();
      assert.deepEqual(rules(), ['default-server-timeout:4', 'server-keepalive-below-proxy:4'], name);
    }
  });

  it('is still reported in an index file that a module loads by its folder (http-proxy)', () => {
    project.write('package.json', manifest({ main: 'lib/main.js' }));
    project.write('lib/main.js', "module.exports = require('./proxy/');\n");
    project.write('lib/proxy/index.js', SERVER);
    const found = project.findings('lib/proxy/index.js', '10.0.0').map((f) => `${f.ruleId}:${f.line}`);
    assert.deepEqual(found, ['default-server-timeout:4', 'server-keepalive-below-proxy:4']);
  });
});
