import rule from '../../server/src/rules/streaming-request-agent-timeout';
import { ruleTests } from './ruleTester';

const KA = `const https = require('https');\nconst fs = require('fs');\nconst { HttpsAgent } = require('agentkeepalive');\n`;
const PIPE_UPLOAD = `function upload(file, cb) {\n  const req = https.request('https://storage.example.com/upload', { method: 'PUT', agent }, (res) => cb(null, res));\n  req.on('error', cb);\n  fs.createReadStream(file).pipe(req);\n}\n`;

ruleTests(rule, {
  valid: [
    // a timeout longer than any pause between chunks
    `${KA}const agent = new HttpsAgent({ timeout: 120000 });\n${PIPE_UPLOAD}`,
    // the request's own timeout replaces the agent's
    `${KA}const agent = new HttpsAgent();\nfunction upload(file, cb) {\n  const req = https.request('https://example.com', { method: 'PUT', agent, timeout: 300000 });\n  req.on('error', cb);\n  fs.createReadStream(file).pipe(req);\n}`,
    `${KA}const agent = new HttpsAgent();\nfunction upload(file, cb) {\n  const req = https.request('https://example.com', { method: 'PUT', agent });\n  req.setTimeout(300000);\n  req.on('error', cb);\n  fs.createReadStream(file).pipe(req);\n}`,
    // agentkeepalive leaves a request that listens for 'timeout' to its listener, which only logs here
    `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com', { method: 'PUT', agent });\nreq.on('timeout', () => console.warn('slow upload'));\nreq.on('error', () => {});\nfs.createReadStream('big.bin').pipe(req);`,
    // Node 18's global agent has no timeout; Node 24's only notifies, and nothing listens
    {
      nodeVersion: '18',
      code: `const http = require('http');
const req = http.request('http://example.com', { method: 'POST' });
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);`,
    },
    `const http = require('http');
const req = http.request('http://example.com', { method: 'POST' });
req.on('error', () => {});
process.stdin.pipe(req);`,
    // a body sent at once, or no body
    `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com', { method: 'POST', agent });\nreq.on('error', () => {});\nreq.end(JSON.stringify({ ok: true }));`,
    `${KA}const agent = new HttpsAgent();\nconst req = https.get('https://example.com', { agent }, (res) => res.resume());\nreq.on('error', () => {});`,
    {
      name: 'not pooled, or an agent the analysis cannot see',
      code: `const http = require('http');
const req = http.request('http://example.com', { method: 'POST', agent: false });
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);`,
    },
    `import * as https from 'node:https';
import * as fs from 'node:fs';
import { agent } from './agents';
const req = https.request('https://example.com', { method: 'PUT', agent });
req.on('error', () => {});
fs.createReadStream('big.bin').pipe(req);`,
    {
      name: 'a Node agent without a timeout',
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true });
const req = http.request('http://example.com', { method: 'POST', agent });
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);`,
    },
    // the request leaves this code: its owner may set a timeout
    `${KA}const agent = new HttpsAgent();\nfunction open(src) {\n  const req = https.request('https://example.com', { method: 'PUT', agent });\n  src.pipe(req);\n  return req;\n}`,
    // one write, or a socket of the code's own making
    `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com', { method: 'POST', agent });\nreq.on('error', () => {});\nreq.write(JSON.stringify({ ok: true }));\nreq.end();`,
    `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com', { method: 'PUT', agent, createConnection: (o, cb) => connectThroughProxy(o, cb) });\nreq.on('error', () => {});\nfs.createReadStream('big.bin').pipe(req);`,
  ],
  invalid: [
    {
      name: "incident 2: an upload piped through agentkeepalive's default 8 s timeout",
      code: `${KA}const agent = new HttpsAgent();\n${PIPE_UPLOAD}`,
      errors: [{ messageId: 'killsItself', line: 6, column: 15 }],
      output: `${KA}const agent = new HttpsAgent({ timeout: 60000 });\n${PIPE_UPLOAD}`,
    },
    {
      name: 'an explicit agentkeepalive timeout below the expected pause',
      code: `${KA}const agent = new HttpsAgent({ keepAlive: true, timeout: 30000, freeSocketTimeout: 4000 });\n${PIPE_UPLOAD}`,
      errors: [{ messageId: 'killsItself' }],
      output: `${KA}const agent = new HttpsAgent({ keepAlive: true, timeout: 60000, freeSocketTimeout: 4000 });\n${PIPE_UPLOAD}`,
    },
    {
      name: "agentkeepalive's default export, options without timeout",
      code: `const http = require('http');
const Agent = require('agentkeepalive');
const agent = new Agent({ freeSocketTimeout: 4000 });
const req = http.request('http://example.com/logs', { method: 'POST', agent });
req.on('error', () => {});
process.stdin.on('data', (chunk) => req.write(chunk));
`,
      errors: [{ messageId: 'killsItself', line: 4 }],
      output: `const http = require('http');
const Agent = require('agentkeepalive');
const agent = new Agent({ freeSocketTimeout: 4000, timeout: 60000 });
const req = http.request('http://example.com/logs', { method: 'POST', agent });
req.on('error', () => {});
process.stdin.on('data', (chunk) => req.write(chunk));
`,
    },
    {
      name: "Node 24's global agent: 5 s socket timeout fires the destroying 'timeout' listener (pipeline)",
      code: `const http = require('http');
const { pipeline } = require('stream');
function upload(src, cb) {
  const req = http.request({ host: 'example.com', method: 'POST' });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', cb);
  pipeline(src, req, cb);
}
`,
      errors: [{ messageId: 'viaListener', line: 4 }],
      output: `const http = require('http');
const { pipeline } = require('stream');
function upload(src, cb) {
  const req = http.request({ host: 'example.com', method: 'POST', timeout: 60000 });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', cb);
  pipeline(src, req, cb);
}
`,
    },
    {
      name: 'the global agent, http.request(url, callback): options inserted before the callback',
      nodeVersion: '20',
      code: `const http = require('http');
const req = http.request('http://example.com/upload', (res) => res.resume());
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);
`,
      errors: [{ messageId: 'viaListener', line: 2 }],
      output: `const http = require('http');
const req = http.request('http://example.com/upload', { timeout: 60000 }, (res) => res.resume());
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);
`,
    },
    {
      name: 'a Node agent with a 5 s timeout, writes in a for await loop',
      code: `const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: 5000 });
async function send(chunks) {
  const req = http.request('http://example.com/ingest', { method: 'POST', agent });
  req.on('timeout', () => req.destroy());
  req.on('error', () => {});
  for await (const chunk of chunks) req.write(chunk);
  req.end();
}
`,
      errors: [{ messageId: 'viaListener', line: 4 }],
      output: `const http = require('http');
const agent = new http.Agent({ keepAlive: true, timeout: 60000 });
async function send(chunks) {
  const req = http.request('http://example.com/ingest', { method: 'POST', agent });
  req.on('timeout', () => req.destroy());
  req.on('error', () => {});
  for await (const chunk of chunks) req.write(chunk);
  req.end();
}
`,
    },
    {
      name: 'writes from an interval',
      code: `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com/stream', { method: 'POST', agent });\nreq.on('error', () => {});\nconst tick = setInterval(() => req.write(JSON.stringify(sample()) + '\\n'), 10000);\n`,
      errors: [{ messageId: 'killsItself', line: 5 }],
      output: `${KA}const agent = new HttpsAgent({ timeout: 60000 });\nconst req = https.request('https://example.com/stream', { method: 'POST', agent });\nreq.on('error', () => {});\nconst tick = setInterval(() => req.write(JSON.stringify(sample()) + '\\n'), 10000);\n`,
    },
    {
      name: 'option streamIdleMs: a 60 s agent timeout is too short for 2 min pauses',
      options: { streamIdleMs: 120000 },
      code: `${KA}const agent = new HttpsAgent({ timeout: 60000 });\n${PIPE_UPLOAD}`,
      errors: [{ messageId: 'killsItself' }],
      output: `${KA}const agent = new HttpsAgent({ timeout: 120000 });\n${PIPE_UPLOAD}`,
    },
    {
      name: 'request options in a const: the agent is fixed',
      code: `${KA}const agent = new HttpsAgent();\nconst options = { host: 'example.com', method: 'PUT', agent };\nconst req = https.request(options);\nreq.on('error', () => {});\nfs.createReadStream('big.bin').pipe(req);\n`,
      errors: [{ messageId: 'killsItself', line: 6 }],
      output: `${KA}const agent = new HttpsAgent({ timeout: 60000 });\nconst options = { host: 'example.com', method: 'PUT', agent };\nconst req = https.request(options);\nreq.on('error', () => {});\nfs.createReadStream('big.bin').pipe(req);\n`,
    },
    {
      name: 'the global agent with options in a const: no place for the request timeout, no fix',
      nodeVersion: '22',
      code: `const http = require('http');
const options = { host: 'example.com', method: 'POST' };
const req = http.request(options);
req.on('timeout', () => req.destroy());
req.on('error', () => {});
process.stdin.pipe(req);
`,
      errors: [{ messageId: 'viaListener', fixes: [] }],
      output: null,
    },
    {
      name: 'TypeScript',
      filename: 'case.ts',
      code: `import * as https from 'node:https';
import { createReadStream } from 'node:fs';
import { HttpsAgent } from 'agentkeepalive';
const agent = new HttpsAgent({ maxSockets: 10 });
export function upload(file: string): void {
  const req = https.request('https://example.com/upload', { method: 'PUT', agent });
  req.on('error', (err: Error) => console.error(err));
  createReadStream(file).pipe(req);
}
`,
      errors: [{ messageId: 'killsItself', line: 6 }],
      output: `import * as https from 'node:https';
import { createReadStream } from 'node:fs';
import { HttpsAgent } from 'agentkeepalive';
const agent = new HttpsAgent({ maxSockets: 10, timeout: 60000 });
export function upload(file: string): void {
  const req = https.request('https://example.com/upload', { method: 'PUT', agent });
  req.on('error', (err: Error) => console.error(err));
  createReadStream(file).pipe(req);
}
`,
    },
  ],
});
