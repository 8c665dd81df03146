import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import serverKeepAliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import defaultServerTimeout from '../../server/src/rules/default-server-timeout';
import { clearTestFileCache } from '../../server/src/core/testFiles';

// A server that a module of its folder starts and opens the user's browser at is a local preview:
// that browser is its only client, with no proxy in front (honkit's `serve`).
describe('servers a module of their folder opens the browser at (server rules)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-preview-servers-', [serverKeepAliveBelowProxy, defaultServerTimeout]);
    clearTestFileCache();
  });
  afterEach(() => project.dispose());

  /** honkit's lib/cli/server.js, compiled by TypeScript: a static server of a book's output. */
  const SERVER = `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const http_1 = __importDefault(require("http"));
const send_1 = __importDefault(require("send"));
class Server {
    start(dir, port) {
        this.running = http_1.default.createServer((req, res) => {
            (0, send_1.default)(req, req.url, { root: dir }).pipe(res);
        });
        this.running.listen(port || 8004);
    }
}
exports.default = Server;
`;
  /** honkit's lib/cli/serve.js: starts the server, then opens the browser at it with `opener`. */
  const serve = (opener: string) => `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const server_1 = __importDefault(require("./server"));
const open_1 = __importDefault(require("${opener}"));
module.exports = function serve(dir, port) {
    new server_1.default().start(dir, port);
    (0, open_1.default)(\`http://localhost:\${port}\`);
};
`;
  const rules = (version: string) => project.findings('lib/cli/server.js', version).map((f) => `${f.ruleId}:${f.line}`);

  it('is not reported when a module of the folder loads the server and opens the browser', () => {
    project.write('lib/cli/server.js', SERVER);
    project.write('lib/cli/serve.js', serve('open'));
    assert.deepEqual(rules('20.0.0'), []);
    assert.deepEqual(rules('10.0.0'), [], "Node 10's 120 s cut: no proxy answers 502 to a local browser");
  });

  it('is still reported when the module that loads it opens nothing', () => {
    project.write('lib/cli/server.js', SERVER);
    project.write('lib/cli/serve.js', serve('./log'));
    assert.deepEqual(rules('20.0.0'), ['server-keepalive-below-proxy:7']);
    assert.deepEqual(rules('10.0.0'), ['default-server-timeout:7', 'server-keepalive-below-proxy:7']);
  });

  it('is still reported when the module that opens the browser loads another file of the folder', () => {
    project.write('lib/cli/server.js', SERVER);
    project.write('lib/cli/serve.js', serve('open').replace('require("./server")', 'require("./preview")'));
    assert.deepEqual(rules('20.0.0'), ['server-keepalive-below-proxy:7']);
  });

  /** @ladle/react's lib/cli/vite-dev.js: an express dev server that opens the browser through the package's own helper. */
  const devServer = (helper: string) => `import express from 'express';
import openBrowser from '${helper}';
const app = express();
app.get('/', (_req, res) => res.send('stories'));
app.listen(61000, async () => {
  await openBrowser('http://localhost:61000');
});
`;
  const devRules = (version: string) => project.findings('lib/cli/vite-dev.js', version).map((f) => `${f.ruleId}:${f.line}`);

  it('is not reported when the file opens the browser through a helper module of the package that loads an opener', () => {
    project.write('lib/cli/open-browser.js', `import open from 'open';\nexport default function openBrowser(url) { return open(url); }\n`);
    project.write('lib/cli/vite-dev.js', devServer('./open-browser.js'));
    assert.deepEqual(devRules('20.0.0'), []);
    assert.deepEqual(devRules('10.0.0'), []);
  });

  it('is still reported when the helper named for opening a browser loads no opener', () => {
    project.write('lib/cli/open-browser.js', `export default function openBrowser(url) { console.log('open', url); }\n`);
    project.write('lib/cli/vite-dev.js', devServer('./open-browser.js'));
    assert.deepEqual(devRules('20.0.0'), ['server-keepalive-below-proxy:5']);
  });
});
