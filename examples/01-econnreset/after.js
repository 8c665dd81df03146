// Forwards application metrics to a StatsD-like collector over TCP.
// A reset by the collector is now an 'error' we log; the socket is closed and the
// process keeps serving.
const net = require('net');

const COLLECTOR_HOST = process.env.COLLECTOR_HOST || '127.0.0.1';
const COLLECTOR_PORT = Number(process.env.COLLECTOR_PORT || 8125);

function createMetricsClient() {
  const socket = net.connect(COLLECTOR_PORT, COLLECTOR_HOST);
  socket.setTimeout(30000);
  socket.on('timeout', () => socket.destroy());
  socket.on('error', (err) => {
    console.error('metrics connection failed:', err.message);
    socket.destroy();
  });
  socket.on('close', () => {
    console.log('metrics connection closed');
  });

  return {
    gauge(name, value) {
      socket.write(`${name}:${value}|g\n`);
    },
    close() {
      socket.end();
    },
  };
}

const metrics = createMetricsClient();
setInterval(() => metrics.gauge('heap_used', process.memoryUsage().heapUsed), 1000).unref();
