#!/usr/bin/env node
// The networking-heavy corpus (bench/net-corpus): 25 published networking packages' own files,
// most of which touch sockets, HTTP, TLS or streams, all in one tsconfig (as a service or a library
// is laid out). Times `socklint check` over exactly those files against tsc's full check
// and tsc's parse + bind, in the same run: CPU, wall and peak RSS, and the ratios. A measurement,
// never a test. The tsconfig has checkJs false, so `tsc --noEmit -p` over these JavaScript files
// parses and binds them and checks nothing: that run is the parse + bind figure (its
// --extendedDiagnostics give the phases); the full type check is the same with --checkJs.
//
//   node scripts/bench-net-corpus.mjs [--half tuning|sealed|all] [--runs n] [--jobs n] [--write-tsconfig]
//
// The packages are split into a tuning half and a sealed half (bench/net-corpus/split.json): speed
// work looks at the tuning half; the sealed half is measured once, at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const netCorpus = path.join(root, 'bench', 'net-corpus');
const cli = path.join(root, 'dist', 'cli.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Folders that are not the package's own code: tests, examples, docs, bundled dependencies. */
const SKIPPED = new Set([
  'node_modules',
  'test',
  'tests',
  '__tests__',
  'example',
  'examples',
  'bench',
  'benchmark',
  'benchmarks',
  'docs',
  'scripts',
  'types',
  'typings',
  '.github',
  'help',
  'bin',
  'client-dist',
]);
/** Browser bundles and second copies of the same code (an ESM build beside the CommonJS one). */
const SKIPPED_IN = { mqtt: ['dist'], 'smtp-server': ['dist/esm'] };

export function installNetCorpus() {
  if (fs.existsSync(path.join(netCorpus, 'node_modules'))) return;
  console.log('installing the net corpus (npm ci --ignore-scripts in bench/net-corpus)…');
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: netCorpus, stdio: 'inherit' });
}

export function split() {
  return JSON.parse(fs.readFileSync(path.join(netCorpus, 'split.json'), 'utf8'));
}

/** The packages of a half ('tuning', 'sealed' or 'all'). */
export function packagesOf(half) {
  const { tuning, sealed } = split();
  return half === 'tuning' ? tuning : half === 'sealed' ? sealed : [...tuning, ...sealed].sort();
}

/** A package's own JavaScript/TypeScript files (no declarations, no minified bundles), relative to bench/net-corpus, sorted. */
export function ownFiles(pkg) {
  const base = path.join(netCorpus, 'node_modules', pkg);
  const skippedHere = new Set((SKIPPED_IN[pkg] ?? []).map((p) => path.join(base, p)));
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !skippedHere.has(full)) walk(full);
      } else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && !/\.min\.js$/.test(entry.name)) {
        out.push(path.relative(netCorpus, full));
      }
    }
  };
  walk(base);
  return out.sort();
}

const COMPILER_OPTIONS = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  skipLibCheck: true,
  target: 'es2022',
  module: 'preserve',
  moduleResolution: 'bundler',
  maxNodeModuleJsDepth: 0,
  types: ['node'],
  typeRoots: ['../../node_modules/@types'],
};

/** bench/net-corpus/tsconfig.json (every package) and tsconfig.tuning.json, tsconfig.sealed.json. */
export function writeTsconfigs() {
  for (const [name, half] of [
    ['tsconfig.json', 'all'],
    ['tsconfig.tuning.json', 'tuning'],
    ['tsconfig.sealed.json', 'sealed'],
  ]) {
    const files = packagesOf(half).flatMap(ownFiles);
    fs.writeFileSync(path.join(netCorpus, name), `${JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files }, null, 2)}\n`);
  }
}

/** CPU seconds used by this process's finished children (Linux /proc; undefined elsewhere). */
function childrenCpuSeconds() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs a Node.js script: wall seconds, CPU seconds, peak RSS (MB, from scripts/bench-rss.cjs). */
export function measure(args, options = {}) {
  const rssFile = path.join(os.tmpdir(), `socklint-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env = {
    ...process.env,
    ...options.env,
    SOCKLINT_BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `${options.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? ''} --require ${path.join(root, 'scripts', 'bench-rss.cjs')}`.trim(),
  };
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: options.cwd ?? root, env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  let rssMB;
  try {
    rssMB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    fs.rmSync(rssFile);
  } catch {
    rssMB = undefined;
  }
  return { ...result, seconds, cpu: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore, rssMB };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The run of `runs` with the median CPU time. */
function medianRun(runs) {
  const cpu = median(runs.map((r) => r.cpu ?? r.seconds));
  return runs.find((r) => (r.cpu ?? r.seconds) === cpu);
}

const load = () => os.loadavg()[0].toFixed(1);

/** Times socklint and tsc on one half; prints a table and returns the figures. */
export function benchNetCorpus({ half = 'tuning', runs = 1, jobs, extraArgs = [] } = {}) {
  installNetCorpus();
  if (!fs.existsSync(cli)) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const packages = packagesOf(half);
  const files = packages.flatMap(ownFiles);
  const config = path.join(netCorpus, half === 'all' ? 'tsconfig.json' : `tsconfig.${half}.json`);
  const listed = JSON.parse(fs.readFileSync(config, 'utf8')).files;
  if (listed.length !== files.length || listed.some((f, i) => f !== files[i]))
    throw new Error(`${path.relative(root, config)} does not list the half's files: run node scripts/bench-net-corpus.mjs --write-tsconfig`);

  const lintArgs = [
    cli,
    'check',
    ...files.map((f) => path.join('bench', 'net-corpus', f)),
    '--format',
    'json',
    ...(jobs ? ['--jobs', String(jobs)] : []),
    ...extraArgs,
  ];
  const lints = [];
  const checks = [];
  const binds = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that a change of load hits all three alike.
    const lintLoad = load();
    lints.push({ ...measure(lintArgs), load: lintLoad });
    const checkLoad = load();
    checks.push({ ...measure([tsc, '-p', config, '--checkJs', '--extendedDiagnostics']), load: checkLoad });
    const bindLoad = load();
    binds.push({ ...measure([tsc, '-p', config, '--extendedDiagnostics']), load: bindLoad });
  }
  const lint = medianRun(lints);
  if (lint.status === null || !lint.stdout.startsWith('[')) throw new Error(`socklint crashed (exit ${lint.status}):\n${lint.stderr}`);
  const results = JSON.parse(lint.stdout);
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(root, '.tmp', `bench-net-${half}-findings.json`), lint.stdout);
  const check = medianRun(checks);
  const bind = medianRun(binds);
  const diag = (r, name) => new RegExp(`^${name}:\\s+([\\d.]+)s`, 'm').exec(r.stdout)?.[1] ?? '-';
  const typeErrors = (check.stdout.match(/error TS\d+/g) ?? []).length;

  const s = (x) => (x === undefined ? '?' : `${x.toFixed(2)} s`);
  const mb = (x) => (x === undefined ? '?' : `${x.toFixed(0)} MB`);
  const row = (name, r) =>
    console.log(
      `${name.padEnd(30)} CPU ${s(r.cpu).padStart(8)}  wall ${s(r.seconds).padStart(8)}  peak RSS ${mb(r.rssMB).padStart(7)}  (exit ${r.status}, load ${r.load})`,
    );
  const ratio = (a, b) => `${(a.cpu / b.cpu).toFixed(2)}× CPU, ${(a.seconds / b.seconds).toFixed(2)}× wall, ${(a.rssMB / b.rssMB).toFixed(2)}× peak RSS`;
  const findings = results.reduce((n, r) => n + r.messages.length, 0);
  console.log(
    `net corpus, ${half} ${half === 'all' ? '' : 'half '}(${packages.length} packages, ${files.length} files; ${path.relative(root, config)}), ${runs > 1 ? `median CPU of ${runs} runs` : 'one run'}, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  row('socklint check', lint);
  row('tsc --noEmit --checkJs (full)', check);
  row('tsc --noEmit (parse + bind)', bind);
  console.log(
    `  tsc's own phases (--extendedDiagnostics, wall): full check: parse ${diag(check, 'Parse time')} s, bind ${diag(check, 'Bind time')} s, check ${diag(check, 'Check time')} s (${typeErrors} type errors); parse + bind run: parse ${diag(bind, 'Parse time')} s, bind ${diag(bind, 'Bind time')} s, check ${diag(bind, 'Check time')} s`,
  );
  console.log(`ratio socklint / tsc full check   ${ratio(lint, check)}`);
  console.log(`ratio socklint / tsc parse + bind ${ratio(lint, bind)}`);
  console.log(
    `findings ${findings} in ${results.filter((r) => r.messages.length).length} of ${results.length} files${lint.stderr.trim() ? `; socklint stderr: ${lint.stderr.trim().split('\n').length} lines` : ''}`,
  );
  return { half, files: files.length, lint, check, bind };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  installNetCorpus();
  if (argv.includes('--write-tsconfig')) {
    writeTsconfigs();
    console.log('wrote bench/net-corpus/tsconfig.json, tsconfig.tuning.json, tsconfig.sealed.json');
  } else {
    benchNetCorpus({ half: value('--half') ?? 'tuning', runs: Number(value('--runs') ?? 1), jobs: value('--jobs') });
  }
}
