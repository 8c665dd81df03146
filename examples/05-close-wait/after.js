// A line-protocol server that lets clients half-close (allowHalfOpen) so it can send a
// final summary, then ends its side: no socket is left in CLOSE_WAIT. Backend lookups
// have a timeout that tears the request down.
const net = require('net');
const http = require('http');

function lookup(key, callback) {
  const req = http.get(`http://inventory.internal:8080/items/${encodeURIComponent(key)}`, { timeout: 5000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => callback(null, body));
  });
  req.on('timeout', () => req.destroy(new Error('inventory lookup timed out')));
  req.on('error', callback);
}

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.setTimeout(60000);
  socket.on('timeout', () => socket.destroy());
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
    socket.end(`client sent ${count} lines\n`);
  });
});

server.on('error', (err) => console.error('server failed:', err.message));
server.listen(7070);
