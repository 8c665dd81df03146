// A TCP relay in front of a local service: every client connection is joined to a new
// upstream connection. No timeouts, no 'error'/'end'/'timeout' handlers, destroy() where
// end() was meant, and write() ignoring back-pressure: ~28,000 ESTABLISHED sockets piled up.
const net = require('net');

const UPSTREAM_PORT = 6000;

function pipeSocket(from, to) {
  from.on('data', (chunk) => {
    to.write(chunk);
  });
  from.on('close', () => {
    to.destroy();
  });
}

const server = net.createServer((client) => {
  const upstream = net.connect(UPSTREAM_PORT, '127.0.0.1');
  pipeSocket(client, upstream);
  pipeSocket(upstream, client);
});

server.on('error', (err) => console.error('relay failed to start:', err.message));
server.listen(7000);
