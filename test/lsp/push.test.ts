/**
 * `socklint lsp --stdio` for a client that cannot pull diagnostics (LSP 3.16: no
 * textDocument.diagnostic capability, no workspace/configuration): the server sends
 * textDocument/publishDiagnostics after opening, changes, settings changes and closing.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI, ensureBuilt } from '../cli/cliHarness';
import { makeWorkspace, uriOf, writeFile } from './lspSession';

const LEAKY = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`;
const HANDLED = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.on('error', () => sock.destroy());\nsock.setTimeout(5000, () => sock.destroy());\nsock.write('ping');\n`;

describe('socklint lsp --stdio with a client that cannot pull diagnostics', function () {
  this.timeout(120000);
  let proc: ChildProcess;
  let connection: ProtocolConnection;
  let init: InitializeResult;
  let ws: string;
  const published: PublishDiagnosticsParams[] = [];
  const messages: string[] = [];

  /** The `n`-th publishDiagnostics for `uri` (0-based), waiting for it to arrive. */
  async function nthPublished(uri: string, n: number): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + 90000;
    for (;;) {
      const mine = published.filter((p) => p.uri === uri);
      if (mine.length > n) return mine[n];
      if (Date.now() > deadline) throw new Error(`no publishDiagnostics #${n + 1} for ${uri}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).sort();

  before(async () => {
    ensureBuilt();
    ws = makeWorkspace({ 'package.json': '{ "name": "fixture" }\n' });
    proc = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      messages.push(p.message);
    });
    connection.listen();
    init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(ws),
      capabilities: { textDocument: { publishDiagnostics: {} } },
      workspaceFolders: null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await connection?.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await connection?.sendNotification(ExitNotification.type).catch(() => undefined);
    proc?.kill();
  });

  it('advertises no pull diagnostics, and sends them on open, change, settings change and close', async () => {
    assert.equal(init.capabilities.diagnosticProvider, undefined);
    assert.equal(init.serverInfo?.name, 'socklint');
    const uri = uriOf(writeFile(ws, 'client.js', LEAKY));

    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'javascript', version: 1, text: LEAKY } });
    const opened = await nthPublished(uri, 0);
    assert.equal(opened.version, 1);
    assert.deepEqual(codes(opened), ['missing-error-listener', 'missing-socket-timeout']);
    assert.match(opened.diagnostics[0].codeDescription!.href, /docs\/rules\/missing-[\w-]+\.md$/);

    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: HANDLED }] });
    const changed = await nthPublished(uri, 1);
    assert.equal(changed.version, 2);
    assert.deepEqual(codes(changed), []);

    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: LEAKY }] });
    assert.equal((await nthPublished(uri, 2)).diagnostics.length, 2);
    // Settings come with the notification when the client has no workspace/configuration.
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { socklint: { enable: false } } });
    assert.deepEqual(codes(await nthPublished(uri, 3)), []);
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { socklint: { enable: true } } });
    assert.equal((await nthPublished(uri, 4)).diagnostics.length, 2);

    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    assert.deepEqual(codes(await nthPublished(uri, 5)), []);
  });

  it('answers the "Show documentation" action\'s command (VS Code runs it itself) with the rule page\'s address', async () => {
    const url = 'https://github.com/socklint/socklint/blob/main/docs/rules/missing-error-listener.md';
    assert.equal(
      await connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.showDocumentation', arguments: ['missing-error-listener', url] }),
      null,
    );
    const deadline = Date.now() + 10000;
    while (!messages.some((m) => m.includes(url)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(messages.includes(`socklint: missing-error-listener: ${url}`), messages.join('\n'));
    await assert.rejects(connection.sendRequest(ExecuteCommandRequest.type, { command: 'no.such.command' }), /unknown command/);
  });
});
