// `socklint check --cache` on the original corpus (the files `npm run bench` times): a cold run
// without the cache, a first run that fills it, a re-run with nothing changed, and a re-run after
// one file with findings changed (a comment appended, then restored). Prints each run's wall and CPU
// time against the cold run's, and whether every output equals the cold run's.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyClosure } from './bench-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'bench', 'corpus');
// A private copy of the build: a rebuild of dist/ during the runs would change socklint's code, which
// is part of every cache key.
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-bench-dist-'));
fs.cpSync(path.join(root, 'dist'), copy, { recursive: true, filter: (f) => !f.endsWith('.map') });
const cli = path.join(copy, 'cli.js');
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8'));
const baseline = dependencyClosure(corpus, manifest.baseline.packages).map((folder) => path.join('bench', 'corpus', folder));
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-bench-cache-'));
const cacheFile = path.join(cacheDir, 'cache.json');

function childrenCpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(extra) {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  // Plain processes: the start-up snapshot of this copy is not built yet and would come in halfway (bench-startup.mjs measures it).
  const r = spawnSync(process.execPath, [cli, 'check', ...baseline, '--format', 'json', ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, SOCKLINT_NO_SNAPSHOT: '1' },
  });
  if (r.status === null || !r.stdout.startsWith('[')) throw new Error(`socklint failed (exit ${r.status}):\n${r.stderr}`);
  return { ...r, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: childrenCpuSeconds() - cpuBefore };
}

const cached = ['--cache', '--cache-location', cacheFile];
const cold = run([]);
const results = JSON.parse(cold.stdout);
const first = run(cached);
const unchanged = run(cached);
// One file with findings changes: it, and the files that import it, are checked again.
const changedFile = results.find((r) => r.messages.length > 0).filePath;
const original = fs.readFileSync(changedFile);
let oneChanged;
let coldAfterChange;
try {
  fs.appendFileSync(changedFile, '\n// changed by bench-cache\n');
  oneChanged = run(cached);
  coldAfterChange = run([]);
} finally {
  fs.writeFileSync(changedFile, original);
}
fs.rmSync(cacheDir, { recursive: true, force: true });
fs.rmSync(copy, { recursive: true, force: true });

const row = (name, r, against) =>
  `${name.padEnd(34)}${r.seconds.toFixed(1).padStart(6)} s wall, ${r.cpu.toFixed(1).padStart(6)} s CPU  (${(r.seconds / cold.seconds).toFixed(3)} of cold wall, ${(r.cpu / cold.cpu).toFixed(3)} CPU; output ${r.stdout === against.stdout && r.stderr === against.stderr ? 'equal to a cold run' : 'DIFFERENT from a cold run'})`;
console.log(`--cache on the original corpus (${results.length} files; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`);
console.log(row('cold, no cache', cold, cold));
console.log(row('--cache, empty cache', first, cold));
console.log(row('--cache, nothing changed', unchanged, cold));
console.log(row(`--cache, one file changed`, oneChanged, coldAfterChange));
console.log(`  (changed: ${path.relative(root, changedFile)})`);
