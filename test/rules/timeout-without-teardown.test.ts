import rule from '../../server/src/rules/timeout-without-teardown';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    // Options through variables (issue 9, shapes 4 and 8): the timeout read from a variable, with a listener that destroys
    `const http = require('http');\nlet options = { host: 'example.com', timeout: 5000 };\nconst req = http.request(options);\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nreq.end();\n`,
    `const http = require('http');\nconst req = http.request({ ...require('./defaults'), host: 'example.com' });\nreq.on('error', () => {});\nreq.end();\n`,
    // A same-file helper that bounds every socket it is given (each call's value is closed there).
    `const net = require('net');
function bound(socket) {
  socket.setTimeout(60000);
  socket.on('timeout', () => socket.destroy(new Error('idle timeout')));
  socket.on('error', () => {});
}
net.createServer((client) => {
  const upstream = net.connect(6000);
  bound(client);
  bound(upstream);
  client.pipe(upstream).pipe(client);
});`,
    // rules.md: the listener calls a same-file function that destroys/ends it
    `const net = require('net');\nfunction kill(s) { s.destroy(); }\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => kill(sock));`,
    `const net = require('net');\nconst sock = net.connect(80);\nfunction close() { sock.end(); }\nsock.setTimeout(1000);\nsock.on('timeout', close);`,
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000, () => sock.destroy());`,
    `const net = require('net');\nconst sock = net.connect({ port: 80, timeout: 1000 });\nsock.on('timeout', () => sock.end());`,
    // chained, `this` in a function listener
    `const net = require('net');\nnet.connect(80).setTimeout(1000).on('timeout', function () { this.destroy(); });`,
    `const http = require('http');\nconst req = http.request('http://example.com', { timeout: 5000 });\nreq.on('timeout', () => req.destroy(new Error('request timeout')));\nreq.on('error', () => {});\nreq.end();`,
    `const http = require('http');\nconst req = http.get('http://example.com');\nreq.setTimeout(5000, () => req.abort());`,
    `const http = require('http');\nconst req = http.get('http://example.com');\nreq.setTimeout(5000);\nreq.on('timeout', () => { req.socket.destroy(); });`,
    // the timeout is handled on the request's socket
    `const http = require('http');\nconst req = http.get('http://example.com', { timeout: 5000 });\nreq.on('socket', (s) => s.on('timeout', () => s.destroy()));`,
    // a server with no 'timeout' listener destroys idle sockets itself
    `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(5000);`,
    `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(5000);\nserver.on('timeout', (socket) => socket.destroy());`,
    // no timeout set: setTimeout(0) switches it off; a server listener with nothing that fires it
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(0);`,
    `const http = require('http');\nconst server = http.createServer();\nserver.on('timeout', (socket) => console.log('idle', socket.remoteAddress));`,
    // escaping: the caller may add the listener
    `const net = require('net');\nfunction open() {\n  const sock = net.connect(80);\n  sock.setTimeout(1000);\n  return sock;\n}`,
    // a handler the analysis cannot see
    `import * as net from 'node:net';\nimport { onTimeout } from './handlers';\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', onTimeout);`,
    // httpxy's req.socket.setTimeout(ms) in a request handler: Node's own 'timeout' listener on an http
    // server's socket destroys it when no request, response or server 'timeout' listener takes it
    // (checked on Node 20: the idle client saw the close after the timeout)
    {
      filename: 'case.ts',
      code: `import type { IncomingMessage, ServerResponse } from 'node:http';\nexport function timeout(req: IncomingMessage, res: ServerResponse, ms: number): void {\n  req.socket.setTimeout(ms);\n}`,
    },
    // sockets of an http server: the server handles their timeout
    `const http = require('http');\nconst server = http.createServer();\nserver.on('connection', (socket) => socket.setTimeout(10000));`,
    {
      filename: 'case.ts',
      code: `import * as http from 'node:http';\nconst req: http.ClientRequest = http.request({ host: 'example.com', timeout: 5_000 });\nreq.on('timeout', (): void => { req.destroy(); });\nreq.end();`,
    },
    {
      name: "a keep-alive agent's timeout with a 'timeout' listener that destroys the request",
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: 5000 });
const req = http.get({ host: 'example.com', agent });
req.on('timeout', () => req.destroy(new Error('request timeout')));
req.on('error', () => {});
`,
    },
    {
      // issue 11: reported by missing-request-timeout (the request has no bound of its own), not twice
      name: "a keep-alive agent's timeout and no 'timeout' listener at all: missing-request-timeout's finding",
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: 5000 });
const req = http.get({ host: 'example.com', agent });
req.on('error', () => {});
`,
    },
    {
      name: "an agentkeepalive agent destroys a timed-out active socket itself when the request has no 'timeout' listener",
      code: `const http = require('http');
const Agent = require('agentkeepalive');
const agent = new Agent({ timeout: 30000 });
const req = http.get({ host: 'example.com', agent });
req.on('error', () => {});
`,
    },
    {
      name: 'an agent without a timeout sets none',
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true });
const req = http.get({ host: 'example.com', agent });
req.on('error', () => {});
`,
    },
    {
      name: 'an agent whose timeout is 0',
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: 0 });
const req = http.get({ host: 'example.com', agent });
req.on('error', () => {});
`,
    },
    {
      name: 'an agent from another module: its options cannot be read',
      code: `const http = require('http');
const { agent } = require('./agents');
const req = http.get({ host: 'example.com', agent });
req.on('error', () => {});
`,
    },
    {
      name: "a timeout in a const options object, with a 'timeout' listener that destroys",
      code: `const http = require('http');
const opts = { host: 'example.com', timeout: 5000 };
const req = http.request(opts);
req.on('timeout', () => req.destroy());
req.on('error', () => {});
req.end();
`,
    },
    {
      name: 'options changed by a call the analysis cannot follow',
      code: `const net = require('net');
const options = { port: 80, timeout: 10000 };
configure(options);
const sock = net.connect(options);
sock.on('error', () => {});
`,
    },
  ],
  invalid: [
    // Options through variables (issue 9, shapes 4 and 8)
    {
      name: 'a timeout assigned to the options object before the request, no listener',
      code: `const http = require('http');\nconst options = { host: 'example.com' };\noptions.timeout = 5000;\nconst req = http.request(options);\nreq.on('error', () => {});\nreq.end();\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');\nconst options = { host: 'example.com' };\noptions.timeout = 5000;\nconst req = http.request(options);\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', () => {});\nreq.end();\n`,
    },
    {
      name: 'a timeout spread from a same-file object, no listener',
      code: `const http = require('http');\nconst base = { timeout: 5000 };\nconst req = http.request({ ...base, host: 'example.com' });\nreq.on('error', () => {});\nreq.end();\n`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: 'socket.setTimeout with no listener',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\n`,
      errors: [
        {
          messageId: 'socket',
          line: 3,
          column: 6,
          fixes: [`const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.destroy();\n});\n`],
        },
      ],
    },
    {
      name: 'with an error listener the fix passes an Error',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.on('error', (err) => console.error(err.message));\nsock.setTimeout(30000);\n`,
      errors: [{ messageId: 'socket', line: 4 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.on('error', (err) => console.error(err.message));\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.destroy(new Error('socket timeout'));\n});\n`,
    },
    {
      name: 'timeout option on net.connect',
      code: `const net = require('net');\nconst sock = net.connect({ port: 80, timeout: 5000 });\nsock.write('hi');\n`,
      errors: [{ messageId: 'socket', line: 2, column: 38 }],
      output: `const net = require('net');\nconst sock = net.connect({ port: 80, timeout: 5000 });\nsock.on('timeout', () => {\n  sock.destroy();\n});\nsock.write('hi');\n`,
    },
    {
      name: 'timeout option on http.request',
      code: `const http = require('http');\nconst req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());\nreq.on('error', (err) => console.error(err));\nreq.end();\n`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `const http = require('http');\nconst req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', (err) => console.error(err));\nreq.end();\n`,
    },
    {
      name: 'a listener that only logs',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  console.log('idle');\n});\n`,
      errors: [{ messageId: 'listener', line: 4, column: 9 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  console.log('idle');\n  sock.destroy();\n});\n`,
    },
    {
      name: 'a setTimeout callback that only logs (expression body)',
      code: `const http = require('http');\nconst req = http.get('http://example.com');\nreq.on('error', () => {});\nreq.setTimeout(5000, () => console.warn('slow upstream'));\n`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const http = require('http');\nconst req = http.get('http://example.com');\nreq.on('error', () => {});\nreq.setTimeout(5000, () => {\n  console.warn('slow upstream');\n  req.destroy(new Error('request timeout'));\n});\n`,
    },
    {
      name: 'server.setTimeout with a callback that does not close',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(60000, (socket) => {\n  console.log('idle', socket.remoteAddress);\n});\n`,
      errors: [{ messageId: 'server', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(60000, (socket) => {\n  console.log('idle', socket.remoteAddress);\n  socket.destroy();\n});\n`,
    },
    {
      name: "server 'timeout' listener without the socket parameter: no fix",
      code: `const http = require('http');\nconst server = http.createServer();\nserver.timeout = 30000;\nserver.on('timeout', () => console.log('idle'));\n`,
      errors: [{ messageId: 'server', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'Node 12: the default 120 s server timeout fires the listener',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('timeout', (sock) => console.log('idle'));\n`,
      nodeVersion: '12.22.0',
      errors: [{ messageId: 'server', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('timeout', (sock) => {\n  console.log('idle');\n  sock.destroy();\n});\n`,
    },
    {
      name: 'chained, unnamed: no fix',
      code: `const net = require('net');\nnet.connect(80).setTimeout(1000);\n`,
      errors: [{ messageId: 'socket', fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function',
      code: `const net = require('net');\nfunction arm(s) {\n  s.setTimeout(5000);\n}\nconst sock = net.connect(80);\narm(sock);\n`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const net = require('net');\nfunction arm(s) {\n  s.setTimeout(5000);\n  s.on('timeout', () => {\n    s.destroy();\n  });\n}\nconst sock = net.connect(80);\narm(sock);\n`,
    },
    {
      name: 'one-line function body is laid out one statement per line',
      code: `const net = require('net');\nfunction arm(s) { s.setTimeout(5000); }\narm(net.connect(80));\n`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `const net = require('net');\nfunction arm(s) {\n  s.setTimeout(5000);\n  s.on('timeout', () => {\n    s.destroy();\n  });\n}\narm(net.connect(80));\n`,
    },
    {
      name: 'one-line listener body',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => { console.log('idle'); });\n`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  console.log('idle');\n  sock.destroy();\n});\n`,
    },
    {
      name: 'accepted by a net server',
      code: `const net = require('net');\nnet.createServer((client) => {\n  client.setTimeout(10000);\n  client.on('timeout', () => client.emit('idle'));\n}).listen(7000);\n`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const net = require('net');\nnet.createServer((client) => {\n  client.setTimeout(10000);\n  client.on('timeout', () => {\n    client.emit('idle');\n    client.destroy();\n  });\n}).listen(7000);\n`,
    },
    {
      name: 'TypeScript request, file style without semicolons',
      filename: 'case.ts',
      code: `import * as https from 'node:https'\nconst req: import('node:http').ClientRequest = https.request('https://example.com')\nreq.setTimeout(2_000)\nreq.end()\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `import * as https from 'node:https'\nconst req: import('node:http').ClientRequest = https.request('https://example.com')\nreq.setTimeout(2_000)\nreq.on('timeout', () => {\n  req.destroy()\n})\nreq.end()\n`,
    },
    {
      name: 'issue 9: the timeout option read from a const options object',
      code: `const http = require('http');
const opts = { host: 'example.com', timeout: 5000 };
const req = http.request(opts);
req.on('error', () => {});
req.end();
`,
      errors: [
        {
          messageId: 'request',
          line: 2,
          fixes: [
            `const http = require('http');
const opts = { host: 'example.com', timeout: 5000 };
const req = http.request(opts);
req.on('timeout', () => {
  req.destroy(new Error('request timeout'));
});
req.on('error', () => {});
req.end();
`,
          ],
        },
      ],
    },
    {
      name: "an https agent with a timeout and a 'timeout' listener that only logs",
      code: `const https = require('https');
const agent = new https.Agent({ keepAlive: true, timeout: 5000 });
const req = https.get('https://example.com/', { agent }, (res) => res.resume());
req.on('timeout', () => console.warn('idle'));
`,
      errors: [
        {
          messageId: 'listener',
          line: 4,
          fixes: [
            `const https = require('https');
const agent = new https.Agent({ keepAlive: true, timeout: 5000 });
const req = https.get('https://example.com/', { agent }, (res) => res.resume());
req.on('timeout', () => {
  console.warn('idle');
  req.destroy();
});
`,
          ],
        },
      ],
    },
    {
      name: 'a net.connect timeout from a const options object',
      code: `const net = require('net');
const options = { port: 80, host: 'example.com', timeout: 10000 };
const sock = net.connect(options);
sock.on('error', () => {});
`,
      errors: [
        {
          messageId: 'socket',
          line: 2,
          fixes: [
            `const net = require('net');
const options = { port: 80, host: 'example.com', timeout: 10000 };
const sock = net.connect(options);
sock.on('timeout', () => {
  sock.destroy(new Error('socket timeout'));
});
sock.on('error', () => {});
`,
          ],
        },
      ],
    },
  ],
});
