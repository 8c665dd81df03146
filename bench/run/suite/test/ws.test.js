// WebSocket echo with the ws package, as a realtime service's tests do.
const assert = require('node:assert');
const http = require('node:http');
const { WebSocketServer, WebSocket } = require('ws');

describe('websocket echo', () => {
  let server;
  let wss;
  let url;
  before((done) => {
    server = http.createServer();
    wss = new WebSocketServer({ server });
    wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${data}`)));
    server.listen(0, '127.0.0.1', () => {
      url = `ws://127.0.0.1:${server.address().port}`;
      done();
    });
  });
  after((done) => {
    wss.close();
    server.close(done);
  });

  for (let i = 0; i < 40; i++) {
    it(`echoes 10 messages on connection ${i}`, async () => {
      const ws = new WebSocket(url);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const replies = [];
      const all = new Promise((resolve) => ws.on('message', (m) => replies.push(String(m)) === 10 && resolve()));
      for (let j = 0; j < 10; j++) ws.send(`m${j}`);
      await all;
      assert.deepEqual(replies, Array.from({ length: 10 }, (_, j) => `echo:m${j}`));
      ws.close();
      await new Promise((resolve) => ws.once('close', resolve));
    });
  }
});
