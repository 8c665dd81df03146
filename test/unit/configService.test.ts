import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, ignoredByConfig } from '../../server/src/core/config';
import { ConfigService } from '../../server/src/core/configService';
import { rules } from '../../server/src/rules';

// One configuration layer for the CLI (strict, optionally one explicit file), the editor and the
// ESLint plugin (defaults and a reason when a configuration is broken).
describe('ConfigService: the configuration of a file, for every front-end', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-configs-'));
    fs.mkdirSync(path.join(dir, 'good', 'src'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'bad'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'good', 'socklint.config.json'),
      JSON.stringify({ ignore: ['src/generated/**'], rules: { 'missing-socket-timeout': 'off' } }),
    );
    fs.writeFileSync(path.join(dir, 'bad', 'socklint.config.json'), '{ "rules": { "no-such-rule": "error" } }');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the nearest configuration and matches its ignore globs relative to its folder', () => {
    const service = new ConfigService(rules);
    const { config, error } = service.forFile(path.join(dir, 'good', 'src', 'a.js'));
    assert.equal(error, undefined);
    assert.equal(config.rules.get('missing-socket-timeout')?.severity, 'off');
    assert.equal(ignoredByConfig(path.join(dir, 'good', 'src', 'generated', 'b.js'), config), true);
    assert.equal(ignoredByConfig(path.join(dir, 'good', 'src', 'a.js'), config), false);
  });

  it('editor and plugin: a broken configuration gives the defaults and a one-line reason', () => {
    const { config, error } = new ConfigService(rules).forFile(path.join(dir, 'bad', 'a.js'));
    assert.match(error ?? '', /no-such-rule/);
    assert.doesNotMatch(error ?? '', /\n/);
    assert.equal(config.rules.get('missing-socket-timeout')?.severity, 'warn');
  });

  it('CLI: a broken configuration throws its ConfigError; an explicit file applies to every file', () => {
    assert.throws(() => new ConfigService(rules, { strict: true }).forFile(path.join(dir, 'bad', 'a.js')), ConfigError);
    const explicit = new ConfigService(rules, { configFile: path.join(dir, 'good', 'socklint.config.json'), strict: true });
    assert.equal(explicit.forFile(path.join(dir, 'bad', 'a.js')).config.rules.get('missing-socket-timeout')?.severity, 'off');
  });
});
