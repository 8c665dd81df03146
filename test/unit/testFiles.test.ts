import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project } from 'ts-morph';
import { ConfigError, loadConfigFile } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { DEFAULT_TEST_GLOBS, clearTestFileCache, fileRole } from '../../server/src/core/testFiles';
import { rules } from '../../server/src/rules/index';

const SERVER = `const http = require('http');\nconst server = http.createServer((req, res) => res.end());\nserver.listen(3000);\nhttp.get('http://example.com/', (res) => res.resume());\n`;

describe('test files (core/testFiles.ts)', () => {
  let tmp: string;
  let project: Project;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-tests-'));
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"app","engines":{"node":"10"}}');
    project = new Project({ compilerOptions: { allowJs: true }, skipAddingFilesFromTsConfig: true });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function file(rel: string, text = SERVER) {
    const full = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return project.createSourceFile(full, text, { overwrite: true });
  }

  /** Gives the temporary package another manifest, forgotten as the server forgets a changed package.json. */
  function setManifest(manifest: object) {
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify(manifest));
    clearTestFileCache();
  }

  it('recognises the usual test layouts and names, relative to the package folder', () => {
    const role = (rel: string, text?: string) => fileRole(file(rel, text), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role('test/server.js'), 'test');
    assert.equal(role('packages/a/tests/unit/server.js'), 'test');
    assert.equal(role('src/__tests__/server.js'), 'test');
    assert.equal(role('src/server.test.ts'), 'test');
    assert.equal(role('src/server.spec.mjs'), 'test');
    assert.equal(role('test-server.js'), 'test');
    assert.equal(role('index.test-d.ts'), 'typeAssertions');
    assert.equal(role('types/index.tst.ts'), 'typeAssertions');
    assert.equal(role('types/check.ts', `import { expectType } from 'tsd';\n${SERVER}`), 'typeAssertions');
    assert.equal(role('types/check.ts', `import { expect } from "tstyche";\n${SERVER}`), 'typeAssertions');
    // A JavaScript file is run whatever it imports; a runtime test importing expect-type is run too.
    assert.equal(role('src/check.js', `import { expectType } from 'tsd';\n${SERVER}`), 'production');
    assert.equal(role('src/check.ts', `import { expectTypeOf } from 'expect-type';\n${SERVER}`), 'production');
    assert.equal(role('src/server.js'), 'production');
    assert.equal(role('src/latest/server.js'), 'production');
  });

  it('a test that replaces the network (mitm, nock, stubbed net/tls/http functions) connects to nothing: no rule runs there (global-tunnel-ng)', () => {
    const role = (rel: string, text: string) => fileRole(file(rel, text), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role('test/proxy.js', `const nock = require('nock');\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('test/proxy.ts', `import Mitm from 'mitm';\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('test/index.js', `sandbox.stub(net, 'createConnection').callsFake(() => new EventEmitter());\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('test/index.js', `jest.spyOn(https, "request");\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('test/index.js', `net.connect = function () { return fake; };\n${SERVER}`), 'simulatedNetwork');
    // Comparing is not replacing; a production file that loads nock (a mocking tool) is still production.
    assert.equal(role('test/index.js', `if (net.connect === original) done();\n${SERVER}`), 'test');
    assert.equal(role('src/recorder.js', `const nock = require('nock');\n${SERVER}`), 'production');
    // nock's own tests load it from the package itself (`require('../.')`); another package's test doing so is a plain test.
    setManifest({ name: 'nock' });
    assert.equal(role('tests/test_intercept.js', `var nock = require('../.');\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('tests/test_common.js', `var lib = require('../lib/common');\n${SERVER}`), 'simulatedNetwork');
    assert.equal(role('tests/test_real.js', SERVER), 'test');
    assert.equal(role('lib/intercept.js', `var common = require('./common');\n${SERVER}`), 'production');
    fs.mkdirSync(path.join(tmp, 'other'));
    fs.writeFileSync(path.join(tmp, 'other', 'package.json'), '{"name":"nock-helper"}');
    assert.equal(role('other/test/index.js', `var helper = require('../.');\n${SERVER}`), 'test');
    const config = loadConfigFile(writeConfig({}), rules);
    const nodeVersion = { version: '10.0.0', major: 10, source: 'test' };
    const ids = (rel: string, text: string) => analyzeSourceFile(file(rel, text), { rules, config, nodeVersion }).findings.map((f) => f.ruleId);
    assert.deepEqual(ids('test/index.js', `const nock = require('nock');\n${SERVER}`), []);
    assert.deepEqual(ids('test/real.js', SERVER).sort(), ['missing-error-listener', 'missing-request-timeout']);
  });

  it("a package's examples and samples are where demo servers live: they count as test files (express-fileupload, forever-monitor, mailin)", () => {
    const role = (rel: string) => fileRole(file(rel), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role('example/server.js'), 'test');
    assert.equal(role('examples/env-server.js'), 'test');
    assert.equal(role('samples/server.js'), 'test');
    assert.equal(role('packages/a/sample/index.js'), 'test');
    assert.equal(role('benchmark/server.js'), 'test');
    assert.equal(role('perf/memory/server.js'), 'test');
    // xterm's zmodem addon demo server, shipped in src/, lib/ and dist/.
    assert.equal(role('lib/addons/zmodem/demo/app.js'), 'test');
    assert.equal(role('demos/chat/server.js'), 'test');
    // Maintainer scripts and dev servers run by hand (mailcheck's script/server.js), benchmarks, fixtures and mocks.
    assert.equal(role('script/server.js'), 'test');
    assert.equal(role('scripts/generate-enums.js'), 'test');
    assert.equal(role('bench/throughput.js'), 'test');
    assert.equal(role('bench.js'), 'test');
    assert.equal(role('src/__mocks__/net.js'), 'test');
    assert.equal(role('test-utils/../fixtures/server.js'), 'test');
    assert.equal(role('src/transcripts/server.js'), 'production');
    // A demo or benchmark script by its name (browser_fingerprint's sample.ts, sigmund's bench.js).
    assert.equal(role('src/sample.ts'), 'test');
    assert.equal(role('bench.js'), 'test');
    // A module merely named like one is production code.
    assert.equal(role('lib/examples-loader.js'), 'production');
    assert.equal(role('lib/sampler.js'), 'production');
    // A sample by its name's prefix (hapi-plugin-websocket's sample-server.js), a folder named for
    // tests (pusher-js's integration_tests_server/), end-to-end suites, a package's root tools/
    // (inbox's IMAP debugging proxy).
    assert.equal(role('sample-server.js'), 'test');
    assert.equal(role('lib/example_client.ts'), 'test');
    assert.equal(role('demo-app.js'), 'test');
    // …or by its name's suffix (isolated-vm's inspector-example.js); a word that only ends so is not one.
    assert.equal(role('inspector-example.js'), 'test');
    assert.equal(role('lib/http_demo.ts'), 'test');
    assert.equal(role('lib/counterexample.js'), 'production');
    assert.equal(role('integration_tests_server/index.js'), 'test');
    assert.equal(role('packages/core/test-utils/server.js'), 'test');
    assert.equal(role('src/e2e-tests/proxy.js'), 'test');
    assert.equal(role('node-test/server.js'), 'test');
    assert.equal(role('e2e/server.ts'), 'test');
    assert.equal(role('tools/proxy.js'), 'test');
    // Only at the package's root: an application's own src/tools/ ships; "latest", "contest" are no tests.
    assert.equal(role('src/tools/proxy.js'), 'production');
    assert.equal(role('lib/contest/server.js'), 'production');
    assert.equal(role('lib/latest-server/index.js'), 'production');
    assert.equal(role('lib/samples-db.js'), 'production');
    // Helpers a package ships for testing (@homebridge/ciao's conformance tester).
    assert.equal(role('lib/bonjour-conformance-testing.js'), 'test');
    assert.equal(role('dist/testing/server.js'), 'test');
    assert.equal(role('src/testing.ts'), 'production');
    assert.equal(role('lib/contesting.js'), 'production');
    assert.equal(role('lib/testingUtils/server.js'), 'production');
    // A development server by its name (@mashroom/mashroom-websocket's dist/webapp/dev-server.js).
    assert.equal(role('dist/webapp/dev-server.js'), 'test');
    assert.equal(role('src/devServer.ts'), 'test');
    assert.equal(role('lib/dev-server-proxy.js'), 'production');
    assert.equal(role('lib/server.js'), 'production');
  });

  it('a mock stands in for another service in development and tests: a file named for one, or any file of a package named for one (fritzdect-aha-nodejs, mocker-api, oauth2-mock-server)', () => {
    const role = (rel: string) => fileRole(file(rel), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role('lib/fritz_mockserver.js'), 'test');
    assert.equal(role('src/mockServer.ts'), 'test');
    assert.equal(role('lib/mock-server.mjs'), 'test');
    assert.equal(role('src/api.mock.js'), 'test');
    assert.equal(role('src/bin/mocker.ts'), 'test');
    // Words that only contain the letters are production code.
    assert.equal(role('lib/hammock.js'), 'production');
    assert.equal(role('lib/mockingbird.js'), 'production');
    assert.equal(role('lib/unmocked.js'), 'production');
    for (const name of ['oauth2-mock-server', '@open-rpc/mock-server', 'mocker-api']) {
      setManifest({ name });
      assert.equal(role('dist/oauth2-server-CLVeYue8.mjs'), 'test', name);
    }
    setManifest({ name: 'hammock-proxy' });
    assert.equal(role('dist/server.js'), 'production');
  });

  it("a package's build for browsers or React Native never runs in Node: no rule runs there (@azure/core-rest-pipeline)", () => {
    const role = (rel: string) => fileRole(file(rel), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role('dist/browser/nodeHttpClient.js'), 'otherPlatform');
    assert.equal(role('dist/react-native/nodeHttpClient.js'), 'otherPlatform');
    assert.equal(role('dist/commonjs/nodeHttpClient.js'), 'production');
    assert.equal(role('dist/esm/nodeHttpClient.js'), 'production');
    // Sources about browsers (a browser launcher) are Node code.
    assert.equal(role('lib/browser/launcher.js'), 'production');
    assert.equal(role('src/browser/launcher.js'), 'production');
    const config = loadConfigFile(writeConfig({}), rules);
    const nodeVersion = { version: '10.0.0', major: 10, source: 'test' };
    const ids = (rel: string) => analyzeSourceFile(file(rel), { rules, config, nodeVersion }).findings.map((f) => f.ruleId);
    assert.deepEqual(ids('dist/browser/server.js'), []);
    assert.deepEqual(ids('dist/commonjs/server.js').sort(), [
      'default-server-timeout',
      'missing-error-listener',
      'missing-request-timeout',
      'server-keepalive-below-proxy',
    ]);
  });

  it('does not take a folder above the outermost package for a test folder (a project kept in ~/test/)', () => {
    fs.rmSync(path.join(tmp, 'package.json'));
    const nested = path.join(tmp, 'test', 'project');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(nested, 'package.json'), '{"name":"nested"}');
    assert.equal(fileRole(file('test/project/src/server.js'), { tests: DEFAULT_TEST_GLOBS }), 'production');
  });

  it('a test fixture with its own package.json is still a test file; an installed package is not crossed', () => {
    fs.mkdirSync(path.join(tmp, 'test', 'fixtures', 'app'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'test', 'fixtures', 'app', 'package.json'), '{"name":"fixture"}');
    assert.equal(fileRole(file('test/fixtures/app/server.js'), { tests: DEFAULT_TEST_GLOBS }), 'test');
    fs.mkdirSync(path.join(tmp, 'node_modules', 'test'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'node_modules', 'test', 'package.json'), '{"name":"test"}');
    assert.equal(fileRole(file('node_modules/test/lib/server.js'), { tests: DEFAULT_TEST_GLOBS }), 'production');
  });

  it('recognises test runners by import and by a top-level describe()/it()', () => {
    const role = (text: string) => fileRole(file('src/check.js', text), { tests: DEFAULT_TEST_GLOBS });
    assert.equal(role(`const { test } = require('node:test');\n`), 'test');
    assert.equal(role(`import { describe } from 'vitest';\n`), 'test');
    assert.equal(role(`const assert = require('assert');\nrequire('mocha');\n`), 'test');
    assert.equal(role(`import test from 'ava';\n`), 'test');
    assert.equal(role(`describe.only('x', () => {});\n`), 'test');
    assert.equal(role(`function f() { it('x'); }\n`), 'production');
    assert.equal(role(`const jester = require('jester');\n`), 'production');
  });

  it('configured globs replace the defaults; false treats nothing as a test (type assertions still never run)', () => {
    assert.equal(fileRole(file('spec/server.js'), { tests: ['spec/**'] }), 'test');
    assert.equal(fileRole(file('test/server.js'), { tests: ['spec/**'] }), 'production');
    assert.equal(fileRole(file('test/server.js'), { tests: false }), 'production');
    assert.equal(fileRole(file('src/check.js', `require('mocha');\n`), { tests: false }), 'production');
    assert.equal(fileRole(file('index.test-d.ts'), { tests: false }), 'typeAssertions');
  });

  it('the engine skips production-server rules in test files and keeps the others', () => {
    const config = loadConfigFile(writeConfig({}), rules);
    const nodeVersion = { version: '10.0.0', major: 10, source: 'test' };
    const ids = (rel: string, cfg = config) =>
      analyzeSourceFile(file(rel), { rules, config: cfg, nodeVersion })
        .findings.map((f) => f.ruleId)
        .sort();
    assert.deepEqual(ids('src/server.js'), ['default-server-timeout', 'missing-error-listener', 'missing-request-timeout', 'server-keepalive-below-proxy']);
    assert.deepEqual(ids('test/server.js'), ['missing-error-listener', 'missing-request-timeout']);
    assert.deepEqual(ids('index.test-d.ts'), []);
    // `"tests": false`: every file is production code.
    assert.deepEqual(ids('test/server2.js', loadConfigFile(writeConfig({ tests: false }), rules)), [
      'default-server-timeout',
      'missing-error-listener',
      'missing-request-timeout',
      'server-keepalive-below-proxy',
    ]);
    // Globs are relative to the configuration's folder.
    assert.deepEqual(ids('e2e/server.js', loadConfigFile(writeConfig({ tests: ['e2e/**'] }), rules)), ['missing-error-listener', 'missing-request-timeout']);
  });

  it('an invalid "tests" setting is a configuration error', () => {
    assert.throws(
      () => loadConfigFile(writeConfig({ tests: 'test/**' }), rules),
      (e: unknown) => e instanceof ConfigError && /tests/.test(e.message),
    );
    assert.throws(() => loadConfigFile(writeConfig({ tests: true }), rules), ConfigError);
  });

  function writeConfig(content: unknown): string {
    const full = path.join(tmp, 'socklint.config.json');
    fs.writeFileSync(full, JSON.stringify(content));
    return full;
  }
});
