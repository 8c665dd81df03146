import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { LspSession, applyTextEdits, editsOf, makeWorkspace, writeFile } from './lspSession';

/** Issue 10's reproductions for the language server: one bad file or pattern never takes the others down. */

const LEAKY = `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`;
const MEL = 'missing-error-listener';

function parseErrors(text: string, fileName = 'a.js'): number {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

describe('language server over JSON-RPC: hostile input (issue 10)', function () {
  this.timeout(60000);

  it('an invalid ignore glob is one configuration error for its folder; its files and other folders are still checked', async () => {
    const broken = makeWorkspace({ 'socklint.config.json': JSON.stringify({ ignore: ['{a'] }) });
    const fine = makeWorkspace({});
    const session = await LspSession.start({ folders: [broken, fine] });
    try {
      const a = await session.open(writeFile(broken, 'a.js', LEAKY));
      const b = await session.open(writeFile(broken, 'b.js', LEAKY));
      const c = await session.open(writeFile(fine, 'c.js', LEAKY));
      for (const uri of [a, b, c, a]) assert.equal((await session.findings(uri, MEL)).length, 1, uri);
      const errors = session.logs.filter((l) => /ignore\[0\]/.test(l));
      assert.equal(errors.length, 1, session.logs.join('\n'));
      assert.match(errors[0], /socklint\.config\.json: ignore\[0\]: "\{a" is not a valid glob \(a "\{" is never closed\)/);
      const status = session.statuses.filter((s) => s.uri === a).pop();
      assert.match(status?.message ?? '', /ignore\[0\]/);
    } finally {
      await session.stop();
    }
  });

  it('an ignore glob that backtracks for seconds in a RegExp is answered at once, with the right result', async function () {
    this.timeout(20000); // 2-5 s with the server's start; each pattern took 20-26 s per file name with a backtracking matcher
    const ws = makeWorkspace({ 'socklint.config.json': JSON.stringify({ ignore: ['*a*a*a*a*a*a*a*a*b', '{a,a}'.repeat(25)] }) });
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, `${'a'.repeat(40)}.js`, LEAKY));
      assert.equal((await session.findings(uri, MEL)).length, 1, 'not ignored: neither pattern matches');
      const ignored = await session.open(writeFile(ws, `${'a'.repeat(25)}/x.js`, LEAKY));
      assert.equal((await session.findings(ignored, MEL)).length, 0, 'in a folder ignored by {a,a}×25');
    } finally {
      await session.stop();
    }
  });

  it('a file nested too deeply to parse gets empty diagnostics and one log line; other documents are still served', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      // The JSDoc error before the nesting is what TypeScript's parser kept after running out of stack.
      const deepText = `/** @param {string x */\nfunction f(x) { return x; }\nconst net = require('net');\nconst x = ${'('.repeat(800)}1${')'.repeat(800)};\n`;
      const deep = await session.open(writeFile(ws, 'deep.js', deepText));
      assert.deepEqual(await session.diagnostics(deep), []);
      await session.change(deep, `${deepText}// typing\n`);
      assert.deepEqual(await session.diagnostics(deep), []);
      const other = await session.open(writeFile(ws, 'other.js', LEAKY));
      assert.equal((await session.findings(other, MEL)).length, 1);
      const lines = session.logs.filter((l) => l.includes('deep.js'));
      assert.equal(lines.length, 1, session.logs.join('\n'));
      assert.match(lines[0], /deep\.js: not checked: nested too deeply to analyse/);
      assert.ok(session.alive);
    } finally {
      await session.stop();
    }
  });

  it('an import being typed gets no rule failure on any keystroke', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      // The import is typed above code that already uses what it will import, a keystroke at a time.
      const before = "const net = require('net')\n";
      const after = "\nconst s = connect(80)\ns.write('x')\n";
      const typed = "import { connect } from 'net'";
      const uri = await session.open(writeFile(ws, 'a.js', before + after));
      for (let i = 1; i <= typed.length; i++) {
        await session.change(uri, before + typed.slice(0, i) + after);
        await session.diagnostics(uri);
      }
      assert.deepEqual(
        session.logs.filter((l) => /failed/.test(l)),
        [],
      );
    } finally {
      await session.stop();
    }
  });

  it('a file over the size limit gets no diagnostics and one information message, not one per keystroke; socklint.maxFileSizeKb raises the limit', async () => {
    const ws = makeWorkspace({});
    let settings: Record<string, unknown> = {};
    const session = await LspSession.start({ folders: [ws], settings: () => settings });
    try {
      let big = LEAKY;
      while (big.length < 1.2 * 1024 * 1024) big += `// ${'x'.repeat(200)}\n`;
      const uri = await session.open(writeFile(ws, 'bundle.js', big));
      assert.deepEqual(await session.diagnostics(uri), []);
      for (let i = 0; i < 3; i++) {
        await session.change(uri, `${big}// ${i}\n`);
        assert.deepEqual(await session.diagnostics(uri), []);
      }
      const small = await session.open(writeFile(ws, 'small.js', LEAKY));
      assert.equal((await session.findings(small, MEL)).length, 1, 'other documents are served');
      const told = session.messages.filter((m) => m.message.includes('bundle.js'));
      assert.equal(told.length, 1, JSON.stringify(session.messages));
      assert.equal(told[0].type, 3, 'an information message');
      assert.match(told[0].message, /bundle\.js is not checked: [\d.]+ (MB|KB), larger than the limit of 1 MB \(setting socklint\.maxFileSizeKb/);
      assert.equal(session.logs.filter((l) => l.includes('bundle.js: not checked')).length, 1);

      settings = { maxFileSizeKb: 4096 };
      const before = session.refreshes;
      await session.settingsChanged();
      await session.waitFor(() => session.refreshes > before, 'refresh');
      assert.equal((await session.findings(uri, MEL)).length, 1, `checked under a raised limit: ${session.logs.join('\n')}`);
    } finally {
      await session.stop();
    }
  });

  it('quick fixes and fix-all on the one-line arrow body of a file without semicolons give text that parses', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const text =
        "'use strict'\nconst a = 1\n{\n  const net = require('net')\n  net.createServer((socket) => { greet(socket) })\n}\nfunction greet (s) { s.write('hi') }\n";
      const uri = await session.open(writeFile(ws, 'c.js', text));
      const diagnostics = await session.diagnostics(uri);
      assert.ok(diagnostics.length >= 2, JSON.stringify(diagnostics));
      const actions = await session.codeActions(uri, { start: { line: 4, character: 0 }, end: { line: 4, character: 60 } }, ['quickfix'], diagnostics);
      const fixes = actions.filter((a) => a.edit && !a.title.startsWith('Disable'));
      assert.ok(fixes.length >= 2, actions.map((a) => a.title).join(', '));
      for (const action of fixes) {
        const fixed = applyTextEdits(text, editsOf(action, uri));
        assert.equal(parseErrors(fixed), 0, `${action.title}:\n${fixed}`);
      }
      const [fixAll] = await session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll']);
      const all = applyTextEdits(text, editsOf(fixAll, uri));
      assert.equal(parseErrors(all), 0, all);
      assert.match(all, /\n {4}greet\(socket\)\n {2}\}\)\n/, all);
    } finally {
      await session.stop();
    }
  });
});
