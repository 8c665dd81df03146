import * as path from 'node:path';
import { version } from '../../../package.json';
import { enableCodeCache } from './codeCache';
import { exitWith } from './exitWith';
import { buildSnapshot, checkFromSnapshot } from './startupSnapshot';

// Each command is loaded when it runs, with require (not import(): that makes Node scan a CommonJS
// bundle for its exports): check's analyzer (TypeScript) takes a few hundred ms to load, which
// `socklint run` in front of every test command should not pay. The build makes each a bundle.
/* eslint-disable @typescript-eslint/no-require-imports */

const USAGE = `socklint ${version} — finds unsafe Node.js socket lifecycle code

Usage:
  socklint check [paths...] [options]   check files and folders (default: .)
  socklint inspect [options]            sample the sockets of a running Node.js process
  socklint run [options] -- <command>   run a command and report the sockets, servers and
                                        timers its Node.js processes left open
  socklint lsp --stdio                  run the language server for an LSP client (Neovim, Helix, …)
  socklint --help | --version

Run "socklint check --help" for the options of check.`;

/** The CLI: returns the exit code (0 clean, 1 findings, 2 usage or fatal error). */
export async function main(argv: string[]): Promise<number> {
  enableCodeCache(__dirname);
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'check') {
    const runHere = () => {
      const { runCheckCommand } = require('./check') as typeof import('./check');
      return runCheckCommand(rest, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version });
    };
    return checkFromSnapshot(rest, __dirname, version, runHere) ?? runHere();
  }
  // Started in the background by a check that found no start-up snapshot (startupSnapshot.ts).
  if (command === '__build-snapshot' && rest.length === 2) return buildSnapshot(__dirname, rest[0], rest[1]);
  if (command === 'inspect') return (require('./inspect') as typeof import('./inspect')).runInspect(rest);
  if (command === 'run') {
    const { runRunCommand } = require('./run') as typeof import('./run');
    const preload = path.join(__dirname, 'run-preload.js');
    return runRunCommand(rest, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version, preload });
  }
  if (command === 'lsp') return (require('./lsp') as typeof import('./lsp')).runLsp(rest, version, __dirname);
  process.stderr.write(`socklint: unknown command "${command}"\n${USAGE}\n`);
  return 2;
}

exitWith(main(process.argv.slice(2)));
