import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { runCli } from '../cli/cliHarness';
import { LspSession, makeWorkspace, writeFile } from './lspSession';

/**
 * The language server keeps one program per project across edits (and, with it, module
 * resolutions): after each edit, the edited file's findings must be what a fresh `socklint check`
 * of the same text finds — including after a file an import names appears on disk.
 */

const PACKAGE_TSCONFIG = {
  compilerOptions: { composite: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, rootDir: 'src', outDir: 'dist' },
  include: ['src'],
};

/** Two packages with a tsconfig each (project references), the second importing the first by name through its declarations. */
function monorepo(): string {
  const dir = makeWorkspace({
    'package.json': JSON.stringify({ name: 'parity', private: true, workspaces: ['packages/*'], engines: { node: '>=20' } }),
    'tsconfig.json': JSON.stringify({ files: [], references: [{ path: 'packages/base' }, { path: 'packages/app' }] }),
    'packages/base/package.json': JSON.stringify({ name: '@parity/base', version: '1.0.0', main: 'dist/index.js', types: 'dist/index.d.ts' }),
    'packages/base/tsconfig.json': JSON.stringify(PACKAGE_TSCONFIG),
    'packages/base/src/index.ts': `export function double(x: number): number {\n  return x * 2;\n}\n`,
    'packages/base/dist/index.d.ts': `export declare function double(x: number): number;\n`,
    'packages/app/package.json': JSON.stringify({ name: '@parity/app', version: '1.0.0' }),
    'packages/app/tsconfig.json': JSON.stringify({ ...PACKAGE_TSCONFIG, references: [{ path: '../base' }] }),
    'packages/app/src/util.ts': `export function port(): number {\n  return 4000;\n}\n`,
  });
  fs.mkdirSync(path.join(dir, 'node_modules', '@parity'), { recursive: true });
  fs.symlinkSync(path.join('..', '..', 'packages', 'base'), path.join(dir, 'node_modules', '@parity', 'base'), 'dir');
  return dir;
}

const BASE = `import * as net from 'node:net';
import * as http from 'node:http';
import { double } from '@parity/base';
import { port } from './util.js';

export function serve(): http.Server {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    res.end('ok');
  });
  server.listen(double(port()));
  return server;
}
`;

/** The edits, in order: sockets without and with an 'error' listener, a timeout, an import of a module not there yet. */
const EDITS = [
  `${BASE}\nexport function ping(): void {\n  const s = net.connect(port());\n  s.write('ping');\n}\n`,
  `${BASE}\nexport function ping(): void {\n  const s = net.connect(port());\n  s.on('error', () => s.destroy());\n  s.write('ping');\n}\n`,
  `${BASE}\nexport function ping(): void {\n  const s = net.connect(port());\n  s.setTimeout(1000);\n  s.on('error', () => s.destroy());\n  s.write('ping');\n}\n`,
  `import { wire } from './wire.js';\n${BASE}\nexport function relay(): void {\n  const s = wire.connect(port());\n  s.write('relay');\n}\n`,
];

/** A module the last edit imports before it exists: the same net module, re-exported. */
const WIRE = `export * as wire from 'node:net';\n`;

interface Finding {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

function fromServer(items: Diagnostic[]): Finding[] {
  return items
    .map((d) => ({
      ruleId: String(d.code),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      message: typeof d.message === 'string' ? d.message : d.message.value,
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/** `socklint check` of the file as it is on disk, from the monorepo's root. */
function fromCli(dir: string, file: string): Finding[] {
  const run = runCli(['check', path.relative(dir, file), '--format', 'json'], dir);
  assert.ok(run.code === 0 || run.code === 1, `socklint check exited ${run.code}: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as Array<{ messages: Array<Finding & { ruleId: string }> }>;
  return results
    .flatMap((r) => r.messages)
    .map(({ ruleId, line, column, endLine, endColumn, message }) => ({ ruleId, line, column, endLine, endColumn, message }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

describe('language server over JSON-RPC: an edited file’s findings equal a fresh CLI check of its text', function () {
  this.timeout(120000);

  it('in a monorepo package (tsconfig with references, nodenext), edit after edit, and after an imported file appears', async () => {
    const dir = monorepo();
    const file = writeFile(dir, 'packages/app/src/main.ts', BASE);
    const session = await LspSession.start({ folders: [dir] });
    try {
      const uri = await session.open(file);
      const seen = new Set<string>();
      const compare = async (what: string) => {
        const server = fromServer(await session.diagnostics(uri));
        // The same text on disk, checked from scratch by another process.
        fs.writeFileSync(file, session.texts.get(uri)!);
        assert.deepEqual(server, fromCli(dir, file), what);
        for (const f of server) seen.add(`${f.ruleId}:${f.line}`);
        return server;
      };
      await compare('on open');
      for (const [i, text] of EDITS.entries()) {
        await session.change(uri, text);
        await compare(`after edit ${i + 1}`);
      }
      const beforeWire = await compare('importing a module not on disk');
      // The module appears (saved by another editor, a build, git): the import now leads somewhere.
      writeFile(dir, 'packages/app/src/wire.ts', WIRE);
      await session.filesChanged([{ file: path.join(dir, 'packages/app/src/wire.ts'), type: 'created' }]);
      const afterWire = await compare('after the imported module was created');
      assert.notDeepEqual(afterWire, beforeWire, 'the socket from the imported module is now seen');
      // And on editing further (the edited file's imports are resolved again).
      await session.change(uri, `${EDITS[EDITS.length - 1]}\nexport const later = 1;\n`);
      await compare('edited after the module was created');
      assert.ok(seen.has('missing-error-listener:17'), `findings were compared, not only empty lists (${[...seen].join(', ')})`);
      assert.ok(session.alive);
    } finally {
      await session.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
