import * as assert from 'node:assert/strict';
import { PLAIN, UNHANDLED_SOCKET, ensureBuilt, fixture, runCli } from './cliHarness';

describe('socklint check says what it did not check', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('names the build-output folders it skipped below a given folder, and how to include them', () => {
    const dir = fixture({ 'pkg/src/add.js': PLAIN, 'pkg/dist/client.js': UNHANDLED_SOCKET, 'pkg/build/client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', 'pkg/'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'socklint: skipped 2 folders by default (build, dist: build output): name them to check them, e.g. socklint check pkg/build\n');
  });

  it('says so when nothing at all was checked', () => {
    const dir = fixture({ 'pkg/dist/client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', 'pkg'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^socklint: skipped 1 folder by default \(dist: build output\): name it to check it, e.g. socklint check pkg\/dist$/m);
    assert.match(r.stderr, /^socklint: no files checked: no JavaScript or TypeScript file to check in pkg$/m);
    assert.equal(r.stdout, '');
  });

  it('checks a build-output folder that is named', () => {
    const dir = fixture({ 'pkg/dist/client.js': UNHANDLED_SOCKET });
    const r = runCli(['check', 'pkg/dist'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /missing-error-listener/);
    assert.doesNotMatch(r.stderr, /skipped|no files checked/);
  });

  it('an empty folder: no files checked', () => {
    const dir = fixture({ 'notes/readme.md': '# notes\n' });
    const r = runCli(['check', 'notes'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'socklint: no files checked: no JavaScript or TypeScript file to check in notes\n');
  });

  it('a clean run with nothing skipped says nothing', () => {
    const dir = fixture({ 'lib/add.js': PLAIN, 'node_modules/x/index.js': UNHANDLED_SOCKET });
    const r = runCli(['check'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
  });
});
