import * as fs from 'node:fs';
import * as path from 'node:path';

export const LSP_USAGE = `Usage: socklint lsp [--stdio]

Runs the socklint language server (the one the VS Code extension starts) for any LSP client:
Neovim, Helix, Zed, JetBrains IDEs (LSP4IJ), Emacs, … It speaks JSON-RPC on stdin/stdout.
Clients that pull diagnostics get them on request; the others are sent them after each change.

Options:
  --stdio      talk over stdin/stdout (the default, and the only transport)
  -h, --help   show this help`;

/**
 * `socklint lsp --stdio`: loads the language server bundle that sits beside the CLI's (dist/server.js)
 * in this process. It then lives until the client sends `exit`; the returned promise settles only
 * for bad arguments (exit code 2) or --help (0).
 */
export function runLsp(argv: string[], version: string, bundleDir: string): Promise<number> | number {
  const unknown = argv.filter((a) => a !== '--stdio' && a !== '--help' && a !== '-h');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${LSP_USAGE}\n`);
    return 0;
  }
  if (unknown.length) {
    process.stderr.write(`socklint: lsp: unknown option "${unknown[0]}" (only --stdio is supported)\nRun "socklint lsp --help" for usage.\n`);
    return 2;
  }
  const server = path.join(bundleDir, 'server.js');
  if (!fs.existsSync(server)) {
    process.stderr.write(`socklint: lsp: the language server is missing (${server}); reinstall socklint\n`);
    return 2;
  }
  // vscode-languageserver picks its transport from the command line.
  if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
  process.env.SOCKLINT_VERSION ??= version;
  // A path known only at run time: the server stays its own bundle, not a second copy inside the CLI's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(server);
  return new Promise<number>(() => undefined);
}
