// One result in every front-end: the CLI (--format json) and the language server (JSON-RPC, pull
// diagnostics) must report the same findings — rule, range and message — on the same files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliFindings, lspFindings, ROOT, type Findings } from './frontEnds';
import { GATEWAYS } from './gateways';

function jsFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.[cm]?[jt]s$/.test(f) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

function assertSame(files: string[], cli: Findings, lsp: Findings, root: string): number {
  let total = 0;
  for (const file of files) {
    const fromCli = cli.get(file) ?? [];
    assert.deepEqual(lsp.get(file), fromCli, `${path.relative(root, file)}: language server (actual) vs CLI (expected)`);
    total += fromCli.length;
  }
  return total;
}

/** Packages of bench/corpus with socket code and findings (needle, hoxy, http-proxy, …). */
const CORPUS_SLICE = ['needle', 'localtunnel', 'hoxy', 'node-static', 'micro', 'proxy', 'http-proxy', 'ws', 'agentkeepalive', 'socks-proxy'];
const CORPUS = path.join(ROOT, 'bench/corpus/node_modules');

/**
 * Copies the slice's sources (and package.json files) out of node_modules into `dir`: the editor
 * does not check files under node_modules (the CLI does when a path names them), so the comparison
 * needs them as a project's own files. Without the corpus installed, examples/ and the fixtures
 * are copied instead (as `npm run fuzz` does).
 */
function copyCorpusSlice(dir: string): string[] {
  const installed = CORPUS_SLICE.filter((p) => fs.existsSync(path.join(CORPUS, p, 'package.json')));
  const sources = installed.length
    ? installed.map((p) => path.join(CORPUS, p))
    : ['examples', 'packages/inspector/test/fixtures'].map((f) => path.join(ROOT, f));
  for (const from of sources) {
    fs.cpSync(from, path.join(dir, path.basename(from)), {
      recursive: true,
      filter: (src) =>
        !src.slice(from.length).split(path.sep).includes('node_modules') && (fs.statSync(src).isDirectory() || /\.[cm]?js$|package\.json$/.test(src)),
    });
  }
  return jsFilesUnder(dir);
}

describe('parity: the CLI and the language server report the same findings', function () {
  this.timeout(120000);

  it('on examples/ and the test fixtures (rule, range, message)', async () => {
    const files = [
      ...jsFilesUnder(path.join(ROOT, 'examples')),
      ...jsFilesUnder(path.join(ROOT, 'packages/inspector/test/fixtures')),
      ...jsFilesUnder(path.join(ROOT, 'test/e2e/fixtures')),
    ];
    const cli = cliFindings(files, ROOT);
    const lsp = await lspFindings(files, [ROOT]);
    const total = assertSame(files, cli, lsp, ROOT);
    // Guards the comparison itself: the incident examples alone have a dozen findings.
    assert.ok(total >= 20, `only ${total} findings compared`);
  });

  it('on a slice of bench/corpus: ten socket/HTTP packages copied out of node_modules', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-parity-corpus-'));
    try {
      const files = copyCorpusSlice(dir);
      const cli = cliFindings(files, dir);
      const lsp = await lspFindings(files, [dir]);
      const total = assertSame(files, cli, lsp, dir);
      assert.ok(total >= 10, `only ${total} findings compared in ${files.length} files`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The editor dropped prefer-pipeline on `upRes.pipe(res)` that the CLI reported (issue 11). In a
  // project with its own @types/node, Node's types came only from files that happened to load them
  // (a `/// <reference types="node" />`, an import of a package whose typings do): the language
  // server's program holds the open files, the CLI's the files that touch sockets, so a gateway was
  // analysed typed in one and untyped in the other.
  it("in a project with its own @types/node, whichever other files are open (the gateway's prefer-pipeline)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-parity-own-types-'));
    try {
      fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'));
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'gateway', private: true }));
      const config = path.join(dir, 'config.js');
      fs.writeFileSync(config, `/// <reference types="node" />\nmodule.exports = { port: Number(process.env.PORT ?? 3000) };\n`);
      const gateway = path.join(dir, 'gateway.js');
      fs.writeFileSync(gateway, GATEWAYS['http-gateway.js']);
      const cli = cliFindings([dir], dir);
      // config.js first: it loads @types/node into the server's program before the gateway is analysed.
      const lsp = await lspFindings([config, gateway], [dir]);
      assertSame([config, gateway], cli, lsp, dir);
      assert.ok((cli.get(gateway) ?? []).length > 0, 'the gateway has findings to compare');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on small HTTP/Express gateways that pipe an upstream response (upRes.pipe(res))', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-parity-'));
    try {
      const files = Object.entries(GATEWAYS).map(([name, text]) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      });
      const cli = cliFindings(files, dir);
      const lsp = await lspFindings(files, [dir]);
      assertSame(files, cli, lsp, dir);
      assert.ok(
        files.some((f) => (cli.get(f) ?? []).some((x) => x.startsWith('prefer-pipeline '))),
        'prefer-pipeline is among the compared findings',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
