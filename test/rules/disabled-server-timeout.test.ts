import rule from '../../server/src/rules/disabled-server-timeout';
import { ruleTests } from './ruleTester';

const HEAD = `const http = require('http');\n`;

ruleTests(rule, {
  valid: [
    // Tests are not production (issue 9, shape 10)
    {
      code: `${HEAD}const server = http.createServer(renderScreenshot);\nserver.setTimeout(0);\nserver.listen(3000);\n`,
      nodeVersion: '10',
      filename: 'test/slow.test.js',
      name: "a test's own server",
    },
    // Node 18+: requestTimeout (300 s) still bounds every request
    { nodeVersion: '24', code: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(0);` },
    { nodeVersion: '24', code: `${HEAD}const server = http.createServer({ requestTimeout: 0 }, handler);\nserver.timeout = 120000;` },
    // Node 10: the 120 s server.timeout default still closes idle keep-alive connections
    { nodeVersion: '10', code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 0;` },
    { nodeVersion: '24', code: `${HEAD}const server = http.createServer({ keepAliveTimeout: 0 }, handler);\nserver.timeout = 30000;` },
    // Node 24: requestTimeout bounds the headers too
    { nodeVersion: '24', code: `${HEAD}const server = http.createServer({ headersTimeout: 0 }, handler);` },
    // writes that disagree, or a value the analysis cannot compute: say nothing
    { nodeVersion: '16', code: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(0);\nif (process.env.SLOW) server.setTimeout(60000);` },
    { nodeVersion: '24', code: `${HEAD}const server = http.createServer({ requestTimeout: 0 }, handler);\nserver.timeout = Number(process.env.IDLE_MS);` },
    // options the analysis cannot read may hold a bound
    {
      nodeVersion: '24',
      code: `${HEAD}function start(opts) {\n  const server = http.createServer({ requestTimeout: 0, ...opts }, handler);\n  server.listen(3000);\n}`,
    },
    // exported: configured where the analysis cannot see
    {
      nodeVersion: '10',
      code: `import * as http from 'node:http';
export const server = http.createServer(handler);
server.setTimeout(0);`,
    },
    // Node 13: requestTimeout does not exist yet, so writing it changes nothing (default-server-timeout reports the server)
    { nodeVersion: '13', code: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;` },
    // not a server
    {
      nodeVersion: '16',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(0);`,
    },
    // a positive timeout is not switched off
    { nodeVersion: '10', code: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(10 * 60 * 1000);` },
  ],
  invalid: [
    {
      name: "incident 4's own fix on Node 10: setTimeout(0) leaves nothing",
      nodeVersion: '10',
      code: `${HEAD}const server = http.createServer(renderScreenshot);\nserver.setTimeout(0);\nserver.listen(3000);\n`,
      errors: [{ messageId: 'timeout', line: 3, column: 8 }],
      output: `${HEAD}const server = http.createServer(renderScreenshot);\nserver.setTimeout(600000);\nserver.listen(3000);\n`,
    },
    {
      name: 'server.timeout = 0 on Node 12',
      nodeVersion: '12.22.0',
      code: `${HEAD}const server = http.createServer(handler);\nserver.timeout = 0;\n`,
      errors: [{ messageId: 'timeout', line: 3 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.timeout = 600000;\n`,
    },
    {
      name: 'setTimeout(0, callback) on Node 16 keeps the callback',
      nodeVersion: '16',
      code: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(0, (socket) => socket.destroy());\n`,
      errors: [{ messageId: 'timeout' }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(600000, (socket) => socket.destroy());\n`,
    },
    {
      name: 'requestTimeout: 0 in the options on Node 24 (timeout is 0 by default)',
      nodeVersion: '24',
      code: `${HEAD}const server = http.createServer({ requestTimeout: 0 }, handler);\nserver.listen(3000);\n`,
      errors: [{ messageId: 'requestTimeout', line: 2, column: 36 }],
      output: `${HEAD}const server = http.createServer({ requestTimeout: 0 }, handler);\nserver.timeout = 600000;\nserver.listen(3000);\n`,
    },
    {
      name: 'server.requestTimeout = 0 on Node 18',
      nodeVersion: '18',
      code: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.listen(3000);\n`,
      errors: [{ messageId: 'requestTimeout', line: 3 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.timeout = 600000;\nserver.listen(3000);\n`,
    },
    {
      name: 'requestTimeout and headersTimeout both 0: two findings, two fixes',
      nodeVersion: '24',
      code: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.headersTimeout = 0;\n`,
      errors: [
        {
          messageId: 'requestTimeout',
          line: 3,
          fixes: [`${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.timeout = 600000;\nserver.headersTimeout = 0;\n`],
        },
        {
          messageId: 'headersTimeout',
          line: 4,
          fixes: [`${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.headersTimeout = 60000;\n`],
        },
      ],
      output: `${HEAD}const server = http.createServer(handler);\nserver.requestTimeout = 0;\nserver.timeout = 600000;\nserver.headersTimeout = 60000;\n`,
    },
    {
      name: 'keepAliveTimeout = 0 on Node 24: idle keep-alive connections are never closed',
      nodeVersion: '24',
      code: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 0;\n`,
      errors: [{ messageId: 'keepAliveTimeout', line: 3 }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.keepAliveTimeout = 0;\nserver.timeout = 600000;\n`,
    },
    {
      name: 'keepAliveTimeout: 0 in the options on Node 18',
      nodeVersion: '18',
      code: `${HEAD}const server = http.createServer({ keepAliveTimeout: 0 }, handler);\n`,
      errors: [{ messageId: 'keepAliveTimeout', line: 2 }],
      output: `${HEAD}const server = http.createServer({ keepAliveTimeout: 0 }, handler);\nserver.timeout = 600000;\n`,
    },
    {
      name: 'headersTimeout: 0 on Node 16 (no requestTimeout by default)',
      nodeVersion: '16',
      code: `${HEAD}const server = http.createServer({ headersTimeout: 0 }, handler);\nserver.timeout = 120000;\n`,
      errors: [{ messageId: 'headersTimeout', line: 2 }],
      output: `${HEAD}const server = http.createServer({ headersTimeout: 60000 }, handler);\nserver.timeout = 120000;\n`,
    },
    {
      name: 'a const that holds 0',
      nodeVersion: '20',
      code: `${HEAD}const NO_LIMIT = 0;\nconst server = http.createServer(handler);\nserver.requestTimeout = NO_LIMIT;\n`,
      errors: [{ messageId: 'requestTimeout', line: 4 }],
      output: `${HEAD}const NO_LIMIT = 0;\nconst server = http.createServer(handler);\nserver.requestTimeout = NO_LIMIT;\nserver.timeout = 600000;\n`,
    },
    {
      name: 'option idleTimeoutMs',
      nodeVersion: '10',
      options: { idleTimeoutMs: 900000 },
      code: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(0);\n`,
      errors: [{ messageId: 'timeout' }],
      output: `${HEAD}const server = http.createServer(handler);\nserver.setTimeout(900000);\n`,
    },
    {
      name: 'an unnamed server: reported without a fix',
      nodeVersion: '24',
      code: `${HEAD}http.createServer({ requestTimeout: 0 }, handler).listen(3000);\n`,
      errors: [{ messageId: 'requestTimeout', fixes: [] }],
      output: null,
    },
    {
      name: 'https, TypeScript, ESM',
      nodeVersion: '22',
      filename: 'case.ts',
      code: `import { createServer } from 'node:https';
const server = createServer({ key: '', cert: '' });
server.requestTimeout = 0;
`,
      errors: [{ messageId: 'requestTimeout', line: 3 }],
      output: `import { createServer } from 'node:https';
const server = createServer({ key: '', cert: '' });
server.requestTimeout = 0;
server.timeout = 600000;
`,
    },
  ],
});
