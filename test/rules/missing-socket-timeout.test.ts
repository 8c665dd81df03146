import rule from '../../server/src/rules/missing-socket-timeout';
import { ruleTests } from './ruleTester';
import { mockRequestSocket, listeningProbe, trackedConnections } from './sharedCases';

/**
 * chrome-launcher's `isDebuggerReady`: a probe that hands its socket, on 'error' and once connected,
 * to the object's own `cleanup(client)`, whose body is `cleanup` (created on line 8).
 */
function launcherProbe(cleanup: string): string {
  return `const net = require('net');
class Launcher {
  constructor(port) { this.port = port; }
  cleanup(client) {
    if (client) { ${cleanup} }
  }
  isDebuggerReady() {
    return new Promise((resolve, reject) => {
      const client = net.createConnection(this.port, '127.0.0.1');
      client.once('error', (err) => {
        this.cleanup(client);
        reject(err);
      });
      client.once('connect', () => {
        this.cleanup(client);
        resolve();
      });
    });
  }
}
module.exports = Launcher;`;
}

/** A same-file wrapper whose promise resolves to the socket once it connects (heos-api's createHeosSocket). */
const PROMISE_WRAPPER = `function createSocket(host) {
  return new Promise(function (resolve, reject) {
    const socket = net.createConnection({ port: 1255, host }, function () { resolve(socket); });
    socket.on('error', reject);
  });
}`;

/** A compiled server (line 4) relaying a connection, listening on what an imported helper named `helper` returns. */
function pipeServer(helper: string): string {
  return `var net_1 = require("net");
var conout_1 = require("../shared/conout");
function start(name) {
  var server = (0, net_1.createServer)(function (workerSocket) { workerSocket.write('ready'); });
  server.listen((0, conout_1.${helper})(name));
}
module.exports = start;`;
}

/** grpcc's proxy: a loopback TCP server relaying each connection to the untyped address `addr` names. */
function unixSocketProxy(addr: string): string {
  return `const net = require('net');
module.exports = function createUnixSocketProxy(${addr}, cb) {
  const server = net.createServer((tcpConn) => {
    const unixConn = net.createConnection(${addr});
    unixConn.on('error', () => tcpConn.destroy());
    tcpConn.on('error', () => unixConn.destroy());
    unixConn.pipe(tcpConn).pipe(unixConn);
  });
  server.listen(0, '127.0.0.1', () => cb(server.address().port));
};`;
}

/** airplay-js's client: an ES5 constructor in a `var`, and a `ping()` that writes and schedules itself with `rearm`. */
function selfSchedulingPing(rearm: string): string {
  return `var net = require('net');
var util = require('util');
var events = require('events');
var Client = function (options) {
  events.EventEmitter.call(this);
  var self = this;
  this.socket = net.createConnection(options, function () { self.ping(); });
  this.socket.on('error', function (err) { self.emit('error', err); });
};
util.inherits(Client, events.EventEmitter);
Client.prototype.ping = function () {
  if (!this.pingHandler) this.pingHandler = this.ping.bind(this);
  this.socket.write('GET /playback-info HTTP/1.1\\n\\n');
  ${rearm}
};
exports.Client = Client;
`;
}

/** node-notifier's `createNamedPipe`: the server lives in a field of the object it is given. */
const NAMED_PIPE = `const net = require('net');
module.exports.createNamedPipe = (server) => {
  const buf = Buffer.alloc(2048);
  return new Promise((resolve) => {
    server.instance = net.createServer((stream) => {
      stream.on('data', (c) => buf.write(c.toString()));
      stream.on('end', () => server.instance.close());
    });
    server.instance.listen(server.\${ADDR}, () => resolve(buf));
  });
};`;

ruleTests(rule, {
  valid: [
    {
      // grpcc's proxy: the untyped address is named for a Unix domain socket.
      name: 'a connection to an untyped address named for a Unix socket (unixAddr)',
      code: unixSocketProxy('unixAddr'),
    },
    {
      // smoldot's TCP connection: the caller gets a handle whose reset() destroys the socket, and
      // runs its own protocol timeouts with it.
      name: 'a socket whose destroy the function hands back to its caller in the object it returns',
      code: `const net = require('net');
module.exports = function connect(config) {
  const socket = net.createConnection({ host: config.host, port: config.port });
  socket.on('error', () => {});
  socket.on('data', (message) => config.onMessage(message));
  socket.on('close', (hasError) => config.onConnectionReset(hasError ? 'Error' : 'Closed'));
  return {
    reset: () => { socket.destroy(); },
    send: (data) => { for (const buffer of data) socket.write(buffer); },
  };
};`,
    },
    {
      name: 'a socket closed by the function the caller gets back',
      code: `const net = require('net');
exports.open = function (port, onData) {
  const socket = net.connect(port, 'feed.example');
  socket.on('error', () => {});
  socket.on('data', onData);
  return function stop() { socket.end(); };
};`,
    },
    {
      // node-notifier: a named pipe for the toast helper's answer.
      name: "a server kept in a parameter's field and listening there on a value named for a pipe",
      code: NAMED_PIPE.replace('${ADDR}', 'namedPipe'),
    },
    {
      name: "a ping that schedules its own next run through a field bound to it (airplay-js): a heartbeat on an ES5 constructor's socket",
      code: selfSchedulingPing('this.pingTimer = setTimeout(this.pingHandler, 30000);'),
    },
    {
      name: 'a ping that schedules its own next run by name',
      code: selfSchedulingPing('var self = this; setTimeout(function () { self.ping(); }, 30000);'),
    },
    {
      name: "a mock request's fallback socket that nothing connects or calls (unenv's IncomingMessage)",
      code: mockRequestSocket("return 'ok';"),
      filename: 'request.mjs',
    },
    {
      name: "a server listening on a path an imported helper named for a pipe builds (node-pty's compiled worker)",
      code: pipeServer('getWorkerPipeName'),
    },
    {
      name: 'a setTimeout wrapper the file itself calls with a value: its caller sets the bound',
      code: `const net = require('net');
class Client {
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.on('error', () => this.socket.destroy());
    this.socket.on('timeout', () => this.socket.destroy());
    this.setTimeout(30000);
  }
  setTimeout(ms) {
    this.socket.setTimeout(ms);
  }
}
module.exports = Client;`,
    },
    {
      name: 'a heartbeat: the ping method is handed to setInterval bound (this.sendPing.bind(this))',
      code: `const net = require('net');
class Conn {
  connect(port, host) {
    this.stream = net.connect(port, host);
    this.stream.on('error', () => this.stream.destroy());
    this.pingTimer = setInterval(this.sendPing.bind(this), 30000);
  }
  sendPing() {
    this.stream.write('PING\\r\\n');
  }
}
module.exports = Conn;`,
    },
    {
      name: 'a heartbeat: a local function that writes on the socket is handed to setInterval by name',
      code: `const net = require('net');
module.exports = function open(port, host) {
  const sock = net.connect(port, host);
  sock.on('error', () => sock.destroy());
  function ping() {
    sock.write('PING\\r\\n');
  }
  const timer = setInterval(ping, 30000);
  sock.on('close', () => clearInterval(timer));
  return { send: (line) => sock.write(line) };
};`,
    },
    {
      // nats: the ping goes through a method the interval calls; a write to a vanished peer fails once TCP gives up.
      name: "a heartbeat: setInterval calls a method of the class that writes a ping on the field's socket",
      code: `const net = require('net');
class Conn {
  connect(port, host) {
    this.stream = net.connect(port, host);
    this.stream.on('error', (err) => this.onError(err));
    this.stream.on('data', (d) => this.parse(d));
    this.pingTimer = setInterval(() => this.sendPing(), 30000);
  }
  sendPing() {
    this.outstanding++;
    this.flush('PING\\r\\n');
  }
  flush(line) {
    this.stream.write(line);
  }
  parse(d) {}
  onError(err) { this.stream.destroy(); }
}
module.exports = Conn;`,
    },
    {
      // (iobroker.zigbee's connection test.)
      name: 'a probe made with new net.Socket() and destroyed in the callback of its connect() call',
      code: `const net = require('net');
function reachable(host, port) {
  return new Promise((resolve) => {
    const client = new net.Socket();
    client.connect(port, host, () => {
      client.destroy();
      resolve(true);
    });
    client.on('error', () => resolve(false));
  });
}
module.exports = reachable;`,
    },
    {
      // (chrome-launcher's isDebuggerReady.)
      name: 'a probe destroyed, once connected, by a method of the same object it is given to (this.cleanup(client))',
      code: launcherProbe('client.removeAllListeners(); client.end(); client.destroy();'),
    },
    {
      // (node-red-contrib-alexa-remote2's portAvailable.)
      name: "a port probe written as a 'listening' listener that closes the server: no connection is ever accepted",
      code: listeningProbe('server.close();'),
    },
    {
      // (heos-api: the socket a promise wrapper resolves goes into the connection object the library hands its users.)
      name: "a socket resolved by a same-file promise wrapper, then given to a class from another module: the class's to bound",
      code: `const net = require('net');
const { HeosConnection } = require('./heosConnection');
${PROMISE_WRAPPER}
exports.connect = function (host) {
  return createSocket(host).then(function (socket) { return new HeosConnection(socket); });
};`,
    },
    {
      // (zwave-js's DriverMock: the mock port's address goes to a driver of the same program.)
      name: 'connections of a server on loopback at an OS-picked port, returned to the caller: only this program learns the port',
      code: `const net = require('net');
async function serveMockPort(binding) {
  let socket;
  const server = net.createServer((sock) => {
    socket = sock;
    sock.on('data', (chunk) => binding.write(chunk));
    sock.on('error', () => {});
    sock.on('close', () => { if (socket === sock) socket = undefined; });
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  return server;
}
module.exports = serveMockPort;`,
    },
    {
      name: 'connections of a server on ::1 at port 0 given in an options object',
      code: `const net = require('net');
const server = net.createServer((c) => {
  c.on('error', () => c.destroy());
  c.on('data', (d) => c.write(d));
});
server.listen({ port: 0, host: '::1' }, () => console.log(server.address().port));`,
    },
    {
      // (ssh2's cygwin agent client: handed to the caller once the local agent has echoed its secret.)
      name: "a client socket handed on from inside its 'readable' listener, after the greeting is read: unjudged",
      code: `const net = require('net');
const { Session } = require('./session');
function open(port, host) {
  const s = net.connect(port, host);
  s.on('error', () => s.destroy());
  s.once('readable', () => {
    const greeting = s.read();
    if (greeting) new Session(s, greeting);
  });
}
module.exports = open;`,
    },
    {
      // (`registry.add(c)` on a required module is no collection of this file's: a hand-off.)
      name: "a connection handed to another module's registry at once, besides a 'data' listener: the registry's to bound",
      code: `const net = require('net');
const registry = require('./registry');
const server = net.createServer((c) => {
  registry.add(c);
  c.on('data', (data) => registry.touch(c, data));
  c.on('error', () => c.destroy());
});
module.exports.listenOn = (port) => server.listen(port);`,
    },
    {
      name: "a connection handed on from another socket's 'data' listener: not only once it speaks",
      code: `const net = require('net');
const registry = require('./registry');
const control = net.connect(9000, 'control.local');
control.on('error', () => control.destroy());
control.setTimeout(30000, () => control.destroy());
const server = net.createServer((c) => {
  control.on('data', () => registry.register(c));
  c.on('error', () => c.destroy());
});
module.exports.listenOn = (port) => server.listen(port);`,
    },
    {
      name: "ruru: an 'upgrade' socket handed to http-proxy's WebSocket pass, which turns TCP keep-alive on for it (setupSocket)",
      code: `const http = require('http');
const httpProxy = require('http-proxy');
function start(port, target) {
  const proxy = httpProxy.createProxyServer({ target, ws: true });
  const server = http.createServer((req, res) => res.end('ok'));
  server.on('upgrade', (req, socket, head) => {
    proxy.ws(req, socket, head, { target });
  });
  server.listen(port);
}
module.exports = start;`,
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
      name: "a connection to the parent's pipe, its path built by a helper esbuild's keep-names wrapper names (tsx's bundled client)",
      code: `"use strict";
var t = (e, n) => Object.defineProperty(e, "name", { value: n, configurable: true });
var h = require("node:net"), p = require("node:path"), a = require("node:os");
const u = p.join(a.tmpdir(), "tsx"), v = process.platform === "win32";
const B = t((e) => { const n = p.join(u, \`\${e}.pipe\`); return v ? \`\\\\\\\\?\\\\pipe\\\\\${n}\` : n; }, "getPipePath");
exports.connect = () => new Promise((e) => {
  const n = B(process.ppid), o = h.createConnection(n, () => e(o));
  o.on("error", () => e());
  o.unref();
});`,
    },
    {
      name: 'a connection to a path an unnamed helper joins',
      code: `const net = require('net');
const path = require('path');
const socketFile = (dir, id) => path.join(dir, id + '.sock');
exports.open = (dir, id, cb) => {
  const s = net.createConnection(socketFile(dir, id), cb);
  s.on('error', cb);
  return s;
};`,
    },
    {
      // rollup-plugin-livereload: a port probe ended, unread, as soon as it connects.
      name: 'a port probe ended with nothing to send in its connect callback, and never read',
      code: `const net = require('net');
function get_port(port, cb) { cb(port); }
function get_port_weird(port, cb) {
  const client = net
    .createConnection({ port }, () => {
      client.end();
      get_port(port + 1, cb);
    })
    .on('error', () => {
      cb(port);
    });
}
module.exports = get_port_weird;`,
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
      name: 'a net server on an OS-picked port whose address only its own client in this file gets (a benchmark)',
      code: `const net = require('net');
const server = net.createServer((sock) => { sock.on('error', () => {}); sock.resume(); });
server.listen(0, () => {
  const client = net.connect(server.address());
  client.on('error', () => {});
  client.on('finish', () => server.close());
  client.end('ping');
});`,
    },
    {
      name: 'a port read into a variable that only the own connect call uses',
      code: `const net = require('net');
const server = net.createServer((sock) => { sock.on('error', () => {}); sock.resume(); });
server.listen(0, () => {
  const port = server.address().port;
  const client = net.connect({ port, host: '127.0.0.1' });
  client.on('error', () => {});
  client.end('ping', () => server.close());
});`,
    },
    {
      name: "a socket piped into a wrapper object that the function returns: the wrapper keeps it (its 'pipe' listener), the caller owns it",
      code: `const net = require('net');
const { Writable } = require('stream');
class Connection extends Writable {
  constructor() { super(); this.on('pipe', (source) => { this.stream = source; }); }
  _write(chunk, encoding, done) { done(); }
}
exports.createConnection = function (port, host) {
  const socket = net.createConnection(port, host);
  const connection = socket.pipe(new Connection());
  socket.on('error', (err) => connection.emit('error', err));
  return connection;
};`,
    },
    {
      name: 'a socket piped into a wrapper assigned to a variable declared earlier, which the function returns (mqtt createConnection)',
      code: `const net = require('net');
const { MqttConnection } = require('./connection');
module.exports.createConnection = function (port, host, callback) {
  var client, conn;
  client = net.createConnection(port, host);
  conn = client.pipe(new MqttConnection());
  client.on('error', conn.emit.bind(conn, 'error'));
  conn.once('error', (err) => callback(err));
  return conn;
};`,
    },
    {
      // tcp-port-used: the connect listener calls a same-file cleanUp() that destroys the socket it guards.
      name: "a probe whose 'connect' listener calls a same-file function that destroys it inside if (socket)",
      code: `var net = require('net');
function check(port, host) {
  var client;
  return new Promise(function (resolve, reject) {
    function cleanUp() {
      if (client) {
        client.removeAllListeners('connect');
        client.end();
        client.destroy();
      }
    }
    function onConnectCb() {
      resolve(true);
      cleanUp();
    }
    client = new net.Socket();
    client.once('connect', onConnectCb);
    client.once('error', function (err) { resolve(false); cleanUp(); });
    client.connect({ port: port, host: host });
  });
}
module.exports = check;`,
    },
    {
      name: "a probe destroyed in its own 'connect' listener: never idle once connected",
      code: `const net = require('net');
function myIpAddress() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '8.8.8.8', port: 53 });
    const onError = () => resolve('127.0.0.1');
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.removeListener('error', onError);
      const addr = socket.address();
      socket.destroy();
      resolve(addr.address);
    });
  });
}
module.exports = myIpAddress;`,
    },
    {
      name: "a socket to this file's own server (options computed by server.address()): the peer is in the process",
      code: `const net = require('net');
const server = net.createServer((sock) => {
  sock.setTimeout(1000, () => sock.destroy());
  sock.resume();
});
server.listen(0, () => {
  const dest = net.connect(server.address());
  dest.on('connect', () => dest.end('x'));
});`,
    },
    {
      name: "options from the caller with a 'timeout' listener here: the caller's options carry the timeout",
      code: `const net = require('net');
module.exports = function open(opts) {
  const sock = net.connect(opts);
  sock.on('error', () => {});
  sock.on('timeout', () => sock.destroy());
  sock.on('data', (d) => console.log(d));
};`,
    },
    {
      name: 'TLS options from the caller: they may wrap a socket that already has its bound',
      code: `const tls = require('tls');
module.exports = function secure(opts) {
  const sock = tls.connect(opts);
  sock.on('error', () => {});
  sock.on('data', (d) => console.log(d));
};`,
    },
    {
      name: 'an untyped socket path in a variable named for it (wait-on, node-pty)',
      code: `const net = require('net');
function probe(socketPath, done) {
  const conn = net.connect(socketPath, () => { conn.destroy(); done(); });
  conn.on('error', done);
}
function attach(options) {
  const pipe = net.createConnection(options.conoutPipeName);
  pipe.on('error', () => {});
  pipe.pipe(process.stdout);
}
module.exports = { probe, attach };`,
    },
    {
      name: 'A second argument that may be a listener: the first may be an options object (stays silent)',
      code: `const net = require('net');
function open(o, h) {
  const s = net.createConnection(o, h);
  s.on('error', () => s.destroy());
}
`,
    },
    {
      name: 'Options through variables (issue 9, shape 4)',
      code: `const net = require('net');
let opts = { host: 'example.com', port: 80, timeout: 10000 };
const s = net.connect(opts);
s.on('timeout', () => s.destroy());
`,
    },
    `const net = require('net');
const opts = { host: 'example.com', port: 80 };
opts.timeout = 10000;
const s = net.connect(opts);
s.on('timeout', () => s.destroy());
`,
    `const net = require('net');
const base = { timeout: 10000 };
const s = net.connect({ ...base, port: 80 });
s.on('timeout', () => s.destroy());
`,
    `const net = require('net');
const s = net.connect({ ...settings.socket, port: 80 });
s.on('data', () => {});
`,
    `const net = require('net');
const s = net.connect(80);
s.setTimeout(10000);
s.on('timeout', () => s.destroy());`,
    `const net = require('net');
const s = net.connect({ port: 80, timeout: 10000 });
s.on('timeout', () => s.destroy());`,
    {
      name: 'a socket handed to listeners of an event, never read here: theirs to bound',
      code: `const net = require('net');
class Pool extends require('events') {
  open(port) {
    const socket = net.connect(port);
    socket.on('error', () => socket.destroy());
    this.emit('socket', socket);
  }
}`,
    },
    {
      name: 'a relay socket with its idle timeout off and TCP keep-alive on (httpxy setupSocket)',
      code: `const http = require('http');
function setupSocket(socket) {
  socket.setTimeout(0);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 0);
  return socket;
}
function proxyWs(req, socket, target) {
  socket.on('error', () => socket.destroy());
  const proxyReq = http.request(target);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', () => socket.end());
    setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  proxyReq.setTimeout(10000, () => proxyReq.destroy());
  proxyReq.end();
}
module.exports = proxyWs;`,
    },
    `const net = require('net');
const s = net.connect({ port: 5432, keepAlive: true });
s.on('error', () => s.destroy());
s.on('data', (d) => handle(d));
`,
    {
      name: 'chained setTimeout',
      code: `const net = require('net');
net.connect(80).setTimeout(5000).on('timeout', function () { this.destroy(); });`,
    },
    {
      name: 'a timeout that is not a literal: the rule cannot tell it is zero',
      code: `const net = require('net');
function open(ms) { const s = net.connect(80); s.setTimeout(ms); }`,
    },
    {
      name: 'set in a same-file function the socket is passed to',
      code: `const net = require('net');
function guard(sock) { sock.setTimeout(30000, () => sock.destroy()); }
net.createServer((socket) => { guard(socket); });`,
    },
    {
      name: 'set with this.setTimeout in the connect callback given at creation',
      code: `const net = require('net');
net.connect(80, 'example.com', function () { this.setTimeout(1000); });`,
    },
    {
      name: 'set with this.setTimeout in a connect listener',
      code: `const net = require('net');
const s = net.connect(80);
s.on('connect', function () { this.setTimeout(1000); });`,
    },
    {
      name: "rules.md: sockets accepted by http/https servers (the server's timeouts apply)",
      code: `const http = require('http');
const server = http.createServer();
server.on('connection', (socket) => { socket.setNoDelay(true); });`,
    },
    `const https = require('https');
const server = https.createServer({});
server.on('connection', (socket) => socket.setKeepAlive(true));`,
    {
      name: "a socket given to a package's function: the package may bound it",
      code: `const net = require('net');
const framing = require('length-prefixed-stream');
function open(port, host) {
  const socket = net.connect(port, host);
  socket.on('data', (d) => console.log(d.length));
  socket.on('error', () => socket.destroy());
  socket.on('close', () => console.log('closed'));
  framing.attach(socket);
}
module.exports = open;
`,
    },
    {
      name: "a socket given to the project's own helper but never closed here: the helper may own it",
      code: `const net = require('net');
const { Session } = require('./session');
function open(port, host) {
  const socket = net.connect(port, host);
  socket.on('data', (d) => console.log(d.length));
  socket.on('error', (err) => console.error(err));
  socket.on('close', () => console.log('closed'));
  new Session(socket).start();
}
module.exports = open;
`,
    },
    {
      name: 'a socket run here, also handed back through a callback: the caller may bound it',
      code: `const net = require('net');
const PDU = require('./pdu').PDU;
function open(port, host, cb) {
  const socket = net.connect(port, host);
  socket.on('readable', () => PDU.fromStream(socket));
  socket.on('error', () => socket.destroy());
  socket.on('close', () => console.log('closed'));
  cb(null, socket);
}
module.exports = open;
`,
    },
    {
      name: 'rules.md: escaping sockets',
      code: `const net = require('net');
function open() { return net.connect(80); }`,
    },
    `const net = require('net');
export const pool = new Map();
net.createServer((socket) => { pool.set('a', socket); });`,
    {
      name: 'either of two sockets chosen by a conditional, bounded through their variable',
      code: `const net = require('net');
const tls = require('tls');
function open(secure) {
  const s = secure ? tls.connect(443, 'example.com') : net.connect(80, 'example.com');
  s.on('error', () => {});
  s.setTimeout(5000, () => s.destroy());
  return s;
}
open(true).write('x');`,
    },
    {
      name: 'kept in a map whose elements get a timeout where they are read',
      code: `const net = require('net');
const pool = new Map();
net.createServer((socket) => { pool.set('a', socket); });
function arm() {
  for (const [id, s] of pool) s.setTimeout(1000, () => s.destroy());
  pool.forEach((s) => s.setTimeout(1000));
}`,
    },
    {
      name: 'an AbortSignal deadline',
      code: `const net = require('net');
const s = new net.Socket({ signal: AbortSignal.timeout(5000) });
s.connect(80);`,
    },
    {
      // (openclaw's spawn broker.)
      name: 'a socket to a Unix socket path this code builds with path.join and keeps in a variable',
      code: `import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
export async function open(directory) {
  const server = createServer({ pauseOnConnect: true });
  const socketPath = path.join(directory, 'out');
  server.listen(socketPath);
  await once(server, 'listening');
  const receiver = createConnection(socketPath);
  receiver.on('data', (d) => console.log(String(d)));
  receiver.on('error', () => receiver.destroy());
}
`,
      filename: 'worker.mjs',
    },
    `const net = require('net');
const path = require('path');
const s = net.connect(path.join(process.env.RUN_DIR, 'app.sock'));
s.on('data', (d) => console.log(d));`,
    {
      // (openclaw's service anchor, on Bun.)
      name: 'a socket connected to a descriptor its parent handed down (connect({ fd }))',
      code: `const { Socket } = require('net');
function attach(controlFd) {
  const socket = new Socket({ readable: true, writable: true });
  socket.on('data', (d) => console.log(String(d)));
  socket.once('error', () => process.exit(1));
  socket.connect({ fd: controlFd });
}
module.exports = attach;`,
    },
    {
      name: 'local IPC sockets: the kernel reports a dead peer at once',
      code: `const net = require('net');
const s = net.connect('/var/run/app.sock');
s.on('data', (d) => console.log(d));`,
    },
    `const net = require('net');
const s = net.createConnection({ path: '\\\\.\\pipe\\app' });
s.write('x');`,
    `const net = require('net');
const server = net.createServer((c) => c.pipe(c));
server.listen('/tmp/echo.sock');`,
    {
      name: 'tls.connect wrapping a socket created elsewhere',
      code: `const tls = require('tls');
function upgrade(raw) { const t = tls.connect({ socket: raw }); t.write('x'); }`,
    },
    // a TLSSocket wrapping an existing socket is not a raw socket of its own
    {
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';
import * as net from 'node:net';
export function wrap(raw: net.Socket): tls.TLSSocket { const t = new tls.TLSSocket(raw); t.on('error', () => {}); return t; }`,
    },
    {
      name: 'a deadline kept by a timer that destroys the socket',
      code: `const net = require('net');
function probe(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, () => { s.end(); resolve(true); });
    const timer = setTimeout(() => { s.destroy(); resolve(false); }, 2000);
    s.on('close', () => clearTimeout(timer));
  });
}`,
    },
    {
      name: 'a deadline reached through helpers: the timer calls returnResult(), which calls cleanup(), which destroys (iobroker.ping)',
      code: `const net = require('net');
function probeTcpPort(host, port, callback) {
  const socket = new net.Socket();
  let timeoutHandle = null;
  const cleanup = () => {
    clearTimeout(timeoutHandle);
    socket.destroy();
  };
  const returnResult = (alive) => {
    cleanup();
    callback(null, alive);
  };
  timeoutHandle = setTimeout(() => returnResult(false), 2000);
  socket.on('connect', () => returnResult(true));
  socket.on('error', () => returnResult(false));
  socket.connect(port, host);
}`,
    },
    {
      name: "a second 'connection' listener that only keeps track of the socket: the first sets the timeout",
      code: trackedConnections(`  socket.setTimeout(30000, () => socket.destroy());\n  socket.on('error', () => socket.destroy());\n  socket.pipe(socket);`),
    },
    {
      name: 'an application heartbeat: writes from setInterval eventually fail on a dead peer',
      code: `const net = require('net');
net.createServer((socket) => {
  const beat = setInterval(() => socket.write('ping\\n'), 15000);
  socket.on('close', () => clearInterval(beat));
});`,
    },
    {
      filename: 'case.ts',
      code: `import { connect } from 'node:net';
const s = connect({ port: 80, timeout: 5_000 });
s.on('timeout', () => s.destroy());`,
    },
    {
      name: 'issue 9, IPC: a socket connected to a Unix socket path later, after it was made',
      code: `const net = require('net');
const s = new net.Socket();
s.on('data', (d) => console.log(d));
s.connect('/var/run/docker.sock');`,
    },
    `const net = require('net');
const s = new net.Socket();
s.connect({ path: '/tmp/x.sock' }, () => s.write('hello'));`,
    {
      name: 'IPC options from a const object',
      code: `const net = require('net');
const opts = { path: '/tmp/x.sock' };
const s = net.connect(opts);
s.write('x');`,
    },
    `const net = require('net');
const s = net.connect('/var/run/docker.sock');
s.write('GET /events HTTP/1.1\\r\\n\\r\\n');`,
    {
      name: 'issue 9, promise timers: a deadline kept by a promise that settles after a delay',
      code: `const net = require('net');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const s = net.connect(80);
sleep(500).then(() => s.destroy());`,
    },
    `const net = require('net');
const { setTimeout } = require('timers/promises');
async function probe() {
  const s = net.connect(80);
  await setTimeout(500);
  s.destroy();
}`,
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
export async function probe(): Promise<void> {
  const s = net.connect(80);
  s.on('error', () => {});
  await delay(500);
  s.destroy();
}`,
    },
    `const net = require('net');
const util = require('util');
const wait = util.promisify(setTimeout);
const s = net.connect(80);
wait(1000).then(() => s.destroy());`,
    `const net = require('net');
async function probe() {
  const s = net.connect(80);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  s.destroy();
}`,
    `const net = require('net');
const delay = require('delay');
const s = net.connect(80);
delay(200).finally(() => s.destroy());`,
    `const net = require('net');
const s = net.connect(80);
const signal = AbortSignal.timeout(5000);
signal.addEventListener('abort', () => s.destroy());`,
    `const net = require('net');
const s = net.connect(80);
AbortSignal.any([AbortSignal.timeout(5000)]).addEventListener('abort', () => s.destroy(), { once: true });`,
    {
      name: "corpus FP10 (pm2-axon): a probe connected to a Unix socket path given in connect()'s options later",
      code: `const net = require('net');
function isSocketFileInUse(file, cb) {
  const probe = new net.Socket();
  probe.on('error', () => cb(false));
  probe.connect({ path: file }, () => { probe.end(); cb(true); });
}`,
    },
    {
      name: 'untyped options and callback: the options may hold a timeout',
      code: `const net = require('net');
function open(options, onConnect) {
  const s = net.connect(options, onConnect);
  s.write('x');
}`,
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
  ],
  invalid: [
    {
      name: 'a connection to an untyped address named for nothing in particular (addr)',
      code: unixSocketProxy('addr'),
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      // A returned handle that only writes: nothing lets the caller close the socket.
      name: 'a socket the returned handle only writes to, with no way for the caller to close it',
      code: `const net = require('net');
module.exports = function connect(config) {
  const socket = net.createConnection({ host: config.host, port: config.port });
  socket.on('error', () => {});
  socket.on('data', (message) => config.onMessage(message));
  return {
    send: (data) => { socket.write(data); },
  };
};`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      // The disposer is kept, not returned: nothing outside can end the socket.
      name: 'a socket whose closing function is kept in a local and never handed back',
      code: `const net = require('net');
exports.open = function (port, onData) {
  const socket = net.connect(port, 'feed.example');
  socket.on('error', () => {});
  socket.on('data', onData);
  const stop = () => socket.end();
  process.once('SIGTERM', stop);
};`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: "a server kept in a parameter's field and listening there on a port",
      code: NAMED_PIPE.replace('${ADDR}', 'port'),
      errors: [{ messageId: 'accepted', line: 5 }],
    },
    {
      name: 'a ping whose timer runs something else once: no heartbeat',
      code: selfSchedulingPing('var self = this; setTimeout(function () { self.emit("pinged"); }, 30000);'),
      errors: [{ messageId: 'client', line: 7 }],
    },
    {
      name: 'a timer that only names the function in a string: no heartbeat',
      code: selfSchedulingPing('setTimeout(function () { console.log("ping sent"); }, 30000);'),
      errors: [{ messageId: 'client', line: 7 }],
    },
    {
      name: 'a function run again on the next turn (the rest of a buffer, nodeS7): no period, no heartbeat',
      code: selfSchedulingPing('var self = this; setTimeout(function () { self.ping(); }, 0);'),
      errors: [{ messageId: 'client', line: 7 }],
    },
    {
      name: 'a function that waits and tries again instead of writing (nodeS7 readAllItems): no heartbeat',
      code: `var net = require('net');
var Client = function (options) {
  var self = this;
  this.socket = net.createConnection(options, function () { self.poll(); });
  this.socket.on('error', function () { self.socket.destroy(); });
};
Client.prototype.poll = function () {
  var self = this;
  if (this.busy) {
    setTimeout(function () { self.poll(); }, 5000);
    return;
  }
  this.socket.write('READ\\n');
};
exports.Client = Client;
`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'the same fallback socket connected by a method: it opens a connection',
      code: mockRequestSocket("this.socket.connect(8080, 'example.com');"),
      filename: 'request.mjs',
      errors: [{ messageId: 'client', line: 5 }],
    },
    {
      name: 'a server listening on what an imported helper named for a port returns',
      code: pipeServer('getWorkerPort'),
      errors: [{ messageId: 'accepted', line: 4 }],
    },
    {
      // node-telnet-client: the wrapper offers the socket's setting to users; nothing here calls it.
      name: 'a prototype setTimeout that only forwards its parameter to the socket, never called: no bound',
      code: `const net = require('net');
function Telnet() {}
Telnet.prototype.connect = function (opts) {
  this.telnetSocket = net.createConnection({ port: opts.port, host: opts.host });
  this.telnetSocket.on('error', (err) => this.emit('error', err));
  this.telnetSocket.on('data', (data) => this.emit('data', data));
};
Telnet.prototype.setTimeout = function (msecs, callback) {
  this.telnetSocket.setTimeout(msecs, callback);
};
module.exports = Telnet;`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'a class method setTimeout(ms) forwarding to its socket, never called in the file: no bound',
      code: `const net = require('net');
class Client {
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.on('error', () => this.socket.destroy());
  }
  setTimeout(ms) {
    this.socket.setTimeout(ms);
  }
}
module.exports = Client;`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      // Written once from a one-shot timer (a delayed greeting), not periodically: no heartbeat.
      name: 'a method of the class writes on the socket from a setTimeout only',
      code: `const net = require('net');
class Conn {
  connect(port, host) {
    this.stream = net.connect(port, host);
    this.stream.on('error', () => this.stream.destroy());
    setTimeout(() => this.greet(), 1000);
  }
  greet() {
    this.stream.write('HELLO\\r\\n');
  }
}
module.exports = Conn;`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: "a method of the class writes on the socket from its 'data' listener: replies, not a heartbeat",
      code: `const net = require('net');
class Conn {
  connect(port, host) {
    this.stream = net.connect(port, host);
    this.stream.on('error', () => this.stream.destroy());
    this.stream.on('data', (d) => this.reply(d));
  }
  reply(d) {
    this.stream.write('ACK\\r\\n');
  }
}
module.exports = Conn;`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'a connect() callback that writes and keeps the socket: no bound',
      code: `const net = require('net');
function reachable(host, port) {
  return new Promise((resolve) => {
    const client = new net.Socket();
    client.connect(port, host, () => {
      client.write('hello');
      resolve(true);
    });
    client.on('error', () => resolve(false));
  });
}
module.exports = reachable;`,
      errors: [{ messageId: 'client' }],
    },
    {
      name: 'a method of the same object that only takes the listeners off, once connected: the socket stays open',
      code: launcherProbe('client.removeAllListeners();'),
      errors: [{ messageId: 'client' }],
    },
    {
      name: "a 'listening' listener that closes the server only in a timer a minute later: it accepts connections until then",
      code: listeningProbe('setTimeout(() => server.close(), 60000);'),
      errors: [{ messageId: 'accepted' }],
    },
    {
      name: "a socket resolved by a same-file promise wrapper and only written and read by its caller: still this file's",
      code: `const net = require('net');
${PROMISE_WRAPPER}
exports.query = function (host, command, done) {
  createSocket(host).then(function (socket) {
    socket.on('data', (data) => done(null, String(data)));
    socket.write(command);
  }, done);
};`,
      errors: [{ messageId: 'client' }],
    },
    {
      name: 'connections of a server on an OS-picked port bound to every interface: anyone who learns the port can connect',
      code: `const net = require('net');
const server = net.createServer((c) => {
  c.on('error', () => c.destroy());
  c.on('data', (d) => c.write(d));
});
server.listen(0, () => console.log(server.address().port));`,
      errors: [{ messageId: 'accepted' }],
    },
    {
      name: 'connections of a server on loopback at a fixed port: a local proxy may forward remote clients to it',
      code: `const net = require('net');
const server = net.createServer((c) => {
  c.on('error', () => c.destroy());
  c.on('data', (d) => c.write(d));
});
server.listen(7000, '127.0.0.1');`,
      errors: [{ messageId: 'accepted' }],
    },
    {
      // Cast's SHOUTcast input: a source that connects and never sends its password is never handed on.
      name: "a connection handed to a registry only from its own 'data' listener: a silent peer stays here, unbounded",
      code: `const net = require('net');
const registry = require('./registry');
const server = net.createServer((c) => {
  let started = false;
  c.on('data', (data) => {
    if (started) return;
    started = true;
    registry.add(c, String(data));
  });
  c.on('error', () => c.destroy());
});
module.exports.listenOn = (port) => server.listen(port);`,
      errors: [{ messageId: 'accepted', line: 3 }],
    },
    {
      // Minetrack's ping: end() sends FIN and keeps reading; a server that never closes its side keeps the socket.
      name: 'a deadline timer that only ends the socket does not bound it',
      code: `var net = require('net');
function ping(host, port, timeout, callback) {
  var client = new net.Socket();
  client.connect(port, host, function () { client.write('ping'); });
  client.on('data', function (d) { callback(null, d); client.destroy(); });
  client.on('error', function (err) { callback(err, null); });
  setTimeout(function () { client.end(); }, timeout);
}
module.exports = ping;`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a promise timer after which the socket is only ended does not bound it',
      code: `const net = require('net');
const { setTimeout: delay } = require('timers/promises');
async function probe() {
  const s = net.connect(80);
  s.on('error', () => {});
  await delay(500);
  s.end();
}
probe();`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'a connection to a port a helper computes is TCP, not a path',
      code: `const net = require('net');
const D = (e) => e + 8000;
exports.connect = () => new Promise((e) => {
  const n = D(process.ppid), o = net.createConnection(n, () => e(true));
  o.on('error', () => e());
});`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      // The incident relay: its upstream is on this host, but a client that vanishes leaves both ends open.
      name: 'connections of a server bound to localhost, and a client of 127.0.0.1: loopback TCP still needs an idle bound',
      code: `const net = require('net');
net
  .createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (d) => socket.write(d));
  })
  .listen(7000, 'localhost');
const client = net.connect({ port: 6379, host: '127.0.0.1' });
client.on('error', () => {});
client.on('data', () => {});`,
      errors: [
        { messageId: 'accepted', line: 3 },
        { messageId: 'client', line: 8 },
      ],
    },
    {
      name: 'connections accepted by a server bound to every interface, and a client of another host',
      code: `const net = require('net');
net
  .createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (d) => socket.write(d));
  })
  .listen(7000, '0.0.0.0');
const client = net.connect({ port: 6379, host: 'cache.internal' });
client.on('error', () => {});
client.on('data', () => {});`,
      errors: [
        { messageId: 'accepted', line: 3 },
        { messageId: 'client', line: 8 },
      ],
    },
    {
      name: "a socket ended in its connect callback that then waits for the peer's answer",
      code: `const net = require('net');
function get_port(port, cb) { cb(port); }
function get_port_weird(port, cb) {
  const client = net
    .createConnection({ port }, () => {
      client.end();
      client.on("data", (d) => cb(d));
      get_port(port + 1, cb);
    })
    .on('error', () => {
      cb(port);
    });
}
module.exports = get_port_weird;`,
      errors: [{ messageId: 'client', line: 5 }],
    },
    {
      name: 'a probe whose same-file cleanUp() destroys it only when a flag says so: may stay connected',
      code: `var net = require('net');
function check(port, host) {
  var client;
  return new Promise(function (resolve, reject) {
    function cleanUp() {
      if (client && client.stale) {
        client.removeAllListeners('connect');
        client.end();
        client.destroy();
      }
    }
    function onConnectCb() {
      resolve(true);
      cleanUp();
    }
    client = new net.Socket();
    client.once('connect', onConnectCb);
    client.once('error', function (err) { resolve(false); cleanUp(); });
    client.connect({ port: port, host: host });
  });
}
module.exports = check;`,
      errors: [{ messageId: 'client', line: 16 }],
    },
    {
      name: 'a net server on an OS-picked port that also prints its port: outside clients can learn it',
      code: `const net = require('net');
const server = net.createServer((sock) => { sock.on('error', () => {}); sock.resume(); });
server.listen(0, () => {
  console.log('listening on', server.address().port);
  const client = net.connect(server.address());
  client.on('error', () => {});
  client.end('ping');
});`,
      errors: [{ messageId: 'accepted', line: 2 }],
    },
    {
      name: 'a socket piped into a wrapper the function keeps to itself: nobody else can bound it',
      code: `const net = require('net');
const { Writable } = require('stream');
class Connection extends Writable {
  constructor() { super(); this.on('pipe', (source) => { this.stream = source; }); }
  _write(chunk, encoding, done) { done(); }
}
exports.createConnection = function (port, host) {
  const socket = net.createConnection(port, host);
  socket.pipe(new Connection());
  socket.on('error', () => socket.destroy());
};`,
      errors: [{ messageId: 'client', line: 8 }],
    },
    {
      name: 'a socket piped into a core PassThrough that is returned: it keeps no way back to the socket',
      code: `const net = require('net');
const { PassThrough } = require('stream');
exports.open = function (port, host) {
  const socket = net.createConnection(port, host);
  socket.on('error', () => socket.destroy());
  return socket.pipe(new PassThrough());
};`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: "a socket destroyed in its 'connect' listener only on one branch: otherwise it stays open with no idle bound",
      code: `const net = require('net');
module.exports = function check(host, keep, done) {
  const socket = net.connect({ host, port: 53 });
  socket.on('error', done);
  socket.once('connect', () => {
    if (!keep) socket.destroy();
    done(null, socket.address());
  });
};`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: "options the analysis cannot read, on a socket nothing here listens to for 'timeout' (a timeout among them only emits it)",
      code: `const net = require('net');
function open(opts) { const s = net.connect(opts); s.write('x'); }`,
      errors: [{ messageId: 'client', line: 2 }],
    },
    {
      name: "options from the caller on a socket nothing here listens to for 'timeout': a timeout among them would change nothing (nodeS7)",
      code: `const net = require('net');
function Plc() {}
Plc.prototype.connectNow = function (cParam) {
  const self = this;
  self.client = net.connect(cParam, function () {
    self.onConnect();
  });
  self.client.on('error', (err) => self.onError(err));
  self.client.on('data', (d) => self.onData(d));
};
module.exports = Plc;`,
      errors: [{ messageId: 'client', line: 5 }],
    },
    {
      name: 'an untyped value named for a port is a TCP connection',
      code: `const net = require('net');
function open(targetPort) {
  const conn = net.connect(targetPort);
  conn.on('error', () => conn.destroy());
  conn.pipe(process.stdout);
}
module.exports = open;`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a socket this class reads, also shown to listeners of an event (irc-framework f140d38)',
      code: `const net = require('net');
class Connection extends require('events') {
  connect(options) {
    const socket = this.socket = net.connect({ host: options.host, port: options.port });
    socket.on('connect', () => this.emit('extra', 'raw socket connected', this.socket));
    socket.on('data', (data) => this.emit('line', data.toString()));
    socket.on('error', (err) => this.emit('socket error', err));
  }
}`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: "a socket this code reads, listens to and closes, also given to the project's own writer (nodejs-driver 6d15488)",
      code: `const net = require('net');
const writers = require('./writers');
function Connection(options) {
  this.options = options;
}
Connection.prototype.open = function (callback) {
  const self = this;
  this.netClient = new net.Socket();
  this.writeQueue = new writers.WriteQueue(this.netClient);
  this.netClient.on('data', (chunk) => self.emit('chunk', chunk));
  this.netClient.on('close', () => self.emit('closed'));
  this.netClient.once('error', (err) => {
    self.netClient.destroy();
    callback(err);
  });
  this.netClient.connect(this.options.port, this.options.host, callback);
};
module.exports = Connection;
`,
      errors: [{ messageId: 'client', line: 8 }],
    },
    {
      name: "a socket read here and parsed by the project's own codec module (node-smpp 2b04ef0)",
      code: `const net = require('net');
const PDU = require('./pdu').PDU;
function Session(options) {
  const self = this;
  this.socket = net.connect(options);
  this.socket.on('readable', () => {
    const pdu = PDU.fromStream(self.socket);
    if (pdu) self.emit('pdu', pdu);
  });
  this.socket.on('close', () => self.emit('close'));
  this.socket.on('error', (e) => self.emit('error', e));
}
Session.prototype.close = function () {
  this.socket.end();
};
module.exports = Session;
`,
      errors: [{ messageId: 'client', line: 5 }],
    },
    // From the corpus review (issue 9, shape 4): options or port/host in variables
    {
      name: 'options in a const with shorthand host and port (proxy CONNECT tunnel)',
      code: `const net = require('net');
function tunnel(req, host, port) {
  const opts = { host, port };
  const target = net.connect(opts);
  target.on('error', () => req.socket.destroy());
}
`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'port and host in snake_case parameters (websockify): a second argument that is no listener makes the call positional',
      code: `const net = require('net');
function bridge(target_port, target_host) {
  const target = net.createConnection(target_port, target_host);
  target.on('error', () => target.destroy());
}
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'either of two sockets chosen by a conditional, returned to a caller in the file, never bounded',
      code: `const net = require('net');
const tls = require('tls');
function open(secure) {
  const s = secure ? tls.connect(443, 'example.com') : net.connect(80, 'example.com');
  s.on('error', () => {});
  return s;
}
open(true).write('x');`,
      errors: [
        { messageId: 'client', line: 4, column: 22 },
        { messageId: 'client', line: 4, column: 56 },
      ],
    },
    // Options through variables (issue 9, shape 4)
    {
      name: 'options from a let without a timeout',
      code: `const net = require('net');
let opts = { host: 'example.com', port: 80 };
const s = net.connect(opts);
s.on('data', () => {});
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'Object.assign options without a timeout',
      code: `const net = require('net');
const s = net.connect(Object.assign({}, { port: 80 }));
s.on('data', () => {});
`,
      errors: [{ messageId: 'client', line: 2 }],
    },
    {
      name: 'kept in a map of the module and never given a timeout',
      code: `const net = require('net');
const pool = new Map();
net.createServer((socket) => { pool.set('a', socket); });`,
      errors: [{ messageId: 'accepted', line: 3 }],
    },
    {
      name: "an http server's upgraded socket has lost the server's timeouts",
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (d) => socket.write(d));
});`,
      errors: [{ messageId: 'accepted', line: 3 }],
    },
    // destroyed only on one path, or with an error (which is emitted): still reported
    {
      code: `const net = require('net');
let open = 0;
net.createServer((socket) => {
  if (open > 100) socket.destroy();
  open++;
}).listen(8080);`,
      errors: [{ messageId: 'accepted', line: 3 }],
    },
    {
      name: 'net.connect with no timeout',
      code: `const net = require('net');
const sock = net.connect(80, 'example.com');
sock.on('error', (err) => console.error(err));
`,
      errors: [
        {
          messageId: 'client',
          line: 2,
          column: 14,
          fixes: [
            `const net = require('net');
const sock = net.connect(80, 'example.com');
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.destroy(new Error('socket timeout'));
});
sock.on('error', (err) => console.error(err));
`,
          ],
        },
      ],
    },
    {
      name: 'no error listener: destroy() without an error so the fix cannot crash the process',
      code: `const net = require('net');
const sock = net.createConnection({ port: 80 });
sock.write('ping');
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const sock = net.createConnection({ port: 80 });
sock.setTimeout(30000);
sock.on('timeout', () => {
  sock.destroy();
});
sock.write('ping');
`,
    },
    {
      name: 'option defaultTimeoutMs',
      code: `const net = require('net');
const sock = net.connect(80);
`,
      options: { defaultTimeoutMs: 120000 },
      errors: [{ messageId: 'client' }],
      output: `const net = require('net');
const sock = net.connect(80);
sock.setTimeout(120000);
sock.on('timeout', () => {
  sock.destroy();
});
`,
    },
    {
      name: 'incident 3: accepted by a net server, relayed, no timer',
      code: `const net = require('net');
net.createServer((client) => {
  client.on('error', () => client.destroy());
  client.pipe(process.stdout);
}).listen(7000);
`,
      errors: [{ messageId: 'accepted', line: 2, column: 19 }],
      output: `const net = require('net');
net.createServer((client) => {
  client.setTimeout(30000);
  client.on('timeout', () => {
    client.destroy(new Error('socket timeout'));
  });
  client.on('error', () => client.destroy());
  client.pipe(process.stdout);
}).listen(7000);
`,
    },
    {
      name: "server 'connection' listener",
      code: `const net = require('net');
const server = net.createServer();
server.on('connection', function (conn) {
  conn.write('hello');
});
`,
      errors: [{ messageId: 'accepted', line: 3 }],
      output: `const net = require('net');
const server = net.createServer();
server.on('connection', function (conn) {
  conn.setTimeout(30000);
  conn.on('timeout', () => {
    conn.destroy();
  });
  conn.write('hello');
});
`,
    },
    {
      name: 'tls.connect, TypeScript',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';
const secure: tls.TLSSocket = tls.connect({ host: 'example.com', port: 443 });
secure.on('data', (d: Buffer) => console.log(d));
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `import * as tls from 'node:tls';
const secure: tls.TLSSocket = tls.connect({ host: 'example.com', port: 443 });
secure.setTimeout(30000);
secure.on('timeout', () => {
  secure.destroy();
});
secure.on('data', (d: Buffer) => console.log(d));
`,
    },
    {
      name: 'new Socket in TypeScript',
      filename: 'case.ts',
      code: `import { Socket } from 'net';
const s = new Socket();
s.connect(80, 'db.internal');
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `import { Socket } from 'net';
const s = new Socket();
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy();
});
s.connect(80, 'db.internal');
`,
    },
    {
      name: 'setTimeout(0) switches the bound off: reported, no fix',
      code: `const net = require('net');
const s = net.connect(80);
s.setTimeout(0);
`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'timeout: 0 option',
      code: `const net = require('net');
const s = net.connect({ port: 80, timeout: 0 });
`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'a port from the environment is not an options object',
      code: `const net = require('net');
const PORT = process.env.PORT || 3000;
const s = net.connect(PORT, process.env.HOST);
`,
      errors: [{ messageId: 'client', line: 3 }],
      output: `const net = require('net');
const PORT = process.env.PORT || 3000;
const s = net.connect(PORT, process.env.HOST);
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy();
});
`,
    },
    {
      name: 'a trailing comment stays with its statement',
      code: `const net = require('net');
const upstream = net.connect(9000); // relay: upstream connection
upstream.write('x');
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const upstream = net.connect(9000); // relay: upstream connection
upstream.setTimeout(30000);
upstream.on('timeout', () => {
  upstream.destroy();
});
upstream.write('x');
`,
    },
    {
      name: 'expression-bodied connection listener becomes a block',
      code: `const net = require('net');
net.createServer((s) => s.pipe(s)).listen(7);
`,
      errors: [{ messageId: 'accepted', line: 2 }],
      output: `const net = require('net');
net.createServer((s) => {
  s.setTimeout(30000);
  s.on('timeout', () => {
    s.destroy();
  });
  s.pipe(s);
}).listen(7);
`,
    },
    {
      name: 'a helper that destroys the socket, called by no timer, is no deadline',
      code: `const net = require('net');
const s = net.connect(80, 'example.com');
const cleanup = () => s.destroy();
s.on('error', cleanup);
setTimeout(() => console.log('still here'), 1000);
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const s = net.connect(80, 'example.com');
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy(new Error('socket timeout'));
});
const cleanup = () => s.destroy();
s.on('error', cleanup);
setTimeout(() => console.log('still here'), 1000);
`,
    },
    {
      name: 'a method of the owner that destroys the socket, run from a reconnect timer and a close timer, is no deadline (nodeS7)',
      code: `const net = require('net');
function Plc() {}
Plc.prototype.connectNow = function (params) {
  const self = this;
  self.cleanup();
  self.client = net.connect(params, () => self.onConnect());
  self.client.on('error', () => setTimeout(() => self.connectNow(params), 2000));
};
Plc.prototype.drop = function () {
  const self = this;
  self.client.end();
  setTimeout(() => self.cleanup(), 2500);
};
Plc.prototype.cleanup = function () {
  if (this.client) this.client.destroy();
};
module.exports = Plc;
`,
      errors: [{ messageId: 'client', line: 6 }],
    },
    {
      name: 'a helper more than three calls away from the timer is not followed',
      code: `const net = require('net');
const s = net.connect(80, 'example.com');
s.on('error', () => {});
function d() { s.destroy(); }
function c() { d(); }
function b() { c(); }
function a() { b(); }
setTimeout(() => a(), 1000);
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const s = net.connect(80, 'example.com');
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy(new Error('socket timeout'));
});
s.on('error', () => {});
function d() { s.destroy(); }
function c() { d(); }
function b() { c(); }
function a() { b(); }
setTimeout(() => a(), 1000);
`,
    },
    {
      name: 'a one-shot timer that only writes is not a bound',
      code: `const net = require('net');
const s = net.connect(80);
setTimeout(() => s.write('late'), 1000);
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const s = net.connect(80);
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy();
});
setTimeout(() => s.write('late'), 1000);
`,
    },
    {
      name: 'corpus miss (proxy): options from a const object without a timeout',
      code: `const net = require('net');
function tunnel(req, host, port) {
  const opts = { host, port };
  const target = net.connect(opts);
  target.on('error', () => req.socket.destroy());
}
`,
      errors: [{ messageId: 'client', line: 4 }],
      output: `const net = require('net');
function tunnel(req, host, port) {
  const opts = { host, port };
  const target = net.connect(opts);
  target.setTimeout(30000);
  target.on('timeout', () => {
    target.destroy(new Error('socket timeout'));
  });
  target.on('error', () => req.socket.destroy());
}
`,
    },
    {
      name: 'corpus miss (websockify): a port and a host, whatever they are named, take no options',
      code: `const net = require('net');
function bridge(target_port, target_host) {
  const target = net.createConnection(target_port, target_host);
  target.on('error', () => target.destroy());
}
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a socket to an address a helper returns, neither typed nor named as a path: not IPC',
      code: `const net = require('net');
const { lookupBroker } = require('./discovery');
const address = lookupBroker();
const s = net.connect(address);
s.on('data', (d) => console.log(d));
s.on('error', () => s.destroy());
`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'a port kept as a string a call returns: a numeric string is a port, not IPC',
      code: `const net = require('net');
const port = String(process.env.REDIS_PORT || 6379);
const s = net.connect(port);
s.on('data', (d) => console.log(d));
s.on('error', () => s.destroy());
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a socket connected later to a TCP port is not IPC',
      code: `const net = require('net');
const s = new net.Socket();
s.connect(6379, 'cache');
`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');
const s = new net.Socket();
s.setTimeout(30000);
s.on('timeout', () => {
  s.destroy();
});
s.connect(6379, 'cache');
`,
    },
    {
      name: 'destroyed after a promise that is not a timer: not a bound',
      code: `const net = require('net');
const s = net.connect(80);
loadConfig().then(() => s.destroy());
`,
      errors: [{ messageId: 'client', line: 2 }],
    },
    {
      name: 'destroyed after an await that is not a timer: not a bound',
      code: `const net = require('net');
async function run(db) {
  const s = net.connect(80);
  await db.query('select 1');
  s.destroy();
}
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a promise timer that only writes is not a bound',
      code: `const net = require('net');
const { setTimeout: sleep } = require('timers/promises');
const s = net.connect(80);
sleep(100).then(() => s.write('ping'));
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'an abort listener of a signal with no timeout is not a bound',
      code: `const net = require('net');
const controller = new AbortController();
const s = net.connect(80);
controller.signal.addEventListener('abort', () => s.destroy());
`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'chained, unnamed: reported without a fix',
      code: `const net = require('net');
net.connect(80).on('data', (d) => console.log(d));
`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function that does not set a timeout',
      code: `const net = require('net');
function greet(sock) { sock.write('hi'); }
net.createServer((socket) => { greet(socket); });
`,
      errors: [{ messageId: 'accepted', line: 3 }],
      output: `const net = require('net');
function greet(sock) { sock.write('hi'); }
net.createServer((socket) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => {
    socket.destroy();
  });
  greet(socket);
});
`,
    },
    {
      name: 'file style: tabs, double quotes, no semicolons',
      code: `const tls = require("tls")
function open() {
\tconst s = tls.connect(443, "example.com")
\ts.on("error", (err) => console.error(err))
}
`,
      errors: [{ messageId: 'client', line: 3 }],
      output: `const tls = require("tls")
function open() {
\tconst s = tls.connect(443, "example.com")
\ts.setTimeout(30000)
\ts.on("timeout", () => {
\t\ts.destroy(new Error("socket timeout"))
\t})
\ts.on("error", (err) => console.error(err))
}
`,
    },
  ],
});
