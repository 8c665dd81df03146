// A screenshot endpoint behind nginx. Rendering takes one to two minutes. On Node 10 the
// server's default timeout is 120 s: Node closes the socket mid-render and nginx answers
// 502 "upstream prematurely closed connection". keepAliveTimeout (5 s) is also below
// nginx's 60 s upstream keep-alive: intermittent 502s on reused connections.
const http = require('http');

function renderScreenshot(url) {
  return new Promise((resolve) => setTimeout(() => resolve(Buffer.from(`png of ${url}`)), 90000));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost').searchParams.get('url');
  const png = await renderScreenshot(url);
  res.writeHead(200, { 'content-type': 'image/png' });
  res.end(png);
});

server.listen(3000);
