// The plugin's shape: what ESLint, its docs tooling and its users read from it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import plugin from '../../packages/eslint-plugin/src/index';
import { dataOf, eslintTemplate } from '../../packages/eslint-plugin/src/messages';
import { docsUrl, formatMessage } from '../../server/src/core/rule';
import { rules } from '../../server/src/rules';
import { ROOT } from '../parity/frontEnds';

const PACKAGE_DIR = path.join(ROOT, 'packages/eslint-plugin');

describe('eslint-plugin-socklint', () => {
  it('has every socklint rule, with its docs URL, its options as schema, fixes and suggestions declared', () => {
    assert.deepEqual(
      Object.keys(plugin.rules),
      rules.map((r) => r.meta.id),
    );
    for (const rule of rules) {
      const meta = plugin.rules[rule.meta.id].meta!;
      assert.equal(meta.docs?.url, docsUrl(rule.meta.id));
      assert.equal(meta.docs?.description, rule.meta.description);
      assert.equal(meta.fixable, 'code');
      assert.equal(meta.hasSuggestions, true);
      const [options] = meta.schema as Array<{ properties: Record<string, { type: string; default: unknown }>; additionalProperties: boolean }>;
      assert.deepEqual(Object.keys(options.properties), Object.keys(rule.meta.options));
      for (const [name, spec] of Object.entries(rule.meta.options))
        assert.deepEqual([options.properties[name].type, options.properties[name].default], [spec.type, spec.default]);
      assert.equal(options.additionalProperties, false);
      assert.deepEqual(Object.keys(meta.messages ?? {}), Object.keys(rule.meta.messages));
    }
  });

  it('recommended: a flat config with the plugin and every rule at its default severity', () => {
    const recommended = plugin.configs.recommended;
    assert.equal(recommended.plugins?.socklint, plugin);
    assert.deepEqual(recommended.rules, Object.fromEntries(rules.map((r) => [`socklint/${r.meta.id}`, r.meta.defaultSeverity])));
  });

  it("ESLint's message for a finding is socklint's: the data read back from the message fills ESLint's template to the same text", () => {
    for (const rule of rules) {
      for (const [id, template] of Object.entries(rule.meta.messages)) {
        const keys = [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
        // Values with braces and the template's own words in them: the read-back must not be fooled.
        const data = Object.fromEntries(keys.map((k, i) => [k, `${k} {x} ${i} ${template.slice(0, 12)}`]));
        const message = formatMessage(template, data);
        const back = dataOf(template, message);
        assert.ok(back, `${rule.meta.id}/${id}: the message was not read back`);
        const eslintMessage = eslintTemplate(template).replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in back ? back[key] : whole));
        assert.equal(eslintMessage, message, `${rule.meta.id}/${id}`);
      }
    }
  });

  it('is versioned with the extension, and its package holds the bundle, the types it falls back on and its README', () => {
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const own = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
    assert.equal(own.name, 'eslint-plugin-socklint');
    assert.equal(own.version, root.version);
    // The built bundle (npm test builds first) says the same version to ESLint.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built CommonJS bundle, as ESLint loads it
    const built = require(path.join(PACKAGE_DIR, 'dist/index.js'));
    assert.equal(built.meta.version, root.version);
    assert.equal(built.meta.name, 'eslint-plugin-socklint');
    const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const files: string[] = JSON.parse(res.stdout)[0].files.map((f: { path: string }) => f.path);
    assert.deepEqual(files.filter((f) => !f.startsWith('dist/types/')).sort(), ['README.md', 'dist/index.js', 'package.json']);
    assert.ok(files.includes('dist/types/node_modules/@types/node/index.d.ts'));
  });
});
