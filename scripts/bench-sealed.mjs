#!/usr/bin/env node
// `npm run bench:sealed`: runs `socklint check` once on the sealed half of the corpus
// (bench/corpus-sealed/node_modules, packages no rule was tuned on) and prints the findings per
// rule, split into test and production code by path. The findings go to
// .tmp/sealed-findings.json for reading each one. Run it at the end, not while tuning: once its
// findings have been read, the half is no longer sealed (bench/review.md).
//
// Options (the defaults are the run above):
//   --corpus <dir>  another corpus folder (package.json + package-lock.json), e.g.
//                   bench/corpus-fresh-tuning or, once at the end, bench/corpus-fresh-sealed
//   --seen <dir>    a corpus whose packages (same name and version) were seen while tuning: their
//                   findings go to the "seen" column; repeatable; default bench/corpus
//   --hide <dir>    a sealed corpus: findings in packages also installed there (any version) are
//                   neither counted nor named, only totalled, so a tuning run does not show
//                   sealed code; repeatable
//   --cli <file>    the socklint CLI to run (default dist/cli.js; a copy keeps a long run stable
//                   while dist/ is rebuilt)
//   --out <file>    where the findings go (default .tmp/<corpus folder>-findings.json;
//                   .tmp/sealed-findings.json for bench/corpus-sealed)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTestPath, packageOf } from './bench-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = parseOptions(process.argv.slice(2));
const corpus = path.resolve(root, options.corpus ?? 'bench/corpus-sealed');
const seenDirs = (options.seen ?? ['bench/corpus']).map((dir) => path.resolve(root, dir));
const hideDirs = (options.hide ?? []).map((dir) => path.resolve(root, dir));
const cli = path.resolve(root, options.cli ?? 'dist/cli.js');
const corpusName = path.relative(root, corpus).split(path.sep).join('/');
const defaultOut = corpusName === 'bench/corpus-sealed' ? 'sealed-findings.json' : `${path.basename(corpus)}-findings.json`;
const out = path.resolve(root, options.out ?? path.join('.tmp', defaultOut));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function parseOptions(args) {
  const known = { '--corpus': 'corpus', '--seen': 'seen', '--hide': 'hide', '--cli': 'cli', '--out': 'out' };
  const repeatable = new Set(['seen', 'hide']);
  const parsed = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = known[args[i]];
    if (!key || args[i + 1] === undefined) {
      console.error(`usage: bench-sealed.mjs [--corpus dir] [--seen dir]... [--hide dir]... [--cli file] [--out file] (got ${args[i]})`);
      process.exit(2);
    }
    if (repeatable.has(key)) (parsed[key] ??= []).push(args[i + 1]);
    else parsed[key] = args[i + 1];
  }
  return parsed;
}

if (!options.cli && !fs.existsSync(cli)) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (!fs.existsSync(path.join(corpus, 'node_modules'))) {
  console.log(`installing the corpus (npm ci --ignore-scripts in ${corpusName})…`);
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: corpus, stdio: 'inherit' });
}

const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8'));
console.log(`corpus: ${Object.keys(manifest.dependencies).length} packages and their dependencies (${corpusName})\n`);

const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, [cli, 'check', path.relative(root, path.join(corpus, 'node_modules')), '--format', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 1024 * 1024 * 1024,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (run.status === null || !run.stdout.startsWith('[')) {
  console.error(`socklint crashed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const results = JSON.parse(run.stdout);

/** `{ 'node_modules/a/node_modules/b': version }` → the set of `b@version` (or `b` alone). */
function installed(dir, withVersion) {
  const packages = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).packages;
  return new Set(
    Object.entries(packages)
      .filter(([folder]) => folder)
      .map(([folder, entry]) => (withVersion ? `${packageOf(folder + '/x')}@${entry.version}` : packageOf(folder + '/x'))),
  );
}
// A dependency installed in a tuning corpus too (same name and version) was seen while tuning: its
// findings are counted apart so the figure can be read without them.
const seenVersions = new Set(seenDirs.flatMap((dir) => [...installed(dir, true)]));
// A package installed in a sealed corpus (any version) is not shown at all on a tuning run.
const hiddenNames = new Set(hideDirs.flatMap((dir) => [...installed(dir, false)]));
const lock = JSON.parse(fs.readFileSync(path.join(corpus, 'package-lock.json'), 'utf8')).packages;
function installedPackage(file) {
  const relative = path.relative(corpus, file).split(path.sep).join('/');
  const name = packageOf(relative);
  const folder = relative.slice(0, relative.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}`.length);
  return { name, version: lock[folder]?.version };
}

const table = {}; // rule -> { production, test, seen }
const perPackage = {};
let hidden = 0;
for (const r of results) {
  const { name, version } = installedPackage(r.filePath);
  for (const m of r.messages) {
    if (hiddenNames.has(name)) {
      hidden++;
      continue;
    }
    const row = (table[m.ruleId] ??= { production: 0, test: 0, seen: 0 });
    if (seenVersions.has(`${name}@${version}`)) row.seen++;
    else if (isTestPath(r.filePath)) row.test++;
    else row.production++;
    perPackage[name] = (perPackage[name] ?? 0) + 1;
  }
}
// The findings file leaves out what the table hides, so reading it shows no sealed code.
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, hideDirs.length ? JSON.stringify(results.filter((r) => !hiddenNames.has(installedPackage(r.filePath).name))) : run.stdout);
const sum = (key) => Object.values(table).reduce((a, row) => a + row[key], 0);
const seenNames = seenDirs.map((dir) => path.relative(root, dir).split(path.sep).join('/')).join(', ');
console.log(
  `files                      ${results.length} (${results.filter((r) => r.messages.length).length} with findings), ${seconds.toFixed(2)} s, exit ${run.status}`,
);
console.log(
  `findings                   ${sum('production') + sum('test') + sum('seen')}: production ${sum('production')}, test ${sum('test')}, in packages also in ${seenNames} ${sum('seen')}`,
);
if (hideDirs.length) {
  const hideNames = hideDirs.map((dir) => path.relative(root, dir).split(path.sep).join('/')).join(', ');
  console.log(`not shown                  ${hidden} in packages also installed in ${hideNames}`);
}
console.log(`\n${'rule'.padEnd(32)}${'production'.padStart(11)}${'test'.padStart(7)}${'seen'.padStart(7)}`);
for (const [rule, row] of Object.entries(table).sort((a, b) => b[1].production + b[1].test - (a[1].production + a[1].test))) {
  console.log(`${rule.padEnd(32)}${String(row.production).padStart(11)}${String(row.test).padStart(7)}${String(row.seen).padStart(7)}`);
}
console.log('\nper package (innermost node_modules folder):');
for (const [name, count] of Object.entries(perPackage).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(40)} ${count}`);
const stderr = run.stderr.trim();
if (stderr) console.log(`\nsocklint stderr (${stderr.split('\n').length} lines):\n${stderr.split('\n').slice(0, 20).join('\n')}`);
console.log(
  `\nfindings: ${path.relative(root, out)}; test code by path (isTestPath in scripts/bench-corpus.mjs): test(s)/, __tests__/, spec/, bench/, benchmark(s)/, example(s)/, sample(s)/, demo(s)/, fixtures/, __mocks__/, integration/, perf/, scripts/, script/, *.test.*, *.spec.*, *.test-d.ts, test-*.js, test/example/sample/bench/benchmark.js, a root tests.js or examples.js`,
);
