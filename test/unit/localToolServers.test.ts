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

  it('is not reported in a package named for a development server', () => {
    assert.deepEqual(findings({ name: 'es-dev-server', description: 'Development server for modern web apps' }), []);
    assert.deepEqual(findings({ name: '@web/dev-server' }), []);
    // A name that only contains the words is a service like any other.
    assert.deepEqual(findings({ name: 'dev-server-registry', description: 'Registry of build machines' }), [
      'default-server-timeout:3',
      'server-keepalive-below-proxy:3',
    ]);
  });

  // vuepress's `vuepress dev`: the server comes from webpack-dev-server's typed `listen()`.
  const devServerTypes = `import * as http from 'http';
declare class WebpackDevServer {
  constructor(compiler: unknown, config?: object);
  listen(port: number, hostname: string, callback?: (error?: Error) => void): http.Server;
}
export = WebpackDevServer;
`;
  const devProcess = (serverPackage: string) => `const WebpackDevServer = require('${serverPackage}');
module.exports = class DevProcess {
  constructor(compiler, dir) {
    this.server = new WebpackDevServer(compiler, { before: (app) => app.use(require('express').static(dir)) });
  }
  listen(port, host) {
    this.server.listen(port, host, () => {});
    return this;
  }
};
`;
  const devFindings = (serverPackage: object) => {
    clearTestFileCache();
    project.write('package.json', JSON.stringify({ name: 'docs-site', main: 'lib/dev.js' }));
    project.write(`node_modules/${(serverPackage as { name: string }).name}/package.json`, JSON.stringify({ ...serverPackage, types: 'index.d.ts' }));
    project.write(`node_modules/${(serverPackage as { name: string }).name}/index.d.ts`, devServerTypes);
    project.write('lib/dev.js', devProcess((serverPackage as { name: string }).name));
    return project.findings('lib/dev.js', '10.24.1').map((f) => `${f.ruleId}:${f.line}`);
  };

  it("is not reported for the server a development server package's method makes and returns", () => {
    assert.deepEqual(devFindings({ name: 'webpack-dev-server', description: 'Serves a webpack app. Updates the browser on changes.' }), []);
    assert.deepEqual(devFindings({ name: 'page-preview', keywords: ['devserver', 'live-reload'] }), []);
  });

  it("is reported for the server another package's method makes and returns", () => {
    assert.deepEqual(devFindings({ name: 'rpc-gateway', description: 'JSON-RPC gateway' }), ['default-server-timeout:7', 'server-keepalive-below-proxy:7']);
  });

  // next's bundle analyzer: `next experimental-analyze` serves its report to the user's browser.
  const analyzer = (host: string) => `const http = require('http');
const serveHandler = require('serve-handler');
function startServer(dir, port) {
  const server = http.createServer((req, res) => serveHandler(req, res, { public: dir }));
  return new Promise((resolve) => server.listen(port, ${host}, () => resolve(server.address())));
}
module.exports = { startServer };
`;
  const analyzerFindings = (manifest: object, host: string) => {
    clearTestFileCache();
    project.write('package.json', JSON.stringify(manifest));
    project.write('dist/build/analyze/index.js', analyzer(host));
    return project.findings('dist/build/analyze/index.js').map((f) => `${f.ruleId}:${f.line}`);
  };

  it("is not reported for a command-line tool's server bound to loopback", () => {
    assert.deepEqual(analyzerFindings({ name: 'next', bin: { next: 'dist/bin/next' } }, "'localhost'"), []);
    assert.deepEqual(analyzerFindings({ name: 'trace-viewer', bin: 'cli.js' }, "'127.0.0.1'"), []);
  });

  it('is reported for a loopback server of a package that installs no command: an application a local proxy may front', () => {
    assert.deepEqual(analyzerFindings({ name: 'orders-api', main: 'dist/build/analyze/index.js' }, "'127.0.0.1'"), ['server-keepalive-below-proxy:4']);
  });

  it("is reported for a command-line tool's server on every interface or on a host it is given", () => {
    assert.deepEqual(analyzerFindings({ name: 'self-hosted-app', bin: 'cli.js' }, "'0.0.0.0'"), ['server-keepalive-below-proxy:4']);
    assert.deepEqual(analyzerFindings({ name: 'self-hosted-app', bin: 'cli.js' }, 'process.env.HOST'), ['server-keepalive-below-proxy:4']);
  });
});
