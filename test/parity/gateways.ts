/** Small gateways of the kind the editor/CLI disagreement was reported on (`upRes.pipe(res)`). */
export const GATEWAYS: Record<string, string> = {
  // An error response written after the pipe: prefer-pipeline's exemption for a ServerResponse.
  'http-gateway.js': `const http = require('http');
const server = http.createServer((req, res) => {
  const upReq = http.request({ host: 'backend', port: 8080, path: req.url, method: req.method, timeout: 5000 }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  upReq.on('timeout', () => upReq.destroy());
  upReq.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(upReq);
});
server.listen(3000);
`,
  'express-gateway.js': `const express = require('express');
const http = require('http');
const app = express();
app.use('/api', (req, res) => {
  const upReq = http.request({ host: 'backend', port: 8080, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  upReq.on('error', (err) => {
    console.error('upstream failed', err.message);
    res.statusCode = 502;
    res.end();
  });
  req.pipe(upReq);
});
app.listen(3000);
`,
  'express-gateway.ts': `import express from 'express';
import http from 'http';
const app = express();
app.get('/api/*', (req, res) => {
  const upReq = http.get({ host: 'backend', port: 8080, path: req.url }, (upRes) => {
    res.status(upRes.statusCode ?? 502);
    upRes.pipe(res);
  });
  upReq.on('error', () => res.status(502).end());
});
app.listen(3000);
`,
  'streaming-gateway.js': `const http = require('http');
const { WebSocketServer } = require('ws');
const server = http.createServer((req, res) => {
  http.get('http://backend:8080' + req.url, (upRes) => {
    upRes.pipe(res);
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
server.listen(3000);
`,
};
