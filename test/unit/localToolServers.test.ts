import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import serverKeepAliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import defaultServerTimeout from '../../server/src/rules/default-server-timeout';
import { clearTestFileCache } from '../../server/src/core/testFiles';

// A package that calls itself a development or test tool serves a developer or a test run directly.
describe('servers of development and test tools (server-keepalive-below-proxy, default-server-timeout)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-local-tools-', [serverKeepAliveBelowProxy, defaultServerTimeout]);
    clearTestFileCache();
  });
  afterEach(() => project.dispose());

  // smoke's mock server, as it starts its http branch.
  const mockServer = `const http = require('http');
module.exports = function start(options, app) {
  const server = http.createServer(app);
  server.listen(options.port, options.host);
  return new Promise((resolve) => server.on('listening', resolve));
};
`;
  const findings = (manifest: object) => {
    clearTestFileCache();
    project.write('package.json', JSON.stringify(manifest));
    project.write('lib/smoke.js', mockServer);
    // On Node 10, where the 120 s server timeout still applies.
    return project.findings('lib/smoke.js', '10.24.1').map((f) => `${f.ruleId}:${f.line}`);
  };

  it('is not reported in a package whose keywords or description say it is a mock, test or development tool', () => {
    assert.deepEqual(findings({ name: 'smoke', keywords: ['mock', 'server', 'api'] }), []);
    assert.deepEqual(findings({ name: 'smtp-sink', keywords: ['smtp', 'Testing'] }), []);
    assert.deepEqual(findings({ name: 'proxy-test-server', description: 'Proxy server for testing proxied connections' }), []);
    assert.deepEqual(findings({ name: 'express-reverse-proxy', description: 'A back-end (Node.js) development tool to serve front-end projects' }), []);
    assert.deepEqual(findings({ name: 'lambda-local', description: 'Commandline tool and API to run Lambda functions on your local machine.' }), []);
  });

  it('is reported in a service whose words only mention tests or development', () => {
    const both = ['default-server-timeout:3', 'server-keepalive-below-proxy:3'];
    assert.deepEqual(findings({ name: 'orders-api', keywords: ['api', 'test-driven'], description: 'Order service, developed in the open' }), both);
    assert.deepEqual(findings({ name: 'hammock-server', description: 'A REST server for hammock rentals' }), both);
    assert.deepEqual(findings({ name: 'edge-cache', description: 'A cache server for local machine learning models' }), both);
  });
});
