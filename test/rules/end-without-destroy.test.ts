import rule from '../../server/src/rules/end-without-destroy';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    // The close helper a 'timeout' handler calls ends the socket, then destroys it if the FIN never comes.
    {
      code: `import { Socket } from 'net';
export class Client {
  private socket?: Socket;
  connect(host: string) {
    const socket = new Socket();
    this.socket = socket;
    socket.setTimeout(30000);
    socket.on('error', () => this.close());
    socket.once('timeout', () => this.close());
    socket.connect(21, host);
  }
  close() {
    this.socket?.end();
    setTimeout(() => this.socket?.destroy(), 1000).unref();
  }
}`,
      filename: 'case.ts',
    },
    // A helper two calls away destroys it.
    `const net = require('net');
function Client() {}
Client.prototype.connect = function (port) {
  const self = this;
  this.sock = net.connect(port);
  this.sock.on('error', () => {});
  this.sock.setTimeout(10000);
  this.sock.on('timeout', function () {
    self.fail(new Error('idle'));
  });
};
Client.prototype.fail = function (err) {
  this.emit('error', err);
  this.teardown();
};
Client.prototype.teardown = function () {
  this.sock.destroy();
};
module.exports = Client;`,
    // An http server's socket: Node destroys it on timeout unless the request, response or server listens.
    `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('connection', (socket) => {
  socket.on('timeout', () => finish(socket));
});
function finish(socket) {
  socket.end();
}
server.listen(8080);`,
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\nsock.on('timeout', () => sock.destroy());`,
    // end() first, then a destroy fallback on a timer: the graceful close gets a deadline
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.end();\n  setTimeout(() => sock.destroy(), 5000).unref();\n});`,
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000, () => {\n  sock.end('QUIT\\r\\n');\n  sock.destroySoon();\n});`,
    // a socket's own 'error' is emitted while Node destroys it: end() there is a no-op
    `const net = require('net');\nconst sock = net.connect(80);\nsock.on('error', () => sock.end());`,
    // a relay whose 'close' listener tears the peer down (it runs right after 'error')
    `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(6000);
  client.on('error', () => upstream.end());
  client.on('close', () => upstream.destroy());
  client.pipe(upstream);
});`,
    // the peer has its own idle timeout that destroys it
    `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(6000);
  upstream.setTimeout(60000);
  upstream.on('timeout', () => upstream.destroy());
  client.on('error', () => upstream.end());
  client.pipe(upstream);
});`,
    // a relay peer ended when the other side fails: that peer has not gone silent, end() closes it gracefully
    `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(6000);\n  client.on('error', () => upstream.end());\n  upstream.on('error', () => client.destroy());\n  client.pipe(upstream).pipe(client);\n});`,
    `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(6000);\n  client.setTimeout(60000);\n  client.on('timeout', () => {\n    client.destroy();\n    upstream.end();\n  });\n  client.pipe(upstream).pipe(client);\n});`,
    // end() on a graceful path
    `const net = require('net');\nconst sock = net.connect(80);\nsock.on('end', () => sock.end());`,
    `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(60000, (socket) => socket.destroy());`,
    // another 'timeout' listener of the same socket destroys it
    `const net = require('net');\nfunction open() {\n  const s = net.connect(80);\n  s.setTimeout(1000);\n  s.on('timeout', () => s.end('QUIT\\r\\n'));\n  s.on('timeout', () => setTimeout(() => s.destroy(), 1000));\n  return s;\n}`,
    // an untyped parameter with a 'timeout' listener but no idle timeout set here: nothing says it is a socket
    `function watch(job) {\n  job.on('timeout', () => job.end());\n}\nmodule.exports = watch;`,
    // a typed object that is not a socket
    {
      filename: 'case.ts',
      code: `import { EventEmitter } from 'node:events';\nclass Job extends EventEmitter {\n  setTimeout(ms: number): void { setTimeout(() => this.emit('timeout'), ms); }\n  end(): void {}\n}\nconst job = new Job();\njob.setTimeout(1000);\njob.on('timeout', () => job.end());`,
    },
    // a same-file helper destroys it after ending
    `const net = require('net');\nfunction close(s) {\n  s.end();\n  s.destroy();\n}\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => close(sock));`,
    // the response of a request timeout is not a socket
    `const http = require('http');\nhttp.createServer((req, res) => {\n  req.setTimeout(1000, () => res.end('timeout'));\n});`,
    // end() in a nested callback that is not a timer runs on another path
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  sock.write('PING');\n  sock.once('data', (d) => { if (String(d) === 'BYE') sock.end(); });\n});`,
    // a deadline kept by a timer destroys it anyway
    `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => sock.end());\nconst deadline = setTimeout(() => sock.destroy(), 60000);\nsock.on('close', () => clearTimeout(deadline));`,
  ],
  invalid: [
    {
      name: "a 'timeout' listener reaching end() only through the class's close methods",
      filename: 'case.ts',
      code: `import { Socket } from 'net';
export class Client {
  private socket?: Socket;
  connect(host: string) {
    const socket = new Socket();
    this.socket = socket;
    socket.setTimeout(30000);
    socket.on('error', (err) => this.closeWithError(err));
    socket.once('timeout', () => this.closeWithError(new Error('timeout')));
    socket.connect(21, host);
  }
  closeWithError(err: Error) {
    console.error(err.message);
    this.closeSocket(this.socket);
  }
  private closeSocket(socket: Socket | undefined) {
    if (socket) socket.end();
  }
}
`,
      errors: [
        {
          messageId: 'throughCall',
          line: 9,
          fixes: [
            `import { Socket } from 'net';
export class Client {
  private socket?: Socket;
  connect(host: string) {
    const socket = new Socket();
    this.socket = socket;
    socket.setTimeout(30000);
    socket.on('error', (err) => this.closeWithError(err));
    socket.once('timeout', () => {
      socket.destroy();
      this.closeWithError(new Error('timeout'));
    });
    socket.connect(21, host);
  }
  closeWithError(err: Error) {
    console.error(err.message);
    this.closeSocket(this.socket);
  }
  private closeSocket(socket: Socket | undefined) {
    if (socket) socket.end();
  }
}
`,
          ],
        },
      ],
    },
    {
      name: "a prototype method ends the socket a 'timeout' listener hands to it",
      code: `const net = require('net');
function Client() {}
Client.prototype.connect = function (port) {
  const self = this;
  this.sock = net.connect(port);
  this.sock.on('error', () => {});
  this.sock.setTimeout(10000);
  this.sock.on('timeout', function () {
    self.shutdown();
  });
};
Client.prototype.shutdown = function () {
  this.sock.end();
};
module.exports = Client;
`,
      errors: [{ messageId: 'throughCall', line: 9, fixes: [] }],
    },
    {
      name: "end() in a socket's 'timeout' listener",
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.end();\n});\n`,
      errors: [{ messageId: 'socket', line: 5, column: 8 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.destroy();\n});\n`,
    },
    {
      name: 'the setTimeout callback',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000, () => sock.end());\n`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000, () => sock.destroy());\n`,
    },
    {
      name: 'end(lastChunk): destroy once it is flushed',
      code: `const net = require('net');\nconst sock = net.connect(25);\nsock.setTimeout(30000);\nsock.on('timeout', () => sock.end('421 idle\\r\\n'));\n`,
      errors: [{ messageId: 'socket', line: 4 }],
      output: `const net = require('net');\nconst sock = net.connect(25);\nsock.setTimeout(30000);\nsock.on('timeout', () => sock.end('421 idle\\r\\n', () => sock.destroy()));\n`,
    },
    {
      name: 'write(last) then end() in a setTimeout callback: merged, so the last chunk is not dropped',
      code: `const net = require('net');\nconst sock = net.connect(25, 'mail');\nsock.on('error', () => {});\nsock.setTimeout(30000, () => {\n  sock.write('QUIT\\r\\n');\n  sock.end();\n});\n`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const net = require('net');\nconst sock = net.connect(25, 'mail');\nsock.on('error', () => {});\nsock.setTimeout(30000, () => {\n  sock.end('QUIT\\r\\n', () => sock.destroy());\n});\n`,
    },
    {
      name: 'end(chunk, callback): reported, no fix',
      code: `const net = require('net');\nconst sock = net.connect(25);\nsock.setTimeout(30000);\nsock.on('timeout', () => sock.end('421 idle\\r\\n', () => console.log('sent')));\n`,
      errors: [{ messageId: 'socket', fixes: [] }],
      output: null,
    },
    {
      name: '`this` in a function listener, chained',
      code: `const net = require('net');\nnet.connect(80).setTimeout(1000).on('timeout', function () { this.end(); });\n`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `const net = require('net');\nnet.connect(80).setTimeout(1000).on('timeout', function () { this.destroy(); });\n`,
    },
    {
      name: "server.setTimeout's callback ends the idle socket",
      code: `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(60000, (socket) => socket.end());\n`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.setTimeout(60000, (socket) => socket.destroy());\n`,
    },
    {
      name: "a server 'timeout' listener",
      code: `const http = require('http');\nconst server = http.createServer();\nserver.timeout = 30000;\nserver.on('timeout', (socket) => {\n  console.log('idle', socket.remoteAddress);\n  socket.end();\n});\n`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const http = require('http');\nconst server = http.createServer();\nserver.timeout = 30000;\nserver.on('timeout', (socket) => {\n  console.log('idle', socket.remoteAddress);\n  socket.destroy();\n});\n`,
    },
    {
      name: "a request's 'timeout' listener: end() does not abort it",
      code: `const http = require('http');\nconst req = http.request('http://example.com', { timeout: 5000 });\nreq.on('timeout', () => req.end());\nreq.on('error', () => {});\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');\nconst req = http.request('http://example.com', { timeout: 5000 });\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\n`,
    },
    {
      name: 'a socket accepted by a net server',
      code: `const net = require('net');\nnet.createServer((client) => {\n  client.setTimeout(10000);\n  client.on('timeout', () => {\n    client.write('timeout\\n');\n    client.end();\n  });\n}).listen(7000);\n`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const net = require('net');\nnet.createServer((client) => {\n  client.setTimeout(10000);\n  client.on('timeout', () => {\n    client.end('timeout\\n', () => client.destroy());\n  });\n}).listen(7000);\n`,
    },
    {
      name: 'end() deferred by a timer inside the handler is still the failure path',
      code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  setImmediate(() => sock.end());\n});\n`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(1000);\nsock.on('timeout', () => {\n  setImmediate(() => sock.destroy());\n});\n`,
    },
    {
      name: 'a returned socket: the handler is still wrong',
      code: `const net = require('net');\nfunction open() {\n  const s = net.connect(80);\n  s.setTimeout(1000);\n  s.on('timeout', () => s.end());\n  return s;\n}\n`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `const net = require('net');\nfunction open() {\n  const s = net.connect(80);\n  s.setTimeout(1000);\n  s.on('timeout', () => s.destroy());\n  return s;\n}\n`,
    },
    {
      name: 'an untyped parameter used as a socket (sip.js stream transport)',
      code: `function init(stream, remote, onMessage) {\n  var refs = 0;\n  stream.on('data', (d) => onMessage(d, stream));\n  stream.on('timeout', function() { if (refs === 0) stream.end(); });\n  stream.setTimeout(120000);\n}\nmodule.exports = init;\nrequire('net');\n`,
      errors: [{ messageId: 'socket', line: 4, column: 60 }],
      output: `function init(stream, remote, onMessage) {\n  var refs = 0;\n  stream.on('data', (d) => onMessage(d, stream));\n  stream.on('timeout', function() { if (refs === 0) stream.destroy(); });\n  stream.setTimeout(120000);\n}\nmodule.exports = init;\nrequire('net');\n`,
    },
    {
      name: "a Duplex typed parameter (an 'upgrade' socket), this in a function listener",
      filename: 'case.ts',
      code: `import type { Duplex } from 'node:stream';\nimport * as http from 'node:http';\nexport function tunnel(req: http.IncomingMessage, socket: Duplex & { setTimeout(ms: number): void }): void {\n  socket.setTimeout(30_000);\n  socket.on('timeout', function (this: Duplex) {\n    this.end();\n  });\n}\n`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `import type { Duplex } from 'node:stream';\nimport * as http from 'node:http';\nexport function tunnel(req: http.IncomingMessage, socket: Duplex & { setTimeout(ms: number): void }): void {\n  socket.setTimeout(30_000);\n  socket.on('timeout', function (this: Duplex) {\n    this.destroy();\n  });\n}\n`,
    },
    {
      name: 'TypeScript, TLS socket, no semicolons',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls'\nconst sock: tls.TLSSocket = tls.connect(443, 'example.com')\nsock.setTimeout(15_000)\nsock.on('timeout', (): void => {\n  sock.end()\n})\n`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `import * as tls from 'node:tls'\nconst sock: tls.TLSSocket = tls.connect(443, 'example.com')\nsock.setTimeout(15_000)\nsock.on('timeout', (): void => {\n  sock.destroy()\n})\n`,
    },
  ],
});
