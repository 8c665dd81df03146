// Preloaded by the benchmarks (NODE_OPTIONS --require) into the processes they time: writes the
// process's peak resident set size (KiB, worker threads included) to $SOCKLINT_BENCH_RSS_FILE at exit.
const fs = require('node:fs');
const file = process.env.SOCKLINT_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
