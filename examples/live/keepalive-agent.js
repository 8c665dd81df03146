#!/usr/bin/env node
// Keep-alive agents (incident 2): one agent's pool holds idle free sockets (unref'd, so
// process._getActiveHandles() cannot see them) with no socket timeout; another agent is saturated
// by slow requests, with the rest queued behind maxSockets.
//
//   node examples/live/keepalive-agent.js [--free 5] [--slow 4] [--queued 2] [--lifetime 600]
//   socklint inspect --pid <printed pid> --json
'use strict';
const http = require('node:http');

const opt = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const FREE = opt('free', 5);
const SLOW = opt('slow', 4);
const QUEUED = opt('queued', 2);
const LIFETIME_S = opt('lifetime', 600);
setTimeout(() => process.exit(0), LIFETIME_S * 1000).unref();

const server = http.createServer((req, res) => {
  req.socket.setTimeout(600_000);
  if (req.url === '/slow') return; // answers never: the agent's sockets stay busy
  res.end('ok\n');
});
server.keepAliveTimeout = 600_000; // the server keeps idle connections; only the client could drop them

// Pool with idle sockets: no `timeout` option, so pooled sockets wait forever.
const pooled = new http.Agent({ keepAlive: true, maxSockets: 10, maxFreeSockets: 10 });
// Saturated pool: maxSockets caps it, the rest queue.
const saturated = new http.Agent({ keepAlive: true, maxSockets: SLOW });

function get(agent, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject); // and no request timeout: the client side never gives up
  });
}

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  console.log(JSON.stringify({ event: 'ready', pid: process.pid, port }));
  console.error(`keep-alive agents: pid ${process.pid}; try: socklint inspect --pid ${process.pid} --json`);
  await Promise.all(Array.from({ length: FREE }, () => get(pooled, '/')));
  for (let i = 0; i < SLOW + QUEUED; i++) get(saturated, '/slow').catch(() => {});
  setTimeout(() => console.log(JSON.stringify({ event: 'load-done', pid: process.pid, free: FREE, active: SLOW, queued: QUEUED })), 300);
});
