import rule from '../../server/src/rules/default-server-timeout';
import * as assert from 'node:assert/strict';
import { ruleTests, runRule } from './ruleTester';
import { CLOSED_ON_SIGTERM, RANDOM_PORT_PROBE, expressInstaller, serverThatOpens, upgradeGateWith, metricsServer, METRICS_ON_APP } from './sharedCases';

const HTTP = `const http = require('http');\n`;

ruleTests(rule, {
  valid: [
    {
      name: "a Prometheus scrape endpoint: prom-client's registry on /metrics (fox-wamp's promstats)",
      code: metricsServer('prom-client', '/metrics'),
      nodeVersion: '10',
    },
    {
      name: 'a server that answers a fixed page, logging the request between its answers, and upgrades the rest (fox-wamp)',
      code: upgradeGateWith('console.log(req.headers);'),
      nodeVersion: '10',
    },
    {
      name: 'createServer(options from elsewhere, app): the options may set the timeout, so nothing is known',
      nodeVersion: '10',
      code: `const http = require('http');
const express = require('express');
const app = express();
const server = http.createServer(loadServerOptions(), app);
server.listen(8080);`,
    },
    {
      // (chrome-launcher's getRandomPort.)
      name: "a port probe: a server closed in its own 'listening' listener",
      nodeVersion: '10',
      code: RANDOM_PORT_PROBE,
    },
    {
      name: 'an http server that answers at once with constants and upgrades nothing on Node 10: no response to cut',
      nodeVersion: '10',
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(200);
  res.end('okay');
});
server.listen(4444);`,
    },
    {
      // (es-dev-server's https redirect server.)
      name: 'a redirect server on Node 10: its handler answers before it returns, computing only from the request',
      nodeVersion: '10',
      code: `const http = require('http');
function httpsRedirect(req, res) {
  const { host } = req.headers;
  res.writeHead(301, { Location: \`https://\${host}\${req.url}\` });
  res.end();
}
const redirectServer = http.createServer(httpsRedirect);
redirectServer.listen(8080);`,
    },
    {
      name: "a 'request' listener that sets the status and ends with a fixed body on Node 8",
      nodeVersion: '8',
      code: `const http = require('http');
const server = http.createServer();
server.on('request', (req, res) => {
  res.statusCode = 204;
  res.end();
});
server.listen(8080);`,
    },
    {
      // y-webrtc's signaling server: its HTTP side answers a health check and hands every other connection to ws.
      name: 'an http server that answers at once with constants and upgrades the rest to WebSocket',
      filename: 'server.mjs',
      nodeVersion: '10',
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
      nodeVersion: '10',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('request', (req, res) => { res.statusCode = 426; res.end(); });
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send('hi')));
server.listen(8080);`,
    },
    {
      name: "a forward proxy (a 'connect' listener) on Node 4: no proxy in front answers 502 when the idle cut comes",
      nodeVersion: '4',
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
      nodeVersion: '10',
    },
    {
      name: 'a feature probe: a property is read off a new server that is dropped (greenlock-express)',
      code: `var hasSetSecureContext = !!require('https').createServer({}, function () {}).setSecureContext;
module.exports = hasSetSecureContext;`,
      nodeVersion: '10',
    },
    // Servers no untrusted client reaches (fresh-tuning review, shapes 1 and 2)
    {
      name: 'a load-test target on an ephemeral loopback port: only local processes reach it',
      code: `${HTTP}const autocannon = require('autocannon');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  autocannon({ url: 'http://127.0.0.1:' + server.address().port });
});
`,
      nodeVersion: '10',
    },
    {
      code: `${HTTP}const HOST = 'localhost';\nhttp.createServer((req, res) => res.end()).listen({ port: 0, host: HOST });\n`,
      nodeVersion: '10',
      name: 'listen({ port: 0, host }) with a same-file const host',
    },
    {
      name: 'a local OAuth callback server closed by its own handler (MCP SDK example)',
      code: `const { createServer } = require('node:http');
function waitForOAuthCallback() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const code = new URL(req.url, 'http://localhost').searchParams.get('code');
      if (code) {
        res.end('done');
        resolve(code);
        setTimeout(() => server.close(), 3000);
      }
    });
    server.listen(8090);
  });
}
module.exports = waitForOAuthCallback;
`,
      nodeVersion: '10',
    },
    // Tests are not production (issue 9, shape 10): a test's own server has no proxy in front of it
    {
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`,
      nodeVersion: '10',
      filename: 'test/helpers/server.js',
      name: 'a server in test/',
    },
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\n`, nodeVersion: '10', filename: 'src/__tests__/app.js' },
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\n`, nodeVersion: '10', filename: 'server.spec.ts', name: 'a *.spec.* file' },
    {
      code: `const test = require('node:test');\n${HTTP}test('serves', () => {\n  const server = http.createServer((req, res) => res.end());\n  server.listen(0);\n});\n`,
      nodeVersion: '10',
      filename: 'src/check.js',
      name: 'a file that imports a test runner',
    },
    {
      code: `${HTTP}describe('server', () => {\n  const server = http.createServer((req, res) => res.end());\n  server.listen(0);\n});\n`,
      nodeVersion: '10',
      filename: 'src/check.js',
      name: 'a file that calls describe() at top level',
    },
    // Framework servers (issue 9, shape 5): fastify sets its own timeouts; a server configured or handed away is not reported
    {
      code: `const fastify = require('fastify')();
fastify.listen({ port: 3000 });
`,
      nodeVersion: '10',
      name: 'fastify() sets its own server timeouts',
    },
    {
      code: `const express = require('express');
const app = express();
const server = app.listen(3000);
server.timeout = 600000;
`,
      nodeVersion: '10',
    },
    {
      code: `const express = require('express');
const app = express();
module.exports = app;
`,
      nodeVersion: '10',
      name: 'an express app that is not listened on here',
    },
    {
      code: `function start(app) {
  return app.listen(3000);
}
`,
      nodeVersion: '10',
      name: 'app.listen() on a parameter: not known to be a framework app',
    },
    {
      code: `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
server.listener.timeout = 600000;
server.start();
`,
      nodeVersion: '10',
    },
    {
      code: `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
module.exports = server;
`,
      nodeVersion: '10',
      name: 'a hapi server handed away may be configured there',
    },
    {
      code: `const restify = require('restify');
const server = restify.createServer();
server.server.setTimeout(600000);
server.listen(8080);
`,
      nodeVersion: '10',
    },
    {
      code: `const express = require('express');
const app = express();
const server = app.listen(3000);
`,
      nodeVersion: '18',
      name: 'express on Node 18: bounded by requestTimeout',
    },
    // Options through variables (shape 4)
    {
      code: `${HTTP}let options = { requestTimeout: 120000 };\nconst server = http.createServer(options, (req, res) => res.end());\n`,
      nodeVersion: '16',
      name: 'a let never reassigned is read',
    },
    {
      code: `${HTTP}const base = { requestTimeout: 120000 };\nconst server = http.createServer({ ...base }, (req, res) => res.end());\n`,
      nodeVersion: '16',
      name: 'a spread of a same-file object is read',
    },
    { code: `${HTTP}const server = http.createServer(Object.assign({}, { requestTimeout: 120000 }), (req, res) => res.end());\n`, nodeVersion: '16' },
    {
      code: `${HTTP}function serverOptions() {\n  return { requestTimeout: 120000 };\n}\nconst server = http.createServer(serverOptions(), (req, res) => res.end());\n`,
      nodeVersion: '16',
    },
    {
      code: `${HTTP}const options = {};\noptions.requestTimeout = 120000;\nconst server = http.createServer(options, (req, res) => res.end());\n`,
      nodeVersion: '16',
      name: 'a property assigned before the creation is set',
    },
    {
      code: `${HTTP}const server = http.createServer({ ...require('./config').http }, (req, res) => res.end());\n`,
      nodeVersion: '16',
      name: 'a spread the analysis cannot read stays silent',
    },
    // Node ≥ 18: bounded by requestTimeout (300 s) and headersTimeout
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`, nodeVersion: '18' },
    { code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000);\n`, name: 'the default Node version (24) is not reported' },
    {
      code: `import * as https from 'node:https';
const server = https.createServer({}, (req, res) => res.end());
server.listen(443);
`,
      filename: 'case.ts',
      nodeVersion: '>=20',
    },
    // Node ≤ 12: timeout set by assignment, by setTimeout(), chained
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.timeout = 600000;\nserver.listen(3000);\n`, nodeVersion: '10' },
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.setTimeout(600000);\nserver.listen(3000);\n`, nodeVersion: '^12.2' },
    { code: `${HTTP}http.createServer((req, res) => res.end()).setTimeout(300000).listen(3000);\n`, nodeVersion: '10' },
    // Node 13–17: requestTimeout or timeout set
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.requestTimeout = 120000;\n`, nodeVersion: '16' },
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.setTimeout(60000);\n`, nodeVersion: '14' },
    {
      code: `${HTTP}const LIMIT = 2 * 60 * 1000;\nconst server = http.createServer((req, res) => res.end());\nserver.requestTimeout = LIMIT;\n`,
      nodeVersion: '16',
    },
    // set in a function of the same file the server is passed to
    {
      code: `${HTTP}function harden(s) {\n  s.requestTimeout = 60000;\n}\nconst server = http.createServer((req, res) => res.end());\nharden(server);\n`,
      nodeVersion: '16',
    },
    // modern defaults reported only on request; here requestTimeout is set in the options object
    {
      code: `${HTTP}http.createServer({ requestTimeout: 600000 }, (req, res) => res.end()).listen(3000);\n`,
      nodeVersion: '20',
      options: { reportModernDefaults: true },
    },
    // escapes: configured where the analysis cannot see
    { code: `${HTTP}const server = http.createServer((req, res) => res.end());\nmodule.exports = server;\n`, nodeVersion: '10' },
    {
      code: `${HTTP}const { createTerminus } = require('@godaddy/terminus');\nconst server = http.createServer((req, res) => res.end());\ncreateTerminus(server, {});\n`,
      nodeVersion: '10',
    },
    // options the analysis cannot read
    {
      code: `${HTTP}function start(opts) {\n  const server = http.createServer(opts, (req, res) => res.end());\n  server.listen(3000);\n}\n`,
      nodeVersion: '16',
    },
    // Fastify sets its own server timeouts from its options
    {
      code: `const fastify = require('fastify');
const app = fastify({ connectionTimeout: 30000, keepAliveTimeout: 65000 });
app.listen({ port: 3000 });
`,
      nodeVersion: '10',
    },
    {
      code: `import Fastify from 'fastify';
const app = Fastify({ requestTimeout: 120000 });
await app.listen({ port: 3000 });
`,
      filename: 'case.ts',
      nodeVersion: '16',
    },
    // net servers are not http servers
    {
      code: `const net = require('net');
net.createServer((s) => s.end()).listen(3000);
`,
      nodeVersion: '10',
    },
    // a server made only to read Node's defaults serves nothing
    { code: `${HTTP}const ref = http.createServer();\nconsole.log(ref.timeout, ref.keepAliveTimeout);\n`, nodeVersion: '10' },
    {
      name: 'a one-shot installer whose express route handler, a named function registered with app.post, closes the server (NodeBB)',
      code: expressInstaller('server'),
      nodeVersion: '10',
    },
    {
      name: "a local tool that opens the user's browser at its server (hads: require('open'))",
      code: serverThatOpens(`const open = require('open');`),
      nodeVersion: '10',
    },
    {
      name: 'a dev server that opens the browser with opn (angular-http-server)',
      code: serverThatOpens(`const open = require('opn');`),
      nodeVersion: '10',
    },
    {
      name: "a server that opens the browser through require('open')(url) inline",
      code: serverThatOpens(`const unused = 0;`).replace('() => open(', "() => require('open')("),
      nodeVersion: '10',
    },
    {
      name: 'a server that opens the browser with an opener imported as a module (import open from "better-opn")',
      code: serverThatOpens(`const unused = 0;`).replace('const unused = 0;', 'import open from "better-opn";'),
      nodeVersion: '10',
    },
    {
      name: "a server that opens the browser through TypeScript's CommonJS output ((0, open_1.default)(url))",
      code: serverThatOpens(`const open_1 = __importDefault(require("open"));`).replace('() => open(', '() => (0, open_1.default)('),
      nodeVersion: '10',
    },
  ],
  invalid: [
    {
      name: 'a server of a file that loads prom-client but serves another path: not a scrape endpoint as far as the code shows',
      code: metricsServer('prom-client', '/stats'),
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3 }],
    },
    {
      name: "an application's server that also serves /metrics: its API is behind the proxy",
      code: METRICS_ON_APP,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 4 }],
    },
    {
      name: 'the same gate recording each request in a store between its answers: not a fixed answer',
      code: upgradeGateWith('visits.record(req.headers);'),
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 5 }],
    },
    {
      name: 'a server whose file calls an open() that is not a browser opener (fs/promises)',
      code: serverThatOpens(`const { open } = require('fs/promises');`),
      errors: [{ messageId: 'legacyTimeout', line: 3 }],
      nodeVersion: '10',
    },
    {
      name: 'an express route handler that closes another server: the one app.listen() started stays',
      code: expressInstaller('admin'),
      errors: [{ messageId: 'legacyTimeout', line: 5 }],
      nodeVersion: '10',
    },
    {
      name: "a 'listening' listener that only closes the server on SIGTERM: a long-lived server",
      nodeVersion: '10',
      code: CLOSED_ON_SIGTERM,
      errors: [{ messageId: 'legacyTimeout' }],
    },
    {
      name: 'a redirect handler that looks the target up first (a call) on Node 10: it may wait',
      nodeVersion: '10',
      code: `const http = require('http');
function redirect(req, res) {
  const target = lookupTarget(req.url);
  res.writeHead(301, { Location: target });
  res.end();
}
http.createServer(redirect).listen(8080);`,
      errors: [{ messageId: 'legacyTimeout' }],
    },
    {
      name: 'a handler that writes the head and never ends the response on Node 10: it streams',
      nodeVersion: '10',
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  clients.add(res);
});
server.listen(8080);`,
      errors: [{ messageId: 'legacyTimeout' }],
    },
    {
      name: 'an immediate answer on Node 16: the unbounded era is about stalled requests, not slow answers',
      nodeVersion: '16',
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  res.statusCode = 204;
  res.end();
});
server.listen(8080);`,
      errors: [{ messageId: 'unbounded' }],
    },
    {
      name: 'an http server that upgrades to WebSocket but also serves a file: its HTTP side is real',
      filename: 'server.mjs',
      nodeVersion: '10',
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
      errors: [{ messageId: 'legacyTimeout', line: 5 }],
    },
    {
      name: 'an http server that upgrades to WebSocket and answers with computed state',
      nodeVersion: '10',
      code: `const http = require('http');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((req, res) => {
  res.end(JSON.stringify(stats()));
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => {}));
server.listen(4444);`,
      errors: [{ messageId: 'legacyTimeout', line: 4 }],
    },
    {
      name: "a forward proxy on Node 16: nothing bounds a stalled client's request there, proxy in front or not",
      nodeVersion: '16',
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
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // An ephemeral port on every interface is still reachable: found by a scan, or handed out by the program
    {
      name: 'listen(0) on every interface',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(0, () => console.log(server.address().port));\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'a fixed port on loopback: a proxy on the same host forwards clients to it',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000, '127.0.0.1');\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'a port from the environment on loopback',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen({ port: process.env.PORT, host: 'localhost' });\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'a handler that closes another server, not its own',
      code: `${HTTP}const other = http.createServer();\nconst server = http.createServer((req, res) => {\n  res.end();\n  other.close();\n});\nserver.listen(3000);\nother.listen(0, 'localhost');\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3 }],
    },
    // Tests are not production (shape 10): names that only look like tests are production code
    {
      name: 'a folder named latest/ or contest/ is not a test folder',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\n`,
      filename: 'latest/server.js',
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'a describe() inside a function is not a test suite',
      code: `${HTTP}function describe(name) {\n  return name;\n}\nconst server = http.createServer((req, res) => res.end(describe('x')));\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 5 }],
    },
    // Framework servers (issue 9, shape 5)
    {
      name: 'express: const server = app.listen() gets the assignments after it (untyped JS, no http import)',
      code: `const express = require('express');
const app = express();
const server = app.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3, column: 20 }],
      output: `const express = require('express');
const app = express();
const server = app.listen(3000);
server.timeout = 300000;
server.headersTimeout = 66000;
server.keepAliveTimeout = 65000;
`,
    },
    {
      name: 'express: app.listen() whose result is not kept: listen() returns the server, so setTimeout chains',
      code: `const express = require('express');
const app = express();
app.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3, column: 5 }],
      output: `const express = require('express');
const app = express();
app.listen(3000).setTimeout(300000);
`,
    },
    {
      name: 'express in TypeScript with an ES import',
      filename: 'case.ts',
      code: `import express from 'express';
const app = express();
const server = app.listen(3000);
`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    {
      name: 'new Koa().listen()',
      code: `const Koa = require('koa');
new Koa().listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'express compiled by TypeScript: (0, express_1.default)()',
      code: `var __importDefault = (this && this.__importDefault) || function (mod) { return mod; };
const express_1 = __importDefault(require("express"));
const app = (0, express_1.default)();
app.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 4 }],
    },
    {
      name: 'hapi: the server is server.listener',
      code: `const Hapi = require('@hapi/hapi');
async function start() {
  const server = Hapi.server({ port: 3000 });
  await server.start();
}
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3, column: 18 }],
      output: `const Hapi = require('@hapi/hapi');
async function start() {
  const server = Hapi.server({ port: 3000 });
  server.listener.timeout = 300000;
  server.listener.headersTimeout = 66000;
  server.listener.keepAliveTimeout = 65000;
  await server.start();
}
`,
    },
    {
      name: 'NestJS: the server is app.getHttpServer()',
      code: `const { NestFactory } = require('@nestjs/core');
async function main() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded', line: 3, column: 33 }],
      output: `const { NestFactory } = require('@nestjs/core');
async function main() {
  const app = await NestFactory.create(AppModule);
  app.getHttpServer().requestTimeout = 300000;
  app.getHttpServer().headersTimeout = 66000;
  app.getHttpServer().keepAliveTimeout = 65000;
  await app.listen(3000);
}
`,
    },
    {
      name: 'micro(handler) returns the server',
      code: `const micro = require('micro');
const server = micro(async () => 'hi');
server.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
    },
    {
      name: 'polka: its server exists only after listen(), so no fix next to the creation',
      code: `const polka = require('polka');
const app = polka();
app.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 2 }],
      output: null,
    },
    // Options through variables (shape 4)
    {
      name: 'options from a let: a property written after the creation does not count',
      code: `${HTTP}let options = {};\nconst server = http.createServer(options, (req, res) => res.end());\noptions.requestTimeout = 120000;\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    {
      name: 'a spread that does not set the bound',
      code: `${HTTP}const base = { keepAliveTimeout: 70000 };\nconst server = http.createServer({ ...base }, (req, res) => res.end());\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded', line: 3 }],
      output: `${HTTP}const base = { keepAliveTimeout: 70000 };\nconst server = http.createServer({ ...base }, (req, res) => res.end());\nserver.requestTimeout = 300000;\n`,
    },
    {
      name: 'incident 4: Node 10 cuts responses at 120 s',
      code: `${HTTP}const server = http.createServer((req, res) => {\n  setTimeout(() => res.end('shot'), 90000);\n});\nserver.listen(3000);\n`,
      nodeVersion: '10',
      errors: [
        {
          messageId: 'legacyTimeout',
          line: 2,
          column: 16,
          fixes: [
            `${HTTP}const server = http.createServer((req, res) => {\n  setTimeout(() => res.end('shot'), 90000);\n});\nserver.timeout = 300000;\nserver.headersTimeout = 66000;\nserver.keepAliveTimeout = 65000;\nserver.listen(3000);\n`,
          ],
        },
      ],
    },
    {
      name: 'the message names the Node version and where it came from',
      code: `${HTTP}const server = http.createServer();\nserver.listen(8080);\n`,
      nodeVersion: '12',
      errors: [{ messageId: 'legacyTimeout' }],
      output: `${HTTP}const server = http.createServer();\nserver.timeout = 300000;\nserver.headersTimeout = 66000;\nserver.keepAliveTimeout = 65000;\nserver.listen(8080);\n`,
    },
    {
      name: 'Node 16: requestTimeout is 0, nothing bounds a slow request',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded', line: 2 }],
      output: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.requestTimeout = 300000;\nserver.headersTimeout = 66000;\nserver.keepAliveTimeout = 65000;\nserver.listen(3000);\n`,
    },
    {
      name: 'Node 13 has no requestTimeout yet: the fix sets timeout',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\n`,
      nodeVersion: '13.5.0',
      errors: [{ messageId: 'unbounded' }],
      output: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.timeout = 300000;\nserver.headersTimeout = 66000;\nserver.keepAliveTimeout = 65000;\n`,
    },
    {
      name: 'keepAliveTimeout already set by assignment: the fix adds only the request bound',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.keepAliveTimeout = 90000;\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded' }],
      output: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.requestTimeout = 300000;\nserver.keepAliveTimeout = 90000;\n`,
    },
    {
      name: 'headersTimeout already set: not written again',
      code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.headersTimeout = 30000;\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout' }],
      output: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.timeout = 300000;\nserver.keepAliveTimeout = 65000;\nserver.headersTimeout = 30000;\n`,
    },
    {
      name: 'reportModernDefaults on Node 20, no variable: the fix edits the options (headersTimeout ≤ requestTimeout)',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000);\n`,
      nodeVersion: '20',
      options: { reportModernDefaults: true },
      errors: [{ messageId: 'modern', line: 2, column: 1 }],
      output: `${HTTP}http.createServer({ requestTimeout: 300000, headersTimeout: 66000, keepAliveTimeout: 65000 }, (req, res) => res.end()).listen(3000);\n`,
    },
    {
      name: 'modern defaults: the fix adds to an existing options object, with option values',
      code: `import * as https from 'node:https';
https.createServer({ key: 'k', cert: 'c' }, (req, res) => res.end()).listen(443);
`,
      filename: 'case.ts',
      nodeVersion: '22',
      options: { reportModernDefaults: true, requestTimeoutMs: 50000, headersTimeoutMs: 60000 },
      errors: [{ messageId: 'modern' }],
      output: `import * as https from 'node:https';
https.createServer({ key: 'k', cert: 'c', requestTimeout: 50000, headersTimeout: 49000, keepAliveTimeout: 65000 }, (req, res) => res.end()).listen(443);
`,
    },
    {
      name: 'Node 12 without a variable: setTimeout chains',
      code: `${HTTP}http.createServer((req, res) => res.end()).listen(3000);\n`,
      nodeVersion: '12',
      errors: [{ messageId: 'legacyTimeout' }],
      output: `${HTTP}http.createServer((req, res) => res.end()).setTimeout(300000).listen(3000);\n`,
    },
    {
      name: 'TypeScript, double quotes, no semicolons, 4-space indent',
      filename: 'case.ts',
      code: `import http from "node:http"

export function start(): void {
    const server = http.createServer((req, res) => res.end())
    server.listen(3000)
}
`,
      nodeVersion: '14.17.0',
      errors: [{ messageId: 'unbounded', line: 4 }],
      output: `import http from "node:http"

export function start(): void {
    const server = http.createServer((req, res) => res.end())
    server.requestTimeout = 300000
    server.headersTimeout = 66000
    server.keepAliveTimeout = 65000
    server.listen(3000)
}
`,
    },
    {
      name: 'an app.listen() that returns the http.Server',
      filename: 'case.ts',
      code: `import type { Server } from 'http';
declare const app: { listen(port: number): Server };
const server = app.listen(3000);
`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3, column: 20 }],
      output: `import type { Server } from 'http';
declare const app: { listen(port: number): Server };
const server = app.listen(3000);
server.timeout = 300000;
server.headersTimeout = 66000;
server.keepAliveTimeout = 65000;
`,
    },
    {
      name: 'new http.Server with options from a same-file const',
      code: `${HTTP}const options = { keepAliveTimeout: 70000 };\nconst server = new http.Server(options, (req, res) => res.end());\n`,
      nodeVersion: '16',
      errors: [{ messageId: 'unbounded' }],
      output: `${HTTP}const options = { keepAliveTimeout: 70000 };\nconst server = new http.Server(options, (req, res) => res.end());\nserver.requestTimeout = 300000;\n`,
    },
    {
      name: 'an express app named server given to http.createServer (mockoon): a handler, not options',
      code: `${HTTP}const express = require('express');\nconst server = express();\nconst serverInstance = http.createServer(server);\nserverInstance.listen(8080);\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 4 }],
    },
    {
      name: 'https.createServer(config, handler): the second argument is the listener whatever its name',
      code: `const https = require('https');\nconst httpsConfig = { key: 'k', cert: 'c' };\nconst serverInstance = https.createServer(httpsConfig, mockServer);\nserverInstance.listen(8443);\n`,
      nodeVersion: '10',
      errors: [{ messageId: 'legacyTimeout', line: 3 }],
    },
    {
      name: 'an express app given to createServer (untyped JS)',
      code: `${HTTP}const express = require('express');\nconst app = express();\nconst server = http.createServer(app);\nserver.listen(8080);\n`,
      nodeVersion: '8',
      errors: [{ messageId: 'legacyTimeout', line: 4 }],
    },
  ],
});

describe('default-server-timeout message', () => {
  it('names the Node version it assumed and where it came from', () => {
    const [finding] = runRule(rule, { code: `${HTTP}const server = http.createServer();\nserver.listen(8080);\n`, nodeVersion: '>=10.4' });
    assert.match(finding.message, /\. Assuming Node 10\.4\.0 \(test nodeVersion >=10\.4\), /);
    assert.match(finding.message, /120 s/);
  });
  it('gives the requestTimeout default of the modern lines', () => {
    const [finding] = runRule(rule, {
      code: `${HTTP}const server = http.createServer();\nserver.listen(8080);\n`,
      nodeVersion: '20',
      options: { reportModernDefaults: true },
    });
    assert.match(finding.message, /^Requests and uploads slower than 300 s fail with 408 on this server\. .* relies on the requestTimeout default/);
  });
});

// A framework application made in another module of the project (shape 4): `import app from './app'; app.listen(port)`.
// The importing file names `http`: a file that names no networking or framework module is skipped before analysis.
describe('default-server-timeout: an application imported from the project', () => {
  it('follows `import app from` to `export default express()` and fixes the server listen() returns', () => {
    runRule(rule, { code: `import express from 'express';\nexport default express();\n`, filename: 'shape4/dst-app.ts', nodeVersion: '10' });
    const code = `import type { Server } from 'http';\nimport app from './dst-app';\nconst server: Server = app.listen(Number(process.env.PORT));\n`;
    const found = runRule(rule, { code, filename: 'shape4/dst-listen.ts', nodeVersion: '10' });
    assert.deepEqual(
      found.map((f) => `${f.line}:${f.messageId}`),
      ['3:legacyTimeout'],
    );
  });
  it('an imported application on an ephemeral loopback port is not reported', () => {
    runRule(rule, { code: `const express = require('express');\nmodule.exports = express();\n`, filename: 'shape4/dst-app.js', nodeVersion: '10' });
    const code = (port: number) => `require('http');\nconst app = require('./dst-app.js');\napp.listen(${port}, 'localhost');\n`;
    assert.equal(runRule(rule, { code: code(8080), filename: 'shape4/dst-listen.js', nodeVersion: '10' }).length, 1);
    assert.deepEqual(runRule(rule, { code: code(0), filename: 'shape4/dst-listen.js', nodeVersion: '10' }), []);
  });
});
