import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildConfigSchema, ConfigError, defaultConfig, findConfigFile, loadConfigFile, resolveConfig, validateConfig } from '../../server/src/core/config';
import { rules } from '../../server/src/rules/index';

let tmp: string;

function write(rel: string, content: unknown): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-config-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('loadConfigFile', () => {
    it('reads severities, options, nodeVersion and ignore from socklint.config.json', () => {
      const file = write('socklint.config.json', {
        nodeVersion: '18',
        ignore: ['dist/**'],
        rules: { 'missing-error-listener': ['warn', { includeServers: true }], 'prefer-pipeline': 'off' },
      });
      const config = loadConfigFile(file, rules);
      assert.equal(config.file, file);
      assert.equal(config.nodeVersion, '18');
      assert.deepEqual(config.ignore, ['dist/**']);
      assert.deepEqual(config.rules.get('missing-error-listener'), { severity: 'warn', options: { includeServers: true } });
      assert.equal(config.rules.get('prefer-pipeline')?.severity, 'off');
      // Rules not mentioned keep their defaults.
      assert.equal(config.rules.get('incomplete-socket-relay')?.severity, 'error');
      assert.deepEqual(config.rules.get('incomplete-socket-relay')?.options, { idleTimeoutMs: 60000 });
    });

    it('fills in option defaults next to the options given', () => {
      const file = write('socklint.config.json', { rules: { 'incomplete-socket-relay': ['error', {}] } });
      assert.deepEqual(loadConfigFile(file, rules).rules.get('incomplete-socket-relay')?.options, { idleTimeoutMs: 60000 });
    });

    it('names an unknown top-level key', () => {
      const file = write('socklint.config.json', { rulez: {} });
      const err = configError(() => loadConfigFile(file, rules));
      assert.equal(err.file, file);
      assert.match(err.message, /unknown key "rulez"/);
      assert.ok(err.message.startsWith(file), 'the message starts with the file');
    });

    it('names an unknown rule', () => {
      const file = write('socklint.config.json', { rules: { 'no-such-rule': 'warn' } });
      assert.match(configError(() => loadConfigFile(file, rules)).detail, /unknown rule "no-such-rule"/);
    });

    it('names an unknown option of a rule', () => {
      const file = write('socklint.config.json', { rules: { 'incomplete-socket-relay': ['warn', { idleTimeout: 5 }] } });
      assert.match(configError(() => loadConfigFile(file, rules)).detail, /idleTimeout/);
    });

    it('rejects a bad severity and names the rule', () => {
      const file = write('socklint.config.json', { rules: { 'missing-error-listener': 'fatal' } });
      const err = configError(() => loadConfigFile(file, rules));
      assert.match(err.detail, /rules\.missing-error-listener/);
    });

    it('rejects an option of the wrong type', () => {
      const file = write('socklint.config.json', { rules: { 'incomplete-socket-relay': ['warn', { idleTimeoutMs: 'soon' }] } });
      assert.match(configError(() => loadConfigFile(file, rules)).detail, /idleTimeoutMs/);
    });

    it('an invalid ignore glob is an error naming the file and the key (ignore[1])', () => {
      const file = write('socklint.config.json', { ignore: ['dist/**', '{a'] });
      const err = configError(() => loadConfigFile(file, rules));
      assert.equal(err.file, file);
      assert.equal(err.detail, 'ignore[1]: "{a" is not a valid glob (a "{" is never closed)');
      const pkg = write('package.json', { socklint: { ignore: ['{a'] } });
      assert.match(configError(() => loadConfigFile(pkg, rules)).message, /package\.json \("socklint" key\): ignore\[0\]: "\{a" is not a valid glob/);
      const tests = write('socklint.config.json', { tests: ['**/test/**', 'spec/{unit,e2e/**'] });
      assert.equal(configError(() => loadConfigFile(tests, rules)).detail, 'tests[1]: "spec/{unit,e2e/**" is not a valid glob (a "{" is never closed)');
    });

    it('maxFileSize: bytes or a size with a unit; anything else names the key', () => {
      const size = (value: unknown) => loadConfigFile(write('socklint.config.json', { maxFileSize: value }), rules).maxFileSize;
      assert.equal(size(2048), 2048);
      assert.equal(size('512kb'), 512 * 1024);
      assert.equal(size('2mb'), 2 * 1024 * 1024);
      assert.equal(size(0), 0);
      assert.equal(loadConfigFile(write('socklint.config.json', {}), rules).maxFileSize, undefined);
      assert.match(configError(() => size('huge')).detail, /^maxFileSize: "huge" is not a size/);
      assert.match(configError(() => size('1constructor')).detail, /^maxFileSize/);
      assert.match(configError(() => size(true)).detail, /maxFileSize/);
    });

    it('reports invalid JSON and missing files in one line', () => {
      const broken = write('socklint.config.json', '{ "rules": ');
      const err = configError(() => loadConfigFile(broken, rules));
      assert.match(err.detail, /is not valid JSON/);
      assert.equal(err.message.split('\n').length, 1);
      assert.match(configError(() => loadConfigFile(path.join(tmp, 'nope.json'), rules)).detail, /does not exist/);
    });

    it('reads the "socklint" key of package.json', () => {
      const file = write('package.json', { name: 'app', socklint: { rules: { 'write-ignores-backpressure': 'error' } } });
      assert.equal(loadConfigFile(file, rules).rules.get('write-ignores-backpressure')?.severity, 'error');
    });

    it('names the "socklint" key when the package.json section is invalid', () => {
      const file = write('package.json', { name: 'app', socklint: { rules: { 'write-ignores-backpressure': 'loud' } } });
      const err = configError(() => loadConfigFile(file, rules));
      assert.match(err.message, /\("socklint" key\)/);
      assert.match(err.detail, /write-ignores-backpressure/);
    });

    it('treats a package.json without the key as an empty configuration', () => {
      const file = write('package.json', { name: 'app' });
      assert.equal(loadConfigFile(file, rules).rules.get('missing-error-listener')?.severity, 'error');
    });
  });

  describe('findConfigFile', () => {
    it('finds socklint.config.json in a parent directory', () => {
      const file = write('socklint.config.json', {});
      fs.mkdirSync(path.join(tmp, 'src', 'deep'), { recursive: true });
      assert.equal(findConfigFile(path.join(tmp, 'src', 'deep')), file);
    });

    it('prefers the nearest one, and a package.json only with a "socklint" key', () => {
      write('socklint.config.json', {});
      write('pkg/package.json', { name: 'no-config-here' });
      const pkgWithKey = write('pkg/inner/package.json', { name: 'inner', socklint: {} });
      assert.equal(findConfigFile(path.join(tmp, 'pkg', 'inner')), pkgWithKey);
      assert.equal(findConfigFile(path.join(tmp, 'pkg')), path.join(tmp, 'socklint.config.json'));
    });

    it('skips a broken package.json and keeps looking upward', () => {
      const file = write('socklint.config.json', {});
      write('app/package.json', '{ broken');
      assert.equal(findConfigFile(path.join(tmp, 'app')), file);
    });
  });

  describe('schema and defaults', () => {
    it('defaultConfig gives every rule its default severity and options', () => {
      const config = defaultConfig(rules);
      for (const rule of rules) {
        const setting = config.rules.get(rule.meta.id);
        assert.equal(setting?.severity, rule.meta.defaultSeverity);
        assert.deepEqual(Object.keys(setting?.options ?? {}).sort(), Object.keys(rule.meta.options).sort());
      }
    });

    it('the schema lists every rule and its options', () => {
      const schema = buildConfigSchema(rules) as { properties: { rules: { properties: Record<string, unknown> } } };
      assert.deepEqual(
        Object.keys(schema.properties.rules.properties),
        rules.map((r) => r.meta.id),
      );
      assert.match(JSON.stringify(schema.properties.rules.properties['incomplete-socket-relay']), /idleTimeoutMs/);
    });

    it('validateConfig accepts a plain severity and a [severity] tuple', () => {
      const user = validateConfig({ rules: { 'prefer-pipeline': 'warn', 'missing-error-listener': ['off'] } }, 'x.json', rules);
      const config = resolveConfig(user, rules);
      assert.equal(config.rules.get('prefer-pipeline')?.severity, 'warn');
      assert.equal(config.rules.get('missing-error-listener')?.severity, 'off');
    });
  });
});
