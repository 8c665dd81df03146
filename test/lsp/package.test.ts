import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as semver from 'semver';
import { rules } from '../../server/src/rules';
import { ensurePackagedExtension } from '../e2e/extensionPackage';

interface Entry {
  name: string;
  offset: number;
  method: number;
  compressedSize: number;
}

/** The entries of a zip file, read from its central directory (a .vsix is a zip). */
function zipEntries(buf: Buffer): Entry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), offset, method, compressedSize });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(buf: Buffer, e: Entry): string {
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  return (e.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
}

describe('the packaged .vsix', function () {
  this.timeout(180000);
  let buf: Buffer;
  let names: string[];
  let entries: Entry[];

  before(() => {
    buf = fs.readFileSync(ensurePackagedExtension());
    entries = zipEntries(buf);
    names = entries.map((e) => e.name);
  });

  it('is under 15 MB and holds the bundles, shipped types, grammar, docs, schema, icon, README and LICENSE', () => {
    assert.ok(buf.length < 15 * 1024 * 1024, `${(buf.length / 1048576).toFixed(1)} MB`);
    for (const required of [
      'extension/package.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
      'extension/images/icon.png',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/dist/types/node_modules/@types/node/index.d.ts',
      'extension/dist/types/node_modules/@types/ws/index.d.ts',
      'extension/syntaxes/socklint-directives.tmLanguage.json',
      'extension/server/schemas/socklint.config.schema.json',
      ...rules.map((r) => `extension/docs/rules/${r.meta.id}.md`),
    ]) {
      assert.ok(names.includes(required), `${required} is in the .vsix`);
    }
  });

  it('holds no sources, tests, source maps or dependencies', () => {
    const unwanted = names.filter((n) => {
      if (n.startsWith('extension/dist/types/')) return false;
      return /\.(ts|tsx|map)$/.test(n) || /^extension\/(client|server\/src|test|scripts|node_modules|bench|examples)\//.test(n) || n.includes('/node_modules/');
    });
    assert.deepEqual(unwanted, []);
  });

  it('declares what VS Code 1.99 needs: engines, activation, settings, commands, grammar, schema, trust', () => {
    const manifest = JSON.parse(readEntry(buf, entries.find((e) => e.name === 'extension/package.json')!));
    assert.ok(semver.satisfies('1.99.0', manifest.engines.vscode), manifest.engines.vscode);
    for (const language of ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'])
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`));
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const key of [
      'socklint.enable',
      'socklint.run',
      'socklint.rules.customizations',
      'socklint.nodeVersion',
      'socklint.proxyIdleTimeoutMs',
      'socklint.trace.server',
    ]) {
      assert.ok(settings.includes(key), key);
      assert.ok(
        manifest.contributes.configuration.properties[key].description || manifest.contributes.configuration.properties[key].markdownDescription,
        `${key} is described`,
      );
    }
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const id of ['socklint.restart', 'socklint.revalidate', 'socklint.showOutputChannel', 'socklint.fixAll']) assert.ok(commands.includes(id), id);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(
      manifest.contributes.jsonValidation.some(
        (v: { fileMatch: string; url: string }) => v.fileMatch === 'socklint.config.json' && names.includes(`extension/${v.url.replace(/^\.\//, '')}`),
      ),
    );
    assert.ok(manifest.contributes.grammars.some((g: { path: string }) => names.includes(`extension/${g.path.replace(/^\.\//, '')}`)));
    assert.ok(names.includes(`extension/${manifest.icon}`));
  });
});
