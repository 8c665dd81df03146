// A line protocol over net: connect, exchange, close — per test, as a client library's tests do.
const assert = require('node:assert');
const net = require('node:net');

describe('line protocol', () => {
  let server;
  let port;
  before((done) => {
    server = net.createServer((socket) => {
      socket.setEncoding('utf8');
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk;
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line === 'QUIT') socket.end('BYE\n');
          else socket.write(`${line.toUpperCase()}\n`);
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      port = server.address().port;
      done();
    });
  });
  after((done) => server.close(done));

  const session = (lines) =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
      socket.setEncoding('utf8');
      let text = '';
      socket.on('data', (c) => (text += c));
      socket.on('error', reject);
      socket.on('close', () => resolve(text.trim().split('\n')));
      socket.end(`${[...lines, 'QUIT'].join('\n')}\n`);
    });

  for (let i = 0; i < 80; i++) {
    it(`session ${i}`, async () => {
      const lines = Array.from({ length: 20 }, (_, j) => `line ${i}.${j}`);
      const replies = await session(lines);
      assert.equal(replies.length, 21);
      assert.equal(replies[0], `LINE ${i}.0`);
      assert.equal(replies[20], 'BYE');
    });
  }
});
