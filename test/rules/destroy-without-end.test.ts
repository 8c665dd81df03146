import rule from '../../server/src/rules/destroy-without-end';
import { ruleTests } from './ruleTester';

// A relay: each side's data is piped into the other, so a destroy can throw away the peer's data.
const relay = (body: string): string =>
  `const net = require('net');\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n${body}  client.pipe(upstream).pipe(client);\n});\n`;

// A protocol client whose messages and close are methods: `send()` writes, `close()` destroys.
const lineClient = (body: string): string => `const net = require('net');
function Client(port) {
  this.socket = net.connect(port);
  this.socket.on('error', (err) => this.emit('error', err));
}
Client.prototype.send = function (line) {
  this.socket.write(line + '\\r\\n');
};
Client.prototype.close = function () {
  this.socket.destroy();
};
${body}module.exports = Client;
`;

// (reactor-ts: a federate's resign message, then its RTI client's socket destroyed, through two objects' methods.)
const federate = (finish: string): string => `import { createConnection, type Socket } from 'net';
class RtiClient {
  private socket: Socket | null = null;
  connect(port: number): void {
    this.socket = createConnection({ port });
    this.socket.on('error', (e) => console.error(e));
  }
  sendResign(): void {
    const msg = Buffer.alloc(1);
    try {
      this.socket?.write(msg);
    } catch (e) {
      console.error(e);
    }
  }
  closeConnection(): void {
    console.debug('closing the RTI connection');
    this.socket?.destroy();
  }
}
export class Federate {
  private readonly client = new RtiClient();
  sendResign(): void {
    this.client.sendResign();
  }
  shutdown(): void {
    this.client.closeConnection();
  }
  finish(): void {
${finish}  }
}
`;

// An http server's 'upgrade' listener turning a request away with a short reply (devframe's ws transport).
const upgradeRefusal = (reply: string, extra = ''): string => `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
${extra}  if (req.headers.origin !== 'https://example.com') {
    socket.write(${reply});
    socket.destroy();
    return;
  }
  socket.end();
});
server.listen(8080);
`;

// An IPC request that writes its payload and ends (ethers' IpcProvider), destroying on the peer's FIN.
const ipcRequest = (after: string): string => `const net = require('net');
function send(path, payload) {
  return new Promise((resolve, reject) => {
    const stream = net.connect(path);
    stream.on('data', (data) => { resolve(JSON.parse(data.toString('utf8'))); });
    stream.on('end', () => {
      stream.destroy();
    });
    stream.on('error', (error) => { reject(error); stream.destroy(); });
    stream.write(payload);
${after}  });
}
module.exports = send;
`;

// thrift's web server: the server chosen between https and http, its listeners chained; `reply` is what the 'upgrade' listener writes before destroying.
const chainedUpgradeRefusal = (reply: string): string => `var http = require('http');
var https = require('https');
exports.createWebServer = function (options) {
  var server = null;
  if (options.tls) {
    server = https.createServer(options.tls);
  } else {
    server = http.createServer();
  }
  server
    .on('request', function (request, response) {
      response.end('x');
    })
    .on('upgrade', function (request, socket, head) {
      if (request.headers.origin && options.cors) {
        if (!options.cors['*']) {
          socket.write(${reply});
          socket.destroy();
          return;
        }
      }
      socket.on('error', function () {});
      socket.on('data', function (d) { socket.write(d); });
    });
  return server;
};
`;

ruleTests(rule, {
  valid: [
    {
      name: "a short literal reply on an 'upgrade' listener's socket the analysis does not track (a server chosen between https and http, listeners chained)",
      code: chainedUpgradeRefusal("'HTTP/1.1 403 Origin not allowed\\r\\n\\r\\n'"),
    },
    {
      name: "the short reply before the listener's own later writes in nested callbacks (thrift's web server): those run in a later turn",
      code: upgradeRefusal("'HTTP/1.1 403 Origin not allowed\\r\\n\\r\\n'").replace('  socket.end();\n', "  socket.on('data', (d) => socket.write(d));\n"),
    },
    {
      name: "destroy() in the socket's own 'end' listener when the code that listens also ends it: end() has flushed, the peer's FIN has come",
      code: ipcRequest('    stream.end();\n'),
    },
    {
      name: "a write then destroy() in a response's own 'close' listener: it is already destroyed",
      code: `const http = require('http');
function streamPull(manager, responseHandler) {
  responseHandler.write('<html><body>');
  manager.emitter.on('data', (data) => responseHandler.write('<pre>' + data + '</pre>'));
  responseHandler.on('close', () => {
    manager.emitter.removeAllListeners();
    responseHandler.write('</body></html>');
    responseHandler.destroy();
  });
}
module.exports = streamPull;
http.createServer((req, res) => streamPull(global.manager, res)).listen(8080);
`,
    },
    {
      name: "a write then destroy() in a socket's own 'close' listener: it is already destroyed",
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.on('close', () => {
    socket.write('bye');
    socket.destroy();
  });
}).listen(7000);
`,
    },
    {
      name: "a short constant reply as the first write in an http server's 'upgrade' listener: the kernel takes it inside write()",
      code: upgradeRefusal("'HTTP/1.1 403 Forbidden\\r\\nConnection: close\\r\\n\\r\\n'"),
    },
    {
      name: 'the same reply built from literals joined by +, after a refusal in another branch that returned',
      code: `const http = require('http');
function createUpgradeListener(path) {
  return (req, socket, head) => {
    socket.on('error', () => {});
    if (req.url !== path) {
      socket.write('HTTP/1.1 400 Bad Request\\r\\n' + 'Connection: close\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    if (!req.headers.origin) {
      socket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    socket.end();
  };
}
http.createServer().on('upgrade', createUpgradeListener('/ws')).listen(0);
`,
    },
    {
      name: "a CONNECT stub answering with its status line and closing (node-logstash's proxy test)",
      code: `const http = require('http');
const server = http.createServer(() => {}).listen(17875);
server.on('connect', function (req, socket) {
  socket.on('error', () => {});
  socket.write('HTTP/1.0 200 Connection established\\r\\n\\r\\n');
  socket.destroy();
  server.close();
});
`,
    },
    {
      name: "an object's write and its destroy reach different fields: the destroyed socket carried nothing",
      code: `const net = require('net');
function Ftp(port) {
  this.control = net.connect(port);
  this.data = net.connect(port + 1);
  this.control.on('error', () => {});
  this.data.on('error', () => {});
}
Ftp.prototype.send = function (cmd) { this.control.write(cmd + '\\r\\n'); };
Ftp.prototype.dropData = function () { this.data.destroy(); };
Ftp.prototype.abort = function () {
  this.send('ABOR');
  this.dropData();
};
module.exports = Ftp;
`,
    },
    {
      name: 'the writing method ends the socket itself: the destroy after it is no longer the one losing the data',
      code: lineClient(`Client.prototype.quit = function () {
  this.send('QUIT');
  this.socket.end();
};
Client.prototype.stop = function () {
  this.quit();
  this.close();
};
`).replace("this.socket.write(line + '\\r\\n');", "this.socket.write(line + '\\r\\n');\n  this.socket.end();"),
    },
    {
      name: 'the write-then-close sequence in a catch block: the failure path, where destroy() belongs',
      code: lineClient(`Client.prototype.run = function () {
  try {
    this.work();
  } catch (err) {
    this.send('ERR ' + err.message);
    this.close();
  }
};
Client.prototype.work = function () {};
`),
    },
    {
      name: "the write-then-close sequence in an 'error' listener",
      code: lineClient(`Client.prototype.watch = function (other) {
  other.on('error', () => {
    this.send('ABORT');
    this.close();
  });
};
`),
    },
    {
      name: 'an await between the write and the close: the data may be out by then',
      code: lineClient(`Client.prototype.stop = async function () {
  this.send('QUIT');
  await this.drained();
  this.close();
};
Client.prototype.drained = function () { return new Promise((r) => this.socket.once('drain', r)); };
`),
    },
    {
      name: 'a method of the file runs before the destroy inside close(): what it does to the socket is not followed',
      code: lineClient(`Client.prototype.flush = function () { this.socket.cork(); };
Client.prototype.shutdown = function () {
  this.flush();
  this.socket.destroy();
};
Client.prototype.stop = function () {
  this.send('QUIT');
  this.shutdown();
};
`),
    },
    {
      name: 'the close runs later, in a callback of the sequence: not right after the write',
      code: lineClient(`Client.prototype.stop = function () {
  this.send('QUIT');
  setTimeout(() => this.close(), 1000);
};
`),
    },
    {
      name: 'another object than this: a client kept in a variable is not followed through its methods',
      code: lineClient(`function stop(client) {
  client.send('QUIT');
  client.close();
}
exports.stop = stop;
`),
    },
    {
      name: 'the federate resigns, and its RTI client ends the connection later',
      filename: 'case.ts',
      code: federate(`    this.sendResign();
    setImmediate(() => this.shutdown());
`),
    },
    {
      name: "another socket's 'close' that never carried this one's data: an identd lookup rejecting the client (node-tcp-proxy)",
      code: `const net = require('net');
function handleAuth(proxySocket, port) {
  const ident = new net.Socket();
  let resp;
  ident.on('error', () => { resp = false; ident.destroy(); });
  ident.on('data', (data) => { resp = data.toString().trim(); ident.destroy(); });
  ident.on('close', () => {
    if (!resp) {
      proxySocket.destroy();
      return;
    }
    handleClient(proxySocket);
  });
  ident.connect(113, proxySocket.remoteAddress, () => ident.write(proxySocket.remotePort + ', ' + port + '\\r\\n'));
}
function handleClient(socket) { socket.resume(); }
net.createServer((s) => { s.on('error', () => {}); handleAuth(s, 8080); }).listen(8080);
`,
    },
    {
      name: "rules.md: inside 'error' or 'timeout' listeners",
      code: `const net = require('net');
const s = net.connect(80);
s.on('error', (err) => {
  console.error(err);
  s.destroy();
});`,
    },
    `const net = require('net');
const s = net.connect(80);
s.setTimeout(5000);
s.on('timeout', () => s.destroy());`,
    {
      name: "an 'error' listener that writes a last word first is still a failure path",
      code: `const net = require('net');
const s = net.connect(80);
s.on('error', () => {
  s.write('bye');
  s.destroy();
});`,
    },
    {
      name: 'rules.md: in catch blocks',
      code: `const net = require('net');
const s = net.connect(80);
s.on('data', (d) => {
  try {
    JSON.parse(d);
  } catch (e) {
    s.write('bad request');
    s.destroy();
  }
});`,
    },
    // rules.md: destroy(err) with an argument
    relay(`  client.on('end', () => upstream.destroy(new Error('client went away')));\n`),
    // rules.md: after end() was already called (a destroy fallback)
    relay(`  client.on('close', () => {\n    upstream.end();\n    upstream.destroy();\n  });\n`),
    {
      name: 'end() with nothing just written, then destroy(): a fallback with nothing to flush',
      code: `const net = require('net');
const s = net.connect(80);
s.write('QUIT');
s.once('data', () => {
  s.end();
  s.destroy();
});`,
    },
    {
      name: 'write(), end(), and the destroy later in a timer: a fallback once end() had its chance',
      code: `const net = require('net');
const s = net.connect(80);
s.write('QUIT');
s.end();
setTimeout(() => s.destroy(), 5000).unref();`,
    },
    {
      name: "write(), end() and destroy() in an 'error' listener: destroy is right there",
      code: `const net = require('net');
const s = net.connect(80);
s.on('error', () => {
  s.write('bye');
  s.end();
  s.destroy();
});`,
    },
    {
      name: "its own 'close' (already destroyed) and 'finish' (end() already called)",
      code: `const net = require('net');
const s = net.connect(80);
s.on('close', () => s.destroy());
s.on('finish', () => s.destroy());`,
    },
    // the failure branch of a 'close' listener
    relay(`  client.on('close', (hadError) => {\n    if (hadError) upstream.destroy();\n    else upstream.end();\n  });\n`),
    {
      name: "not a graceful path: an ordinary function, a 'data' listener",
      code: `const net = require('net');
const s = net.connect(80);
function stop() { s.destroy(); }
s.on('data', (d) => { if (d.length > 1e6) s.destroy(); });`,
    },
    // untracked values (a parameter nobody passes a socket to)
    `function attach(x) { x.on('end', () => x.destroy()); }`,
    // a write to another socket before destroy
    relay(`  client.write('bye');\n  upstream.destroy();\n`),
    // destroy inside a timer started by the 'end' listener is a deadline, not the graceful path
    relay(`  client.on('end', () => {\n    upstream.end();\n    setTimeout(() => upstream.destroy(), 5000).unref();\n  });\n`),
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';
const s: net.Socket = net.connect(80);
s.on('error', (err: Error) => { console.error(err.message); s.destroy(); });`,
    },
    // issue 9, untyped receivers: a type of the code's own with write/destroy is not a stream (types win)
    {
      filename: 'case.ts',
      code: `import * as net from 'node:net';
class Cache { write(key: string): void {} destroy(): void {} }
const c = new Cache();
c.write('a');
c.destroy();
export const n = net;`,
    },
    {
      name: "an untyped receiver written and destroyed in an 'error' listener or a catch block: the failure path",
      code: `const net = require('net');
function attach(sock) {
  sock.on('error', () => {
    sock.write('bye');
    sock.destroy();
  });
}`,
    },
    `const http = require('http');
function send(res, msg) {
  try {
    res.write(render(msg));
  } catch (e) {
    res.write('failed');
    res.destroy();
  }
}`,
    {
      name: 'destroy(err) on an untyped receiver, and a write to something else before it',
      code: `const http = require('http');
function send(res, msg) {
  res.write(msg);
  res.destroy(new Error('aborted'));
}`,
    },
    `const http = require('http');
function relay(log, res, msg) {
  log.write(msg);
  res.destroy();
}`,
    {
      name: "a response's connection destroyed in 'close' (also fires on a client abort), or later from a timer",
      code: `const http = require('http');
http.createServer((req, res) => {
  res.on('close', () => req.socket.destroy());
  res.end('ok');
});`,
    },
    `const http = require('http');
http.createServer((req, res) => {
  res.end('bye');
  setTimeout(() => req.socket.destroy(), 5000).unref();
});`,
    {
      name: 'the response already says Connection: close, so no client reuses the connection',
      code: `const http = require('http');
http.createServer((req, res) => {
  res.setHeader('Connection', 'close');
  res.on('finish', () => req.socket.destroy());
  res.end('ok');
});`,
    },
    `const http = require('http');
http.createServer((req, res) => {
  res.writeHead(200, { connection: 'close' });
  res.once('finish', () => res.socket.destroy());
  res.end('ok');
});`,
    {
      name: "'finish' of a file stream is not a response's",
      code: `const fs = require('fs');
const net = require('net');
const out = fs.createWriteStream('a');
const s = net.connect(80);
s.on('error', () => {});
out.on('finish', () => s.destroy());`,
    },
    {
      name: 'a socket kept on its peer: ended before the destroy fallback, or the property also holds other sockets',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.upstream = upstream;
  client.pipe(upstream).pipe(client);
  client.on('end', () => {
    client.upstream.end();
    client.upstream.destroy();
  });
  client.on('data', () => {
    client.upstream = net.connect(9001);
  });
  client.on('close', () => client.upstream.destroy());
});
`,
    },
  ],
  invalid: [
    {
      name: "the same untracked 'upgrade' socket given a computed reply",
      code: chainedUpgradeRefusal("'HTTP/1.1 403 ' + JSON.stringify(request.headers)"),
      errors: [{ messageId: 'afterWrite', line: 18 }],
    },
    {
      name: 'the upgraded socket handed to a helper before the short reply: the helper may have written to it',
      code: upgradeRefusal("'HTTP/1.1 403 Forbidden\\r\\n\\r\\n'", '  greet(socket);\n').replace(
        'server.listen(8080);',
        'function greet(s) { s.write(Buffer.alloc(1 << 20)); }\nserver.listen(8080);',
      ),
      errors: [{ messageId: 'afterWrite', line: 8 }],
    },
    {
      name: "the same 'end' listener when nothing ends the socket here: its data may still be queued",
      code: ipcRequest(''),
      errors: [{ messageId: 'listener', line: 7 }],
    },
    {
      name: "the 'upgrade' listener's reply is computed: it may be long, and is reported",
      code: upgradeRefusal('renderRefusal(req)', "  const renderRefusal = (r) => 'HTTP/1.1 403 Forbidden\\r\\n\\r\\n' + JSON.stringify(r.headers);\n"),
      errors: [{ messageId: 'afterWrite', line: 8 }],
    },
    {
      name: 'a second write to the upgraded socket: the first may still be queued',
      code: upgradeRefusal("'HTTP/1.1 403 Forbidden\\r\\n\\r\\n'", '  socket.write(head);\n'),
      errors: [{ messageId: 'afterWrite', line: 8 }],
    },
    {
      name: "a short reply after an await in the 'upgrade' listener: other code may have written meanwhile",
      code: `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', async (req, socket) => {
  socket.on('error', () => {});
  const allowed = await check(req);
  if (!allowed) {
    socket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
    socket.destroy();
  }
});
async function check(req) { return req.headers.origin === 'https://example.com'; }
server.listen(8080);
`,
      errors: [{ messageId: 'afterWrite', line: 8 }],
    },
    {
      name: "a short reply to a plain server's new connection: unread bytes from the client make the close a reset",
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('busy\\r\\n');
  socket.destroy();
}).listen(7000);
`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
    },
    {
      name: 'a message sent through a method, then a method that destroys the socket: the message can be thrown away',
      code: lineClient(`Client.prototype.quit = function () {
  this.send('QUIT');
  this.close();
};
`),
      errors: [{ messageId: 'afterWriteThrough', line: 10, messageIncludes: 'this.send() (line 13) writes' }],
      output: lineClient(`Client.prototype.quit = function () {
  this.send('QUIT');
  this.close();
};
`).replace('this.socket.destroy();', 'this.socket.end();'),
    },
    {
      name: 'a write of its own, then a method that destroys: one call deep',
      code: lineClient(`Client.prototype.bye = function () {
  this.socket.write('BYE\\r\\n');
  this.close();
};
`),
      errors: [{ messageId: 'afterWriteThrough', line: 10 }],
    },
    {
      name: 'log lines between the write and the close change nothing',
      code: lineClient(`Client.prototype.quit = function () {
  this.send('QUIT');
  console.log('quitting');
  this.close();
};
`),
      errors: [{ messageId: 'afterWriteThrough', line: 10 }],
    },
    {
      name: 'through two objects: the federate resigns, then shuts its RTI client down (reactor-ts)',
      filename: 'case.ts',
      code: federate(`    this.sendResign();
    this.shutdown();
`),
      errors: [{ messageId: 'afterWriteThrough', line: 18, messageIncludes: 'this.sendResign() (line 30) writes' }],
      output: federate(`    this.sendResign();
    this.shutdown();
`).replace('this.socket?.destroy();', 'this.socket?.end();'),
    },
    {
      name: 'the sequence inside a branch and a try block still runs on entry',
      code: lineClient(`Client.prototype.quit = function (polite) {
  if (polite) {
    try {
      this.send('QUIT');
      this.close();
    } finally {
      this.closed = true;
    }
  }
};
`),
      errors: [{ messageId: 'afterWriteThrough', line: 10 }],
    },
    {
      // (TallyArbiter's TCP action: the command was lost; the fix dropped the destroy.)
      name: 'write(), end(), destroy() in the same turn: the destroy throws away what end() was about to flush',
      code: `const net = require('net');
const client = new net.Socket();
client.connect(9990, '10.0.0.5');
client.on('connect', () => {
  client.write(Buffer.from('TAKE 1\\r\\n'));
  client.end();
  client.destroy();
});
client.on('error', (err) => console.error(err.message));`,
      errors: [
        {
          messageId: 'afterEndOfWrite',
          line: 7,
          fixes: [
            `const net = require('net');
const client = new net.Socket();
client.connect(9990, '10.0.0.5');
client.on('connect', () => {
  client.write(Buffer.from('TAKE 1\\r\\n'));
  client.end();
});
client.on('error', (err) => console.error(err.message));`,
          ],
        },
      ],
    },
    {
      // (jstp's SocketTransport.end.)
      name: 'end(lastChunk) in one branch of an if, then destroy() after it',
      code: `function Transport(socket) { this.socket = socket; }
Transport.prototype.end = function (data) {
  if (data) {
    this.socket.cork();
    this.socket.write(data);
    this.socket.end('\\0');
  } else {
    this.socket.end();
  }
  this.socket.destroy();
};
module.exports = Transport;`,
      errors: [{ messageId: 'afterEndOfWrite', line: 10 }],
    },
    {
      name: 'the same on a socket the code did not create: whatever it is, it was just written and ended',
      code: `const net = require('net');
/** @param {net.Socket} sock */
function quit(sock) {
  sock.end('QUIT\\r\\n');
  sock.destroy();
}
module.exports = quit;`,
      errors: [{ messageId: 'afterEndOfWrite', line: 5 }],
    },
    {
      name: "a relay by 'data' listeners: the peer's 'close' destroys a socket still flushing the other's data",
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => client.write(chunk));
  upstream.on('close', () => client.destroy());
});
`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => client.write(chunk));
  upstream.on('close', () => client.end());
});
`,
    },
    {
      name: "incident 3: pipeSocket destroys the peer on 'close'",
      code: `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', (chunk) => { to.write(chunk); });
  from.on('close', () => { to.destroy(); });
}
net.createServer((client) => {
  const upstream = net.connect(9000);
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
});
`,
      errors: [
        {
          messageId: 'listener',
          line: 4,
          column: 31,
          fixes: [
            `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', (chunk) => { to.write(chunk); });
  from.on('close', () => { to.end(); });
}
net.createServer((client) => {
  const upstream = net.connect(9000);
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
});
`,
          ],
        },
      ],
    },
    {
      name: "its own 'end' listener",
      code: `const net = require('net');
const s = net.connect(80);
s.on('data', (d) => console.log(d));
s.on('end', () => s.destroy());
`,
      errors: [{ messageId: 'listener', line: 4, column: 21 }],
      output: `const net = require('net');
const s = net.connect(80);
s.on('data', (d) => console.log(d));
s.on('end', () => s.end());
`,
    },
    {
      name: "the peer's 'end' listener",
      code: relay(`  client.on('end', () => {\n    upstream.destroy();\n  });\n`),
      errors: [{ messageId: 'listener', line: 5 }],
      output: relay(`  client.on('end', () => {\n    upstream.end();\n  });\n`),
    },
    {
      name: "the peer's 'finish' listener",
      code: relay(`  client.once('finish', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 4 }],
      output: relay(`  client.once('finish', () => upstream.end());\n`),
    },
    {
      // @pondwader/socks5-server: a refusal written, then the socket destroyed in a return or the branch after it.
      name: "write() then 'return x.destroy()', and write() then a branch that destroys: only end() is offered",
      code: `class Connection {
  constructor(socket) { this.socket = socket; }
  refuse() {
    this.socket.write(Buffer.from([5, 255]));
    return this.socket.destroy();
  }
  sendStatus(status) {
    this.socket.write(Buffer.from([5, status]));
    if (status !== 0) {
      this.socket.destroy();
    }
  }
  sendShort(status) {
    this.socket.write(Buffer.from([5, status]));
    if (status !== 0) this.socket.destroy();
  }
}
module.exports = Connection;`,
      errors: [
        { messageId: 'afterWrite', line: 5 },
        { messageId: 'afterWrite', line: 10 },
        { messageId: 'afterWrite', line: 15 },
      ],
      output: `class Connection {
  constructor(socket) { this.socket = socket; }
  refuse() {
    this.socket.write(Buffer.from([5, 255]));
    return this.socket.end();
  }
  sendStatus(status) {
    this.socket.write(Buffer.from([5, status]));
    if (status !== 0) {
      this.socket.end();
    }
  }
  sendShort(status) {
    this.socket.write(Buffer.from([5, status]));
    if (status !== 0) this.socket.end();
  }
}
module.exports = Connection;`,
    },
    {
      name: 'right after write: merge into end(chunk)',
      code: `const net = require('net');
const s = net.connect(80);
s.write('QUIT\\r\\n');
s.destroy();
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 4,
          fixes: [
            `const net = require('net');
const s = net.connect(80);
s.end('QUIT\\r\\n');
`,
            `const net = require('net');
const s = net.connect(80);
s.write('QUIT\\r\\n');
s.end();
`,
          ],
        },
      ],
    },
    {
      name: 'right after write with an encoding, in a function',
      code: `const net = require('net');
function reply(text) {
  const s = net.connect(80);
  s.on('error', () => {});
  s.write(text, 'utf8');
  s.destroy();
}
`,
      errors: [{ messageId: 'afterWrite', line: 6 }],
      output: `const net = require('net');
function reply(text) {
  const s = net.connect(80);
  s.on('error', () => {});
  s.end(text, 'utf8');
}
`,
    },
    {
      name: 'right after write with a callback: only end()',
      code: `const net = require('net');
const s = net.connect(80);
s.write('x', () => {});
s.destroy();
`,
      errors: [
        {
          messageId: 'afterWrite',
          fixes: [
            `const net = require('net');
const s = net.connect(80);
s.write('x', () => {});
s.end();
`,
          ],
        },
      ],
    },
    {
      name: 'chained listener registration',
      code: relay(`  client\n    .on('data', (c) => upstream.write(c))\n    .on('end', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 6 }],
      output: relay(`  client\n    .on('data', (c) => upstream.write(c))\n    .on('end', () => upstream.end());\n`),
    },
    {
      name: 'named function declaration as the listener',
      code: relay(`  function onEnd() {\n    upstream.destroy();\n  }\n  client.on('end', onEnd);\n`),
      errors: [{ messageId: 'listener', line: 5 }],
      output: relay(`  function onEnd() {\n    upstream.end();\n  }\n  client.on('end', onEnd);\n`),
    },
    {
      name: "'close' listener without a hadError check",
      code: relay(`  client.on('close', () => upstream.destroy());\n`),
      errors: [{ messageId: 'listener', line: 4 }],
      output: relay(`  client.on('close', () => upstream.end());\n`),
    },
    {
      name: 'an escaping socket: the destroy call is still visible here',
      code: `const net = require('net');
const open = [];
net.createServer((client) => {
  const upstream = net.connect(9000);
  open.push(upstream);
  client.on('end', () => upstream.destroy());
  client.on('data', (chunk) => upstream.write(chunk));
});
`,
      errors: [{ messageId: 'listener', line: 6 }],
      output: `const net = require('net');
const open = [];
net.createServer((client) => {
  const upstream = net.connect(9000);
  open.push(upstream);
  client.on('end', () => upstream.end());
  client.on('data', (chunk) => upstream.write(chunk));
});
`,
    },
    {
      name: "a socket kept as a property of its relay peer (socket.dstSock = dstSock), destroyed through it in the peer's 'end' listener",
      code: `const net = require('net');
net.createServer((socket) => {
  function onClose() {
    if (socket.dstSock && socket.dstSock.writable) socket.dstSock.destroy();
    socket.dstSock = undefined;
  }
  socket.on('error', () => {}).on('end', onClose).on('close', onClose);
  connectTo(socket, 9000);
});
function connectTo(socket, port) {
  const dstSock = net.connect(port, () => socket.pipe(dstSock).pipe(socket));
  dstSock.on('error', () => socket.destroy());
  socket.dstSock = dstSock;
}
`,
      errors: [{ messageId: 'listener', line: 4 }],
      output: `const net = require('net');
net.createServer((socket) => {
  function onClose() {
    if (socket.dstSock && socket.dstSock.writable) socket.dstSock.end();
    socket.dstSock = undefined;
  }
  socket.on('error', () => {}).on('end', onClose).on('close', onClose);
  connectTo(socket, 9000);
});
function connectTo(socket, port) {
  const dstSock = net.connect(port, () => socket.pipe(dstSock).pipe(socket));
  dstSock.on('error', () => socket.destroy());
  socket.dstSock = dstSock;
}
`,
    },
    {
      name: 'TypeScript, typed sockets',
      filename: 'case.ts',
      code: `import { Socket, connect } from 'node:net';
const a: Socket = connect(80);
const b: Socket = new Socket();
a.on('end', (): void => {
  b.destroy();
});
a.pipe(b);
`,
      errors: [{ messageId: 'listener', line: 5 }],
      output: `import { Socket, connect } from 'node:net';
const a: Socket = connect(80);
const b: Socket = new Socket();
a.on('end', (): void => {
  b.end();
});
a.pipe(b);
`,
    },
    {
      name: 'file style: double quotes, no semicolons',
      code: `const net = require("net")
const s = net.connect(80)
s.write("bye")
s.destroy()
`,
      errors: [{ messageId: 'afterWrite' }],
      output: `const net = require("net")
const s = net.connect(80)
s.end("bye")
`,
    },
    {
      name: 'issue 9: an untyped parameter written then destroyed (decided from use)',
      code: `const http = require('http');
function send(res, msg) {
  res.write(msg);
  res.destroy();
}
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 4,
          fixes: [
            `const http = require('http');
function send(res, msg) {
  res.end(msg);
}
`,
            `const http = require('http');
function send(res, msg) {
  res.write(msg);
  res.end();
}
`,
          ],
        },
      ],
    },
    {
      name: 'a client request written then destroyed',
      code: `const http = require('http');
const req = http.request('http://example.com', { method: 'POST' });
req.on('error', () => {});
req.write(JSON.stringify({ a: 1 }));
req.destroy();
`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const http = require('http');
const req = http.request('http://example.com', { method: 'POST' });
req.on('error', () => {});
req.end(JSON.stringify({ a: 1 }));
`,
    },
    {
      name: 'a file stream written then destroyed loses the last line',
      code: `const fs = require('fs');
const http = require('http');
const out = fs.createWriteStream('log.txt');
out.write('last line\\n');
out.destroy();
`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const fs = require('fs');
const http = require('http');
const out = fs.createWriteStream('log.txt');
out.end('last line\\n');
`,
    },
    {
      name: 'this.socket written then destroyed in a method',
      code: `const net = require('net');
class Client {
  quit() {
    this.socket.write('QUIT\\r\\n');
    this.socket.destroy();
  }
}
module.exports = Client;
`,
      errors: [{ messageId: 'afterWrite', line: 5 }],
      output: `const net = require('net');
class Client {
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
module.exports = Client;
`,
    },
    {
      name: "issue 9: the request's connection destroyed in the response's 'finish' listener breaks keep-alive",
      code: `const http = require('http');
http.createServer((req, res) => {
  res.on('finish', () => req.socket.destroy());
  res.end('ok');
});
`,
      errors: [
        {
          messageId: 'finishDestroy',
          line: 3,
          column: 37,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  res.setHeader('Connection', 'close');
  res.end('ok');
});
`,
          ],
        },
      ],
    },
    {
      name: "'finish' listener in an untyped Express handler",
      code: `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  res.on('finish', () => {
    req.socket.destroy();
  });
  res.send('ok');
});
`,
      errors: [{ messageId: 'finishDestroy', line: 5 }],
      output: `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  res.setHeader('Connection', 'close');
  res.send('ok');
});
`,
    },
    {
      name: "'finish' listener registered after the head was sent: no fix (setHeader would throw)",
      code: `const http = require('http');
http.createServer((req, res) => {
  res.writeHead(200);
  res.once('finish', () => res.connection.destroy());
  res.end('ok');
});
`,
      errors: [{ messageId: 'finishDestroy', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: "'finish' listener that does more than destroy: no fix",
      code: `const http = require('http');
http.createServer((req, res) => {
  res.on('finish', () => {
    console.log('sent');
    req.socket.destroy();
  });
  res.end('ok');
});
`,
      errors: [{ messageId: 'finishDestroy', line: 5, fixes: [] }],
    },
    {
      name: 'destroy() right after res.end() cuts the response short',
      code: `const http = require('http');
http.createServer((req, res) => {
  res.end('bye');
  req.socket.destroy();
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          line: 4,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  res.setHeader('Connection', 'close');
  res.end('bye');
});
`,
          ],
        },
      ],
    },
    {
      name: 'destroy() of an alias of req.socket after writeHead and end: reported without a fix',
      code: `const http = require('http');
http.createServer((req, res) => {
  const socket = req.socket;
  res.writeHead(413, { 'content-type': 'text/plain' });
  res.end('too large');
  socket.destroy();
});
`,
      errors: [{ messageId: 'afterEnd', line: 6, fixes: [] }],
    },
    {
      name: 'TypeScript: a typed response, double quotes and no semicolons',
      filename: 'case.ts',
      code: `import * as http from "node:http"
export function reject(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.end("no")
  res.socket?.destroy()
}
`,
      errors: [{ messageId: 'afterEnd', line: 4 }],
      output: `import * as http from "node:http"
export function reject(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader("Connection", "close")
  res.end("no")
}
`,
    },
    {
      name: 'pixl-server-web: request and response taken from an untyped args object',
      code: `const http = require('http');
module.exports = {
  sendStaticResponse: function (args) {
    var self = this;
    var request = args.request;
    var response = args.response;
    response.on('finish', function () {
      self.finishRequest(args);
      if (!self.keepAlives || !request.headers.connection) {
        request.socket.destroy();
      }
    });
  },
};
`,
      errors: [
        {
          messageId: 'finishDestroy',
          line: 10,
          fixes: [],
        },
      ],
    },
    {
      name: 'primus: a JSDoc type that does not describe the value ({Response} has no write/destroy): the use decides',
      code: `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.write(message);
  res.destroy();
};
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 9,
          fixes: [
            `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.end(message);
};
`,
            `'use strict';
/**
 * @param {Request} req HTTP request.
 * @param {Response} res HTTP response.
 */
module.exports = function client(req, res) {
  res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
  res.write(message);
  res.end();
};
`,
          ],
        },
      ],
    },
    {
      name: 'primus: end() in the other branch of an if is no fallback for the destroy',
      code: `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.write(message);
        res.destroy();
      }
    });
  };
};
`,
      errors: [
        {
          messageId: 'afterWrite',
          line: 13,
          fixes: [
            `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.end(message);
      }
    });
  };
};
`,
            `'use strict';
module.exports = function configuration() {
  return function client(req, res, next) {
    this.auth(req, function authorized(err) {
      if (!err) return next();
      var message = JSON.stringify({ error: err.message || err });
      if (res.setHeader) {
        res.statusCode = 401;
        res.end(message);
      } else {
        res.write('HTTP/' + req.httpVersion + ' 401 ' + require('http').STATUS_CODES[401] + '\\r\\n\\r\\n');
        res.write(message);
        res.end();
      }
    });
  };
};
`,
          ],
        },
      ],
    },
  ],
});
