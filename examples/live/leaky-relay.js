#!/usr/bin/env node
// Incident 3 live: a TCP relay that joins two sockets with no timeout, no 'error'/'end'/'timeout'
// handlers and destroy() where end() was meant, under a small local load. Every 5th client
// walks away without closing (as clients behind a NAT that drops them do): the relay keeps both
// of its sockets for that client open forever, ESTABLISHED with no timer.
//
//   node examples/live/leaky-relay.js [--connections 300] [--leak-every 5] [--rate 100] [--lifetime 600]
//   socklint inspect --pid <printed pid> --watch
//
// Everything binds 127.0.0.1; the load is bounded (--connections in total, at most 20 at once).
'use strict';
const net = require('node:net');

const opt = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CONNECTIONS = opt('connections', 300);
const LEAK_EVERY = opt('leak-every', 5);
const RATE = opt('rate', 100); // new connections per second
const LIFETIME_S = opt('lifetime', 600);

// The demo must survive its own missing 'error' listeners long enough to be inspected.
process.on('uncaughtException', (err) => console.error('relay error (no listener):', err.message));
setTimeout(() => process.exit(0), LIFETIME_S * 1000).unref();

// Backend: an echo server that does things right.
const backend = net.createServer((s) => {
  s.setTimeout(600_000, () => s.destroy());
  s.on('error', () => {});
  s.pipe(s);
});

// The relay, as written in the incident.
function pipeSocket(from, to) {
  from.on('data', (chunk) => { to.write(chunk); });
  from.on('close', () => { to.destroy(); });
}
const relay = net.createServer((client) => {
  const upstream = net.connect(backend.address().port, '127.0.0.1'); // relay: upstream connection
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
});

// Load: bounded number of short request/response exchanges through the relay.
const abandoned = [];
let started = 0;
let finished = 0;
let inFlight = 0;
function oneClient() {
  const n = ++started;
  inFlight++;
  const c = net.connect(relay.address().port, '127.0.0.1'); // load: client connection
  c.setTimeout(600_000, () => {});
  c.on('error', () => {});
  c.once('data', () => {
    inFlight--;
    finished++;
    if (LEAK_EVERY > 0 && n % LEAK_EVERY === 0) abandoned.push(c); // walks away, never closes
    else c.end();
    if (finished === CONNECTIONS) setTimeout(done, 300); // let the closes settle
  });
  c.write(`ping ${n}\n`);
}
function done() {
  console.log(JSON.stringify({ event: 'load-done', pid: process.pid, connections: CONNECTIONS, abandoned: abandoned.length }));
}

backend.listen(0, '127.0.0.1', () => {
  relay.listen(0, '127.0.0.1', () => {
    console.log(
      JSON.stringify({ event: 'ready', pid: process.pid, relayPort: relay.address().port, backendPort: backend.address().port }),
    );
    console.error(`leaky relay: pid ${process.pid}; try: socklint inspect --pid ${process.pid} --watch`);
    const tick = setInterval(() => {
      if (started >= CONNECTIONS) return clearInterval(tick);
      if (inFlight < 20) oneClient();
    }, Math.max(1, Math.round(1000 / RATE)));
  });
});
