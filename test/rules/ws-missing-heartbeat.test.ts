import rule from '../../server/src/rules/ws-missing-heartbeat';
import { ruleTests } from './ruleTester';

const HEAD = `const { WebSocketServer } = require('ws');\n`;
/** The block the fix inserts after the server's declaration, for a server named `name`. */
function heartbeat(name: string, ms = 30000, indent = ''): string {
  return (
    [
      `// Peers that vanish without a close frame are only noticed by a heartbeat.`,
      `const alive = new WeakSet();`,
      `const heartbeat = setInterval(() => {`,
      `  for (const client of ${name}.clients) {`,
      `    if (!alive.has(client)) {`,
      `      client.terminate();`,
      `      continue;`,
      `    }`,
      `    alive.delete(client);`,
      `    client.ping();`,
      `  }`,
      `}, ${ms});`,
      `${name}.on('close', () => clearInterval(heartbeat));`,
    ]
      .map((l) => indent + l)
      .join('\n') + '\n'
  );
}

ruleTests(rule, {
  valid: [
    {
      // parse-server: the owner assigns its own onConnection (with the listener) before start().
      name: 'a connection handed to an empty method left for an owner or a subclass to replace',
      code: `const WebSocketServer = require('ws').Server;
class WSAdapter {
  constructor(options) { this.options = options; }
  onListen() {}
  onConnection(ws) {}
  onError(error) {}
  start() {
    const wss = new WebSocketServer({ server: this.options.server });
    wss.on('listening', this.onListen);
    wss.on('connection', this.onConnection);
    wss.on('error', this.onError);
  }
}
exports.WSAdapter = WSAdapter;`,
    },
    // Tests are not production (issue 9, shape 10)
    {
      code: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  ws.on('error', console.error);\n  ws.on('message', (data) => ws.send(data));\n});\n`,
      filename: 'test/echo.test.js',
      name: "a test's own WebSocketServer",
    },
    // the ws README's heartbeat
    `${HEAD}const wss = new WebSocketServer({ port: 8080 });
function heartbeat() { this.isAlive = true; }
wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('pong', heartbeat);
});
const interval = setInterval(() => {
  wss.clients.forEach((ws) => {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);
wss.on('close', () => clearInterval(interval));`,
    // a ping in a same-file helper
    `${HEAD}function keepAlive(ws) {\n  const t = setInterval(() => ws.ping(), 30000);\n  ws.on('close', () => clearInterval(t));\n}\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => keepAlive(ws));`,
    // the client pings and the server answers: a 'ping' listener shows the heartbeat exists
    `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  ws.on('ping', () => { lastSeen.set(ws, Date.now()); });\n});`,
    // application-level pings from an interval
    `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  const t = setInterval(() => ws.send(JSON.stringify({ type: 'ping' })), 25000);\n  ws.on('close', () => clearInterval(t));\n});`,
    // a deadline that closes every connection
    `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  setTimeout(() => ws.terminate(), 60000);\n});`,
    {
      name: 'the server or its connections are handed to code the analysis cannot see',
      code: `import { WebSocketServer } from 'ws';
export const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => ws.send('hi'));`,
    },
    `import { WebSocketServer } from 'ws';
import { Session } from './session';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => new Session(ws));`,
    `import { WebSocketServer } from 'ws';
import { onConnection } from './session';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', onConnection);`,
    // no connection handling here at all
    `${HEAD}const wss = new WebSocketServer({ noServer: true });\nmodule.exports.upgrade = (req, socket, head) => wss.handleUpgrade(req, socket, head, () => {});`,
    {
      name: 'a client, not a server',
      code: `const WebSocket = require('ws');
const ws = new WebSocket('ws://example.com');
ws.on('error', () => {});
ws.on('message', (m) => console.log(m));`,
    },
    {
      name: 'socket.io has its own heartbeat',
      code: `const { Server } = require('socket.io');
const io = new Server(3000);
io.on('connection', (socket) => socket.emit('hello'));`,
    },
  ],
  invalid: [
    {
      name: 'an echo server with no heartbeat',
      code: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  ws.on('error', console.error);\n  ws.on('message', (data) => ws.send(data));\n});\n`,
      errors: [{ messageId: 'missing', line: 2, column: 17 }],
      output: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\n${heartbeat('wss')}wss.on('connection', (ws) => {\n  alive.add(ws);\n  ws.on('pong', () => alive.add(ws));\n  ws.on('error', console.error);\n  ws.on('message', (data) => ws.send(data));\n});\n`,
    },
    {
      name: 'WebSocket.Server with a named function handler',
      code: `const WebSocket = require('ws');
const server = new WebSocket.Server({ port: 8080 });
server.on('connection', function connection(socket, req) {
  socket.on('message', (m) => console.log(req.url, m));
});
`,
      errors: [{ messageId: 'missing', line: 2 }],
      output: `const WebSocket = require('ws');\nconst server = new WebSocket.Server({ port: 8080 });\n${heartbeat('server')}server.on('connection', function connection(socket, req) {\n  alive.add(socket);\n  socket.on('pong', () => alive.add(socket));\n  socket.on('message', (m) => console.log(req.url, m));\n});\n`,
    },
    {
      name: 'noServer + handleUpgrade: connections emitted to the same server',
      code: `const http = require('http');\n${HEAD}const server = http.createServer();\nconst wss = new WebSocketServer({ noServer: true });\nserver.on('upgrade', (req, socket, head) => {\n  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));\n});\nwss.on('connection', (ws) => ws.send('hi'));\n`,
      errors: [{ messageId: 'missing', line: 4 }],
      output: `const http = require('http');\n${HEAD}const server = http.createServer();\nconst wss = new WebSocketServer({ noServer: true });\n${heartbeat('wss')}server.on('upgrade', (req, socket, head) => {\n  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));\n});\nwss.on('connection', (ws) => {\n  alive.add(ws);\n  ws.on('pong', () => alive.add(ws));\n  ws.send('hi');\n});\n`,
    },
    {
      name: 'clientTracking: false (no wss.clients): reported without a fix',
      code: `${HEAD}const wss = new WebSocketServer({ port: 8080, clientTracking: false });\nwss.on('connection', (ws) => ws.send('hi'));\n`,
      errors: [{ messageId: 'missing', fixes: [] }],
      output: null,
    },
    {
      name: 'the names the fix needs are taken: no fix',
      code: `${HEAD}const heartbeat = require('./heartbeat-config');\nconst wss = new WebSocketServer({ port: heartbeat.port });\nwss.on('connection', (ws) => ws.send('hi'));\n`,
      errors: [{ messageId: 'missing', fixes: [] }],
      output: null,
    },
    {
      name: 'an unnamed server: no fix',
      code: `${HEAD}new WebSocketServer({ port: 8080 }).on('connection', (ws) => ws.send('hello'));\n`,
      errors: [{ messageId: 'missing', line: 2, column: 5, fixes: [] }],
      output: null,
    },
    {
      name: 'two connection handlers: no fix',
      code: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => ws.send('hello'));\nwss.on('connection', (ws) => {\n  ws.on('message', console.log);\n});\n`,
      errors: [{ messageId: 'missing', fixes: [] }],
      output: null,
    },
    {
      name: 'option intervalMs',
      options: { intervalMs: 10000 },
      code: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => {\n  ws.send('hi');\n});\n`,
      errors: [{ messageId: 'missing' }],
      output: `${HEAD}const wss = new WebSocketServer({ port: 8080 });\n${heartbeat('wss', 10000)}wss.on('connection', (ws) => {\n  alive.add(ws);\n  ws.on('pong', () => alive.add(ws));\n  ws.send('hi');\n});\n`,
    },
    {
      name: 'ESM default import, WebSocket.Server, expression-bodied handler',
      code: `import WebSocket from 'ws';
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => ws.send('hello'));
`,
      errors: [{ messageId: 'missing', line: 2 }],
      output: `import WebSocket from 'ws';\nconst wss = new WebSocket.Server({ port: 8080 });\n${heartbeat('wss')}wss.on('connection', (ws) => {\n  alive.add(ws);\n  ws.on('pong', () => alive.add(ws));\n  ws.send('hello');\n});\n`,
    },
    {
      name: 'TypeScript with a typed handler',
      filename: 'case.ts',
      code: `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket): void => {
  ws.send('hello');
});
`,
      errors: [{ messageId: 'missing', line: 2 }],
      output: `import { WebSocketServer, type WebSocket } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n${heartbeat('wss')}wss.on('connection', (ws: WebSocket): void => {\n  alive.add(ws);\n  ws.on('pong', () => alive.add(ws));\n  ws.send('hello');\n});\n`,
    },
    {
      name: 'inside a function (indented)',
      code: `${HEAD}function start(port) {\n  const wss = new WebSocketServer({ port });\n  wss.on('connection', (ws) => ws.send('hello'));\n}\n`,
      errors: [{ messageId: 'missing', line: 3 }],
      output: `${HEAD}function start(port) {\n  const wss = new WebSocketServer({ port });\n${heartbeat('wss', 30000, '  ')}  wss.on('connection', (ws) => {\n    alive.add(ws);\n    ws.on('pong', () => alive.add(ws));\n    ws.send('hello');\n  });\n}\n`,
    },
  ],
});
