import rule from '../../server/src/rules/write-ignores-backpressure';
import { ruleTests } from './ruleTester';
import { pipelineCall } from './expectedFixes';

ruleTests(rule, {
  valid: [
    {
      // A parser emits 'data' and nothing says it is a stream: no 'end' listener, never paused or destroyed.
      name: "an untyped emitter listened to for 'data' only, forwarded to a connection's untyped socket",
      code: `module.exports = function relay(parser, conn) {
  parser.on('data', (msg) => conn.socket.write(msg));
};`,
    },
    {
      name: "an untyped stream by its use whose write result is checked (paused until 'drain')",
      code: `module.exports = {
  handler: function () {
    return this.fs.read().then((stream) => {
      stream.on('data', (data) => {
        if (!this.connector.socket.write(data)) {
          stream.pause();
          this.connector.socket.once('drain', () => stream.resume());
        }
      });
      stream.once('end', () => this.reply(226));
      stream.once('error', () => stream.destroy());
    });
  },
};`,
    },
    {
      // mllp-node's HL7 ACK, androidtv-remote's ping response: a request/response protocol answering its peer.
      name: 'a reply on the socket the data came from, built from the message (an HL7 ACK): not a relay',
      code: `const net = require('net');
net.createServer(function (sock) {
  const self = { message: '' };
  sock.on('error', () => sock.destroy());
  sock.on('data', function (data) {
    self.message += data.toString();
    if (self.message.endsWith('\\x1c')) {
      const parsed = parse(self.message);
      sock.write('\\x0b' + ack(parsed) + '\\x1c\\r');
      self.message = '';
    }
  });
}).listen(2575);
function parse(m) { return m.split('|'); }
function ack(p) { return 'MSA|AA|' + p[9]; }`,
    },
    {
      name: 'a termination packet encoded from constants inside the listener, written back on the same socket (rcon-srcds)',
      code: `const net = require('net');
const packets = require('./packets');
const protocol = require('./protocol');
exports.execute = function (port, done) {
  const connection = net.connect(port);
  connection.on('error', done);
  connection.on('data', function onData(packet) {
    const decoded = packets.decode(packet);
    if (decoded.size > 3700) {
      const terminationPacket = packets.encode(protocol.SERVERDATA_RESPONSE_VALUE, protocol.ID_TERM, '');
      connection.write(terminationPacket);
    } else {
      connection.removeListener('data', onData);
      done(decoded.body);
    }
  });
};`,
    },
    // A fixed handshake reply, not the data read: one bounded write per protocol state (ssh2's agent).
    `const net = require('net');
const sock = net.connect(22);
sock.on('error', () => {});
const hello = Buffer.alloc(12);
let state = 'secret';
sock.on('data', (data) => {
  if (state === 'secret' && data.length === 16) {
    state = 'creds';
    sock.write(hello);
  }
});`,
    {
      name: 'process.stdout is not reported',
      code: `const net = require('net');
const s = net.connect(80);
s.on('data', (c) => process.stdout.write(c));
`,
    },
    {
      name: 'process.stderr under another name',
      code: `const net = require('net');
const out = process.stderr;
const s = net.connect(80);
s.on('data', (c) => { out.write(c); });
`,
    },
    {
      name: 'object-mode in-memory streams are not reported',
      code: `const net = require('net');
const { PassThrough } = require('stream');
const objects = new PassThrough({ objectMode: true });
const s = net.connect(80);
s.on('data', (c) => { objects.write({ size: c.length }); });
`,
    },
    {
      name: 'writes outside a data listener',
      code: `const net = require('net');
const s = net.connect(80);
s.on('connect', () => { s.write('hello'); });
`,
    },
    {
      name: 'the false result is checked',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    if (!up.write(c)) {
      client.pause();
      up.once('drain', () => client.resume());
    }
  });
});
`,
    },
    {
      name: 'pause and drain handled elsewhere for the pair',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => { up.write(c); });
  up.on('drain', () => client.resume());
});
`,
    },
    {
      name: 'src.pause() counts',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => { up.write(c); client.pause(); setImmediate(() => client.resume()); });
});
`,
    },
    {
      name: 'result kept in a variable',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => { const ok = up.write(c); if (!ok) client.pause(); });
});
`,
    },
    {
      name: 'pipeline instead of a data listener',
      code: `const net = require('net');
const { pipeline } = require('stream');
net.createServer((client) => {
  pipeline(client, net.connect(9000), () => {});
});
`,
    },
    {
      name: 'a data event of a non-stream emitter',
      code: `const net = require('net');
const { EventEmitter } = require('events');
const bus = new EventEmitter();
const s = net.connect(80);
bus.on('data', (c) => { s.write(c); });
`,
    },
    {
      name: 'a write in a nested callback is not per chunk',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', () => { setTimeout(() => { up.write('tick'); }, 1000); });
});
`,
    },
    {
      name: 'untyped parameters: unseen values',
      code: `function forward(a, b) {
  a.on('data', (c) => b.write(c));
}
module.exports = { forward, net: require('net') };
`,
    },
    {
      name: "an untyped '.socket' at both ends, or a write whose false result pauses the source: not reported",
      code: `const net = require('net');
function relay(reverseProxy, client, listeners) {
  // Both ends untyped: neither is known to be a stream.
  client.socket.on('data', (data) => reverseProxy.incoming.socket.write(data));
  const proxySocket = net.connect(9000);
  proxySocket.on('error', () => {});
  proxySocket.on('data', listeners.onIncoming = function (data) {
    const flushed = reverseProxy.incoming.socket.write(data);
    if (!flushed) {
      proxySocket.pause();
      reverseProxy.incoming.socket.once('drain', () => proxySocket.resume());
    }
  });
}
module.exports = relay;
`,
    },
  ],
  invalid: [
    {
      // ftp-srv's RETR before its fix: a pluggable file system's read stream copied into the data connection.
      name: "an untyped stream by its use ('data', 'end', destroy()) copied into another object's socket behind a guard",
      code: `module.exports = {
  directive: 'RETR',
  handler: function () {
    return this.fs.read().then((stream) => {
      stream.on('data', (data) => this.connector.socket && this.connector.socket.write(data, this.transferType));
      stream.once('end', () => this.reply(226));
      stream.once('error', () => stream.destroy());
    });
  },
};`,
      errors: [{ messageId: 'ignored', line: 5 }],
    },
    {
      name: 'an echo of the chunk on the socket it came from still forwards it',
      code: `const net = require('net');
net.createServer((sock) => {
  sock.on('error', () => sock.destroy());
  sock.on('data', (chunk) => {
    sock.write(chunk);
  });
}).listen(7);`,
      errors: [{ messageId: 'ignored', line: 5 }],
    },
    {
      name: 'a value computed from the chunk inside the listener, then written on: it forwards what was read',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (chunk) => {
    const framed = Buffer.concat([Buffer.from([chunk.length]), chunk]);
    upstream.write(framed);
  });
});`,
      errors: [{ messageId: 'ignored', line: 6 }],
    },
    {
      name: "node-http-proxy: a tracked socket copied to and from an untyped '.socket' property, the listener stored as it is passed",
      code: `const net = require('net');
function relay(reverseProxy, port, listeners) {
  const proxySocket = net.connect(port);
  proxySocket.on('error', () => reverseProxy.incoming.socket.destroy());
  proxySocket.on('data', listeners.onIncoming = function (data) {
    if (reverseProxy.incoming.socket.writable) {
      reverseProxy.incoming.socket.write(data);
    }
  });
  reverseProxy.incoming.socket.on('data', listeners.onOutgoing = function (data) {
    proxySocket.write(data);
  });
}
module.exports = relay;
`,
      errors: [
        {
          messageId: 'ignored',
          line: 7,
          fixes: [
            `const net = require('net');
function relay(reverseProxy, port, listeners) {
  const proxySocket = net.connect(port);
  proxySocket.on('error', () => reverseProxy.incoming.socket.destroy());
  proxySocket.on('data', listeners.onIncoming = function (data) {
    if (reverseProxy.incoming.socket.writable) {
      if (!reverseProxy.incoming.socket.write(data)) {
        proxySocket.pause();
        reverseProxy.incoming.socket.once('drain', () => proxySocket.resume());
      }
    }
  });
  reverseProxy.incoming.socket.on('data', listeners.onOutgoing = function (data) {
    proxySocket.write(data);
  });
}
module.exports = relay;
`,
          ],
        },
        {
          messageId: 'ignored',
          line: 11,
          fixes: [
            `const net = require('net');
function relay(reverseProxy, port, listeners) {
  const proxySocket = net.connect(port);
  proxySocket.on('error', () => reverseProxy.incoming.socket.destroy());
  proxySocket.on('data', listeners.onIncoming = function (data) {
    if (reverseProxy.incoming.socket.writable) {
      reverseProxy.incoming.socket.write(data);
    }
  });
  reverseProxy.incoming.socket.on('data', listeners.onOutgoing = function (data) {
    if (!proxySocket.write(data)) {
      reverseProxy.incoming.socket.pause();
      proxySocket.once('drain', () => reverseProxy.incoming.socket.resume());
    }
  });
}
module.exports = relay;
`,
          ],
        },
      ],
    },
    {
      name: 'incident 3: pipeSocket, plain JS with tracked sockets',
      code: `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => { to.write(chunk) });
  from.on('close', () => { to.destroy() });
}
net.createServer((client) => {
  pipeSocket(client, net.connect(9000));
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 3,
          column: 33,
          fixes: [
            `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => {
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.on('close', () => { to.destroy() });
}
net.createServer((client) => {
  pipeSocket(client, net.connect(9000));
});
`,
            `const net = require('net');
const { pipeline } = require('node:stream');
function pipeSocket(from, to) {
${pipelineCall('from, to')}
  from.on('close', () => { to.destroy() });
}
net.createServer((client) => {
  pipeSocket(client, net.connect(9000));
});
`,
          ],
        },
      ],
    },
    {
      name: 'incident 3 as written: TS with net.Socket parameters, no semicolons',
      filename: 'case.ts',
      code: `import { Socket } from 'net'

export function pipeSocket(from: Socket, to: Socket) {
  from.on('data', chunk => {
    to.write(chunk)
  })
  from.on('close', () => {
    to.destroy()
  })
}
`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          column: 8,
          fixes: [
            `import { Socket } from 'net'

export function pipeSocket(from: Socket, to: Socket) {
  from.on('data', chunk => {
    if (!to.write(chunk)) {
      from.pause()
      to.once('drain', () => from.resume())
    }
  })
  from.on('close', () => {
    to.destroy()
  })
}
`,
            `import { Socket } from 'net'
import { pipeline } from 'node:stream'

export function pipeSocket(from: Socket, to: Socket) {
  pipeline(from, to, (err) => {
    if (err) console.error('pipeline failed:', err.message)
  })
  from.on('close', () => {
    to.destroy()
  })
}
`,
          ],
        },
      ],
    },
    {
      name: 'expression-bodied listener',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => up.write(c));
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    if (!up.write(c)) {
      client.pause();
      up.once('drain', () => client.resume());
    }
  });
});
`,
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const up = net.connect(9000);
${pipelineCall('client, up')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'echo server writes back to the same socket',
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (data) => {
    socket.write(data);
  });
}).listen(7);
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (data) => {
    if (!socket.write(data)) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
}).listen(7);
`,
          ],
        },
      ],
    },
    {
      name: 'upstream response body written to the client response',
      code: `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
    up.on('data', (chunk) => { res.write(chunk); });
    up.on('end', () => res.end());
  });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
    up.on('data', (chunk) => {
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
    });
    up.on('end', () => res.end());
  });
});
`,
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
${pipelineCall('up, res', '    ')}
    up.on('end', () => res.end());
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'request body forwarded to an outgoing request',
      code: `const http = require('http');
http.createServer((req, res) => {
  const out = http.request('http://backend/', { method: 'POST' });
  req.on('data', (chunk) => { out.write(chunk); });
  req.on('end', () => out.end());
  res.end();
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  const out = http.request('http://backend/', { method: 'POST' });
  req.on('data', (chunk) => {
    if (!out.write(chunk)) {
      req.pause();
      out.once('drain', () => req.resume());
    }
  });
  req.on('end', () => out.end());
  res.end();
});
`,
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const out = http.request('http://backend/', { method: 'POST' });
${pipelineCall('req, out')}
  req.on('end', () => out.end());
  res.end();
});
`,
          ],
        },
      ],
    },
    {
      name: 'socket data to a file',
      code: `const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  const file = fs.createWriteStream('/tmp/upload');
  socket.on('data', function (chunk) {
    file.write(chunk);
  });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 6,
          fixes: [
            `const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  const file = fs.createWriteStream('/tmp/upload');
  socket.on('data', function (chunk) {
    if (!file.write(chunk)) {
      socket.pause();
      file.once('drain', () => socket.resume());
    }
  });
});
`,
            `const net = require('net');
const fs = require('fs');
const { pipeline } = require('node:stream');
net.createServer((socket) => {
  const file = fs.createWriteStream('/tmp/upload');
${pipelineCall('socket, file')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'transformed chunk (no pipeline rewrite)',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    up.write(c.toString().toUpperCase());
  });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          fixes: [
            `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    if (!up.write(c.toString().toUpperCase())) {
      client.pause();
      up.once('drain', () => client.resume());
    }
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'returned write result goes to the emitter, which ignores it',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    return up.write(c);
  });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          fixes: [],
        },
      ],
    },
    {
      name: 'both directions of a relay',
      code: `const net = require('net');
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => { b.write(c); });
  b.on('data', (c) => { a.write(c); });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `const net = require('net');
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => {
    if (!b.write(c)) {
      a.pause();
      b.once('drain', () => a.resume());
    }
  });
  b.on('data', (c) => { a.write(c); });
});
`,
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((a) => {
  const b = net.connect(9000);
${pipelineCall('a, b')}
  b.on('data', (c) => { a.write(c); });
});
`,
          ],
        },
        {
          messageId: 'ignored',
          line: 5,
          fixes: [
            `const net = require('net');
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => { b.write(c); });
  b.on('data', (c) => {
    if (!a.write(c)) {
      b.pause();
      a.once('drain', () => b.resume());
    }
  });
});
`,
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => { b.write(c); });
${pipelineCall('b, a')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'ESM: the pipeline rewrite imports pipeline',
      filename: 'case.mjs',
      code: `import net from 'node:net';
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => { b.write(c); });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 4,
          fixes: [
            `import net from 'node:net';
net.createServer((a) => {
  const b = net.connect(9000);
  a.on('data', (c) => {
    if (!b.write(c)) {
      a.pause();
      b.once('drain', () => a.resume());
    }
  });
});
`,
            `import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((a) => {
  const b = net.connect(9000);
${pipelineCall('a, b')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'a multi-line write is reported without a fix',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.on('data', (c) => {
    up.write(Buffer.concat([
      Buffer.from('>'),
      c,
    ]));
  });
});
`,
      errors: [
        {
          messageId: 'ignored',
          line: 5,
          fixes: [],
        },
      ],
    },
  ],
});
