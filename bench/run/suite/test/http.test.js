// HTTP round trips through a keep-alive agent and through fresh connections, as an API's tests do.
const assert = require('node:assert');
const http = require('node:http');

describe('http api', () => {
  let server;
  let agent;
  let base;
  before((done) => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, length: body.length, items: Array.from({ length: 50 }, (_, i) => ({ i, name: `item-${i}` })) }));
      });
    });
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${server.address().port}`;
      done();
    });
    agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  });
  after((done) => {
    agent.destroy();
    server.close(done);
  });

  const request = (path, options = {}, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, { agent, ...options }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  for (let i = 0; i < 60; i++) {
    it(`GET /items/${i}`, async () => {
      const r = await request(`/items/${i}`);
      assert.equal(r.status, 200);
      assert.equal(r.json.url, `/items/${i}`);
      assert.equal(r.json.items.length, 50);
    });
  }
  for (let i = 0; i < 30; i++) {
    it(`POST /items with ${i} KB`, async () => {
      const r = await request('/items', { method: 'POST' }, 'x'.repeat(i * 1024));
      assert.equal(r.json.length, i * 1024);
    });
  }
  for (let i = 0; i < 30; i++) {
    it(`GET /fresh/${i} on a new connection`, async () => {
      const r = await request(`/fresh/${i}`, { agent: false });
      assert.equal(r.status, 200);
    });
  }
  it('fetch() through undici', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/fetch/${i}`);
      assert.equal((await res.json()).url, `/fetch/${i}`);
    }
  });
});
