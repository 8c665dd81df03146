// A line-protocol server that lets clients half-close (allowHalfOpen) so it can send a
// final summary. It never ends its side after the client's FIN: every finished client
// leaves a socket in CLOSE_WAIT until the process runs out of file descriptors.
// Each command also queries a backend over HTTP with no timeout: a stalled backend
// makes requests pile up behind it.
const net = require('net');
const http = require('http');

function lookup(key, callback) {
  http.get(`http://inventory.internal:8080/items/${encodeURIComponent(key)}`, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => callback(null, body));
  }).on('error', callback);
}

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', (err) => console.error('client error:', err.message));
  let count = 0;
  socket.setEncoding('utf8');
  socket.on('data', (line) => {
    count++;
    lookup(line.trim(), (err, item) => {
      if (!socket.writable) return;
      socket.write(err ? `ERR ${err.message}\n` : `${item}\n`);
    });
  });
  socket.on('end', () => {
    console.log(`client sent ${count} lines`);
  });
});

server.on('error', (err) => console.error('server failed:', err.message));
server.listen(7070);
