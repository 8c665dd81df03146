import rule from '../../server/src/rules/destroy-without-end';
import { ruleTests } from './ruleTester';

const relay = (body: string): string => `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n${body}});\n`;

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
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';\nconst s: net.Socket = net.connect(80);\ns.on('error', (err: Error) => { console.error(err.message); s.destroy(); });`,
    },
    // issue 9, untyped receivers: a type of the code's own with write/destroy is not a stream (types win)
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';\nclass Cache { write(key: string): void {} destroy(): void {} }\nconst c = new Cache();\nc.write('a');\nc.destroy();\nexport const n = net;`,
    },
    // an untyped receiver written and destroyed in an 'error' listener or a catch block: the failure path
    `const net = require('net');\nfunction attach(sock) {\n  sock.on('error', () => {\n    sock.write('bye');\n    sock.destroy();\n  });\n}`,
    `const http = require('http');\nfunction send(res, msg) {\n  try {\n    res.write(render(msg));\n  } catch (e) {\n    res.write('failed');\n    res.destroy();\n  }\n}`,
    // destroy(err) on an untyped receiver, and a write to something else before it
    `const http = require('http');\nfunction send(res, msg) {\n  res.write(msg);\n  res.destroy(new Error('aborted'));\n}`,
    `const http = require('http');\nfunction relay(log, res, msg) {\n  log.write(msg);\n  res.destroy();\n}`,
    // a response's connection destroyed in 'close' (also fires on a client abort), or later from a timer
    `const http = require('http');\nhttp.createServer((req, res) => {\n  res.on('close', () => req.socket.destroy());\n  res.end('ok');\n});`,
    `const http = require('http');\nhttp.createServer((req, res) => {\n  res.end('bye');\n  setTimeout(() => req.socket.destroy(), 5000).unref();\n});`,
    // the response already says Connection: close, so no client reuses the connection
    `const http = require('http');\nhttp.createServer((req, res) => {\n  res.setHeader('Connection', 'close');\n  res.on('finish', () => req.socket.destroy());\n  res.end('ok');\n});`,
    `const http = require('http');\nhttp.createServer((req, res) => {\n  res.writeHead(200, { connection: 'close' });\n  res.once('finish', () => res.socket.destroy());\n  res.end('ok');\n});`,
    // 'finish' of a file stream is not a response's
    `const fs = require('fs');\nconst net = require('net');\nconst out = fs.createWriteStream('a');\nconst s = net.connect(80);\ns.on('error', () => {});\nout.on('finish', () => s.destroy());`,
  ],
  invalid: [
    {
      name: "incident 3: pipeSocket destroys the peer on 'close'",
      code: `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', (chunk) => { to.write(chunk); });\n  from.on('close', () => { to.destroy(); });\n}\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n});\n`,
      errors: [
        {
          messageId: 'listener',
          line: 4,
          column: 31,
          fixes: [
            `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', (chunk) => { to.write(chunk); });\n  from.on('close', () => { to.end(); });\n}\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n});\n`,
          ],
        },
      ],
    },
    {
      name: "its own 'end' listener",
      code: `const net = require('net');\nconst s = net.connect(80);\ns.on('data', (d) => console.log(d));\ns.on('end', () => s.destroy());\n`,
      errors: [{ messageId: 'listener', line: 4, column: 21 }],
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
      errors: [
        {
          messageId: 'afterWrite',
          line: 4,
          fixes: [
            `const net = require('net');\nconst s = net.connect(80);\ns.end('QUIT\\r\\n');\n`,
            `const net = require('net');\nconst s = net.connect(80);\ns.write('QUIT\\r\\n');\ns.end();\n`,
          ],
        },
      ],
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
    {
      name: 'issue 9: an untyped parameter written then destroyed (decided from use)',
      code: `const http = require('http');\nfunction send(res, msg) {\n  res.write(msg);\n  res.destroy();\n}\n`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 4,
          fixes: [
            `const http = require('http');\nfunction send(res, msg) {\n  res.end(msg);\n}\n`,
            `const http = require('http');\nfunction send(res, msg) {\n  res.write(msg);\n  res.end();\n}\n`,
          ],
        },
      ],
    },
    {
      name: 'a client request written then destroyed',
      code: `const http = require('http');\nconst req = http.request('http://example.com', { method: 'POST' });\nreq.on('error', () => {});\nreq.write(JSON.stringify({ a: 1 }));\nreq.destroy();\n`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const http = require('http');\nconst req = http.request('http://example.com', { method: 'POST' });\nreq.on('error', () => {});\nreq.end(JSON.stringify({ a: 1 }));\n`,
    },
    {
      name: 'a file stream written then destroyed loses the last line',
      code: `const fs = require('fs');\nconst http = require('http');\nconst out = fs.createWriteStream('log.txt');\nout.write('last line\\n');\nout.destroy();\n`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const fs = require('fs');\nconst http = require('http');\nconst out = fs.createWriteStream('log.txt');\nout.end('last line\\n');\n`,
    },
    {
      name: 'this.socket written then destroyed in a method',
      code: `const net = require('net');\nclass Client {\n  quit() {\n    this.socket.write('QUIT\\r\\n');\n    this.socket.destroy();\n  }\n}\nmodule.exports = Client;\n`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const net = require('net');\nclass Client {\n  quit() {\n    this.socket.end('QUIT\\r\\n');\n  }\n}\nmodule.exports = Client;\n`,
    },
    {
      name: "issue 9: the request's connection destroyed in the response's 'finish' listener breaks keep-alive",
      code: `const http = require('http');\nhttp.createServer((req, res) => {\n  res.on('finish', () => req.socket.destroy());\n  res.end('ok');\n});\n`,
      errors: [
        {
          messageId: 'finishDestroy',
          line: 3,
          column: 37,
          fixes: [`const http = require('http');\nhttp.createServer((req, res) => {\n  res.setHeader('Connection', 'close');\n  res.end('ok');\n});\n`],
        },
      ],
    },
    {
      name: "'finish' listener in an untyped Express handler",
      code: `const express = require('express');\nconst app = express();\napp.get('/x', (req, res) => {\n  res.on('finish', () => {\n    req.socket.destroy();\n  });\n  res.send('ok');\n});\n`,
      errors: [{ messageId: 'finishDestroy', line: 5 }],
      output: `const express = require('express');\nconst app = express();\napp.get('/x', (req, res) => {\n  res.setHeader('Connection', 'close');\n  res.send('ok');\n});\n`,
    },
    {
      name: "'finish' listener registered after the head was sent: no fix (setHeader would throw)",
      code: `const http = require('http');\nhttp.createServer((req, res) => {\n  res.writeHead(200);\n  res.once('finish', () => res.connection.destroy());\n  res.end('ok');\n});\n`,
      errors: [{ messageId: 'finishDestroy', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: "'finish' listener that does more than destroy: no fix",
      code: `const http = require('http');\nhttp.createServer((req, res) => {\n  res.on('finish', () => {\n    console.log('sent');\n    req.socket.destroy();\n  });\n  res.end('ok');\n});\n`,
      errors: [{ messageId: 'finishDestroy', line: 5, fixes: [] }],
    },
    {
      name: 'destroy() right after res.end() cuts the response short',
      code: `const http = require('http');\nhttp.createServer((req, res) => {\n  res.end('bye');\n  req.socket.destroy();\n});\n`,
      errors: [
        {
          messageId: 'afterEnd',
          line: 4,
          fixes: [`const http = require('http');\nhttp.createServer((req, res) => {\n  res.setHeader('Connection', 'close');\n  res.end('bye');\n});\n`],
        },
      ],
    },
    {
      name: 'destroy() of an alias of req.socket after writeHead and end: reported without a fix',
      code: `const http = require('http');\nhttp.createServer((req, res) => {\n  const socket = req.socket;\n  res.writeHead(413, { 'content-type': 'text/plain' });\n  res.end('too large');\n  socket.destroy();\n});\n`,
      errors: [{ messageId: 'afterEnd', line: 6, fixes: [] }],
    },
    {
      name: 'TypeScript: a typed response, double quotes and no semicolons',
      filename: 'case.ts',
      code: `import * as http from "node:http"\nexport function reject(req: http.IncomingMessage, res: http.ServerResponse): void {\n  res.end("no")\n  res.socket?.destroy()\n}\n`,
      errors: [{ messageId: 'afterEnd', line: 4 }],
      output: `import * as http from "node:http"\nexport function reject(req: http.IncomingMessage, res: http.ServerResponse): void {\n  res.setHeader("Connection", "close")\n  res.end("no")\n}\n`,
    },
    {
      name: 'pixl-server-web: request and response taken from an untyped args object',
      code: `const http = require('http');
module.exports = {
  sendStaticResponse: function (args) {
    var self = this;
    var request = args.request;
    var response = args.response;
    response.on('finish', function () {
      self.finishRequest(args);
      if (!self.keepAlives || !request.headers.connection) {
        request.socket.destroy();
      }
    });
  },
};
`,
      errors: [
        {
          messageId: 'finishDestroy',
          line: 10,
          fixes: [],
        },
      ],
    },
    {
      name: 'primus: a JSDoc type that does not describe the value ({Response} has no write/destroy): the use decides',
      code: `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.write(message);
  res.destroy();
};
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 9,
          fixes: [
            `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.end(message);
};
`,
            `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.write(message);
  res.end();
};
`,
          ],
        },
      ],
    },
    {
      name: 'primus: end() in the other branch of an if is no fallback for the destroy',
      code: `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.write(message);
        res.destroy();
      }
    });
  };
};
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 13,
          fixes: [
            `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.end(message);
      }
    });
  };
};
`,
            `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.write(message);
        res.end();
      }
    });
  };
};
`,
          ],
        },
      ],
    },
  ],
});
