// Preloaded by the benchmarks (NODE_OPTIONS --require) into the processes they time: keeps in
// $SOCKLINT_BENCH_RSS_FILE the largest peak resident set size (KiB, worker threads included) of the
// processes that load it: the CLI's dispatcher and the check it may run in a child (a start-up
// snapshot), each writing at exit.
const fs = require('node:fs');
const file = process.env.SOCKLINT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    let known = 0;
    try {
      known = Number(fs.readFileSync(file, 'utf8')) || 0;
    } catch {
      known = 0;
    }
    fs.writeFileSync(file, String(Math.max(known, process.resourceUsage().maxRSS)));
  });
}
