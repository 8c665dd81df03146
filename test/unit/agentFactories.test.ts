import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import agentFreeSocketTimeout from '../../server/src/rules/agent-free-socket-timeout';
import { clearTestFileCache } from '../../server/src/core/testFiles';
import { clearPackageFilesCache } from '../../server/src/core/packageFiles';

// An agent factory's callers live in other files of its package: they decide how long a pool lives.
describe('agents an exported factory returns, judged by its callers in the package (agent-free-socket-timeout)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-agent-factories-', [agentFreeSocketTimeout]);
    clearTestFileCache();
    clearPackageFilesCache();
  });
  afterEach(() => project.dispose());

  // jsdom's living/helpers/agent-factory.js.
  const FACTORY = `const http = require('http');
const https = require('https');
module.exports = function agentFactory(proxy, rejectUnauthorized) {
  const agentOpts = { keepAlive: true, rejectUnauthorized };
  return { http: new http.Agent(agentOpts), https: new https.Agent(agentOpts) };
};
`;
  // jsdom's resource loader: a new pair of agents for each fetch, given to that fetch's request.
  const PER_FETCH = `const agentFactory = require('../helpers/agent-factory');
const Request = require('./request');
module.exports = class ResourceLoader {
  fetch(url) {
    const agents = agentFactory(this._proxy, this._strictSSL);
    const client = new Request(url, { followRedirects: true, agents });
    return client.promise;
  }
};
`;
  const findings = (callers: Record<string, string>) => {
    project.write('package.json', JSON.stringify({ name: 'dom-env', main: 'lib/api.js' }));
    project.write('lib/request.js', 'module.exports = class Request {};\n');
    for (const [file, text] of Object.entries(callers)) project.write(file, text);
    project.write('lib/helpers/agent-factory.js', FACTORY);
    return project.findings('lib/helpers/agent-factory.js').map((f) => `${f.ruleId}:${f.line}`);
  };

  it("is not reported when every caller in the package makes the agents for one call's requests (jsdom)", () => {
    const xhr = `const agentFactory = require('../helpers/agent-factory.js');
exports.createClient = function createClient(flag) {
  const agents = agentFactory(flag.proxy, flag.strictSSL);
  return new (require('../loader/request'))(flag.uri, { agents });
};
`;
    assert.deepEqual(findings({ 'lib/loader/resource-loader.js': PER_FETCH, 'lib/xhr/xhr-utils.js': xhr }), []);
  });

  it('is reported when a caller keeps the agents for the whole module', () => {
    const shared = `const agentFactory = require('./helpers/agent-factory');
const agents = agentFactory(null, true);
exports.get = (url) => require('./loader/request').get(url, { agents });
`;
    const both = ['agent-free-socket-timeout:5', 'agent-free-socket-timeout:5'];
    assert.deepEqual(findings({ 'lib/loader/resource-loader.js': PER_FETCH, 'lib/shared.js': shared }), both);
  });

  it('is reported when a caller uses them from a timer: the pool sits idle between runs', () => {
    const poller = `const agentFactory = require('../helpers/agent-factory');
exports.poll = function poll(url) {
  const agents = agentFactory(null, true);
  setInterval(() => require('../loader/request').get(url, { agents }), 10000);
};
`;
    assert.deepEqual(findings({ 'lib/poll/poller.js': poller }), ['agent-free-socket-timeout:5', 'agent-free-socket-timeout:5']);
  });

  it('is reported when no file of the package calls the factory: its users are elsewhere', () => {
    assert.deepEqual(findings({}), ['agent-free-socket-timeout:5', 'agent-free-socket-timeout:5']);
  });

  it("is reported when a compiled caller hands the factory's agent straight to a client it keeps (@qdrant/js-client-rest)", () => {
    project.write('package.json', JSON.stringify({ name: 'vector-client', main: 'dist/index.js' }));
    project.write(
      'dist/dispatcher.js',
      `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const undici_1 = require("undici");
const createDispatcher = (connections = 25) => new undici_1.Agent({ connections, keepAliveTimeout: 10000 });
exports.createDispatcher = createDispatcher;
`,
    );
    project.write(
      'dist/api-client.js',
      `"use strict";
const dispatcher_js_1 = require("./dispatcher.js");
function createApis(baseUrl, { connections }) {
  const client = { baseUrl, init: { dispatcher: (0, dispatcher_js_1.createDispatcher)(connections) } };
  return client;
}
exports.createApis = createApis;
`,
    );
    assert.deepEqual(
      project.findings('dist/dispatcher.js').map((f) => `${f.ruleId}:${f.line}`),
      ['agent-free-socket-timeout:4'],
    );
  });
});
