/**
 * The packaged .vsix carries what both registries require before they list an extension: the
 * Visual Studio Marketplace reads extension.vsixmanifest (written by vsce from package.json), Open VSX
 * reads extension/package.json inside the same file (`ovsx publish <vsix>`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as semver from 'semver';
import { ensurePackagedExtension, ROOT } from '../e2e/extensionPackage';

/** The files of a zip (a .vsix is one), by name, read through its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const files = new Map<string, Buffer>();
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return files;
}

interface Manifest {
  publisher: string;
  name: string;
  version: string;
  displayName: string;
  description: string;
  engines: { vscode: string };
  license: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  categories: string[];
  keywords: string[];
  icon: string;
}

/** The Marketplace's categories (Open VSX uses the same list). */
const CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];

describe('the .vsix for the Marketplace and Open VSX', function () {
  this.timeout(300000);
  let files: Map<string, Buffer>;
  let vsixManifest: string;
  let manifest: Manifest;

  const property = (id: string) => new RegExp(`<Property Id="${id.replace(/\./g, '\\.')}" Value="([^"]*)"`).exec(vsixManifest)?.[1];
  const asset = (type: string) => new RegExp(`<Asset Type="${type.replace(/\./g, '\\.')}" Path="([^"]+)"`).exec(vsixManifest)?.[1];

  before(() => {
    let vsix = ensurePackagedExtension();
    // The changelog is not among what the e2e helper watches: a .vsix older than it is repackaged here.
    if (fs.statSync(vsix).mtimeMs < fs.statSync(path.join(ROOT, 'CHANGELOG.md')).mtimeMs) {
      fs.utimesSync(path.join(ROOT, 'package.json'), new Date(), new Date());
      vsix = ensurePackagedExtension();
    }
    files = unzip(fs.readFileSync(vsix));
    vsixManifest = files.get('extension.vsixmanifest')!.toString('utf8');
    manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  });

  it('names the extension: publisher (the Open VSX namespace), name, version, display name, description, engine', () => {
    assert.match(manifest.publisher, /^[a-z0-9][a-z0-9-]*$/i);
    assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
    assert.ok(semver.valid(manifest.version), manifest.version);
    assert.ok(manifest.displayName && manifest.description.length > 20);
    assert.ok(semver.validRange(manifest.engines.vscode), manifest.engines.vscode);
    assert.match(
      vsixManifest,
      new RegExp(`<Identity Language="en-US" Id="${manifest.name}" Version="${manifest.version}" Publisher="${manifest.publisher}" />`),
    );
  });

  it('has a licence (a required field of Open VSX), as an SPDX id and a LICENSE file in the package', () => {
    assert.equal(manifest.license, 'MIT');
    assert.equal(asset('Microsoft.VisualStudio.Services.Content.License'), 'extension/LICENSE.txt');
    assert.match(files.get('extension/LICENSE.txt')!.toString('utf8'), /MIT License/);
  });

  it('links its repository, issues and home page over https', () => {
    assert.match(manifest.repository.url, /^(git\+)?https:\/\/github\.com\/socklint\/socklint(\.git)?$/);
    assert.match(property('Microsoft.VisualStudio.Services.Links.Source')!, /^https:\/\/github\.com\/socklint\/socklint/);
    assert.equal(property('Microsoft.VisualStudio.Services.Links.Support'), manifest.bugs.url);
    assert.equal(property('Microsoft.VisualStudio.Services.Links.Learn'), manifest.homepage);
    assert.match(manifest.homepage, /^https:\/\//);
  });

  it('lists known categories and at most 30 keywords', () => {
    assert.ok(manifest.categories.length > 0 && manifest.categories.every((c: string) => CATEGORIES.includes(c)), manifest.categories.join());
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30);
    assert.match(vsixManifest, new RegExp(`<Categories>${manifest.categories.join(',')}</Categories>`));
  });

  it('has a PNG icon of at least 128×128 px and a gallery banner', () => {
    assert.equal(asset('Microsoft.VisualStudio.Services.Icons.Default'), `extension/${manifest.icon}`);
    const png = files.get(`extension/${manifest.icon}`)!;
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG (the Marketplace rejects SVG icons)');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 128 && height >= 128, `${width}×${height}`);
    assert.match(property('Microsoft.VisualStudio.Services.Branding.Color')!, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(property('Microsoft.VisualStudio.Services.Branding.Theme')!));
  });

  it('carries the README and the CHANGELOG, the changelog with a section for this version or Unreleased', () => {
    assert.equal(asset('Microsoft.VisualStudio.Services.Content.Details'), 'extension/readme.md');
    const changelog = files.get(asset('Microsoft.VisualStudio.Services.Content.Changelog')!)!.toString('utf8');
    assert.match(changelog, new RegExp(`^## \\[(${manifest.version.replace(/\./g, '\\.')}|Unreleased)\\]`, 'm'));
  });
});
