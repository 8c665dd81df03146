import rule from '../../server/src/rules/server-keepalive-below-proxy';
import * as assert from 'node:assert/strict';
import { ruleTests, runRule } from './ruleTester';
import { CLOSED_ON_SIGTERM, RANDOM_PORT_PROBE, expressInstaller, serverThatOpens, upgradeGateWith, metricsServer, METRICS_ON_APP } from './sharedCases';

const HTTP = `const http = require('http');\n`;

/**
 * bespoken's webhook manager: a server made with `creation`, kept in a field, that talks to each
 * connection itself (raw bytes back from 'data'); `extra` adds to its start().
 */
function rawSocketServer(creation: string, extra = ''): string {
  return `const http = require('http');
const https = require('https');
class WebhookManager {
  start(port) {
    const credentials = { cert: process.env.SSL_CERT, key: process.env.SSL_KEY };
    this.server = ${creation}.listen(port);
    this.server.on('connection', (socket) => {
      socket.on('data', (data) => socket.write('HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n'));
    });${extra}
  }
  stop() {
    this.server.close();
  }
}
module.exports = WebhookManager;
`;
}

/** ws's own server for its `port` option minified into a vendor bundle (monocart, chromatic); `answer` is its request handler's body. */
function minifiedWsServer(answer: string): string {
  return `const hr = require('http');
function ic(t, e) { for (const n of Object.keys(e)) t.on(n, e[n]); return () => {}; }
class Ju extends require('events').EventEmitter {
  constructor(e, t) {
    super();
    if (e.port != null ? (this._server = hr.createServer((r, i) => { let s = hr.STATUS_CODES[426]; ${answer} }), this._server.listen(e.port, e.host, e.backlog, t)) : e.server && (this._server = e.server), this._server) {
      this._removeListeners = ic(this._server, { upgrade: (i, s, o) => { this.handleUpgrade(i, s, o); } });
    }
  }
  handleUpgrade(i, s) { s.destroy(); }
}
module.exports = Ju;`;
}

/** ElevenLabs' speech-engine server: no request handler, only an 'upgrade' listener handing sockets to ws (`noServer`); `extra` adds code. */
function upgradeOnlyServer(extra = ''): string {
  return `const http = require('http');
const WebSocket = require('ws');
function start(port) {
  const httpServer = http.createServer();
  const wss = new WebSocket.Server({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    if (!req.headers.authorization) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });${extra}
  httpServer.listen(port);
}
module.exports = start;
`;
}

ruleTests(rule, {
  valid: [
    {
      // The same server minified into a vendor bundle (monocart-coverage-reports, chromatic): the
      // answers are one comma expression.
      name: "ws's own 426 server minified into a bundle, its answers joined by commas",
      code: minifiedWsServer('i.writeHead(426, { "Content-Length": s.length, "Content-Type": "text/plain" }), i.end(s);'),
    },
    {
      name: "a server made with no request handler whose only listener takes connections over on 'upgrade': no HTTP response ever finishes",
      code: upgradeOnlyServer(),
    },
    {
      name: "a server made with no request handler and given no 'request' listener, answering its connections with raw writes: no response finishes, keep-alive never starts (bespoken)",
      code: rawSocketServer('http.createServer()'),
    },
    {
      name: 'the same made with TLS options only (a variable holding an object)',
      code: rawSocketServer('https.createServer(credentials)'),
    },
    {
      name: "a Prometheus scrape endpoint: prom-client's registry on /metrics (fox-wamp's promstats)",
      code: metricsServer('prom-client', '/metrics'),
    },
    {
      name: 'a server that answers a fixed page, logging the request between its answers, and upgrades the rest (fox-wamp)',
      code: upgradeGateWith('console.log(req.headers);'),
    },
    {
      // (chrome-launcher's getRandomPort.)
      name: "a port probe: a server closed in its own 'listening' listener",
      code: RANDOM_PORT_PROBE,
    },
    {
      name: "ws's own server for its port option: every plain request is answered 426 Upgrade Required (the 'upgrade' listener is added through a helper)",
      code: `const http = require('http');
const { EventEmitter } = require('events');
function addListeners(server, map) {
  for (const event of Object.keys(map)) server.on(event, map[event]);
  return () => { for (const event of Object.keys(map)) server.removeListener(event, map[event]); };
}
class WebSocketServer extends EventEmitter {
  constructor(options, callback) {
    super();
    if (options.port != null) {
      this._server = http.createServer((req, res) => {
        const body = http.STATUS_CODES[426];
        res.writeHead(426, { 'Content-Length': body.length, 'Content-Type': 'text/plain' });
        res.end(body);
      });
      this._server.listen(options.port, options.host, options.backlog, callback);
    }
    if (this._server) {
      this._removeListeners = addListeners(this._server, {
        upgrade: (req, socket, head) => this.handleUpgrade(req, socket, head),
      });
    }
  }
  handleUpgrade(req, socket, head) {
    socket.destroy();
  }
}
module.exports = WebSocketServer;`,
    },
    {
      // @discordjs/uws keeps its 'upgrade' listener in a field as it adds it, to remove it on close.
      name: "an upgrade-only server whose 'upgrade' listener is kept in a field as it is added",
      code: `const http = require('http');
class WebSocketServer {
  constructor(options, callback) {
    this.httpServer = options.server ? options.server : http.createServer((request, response) => {
      response.end();
    });
    this.httpServer.on('upgrade', this._upgradeListener = ((request, socket, head) => {
      if (options.verifyClient(request)) this.handleUpgrade(request, socket, head, callback);
      else socket.destroy();
    }));
    if (options.port) this.httpServer.listen(options.port);
  }
  handleUpgrade(request, socket, head, cb) {
    cb(socket);
  }
  close() {
    this.httpServer.removeListener('upgrade', this._upgradeListener);
  }
}
module.exports = WebSocketServer;`,
    },
    {
      // y-webrtc's signaling server: its HTTP side answers a health check and hands every other connection to ws.
      name: 'an http server that answers at once with constants and upgrades the rest to WebSocket',
      filename: 'server.mjs',
      code: `import { WebSocketServer } from 'ws';
import http from 'http';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(process.env.PORT || 4444);`,
    },
    {
      name: "an http server whose 'request' listener only sets a status and ends, and that upgrades the rest",
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('request', (req, res) => { res.statusCode = 426; res.end(); });
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send('hi')));
server.listen(8080);`,
    },
    {
      name: 'a function that takes an http server by its type and sets keepAliveTimeout with its other timeouts',
      filename: 'utils.ts',
      code: `import type { Server } from 'node:http';
export function tune(server: Server, ms: number): void {
  server.setTimeout(ms);
  server.keepAliveTimeout = 65000;
}`,
    },
    {
      name: 'a function that takes an http server by its type and hands it on after setting a timeout: the callee may set the rest',
      filename: 'utils.ts',
      code: `import type { Server } from 'node:http';
import { finishSetup } from './setup';
export function tune(server: Server, ms: number): void {
  server.setTimeout(ms);
  finishSetup(server);
}`,
    },
    {
      name: 'an untyped server parameter given a timeout: not known to be an http server',
      code: `function tune(server, ms) {
  server.setTimeout(ms);
}
module.exports = tune;`,
    },
    {
      name: 'a server returned in an object before this code tunes any timeout: the caller decides them',
      filename: 'webserver.ts',
      code: `import { createServer as createHttpServer } from 'http';
import { createServer as createHttpsServer } from 'https';
export const run = (isHttp: boolean, port: number, app: any) => {
  const server = isHttp ? createHttpServer(app) : createHttpsServer({}, app);
  server.listen(port);
  return { app, server };
};`,
    },
    {
      name: 'a server made for a ws WebSocketServer alone (no request handler): upgraded connections are no idle HTTP keep-alive',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const server = http.createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.listen(3003);`,
    },
    {
      name: 'an app server given to ws and to another module (socket.io): that module may set its timeouts',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const app = require('express')();
const server = http.createServer(app);
const wss = new WebSocketServer({ server: server, path: '/ws' });
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
require('socket.io')(server);
server.listen(3003);`,
    },
    {
      name: "an app server given as { server } to another module's constructor: not ws, a hand-off",
      code: `const http = require('http');
const { Gateway } = require('./gateway');
const app = require('express')();
const server = http.createServer(app);
new Gateway({ server });
server.listen(3003);`,
    },
    {
      name: "a forward proxy (a 'connect' listener): its clients reach it directly, no load balancer reuses its connections",
      code: `const http = require('http');
const net = require('net');
const server = new http.Server();
server.on('request', (req, res) => { res.end('ok'); });
server.on('connect', (req, clientSocket, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', () => upstream.destroy());
});
server.listen(8001);`,
    },
    {
      name: 'a free-port probe: the server is closed in its own listen callback',
      code: `const http = require('http');
function freePort() {
  return new Promise((resolve) => {
    const probe = http.createServer();
    probe.listen(0, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
module.exports = freePort;`,
    },
    {
      name: 'a feature probe: a property is read off a new server that is dropped (greenlock-express)',
      code: `var hasSetSecureContext = !!require('https').createServer({}, function () {}).setSecureContext;
module.exports = hasSetSecureContext;`,
    },
    // Servers no proxy is configured in front of (fresh-tuning review, shape 1): an ephemeral port
    {
      name: 'a load-test target on port 0: only the program learns its port (autocannon samples)',
      code: `${HTTP}const autocannon = require('autocannon');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, () => {
  autocannon({ url: 'http://localhost:' + server.address().port });
});
`,
    },
    {
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(onListening);\nfunction onListening() {}\n`,
      name: 'listen(callback): no port given',
    },
    {
      code: `${HTTP}http.createServer((req, res) => res.end()).listen({ port: 0, host: '127.0.0.1' });\n`,
      name: 'listen({ port: 0 }) chained on createServer',
    },
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen();\n`, name: 'listen() with no arguments' },
    {
      code: `const express = require('express');\nconst app = express();\nconst server = app.listen(0, () => console.log(server.address().port));\n`,
      name: 'express app.listen(0)',
    },
    // A one-shot server (shape 2): its own request handler closes it
    {
      name: 'a local OAuth callback server closed by its own handler, in a branch and a timer (MCP SDK example)',
      code: `const { createServer } = require('node:http');
function waitForOAuthCallback() {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const code = new URL(req.url, 'http://localhost').searchParams.get('code');
      if (code) {
        res.end('done');
        resolve(code);
        setTimeout(() => server.close(), 3000);
      } else {
        res.writeHead(400);
        res.end();
      }
    });
    server.listen(8090);
  });
}
module.exports = waitForOAuthCallback;
`,
    },
    {
      name: "a one-shot server closed in its 'request' listener",
      code: `${HTTP}const server = http.createServer();\nserver.on('request', function (req, res) {\n  res.end();\n  server.close();\n});\nserver.listen(8090);\n`,
    },
    // From the corpus review (FP1): a node:test server in a test file by path
    {
      code: `const http = require('node:http');
const { test } = require('node:test');
test('maps request', async (t) => {
  const server = http.createServer((req, res) => res.end('ok'));
  server.listen(0, () => {
    http.get(server.address()).on('error', () => {});
  });
  t.after(() => server.close());
});
`,
      filename: 'test/req.test.js',
    },
    { code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`, filename: 'spec/server.js', name: 'a spec/ folder (localtunnel)' },
    { code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`, filename: 'test.js', name: "a package's test.js" },
    // NestJS: the server awaited from app.listen() is the application's (districtbuilder, after its fix)
    {
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const server = await app.listen(3005);
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;
}
bootstrap();
`,
      filename: 'case.ts',
    },
    // Tests are not production (issue 9, shape 10)
    {
      code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`,
      filename: 'tests/proxy.test.js',
      name: 'a test server has no proxy in front of it',
    },
    { code: `import { it } from 'vitest';\n${HTTP}it('answers', () => {\n  http.createServer().listen(0);\n});\n`, filename: 'src/answer.ts' },
    // Framework servers (issue 9, shape 5)
    {
      code: `const fastify = require('fastify')();
fastify.listen({ port: 3000 });
`,
      name: "fastify's own keepAliveTimeout (72 s) is above the proxy's",
    },
    `const express = require('express');
const app = express();
const server = app.listen(3000);
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
`,
    `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
server.listener.keepAliveTimeout = 70000;
server.start();
`,
    `const { NestFactory } = require('@nestjs/core');
async function main() {
  const app = await NestFactory.create(AppModule);
  const server = app.getHttpServer();
  server.keepAliveTimeout = 70000;
  await app.listen(3000);
}
`,
    {
      code: `const express = require('express');
const app = express();
module.exports = app;
`,
      name: 'an express app never listened on here makes no server here',
    },
    // Options through variables (shape 4)
    `${HTTP}const base = { keepAliveTimeout: 70000, headersTimeout: 71000 };\nhttp.createServer({ ...base }, (req, res) => res.end()).listen(3000);\n`,
    `${HTTP}var options = Object.assign({}, { keepAliveTimeout: 70000 });\nhttp.createServer(options, (req, res) => res.end()).listen(3000);\n`,
    // set by assignment after creation, above the proxy's 60 s
    `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\nserver.listen(3000);\n`,
    `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 61 * 1000;\n`,
    // set in the options object
    {
      code: `import http from 'node:http';
http.createServer({ keepAliveTimeout: 75000 }, (req, res) => res.end()).listen(3000);
`,
      filename: 'case.ts',
    },
    // a same-file constant
    `${HTTP}const KEEP_ALIVE_MS = 65000;\nconst server = http.createServer();\nserver.keepAliveTimeout = KEEP_ALIVE_MS;\n`,
    // 0 switches the keep-alive timeout off
    `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 0;\n`,
    // proxyIdleTimeoutMs: 0 turns the rule off (not behind a proxy)
    { code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`, options: { proxyIdleTimeoutMs: 0 } },
    // a proxy with a shorter idle timeout than Node's 5 s
    { code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`, options: { proxyIdleTimeoutMs: 4000 } },
    { code: `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 35000;\n`, options: { proxyIdleTimeoutMs: 30000 } },
    // a value the analysis cannot see
    `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = Number(process.env.KEEP_ALIVE_MS);\n`,
    `${HTTP}function serve(options) {\n  return http.createServer(options).listen(3000);\n}\n`,
    // escapes: configured elsewhere
    `${HTTP}const server = http.createServer();\nexport default server;\n`,
    `${HTTP}const server = http.createServer();\nrequire('./tuning').apply(server);\n`,
    // set in a same-file function the server is passed to
    `${HTTP}function tune(s) {\n  s.keepAliveTimeout = 65000;\n}\nconst server = http.createServer();\ntune(server);\n`,
    {
      name: 'Fastify sets its own keepAliveTimeout from its options',
      code: `const fastify = require('fastify');
const app = fastify({ keepAliveTimeout: 72000 });
app.listen({ port: 3000 });
`,
    },
    {
      name: 'net servers do not speak HTTP keep-alive',
      code: `const net = require('net');
net.createServer((s) => s.end()).listen(3000);
`,
    },
    // a server made only to read Node's defaults serves nothing
    `${HTTP}const ref = http.createServer();\nconsole.log(ref.keepAliveTimeout);\n`,
    {
      name: 'a tuned server also given to functions of other modules (a CONNECT handler installed elsewhere: whistle)',
      code: `${HTTP}const tunnelProxy = require('./tunnel');
function proxy(callback) {
  const server = http.createServer();
  server.timeout = 360000;
  server.requestTimeout = 0;
  tunnelProxy(server);
  server.listen(8899, callback);
  return server;
}
module.exports = proxy;
`,
    },
    {
      name: 'a tuned server returned but started by the caller, on a port it picks (peerflix)',
      code: `${HTTP}module.exports = function createServer(onRequest) {
  const server = http.createServer(onRequest);
  server.on('connection', (socket) => socket.setTimeout(36000000));
  return server;
};
`,
    },
    {
      name: 'a started server returned, whose timeouts the file never sets: the caller may set them',
      code: `${HTTP}module.exports = function start(app, port) {
  const server = http.createServer(app);
  server.listen(port);
  return server;
};
`,
    },
    {
      name: 'a one-shot installer whose express route handler, a named function registered with app.post, closes the server (NodeBB)',
      code: expressInstaller('server'),
    },
    {
      name: "a local tool that opens the user's browser at its server (hads: require('open'))",
      code: serverThatOpens(`const open = require('open');`),
    },
    {
      name: 'a dev server that opens the browser with opn (angular-http-server)',
      code: serverThatOpens(`const open = require('opn');`),
    },
    {
      name: "a server that opens the browser through require('open')(url) inline",
      code: serverThatOpens(`const unused = 0;`).replace('() => open(', "() => require('open')("),
    },
    {
      name: 'a server that opens the browser with an opener imported as a module, the name spaced out (import open from "better-opn")',
      code: serverThatOpens(`const unused = 0;`).replace('const unused = 0;', 'import open from "better-opn";'),
    },
    {
      name: "a server that opens the browser through await import('open')",
      code: serverThatOpens(`const unused = 0;`).replace('() => open(', "async () => (await import( 'open' )).default("),
    },
    {
      name: "a server that opens the browser through TypeScript's CommonJS output ((0, open_1.default)(url))",
      code: serverThatOpens(`const open_1 = __importDefault(require("open"));`).replace('() => open(', '() => (0, open_1.default)('),
    },
  ],
  invalid: [
    {
      name: 'a minified server whose comma-joined handler serves a file, not a fixed answer',
      code: minifiedWsServer('i.writeHead(200), i.end(require("fs").readFileSync("index.html"));'),
      errors: [{ messageId: 'defaultKeepAlive', line: 6 }],
    },
    {
      name: "the same upgrade server also given a 'request' listener: its responses start keep-alive",
      code: upgradeOnlyServer("\n  httpServer.on('request', (req, res) => res.end(JSON.stringify(process.memoryUsage())));"),
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: "the same server given a 'request' listener: it answers over HTTP",
      code: rawSocketServer('http.createServer()', "\n    this.server.on('request', (req, res) => res.end('ok'));"),
      errors: [{ messageId: 'defaultKeepAlive', line: 6 }],
    },
    {
      name: 'the same server made with a request handler',
      code: rawSocketServer('http.createServer((req, res) => load(req).then((body) => res.end(body)))'),
      errors: [{ messageId: 'defaultKeepAlive', line: 6 }],
    },
    {
      name: 'a server of a file that loads prom-client but serves another path: not a scrape endpoint as far as the code shows',
      code: metricsServer('prom-client', '/stats'),
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    {
      name: "an application's server that also serves /metrics: its API is behind the proxy",
      code: METRICS_ON_APP,
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: 'the same gate recording each request in a store between its answers: not a fixed answer',
      code: upgradeGateWith('visits.record(req.headers);'),
      errors: [{ messageId: 'defaultKeepAlive', line: 5 }],
    },
    {
      name: 'a server whose file calls an open() that is not a browser opener (fs/promises)',
      code: serverThatOpens(`const { open } = require('fs/promises');`),
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    {
      name: 'an express route handler that closes another server: the one app.listen() started stays',
      code: expressInstaller('admin'),
      errors: [{ messageId: 'defaultKeepAlive', line: 5 }],
    },
    {
      name: 'a server that answers every request at once with 404: it still serves plain HTTP on kept-alive connections',
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
});
server.listen(8080);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: "a 'listening' listener that only closes the server on SIGTERM: a long-lived server",
      code: CLOSED_ON_SIGTERM,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: 'an http server that upgrades to WebSocket but also serves a file: its HTTP side is real',
      filename: 'server.mjs',
      code: `import { WebSocketServer } from 'ws';
import http from 'http';
import fs from 'fs';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html' });
  fs.createReadStream('index.html').pipe(response);
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(4444);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 5 }],
    },
    {
      name: "an http server that answers at once with constants but upgrades nothing: a service's health endpoint",
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(200);
  res.end('okay');
});
server.listen(4444);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: 'an http server that upgrades to WebSocket and answers with computed state',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((req, res) => {
  res.end(JSON.stringify(stats()));
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => {}));
server.listen(4444);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: "a server wrapped by http-shutdown or stoppable is the same server (Artsy's metaphysics)",
      code: `const app = require('express')();
const http = require('http');
let server;
app.get('/health', (req, res) => res.send('ok'));
function boot(port) {
  server = require('http-shutdown')(app.listen(port, () => console.log('listening')));
}
const admin = require('stoppable')(http.createServer((req, res) => res.end('ok')));
admin.listen(9090);
boot(3000);
process.on('SIGTERM', () => server.shutdown(() => process.exit(0)));`,
      errors: [
        { messageId: 'defaultKeepAlive', line: 6 },
        { messageId: 'defaultKeepAlive', line: 8 },
      ],
    },
    {
      // hiero-json-rpc-relay: the server's timeouts are decided in a helper that takes it by its type.
      name: 'a function that takes an http server by its type and sets its timeouts, keepAliveTimeout left out',
      filename: 'utils.ts',
      code: `import type { Server } from 'node:http';
export function tune(server: Server, ms: number): void {
  server.setTimeout(ms);
  server.requestTimeout = 600000;
}`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
      output: `import type { Server } from 'node:http';
export function tune(server: Server, ms: number): void {
  server.setTimeout(ms);
  server.requestTimeout = 600000;
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;
}`,
    },
    {
      // snyk/broker: factories imported under other names; the tuned, started server is returned in an object.
      name: 'a server made by a renamed createServer import, tuned and started here, returned with the app in an object',
      filename: 'webserver.ts',
      code: `import { createServer as createHttpServer } from 'http';
import { createServer as createHttpsServer } from 'https';
export const run = (isHttp: boolean, port: number, app: any) => {
  const server = isHttp ? createHttpServer(app) : createHttpsServer({}, app);
  server.requestTimeout = 600000;
  server.listen(port);
  return { app, server };
};`,
      errors: [
        { messageId: 'defaultKeepAlive', line: 4 },
        { messageId: 'defaultKeepAlive', line: 4 },
      ],
    },
    {
      name: "require('http').Server(app) without new: an http server like createServer(app)",
      code: `var app = require('express')();
var http = require('http').Server(app);
http.listen(3000);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      // ws only listens for 'upgrade', 'listening' and 'error' on the server it is given (nango's API server).
      name: 'an app server also given to a ws WebSocketServer as { server }: ws leaves its timeouts alone',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const app = require('express')();
const server = http.createServer(app);
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.listen(3003);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: "a server with an 'upgrade' listener (WebSocket) is no forward proxy: it sits behind the load balancer",
      code: `const http = require('http');
const net = require('net');
const server = new http.Server();
server.on('request', (req, res) => { res.end('ok'); });
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  socket.end();
});
server.listen(8001);`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    // Next to the ephemeral-port and one-shot shapes, servers on a port others are told still count
    {
      // A byte relay is transparent: when the inner server closes an idle connection, `p.pipe(s)`
      // ends the client's socket, so a proxy in front of the relay meets the same early close.
      name: "an inner server reached through the program's own per-connection relay (@web/dev-server)",
      code: `${HTTP}const net = require('net');
const inner = http.createServer((req, res) => res.end());
net.createServer((s) => {
  const p = net.createConnection(8081);
  s.pipe(p).pipe(s);
}).listen(8080);
inner.listen(8081);
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    {
      name: 'a fixed port: a proxy can be configured with it',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000, () => console.log(server.address().port));\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: 'a port from the environment (0 only as a fallback the analysis cannot rule out)',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(process.env.PORT || 0);\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: 'one listen() on port 0 and another on a fixed port',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nif (process.env.DEV) server.listen(0);\nelse server.listen(8080);\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    {
      name: 'listen({ port: 8080 }) and a Unix socket path',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen({ port: 8080 });\nhttp.createServer((req, res) => res.end()).listen('/run/app.sock');\n`,
      errors: [
        { messageId: 'defaultKeepAlive', line: 2 },
        { messageId: 'defaultKeepAlive', line: 3 },
      ],
    },
    {
      name: 'express app.listen(process.env.PORT)',
      code: `const express = require('express');\nconst app = express();\napp.listen(process.env.PORT);\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    {
      name: 'a handler that closes another server, not its own',
      code: `${HTTP}const admin = http.createServer();\nconst server = http.createServer((req, res) => {\n  res.end();\n  admin.close();\n});\nserver.listen(3000);\nadmin.listen(0);\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    // From the real-fixes and corpus reviews (issue 9, shapes 1 and 5)
    {
      name: 'NestJS: app.listen() kept but never configured (districtbuilder, before its fix)',
      filename: 'case.ts',
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const server = await app.listen(3005);
  console.log(server.address());
}
bootstrap();
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: 'a server module chosen by a fallback: opts.serverModule || http (redbird)',
      code: `${HTTP}function front(opts) {\n  const mod = opts.serverModule || http;\n  const server = mod.createServer((req, res) => res.end());\n  server.listen(8080);\n}\n`,
      errors: [{ messageId: 'defaultKeepAlive', line: 4 }],
    },
    {
      name: 'a server whose connections get an idle timeout here, started and resolved to the caller (appium-base-driver)',
      code: `${HTTP}function server(app, port) {
  const httpServer = http.createServer(app);
  const close = httpServer.close.bind(httpServer);
  httpServer.close = () => new Promise((resolve) => close(resolve));
  return new Promise((resolve, reject) => {
    httpServer.on('error', reject);
    httpServer.on('connection', (socket) => {
      socket.setTimeout(600 * 1000);
      socket.on('error', reject);
    });
    httpServer.listen(port, () => resolve(httpServer));
  });
}
module.exports = server;
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
      output: `${HTTP}function server(app, port) {
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65000;
  httpServer.headersTimeout = 66000;
  const close = httpServer.close.bind(httpServer);
  httpServer.close = () => new Promise((resolve) => close(resolve));
  return new Promise((resolve, reject) => {
    httpServer.on('error', reject);
    httpServer.on('connection', (socket) => {
      socket.setTimeout(600 * 1000);
      socket.on('error', reject);
    });
    httpServer.listen(port, () => resolve(httpServer));
  });
}
module.exports = server;
`,
    },
    {
      name: 'server.timeout set here, started and returned (the code that decides its timeouts left keepAliveTimeout out)',
      code: `${HTTP}async function startServer(app, config) {
  const server = http.createServer(app);
  server.listen(config.serverPort);
  server.timeout = 600000;
  await new Promise((resolve) => server.on('listening', resolve));
  return server;
}
module.exports = { startServer };
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
    },
    // Tests are not production (shape 10)
    {
      name: 'a test-looking name that is not a test file',
      code: `${HTTP}const server = http.createServer();\nserver.listen(3000);\n`,
      filename: 'src/testing.js',
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
    },
    // Framework servers (issue 9, shape 5)
    {
      name: 'express: const server = app.listen() (untyped JS, no http import)',
      code: `const express = require('express');
const app = express();
const server = app.listen(3000);
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3, column: 20 }],
      output: `const express = require('express');
const app = express();
const server = app.listen(3000);
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
`,
    },
    {
      name: 'express: app.listen() whose result is not kept is reported without a fix',
      code: `const express = require('express');
const app = express();
app.listen(3000);
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
      output: null,
    },
    {
      name: 'hapi: the fix sets server.listener',
      code: `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
server.start();
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 2 }],
      output: `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
server.listener.keepAliveTimeout = 65000;
server.listener.headersTimeout = 66000;
server.start();
`,
    },
    {
      name: "fastify's keepAliveTimeout option below the proxy's: no headersTimeout added to fastify's options",
      code: `const fastify = require('fastify')({ keepAliveTimeout: 5000 });
fastify.listen({ port: 3000 });
`,
      errors: [{ messageId: 'lowKeepAlive', line: 1 }],
      output: `const fastify = require('fastify')({ keepAliveTimeout: 65000 });
fastify.listen({ port: 3000 });
`,
    },
    {
      name: 'fastify: keepAliveTimeout lowered on fastify.server',
      code: `const Fastify = require('fastify');
const app = Fastify();
app.server.keepAliveTimeout = 5000;
`,
      errors: [{ messageId: 'lowKeepAlive', line: 3 }],
    },
    {
      name: 'NestJS: the fix sets app.getHttpServer()',
      code: `const { NestFactory } = require('@nestjs/core');
async function main() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3 }],
      output: `const { NestFactory } = require('@nestjs/core');
async function main() {
  const app = await NestFactory.create(AppModule);
  app.getHttpServer().keepAliveTimeout = 65000;
  app.getHttpServer().headersTimeout = 66000;
  await app.listen(3000);
}
`,
    },
    // Options through variables (shape 4)
    {
      name: 'keepAliveTimeout from a let never reassigned',
      code: `${HTTP}let opts = { keepAliveTimeout: 5000 };\nhttp.createServer(opts, (req, res) => res.end()).listen(3000);\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 2 }],
    },
    {
      name: 'keepAliveTimeout from a same-file function building the options',
      code: `${HTTP}function serverOptions() {\n  return { keepAliveTimeout: 30000 };\n}\nhttp.createServer(serverOptions(), (req, res) => res.end()).listen(3000);\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 3 }],
    },
    {
      name: "Node's 5 s default behind a 60 s proxy",
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`,
      errors: [
        {
          messageId: 'defaultKeepAlive',
          line: 2,
          column: 16,
          fixes: [
            `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\nserver.listen(3000);\n`,
          ],
        },
      ],
    },
    {
      name: 'assigned below the proxy: the assignment is reported and rewritten',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 30000;\nserver.listen(3000);\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 3, column: 1 }],
      output: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\nserver.listen(3000);\n`,
    },
    {
      name: 'equal to the proxy is not enough',
      code: `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 60000;\nserver.headersTimeout = 61000;\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 3 }],
      output: `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\n`,
    },
    {
      name: 'headersTimeout already above the new keepAliveTimeout is kept',
      code: `${HTTP}const server = http.createServer();\nserver.headersTimeout = 120000;\nserver.keepAliveTimeout = 5000;\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 4 }],
      output: `${HTTP}const server = http.createServer();\nserver.headersTimeout = 120000;\nserver.keepAliveTimeout = 65000;\n`,
    },
    {
      name: 'in the options object: the value is replaced and headersTimeout added next to it',
      code: `import * as http from 'node:http';
const server = http.createServer({ keepAliveTimeout: 10000 }, (req, res) => res.end());
server.listen(3000);
`,
      filename: 'case.ts',
      errors: [{ messageId: 'lowKeepAlive', line: 2, column: 36 }],
      output: `import * as http from 'node:http';
const server = http.createServer({ keepAliveTimeout: 65000, headersTimeout: 66000 }, (req, res) => res.end());
server.listen(3000);
`,
    },
    {
      name: 'headersTimeout stays within requestTimeout (createServer options throw otherwise)',
      code: `import * as http from 'node:http';
http.createServer({ requestTimeout: 62000 }, (req, res) => res.end()).listen(3000);
`,
      filename: 'case.ts',
      errors: [{ messageId: 'defaultKeepAlive', line: 2, column: 1 }],
      output: `import * as http from 'node:http';
http.createServer({ requestTimeout: 62000, keepAliveTimeout: 65000, headersTimeout: 61000 }, (req, res) => res.end()).listen(3000);
`,
    },
    {
      name: 'no variable and no options: an options object is added (Node 18+)',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000);\n`,
      errors: [{ messageId: 'defaultKeepAlive' }],
      output: `${HTTP}http.createServer({ keepAliveTimeout: 65000, headersTimeout: 66000 }, (req, res) => res.end()).listen(3000);\n`,
    },
    {
      name: 'no variable on Node 16: no options to edit, no fix',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000);\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'defaultKeepAlive' }],
      output: null,
    },
    {
      name: 'proxyIdleTimeoutMs from configuration (ALB set to 120 s)',
      code: `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 65000;\n`,
      options: { proxyIdleTimeoutMs: 120000 },
      errors: [{ messageId: 'lowKeepAlive' }],
      output: `${HTTP}const server = http.createServer();\nserver.keepAliveTimeout = 125000;\nserver.headersTimeout = 126000;\n`,
    },
    {
      name: 'https server in TypeScript, double quotes, no semicolons, 4-space indent',
      filename: 'case.ts',
      code: `import https from "node:https"
import { readFileSync } from "node:fs"

export function start(): void {
    const server = https.createServer({ key: readFileSync("k"), cert: readFileSync("c") }, (req, res) => res.end())
    server.listen(443)
}
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 5 }],
      output: `import https from "node:https"
import { readFileSync } from "node:fs"

export function start(): void {
    const server = https.createServer({ key: readFileSync("k"), cert: readFileSync("c") }, (req, res) => res.end())
    server.keepAliveTimeout = 65000
    server.headersTimeout = 66000
    server.listen(443)
}
`,
    },
    {
      name: 'an express app given to createServer (untyped JS), assigned by a compound expression',
      code: `${HTTP}const app = require('express')();\nconst server = http.createServer(app);\nserver.keepAliveTimeout = 30 * 1000;\nserver.listen(8080);\n`,
      errors: [{ messageId: 'lowKeepAlive', line: 4 }],
      output: `${HTTP}const app = require('express')();\nconst server = http.createServer(app);\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 66000;\nserver.listen(8080);\n`,
    },
    {
      name: 'an app.listen() that returns the http.Server',
      filename: 'case.ts',
      code: `import type { Server } from 'http';
declare const app: { listen(port: number): Server };
const server = app.listen(3000);
`,
      errors: [{ messageId: 'defaultKeepAlive', line: 3, column: 20 }],
      output: `import type { Server } from 'http';
declare const app: { listen(port: number): Server };
const server = app.listen(3000);
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
`,
    },
  ],
});

// A framework application made in another module of the project (issue 9 review, shape 4; skuba's
// express template): `import app from './app'; app.listen(port)`. The importing file names `http`:
// a file that names no networking or framework module is skipped before analysis.
describe('server-keepalive-below-proxy: an application imported from the project', () => {
  const findings = (files: Array<[string, string]>) => {
    for (const [filename, code] of files.slice(0, -1)) runRule(rule, { code, filename });
    const [filename, code] = files[files.length - 1];
    return runRule(rule, { code, filename }).map((f) => `${f.line}:${f.messageId}`);
  };

  it('follows `import app from` to `export default` of an express app', () => {
    const got = findings([
      ['shape4/app.ts', `import express from 'express';\nconst app = express();\napp.get('/', (_req, res) => res.send('ok'));\nexport default app;\n`],
      [
        'shape4/listen.ts',
        `import type { Server } from 'http';\nimport app from './app';\nconst listener: Server = app.listen(Number(process.env.PORT), () => console.log(listener.address()));\n`,
      ],
    ]);
    assert.deepEqual(got, ['3:defaultKeepAlive']);
  });

  it('follows a named import of `export const app = new Koa()`', () => {
    const got = findings([
      ['shape4/named.ts', `import Koa from 'koa';\nexport const app = new Koa();\n`],
      ['shape4/main.ts', `import type { Server } from 'http';\nimport { app } from './named';\nexport const port = 8080;\napp.listen(port);\n`],
    ]);
    assert.deepEqual(got, ['4:defaultKeepAlive']);
  });

  it('follows `require()` to `module.exports = new Koa()`', () => {
    const got = findings([
      ['shape4/koa-app.js', `const Koa = require('koa');\nmodule.exports = new Koa();\n`],
      ['shape4/index.js', `require('http');\nconst app = require('./koa-app');\napp.listen(8080);\n`],
    ]);
    assert.deepEqual(got, ['3:defaultKeepAlive']);
  });

  it('follows compiled TypeScript: `app_1.default.listen()` to `exports.default = app`', () => {
    const got = findings([
      [
        'shape4/dist/app.js',
        `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst express_1 = __importDefault(require("express"));\nconst app = (0, express_1.default)();\nexports.default = app;\n`,
      ],
      [
        'shape4/dist/listen.js',
        `"use strict";\nrequire("http");\nconst app_1 = __importDefault(require("./app"));\nconst listener = app_1.default.listen(8001);\nconst wrapped = someWrapper(require("./app"));\nwrapped.default.listen(8002);\n`,
      ],
    ]);
    assert.deepEqual(got, ['4:defaultKeepAlive']);
  });

  it('an imported application on an ephemeral port is not reported', () => {
    const got = findings([
      ['shape4/app0.ts', `import express from 'express';\nexport default express();\n`],
      [
        'shape4/listen0.ts',
        `import type { Server } from 'http';\nimport app from './app0';\nconst s: Server = app.listen(0, () => console.log(s.address()));\n`,
      ],
    ]);
    assert.deepEqual(got, []);
  });

  it('a module that exports something other than a framework application is not followed into a finding', () => {
    const got = findings([
      ['shape4/plain.ts', `export default { listen(port: number) { return port; } };\n`],
      ['shape4/listen-plain.ts', `import type { Server } from 'http';\nimport app from './plain';\napp.listen(3000);\n`],
    ]);
    assert.deepEqual(got, []);
  });
});
