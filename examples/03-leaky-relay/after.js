// A TCP relay in front of a local service. pipeline() ends the peer on 'end', destroys
// both sides on an error and respects back-pressure; idle sockets time out and dead
// peers are detected by TCP keep-alive.
const net = require('net');
const { pipeline } = require('stream');

const UPSTREAM_PORT = 6000;
const IDLE_TIMEOUT_MS = 60000;

function relay(client, upstream) {
  const done = () => {
    client.destroy();
    upstream.destroy();
  };
  pipeline(client, upstream, done);
  pipeline(upstream, client, done);
}

function bound(socket) {
  socket.setKeepAlive(true, 30000);
  socket.setTimeout(IDLE_TIMEOUT_MS);
  socket.on('timeout', () => socket.destroy(new Error('idle timeout')));
  socket.on('error', (err) => console.error('relay socket error:', err.message));
}

const server = net.createServer((client) => {
  const upstream = net.connect(UPSTREAM_PORT, '127.0.0.1');
  bound(client);
  bound(upstream);
  relay(client, upstream);
});

server.on('error', (err) => console.error('relay failed to start:', err.message));
server.listen(7000);
