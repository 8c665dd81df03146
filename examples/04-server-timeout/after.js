// A screenshot endpoint behind nginx. Every timeout is explicit: slow renders get
// five minutes, and idle keep-alive connections outlive nginx's 60 s so nginx always
// closes first.
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

server.setTimeout(300000);
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(3000);
