import rule from '../../server/src/rules/missing-end-handler';
import { ruleTests } from './ruleTester';

ruleTests(rule, {
  valid: [
    // rules.md: default allowHalfOpen: false sockets with no 'end' listener (Node ends them)
    `const net = require('net');\nconst s = net.connect(80);\ns.on('data', (d) => console.log(d));`,
    `const net = require('net');\nnet.createServer((socket) => {\n  socket.on('data', (d) => socket.write(d));\n}).listen(7000);`,
    // a default socket's 'end' listener that only logs: Node still ends the socket
    `const net = require('net');\nnet.createServer((socket) => {\n  socket.on('data', (d) => console.log(d));\n  socket.on('end', () => console.log('peer left'));\n});`,
    // half-open, ended in its 'end' listener
    `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  s.on('data', (d) => console.log(d));\n  s.on('end', () => s.end('bye'));\n});`,
    // half-open, ended by a same-file function the listener calls
    `const net = require('net');\nfunction finish(sock) { sock.end(); }\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  s.on('data', (d) => console.log(d));\n  s.once('end', () => finish(s));\n});`,
    // half-open, `this.destroy()` in a function listener
    `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.on('data', (d) => console.log(d));\ns.on('end', function () { this.destroy(); });`,
    // half-open, its own side ended before the peer's FIN: the 'end' listener need not end it
    `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, function (socket) {\n  socket.resume();\n  socket.on('end', function () { console.log('peer done'); });\n  socket.end();\n});`,
    // half-open but never read from: 'end' cannot fire
    `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.write('hello');`,
    // escaping: returned to the caller
    `const net = require('net');\nfunction open() {\n  const s = net.connect({ port: 80, allowHalfOpen: true });\n  s.on('data', (d) => console.log(d));\n  return s;\n}`,
    // kept in a collection that leaves the module: its users may end the sockets
    `const net = require('net');\nexport const clients = new Set();\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  clients.add(s);\n  s.on('data', (d) => console.log(d));\n});`,
    // options the analysis cannot read
    `const net = require('net');\nfunction start(opts) {\n  net.createServer(opts, (s) => { s.on('data', (d) => console.log(d)); });\n}`,
    // given to pipeline, which ends it
    `const net = require('net');\nconst { pipeline } = require('stream');\nnet.createServer({ allowHalfOpen: true }, (s) => { pipeline(s, s, () => {}); });`,
    // read with for await and ended after the loop
    `const net = require('net');\nasync function talk() {\n  const s = net.connect({ port: 80, allowHalfOpen: true });\n  for await (const chunk of s) console.log(chunk);\n  s.end();\n}`,
    // a relay whose 'end' listener ends the peer
    `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.on('data', (c) => upstream.write(c));\n  client.on('end', () => upstream.end());\n});`,
    // pipe() ends the destination when the source ends
    `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.pipe(upstream);\n  client.on('end', () => console.log('client done'));\n});`,
    // a relay whose peer is torn down on 'close'
    `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.on('data', (c) => upstream.write(c));\n  client.on('end', () => console.log('client done'));\n  client.on('close', () => upstream.destroy());\n});`,
    // http servers end their own connections
    `const http = require('http');\nconst server = http.createServer();\nserver.on('connection', (s) => {\n  s.on('data', () => {});\n  s.on('end', () => console.log('x'));\n});`,
    // TypeScript, half-open, ended
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';\nconst s: net.Socket = net.connect({ port: 80, allowHalfOpen: true });\ns.on('readable', () => s.read());\ns.on('end', () => { s.end(); });`,
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
      name: 'kept in a collection of the module that nobody ends',
      code: `const net = require('net');\nconst clients = new Set();\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  clients.add(s);\n  s.on('data', (d) => console.log(d));\n});`,
      errors: [{ messageId: 'halfOpen', line: 3 }],
    },
    {
      name: 'half-open server without an end listener (accepted socket)',
      code: `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (socket) => {\n  socket.on('data', (d) => console.log(d));\n}).listen(7000);\n`,
      errors: [
        {
          messageId: 'halfOpen',
          line: 2,
          column: 44,
          fixes: [
            `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (socket) => {\n  socket.on('end', () => socket.end());\n  socket.on('data', (d) => console.log(d));\n}).listen(7000);\n`,
          ],
        },
      ],
    },
    {
      name: 'half-open client without an end listener',
      code: `const net = require('net');\nconst conn = net.connect({ port: 80, allowHalfOpen: true });\nconn.on('data', (d) => console.log(d));\n`,
      errors: [{ messageId: 'halfOpen', line: 2, column: 14 }],
      output: `const net = require('net');\nconst conn = net.connect({ port: 80, allowHalfOpen: true });\nconn.on('end', () => conn.end());\nconn.on('data', (d) => console.log(d));\n`,
    },
    {
      name: 'half-open client, file style: double quotes, no semicolons, 4 spaces',
      code: `const net = require("net")\nfunction start() {\n    const conn = net.connect({ port: 80, allowHalfOpen: true })\n    conn.pipe(process.stdout)\n}\n`,
      errors: [{ messageId: 'halfOpen', line: 3 }],
      output: `const net = require("net")\nfunction start() {\n    const conn = net.connect({ port: 80, allowHalfOpen: true })\n    conn.on("end", () => conn.end())\n    conn.pipe(process.stdout)\n}\n`,
    },
    {
      name: 'half-open: end listener that only logs',
      code: `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  s.on('data', (d) => console.log(d));\n  s.on('end', () => {\n    console.log('peer finished');\n  });\n});\n`,
      errors: [
        {
          messageId: 'endListener',
          line: 4,
          column: 8,
          fixes: [
            `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (s) => {\n  s.on('data', (d) => console.log(d));\n  s.on('end', () => {\n    console.log('peer finished');\n    s.end();\n  });\n});\n`,
          ],
        },
      ],
    },
    {
      name: 'half-open: expression-bodied end listener',
      code: `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.on('data', (d) => console.log(d));\ns.on('end', () => console.log('done'));\n`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.on('data', (d) => console.log(d));\ns.on('end', () => {\n  console.log('done');\n  s.end();\n});\n`,
    },
    {
      name: 'half-open: empty end listener',
      code: `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.resume();\ns.once('end', () => {});\n`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');\nconst s = net.connect({ port: 80, allowHalfOpen: true });\ns.resume();\ns.once('end', () => {\n  s.end();\n});\n`,
    },
    {
      name: 'TypeScript: new Socket with allowHalfOpen piped out',
      filename: 'case.ts',
      code: `import { Socket } from 'net';\nconst sock: Socket = new Socket({ allowHalfOpen: true });\nsock.connect(80, 'localhost');\nsock.pipe(process.stdout);\n`,
      errors: [{ messageId: 'halfOpen', line: 2 }],
      output: `import { Socket } from 'net';\nconst sock: Socket = new Socket({ allowHalfOpen: true });\nsock.on('end', () => sock.end());\nsock.connect(80, 'localhost');\nsock.pipe(process.stdout);\n`,
    },
    {
      name: 'chained calls: no name to end, so no fix',
      code: `const net = require('net');\nnet.connect({ port: 80, allowHalfOpen: true })\n  .on('data', (d) => console.log(d))\n  .on('end', () => console.log('done'));\n`,
      errors: [{ messageId: 'endListener', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'followed into a same-file function',
      code: `const net = require('net');\nfunction serve(sock) {\n  sock.on('data', (d) => console.log(d));\n  sock.on('end', () => console.log('bye'));\n}\nnet.createServer({ allowHalfOpen: true }, (s) => serve(s));\n`,
      errors: [{ messageId: 'endListener', line: 4 }],
      output: `const net = require('net');\nfunction serve(sock) {\n  sock.on('data', (d) => console.log(d));\n  sock.on('end', () => {\n    console.log('bye');\n    sock.end();\n  });\n}\nnet.createServer({ allowHalfOpen: true }, (s) => serve(s));\n`,
    },
    {
      name: 'a relay whose end listener leaves the peer open',
      code: `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.on('data', (c) => upstream.write(c));\n  client.on('end', () => {\n    console.log('client done');\n  });\n});\n`,
      errors: [
        {
          messageId: 'relayPeer',
          line: 5,
          fixes: [
            `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.on('data', (c) => upstream.write(c));\n  client.on('end', () => {\n    console.log('client done');\n    upstream.end();\n  });\n});\n`,
          ],
        },
      ],
    },
    {
      name: 'piped with { end: false } and the end listener forgets the peer',
      code: `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.pipe(upstream, { end: false });\n  client.on('end', () => console.log('client done'));\n});\n`,
      errors: [{ messageId: 'relayPeer', line: 5 }],
      output: `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  client.pipe(upstream, { end: false });\n  client.on('end', () => {\n    console.log('client done');\n    upstream.end();\n  });\n});\n`,
    },
    {
      name: 'tls server, half-open, read with for await',
      filename: 'case.ts',
      code: `import * as tls from 'node:tls';\ntls.createServer({ allowHalfOpen: true }, async (socket) => {\n  for await (const chunk of socket) console.log(chunk);\n});\n`,
      errors: [{ messageId: 'halfOpen', line: 2 }],
      output: `import * as tls from 'node:tls';\ntls.createServer({ allowHalfOpen: true }, async (socket) => {\n  socket.on('end', () => socket.end());\n  for await (const chunk of socket) console.log(chunk);\n});\n`,
    },
    {
      name: "server 'connection' listener of a half-open net server",
      code: `const net = require('net');\nconst server = net.createServer({ allowHalfOpen: true });\nserver.on('connection', (conn) => {\n  conn.on('data', (d) => conn.write(d));\n  conn.on('end', () => console.log('half closed'));\n});\n`,
      errors: [{ messageId: 'endListener', line: 5 }],
      output: `const net = require('net');\nconst server = net.createServer({ allowHalfOpen: true });\nserver.on('connection', (conn) => {\n  conn.on('data', (d) => conn.write(d));\n  conn.on('end', () => {\n    console.log('half closed');\n    conn.end();\n  });\n});\n`,
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
