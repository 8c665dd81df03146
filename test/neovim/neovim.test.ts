/**
 * `socklint lsp --stdio` with a real editor other than VS Code: Debian's Neovim (0.7), headless,
 * through its built-in LSP client (client.lua). Neovim 0.7 cannot pull diagnostics, so this also
 * covers the server's push path.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ensureBuilt, fixture } from '../cli/cliHarness';

// The rule test's case "incident 1: a TCP client killed by read ECONNRESET (no semicolons, double
// quotes)" (test/rules/missing-error-listener.test.ts): its code and the output its fix must give.
const CODE = `const net = require("net")\nfunction start() {\n    const client = net.createConnection({ port: 7000 })\n    client.on("data", (d) => console.log(d))\n}\n`;
const FIXED = `const net = require("net")\nfunction start() {\n    const client = net.createConnection({ port: 7000 })\n    client.on("error", (err) => {\n        console.error("socket error:", err.message)\n        client.destroy()\n    })\n    client.on("data", (d) => console.log(d))\n}\n`;

interface Seen {
  error?: string;
  diagnostics?: { lnum: number; col: number; code: string; message: string; severity: number; href: string | null }[];
  offered?: string[];
  picked?: string;
  cleared?: boolean;
  stopped?: boolean;
}

describe('Neovim (built-in LSP client) with socklint lsp --stdio', function () {
  this.timeout(300000);

  it('shows the finding with its rule code, offers the quick fix, and the fixed file is what the rule test expects', () => {
    ensureBuilt();
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(nvim.status, 0, "Neovim is installed (scripts/setup-e2e.sh installs Debian's neovim)");
    const workspace = fixture({ 'package.json': '{ "name": "app", "private": true }\n', 'client.js': CODE });
    const resultFile = path.join(workspace, '.result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(__dirname, 'client.lua')}`], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 280000,
      env: {
        ...process.env,
        SOCKLINT_NODE: process.execPath,
        SOCKLINT_CLI: CLI,
        SOCKLINT_WORKSPACE: workspace,
        SOCKLINT_FILE: 'client.js',
        SOCKLINT_RULE: 'missing-error-listener',
        SOCKLINT_RESULT: resultFile,
      },
    });
    assert.ok(fs.existsSync(resultFile), `Neovim wrote no result (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    const seen = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Seen;
    assert.equal(seen.error ?? null, null, seen.error);

    const finding = seen.diagnostics!.find((d) => d.code === 'missing-error-listener')!;
    assert.deepEqual({ lnum: finding.lnum, col: finding.col, severity: finding.severity }, { lnum: 2, col: 19, severity: 1 });
    assert.match(finding.message, /No 'error' listener/);
    assert.match(String(finding.href), /missing-error-listener\.md$/);
    assert.ok(seen.offered!.includes(seen.picked!));
    assert.ok(
      seen.offered!.some((t) => /Disable missing-error-listener for this line/.test(t)),
      seen.offered!.join(' | '),
    );

    assert.equal(fs.readFileSync(path.join(workspace, 'client.js'), 'utf8'), FIXED);
    assert.equal(seen.cleared, true, 'the missing-error-listener diagnostic went away after the fix');
    assert.equal(seen.stopped, true, 'the server shut down when Neovim stopped the client');
    fs.rmSync(workspace, { recursive: true, force: true });
  });
});
