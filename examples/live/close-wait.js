#!/usr/bin/env node
// A CLOSE_WAIT pile-up (incidents 3 and 5): clients send a request and half-close; the server
// never ends its side after the peer's FIN. Half of its sockets are paused and never read, so the
// FIN sits unread in the receive queue; the other half read it and still never call end().
// Each of those sockets holds an fd until the process runs out of them.
//
//   node examples/live/close-wait.js [--clients 50] [--lifetime 600]
//   socklint inspect --pid <printed pid> --sockets
'use strict';
const net = require('node:net');

const opt = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CLIENTS = opt('clients', 50);
const LIFETIME_S = opt('lifetime', 600);
setTimeout(() => process.exit(0), LIFETIME_S * 1000).unref();

let accepted = 0;
// pauseOnConnect: a socket is not read from until resume(), so a never-resumed one leaves the
// request and the FIN in the kernel's receive queue.
const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (s) => {
  s.on('error', () => {});
  if (accepted++ % 2 === 1) {
    s.on('data', () => {});
    s.on('end', () => {}); // saw the FIN, forgot to end()
    s.resume();
  }
});

let halfClosed = 0;
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  console.log(JSON.stringify({ event: 'ready', pid: process.pid, port }));
  console.error(`close-wait: pid ${process.pid}; try: socklint inspect --pid ${process.pid} --sockets`);
  for (let i = 0; i < CLIENTS; i++) {
    const c = net.connect(port, '127.0.0.1');
    c.setTimeout(600_000, () => {});
    c.on('error', () => {});
    c.on('connect', () => {
      c.end('GET / HTTP/1.0\r\n\r\n'); // half-close: FIN after the request
    });
    c.on('finish', () => {
      if (++halfClosed === CLIENTS) setTimeout(() => console.log(JSON.stringify({ event: 'load-done', pid: process.pid, clients: CLIENTS })), 300);
    });
  }
});
