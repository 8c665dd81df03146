import rule from '../../server/src/rules/missing-end-handler';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    {
      name: "a socket relayed to a WebSocket whose 'end' listener calls a method that closes the WebSocket",
      code: `const net = require('net');
class Vnc {
  constructor(ws) { this.ws = ws; }
  start(port, host) {
    const target = net.createConnection(port, host);
    this.channel = target;
    target.on('data', this.onData);
    target.on('end', () => this.kill());
    target.on('error', () => this.kill());
  }
  onData = (data) => { this.ws?.send(data); };
  kill = () => { if (this.ws) { this.ws.close(); delete this.ws; } this.channel.end(); };
}
module.exports = Vnc;`,
    },
    {
      name: "a socket relayed to a WebSocket whose 'close' listener closes the WebSocket",
      code: `const net = require('net');
const { WebSocketServer } = require('ws');
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  const sock = net.connect(5900, 'vnc');
  sock.on('data', (chunk) => ws.send(chunk));
  sock.on('end', () => console.log('vnc ended'));
  sock.on('close', () => ws.close());
  sock.on('error', () => ws.terminate());
  ws.on('message', (m) => sock.write(m));
  ws.on('close', () => sock.destroy());
});`,
    },
    {
      name: "a 'data' listener that sends something made from the chunk, not the chunk itself: no relay",
      code: `const net = require('net');
function watch(ws) {
  const sock = net.connect(7000, 'feed');
  sock.on('data', (chunk) => ws.send(JSON.stringify({ size: chunk.length })));
  sock.on('end', () => console.log('feed ended'));
  sock.on('error', () => {});
}
module.exports = watch;`,
    },
    {
      name: "rules.md: default allowHalfOpen: false sockets with no 'end' listener (Node ends them)",
      code: `const net = require('net');
const s = net.connect(80);
s.on('data', (d) => console.log(d));`,
    },
    `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (d) => socket.write(d));
}).listen(7000);`,
    {
      name: "a default socket's 'end' listener that only logs: Node still ends the socket",
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => console.log('peer left'));
});`,
    },
    {
      name: "half-open, ended in its 'end' listener",
      code: `const net = require('net');
net.createServer({ allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => s.end('bye'));
});`,
    },
    {
      name: 'half-open, ended by a same-file function the listener calls',
      code: `const net = require('net');
function finish(sock) { sock.end(); }
net.createServer({ allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.once('end', () => finish(s));
});`,
    },
    {
      name: 'half-open, `this.destroy()` in a function listener',
      code: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.on('data', (d) => console.log(d));
s.on('end', function () { this.destroy(); });`,
    },
    {
      name: "half-open, its own side ended before the peer's FIN: the 'end' listener need not end it",
      code: `const net = require('net');
net.createServer({ allowHalfOpen: true }, function (socket) {
  socket.resume();
  socket.on('end', function () { console.log('peer done'); });
  socket.end();
});`,
    },
    {
      name: "half-open but never read from: 'end' cannot fire",
      code: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.write('hello');`,
    },
    {
      name: 'escaping: returned to the caller',
      code: `const net = require('net');
function open() {
  const s = net.connect({ port: 80, allowHalfOpen: true });
  s.on('data', (d) => console.log(d));
  return s;
}`,
    },
    {
      name: 'kept in a collection that leaves the module: its users may end the sockets',
      code: `const net = require('net');
export const clients = new Set();
net.createServer({ allowHalfOpen: true }, (s) => {
  clients.add(s);
  s.on('data', (d) => console.log(d));
});`,
    },
    {
      name: 'options the analysis cannot read',
      code: `const net = require('net');
function start(opts) {
  net.createServer(opts, (s) => { s.on('data', (d) => console.log(d)); });
}`,
    },
    {
      name: 'given to pipeline, which ends it',
      code: `const net = require('net');
const { pipeline } = require('stream');
net.createServer({ allowHalfOpen: true }, (s) => { pipeline(s, s, () => {}); });`,
    },
    {
      name: 'read with for await and ended after the loop',
      code: `const net = require('net');
async function talk() {
  const s = net.connect({ port: 80, allowHalfOpen: true });
  for await (const chunk of s) console.log(chunk);
  s.end();
}`,
    },
    {
      name: "a relay whose 'end' listener ends the peer",
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  client.on('end', () => upstream.end());
});`,
    },
    {
      name: 'pipe() ends the destination when the source ends',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
  client.on('end', () => console.log('client done'));
});`,
    },
    {
      name: "a relay whose peer is torn down on 'close'",
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  client.on('end', () => console.log('client done'));
  client.on('close', () => upstream.destroy());
});`,
    },
    {
      name: 'http servers end their own connections',
      code: `const http = require('http');
const server = http.createServer();
server.on('connection', (s) => {
  s.on('data', () => {});
  s.on('end', () => console.log('x'));
});`,
    },
    // TypeScript, half-open, ended
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';
const s: net.Socket = net.connect({ port: 80, allowHalfOpen: true });
s.on('readable', () => s.read());
s.on('end', () => { s.end(); });`,
    },
    {
      name: "net.md: with allowHalfOpen false Node ends the socket after 'end', so an 'end' listener that only logs is harmless",
      code: `const net = require('net');
net.createServer({ allowHalfOpen: false }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => console.log('client finished'));
});
`,
    },
    {
      name: 'options from a const object without allowHalfOpen: Node ends the socket',
      code: `const net = require('net');
const opts = { pauseOnConnect: false };
net.createServer(opts, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => console.log('client finished'));
});
`,
    },
    {
      name: "a half-open server switched back by assignment (ws's fix: server.allowHalfOpen = false)",
      code: `const http = require('http');
const server = http.createServer();
server.allowHalfOpen = false;
server.on('upgrade', (req, socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => console.log('client sent FIN'));
});
`,
    },
    {
      name: "an upgrade socket ended in its 'end' listener",
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => socket.end());
});
`,
    },
    {
      name: 'a CONNECT tunnel joined with pipe both ways: pipe ends each side when the other ends',
      code: `const http = require('http');
const net = require('net');
const server = http.createServer();
server.on('connect', (req, clientSocket, head) => {
  const target = net.connect(443, 'example.com', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    target.write(head);
    target.pipe(clientSocket);
    clientSocket.pipe(target);
  });
});
`,
    },
    {
      name: "a client request's 'upgrade' socket is not half-open",
      code: `const http = require('http');
const req = http.request({ host: 'example.com', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
req.on('upgrade', (res, socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => console.log('server sent FIN'));
});
req.end();
`,
    },
    {
      name: 'an allowHalfOpen assignment the analysis cannot read',
      code: `const net = require('net');
const s = net.connect(80);
s.allowHalfOpen = process.env.HALF_OPEN === '1';
s.on('data', (d) => console.log(d));
`,
    },
    {
      name: "an upgrade socket handed to another module (ws's handleUpgrade) escapes",
      code: `const http = require('http');
const handler = require('./handler');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('data', () => {});
  handler.handleUpgrade(req, socket, head);
});
`,
    },
  ],
  invalid: [
    {
      // electerm's VNC session: when the VNC server closed its side, the browser's WebSocket stayed open.
      name: "a socket relayed by hand to a WebSocket whose 'end' listener only logs",
      code: `const net = require('net');
class Vnc {
  constructor(ws) { this.ws = ws; }
  start(port, host) {
    const target = net.createConnection(port, host);
    this.channel = target;
    target.on('data', this.onData);
    target.on('end', function () {
      console.log('target disconnected');
    });
    target.on('error', this.onError);
    this.ws.on('close', this.kill);
  }
  onData = (data) => { this.ws?.send(data); };
  onError = () => { this.kill(); };
  kill = () => { if (this.ws) { this.ws.close(); delete this.ws; } this.channel && this.channel.end(); };
}
module.exports = Vnc;`,
      errors: [{ messageId: 'relayWebSocket', line: 8 }],
    },
    {
      name: "a socket relayed to an accepted WebSocket whose 'end' listener only logs (fix: close it there)",
      code: `const net = require('net');
const { WebSocketServer } = require('ws');
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  const sock = net.connect(5900, 'vnc');
  sock.on('data', (chunk) => ws.send(chunk));
  sock.on('end', () => console.log('vnc ended'));
  sock.on('error', () => ws.terminate());
  ws.on('message', (m) => sock.write(m));
  ws.on('close', () => sock.destroy());
});`,
      errors: [{ messageId: 'relayWebSocket', line: 6 }],
      output: `const net = require('net');
const { WebSocketServer } = require('ws');
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  const sock = net.connect(5900, 'vnc');
  sock.on('data', (chunk) => ws.send(chunk));
  sock.on('end', () => {
    console.log('vnc ended');
    ws.close();
  });
  sock.on('error', () => ws.terminate());
  ws.on('message', (m) => sock.write(m));
  ws.on('close', () => sock.destroy());
});`,
    },
    {
      name: 'kept in a collection of the module that nobody ends',
      code: `const net = require('net');
const clients = new Set();
net.createServer({ allowHalfOpen: true }, (s) => {
  clients.add(s);
  s.on('data', (d) => console.log(d));
});`,
      errors: [{ messageId: 'halfOpen', line: 3 }],
    },
    {
      name: 'half-open server without an end listener (accepted socket)',
      code: `const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', (d) => console.log(d));
}).listen(7000);
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 2,
          column: 44,
          fixes: [
            `const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('end', () => socket.end());
  socket.on('data', (d) => console.log(d));
}).listen(7000);
`,
          ],
        },
      ],
    },
    {
      name: 'half-open client without an end listener',
      code: `const net = require('net');
const conn = net.connect({ port: 80, allowHalfOpen: true });
conn.on('data', (d) => console.log(d));
`,
      errors: [{ messageId: 'halfOpen', line: 2, column: 14 }],
      output: `const net = require('net');
const conn = net.connect({ port: 80, allowHalfOpen: true });
conn.on('end', () => conn.end());
conn.on('data', (d) => console.log(d));
`,
    },
    {
      name: 'half-open client, file style: double quotes, no semicolons, 4 spaces',
      code: `const net = require("net")
function start() {
    const conn = net.connect({ port: 80, allowHalfOpen: true })
    conn.pipe(process.stdout)
}
`,
      errors: [{ messageId: 'halfOpen', line: 3 }],
      output: `const net = require("net")
function start() {
    const conn = net.connect({ port: 80, allowHalfOpen: true })
    conn.on("end", () => conn.end())
    conn.pipe(process.stdout)
}
`,
    },
    {
      name: 'half-open: end listener that only logs',
      code: `const net = require('net');
net.createServer({ allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => {
    console.log('peer finished');
  });
});
`,
      errors: [
        {
          messageId: 'endListener',
          line: 4,
          column: 8,
          fixes: [
            `const net = require('net');
net.createServer({ allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => {
    console.log('peer finished');
    s.end();
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'half-open: expression-bodied end listener',
      code: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.on('data', (d) => console.log(d));
s.on('end', () => console.log('done'));
`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.on('data', (d) => console.log(d));
s.on('end', () => {
  console.log('done');
  s.end();
});
`,
    },
    {
      name: 'half-open: empty end listener',
      code: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.resume();
s.once('end', () => {});
`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');
const s = net.connect({ port: 80, allowHalfOpen: true });
s.resume();
s.once('end', () => {
  s.end();
});
`,
    },
    {
      name: 'TypeScript: new Socket with allowHalfOpen piped out',
      filename: 'case.ts',
      code: `import { Socket } from 'net';
const sock: Socket = new Socket({ allowHalfOpen: true });
sock.connect(80, 'localhost');
sock.pipe(process.stdout);
`,
      errors: [{ messageId: 'halfOpen', line: 2 }],
      output: `import { Socket } from 'net';
const sock: Socket = new Socket({ allowHalfOpen: true });
sock.on('end', () => sock.end());
sock.connect(80, 'localhost');
sock.pipe(process.stdout);
`,
    },
    {
      name: 'chained calls: no name to end, so no fix',
      code: `const net = require('net');
net.connect({ port: 80, allowHalfOpen: true })
  .on('data', (d) => console.log(d))
  .on('end', () => console.log('done'));
`,
      errors: [{ messageId: 'endListener', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function',
      code: `const net = require('net');
function serve(sock) {
  sock.on('data', (d) => console.log(d));
  sock.on('end', () => console.log('bye'));
}
net.createServer({ allowHalfOpen: true }, (s) => serve(s));
`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');
function serve(sock) {
  sock.on('data', (d) => console.log(d));
  sock.on('end', () => {
    console.log('bye');
    sock.end();
  });
}
net.createServer({ allowHalfOpen: true }, (s) => serve(s));
`,
    },
    {
      name: 'a relay whose end listener leaves the peer open',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  client.on('end', () => {
    console.log('client done');
  });
});
`,
      errors: [
        {
          messageId: 'relayPeer',
          line: 5,
          fixes: [
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  client.on('end', () => {
    console.log('client done');
    upstream.end();
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'piped with { end: false } and the end listener forgets the peer',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream, { end: false });
  client.on('end', () => console.log('client done'));
});
`,
      errors: [{ messageId: 'relayPeer', line: 5 }],
      output: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream, { end: false });
  client.on('end', () => {
    console.log('client done');
    upstream.end();
  });
});
`,
    },
    {
      name: 'tls server, half-open, read with for await',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';
tls.createServer({ allowHalfOpen: true }, async (socket) => {
  for await (const chunk of socket) console.log(chunk);
});
`,
      errors: [{ messageId: 'halfOpen', line: 2 }],
      output: `import * as tls from 'node:tls';
tls.createServer({ allowHalfOpen: true }, async (socket) => {
  socket.on('end', () => socket.end());
  for await (const chunk of socket) console.log(chunk);
});
`,
    },
    {
      name: "server 'connection' listener of a half-open net server",
      code: `const net = require('net');
const server = net.createServer({ allowHalfOpen: true });
server.on('connection', (conn) => {
  conn.on('data', (d) => conn.write(d));
  conn.on('end', () => console.log('half closed'));
});
`,
      errors: [{ messageId: 'endListener', line: 5 }],
      output: `const net = require('net');
const server = net.createServer({ allowHalfOpen: true });
server.on('connection', (conn) => {
  conn.on('data', (d) => conn.write(d));
  conn.on('end', () => {
    console.log('half closed');
    conn.end();
  });
});
`,
    },
    {
      name: 'issue 9: allowHalfOpen server options from a const object',
      code: `const net = require('net');
const opts = { allowHalfOpen: true };
const server = net.createServer(opts);
server.on('connection', (socket) => {
  socket.on('data', (d) => console.log(d));
});
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 4,
          fixes: [
            `const net = require('net');
const opts = { allowHalfOpen: true };
const server = net.createServer(opts);
server.on('connection', (socket) => {
  socket.on('end', () => socket.end());
  socket.on('data', (d) => console.log(d));
});
`,
          ],
        },
      ],
    },
    {
      name: "a half-open server made with new net.Server, its connection listener's 'end' listener only logs",
      code: `const net = require('net');
const server = new net.Server({ allowHalfOpen: true });
server.on('connection', (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => console.log('client finished'));
});
`,
      errors: [
        {
          messageId: 'endListener',
          line: 5,
          fixes: [
            `const net = require('net');
const server = new net.Server({ allowHalfOpen: true });
server.on('connection', (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => {
    console.log('client finished');
    s.end();
  });
});
`,
          ],
        },
      ],
    },
    {
      name: "a half-open server's connection handler given by name",
      code: `const net = require('net');
const server = net.createServer({ allowHalfOpen: true });
server.on('connection', onConnection);
function onConnection(conn) {
  conn.on('data', (d) => console.log(d));
}
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 4,
          fixes: [
            `const net = require('net');
const server = net.createServer({ allowHalfOpen: true });
server.on('connection', onConnection);
function onConnection(conn) {
  conn.on('end', () => conn.end());
  conn.on('data', (d) => console.log(d));
}
`,
          ],
        },
      ],
    },
    {
      name: 'a half-open TLS server',
      code: `const tls = require('tls');
tls.createServer({ allowHalfOpen: true, key: 'k', cert: 'c' }, (s) => {
  s.on('data', (d) => console.log(d));
});
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 2,
          fixes: [
            `const tls = require('tls');
tls.createServer({ allowHalfOpen: true, key: 'k', cert: 'c' }, (s) => {
  s.on('end', () => s.end());
  s.on('data', (d) => console.log(d));
});
`,
          ],
        },
      ],
    },
    {
      name: 'options built by spreading defaults',
      code: `const net = require('net');
const defaults = { pauseOnConnect: false };
net.createServer({ ...defaults, allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => console.log('bye'));
});
`,
      errors: [
        {
          messageId: 'endListener',
          line: 5,
          fixes: [
            `const net = require('net');
const defaults = { pauseOnConnect: false };
net.createServer({ ...defaults, allowHalfOpen: true }, (s) => {
  s.on('data', (d) => console.log(d));
  s.on('end', () => {
    console.log('bye');
    s.end();
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'a socket made half-open by assignment',
      code: `const net = require('net');
const s = net.connect(80);
s.allowHalfOpen = true;
s.on('data', (d) => console.log(d));
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 2,
          fixes: [
            `const net = require('net');
const s = net.connect(80);
s.on('end', () => s.end());
s.allowHalfOpen = true;
s.on('data', (d) => console.log(d));
`,
          ],
        },
      ],
    },
    {
      name: 'a server made half-open by assignment (read when each connection is accepted)',
      code: `const net = require('net');
const server = net.createServer((s) => {
  s.on('data', (d) => console.log(d));
});
server.allowHalfOpen = true;
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 2,
          fixes: [
            `const net = require('net');
const server = net.createServer((s) => {
  s.on('end', () => s.end());
  s.on('data', (d) => console.log(d));
});
server.allowHalfOpen = true;
`,
          ],
        },
      ],
    },
    {
      name: "an http server's 'upgrade' socket is half-open (http.Server is a net.Server with allowHalfOpen: true)",
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => console.log('client sent FIN'));
});
`,
      errors: [
        {
          messageId: 'endListener',
          line: 5,
          fixes: [
            `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('data', (d) => console.log(d));
  socket.on('end', () => {
    console.log('client sent FIN');
    socket.end();
  });
});
`,
          ],
        },
      ],
    },
    {
      name: "an http server's 'connect' socket read and never ended",
      code: `const http = require('http');
const server = http.createServer();
server.on('connect', (req, clientSocket) => {
  clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  clientSocket.on('data', (d) => console.log(d.length));
});
`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 3,
          fixes: [
            `const http = require('http');
const server = http.createServer();
server.on('connect', (req, clientSocket) => {
  clientSocket.on('end', () => clientSocket.end());
  clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  clientSocket.on('data', (d) => console.log(d.length));
});
`,
          ],
        },
      ],
    },
  ],
});
