import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import missingErrorListener from '../../server/src/rules/missing-error-listener';
import missingRequestTimeout from '../../server/src/rules/missing-request-timeout';

// A request made by a function of another file of the project: where its findings belong.
describe('values returned by functions of the project (core/analysis/helperCalls.ts)', () => {
  const rules = [missingErrorListener, missingRequestTimeout];
  let project: TmpProject;
  beforeEach(() => (project = tmpProject('socklint-helpers-', rules)));
  afterEach(() => project.dispose());
  const write = (rel: string, text: string) => project.write(rel, text);
  const findings = (rel: string): string[] => project.findings(rel).map((f) => `${f.line} ${f.ruleId}`);

  it("a request another file's function returns after listening for its 'error' is not reported where it is called (simple-get)", () => {
    write(
      'index.js',
      `module.exports = simpleGet
var http = require('http')
function simpleGet (opts, cb) {
  var req = http.request(opts, function (res) { cb(null, res) })
  req.on('error', cb)
  req.setTimeout(5000, function () { req.destroy() })
  req.end()
  return req
}
module.exports.get = function (opts, cb) { return simpleGet(opts, cb) }
`,
    );
    write('test/basic.js', `var get = require('../')\nget({ url: 'http://localhost/' }, function (err) {})\nget.get('http://localhost/', function (err) {})\n`);
    assert.deepEqual(findings('test/basic.js'), []);
    assert.deepEqual(findings('index.js'), []);
  });

  it('a request another file returns bare is still reported where it is called', () => {
    write('lib.js', `var http = require('http')\nexports.get = function get (url) { return http.get(url) }\n`);
    // (A file that names no networking module is not analysed at all: the prefilter.)
    write('app.js', `var lib = require('./lib')\nvar req = lib.get('http://localhost/')\nreq.end(require('http').STATUS_CODES[200])\n`);
    // Its timeout may be set by the function from its arguments: that stays silent.
    assert.deepEqual(findings('app.js'), ['2 missing-error-listener']);
  });

  it("a same-file function's request is reported once, at its creation, not again at each call", () => {
    write(
      'one.js',
      `var http = require('http')\nfunction get (path) {\n  var req = http.request('http://localhost' + path)\n  return req\n}\nget('/a').end()\nget('/b').end()\n`,
    );
    assert.deepEqual(findings('one.js'), ['3 missing-error-listener', '3 missing-request-timeout']);
  });

  it("a same-file function that listens for 'error' and sets a timeout: nothing at its calls", () => {
    write(
      'two.js',
      `var http = require('http')\nfunction get (opts, cb) {\n  return http.request(opts).on('error', cb).setTimeout(1000)\n}\nget({}, console.error).end()\n`,
    );
    assert.deepEqual(findings('two.js'), []);
  });

  it("a library's own net.Server subclass (httpolyglot): its 'connection' sockets are not taken for raw sockets; Node's own still are", () => {
    write('node_modules/poly/package.json', '{"name":"poly","types":"index.d.ts","main":"index.js"}');
    write(
      'node_modules/poly/index.d.ts',
      `import * as net from 'net';\nexport declare class Server extends net.Server {}\nexport declare function createServer(handler: (req: any, res: any) => void): Server;\n`,
    );
    write('node_modules/poly/index.js', 'exports.createServer = function () {};\n');
    write(
      'server.ts',
      `import * as net from 'net';\nimport * as poly from 'poly';\nconst server = poly.createServer((req, res) => res.end());\nserver.on('connection', (socket: net.Socket) => socket.setNoDelay(true));\nserver.listen(8000);\nconst raw = net.createServer();\nraw.on('connection', (socket: net.Socket) => socket.setNoDelay(true));\nraw.listen(8001);\n`,
    );
    assert.deepEqual(findings('server.ts'), ['7 missing-error-listener']);
  });
});
