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
      code: `const http = require('http');\nconst req = http.request('http://example.com', { method: 'POST' });\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);`,
    },
    `const http = require('http');\nconst req = http.request('http://example.com', { method: 'POST' });\nreq.on('error', () => {});\nprocess.stdin.pipe(req);`,
    // a body sent at once, or no body
    `${KA}const agent = new HttpsAgent();\nconst req = https.request('https://example.com', { method: 'POST', agent });\nreq.on('error', () => {});\nreq.end(JSON.stringify({ ok: true }));`,
    `${KA}const agent = new HttpsAgent();\nconst req = https.get('https://example.com', { agent }, (res) => res.resume());\nreq.on('error', () => {});`,
    // not pooled, or an agent the analysis cannot see
    `const http = require('http');\nconst req = http.request('http://example.com', { method: 'POST', agent: false });\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);`,
    `import * as https from 'node:https';\nimport * as fs from 'node:fs';\nimport { agent } from './agents';\nconst req = https.request('https://example.com', { method: 'PUT', agent });\nreq.on('error', () => {});\nfs.createReadStream('big.bin').pipe(req);`,
    // a Node agent without a timeout
    `const http = require('http');\nconst agent = new http.Agent({ keepAlive: true });\nconst req = http.request('http://example.com', { method: 'POST', agent });\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);`,
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
      code: `const http = require('http');\nconst Agent = require('agentkeepalive');\nconst agent = new Agent({ freeSocketTimeout: 4000 });\nconst req = http.request('http://example.com/logs', { method: 'POST', agent });\nreq.on('error', () => {});\nprocess.stdin.on('data', (chunk) => req.write(chunk));\n`,
      errors: [{ messageId: 'killsItself', line: 4 }],
      output: `const http = require('http');\nconst Agent = require('agentkeepalive');\nconst agent = new Agent({ freeSocketTimeout: 4000, timeout: 60000 });\nconst req = http.request('http://example.com/logs', { method: 'POST', agent });\nreq.on('error', () => {});\nprocess.stdin.on('data', (chunk) => req.write(chunk));\n`,
    },
    {
      name: "Node 24's global agent: 5 s socket timeout fires the destroying 'timeout' listener (pipeline)",
      code: `const http = require('http');\nconst { pipeline } = require('stream');\nfunction upload(src, cb) {\n  const req = http.request({ host: 'example.com', method: 'POST' });\n  req.on('timeout', () => req.destroy(new Error('timeout')));\n  req.on('error', cb);\n  pipeline(src, req, cb);\n}\n`,
      errors: [{ messageId: 'viaListener', line: 4 }],
      output: `const http = require('http');\nconst { pipeline } = require('stream');\nfunction upload(src, cb) {\n  const req = http.request({ host: 'example.com', method: 'POST', timeout: 60000 });\n  req.on('timeout', () => req.destroy(new Error('timeout')));\n  req.on('error', cb);\n  pipeline(src, req, cb);\n}\n`,
    },
    {
      name: 'the global agent, http.request(url, callback): options inserted before the callback',
      nodeVersion: '20',
      code: `const http = require('http');\nconst req = http.request('http://example.com/upload', (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);\n`,
      errors: [{ messageId: 'viaListener', line: 2 }],
      output: `const http = require('http');\nconst req = http.request('http://example.com/upload', { timeout: 60000 }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);\n`,
    },
    {
      name: 'a Node agent with a 5 s timeout, writes in a for await loop',
      code: `const http = require('http');\nconst agent = new http.Agent({ keepAlive: true, timeout: 5000 });\nasync function send(chunks) {\n  const req = http.request('http://example.com/ingest', { method: 'POST', agent });\n  req.on('timeout', () => req.destroy());\n  req.on('error', () => {});\n  for await (const chunk of chunks) req.write(chunk);\n  req.end();\n}\n`,
      errors: [{ messageId: 'viaListener', line: 4 }],
      output: `const http = require('http');\nconst agent = new http.Agent({ keepAlive: true, timeout: 60000 });\nasync function send(chunks) {\n  const req = http.request('http://example.com/ingest', { method: 'POST', agent });\n  req.on('timeout', () => req.destroy());\n  req.on('error', () => {});\n  for await (const chunk of chunks) req.write(chunk);\n  req.end();\n}\n`,
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
      code: `const http = require('http');\nconst options = { host: 'example.com', method: 'POST' };\nconst req = http.request(options);\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nprocess.stdin.pipe(req);\n`,
      errors: [{ messageId: 'viaListener', fixes: [] }],
      output: null,
    },
    {
      name: 'TypeScript',
      filename: 'case.ts',
      code: `import * as https from 'node:https';\nimport { createReadStream } from 'node:fs';\nimport { HttpsAgent } from 'agentkeepalive';\nconst agent = new HttpsAgent({ maxSockets: 10 });\nexport function upload(file: string): void {\n  const req = https.request('https://example.com/upload', { method: 'PUT', agent });\n  req.on('error', (err: Error) => console.error(err));\n  createReadStream(file).pipe(req);\n}\n`,
      errors: [{ messageId: 'killsItself', line: 6 }],
      output: `import * as https from 'node:https';\nimport { createReadStream } from 'node:fs';\nimport { HttpsAgent } from 'agentkeepalive';\nconst agent = new HttpsAgent({ maxSockets: 10, timeout: 60000 });\nexport function upload(file: string): void {\n  const req = https.request('https://example.com/upload', { method: 'PUT', agent });\n  req.on('error', (err: Error) => console.error(err));\n  createReadStream(file).pipe(req);\n}\n`,
    },
  ],
});
