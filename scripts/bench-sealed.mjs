#!/usr/bin/env node
// `npm run bench:sealed`: runs `socklint check` once on the sealed half of the corpus
// (bench/corpus-sealed/node_modules, packages no rule was tuned on) and prints the findings per
// rule, split into test and production code by path. The findings go to
// .tmp/sealed-findings.json for reading each one. Run it at the end, not while tuning: once its
// findings have been read, the half is no longer sealed (bench/review.md).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTestPath, packageOf } from './bench-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sealed = path.join(root, 'bench', 'corpus-sealed');
const tuning = path.join(root, 'bench', 'corpus');
const cli = path.join(root, 'dist', 'cli.js');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!fs.existsSync(cli)) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (!fs.existsSync(path.join(sealed, 'node_modules'))) {
  console.log('installing the sealed corpus (npm ci --ignore-scripts in bench/corpus-sealed)…');
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: sealed, stdio: 'inherit' });
}

const manifest = JSON.parse(fs.readFileSync(path.join(sealed, 'package.json'), 'utf8'));
console.log(`sealed corpus: ${Object.keys(manifest.dependencies).length} packages and their dependencies (bench/corpus-sealed)\n`);

const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, [cli, 'check', 'bench/corpus-sealed/node_modules', '--format', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 1024 * 1024 * 1024,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (run.status === null || !run.stdout.startsWith('[')) {
  console.error(`socklint crashed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
fs.writeFileSync(path.join(root, '.tmp', 'sealed-findings.json'), run.stdout);
const results = JSON.parse(run.stdout);

// A dependency installed in both halves (same name and version) was seen while tuning: its
// findings are counted apart so the sealed figure can be read without them.
const tuningVersions = new Set(
  Object.entries(JSON.parse(fs.readFileSync(path.join(tuning, 'package-lock.json'), 'utf8')).packages)
    .filter(([folder]) => folder)
    .map(([folder, entry]) => `${packageOf(folder + '/x')}@${entry.version}`),
);
const sealedLock = JSON.parse(fs.readFileSync(path.join(sealed, 'package-lock.json'), 'utf8')).packages;
function seenInTuning(file) {
  const relative = path.relative(sealed, file).split(path.sep).join('/');
  const name = packageOf(relative);
  const folder = relative.slice(0, relative.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}`.length);
  return tuningVersions.has(`${name}@${sealedLock[folder]?.version}`);
}

const table = {}; // rule -> { production, test, seen }
const perPackage = {};
for (const r of results) {
  for (const m of r.messages) {
    const row = (table[m.ruleId] ??= { production: 0, test: 0, seen: 0 });
    if (seenInTuning(r.filePath)) row.seen++;
    else if (isTestPath(r.filePath)) row.test++;
    else row.production++;
    const name = packageOf(path.relative(sealed, r.filePath));
    perPackage[name] = (perPackage[name] ?? 0) + 1;
  }
}
const sum = (key) => Object.values(table).reduce((a, row) => a + row[key], 0);
console.log(
  `files                      ${results.length} (${results.filter((r) => r.messages.length).length} with findings), ${seconds.toFixed(2)} s, exit ${run.status}`,
);
console.log(
  `findings                   ${sum('production') + sum('test') + sum('seen')}: production ${sum('production')}, test ${sum('test')}, in packages also in the tuning corpus ${sum('seen')}\n`,
);
console.log(`${'rule'.padEnd(32)}${'production'.padStart(11)}${'test'.padStart(7)}${'seen'.padStart(7)}`);
for (const [rule, row] of Object.entries(table).sort((a, b) => b[1].production + b[1].test - (a[1].production + a[1].test))) {
  console.log(`${rule.padEnd(32)}${String(row.production).padStart(11)}${String(row.test).padStart(7)}${String(row.seen).padStart(7)}`);
}
console.log('\nper package (innermost node_modules folder):');
for (const [name, count] of Object.entries(perPackage).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(40)} ${count}`);
const stderr = run.stderr.trim();
if (stderr) console.log(`\nsocklint stderr (${stderr.split('\n').length} lines):\n${stderr.split('\n').slice(0, 20).join('\n')}`);
console.log(
  '\nfindings: .tmp/sealed-findings.json; test code by path: test/, tests/, __tests__/, spec/, bench(mark)(s)/, example(s)/, fixtures/, integration/, *.test.*, *.spec.*, a root test.js',
);
