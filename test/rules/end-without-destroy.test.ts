import rule from '../../server/src/rules/end-without-destroy';
import { ruleTests } from './ruleTester';

// An http server lengthening its connections' idle timeout (lighthouse-ci's server); `more` adds other code.
const httpConnectionTimeout = (more: string): string => `const http = require('http');
const server = http.createServer((req, res) => {
${more}  res.end('ok');
});
server.on('connection', (socket) => {
  socket.setTimeout(20 * 60 * 1000);
  socket.on('timeout', () => {
    console.log('socket timed out');
    socket.end();
  });
});
server.listen(9001);
`;

ruleTests(rule, {
  valid: [
    {
      name: "end() in the 'timeout' listener of an http server's own connection: Node's server destroys it when nothing else listens",
      code: httpConnectionTimeout(''),
    },
    {
      // (node-red-contrib-telegrambot's isHostReachable.)
      name: 'a connect deadline: a timer cleared in the connect callback and on error, so it fires only on a socket still connecting',
      code: `const net = require('net');
function isHostReachable(host, port, timeout) {
  return new Promise(function (resolve, reject) {
    const timer = setTimeout(function () {
      reject('timeout');
      socket.end();
    }, timeout);
    const socket = net.createConnection(port, host, function () {
      clearTimeout(timer);
      resolve();
      socket.end();
    });
    socket.on('error', function (err) {
      clearTimeout(timer);
      reject(err);
    });
  });
}
module.exports = isHostReachable;
`,
    },
    {
      name: "a connect deadline cleared in a 'connect' listener",
      code: `const net = require('net');
function probe(port, host, done) {
  const socket = net.connect(port, host);
  const deadline = setTimeout(() => { socket.end(); done(false); }, 3000);
  socket.once('connect', () => { clearTimeout(deadline); socket.end(); done(true); });
  socket.on('error', () => { clearTimeout(deadline); done(false); });
}
module.exports = probe;
`,
    },
    {
      // wildduck, after its fix: end() first, destroy() when the peer does not close in time.
      name: 'an idle timeout whose path through the methods also destroys the socket (a close timer)',
      code: `class Pop3Connection {
  constructor(server, socket) {
    this._server = server;
    this._socket = socket;
  }
  init() {
    this._socket.on('error', (err) => this._server.emit('error', err));
    this._socket.setTimeout(60000, () => this._onTimeout());
  }
  send(line) {
    if (!this._socket.destroyed) this._socket.write(line + '\\r\\n');
  }
  _onTimeout() {
    this.send('-ERR Disconnected for inactivity');
    this.close();
  }
  close() {
    if (!this._socket.destroyed && this._socket.writable) {
      this._socket.end();
      this._closeTimer = setTimeout(() => this._socket.destroy(), 1500);
    }
  }
}
module.exports = Pop3Connection;`,
    },
    {
      name: "an idle timeout whose callback re-emits 'timeout' to the owner's users: they may close it",
      code: `class Session extends require('events') {
  constructor(socket) {
    super();
    this.socket = socket;
    this.socket.setTimeout(30000, () => this.onIdle());
  }
  onIdle() {
    this.emit('timeout');
    this.quit();
  }
  quit() {
    this.socket.end();
  }
}
module.exports = Session;`,
    },
    {
      name: 'a global timer (setTimeout(fn, ms) on window) whose callback ends a socket: no idle timeout',
      code: `class Client {
  constructor(socket) {
    this.socket = socket;
    window.setTimeout(() => this.quit(), 30000);
  }
  quit() {
    this.socket.end();
  }
}
module.exports = Client;`,
    },
    {
      name: "an idle timeout whose callback ends another field's stream (a log file), not the socket",
      code: `class Session {
  constructor(socket, log) {
    this.socket = socket;
    this.log = log;
    this.socket.setTimeout(30000, () => this.flush());
  }
  flush() {
    this.log.end();
  }
}
module.exports = Session;`,
    },
    {
      name: "end() in the 'timeout' listener of a socket that never gets a timeout: the listener cannot run",
      code: `const net = require('net');
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.createConnection({ host: 'example.com', port: 80 });
  upstream.on('error', () => { upstream.destroy(); client.destroy(); });
  upstream.on('timeout', () => { upstream.end(); client.end(); });
  upstream.once('connect', () => { client.pipe(upstream); upstream.pipe(client); });
}).listen(1080);`,
    },
    {
      name: "a request's timeout callback that ends its socket and destroys the request",
      code: `const http = require('http');
const req = http.get('http://example.com/');
req.on('error', () => {});
req.setTimeout(5000, () => {
  req.socket.end();
  req.destroy();
});
`,
    },
    {
      name: "a call's deadline that ends one response on an untyped stream (a gRPC server's HTTP/2 stream): not known to be a socket",
      code: `const http2 = require('http2');
class Call {
  constructor(stream, timeout) {
    this.stream = stream;
    this.stream.on('data', (d) => this.onMessage(d));
    this.deadlineTimer = setTimeout(() => this.sendStatus({ code: 4 }), timeout);
  }
  sendStatus(status) {
    this.stream.end();
  }
  onEnd() {
    clearTimeout(this.deadlineTimer);
  }
}
module.exports = { Call, http2 };`,
    },
    {
      name: 'a deadline timer whose path destroys the socket',
      code: `const net = require('net');
function Ws(port, host) {
  this._stream = net.connect(port, host);
  this._stream.on('error', () => {});
  this._stream.on('data', (d) => this.parse(d));
}
Ws.prototype.close = function () {
  const self = this;
  this.sendCloseFrame();
  this._closeTimer = setTimeout(function () {
    self._beginClose();
  }, 30000);
};
Ws.prototype._beginClose = function () {
  if (this._stream) this._stream.destroy();
};
Ws.prototype.onCloseFrame = function () {
  clearTimeout(this._closeTimer);
  this._beginClose();
};
module.exports = Ws;
`,
    },
    {
      name: 'a timer nobody cancels is a delay, not a deadline waiting for the peer',
      code: `const net = require('net');
function Ws(port, host) {
  this._stream = net.connect(port, host);
  this._stream.on('error', () => {});
  this._stream.on('data', (d) => this.parse(d));
}
Ws.prototype.close = function () {
  const self = this;
  this.sendCloseFrame();
  this._closeTimer = setTimeout(function () {
    self._beginClose();
  }, 30000);
};
Ws.prototype._beginClose = function () {
  if (this._stream) this._stream.end();
};
Ws.prototype.onCloseFrame = function () {
  this._beginClose();
};
module.exports = Ws;
`,
    },
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
    `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
sock.on('timeout', () => sock.destroy());`,
    {
      name: 'end() first, then a destroy fallback on a timer: the graceful close gets a deadline',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.end();
  setTimeout(() => sock.destroy(), 5000).unref();
});`,
    },
    `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000, () => {
  sock.end('QUIT\\r\\n');
  sock.destroySoon();
});`,
    {
      name: "a socket's own 'error' is emitted while Node destroys it: end() there is a no-op",
      code: `const net = require('net');
const sock = net.connect(80);
sock.on('error', () => sock.end());`,
    },
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
    {
      name: 'a relay peer ended when the other side fails: that peer has not gone silent, end() closes it gracefully',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(6000);
  client.on('error', () => upstream.end());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream).pipe(client);
});`,
    },
    `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(6000);
  client.setTimeout(60000);
  client.on('timeout', () => {
    client.destroy();
    upstream.end();
  });
  client.pipe(upstream).pipe(client);
});`,
    {
      name: 'end() on a graceful path',
      code: `const net = require('net');
const sock = net.connect(80);
sock.on('end', () => sock.end());`,
    },
    `const http = require('http');
const server = http.createServer();
server.setTimeout(60000, (socket) => socket.destroy());`,
    {
      name: "another 'timeout' listener of the same socket destroys it",
      code: `const net = require('net');
function open() {
  const s = net.connect(80);
  s.setTimeout(1000);
  s.on('timeout', () => s.end('QUIT\\r\\n'));
  s.on('timeout', () => setTimeout(() => s.destroy(), 1000));
  return s;
}`,
    },
    {
      name: "an untyped parameter with a 'timeout' listener but no idle timeout set here: nothing says it is a socket",
      code: `function watch(job) {
  job.on('timeout', () => job.end());
}
module.exports = watch;`,
    },
    // a typed object that is not a socket
    {
      filename: 'case.ts',
      code: `import { EventEmitter } from 'node:events';
class Job extends EventEmitter {
  setTimeout(ms: number): void { setTimeout(() => this.emit('timeout'), ms); }
  end(): void {}
}
const job = new Job();
job.setTimeout(1000);
job.on('timeout', () => job.end());`,
    },
    {
      name: 'a same-file helper destroys it after ending',
      code: `const net = require('net');
function close(s) {
  s.end();
  s.destroy();
}
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => close(sock));`,
    },
    {
      name: 'the response of a request timeout is not a socket',
      code: `const http = require('http');
http.createServer((req, res) => {
  req.setTimeout(1000, () => res.end('timeout'));
});`,
    },
    {
      name: 'end() in a nested callback that is not a timer runs on another path',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  sock.write('PING');
  sock.once('data', (d) => { if (String(d) === 'BYE') sock.end(); });
});`,
    },
    {
      name: 'a deadline kept by a timer destroys it anyway',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => sock.end());
const deadline = setTimeout(() => sock.destroy(), 60000);
sock.on('close', () => clearTimeout(deadline));`,
    },
  ],
  invalid: [
    {
      name: "the same connection, with a response that listens for 'timeout': Node then leaves the socket to the code",
      code: httpConnectionTimeout("  res.setTimeout(60000, () => console.log('slow response'));\n"),
      errors: [{ messageId: 'socket', line: 10 }],
    },
    {
      name: "the same connection, with a server 'timeout' listener: Node then leaves the socket to the code",
      code: httpConnectionTimeout('') + "server.on('timeout', (s) => console.log('timeout', s.remoteAddress));\n",
      errors: [{ messageId: 'socket', line: 9 }],
    },
    {
      name: 'a deadline cleared on connect and armed again for the answer: when it fires the socket may be connected',
      code: `const net = require('net');
function ask(port, host, question, done) {
  let timer = setTimeout(() => socket.end(), 3000);
  const socket = net.connect(port, host, () => {
    clearTimeout(timer);
    socket.write(question);
    timer = setTimeout(() => socket.end(), 3000);
  });
  socket.on('data', (d) => { clearTimeout(timer); done(null, d); });
  socket.on('error', (err) => { clearTimeout(timer); done(err); });
}
module.exports = ask;
`,
      errors: [
        { messageId: 'throughTimer', line: 3, fixes: [] },
        { messageId: 'throughTimer', line: 7, fixes: [] },
      ],
    },
    {
      // wildduck's POP3 connection, before its fix.
      name: "an idle timeout whose callback reaches the socket's end() only through the class's methods",
      code: `class Pop3Connection {
  constructor(server, socket) {
    this._server = server;
    this._socket = socket;
  }
  init() {
    this._socket.on('error', (err) => this._server.emit('error', err));
    this._socket.setTimeout(60000, () => this._onTimeout());
  }
  send(line) {
    if (!this._socket.destroyed) this._socket.write(line + '\\r\\n');
  }
  _onTimeout() {
    this.send('-ERR Disconnected for inactivity');
    this.close();
  }
  close() {
    if (!this._socket.destroyed && this._socket.writable) {
      this._socket.end();
    }
  }
}
module.exports = Pop3Connection;`,
      errors: [{ messageId: 'throughIdleTimeout', line: 19, fixes: [] }],
    },
    {
      name: "end() in the 'timeout' listener of a socket that does get a timeout",
      code: `const net = require('net');
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.createConnection({ host: 'example.com', port: 80 });
  upstream.setTimeout(30000);
  upstream.on('error', () => { upstream.destroy(); client.destroy(); });
  upstream.on('timeout', () => { upstream.end(); client.end(); });
  upstream.once('connect', () => { client.pipe(upstream); upstream.pipe(client); });
}).listen(1080);`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: "a request's timeout callback ends the socket its 'socket' listener stored (typed-rest-client)",
      filename: 'case.ts',
      code: `import * as http from 'http';
export function send(httpModule: any, options: http.RequestOptions, onResult: (err: Error | null) => void): void {
  let socket: any;
  const req: http.ClientRequest = httpModule.request(options, () => onResult(null));
  req.on('socket', (sock) => {
    socket = sock;
  });
  req.setTimeout(180000, () => {
    if (socket) {
      socket.end();
    }
    onResult(new Error('Request timeout'));
  });
  req.on('error', (err) => onResult(err));
  req.end();
}
`,
      errors: [{ messageId: 'socket', line: 10 }],
      output: `import * as http from 'http';
export function send(httpModule: any, options: http.RequestOptions, onResult: (err: Error | null) => void): void {
  let socket: any;
  const req: http.ClientRequest = httpModule.request(options, () => onResult(null));
  req.on('socket', (sock) => {
    socket = sock;
  });
  req.setTimeout(180000, () => {
    if (socket) {
      socket.destroy();
    }
    onResult(new Error('Request timeout'));
  });
  req.on('error', (err) => onResult(err));
  req.end();
}
`,
    },
    {
      name: "a request's timeout callback ends req.socket",
      code: `const http = require('http');
const req = http.get('http://example.com/');
req.on('error', () => {});
req.setTimeout(5000, () => {
  req.socket.end();
});
`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `const http = require('http');
const req = http.get('http://example.com/');
req.on('error', () => {});
req.setTimeout(5000, () => {
  req.socket.destroy();
});
`,
    },
    {
      name: 'a close-handshake deadline (a timer cleared when the peer answers) whose path only end()s the socket (faye-websocket)',
      code: `const net = require('net');
function Ws(port, host) {
  this._stream = net.connect(port, host);
  this._stream.on('error', () => {});
  this._stream.on('data', (d) => this.parse(d));
}
Ws.prototype.close = function () {
  const self = this;
  this.sendCloseFrame();
  this._closeTimer = setTimeout(function () {
    self._beginClose();
  }, 30000);
};
Ws.prototype._beginClose = function () {
  if (this._stream) this._stream.end();
};
Ws.prototype.onCloseFrame = function () {
  clearTimeout(this._closeTimer);
  this._beginClose();
};
module.exports = Ws;
`,
      errors: [{ messageId: 'throughTimer', line: 15, fixes: [] }],
    },
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
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.end();
});
`,
      errors: [{ messageId: 'socket', line: 5, column: 8 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.destroy();
});
`,
    },
    {
      name: 'the setTimeout callback',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000, () => sock.end());
`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000, () => sock.destroy());
`,
    },
    {
      name: 'end(lastChunk): destroy once it is flushed',
      code: `const net = require('net');
const sock = net.connect(25);
sock.setTimeout(30000);
sock.on('timeout', () => sock.end('421 idle\\r\\n'));
`,
      errors: [{ messageId: 'socket', line: 4 }],
      output: `const net = require('net');
const sock = net.connect(25);
sock.setTimeout(30000);
sock.on('timeout', () => sock.end('421 idle\\r\\n', () => sock.destroy()));
`,
    },
    {
      name: 'write(last) then end() in a setTimeout callback: merged, so the last chunk is not dropped',
      code: `const net = require('net');
const sock = net.connect(25, 'mail');
sock.on('error', () => {});
sock.setTimeout(30000, () => {
  sock.write('QUIT\\r\\n');
  sock.end();
});
`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const net = require('net');
const sock = net.connect(25, 'mail');
sock.on('error', () => {});
sock.setTimeout(30000, () => {
  sock.end('QUIT\\r\\n', () => sock.destroy());
});
`,
    },
    {
      name: 'end(chunk, callback): reported, no fix',
      code: `const net = require('net');
const sock = net.connect(25);
sock.setTimeout(30000);
sock.on('timeout', () => sock.end('421 idle\\r\\n', () => console.log('sent')));
`,
      errors: [{ messageId: 'socket', fixes: [] }],
      output: null,
    },
    {
      name: '`this` in a function listener, chained',
      code: `const net = require('net');
net.connect(80).setTimeout(1000).on('timeout', function () { this.end(); });
`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `const net = require('net');
net.connect(80).setTimeout(1000).on('timeout', function () { this.destroy(); });
`,
    },
    {
      name: "server.setTimeout's callback ends the idle socket",
      code: `const http = require('http');
const server = http.createServer();
server.setTimeout(60000, (socket) => socket.end());
`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const http = require('http');
const server = http.createServer();
server.setTimeout(60000, (socket) => socket.destroy());
`,
    },
    {
      name: "a server 'timeout' listener",
      code: `const http = require('http');
const server = http.createServer();
server.timeout = 30000;
server.on('timeout', (socket) => {
  console.log('idle', socket.remoteAddress);
  socket.end();
});
`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const http = require('http');
const server = http.createServer();
server.timeout = 30000;
server.on('timeout', (socket) => {
  console.log('idle', socket.remoteAddress);
  socket.destroy();
});
`,
    },
    {
      name: "a request's 'timeout' listener: end() does not abort it",
      code: `const http = require('http');
const req = http.request('http://example.com', { timeout: 5000 });
req.on('timeout', () => req.end());
req.on('error', () => {});
`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');
const req = http.request('http://example.com', { timeout: 5000 });
req.on('timeout', () => req.destroy());
req.on('error', () => {});
`,
    },
    {
      name: 'a socket accepted by a net server',
      code: `const net = require('net');
net.createServer((client) => {
  client.setTimeout(10000);
  client.on('timeout', () => {
    client.write('timeout\\n');
    client.end();
  });
}).listen(7000);
`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `const net = require('net');
net.createServer((client) => {
  client.setTimeout(10000);
  client.on('timeout', () => {
    client.end('timeout\\n', () => client.destroy());
  });
}).listen(7000);
`,
    },
    {
      name: 'end() deferred by a timer inside the handler is still the failure path',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  setImmediate(() => sock.end());
});
`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  setImmediate(() => sock.destroy());
});
`,
    },
    {
      name: 'a returned socket: the handler is still wrong',
      code: `const net = require('net');
function open() {
  const s = net.connect(80);
  s.setTimeout(1000);
  s.on('timeout', () => s.end());
  return s;
}
`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `const net = require('net');
function open() {
  const s = net.connect(80);
  s.setTimeout(1000);
  s.on('timeout', () => s.destroy());
  return s;
}
`,
    },
    {
      name: 'an untyped parameter used as a socket (sip.js stream transport)',
      code: `function init(stream, remote, onMessage) {
  var refs = 0;
  stream.on('data', (d) => onMessage(d, stream));
  stream.on('timeout', function() { if (refs === 0) stream.end(); });
  stream.setTimeout(120000);
}
module.exports = init;
require('net');
`,
      errors: [{ messageId: 'socket', line: 4, column: 60 }],
      output: `function init(stream, remote, onMessage) {
  var refs = 0;
  stream.on('data', (d) => onMessage(d, stream));
  stream.on('timeout', function() { if (refs === 0) stream.destroy(); });
  stream.setTimeout(120000);
}
module.exports = init;
require('net');
`,
    },
    {
      name: "a Duplex typed parameter (an 'upgrade' socket), this in a function listener",
      filename: 'case.ts',
      code: `import type { Duplex } from 'node:stream';
import * as http from 'node:http';
export function tunnel(req: http.IncomingMessage, socket: Duplex & { setTimeout(ms: number): void }): void {
  socket.setTimeout(30_000);
  socket.on('timeout', function (this: Duplex) {
    this.end();
  });
}
`,
      errors: [{ messageId: 'socket', line: 6 }],
      output: `import type { Duplex } from 'node:stream';
import * as http from 'node:http';
export function tunnel(req: http.IncomingMessage, socket: Duplex & { setTimeout(ms: number): void }): void {
  socket.setTimeout(30_000);
  socket.on('timeout', function (this: Duplex) {
    this.destroy();
  });
}
`,
    },
    {
      name: 'TypeScript, TLS socket, no semicolons',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls'
const sock: tls.TLSSocket = tls.connect(443, 'example.com')
sock.setTimeout(15_000)
sock.on('timeout', (): void => {
  sock.end()
})
`,
      errors: [{ messageId: 'socket', line: 5 }],
      output: `import * as tls from 'node:tls'
const sock: tls.TLSSocket = tls.connect(443, 'example.com')
sock.setTimeout(15_000)
sock.on('timeout', (): void => {
  sock.destroy()
})
`,
    },
  ],
});
