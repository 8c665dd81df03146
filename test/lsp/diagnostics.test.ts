import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { LspSession, makeWorkspace, writeFile } from './lspSession';

const LEAKY = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`;
const HANDLED = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.on('error', () => sock.destroy());\nsock.write('ping');\n`;

describe('language server over JSON-RPC: initialize and diagnostics', function () {
  this.timeout(30000);
  let session: LspSession;
  let ws: string;

  before(async () => {
    ws = makeWorkspace({ 'package.json': JSON.stringify({ name: 'fixture', engines: { node: '>=20' } }) });
    session = await LspSession.start({ folders: [ws] });
  });
  after(() => session?.stop());

  it('answers initialize with pull diagnostics, quick fixes and fix-all', () => {
    const caps = session.initializeResult.capabilities;
    assert.deepEqual(caps.diagnosticProvider, { identifier: 'socklint', interFileDependencies: false, workspaceDiagnostics: false });
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.socklint']);
    assert.equal(caps.textDocumentSync, 2);
    assert.equal(session.initializeResult.serverInfo?.name, 'socklint');
  });

  it('reports a finding on open with source, code, docs link, range and severity', async () => {
    const uri = await session.open(writeFile(ws, 'open.js', LEAKY));
    const diagnostics = await session.findings(uri, 'missing-error-listener');
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d.source, 'socklint');
    assert.equal(d.code, 'missing-error-listener');
    assert.match(d.codeDescription!.href, /docs\/rules\/missing-error-listener\.md$/);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    // the callee of `net.connect(80, 'example.com')` on line 2
    assert.deepEqual(d.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 24 } });
    assert.match(String(d.message), /ECONNRESET/);
    await session.waitFor(() => session.statuses.some((s) => s.uri === uri && s.findings >= 1), 'a status notification');
  });

  it('follows edits of the live buffer, not the file on disk', async () => {
    const file = writeFile(ws, 'edits.js', LEAKY);
    const uri = await session.open(file);
    assert.equal((await session.findings(uri, 'missing-error-listener')).length, 1);
    await session.change(uri, HANDLED);
    assert.equal((await session.findings(uri, 'missing-error-listener')).length, 0);
    // The range moves with inserted lines.
    await session.change(uri, `// a comment\n// another\n${LEAKY}`);
    const [d] = await session.findings(uri, 'missing-error-listener');
    assert.equal(d.range.start.line, 3);
  });

  it('answers "unchanged" for a result id that is still current', async () => {
    const uri = await session.open(writeFile(ws, 'unchanged.js', LEAKY));
    const first = await session.report(uri);
    assert.equal(first.kind, 'full');
    const again = await session.report(uri, (first as { resultId?: string }).resultId);
    assert.equal(again.kind, 'unchanged');
    await session.change(uri, `${LEAKY}\n`);
    assert.equal((await session.report(uri, (first as { resultId?: string }).resultId)).kind, 'full');
  });

  it('survives a file full of syntax errors and keeps answering', async () => {
    const broken = `const net = require('net');\nconst sock = net.connect(80;\nfunction (( {\n  sock.on('data', => )\n]]]\n\`unterminated ${'$'}{\n`;
    const uri = await session.open(writeFile(ws, 'broken.js', broken));
    const diagnostics = await session.diagnostics(uri);
    assert.ok(Array.isArray(diagnostics));
    const actions = await session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, ['source.fixAll.socklint']);
    assert.ok(Array.isArray(actions));
    // Still alive and correct for a healthy file.
    const ok = await session.open(writeFile(ws, 'after-broken.js', LEAKY));
    assert.equal((await session.findings(ok, 'missing-error-listener')).length, 1);
    assert.ok(session.alive);
  });

  it('odd inputs (empty, BOM, CRLF, lone CR, NUL bytes, a 1 MB line, deep nesting) neither crash nor misplace ranges', async () => {
    const odd: Record<string, string> = {
      'empty.js': '',
      'bom.js': `\uFEFF${LEAKY}`,
      'crlf.js': LEAKY.replace(/\n/g, '\r\n'),
      'cr.js': LEAKY.replace(/\n/g, '\r'),
      'nul.js': `const net = require('net');\0\0\nnet.connect(1).write('\0');\n`,
      'long.js': `const net = require('net');\nconst x = [${'1,'.repeat(500000)}];\nnet.connect(1).write('x');\n`,
      'deep.js': `const net = require('net');\nconst y = ${'['.repeat(3000)}${']'.repeat(3000)};\nnet.connect(1).write('x');\n`,
    };
    for (const [name, text] of Object.entries(odd)) {
      const uri = await session.open(writeFile(ws, name, text));
      const diagnostics = await session.findings(uri, 'missing-error-listener');
      if (name === 'crlf.js' || name === 'cr.js' || name === 'bom.js') {
        assert.equal(diagnostics.length, 1, name);
        // The editor's line 2 (a lone CR is a line break too), at `net.connect`.
        assert.equal(diagnostics[0].range.start.line, 1, name);
        assert.equal(diagnostics[0].range.start.character, 13, name);
      }
    }
    assert.ok(session.alive);
    const ok = await session.open(writeFile(ws, 'after-odd.js', LEAKY));
    assert.equal((await session.findings(ok, 'missing-error-listener')).length, 1);
  });

  it('analyses TypeScript (ESM imports) and returns nothing for files without socket code', async () => {
    const ts = await session.open(
      writeFile(ws, 'client.ts', `import * as net from 'node:net';\nexport const sock: net.Socket = net.createConnection({ port: 80 });\nsock.write('x');\n`),
    );
    const tsDiagnostics = await session.findings(ts, 'missing-error-listener');
    assert.equal(tsDiagnostics.length, 0, 'an exported socket escapes: its owner may listen elsewhere');
    const local = await session.open(
      writeFile(
        ws,
        'local.ts',
        `import * as net from 'node:net';\nfunction f(): void {\n  const sock = net.createConnection({ port: 80 });\n  sock.write('x');\n}\nf();\n`,
      ),
    );
    assert.deepEqual((await session.findings(local, 'missing-error-listener')).length, 1);
    const plain = await session.open(writeFile(ws, 'plain.js', `export const add = (a, b) => a + b;\n`));
    assert.deepEqual(await session.diagnostics(plain), []);
  });
});
