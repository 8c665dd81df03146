/**
 * One editor scenario per rule: a file and the package.json around it (engines.node for
 * version-aware rules). The test applies the rule's preferred quick fix through the server's
 * returned LSP edit and compares with the engine's own fix applied in-process (the fix texts
 * themselves are pinned by test/rules/<id>.test.ts).
 */
export interface QuickFixCase {
  ruleId: string;
  file: string;
  code: string;
  enginesNode?: string;
}

const HTTP = `const http = require('http');\n`;

export const quickFixCases: QuickFixCase[] = [
  {
    ruleId: 'missing-error-listener',
    file: 'client.js',
    code: `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`,
  },
  {
    ruleId: 'default-server-timeout',
    file: 'server.js',
    enginesNode: '>=10',
    code: `${HTTP}const server = http.createServer((req, res) => {\n  setTimeout(() => res.end('shot'), 90000);\n});\nserver.listen(3000);\n`,
  },
  {
    ruleId: 'missing-end-handler',
    file: 'halfopen.js',
    code: `const net = require('net');\nnet.createServer({ allowHalfOpen: true }, (socket) => {\n  socket.on('data', (d) => console.log(d));\n}).listen(7000);\n`,
  },
  {
    ruleId: 'destroy-without-end',
    file: 'relay.js',
    code: `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', (chunk) => { to.write(chunk); });\n  from.on('close', () => { to.destroy(); });\n}\nnet.createServer((client) => {\n  const upstream = net.connect(9000);\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n});\n`,
  },
  {
    ruleId: 'missing-socket-timeout',
    file: 'idle.js',
    code: `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.on('error', (err) => console.error(err));\n`,
  },
  {
    ruleId: 'timeout-without-teardown',
    file: 'teardown.js',
    code: `const net = require('net');\nconst sock = net.connect(80);\nsock.setTimeout(30000);\n`,
  },
  {
    ruleId: 'server-keepalive-below-proxy',
    file: 'keepalive.js',
    code: `${HTTP}const server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`,
  },
  {
    ruleId: 'missing-request-timeout',
    file: 'request.js',
    code: `${HTTP}const req = http.request({ host: 'example.com', path: '/' }, (res) => res.resume());\nreq.on('error', () => {});\nreq.end();\n`,
  },
  {
    ruleId: 'agent-free-socket-timeout',
    file: 'agent.js',
    code: `${HTTP}const agent = new http.Agent({ keepAlive: true });\nhttp.get({ host: 'api', agent });\n`,
  },
  {
    ruleId: 'incomplete-socket-relay',
    file: 'pipe-socket.js',
    code: `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', chunk => { to.write(chunk) });\n  from.on('close', () => { to.destroy() });\n}\nnet.createServer((client) => {\n  client.on('error', () => client.destroy());\n  const upstream = net.connect(9000, '127.0.0.1');\n  pipeSocket(client, upstream);\n  pipeSocket(upstream, client);\n}).listen(8000);\n`,
  },
  {
    ruleId: 'write-ignores-backpressure',
    file: 'backpressure.js',
    code: `const net = require('net');\nfunction pipeSocket(from, to) {\n  from.on('data', chunk => { to.write(chunk) });\n  from.on('close', () => { to.destroy() });\n}\nnet.createServer((client) => {\n  pipeSocket(client, net.connect(9000));\n});\n`,
  },
  {
    ruleId: 'prefer-pipeline',
    file: 'static.js',
    code: `const http = require('http');\nconst fs = require('fs');\nhttp.createServer((req, res) => {\n  fs.createReadStream('index.html').pipe(res);\n});\n`,
  },
];
