import rule from '../../server/src/rules/timeout-without-teardown';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    {
      name: "a 'timeout' listener kept in a field as it is added, that destroys the request",
      code: `const http = require('http');
function get(url, done) {
  const req = http.get(url, { timeout: 5000 }, (res) => done(null, res));
  req.on('error', done);
  req.on('timeout', this._onTimeout = () => req.destroy(new Error('timeout')));
}
module.exports = get;
`,
    },
    {
      name: "a 'timeout' listener that rejects a promise whose .catch() destroys the request",
      code: `const http = require('http');
function status(url) {
  let req;
  return new Promise((resolve, reject) => {
    req = http.get(url, { timeout: 5000 }, resolve);
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('timed out')));
  }).catch((err) => {
    req.destroy();
    throw err;
  });
}
module.exports = status;
`,
    },
    {
      name: "a 'timeout' listener that rejects a promise awaited in a try whose catch ends the process",
      code: `const net = require('net');
async function main() {
  const socket = net.connect({ port: 9000, timeout: 5000 });
  socket.on('error', (e) => console.error(e));
  try {
    await new Promise((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('timeout', () => reject(new Error('connect timed out')));
    });
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
  socket.write('hello');
}
main();
`,
    },
    {
      name: "a 'timeout' handler that closes through helpers with a computed method: this._socket[closeMethod]() (smtp-connection)",
      code: `const net = require('net');
function Connection(options) {
  this._socket = net.connect(options.port, options.host);
  this._socket.on('error', (err) => this._onError(err));
  this._socket.setTimeout(60000);
  this._socket.on('timeout', this._onTimeout.bind(this));
}
Connection.prototype._onTimeout = function () {
  return this._onError(new Error('Timeout'));
};
Connection.prototype._onError = function (err) {
  console.error(err.message);
  this.close();
};
Connection.prototype.close = function () {
  let closeMethod = 'end';
  if (this.stage === 'init') closeMethod = 'destroy';
  this._socket[closeMethod]();
};
module.exports = Connection;`,
    },
    {
      // mongodb's connect: the chained 'timeout' listener rejects; the awaiting try's catch destroys the socket.
      name: "a chained 'timeout' listener that rejects a promise the function awaits in a try whose catch destroys the socket",
      filename: 'connect.ts',
      code: `import * as net from 'node:net';
function withResolvers<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}
export async function ready(socket: net.Socket, connectTimeoutMS: number): Promise<net.Socket> {
  socket.setTimeout(connectTimeoutMS);
  const { promise, resolve, reject } = withResolvers<net.Socket>();
  socket
    .once('connect', () => resolve(socket))
    .on('timeout', () => reject(new Error('connect timed out')));
  try {
    return await promise;
  } catch (error) {
    socket.destroy();
    throw error;
  }
}`,
    },
    {
      // node-opcua-transport: an empty setTimeout callback beside a chained 'timeout' listener that terminates.
      name: "an empty setTimeout callback next to a chained 'timeout' listener whose method destroys the socket",
      code: `class Transport {
  install(socket) {
    this._socket = socket;
    this._socket.setKeepAlive(true);
    this._socket.setTimeout(this.timeout, () => { });
    this._socket
      .on('data', (data) => this.onData(data))
      .on('error', (err) => this.onError(err))
      .on('timeout', () => this.onTimeout());
  }
  terminate(err) {
    if (this._socket) {
      const s = this._socket;
      this._socket = null;
      s.destroy(err);
    }
  }
  onTimeout() { this.terminate(new Error('socket timeout')); }
  onData() {}
  onError() {}
}
module.exports = Transport;`,
    },
    {
      name: "a request with a socket timeout and a deadline timer of the code's own that destroys it (@spotlightjs/sidecar)",
      code: `import { get } from 'node:http';
export const isRunning = (port) => new Promise((_resolve) => {
  let timeoutId = null;
  const healthReq = get({ hostname: 'localhost', port, path: '/health', timeout: 1000 }, (res) => resolve(res.statusCode === 200));
  const destroyHealthReq = () => !healthReq.destroyed && healthReq.destroy(new Error('Request timed out.'));
  function resolve(value) { if (timeoutId) clearTimeout(timeoutId); _resolve(value); }
  timeoutId = setTimeout(destroyHealthReq, 2000);
  timeoutId.unref();
  healthReq.on('error', () => resolve(false));
  healthReq.end();
});`,
      filename: 'case.mjs',
    },
    {
      name: 'a request whose deadline timer is written inline',
      code: `const http = require('http');
module.exports = function ping(port, cb) {
  const req = http.get({ port, timeout: 1000 }, (res) => cb(null, res.statusCode));
  const timer = setTimeout(() => req.destroy(new Error('deadline')), 3000);
  req.on('error', (err) => { clearTimeout(timer); cb(err); });
};`,
    },
    {
      // no-kafka: the 'timeout' listener calls a prototype method that ends the field's socket.
      name: "the listener calls a prototype method that ends the field's socket (this.socket there)",
      code: `var net = require('net');
function Connection(options) { this.options = options; this.connected = false; }
Connection.prototype.connect = function () {
  var self = this;
  return new Promise(function (resolve, reject) {
    self.socket = net.connect(self.options.port, self.options.host, function () { self.connected = true; resolve(); });
    self.socket.setTimeout(self.options.socketTimeout);
    self.socket.on('timeout', function () { self._disconnect(new Error('Socket timeout')); });
    self.socket.on('error', function (err) { reject(err); self._disconnect(err); });
  });
};
Connection.prototype._disconnect = function (err) {
  if (!this.connected) return;
  this.socket.end();
  this.connected = false;
};
module.exports = Connection;`,
    },
    {
      // redis: the handler's method ends the client through \`this.end()\`, which another module adds to the prototype.
      name: "the listener reaches the owner's own end(), defined in another module, on the object that keeps the socket",
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events');
function Client(options) { EventEmitter.call(this); this.options = options; this.create_stream(); }
util.inherits(Client, EventEmitter);
Client.prototype.create_stream = function () {
  var self = this;
  this.stream = net.createConnection(this.options);
  this.stream.setTimeout(this.options.connect_timeout, function () { self.connection_gone('timeout'); });
  this.stream.on('error', function (err) { self.emit('error', err); });
};
Client.prototype.connection_gone = function (why) {
  this.connected = false;
  this.end(false);
};
module.exports = Client;`,
    },
    {
      // node-cubrid, after its fix: the constructor's socket and the connected one share the field.
      name: "a field given a new socket in a method after the constructor's: the listener destroys the field's socket",
      code: `var net = require('net');
function Conn() { this._socket = new net.Socket(); }
Conn.prototype.open = function (callback) {
  var self = this;
  self._socket = net.createConnection(33000, 'db');
  self._socket.setTimeout(5000);
  self._socket.on('timeout', function () {
    self._socket.destroy();
    callback(new Error('connection timeout'));
  });
  self._socket.on('error', function (err) { callback(err); });
};
module.exports = Conn;`,
    },
    {
      name: 'a timeout by default with a listener that destroys the request',
      code: `const https = require('https');
class Client {
  constructor(defaults) {
    this.defaults = Object.assign({ timeout: 10000 }, defaults);
  }
  send(body) {
    return new Promise((resolve, reject) => {
      const options = Object.assign({}, this.defaults, { method: 'POST' });
      const req = https.request(options, (res) => resolve(res));
      req.on('timeout', () => {
        req.destroy(new Error('request timeout'));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
module.exports = Client;
`,
    },
    {
      name: 'defaults that switch the timeout off (timeout: 0)',
      code: `const https = require('https');
class Client {
  constructor(defaults) {
    this.defaults = Object.assign({ timeout: 0 }, defaults);
  }
  send(body) {
    return new Promise((resolve, reject) => {
      const options = Object.assign({}, this.defaults, { method: 'POST' });
      const req = https.request(options, (res) => resolve(res));
      req.on('error', reject);
      req.end(body);
    });
  }
}
module.exports = Client;
`,
    },
    {
      name: "an escaping request whose handler emits an event that a same-file listener turns into a destroy (axios' abort emitter)",
      code: `const http = require('http');
const { EventEmitter } = require('events');
module.exports = function send(options, timeout, onRequest) {
  const abortEmitter = new EventEmitter();
  const req = http.request(options);
  onRequest(req);
  abortEmitter.once('abort', (err) => req.destroy(err));
  req.on('error', () => {});
  req.setTimeout(timeout, function handleTimeout() {
    abortEmitter.emit('abort', new Error('timeout'));
  });
  req.end();
};`,
    },
    {
      name: 'a socket parameter whose handler passes it to a function the analysis cannot see',
      code: `const { teardown } = require('./teardown');
module.exports = function setup(socket) {
  socket.setTimeout(30000);
  socket.on('timeout', () => teardown(socket));
  socket.on('data', (d) => socket.write(d));
};`,
    },
    {
      name: "a socket parameter whose handler re-emits 'timeout' on the owner, as Node's http client does",
      code: `const EventEmitter = require('events');
class Conn extends EventEmitter {
  attach(socket) {
    this.socket = socket;
    socket.on('data', (d) => this.emit('data', d));
    socket.setTimeout(10000, () => this.emit('timeout'));
  }
}
module.exports = Conn;`,
    },
    {
      name: "a socket parameter whose handler calls the caller's callback: the caller holds the socket",
      code: `module.exports = function watch(stream, timeout, done) {
  stream.on('data', () => {});
  stream.setTimeout(timeout, () => done(new Error('timed out')));
};`,
    },
    {
      name: 'this.socket whose handler calls a method another file defines (a superclass)',
      code: `const Base = require('./base');
class Client extends Base {
  open(socket) {
    this.socket = socket;
    this.socket.on('data', (d) => this.parse(d));
    this.socket.setTimeout(5000);
    this.socket.on('timeout', () => this.onIdle());
  }
}
module.exports = Client;`,
    },
    {
      name: 'a socket parameter whose handler marks it idle for a sweep that destroys the idle connections',
      code: `const conns = new Set();
function track(socket) {
  conns.add(socket);
  socket.setTimeout(30000);
  socket.on('timeout', () => {
    socket.idle = true;
  });
  socket.on('data', () => {
    socket.idle = false;
  });
}
setInterval(() => {
  for (const s of conns) if (s.idle) s.destroy();
}, 60000);
module.exports = track;`,
    },
    {
      name: 'a socket parameter with a timeout and no handler here: whoever holds it may add one',
      code: `module.exports = function tune(socket) {
  socket.setNoDelay(true);
  socket.setTimeout(60000);
};`,
    },
    {
      name: 'an untyped receiver with a setTimeout method and nothing else of a socket (a job object)',
      code: `module.exports = function schedule(job) {
  job.setTimeout(5000, () => console.log('job slow'));
};`,
    },
    {
      name: 'a retrying request handler that aborts the timed-out request before retrying',
      code: `const http = require('http');
const once = require('once');
function get(url, cb) {
  const req = http.get(url, (res) => cb(null, res));
  req.on('error', once((err) => cb(err)));
  req.on('timeout', once(() => {
    req.abort();
    get(url, cb);
  }));
  req.setTimeout(5000);
  req.end();
}
module.exports = get;`,
    },
    {
      name: 'a heartbeat: the handler sends a ping and arms the timeout again (node-zookeeper-client)',
      code: `const net = require('net');
function Conn(port) {
  this.socket = net.connect(port);
  this.socket.on('error', () => {});
  this.socket.setTimeout(1000, this.onSocketTimeout.bind(this));
}
Conn.prototype.onSocketTimeout = function () {
  this.socket.write('PING');
  this.socket.setTimeout(1000, this.onSocketTimeout.bind(this));
};
module.exports = Conn;`,
    },
    {
      name: 'Options through variables (issue 9, shapes 4 and 8): the timeout read from a variable, with a listener that destroys',
      code: `const http = require('http');
let options = { host: 'example.com', timeout: 5000 };
const req = http.request(options);
req.on('timeout', () => req.destroy());
req.on('error', () => {});
req.end();
`,
    },
    `const http = require('http');
const req = http.request({ ...require('./defaults'), host: 'example.com' });
req.on('error', () => {});
req.end();
`,
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
    {
      name: 'rules.md: the listener calls a same-file function that destroys/ends it',
      code: `const net = require('net');
function kill(s) { s.destroy(); }
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => kill(sock));`,
    },
    `const net = require('net');
const sock = net.connect(80);
function close() { sock.end(); }
sock.setTimeout(1000);
sock.on('timeout', close);`,
    `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000, () => sock.destroy());`,
    `const net = require('net');
const sock = net.connect({ port: 80, timeout: 1000 });
sock.on('timeout', () => sock.end());`,
    {
      name: 'chained, `this` in a function listener',
      code: `const net = require('net');
net.connect(80).setTimeout(1000).on('timeout', function () { this.destroy(); });`,
    },
    `const http = require('http');
const req = http.request('http://example.com', { timeout: 5000 });
req.on('timeout', () => req.destroy(new Error('request timeout')));
req.on('error', () => {});
req.end();`,
    `const http = require('http');
const req = http.get('http://example.com');
req.setTimeout(5000, () => req.abort());`,
    `const http = require('http');
const req = http.get('http://example.com');
req.setTimeout(5000);
req.on('timeout', () => { req.socket.destroy(); });`,
    {
      name: "the timeout is handled on the request's socket",
      code: `const http = require('http');
const req = http.get('http://example.com', { timeout: 5000 });
req.on('socket', (s) => s.on('timeout', () => s.destroy()));`,
    },
    {
      name: "a server with no 'timeout' listener destroys idle sockets itself",
      code: `const http = require('http');
const server = http.createServer();
server.setTimeout(5000);`,
    },
    `const http = require('http');
const server = http.createServer();
server.setTimeout(5000);
server.on('timeout', (socket) => socket.destroy());`,
    {
      name: 'no timeout set: setTimeout(0) switches it off; a server listener with nothing that fires it',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(0);`,
    },
    `const http = require('http');
const server = http.createServer();
server.on('timeout', (socket) => console.log('idle', socket.remoteAddress));`,
    {
      name: 'escaping: the caller may add the listener',
      code: `const net = require('net');
function open() {
  const sock = net.connect(80);
  sock.setTimeout(1000);
  return sock;
}`,
    },
    {
      name: 'a handler the analysis cannot see',
      code: `import * as net from 'node:net';
import { onTimeout } from './handlers';
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', onTimeout);`,
    },
    // httpxy's req.socket.setTimeout(ms) in a request handler: Node's own 'timeout' listener on an http
    // server's socket destroys it when no request, response or server 'timeout' listener takes it
    // (checked on Node 20: the idle client saw the close after the timeout)
    {
      filename: 'case.ts',
      code: `import type { IncomingMessage, ServerResponse } from 'node:http';
export function timeout(req: IncomingMessage, res: ServerResponse, ms: number): void {
  req.socket.setTimeout(ms);
}`,
    },
    {
      name: 'sockets of an http server: the server handles their timeout',
      code: `const http = require('http');
const server = http.createServer();
server.on('connection', (socket) => socket.setTimeout(10000));`,
    },
    {
      filename: 'case.ts',
      code: `import * as http from 'node:http';
const req: http.ClientRequest = http.request({ host: 'example.com', timeout: 5_000 });
req.on('timeout', (): void => { req.destroy(); });
req.end();`,
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
      name: 'a timeout written under a computed key: the options cannot be read',
      code: `const http = require('http');
const options = { host: 'example.com' };
options[process.env.KEY] = 5000;
const req = http.request(options);
req.on('error', () => {});
req.end();
`,
    },
    {
      name: 'a timeout compounded onto the options (opts.timeout += …): not read',
      code: `const http = require('http');
const options = { host: 'example.com', timeout: 0 };
options.timeout += Number(process.env.EXTRA);
const req = http.request(options);
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
    {
      name: "a 'timeout' listener kept in a field as it is added, that only calls back",
      code: `const http = require('http');
function get(url, done) {
  const req = http.get(url, { timeout: 5000 }, (res) => done(null, res));
  req.on('error', done);
  req.on('timeout', this._onTimeout = () => {
    done(new Error('timeout'));
  });
}
module.exports = get;
`,
      errors: [{ messageId: 'listener', line: 5 }],
    },
    {
      name: "a 'timeout' listener that only rejects: the promise's handlers never destroy the request, which stays open",
      code: `const http = require('http');
function status(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, resolve);
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('timed out')));
  }).then((res) => res.statusCode);
}
module.exports = status;
`,
      errors: [{ messageId: 'listener', line: 6 }],
    },
    {
      name: "a 'timeout' listener that rejects an awaited promise nobody catches here: the callers do not hold the request",
      code: `const https = require('https');
async function report(data) {
  await new Promise((resolve, reject) => {
    const req = https.request({ host: 'api.example.com', method: 'POST', timeout: 5000 }, () => resolve());
    req.on('error', reject);
    req.on('timeout', (error) => reject(error));
    req.end(data);
  });
}
module.exports = report;
`,
      errors: [{ messageId: 'listener', line: 6 }],
    },
    {
      name: "a 'timeout' listener that rejects an awaited promise, and the code after it leaves the socket open",
      code: `const net = require('net');
async function probe(port) {
  const socket = net.connect({ port, timeout: 5000 });
  socket.on('error', (e) => console.error(e));
  try {
    await new Promise((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('timeout', () => reject(new Error('connect timed out')));
    });
  } catch (err) {
    console.error(err);
    return false;
  }
  socket.end();
  return true;
}
probe(9000);
`,
      errors: [{ messageId: 'listener', line: 8 }],
    },
    {
      // The owner's close() is in this file and leaves the socket open: followed, not assumed.
      name: "the listener calls the owner's same-file close(), which only clears a timer",
      code: `var net = require('net');
function Client(options) { this.options = options; }
Client.prototype.connect = function () {
  var self = this;
  this.stream = net.createConnection(this.options);
  this.stream.setTimeout(5000, function () { self.close(); });
  this.stream.on('error', function () {});
};
Client.prototype.close = function () { clearInterval(this.timer); };
module.exports = Client;`,
      errors: [{ messageId: 'listener' }],
    },
    {
      // Another object's end() is not the owner closing itself.
      name: 'the listener ends a different object (a logger) that does not keep the socket',
      code: `var net = require('net');
function Client(options, log) { this.options = options; this.log = log; }
Client.prototype.connect = function () {
  var self = this;
  this.stream = net.createConnection(this.options);
  this.stream.setTimeout(5000, function () { self.log.end('idle'); });
  this.stream.on('error', function () {});
};
module.exports = Client;`,
      errors: [{ messageId: 'listener' }],
    },
    {
      name: "a computed method that may be other than a teardown (this._socket[verb]() with verb 'pause' or 'end'): not a teardown",
      code: `const net = require('net');
const socket = net.connect(25, 'mail.example.com');
socket.on('error', () => {});
socket.setTimeout(60000);
socket.on('timeout', () => {
  let verb = 'end';
  if (socket.pending) verb = 'pause';
  socket[verb]();
});`,
      errors: [{ messageId: 'listener', line: 5 }],
    },
    {
      name: "a 'timeout' listener that rejects a promise whose catch does not close the socket",
      filename: 'connect.ts',
      code: `import * as net from 'node:net';
function withResolvers<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}
export async function ready(socket: net.Socket, connectTimeoutMS: number): Promise<net.Socket> {
  socket.setTimeout(connectTimeoutMS);
  const { promise, resolve, reject } = withResolvers<net.Socket>();
  socket
    .once('connect', () => resolve(socket))
    .on('timeout', () => reject(new Error('connect timed out')));
  try {
    return await promise;
  } catch (error) {
    console.error(error);
    throw error;
  }
}`,
      errors: [{ messageId: 'listener', line: 13 }],
    },
    {
      name: "an empty setTimeout callback next to a chained 'timeout' listener that only logs",
      code: `class Transport {
  install(socket) {
    this._socket = socket;
    this._socket.setTimeout(this.timeout, () => { });
    this._socket
      .on('data', (data) => this.onData(data))
      .on('timeout', () => console.log('idle'));
  }
  onData() {}
}
module.exports = Transport;`,
      errors: [
        { messageId: 'listener', line: 4 },
        { messageId: 'listener', line: 7 },
      ],
    },
    {
      name: 'a request destroyed only on SIGINT, not by a timer: nothing bounds it when the socket idles',
      code: `import { get } from 'node:http';
export const isRunning = (port) => new Promise((resolve) => {
  const req = get({ hostname: 'localhost', port, timeout: 1000 }, (res) => resolve(true));
  req.on('error', () => resolve(false));
  process.on('SIGINT', () => req.destroy());
  req.end();
});`,
      filename: 'case.mjs',
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      // node-cubrid: each method's 'timeout' listener is on the socket that method put in the field.
      name: 'a field given a new socket in each of two methods: the listener that only reports is the one reported',
      code: `var net = require('net');
function Conn() { this._socket = new net.Socket(); }
Conn.prototype.getPort = function (self, callback) {
  self._socket = net.createConnection(1, 'broker');
  self._socket.setTimeout(1000);
  self._socket.on('timeout', function () { callback(new Error('timeout')); });
  self._socket.on('error', function (err) { callback(err); });
};
Conn.prototype.login = function (self, callback) {
  self._socket = net.createConnection(2, 'broker');
  self._socket.setTimeout(1000);
  self._socket.on('timeout', function () { self._socket.destroy(); callback(new Error('timeout')); });
  self._socket.on('error', function (err) { callback(err); });
};
module.exports = Conn;`,
      errors: [{ messageId: 'listener', line: 6 }],
    },
    {
      name: "a field given a new socket in a method after the constructor's: a listener that only reports closes nothing",
      code: `var net = require('net');
function Conn() { this._socket = new net.Socket(); }
Conn.prototype.open = function (callback) {
  var self = this;
  self._socket = net.createConnection(33000, 'db');
  self._socket.setTimeout(5000);
  self._socket.on('timeout', function () {
    callback(new Error('connection timeout'));
  });
  self._socket.on('error', function (err) { callback(err); });
};
module.exports = Conn;`,
      errors: [{ messageId: 'listener', line: 7 }],
    },
    {
      name: 'a timeout spread in when the caller gives one (...(options.timeout && { timeout })), with no listener (node-jwks-rsa)',
      code: `const https = require('https');
module.exports = (options) =>
  new Promise((resolve, reject) => {
    const requestOptions = {
      hostname: options.host,
      ...(options.timeout && { timeout: options.timeout }),
    };
    https
      .request(requestOptions, (res) => resolve(res))
      .on('error', (e) => reject(e))
      .end();
  });`,
      errors: [{ messageId: 'request', line: 6 }],
      output: null,
    },
    {
      name: 'a timeout the options get by default (Object.assign({ timeout }, defaults) kept in this.defaults), with no listener (customerio)',
      code: `const https = require('https');
class Client {
  constructor(defaults) {
    this.defaults = Object.assign({ timeout: 10000 }, defaults);
  }
  send(body) {
    return new Promise((resolve, reject) => {
      const options = Object.assign({}, this.defaults, { method: 'POST' });
      const req = https.request(options, (res) => resolve(res));
      req.on('error', reject);
      req.end(body);
    });
  }
}
module.exports = Client;
`,
      errors: [{ messageId: 'request', line: 4 }],
      output: `const https = require('https');
class Client {
  constructor(defaults) {
    this.defaults = Object.assign({ timeout: 10000 }, defaults);
  }
  send(body) {
    return new Promise((resolve, reject) => {
      const options = Object.assign({}, this.defaults, { method: 'POST' });
      const req = https.request(options, (res) => resolve(res));
      req.on('timeout', () => {
        req.destroy(new Error('request timeout'));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
module.exports = Client;
`,
    },
    {
      name: 'a handler wrapped in a call-once helper (once(() => …)) that only reports the host as failed',
      code: `const http = require('http');
const once = require('once');
function ping(url, cb) {
  const req = http.get(url, (res) => cb(null, res));
  req.on('error', once((err) => cb(err)));
  req.on('timeout', once(() => cb(new Error('timed out'))));
  req.setTimeout(5000);
}
module.exports = ping;`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: null,
    },
    {
      name: "a retrying 'timeout' handler: the retry's req.end() sends the new request, it does not abort this one",
      code: `const http = require('http');
function get(url, cb, tries) {
  const req = http.get(url, (res) => cb(null, res));
  req.on('error', (err) => cb(err));
  req.setTimeout(5000);
  req.on('timeout', function () {
    if (tries > 0) get(url, cb, tries - 1);
    else cb(new Error('timed out'));
  });
  req.end();
}
module.exports = get;`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: `const http = require('http');
function get(url, cb, tries) {
  const req = http.get(url, (res) => cb(null, res));
  req.on('error', (err) => cb(err));
  req.setTimeout(5000);
  req.on('timeout', function () {
    if (tries > 0) get(url, cb, tries - 1);
    else cb(new Error('timed out'));
    req.destroy(new Error('request timeout'));
  });
  req.end();
}
module.exports = get;`,
    },
    {
      name: 'a socket parameter whose handler only sets a variable of its own: nothing else reads the socket',
      code: `function track(socket) {
  let idle = false;
  socket.setTimeout(30000);
  socket.on('timeout', () => {
    idle = true;
  });
  socket.on('data', () => {
    if (idle) console.log('woke up');
    idle = false;
  });
}
module.exports = track;`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `function track(socket) {
  let idle = false;
  socket.setTimeout(30000);
  socket.on('timeout', () => {
    idle = true;
    socket.destroy();
  });
  socket.on('data', () => {
    if (idle) console.log('woke up');
    idle = false;
  });
}
module.exports = track;`,
    },
    {
      name: "a socket parameter set up in one method: its 'timeout' listener only reports to the current task (basic-ftp)",
      code: `class Client {
  constructor(socket) {
    this._socket = this._setupSocket(socket);
  }
  get socket() {
    return this._socket;
  }
  _respond(payload) {
    if (this._handler) this._handler(payload);
  }
  handle(handler) {
    this._handler = handler;
  }
  _setupSocket(socket) {
    socket.setTimeout(30000);
    socket.on('data', (chunk) => this._respond({ chunk }));
    socket.on('error', (error) => this._respond({ error }));
    socket.on('timeout', () => this._respond({ error: 'Timeout' }));
    return socket;
  }
}
module.exports = Client;`,
      errors: [{ messageId: 'listener', line: 18 }],
      output: `class Client {
  constructor(socket) {
    this._socket = this._setupSocket(socket);
  }
  get socket() {
    return this._socket;
  }
  _respond(payload) {
    if (this._handler) this._handler(payload);
  }
  handle(handler) {
    this._handler = handler;
  }
  _setupSocket(socket) {
    socket.setTimeout(30000);
    socket.on('data', (chunk) => this._respond({ chunk }));
    socket.on('error', (error) => this._respond({ error }));
    socket.on('timeout', () => {
      this._respond({ error: 'Timeout' });
      socket.destroy();
    });
    return socket;
  }
}
module.exports = Client;`,
    },
    {
      name: 'an untyped stream parameter whose setTimeout callback only emits a response event on it (emailjs)',
      code: `module.exports = function monitor(stream, timeout) {
  const timedout = function () {
    stream.emit('response', new Error('timedout'));
  };
  stream.on('data', () => {});
  stream.setTimeout(timeout, timedout);
};`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: null,
    },
    {
      name: "a connect timeout whose callback is the caller's callback bound to an error: the caller never gets the socket (amqplib)",
      code: `const net = require('net');
module.exports = function connect(opts, openCallback) {
  const sock = net.connect(opts, () => {
    openCallback(null, new Connection(sock));
  });
  sock.setTimeout(opts.timeout, openCallback.bind(null, new Error('connect ETIMEDOUT')));
  sock.once('error', (err) => openCallback(err));
};
function Connection(sock) {
  this.sock = sock;
}`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: null,
    },
    {
      name: 'a handler that turns the timeout off instead of arming it again',
      code: `const net = require('net');
const s = net.connect(2);
s.on('error', () => {});
s.setTimeout(1000);
s.on('timeout', () => {
  console.log('idle');
  s.setTimeout(0);
});`,
      errors: [{ messageId: 'listener', line: 5 }],
    },
    // Options through variables (issue 9, shapes 4 and 8)
    {
      name: 'a timeout assigned to the options object before the request, no listener',
      code: `const http = require('http');
const options = { host: 'example.com' };
options.timeout = 5000;
const req = http.request(options);
req.on('error', () => {});
req.end();
`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');
const options = { host: 'example.com' };
options.timeout = 5000;
const req = http.request(options);
req.on('timeout', () => {
  req.destroy(new Error('request timeout'));
});
req.on('error', () => {});
req.end();
`,
    },
    {
      name: 'the options object read in a log line after the request (a read is not a change)',
      code: `const http = require('http');
const options = { host: 'example.com', port: 8080 };
if (process.env.SLOW) options.timeout = 5000;
const req = http.request(options);
req.on('error', (err) => console.error('request to ' + options.host + ':' + options.port + ' failed', err));
const target = options.host === 'localhost' ? 'local' : options.host;
req.end();
`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');
const options = { host: 'example.com', port: 8080 };
if (process.env.SLOW) options.timeout = 5000;
const req = http.request(options);
req.on('timeout', () => {
  req.destroy(new Error('request timeout'));
});
req.on('error', (err) => console.error('request to ' + options.host + ':' + options.port + ' failed', err));
const target = options.host === 'localhost' ? 'local' : options.host;
req.end();
`,
    },
    {
      name: "a timeout written with a string key, options['timeout'] = …",
      code: `const http = require('http');
const options = { host: 'example.com' };
options['timeout'] = 5000;
const req = http.request(options);
req.on('error', () => {});
req.end();
`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `const http = require('http');
const options = { host: 'example.com' };
options['timeout'] = 5000;
const req = http.request(options);
req.on('timeout', () => {
  req.destroy(new Error('request timeout'));
});
req.on('error', () => {});
req.end();
`,
    },
    {
      name: 'a timeout spread from a same-file object, no listener',
      code: `const http = require('http');
const base = { timeout: 5000 };
const req = http.request({ ...base, host: 'example.com' });
req.on('error', () => {});
req.end();
`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: 'socket.setTimeout with no listener',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
`,
      errors: [
        {
          messageId: 'socket',
          line: 3,
          column: 6,
          fixes: [
            `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.destroy();
});
`,
          ],
        },
      ],
    },
    {
      name: 'with an error listener the fix passes an Error',
      code: `const net = require('net');
const sock = net.connect(80);
sock.on('error', (err) => console.error(err.message));
sock.setTimeout(30000);
`,
      errors: [{ messageId: 'socket', line: 4 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.on('error', (err) => console.error(err.message));
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.destroy(new Error('socket timeout'));
});
`,
    },
    {
      name: 'timeout option on net.connect',
      code: `const net = require('net');
const sock = net.connect({ port: 80, timeout: 5000 });
sock.write('hi');
`,
      errors: [{ messageId: 'socket', line: 2, column: 38 }],
      output: `const net = require('net');
const sock = net.connect({ port: 80, timeout: 5000 });
sock.on('timeout', () => {
  sock.destroy();
});
sock.write('hi');
`,
    },
    {
      name: 'timeout option on http.request',
      code: `const http = require('http');
const req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());
req.on('error', (err) => console.error(err));
req.end();
`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `const http = require('http');
const req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());
req.on('timeout', () => {
  req.destroy(new Error('request timeout'));
});
req.on('error', (err) => console.error(err));
req.end();
`,
    },
    {
      name: 'a listener that only logs',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  console.log('idle');
});
`,
      errors: [{ messageId: 'listener', line: 4, column: 9 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  console.log('idle');
  sock.destroy();
});
`,
    },
    {
      name: 'a setTimeout callback that only logs (expression body)',
      code: `const http = require('http');
const req = http.get('http://example.com');
req.on('error', () => {});
req.setTimeout(5000, () => console.warn('slow upstream'));
`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const http = require('http');
const req = http.get('http://example.com');
req.on('error', () => {});
req.setTimeout(5000, () => {
  console.warn('slow upstream');
  req.destroy(new Error('request timeout'));
});
`,
    },
    {
      name: 'server.setTimeout with a callback that does not close',
      code: `const http = require('http');
const server = http.createServer();
server.setTimeout(60000, (socket) => {
  console.log('idle', socket.remoteAddress);
});
`,
      errors: [{ messageId: 'server', line: 3 }],
      output: `const http = require('http');
const server = http.createServer();
server.setTimeout(60000, (socket) => {
  console.log('idle', socket.remoteAddress);
  socket.destroy();
});
`,
    },
    {
      name: "server 'timeout' listener without the socket parameter: no fix",
      code: `const http = require('http');
const server = http.createServer();
server.timeout = 30000;
server.on('timeout', () => console.log('idle'));
`,
      errors: [{ messageId: 'server', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'Node 12: the default 120 s server timeout fires the listener',
      code: `const http = require('http');
const server = http.createServer();
server.on('timeout', (sock) => console.log('idle'));
`,
      nodeVersion: '12.22.0',
      errors: [{ messageId: 'server', line: 3 }],
      output: `const http = require('http');
const server = http.createServer();
server.on('timeout', (sock) => {
  console.log('idle');
  sock.destroy();
});
`,
    },
    {
      name: 'chained, unnamed: no fix',
      code: `const net = require('net');
net.connect(80).setTimeout(1000);
`,
      errors: [{ messageId: 'socket', fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function',
      code: `const net = require('net');
function arm(s) {
  s.setTimeout(5000);
}
const sock = net.connect(80);
arm(sock);
`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const net = require('net');
function arm(s) {
  s.setTimeout(5000);
  s.on('timeout', () => {
    s.destroy();
  });
}
const sock = net.connect(80);
arm(sock);
`,
    },
    {
      name: 'one-line function body is laid out one statement per line',
      code: `const net = require('net');
function arm(s) { s.setTimeout(5000); }
arm(net.connect(80));
`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `const net = require('net');
function arm(s) {
  s.setTimeout(5000);
  s.on('timeout', () => {
    s.destroy();
  });
}
arm(net.connect(80));
`,
    },
    {
      name: 'one-line listener body',
      code: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => { console.log('idle'); });
`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(1000);
sock.on('timeout', () => {
  console.log('idle');
  sock.destroy();
});
`,
    },
    {
      name: 'accepted by a net server',
      code: `const net = require('net');
net.createServer((client) => {
  client.setTimeout(10000);
  client.on('timeout', () => client.emit('idle'));
}).listen(7000);
`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const net = require('net');
net.createServer((client) => {
  client.setTimeout(10000);
  client.on('timeout', () => {
    client.emit('idle');
    client.destroy();
  });
}).listen(7000);
`,
    },
    {
      name: 'TypeScript request, file style without semicolons',
      filename: 'case.ts',
      code: `import * as https from 'node:https'
const req: import('node:http').ClientRequest = https.request('https://example.com')
req.setTimeout(2_000)
req.end()
`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `import * as https from 'node:https'
const req: import('node:http').ClientRequest = https.request('https://example.com')
req.setTimeout(2_000)
req.on('timeout', () => {
  req.destroy()
})
req.end()
`,
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
