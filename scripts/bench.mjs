#!/usr/bin/env node
// `npm run bench`: times `socklint check` on the original corpus (the 29 packages of
// bench/corpus/package.json's `baseline` and their dependencies, the files the ratio was always
// measured on) against `tsc --noEmit` (allowJs) over the same files, in the same run, and prints
// the ratio, files per second and findings per rule; then times `socklint check` alone on the
// whole tuning corpus (bench/corpus/node_modules). tsc stops after parsing when any file has a
// syntax error, so the type check is timed without those files, and tsc on exactly the same files
// too. Then the networking-heavy corpus's tuning half (bench/net-corpus, scripts/bench-net-corpus.mjs;
// --net-sealed adds the sealed half, --no-net leaves it out). `--monorepo` runs only the generated
// 10,000-file monorepo (scripts/bench-monorepo.mjs). A measurement, not a test: nothing here can fail on time.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyClosure } from './bench-corpus.mjs';
import { benchNetCorpus } from './bench-net-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `npm run bench -- --monorepo`: only the generated 10,000-file monorepo (scripts/bench-monorepo.mjs).
if (process.argv.includes('--monorepo')) {
  const monorepo = spawnSync(
    process.execPath,
    [path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-monorepo.mjs'), ...process.argv.slice(2).filter((a) => a !== '--monorepo')],
    { stdio: 'inherit' },
  );
  process.exit(monorepo.status ?? 1);
}
const corpus = path.join(root, 'bench', 'corpus');
const target = path.join(corpus, 'node_modules');
const cli = path.join(root, 'dist', 'cli.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!fs.existsSync(cli)) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (!fs.existsSync(target)) {
  console.log('installing the corpus (npm ci --ignore-scripts in bench/corpus)…');
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: corpus, stdio: 'inherit' });
}

/** CPU seconds used by this process's finished children (Linux /proc; undefined elsewhere). */
function childrenCpuSeconds() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks
  } catch {
    return undefined;
  }
}

/** Wall time and CPU time: the machine may be shared, so CPU time is the steadier comparison. */
function timed(command, args, options) {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  return { ...result, seconds, cpu: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore };
}

const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8'));
// The original packages' installed folders: the corpus grew, the timed files stay the same.
const baseline = dependencyClosure(corpus, manifest.baseline.packages).map((folder) => path.join('bench', 'corpus', folder));
console.log(
  `corpus: ${manifest.baseline.packages.length} original packages and their dependencies (${baseline.length} installed folders) of the ${Object.keys(manifest.dependencies).length} in bench/corpus; ${os.cpus().length} CPUs, Node ${process.version}\n`,
);

const lint = timed(process.execPath, [cli, 'check', ...baseline, '--format', 'json'], { cwd: root });
if (lint.status === null || !lint.stdout.startsWith('[')) {
  console.error(`socklint crashed (exit ${lint.status}):\n${lint.stderr}`);
  process.exit(1);
}
const results = JSON.parse(lint.stdout);
// Kept for reviewing the findings (bench/review.md); .tmp/ is not committed.
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
fs.writeFileSync(path.join(root, '.tmp', 'bench-findings.json'), lint.stdout);
const files = results.map((r) => r.filePath);

// The same files for the type checker: a generated tsconfig in a temporary folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-bench-'));
function tscOver(name, fileList) {
  const config = path.join(dir, name);
  const compilerOptions = {
    allowJs: true,
    noEmit: true,
    skipLibCheck: true,
    target: 'es2022',
    module: 'preserve',
    moduleResolution: 'bundler',
    maxNodeModuleJsDepth: 0,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
  };
  fs.writeFileSync(config, JSON.stringify({ compilerOptions, files: fileList }, null, 2));
  return timed(process.execPath, [tsc, '-p', config], { cwd: dir });
}
const check = tscOver('tsconfig.json', files);
// tsc reports only syntax errors when there are any, and then stops before binding and type
// checking anything. Those files out, the second run is the type check proper.
const fileOf = (line) => /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line)?.[1];
const unparsable = new Set(
  check.stdout
    .split('\n')
    .map(fileOf)
    .filter(Boolean)
    .map((f) => path.resolve(dir, f)),
);
const parsable = files.filter((f) => !unparsable.has(f));
const typeCheck = unparsable.size ? tscOver('tsconfig.parsable.json', parsable) : check;
fs.rmSync(dir, { recursive: true, force: true });

const perRule = {};
for (const r of results) for (const m of r.messages) perRule[m.ruleId] = (perRule[m.ruleId] ?? 0) + 1;
const findings = Object.values(perRule).reduce((a, b) => a + b, 0);

const s = (x) => `${x.toFixed(2)} s`;
const cpu = (r) => (r.cpu === undefined ? '' : `, CPU ${s(r.cpu)}`);
console.log(`files                      ${files.length}`);
console.log(`socklint check             ${s(lint.seconds)}  (exit ${lint.status}, ${(files.length / lint.seconds).toFixed(0)} files/s${cpu(lint)})`);
const ratio = (a, b) =>
  `${(a.seconds / b.seconds).toFixed(2)} wall${a.cpu !== undefined ? `, ${(a.cpu / b.cpu).toFixed(2)} CPU` : ''}${a.seconds < b.seconds ? '  (socklint is faster)' : ''}`;
if (unparsable.size) {
  console.log(
    `tsc --noEmit (allowJs)     ${s(typeCheck.seconds)}  (exit ${typeCheck.status}, ${(parsable.length / typeCheck.seconds).toFixed(0)} files/s${cpu(typeCheck)}): the type check, over the same files but the ${unparsable.size} with syntax errors`,
  );
  console.log(`ratio socklint / tsc       ${ratio(lint, typeCheck)}`);
  console.log(
    `tsc, exactly the same files ${s(check.seconds)}  (exit ${check.status}${cpu(check)}): stops after parsing, at the syntax errors of ${[...unparsable].map((f) => path.relative(target, f)).join(', ')}; ratio socklint / it ${ratio(lint, check)}`,
  );
} else {
  console.log(`tsc --noEmit (allowJs)     ${s(check.seconds)}  (exit ${check.status}, ${(files.length / check.seconds).toFixed(0)} files/s${cpu(check)})`);
  console.log(`ratio socklint / tsc       ${ratio(lint, check)}`);
}
console.log(`\nfindings                   ${findings} in ${results.filter((r) => r.messages.length).length} files`);
for (const [rule, count] of Object.entries(perRule).sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(28)} ${count}`);
const stderr = lint.stderr.trim();
if (stderr) console.log(`\nsocklint stderr (${stderr.split('\n').length} lines):\n${stderr.split('\n').slice(0, 20).join('\n')}`);

// The networking-heavy corpus (bench/net-corpus, scripts/bench-net-corpus.mjs): its tuning half,
// and with --net-sealed its sealed half too (looked at once, at the end of a piece of speed work).
if (!process.argv.includes('--no-net')) {
  console.log('');
  benchNetCorpus({ half: 'tuning' });
  if (process.argv.includes('--net-sealed')) {
    console.log('');
    benchNetCorpus({ half: 'sealed' });
  }
}

// The whole tuning corpus (the original packages and the servers, proxies and brokers added
// later): socklint alone, since tsc over it would take many minutes.
if (!process.argv.includes('--baseline-only')) {
  const whole = timed(process.execPath, [cli, 'check', 'bench/corpus/node_modules', '--format', 'json'], { cwd: root });
  if (whole.status === null || !whole.stdout.startsWith('[')) {
    console.error(`socklint crashed on the whole tuning corpus (exit ${whole.status}):\n${whole.stderr}`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(root, '.tmp', 'bench-tuning-findings.json'), whole.stdout);
  const wholeResults = JSON.parse(whole.stdout);
  const wholePerRule = {};
  for (const r of wholeResults) for (const m of r.messages) wholePerRule[m.ruleId] = (wholePerRule[m.ruleId] ?? 0) + 1;
  const wholeFindings = Object.values(wholePerRule).reduce((a, b) => a + b, 0);
  console.log(`\nwhole tuning corpus (${Object.keys(manifest.dependencies).length} packages and their dependencies, bench/corpus/node_modules)`);
  console.log(`files                      ${wholeResults.length}`);
  console.log(
    `socklint check             ${s(whole.seconds)}  (exit ${whole.status}, ${(wholeResults.length / whole.seconds).toFixed(0)} files/s${cpu(whole)})`,
  );
  console.log(`findings                   ${wholeFindings} in ${wholeResults.filter((r) => r.messages.length).length} files`);
  for (const [rule, count] of Object.entries(wholePerRule).sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(28)} ${count}`);
}

// Start-up: one small file, socklint against tsc (scripts/bench-startup.mjs).
console.log('');
spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-startup.mjs')], { cwd: root, stdio: 'inherit' });

// --cache: re-runs with nothing changed and with one file changed, against a cold run (scripts/bench-cache.mjs).
if (!process.argv.includes('--baseline-only')) {
  console.log('');
  spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-cache.mjs')], { cwd: root, stdio: 'inherit' });
}

// ESLint with eslint-plugin-socklint against ESLint alone, on the same files (scripts/bench-eslint.mjs).
if (!process.argv.includes('--no-eslint')) {
  console.log('');
  const eslintRun = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-eslint.mjs'), ...baseline], { cwd: root, stdio: 'inherit' });
  if (eslintRun.status !== 0) process.exit(1);
}

// The editor side: language server latency on a generated project (scripts/bench-lsp.mjs).
if (!process.argv.includes('--no-lsp')) {
  if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  console.log('');
  spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-lsp.mjs')], { cwd: root, stdio: 'inherit' });
}
