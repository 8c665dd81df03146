/** Source of cases several rule tests share (each test states what its rule says of it). */

/**
 * A port probe that answers on its connections and closes the server from a `'listening'`
 * listener (node-red-contrib-alexa-remote2's `portAvailable`); `onListening` is that listener's
 * first statement: `server.close();` makes it a probe, a timer that closes it later does not.
 */
export function listeningProbe(onListening: string): string {
  return `const net = require('net');
function portAvailable(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.write('Port In Use Test\\r\\n');
      socket.pipe(socket);
    });
    server.on('error', reject);
    server.on('listening', () => {
      ${onListening}
      resolve();
    });
    server.listen(port);
  });
}
module.exports = portAvailable;`;
}

/** A free-port probe of an http server closed in its own `'listening'` listener (chrome-launcher's `getRandomPort`). */
export const RANDOM_PORT_PROBE = `const http = require('http');
function getRandomPort() {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.listen(8080);
    server.once('listening', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
module.exports = getRandomPort;`;

/**
 * A server whose creation callback serves each connection (`serving`: its lines) while a second
 * `'connection'` listener only keeps track of it for a shutdown; the creation callback is line 3.
 */
export function trackedConnections(serving: string): string {
  return `const net = require('net');
const sockets = new Set();
const server = net.createServer((socket) => {
${serving}
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
server.listen(7000);`;
}

/** A long-lived http server whose `'listening'` listener only closes it on SIGTERM (created on line 2). */
export const CLOSED_ON_SIGTERM = `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(8080);
server.once('listening', () => {
  console.log('listening on', server.address().port);
  process.on('SIGTERM', () => server.close());
});`;

/**
 * An express set-up server (NodeBB's web installer, server on line 4) whose named `launch` route
 * handler, registered with `app.post`, closes `closed`: the server itself (one-shot) or another.
 */
export function expressInstaller(closed: 'server' | 'admin'): string {
  return `const express = require('express');
const app = express();
let server;
function start(port) {
  server = app.listen(port, () => console.log('installer on', port));
  app.get('/', (req, res) => res.send('welcome'));
  app.post('/launch', launch);
}
function launch(req, res) {
  res.json({ ok: true });
  ${closed}.close();
  process.exit(0);
}
module.exports = start;`;
}

/**
 * A local documentation server (server on line 3) that calls `open(url)` once it listens;
 * `opener` is line 2, binding `open` (the browser opener, or a file API of the same name).
 */
export function serverThatOpens(opener: string): string {
  return `const http = require('http');
${opener}
const server = http.createServer((req, res) => res.end('docs'));
server.listen(4000, () => open('http://localhost:4000'));`;
}

/**
 * An http server (line 5) that answers every request with a fixed page, `between` its two answer
 * statements, and hands every upgrade to ws (fox-wamp's mqtt_gate.js).
 */
export function upgradeGateWith(between: string): string {
  return `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const port = Number(process.env.PORT) || 9000;
const server = http.createServer(function (req, res) {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  ${between}
  res.end('Hello from the gate');
});
server.listen(port);
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));`;
}

/**
 * A server (line 3) answering Prometheus scrapes from prom-client's registry on `path`; `client`
 * is line 1, the metrics client the file loads.
 */
export function metricsServer(client: string, path: string): string {
  return `const client = require('${client}');
const http = require('http');
http.createServer((req, res) => {
  if (req.url === '${path}') {
    res.setHeader('Content-Type', client.register.contentType);
    client.register.metrics().then((data) => res.end(data));
  } else {
    res.statusCode = 404;
    res.end();
  }
}).listen(Number(process.env.METRICS_PORT) || 9100);`;
}

/** The same file's registry served by an express application (line 4): the app's own server. */
export const METRICS_ON_APP = `const client = require('prom-client');
const express = require('express');
const app = express();
const server = require('http').createServer(app);
app.get('/metrics', async (req, res) => res.end(await client.register.metrics()));
app.get('/api/orders', (req, res) => res.json([]));
server.listen(8080);`;

/**
 * A mock request whose socket field falls back to a fresh `new Socket()` (line 5, unenv's
 * IncomingMessage); `use` is a method body that may touch that socket.
 */
export function mockRequestSocket(use: string): string {
  return `import { Socket } from 'node:net';
export class IncomingMessage {
  socket;
  constructor(socket) {
    this.socket = this.connection = socket || new Socket();
  }
  reply() {
    ${use}
  }
}
`;
}

/**
 * A request (line 8) whose deadline is kept by `timer`, a same-file function named `timeout`
 * declared on line 2 by `wrapper` (pubnub's `timeout(fun, wait)` around setTimeout).
 */
export function deadlineThroughWrapper(wrapper: string): string {
  return `const http = require('http');
${wrapper}
function get(path, cb) {
  let request;
  const done = (failed) => { clearTimeout(timer); if (request) { request.abort(); request = null; } if (failed) cb(new Error('failed')); };
  const timer = timeout(() => done(1), 10000);
  request = http.request({ hostname: 'api.example.com', path }, (res) => { res.resume(); res.on('end', () => done(0)); });
  request.on('error', () => done(1));
  request.end();
}
module.exports = get;
`;
}

/**
 * A browserify bundle whose first module requests a URL through `require("https").request`;
 * `mapped`: its module map gives "https" a module of the bundle (a browser's stand-in), as z-schema's
 * and testling's browser bundles do; otherwise the bundle was built for Node and leaves it out.
 */
export function browserifyBundle(mapped: boolean): string {
  return `(function(){function r(e,n,t){function o(i){if(!n[i]){var p=n[i]={exports:{}};e[i][0].call(p.exports,function(x){var m=e[i][1][x];return o(m||x)},p,p.exports)}return n[i].exports}for(var i=0;i<t.length;i++)o(t[i]);return o}return r})()({1:[function(require,module,exports){
var request = require("https").request;
module.exports = function load(url, done) {
  request(url, function (response) {
    var body = "";
    response.on("data", function (chunk) { body += chunk; });
    response.on("end", function () { done(body); });
  });
};
},${mapped ? '{"https":2}' : '{}'}],2:[function(require,module,exports){
exports.request = function (params, cb) { return new XMLHttpRequest(); };
},{}]},{},[1]);`;
}
