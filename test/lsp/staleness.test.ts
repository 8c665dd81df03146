import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspSession, makeWorkspace, writeFile } from './lspSession';

/** Version i of the document: a socket on line i+2 without an 'error' listener when i is odd, handled when even. */
function versionText(i: number): string {
  const padding = '// edit\n'.repeat(i % 7);
  const listener = i % 2 === 0 ? `sock.on('error', () => sock.destroy());\n` : '';
  return `const net = require('net');\n${padding}const sock = net.connect(${1000 + i});\n${listener}sock.write('x');\n`;
}

function expected(i: number): Array<{ code: string; line: number }> {
  return i % 2 === 0 ? [] : [{ code: 'missing-error-listener', line: 1 + (i % 7) }];
}

const summary = (items: Diagnostic[]) =>
  items.filter((d) => d.code === 'missing-error-listener').map((d) => ({ code: String(d.code), line: d.range.start.line }));

describe('language server over JSON-RPC: rapid edits', function () {
  this.timeout(60000);

  it('200 rapid edits: every answer matches the version it was asked for, stale ones are cancelled, the last one is fresh', async () => {
    const ws = makeWorkspace({});
    const session = await LspSession.start({ folders: [ws] });
    try {
      const uri = await session.open(writeFile(ws, 'typing.js', versionText(1)));
      assert.deepEqual(summary(await session.diagnostics(uri)), expected(1));
      const pending: Array<Promise<{ i: number; items?: Diagnostic[]; cancelled?: boolean }>> = [];
      for (let i = 2; i <= 201; i++) {
        await session.change(uri, versionText(i));
        // Ask after every edit without waiting, as an editor pulling on each keystroke does.
        pending.push(
          session.report(uri).then(
            (r) => ({ i, items: r.kind === 'full' ? r.items : undefined }),
            (e: { code?: number; data?: { retriggerRequest?: boolean } }) => {
              assert.equal(e.code, -32802, 'stale requests end with ServerCancelled');
              assert.equal(e.data?.retriggerRequest, true);
              return { i, cancelled: true };
            },
          ),
        );
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      const answers = await Promise.all(pending);
      const answered = answers.filter((a) => !a.cancelled);
      for (const a of answered) assert.deepEqual(summary(a.items!), expected(a.i), `answer for version ${a.i}`);
      assert.equal(answers[answers.length - 1].cancelled, undefined, 'the request for the last version is answered');
      assert.ok(answers.filter((a) => a.cancelled).length > 100, 'most intermediate requests were cancelled, not analysed');
      // A fresh pull agrees with the final text.
      assert.deepEqual(summary(await session.diagnostics(uri)), expected(201));
      assert.ok(session.alive);
    } finally {
      await session.stop();
    }
  });
});
