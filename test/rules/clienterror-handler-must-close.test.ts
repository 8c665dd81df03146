import rule from '../../server/src/rules/clienterror-handler-must-close';
import { ruleTests } from './ruleTester';

const BAD_REQUEST = `'HTTP/1.1 400 Bad Request\\r\\n\\r\\n'`;

ruleTests(rule, {
  valid: [
    // Tests are not production (issue 9, shape 10)
    {
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  console.error('bad request', err.code);\n});\n`,
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
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => socket.destroy());`,
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  if (err.code === 'HPE_HEADER_OVERFLOW') socket.end('HTTP/1.1 431 Request Header Fields Too Large\\r\\n\\r\\n');\n  else socket.destroy(err);\n});`,
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => socket.resetAndDestroy());`,
    // closed later, from a callback inside the listener
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  setImmediate(() => socket.destroy());\n});`,
    // a same-file helper closes it
    `const http = require('http');\nfunction reject(s, status) {\n  s.end('HTTP/1.1 ' + status + '\\r\\n\\r\\n');\n}\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => reject(socket, 400));`,
    // handed to code the analysis cannot see: it may close it there
    `import * as http from 'node:http';\nimport { rejectSocket } from './errors';\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => rejectSocket(err, socket));`,
    // a handler the analysis cannot see
    `import * as http from 'node:http';\nimport { onClientError } from './errors';\nconst server = http.createServer();\nserver.on('clientError', onClientError);`,
    // rest parameters and \`arguments\`: the socket is used without its name
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (...args) => handle(args));`,
    `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', function () { log(arguments); });`,
    // not an http server: another emitter's event of the same name
    `const http = require('http');\nconst { EventEmitter } = require('events');\nconst bus = new EventEmitter();\nbus.on('clientError', (err, socket) => console.log(err));`,
    // a TLS server's 'tlsClientError' is another event (Node destroys that socket itself)
    `const tls = require('tls');\nconst server = tls.createServer({});\nserver.on('tlsClientError', (err, socket) => console.log(err));`,
    {
      filename: 'case.ts',
      code: `import * as http from 'node:http';\nexport function install(server: http.Server): void {\n  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {\n    socket.destroy();\n  });\n}`,
    },
  ],
  invalid: [
    {
      name: 'a listener that only logs',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  console.error('bad request', err.code);\n});\n`,
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
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, sock) => {\n  if (!sock.writable) return;\n  metrics.count('client_error');\n});\n`,
      errors: [{ messageId: 'noClose', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, sock) => {\n  if (!sock.writable) return;\n  metrics.count('client_error');\n  sock.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'no socket parameter: the fix adds it',
      code: `const http = require('http');\nhttp.createServer().on('clientError', (err) => log(err));\n`,
      errors: [{ messageId: 'noSocketParameter', line: 2, column: 24 }],
      output: `const http = require('http');\nhttp.createServer().on('clientError', (err, socket) => {\n  log(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'no socket parameter, arrow without parentheses',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', err => console.log(err));\n`,
      errors: [{ messageId: 'noSocketParameter' }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err, socket) => {\n  console.log(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'a function with no parameters',
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', function () { console.log('bad'); });\n`,
      errors: [{ messageId: 'noSocketParameter' }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', function (_err, socket) {\n  console.log('bad');\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: "the name 'socket' is taken inside the listener: no fix",
      code: `const http = require('http');\nconst server = http.createServer();\nserver.on('clientError', (err) => {\n  const socket = pool.pick();\n  socket.send(err.message);\n});\n`,
      errors: [{ messageId: 'noSocketParameter', fixes: [] }],
      output: null,
    },
    {
      name: 'a named function declaration',
      code: `const http = require('http');\nfunction onClientError(err, socket) {\n  logger.warn({ err }, 'client error');\n}\nconst server = http.createServer();\nserver.on('clientError', onClientError);\n`,
      errors: [{ messageId: 'noClose', line: 6 }],
      output: `const http = require('http');\nfunction onClientError(err, socket) {\n  logger.warn({ err }, 'client error');\n  socket.end(${BAD_REQUEST});\n}\nconst server = http.createServer();\nserver.on('clientError', onClientError);\n`,
    },
    {
      name: 'once() on an https server',
      code: `const https = require('https');\nconst server = https.createServer({});\nserver.once('clientError', (err, socket) => console.warn(err.code));\n`,
      errors: [{ messageId: 'noClose' }],
      output: `const https = require('https');\nconst server = https.createServer({});\nserver.once('clientError', (err, socket) => {\n  console.warn(err.code);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'ESM named import',
      code: `import { createServer } from 'node:http';\nconst server = createServer();\nserver.on('clientError', (err, socket) => {\n  console.error(err);\n});\n`,
      errors: [{ messageId: 'noClose' }],
      output: `import { createServer } from 'node:http';\nconst server = createServer();\nserver.on('clientError', (err, socket) => {\n  console.error(err);\n  socket.end(${BAD_REQUEST});\n});\n`,
    },
    {
      name: 'a typed server parameter in TypeScript',
      filename: 'case.ts',
      code: `import * as http from 'node:http';\nexport function install(server: http.Server): void {\n  server.on('clientError', (err: Error, socket) => {\n    console.error(err.message);\n  });\n}\n`,
      errors: [{ messageId: 'noClose', line: 3 }],
      output: `import * as http from 'node:http';\nexport function install(server: http.Server): void {\n  server.on('clientError', (err: Error, socket) => {\n    console.error(err.message);\n    socket.end(${BAD_REQUEST});\n  });\n}\n`,
    },
    {
      name: 'file style: double quotes, no semicolons',
      code: `const http = require("http")\nconst server = http.createServer()\nserver.on("clientError", (err, socket) => {\n  console.error("bad request", err)\n})\n`,
      errors: [{ messageId: 'noClose' }],
      output: `const http = require("http")\nconst server = http.createServer()\nserver.on("clientError", (err, socket) => {\n  console.error("bad request", err)\n  socket.end("HTTP/1.1 400 Bad Request\\r\\n\\r\\n")\n})\n`,
    },
  ],
});
