// One small file, the way a pre-commit hook or a save hook runs socklint: `socklint check a.js` in a
// fresh process, against `tsc --noEmit` type-checking the same file with the same @types/node.
// Prints the median of 5 runs of each: CPU (user + system), wall time and peak RSS, measured inside
// each process (a preloaded module reports process.resourceUsage() at exit). socklint's code cache
// (server/src/cli/codeCache.ts) is written by the first run, as on a user's machine.
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
fs.writeFileSync(path.join(dir, 'a.js'), `const net = require('net');\n\nconst socket = net.connect(6379, 'cache.internal');\nsocket.on('data', (chunk) => console.log(chunk.length));\n`);

function measure(args) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', probe, ...args], { cwd: dir, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status === null || r.status > 2) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    samples.push({ ...JSON.parse(fs.readFileSync(report, 'utf8')), wall });
  }
  const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return { cpu: median('cpu'), wall: median('wall'), rssMb: median('rssMb') };
}

const lint = measure([cli, 'check', 'a.js']);
const check = measure([tsc, '--noEmit', '--allowJs', '--checkJs', '--skipLibCheck', '--typeRoots', path.join(root, 'node_modules', '@types'), '--types', 'node', 'a.js']);
const line = (name, m) => `${name.padEnd(27)}CPU ${m.cpu.toFixed(2)} s, wall ${m.wall.toFixed(2)} s, peak RSS ${m.rssMb.toFixed(0)} MB`;
console.log(`one small file (a.js, 4 lines), median of ${RUNS} runs; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
console.log(line('socklint check a.js', lint));
console.log(line('tsc --noEmit (same file)', check));
console.log(`ratio                      ${(lint.cpu / check.cpu).toFixed(2)} CPU`);
fs.rmSync(dir, { recursive: true, force: true });
