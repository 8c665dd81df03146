#!/usr/bin/env node
// `npm run bench`: times `socklint check` on the installed corpus (bench/corpus/node_modules)
// against `tsc --noEmit` (allowJs) over the same files, in the same run, and prints the ratio,
// files per second and findings per rule. A measurement, not a test: nothing here can fail on time.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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

console.log(`corpus: ${Object.keys(JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8')).dependencies).length} packages and their dependencies; ${os.cpus().length} CPUs, Node ${process.version}\n`);

const lint = timed(process.execPath, [cli, 'check', 'bench/corpus/node_modules', '--format', 'json'], { cwd: root });
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
const tsconfig = path.join(dir, 'tsconfig.json');
fs.writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      compilerOptions: {
        allowJs: true,
        noEmit: true,
        skipLibCheck: true,
        target: 'es2022',
        module: 'preserve',
        moduleResolution: 'bundler',
        maxNodeModuleJsDepth: 0,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
      },
      files,
    },
    null,
    2,
  ),
);
const check = timed(process.execPath, [tsc, '-p', tsconfig], { cwd: dir });
// A second peer: the type check that also checks the JavaScript (what socklint's type queries touch).
const checkJsConfig = path.join(dir, 'tsconfig.checkjs.json');
fs.writeFileSync(checkJsConfig, JSON.stringify({ extends: './tsconfig.json', compilerOptions: { checkJs: true } }));
const checkJs = timed(process.execPath, [tsc, '-p', checkJsConfig], { cwd: dir });
fs.rmSync(dir, { recursive: true, force: true });

const perRule = {};
for (const r of results) for (const m of r.messages) perRule[m.ruleId] = (perRule[m.ruleId] ?? 0) + 1;
const findings = Object.values(perRule).reduce((a, b) => a + b, 0);

const s = (x) => `${x.toFixed(2)} s`;
const cpu = (r) => (r.cpu === undefined ? '' : `, CPU ${s(r.cpu)}`);
console.log(`files                      ${files.length}`);
console.log(`socklint check             ${s(lint.seconds)}  (exit ${lint.status}, ${(files.length / lint.seconds).toFixed(0)} files/s${cpu(lint)})`);
console.log(`tsc --noEmit (allowJs)     ${s(check.seconds)}  (exit ${check.status}, ${(files.length / check.seconds).toFixed(0)} files/s${cpu(check)})`);
console.log(`ratio socklint / tsc       ${(lint.seconds / check.seconds).toFixed(2)} wall${lint.cpu !== undefined ? `, ${(lint.cpu / check.cpu).toFixed(2)} CPU` : ''}${lint.seconds < check.seconds ? '  (socklint is faster)' : ''}`);
console.log(`tsc --noEmit (checkJs too) ${s(checkJs.seconds)}  (exit ${checkJs.status}${cpu(checkJs)}); ratio socklint / it ${(lint.seconds / checkJs.seconds).toFixed(2)} wall${lint.cpu !== undefined ? `, ${(lint.cpu / checkJs.cpu).toFixed(2)} CPU` : ''}`);
console.log(`\nfindings                   ${findings} in ${results.filter((r) => r.messages.length).length} files`);
for (const [rule, count] of Object.entries(perRule).sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(28)} ${count}`);
const stderr = lint.stderr.trim();
if (stderr) console.log(`\nsocklint stderr (${stderr.split('\n').length} lines):\n${stderr.split('\n').slice(0, 20).join('\n')}`);

// The editor side: language server latency on a generated project (scripts/bench-lsp.mjs).
if (!process.argv.includes('--no-lsp')) {
  if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  console.log('');
  spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-lsp.mjs')], { cwd: root, stdio: 'inherit' });
}
