import rule from '../../server/src/rules/incomplete-socket-relay';
import * as assert from 'node:assert/strict';
import { ruleTests, runRule } from './ruleTester';
import { relayErrorListeners, relayIdleTimeouts } from './expectedFixes';

// A relay in a net server whose ends only log their errors; `rest` is what follows the pipes.
const loggedRelay = (rest: string): string =>
  `const net = require('net');
net.createServer(async (client) => {
  const upstream = net.connect({ port: 9000, timeout: 30000 });
  upstream.on('timeout', () => upstream.destroy());
  client.on('error', (err) => console.error(err.message));
  upstream.on('error', (err) => console.error(err.message));
  client.pipe(upstream);
  upstream.pipe(client);
${rest}});
`;

/** A relay between a connection made with `options` and the file's own echo server (pipenet's server tests). */
function echoRelay(options: string): string {
  return `const net = require('net');
const echo = net.createServer((s) => s.pipe(s));
echo.listen(0, () => {
  const a = net.createConnection(${options});
  const b = net.createConnection({ port: echo.address().port });
  a.pipe(b).pipe(a);
});
`;
}

/** A test helper relaying between two connections to the ports its caller gives, `host` the first one's (no server of its own). */
function helperRelay(host: string): string {
  return `const net = require('net');
module.exports = function relay(tunnelPort, echoPort) {
  const a = net.createConnection({ host: ${host}, port: tunnelPort });
  const b = net.createConnection({ port: echoPort });
  a.pipe(b).pipe(a);
};
`;
}

ruleTests(rule, {
  valid: [
    {
      name: "a test helper's relay between connections to ports its caller gives, with no server in the file: the suite's own",
      code: helperRelay("'localhost'"),
      filename: 'test/helpers/relay.js',
    },
    {
      // (pipenet's server tests: the tunnel under test and an echo server, both in the test process.)
      name: 'in a test that starts a server, a relay between two of its own connections to this machine',
      code: echoRelay('{ port: tunnelPort }'),
      filename: 'test/server.spec.js',
    },
    {
      name: "'close' and 'error' listeners that settle an awaited promise, both ends torn down after the await",
      code: `const net = require('net');
net.createServer(async (client) => {
  const upstream = net.connect({ port: 9000, timeout: 30000 });
  upstream.on('timeout', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  try {
    await new Promise((resolve, reject) => {
      client.on('error', reject);
      upstream.on('error', reject);
      client.on('close', resolve);
      upstream.on('close', resolve);
    });
  } finally {
    client.destroy();
    upstream.destroy();
  }
});
`,
    },
    {
      name: "listeners that settle a promise whose chained handlers tear both ends down (Bluebird's fromNode)",
      code: `const net = require('net');
const Promise = require('bluebird');
function tunnel(client, port) {
  const upstream = net.connect({ port, timeout: 30000 });
  upstream.on('timeout', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  return Promise.fromNode((cb) => {
    client.on('error', cb);
    upstream.on('error', cb);
    client.on('close', cb);
    return upstream.on('close', cb);
  }).finally(() => {
    upstream.destroy();
    client.destroy();
  });
}
module.exports = tunnel;
`,
    },
    {
      name: 'listeners that settle a promise kept in a variable: where it goes on is not followed, and they count',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect({ port: 9000, timeout: 30000 });
  upstream.on('timeout', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
    client.on('error', resolve);
    upstream.on('error', resolve);
    client.on('close', resolve);
    upstream.on('close', resolve);
  });
  track(finished);
});
function track(p) { return p; }
`,
    },
    {
      name: "each end's teardown of the other given to stream.finished(), with idle timeouts",
      code: `const net = require('net');
const { finished } = require('stream');
net.createServer((socket) => {
  const up = net.connect(9000, () => {
    socket.pipe(up).pipe(socket);
  });
  finished(up, () => socket.destroy());
  finished(socket, () => up.destroy());
  up.setTimeout(60000, () => up.destroy());
  socket.setTimeout(60000, () => socket.destroy());
}).listen(8000);
`,
    },
    {
      name: "the caller's upgrade socket relayed both ways, each end torn down through stream.finished()",
      code: `const net = require('net');
const stream = require('stream');
module.exports = function onUpgrade(req, socket, head) {
  const up = net.connect(9000, () => {
    up.write(head);
    socket.pipe(up).pipe(socket);
  });
  stream.finished(up, () => socket.destroy());
  stream.finished(socket, () => up.destroy());
  up.setTimeout(60000, () => up.destroy());
};
`,
    },
    {
      name: 'complete inline relay: errors, end, teardown, idle timeout',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.setTimeout(60000);
  client.on('timeout', () => client.destroy());
  client.on('data', (c) => upstream.write(c));
  upstream.on('data', (c) => client.write(c));
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
`,
    },
    {
      name: 'complete relay whose idle timeout comes from an options object in a variable',
      code: `const net = require('net');
const upstreamOptions = { port: 9000, timeout: 60000 };
net.createServer((client) => {
  const upstream = net.connect(upstreamOptions);
  upstream.on('timeout', () => upstream.destroy());
  client.on('data', (c) => upstream.write(c));
  upstream.on('data', (c) => client.write(c));
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
`,
    },
    {
      name: 'seed 002 fixed pipeSocket, called in both directions',
      code: `const net = require('net');
function pipeSocket(from, to) {
  from.setTimeout(60 * 1e3);
  from.setKeepAlive(true, 60 * 1e3);
  from.on('data', chunk => { to.write(chunk) });
  from.on('close', () => { to.end() });
  from.on('error', () => { to.end() });
  from.on('end', () => { to.end() });
  from.on('timeout', () => { from.destroy() });
}
net.createServer((client) => {
  const upstream = net.connect(9000, '127.0.0.1');
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
});
`,
    },
    {
      name: 'stream.pipeline in both directions is not a hand-made relay',
      code: `const net = require('net');
const { pipeline } = require('stream');
net.createServer((client) => {
  const upstream = net.connect(9000);
  const done = () => { client.destroy(); upstream.destroy(); };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
`,
    },
    {
      name: 'pipe both ways with error teardown and a timeout option (pipe ends the peer)',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect({ port: 9000, timeout: 30000 });
  upstream.on('timeout', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
`,
    },
    {
      name: 'escaping socket: returned to a caller who may complete the relay',
      code: `const net = require('net');
function open(client) {
  const upstream = net.connect(9000);
  client.pipe(upstream);
  return upstream;
}
module.exports = open;
`,
    },
    {
      name: 'untyped parameters with no caller in the file: unseen values',
      code: `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => { to.write(chunk) });
}
module.exports = { pipeSocket, net };
`,
    },
    {
      name: 'data written to a file is not a socket relay',
      code: `const net = require('net');
const fs = require('fs');
net.createServer((client) => {
  const out = fs.createWriteStream('/tmp/dump');
  client.on('data', (c) => out.write(c));
});
`,
    },
    {
      name: 'listeners given as functions from another module count',
      code: `const net = require('net');
const { onError, onEnd, onClose } = require('./handlers');
net.createServer((client) => {
  const upstream = net.connect(9000);
  upstream.setTimeout(5000);
  client.on('data', (c) => upstream.write(c));
  client.on('end', onEnd);
  client.on('error', onError);
  upstream.on('error', onError);
  upstream.on('close', onClose);
});
`,
    },
    {
      name: 'TS parameters typed any are not sockets',
      filename: 'case.ts',
      code: `import * as net from 'net';
export function pipeSocket(from: any, to: any) {
  from.on('data', (chunk: Buffer) => { to.write(chunk); });
}
export const n = net;
`,
    },
    {
      name: 'the caller completes what the relay function leaves out',
      code: `const net = require('net');
function forward(from, to) {
  from.on('data', (c) => to.write(c));
  from.on('end', () => to.end());
}
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.setTimeout(10000, () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  forward(client, upstream);
});
`,
    },
    {
      name: 'a handler that writes something else is not a relay',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', () => upstream.write('ping'));
  upstream.on('error', () => {});
  client.on('error', () => {});
});
`,
    },
    {
      name: "the caller's connection relayed both ways (chained pipe) with teardown both ways",
      code: `const net = require('net');
function onUpgrade(req, socket) {
  const upstream = net.connect(80);
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  upstream.on('close', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
  socket.pipe(upstream).pipe(socket);
}
module.exports = onUpgrade;
`,
    },
    {
      name: "the caller's untyped value piped one way only is not taken for a connection",
      code: `const net = require('net');
function forward(socket) {
  const upstream = net.connect(80);
  upstream.on('error', () => {});
  socket.pipe(upstream);
}
module.exports = forward;
`,
    },
    {
      name: "the caller's socket and an upstream handed alone to other code, each torn down when the other fails (http-proxy's fix)",
      code: `const http = require('http');
const common = require('./common');
function stream(req, socket, options, server, clb) {
  common.setupSocket(socket);
  const proxyReq = http.request(options);
  proxyReq.on('error', onError);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', onError);
    socket.on('error', () => proxySocket.end());
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    server.emit('proxySocket', proxySocket);
  });
  proxyReq.end();
  function onError(err) {
    if (clb) clb(err, req, socket);
    else server.emit('error', err, req, socket);
    socket.end();
  }
}
module.exports = { stream };
`,
    },
    {
      name: "the upstream handed to the caller's callback: the caller holds both ends and may complete the relay",
      code: `const http = require('http');
const common = require('./common');
function stream(req, socket, options, onOpen) {
  const proxyReq = http.request(options);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', () => socket.destroy());
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    onOpen(proxySocket);
  });
  proxyReq.end();
}
module.exports = { stream };
`,
    },
    {
      name: 'both ends stored together where other code reaches them: it may complete the relay',
      code: `const http = require('http');
const common = require('./common');
function stream(req, socket, options, registry) {
  const proxyReq = http.request(options);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', () => socket.destroy());
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    registry.add({ client: socket, upstream: proxySocket });
  });
  proxyReq.end();
}
module.exports = { stream };
`,
    },
    {
      name: "both ends kept in another module's collections (pool.clients.push(client)): code that reaches them may complete the relay",
      code: `const net = require('net');
const pool = require('./pool');
net.createServer((client) => {
  pool.clients.push(client);
  const service = net.connect(5672);
  pool.services.push(service);
  client.on('data', (data) => service.write(data));
  service.on('data', (data) => client.write(data));
});
`,
    },
    {
      name: "a CONNECT listener bound with a leading argument in an ES5 http.Server subclass, each end torn down on the other's error",
      code: `const util = require('util');
const http = require('http');
const Socks = require('socks');
function connectListener(getProxyInfo, request, socketRequest, head) {
  Socks.createConnection({ proxy: getProxyInfo(), command: 'connect' }, (error, socket) => {
    if (error) return socketRequest.end();
    socket.on('error', () => socketRequest.destroy());
    socketRequest.on('error', () => socket.destroy());
    socket.pipe(socketRequest);
    socketRequest.pipe(socket);
  });
}
function ProxyServer(options) {
  http.Server.call(this, () => {});
  this.addListener('connect', connectListener.bind(null, () => options.proxy));
}
util.inherits(ProxyServer, http.Server);
module.exports = { createServer: (options) => new ProxyServer(options) };
`,
    },
    {
      name: 'both ends handed to the same call of another module: it may complete the relay',
      code: `const net = require('net');
const tunnels = require('./tunnels');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
  upstream.pipe(client);
  tunnels.track(client, upstream);
});
`,
    },
    {
      name: 'a Duplex parameter piped one way only: a copy, not a relay',
      filename: 'case.ts',
      code: `import { Duplex } from 'stream';

export function send(source: Duplex, destination: Duplex) {
  source.pipe(destination);
}
`,
    },
    {
      name: 'Transform parameters piped both ways: not a Duplex connection',
      filename: 'case.ts',
      code: `import { Transform } from 'stream';

export function loop(a: Transform, b: Transform) {
  a.pipe(b);
  b.pipe(a);
}
`,
    },
    {
      name: 'two Duplex parameters relayed both ways with every handler',
      filename: 'case.ts',
      code: `import { Duplex } from 'stream';

export function bridge(a: Duplex, b: Duplex) {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}
`,
    },
    {
      name: 'two Duplex parameters relayed with stream.pipeline',
      filename: 'case.ts',
      code: `import { Duplex, pipeline } from 'stream';

export function bridge(a: Duplex, b: Duplex) {
  const done = () => {
    a.destroy();
    b.destroy();
  };
  pipeline(a, b, done);
  pipeline(b, a, done);
}
`,
    },
    {
      name: "a Duplex parameter relayed both ways with an untyped parameter: both are the caller's",
      filename: 'case.ts',
      code: `import { Duplex } from 'stream';

export function bridge(channel: Duplex, socket: any) {
  channel.pipe(socket);
  socket.pipe(channel);
}
`,
    },
    {
      name: "Duplex parameter properties whose 'error' listeners reach this.localStream.end() three methods deep (dev-tunnels-ssh, fixed)",
      filename: 'case.ts',
      code: `import { Duplex } from 'stream';

export class StreamForwarder {
  private disposed = false;

  public constructor(
    public readonly localStream: Duplex,
    public readonly remoteStream: Duplex,
  ) {
    localStream.on('error', (err) => this.onStreamError('local', err));
    remoteStream.on('error', (err) => this.onStreamError('remote', err));
    localStream.pipe(remoteStream);
    remoteStream.pipe(localStream);
  }

  private onStreamError(side: string, err: Error): void {
    console.warn(\`\${side} stream error: \${err.message}\`);
    this.dispose();
  }

  private close(): void {
    this.localStream.end();
    this.remoteStream.end();
  }

  public dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.close();
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: "a test helper's relay with one end on a host from the environment",
      code: helperRelay('process.env.TUNNEL_HOST'),
      filename: 'test/helpers/relay.js',
      errors: [{ messageId: 'incomplete', line: 5 }],
    },
    {
      name: 'in a test that starts a server, a relay with one end on another host',
      code: echoRelay("{ host: 'example.com', port: tunnelPort }"),
      filename: 'test/server.spec.js',
      errors: [{ messageId: 'incomplete', line: 6 }],
    },
    {
      name: 'production code relaying between two connections to this machine',
      code: echoRelay('{ port: tunnelPort }'),
      filename: 'lib/bridge.js',
      errors: [{ messageId: 'incomplete', line: 6 }],
    },
    {
      // (balena's node-tunnel, CoffeeScript output: the fix tore down both sockets.)
      name: 'listeners that settle a Bluebird fromNode promise whose .finally() destroys only the upstream: the client socket stays open',
      code: `var net = require('net');
var Promise = require('bluebird');
var connectSocket = function (cltSocket, hostname, port) {
  var srvSocket;
  srvSocket = net.connect(port, hostname, function () {
    srvSocket.pipe(cltSocket);
    return cltSocket.pipe(srvSocket);
  });
  return Promise.fromNode(function (cb) {
    cltSocket.on('error', cb);
    srvSocket.on('error', cb);
    cltSocket.on('close', cb);
    return srvSocket.on('close', cb);
  })['finally'](function () {
    return srvSocket.destroy();
  });
};
exports.connectSocket = connectSocket;
`,
      errors: [{ messageId: 'incomplete', line: 6, messageIncludes: 'tearing down cltSocket when srvSocket closes or fails' }],
    },
    {
      name: "'close' listeners that resolve an awaited promise: the catch that destroys both ends runs only on a rejection",
      code: loggedRelay(`  try {
    await new Promise((resolve) => {
      client.on('close', resolve);
      upstream.on('close', resolve);
    });
    upstream.destroy();
  } catch (err) {
    client.destroy();
    upstream.destroy();
  }
`),
      errors: [{ messageId: 'incomplete', line: 7, messageIncludes: 'tearing down client when upstream closes or fails' }],
    },
    {
      name: "'close' listeners that settle an awaited promise, then only one end destroyed",
      code: loggedRelay(`  await new Promise((resolve) => {
    client.on('close', resolve);
    upstream.on('close', resolve);
  });
  upstream.destroy();
`),
      errors: [{ messageId: 'incomplete', line: 7, messageIncludes: 'tearing down client when upstream closes or fails' }],
    },
    {
      name: 'two parameters typed stream.Duplex piped both ways in a constructor, no error listeners (dev-tunnels-ssh)',
      filename: 'case.ts',
      code: `import { Duplex } from 'stream';

export class StreamForwarder {
  public constructor(
    public readonly localStream: Duplex,
    public readonly remoteStream: Duplex,
  ) {
    localStream.pipe(remoteStream);
    remoteStream.pipe(localStream);
  }

  public dispose(): void {
    this.localStream.end();
    this.remoteStream.end();
  }
}
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 8,
          fixes: [
            `import { Duplex } from 'stream';
import { pipeline } from 'node:stream';

export class StreamForwarder {
  public constructor(
    public readonly localStream: Duplex,
    public readonly remoteStream: Duplex,
  ) {
    const done = (err: NodeJS.ErrnoException | null) => {
      if (err) console.error('relay failed:', err.message);
      localStream.destroy();
      remoteStream.destroy();
    };
    pipeline(localStream, remoteStream, done);
    pipeline(remoteStream, localStream, done);
  }

  public dispose(): void {
    this.localStream.end();
    this.remoteStream.end();
  }
}
`,
            `import { Duplex } from 'stream';

export class StreamForwarder {
  public constructor(
    public readonly localStream: Duplex,
    public readonly remoteStream: Duplex,
  ) {
    localStream.pipe(remoteStream);
    remoteStream.pipe(localStream);
    localStream.on('error', (err) => {
      console.error('relay error:', err.message);
      remoteStream.destroy();
    });
    remoteStream.on('error', (err) => {
      console.error('relay error:', err.message);
      localStream.destroy();
    });
  }

  public dispose(): void {
    this.localStream.end();
    this.remoteStream.end();
  }
}
`,
          ],
        },
      ],
    },
    {
      name: 'a Duplex channel and a Duplex socket chained both ways: no idle timeout asked (a Duplex has none)',
      filename: 'case.ts',
      code: `import type { Duplex } from 'node:stream';

export function bridge(channel: Duplex, socket: Duplex) {
  channel.pipe(socket).pipe(channel);
}
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 3,
          fixes: [
            `import type { Duplex } from 'node:stream';

export function bridge(channel: Duplex, socket: Duplex) {
  channel.pipe(socket).pipe(channel);
  socket.on('error', (err) => {
    console.error('relay error:', err.message);
    channel.destroy();
  });
  channel.on('error', (err) => {
    console.error('relay error:', err.message);
    socket.destroy();
  });
}
`,
          ],
        },
      ],
    },
    {
      name: 'stream.finished() callbacks that only log: neither end tears the other down',
      code: `const net = require('net');
const { finished } = require('stream');
net.createServer((socket) => {
  const up = net.connect(9000, () => {
    socket.pipe(up).pipe(socket);
  });
  finished(up, (err) => console.log('up done', err));
  finished(socket, (err) => console.log('client done', err));
  up.setTimeout(60000, () => up.destroy());
  socket.setTimeout(60000, () => socket.destroy());
}).listen(8000);
`,
      errors: [{ messageId: 'incomplete', line: 5 }],
    },
    {
      name: 'incident 3: pipeSocket in plain JS, called in both directions',
      code: `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => { to.write(chunk) });
  from.on('close', () => { to.destroy() });
}
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.connect(9000, '127.0.0.1');
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
}).listen(8000);
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 2,
          column: 10,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
function pipeSocket(from, to) {
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    from.destroy();
    to.destroy();
  };
  pipeline(from, to, done);
}
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.connect(9000, '127.0.0.1');
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
}).listen(8000);
`,
            `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => { to.write(chunk) });
  from.on('close', () => { to.destroy() });
${relayErrorListeners('from', 'to')}
  from.on('end', () => to.end());
${relayIdleTimeouts('from', 'to')}
}
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.connect(9000, '127.0.0.1');
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
}).listen(8000);
`,
          ],
        },
      ],
    },
    {
      name: 'incident 3 as written (TS, parameters typed net.Socket, no semicolons)',
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
          messageId: 'incomplete',
          line: 3,
          column: 17,
          fixes: [
            `import { Socket } from 'net'
import { pipeline } from 'node:stream'

export function pipeSocket(from: Socket, to: Socket) {
  const done = (err: NodeJS.ErrnoException | null) => {
    if (err) console.error('relay failed:', err.message)
    from.destroy()
    to.destroy()
  }
  pipeline(from, to, done)
}
`,
            `import { Socket } from 'net'

export function pipeSocket(from: Socket, to: Socket) {
  from.on('data', chunk => {
    to.write(chunk)
  })
  from.on('close', () => {
    to.destroy()
  })
  from.on('error', (err) => {
    console.error('relay error:', err.message)
    to.destroy()
  })
  to.on('error', (err) => {
    console.error('relay error:', err.message)
    from.destroy()
  })
  from.on('end', () => to.end())
  from.setTimeout(60000)
  from.on('timeout', () => from.destroy())
  to.setTimeout(60000)
  to.on('timeout', () => to.destroy())
}
`,
          ],
        },
      ],
    },
    {
      name: 'inline two-way data relay in a net server',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  upstream.on('data', (c) => client.write(c));
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 4,
          column: 3,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const upstream = net.connect(9000);
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
`,
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', (c) => upstream.write(c));
  upstream.on('data', (c) => client.write(c));
${relayErrorListeners('client', 'upstream')}
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'pipe both ways, nothing else',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
  upstream.pipe(client);
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 4,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const upstream = net.connect(9000);
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
`,
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
  upstream.pipe(client);
${relayErrorListeners('client', 'upstream')}
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'pipe with { end: false } does not end the peer',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect({ port: 9000, timeout: 1000 });
  upstream.on('timeout', () => upstream.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream, { end: false });
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 7,
          fixes: [
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect({ port: 9000, timeout: 1000 });
  upstream.on('timeout', () => upstream.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream, { end: false });
  client.on('end', () => upstream.end());
});
`,
          ],
        },
      ],
    },
    {
      name: 'setTimeout(0) is no idle timeout',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.setTimeout(0);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 7,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.setTimeout(0);
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
`,
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.setTimeout(0);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: "events.once(x, 'error') only handles errors while awaited",
      code: `const net = require('net');
const events = require('events');
async function relay(client) {
  const upstream = net.connect(9000);
  await events.once(upstream, 'connect');
  upstream.setTimeout(1000, () => upstream.destroy());
  client.on('error', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
}
net.createServer((c) => { relay(c); });
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 8,
          fixes: [
            `const net = require('net');
const events = require('events');
const { pipeline } = require('node:stream');
async function relay(client) {
  const upstream = net.connect(9000);
  await events.once(upstream, 'connect');
  upstream.setTimeout(1000, () => upstream.destroy());
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
}
net.createServer((c) => { relay(c); });
`,
            `const net = require('net');
const events = require('events');
async function relay(client) {
  const upstream = net.connect(9000);
  await events.once(upstream, 'connect');
  upstream.setTimeout(1000, () => upstream.destroy());
  client.on('error', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  upstream.on('error', (err) => {
    console.error('relay error:', err.message);
    client.destroy();
  });
}
net.createServer((c) => { relay(c); });
`,
          ],
        },
      ],
    },
    {
      name: 'TLS sockets',
      code: `const tls = require('tls');
const net = require('net');
net.createServer((client) => {
  const upstream = tls.connect(443, 'example.com');
  client.on('data', (c) => upstream.write(c));
  client.on('error', () => upstream.destroy());
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 5,
          fixes: [
            `const tls = require('tls');
const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const upstream = tls.connect(443, 'example.com');
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
});
`,
            `const tls = require('tls');
const net = require('net');
net.createServer((client) => {
  const upstream = tls.connect(443, 'example.com');
  client.on('data', (c) => upstream.write(c));
  client.on('error', () => upstream.destroy());
  upstream.on('error', (err) => {
    console.error('relay error:', err.message);
    client.destroy();
  });
  client.on('end', () => upstream.end());
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'relay function as a const arrow (reported at its name)',
      code: `const net = require('net');
const join = (a, b) => {
  a.pipe(b);
  b.pipe(a);
};
net.createServer((client) => join(client, net.connect(9000)));
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 2,
          column: 7,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
const join = (a, b) => {
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    a.destroy();
    b.destroy();
  };
  pipeline(a, b, done);
  pipeline(b, a, done);
};
net.createServer((client) => join(client, net.connect(9000)));
`,
            `const net = require('net');
const join = (a, b) => {
  a.pipe(b);
  b.pipe(a);
${relayErrorListeners('a', 'b')}
${relayIdleTimeouts('a', 'b')}
};
net.createServer((client) => join(client, net.connect(9000)));
`,
          ],
        },
      ],
    },
    {
      name: 'a data handler that does more than forward gets only the handlers fix',
      code: `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  let bytes = 0;
  client.on('data', (c) => {
    bytes += c.length;
    upstream.write(c);
  });
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 5,
          fixes: [
            `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000);
  let bytes = 0;
  client.on('data', (c) => {
    bytes += c.length;
    upstream.write(c);
  });
${relayErrorListeners('client', 'upstream')}
  client.on('end', () => upstream.end());
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'ESM file gets an import of pipeline',
      filename: 'case.mjs',
      code: `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 4,
          fixes: [
            `import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(9000);
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
});
`,
            `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.pipe(upstream);
${relayErrorListeners('client', 'upstream')}
${relayIdleTimeouts('client', 'upstream')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'an inline creation is named by its factory; no fix can name it',
      code: `const net = require('net');
net.createServer((socket) => {
  socket.pipe(net.connect(30012, 'localhost')).pipe(socket);
});
`,
      errors: [{ messageId: 'incomplete', line: 3, column: 3, fixes: [] }],
    },
    {
      name: 'a relay method of a class (TS, typed parameters): reported at the method name',
      filename: 'case.ts',
      code: `import * as net from 'node:net';
export class Relay {
  private pipeSocket(from: net.Socket, to: net.Socket) {
    from.on('data', (chunk) => { to.write(chunk); });
    from.on('close', () => { to.end(); });
    to.on('close', () => { from.end(); });
  }
}
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 3,
          column: 11,
          fixes: [
            `import * as net from 'node:net';
import { pipeline } from 'node:stream';
export class Relay {
  private pipeSocket(from: net.Socket, to: net.Socket) {
    const done = (err: NodeJS.ErrnoException | null) => {
      if (err) console.error('relay failed:', err.message);
      from.destroy();
      to.destroy();
    };
    pipeline(from, to, done);
  }
}
`,
            `import * as net from 'node:net';
export class Relay {
  private pipeSocket(from: net.Socket, to: net.Socket) {
    from.on('data', (chunk) => { to.write(chunk); });
    from.on('close', () => { to.end(); });
    to.on('close', () => { from.end(); });
${relayErrorListeners('from', 'to', '    ')}
    from.on('end', () => to.end());
${relayIdleTimeouts('from', 'to', '    ')}
  }
}
`,
          ],
        },
      ],
    },
    {
      name: "an 'upgrade' relay with the caller's socket (chained pipe): only this code can tear down the upstream socket",
      code: `const http = require('http');
function stream(req, socket, options) {
  const proxyReq = http.request(options);
  proxyReq.on('error', () => socket.destroy());
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', () => socket.destroy());
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  proxyReq.end();
}
module.exports = { stream };
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 7,
          column: 5,
          fixes: [
            `const http = require('http');
function stream(req, socket, options) {
  const proxyReq = http.request(options);
  proxyReq.on('error', () => socket.destroy());
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', () => socket.destroy());
    proxySocket.pipe(socket).pipe(proxySocket);
    socket.on('close', () => proxySocket.end());
  });
  proxyReq.end();
}
module.exports = { stream };
`,
          ],
        },
      ],
    },
    {
      name: "a CONNECT tunnel from a method's socket parameter; the connect callback returns the socket",
      code: `const net = require('net');
Proxy.prototype.onConnect = function (req, socket) {
  const conn = net.connect(8443, () => {
    socket.pipe(conn);
    conn.pipe(socket);
    return socket.resume();
  });
  conn.on('error', (err) => console.error(err));
  socket.on('error', (err) => console.error(err));
};
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 4,
          column: 5,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
Proxy.prototype.onConnect = function (req, socket) {
  const conn = net.connect(8443, () => {
    const done = (err) => {
      if (err) console.error('relay failed:', err.message);
      socket.destroy();
      conn.destroy();
    };
    pipeline(socket, conn, done);
    pipeline(conn, socket, done);
    return socket.resume();
  });
  conn.on('error', (err) => console.error(err));
  socket.on('error', (err) => console.error(err));
};
`,
            `const net = require('net');
Proxy.prototype.onConnect = function (req, socket) {
  const conn = net.connect(8443, () => {
    socket.pipe(conn);
    conn.pipe(socket);
    socket.on('close', () => conn.end());
    conn.on('close', () => socket.end());
    return socket.resume();
  });
  conn.on('error', (err) => console.error(err));
  socket.on('error', (err) => console.error(err));
};
`,
          ],
        },
      ],
    },
    {
      name: "an 'upgrade' relay whose ends are each handed alone to another module (http-proxy before #559): only this code can tear either down when the other fails",
      code: `const http = require('http');
const common = require('./common');
function stream(req, socket, options, server, clb) {
  common.setupSocket(socket);
  const proxyReq = http.request(options);
  proxyReq.on('error', onError);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', onError);
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    server.emit('proxySocket', proxySocket);
  });
  proxyReq.end();
  function onError(err) {
    if (clb) clb(err, req, socket);
    else server.emit('error', err, req, socket);
  }
}
module.exports = { stream };
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 10,
          column: 5,
          fixes: [
            `const http = require('http');
const common = require('./common');
function stream(req, socket, options, server, clb) {
  common.setupSocket(socket);
  const proxyReq = http.request(options);
  proxyReq.on('error', onError);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', onError);
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    socket.on('close', () => proxySocket.end());
    proxySocket.on('close', () => socket.end());
    server.emit('proxySocket', proxySocket);
  });
  proxyReq.end();
  function onError(err) {
    if (clb) clb(err, req, socket);
    else server.emit('error', err, req, socket);
  }
}
module.exports = { stream };
`,
          ],
        },
      ],
    },
    {
      name: 'a CONNECT listener bound with a leading argument (fn.bind(null, x)) in an ES5 http.Server subclass: its socket is the third parameter',
      code: `const util = require('util');
const http = require('http');
const Socks = require('socks');

function connectListener(getProxyInfo, request, socketRequest, head) {
  Socks.createConnection({ proxy: getProxyInfo(), command: 'connect' }, (error, socket) => {
    if (error) {
      socketRequest.write('HTTP/1.1 500 Connection error\\r\\n\\r\\n');
      return;
    }
    socket.pipe(socketRequest);
    socketRequest.pipe(socket);
    socket.write(head);
    socketRequest.write('HTTP/1.1 200 Connection established\\r\\n\\r\\n');
  });
}

function ProxyServer(options) {
  http.Server.call(this, () => {});
  this.addListener('connect', connectListener.bind(null, () => options.proxy));
}
util.inherits(ProxyServer, http.Server);
module.exports = { createServer: (options) => new ProxyServer(options) };
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 11,
          column: 5,
          fixes: [
            `const util = require('util');
const http = require('http');
const Socks = require('socks');
const { pipeline } = require('node:stream');

function connectListener(getProxyInfo, request, socketRequest, head) {
  Socks.createConnection({ proxy: getProxyInfo(), command: 'connect' }, (error, socket) => {
    if (error) {
      socketRequest.write('HTTP/1.1 500 Connection error\\r\\n\\r\\n');
      return;
    }
    const done = (err) => {
      if (err) console.error('relay failed:', err.message);
      socket.destroy();
      socketRequest.destroy();
    };
    pipeline(socket, socketRequest, done);
    pipeline(socketRequest, socket, done);
    socket.write(head);
    socketRequest.write('HTTP/1.1 200 Connection established\\r\\n\\r\\n');
  });
}

function ProxyServer(options) {
  http.Server.call(this, () => {});
  this.addListener('connect', connectListener.bind(null, () => options.proxy));
}
util.inherits(ProxyServer, http.Server);
module.exports = { createServer: (options) => new ProxyServer(options) };
`,
            `const util = require('util');
const http = require('http');
const Socks = require('socks');

function connectListener(getProxyInfo, request, socketRequest, head) {
  Socks.createConnection({ proxy: getProxyInfo(), command: 'connect' }, (error, socket) => {
    if (error) {
      socketRequest.write('HTTP/1.1 500 Connection error\\r\\n\\r\\n');
      return;
    }
    socket.pipe(socketRequest);
    socketRequest.pipe(socket);
    socketRequest.on('error', (err) => {
      console.error('relay error:', err.message);
      socket.destroy();
    });
    socket.on('close', () => socketRequest.end());
    socket.write(head);
    socketRequest.write('HTTP/1.1 200 Connection established\\r\\n\\r\\n');
  });
}

function ProxyServer(options) {
  http.Server.call(this, () => {});
  this.addListener('connect', connectListener.bind(null, () => options.proxy));
}
util.inherits(ProxyServer, http.Server);
module.exports = { createServer: (options) => new ProxyServer(options) };
`,
          ],
        },
      ],
    },
    {
      name: "an 'upgrade' listener bound with a leading argument: its third parameter is the server's socket, this code's to bound",
      code: `const http = require('http');
const net = require('net');
function onUpgrade(target, req, socket, head) {
  const upstream = net.connect(target.port);
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.pipe(upstream).pipe(socket);
}
const server = http.createServer();
server.on('upgrade', onUpgrade.bind(null, { port: 9000 }));
server.listen(8080);
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 7,
          column: 3,
          fixes: [
            `const http = require('http');
const net = require('net');
function onUpgrade(target, req, socket, head) {
  const upstream = net.connect(target.port);
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.pipe(upstream).pipe(socket);
  upstream.setTimeout(60000);
  upstream.on('timeout', () => upstream.destroy());
  socket.setTimeout(60000);
  socket.on('timeout', () => socket.destroy());
}
const server = http.createServer();
server.on('upgrade', onUpgrade.bind(null, { port: 9000 }));
server.listen(8080);
`,
          ],
        },
      ],
    },
    {
      name: 'a socket handed alone to another module still needs this code to tear down its peer',
      code: `const net = require('net');
const metrics = require('./metrics');
net.createServer((client) => {
  const upstream = net.connect(9000);
  metrics.watch(upstream);
  client.on('error', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
});
`,
      errors: [
        {
          messageId: 'incomplete',
          line: 7,
          fixes: [
            `const net = require('net');
const metrics = require('./metrics');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const upstream = net.connect(9000);
  metrics.watch(upstream);
  const done = (err) => {
    if (err) console.error('relay failed:', err.message);
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
});
`,
            `const net = require('net');
const metrics = require('./metrics');
net.createServer((client) => {
  const upstream = net.connect(9000);
  metrics.watch(upstream);
  client.on('error', () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
  upstream.on('close', () => client.end());
});
`,
          ],
        },
      ],
    },
  ],
});
describe('incomplete-socket-relay message', () => {
  it('lists what the incident 3 relay is missing', () => {
    const code = `const net = require('net');
function pipeSocket(from, to) {
  from.on('data', chunk => { to.write(chunk) });
  from.on('close', () => { to.destroy() });
}
net.createServer((client) => {
  const upstream = net.connect(9000, '127.0.0.1');
  pipeSocket(client, upstream);
}).listen(8000);
`;
    const [finding] = runRule(rule, { code });
    assert.equal(
      finding.message,
      "This socket relay is incomplete: a failed or idle peer leaves the other socket open forever. Missing: an 'error' listener on from and to; ending to when from ends; tearing down from when to closes or fails; an idle timeout.",
    );
  });
});

describe('incomplete-socket-relay with an end other code holds', () => {
  it("asks only for the tearing down of the peers, not for the caller's 'error' listener or a timeout", () => {
    const code = `const net = require('net');
function onConnect(req, socket) {
  const upstream = net.connect(443);
  upstream.on('error', () => {});
  upstream.setTimeout(30000, () => upstream.destroy());
  socket.pipe(upstream).pipe(socket);
}
module.exports = onConnect;
`;
    const [finding] = runRule(rule, { code });
    assert.equal(
      finding.message,
      'This socket relay is incomplete: a failed or idle peer leaves the other socket open forever. Missing: tearing down socket when upstream closes or fails; tearing down upstream when socket closes or fails.',
    );
  });
});

describe('incomplete-socket-relay with both ends out of sight, each handed over alone', () => {
  it("asks for the one teardown missing when the upstream's 'error' only hands the client socket to the caller's callback", () => {
    const code = `const http = require('http');
const common = require('./common');
function stream(req, socket, options, server, clb) {
  const proxyReq = http.request(options);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySocket.on('error', onOutgoingError);
    socket.on('error', () => proxySocket.end());
    common.setupSocket(proxySocket);
    proxySocket.pipe(socket).pipe(proxySocket);
    server.emit('proxySocket', proxySocket);
  });
  proxyReq.end();
  function onOutgoingError(err) {
    if (clb) clb(err, req, socket);
    else server.emit('error', err, req, socket);
  }
}
module.exports = { stream };
`;
    const [finding] = runRule(rule, { code });
    assert.equal(
      finding.message,
      'This socket relay is incomplete: a failed or idle peer leaves the other socket open forever. Missing: tearing down socket when proxySocket closes or fails.',
    );
  });
});

describe('incomplete-socket-relay names', () => {
  it('names an inline socket by its factory', () => {
    const code = `const net = require('net');\nnet.createServer((socket) => {\n  socket.pipe(net.connect(30012, 'localhost'));\n});\n`;
    const [finding] = runRule(rule, { code });
    assert.match(finding.message, /an 'error' listener on socket and the net\.connect\(\) socket/);
  });
});

describe('incomplete-socket-relay with stream.finished()', () => {
  it('asks only for the tearing down of the peers when the finished() callbacks only log', () => {
    const code = `const net = require('net');
const { finished } = require('stream');
net.createServer((socket) => {
  const up = net.connect(9000, () => {
    socket.pipe(up).pipe(socket);
  });
  finished(up, (err) => console.log('up done', err));
  finished(socket, (err) => console.log('client done', err));
  up.setTimeout(60000, () => up.destroy());
  socket.setTimeout(60000, () => socket.destroy());
}).listen(8000);
`;
    const [finding] = runRule(rule, { code });
    assert.match(finding.message, /Missing: tearing down socket when up closes or fails; tearing down up when socket closes or fails\.$/);
  });
});
