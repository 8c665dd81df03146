import rule from '../../server/src/rules/prefer-pipeline';
import * as assert from 'node:assert/strict';
import { ruleTests, runRule } from './ruleTester';
import { pipelineCall } from './expectedFixes';
import { listeningProbe } from './sharedCases';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, fixture, runCli } from '../cli/cliHarness';

/** A generic responder that pipes `result` into the response when `test` holds (getodk central-backend's shape). */
function resultWriter(test: string, streamed: string): string {
  return `const writeResult = (result, request, response) => {
  if (${test}) {
    ${streamed}
  } else {
    response.end(JSON.stringify(result));
  }
};
module.exports = { writeResult };
`;
}

/** A download helper (browserstack-runner's): the response's 'error' listener runs `onError`. */
function downloadThatThrows(onError: string): string {
  return `const fs = require('fs');
const https = require('https');
function download(url, dest, done) {
  const file = fs.createWriteStream(dest);
  file.on('error', done);
  https.get(url, function (response) {
    response.pipe(file);
    response.on('end', function () {
      done();
    }).on('error', function (e) {
      ${onError}
    });
  });
}
module.exports = download;
`;
}

/** An install script (sharp's): a callback's response piped into a file it opened; `fail` ends with `onFail`. */
function installerDownload(onFail: string): string {
  return `const fs = require('fs');
const get = require('simple-get');
const fail = function (err) {
  console.error(err.message);
  ${onFail}
};
function fetchTarball(url, tarPath) {
  const tmpFile = fs.createWriteStream(tarPath);
  get({ url }, function (err, response) {
    if (err) {
      fail(err);
    } else {
      response.on('error', fail).pipe(tmpFile);
    }
  });
  tmpFile.on('error', fail).on('close', () => console.log('saved'));
}
fetchTarball(process.argv[2], process.argv[3]);
`;
}

/** A CLI's helper that pipes into a sink its callers choose (apache-arrow's arrow2csv `pipeTo`). */
function pipeToCaller(sinks: string[]): string {
  return `const fs = require('fs');
function pipeTo(source, sink, opts) {
  return new Promise((resolve, reject) => {
    source.on('end', resolve).pipe(sink, opts).on('error', reject);
  });
}
async function main(files) {
  for (const file of files) {
${sinks.map((sink) => `    await pipeTo(fs.createReadStream(file), ${sink}, { end: false });`).join('\n')}
  }
}
main(process.argv.slice(2));
`;
}

/** A test's own server piping each accepted connection into an in-memory parser (JSONStream's tests). */
const ACCEPTED_INTO_PARSER = `const net = require('net');
const JSONStream = require('JSONStream');
const server = net.createServer(function (client) {
  const parser = JSONStream.parse([]);
  parser.on('end', () => server.close());
  client.pipe(parser);
});
server.listen(9999);
`;
/** The same file as a client of that server. */
const SENDER_TO_IT = `const sender = net.connect({ port: 9999 });
sender.on('error', () => {});
sender.end('{}');
`;

/** A test's fixture piped into a client socket made with `options`, beside a server of its own. */
function fixtureIntoClient(options: string): string {
  return `const fs = require('fs');
const net = require('net');
const path = require('path');
const file = path.join(__dirname, 'fixtures', 'all_npm.json');
const server = net.createServer((c) => c.resume()).listen(9999);
const client = net.connect(${options}, function () {
  fs.createReadStream(file).pipe(client);
});
`;
}

/** electron-updater's downloader: a chain variable that starts null, each loop step given by `step`; `beforeReturn` ends the promise body. */
function loopChainFromNull(step: string, beforeReturn = ''): string {
  return `const fs = require('fs');
const { Transform } = require('stream');
function download(file, out) {
  return new Promise((resolve, reject) => {
    const streams = [];
    streams.push(new Transform({ transform(c, e, cb) { cb(null, c); } }));
    const fileOut = fs.createWriteStream(out);
    fileOut.on('finish', () => resolve());
    streams.push(fileOut);
    let lastStream = null;
    for (const stream of streams) {
      stream.on('error', reject);
${step}    }
${beforeReturn}  });
}
module.exports = download;
`;
}
const FIRST_LINK_ASSIGNED = `      if (lastStream == null) {
        lastStream = stream;
      } else {
        lastStream = lastStream.pipe(stream);
      }
`;
const FIRST_LINK_OPENED = `      if (lastStream == null) {
        lastStream = fs.createReadStream(file);
      }
      lastStream = lastStream.pipe(stream);
`;

/**
 * A test that starts a server and posts a form-data body to it (after @fastify/multipart's tests);
 * `appended` is what it appends, the pipe is on line 11.
 */
/** A stream made by `send` (given by `header`), kept in a variable and piped into the response. */
function heldStreamPiped(header: string): string {
  return `${header}
require('http').createServer((req, res) => {
  var stream = send(req, '/srv/public' + req.url);
  res.setHeader('Content-Type', 'text/plain');
  stream.pipe(res);
  stream.on('end', () => console.log('sent'));
}).listen(8080);
`;
}

/** A stream of a class from `from` (typed as Node's Readable) piped into an in-memory no-op Writable (polymer-build's analyzer tests). */
function analyzerIntoNoop(from: string): string {
  return `import { Readable, Writable } from 'stream';
import { BuildAnalyzer } from '${from}';
class NoopStream extends Writable {
  _write(_chunk: unknown, _encoding: string, callback: () => void) { callback(); }
}
test('analyzes', async () => {
  const analyzer: { sources(): Readable } = new BuildAnalyzer({ root: 'test-fixtures' });
  analyzer.sources().pipe(new NoopStream());
});
`;
}

/** A net server (pipe on line 5) decoding each connection, whose errors it logs, with the destination `dest` and `tail` chained after `.on('data')` (fox-wamp's transport). */
function decodedConnection(dest: string, tail: string): string {
  return `const net = require('net');
const msgpack = require('msgpack-lite');
net.createServer(function (socket) {
  const decodeStream = ${dest};
  socket.pipe(decodeStream).on('data', (msg) => console.log(msg))${tail};
  socket.on('error', (err) => console.log('ignoring exception: ' + err));
}).listen(9000);
`;
}

/** A CLI (pipe on line 5) reading the file it is given into a collector, whose read 'error' listener runs `onError` (markdown-toc's cli.js). */
function cliIntoCollector(onError: string): string {
  return `const fs = require('fs');
const concat = require('concat-stream');
const write = fs.createWriteStream(process.argv[3]);
const input = fs.createReadStream(process.argv[2]);
input.pipe(concat((text) => write.end(text.toString().toUpperCase())));
input.on('error', function onErr(err) {
  ${onError}
});
`;
}

/** A test file (read on line 5) that compresses a file named relative to the package folder; `run` (line 1) binds `check`. */
function packageFileCompressed(run: string, file = './package.json'): string {
  return `${run}
const fs = require('fs');
const zlib = require('zlib');
function body() {
  return fs.createReadStream('${file}').pipe(zlib.createDeflate());
}
check('compresses', async () => { for await (const chunk of body()) console.log(chunk.length); });
`;
}

/** A fastify test whose preParsing hook (pipe on line 6) gunzips the payload; `use` is how the test reaches the app. */
function preParsingGunzip(use: string): string {
  return `import Fastify from 'fastify';
import * as zlib from 'zlib';
const fastify = Fastify();
fastify.addHook('preParsing', async (req: unknown, reply: unknown, payload: import('http').IncomingMessage) => {
  const unzip = zlib.createGunzip();
  payload.pipe(unzip);
  return unzip;
});
fastify.post('/', (request: any, reply: any) => reply.send(request.body));
${use}
`;
}

function formPostedToOwnServer(appended: string): string {
  return `const FormData = require('form-data');
const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
server.listen(0, () => {
  const form = new FormData();
  form.append('field', 'value');
  form.append('upload', ${appended});
  const opts = { hostname: 'localhost', port: server.address().port, method: 'POST', headers: form.getHeaders() };
  const req = http.request(opts);
  form.pipe(req);
  req.on('response', (res) => { res.resume(); server.close(); });
});
`;
}

/** An http server's connection recorded into a file (multiparty's record.js; the pipe on line 6); `onClose` is line 7. */
function recordedConnection(onClose: string): string {
  return `const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => res.end('ok'));
server.on('connection', function (socket) {
  socket.file = fs.createWriteStream('connection-' + Date.now() + '.http');
  socket.pipe(socket.file);
  ${onClose}
});
server.listen(8080);
`;
}

/** A net server whose connection handler (its body from line 4) writes the client into an upload file. */
function acceptedIntoUpload(body: string[]): string {
  return `const fs = require('fs');
const net = require('net');
const server = net.createServer(function (client) {
${body.map((line) => `  ${line}`).join('\n')}
});
server.listen(9999);
`;
}

/**
 * exceljs's workbook reader: a method that returns its input when it is a stream (tested against an
 * untyped `readable-stream` too, which makes the return type any) or `fallback`, piped into an unzipper.
 */
function readerOfInput(fallback: string): string {
  return `const fs = require('fs');
const nodeStream = require('stream');
const { Readable } = require('readable-stream');
const unzip = require('unzipper');
class WorkbookReader {
  _getStream(input) {
    if (input instanceof nodeStream.Readable || input instanceof Readable) {
      return input;
    }
    if (typeof input === 'string') {
      return ${fallback};
    }
    throw new Error('Could not recognise input: ' + input);
  }
  async *parse(input) {
    const stream = (this.stream = this._getStream(input));
    const zip = unzip.Parse({ forceStream: true });
    stream.pipe(zip);
    for await (const entry of zip) yield entry;
  }
}
module.exports = WorkbookReader;
`;
}

ruleTests(rule, {
  valid: [
    {
      // simples' HTTP client: its own `response` property is a PassThrough it makes, not a server
      // response that a client abort can close first.
      name: "an upstream response piped into the object's own `response` property, made as a PassThrough",
      code: `const http = require('http');
const stream = require('stream');
function ClientRequest(options) {
  const that = this;
  // A stream class called without \`new\`, as simples does.
  Object.defineProperty(this, 'response', { value: stream.PassThrough() });
  const request = http.request(options);
  request.on('error', (err) => that.emit('error', err));
  request.on('response', function (response) {
    response.pipe(that.response);
    response.on('error', (err) => that.emit('error', err));
  });
  request.end();
}
module.exports = ClientRequest;`,
    },
    {
      // localtunnel's TunnelCluster: the chain goes on from the variable holding it, and the source's
      // 'close' listener (which follows its every 'error') ends the chain's last stream.
      name: "a chain continued through a variable, whose end the source's 'close' listener ends",
      code: `const net = require('net');
module.exports = function connect(opt, HostTransformer) {
  const remote = net.connect({ host: opt.remoteHost, port: opt.remotePort });
  const local = net.connect({ host: opt.host, port: opt.port });
  local.on('error', () => remote.end());
  remote.on('error', (err) => console.error(err.message));
  remote.once('close', () => local.end());
  local.once('connect', () => {
    let stream = remote;
    if (opt.rewriteHost) stream = remote.pipe(new HostTransformer({ host: opt.host }));
    stream.pipe(local).pipe(remote);
  });
};`,
    },
    {
      name: "a same-file method that returns only what it was given: the stream is the caller's",
      code: readerOfInput('input'),
    },
    {
      name: "a test's preParsing payload of an app only ever injected into: the injector's in-memory request (fastify's bodyLimit tests)",
      code: preParsingGunzip("fastify.inject({ method: 'POST', url: '/', payload: zlib.gzipSync('{}') }).then((res) => console.log(res.statusCode));"),
      filename: 'test/bodyLimit.test.ts',
    },
    {
      name: "a test under a runner reading the package's own file by a relative path into memory (@fastify/compress)",
      code: packageFileCompressed("const { test: check } = require('node:test');"),
      filename: 'test/global-compress.test.js',
    },
    {
      name: "a CLI whose read 'error' listener exits the process: everything it opened closes with it (markdown-toc)",
      code: cliIntoCollector('console.error(err);\n  process.exit(1);'),
    },
    {
      name: "a download whose response 'error' listener throws: the process ends, the file with it (browserstack-runner)",
      code: downloadThatThrows("console.log('download failed: ' + e.message);\n      throw new Error('download failed: ' + e.message);"),
    },
    {
      name: "an installer's callback response whose 'error' listener is a same-file function that exits (sharp's install script)",
      code: installerDownload('process.exit(1);'),
    },
    {
      name: 'a connection whose errors are handled, piped into a decoder made here that nothing waits on (fox-wamp)',
      code: decodedConnection('msgpack.createDecodeStream()', ''),
    },
    {
      name: "a test's stream made by the package's own code, piped into an in-memory sink: the code under test (polymer-build)",
      code: analyzerIntoNoop('../src/analyzer'),
      filename: 'test/analyzer_test.ts',
    },
    {
      // React's pipeable stream is no Node stream: its errors go to the onShellError/onError options.
      name: "renderToPipeableStream's result piped into the response (React's own pipe)",
      code: `const http = require('http');
const { renderToPipeableStream } = require('react-dom/server');
http.createServer((req, res) => {
  const stream = renderToPipeableStream(App(), { onShellError: () => { res.statusCode = 500; res.end(); } });
  stream.pipe(res);
}).listen(8080);`,
    },
    {
      // The caller's stream: a parameter of an exported function, whatever is piped into the response.
      name: 'a parameter of an exported function piped into a response (the caller owns the stream)',
      code: `module.exports = function send(stream, res) {
  res.setHeader('Content-Type', 'application/octet-stream');
  stream.pipe(res);
};`,
    },
    {
      name: 'a parameter of an exported arrow function piped into a response (the caller owns the stream)',
      code: `export const send = (stream, res) => {
  res.setHeader('Content-Type', 'application/octet-stream');
  stream.pipe(res);
};`,
    },
    {
      name: "a stream got from a call whose 'error' goes to next() before it is piped into the response",
      code: `const express = require('express');
const app = express();
app.get('/file/:id', async (req, res, next) => {
  const stream = await storage.readFile(req.params.id);
  stream.on('error', next);
  stream.pipe(res);
});
module.exports = app;`,
    },
    {
      // Not from a call at every assignment: the caller's stream is the caller's.
      name: "a variable given a call and later the caller's stream, piped into a response",
      code: `const http = require('http');
module.exports = async function serve(req, res, cached) {
  let body = await render(req.url);
  if (cached) body = cached;
  body.pipe(res);
};`,
    },
    {
      name: 'a stream got from a call piped into something not known to be a response',
      code: `module.exports = async function copy(id, out) {
  const stream = await storage.readFile(id);
  stream.pipe(out);
};`,
    },
    {
      // (JSONStream's tests: the peer of the socket is the test's own client.)
      name: 'in a test that starts a server, a connection its server accepted piped into a parser',
      code: ACCEPTED_INTO_PARSER + SENDER_TO_IT,
      filename: 'test/multiple_objects.js',
    },
    {
      name: "in a test that starts a server, a fixture piped into the test's own client socket to it",
      code: fixtureIntoClient('{ port: 9999 }'),
      filename: 'test/destroy_missing.js',
    },
    {
      // (electron-updater's DifferentialDownloader: the chain variable starts null; the loop assigns the first link.)
      name: "a chain built in a loop from null, every link given an 'error' listener in the loop",
      code: loopChainFromNull(FIRST_LINK_ASSIGNED, '    return streams[0];\n'),
    },
    {
      // (iobroker.backitup's targz.decompress, compiled: each stream's listener chained where it is made.)
      name: "an 'error' listener chained on the stream made inside the pipe() argument",
      code: `const fs = require('fs');
const zlib = require('zlib');
const tar = require('tar-fs');
function decompress(src, dest, error, cb) {
  fs.createReadStream(src)
    .on('error', error)
    .pipe(zlib.createGunzip().on('error', error))
    .pipe(tar.extract(dest).on('error', error).on('finish', () => cb()));
}
module.exports = decompress;
`,
    },
    {
      // (node-red-contrib-alexa-remote2's portAvailable.)
      name: "a port probe written as a 'listening' listener that closes the server: no connection is ever accepted",
      code: listeningProbe('server.close();'),
    },
    {
      // (pubnub's AesCbcCryptor.encryptStream.)
      name: 'an encrypter between in-memory streams: any bytes encrypt, so the link fails only if its feed does',
      filename: 'crypto.ts',
      code: `import * as crypto from 'crypto';
import { PassThrough, Readable } from 'stream';
export function encrypt(stream: Readable, key: Buffer, iv: Buffer) {
  const aes = crypto.createCipheriv('aes-256-cbc', key, iv);
  const output = new PassThrough();
  stream.pipe(aes).pipe(output);
  return output;
}`,
    },
    {
      name: 'an encrypter with padding turned on explicitly, and a digest',
      filename: 'crypto.ts',
      code: `import * as crypto from 'crypto';
import { PassThrough, Readable } from 'stream';
export function encrypt(stream: Readable, key: Buffer, iv: Buffer) {
  const aes = crypto.createCipheriv('aes-256-cbc', key, iv).setAutoPadding(true);
  const output = new PassThrough();
  stream.pipe(aes).pipe(output);
  stream.pipe(crypto.createHash('sha256')).pipe(new PassThrough());
  return output;
}`,
    },
    {
      name: "a test reading its own fixture through a gunzip into an in-memory parser: the whole chain is the test's",
      filename: 'test/gzip.test.js',
      code: `const fs = require('fs');
const zlib = require('zlib');
const split = require('split2');
it('reads lines', (done) => {
  fs.createReadStream(__dirname + '/lines.txt.gz').pipe(zlib.createGunzip()).pipe(split()).on('finish', done);
});`,
    },
    {
      // trumpet's and script-injector's tests: a missing fixture fails the test either way.
      name: 'a test reading its own fixture into an in-memory parser',
      filename: 'test/select.js',
      code: `const fs = require('fs');
const test = require('tape');
const trumpet = require('trumpet');
const concat = require('concat-stream');
test('select', (t) => {
  const tr = trumpet();
  tr.select('.b').createReadStream().pipe(concat((body) => { t.equal(String(body), 'x'); t.end(); }));
  fs.createReadStream(__dirname + '/select.html').pipe(tr);
});`,
    },
    {
      name: 'a test reading a fixture named by a const path into a collector',
      filename: 'test/parse.test.js',
      code: `const fs = require('fs');
const path = require('path');
const split = require('split2');
const fixture = path.join(__dirname, 'fixtures', 'lines.txt');
it('splits', (done) => {
  const lines = [];
  fs.createReadStream(fixture).pipe(split()).on('data', (l) => lines.push(l)).on('end', () => done());
});`,
    },
    {
      // npm-registry-client's tests: the fake registry of ./lib/server.js answers the suite's own client.
      name: "under a test runner, a fixture sent into a test server's response: the suite's own client reads it",
      filename: 'test/fetch-basic.js',
      code: `var resolve = require('path').resolve;
var createReadStream = require('graceful-fs').createReadStream;
var test = require('tap').test;
var server = require('./lib/server.js');
var tgz = resolve(__dirname, './fixtures/underscore/1.3.3/package.tgz');
test('basic fetch', function (t) {
  server.expect('/underscore/-/underscore-1.3.3.tgz', function (req, res) {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    createReadStream(tgz).pipe(res);
  });
});`,
    },
    {
      name: "under a test runner, a fixture sent into the response of the test's own http server",
      filename: 'test/server.test.js',
      code: `const fs = require('fs');
const http = require('http');
const server = http.createServer((req, res) => {
  fs.createReadStream(__dirname + '/page.html').pipe(res);
});
before((done) => server.listen(0, done));
it('serves the page', (done) => done());`,
    },
    {
      // dicer's multipart tests
      name: 'a test reading a fixture whose path is built from the folder through two vars',
      filename: 'test/test-multipart.js',
      code: `var fs = require('fs');
var Dicer = require('..');
var FIXTURES_ROOT = __dirname + '/fixtures/';
var tests = [{ source: 'nested', boundary: 'AaB03x' }];
function next(t) {
  var v = tests[t],
    fixtureBase = FIXTURES_ROOT + v.source;
  var dicer = new Dicer({ boundary: v.boundary });
  dicer.on('finish', () => next(t + 1));
  fs.createReadStream(fixtureBase + '/original').pipe(dicer);
}
next(0);`,
    },
    {
      // ripple-emulator's proxy: request calls back with the stream's error, and the callback answers 500
      name: 'a request-library stream whose callback gets its errors and answers the response it is piped into',
      code: `var request = require('request');
module.exports = function proxy(req, res, opts, callback) {
  var proxyReq;
  proxyReq = request(opts, function (error, response, body) {
    if (error) {
      res.send(500, error);
    } else if (callback) {
      callback(response, body);
    }
  });
  if (!callback) proxyReq.pipe(res);
};`,
    },
    {
      // @clinic/bubbleprof's analysis: the variable holds the whole chain, whose last link never fails
      name: "a variable given a pipe() chain whose last link is a transform of the code's own that never fails, piped on",
      code: `const { Transform, Readable } = require('stream');
class Upper extends Transform {
  _transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()); }
}
module.exports = function run(items, output) {
  const result = Readable.from(items)
    .on('end', () => output.emit('done'))
    .pipe(new Upper())
    .pipe(new Upper());
  result.pipe(output);
};`,
    },
    {
      // static-module's tests
      name: 'a test reading its own fixture through a helper of the file that builds the path from __dirname',
      filename: 'test/assign.js',
      code: `var test = require('tape');
var concat = require('concat-stream');
var staticModule = require('../');
var fs = require('fs');
var path = require('path');
test('assign', function (t) {
  var sm = staticModule({ beep: { x: 4 } });
  readStream('source.js').pipe(sm).pipe(concat(function (body) { t.ok(body.length); t.end(); }));
});
function readStream(file) {
  return fs.createReadStream(path.join(__dirname, 'assign', file));
}`,
    },
    {
      // static-module's tests: the code under test calls readFileSync with a path under vars.__dirname.
      name: 'a test reading the file the code under test names, in a callback the test hands it, into an in-memory transform',
      filename: 'test/brfs.js',
      code: `var staticModule = require('../');
var test = require('tape');
var quote = require('quote-stream');
var fs = require('fs');
var path = require('path');
test('readFileSync', function (t) {
  var sm = staticModule({
    fs: {
      readFileSync: function (file) {
        return fs.createReadStream(file).pipe(quote());
      },
      readFile(file) {
        return fs.createReadStream(file).pipe(quote());
      },
    },
  }, { vars: { __dirname: path.join(__dirname, 'brfs') } });
  var named = staticModule({ fs: { readFileSync: readFileSync } });
  t.ok(sm && named);
  t.end();
});
function readFileSync(file) {
  return fs.createReadStream(file).pipe(quote());
}`,
    },
    {
      name: 'a duck test that does not tell a stream (result.pipe !== null holds for any object without pipe): the payload is not known to be a stream',
      code: resultWriter('result.pipe !== null', 'result.pipe(response);'),
    },
    {
      name: 'a duck-tested stream payload given to pipeline with a callback',
      code: resultWriter('result.pipe != null', "require('stream').pipeline(result, response, (err) => err && response.destroy(err));"),
    },
    {
      name: 'a destination variable given a file stream and, on another path, the process stdout: not known to be the file',
      code: `const fs = require('fs');
module.exports = function save(input, path) {
  const src = fs.createReadStream(input);
  let out = fs.createWriteStream(path);
  if (!path) out = process.stdout;
  src.on('error', () => out.end());
  src.pipe(out);
};`,
    },
    {
      name: "a source that is the caller's option or a PassThrough of the code's own, chosen by a condition (pino-socket)",
      code: `const stream = require('stream');
const net = require('net');
/** @param {{ sourceStream?: stream.Readable, port?: number }} userOptions */
module.exports = function factory(userOptions) {
  const options = Object.assign({ port: 514 }, userOptions);
  const sourceStream = Object.prototype.hasOwnProperty.call(options, 'sourceStream') ? options.sourceStream : buildStdinSourceStream();
  const outputStream = new stream.Writable({ write(data, enc, cb) { socket.write(data, enc); cb(); } });
  const socket = net.connect(options.port, () => {
    sourceStream.pipe(outputStream, { end: false });
    sourceStream.resume();
  });
  socket.on('error', () => socket.destroy());
  return outputStream;
};
function buildStdinSourceStream() {
  const inputStream = new stream.PassThrough();
  process.stdin.pipe(inputStream);
  inputStream.pause();
  return inputStream;
}`,
    },
    {
      name: "an in-memory body from node:stream through a namespace, reassigned to its gzip (Sentry's compiled transport)",
      code: `"use strict";
const node_stream = require('node:stream');
const node_zlib = require('node:zlib');
const http = require('http');
function streamFromBody(body) {
  return new node_stream.Readable({ read() { this.push(body); this.push(null); } });
}
exports.send = function (request, options) {
  return new Promise((resolve, reject) => {
    let body = streamFromBody(request.body);
    if (request.body.length > 32768) body = body.pipe(node_zlib.createGzip());
    const req = http.request(options, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy());
    body.pipe(req);
  });
};`,
    },
    {
      name: 'an in-memory stream made by a function expression, a renamed import, or a factory called where it is written (minified bundles)',
      code: `import { Readable as c } from 'node:stream';
import { createGzip as u } from 'node:zlib';
export function a(f, m) {
  const d = (function (t) { return new c({ read() { this.push(t); this.push(null); } }); })(f.body);
  d.pipe(m);
}
export function gz(f, m, big) {
  let d = function (t) { return new c({ read() { this.push(t), this.push(null); } }); }(f.body);
  big && (d = d.pipe(u()));
  d.pipe(m);
}
export function b(data, req) {
  var bufferToChunks = function bufferToChunks(buffer) {
    var chunking = new c();
    chunking.push(buffer);
    chunking.push(null);
    return chunking;
  };
  bufferToChunks(data).pipe(req);
}`,
    },
    {
      name: "the stream a 'pipe' listener is given is the caller's, piped in by it (logfmt)",
      code: `const { Transform } = require('stream');
const split = require('split');
module.exports = function streamParser() {
  const parser = new Transform({ objectMode: true, transform(line, enc, cb) { cb(null, line); } });
  parser.on('pipe', function (source) {
    source.unpipe(this);
    this.transformStream = source.pipe(split()).pipe(parser);
  });
  return parser;
};`,
    },
    {
      name: "a download into a file whose 'error' listener is chained on the pipe",
      code: `const fs = require('fs');
const https = require('https');
module.exports = function download(url, path, done) {
  https.get(url, { timeout: 10000 }, (res) => {
    res.on('error', done);
    res.pipe(fs.createWriteStream(path)).on('error', done).on('finish', () => done());
  }).on('error', done).on('timeout', function () { this.destroy(); });
};`,
    },
    {
      name: 'a file destination watched by finished(), by events.once, or handed back to the caller',
      code: `const fs = require('fs');
const { once } = require('events');
const { finished } = require('stream');
exports.a = function (input, path, done) {
  const src = fs.createReadStream(input);
  const out = fs.createWriteStream(path);
  src.on('error', () => out.destroy());
  src.pipe(out);
  finished(out, done);
};
exports.b = async function (input, path) {
  const src = fs.createReadStream(input);
  const out = fs.createWriteStream(path);
  await once(out, 'open');
  src.on('error', () => out.destroy());
  src.pipe(out);
};
exports.c = function (input, path) {
  const src = fs.createReadStream(input);
  const out = fs.createWriteStream(path);
  src.on('error', () => out.destroy());
  src.pipe(out);
  return out;
};`,
    },
    {
      name: "a source whose 'error' is re-emitted, piped into a write stream handed back to the caller",
      code: `const fs = require('fs');
const zlib = require('zlib');
const EventEmitter = require('events');
class Rotator extends EventEmitter {
  compress(oldFile) {
    const inp = fs.createReadStream(oldFile);
    inp.on('error', (err) => this.emit('error', err));
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(oldFile + '.gz');
    out.on('error', (err) => this.emit('error', err));
    inp.pipe(gzip).pipe(out);
    return out;
  }
}
module.exports = Rotator;`,
    },
    {
      // winston-daily-rotate-file: a gzip compressor fails only when what feeds it does.
      name: 'a zlib compressor as a later link of a chain: it does not fail on any input',
      code: `const fs = require('fs');
const zlib = require('zlib');
function compress(oldFile, cb) {
  const inp = fs.createReadStream(oldFile);
  inp.on('error', (err) => {
    gzip.destroy();
    cb(err);
  });
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(oldFile + '.gz');
  out.on('error', (err) => cb(err));
  inp
    .pipe(gzip)
    .pipe(out)
    .on('finish', () => cb());
}
module.exports = compress;`,
    },
    {
      // tftp: the source's 'error' listener is chained on its creation, before the variable holds it.
      name: "a source whose 'error' listener, chained on its creation, aborts the destination",
      code: `var fs = require('fs');
var PutStream = require('./put-stream');
exports.put = function (local, remote, cb) {
  fs.stat(local, function (error, stats) {
    if (error) return cb(error);
    var rsError;
    var closed = false;
    var rs = fs.createReadStream(local)
      .on('error', function (error) {
        rsError = error;
        ps.abort('EIO');
      })
      .on('close', function () {
        closed = true;
      });
    var ps = new PutStream(remote, {})
      .on('error', function (error) {
        rs.destroy();
        cb(error);
      })
      .on('finish', function () {
        cb();
      });
    rs.pipe(ps);
  });
};`,
    },
    // A helper other modules call pipes the caller's stream: the caller owns its errors.
    `const http = require('http');
export function relay(upstreamRes, res) {
  upstreamRes.pipe(res);
}`,
    // A helper only this file calls, handed a response whose caller already listens for 'error'.
    `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', timeout: 5000 }, (upstreamRes) => {
    upstreamRes.on('error', () => res.destroy());
    res.on('close', () => upstreamRes.destroy());
    relay(upstreamRes);
  });
  upstream.on('error', (err) => console.error(err.message));
  upstream.end();
  function relay(upstreamRes) {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  }
});`,
    // A Readable filled from a Buffer by a same-file function cannot emit 'error' (superagent).
    `const Stream = require('stream');
const http = require('http');
const bufferToChunks = (buffer) => {
  const chunking = new Stream.Readable();
  chunking.push(buffer);
  chunking.push(null);
  return chunking;
};
function send(data, req) {
  bufferToChunks(data).pipe(req);
}`,
    // An in-memory PassThrough the code feeds itself cannot emit 'error' (needle's tests).
    `const http = require('http');
const stream = require('stream');
const zlib = require('zlib');
http.createServer((req, res) => {
  const raw = new stream.PassThrough();
  raw.pipe(zlib.createGzip()).pipe(res);
  raw.end('{}');
});`,
    // A stream class's own pipe() delegating to super or to an inner stream (got, superagent): its caller owns errors.
    `const { Duplex } = require('stream');
class Request extends Duplex {
  pipe(destination, options) {
    return super.pipe(destination, options);
  }
}
class Wrapper {
  pipe(stream, options) {
    const frame = this.getFrame();
    return frame.pipe(stream, options);
  }
}`,
    // Object state: the 'error' listener is added by another method, here in a base class of another module (faye-websocket).
    `const net = require('net');
function Client(driver) {
  const self = this;
  this._stream = net.connect(80, 'example.com');
  this._stream.pipe(driver.io);
  this._stream.on('connect', () => {
    self._stream.pipe(self._driver.io);
  });
}`,
    {
      name: 'rxjs pipe is not a Node stream pipe',
      filename: 'case.ts',
      code: `import { of } from 'rxjs';
import { map } from 'rxjs/operators';
import * as stream from 'stream';
of(1, 2).pipe(map((x: number) => x * 2));
export const s = stream;
`,
    },
    {
      name: 'highland',
      code: `const _ = require('highland');
const fs = require('fs');
_(fs.createReadStream('a')).pipe(fs.createWriteStream('b'));
`,
    },
    {
      name: 'gulp',
      code: `const gulp = require('gulp');
const uglify = require('gulp-uglify');
const stream = require('stream');
gulp.src('src/*.js').pipe(uglify()).pipe(gulp.dest('dist'));
module.exports = stream;
`,
    },
    {
      name: 'execa',
      code: `const { execa } = require('execa');
const fs = require('fs');
execa('ls').pipe(fs.createWriteStream('out.txt'));
`,
    },
    {
      name: 'ServerResponse destination when the code later writes an error response',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  file.on('error', () => {});
  req.on('aborted', () => { res.statusCode = 500; });
  res.on('close', () => file.destroy());
});
`,
    },
    {
      name: 'ServerResponse destination: writeHead(500) later',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  file.once('end', () => {});
  setTimeout(() => { res.writeHead(500); res.end(); }, 1000);
  res.on('close', () => file.destroy());
});
`,
    },
    {
      name: "the source's error listener closes the destination",
      code: `const fs = require('fs');
const net = require('net');
const sock = net.connect(80);
sock.on('error', () => {});
const file = fs.createReadStream('big.bin');
file.on('error', () => sock.destroy());
file.pipe(sock);
`,
    },
    {
      name: 'pipeline is already used',
      code: `const { pipeline } = require('stream');
const fs = require('fs');
pipeline(fs.createReadStream('a'), fs.createWriteStream('b'), () => {});
`,
    },
    {
      name: "the source is a caller's parameter, the destination another module's",
      code: `const storage = require('./storage');
function save(input) {
  input.pipe(storage.createWriteStream('out'));
}
module.exports = save;
`,
    },
    {
      name: 'the source escapes (returned)',
      code: `const fs = require('fs');
function open(out) {
  const src = fs.createReadStream('a');
  src.pipe(out);
  return src;
}
module.exports = open;
`,
    },
    {
      name: 'error listener given as an unseen function',
      code: `const fs = require('fs');
const { onError } = require('./log');
const src = fs.createReadStream('a');
src.on('error', onError);
src.pipe(fs.createWriteStream('b')).on('error', onError);
`,
    },
    {
      name: 'process.stdin',
      code: `const net = require('net');
const s = net.connect(80);
s.on('error', () => {});
process.stdin.pipe(s);
`,
    },
    {
      name: "a helper's sink that every call of the file gives the process's stdout or stderr (apache-arrow's arrow2csv)",
      code: pipeToCaller(['process.stdout', 'process.stderr']),
    },
    {
      name: "the process's stdin and stdout under other names (@redwoodjs/api-server's log formatter, esbuild output)",
      code: `const split = require('split2');
var input = process.stdin;
var output = process.stdout;
input.pipe(split(JSON.parse)).pipe(output);
`,
    },
    {
      name: 'typed parameters of an exported function belong to its callers',
      filename: 'case.ts',
      code: `import { Socket } from 'net';
import { pipeline } from 'stream';
export function pipeSocket(from: Socket, to: Socket) {
  from.pipe(to);
}
export const p = pipeline;
`,
    },
    {
      name: 'gulp stream typed as a Node stream: the module decides',
      code: `const gulp = require('gulp');
const fs = require('fs');
/** @type {import('fs').ReadStream} */ (gulp.src('src/*.js')).pipe(fs.createWriteStream('bundle.js'));
`,
    },
    {
      name: 'an echo socket piped to itself with an error listener',
      code: `const net = require('net');
net.createServer((s) => {
  s.on('error', () => {});
  s.pipe(s);
});
`,
    },
    {
      name: "ServerResponse destination: the request handler writes a 502 from the upstream request's error listener",
      code: `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request(req.url, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end();
  res.on('close', () => upstream.destroy());
});
`,
    },
    {
      name: 'issue 9: the source is destroyed when the response closes',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.end());
  file.pipe(res);
  res.on('close', () => file.destroy());
});
`,
    },
    {
      name: 'the source is destroyed when the request closes',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.end());
  req.on('close', () => file.close());
  file.pipe(res);
});
`,
    },
    {
      name: "the source is handed to on-finished's callback (destroy from the destroy package)",
      code: `const http = require('http');
const fs = require('fs');
const onFinished = require('on-finished');
const destroy = require('destroy');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.end());
  file.pipe(res);
  onFinished(res, () => destroy(file));
});
`,
    },
    {
      name: 'an upstream response whose request is destroyed when the client response closes',
      code: `const http = require('http');
http.createServer((req, res) => {
  const proxyReq = http.get('http://backend/', (upRes) => {
    upRes.on('error', () => res.destroy());
    upRes.pipe(res);
  });
  proxyReq.on('error', () => res.end());
  res.on('close', () => proxyReq.destroy());
});
`,
    },
    {
      name: 'a file copied into a file: a write stream does not close first on a client abort',
      code: `const fs = require('fs');
const http = require('http');
const src = fs.createReadStream('a');
const out = fs.createWriteStream('b');
out.on('error', () => src.destroy());
src.on('error', () => out.destroy());
src.pipe(out);
`,
    },
    {
      name: 'corpus FP4: a same-file Readable subclass fed by push() cannot fail',
      code: `const { Readable } = require('stream');
const net = require('net');
class BufferedStream extends Readable {
  _read() {}
}
function relay(clientSocket, port) {
  const buffered = new BufferedStream();
  clientSocket.on('data', (chunk) => buffered.push(chunk));
  clientSocket.on('error', () => {});
  const conn = net.connect(port, () => buffered.pipe(conn));
  conn.on('error', () => clientSocket.destroy());
}
`,
    },
    {
      name: 'corpus FP4: a legacy Stream returned by a same-file function',
      code: `const stream = require('stream');
const parser = require('./parser')();
function makeReadableStream() {
  const s = new stream.Stream();
  s.readable = true;
  s.write = function (data) { this.emit('data', data); };
  s.end = function () { this.emit('end'); };
  return s;
}
const source = makeReadableStream();
source.pipe(parser);
source.write('{"docs":[]}');
source.end();
`,
    },
    {
      name: "a Readable whose read() is the code's own, fed by push()",
      code: `const stream = require('stream');
const fs = require('fs');
const r = new stream.Readable({ read() {} });
r.pipe(fs.createWriteStream('out').on('error', (err) => console.error(err)));
r.push('x');
r.push(null);
`,
    },
    {
      name: "a Readable whose read is the code's own, written as a property function (ES5 style), fed by push()",
      code: `const stream = require('stream');
const fs = require('fs');
const r = new stream.Readable({ objectMode: true, read: function (size) { this.push('x'); this.push(null); } });
r.pipe(fs.createWriteStream('out').on('error', (err) => console.error(err)));
`,
    },
    {
      name: "a Readable whose read is the code's own arrow function, fed by push()",
      code: `const stream = require('stream');
const fs = require('fs');
const r = new stream.Readable({ read: () => {} });
r.pipe(fs.createWriteStream('out').on('error', (err) => console.error(err)));
r.push('x');
r.push(null);
`,
    },
    {
      name: "corpus FP5: into the process's own stdout/stderr",
      code: `const child = require('child_process');
const fs = require('fs');
function run(command) {
  const c = child.exec(command, () => {});
  c.stdout.pipe(process.stdout);
  c.stderr.pipe(process.stderr);
}
function usage() {
  fs.createReadStream(__dirname + '/usage.txt').pipe(process.stdout);
}
module.exports = { run, usage };
`,
    },
    {
      name: "corpus FP6: a child's stdout collected by an in-memory Writable",
      code: `const { fork } = require('child_process');
const { once } = require('events');
const { Writable } = require('stream');
async function output(file) {
  let text = '';
  const child = fork(file, { silent: true });
  child.stdout.pipe(new Writable({ write(chunk, enc, cb) { text += chunk; cb(); } }));
  await once(child, 'close');
  return text;
}
module.exports = output;
`,
    },
    {
      name: "a child's stderr handed through two helpers to a parser (@tracerbench/spawn)",
      filename: 'case.ts',
      code: `import { spawn } from 'node:child_process';
import { Transform } from 'node:stream';
export function start(command: string): Promise<string> {
  const child = spawn(command, [], { stdio: ['ignore', 'ignore', 'pipe'] });
  return waitForUrl(child.stderr);
}
function waitForUrl(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => parseUrl(stderr, resolve));
}
function parseUrl(stderr: NodeJS.ReadableStream, found: (url: string) => void): void {
  const parser = new Transform({ transform(chunk, _enc, cb) { const m = /ws:\\/\\/\\S+/.exec(String(chunk)); if (m) found(m[0]); cb(); } });
  stderr.pipe(parser);
  parser.resume();
}
`,
    },
    {
      name: 'corpus FP7: the destination is destroyed by a premature-close helper (node-fetch 2.7)',
      code: `const http = require('http');
const { PassThrough } = require('stream');
function onPrematureClose(req, cb) {
  req.on('socket', (s) => s.prependListener('close', (hadError) => { if (!hadError) cb(new Error('Premature close')); }));
}
function get(url, done) {
  let body;
  const req = http.get(url, (res) => { body = res.pipe(new PassThrough()); done(null, body); });
  req.on('error', done);
  onPrematureClose(req, (err) => body && body.destroy(err));
}
module.exports = get;
`,
    },
    {
      name: "corpus (stream-throttle): the source's error listener destroys the chain's end; the transform between is in memory",
      code: `const net = require('net');
const Throttle = require('stream-throttle').Throttle;
net.createServer((local) => {
  const remote = net.createConnection(9000);
  const throttle = new Throttle({ rate: 1000 });
  local.pipe(throttle).pipe(remote);
  local.on('error', () => { remote.destroy(); local.destroy(); });
  remote.on('error', () => local.destroy());
});
`,
    },
    {
      name: 'corpus (nodemailer fetch): the error listener calls a same-file function that tears the destination down',
      code: `const http = require('http');
const { PassThrough } = require('stream');
function fetch(url) {
  const fetchRes = new PassThrough();
  let req;
  const fail = (err) => {
    fetchRes.emit('error', err);
    req.abort();
  };
  req = http.get(url, (res) => {
    res.on('error', (err) => fail(err));
    res.pipe(fetchRes);
  });
  req.on('error', fail);
  return fetchRes;
}
module.exports = fetch;
`,
    },
    {
      name: 'corpus (verdaccio): Readable.from(buffer) is fed from memory',
      code: `const stream = require('stream');
const zlib = require('zlib');
function details(buffer, unpack) {
  const readable = stream.Readable.from(buffer);
  readable.pipe(zlib.createGunzip()).pipe(unpack);
}
module.exports = details;
`,
    },
    {
      name: "an 'error' listener that hands the error on to a method that answers (send)",
      code: `const fs = require('fs');
function SendStream(req, res) { this.res = res; }
SendStream.prototype.stream = function (path) {
  const self = this;
  const stream = fs.createReadStream(path);
  this.emit('stream', stream);
  stream.pipe(this.res);
  stream.on('error', function onerror(err) {
    stream.destroy();
    self.onStatError(err);
  });
};
module.exports = SendStream;
`,
    },
    {
      name: "decompress-response: a Transform of the code's own whose functions never report an error",
      code: `import { Transform as TransformStream, PassThrough as PassThroughStream } from 'node:stream';
import zlib from 'node:zlib';
export default function decompress(response) {
  const finalStream = new PassThroughStream({ autoDestroy: false });
  finalStream.once('error', () => response.destroy());
  function handle() {
    const decompressStream = zlib.createUnzip();
    decompressStream.once('error', (error) => finalStream.destroy(error));
    checker.pipe(decompressStream).pipe(finalStream);
  }
  const checker = new TransformStream({
    transform(data, _encoding, callback) {
      handle();
      callback(null, data);
    },
    flush(callback) {
      callback();
    },
  });
  response.pipe(checker);
  return finalStream;
}
`,
    },
    {
      name: "a child process's stdout piped to a writer (execa, pino's tests): it ends when the child exits",
      filename: 'case.ts',
      code: `declare module 'execa' {
  import { ChildProcess } from 'child_process';
  function execa(file: string, args?: string[]): ChildProcess & Promise<unknown>;
  export = execa;
}
const execa: typeof import('execa') = require('execa');
const writer = require('flush-write-stream');
const { once } = require('events');
async function run(file: string) {
  let actual = '';
  const child = execa(process.argv[0], [file]);
  child.stdout!.pipe(writer((s: string, enc: string, cb: () => void) => { actual += s; cb(); }));
  await once(child, 'close');
  return actual;
}
module.exports = run;
`,
    },
    {
      name: "a spawned child's stderr read line by line (typed by child_process)",
      code: `const childProcess = require('child_process');
const split = require('split2');
const zlib = require('zlib');
async function lines(args) {
  const child = childProcess.spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  for await (const line of child.stderr.pipe(split())) out.push(line);
  child.stdout.pipe(zlib.createGzip());
  child.stdio[1].pipe(process.stdout);
  return out;
}
module.exports = lines;
`,
    },
    {
      name: "a child's stdout piped to a response, the child killed when the response closes",
      code: `const http = require('http');
const { spawn } = require('child_process');
http.createServer((req, res) => {
  const child = spawn('tail', ['-f', 'app.log']);
  child.stdout.pipe(res);
  res.on('close', () => child.kill());
});
`,
    },
    {
      name: 'event-stream: readArray, merge of in-memory readers, readable and from fed from arrays, through',
      filename: 'case.ts',
      code: `declare module 'event-stream' {
  import { Stream } from 'stream';
  export function readArray(items: unknown[]): Stream;
  export function merge(...streams: Array<Stream | Stream[]>): Stream;
  export function readable(fn: (this: Stream, count: number, cb: (err: Error | null, data?: unknown) => void) => void): Stream;
  export function through(write?: (this: Stream, data: unknown) => void): Stream;
  export function writeArray(cb: (err: Error | null, items: unknown[]) => void): Stream;
}
declare module 'from' {
  import { Stream } from 'stream';
  function from(source: unknown[] | ((this: Stream, count: number, next: () => void) => void)): Stream;
  export = from;
}
const es: typeof import('event-stream') = require('event-stream');
const from: typeof import('from') = require('from');
const delay = (fn: (...args: unknown[]) => void) => (...args: unknown[]) => setTimeout(() => fn(...args), 1);
const even = [2, 4, 6];
const odd = [1, 3, 5];
const writer = es.writeArray(() => {});
es.readArray([1, 2, 3]).pipe(writer);
const r1 = es.readArray(even);
const r2 = es.readArray(odd);
es.merge(r1, r2).pipe(writer);
es.merge([r1, r2]).pipe(writer);
es.readable(function (i, callback) {
  if (i >= even.length) return this.emit('end');
  callback(null, even[i]);
}).pipe(writer);
es.readable(function (i, callback) {
  if (i >= even.length) return this.emit('end');
  delay(callback)(null, even[i]);
}).pipe(writer);
const input = odd.map((v) => v * 2);
from(input).pipe(es.through(function (data) { this.emit('data', data); })).pipe(writer);
from(function (count, next) { this.emit('data', count); next(); }).pipe(writer);
const source = es.through();
source.pipe(writer);
source.write(1);
`,
    },
    {
      name: 'a request handler echoing the request body into its own response: one connection',
      code: `const http = require('http');
http.createServer((req, res) => {
  res.writeHead(200);
  req.pipe(res);
}).listen(8080);
const server = http
  .createServer(function (req, res) {
    res.setHeader('Content-Type', 'application/octet');
    req.pipe(res);
  })
  .listen(8081);
`,
    },
    {
      name: "each link of a loop-built chain has its own 'error' listener (http-mitm-proxy)",
      code: `const http = require('http');
function proxy(ctx, filters, onError) {
  const upstream = http.request(ctx.options, (serverRes) => {
    serverRes.on('error', onError);
    let prev = serverRes;
    filters.forEach((filter) => {
      filter.on('error', onError);
      prev = prev.pipe(filter);
    });
    serverRes.resume();
  });
  upstream.on('error', onError);
  upstream.end();
}
module.exports = proxy;
`,
    },
    {
      name: "the source's 'close' listener (which follows every error) ends the peer",
      code: `const net = require('net');
net.createServer((socket) => {
  const conn = net.connect({ port: 443, host: 'example.com', allowHalfOpen: true }, () => {
    conn.on('finish', () => socket.destroy());
    socket.on('close', () => conn.end());
    socket.pipe(conn);
  });
  conn.on('error', (err) => console.log(err.code));
  socket.on('error', (err) => console.log(err.code));
});
`,
    },
    {
      name: "the caller's source into this code's file: the source's 'error' listener destroys the file",
      code: `const fs = require('fs');
function save(readable, path, done) {
  const file = fs.createWriteStream(path);
  readable.on('error', (err) => {
    file.destroy();
    done(err);
  });
  file.on('finish', () => done());
  readable.pipe(file);
}
module.exports = save;
`,
    },
    {
      name: "the caller's source into a file handed back to the caller, or into an in-memory hash",
      code: `const fs = require('fs');
const crypto = require('crypto');
function open(readable, path) {
  const file = fs.createWriteStream(path);
  readable.pipe(file);
  return file;
}
function hash(input, cb) {
  const h = crypto.createHash('sha1');
  input.pipe(h);
  h.on('finish', () => cb(h.digest('hex')));
}
module.exports = { open, hash };
`,
    },
    {
      name: 'a helper only this file calls, and every call gives it a stream fed from memory (Readable.from, a PassThrough the code ends)',
      code: `const fs = require('fs');
const { Readable, PassThrough } = require('stream');
function save(src, path, cb) {
  const out = fs.createWriteStream(path);
  out.on('error', cb);
  out.on('finish', () => cb(null));
  src.pipe(out);
}
save(Readable.from(['a', 'b']), '/tmp/a', () => {});
const body = new PassThrough();
save(body, '/tmp/b', () => {});
body.end('hello');
`,
    },
    {
      name: 'an upload handler that destroys its file when the request is aborted',
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.post('/upload', (req, res) => {
  const file = fs.createWriteStream('/tmp/upload.bin');
  req.on('aborted', () => file.destroy());
  file.on('finish', () => res.end('ok'));
  req.pipe(file);
});
`,
    },
    {
      name: 'event-stream: es.map whose mapper never reports an error, and es.split(), cannot fail themselves (a file into the split is judged)',
      filename: 'case.ts',
      code: `declare module 'event-stream' {
  import { Stream } from 'stream';
  export function map(fn: (data: unknown, cb: (err: Error | null, data?: unknown) => void) => void): Stream;
  export function split(matcher?: string | RegExp): Stream;
  export function writeArray(cb: (err: Error | null, items: unknown[]) => void): Stream;
}
const es: typeof import('event-stream') = require('event-stream');
const fs = require('fs');
function dd(data, cb) {
  cb(null, data * 2);
}
const doubler1 = es.map(dd), doubler2 = es.map(dd);
doubler1.pipe(doubler2);
const lines = es.split();
const file = fs.createReadStream('readme.md');
file.on('error', () => lines.end());
file.pipe(lines);
lines.pipe(es.writeArray(() => {}));
es.split('\\n').pipe(es.map((line, cb) => cb(null, line))).pipe(es.writeArray(() => {}));
`,
    },
    {
      name: "whistle: the response's 'close' listener aborts the upstream request (the same handler is the request's 'error' listener)",
      code: `const http = require('http');
function toHttp1(req, res) {
  let client;
  const handleAbort = function () {
    if (client) {
      client.abort();
      client = null;
      res.destroy();
    }
  };
  req.on('error', handleAbort);
  res.once('close', handleAbort);
  client = http.request({ host: 'localhost', port: 8080, timeout: 5000 });
  client.on('error', handleAbort);
  client.on('response', function (svrRes) {
    svrRes.on('error', handleAbort);
    res.writeHead(svrRes.statusCode);
    svrRes.pipe(res);
  });
  req.pipe(client);
}
http.createServer(toHttp1).listen(8000);
`,
    },
    {
      name: 'a payload tested as a stream and handed on, or with an error listener that ends the response; an untested parameter: not reported',
      code: `const isStream = require('is-stream');
const { Stream } = require('stream');
module.exports = {
  methods: {
    sendResponse(req, res, data) {
      if (isStream(data)) {
        // handed on where it may be the stream: its errors may be taken care of there
        this.track(data);
        data.pipe(res);
      }
    },
    sendOther(req, res, data) {
      if (data instanceof Stream) {
        data.on('error', () => res.destroy());
        data.pipe(res);
      }
    },
    send(req, res, data) {
      // a parameter not tested as a stream: the caller's (not reported)
      data.pipe(res);
    },
  },
};
`,
    },
    {
      name: "the send package's stream: its pipe() streams and closes the file itself, and its 'error' comes before it writes (deployd)",
      code: `const send = require('send');
const url = require('url');
function handle(ctx, next) {
  send(ctx.req, url.parse(ctx.url).pathname, { root: '/srv/public' })
    .on('error', () => next())
    .pipe(ctx.res);
}
module.exports = handle;
`,
    },
    {
      name: "the send package's stream with no 'error' listener: send answers the error itself",
      code: `const send = require('send');
require('http').createServer((req, res) => send(req, req.url, { root: '/srv/public' }).pipe(res)).listen(8080);
`,
    },
    {
      name: "the send package's stream held in a variable, then piped (upnpserver)",
      code: heldStreamPiped("const send = require('send');"),
    },
    {
      name: "the send package's stream through TypeScript's compiled import, `(0, send_1.default)(…)` (kras)",
      code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
Object.defineProperty(exports, "__esModule", { value: true });
const send_1 = __importDefault(require("send"));
function withFiles(server, options) {
    server.get('/static/*', (req, res) => {
        const path = req.url.substring(8);
        (0, send_1.default)(req, path, options).pipe(res);
    });
}
exports.withFiles = withFiles;
`,
    },
    {
      name: "the send package's stream, its default import under another name (kras's TypeScript source)",
      code: `import readFile from 'send';
export function withFiles(server: any, options: any) {
  server.get('/static/*', (req: any, res: any) => {
    readFile(req, req.url.substring(8), options).pipe(res);
  });
}
`,
      filename: 'src/files.ts',
    },
    {
      name: "an http server's connection recorded into a file that its 'close' listener ends: Node handles the socket's errors",
      code: recordedConnection(`socket.on('close', () => socket.file.end());`),
    },
    {
      name: "a test's form-data body of values and a fixture of its folder, posted to its own server (@fastify/multipart)",
      code: formPostedToOwnServer("fs.createReadStream(__dirname + '/fixtures/README.md')"),
      filename: 'test/multipart.test.js',
    },
    {
      name: "a test's form-data body of a Buffer, posted to its own server",
      code: formPostedToOwnServer('Buffer.alloc(600000)'),
      filename: 'test/multipart.test.js',
    },
  ],
  invalid: [
    {
      // The same pipe into a `response` property the file never makes: a server response by its name.
      name: 'an upstream response piped into a `response` property the file does not make',
      code: `const http = require('http');
function forward(options, args) {
  const request = http.request(options);
  request.on('error', (err) => args.response.destroy(err));
  request.on('response', function (response) {
    response.pipe(args.response);
    response.on('error', (err) => args.response.destroy(err));
  });
  request.end();
}
module.exports = forward;`,
      errors: [{ messageId: 'sourceLeak', line: 6 }],
    },
    {
      // The same chain whose 'close' listener only logs: nothing tears the chain's end down.
      name: "a chain continued through a variable whose source's 'close' listener does not end it",
      code: `const net = require('net');
module.exports = function connect(opt, HostTransformer) {
  const remote = net.connect({ host: opt.remoteHost, port: opt.remotePort });
  const local = net.connect({ host: opt.host, port: opt.port });
  local.on('error', () => remote.end());
  remote.on('error', (err) => console.error(err.message));
  remote.once('close', () => console.log('remote closed'));
  local.once('connect', () => {
    let stream = remote;
    if (opt.rewriteHost) stream = remote.pipe(new HostTransformer({ host: opt.host }));
    stream.pipe(local).pipe(remote);
  });
};`,
      errors: [
        { messageId: 'noTeardown', line: 10 },
        { messageId: 'noTeardown', line: 11 },
      ],
    },
    {
      name: "a helper's sink that one call of the file gives a file stream: not only the process's stdout",
      code: pipeToCaller(['process.stdout', "fs.createWriteStream(file + '.out')"]),
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: 'a Readable whose property-function read() reads a file: it can fail',
      code: `const stream = require('stream');
const fs = require('fs');
const fd = fs.openSync('in', 'r');
const r = new stream.Readable({ read: function (size) { const b = Buffer.alloc(size); fs.read(fd, b, 0, size, null, (err, n) => { if (err) return this.destroy(err); this.push(n ? b.subarray(0, n) : null); }); } });
r.pipe(fs.createWriteStream('out').on('error', (err) => console.error(err)));
`,
      errors: [{ messageId: 'unhandled', line: 5 }],
    },
    {
      name: 'a same-file method that returns a file stream on one path (and an untyped value on another): a Node stream (exceljs)',
      code: readerOfInput('fs.createReadStream(input)'),
      errors: [{ messageId: 'unhandled', line: 18 }],
    },
    {
      name: "the same test's app also listening: its payloads come from connections",
      code: preParsingGunzip("fastify.inject({ method: 'POST', url: '/' });\nfastify.listen({ port: 0 });"),
      filename: 'test/bodyLimit.test.ts',
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: "the same relative read of a file the package does not have, in a script no runner loads: the working directory is the user's",
      code: packageFileCompressed("const check = (name, fn) => fn().then(() => console.log('ok', name));", './input.json'),
      filename: 'test/manual.js',
      errors: [{ messageId: 'unhandled', line: 5 }],
    },
    {
      name: "the same CLI whose read 'error' listener only logs: the collector is left open",
      code: cliIntoCollector('console.error(err);'),
      errors: [{ messageId: 'noTeardown', line: 5 }],
    },
    {
      name: "the same decoder whose 'end' is waited for: a failed connection leaves that wait open",
      code: decodedConnection('msgpack.createDecodeStream()', ".on('end', () => console.log('done'))"),
      errors: [{ messageId: 'noTeardown', line: 5 }],
    },
    {
      name: 'the same connection piped into a stream not made for parsing: it may hold a descriptor',
      code: decodedConnection("require('./store').createUploadStream()", ''),
      errors: [{ messageId: 'noTeardown', line: 5 }],
    },
    {
      name: "a test's stream made by another package, piped into an in-memory sink: not the code under test",
      code: analyzerIntoNoop('polymer-analyzer'),
      filename: 'test/analyzer_test.ts',
      errors: [{ messageId: 'unhandled', line: 8 }],
    },
    {
      name: "a test's form-data body with a file from outside its folder: that read can fail on its own",
      code: formPostedToOwnServer('fs.createReadStream(process.argv[2])'),
      filename: 'test/multipart.test.js',
      errors: [{ messageId: 'unhandled', line: 11 }],
    },
    {
      name: 'the same form-data body posted from production code',
      code: formPostedToOwnServer("fs.createReadStream(__dirname + '/fixtures/README.md')"),
      filename: 'lib/upload.js',
      errors: [{ messageId: 'unhandled', line: 11 }],
    },
    {
      name: "an http server's connection recorded into a file: Node handles the socket's errors, but a reset leaves the file open (multiparty's record.js)",
      code: recordedConnection(`socket.on('close', () => console.log('closed'));`),
      errors: [{ messageId: 'noTeardown', line: 6 }],
    },
    {
      name: 'a same-file function named send that returns a file stream: the pipe is judged',
      code: `const fs = require('fs');
function send(req, file) { return fs.createReadStream(file); }
require('http').createServer((req, res) => send(req, '/srv/public' + req.url).pipe(res)).listen(8080);
`,
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: 'a same-file send that returns a file stream, held in a variable: the pipe is judged',
      code: heldStreamPiped("const fs = require('fs');\nfunction send(req, file) { return fs.createReadStream(file); }"),
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: "a project module named send (compiled import of './send'), not the send package: the pipe is judged",
      code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const send_1 = __importDefault(require("./send"));
require('http').createServer((req, res) => (0, send_1.default)(req, '/srv/public' + req.url).pipe(res)).listen(8080);
`,
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: 'variables that hold a connection and a file stream, not the process stdio: the pipe is judged',
      code: acceptedIntoUpload(['var input = client;', "var output = fs.createWriteStream('uploads/part.bin');", 'input.pipe(output);']),
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: 'in a test that starts a server, a fixture piped into a socket to another host',
      code: fixtureIntoClient("{ host: 'example.com', port: 9999 }"),
      filename: 'test/destroy_missing.js',
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: 'in a test that starts a server, an accepted connection piped into a file it opens',
      code: acceptedIntoUpload(["client.pipe(fs.createWriteStream('uploads/part.bin'));"]),
      filename: 'test/upload.test.js',
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: "production code piping its server's connections into a parser",
      code: ACCEPTED_INTO_PARSER,
      filename: 'lib/server.js',
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: "a chain built in a loop from null whose first link, a file stream the loop opens, has no 'error' listener",
      code: loopChainFromNull(FIRST_LINK_OPENED),
      errors: [{ messageId: 'unhandled', line: 16 }],
    },
    {
      name: "a stream made inside the pipe() argument with only a 'data' listener chained: its errors are unhandled",
      code: `const fs = require('fs');
const zlib = require('zlib');
function decompress(src, dest, error) {
  fs.createReadStream(src)
    .on('error', error)
    .pipe(zlib.createGunzip().on('data', () => {}))
    .pipe(fs.createWriteStream(dest).on('error', error));
}
module.exports = decompress;
`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: "a stream made inside the pipe() argument whose chained 'error' listener only logs: the file stays open",
      code: `const fs = require('fs');
const zlib = require('zlib');
function decompress(src, dest, error) {
  fs.createReadStream(src)
    .on('error', error)
    .pipe(zlib.createGunzip().on('error', (err) => console.log(err)))
    .pipe(fs.createWriteStream(dest).on('error', error));
}
module.exports = decompress;
`,
      errors: [{ messageId: 'noTeardown', line: 7 }],
    },
    {
      // Only a stream's pipe takes a response: got's stream emits 'error' on a 404 or a reset, and nothing listens.
      name: 'untyped .pipe of a stream of unknown origin (got) into a response',
      code: `const got = require('got');
const http = require('http');
http.createServer((req, res) => {
  got.stream('http://example.com/').pipe(res);
});
`,
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      // GovAlta's file service, before its fix: a stream from the project's storage into express's response.
      name: 'a stream got from an awaited call, piped into an express response with only an end listener',
      code: `const express = require('express');
const app = express();
app.get('/file/:id', async (req, res, next) => {
  try {
    const stream = await storage.readFile(req.params.id);
    stream.on('end', () => res.end());
    stream.pipe(res, { end: false });
  } catch (err) {
    next(err);
  }
});
module.exports = app;`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      // egg-http-proxy, before its fix: urllib's streaming response into koa's ctx.res.
      name: 'a response destructured from a variable every value of which is an awaited call, piped into ctx.res',
      code: `module.exports = function proxy() {
  return async function (ctx) {
    let result;
    result = await ctx.curl(ctx.url, { streaming: true });
    if (ctx.app.hook) result = await ctx.app.hook(result);
    const { res } = result;
    ctx.respond = false;
    res.pipe(ctx.res);
  };
};`,
      errors: [{ messageId: 'unhandled', line: 8 }],
    },
    {
      name: 'a call piped straight into an http response',
      code: `const http = require('http');
http.createServer((req, res) => {
  archive(req.url).pipe(res);
}).listen(8080);`,
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: "a helper's source is a child's stdout for one caller and a file for another: still reported",
      filename: 'case.ts',
      code: `import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
function compress(source: NodeJS.ReadableStream, target: string): void {
  source.pipe(zlib.createGzip()).pipe(fs.createWriteStream(target));
}
compress(spawn('dmesg').stdout, 'dmesg.gz');
compress(fs.createReadStream('app.log'), 'app.log.gz');
`,
      errors: [{ messageId: 'unhandled', line: 5, column: 10 }],
    },
    {
      name: 'a decipher as a source: a wrong key or a cut message fails in final() (bad decrypt)',
      filename: 'crypto.ts',
      code: `import * as crypto from 'crypto';
import { PassThrough, Readable } from 'stream';
export function encrypt(stream: Readable, key: Buffer, iv: Buffer) {
  const aes = crypto.createDecipheriv('aes-256-cbc', key, iv);
  const output = new PassThrough();
  stream.pipe(aes).pipe(output);
  return output;
}`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: 'an encrypter with padding turned off: input not a multiple of the block size fails in final()',
      filename: 'crypto.ts',
      code: `import * as crypto from 'crypto';
import { PassThrough, Readable } from 'stream';
export function encrypt(stream: Readable, key: Buffer, iv: Buffer) {
  const aes = crypto.createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const output = new PassThrough();
  stream.pipe(aes).pipe(output);
  return output;
}`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: "an example reading a file named relative to the working directory: the user's file, not a fixture",
      filename: 'example/gunzip.js',
      code: `const fs = require('fs');
const zlib = require('zlib');
const strs = require('stringstream');
const utf8 = fs.createReadStream('massiveLogFile.gz').pipe(zlib.createGunzip()).pipe(strs('utf8'));
utf8.on('data', (d) => console.log(d));`,
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: 'a test reading a file whose path is built from a var the test is given: not its own fixture',
      filename: 'test/test-multipart.js',
      code: `var fs = require('fs');
var Dicer = require('..');
var ROOT = process.env.FIXTURES || '/srv/fixtures/';
function read(source) {
  var base = ROOT + source;
  fs.createReadStream(base + '/original').pipe(new Dicer({ boundary: 'x' }));
}
module.exports = read;`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: 'a request-library stream whose callback only logs its error: the response it is piped into is left open',
      code: `var request = require('request');
module.exports = function proxy(req, res, opts) {
  var proxyReq = request(opts, function (error) {
    if (error) console.error(error);
  });
  proxyReq.pipe(res);
};`,
      errors: [{ messageId: 'noTeardown', line: 6 }],
    },
    {
      name: 'a request-library stream made without a callback, piped into a response',
      code: `var request = require('request');
module.exports = function proxy(req, res, opts) {
  request.get(opts).pipe(res);
};`,
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: 'a test helper handed to the code under test by name and also called with a path from the command line',
      filename: 'test/brfs.js',
      code: `var staticModule = require('../');
var test = require('tape');
var quote = require('quote-stream');
var fs = require('fs');
test('readFileSync', function (t) {
  var sm = staticModule({ fs: { readFileSync: readFileSync } });
  readFileSync(process.argv[2]).pipe(sm);
  t.end();
});
function readFileSync(file) {
  return fs.createReadStream(file).pipe(quote());
}`,
      errors: [{ messageId: 'unhandled', line: 11 }],
    },
    {
      name: 'a variable given a pipe() chain whose last link can fail (a gunzip), piped on without a handler',
      code: `const zlib = require('zlib');
module.exports = function run(input, output) {
  const result = input.pipe(zlib.createGunzip());
  result.pipe(output);
};`,
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: "a test reading a file through a helper whose path is the caller's, not the test's folder",
      filename: 'test/assign.js',
      code: `var test = require('tape');
var concat = require('concat-stream');
var fs = require('fs');
test('assign', function (t) {
  readStream(process.argv[2]).pipe(concat(function (body) { t.ok(body.length); t.end(); }));
});
function readStream(file) {
  return fs.createReadStream(file);
}`,
      errors: [{ messageId: 'unhandled', line: 5 }],
    },
    {
      name: 'a test reading a file a published library names, in a callback handed to it: not the code under test',
      filename: 'test/brfs.js',
      code: `var staticModule = require('static-module');
var test = require('tape');
var quote = require('quote-stream');
var fs = require('fs');
test('readFileSync', function (t) {
  var sm = staticModule({ fs: { readFileSync: function (file) { return fs.createReadStream(file).pipe(quote()); } } });
  t.ok(sm);
  t.end();
});`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: 'the same fixture read into an in-memory parser outside a test is reported',
      code: `const fs = require('fs');
const trumpet = require('trumpet');
module.exports = function render() {
  const tr = trumpet();
  fs.createReadStream(__dirname + '/page.html').pipe(tr);
  return tr;
};`,
      errors: [{ messageId: 'unhandled', line: 5 }],
    },
    {
      name: 'a test copying its fixture into a file it opens: the file is left open when the read fails',
      filename: 'test/copy.test.js',
      code: `const fs = require('fs');
const os = require('os');
it('copies', (done) => {
  const out = fs.createWriteStream(os.tmpdir() + '/copy.html');
  out.on('error', done);
  out.on('finish', () => done());
  fs.createReadStream(__dirname + '/page.html').pipe(out);
});`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: 'a test server sending a fixture into its response: a client abort leaves the file open',
      filename: 'test/server.test.js',
      code: `const fs = require('fs');
const http = require('http');
const server = http.createServer((req, res) => {
  fs.createReadStream(__dirname + '/page.html').pipe(res);
});
before((done) => server.listen(0, done));`,
      errors: [{ messageId: 'unhandled', line: 4 }],
    },
    {
      name: 'under a test runner, a fixture copied into a file the test opens: the file is left open when the read fails',
      filename: 'test/copy-runner.test.js',
      code: `const fs = require('fs');
const os = require('os');
describe('copy', () => {
  it('copies', (done) => {
    const out = fs.createWriteStream(os.tmpdir() + '/copy.html');
    out.on('finish', () => done());
    fs.createReadStream(__dirname + '/page.html').pipe(out);
  });
});`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: 'under a test runner, a fixture sent over a socket the test connects: a failed read leaves the connection open',
      filename: 'test/upload.test.js',
      code: `const fs = require('fs');
const net = require('net');
it('uploads', (done) => {
  const socket = net.connect(9000, 'upload.example.com');
  socket.on('error', done);
  fs.createReadStream(__dirname + '/page.html').pipe(socket);
});`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: 'getodk central-backend: a payload known to be a stream by a duck test (result.pipe != null) piped into the response',
      code: resultWriter('result.pipe != null', 'result.pipe(response);'),
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: 'getodk central-backend: a payload known to be a stream by a duck test (result.pipe !== undefined) piped into the response',
      code: resultWriter('result.pipe !== undefined', 'result.pipe(response);'),
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: "getodk central-backend: a payload known to be a stream by a duck test ('pipe' in result) piped into the response",
      code: resultWriter("'pipe' in result", 'result.pipe(response);'),
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: 'getodk central-backend: a payload known to be a stream by a duck test (result.pipe) piped into the response',
      code: resultWriter('result.pipe', 'result.pipe(response);'),
      errors: [{ messageId: 'unhandled', line: 3 }],
    },
    {
      name: "a source chosen between the caller's option and a file this code opens: the file can fail",
      code: `const fs = require('fs');
const stream = require('stream');
/** @param {{ sourceStream?: stream.Readable, file: string }} userOptions */
module.exports = function factory(userOptions, out) {
  const options = Object.assign({}, userOptions);
  const sourceStream = options.sourceStream ? options.sourceStream : fs.createReadStream(options.file);
  sourceStream.pipe(out);
};`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: 'a variable first given an in-memory stream, then a file stream: it can fail',
      code: `const stream = require('stream');
const fs = require('fs');
module.exports = function send(res, path) {
  let body = new stream.Readable({ read() {} });
  if (path) body = fs.createReadStream(path);
  body.pipe(res);
};`,
      errors: [{ messageId: 'unhandled', line: 6 }],
    },
    {
      name: "a stream fed from memory into a file whose 'error' nobody listens for: the file can still fail",
      code: `const stream = require('stream');
const fs = require('fs');
const r = new stream.Readable({ read() {} });
r.pipe(fs.createWriteStream('out'));
r.push('x');
r.push(null);
`,
      errors: [{ messageId: 'fileDestination', line: 4 }],
    },
    {
      name: "a download into a file stream whose 'error' nobody listens for, only its 'finish'",
      code: `const fs = require('fs');
const https = require('https');
module.exports = function download(url, path, done) {
  https.get(url, { timeout: 10000 }, (res) => {
    res.on('error', done);
    res.pipe(fs.createWriteStream(path)).on('finish', () => done());
  }).on('error', done).on('timeout', function () { this.destroy(); });
};`,
      errors: [{ messageId: 'fileDestination', line: 6 }],
    },
    {
      name: "a log file opened into a variable and piped into, its 'error' never listened for (avsc's file encoder)",
      code: `const fs = require('fs');
const zlib = require('zlib');
module.exports = function archive(path) {
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(path + '.gz');
  gzip.pipe(out);
  out.on('close', () => console.log('archived'));
  return gzip;
};`,
      errors: [{ messageId: 'fileDestination', line: 6 }],
    },
    {
      // winston-daily-rotate-file: the source's error is handed on, but only this code could close the file it writes.
      name: "a source whose 'error' is only re-emitted, piped toward a write stream this code opened and keeps",
      code: `const fs = require('fs');
const zlib = require('zlib');
const EventEmitter = require('events');
class Rotator extends EventEmitter {
  compress(oldFile) {
    const inp = fs.createReadStream(oldFile);
    inp.on('error', (err) => this.emit('error', err));
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(oldFile + '.gz');
    out.on('error', (err) => this.emit('error', err));
    inp.pipe(gzip).pipe(out).on('finish', () => fs.unlinkSync(oldFile));
  }
}
module.exports = Rotator;`,
      errors: [{ messageId: 'noTeardown', line: 11 }],
    },
    {
      name: 'a zlib decompressor as a later link: corrupt input makes it fail',
      code: `const fs = require('fs');
const zlib = require('zlib');
function unpack(file, cb) {
  const inp = fs.createReadStream(file);
  inp.on('error', (err) => {
    gunzip.destroy();
    cb(err);
  });
  const gunzip = zlib.createGunzip();
  const out = fs.createWriteStream(file + '.out');
  out.on('error', (err) => cb(err));
  inp.pipe(gunzip).pipe(out);
}
module.exports = unpack;`,
      errors: [{ messageId: 'unhandled', line: 12 }],
    },
    {
      name: "a source with only 'end' and 'close' listeners chained on its creation",
      code: `var fs = require('fs');
var PutStream = require('./put-stream');
exports.put = function (local, remote, cb) {
  fs.stat(local, function (error, stats) {
    if (error) return cb(error);
    var rsError;
    var closed = false;
    var rs = fs.createReadStream(local)
      .on('end', function (error) {
        rsError = error;
        ps.abort('EIO');
      })
      .on('close', function () {
        closed = true;
      });
    var ps = new PutStream(remote, {})
      .on('end', function (error) {
        rs.destroy();
        cb(error);
      })
      .on('finish', function () {
        cb();
      });
    rs.pipe(ps);
  });
};`,
      errors: [{ messageId: 'unhandled', line: 24 }],
    },
    {
      name: 'moleculer-web: a generic responder pipes a payload it only knows to be a stream by testing it into the response',
      code: `const isReadableStream = require('isstream').isReadable;
module.exports = {
  methods: {
    sendResponse(req, res, data) {
      let chunk;
      if (Buffer.isBuffer(data)) {
        chunk = data;
      } else if (isReadableStream(data)) {
        res.setHeader('Content-Type', 'application/octet-stream');
        chunk = data;
      } else {
        chunk = JSON.stringify(data);
      }
      if (chunk && !isReadableStream(chunk)) res.setHeader('ETag', etag(chunk));
      if (isReadableStream(data)) {
        data.pipe(res);
      } else {
        res.end(chunk);
      }
    },
  },
};
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 16,
          fixes: [
            `const isReadableStream = require('isstream').isReadable;
const { pipeline } = require('node:stream');
module.exports = {
  methods: {
    sendResponse(req, res, data) {
      let chunk;
      if (Buffer.isBuffer(data)) {
        chunk = data;
      } else if (isReadableStream(data)) {
        res.setHeader('Content-Type', 'application/octet-stream');
        chunk = data;
      } else {
        chunk = JSON.stringify(data);
      }
      if (chunk && !isReadableStream(chunk)) res.setHeader('ETag', etag(chunk));
      if (isReadableStream(data)) {
        pipeline(data, res, (err) => {
          if (err) console.error('pipeline failed:', err.message);
        });
      } else {
        res.end(chunk);
      }
    },
  },
};
`,
          ],
        },
      ],
    },
    {
      name: 'ecstatic: a file leaks although res is handed to error-response helpers and to a callback that never names the file',
      code: `const fs = require('fs');
const status = require('./status-handlers');
module.exports = function createMiddleware(root) {
  return function middleware(req, res, next) {
    function serve(file) {
      let stream = null;
      stream = fs.createReadStream(file);
      stream.pipe(res);
      stream.on('error', (err) => {
        status['500'](res, next, { error: err });
      });
    }
    if (req.url === '/') {
      middleware({ url: '/index.html' }, res, (err) => {
        if (err) status['500'](res, next, { error: err });
      });
      return;
    }
    if (req.method !== 'GET') return status[405](res, next);
    serve(root + req.url);
  };
};
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 8,
          fixes: [
            `const fs = require('fs');
const status = require('./status-handlers');
const { pipeline } = require('node:stream');
module.exports = function createMiddleware(root) {
  return function middleware(req, res, next) {
    function serve(file) {
      let stream = null;
      stream = fs.createReadStream(file);
      pipeline(stream, res, (err) => {
        if (err) console.error('pipeline failed:', err.message);
      });
      stream.on('error', (err) => {
        status['500'](res, next, { error: err });
      });
    }
    if (req.url === '/') {
      middleware({ url: '/index.html' }, res, (err) => {
        if (err) status['500'](res, next, { error: err });
      });
      return;
    }
    if (req.method !== 'GET') return status[405](res, next);
    serve(root + req.url);
  };
};
`,
            `const fs = require('fs');
const status = require('./status-handlers');
module.exports = function createMiddleware(root) {
  return function middleware(req, res, next) {
    function serve(file) {
      let stream = null;
      stream = fs.createReadStream(file);
      stream.pipe(res);
      res.on('close', () => stream.destroy());
      stream.on('error', (err) => {
        status['500'](res, next, { error: err });
      });
    }
    if (req.url === '/') {
      middleware({ url: '/index.html' }, res, (err) => {
        if (err) status['500'](res, next, { error: err });
      });
      return;
    }
    if (req.method !== 'GET') return status[405](res, next);
    serve(root + req.url);
  };
};
`,
          ],
        },
      ],
    },
    {
      name: 'event-stream: es.map whose mapper reports an error, and es.split with a mapper that can throw, can fail',
      filename: 'case.ts',
      code: `declare module 'event-stream' {
  import { Stream } from 'stream';
  export function map(fn: (data: unknown, cb: (err: Error | null, data?: unknown) => void) => void): Stream;
  export function split(matcher?: string | RegExp | ((line: string) => unknown), mapper?: (line: string) => unknown): Stream;
  export function writeArray(cb: (err: Error | null, items: unknown[]) => void): Stream;
}
const es: typeof import('event-stream') = require('event-stream');
const checked = es.map((data, cb) => (data ? cb(null, data) : cb(new Error('empty'))));
checked.pipe(es.writeArray(() => {}));
es.split(JSON.parse).pipe(es.writeArray(() => {}));
`,
      errors: [
        { messageId: 'unhandled', line: 9 },
        { messageId: 'unhandled', line: 10 },
      ],
    },
    {
      name: 'a helper only this file calls: one call gives it a stream fed from memory, another process.stdin',
      code: `const fs = require('fs');
const { Readable } = require('stream');
function save(src, path, cb) {
  const out = fs.createWriteStream(path);
  out.on('finish', () => cb(null));
  src.pipe(out);
}
save(Readable.from(['a', 'b']), '/tmp/a', () => {});
save(process.stdin, '/tmp/b', () => {});
`,
      errors: [{ messageId: 'callersSource', line: 6, column: 7 }],
    },
    {
      name: "a download whose response 'error' listener throws only for some errors: the others leave the file open",
      code: downloadThatThrows("if (e.code === 'EACCES') throw e;\n      console.log('download failed: ' + e.message);"),
      errors: [{ messageId: 'noTeardown', line: 7 }],
    },
    {
      name: "an installer's callback response whose 'error' listener only logs: the file it opened stays open",
      code: installerDownload("console.error('giving up');"),
      errors: [{ messageId: 'callersSource', line: 13 }],
    },
    {
      name: 'a helper only this file calls, given a file stream by its only caller',
      code: `const fs = require('fs');
function save(src, path, cb) {
  const out = fs.createWriteStream(path);
  out.on('finish', () => cb(null));
  src.pipe(out);
}
save(fs.createReadStream('/tmp/in'), '/tmp/a', () => {});
`,
      errors: [{ messageId: 'unhandled', line: 5, column: 7 }],
    },
    {
      name: 'an untyped upload handler pipes its request into a file: a client abort leaves the file open',
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.post('/upload', (req, res) => {
  const file = fs.createWriteStream('/tmp/upload.bin');
  file.on('finish', () => res.end('ok'));
  file.on('error', () => res.status(500).end());
  req.pipe(file);
});
`,
      errors: [{ messageId: 'callersSource', line: 8 }],
    },
    {
      name: "a method pipes the caller's request into a file it opened: an aborted upload leaves the file open",
      code: `const fs = require('fs');
class FileStore {
  write(req, path) {
    return new Promise((resolve, reject) => {
      const file = fs.createWriteStream(path, { flags: 'r+' });
      file.on('error', reject);
      req.pipe(file).on('finish', resolve);
    });
  }
}
module.exports = FileStore;
`,
      errors: [{ messageId: 'callersSource', line: 7, column: 11, fixes: [] }],
    },
    {
      name: "the caller's stream into a socket this code connects",
      code: `const net = require('net');
function upload(body, port) {
  const socket = net.connect(port);
  socket.on('error', () => {});
  body.pipe(socket);
}
module.exports = upload;
`,
      errors: [
        {
          messageId: 'callersSource',
          line: 5,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
function upload(body, port) {
  const socket = net.connect(port);
  socket.on('error', () => {});
  pipeline(body, socket, (err) => {
    if (err) console.error('pipeline failed:', err.message);
  });
}
module.exports = upload;
`,
          ],
        },
      ],
    },
    {
      name: "a child's stdout piped to a response, nothing kills the child: it blocks once the pipe fills when the client aborts",
      code: `const http = require('http');
const { spawn } = require('child_process');
http.createServer((req, res) => {
  const child = spawn('tail', ['-f', 'app.log']);
  child.stdout.pipe(res);
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 5,
          fixes: [
            `const http = require('http');
const { spawn } = require('child_process');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const child = spawn('tail', ['-f', 'app.log']);
${pipelineCall('child.stdout, res', '  ')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'event-stream: a merge with a file stream in it, and a readable fed by fs.readFile, can fail',
      filename: 'case.ts',
      code: `declare module 'event-stream' {
  import { Stream } from 'stream';
  export function readArray(items: unknown[]): Stream;
  export function merge(...streams: Array<Stream | Stream[]>): Stream;
  export function readable(fn: (this: Stream, count: number, cb: (err: Error | null, data?: unknown) => void) => void): Stream;
  export function writeArray(cb: (err: Error | null, items: unknown[]) => void): Stream;
}
const es: typeof import('event-stream') = require('event-stream');
const fs = require('fs');
const writer = es.writeArray(() => {});
es.merge(fs.createReadStream('a.txt'), es.readArray([1])).pipe(writer);
es.readable(function (i, callback) {
  fs.readFile('part-' + i, callback);
}).pipe(writer);
`,
      errors: [
        { messageId: 'unhandled', line: 11 },
        { messageId: 'unhandled', line: 14 },
      ],
    },
    {
      name: "a loop-built chain whose links have no 'error' listener",
      code: `const http = require('http');
function proxy(ctx, filters, onError) {
  const upstream = http.request(ctx.options, (serverRes) => {
    serverRes.on('error', onError);
    let prev = serverRes;
    filters.forEach((filter) => {
      prev = prev.pipe(filter);
    });
    serverRes.resume();
  });
  upstream.on('error', onError);
  upstream.end();
}
module.exports = proxy;
`,
      errors: [{ messageId: 'unhandled', line: 7 }],
    },
    {
      name: "a source 'close' listener that leaves the peer open does not tear it down",
      code: `const net = require('net');
net.createServer((socket) => {
  const conn = net.connect({ port: 443, host: 'example.com' }, () => {
    socket.on('close', () => console.log('client gone', conn.bytesWritten));
    socket.pipe(conn);
  });
  conn.on('error', (err) => console.log(err.code));
  socket.on('error', (err) => console.log(err.code));
});
`,
      errors: [{ messageId: 'noTeardown', line: 5 }],
    },
    {
      name: 'a request handler piping its request elsewhere, or another stream into its response, is still judged',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const body = fs.createReadStream('body.bin');
  req.pipe(fs.createWriteStream('upload.bin'));
  body.pipe(res);
});
`,
      errors: [
        { messageId: 'unhandled', line: 5 },
        { messageId: 'unhandled', line: 6 },
      ],
    },
    {
      name: "the same helper declared inside an exported handler (httpxy): the helper is the handler's own, not exported",
      code: `const http = require('http');
export const stream = defineProxyMiddleware((req, res, options) => {
  const upstream = http.request({ ...options, timeout: 5000 }, (upstreamRes) => relay(upstreamRes));
  upstream.on('error', (err) => console.error(err.message));
  upstream.end();
  function relay(upstreamRes) {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  }
});
`,
      errors: [{ messageId: 'unhandled', line: 8 }],
    },
    {
      name: 'a helper only this file calls pipes the upstream response it is handed, with no error handling',
      code: `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', timeout: 5000 }, (upstreamRes) => relay(upstreamRes));
  upstream.on('error', (err) => console.error(err.message));
  upstream.end();
  function relay(upstreamRes) {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  }
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 8,
          fixes: [
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', timeout: 5000 }, (upstreamRes) => relay(upstreamRes));
  upstream.on('error', (err) => console.error(err.message));
  upstream.end();
  function relay(upstreamRes) {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
${pipelineCall('upstreamRes, res', '    ')}
  }
});
`,
          ],
        },
      ],
    },
    {
      name: 'a file served with pipe and no error handling',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  fs.createReadStream('index.html').pipe(res);
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 4,
          column: 37,
          fixes: [
            `const http = require('http');
const fs = require('fs');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  pipeline(fs.createReadStream('index.html'), res, (err) => {
    if (err) console.error('pipeline failed:', err.message);
  });
});
`,
          ],
        },
      ],
    },
    {
      name: 'error handled but the destination is left open',
      code: `const fs = require('fs');
const net = require('net');
const sock = net.connect(80);
sock.on('error', () => {});
const file = fs.createReadStream('big.bin');
file.on('error', (err) => console.error(err));
file.pipe(sock);
`,
      errors: [
        {
          messageId: 'noTeardown',
          line: 7,
          fixes: [
            `const fs = require('fs');
const net = require('net');
const { pipeline } = require('node:stream');
const sock = net.connect(80);
sock.on('error', () => {});
const file = fs.createReadStream('big.bin');
file.on('error', (err) => console.error(err));
${pipelineCall('file, sock', '')}
`,
          ],
        },
      ],
    },
    {
      name: 'socket piped to socket',
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.pipe(up);
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 4,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const up = net.connect(9000);
${pipelineCall('client, up')}
});
`,
          ],
        },
      ],
    },
    {
      name: 'a chain: gunzip in the middle has no error handling',
      code: `const fs = require('fs');
const zlib = require('zlib');
const src = fs.createReadStream('a.gz');
src.on('error', () => {});
src.pipe(zlib.createGunzip()).pipe(fs.createWriteStream('a'));
`,
      errors: [
        {
          messageId: 'noTeardown',
          line: 5,
          fixes: [
            `const fs = require('fs');
const zlib = require('zlib');
const { pipeline } = require('node:stream');
const src = fs.createReadStream('a.gz');
src.on('error', () => {});
pipeline(src, zlib.createGunzip(), fs.createWriteStream('a'), (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: 'a chain with no handling at all',
      code: `const fs = require('fs');
const zlib = require('zlib');
fs.createReadStream('a').pipe(zlib.createGzip()).pipe(fs.createWriteStream('a.gz'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          fixes: [
            `const fs = require('fs');
const zlib = require('zlib');
const { pipeline } = require('node:stream');
pipeline(fs.createReadStream('a'), zlib.createGzip(), fs.createWriteStream('a.gz'), (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: 'async function gets await pipeline from stream/promises',
      code: `const fs = require('fs');
async function copy(a, b) {
  const src = fs.createReadStream(a);
  src.pipe(fs.createWriteStream(b));
}
module.exports = copy;
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 4,
          fixes: [
            `const fs = require('fs');
const { pipeline } = require('node:stream/promises');
async function copy(a, b) {
  const src = fs.createReadStream(a);
  await pipeline(src, fs.createWriteStream(b));
}
module.exports = copy;
`,
          ],
        },
      ],
    },
    {
      name: 'TS with ESM imports and an existing stream namespace',
      filename: 'case.ts',
      code: `import * as fs from 'node:fs';
import * as stream from 'node:stream';
export function copy(a: string, b: string): stream.Writable {
  const out = fs.createWriteStream(b);
  fs.createReadStream(a).pipe(out);
  return out;
}
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 5,
          fixes: [
            `import * as fs from 'node:fs';
import * as stream from 'node:stream';
export function copy(a: string, b: string): stream.Writable {
  const out = fs.createWriteStream(b);
  stream.pipeline(fs.createReadStream(a), out, (err) => {
    if (err) console.error('pipeline failed:', err.message);
  });
  return out;
}
`,
          ],
        },
      ],
    },
    {
      name: 'upstream response piped to the client response',
      code: `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
    up.pipe(res);
  }).on('error', () => res.end());
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 4,
          fixes: [
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
${pipelineCall('up, res', '    ')}
  }).on('error', () => res.end());
});
`,
          ],
        },
      ],
    },
    {
      name: 'pipe with { end: false } is reported without a fix',
      code: `const fs = require('fs');
const net = require('net');
const sock = net.connect(80);
sock.on('error', () => {});
fs.createReadStream('a').pipe(sock, { end: false });
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 5,
          fixes: [],
        },
      ],
    },
    {
      name: 'the pipe result used further is reported without a fix',
      code: `const fs = require('fs');
const out = fs.createReadStream('a').pipe(fs.createWriteStream('b'));
out.on('finish', () => console.log('done'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          fixes: [],
        },
      ],
    },
    {
      name: 'the same Node-typed stream from a local module is reported',
      code: `const vinyl = require('./vinyl');
const fs = require('fs');
/** @type {import('fs').ReadStream} */ (vinyl.src('src/*.js')).pipe(fs.createWriteStream('bundle.js'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          fixes: [
            `const vinyl = require('./vinyl');
const fs = require('fs');
const { pipeline } = require('node:stream');
/** @type {import('fs').ReadStream} */ pipeline(vinyl.src('src/*.js'), fs.createWriteStream('bundle.js'), (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: 'a multi-line source is reported without a fix and with a short message',
      code: `const fs = require('fs');
const path = require('path');
fs.createReadStream(
  path.join(__dirname, 'some', 'rather', 'long', 'file-name.txt'),
).pipe(fs.createWriteStream('copy.txt'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 5,
          column: 3,
          fixes: [],
        },
      ],
    },
    {
      name: 'issue 9: a file piped to the response, the client aborts: the file stream is never destroyed',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.end());
  file.pipe(res);
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 6,
          fixes: [
            `const http = require('http');
const fs = require('fs');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
${pipelineCall('file, res')}
});
`,
            `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.end());
  file.pipe(res);
  res.on('close', () => file.destroy());
});
`,
          ],
        },
      ],
    },
    {
      name: "issue 9: an upstream response piped to the client's: the upstream connection stays open on a client abort",
      code: `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (upRes) => {
    upRes.on('error', () => res.destroy());
    upRes.pipe(res);
  }).on('error', () => res.end());
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 5,
          fixes: [
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  http.get('http://backend/', (upRes) => {
${pipelineCall('upRes, res', '    ')}
  }).on('error', () => res.end());
});
`,
            `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (upRes) => {
    upRes.on('error', () => res.destroy());
    upRes.pipe(res);
    res.on('close', () => upRes.destroy());
  }).on('error', () => res.end());
});
`,
          ],
        },
      ],
    },
    {
      name: 'the error listener chained before the pipe ends the response, but the file leaks on a client abort (no fix)',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  fs.createReadStream('a').on('error', () => res.end()).pipe(res);
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 4,
          fixes: [],
        },
      ],
    },
    {
      name: 'a file leaks when the code later writes an error response: only the close-listener fix (pipeline would destroy res first)',
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  file.on('error', () => {});
  req.on('aborted', () => { res.statusCode = 500; });
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 5,
          fixes: [
            `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  res.on('close', () => file.destroy());
  file.on('error', () => {});
  req.on('aborted', () => { res.statusCode = 500; });
});
`,
          ],
        },
      ],
    },
    {
      name: 'an upstream response when the handler writes a 502 later: only the close-listener fix',
      code: `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request(req.url, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end();
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 5,
          fixes: [
            `const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request(req.url, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
    res.on('close', () => up.destroy());
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end();
});
`,
          ],
        },
      ],
    },
    {
      name: "an untyped Express handler's res (decided from use)",
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/f', (req, res) => {
  const file = fs.createReadStream('f.txt');
  file.on('error', () => res.sendStatus(404));
  file.pipe(res);
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 7,
          fixes: [
            `const express = require('express');
const fs = require('fs');
const { pipeline } = require('node:stream');
const app = express();
app.get('/f', (req, res) => {
  const file = fs.createReadStream('f.txt');
  file.on('error', () => res.sendStatus(404));
${pipelineCall('file, res')}
});
`,
            `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/f', (req, res) => {
  const file = fs.createReadStream('f.txt');
  file.on('error', () => res.sendStatus(404));
  file.pipe(res);
  res.on('close', () => file.destroy());
});
`,
          ],
        },
      ],
    },
    {
      name: 'a socket accepted by a net server: the client can go away first',
      code: `const net = require('net');
const fs = require('fs');
net.createServer((sock) => {
  const motd = fs.createReadStream('motd.txt');
  motd.on('error', () => sock.destroy());
  motd.pipe(sock);
});
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 6,
          fixes: [
            `const net = require('net');
const fs = require('fs');
const { pipeline } = require('node:stream');
net.createServer((sock) => {
  const motd = fs.createReadStream('motd.txt');
${pipelineCall('motd, sock')}
});
`,
            `const net = require('net');
const fs = require('fs');
net.createServer((sock) => {
  const motd = fs.createReadStream('motd.txt');
  motd.on('error', () => sock.destroy());
  motd.pipe(sock);
  sock.on('close', () => motd.destroy());
});
`,
          ],
        },
      ],
    },
    {
      name: 'issue 9: untyped source known by provenance: the response argument of a named http.get callback',
      code: `const http = require('http');
const fs = require('fs');
function onResponse(upRes) {
  upRes.pipe(fs.createWriteStream('out.bin'));
}
http.get('http://example.com/file', onResponse).on('error', () => {});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 4,
          fixes: [
            `const http = require('http');
const fs = require('fs');
const { pipeline } = require('node:stream');
function onResponse(upRes) {
  pipeline(upRes, fs.createWriteStream('out.bin'), (err) => {
    if (err) console.error('pipeline failed:', err.message);
  });
}
http.get('http://example.com/file', onResponse).on('error', () => {});
`,
          ],
        },
      ],
    },
    {
      name: "untyped source known by provenance: fs-extra's createReadStream",
      code: `const fse = require('fs-extra');
fse.createReadStream('a').pipe(fse.createWriteStream('b'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          fixes: [
            `const fse = require('fs-extra');
const { pipeline } = require('node:stream');
pipeline(fse.createReadStream('a'), fse.createWriteStream('b'), (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: 'TypeScript: a typed response and a file stream in a variable',
      filename: 'case.ts',
      code: `import * as fs from 'node:fs';
import * as http from 'node:http';
export function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.destroy());
  file.pipe(res);
}
`,
      errors: [
        {
          messageId: 'sourceLeak',
          line: 6,
          fixes: [
            `import * as fs from 'node:fs';
import * as http from 'node:http';
import { pipeline } from 'node:stream';
export function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const file = fs.createReadStream('index.html');
${pipelineCall('file, res')}
}
`,
            `import * as fs from 'node:fs';
import * as http from 'node:http';
export function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const file = fs.createReadStream('index.html');
  file.on('error', () => res.destroy());
  file.pipe(res);
  res.on('close', () => file.destroy());
}
`,
          ],
        },
      ],
    },
    {
      name: "jambonz: an untyped chain from ws's createWebSocketStream through encoders assigned in branches",
      code: `const Websocket = require('ws');
const wav = require('wav');
const { getUploader } = require('./utils');
function record(socket, key, logger) {
  const uploadStream = getUploader(key);
  let encoder;
  if (key.endsWith('.wav')) encoder = new wav.Writer({ channels: 2 });
  else encoder = require('./encoder')();
  const handleError = (err, streamType) => logger.error({ err }, streamType);
  const duplex = Websocket.createWebSocketStream(socket);
  duplex
    .on('error', (err) => handleError(err, 'duplex'))
    .pipe(encoder)
    .on('error', (err) => handleError(err, 'encoder'))
    .pipe(uploadStream)
    .on('error', (err) => handleError(err, 'uploadStream'));
}
module.exports = record;
`,
      errors: [
        {
          messageId: 'noTeardown',
          line: 13,
          column: 6,
          fixes: [],
        },
      ],
    },
    {
      name: 'a Transform that passes errors to its callback can fail',
      code: `const { Transform } = require('stream');
const fs = require('fs');
const parser = new Transform({
  transform(chunk, enc, cb) {
    try { cb(null, JSON.parse(chunk)); } catch (e) { cb(e); }
  },
});
parser.pipe(fs.createWriteStream('out.json'));
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 8,
          fixes: [
            `const { Transform } = require('stream');
const fs = require('fs');
const { pipeline } = require('node:stream');
const parser = new Transform({
  transform(chunk, enc, cb) {
    try { cb(null, JSON.parse(chunk)); } catch (e) { cb(e); }
  },
});
pipeline(parser, fs.createWriteStream('out.json'), (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: 'compiled TypeScript output: fs through __importDefault, untyped',
      code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const http_1 = __importDefault(require("http"));
const fs_1 = __importDefault(require("fs"));
http_1.default.createServer((req, res) => {
    fs_1.default.createReadStream('index.html').pipe(res);
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 9,
          fixes: [
            `const { pipeline } = require("node:stream");
"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const http_1 = __importDefault(require("http"));
const fs_1 = __importDefault(require("fs"));
http_1.default.createServer((req, res) => {
    pipeline(fs_1.default.createReadStream("index.html"), res, (err) => {
        if (err) console.error("pipeline failed:", err.message);
    });
});
`,
          ],
        },
      ],
    },
  ],
});

describe('prefer-pipeline message', () => {
  it('keeps long and multi-line stream expressions to one short line', () => {
    const code = `const fs = require('fs');\nconst path = require('path');\nfs.createReadStream(\n  path.join(__dirname, 'some', 'rather', 'long', 'file-name.txt'),\n).pipe(fs.createWriteStream('copy.txt'));\n`;
    const [finding] = runRule(rule, { code });
    assert.ok(!finding.message.includes('\n'), finding.message);
    assert.match(finding.message, /fs\.createReadStream\( path\.join\(__dirname, 'so…\.pipe\(fs\.createWriteStream\('copy\.txt'\)\)/);
  });
});

// A package's own stream classes, defined in another file (nodemailer's DataStream, wildduck's hash
// stream, bl's BufferListStream): the class is read and judged like a same-file one.
const NEVER_FAILING_TRANSFORM = `const { Transform } = require('stream');
class DataStream extends Transform {
  _transform(chunk, encoding, done) {
    if (!chunk || !chunk.length) return done();
    this.push(Buffer.from(String(chunk).replace(/^\\./gm, '..')));
    done();
  }
  _flush(done) {
    this.push('\\r\\n.\\r\\n');
    done();
  }
}
module.exports = DataStream;
`;
const FAILING_TRANSFORM = NEVER_FAILING_TRANSFORM.replace(
  'if (!chunk || !chunk.length) return done();',
  "if (!chunk || !chunk.length) return done(new Error('empty'));",
);
const SENDS_DATA = `const net = require('net');
const DataStream = require('./data-stream');
function createSendStream(socket) {
  const dataStream = new DataStream();
  dataStream.pipe(socket, { end: false });
  dataStream.once('end', () => socket.write('QUIT\\r\\n'));
  return dataStream;
}
const socket = net.connect(25, 'mx.example');
socket.on('error', () => socket.destroy());
createSendStream(socket);
`;
const PIPES_INTO_BL = `const fs = require('fs');
const BufferListStream = require('./bl');
fs.createReadStream('/does/not/exist').pipe(BufferListStream((err, data) => console.log(err, data)));
const collected = new BufferListStream((err) => console.log(err));
fs.createReadStream('input.bin').pipe(collected);
`;
const BL = `const { Duplex } = require('stream');
const inherits = require('util').inherits;
function BufferListStream(callback) {
  if (!(this instanceof BufferListStream)) return new BufferListStream(callback);
  if (typeof callback === 'function') {
    this._callback = callback;
    const piper = function piper(err) {
      if (this._callback) this._callback(err);
    }.bind(this);
    this.on('pipe', function onPipe(src) {
      src.on('error', piper);
    });
  }
  Duplex.call(this);
}
inherits(BufferListStream, Duplex);
module.exports = BufferListStream;
`;

describe('prefer-pipeline: stream classes of another file', () => {
  const lines = (found: Array<{ line: number; messageId: string }>) => found.map((f) => `${f.line}:${f.messageId}`);

  it('a Transform subclass of the project whose methods never report an error is not judged as a source', () => {
    runRule(rule, { code: NEVER_FAILING_TRANSFORM, filename: 'cross-ok/data-stream.js' });
    assert.deepEqual(lines(runRule(rule, { code: SENDS_DATA, filename: 'cross-ok/send.js' })), []);
  });

  it('one whose _transform calls back with an error is judged', () => {
    runRule(rule, { code: FAILING_TRANSFORM, filename: 'cross-fail/data-stream.js' });
    assert.deepEqual(lines(runRule(rule, { code: SENDS_DATA, filename: 'cross-fail/send.js' })), ['5:unhandled']);
  });

  it('a later link of a chain that cannot fail itself (decoder → hasher → store)', () => {
    runRule(rule, { code: NEVER_FAILING_TRANSFORM, filename: 'cross-chain/data-stream.js' });
    const code = `const fs = require('fs');
const zlib = require('zlib');
const DataStream = require('./data-stream');
const store = fs.createWriteStream('out.eml');
store.on('error', (err) => console.error(err));
const hasher = new DataStream();
const decoder = zlib.createGunzip();
decoder.once('error', (err) => store.destroy(err));
decoder.pipe(hasher).pipe(store);
decoder.end(Buffer.alloc(0));
`;
    assert.deepEqual(lines(runRule(rule, { code, filename: 'cross-chain/store.js' })), []);
  });

  it("a destination that listens for its source's errors on 'pipe' (bl with a callback), not without the callback", () => {
    runRule(rule, { code: BL, filename: 'cross-bl/bl.js' });
    assert.deepEqual(lines(runRule(rule, { code: PIPES_INTO_BL, filename: 'cross-bl/collect.js' })), []);
    const noCallback = `const fs = require('fs');\nconst BufferListStream = require('./bl');\nfs.createReadStream('input.bin').pipe(new BufferListStream());\n`;
    assert.deepEqual(lines(runRule(rule, { code: noCallback, filename: 'cross-bl/collect2.js' })), ['3:unhandled']);
  });

  it("bl 1.x's loose test (typeof callback == 'function') counts the same", () => {
    runRule(rule, { code: BL.replace("typeof callback === 'function'", "typeof callback == 'function'"), filename: 'cross-bl-loose/bl.js' });
    assert.deepEqual(lines(runRule(rule, { code: PIPES_INTO_BL, filename: 'cross-bl-loose/collect.js' })), []);
    runRule(rule, { code: BL.replace("typeof callback === 'function'", "typeof callback == 'string'"), filename: 'cross-bl-other/bl.js' });
    assert.deepEqual(lines(runRule(rule, { code: PIPES_INTO_BL, filename: 'cross-bl-other/collect.js' })), ['3:unhandled', '5:unhandled']);
  });

  // read-file-stdin: gather-stream's factory makes a Writable, listens on 'pipe' for each source's
  // errors and hands them to the callback; the package is read from the node_modules that holds it.
  it("a destination an installed package's factory makes and returns, listening for its sources' errors on 'pipe'", () => {
    const factory = (onPipe: string) => `var Writable = require('stream').Writable;
function Gatherer(opts) { Writable.call(this, opts); this._chunks = []; }
require('util').inherits(Gatherer, Writable);
Gatherer.prototype._write = function (d, _enc, cb) { this._chunks.push(d); cb(); };
module.exports = function (opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  var target = new Gatherer(opts);
  target.on('error', cb);
  ${onPipe}
  target.on('finish', function () { cb(null, Buffer.concat(target._chunks)); });
  return target;
};
`;
    const dir = fixture({
      'app/node_modules/gather-stream/package.json': '{"name":"gather-stream","version":"1.0.0","main":"index.js"}',
      'app/node_modules/gather-stream/index.js': factory("target.on('pipe', function (source) { source.on('error', cb); });"),
      'app/node_modules/collect-stream/index.js': factory(''),
    });
    const code = (pkg: string) => `var gather = require('${pkg}');
var fs = require('fs');
module.exports = function read(file, callback) {
  var stream = file ? fs.createReadStream(file) : process.stdin;
  stream.pipe(gather(callback));
};
`;
    try {
      const at = (name: string) => path.relative(path.join(__dirname, '.virtual'), path.join(dir, 'app', name));
      assert.deepEqual(lines(runRule(rule, { code: code('gather-stream'), filename: at('read.js') })), []);
      assert.deepEqual(lines(runRule(rule, { code: code('collect-stream'), filename: at('read2.js') })), ['5:unhandled']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // webpack's ProfilingPlugin: chrome-trace-event's Tracer, a TypeScript-compiled Readable fed by push().
  it("an installed package's compiled Readable subclass with an empty _read is a source that cannot fail", () => {
    const tracer = (read: string) => `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Tracer = void 0;
const stream_1 = require("stream");
class Tracer extends stream_1.Readable {
    constructor(opts = {}) { super(); this.events = []; }
    ${read}
    instantEvent(ev) { this.push(JSON.stringify(ev)); }
}
exports.Tracer = Tracer;
`;
    // Its declarations say it is a Node stream, as chrome-trace-event's do.
    const types =
      "import { Readable } from 'stream';\nexport declare class Tracer extends Readable {\n  constructor(opts?: object);\n  instantEvent(ev: object): void;\n}\n";
    const manifest = (name: string) => JSON.stringify({ name, version: '1.0.0', main: './dist/trace.js', types: './dist/trace.d.ts' });
    const dir = fixture({
      'app/node_modules/trace-lib/package.json': manifest('trace-lib'),
      'app/node_modules/trace-lib/dist/trace.js': tracer('_read(_) { }'),
      'app/node_modules/trace-lib/dist/trace.d.ts': types,
      'app/node_modules/file-trace/package.json': manifest('file-trace'),
      'app/node_modules/file-trace/dist/trace.js': tracer("_read(_) { require('fs').read(this.fd, (err, b) => err ? this.destroy(err) : this.push(b)); }"),
      'app/node_modules/file-trace/dist/trace.d.ts': types,
    });
    const code = (pkg: string) => `const fs = require('fs');
const { Tracer } = require('${pkg}');
module.exports = (outputPath, onError) => {
  const trace = new Tracer();
  const fsStream = fs.createWriteStream(outputPath);
  fsStream.on('error', onError);
  trace.pipe(fsStream);
  trace.instantEvent({ name: 'TracingStartedInPage' });
};
`;
    try {
      const at = (name: string) => path.relative(path.join(__dirname, '.virtual'), path.join(dir, 'app', name));
      assert.deepEqual(lines(runRule(rule, { code: code('trace-lib'), filename: at('profile.js') })), []);
      assert.deepEqual(lines(runRule(rule, { code: code('file-trace'), filename: at('profile2.js') })), ['7:unhandled']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Under node_modules the program leaves a package's other JavaScript files out: they are read from disk.
  it('the CLI reads the class from another file of a package under node_modules', function () {
    this.timeout(120000);
    ensureBuilt();
    const dir = fixture({
      'node_modules/mailer/package.json': '{"name":"mailer","version":"1.0.0","main":"lib/send.js"}',
      'node_modules/mailer/lib/data-stream.js': NEVER_FAILING_TRANSFORM,
      'node_modules/mailer/lib/send.js': SENDS_DATA,
      'node_modules/failing/package.json': '{"name":"failing","version":"1.0.0","main":"lib/send.js"}',
      'node_modules/failing/lib/data-stream.js': FAILING_TRANSFORM,
      'node_modules/failing/lib/send.js': SENDS_DATA,
      'node_modules/bl/package.json': '{"name":"bl","version":"1.0.0","main":"bl.js"}',
      'node_modules/bl/bl.js': BL,
      'node_modules/bl/test/test.js': PIPES_INTO_BL.replace("require('./bl')", "require('../')"),
    });
    try {
      const run = runCli(['check', 'node_modules/mailer', 'node_modules/failing', 'node_modules/bl', '--format', 'json'], dir, { SOCKLINT_NO_SNAPSHOT: '1' });
      const found = (JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>).flatMap((f) =>
        f.messages.filter((m) => m.ruleId === 'prefer-pipeline').map((m) => `${f.filePath.split('node_modules/')[1]}:${m.line}`),
      );
      assert.deepEqual(found, ['failing/lib/send.js:5']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
