import rule from '../../server/src/rules/listener-leak-on-pooled-socket';
import { ruleTests } from './ruleTester';

const AGENT = `const http = require('http');\nconst agent = new http.Agent({ keepAlive: true });\n`;

ruleTests(rule, {
  valid: [
    {
      name: "a 'timeout' listener added only when the socket has none yet (seq-logging): one per socket",
      code: `${AGENT}function post(url, body, cb) {\n  const req = http.request(url, { agent, method: 'POST' }, cb);\n  req.on('socket', (socket) => {\n    if (socket.listeners('timeout').length == 0) {\n      socket.on('timeout', () => req.destroy());\n    }\n  });\n  req.on('error', cb);\n  req.end(body);\n}\n`,
    },
    {
      name: "the same with listenerCount: if (!socket.listenerCount('timeout'))",
      code: `${AGENT}function post(url, body, cb) {\n  const req = http.request(url, { agent, method: 'POST' }, cb);\n  req.on('socket', (socket) => {\n    if (!socket.listenerCount('timeout')) socket.on('timeout', () => req.destroy());\n  });\n  req.on('error', cb);\n  req.end(body);\n}\n`,
    },
    // removed when the request is done
    `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (socket) => {\n  const onTimeout = () => req.destroy();\n  socket.on('timeout', onTimeout);\n  req.once('close', () => socket.removeListener('timeout', onTimeout));\n});`,
    `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (socket) => {\n  socket.on('timeout', onTimeout);\n  req.on('response', (res) => res.on('end', () => socket.off('timeout', onTimeout)));\n});`,
    // the request leaves the pool's socket alone: once, or registered on the request itself
    `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (socket) => socket.once('connect', () => console.log('connected')));`,
    `${AGENT}const req = http.get('http://example.com', { agent, timeout: 5000 });\nreq.on('timeout', () => req.destroy());`,
    {
      name: "not pooled: agent: false, Connection: close, an agent without keepAlive, Node 18's global agent",
      code: `const http = require('http');
const req = http.get('http://example.com', { agent: false });
req.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
    },
    `${AGENT}const req = http.get('http://example.com', { agent, headers: { Connection: 'close' } });\nreq.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
    `const http = require('http');
const agent = new http.Agent({ maxSockets: 10 });
const req = http.get('http://example.com', { agent });
req.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
    {
      nodeVersion: '18',
      code: `const http = require('http');
const req = http.get('http://example.com');
req.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
    },
    {
      name: 'an agent or options the analysis cannot see',
      code: `import * as http from 'node:http';
import { agent } from './agents';
const req = http.get('http://example.com', { agent });
req.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
    },
    `const http = require('http');
function get(url, options) {
  const req = http.get(url, options);
  req.on('socket', (s) => s.on('timeout', () => req.destroy()));
  return req;
}`,
    // the socket is taken out of the pool, or handed to code the analysis cannot see
    `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.emit('agentRemove');\n  s.on('data', (d) => console.log(d.length));\n});`,
    `import * as http from 'node:http';
import { watch } from './watch';
const agent = new http.Agent({ keepAlive: true });
const req = http.get('http://example.com', { agent });
req.on('socket', (s) => {
  s.on('timeout', () => req.destroy());
  watch(s);
});`,
    // through res.socket / req.socket: removed again, or not pooled
    `${AGENT}const req = http.get('http://example.com', { agent }, (res) => {\n  const onClose = () => console.log('closed');\n  res.socket.on('close', onClose);\n  res.on('end', () => res.socket.removeListener('close', onClose));\n  res.resume();\n});`,
    `const http = require('http');
const req = http.get('http://example.com', { agent: false }, (res) => {
  res.socket.on('close', () => console.log('closed'));
  res.resume();
});`,
    // a connection of the code's own making
    `${AGENT}const req = http.get('http://example.com', { agent, createConnection: (o, cb) => connectThroughProxy(o, cb) });\nreq.on('socket', (s) => s.on('timeout', () => req.destroy()));`,
  ],
  invalid: [
    {
      name: "a check on another event's listeners does not keep the 'timeout' listener to one per socket",
      code: `${AGENT}function post(url, body, cb) {\n  const req = http.request(url, { agent, method: 'POST' }, cb);\n  req.on('socket', (socket) => {\n    if (socket.listeners('close').length == 0) {\n      socket.on('timeout', () => req.destroy());\n    }\n  });\n  req.on('error', cb);\n  req.end(body);\n}\n`,
      errors: [{ messageId: 'agent', line: 7 }],
    },
    {
      name: "a 'timeout' listener per request on a keep-alive agent's socket",
      code: `${AGENT}function get(url, cb) {\n  const req = http.get(url, { agent }, cb);\n  req.on('socket', (socket) => {\n    socket.on('timeout', () => req.destroy(new Error('timeout')));\n  });\n  req.on('error', cb);\n}\n`,
      errors: [{ messageId: 'agent', line: 6, column: 12 }],
      output: `${AGENT}function get(url, cb) {\n  const req = http.get(url, { agent }, cb);\n  req.on('socket', (socket) => {\n    const onTimeout = () => req.destroy(new Error('timeout'));\n    socket.on('timeout', onTimeout);\n    req.once('close', () => socket.removeListener('timeout', onTimeout));\n  });\n  req.on('error', cb);\n}\n`,
    },
    {
      name: 'an expression-bodied socket listener with a named function',
      code: `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => s.on('error', onSocketError));\n`,
      errors: [{ messageId: 'agent', line: 4 }],
      output: `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.on('error', onSocketError);\n  req.once('close', () => s.removeListener('error', onSocketError));\n});\n`,
    },
    {
      name: "Node 24's global agent keeps sockets alive",
      nodeVersion: '24',
      code: `const http = require('http');
const req = http.get('http://example.com');
req.on('socket', (s) => {
  s.setTimeout(5000);
  s.on('timeout', () => req.destroy());
});
`,
      errors: [{ messageId: 'global', line: 5 }],
      output: `const http = require('http');
const req = http.get('http://example.com');
req.on('socket', (s) => {
  s.setTimeout(5000);
  const onTimeout = () => req.destroy();
  s.on('timeout', onTimeout);
  req.once('close', () => s.removeListener('timeout', onTimeout));
});
`,
    },
    {
      name: 'agentkeepalive',
      code: `const https = require('https');
const { HttpsAgent } = require('agentkeepalive');
const agent = new HttpsAgent();
const req = https.request('https://example.com', { agent });
req.on('socket', (sock) => {
  sock.on('close', function () { console.log('closed'); });
});
req.end();
`,
      errors: [{ messageId: 'agent', line: 6 }],
      output: `const https = require('https');
const { HttpsAgent } = require('agentkeepalive');
const agent = new HttpsAgent();
const req = https.request('https://example.com', { agent });
req.on('socket', (sock) => {
  const onClose = function () { console.log('closed'); };
  sock.on('close', onClose);
  req.once('close', () => sock.removeListener('close', onClose));
});
req.end();
`,
    },
    {
      name: 'two listeners: two findings',
      code: `${AGENT}const req = http.request('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.on('timeout', () => req.destroy());\n  s.addListener('error', (err) => req.destroy(err));\n});\nreq.end();\n`,
      errors: [
        {
          messageId: 'agent',
          line: 5,
          fixes: [
            `${AGENT}const req = http.request('http://example.com', { agent });\nreq.on('socket', (s) => {\n  const onTimeout = () => req.destroy();\n  s.on('timeout', onTimeout);\n  req.once('close', () => s.removeListener('timeout', onTimeout));\n  s.addListener('error', (err) => req.destroy(err));\n});\nreq.end();\n`,
          ],
        },
        {
          messageId: 'agent',
          line: 6,
          fixes: [
            `${AGENT}const req = http.request('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.on('timeout', () => req.destroy());\n  const onError = (err) => req.destroy(err);\n  s.addListener('error', onError);\n  req.once('close', () => s.removeListener('error', onError));\n});\nreq.end();\n`,
          ],
        },
      ],
    },
    {
      name: 'prependListener',
      code: `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.prependListener('data', countBytes);\n});\n`,
      errors: [{ messageId: 'agent', line: 5 }],
      output: `${AGENT}const req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.prependListener('data', countBytes);\n  req.once('close', () => s.removeListener('data', countBytes));\n});\n`,
    },
    {
      name: 'a chained request has no name to remove the listener with: no fix',
      code: `${AGENT}http.get('http://example.com', { agent }).on('socket', (s) => {\n  s.on('timeout', () => s.destroy());\n});\n`,
      errors: [{ messageId: 'agent', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'the name the fix needs is taken: no fix',
      code: `${AGENT}const onTimeout = () => {};\nconst req = http.get('http://example.com', { agent });\nreq.on('socket', (s) => {\n  s.on('timeout', () => req.destroy());\n});\n`,
      errors: [{ messageId: 'agent', fixes: [] }],
      output: null,
    },
    {
      name: 'a keep-alive agent in a const, options in a const',
      code: `${AGENT}const options = { agent, host: 'example.com' };\nconst req = http.request(options);\nreq.on('socket', (s) => {\n  s.on('timeout', () => req.destroy());\n});\nreq.end();\n`,
      errors: [{ messageId: 'agent', line: 6 }],
      output: `${AGENT}const options = { agent, host: 'example.com' };\nconst req = http.request(options);\nreq.on('socket', (s) => {\n  const onTimeout = () => req.destroy();\n  s.on('timeout', onTimeout);\n  req.once('close', () => s.removeListener('timeout', onTimeout));\n});\nreq.end();\n`,
    },
    {
      name: "res.socket.on() in the request's callback: reported without a fix",
      code: `${AGENT}function get(url, cb) {\n  const req = http.get(url, { agent }, (res) => {\n    res.socket.on('close', () => cb(new Error('closed')));\n    res.resume();\n  });\n  req.on('error', cb);\n}\n`,
      errors: [{ messageId: 'agent', line: 5, column: 16, fixes: [] }],
      output: null,
    },
    {
      name: "req.socket.on() in a 'response' listener, Node 20's global agent",
      nodeVersion: '20',
      code: `const http = require('http');
const req = http.request('http://example.com');
req.on('response', (res) => {
  req.socket.on('timeout', () => req.destroy());
  res.resume();
});
req.on('error', () => {});
req.end();
`,
      errors: [{ messageId: 'global', line: 4, fixes: [] }],
      output: null,
    },
    {
      name: 'TypeScript, no semicolons',
      filename: 'case.ts',
      code: `import * as http from 'node:http'
import type { Socket } from 'node:net'
const agent = new http.Agent({ keepAlive: true })
const req = http.get('http://example.com', { agent })
req.on('socket', (s: Socket) => {
  s.on('timeout', () => req.destroy())
})
`,
      errors: [{ messageId: 'agent', line: 6 }],
      output: `import * as http from 'node:http'
import type { Socket } from 'node:net'
const agent = new http.Agent({ keepAlive: true })
const req = http.get('http://example.com', { agent })
req.on('socket', (s: Socket) => {
  const onTimeout = () => req.destroy()
  s.on('timeout', onTimeout)
  req.once('close', () => s.removeListener('timeout', onTimeout))
})
`,
    },
  ],
});
