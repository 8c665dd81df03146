import rule from '../../server/src/rules/missing-request-timeout';
import { ruleTests } from './ruleTester';
import { browserifyBundle, deadlineThroughWrapper } from './sharedCases';

const HTTP = `const http = require('http');\n`;
const HTTPS = `const https = require('https');\n`;

/** An upload to `host` whose request (created on line 3) gets `timer` after its first write. */
function timedUpload(host: string, timer: string): string {
  return `const http = require('http');
function upload(port, done) {
  const req = http.request({ hostname: '${host}', port, method: 'POST' }, (res) => res.resume());
  req.on('error', (err) => done(err));
  req.write('Hello');
  ${timer}
}
module.exports = upload;`;
}

/** An esbuild CommonJS bundle (koffi's): a bundled tools module and the module that takes from it. */
function bundle(take: string): string {
  return `"use strict";
var __getOwnPropNames = Object.getOwnPropertyNames;
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var require_tools = __commonJS({
  "src/tools.js"(exports2, module2) {
    var https = require("https");
    function download_http(url, cb) {
      https.get(url, (res) => res.pipe(process.stdout)).on("error", cb);
    }
    function get_napi_version() {
      return process.versions.napi;
    }
    module2.exports = { download_http, get_napi_version };
  }
});
var require_init = __commonJS({
  "src/init.js"(exports, module) {
    ${take}
    module.exports = { napi: get_napi_version() };
  }
});
module.exports = require_init();
`;
}

ruleTests(rule, {
  valid: [
    {
      // z-schema's and testling's browserify bundles: the module map gives "https" a module of the
      // bundle (stream-http over XHR), so the request is a browser's, not Node's.
      name: 'a request in a browserify bundle whose module map gives https a bundled stand-in',
      filename: 'dist/bundle.js',
      code: browserifyBundle(true),
    },
    {
      // webpack's lazy-compilation client: an event stream meant to stay open, whose response the
      // caller destroys through the function it gets back.
      name: "a request whose response the function hands back a way to destroy (an event stream's disposer)",
      code: `exports.keepAlive = function (options) {
  var response;
  var request = require('http').request(options.url, { agent: false, headers: { accept: 'text/event-stream' } }, function (res) {
    response = res;
    response.on('error', options.onError);
  });
  request.on('error', options.onError);
  request.end();
  return function () {
    response.destroy();
  };
};`,
    },
    {
      name: 'a request whose abort the function returns in a handle',
      code: `const https = require('https');
module.exports = function subscribe(url, onEvent) {
  const req = https.get(url, (res) => res.on('data', onEvent));
  req.on('error', () => {});
  return { cancel() { req.destroy(); } };
};`,
    },
    {
      name: "a function of an esbuild bundle's module that no require_x() of the bundle takes never runs",
      code: bundle('var { get_napi_version } = require_tools();'),
    },
    {
      name: "a deadline kept through a same-file wrapper of setTimeout that aborts the request (pubnub's timeout(fun, wait))",
      code: deadlineThroughWrapper('function timeout(fun, wait) { return setTimeout(fun, wait); }'),
    },
    {
      name: "a test's request forwarding an incoming request's headers to a port of this machine: headers are no address",
      code: `${HTTP}http.createServer((request, response) => {
  const upstream = http.request({ port: 8081, path: request.url, headers: request.headers }, (res) => res.pipe(response));
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}).listen(0);
`,
      filename: 'test/forward.test.js',
    },
    {
      name: "a test request to a host the test is given: nothing shows another machine, so the suite's own",
      code: `${HTTP}module.exports = (host, port) => {\n  http.get({ host, port, path: '/' }, (res) => res.resume());\n};\n`,
      filename: 'test/helpers.js',
    },
    {
      name: 'a test request to a URL the test is given (a support helper)',
      code: `${HTTP}function fetchPage(url, done) {\n  http.get(url, (res) => done(null, res)).on('error', done);\n}\nmodule.exports = fetchPage;\n`,
      filename: 'test/support/fetch.js',
    },
    // A test's request to this machine reaches a server its suite runs (issue 9, shape 10)
    {
      name: "a test's request to localhost (jayson, express-http-proxy)",
      code: `${HTTP}describe('api', () => {\n  it('answers', (done) => {\n    http.get('http://localhost:3000/', (res) => { res.resume(); done(); });\n  });\n});\n`,
      filename: 'test/api.test.js',
    },
    {
      name: "a test's request to its own server's port on 127.0.0.1",
      code: `${HTTP}const server = http.createServer((req, res) => res.end('ok'));\nit('answers', (done) => {\n  server.listen(0, () => {\n    http.get(\`http://127.0.0.1:\${server.address().port}/\`, (res) => { res.resume(); done(); });\n  });\n});\n`,
      filename: 'test/server.test.js',
    },
    {
      name: "a test's request with options naming localhost (express-http-proxy's streaming test)",
      code: `${HTTP}function simulateUserRequest() {\n  return new Promise((resolve, reject) => {\n    const req = http.request({ hostname: 'localhost', port: 8308, path: '/stream' }, (res) => res.on('end', resolve).resume());\n    req.on('error', reject);\n    req.end();\n  });\n}\nit('streams', () => simulateUserRequest());\n`,
      filename: 'test/streaming.js',
    },
    {
      name: "a test's request with options in a variable naming localhost (daemon's test)",
      code: `${HTTP}it('serves', (done) => {\n  setTimeout(() => {\n    var opt = { host: 'localhost', port: 9000 };\n    http.get(opt, (res) => { res.resume(); done(); });\n  }, 500);\n});\n`,
      filename: 'test/daemon-test.js',
    },
    {
      name: "a test's request with no host: Node's default is localhost",
      code: `${HTTP}it('answers', (done) => {\n  const req = http.request({ port: 3999, method: 'POST' }, (res) => { res.resume(); done(); });\n  req.end('{}');\n});\n`,
      filename: 'test/http.client-server.test.js',
    },
    {
      name: "a test's request to a base URL kept in a const, on [::1]",
      code: `${HTTP}const base = 'http://[::1]:8080';\nit('answers', (done) => {\n  http.get(base + '/health', (res) => { res.resume(); done(); });\n});\n`,
      filename: 'test/health.spec.js',
    },
    {
      // node-git-server's tests
      name: "a test's node-fetch request to a localhost URL held in a const",
      code: `const fetch = require('node-fetch');\nconst port = 7000;\nconst url = \`http://localhost:\${port}/repo.git/info/refs\`;\nit('serves refs', async () => {\n  const res = await fetch(url);\n  expect(res.status).toBe(200);\n});\n`,
      filename: 'test/git.test.js',
    },
    {
      // @open-rpc/mock-server's CLI test requests the server it spawned on 0.0.0.0
      name: "a test's request to 0.0.0.0, which connects to this machine",
      code: `${HTTP}it('answers', (done) => {\n  const req = http.request({ host: '0.0.0.0', port: 3333, method: 'POST' }, (res) => { res.resume(); done(); });\n  req.end('{}');\n});\n`,
      filename: 'src/cli.test.js',
    },
    {
      // fastify's tests request the address its listen callback reports
      name: "a test's request to the address its own server's listen callback reports",
      code: `${HTTP}const fastify = require('fastify')();\nfastify.listen({ port: 0 }, (err, address) => {\n  http.get(address + '/early-hints', (res) => res.resume());\n});\n`,
      filename: 'test/reply-early-hints.test.js',
    },
    {
      name: "a test's request over a Unix socket",
      code: `${HTTP}it('answers', (done) => {\n  http.get({ socketPath: '/tmp/app.sock', path: '/' }, (res) => { res.resume(); done(); });\n});\n`,
      filename: 'test/ipc.test.js',
    },
    {
      // hapi's and subtext's tests abort their upload after a few milliseconds.
      name: 'a request aborted by a timer: a deadline bounds it',
      code: timedUpload('localhost', `setTimeout(function () {\n    req.abort();\n  }, 15);`),
    },
    {
      name: 'a request aborted by a helper the timer calls: a deadline bounds it',
      code: timedUpload('example.com', `const fail = () => req.abort();\n  setTimeout(() => fail(), 5000);`),
    },
    {
      name: 'a request destroyed by a timer the response clears: a deadline bounds it',
      code: `const https = require('https');
function get(url, cb) {
  const req = https.get(url, (res) => {
    clearTimeout(timer);
    res.resume();
    res.on('end', () => cb(null, res.statusCode));
  });
  const timer = setTimeout(() => req.destroy(new Error('deadline')), 10000);
  req.on('error', cb);
}
module.exports = get;`,
    },
    {
      name: "options it cannot read, and a timer that aborts the request: the caller's deadline closes it",
      code: `const http = require('http');
module.exports = function get(opts) {
  return new Promise((resolve, reject) => {
    const req = http.get(Object.assign({}, opts.requestOptions), (res) => resolve(res));
    req.on('error', reject);
    setTimeout(() => { req.abort(); reject(new Error('timed out')); }, 5000);
  });
};`,
    },
    {
      name: 'options it cannot read, and a timer that calls a cleanup function of the file: not judged',
      code: `const http = require('http');
module.exports = function get(opts, callback) {
  let timer;
  function finish(err, res) { clearTimeout(timer); callback(err, res); }
  const req = http.get(opts.requestOptions, (res) => finish(null, res));
  req.on('error', finish);
  timer = setTimeout(() => finish(new Error('timed out')), 5000);
};`,
    },
    {
      name: "options it cannot read, and no timer of the caller's own: they may carry the timeout",
      code: `const https = require('https');
module.exports = (url, extra) => new Promise((resolve, reject) => {
  https.get(Object.assign({}, require('url').parse(url), extra), resolve).on('error', reject);
});`,
    },
    `const fetch = require('node-fetch');
module.exports = (url) => fetch(url, { timeout: 10000 });`,
    `const fetch = require('node-fetch');
module.exports = (url) => fetch(url, { signal: AbortSignal.timeout(10000) });`,
    {
      name: "node-fetch with an agent of the caller's choosing, or options from a parameter: not judged",
      code: `const fetch = require('node-fetch');
const { HttpsProxyAgent } = require('https-proxy-agent');
exports.viaProxy = (url, proxy) => fetch(url, { agent: new HttpsProxyAgent(proxy) });
exports.withOptions = (url, options) => fetch(url, options);
exports.spread = (url, options) => fetch(url, { ...options, method: 'GET' });`,
    },
    {
      name: 'node-fetch options from a const that sets a timeout',
      filename: 'case.ts',
      code: `import fetch from 'node-fetch';
const options = { timeout: 5000, headers: { accept: 'application/json' } };
export const load = (url: string) => fetch(url, options);`,
    },
    {
      name: "sonos: node-fetch 2 given a Request that carries its own timeout, made inline or by the class's own method",
      code: `const fetch = require('node-fetch');
class Service {
  generateRequest(action, body) {
    return new fetch.Request(this.url + action, { method: 'POST', body, timeout: 30000 });
  }
  async call(action, body) {
    return fetch(this.generateRequest(action, body));
  }
  async handleRequest(request) {
    return fetch(request);
  }
  async subscribe(url) {
    return fetch(new fetch.Request(url, { method: 'SUBSCRIBE', timeout: 15000 }));
  }
  async speak(url, text) {
    const request = new fetch.Request(url, { method: 'POST', body: text, timeout: 10000 });
    return fetch(request);
  }
  async relay(url) {
    const request = buildRequest(url);
    return fetch(request);
  }
}
module.exports = Service;`,
    },
    {
      name: 'a function of the file named fetch is not node-fetch',
      code: `function fetch(url) { return require('node-fetch')(url, { timeout: 1000 }); }
module.exports = () => fetch('https://example.com');`,
    },
    {
      name: "a field that is https in one place and a caller's client in another is not known to be Node's module",
      code: `var https = require('https');
function Client(options) {
  this._protocol = options.transport || https;
  this._protocol = options.transport;
}
Client.prototype.send = function (path, cb) {
  var req = this._protocol.request({ hostname: 'api.example.com', path: path }, function (res) { res.resume(); cb(null, res.statusCode); });
  req.on('error', cb);
  req.end();
};
module.exports = Client;`,
    },
    {
      name: "a const that picks between https.request and the project's own request function: not Node's client on one branch",
      filename: 'case.ts',
      code: `import { request as httpsReq, type RequestOptions } from 'https';
import type { IncomingMessage } from 'http';
function ownReq(url: string, o: RequestOptions, cb: (res: IncomingMessage) => void) {
  return httpsReq(url, { ...o, timeout: 10000 }, cb).on('timeout', function () { this.destroy(); });
}
export const head = (url: string, secure: boolean): Promise<string> =>
  new Promise((resolve, reject) => {
    const request = secure ? httpsReq : ownReq;
    return request(url, { method: 'HEAD' }, () => resolve(url))
      .on('error', reject)
      .end();
  });
`,
    },
    {
      name: 'a const that picks between http.request and https.request, with a timeout option and a listener that destroys',
      filename: 'case.ts',
      code: `import { request as httpReq } from 'http';
import { request as httpsReq } from 'https';
export const head = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsReq : httpReq;
    const req = request(url, { method: 'HEAD', timeout: 5000 }, () => resolve(url));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
`,
    },
    // Object.assign(options, { timeout }) before the request writes the timeout (shape 4)
    `${HTTP}const options = { host: 'example.com' };\nObject.assign(options, { timeout: 5000 });\nconst req = http.request(options);\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}const options = { host: 'example.com' };\nObject.assign(options, extra);\nhttp.request(options).end();\n`,
    // timesync, after its fix: options in a var, a module chosen by a conditional, the timeout set on the request's socket
    {
      code: `import http from 'http';
import https from 'https';
export function post(url, body, callback, timeout) {
  var urlObj = new URL(url);
  var options = { host: urlObj.hostname, path: urlObj.pathname, method: 'POST', headers: {} };
  options.headers['Content-Type'] = 'application/json';
  var proto = urlObj.protocol === 'https:' ? https : http;
  var req = proto.request(options, (res) => res.resume());
  req.on('error', (err) => callback(err));
  req.on('socket', function (socket) {
    socket.setTimeout(timeout, function () {
      req.abort();
    });
  });
  req.end(body);
}
`,
      filename: 'case.ts',
      name: "a timeout set on the request's socket in its 'socket' listener",
    },
    // A module chosen by an expression, with a timeout (shape 1)
    {
      code: `import http from 'http';
import https from 'https';
export function get(url: string) {
  const proto = url.startsWith('https:') ? https : http;
  const req = proto.request(url, { timeout: 5000 });
  req.on('timeout', () => req.destroy());
  req.end();
}
`,
      filename: 'case.ts',
    },
    // Options through variables (issue 9, shape 4): read when they can be read, silent when not
    `${HTTPS}let options = { host: 'example.com', timeout: 10000 };\nconst req = https.request(options, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}const base = { timeout: 5000 };\nconst req = http.request({ ...base, host: 'example.com' }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}const defaults = { host: 'example.com' };\nconst req = http.request(Object.assign({}, defaults, { timeout: 5000 }), (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}function requestOptions() {\n  return { host: 'example.com', timeout: 5000 };\n}\nconst req = http.request(requestOptions(), (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}const options = { host: 'example.com' };\noptions.timeout = 5000;\nconst req = http.request(options, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.end();\n`,
    `${HTTP}const options = { ...require('./config').http };\nhttp.request(options, (res) => res.resume()).end();\n`,
    `${HTTP}let options = { host: 'example.com' };\noptions = load();\nhttp.request(options, (res) => res.resume()).end();\n`,
    {
      name: 'Compiled imports (shape 1)',
      code: `const http_1 = require("http");
const req = (0, http_1.get)('http://example.com', { timeout: 5000 }, (res) => res.resume());
req.on('timeout', () => req.destroy());
`,
    },
    // a timeout option (with a listener that destroys)
    `${HTTP}const req = http.request({ host: 'example.com', timeout: 5000 }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\nreq.on('error', () => {});\nreq.end();\n`,
    `${HTTPS}https.get('https://example.com', { timeout: 10000 }, (res) => res.resume()).on('error', () => {});\n`,
    // setTimeout on the request
    `${HTTP}const req = http.get('http://example.com', (res) => res.resume());\nreq.setTimeout(5000, () => req.destroy());\nreq.on('error', () => {});\n`,
    // chained setTimeout
    `${HTTP}http.get('http://example.com', (res) => res.resume()).setTimeout(5000).on('timeout', function () { this.destroy(); });\n`,
    // a signal
    {
      code: `import * as https from 'node:https';
const req = https.request('https://example.com', { signal: AbortSignal.timeout(5000) });
req.end();
`,
      filename: 'case.ts',
    },
    // issue 11: a Node agent's timeout bounds the request only with a 'timeout' listener on the request
    // (timeout-without-teardown checks that the listener destroys it)
    `${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\nconst req = http.get({ host: 'example.com', agent }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\n`,
    // agentkeepalive destroys a timed-out active socket itself when the request has no 'timeout' listener
    `${HTTPS}const Agent = require('agentkeepalive').HttpsAgent;\nconst agent = new Agent();\nhttps.get({ host: 'example.com', agent: agent }, (res) => res.resume());\n`,
    // the global agent's 5 s idle timeout from Node 19, with a listener that destroys
    {
      code: `${HTTP}const req = http.get({ host: 'example.com', agent: http.globalAgent }, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\n`,
      nodeVersion: '20',
    },
    // an agent the analysis cannot see
    `${HTTP}function get(agent) {\n  http.get({ host: 'example.com', agent }, (res) => res.resume());\n}\n`,
    // options the analysis cannot read
    `${HTTP}function get(options) {\n  http.get(options, (res) => res.resume());\n}\n`,
    `${HTTP}function get(extra) {\n  http.get({ host: 'example.com', ...extra }, (res) => res.resume());\n}\n`,
    // a const options object that gets its timeout later, or more properties from elsewhere
    `${HTTP}const opts = { host: 'example.com' };\nopts.timeout = 5000;\nhttp.get(opts, (res) => res.resume());\n`,
    `${HTTP}const defaults = require('./defaults');\nconst opts = { host: 'example.com' };\nObject.assign(opts, defaults);\nhttp.get(opts, (res) => res.resume());\n`,
    // var declared without a value: assigned once with a timeout; assigned only in an if; assigned twice
    `var http = require('http');\nvar options, req;\noptions = { host: 'example.com', timeout: 5000 };\nreq = http.request(options, function (res) { res.resume(); });\nreq.on('timeout', function () { req.destroy(); });\nreq.end();\n`,
    `var http = require('http');\nvar options;\nif (process.env.PROXY) options = { host: process.env.PROXY };\nhttp.get(options, function (res) { res.resume(); });\n`,
    `var http = require('http');\nvar options;\noptions = { host: 'a.example' };\noptions = loadOptions();\nhttp.get(options, function (res) { res.resume(); });\n`,
    // the one assignment read from a callback created after it: its timeout counts
    `var http = require('http');\nfunction fetch(item) {\n  var options, req;\n  options = { host: item.host, timeout: 5000 };\n  process.nextTick(function () {\n    req = http.get(options, function (res) { res.resume(); });\n    req.on('timeout', function () { req.destroy(); });\n  });\n}\nmodule.exports = fetch;\n`,
    // a function declaration is hoisted: it may run before the assignment, with other options
    `var http = require('http');\nfunction fetch(item) {\n  var options;\n  start();\n  options = { host: item.host };\n  function start() {\n    http.get(options, function (res) { res.resume(); });\n  }\n}\nmodule.exports = fetch;\n`,
    // lodash's and underscore's assign/extend written like Object.assign: a timeout they bring counts
    `var http = require('http');\nvar _ = require('lodash');\nvar opts = _.assign({}, { host: 'example.com' }, { timeout: 5000 });\nvar req = http.get(opts, function (res) { res.resume(); });\nreq.on('timeout', function () { req.destroy(); });\n`,
    `var http = require('http');\nvar _ = require('underscore');\nvar opts = { host: 'example.com' };\n_.extend(opts, { timeout: 5000 });\nvar req = http.get(opts, function (res) { res.resume(); });\nreq.on('timeout', function () { req.destroy(); });\n`,
    // a source that cannot be read: it may bring a timeout
    `var http = require('http');\nvar _ = require('lodash');\nvar opts = _.extend({ host: 'example.com' }, require('./defaults'));\nhttp.get(opts, function (res) { res.resume(); });\n`,
    // `delete` of the timeout before the request: it may be gone, or still there
    `${HTTP}const opts = { host: 'example.com', timeout: 5000 };\nif (process.env.NO_TIMEOUT) delete opts.timeout;\nconst req = http.get(opts, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\n`,
    // a computed key deleted: anything may be gone
    `${HTTP}const opts = { host: 'example.com', timeout: 5000 };\ndelete opts[process.env.DROP];\nconst req = http.get(opts, (res) => res.resume());\nreq.on('timeout', () => req.destroy());\n`,
    // escapes: the caller may bound it
    `${HTTP}function open(url) {\n  return http.get(url);\n}\n`,
    `${HTTP}const { withTimeout } = require('./timeouts');\nwithTimeout(http.get('http://example.com'));\n`,
    // bounded in a same-file function it is passed to
    `${HTTP}function bound(r) {\n  r.setTimeout(5000, () => r.destroy());\n}\nconst req = http.get('http://example.com');\nbound(req);\n`,
    // fetch is bounded by undici's defaults unless includeFetch
    { code: `${HTTP}async function f() {\n  return fetch('https://example.com');\n}\n`, filename: 'case.ts' },
    // with includeFetch: a signal, or a Request object that may carry one
    {
      code: `${HTTP}async function f() {\n  return fetch('https://example.com', { signal: AbortSignal.timeout(1000) });\n}\n`,
      filename: 'case.ts',
      options: { includeFetch: true },
    },
    { code: `${HTTP}async function f(r: Request) {\n  return fetch(r);\n}\n`, filename: 'case.ts', options: { includeFetch: true } },
    {
      code: `const { request } = require('undici');
request('https://example.com', { headersTimeout: 5000, bodyTimeout: 5000 });
`,
      options: { includeFetch: true },
    },
    // a same-file function named fetch is not fetch
    { code: `${HTTP}function fetch(url) { return url; }\nfetch('https://example.com');\n`, options: { includeFetch: true } },
  ],
  invalid: [
    {
      // A bundle built for Node leaves Node's modules out of its map: require("https") is Node's.
      name: 'a request in a browserify bundle that leaves https out of its module map (built for Node)',
      filename: 'dist/bundle.js',
      code: browserifyBundle(false),
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      // The returned function only reads the response: the caller cannot end the request with it.
      name: 'a request whose returned function does not close it or its response',
      code: `exports.keepAlive = function (options) {
  var response;
  var request = require('http').request(options.url, { headers: { accept: 'text/event-stream' } }, function (res) {
    response = res;
    response.on('error', options.onError);
  });
  request.on('error', options.onError);
  request.end();
  return function () {
    return response && response.statusCode;
  };
};`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: "a function of an esbuild bundle's module that a require_x() of the bundle takes",
      code: bundle('var { get_napi_version, download_http } = require_tools();'),
      errors: [{ messageId: 'request', line: 10 }],
    },
    {
      name: "a bundled module's function when the bundle hands out the whole module",
      code: bundle('var get_napi_version = () => 1;').replace('module.exports = require_init();', 'module.exports = require_tools();'),
      errors: [{ messageId: 'request', line: 10 }],
    },
    {
      name: "a mock server's proxy to the backend its config names: a mock forwards to real services",
      code: `${HTTP}const config = require('./config');
module.exports = (req, res) => {
  const upstream = http.request({ host: config.proxyServer, path: req.url, method: req.method }, (r) => r.pipe(res));
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
};
`,
      filename: 'lib/mock-proxy.js',
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      name: 'a function named timeout that does not start a timer with the callback it is given: no deadline',
      code: deadlineThroughWrapper('function timeout(fun, wait) { return setTimeout(() => console.log(wait), wait); }'),
      errors: [{ messageId: 'request', line: 7 }],
    },
    {
      name: "a test proxy's request to the host an incoming request names (needle's test proxy)",
      code: `${HTTP}http.createServer((request, response) => {
  const opts = { host: request.headers['host'], port: 80, method: request.method, path: request.url, headers: request.headers };
  const upstream = http.request(opts, (res) => res.pipe(response));
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}).listen(0);
`,
      filename: 'test/utils/proxy.js',
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      name: 'a test request to a URL from the environment',
      code: `${HTTP}it('answers', (done) => {
  http.get(\`http://\${process.env.API_HOST}:8080/health\`, (res) => done()).on('error', done);
});
`,
      filename: 'test/health.test.js',
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: "options merged with lodash's assign, none of them a timeout",
      code: `var http = require('http');
var _ = require('lodash');
function status(host, done) {
  var opts = _.assign({ path: '/status' }, { host: host });
  var req = http.get(opts, function (res) { res.resume(); res.on('end', done); });
  req.on('error', done);
}
module.exports = status;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: "options extended in place with underscore's extend before the request, none of them a timeout",
      code: `var http = require('http');
var _ = require('underscore');
function status(host, headers, done) {
  var opts = { host: host, path: '/status' };
  _.extend(opts, { headers: headers });
  var req = http.get(opts, function (res) { res.resume(); res.on('end', done); });
  req.on('error', done);
}
module.exports = status;`,
      errors: [{ messageId: 'request', line: 6 }],
    },
    {
      // (simplecrawler: the default port dropped from the options before the request.)
      name: 'delete of another property before the request leaves the options readable: still no timeout',
      code: `var http = require('http');
function fetchPage(host, port, done) {
  var requestOptions = { host: host, port: port, path: '/' };
  if (requestOptions.port === 80) delete requestOptions.port;
  var req = http.get(requestOptions, function (res) { res.resume(); res.on('end', done); });
  req.on('error', done);
}
module.exports = fetchPage;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'the timeout deleted after the request changes nothing: the request had none',
      code: `var http = require('http');
function fetchPage(host, done) {
  var opts = { host: host, path: '/' };
  var req = http.get(opts, function (res) { res.resume(); res.on('end', done); });
  req.on('error', done);
  delete opts.timeout;
}
module.exports = fetchPage;`,
      errors: [{ messageId: 'request', line: 4 }],
    },
    {
      // CoffeeScript's output: every variable declared at the top, assigned later.
      name: 'options in a var declared without a value and assigned once before the request, no timeout among them',
      code: `var http = require('http');
var fetchStatus = function (host, done) {
  var options, req;
  options = { host: host, path: '/status' };
  req = http.request(options, function (res) { res.resume(); res.on('end', done); });
  req.on('error', done);
  req.end();
};
module.exports = fetchStatus;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'options assigned once, then read by a callback created after the assignment (simplecrawler)',
      code: `var http = require('http'), https = require('https');
function Crawler() {}
Crawler.prototype.fetchQueueItem = function (queueItem) {
  var crawler = this, requestOptions, clientRequest;
  var client = (queueItem.protocol === 'https' ? https : http);
  requestOptions = { host: queueItem.host, path: queueItem.path, headers: {} };
  if (requestOptions.port === 80) delete requestOptions.port;
  requestOptions.headers.cookie = crawler.cookie;
  process.nextTick(function () {
    clientRequest = client.get(requestOptions, function (response) { crawler.handleResponse(queueItem, response); });
    clientRequest.on('error', function (err) { crawler.emit('fetcherror', err); });
  });
};
module.exports = Crawler;`,
      errors: [{ messageId: 'request', line: 10 }],
    },
    {
      name: 'a timer that only ends the request body does not bound the response',
      code: timedUpload('upstream.local', `setTimeout(() => req.end(), 100);`),
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: 'a picked let factory, options it cannot read, and a timer that only rejects: the caller gives up, the request stays open (rss-parser#238)',
      code: `const http = require('http');
const https = require('https');
class Parser {
  constructor(options) { this.options = options; }
  parseURL(feedUrl) {
    let get = feedUrl.indexOf('https') === 0 ? https.get : http.get;
    let timeout = null;
    return new Promise((resolve, reject) => {
      const requestOpts = Object.assign({ headers: {} }, this.options.requestOptions);
      let req = get(requestOpts, (res) => resolve(res));
      req.on('error', reject);
      timeout = setTimeout(() => {
        return reject(new Error('Request timed out'));
      }, this.options.timeout);
    }).finally(() => clearTimeout(timeout));
  }
}
module.exports = Parser;`,
      errors: [{ messageId: 'timerOnly', line: 12 }],
      output: `const http = require('http');
const https = require('https');
class Parser {
  constructor(options) { this.options = options; }
  parseURL(feedUrl) {
    let get = feedUrl.indexOf('https') === 0 ? https.get : http.get;
    let timeout = null;
    return new Promise((resolve, reject) => {
      const requestOpts = Object.assign({ headers: {} }, this.options.requestOptions);
      let req = get(requestOpts, (res) => resolve(res));
      req.on('error', reject);
      timeout = setTimeout(() => {
        req.destroy(new Error('request timeout'));
        return reject(new Error('Request timed out'));
      }, this.options.timeout);
    }).finally(() => clearTimeout(timeout));
  }
}
module.exports = Parser;`,
    },
    {
      name: 'options it reads, and a timer that only calls back: both fixes offered, the timer first',
      code: `const http = require('http');
module.exports = function ping(host, callback) {
  const req = http.get({ host, path: '/health' }, (res) => { res.resume(); callback(null, res.statusCode); });
  req.on('error', callback);
  setTimeout(() => callback(new Error('timed out')), 2000);
};`,
      errors: [
        {
          messageId: 'timerOnly',
          line: 5,
          fixes: [
            `const http = require('http');
module.exports = function ping(host, callback) {
  const req = http.get({ host, path: '/health' }, (res) => { res.resume(); callback(null, res.statusCode); });
  req.on('error', callback);
  setTimeout(() => {
    req.destroy(new Error('request timeout'));
    callback(new Error('timed out'));
  }, 2000);
};`,
            `const http = require('http');
module.exports = function ping(host, callback) {
  const req = http.get({ host, path: '/health', timeout: 30000 }, (res) => { res.resume(); callback(null, res.statusCode); });
  req.on('timeout', () => {
    req.destroy(new Error('request timeout'));
  });
  req.on('error', callback);
  setTimeout(() => callback(new Error('timed out')), 2000);
};`,
          ],
        },
      ],
    },
    {
      name: 'a giving-up timer started through the timers module (timers.setTimeout) is reported like a bare setTimeout',
      code: `const http = require('http');
const timers = require('timers');
module.exports = (url) =>
  new Promise((resolve, reject) => {
    const req = http.get(url, resolve);
    req.on('error', reject);
    timers.setTimeout(() => reject(new Error('timed out')), 2000);
  });`,
      errors: [{ messageId: 'timerOnly', line: 7 }],
    },
    {
      name: "a request made by a method assigned in the constructor (this._get = function …) and used by the prototype's methods (osrm.js#7)",
      code: `var http = require('http');
function OSRM(url) {
  this._url = url;
  this._get = function (path, callback) {
    return http.get(path, callback);
  };
}
OSRM.prototype = {
  request: function (arg, callback) {
    var timeout = setTimeout(function () { callback(new Error('Request timed out')); }, 10000);
    this._get(this._url + arg, function (response) {
      response.on('end', function () { clearTimeout(timeout); callback(null); });
      response.resume();
    }).on('error', function (err) { callback(err); });
  },
};
module.exports = OSRM;`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'node-fetch given a Request made with no timeout or signal, inline or by a function of the file',
      code: `const fetch = require('node-fetch');
const post = (url, body) => new fetch.Request(url, { method: 'POST', body });
exports.send = (url, body) => fetch(post(url, body));
exports.get = (url) => fetch(new fetch.Request(url));
exports.speak = async (url, text) => {
  const request = new fetch.Request(url, { method: 'POST', body: text });
  return fetch(request);
};`,
      errors: [
        { messageId: 'nodeFetch', line: 3 },
        { messageId: 'nodeFetch', line: 4 },
        { messageId: 'nodeFetch', line: 7 },
      ],
      output: `const fetch = require('node-fetch');
const post = (url, body) => new fetch.Request(url, { method: 'POST', body });
exports.send = (url, body) => fetch(post(url, body), { signal: AbortSignal.timeout(30000) });
exports.get = (url) => fetch(new fetch.Request(url), { signal: AbortSignal.timeout(30000) });
exports.speak = async (url, text) => {
  const request = new fetch.Request(url, { method: 'POST', body: text });
  return fetch(request, { signal: AbortSignal.timeout(30000) });
};`,
    },
    {
      name: 'node-fetch without a timeout or signal: node-fetch sets none',
      code: `const fetch = require('node-fetch');
async function get(url) {
  const res = await fetch(url);
  return res.json();
}
module.exports = get;`,
      errors: [{ messageId: 'nodeFetch', line: 3 }],
      output: `const fetch = require('node-fetch');
async function get(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(30000) });
  return res.json();
}
module.exports = get;`,
    },
    {
      name: 'node-fetch imported by default with inline options that set no timeout',
      filename: 'case.ts',
      code: `import fetch from 'node-fetch';
export const post = (url: string, body: string) => fetch(url, { method: 'POST', body });`,
      errors: [{ messageId: 'nodeFetch', line: 2 }],
      output: `import fetch from 'node-fetch';
export const post = (url: string, body: string) => fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(30000) });`,
    },
    {
      name: "node-fetch through TypeScript's compiled import, options from a const with no timeout",
      code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
Object.defineProperty(exports, "__esModule", { value: true });
const node_fetch_1 = __importDefault(require("node-fetch"));
const options = { headers: { accept: 'application/json' } };
async function get(url) { return (0, node_fetch_1.default)(url, options); }
exports.get = get;`,
      errors: [{ messageId: 'nodeFetch', line: 6 }],
    },
    {
      name: 'node-fetch on Node 16: reported, no AbortSignal.timeout to write',
      nodeVersion: '16',
      code: `const fetch = require('node-fetch');
module.exports = (url) => fetch(url);`,
      errors: [{ messageId: 'nodeFetch', line: 2 }],
    },
    {
      name: "a request through a module kept in a prototype's field (node-parse-api: _api_protocol: require('https'))",
      code: `module.exports = Parse;
function Parse(appId) { this._appId = appId; }
Parse.prototype = {
  _api_protocol: require('https'),
  _api_host: 'api.parse.com',
  find: function (path, callback) { parseRequest.call(this, 'GET', path, callback); },
};
function parseRequest(method, path, callback) {
  var req = this._api_protocol.request({ hostname: this._api_host, path: path, method: method }, function (res) {
    res.resume();
    res.on('end', function () { callback(null); });
  });
  req.on('error', callback);
  req.end();
}`,
      errors: [{ messageId: 'request', line: 9 }],
    },
    {
      name: 'a request through a module a constructor chose into a field, and through a class field',
      code: `const http = require('http');
const https = require('https');
class Client {
  agentModule = require('https');
  constructor(secure) { this.transport = secure ? https : http; }
  get(path, cb) {
    const req = this.transport.request({ host: 'example.com', path }, (res) => { res.resume(); cb(null); });
    req.on('error', cb);
    req.end();
  }
  head(path, cb) {
    const req = this.agentModule.request({ host: 'example.com', path, method: 'HEAD' }, () => cb(null));
    req.on('error', cb);
    req.end();
  }
}
module.exports = Client;`,
      errors: [
        { messageId: 'request', line: 7 },
        { messageId: 'request', line: 12 },
      ],
    },
    {
      // tall, before its fix: the request function picked by protocol from named imports.
      name: 'a const that picks between http.request and https.request, named imports (tall)',
      filename: 'case.ts',
      code: `import { request as httpReq } from 'http';
import { request as httpsReq } from 'https';
export const head = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsReq : httpReq;
    return request(url, { method: 'HEAD' }, () => resolve(url))
      .on('error', reject)
      .end();
  });
`,
      errors: [{ messageId: 'request', line: 6 }],
    },
    {
      name: 'Object.assign(options, { … }) that writes no timeout',
      code: `${HTTP}const options = { host: 'example.com' };\nObject.assign(options, { path: '/' });\nconst req = http.request(options);\nreq.end();\n`,
      errors: [{ messageId: 'request', line: 4 }],
    },
    // timesync, before its fix
    {
      name: 'options in a var, a property set on a nested object, a module chosen by a conditional (timesync)',
      filename: 'case.ts',
      code: `import http from 'http';
import https from 'https';
export function post(url, body, callback) {
  var urlObj = new URL(url);
  var options = { host: urlObj.hostname, path: urlObj.pathname, method: 'POST', headers: {} };
  options.headers['Content-Type'] = 'application/json';
  var proto = urlObj.protocol === 'https:' ? https : http;
  var req = proto.request(options, (res) => res.resume());
  req.on('error', (err) => callback(err));
  req.end(body);
}
`,
      errors: [{ messageId: 'request', line: 8 }],
    },
    // From the real-fixes and corpus reviews (issue 9, shape 1)
    {
      name: 'a module chosen by a conditional kept in a variable, ES default imports (timesync)',
      filename: 'case.ts',
      code: `import http from 'http';
import https from 'https';
export function get(url: string, cb: (res: unknown) => void) {
  const proto = url.startsWith('https:') ? https : http;
  const req = proto.request(url, cb);
  req.on('error', cb);
  req.end();
}
`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: '(secure ? https : http).request(…) (httpxy, anyproxy)',
      code: `${HTTP}${HTTPS}function forward(secure, host, path, cb) {\n  const req = (secure ? https : http).request({ host, path }, cb);\n  req.on('error', cb);\n  req.end();\n}\nmodule.exports = forward;\n`,
      errors: [{ messageId: 'request', line: 4 }],
    },
    // Real findings in tests stay (issue 9, shape 10): a test's request to another host
    {
      name: 'a test request to another host with no timeout',
      code: `${HTTP}describe('api', () => {\n  http.get('http://example.com/', (res) => res.resume());\n});\n`,
      filename: 'test/api.test.js',
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: "a test's node-fetch request to another host",
      code: `const fetch = require('node-fetch');\nit('downloads', async () => {\n  const res = await fetch('https://github.com/x/y/releases/download/v1/a.tgz');\n  expect(res.ok).toBe(true);\n});\n`,
      filename: 'test/download.test.js',
      errors: [{ messageId: 'nodeFetch', line: 3 }],
    },
    {
      name: 'production code fetching localhost with node-fetch',
      code: `const fetch = require('node-fetch');\nmodule.exports = () => fetch('http://localhost:2375/info');\n`,
      filename: 'lib/docker.js',
      errors: [{ messageId: 'nodeFetch', line: 2 }],
    },
    {
      name: 'a test request to a name that only starts like localhost',
      code: `${HTTP}describe('api', () => {\n  http.get({ hostname: 'localhost.example.com', path: '/' }, (res) => res.resume());\n});\n`,
      filename: 'test/api.test.js',
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: 'production code requesting localhost: a local daemon can stall too',
      code: `${HTTP}function status(done) {\n  http.get('http://localhost:2375/info', (res) => done(null, res)).on('error', done);\n}\nmodule.exports = status;\n`,
      filename: 'lib/docker.js',
      errors: [{ messageId: 'request', line: 3 }],
    },
    // Options through variables (issue 9, shape 4)
    {
      name: 'options from a let without a timeout',
      code: `${HTTPS}let options = { host: 'example.com' };\nhttps.request(options, (res) => res.resume()).end();\n`,
      errors: [{ messageId: 'request', line: 3 }],
      output: null,
    },
    {
      name: 'a spread of defaults without a timeout',
      code: `${HTTP}const base = { host: 'example.com' };\nhttp.request({ ...base, path: '/' }, (res) => res.resume()).end();\n`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: 'Object.assign without a timeout',
      code: `${HTTP}const defaults = { host: 'example.com' };\nhttp.request(Object.assign({}, defaults, { path: '/' }), (res) => res.resume()).end();\n`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    {
      name: 'options built by a same-file function without a timeout',
      code: `${HTTP}function requestOptions() {\n  return { host: 'example.com' };\n}\nhttp.request(requestOptions(), (res) => res.resume()).end();\n`,
      errors: [{ messageId: 'request', line: 5 }],
    },
    {
      name: 'a timeout assigned after the request does not bound it',
      code: `${HTTP}const options = { host: 'example.com' };\nhttp.request(options, (res) => res.resume()).end();\noptions.timeout = 5000;\n`,
      errors: [{ messageId: 'request', line: 3 }],
    },
    // Compiled imports (shape 1)
    {
      name: 'TypeScript CommonJS: (0, http_1.get)(url)',
      code: `const http_1 = require("http");
(0, http_1.get)('http://example.com', (res) => res.resume());
`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: 'esbuild: import_https.default.request()',
      code: `var import_https = __toESM(require("https"));
import_https.default.request('https://example.com', (res) => res.resume()).end();
`,
      errors: [{ messageId: 'request', line: 2 }],
    },
    {
      name: 'a request with a callback: timeout option and a destroying listener',
      code: `${HTTP}const req = http.request({ host: 'example.com', path: '/' }, (res) => res.resume());\nreq.on('error', () => {});\nreq.end();\n`,
      errors: [
        {
          messageId: 'request',
          line: 2,
          column: 13,
          fixes: [
            `${HTTP}const req = http.request({ host: 'example.com', path: '/', timeout: 30000 }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', () => {});\nreq.end();\n`,
          ],
        },
      ],
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
      errors: [{ messageId: 'request', line: 5, column: 8 }],
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
      code: `import * as https from 'node:https';
https.get('https://example.com', (res) => res.resume());
`,
      errors: [{ messageId: 'request', line: 2 }],
      output: `import * as https from 'node:https';
https.get('https://example.com', { timeout: 30000 }, (res) => res.resume()).on('timeout', function (this: import('http').ClientRequest) { this.destroy(new Error('request timeout')); });
`,
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
      name: "issue 11: a keep-alive agent's timeout only emits 'timeout': the request still hangs",
      code: `${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\nconst req = http.get({ host: 'example.com', agent }, (res) => res.resume());\nreq.on('error', () => {});\n`,
      errors: [
        {
          messageId: 'agentTimeout',
          line: 3,
          fixes: [
            `${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\nconst req = http.get({ host: 'example.com', agent }, (res) => res.resume());\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.on('error', () => {});\n`,
          ],
        },
      ],
    },
    {
      name: "issue 11: the global agent's 5 s timeout from Node 19 is an idle timeout too",
      code: `${HTTP}http.get({ host: 'example.com', agent: http.globalAgent }, (res) => res.resume());\n`,
      nodeVersion: '20',
      errors: [{ messageId: 'agentTimeout', line: 2 }],
    },
    {
      name: 'an https agent with a timeout from a const options object',
      code: `${HTTPS}const agentOptions = { keepAlive: true, timeout: 10000 };\nconst agent = new https.Agent(agentOptions);\nconst req = https.request({ host: 'example.com', agent });\nreq.end();\n`,
      errors: [{ messageId: 'agentTimeout', line: 4 }],
      output: `${HTTPS}const agentOptions = { keepAlive: true, timeout: 10000 };\nconst agent = new https.Agent(agentOptions);\nconst req = https.request({ host: 'example.com', agent });\nreq.on('timeout', () => {\n  req.destroy(new Error('request timeout'));\n});\nreq.end();\n`,
    },
    {
      name: 'agent: false and the global agent before Node 19 have no timeout',
      code: `${HTTP}http.get({ host: 'a', agent: false });\nhttp.get({ host: 'b', agent: http.globalAgent });\n`,
      nodeVersion: '18',
      errors: [
        { messageId: 'request', line: 2 },
        { messageId: 'request', line: 3 },
      ],
    },
    {
      name: 'TypeScript, named import, double quotes, no semicolons',
      filename: 'case.ts',
      code: `import { request } from "node:http"

export function ping(): void {
    const req = request("http://localhost:8080/health")
    req.on("error", () => {})
    req.end()
}
`,
      errors: [{ messageId: 'request', line: 4, column: 17 }],
      output: `import { request } from "node:http"

export function ping(): void {
    const req = request("http://localhost:8080/health", { timeout: 30000 })
    req.on("timeout", () => {
        req.destroy(new Error("request timeout"))
    })
    req.on("error", () => {})
    req.end()
}
`,
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
      code: `export async function load(): Promise<unknown> {
  const res = await fetch('https://example.com/data');
  return res.json();
}
`,
      options: { includeFetch: true },
      errors: [{ messageId: 'fetch', line: 2, column: 21 }],
      output: `export async function load(): Promise<unknown> {
  const res = await fetch('https://example.com/data', { signal: AbortSignal.timeout(30000) });
  return res.json();
}
`,
    },
    {
      name: 'includeFetch: an options object without a signal',
      filename: 'case.ts',
      code: `export async function post(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', body });
}
`,
      options: { includeFetch: true, defaultTimeoutMs: 5000 },
      errors: [{ messageId: 'fetch' }],
      output: `export async function post(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
}
`,
    },
    {
      name: "includeFetch: undici's fetch and request, a multi-line options object",
      code: `import { fetch as ufetch, request } from 'undici';
export const a = () => ufetch('https://example.com');
export const b = () => request('https://example.com', {
  method: 'POST',
});
`,
      filename: 'case.mjs',
      options: { includeFetch: true },
      errors: [
        { messageId: 'fetch', line: 2 },
        { messageId: 'fetch', line: 3 },
      ],
      output: `import { fetch as ufetch, request } from 'undici';
export const a = () => ufetch('https://example.com', { signal: AbortSignal.timeout(30000) });
export const b = () => request('https://example.com', {
  method: 'POST',
  signal: AbortSignal.timeout(30000),
});
`,
    },
  ],
});
