import rule from '../../server/src/rules/missing-socket-timeout';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    // A second argument that may be a listener: the first may be an options object (stays silent)
    `const net = require('net');\nfunction open(o, h) {\n  const s = net.createConnection(o, h);\n  s.on('error', () => s.destroy());\n}\n`,
    // Options through variables (issue 9, shape 4)
    `const net = require('net');\nlet opts = { host: 'example.com', port: 80, timeout: 10000 };\nconst s = net.connect(opts);\ns.on('timeout', () => s.destroy());\n`,
    `const net = require('net');\nconst opts = { host: 'example.com', port: 80 };\nopts.timeout = 10000;\nconst s = net.connect(opts);\ns.on('timeout', () => s.destroy());\n`,
    `const net = require('net');\nconst base = { timeout: 10000 };\nconst s = net.connect({ ...base, port: 80 });\ns.on('timeout', () => s.destroy());\n`,
    `const net = require('net');\nconst s = net.connect({ ...settings.socket, port: 80 });\ns.on('data', () => {});\n`,
    `const net = require('net');\nconst s = net.connect(80);\ns.setTimeout(10000);\ns.on('timeout', () => s.destroy());`,
    `const net = require('net');\nconst s = net.connect({ port: 80, timeout: 10000 });\ns.on('timeout', () => s.destroy());`,
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
    `const net = require('net');\nconst s = net.connect({ port: 5432, keepAlive: true });\ns.on('error', () => s.destroy());\ns.on('data', (d) => handle(d));\n`,
    // chained setTimeout
    `const net = require('net');\nnet.connect(80).setTimeout(5000).on('timeout', function () { this.destroy(); });`,
    // a timeout that is not a literal: the rule cannot tell it is zero
    `const net = require('net');\nfunction open(ms) { const s = net.connect(80); s.setTimeout(ms); }`,
    // set in a same-file function the socket is passed to
    `const net = require('net');\nfunction guard(sock) { sock.setTimeout(30000, () => sock.destroy()); }\nnet.createServer((socket) => { guard(socket); });`,
    // set with this.setTimeout in the connect callback given at creation
    `const net = require('net');\nnet.connect(80, 'example.com', function () { this.setTimeout(1000); });`,
    // set with this.setTimeout in a connect listener
    `const net = require('net');\nconst s = net.connect(80);\ns.on('connect', function () { this.setTimeout(1000); });`,
    // rules.md: sockets accepted by http/https servers (the server's timeouts apply)
    `const http = require('http');\nconst server = http.createServer();\nserver.on('connection', (socket) => { socket.setNoDelay(true); });`,
    `const https = require('https');\nconst server = https.createServer({});\nserver.on('connection', (socket) => socket.setKeepAlive(true));`,
    // rules.md: escaping sockets
    `const net = require('net');\nfunction open() { return net.connect(80); }`,
    `const net = require('net');\nexport const pool = new Map();\nnet.createServer((socket) => { pool.set('a', socket); });`,
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
    // an AbortSignal deadline
    `const net = require('net');\nconst s = new net.Socket({ signal: AbortSignal.timeout(5000) });\ns.connect(80);`,
    // local IPC sockets: the kernel reports a dead peer at once
    `const net = require('net');\nconst s = net.connect('/var/run/app.sock');\ns.on('data', (d) => console.log(d));`,
    `const net = require('net');\nconst s = net.createConnection({ path: '\\\\.\\pipe\\app' });\ns.write('x');`,
    `const net = require('net');\nconst server = net.createServer((c) => c.pipe(c));\nserver.listen('/tmp/echo.sock');`,
    // tls.connect wrapping a socket created elsewhere
    `const tls = require('tls');\nfunction upgrade(raw) { const t = tls.connect({ socket: raw }); t.write('x'); }`,
    // options the analysis cannot read
    `const net = require('net');\nfunction open(opts) { const s = net.connect(opts); s.write('x'); }`,
    // a TLSSocket wrapping an existing socket is not a raw socket of its own
    {
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';\nimport * as net from 'node:net';\nexport function wrap(raw: net.Socket): tls.TLSSocket { const t = new tls.TLSSocket(raw); t.on('error', () => {}); return t; }`,
    },
    // a deadline kept by a timer that destroys the socket
    `const net = require('net');\nfunction probe(port) {\n  return new Promise((resolve) => {\n    const s = net.connect(port, () => { s.end(); resolve(true); });\n    const timer = setTimeout(() => { s.destroy(); resolve(false); }, 2000);\n    s.on('close', () => clearTimeout(timer));\n  });\n}`,
    // an application heartbeat: writes from setInterval eventually fail on a dead peer
    `const net = require('net');\nnet.createServer((socket) => {\n  const beat = setInterval(() => socket.write('ping\\n'), 15000);\n  socket.on('close', () => clearInterval(beat));\n});`,
    { filename: 'case.ts', code: `import { connect } from 'node:net';\nconst s = connect({ port: 80, timeout: 5_000 });\ns.on('timeout', () => s.destroy());` },
    // issue 9, IPC: a socket connected to a Unix socket path later, after it was made
    `const net = require('net');\nconst s = new net.Socket();\ns.on('data', (d) => console.log(d));\ns.connect('/var/run/docker.sock');`,
    `const net = require('net');\nconst s = new net.Socket();\ns.connect({ path: '/tmp/x.sock' }, () => s.write('hello'));`,
    // IPC options from a const object
    `const net = require('net');\nconst opts = { path: '/tmp/x.sock' };\nconst s = net.connect(opts);\ns.write('x');`,
    `const net = require('net');\nconst s = net.connect('/var/run/docker.sock');\ns.write('GET /events HTTP/1.1\\r\\n\\r\\n');`,
    // issue 9, promise timers: a deadline kept by a promise that settles after a delay
    `const net = require('net');\nconst sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nconst s = net.connect(80);\nsleep(500).then(() => s.destroy());`,
    `const net = require('net');\nconst { setTimeout } = require('timers/promises');\nasync function probe() {\n  const s = net.connect(80);\n  await setTimeout(500);\n  s.destroy();\n}`,
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';\nimport { setTimeout as delay } from 'node:timers/promises';\nexport async function probe(): Promise<void> {\n  const s = net.connect(80);\n  s.on('error', () => {});\n  await delay(500);\n  s.end();\n}`,
    },
    `const net = require('net');\nconst util = require('util');\nconst wait = util.promisify(setTimeout);\nconst s = net.connect(80);\nwait(1000).then(() => s.end());`,
    `const net = require('net');\nasync function probe() {\n  const s = net.connect(80);\n  await new Promise((resolve) => setTimeout(resolve, 1000));\n  s.destroy();\n}`,
    `const net = require('net');\nconst delay = require('delay');\nconst s = net.connect(80);\ndelay(200).finally(() => s.destroy());`,
    `const net = require('net');\nconst s = net.connect(80);\nconst signal = AbortSignal.timeout(5000);\nsignal.addEventListener('abort', () => s.destroy());`,
    `const net = require('net');\nconst s = net.connect(80);\nAbortSignal.any([AbortSignal.timeout(5000)]).addEventListener('abort', () => s.destroy(), { once: true });`,
    // corpus FP10 (pm2-axon): a probe connected to a Unix socket path given in connect()'s options later
    `const net = require('net');\nfunction isSocketFileInUse(file, cb) {\n  const probe = new net.Socket();\n  probe.on('error', () => cb(false));\n  probe.connect({ path: file }, () => { probe.end(); cb(true); });\n}`,
    // untyped options and callback: the options may hold a timeout
    `const net = require('net');\nfunction open(options, onConnect) {\n  const s = net.connect(options, onConnect);\n  s.write('x');\n}`,
    // a connection turned away at once: a destroyed socket emits no 'error' and holds nothing open
    `const net = require('net');\nconst server = net.createServer((s) => s.destroy());\nserver.listen(9229, '127.0.0.1');`,
    `const net = require('net');\nnet.createServer((socket) => {\n  socket.destroy();\n}).listen(8080);`,
  ],
  invalid: [
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
    // From the corpus review (issue 9, shape 4): options or port/host in variables
    {
      name: 'options in a const with shorthand host and port (proxy CONNECT tunnel)',
      code: `const net = require('net');\nfunction tunnel(req, host, port) {\n  const opts = { host, port };\n  const target = net.connect(opts);\n  target.on('error', () => req.socket.destroy());\n}\n`,
      errors: [{ messageId: 'client', line: 4 }],
    },
    {
      name: 'port and host in snake_case parameters (websockify): a second argument that is no listener makes the call positional',
      code: `const net = require('net');\nfunction bridge(target_port, target_host) {\n  const target = net.createConnection(target_port, target_host);\n  target.on('error', () => target.destroy());\n}\n`,
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
      code: `const net = require('net');\nlet opts = { host: 'example.com', port: 80 };\nconst s = net.connect(opts);\ns.on('data', () => {});\n`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'Object.assign options without a timeout',
      code: `const net = require('net');\nconst s = net.connect(Object.assign({}, { port: 80 }));\ns.on('data', () => {});\n`,
      errors: [{ messageId: 'client', line: 2 }],
    },
    {
      name: 'kept in a map of the module and never given a timeout',
      code: `const net = require('net');\nconst pool = new Map();\nnet.createServer((socket) => { pool.set('a', socket); });`,
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
      code: `const net = require('net');\nlet open = 0;\nnet.createServer((socket) => {\n  if (open > 100) socket.destroy();\n  open++;\n}).listen(8080);`,
      errors: [{ messageId: 'accepted', line: 3 }],
    },
    {
      name: 'net.connect with no timeout',
      code: `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.on('error', (err) => console.error(err));\n`,
      errors: [
        {
          messageId: 'client',
          line: 2,
          column: 14,
          fixes: [
            `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.destroy(new Error('socket timeout'));\n});\nsock.on('error', (err) => console.error(err));\n`,
          ],
        },
      ],
    },
    {
      name: 'no error listener: destroy() without an error so the fix cannot crash the process',
      code: `const net = require('net');\nconst sock = net.createConnection({ port: 80 });\nsock.write('ping');\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');\nconst sock = net.createConnection({ port: 80 });\nsock.setTimeout(30000);\nsock.on('timeout', () => {\n  sock.destroy();\n});\nsock.write('ping');\n`,
    },
    {
      name: 'option defaultTimeoutMs',
      code: `const net = require('net');\nconst sock = net.connect(80);\n`,
      options: { defaultTimeoutMs: 120000 },
      errors: [{ messageId: 'client' }],
      output: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(120000);\nsock.on('timeout', () => {\n  sock.destroy();\n});\n`,
    },
    {
      name: 'incident 3: accepted by a net server, relayed, no timer',
      code: `const net = require('net');\nnet.createServer((client) => {\n  client.on('error', () => client.destroy());\n  client.pipe(process.stdout);\n}).listen(7000);\n`,
      errors: [{ messageId: 'accepted', line: 2, column: 19 }],
      output: `const net = require('net');\nnet.createServer((client) => {\n  client.setTimeout(30000);\n  client.on('timeout', () => {\n    client.destroy(new Error('socket timeout'));\n  });\n  client.on('error', () => client.destroy());\n  client.pipe(process.stdout);\n}).listen(7000);\n`,
    },
    {
      name: "server 'connection' listener",
      code: `const net = require('net');\nconst server = net.createServer();\nserver.on('connection', function (conn) {\n  conn.write('hello');\n});\n`,
      errors: [{ messageId: 'accepted', line: 3 }],
      output: `const net = require('net');\nconst server = net.createServer();\nserver.on('connection', function (conn) {\n  conn.setTimeout(30000);\n  conn.on('timeout', () => {\n    conn.destroy();\n  });\n  conn.write('hello');\n});\n`,
    },
    {
      name: 'tls.connect, TypeScript',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';\nconst secure: tls.TLSSocket = tls.connect({ host: 'example.com', port: 443 });\nsecure.on('data', (d: Buffer) => console.log(d));\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `import * as tls from 'node:tls';\nconst secure: tls.TLSSocket = tls.connect({ host: 'example.com', port: 443 });\nsecure.setTimeout(30000);\nsecure.on('timeout', () => {\n  secure.destroy();\n});\nsecure.on('data', (d: Buffer) => console.log(d));\n`,
    },
    {
      name: 'new Socket in TypeScript',
      filename: 'case.ts',
      code: `import { Socket } from 'net';\nconst s = new Socket();\ns.connect(80, 'localhost');\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `import { Socket } from 'net';\nconst s = new Socket();\ns.setTimeout(30000);\ns.on('timeout', () => {\n  s.destroy();\n});\ns.connect(80, 'localhost');\n`,
    },
    {
      name: 'setTimeout(0) switches the bound off: reported, no fix',
      code: `const net = require('net');\nconst s = net.connect(80);\ns.setTimeout(0);\n`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'timeout: 0 option',
      code: `const net = require('net');\nconst s = net.connect({ port: 80, timeout: 0 });\n`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'a port from the environment is not an options object',
      code: `const net = require('net');\nconst PORT = process.env.PORT || 3000;\nconst s = net.connect(PORT, process.env.HOST);\n`,
      errors: [{ messageId: 'client', line: 3 }],
      output: `const net = require('net');\nconst PORT = process.env.PORT || 3000;\nconst s = net.connect(PORT, process.env.HOST);\ns.setTimeout(30000);\ns.on('timeout', () => {\n  s.destroy();\n});\n`,
    },
    {
      name: 'a trailing comment stays with its statement',
      code: `const net = require('net');\nconst upstream = net.connect(9000); // relay: upstream connection\nupstream.write('x');\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');\nconst upstream = net.connect(9000); // relay: upstream connection\nupstream.setTimeout(30000);\nupstream.on('timeout', () => {\n  upstream.destroy();\n});\nupstream.write('x');\n`,
    },
    {
      name: 'expression-bodied connection listener becomes a block',
      code: `const net = require('net');\nnet.createServer((s) => s.pipe(s)).listen(7);\n`,
      errors: [{ messageId: 'accepted', line: 2 }],
      output: `const net = require('net');\nnet.createServer((s) => {\n  s.setTimeout(30000);\n  s.on('timeout', () => {\n    s.destroy();\n  });\n  s.pipe(s);\n}).listen(7);\n`,
    },
    {
      name: 'a one-shot timer that only writes is not a bound',
      code: `const net = require('net');\nconst s = net.connect(80);\nsetTimeout(() => s.write('late'), 1000);\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');\nconst s = net.connect(80);\ns.setTimeout(30000);\ns.on('timeout', () => {\n  s.destroy();\n});\nsetTimeout(() => s.write('late'), 1000);\n`,
    },
    {
      name: 'corpus miss (proxy): options from a const object without a timeout',
      code: `const net = require('net');\nfunction tunnel(req, host, port) {\n  const opts = { host, port };\n  const target = net.connect(opts);\n  target.on('error', () => req.socket.destroy());\n}\n`,
      errors: [{ messageId: 'client', line: 4 }],
      output: `const net = require('net');\nfunction tunnel(req, host, port) {\n  const opts = { host, port };\n  const target = net.connect(opts);\n  target.setTimeout(30000);\n  target.on('timeout', () => {\n    target.destroy(new Error('socket timeout'));\n  });\n  target.on('error', () => req.socket.destroy());\n}\n`,
    },
    {
      name: 'corpus miss (websockify): a port and a host, whatever they are named, take no options',
      code: `const net = require('net');\nfunction bridge(target_port, target_host) {\n  const target = net.createConnection(target_port, target_host);\n  target.on('error', () => target.destroy());\n}\n`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a socket connected later to a TCP port is not IPC',
      code: `const net = require('net');\nconst s = new net.Socket();\ns.connect(6379, 'cache');\n`,
      errors: [{ messageId: 'client', line: 2 }],
      output: `const net = require('net');\nconst s = new net.Socket();\ns.setTimeout(30000);\ns.on('timeout', () => {\n  s.destroy();\n});\ns.connect(6379, 'cache');\n`,
    },
    {
      name: 'destroyed after a promise that is not a timer: not a bound',
      code: `const net = require('net');\nconst s = net.connect(80);\nloadConfig().then(() => s.destroy());\n`,
      errors: [{ messageId: 'client', line: 2 }],
    },
    {
      name: 'destroyed after an await that is not a timer: not a bound',
      code: `const net = require('net');\nasync function run(db) {\n  const s = net.connect(80);\n  await db.query('select 1');\n  s.destroy();\n}\n`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'a promise timer that only writes is not a bound',
      code: `const net = require('net');\nconst { setTimeout: sleep } = require('timers/promises');\nconst s = net.connect(80);\nsleep(100).then(() => s.write('ping'));\n`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'an abort listener of a signal with no timeout is not a bound',
      code: `const net = require('net');\nconst controller = new AbortController();\nconst s = net.connect(80);\ncontroller.signal.addEventListener('abort', () => s.destroy());\n`,
      errors: [{ messageId: 'client', line: 3 }],
    },
    {
      name: 'chained, unnamed: reported without a fix',
      code: `const net = require('net');\nnet.connect(80).on('data', (d) => console.log(d));\n`,
      errors: [{ messageId: 'client', fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function that does not set a timeout',
      code: `const net = require('net');\nfunction greet(sock) { sock.write('hi'); }\nnet.createServer((socket) => { greet(socket); });\n`,
      errors: [{ messageId: 'accepted', line: 3 }],
      output: `const net = require('net');\nfunction greet(sock) { sock.write('hi'); }\nnet.createServer((socket) => {\n  socket.setTimeout(30000);\n  socket.on('timeout', () => {\n    socket.destroy();\n  });\n  greet(socket);\n});\n`,
    },
    {
      name: 'file style: tabs, double quotes, no semicolons',
      code: `const tls = require("tls")\nfunction open() {\n\tconst s = tls.connect(443, "example.com")\n\ts.on("error", (err) => console.error(err))\n}\n`,
      errors: [{ messageId: 'client', line: 3 }],
      output: `const tls = require("tls")\nfunction open() {\n\tconst s = tls.connect(443, "example.com")\n\ts.setTimeout(30000)\n\ts.on("timeout", () => {\n\t\ts.destroy(new Error("socket timeout"))\n\t})\n\ts.on("error", (err) => console.error(err))\n}\n`,
    },
  ],
});
