// ESLint with eslint-plugin-socklint and `socklint check` report the same findings (rule, range,
// message) on the same files: examples/ and a slice of bench/corpus, linted where they are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliFindings, ROOT, type Findings } from '../parity/frontEnds';
import { eslintFindings } from './eslintFindings';

function jsFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.[cm]?js$/.test(f) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

/**
 * Compares file by file. The one difference allowed is a file ESLint's parser (espree) cannot
 * parse: ESLint then reports the parse error and runs no rule, where socklint's parser (TypeScript's,
 * which recovers) checks what it could parse. Such a file must show in `parseErrors`.
 */
function compare(files: string[], cli: Findings, eslint: ReturnType<typeof eslintFindings>): { compared: number; unparsed: string[] } {
  let compared = 0;
  const unparsed: string[] = [];
  for (const file of files) {
    const fromCli = cli.get(file) ?? [];
    const parseError = eslint.parseErrors.get(file);
    if (parseError) {
      unparsed.push(`${path.relative(ROOT, file)} (${parseError}; socklint: ${fromCli.length} findings)`);
      continue;
    }
    assert.deepEqual(eslint.findings.get(file), fromCli, `${path.relative(ROOT, file)}: ESLint with the plugin (actual) vs socklint check (expected)`);
    compared += fromCli.length;
  }
  return { compared, unparsed };
}

/** Packages of bench/corpus with socket code and findings (test/parity's slice). */
const CORPUS_SLICE = ['needle', 'localtunnel', 'hoxy', 'node-static', 'micro', 'proxy', 'http-proxy', 'ws', 'agentkeepalive', 'socks-proxy'];
const CORPUS = path.join(ROOT, 'bench/corpus/node_modules');

describe('parity: ESLint with the plugin and socklint check report the same findings', function () {
  this.timeout(180000);

  it('on examples/ and the inspector fixtures (rule, range, message)', () => {
    const files = [...jsFilesUnder(path.join(ROOT, 'examples')), ...jsFilesUnder(path.join(ROOT, 'packages/inspector/test/fixtures'))];
    const { compared, unparsed } = compare(files, cliFindings(files, ROOT), eslintFindings(files, ROOT));
    console.log(`      ${compared} findings compared in ${files.length} files`);
    assert.deepEqual(unparsed, []);
    assert.ok(compared >= 20, `only ${compared} findings compared`);
  });

  it('on a slice of bench/corpus, linted in node_modules where it is installed', () => {
    const installed = CORPUS_SLICE.filter((p) => fs.existsSync(path.join(CORPUS, p, 'package.json')));
    // A fresh clone has no corpus (npm run bench installs it): the fixtures of the other front-end tests stand in.
    const dirs = installed.length ? installed.map((p) => path.join(CORPUS, p)) : [path.join(ROOT, 'test/e2e/fixtures')];
    const files = dirs.flatMap(jsFilesUnder);
    const { compared, unparsed } = compare(files, cliFindings(files, ROOT), eslintFindings(files, ROOT));
    console.log(`      ${compared} findings compared in ${files.length} files`);
    if (unparsed.length) console.log(`      not parsed by espree (ESLint runs no rule there):\n        ${unparsed.join('\n        ')}`);
    assert.ok(compared >= (installed.length ? 10 : 1), `only ${compared} findings compared in ${files.length} files`);
  });
});
