import rule from '../../server/src/rules/missing-keepalive';
import { ruleTests } from './ruleTester';

const NET = `const net = require('net');\n`;
const relay = (setup: string) =>
  `${NET}net.createServer((client) => {\n  const upstream = net.connect(5432, 'db');\n${setup}  client.on('error', () => upstream.destroy());\n  upstream.on('error', () => client.destroy());\n  client.pipe(upstream).pipe(client);\n}).listen(6432);\n`;

ruleTests(rule, {
  valid: [
    // node-http-proxy's pairing: no idle timeout, TCP keep-alive on
    relay(`  client.setTimeout(0);\n  client.setKeepAlive(true, 30000);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(true);\n`),
    // keepAlive options (net.connect, net.createServer)
    `${NET}net.createServer({ keepAlive: true, keepAliveInitialDelay: 30000 }, (client) => {\n  const upstream = net.connect({ port: 5432, timeout: 0, keepAlive: true });\n  client.setTimeout(0);\n  client.pipe(upstream).pipe(client);\n});`,
    // a positive idle timeout bounds a dead peer
    relay(`  client.setTimeout(300000);\n  upstream.setTimeout(300000);\n`),
    // no idle timeout written at all: missing-socket-timeout reports that
    relay(''),
    // not relayed
    `${NET}const sock = net.connect(5432);\nsock.setTimeout(0);\nsock.on('data', (d) => console.log(d.length));`,
    `const fs = require('fs');\n${NET}net.createServer((client) => {\n  client.setTimeout(0);\n  client.pipe(fs.createWriteStream('capture.bin'));\n});`,
    // keep-alive from a value the analysis cannot compute, or set on \`this\` in a listener
    relay(
      `  client.setTimeout(0);\n  client.setKeepAlive(config.keepAlive, 30000);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(config.keepAlive, 30000);\n`,
    ),
    `${NET}net.createServer((client) => {\n  const upstream = net.connect(5432, function () { this.setKeepAlive(true); });\n  upstream.setTimeout(0);\n  client.setTimeout(0);\n  client.setKeepAlive(true);\n  client.pipe(upstream).pipe(client);\n});`,
    // a heartbeat written from an interval notices a dead peer
    `${NET}net.createServer((client) => {\n  const upstream = net.connect(5432);\n  client.setTimeout(0);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(true);\n  const t = setInterval(() => client.write('\\0'), 30000);\n  client.on('close', () => clearInterval(t));\n  client.pipe(upstream).pipe(client);\n});`,
    {
      name: 'handed to code the analysis cannot see',
      code: `import * as net from 'node:net';
import { track } from './registry';
net.createServer((client) => {
  const upstream = net.connect(5432);
  client.setTimeout(0);
  upstream.setTimeout(0);
  track(client, upstream);
  client.pipe(upstream).pipe(client);
});`,
    },
  ],
  invalid: [
    {
      name: 'both sides of a relay with their idle timeout switched off',
      code: relay(`  client.setTimeout(0);\n  upstream.setTimeout(0);\n`),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 10,
          fixes: [relay(`  client.setTimeout(0);\n  client.setKeepAlive(true, 60000);\n  upstream.setTimeout(0);\n`)],
        },
        {
          messageId: 'missing',
          line: 5,
          column: 12,
          fixes: [relay(`  client.setTimeout(0);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(true, 60000);\n`)],
        },
      ],
      output: relay(`  client.setTimeout(0);\n  client.setKeepAlive(true, 60000);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(true, 60000);\n`),
    },
    {
      name: "timeout: 0 at connect, a 'data' → write() relay",
      code: `${NET}net.createServer((client) => {\n  const upstream = net.connect({ port: 5432, timeout: 0 });\n  client.setTimeout(0);\n  client.setKeepAlive(true, 30000);\n  client.on('data', (c) => upstream.write(c));\n  upstream.on('data', (c) => client.write(c));\n});\n`,
      errors: [{ messageId: 'missing', line: 3, column: 46 }],
      output: `${NET}net.createServer((client) => {\n  const upstream = net.connect({ port: 5432, timeout: 0 });\n  upstream.setKeepAlive(true, 60000);\n  client.setTimeout(0);\n  client.setKeepAlive(true, 30000);\n  client.on('data', (c) => upstream.write(c));\n  upstream.on('data', (c) => client.write(c));\n});\n`,
    },
    {
      name: 'stream.pipeline relay',
      code: `${NET}const { pipeline } = require('stream');\nnet.createServer((client) => {\n  const upstream = net.connect(5432);\n  upstream.setKeepAlive(true);\n  client.setTimeout(0);\n  pipeline(client, upstream, client, () => {});\n});\n`,
      errors: [{ messageId: 'missing', line: 6 }],
      output: `${NET}const { pipeline } = require('stream');\nnet.createServer((client) => {\n  const upstream = net.connect(5432);\n  upstream.setKeepAlive(true);\n  client.setTimeout(0);\n  client.setKeepAlive(true, 60000);\n  pipeline(client, upstream, client, () => {});\n});\n`,
    },
    {
      name: 'setKeepAlive(false) and setKeepAlive() switch it off',
      code: relay(`  client.setTimeout(0);\n  client.setKeepAlive(false);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive();\n`),
      errors: [
        { messageId: 'missing', line: 4 },
        { messageId: 'missing', line: 6 },
      ],
      // The call that switches it off is the one turned on: a line added before it would be undone.
      output: relay(`  client.setTimeout(0);\n  client.setKeepAlive(true, 60000);\n  upstream.setTimeout(0);\n  upstream.setKeepAlive(true, 60000);\n`),
    },
    {
      name: 'option initialDelayMs',
      options: { initialDelayMs: 15000 },
      code: relay(`  client.setTimeout(0);\n  upstream.setKeepAlive(true);\n`),
      errors: [{ messageId: 'missing', line: 4 }],
      output: relay(`  client.setTimeout(0);\n  client.setKeepAlive(true, 15000);\n  upstream.setKeepAlive(true);\n`),
    },
    {
      name: 'TLS sockets',
      code: `const tls = require('tls');
tls.createServer({}, (client) => {
  const upstream = tls.connect(443, 'backend');
  upstream.setKeepAlive(true);
  client.setTimeout(0);
  client.pipe(upstream).pipe(client);
});
`,
      errors: [{ messageId: 'missing', line: 5 }],
      output: `const tls = require('tls');
tls.createServer({}, (client) => {
  const upstream = tls.connect(443, 'backend');
  upstream.setKeepAlive(true);
  client.setTimeout(0);
  client.setKeepAlive(true, 60000);
  client.pipe(upstream).pipe(client);
});
`,
    },
    {
      name: 'setTimeout(0) chained at creation: reported without a fix',
      code: `${NET}net.createServer((client) => {\n  client.setKeepAlive(true);\n  const upstream = net.connect(5432).setTimeout(0);\n  client.pipe(upstream).pipe(client);\n});\n`,
      errors: [{ messageId: 'missing', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'a client-side tunnel: two connections joined by hand',
      code: `${NET}const local = net.connect(8080);\nconst remote = net.connect(9090, 'tunnel.example.com');\nlocal.setTimeout(0);\nremote.setTimeout(0);\nremote.setKeepAlive(true, 10000);\nlocal.on('data', (d) => remote.write(d));\nremote.on('data', (d) => local.write(d));\n`,
      errors: [{ messageId: 'missing', line: 4 }],
      output: `${NET}const local = net.connect(8080);\nconst remote = net.connect(9090, 'tunnel.example.com');\nlocal.setTimeout(0);\nlocal.setKeepAlive(true, 60000);\nremote.setTimeout(0);\nremote.setKeepAlive(true, 10000);\nlocal.on('data', (d) => remote.write(d));\nremote.on('data', (d) => local.write(d));\n`,
    },
    {
      name: 'file style: double quotes, no semicolons',
      code: `const net = require("net")
net.createServer((client) => {
  const upstream = net.connect(5432, "db")
  upstream.setKeepAlive(true)
  client.setTimeout(0)
  client.pipe(upstream).pipe(client)
})
`,
      errors: [{ messageId: 'missing', line: 5 }],
      output: `const net = require("net")
net.createServer((client) => {
  const upstream = net.connect(5432, "db")
  upstream.setKeepAlive(true)
  client.setTimeout(0)
  client.setKeepAlive(true, 60000)
  client.pipe(upstream).pipe(client)
})
`,
    },
    {
      name: 'TypeScript',
      filename: 'case.ts',
      code: `import * as net from 'node:net';
net.createServer((client: net.Socket): void => {
  const upstream: net.Socket = net.connect(5432, 'db');
  upstream.setKeepAlive(true);
  client.setTimeout(0);
  client.pipe(upstream).pipe(client);
});
`,
      errors: [{ messageId: 'missing', line: 5 }],
      output: `import * as net from 'node:net';
net.createServer((client: net.Socket): void => {
  const upstream: net.Socket = net.connect(5432, 'db');
  upstream.setKeepAlive(true);
  client.setTimeout(0);
  client.setKeepAlive(true, 60000);
  client.pipe(upstream).pipe(client);
});
`,
    },
  ],
});
