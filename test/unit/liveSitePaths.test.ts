import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { findBySuffix, mapSite } from '../../client/src/live/sitePaths';

/** A source file with the socket's creation on a known line, built by esbuild as a project would. */
const SOURCE = [
  'import * as net from "node:net";',
  '',
  'interface Opts { port: number }',
  '',
  'export function connect(o: Opts) {',
  '  const s = net.connect(o.port, "127.0.0.1");',
  '  return s;',
  '}',
  '',
].join('\n');
const CONNECT_LINE = 6;

describe('mapping the process site paths to workspace files', () => {
  let root: string;
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-live-paths-')));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function project(name: string, sourcemap: 'linked' | 'inline' | false): { dir: string; built: string } {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'x.ts'), SOURCE);
    const built = path.join(dir, 'dist', 'x.js');
    buildSync({ entryPoints: [path.join(dir, 'src', 'x.ts')], outfile: built, bundle: false, platform: 'node', format: 'cjs', sourcemap, logLevel: 'silent' });
    return { dir, built };
  }

  /** The line and column of `net.connect(` in the built file, as a stack trace would give them. */
  function connectIn(file: string): { line: number; column: number } {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('.connect('));
    return { line: i + 1, column: lines[i]!.indexOf('net') + 1 };
  }

  it('maps dist/x.js back to src/x.ts through a linked source map next to it', () => {
    const { dir, built } = project('linked', 'linked');
    assert.ok(fs.existsSync(`${built}.map`));
    const at = connectIn(built);
    assert.notEqual(at.line, CONNECT_LINE, 'the built line should differ from the source line, or the test proves nothing');
    const mapped = mapSite(built, at.line, at.column, [dir]);
    assert.deepEqual(
      { ...mapped, column: undefined },
      { fsPath: path.join(dir, 'src', 'x.ts'), line: CONNECT_LINE, column: undefined, via: 'sourceMap', generated: built },
    );
    // A file:// URL (an ES module's stack) is the same file.
    assert.equal(mapSite(pathToFileURL(built).href, at.line, at.column, [dir])?.line, CONNECT_LINE);
  });

  it('reads an inline source map', () => {
    const { dir, built } = project('inline', 'inline');
    const at = connectIn(built);
    const mapped = mapSite(built, at.line, at.column, [dir]);
    assert.equal(mapped?.via, 'sourceMap');
    assert.equal(mapped?.fsPath, path.join(dir, 'src', 'x.ts'));
    assert.equal(mapped?.line, CONNECT_LINE);
  });

  it('keeps the built line when there is no source map', () => {
    const { dir, built } = project('nomap', false);
    const at = connectIn(built);
    assert.deepEqual(mapSite(built, at.line, at.column, [dir]), { fsPath: built, line: at.line, column: at.column, via: 'same' });
  });

  it('finds a file of another checkout by its path suffix, in the right folder of a multi-root workspace', () => {
    const a = path.join(root, 'multi', 'api');
    const b = path.join(root, 'multi', 'worker');
    for (const folder of [a, b]) fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
    fs.writeFileSync(path.join(a, 'src', 'relay.js'), '// api\n');
    fs.writeFileSync(path.join(b, 'src', 'queue.js'), '// worker\n');
    fs.writeFileSync(path.join(b, 'src', 'relay.js'), '// worker relay\n');
    // The process ran in a container where the api folder is /srv/api.
    // Both folders have src/relay.js: the one named like the process's folder wins, else the first.
    assert.equal(mapSite('/srv/api/src/relay.js', 3, 1, [b, a])?.fsPath, path.join(a, 'src', 'relay.js'));
    assert.equal(findBySuffix('/srv/other/src/relay.js', [b, a]), path.join(b, 'src', 'relay.js'));
    assert.equal(findBySuffix('/srv/worker/src/queue.js', [a, b]), path.join(b, 'src', 'queue.js'));
    assert.equal(mapSite('/srv/worker/src/queue.js', 3, 1, [a, b])?.via, 'suffix');
    // A longer suffix beats a shorter one in another folder.
    fs.mkdirSync(path.join(a, 'api', 'src'), { recursive: true });
    fs.writeFileSync(path.join(a, 'api', 'src', 'relay.js'), '// nested\n');
    assert.equal(findBySuffix('/srv/api/src/relay.js', [b, a]), path.join(a, 'api', 'src', 'relay.js'));
    // A lone file name is not enough, nor a file that is nowhere.
    assert.equal(findBySuffix('/relay.js', [a, b]), null);
    assert.equal(mapSite('/srv/none/nowhere.js', 1, 1, [a, b]), null);
    assert.equal(mapSite('accepted by 127.0.0.1:80', 1, 1, [a, b]), null);
  });
});
