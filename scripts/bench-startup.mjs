// One small file, the way a pre-commit hook or a save hook runs socklint: `socklint check a.js` in a
// fresh process, against `tsc --noEmit` type-checking the same file with the same @types/node.
// Prints the median of 5 runs of each: CPU (user + system, child processes included) and peak RSS
// from GNU time (else from inside the process, children left out), and wall time. socklint runs
// twice: from its start-up snapshot (server/src/cli/startupSnapshot.ts; the first run builds it in
// the background, as on a user's machine, and the bench waits for it) and plain
// (SOCKLINT_NO_SNAPSHOT=1). Its code cache is written by the first run, as on a user's machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const RUNS = 5;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-startup-'));
const report = path.join(dir, 'usage.json');
const probe = path.join(dir, 'probe.cjs');
fs.writeFileSync(
  probe,
  `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024 })); });\n`,
);
fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "startup", "private": true }\n');
fs.writeFileSync(
  path.join(dir, 'a.js'),
  `const net = require('net');\n\nconst socket = net.connect(6379, 'cache.internal');\nsocket.on('data', (chunk) => console.log(chunk.length));\n`,
);

const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
// socklint's caches (code cache, snapshot) in a folder of the bench's own.
const cacheTmp = path.join(dir, 'tmp');
fs.mkdirSync(cacheTmp);

function measure(args, env = {}) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const command = gnuTime ? [gnuTime, ['-f', '%U %S %M', '-o', report, process.execPath, ...args]] : [process.execPath, ['--require', probe, ...args]];
    const r = spawnSync(command[0], command[1], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: cacheTmp, ...env } });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status === null || r.status > 2) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    if (gnuTime) {
      const [user, system, maxKb] = fs.readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      samples.push({ cpu: user + system, rssMb: maxKb / 1024, wall });
    } else samples.push({ ...JSON.parse(fs.readFileSync(report, 'utf8')), wall });
  }
  const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return { cpu: median('cpu'), wall: median('wall'), rssMb: median('rssMb') };
}

/** Waits for the snapshot the first run builds in the background. */
function waitForSnapshot() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const caches = fs.readdirSync(cacheTmp).filter((d) => d.startsWith('socklint-code-cache-'));
    const ready = caches.some(
      (d) =>
        fs.readdirSync(path.join(cacheTmp, d)).some((f) => /^check-.*\.blob$/.test(f)) &&
        !fs.readdirSync(path.join(cacheTmp, d)).some((f) => f.endsWith('.lock')),
    );
    if (ready) return true;
    if (Date.now() > deadline) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

const plain = measure([cli, 'check', 'a.js'], { SOCKLINT_NO_SNAPSHOT: '1' });
spawnSync(process.execPath, [cli, 'check', 'a.js'], { cwd: dir, env: { ...process.env, TMPDIR: cacheTmp } });
const snapshotBuilt = waitForSnapshot();
const lint = measure([cli, 'check', 'a.js']);
const check = measure([
  tsc,
  '--noEmit',
  '--allowJs',
  '--checkJs',
  '--skipLibCheck',
  '--typeRoots',
  path.join(root, 'node_modules', '@types'),
  '--types',
  'node',
  'a.js',
]);
const line = (name, m) => `${name.padEnd(27)}CPU ${m.cpu.toFixed(2)} s, wall ${m.wall.toFixed(2)} s, peak RSS ${m.rssMb.toFixed(0)} MB`;
console.log(`one small file (a.js, 4 lines), median of ${RUNS} runs; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
console.log(line(`socklint check a.js${snapshotBuilt ? '' : ' (no snapshot was built!)'}`, lint));
console.log(line('  plain (no snapshot)', plain));
console.log(line('tsc --noEmit (same file)', check));
console.log(
  `ratio                      ${(lint.cpu / check.cpu).toFixed(2)} CPU (plain ${(plain.cpu / check.cpu).toFixed(2)})${gnuTime ? '' : '; child processes not counted (no /usr/bin/time)'}`,
);
fs.rmSync(dir, { recursive: true, force: true });
