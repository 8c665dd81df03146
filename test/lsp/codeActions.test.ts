import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { applyEdits } from '../../server/src/core/fixes';
import { resolveNodeVersion } from '../../server/src/core/nodeVersion';
import { createProject } from '../../server/src/core/project';
import { autoFixOf, type Finding } from '../../server/src/core/rule';
import { rules } from '../../server/src/rules';
import { LspSession, applyTextEdits, editsOf, makeWorkspace, writeFile } from './lspSession';
import { quickFixCases } from './quickFixCases';

const LEAKY = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`;
const MEL = 'missing-error-listener';
const listenerFindings = async (session: LspSession, uri: string) => (await session.diagnostics(uri)).filter((d) => d.code === MEL);
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

describe('language server over JSON-RPC: code actions', function () {
  this.timeout(30000);
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ folders: [] });
  });
  after(() => session?.stop());

  it('has a quick-fix case for registered rules only', () => {
    const registered = new Set(rules.map((r) => r.meta.id));
    for (const c of quickFixCases) assert.ok(registered.has(c.ruleId), `${c.ruleId} is not registered`);
  });

  /** The engine's finding of the rule, computed in this process. */
  function engineFinding(file: string, code: string, ruleId: string): Finding {
    const { project } = createProject(undefined, path.dirname(file));
    const sf = project.createSourceFile(file, code, { overwrite: true });
    const result = analyzeSourceFile(sf, { rules, config: defaultConfig(rules), nodeVersion: resolveNodeVersion(file) });
    const finding = result.findings.find((f) => f.ruleId === ruleId && f.fixes.length > 0);
    assert.ok(finding, `the engine reports ${ruleId} with a fix`);
    return finding;
  }

  for (const c of quickFixCases) {
    it(`${c.ruleId}: the preferred quick fix is the one --fix applies (a suggestion never is), and its edit gives the engine's fixed text`, async () => {
      const ws = makeWorkspace({ 'package.json': JSON.stringify({ name: 'fixture', ...(c.enginesNode ? { engines: { node: c.enginesNode } } : {}) }) });
      const file = writeFile(ws, c.file, c.code);
      const uri = await session.open(file);
      const diagnostic = (await session.diagnostics(uri)).find((d) => d.code === c.ruleId);
      assert.ok(diagnostic, `${c.ruleId} reported`);
      const actions = await session.codeActions(uri, diagnostic.range, undefined, [diagnostic]);
      const finding = engineFinding(file, c.code, c.ruleId);
      const automatic = autoFixOf(finding);
      const preferred = actions.filter((a) => a.isPreferred && a.diagnostics?.[0]?.code === c.ruleId);
      // A rule whose only fix changes behaviour (a rewrite to pipeline()) offers it, never as preferred.
      const chosen = automatic ? preferred[0] : actions.find((a) => a.title === finding.fixes[0].title);
      assert.equal(preferred.length, automatic ? 1 : 0, 'one preferred fix exactly when --fix has one');
      assert.ok(chosen, 'a quick fix');
      assert.equal(chosen.kind, 'quickfix');
      assert.equal(chosen.diagnostics?.[0].code, c.ruleId);
      const fixed = await session.apply(uri, chosen);
      assert.notEqual(fixed, c.code);
      assert.equal(fixed, applyEdits(c.code, (automatic ?? finding.fixes[0]).edits));
      assert.deepEqual(
        (await session.diagnostics(uri)).filter((d) => d.code === c.ruleId),
        [],
        'no longer reported',
      );
    });
  }

  it('offers "Disable <id> for this line" and "Show documentation for <id>"; the directive silences the finding', async () => {
    const ws = makeWorkspace({});
    const code = `const net = require('net');\nfunction start() {\n    const sock = net.connect(80);\n    sock.write('x');\n}\n`;
    const uri = await session.open(writeFile(ws, 'disable.js', code));
    const [d] = await listenerFindings(session, uri);
    const actions = await session.codeActions(uri, d.range, ['quickfix']);
    const disable = actions.find((a) => a.title === 'Disable missing-error-listener for this line');
    const docs = actions.find((a) => a.title === 'Show documentation for missing-error-listener');
    assert.ok(disable && docs);
    assert.equal(docs.command?.command, 'socklint.showDocumentation');
    assert.deepEqual(docs.command?.arguments?.[0], 'missing-error-listener');
    const text = await session.apply(uri, disable);
    // Indented like the line it disables.
    assert.equal(
      text,
      `const net = require('net');\nfunction start() {\n    // socklint-disable-next-line missing-error-listener\n    const sock = net.connect(80);\n    sock.write('x');\n}\n`,
    );
    assert.deepEqual(await listenerFindings(session, uri), []);
  });

  it('extends an existing directive on the line above, before its reason', async () => {
    const ws = makeWorkspace({});
    const code = `const net = require('net');\n// socklint-disable-next-line prefer-pipeline -- legacy relay\nconst sock = net.connect(80);\nsock.write('x');\n`;
    const uri = await session.open(writeFile(ws, 'extend.js', code));
    const [d] = await listenerFindings(session, uri);
    const disable = (await session.codeActions(uri, d.range)).find((a) => a.title === `Disable ${MEL} for this line`)!;
    const text = await session.apply(uri, disable);
    assert.equal(
      text,
      `const net = require('net');\n// socklint-disable-next-line prefer-pipeline, missing-error-listener -- legacy relay\nconst sock = net.connect(80);\nsock.write('x');\n`,
    );
    assert.deepEqual(await listenerFindings(session, uri), []);
  });

  it('keeps a shebang on the first line', async () => {
    const ws = makeWorkspace({});
    const code = `#!/usr/bin/env node\nrequire('net').connect(80).write('x');\n`;
    const uri = await session.open(writeFile(ws, 'cli.js', code));
    const [d] = await listenerFindings(session, uri);
    assert.equal(d.range.start.line, 1);
    const disable = (await session.codeActions(uri, d.range)).find((a) => a.title === `Disable ${MEL} for this line`)!;
    const text = await session.apply(uri, disable);
    assert.equal(text, `#!/usr/bin/env node\n// socklint-disable-next-line missing-error-listener\nrequire('net').connect(80).write('x');\n`);
    assert.deepEqual(await listenerFindings(session, uri), []);
  });

  it('answers source.fixAll.socklint only when asked, and fixes every finding', async () => {
    const ws = makeWorkspace({ 'package.json': JSON.stringify({ name: 'fixture', engines: { node: '>=10' } }) });
    const code = `const net = require('net');\nconst http = require('http');\nconst a = net.connect(80);\na.write('x');\nconst b = net.connect(81);\nb.write('y');\nconst server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`;
    const uri = await session.open(writeFile(ws, 'many.js', code));
    const before = await session.diagnostics(uri);
    assert.ok(before.length >= 3);
    assert.deepEqual(
      (await session.codeActions(uri, WHOLE)).filter((a) => a.kind === 'source.fixAll.socklint'),
      [],
      'not without context.only',
    );
    assert.deepEqual(await session.codeActions(uri, WHOLE, ['source.organizeImports']), [], 'not for other kinds');
    const [fixAll] = await session.codeActions(uri, WHOLE, ['source.fixAll']);
    assert.equal(fixAll?.kind, 'source.fixAll.socklint');
    const [change] = fixAll.edit!.documentChanges! as Array<{ textDocument: { uri: string; version: number } }>;
    assert.deepEqual(change.textDocument, { uri, version: 1 }, 'a versioned edit: the editor refuses it once the text moved on');
    const fixed = applyTextEdits(code, editsOf(fixAll, uri));
    assert.match(fixed, /a\.on\('error'/);
    assert.match(fixed, /b\.on\('error'/);
    await session.change(uri, fixed);
    assert.match(fixed, /server\.timeout = /);
    assert.deepEqual(await session.diagnostics(uri), []);
    // The project holds the live buffer again (not a fix pass): analysing the unfixed text finds everything again.
    await session.change(uri, code);
    assert.equal((await session.diagnostics(uri)).length, before.length);
  });

  it('returns no quick fixes away from findings', async () => {
    const ws = makeWorkspace({});
    const uri = await session.open(writeFile(ws, 'away.js', `// nothing here\n\n${LEAKY}`));
    assert.deepEqual(await session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }), []);
  });
});
