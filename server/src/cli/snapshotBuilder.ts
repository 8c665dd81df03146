/**
 * Builds the start-up snapshot of `socklint check` (run as `node --snapshot-blob <file>
 * --build-snapshot dist/snapshot-builder.js`, see startupSnapshot.ts): loads the check bundle,
 * checks one small file so that TypeScript's library and the shipped Node types are parsed and
 * bound, keeps those SourceFiles shared (core/sharedSourceFiles.ts), and makes `check` the
 * snapshot's main function. A run from the snapshot starts with all of that already in memory.
 *
 * Node runs this file as the snapshot's entry script: it may require only Node's own modules, so
 * the check bundle is read and run here as a CommonJS module body.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { shareLibrarySourceFiles } from '../core/sharedSourceFiles';
import { exitWith } from './exitWith';
import { READY_FD } from './startupSnapshot';

interface CheckBundle {
  runCheckCommand(
    argv: string[],
    io: { cwd: string; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv; version: string },
  ): Promise<number>;
}

const bundleFile = path.join(__dirname, 'cli-check.js');
const version = process.env.SOCKLINT_SNAPSHOT_VERSION ?? '0.0.0';

function loadBundle(): CheckBundle {
  const source = fs.readFileSync(bundleFile, 'utf8').replace(/^#!.*/, '');
  const wrapped = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(source), { filename: bundleFile }).runInThisContext() as (
    ...args: unknown[]
  ) => void;
  const module = { exports: {} as CheckBundle };
  wrapped.call(module.exports, module.exports, require, module, bundleFile, __dirname);
  return module.exports;
}

async function warmUp(check: CheckBundle): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-snapshot-'));
  try {
    const file = path.join(dir, 'warm-up.js');
    fs.writeFileSync(file, "const net = require('net');\nconst socket = net.connect(1);\nsocket.on('data', () => {});\n");
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await check.runCheckCommand([file, '--format', 'json'], { cwd: dir, stdout: sink, stderr: sink, env: { NO_COLOR: '1' }, version });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function build(): Promise<void> {
  const check = loadBundle();
  // The library files TypeScript keeps in memory (ts-morph's lib folder) and the shipped types beside the bundle.
  const shared = shareLibrarySourceFiles(['/node_modules/typescript/lib/', `${__dirname}${path.sep}`]);
  await warmUp(check);
  shared.stopRecording();
  if (shared.size === 0) throw new Error('no library file was recorded: the build did not patch ts-morph (esbuild.mjs)');
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    const ready = Number(process.env[READY_FD]);
    if (Number.isInteger(ready) && ready > 2) {
      try {
        fs.writeSync(ready, '1');
        fs.closeSync(ready);
      } catch {
        // Nobody listens: started by hand.
      }
    }
    delete process.env[READY_FD];
    exitWith(check.runCheckCommand(process.argv.slice(1), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version }));
  });
}

build().catch((e: unknown) => {
  process.stderr.write(`socklint: the start-up snapshot could not be built: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
