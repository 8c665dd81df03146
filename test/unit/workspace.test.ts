import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../server/src/core/workspace';
import { defineRule } from '../../server/src/core/rule';
import { editorWorkspace } from '../../server/src/lsp/analyzer';
import { fileOverrides, normalizeSettings } from '../../server/src/lsp/settings';

// One workspace layer for the CLI and the editor: the same file gets the same configuration,
// ignore decision, size limit, project and Node.js version from both.
const withTimeout = defineRule({
  meta: {
    id: 'with-timeout',
    description: 'd',
    defaultSeverity: 'warn',
    messages: { m: 'm' },
    options: { proxyIdleTimeoutMs: { type: 'number', default: 60000, description: 'd' } },
  },
  check() {},
});
const withFlag = defineRule({
  meta: {
    id: 'with-flag',
    description: 'd',
    defaultSeverity: 'warn',
    messages: { m: 'm' },
    options: { proxyIdleTimeoutMs: { type: 'boolean', default: false, description: 'd' } },
  },
  check() {},
});
const without = defineRule({ meta: { id: 'without', description: 'd', defaultSeverity: 'warn', messages: { m: 'm' }, options: {} }, check() {} });
const rules = [withTimeout, withFlag, without];

describe('Workspace: what a file is, for the CLI and the editor', () => {
  let root: string;
  let app: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-workspace-'));
    app = path.join(root, 'app');
    fs.mkdirSync(path.join(app, 'src', 'generated'), { recursive: true });
    fs.mkdirSync(path.join(app, 'node_modules', '@scope', 'pkg', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', engines: { node: '>=18' } }));
    fs.writeFileSync(
      path.join(app, 'socklint.config.json'),
      JSON.stringify({
        ignore: ['src/generated/**'],
        maxFileSize: '2kb',
        nodeVersion: '16',
        rules: { 'with-timeout': ['warn', { proxyIdleTimeoutMs: 90000 }] },
      }),
    );
    fs.writeFileSync(path.join(app, 'node_modules', '@scope', 'pkg', 'tsconfig.json'), '{}');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the CLI and the editor agree on configuration, ignore, size limit and Node.js version', () => {
    const cli = new Workspace(rules, { strict: true });
    const editor = editorWorkspace(rules, () => [app]);
    for (const workspace of [cli, editor]) {
      const file = workspace.file(path.join(app, 'src', 'a.js'));
      assert.equal(file.config.rules.get('with-timeout')?.options.proxyIdleTimeoutMs, 90000);
      assert.equal(file.config.rules.get('with-flag')?.options.proxyIdleTimeoutMs, false, 'defaults filled in');
      assert.equal(file.ignored, false);
      assert.equal(workspace.file(path.join(app, 'src', 'generated', 'b.js')).ignored, true);
      assert.equal(file.sizeLimit, 2048);
      assert.equal(file.tooLarge(2048), false);
      assert.equal(file.tooLarge(2049), true);
      assert.equal(file.nodeVersion().version, '18.0.0', "engines.node before the configuration's nodeVersion");
    }
  });

  it("the front-ends' overrides: --node-version wins over engines.node, socklint.nodeVersion only replaces the configuration's; a size limit of 0 is none", () => {
    const workspace = new Workspace(rules);
    const file = path.join(app, 'src', 'a.js');
    assert.equal(workspace.file(file, { nodeVersion: '20' }).nodeVersion().version, '20.0.0');
    assert.equal(workspace.file(file, { fallbackNodeVersion: '20' }).nodeVersion().version, '18.0.0');
    const loose = path.join(root, 'loose.js');
    assert.equal(workspace.file(loose, { fallbackNodeVersion: '20' }).nodeVersion().version, '20.0.0');
    const unlimited = workspace.file(file, { maxFileSize: 0 });
    assert.equal(unlimited.tooLarge(10 ** 9), false);
  });

  it('settings that are rule options reach every rule declaring that option with that type, over the configured value', () => {
    const file = editorWorkspace(rules, () => [app]).file(path.join(app, 'src', 'a.js'), fileOverrides(normalizeSettings({ proxyIdleTimeoutMs: 0 })));
    assert.equal(file.config.rules.get('with-timeout')?.options.proxyIdleTimeoutMs, 0);
    assert.equal(file.config.rules.get('with-flag')?.options.proxyIdleTimeoutMs, false, 'an option of another type is left alone');
    assert.deepEqual(file.config.rules.get('without')?.options, {});
    const unset = editorWorkspace(rules, () => [app]).file(path.join(app, 'src', 'a.js'), fileOverrides(normalizeSettings({})));
    assert.equal(unset.config.rules.get('with-timeout')?.options.proxyIdleTimeoutMs, 90000, "no setting: the configuration's value");
  });

  it('the project: an installed package gets the inferred one; the editor looks for a tsconfig only up to the workspace folder', () => {
    const cli = new Workspace(rules);
    const editor = editorWorkspace(rules, () => [app]);
    const installed = path.join(app, 'node_modules', '@scope', 'pkg', 'lib', 'index.js');
    assert.equal(cli.projectConfigOf(installed), undefined);
    assert.equal(cli.file(installed).ignored, false, 'the CLI checks an installed file it is given by name');
    assert.equal(editor.file(installed).ignored, true, 'the editor ignores installed packages opened while browsing');
    const source = path.join(app, 'src', 'a.js');
    assert.equal(cli.projectConfigOf(source), path.join(root, 'tsconfig.json'));
    assert.equal(editor.projectConfigOf(source), undefined, "a tsconfig above the workspace folder is not the folder's project");
  });
});
