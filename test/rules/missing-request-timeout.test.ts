import rule from '../../server/src/rules/missing-request-timeout';
import { ruleTests } from './ruleTester';

const HTTP = `const http = require('http');\n`;
const HTTPS = `const https = require('https');\n`;

ruleTests(rule, {
  valid: [
    // a timeout option (with a listener that destroys)
    `${HTTP}const req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nreq.end();\n`,
    `${HTTPS}https.get('https://example.com', { timeout: 10000 }, (res) => res.resume()).on('error', () => {});\n`,
    // setTimeout on the request
    `${HTTP}const req = http.get('http://example.com', (res) => res.resume());\nreq.setTimeout(5000, () => req.destroy());\nreq.on('error', () => {});\n`,
    // chained setTimeout
    `${HTTP}http.get('http://example.com', (res) => res.resume()).setTimeout(5000).on('timeout', function () { this.destroy(); });\n`,
    // a signal
    { code: `import * as https from 'node:https';\nconst req = https.request('https://example.com', { signal: AbortSignal.timeout(5000) });\nreq.end();\n`, filename: 'case.ts' },
    // an agent with a timeout
    `${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\nconst req = http.get({ host: 'example.com', agent }, (res) => res.resume());\n`,
    `${HTTPS}const Agent = require('agentkeepalive').HttpsAgent;\nconst agent = new Agent();\nhttps.get({ host: 'example.com', agent: agent }, (res) => res.resume());\n`,
    // the global agent has a 5 s timeout from Node 19
    { code: `${HTTP}http.get({ host: 'example.com', agent: http.globalAgent }, (res) => res.resume());\n`, nodeVersion: '20' },
    // an agent the analysis cannot see
    `${HTTP}function get(agent) {\n  http.get({ host: 'example.com', agent }, (res) => res.resume());\n}\n`,
    // options the analysis cannot read
    `${HTTP}function get(options) {\n  http.get(options, (res) => res.resume());\n}\n`,
    `${HTTP}function get(extra) {\n  http.get({ host: 'example.com', ...extra }, (res) => res.resume());\n}\n`,
    // a const options object that gets its timeout later, or more properties from elsewhere
    `${HTTP}const opts = { host: 'example.com' };\nopts.timeout = 5000;\nhttp.get(opts, (res) => res.resume());\n`,
    `${HTTP}const defaults = require('./defaults');\nconst opts = { host: 'example.com' };\nObject.assign(opts, defaults);\nhttp.get(opts, (res) => res.resume());\n`,
    // escapes: the caller may bound it
    `${HTTP}function open(url) {\n  return http.get(url);\n}\n`,
    `${HTTP}const { withTimeout } = require('./timeouts');\nwithTimeout(http.get('http://example.com'));\n`,
    // bounded in a same-file function it is passed to
    `${HTTP}function bound(r) {\n  r.setTimeout(5000, () => r.destroy());\n}\nconst req = http.get('http://example.com');\nbound(req);\n`,
    // fetch is bounded by undici's defaults unless includeFetch
    { code: `${HTTP}async function f() {\n  return fetch('https://example.com');\n}\n`, filename: 'case.ts' },
    // with includeFetch: a signal, or a Request object that may carry one
    { code: `${HTTP}async function f() {\n  return fetch('https://example.com', { signal: AbortSignal.timeout(1000) });\n}\n`, filename: 'case.ts', options: { includeFetch: true } },
    { code: `${HTTP}async function f(r: Request) {\n  return fetch(r);\n}\n`, filename: 'case.ts', options: { includeFetch: true } },
    { code: `const { request } = require('undici');\nrequest('https://example.com', { headersTimeout: 5000, bodyTimeout: 5000 });\n`, options: { includeFetch: true } },
    // a same-file function named fetch is not fetch
    { code: `${HTTP}function fetch(url) { return url; }\nfetch('https://example.com');\n`, options: { includeFetch: true } },
  ],
  invalid: [
    {
      name: 'a request with a callback: timeout option and a destroying listener',
      code: `${HTTP}const req = http.request({ host: 'example.com', path: '/' }, (res) => res.resume());\nreq.on('error', () => {});\nreq.end();\n`,
      errors: [{
        messageId: 'request',
        line: 2,
        column: 13,
        fixes: [`${HTTP}const req = http.request({ host: 'example.com', path: '/', timeout: 30000 }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', () => {});\nreq.end();\n`],
      }],
    },
    {
      name: 'a URL and a callback: an options argument is inserted before the callback',
      code: `${HTTPS}const req = https.get('https://example.com/', (res) => res.resume());\nreq.on('error', () => {});\n`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `${HTTPS}const req = https.get('https://example.com/', { timeout: 30000 }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', () => {});\n`,
    },
    {
      name: 'no variable (JS): the listener chains and reaches the request through this',
      code: `${HTTPS}https.get('https://example.com', (res) => res.resume()).on('error', () => {});\n`,
      errors: [{ messageId: 'request', line: 2, column: 1 }],
      output: `${HTTPS}https.get('https://example.com', { timeout: 30000 }, (res) => res.resume()).on('timeout', function () { this.destroy(new Error('request timeout')); }).on('error', () => {});\n`,
    },
    {
      name: 'a chain written one call per line gets the listener on its own line',
      code: `${HTTPS}function get(url) {\n  return new Promise((resolve, reject) => {\n    https\n      .get(url, (res) => resolve(res))\n      .on('error', reject);\n  });\n}\n`,
      errors: [{ messageId: 'request', line: 4 }],
      output: `${HTTPS}function get(url) {\n  return new Promise((resolve, reject) => {\n    https\n      .get(url, { timeout: 30000 }, (res) => resolve(res))\n      .on('timeout', function () { this.destroy(new Error('request timeout')); })\n      .on('error', reject);\n  });\n}\n`,
    },
    {
      name: 'no semicolons in the file, none in the listener',
      code: `${HTTPS.replace(';', '')}https.get('https://example.com', (res) => res.resume()).on('error', () => {})\n`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `${HTTPS.replace(';', '')}https.get('https://example.com', { timeout: 30000 }, (res) => res.resume()).on('timeout', function () { this.destroy(new Error('request timeout')) }).on('error', () => {})\n`,
    },
    {
      name: 'no variable (TS): the listener declares its this',
      filename: 'case.ts',
      code: `import * as https from 'node:https';\nhttps.get('https://example.com', (res) => res.resume());\n`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `import * as https from 'node:https';\nhttps.get('https://example.com', { timeout: 30000 }, (res) => res.resume()).on('timeout', function (this: import('http').ClientRequest) { this.destroy(new Error('request timeout')); });\n`,
    },
    {
      name: 'incident 5: a multi-line options object, in a Promise, with defaultTimeoutMs',
      code: `${HTTP}function call(body) {\n  return new Promise((resolve, reject) => {\n    const req = http.request({\n      host: 'db-proxy',\n      method: 'POST',\n    }, resolve);\n    req.on('error', reject);\n    req.end(body);\n  });\n}\n`,
      options: { defaultTimeoutMs: 10000 },
      errors: [{ messageId: 'request', line: 4 }],
      output: `${HTTP}function call(body) {\n  return new Promise((resolve, reject) => {\n    const req = http.request({\n      host: 'db-proxy',\n      method: 'POST',\n      timeout: 10000,\n    }, resolve);\n    req.on('timeout', () => {\n      req.destroy(new Error('request timeout'));\n    });\n    req.on('error', reject);\n    req.end(body);\n  });\n}\n`,
    },
    {
      name: "an existing 'timeout' listener: only the option is added",
      code: `${HTTP}const req = http.get('http://example.com');\nreq.on('timeout', () => req.destroy());\n`,
      errors: [{ messageId: 'request' }],
      output: `${HTTP}const req = http.get('http://example.com', { timeout: 30000 });\nreq.on('timeout', () => req.destroy());\n`,
    },
    {
      name: 'an agent without a timeout does not bound the request',
      code: `${HTTP}const agent = new http.Agent({ keepAlive: true });\nconst req = http.get({ host: 'example.com', agent }, (res) => res.resume());\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `${HTTP}const agent = new http.Agent({ keepAlive: true });\nconst req = http.get({ host: 'example.com', agent, timeout: 30000 }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\n`,
    },
    {
      name: 'agent: false and the global agent before Node 19 have no timeout',
      code: `${HTTP}http.get({ host: 'a', agent: false });\nhttp.get({ host: 'b', agent: http.globalAgent });\n`,
      nodeVersion: '18',
      errors: [{ messageId: 'request', line: 2 }, { messageId: 'request', line: 3 }],
    },
    {
      name: 'TypeScript, named import, double quotes, no semicolons',
      filename: 'case.ts',
      code: `import { request } from "node:http"\n\nexport function ping(): void {\n    const req = request("http://localhost:8080/health")\n    req.on("error", () => {})\n    req.end()\n}\n`,
      errors: [{ messageId: 'request', line: 4, column: 17 }],
      output: `import { request } from "node:http"\n\nexport function ping(): void {\n    const req = request("http://localhost:8080/health", { timeout: 30000 })\n    req.on("timeout", () => {\n        req.destroy(new Error("request timeout"))\n    })\n    req.on("error", () => {})\n    req.end()\n}\n`,
    },
    {
      name: 'options from a same-file const: reported, not rewritten',
      code: `${HTTP}const OPTIONS = { host: 'example.com' };\nconst req = http.get(OPTIONS);\nreq.end();\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: null,
    },
    {
      name: 'an untyped URL parameter (JS)',
      code: `${HTTPS}function download(url, cb) {\n  const req = https.get(url, cb);\n  req.on('error', cb);\n}\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: `${HTTPS}function download(url, cb) {\n  const req = https.get(url, { timeout: 30000 }, cb);\n  req.on('timeout', () => {\n    req.destroy(new Error('request timeout'));\n  });\n  req.on('error', cb);\n}\n`,
    },
    {
      name: 'includeFetch: fetch without options gets a signal',
      filename: 'case.ts',
      code: `export async function load(): Promise<unknown> {\n  const res = await fetch('https://example.com/data');\n  return res.json();\n}\n`,
      options: { includeFetch: true },
      errors: [{ messageId: 'fetch', line: 2, column: 21 }],
      output: `export async function load(): Promise<unknown> {\n  const res = await fetch('https://example.com/data', { signal: AbortSignal.timeout(30000) });\n  return res.json();\n}\n`,
    },
    {
      name: 'includeFetch: an options object without a signal',
      filename: 'case.ts',
      code: `export async function post(url: string, body: string): Promise<Response> {\n  return fetch(url, { method: 'POST', body });\n}\n`,
      options: { includeFetch: true, defaultTimeoutMs: 5000 },
      errors: [{ messageId: 'fetch' }],
      output: `export async function post(url: string, body: string): Promise<Response> {\n  return fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });\n}\n`,
    },
    {
      name: "includeFetch: undici's fetch and request, a multi-line options object",
      code: `import { fetch as ufetch, request } from 'undici';\nexport const a = () => ufetch('https://example.com');\nexport const b = () => request('https://example.com', {\n  method: 'POST',\n});\n`,
      filename: 'case.mjs',
      options: { includeFetch: true },
      errors: [{ messageId: 'fetch', line: 2 }, { messageId: 'fetch', line: 3 }],
      output: `import { fetch as ufetch, request } from 'undici';\nexport const a = () => ufetch('https://example.com', { signal: AbortSignal.timeout(30000) });\nexport const b = () => request('https://example.com', {\n  method: 'POST',\n  signal: AbortSignal.timeout(30000),\n});\n`,
    },
  ],
});
