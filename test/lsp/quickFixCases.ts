/**
 * One editor scenario per rule: a file, the package.json around it (engines.node for
 * version-aware rules), and the text after applying the rule's preferred quick fix through the
 * server's returned edit. Expected texts match the rule tests' fix outputs.
 */
export interface QuickFixCase {
  ruleId: string;
  file: string;
  code: string;
  enginesNode?: string;
  expected: string;
}

const HTTP = `const http = require('http');\n`;

export const quickFixCases: QuickFixCase[] = [
  {
    ruleId: 'missing-error-listener',
    file: 'client.js',
    code: `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n`,
    expected: `const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.on('error', (err) => {\n  console.error('socket error:', err.message);\n  sock.destroy();\n});\nsock.write('ping');\n`,
  },
  {
    ruleId: 'default-server-timeout',
    file: 'server.js',
    enginesNode: '>=10',
    code: `${HTTP}const server = http.createServer((req, res) => {\n  setTimeout(() => res.end('shot'), 90000);\n});\nserver.listen(3000);\n`,
    expected: `${HTTP}const server = http.createServer((req, res) => {\n  setTimeout(() => res.end('shot'), 90000);\n});\nserver.timeout = 300000;\nserver.headersTimeout = 66000;\nserver.keepAliveTimeout = 65000;\nserver.listen(3000);\n`,
  },
];
