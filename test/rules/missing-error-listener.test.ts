import rule from '../../server/src/rules/missing-error-listener';
import { ruleTests } from './ruleTester';
import { browserifyBundle, mockRequestSocket, listeningProbe, trackedConnections } from './sharedCases';

/** A wrapper that adds its socket's listeners by walking an object of them (@xmpp/tls); `events` are its keys. */

/** A test proxy forwarding each request to the host its Host header names; `after` goes after the upstream request is made. */
function testProxy(after: string): string {
  return `const http = require('http');
http.createServer((request, response) => {
  const remote = new URL(request.url, 'http://x');
  const opts = { host: request.headers['host'], port: remote.port || 80, path: remote.pathname, headers: request.headers };
  const upstream = http.request(opts, (res) => res.pipe(response));${after}
  request.pipe(upstream);
}).listen(0);
`;
}

/** probe-image-size's stream probe: the listeners are added in the executor of a promise made by `Ctor` (loaded by `load`). */
function executorListens(load: string, ctor: string): string {
  return `'use strict';
var PassThrough = require('stream').PassThrough;
var P;
module.exports = function probeStream(stream) {
  ${load}
  var proxy = new PassThrough();
  var result = new ${ctor}(function (resolve, reject) {
    stream.on('error', reject);
    proxy.on('error', reject);
    proxy.once('data', resolve);
  });
  stream.pipe(proxy);
  return result;
};
`;
}

function listenerObjectSocket(events: string[]): string {
  return `const tls = require('tls');
class Socket {
  connect(...args) {
    const socket = tls.connect(...args);
    const listeners = {};
${events.map((e) => `    listeners.${e} = (arg) => this.emit('${e}', arg);`).join('\n')}
    for (const [event, listener] of Object.entries(listeners)) {
      socket.on(event, listener);
    }
    socket.write('<stream>');
  }
}
module.exports = Socket;`;
}

/**
 * A server library (after smtp's) whose own 'connection' listener works with the socket (on line 10)
 * without listening for its errors; `second` is its other registration, on line 6.
 */
function serverWithCallersListener(second: string): string {
  return `const net = require('net');
const util = require('util');
function Server(clientListener) {
  net.Server.call(this);
  this.on('connection', connectionListener);
  ${second}
}
util.inherits(Server, net.Server);
exports.createServer = (clientListener) => new Server(clientListener);
function connectionListener(socket) {
  socket.setTimeout(120000, () => socket.destroy());
  socket.on('data', (d) => socket.write('250 ok\\r\\n'));
}`;
}

/** A subclass of another module's `Transport` that keeps its socket in a field (set on line 6); `next` follows that line. */
function tcpTransport(next: string): string {
  return `import * as net from 'node:net';
import { Transport } from './transport';
export class TcpTransport extends Transport {
  protected socket?: net.Socket;
  open(): void {
    this.socket = net.connect(5000, 'db.internal');
    ${next}
  }
}`;
}

/**
 * A client whose `net.connect` has a connect-time `once('error', reject)`; `onConnect` runs in the
 * connect callback before `resolve()` (the first of its lines is line 6), `methods` join the class.
 */
function connectTimeClient(onConnect: string[], methods: string[] = []): string {
  return [
    `const net = require('net');`,
    `class Client {`,
    `  open(port) {`,
    `    return new Promise((resolve, reject) => {`,
    `      this.sock = net.connect(port, 'db.local', () => {`,
    ...onConnect.map((line) => `        ${line}`),
    `        resolve();`,
    `      });`,
    `      this.sock.once('error', reject);`,
    `    });`,
    `  }`,
    ...methods.map((m) => `  ${m}`),
    `  onData(d) { console.log(d.length); }`,
    `}`,
    `module.exports = Client;`,
  ].join('\n');
}
const DATA = `this.sock.on('data', (d) => this.onData(d));`;
const REMOVE = `this.sock.removeListener('error', reject);`;

/**
 * TypeScript's compiled async method (`__awaiter` with a generator) that hands an upgrade socket to
 * ws's `handleUpgrade` (botframework-streaming's shape); `before` goes first in the generator.
 */
function compiledAwaiterUpgrade(before: string): string {
  return `const ws = require('ws');
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
  return new (P || (P = Promise))(function (resolve, reject) {
    function step(result) { result.done ? resolve(result.value) : Promise.resolve(result.value).then((v) => step(generator.next(v)), reject); }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
class NodeWebSocket {
  create(req, socket, head) {
    return __awaiter(this, void 0, void 0, function* () {${before}
      this.wsServer = new ws.Server({ noServer: true });
      return new Promise((resolve) => {
        this.wsServer.handleUpgrade(req, socket, head, (websocket) => {
          this.wsSocket = websocket;
          websocket.on('error', () => {});
          resolve();
        });
      });
    });
  }
}
exports.NodeWebSocket = NodeWebSocket;`;
}

/** A server piping each accepted connection to stdout (JSONStream's test shape, a sockjs example's). */
const STDOUT_SINK_SERVER = `const net = require('net');
const server = net.createServer((connection) => {
  connection.pipe(process.stdout);
});
server.listen(9999);
`;
/** The same file as a client of that server. */
const SINK_CLIENT = `const client = net.connect({ port: 9999 });
client.on('error', () => {});
client.end('{}');
`;

/** A class as Babel compiles it: the socket made in one method, its listeners added by another (rethinkdb-websocket-server). */
function babelClass(listener: string, create = "(0, _createClass2['default'])"): string {
  return `'use strict';
var _createClass2 = require('babel-runtime/helpers/createClass');
var _net = require('net');
var _net2 = _interopRequireDefault(_net);
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { 'default': obj }; }
var Connection = (function () {
  function Connection(webSocket) {
    this.webSocket = webSocket;
  }
  ${create}(Connection, [{
    key: 'start',
    value: function start(options) {
      this.dbSocket = _net2['default'].connect(options);
      this.setupDbSocket();
    }
  }, {
    key: 'setupDbSocket',
    value: function setupDbSocket() {
      var _this = this;
      this.dbSocket.on('data', function (data) { _this.webSocket.send(data); });
      ${listener}
    }
  }]);
  return Connection;
})();
exports.Connection = Connection;
`;
}

/** A client socket with no 'error' listener in a file that installs `handler` for 'uncaughtException' with `method`. */
function uncaughtHandled(handler: string, method = 'on', before = ''): string {
  return `const net = require('net');
${before}function start(port) {
  const socket = net.connect(port);
  socket.write('hello');
  process.${method}('uncaughtException', ${handler});
}
module.exports = start;
`;
}

/**
 * openclaw's relay owner client: a class reading the WebSocket it is given, built only by its own
 * static connect() from what a same-file authenticate() returned (`returned`), which made the socket
 * (with a bundled, untyped WebSocket class) and ran `setup` on it.
 */
function ownerClient(setup: string, returned = '{ ws, owner }', taken = '{ ws }'): string {
  return `const WebSocket = require('./websocket');
async function authenticate(port) {
  const ws = new WebSocket('ws://127.0.0.1:' + port);
  ${setup}
  const owner = await handshake(ws);
  return ${returned};
}
class OwnerClient {
  constructor(ws) {
    this.ws = ws;
    ws.on('message', (raw) => {
      if (!this.onMessage(String(raw))) ws.close(4003, 'invalid response');
    });
    ws.once('close', () => this.invalidate());
  }
  request(message) {
    this.ws.send(JSON.stringify(message));
  }
  static async connect(port) {
    const ${taken} = await authenticate(port);
    return new OwnerClient(ws);
  }
}
module.exports = OwnerClient;
`;
}

/** ws 0.x's cleanup: a generic helper strips every listener of what it is given; `after` follows its call on the socket. */
function wsCleanup(after: string): string {
  return `const net = require('net');
function WebSocket(port) {
  this._socket = net.connect(port);
  this._socket.on('error', (err) => this.emit('error', err));
  this._socket.on('data', (data) => this.emit('message', data));
}
require('util').inherits(WebSocket, require('events').EventEmitter);
WebSocket.prototype.cleanup = function () {
  if (this._socket) {
    removeAllListeners(this._socket);
${after}
    this._socket = null;
  }
};
function removeAllListeners(instance) {
  if (process.version.startsWith('v0.4')) instance._events = {};
  else instance.removeAllListeners();
}
module.exports = WebSocket;
`;
}

// An auto-reconnecting ws client: its 'close' listener calls reconnect(), which drops the old socket's listeners (taskforce-connector).
const reconnectingClient = (more: string): string => `const WebSocket = require('ws');
class Client {
  open(url) {
    this.url = url;
    this.instance = new WebSocket(url);
    this.instance.on('message', (data) => console.log(data));
    this.instance.on('close', (code) => {
      if (code !== 1000) this.reconnect(code);
    });
    this.instance.on('error', (err) => console.error(err));
  }
  reconnect(code) {
    console.log('closed with', code);
    this.instance.removeAllListeners();
    setTimeout(() => this.open(this.url), 5000);
  }
${more}}
module.exports = Client;
`;

ruleTests(rule, {
  valid: [
    {
      name: "listeners added in the executor of any-promise's Promise, loaded lazily (probe-image-size): an executor runs at once",
      code: executorListens("P = P || require('any-promise');", 'P'),
    },
    {
      name: "listeners added in the executor of bluebird's Promise: an executor runs at once",
      code: executorListens("P = require('bluebird');", 'P'),
    },
    {
      // z-schema's and testling's browserify bundles: the module map gives "https" a module of the
      // bundle (stream-http over XHR), so the request is a browser's, not Node's.
      name: 'a request in a browserify bundle whose module map gives https a bundled stand-in',
      filename: 'dist/bundle.js',
      code: browserifyBundle(true),
    },
    {
      // webpack's lazyCompilationBackend: the http server is JSDoc-cast to net.Server, but its 'request' and
      // 'clientError' listeners say what it is, and Node's http layer handles its connections' errors.
      name: "the 'connection' socket of a server cast to net.Server that gets 'request' and 'clientError' listeners",
      filename: 'backend.js',
      code: `// @ts-check
const http = require('http');
/** @typedef {import('net').Server} Server */
module.exports = (options, onRequest) => {
  const createServer = options.createServer || http.createServer.bind(http, options.server);
  const server = /** @type {Server} */ (createServer());
  server.on('request', onRequest);
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
  });
  server.on('clientError', (e) => console.warn(e));
  server.listen(0);
  return () => { for (const s of sockets) s.destroy(); server.close(); };
};
`,
    },
    {
      // @cloudbase/node-sdk's request-core.ts: the retry calls an overloaded request() that listens itself.
      name: "a request made by an overloaded same-file helper whose implementation adds the 'error' listener",
      filename: 'request-core.ts',
      code: `import * as http from 'http';
import * as https from 'https';
type Callback = (err: Error | null, body?: string) => void;
export function request(url: string, cb: Callback): http.ClientRequest;
export function request(url: string, cb: Callback, times: number): http.ClientRequest;
export function request(url: string, cb: Callback, times = 1): http.ClientRequest {
  const req = https.get(url, { timeout: 5000 }, (res) => res.resume().on('end', () => cb(null)));
  req.on('timeout', () => req.destroy());
  req.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ECONNRESET' && times > 0) return request(url, cb, times - 1);
    cb(err);
  });
  return req;
}
`,
    },
    {
      // supergateway's WebSocket transport: the 'connection' listener stores each client with its listener.
      name: 'a WebSocket read back from a typed Map (Map.get): the stored client, not a new one',
      filename: 'transport.ts',
      code: `import { WebSocket, WebSocketServer } from 'ws';
export class Transport {
  private clients: Map<string, WebSocket> = new Map();
  private wss = new WebSocketServer({ port: 8080 });
  start() {
    this.wss.on('connection', (ws: WebSocket) => {
      this.clients.set('a', ws);
      ws.on('error', () => this.clients.delete('a'));
    });
  }
  send(id: string, payload: string) {
    const ws = this.clients.get(id);
    if (ws?.readyState === WebSocket.OPEN) ws.send(payload);
  }
}
`,
    },
    {
      name: "listeners removed in a method that only the socket's own 'close' listener calls: the socket emits nothing more",
      code: reconnectingClient(''),
    },
    {
      name: "the same helper called on the request (one of two values the argument may be) in its own 'upgrade' listener: the request emits nothing more (ws 0.x)",
      code: `const http = require('http');
function open(options, agent, isOld) {
  const req = http.request(options);
  req.on('error', (err) => console.error(err));
  req.setTimeout(10000, () => req.destroy());
  req.once('upgrade', (res, socket) => {
    removeAllListeners(isOld ? agent : req);
    socket.on('error', () => socket.destroy());
  });
  req.end();
}
function removeAllListeners(instance) {
  instance.removeAllListeners();
}
module.exports = open;
`,
    },
    {
      name: "a generic helper that removes every listener, an 'error' listener added back after its call (ws 0.x)",
      code: wsCleanup(
        "    var socket = this._socket;\n    this._socket.on('error', function () { try { socket.destroy(); } catch (e) {} });\n    this._socket.end();",
      ),
    },
    {
      name: "a constructor's socket built only from what a same-file function returned after listening for its errors (openclaw)",
      code: ownerClient("ws.on('error', () => {});"),
    },
    {
      name: 'the same, the socket itself returned',
      code: ownerClient("ws.on('error', () => {});", 'ws', 'ws'),
    },
    {
      name: 'the same class as a bundler writes it (`var OwnerClient = class OwnerClient { … }`)',
      code: ownerClient("ws.on('error', () => {});").replace('class OwnerClient {', 'var OwnerClient = class OwnerClient {'),
    },
    {
      // (npm_lazy's registry proxy.) pipe() returns its destination.
      name: "an 'error' listener chained on pipe()'s result: it listens on the destination, the request",
      code: `const http = require('http');
module.exports = function proxy(req, res, opts) {
  const outgoing = http.request(opts, (pres) => { res.writeHead(pres.statusCode); pres.pipe(res); });
  req.pipe(outgoing).once('error', (e) => { res.statusCode = 500; res.end(String(e)); });
};`,
    },
    {
      name: 'a helper kept in a variable fills the field of the object it is given (`self`), whose constructor listens',
      code: `var net = require('net');
var open = function (self, port) {
  self._socket = net.connect(port, 'db.example.com');
};
function Client(port) {
  open(this, port);
  this._socket.on('error', function () {});
}
module.exports = Client;`,
    },
    {
      name: "Babel's compiled class: the socket a method makes gets its 'error' listener from the method it calls next",
      code: babelClass("this.dbSocket.on('error', function (e) { _this.cleanup(e); });"),
    },
    {
      name: "Babel's compiled class through its own helper (_createClass)",
      code: babelClass("this.dbSocket.on('error', function (e) { _this.cleanup(e); });", '_createClass'),
    },
    {
      name: "a mock request's fallback socket that nothing connects or calls (unenv's IncomingMessage)",
      code: mockRequestSocket("return 'ok';"),
      filename: 'request.mjs',
    },
    {
      name: "the same test proxy listening for its upstream request's errors",
      code: testProxy("\n  upstream.on('error', () => response.destroy());"),
      filename: 'test/utils/proxy.js',
    },
    {
      name: "a test's socket to a port of this machine (no host: localhost) reaches what its suite runs",
      code: `const net = require('net');
const s = net.connect(80);
s.write('x');
`,
      filename: 'test/client.test.js',
    },
    {
      name: "a test's request to a host and port its caller gives: nothing shows another machine, so the suite's",
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end()).listen(0);
function get(host, port) {
  http.get(\`http://\${host}:\${port}/\`, (res) => res.resume());
}
module.exports = get;
`,
      filename: 'test/helper.test.js',
    },
    {
      name: 'a test helper concatenating a URL on a host and port it is given',
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end()).listen(0);
function doGet(host, port, callback) {
  http.get('http://' + host + ':' + port + '/', callback);
}
module.exports = doGet;
`,
      filename: 'test/test.js',
    },
    {
      name: 'an accepted socket handed to a helper that listens for its errors, called before the handler awaits',
      code: `const net = require('net');
function pipeBoth(a, b) {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.pipe(b).pipe(a);
}
async function handle(socket, up, audit) {
  pipeBoth(socket, up);
  await audit(socket.remoteAddress);
}
module.exports = (up, audit) => net.createServer((socket) => handle(socket, up, audit)).listen(1080);`,
    },
    {
      // kassette's protocol-sniffing front server
      name: "the 'connect' socket of an http server that never listens and gets every connection from this code, listened to for errors first",
      code: `const http = require('http');
const net = require('net');
module.exports = function start(port, upstream) {
  const http1Server = http.createServer((req, res) => res.end('ok'));
  const handleSocket = (socket) => {
    socket.once('data', (data) => {
      socket.pause();
      socket.unshift(data);
      http1Server.emit('connection', socket);
      socket.resume();
    });
    socket.on('error', (err) => console.error(err.message));
  };
  http1Server.on('connect', (request, socket) => {
    const up = net.connect(upstream);
    up.on('error', () => socket.destroy());
    socket.pipe(up).pipe(socket);
  });
  net.createServer(handleSocket).listen(port);
};`,
    },
    {
      // gatsby's page-ssr lambda: the await comes before the helper is called
      name: "a helper's request listened to at once by a caller that awaited something else first, inside a Promise executor",
      code: `const https = require('https');
const http = require('http');
function get(url, callback) {
  return new URL(url).protocol === 'https:' ? https.get(url, callback) : http.get(url, callback);
}
async function download(url, ensureDir) {
  await ensureDir();
  await new Promise((resolve, reject) => {
    const req = get(url, (res) => resolve(res));
    req.on('error', reject);
  });
}
module.exports = download;`,
    },
    {
      // agent-base's tests of the options a request hands its agent
      name: 'a request whose agent-base agent never hands out a socket: it never connects',
      filename: 'test/test.js',
      code: `var http = require('http');
var https = require('https');
var assert = require('assert');
var Agent = require('../');
it('passes through options', function (done) {
  var agent = new Agent(function (req, opts, fn) {
    assert.equal('google.com', opts.host);
    done();
  });
  http.get({ host: 'google.com', foo: 'bar', agent: agent });
  https.get({ host: 'google.com', agent: new Agent((req, opts, cb) => { done(); }) });
});`,
    },
    {
      name: "a test's socket to a host given by a parameter: the suite's own",
      code: `const net = require('net');
const server = net.createServer().listen(0);
function open(port, host) {
  const s = net.connect(port, host);
  s.write('x');
}
module.exports = open;
`,
      filename: 'test/helper.test.js',
    },
    {
      // (nats: its parser runs once per chunk; only the run that reads INFO switches the field to TLS.)
      name: "a field given a TLS socket on one branch of the parser, whose listeners a method adds; the other branch writes to the field's socket of an earlier run",
      code: `var net = require('net');
var tls = require('tls');
function Client(port) {
  this.stream = net.createConnection(port);
  this.setupHandlers();
}
Client.prototype.setupHandlers = function () {
  var stream = this.stream;
  stream.on('error', (e) => this.emit('error', e));
  stream.on('data', (d) => this.processInbound(d));
};
Client.prototype.flushPending = function () {
  this.stream.write(this.pending.join(''));
};
Client.prototype.processInbound = function (buf) {
  if (/^INFO/.test(buf)) {
    this.stream.removeAllListeners();
    this.stream = tls.connect({ socket: this.stream });
    this.setupHandlers();
  } else {
    this.flushPending();
  }
};
module.exports = Client;
`,
    },
    {
      name: 'a socket returned (through a chained on()) by an exported function: its caller may listen',
      code: `var net = require('net');
exports.open = function (port) {
  var s = net.connect(port);
  return s.on('connect', function () { return s.write('hello'); });
};
`,
    },
    {
      // (node-red-contrib-alexa-remote2's portAvailable.)
      name: "a port probe written as a 'listening' listener that closes the server: no connection is ever accepted",
      code: listeningProbe('server.close();'),
    },
    {
      name: 'a listener on (stream || fallback): the value itself when it is there',
      code: `const tls = require('tls');
function connect(opts, fallback) {
  const stream = tls.connect(opts);
  (stream || fallback).on('error', (e) => console.log(e.message));
  stream.on('data', (d) => console.log(String(d)));
}
connect({ host: 'irc.example.org', port: 6697 });`,
    },
    {
      // @zwave-js/serial's TCP transport: the stream's consumer calls start() as soon as it gets the source.
      name: "listeners wiped once connected, and an 'error' listener added back by a stream source's start(), whenever it runs",
      code: `const net = require('net');
function createSocketFactory(options) {
  return async function () {
    const socket = new net.Socket();
    function removeListeners() {
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
    }
    function open() {
      return new Promise((resolve, reject) => {
        const onError = (err) => { removeListeners(); socket.destroy(); reject(err); };
        const onConnect = () => { removeListeners(); resolve(); };
        socket.once('error', onError);
        socket.once('connect', onConnect);
        socket.connect(options);
      });
    }
    await open();
    const source = {
      start(controller) {
        socket.on('data', (data) => controller.enqueue(data));
        socket.on('error', (e) => controller.error(e));
      },
    };
    return { source, close: () => socket.destroy() };
  };
}
module.exports = createSocketFactory;`,
    },
    {
      // @grpc/grpc-js's http_proxy: the tunnel's socket goes on inside an object literal.
      name: 'a CONNECT socket stripped of its listeners and handed on inside an object (resolve({ socket }), tls.connect({ socket }))',
      code: `const http = require('http');
const tls = require('tls');
function viaProxy(options, secure) {
  return new Promise((resolve, reject) => {
    const request = http.request(options);
    request.once('connect', (res, socket, head) => {
      socket.removeAllListeners();
      if (secure) {
        const cts = tls.connect(Object.assign({ socket: socket }, secure), () => resolve({ socket: cts }));
        cts.on('error', () => reject());
      } else {
        resolve({ socket, head });
      }
    });
    request.once('error', reject);
    request.end();
  });
}
module.exports = viaProxy;`,
    },
    {
      // balena-io-modules/node-tunnel: Bluebird runs the function given to fromNode at once, as an executor.
      name: "the 'error' listener added in Bluebird's Promise.fromNode callback (it runs at once)",
      code: `const net = require('net');
const Promise = require('bluebird');
function connectSocket(client, host, port) {
  const upstream = net.connect(port, host, () => {
    upstream.pipe(client);
    client.pipe(upstream);
  });
  return Promise.fromNode((cb) => {
    client.on('error', cb);
    upstream.on('error', cb);
    client.on('close', cb);
    upstream.on('close', cb);
  }).finally(() => {
    client.destroy();
    upstream.destroy();
  });
}
module.exports = connectSocket;`,
    },
    {
      name: "a named 'error' handler that takes itself off: after an error the socket is done",
      code: `const net = require('net');
function ask(port, question) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, 'db.local');
    const onError = (err) => {
      sock.removeListener('error', onError);
      reject(err);
    };
    sock.once('error', onError);
    sock.on('data', (d) => { sock.end(); resolve(String(d)); });
    sock.write(question);
  });
}
module.exports = ask;`,
    },
    {
      // node-opcua-server's endpoint: throttled, then resumed and given to a secure channel at once.
      name: "a pauseOnConnect server's connection handed on later, in the same turn as its resume(): nothing was read before",
      code: `const net = require('net');
const { Channel } = require('./channel');
class EndPoint {
  start() {
    this.server = net.createServer({ pauseOnConnect: true }, this.onConnection.bind(this));
    this.server.listen(4840);
  }
  onConnection(socket) {
    socket.setNoDelay(true);
    const establish = () => {
      const channel = new Channel();
      socket.resume();
      channel.init(socket, (err) => { if (err) socket.destroy(); });
    };
    this.throttle(establish);
  }
  throttle(fn) { setTimeout(fn, 10); }
}
module.exports = EndPoint;`,
    },
    {
      name: "a pauseOnConnect server's connection never resumed here, handed to a worker later: the worker resumes it",
      code: `const net = require('net');
const workers = require('./workers');
const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  setImmediate(() => workers.next().send('socket', socket));
});
server.listen(4840);`,
    },
    {
      name: "a connect-time once('error', reject) left in place: it takes the errors after connecting too",
      code: connectTimeClient([DATA]),
    },
    {
      name: "a connect-time once('error', reject) removed once connected and a lasting listener added in its place",
      code: connectTimeClient(
        [REMOVE, `this.sock.on('error', (err) => this.fail(err));`, DATA],
        [`fail(err) { console.error(err.message); this.sock.destroy(); }`],
      ),
    },
    {
      name: "a once('error') listener taken off in the socket's own 'close' listener: nothing can come after",
      code: `const net = require('net');
const server = net.createServer((socket) => {
  const onErr = (e) => console.error(e.message);
  socket.once('error', onErr);
  socket.on('data', (d) => socket.write(d));
  socket.on('close', () => socket.off('error', onErr));
});
server.listen(7000, '127.0.0.1');`,
    },
    {
      name: "botframework-streaming: TypeScript's compiled async (__awaiter with a generator) hands the socket on before its first yield, in the same turn",
      code: compiledAwaiterUpgrade(''),
    },
    {
      name: "httplike: a parser's constructor given the caller's socket only pipes it into itself (the caller owns and ends it)",
      code: `var Writable = require('stream').Writable;
var util = require('util');
function Parser(socket, options) {
  Writable.call(this);
  this.options = options || {};
  var me = this;
  this.on('pipe', function (src) { me._socket = src; });
  if (socket) {
    socket.pipe(this);
  }
}
util.inherits(Parser, Writable);
Parser.prototype._write = function (chunk, encoding, done) { this.emit('message', chunk.toString()); done(); };
module.exports = Parser;`,
    },
    {
      // meshcentral's CheckListenPort: 'listening' comes before the server can accept anything.
      name: 'the connections of a port probe closed in its own listen callback: none is ever accepted',
      code: `const net = require('net');
function checkListenPort(port, addr, func) {
  const s = net.createServer(function (socket) { });
  s.listen(port, addr, function () {
    s.close(function () { func(port); });
  }).on('error', function () { checkListenPort(port + 1, addr, func); });
}
module.exports = checkListenPort;`,
    },
    {
      // node-onvif's SOAP request: the request's listeners are removed once its response has ended.
      name: "a request's 'error' listeners removed in its response's 'end' listener",
      code: `const http = require('http');
function post(opts, body) {
  return new Promise((resolve, reject) => {
    let req = http.request(opts, (res) => {
      let xml = '';
      res.on('data', (chunk) => { xml += chunk; });
      res.on('end', () => {
        if (req) {
          req.removeAllListeners('error');
          req.removeAllListeners('timeout');
          req = null;
        }
        resolve(xml);
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(err));
    req.end(body);
  });
}
module.exports = post;`,
    },
    {
      // @fastify/websocket's tests: the test waits for the one error ws will emit.
      name: "await once(ws, 'error'): it listens until the value's one error",
      code: `const { once } = require('events');
const WebSocket = require('ws');
async function expectRefused(url) {
  const ws = new WebSocket(url);
  const [err] = await once(ws, 'error');
  return err.message;
}
module.exports = expectRefused;`,
    },
    {
      name: "once(ws, 'close').catch(…): it rejects on an 'error' until 'close', and the rejection is handled",
      code: `const { once } = require('events');
const WebSocket = require('ws');
function expect503(url, done) {
  const ws = new WebSocket(url);
  const p = once(ws, 'close').catch((err) => done(err.message));
  ws.on('open', () => done(new Error('should not open')));
  return p;
}
module.exports = expect503;`,
    },
    {
      name: "a socket connected and returned by a private method, given its listeners by the same class's caller (@mswjs/interceptors)",
      code: `const net = require('net');
class Controller {
  constructor(socket) { this.socket = socket; }
  #createRetargetedConnection(opts) {
    const realSocket = new net.Socket();
    return realSocket.connect(opts);
  }
  passthrough(opts) {
    const realSocket = this.#createRetargetedConnection(opts);
    realSocket.setTimeout(5000, () => realSocket.destroy());
    this.addListeners(realSocket);
  }
  addListeners(s) { s.on('error', (e) => this.socket.destroy(e)); s.on('data', (d) => this.socket.push(d)); }
}
module.exports = Controller;`,
    },
    {
      name: "a connection kept as bot.$ws, whose 'error' listener is added through that property (a name with $)",
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  const bot = makeBot();
  bot.$ws = ws;
  ws.on('message', (m) => bot.ingest(m));
  bot.start();
});
function makeBot() {
  const bot = { ingest() {}, start() { bot.$ws.on('error', () => bot.$ws.terminate()); } };
  return bot;
}`,
    },
    {
      name: "a request whose one-shot 'error' callback takes itself off, returned to the caller who may listen (form-data)",
      code: `const http = require('http');
exports.submit = function (options, cb) {
  const request = http.request(options);
  const callback = function (error, response) {
    request.removeListener('error', callback);
    request.removeListener('response', onResponse);
    cb(error, response);
  };
  const onResponse = callback.bind(this, null);
  request.on('error', callback);
  request.on('response', onResponse);
  return request;
};`,
    },
    {
      name: "a connect-time once('error') removed on connect, then a lasting 'error' listener added (the usual handshake)",
      code: `const net = require('net');
exports.connect = function (port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, () => {
      socket.removeListener('error', reject);
      socket.on('error', (err) => console.error(err));
      resolve(true);
    });
    socket.once('error', reject);
    socket.setTimeout(5000, () => socket.destroy());
  });
};`,
    },
    {
      name: "a per-command 'error' listener removed with the reply, while a lasting one stays",
      code: `const net = require('net');
const socket = net.connect(27015);
socket.setTimeout(5000, () => socket.destroy());
socket.on('error', (err) => console.error(err));
exports.send = function (payload) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    socket.on('error', onError);
    socket.once('data', (reply) => { socket.removeListener('error', onError); resolve(reply); });
    socket.write(payload);
  });
};`,
    },
    {
      name: 'a socket returned as the last operand of a comma sequence (minified https-proxy-agent): the caller gets it',
      code: `const net = require('net');
exports.connect = function (req, r, h) {
  r.destroy();
  const p = new net.Socket({ writable: false });
  return p.readable = true, req.once('socket', (t) => { t.push(h); t.push(null); }), p;
};`,
    },
    {
      name: "a request awaited in a race of its own 'response' and 'timeout' (jose): the once() still waiting keeps listening for 'error'",
      code: `const http = require('http');
const { once } = require('events');
module.exports = async function fetchJwks(url, timeout) {
  const req = http.get(url, { timeout });
  const [response] = await Promise.race([once(req, 'response'), once(req, 'timeout')]);
  if (!response) {
    req.destroy();
    throw new Error('timed out');
  }
  return response;
};`,
    },
    {
      name: "a request function chosen between two clients that are not Node's modules",
      code: `exports.send = function (clients, secure, options, cb) {
  var requestFn = secure ? clients.tls.request : clients.plain.request;
  var req = requestFn(options, function (res) { cb(null, res); });
  req.end();
};`,
    },
    {
      name: 'a WebSocket kept in an object of this code whose property gets its error listener elsewhere in the file',
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  const bot = spawnBot();
  bot.ws = ws;
  ws.on('message', (m) => bot.ingest(m));
});
function spawnBot() {
  const bot = { ingest() {} };
  bot.attach = () => bot.ws.on('error', () => bot.ws.terminate());
  return bot;
}`,
    },
    {
      name: "a connection stored in the caller's registry object: the caller may listen through it",
      code: `const net = require('net');
module.exports = function serve(registry, port) {
  const server = net.createServer((socket) => {
    registry.socket = socket;
    socket.on('data', (d) => registry.onData(d));
  });
  server.on('error', console.error);
  server.listen(port);
};`,
    },
    {
      // ssh2's http-agents: the helper's socket is handed to the agent's callback in the same turn it is made.
      name: 'a socket a same-file helper returns, handed on where the helper is called, inside a callback',
      code: `const { connect: tlsConnect } = require('tls');
function decorateStream(stream, options) {
  options.socket = stream;
  const wrapped = tlsConnect(options);
  wrapped.on('close', () => stream.destroy());
  return wrapped;
}
exports.createConnection = function (client, options, cb) {
  client.forwardOut('127.0.0.1', 0, options.host, options.port, (err, stream) => {
    if (err) return cb(err);
    cb(null, decorateStream(stream, options));
  });
};`,
    },
    {
      name: 'express-ws routes when every connection of its server is listened on for errors (getWss())',
      code: `const express = require('express');
const expressWs = require('express-ws');
const app = express();
const wsApp = expressWs(app);
app.ws('/ws', (ws, req) => {
  ws.on('message', (data) => ws.send(data));
});
wsApp.getWss().on('connection', (ws) => ws.on('error', console.error));
app.listen(3000);`,
    },
    {
      // parse-server: the owner assigns its own onConnection (with the listener) before start().
      name: 'a connection handed to an empty method left for an owner or a subclass to replace',
      code: `const WebSocketServer = require('ws').Server;
class WSAdapter {
  constructor(options) { this.options = options; }
  onListen() {}
  onConnection(ws) {}
  onError(error) {}
  start() {
    const wss = new WebSocketServer({ server: this.options.server });
    wss.on('listening', this.onListen);
    wss.on('connection', this.onConnection);
    wss.on('error', this.onError);
  }
}
exports.WSAdapter = WSAdapter;`,
    },
    {
      // node-cubrid: the constructor's socket is never connected; each method puts a connected one in the field.
      name: "a field's never-connected placeholder socket, replaced by connected sockets in other methods",
      code: `var net = require('net');
function Conn(host) { this.host = host; this._socket = new net.Socket(); }
Conn.prototype.open = function (self, callback) {
  self._socket = net.createConnection(33000, self.host);
  self._socket.setTimeout(5000);
  self._socket.on('timeout', function () { self._socket.destroy(); callback(new Error('timeout')); });
  self._socket.on('error', function (err) { callback(err); });
};
Conn.prototype.query = function (sql) { this._socket.write(sql); };
module.exports = Conn;`,
    },
    {
      name: "with includeServers, a server whose 'close' this code handles and that it hands to a helper is not read from like a connection",
      code: `const net = require('net');
const { register } = require('./registry');
const server = net.createServer((socket) => { socket.on('error', () => socket.destroy()); socket.end('hi'); });
server.on('close', () => console.log('closed'));
register(server);
server.listen(7000);`,
      options: { includeServers: true },
    },
    {
      name: "a ws WebSocket given an onerror setter: ws takes it as its 'error' listener (@kubernetes/client-node)",
      code: `const WebSocket = require('ws');
function connect(url, onMessage, onFail) {
  const client = new WebSocket(url);
  client.onmessage = (event) => onMessage(event.data);
  client.onerror = (err) => onFail(err);
  return undefined;
}
module.exports = connect;`,
    },
    {
      name: "a TLSSocket made with new tls.TLSSocket(socket) for STARTTLS: Node's own 'error' listener routes its errors to '_tlsError' (mysql)",
      code: `const tls = require('tls');
function startTLS(connection, secureContext, onSecure) {
  const secureSocket = new tls.TLSSocket(connection.socket, { secureContext, isServer: false });
  secureSocket.on('_tlsError', (err) => onSecure(err));
  secureSocket.on('secure', () => onSecure(null));
  secureSocket.pipe(connection.protocol);
}
module.exports = startTLS;`,
    },
    {
      name: "once('error', noop) right before emitting an error on a socket: the listener is there to take that error (whistle's emitError)",
      code: `const net = require('net');
exports.emitError = function (socket, err) {
  if (socket) {
    socket.once('error', function () {});
    socket.emit('error', err || new Error('Unknown'));
  }
};`,
    },
    {
      name: "a once('error') listener on a message stream that the code makes emit 'error' (not a connection: nodemailer)",
      code: `const net = require('net');
function send(stream, done) {
  stream.once('error', (err) => console.error('failed creating message', err.message));
  stream.on('end', () => done(null));
  if (!stream.readable) stream.emit('error', new Error('not readable'));
}
module.exports = send;`,
    },
    {
      name: 'a connection handler this file calls from a connection listener that listens for errors first',
      code: `const net = require('net');
function handleConnection(socket) {
  socket.on('data', (d) => socket.write(d));
}
const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  handleConnection(socket);
});
server.listen(7000);`,
    },
    {
      name: "an exported connection handler that listens for the socket's errors",
      code: `import type { Socket } from 'node:net';
export function onSocketConnection(socket: Socket) {
  socket.on('error', (err) => console.error(err.message));
  socket.on('data', (data) => socket.write(data));
}`,
      filename: 'case.ts',
    },
    {
      name: "sockets handed to http-proxy's ws() listened to from the proxy's 'proxyReqWs' event, which ws() emits before connecting (vite's fix)",
      code: `const http = require('http');
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({ target: 'ws://localhost:9000', ws: true });
proxy.on('proxyReqWs', (proxyReq, req, socket) => {
  socket.on('error', (err) => console.error('ws proxy socket error', err.message));
});
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  proxy.ws(req, socket, head);
});
server.listen(8080);`,
    },
    {
      name: 'a socket whose data this code parses, handed to a connection class the caller injects (json-rpc2): that class may listen',
      code: `module.exports = function (classes) {
  var net = require('net');
  var SocketConnection = classes.SocketConnection;
  return function connectSocket(port, onValue) {
    var socket = net.connect(port);
    var conn = new SocketConnection(socket);
    socket.on('data', function (chunk) { onValue(conn, chunk); });
    return undefined;
  };
};`,
    },
    {
      name: "a once('error') listener that destroys the socket: the error it takes is the last",
      code: `const net = require('net');
function deliver(socket, done) {
  socket.once('timeout', () => socket.emit('error', new Error('timeout')));
  socket.once('error', (err) => { socket.destroy(); done(err); });
  socket.write('EHLO example.com\\r\\n');
}
module.exports = deliver;`,
    },
    {
      name: "a once('error') listener on a socket the code never makes emit 'error' itself",
      code: `const net = require('net');
function probe(port, done) {
  const socket = net.connect(port);
  socket.once('error', (err) => done(err));
  socket.once('connect', () => { socket.end(); done(null); });
}
module.exports = probe;`,
    },
    {
      name: 'a class that keeps a socket and listens for its errors in another method it calls',
      code: `class Connection {
  constructor(socket) {
    this.socket = socket;
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.bindErrors();
  }
  bindErrors() { this.socket.on('error', (err) => this.onError(err)); }
  onData(chunk) { this.socket.write(chunk); }
  onError(err) { console.error(err); this.socket.destroy(); }
}
module.exports = Connection;`,
    },
    {
      name: 'a class given a socket it only writes to: whoever reads it handles its errors',
      code: `class Writer {
  constructor(socket) { this.socket = socket; }
  send(line) { this.socket.write(line + '\\n'); }
}
module.exports = Writer;`,
    },
    {
      name: 'a class that hands the socket it is given to a library at once (the library listens)',
      code: `const WebSocket = require('ws');
class Bridge {
  constructor(ws) {
    this.stream = WebSocket.createWebSocketStream(ws);
    ws.on('close', () => this.stream.destroy());
  }
}
module.exports = Bridge;`,
    },
    {
      name: "an upgrade socket handed to http-proxy's ws() after listening for its errors",
      code: `const http = require('http');
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({ target: 'ws://localhost:9000', ws: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  proxy.ws(req, socket, head);
});
server.listen(8080);`,
    },
    {
      name: 'a WebSocket handed to a library that listens for its errors (ws.createWebSocketStream), its close handled here',
      code: `const WebSocket = require('ws');
module.exports = function streamBuilder(url) {
  const socket = new WebSocket(url);
  const stream = WebSocket.createWebSocketStream(socket);
  socket.on('close', () => stream.destroy());
  return stream;
};`,
    },
    {
      name: 'a WebSocket whose messages are only awaited with events.once (it listens for errors while waiting), then kept in a list',
      code: `const WebSocket = require('ws');
const { once } = require('events');
async function openAll(urls, clients) {
  for (const url of urls) {
    const ws = new WebSocket(url);
    await once(ws, 'open');
    ws.send('hello');
    await once(ws, 'message');
    clients.push(ws);
  }
}
module.exports = openAll;`,
    },
    {
      name: 'a connection whose close is handled here, handed to a callback the caller gave (the caller may listen)',
      code: `const WebSocket = require('ws');
module.exports = function accept(server, onClient) {
  const wss = new WebSocket.Server({ server });
  wss.on('error', () => {});
  wss.on('connection', (ws) => {
    ws.on('close', () => console.log('closed'));
    onClient(ws);
  });
};`,
    },
    {
      name: "ws chosen on Node, listened to with addEventListener('error')",
      code: `const WebSocket = typeof window == 'undefined' ? require('ws') : window.WebSocket;
function connect(url, onMessage) {
  const ws = new WebSocket(url);
  ws.addEventListener('message', onMessage);
  ws.addEventListener('error', (err) => console.error('websocket error', err));
  ws.addEventListener('close', () => setTimeout(() => connect(url, onMessage), 1000));
}
module.exports = connect;`,
    },
    {
      name: "both paths of an if/else listen for the socket's errors",
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/ws') {
    socket.on('error', () => socket.destroy());
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  } else {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 404 Not Found\\r\\n\\r\\n');
  }
});
server.listen(8080);`,
    },
    {
      name: 'a listener before the if/else covers both paths',
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.url === '/ws') {
    socket.on('error', (err) => console.error(err.message));
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  } else {
    socket.end('HTTP/1.1 404 Not Found\\r\\n\\r\\n');
  }
});
server.listen(8080);`,
    },
    {
      name: 'the other path hands the socket on (its new owner listens)',
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/ws') {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
  } else {
    server.emit('proxy', req, socket, head);
  }
});
server.listen(8080);`,
    },
    {
      name: "a field re-pointed in a connect callback, with an 'error' listener on the new socket too",
      code: `const net = require('net');
const tls = require('tls');
function Conn(opts) { this.state = {}; this.opts = opts; }
Conn.prototype.connect = function () {
  const state = this.state;
  let socket = state.conn = new net.Socket();
  if (this.opts.secure) socket = tls.connect({ socket: state.conn }, onconnect);
  else state.conn.once('connect', onconnect);
  function onconnect() {
    state.conn = socket;
  }
  state.conn.on('error', (err) => console.error(err.message));
  socket.on('error', (err) => console.error(err.message));
  state.conn.connect(this.opts.port, this.opts.host);
};
module.exports = Conn;`,
    },
    {
      name: "an upgrade socket of a server whose 'connection' listener gives every socket an 'error' listener (proxy-chain)",
      code: `const http = require('http');
class Server {
  constructor() {
    this.server = http.createServer();
    this.server.on('connection', this.onConnection.bind(this));
    this.server.on('connect', this.onConnect.bind(this));
  }
  onConnection(socket) {
    socket.on('error', (err) => console.error(err.message));
  }
  async onConnect(request, socket, head) {
    const opts = await this.prepare(request);
    opts.connect(socket, head);
  }
  async prepare(request) { return { connect() {} }; }
}
module.exports = Server;`,
    },
    {
      name: "a socket awaited on its own 'connect' (events.once listens for its errors meanwhile), then returned",
      code: `const net = require('net');
const { once } = require('events');
async function open(opts) {
  const socket = net.connect(opts);
  await once(socket, 'connect');
  return socket;
}
module.exports = open;`,
    },
    {
      name: "an await in another branch than the socket's creation",
      code: `const net = require('net');
const { once } = require('events');
async function open(type, opts, load) {
  let socket = null;
  let agent = null;
  if (type === 'DIRECT') {
    socket = net.connect(opts);
  } else {
    const { Agent } = await load();
    agent = new Agent(opts);
  }
  if (socket) return socket;
  return agent.connect(opts);
}
module.exports = open;`,
    },
    {
      name: "a (req, socket, head) helper called in this file: its socket is the caller's",
      code: `module.exports = {
  check(req, connection, head) {
    if (!req.headers.upgrade) throw new Error('not a WebSocket request');
  },
  handle(req, connection, head) {
    this.check(req, connection, head);
    return wrap(req, connection, head);
  },
};
function wrap(req, connection, head) { return { req, connection, head }; }`,
    },
    {
      name: 'an async (req, socket, head) handler that listens before its first await',
      filename: 'case.ts',
      code: `import type { Socket } from 'net';
import type { IncomingMessage } from 'http';
export class Api {
  async runWebSocket(req: IncomingMessage, socket: Socket, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const session = await this.find(req.url);
    session.proxy(req, socket, head);
  }
  private async find(url?: string) { return { proxy(a: unknown, b: unknown, c: unknown) {} }; }
}`,
    },
    {
      name: "an untyped server's upgrade socket handed at once to a project helper module (it may listen)",
      code: `const util = require('./util');
function attach(server) {
  server.on('upgrade', function (req, socket, head) {
    util.onSocketEnd(socket, (err) => socket.destroy(err));
    lookup(req, () => socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'));
  });
}
function lookup(req, cb) { setTimeout(cb, 10); }
module.exports = attach;`,
    },
    {
      name: "an untyped emitter's custom 'connect' event with one parameter",
      code: `function watch(broker) {
  broker.on('connect', (client) => {
    setTimeout(() => client.write('hello'), 10);
  });
}
module.exports = watch;`,
    },
    {
      name: "an untyped server's upgrade socket listened to at once",
      code: `function attach(server, proxy) {
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    resolveTarget(req).then((target) => proxy.ws(req, socket, head, { target }));
  });
}
function resolveTarget(req) { return Promise.resolve(req.url); }
module.exports = attach;`,
    },
    {
      name: "every 'error' listener removed, then the socket destroyed in the same function",
      code: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', () => s.destroy());
function cleanup() {
  s.removeAllListeners();
  s.destroy();
}
module.exports = cleanup;`,
    },
    {
      name: "'error' listeners removed and one added back right after (a quiet cleanup listener)",
      code: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', (err) => console.error(err));
function cleanup() {
  s.removeAllListeners('error');
  s.on('error', () => {});
  s.end();
}
module.exports = cleanup;`,
    },
    {
      name: "listeners removed inside the socket's own 'close' listener (it is done)",
      code: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', (err) => console.error(err));
s.on('close', () => {
  s.removeAllListeners();
});`,
    },
    {
      // ads-client: the router ended the connection while connecting; Node ends this side and the socket closes.
      name: "listeners removed inside the socket's own 'end' listener: not half-open, it closes right after",
      code: `const net = require('net');
function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, 'router');
    socket.on('error', (err) => reject(err));
    socket.once('end', () => {
      socket.removeAllListeners();
      reject(new Error('ended by remote'));
    });
    socket.once('connect', () => resolve(true));
  });
}
module.exports = connect;`,
    },
    {
      name: "only the 'data' listeners removed",
      code: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', (err) => console.error(err));
function pause() {
  s.removeAllListeners('data');
  s.end();
}
module.exports = pause;`,
    },
    {
      name: 'a socket given to an ES5 constructor of this file that listens for its errors',
      code: `const net = require('net');
function Client(stream) {
  this.stream = stream;
  this.stream.on('error', (err) => console.error(err));
}
Client.prototype.send = function (m) { this.stream.write(m); };
module.exports = function create(port) { return new Client(net.connect(port, 'db')); };`,
    },
    {
      name: "a WebSocket kept in a constructor's static list, with an 'error' listener",
      code: `const WebSocket = require('ws');
function Debug() {}
Debug.connections = [];
Debug.server = new WebSocket.Server({ port: 8081 });
Debug.server.on('error', (err) => console.error(err));
Debug.server.on('connection', (ws) => {
  Debug.connections.push(ws);
  ws.on('error', (err) => console.error(err.message));
});
module.exports = Debug;`,
    },
    {
      name: 'an accepted socket handed to a bound function expression that listens for its errors',
      code: `const net = require('net');
function Server() {
  const setup = function (socket) {
    socket.on('error', () => socket.destroy());
    socket.on('data', (d) => this.handle(d));
  }.bind(this);
  net.createServer((s) => setup(s)).listen(502);
}
module.exports = Server;`,
    },
    {
      name: "a request listened to only in a later callback but returned to the caller at once (form-data's submit)",
      code: `const http = require('http');
function submit(options, form, cb) {
  const request = http.request(options);
  form.getLength((err, length) => {
    request.on('error', cb);
    request.setHeader('Content-Length', length);
    form.pipe(request);
  });
  return request;
}
module.exports = submit;`,
    },
    {
      name: 'a socket parameter listened to at once, and again in a later callback',
      filename: 'case.ts',
      code: `import * as http from 'node:http';
import type { Socket } from 'node:net';
export function stream(socket: Socket, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  socket.unshift(head);
  const proxyReq = http.request({ host: 'upstream', timeout: 5000 });
  proxyReq.on('error', () => socket.destroy());
  proxyReq.on('upgrade', (res, upstream: Socket) => {
    upstream.on('error', () => socket.end());
    socket.on('error', () => upstream.end());
    upstream.pipe(socket).pipe(upstream);
  });
  proxyReq.end();
}`,
    },
    {
      name: "a socket parameter whose 'error' listener is added in a same-file helper called at once",
      code: `function setup(socket) {
  socket.on('error', () => socket.destroy());
}
function onUpgrade(req, socket) {
  setup(socket);
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
}
module.exports = onUpgrade;`,
    },
    {
      name: "'error' among a constant list of events walked by forEach (mongodb's connect)",
      code: `const net = require('net');
const SOCKET_ERROR_EVENTS = new Set(['error', 'close', 'timeout']);
function connect(options, callback) {
  const socket = net.createConnection(options);
  SOCKET_ERROR_EVENTS.forEach((event) => socket.once(event, (err) => callback(new Error(event + ': ' + err))));
  socket.once('connect', () => callback(undefined, socket));
}
module.exports = connect;`,
    },
    {
      name: "'error' among a constant array walked by for…of",
      code: `const net = require('net');
const s = net.connect(80);
for (const ev of ['error', 'end']) s.on(ev, () => s.destroy());
s.write('x');`,
    },
    {
      name: "a TypeScript 'this:' parameter before the accepted socket",
      filename: 'case.ts',
      code: `import * as net from 'net';
function onConnection(this: net.Server, socket: net.Socket): void {
  socket.on('error', () => socket.destroy());
}
net.createServer(onConnection).listen(1080);`,
    },
    {
      name: "a connection listener that is a bound method of the class, listening for 'error' (thelounge, after its fix)",
      code: `const net = require('net');
class Identd {
  start() {
    const server = net.createServer(this.serverConnection.bind(this));
    server.on('error', () => {});
    server.listen(113);
  }
  serverConnection(socket) {
    socket.on('error', (err) => console.error(err));
    socket.on('data', () => socket.end('ok'));
  }
}
module.exports = Identd;`,
    },
    {
      name: "A webpack module id that is a path is the bundle's own code, not Node's module",
      code: `const s = __webpack_require__("./src/net.js").connect(80);
s.write('x');
`,
    },
    // A test that starts a server: its connections to this machine reach its own program (issue 9, shape 10)
    {
      name: "a test's socket to its own fastify server, by the port the server reports",
      code: `const { connect } = require('node:net');
const Fastify = require('fastify');
const fastify = Fastify();
fastify.listen({ port: 0 }, (err) => {
  const socket = connect(fastify.server.address().port);
  socket.write('GET / HTTP/1.1\\r\\n\\r\\n');
});
`,
      filename: 'test/client-timeout.test.js',
    },
    {
      name: "a test's createConnection({ port }) with no host, the port read from the server",
      code: `const net = require('net');
const server = net.createServer((c) => c.end('hi'));
server.listen(0, () => {
  const port = server.address().port;
  const client = net.createConnection({ port }, () => client.write('x'));
});
`,
      filename: 'test/close.test.js',
    },
    {
      name: "a test's net.connect(port, '127.0.0.1') after its server listens",
      code: `const net = require('net');
const http = require('http');
const server = http.createServer((req, res) => res.end());
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.write('GET / HTTP/1.1\\r\\n\\r\\n');
});
`,
      filename: 'test/reply-error.test.js',
    },
    {
      name: "a test's http.get of a localhost URL built on the server's port",
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, () => {
  const port = server.address().port;
  http.get(\`http://localhost:\${port}\`, (res) => res.resume());
});
`,
      filename: 'test/stream.test.js',
    },
    {
      name: "a test's http.get of the address fastify's listen callback reports",
      code: `const http = require('http');
const fastify = require('fastify')();
fastify.listen({ port: 0 }, (err, address) => {
  const req = http.get(address);
  req.on('response', (res) => res.resume());
});
`,
      filename: 'test/reply-early-hints.test.js',
    },
    {
      name: "a test's http.get of a URL built on what await app.listen() resolves to",
      code: `const http = require('http');
async function run(fastify) {
  const origin = await fastify.listen({ port: 0 });
  http.get(origin + '/redirect', (res) => res.resume());
}
module.exports = run;
`,
      filename: 'test/reply.test.js',
    },
    {
      name: "a test's WebSocket to ws://localhost of its own server",
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 0 });
const server = require('http').createServer().listen(0, () => {
  const ws = new WebSocket('ws://localhost:' + server.address().port);
  ws.on('open', () => ws.send('x'));
});
`,
      filename: 'test/ws.test.js',
    },
    {
      name: "a test's http.get of a URL on the port its server reported, whatever the host",
      code: `const http = require('http');
const { localhostForURL } = require('./helper');
const fastify = require('fastify')();
fastify.listen({ port: 0 }, (err) => {
  http.get(\`http://\${localhostForURL}:\${fastify.server.address().port}\`, () => {});
});
`,
      filename: 'test/internals/initial-config.test.js',
    },
    {
      name: "a test's request with the port its server reported in the options",
      code: `const http = require('http');
const fastify = require('fastify')();
fastify.listen({ port: 0 }, (err) => {
  http.get({ host: fastify.server.address().hostname, port: fastify.server.address().port, path: '/' });
});
`,
      filename: 'test/versioned-routes.test.js',
    },
    {
      name: "the 'upgrade' socket of a test's own framework server",
      code: `const Fastify = require('fastify');
const fastify = Fastify();
fastify.server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.end();
});
fastify.listen({ port: 0 }, () => {
  const client = require('net').connect(fastify.server.address().port);
  client.on('error', () => {});
  client.end('GET / HTTP/1.1\\r\\nConnection: Upgrade\\r\\nUpgrade: test\\r\\n\\r\\n');
});
`,
      filename: 'test/upgrade.test.js',
    },
    {
      // (@fastify/url-data's tests: the host is a const inside the URL template.)
      name: "a test's URL template whose host is a same-file const naming localhost",
      code: `const http = require('http');
const urlHost = 'localhost';
let port;
const fastify = require('fastify')();
fastify.listen({ port: 0 }, (err) => {
  port = fastify.server.address().port;
  http.get(\`http://\${urlHost}:\${port}/path?q=1\`, () => {});
});
`,
      filename: 'test/tests.test.js',
    },
    {
      // (pino-http's tests.)
      name: "a test's http.get(server.address()) in its server's listen callback",
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end());
server.listen(0, () => {
  http.get(server.address(), () => server.close());
});
`,
      filename: 'test/test.js',
    },
    {
      name: "a test's request options destructured from its server's address()",
      code: `const http = require('http');
function run(server) {
  const { address, port } = server.address();
  http.get({ protocol: 'http:', hostname: address, port, path: '/' }, (res) => res.resume());
}
http.createServer((req, res) => res.end()).listen(0, function () { run(this); });
`,
      filename: 'test/test.js',
    },
    {
      name: 'a test helper concatenating a URL on the port its server reported',
      code: `const http = require('http');
function doGet(server, path, callback) {
  const address = server.address();
  http.get('http://' + address.address + ':' + address.port + path, callback);
}
const server = http.createServer((req, res) => res.end()).listen(0, () => doGet(server, '/', () => {}));
`,
      filename: 'test/test.js',
    },
    {
      name: "the connections a test's own server accepts come from the test's clients",
      code: STDOUT_SINK_SERVER + SINK_CLIENT,
      filename: 'test/multiple_objects.js',
    },
    {
      name: "a test's own server whose address the test hands to the code under test (node-logstash's outputs): that code is its client",
      code: STDOUT_SINK_SERVER.replace('9999', '17874') + "require('./helper').createAgent(['output://tcp://localhost:17874'], (agent) => agent.close());\n",
      filename: 'test/test_406_logio.js',
    },
    {
      name: "a test's own server whose host and port the test hands to the code under test as separate fields (evilscan's scanner)",
      code:
        STDOUT_SINK_SERVER.replace('server.listen(9999);', 'const port = 1026;\nserver.listen(port);') +
        "new (require('../'))({ target: '127.0.0.1', port, timeout: 100 }).on('done', () => server.close()).run();\n",
      filename: 'tests/scan.ports.banner.js',
    },
    // Type-assertion files (tsd's *.test-d.ts) are never run (issue 9, shape 10)
    {
      code: `import * as net from 'net';
const s = net.connect(80);
s.write('x');
`,
      filename: 'index.test-d.ts',
      name: 'a *.test-d.ts file is only type-checked',
    },
    {
      name: 'Compiled imports (issue 9, shape 1): handled sockets stay silent, unknown modules are not tracked',
      code: `var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const net_1 = __importDefault(require("net"));
const s = net_1.default.connect(80, 'h');
s.on('error', () => s.destroy());
s.write('x');
`,
    },
    `const db_1 = require("mongodb");
const c = (0, db_1.connect)('mongodb://x');
c.write('x');
`,
    `var _net = _interopRequireDefault(require("./net"));
const s = _net.default.connect(80);
s.write('x');
`,
    // http2 servers add their own 'error' listener to every accepted socket (@grpc/grpc-js).
    `const http2 = require('http2');
const server = http2.createSecureServer({});
server.prependListener('connection', (socket) => {
  if (!ready) socket.destroy();
});`,
    // end() returns the request: the same value is followed into a same-file helper that handles 'error' (http2-wrapper).
    `const http = require('http');
const getStream = (request) => new Promise((resolve, reject) => {
  request.once('error', reject);
  request.once('connect', (res, socket) => resolve(socket));
});
function connect() {
  const request = http.request({ method: 'CONNECT', path: 'example.com:443' }).end();
  return getStream(request);
}`,
    `const net = require('net');
const s = net.connect(80, 'example.com');
s.on('error', (err) => console.error(err));`,
    `const net = require('net');
net.connect(80).on('error', () => {});`,
    `import * as net from 'node:net';
const s = net.createConnection({ port: 80 });
s.once('error', () => {});`,
    {
      name: 'Handed on before it connects: the new owner can listen from the start',
      code: `const net = require('net');
const sock = net.connect(5672, 'broker');
const c = new Connection(sock);
`,
    },
    {
      name: "handed on once connected, with a transient 'error' listener while connecting",
      code: `const net = require('net');
const sock = net.connect(5672, 'broker', () => {
  sock.removeListener('error', onError);
  resolve(new Connection(sock));
});
sock.once('error', onError);`,
    },
    {
      name: 'handed on in the connect callback and also returned at once',
      code: `const net = require('net');
function open(port) {
  const sock = net.connect(port, () => log(sock));
  return sock;
}`,
    },
    {
      name: 'handed on at once, through a local function called directly and f.apply(this, arguments)',
      code: `var http = require('http');
function S() {
  var self = this;
  Object.defineProperty(this, '_server', { value: http.createServer() });
  this._server.on('upgrade', function (req, socket, head) {
    self.handleUpgrade(req, socket, head);
  });
}
S.prototype.handleUpgrade = function (req, socket, head) {
  handleHybi.apply(this, arguments);
};
function handleHybi(req, socket, head) {
  var args = [req, socket, head];
  complete.apply(this, args);
}
function complete(req, socket, head) {
  new WebSocket([req, socket, head]);
}`,
    },
    {
      name: 'handed on in a callback that runs at once (forEach, a Promise executor)',
      code: `const net = require('net');
const server = net.createServer((socket) => {
  [handlerA, handlerB].forEach((h) => h.take(socket));
  return new Promise((resolve) => resolve(register(socket)));
});`,
    },
    {
      name: "an 'error' listener added before the socket is handed on later",
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.once('data', () => sessions.emit('new', socket));
});`,
    },
    {
      name: 'a promise of the socket returned at once, resolved in its connect callback (basic-ftp)',
      code: `const tls = require('tls');
function upgradeSocket(socket, options) {
  return new Promise((resolve, reject) => {
    const tlsSocket = tls.connect({ ...options, socket }, () => resolve(tlsSocket));
  });
}
const secure = (client) => client.send('AUTH TLS').then(() => upgradeSocket(client.socket, {}));
module.exports = { upgradeSocket, secure };`,
    },
    {
      name: 'escapes: returned to the caller',
      code: `const net = require('net');
function open() { return net.connect(80); }`,
    },
    {
      name: 'stored in a collection that leaves the module: its users may add the listener',
      code: `const net = require('net');
export const pool = [];
pool.push(net.connect(80));`,
    },
    {
      name: 'a collection handed to code the analysis cannot see takes its sockets along',
      code: `const net = require('net');
const pool = new Map();
pool.set('a', net.connect(80));
module.exports = pool;`,
    },
    {
      name: 'a collection whose elements get the listener where they are read',
      code: `const net = require('net');
const pool = new Map();
pool.set('a', net.connect(80));
for (const s of pool.values()) s.on('error', () => s.destroy());`,
    },
    {
      name: "a second 'connection' listener that only keeps track of the socket: the first listens",
      code: trackedConnections(`  socket.on('error', () => socket.destroy());\n  socket.pipe(socket);`),
    },
    {
      name: "a tracking 'connection' listener on a field's pauseOnConnect server whose other listener hands the socket on (node-opcua)",
      filename: 'case.ts',
      code: `import * as net from 'node:net';
import { Channel } from './channel';
export class EndPoint {
  private server?: net.Server;
  private readonly accepted = new Set<net.Socket>();
  start(): void {
    this.server = net.createServer({ pauseOnConnect: true }, this.onConnection.bind(this));
    this.server.on('connection', (socket: net.Socket) => {
      this.accepted.add(socket);
      socket.on('close', () => this.accepted.delete(socket));
    });
    this.server.listen(4840);
  }
  private onConnection(socket: net.Socket): void {
    socket.resume();
    new Channel().init(socket);
  }
}`,
    },
    {
      name: "a constructor that runs another module's constructor on this: its base listens on the field (faye-websocket)",
      code: `const net = require('net');
const util = require('util');
const API = require('./api');
var Client = function (options) {
  this._stream = net.connect(options.port, options.host);
  API.call(this, options);
};
util.inherits(Client, API);
module.exports = Client;`,
    },
    {
      name: 'a field set right before a method inherited from another module is called on it (this.attach() of the base)',
      filename: 'case.ts',
      code: tcpTransport('this.attach();'),
    },
    {
      name: "a field set in a callback of a prototype method, then an inherited method called (faye-websocket's _configureStream)",
      code: `const tls = require('tls');
const util = require('util');
const API = require('./api');
function Client(options) {
  API.call(this, options);
}
util.inherits(Client, API);
Client.prototype._configureProxy = function (proxy) {
  const self = this;
  proxy.on('connect', function () {
    self._stream = tls.connect({ socket: self._raw, servername: self.host });
    self._configureStream();
  });
};
module.exports = Client;`,
    },
    {
      name: 'a field whose listener is added by another method of the class',
      code: `const net = require('net');
class Client {
  open() {
    this.socket = net.connect(80);
    this.bind();
  }
  bind() {
    this.socket.on('error', (err) => this.emit('error', err));
  }
}`,
    },
    {
      name: "a constructor function's field given its listener in a prototype method",
      code: `const tls = require('tls');
function Client(options) {
  this._socket = undefined;
  this.options = options;
}
Client.prototype.connect = function () {
  const self = this;
  this._socket = tls.connect(this.options);
  self._socket.once('error', (err) => self.emit('error', err));
};`,
    },
    {
      name: 'a class setter that installs the listeners (this.socket = new Socket() in the constructor)',
      code: `const { Socket } = require('net');
class FtpContext {
  constructor() {
    this.socket = new Socket();
  }
  set socket(socket) {
    this._socket = this._setup(socket);
  }
  _setup(socket) {
    socket.on('error', (err) => this.fail(err));
    return socket;
  }
}`,
    },
    {
      name: 'a chained assignment into a field and a variable, the listener added through the variable',
      code: `const net = require('net');
class Irc {
  connect() {
    const socket = this.socket = net.connect(6667);
    socket.on('error', (err) => this.emit('error', err));
  }
}`,
    },
    {
      name: 'a field handed to a prototype method of the same constructor that listens',
      code: `const tls = require('tls');
function Connection() {}
Connection.prototype.upgrade = function () {
  const self = this;
  this.stream.once('data', function () {
    self.stream = tls.connect({ socket: self.stream });
    self.attach(self.stream);
  });
};
Connection.prototype.attach = function (stream) {
  stream.on('error', (err) => this.emit('error', err));
};`,
    },
    {
      name: 'a socket over a descriptor someone else opened (stdio)',
      code: `const net = require('net');
function createWritableStdioStream(fd) {
  const stream = new net.Socket({ fd, readable: false, writable: true });
  stream._type = 'pipe';
  return stream;
}
const out = createWritableStdioStream(2);
out.write('log line');`,
    },
    {
      name: 'a context object handed to a same-file helper that listens on its socket',
      code: `const net = require('net');
function relay(client) {
  const context = { client, upstream: null };
  connectUpstream(context);
}
function connectUpstream(context) {
  context.upstream = net.connect(9000);
  context.upstream.on('error', () => context.client.destroy());
  context.client.on('error', () => context.upstream.destroy());
}
net.createServer(relay).listen(8000);`,
    },
    {
      name: 'a context object given to code the analysis cannot see',
      code: `const net = require('net');
const hooks = require('./hooks');
net.createServer((socket) => {
  const context = { socket };
  hooks.run(context);
}).listen(8000);`,
    },
    {
      name: "a listener added through a same-file wrapper: this._bindEvent(socket, 'error', fn)",
      code: `const net = require('net');
class Connection {
  connect() {
    const socket = this.socket = net.connect(6667);
    this._bindEvent(socket, 'error', (err) => this.emit('error', err));
  }
  _bindEvent(target, event, fn) {
    target.on(event, fn);
    this._unbinds.push(() => target.removeListener(event, fn));
  }
}`,
    },
    {
      name: 'a field read through a const self = this alias',
      code: `const net = require('net');
function Client() {
  const self = this;
  self.sock = net.connect(80);
  self.sock.on('error', () => {});
}`,
    },
    {
      name: 'a field handed to a library escapes',
      code: `const net = require('net');
const wrap = require('wrapper');
class Client {
  open() {
    this.socket = net.connect(80);
    wrap(this.socket);
  }
}`,
    },
    {
      name: 'a socket handed to a same-file class whose constructor listens',
      code: `const net = require('net');
class Conn {
  constructor(socket) {
    this.socket = socket;
    socket.on('error', () => socket.destroy());
  }
}
net.createServer((s) => new Conn(s)).listen(7000);`,
    },
    {
      name: 'returned to a caller in the same file that listens',
      code: `const net = require('net');
function open() {
  return net.connect(80);
}
const s = open();
s.on('error', () => {});`,
    },
    {
      name: 'returned by a public method of an exported class: its callers may be anywhere',
      code: `const net = require('net');
export class Pool {
  open() {
    return net.connect(80);
  }
}`,
    },
    {
      name: 'a wrapper promise that rejects on error',
      code: `const net = require('net');
function open() {
  return new Promise((resolve, reject) => {
    const s = net.connect(80, () => resolve(s));
    s.once('error', reject);
  });
}
module.exports = open;`,
    },
    {
      name: "awaiting 'close' with events.once rejects on 'error' until the socket is gone",
      code: `const net = require('net');
const { once } = require('events');
async function ping() {
  const s = net.connect(80);
  s.end('ping');
  await once(s, 'close');
}`,
    },
    {
      name: "awaiting only once() on the WebSocket until it closes (each wait rejects on 'error')",
      code: `const WebSocket = require('ws');
const { once } = require('events');
async function roundTrip(url) {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  ws.send('hello');
  const [reply] = await once(ws, 'message');
  ws.close();
  await Promise.all([once(ws, 'close'), Promise.resolve()]);
  return String(reply);
}`,
    },
    {
      name: 'a typed field re-connected with connect(): listeners were added in the constructor',
      filename: 'case.ts',
      code: `import * as net from 'net';
class Link {
  private _sock: net.Socket | null = null;
  constructor() {
    this._sock = new net.Socket();
    this._sock.on('error', () => this.retry());
  }
  retry() {
    this._sock?.connect(80);
  }
  start() {
    this._sock!.connect(80);
  }
}`,
    },
    {
      name: "an upgraded socket handed to ws's handleUpgrade: ws handles its errors",
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
  });
});`,
    },
    {
      name: 'given to pipeline, which handles errors',
      code: `const net = require('net');
const { pipeline } = require('stream');
const s = net.connect(80);
pipeline(process.stdin, s, () => {});`,
    },
    {
      name: "sockets of an http server's 'connection' listener: http routes their errors to 'clientError'",
      code: `const http = require('http');
const server = http.createServer();
server.on('connection', (socket) => { socket.setNoDelay(true); });`,
    },
    {
      name: 'IncomingMessage on the server side',
      code: `const http = require('http');
http.createServer((req, res) => { req.on('data', () => {}); res.end(); });`,
    },
    // a parameter of an ordinary function belongs to the caller
    `function attach(socket) { socket.write('hi'); }`,
    {
      name: 'handled in a same-file function it is passed to',
      code: `const net = require('net');
function guard(s) { s.on('error', () => s.destroy()); }
const s = net.connect(80);
guard(s);`,
    },
    {
      name: "events.on counts as a listener for 'error'",
      code: `const net = require('net');
const { on } = require('events');
const s = net.connect(80);
async function f() { for await (const e of require('events').on(s, 'error')) console.log(e); }`,
    },
    {
      name: 'servers are reported only with includeServers',
      code: `const net = require('net');
net.createServer().listen(0);`,
    },
    // browser WebSocket (no ws import) is not tracked
    {
      code: `const w = new WebSocket('wss://x');
w.onmessage = () => {};`,
      filename: 'case.ts',
    },
    {
      name: 'consumed by for await: stream errors reject the loop',
      code: `const net = require('net');
async function read() { const s = net.connect(80); for await (const c of s) console.log(c); }`,
    },
    {
      name: "a connection turned away at once: a destroyed socket emits no 'error' and holds nothing open",
      code: `const net = require('net');
const server = net.createServer((s) => s.destroy());
server.listen(9229, '127.0.0.1');`,
    },
    `const net = require('net');
net.createServer((socket) => {
  socket.destroy();
}).listen(8080);`,
    {
      name: "an unconnected new net.Socket() listened to after an await but before its connect(): it emits nothing until then (mongodb's KMS socket)",
      code: `const net = require('net');
async function kms(opts, setTls) {
  const socket = new net.Socket();
  await setTls(opts);
  socket.once('error', (err) => console.error(err.message));
  socket.setTimeout(5000, () => socket.destroy());
  if (opts.proxyHost) socket.connect({ host: opts.proxyHost, port: 1080 });
  return socket;
}
module.exports = kms;`,
    },
    {
      name: "listeners added by walking an object of them whose 'error' key is assigned before the loop (@xmpp/tls)",
      code: listenerObjectSocket(['close', 'data', 'error', 'secureConnect']),
    },
    {
      name: "listeners added by walking the keys of an object literal that has 'error'",
      code: `const net = require('net');
const s = net.connect(80, 'db.local');
const handlers = { error: () => s.destroy(), close: () => console.log('closed') };
for (const ev of Object.keys(handlers)) s.on(ev, handlers[ev]);
s.write('x');`,
    },
    {
      name: "an accepted socket the same 'connection' emit also hands to the caller's listener (smtp's Server): that code may listen",
      code: serverWithCallersListener(`if (clientListener) this.on('connection', clientListener);`),
    },
  ],
  invalid: [
    {
      name: "listeners added in a callback given to another module's constructor, which may call it later: not a promise's executor",
      code: executorListens("P = P || require('./deferred');", 'P'),
      errors: [{ messageId: 'late', line: 4 }],
    },
    {
      // A bundle built for Node leaves Node's modules out of its map: require("https") is Node's.
      name: 'a request in a browserify bundle that leaves https out of its module map (built for Node)',
      filename: 'dist/bundle.js',
      code: browserifyBundle(false),
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      // The same cast with no http listener: nothing says the server speaks HTTP, so its sockets are raw.
      name: "the 'connection' socket of a server typed net.Server with no 'request' or 'clientError' listener",
      filename: 'backend.js',
      code: `// @ts-check
const http = require('http');
/** @typedef {import('net').Server} Server */
module.exports = (options) => {
  const createServer = options.createServer || http.createServer.bind(http, options.server);
  const server = /** @type {Server} */ (createServer());
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write('hello');
  });
  server.listen(0);
  return () => { for (const s of sockets) s.destroy(); server.close(); };
};
`,
      errors: [{ messageId: 'socket', line: 8 }],
    },
    {
      // pi-stef's SOCKS server: the listener is added by a helper the handler calls only after an await
      name: 'an accepted socket whose only listener is added by a helper called after the handler awaits',
      code: `const net = require('net');
function pipeBoth(a, b) {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.pipe(b).pipe(a);
}
async function handle(socket, connectUpstream) {
  const up = await connectUpstream();
  pipeBoth(socket, up);
}
module.exports = (connectUpstream) => net.createServer((socket) => handle(socket, connectUpstream)).listen(1080);`,
      errors: [{ messageId: 'late', line: 11 }],
    },
    {
      name: "the 'connect' socket of an http server fed connections nobody listens to for errors",
      code: `const http = require('http');
const net = require('net');
module.exports = function start(port, upstream) {
  const http1Server = http.createServer((req, res) => res.end('ok'));
  const handleSocket = (socket) => {
    socket.once('data', (data) => {
      socket.pause();
      socket.unshift(data);
      http1Server.emit('connection', socket);
      socket.resume();
    });

  };
  http1Server.on('connect', (request, socket) => {
    const up = net.connect(upstream);
    up.on('error', () => socket.destroy());
    socket.pipe(up).pipe(socket);
  });
  net.createServer(handleSocket).listen(port);
};`,
      errors: [
        { messageId: 'beforeHandedOn', line: 5 },
        { messageId: 'socket', line: 14 },
      ],
    },
    {
      name: "the 'connect' socket of an http server fed listened connections that also listens itself",
      code: `const http = require('http');
const net = require('net');
module.exports = function start(port, upstream) {
  const http1Server = http.createServer((req, res) => res.end('ok'));
  const handleSocket = (socket) => {
    socket.once('data', (data) => {
      socket.pause();
      socket.unshift(data);
      http1Server.emit('connection', socket);
      socket.resume();
    });
    socket.on('error', (err) => console.error(err.message));
  };
  http1Server.on('connect', (request, socket) => {
    const up = net.connect(upstream);
    up.on('error', () => socket.destroy());
    socket.pipe(up).pipe(socket);
  });
  net.createServer(handleSocket).listen(port);
  http1Server.listen(port + 1);
};`,
      errors: [{ messageId: 'socket', line: 14 }],
    },
    {
      name: "a helper's request whose caller awaits between receiving it and listening",
      code: `const https = require('https');
function get(url) {
  return https.get(url);
}
async function download(url, ensureDir) {
  const req = get(url);
  await ensureDir();
  req.on('error', () => {});
}
module.exports = download;`,
      errors: [{ messageId: 'late', line: 3 }],
    },
    {
      name: 'a request whose agent-base agent hands out a socket through its callback, or returns one',
      filename: 'test/test.js',
      code: `var http = require('http');
var net = require('net');
var Agent = require('agent-base');
it('connects', function (done) {
  var agent = new Agent(function (req, opts, fn) {
    fn(null, net.connect(80, opts.host));
  });
  http.get({ host: 'example.com', agent: agent }, () => done());
  http.get({ host: 'example.com', agent: new Agent((req, opts) => net.connect(80, opts.host)) }, () => done());
});`,
      errors: [
        { messageId: 'request', line: 8 },
        { messageId: 'request', line: 9 },
      ],
    },
    {
      name: "a request made by an overloaded same-file helper that adds no 'error' listener",
      filename: 'request-core.ts',
      code: `import * as http from 'http';
import * as https from 'https';
type Callback = (err: Error | null) => void;
function request(url: string, cb: Callback): http.ClientRequest;
function request(url: string, cb: Callback, times: number): http.ClientRequest;
function request(url: string, cb: Callback, times = 1): http.ClientRequest {
  return https.get(url, { timeout: 5000 }, (res) => res.resume().on('end', () => cb(null)));
}
const req = request('https://example.com', () => {}, 2);
req.on('timeout', () => req.destroy());
`,
      errors: [{ messageId: 'request', line: 7 }],
    },
    {
      name: 'the same reconnect() also called while the socket is open: its errors then have nobody',
      code: reconnectingClient(`  restart() {
    this.reconnect('restart');
  }
`),
      errors: [{ messageId: 'removed', line: 14 }],
    },
    {
      name: 'the same reconnect() also handed to a timer by reference: when it runs is not known',
      code: reconnectingClient(`  later() {
    setTimeout(this.reconnect, 1000);
  }
`),
      errors: [{ messageId: 'removed', line: 14 }],
    },
    {
      name: "a process-wide 'uncaughtException' handler that logs and goes on: still reported (Node's docs: resuming after it is unsafe; the bundled live relay has one to keep running)",
      code: uncaughtHandled("(err) => { ioSession.logError(err, 'unknown'); }"),
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "the same helper's call with nothing added back: the socket, still open, is left with no 'error' listener",
      code: wsCleanup('    this._socket.end();'),
      errors: [
        { messageId: 'removed', line: 16 },
        { messageId: 'removed', line: 17 },
      ],
    },
    {
      name: "the same constructor's socket when the function that made it never listens for its errors",
      code: ownerClient("ws.on('open', () => {});"),
      errors: [{ messageId: 'consumedHere', line: 9 }],
    },
    {
      name: 'the same, another property of the returned object taken under the name',
      code: ownerClient("ws.on('error', () => {});", '{ ws, owner: new WebSocket(owner) }', '{ owner: ws }'),
      errors: [{ messageId: 'consumedHere', line: 9 }],
    },
    {
      name: "a 'finish' listener chained on pipe()'s result: the destination still has no 'error' listener",
      code: `const http = require('http');
module.exports = function proxy(req, res, opts) {
  const outgoing = http.request(opts, (pres) => { res.writeHead(pres.statusCode); pres.pipe(res); });
  req.pipe(outgoing).on('finish', () => console.log('sent'));
};`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: "Babel's compiled class whose methods never listen for the socket's 'error'",
      code: babelClass("this.dbSocket.on('close', function () { _this.cleanup(); });"),
      errors: [{ messageId: 'socket', line: 13 }],
    },
    {
      name: "a benchmark's socket to a host its caller passes from the command line's URL (spdy's syn.js)",
      code: `const tls = require('tls');
var uri = require('url').parse(process.argv[2]),
  host = uri.hostname;
function request(port, host, data) {
  var socket = tls.connect(port, host, {}, function () { socket.write(data); });
  return socket;
}
function batch(port, host, data) { for (var i = 0; i < 100; i++) request(port, host, data); }
batch(443, host, 'x');
`,
      filename: 'test/benchmarks/syn.js',
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: "a test's request to the host of a URL it parses (form-data's integration test)",
      code: `const http = require('http');
const parseUrl = require('url').parse;
var remoteFile = 'http://nodejs.org/images/logo.png';
var parsedUrl = parseUrl(remoteFile), options = { method: 'get', port: parsedUrl.port || 80, path: parsedUrl.pathname, host: parsedUrl.hostname };
http.request(options, function (res) { res.resume(); }).end();
`,
      filename: 'test/integration/test-http-response.js',
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: "a test's second request with options an earlier request was given: their host is still another machine (keep-alive-agent)",
      code: `const https = require('https');
it('reuses sockets', function (done) {
  var getOptions = { hostname: 'one.voxer.com', port: 443, path: '/ping' };
  https.get(getOptions, function (response) {
    response.resume();
    https.get(getOptions, function () { done(); });
  }).on('error', done);
});
`,
      filename: 'test/test.js',
      errors: [{ messageId: 'request', line: 6 }],
    },
    {
      name: 'the same fallback socket written to: a write on a socket never connected fails (ERR_SOCKET_CLOSED)',
      code: mockRequestSocket("this.socket.write('ok');"),
      filename: 'request.mjs',
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: "a test benchmark's socket to the host given on its command line (spdy's syn.js)",
      code: `const tls = require('tls');
function run() {
  const socket = tls.connect({ host: process.argv[2], port: +process.argv[3], rejectUnauthorized: false });
  socket.write('x');
}
run();
`,
      filename: 'test/benchmarks/syn.js',
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a test's socket to a host from the environment",
      code: `const net = require('net');
const host = process.env.REDIS_HOST;
const s = net.connect(6379, host);
s.write('PING\\r\\n');
`,
      filename: 'test/redis.test.js',
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a test proxy's request to the host an incoming request names (needle's test proxy)",
      code: testProxy(''),
      filename: 'test/utils/proxy.js',
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: "the caller's listener is registered for another event: the 'connection' socket stays without a listener",
      code: serverWithCallersListener(`if (clientListener) this.on('listening', clientListener);`),
      errors: [{ messageId: 'socket', line: 10 }],
    },
    {
      name: "the other 'connection' listener is a same-file function that does not listen for errors",
      code: serverWithCallersListener(`this.on('connection', (s) => console.log('from', s.remoteAddress));`),
      errors: [
        { messageId: 'socket', line: 6 },
        { messageId: 'socket', line: 10 },
      ],
    },
    {
      name: "CoffeeScript's output: a socket returned from a promise executor (the return goes nowhere)",
      code: `var net = require('net');
exports.read = function (port) {
  return new Promise(function (resolve) {
    var s = net.connect(port);
    return s.on('data', function (d) {
      return resolve(d);
    });
  });
};
`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "CoffeeScript's output: an accepted socket returned from the 'connection' listener",
      code: `var net = require('net');
var server = net.createServer();
server.on('connection', function (c) {
  return c.on('data', function (d) {
    return c.write(d);
  });
});
server.listen(7000);
`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'a socket returned from a timer callback',
      code: `const net = require('net');
setTimeout(() => {
  const s = net.connect(7000);
  return s.on('connect', () => s.end('ping'));
}, 1000);
`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a 'listening' listener that closes the server only in a timer a minute later: it accepts connections until then",
      code: listeningProbe('setTimeout(() => server.close(), 60000);'),
      errors: [{ messageId: 'socket' }],
    },
    {
      // (shout's IRC client: the listener went to the TCP socket under the TLS stream, and a failed handshake crashed the server.)
      name: 'a listener on (stream.socket || stream): the inner socket when there is one, not the stream',
      code: `const tls = require('tls');
function connect(opts) {
  const stream = tls.connect(opts);
  (stream.socket || stream).on('error', (e) => console.log(e.message));
  stream.on('data', (d) => console.log(String(d)));
}
connect({ host: 'irc.example.org', port: 6697 });`,
      errors: [{ messageId: 'socket' }],
    },
    {
      name: "a pauseOnConnect server's connection resumed, then handed on only after an await: a reset in between crashes",
      code: `const net = require('net');
const { Channel } = require('./channel');
const server = net.createServer({ pauseOnConnect: true }, async (socket) => {
  socket.resume();
  const channel = new Channel();
  await channel.prepare();
  channel.init(socket);
});
server.listen(4840);`,
      errors: [{ messageId: 'beforeHandedOn', line: 3, messageIncludes: 'handed on, later: a reset before then' }],
    },
    {
      name: "a pauseOnConnect server's connection read here with no 'error' listener",
      code: `const net = require('net');
const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.on('data', (d) => console.log(d.length));
  socket.resume();
});
server.listen(4840);`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      // pi-stef's SOCKS bridge read its handshake this way: the helper's listener is taken off with each read.
      name: "a read helper's once('error') taken off by name once the bytes arrive: the connection is left with none",
      code: `const net = require('net');
const server = net.createServer((socket) => {
  const readOne = () => new Promise((resolve, reject) => {
    const onData = (chunk) => { off(); resolve(chunk); };
    const onErr = (e) => { off(); reject(e); };
    const off = () => { socket.off('data', onData); socket.off('error', onErr); };
    socket.on('data', onData);
    socket.once('error', onErr);
  });
  handle(socket, readOne).catch(() => socket.destroy());
});
async function handle(socket, readOne) {
  const hello = await readOne();
  socket.write(hello);
  await new Promise((r) => setTimeout(r, 1000));
  socket.end();
}
server.listen(1080, '127.0.0.1');`,
      errors: [{ messageId: 'removed', line: 6 }],
    },
    {
      name: "a connect-time once('error', reject) removed once connected, the socket kept and read from",
      code: connectTimeClient([REMOVE, DATA]),
      errors: [{ messageId: 'removed', line: 6 }],
    },
    {
      // node-red's git auth server: the listen callback hands the caller a way to close it later.
      name: 'a server whose listen callback only hands on a function that closes it: its connections are real',
      code: `const net = require('net');
function responseServer(path) {
  return new Promise((resolve) => {
    const server = net.createServer((connection) => {
      connection.on('data', (d) => connection.end(String(d)));
    });
    server.listen(path, () => {
      resolve({ close() { server.close(); } });
    });
  });
}
module.exports = responseServer;`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "a request's 'error' listeners removed as soon as its response starts, before the body is read",
      code: `const http = require('http');
function post(opts, body, cb) {
  const req = http.request(opts, (res) => {
    req.removeAllListeners('error');
    let xml = '';
    res.on('data', (chunk) => { xml += chunk; });
    res.on('end', () => cb(null, xml));
  });
  req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  req.on('error', (err) => cb(err));
  req.end(body);
}
module.exports = post;`,
      errors: [{ messageId: 'removed', line: 4 }],
    },
    {
      name: "a socket connected and returned by a private method whose caller never listens for 'error'",
      code: `const net = require('net');
class Controller {
  _open(opts) {
    const realSocket = new net.Socket();
    return realSocket.connect(opts);
  }
  passthrough(opts, sink) {
    const realSocket = this._open(opts);
    realSocket.on('data', (d) => sink.push(d));
  }
}
module.exports = Controller;`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "every 'error' listener taken off again: a per-command one removed with the reply, a connect-time once (rcon-srcds)",
      code: `const net = require('net');
function RCON(host, port) { this.host = host; this.port = port; }
RCON.prototype.connect = function () {
  var _this = this;
  return new Promise(function (resolve, reject) {
    _this.connection = net.createConnection({ host: _this.host, port: _this.port }, function () {
      _this.connection.removeListener('error', reject);
      resolve();
    });
    _this.connection.once('error', reject);
    _this.connection.setTimeout(1000, () => _this.connection.destroy());
  });
};
RCON.prototype.write = function (payload) {
  var _this = this;
  return new Promise(function (resolve, reject) {
    var onData = function (packet) {
      _this.connection.removeListener('data', onData);
      _this.connection.removeListener('error', onError);
      resolve(packet);
    };
    var onError = function (e) {
      _this.connection.removeListener('data', onData);
      reject(e);
    };
    _this.connection.on('data', onData);
    _this.connection.on('error', onError);
    _this.connection.write(payload);
  });
};
module.exports = RCON;`,
      // (The first removal: a listener kept there covers the socket after the other one too.)
      errors: [{ messageId: 'removed', line: 7 }],
    },
    {
      name: 'a socket that is only the first operand of a comma sequence is not what the sequence gives',
      code: `const net = require('net');
exports.open = function (port) {
  const s = net.connect(port);
  return s.on('data', (d) => console.log(d)), port;
};`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a request whose 'response' is raced with a timer: after the race nothing listens for 'error'",
      code: `const http = require('http');
const { once } = require('events');
const { setTimeout: sleep } = require('timers/promises');
module.exports = async function fetchJwks(url) {
  const req = http.get(url, { timeout: 5000 });
  req.on('timeout', () => req.destroy());
  const [response] = await Promise.race([once(req, 'response'), sleep(5000)]);
  return response;
};`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'a request made through https.request or http.request chosen into a variable (AwsSum)',
      code: `var http = require('http');
var https = require('https');
AwsSum.prototype.request = function (options, callback) {
  var requestFn = options.protocol === 'https' ? https.request : http.request;
  var req = requestFn(options.reqOptions, function (res) {
    res.on('end', function () { callback(null, res); });
  });
  req.end(options.body);
};
function AwsSum() {}
module.exports = AwsSum;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'a WebSocket whose messages and close are handled here, kept on a bot this code spawns (Botkit)',
      code: `const WebSocket = require('ws');
module.exports = function (controller) {
  controller.openSocketServer = function (server) {
    const wss = new WebSocket.Server({ server });
    wss.on('connection', function connection(ws) {
      ws.isAlive = true;
      const bot = controller.spawn();
      bot.ws = ws;
      ws.on('message', (message) => controller.ingest(bot, JSON.parse(message), ws));
      ws.on('close', () => { bot.connected = false; });
    });
  };
};`,
      errors: [{ messageId: 'consumedHere', line: 5 }],
    },
    {
      name: 'a connection read here and kept on an object made for it (CodeCity)',
      code: `var net = require('net');
function listen(intrp, proto, port) {
  var server = net.Server();
  server.on('connection', function (socket) {
    var obj = new intrp.Object(proto);
    obj.socket = socket;
    socket.on('data', function (data) { intrp.receive(obj, String(data)); });
    socket.on('end', function () { socket.end(); });
  });
  server.on('error', function () {});
  server.listen(port);
}
module.exports = listen;`,
      errors: [{ messageId: 'consumedHere', line: 4 }],
    },
    {
      // python-in-a-box: an express-ws route's WebSocket.
      name: "an express-ws route's WebSocket with no 'error' listener",
      code: `const express = require('express');
const expressWs = require('express-ws');
const app = express();
const wsApp = expressWs(app);
app.ws('/ws', (ws, req) => {
  ws.on('message', (data) => ws.send(data));
});
app.listen(3000);`,
      errors: [{ messageId: 'websocket', line: 5 }],
    },
    {
      // node-apn: net.Stream is Node's old name for net.Socket.
      name: 'a socket made with new net.Stream()',
      code: `var net = require('net');
var socket = new net.Stream();
socket.on('data', function (d) {});
socket.connect(2195, 'gateway.push.apple.com');`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      // CodeCity: net.Server() called without new constructs a server all the same.
      name: 'a connection of a server made by calling net.Server() without new',
      code: `var net = require('net');
function listen(port, proto, intrp) {
  var server = net.Server();
  server.on('connection', function (socket) {
    var obj = new intrp.Object(proto);
    socket.on('data', function (data) { intrp.call(obj, String(data)); });
    socket.on('end', function () { socket.end(); });
  });
  server.listen(port);
}
module.exports = listen;`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      // nodejs-vksdk: a stray semicolon makes https an implicit global holding the module.
      name: 'a request of a module assigned to an undeclared name (sloppy-mode global)',
      code: `var    util           = require('util');
        crypto          = require('crypto'),
        https          = require('https');
function f() {
  https.get({ host: 'x', port: 443, path: '/' }, function (res) { res.resume(); });
}
module.exports = f;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: "a field given a new socket in another method: that method's socket has no 'error' listener of its own",
      code: `const net = require('net');
class Client {
  constructor() { this.sock = new net.Socket(); }
  connect() {
    this.sock = net.connect(6379, 'db');
    this.sock.on('error', (err) => this.onError(err));
    this.sock.on('data', (d) => this.onData(d));
  }
  reconnect() {
    this.sock = net.connect(6379, 'db');
    this.sock.on('data', (d) => this.onData(d));
  }
  onError(err) { console.error(err); }
  onData(d) {}
  close() { this.sock.destroy(); this.sock = null; }
}
module.exports = Client;`,
      errors: [{ messageId: 'socket', line: 10 }],
    },
    {
      name: 'an exported connection handler that reads the socket it is given among named arguments, never its errors (rustymotors)',
      code: `import type { Socket } from 'node:net';
import { wrapSocket } from './state';
export function onSocketConnection({ incomingSocket, log }: { incomingSocket: Socket; log: Console }) {
  const { localPort, remoteAddress } = incomingSocket;
  const wrapped = wrapSocket(incomingSocket, localPort + ':' + remoteAddress);
  incomingSocket.on('data', (data: Buffer) => {
    log.info('incoming', data.length, wrapped);
    incomingSocket.write(Buffer.from([0x02, 0x30]));
  });
}`,
      filename: 'case.ts',
      errors: [{ messageId: 'consumedHere', line: 3 }],
    },
    {
      name: "a once('error') listener used up by the error the code emits on 'timeout', the socket left open (Haraka)",
      code: `const net = require('net');
function deliver(socket, host, done) {
  socket.once('timeout', function () {
    socket.emit('error', 'socket timeout waiting on connect');
  });
  socket.once('error', (err) => {
    console.error('delivery to ' + host + ' failed: ' + err);
    done(err);
  });
  socket.write('EHLO example.com\\r\\n');
}
module.exports = deliver;`,
      errors: [{ messageId: 'usedUp', line: 6 }],
      output: `const net = require('net');
function deliver(socket, host, done) {
  socket.once('timeout', function () {
    socket.emit('error', 'socket timeout waiting on connect');
  });
  socket.on('error', (err) => {
    console.error('delivery to ' + host + ' failed: ' + err);
    done(err);
  });
  socket.write('EHLO example.com\\r\\n');
}
module.exports = deliver;`,
    },
    {
      name: "a class that wraps a typed WebSocket, handles 'message' and 'close', and shows it through a getter (hocuspocus)",
      code: `import WebSocket from 'ws';
export class Connection {
  webSocket: WebSocket;
  constructor(
    connection: WebSocket,
    socketId: string,
  ) {
    this.webSocket = connection;
    this.webSocket.on('close', () => this.close());
    this.webSocket.on('message', (data) => this.handle(data));
  }
  get socket(): WebSocket { return this.webSocket; }
  send(message: string) { this.webSocket.send(message); }
  close() { this.webSocket.close(); }
  handle(data: unknown) { console.log(data); }
}`,
      filename: 'case.ts',
      errors: [{ messageId: 'consumedHere', line: 5 }],
    },
    {
      name: "a parser's constructor given a socket that pipes it in and also writes a greeting on it: it works the connection",
      code: `var Writable = require('stream').Writable;
var util = require('util');
function Parser(socket, options) {
  Writable.call(this);
  this.options = options || {};
  var me = this;
  this.on('pipe', function (src) { me._socket = src; });
  if (socket) {
    socket.pipe(this);
    socket.write('RTSP/1.0 200 OK\\r\\n\\r\\n');
  }
}
util.inherits(Parser, Writable);
Parser.prototype._write = function (chunk, encoding, done) { this.emit('message', chunk.toString()); done(); };
module.exports = Parser;`,
      errors: [{ messageId: 'consumedHere', line: 3 }],
    },
    {
      name: "an ES5 constructor that keeps a socket and handles its 'end' and 'close', never its errors (WebSocket-Node)",
      code: `var EventEmitter = require('events').EventEmitter;
var util = require('util');
function WebSocketRequest(socket, httpRequest) {
  EventEmitter.call(this);
  this.socket = socket;
  this.httpRequest = httpRequest;
  this._onClose = this._handleClose.bind(this);
  this.socket.on('end', this._onClose);
  this.socket.on('close', this._onClose);
}
util.inherits(WebSocketRequest, EventEmitter);
WebSocketRequest.prototype._handleClose = function () { this.emit('requestResolved', this); };
WebSocketRequest.prototype.reject = function (status) {
  this.socket.end('HTTP/1.1 ' + status + ' Rejected\\r\\n\\r\\n');
};
module.exports = WebSocketRequest;`,
      errors: [{ messageId: 'consumedHere', line: 3 }],
    },
    {
      name: 'a class that reads a connection it is given and never listens for its errors',
      code: `export class Session {
  private buffer = '';
  private conn: any;
  constructor(conn: any) {
    this.conn = conn;
    conn.on('data', (chunk: Buffer) => { this.buffer += chunk.toString(); });
    conn.on('end', () => this.flush());
  }
  flush() { this.conn.write(this.buffer); this.conn.end(); }
}`,
      filename: 'case.ts',
      errors: [{ messageId: 'consumedHere', line: 4 }],
    },
    {
      name: "an upgrade socket handed to http-proxy's ws(): it listens for the socket's errors only once the upstream answers (vite)",
      code: `const http = require('http');
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({ target: 'ws://localhost:9000', ws: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  proxy.ws(req, socket, head);
});
server.listen(8080);`,
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: "an upgrade socket handed to a proxy middleware's upgrade() (karma)",
      code: `module.exports = function createWebServer(http, proxyMiddlewareInstance) {
  const server = http.createServer();
  server.on('upgrade', function (req, socket, head) {
    proxyMiddlewareInstance.upgrade(req, socket, head);
  });
  return server;
};`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'a ws server class given as the fallback of an engine option, its clients handled in a class property (colyseus)',
      code: `import * as WebSocket from 'ws';
import { send } from './protocol';
export class Server {
  protected server: any;
  constructor(options: any) {
    const engine = options.engine || WebSocket.Server;
    this.server = new engine(options);
    this.server.on('connection', this.onConnection);
  }
  protected onConnection = (client: any, req?: any) => {
    send(client, ['welcome']);
    client.on('message', (data: any) => this.onMessage(client, data));
  };
  protected onMessage(client: any, data: any) {}
}`,
      filename: 'case.ts',
      errors: [{ messageId: 'consumedHere', line: 10 }],
    },
    {
      name: 'a WebSocket whose messages and close are handled here, stored in a model by a setter (peerjs-server)',
      code: `import WebSocketLib from 'ws';
export class WebSocketServer {
  private socketServer: WebSocketLib.Server;
  constructor(server: any, private realm: any) {
    this.socketServer = new WebSocketLib.Server({ server });
    this.socketServer.on('connection', (socket, req) => this.onConnection(socket));
    this.socketServer.on('error', (error) => console.error(error));
  }
  private onConnection(socket: WebSocketLib): void {
    this.register({ socket, id: 'x' });
  }
  private register({ socket, id }: { socket: WebSocketLib; id: string }): void {
    const client = this.realm.getClient(id);
    client.setSocket(socket);
    socket.on('close', () => this.realm.remove(id));
    socket.on('message', (data) => this.realm.handle(id, data));
  }
}`,
      filename: 'case.ts',
      errors: [{ messageId: 'consumedHere', line: 6 }],
    },
    {
      name: "a client request's upgrade socket piped to the client after a project helper set it up (node-http-proxy)",
      code: `const http = require('http');
const common = require('../common');
module.exports = function stream(req, socket, options) {
  socket.on('error', () => socket.destroy());
  const proxyReq = http.request(options);
  proxyReq.on('error', () => socket.end());
  proxyReq.on('upgrade', function (proxyRes, proxySocket, proxyHead) {
    common.setupSocket(proxySocket);
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  proxyReq.end();
};`,
      errors: [{ messageId: 'consumedHere', line: 7 }],
    },
    {
      name: 'a CONNECT handler returned by a factory, its client socket read and never listened for errors (anyproxy)',
      code: `const net = require('net');
function getConnectReqHandler(rule) {
  return function (req, cltSocket, head) {
    cltSocket.write('HTTP/1.1 200 OK\\r\\n\\r\\n');
    cltSocket.on('data', (chunk) => rule.onData(chunk));
  };
}
module.exports = getConnectReqHandler;`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "ws chosen on Node, the browser's WebSocket elsewhere: on Node a refused connection crashes (neue-radio)",
      code: `const WebSocket = typeof window == 'undefined' ? require('ws') : window.WebSocket;
function connect(url, onMessage) {
  const ws = new WebSocket(url);
  ws.addEventListener('message', onMessage);
  ws.addEventListener('close', () => setTimeout(() => connect(url, onMessage), 1000));
}
module.exports = connect;`,
      errors: [{ messageId: 'websocket', line: 3 }],
    },
    {
      name: "a tunnel whose proxied path listens for the client socket's errors and whose direct path does not (safe-chain)",
      code: `const net = require('net');
function tunnelRequest(req, clientSocket, head) {
  if (process.env.HTTPS_PROXY) viaProxy(req, clientSocket, head);
  else direct(req, clientSocket, head);
}
function direct(req, clientSocket, head) {
  const server = net.connect(443, req.url, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    server.write(head);
    server.pipe(clientSocket).pipe(server);
  });
  server.on('error', () => clientSocket.end());
}
function viaProxy(req, clientSocket, head) {
  clientSocket.on('error', () => clientSocket.destroy());
  clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
}
module.exports = { tunnelRequest };`,
      errors: [{ messageId: 'onePath', line: 6 }],
    },
    {
      name: 'an upgrade socket ended later on the branch no handler takes, while the handled branch listens (engine.io)',
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/ws') {
    socket.on('error', () => socket.destroy());
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  } else {
    setTimeout(() => {
      if (socket.writable) socket.end();
    }, 1000);
  }
});
server.listen(8080);`,
      errors: [{ messageId: 'onePath', line: 9 }],
    },
    {
      name: 'a field re-pointed to a TLS socket in a connect callback: listeners added on the field before it ran belong to the plain socket (node-imap)',
      code: `const net = require('net');
const tls = require('tls');
function Conn(opts) { this.state = {}; this.opts = opts; }
Conn.prototype.connect = function () {
  const state = this.state;
  let socket = state.conn = new net.Socket();
  if (this.opts.secure) socket = tls.connect({ socket: state.conn }, onconnect);
  else state.conn.once('connect', onconnect);
  function onconnect() {
    state.conn = socket;
  }
  state.conn.on('error', (err) => console.error(err.message));
  socket.on('data', (d) => console.log(d.length));
  state.conn.connect(this.opts.port, this.opts.host);
};
module.exports = Conn;`,
      errors: [{ messageId: 'beforeConnect', line: 7 }],
    },
    {
      name: "TypeScript's compiled async (__awaiter with a generator): a yield (the source's await) before the socket is handed on",
      code: compiledAwaiterUpgrade('\n      yield this.ready();'),
      errors: [{ messageId: 'beforeHandedOn', line: 9 }],
    },
    {
      name: 'an async (req, socket, head) handler registered elsewhere, awaiting before it hands the socket on (browserless)',
      filename: 'case.ts',
      code: `import type { Socket } from 'net';
import type { IncomingMessage } from 'http';
export class Api {
  constructor(private readonly find: (url?: string) => Promise<any>) {}
  async runWebSocket(req: IncomingMessage, socket: Socket, head: Buffer) {
    const session = await this.find(req.url);
    session.proxy(req, socket, head);
  }
}`,
      errors: [{ messageId: 'beforeHandedOn', line: 5 }],
    },
    {
      name: 'a CONNECT socket with typed parameters, handed on only in a write callback (mockttp)',
      filename: 'case.ts',
      code: `import * as http from 'http';
import * as net from 'net';
export function intercept(server: any, peek: (s: net.Socket) => Promise<number>) {
  server.addListener('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    socket.write('HTTP/' + req.httpVersion + ' 200 OK\\r\\n\\r\\n', 'utf-8', async () => {
      const first = await peek(socket);
      server.emit('connection', socket, first);
    });
  });
}`,
      errors: [{ messageId: 'beforeHandedOn', line: 4 }],
    },
    {
      name: "a socket whose only 'error' listener comes after an await",
      code: `const net = require('net');
async function open(opts, auth) {
  const socket = net.connect(opts);
  const token = await auth();
  socket.on('error', (err) => console.error(err.message));
  socket.write(token);
}
module.exports = open;`,
      errors: [{ messageId: 'late', line: 3, messageIncludes: 'on this socket is added later, in a callback. A reset or refused connection before then' }],
    },
    {
      name: "a ws WebSocket whose only 'error' listener comes after an await: what it misses is an invalid frame or a failed handshake",
      code: `const WebSocket = require('ws');
async function open(url, auth) {
  const ws = new WebSocket(url);
  const token = await auth();
  ws.on('error', (err) => console.error(err.message));
  ws.send(token);
}
module.exports = open;`,
      errors: [
        { messageId: 'late', line: 3, messageIncludes: 'on this WebSocket is added later, in a callback. An invalid frame or a failed handshake before then' },
      ],
    },
    {
      name: "a new net.Socket() connected before the await that its only 'error' listener follows",
      code: `const net = require('net');
async function open(opts, auth) {
  const socket = new net.Socket();
  socket.connect(opts.port, opts.host);
  const token = await auth();
  socket.on('error', (err) => console.error(err.message));
  socket.write(token);
}
module.exports = open;`,
      errors: [{ messageId: 'late', line: 3 }],
    },
    {
      name: "an untyped server's upgrade socket kept until an I/O callback hands it on (engine.io's verify)",
      code: `const fs = require('fs');
function attach(server, engine) {
  server.on('upgrade', function (req, socket, head) {
    fs.access(req.url, function (err) {
      if (err) return socket.end();
      engine.ws.handleUpgrade(req, socket, head, (conn) => engine.add(conn));
    });
  });
}
module.exports = attach;`,
      errors: [{ messageId: 'beforeHandedOn', line: 3 }],
    },
    {
      name: 'an upgrade listener given as a parameter by its caller in this file (redbird)',
      code: `const http = require('http');
function Proxy(opts, proxy) {
  function onUpgrade(req, socket, head) {
    lookup(req).then((target) => proxy.ws(req, socket, head, { target }));
  }
  this.server = this.setup(onUpgrade);
  this.server.listen(opts.port);
}
Proxy.prototype.setup = function (upgrade) {
  const server = http.createServer((req, res) => res.end());
  server.on('upgrade', upgrade);
  server.on('error', (err) => console.error(err));
  return server;
};
function lookup(req) { return Promise.resolve(req.url); }
module.exports = Proxy;`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "an untyped CONNECT socket piped to an upstream with no 'error' listener (hoxy)",
      code: `const net = require('net');
function intercept(server, addr) {
  server.on('connect', function (request, clientSocket, head) {
    const upstream = net.connect(addr.port, addr.host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
      upstream.write(head);
      clientSocket.pipe(upstream).pipe(clientSocket);
    });
    upstream.on('error', () => clientSocket.destroy());
  });
}
module.exports = intercept;`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "every 'error' listener removed (listeners wiped through _events), then the socket ended",
      code: `const net = require('net');
function Client(stream) {
  this.stream = stream;
  this.stream.on('error', (err) => console.error(err));
}
Client.prototype.end = function () {
  this.stream._events = {};
  this.stream.end();
};
module.exports = function create(port) { return new Client(net.connect(port, 'db')); };`,
      errors: [{ messageId: 'removed', line: 7 }],
    },
    {
      name: "listeners removed in the 'end' listener of a half-open socket: it stays open for writing",
      code: `const net = require('net');
const s = net.connect({ port: 7000, host: 'db', allowHalfOpen: true });
s.on('error', (err) => console.error(err));
s.on('end', () => {
  s.removeAllListeners();
  s.write('BYE');
});`,
      errors: [{ messageId: 'removed', line: 5 }],
    },
    {
      name: "removeAllListeners('error') on a socket kept open",
      code: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', (err) => console.error(err));
function reset() {
  s.removeAllListeners('error');
  s.write('RESET');
}
module.exports = reset;`,
      errors: [{ messageId: 'removed', line: 5 }],
      output: `const net = require('net');
const s = net.connect(7000, 'db');
s.on('error', (err) => console.error(err));
function reset() {
  s.removeAllListeners('error');
  s.on('error', (err) => {
    console.error('socket error after cleanup:', err.message);
  });
  s.write('RESET');
}
module.exports = reset;`,
    },
    {
      name: 'removeAllListeners() with no argument, then end()',
      code: `const net = require('net');
class Conn {
  constructor() {
    this.sock = net.connect(7000, 'db');
    this.sock.on('error', (err) => console.error(err));
  }
  close() {
    this.sock.removeAllListeners();
    this.sock.end();
  }
}
module.exports = Conn;`,
      errors: [{ messageId: 'removed', line: 8 }],
    },
    {
      name: 'a socket given to an ES5 constructor of this file that never listens for its errors',
      code: `const net = require('net');
function Client(stream) {
  this.stream = stream;
  this.stream.on('data', (d) => this.onData(d));
}
Client.prototype.onData = function (d) { console.log(d.length); };
module.exports = function create(port) { return new Client(net.connect(port, 'db')); };`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: "a WebSocket kept in a constructor's static list, never listened to for errors (node-red's debug socket)",
      code: `const WebSocket = require('ws');
function Debug() {}
Debug.connections = [];
Debug.server = new WebSocket.Server({ port: 8081 });
Debug.server.on('error', (err) => console.error(err));
Debug.server.on('connection', (ws) => {
  Debug.connections.push(ws);
  ws.on('close', () => Debug.connections.splice(Debug.connections.indexOf(ws), 1));
});
module.exports = function register(registry) { registry.add('debug', Debug); };`,
      errors: [{ messageId: 'websocket', line: 6 }],
    },
    {
      name: 'an accepted socket handed to a bound function expression that never listens for its errors (node-modbus)',
      code: `const net = require('net');
function Server() {
  const setup = function (socket) {
    socket.on('end', () => socket.end());
    socket.on('data', (d) => this.handle(d));
  }.bind(this);
  net.createServer((s) => setup(s)).listen(502);
}
module.exports = Server;`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: 'a socket parameter worked with at once but listened to only once the upstream upgrade arrives (httpxy #79)',
      filename: 'case.ts',
      code: `import * as http from 'node:http';
import type { Socket } from 'node:net';
export function stream(socket: Socket, head: Buffer): void {
  socket.unshift(head);
  const proxyReq = http.request({ host: 'upstream', timeout: 5000 });
  proxyReq.on('error', () => socket.destroy());
  proxyReq.on('upgrade', (res, upstream: Socket) => {
    upstream.on('error', () => socket.end());
    socket.on('error', () => upstream.end());
    upstream.pipe(socket).pipe(upstream);
  });
  proxyReq.end();
}`,
      errors: [{ messageId: 'late', line: 3 }],
    },
    {
      name: "the 'error' listener added in a promise's then() callback: that runs in a later turn",
      code: `const net = require('net');
const s = net.connect(80, 'db.local');
s.setTimeout(1000, () => s.destroy());
Promise.resolve().then(() => {
  s.on('error', () => s.destroy());
  s.write('x');
});`,
      errors: [{ messageId: 'late', line: 2 }],
    },
    {
      name: "a created socket listened to only in its 'connect' listener: a refused connection crashes",
      code: `const net = require('net');
const s = net.connect(80);
s.setTimeout(1000, () => s.destroy());
s.on('connect', () => {
  s.on('error', () => s.destroy());
  s.write('x');
});`,
      errors: [{ messageId: 'late', line: 2 }],
    },
    {
      name: "a constant list of events without 'error'",
      code: `const net = require('net');
const s = net.connect(80);
for (const ev of ['close', 'end']) s.on(ev, () => s.destroy());
s.write('x');`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: "listeners added by walking an object of them that has no 'error' key",
      code: listenerObjectSocket(['close', 'data']),
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "a TypeScript 'this:' parameter before an accepted socket with no 'error' listener",
      filename: 'case.ts',
      code: `import * as net from 'net';
function onConnection(
  this: net.Server,
  socket: net.Socket,
): void {
  socket.on('data', () => socket.end());
}
net.createServer(onConnection).listen(1080);`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "a connection listener that is a bound method of the class (thelounge's identd, before its fix)",
      code: `const net = require('net');
class Identd {
  start() {
    const server = net.createServer(this.serverConnection.bind(this));
    server.on('error', () => {});
    server.listen(113);
  }
  serverConnection(socket) {
    socket.on('data', () => socket.end('ok'));
  }
}
module.exports = Identd;`,
      errors: [{ messageId: 'socket', line: 8 }],
    },
    {
      name: "a prototype method registered as the 'connection' listener",
      code: `const net = require('net');
function Broker(port) {
  this.server = net.createServer();
  this.server.on('connection', this.onConnection.bind(this));
  this.server.listen(port);
}
Broker.prototype.onConnection = function (socket) {
  socket.on('data', (d) => socket.write(d));
};
module.exports = Broker;`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    // Bundlers' CommonJS output (issue 9, shape 1)
    {
      name: "rollup: _interopDefaultLegacy(http) then http__default['default'].request()",
      code: `var http = require('http');
function _interopDefaultLegacy(e) { return e && typeof e === 'object' && 'default' in e ? e : { 'default': e }; }
var http__default = /*#__PURE__*/_interopDefaultLegacy(http);
const r = http__default['default'].request('http://example.com');
r.end();
`,
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      name: 'webpack: an external kept as __webpack_require__("net")',
      code: `const net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! net */ "net");
const s = (0, net__WEBPACK_IMPORTED_MODULE_0__.connect)(80);
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    // From the real-fixes and corpus reviews (issue 9, shape 1)
    {
      name: "Babel 6: the interop helper applied to a required module in a second statement, read as m['default']",
      code: `var _interopRequireDefault = require('babel-runtime/helpers/interop-require-default')['default'];
var _net = require('net');
var _net2 = _interopRequireDefault(_net);
function relay(clientSocket, port) {
  var serverSocket = _net2['default'].connect(port, 'localhost', function () {
    clientSocket.pipe(serverSocket).pipe(clientSocket);
  });
}
`,
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: 'a module chosen by assignments in if/else (amqplib)',
      code: `var net;
if (process.env.AMQPS) net = require('tls');
else net = require('net');
const sock = net.connect(5672, 'broker');
sock.write('x');
`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    // Handed on only once connected (amqplib c739902): nobody listens while it connects
    {
      name: 'a socket handed to another module in its connect callback',
      code: `const net = require('net');
const { Connection } = require('./connection');
function connect(port, host, done) {
  const sock = net.connect(port, host, () => {
    done(null, new Connection(sock));
  });
}`,
      errors: [{ messageId: 'beforeConnect', line: 4 }],
      output: `const net = require('net');
const { Connection } = require('./connection');
function connect(port, host, done) {
  const sock = net.connect(port, host, () => {
    done(null, new Connection(sock));
  });
  sock.on('error', (err) => {
    sock.destroy();
    done(err);
  });
}`,
    },
    {
      name: "a TLS socket handed on in its 'secureConnect' listener",
      code: `const tls = require('tls');
const sock = tls.connect({ host: 'broker', port: 5671 });
sock.on('secureConnect', () => {
  module.exports.transport = sock;
});`,
      errors: [{ messageId: 'beforeConnect', line: 2 }],
    },
    {
      name: 'new Socket() handed on in the callback of its connect()',
      code: `const net = require('net');
const s = new net.Socket();
s.connect(5672, 'broker', () => emitter.emit('ready', s));`,
      errors: [{ messageId: 'beforeConnect', line: 2 }],
    },
    {
      name: "a WebSocket handed on in its 'open' listener",
      code: `const WebSocket = require('ws');
const ws = new WebSocket('ws://example.com');
ws.on('open', () => register(ws));`,
      errors: [{ messageId: 'beforeConnect', line: 2 }],
    },
    {
      name: 'an upgraded socket handed on after an asynchronous check (ws 42ba268)',
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  verifyClient(req, (ok) => {
    if (!ok) return socket.destroy();
    completeUpgrade(req, socket, head);
  });
});
function completeUpgrade(req, socket, head) {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  clients.add(new WebSocket([req, socket, head]));
}`,
      errors: [{ messageId: 'beforeHandedOn', line: 3 }],
    },
    {
      name: "an accepted socket handed on from its first 'data' event (old-style prototype code)",
      code: `var net = require('net');
function Server() {
  var self = this;
  this._server = net.createServer(function (socket) {
    socket.once('data', function (chunk) {
      self.emit('session', socket, chunk);
    });
  });
}
Server.prototype.listen = function (port) { this._server.listen(port); };`,
      errors: [{ messageId: 'beforeHandedOn', line: 4 }],
    },
    // Real findings in tests stay (issue 9, shape 10): a test socket without 'error' still crashes the test run
    {
      name: 'a test that starts a server still gets findings for a socket to another host',
      code: `const net = require('net');
const server = net.createServer().listen(0);
const s = net.connect(443, 'example.com');
s.write('x');
`,
      filename: 'test/client.test.js',
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'a test that starts a server still gets findings for a request to another host',
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end()).listen(0);
const req = http.get('http://example.com/', (res) => res.resume());
`,
      filename: 'test/client.test.js',
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: "a test's URL template whose host is a same-file const naming another host",
      code: `const http = require('http');
const urlHost = 'api.example.com';
let port;
const fastify = require('fastify')();
fastify.listen({ port: 0 }, (err) => {
  port = fastify.server.address().port;
  http.get(\`http://\${urlHost}:\${port}/path?q=1\`, () => {});
});
`,
      filename: 'test/tests.test.js',
      errors: [{ messageId: 'request', line: 7 }],
    },
    {
      name: "a test's server whose port the fields the test hands on do not name with a loopback host",
      code:
        STDOUT_SINK_SERVER.replace('server.listen(9999);', 'const port = 1026;\nserver.listen(port);') +
        "new (require('../'))({ target: 'scanme.example.org', port, timeout: 100 }).run();\n",
      filename: 'tests/scan.ports.banner.js',
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: "a test's server whose port no loopback address of the file names: its connections are judged as usual",
      code: STDOUT_SINK_SERVER + "require('./helper').createAgent(['output://tcp://localhost:17874'], (agent) => agent.close());\n",
      filename: 'test/test_406_logio.js',
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: 'an example server naming its own address in a log line, outside a test: judged as usual',
      code: STDOUT_SINK_SERVER + "console.log('listening on http://localhost:9999');\n",
      filename: 'examples/echo/server.js',
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      // (sockjs's example servers: their connections come from browsers.)
      name: "an example server's connections, with no client of its own in the file, are judged as usual",
      code: STDOUT_SINK_SERVER,
      filename: 'examples/echo/server.js',
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: 'production code connecting to its own server on localhost is judged as usual',
      code: `const net = require('net');
const server = net.createServer().listen(0, () => {
  const s = net.connect(server.address().port);
  s.write('x');
});
`,
      filename: 'src/selfcheck.js',
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'the connections of a server in production code are judged as usual',
      code: STDOUT_SINK_SERVER,
      filename: 'src/sink.js',
      errors: [{ messageId: 'socket', line: 2 }],
    },
    // Compiled imports (issue 9, shape 1)
    {
      name: 'TypeScript CommonJS: __importDefault(require("net")) then net_1.default.connect()',
      code: `var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const net_1 = __importDefault(require("net"));
const s = net_1.default.connect(80, 'h');
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'TypeScript CommonJS: (0, http_1.get)(url)',
      code: `const http_1 = require("http");
const r = (0, http_1.get)('http://example.com');
r.end();
`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: 'tslib: tslib_1.__importStar(require("https"))',
      code: `const tslib_1 = require("tslib");
const https = tslib_1.__importStar(require("https"));
const r = https.request('https://example.com');
r.end();
`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: 'Babel: _interopRequireDefault(require("net")) then _net.default.connect()',
      code: `var _net = _interopRequireDefault(require("net"));
const s = _net.default.connect(80);
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: 'Babel: _interopRequireWildcard(require("ws"))',
      code: `var _ws = _interopRequireWildcard(require("ws"));
const w = new _ws.default('ws://example.com');
w.send('x');
`,
      errors: [{ messageId: 'websocket', line: 2 }],
    },
    {
      name: 'esbuild: (0, import_net.connect)() after __toESM(require("net"))',
      code: `var import_net = __toESM(require("net"));
const s = (0, import_net.connect)(80);
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: 'esbuild: import_net.default.connect()',
      code: `var import_net = __toESM(require("net"), 1);
const s = import_net.default.connect(80);
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 2 }],
    },
    {
      name: "require('net').default",
      code: `const s = require('net').default.connect(80);
s.write('x');
`,
      errors: [{ messageId: 'socket', line: 1 }],
    },
    {
      name: "x = x || require('ws')",
      code: `let WebSocket;
WebSocket = WebSocket || require('ws');
const w = new WebSocket('ws://example.com');
w.send('x');
`,
      errors: [{ messageId: 'websocket', line: 3 }],
    },
    {
      name: 'a module chosen by a conditional: http and https both make a ClientRequest',
      code: `const mod = process.env.TLS ? require('https') : require('http');
const r = mod.request('http://example.com');
r.end();
`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: "an await of something else before once(s, 'close') leaves the socket without a listener",
      code: `const net = require('net');
const { once } = require('events');
const { setTimeout: sleep } = require('timers/promises');
async function ping() {
  const s = net.connect(80);
  s.write('ping');
  await sleep(1000);
  await once(s, 'close');
}`,
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: "a variable re-assigned in a callback: the 'error' listener was added to the earlier socket",
      code: `const net = require('net');
const tls = require('tls');
function connect(port) {
  let socket = net.connect(port);
  socket.on('error', (err) => console.error(err));
  socket.once('data', () => {
    socket.removeAllListeners('data');
    socket = tls.connect({ socket });
    socket.on('data', (d) => console.log(d));
  });
}`,
      errors: [{ messageId: 'socket', line: 8 }],
    },
    {
      name: "a field re-assigned in a callback: the 'error' listener was added to its earlier socket",
      code: `const tls = require('tls');
function Connection() {}
Connection.prototype.connect = function () {
  const self = this;
  this.stream.on('error', (err) => self.emit('error', err));
  this.stream.once('data', function () {
    self.stream = tls.connect({ socket: self.stream });
    self.attach(self.stream);
  });
};
Connection.prototype.attach = function (stream) {
  stream.on('data', (d) => this.parse(d));
};`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: "a TCP proxy's accepted socket kept in a map and a context object, its upstream listened on",
      code: `const net = require('net');
function TcpProxy() {
  this.proxySockets = {};
}
TcpProxy.prototype.listen = function (port) {
  const self = this;
  self.server = net.createServer(function (socket) {
    self.handleClient(socket);
  });
  self.server.on('error', () => {});
  self.server.listen(port);
};
TcpProxy.prototype.handleClient = function (proxySocket) {
  const self = this;
  self.proxySockets[proxySocket.remotePort] = proxySocket;
  const context = { proxySocket };
  self.connectService(context);
  proxySocket.on('data', (d) => context.serviceSocket.write(d));
  proxySocket.on('close', () => context.serviceSocket.destroy());
};
TcpProxy.prototype.connectService = function (context) {
  context.serviceSocket = net.connect(9000);
  context.serviceSocket.on('data', (d) => context.proxySocket.write(d));
  context.serviceSocket.on('error', () => context.proxySocket.destroy());
};
TcpProxy.prototype.end = function () {
  for (const key in this.proxySockets) this.proxySockets[key].destroy();
};`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: 'a same-file wrapper that registers other events only',
      code: `const net = require('net');
class Connection {
  connect() {
    const socket = this.socket = net.connect(6667);
    this._bindEvent(socket, 'data', (d) => this.parse(d));
  }
  _bindEvent(target, event, fn) {
    target.on(event, fn);
  }
}`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: 'a net server made with options from a variable and a named connection listener',
      code: `const net = require('net');
const options = { allowHalfOpen: false };
function onConnection(socket) {
  socket.on('data', (d) => socket.write(d));
}
net.createServer(options, onConnection).listen(7000);`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: 'an upstream request inside a request handler: the listener answers the waiting client (502)',
      code: `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', path: req.url, timeout: 5000 });
  upstream.on('timeout', () => upstream.destroy());
  upstream.on('response', (up) => up.pipe(res));
  req.pipe(upstream);
}).listen(8080);
`,
      errors: [
        {
          messageId: 'request',
          line: 3,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', path: req.url, timeout: 5000 });
  upstream.on('error', (err) => {
    console.error('request failed:', err.message);
    if (!res.headersSent) res.statusCode = 502;
    res.end();
  });
  upstream.on('timeout', () => upstream.destroy());
  upstream.on('response', (up) => up.pipe(res));
  req.pipe(upstream);
}).listen(8080);
`,
          ],
        },
      ],
    },
    {
      name: 'kept in a collection of the module and never given a listener',
      code: `const net = require('net');
const pool = [];
pool.push(net.connect(80));`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "two 'connection' listeners, neither listening: reported once, at the first",
      code: trackedConnections('  socket.pipe(socket);'),
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a private field of a class in an installed package's own file (checked under node_modules)",
      filename: 'node_modules/irc-client/src/client.ts',
      code: `import * as net from 'node:net';
export class Client {
  private socket?: net.Socket;
  open(): void {
    this.socket = net.connect(6667, 'irc.example.com');
  }
  send(line: string): void {
    this.socket?.write(line + '\\r\\n');
  }
}
`,
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: 'a class whose base class comes from another module, setting the field without calling the base: the base is no taker (electerm, node-rtmp)',
      filename: 'case.ts',
      code: tcpTransport("this.socket.on('data', (chunk) => this.emit('chunk', chunk));"),
      errors: [{ messageId: 'socket', line: 6 }],
    },
    {
      name: "util.inherits from another module's constructor that never runs on this: the field is still this code's",
      code: `const net = require('net');
const util = require('util');
const Base = require('./base');
function Client(options) {
  Base.call(this, options);
  this._stream = net.connect(options.port, options.host);
}
util.inherits(Client, Base);
module.exports = Client;`,
      errors: [{ messageId: 'socket', line: 6 }],
    },
    {
      name: "a field of a class whose base is Node's own EventEmitter: the base does not know the field",
      filename: 'case.ts',
      code: `import { EventEmitter } from 'node:events';
import * as net from 'node:net';
export class Client extends EventEmitter {
  private socket?: net.Socket;
  open(): void {
    this.socket = net.connect(6379, 'cache.internal');
  }
  send(line: string): void {
    this.socket?.write(line);
  }
}
`,
      errors: [{ messageId: 'socket', line: 6 }],
    },
    {
      name: 'a field of a class: no method adds a listener',
      code: `const net = require('net');
class Client {
  open() {
    this.socket = net.connect(80);
  }
  send(data) {
    this.socket.write(data);
  }
}
`,
      errors: [
        {
          messageId: 'socket',
          line: 4,
          fixes: [
            `const net = require('net');
class Client {
  open() {
    this.socket = net.connect(80);
    this.socket.on('error', (err) => {
      console.error('socket error:', err.message);
      this.socket.destroy();
    });
  }
  send(data) {
    this.socket.write(data);
  }
}
`,
          ],
        },
      ],
    },
    {
      name: 'a private field of a TypeScript class',
      filename: 'case.ts',
      code: `import * as net from 'net';
export class Client {
  #sock?: net.Socket;
  open(): void {
    this.#sock = net.connect(80);
    this.#sock.setNoDelay(true);
  }
}`,
      errors: [{ messageId: 'socket', line: 5 }],
    },
    {
      name: 'kept in a map of the class and read back to write',
      code: `const net = require('net');
class Hub {
  constructor() {
    this.peers = new Map();
  }
  add(id, port) {
    this.peers.set(id, net.connect(port));
  }
  send(id, msg) {
    this.peers.get(id).write(msg);
  }
}`,
      errors: [{ messageId: 'socket', line: 7 }],
    },
    {
      name: 'returned to a caller in the same file that never listens',
      code: `const net = require('net');
function open(port) {
  return net.connect(port);
}
const s = open(80);
s.write('hello');
`,
      errors: [
        {
          messageId: 'socket',
          line: 3,
          fixes: [
            `const net = require('net');
function open(port) {
  return net.connect(port);
}
const s = open(80);
s.on('error', (err) => {
  console.error('socket error:', err.message);
  s.destroy();
});
s.write('hello');
`,
          ],
        },
      ],
    },
    {
      name: 'either of two sockets chosen by a conditional',
      code: `const net = require('net');
const tls = require('tls');
const secure = process.env.TLS === '1';
const s = secure ? tls.connect(443, 'example.com') : net.connect(80, 'example.com');
s.write('hello');`,
      errors: [
        { messageId: 'socket', line: 4, column: 20 },
        { messageId: 'socket', line: 4, column: 54 },
      ],
    },
    {
      name: 'a socket resolved by a wrapper promise that never listens for errors',
      code: `const net = require('net');
async function main() {
  const s = await new Promise((resolve) => {
    const c = net.connect(80, () => resolve(c));
  });
  s.write('x');
}`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: 'a WebSocket made in a then callback and awaited',
      code: `const WebSocket = require('ws');
async function main(ready) {
  const ws = await ready.then(() => new WebSocket('ws://localhost:8080'));
  ws.send('hi');
}`,
      errors: [{ messageId: 'websocket', line: 3 }],
    },
    {
      name: 'a socket handed to a same-file class that only stores and writes it',
      code: `const net = require('net');
class Conn {
  constructor(socket) {
    this.socket = socket;
  }
  send(d) {
    this.socket.write(d);
  }
}
net.createServer((s) => new Conn(s)).listen(7000);`,
      errors: [{ messageId: 'socket', line: 10 }],
    },
    {
      name: "an http server's upgraded socket: Node removed its own error handling",
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.on('data', (d) => socket.write(d));
});`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      name: "a CONNECT tunnel's client socket",
      code: `const http = require('http');
const net = require('net');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.com');
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.pipe(upstream);
  upstream.pipe(clientSocket);
});`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: "a WebSocket accepted by handleUpgrade without an 'error' listener",
      code: `const http = require('http');
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (m) => ws.send(m));
  });
});`,
      errors: [{ messageId: 'websocket', line: 7 }],
    },
    {
      name: 'a chain written one call per line gets the listener on its own line',
      code: `const net = require('net');
net
  .connect(80, 'example.com')
  .setNoDelay(true);
`,
      errors: [{ messageId: 'socket', line: 3, column: 4 }],
      output: `const net = require('net');
net
  .connect(80, 'example.com')
  .setNoDelay(true)
  .on('error', (err) => { console.error('socket error:', err.message); });
`,
    },
    // destroyed only on one path, or with an error (which is emitted): still reported
    {
      code: `const net = require('net');
let open = 0;
net.createServer((socket) => {
  if (open > 100) socket.destroy();
  open++;
}).listen(8080);`,
      errors: [{ messageId: 'socket', line: 3 }],
    },
    {
      code: `const net = require('net');
const sock = net.connect(80, 'example.com');
sock.write('ping');
`,
      errors: [
        {
          messageId: 'socket',
          line: 2,
          column: 14,
          fixes: [
            `const net = require('net');
const sock = net.connect(80, 'example.com');
sock.on('error', (err) => {
  console.error('socket error:', err.message);
  sock.destroy();
});
sock.write('ping');
`,
          ],
        },
      ],
    },
    {
      name: 'incident 1: a TCP client killed by read ECONNRESET (no semicolons, double quotes)',
      code: `const net = require("net")
function start() {
    const client = net.createConnection({ port: 7000 })
    client.on("data", (d) => console.log(d))
}
`,
      errors: [{ messageId: 'socket', line: 3 }],
      output: `const net = require("net")
function start() {
    const client = net.createConnection({ port: 7000 })
    client.on("error", (err) => {
        console.error("socket error:", err.message)
        client.destroy()
    })
    client.on("data", (d) => console.log(d))
}
`,
    },
    {
      name: 'accepted by a net server',
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `const net = require('net');
net.createServer((socket) => {
  socket.on('error', (err) => {
    console.error('socket error:', err.message);
    socket.destroy();
  });
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
    },
    {
      name: 'http.get with only a response callback',
      code: `const https = require('https');
https.get('https://example.com', (res) => res.resume());
`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `const https = require('https');
https.get('https://example.com', (res) => res.resume()).on('error', (err) => { console.error('request failed:', err.message); });
`,
    },
    {
      name: 'request inside a Promise rejects it',
      code: `const http = require('http');
function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, resolve);
    req.end();
  });
}
`,
      errors: [{ messageId: 'request', line: 4 }],
      output: `const http = require('http');
function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, resolve);
    req.on('error', (err) => {
      reject(err);
    });
    req.end();
  });
}
`,
    },
    {
      name: 'request with a callback parameter passes the error on',
      code: `const http = require('http');
function post(body, cb) {
  const req = http.request({ method: 'POST' }, (res) => cb(null, res));
  req.end(body);
}
`,
      errors: [{ messageId: 'request' }],
      output: `const http = require('http');
function post(body, cb) {
  const req = http.request({ method: 'POST' }, (res) => cb(null, res));
  req.on('error', (err) => {
    cb(err);
  });
  req.end(body);
}
`,
    },
    {
      name: 'ws client',
      code: `import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com');
ws.on('message', (m) => console.log(m));
`,
      filename: 'case.ts',
      errors: [{ messageId: 'websocket', line: 2 }],
    },
    {
      name: 'ws server connection',
      code: `const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (m) => ws.send(m));
});
`,
      errors: [{ messageId: 'websocket', line: 3 }],
    },
    {
      name: 'errorMonitor does not handle errors',
      code: `const net = require('net');
const events = require('events');
const s = net.connect(80);
s.on(events.errorMonitor, (e) => console.log(e));
`,
      errors: [{ messageId: 'socket' }],
    },
    {
      name: "once(x, 'close') whose rejection nothing handles is no handler: the rejection goes unhandled",
      code: `const { once } = require('events');
const WebSocket = require('ws');
function watch(url) {
  const ws = new WebSocket(url);
  once(ws, 'close').then(() => console.log('closed'));
  ws.on('message', (m) => console.log(m));
}
module.exports = watch;`,
      errors: [{ messageId: 'websocket', line: 4 }],
    },
    {
      name: 'events.once(x, "connect") handles errors only while waiting',
      code: `const net = require('net');
const { once } = require('events');
async function open() {
  const s = net.connect(80);
  await once(s, 'connect');
  s.write('hello');
}
`,
      errors: [{ messageId: 'socket', line: 4 }],
    },
    {
      name: 'typed TypeScript socket from new net.Socket()',
      filename: 'case.ts',
      code: `import { Socket } from 'net';
const s: Socket = new Socket();
s.connect(80, 'localhost');
`,
      errors: [{ messageId: 'socket', line: 2 }],
      output: `import { Socket } from 'net';
const s: Socket = new Socket();
s.on('error', (err) => {
  console.error('socket error:', err.message);
  s.destroy();
});
s.connect(80, 'localhost');
`,
    },
    {
      name: 'servers with includeServers',
      code: `const net = require('net');
const server = net.createServer();
server.listen(0);
`,
      options: { includeServers: true },
      errors: [{ messageId: 'server' }],
      output: `const net = require('net');
const server = net.createServer();
server.on('error', (err) => {
  console.error('server error:', err);
});
server.listen(0);
`,
    },
  ],
});
