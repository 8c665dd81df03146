import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspSession, makeWorkspace, uriOf, writeFile } from './lspSession';

const LEAKY = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`;
// Reported by default-server-timeout on Node ≤ 17 only.
const SERVER = `const http = require('http');\nconst server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`;
const MEL = 'missing-error-listener';
const timeoutFindings = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'default-server-timeout');
const pkg = (node?: string) => JSON.stringify({ name: 'fixture', ...(node ? { engines: { node } } : {}) });

/** Waits for a refresh request after `action`, as the editor would, then pulls again. */
async function afterRefresh(session: LspSession, action: () => Promise<void> | void): Promise<void> {
  const before = session.refreshes;
  await action();
  await session.waitFor(() => session.refreshes > before, 'workspace/diagnostic/refresh');
}

describe('language server over JSON-RPC: settings, configuration and watched files', function () {
  this.timeout(30000);

  it('applies socklint.rules.customizations and socklint.enable after a settings change', async () => {
    const ws = makeWorkspace({});
    let settings: Record<string, unknown> = {};
    const session = await LspSession.start({ folders: [ws], settings: () => settings });
    try {
      const uri = await session.open(writeFile(ws, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL))[0].severity, DiagnosticSeverity.Error);
      settings = { rules: { customizations: [{ rule: 'missing-*', severity: 'downgrade' }] } };
      await afterRefresh(session, () => session.settingsChanged());
      assert.equal((await session.findings(uri, MEL))[0].severity, DiagnosticSeverity.Warning);
      settings = { rules: { customizations: [{ rule: '*', severity: 'info' }] } };
      await afterRefresh(session, () => session.settingsChanged());
      assert.equal((await session.findings(uri, MEL))[0].severity, DiagnosticSeverity.Information);
      settings = { rules: { customizations: [{ rule: '!default-server-timeout', severity: 'off' }] } };
      await afterRefresh(session, () => session.settingsChanged());
      assert.deepEqual(await session.findings(uri, MEL), []);
      settings = { enable: false };
      await afterRefresh(session, () => session.settingsChanged());
      assert.deepEqual(await session.findings(uri, MEL), []);
      settings = { rules: { customizations: 'not an array' }, run: 42 };
      await afterRefresh(session, () => session.settingsChanged());
      assert.equal((await session.findings(uri, MEL)).length, 1, 'malformed settings fall back to defaults');
    } finally {
      await session.stop();
    }
  });

  it('socklint.nodeVersion sets the version when no engines.node is found', async () => {
    const ws = makeWorkspace({ 'package.json': pkg() });
    let settings: Record<string, unknown> = {};
    const session = await LspSession.start({ folders: [ws], settings: () => settings });
    try {
      const uri = await session.open(writeFile(ws, 'server.js', SERVER));
      assert.deepEqual(timeoutFindings(await session.diagnostics(uri)), [], 'the default (current LTS) is not reported');
      settings = { nodeVersion: '16' };
      await afterRefresh(session, () => session.settingsChanged());
      const [d] = timeoutFindings(await session.diagnostics(uri));
      assert.equal(d?.code, 'default-server-timeout');
      assert.match(String(d.message), /16/);
    } finally {
      await session.stop();
    }
  });

  it('socklint.proxyIdleTimeoutMs overrides the rule option (0 turns server-keepalive-below-proxy off)', async () => {
    const ws = makeWorkspace({ 'package.json': pkg('>=20') });
    let settings: Record<string, unknown> = {};
    const session = await LspSession.start({ folders: [ws], settings: () => settings });
    const keepAlive = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'server-keepalive-below-proxy');
    try {
      const uri = await session.open(writeFile(ws, 'server.js', SERVER));
      assert.equal(keepAlive(await session.diagnostics(uri)).length, 1);
      settings = { proxyIdleTimeoutMs: 0 };
      await afterRefresh(session, () => session.settingsChanged());
      assert.deepEqual(keepAlive(await session.diagnostics(uri)), []);
      settings = { proxyIdleTimeoutMs: 120000 };
      await afterRefresh(session, () => session.settingsChanged());
      assert.match(String(keepAlive(await session.diagnostics(uri))[0]?.message ?? ''), /120000/);
    } finally {
      await session.stop();
    }
  });

  it('re-reads socklint.config.json when it changes, and returns to defaults when it is deleted', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      const config = writeFile(ws, 'socklint.config.json', JSON.stringify({ rules: { 'missing-error-listener': 'off' } }));
      await afterRefresh(session, () => session.filesChanged([{ file: config, type: 'created' }]));
      assert.deepEqual(await session.findings(uri, MEL), []);
      fs.writeFileSync(config, JSON.stringify({ rules: { 'missing-error-listener': 'warn' } }));
      await afterRefresh(session, () => session.filesChanged([{ file: config, type: 'changed' }]));
      assert.equal((await session.findings(uri, MEL))[0].severity, DiagnosticSeverity.Warning);
      fs.unlinkSync(config);
      await afterRefresh(session, () => session.filesChanged([{ file: config, type: 'deleted' }]));
      assert.equal((await session.findings(uri, MEL))[0].severity, DiagnosticSeverity.Error, 'defaults again after the watched file was deleted');
    } finally {
      await session.stop();
    }
  });

  it('a broken socklint.config.json falls back to defaults and says why in the status', async () => {
    const ws = makeWorkspace({ 'socklint.config.json': `{ "rules": { "no-such-rule": "error" } }` });
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      await session.waitFor(
        () => session.statuses.some((s) => s.uri === uri && s.state === 'warning' && /no-such-rule/.test(s.message ?? '')),
        'a warning status naming the bad key',
      );
    } finally {
      await session.stop();
    }
  });

  it('rebuilds the project when engines.node in package.json changes', async () => {
    const ws = makeWorkspace({ 'package.json': pkg('>=20') });
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'server.js', SERVER));
      assert.deepEqual(timeoutFindings(await session.diagnostics(uri)), []);
      const file = writeFile(ws, 'package.json', pkg('>=10'));
      await afterRefresh(session, () => session.filesChanged([{ file, type: 'changed' }]));
      const [d] = timeoutFindings(await session.diagnostics(uri));
      assert.equal(d?.code, 'default-server-timeout');
      assert.match(String(d.message), /10/);
    } finally {
      await session.stop();
    }
  });

  it('moves a file into the project of a tsconfig created next to it, and survives a broken tsconfig', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'src/a.ts', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      assert.ok(session.logs.some((l) => l.includes('(inferred)')));
      const tsconfig = writeFile(ws, 'tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, allowJs: true }, include: ['src'] }));
      await afterRefresh(session, () => session.filesChanged([{ file: tsconfig, type: 'created' }]));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      assert.ok(
        session.logs.some((l) => l.includes(`project ${tsconfig} created`)),
        session.logs.join('\n'),
      );
      fs.writeFileSync(tsconfig, '{ "compilerOptions": { "strict": ');
      await afterRefresh(session, () => session.filesChanged([{ file: tsconfig, type: 'changed' }]));
      assert.equal((await session.findings(uri, MEL)).length, 1, 'still analysed with default options');
      assert.ok(session.alive);
    } finally {
      await session.stop();
    }
  });

  it('re-reads a closed file from disk and drops deleted files', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const file = writeFile(ws, 'a.js', LEAKY);
      const uri = await session.open(file, `${LEAKY}// unsaved\n`);
      assert.equal((await session.findings(uri, MEL)).length, 1);
      await session.close(uri);
      fs.unlinkSync(file);
      await afterRefresh(session, () => session.filesChanged([{ file, type: 'deleted' }]));
      // Re-created on disk with a handled socket and opened again: the disk text is what counts.
      const again = await session.open(writeFile(ws, 'a.js', `const net = require('net');\nnet.connect(80).on('error', () => {});\n`));
      assert.deepEqual(await session.findings(again, MEL), []);
      assert.equal(again, uriOf(file));
    } finally {
      await session.stop();
    }
  });

  it('socklint/revalidate (the Revalidate command) re-reads everything and asks for diagnostics again', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      // A config written without a file event (e.g. by git checkout in a folder nobody watches).
      writeFile(ws, 'socklint.config.json', JSON.stringify({ rules: { 'missing-error-listener': 'off' } }));
      assert.equal((await session.findings(uri, MEL)).length, 1, 'cached until told');
      await afterRefresh(session, () => session.connection.sendNotification('socklint/revalidate'));
      assert.deepEqual(await session.findings(uri, MEL), []);
    } finally {
      await session.stop();
    }
  });

  it('a changed file no project has read (build output) does not re-analyse; a new one does', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1);
      const before = session.refreshes;
      const output = writeFile(ws, 'dist/bundle.js', 'console.log(1);\n');
      await session.filesChanged([{ file: output, type: 'changed' }]);
      await afterRefresh(session, () => session.filesChanged([{ file: writeFile(ws, 'src/new.js', 'export {};\n'), type: 'created' }]));
      assert.equal(session.refreshes, before + 1, 'one refresh: for the new file only');
    } finally {
      await session.stop();
    }
  });

  it('a workspace folder added later gets its own project', async () => {
    const first = makeWorkspace({ 'package.json': pkg('>=20') });
    const second = makeWorkspace({ 'package.json': pkg('>=20') });
    const session = await LspSession.start({ folders: [first] });
    try {
      const uri = await session.open(writeFile(second, 'a.js', LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1, 'a file outside the folders is analysed too');
      await afterRefresh(session, () =>
        session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(second), name: 'second' }], removed: [] } }),
      );
      assert.equal((await session.findings(uri, MEL)).length, 1);
      assert.ok(
        session.logs.some((l) => l.includes(`(inferred) ${second} created`)),
        session.logs.join('\n'),
      );
    } finally {
      await session.stop();
    }
  });

  it('two workspace folders with different engines.node get different results', async () => {
    const legacy = makeWorkspace({ 'package.json': pkg('^10.24.0') });
    const modern = makeWorkspace({ 'package.json': pkg('>=22') });
    const session = await LspSession.start({ folders: [legacy, modern] });
    try {
      const a = await session.open(writeFile(legacy, 'server.js', SERVER));
      const b = await session.open(writeFile(modern, 'server.js', SERVER));
      const [da] = timeoutFindings(await session.diagnostics(a));
      assert.equal(da?.code, 'default-server-timeout');
      assert.match(String(da.message), /10\.24/);
      assert.deepEqual(timeoutFindings(await session.diagnostics(b)), []);
      assert.ok(
        session.logs.some((l) => l.includes(`(inferred) ${legacy}`)) && session.logs.some((l) => l.includes(`(inferred) ${modern}`)),
        'one project per folder',
      );
      assert.notEqual(path.dirname(legacy), legacy);
    } finally {
      await session.stop();
    }
  });
});
