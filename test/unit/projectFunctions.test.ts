import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import missingErrorListener from '../../server/src/rules/missing-error-listener';

// A connection this code reads and hands to a helper of another file (core/analysis/projectFunctions.ts).
describe('connections handed to functions of other files of the project', () => {
  const rules = [missingErrorListener];
  let project: TmpProject;
  beforeEach(() => (project = tmpProject('socklint-project-fns-', rules)));
  afterEach(() => project.dispose());
  const write = (rel: string, text: string) => project.write(rel, text);
  const findings = (rel: string): string[] => project.findings(rel).map((f) => `${f.line} ${f.messageId}`);

  const upgrade = `var util = require('./util');
function upgradeHandler(req, socket) {
  util.onSocketEnd(socket, function () { socket.destroy(); });
  socket.pipe(socket);
}
module.exports = function (server) {
  server.on('upgrade', upgradeHandler);
};
`;

  it("is not reported when the helper, re-exported through another module, listens for the socket's errors (whistle)", () => {
    write(
      'lib/util/common.js',
      `exports.onSocketEnd = function (socket, callback) {\n  socket.on('error', callback);\n  socket.once('close', callback);\n};\n`,
    );
    write('lib/util/index.js', `var common = require('./common');\nexports.onSocketEnd = common.onSocketEnd;\n`);
    write('lib/upgrade.js', upgrade);
    assert.deepEqual(findings('lib/upgrade.js'), []);
  });

  it('is reported when the helper only sets the socket up (node-http-proxy common.setupSocket)', () => {
    write('lib/util/common.js', `exports.onSocketEnd = function (socket, callback) {\n  socket.setNoDelay(true);\n  socket.once('close', callback);\n};\n`);
    write('lib/util/index.js', `var common = require('./common');\nexports.onSocketEnd = common.onSocketEnd;\n`);
    write('lib/upgrade.js', upgrade);
    assert.deepEqual(findings('lib/upgrade.js'), ['2 consumedHere']);
  });

  it("is not reported when a class of another file listens for the WebSocket's errors in its constructor (nes)", () => {
    write('socket.ts', `export class Socket {\n  constructor(private ws: any) {\n    ws.on('error', () => ws.terminate());\n  }\n}\n`);
    write(
      'listener.ts',
      `import * as Ws from 'ws';
import { Socket } from './socket';
export function listen(server: any) {
  const wss = new Ws.Server({ server });
  wss.on('error', () => {});
  wss.on('connection', (ws) => {
    const socket = new Socket(ws);
    ws.once('close', () => console.log('gone', socket));
  });
}
`,
    );
    assert.deepEqual(findings('listener.ts'), []);
  });

  it("is not reported when the class's base class, in another file, listens in the constructor it passes the socket to (NestJS JsonSocket)", () => {
    write('tcp-socket.ts', `export class TcpSocket {\n  constructor(public socket: any) {\n    socket.on('error', () => socket.destroy());\n  }\n}\n`);
    write(
      'json-socket.ts',
      `import { TcpSocket } from './tcp-socket';\nexport class JsonSocket extends TcpSocket {\n  constructor(socket: any) {\n    super(socket);\n  }\n}\n`,
    );
    write(
      'server.ts',
      `import * as net from 'net';
import { JsonSocket } from './json-socket';
export function listen(port: number) {
  const server = net.createServer((socket) => {
    const wrapped = new JsonSocket(socket);
    socket.on('data', (d) => console.log(d.length, wrapped));
  });
  server.on('error', () => {});
  server.listen(port);
}
`,
    );
    assert.deepEqual(findings('server.ts'), []);
  });

  it("is reported when that class never listens for the WebSocket's errors", () => {
    write('socket.ts', `export class Socket {\n  constructor(private ws: any) {\n    ws.on('message', (m: any) => console.log(m));\n  }\n}\n`);
    write(
      'listener.ts',
      `import * as Ws from 'ws';
import { Socket } from './socket';
export function listen(server: any) {
  const wss = new Ws.Server({ server });
  wss.on('error', () => {});
  wss.on('connection', (ws) => {
    const socket = new Socket(ws);
    ws.once('close', () => console.log('gone', socket));
  });
}
`,
    );
    assert.deepEqual(findings('listener.ts'), ['6 consumedHere']);
  });

  // A class given a connection to keep, reported at its constructor's parameter (WebSocket-Node),
  // unless every file that constructs it listens for that connection's errors first.
  const readQueue = `class ReadQueue {
  constructor(connection) {
    this.connection = connection;
    this.queue = [];
    this.connection.on('data', (data) => this.read(data));
  }
  read(data) { this.queue.push(data); this.connection.write('ACK'); }
}
exports.default = ReadQueue;
`;

  /** A file that listens for the connection's errors before it constructs the class. */
  const listeningClient = `const net = require('net');
const ReadQueue = require('./read-queue').default;
exports.open = function () {
  const connection = net.createConnection(11300, 'localhost');
  connection.on('error', () => connection.destroy());
  return new ReadQueue(connection);
};
`;

  it('is not reported when the only file that constructs the class listens for the connection first (beanstalkd, compiled imports)', () => {
    write('lib/read-queue.js', readQueue);
    write(
      'lib/client.js',
      `var _net = _interopRequireDefault(require('net'));
var _readQueue = _interopRequireDefault(require('./read-queue'));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
class Client {
  connect() {
    const connection = _net.default.createConnection(11300, 'localhost');
    connection.on('error', (err) => this.onError(err));
    connection.on('connect', () => {
      this.connection = connection;
      this.readQueue = new _readQueue.default(this.connection);
    });
  }
  onError(err) { console.error(err); }
}
exports.default = Client;
`,
    );
    assert.deepEqual(findings('lib/read-queue.js'), []);
  });

  it('is reported when one of the files that construct the class hands it a connection nobody listens to', () => {
    write('lib/read-queue.js', readQueue);
    write('lib/client.js', listeningClient);
    write(
      'lib/raw.js',
      `const net = require('net');
const ReadQueue = require('./read-queue').default;
exports.open = function () {
  return new ReadQueue(net.createConnection(11300, 'localhost'));
};
`,
    );
    assert.deepEqual(findings('lib/read-queue.js'), ['2 consumedHere']);
  });

  it('is reported when no file of the program constructs the class (its users are elsewhere)', () => {
    write('lib/read-queue.js', readQueue);
    assert.deepEqual(findings('lib/read-queue.js'), ['2 consumedHere']);
  });

  it("is not reported when the constructing file listens on a callback's socket first, the class exported as Babel writes it (tedious)", () => {
    write(
      'lib/message-io.js',
      `Object.defineProperty(exports, '__esModule', { value: true });
exports.default = void 0;
class MessageIO {
  constructor(socket, packetSize) {
    this.socket = socket;
    this.packetSize = packetSize;
    this.socket.pipe(this.incoming);
    this.outgoing.pipe(this.socket);
  }
  startTls(securePair) {
    securePair.on('error', (err) => this.socket.destroy(err));
  }
}
var _default = MessageIO;
exports.default = _default;
`,
    );
    write(
      'lib/connection.js',
      `var _messageIo = _interopRequireDefault(require('./message-io'));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
class Connection {
  connect(connector) {
    connector.execute((err, socket) => {
      if (err) return this.socketError(err);
      socket.on('error', (error) => this.socketError(error));
      socket.on('close', () => this.socketClose());
      this.messageIo = new _messageIo.default(socket, 4096);
    });
  }
}
exports.default = Connection;
`,
    );
    assert.deepEqual(findings('lib/message-io.js'), []);
  });

  // chromium-bidi ships `WebsocketTransport.d.ts` beside `WebsocketTransport.js`: the import resolves to the declaration.
  const transport = `export class WebSocketTransport {
  #websocket;
  constructor(websocket) {
    this.#websocket = websocket;
    this.#websocket.on('message', (message) => console.log(message));
  }
  sendMessage(message) { this.#websocket.send(message); }
  close() { this.#websocket.close(); }
}
`;
  const transportTypes = `import type { Socket } from 'node:net';\nexport declare class WebSocketTransport {\n  #private;\n  constructor(websocket: Socket);\n  close(): void;\n}\n`;

  /** The class as the compiled package ships it: its JavaScript and, beside it, its declaration. */
  const writeTransport = () => {
    write('lib/esm/utils/WebsocketTransport.js', transport);
    write('lib/esm/utils/WebsocketTransport.d.ts', transportTypes);
  };

  it('is not reported when a compiled package ships a declaration beside the class and the constructing file listens first (chromium-bidi)', () => {
    writeTransport();
    write(
      'lib/esm/bidiServer/BrowserInstance.js',
      `import net from 'node:net';
import { WebSocketTransport } from '../utils/WebsocketTransport.js';
export function establish(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port);
    socket.on('error', reject);
    socket.on('connect', () => resolve(new WebSocketTransport(socket)));
  });
}
`,
    );
    assert.deepEqual(findings('lib/esm/utils/WebsocketTransport.js'), []);
  });

  it('is reported when that constructing file never listens for the connection', () => {
    writeTransport();
    write(
      'lib/esm/bidiServer/BrowserInstance.js',
      `import net from 'node:net';
import { WebSocketTransport } from '../utils/WebsocketTransport.js';
export function establish(port) {
  return new WebSocketTransport(net.connect(port));
}
`,
    );
    assert.deepEqual(findings('lib/esm/utils/WebsocketTransport.js'), ['3 consumedHere']);
  });

  it("is not reported when the class is an index file's and the constructing file requires its folder", () => {
    write('lib/read-queue/index.js', readQueue);
    write('lib/client.js', listeningClient);
    assert.deepEqual(findings('lib/read-queue/index.js'), []);
  });
});
