import rule from '../../server/src/rules/agent-free-socket-timeout';
import { ruleTests } from './ruleTester';

const HTTP = `const http = require('http');\n`;
const AKA = `const Agent = require('agentkeepalive');\n`;

/** httpntlm's handshake: one agent for the two requests of one call. */
const NTLM = `const http = require('http');
const https = require('https');
exports.method = function (method, options, callback) {
  var agent;
  if (options.agent) {
    agent = options.agent;
  } else {
    agent = options.isHttps ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }
  function sendType1(cb) {
    http.get(options.url, { agent: agent, timeout: 5000, headers: { Connection: 'keep-alive' } }, (res) => cb(res));
  }
  function sendType3(res) {
    http.get(options.url, { agent: agent, timeout: 5000 }, callback);
  }
  sendType1((res) => setImmediate(() => sendType3(res)));
};`;

ruleTests(rule, {
  valid: [
    {
      // httpntlm: the NTLM handshake's type 1 and type 3 requests share one connection.
      name: "an agent a function assigns to its own variable and uses only for that call's requests",
      code: NTLM,
    },
    {
      // node-sp-auth's TMG login: a new agent for each call's one request.
      name: "an agent a function makes for its own call's request (a local chosen by a condition, given as `agent`)",
      code: `const http = require('http');
const https = require('https');
const request = require('./request');
exports.login = function login(url, isHttps, body) {
  const keepaliveAgent = isHttps ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  return request({ url, method: 'POST', body, agent: keepaliveAgent }).then((res) => res.headers['set-cookie'][0]);
};`,
    },
    {
      // node-sp-auth's NTLM handshake: type-1 then type-3 on the same connection, back to back.
      name: 'an agent a function makes for a handshake of two requests that follow each other at once',
      code: `const https = require('https');
const request = require('./request');
exports.ntlm = function ntlm(url, type1, type3Of) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  return request({ url, headers: { Authorization: type1 }, agent }).then((res) =>
    request({ url, headers: { Authorization: type3Of(res) }, agent: agent }),
  );
};`,
    },
    {
      name: 'agents only handed to got for GET requests, which got retries on ECONNRESET (package-json)',
      filename: 'case.mjs',
      code: `import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got from 'got';
const agentOptions = { keepAlive: true, maxSockets: 50 };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);
export default async function packageJson(url, options) {
  const gotOptions = { headers: {}, agent: { http: httpAgent, https: httpsAgent } };
  if (options.agent) gotOptions.agent = options.agent;
  return got(url, gotOptions).json();
}`,
    },
    {
      name: "an agent given to got.get with got's retries left on",
      code: `const https = require('https');
const got = require('got');
const agent = new https.Agent({ keepAlive: true });
module.exports = (url) => got.get(url, { agent: { https: agent }, retry: { limit: 3 } }).json();`,
    },
    {
      name: "a keep-alive agent made in a test for the test's own requests (express-http-proxy)",
      code: `const { Agent: HttpAgent } = require('http');
it('proxies through a keep-alive agent', (done) => {
  const httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 60e3 });
  request({ agent: httpAgent, url: 'http://localhost:8109/get' }, done);
});`,
      filename: 'test/traceDebugging.js',
    },
    // keep-alive agents with a timeout
    `${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\n`,
    {
      code: `import * as https from 'node:https';
export const agent = new https.Agent({ keepAlive: true, timeout: 60000, maxSockets: 50 });
`,
      filename: 'case.ts',
    },
    // no keep-alive: sockets are not reused
    `${HTTP}const agent = new http.Agent({ maxSockets: 10 });\n`,
    `${HTTP}const agent = new http.Agent();\n`,
    `${HTTP}const agent = new http.Agent({ keepAlive: false });\n`,
    // options the analysis cannot read
    `${HTTP}function make(options) {\n  return new http.Agent(options);\n}\n`,
    `${HTTP}const base = require('./agent-options');\nconst agent = new http.Agent({ keepAlive: true, ...base });\n`,
    // agentkeepalive: default freeSocketTimeout (4 s since 4.2) and values below the upstream's 5 s
    `${AKA}const agent = new Agent();\n`,
    `${AKA}const agent = new Agent({ freeSocketTimeout: 4000, timeout: 60000 });\n`,
    `const { HttpsAgent } = require('agentkeepalive');
const agent = new HttpsAgent({ freeSocketTimeout: 2 * 1000 });
`,
    `${AKA}const agent = new Agent({ keepAlive: false, freeSocketTimeout: 30000 });\n`,
    {
      name: 'undici: default keepAliveTimeout (4 s) and values below',
      code: `const { Agent } = require('undici');
const dispatcher = new Agent({ connections: 10 });
`,
    },
    `const { Pool } = require('undici');
const pool = new Pool('http://localhost:3000', { keepAliveTimeout: 3000 });
`,
    // a value the analysis cannot compute
    `${AKA}const agent = new Agent({ freeSocketTimeout: Number(process.env.FREE_SOCKET_MS) });\n`,
    // an upstream with a longer keep-alive (a Node server tuned to 65 s behind nothing)
    { code: `${AKA}const agent = new Agent({ freeSocketTimeout: 30000 });\n`, options: { upstreamKeepAliveMs: 65000 } },
  ],
  invalid: [
    {
      name: 'an agent a function assigns to its own variable and also uses from a timer',
      code: NTLM.replace(
        'sendType1((res) => setImmediate(() => sendType3(res)));',
        'setInterval(() => http.get(options.url, { agent, timeout: 5000 }, callback), 30000);',
      ),
      errors: [
        { messageId: 'noTimeout', line: 8 },
        { messageId: 'noTimeout', line: 8 },
      ],
    },
    {
      name: 'an agent a function makes and then uses from a timer: its pooled socket sits idle between runs',
      code: `const https = require('https');
const request = require('./request');
exports.poll = function poll(url) {
  const agent = new https.Agent({ keepAlive: true });
  setInterval(() => request({ url, agent }), 60000);
};`,
      errors: [{ messageId: 'noTimeout', line: 4 }],
    },
    {
      name: 'an agent a method makes and keeps in a field: later calls reuse its pool',
      code: `const https = require('https');
class Client {
  connect() {
    const agent = new https.Agent({ keepAlive: true });
    this.agent = agent;
  }
}
module.exports = Client;`,
      errors: [{ messageId: 'noTimeout', line: 4 }],
    },
    {
      name: 'an agent a function makes and returns to its callers',
      code: `const https = require('https');
exports.makeAgent = function makeAgent() {
  const agent = new https.Agent({ keepAlive: true });
  return agent;
};`,
      errors: [{ messageId: 'noTimeout', line: 3 }],
    },
    {
      // @qdrant/js-client-rest: its client calls the factory once and keeps the dispatcher for its life.
      name: 'an undici agent an exported factory returns: callers elsewhere may keep it for good',
      code: `const undici = require('undici');
const createDispatcher = (connections = 25) => new undici.Agent({ connections, keepAliveTimeout: 10000 });
exports.createDispatcher = createDispatcher;`,
      errors: [{ messageId: 'longIdle', line: 2 }],
    },
    {
      name: 'an agent a function makes and keeps in a module variable it returns: the cache outlives every call',
      code: `const https = require('https');
let cached;
exports.agent = function agent() {
  if (!cached) cached = new https.Agent({ keepAlive: true });
  return cached;
};`,
      errors: [{ messageId: 'noTimeout', line: 4 }],
    },
    {
      name: 'an agent handed to got for a POST: got does not retry it',
      code: `const https = require('https');
const got = require('got');
const agent = new https.Agent({ keepAlive: true });
module.exports = (url, body) => got.post(url, { agent: { https: agent }, json: body }).json();`,
      errors: [{ messageId: 'noTimeout', line: 3 }],
    },
    {
      name: 'an agent handed to got with retries off (retry: { limit: 0 })',
      code: `const https = require('https');
const got = require('got');
const agent = new https.Agent({ keepAlive: true });
module.exports = (url) => got(url, { agent: { https: agent }, retry: { limit: 0 } }).json();`,
      errors: [{ messageId: 'noTimeout', line: 3 }],
    },
    {
      name: 'an agent handed to got and to another client: the other one does not retry',
      code: `const https = require('https');
const got = require('got');
const agent = new https.Agent({ keepAlive: true });
exports.get = (url) => got(url, { agent: { https: agent } }).json();
exports.raw = (url, cb) => https.get(url, { agent }, cb);`,
      errors: [{ messageId: 'noTimeout', line: 3 }],
    },
    {
      name: 'a keep-alive agent without timeout',
      code: `${HTTP}const agent = new http.Agent({ keepAlive: true });\nhttp.get({ host: 'api', agent });\n`,
      errors: [
        {
          messageId: 'noTimeout',
          line: 2,
          column: 19,
          fixes: [`${HTTP}const agent = new http.Agent({ keepAlive: true, timeout: 4000 });\nhttp.get({ host: 'api', agent });\n`],
        },
      ],
    },
    {
      name: 'an https agent created inline in a client config (escaping agents are still reported)',
      code: `const https = require('https');
const axios = require('axios');
const client = axios.create({
  httpsAgent: new https.Agent({
    keepAlive: true,
    maxSockets: 50,
  }),
});
`,
      errors: [{ messageId: 'noTimeout', line: 4, column: 19 }],
      output: `const https = require('https');
const axios = require('axios');
const client = axios.create({
  httpsAgent: new https.Agent({
    keepAlive: true,
    maxSockets: 50,
    timeout: 4000,
  }),
});
`,
    },
    {
      name: 'incident 2: agentkeepalive keeping free sockets longer than the server',
      code: `${AKA}const agent = new Agent({ freeSocketTimeout: 30000, timeout: 60000 });\n`,
      errors: [{ messageId: 'longIdle', line: 2, column: 19 }],
      output: `${AKA}const agent = new Agent({ freeSocketTimeout: 4000, timeout: 60000 });\n`,
    },
    {
      name: 'agentkeepalive: equal to the upstream is not enough',
      code: `const { HttpsAgent } = require('agentkeepalive');
const agent = new HttpsAgent({ freeSocketTimeout: 5000 });
`,
      errors: [{ messageId: 'longIdle' }],
      output: `const { HttpsAgent } = require('agentkeepalive');
const agent = new HttpsAgent({ freeSocketTimeout: 4000 });
`,
    },
    {
      name: 'agentkeepalive 3.x option name',
      code: `${AKA}const agent = new Agent({ maxSockets: 100, freeSocketKeepAliveTimeout: 15000 });\n`,
      errors: [{ messageId: 'longIdle' }],
      output: `${AKA}const agent = new Agent({ maxSockets: 100, freeSocketKeepAliveTimeout: 4000 });\n`,
    },
    {
      name: 'agentkeepalive: 0 never times out free sockets',
      code: `${AKA}const agent = new Agent({ freeSocketTimeout: 0 });\n`,
      errors: [{ messageId: 'longIdle' }],
      output: `${AKA}const agent = new Agent({ freeSocketTimeout: 4000 });\n`,
    },
    {
      name: 'a same-file constant',
      code: `${AKA}const IDLE_MS = 60 * 1000;\nconst agent = new Agent({ freeSocketTimeout: IDLE_MS });\n`,
      errors: [{ messageId: 'longIdle', line: 3 }],
      output: `${AKA}const IDLE_MS = 60 * 1000;\nconst agent = new Agent({ freeSocketTimeout: 4000 });\n`,
    },
    {
      name: 'undici Agent with a long keepAliveTimeout',
      code: `const { Agent, setGlobalDispatcher } = require('undici');
setGlobalDispatcher(new Agent({ keepAliveTimeout: 10000, keepAliveMaxTimeout: 600000 }));
`,
      errors: [{ messageId: 'longIdle', line: 2, column: 25 }],
      output: `const { Agent, setGlobalDispatcher } = require('undici');
setGlobalDispatcher(new Agent({ keepAliveTimeout: 4000, keepAliveMaxTimeout: 600000 }));
`,
    },
    {
      name: 'undici Pool in TypeScript, double quotes, no semicolons',
      filename: 'case.ts',
      code: `import { Pool } from "undici"

export const pool = new Pool("http://localhost:3000", {
    connections: 8,
    keepAliveTimeout: 30000,
})
`,
      errors: [{ messageId: 'longIdle', line: 3 }],
      output: `import { Pool } from "undici"

export const pool = new Pool("http://localhost:3000", {
    connections: 8,
    keepAliveTimeout: 4000,
})
`,
    },
    {
      name: 'TypeScript keep-alive agent, options from a same-file const',
      filename: 'case.ts',
      code: `import http from "node:http"

const agentOptions = {
    keepAlive: true,
    maxSockets: 20,
}
export const agent = new http.Agent(agentOptions)
`,
      errors: [{ messageId: 'noTimeout', line: 7 }],
      output: `import http from "node:http"

const agentOptions = {
    keepAlive: true,
    maxSockets: 20,
    timeout: 4000,
}
export const agent = new http.Agent(agentOptions)
`,
    },
    {
      name: 'upstreamKeepAliveMs from configuration',
      code: `${AKA}const agent = new Agent({ freeSocketTimeout: 70000 });\n`,
      options: { upstreamKeepAliveMs: 65000 },
      errors: [{ messageId: 'longIdle' }],
      output: `${AKA}const agent = new Agent({ freeSocketTimeout: 64000 });\n`,
    },
  ],
});
