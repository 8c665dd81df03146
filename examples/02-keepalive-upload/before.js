// Streams a CI job's log to object storage while the job runs.
// The keep-alive agent keeps idle sockets with no timeout of its own, so a socket the
// storage server already closed is reused: "socket hang up". The upload request has no
// timeout either: a stalled server holds it (and the job) forever.
const https = require('https');
const fs = require('fs');

const agent = new https.Agent({ keepAlive: true, maxSockets: 16 });

function putStream(bucket, key, stream) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: `${bucket}.storage.example.com`,
      path: `/${encodeURIComponent(key)}`,
      method: 'PUT',
      agent,
      headers: { 'transfer-encoding': 'chunked' },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`upload failed: ${res.statusCode}`))));
    });
    stream.on('data', (chunk) => req.write(chunk));
    stream.on('end', () => req.end());
  });
}

putStream('ci-logs', 'build-42.log', fs.createReadStream('/var/log/ci/build-42.log')).catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
