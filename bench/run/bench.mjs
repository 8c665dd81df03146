// npm run bench:run — what socklint run costs on `npm test` of a real suite (bench/run/suite:
// HTTP, net, WebSocket and promise-heavy tests). Runs interleaved, the same command each time:
//   plain      npm test
//   preload    npm test with only the in-process part (NODE_OPTIONS preload, no socklint CLI)
//   run        socklint run -- npm test
//   run+leaks  socklint run --leaks -- npm test (async_hooks on: the opt-in, slower tracing)
// and prints the median wall time and CPU time (user+sys of the whole process tree) of each, and
// their ratios to plain. Goal: run / plain <= 1.10.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const suite = path.join(root, 'bench', 'run', 'suite');
const cli = path.join(root, 'dist', 'cli.js');
const preload = path.join(root, 'dist', 'run-preload.js');
const rounds = Number(process.env.ROUNDS ?? 7);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!fs.existsSync(cli) || !fs.existsSync(preload)) {
  console.error('bench:run: build first (npm run build)');
  process.exit(2);
}

/** CPU seconds of every waited-for descendant so far (utime+stime of children, /proc/self/stat). */
function childrenCpu() {
  const text = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

const variants = {
  plain: () => [npm, ['test', '--silent'], {}],
  preload: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-bench-run-'));
    return [npm, ['test', '--silent'], { NODE_OPTIONS: `--require ${preload}`, SOCKLINT_RUN_DIR: dir }, dir];
  },
  run: () => [process.execPath, [cli, 'run', '--', npm, 'test', '--silent'], {}],
  'run+leaks': () => [process.execPath, [cli, 'run', '--leaks', '--', npm, 'test', '--silent'], {}],
};

const times = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], cpu: [] }]));
for (let round = 0; round <= rounds; round++) {
  // Each round starts with another variant: no variant always runs first (or after the slowest).
  const entries = Object.entries(variants);
  const order = entries.map((_, i) => entries[(i + round) % entries.length]);
  for (const [name, make] of order) {
    const [cmd, args, env, dir] = make();
    const cpu0 = childrenCpu();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: suite, env: { ...process.env, ...env }, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = childrenCpu() - cpu0;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) {
      console.error(`bench:run: ${name} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
      process.exit(1);
    }
    if (round === 0) continue; // warm-up: file cache, npm's own caches
    times[name].wall.push(wall);
    times[name].cpu.push(cpu);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = { wall: median(times.plain.wall), cpu: median(times.plain.cpu) };
console.log(`npm test of bench/run/suite (282 tests), ${rounds} interleaved rounds, medians; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
console.log('variant      wall s   ratio   cpu s   ratio');
for (const [name, t] of Object.entries(times)) {
  const wall = median(t.wall);
  const cpu = median(t.cpu);
  console.log(`${name.padEnd(11)} ${wall.toFixed(2).padStart(6)}   ${(wall / base.wall).toFixed(2)}   ${cpu.toFixed(2).padStart(5)}   ${(cpu / base.cpu).toFixed(2)}`);
}
