/**
 * The findings of one file as each front-end reports them, in one comparable shape:
 * `rule line:col-line:col message` (1-based, as the CLI prints them).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspSession } from '../lsp/lspSession';

export const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

export type Findings = Map<string, string[]>;

interface CliMessage {
  ruleId: string | null;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** `socklint check --format json` over `files`, run from `cwd`. */
export function cliFindings(files: string[], cwd: string): Findings {
  const res = spawnSync(process.execPath, [CLI, 'check', ...files, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && res.status !== 1) throw new Error(`socklint check exited ${res.status}: ${res.stderr}`);
  const out: Findings = new Map();
  for (const r of JSON.parse(res.stdout) as Array<{ filePath: string; messages: CliMessage[] }>) {
    out.set(
      r.filePath,
      r.messages
        .filter((m) => m.ruleId)
        .map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`)
        .sort(),
    );
  }
  return out;
}

function fromDiagnostic(d: Diagnostic): string {
  const r = d.range;
  return `${d.code} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.message}`;
}

/** The language server's pulled diagnostics for `files`, opened in a session on `folders`. */
export async function lspFindings(files: string[], folders: string[]): Promise<Findings> {
  const session = await LspSession.start({ folders });
  try {
    const out: Findings = new Map();
    for (const file of files) {
      const uri = await session.open(file);
      out.set(
        file,
        (await session.diagnostics(uri))
          .filter((d) => d.source === 'socklint' && d.code)
          .map(fromDiagnostic)
          .sort(),
      );
      await session.close(uri);
    }
    return out;
  } finally {
    await session.stop();
  }
}
