import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/fixes';
import type { Rule } from '../../server/src/core/rule';
import defaultServerTimeout from '../../server/src/rules/default-server-timeout';
import rule from '../../server/src/rules/invalid-timeout-order';
import serverKeepaliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import { ruleTests, runRule } from './ruleTester';

const HEAD = `const http = require('http');\nfunction handler(req, res) { res.end(); }\n`;

ruleTests(rule, {
  valid: [
    { nodeVersion: '20', code: `${HEAD}const server = http.createServer({ headersTimeout: 20000, requestTimeout: 30000 }, handler);` },
    // equal values are accepted from 18.14 / 19.4 on
    { nodeVersion: '18.14.0', code: `${HEAD}const server = http.createServer({ headersTimeout: 30000, requestTimeout: 30000 }, handler);` },
    // and the headersTimeout default follows a smaller requestTimeout there
    { nodeVersion: '19.4.0', code: `${HEAD}const server = http.createServer({ requestTimeout: 30000 }, handler);` },
    // 0 switches a check off: no order to respect
    { nodeVersion: '18', code: `${HEAD}const server = http.createServer({ headersTimeout: 70000, requestTimeout: 0 }, handler);` },
    { nodeVersion: '18', code: `${HEAD}const server = http.createServer({ headersTimeout: 0, requestTimeout: 30000 }, handler);` },
    // assignments after creation are not validated (no throw)
    { nodeVersion: '20', code: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 30000;\nserver.headersTimeout = 70000;` },
    // before Node 18 createServer ignores these options
    { nodeVersion: '16', code: `${HEAD}const server = http.createServer({ headersTimeout: 70000, requestTimeout: 30000 }, handler);` },
    // values the analysis cannot compute
    { nodeVersion: '20', code: `${HEAD}const server = http.createServer({ headersTimeout: Number(process.env.H), requestTimeout: 30000 }, handler);` },
    { nodeVersion: '20', code: `${HEAD}function start(opts) {\n  return http.createServer({ requestTimeout: 30000, ...opts }, handler);\n}` },
    // Node 10/12 before 12.19: headersTimeout above keepAliveTimeout, as server-keepalive-below-proxy writes it
    { nodeVersion: '10.15.0', code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;` },
    // Node's own defaults (5 s keep-alive, 40 s headers) are in order
    { nodeVersion: '10.15.0', code: `${HEAD}const server = http.createServer(handler);\nserver.listen(3000);` },
    // fixed in 12.19 (nodejs/node#34131) and on 14
    { nodeVersion: '12.19.0', code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;` },
    { nodeVersion: '14', code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;` },
    // an exported server may get its headersTimeout elsewhere
    {
      nodeVersion: '10.15.0',
      code: `import * as http from 'node:http';
export const server = http.createServer();
server.keepAliveTimeout = 65000;`,
    },
    // 13.x: whether it carries the keep-alive fix is unverified, so it is not reported
    { nodeVersion: '13.0.0', code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;` },
  ],
  invalid: [
    {
      name: 'headersTimeout above requestTimeout throws on Node 20',
      nodeVersion: '20',
      code: `${HEAD}const server = http.createServer({ headersTimeout: 70000, requestTimeout: 30000 }, handler);\n`,
      errors: [{ messageId: 'throws', line: 3, column: 52 }],
      output: `${HEAD}const server = http.createServer({ headersTimeout: 29000, requestTimeout: 30000 }, handler);\n`,
    },
    {
      name: 'equal values throw on 18.0–18.13',
      nodeVersion: '18.13.0',
      code: `${HEAD}const server = http.createServer({ headersTimeout: 30000, requestTimeout: 30000 }, handler);\n`,
      errors: [{ messageId: 'throws' }],
      output: `${HEAD}const server = http.createServer({ headersTimeout: 29000, requestTimeout: 30000 }, handler);\n`,
    },
    {
      name: 'requestTimeout below the 60 s headersTimeout default throws on 18.0 (engines ">=18")',
      nodeVersion: '>=18',
      code: `${HEAD}const server = http.createServer({ requestTimeout: 30000 }, handler);\n`,
      errors: [{ messageId: 'defaultHeadersThrows', line: 3, column: 52 }],
      output: `${HEAD}const server = http.createServer({ requestTimeout: 30000, headersTimeout: 29000 }, handler);\n`,
    },
    {
      name: 'and on 19.0–19.3',
      nodeVersion: '19.3.0',
      code: `${HEAD}const server = http.createServer({ requestTimeout: 60000 }, handler);\n`,
      errors: [{ messageId: 'defaultHeadersThrows' }],
      output: `${HEAD}const server = http.createServer({ requestTimeout: 60000, headersTimeout: 59000 }, handler);\n`,
    },
    {
      name: 'options in a const object; the fix edits the constant',
      nodeVersion: '22',
      code: `${HEAD}const SERVER_OPTIONS = { headersTimeout: 120000, requestTimeout: 90000 };\nconst server = http.createServer(SERVER_OPTIONS, handler);\n`,
      errors: [{ messageId: 'throws', line: 3 }],
      output: `${HEAD}const SERVER_OPTIONS = { headersTimeout: 60000, requestTimeout: 90000 };\nconst server = http.createServer(SERVER_OPTIONS, handler);\n`,
    },
    {
      name: 'a small requestTimeout: headersTimeout becomes half of it',
      nodeVersion: '24',
      code: `${HEAD}http.createServer({ requestTimeout: 1000, headersTimeout: 5000 }, handler).listen(3000);\n`,
      errors: [{ messageId: 'throws' }],
      output: `${HEAD}http.createServer({ requestTimeout: 1000, headersTimeout: 500 }, handler).listen(3000);\n`,
    },
    {
      name: 'https, TypeScript, arithmetic',
      nodeVersion: '20',
      filename: 'case.ts',
      code: `import { createServer } from 'node:https';
const server = createServer({ key: '', cert: '', requestTimeout: 10 * 1000, headersTimeout: 15 * 1000 });
`,
      errors: [{ messageId: 'throws', line: 2 }],
      output: `import { createServer } from 'node:https';
const server = createServer({ key: '', cert: '', requestTimeout: 10 * 1000, headersTimeout: 9000 });
`,
    },
    {
      name: 'Node 10: keepAliveTimeout raised above the 40 s headersTimeout (nodejs/node#27363)',
      nodeVersion: '10.15.0',
      code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;\nserver.listen(3000);\n`,
      errors: [{ messageId: 'keepAliveAboveHeaders', line: 4, column: 1 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\nserver.listen(3000);\n`,
    },
    {
      name: 'Node 12.18: headersTimeout set, but not above keepAliveTimeout',
      nodeVersion: '12.18.0',
      code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 65000;\n`,
      errors: [{ messageId: 'keepAliveAboveHeaders', line: 5 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\n`,
    },
    {
      name: 'Node 12: headersTimeout lowered below the default keepAliveTimeout',
      nodeVersion: '12.0.0',
      code: `${HEAD}const server = http.createServer(handler);\nserver.headersTimeout = 4000;\n`,
      errors: [{ messageId: 'keepAliveAboveHeaders', line: 4 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.headersTimeout = 6000;\n`,
    },
    {
      name: 'Node 10: keepAliveTimeout 0 keeps connections idle past headersTimeout (no fix)',
      nodeVersion: '10.15.0',
      code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 0;\n`,
      errors: [{ messageId: 'keepAliveUnbounded', line: 4, fixes: [] }],
      output: null,
    },
  ],
});

/**
 * The fixes of the rules that write headersTimeout never produce a createServer call that throws:
 * each rule's fixes applied, then this rule run on the result.
 */
describe("invalid-timeout-order: other rules' fixes keep headersTimeout ≤ requestTimeout", () => {
  const servers = [
    `${HEAD}http.createServer(handler).listen(3000);\n`,
    `${HEAD}http.createServer({ requestTimeout: 30000 }, handler).listen(3000);\n`,
    `${HEAD}http.createServer({ requestTimeout: 61000 }, handler).listen(3000);\n`,
    `${HEAD}http.createServer({ requestTimeout: 66000, keepAliveTimeout: 5000 }, handler).listen(3000);\n`,
    `${HEAD}http.createServer({ headersTimeout: 20000, requestTimeout: 30000 }, handler).listen(3000);\n`,
    `${HEAD}const server = http.createServer({ requestTimeout: 30000 }, handler);\nserver.listen(3000);\n`,
  ];
  const producers: Array<[Rule, Record<string, number | boolean>]> = [
    [defaultServerTimeout, { reportModernDefaults: true }],
    [defaultServerTimeout, { reportModernDefaults: true, requestTimeoutMs: 30000 }],
    [defaultServerTimeout, { reportModernDefaults: true, requestTimeoutMs: 1000, headersTimeoutMs: 66000 }],
    [serverKeepaliveBelowProxy, {}],
    [serverKeepaliveBelowProxy, { proxyIdleTimeoutMs: 350000 }],
  ];
  // The lines whose createServer rejects headersTimeout > requestTimeout (nodejs/node#45778).
  for (const nodeVersion of ['18.14.0', '19.4.0', '20.0.0', '24.0.0', '27.0.0']) {
    for (const [producer, options] of producers) {
      it(`${producer.meta.id} ${JSON.stringify(options)} on Node ${nodeVersion}`, () => {
        let fixed = 0;
        for (const code of servers) {
          for (const finding of runRule(producer, { code, nodeVersion, options })) {
            for (const fix of finding.fixes) {
              const out = applyEdits(code, fix.edits);
              fixed++;
              const thrown = runRule(rule, { code: out, nodeVersion }).filter((f) => f.messageId === 'throws' || f.messageId === 'defaultHeadersThrows');
              assert.deepEqual(
                thrown.map((f) => f.message),
                [],
                `after ${producer.meta.id}'s fix "${fix.title}":\n${out}`,
              );
            }
          }
        }
        assert.ok(fixed > 0, 'some fix was checked');
      });
    }
  }
});
