import rule from '../../server/src/rules/destroy-without-end';
import { ruleTests } from './ruleTester';

const relay = (body: string): string =>
  `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n${body}});\n`;

ruleTests(rule, {
  valid: [
    // rules.md: inside 'error' or 'timeout' listeners
    `const net = require('net');\nconst s = net.connect(80);\ns.on('error', (err) => {\n  console.error(err);\n  s.destroy();\n});`,
    `const net = require('net');\nconst s = net.connect(80);\ns.setTimeout(5000);\ns.on('timeout', () => s.destroy());`,
    // an 'error' listener that writes a last word first is still a failure path
    `const net = require('net');\nconst s = net.connect(80);\ns.on('error', () => {\n  s.write('bye');\n  s.destroy();\n});`,
    // rules.md: in catch blocks
    `const net = require('net');\nconst s = net.connect(80);\ns.on('data', (d) => {\n  try {\n    JSON.parse(d);\n  } catch (e) {\n    s.write('bad request');\n    s.destroy();\n  }\n});`,
    // rules.md: destroy(err) with an argument
    relay(`  client.on('end', () => upstream.destroy(new Error('client went away')));\n`),
    // rules.md: after end() was already called (a destroy fallback)
    relay(`  client.on('close', () => {\n    upstream.end();\n    upstream.destroy();\n  });\n`),
    `const net = require('net');\nconst s = net.connect(80);\ns.write('QUIT');\ns.end();\ns.destroy();`,
    // its own 'close' (already destroyed) and 'finish' (end() already called)
    `const net = require('net');\nconst s = net.connect(80);\ns.on('close', () => s.destroy());\ns.on('finish', () => s.destroy());`,
    // the failure branch of a 'close' listener
    relay(`  client.on('close', (hadError) => {\n    if (hadError) upstream.destroy();\n    else upstream.end();\n  });\n`),
    // not a graceful path: an ordinary function, a 'data' listener
    `const net = require('net');\nconst s = net.connect(80);\nfunction stop() { s.destroy(); }\ns.on('data', (d) => { if (d.length > 1e6) s.destroy(); });`,
    // untracked values (a parameter nobody passes a socket to)
    `function attach(x) { x.on('end', () => x.destroy()); }`,
    // a write to another socket before destroy
    relay(`  client.write('bye');\n  upstream.destroy();\n`),
    // destroy inside a timer started by the 'end' listener is a deadline, not the graceful path
    relay(`  client.on('end', () => {\n    upstream.end();\n    setTimeout(() => upstream.destroy(), 5000).unref();\n  });\n`),
    { filename: 'case.ts', code: `import * as net from 'node:net';\nconst s: net.Socket = net.connect(80);\ns.on('error', (err: Error) => { console.error(err.message); s.destroy(); });` },
  ],
  invalid: [
    {
      name: "incident 3: pipeSocket destroys the peer on 'close'",
      code: `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', (chunk) => { to.write(chunk); });\n  from.on('close', () => { to.destroy(); });\n}\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n});\n`,
      errors: [{
        messageId: 'listener',
        line: 4,
        column: 28,
        fixes: [`const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', (chunk) => { to.write(chunk); });\n  from.on('close', () => { to.end(); });\n}\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n});\n`],
      }],
    },
    {
      name: "its own 'end' listener",
      code: `const net = require('net');\nconst s = net.connect(80);\ns.on('data', (d) => console.log(d));\ns.on('end', () => s.destroy());\n`,
      errors: [{ messageId: 'listener', line: 4, column: 19 }],
      output: `const net = require('net');\nconst s = net.connect(80);\ns.on('data', (d) => console.log(d));\ns.on('end', () => s.end());\n`,
    },
    {
      name: "the peer's 'end' listener",
      code: relay(`  client.on('end', () => {\n    upstream.destroy();\n  });\n`),
      errors: [{ messageId: 'listener', line: 5 }],
      output: relay(`  client.on('end', () => {\n    upstream.end();\n  });\n`),
    },
    {
      name: "the peer's 'finish' listener",
      code: relay(`  client.once('finish', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 4 }],
      output: relay(`  client.once('finish', () => upstream.end());\n`),
    },
    {
      name: 'right after write: merge into end(chunk)',
      code: `const net = require('net');\nconst s = net.connect(80);\ns.write('QUIT\\r\\n');\ns.destroy();\n`,
      errors: [{
        messageId: 'afterWrite',
        line: 4,
        fixes: [
          `const net = require('net');\nconst s = net.connect(80);\ns.end('QUIT\\r\\n');\n`,
          `const net = require('net');\nconst s = net.connect(80);\ns.write('QUIT\\r\\n');\ns.end();\n`,
        ],
      }],
    },
    {
      name: 'right after write with an encoding, in a function',
      code: `const net = require('net');\nfunction reply(text) {\n  const s = net.connect(80);\n  s.on('error', () => {});\n  s.write(text, 'utf8');\n  s.destroy();\n}\n`,
      errors: [{ messageId: 'afterWrite', line: 6 }],
      output: `const net = require('net');\nfunction reply(text) {\n  const s = net.connect(80);\n  s.on('error', () => {});\n  s.end(text, 'utf8');\n}\n`,
    },
    {
      name: 'right after write with a callback: only end()',
      code: `const net = require('net');\nconst s = net.connect(80);\ns.write('x', () => {});\ns.destroy();\n`,
      errors: [{ messageId: 'afterWrite', fixes: [`const net = require('net');\nconst s = net.connect(80);\ns.write('x', () => {});\ns.end();\n`] }],
    },
    {
      name: 'chained listener registration',
      code: relay(`  client\n    .on('data', (c) => upstream.write(c))\n    .on('end', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 6 }],
      output: relay(`  client\n    .on('data', (c) => upstream.write(c))\n    .on('end', () => upstream.end());\n`),
    },
    {
      name: 'named function declaration as the listener',
      code: relay(`  function onEnd() {\n    upstream.destroy();\n  }\n  client.on('end', onEnd);\n`),
      errors: [{ messageId: 'listener', line: 5 }],
      output: relay(`  function onEnd() {\n    upstream.end();\n  }\n  client.on('end', onEnd);\n`),
    },
    {
      name: "'close' listener without a hadError check",
      code: relay(`  client.on('close', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 4 }],
      output: relay(`  client.on('close', () => upstream.end());\n`),
    },
    {
      name: 'an escaping socket: the destroy call is still visible here',
      code: `const net = require('net');\nconst open = [];\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  open.push(upstream);\n  client.on('end', () => upstream.destroy());\n});\n`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: `const net = require('net');\nconst open = [];\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  open.push(upstream);\n  client.on('end', () => upstream.end());\n});\n`,
    },
    {
      name: 'TypeScript, typed sockets',
      filename: 'case.ts',
      code: `import { Socket, connect } from 'node:net';\nconst a: Socket = connect(80);\nconst b: Socket = new Socket();\na.on('end', (): void => {\n  b.destroy();\n});\n`,
      errors: [{ messageId: 'listener', line: 5 }],
      output: `import { Socket, connect } from 'node:net';\nconst a: Socket = connect(80);\nconst b: Socket = new Socket();\na.on('end', (): void => {\n  b.end();\n});\n`,
    },
    {
      name: 'file style: double quotes, no semicolons',
      code: `const net = require("net")\nconst s = net.connect(80)\ns.write("bye")\ns.destroy()\n`,
      errors: [{ messageId: 'afterWrite' }],
      output: `const net = require("net")\nconst s = net.connect(80)\ns.end("bye")\n`,
    },
  ],
});
