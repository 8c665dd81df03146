// Streams a CI job's log to object storage while the job runs.
// Idle pooled sockets are dropped before the server's keep-alive closes them, the request
// has an explicit timeout that tears it down, and pipeline() carries back-pressure and errors.
const https = require('https');
const fs = require('fs');
const { pipeline } = require('stream');

// Below the storage server's 5 s keep-alive: never reuse a socket it already closed.
const agent = new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 4000 });

function putStream(bucket, key, stream) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: `${bucket}.storage.example.com`,
      path: `/${encodeURIComponent(key)}`,
      method: 'PUT',
      agent,
      timeout: 120000,
      headers: { 'transfer-encoding': 'chunked' },
    });
    req.on('timeout', () => req.destroy(new Error('upload timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`upload failed: ${res.statusCode}`))));
    });
    pipeline(stream, req, (err) => {
      if (err) reject(err);
    });
  });
}

putStream('ci-logs', 'build-42.log', fs.createReadStream('/var/log/ci/build-42.log')).catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
