import rule from '../../server/src/rules/prefer-pipeline';
import * as assert from 'node:assert/strict';
import { ruleTests, runRule } from './ruleTester';

ruleTests(rule, {
  valid: [
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
      name: "rxjs pipe is not a Node stream pipe",
      filename: "case.ts",
      code: `import { of } from 'rxjs';
import { map } from 'rxjs/operators';
import * as stream from 'stream';
of(1, 2).pipe(map((x: number) => x * 2));
export const s = stream;
`,
    },
    {
      name: "highland",
      code: `const _ = require('highland');
const fs = require('fs');
_(fs.createReadStream('a')).pipe(fs.createWriteStream('b'));
`,
    },
    {
      name: "gulp",
      code: `const gulp = require('gulp');
const uglify = require('gulp-uglify');
const stream = require('stream');
gulp.src('src/*.js').pipe(uglify()).pipe(gulp.dest('dist'));
module.exports = stream;
`,
    },
    {
      name: "execa",
      code: `const { execa } = require('execa');
const fs = require('fs');
execa('ls').pipe(fs.createWriteStream('out.txt'));
`,
    },
    {
      name: "ServerResponse destination when the code later writes an error response",
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  file.on('error', () => {});
  req.on('aborted', () => { res.statusCode = 500; });
});
`,
    },
    {
      name: "ServerResponse destination: writeHead(500) later",
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  const file = fs.createReadStream('index.html');
  file.pipe(res);
  file.once('end', () => {});
  setTimeout(() => { res.writeHead(500); res.end(); }, 1000);
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
      name: "an error listener chained before the pipe that ends the response",
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  fs.createReadStream('a').on('error', () => res.end()).pipe(res);
});
`,
    },
    {
      name: "pipeline is already used",
      code: `const { pipeline } = require('stream');
const fs = require('fs');
pipeline(fs.createReadStream('a'), fs.createWriteStream('b'), () => {});
`,
    },
    {
      name: "the source is a caller's parameter",
      code: `const fs = require('fs');
function save(input) {
  input.pipe(fs.createWriteStream('out'));
}
module.exports = save;
`,
    },
    {
      name: "the source escapes (returned)",
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
      name: "error listener given as an unseen function",
      code: `const fs = require('fs');
const { onError } = require('./log');
const src = fs.createReadStream('a');
src.on('error', onError);
src.pipe(fs.createWriteStream('b'));
`,
    },
    {
      name: "process.stdin",
      code: `const net = require('net');
const s = net.connect(80);
s.on('error', () => {});
process.stdin.pipe(s);
`,
    },
    {
      name: "typed parameters of an exported function belong to its callers",
      filename: "case.ts",
      code: `import { Socket } from 'net';
import { pipeline } from 'stream';
export function pipeSocket(from: Socket, to: Socket) {
  from.pipe(to);
}
export const p = pipeline;
`,
    },
    {
      name: "gulp stream typed as a Node stream: the module decides",
      code: `const gulp = require('gulp');
const fs = require('fs');
/** @type {import('fs').ReadStream} */ (gulp.src('src/*.js')).pipe(fs.createWriteStream('bundle.js'));
`,
    },
    {
      name: "an echo socket piped to itself with an error listener",
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
});
`,
    },
  ],
  invalid: [
    {
      name: "a file served with pipe and no error handling",
      code: `const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  fs.createReadStream('index.html').pipe(res);
});
`,
      errors: [
        {
          messageId: "unhandled",
          line: 4,
          column: 3,
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
      name: "error handled but the destination is left open",
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
          messageId: "noTeardown",
          line: 7,
          fixes: [
            `const fs = require('fs');
const net = require('net');
const { pipeline } = require('node:stream');
const sock = net.connect(80);
sock.on('error', () => {});
const file = fs.createReadStream('big.bin');
file.on('error', (err) => console.error(err));
pipeline(file, sock, (err) => {
  if (err) console.error('pipeline failed:', err.message);
});
`,
          ],
        },
      ],
    },
    {
      name: "socket piped to socket",
      code: `const net = require('net');
net.createServer((client) => {
  const up = net.connect(9000);
  client.pipe(up);
});
`,
      errors: [
        {
          messageId: "unhandled",
          line: 4,
          fixes: [
            `const net = require('net');
const { pipeline } = require('node:stream');
net.createServer((client) => {
  const up = net.connect(9000);
  pipeline(client, up, (err) => {
    if (err) console.error('pipeline failed:', err.message);
  });
});
`,
          ],
        },
      ],
    },
    {
      name: "a chain: gunzip in the middle has no error handling",
      code: `const fs = require('fs');
const zlib = require('zlib');
const src = fs.createReadStream('a.gz');
src.on('error', () => {});
src.pipe(zlib.createGunzip()).pipe(fs.createWriteStream('a'));
`,
      errors: [
        {
          messageId: "noTeardown",
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
      name: "a chain with no handling at all",
      code: `const fs = require('fs');
const zlib = require('zlib');
fs.createReadStream('a').pipe(zlib.createGzip()).pipe(fs.createWriteStream('a.gz'));
`,
      errors: [
        {
          messageId: "unhandled",
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
      name: "async function gets await pipeline from stream/promises",
      code: `const fs = require('fs');
async function copy(a, b) {
  const src = fs.createReadStream(a);
  src.pipe(fs.createWriteStream(b));
}
module.exports = copy;
`,
      errors: [
        {
          messageId: "unhandled",
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
      name: "TS with ESM imports and an existing stream namespace",
      filename: "case.ts",
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
          messageId: "unhandled",
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
      name: "upstream response piped to the client response",
      code: `const http = require('http');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
    up.pipe(res);
  }).on('error', () => res.end());
});
`,
      errors: [
        {
          messageId: "unhandled",
          line: 4,
          fixes: [
            `const http = require('http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  http.get('http://backend/', (up) => {
    pipeline(up, res, (err) => {
      if (err) console.error('pipeline failed:', err.message);
    });
  }).on('error', () => res.end());
});
`,
          ],
        },
      ],
    },
    {
      name: "pipe with { end: false } is reported without a fix",
      code: `const fs = require('fs');
const net = require('net');
const sock = net.connect(80);
sock.on('error', () => {});
fs.createReadStream('a').pipe(sock, { end: false });
`,
      errors: [
        {
          messageId: "unhandled",
          line: 5,
          fixes: [
          ],
        },
      ],
    },
    {
      name: "the pipe result used further is reported without a fix",
      code: `const fs = require('fs');
const out = fs.createReadStream('a').pipe(fs.createWriteStream('b'));
out.on('finish', () => console.log('done'));
`,
      errors: [
        {
          messageId: "unhandled",
          line: 2,
          fixes: [
          ],
        },
      ],
    },
    {
      name: "the same Node-typed stream from a local module is reported",
      code: `const vinyl = require('./vinyl');
const fs = require('fs');
/** @type {import('fs').ReadStream} */ (vinyl.src('src/*.js')).pipe(fs.createWriteStream('bundle.js'));
`,
      errors: [
        {
          messageId: "unhandled",
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
      name: "a multi-line source is reported without a fix and with a short message",
      code: `const fs = require('fs');
const path = require('path');
fs.createReadStream(
  path.join(__dirname, 'some', 'rather', 'long', 'file-name.txt'),
).pipe(fs.createWriteStream('copy.txt'));
`,
      errors: [
        {
          messageId: "unhandled",
          line: 3,
          fixes: [
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
    assert.match(finding.message, /^fs\.createReadStream\( path\.join\(__dirname, 'so…\.pipe\(fs\.createWriteStream\('copy\.txt'\)\)/);
  });
});
