import rule from '../../server/src/rules/clienterror-handler-must-close';
import { ruleTests } from './ruleTester';

const BAD_REQUEST = `'HTTP/1.1 400 Bad Request\\r\\n\\r\\n'`;

ruleTests(rule, {
  valid: [
    // Tests are not production (issue 9, shape 10)
    {
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => {
  console.error('bad request', err.code);
});
`,
      filename: '__tests__/server.js',
      name: "a test's own server",
    },
    // Node's documented handler: skip sockets already gone, else answer 400 and end.
    `const http = require('http');
const server = http.createServer((req, res) => res.end());
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    return;
  }
  socket.end(${BAD_REQUEST});
});`,
    `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => socket.destroy());`,
    `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => {
  if (err.code === 'HPE_HEADER_OVERFLOW') socket.end('HTTP/1.1 431 Request Header Fields Too Large\\r\\n\\r\\n');
  else socket.destroy(err);
});`,
    `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => socket.resetAndDestroy());`,
    {
      name: 'closed later, from a callback inside the listener',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => {
  setImmediate(() => socket.destroy());
});`,
    },
    {
      name: 'a same-file helper closes it',
      code: `const http = require('http');
function reject(s, status) {
  s.end('HTTP/1.1 ' + status + '\\r\\n\\r\\n');
}
const server = http.createServer();
server.on('clientError', (err, socket) => reject(socket, 400));`,
    },
    {
      name: 'handed to code the analysis cannot see: it may close it there',
      code: `import * as http from 'node:http';
import { rejectSocket } from './errors';
const server = http.createServer();
server.on('clientError', (err, socket) => rejectSocket(err, socket));`,
    },
    {
      name: 'a handler the analysis cannot see',
      code: `import * as http from 'node:http';
import { onClientError } from './errors';
const server = http.createServer();
server.on('clientError', onClientError);`,
    },
    {
      name: 'rest parameters and \\`arguments\\`: the socket is used without its name',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (...args) => handle(args));`,
    },
    `const http = require('http');
const server = http.createServer();
server.on('clientError', function () { log(arguments); });`,
    {
      name: "not an http server: another emitter's event of the same name",
      code: `const http = require('http');
const { EventEmitter } = require('events');
const bus = new EventEmitter();
bus.on('clientError', (err, socket) => console.log(err));`,
    },
    {
      name: "a TLS server's 'tlsClientError' is another event (Node destroys that socket itself)",
      code: `const tls = require('tls');
const server = tls.createServer({});
server.on('tlsClientError', (err, socket) => console.log(err));`,
    },
    {
      filename: 'case.ts',
      code: `import * as http from 'node:http';
export function install(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    socket.destroy();
  });
}`,
    },
  ],
  invalid: [
    {
      name: 'a listener that only logs',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, socket) => {
  console.error('bad request', err.code);
});
`,
      errors: [{ messageId: 'noClose', line: 3, column: 11 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  console.error('bad request', err.code);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'writes a response but never ends',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  socket.write(${BAD_REQUEST});\n});\n`,
      errors: [{ messageId: 'noClose', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  socket.write(${BAD_REQUEST});\n  socket.end();\n});\n`,
    },
    {
      name: 'checks writable but never closes',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (err, sock) => {
  if (!sock.writable) return;
  metrics.count('client_error');
});
`,
      errors: [{ messageId: 'noClose', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, sock) => {\n  if (!sock.writable) return;\n  metrics.count('client_error');\n  sock.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'no socket parameter: the fix adds it',
      code: `const http = require('http');
http.createServer().on('clientError', (err) => log(err));
`,
      errors: [{ messageId: 'noSocketParameter', line: 2, column: 24 }],
      output: `const http = require('http');\nhttp.createServer().on('clientError', (err, socket) => {\n  log(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'no socket parameter, arrow without parentheses',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', err => console.log(err));
`,
      errors: [{ messageId: 'noSocketParameter' }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  console.log(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'a function with no parameters',
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', function () { console.log('bad'); });
`,
      errors: [{ messageId: 'noSocketParameter' }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', function (_err, socket) {\n  console.log('bad');\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: "the name 'socket' is taken inside the listener: no fix",
      code: `const http = require('http');
const server = http.createServer();
server.on('clientError', (err) => {
  const socket = pool.pick();
  socket.send(err.message);
});
`,
      errors: [{ messageId: 'noSocketParameter', fixes: [] }],
      output: null,
    },
    {
      name: 'a named function declaration',
      code: `const http = require('http');
function onClientError(err, socket) {
  logger.warn({ err }, 'client error');
}
const server = http.createServer();
server.on('clientError', onClientError);
`,
      errors: [{ messageId: 'noClose', line: 6 }],
      output: `const http = require('http');\nfunction onClientError(err, socket) {\n  logger.warn({ err }, 'client error');\n  socket.end(${BAD_REQUEST});\n}\nconst server = http.createServer();\nserver.on('clientError', onClientError);\n`,
    },
    {
      name: 'once() on an https server',
      code: `const https = require('https');
const server = https.createServer({});
server.once('clientError', (err, socket) => console.warn(err.code));
`,
      errors: [{ messageId: 'noClose' }],
      output: `const https = require('https');\nconst server = https.createServer({});\nserver.once('clientError', (err, socket) => {\n  console.warn(err.code);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'ESM named import',
      code: `import { createServer } from 'node:http';
const server = createServer();
server.on('clientError', (err, socket) => {
  console.error(err);
});
`,
      errors: [{ messageId: 'noClose' }],
      output: `import { createServer } from 'node:http';\nconst server = createServer();\nserver.on('clientError', (err, socket) => {\n  console.error(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'a typed server parameter in TypeScript',
      filename: 'case.ts',
      code: `import * as http from 'node:http';
export function install(server: http.Server): void {
  server.on('clientError', (err: Error, socket) => {
    console.error(err.message);
  });
}
`,
      errors: [{ messageId: 'noClose', line: 3 }],
      output: `import * as http from 'node:http';\nexport function install(server: http.Server): void {\n  server.on('clientError', (err: Error, socket) => {\n    console.error(err.message);\n    socket.end(${BAD_REQUEST});\n  });\n}\n`,
    },
    {
      name: 'file style: double quotes, no semicolons',
      code: `const http = require("http")
const server = http.createServer()
server.on("clientError", (err, socket) => {
  console.error("bad request", err)
})
`,
      errors: [{ messageId: 'noClose' }],
      output: `const http = require("http")
const server = http.createServer()
server.on("clientError", (err, socket) => {
  console.error("bad request", err)
  socket.end("HTTP/1.1 400 Bad Request\\r\\n\\r\\n")
})
`,
    },
  ],
});
